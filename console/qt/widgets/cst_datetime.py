"""A date-time field in China Standard Time, whatever the machine's zone: one format per
language (``2026-12-02 12:10 CST`` / ``2026-12-02 12:10 北京时间``), to the minute."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from console.state import text

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
