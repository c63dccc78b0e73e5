"""Colours of the console: dark (default) and light palettes, and the national severity colours.

Severity colours follow the red/orange/yellow/blue convention (Ⅰ..Ⅳ) everywhere and are always
shown with their text, so colour is never the only cue.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from console.state.colours import SEVERITY, SEVERITY_TEXT

_DARK = {
    QPalette.ColorRole.Window: "#1b1f24",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#12151a",
    QPalette.ColorRole.AlternateBase: "#1e232a",
    QPalette.ColorRole.Text: "#f1f3f4",
    QPalette.ColorRole.Button: "#2a3038",
    QPalette.ColorRole.ButtonText: "#f1f3f4",
    QPalette.ColorRole.Highlight: "#2f6fb5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2a3038",
    QPalette.ColorRole.ToolTipText: "#f1f3f4",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    QPalette.ColorRole.Link: "#8ab4f8",
}
_LIGHT = {
    QPalette.ColorRole.Window: "#f3f4f6",
    QPalette.ColorRole.WindowText: "#111111",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#eef0f3",
    QPalette.ColorRole.Text: "#111111",
    QPalette.ColorRole.Button: "#e2e5e9",
    QPalette.ColorRole.ButtonText: "#111111",
    QPalette.ColorRole.Highlight: "#1f5fa8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffdc",
    QPalette.ColorRole.ToolTipText: "#111111",
    QPalette.ColorRole.PlaceholderText: "#5f6368",
    QPalette.ColorRole.Link: "#1a0dab",
}


def apply_theme(app: QApplication, name: str = "dark") -> None:
    """Fusion style with a high-contrast dark or light palette."""
    app.setStyle("Fusion")
    pal = QPalette()
    for role, colour in (_LIGHT if name == "light" else _DARK).items():
        pal.setColor(role, QColor(colour))
    disabled = QColor("#6b7178" if name != "light" else "#9aa0a6")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    app.setPalette(pal)
    app.setProperty("watchfloor_theme", name)


def severity_chip_css(code: str) -> str:
    """Style sheet of a chip showing a grade / level / warning colour code (I..IV)."""
    return (
        f"background:{SEVERITY.get(code, '#555')}; color:{SEVERITY_TEXT.get(code, '#fff')};"
        "border-radius:3px; padding:1px 6px; font-weight:bold;"
    )
