"""What each session must receive: the pure half of fan-out (no sockets, no asyncio).

A :class:`Viewer` is one session's side of it: its actor and the set of (kind, id) it knows. For
every committed change a view gets the entity as its actor may see it (``scope.visible``), or a
``removed`` event when it knew the entity and no longer may; entities whose visibility may flip
with it (``scope.related``) are sent only when their visibility did flip. :meth:`Fanout.publish`
evaluates visibility once per actor and event (consoles logged in as the same principal cost one
evaluation) and encodes each event once per distinct visible form, so sessions with the same view
share the bytes (and the events frames built from them: :func:`frame_key`). The welcome picture is
:meth:`Fanout.snapshot_frames` or :meth:`Fanout.replay_frames`, built as they are taken. Frames
come from :mod:`protocol.frames`; :mod:`server.sender` writes them.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

import msgspec

from protocol import frames
from protocol.entities import EPOCH, Base, Position, kind_of
from protocol.messages import Event

from .domain.api import Actor
from .state import State
from .storage import ChangeRef, LoggedEvent
from .storage.store import from_ts

_encoder = msgspec.json.Encoder()
Key = tuple[str, str]


@dataclass(frozen=True)
class ScopeRules:
    """The visibility rules fan-out applies (server.domain.scope in production)."""

    visible: Callable[[State, Actor, Base], Base | None]
    related: Callable[[State, Base], list[Base]]
    may_see_positions_of: Callable[[State, Actor, str], bool]
    # may_see_positions_of as keys: a team's, and an actor's (they meet where it holds)
    position_keys: Callable[[State, str], frozenset[str]]
    position_sight: Callable[[Actor], frozenset[str]]

    @classmethod
    def of(cls, module: Any) -> ScopeRules:
        return cls(module.visible, module.related, module.may_see_positions_of,
                   module.position_keys, module.position_sight)


class Viewer(Protocol):
    """One session's side of fan-out: who it is and what it knows (:class:`View`, or the
    sender's session)."""

    actor: Actor
    known: set[Key]


V = TypeVar("V", bound=Viewer)


@dataclass(eq=False)
class View:
    """A plain :class:`Viewer`."""

    actor: Actor
    known: set[Key] = field(default_factory=set)


@dataclass(frozen=True)
class FrameLimits:
    events_per_frame: int
    events_frame_bytes: int
    snapshot_part_bytes: int


_BLANKS: dict[type, Any] = {str: "", bool: False, int: 0, float: 0.0, list: [], dict: {}}


def redacted(entity: Base) -> Base:
    """The entity reduced to its identity: what a removal tells a session that may not see it.
    Required fields of plain types are blanked; everything optional takes its default."""
    cls = type(entity)
    keep: dict[str, Any] = {"id": entity.id, "version": entity.version}
    for f in msgspec.structs.fields(cls):
        if not f.required or f.name == "id":
            continue
        value = getattr(entity, f.name)
        if isinstance(value, datetime):
            keep[f.name] = EPOCH
        elif isinstance(value, enum.Enum):
            keep[f.name] = value
        else:
            blank = _BLANKS.get(type(value), value)
            keep[f.name] = blank.copy() if isinstance(blank, (list, dict)) else blank
    return cls(**keep)


def event_bytes(ev: LoggedEvent, entity: Base, removed: bool) -> bytes:
    """The event frame part for ``entity`` (the logged entity, a trimmed view or a redaction);
    the logged entity's JSON is the one :attr:`LoggedEvent.data` encoded once."""
    data = ev.data if entity is ev.entity else _encoder.encode(entity)
    return frames.event(seq=ev.seq, ts=ev.ts, actor=ev.actor, op=ev.op, entity=data,
                        command_id=ev.command_id, removed=removed)


def take_frame(parts: deque[bytes] | list[bytes], most_events: int, most_bytes: int) -> list[bytes]:
    """Remove and return the first of ``parts`` that make one events frame: at least one, at
    most ``most_events``, and no more once they hold ``most_bytes``."""
    n = size = 0
    for part in parts:
        if n == most_events or (n and size >= most_bytes):
            break
        n += 1
        size += len(part)
    if isinstance(parts, list):
        taken = parts[:n]
        del parts[:n]
        return taken
    return [parts.popleft() for _ in range(n)]


def frame_key(parts: list[bytes]) -> tuple[int, ...]:
    """Identical frames, found by identity: parts encoded once are the same objects in every
    view that received them, so two sessions taking the same parts share one events frame
    (while the parts are alive, which the frame cache guarantees by holding them)."""
    return tuple(map(id, parts))


