"""After-action replay: View → Replay… chooses a window; a bar under the top strip shows a
REPLAY banner with the moment in China Standard Time, a slider over the window, play/pause and
a speed, and "Leave replay". While replaying the map, tables, detail and top strip show the
server's picture at the moment (``history.picture``, scoped as the user could see it then)
through :meth:`LiveModel.show_replica`, and every command action is disabled (the guard
``console.state.guards.live_picture``). Leaving returns to the live picture.

One picture request is in flight at a time: a slider dragged or played faster than answers
come shows the newest moment asked for once the answer before it is in.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDateTime, QObject, Qt, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QToolBar,
    QWidget,
)

from console.net.link import QueryError
from console.qt.live import LiveModel
from console.state import text
from console.state.replay import (
    SPEEDS,
    STEPS,
    Query,
    ReplayClock,
    moment_text,
    picture_at,
    window_problem,
)

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
TICK_MS = 250
CST_ZONE = QTimeZone(8 * 3600)
BANNER_CSS = ("background:#b3261e; color:white; font-weight:bold; font-size:16px; "
              "padding:3px 14px; border-radius:3px;")


def tr(s: str) -> str:
    return translate("Replay", s)


def problem_text(code: str) -> str:
    return {
        "end_before_start": tr("The end of the window must come after its start."),
        "in_the_future": tr("The window must start in the past."),
        "too_long": tr("A replay window is at most a year."),
    }.get(code, code)


def to_qt(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), CST_ZONE)


def from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class ReplayWindowDialog(QDialog):
    """From and to, in China Standard Time."""

    def __init__(self, start: datetime, end: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replay_window")
        self.setWindowTitle(tr("Replay"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Replay the picture as you could see it then, between:"), self))
        self.start_edit = QDateTimeEdit(to_qt(start), self)
        self.end_edit = QDateTimeEdit(to_qt(end), self)
        for edit in (self.start_edit, self.end_edit):
            edit.setTimeZone(CST_ZONE)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
            edit.setCalendarPopup(True)
        form.addRow(tr("From ({cst})").format(cst=text.cst_label()), self.start_edit)
        form.addRow(tr("To ({cst})").format(cst=text.cst_label()), self.end_edit)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color:#c5221f;")
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> tuple[datetime, datetime]:
        return from_qt(self.start_edit.dateTime()), from_qt(self.end_edit.dateTime())

    def _check(self) -> None:
        start, end = self.chosen()
        why = window_problem(start, end, datetime.now(UTC))
        if why is not None:
            self.problem.setText(problem_text(why))
            return
        self.accept()


class ReplayBar(QToolBar):
    """The banner and the controls; shown only while replaying."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Replay"), parent)
        self.setObjectName("toolbar_replay")
        self.setMovable(False)
        self.banner = QLabel(self)
        self.banner.setObjectName("replay_banner")
        self.banner.setStyleSheet(BANNER_CSS)
        self.addWidget(self.banner)
        self.play = QPushButton(tr("Play"), self)
        self.play.setObjectName("replay_play")
        self.play.setCheckable(True)
        self.addWidget(self.play)
        self.speed = QComboBox(self)
        self.speed.setObjectName("replay_speed")
        for s in SPEEDS:
            self.speed.addItem(f"{s}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(60))
        self.speed.setToolTip(tr("Scenario time per second of replay"))
        self.addWidget(self.speed)
        self.start_label = QLabel(self)
        self.start_label.setStyleSheet("padding:0 6px;")
        self.addWidget(self.start_label)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("replay_slider")
        self.slider.setRange(0, STEPS)
        self.slider.setMinimumWidth(520)
        self.addWidget(self.slider)
        self.end_label = QLabel(self)
        self.end_label.setStyleSheet("padding:0 6px;")
        self.addWidget(self.end_label)
        self.live_note = QLabel(self)
        self.live_note.setObjectName("replay_live_note")
        self.live_note.setStyleSheet("color:#f9ab00; padding:0 10px;")
        self.addWidget(self.live_note)
        self.leave = QPushButton(tr("Leave replay"), self)
        self.leave.setObjectName("replay_leave")
        self.leave.setStyleSheet("font-weight:bold; padding:2px 12px;")
        self.addWidget(self.leave)
        self.hide()


class ReplayController(QObject):
    shown = Signal(object)  # the moment (datetime) whose picture is now shown
    failed = Signal(str)  # a sentence for the status bar

    def __init__(self, live: LiveModel, query: Query, bar: ReplayBar,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.query = query
        self.bar = bar
        self.clock: ReplayClock | None = None
        self.shown_at: datetime | None = None  # the moment on screen
        self.shown_seq = 0
        self._wanted: datetime | None = None  # the newest moment asked for
        self._task: asyncio.Task[None] | None = None
        self._last_tick = 0.0
        self._timer = QTimer(self)
        self._timer.setObjectName("replay_play")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        bar.slider.valueChanged.connect(self._on_slider)
        bar.play.toggled.connect(self._on_play)
        bar.speed.currentIndexChanged.connect(self._on_speed)
        bar.leave.clicked.connect(self.leave)
        live.held.connect(self._on_held)

    @property
    def active(self) -> bool:
        return self.clock is not None

    # -- entering and leaving --------------------------------------------------------------------
    def enter(self, start: datetime, end: datetime, at: datetime | None = None) -> None:
        """Replay the window, starting at ``at`` (default: its start)."""
        self.clock = ReplayClock.over(start, end)
        self.clock.speed = int(self.bar.speed.currentData())
        if at is not None:
            self.clock.moment = min(max(at, start), end)
        self.bar.start_label.setText(moment_text(start, seconds=False))
        self.bar.end_label.setText(moment_text(end, seconds=False))
        self._set_slider(self.clock.position())
        self._banner(self.clock.moment, loading=True)
        self.bar.live_note.setText("")
        self.bar.show()
        self._ask(self.clock.moment)

    def leave(self) -> None:
        self._timer.stop()
        self.bar.play.setChecked(False)
        self.clock = None
        self._wanted = None
        self.shown_at = None
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.bar.hide()
        self.live.leave_replay()

    async def stop(self) -> None:
        """Leave, and let a picture request in flight end (closing the window)."""
        task = self._task
        self.leave()
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    def _on_held(self, count: int) -> None:
        self.bar.live_note.setText(tr("live: {n} new changes").format(n=count))

    # -- the moment ------------------------------------------------------------------------------
    def seek(self, moment: datetime) -> None:
        if self.clock is None:
            return
        self.clock.moment = min(max(moment, self.clock.start), self.clock.end)
        self._set_slider(self.clock.position())
        self._ask(self.clock.moment)

    def _on_slider(self, position: int) -> None:
        if self.clock is None:
            return
        self._ask(self.clock.seek(position))

    def _on_play(self, playing: bool) -> None:
        if self.clock is None:
            return
        if playing and self.clock.moment >= self.clock.end:
            self.clock.moment = self.clock.start  # play again from the start
        self.clock.playing = playing
        self.bar.play.setText(tr("Pause") if playing else tr("Play"))
        if playing:
            self._last_tick = time.monotonic()
            self._timer.start()
        else:
            self._timer.stop()

    def _on_speed(self, _index: int) -> None:
        if self.clock is not None:
            self.clock.speed = int(self.bar.speed.currentData())

    def _tick(self) -> None:
        if self.clock is None:
            return
        now = time.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        if self.clock.advance(elapsed):
            self._set_slider(self.clock.position())
            self._ask(self.clock.moment)
        if not self.clock.playing:
            self.bar.play.setChecked(False)

    def _set_slider(self, position: int) -> None:
        self.bar.slider.blockSignals(True)
        self.bar.slider.setValue(position)
        self.bar.slider.blockSignals(False)

    # -- fetching --------------------------------------------------------------------------------
    def _ask(self, moment: datetime) -> None:
        self._wanted = moment
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._fetch())

    async def _fetch(self) -> None:
        while self._wanted is not None and self.clock is not None:
            moment = self._wanted
            self._wanted = None
            try:
                replica = await picture_at(self.query, moment, self.live.live_replica.server_id)
            except Exception as exc:  # a refusal, the link down, or an answer not understood
                if not isinstance(exc, QueryError):
                    log.exception("the replay picture at %s could not be read", moment)
                self.failed.emit(tr("Replay: the picture at {time} is not available: {why}")
                                 .format(time=moment_text(moment), why=exc))
                if self.clock is not None and self.shown_at is None:
                    self.leave()  # nothing past to show: live again
                return
            if self.clock is None:
                return  # left meanwhile
            self.shown_at, self.shown_seq = moment, replica.seq
            self.live.show_replica(replica)
            self._banner(moment)
            self.shown.emit(moment)

    def _banner(self, moment: datetime, loading: bool = False) -> None:
        said = tr("REPLAY — {time}").format(time=moment_text(moment))
        self.bar.banner.setText(f"{said} …" if loading else said)


def default_window(now: datetime) -> tuple[datetime, datetime]:
    """The last six hours, to the minute."""
    end = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return end - timedelta(hours=6), end
