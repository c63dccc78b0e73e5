"""The Qt face of the link: runs :class:`console.net.link.Link` on the qasync loop, feeds the
replica's changes to the :class:`LiveModel`, and turns link callbacks into Qt signals.
Commands do not pass through here: actions queue them on :attr:`Connection.link` and hear
of them back as ``queued`` / ``answered`` like every other view.

It also owns the offline picture cache: loaded at start (the picture is *stale* until the
server's own snapshot arrives), saved every ``cache_interval_ms`` and at stop.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from console.net.cache import PictureCache, outbox_path
from console.net.link import ONLINE, Forwarding, Link, LinkState
from console.net.outbox import Entry, Outbox
from console.qt.live import LiveModel
from console.state.provisional import provisional
from protocol.entities import Principal
from protocol.messages import Ack, Error, LinkStatus
from protocol.replica import Changes
from protocol.session import ClientSession, Received

CLIENT = "watchfloor-console/0.1"
STALE_AFTER_MS = 45_000  # offline this long, the picture shown is marked STALE and dimmed


class Connection(QObject):
    state_changed = Signal(object)  # LinkState
    answered = Signal(object, object)  # outbox Entry, Ack | Error
    queued = Signal(object)  # outbox Entry, just stored
    pending_changed = Signal(int)
    live_ready = Signal()  # the server's picture is applied (first time and after reconnects)
    stale_changed = Signal(bool)
    forwarding = Signal(object, object)  # outbox Entry, Forwarding: held for its owner
    link_status_changed = Signal(object)  # LinkStatus: this platform's links to others

    def __init__(
        self,
        live: LiveModel,
        url: str,
        user: str,
        password: str | None,
        data_base: Path | None = None,
        cache_interval_ms: int = 30_000,
        stale_after_ms: int = STALE_AFTER_MS,
    ) -> None:
        super().__init__()
        self.live = live
        self.url = url
        self.user = user
        self.cache = PictureCache.for_profile(url, user, data_base)
        self.outbox = Outbox(outbox_path(url, user, data_base))
        self.outbox.forget_answered()  # keep the newest answered; never a pending one
        self.session = ClientSession(user, password=password, replica=live.replica, client=CLIENT)
        self.link = Link(url, self.session, self.outbox)
        self.link.on_changes = self._on_changes
        self.link.on_queued = self._on_queued
        self.link.on_answer = self._on_answer
        self.link.on_forwarding = self._on_forwarding
        self.link.on_state = self._on_state
        self.link.on_received = self._on_received
        self.stale = False
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self._stale_timer = QTimer(self)  # a picture not live for STALE_AFTER_MS is stale
        self._stale_timer.setSingleShot(True)
        self._stale_timer.setInterval(stale_after_ms)
        self._stale_timer.timeout.connect(lambda: self._set_stale(True))
        self._cache_timer = QTimer(self)
        self._cache_timer.setInterval(cache_interval_ms)
        self._cache_timer.timeout.connect(self.save_cache)

    @property
    def state(self) -> LinkState:
        return self.link.state

    def start(self) -> None:
        """Open the cached picture (stale) if there is one, and start connecting."""
        replica = self.session.replica  # the live one, also while a replay is shown
        cached = self.cache.load(replica) if replica.seq == 0 else False
        if cached:
            self._set_stale(True)
            if isinstance(cached, Principal):
                self.live.set_principal(cached)  # offline work is possible: commands queue
            self.live.feed(Changes(reset=True))
            self.live.flush()
        self.sync_provisional()
        self._task = asyncio.ensure_future(self.link.run())
        self._cache_timer.start()

    async def stop(self) -> None:
        """Close the link and the outbox (once: a second call, e.g. after sign out, is a no-op)."""
        if self._stopped:
            return
        self._stopped = True
        self._cache_timer.stop()
        self._stale_timer.stop()
        if self.session.replica.server_id and not self.stale:
            self.save_cache()
        await self.link.close()
        if self._task is not None:
            await self._task
        self.outbox.close()

    async def sign_out(self) -> None:
        """File → Sign out: the server revokes the session token, then the link stops.
        Commands still pending stay in this user's outbox for their next sign-in."""
        self._cache_timer.stop()
        if self.session.replica.server_id and not self.stale:
            self.save_cache()
        await self.link.logout()
        await self.stop()

    def set_stale_after(self, ms: int) -> None:
        """How long the link may be down before the picture is marked stale."""
        self._stale_timer.setInterval(ms)

    @property
    def link_status(self) -> LinkStatus | None:
        """The platform's links as the server last said (None: it never said)."""
        return self.session.link_status

    def pending_count(self) -> int:
        return self.outbox.pending_count()

    def save_cache(self) -> None:
        if self.session.replica.server_id:  # never a replayed past picture
            self.cache.save(self.session.replica, self.live.principal)

    # -- link callbacks ------------------------------------------------------------------------
    def _on_state(self, state: LinkState) -> None:
        if state.status == ONLINE:
            self._stale_timer.stop()
        elif not self.stale and not self._stale_timer.isActive() and not self._stopped:
            self._stale_timer.start()  # what is shown stops being live after a while offline
        self.state_changed.emit(state)

    def _on_changes(self, changes: Changes) -> None:
        self.live.feed(changes)
        if changes.reset:  # a snapshot dropped what was shown provisionally: show it again
            self.sync_provisional()

    def _on_queued(self, entry: Entry) -> None:
        self.queued.emit(entry)
        self.pending_changed.emit(self.outbox.pending_count())
        self.sync_provisional()

    def _on_answer(self, entry: Entry, answer: Ack | Error) -> None:
        self.sync_provisional()
        self.answered.emit(entry, answer)
        self.pending_changed.emit(self.outbox.pending_count())

    def _on_forwarding(self, entry: Entry, mark: Forwarding) -> None:
        self.forwarding.emit(entry, mark)

    def sync_provisional(self) -> None:
        """Show every pending create (e.g. an incident made offline) as a provisional entity
        until the server answers it; then the real one, from the server's events, replaces it."""
        replica = self.session.replica  # the live one, also while a replay is shown
        me = self.live.principal
        wanted = {e.id: e for e in provisional(
            self.outbox.pending(), me.jurisdiction if me else "", self.user)}
        changes = Changes()
        for kind in ("incident",):
            for id in replica.local_ids(kind) - set(wanted):
                changes.merge(replica.drop_local(kind, id))
        for id, ent in wanted.items():
            if replica.get("incident", id) is None:
                changes.merge(replica.put_local(ent))
        if changes:
            self.live.feed(changes)

    def _on_received(self, received: Received) -> None:
        if received.welcome is not None:
            self.live.set_principal(received.welcome.principal)
        if received.link_status is not None:
            self.link_status_changed.emit(received.link_status)
        if received.became_live:
            self._set_stale(False)
            self.live.flush()
            self.live_ready.emit()

    def _set_stale(self, stale: bool) -> None:
        if stale != self.stale:
            self.stale = stale
            self.stale_changed.emit(stale)
