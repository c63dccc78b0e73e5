"""The hub: the connected sessions, and committed changes and positions handed to them.

What each session receives is decided by :mod:`server.fanout` (pure); how it gets there is the
session's business (:mod:`server.sender`, the only module here that writes to sockets). The hub
joins the two.

Sessions that know the same picture as the same principal form one :class:`Audience`: they
share one known set, so an idle console costs its socket and queues, not a copy of the
picture's keys (a province console knows every entity). A session joins an audience once its
welcome picture is complete (:meth:`Hub.settle`) and only if its known set equals the
audience's; until then it is an audience of its own.

Events: :meth:`Hub.publish` asks the fan-out what each audience must receive and queues those
encoded events on its members; queued events are flushed at most every ``coalesce_interval``
(at once when idle), all dirty sessions in one pass that shares identical frames, so under load
frames carry more events and sockets see fewer writes.

Positions are conflated here, once for everyone: the newest per team, at most one batch every
``position_interval`` (at once when idle). Each tick encodes one ``positions`` frame per distinct
visible set and writes it to every settled session that keeps up; a session that does not (or
is still receiving its picture) conflates the batch into its own queue, sent by its sender task.
Positions received by this instance are also handed to the cross-instance relay
(:mod:`server.position_relay`) once per tick.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import msgspec

from protocol.entities import Position

from .config import Settings
from .domain.api import Actor
from .fanout import Fanout, FrameLimits, Key, ScopeRules
from .state import State
from .storage import LoggedEvent

FrameCache = dict[tuple[int, ...], tuple[list[bytes], bytes]]  # frame_key -> (parts, frame)
Relay = Callable[[list[Position]], None]


class Outlet(Protocol):
    """A session as the hub sees it (server.sender.Session): a fan-out viewer with queues."""

    actor: Actor
    known: set[Key]
    token_hash: str
    closed: bool
    audience: Audience | None

    def push_events(self, parts: list[bytes]) -> None: ...
    def flush_events(self, cache: FrameCache) -> None: ...
    def push_positions(self, frame: bytes, batch: list[Position]) -> None: ...
    def close(self, code: int, reason: str) -> None: ...
    def send_msg(self, msg: msgspec.Struct) -> None: ...


@dataclass(eq=False)
class Audience:
    """Sessions of one principal that know the same picture: one fan-out viewer for all."""

    actor: Actor
    known: set[Key]
    members: dict[Outlet, None] = field(default_factory=dict)  # insertion-ordered set
    settled: bool = False


class Hub:
    def __init__(self, state: State, rules: ScopeRules, settings: Settings) -> None:
        self.state = state
        self.settings = settings
        self.fanout = Fanout(state, rules, FrameLimits(
            events_per_frame=settings.events_per_frame,
            events_frame_bytes=settings.events_frame_bytes,
            snapshot_part_bytes=settings.snapshot_part_bytes,
        ))
        self.sessions: set[Outlet] = set()
        self.audiences: dict[Audience, None] = {}
        self._settled: dict[Actor, list[Audience]] = {}
        self._tasks: set[asyncio.Future[Any]] = set()
        self._dirty: set[Outlet] = set()
        self._flush_handle: asyncio.Handle | None = None
        self._last_flush = 0.0
        self._positions: dict[str, Position] = {}  # conflated since the last tick
        self._outgoing: dict[str, Position] = {}  # of those, received here (for the relay)
        self._tick_handle: asyncio.Handle | None = None
        self._last_tick = 0.0
        self.relay: Relay | None = None

    @property
    def rules(self) -> ScopeRules:
        return self.fanout.rules

    def mark_dirty(self, session: Outlet) -> None:
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
        cache: FrameCache = {}
        for session in dirty:
            if not session.closed:
                session.flush_events(cache)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- sessions and audiences ----------------------------------------------------------------
    def attach(self, session: Outlet) -> None:
        """Register a session: from now on it receives live changes (queued until started), as
        an audience of its own until :meth:`settle`."""
        self.sessions.add(session)
        audience = Audience(session.actor, session.known, members={session: None})
        session.audience = audience
        self.audiences[audience] = None

    def settle(self, session: Outlet) -> None:
        """The session's welcome picture is complete (its known set is the picture's): share an
        audience of the same principal that knows the same, and take live positions. Call
        with no change published since the picture was built (under the coordinator's lock)."""
        own = session.audience
        if own is None or own.settled or session.closed:
            return
        own.known = session.known
        for other in self._settled.get(session.actor, ()):
            if other.known == own.known:
                del self.audiences[own]
                other.members[session] = None
                session.audience = other
                session.known = other.known
                return
        own.settled = True
        self._settled.setdefault(session.actor, []).append(own)

    def detach(self, session: Outlet) -> None:
        self.sessions.discard(session)
        self._dirty.discard(session)
        audience, session.audience = session.audience, None
        if audience is None:
            return
        audience.members.pop(session, None)
        if not audience.members:
            self.audiences.pop(audience, None)
            peers = self._settled.get(audience.actor)
            if peers is not None and audience in peers:
                peers.remove(audience)
                if not peers:
                    del self._settled[audience.actor]

    def close_user(self, user: str, code: int, reason: str) -> int:
        hit = [s for s in self.sessions if s.actor.user == user]
        for s in hit:
            s.close(code, reason)
        return len(hit)

    def close_all(self, code: int, reason: str) -> int:
        hit = list(self.sessions)
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

    def answer(self, user: str, outcome: msgspec.Struct) -> None:
        """A command's outcome that arrived after its connection was answered ``queued``
        (the owner decided on another platform): to every session of its user."""
        for s in list(self.sessions):
            if s.actor.user == user and not s.closed:
                s.send_msg(outcome)

    def broadcast(self, msg: msgspec.Struct) -> None:
        """A frame for every console (the link status), not for linked platforms."""
        for s in list(self.sessions):
            if not s.closed and not s.actor.platform:
                s.send_msg(msg)

    async def drain(self) -> None:
        """Wait for pending close handshakes started by a session's close."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- live changes --------------------------------------------------------------------------
    def publish(self, events: list[LoggedEvent]) -> None:
        """Fan committed events (already applied to the state) out to every session."""
        if not events or not self.audiences:
            return
        for audience, parts in self.fanout.publish(events, list(self.audiences)):
            for session in list(audience.members):  # (a slow one leaves as it overflows)
                if not session.closed:
                    session.push_events(parts)

    def publish_position(self, pos: Position, *, relay: bool = True) -> None:
        """A team's newest position (already in the state): conflated until the next tick.
        ``relay``: received by this instance (handed to the relay); False for a position
        another instance relayed."""
        self._positions[pos.team_id] = pos
        if relay and self.relay is not None:
            self._outgoing[pos.team_id] = pos
        if self._tick_handle is not None:
            return
        loop = asyncio.get_running_loop()
        delay = self._last_tick + self.settings.position_interval - loop.time()
        if delay > 0:
            self._tick_handle = loop.call_later(delay, self._tick)
        else:
            self._tick_handle = loop.call_soon(self._tick)

    def _tick(self) -> None:
        self._tick_handle = None
        self._last_tick = asyncio.get_running_loop().time()
        batch, self._positions = list(self._positions.values()), {}
        for audience, frame, visible in self.fanout.position_frames(batch, list(self.audiences)):
            for session in list(audience.members):
                if not session.closed:
                    session.push_positions(frame, visible)
        if self._outgoing:
            outgoing, self._outgoing = list(self._outgoing.values()), {}
            if self.relay is not None:
                self.relay(outgoing)
