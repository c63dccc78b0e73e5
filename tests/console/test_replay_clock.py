"""The replay clock and window checks (console.state.replay, no Qt)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.state.replay import STEPS, ReplayClock, moment_text, window_problem

T0 = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)  # 14:00 in Beijing


def test_the_slider_maps_onto_the_window() -> None:
    clock = ReplayClock.over(T0, T0 + timedelta(hours=10))
    assert clock.position() == 0
    assert clock.seek(STEPS // 2) == T0 + timedelta(hours=5)
    assert clock.position() == STEPS // 2
    assert clock.seek(STEPS * 2) == clock.end and clock.position() == STEPS
    assert clock.seek(-5) == T0


def test_play_moves_at_the_speed_and_stops_at_the_end() -> None:
    clock = ReplayClock.over(T0, T0 + timedelta(hours=1))
    assert not clock.advance(1.0)  # paused: nothing moves
    clock.playing, clock.speed = True, 600
    assert clock.advance(1.0) and clock.moment == T0 + timedelta(minutes=10)
    clock.speed = 1
    assert clock.advance(30.0) and clock.moment == T0 + timedelta(minutes=10, seconds=30)
    clock.speed = 600
    assert clock.advance(60.0) and clock.moment == clock.end and not clock.playing


def test_windows_are_checked() -> None:
    now = T0 + timedelta(days=1)
    assert window_problem(T0, T0 + timedelta(hours=1), now) is None
    assert window_problem(T0, T0, now) == "end_before_start"
    assert window_problem(now + timedelta(hours=1), now + timedelta(hours=2), now) == \
        "in_the_future"
    assert window_problem(T0 - timedelta(days=400), T0, now) == "too_long"


def test_moments_are_shown_in_china_standard_time() -> None:
    assert moment_text(T0) == "2026-12-01 14:00:00 CST"
