"""The duty desk and information reports in the domain handlers (no sockets)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from protocol.entities import DutyEntry, Incident, InfoReport
from protocol.errors import ErrorCode
from server.domain.api import Actor
from server.domain.scope import visible

from .domain_helpers import (
    ADMIN,
    HANGZHOU,
    LUCHENG,
    NOW,
    PROVINCE,
    TONGLU,
    WENZHOU,
    XIHU,
    XIHU_POS,
    World,
)

CALL: dict[str, Any] = {
    "caller": " 王建国 ", "caller_unit": "西湖区某物流园", "phone": "13905710000",
    "type_code": "12G00", "occurred_at": "2026-11-28T09:20:00", "place": "西湖区转塘街道某仓库",
    "grade": "IV", "injured": 2, "summary": "仓库起火，浓烟较大", "actions": "已组织员工疏散",
    "help_wanted": "请求消防增援",
}


def log(w: World, actor: Actor = XIHU, **extra: Any) -> str:
    return str(w.run(actor, "duty.log", **{**CALL, **extra})["id"])


def test_a_call_is_logged_to_the_minute_and_every_step_is_timed_and_attributed() -> None:
    w = World()
    w.now = NOW + timedelta(seconds=42)
    eid = log(w, received_at="2026-11-28T09:29:59")
    entry = w.get(DutyEntry, eid)
    assert entry.received_at == NOW - timedelta(minutes=1)  # 09:29 CST, to the minute
    assert (entry.caller, entry.jurisdiction, entry.logged_by, entry.state) == (
        "王建国", "330106", "xihu", "open")
    assert entry.occurred_at.utcoffset() == timedelta(hours=8)
    w.tick(3)
    w.run(XIHU, "duty.report_leader", id=eid, text="已报带班领导李处")
    w.tick(2)
    w.run(HANGZHOU, "duty.pass_on", id=eid, text="传达区消防救援大队出动")
    w.tick(10)
    w.run(XIHU, "duty.follow_up", id=eid, text="明火已扑灭")
    w.run(XIHU, "duty.follow_up", id=eid, text="无人员被困")
    entry = w.get(DutyEntry, eid)
    assert [(s.n, s.what, s.by, s.at - NOW) for s in entry.steps] == [
        (1, "logged", "xihu", timedelta(seconds=42)),
        (2, "reported_to_leader", "xihu", timedelta(minutes=3, seconds=42)),
        (3, "passed_on", "hz", timedelta(minutes=5, seconds=42)),
        (4, "followed_up", "xihu", timedelta(minutes=15, seconds=42)),
        (5, "followed_up", "xihu", timedelta(minutes=15, seconds=42)),
    ]
    assert entry.steps[2].text == "传达区消防救援大队出动"
    assert entry.state == "following_up"
    w.run(XIHU, "duty.close", id=eid, reason="  火情已处置完毕，不构成突发事件 ")
    entry = w.get(DutyEntry, eid)
    assert (entry.state, entry.close_reason, entry.steps[-1].what) == (
        "closed", "火情已处置完毕，不构成突发事件", "closed")


def test_the_checklist_and_bad_input_are_refused_and_change_nothing() -> None:
    w = World()
    for field in ("caller", "phone", "place"):
        assert w.code(XIHU, "duty.log", **{**CALL, field: "  "}) == ErrorCode.BAD_REQUEST
    for field in ("caller", "phone", "type_code", "occurred_at", "place"):
        args = {k: v for k, v in CALL.items() if k != field}
        assert w.code(XIHU, "duty.log", **args) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "duty.log", **{**CALL, "type_code": "99X"}) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "duty.log", **CALL, lon=120.1) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "duty.log", **{**CALL, "received_at": "2026-11-28T12:00:00+08:00"}) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "duty.log", **{**CALL, "injured": -1}) == ErrorCode.BAD_REQUEST
    assert w.code(ADMIN, "duty.log", **CALL) == ErrorCode.FORBIDDEN
    eid = log(w)
    assert w.code(XIHU, "duty.close", id=eid, reason=" ") == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "duty.close", id=eid) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "duty.pass_on", id=eid, text="x") == ErrorCode.CONFLICT  # leader first
    w.run(XIHU, "duty.report_leader", id=eid)
    assert w.code(XIHU, "duty.pass_on", id=eid, text=" ") == ErrorCode.BAD_REQUEST
    assert w.code(TONGLU, "duty.pass_on", id=eid, text="x") == ErrorCode.FORBIDDEN
    assert w.code(LUCHENG, "duty.close", id=eid, reason="x") == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "duty.follow_up", id="nope", text="x") == ErrorCode.NOT_FOUND
    assert w.code(XIHU, "duty.close", expected_version=1, id=eid, reason="x") \
        == ErrorCode.CONFLICT
    w.run(XIHU, "duty.close", id=eid, reason="误报")
    assert w.code(XIHU, "duty.follow_up", id=eid, text="x") == ErrorCode.CONFLICT
    assert w.code(XIHU, "duty.to_incident", id=eid, lon=120.1, lat=30.25) == ErrorCode.CONFLICT


def test_to_incident_makes_one_incident_from_the_checklist_and_links_both_ways() -> None:
    w = World()
    w.now = NOW + timedelta(minutes=7)
    eid = log(w, received_at="2026-11-28T09:30:00")
    assert w.code(XIHU, "duty.to_incident", id=eid) == ErrorCode.BAD_REQUEST  # no point
    assert w.code(XIHU, "duty.to_incident", id=eid, lon=121.9, lat=25.0) \
        == ErrorCode.BAD_REQUEST  # outside Zhejiang
    res = w.run(XIHU, "duty.to_incident", id=eid, lon=XIHU_POS[0], lat=XIHU_POS[1])
    incidents = list(w.state.all(Incident))
    assert len(incidents) == 1
    inc = incidents[0]
    assert (res["incident_id"], res["number"]) == (inc.id, inc.number)
    entry = w.get(DutyEntry, eid)
    assert (entry.state, entry.incident_id, entry.steps[-1].what) == (
        "became_incident", inc.id, "became_incident")
    assert inc.number in entry.steps[-1].text
    assert (inc.type_code, inc.grade, inc.injured, inc.address, inc.jurisdiction) == (
        "12G00", "IV", 2, "西湖区转塘街道某仓库", "330106")
    assert inc.title == "西湖区转塘街道某仓库火灾"
    assert "已组织员工疏散" in inc.description and "13905710000" in inc.description
    assert inc.reported_at == NOW  # received at 09:30: the deadlines run from the call
    assert (inc.reporter, inc.reporter_phone, inc.source) == ("王建国", "13905710000", "duty_call")
    assert inc.occurred_at == NOW - timedelta(minutes=10)  # the caller's 09:20
    assert eid in inc.timeline[-1].text
    assert w.last is not None
    assert [c.op for c in w.last.changes] == ["incident.create", "duty.to_incident"]
    assert w.code(XIHU, "duty.to_incident", id=eid, lon=XIHU_POS[0], lat=XIHU_POS[1]) \
        == ErrorCode.CONFLICT
    assert len(list(w.state.all(Incident))) == 1


def test_duty_entries_are_seen_by_the_post_and_the_levels_above() -> None:
    w = World()
    entry = w.get(DutyEntry, log(w))
    seen = {a.user for a in (XIHU, TONGLU, HANGZHOU, WENZHOU, LUCHENG, PROVINCE, ADMIN)
            if visible(w.state, a, entry) is not None}
    assert seen == {"xihu", "hz", "prov"}


INITIAL: dict[str, Any] = {"occurred_at": "2026-11-28T09:20:00", "place": "西湖区转塘街道某仓库",
                           "deaths": 0, "injured": 2, "cause": "不明", "trend": "火势蔓延",
                           "commander_name": "张伟", "commander_post": "区应急管理局局长",
                           "commander_phone": "13800001111", "source": "群众报警"}


def test_information_reports_initial_numbered_follow_ups_of_what_changed_and_final() -> None:
    w = World()
    inc = w.incident(XIHU, XIHU_POS, grade="II")
    assert w.code(XIHU, "info.submit", incident_id=inc, stage="follow_up",
                  content={"deaths": 1}) == ErrorCode.CONFLICT  # no initial yet
    assert w.code(XIHU, "info.submit", incident_id=inc, stage="initial",
                  content={"place": "x"}) == ErrorCode.BAD_REQUEST  # no time
    phone = w.run(XIHU, "info.submit", incident_id=inc, stage="initial", channel="phone",
                  content=INITIAL)
    assert phone["title"] == "西湖区转塘街道某仓库火灾，受伤2人（初报）"
    assert w.code(XIHU, "info.submit", incident_id=inc, stage="initial", channel="phone",
                  content=INITIAL) == ErrorCode.CONFLICT
    w.run(XIHU, "info.submit", incident_id=inc, stage="initial", content=INITIAL)
    w.tick(60)
    one = w.run(HANGZHOU, "info.submit", incident_id=inc, stage="follow_up",
                content={**INITIAL, "deaths": 1, "trend": "已控制"})
    assert (one["number"], one["changed"]) == (1, ["deaths", "trend"])
    assert one["what_changed"] == "deaths 0 → 1, trend"
    report = w.get(InfoReport, one["id"])
    assert (report.content.deaths, report.content.trend, report.content.place) == (
        1, "已控制", None)
    assert report.submitted_by_jurisdiction == "330100"
    assert w.get(Incident, inc).timeline[-1].text == (
        "follow-up information report 1: deaths 0 → 1, trend")
    assert w.code(XIHU, "info.submit", incident_id=inc, stage="follow_up",
                  content={"deaths": 1}) == ErrorCode.BAD_REQUEST  # nothing changed
    two = w.run(XIHU, "info.submit", incident_id=inc, stage="follow_up", note="情况无变化")
    assert (two["number"], two["changed"]) == (2, [])
    assert w.code(TONGLU, "info.submit", incident_id=inc, stage="final") == ErrorCode.FORBIDDEN
    w.run(XIHU, "info.submit", incident_id=inc, stage="final", content={"deaths": 1})
    for stage in ("initial", "follow_up", "final"):
        assert w.code(XIHU, "info.submit", incident_id=inc, stage=stage, content=INITIAL,
                      note="x") == ErrorCode.CONFLICT
    assert len(list(w.state.all(InfoReport))) == 5


def test_info_due_answers_for_a_jurisdiction_at_a_time() -> None:
    w = World()
    inc = w.incident(XIHU, XIHU_POS, type_code="11D01", grade="II")  # a landslide
    w.tick(20)
    res = w.run(HANGZHOU, "info.due")
    assert [(i["incident_id"], i["channel"], i["state"]) for i in res["items"]] == [
        (inc, "phone", "overdue"), (inc, "written", "due")]
    assert res["as_of"] == w.now.isoformat()
    assert (res["more"], res["counts"]) == (False, {"overdue": 1, "due": 1, "done": 0})
    first = w.run(HANGZHOU, "info.due", limit=1)
    assert [i["channel"] for i in first["items"]] == ["phone"] and first["more"] is True
    assert w.code(HANGZHOU, "info.due", limit=0) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "info.due", limit=2001) == ErrorCode.BAD_REQUEST
    earlier = w.run(HANGZHOU, "info.due", at="2026-11-28T09:40:00")
    assert [i["state"] for i in earlier["items"]] == ["due", "due"]
    assert w.run(TONGLU, "info.due")["items"] == []
    assert w.run(PROVINCE, "info.due", jurisdiction="330300")["items"] == []
    assert w.code(XIHU, "info.due", jurisdiction="330100") == ErrorCode.FORBIDDEN
    assert w.code(ADMIN, "info.due") == ErrorCode.FORBIDDEN
    assert w.code(PROVINCE, "info.due", jurisdiction="339999") == ErrorCode.BAD_REQUEST
    fire = w.incident(XIHU, XIHU_POS, grade="IV")  # a work-safety accident: 1 h, then 2 h
    items = [i for i in w.run(XIHU, "info.due")["items"] if i["incident_id"] == fire]
    assert [(i["rule"], i["to"], i["state"]) for i in items] == [
        ("work_safety", "county", "due"), ("work_safety", "city", "due"),
        ("event", "", "due")]


def test_the_steps_list_keeps_the_newest_and_numbers_on() -> None:
    w = World()
    eid = log(w)
    w.run(XIHU, "duty.report_leader", id=eid)
    for i in range(230):
        w.run(XIHU, "duty.follow_up", id=eid, text=f"第{i + 1}次跟踪")
    steps = w.get(DutyEntry, eid).steps
    assert len(steps) == 200
    assert (steps[0].n, steps[-1].n, steps[-1].text) == (33, 232, "第230次跟踪")


def test_a_final_report_after_closing_leaves_the_closed_incident_as_it_was() -> None:
    w = World()
    inc = w.incident(XIHU, XIHU_POS, type_code="11D01", grade="IV")
    w.run(XIHU, "info.submit", incident_id=inc, stage="initial", content=INITIAL)
    for status in ("assessed", "response_ended"):
        w.run(XIHU, "incident.status", id=inc, status=status)
    w.run(XIHU, "incident.close", id=inc)
    closed = w.get(Incident, inc)
    w.run(XIHU, "info.submit", incident_id=inc, stage="final", content={"deaths": 0})
    assert w.get(Incident, inc) == closed
    assert [r.stage for r in w.state.all(InfoReport)] == ["initial", "final"]
