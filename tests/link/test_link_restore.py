"""A platform restored from an older backup: its epochs lack the one the other side's
cursor names, so the link resyncs in full, explicitly; nothing is applied twice and what the
other side still holds comes back."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from protocol.entities import Incident, Order
from protocol.enums import Role
from protocol.messages import Ack
from server.app import run_server
from server.domain.api import Actor
from tests.conftest import TEST_SETTINGS, ServerUnderTest, running_server
from tests.fixtures.link_proxy import LinkProxy
from tests.link.conftest import CHILD, LINK_SETTINGS, Linked, add_child, child_platform, gap_free
from tests.link.test_link_basics import RUIAN_INCIDENT

RA = Actor(user="ra", role=Role.COUNTY, jurisdiction=CHILD)
PROV = Actor(user="prov", role=Role.PROVINCE, jurisdiction="330000")


def _backup(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _restore(backup: Path, db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    _backup(backup, db)


async def _incident(coord, title: str) -> str:  # type: ignore[no-untyped-def]
    out = await coord.execute(RA, "incident.create", {**RUIAN_INCIDENT, "title": title})
    assert isinstance(out, Ack), out
    return str(out.result["id"])


async def test_a_child_restored_from_a_backup(tmp_path: Path) -> None:
    child_db = tmp_path / "ruian.db"
    async with running_server(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",
                              **LINK_SETTINGS) as parent, LinkProxy(parent.srv.port) as proxy:
        cred = await add_child(parent.srv, CHILD, tmp_path)
        url = f"sqlite+aiosqlite:///{child_db}"
        async with child_platform(url, CHILD, proxy.url, cred) as child:
            await Linked.link_up_of(child)
            kept = await _incident(child.coordinator, "备份前")
            lk = Linked(parent, child, proxy, cred)
            await lk.converged()
            _backup(child_db, tmp_path / "backup.db")
            lost = await _incident(child.coordinator, "备份后")  # acked, then lost locally
            await lk.converged()
        _restore(tmp_path / "backup.db", child_db)
        async with child_platform(url, CHILD, proxy.url, cred) as child:
            await Linked.link_up_of(child)
            assert child.coordinator.state.get(Incident, lost) is None  # the backup lacks it
            after = await _incident(child.coordinator, "恢复后")
            lk = Linked(parent, child, proxy, cred)
            await lk.converged()
            for iid in (kept, lost, after):
                assert child.coordinator.state.get(Incident, iid) is not None
            assert child.links is not None and child.links.uplink is not None
            assert child.links.uplink.resyncs >= 1  # explicit, and logged
            await gap_free(child)
            await gap_free(parent.srv)


async def test_a_parent_restored_from_a_backup(tmp_path: Path) -> None:
    parent_db = tmp_path / "p.db"
    purl = f"sqlite+aiosqlite:///{parent_db}"
    async with LinkProxy(0) as proxy, running_server(purl, **LINK_SETTINGS) as parent:
        proxy.target_port = parent.srv.port
        cred = await add_child(parent.srv, CHILD, tmp_path)
        async with child_platform(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", CHILD,
                                  proxy.url, cred) as child:
            await Linked.link_up_of(child)
            lk = Linked(parent, child, proxy, cred)
            first = await _incident(child.coordinator, "备份前")
            await lk.converged()
            _backup(parent_db, tmp_path / "backup.db")
            order = await parent.srv.coordinator.execute(
                PROV, "order.issue", {"text": "备份后的指令", "addressees": [CHILD]})
            assert isinstance(order, Ack)
            second = await _incident(child.coordinator, "备份后")
            await lk.converged()
            assert child.coordinator.state.get(Order, order.result["id"]) is not None
            proxy.cut()
            _restore(tmp_path / "backup.db", parent_db)
            async with run_server(purl, settings=replace(TEST_SETTINGS, **LINK_SETTINGS)
                                  ) as restored:
                proxy.target_port = restored.port
                proxy.heal()
                lk = Linked(ServerUnderTest(restored), child, proxy, cred)
                await lk.converged(parent=restored)
                state = child.coordinator.state
                # the restored parent lost its order: the replica follows its owner
                assert state.get(Order, order.result["id"]) is None
                # and got the child's incidents again from the child's log
                for iid in (first, second):
                    assert restored.coordinator.state.get(Incident, iid) is not None
                assert child.links is not None and child.links.uplink is not None
                assert child.links.uplink.resyncs >= 2
                await gap_free(child)
                await gap_free(restored)
