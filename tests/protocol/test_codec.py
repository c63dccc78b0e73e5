"""Round-trips of every message type, and decode that fails only with ProtocolError."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import codec
from protocol.entities import (
    ENTITY_TYPES,
    Incident,
    LossFigures,
    LossReport,
    LossRevision,
    Order,
    OrderReceipt,
    Position,
    Principal,
    Team,
    TimelineEntry,
)
from protocol.enums import Grade, Hazard, LossReportKind, Role, TeamType
from protocol.errors import ErrorCode, ProtocolError
from protocol.messages import (
    MAX_FRAME_BYTES,
    Ack,
    Command,
    Error,
    Event,
    Events,
    Hello,
    PositionReport,
    Positions,
    Resume,
    Snapshot,
    Welcome,
)

NOW = datetime(2026, 11, 28, 8, 30, tzinfo=UTC)


def incident() -> Incident:
    return Incident(
        id="i1",
        version=3,
        updated_at=NOW,
        number="ZJ-20261128-0001",
        type_code="11D01",
        title="永嘉县滑坡",
        grade=Grade.III,
        lon=120.69,
        lat=28.15,
        jurisdiction="330324",
        missing=3,
        timeline=[TimelineEntry(ts=NOW, actor="yongjia", text="接报")],
    )


def team() -> Team:
    return Team(
        id="t1",
        name="温州市消防救援支队鹿城站",
        type=TeamType.FIRE_RESCUE,
        jurisdiction="330302",
        base_lon=120.65,
        base_lat=28.01,
        headcount=32,
        capabilities=["water", "collapse"],
    )


def principal() -> Principal:
    return Principal(id="prov", role=Role.PROVINCE, jurisdiction="330000")


CLIENT = [
    Hello(protocol=1, user="prov", password="pw"),
    Hello(protocol=1, token="tok", resume=Resume(server_id="s", last_seq=42), client="x"),
    Command(id="c1", op="incident.create", args={"title": "t"}, expected_version=2),
    PositionReport(team_id="t1", lon=120.1, lat=30.2, ts=NOW, speed_kmh=40.0, heading=90.0),
]

SERVER = [
    Welcome(
        protocol=1,
        server_id="s",
        session_token="tok",
        principal=principal(),
        current_seq=7,
        server_time=NOW,
    ),
    Snapshot(seq=7, entities=[incident(), team()], positions=[], final=False),
    Event(seq=8, ts=NOW, actor="prov", op="incident.update", entity=incident(), command_id="c"),
    Events(events=[Event(seq=9, ts=NOW, actor="a", op="o", entity=team(), removed=True)]),
    Ack(id="c1", seq=9, result={"id": "i1"}),
    Error(id="c2", code=ErrorCode.CONFLICT, message="stale", entity=incident()),
    Positions(positions=[Position(team_id="t1", lon=1.0, lat=2.0, ts=NOW)]),
    Events(
        events=[
            Event(
                seq=10,
                ts=NOW,
                actor="a",
                op="loss.submit",
                entity=LossReport(
                    id="l1",
                    jurisdiction="330324",
                    hazard=Hazard.TYPHOON,
                    figures=LossFigures(deaths=1),
                    revisions=[
                        LossRevision(
                            revision=1,
                            stage=LossReportKind.INITIAL,
                            figures=LossFigures(deaths=1),
                            submitted_by="yongjia",
                            submitted_at=NOW,
                        )
                    ],
                ),
            ),
            Event(
                seq=11,
                ts=NOW,
                actor="a",
                op="order.acknowledge",
                entity=Order(
                    id="o1",
                    number="ZL-1",
                    text="转移人员",
                    issuer="330000",
                    issued_by="prov",
                    issued_at=NOW,
                    addressees=["330300"],
                    acks={"330300": OrderReceipt(by="wenzhou", at=NOW)},
                ),
            ),
        ]
    ),
]


@pytest.mark.parametrize("msg", CLIENT, ids=lambda m: type(m).__name__)
def test_client_messages_round_trip(msg: object) -> None:
    assert codec.decode_client(codec.encode(msg)) == msg  # type: ignore[arg-type]


@pytest.mark.parametrize("msg", SERVER, ids=lambda m: type(m).__name__)
def test_server_messages_round_trip(msg: object) -> None:
    assert codec.decode_server(codec.encode(msg)) == msg  # type: ignore[arg-type]


def entity_samples() -> dict[str, dict[str, object]]:
    """Each entity kind as the smallest valid dict msgspec accepts (also for test_encodings)."""
    return {
    "jurisdiction": {"id": "330000", "name": "浙江省", "level": "province"},
    "incident": msgspec.to_builtins(incident()),
    "response": {"id": "r", "headquarters": "flood_drought", "hazard": "typhoon",
                 "level": "IV", "jurisdiction": "330000"},
    "team": msgspec.to_builtins(team()),
    "assignment": {"id": "a", "team_id": "t", "incident_id": "i", "ordered_by": "p",
                   "ordered_by_jurisdiction": "330000", "ordered_at": NOW.isoformat()},
    "support_request": {"id": "s", "incident_id": "i", "requester": "330324",
                        "decider": "330300", "requested_by": "y", "capability": "pla"},
    "order": {"id": "o", "number": "n", "text": "t", "issuer": "330000", "issued_by": "p",
              "issued_at": NOW.isoformat(), "addressees": ["330300"]},
    "depot": {"id": "d", "name": "n", "level": "province", "jurisdiction": "330000",
              "lon": 120.0, "lat": 30.0},
    "stock": {"id": "d:1010101", "depot_id": "d", "item_code": "1010101"},
    "material_request": {"id": "m", "number": "n", "requester": "330300",
                         "decider": "330000", "requested_by": "w",
                         "lines": [{"item_code": "1010101", "quantity": 5}]},
    "warning": {"id": "w", "identifier": "x", "hazard": "typhoon", "colour": "red",
                "area": ["330300"], "headline": "h", "issuer": "330000", "issued_by": "p",
                "onset": NOW.isoformat(), "expires": NOW.isoformat()},
    "loss_report": {"id": "l", "jurisdiction": "330324", "hazard": "typhoon"},
    "plan": {"id": "p", "name": "n", "hazard": "typhoon", "jurisdiction": "330000",
             "tasks": {"IV": ["a"]}},
    "plan_task": {"id": "pt", "plan_id": "p", "activation": 1, "level": "IV", "text": "a",
                  "jurisdiction": "330000"},
    "shelter": {"id": "sh", "name": "n", "tier": "county", "jurisdiction": "330324",
                "lon": 120.6, "lat": 28.1, "capacity": 300},
    "principal": {"id": "u", "role": "county", "jurisdiction": "330324"},
    "disaster_process": {"id": "dp", "name": "n", "hazard": "typhoon",
                         "jurisdiction": "330300", "counties": ["330324"],
                         "started_at": NOW.isoformat()},
    "duty_entry": {"id": "de", "jurisdiction": "330324", "received_at": NOW.isoformat(),
                   "logged_by": "yj", "caller": "张三", "phone": "13800000000",
                   "type_code": "11D01", "occurred_at": NOW.isoformat(), "place": "岩头镇"},
    "info_report": {"id": "ir", "incident_id": "i", "jurisdiction": "330324",
                    "stage": "initial", "title": "t", "submitted_by": "yj",
                    "submitted_by_jurisdiction": "330324",
                    "submitted_at": NOW.isoformat()},
    "hazard_track": {"id": "ht", "name": "Haiyan-D", "hazard": "typhoon",
                     "observed": [{"at": NOW.isoformat(), "lon": 125.0, "lat": 25.0,
                                   "wind_ms": 40.0}],
                     "forecast": [{"at": NOW.isoformat(), "lon": 122.0, "lat": 27.0,
                                   "radius_km": 80.0}]},
    }


def test_every_entity_kind_round_trips_with_defaults() -> None:
    samples = entity_samples()
    assert set(samples) == set(ENTITY_TYPES)
    for kind, raw in samples.items():
        raw = dict(raw, kind=kind)
        ent = msgspec.convert(raw, ENTITY_TYPES[kind])
        ev = Event(seq=1, ts=NOW, actor="a", op="x", entity=ent)
        assert codec.decode_server(codec.encode(ev)) == ev


@pytest.mark.parametrize(
    "frame, code",
    [
        (b"{", ErrorCode.BAD_REQUEST),
        (b"[]", ErrorCode.BAD_REQUEST),
        (b"null", ErrorCode.BAD_REQUEST),
        (b'{"type": "nope"}', ErrorCode.BAD_REQUEST),
        (b'{"type": "hello"}', ErrorCode.BAD_REQUEST),
        (b'{"type": "hello", "protocol": "one"}', ErrorCode.BAD_REQUEST),
        (b'{"type": "command", "id": 5, "op": "x"}', ErrorCode.BAD_REQUEST),
        (b'{"type": "position", "team_id": "t", "lon": "east", "lat": 1}', ErrorCode.BAD_REQUEST),
        (b"\xff\xfe\x00", ErrorCode.BAD_REQUEST),
        (b"x" * (MAX_FRAME_BYTES + 1), ErrorCode.TOO_LARGE),
    ],
)
def test_bad_frames_raise_protocol_error_with_code(frame: bytes, code: ErrorCode) -> None:
    with pytest.raises(ProtocolError) as info:
        codec.decode_client(frame)
    assert info.value.code is code


def test_peek_command_id_reads_id_of_invalid_command() -> None:
    assert codec.peek_command_id(b'{"type": "command", "id": "abc", "op": 3}') == "abc"
    assert codec.peek_command_id(b"{") is None
    assert codec.peek_command_id(b'{"type": "hello", "id": "abc"}') is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_arbitrary_bytes_raises_only_protocol_error(data: bytes) -> None:
    for decode in (codec.decode_client, codec.decode_server):
        with contextlib.suppress(ProtocolError):
            decode(data)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["hello", "command", "position", "welcome", "event", "events", "ack"]),
    st.dictionaries(
        st.sampled_from(["id", "op", "args", "protocol", "user", "seq", "entity", "team_id",
                         "lon", "lat", "events", "token", "resume", "ts", "kind"]),
        json_values,
        max_size=6,
    ),
)
def test_decode_arbitrary_json_objects_raises_only_protocol_error(
    type_: str, fields: dict[str, object]
) -> None:
    data = msgspec.json.encode({"type": type_, **fields})
    for decode in (codec.decode_client, codec.decode_server):
        with contextlib.suppress(ProtocolError):
            decode(data)


def test_the_frame_limit_counts_bytes_not_characters() -> None:
    """A 1.8 MB UTF-8 title in 600,000 characters passed the 1 MiB check."""
    frame = json.dumps({"type": "command", "id": "c", "op": "incident.create",
                        "args": {"title": "灾" * 600_000}}, ensure_ascii=False)
    assert len(frame) < 1 << 20 < len(frame.encode())
    with pytest.raises(ProtocolError) as exc:
        codec.decode_client(frame)
    assert exc.value.code == ErrorCode.TOO_LARGE
    assert str(len(frame.encode())) in exc.value.message
