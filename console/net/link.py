"""The asyncio websocket link to a Watchfloor server: connect, resume, reconnect, deliver.

Plain Python on whatever asyncio loop runs it (the console runs it on the qasync loop, the
simulator on a plain one); it reports through callbacks and knows nothing of Qt::

    session = ClientSession("hz_duty", password="...", client="my-tool")
    link = Link("ws://127.0.0.1:8765", session, outbox=Outbox(path))
    link.on_changes = lambda changes: ...     # the replica (session.replica) moved
    link.on_queued = lambda entry: ...         # a command is stored in the outbox
    link.on_answer = lambda entry, answer: ... # a command got its ack or error
    link.on_forwarding = lambda entry, fwd: ... # held for the platform that owns its entity
    link.on_state = lambda state: ...          # online / connecting / reconnecting / offline
    task = asyncio.create_task(link.run())
    entry = link.queue_command("incident.note", IncidentNote(id="...", text="..."))
    result = await link.query("team.recommend", {"incident_id": "..."})
    await link.close()

``encoding`` (default ``$WATCHFLOOR_ENCODING``, else JSON) asks the server for MessagePack
frames on thin links (:mod:`protocol.encodings`): the hello is JSON text, and the link sends in
the encoding the server's welcome names and reads text frames as JSON, binary ones in it.

Every command is checked against its op's struct (:mod:`console.net.commands`), then goes
through the :class:`~console.net.outbox.Outbox` and is sent when the
link is live, and again after every reconnect until answered (exactly once, thanks to the
server's idempotency by command id). Queries (``protocol.commands.QUERIES``) are not stored:
they need the link up and fail fast otherwise. Reconnects back off exponentially with full
jitter (0.5 s doubling up to ``backoff_cap``) and resume from the replica's last seq.

On a linked platform the server may answer a command with ``queued``: its entity is owned by
another platform, which will decide. That is not the answer: the command stays pending in the
outbox (resent on every connect; the server says ``queued`` again until the owner's ack or
error arrives, maybe hours later, maybe on a later connection) and is listed in
:attr:`Link.forwarding` with the owner until then. It never counts as a "try again later"
answer, so nothing gives up on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import random
import socket
import ssl
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import msgspec
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from protocol.codec import decode_server, encode_as, encode_str
from protocol.commands import QUERIES, Args
from protocol.encodings import Encoding
from protocol.errors import CLOSE_UNAUTHORIZED, RETRY_LATER, ErrorCode, ProtocolError
from protocol.messages import (
    Ack,
    Command,
    Error,
    Msg,
    PositionReport,
    Queued,
    ServerMessage,
    Welcome,
)
from protocol.replica import Changes
from protocol.session import ClientSession, Received
from protocol.wire_log import redact_frame_logs

from .commands import wire_args
from .outbox import PENDING, Entry, Outbox

log = logging.getLogger(__name__)
MAX_FRAME = 64 * 1024 * 1024  # snapshots of a whole province arrive in a few large frames
ENCODING_ENV = "WATCHFLOOR_ENCODING"  # json (default) or msgpack

ONLINE = "online"
CONNECTING = "connecting"
RECONNECTING = "reconnecting"
OFFLINE = "offline"  # stopped: closed by us, or the server refused our credentials

# Why an attempt failed (LinkState.failure): the server's refusal of the hello by its error
# code (``unauthorized``, ``rate_limited``, ``unsupported_version``, ...), or one of these for
# a connection that never got that far.
BAD_ADDRESS = "bad_address"  # not a ws:// or wss:// URL
UNKNOWN_HOST = "unknown_host"  # the name does not resolve
REFUSED = "connection_refused"  # nothing listens there
TLS = "tls"  # the secure connection was refused (certificate, or TLS on one side only)
TIMEOUT = "timeout"  # no answer in time
HANDSHAKE = "handshake"  # something answered, but not a websocket server
NETWORK = "network"  # any other network error, or the connection was lost


@dataclass(frozen=True)
class LinkState:
    status: str  # ONLINE, CONNECTING, RECONNECTING or OFFLINE
    since: datetime  # when this status began
    offline_since: datetime | None = None  # when the link was last lost (None while online)
    attempt: int = 0  # connection attempts since the link was last online
    retry_in: float | None = None  # seconds until the next attempt
    detail: str = ""  # why the last attempt failed, in the words of the error or the server
    url: str = ""  # the server's address
    failure: str = ""  # why the last attempt failed, as a code (see BAD_ADDRESS ... NETWORK)


@dataclass(frozen=True)
class Forwarding:
    """A pending command the server holds for the platform that owns its entity."""

    id: str  # the command's id (the outbox entry's)
    owner: str  # the owning platform's adcode
    since: datetime  # when the server first answered ``queued`` for it (on this run)
    message: str = ""  # the server's words, if any


class QueryError(Exception):
    """A query could not be answered: the link is down, it timed out, or the server refused."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def _ignore(*_args: Any) -> None:
    return None


