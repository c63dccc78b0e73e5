"""One logged-in principal of the simulator (a duty desk or a field terminal) over the
console's websocket link (``console.net.link``: reconnects and resumes, commands exactly once).

Adds what a script needs on top of the link: ``await desk.command(op, args)`` returning the
ack's result (or raising :class:`~simulator.driver.Refused`), and a bound on the command rate.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from console.net.commands import InvalidCommand
from console.net.link import OFFLINE, ONLINE, Link, LinkState, QueryError
from console.net.outbox import Entry
from protocol.commands import QUERIES
from protocol.encodings import Encoding
from protocol.messages import Ack, Error, PositionReport
from protocol.replica import Changes, Replica
from protocol.session import ClientSession

from .driver import Refused

ANSWER_TIMEOUT_S = 30.0
GIVE_UP_ATTEMPTS = 4  # connection attempts before a first login counts as failed


class LoginFailed(RuntimeError):
    pass


class RateLimit:
    """At most ``per_second`` events on average, in bursts of up to ``burst``."""

    def __init__(self, per_second: float, burst: int = 10,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.burst = float(burst)
        self.clock = clock
        self._tokens = float(burst)
        self._at = clock()

    def delay(self) -> float:
        """Take one token; the seconds to wait before using it (0 when one was available)."""
        now = self.clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.per_second)
        self._at = now
        self._tokens -= 1.0
        return 0.0 if self._tokens >= 0 else -self._tokens / self.per_second

    async def wait(self) -> None:
        pause = self.delay()
        if pause > 0:
            await asyncio.sleep(pause)


class Desk:
    def __init__(self, url: str, user: str, password: str, *,
                 commands_per_second: float = 20.0, encoding: Encoding | None = None) -> None:
        self.user = user
        self.session = ClientSession(user, password=password, client="watchfloor-sim")
        self.link = Link(url, self.session, encoding=encoding)
        self.link.on_answer = self._on_answer
        self.link.on_state = self._on_state
        self.link.on_changes = self._on_changes
        self.on_changes: Callable[[Changes], None] = lambda _changes: None
        self.limit = RateLimit(commands_per_second)
        self._answers: dict[str, asyncio.Future[Any]] = {}
        self._online = asyncio.Event()
        self._offline = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.last_state: LinkState | None = None

    @property
    def replica(self) -> Replica:
        return self.session.replica

    @property
    def units(self) -> list[str]:
        principal = self.session.principal
        return list(principal.units) if principal is not None else []

    async def start(self, wait_s: float = 30.0) -> None:
        """Connect and wait for the live picture; LoginFailed when refused or unreachable."""
        self._task = asyncio.create_task(self.link.run(), name=f"link-{self.user}")
        online = asyncio.create_task(self._online.wait())
        offline = asyncio.create_task(self._offline.wait())
        done, pending = await asyncio.wait({online, offline}, timeout=wait_s,
                                           return_when=asyncio.FIRST_COMPLETED)
        for t in pending:
            t.cancel()
        if online not in done:
            detail = self.last_state.detail if self.last_state else "no answer"
            await self.close()
            raise LoginFailed(f"{self.user}: {detail or 'timed out'}")

    async def command(self, op: str, args: dict[str, Any]) -> Any:
        await self.limit.wait()
        if op in QUERIES:
            try:
                return await self.link.query(op, args)
            except QueryError as exc:
                raise Refused(exc.code or "offline", str(exc)) from None
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        try:
            entry = self.link.queue_command(op, args)
        except InvalidCommand as exc:
            raise Refused("bad_request", str(exc)) from None
        self._answers[entry.id] = fut
        try:
            return await asyncio.wait_for(fut, ANSWER_TIMEOUT_S)
        except TimeoutError:
            raise Refused("timeout", f"{op}: no answer in {ANSWER_TIMEOUT_S:.0f} s") from None
        finally:
            self._answers.pop(entry.id, None)

    def send_position(self, report: PositionReport) -> bool:
        return self.link.send_position(report)

    async def close(self) -> None:
        await self.link.close()
        if self._task is not None:
            await asyncio.wait({self._task}, timeout=5.0)
            if not self._task.done():
                self._task.cancel()
        self.link.outbox.close()

    def _on_answer(self, entry: Entry, answer: Ack | Error) -> None:
        fut = self._answers.get(entry.id)
        if fut is None or fut.done():
            return
        if isinstance(answer, Ack):
            fut.set_result(answer.result)
        else:
            fut.set_exception(Refused(answer.code.value, answer.message))

    def _on_state(self, state: LinkState) -> None:
        self.last_state = state
        if state.status == ONLINE:
            self._online.set()
        elif state.status == OFFLINE or (
                not self._online.is_set() and state.attempt >= GIVE_UP_ATTEMPTS):
            self._offline.set()  # refused, or never reached: start() gives up

    def _on_changes(self, changes: Changes) -> None:
        self.on_changes(changes)
