"""The parent's side of one child platform's link (server/link.py says what each end
guarantees): the credential check, the picture down, and what comes up."""


from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from protocol import adcodes
from protocol.codec import Wire
from protocol.encodings import Encoding
from protocol.entities import Position, Team, kind_of
from protocol.enums import Role
from protocol.errors import CLOSE_UNAUTHORIZED, ErrorCode
from protocol.link import (
    LOCAL_KINDS,
    Cursor,
    LinkAck,
    LinkCommands,
    LinkEvent,
    LinkEvents,
    LinkHello,
    LinkOutcomes,
    LinkReady,
    LinkReceipt,
    cursor_valid,
    home_of,
    platform_user,
)
from protocol.messages import (
    Error,
    Positions,
)

from .coordinator import Incoming
from .domain.api import Actor
from .faults import fault_point
from .link import OUTBOX, UP, Links, Mail, pump_loop
from .sender import Session
from .storage.links import Refused

log = logging.getLogger(__name__)
_json = msgspec.json.Encoder()
_up_decoder = msgspec.json.Decoder(
    LinkEvents | LinkCommands | LinkOutcomes | LinkReceipt | Positions)


def _incoming(ev: LinkEvent) -> Incoming:
    return Incoming(ev.entity, ev.ts, ev.actor, ev.op, ev.command_id, ev.origin)


# -- the parent's side of one child ----------------------------------------------------------
@dataclass
class ChildLink:
    links: Links
    code: str
    session: Session
    mail: Mail
    remote: str
    applied: Cursor | None = None
    sent_seq: int = 0
    teams: dict[str, str] = field(default_factory=dict)

    def session_seq(self) -> int | None:
        return None if self.session.closed else self.links.coord.state.seq


async def serve_child(links: Links, svc: Any, ws: ServerConnection, hello: LinkHello,
                      remote: str, welcome: Callable[..., Any]) -> None:
    """A child platform's connection: check its credential, stream its jurisdiction's
    picture down (``welcome``: net's picture streaming, with the epoch check), then apply
    what it sends up."""
    coord = links.coord
    code = hello.platform
    user = platform_user(code)
    if not (len(code) == 6 and code.isdigit() and code in links.tree.children
            and await links.store.credential_ok(code, hello.credential)):
        coord.audit(user, remote, "link", ErrorCode.UNAUTHORIZED.value,
                    "unknown platform, revoked or wrong credential")
        with contextlib.suppress(ConnectionClosed):
            await ws.send(_json.encode(Error(code=ErrorCode.UNAUTHORIZED,
                                             message="link credential refused")).decode())
            await ws.close(CLOSE_UNAUTHORIZED, "link credential refused")
        return
    level = adcodes.level_of(code)
    actor = Actor(user=user, role=Role.CITY if level == "city" else Role.COUNTY,
                  jurisdiction=code, platform=True)
    old = links.sessions.get(code)
    if old is not None:
        old.session.close(1000, "replaced by a newer link connection")
    applied = await links.store.cursor(UP, code)
    async with coord.lock:
        session = Session(links.hub, ws, actor, remote, "", Wire(Encoding.JSON))
        links.hub.attach(session)

    async def send(frame: bytes) -> None:
        session.send_raw(frame)

    child = ChildLink(links, code, session, Mail(links, code, send, trusted=False), remote,
                      applied)
    links.sessions[code] = child
    peer = links.peer(code)
    waker = links.waker(OUTBOX)
    coord.audit(user, remote, "link", "ok", hello.client[:200])
    pump: asyncio.Task[None] | None = None
    try:
        cursor_ok = hello.resume is not None and cursor_valid(
            links.epochs, coord.state.seq,
            Cursor(epoch=hello.resume.server_id, seq=hello.resume.last_seq))
        await welcome(session, hello.resume if cursor_ok else None, links.epoch,
                      LinkReady(applied=applied, platform=links.tree.platform))
        peer.went("up")
        pump = asyncio.create_task(pump_loop(child.mail, waker, session), name=f"mail:{code}")
        async for raw in ws:
            if session.closed:
                break
            await _from_child(child, raw)
    except ConnectionClosed:
        pass
    finally:
        if pump is not None:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
        links.drop_waker(waker)
        if links.sessions.get(code) is child:
            del links.sessions[code]
            peer.went("cut")
        links.hub.detach(session)
        await session.stop()


