"""No user can grow an entity past what every console can load: the 68.8 MiB incident attack
replayed, the bounded timeline and the history query that reads its older entries."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import msgspec
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol import limits
from protocol.entities import Incident, TimelineEntry
from protocol.errors import CLOSE_PROTOCOL_ABUSE, CLOSE_SLOW_CONSUMER, ErrorCode
from protocol.messages import PROTOCOL_VERSION, Ack, Error, Events, Hello, Resume, Snapshot
from server.storage import LoggedEvent, Store
from tests.conftest import ServerUnderTest, running_server
from tests.fixtures.client import WireClient

ENTITY_MAX = 256 * 1024
T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
YONGJIA = {"type_code": "11A01", "title": "永嘉县山洪", "lon": 120.69, "lat": 28.15,
           "jurisdiction": "330324"}


async def test_the_description_attack_is_refused_and_every_console_logs_in(db_url: str) -> None:
    """A county user sent 36 incident.update with a 650,000-character description: the incident
    grew to 68.8 MiB and prov, wenzhou and yongjia were closed with 1009 at every login."""
    async with running_server(db_url) as ts:
        yj = await ts.login("yj")
        incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
        before = ts.coordinator.state.get(Incident, incident)
        huge = "x" * 650_000
        refused = 0
        while refused < 36:
            try:
                out = await yj.command("incident.update",
                                       {"id": incident, "description": huge + str(refused)})
            except ConnectionClosed:  # closed as abusive after 20 in a row: log in again
                assert yj.ws.close_code == CLOSE_PROTOCOL_ABUSE
                yj = await ts.login("yj")
                continue
            assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST
            assert "description" in out.message and str(limits.TEXT) in out.message
            refused += 1
        assert ts.coordinator.state.get(Incident, incident) == before  # nothing changed
        for name in ("prov", "wz", "yj"):
            console = await ts.login(name)
            assert console.replica.get_typed(Incident, incident).version == before.version


async def test_no_accepted_updates_grow_an_incident_past_256_kib(tmp_path) -> None:
    """The most a user can do within the limits: 300 updates, each swapping the longest
    description and carrying the longest note."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'grow.db'}"
    async with running_server(url, commands_per_second=10_000.0, command_burst=10_000) as ts:
        yj = await ts.login("yj")
        incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
        note = "注" * (limits.NOTE // 3)
        cids = []
        for i in range(300):
            description = "灾" * (limits.TEXT // 3 - 1) + "ab"[i % 2]
            cids.append(await yj.send_command("incident.update", {
                "id": incident, "description": description, "note": note}))
        for cid in cids:
            assert isinstance(await yj.outcome(cid), Ack)
        entity = ts.coordinator.state.get(Incident, incident)
        size = len(msgspec.json.encode(entity))
        assert size <= ENTITY_MAX, size
        assert entity.timeline[-1].n == 301
        assert all(e.text.startswith("updated description: ") for e in entity.timeline)
        assert all(len(e.text.encode()) < limits.NOTE + 100 for e in entity.timeline)
        for name in ("prov", "wz", "yj"):
            console = await ts.login(name)
            assert console.replica.get_typed(Incident, incident).version == entity.version


async def test_older_timeline_entries_are_read_through_the_history_query(db_url: str) -> None:
    async with running_server(db_url, commands_per_second=10_000.0, command_burst=10_000) as ts:
        yj = await ts.login("yj")
        incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
        cids = [await yj.send_command("incident.note", {"id": incident, "text": f"note {i}"})
                for i in range(2, 252)]
        for cid in cids:
            assert isinstance(await yj.outcome(cid), Ack)
        await yj.ok("incident.update", {"id": incident, "title": "永嘉县山洪（更正）",
                                        "description": "长" * 1000})
        timeline = ts.coordinator.state.get(Incident, incident).timeline
        assert len(timeline) == limits.TIMELINE and [timeline[0].n, timeline[-1].n] == [53, 252]
        assert timeline[-1].text == "updated title '永嘉县山洪' → '永嘉县山洪（更正）', description"

        older = (await yj.ok("history.entity", {"kind": "incident", "id": incident,
                                                "before": 53, "limit": 100})).result
        assert [e["n"] for e in older["entries"]] == list(range(1, 53))
        assert older["entries"][0]["text"] == "reported: 永嘉县山洪" and older["more"] is False
        assert [e["text"] for e in older["entries"][1:3]] == ["note 2", "note 3"]
        newest = (await yj.ok("history.entity", {"kind": "incident", "id": incident,
                                                 "limit": 3})).result
        assert [e["n"] for e in newest["entries"]] == [250, 251, 252] and newest["more"] is True
        # Visible only to whom may see the whole incident.
        for name, code in (("ra", ErrorCode.FORBIDDEN), ("liaison", ErrorCode.FORBIDDEN)):
            other = await ts.login(name)
            out = await other.command("history.entity", {"kind": "incident", "id": incident})
            assert isinstance(out, Error) and out.code == code, (name, out)
        out = await yj.command("history.entity", {"kind": "team", "id": incident})
        assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST
        wz = await ts.login("wz")
        assert len((await wz.ok("history.entity", {"kind": "incident", "id": incident,
                                                   "before": 10})).result["entries"]) == 9


async def test_a_frame_over_the_limit_in_utf8_bytes_gets_too_large(server) -> None:
    """600,000 CJK characters are 1.8 MB: over the 1 MiB limit though under it in characters."""
    yj = await server.login("yj")
    frame = json.dumps({"type": "command", "id": "big", "op": "incident.create",
                        "args": {**YONGJIA, "title": "灾" * 600_000}}, ensure_ascii=False)
    await yj.ws.send(frame)
    err = await yj.read_until(lambda m: isinstance(m, Error))
    assert isinstance(err, Error) and err.code == ErrorCode.TOO_LARGE
    assert server.coordinator.state.count(Incident) == 0


async def _bounded_login(ts: ServerUnderTest, name: str, max_size: int,
                         resume: Resume | None = None) -> WireClient:
    """A console that accepts frames of at most ``max_size`` bytes (websockets closes the
    connection with 1009 on a larger one)."""
    client = WireClient(await connect(ts.url, compression=None, max_size=max_size))
    ts.clients.append(client)
    await client.send(Hello(protocol=PROTOCOL_VERSION, user=name,
                            password=ts.users[name].password, resume=resume))
    client.welcome = await client.recv()  # type: ignore[assignment]
    assert client.welcome is not None and client.welcome.resumed == (resume is not None)
    if resume is None:
        await client.read_until(lambda m: isinstance(m, Snapshot) and m.final)
    return client


async def test_events_frames_stop_growing_at_their_byte_limit(tmp_path) -> None:
    """500 events of large entities made one frame of up to 500 x 256 KiB, more than a console
    accepts: live and replayed events frames stop taking events at events_frame_bytes."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'frames.db'}"
    frame_bytes, accepted = 128 * 1024, 256 * 1024  # a frame: the limit plus one event at most
    async with running_server(url, events_frame_bytes=frame_bytes, commands_per_second=10_000.0,
                              command_burst=10_000) as ts:
        live = await _bounded_login(ts, "wz", accepted)
        gone = await ts.login("prov")
        assert gone.welcome is not None
        cursor = Resume(server_id=ts.server_id, last_seq=gone.welcome.current_seq)
        await gone.close()
        yj = await ts.login("yj")
        description = "灾" * (limits.TEXT // 3)
        cids = [await yj.send_command("incident.create", {**YONGJIA, "description": description})
                for _ in range(40)]  # ~650 KB of events, committed together
        for cid in cids:
            assert isinstance(await yj.outcome(cid), Ack)
        await live.wait_replica(lambda r: r.count("incident") == 40)
        resumed = await _bounded_login(ts, "prov", accepted, resume=cursor)
        await resumed.wait_replica(lambda r: r.count("incident") == 40)
        assert max(len(m.events) for m in resumed.received if isinstance(m, Events)) < 40


async def test_an_incident_grown_before_the_limits_is_trimmed_at_the_upgrade(db_url: str) -> None:
    """The database the attack left behind: 36 updates of a 650,000-character description made
    one incident of ~70 MB, and a console (it accepts frames of up to 64 MiB) was closed with
    1009 at every login. The upgrade trims its timeline; the older entries stay readable."""
    store = await Store.open(db_url, migrate_to=2)
    huge = "灾" * 650_000
    timeline = [TimelineEntry(ts=T0, actor="yj", text="reported: 永嘉县山洪")]
    timeline += [TimelineEntry(ts=T0, actor="yj", text=f"updated description={huge}{i}")
                 for i in range(36)]
    grown = Incident(id="grown", version=37, number="ZJ-20261128-0001", type_code="11A01",
                     title="永嘉县山洪", description=huge + "35", lon=120.69, lat=28.15,
                     jurisdiction="330324", timeline=timeline)
    async with store.begin() as conn:
        await store.append(conn, [LoggedEvent(1, T0, "yj", "incident.update", None, grown)])
    del grown, timeline
    await store.close()
    async with running_server(db_url) as ts:
        for name in ("prov", "wz", "yj"):
            console = await _bounded_login(ts, name, 64 * 1024 * 1024)
            assert console.replica.get_typed(Incident, "grown").version == 37
        kept = ts.coordinator.state.get(Incident, "grown")
        assert [e.n for e in kept.timeline] == [37]
        assert len(msgspec.json.encode(kept)) < 4_000_000  # was 70,200,000
        yj = await ts.login("yj")
        first = (await yj.ok("history.entity", {"kind": "incident", "id": "grown",
                                                "before": 2})).result
        assert [(e["n"], e["text"]) for e in first["entries"]] == [(1, "reported: 永嘉县山洪")]
        page = (await yj.ok("history.entity", {"kind": "incident", "id": "grown",
                                               "before": 37, "limit": 200})).result
        assert [e["n"] for e in page["entries"]] == [36] and page["more"] is True  # 1.95 MB
        assert page["entries"][0]["text"].endswith(huge + "34")


async def test_a_console_not_reading_is_closed_at_a_byte_bound_on_its_queue(tmp_path) -> None:
    """110 updates of 200 KB with one console not reading took the server from 121 MB to
    1.5 GB: the queue was bounded by events (20,000), not by their bytes."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'queue.db'}"
    bound = 2 * 1024 * 1024
    async with running_server(url, send_queue_bytes=bound, events_per_frame=1,
                              commands_per_second=10_000.0, command_burst=10_000) as ts:
        await ts.login("prov")  # then never reads again
        session = next(s for s in ts.srv.hub.sessions if s.actor.user == "prov")
        yj = await ts.login("yj")
        incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
        peak = 0
        for i in range(3000):
            description = "灾" * (limits.TEXT // 3 - 1) + str(i % 10)
            await yj.ok("incident.update", {"id": incident, "description": description})
            peak = max(peak, sum(map(len, session._events)))  # what it holds on to
            if session.closed:
                break
        assert session.closed and session.close_code == CLOSE_SLOW_CONSUMER
        assert peak <= bound + ENTITY_MAX
        assert session not in ts.srv.hub.sessions
        assert (await ts.login("prov")).replica.get_typed(Incident, incident).version == i + 2
