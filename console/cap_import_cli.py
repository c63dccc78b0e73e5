"""``watchfloor cap-import``: a local CAP feed. Reads another authority's CAP 1.2 message from
a file, a ``file://`` URL or an ``http://localhost`` URL (``console.state.cap_feed``) and sends
it to the server as ``warning.import_cap``, headless, as a protocol client: log in, send,
wait for the answer, log out. The server validates and maps it; this tool only carries it.

The password comes from ``WATCHFLOOR_PASSWORD`` or the first line of stdin. Exit 0 when the
server imported it (or had it already) or, on a linked platform, holds it for the platform
that owns the warning (that owner decides later; the tool does not wait); 1 with one line
on stderr when it was refused, the source could not be read, or the login failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from console.net.headless import WAIT_S, HeadlessFailed, headless_session, read_password
from console.net.link import Forwarding
from console.net.outbox import Entry
from console.state.cap_feed import FeedError, read_cap, source_url
from protocol.messages import Ack, Error


class ImportFailed(RuntimeError):
    pass


async def import_cap(url: str, user: str, password: str, xml: str, source: str | None,
                     wait_s: float = WAIT_S) -> dict[str, Any]:
    """Log in, send ``warning.import_cap``, return the ack's result; else ImportFailed."""
    answered: asyncio.Future[Ack | Error | Forwarding] = \
        asyncio.get_running_loop().create_future()

    def on_answer(_entry: Entry, answer: Ack | Error | Forwarding) -> None:
        if not answered.done():
            answered.set_result(answer)

    try:
        async with headless_session(url, user, password, client="watchfloor-cap-import",
                                    wait_s=wait_s) as hs:
            hs.link.on_answer = on_answer
            hs.link.on_forwarding = on_answer  # the server has it durably: no answer to wait for
            hs.link.queue_command("warning.import_cap", {"xml": xml, "source_url": source})
            async with asyncio.timeout(wait_s):
                answer = await answered
    except HeadlessFailed as exc:
        raise ImportFailed(str(exc)) from None
    except TimeoutError:
        raise ImportFailed(f"no answer from {url}") from None
    if isinstance(answer, Error):
        raise ImportFailed(f"refused ({answer.code.value}): {answer.message}")
    if isinstance(answer, Forwarding):
        return {"queued_for": answer.owner}
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
        result = asyncio.run(import_cap(args.server, args.user, read_password(), xml,
                                        source_url(args.source)))
    except (FeedError, ImportFailed) as exc:
        print(f"watchfloor cap-import: {exc}", file=sys.stderr)
        return 1
    if result.get("queued_for"):
        print(f"held by the server for platform {result['queued_for']}, which decides")
    elif result.get("imported"):
        print(f"imported {result.get('identifier')} as warning {result.get('id')}")
    else:
        print(f"{result.get('identifier')} was imported before: warning {result.get('id')}, "
              "unchanged")
    return 0
