"""Interface text of the map and dashboards, through Qt Linguist like the rest of the console."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return QCoreApplication.translate("", text)


def tr_fix(text: str) -> str:
    """Translate text added by the map fixes of issue 10 (context "MapFixes")."""
    return QCoreApplication.translate("MapFixes", text)
