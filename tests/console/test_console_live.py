"""The console against a real server: login, the snapshot in the tables, live events, alerts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from protocol.commands import IncidentNote
from protocol.entities import Incident, Team
from tests.console.conftest import until

INCIDENT = {"type_code": "11D01", "title": "永嘉岩头镇山体滑坡", "lon": 120.69, "lat": 28.2,
            "jurisdiction": "330324", "deaths": 1, "trapped": 3}


async def test_login_snapshot_in_tables_and_live_event(server: Any, console: Any) -> None:
    c = await console("prov")
    assert c.live.principal is not None and c.live.principal.role == "province"
    assert c.connection.state.status == "online"
    teams = c.window.models["team"]
    assert teams.rowCount() == c.replica.count("team") >= 2
    names = {teams.entity(r).name for r in range(teams.rowCount())}  # type: ignore[union-attr]
    assert "永嘉县防汛抢险队" in names
    assert c.window.link_status.text() == f"online · {server.url}"

    other = await server.login("yj")
    ack = await other.ok("incident.create", INCIDENT)
    incidents = c.window.models["incident"]
    await c.until(lambda: incidents.row_of(ack.result["id"]) >= 0)
    row = incidents.row_of(ack.result["id"])
    assert incidents.data(incidents.index(row, 2)) == INCIDENT["title"]
    # The event log shows it and the new incident in my area raises an alert that stays.
    log = c.window.event_log_model
    assert any(log.event_at(r).op == "incident.create" for r in range(log.rowCount()))
    shown = {(log.data(log.index(r, 3)), log.data(log.index(r, 4))) for r in range(log.rowCount())}
    assert ("Create incident", "Incident") in shown  # names, not wire codes
    alerts = c.window.attention.alerts
    assert f"incident:{ack.result['id']}" in alerts
    assert c.window.alert_button.isVisibleTo(c.window)
    assert ack.result["id"] in incidents.highlighted
    c.window.attention.acknowledge_all()
    assert not incidents.highlighted and not c.window.alert_button.isVisibleTo(c.window)


async def test_an_incident_moved_or_reported_into_my_county_raises_an_alert(
    server: Any, console: Any
) -> None:
    yj = await console("yj")
    ra = await server.login("ra")
    reported = await ra.ok("incident.create", {**INCIDENT, "title": "瑞安报永嘉",
                                               "jurisdiction": None})
    await yj.until(lambda: f"incident:{reported.result['id']}" in yj.window.attention.alerts)
    own = await ra.ok("incident.create", {**INCIDENT, "title": "瑞安内涝", "lon": 120.655,
                                          "lat": 27.785, "jurisdiction": None})
    await ra.ok("incident.update", {"id": own.result["id"], "lon": 120.69, "lat": 28.2})
    await yj.until(lambda: f"incident:{own.result['id']}" in yj.window.attention.alerts)


async def test_liaison_sees_only_its_units(server: Any, console: Any) -> None:
    prov = await server.login("prov")
    with_pla = await prov.ok("incident.create", {**INCIDENT, "title": "with PLA"})
    without = await prov.ok("incident.create", {**INCIDENT, "title": "without PLA"})
    await prov.ok("assignment.dispatch", {"team_id": server.teams["pla"],
                                          "incident_id": with_pla.result["id"], "task": "搜救"})
    c = await console("liaison")
    r = c.replica
    assert [t.id for t in r.all_typed(Team)] == [server.teams["pla"]]
    assert [i.id for i in r.all_typed(Incident)] == [with_pla.result["id"]]
    assert r.get("incident", without.result["id"]) is None
    assert c.window.models["incident"].rowCount() == 1
    # Only acknowledging and updating its unit is offered; the rest is disabled with a reason.
    w = c.workflows
    assert not w.action("new_incident").isEnabled()
    assert "Only province, city and county" in w.action("new_incident").toolTip()
    c.live.select("team", server.teams["pla"])
    assert w.action("ack_assignment").isEnabled()
    assert w.action("team_status").isEnabled()
    w.action("ack_assignment").trigger()
    team = r.get_typed(Team, server.teams["pla"])
    assert team is not None
    await c.until(lambda: r.get("assignment", team.assignment_id).acknowledged_at is not None)
    # Hidden is not zero: casualties withheld from the liaison show as "—", and say why.
    model = c.window.models["incident"]
    column = next(n for n, col in enumerate(model.columns)
                  if col.title == "Dead/injured/missing")
    cell = model.index(0, column)
    assert model.data(cell) == "—/—/—"
    assert "not shared" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    c.live.select("incident", with_pla.result["id"])
    assert "— / — / — / — (not shared with your role)" in c.window.detail.toPlainText()
    # It sees the responses in force where its unit is based.
    started = await prov.ok("response.start", {"headquarters": "flood_drought",
                                               "hazard": "typhoon", "level": "IV"})
    await c.until(lambda: r.get("response", started.result["id"]) is not None)
    c.screenshot("liaison")


async def test_county_and_city_views(server: Any, console: Any) -> None:
    prov = await server.login("prov")
    await prov.ok("incident.create", {**INCIDENT, "title": "Yongjia slide"})
    await prov.ok("incident.create", {**INCIDENT, "title": "Hangzhou fire", "type_code": "12G00",
                                      "lon": 120.10, "lat": 30.25, "jurisdiction": "330106"})
    yj = await console("yj")
    titles = {i.title for i in yj.replica.all_typed(Incident)}
    assert titles == {"Yongjia slide"}
    assert yj.workflows.action("publish_warning").isEnabled()
    assert not yj.workflows.action("grade_incident").isEnabled()  # nothing selected yet
    yj.screenshot("county")
    wz = await console("wz")
    assert {i.title for i in wz.replica.all_typed(Incident)} == {"Yongjia slide"}
    assert wz.workflows.action("publish_warning").isEnabled()
    wz.screenshot("city")
    pv = await console("prov")
    assert {i.title for i in pv.replica.all_typed(Incident)} == {"Yongjia slide", "Hangzhou fire"}
    pv.screenshot("province")
    await until(lambda: True)


async def test_chinese_interface(server: Any, console: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from console.qt.shell.app import install_language
    from console.state import text

    app = QApplication.instance()
    installed = install_language(app, "zh")  # type: ignore[arg-type]
    try:
        assert installed, "watchfloor_zh_CN.qm must load"
        prov = await server.login("prov")
        await prov.ok("incident.create", {**INCIDENT, "grade": "II"})
        c = await console("prov")
        assert c.window.docks["incidents"].windowTitle() == "事件"
        assert c.window.link_status.text() == f"在线 · {server.url}"
        incidents = c.window.models["incident"]
        assert incidents.headerData(0, Qt.Orientation.Horizontal) == "等级"
        assert incidents.data(incidents.index(0, 0)) == "Ⅱ级"
        assert incidents.data(incidents.index(0, 4)) == "接报"  # enum label from protocol
        assert not c.workflows.action("grade_incident").isEnabled()
        assert "请先选择一个事件" in c.workflows.action("grade_incident").toolTip()
        assert "未结事件：1" in c.window.detail.toPlainText()  # the summary, in Chinese
        c.workflows.send_command(
            "incident.note", IncidentNote(id=c.replica.all_typed(Incident)[0].id, text="核实中")
        )
        await c.until(lambda: c.connection.pending_count() == 0)
        log = c.window.event_log_model
        assert log.data(log.index(0, 3)) == "事件备注" and log.data(log.index(0, 4)) == "事件"
        commands = c.window.commands_model
        assert commands.data(commands.index(0, 2)) == "事件备注"
        # The state machines' reasons in Chinese, with the states' Chinese labels.
        c.live.select("incident", c.replica.all_typed(Incident)[0].id)
        why = c.workflows.action("close_incident").toolTip()
        assert "该事件不能从“接报”变为“已关闭”（可变为：" in why, why
        assert c.workflows.action("close_incident").text() == "结案(&L)…"
        c.screenshot("province-zh")
    finally:
        for translator in installed:
            app.removeTranslator(translator)  # type: ignore[union-attr]
        text.set_language("en")
