"""Stepped time moves only when advanced, waking each sleeper once its moment has come."""

from __future__ import annotations

import asyncio

from simulator.clock import SteppedClock


async def test_sleepers_wake_in_order_when_their_moment_is_reached() -> None:
    clock = SteppedClock()
    woke: list[tuple[str, float]] = []

    async def nap(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append((name, clock.now()))

    tasks = [asyncio.create_task(nap("late", 0.3)), asyncio.create_task(nap("early", 0.1))]
    await asyncio.sleep(0)
    assert clock.sleeping == 2 and woke == []
    clock.advance(0.1)
    await asyncio.sleep(0)
    assert woke == [("early", 0.1)] and clock.sleeping == 1
    clock.advance(0.1)
    await asyncio.sleep(0)
    assert woke == [("early", 0.1)]  # 0.2 < 0.3: still asleep
    clock.advance(0.1)
    await asyncio.gather(*tasks)
    assert [name for name, _ in woke] == ["early", "late"]
    assert abs(woke[1][1] - 0.3) < 1e-9


async def test_a_zero_sleep_only_yields() -> None:
    clock = SteppedClock()
    await asyncio.wait_for(clock.sleep(0), 1)
    assert clock.now() == 0.0 and clock.sleeping == 0
