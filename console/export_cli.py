"""``watchfloor export geojson|csv``: the current picture to a file, headless, as a protocol
client: log in, wait for the snapshot, write, log out. What the file holds is what this user's
console would show (the server scopes the snapshot to the principal).

The password comes from ``WATCHFLOOR_PASSWORD`` or the first line of stdin. Exit 0 when written;
1 with one line on stderr when the login is refused or the server cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from console.net.headless import HeadlessFailed, headless_session, parse_time, read_password
from console.net.link import QueryError
from console.state import i18n, text
from console.state.picture_geojson import picture_geojson, write_geojson
from console.state.reports.build import keep_reference_data
from console.state.table_csv import write_csv
from console.state.tables import TABLES
from console.state.ts_translations import ts_translator
from protocol.entities import Principal
from protocol.replica import Replica


class _Picture:
    """What a table reads (``console.state.tables.Picture``) from a headless session."""

    def __init__(self, replica: Replica, principal: Principal | None) -> None:
        self.replica = replica
        self.principal = principal


async def fetch_picture(url: str, user: str, password: str, at: datetime | None = None
                        ) -> _Picture:
    """Log in, wait until the picture is live, log out; what the session's replica held, or
    with ``at`` the picture this user could see at that moment (``history.picture``), with
    the live picture's jurisdictions for place names."""
    async with headless_session(url, user, password, client="watchfloor-export") as hs:
        if at is None:
            return _Picture(hs.replica, hs.principal)
        past = await hs.picture_at(at)
        keep_reference_data(past, hs.replica)
        return _Picture(past, hs.principal)


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
    p.add_argument("--at", type=parse_time,
                   help="a past moment (ISO 8601; China Standard Time without an offset): the "
                        "picture as this user could see it then (default: now)")
    p.add_argument("--out", required=True, type=Path, help="the file to write")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        picture = asyncio.run(fetch_picture(args.server, args.user, read_password(), args.at))
    except (HeadlessFailed, QueryError) as exc:
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
