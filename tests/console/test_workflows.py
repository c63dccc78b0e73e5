"""Every workflow from the console's own actions and dialogs, against the real server: each
sends a real command, and the view then shows the server's event."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from console.net.commands import InvalidCommand
from console.qt.map.projection import wgs84_to_map
from console.qt.widgets.forms import FormDialog
from protocol.commands import IncidentGrade, IncidentNote
from protocol.entities import (
    Incident,
    LossReport,
    MaterialRequest,
    Order,
    Plan,
    PlanTask,
    Response,
    Shelter,
    StockItem,
    SupportRequest,
    Team,
    Warning,
)
from tests.console.conftest import Console, until

YONGJIA = (120.69, 28.2)


def accept(dialog: FormDialog | None, **values: Any) -> None:
    assert dialog is not None and dialog.isVisible()
    for name, value in values.items():
        dialog.set_value(name, value)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible(), dialog.error.text()


def run(c: Console, action: str, **values: Any) -> None:
    """Trigger an action (it must be enabled) and fill and accept its dialog."""
    act = c.workflows.action(action)
    assert act.isEnabled(), act.toolTip()
    c.workflows.dialog = None
    act.trigger()
    accept(c.workflows.dialog, **values)


def one(c: Console, cls: type, pred: Any = lambda _e: True) -> Any:
    """The one entity the server holds (not a provisional one shown while pending)."""
    kind = cls.__struct_config__.tag  # type: ignore[attr-defined]
    found = [e for e in c.replica.all_typed(cls) if pred(e) and not c.replica.is_local(kind, e.id)]
    return found[0] if len(found) == 1 else None


async def create_incident_by_map_click(c: Console, title: str) -> Incident:
    c.window.map.fit_jurisdiction()
    c.workflows.action("new_incident").trigger()
    assert c.window.map.picking()
    x, y = wgs84_to_map(*YONGJIA)
    point = c.window.map.plot.mapFromScene(c.window.map.map_to_scene(x, y))
    QTest.mouseClick(c.window.map.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    dialog = c.workflows.dialog
    assert dialog is not None
    lon, lat = dialog.values()["lon"], dialog.values()["lat"]
    assert abs(lon - YONGJIA[0]) < 0.05 and abs(lat - YONGJIA[1]) < 0.05
    accept(dialog, title=title, type_code="11D01", deaths=2, trapped=4)
    await c.until(lambda: one(c, Incident, lambda i: i.title == title) is not None)
    inc = one(c, Incident, lambda i: i.title == title)
    assert inc.jurisdiction == "330324"
    return inc  # type: ignore[no-any-return]


async def test_incident_dispatch_support_and_orders(server: Any, console: Any) -> None:
    prov = await console("prov")
    yj = await console("yj")
    inc = await create_incident_by_map_click(yj, "岩头镇山体滑坡")
    incidents = yj.window.models["incident"]
    row = incidents.row_of(inc.id)
    assert incidents.data(incidents.index(row, 2)) == "岩头镇山体滑坡"

    # Grade and status, from the selection.
    yj.live.select("incident", inc.id)
    run(yj, "grade_incident", grade="III", note="3 dead expected")
    await yj.until(lambda: yj.replica.get("incident", inc.id).grade == "III")
    assert incidents.data(incidents.index(incidents.row_of(inc.id), 0)) == "Ⅲ"
    run(yj, "incident_status", status="verifying")
    await yj.until(lambda: yj.replica.get("incident", inc.id).status == "verifying")

    # Recommend (a server query) then dispatch the ranked team.
    yj.workflows.dialog = None
    yj.workflows.action("dispatch").trigger()
    await until(lambda: yj.workflows.dialog is not None, yj.workflows.dialog_opened)
    dialog = yj.workflows.dialog
    candidates = dialog.fields["teams"].choices
    assert candidates and candidates[0][1] == server.teams["yj_flood"]
    assert "km" in candidates[0][0]
    accept(dialog, teams=[server.teams["yj_flood"]], task="转移被困群众")
    await yj.until(lambda: yj.replica.get("team", server.teams["yj_flood"]).status == "dispatched")
    team = yj.replica.get_typed(Team, server.teams["yj_flood"])
    assert team is not None and team.assignment_id is not None
    assert "转移被困群众" in yj.window.detail.toPlainText()

    # Support: the county asks, the city decides (accept one, reject another).
    run(yj, "request_support", capability="usar_geo", count=2, note="塌方量大")
    run(yj, "request_support", capability="aviation", count=1, note="")
    wz = await console("wz")
    await wz.until(lambda: len(wz.replica.all_typed(SupportRequest)) == 2)
    geo = one(wz, SupportRequest, lambda s: s.capability == "usar_geo")
    air = one(wz, SupportRequest, lambda s: s.capability == "aviation")
    wz.live.select("support_request", geo.id)
    assert wz.workflows.action("accept_support").isEnabled()
    wz.workflows.action("accept_support").trigger()
    wz.live.select("support_request", air.id)
    run(wz, "reject_support", reason="no aircraft in range")
    await yj.until(lambda: yj.replica.get("support_request", air.id).status == "rejected"
                   and yj.replica.get("support_request", geo.id).status == "accepted")
    assert yj.replica.get("support_request", air.id).reason == "no aircraft in range"

    # The city fulfils the accepted request with its own unit, then recalls it.
    pla = server.teams["pla"]
    wz.live.select("incident", inc.id)
    wz.workflows.dialog = None
    wz.workflows.action("dispatch").trigger()
    await until(lambda: wz.workflows.dialog is not None, wz.workflows.dialog_opened)
    assert pla in [v for _label, v in wz.workflows.dialog.fields["teams"].choices]
    accept(wz.workflows.dialog, teams=[pla], support_request_id=geo.id)
    await wz.until(lambda: bool(wz.replica.get("support_request", geo.id).assignment_ids))
    wz.live.select("team", pla)
    assert wz.replica.get("team", pla).status == "dispatched"
    assert "cannot go from Dispatched to Released" in \
        wz.workflows.action("release_team").toolTip()
    run(wz, "recall_team", note="改派")
    await wz.until(lambda: wz.replica.get("team", pla).status == "recalled")

    # An order from the province to the county; the county acknowledges; acks arrive.
    prov.live.select("incident", inc.id)
    run(prov, "issue_order", text="立即组织危险区群众转移", addressees=["330324"])
    await yj.until(lambda: one(yj, Order) is not None)
    order = one(yj, Order)
    assert f"order:{order.id}" in yj.window.attention.alerts  # an order for me: alert
    yj.live.select("order", order.id)
    assert yj.workflows.action("ack_order").isEnabled()
    yj.workflows.action("ack_order").trigger()
    orders = prov.window.models["order"]
    await prov.until(lambda: "330324" in prov.replica.get("order", order.id).acks)
    assert orders.data(orders.index(orders.row_of(order.id), 4)) == "1/1"
    assert orders.data(orders.index(orders.row_of(order.id), 6)) == "issued by us"
    yj_orders = yj.window.models["order"]
    assert yj_orders.data(yj_orders.index(yj_orders.row_of(order.id), 6)) == "received"
    yj.live.select("order", order.id)
    assert not yj.workflows.action("ack_order").isEnabled()
    # A county instructs its own team (no jurisdiction lies below a county).
    (teams,) = yj.window.order_actions._addressees()
    choices = [n.value for n in teams.children]
    assert teams.value is None and choices == [f"team:{server.teams['yj_flood']}"]
    run(yj, "issue_order", text="加强值守", addressees=choices)
    await yj.until(lambda: one(yj, Order, lambda o: o.text == "加强值守") is not None)
    yj.live.select("order", one(yj, Order, lambda o: o.text == "加强值守").id)
    assert "永嘉县防汛抢险队" in yj.window.detail.toPlainText()


async def test_materials_warnings_losses_responses_plans_shelters(
    server: Any, console: Any, qtmodeltester: Any
) -> None:
    admin = await server.login("prov")
    depot = await admin.ok("depot.create", {"name": "温州市应急物资储备库", "level": "city",
                                            "jurisdiction": "330300", "lon": 120.7, "lat": 28.0})
    await admin.ok("stock.restock", {"depot_id": depot.result["id"], "item_code": "1010101",
                                     "quantity": 100, "threshold": 20})
    plan = await admin.ok("plan.create", {"name": "永嘉县防台风预案", "hazard": "typhoon",
                                          "jurisdiction": "330324",
                                          "tasks": {"IV": ["转移危险区人员", "开放避灾点"]}})
    shelter = await admin.ok("shelter.create", {"name": "岩头镇避灾安置点", "tier": "township",
                                                "jurisdiction": "330324", "lon": 120.7,
                                                "lat": 28.3, "capacity": 200})
    yj = await console("yj")
    wz = await console("wz")

    # Materials: the county requests, the city approves from its depot and ships; received.
    run(yj, "request_material", item_code="1010101", quantity=30, destination="岩头镇中心小学")
    await wz.until(lambda: one(wz, MaterialRequest) is not None)
    req = one(wz, MaterialRequest)
    wz.live.select("material_request", req.id)
    run(wz, "material_approved", source_depot_id=depot.result["id"])
    await wz.until(lambda: wz.replica.get("material_request", req.id).status == "approved")
    for step in ("material_order_issued", "material_in_transit"):
        before = wz.replica.get("material_request", req.id).version
        wz.workflows.refresh()
        wz.workflows.action(step).trigger()
        await wz.until(lambda b=before: wz.replica.get("material_request", req.id).version > b)
    assert wz.replica.get("material_request", req.id).status == "in_transit"
    yj.live.select("material_request", req.id)
    await yj.until(lambda: yj.workflows.action("material_received").isEnabled())
    yj.workflows.action("material_received").trigger()
    await wz.until(lambda: wz.replica.get("material_request", req.id).status == "received")
    stock = one(wz, StockItem)
    assert stock.quantity == 70

    # Warnings: the city publishes, then cancels.
    run(wz, "publish_warning", hazard="typhoon", colour="orange", area=["330324", "330381"],
        headline="台风橙色预警")
    await wz.until(lambda: one(wz, Warning) is not None)
    warning = one(wz, Warning)
    await until(lambda: "Orange" in " ".join(
        c.text() for c in wz.window.top.findChildren(type(wz.window.link_status))),
        wz.live.changed)
    wz.live.select("warning", warning.id)
    run(wz, "cancel_warning", note="台风减弱")
    await wz.until(lambda: wz.replica.get("warning", warning.id).state == "cancelled")

    # A loss report on an incident, then a follow-up revision.
    created = await admin.ok("incident.create", {"type_code": "11B01", "title": "台风致房屋倒塌",
                                                 "lon": 120.69, "lat": 28.2})
    await yj.until(lambda: yj.replica.get("incident", created.result["id"]) is not None)
    yj.live.select("incident", created.result["id"])
    run(yj, "loss_report", stage="initial", hazard="typhoon", affected_population=1200,
        deaths=1, relocated=800, houses_collapsed=3)
    await yj.until(lambda: one(yj, LossReport) is not None)
    run(yj, "loss_report", stage="follow_up", affected_population=1500, deaths=2)
    await yj.until(lambda: len(one(yj, LossReport).revisions) == 2)
    assert one(yj, LossReport).figures.affected_population == 1500
    losses = yj.window.models["loss_report"]
    assert losses.data(losses.index(0, 5)) == "2"  # revisions
    # A revision can also start from the report itself (loss reports panel).
    yj.live.select("loss_report", one(yj, LossReport).id)
    run(yj, "loss_report", stage="final", affected_population=1600, deaths=2)
    await yj.until(lambda: len(one(yj, LossReport).revisions) == 3)
    yj.live.select("incident", created.result["id"])
    assert "1500" in yj.window.detail.toPlainText()

    # A response: start at IV, raise to III, lower back to IV, end.
    run(wz, "start_response", headquarters="flood_drought", hazard="typhoon", level="IV")
    await wz.until(lambda: one(wz, Response) is not None)
    resp = one(wz, Response)
    wz.live.select("response", resp.id)
    assert not wz.workflows.action("lower_response").isEnabled()
    run(wz, "raise_response", level="III")
    await wz.until(lambda: wz.replica.get("response", resp.id).level == "III")
    run(wz, "lower_response", level="IV")
    await wz.until(lambda: wz.replica.get("response", resp.id).level == "IV")
    run(wz, "end_response", note="解除")
    await wz.until(lambda: wz.replica.get("response", resp.id).status == "ended")

    # A plan: activate, then tick a task.
    yj.live.select("plan", plan.result["id"])
    run(yj, "activate_plan", level="IV")
    await yj.until(lambda: len(yj.replica.all_typed(PlanTask)) == 2)
    assert yj.replica.get_typed(Plan, plan.result["id"]).active_level == "IV"  # type: ignore[union-attr]
    task = yj.replica.all_typed(PlanTask)[0]
    yj.live.select("plan_task", task.id)
    yj.workflows.action("task_done").trigger()
    await yj.until(lambda: yj.replica.get("plan_task", task.id).status == "done")

    # A shelter: open, fill, close.
    sid = shelter.result["id"]
    yj.live.select("shelter", sid)
    yj.workflows.action("open_shelter").trigger()
    await yj.until(lambda: yj.replica.get("shelter", sid).open)
    run(yj, "shelter_occupancy", occupancy=150)
    await yj.until(lambda: yj.replica.get("shelter", sid).occupancy == 150)
    shelters = yj.window.models["shelter"]
    assert shelters.data(shelters.index(shelters.row_of(sid), 4)) == "150/200"
    assert "still houses 150 people" in yj.workflows.action("close_shelter").toolTip()
    run(yj, "shelter_occupancy", occupancy=0)
    await yj.until(lambda: yj.replica.get("shelter", sid).occupancy == 0)
    yj.workflows.action("close_shelter").trigger()
    await yj.until(lambda: not yj.replica.get_typed(Shelter, sid).open)  # type: ignore[union-attr]
    wz.screenshot("city-after-workflows")
    # Every item model of a console full of live data passes Qt's model tester.
    for c in (wz, yj):
        w = c.window
        for model in [*w.models.values(), w.event_log_model, w.commands_model,
                      w.incidents.proxy, *(p.proxy for p in w.panels.values())]:
            assert model.rowCount() >= 0
            qtmodeltester.check(model)
    empty = {k for k, m in {**yj.window.models, **wz.window.models}.items()
             if yj.window.models[k].rowCount() + wz.window.models[k].rowCount() == 0}
    assert empty == {"order", "support_request"}, empty
    assert yj.window.models["loss_report"].rowCount() == 1


async def test_refused_command_is_shown_and_does_not_block(server: Any, console: Any) -> None:
    yj = await console("yj")
    link = yj.connection.link
    refused = link.queue_command("incident.grade", {"id": "no-such-incident", "grade": "I"})
    ok = link.queue_command("incident.create", {"type_code": "12G00", "title": "仓库火灾",
                                                "lon": 120.69, "lat": 28.2})
    await yj.until(lambda: yj.connection.pending_count() == 0)
    assert yj.connection.outbox.get(refused.id).state == "refused"
    assert yj.connection.outbox.get(ok.id).state == "done"
    alert = yj.window.attention.alerts[f"command:{refused.id}"]
    assert "no-such-incident" in alert.text
    commands = yj.window.commands_model
    states = {commands.data(commands.index(r, 1)) for r in range(commands.rowCount())}
    assert states == {"refused", "done"}
    assert yj.window.pending_status.text() == "0 pending"


async def test_malformed_command_is_refused_before_the_outbox(server: Any, console: Any) -> None:
    """A typo in a command's arguments is caught in the console, worded on the status bar, and
    nothing is stored, sent or listed."""
    yj = await console("yj")
    messages: list[str] = []
    yj.workflows.message.connect(messages.append)
    wrong_type = IncidentGrade(id="i-1", grade=5)  # type: ignore[arg-type]
    assert yj.workflows.send_command("incident.grade", wrong_type) is None
    assert messages[-1] == "Not sent: Set grade: Expected `str`, got `int` - at `$.grade`"
    wrong_struct = IncidentNote(id="i-1", text="note")
    assert yj.workflows.send_command("incident.grade", wrong_struct) is None
    assert "takes IncidentGrade, not IncidentNote" in messages[-1]
    unknown = {"type_code": "12G00", "title": "t", "lon": 120.69, "lat": 28.2, "titel": "t"}
    with pytest.raises(InvalidCommand, match="unknown field `titel`"):
        yj.connection.link.queue_command("incident.create", unknown)
    assert yj.connection.outbox.recent() == [] and yj.connection.pending_count() == 0
    assert yj.window.commands_model.rowCount() == 0
    assert yj.window.pending_status.text() == "0 pending"


async def test_dispatch_shows_what_fits_on_the_map_and_offers_support_when_none(
    server: Any, console: Any
) -> None:
    """Issue 10 items 2 and 11: a county dispatches its own (real) teams; the dialog says
    type, headcount, distance, ETA, what fits, rings the candidates on the map; with nothing
    to send it says why and offers a support request upward. New incidents during a drill
    default to exercise."""
    admin = await server.login("prov")
    await admin.ok("response.start", {"headquarters": "flood_drought", "hazard": "typhoon",
                                      "level": "IV", "exercise": True})
    yj = await console("yj")
    await yj.until(lambda: not yj.window.top.exercise.isHidden())
    form = yj.window.incident_actions.new_incident_at(120.69, 28.2)
    assert form.values()["exercise"] is True  # a drill is on: exercise by default, visible
    form.reject()
    for open_form in (yj.window.order_actions.issue_order,
                      yj.window.warning_actions.start_response):  # orders and responses too
        yj.workflows.dialog = None
        open_form()
        assert yj.workflows.dialog.values()["exercise"] is True, open_form
        yj.workflows.dialog.reject()
    out = await admin.ok("incident.create", {"type_code": "11D01", "title": "岩头镇滑坡",
                                             "lon": 120.69, "lat": 28.2, "trapped": 3})
    await yj.until(lambda: one(yj, Incident, lambda i: i.id == out.result["id"]) is not None)
    yj.live.select("incident", out.result["id"])
    yj.workflows.dialog = None
    yj.workflows.action("dispatch").trigger()
    await until(lambda: yj.workflows.dialog is not None, yj.workflows.dialog_opened)
    dialog = yj.workflows.dialog
    lines = [label for label, _v in dialog.fields["teams"].choices]
    assert lines and all(" km, about " in line and " people" in line for line in lines)
    assert set(yj.window.map.candidate_ids) == {v for _l, v in dialog.fields["teams"].choices}
    assert len(yj.window.map.candidates.data) == len(lines)
    dialog.reject()
    assert yj.window.map.candidate_ids == []  # the rings go with the dialog
    # Nothing to send: every team of the county busy -> why, and a support request instead.
    for team in [t for t in yj.replica.all_typed(Team) if t.jurisdiction == "330324"]:
        await admin.ok("team.status", {"id": team.id, "status": "out_of_service"})
    await yj.until(lambda: all(t.status == "out_of_service" for t in yj.replica.all_typed(Team)
                               if t.jurisdiction == "330324"))
    yj.workflows.dialog = None
    yj.window.team_actions.show_candidates(yj.replica.get_typed(Incident, out.result["id"]), [])
    support = yj.workflows.dialog
    assert support is not None and "capability" in support.fields
    page = " ".join(label.text() for label in support.findChildren(QLabel))
    assert "No team you may send is free" in page and "out of service" in page
    support.reject()
