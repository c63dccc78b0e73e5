"""Fitting the main window to its screen: maximised on the first run, a restored geometry
clamped to the screen's available area (:mod:`console.state.screen_fit` does the numbers)."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from console.state.screen_fit import Rect, clamp_to_screen, first_size


def _rect(r: QRect) -> Rect:
    return Rect(r.x(), r.y(), r.width(), r.height())


def screen_of(window: QWidget) -> QScreen | None:
    """The screen the window's centre is on, else the primary one."""
    found = QGuiApplication.screenAt(window.geometry().center())
    return found or window.screen() or QGuiApplication.primaryScreen()


def fit_to_screen(window: QWidget, first_run: bool, available: Rect | None = None) -> None:
    """Size the window's normal geometry for ``available`` (by default the available area of
    the window's screen, in device-independent pixels), before or after it is shown."""
    if available is None:
        screen = screen_of(window)
        if screen is None:
            return
        available = _rect(screen.availableGeometry())
    if first_run:
        target = first_size(available)
    else:
        target = clamp_to_screen(_rect(window.geometry()), available)
    window.setGeometry(target.x, target.y, target.width, target.height)
