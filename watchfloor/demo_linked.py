"""``watchfloor demo --linked``: the province's platform and Ruian county's (330381), linked.

The province runs the demo seed and the typhoon exercise as ``watchfloor demo`` does; the
Ruian platform is its own server with its own database, linked to the province through a
proxy in this process (``watchfloor/link_cut.py``). At start the province hands Ruian its
entities (``watchfloor platform add 330381``); the exercise cuts Ruian's link from scenario
hour ``CUT_FROM`` to ``CUT_UNTIL``, around landfall (hour 40), and restores it. Two consoles:
the provincial duty officer on the province, the Ruian command post on Ruian.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from .demo import LISTENING, SIM_RUNNING, START_TIMEOUT_S, Child, first_exit
from .link_cut import LinkProxy

RUIAN = "330381"
CUT_FROM, CUT_UNTIL = 37.0, 43.0  # scenario hours: landfall is at 40


async def _run(args: list[str], env: dict[str, str], stdin: bytes = b"") -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "watchfloor", *args, env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate(stdin)
    if proc.returncode:
        raise RuntimeError(f"watchfloor {args[0]} {args[1]} failed: {out.decode()[-500:]}")


async def _url(child: Child) -> str:
    match = LISTENING.search(await child.wait_for(LISTENING, START_TIMEOUT_S))
    assert match is not None
    return match.group(1)


async def _cut_around_landfall(proxy: LinkProxy, started: float, speed: float,
                               heal: bool = True) -> None:
    """Cut at CUT_FROM, restore at CUT_UNTIL (``heal`` False: the caller restores it)."""
    loop = asyncio.get_running_loop()
    plan = [(CUT_FROM, proxy.cut, "cut")] + ([(CUT_UNTIL, proxy.heal, "restored")] if heal
                                             else [])
    for hour, act, words in plan:
        await asyncio.sleep(max(0.0, started + hour * 3600.0 / speed - loop.time()))
        act()
        print(f"watchfloor demo: Ruian's link {words} at scenario hour {hour:g}", flush=True)


async def run_linked(args: argparse.Namespace, stop: asyncio.Event, env: dict[str, str],
                     workdir: Path, speed: float, password: str) -> int:
    children: list[Child] = []
    tasks: list[asyncio.Task[None]] = []
    province_db = f"sqlite+aiosqlite:///{workdir / 'province.db'}"
    ruian_db = f"sqlite+aiosqlite:///{workdir / 'ruian.db'}"
    credential = workdir / "ruian-link.json"
    try:
        province = await Child.start("province", [
            "server", "--db", province_db, "--port", str(args.port), "--seed", "demo"], env)
        children.append(province)
        province_url = await _url(province)
        await _run(["platform", "add", RUIAN, "--out", str(credential), "--db", province_db],
                   env)
        await _run(["user", "add", "ruian", "--role", "county", "--jurisdiction", RUIAN,
                    "--display-name", "瑞安市指挥部 (Ruian command post)", "--db", ruian_db],
                   env, (password + "\n").encode())
        proxy = LinkProxy(int(province_url.rsplit(":", 1)[1]))
        await proxy.__aenter__()
        ruian = await Child.start("ruian", [
            "server", "--db", ruian_db, "--port", "0", "--platform", RUIAN,
            "--upstream", proxy.url, "--link-credential", str(credential)], env)
        children.append(ruian)
        ruian_url = await _url(ruian)
        sim = await Child.start("sim", ["sim", "--server", province_url, "--speed",
                                        f"{speed:g}", "--platform", f"{RUIAN}={ruian_url}"],
                                env)
        children.append(sim)
        await sim.wait_for(SIM_RUNNING, START_TIMEOUT_S)
        started = asyncio.get_running_loop().time()
        tasks.append(asyncio.create_task(_cut_around_landfall(
            proxy, started, speed, heal=args.screenshot is None)))
        consoles = [("console", province_url, "prov", args.screenshot),
                    ("console-ruian", ruian_url, "ruian",
                     args.screenshot.with_name(args.screenshot.stem + "-ruian.png")
                     if args.screenshot else None)]
        if args.screenshot is not None:
            hold = args.at * 3600.0 / speed
            print(f"watchfloor demo: screenshots at scenario hour {args.at:g} (in {hold:.0f} s)",
                  flush=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), hold)
            if stop.is_set():
                return 130
        started_consoles = []
        for name, url, user, shot in consoles:
            argv = ["console", "--server", url, "--user", user]
            if shot is not None:
                argv += ["--screenshot", str(shot.resolve())]
                if name == "console":
                    argv.append("--screenshot-extra")
            c = await Child.start(name, argv, env, stop_signal=signal.SIGTERM)
            children.append(c)
            started_consoles.append(c)
        print(f"watchfloor demo: province on {province_url}, Ruian on {ruian_url} (linked); "
              f"Ruian's link is cut from scenario hour {CUT_FROM:g} to {CUT_UNTIL:g}.",
              flush=True)
        if args.screenshot is not None:
            await asyncio.gather(*(c.proc.wait() for c in started_consoles))
            ok = all(c.proc.returncode == 0 for c in started_consoles)
            proxy.heal()  # shot while cut; restored now, and the two converge
            print("watchfloor demo: Ruian's link restored", flush=True)
            print(f"watchfloor demo: screenshots {'saved' if ok else 'failed'}", flush=True)
            return 0 if ok else 1
        await first_exit(children, stop)
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"watchfloor demo: {exc or 'timed out'}", file=sys.stderr, flush=True)
        return 1
    finally:
        for task in tasks:
            task.cancel()
        for child in reversed(children):
            await child.stop()
        if "proxy" in locals():
            await proxy.__aexit__(None, None, None)
