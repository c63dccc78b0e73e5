"""Warnings → Import CAP…: another authority's CAP 1.2 file becomes a warning.

The console only carries the file: it reads it (``console.state.cap_feed``, size-limited) and
sends ``warning.import_cap``; the server validates it against the OASIS schema and maps it,
and its answer (imported, already imported, or refused with the reason) shows in the command
list and the status bar like any command's. The file dialog is non-modal
(``file_dialog``), so tests pick the file as a person would.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from console.qt.actions.workflows import Workflows
from console.state import guards
from console.state.cap_feed import FeedError, read_cap
from protocol.commands import WarningImportCap

CONTEXT = "CapExchange"


def tr(s: str) -> str:
    return QCoreApplication.translate(CONTEXT, s)


class CapImport:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        self.file_dialog: QFileDialog | None = None
        w.add("import_cap", tr("Import CAP…"), "Ctrl+Shift+X",
              lambda: guards.warning_import(w.me), self.ask_file)

    def ask_file(self) -> None:
        dialog = QFileDialog(self.w.window, tr("Import a CAP 1.2 warning"), "",
                             tr("CAP XML (*.xml *.cap);;All files (*)"))
        dialog.setObjectName("cap_import_file")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.import_file)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()
        self.w.dialog_opened.emit(dialog)

    def import_file(self, path: str) -> None:
        try:
            xml = read_cap(path)
        except FeedError as exc:
            self.w.message.emit(tr("CAP import failed: {why}").format(why=str(exc)))
            return
        self.w.send_command("warning.import_cap", WarningImportCap(
            xml=xml, source_url=Path(path).resolve().as_uri()))
