"""File → Export → GeoJSON… and a table's "Export table as CSV…": the writers of
``console.state`` over the live replica, to a file the user picks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QStatusBar, QWidget

from console.qt.live import LiveModel
from console.qt.widgets.table_model import EntityTableModel
from console.state.picture_geojson import picture_geojson, write_geojson
from console.state.table_csv import write_csv
from console.state.tables import Table

translate = QCoreApplication.translate

AskPath = Callable[[str, str, str], str]  # (caption, suggested name, filter) -> path or ""


def tr(s: str) -> str:
    return translate("Export", s)


def _ask_path(parent: QWidget) -> AskPath:
    def ask(caption: str, name: str, filter: str) -> str:
        return QFileDialog.getSaveFileName(parent, caption, name, filter)[0]

    return ask


class ExportActions(QObject):
    """The actions; ``ask_path`` (a save dialog by default) is replaceable for tests."""

    def __init__(self, live: LiveModel, parent: QWidget, status: QStatusBar) -> None:
        super().__init__(parent)
        self.live = live
        self.status = status
        self.ask_path: AskPath = _ask_path(parent)
        self.geojson = QAction(tr("GeoJSON…"), self)
        self.geojson.setObjectName("export_geojson")
        self.geojson.triggered.connect(self.export_geojson)

    def csv_action(self, model: EntityTableModel) -> QAction:
        action = QAction(tr("Export table as CSV…"), self)
        action.setObjectName(f"export_csv_{model.kind}")
        action.triggered.connect(lambda _c=False, m=model: self.export_csv(m))
        return action

    def export_geojson(self) -> None:
        path = self.ask_path(tr("Export the picture as GeoJSON"), "watchfloor.geojson",
                             tr("GeoJSON (*.geojson *.json)"))
        if path:
            self._write(lambda: write_geojson(picture_geojson(self.live.replica), Path(path)),
                        tr("{n} features written to {path}"), path)

    def export_csv(self, model: EntityTableModel) -> None:
        path = self.ask_path(tr("Export table as CSV"), f"{model.kind}.csv",
                             tr("CSV (*.csv)"))
        if path:
            table = Table(model.kind, model.columns)
            self._write(lambda: write_csv(table, self.live.replica, Path(path)),
                        tr("{n} rows written to {path}"), path)

    def _write(self, write: Callable[[], int], done: str, path: str) -> None:
        try:
            n = write()
        except OSError as exc:
            self.status.showMessage(tr("Export failed: {error}").format(error=exc), 15000)
            return
        self.status.showMessage(done.format(n=n, path=path), 8000)
