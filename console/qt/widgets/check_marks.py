"""Check boxes that stay visible on the dark theme."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget


def outline_check_boxes(widget: QWidget) -> None:
    """Fusion outlines a check box in the window colour, darkened: on a dark theme an unticked
    box vanishes. Outline the widget's boxes in the text colour instead (dark themes only)."""
    palette = widget.palette()
    if palette.color(QPalette.ColorRole.Base).lightness() < 128:
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Text))
        widget.setPalette(palette)
