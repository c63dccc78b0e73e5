"""File → Report → Situation report… / Handover report…: a dialog (jurisdiction, moment or
shift window, format, language, file), then the report is built while a progress dialog
shows each step. Asking the server runs on the console's loop, the model on the GUI thread
(it is quick, and reads the replica), the PDF in a worker thread; the window stays live.

What it asks and builds is what ``watchfloor report`` does (``console.state.reports.build``).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QDateTime, QObject, QTimeZone, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QStatusBar,
    QWidget,
)

from console.net.headless import page_picture
from console.net.link import Link, QueryError
from console.qt.live import LiveModel
from console.state import text
from console.state.reports.build import ReportRequest, Sources, build, render
from protocol.adcodes import is_within, level_of
from protocol.entities import Jurisdiction
from protocol.messages import Event

translate = QCoreApplication.translate
T = TypeVar("T")
CST = QTimeZone(8 * 3600)
STEPS = 3  # asking the server, building, writing


def tr(s: str) -> str:
    return translate("Reports", s)


def _to_qt(ts: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(ts.timestamp()), CST)


def _from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


class ReportDialog(QDialog):
    """What report to make. ``request()`` and ``fmt()`` and ``path()`` read the choice."""

    def __init__(self, live: LiveModel, kind: str, parent: QWidget | None,
                 now: datetime) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"report_dialog_{kind}")
        self.setWindowTitle(tr("Situation report") if kind == "sitrep"
                            else tr("Handover report"))
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        self.jurisdiction = QComboBox(self)
        self.jurisdiction.setObjectName("report_jurisdiction")
        mine = live.principal.jurisdiction if live.principal else "330000"
        below = {"province": "city", "city": "county"}.get(level_of(mine))
        codes = sorted((j.id for j in live.replica.all_typed(Jurisdiction)
                        if j.id == mine or is_within(j.id, mine) and level_of(j.id) == below),
                       key=lambda c: (c != mine, c))
        for code in codes or [mine]:
            self.jurisdiction.addItem(f"{text.place(live.replica, code)} ({code})", code)
        form.addRow(tr("Jurisdiction"), self.jurisdiction)
        self.live_now = QCheckBox(tr("Now (the live picture)"), self)
        self.live_now.setObjectName("report_now")
        self.at = self._time_edit("report_at", now)
        self.start = self._time_edit("report_from", now - timedelta(hours=12))
        self.end = self._time_edit("report_to", now)
        if kind == "sitrep":
            self.live_now.setChecked(True)
            self.at.setEnabled(False)
            self.live_now.toggled.connect(lambda on: self.at.setEnabled(not on))
            form.addRow(tr("Moment"), self.live_now)
            form.addRow("", self.at)
            self.start.hide()
            self.end.hide()
        else:
            form.addRow(tr("Shift from"), self.start)
            form.addRow(tr("Shift to"), self.end)
            self.live_now.hide()
            self.at.hide()
        self.format = QComboBox(self)
        self.format.setObjectName("report_format")
        self.format.addItem(tr("PDF"), "pdf")
        self.format.addItem(tr("Markdown"), "md")
        form.addRow(tr("Format"), self.format)
        self.lang = QComboBox(self)
        self.lang.setObjectName("report_lang")
        self.lang.addItem("中文", "zh")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(0 if text.language() == "zh" else 1)
        form.addRow(tr("Language"), self.lang)
        self.path = QLineEdit(self)
        self.path.setObjectName("report_path")
        self.path.setText(str(Path.home() / f"{kind}.pdf"))
        browse = QPushButton(tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(tr("File"), row)
        self.format.currentIndexChanged.connect(self._suffix)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _time_edit(self, name: str, value: datetime) -> QDateTimeEdit:
        edit = QDateTimeEdit(_to_qt(value), self)
        edit.setObjectName(name)
        edit.setTimeZone(CST)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setCalendarPopup(True)
        return edit

    def _suffix(self) -> None:
        path = Path(self.path.text())
        self.path.setText(str(path.with_suffix("." + self.fmt())))

    def _browse(self) -> None:
        filters = tr("PDF (*.pdf)") if self.fmt() == "pdf" else tr("Markdown (*.md)")
        chosen = QFileDialog.getSaveFileName(self, tr("Save the report"), self.path.text(),
                                             filters)[0]
        if chosen:
            self.path.setText(chosen)

    def fmt(self) -> str:
        return str(self.format.currentData())

    def request(self) -> ReportRequest:
        code, lang = str(self.jurisdiction.currentData()), str(self.lang.currentData())
        if self.kind == "sitrep":
            at = None if self.live_now.isChecked() else _from_qt(self.at.dateTime())
            return ReportRequest("sitrep", code, lang, at=at)
        return ReportRequest("handover", code, lang, start=_from_qt(self.start.dateTime()),
                             end=_from_qt(self.end.dateTime()))


def _in_thread(work: Callable[[], T]) -> asyncio.Future[T]:
    """Run ``work`` on a thread of its own; a future on the running loop for its result."""
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[T] = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if fut.done():
            return
        if ok:
            fut.set_result(value)
        else:
            fut.set_exception(value)

    def run() -> None:
        try:
            result = work()
        except BaseException as exc:  # handed to the loop, raised there
            loop.call_soon_threadsafe(settle, False, exc)
        else:
            loop.call_soon_threadsafe(settle, True, result)

    threading.Thread(target=run, name="report-render", daemon=True).start()
    return fut


class ReportActions(QObject):
    """The two menu actions. ``ask`` (the dialog by default) is replaceable for tests: it
    returns (request, format, path) or None when cancelled."""

    finished = Signal(str)  # the path written, or "" when it failed or was cancelled

    def __init__(self, live: LiveModel, link: Link, events: Callable[[], list[Event]],
                 parent: QWidget, status: QStatusBar) -> None:
        super().__init__(parent)
        self.live = live
        self.link = link
        self.events = events
        self.status = status
        self.window = parent
        self.ask: Callable[[str], tuple[ReportRequest, str, Path] | None] = self._ask
        self.progress: QProgressDialog | None = None
        self._task: asyncio.Task[str] | None = None
        self.sitrep = QAction(tr("Situation report…"), self)
        self.sitrep.setObjectName("report_sitrep")
        self.sitrep.triggered.connect(lambda: self.start("sitrep"))
        self.handover = QAction(tr("Handover report…"), self)
        self.handover.setObjectName("report_handover")
        self.handover.triggered.connect(lambda: self.start("handover"))

    def _ask(self, kind: str) -> tuple[ReportRequest, str, Path] | None:
        dialog = ReportDialog(self.live, kind, self.window, datetime.now(UTC))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request(), dialog.fmt(), Path(dialog.path.text())

    def start(self, kind: str) -> None:
        if self._task is not None and not self._task.done():
            return  # one report at a time
        chosen = self.ask(kind)
        if chosen is None:
            return
        request, fmt, path = chosen
        progress = QProgressDialog(tr("Asking the server…"), tr("Cancel"), 0, STEPS,
                                   self.window)
        progress.setObjectName("report_progress")
        progress.setWindowTitle(tr("Building the report"))
        # not modal: the console stays usable while it builds (one report at a time)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        progress.show()
        self.progress = progress
        task = asyncio.ensure_future(self._make(request, fmt, path, progress))
        self._task = task
        progress.canceled.connect(task.cancel)
        task.add_done_callback(lambda t: self._done(t, progress))

    async def _make(self, request: ReportRequest, fmt: str, path: Path,
                    progress: QProgressDialog) -> str:
        """The path written, or "" when it failed (the status bar says why)."""
        try:
            sources = await Sources.gather(
                self.live.replica, self.live.principal, request, self.link.query,
                lambda at: page_picture(self.link.query, at), self.events(), datetime.now(UTC))
            progress.setLabelText(tr("Building the report…"))
            progress.setValue(1)
            report = build(request, sources)  # reads the replica: on this thread
            progress.setLabelText(tr("Writing {path}…").format(path=path))
            progress.setValue(2)
            data = await _in_thread(lambda: render(report, fmt))
            await _in_thread(lambda: path.write_bytes(data))
        except (QueryError, OSError) as exc:
            self.status.showMessage(tr("Report failed: {error}").format(error=exc), 15000)
            return ""
        progress.setValue(STEPS)
        self.status.showMessage(tr("Report written to {path}").format(path=path), 8000)
        return str(path)

    def _done(self, task: asyncio.Task[str], progress: QProgressDialog) -> None:
        written = ""
        if task.cancelled():
            self.status.showMessage(tr("Report cancelled"), 8000)
        else:
            written = task.result()
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            progress.canceled.disconnect(task.cancel)
            progress.close()
            progress.deleteLater()
        self.progress = None
        self.finished.emit(written)
