"""MessagePack frames (protocol.encodings, protocol.codec): every message and entity type the
JSON tests round-trip decodes to the same struct from MessagePack, a server frame converted from
its JSON decodes as the JSON does, a client's MessagePack gets what its JSON would give, and
bad binary input raises only ProtocolError."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import codec, frames
from protocol.codec import FrameTranscoder, Wire, json_to_msgpack
from protocol.encodings import Encoding, chosen
from protocol.entities import ENTITY_TYPES, Position
from protocol.errors import ErrorCode, ProtocolError
from protocol.messages import MAX_FRAME_BYTES, Command, Event, Hello, PositionReport, Welcome
from tests.protocol.test_codec import CLIENT, SERVER, entity_samples

MP = Encoding.MSGPACK
NOW = datetime(2026, 11, 28, 8, 30, 1, 250000, tzinfo=UTC)


def every_entity_event() -> list[Event]:
    return [Event(seq=1, ts=NOW, actor="a", op="x", entity=msgspec.convert(raw, ENTITY_TYPES[k]))
            for k, raw in entity_samples().items()]


def _name(m: object) -> str:
    return str(getattr(getattr(m, "entity", None), "kind", type(m).__name__))


@pytest.mark.parametrize("msg", [*SERVER, *every_entity_event()], ids=_name)
def test_server_frames_decode_from_msgpack_to_the_json_struct(msg: object) -> None:
    as_json = codec.encode(msg)  # type: ignore[arg-type]
    expected = codec.decode_server(as_json)
    direct = codec.encode_msgpack(msg)  # type: ignore[arg-type]
    converted = json_to_msgpack(as_json)  # what a server writes to a MessagePack session
    for frame in (direct, converted):
        got = codec.decode_server(frame, binary=MP)
        assert got == expected
        assert type(got) is type(expected)
        assert codec.encode(got) == as_json  # same types and values, field for field
    assert len(converted) < len(as_json)


@pytest.mark.parametrize("msg", CLIENT, ids=lambda m: type(m).__name__)
def test_client_messages_round_trip_in_msgpack(msg: object) -> None:
    frame = codec.encode_as(msg, MP)  # type: ignore[arg-type]
    assert isinstance(frame, bytes)
    assert codec.decode_client(frame, binary=MP) == msg
    assert codec.encode_as(msg, Encoding.JSON) == codec.encode_str(msg)  # type: ignore[arg-type]


def test_a_text_frame_is_json_and_binary_json_still_reads_on_a_json_connection() -> None:
    hello = Hello(protocol=1, user="u", password="p", encoding="msgpack")
    text = codec.encode_str(hello)
    assert codec.decode_client(text, binary=MP) == hello
    assert codec.decode_client(text.encode()) == hello
    with pytest.raises(ProtocolError):
        codec.decode_client(codec.encode_msgpack(hello))  # MessagePack not negotiated


def test_msgpack_values_reach_the_server_as_their_json_would() -> None:
    """Free values (command args) carry no MessagePack-only types: datetimes arrive as text,
    binary as base64, non-finite numbers as null, keys as strings."""
    t = datetime(2026, 11, 28, 8, 30, tzinfo=timezone(timedelta(hours=8)))
    args = {"at": t, "blob": b"ab", "nan": float("nan"), 7: "seven", "n": [1, 2.5, True]}
    frame = msgspec.msgpack.encode({"type": "command", "id": "c", "op": "x", "args": args})
    got = codec.decode_client(frame, binary=MP)
    as_utc = dict(args, at=t.astimezone(UTC))  # a MessagePack timestamp has no offset
    via_json = codec.decode_client(msgspec.json.encode({"type": "command", "id": "c",
                                                         "op": "x", "args": as_utc}))
    assert got == via_json
    assert isinstance(got, Command)
    assert got.args == {"at": "2026-11-28T00:30:00Z", "blob": "YWI=", "nan": None,
                        "7": "seven", "n": [1, 2.5, True]}
    report = PositionReport(team_id="t", lon=120.1, lat=28.2, ts=t)
    assert codec.decode_client(codec.encode_msgpack(report), binary=MP) == report
    assert codec.decode_client(codec.encode_as(Command(id="c", op="x", args={"at": t}), MP),
                               binary=MP).args == {"at": "2026-11-28T08:30:00+08:00"}


@pytest.mark.parametrize(
    "frame, code",
    [
        (b"\xc1", ErrorCode.BAD_REQUEST),  # never used in MessagePack
        (b"\x81\xa4type", ErrorCode.BAD_REQUEST),  # truncated
        (msgspec.msgpack.encode([1, 2]), ErrorCode.BAD_REQUEST),
        (msgspec.msgpack.encode({"type": "nope"}), ErrorCode.BAD_REQUEST),
        (msgspec.msgpack.encode({"type": "hello", "protocol": "one"}), ErrorCode.BAD_REQUEST),
        (msgspec.msgpack.encode({"type": "command", "id": "c", "op": "x",
                                 "args": {"e": msgspec.msgpack.Ext(5, b"x")}}),
         ErrorCode.BAD_REQUEST),
        (b"\xc4" + b"x" * (MAX_FRAME_BYTES + 1), ErrorCode.TOO_LARGE),
        # small in MessagePack, over the limit as JSON (the limit counts the JSON form too)
        (msgspec.msgpack.encode({"type": "command", "id": "c", "op": "x",
                                 "args": {"s": "\x01" * (MAX_FRAME_BYTES // 4)}}),
         ErrorCode.TOO_LARGE),
    ],
)
def test_bad_msgpack_raises_protocol_error_with_code(frame: bytes, code: ErrorCode) -> None:
    with pytest.raises(ProtocolError) as info:
        codec.decode_client(frame, binary=MP)
    assert info.value.code is code
    with pytest.raises(ProtocolError):
        codec.decode_server(frame, limit=MAX_FRAME_BYTES, binary=MP)


def test_peek_command_id_reads_msgpack() -> None:
    bad = msgspec.msgpack.encode({"type": "command", "id": "abc", "op": 3})
    assert codec.peek_command_id(bad, MP) == "abc"
    assert codec.peek_command_id(b"\xc1", MP) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_arbitrary_binary_as_msgpack_raises_only_protocol_error(data: bytes) -> None:
    for decode in (codec.decode_client, codec.decode_server):
        with contextlib.suppress(ProtocolError):
            decode(data, binary=MP)


msgpack_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats()
    | st.text(max_size=20) | st.binary(max_size=8) | st.datetimes(timezones=st.just(UTC)),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10) | st.integers(0, 9), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["hello", "command", "position", "welcome", "event", "events", "ack",
                     "positions", "snapshot"]),
    st.dictionaries(
        st.sampled_from(["id", "op", "args", "protocol", "user", "seq", "entity", "team_id",
                         "lon", "lat", "events", "token", "ts", "kind", "positions"]),
        msgpack_values,
        max_size=6,
    ),
)
def test_decode_arbitrary_msgpack_objects_raises_only_protocol_error(
    type_: str, fields: dict[str, object]
) -> None:
    data = msgspec.msgpack.encode({"type": type_, **fields})
    for decode in (codec.decode_client, codec.decode_server):
        with contextlib.suppress(ProtocolError):
            decode(data, binary=MP)


positions = st.lists(st.builds(
    Position, team_id=st.text(min_size=1, max_size=12),
    lon=st.floats(-180, 180), lat=st.floats(-90, 90),
    ts=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
                    timezones=st.just(UTC)),
    speed_kmh=st.none() | st.floats(0, 500), heading=st.none() | st.floats(0, 359.9)),
    max_size=20)


@settings(max_examples=200, deadline=None)
@given(positions)
def test_positions_frames_convert_to_the_same_positions(batch: list[Position]) -> None:
    frame = frames.positions(batch)
    assert codec.decode_server(json_to_msgpack(frame), binary=MP) == codec.decode_server(frame)


def test_the_transcoder_converts_each_distinct_frame_once_and_stays_bounded() -> None:
    tc = FrameTranscoder(max_entries=3, max_bytes=80_000)
    one = frames.positions([Position(team_id="t", lon=1.0, lat=2.0, ts=NOW)])
    equal_copy = bytes(bytearray(one))  # equal, built for another session
    assert equal_copy is not one
    first = tc.msgpack(one)
    assert tc.msgpack(one) is first and tc.msgpack(equal_copy) is first
    assert (tc.conversions, tc.hits) == (1, 2)
    for n in range(5):
        tc.msgpack(frames.positions([Position(team_id=f"t{n}", lon=1.0, lat=2.0, ts=NOW)]))
    assert len(tc) == 3  # least recently used dropped
    tc.msgpack(one)
    assert tc.conversions == 7
    big = frames.positions([Position(team_id=f"t{n}", lon=1.0, lat=2.0, ts=NOW)
                            for n in range(200)])
    assert len(big) > 80_000 // 8
    tc.msgpack(big)
    assert big not in tc  # too large to keep: converted, not held


def test_datetimes_travel_as_timestamps_the_same_instant() -> None:
    cst = timezone(timedelta(hours=8))
    frame = frames.positions([Position(team_id="t", lon=1.0, lat=2.0, ts=NOW.astimezone(cst))])
    got = codec.decode_server(json_to_msgpack(frame), binary=MP)
    assert got == codec.decode_server(frame)  # the same instant (now told in UTC)
    assert got.positions[0].ts.utcoffset() == timedelta(0)  # type: ignore[union-attr]
    assert len(json_to_msgpack(frame)) < len(msgspec.msgpack.encode(msgspec.json.decode(frame)))


def test_a_frame_the_typed_decoder_refuses_is_still_converted() -> None:
    odd = b'{"type":"handover","id":"c1","owner":"330300"}'  # a frame kind of a later version
    assert msgspec.msgpack.decode(json_to_msgpack(odd)) == msgspec.json.decode(odd)


def test_a_wire_is_the_identity_for_json_and_binary_for_msgpack() -> None:
    frame = frames.positions([])
    assert Wire().outgoing(frame) == (frame, True)
    data, text = Wire(MP).outgoing(frame)
    assert not text and codec.decode_server(data, binary=MP) == codec.decode_server(frame)


def test_an_unknown_encoding_gets_json() -> None:
    assert chosen("msgpack") is MP
    assert chosen("json") is Encoding.JSON
    assert chosen("cbor") is Encoding.JSON
    assert codec.decode_client(codec.encode(Hello(protocol=1, encoding="cbor"))).encoding == "cbor"
    assert Welcome.__struct_fields__[-1] == "encoding"  # new fields go last
    assert Hello.__struct_fields__[-1] == "encoding"
