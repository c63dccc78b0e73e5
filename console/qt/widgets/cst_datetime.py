"""A date-time field in China Standard Time, whatever the machine's zone: one format per
language (``2026-12-02 12:10 CST`` / ``2026-12-02 12:10 北京时间``), to the minute."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QWidget

from console.state import text

from .check_marks import outline_check_boxes

CST_ZONE = QTimeZone(8 * 3600)  # China has no daylight saving: a fixed UTC+8 zone is exact


def display_format() -> str:
    return f"yyyy-MM-dd HH:mm '{text.cst_label()}'"


class CstDateTimeEdit(QDateTimeEdit):
    def __init__(self, when: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTimeZone(CST_ZONE)
        self.setDisplayFormat(display_format())
        self.setCalendarPopup(True)
        self.set_when(when)

    def set_when(self, when: datetime) -> None:
        self.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp()), CST_ZONE))

    def when(self) -> datetime:
        return datetime.fromtimestamp(self.dateTime().toSecsSinceEpoch(), UTC)


class OptionalCstDateTime(QWidget):
    """A CST date-time that may be left unset: a tick box switches the time on."""

    changed = Signal()

    def __init__(self, when: datetime | None, unset_shows: datetime,
                 parent: QWidget | None = None) -> None:
        """``unset_shows``: the time offered once the box is ticked, when ``when`` is None."""
        super().__init__(parent)
        self.on = QCheckBox(self)
        self.on.setObjectName("optional_on")
        outline_check_boxes(self.on)
        self.edit = CstDateTimeEdit(when or unset_shows, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.on)
        row.addWidget(self.edit, 1)
        self.on.toggled.connect(self.edit.setEnabled)
        self.on.toggled.connect(lambda *_a: self.changed.emit())
        self.edit.dateTimeChanged.connect(lambda *_a: self.changed.emit())
        self.set_when(when)

    def set_when(self, when: datetime | None) -> None:
        self.on.setChecked(when is not None)
        self.edit.setEnabled(when is not None)
        if when is not None:
            self.edit.set_when(when)

    def when(self) -> datetime | None:
        return self.edit.when() if self.on.isChecked() else None
