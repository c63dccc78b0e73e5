"""The websocket edge: handshake, per-connection limits, frames in, outcomes out.

Handshake: the first frame must be ``hello`` (within ``hello_timeout``); the server answers
``welcome`` then a snapshot (in parts) or the coalesced replay, then live traffic. Refusals:
an ``error`` frame, then close CLOSE_UNAUTHORIZED / CLOSE_UNSUPPORTED_VERSION /
CLOSE_HANDSHAKE_TIMEOUT. After the handshake every bad frame gets an ``error`` frame (with the
command id when it can be read) and changes nothing; ``abuse_limit`` bad frames in a row close
the connection with CLOSE_PROTOCOL_ABUSE. Frames larger than ``max_frame_bytes`` get
``too_large``; frames over twice that are cut off by websockets with close code 1009.
Connections that send an Origin header (browsers) are refused with HTTP 403 before the upgrade.
A hello may ask for MessagePack frames (``encoding``, docs/protocol.md "Encodings"): the
session's :class:`~protocol.codec.Wire` converts every frame it writes, each distinct frame
once for all such sessions (``Services.transcoder``), and its binary frames are read as
MessagePack.

Password hellos pass the login throttle (server/login_throttle.py) before their password is
checked: a throttled one gets ``rate_limited`` with ``retry_after``, then CLOSE_UNAUTHORIZED.
A connection lives by its session token: ``logout`` revokes it and closes with 1000; a login
over the per-user session cap closes the connections of the sessions it ended.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from http import HTTPStatus

import msgspec
from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from protocol import frames
from protocol.codec import FrameTranscoder, Wire, decode_client, decode_hello, peek_command_id
from protocol.encodings import chosen
from protocol.entities import Principal
from protocol.errors import (
    CLOSE_HANDSHAKE_TIMEOUT,
    CLOSE_NORMAL,
    CLOSE_PROTOCOL_ABUSE,
    CLOSE_UNAUTHORIZED,
    CLOSE_UNSUPPORTED_VERSION,
    ErrorCode,
    ProtocolError,
)
from protocol.link import LinkHello, LinkReady
from protocol.messages import (
    PROTOCOL_VERSION,
    SUPPORTED_VERSIONS,
    Command,
    Error,
    Hello,
    Limits,
    Logout,
    Msg,
    PositionReport,
    Queued,
    Resume,
    Welcome,
)

from . import auth
from .config import Settings
from .coordinator import Coordinator
from .domain.api import Actor
from .hub import Hub
from .link import Links
from .link_serve import serve_child
from .login_throttle import LoginThrottle
from .resume import resumption
from .sender import Session
from .storage import UserStore
from .telemetry import Telemetry

log = logging.getLogger(__name__)
ABUSIVE = frozenset({ErrorCode.BAD_REQUEST, ErrorCode.TOO_LARGE, ErrorCode.RATE_LIMITED,
                     ErrorCode.FORBIDDEN})


@dataclass
class Services:
    """What a connection handler needs from the running server."""

    settings: Settings
    coordinator: Coordinator
    hub: Hub
    telemetry: Telemetry
    users: UserStore
    server_id: str
    throttle: LoginThrottle = field(default_factory=LoginThrottle)  # failed password hellos
    refused_origin: int = 0  # requests refused for their Origin header
    transcoder: FrameTranscoder = field(default_factory=FrameTranscoder)  # MessagePack sessions
    links: Links | None = None  # linked platforms (server/link.py)


class TokenBucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def refuse_origin(svc: Services, connection: ServerConnection, request: Request) -> Response | None:
    """process_request hook: a request carrying Origin comes from a browser page: 403."""
    if "Origin" in request.headers:
        svc.refused_origin += 1
        svc.coordinator.audit("-", _remote(connection), "connect", "origin_refused",
                              request.headers["Origin"][:200])
        return Response(HTTPStatus.FORBIDDEN.value, "Forbidden", Headers(),
                        b"Origin header refused: not a browser service\n")
    return None


def _address(ws: ServerConnection) -> str:
    """The client's IP address (without the port): what the login throttle counts by."""
    addr = ws.remote_address
    return str(addr[0]) if isinstance(addr, tuple) else str(addr)


def _remote(ws: ServerConnection) -> str:
    addr = ws.remote_address
    return f"{addr[0]}:{addr[1]}" if isinstance(addr, tuple) else str(addr)


async def _refuse(ws: ServerConnection, err: Error, close_code: int) -> None:
    try:
        await ws.send(frames.error(err), text=True)
        await ws.close(close_code, err.message[:120])
    except ConnectionClosed:
        pass


