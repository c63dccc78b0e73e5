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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import msgspec
from websockets.exceptions import ConnectionClosed

from protocol import adcodes
from protocol.entities import Position, Team
from protocol.enums import Role
from protocol.errors import CLOSE_UNAUTHORIZED, ErrorCode
from protocol.link import (
    UPSTREAM,
    Cursor,
    EpochSpan,
    LinkCommands,
    LinkOutcome,
    LinkOutcomes,
    LinkReceipt,
    Tree,
    platform_user,
)
from protocol.messages import (
    Error,
    Forward,
    LinkStatus,
    PeerLink,
    Queued,
)

from .config import Settings
from .coordinator import EFFECT_OP, Coordinator, Outcome
from .hub import Hub
from .storage.links import LinkStore

if TYPE_CHECKING:
    from .sender import Session


class UplinkSide(Protocol):
    """What the tree needs of the child's uplink (server.uplink.Uplink)."""

    applied: Cursor | None
    lag: int

    async def run(self) -> None: ...
    def send_positions(self, positions: list[Position]) -> None: ...


class ChildSide(Protocol):
    """What the tree needs of a connected child (server.link_serve.ChildLink)."""

    session: Session

    def session_seq(self) -> int | None: ...

log = logging.getLogger(__name__)
_json = msgspec.json.Encoder()
_queued_decoder = msgspec.json.Decoder(Queued)
_outcome_decoder = msgspec.json.Decoder(Outcome)
PARENT, CHILD = "parent", "child"
LOG, OUTBOX = "log", "outbox"  # what a waker waits for
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
            now = datetime.now(UTC)
            if self.state == "up" and self.waiting_out == 0 and self.lag == 0:
                self.last_sync = now  # level until the cut: replicas are as of now
            self.state = state
            self.since = now
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
        self.sessions: dict[str, ChildSide] = {}  # connected children (server.link_serve)
        self.uplink: UplinkSide | None = None  # (server.uplink) on a child
        self._wakers: dict[str, set[asyncio.Event]] = {LOG: set(), OUTBOX: set()}
        self._last_status: LinkStatus | None = None
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def linked(self) -> bool:
        return self.tree.parent is not None or bool(self.tree.children)

    async def start(self, uplink: Callable[[Links, str, CredentialFile], UplinkSide] | None = None
                    ) -> None:
        """Begin this start's epoch, read the children, start the uplink (a child: made by
        ``uplink``, server.uplink.Uplink) and the status loop."""
        self.epoch = await self.store.start_epoch(self.coord.state.seq)
        self.epochs = await self.store.epochs()
        await self.refresh_children()
        self.coord.on_commit = partial(self.wake, LOG)
        self.coord.on_outbox = partial(self.wake, OUTBOX)
        if self.tree.parent is not None:
            self.peers[self.tree.parent] = PeerState(self.tree.parent, PARENT)
        if self.settings.upstream and self.credential is not None:
            assert uplink is not None, "a child platform needs its uplink (server.uplink)"
            self.uplink = uplink(self, self.settings.upstream, self.credential)
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

    def wake(self, what: str) -> None:
        """``LOG``: events committed (the uplink sends them); ``OUTBOX``: a forwarded command
        or an owed outcome committed (every link's mail pump reads the outbox)."""
        for ev in self._wakers[what]:
            ev.set()

    def waker(self, what: str) -> asyncio.Event:
        ev = asyncio.Event()
        self._wakers[what].add(ev)
        return ev

    def drop_waker(self, ev: asyncio.Event) -> None:
        for evs in self._wakers.values():
            evs.discard(ev)

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


async def pump_loop(mail: Mail, waker: asyncio.Event, session: Session | None) -> None:
    """Send what the outbox holds for the peer, again whenever ``waker`` is set, until the
    session closes (None: until cancelled)."""
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
