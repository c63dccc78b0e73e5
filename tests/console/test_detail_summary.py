"""The Detail panel is never blank: with nothing selected it summarises the picture, and it
keeps the summary current as events arrive."""

from __future__ import annotations

from typing import Any

from protocol.entities import Team
from tests.console.test_amend_flows import YJ_INCIDENT


async def test_summary_when_nothing_is_selected(server: Any, console: Any) -> None:
    admin = await server.login("prov")
    await admin.ok("incident.create", {**YJ_INCIDENT, "title": "滑坡", "grade": "II"})
    await admin.ok("incident.create", {**YJ_INCIDENT, "title": "火灾", "type_code": "12G00"})
    await admin.ok("response.start", {"headquarters": "flood_drought", "hazard": "typhoon",
                                      "level": "III", "jurisdiction": "330300"})
    wz = await console("wz")
    detail = wz.window.detail
    page = detail.toPlainText()
    assert "Open incidents: 2" in page
    assert "Grade II (serious)" in page and "not graded yet" in page
    assert "Teams: 2" in page and "Available" in page
    assert "Responses in force: 1" in page and "Typhoon" in page
    # A live event updates the summary; a selection replaces it; clearing brings it back.
    await admin.ok("incident.create", {**YJ_INCIDENT, "title": "内涝", "type_code": "11A01"})
    await wz.until(lambda: "Open incidents: 3" in detail.toPlainText())
    team = wz.replica.get_typed(Team, server.teams["yj_flood"])
    wz.live.select("team", team.id)
    assert team.name in detail.toPlainText() and "Open incidents" not in detail.toPlainText()
    wz.live.select("", "")
    assert "Open incidents: 3" in detail.toPlainText()
    wz.screenshot("city-summary")
    # The English interface names cities in English on the map too (not mixed languages).
    names = {label.textItem.toPlainText() for label in wz.window.map.city_labels}
    assert {"Wenzhou", "Lishui", "Hangzhou"} <= names and "温州市" not in names
