"""``watchfloor cap-import`` as a separate process against a real server: a bureau's CAP file
or local URL becomes a warning every console sees; a refusal changes nothing and says why."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from protocol.entities import Warning
from server.domain.cap import CST, cap_time
from tests.conftest import running_server
from tests.fixtures.cap_messages import SENDER, bureau_cap
from tests.fixtures.cli import run_watchfloor
from tests.fixtures.users import USERS

pytestmark = pytest.mark.timeout(120)


async def cap_import(url: str, source: str, user: str = "wz") -> tuple[int, str, str]:
    return await run_watchfloor("cap-import", "--server", url, "--user", user, source,
                                password=USERS[user].password)


def current(identifier: str, **kw: Any) -> str:
    now = datetime.now(CST)
    return bureau_cap(identifier, sent=cap_time(now), onset=cap_time(now),
                      expires=cap_time(now + timedelta(hours=12)), **kw)


async def serve_once(body: bytes) -> tuple[asyncio.Server, int]:
    """A bare HTTP/1.0 server on 127.0.0.1 answering every request with ``body``."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.0 200 OK\r\nContent-Type: application/cap+xml\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    srv = await asyncio.start_server(answer, "127.0.0.1", 0)
    return srv, srv.sockets[0].getsockname()[1]


async def test_files_and_local_urls_become_warnings(server: Any, tmp_path: Path) -> None:
    watcher = await server.login("prov")  # sees every warning of the province

    def warnings() -> list[Warning]:
        return watcher.replica.all_typed(Warning)

    path = tmp_path / "qx-0001.xml"
    path.write_text(current("ZJQX-E2E-0001"), encoding="utf-8")
    code, out, err = await cap_import(server.url, str(path))
    assert code == 0, err
    assert "imported ZJQX-E2E-0001" in out
    await watcher.wait_replica(lambda r: len(r.all_typed(Warning)) == 1)
    (w,) = warnings()
    assert (w.source_sender, w.source_url, w.issuer) == (SENDER, path.resolve().as_uri(),
                                                         "330300")

    code, out, _ = await cap_import(server.url, path.resolve().as_uri())
    assert code == 0 and "imported before" in out

    http, port = await serve_once(current("ZJQX-E2E-0002", event="大风蓝色预警").encode())
    try:
        code, out, err = await cap_import(server.url, f"http://127.0.0.1:{port}/cap/2.xml")
    finally:
        http.close()
        await http.wait_closed()
    assert code == 0, err
    await watcher.wait_replica(lambda r: len(r.all_typed(Warning)) == 2)
    gale = next(x for x in warnings() if x.identifier == "ZJQX-E2E-0002")
    assert (gale.hazard.value, gale.colour.value) == ("gale", "blue")
    assert gale.source_url == f"http://127.0.0.1:{port}/cap/2.xml"


async def test_refusals_say_why_and_change_nothing(server: Any, tmp_path: Path) -> None:
    prov = await server.login("prov")
    seq = server.coordinator.state.seq
    test_msg = tmp_path / "test.xml"
    test_msg.write_text(current("ZJQX-E2E-T", status="Test"), encoding="utf-8")
    code, _, err = await cap_import(server.url, str(test_msg))
    assert code == 1 and "status Test" in err
    code, _, err = await cap_import(server.url, "http://example.org/cap.xml")
    assert code == 1 and "only URLs on this machine" in err
    code, _, err = await cap_import(server.url, str(tmp_path / "missing.xml"))
    assert code == 1 and "cannot read" in err
    code, _, err = await cap_import(server.url, str(test_msg), user="yj")
    assert code == 1 and "forbidden" in err
    assert prov.replica.all_typed(Warning) == []
    assert server.coordinator.state.seq == seq


async def test_round_trip_between_two_real_servers(server: Any, tmp_path: Path) -> None:
    """Wenzhou publishes on one server; its CAP export, fed to another province's server
    through the tool, comes back out of that server as the same message."""
    wz = await server.login("wz")
    expires = cap_time(datetime.now(CST) + timedelta(hours=8))
    published = await wz.ok("warning.publish", {
        "hazard": "storm_surge", "colour": "orange", "area": ["330302", "330303"],
        "headline": "风暴潮橙色预警", "text": "沿海高潮位超警戒 <0.5 m>", "expires": expires,
        "msg_status": "Exercise"})
    exported = (await wz.ok("warning.cap", {"id": published.result["id"]})).result["xml"]
    path = tmp_path / "exported.xml"
    path.write_text(exported, encoding="utf-8")
    async with running_server(f"sqlite+aiosqlite:///{tmp_path / 'other.db'}") as other:
        code, out, err = await cap_import(other.url, str(path), user="prov")
        assert code == 0, err
        prov = await other.login("prov")
        await prov.wait_replica(lambda r: len(r.all_typed(Warning)) == 1)
        (copy,) = prov.replica.all_typed(Warning)
        original = wz.replica.get_typed(Warning, published.result["id"])
        assert original is not None
        for name in ("identifier", "hazard", "colour", "area", "headline", "text",
                     "msg_status"):
            assert getattr(copy, name) == getattr(original, name), name
        for name in ("onset", "expires", "sent"):  # CAP times are whole seconds
            assert getattr(copy, name) == getattr(original, name).replace(microsecond=0), name
        again = (await prov.ok("warning.cap", {"id": copy.id})).result["xml"]
        assert again == exported
