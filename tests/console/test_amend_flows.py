"""Amending what exists and setting up forces and reserves, from the console's own actions,
against the real server: incident edits, merge, close and exercise flag; depots, teams and
stock; the late steps of material requests; warning updates and the CAP view; team tracks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from console.qt.map.projection import wgs84_to_map
from protocol.entities import Depot, Incident, MaterialRequest, StockItem, Team, Warning
from protocol.messages import PositionReport
from tests.console.conftest import SCREENSHOTS, until
from tests.console.test_workflows import accept, one, run

YJ_INCIDENT = {"type_code": "11D01", "lon": 120.69, "lat": 28.2}


async def test_incident_edit_exercise_merge_and_close(server: Any, console: Any) -> None:
    admin = await server.login("prov")
    first = (await admin.ok("incident.create", {**YJ_INCIDENT, "title": "岩头镇滑坡"})).result
    dup = (await admin.ok("incident.create", {**YJ_INCIDENT, "title": "岩头滑坡（重复）"})).result
    yj = await console("yj")
    yj.live.select("incident", first["id"])
    # Nothing changed: nothing is sent.
    sent = len(yj.connection.outbox.pending())
    run(yj, "update_incident")
    assert len(yj.connection.outbox.pending()) == sent
    run(yj, "update_incident", title="岩头镇后山滑坡", deaths=1, trapped=6, lat=28.21,
        description="后山约2万方土石滑下")
    await yj.until(lambda: yj.replica.get("incident", first["id"]).trapped == 6)
    inc = yj.replica.get_typed(Incident, first["id"])
    assert (inc.title, inc.deaths, round(inc.lat, 3)) == ("岩头镇后山滑坡", 1, 28.21)
    assert "后山约2万方土石滑下" in yj.window.detail.toPlainText()

    # Move it by clicking the map: the details form opens with the clicked place.
    yj.window.map.fit_jurisdiction()
    yj.workflows.dialog = None
    yj.workflows.action("move_incident").trigger()
    assert yj.window.map.picking()
    x, y = wgs84_to_map(120.75, 28.3)
    point = yj.window.map.plot.mapFromScene(yj.window.map.map_to_scene(x, y))
    QTest.mouseClick(yj.window.map.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    picked = yj.workflows.dialog.values()
    assert abs(picked["lon"] - 120.75) < 0.05 and abs(picked["lat"] - 28.3) < 0.05
    assert picked["title"] == "岩头镇后山滑坡"
    accept(yj.workflows.dialog, note="位置核实")
    await yj.until(lambda: abs(yj.replica.get("incident", first["id"]).lon - 120.75) < 0.05)

    run(yj, "exercise_incident", exercise=True)
    await yj.until(lambda: yj.replica.get("incident", first["id"]).exercise)
    assert "EXERCISE" in yj.window.detail.toPlainText()

    # Merge the duplicate into the first; the duplicate is then final, its actions disabled.
    yj.live.select("incident", dup["id"])
    yj.workflows.dialog = None
    yj.workflows.action("merge_incident").trigger()
    targets = [v for _label, v in yj.workflows.dialog.fields["into"].choices]
    assert targets == [first["id"]]
    run(yj, "merge_incident", into=first["id"], note="同一处滑坡")
    await yj.until(lambda: yj.replica.get("incident", dup["id"]).status == "merged")
    assert yj.replica.get("incident", dup["id"]).merged_into == first["id"]
    yj.live.select("incident", dup["id"])  # the incidents table may have moved on
    assert yj.workflows.action("close_incident").toolTip().endswith(
        "The incident is Merged: a final state.")

    # Close: not from "received" (the reason says where it may go), then along the machine.
    yj.live.select("incident", first["id"])
    close = yj.workflows.action("close_incident")
    assert not close.isEnabled()
    assert "cannot go from Received to Closed (allowed: " in close.toolTip()
    for status in ("assessed", "response_ended"):
        run(yj, "incident_status", status=status)
        await yj.until(lambda s=status: yj.replica.get("incident", first["id"]).status == s)
    run(yj, "close_incident", note="险情解除")
    await yj.until(lambda: yj.replica.get("incident", first["id"]).status == "closed")
    assert not yj.workflows.action("update_incident").isEnabled()


async def test_depots_teams_and_stock(server: Any, console: Any) -> None:
    wz = await console("wz")
    run(wz, "new_depot", name="温州市救灾物资储备库", level="city", jurisdiction="330300",
        lon=120.68, lat=28.0, address="鹿城区")
    await wz.until(lambda: one(wz, Depot) is not None)
    depot = one(wz, Depot)
    assert depot.jurisdiction == "330300"
    # A depot selected: restock a new item (the stock line appears), then count it.
    wz.live.select("depot", depot.id)
    run(wz, "restock", item_code="1010101", quantity=120, threshold=30, note="年度补库")
    await wz.until(lambda: one(wz, StockItem) is not None)
    stock = one(wz, StockItem)
    assert (stock.quantity, stock.threshold) == (120, 30)
    wz.live.select("stock", stock.id)
    adjust = wz.workflows.action("adjust_stock")
    # The stock table offers its actions on a right click.
    view = wz.window.panels["stock"].view
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert adjust in view.actions() and wz.workflows.action("restock") in view.actions()
    wz.workflows.dialog = None
    adjust.trigger()
    assert wz.workflows.dialog.values()["quantity"] == 120  # starts from the books
    wz.workflows.dialog.reject()
    run(wz, "adjust_stock", quantity=25, reason="盘点发现霉变")
    await wz.until(lambda: wz.replica.get("stock", stock.id).quantity == 25)
    model = wz.window.models["stock"]
    row = model.row_of(stock.id)
    low = [model.data(model.index(row, c)) for c in range(model.columnCount())]
    assert "25" in low

    run(wz, "new_team", name="鹿城区水上救援队", type="flood", jurisdiction="330302",
        base_name="江心屿", headcount=18, capabilities=["water_rescue", "boat", "diving"])
    await wz.until(lambda: one(wz, Team, lambda t: t.name == "鹿城区水上救援队") is not None)
    team = one(wz, Team, lambda t: t.name == "鹿城区水上救援队")
    assert (team.jurisdiction, team.headcount) == ("330302", 18)
    assert team.capabilities == ["water_rescue", "boat", "diving"]  # picked from the catalogue


async def test_material_partial_receipt_return_close_and_cancel(server: Any,
                                                                 console: Any) -> None:
    admin = await server.login("prov")
    depot = (await admin.ok("depot.create", {"name": "温州市储备库", "level": "city",
                                             "jurisdiction": "330300", "lon": 120.7,
                                             "lat": 28.0})).result["id"]
    await admin.ok("stock.restock", {"depot_id": depot, "item_code": "1010101",
                                     "quantity": 100})
    yj = await console("yj")
    wz = await console("wz")
    for n in (40, 5):
        run(yj, "request_material", item_code="1010101", quantity=n, destination="岩头镇")
    await wz.until(lambda: len(wz.replica.all_typed(MaterialRequest)) == 2)
    big = one(wz, MaterialRequest, lambda m: m.lines[0].quantity == 40)
    small = one(wz, MaterialRequest, lambda m: m.lines[0].quantity == 5)
    wz.live.select("material_request", big.id)
    run(wz, "material_approved", source_depot_id=depot)
    await wz.until(lambda: wz.replica.get("material_request", big.id).status == "approved")
    for step, status in (("material_order_issued", "order_issued"),
                         ("material_in_transit", "in_transit")):
        wz.workflows.action(step).trigger()
        await wz.until(lambda s=status: wz.replica.get("material_request", big.id).status == s)

    # 30 of 40 arrive: partial; the rest goes back to the depot; then the request is closed.
    yj.live.select("material_request", big.id)
    await yj.until(lambda: yj.workflows.action("material_partial").isEnabled())
    run(yj, "material_partial", **{"1010101": 30}, note="第一车")
    await yj.until(lambda: yj.replica.get("material_request", big.id).status == "partial")
    assert yj.replica.get("material_request", big.id).lines[0].received == 30
    run(yj, "material_returned", note="余量退回")
    await yj.until(lambda: yj.replica.get("material_request", big.id).status == "returned")
    run(yj, "material_closed")
    await yj.until(lambda: yj.replica.get("material_request", big.id).status == "closed")
    await wz.until(lambda: wz.replica.get("stock", f"{depot}:1010101").quantity == 70)

    # The requester cancels its other request before a decision.
    yj.live.select("material_request", small.id)
    run(yj, "material_cancelled", note="已自行解决")
    await yj.until(lambda: yj.replica.get("material_request", small.id).status == "cancelled")
    assert not yj.workflows.action("material_closed").isEnabled()


async def test_warning_update_and_cap_view(server: Any, console: Any, tmp_path: Path) -> None:
    wz = await console("wz")
    run(wz, "publish_warning", hazard="typhoon", colour="blue", area=["330324"],
        headline="台风蓝色预警")
    await wz.until(lambda: one(wz, Warning) is not None)
    warning = one(wz, Warning)
    wz.live.select("warning", warning.id)
    later = warning.expires + timedelta(hours=12)
    run(wz, "update_warning", colour="orange", headline="台风橙色预警", expires=later)
    await wz.until(lambda: wz.replica.get("warning", warning.id).colour == "orange")
    updated = wz.replica.get_typed(Warning, warning.id)
    assert updated.msg_type == "Update" and updated.headline == "台风橙色预警"
    assert abs((updated.expires - later).total_seconds()) < 60

    wz.workflows.action("warning_cap").trigger()
    await until(lambda: wz.window.warning_actions.cap is not None, wz.workflows.dialog_opened)
    dialog = wz.window.warning_actions.cap
    shown = dialog.view.toPlainText()
    assert shown.startswith("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">")
    assert "\n  <msgType>Update</msgType>\n" in shown and "台风橙色预警" in shown
    xml = dialog.xml
    assert xml.startswith("<?xml") and xml.count("<msgType>Update</msgType>") == 1
    assert dialog.view.isReadOnly()
    dialog.grab().save(str(SCREENSHOTS / "cap-dialog.png"))
    dialog.ask_path()
    target = tmp_path / "warning.xml"
    dialog.save_dialog.selectFile(str(target))
    dialog.save_dialog.accept()
    assert target.read_text(encoding="utf-8") == xml
    dialog.reject()


async def test_team_track_on_the_map(server: Any, console: Any) -> None:
    team = server.teams["yj_flood"]
    field = await server.login("field")
    t0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    n = 12
    for i in range(n):
        await field.send(PositionReport(team_id=team, lon=120.60 + i * 0.01, lat=28.10 + i * 0.004,
                                        ts=t0 + timedelta(minutes=2 * i)))
    yj = await console("yj")
    await yj.until(lambda: team in yj.replica.positions)
    yj.live.select("team", team)
    messages: list[str] = []
    yj.workflows.message.connect(messages.append)
    run(yj, "team_track", hours=2)
    await until(lambda: any("points" in m for m in messages), yj.workflows.message)
    xs, ys = yj.window.map.track.getData()
    assert len(xs) == n and yj.window.map.track_team == team
    assert xs[-1] > xs[0] and ys[-1] > ys[0]  # eastward and northward, oldest first
    path = yj.screenshot("team-track")
    assert path.stat().st_size > 0
    # Selecting another team clears the track; an incident keeps it.
    admin = await server.login("prov")
    inc = (await admin.ok("incident.create", {**YJ_INCIDENT, "title": "t"})).result
    other = (await admin.ok("team.create", {"name": "岩头镇救援队", "type": "township",
                                            "jurisdiction": "330324", "base_lon": 120.7,
                                            "base_lat": 28.3})).result
    await yj.until(lambda: yj.replica.get("team", other["id"]) is not None
                   and yj.replica.get("incident", inc["id"]) is not None)
    yj.live.select("incident", inc["id"])
    assert len(yj.window.map.track.getData()[0]) == n
    yj.live.select("team", other["id"])
    assert yj.window.map.track_team is None and yj.window.map.track.getData()[0] is None
