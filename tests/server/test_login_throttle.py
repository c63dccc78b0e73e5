"""The login throttle's policy, without sockets, on a clock the test steps."""

from __future__ import annotations

from server.login_throttle import LoginThrottle, Rule, ThrottlePolicy


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def step(self, seconds: float) -> float:
        self.now += seconds
        return self.now


def guesses(throttle: LoginThrottle, user: str, address: str, now: float, n: int) -> list[float]:
    return [throttle.attempt(user, address, now) for _ in range(n)]


def test_five_free_failures_then_waits_that_double_up_to_the_cap() -> None:
    clock, t = Clock(), LoginThrottle()
    assert guesses(t, "yj", "10.0.0.9", clock.now, 5) == [0.0] * 5
    waits = []
    for _ in range(12):
        wait = t.attempt("yj", "10.0.0.9", clock.now)
        assert wait > 0  # refused, and a refusal counts as nothing: the wait does not grow
        assert t.attempt("yj", "10.0.0.9", clock.now) == wait
        waits.append(wait)
        clock.step(wait)
        assert t.attempt("yj", "10.0.0.9", clock.now) == 0.0  # one more guess admitted
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]


def test_a_success_resets_the_pair() -> None:
    clock, t = Clock(), LoginThrottle()
    guesses(t, "yj", "10.0.0.9", clock.now, 5)
    assert t.attempt("yj", "10.0.0.9", clock.now) == 1.0
    assert t.attempt("yj", "10.0.0.9", clock.step(1.0)) == 0.0
    t.succeeded("yj", "10.0.0.9", clock.now)
    assert guesses(t, "yj", "10.0.0.9", clock.now, 5) == [0.0] * 5  # five free again


def test_parallel_attempts_count_before_their_outcome() -> None:
    """Eight connections at once get no more than the free failures: an attempt counts as a
    failure when admitted, not when its password check ends."""
    clock, t = Clock(), LoginThrottle()
    admitted = [t.attempt("yj", "10.0.0.9", clock.now) == 0.0 for _ in range(8)]
    assert admitted == [True] * 5 + [False] * 3


def test_an_attacker_elsewhere_does_not_lock_the_real_user_out() -> None:
    clock, t = Clock(), LoginThrottle()
    t.attempt("yj", "10.1.1.1", clock.now)  # the duty officer's desk, once
    t.succeeded("yj", "10.1.1.1", clock.now)
    # Guesses from many addresses, each within its own free failures.
    for i in range(60):
        t.attempt("yj", f"192.0.2.{i}", clock.now)
    # A new address is slowed by the per-user streak, but gently ...
    fresh = t.attempt("yj", "198.51.100.7", clock.now)
    assert 0 < fresh <= 30.0
    # ... and the desk that logged in before is not slowed at all.
    assert t.attempt("yj", "10.1.1.1", clock.now) == 0.0
    # A real user at a new address waits at most the per-user cap.
    assert t.attempt("yj", "198.51.100.7", clock.step(30.0)) == 0.0


def test_one_address_spraying_many_names_is_slowed() -> None:
    clock, t = Clock(), LoginThrottle()
    for i in range(20):
        assert t.attempt(f"user{i}", "203.0.113.5", clock.now) == 0.0
    assert t.attempt("someone-else", "203.0.113.5", clock.now) == 1.0
    assert t.attempt("someone-else", "203.0.113.6", clock.now) == 0.0  # other addresses go on


def test_a_success_takes_back_only_its_own_attempt_from_the_address() -> None:
    """An insider's own good logins do not reset the address streak for guessing others."""
    clock, t = Clock(), LoginThrottle()
    for i in range(19):
        t.attempt(f"victim{i}", "203.0.113.5", clock.now)
    for _ in range(3):
        assert t.attempt("insider", "203.0.113.5", clock.now) == 0.0
        t.succeeded("insider", "203.0.113.5", clock.now)
    assert t.attempt("victim-next", "203.0.113.5", clock.now) == 0.0  # the 20th failure
    assert t.attempt("victim-more", "203.0.113.5", clock.now) == 1.0


def test_unknown_and_real_names_are_throttled_alike() -> None:
    clock, t = Clock(), LoginThrottle()
    for name in ("yj", "no-such-user"):
        assert guesses(t, name, "10.0.0.9", clock.now, 5) == [0.0] * 5
    assert t.attempt("no-such-user", "10.0.0.8", clock.now) == 0.0


def test_idle_streaks_are_forgotten_and_memory_is_bounded() -> None:
    clock = Clock()
    t = LoginThrottle(ThrottlePolicy(pair=Rule(5, 1.0, 300.0), forget_after=900.0,
                                     max_streaks=50))
    guesses(t, "yj", "10.0.0.9", clock.now, 6)
    assert len(t) == 3  # pair, address, user
    clock.step(901.0)
    assert t.attempt("ra", "10.0.0.7", clock.now) == 0.0
    assert len(t) == 3  # yj's streaks were dropped, ra's three are new
    assert guesses(t, "yj", "10.0.0.9", clock.now, 5) == [0.0] * 5
    for i in range(200):
        t.attempt(f"u{i}", f"10.9.{i}.1", clock.now)
    assert len(t) <= 50
