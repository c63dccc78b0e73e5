"""``watchfloor platform add|list|remove``: the child platforms linked to this one.

``add ADCODE`` registers a city or county platform inside this platform's jurisdiction and
writes its link credential (``--out FILE``, else stdout) for ``watchfloor server --platform
ADCODE --upstream URL --link-credential FILE`` on the child. From then on that platform owns
the entities of its jurisdiction: a running server takes the change within a few seconds,
and the child takes them over when it first links. Adding it again replaces the credential
(the old one is refused). ``remove`` revokes the credential and hands ownership back.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import msgspec

from protocol import adcodes

from .config import Settings
from .link import CredentialFile
from .storage import Store
from .storage.links import LinkStore


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="watchfloor platform",
                                description="Manage the child platforms linked to this one")
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="register a child platform and write its link credential")
    add.add_argument("adcode", help="the child's 6-digit adcode (a city or a county)")
    add.add_argument("--out", help="write the credential file here (mode 0600); default: stdout")
    add.add_argument("--platform", default=adcodes.PROVINCE,
                     help="this platform's adcode (default %(default)s)")
    lst = sub.add_parser("list", help="list child platforms")
    rem = sub.add_parser("remove", help="revoke a child's credential; hand its entities back")
    rem.add_argument("adcode")
    for sp in (add, lst, rem):
        sp.add_argument("--db", default="", help="database URL (default: the server's)")
    return p.parse_args(argv)


def _check(adcode: str, platform: str) -> None:
    if not (len(adcode) == 6 and adcode.isdigit()):
        raise ValueError(f"{adcode!r} is not a 6-digit adcode")
    if adcode == platform or not adcodes.is_within(adcode, platform):
        raise ValueError(f"{adcode} is not inside this platform's jurisdiction {platform}")
    if adcodes.level_of(adcode) == "province":
        raise ValueError("a child platform is a city or a county")


async def run(args: argparse.Namespace) -> int:
    store = await Store.open(args.db or Settings().url)
    links = LinkStore(store)
    try:
        if args.action == "add":
            _check(args.adcode, args.platform)
            credential = await links.add_platform(args.adcode)
            data = msgspec.json.format(msgspec.json.encode(CredentialFile(
                platform=args.adcode, parent=args.platform, credential=credential)))
            if args.out:
                path = Path(args.out)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(data + b"\n")
                print(f"added platform {args.adcode}; its link credential is in {path}")
            else:
                sys.stdout.write(data.decode() + "\n")
        elif args.action == "list":
            for p in await links.platforms():
                state = "removed" if p.removed is not None else "active"
                print(f"{p.adcode}  {state}")
        else:
            if not await links.remove_platform(args.adcode):
                print(f"watchfloor platform: no active platform {args.adcode}", file=sys.stderr)
                return 1
            print(f"removed platform {args.adcode}: its credential is refused and its "
                  "entities are this platform's again")
        return 0
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        return asyncio.run(run(args))
    except ValueError as exc:
        print(f"watchfloor platform: {exc}", file=sys.stderr)
        return 1
