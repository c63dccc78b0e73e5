"""The Detail panel keeps the reader's place through live updates (issue 10 item 7): the
scroll position and a text selection survive an update of the selected entity; a new
selection starts at the top."""

from __future__ import annotations

from typing import Any

from console.qt.widgets.detail_view import DetailView
from tests.console.test_amend_flows import YJ_INCIDENT


def _page(lines: int, extra: str = "") -> str:
    return "<h3>ZJ-20261201-0001</h3>" + extra + "".join(
        f"<p>line {n}: team moved</p>" for n in range(lines))


def test_an_update_keeps_the_scroll_position_and_selection(qtbot: Any) -> None:
    view = DetailView()
    qtbot.addWidget(view)
    view.resize(360, 300)
    view.show()
    view.show_html(("incident", "a"), _page(200))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    middle = bar.value()
    assert middle > 0
    cursor = view.textCursor()
    cursor.setPosition(40)
    cursor.setPosition(60, cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    bar.setValue(middle)  # selecting moved the view to the cursor; the reader scrolls back
    selected = view.textCursor().selectedText()

    view.show_html(("incident", "a"), _page(201, "<p>deaths 0 → 3</p>"))  # a live update
    assert bar.value() == middle
    assert view.textCursor().selectedText() == selected != ""

    view.show_html(("incident", "b"), _page(50))  # another selection: from the top
    assert bar.value() == 0


async def test_the_detail_panel_stays_put_while_the_incident_changes(
        server: Any, console: Any) -> None:
    admin = await server.login("prov")
    created = (await admin.ok("incident.create", {**YJ_INCIDENT, "title": "滑坡"})).result
    for n in range(40):  # a long timeline
        await admin.ok("incident.note", {"id": created["id"], "text": f"巡查第{n}次"})
    wz = await console("wz")
    wz.live.select("incident", created["id"])
    detail = wz.window.detail
    await wz.until(lambda: "巡查第39次" in detail.toPlainText())
    bar = detail.verticalScrollBar()
    await wz.until(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    await admin.ok("incident.note", {"id": created["id"], "text": "新情况"})
    await wz.until(lambda: "新情况" in detail.toPlainText())
    assert bar.value() == kept
