"""The New incident, Order and Publish warning forms against a real server (issue 10 item 13):
each is filled and accepted as a person would, and the server's entity carries what was
entered; the recipient and area trees read back a whole city as the city, part of one as its
counties; the warning dialog starts with no area and refuses to publish without one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from console.qt.widgets.jurisdiction_tree import JurisdictionTree
from protocol.entities import Incident, Order, Warning
from tests.console.conftest import until
from tests.console.test_workflows import accept, one

OK = QDialogButtonBox.StandardButton.Ok


def _tree(dialog: Any, name: str) -> JurisdictionTree:
    tree = dialog.widgets[name]
    assert isinstance(tree, JurisdictionTree)
    return tree


def _item(tree: JurisdictionTree, code: str) -> Any:
    hits = [i for i in tree.findItems("", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive)
            if i.data(0, Qt.ItemDataRole.UserRole) == code]
    assert len(hits) == 1, code
    return hits[0]


async def test_new_incident_records_reporter_phone_occurrence_and_source(
    server: Any, console: Any
) -> None:
    yj = await console("yj")
    form = yj.window.incident_actions.new_incident_at(120.69, 28.2)
    occurred = form.values()["occurred_at"]
    assert abs((occurred - datetime.now(UTC)).total_seconds()) < 120  # default: now
    assert form.values()["source"] is None  # not stated until chosen
    when = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=40)
    accept(form, type_code="11D01", title="岩头镇山体滑坡", reporter="王建国",
           reporter_phone="13905770000", occurred_at=when, source="hotline_12350")
    await yj.until(lambda: one(yj, Incident) is not None)
    inc = one(yj, Incident)
    assert (inc.reporter, inc.reporter_phone, inc.source, inc.occurred_at) == (
        "王建国", "13905770000", "hotline_12350", when)
    yj.live.select("incident", inc.id)
    shown = yj.window.detail.toPlainText()
    assert "王建国 13905770000" in shown and "12350 hotline" in shown
    assert f"{(when + timedelta(hours=8)):%H:%M}" in shown

    # The details form edits them; the timeline says what changed.
    yj.workflows.dialog = None
    yj.workflows.action("update_incident").trigger()
    assert yj.workflows.dialog.values()["occurred_at"] == when
    accept(yj.workflows.dialog, reporter_phone="0577-67220000", source="transfer_110")
    await yj.until(lambda: yj.replica.get("incident", inc.id).source == "transfer_110")
    changed = yj.replica.get_typed(Incident, inc.id)
    assert changed.reporter_phone == "0577-67220000" and changed.occurred_at == when
    assert set(changed.timeline[-1].params) == {"f.reporter_phone", "f.source"}


async def test_order_form_chooses_recipients_by_city_with_priority_and_reply_by(
    server: Any, console: Any
) -> None:
    prov = await console("prov")
    prov.workflows.dialog = None
    prov.workflows.action("issue_order").trigger()
    dialog = prov.workflows.dialog
    tree = _tree(dialog, "addressees")
    cities = [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
              for i in range(tree.topLevelItemCount())]
    assert cities[:11] == [f"33{n:02d}00" for n in range(1, 12)]  # the 11 cities, in order
    assert "330000" not in cities  # orders go down: the province is no recipient
    # A whole city by its own box; part of another by two counties.
    _item(tree, "330300").setCheckState(0, Qt.CheckState.Checked)
    assert _item(tree, "330324").checkState(0) == Qt.CheckState.Checked
    _item(tree, "330102").setCheckState(0, Qt.CheckState.Checked)
    _item(tree, "330106").setCheckState(0, Qt.CheckState.Checked)
    assert _item(tree, "330100").checkState(0) == Qt.CheckState.PartiallyChecked
    assert dialog.values()["addressees"] == ["330102", "330106", "330300"]
    assert dialog.values()["reply_by"] is None  # no deadline unless one is set
    reply_by = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(hours=2)
    accept(dialog, text="立即上报台风影响情况", priority="flash", reply_by=reply_by)
    await prov.until(lambda: one(prov, Order) is not None)
    order = one(prov, Order)
    assert (order.addressees, order.priority, order.reply_by) == (
        ["330102", "330106", "330300"], "flash", reply_by)
    orders = prov.window.models["order"]
    row = orders.row_of(order.id)
    assert orders.data(orders.index(row, 7)) == "Flash"
    assert "overdue" not in orders.data(orders.index(row, 8))

    # A reply-by time with no acknowledgment asked for is refused in the form.
    prov.workflows.dialog = None
    prov.workflows.action("issue_order").trigger()
    form = prov.workflows.dialog
    try:
        for name, value in (("text", "x"), ("addressees", ["330300"]), ("reply_by", reply_by),
                            ("requires_ack", False)):
            form.set_value(name, value)
        form.buttons.button(OK).click()
        assert form.isVisible() and "reply-by" in form.error.text()
    finally:
        form.reject()

    # An order whose reply-by time passes unanswered shows overdue, and alerts its issuer.
    admin = await server.login("prov")
    soon = datetime.now(UTC) + timedelta(seconds=1.5)
    late = await admin.ok("order.issue", {"text": "报告转移人数", "addressees": ["330324"],
                                          "reply_by": soon.isoformat()})
    oid = late.result["id"]
    await prov.until(lambda: prov.replica.get("order", oid) is not None)
    ticks = QTimer()  # time passing sends no event: look again every 100 ms
    ticks.start(100)
    try:
        await until(lambda: "overdue" in orders.data(orders.index(orders.row_of(oid), 8)),
                    ticks.timeout)
    finally:
        ticks.stop()
    prov.window.attention.refresh_due()
    assert f"reply:{oid}" in prov.window.attention.alerts
    assert f"reply:{order.id}" not in prov.window.attention.alerts
    # Once the county acknowledges, the alert goes.
    yj = await server.login("yj")
    await yj.ok("order.acknowledge", {"id": oid})
    await prov.until(lambda: "330324" in prov.replica.get("order", oid).acks)
    assert f"reply:{oid}" not in prov.window.attention.alerts


async def test_warning_dialog_starts_with_no_area_refuses_none_and_ticks_exercise_in_a_drill(
    server: Any, console: Any
) -> None:
    wz = await console("wz")
    wz.workflows.dialog = None
    wz.workflows.action("publish_warning").trigger()
    dialog = wz.workflows.dialog
    try:
        tree = _tree(dialog, "area")
        assert tree.topLevelItemCount() == 1  # Wenzhou over its counties, not the province
        assert dialog.values()["area"] == [] and dialog.values()["exercise"] is False
        dialog.set_value("headline", "台风蓝色预警")
        dialog.buttons.button(OK).click()
        assert dialog.isVisible() and "Choose the area" in dialog.error.text()
    finally:
        dialog.reject()

    # An exercise in the picture: the box starts ticked and the warning goes out as one.
    admin = await server.login("prov")
    drill = await admin.ok("incident.create", {"type_code": "11B01", "title": "演练：台风",
                                               "lon": 120.69, "lat": 28.2, "exercise": True})
    await wz.until(lambda: wz.replica.get("incident", drill.result["id"]) is not None)
    wz.workflows.dialog = None
    wz.workflows.action("publish_warning").trigger()
    dialog = wz.workflows.dialog
    assert dialog.values()["exercise"] is True
    tree = _tree(dialog, "area")
    _item(tree, "330300").setCheckState(0, Qt.CheckState.Checked)
    assert dialog.values()["area"] == ["330300"]  # the whole city as the city
    accept(dialog, headline="台风黄色预警（演练）", colour="yellow")
    await wz.until(lambda: one(wz, Warning) is not None)
    warning = one(wz, Warning)
    assert (warning.area, warning.msg_status) == (["330300"], "Exercise")
