"""The console's statistics logic without Qt: due alerts as the clock moves, scope, and the
table's words and dashes."""

from __future__ import annotations

from datetime import datetime, timedelta

from console.state import statistics
from protocol.entities import (
    DisasterProcess,
    Jurisdiction,
    LossFigures,
    LossReport,
    LossRevision,
    Principal,
)
from protocol.enums import Hazard, Level, LossReportKind, Role
from protocol.messages import Snapshot
from protocol.replica import Replica
from protocol.reporting import CST

START = datetime(2026, 9, 10, 1, 0, tzinfo=CST)
YJ = Principal(id="yj", role=Role.COUNTY, jurisdiction="330324")
RA = Principal(id="ra", role=Role.COUNTY, jurisdiction="330381")
WZ = Principal(id="wz", role=Role.CITY, jurisdiction="330300")


def replica() -> Replica:
    r = Replica()
    process = DisasterProcess(id="p", name="台风", hazard=Hazard.TYPHOON, jurisdiction="330300",
                              counties=["330324", "330381"], started_at=START)
    report = LossReport(
        id="r", jurisdiction="330381", hazard=Hazard.TYPHOON, process_id="p",
        figures=LossFigures(affected_population=800, relocated=100),
        revisions=[LossRevision(revision=1, stage=LossReportKind.INITIAL,
                                figures=LossFigures(affected_population=800, relocated=100),
                                submitted_by="ra", submitted_at=START + timedelta(minutes=40))])
    places = [Jurisdiction(id="330324", name="永嘉县", name_en="Yongjia", level=Level.COUNTY,
                           parent="330300"),
              Jurisdiction(id="330381", name="瑞安市", name_en="Ruian", level=Level.COUNTY,
                           parent="330300")]
    r.apply(Snapshot(seq=1, entities=[process, report, *places]))
    return r


def test_due_alerts_move_from_due_soon_to_overdue_with_the_clock() -> None:
    r = replica()
    soon = statistics.due_alerts(r, YJ, START + timedelta(hours=1, minutes=30))
    assert [(a.key, a.overdue) for a in soon] == [("due:p:330324:initial:0", False)]
    assert "Initial report from Yongjia due by 09-10 03:00" in soon[0].text
    late = statistics.due_alerts(r, YJ, START + timedelta(hours=2, minutes=1))  # follow-up 1:
    # due tomorrow 09:00, not soon yet
    assert [(a.key, a.overdue) for a in late] == [("due:p:330324:initial:0", True)]
    assert "overdue since" in late[0].text
    # The city above sees Yongjia's; Ruian (which reported) sees nothing of its neighbour.
    assert [a.key for a in statistics.due_alerts(r, WZ, START + timedelta(hours=3))] == [
        "due:p:330324:initial:0"]
    assert statistics.due_alerts(r, RA, START + timedelta(hours=3)) == []
    assert statistics.due_alerts(r, None, START + timedelta(hours=3)) == []


def test_table_words_and_dashes() -> None:
    r = replica()
    process = r.get_typed(DisasterProcess, "p")
    assert process is not None
    result, rows = statistics.table(r, process, "330300", START + timedelta(hours=3))
    assert [(row.level, row.adcode) for row in rows] == [
        ("city", "330300"), ("county", "330324"), ("county", "330381")]
    yj, ra = rows[1], rows[2]
    assert yj.state_text == "Not reported · overdue: Initial report"
    assert statistics.cell(yj, "affected_population") == "—"
    assert statistics.cell(ra, "affected_population") == "800"
    assert statistics.cell(ra, "state") == "Reported"
    assert statistics.cell(rows[0], "state") == "Reported 1 · Not reported 1"
    assert statistics.cell(ra, "transferred") == "100"
    only_mine = statistics.table(r, process, "330381", START)[1]
    assert [row.adcode for row in only_mine] == ["330300", "330381"]
