"""Every op, every non-operator role: the admin runs no operations at all; a liaison or field
terminal only acknowledges and updates its own units."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from protocol.commands import OPS
from protocol.entities import Incident, PlanTask
from protocol.enums import Role
from protocol.errors import ErrorCode
from server.domain import HANDLERS
from server.domain.api import Actor
from tests.fixtures.cap_messages import bureau_cap

from .domain_helpers import ADMIN, HANGZHOU, PROVINCE, XIHU, XIHU_POS, World


def world_with_everything() -> tuple[World, dict[str, Any]]:
    w = World()
    ids: dict[str, Any] = {}
    ids["team"] = w.team(XIHU, "330106", XIHU_POS)
    ids["pla"] = w.team(PROVINCE, "330100", XIHU_POS, type="pla")
    ids["incident"] = w.incident(XIHU, XIHU_POS)
    ids["assignment"] = w.run(HANGZHOU, "assignment.dispatch", team_id=ids["pla"],
                              incident_id=ids["incident"])["id"]
    ids["support"] = w.run(XIHU, "support.request", incident_id=ids["incident"],
                           capability="boat")["id"]
    ids["order"] = w.run(HANGZHOU, "order.issue", text="go",
                         addressees=["330106", f"team:{ids['pla']}"])["id"]
    ids["depot"] = w.run(HANGZHOU, "depot.create", name="d", level="city",
                         jurisdiction="330100", lon=120.1, lat=30.2)["id"]
    w.run(HANGZHOU, "stock.restock", depot_id=ids["depot"], item_code="1010101", quantity=9)
    ids["material"] = w.run(XIHU, "material.create",
                            lines=[{"item_code": "1010101", "quantity": 1}])["id"]
    ids["warning"] = w.run(HANGZHOU, "warning.publish", hazard="rainstorm", colour="blue",
                           area=["330106"], headline="h",
                           expires=(w.now + timedelta(hours=3)).isoformat())["id"]
    ids["loss"] = w.run(XIHU, "loss.submit", hazard="flood")["id"]
    ids["plan"] = w.run(HANGZHOU, "plan.create", name="p", hazard="flood",
                        jurisdiction="330100", tasks={"IV": ["t"]})["id"]
    w.run(HANGZHOU, "plan.activate", id=ids["plan"], level="IV")
    ids["plan_task"] = next(iter(w.state.all(PlanTask))).id
    ids["shelter"] = w.run(XIHU, "shelter.create", name="s", tier="village",
                           jurisdiction="330106", lon=120.1, lat=30.2, capacity=50)["id"]
    ids["response"] = w.run(HANGZHOU, "response.start", headquarters="flood_drought",
                            hazard="flood", level="IV")["id"]
    ids["process"] = w.run(HANGZHOU, "process.open", name="p", hazard="flood",
                           counties=["330106"])["id"]
    ids["process_loss"] = w.run(XIHU, "loss.submit", process_id=ids["process"])["id"]
    ids["duty"] = w.run(XIHU, "duty.log", **DUTY_CALL)["id"]
    ids["track"] = w.run(PROVINCE, "track.publish", name="t", hazard="typhoon",
                         forecast=[{"at": "2026-11-28T09:00:00+08:00", "lon": 122.0,
                                    "lat": 27.0}])["id"]
    w.run(XIHU, "duty.report_leader", id=ids["duty"])
    return w, ids


DUTY_CALL = {"caller": "c", "phone": "1", "type_code": "12G00",
             "occurred_at": "2026-11-28T09:00:00", "place": "p"}


def args_for(op: str, ids: dict[str, Any], now: Any) -> dict[str, Any]:
    """Well-formed arguments for every op, aimed at the entities above."""
    expires = (now + timedelta(hours=3)).isoformat()
    pos = {"lon": XIHU_POS[0], "lat": XIHU_POS[1]}
    table: dict[str, dict[str, Any]] = {
        "incident.create": {"type_code": "12G00", "title": "t", **pos},
        "incident.update": {"id": ids["incident"], "title": "t2"},
        "incident.grade": {"id": ids["incident"], "grade": "IV"},
        "incident.status": {"id": ids["incident"], "status": "response_ended"},
        "incident.merge": {"id": ids["incident"], "into": ids["incident"] + "x"},
        "incident.close": {"id": ids["incident"]},
        "incident.set_exercise": {"id": ids["incident"], "exercise": True},
        "incident.note": {"id": ids["incident"], "text": "n"},
        "response.start": {"headquarters": "flood_drought", "hazard": "flood", "level": "IV"},
        "response.raise": {"id": ids["response"], "level": "III"},
        "response.lower": {"id": ids["response"], "level": "IV"},
        "response.end": {"id": ids["response"]},
        "team.create": {"name": "n", "type": "flood", "jurisdiction": "330106",
                        "base_lon": 120.1, "base_lat": 30.2},
        "team.update": {"id": ids["team"], "name": "n2"},
        "team.status": {"id": ids["team"], "status": "alerted"},
        "team.recommend": {"incident_id": ids["incident"]},
        "assignment.dispatch": {"team_id": ids["team"], "incident_id": ids["incident"]},
        "assignment.acknowledge": {"id": ids["assignment"]},
        "assignment.status": {"id": ids["assignment"], "status": "en_route"},
        "assignment.release": {"id": ids["assignment"]},
        "assignment.recall": {"id": ids["assignment"]},
        "support.request": {"incident_id": ids["incident"], "capability": "boat"},
        "support.accept": {"id": ids["support"]},
        "support.reject": {"id": ids["support"], "reason": "r"},
        "support.fulfil": {"id": ids["support"]},
        "support.cancel": {"id": ids["support"]},
        "order.issue": {"text": "t", "addressees": ["330106"]},
        "order.acknowledge": {"id": ids["order"], "addressee": "330106"},
        "depot.create": {"name": "d", "level": "county", "jurisdiction": "330106",
                         "lon": 120.1, "lat": 30.2},
        "stock.restock": {"depot_id": ids["depot"], "item_code": "1010101", "quantity": 1},
        "stock.adjust": {"depot_id": ids["depot"], "item_code": "1010101", "quantity": 5,
                         "reason": "r"},
        "material.create": {"lines": [{"item_code": "1010101", "quantity": 1}]},
        "material.submit": {"id": ids["material"]},
        "material.approve": {"id": ids["material"], "source_depot_id": ids["depot"]},
        "material.reject": {"id": ids["material"], "reason": "r"},
        "material.issue_order": {"id": ids["material"]},
        "material.ship": {"id": ids["material"]},
        "material.receive": {"id": ids["material"]},
        "material.return": {"id": ids["material"]},
        "material.close": {"id": ids["material"]},
        "material.cancel": {"id": ids["material"]},
        "warning.publish": {"hazard": "flood", "colour": "blue", "area": ["330106"],
                            "headline": "h", "expires": expires},
        "warning.update": {"id": ids["warning"], "headline": "h2"},
        "warning.cancel": {"id": ids["warning"]},
        "warning.cap": {"id": ids["warning"]},
        "warning.import_cap": {"xml": bureau_cap()},
        "loss.submit": {"id": ids["loss"], "stage": "final"},
        "plan.create": {"name": "p", "hazard": "flood", "jurisdiction": "330106", "tasks": {}},
        "plan.activate": {"id": ids["plan"], "level": "IV"},
        "plan_task.done": {"id": ids["plan_task"]},
        "shelter.create": {"name": "s", "tier": "village", "jurisdiction": "330106",
                           "lon": 120.1, "lat": 30.2, "capacity": 10},
        "shelter.open": {"id": ids["shelter"]},
        "shelter.close": {"id": ids["shelter"]},
        "shelter.occupancy": {"id": ids["shelter"], "occupancy": 1},
        "loss.return": {"id": ids["process_loss"], "reason": "r"},
        "process.open": {"name": "p2", "hazard": "flood", "jurisdiction": "330100"},
        "process.update": {"id": ids["process"], "name": "p3"},
        "process.end_response": {"id": ids["process"]},
        "process.close": {"id": ids["process"]},
        "stats.losses": {"process_id": ids["process"], "jurisdiction": "330106"},
        "stats.due": {"jurisdiction": "330106"},
        "duty.log": DUTY_CALL,
        "duty.report_leader": {"id": ids["duty"]},
        "duty.pass_on": {"id": ids["duty"], "text": "t"},
        "duty.follow_up": {"id": ids["duty"], "text": "t"},
        "duty.to_incident": {"id": ids["duty"], **pos},
        "duty.close": {"id": ids["duty"], "reason": "r"},
        "info.submit": {"incident_id": ids["incident"], "stage": "initial",
                        "content": {"place": "p", "occurred_at": "2026-11-28T09:00:00"}},
        "info.due": {"jurisdiction": "330106"},
        "track.publish": {"name": "t", "hazard": "typhoon",
                          "observed": [{"at": "2026-11-28T09:00:00+08:00", "lon": 122.0,
                                        "lat": 27.0}]},
        "track.update": {"id": ids["track"], "forecast": []},
    }
    assert set(table) == set(OPS) - {"team.track", "history.entity", "history.events",
                                       "history.picture"}
    return table[op]


UNIT_OPS = {"assignment.acknowledge", "assignment.status", "team.status", "order.acknowledge"}


@pytest.mark.parametrize("op", sorted(HANDLERS))
def test_admin_runs_no_operation(op: str) -> None:
    w, ids = world_with_everything()
    assert w.code(ADMIN, op, **args_for(op, ids, w.now)) == ErrorCode.FORBIDDEN


@pytest.mark.parametrize("role", [Role.LIAISON, Role.FIELD])
def test_units_act_only_on_themselves(role: Role) -> None:
    w, ids = world_with_everything()
    unit = Actor("pla-liaison", role, "330000", units=(ids["pla"],))
    own = {
        "assignment.acknowledge": {"id": ids["assignment"]},
        "assignment.status": {"id": ids["assignment"], "status": "en_route"},
        "team.status": {"id": ids["pla"], "status": "recalled"},
        "order.acknowledge": {"id": ids["order"]},
    }
    for op in sorted(set(HANDLERS) - UNIT_OPS):
        assert w.code(unit, op, **args_for(op, ids, w.now)) == ErrorCode.FORBIDDEN, op
    other = w.run(XIHU, "assignment.dispatch", team_id=ids["team"],
                  incident_id=ids["incident"])["id"]
    other_order = w.run(HANGZHOU, "order.issue", text="x", addressees=["330106"])["id"]
    others = {
        "assignment.acknowledge": {"id": other},
        "assignment.status": {"id": other, "status": "en_route"},
        "team.status": {"id": ids["team"], "status": "recalled"},
        "order.acknowledge": {"id": other_order},
    }
    for op, args in others.items():
        assert w.code(unit, op, **args) == ErrorCode.FORBIDDEN, op
    assert w.code(unit, "order.acknowledge", id=ids["order"], addressee="330106") \
        == ErrorCode.FORBIDDEN
    for op, args in own.items():
        w.run(unit, op, **args)
    assert UNIT_OPS == set(own) == set(others)


def test_another_county_may_touch_none_of_it() -> None:
    """Lucheng (Wenzhou) against Xihu's and Hangzhou's data: everything is refused except
    what only creates within Lucheng itself, and the report of an incident in Xihu (which
    Xihu then owns, Lucheng shown as the reporter)."""
    w, ids = world_with_everything()
    lucheng = Actor("lucheng", Role.COUNTY, "330302")
    creates_own = {"material.create", "response.start", "duty.log"}
    for op in sorted(set(HANDLERS) - creates_own - {"incident.create"}):
        assert w.code(lucheng, op, **args_for(op, ids, w.now)) == ErrorCode.FORBIDDEN, op
    for op in sorted(creates_own):
        w.run(lucheng, op, **args_for(op, ids, w.now))
        assert all(getattr(e, "jurisdiction", None) in (None, "330302")
                   and getattr(e, "requester", "330302") == "330302" for e in w.changed())
    w.run(lucheng, "incident.create", **args_for("incident.create", ids, w.now))
    [reported] = w.changed()
    assert isinstance(reported, Incident)
    assert (reported.jurisdiction, reported.reported_by_jurisdiction) == ("330106", "330302")


def test_refusals_of_units_and_admin_read_as_sentences() -> None:
    """A liaison acknowledging another unit's assignment is told it is not one of its units
    (not "a liaison principal may not do this"); the admin is "an admin", not "a admin"."""
    w, ids = world_with_everything()
    liaison = Actor("pla-liaison", Role.LIAISON, "330000", units=(ids["pla"],))
    other = w.run(XIHU, "assignment.dispatch", team_id=ids["team"],
                  incident_id=ids["incident"])["id"]
    message = w.refused(liaison, "assignment.acknowledge", id=other).message
    assert "is not one of your units" in message
    assert "principal" not in message
    admin = w.refused(ADMIN, "incident.note", id=ids["incident"], text="n").message
    assert admin.startswith("an admin user may not")
    assert "a admin" not in admin
