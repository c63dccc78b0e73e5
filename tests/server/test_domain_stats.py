"""Disaster processes and the loss roll-up, on the handlers (no sockets): figures summed by
hand, counties missing, reporting zero and returned, scope, and refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from protocol.entities import DisasterProcess, LossReport
from protocol.enums import Role
from protocol.errors import ErrorCode
from server.domain.api import Actor

from .domain_helpers import HANGZHOU, LUCHENG, PROVINCE, TONGLU, WENZHOU, XIHU, World

YONGJIA = Actor("yj", Role.COUNTY, "330324")
COUNTIES = ["330106", "330122", "330302", "330324"]  # Xihu, Tonglu (Hangzhou); Lucheng, Yongjia


def opened(w: World, **kw: Any) -> str:
    args = {"name": "台风“海燕D”", "hazard": "typhoon", "counties": COUNTIES, **kw}
    return str(w.run(PROVINCE, "process.open", **args)["id"])


def submit(w: World, actor: Actor, pid: str, stage: str = "initial", **kw: Any) -> Any:
    return w.run(actor, "loss.submit", process_id=pid, stage=stage, **kw)


def rollup(w: World, actor: Actor, pid: str, **kw: Any) -> Any:
    return w.run(actor, "stats.losses", process_id=pid, **kw)


def county(result: Any, adcode: str) -> Any:
    return next(c for city in result["cities"] for c in city["counties"] if c["adcode"] == adcode)


def world_with_reports() -> tuple[World, str, str]:
    w = World()
    pid = opened(w)
    submit(w, XIHU, pid, figures={"affected_population": 1000, "deaths": 1, "relocated": 200,
                                  "evacuated": 500, "crop_affected_ha": 10.5,
                                  "direct_loss_10k_cny": 100.25})
    tl = submit(w, TONGLU, pid, figures={"affected_population": 300, "evacuated": 50,
                                         "direct_loss_10k_cny": 20.5})["id"]
    w.tick(60 * 24)
    submit(w, TONGLU, pid, "follow_up", id=tl, zero=True)
    lc = submit(w, LUCHENG, pid, figures={"affected_population": 800, "relocated": 100})["id"]
    return w, pid, lc


def test_the_rollup_sums_the_latest_accepted_revisions_and_names_every_gap() -> None:
    w, pid, lc = world_with_reports()
    before_return = w.now
    w.tick(10)
    w.run(WENZHOU, "loss.return", id=lc, reason="受灾人口与转移人数不符, 请核实")
    r = rollup(w, PROVINCE, pid)
    assert r["jurisdiction"] == "330000" and [c["adcode"] for c in r["cities"]] == [
        "330100", "330300"]
    hz, wz = r["cities"]
    assert hz["figures"]["affected_population"] == 1300  # 1000 + 300
    assert hz["figures"]["evacuated"] == 550 and hz["figures"]["relocated"] == 200
    assert hz["figures"]["direct_loss_10k_cny"] == 120.75  # 100.25 + 20.5
    assert hz["figures"]["crop_affected_ha"] == 10.5 and hz["figures"]["deaths"] == 1
    assert wz["figures"]["affected_population"] == 0  # Lucheng returned, Yongjia missing
    assert r["figures"] == hz["figures"]
    assert r["transferred"] == 750  # 550 evacuated + 200 relocated
    assert (r["missing"], r["zero"], r["returned"]) == (["330324"], ["330122"], ["330302"])
    assert [(c["adcode"], c["state"]) for c in hz["counties"] + wz["counties"]] == [
        ("330106", "reported"), ("330122", "zero"), ("330302", "returned"),
        ("330324", "missing")]
    assert county(r, "330122")["figures"]["affected_population"] == 300  # zero: unchanged
    lucheng = county(r, "330302")
    assert lucheng["returned_reason"].startswith("受灾人口") and lucheng["returned_by"] == "wz"
    assert county(r, "330324")["report_id"] is None and county(r, "330324")["stage"] is None
    # As of before the return, Lucheng's 800 counted.
    earlier = rollup(w, PROVINCE, pid, at=before_return.isoformat())
    assert earlier["figures"]["affected_population"] == 2100
    assert earlier["returned"] == [] and county(earlier, "330302")["state"] == "reported"
    # Lucheng sends its initial report again: reported, the returned revision kept.
    submit(w, LUCHENG, pid, id=lc, figures={"affected_population": 700, "relocated": 100},
           note="核实后修正")
    r = rollup(w, WENZHOU, pid)
    assert r["figures"]["affected_population"] == 700 and r["returned"] == []
    report = w.get(LossReport, lc)
    assert [(v.revision, v.status.value, v.returned_by) for v in report.revisions] == [
        (1, "returned", "wz"), (2, "accepted", None)]
    assert report.revisions[0].figures.affected_population == 800


def test_scope_a_county_sees_itself_a_city_its_counties() -> None:
    w, pid, _ = world_with_reports()
    mine = rollup(w, XIHU, pid)
    assert [(c["adcode"], [k["adcode"] for k in c["counties"]]) for c in mine["cities"]] == [
        ("330100", ["330106"])]
    assert mine["figures"]["affected_population"] == 1000
    city = rollup(w, HANGZHOU, pid)
    assert [k["adcode"] for k in city["cities"][0]["counties"]] == ["330106", "330122"]
    assert len(city["cities"]) == 1
    assert w.code(XIHU, "stats.losses", process_id=pid, jurisdiction="330122") \
        == ErrorCode.FORBIDDEN  # a neighbour
    assert w.code(XIHU, "stats.losses", process_id=pid, jurisdiction="330100") \
        == ErrorCode.FORBIDDEN  # its own city
    assert w.code(HANGZHOU, "stats.losses", process_id=pid, jurisdiction="330300") \
        == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "stats.due", jurisdiction="330122") == ErrorCode.FORBIDDEN
    other = opened(w, counties=["330122"])
    assert w.code(XIHU, "stats.losses", process_id=other) == ErrorCode.BAD_REQUEST
    due = w.run(HANGZHOU, "stats.due")["items"]
    assert {i["county"] for i in due} == {"330106", "330122"}


def test_statistics_rules_of_a_process_report() -> None:
    w = World()
    pid = opened(w)
    rid = submit(w, XIHU, pid, figures={"affected_population": 100, "relocated_current": 50})[
        "id"]
    assert w.code(XIHU, "loss.submit", process_id=pid, stage="initial") == ErrorCode.CONFLICT
    assert w.code(XIHU, "loss.submit", id=rid, stage="initial") == ErrorCode.CONFLICT
    assert w.code(TONGLU, "loss.submit", process_id=pid, stage="follow_up") \
        == ErrorCode.BAD_REQUEST  # the first report is the initial one
    assert w.code(XIHU, "loss.submit", process_id="nope") == ErrorCode.NOT_FOUND
    assert w.code(Actor("ra", Role.COUNTY, "330381"), "loss.submit", process_id=pid) \
        == ErrorCode.BAD_REQUEST  # not a county of the process
    assert w.code(HANGZHOU, "loss.submit", process_id=pid, jurisdiction="330100") \
        == ErrorCode.BAD_REQUEST  # a city is no county of the process
    assert w.code(XIHU, "loss.submit", process_id=pid, jurisdiction="330122") \
        == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "loss.submit", process_id=pid, hazard="flood") == ErrorCode.BAD_REQUEST
    # A fall needs a note; a current figure may fall without one.
    err = w.refused(XIHU, "loss.submit", id=rid, stage="follow_up",
                    figures={"affected_population": 90})
    assert err.code == ErrorCode.BAD_REQUEST and "affected_population 100 -> 90" in str(err)
    first = submit(w, XIHU, pid, "follow_up", id=rid,
                   figures={"affected_population": 120, "relocated_current": 10})
    assert first["number"] == 1
    # A zero report repeats the figures; one with new figures is refused.
    assert w.code(XIHU, "loss.submit", id=rid, stage="follow_up", zero=True,
                  figures={"affected_population": 130}) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "loss.submit", id=rid, stage="final", zero=True) \
        == ErrorCode.BAD_REQUEST
    second = submit(w, XIHU, pid, "follow_up", id=rid, zero=True)
    assert second["number"] == 2
    report = w.get(LossReport, rid)
    assert report.zero and report.figures.affected_population == 120
    third = submit(w, XIHU, pid, "follow_up", id=rid, figures={"affected_population": 110},
                   note="重复统计 10 人")
    assert third["number"] == 3
    submit(w, XIHU, pid, "final", id=rid, figures={"affected_population": 110})
    assert w.code(XIHU, "loss.submit", id=rid, stage="final",
                  figures={"affected_population": 110}) == ErrorCode.CONFLICT  # one verified
    assert w.code(XIHU, "loss.submit", id=rid, stage="follow_up",
                  process_id="other") == ErrorCode.BAD_REQUEST


def test_returning_refusals() -> None:
    w, pid, lc = world_with_reports()
    xihu = next(r.id for r in w.state.all(LossReport) if r.jurisdiction == "330106")
    assert w.code(XIHU, "loss.return", id=xihu, reason="x") == ErrorCode.FORBIDDEN  # its own
    assert w.code(TONGLU, "loss.return", id=xihu, reason="x") == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "loss.return", id=xihu, reason="x") == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "loss.return", id=xihu, reason=" ") == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "loss.return", id="nope", reason="x") == ErrorCode.NOT_FOUND
    w.run(PROVINCE, "loss.return", id=xihu, reason="请补充农作物受灾面积")
    assert w.code(HANGZHOU, "loss.return", id=xihu, reason="x") == ErrorCode.CONFLICT
    assert w.code(XIHU, "loss.submit", id=xihu, stage="follow_up") == ErrorCode.CONFLICT


def test_process_refusals_and_lifecycle() -> None:
    w = World()
    assert w.code(XIHU, "process.open", name="x", hazard="typhoon") == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "process.open", name="x", hazard="typhoon",
                  jurisdiction="330300") == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "process.open", name="x", hazard="typhoon",
                  counties=["330302"]) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "process.open", name="x", hazard="typhoon",
                  counties=["330100"]) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "process.open", name=" ", hazard="typhoon") == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "process.open", name="x", hazard="typhoon",
                  started_at=(w.now + timedelta(hours=1)).isoformat()) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "process.open", name="x", hazard="typhoon",
                  time_scale=100.0) == ErrorCode.BAD_REQUEST  # compressed: exercises only
    pid = str(w.run(HANGZHOU, "process.open", name="x", hazard="typhoon")["id"])
    process = w.get(DisasterProcess, pid)
    assert "330106" in process.counties and "330122" in process.counties
    assert all(c.startswith("3301") for c in process.counties)
    submit(w, XIHU, pid)
    assert w.code(HANGZHOU, "process.update", id=pid, counties=["330122"]) \
        == ErrorCode.CONFLICT  # Xihu reported: it stays
    w.run(HANGZHOU, "process.update", id=pid, counties=["330106", "330122"], name="y")
    assert w.code(XIHU, "process.end_response", id=pid) == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "process.close", id=pid) == ErrorCode.FORBIDDEN
    w.run(HANGZHOU, "process.end_response", id=pid)
    assert w.code(HANGZHOU, "process.end_response", id=pid) == ErrorCode.CONFLICT
    w.run(PROVINCE, "process.close", id=pid)
    assert w.code(HANGZHOU, "process.close", id=pid) == ErrorCode.CONFLICT
    assert w.code(TONGLU, "loss.submit", process_id=pid) == ErrorCode.CONFLICT  # closed
    assert w.run(HANGZHOU, "stats.due")["items"] == []  # a closed process owes nothing


def test_shelters_roll_up_per_county() -> None:
    w, pid, _ = world_with_reports()
    for capacity, occupancy in ((300, 120), (200, 0)):
        sid = w.run(XIHU, "shelter.create", name=f"避灾中心{capacity}", tier="county",
                    jurisdiction="330106", lon=120.1, lat=30.25, capacity=capacity)["id"]
        w.run(XIHU, "shelter.open", id=sid)
        if occupancy:
            w.run(XIHU, "shelter.occupancy", id=sid, occupancy=occupancy)
    w.run(TONGLU, "shelter.create", name="桐庐 closed", tier="township", jurisdiction="330122",
          lon=119.68, lat=29.8, capacity=100)
    s = rollup(w, HANGZHOU, pid)["shelters"]
    assert (s["open"], s["capacity"], s["occupancy"]) == (2, 500, 120)
    assert s["counties"] == [{"adcode": "330106", "open": 2, "capacity": 500, "occupancy": 120},
                             {"adcode": "330122", "open": 0, "capacity": 0, "occupancy": 0}]
