"""Throttling password guesses: failures in a row earn waits that double, per name and address.

Three streaks count failed password hellos, each with its own rule (:class:`Rule`: so many
free failures, then a wait that starts at ``base`` and doubles with every further failure, up
to ``cap``):

- **pair** (user name, client address): 5 free, then 1 s, 2 s, 4 s ... up to 5 min. This is
  what stops one attacker guessing one account; a success of that pair resets it.
- **address** (any user names from one client address): 20 free, then doubling up to 5 min.
  This stops one address spraying many names a few guesses each. A success from the address
  takes back only its own attempt: otherwise an insider with one valid account could reset it
  between guesses at the others.
- **user** (one user name from addresses that never logged in as that user): 10 free, then
  doubling up to only 30 s. This is the gentle per-user cap against guesses spread over many
  addresses. It cannot lock the real user out: addresses that logged in as the user
  successfully (the newest 8 per user) are exempt from it, and elsewhere it makes them wait
  30 s at most. A success resets it.

A hello is refused (``rate_limited``, with the wait) while any of its streaks is waiting;
such refusals cost no hashing and count as nothing. An admitted attempt counts as a failure
at once, before the password is checked, and is taken back by :meth:`LoginThrottle.succeeded`:
so parallel connections cannot run more guesses at a time than the streaks allow. The price:
more than 5 logins of one name from one address (20 of any names) in flight at the same moment
are told to wait a second, as benches that open hundreds of consoles of one user at once find
(bench/server_common.py lifts the throttle). Unknown and
real user names are treated alike (the throttle never looks at the accounts), so it tells
nothing about which names exist. Token hellos are not throttled: a token is 256 random bits.

The state is in memory, per server process, by choice: it is short-lived (a streak idle for
``forget_after`` is dropped), it needs no write per failed guess (which would let guesses load
the database), and a restart, which resets it, needs the operator. Several instances on one
PostgreSQL database each throttle on their own, so an attacker reaching N of them gets N times
the rate. Memory is bounded by ``max_streaks`` (the least recently touched go first).

Pure logic: the caller passes ``now`` (monotonic seconds); no clock, no sockets.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    free: int  # failures in a row before waits begin
    base: float  # the first wait, seconds
    cap: float  # the longest wait, seconds

    def wait_after(self, failures: int) -> float:
        """The wait after the ``failures``-th failure in a row (0 while still free)."""
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(failures - self.free, 60))


@dataclass(frozen=True)
class ThrottlePolicy:
    pair: Rule = Rule(free=5, base=1.0, cap=300.0)
    address: Rule = Rule(free=20, base=1.0, cap=300.0)
    user: Rule = Rule(free=10, base=1.0, cap=30.0)
    forget_after: float = 900.0  # seconds without a failure after which a streak is dropped
    known_addresses: int = 8  # addresses remembered per user after a successful login
    max_streaks: int = 100_000


@dataclass
class _Streak:
    failures: int = 0
    until: float = 0.0  # no attempt before this (monotonic seconds)
    last: float = 0.0  # the latest counted attempt


Key = tuple[str, ...]


@dataclass
class LoginThrottle:
    policy: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    _streaks: OrderedDict[Key, _Streak] = field(default_factory=OrderedDict)
    _known: dict[str, OrderedDict[str, None]] = field(default_factory=dict)

    def attempt(self, user: str, address: str, now: float) -> float:
        """0.0: the hello may check its password (the attempt counts as a failure until
        :meth:`succeeded`); otherwise the seconds to wait, and nothing is counted."""
        self._forget(now)
        rules = self._rules(user, address)
        wait = max((s.until - now for k, _ in rules if (s := self._streaks.get(k)) is not None),
                   default=0.0)
        if wait > 0:
            return wait
        for key, rule in rules:
            streak = self._streaks.pop(key, None) or _Streak()
            streak.failures += 1
            streak.last = now
            if streak.failures >= rule.free:
                streak.until = now + rule.wait_after(streak.failures)
            self._streaks[key] = streak  # the most recently touched go last
        while len(self._streaks) > self.policy.max_streaks:
            self._streaks.popitem(last=False)
        return 0.0

    def succeeded(self, user: str, address: str, now: float) -> None:
        """The password was right: reset the pair and the user streak, take this attempt back
        from the address streak, and remember the address as one of the user's."""
        self._streaks.pop(("pair", user, address), None)
        self._streaks.pop(("user", user), None)
        streak = self._streaks.get(("address", address))
        if streak is not None:
            streak.failures = max(0, streak.failures - 1)
            if streak.failures < self.policy.address.free:
                streak.until = 0.0
        known = self._known.setdefault(user, OrderedDict())
        known[address] = None
        known.move_to_end(address)
        while len(known) > self.policy.known_addresses:
            known.popitem(last=False)

    def __len__(self) -> int:
        return len(self._streaks)

    def _rules(self, user: str, address: str) -> list[tuple[Key, Rule]]:
        p = self.policy
        rules: list[tuple[Key, Rule]] = [(("pair", user, address), p.pair),
                                         (("address", address), p.address)]
        if address not in self._known.get(user, ()):
            rules.append((("user", user), p.user))
        return rules

    def _forget(self, now: float) -> None:
        """Drop streaks idle for forget_after and done waiting (oldest touched first)."""
        while self._streaks:
            key, streak = next(iter(self._streaks.items()))
            if now < max(streak.last + self.policy.forget_after, streak.until):
                break
            del self._streaks[key]
