"""Live events, scope, idempotent resend, conflict, resume and the snapshot fallback."""

from __future__ import annotations

from dataclasses import replace

import pytest

from protocol.entities import Incident
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error, Events, Resume, Snapshot
from server.app import run_server
from server.domain.api import SYSTEM
from tests.conftest import TEST_SETTINGS, populate, running_server
from tests.fixtures.client import WireClient

POINTS = {"330324": (120.69, 28.15), "330381": (120.655, 27.785)}  # Yongjia, Ruian


def create(title: str, county: str = "330324") -> dict[str, object]:
    lon, lat = POINTS[county]
    return {"type_code": "11A01", "title": title, "lon": lon, "lat": lat,
            "jurisdiction": county}


async def test_live_events_reach_every_session_that_may_see_them(server) -> None:
    prov, yj, ra = [await server.login(n) for n in ("prov", "yj", "ra")]
    ack = await yj.ok("incident.create", create("山洪"))
    iid = ack.result["id"]
    for client in (prov, yj):
        await client.wait_replica(lambda r: r.get("incident", iid) is not None)
        assert client.events[-1].seq == ack.seq and client.events[-1].command_id
    # Ruian is another county: its next traffic is its own incident, never Yongjia's.
    ack2 = await ra.ok("incident.create", create("内涝", "330381"))
    await ra.wait_replica(lambda r: r.get("incident", ack2.result["id"]) is not None)
    assert ra.replica.get("incident", iid) is None
    assert all(e.entity.id != iid for e in ra.events)


async def test_resend_after_reconnect_gets_the_same_outcome_applied_once(server) -> None:
    yj = await server.login("yj")
    first = await yj.ok("incident.create", create("滑坡"), id="cmd-42")
    await yj.close()
    again = await server.login("yj")
    resent = await again.command("incident.create", create("滑坡"), id="cmd-42")
    assert resent == first
    titles = [i.title for i in server.coordinator.state.all(Incident)]
    assert titles.count("滑坡") == 1


async def test_stale_expected_version_gets_conflict_with_the_current_entity(server) -> None:
    yj = await server.login("yj")
    iid = (await yj.ok("incident.create", create("管涌"))).result["id"]
    await yj.ok("incident.update", {"id": iid, "title": "管涌险情"}, expected_version=1)
    out = await yj.command("incident.update", {"id": iid, "title": "x"}, expected_version=1)
    assert isinstance(out, Error) and out.code == ErrorCode.CONFLICT
    assert isinstance(out.entity, Incident) and out.entity.version == 2
    assert out.entity.title == "管涌险情"


async def test_resume_replays_coalesced_changes_in_scope(server) -> None:
    yj = await server.login("yj")
    prov = await server.login("prov")
    assert yj.welcome is not None
    cursor = Resume(server_id=server.server_id, last_seq=yj.replica.seq)
    replica = yj.replica
    await yj.close()
    iid = (await prov.ok("incident.create", create("堰塞湖"))).result["id"]
    for i in range(5):
        await prov.ok("incident.update", {"id": iid, "title": f"堰塞湖 {i}"})
    other = (await prov.ok("incident.create", create("别处", "330381"))).result["id"]
    back = await WireClient.login(server.url, "yj", "yj-pass", resume=cursor, replica=replica)
    server.clients.append(back)
    assert back.welcome is not None and back.welcome.resumed
    await back.wait_replica(lambda r: r.seq == server.coordinator.state.seq)
    got = back.replica.get("incident", iid)
    assert isinstance(got, Incident) and got.title == "堰塞湖 4" and got.version == 6
    replayed = [e for e in back.events if e.entity.id == iid]
    assert len(replayed) == 1  # six changes, one coalesced event
    assert back.replica.get("incident", other) is None
    # What a county learns of another county's incident on resume: a removal with its id only.
    leaks = [e.entity for e in back.events if e.entity.id == other]
    assert all(isinstance(x, Incident) and x.title == "" and x.lon == 0 for x in leaks)
    assert not any(isinstance(m, Snapshot) for m in back.received)


async def test_unknown_server_id_or_future_cursor_gets_a_snapshot(server) -> None:
    for cursor in (Resume(server_id="another", last_seq=1),
                   Resume(server_id=server.server_id, last_seq=10**9)):
        c = await WireClient.login(server.url, "yj", "yj-pass", resume=cursor)
        server.clients.append(c)
        assert c.welcome is not None and not c.welcome.resumed
        assert isinstance(c.received[-1], Snapshot)


