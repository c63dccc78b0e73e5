"""The start-up splash (issue 10 item 19): shown the moment sign-in succeeds, it names each
step — the map boundaries, the window, the picture as it arrives — and closes once the main
window shows the live picture (or, offline, the stale cached one).

It repaints itself at each step, so it shows even while the main thread is busy building
the window.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from console.net.link import OFFLINE, ONLINE, RECONNECTING, LinkState
from console.qt.live import LiveModel
from console.qt.shell.connection import Connection

GIVE_UP_MS = 60_000  # never stay in front of a window that works


def tr(s: str) -> str:
    return QCoreApplication.translate("Splash", s)


class StartSplash(QFrame):
    """A small frameless window in the middle of the screen: a title, the step, a busy bar."""

    stepped = Signal(str)  # the step's text, as shown
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("start_splash")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        title = QLabel(tr("Watchfloor — Zhejiang emergency command"), self)
        title.setStyleSheet("font-size:16pt;font-weight:bold;")
        layout.addWidget(title)
        self.step_label = QLabel(self)
        self.step_label.setObjectName("splash_step")
        self.step_label.setMinimumWidth(420)
        layout.addWidget(self.step_label)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy: how long the picture takes is not known
        self.bar.setTextVisible(False)
        layout.addWidget(self.bar)
        self.steps: list[tuple[float, str]] = []  # (time.monotonic(), text), for the bench
        self.finished = False
        self._shown: asyncio.Future[None] | None = None
        self._live: LiveModel | None = None
        self._connection: Connection | None = None
        self._give_up = QTimer(self)
        self._give_up.setObjectName("splash_give_up")
        self._give_up.setSingleShot(True)
        self._give_up.setInterval(GIVE_UP_MS)
        self._give_up.timeout.connect(self.finish)

    async def show_now(self) -> None:
        """Show it centred, and return once the window system shows it (half a second at
        most), so that it is on screen before the slow steps."""
        self.adjustSize()
        screen = QApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        self._shown = asyncio.get_running_loop().create_future()
        self.show()
        self.raise_()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._shown), 0.5)
        await self.painted()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._shown is not None and not self._shown.done():
            self._shown.set_result(None)  # painted: the window system shows it

    async def step(self, what: str) -> None:
        """Show ``what`` and let it be painted before the caller's next (blocking) step."""
        self._set_step(what)
        await self.painted()

    async def painted(self) -> None:
        self.repaint()
        await asyncio.sleep(0)  # the event loop runs once: the paint reaches the screen

    def _set_step(self, what: str) -> None:
        self.step_label.setText(what)
        self.steps.append((time.monotonic(), what))
        self.stepped.emit(what)
        if self.isVisible():
            self.repaint()

    # -- the picture ---------------------------------------------------------------------------
    def follow(self, live: LiveModel, connection: Connection) -> None:
        """Count the picture as it arrives; close when it is live, or when the link fails
        and the window shows what it has (stale)."""
        if connection.link.live or _failed(connection.state):
            self.finish()  # live already, or failed while the window was built: stale shown
            return
        self._live, self._connection = live, connection
        self._count()
        live.changed.connect(self._count)
        connection.live_ready.connect(self.finish)
        connection.state_changed.connect(self._on_state)
        self._give_up.start()

    def _count(self, *_args: object) -> None:
        if self._live is None:
            return
        replica = self._live.replica
        n = sum(replica.count(kind) for kind in replica.kinds())
        self._set_step(tr("Receiving the picture… {n} entities").format(n=n))

    def _on_state(self, state: LinkState) -> None:
        if _failed(state):
            self.finish()  # the window shows the cached picture, marked stale
        elif state.status == ONLINE and self._connection is not None \
                and self._connection.link.live:
            self.finish()

    def finish(self) -> None:
        """Close (once) and let go of the live model and the link."""
        if self.finished:
            return
        self.finished = True
        self._give_up.stop()
        if self._live is not None:
            self._live.changed.disconnect(self._count)
        if self._connection is not None:
            self._connection.live_ready.disconnect(self.finish)
            self._connection.state_changed.disconnect(self._on_state)
        self._live = self._connection = None
        self.steps.append((time.monotonic(), ""))
        self.hide()
        self.done.emit()


def _failed(state: LinkState) -> bool:
    """The link gave up or waits to retry: no picture is coming soon."""
    return state.status == OFFLINE or (state.status == RECONNECTING
                                       and state.retry_in is not None)