async def handle(svc: Services, ws: ServerConnection) -> None:
    """One connection, from hello to close."""
    remote = _remote(ws)
    coord, settings = svc.coordinator, svc.settings
    try:
        async with asyncio.timeout(settings.hello_timeout):
            raw = await ws.recv()
    except TimeoutError:
        coord.audit("-", remote, "hello", "timeout")
        await ws.close(CLOSE_HANDSHAKE_TIMEOUT, "no hello in time")
        return
    except ConnectionClosed:
        return
    hello = await _hello(svc, ws, raw, remote)
    if hello is None:
        return
    if isinstance(hello, LinkHello):
        if svc.links is None:
            err = Error(code=ErrorCode.UNAUTHORIZED, message="this server takes no links")
            coord.audit(f"platform:{hello.platform}"[:64], remote, "link", err)
            await _refuse(ws, err, CLOSE_UNAUTHORIZED)
            return
        await serve_child(svc.links, svc, ws, hello, remote, partial(_link_welcome, svc))
        return
    login = await _login(svc, ws, hello, remote)
    if login is None:
        return
    actor = auth.actor_of(login.user)
    coord.audit(actor.user, remote, "hello", "ok", hello.client[:200])
    if login.evicted:
        svc.hub.close_tokens(login.evicted, CLOSE_UNAUTHORIZED,
                             "session ended: the user's newest login went over the session cap")
        coord.audit(actor.user, remote, "hello", "session_cap",
                    f"{len(login.evicted)} oldest session(s) ended")
    async with coord.lock:  # no batch half-applied while the picture is taken
        session = Session(svc.hub, ws, actor, remote, auth.token_hash(login.token),
                          Wire(chosen(hello.encoding), svc.transcoder))
        svc.hub.attach(session)
    try:
        await _welcome(svc, session, hello, login)
        await _serve(svc, ws, session)
    except ConnectionClosed:
        pass
    finally:
        svc.hub.detach(session)
        await session.stop()


async def _login(svc: Services, ws: ServerConnection, hello: Hello, remote: str
                 ) -> auth.Login | None:
    """Check the hello's credentials, password hellos through the throttle; None: refused."""
    coord, throttle = svc.coordinator, svc.throttle
    address = _address(ws)
    # A name longer than any account's is refused without hashing: nothing to throttle.
    user = (
        hello.user if hello.token is None and len(hello.user or "") <= auth.MAX_USER_NAME else None
    )
    if user is not None:
        wait = throttle.attempt(user, address, time.monotonic())
        if wait > 0:
            seconds = math.ceil(wait)
            message = f"too many failed logins: try again in {seconds} s"
            coord.audit(user, remote, "hello", ErrorCode.RATE_LIMITED.value, message)
            err = Error(code=ErrorCode.RATE_LIMITED, message=message, retry_after=seconds)
            await _refuse(ws, err, CLOSE_UNAUTHORIZED)
            return None
    try:
        login = await auth.login(svc.users, hello, svc.settings.session_ttl,
                                 svc.settings.max_sessions_per_user)
    except auth.LoginRefused as exc:
        coord.audit(hello.user or "-", remote, "hello", ErrorCode.UNAUTHORIZED.value, str(exc))
        await _refuse(ws, Error(code=ErrorCode.UNAUTHORIZED, message=str(exc)), CLOSE_UNAUTHORIZED)
        return None
    if user is not None:
        throttle.succeeded(user, address, time.monotonic())
    return login


async def _hello(
    svc: Services, ws: ServerConnection, raw: str | bytes, remote: str
) -> Hello | LinkHello | None:
    try:
        msg = decode_hello(raw, svc.settings.max_frame_bytes)
    except ProtocolError as exc:
        svc.coordinator.audit("-", remote, "hello", exc.code.value, exc.message)
        await _refuse(ws, Error(code=exc.code, message=exc.message), CLOSE_UNAUTHORIZED)
        return None
    if not isinstance(msg, (Hello, LinkHello)):
        svc.coordinator.audit("-", remote, "hello", ErrorCode.BAD_REQUEST.value, "not a hello")
        err = Error(code=ErrorCode.BAD_REQUEST, message="the first frame must be a hello")
        await _refuse(ws, err, CLOSE_UNAUTHORIZED)
        return None
    if msg.protocol not in SUPPORTED_VERSIONS:
        svc.coordinator.audit(getattr(msg, "user", None) or "-", remote, "hello",
                              "unsupported_version",
                              str(msg.protocol))
        err = Error(
            code=ErrorCode.UNSUPPORTED_VERSION,
            message=f"protocol {msg.protocol} not supported; this server speaks "
            f"{sorted(SUPPORTED_VERSIONS)}",
        )
        await _refuse(ws, err, CLOSE_UNSUPPORTED_VERSION)
        return None
    return msg


async def _welcome(svc: Services, session: Session, hello: Hello, login: auth.Login) -> None:
    """Send welcome + snapshot or replay, and start the session's sender. The picture is built
    under the lock (no batch half-applied, no live change published meanwhile) and streamed:
    each frame goes out while the next is built, so the client decodes while the server
    builds."""
    await _picture(svc, session, hello.resume, svc.server_id, svc.server_id, login.token,
                   auth.principal_of(login.user))
    if svc.links is not None and svc.links.linked:
        session.send_msg(svc.links.status())


