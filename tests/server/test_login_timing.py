"""A wrong password costs the same whoever it is tried against: a real-cost account, a disabled
one and a name no account has (cheap-hash demo and fixture accounts, whose names and password
are published, stay cheap). Before, an unknown name was
refused without hashing (1.6 ms against 100.5 ms), so timing told which user names exist.

Measured through ``auth.login`` directly (no sockets, no throttle), interleaved so that load
on the machine hits every kind alike, compared by medians. The clock is the process's CPU time
(the hashing threads included): it measures the work each path does, which is what makes the
wall time differ, without the scheduling noise of a loaded machine (wall-clock medians on a
shared 2-core machine moved by 50 ms between kinds doing the same work)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from protocol.messages import Hello
from server import auth
from server.storage import Store, UserStore

TRIES = 15  # per kind and round
ROUNDS = 3
MAX_GAP_S = 0.010


async def _tries(users: UserStore, kinds: list[str], took: dict[str, list[float]]) -> None:
    """Add TRIES interleaved refused logins per kind of name to ``took`` (CPU seconds)."""
    for i in range(TRIES):
        for name in kinds[i % len(kinds):] + kinds[:i % len(kinds)]:  # no kind always first
            hello = Hello(protocol=1, user=name, password="wrong password")
            start = time.process_time()
            with pytest.raises(auth.LoginRefused):
                await auth.login(users, hello, 60.0)
            took[name].append(time.process_time() - start)


async def test_wrong_password_takes_as_long_for_every_kind_of_name(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'timing.db'}")
    users = UserStore(store)
    try:
        for name in ("real", "gone"):
            await users.add(name, role="county", jurisdiction="330324",
                            password_hash=auth.hash_password(f"{name}-pass"))
        await users.disable("gone")
        kinds = ["real", "gone", "nobody"]
        # A leak costs a whole Argon2 verification (~100 ms); the CPU time of one costs
        # ~185 ms give or take ~5 %, so 15 tries a kind leave a median ~10 ms off now and
        # then. While a gap shows, another round of tries joins the samples (medians over up
        # to 45 tries a kind); a real leak shows in every round.
        took: dict[str, list[float]] = {k: [] for k in kinds}
        for _ in range(ROUNDS):
            await _tries(users, kinds, took)
            medians = {k: statistics.median(v) for k, v in took.items()}
            gaps = {n: abs(medians[n] - medians["nobody"]) for n in ("real", "gone")}
            if max(gaps.values()) < MAX_GAP_S:
                break
        assert max(gaps.values()) < MAX_GAP_S, f"gaps {gaps}; medians {medians} of {took}"
    finally:
        await store.close()
