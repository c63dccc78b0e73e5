"""Identifiers are never cut off (issue 10 item 8): columns that identify follow their content,
the team's status sits next to its name, and a dialog is as wide as its title and choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView

from tests.console.test_amend_flows import YJ_INCIDENT


def _fits(panel: Any, column: int) -> bool:
    view = panel.view
    fm = view.fontMetrics()
    header = view.horizontalHeader()
    model = panel.model
    widest = max(fm.horizontalAdvance(str(model.data(model.index(r, column))))
                 for r in range(model.rowCount()))
    return header.sectionSize(column) >= widest


async def test_identifying_columns_are_never_elided(server: Any, console: Any) -> None:
    admin = await server.login("prov")
    await admin.ok("incident.create", {**YJ_INCIDENT, "title": "滑坡"})
    c = await console("prov")
    incidents, teams = c.window.panels["incident"], c.window.panels["team"]
    await c.until(lambda: incidents.model.rowCount() == 1)
    for panel in (incidents, teams):
        panel.show()
        panel._fit_columns()
    titles = [col.title for col in teams.model.columns]
    assert titles[:3] == ["Team", "Status", "In status"]  # the state next to the name
    for panel in (incidents, teams):
        header = panel.view.horizontalHeader()
        for n, col in enumerate(panel.model.columns):
            if col.identifies:
                assert header.sectionResizeMode(n) == QHeaderView.ResizeMode.ResizeToContents
                assert _fits(panel, n), f"{col.title} is cut off"


async def test_a_dialog_is_as_wide_as_its_title_and_choices(server: Any, console: Any) -> None:
    admin = await server.login("prov")
    out = await admin.ok("incident.create", {**YJ_INCIDENT, "title": "滑坡"})
    c = await console("yj")
    await c.until(lambda: c.replica.get("incident", out.result["id"]) is not None)
    c.live.select("incident", out.result["id"])
    c.workflows.action("incident_status").trigger()
    dialog = c.workflows.dialog
    try:
        fm = dialog.fontMetrics()
        assert dialog.minimumWidth() >= fm.horizontalAdvance(dialog.windowTitle()) + 100
    finally:
        dialog.reject()
    inc = c.replica.get("incident", out.result["id"])
    long_reason = "Fire rescue, 8 km, about 12 min, flood rescue + collapse search capable"
    form = c.window.team_actions.show_candidates(
        inc, [{"team_id": server.teams["yj_flood"], "name": "永嘉县消防救援大队",
               "reason": long_reason}])
    try:
        widest = form.fontMetrics().horizontalAdvance(f"1. 永嘉县消防救援大队 — {long_reason}")
        assert form.minimumWidth() >= widest
    finally:
        form.reject()
