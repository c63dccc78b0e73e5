from __future__ import annotations

from protocol.entities import Plan, PlanTask, Shelter
from protocol.enums import PlanTaskStatus, ResponseLevel
from protocol.errors import ErrorCode

from .domain_helpers import ADMIN, HANGZHOU, TONGLU, XIHU, XIHU_POS, World


def test_shelter_open_occupancy_close() -> None:
    w = World()
    sid = w.run(XIHU, "shelter.create", name="西湖区避灾安置中心", tier="county",
                jurisdiction="330106", lon=XIHU_POS[0], lat=XIHU_POS[1], capacity=300)["id"]
    assert w.code(XIHU, "shelter.occupancy", id=sid, occupancy=10) == ErrorCode.CONFLICT
    w.run(XIHU, "shelter.open", id=sid)
    assert w.code(XIHU, "shelter.open", id=sid) == ErrorCode.CONFLICT
    w.run(HANGZHOU, "shelter.occupancy", id=sid, occupancy=300)
    assert w.code(XIHU, "shelter.occupancy", id=sid, occupancy=301) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "shelter.occupancy", id=sid, occupancy=-1) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "shelter.close", id=sid) == ErrorCode.CONFLICT  # people inside
    w.run(XIHU, "shelter.occupancy", id=sid, occupancy=0)
    w.run(XIHU, "shelter.close", id=sid)
    shelter = w.get(Shelter, sid)
    assert (shelter.open, shelter.occupancy) == (False, 0)
    assert w.code(TONGLU, "shelter.open", id=sid) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "shelter.open", expected_version=1, id=sid) == ErrorCode.CONFLICT
    assert w.code(XIHU, "shelter.create", name="x", tier="village", jurisdiction="330106",
                  lon=120.0, lat=30.0, capacity=0) == ErrorCode.BAD_REQUEST
    assert w.code(ADMIN, "shelter.open", id=sid) == ErrorCode.FORBIDDEN


def test_plan_activation_creates_tasks_of_the_level_and_below() -> None:
    w = World()
    pid = w.run(HANGZHOU, "plan.create", name="杭州市防台风应急预案", hazard="typhoon",
                jurisdiction="330100",
                tasks={"IV": ["值班加强"], "III": ["转移危险区群众"], "II": ["停课停工"],
                       "I": ["全面停止户外作业"]})["id"]
    first = w.run(HANGZHOU, "plan.activate", id=pid, level="III")["tasks"]
    tasks = [w.get(PlanTask, t) for t in first]
    assert sorted(t.text for t in tasks) == ["值班加强", "转移危险区群众"]
    assert {t.activation for t in tasks} == {1}
    assert w.get(Plan, pid).active_level == ResponseLevel.III
    w.run(HANGZHOU, "plan_task.done", id=first[0])
    assert w.get(PlanTask, first[0]).status == PlanTaskStatus.DONE
    assert w.code(HANGZHOU, "plan_task.done", id=first[0]) == ErrorCode.CONFLICT
    # Raising to II adds the II task, and re-opens the done one; the still-open one is kept.
    second = w.run(HANGZHOU, "plan.activate", id=pid, level="II")["tasks"]
    texts = sorted(w.get(PlanTask, t).text for t in second)
    done_text = w.get(PlanTask, first[0]).text
    assert texts == sorted(["停课停工", done_text])
    assert {w.get(PlanTask, t).activation for t in second} == {2}


def test_plan_refusals() -> None:
    w = World()
    assert w.code(HANGZHOU, "plan.create", name="p", hazard="typhoon", jurisdiction="330100",
                  tasks={"V": ["x"]}) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "plan.create", name="p", hazard="typhoon", jurisdiction="330100",
                  tasks={"IV": [" "]}) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "plan.create", name="p", hazard="typhoon", jurisdiction="330100",
                  tasks={}) == ErrorCode.FORBIDDEN
    pid = w.run(HANGZHOU, "plan.create", name="p", hazard="typhoon", jurisdiction="330100",
                tasks={"IV": ["a"]})["id"]
    assert w.code(XIHU, "plan.activate", id=pid, level="IV") == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "plan.activate", id="x", level="IV") == ErrorCode.NOT_FOUND
    assert w.code(HANGZHOU, "plan_task.done", id="x") == ErrorCode.NOT_FOUND
