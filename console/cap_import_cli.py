"""``watchfloor cap-import``: a local CAP feed. Reads another authority's CAP 1.2 message from
a file, a ``file://`` URL or an ``http://localhost`` URL (``console.state.cap_feed``) and sends
it to the server as ``warning.import_cap``, headless, as a protocol client: log in, send,
wait for the answer, log out. The server validates and maps it; this tool only carries it.

The password comes from ``WATCHFLOOR_PASSWORD`` or the first line of stdin. Exit 0 when the
server imported it (or had it already); 1 with one line on stderr when it was refused, the
source could not be read, or the login failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from console.export_cli import GIVE_UP_ATTEMPTS, WAIT_S, _password
from console.net.link import OFFLINE, ONLINE, Link, LinkState
from console.net.outbox import Entry
from console.state.cap_feed import FeedError, read_cap, source_url
from protocol.messages import Ack, Error
from protocol.session import ClientSession


class ImportFailed(RuntimeError):
    pass


async def import_cap(url: str, user: str, password: str, xml: str, source: str | None,
                     wait_s: float = WAIT_S) -> dict[str, Any]:
    """Log in, send ``warning.import_cap``, return the ack's result; else ImportFailed."""
    session = ClientSession(user, password=password, client="watchfloor-cap-import")
    link = Link(url, session)
    online = asyncio.Event()
    answered: asyncio.Future[Ack | Error] = asyncio.get_running_loop().create_future()
    why = ["no answer"]
    decisive: list[LinkState] = []

    def on_state(state: LinkState) -> None:
        if state.detail and not online.is_set():
            why[0] = state.detail
        if not online.is_set() and (
                state.status in (ONLINE, OFFLINE) or state.attempt >= GIVE_UP_ATTEMPTS):
            decisive.append(state)
            online.set()

    def on_answer(_entry: Entry, answer: Ack | Error) -> None:
        if not answered.done():
            answered.set_result(answer)

    link.on_state = on_state
    link.on_answer = on_answer
    task = asyncio.create_task(link.run(), name=f"cap-import-link-{user}")
    answer: Ack | Error | None = None
    try:
        async with asyncio.timeout(wait_s):
            await online.wait()
            if decisive[0].status == ONLINE:
                link.queue_command("warning.import_cap", {"xml": xml, "source_url": source})
                answer = await answered
        if answer is not None:
            await link.logout()
        else:
            await link.close()
    except TimeoutError:
        await link.close()
    finally:
        await asyncio.wait({task}, timeout=5.0)
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        link.outbox.close()
    if answer is None:
        if decisive and decisive[0].status == OFFLINE:
            raise ImportFailed(f"login of {user} refused: {why[0]}")
        raise ImportFailed(f"cannot reach {url}: {why[0]}")
    if isinstance(answer, Error):
        raise ImportFailed(f"refused ({answer.code.value}): {answer.message}")
    return dict(answer.result or {})


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="watchfloor cap-import",
        description="Import another authority's CAP 1.2 message as a warning. SOURCE is a "
                    "file, a file:// URL or an http://127.0.0.1 / http://localhost URL. The "
                    "password is read from WATCHFLOOR_PASSWORD, else from the first line of "
                    "stdin.")
    p.add_argument("source", metavar="FILE|URL")
    p.add_argument("--server", required=True, help="ws:// or wss:// URL of the server")
    p.add_argument("--user", required=True)
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        xml = read_cap(args.source)
        result = asyncio.run(import_cap(args.server, args.user, _password(), xml,
                                        source_url(args.source)))
    except (FeedError, ImportFailed) as exc:
        print(f"watchfloor cap-import: {exc}", file=sys.stderr)
        return 1
    if result.get("imported"):
        print(f"imported {result.get('identifier')} as warning {result.get('id')}")
    else:
        print(f"{result.get('identifier')} was imported before: warning {result.get('id')}, "
              "unchanged")
    return 0
