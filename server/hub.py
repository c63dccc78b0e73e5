"""Fan-out: per-session delivery of committed changes, snapshots, replays and positions.

Each :class:`Session` keeps the set of (kind, id) it knows. For every committed change the hub
sends the entity as the session may see it (``scope.visible``), or a ``removed`` event when the
session knew it and no longer may; entities whose visibility may flip with it
(``scope.related``) are sent only when their visibility did flip. Events are encoded once per
distinct visible form and queued as bytes; a per-session sender task coalesces them into
``events`` frames (up to ``events_per_frame``, none added once a frame holds
``events_frame_bytes``). Order on the wire: control frames (welcome, snapshot, acks,
errors) ahead of queued events (but an ack first flushes what the socket takes, so a
command's events normally precede its ack), events in seq order, then conflated positions at most
every ``position_interval`` seconds. Queued events are flushed by the hub at most every
``coalesce_interval`` (at once when idle): while the socket keeps up, frames are written straight
to the transport (the way ``websockets.broadcast`` does, identical frames built once), so a
commit reaches hundreds of sessions without a task switch per session. Events are never reordered
among themselves: the replica treats
seq as a monotonic cursor. A session whose queue exceeds ``send_queue_limit`` events or
``send_queue_bytes`` of them is closed with CLOSE_SLOW_CONSUMER and its queue dropped, so memory
stays bounded; the client resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec
from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from protocol.entities import EPOCH, Base, Position, kind_of
from protocol.errors import CLOSE_SLOW_CONSUMER
from protocol.messages import Event, Msg

from .config import Settings
from .domain.api import Actor
from .state import State
from .storage import ChangeRef, LoggedEvent
from .storage.store import from_ts

log = logging.getLogger(__name__)
_encoder = msgspec.json.Encoder()
Key = tuple[str, str]
WRITE_BUFFER_HIGH = 256 * 1024  # bytes in a transport's buffer before the fast path yields


@dataclass(frozen=True)
class ScopeRules:
    """The visibility rules the hub applies (server.domain.scope in production)."""

    visible: Callable[[State, Actor, Base], Base | None]
    related: Callable[[State, Base], list[Base]]
    may_see_positions_of: Callable[[State, Actor, str], bool]

    @classmethod
    def of(cls, module: Any) -> ScopeRules:
        return cls(module.visible, module.related, module.may_see_positions_of)


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


def events_frame(parts: Iterable[bytes]) -> bytes:
    return b'{"type":"events","events":[' + b",".join(parts) + b"]}"


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


class Session:
    """One logged-in connection's delivery state and its sender task."""

    def __init__(self, hub: Hub, ws: ServerConnection, actor: Actor, remote: str,
                 token_hash: str = "") -> None:
        self.hub = hub
        self.ws = ws
        self.actor = actor
        self.remote = remote
        self.token_hash = token_hash  # of the login session this connection lives by
        self.known: set[Key] = set()
        self.closed = False
        self.close_code: int | None = None
        self._control: deque[bytes] = deque()
        self._events: deque[bytes] = deque()
        self.queued_bytes = 0  # of the queued events (the welcome picture is not bounded here)
        self._positions: dict[str, Position] = {}
        self._pos_visible: dict[str, bool] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._busy = False  # the sender task is inside ws.send

    # -- queueing (synchronous; called from the hub and the connection handler) ----------------
    def send(self, msg: Msg) -> None:
        self.send_raw(_encoder.encode(msg))

    def send_raw(self, frame: bytes) -> None:
        """A control frame (welcome, snapshot part, ack, error): ahead of queued events."""
        if self.closed:
            return
        if self._events and self._writable():
            self.flush_events({})  # the events a command caused go out before its ack
        if not self._events and self._writable():
            self._write(frame)
            return
        self._control.append(frame)
        self._check_bound()
        self._wake.set()

    def push_events(self, parts: list[bytes]) -> None:
        """Queue encoded events; the hub's coalescing flush writes them (see Hub.mark_dirty)."""
        if self.closed:
            return
        self._events.extend(parts)
        self.queued_bytes += sum(map(len, parts))
        self._check_bound()
        if not self.closed:
            self.hub.mark_dirty(self)

    def flush_events(self, frames: dict[tuple[int, ...], tuple[list[bytes], bytes]]) -> None:
        """Write the queued events now while the socket keeps up; leave the rest to the sender
        task (which awaits the socket's drain). ``frames`` shares identical frames between
        sessions within one flush (it also keeps their parts alive, so ids stay unique)."""
        while self._events and self._writable():
            parts = self._take_events()
            key = tuple(map(id, parts))
            cached = frames.get(key)
            if cached is None:
                cached = frames[key] = (parts, events_frame(parts))
            self._write(cached[1])
        if self._events:
            self._wake.set()

    def _writable(self) -> bool:
        """Fast path allowed: started, the sender idle with no control backlog, and the socket
        keeping up. Then frames go straight to the transport (no task switch, the way
        websockets.broadcast writes); otherwise the sender task sends with backpressure."""
        if self._task is None or self._busy or self._control:
            return False
        transport = self.ws.transport
        return transport is not None and transport.get_write_buffer_size() <= WRITE_BUFFER_HIGH

    def _write(self, frame: bytes) -> None:
        broadcast([self.ws], frame, text=True)

    def push_position(self, pos: Position) -> None:
        if self.closed:
            return
        seen = self._pos_visible.get(pos.team_id)
        if seen is None:
            rules, state = self.hub.rules, self.hub.state
            seen = self._pos_visible[pos.team_id] = rules.may_see_positions_of(
                state, self.actor, pos.team_id
            )
        if seen:
            self._positions[pos.team_id] = pos  # conflation: newest per team only
            self._wake.set()

    def forget_position_scope(self) -> None:
        self._pos_visible.clear()

    @property
    def queued(self) -> int:
        return len(self._control) + len(self._events)

    def _take_events(self) -> list[bytes]:
        settings = self.hub.settings
        parts = take_frame(self._events, settings.events_per_frame, settings.events_frame_bytes)
        self.queued_bytes -= sum(map(len, parts))
        return parts

    def _check_bound(self) -> None:
        settings = self.hub.settings
        if self.queued > settings.send_queue_limit or self.queued_bytes > settings.send_queue_bytes:
            log.warning("slow consumer %s (%s): %d frames, %d bytes queued", self.actor.user,
                        self.remote, self.queued, self.queued_bytes)
            self.close(CLOSE_SLOW_CONSUMER, "send queue overflow; resume from last_seq")

    def close(self, code: int, reason: str) -> None:
        """Drop everything queued and close the connection (asynchronously)."""
        if self.closed:
            return
        self.closed = True
        self.close_code = code
        self._control.clear()
        self._events.clear()
        self.queued_bytes = 0
        self._positions.clear()
        self._wake.set()
        self.hub.detach(self)
        self.hub.spawn(self.ws.close(code, reason))

    # -- sending -------------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"sender:{self.actor.user}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        settings = self.hub.settings
        next_positions = 0.0
        try:
            while not self.closed:
                if self._control:
                    await self._send(self._control.popleft())
                    continue
                if self._events:
                    await self._send(events_frame(self._take_events()))
                    continue
                now = loop.time()
                if self._positions and now >= next_positions:
                    batch = list(self._positions.values())
                    self._positions.clear()
                    await self._send(
                        b'{"type":"positions","positions":' + _encoder.encode(batch) + b"}"
                    )
                    next_positions = now + settings.position_interval
                    continue
                self._wake.clear()
                timeout = max(0.0, next_positions - now) if self._positions else None
                with contextlib.suppress(TimeoutError):  # (not wait_for: see app._peer_watch)
                    async with asyncio.timeout(timeout):
                        await self._wake.wait()
        except ConnectionClosed:
            pass

    async def _send(self, frame: bytes) -> None:
        self._busy = True
        try:
            await self.ws.send(frame, text=True)
        finally:
            self._busy = False


