"""The hub: the connected sessions, and committed changes and positions handed to them.

What each session receives is decided by :mod:`server.fanout` (pure); how it gets there is the
session's business (:mod:`server.sender`, the only module here that writes to sockets). The hub
joins the two: :meth:`Hub.publish` asks the fan-out what each session must receive and queues
those encoded events on it; queued events are flushed at most every ``coalesce_interval`` (at
once when idle), all dirty sessions in one pass that shares identical frames, so under load
frames carry more events and sockets see fewer writes. Positions go to the sessions that may
see them; the sessions conflate them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterable
from typing import Any, Protocol

from protocol.entities import Position

from .config import Settings
from .domain.api import Actor
from .fanout import Fanout, FrameLimits, Key, ScopeRules
from .state import State
from .storage import LoggedEvent

FrameCache = dict[tuple[int, ...], tuple[list[bytes], bytes]]  # frame_key -> (parts, frame)


class Outlet(Protocol):
    """A session as the hub sees it (server.sender.Session): a fan-out viewer with queues."""

    actor: Actor
    known: set[Key]
    sees_positions_of: dict[str, bool]
    token_hash: str
    closed: bool

    def push_events(self, parts: list[bytes]) -> None: ...
    def flush_events(self, cache: FrameCache) -> None: ...
    def push_position(self, pos: Position) -> None: ...
    def close(self, code: int, reason: str) -> None: ...


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
        self._tasks: set[asyncio.Future[Any]] = set()
        self._dirty: set[Outlet] = set()
        self._flush_handle: asyncio.Handle | None = None
        self._last_flush = 0.0

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

    def attach(self, session: Outlet) -> None:
        """Register a session: from now on it receives live changes (queued until started)."""
        self.sessions.add(session)

    def detach(self, session: Outlet) -> None:
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
        """Wait for pending close handshakes started by a session's close."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # -- live changes --------------------------------------------------------------------------
    def publish(self, events: list[LoggedEvent]) -> None:
        """Fan committed events (already applied to the state) out to every session."""
        if not events or not self.sessions:
            return
        live = [s for s in self.sessions if not s.closed]
        for session, parts in self.fanout.publish(events, live):
            session.push_events(parts)

    def publish_position(self, pos: Position) -> None:
        sees = self.fanout.sees_position
        for session in self.sessions:
            if not session.closed and sees(session, pos):
                session.push_position(pos)
