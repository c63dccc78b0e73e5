"""Linked platforms (DESIGN.md section 9, protocol/link.py): both ends of a link.

:class:`Links` is a platform's side of the tree: its epoch, its children (the ``platforms``
table), the status of each link, and on a child the :class:`Uplink` task that keeps the
connection to the parent. :func:`serve_child` is the parent's side of one child's
connection (net.py hands it every ``link_hello``).

What each end guarantees:
- Down (parent to child): the ordinary scoped stream (snapshot or replay, events,
  positions) of what the child's jurisdiction may see. The child logs each entity it does not
  own in its own log, with the parent's cursor (epoch, seq) in the same transaction
  (``Coordinator.apply_remote``), and resumes from that cursor; a cursor the parent no
  longer recognises (a restored or recreated parent) gets a snapshot, and the child replaces
  its replicas with it.
- Up (child to parent): the child's log after the parent's high-water mark (``link_ready``)
  without what came down; the parent applies each batch once, with the mark in the same
  transaction, and refuses (quarantines, audits) anything outside the child's jurisdiction.
  A mark the child does not recognise (a restored child) starts a full resync: the child's
  whole owned picture, each entity applied where it is newer.
- Commands for the other side: the durable outbox in the ``commands`` table (storage/links.py),
  sent on every connect until the outcome (or its receipt) comes back. Both ends apply
  idempotently by command id, so a resend after a cut or a kill is harmless.
- Positions: the child relays its own teams' positions up, conflated, never queued.
Link frames and credentials are never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl as ssl_module
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from protocol import adcodes
from protocol.codec import Wire
from protocol.encodings import Encoding
from protocol.entities import Base, Position, Team, kind_of
from protocol.enums import Role
from protocol.errors import CLOSE_UNAUTHORIZED, ErrorCode
from protocol.link import (
    LOCAL_KINDS,
    UPSTREAM,
    Cursor,
    EpochSpan,
    LinkAck,
    LinkCommands,
    LinkEvent,
    LinkEvents,
    LinkHello,
    LinkOutcome,
    LinkOutcomes,
    LinkReady,
    LinkReceipt,
    Tree,
    cursor_valid,
    home_of,
    platform_user,
)
from protocol.messages import (
    PROTOCOL_VERSION,
    Ack,
    Error,
    Event,
    Events,
    Forward,
    LinkStatus,
    PeerLink,
    Positions,
    Queued,
    Resume,
    Snapshot,
    Welcome,
)

from .config import Settings
from .coordinator import EFFECT_OP, Coordinator, Incoming
from .domain.api import Actor
from .faults import fault_point
from .hub import Hub
from .sender import Session
from .storage import LoggedEvent
from .storage.links import LinkStore, Refused

log = logging.getLogger(__name__)
_json = msgspec.json.Encoder()
_down_decoder = msgspec.json.Decoder(
    Welcome | Snapshot | Event | Events | Positions | Error | LinkReady | LinkAck | LinkCommands
    | LinkOutcomes | LinkReceipt)
_up_decoder = msgspec.json.Decoder(
    LinkEvents | LinkCommands | LinkOutcomes | LinkReceipt | Positions)
_queued_decoder = msgspec.json.Decoder(Queued)
_outcome_decoder = msgspec.json.Decoder(Ack | Error | Queued)
PARENT, CHILD = "parent", "child"
DOWN, UP = "down", "up"


class CredentialFile(msgspec.Struct, kw_only=True):
    """What ``watchfloor platform add`` writes for the child (keep it like a password)."""

    platform: str  # the child's adcode
    parent: str  # the parent platform's adcode
    credential: str


def read_credential(path: str) -> CredentialFile:
    return msgspec.json.decode(Path(path).read_bytes(), type=CredentialFile)


@dataclass
class PeerState:
    peer: str
    role: str
    state: str = "never"
    since: datetime | None = None
    last_sync: datetime | None = None
    waiting_out: int = 0
    waiting_in: int = 0
    lag: int = 0

    def view(self) -> PeerLink:
        return PeerLink(peer=self.peer, role=self.role, state=self.state, since=self.since,
                        last_sync=self.last_sync, waiting_out=self.waiting_out,
                        waiting_in=self.waiting_in, lag=self.lag)

    def went(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.since = datetime.now(UTC)
            log.info("link to %s (%s): %s", self.peer, self.role, state)


class Links:
    """One platform's links: its place in the tree, its epoch, the status of each link."""

    def __init__(self, coordinator: Coordinator, hub: Hub, settings: Settings) -> None:
        self.coord = coordinator
        self.hub = hub
        self.settings = settings
        self.store = LinkStore(coordinator.store)
        self.credential: CredentialFile | None = None
        if settings.link_credential:
            self.credential = read_credential(settings.link_credential)
        platform = settings.platform or (self.credential.platform if self.credential
                                         else adcodes.PROVINCE)
        if self.credential is not None and self.credential.platform != platform:
            raise ValueError(f"the link credential is for platform {self.credential.platform}, "
                             f"not {platform}")
        parent = self.credential.parent if self.credential is not None else None
        if settings.upstream and parent is None:
            raise ValueError("--upstream needs --link-credential (from `watchfloor platform "
                             "add` on the parent)")
        self.tree = Tree(platform=platform, parent=parent)
        self.epoch = ""
        self.epochs: list[EpochSpan] = []
        self.peers: dict[str, PeerState] = {}
        self.sessions: dict[str, ChildLink] = {}  # connected children
        self.uplink: Uplink | None = None
        self._wakers: set[asyncio.Event] = set()
        self._last_status: LinkStatus | None = None
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def linked(self) -> bool:
        return self.tree.parent is not None or bool(self.tree.children)

    async def start(self) -> None:
        self.epoch = await self.store.start_epoch(self.coord.state.seq)
        self.epochs = await self.store.epochs()
        await self.refresh_children()
        self.coord.on_commit = self.wake
        if self.tree.parent is not None:
            self.peers[self.tree.parent] = PeerState(self.tree.parent, PARENT)
        if self.settings.upstream and self.credential is not None:
            self.uplink = Uplink(self, self.settings.upstream, self.credential)
            self._tasks.append(asyncio.create_task(self.uplink.run(), name="uplink"))
        self._tasks.append(asyncio.create_task(self._status_loop(), name="link-status"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def refresh_children(self) -> None:
        children = [p.adcode for p in await self.store.platforms(active_only=True)]
        self.tree = self.tree.with_children(children)
        self.coord.tree = self.tree
        for child in children:
            self.peers.setdefault(child, PeerState(child, CHILD))
        for code in [c for c, p in self.peers.items() if p.role == CHILD and c not in children]:
            del self.peers[code]
            gone = self.sessions.pop(code, None)
            if gone is not None:  # removed (its credential revoked): the link ends now
                gone.session.close(CLOSE_UNAUTHORIZED, "platform removed")
                log.warning("platform %s was removed: its link is closed", code)

    def wake(self) -> None:
        for ev in self._wakers:
            ev.set()

    def waker(self) -> asyncio.Event:
        ev = asyncio.Event()
        self._wakers.add(ev)
        return ev

    def drop_waker(self, ev: asyncio.Event) -> None:
        self._wakers.discard(ev)

    # -- status --------------------------------------------------------------------------------
    def status(self) -> LinkStatus:
        return LinkStatus(platform=self.tree.platform,
                          peers=[p.view() for p in self.peers.values()],
                          children=list(self.tree.children))

    async def _status_loop(self) -> None:
        """Every ``link_status_interval``: count what waits on each link, log a change of
        the seq lag (the health signal), and tell the consoles when anything changed."""
        while True:
            try:
                before = self.tree.children
                await self.refresh_children()
                if self.tree.children != before:
                    log.info("child platforms now %s: each owns its jurisdiction's entities",
                             ", ".join(self.tree.children) or "none")
                await self.measure()
                status = self.status()
                if status != self._last_status:
                    self._last_status = status
                    self.hub.broadcast(status)
            except Exception:
                log.exception("measuring the links failed")
            await asyncio.sleep(self.settings.link_status_interval)

    async def measure(self) -> None:
        seq = self.coord.state.seq
        for peer in list(self.peers.values()):
            outbox = await self.store.waiting(peer.peer)
            if peer.role == PARENT:
                applied = self.uplink.applied if self.uplink is not None else None
                mine = await self.store.count_for_peer(applied.seq if applied else 0, UPSTREAM)
                before = (peer.waiting_out, peer.lag)
                peer.waiting_out = outbox + mine
                peer.lag = self.uplink.lag if self.uplink is not None else 0
            else:
                child = self.sessions.get(peer.peer)
                before = (peer.waiting_out, peer.lag)
                sent = child.session_seq() if child is not None else None
                peer.lag = max(0, seq - sent) if sent is not None else peer.lag
                peer.waiting_out = outbox + peer.lag
            level = peer.state == "up" and peer.waiting_out == 0 and peer.lag == 0
            if level and (before != (0, 0) or peer.last_sync is None):
                peer.last_sync = datetime.now(UTC)  # level again (kept while it stays so)
            if before != (peer.waiting_out, peer.lag):
                log.info("link to %s: %s, seq lag %d, %d waiting to send", peer.peer,
                         peer.state, peer.lag, peer.waiting_out)

    def peer(self, code: str) -> PeerState:
        return self.peers.setdefault(code, PeerState(code, CHILD))

    def relay_positions(self, positions: list[Position]) -> None:
        """The hub's relay: this platform's own teams' positions go up (dropped while the
        link is down: a newer report supersedes them)."""
        if self.uplink is not None:
            own = [p for p in positions if self._own_team(p.team_id)]
            if own:
                self.uplink.send_positions(own)

    def _own_team(self, team_id: str) -> bool:
        team = self.coord.state.get(Team, team_id)
        return team is not None and self.tree.in_subtree(team.jurisdiction)


# -- mail: commands and outcomes both ways ---------------------------------------------------
class Mail:
    """The outbox of one connected link, both directions: forwards what waits for the peer
    and the outcomes owed to it (once per connection; again on the next), runs the commands
    it forwards here and records the outcomes it sends back."""

    def __init__(self, links: Links, peer: str, send: Callable[[bytes], Any],
                 trusted: bool) -> None:
        self.links = links
        self.peer = peer
        self.send = send
        self.trusted = trusted  # the parent: its users are above this jurisdiction
        self.sent_commands: set[str] = set()
        self.sent_outcomes: set[str] = set()

    async def pump(self) -> None:
        store = self.links.store
        fresh = []
        for raw in await store.forwards(self.peer):
            queued = _queued_decoder.decode(raw)
            if queued.forward is not None and queued.id not in self.sent_commands:
                fresh.append(queued.forward)
                self.sent_commands.add(queued.id)
        for i in range(0, len(fresh), 200):
            await self.send(_json.encode(LinkCommands(commands=fresh[i:i + 200])))
        replies = []
        for cid, raw in await store.replies(self.peer):
            outcome = _outcome_decoder.decode(raw)
            if isinstance(outcome, Queued) or cid in self.sent_outcomes:
                continue
            replies.append(LinkOutcome(id=cid, outcome=outcome))
            self.sent_outcomes.add(cid)
        for i in range(0, len(replies), 200):
            await self.send(_json.encode(LinkOutcomes(outcomes=replies[i:i + 200])))

    async def commands(self, msg: LinkCommands, remote: str) -> None:
        coord = self.links.coord
        direct = []
        allowed = []
        for fwd in msg.commands:
            if not self.trusted and not self._may_forward(fwd.actor.role, fwd.actor.jurisdiction) \
                    and not await self._ours(fwd):
                err = Error(id=fwd.id, code=ErrorCode.FORBIDDEN,
                            message=f"platform {self.peer} may forward only its own users' "
                                    "commands")
                coord.audit(platform_user(self.peer), remote, fwd.op, err, command_id=fwd.id)
                direct.append(LinkOutcome(id=fwd.id, outcome=err))
            else:
                allowed.append(fwd)
        # Submitted in order, committed together (group commit): each queues before the next
        # is submitted, so they run in the order the origin sent them.
        outcomes = await asyncio.gather(*(coord.execute_forward(fwd, self.peer, remote)
                                          for fwd in allowed))
        for fwd, outcome in zip(allowed, outcomes, strict=True):
            if not isinstance(outcome, Queued) and fwd.id not in self.sent_outcomes:
                self.sent_outcomes.add(fwd.id)
                direct.append(LinkOutcome(id=fwd.id, outcome=outcome))
        if direct:
            await self.send(_json.encode(LinkOutcomes(outcomes=direct)))

    async def _ours(self, fwd: Forward) -> bool:
        """An effect of a command this platform forwarded to the child (its actor is from
        above the child, and this platform has the command's record under that actor)."""
        if fwd.op != EFFECT_OP or "~" not in fwd.id:
            return False
        store = self.links.coord.store
        async with store.connect() as conn:
            found = await store.command_outcomes(conn, [fwd.id.split("~", 1)[0]])
        return any(c.actor == fwd.actor.user for c in found.values())

    def _may_forward(self, role: str, jurisdiction: str) -> bool:
        return (role not in (Role.PROVINCE.value, Role.ADMIN.value)
                and len(jurisdiction) == 6 and adcodes.is_within(jurisdiction, self.peer))

    async def outcomes(self, msg: LinkOutcomes) -> None:
        for item in msg.outcomes:
            await self.links.coord.settle_forward(item.id, item.outcome)
        await self.send(_json.encode(LinkReceipt(outcomes=[o.id for o in msg.outcomes])))

    async def receipt(self, msg: LinkReceipt) -> None:
        await self.links.store.confirmed(self.peer, msg.outcomes)


def _take(rows: list[tuple[LoggedEvent, str | None]], budget: int, *, full: bool, top: int
          ) -> tuple[list[tuple[LoggedEvent, str | None]], int]:
    """The rows of one ``link_events`` frame: in seq order while their entities fit in
    ``budget`` bytes (at least one), each entity once, at its last change among them (the
    parent needs the owner's current entity, not every step; the owner's log keeps the
    steps). Returns them and the seq the parent's mark may move to: the last row taken, or
    ``top`` when every row up to it was read (``full``: the read stopped at its limit)."""
    size, end = 0, 0
    for i, (ev, _) in enumerate(rows):
        if i and size + len(ev.data) > budget:
            break
        size += len(ev.data)
        end = i + 1
    chunk = rows[:end]
    through = chunk[-1][0].seq if (end < len(rows) or full) and chunk else top
    last: dict[tuple[str, str], int] = {}
    for i, (ev, _) in enumerate(chunk):
        last[(kind_of(ev.entity), ev.entity.id)] = i
    return [row for i, row in enumerate(chunk)
            if last[(kind_of(row[0].entity), row[0].entity.id)] == i], through


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
    waker = links.waker()
    coord.audit(user, remote, "link", "ok", hello.client[:200])
    pump: asyncio.Task[None] | None = None
    try:
        cursor_ok = hello.resume is not None and cursor_valid(
            links.epochs, coord.state.seq,
            Cursor(epoch=hello.resume.server_id, seq=hello.resume.last_seq))
        await welcome(session, hello.resume if cursor_ok else None, links.epoch,
                      LinkReady(applied=applied, platform=links.tree.platform))
        peer.went("up")
        pump = asyncio.create_task(_pump_loop(child.mail, waker, session), name=f"mail:{code}")
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


async def _pump_loop(mail: Mail, waker: asyncio.Event, session: Session | None) -> None:
    while session is None or not session.closed:
        waker.clear()
        try:
            await mail.pump()
        except ConnectionClosed:
            return
        except Exception:
            log.exception("the link outbox to %s failed; retrying", mail.peer)
            await asyncio.sleep(1.0)
            waker.set()
        await waker.wait()


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


# -- the child's side: the uplink --------------------------------------------------------------
class Uplink:
    """The connection to the parent, kept up: connect, stream both ways, reconnect with
    backoff. ``applied``: how far the parent has applied our log (its ``link_ready`` and
    acks); ``lag``: how far our cursor in its log is behind its newest seq."""

    def __init__(self, links: Links, url: str, cred: CredentialFile) -> None:
        self.links = links
        self.url = url
        self.cred = cred
        self.applied: Cursor | None = None
        self.lag = 0
        self.parent_seq = 0
        self.connections = 0
        self.resyncs = 0  # full resyncs (down: a snapshot replaced the replicas; up: reset)
        self.recovering = False  # restored from a backup: take our own newer copies back
        self._ws: Any = None
        self._acked = asyncio.Event()
        self.connected = asyncio.Event()

    @property
    def parent(self) -> str:
        return self.cred.parent

    def _ssl(self) -> ssl_module.SSLContext | None:
        if not self.url.startswith("wss:"):
            return None
        s = self.links.settings
        ctx = ssl_module.create_default_context(cafile=s.link_ca)
        if s.link_cert:
            ctx.load_cert_chain(s.link_cert)
        return ctx

    async def run(self) -> None:
        wait = 0.1
        peer = self.links.peers[self.parent]
        while True:
            try:
                async with connect(self.url, compression=None, ssl=self._ssl(),
                                   max_size=64 * self.links.settings.max_frame_bytes,
                                   open_timeout=5, ping_interval=5, ping_timeout=10,
                                   close_timeout=1) as ws:
                    self._ws = ws
                    wait = 0.1
                    await self._session(ws, peer)
            except asyncio.CancelledError:
                raise
            except (OSError, ConnectionClosed, InvalidHandshake, InvalidURI, TimeoutError) as exc:
                log.info("link to %s: %s", self.parent, type(exc).__name__)
            except Exception:
                log.exception("link to %s failed", self.parent)
            finally:
                self._ws = None
                self.connected.clear()
            if peer.state == "up":
                peer.went("cut")
            await asyncio.sleep(wait)
            wait = min(self.links.settings.link_retry_max, wait * 2)

    def send_positions(self, positions: list[Position]) -> None:
        ws = self._ws
        if ws is not None and self.connected.is_set():
            self.links.hub.spawn(self._send_quietly(ws, _json.encode(Positions(
                positions=positions))))

    @staticmethod
    async def _send_quietly(ws: Any, frame: bytes) -> None:
        with contextlib.suppress(ConnectionClosed):
            await ws.send(frame.decode())

    async def _session(self, ws: Any, peer: PeerState) -> None:
        links = self.links
        cursor = await links.store.cursor(DOWN, self.parent)
        hello = LinkHello(protocol=PROTOCOL_VERSION, platform=links.tree.platform,
                          credential=self.cred.credential, epochs=links.epochs[-50:],
                          resume=Resume(server_id=cursor.epoch, last_seq=cursor.seq)
                          if cursor is not None else None, client="watchfloor-platform")
        await ws.send(_json.encode(hello).decode())
        welcome = _down_decoder.decode(await ws.recv())
        if isinstance(welcome, Error):
            log.error("the parent refused the link: %s", welcome.message)
            raise ConnectionClosed(None, None)
        assert isinstance(welcome, Welcome)
        ready = _down_decoder.decode(await ws.recv())
        assert isinstance(ready, LinkReady)
        epoch = welcome.server_id
        # The parent's mark in our log names a point this database does not have: it was
        # restored from a backup. Our own changes the parent still holds come back with the
        # down stream (taken where newer), and our whole picture goes up again.
        self.recovering = ready.applied is not None and not cursor_valid(
            links.epochs, links.coord.state.seq, ready.applied)
        self.parent_seq = welcome.current_seq
        self.connections += 1
        self.connected.set()
        peer.went("up")

        async def send(frame: bytes) -> None:
            await ws.send(frame.decode())

        mail = Mail(links, self.parent, send, trusted=True)
        waker = links.waker()
        tasks = [asyncio.create_task(self._up(ws, ready.applied), name="uplink-events"),
                 asyncio.create_task(_pump_loop(mail, waker, None), name="uplink-mail")]
        try:
            await self._down(ws, epoch, welcome.resumed, mail)
        finally:
            links.drop_waker(waker)
            for t in tasks:
                t.cancel()
            for t in tasks:
                with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                    await t

    # down ------------------------------------------------------------------------------------
    async def _down(self, ws: Any, epoch: str, resumed: bool, mail: Mail) -> None:
        parts: list[Snapshot] = []
        async for raw in ws:
            msg = _down_decoder.decode(raw)
            if isinstance(msg, Snapshot):
                parts.append(msg)
                if msg.final:
                    await self._resync(epoch, parts)
                    parts = []
            elif isinstance(msg, (Event, Events)):
                events = msg.events if isinstance(msg, Events) else [msg]
                await self._apply_down(epoch, events)
            elif isinstance(msg, Positions):
                self._positions_down(msg.positions)
            elif isinstance(msg, LinkAck):
                self.applied = Cursor(epoch=msg.epoch, seq=msg.seq)
                self._acked.set()
            elif isinstance(msg, LinkCommands):
                await mail.commands(msg, f"link:{self.parent}")
            elif isinstance(msg, LinkOutcomes):
                await mail.outcomes(msg)
            elif isinstance(msg, LinkReceipt):
                await mail.receipt(msg)
            elif isinstance(msg, Error):
                log.warning("the parent answered: %s %s", msg.code.value, msg.message)

    def _replica(self, entity: Base) -> bool:
        """Whether ``entity`` is another platform's (we hold a replica of it)."""
        home = home_of(entity, self.links.coord.team_home)
        return home is not None and not self.links.tree.in_subtree(home)

    async def _resync(self, epoch: str, parts: list[Snapshot]) -> None:
        """A snapshot from the parent: the replicas become exactly what it holds; what we
        own is taken from it only where its copy is newer (at joining, the handover; after a
        restore from backup, our own changes the parent still had)."""
        coord = self.links.coord
        seq = parts[-1].seq
        entities = [e for p in parts for e in p.entities if kind_of(e) not in LOCAL_KINDS]
        present = {(kind_of(e), e.id) for e in entities}
        removed = [(kind, id) for kind, table in coord.state.tables() if kind not in LOCAL_KINDS
                   for id, e in table.items() if (kind, id) not in present and self._replica(e)]
        now = datetime.now(UTC)
        incoming = [Incoming(e, now, platform_user(self.parent), "link.resync", None, UPSTREAM)
                    for e in entities]

        def adopt(new: Base, current: Base | None) -> bool:
            if current is None:
                return True
            if self._replica(new):
                return new.version != current.version or new != current
            return new.version > current.version

        n = await coord.apply_remote(DOWN, self.parent, Cursor(epoch=epoch, seq=seq), incoming,
                                     removed=removed, adopt=adopt)
        self.parent_seq = max(self.parent_seq, seq)
        self.lag = 0
        self.resyncs += 1
        log.info("link to %s: full picture at its seq %d: %d entities taken, %d replicas "
                 "dropped", self.parent, seq, n, len(removed))
        for p in parts:
            self._positions_down(p.positions)

    async def _apply_down(self, epoch: str, events: list[Event]) -> None:
        if not events:
            return
        incoming = []
        removed = []
        for ev in events:
            if kind_of(ev.entity) in LOCAL_KINDS:
                continue
            if ev.removed:
                current = self.links.coord.state.get_kind(kind_of(ev.entity), ev.entity.id)
                if current is not None and self._replica(current):
                    removed.append((kind_of(current), current.id))
                continue
            if not self._replica(ev.entity) and not self.recovering:
                continue  # ours, echoed back: we hold the newer or the same
            incoming.append(Incoming(ev.entity, ev.ts, ev.actor, ev.op, ev.command_id, UPSTREAM))
        last = max(e.seq for e in events)
        await self.links.coord.apply_remote(DOWN, self.parent, Cursor(epoch=epoch, seq=last),
                                            incoming, removed=removed)
        self.parent_seq = max(self.parent_seq, last)
        self.lag = max(0, self.parent_seq - last)

    def _positions_down(self, positions: list[Position]) -> None:
        state, hub = self.links.coord.state, self.links.hub
        for pos in positions:
            team = state.get(Team, pos.team_id)
            if team is None or self.links.tree.in_subtree(team.jurisdiction):
                continue
            old = state.positions.get(pos.team_id)
            if old is None or old.ts < pos.ts:
                state.positions[pos.team_id] = pos
                hub.publish_position(pos, relay=False)

    # up --------------------------------------------------------------------------------------
    async def _up(self, ws: Any, applied: Cursor | None) -> None:
        """Our log after the parent's mark, batch by batch, each acknowledged before the
        next; then whatever commits, as it commits."""
        links = self.links
        me = links.tree.platform
        if applied is not None and not cursor_valid(links.epochs, links.coord.state.seq,
                                                    applied):
            log.warning("link to %s: the parent has applied our log to %s/%d, which this "
                        "database does not have (restored from a backup?): full resync",
                        self.parent, applied.epoch[:8], applied.seq)
            applied = None
        self.applied = applied
        waker = links.waker()
        try:
            if applied is None:
                await self._reset(ws)
            while True:
                waker.clear()
                start = self.applied.seq if self.applied is not None else 0
                top = links.coord.state.seq
                rows = await links.store.events_for_peer(start, UPSTREAM, links.settings.link_batch)
                taken, through = _take(rows, links.settings.max_frame_bytes // 2,
                                       full=len(rows) == links.settings.link_batch, top=top)
                if through > start:
                    events = [LinkEvent(seq=ev.seq, origin=origin or me, ts=ev.ts, actor=ev.actor,
                                        op=ev.op, entity=ev.entity,  # type: ignore[arg-type]
                                        command_id=ev.command_id)
                              for ev, origin in taken]
                    await self._send_batch(ws, LinkEvents(epoch=links.epoch, through=through,
                                                          events=events))
                    continue
                await waker.wait()
        finally:
            links.drop_waker(waker)

    async def _send_batch(self, ws: Any, batch: LinkEvents) -> None:
        """Send one batch and wait for the parent's ack of it (one batch in flight: the
        parent applies each in one transaction, so a cut loses at most this one)."""
        self._acked.clear()
        await ws.send(_json.encode(batch).decode())
        if batch.events:
            fault_point("uplink.sent")
        while self.applied is None or self.applied.epoch != batch.epoch \
                or self.applied.seq < batch.through:
            self._acked.clear()
            await self._acked.wait()

    async def _reset(self, ws: Any) -> None:
        """Everything this platform owns, as it is now, for a parent that has nothing of
        our log it can trust: applied there where newer."""
        links = self.links
        coord = links.coord
        top = coord.state.seq
        now = datetime.now(UTC)
        owned = [e for _, table in coord.state.tables() for e in table.values()
                 if kind_of(e) not in LOCAL_KINDS and not self._replica(e)]
        self.resyncs += 1
        log.info("link to %s: sending our whole picture (%d entities) from seq %d",
                 self.parent, len(owned), top)
        step = links.settings.link_batch
        for i in range(0, max(len(owned), 1), step):
            chunk = owned[i:i + step]
            last = i + step >= len(owned)
            events = [LinkEvent(seq=0, origin=links.tree.platform, ts=now, actor="system",
                                op="link.resync", entity=e)  # type: ignore[arg-type]
                      for e in chunk]
            await self._send_batch(ws, LinkEvents(epoch=links.epoch,
                                                  through=top if last else 0,
                                                  events=events, reset=True))
            if last:
                break

