"""The duty desk in the console against the real server: log a call with the checklist form,
report it, pass it on, follow it up, make it an incident or close it with a reason; submit
information reports on the incident (a follow-up sends only what changed); the reports owed
show as attention items and go when sent."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLabel

from console.state import duty
from protocol.entities import DutyEntry, Incident, InfoReport
from protocol.info_reports import CST
from tests.console.conftest import SCREENSHOTS, Console, until
from tests.console.test_workflows import accept, one, run

CALL = {"caller": "李明", "caller_unit": "岩头镇政府", "phone": "0577-67000000",
        "type_code": "11D01", "place": "永嘉县岩头镇五星村后山", "lon": 120.69, "lat": 28.15,
        "grade": "II", "trapped": 3, "summary": "后山滑坡，三户房屋被埋",
        "actions": "已转移周边群众 40 人", "help_wanted": "请求专业救援队和生命探测仪"}


def shot(c: Console, name: str, widget: Any = None) -> Path:
    """Save a picture of the window (or a widget); under Xvfb (``DUTY_XVFB_SHOTS`` set) also
    the whole screen, as a person sees it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    c.live.flush()
    assert (widget or c.window).grab().save(str(path))
    if os.environ.get("DUTY_XVFB_SHOTS"):
        c.window.raise_()
        if widget is not None:
            widget.raise_()
        QApplication.processEvents()  # a picture for people only: paint before the capture
        subprocess.run(["import", "-window", "root", str(SCREENSHOTS / f"{name}-screen.png")],
                       check=True, timeout=30)
    return path


async def test_the_duty_log_from_call_to_incident_and_its_reports(
        server: Any, console: Any, qtmodeltester: Any) -> None:
    yj = await console("yj")
    wz = await console("wz")
    wz.window.hide()  # it watches; yj's desk is the one on the screen
    yj.window.setGeometry(0, 0, 1920, 1080)
    dock = yj.window.docks["duty"]
    dock.show()
    dock.raise_()
    yj.window.resizeDocks([dock], [430], Qt.Orientation.Vertical)
    assert not yj.workflows.action("duty_report_leader").isEnabled()  # nothing selected
    yj.workflows.dialog = None
    yj.workflows.action("duty_log").trigger()
    dialog = yj.workflows.dialog
    assert dialog is not None
    received = dialog.widgets["received_at"]
    assert isinstance(received, QDateTimeEdit)
    assert received.displayFormat() == "yyyy-MM-dd HH:mm"
    now_cst = datetime.now(UTC).astimezone(CST).strftime("%Y-%m-%d %H:%M")
    assert received.text()[:13] == now_cst[:13]  # the desk's now, in CST, to the minute
    for name, value in CALL.items():
        dialog.set_value(name, value)
    shot(yj, "duty-log-form", dialog)
    dialog.set_value("phone", "")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "Phone" in dialog.error.text()  # the checklist holds
    accept(dialog, phone=CALL["phone"])
    await yj.until(lambda: one(yj, DutyEntry) is not None)
    entry = one(yj, DutyEntry)
    assert (entry.caller, entry.trapped, entry.logged_by, entry.state) == (
        "李明", 3, "yj", "open")
    assert entry.received_at.second == 0
    yj.live.select("duty_entry", entry.id)
    run(yj, "duty_report_leader", text="已报带班领导王副局长，指示立即核实")
    await yj.until(lambda: yj.replica.get_typed(DutyEntry, entry.id).state
                   == "reported_to_leader")
    run(yj, "duty_pass_on", text="已通知县消防救援大队、县地质灾害应急中心出动")
    await yj.until(lambda: yj.replica.get_typed(DutyEntry, entry.id).state == "passed_on")
    run(yj, "duty_follow_up", text="救援队 10:20 到场，仍有 3 人被困")
    await yj.until(lambda: yj.replica.get_typed(DutyEntry, entry.id).state == "following_up")
    model = yj.window.duty.model
    row = model.row_of(entry.id)
    assert model.index(row, 1).data() == "Following up"
    html = yj.window.duty.panel.detail.toHtml()
    assert "救援队 10:20 到场" in html
    # A second call, closed with a reason.
    run(yj, "duty_log", **{**CALL, "caller": "张强", "place": "岩头镇集镇", "lon": 0.0,
                           "lat": 0.0, "grade": None, "trapped": 0})
    await yj.until(lambda: one(yj, DutyEntry, lambda e: e.caller == "张强") is not None)
    second = one(yj, DutyEntry, lambda e: e.caller == "张强")
    assert second.lon is None
    yj.live.select("duty_entry", second.id)
    yj.workflows.action("duty_close").trigger()
    close = yj.workflows.dialog
    assert close is not None
    close.buttons.accepted.emit()
    assert close.isVisible()  # the reason is required
    accept(close, reason="重复报告，同一起滑坡")
    await yj.until(lambda: yj.replica.get_typed(DutyEntry, second.id).state == "closed")
    assert yj.replica.get_typed(DutyEntry, second.id).close_reason == "重复报告，同一起滑坡"
    await wz.until(lambda: wz.replica.get_typed(DutyEntry, second.id) is not None)
    shot(yj, "duty-log-dock")

    # Make the first call an incident: one incident, linked both ways.
    yj.live.select("duty_entry", entry.id)
    run(yj, "duty_to_incident", source="transfer_110")
    await yj.until(lambda: yj.replica.get_typed(DutyEntry, entry.id).incident_id is not None)
    linked = yj.replica.get_typed(DutyEntry, entry.id)
    inc = yj.replica.get_typed(Incident, linked.incident_id)
    assert inc is not None and len(yj.replica.all_typed(Incident)) == 1
    assert (inc.grade, inc.trapped, inc.jurisdiction) == ("II", 3, "330324")
    # The caller, phone and time of occurrence become the incident's reporter fields.
    assert (inc.reporter, inc.reporter_phone, inc.occurred_at, inc.source) == (
        linked.caller, linked.phone, linked.occurred_at, "transfer_110")
    assert model.index(model.row_of(entry.id), 8).data() == inc.number

    # 重大: the call is owed within 15 minutes, shown to the county that owes it.
    alerts = yj.window.attention
    await until(lambda: any(":phone:" in k for k in alerts.alerts), alerts.changed)
    wz.window.duty.check_due()  # the city looks at once: it owes nothing on a landslide
    assert not any(k.startswith("info:") for k in wz.window.attention.alerts)
    assert yj.window.alert_button.isVisible()
    shot(yj, "duty-report-owed")
    yj.live.select("incident", inc.id)
    assert not yj.workflows.action("info_follow_up").isEnabled()  # no initial report yet
    run(yj, "info_initial", channel="phone", place="岩头镇五星村后山", trapped=3)
    await yj.until(lambda: one(yj, InfoReport) is not None)
    await until(lambda: not any(":phone:" in k for k in alerts.alerts), alerts.changed)
    run(yj, "info_initial", channel="written", cause="连日降雨", trend="仍有滑动迹象")
    await yj.until(lambda: len(yj.replica.all_typed(InfoReport)) == 2)

    # The follow-up form shows what was stated; only what changes is sent.
    yj.workflows.dialog = None
    yj.workflows.action("info_follow_up").trigger()
    form = yj.workflows.dialog
    assert form is not None
    assert form.values()["trend"] == "仍有滑动迹象" and form.values()["trapped"] == 3
    shot(yj, "duty-info-follow-up", form)
    accept(form, trapped=1, deaths=0, actions="已救出 2 人")
    await yj.until(lambda: one(yj, InfoReport, lambda r: r.stage == "follow_up") is not None)
    follow = one(yj, InfoReport, lambda r: r.stage == "follow_up")
    assert (follow.number, follow.changed) == (1, ["trapped", "actions"])
    assert duty.content_text(follow) == "Trapped: 1; Actions taken: 已救出 2 人"
    panel = yj.window.duty.panel
    panel.tabs.setCurrentIndex(1)
    assert yj.window.duty.reports.rowCount() == 3
    shot(yj, "duty-info-reports")
    panel.tabs.setCurrentIndex(0)
    run(yj, "info_final", trapped=0)
    await yj.until(lambda: one(yj, InfoReport, lambda r: r.stage == "final") is not None)
    assert not yj.workflows.action("info_follow_up").isEnabled()
    await until(lambda: not any(k.startswith("info:") for k in alerts.alerts), alerts.changed)
    qtmodeltester.check(yj.window.duty.model)
    qtmodeltester.check(yj.window.duty.reports)


