"""Linked platforms (DESIGN.md section 9): the link's frames, and the pure rules both ends
and the console share: who owns an entity, whether a cursor still means what it meant, and
how a change made elsewhere is merged into the owner's entity. No I/O.

A child platform opens an ordinary connection to its parent and sends :class:`LinkHello`
instead of ``hello``. Down, the parent streams what the child's jurisdiction may see exactly
as it streams to a console (``welcome``, snapshot or replay, ``events``, ``positions``),
with the parent's *epoch* as ``welcome.server_id``; after the welcome it sends
:class:`LinkReady` with how far it has applied the child's own events. Up, the child streams
:class:`LinkEvents` (its log after that point, without what came down) and the parent answers
each with :class:`LinkAck`. Commands whose entity the other side owns travel both ways as
:class:`LinkCommands` and come back as :class:`LinkOutcomes`; each end confirms what it
received with :class:`LinkReceipt`, and the sender keeps it in its durable outbox until then.

Cursors are (epoch, seq), never wall-clock. A platform starts a new epoch every time it
starts (``EpochSpan``: the epoch and the first seq written in it); a database restored from a
backup lacks the epochs begun after the backup, so a cursor naming one of them, or a seq past
where its epoch ended, is refused (:func:`cursor_valid`) and both sides resync in full.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import msgspec

from . import adcodes
from .entities import (
    Assignment,
    Base,
    Entity,
    HazardTrack,
    Jurisdiction,
    MaterialRequest,
    Order,
    StockItem,
    SupportRequest,
    Warning,
    kind_of,
)
from .messages import Ack, Error, Forward, LinkActor, Msg, PeerLink, Queued, Resume

__all__ = ["Forward", "LinkActor", "PeerLink", "Queued"]

PLATFORM_USER_PREFIX = "platform:"
UPSTREAM = "^"  # an event's origin when it came down from the parent

# Kinds that never cross a link: each platform loads the administrative divisions itself.
LOCAL_KINDS = frozenset({"jurisdiction"})


class EpochSpan(msgspec.Struct, kw_only=True, array_like=True):
    epoch: str
    first_seq: int  # the seq of the last event before the epoch began (events > it are its)


class Cursor(msgspec.Struct, kw_only=True):
    epoch: str
    seq: int


# -- child -> parent ---------------------------------------------------------------------------
class LinkHello(Msg, tag="link_hello", kw_only=True):
    """A child platform's first frame. ``resume``: its cursor in the parent's log (the
    parent's epoch as ``server_id``); ``epochs``: its own epochs, newest last, so the parent
    can tell it where it stands in the child's log."""

    protocol: int
    platform: str  # the child's adcode
    credential: str
    resume: Resume | None = None
    epochs: list[EpochSpan] = []
    client: str = ""


class LinkEvent(msgspec.Struct, kw_only=True):
    seq: int  # in the sender's log
    origin: str  # the platform that wrote it first
    ts: datetime
    actor: str
    op: str
    entity: Entity
    command_id: str | None = None


class LinkEvents(Msg, tag="link_events", kw_only=True):
    """The sender's events after the receiver's cursor, in seq order. ``through``: the
    receiver may move its cursor to (epoch, through) once these are applied (events in
    between came from the receiver and are not sent back)."""

    epoch: str
    through: int
    events: list[LinkEvent] = []
    reset: bool = False  # a full resync: the whole owned picture follows from seq 0


# -- parent -> child ---------------------------------------------------------------------------
class LinkReady(Msg, tag="link_ready", kw_only=True):
    """After the welcome: how far the parent has applied the child's events (None: nothing
    yet). A cursor the child does not recognise (:func:`cursor_valid`) means a full resync."""

    applied: Cursor | None = None
    platform: str  # the parent's adcode


class LinkAck(Msg, tag="link_ack", kw_only=True):
    epoch: str
    seq: int


# -- both ways ---------------------------------------------------------------------------------
class LinkCommands(Msg, tag="link_commands", kw_only=True):
    commands: list[Forward]


class LinkOutcome(msgspec.Struct, kw_only=True):
    id: str
    outcome: Ack | Error


class LinkOutcomes(Msg, tag="link_outcomes", kw_only=True):
    outcomes: list[LinkOutcome]


class LinkReceipt(Msg, tag="link_receipt", kw_only=True):
    """The outcomes received (the sender drops them from its outbox)."""

    outcomes: list[str] = []


LinkUp = LinkEvents | LinkCommands | LinkOutcomes | LinkReceipt
LinkDown = LinkReady | LinkAck | LinkCommands | LinkOutcomes | LinkReceipt


# -- ownership ---------------------------------------------------------------------------------
def home_of(entity: Base, team_home: Callable[[str], str | None] = lambda _: None) -> str | None:
    """The jurisdiction whose platform owns ``entity`` (None: never replicated). Incidents,
    loss reports, shelters, plans, responses: where they are; teams and their assignments:
    the team's; orders and warnings: the issuer; support and material requests: the level
    asked to decide; the typhoon track and anything without a place: the province."""
    if kind_of(entity) in LOCAL_KINDS:
        return None
    if isinstance(entity, Assignment):
        return team_home(entity.team_id) or adcodes.PROVINCE
    if isinstance(entity, (Order, Warning)):
        return entity.issuer
    if isinstance(entity, (SupportRequest, MaterialRequest)):
        return entity.decider
    if isinstance(entity, StockItem) and not entity.jurisdiction:
        return adcodes.PROVINCE
    if isinstance(entity, HazardTrack | Jurisdiction):
        return adcodes.PROVINCE
    code = getattr(entity, "jurisdiction", None)
    return code if isinstance(code, str) and code else adcodes.PROVINCE


class Tree(msgspec.Struct, kw_only=True, frozen=True):
    """One platform's view of the tree: its own adcode, whether it has a parent, and its
    child platforms. Where a jurisdiction has no platform of its own, the nearest
    ancestor's owns its entities."""

    platform: str = adcodes.PROVINCE
    parent: str | None = None  # the parent platform's adcode (None: the top)
    children: tuple[str, ...] = ()

    def owner(self, code: str) -> str:
        """The platform this one hands an entity of jurisdiction ``code`` to: itself, one
        of its children (the one whose jurisdiction holds it) or its parent."""
        if adcodes.is_within(code, self.platform):
            for child in self.children:
                if adcodes.is_within(code, child):
                    return child
            return self.platform
        return self.parent if self.parent is not None else self.platform

    def owns(self, code: str) -> bool:
        return self.owner(code) == self.platform

    def in_subtree(self, code: str) -> bool:
        """Owned here or below (a child's entities come up through this platform)."""
        return adcodes.is_within(code, self.platform)

    def with_children(self, children: Iterable[str]) -> Tree:
        return Tree(platform=self.platform, parent=self.parent, children=tuple(sorted(children)))


def owner_of(tree: Tree, entity: Base, team_home: Callable[[str], str | None]) -> str | None:
    code = home_of(entity, team_home)
    return None if code is None else tree.owner(code)


# -- cursors -----------------------------------------------------------------------------------
def cursor_valid(epochs: list[EpochSpan], current_seq: int, cursor: Cursor) -> bool:
    """Whether (epoch, seq) names a point of this log: the epoch is one of ours and the seq
    is no later than where that epoch ended (the next one's first seq) or than now."""
    for i, span in enumerate(epochs):
        if span.epoch == cursor.epoch:
            end = epochs[i + 1].first_seq if i + 1 < len(epochs) else current_seq
            return cursor.seq <= end
    return False


# -- merging a change decided elsewhere --------------------------------------------------------
def merge3(base: Base, ours: Base, theirs: Base) -> Base:
    """``theirs`` was ``base`` changed on another platform; ``ours`` is the owner's entity
    now. Field by field: what they changed and we did not is taken; where both changed, a
    list of numbered entries (timeline, history) gets their new entries after ours,
    renumbered; anything else stays ours (the owner decides). Returns ``ours`` with that."""
    if type(base) is not type(ours) or type(theirs) is not type(ours):
        return ours
    patch: dict[str, Any] = {}
    for name in ours.__struct_fields__:
        if name in ("id", "version", "updated_at"):
            continue
        b, o, t = getattr(base, name), getattr(ours, name), getattr(theirs, name)
        if t in (b, o):
            continue
        if o == b:
            patch[name] = t
        elif isinstance(o, list) and isinstance(t, list) and isinstance(b, list):
            added = [e for e in t if e not in b]
            patch[name] = o + _renumbered(added, len(o))
    return msgspec.structs.replace(ours, **patch) if patch else ours


def _renumbered(entries: list[Any], after: int) -> list[Any]:
    out = []
    for i, e in enumerate(entries, start=after + 1):
        if isinstance(e, msgspec.Struct) and getattr(e, "n", None):
            e = msgspec.structs.replace(e, n=i)
        out.append(e)
    return out


def platform_user(code: str) -> str:
    return f"{PLATFORM_USER_PREFIX}{code}"

