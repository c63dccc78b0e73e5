"""``watchfloor sim``: field terminals for the demo teams and a scenario against a server."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys

from protocol.encodings import Encoding
from resources.demo import password as demo_password

from .desk import LoginFailed
from .runner import SimConfig, simulate
from .scenarios import SCENARIOS


def parse(argv: list[str]) -> SimConfig:
    p = argparse.ArgumentParser(
        prog="watchfloor sim",
        description="Run a field terminal for every demo team (each logs in as its field-<key> "
                    "user) and play a scenario through the duty desks' accounts.")
    p.add_argument("--server", required=True, help="server URL, e.g. ws://127.0.0.1:8765")
    p.add_argument("--scenario", default="typhoon", choices=[*SCENARIOS, "none"],
                   help="scenario to play (default typhoon; none: only the field terminals, which "
                        "answer dispatches from any console until Ctrl+C)")
    p.add_argument("--speed", type=float, default=432.0,
                   help="time compression (default 432: 72 scenario hours in 10 minutes)")
    p.add_argument("--teams", type=int, default=None,
                   help="simulate only the N teams nearest the scenario (default: all)")
    p.add_argument("--stepped", action="store_true",
                   help="stepped time: each tick (--speed x 0.1 s of scenario time) follows as "
                        "soon as the previous one is answered, without waiting (tests, "
                        "rehearsals)")
    p.add_argument("--until", type=float, default=None, metavar="HOURS",
                   help="stop at this scenario hour (default: when the script and the aftermath "
                        "are done)")
    p.add_argument("--password", default=None,
                   help="password of the demo users (default: $WATCHFLOOR_PASSWORD, "
                        "else the documented demo password)")
    p.add_argument("--encoding", choices=[e.value for e in Encoding], default=None,
                   help="frames: json (default) or msgpack, smaller on thin links "
                        "(default: $WATCHFLOOR_ENCODING, else json)")
    p.add_argument("--platform", action="append", default=[], metavar="ADCODE=URL",
                   help="a linked platform: the duty desks of that jurisdiction sign in there "
                        "(repeatable; field terminals stay on --server)")
    p.add_argument("-v", "--verbose", action="store_true", help="log every report")
    a = p.parse_args(argv)
    if a.speed <= 0:
        p.error("--speed must be positive")
    logging.basicConfig(level=logging.DEBUG if a.verbose else logging.INFO,
                        format="%(asctime)s %(name)s %(message)s", datefmt="%H:%M:%S")
    if not a.verbose:
        for noisy in ("websockets", "console.net"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    pw = a.password or os.environ.get("WATCHFLOOR_PASSWORD") or demo_password()
    platforms = {}
    for item in a.platform:
        code, sep, url = item.partition("=")
        if not sep or not (len(code) == 6 and code.isdigit()) or not url:
            p.error(f"--platform takes ADCODE=URL, not {item!r}")
        platforms[code] = url
    return SimConfig(url=a.server, password=pw,
                     scenario=None if a.scenario == "none" else a.scenario,
                     speed=a.speed, teams=a.teams, stepped=a.stepped, until_h=a.until,
                     encoding=Encoding(a.encoding) if a.encoding else None,
                     platforms=platforms)


async def _main(config: SimConfig) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    stats = await simulate(config, stop)
    print(f"simulator: {stats.summary()}", flush=True)


def main(argv: list[str] | None = None) -> int:
    config = parse(list(sys.argv[1:] if argv is None else argv))
    try:
        asyncio.run(_main(config))
    except KeyboardInterrupt:
        return 130
    except LoginFailed as exc:
        print(f"watchfloor sim: login refused or server unreachable ({exc}). The simulator "
              "logs in as the demo users: start the server with --seed demo.", file=sys.stderr)
        return 1
    return 0