async def test_the_duty_desk_in_chinese(server: Any, console: Any) -> None:
    from console.qt.shell.app import install_language
    from console.state import text

    app = QApplication.instance()
    installed = install_language(app, "zh")  # type: ignore[arg-type]
    try:
        assert installed, "watchfloor_zh_CN.qm must load"
        yj_wire = await server.login("yj")
        await yj_wire.ok("duty.log", {**CALL, "occurred_at": "2026-11-28T08:50:00"})
        yj = await console("yj")
        yj.window.setGeometry(0, 0, 1920, 1080)
        dock = yj.window.docks["duty"]
        dock.raise_()
        yj.window.resizeDocks([dock], [430], Qt.Orientation.Vertical)
        assert dock.windowTitle() == "值班日志"
        model = yj.window.duty.model
        assert model.headerData(1, Qt.Orientation.Horizontal) == "状态"
        assert model.data(model.index(0, 1)) == "已登记"
        assert yj.workflows.action("duty_log").text() == "接报登记(&L)…"
        assert "请先选择一条值班日志" in yj.workflows.action("duty_close").toolTip()
        yj.live.select("duty_entry", model.entity(0).id)  # type: ignore[union-attr]
        assert "接报要素" not in yj.window.duty.panel.detail.toPlainText()
        assert "报告人" in yj.window.duty.panel.detail.toPlainText()
        shot(yj, "duty-log-dock-zh")
        yj.workflows.dialog = None
        yj.workflows.action("duty_log").trigger()
        assert yj.workflows.dialog is not None
        assert "接报要素" in yj.workflows.dialog.findChildren(QLabel)[0].text()
        shot(yj, "duty-log-form-zh", yj.workflows.dialog)
        yj.workflows.dialog.reject()
    finally:
        for translator in installed:
            app.removeTranslator(translator)  # type: ignore[union-attr]
        text.set_language("en")
