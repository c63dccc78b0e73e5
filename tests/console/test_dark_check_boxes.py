"""An unticked box is visible on the dark theme: Fusion outlines it in the darkened window
colour, which vanished against the dark base; outline_check_boxes (used by the forms' tick
boxes and the area tree) outlines it in the text colour. The palette is the widget's own, so
the application's theme is left alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QStyleFactory

from console.qt.shell.theme import _DARK
from console.qt.widgets.check_marks import outline_check_boxes

FUSION = QStyleFactory.create("Fusion")  # kept alive for the widgets that use it


def _dark_box(qtbot: Any) -> QCheckBox:
    box = QCheckBox()
    box.setStyle(FUSION)
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    box.setPalette(palette)
    qtbot.addWidget(box)
    box.show()
    return box


def _brightest(box: QCheckBox) -> int:
    image = box.grab().toImage()
    side = min(image.height(), 20)
    return max(image.pixelColor(x, y).lightness() for x in range(side) for y in range(side))


def test_an_unticked_box_shows_on_the_dark_theme(qtbot: Any) -> None:
    plain, outlined = _dark_box(qtbot), _dark_box(qtbot)
    outline_check_boxes(outlined)
    assert not outlined.isChecked()
    assert _brightest(outlined) > _brightest(plain) + 40  # the outline stands out
