"""The console's exports: File → Export → GeoJSON… and a table's "Export table as CSV…"."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from tests.fixtures.rfc7946 import check_feature_collection


async def test_export_geojson_and_a_table_from_the_console(
        server: Any, console: Any, tmp_path: Path) -> None:
    c = await console("prov")
    asked: list[tuple[str, str]] = []
    target: dict[str, Path] = {"geojson": tmp_path / "p.geojson", "csv": tmp_path / "t.csv"}

    def ask(caption: str, name: str, filter: str) -> str:
        asked.append((caption, name))
        return str(target["csv" if name.endswith(".csv") else "geojson"])

    c.window.exports.ask_path = ask
    menu_actions = {a.objectName() for a in c.window.findChildren(QAction)}
    assert "export_geojson" in menu_actions
    c.window.exports.geojson.trigger()
    doc = json.loads(target["geojson"].read_text(encoding="utf-8"))
    assert check_feature_collection(doc) == []
    assert sum(f["properties"]["kind"] == "team" for f in doc["features"]) == (
        c.replica.count("team"))

    view = c.window.panels["team"].view
    export_csv = next(a for a in view.actions() if a.objectName() == "export_csv_team")
    export_csv.trigger()
    with target["csv"].open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    model = c.window.models["team"]
    horizontal = Qt.Orientation.Horizontal
    assert header == [model.headerData(i, horizontal) for i in range(model.columnCount())]
    assert len(rows) == model.rowCount() == c.replica.count("team")
    assert asked[-1] == ("Export table as CSV", "team.csv")
    assert str(target["csv"]) in c.window.statusBar().currentMessage()