async def test_cursor_older_than_the_retained_log_gets_a_snapshot(tmp_path) -> None:
    settings = replace(TEST_SETTINGS, retain_events=3)
    url = f"sqlite+aiosqlite:///{tmp_path / 'r.db'}"
    async with run_server(url, settings=settings) as srv:
        ts = await populate(srv)
        prov = await ts.login("prov")
        old = Resume(server_id=ts.server_id, last_seq=prov.replica.seq)
        for i in range(6):
            await prov.ok("incident.create", create(f"#{i}"))
        await srv.store.prune_events(settings.retain_events or 0)  # the server may have first
        assert await srv.store.pruned_through() > old.last_seq
        c = await WireClient.login(ts.url, "prov", "prov-pass", resume=old)
        ts.clients.append(c)
        assert c.welcome is not None and not c.welcome.resumed
        assert c.replica.count("incident") == 6
        recent = Resume(server_id=ts.server_id, last_seq=srv.coordinator.state.seq - 2)
        r = await WireClient.login(ts.url, "prov", "prov-pass", resume=recent)
        ts.clients.append(r)
        assert r.welcome is not None and r.welcome.resumed
        for client in ts.clients:
            await client.close()


async def test_events_are_coalesced_into_frames(server) -> None:
    prov = await server.login("prov")
    watcher = await server.login("wz")
    frames_before = watcher.frames
    for i in range(30):
        out = await prov.command("incident.create", create(f"批{i}"))
        assert isinstance(out, Ack)
    await watcher.wait_replica(lambda r: r.count("incident") == 30)
    batches = [m for m in watcher.received if isinstance(m, Events)]
    assert sum(len(b.events) for b in batches) >= 30
    assert watcher.frames - frames_before <= 30


async def test_resume_across_a_server_restart(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'restart.db'}"
    async with run_server(url, settings=TEST_SETTINGS) as srv:
        ts = await populate(srv)
        prov = await ts.login("prov")
        iid = (await prov.ok("incident.create", create("重启前"))).result["id"]
        await prov.wait_replica(lambda r: r.get("incident", iid) is not None)
        cursor = Resume(server_id=ts.server_id, last_seq=prov.replica.seq)
        replica = prov.replica
        await prov.close()
        other = await ts.login("prov")
        await other.ok("incident.update", {"id": iid, "title": "离线时改"})
        for client in ts.clients:
            await client.close()
    async with run_server(url, settings=TEST_SETTINGS) as srv:
        back = await WireClient.login(srv.url, "prov", "prov-pass", resume=cursor, replica=replica)
        try:
            assert back.welcome is not None and back.welcome.resumed
            await back.wait_replica(lambda r: r.seq == srv.coordinator.state.seq)
            got = back.replica.get("incident", iid)
            assert isinstance(got, Incident) and got.title == "离线时改"
            assert len(back.events) == 1
        finally:
            await back.close()


async def test_a_commands_events_arrive_before_its_ack(tmp_path) -> None:
    # A long coalescing interval: without the ack flushing them, events would trail it.
    url = f"sqlite+aiosqlite:///{tmp_path / 'order.db'}"
    async with running_server(url, coalesce_interval=5.0) as ts:
        yj = await ts.login("yj")
        for i in range(5):
            ack = await yj.ok("incident.create", create(f"顺序{i}"))
            assert yj.replica.seq >= (ack.seq or 0)  # the change is there when the ack lands
            assert yj.replica.get("incident", ack.result["id"]) is not None


async def test_a_resumed_replay_always_ends_with_a_positions_frame(server) -> None:
    """The reference promises replay events then a `positions` frame: a client waits for it to
    know the replay is over, so it comes even when no position is visible (empty)."""
    from protocol.messages import Positions

    yj = await server.login("yj")
    cursor = Resume(server_id=server.server_id, last_seq=yj.replica.seq)
    await yj.close()
    iid = (await (await server.login("prov")).ok("incident.create", create("积水"))).result["id"]
    for last_seq in (cursor.last_seq, server.coordinator.state.seq):  # a replay, then nothing
        back = await WireClient.login(server.url, "yj", "yj-pass",
                                      resume=Resume(server_id=cursor.server_id, last_seq=last_seq))
        server.clients.append(back)
        assert back.welcome is not None and back.welcome.resumed
        end = await back.read_until(lambda m: isinstance(m, Positions), within=5)
        assert isinstance(end, Positions) and end.positions == []
        assert [e.entity.id for e in back.events] == ([iid] if last_seq == cursor.last_seq else [])
        await back.close()


