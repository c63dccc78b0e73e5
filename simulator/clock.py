"""The simulation's time base: real time, or stepped time that moves only when told.

Scenario seconds = clock seconds since the start x ``speed``. :class:`RealClock` follows the
machine's monotonic clock (the demo). :class:`SteppedClock` holds still until
:meth:`SteppedClock.advance`; the runner advances it by one tick as soon as the previous tick's
work is answered, so a test or a rehearsal plays the same script at the same speed without
waiting out the gaps between steps. Rate safeguards towards the server (commands and positions
per second) stay on the machine's clock: the server's limits are real time.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the clock started."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait until ``seconds`` of this clock have passed."""
        ...


class RealClock:
    def __init__(self) -> None:
        self._t0 = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._t0

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class SteppedClock:
    """Time that passes only in :meth:`advance`; sleepers wake when their moment is reached."""

    def __init__(self) -> None:
        self._now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self._now

    @property
    def sleeping(self) -> int:
        """How many tasks wait for a moment still to come."""
        return sum(1 for _, _, fut in self._sleepers if not fut.done())

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self._now + seconds, next(self._order), fut))
        await fut

    def advance(self, seconds: float) -> None:
        self._now += seconds
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, fut = heapq.heappop(self._sleepers)
            if not fut.done():
                fut.set_result(None)
