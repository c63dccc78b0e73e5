"""The Statistics dock, the loss-report form on a process, "Return report…" and the
attention items for reports due, against a real server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex

from console.state.statistics import COLUMNS
from protocol.entities import LossReport
from tests.console.conftest import Console
from tests.console.test_workflows import accept, run


def rows(c: Console) -> dict[str, tuple[str, ...]]:
    """level:adcode -> the cells of its row."""
    model = c.window.statistics.model
    out = {}
    for n in range(model.rowCount()):
        cells = tuple(model.data(model.index(n, k)) for k in range(model.columnCount()))
        row = model.rows[n]
        out[row.adcode if row.level == "county" else f"{row.level}:{row.adcode}"] = cells
    return out


def column(name: str) -> int:
    return COLUMNS.index(name)


async def test_rollup_return_and_attention(server: Any, console: Any, qtmodeltester: Any
                                           ) -> None:
    prov = await server.login("prov")
    ra_wire = await server.login("ra")
    started = datetime.now(UTC) - timedelta(hours=3)  # the initial reports are 1 h overdue
    pid = (await prov.ok("process.open", {
        "name": "台风“海燕D”", "hazard": "typhoon", "started_at": started.isoformat(),
        "counties": ["330324", "330328", "330381"], "exercise": True})).result["id"]
    yj: Console = await console("yj")
    wz: Console = await console("wz")
    await yj.until(lambda: yj.replica.get("disaster_process", pid) is not None)

    # Yongjia reports through the form: the process is offered, the new indicators too.
    run(yj, "loss_report", stage="initial", title="永嘉县台风灾情初报", process_id=pid,
        affected_population=1200, evacuated=3000, relocated=400, roads_km=12.5)
    await yj.until(lambda: any(r.process_id == pid for r in yj.replica.all_typed(LossReport)))
    report = next(r for r in yj.replica.all_typed(LossReport) if r.process_id == pid)
    assert report.figures.roads_km == 12.5 and report.figures.evacuated == 3000
    yj.live.select("loss_report", report.id)
    run(yj, "loss_report", stage="follow_up", zero=True, affected_population=1)  # ignored
    await yj.until(lambda: yj.replica.get("loss_report", report.id).zero)
    assert yj.replica.get("loss_report", report.id).figures.affected_population == 1200
    ra_report = (await ra_wire.ok("loss.submit", {"process_id": pid, "figures": {
        "affected_population": 800, "relocated": 100}})).result["id"]

    panel = wz.window.statistics
    await wz.until(lambda: wz.replica.get("loss_report", ra_report) is not None
                   and panel.process_box.findData(pid) >= 0)
    panel.choose(pid)
    await wz.until(lambda: len(panel.model.rows) == 4)
    qtmodeltester.check(panel.model)
    table = rows(wz)
    assert list(table) == ["city:330300", "330324", "330328", "330381"]  # one city: no total
    state = column("state")
    assert "Zero report" in table["330324"][state]
    assert table["330328"][state].startswith("Not reported · overdue: Initial report")
    assert table["330328"][column("affected_population")] == "—"  # never a silent 0
    assert table["330381"][state] == "Reported"
    assert panel.model.rows[0].figures["affected_population"] == 2000
    assert panel.model.data(panel.model.index(0, column("affected_population"))) == "2,000"
    assert panel.model.data(panel.model.index(0, column("transferred"))) == "3,500"
    assert "Not reported: 文成县" in panel.summary.text() or "Wencheng" in panel.summary.text()

    # The county that owes a report and the city above see it; a neighbour does not.
    wz.window.attention.refresh_due()
    keys = set(wz.window.attention.alerts)
    assert f"due:{pid}:330328:initial:0" in keys
    yj.window.attention.refresh_due()
    assert not any(":330328:" in k for k in yj.window.attention.alerts)

    # Wenzhou returns Ruian's report: a reason, then "Returned" with the revision kept.
    assert not panel.return_button.isEnabled()  # nothing selected
    panel.select_county("330381")
    assert panel.return_button.isEnabled(), panel.return_button.toolTip()
    wz.workflows.dialog = None
    panel.return_button.click()
    accept(wz.workflows.dialog, reason="受灾人口与转移人数不符")
    await wz.until(lambda: wz.replica.get("loss_report", ra_report).status == "returned")
    await wz.until(lambda: rows(wz)["330381"][state]
                   == "Returned · overdue: Initial report")  # owed again
    returned = panel.model.rows[[r.adcode for r in panel.model.rows].index("330381")]
    assert returned.reason == "受灾人口与转移人数不符"
    assert panel.model.rows[0].figures["affected_population"] == 1200
    panel.select_county("330381")
    assert not panel.return_button.isEnabled()  # already returned
    yj_panel = yj.window.statistics
    yj_panel.choose(pid)
    await yj.until(lambda: [r.adcode for r in yj_panel.model.rows] == ["330300", "330324"])
    yj_panel.select_county("330324")
    assert not yj_panel.return_button.isEnabled()  # a county never returns its own report
    assert "level above" in yj_panel.return_button.toolTip()
    wz.window.docks["statistics"].show()
    wz.window.docks["statistics"].raise_()
    assert panel.view.model().index(0, 0, QModelIndex()).isValid()
    wz.screenshot("statistics-wenzhou")


async def test_province_sees_a_total_over_cities(server: Any, console: Any) -> None:
    prov_wire = await server.login("prov")
    pid = (await prov_wire.ok("process.open", {
        "name": "台风", "hazard": "typhoon", "counties": ["330106", "330324"]})).result["id"]
    yj = await server.login("yj")
    await yj.ok("loss.submit", {"process_id": pid, "figures": {"affected_population": 50}})
    prov: Console = await console("prov")
    panel = prov.window.statistics
    await prov.until(lambda: panel.process_box.findData(pid) >= 0
                     and prov.replica.count("loss_report") == 1)
    panel.choose(pid)
    await prov.until(lambda: len(panel.model.rows) == 5)
    assert [(r.level, r.adcode) for r in panel.model.rows] == [
        ("total", "330000"), ("city", "330100"), ("county", "330106"), ("city", "330300"),
        ("county", "330324")]
    assert panel.model.rows[0].state_text == "Reported 1 · Not reported 1"
    assert panel.model.data(panel.model.index(0, 0)).startswith("Total: ")
