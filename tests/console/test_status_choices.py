"""Change status offers only what the state allows, in lifecycle order, defaulting to the
natural next step; New incident and Merge start with nothing chosen where a guess would hurt."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel

from console.qt.widgets.forms import CHOICE, TEXT, Field, FormDialog
from console.state import guards
from protocol.enums import IncidentStatus
from tests.console.test_guards import PROV, YJ, incident

S = IncidentStatus


@pytest.mark.parametrize(("now", "offered", "default"), [
    (S.RECEIVED, ["verifying", "assessed", "responding", "false_alarm"], "verifying"),
    (S.VERIFYING, ["assessed", "responding", "false_alarm"], "assessed"),
    (S.ASSESSED, ["responding", "response_ended", "false_alarm"], "responding"),
    (S.RESPONDING, ["response_ended"], "response_ended"),
    (S.RESPONSE_ENDED, ["responding", "recovery", "closed"], "recovery"),
    (S.RECOVERY, ["closed"], "closed"),
])
def test_choices_follow_the_lifecycle_and_default_to_the_next_step(
    now: IncidentStatus, offered: list[str], default: str
) -> None:
    choices = guards.incident_status_choices(YJ, incident(now))
    assert choices == offered
    assert "merged" not in choices  # merging has its own action, which asks the target
    assert guards.next_incident_status(now.value, choices) == default


def test_a_final_state_offers_nothing() -> None:
    for final in (S.CLOSED, S.MERGED, S.FALSE_ALARM):
        assert guards.incident_status_choices(PROV, incident(final)) == []
        assert guards.next_incident_status(final.value, []) is None


def test_no_step_forward_means_no_default() -> None:
    assert guards.next_incident_status("response_ended", ["responding"]) is None
    assert guards.next_incident_status("received", ["false_alarm"]) is None


def test_closing_with_crews_still_assigned_is_not_offered() -> None:
    assert "closed" not in guards.incident_status_choices(YJ, incident(S.RECOVERY), crews=1)


def test_a_required_choice_without_default_starts_empty_and_refuses_to_submit(
    qtbot: Any
) -> None:
    types = [("11D01 Landslide", "11D01"), ("11A01 Flood", "11A01")]
    dialog = FormDialog("New incident", [Field("type_code", "Type", CHOICE, None, types,
                                               required=True),
                                         Field("title", "Title", TEXT, "x", required=True)])
    qtbot.addWidget(dialog)
    dialog.open()
    combo = dialog.widgets["type_code"]
    assert isinstance(combo, QComboBox) and combo.currentIndex() == -1
    assert dialog.values()["type_code"] is None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()
    assert "Type" in dialog.error.text()
    dialog.set_value("type_code", "11A01")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert dialog.values()["type_code"] == "11A01"


async def test_new_incident_and_merge_start_with_nothing_chosen(
    server: Any, console: Any
) -> None:
    yj = await console("yj")
    form = yj.window.incident_actions.new_incident_at(120.69, 28.2)
    try:
        assert form.values()["type_code"] is None
        form.set_value("title", "无类型")
        form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert form.isVisible()  # refused: the type must be chosen
    finally:
        form.reject()
    other = await server.login("yj")
    ids = []
    for title in ("岩头镇滑坡", "岩头镇滑坡（重复）"):
        out = await other.ok("incident.create", {"type_code": "11D01", "title": title,
                                                 "lon": 120.69, "lat": 28.2})
        ids.append(out.result["id"])
    await yj.until(lambda: all(yj.replica.get("incident", i) is not None for i in ids))
    yj.live.select("incident", ids[1])
    yj.workflows.dialog = None
    yj.workflows.action("merge_incident").trigger()
    merge = yj.workflows.dialog
    try:
        assert [v for _label, v in merge.fields["into"].choices] == [ids[0]]
        assert merge.values()["into"] is None  # Enter alone merges nothing
        merge.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert merge.isVisible()
    finally:
        merge.reject()


async def test_new_incident_and_set_grade_show_the_suggested_grade(
    server: Any, console: Any
) -> None:
    """Issue 10 item 12: the grade the figures suggest, with the rule, while they are typed."""
    yj = await console("yj")
    form = yj.window.incident_actions.new_incident_at(120.69, 28.2)
    try:
        hint = form.hint_label
        assert "Choose the type" in hint.text()
        form.set_value("type_code", "12C00")  # construction accident: work-safety thresholds
        assert "Suggested grade: Ⅳ" in hint.text()
        form.set_value("deaths", 3)
        assert "Suggested grade: Ⅲ" in hint.text() and "dead 3 ≥ 3" in hint.text()
        assert "work-safety accident thresholds" in hint.text()
        form.set_value("type_code", "11A01")
        assert "No grading thresholds" in hint.text()
    finally:
        form.reject()
    other = await server.login("yj")
    out = await other.ok("incident.create", {"type_code": "11D01", "title": "岩头镇滑坡",
                                             "lon": 120.69, "lat": 28.2, "deaths": 12})
    await yj.until(lambda: yj.replica.get("incident", out.result["id"]) is not None)
    yj.live.select("incident", out.result["id"])
    yj.workflows.dialog = None
    yj.workflows.action("grade_incident").trigger()
    grade = yj.workflows.dialog
    try:
        page = " ".join(label.text() for label in grade.findChildren(QLabel))
        assert "Suggested grade: Ⅱ" in page and "geological disaster thresholds" in page
    finally:
        grade.reject()