async def _link_welcome(svc: Services, session: Session, cursor: Resume | None, epoch: str,
                        ready: LinkReady) -> None:
    """A child platform's welcome: the picture of its jurisdiction, resumed from a cursor
    in our log if it is one (``cursor``: checked against our epochs, else None), with our
    epoch for its next cursor; ``link_ready`` right after the welcome."""
    actor = session.actor
    await _picture(svc, session, cursor, cursor.server_id if cursor else epoch, epoch, "",
                   Principal(id=actor.user, role=actor.role, jurisdiction=actor.jurisdiction),
                   ready)


async def _picture(svc: Services, session: Session, cursor: Resume | None, cursor_ok: str,
                   server_id: str, token: str, principal: Principal,
                   after: LinkReady | None = None) -> None:
    """Welcome, then the snapshot or the replay from ``cursor`` (a cursor whose server id is
    not ``cursor_ok`` gets a snapshot)."""
    hub, coord, settings = svc.hub, svc.coordinator, svc.settings
    pruned = await coord.store.pruned_through() if cursor is not None else 0
    async with coord.lock:
        target = coord.state.seq
        plan = resumption(
            cursor, server_id=cursor_ok, pruned_through=pruned, current_seq=target,
            changed=coord.count_changes_since(cursor.last_seq) if cursor is not None else 0,
            picture=len(coord.last_change),
        )
        session.send(
            Welcome(
                protocol=PROTOCOL_VERSION,
                server_id=server_id,
                session_token=token,
                principal=principal,
                current_seq=target,
                server_time=datetime.now(UTC),
                resumed=plan.replay,
                limits=Limits(
                    max_frame_bytes=settings.max_frame_bytes,
                    commands_per_second=settings.commands_per_second,
                    positions_per_second=settings.positions_per_second,
                ),
                encoding=session.encoding,
            )
        )
        if after is not None:
            session.send_msg(after)
        session.start()
        if plan.replay and cursor is not None:
            picture = hub.fanout.replay_frames(session, coord.changes_since(cursor.last_seq))
        else:
            picture = hub.fanout.snapshot_frames(session)
        for frame in picture:
            session.send_raw(frame)
            await asyncio.sleep(0)  # let the sender write it
        hub.settle(session)


async def _serve(svc: Services, ws: ServerConnection, session: Session) -> None:
    settings, actor = svc.settings, session.actor
    commands = TokenBucket(settings.commands_per_second, settings.command_burst)
    per_unit = settings.positions_per_second * max(1, len(actor.units))
    positions = TokenBucket(per_unit, 2 * per_unit)
    bad_in_a_row = 0
    async for raw in ws:
        if session.closed:
            break
        err = await _frame(svc, session, actor, raw, commands, positions)
        if err is None:
            bad_in_a_row = 0
            continue
        session.send(err)
        bad_in_a_row = bad_in_a_row + 1 if err.code in ABUSIVE else 0
        if bad_in_a_row >= settings.abuse_limit:
            svc.coordinator.audit(actor.user, session.remote, "connection", "abuse",
                                  f"{bad_in_a_row} bad frames in a row")
            session.close(CLOSE_PROTOCOL_ABUSE, "too many bad frames in a row")
            break


async def _frame(
    svc: Services,
    session: Session,
    actor: Actor,
    raw: str | bytes,
    commands: TokenBucket,
    positions: TokenBucket,
) -> Error | None:
    """Handle one frame after the handshake; returns the error to send, if any."""
    coord = svc.coordinator
    try:
        msg: Msg = decode_client(raw, svc.settings.max_frame_bytes, session.encoding)
    except ProtocolError as exc:
        err = Error(id=peek_command_id(raw, session.encoding)
                    if exc.code != ErrorCode.TOO_LARGE else None,
                    code=exc.code, message=exc.message)
        coord.audit(actor.user, session.remote, "frame", err)
        return err
    if isinstance(msg, Command):
        if not commands.take():
            err = Error(id=msg.id, code=ErrorCode.RATE_LIMITED,
                        message=f"over {svc.settings.commands_per_second:g} commands/s")
            coord.audit(actor.user, session.remote, msg.op, err)
            return err
        outcome = await coord.execute(
            actor, msg.op, msg.args, command_id=msg.id,
            expected_version=msg.expected_version, remote=session.remote,
        )
        if isinstance(outcome, Error):
            return outcome
        if isinstance(outcome, Queued):
            session.send_msg(outcome if outcome.forward is None
                             else msgspec.structs.replace(outcome, forward=None))
            return None
        session.send(outcome)
        return None
    if isinstance(msg, Logout):
        await svc.users.revoke_session(session.token_hash)
        coord.audit(actor.user, session.remote, "logout", "ok")
        svc.hub.close_tokens([session.token_hash], CLOSE_NORMAL, "logged out")
        return None
    if isinstance(msg, PositionReport):
        if not positions.take():
            err = Error(code=ErrorCode.RATE_LIMITED, message="too many position reports")
            coord.audit(actor.user, session.remote, "position", err)
            return err
        refused = svc.telemetry.report(actor, msg)
        if refused is not None:
            coord.audit(actor.user, session.remote, "position", refused)
        return refused
    err = Error(code=ErrorCode.BAD_REQUEST,
                message="already logged in: hello is only the first frame")
    coord.audit(actor.user, session.remote, "frame", err)
    return err
