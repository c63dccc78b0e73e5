"""console.net.link.Link on its own (no Qt), as the simulator uses it, against the real server."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from console.net.link import CONNECTING, OFFLINE, ONLINE, RECONNECTING, Link, LinkState, QueryError
from console.net.outbox import Outbox
from protocol.session import ClientSession


def test_backoff_is_jittered_exponential_and_capped() -> None:
    link = Link("ws://127.0.0.1:9", ClientSession("x", password="y"), rng=random.Random(3))
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0), (7, 30.0), (40, 30.0)):
        delays = [link._backoff(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, delays)
        assert len(set(delays)) > 1  # jittered: consoles do not reconnect in lockstep


async def test_link_states_commands_and_queries(server: Any, tmp_path: Any) -> None:
    session = ClientSession("yj", password="yj-pass", client="test")
    link = Link(server.url, session, Outbox(tmp_path / "o.sqlite3"), backoff_base=0.05)
    states: list[LinkState] = []
    answers: list[Any] = []
    live = asyncio.Event()
    link.on_state = states.append
    link.on_received = lambda r: live.set() if r.became_live else None
    with pytest.raises(QueryError):
        await link.query("team.recommend", {"incident_id": "x"})  # not connected yet
    with pytest.raises(ValueError):
        await link.query("incident.create", {})
    task = asyncio.create_task(link.run())
    await asyncio.wait_for(live.wait(), 10)
    assert [s.status for s in states][:2] == [CONNECTING, ONLINE]
    assert states[-1].offline_since is None

    answered = asyncio.Event()

    def on_answer(entry_: Any, answer: Any) -> None:
        answers.append((entry_.id, answer))
        answered.set()

    link.on_answer = on_answer
    entry = link.queue_command("incident.create", {"type_code": "11D01", "title": "link test",
                                            "lon": 120.69, "lat": 28.2})
    await asyncio.wait_for(answered.wait(), 10)
    assert answers[0][0] == entry.id and type(answers[0][1]).__name__ == "Ack"
    incident_id = answers[0][1].result["id"]
    result = await link.query("team.recommend", {"incident_id": incident_id})
    assert result["incident_id"] == incident_id
    assert [t["team_id"] for t in result["teams"]] == [server.teams["yj_flood"]]

    live.clear()
    await link.drop()
    await asyncio.wait_for(live.wait(), 10)
    assert RECONNECTING in [s.status for s in states]
    assert states[-1].status == ONLINE
    await link.close()
    await task
    assert states[-1].status == OFFLINE


async def test_unreadable_frame_reconnects_and_resumes(caplog: Any) -> None:
    """A peer that sends a frame we cannot decode: the link resumes rather than lose events.

    The real server never does this, so a scripted peer plays the server here.
    """
    from datetime import UTC, datetime

    from websockets.asyncio.server import serve

    from protocol.codec import decode_client, encode_str
    from protocol.entities import Incident, Principal
    from protocol.enums import Role
    from protocol.messages import Event, Hello, Snapshot, Welcome

    now = datetime(2026, 11, 28, tzinfo=UTC)
    me = Principal(id="hz", role=Role.CITY, jurisdiction="330100")
    hellos: list[Hello] = []

    def incident(n: int) -> Incident:
        return Incident(id=f"i{n}", number=f"N{n}", type_code="12G00", title=f"t{n}",
                        lon=120.1, lat=30.2, jurisdiction="330106")

    async def peer(ws: Any) -> None:
        hello = decode_client(await ws.recv())
        assert isinstance(hello, Hello)
        hellos.append(hello)
        resumed = hello.resume is not None
        await ws.send(encode_str(Welcome(protocol=1, server_id="s1", session_token="tok",
                                         principal=me, current_seq=2, server_time=now,
                                         resumed=resumed)))
        if not resumed:
            await ws.send(encode_str(Snapshot(seq=1, entities=[incident(1)])))
            await ws.send('{"type": "from_the_future", "seq": 2}')
        else:
            await ws.send(encode_str(Event(seq=2, ts=now, actor="x", op="incident.create",
                                           entity=incident(2))))
        await ws.wait_closed()

    async with serve(peer, "127.0.0.1", 0) as srv:
        port = srv.sockets[0].getsockname()[1]
        session = ClientSession("hz", password="pw")
        link = Link(f"ws://127.0.0.1:{port}", session, backoff_base=0.01)
        got_two = asyncio.Event()
        calls = [0]

        def on_changes(_changes: Any) -> None:
            calls[0] += 1
            if calls[0] == 1:
                raise RuntimeError("a broken view")  # must not take the link down
            if session.replica.get("incident", "i2") is not None:
                got_two.set()

        link.on_changes = on_changes
        task = asyncio.create_task(link.run())
        await asyncio.wait_for(got_two.wait(), 10)
        await link.close()
        await task
    assert [h.password for h in hellos] == ["pw", None]
    assert hellos[1].token == "tok"
    assert hellos[1].resume is not None and hellos[1].resume.last_seq == 1
    assert sorted(session.replica.ids("incident")) == ["i1", "i2"]
    assert "a broken view" in caplog.text and "unreadable frame" in caplog.text


async def test_a_command_the_server_did_not_run_stays_pending_and_goes_again(
        tmp_path: Any) -> None:
    """`unavailable` (the server's storage was locked by another process) means nothing was
    run or recorded: the command stays pending and is sent again, and is applied once when
    the storage is writable again (it used to be marked refused for good)."""
    import sqlite3

    from console.net.outbox import DONE, PENDING
    from protocol.entities import Incident
    from protocol.errors import ErrorCode
    from tests.conftest import running_server

    path = tmp_path / "server.db"
    async with running_server(f"sqlite+aiosqlite:///{path}", busy_timeout=0.2) as srv:
        link = Link(srv.url, ClientSession("yj", password="yj-pass"),
                    Outbox(tmp_path / "o.sqlite3"), backoff_base=0.05, retry_first=0.05)
        live, retried, answered = asyncio.Event(), asyncio.Event(), asyncio.Event()
        retries: list[Any] = []
        answers: list[Any] = []
        link.on_received = lambda r: live.set() if r.became_live else None
        link.on_retry = lambda entry, error: (retries.append(error), retried.set())
        link.on_answer = lambda entry, answer: (answers.append(answer), answered.set())
        task = asyncio.create_task(link.run())
        other = sqlite3.connect(path, isolation_level=None)  # another process's connection
        try:
            await asyncio.wait_for(live.wait(), 10)
            other.execute("BEGIN EXCLUSIVE")
            try:
                entry = link.queue_command("incident.create", {
                    "type_code": "11A01", "title": "busy test", "lon": 120.69, "lat": 28.15})
                await asyncio.wait_for(retried.wait(), 10)
                assert retries[0].code == ErrorCode.UNAVAILABLE
                held = link.outbox.get(entry.id)
                assert held is not None and held.state == PENDING and not answers
            finally:
                other.rollback()
            await asyncio.wait_for(answered.wait(), 10)
            assert [type(a).__name__ for a in answers] == ["Ack"]
            done = link.outbox.get(entry.id)
            assert done is not None and done.state == DONE
            titles = [i.title for i in srv.coordinator.state.all(Incident)]
            assert titles.count("busy test") == 1
        finally:
            other.close()
            await link.close()
            await asyncio.wait_for(task, 10)


async def test_a_msgpack_link_goes_live_commands_queries_and_reports(server: Any) -> None:
    """The link asks for MessagePack: it sends and reads binary frames, and gets the same
    answers and the same picture as over JSON."""
    from datetime import UTC, datetime

    from protocol.encodings import Encoding
    from protocol.messages import Ack, PositionReport

    async def start(user: str, encoding: Encoding) -> tuple[Link, asyncio.Task[None]]:
        link = Link(server.url, ClientSession(user, password=server.users[user].password),
                    encoding=encoding)
        live = asyncio.Event()
        link.on_received = lambda r: live.set() if r.became_live else None
        task = asyncio.create_task(link.run())
        await asyncio.wait_for(live.wait(), 10)
        return link, task

    packed, packed_task = await start("yj", Encoding.MSGPACK)
    plain, plain_task = await start("yj", Encoding.JSON)
    field, field_task = await start("field", Encoding.MSGPACK)
    try:
        assert (packed.sending, plain.sending, field.sending) == (
            Encoding.MSGPACK, Encoding.JSON, Encoding.MSGPACK)
        assert packed.replica.count("jurisdiction") == plain.replica.count("jurisdiction") > 0
        answered = asyncio.Event()
        answers: list[Any] = []
        packed.on_answer = lambda _e, a: (answers.append(a), answered.set())
        packed.queue_command("incident.create", {"type_code": "11D01", "title": "thin link",
                                                 "lon": 120.69, "lat": 28.2})
        await asyncio.wait_for(answered.wait(), 10)
        assert isinstance(answers[0], Ack)
        incident_id = answers[0].result["id"]
        q = {"incident_id": incident_id}
        assert await packed.query("team.recommend", q) == await plain.query("team.recommend", q)
        team = server.teams["yj_flood"]
        seen = asyncio.Event(), asyncio.Event()
        plain.on_changes = lambda c: seen[0].set() if team in c.positions else None
        packed.on_changes = lambda c: seen[1].set() if team in c.positions else None
        at = datetime.now(UTC).replace(microsecond=0)
        assert field.send_position(PositionReport(team_id=team, lon=120.7, lat=28.3, ts=at))
        await asyncio.wait_for(asyncio.gather(seen[0].wait(), seen[1].wait()), 10)
        assert packed.replica.positions[team] == plain.replica.positions[team]
        assert packed.replica.positions[team].ts == at
        assert packed.replica.get("incident", incident_id) == \
            plain.replica.get("incident", incident_id)
    finally:
        for link in (packed, plain, field):
            await link.close()
        await asyncio.gather(packed_task, plain_task, field_task)


def test_the_encoding_comes_from_the_environment(monkeypatch: Any) -> None:
    from console.net.link import ENCODING_ENV, default_encoding
    from protocol.encodings import Encoding

    monkeypatch.delenv(ENCODING_ENV, raising=False)
    assert default_encoding() is Encoding.JSON
    monkeypatch.setenv(ENCODING_ENV, "msgpack")
    assert default_encoding() is Encoding.MSGPACK
    assert Link("ws://127.0.0.1:9", ClientSession("x", password="y")).encoding is Encoding.MSGPACK
    monkeypatch.setenv(ENCODING_ENV, "cbor")
    with pytest.raises(ValueError, match="cbor"):
        default_encoding()