class Fanout:
    """Visibility and encoding over the live state, for any number of views."""

    def __init__(self, state: State, rules: ScopeRules, limits: FrameLimits) -> None:
        self.state = state
        self.rules = rules
        self.limits = limits
        self._position_keys: dict[str, frozenset[str]] = {}  # by team, until the next change

    # -- the whole picture ---------------------------------------------------------------------
    def visible_entities(self, actor: Actor) -> list[Base]:
        vis = self.rules.visible
        state = self.state
        return [v for e in state.all_entities() if (v := vis(state, actor, e)) is not None]

    def visible_positions(self, actor: Actor) -> list[Position]:
        may = self.rules.may_see_positions_of
        return [p for t, p in self.state.positions.items() if may(self.state, actor, t)]

    def snapshot_frames(self, view: Viewer) -> Iterator[bytes]:
        """The view's whole picture as snapshot parts of bounded size, built as they are taken;
        sets its known set first. Consume it whole with no change applied meanwhile."""
        ents = self.visible_entities(view.actor)
        view.known = {(kind_of(e), e.id) for e in ents}
        positions = frames.encoded_positions(self.visible_positions(view.actor))
        seq = self.state.seq
        limit = self.limits.snapshot_part_bytes
        part: list[bytes] = []
        size = 0
        for ent in ents:
            data = _encoder.encode(ent)
            if part and size + len(data) > limit:
                yield frames.snapshot_part(seq, part, final=False)
                part, size = [], 0
            part.append(data)
            size += len(data) + 1
        yield frames.snapshot_part(seq, part, positions, final=True)

    def replay_frames(self, view: Viewer, changed: Iterable[ChangeRef]) -> Iterator[bytes]:
        """Coalesced replay: each changed entity once, in its current visible form (or its
        removal), plus related entities, in frames built as they are taken; at the end the
        view knows what a snapshot would give. Consume it whole with no change applied
        meanwhile. O(changes) for the events, plus one visibility pass over the picture for
        the known set."""
        state, actor, vis, related = (
            self.state,
            view.actor,
            self.rules.visible,
            self.rules.related,
        )
        step = self.limits.events_per_frame
        pending: list[Event] = []
        done: set[Key] = set()
        last_ts, ts = float("nan"), EPOCH  # changes of one commit share their time
        for ch in changed:
            key = (ch.kind, ch.entity_id)
            current = state.get_kind(*key)
            if current is None:
                continue
            if ch.ts != last_ts:
                last_ts, ts = ch.ts, from_ts(ch.ts)
            rel = related(state, current)
            for ent in (current, *rel) if rel else (current,):
                if ent is not current:
                    key = (kind_of(ent), ent.id)
                if key in done:
                    continue
                done.add(key)
                v = vis(state, actor, ent)
                if v is None and actor.platform:
                    v = ent  # a linked platform follows what it once saw (see publish)
                pending.append(Event(seq=ch.seq, ts=ts, actor=ch.actor, op=ch.op,
                                     entity=redacted(ent) if v is None else v,  # type: ignore[arg-type]
                                     command_id=ch.command_id, removed=v is None))
            if len(pending) >= step:
                yield from self._events_frames(pending, final=False)
        yield from self._events_frames(pending, final=True)
        view.known = self.visible_keys(actor)
        # Always sent, empty or not: the reference names it as the replay's end marker.
        yield frames.positions(self.visible_positions(actor))

    def _events_frames(self, pending: list[Event], *, final: bool) -> Iterator[bytes]:
        """Take from ``pending`` the events frames :func:`take_frame` would cut from their
        encoded parts (at most ``events_per_frame``, none added once a frame holds
        ``events_frame_bytes``): each full frame (all of them when ``final``). A frame is
        encoded in one call; only one that reaches the byte bound is cut part by part."""
        step, most = self.limits.events_per_frame, self.limits.events_frame_bytes
        while len(pending) >= step or (final and pending):
            batch = pending[:step]
            frame = frames.events_of(batch)
            if frames.events_size(frame, len(batch)) >= most:
                parts = [frames.event_of(e) for e in batch]
                taken = len(take_frame(parts, step, most))
                if taken < len(batch):
                    batch = batch[:taken]
                    frame = frames.events_of(batch)
            del pending[: len(batch)]
            yield frame

    def visible_keys(self, actor: Actor) -> set[Key]:
        """(kind, id) of every entity the actor may see: what a snapshot would make known."""
        vis, state = self.rules.visible, self.state
        return {(kind, id) for kind, table in state.tables() for id, e in table.items()
                if vis(state, actor, e) is not None}

    # -- live changes --------------------------------------------------------------------------
    def publish(self, events: list[LoggedEvent], views: Iterable[V]
                ) -> Iterator[tuple[V, list[bytes]]]:
        """For committed events (already applied to the state): each view that must receive
        something, with the encoded events it must receive, in seq order. Updates each view's
        known set as it goes (so consume it whole) and forgets the teams' position keys (a
        change may move a team in or out of a scope)."""
        if not events:
            return
        state, rules = self.state, self.rules
        visible = rules.visible
        expanded = [
            (ev, (kind_of(ev.entity), ev.entity.id),
             [(rel, (kind_of(rel), rel.id)) for rel in rules.related(state, ev.entity)])
            for ev in events
        ]
        cache: dict[tuple[int, int, bool], bytes] = {}

        def encoded(ev: LoggedEvent, ent: Base, removed: bool) -> bytes:
            key = (ev.seq, id(ent), removed)
            data = cache.get(key)
            if data is None:
                data = cache[key] = event_bytes(ev, ent, removed)
            return data

        # What an actor may see of each event's entity and its related ones: computed once per
        # actor (visible() depends only on the state, the actor and the entity), so consoles
        # logged in as the same principal cost one evaluation.
        seen: dict[Actor, list[tuple[Base | None, list[Base | None]]]] = {}
        redactions: dict[Key, Base] = {}
        self._position_keys.clear()  # a change may move a team in or out of a scope
        for view in views:
            actor, known = view.actor, view.known
            sight = seen.get(actor)
            if sight is None:
                sight = seen[actor] = [
                    (visible(state, actor, ev.entity),
                     [visible(state, actor, rel) for rel, _ in related])
                    for ev, _, related in expanded
                ]
            parts: list[bytes] = []
            sticky = actor.platform
            for (ev, key, related), (v, rel_views) in zip(expanded, sight, strict=True):
                if v is None and sticky and key in known:
                    v = ev.entity  # a linked platform follows what it once saw
                if v is not None:
                    known.add(key)
                    parts.append(encoded(ev, v, False))
                elif key in known:
                    known.discard(key)
                    gone = redactions.setdefault(key, redacted(ev.entity))
                    parts.append(encoded(ev, gone, True))
                for (rel, rkey), rv in zip(related, rel_views, strict=True):
                    if rv is not None and rkey not in known:
                        known.add(rkey)
                        parts.append(encoded(ev, rv, False))
                    elif rv is None and rkey in known and not sticky:
                        known.discard(rkey)
                        gone = redactions.setdefault(rkey, redacted(rel))
                        parts.append(encoded(ev, gone, True))
            if parts:
                yield view, parts

    def position_frames(self, batch: list[Position], views: Iterable[V]
                        ) -> Iterator[tuple[V, bytes, list[Position]]]:
        """For one conflated batch: each view that may see some of it, with the ``positions``
        frame of what it may see and those positions. The batch is grouped once by position
        key (``ScopeRules.position_keys``, kept per team until the next committed change); a
        view takes the group(s) of its actor's sight, and a frame is encoded once per distinct
        sight (the province's consoles, a county's, share the bytes)."""
        if not batch:
            return
        state, rules, keys_of = self.state, self.rules, self._position_keys
        by_key: dict[str, list[Position]] = {}
        for pos in batch:
            keys = keys_of.get(pos.team_id)
            if keys is None:
                keys = keys_of[pos.team_id] = rules.position_keys(state, pos.team_id)
            for key in keys:
                by_key.setdefault(key, []).append(pos)
        built: dict[frozenset[str], tuple[bytes, list[Position]] | None] = {}
        encoded: dict[tuple[int, ...], bytes] = {}  # the same positions seen by two sights
        for view in views:
            sight = rules.position_sight(view.actor)
            if sight in built:
                out = built[sight]
            else:
                out = built[sight] = _positions_frame(sight, by_key, batch, encoded)
            if out is not None:
                yield view, out[0], out[1]


def _positions_frame(sight: frozenset[str], by_key: dict[str, list[Position]],
                     batch: list[Position], encoded: dict[tuple[int, ...], bytes]
                     ) -> tuple[bytes, list[Position]] | None:
    if len(sight) == 1:
        visible = by_key.get(next(iter(sight)), [])
    else:
        teams = {p.team_id for key in sight for p in by_key.get(key, ())}
        visible = [p for p in batch if p.team_id in teams]
    if not visible:
        return None
    same = tuple(map(id, visible))
    frame = encoded.get(same)
    if frame is None:
        frame = encoded[same] = frames.positions(visible)
    return frame, visible
