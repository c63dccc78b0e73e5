"""MessagePack sessions over real websockets: the same snapshot, events, positions and answers
as a JSON session (decoded to the same structs), in binary frames; commands and positions sent
in MessagePack; bad binary input answered with an error that changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
from websockets.asyncio.client import connect

from protocol.codec import decode_server, encode_str
from protocol.encodings import Encoding
from protocol.entities import Entity, Position
from protocol.errors import ErrorCode
from protocol.messages import (
    PROTOCOL_VERSION,
    Ack,
    Error,
    Hello,
    PositionReport,
    Positions,
    Resume,
    Snapshot,
    Welcome,
)
from tests.fixtures.client import WireClient

MP = Encoding.MSGPACK
T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
NEW = {"type_code": "11A01", "title": "洪水 thin link", "lon": 120.7, "lat": 28.1}


async def test_a_msgpack_session_gets_what_a_json_session_gets(server) -> None:
    field = await server.login("field", encoding=MP)
    team = server.teams["yj_flood"]
    await field.send(PositionReport(team_id=team, lon=120.61, lat=28.12, ts=T0, speed_kmh=31.5,
                                    heading=12.0))
    as_json = await server.login("wz")
    await as_json.wait_replica(lambda r: team in r.positions)
    packed = await server.login("wz", encoding=MP)
    assert packed.welcome is not None and packed.welcome.encoding is MP
    assert as_json.welcome is not None and as_json.welcome.encoding is Encoding.JSON
    assert packed.text_frames == 0 and packed.binary_frames == packed.frames  # welcome included
    assert as_json.binary_frames == 0
    # The same picture: every entity and position, as the same structs.
    def picture(client: WireClient) -> tuple[list[Entity], list[Position]]:
        parts = [m for m in client.received if isinstance(m, Snapshot)]
        return ([e for m in parts for e in m.entities], [p for m in parts for p in m.positions])

    assert picture(packed) == picture(as_json)
    assert len(picture(packed)[0]) > 100 and len(picture(packed)[1]) == 1
    assert packed.replica.positions == as_json.replica.positions

    # A command in MessagePack is acknowledged in MessagePack; both sessions see its event.
    ack = await packed.ok("incident.create", NEW)
    assert isinstance(ack.result["id"], str)
    new_id = ack.result["id"]
    for client in (packed, as_json):
        await client.wait_replica(lambda r: r.get("incident", new_id) is not None)
    ev_packed = [e for e in packed.events if e.entity.id == new_id]
    ev_json = [e for e in as_json.events if e.entity.id == new_id]
    assert ev_packed == ev_json and ev_packed[0].command_id == ack.id
    assert ev_packed[0].ts.tzinfo is not None

    # Positions reported in MessagePack reach both as the same Positions.
    await field.send(PositionReport(team_id=team, lon=120.62, lat=28.13, ts=T0 + timedelta(1),
                                    speed_kmh=12.0))
    for client in (packed, as_json):
        await client.wait_replica(lambda r: r.positions[team].lon == 120.62)
    assert packed.replica.positions == as_json.replica.positions
    last = [m for m in packed.received if isinstance(m, Positions)][-1]
    assert last == [m for m in as_json.received if isinstance(m, Positions)][-1]

    # A query's result (free values, datetimes as text) is the same in both encodings.
    q = {"team_id": team, "since": T0.isoformat()}
    assert (await packed.ok("team.track", q)).result == (await as_json.ok("team.track", q)).result
    assert packed.text_frames == 0 and as_json.binary_frames == 0
    # The MessagePack session received fewer bytes for the same traffic.
    assert packed.bytes_received < as_json.bytes_received


async def test_bad_binary_frames_get_an_error_and_change_nothing(server) -> None:
    packed = await server.login("yj", encoding=MP)
    seq = packed.replica.seq
    await packed.ws.send(b"\xc1\x00garbage")
    err = await packed.read_until(lambda m: isinstance(m, Error))
    assert isinstance(err, Error) and err.code == ErrorCode.BAD_REQUEST
    assert "MessagePack" in err.message
    bad = msgspec.msgpack.encode({"type": "command", "id": "c-bad", "op": "incident.create",
                                  "args": {"title": msgspec.msgpack.Ext(3, b"x")}})
    await packed.ws.send(bad)
    err = await packed.outcome("c-bad")
    assert isinstance(err, Error) and err.code == ErrorCode.BAD_REQUEST and err.id == "c-bad"
    # Text JSON is still read from a MessagePack client; nothing was applied meanwhile.
    await packed.ws.send(encode_str(Hello(protocol=PROTOCOL_VERSION)))
    err = await packed.read_until(lambda m: isinstance(m, Error))
    assert isinstance(err, Error) and "already logged in" in err.message
    assert packed.replica.seq == seq
    # The connection and the server keep serving.
    ack = await packed.ok("incident.create", NEW)
    other = await server.login("prov", encoding=MP)
    await other.wait_replica(lambda r: r.get("incident", ack.result["id"]) is not None)
    assert packed.text_frames == 0


async def test_msgpack_sessions_share_each_frames_conversion(server) -> None:
    transcoder = server.srv.services.transcoder
    clients = [await server.login("prov", encoding=MP) for _ in range(4)]
    before = transcoder.conversions, transcoder.hits
    ack = await clients[0].ok("incident.create", NEW)
    for c in clients:
        await c.wait_replica(lambda r: r.get("incident", ack.result["id"]) is not None)
    conversions = transcoder.conversions - before[0]
    hits = transcoder.hits - before[1]
    assert hits >= len(clients) - 1  # the event's frame was converted once for all four
    assert conversions < len(clients) + 1  # that frame (maybe in two batches) and the ack


async def test_an_unknown_encoding_gets_json_and_a_json_hello_nothing_new(server) -> None:
    for asked in ("cbor", None):
        async with connect(server.url, compression=None, max_size=None) as ws:
            fields = {"type": "hello", "protocol": 1, "user": "yj", "password": "yj-pass"}
            if asked is not None:
                fields["encoding"] = asked
            await ws.send(msgspec.json.encode(fields).decode())
            raw = await ws.recv()
            assert isinstance(raw, str)  # a text frame: JSON
            welcome = decode_server(raw)
            assert isinstance(welcome, Welcome) and welcome.encoding is Encoding.JSON
            snap = decode_server(await ws.recv())
            assert isinstance(snap, Snapshot)


async def test_a_msgpack_session_resumes_with_events_in_msgpack(server) -> None:
    first = await server.login("yj", encoding=MP)
    assert first.welcome is not None
    cursor = first.replica.server_id, first.replica.seq
    await first.close()
    writer = await server.login("prov")
    ack = await writer.ok("incident.create", dict(NEW, jurisdiction="330324"))
    assert isinstance(ack, Ack)
    again = await server.login("yj", encoding=MP, resume=Resume(server_id=cursor[0],
                                                                 last_seq=cursor[1]))
    assert again.welcome is not None and again.welcome.resumed
    await again.wait_replica(lambda r: any(e.entity.id == ack.result["id"] for e in again.events))
    assert again.text_frames == 0
