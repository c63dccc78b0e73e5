"""A read-only view of a warning's CAP 1.2 message, with a Save button.

The XML is the server's (query ``warning.cap``), shown indented and saved unchanged; the
console never builds CAP itself. Saving
goes through a non-modal file dialog (``save_dialog``), so tests can pick the file as a person
would.
"""

from __future__ import annotations

from pathlib import Path
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

translate = QCoreApplication.translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def readable(xml: str) -> str:
    """The XML indented for reading (the file saved is the server's text, unchanged)."""
    try:
        pretty = minidom.parseString(xml.encode("utf-8")).toprettyxml(indent="  ")
    except ExpatError:
        return xml
    lines = [line for line in pretty.splitlines() if line.strip()]
    return "\n".join(lines[1:] if lines and lines[0].startswith("<?xml") else lines)


class CapDialog(QDialog):
    def __init__(self, identifier: str, xml: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cap_dialog")
        self.setWindowTitle(tr("CAP 1.2: {identifier}").format(identifier=identifier))
        self.identifier = identifier
        self.xml = xml
        self.save_dialog: QFileDialog | None = None
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        note = QLabel(tr("The warning's current CAP message, as the server publishes it."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.view = QPlainTextEdit(self)
        self.view.setObjectName("cap_xml")
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(QFont("monospace", 9))
        self.view.setPlainText(readable(xml))
        layout.addWidget(self.view, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.ask_path)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.finished.connect(self.deleteLater)

    def ask_path(self) -> None:
        dialog = QFileDialog(self, tr("Save CAP message"), f"{self.identifier or 'warning'}.xml",
                             tr("CAP XML (*.xml)"))
        dialog.setObjectName("cap_save")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xml")
        dialog.fileSelected.connect(self.save_to)
        dialog.finished.connect(dialog.deleteLater)
        self.save_dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> None:
        Path(path).write_text(self.xml, encoding="utf-8")
