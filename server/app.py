"""Assembling and running the server; also the in-process API tests and tools use.

    async with run_server("sqlite+aiosqlite:///x.db", port=0) as srv:
        await srv.add_user("prov", "secret", role="province", jurisdiction="330000")
        ... connect a client to srv.url ...

Shutdown (leaving the block, or SIGINT/SIGTERM via ``watchfloor server``): stop accepting and
close connections with 1001, let in-flight commands finish (acks are only sent after commit),
flush track points and audit rows, dispose the engine.

Background work: buffered track points and audit rows are written every ``flush_interval``;
records of refused commands older than ``keep_refusals`` are pruned every ``prune_interval``
(acknowledged commands' records stay: idempotency needs them); on PostgreSQL a LISTEN
connection wakes this instance for other instances' events and is re-established (with
backoff, then a catch-up by seq) whenever it drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import ssl as ssl_module
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from types import ModuleType
from typing import Any

from websockets.asyncio.server import Server, serve

from protocol.entities import Jurisdiction, Position
from protocol.enums import Role
from protocol.errors import CLOSE_UNAUTHORIZED
from protocol.wire_log import redact_frame_logs

from . import auth
from .config import Settings
from .coordinator import Coordinator, Handler
from .fanout import ScopeRules
from .hub import Hub
from .link import Links
from .login_throttle import LoginThrottle
from .net import Services, handle, refuse_origin
from .position_relay import PositionRelay
from .state import State
from .storage import Store, UserStore
from .storage.store import is_busy
from .telemetry import Telemetry
from .uplink import Uplink

log = logging.getLogger(__name__)
BACKGROUND_STOP_S = 5.0  # shutdown waits this long for a background loop's current round
LISTEN_RETRY_FIRST = 0.05  # seconds before the first reconnect of a dropped LISTEN connection


@dataclass
class RunningServer:
    url: str
    server_id: str
    settings: Settings
    store: Store
    coordinator: Coordinator
    hub: Hub
    telemetry: Telemetry
    users: UserStore
    services: Services
    ws_server: Server
    # Set at shutdown: the background loops finish the round they are in and return, so no
    # write of theirs is cancelled half-way (a cancelled write could leave its connection
    # holding SQLite's write lock, and the final flush would then find the file locked).
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    relay: PositionRelay | None = None  # PostgreSQL: positions to and from other instances
    links: Links | None = None  # linked platforms: the tree, the uplink, the children

    @property
    def port(self) -> int:
        return int(self.ws_server.sockets[0].getsockname()[1])

    async def add_user(
        self,
        name: str,
        password: str,
        *,
        role: str,
        jurisdiction: str,
        units: Iterable[str] = (),
        display_name: str = "",
        cheap_hash: bool = False,
    ) -> None:
        """Create a user (``cheap_hash``: minimal Argon2id cost, for test fixtures only)."""
        await add_user(self.users, name, password, role=role, jurisdiction=jurisdiction,
                       units=units, display_name=display_name, cheap_hash=cheap_hash)

    async def disable_user(self, name: str) -> bool:
        """Disable a user and close its live sessions now (the CLI path relies on polling)."""
        found = await self.users.disable(name)
        self.hub.close_user(name, CLOSE_UNAUTHORIZED, "user disabled")
        return found


async def add_user(
    users: UserStore,
    name: str,
    password: str,
    *,
    role: str,
    jurisdiction: str,
    units: Iterable[str] = (),
    display_name: str = "",
    cheap_hash: bool = False,
) -> None:
    from .domain.jurisdictions import check_user_jurisdiction

    Role(role)  # ValueError on an unknown role
    check_user_jurisdiction(role, jurisdiction)
    digest = await asyncio.to_thread(auth.hash_password, password, cheap=cheap_hash)
    await users.add(name, role=role, jurisdiction=jurisdiction, password_hash=digest,
                    units=tuple(units), display_name=display_name)


def _default_handlers() -> dict[str, Handler]:
    from .domain import HANDLERS

    return HANDLERS


def _default_scope() -> ModuleType:
    return importlib.import_module("server.domain.scope")


def _default_jurisdictions() -> list[Jurisdiction]:
    from .domain.jurisdictions import load_jurisdictions

    return load_jurisdictions()


async def _seed(name: str, coordinator: Coordinator) -> None:
    if name != "demo":
        raise ValueError(f"unknown seed {name!r} (known: demo)")
    try:
        seed_module = importlib.import_module("server.seed")
    except ModuleNotFoundError as exc:
        raise RuntimeError("--seed demo needs server/seed.py, which is not installed") from exc
    await seed_module.seed_demo(coordinator)


@asynccontextmanager
async def run_server(
    db_url: str | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    seed: str | None = None,
    *,
    settings: Settings | None = None,
    handlers: dict[str, Handler] | None = None,
    scope: Any = None,
    jurisdictions: Callable[[], Iterable[Jurisdiction]] | None = None,
    ssl: ssl_module.SSLContext | None = None,
) -> AsyncIterator[RunningServer]:
    """Open storage, load the state, listen; stop cleanly on exit.

    ``handlers``, ``scope`` (an object with visible/related/may_see_positions_of) and
    ``jurisdictions`` default to server.domain.HANDLERS, server.domain.scope and
    server.domain.jurisdictions.load_jurisdictions.
    """
    base = settings or Settings()
    settings = replace(base, db_url=db_url or base.db_url, host=host, port=port)
    store = await Store.open(settings.url, busy_timeout=settings.busy_timeout)
    try:
        server_id = await store.server_id()
        state = State()
        rules = ScopeRules.of(scope if scope is not None else _default_scope())
        hub = Hub(state, rules, settings)
        coordinator = Coordinator(
            store, state, hub, handlers if handlers is not None else _default_handlers(),
            server_id=server_id,
        )
        coordinator.checkpoints.every = settings.checkpoint_every
        await coordinator.load(jurisdictions or _default_jurisdictions)
        if handlers is None:  # incident.create locates incidents: not the first command's cost
            from .domain.jurisdictions import prepare_locate

            await asyncio.to_thread(prepare_locate)
        telemetry = Telemetry(state, hub, store, settings, write_lock=coordinator.lock)
        coordinator.track_reader = telemetry.track
        if seed:
            await _seed(seed, coordinator)
        users = UserStore(store, write_lock=coordinator.lock)
        redact_frame_logs()  # websockets' DEBUG frame lines would carry passwords and tokens
        links = Links(coordinator, hub, settings)
        await links.start(uplink=Uplink)
        services = Services(settings, coordinator, hub, telemetry, users, server_id,
                            throttle=LoginThrottle(settings.login_throttle), links=links)
        redact_frame_logs()  # websockets' DEBUG frame lines would carry passwords and tokens
        ws_server = await serve(
            partial(handle, services),
            host,
            port,
            compression=None,
            max_size=2 * settings.max_frame_bytes,
            ping_interval=settings.ping_interval,
            ping_timeout=settings.ping_timeout,
            close_timeout=settings.close_timeout,
            process_request=partial(refuse_origin, services),
            ssl=ssl,
        )
    except BaseException:
        if "links" in locals():
            await links.stop()
        await store.close()
        raise
    actual_port = int(ws_server.sockets[0].getsockname()[1])
    scheme = "wss" if ssl is not None else "ws"
    running = RunningServer(
        url=f"{scheme}://{host}:{actual_port}",
        server_id=server_id,
        settings=settings,
        store=store,
        coordinator=coordinator,
        hub=hub,
        telemetry=telemetry,
        users=users,
        services=services,
        ws_server=ws_server,
        links=links,
    )
    # Loops that write end their round at shutdown; the peer watch only reads: cancelled.
    writers = [
        asyncio.create_task(_flush_loop(running), name="flush"),
        asyncio.create_task(_user_watch(running), name="user-watch"),
    ]
    readers = []
    if store.is_postgres:
        readers.append(asyncio.create_task(_peer_watch(running), name="peer-watch"))
        relay = running.relay = PositionRelay(_pg_dsn(settings.url), uuid.uuid4().hex[:12],
                                              telemetry.relayed)
        hub.relay = relay.send
        readers.append(asyncio.create_task(relay.run(), name="position-relay"))
    if links.uplink is not None:  # this platform's own positions go up the link too
        to_instances = hub.relay

        def relay_both(positions: list[Position]) -> None:
            if to_instances is not None:
                to_instances(positions)
            links.relay_positions(positions)

        hub.relay = relay_both
    try:
        yield running
    finally:
        await _shutdown(running, writers, readers)


async def _shutdown(srv: RunningServer, writers: list[asyncio.Task[None]],
                    readers: list[asyncio.Task[None]]) -> None:
    if srv.links is not None:
        await srv.links.stop()  # the uplink first: nothing more comes in over it
    srv.ws_server.close(close_connections=True)  # refuse new ones, close open ones with 1001
    await srv.ws_server.wait_closed()  # ... and wait until every handler has returned
    await srv.coordinator.idle()  # queued commands are committed
    await srv.coordinator.checkpoints.idle()  # a picture checkpoint being written is written
    srv.stopping.set()
    _, late = await asyncio.wait(writers, timeout=BACKGROUND_STOP_S)
    for task in [*late, *readers]:
        task.cancel()
    for task in [*writers, *readers]:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await srv.hub.drain()
    try:
        await srv.telemetry.flush()  # these take the coordinator's lock: no commit half-way
        await srv.coordinator.flush_audit()
    finally:
        await srv.store.close()


async def _flush_loop(srv: RunningServer) -> None:
    """Write track points and audit rows every flush_interval (what a failed write kept is
    retried); prune the log when configured, and old refusals every prune_interval.
    While the storage is busy and commands are queued, the flush waits: it would hold the
    coordinator's lock for a whole busy timeout, and the commands' own attempts tell when the
    lock is gone."""
    settings, coord = srv.settings, srv.coordinator
    loop = asyncio.get_running_loop()
    next_prune = loop.time()
    while not await _stopping_within(srv, settings.flush_interval):
        if coord.storage_busy and coord.queued:
            continue
        try:
            await srv.telemetry.flush()
            await coord.flush_audit()
            if settings.retain_events is not None:
                async with coord.lock:
                    await srv.store.prune_events(settings.retain_events)
            if loop.time() >= next_prune:
                async with coord.lock:
                    pruned = await srv.store.prune_refusals(time.time() - settings.keep_refusals)
                if pruned:
                    log.info("pruned %d records of commands refused over %.0f days ago",
                             pruned, settings.keep_refusals / 86400)
                next_prune = loop.time() + settings.prune_interval
        except Exception as exc:
            if is_busy(exc):
                coord.storage_busy_seen()
            else:
                log.exception("periodic flush failed; what it could not write is kept for "
                              "the next one")


async def _user_watch(srv: RunningServer) -> None:
    """Close live sessions of users disabled by another process (``watchfloor user disable``)
    and connections whose session token is gone (``watchfloor user passwd``, a logout or the
    session cap on another instance, expiry); every session_purge_interval, delete expired
    session tokens."""
    loop = asyncio.get_running_loop()
    next_purge = loop.time()
    while not srv.stopping.is_set():
        try:
            if loop.time() >= next_purge:
                await srv.users.purge_expired_sessions()  # (under the coordinator's lock)
                next_purge = loop.time() + srv.settings.session_purge_interval
            live = {s.actor.user for s in srv.hub.sessions}
            if live:
                for name in live & await srv.users.disabled_names():
                    srv.hub.close_user(name, CLOSE_UNAUTHORIZED, "user disabled")
            await _close_ended_sessions(srv)
        except Exception:
            log.exception("watching users failed")
        await _stopping_within(srv, srv.settings.user_poll_interval)


async def _stopping_within(srv: RunningServer, seconds: float) -> bool:
    """Wait ``seconds``, or less if the server starts stopping; True when it is stopping."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await srv.stopping.wait()
    return srv.stopping.is_set()


