"""A console as a process holds it, for the reliability tests: the console's own persistent
outbox, picture cache and link (console.net), running on this loop; ``crash`` ends it the way
a killed process ends, and a new instance on the same folder is the restarted console."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from console.net.cache import PictureCache
from console.net.link import Link
from console.net.outbox import Entry, Outbox
from protocol.messages import Ack, Error
from protocol.replica import Changes, Replica
from protocol.session import ClientSession, Received

from .harness import picture, same_picture


class ConsoleProcess:
    """What a console process holds: outbox and cache files, a session, a running link."""

    def __init__(self, url: str, user: str, folder: Path) -> None:
        self.outbox = Outbox(folder / "outbox.sqlite3")
        self.cache = PictureCache(folder / "picture.json")
        replica = Replica()
        self.cached = self.cache.load(replica) is not False
        self.session = ClientSession(user, password=f"{user}-pass", replica=replica,
                                     client="reliability")
        self.link = Link(url, self.session, self.outbox, backoff_base=0.05, backoff_cap=0.2)
        self.live = asyncio.Event()
        self.settled = asyncio.Event()  # nothing pending in the outbox
        self.answers = 0
        self.hello_resumed: bool | None = None
        self.server_seq = 0  # the server's seq when this console connected
        self.link.on_received = self._on_received
        self.link.on_answer = self._on_answer
        self.on_answer_hook: Any = None
        self._expected: dict[Any, Any] | None = None
        self.converged = asyncio.Event()
        self.link.on_changes = self._on_changes
        self.task = asyncio.create_task(self.link.run())

    def _on_received(self, received: Received) -> None:
        if received.welcome is not None:
            self.hello_resumed = received.welcome.resumed
            self.server_seq = received.welcome.current_seq
        if received.became_live:
            self.live.set()

    def _on_answer(self, _entry: Entry, _answer: Ack | Error) -> None:
        self.answers += 1
        if self.on_answer_hook is not None:
            self.on_answer_hook()
        if self.outbox.pending_count() == 0:
            self.settled.set()

    def _on_changes(self, _changes: Changes) -> None:
        if self._expected is not None and picture(self.session.replica) == self._expected:
            self.converged.set()

    async def converge(self, expected: dict[Any, Any], within: float = 10.0) -> None:
        self._expected = expected
        if picture(self.session.replica) == expected:
            return
        try:
            await asyncio.wait_for(self.converged.wait(), within)
        except TimeoutError:
            raise AssertionError(
                same_picture(picture(self.session.replica), expected)) from None

    def crash(self) -> None:
        """As if the process were killed: the socket goes without a close frame."""
        ws = self.link._ws  # the link keeps its socket to itself; a crash does not ask
        if ws is not None:
            ws.transport.abort()
        self.task.cancel()

    async def gone(self) -> None:
        await asyncio.gather(self.task, return_exceptions=True)
        self.outbox.close()
