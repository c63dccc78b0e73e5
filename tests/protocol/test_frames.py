"""protocol.frames: every frame kind the server writes is byte for byte what the protocol's own
encoder makes of the same message, and decodes as that message."""

from __future__ import annotations

from datetime import UTC, datetime

from protocol import frames
from protocol.codec import decode_server, encode
from protocol.entities import Incident, Position, Principal, Team
from protocol.enums import Role, TeamType
from protocol.errors import ErrorCode
from protocol.messages import (
    PROTOCOL_VERSION,
    Ack,
    Error,
    Event,
    Events,
    Limits,
    Positions,
    ServerMessage,
    Snapshot,
    Welcome,
)

T0 = datetime(2026, 11, 28, 8, 0, 12, 345678, tzinfo=UTC)
INC = Incident(id="i-1", version=3, number="ZJ-20261128-0001", type_code="11A01",
               title='洪水 "quoted" \\ back', lon=120.7, lat=28.1, jurisdiction="330324",
               updated_at=T0)
TEAM = Team(id="t-1", version=1, name="消防救援", type=TeamType.FIRE_RESCUE,
            jurisdiction="330324", base_lon=120.6, base_lat=28.0, capabilities=["flood"])
POS = [Position(team_id="t-1", lon=120.61, lat=28.02, ts=T0, speed_kmh=40.5, heading=90.0),
       Position(team_id="t-2", lon=120.5, lat=28.3, ts=T0)]


def same(built: bytes, msg: ServerMessage) -> None:
    assert built == encode(msg)
    assert decode_server(built) == decode_server(encode(msg))


def test_welcome() -> None:
    msg = Welcome(protocol=PROTOCOL_VERSION, server_id="srv-1", session_token="tok",
                  principal=Principal(id="prov", role=Role.PROVINCE, jurisdiction="330000"),
                  current_seq=42, server_time=T0, resumed=True,
                  limits=Limits(max_frame_bytes=1000, commands_per_second=5.0))
    same(frames.welcome(msg), msg)


def test_ack() -> None:
    for msg in (Ack(id="c-1", seq=7, result={"id": "i-1", "n": [1, 2]}), Ack(id="c-2")):
        same(frames.ack(msg), msg)


def test_error() -> None:
    for msg in (Error(id="c-1", code=ErrorCode.CONFLICT, message="stale", entity=INC),
                Error(code=ErrorCode.RATE_LIMITED, message="slow down", retry_after=3.0)):
        same(frames.error(msg), msg)


def test_event_spliced_from_the_entity_bytes() -> None:
    for ent, cid, removed in ((INC, "c-1", False), (TEAM, None, True)):
        built = frames.event(seq=7, ts=T0, actor="prov", op="incident.update",
                             entity=encode(ent), command_id=cid, removed=removed)
        same(built, Event(seq=7, ts=T0, actor="prov", op="incident.update", entity=ent,
                          command_id=cid, removed=removed))


def test_event_from_its_struct() -> None:
    msg = Event(seq=7, ts=T0, actor="prov", op="team.update", entity=TEAM, removed=True)
    same(frames.event_of(msg), msg)


def test_events_batch_from_encoded_events() -> None:
    evs = [Event(seq=s, ts=T0, actor="prov", op="team.update", entity=ent)
           for s, ent in ((8, TEAM), (9, INC))]
    parts = [frames.event(seq=e.seq, ts=e.ts, actor=e.actor, op=e.op, entity=encode(e.entity))
             for e in evs]
    same(frames.events(parts), Events(events=evs))
    same(frames.events([]), Events(events=[]))


def test_events_batch_from_structs_in_one_call() -> None:
    evs = [Event(seq=8, ts=T0, actor="prov", op="team.update", entity=TEAM, command_id="c"),
           Event(seq=9, ts=T0, actor="prov", op="incident.update", entity=INC, removed=True)]
    parts = [frames.event_of(e) for e in evs]
    assert frames.events_of(evs) == frames.events(parts)
    same(frames.events_of(evs), Events(events=evs))
    for n in (0, 1, 2):
        assert frames.events_size(frames.events_of(evs[:n]), n) == sum(map(len, parts[:n]))


def test_snapshot_parts() -> None:
    ents = [encode(INC), encode(TEAM)]
    same(frames.snapshot_part(5, ents, final=False),
         Snapshot(seq=5, entities=[INC, TEAM], final=False))
    same(frames.snapshot_part(5, ents[:1], frames.encoded_positions(POS), final=True),
         Snapshot(seq=5, entities=[INC], positions=POS, final=True))
    same(frames.snapshot_part(0, [], final=True), Snapshot(seq=0))


def test_positions() -> None:
    same(frames.positions(POS), Positions(positions=POS))
    same(frames.positions([]), Positions(positions=[]))
