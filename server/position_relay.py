"""Positions across instances (PostgreSQL): a team reporting to instance A moves on the consoles
of instance B.

Positions are not in the event log (they are many, ephemeral and superseded within seconds), so
the log's LISTEN/NOTIFY wake-up does not carry them. Instead every instance relays the positions
its own terminals reported, once per conflation tick of its hub, as NOTIFYs on
:data:`CHANNEL`: compact JSON rows ``[team, lon, lat, ts, speed, heading]`` after the sender's
instance id, split so that no payload reaches PostgreSQL's 8,000-byte limit. Every instance
LISTENs on the same connection; a batch from another instance goes into its state (newest per
team wins, as for a local report) and through its own hub's conflation, never relayed again (no
echo). The extra delay on B is at most one conflation interval (A's tick) plus a NOTIFY's round
trip; the track points are written by the instance that received the report.

A relay whose connection is down drops what it would send (a newer report supersedes it within
seconds; nothing acknowledged is lost: positions are never acknowledged) and reconnects with
backoff, saying so once per episode.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec

from protocol.entities import Position

log = logging.getLogger(__name__)
CHANNEL = "watchfloor_positions"
PAYLOAD_LIMIT = 7_900  # bytes: PostgreSQL refuses a NOTIFY payload of 8,000 or more
QUEUE_LIMIT = 256  # payloads waiting for the connection; older ones are dropped beyond it
RETRY_FIRST, RETRY_MOST = 0.05, 5.0

Row = tuple[str, float, float, float, float | None, float | None]
_encode = msgspec.json.Encoder().encode
_decode_rows = msgspec.json.Decoder(list[Row]).decode


def payloads(instance: str, positions: Iterable[Position], limit: int = PAYLOAD_LIMIT
             ) -> list[str]:
    """NOTIFY payloads carrying ``positions`` from ``instance``: ``instance|[rows]``, each
    under ``limit`` bytes (UTF-8)."""
    head = instance.encode() + b"|["
    out: list[str] = []
    rows: list[bytes] = []
    size = len(head) + 1
    for p in positions:
        row = _encode((p.team_id, p.lon, p.lat, p.ts.timestamp(), p.speed_kmh, p.heading))
        if rows and size + len(row) + 1 > limit:
            out.append((head + b",".join(rows) + b"]").decode())
            rows, size = [], len(head) + 1
        rows.append(row)
        size += len(row) + 1
    if rows:
        out.append((head + b",".join(rows) + b"]").decode())
    return out


def parse(payload: str) -> tuple[str, list[Position]] | None:
    """The sender's instance id and its positions; None for a payload that is not a relay
    batch (logged by the caller; nothing is applied)."""
    instance, sep, body = payload.partition("|")
    if not sep:
        return None
    try:
        rows = _decode_rows(body)
    except msgspec.ValidationError:
        return None
    except msgspec.DecodeError:
        return None
    out = []
    for team, lon, lat, ts, speed, heading in rows:
        if not (math.isfinite(lon) and math.isfinite(lat) and math.isfinite(ts)):
            return None
        out.append(Position(team_id=team, lon=lon, lat=lat,
                            ts=datetime.fromtimestamp(ts, UTC), speed_kmh=speed,
                            heading=heading))
    return instance, out


class PositionRelay:
    """One instance's side: :meth:`send` (from the hub's tick) and :meth:`run` (the
    connection: LISTEN, and the NOTIFYs waiting)."""

    def __init__(self, dsn: str, instance: str, receive: Callable[[list[Position]], None]
                 ) -> None:
        self.dsn = dsn
        self.instance = instance
        self.receive = receive
        self._queue: deque[str] = deque(maxlen=QUEUE_LIMIT)
        self._wake = asyncio.Event()
        self.ready = asyncio.Event()  # listening (set again after each reconnect)
        self.sent = self.received = self.dropped = 0

    def send(self, positions: list[Position]) -> None:
        """Queue positions reported here for the other instances."""
        batch = payloads(self.instance, positions)
        self.dropped += max(0, len(self._queue) + len(batch) - QUEUE_LIMIT)
        self._queue.extend(batch)
        self._wake.set()

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        parsed = parse(payload)
        if parsed is None:
            log.warning("ignored a positions NOTIFY that is not a relay batch (%d bytes)",
                        len(payload))
            return
        instance, positions = parsed
        if instance == self.instance or not positions:
            return  # our own (every listener gets every NOTIFY)
        self.received += len(positions)
        self.receive(positions)

    async def run(self) -> None:
        import asyncpg

        retry, conn, down_since = RETRY_FIRST, None, None
        lost = asyncio.Event()
        loop = asyncio.get_running_loop()

        def on_lost(_conn: object) -> None:
            lost.set()
            self._wake.set()

        try:
            while True:
                if conn is None:
                    try:
                        conn = await asyncpg.connect(self.dsn)
                        await conn.add_listener(CHANNEL, self._on_notify)
                        conn.add_termination_listener(on_lost)
                    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                        if conn is not None:
                            conn.terminate()
                            conn = None
                        if down_since is None:
                            down_since = loop.time()
                            log.warning("relaying positions to other instances: %s; retrying",
                                        exc)
                        self._queue.clear()  # stale by the time the link is back
                        await asyncio.sleep(retry)
                        retry = min(2 * retry, RETRY_MOST)
                        continue
                    if down_since is not None:
                        log.warning("relaying positions to other instances again after %.1f s",
                                    loop.time() - down_since)
                    retry, down_since = RETRY_FIRST, None
                    self.ready.set()
                await self._wake.wait()
                self._wake.clear()
                if lost.is_set() or conn.is_closed():
                    lost.clear()
                    self.ready.clear()
                    conn.terminate()
                    conn, down_since = None, loop.time()
                    log.warning("the positions relay connection was lost; reconnecting")
                    continue
                await self._drain(conn)
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()

    async def _drain(self, conn: Any) -> None:
        import asyncpg

        while self._queue:
            payload = self._queue.popleft()
            try:
                await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("relaying positions failed: %s", exc)
                self._wake.set()  # the loop finds the connection gone and reconnects
                return
            self.sent += 1
