"""The deadlines of incident information reports, at given times (no clock, no server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from protocol.duty import InfoChannel, InfoReportKind
from protocol.entities import Incident, InfoReport
from protocol.enums import Grade, IncidentStatus
from protocol.info_reports import CST, DueItem, due_items, is_work_safety

RECEIVED = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 09:00 CST


def incident(type_code: str = "11D01", grade: Grade | None = Grade.II,
             jurisdiction: str = "330324") -> Incident:
    return Incident(id="i", number="ZJ-20261128-0001", type_code=type_code, title="t",
                    lon=120.69, lat=28.15, jurisdiction=jurisdiction, grade=grade,
                    reported_at=RECEIVED)


def report(stage: str, at: datetime, channel: str = "written", number: int = 0,
           by: str = "330324") -> InfoReport:
    return InfoReport(id=f"{stage}{number}{channel}{at:%H%M}", incident_id="i",
                      jurisdiction="330324", stage=InfoReportKind(stage), number=number,
                      channel=InfoChannel(channel), title="t", submitted_by="u",
                      submitted_by_jurisdiction=by, submitted_at=at)


def states(items: list[DueItem]) -> list[tuple[str, str, str, str]]:
    return [(i.kind, i.channel, i.to, i.state) for i in items]


def minutes(m: float) -> datetime:
    return RECEIVED + timedelta(minutes=m)


def test_a_serious_incident_owes_a_call_in_15_minutes_and_writing_in_35() -> None:
    inc = incident(grade=Grade.II)
    items = due_items(inc, [], minutes(10))
    assert [(i.channel, i.due_at, i.state) for i in items] == [
        ("phone", minutes(15), "due"), ("written", minutes(35), "due")]
    assert states(due_items(inc, [], minutes(16))) == [
        ("initial", "phone", "", "overdue"), ("initial", "written", "", "due")]
    called = [report("initial", minutes(14), channel="phone")]
    items = due_items(inc, called, minutes(36))
    assert [(i.kind, i.channel, i.state, i.done_at) for i in items] == [
        ("initial", "phone", "done", minutes(14)), ("initial", "written", "overdue", None),
        ("follow_up", "written", "due", None)]  # the first follow-up: 17:00 CST that day
    assert items[-1].due_at == datetime(2026, 11, 28, 17, 0, tzinfo=CST)
    # A report submitted after the moment asked about does not count yet.
    assert due_items(inc, called, minutes(13))[0].state == "due"


def test_grades_three_and_four_have_written_limits_of_one_and_six_hours() -> None:
    iii = due_items(incident(grade=Grade.III), [], minutes(59))
    assert [(i.channel, i.due_at, i.state) for i in iii] == [("written", minutes(60), "due")]
    iv = due_items(incident(grade=Grade.IV), [], minutes(361))
    assert [(i.due_at, i.state) for i in iv] == [(minutes(360), "overdue")]
    ungraded = due_items(incident(grade=None), [], minutes(1))
    assert [i.due_at for i in ungraded] == [minutes(360)]


def test_follow_ups_before_0800_and_1700_until_the_final_report() -> None:
    inc = incident(grade=Grade.III)
    initial = report("initial", minutes(50))  # 09:50 CST
    at = datetime(2026, 11, 29, 9, 0, tzinfo=CST)  # the next morning
    follow = [i for i in due_items(inc, [initial], at) if i.kind == "follow_up"]
    slots = [(i.due_at.astimezone(CST).strftime("%d %H:%M"), i.number, i.state) for i in follow]
    assert slots == [("28 17:00", 1, "overdue"), ("29 08:00", 1, "overdue"),
                     ("29 17:00", 1, "due")]
    one = report("follow_up", datetime(2026, 11, 28, 16, 30, tzinfo=CST), number=1)
    follow = [i for i in due_items(inc, [initial, one], at) if i.kind == "follow_up"]
    assert [(i.number, i.state) for i in follow] == [(1, "done"), (2, "overdue"), (2, "due")]
    final = report("final", datetime(2026, 11, 29, 8, 30, tzinfo=CST))
    assert due_items(inc, [initial, one, final], at) == []
    assert not [i for i in due_items(incident(grade=Grade.IV), [initial], at)
                if i.kind == "follow_up"]


def test_a_work_safety_accident_goes_up_a_level_every_two_hours() -> None:
    assert is_work_safety("12D01") and is_work_safety("12G00") and not is_work_safety("12Q00")
    assert not is_work_safety("11D01")
    inc = incident(type_code="12D01", grade=Grade.III)  # 较大: up to the province
    rules = [i for i in due_items(inc, [], minutes(70)) if i.rule == "work_safety"]
    assert [(i.to, i.due_at, i.state, i.owes) for i in rules] == [
        ("county", minutes(60), "overdue", "330324"),
        ("city", minutes(180), "due", "330324"),
        ("province", minutes(300), "due", "330300"),
    ]
    county = report("initial", minutes(45))
    rules = [i for i in due_items(inc, [county], minutes(301)) if i.rule == "work_safety"]
    assert [(i.to, i.state) for i in rules if i.kind == "initial"] == [
        ("county", "done"), ("city", "done"), ("province", "overdue")]
    by_city = report("initial", minutes(290), by="330300", channel="phone")
    rules = [i for i in due_items(inc, [county, by_city], minutes(301))
             if i.rule == "work_safety" and i.kind == "initial"]
    assert [i.state for i in rules] == ["done", "done", "done"]
    # Follow-ups daily for 较大, from the first initial report.
    follow = [i for i in due_items(inc, [county], minutes(45 + 24 * 60 + 1))
              if i.kind == "follow_up"]
    assert [(i.due_at, i.state) for i in follow] == [
        (minutes(45 + 24 * 60), "overdue"), (minutes(45 + 48 * 60), "due")]


def test_a_serious_work_safety_accident_reaches_the_state_council_and_twice_daily() -> None:
    inc = incident(type_code="12A00", grade=Grade.II)
    rules = [i for i in due_items(inc, [], minutes(1)) if i.rule == "work_safety"]
    assert [(i.to, i.due_at) for i in rules] == [
        ("county", minutes(60)), ("city", minutes(180)), ("province", minutes(300)),
        ("state", minutes(420))]
    assert rules[-1].owes == "330000"
    follow = [i for i in due_items(inc, [report("initial", minutes(30))], minutes(31))
              if i.kind == "follow_up"]
    assert [i.due_at for i in follow] == [minutes(30 + 12 * 60)]
    # 一般 goes only to the city.
    general = due_items(incident(type_code="12H00", grade=Grade.IV), [], minutes(1))
    assert [i.to for i in general if i.rule == "work_safety"] == ["county", "city"]


def test_nothing_is_owed_on_a_merged_incident_and_old_slots_are_not_all_listed() -> None:
    merged = incident()
    merged = Incident(**{**{f: getattr(merged, f) for f in merged.__struct_fields__},
                         "status": IncidentStatus.MERGED})
    assert due_items(merged, [], minutes(100)) == []
    assert due_items(incident(), [], minutes(-1)) == []  # asked about before it was received
    initial = report("initial", minutes(10))
    month = due_items(incident(grade=Grade.I), [initial], minutes(30 * 24 * 60))
    follow = [i for i in month if i.kind == "follow_up"]
    assert 1 < len(follow) <= 6 and follow[-1].state == "due"
    assert all(i.state == "overdue" for i in follow[:-1])