class Hub:
    def __init__(self, state: State, rules: ScopeRules, settings: Settings) -> None:
        self.state = state
        self.rules = rules
        self.settings = settings
        self.sessions: set[Session] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._dirty: set[Session] = set()
        self._flush_handle: asyncio.Handle | None = None
        self._last_flush = 0.0

    def mark_dirty(self, session: Session) -> None:
        """Schedule a flush of queued events: at once when the last one is older than
        ``coalesce_interval``, else when it will be. Under load frames carry more events and
        sockets see fewer writes; an isolated event goes out without delay."""
        self._dirty.add(session)
        if self._flush_handle is not None:
            return
        loop = asyncio.get_running_loop()
        delay = self._last_flush + self.settings.coalesce_interval - loop.time()
        if delay > 0:
            self._flush_handle = loop.call_later(delay, self._flush)
        else:
            self._flush_handle = loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        self._last_flush = asyncio.get_running_loop().time()
        dirty, self._dirty = self._dirty, set()
        frames: dict[tuple[int, ...], tuple[list[bytes], bytes]] = {}
        for session in dirty:
            if not session.closed:
                session.flush_events(frames)

    def spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def attach(self, ws: ServerConnection, actor: Actor, remote: str, token_hash: str = ""
               ) -> Session:
        """Register a session: from now on it receives live changes (queued until started)."""
        session = Session(self, ws, actor, remote, token_hash)
        self.sessions.add(session)
        return session

    def detach(self, session: Session) -> None:
        self.sessions.discard(session)

    def close_user(self, user: str, code: int, reason: str) -> int:
        hit = [s for s in self.sessions if s.actor.user == user]
        for s in hit:
            s.close(code, reason)
        return len(hit)

    def close_tokens(self, token_hashes: Iterable[str], code: int, reason: str) -> int:
        """Close the connections living by these session tokens."""
        wanted = set(token_hashes)
        hit = [s for s in self.sessions if s.token_hash in wanted]
        for s in hit:
            s.close(code, reason)
        return len(hit)

    async def drain(self) -> None:
        """Wait for pending close handshakes started by :meth:`Session.close`."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- what a session may see ----------------------------------------------------------------
    def visible_entities(self, actor: Actor) -> list[Base]:
        vis = self.rules.visible
        state = self.state
        return [v for e in state.all_entities() if (v := vis(state, actor, e)) is not None]

    def visible_positions(self, actor: Actor) -> list[Position]:
        may = self.rules.may_see_positions_of
        return [p for t, p in self.state.positions.items() if may(self.state, actor, t)]

    def snapshot_frames(self, session: Session) -> Iterator[bytes]:
        """The session's whole picture as snapshot parts of bounded size, built as they are
        taken; sets its known set first. Consume it whole under the coordinator's lock."""
        ents = self.visible_entities(session.actor)
        session.known = {(kind_of(e), e.id) for e in ents}
        positions = _encoder.encode(self.visible_positions(session.actor))
        seq = self.state.seq
        limit = self.settings.snapshot_part_bytes
        part: list[bytes] = []
        size = 0
        for ent in ents:
            data = _encoder.encode(ent)
            if part and size + len(data) > limit:
                yield _snapshot_part(seq, part, b"[]", final=False)
                part, size = [], 0
            part.append(data)
            size += len(data) + 1
        yield _snapshot_part(seq, part, positions, final=True)

    def replay_frames(self, session: Session, changed: list[ChangeRef]) -> Iterator[bytes]:
        """Coalesced replay: each changed entity once, in its current visible form (or its
        removal), plus related entities, in frames built as they are taken; at the end the
        session knows what a snapshot would give. Consume it whole under the coordinator's
        lock."""
        state, actor, vis, related = (
            self.state,
            session.actor,
            self.rules.visible,
            self.rules.related,
        )
        step, most = self.settings.events_per_frame, self.settings.events_frame_bytes
        parts: list[bytes] = []
        size = 0
        done: set[Key] = set()
        for ch in changed:
            current = state.get_kind(ch.kind, ch.entity_id)
            if current is None:
                continue
            ts = from_ts(ch.ts)
            for ent in (current, *related(state, current)):
                key = (kind_of(ent), ent.id)
                if key in done:
                    continue
                done.add(key)
                v = vis(state, actor, ent)
                event = Event(seq=ch.seq, ts=ts, actor=ch.actor, op=ch.op,
                              entity=redacted(ent) if v is None else v,  # type: ignore[arg-type]
                              command_id=ch.command_id, removed=v is None)
                parts.append(_encoder.encode(event))
                size += len(parts[-1])
            while parts and (len(parts) >= step or size >= most):
                frame = take_frame(parts, step, most)
                size -= sum(map(len, frame))
                yield events_frame(frame)
        if parts:
            yield events_frame(parts)
        session.known = {(kind_of(e), e.id) for e in self.visible_entities(actor)}
        # Always sent, empty or not: the reference names it as the replay's end marker.
        positions = self.visible_positions(actor)
        yield b'{"type":"positions","positions":' + _encoder.encode(positions) + b"}"

    # -- live changes --------------------------------------------------------------------------
    def publish(self, events: list[LoggedEvent]) -> None:
        """Fan committed events (already applied to the state) out to every session."""
        if not events or not self.sessions:
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
        views: dict[Actor, list[tuple[Base | None, list[Base | None]]]] = {}
        redactions: dict[Key, Base] = {}
        for session in list(self.sessions):
            if session.closed:
                continue
            session.forget_position_scope()
            actor, known = session.actor, session.known
            view = views.get(actor)
            if view is None:
                view = views[actor] = [
                    (visible(state, actor, ev.entity),
                     [visible(state, actor, rel) for rel, _ in related])
                    for ev, _, related in expanded
                ]
            parts: list[bytes] = []
            for (ev, key, related), (v, rel_views) in zip(expanded, view, strict=True):
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
                    elif rv is None and rkey in known:
                        known.discard(rkey)
                        gone = redactions.setdefault(rkey, redacted(rel))
                        parts.append(encoded(ev, gone, True))
            if parts:
                session.push_events(parts)

    def publish_position(self, pos: Position) -> None:
        for session in self.sessions:
            session.push_position(pos)


class _WireEvent(msgspec.Struct, kw_only=True, tag_field="type", tag="event"):
    """protocol.messages.Event with the entity as already-encoded JSON (same bytes on the wire)."""

    seq: int
    ts: datetime
    actor: str
    op: str
    entity: msgspec.Raw
    command_id: str | None = None
    removed: bool = False


def event_bytes(ev: LoggedEvent, entity: Base, removed: bool) -> bytes:
    """The event frame part for ``entity`` (the logged entity, a trimmed view or a redaction);
    the logged entity's JSON is the one :attr:`LoggedEvent.data` encoded once."""
    data = ev.data if entity is ev.entity else _encoder.encode(entity)
    return _encoder.encode(_WireEvent(seq=ev.seq, ts=ev.ts, actor=ev.actor, op=ev.op,
                                      entity=msgspec.Raw(data), command_id=ev.command_id,
                                      removed=removed))


def _snapshot_part(seq: int, ents: list[bytes], positions: bytes, *, final: bool) -> bytes:
    return (
        b'{"type":"snapshot","seq":%d,"entities":[' % seq
        + b",".join(ents)
        + b'],"positions":'
        + positions
        + (b',"final":true}' if final else b',"final":false}')
    )
