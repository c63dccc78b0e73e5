"""The Qt layer of the console. Importing it routes the plain logic's interface text
(:mod:`console.state.i18n`) through Qt Linguist, so the translators installed on the
application word tables, guards and detail panels too."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.state import i18n

i18n.install(QCoreApplication.translate)