def default_encoding() -> Encoding:
    """``$WATCHFLOOR_ENCODING`` (json or msgpack), else JSON; ValueError for anything else."""
    value = os.environ.get(ENCODING_ENV, "").strip().lower() or Encoding.JSON.value
    try:
        return Encoding(value)
    except ValueError:
        raise ValueError(f"{ENCODING_ENV}={value!r}: expected one of "
                         f"{', '.join(e.value for e in Encoding)}") from None


class Link:
    def __init__(
        self,
        url: str,
        session: ClientSession,
        outbox: Outbox | None = None,
        *,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        retry_first: float = 1.0,
        open_timeout: float = 10.0,
        rng: random.Random | None = None,
        encoding: Encoding | None = None,
    ) -> None:
        self.url = url
        self.encoding = encoding if encoding is not None else default_encoding()  # asked for
        self.sending = Encoding.JSON  # what this connection's welcome named
        self.session = session
        self.outbox = outbox if outbox is not None else Outbox(":memory:")
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.retry_first = retry_first  # first wait before resending a command not run (busy)
        self.open_timeout = open_timeout
        self._rng = rng or random.Random()
        now = datetime.now(UTC)
        self.state = LinkState(CONNECTING, now, offline_since=now, url=url)
        self.on_changes: Callable[[Changes], None] = _ignore
        self.on_queued: Callable[[Entry], None] = _ignore
        self.on_answer: Callable[[Entry, Ack | Error], None] = _ignore
        self.on_retry: Callable[[Entry, Error], None] = _ignore  # not run; it goes again
        self.on_forwarding: Callable[[Entry, Forwarding], None] = _ignore  # held for its owner
        self.on_state: Callable[[LinkState], None] = _ignore
        self.on_received: Callable[[Received], None] = _ignore
        self._ws: ClientConnection | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop run() runs on
        self._unstored: set[str] = set()  # queued, not yet on disk: not to be sent yet
        self._queries: dict[str, asyncio.Future[Any]] = {}
        self._retries: dict[str, int] = {}  # pending command id -> answers "try again later"
        self._forwarding: dict[str, Forwarding] = {}  # pending command id -> held for owner
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._refused: Error | None = None  # the server's refusal of this connection's hello

    @property
    def replica(self) -> Any:
        return self.session.replica

    @property
    def live(self) -> bool:
        return self._ws is not None and self.session.live

    @property
    def forwarding(self) -> Mapping[str, Forwarding]:
        """Pending commands held for another platform, by command id (a read-only view).
        A mark lasts until the command's ack or error; it is not stored, so after a restart
        it comes back when the resent command is answered ``queued`` again."""
        return MappingProxyType(self._forwarding)

    # -- commands ------------------------------------------------------------------------------
    def queue_command(
        self,
        op: str,
        args: Args | Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Entry:
        """Check a command against its op's struct, store it in the outbox, send it if live.

        Returns at once: the outbox commits on its writer thread, and the command is sent
        when it is on disk (from this loop, if the link is live then; else on the next
        connect). Raises :class:`~console.net.commands.InvalidCommand` (and stores nothing)
        when the arguments are not what the server's decoder accepts.
        """

        def stored(entry: Entry) -> None:  # on the outbox's writer thread
            loop = self._loop
            try:
                if loop is not None:
                    loop.call_soon_threadsafe(self._on_stored, entry)
                    return
            except RuntimeError:  # that loop is closed
                pass
            self._unstored.discard(entry.id)  # not running: the next connect sends it

        wire = wire_args(op, args)
        cid = str(uuid.uuid4())
        self._unstored.add(cid)  # before the writer thread can report it stored
        entry = self.outbox.add(op, wire, expected_version, id=cid, on_stored=stored)
        _notify(self.on_queued, entry)
        return entry

    async def query(self, op: str, args: dict[str, Any], wait_s: float = 10.0) -> Any:
        """Ask the server a question (an op in QUERIES) and return its ack's result."""
        if op not in QUERIES:
            raise ValueError(f"{op} is not a query; use queue_command()")
        if not self.live or self._ws is None:
            raise QueryError("not connected", "offline")
        qid = str(uuid.uuid4())
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queries[qid] = fut
        try:
            await self._ws.send(encode_as(Command(id=qid, op=op, args=args), self.sending))
            return await asyncio.wait_for(fut, wait_s)
        except (ConnectionClosed, TimeoutError) as exc:
            raise QueryError(f"{op}: no answer ({type(exc).__name__})", "offline") from None
        finally:
            self._queries.pop(qid, None)

    def send_position(self, report: PositionReport) -> bool:
        """Telemetry is fire-and-forget: sent when live, dropped (False) otherwise."""
        return self._send_now(report) if self.live else False

    # -- lifecycle -----------------------------------------------------------------------------
    async def run(self) -> None:
        """Connect and stay connected until :meth:`close` or a refusal of the credentials."""
        self._loop = asyncio.get_running_loop()
        attempt = 0
        was_ever_live = False
        redact_frame_logs()  # websockets' DEBUG frame lines would carry the password and token
        while not self._stopping.is_set():
            attempt += 1
            detail = failure = ""
            close_code: int | None = None
            first = attempt == 1 and not was_ever_live
            self._set_state(CONNECTING if first else RECONNECTING, attempt=attempt)
            try:
                async with connect(
                    self.url,
                    compression=None,
                    max_size=MAX_FRAME,
                    open_timeout=self.open_timeout,
                    ping_interval=20,
                    ping_timeout=20,
                ) as ws:
                    self._ws = ws
                    self.sending = Encoding.JSON  # until the welcome says otherwise
                    hello = msgspec.structs.replace(self.session.hello(),
                                                    encoding=self.encoding.value)
                    await ws.send(encode_str(hello))
                    if await self._pump(ws):
                        attempt = 0  # we were live: the next failure starts the backoff afresh
                        was_ever_live = True
                    close_code = ws.close_code
            except (OSError, TimeoutError, InvalidHandshake, InvalidURI, ConnectionClosed) as exc:
                detail = str(exc) or type(exc).__name__
                failure = failure_kind(exc)
                if isinstance(exc, ConnectionClosed) and exc.rcvd is not None:
                    close_code = exc.rcvd.code
            finally:
                self._ws = None
                self._fail_queries()
            refused, self._refused = self._refused, None
            if refused is not None:
                detail, failure = refused.message, refused.code.value
            elif close_code == CLOSE_UNAUTHORIZED:
                failure = ErrorCode.UNAUTHORIZED.value
            if self._stopping.is_set():
                break
            if not self.session.disconnected(close_code):
                self._set_state(OFFLINE, detail=detail or f"refused by the server ({close_code})",
                                failure=failure)
                return
            delay = max(self._backoff(max(attempt, 1)), self.session.retry_after or 0.0)
            self._set_state(RECONNECTING, attempt=attempt, retry_in=delay, detail=detail,
                            failure=failure)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
        self._set_state(OFFLINE, detail="closed")

    def reconnect_now(self) -> None:
        """Skip the rest of the current backoff wait."""
        self._wake.set()

    async def close(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._ws is not None:
            await self._ws.close()

    async def logout(self) -> None:
        """Sign out and stop: the server revokes the session token and closes the connection.
        Offline, the token is only forgotten here (it expires on the server)."""
        self._stopping.set()
        self._wake.set()
        frame = encode_as(self.session.logout(), self.sending)
        ws = self._ws
        if ws is None:
            return
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            await ws.send(frame)
            async with asyncio.timeout(self.open_timeout):
                await ws.wait_closed()  # the server closes with 1000
        await ws.close()

    async def drop(self) -> None:
        """Close the current connection (the link reconnects): for tests and 'reconnect'."""
        if self._ws is not None:
            await self._ws.close()

    # -- internals -----------------------------------------------------------------------------
    async def _pump(self, ws: ClientConnection) -> bool:
        """Read frames until the connection closes; True if the picture became live."""
        was_live = False
        async for frame in ws:
            try:
                msg = decode_server(frame, limit=MAX_FRAME, binary=self.encoding)
            except ProtocolError as exc:
                # Skipping it could silently lose events: reconnect and resume from our seq.
                log.warning("unreadable frame from %s (%s): reconnecting", self.url, exc.message)
                await ws.close()
                break
            if self.receive_message(msg).became_live:
                was_live = True
        return was_live

    def receive_message(self, msg: ServerMessage) -> Received:
        """Take one decoded frame of the current connection: what :meth:`run` does with each
        (tests feed frames here to drive the link without a server)."""
        if isinstance(msg, Welcome):
            self.sending = msg.encoding
        received = self.session.receive(msg)
        if received.refused is not None:
            self._refused = received.refused
        if received.changes or received.changes.events:
            _notify(self.on_changes, received.changes)
        for held in received.queued:
            self._on_queued(held)
        for answer in received.answers:
            self._on_answer(answer)
        _notify(self.on_received, received)
        if received.became_live:
            self._set_state(ONLINE)
            for entry in self.outbox.pending():
                if entry.id not in self._unstored:  # the rest go once on disk
                    self._send_entry(entry)
        return received

    def _on_queued(self, held: Queued) -> None:
        """Not the answer: the server keeps the command for its owner. It stays pending (and
        is resent on reconnect); it is no longer "not run", so no retry timer is kept for it."""
        current = self.outbox.get(held.id)
        if current is None or current.state != PENDING:
            return  # a query's id, another client's, or answered meanwhile
        self._retries.pop(held.id, None)
        was = self._forwarding.get(held.id)
        mark = Forwarding(held.id, held.owner, was.since if was is not None else
                          datetime.now(UTC), held.message)
        self._forwarding[held.id] = mark
        if mark != was:
            _notify(self.on_forwarding, current, mark)

    def _on_answer(self, answer: Ack | Error) -> None:
        fut = self._queries.get(answer.id or "")
        if fut is not None:
            if not fut.done():
                if isinstance(answer, Ack):
                    fut.set_result(answer.result)
                else:
                    fut.set_exception(QueryError(answer.message, answer.code.value))
            return
        if isinstance(answer, Error) and answer.code in RETRY_LATER and self._retry(answer):
            return
        self._retries.pop(answer.id or "", None)
        self._forwarding.pop(answer.id or "", None)  # the owner decided
        entry = self.outbox.resolve(answer)
        if entry is not None:
            _notify(self.on_answer, entry, answer)

    def _retry(self, answer: Error) -> bool:
        """The server did not run a pending command and kept nothing of it (its storage was
        busy, or we were over the rate): it stays pending and goes again after a wait that
        doubles with each such answer (the server's ``retry_after`` when it gives one), and
        on every reconnect. False when the answer is not about a pending command."""
        current = self.outbox.get(answer.id or "")
        if current is None or current.state != PENDING:
            return False
        tries = self._retries[current.id] = self._retries.get(current.id, 0) + 1
        delay = max(answer.retry_after or 0.0,
                    min(self.backoff_cap, self.retry_first * 2 ** (tries - 1)))
        log.info("%s %s not run (%s: %s); sending it again in %.1f s", current.op, current.id,
                 answer.code.value, answer.message, delay)
        asyncio.get_running_loop().call_later(delay, self._resend, current.id)
        _notify(self.on_retry, current, answer)
        return True

    def _resend(self, id: str) -> None:
        current = self.outbox.get(id)
        if self.live and current is not None and current.state == PENDING \
                and id not in self._unstored and id not in self._forwarding:
            self._send_entry(current)  # held for its owner meanwhile: the server has it

    def _on_stored(self, entry: Entry) -> None:
        self._unstored.discard(entry.id)
        current = self.outbox.get(entry.id)
        if self.live and current is not None and current.state == PENDING:
            self._send_entry(current)

    def _send_entry(self, entry: Entry) -> None:
        if self._send_now(entry.command()):
            self.outbox.mark_sent(entry.id)

    def _send_now(self, msg: Msg) -> bool:
        ws = self._ws
        if ws is None:
            return False
        task = asyncio.ensure_future(ws.send(encode_as(msg, self.sending)))
        task.add_done_callback(_swallow_closed)
        return True

    def _fail_queries(self) -> None:
        for fut in self._queries.values():
            if not fut.done():
                fut.set_exception(QueryError("connection lost", "offline"))

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
        return self._rng.uniform(ceiling / 2, ceiling)

    def _set_state(
        self, status: str, attempt: int = 0, retry_in: float | None = None, detail: str = "",
        failure: str = "",
    ) -> None:
        now = datetime.now(UTC)
        prev = self.state
        since = prev.since if prev.status == status else now
        offline_since = None if status == ONLINE else prev.offline_since or now
        if status in (CONNECTING, RECONNECTING) and not detail and prev.status != ONLINE:
            detail, failure = prev.detail, prev.failure  # keep naming the last error meanwhile
        self.state = LinkState(status, since, offline_since, attempt, retry_in, detail,
                               self.url, failure)
        _notify(self.on_state, self.state)


def failure_kind(exc: BaseException) -> str:
    """Why a connection attempt failed, as one of BAD_ADDRESS ... NETWORK."""
    if isinstance(exc, InvalidURI):
        return BAD_ADDRESS
    if isinstance(exc, ssl.SSLError):
        return TLS
    if isinstance(exc, socket.gaierror):
        return UNKNOWN_HOST
    if isinstance(exc, TimeoutError):
        return TIMEOUT
    if isinstance(exc, InvalidHandshake):
        return HANDSHAKE
    if isinstance(exc, ConnectionRefusedError):
        return REFUSED
    said = str(exc)
    if isinstance(exc, OSError) and said.startswith("Multiple exceptions") \
            and said.count("[Errno") == said.count(f"[Errno {errno.ECONNREFUSED}]"):
        return REFUSED  # asyncio tried each address of the name (::1, 127.0.0.1): all refused
    return NETWORK


def _notify(callback: Callable[..., None], *args: Any) -> None:
    """Call a listener; a failing listener is logged and never takes the link down."""
    try:
        callback(*args)
    except Exception:
        log.exception("link listener %r failed", callback)


def _swallow_closed(task: asyncio.Future[None]) -> None:
    """A send racing a closing connection fails harmlessly: the outbox resends on reconnect."""
    if not task.cancelled():
        exc = task.exception()
        if exc is not None and not isinstance(exc, ConnectionClosed):
            raise exc
