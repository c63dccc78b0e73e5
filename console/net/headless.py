"""A headless protocol client for command-line tools: log in, wait for the live picture, ask
questions, sign out::

    async with headless_session(url, user, password) as hs:
        hs.session.replica          # the live picture, scoped to the user by the server
        await hs.query("team.recommend", {...})
        past = await hs.picture_at(moment)   # history.picture, paged into a fresh Replica

Entering fails with :class:`HeadlessFailed` (one line saying why) when the login is refused or
the server cannot be reached after a few attempts; leaving signs out (the server revokes the
token). Events the session receives while open are kept in ``hs.events``. No Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from protocol.entities import Principal
from protocol.messages import Event
from protocol.past_picture import picture_at
from protocol.replica import Changes, Replica
from protocol.session import ClientSession

from .link import OFFLINE, ONLINE, Link, LinkState

CST = timezone(timedelta(hours=8), "CST")
GIVE_UP_ATTEMPTS = 3  # connection attempts before an unreachable server counts as a failure
WAIT_S = 60.0
PICTURE_PAGE = 2000  # history.picture's largest page

Query = Callable[[str, dict[str, Any]], Awaitable[Any]]


class HeadlessFailed(RuntimeError):
    """The session could not start: refused, or the server was not reached."""


class HeadlessSession:
    """An open session; see :func:`headless_session`."""

    def __init__(self, session: ClientSession, link: Link) -> None:
        self.session = session
        self.link = link
        self.events: list[Event] = []  # received live while open, in order

    @property
    def replica(self) -> Replica:
        return self.session.replica

    @property
    def principal(self) -> Principal | None:
        return self.session.principal

    async def query(self, op: str, args: dict[str, Any], wait_s: float = 30.0) -> Any:
        """The answer (the ack's result) to a query; ``console.net.link.QueryError`` when
        the server refuses it or does not answer."""
        return await self.link.query(op, args, wait_s=wait_s)

    async def picture_at(self, at: datetime) -> Replica:
        """The picture this user saw at ``at`` (``history.picture``), in a fresh Replica."""
        return await page_picture(self.query, at)

    def _on_changes(self, changes: Changes) -> None:
        self.events.extend(changes.events)


def parse_time(value: str) -> datetime:
    """A command-line moment: ISO 8601, China Standard Time when it names no offset."""
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    return ts.replace(tzinfo=CST) if ts.tzinfo is None else ts


def read_password() -> str:
    """``WATCHFLOOR_PASSWORD``, else the first line of stdin."""
    env = os.environ.get("WATCHFLOOR_PASSWORD")
    if env is not None:
        return env
    return sys.stdin.readline().rstrip("\r\n")


async def page_picture(query: Query, at: datetime, limit: int = PICTURE_PAGE) -> Replica:
    """Ask ``history.picture`` for ``at`` page by page into a new Replica (the protocol's
    paging, :func:`protocol.past_picture.picture_at`)."""
    return await picture_at(query, at, limit=limit)


@asynccontextmanager
async def headless_session(url: str, user: str, password: str, client: str = "watchfloor-cli",
                           wait_s: float = WAIT_S) -> AsyncIterator[HeadlessSession]:
    """Log in and wait until the picture is live; sign out on leaving."""
    session = ClientSession(user, password=password, client=client)
    link = Link(url, session)
    hs = HeadlessSession(session, link)
    link.on_changes = hs._on_changes
    done = asyncio.Event()
    decisive: list[LinkState] = []  # the state that ended the wait
    why = ["no answer"]  # the latest reason a connection failed

    def on_state(state: LinkState) -> None:
        if state.detail and not done.is_set():
            why[0] = state.detail
        if not done.is_set() and (
                state.status in (ONLINE, OFFLINE) or state.attempt >= GIVE_UP_ATTEMPTS):
            decisive.append(state)  # live, refused, or not reached after a few tries
            done.set()

    link.on_state = on_state
    task = asyncio.create_task(link.run(), name=f"headless-link-{user}")
    online = False
    try:
        try:
            async with asyncio.timeout(wait_s):
                await done.wait()
            online = bool(decisive) and decisive[0].status == ONLINE
        except TimeoutError:
            online = False
        if not online:
            if decisive and decisive[0].status == OFFLINE:
                raise HeadlessFailed(f"login of {user} refused: {why[0]}")
            raise HeadlessFailed(f"cannot reach {url}: {why[0]}")
        yield hs
    finally:
        if online:
            await link.logout()
        else:
            await link.close()
        await asyncio.wait({task}, timeout=5.0)
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        link.outbox.close()
