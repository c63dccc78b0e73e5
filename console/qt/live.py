"""The Qt edge of the replica: one object every view subscribes to.

The network side calls :meth:`LiveModel.feed` with whatever the replica returned; views get
one merged ``changed`` notification per batch (at most every ``interval_ms``), never one per
event. Selection is shared here too, so map and tables follow each other.

Replay swaps the source: :meth:`LiveModel.show_replica` puts a past picture (a Replica built
from ``history.picture``) in :attr:`LiveModel.replica`, so every view reads the past; live
changes meanwhile go on into :attr:`LiveModel.live_replica` and are held, and
:meth:`LiveModel.leave_replay` puts the live replica back and delivers them with a reset.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from protocol.entities import Principal
from protocol.replica import Changes, Replica


class LiveModel(QObject):
    changed = Signal(object)  # protocol.replica.Changes, merged since the last emission
    selected = Signal(str, str)  # kind, id ("" "" clears)
    principal_changed = Signal(object)  # protocol.entities.Principal
    replay_changed = Signal(bool)  # True: a past picture is shown; False: live again
    held = Signal(int)  # while replaying: live events held since replay began

    def __init__(self, replica: Replica | None = None, interval_ms: int = 100) -> None:
        super().__init__()
        self.replica = replica if replica is not None else Replica()
        self.live_replica = self.replica  # the session's replica: what the server keeps current
        self.replaying = False
        self._held = Changes()  # live changes that arrived while replaying
        self.principal: Principal | None = None
        self.selection: tuple[str, str] = ("", "")
        self._pending = Changes()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)

    def feed(self, changes: Changes) -> None:
        """Queue changes the replica reported; views hear of them on the next batch."""
        if not changes and not changes.events:
            return
        if self.replaying:
            self._held.merge(changes)
            self.held.emit(len(self._held.events))
            return
        self._pending.merge(changes)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Emit what is pending now (also called by the batching timer)."""
        self._timer.stop()
        if not self._pending and not self._pending.events:
            return
        pending, self._pending = self._pending, Changes()
        self.changed.emit(pending)

    def show_replica(self, replica: Replica) -> None:
        """Show a past picture (entering replay, or another moment of it): every view resets
        onto ``replica``."""
        entering = not self.replaying
        if entering:
            self._timer.stop()
            self._held.merge(self._pending)
            self._pending = Changes()
            self.replaying = True
        self.replica = replica
        self.changed.emit(Changes(reset=True))
        if entering:
            self.replay_changed.emit(True)

    def leave_replay(self) -> None:
        """Live again: the live replica back, with the changes held meanwhile."""
        if not self.replaying:
            return
        self.replaying = False
        self.replica = self.live_replica
        held, self._held = self._held, Changes()
        held.reset = True
        self.changed.emit(held)
        self.replay_changed.emit(False)

    def set_principal(self, principal: Principal) -> None:
        self.principal = principal
        self.principal_changed.emit(principal)

    def select(self, kind: str, id: str) -> None:
        if (kind, id) == self.selection:
            return
        self.selection = (kind, id)
        self.selected.emit(kind, id)
