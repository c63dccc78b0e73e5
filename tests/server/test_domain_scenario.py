"""The Haiyan-D exercise (simulator.scenarios.typhoon) played straight through the handlers:
the demo data seeded as the system actor, every step as its duty desk, Dispatch steps as a
duty officer would do them (recommend, then dispatch the first ones allowed). No step may be
refused; the end state is what the script says."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from protocol.entities import (
    Assignment,
    Incident,
    MaterialRequest,
    Response,
    Shelter,
    SupportRequest,
    Warning,
)
from protocol.enums import Role
from resources.demo import load
from server.domain import scope
from server.domain.api import SYSTEM, Actor
from simulator.scenario import Cmd, Dispatch, Resolver, Timeline
from simulator.scenarios import typhoon

from .domain_helpers import World


def seed(w: World) -> dict[tuple[str, str], str]:
    keys: dict[tuple[str, str], str] = {}
    for team in load("teams")["teams"]:
        args = {k: v for k, v in team.items() if k != "key"}
        keys[("team", team["key"])] = w.run(SYSTEM, "team.create", **args)["id"]
    for depot in load("depots")["depots"]:
        args = {k: v for k, v in depot.items() if k not in ("key", "stock")}
        keys[("depot", depot["key"])] = did = w.run(SYSTEM, "depot.create", **args)["id"]
        for line in depot["stock"]:
            w.run(SYSTEM, "stock.restock", depot_id=did, **line)
    for shelter in load("shelters")["shelters"]:
        args = {k: v for k, v in shelter.items() if k != "key"}
        keys[("shelter", shelter["key"])] = w.run(SYSTEM, "shelter.create", **args)["id"]
    for plan in load("plans")["plans"]:
        args = {k: v for k, v in plan.items() if k != "key"}
        keys[("plan", plan["key"])] = w.run(SYSTEM, "plan.create", **args)["id"]
    return keys


def desks(keys: dict[tuple[str, str], str]) -> dict[str, Actor]:
    out = {}
    for user in load("users")["users"]:
        units = tuple(keys[("team", k)] for k in user.get("units", []))
        out[user["name"]] = Actor(user["name"], Role(user["role"]), user["jurisdiction"], units)
    return out


def test_the_typhoon_exercise_runs_through_without_a_refusal() -> None:
    w = World()
    keys = seed(w)
    actors = desks(keys)
    start = w.now
    resolver = Resolver(keys=lambda kind, key: keys.get((kind, key)), now=lambda: w.now,
                        speed=1.0)
    timeline = Timeline(typhoon.steps())
    dispatched: dict[str, list[str]] = {}
    for step in timeline.steps:
        w.now = start + timedelta(hours=step.at_h)
        action = step.action
        if isinstance(action, Cmd):
            result: Any = w.run(actors[action.actor], action.op,
                                **resolver.resolve(action.args))
            if action.save:
                resolver.saved[action.save] = result["id"]
        elif isinstance(action, Dispatch):
            actor = actors[action.actor]
            incident = resolver.resolve(action.incident)
            found = w.run(actor, "team.recommend", incident_id=incident,
                          capability=action.capability, limit=action.count)["teams"]
            assert 1 <= len(found) <= action.count, (step, found)  # as the driver accepts
            for team in found:
                aid = w.run(actor, "assignment.dispatch", team_id=team["team_id"],
                            incident_id=incident, task=action.task)["id"]
                dispatched.setdefault(action.save or "", []).append(aid)
    saved = resolver.saved
    assert w.get(Response, saved["typhoon"]).status.value == "ended"
    assert [h.level for h in w.get(Response, saved["typhoon"]).history][:4] == [
        "III", "II", "I", "III"]
    assert w.get(Warning, saved["typhoon_warning"]).msg_type.value == "Cancel"
    assert w.get(SupportRequest, saved["pla_request"]).status.value == "fulfilled"
    assert w.get(Assignment, saved["pla_assignment"]).acknowledged_by == "liaison-pla"
    assert w.get(MaterialRequest, saved["materials"]).status.value == "received"
    assert w.get(Incident, saved["landslide"]).injured == 3
    assert all(w.get(Incident, saved[k]).status.value == "response_ended"
               for k in ("landfall", "chem_leak", "ling_river", "ruian_flood", "landslide"))
    dispatch_saves = {s.action.save or "" for s in timeline.steps if isinstance(s.action, Dispatch)}
    assert set(dispatched) == dispatch_saves  # every dispatch step found teams
    assert sum(len(v) for v in dispatched.values()) > len(dispatched)  # some found several
    assert not any(s.open for s in w.state.all(Shelter))
    # Who sees what at the end: the PLA company is still at the landslide.
    pla, yongjia, ruian = actors["liaison-pla"], actors["yongjia"], actors["ruian"]
    landslide = w.get(Incident, saved["landslide"])
    seen = scope.visible(w.state, pla, landslide)
    assert isinstance(seen, Incident) and seen.timeline == [] and seen.title == landslide.title
    assert scope.visible(w.state, pla, w.get(Incident, saved["ruian_flood"])) is None
    pla_team = keys[("team", "pla-wenzhou")]
    assert scope.may_see_positions_of(w.state, yongjia, pla_team)
    assert not scope.may_see_positions_of(w.state, ruian, pla_team)
    assert scope.visible(w.state, ruian, landslide) is None
