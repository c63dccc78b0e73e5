"""Bad input, limits and revocation: each refusal gets the right error or close code, changes
nothing, and other sessions carry on."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed

from protocol import limits
from protocol.entities import Incident
from protocol.errors import (
    CLOSE_PROTOCOL_ABUSE,
    CLOSE_SLOW_CONSUMER,
    CLOSE_UNAUTHORIZED,
    ErrorCode,
)
from protocol.messages import MAX_FRAME_BYTES, Ack, Error, PositionReport
from server.domain.api import SYSTEM
from server.storage import Store, UserStore
from tests.conftest import running_server
from tests.fixtures.client import WireClient

POINTS = {"330324": (120.69, 28.15), "330381": (120.655, 27.785)}  # Yongjia, Ruian


def create(title: str, county: str = "330324", description: str = "") -> dict[str, object]:
    lon, lat = POINTS[county]
    return {"type_code": "11A01", "title": title, "lon": lon, "lat": lat,
            "jurisdiction": county, "description": description}


async def error_for(client: WireClient, frame: str) -> Error:
    await client.ws.send(frame)
    msg = await client.read_until(lambda m: isinstance(m, Error))
    assert isinstance(msg, Error)
    return msg


BAD_FRAMES = [
    ('{"type": "command", "id": "m1", "op": "incident.create", "args": {', None,
     ErrorCode.BAD_REQUEST),
    ('{"type": "command", "id": "w1", "op": "incident.create", "args": {"title": 5}}', "w1",
     ErrorCode.BAD_REQUEST),
    ('{"type": "command", "id": "u1", "op": "incident.levitate", "args": {}}', "u1",
     ErrorCode.BAD_REQUEST),
    ('{"type": "command", "id": "n1", "op": "incident.close", "args": {"id": "nope"}}', "n1",
     ErrorCode.NOT_FOUND),
    ('{"type": "teleport"}', None, ErrorCode.BAD_REQUEST),
    ('{"type": "hello", "protocol": 1, "user": "prov", "password": "prov-pass"}', None,
     ErrorCode.BAD_REQUEST),
    ("\\x00\\xff garbage", None, ErrorCode.BAD_REQUEST),
]


async def test_each_bad_input_gets_its_error_and_others_carry_on(server) -> None:
    yj = await server.login("yj")
    prov = await server.login("prov")
    seq_before = server.coordinator.state.seq
    for frame, cid, code in BAD_FRAMES:
        err = await error_for(yj, frame)
        assert (err.id, err.code) == (cid, code), frame
    # Forbidden: a county acting on another county's incident.
    ra_incident = (await prov.ok("incident.create", create("瑞安", "330381"))).result["id"]
    out = await yj.command("incident.close", {"id": ra_incident}, id="f1")
    assert isinstance(out, Error) and out.code == ErrorCode.FORBIDDEN and out.id == "f1"
    # A county's terminal may not report positions.
    pos = PositionReport(team_id=server.teams["yj_flood"], lon=120.7, lat=28.1)
    await yj.send(pos)
    err = await yj.read_until(lambda m: isinstance(m, Error))
    assert isinstance(err, Error) and err.code == ErrorCode.FORBIDDEN
    assert server.coordinator.state.seq == seq_before + 1  # only prov's incident
    # Both sessions still work.
    assert isinstance(await yj.command("incident.create", create("仍可用")), Ack)
    assert isinstance(await prov.command("incident.create", create("也可用")), Ack)


async def test_oversized_frames(server) -> None:
    yj = await server.login("yj")
    big = json.dumps({"type": "command", "id": "big", "op": "incident.create",
                      "args": create("x", description="x" * MAX_FRAME_BYTES)})
    err = await error_for(yj, big)
    assert err.code == ErrorCode.TOO_LARGE
    assert isinstance(await yj.command("incident.create", create("after")), Ack)
    await yj.ws.send("x" * (2 * MAX_FRAME_BYTES + 1))
    with pytest.raises(ConnectionClosed):
        await yj.read_until(lambda m: False)
    assert yj.ws.close_code == 1009  # websockets: message too big


async def test_rate_limit_then_abuse_close(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'rl.db'}"
    async with running_server(url, commands_per_second=2.0, command_burst=3) as ts:
        yj = await ts.login("yj")
        ids = [f"r{i}" for i in range(8)]
        for cid in ids:
            await yj.send_command("incident.note", {"id": "none", "text": "x"}, id=cid)
        outs = [await yj.outcome(cid) for cid in ids]
        codes = [o.code for o in outs if isinstance(o, Error)]
        assert codes.count(ErrorCode.RATE_LIMITED) >= 4
        assert ErrorCode.NOT_FOUND in codes  # the first ones went through to the handler
        for _ in range(ts.srv.settings.abuse_limit):
            await yj.ws.send("{broken")
        with pytest.raises(ConnectionClosed):
            await yj.read_until(lambda m: False)
        assert yj.ws.close_code == CLOSE_PROTOCOL_ABUSE


async def test_slow_consumer_is_closed_and_memory_stays_bounded(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'slow.db'}"
    limit = 50
    async with running_server(url, send_queue_limit=limit, events_per_frame=1) as ts:
        slow = await ts.login("prov")  # then never reads again
        fast = await ts.login("wz")
        session = next(s for s in ts.srv.hub.sessions if s.actor.user == "prov")
        peak = 0
        payload = "灾" * (limits.TEXT // 3)  # the longest description: ~16 KB per event
        for i in range(2000):
            out = await ts.coordinator.execute(SYSTEM, "incident.create",
                                               create(f"#{i}", description=payload))
            assert isinstance(out, Ack)
            peak = max(peak, session.queued)
            if session.closed:
                break
            # The fast console keeps up (and lets the slow one's sender run meanwhile).
            await fast.wait_replica(lambda r, n=i + 1: r.count("incident") == n)
        assert session.closed and session.close_code == CLOSE_SLOW_CONSUMER
        assert peak <= limit + 1
        assert session not in ts.srv.hub.sessions
        await fast.wait_replica(lambda r: r.count("incident") == i + 1)
        # The slow client finds its connection closed; it resumes like anyone else.
        with pytest.raises(ConnectionClosed):
            await slow.read_until(lambda m: False, within=30)
        assert slow.ws.close_code in (CLOSE_SLOW_CONSUMER, 1006)
        again = await ts.login("prov")
        assert again.replica.count("incident") == i + 1


async def test_user_disabled_from_another_process_loses_its_sessions(server) -> None:
    ra = await server.login("ra")
    prov = await server.login("prov")
    other = await Store.open(server.srv.settings.url)  # what `watchfloor user disable` does
    try:
        assert await UserStore(other).disable("ra")
    finally:
        await other.close()
    with pytest.raises(ConnectionClosed):
        await ra.read_until(lambda m: False)
    assert ra.ws.close_code == CLOSE_UNAUTHORIZED
    with pytest.raises(AssertionError):
        await server.login("ra")
    assert isinstance(await prov.command("incident.create", create("照常")), Ack)
    assert any(i.title == "照常" for i in server.coordinator.state.all(Incident))
