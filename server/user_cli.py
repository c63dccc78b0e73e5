"""``watchfloor user add|list|disable|passwd``: manage users in the server's database.

``add`` and ``passwd`` read the password from stdin (one line; prompted without echo on a
terminal). ``disable`` and ``passwd`` revoke the user's session tokens at once; a running
server notices within ``user_poll_interval`` and closes that user's connections
(CLOSE_UNAUTHORIZED).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from protocol.enums import Role

from .app import add_user
from .auth import hash_password
from .config import Settings
from .storage import Store, UserStore


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="watchfloor user", description="Manage users")
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="add a user (password read from stdin)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--jurisdiction", required=True, help="6-digit adcode, e.g. 330324")
    add.add_argument("--unit", action="append", default=[], metavar="TEAM_ID",
                     help="a team this liaison / field user represents (repeatable)")
    add.add_argument("--display-name", default="")
    lst = sub.add_parser("list", help="list users")
    dis = sub.add_parser("disable", help="disable a user and close its sessions")
    dis.add_argument("name")
    pwd = sub.add_parser("passwd", help="set a user's password (read from stdin); "
                         "ends all its sessions")
    pwd.add_argument("name")
    for sp in (add, lst, dis, pwd):
        sp.add_argument("--db", default="", help="database URL (default: the server's)")
    return p.parse_args(argv)


def read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise ValueError("passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


async def change_password(users: UserStore, name: str) -> int:
    """Set a new password (from stdin) and revoke all the user's session tokens: a running
    server closes the user's connections within user_poll_interval."""
    password = read_password()
    if len(password) < 8:
        print("watchfloor user: password must have at least 8 characters", file=sys.stderr)
        return 1
    digest = await asyncio.to_thread(hash_password, password)
    if not await users.set_password(name, digest):
        print(f"watchfloor user: no user {name!r}", file=sys.stderr)
        return 1
    print(f"password of {name} changed; its sessions ended")
    return 0


async def run(args: argparse.Namespace) -> int:
    store = await Store.open(args.db or Settings().url)
    users = UserStore(store)
    try:
        if args.action == "add":
            password = read_password()
            if len(password) < 8:
                print("watchfloor user: password must have at least 8 characters", file=sys.stderr)
                return 1
            await add_user(users, args.name, password, role=args.role,
                           jurisdiction=args.jurisdiction, units=args.unit,
                           display_name=args.display_name)
            print(f"added {args.name} ({args.role}, {args.jurisdiction})")
        elif args.action == "passwd":
            return await change_password(users, args.name)
        elif args.action == "list":
            for u in await users.all():
                state = "disabled" if u.disabled else "active"
                units = ",".join(u.units) or "-"
                print(f"{u.name:<20} {u.role:<9} {u.jurisdiction}  {state:<8} units={units}")
        else:
            if not await users.disable(args.name):
                print(f"watchfloor user: no user {args.name!r}", file=sys.stderr)
                return 1
            print(f"disabled {args.name}")
        return 0
    finally:
        await store.close()


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        return asyncio.run(run(args))
    except ValueError as exc:
        print(f"watchfloor user: {exc}", file=sys.stderr)
        return 1
