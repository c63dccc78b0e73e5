"""``watchfloor server``: run the coordination server until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import ssl
import sys

from .app import run_server
from .config import Settings


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="watchfloor server", description="Run the coordination server")
    p.add_argument("--db", default="", help="database URL (default: SQLite in the user data dir); "
                   "e.g. sqlite:///PATH/watchfloor.db or postgresql://user@host/db")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--seed", choices=["demo"], default=None, help="load the demo data set")
    p.add_argument("--certfile", help="TLS certificate (PEM); serves wss://")
    p.add_argument("--keyfile", help="TLS private key (PEM)")
    p.add_argument("--retain-events", type=int, default=None, metavar="N",
                   help="keep only the newest N events (older cursors get a snapshot)")
    p.add_argument("--max-sessions-per-user", type=int, default=Settings.max_sessions_per_user,
                   metavar="N", help="session tokens one user may hold; a login beyond N ends "
                   "the user's oldest session (default %(default)s; 0: no cap)")
    p.add_argument("--keep-refusals-days", type=float, default=30.0, metavar="DAYS",
                   help="prune records of refused commands after DAYS (acked ones stay)")
    p.add_argument("--busy-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="SQLite: how long a write waits for another process holding the file "
                   "before commands are refused with 'unavailable'")
    p.add_argument("--platform", metavar="ADCODE",
                   help="run a linked child platform for this city or county (default: the "
                   "province's platform, at the top)")
    p.add_argument("--upstream", metavar="URL", help="the parent platform (ws:// or wss://)")
    p.add_argument("--link-credential", metavar="FILE",
                   help="the file `watchfloor platform add` wrote on the parent")
    p.add_argument("--link-ca", metavar="FILE", help="wss: CA certificate(s) for the parent")
    p.add_argument("--link-cert", metavar="FILE",
                   help="mutual TLS: this platform's certificate and key (one PEM file)")
    p.add_argument("--client-ca", metavar="FILE",
                   help="mutual TLS: accept only clients with certificates signed by it")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    if bool(args.certfile) != bool(args.keyfile):
        p.error("--certfile and --keyfile go together")
    if bool(args.upstream) != bool(args.link_credential):
        p.error("--upstream and --link-credential go together")
    if args.platform and not args.upstream:
        p.error("--platform needs --upstream (the parent) and --link-credential")
    if args.retain_events is not None and args.retain_events < 0:
        p.error("--retain-events must be >= 0")
    if args.max_sessions_per_user < 0:
        p.error("--max-sessions-per-user must be >= 0")
    return args


async def serve_until_signalled(args: argparse.Namespace) -> None:
    context = None
    if args.certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.certfile, args.keyfile)
        if args.client_ca:
            context.load_verify_locations(args.client_ca)
            context.verify_mode = ssl.CERT_REQUIRED
    settings = Settings(platform=args.platform, upstream=args.upstream,
                        link_credential=args.link_credential, link_ca=args.link_ca,
                        link_cert=args.link_cert,
                        retain_events=args.retain_events,
                        max_sessions_per_user=args.max_sessions_per_user or None,
                        keep_refusals=args.keep_refusals_days * 86400.0,
                        busy_timeout=args.busy_timeout)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with run_server(args.db or None, args.host, args.port, args.seed, settings=settings,
                          ssl=context) as srv:
        print(f"listening on {srv.url}", flush=True)
        logging.getLogger("server").info("server id %s, seq %d", srv.server_id,
                                         srv.coordinator.state.seq)
        await stop.wait()
        print("shutting down", flush=True)
    print("stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=args.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        asyncio.run(serve_until_signalled(args))
    except (RuntimeError, ValueError, OSError) as exc:
        print(f"watchfloor server: {exc}", file=sys.stderr)
        return 1
    return 0
