"""The child's side of the link: the connection to the parent, kept up (server/link.py says
what each end guarantees)."""


from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl as ssl_module
from datetime import UTC, datetime
from typing import Any

import msgspec
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from protocol.entities import Base, Position, Team, kind_of
from protocol.link import (
    LOCAL_KINDS,
    UPSTREAM,
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
    PROTOCOL_VERSION,
    Error,
    Event,
    Events,
    Positions,
    Resume,
    Snapshot,
    Welcome,
)

from .coordinator import Incoming
from .faults import fault_point
from .link import DOWN, LOG, OUTBOX, CredentialFile, Links, Mail, PeerState, pump_loop
from .storage import LoggedEvent

log = logging.getLogger(__name__)
_json = msgspec.json.Encoder()
_down_decoder = msgspec.json.Decoder(
    Welcome | Snapshot | Event | Events | Positions | Error | LinkReady | LinkAck | LinkCommands
    | LinkOutcomes | LinkReceipt)


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
        self.connected.set()
        peer.went("up")

        async def send(frame: bytes) -> None:
            await ws.send(frame.decode())

        mail = Mail(links, self.parent, send, trusted=True)
        waker = links.waker(OUTBOX)
        tasks = [asyncio.create_task(self._up(ws, ready.applied), name="uplink-events"),
                 asyncio.create_task(pump_loop(mail, waker, None), name="uplink-mail")]
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
        waker = links.waker(LOG)
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

