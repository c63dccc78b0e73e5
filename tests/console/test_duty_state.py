"""The duty desk's console state without Qt: the follow-up diff, the owed items, the table's
words, and a Chinese translation for every string of the feature."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.state import duty, i18n
from console.state.ts_translations import ts_translator
from protocol.duty import DutyState
from protocol.entities import DutyEntry, Incident, InfoContent, InfoReport, Principal
from protocol.enums import Grade, Role
from protocol.messages import Snapshot
from protocol.replica import Replica

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def test_a_follow_up_sends_only_what_differs_from_what_was_stated() -> None:
    before = {"place": "岩头镇", "trapped": 3, "occurred_at": NOW, "trend": "仍有滑动"}
    values = {"place": " 岩头镇 ", "trapped": 1, "deaths": 0, "trend": "", "cause": "降雨",
              "occurred_at": NOW + timedelta(seconds=20), "title": "ignored"}
    assert duty.changed_content(before, values) == {"trapped": 1, "deaths": 0, "cause": "降雨"}
    report = InfoReport(id="r", incident_id="i", jurisdiction="330324", stage="follow_up",
                        number=1, title="t", content=InfoContent(trapped=1, cause="降雨"),
                        submitted_by="yj", submitted_by_jurisdiction="330324",
                        submitted_at=NOW)
    assert duty.content_text(report) == "Trapped: 1; Cause: 降雨"


def test_the_desk_that_owes_a_report_sees_it() -> None:
    replica = Replica()
    inc = Incident(id="i", number="ZJ-20261128-0001", type_code="11D01", title="t", lon=120.7,
                   lat=28.2, jurisdiction="330324", grade=Grade.II, reported_at=NOW, version=1)
    replica.apply(Snapshot(seq=1, final=True, entities=[inc]))
    county = Principal(id="yj", role=Role.COUNTY, jurisdiction="330324")
    city = Principal(id="wz", role=Role.CITY, jurisdiction="330300")
    owed = duty.owed(replica, county, NOW + timedelta(minutes=16))
    assert [(o.overdue, "OVERDUE" in o.text) for o in owed] == [(True, True), (False, False)]
    assert owed[0].text.startswith("ZJ-20261128-0001: Initial information report by phone")
    assert duty.owed(replica, city, NOW + timedelta(minutes=16)) == []
    assert duty.owed(replica, county, NOW - timedelta(hours=1)) == []  # not due within 30 min


def test_a_city_owes_the_province_hop_of_an_accident_and_old_backlog_raises_nothing() -> None:
    fire = Incident(id="f", number="ZJ-2", type_code="12D01", title="t", lon=120.7, lat=28.2,
                    jurisdiction="330324", grade=Grade.III, reported_at=NOW, version=1)
    old = Incident(id="o", number="ZJ-0", type_code="11D01", title="t", lon=120.7, lat=28.2,
                   jurisdiction="330324", grade=Grade.IV, reported_at=NOW - timedelta(days=3),
                   version=1)
    replica = Replica()
    replica.apply(Snapshot(seq=1, final=True, entities=[fire, old]))
    city = Principal(id="wz", role=Role.CITY, jurisdiction="330300")
    county = Principal(id="yj", role=Role.COUNTY, jurisdiction="330324")
    at = NOW + timedelta(hours=5, minutes=1)  # the province hop was due at +5 h
    assert [o.text for o in duty.owed(replica, city, at)] == [
        "ZJ-2: Initial information report in writing to the province — OVERDUE since "
        "11-28 14:00"]
    assert {o.incident_id for o in duty.owed(replica, county, at)} == {"f"}  # not the old one


def test_the_table_says_the_state_in_words() -> None:
    entry = DutyEntry(id="d", jurisdiction="330324", received_at=NOW, logged_by="yj",
                      caller="李明", phone="1", type_code="11D01", occurred_at=NOW, place="p",
                      state=DutyState.PASSED_ON)

    class Live:
        replica = Replica()
        principal = None

    table = duty.entry_table(Live())
    assert [c.text(entry) for c in table.columns][:2] == ["2026-11-28 09:00", "Passed on"]
    assert "传达" in DutyState.PASSED_ON.label("zh")


def _duty_strings() -> set[str]:
    found: set[str] = set()
    for path in ("console/state/duty.py", "console/qt/duty/duty_desk.py",
                 "console/state/guards.py", "console/state/operations.py",
                 "console/qt/shell/main_window.py"):
        own = "duty" in path
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = node.args
            if (name == "translate" and len(args) > 1 and getattr(args[0], "value", "") == "Duty"
                    and isinstance(args[1], ast.Constant)):
                found.add(args[1].value)
            elif own and name == "tr" and args and isinstance(args[0], ast.Constant):
                found.add(args[0].value)
    return found


def test_every_duty_string_has_a_chinese_translation() -> None:
    zh = ts_translator("zh")
    assert zh is not None
    strings = _duty_strings()
    assert len(strings) > 80
    missing = sorted(s for s in strings if zh("Duty", s) == s)
    assert missing == []
    was = i18n.install(zh)
    try:
        assert duty.tr("Duty log") == "值班日志"
    finally:
        i18n.install(was)
