"""Telemetry: position reports from field terminals.

Only ``field`` principals and liaisons may report, and only for the units they represent. The
latest position per team lives in ``State.positions`` (not in the event log); the hub conflates
them (newest per team, at most one batch per ``position_interval``, one frame per visible set),
filtered by ``scope.may_see_positions_of``. Under PostgreSQL with several instances, positions
reported to one are relayed to the others (``server.position_relay``). Track points are
buffered and written in batches (every ``flush_interval`` or ``flush_batch`` points, and at
shutdown); ``team.track`` reads them back.
"""

from __future__ import annotations

import asyncio
import logging
import math
from datetime import UTC, datetime
from typing import Any

from protocol.commands import TeamTrack
from protocol.entities import Position, Team
from protocol.enums import Role
from protocol.errors import ErrorCode
from protocol.messages import Error, PositionReport

from .config import Settings
from .domain.api import Actor
from .hub import Hub
from .state import State
from .storage import Store, TrackPoint

log = logging.getLogger(__name__)
REPORTERS = frozenset({Role.FIELD, Role.LIAISON})


class Telemetry:
    def __init__(
        self,
        state: State,
        hub: Hub,
        store: Store,
        settings: Settings,
        write_lock: asyncio.Lock | None = None,
    ) -> None:
        """``write_lock``: held while writing (the coordinator's, so that SQLite's single
        writer is never contended in-process: a busy wait would stall a command commit)."""
        self.state = state
        self.hub = hub
        self.store = store
        self.settings = settings
        self._buffer: list[TrackPoint] = []
        self._flushing: asyncio.Task[None] | None = None
        self._write_lock = write_lock or asyncio.Lock()

    def report(self, actor: Actor, msg: PositionReport) -> Error | None:
        """Take one position report; an Error when it is refused (nothing changes then)."""
        if actor.role not in REPORTERS or msg.team_id not in actor.units:
            return Error(code=ErrorCode.FORBIDDEN,
                         message=f"{actor.user} does not report for team {msg.team_id!r}")
        if self.state.get(Team, msg.team_id) is None:
            return Error(code=ErrorCode.NOT_FOUND, message=f"no team {msg.team_id!r}")
        if not (
            math.isfinite(msg.lon) and math.isfinite(msg.lat)
            and -180 <= msg.lon <= 180 and -90 <= msg.lat <= 90
        ):
            return Error(code=ErrorCode.BAD_REQUEST, message="position out of range")
        ts = msg.ts if msg.ts is not None else datetime.now(UTC)
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=UTC)
        pos = Position(team_id=msg.team_id, lon=msg.lon, lat=msg.lat, ts=ts,
                       speed_kmh=msg.speed_kmh, heading=msg.heading)
        self._buffer.append(TrackPoint(msg.team_id, ts.timestamp(), msg.lon, msg.lat,
                                       msg.speed_kmh, msg.heading))
        old = self.state.positions.get(msg.team_id)
        if old is None or old.ts <= ts:
            self.state.positions[msg.team_id] = pos
            self.hub.publish_position(pos)
        if len(self._buffer) >= self.settings.flush_batch and self._flushing is None:
            self._flushing = asyncio.create_task(self._flush_soon())
        return None

    def relayed(self, positions: list[Position]) -> None:
        """Positions another instance received (server.position_relay): into the state and
        this instance's conflation, newest per team winning; never relayed again. Teams this
        instance does not know (yet) are skipped: their next report will do."""
        state, hub = self.state, self.hub
        for pos in positions:
            if state.get(Team, pos.team_id) is None:
                continue
            old = state.positions.get(pos.team_id)
            if old is None or old.ts < pos.ts:
                state.positions[pos.team_id] = pos
                hub.publish_position(pos, relay=False)

    async def _flush_soon(self) -> None:
        try:
            await self.flush()
        finally:
            self._flushing = None

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    async def flush(self) -> None:
        """Write buffered track points (called periodically, when the batch fills, at shutdown)."""
        async with self._write_lock:
            points, self._buffer = self._buffer, []
            if not points:
                return
            try:
                await self.store.insert_track_points(points)
            except Exception:
                log.exception(
                    "writing %d track points failed; kept for the next flush", len(points)
                )
                self._buffer[:0] = points
                raise

    async def track(self, args: TeamTrack) -> list[Any]:
        """The ``team.track`` query: stored points of a team in a window (buffered ones too)."""
        await self.flush()
        return await self.store.track(args.team_id, args.since, args.until, args.limit)
