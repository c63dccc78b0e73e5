"""Another process holding the SQLite file: commands get ``unavailable`` after the configured
busy timeout (they used to stall for as long as the lock was held, with no error and no log
line), the log says so once per episode, they succeed again once the lock goes, and every
acked command and every refusal keeps its audit row through it."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from tests.conftest import running_server

BUSY_TIMEOUT = 0.3
REPORT = {"type_code": "11A01", "title": "堤防管涌", "lon": 120.69, "lat": 28.15}


async def test_a_locked_database_refuses_commands_as_busy_and_recovers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "server.db"
    caplog.set_level(logging.WARNING, logger="server.coordinator")
    async with running_server(f"sqlite+aiosqlite:///{path}", busy_timeout=BUSY_TIMEOUT) as srv:
        prov = await srv.login("prov")
        before = await prov.command("incident.create", REPORT)
        assert isinstance(before, Ack)
        other = sqlite3.connect(path, isolation_level=None)  # another process's connection
        try:
            other.execute("BEGIN EXCLUSIVE")
            busy = []
            for _ in range(3):
                started = time.monotonic()
                out = await prov.command("incident.create", REPORT)
                waited = time.monotonic() - started
                assert isinstance(out, Error) and out.code == ErrorCode.UNAVAILABLE, out
                assert "busy" in out.message
                assert BUSY_TIMEOUT * 0.9 <= waited < BUSY_TIMEOUT + 2.0, waited
                busy.append(out.id)
        finally:
            other.rollback()
            other.close()
        after = await prov.command("incident.create", REPORT)
        assert isinstance(after, Ack)
        again = await prov.command("incident.create", REPORT, id=busy[0])  # nothing was done
        assert isinstance(again, Ack)
        refused = await prov.command("incident.update", {"id": after.result["id"], "title": 3})
        assert isinstance(refused, Error)
        messages = [r.getMessage() for r in caplog.records if r.name == "server.coordinator"]
        assert sum("storage is busy" in m for m in messages) == 1, messages
        assert sum("writable again" in m for m in messages) == 1, messages
        await srv.coordinator.idle()
        await srv.coordinator.flush_audit()
        rows = await srv.srv.store.audit_rows(limit=10_000)
    audited = {(r.command_id, r.outcome) for r in rows}
    for ack in (before, after, again):
        assert (ack.id, "ok") in audited
    for cid in busy:
        assert (cid, "unavailable") in audited
    assert (refused.id, "bad_request") in audited
