"""File → Report in a console against a real server: the menu builds the file while a
progress dialog shows, and the dialog's choices make the request."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
from PySide6.QtWidgets import QMenu, QProgressDialog, QPushButton

from console.qt.shell.report_actions import ReportDialog
from console.state.reports.build import ReportRequest
from protocol.entities import Incident
from tests.console.conftest import until
from tests.fixtures.report_scenario import stage


async def test_the_report_menu_writes_a_sitrep_and_a_handover(
        server: Any, console: Any, tmp_path: Path) -> None:
    prov, yj = await server.login("prov"), await server.login("yj")
    made = await stage(prov, yj)
    c = await console("prov")
    await c.until(lambda: c.replica.get("order", made["order"]) is not None)
    actions = c.window.reports
    menu = c.window.findChild(QMenu, "menu_report")
    assert [a.objectName() for a in menu.actions()] == ["report_sitrep", "report_handover"]

    pdf = tmp_path / "专报.pdf"
    actions.ask = lambda kind: (ReportRequest(kind, "330300", "zh"), "pdf", pdf)
    written: list[str] = []
    actions.finished.connect(written.append)
    menu.actions()[0].trigger()
    progress = c.window.findChild(QProgressDialog, "report_progress")
    assert progress is not None and progress.isVisible()  # shown while it builds
    assert actions.sitrep.isEnabled()
    await until(lambda: bool(written), actions.finished, within=30)
    assert written == [str(pdf)]
    assert str(pdf) in c.window.statusBar().currentMessage()
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "温州市灾情和应急工作专报" in text
    incident = c.replica.get_typed(Incident, made["i1"])
    assert incident is not None and incident.number in text

    md = tmp_path / "handover.md"
    start = datetime.now(UTC) - timedelta(hours=1)
    actions.ask = lambda kind: (ReportRequest(kind, "330300", "en", start=start,
                                              end=datetime.now(UTC)), "md", md)
    menu.actions()[1].trigger()
    await until(lambda: len(written) == 2, actions.finished, within=30)
    shift = md.read_text(encoding="utf-8")
    assert shift.startswith("# Wenzhou duty handover report")
    assert f"| Incident | {incident.number} | 已组织沿江群众转移 | prov |" in shift


async def test_a_report_can_be_cancelled(server: Any, console: Any, tmp_path: Path) -> None:
    c = await console("prov")
    actions = c.window.reports
    out = tmp_path / "x.pdf"
    actions.ask = lambda kind: (ReportRequest(kind, "330000", "en"), "pdf", out)
    written: list[str] = []
    actions.finished.connect(written.append)
    actions.sitrep.trigger()
    cancel = actions.progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()  # as the officer does
    await until(lambda: bool(written), actions.finished, within=30)
    assert written == [""] and not out.exists()
    assert "cancelled" in c.window.statusBar().currentMessage()


async def test_the_dialog_makes_the_request(server: Any, console: Any) -> None:
    c = await console("wz")
    now = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    sitrep = ReportDialog(c.live, "sitrep", c.window, now)
    codes = [sitrep.jurisdiction.itemData(i) for i in range(sitrep.jurisdiction.count())]
    assert codes[0] == "330300" and "330324" in codes and "330000" not in codes
    assert sitrep.request() == ReportRequest("sitrep", "330300", sitrep.request().lang)
    sitrep.live_now.setChecked(False)
    sitrep.lang.setCurrentIndex(1)
    assert sitrep.request() == ReportRequest("sitrep", "330300", "en", at=now)
    sitrep.format.setCurrentIndex(1)
    assert sitrep.fmt() == "md" and sitrep.path.text().endswith("sitrep.md")
    handover = ReportDialog(c.live, "handover", c.window, now)
    request = handover.request()
    assert (request.kind, request.start, request.end) == (
        "handover", now - timedelta(hours=12), now)
    sitrep.deleteLater()
    handover.deleteLater()
