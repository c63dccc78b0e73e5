"""``watchfloor report sitrep|handover``: a report to a file, headless, as a protocol client:
log in, take the picture (the live one, or ``history.picture`` for ``--at``), ask the
aggregation queries, build, write, sign out. Reports are built from what the server sends,
never from its database.

    watchfloor report sitrep --server URL --user NAME --jurisdiction ADCODE [--at TIME]
        --format pdf|md [--lang zh|en] --out FILE
    watchfloor report handover --server URL --user NAME --jurisdiction ADCODE
        --from T --to T --format pdf|md [--lang zh|en] --out FILE

The password comes from ``WATCHFLOOR_PASSWORD`` or the first line of stdin. Times are ISO 8601;
without an offset they are China Standard Time. Exit 0 when written; 1 with one line on stderr
when the login is refused, the server cannot be reached or refuses a query; 2 for bad options.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.net.headless import (
    HeadlessFailed,
    HeadlessSession,
    headless_session,
    parse_time,
    read_password,
)
from console.net.link import QueryError
from console.state.reports.build import (
    ReportRequest,
    Sources,
    build,
    render,
)
from protocol.adcodes import level_of


def _adcode(value: str) -> str:
    if len(value) != 6 or not value.isdigit() or not value.startswith("33"):
        raise argparse.ArgumentTypeError(f"not a Zhejiang adcode: {value!r}")
    level_of(value)
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="watchfloor report",
        description="Write a situation report (sitrep) for a jurisdiction and a moment, or a "
                    "duty handover report for a shift window, as PDF or Markdown. The password "
                    "is read from WATCHFLOOR_PASSWORD, else from the first line of stdin.")
    p.add_argument("kind", choices=["sitrep", "handover"])
    p.add_argument("--server", required=True, help="ws:// or wss:// URL of the server")
    p.add_argument("--user", required=True)
    p.add_argument("--jurisdiction", required=True, type=_adcode,
                   help="the adcode reported on (e.g. 330300)")
    p.add_argument("--at", type=parse_time,
                   help="sitrep: the moment (default: now, the live picture)")
    p.add_argument("--from", dest="start", type=parse_time, help="handover: the shift's start")
    p.add_argument("--to", dest="end", type=parse_time,
                   help="handover: the shift's end (default: now)")
    p.add_argument("--format", required=True, choices=["pdf", "md"])
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of the report (default: zh)")
    p.add_argument("--out", required=True, type=Path, help="the file to write")
    return p


def request_of(args: argparse.Namespace, now: datetime) -> ReportRequest:
    if args.kind == "sitrep":
        return ReportRequest("sitrep", args.jurisdiction, args.lang, at=args.at)
    end = args.end or now
    start = args.start or end - timedelta(hours=24)
    return ReportRequest("handover", args.jurisdiction, args.lang, start=start, end=end)


async def make_report(url: str, user: str, password: str, request: ReportRequest,
                      fmt: str) -> bytes:
    """Log in, gather, sign out, build: the file's bytes."""
    async with headless_session(url, user, password, client="watchfloor-report") as hs:
        sources = await gather(hs, request)
    return render(build(request, sources), fmt)


async def gather(hs: HeadlessSession, request: ReportRequest) -> Sources:
    return await Sources.gather(hs.replica, hs.principal, request, hs.query, hs.picture_at,
                                hs.events, datetime.now(UTC))


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.kind == "sitrep" and (args.start or args.end):
        parser.error("--from/--to belong to a handover; a sitrep takes --at")
    if args.kind == "handover" and args.at:
        parser.error("--at belongs to a sitrep; a handover takes --from and --to")
    if args.kind == "handover" and args.start and args.end and args.start >= args.end:
        parser.error("--from must come before --to")
    request = request_of(args, datetime.now(UTC))
    try:
        data = asyncio.run(make_report(args.server, args.user, read_password(), request,
                                       args.format))
        args.out.write_bytes(data)
    except (HeadlessFailed, QueryError, OSError) as exc:
        print(f"watchfloor report: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.kind} ({args.format}, {len(data)} bytes) to {args.out}")
    return 0
