"""``watchfloor export geojson|csv``: the current picture to a file, headless, as a protocol
client: log in, wait for the snapshot, write, log out. What the file holds is what this user's
console would show (the server scopes the snapshot to the principal).

The password comes from ``WATCHFLOOR_PASSWORD`` or the first line of stdin. Exit 0 when written;
1 with one line on stderr when the login is refused or the server cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from console.net.link import OFFLINE, ONLINE, Link, LinkState
from console.state import i18n, text
from console.state.picture_geojson import picture_geojson, write_geojson
from console.state.table_csv import write_csv
from console.state.tables import TABLES
from console.state.ts_translations import ts_translator
from protocol.entities import Principal
from protocol.replica import Replica
from protocol.session import ClientSession

GIVE_UP_ATTEMPTS = 3  # connection attempts before an unreachable server counts as a failure
WAIT_S = 60.0


class ExportFailed(RuntimeError):
    pass


class _Picture:
    """What a table reads (``console.state.tables.Picture``) from a headless session."""

    def __init__(self, session: ClientSession) -> None:
        self.session = session

    @property
    def replica(self) -> Replica:
        return self.session.replica

    @property
    def principal(self) -> Principal | None:
        return self.session.principal


async def fetch_picture(url: str, user: str, password: str, wait_s: float = WAIT_S) -> _Picture:
    """Log in, wait until the picture is live, log out; the session's replica holds it."""
    session = ClientSession(user, password=password, client="watchfloor-export")
    link = Link(url, session)
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
    task = asyncio.create_task(link.run(), name=f"export-link-{user}")
    try:
        async with asyncio.timeout(wait_s):
            await done.wait()
        online = bool(decisive) and decisive[0].status == ONLINE
        if online:
            await link.logout()
        else:
            await link.close()
    except TimeoutError:
        online = False
        await link.close()
    finally:
        await asyncio.wait({task}, timeout=5.0)
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        link.outbox.close()
    if not online:
        if decisive and decisive[0].status == OFFLINE:
            raise ExportFailed(f"login of {user} refused: {why[0]}")
        raise ExportFailed(f"cannot reach {url}: {why[0]}")
    return _Picture(session)


def _password() -> str:
    env = os.environ.get("WATCHFLOOR_PASSWORD")
    if env is not None:
        return env
    return sys.stdin.readline().rstrip("\r\n")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="watchfloor export",
        description="Export the current picture as GeoJSON, or one table as CSV. The password "
                    "is read from WATCHFLOOR_PASSWORD, else from the first line of stdin.")
    p.add_argument("format", choices=["geojson", "csv"])
    p.add_argument("--server", required=True, help="ws:// or wss:// URL of the server")
    p.add_argument("--user", required=True)
    p.add_argument("--table", choices=sorted(TABLES), default="incident",
                   help="the table to write as CSV (default: incident)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of CSV headers and labels (default: zh)")
    p.add_argument("--out", required=True, type=Path, help="the file to write")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        picture = asyncio.run(fetch_picture(args.server, args.user, _password()))
    except ExportFailed as exc:
        print(f"watchfloor export: {exc}", file=sys.stderr)
        return 1
    was = text.language()
    text.set_language(args.lang)
    translator = i18n.install(ts_translator(args.lang))
    try:
        if args.format == "geojson":
            count = write_geojson(picture_geojson(picture.replica), args.out)
            print(f"wrote {count} features to {args.out}")
        else:
            count = write_csv(TABLES[args.table](picture), picture.replica, args.out)
            print(f"wrote {count} rows of table {args.table} to {args.out}")
    finally:
        i18n.install(translator)
        text.set_language(was)
    return 0
