"""The sender: one connection's queues, its socket writes and its back-pressure.

A :class:`Session` is what :mod:`server.fanout` decided a connection receives, on its way out.
Order on the wire: control frames (welcome, snapshot, acks, errors) ahead of queued events (but
an ack first flushes what the socket takes, so a command's events normally precede its ack),
events in seq order; positions are a stream of their own. Queued events are flushed by the hub
at most every ``coalesce_interval`` (at once when idle): while the socket keeps up, frames are
written straight to the transport (the way ``websockets.broadcast`` does, identical frames
built once), so a commit reaches hundreds of sessions without a task switch per session;
otherwise the session's sender task coalesces them into ``events`` frames (up to
``events_per_frame``, none added once a frame holds ``events_frame_bytes``) and awaits the
socket's drain. Events are never reordered among themselves: the replica treats seq as a
monotonic cursor. Positions come from the hub's tick as one frame encoded for many sessions,
written the same way while the socket keeps up; a session that does not keep up (or is still
receiving its picture) conflates them itself (newest per team) and its sender task sends them
after its backlog, at most every ``position_interval``. A session whose queue exceeds
``send_queue_limit`` events or ``send_queue_bytes`` of them is closed with CLOSE_SLOW_CONSUMER
and its queue dropped, so memory stays bounded; the client resumes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque

import msgspec
from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from protocol import frames
from protocol.codec import Wire
from protocol.entities import Position
from protocol.errors import CLOSE_SLOW_CONSUMER
from protocol.messages import Ack, Error, Welcome

from .domain.api import Actor
from .fanout import Key, frame_key, take_frame
from .hub import Audience, FrameCache, Hub

log = logging.getLogger(__name__)
_json = msgspec.json.Encoder()
WRITE_BUFFER_HIGH = 256 * 1024  # bytes in a transport's buffer before the fast path yields


class Session:
    """One logged-in connection's delivery state and its sender task (a fan-out viewer and a
    hub outlet)."""

    def __init__(self, hub: Hub, ws: ServerConnection, actor: Actor, remote: str,
                 token_hash: str = "", wire: Wire | None = None) -> None:
        self.hub = hub
        self.ws = ws
        self.wire = wire if wire is not None else Wire()  # every frame written passes through it
        self.encoding = self.wire.encoding
        self.actor = actor
        self.remote = remote
        self.token_hash = token_hash  # of the login session this connection lives by
        self.known: set[Key] = set()
        self.closed = False
        self.close_code: int | None = None
        self._control: deque[bytes] = deque()
        self._events: deque[bytes] = deque()
        self.queued_bytes = 0  # of the queued events (the welcome picture is not bounded here)
        self._positions: dict[str, Position] = {}  # conflated here while not keeping up
        self.audience: Audience | None = None  # the hub's, from attach to detach
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._busy = False  # the sender task is inside ws.send

    # -- queueing (synchronous; called from the hub and the connection handler) ----------------
    def send(self, msg: Welcome | Ack | Error) -> None:
        if isinstance(msg, Welcome):
            self.send_raw(frames.welcome(msg))
        elif isinstance(msg, Ack):
            self.send_raw(frames.ack(msg))
        else:
            self.send_raw(frames.error(msg))

    def send_msg(self, msg: msgspec.Struct) -> None:
        """Any other frame (queued, link_status, the link's own), encoded here."""
        self.send_raw(_json.encode(msg))

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

    def flush_events(self, cache: FrameCache) -> None:
        """Write the queued events now while the socket keeps up; leave the rest to the sender
        task (which awaits the socket's drain). ``cache`` shares identical frames between
        sessions within one flush (it also keeps their parts alive, so ids stay unique)."""
        while self._events and self._writable():
            parts = self._take_events()
            key = frame_key(parts)
            cached = cache.get(key)
            if cached is None:
                cached = cache[key] = (parts, frames.events(parts))
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
        data, text = self.wire.outgoing(frame)
        broadcast([self.ws], data, text=text)

    def push_positions(self, frame: bytes, batch: list[Position]) -> None:
        """A tick's positions frame (``batch``: the positions it holds, all visible to this
        session): written now while the socket keeps up, else conflated here (newest per
        team) for the sender task."""
        if self.closed:
            return
        audience = self.audience
        if (audience is not None and audience.settled and not self._positions
                and self._writable()):
            self._write(frame)
            return
        for pos in batch:
            self._positions[pos.team_id] = pos
        self._wake.set()

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
                    await self._send(frames.events(self._take_events()))
                    continue
                now = loop.time()
                if self._positions and now >= next_positions:
                    batch = list(self._positions.values())
                    self._positions.clear()
                    await self._send(frames.positions(batch))
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
            data, text = self.wire.outgoing(frame)
            await self.ws.send(data, text=text)
        finally:
            self._busy = False
