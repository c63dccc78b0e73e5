from __future__ import annotations

from protocol.entities import LossReport
from protocol.enums import LossReportKind
from protocol.errors import ErrorCode
from server.domain.grading import suggest_grade

from .domain_helpers import HANGZHOU, TONGLU, XIHU, XIHU_POS, World


def test_revisions_are_kept() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS, type_code="11B01")
    res = w.run(XIHU, "loss.submit", hazard="typhoon", incident_id=iid, title="台风灾情",
                figures={"affected_population": 1200, "relocated": 300})
    rid = res["id"]
    assert res["revision"] == 1
    w.tick(60)
    w.run(XIHU, "loss.submit", id=rid, stage="follow_up",
          figures={"affected_population": 1500, "relocated": 420, "deaths": 1,
                   "direct_loss_10k_cny": 850.5}, note="续报")
    w.run(HANGZHOU, "loss.submit", id=rid, stage="final",
          figures={"affected_population": 1480, "relocated": 420, "deaths": 1,
                   "direct_loss_10k_cny": 910.0}, note="核报: 20 counted twice")
    report = w.get(LossReport, rid)
    assert report.stage == LossReportKind.FINAL and report.figures.direct_loss_10k_cny == 910.0
    assert [r.revision for r in report.revisions] == [1, 2, 3]
    assert [r.figures.affected_population for r in report.revisions] == [1200, 1500, 1480]
    assert [r.submitted_by for r in report.revisions] == ["xihu", "xihu", "hz"]
    assert report.revisions[1].note == "续报" and report.title == "台风灾情"


def test_loss_refusals() -> None:
    w = World()
    assert w.code(XIHU, "loss.submit") == ErrorCode.BAD_REQUEST  # no hazard
    assert w.code(XIHU, "loss.submit", hazard="flood", figures={"deaths": -1}) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "loss.submit", hazard="flood",
                  figures={"crop_lost_ha": float("nan")}) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "loss.submit", hazard="flood", jurisdiction="330122") \
        == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "loss.submit", hazard="flood", incident_id="x") == ErrorCode.NOT_FOUND
    rid = w.run(XIHU, "loss.submit", hazard="flood", stage="follow_up")["id"]
    assert w.code(XIHU, "loss.submit", id=rid, stage="initial") == ErrorCode.CONFLICT
    assert w.code(XIHU, "loss.submit", id=rid, stage="final", hazard="typhoon") \
        == ErrorCode.BAD_REQUEST
    assert w.code(TONGLU, "loss.submit", id=rid, stage="final") == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "loss.submit", expected_version=9, id=rid, stage="final") \
        == ErrorCode.CONFLICT
    assert w.code(XIHU, "loss.submit", id="nope") == ErrorCode.NOT_FOUND


def test_grade_suggestion_follows_the_thresholds() -> None:
    assert suggest_grade("12D01", deaths=2) == "IV"
    assert suggest_grade("12D01", deaths=3) == "III"
    assert suggest_grade("12D01", deaths=12) == "II"
    assert suggest_grade("12D01", deaths=30) == "I"
    assert suggest_grade("12G00", injured=55) == "II"
    assert suggest_grade("12G00", deaths=1, direct_loss_cny=120_000_000) == "I"
    assert suggest_grade("11D01", direct_loss_cny=2_000_000) == "III"
    assert suggest_grade("11D02", deaths=10) == "II"
    assert suggest_grade("11G00", burned_ha=0.5) == "IV"
    assert suggest_grade("11G00", burned_ha=150) == "II"
    assert suggest_grade("11G00", burned_ha=1000) == "I"
    assert suggest_grade("11B01", deaths=40) is None  # no thresholds for typhoons
