"""A form's unticked box is visible on the dark theme (Fusion outlines it in the darkened
window colour, which vanished against the dark base)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QCheckBox

from console.qt.shell.theme import apply_theme
from console.qt.widgets.forms import BOOL, Field, FormDialog


def _brightest(box: QCheckBox) -> int:
    image = box.grab().toImage()
    side = min(image.height(), 20)
    return max(image.pixelColor(x, y).lightness() for x in range(side) for y in range(side))


def test_an_unticked_box_shows_on_the_dark_theme(qtbot: Any) -> None:
    app = QApplication.instance()
    apply_theme(app, "dark")  # type: ignore[arg-type]
    try:
        dialog = FormDialog("t", [Field("exercise", "Exercise", BOOL, False)])
        qtbot.addWidget(dialog)
        dialog.show()
        box = dialog.widgets["exercise"]
        assert isinstance(box, QCheckBox) and not box.isChecked()
        plain = QCheckBox()
        qtbot.addWidget(plain)
        plain.show()
        assert _brightest(box) > _brightest(plain) + 40  # the outline stands out
    finally:
        app.setPalette(app.style().standardPalette())  # type: ignore[union-attr]
        app.setProperty("watchfloor_theme", None)  # type: ignore[union-attr]