async def _close_ended_sessions(srv: RunningServer) -> None:
    sessions = [s for s in srv.hub.sessions if s.token_hash]
    if not sessions:
        return
    live = await srv.users.live_tokens({s.token_hash for s in sessions})
    for s in sessions:
        if s.token_hash not in live:
            s.close(CLOSE_UNAUTHORIZED, "session ended: signed out, password changed or expired")


def _pg_dsn(url: str) -> str:
    """The asyncpg DSN of a SQLAlchemy PostgreSQL URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _peer_watch(srv: RunningServer) -> None:
    """PostgreSQL: LISTEN for other instances' appends (the payload is only a hint: the log is
    read back by seq), and poll every peer_poll_interval in case a notification was missed.

    The LISTEN connection is watched: when it drops (the backend was terminated, PostgreSQL
    restarted, the network cut) that is logged, it is re-established with backoff (doubling
    from LISTEN_RETRY_FIRST up to peer_poll_interval), and every (re)connect is followed by a
    catch-up by seq, so events committed while nobody listened are delivered at once."""
    import asyncpg

    from .storage.store import NOTIFY_CHANNEL

    wake, lost = asyncio.Event(), asyncio.Event()
    dsn = _pg_dsn(srv.settings.url)
    state, poll = srv.coordinator.state, srv.settings.peer_poll_interval
    loop = asyncio.get_running_loop()

    def on_notify(_conn: object, _pid: int, _channel: str, payload: str) -> None:
        # Our own commits notify too; only a seq beyond ours is news.
        if not payload.isdigit() or int(payload) > state.seq:
            wake.set()

    def on_lost(_conn: object) -> None:
        lost.set()
        wake.set()

    conn: Any = None
    down_since: float | None = None  # loop time the listener was found gone
    retry = LISTEN_RETRY_FIRST
    try:
        while True:
            if conn is None:
                try:
                    conn = await asyncpg.connect(dsn)
                    await conn.add_listener(NOTIFY_CHANNEL, on_notify)
                    conn.add_termination_listener(on_lost)
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                    if conn is not None:
                        conn.terminate()
                        conn = None
                    log.warning("listening for other instances' events: %s; retrying in "
                                "%.2f s (polling every %g s meanwhile)", exc, retry, poll)
                    with contextlib.suppress(Exception):  # the poll, while it cannot listen
                        await srv.coordinator.sync_from_log()
                    await asyncio.sleep(retry)
                    retry = min(2 * retry, poll)
                    continue
                retry = LISTEN_RETRY_FIRST
                if down_since is not None:
                    log.warning("listening for other instances' events again after %.2f s",
                                loop.time() - down_since)
                    down_since = None
                    wake.set()  # catch up on what was committed while nobody listened
            with contextlib.suppress(TimeoutError):
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
                # that races the event, and this loop would never end at shutdown.
                async with asyncio.timeout(poll):
                    await wake.wait()
            wake.clear()
            if lost.is_set() or conn.is_closed():
                lost.clear()
                log.warning("the connection listening for other instances' events was lost; "
                            "reconnecting")
                conn.terminate()
                conn, down_since = None, loop.time()
            try:
                await srv.coordinator.sync_from_log()
            except Exception:
                log.exception("reading other instances' events failed")
    finally:
        if conn is not None:
            await conn.close()