async def _from_child(child: ChildLink, raw: str | bytes) -> None:
    coord = child.links.coord
    try:
        msg = _up_decoder.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        # (the frame itself is never logged: it may carry anything)
        coord.audit(platform_user(child.code), child.remote, "link", "bad_request",
                    str(exc)[:200])
        child.session.send_msg(Error(code=ErrorCode.BAD_REQUEST, message=f"bad link frame: "
                                                                          f"{exc}"[:300]))
        return
    if isinstance(msg, LinkEvents):
        await _apply_up(child, msg)
    elif isinstance(msg, LinkCommands):
        await child.mail.commands(msg, child.remote)
    elif isinstance(msg, LinkOutcomes):
        await child.mail.outcomes(msg)
    elif isinstance(msg, LinkReceipt):
        await child.mail.receipt(msg)
    elif isinstance(msg, Positions):
        _positions_up(child, msg.positions)


async def _apply_up(child: ChildLink, msg: LinkEvents) -> None:
    """Apply a child's events once: those at or below the high-water mark (a resend) are
    skipped, those outside its jurisdiction quarantined; the mark moves in the same
    transaction."""
    coord, code = child.links.coord, child.code
    applied = child.applied
    if (not msg.reset and applied is not None and applied.epoch == msg.epoch
            and msg.through <= applied.seq):
        child.session.send_msg(LinkAck(epoch=applied.epoch, seq=applied.seq))
        return  # a batch applied before, sent again
    fresh: list[Incoming] = []
    refused: list[Refused] = []
    homes = {e.entity.id: e.entity.jurisdiction for e in msg.events
             if isinstance(e.entity, Team)}
    for ev in msg.events:
        if (not msg.reset and applied is not None and applied.epoch == msg.epoch
                and ev.seq <= applied.seq):
            continue  # applied before (the child resent after a cut or a kill)
        reason = _refusal(child, ev, homes)
        if reason is not None:
            refused.append(Refused(ev.origin, ev.seq, kind_of(ev.entity), ev.entity.id, reason,
                                   _json.encode(ev.entity).decode()))
            coord.audit(platform_user(code), child.remote, "link.refused", "forbidden",
                        f"{kind_of(ev.entity)} {ev.entity.id}: {reason}")
            continue
        fresh.append(_incoming(ev))
    cursor = Cursor(epoch=msg.epoch, seq=msg.through)
    await coord.apply_remote(UP, code, cursor, fresh, refused=refused)
    if fresh:
        fault_point("link.applied")
    child.applied = cursor
    child.session.send_msg(LinkAck(epoch=msg.epoch, seq=msg.through))


def _refusal(child: ChildLink, ev: LinkEvent, homes: dict[str, str]) -> str | None:
    code = child.code
    kind = kind_of(ev.entity)
    if kind in LOCAL_KINDS:
        return f"a platform does not publish {kind} entities"
    if not adcodes.is_within(ev.origin, code):
        return f"origin {ev.origin} is outside platform {code}"

    def team_home(team_id: str) -> str | None:
        return homes.get(team_id) or child.links.coord.team_home(team_id)

    home = home_of(ev.entity, team_home)
    if home is None or not adcodes.is_within(home, code):
        return f"{kind} {ev.entity.id} belongs to {home}, outside platform {code}"
    return None


def _positions_up(child: ChildLink, positions: list[Position]) -> None:
    state, hub = child.links.coord.state, child.links.hub
    for pos in positions[:5000]:
        team = state.get(Team, pos.team_id)
        if team is None or not adcodes.is_within(team.jurisdiction, child.code):
            continue
        old = state.positions.get(pos.team_id)
        if old is None or old.ts < pos.ts:
            state.positions[pos.team_id] = pos
            hub.publish_position(pos, relay=True)


