"""Wire messages: one tagged struct per frame type, a union per direction.

Handshake (fixed): the client's first frame is :class:`Hello`; the server answers
:class:`Welcome`, then either a :class:`Snapshot` (possibly in several parts, the last with
``final=True``) or the replayed :class:`Events`, then live traffic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from .encodings import Encoding
from .entities import Entity, Position, Principal
from .errors import ErrorCode
from .ranges import Heading, Latitude, Longitude, ProtocolNumber, Seq, SpeedKmh, Version

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
MAX_FRAME_BYTES = 1 << 20  # 1 MiB: the largest frame either side accepts


class Msg(msgspec.Struct, kw_only=True, tag_field="type"):
    pass


# -- client -> server --------------------------------------------------------------------------
class Resume(msgspec.Struct, kw_only=True):
    server_id: str
    last_seq: Seq


class Hello(Msg, tag="hello", kw_only=True):
    """``encoding``: how the client wants the frames after this one, ``"json"`` (text frames)
    or ``"msgpack"`` (MessagePack binary frames); one the server does not know gets JSON, and
    ``welcome`` says which it uses. The hello itself is always JSON text."""

    protocol: ProtocolNumber
    user: str | None = None
    password: str | None = None
    token: str | None = None
    resume: Resume | None = None
    client: str = ""  # free text: "watchfloor-console/0.1", "simulator", ...
    encoding: str = Encoding.JSON.value


class Command(Msg, tag="command", kw_only=True):
    """``expected_version``: the version the entity the command is about must be at (else
    ``conflict`` with the current entity); refused with ``bad_request`` on ops that create
    or only read."""

    id: str  # idempotency key (uuid)
    op: str
    args: dict[str, Any] = {}
    expected_version: Version | None = None


class PositionReport(Msg, tag="position", kw_only=True):
    """A field terminal's position for one of its teams (WGS-84)."""

    team_id: str
    lon: Longitude
    lat: Latitude
    ts: datetime | None = None  # default: server receive time
    speed_kmh: SpeedKmh | None = None
    heading: Heading | None = None


class Logout(Msg, tag="logout", kw_only=True):
    """Sign out: the server revokes this connection's session token (it can no longer log in)
    and closes the connection with 1000 (normal closure)."""


ClientMessage = Hello | Command | PositionReport | Logout


# -- server -> client --------------------------------------------------------------------------
class Limits(msgspec.Struct, kw_only=True):
    max_frame_bytes: int = MAX_FRAME_BYTES
    commands_per_second: float = 50.0
    positions_per_second: float = 10.0


class Welcome(Msg, tag="welcome", kw_only=True):
    """``encoding``: the encoding of this frame and of every later one on the connection
    (MessagePack frames are binary, JSON ones text)."""

    protocol: int
    server_id: str
    session_token: str
    principal: Principal
    current_seq: int
    server_time: datetime
    resumed: bool = False  # True: replayed events follow; False: a snapshot follows
    limits: Limits = msgspec.field(default_factory=Limits)
    encoding: Encoding = Encoding.JSON


class Snapshot(Msg, tag="snapshot", kw_only=True):
    """The picture as of ``seq``. Large snapshots come in parts; the last has ``final``."""

    seq: int
    entities: list[Entity] = []
    positions: list[Position] = []
    final: bool = True


class Event(Msg, tag="event", kw_only=True):
    seq: int
    ts: datetime
    actor: str
    op: str
    entity: Entity
    command_id: str | None = None
    removed: bool = False  # the entity left this session's scope: drop it


class Events(Msg, tag="events", kw_only=True):
    """Several events in seq order (replay and batched live traffic)."""

    events: list[Event]


class Ack(Msg, tag="ack", kw_only=True):
    id: str
    seq: int | None = None  # last seq written by the command; None for queries
    result: Any = None


class Error(Msg, tag="error", kw_only=True):
    id: str | None = None  # the command id, when the error answers a command
    code: ErrorCode
    message: str
    entity: Entity | None = None  # for conflict: the current entity
    retry_after: float | None = None  # for rate_limited: seconds before trying again helps


class Positions(Msg, tag="positions", kw_only=True):
    """Conflated telemetry: newest position per team since the last batch."""

    positions: list[Position]


# -- linked platforms (protocol/link.py has the link's own frames) ---------------------------
class LinkActor(msgspec.Struct, kw_only=True):
    user: str
    role: str
    jurisdiction: str
    units: list[str] = []


class Forward(msgspec.Struct, kw_only=True):
    """A command sent to the platform that owns its entity, with its original id and actor.
    ``op`` ``link.effect``: the part of a command decided elsewhere that changes an entity
    this platform owns (``args``: ``{"base": ..., "entity": ...}``)."""

    id: str
    op: str
    args: dict[str, Any] = {}
    expected_version: int | None = None
    actor: LinkActor
    origin: str  # the platform whose console sent it
    # The sender's copies of the other entities the command changes, for an owner that holds
    # no replica of them (a county's team sent by the city to another county's incident).
    context: list[Entity] = []


class Queued(Msg, tag="queued", kw_only=True):
    """A command whose entity another platform owns: kept in this platform's outbox and
    forwarded; its ack or error follows when the owner has decided, however long that
    takes. ``forward``: what is sent (kept with the record; not sent to consoles)."""

    id: str
    owner: str  # the adcode of the owning platform
    message: str = ""
    forward: Forward | None = None


class PeerLink(msgspec.Struct, kw_only=True):
    peer: str  # adcode
    role: str  # "parent" or "child"
    state: str  # "up", "cut", "never" (never connected)
    since: datetime | None = None  # up since / cut since
    last_sync: datetime | None = None  # the last time both ends were level
    waiting_out: int = 0  # our events and commands not yet acknowledged by the peer
    waiting_in: int = 0  # the peer's, not yet received (as far as we know)
    lag: int = 0  # seq lag: the peer's log ahead of our cursor in it


class LinkStatus(Msg, tag="link_status", kw_only=True):
    """The links of the console's platform (sent on connect and when they change)."""

    platform: str
    peers: list[PeerLink] = []
    children: list[str] = []  # adcodes of the child platforms (they own their jurisdictions)


ServerMessage = (Welcome | Snapshot | Event | Events | Ack | Error | Positions | Queued
                 | LinkStatus)

CLIENT_MESSAGES = (Hello, Command, PositionReport, Logout)
SERVER_MESSAGES = (Welcome, Snapshot, Event, Events, Ack, Error, Positions, Queued, LinkStatus)