async def test_resume_after_restart_replays_each_changed_entity_once_in_seq_order(
        tmp_path) -> None:
    """The changes a restarted server replays come from the log (Store.last_changes): many
    entities updated in a scrambled order, each replayed once, newest, in seq order; a cursor
    from before most of the picture gets a snapshot, chosen by the server."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'many.db'}"
    # Over a hundred commands from one console as fast as they commit: no rate limit here.
    unlimited = replace(TEST_SETTINGS, commands_per_second=1e6, command_burst=10**6)
    async with run_server(url, settings=unlimited) as srv:
        ts = await populate(srv)
        prov = await ts.login("prov")
        early = Resume(server_id=ts.server_id, last_seq=srv.coordinator.state.seq)
        more = len(srv.coordinator.last_change) + 1  # then most of the picture is new
        ids = [(await prov.ok("incident.create", create(f"#{n}"))).result["id"]
               for n in range(more)]
        cursor = Resume(server_id=ts.server_id, last_seq=srv.coordinator.state.seq)
        order = [ids[(7 * n) % 20] for n in range(40)]  # 20 incidents, each updated twice
        for n, iid in enumerate(order):
            await prov.ok("incident.update", {"id": iid, "title": f"改{n}"})
        for client in ts.clients:
            await client.close()
    async with run_server(url, settings=TEST_SETTINGS) as srv:
        back = await WireClient.login(srv.url, "prov", "prov-pass", resume=cursor)
        snap = await WireClient.login(srv.url, "prov", "prov-pass", resume=early)
        try:
            assert back.welcome is not None and back.welcome.resumed
            await back.wait_replica(lambda r: r.seq == srv.coordinator.state.seq)
            got = [(e.entity.id, e.entity.version) for e in back.events]
            last = {iid: n for n, iid in enumerate(order)}
            assert got == [(iid, 3) for iid in sorted(last, key=last.__getitem__)]
            assert [e.seq for e in back.events] == sorted(e.seq for e in back.events)
            assert snap.welcome is not None and not snap.welcome.resumed
            assert isinstance(snap.received[-1], Snapshot)
            assert snap.replica.count("incident") == more
        finally:
            await back.close()
            await snap.close()


async def test_a_fan_out_failure_still_acks_and_every_session_resumes(server) -> None:
    """A fault in fan-out after a commit (a bug in a scope rule, say) used to kill the
    coordinator's worker: the batch's callers waited forever for acks of committed commands.
    Now they get their acks, every session is closed with 1011, and a console that comes back
    resumes and finds the change."""
    from websockets.exceptions import ConnectionClosed

    from protocol.errors import CLOSE_INTERNAL_ERROR

    yj = await server.login("yj")
    wz = await server.login("wz")
    before = wz.replica.seq
    hub = server.srv.hub

    def broken(events: object, views: object) -> object:
        raise RuntimeError("a bug in fan-out")

    hub.fanout.publish = broken  # type: ignore[method-assign]  (undone below)
    args = {"type_code": "11A01", "title": "after the fault", "lon": 120.69, "lat": 28.15}
    out = await server.coordinator.execute(SYSTEM, "incident.create", args)
    assert isinstance(out, Ack)  # no longer waits forever
    cid = await yj.send_command("incident.create", args)  # this batch's fan-out fails too
    for console in (wz, yj):
        with pytest.raises(ConnectionClosed):
            await console.read_until(lambda m: False)
        assert console.ws.close_code == CLOSE_INTERNAL_ERROR
    del hub.fanout.publish  # the class's method again
    back = await server.login("wz")
    assert back.replica.get("incident", out.result["id"]) is not None
    assert back.replica.seq > before
    again = await server.login("yj")  # resends: the stored outcome, applied once
    await again.send_command("incident.create", args, id=cid)
    first = await again.outcome(cid)
    assert isinstance(first, Ack)
    await back.wait_replica(lambda r: r.get("incident", first.result["id"]) is not None)
    assert sum(1 for i in back.replica.all("incident") if i.title == "after the fault") == 2
