"""Every frame a server writes, as bytes: the one place the server-side wire format is built.

Most frames are their :mod:`protocol.messages` struct, encoded. Three are spliced from bytes
encoded earlier, so a fan-out to many consoles encodes each entity once: an event's entity is
the logged entity's JSON (:func:`event` takes it as bytes), an events frame joins encoded events
(:func:`events`), and a snapshot part joins encoded entities and an encoded list of positions
(:func:`snapshot_part`). tests/protocol/test_frames.py pins every builder to the bytes the
struct's own encoding gives, and to what :func:`protocol.codec.decode_server` reads back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import msgspec

from .entities import Position
from .messages import Ack, Error, Event, Positions, Welcome

_encoder = msgspec.json.Encoder()


class _SplicedEvent(msgspec.Struct, kw_only=True, tag_field="type", tag="event"):
    """:class:`protocol.messages.Event` with the entity as already-encoded JSON: same fields,
    same order, same bytes on the wire."""

    seq: int
    ts: datetime
    actor: str
    op: str
    entity: msgspec.Raw
    command_id: str | None = None
    removed: bool = False


def welcome(msg: Welcome) -> bytes:
    return _encoder.encode(msg)


def ack(msg: Ack) -> bytes:
    return _encoder.encode(msg)


def error(msg: Error) -> bytes:
    return _encoder.encode(msg)


def event(*, seq: int, ts: datetime, actor: str, op: str, entity: bytes,
          command_id: str | None = None, removed: bool = False) -> bytes:
    """One event, the entity given as its JSON (``encode(entity)``); a part of :func:`events`."""
    return _encoder.encode(_SplicedEvent(seq=seq, ts=ts, actor=actor, op=op,
                                         entity=msgspec.Raw(entity), command_id=command_id,
                                         removed=removed))


def event_of(msg: Event) -> bytes:
    """One event from its struct (an entity not encoded before: the replay's current forms);
    a part of :func:`events`."""
    return _encoder.encode(msg)


def events(parts: Iterable[bytes]) -> bytes:
    """An ``events`` frame of events encoded by :func:`event` or :func:`event_of`, in the order
    given."""
    return b'{"type":"events","events":[' + b",".join(parts) + b"]}"


def events_of(batch: Sequence[Event]) -> bytes:
    """An ``events`` frame of events from their structs, encoded in one call: the same bytes
    as :func:`events` of their :func:`event_of` (the replay's frames)."""
    return b'{"type":"events","events":' + _encoder.encode(batch) + b"}"


def events_size(frame: bytes, count: int) -> int:
    """The bytes of the ``count`` events in an :func:`events` or :func:`events_of` frame, as
    their parts would count: without the frame's envelope and the commas between them."""
    return len(frame) - len(b'{"type":"events","events":[]}') - max(count - 1, 0)


def encoded_positions(batch: Sequence[Position]) -> bytes:
    """A list of positions as JSON: the ``positions`` of :func:`snapshot_part`."""
    return _encoder.encode(batch)


NO_POSITIONS = b"[]"


def snapshot_part(seq: int, entities: Iterable[bytes], positions: bytes = NO_POSITIONS, *,
                  final: bool) -> bytes:
    """A ``snapshot`` part of encoded entities (each ``encode(entity)``) and positions
    (:func:`encoded_positions`); only the final part carries positions."""
    return (
        b'{"type":"snapshot","seq":%d,"entities":[' % seq
        + b",".join(entities)
        + b'],"positions":'
        + positions
        + (b',"final":true}' if final else b',"final":false}')
    )


def positions(batch: Sequence[Position]) -> bytes:
    """A ``positions`` frame: conflated telemetry, or the end marker of a replay (may be empty)."""
    return _encoder.encode(Positions(positions=list(batch)))
