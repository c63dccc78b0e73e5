"""The console's guards and the server's handlers give the same verdict on the same command.

The picture is the demo data (teams, depots with their stock, shelters, plans, users) seeded
through the handlers, plus incidents in every state (exercise and real), assignments in every
team status, support requests, orders, material requests in every state, warnings, responses
and plan tasks. For every demo principal and every op a console action offers on an entity of
that picture, the console's verdict (its guard, and the choices its dialog offers) is compared
with the server's answer to the same command: the domain handler run on the same State, the
way ``tests/server/domain_helpers.World`` runs it, with nothing applied.

What is compared: allowed, or refused. The server's refusals about permission and state
(forbidden, conflict, unauthorized, and the rulebook's own bad_request ``no_upper_level``)
must be the console's refusals and the reverse. Refusals of the arguments themselves
(bad_request and not_found that the rulebook did not give, malformed args) are outside what a
guard judges; such cases are counted and left out. An answer that changes nothing (an order
or assignment acknowledged twice) counts as refused: the console does not offer it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import msgspec

from console.state import guards
from protocol.commands import decode_args
from protocol.entities import (
    Assignment,
    Depot,
    Incident,
    MaterialRequest,
    Order,
    Plan,
    PlanTask,
    Principal,
    Response,
    Shelter,
    StockItem,
    SupportRequest,
    Team,
    Warning,
)
from protocol.enums import LEVEL_RANK, IncidentStatus, Role, TeamStatus
from protocol.errors import ErrorCode, ProtocolError
from protocol.machines import INCIDENT_TERMINAL
from server.domain import HANDLERS
from server.domain.api import SYSTEM, Actor, CommandError, Tx
from server.seed import DemoIds, demo_commands, demo_users
from tests.server.domain_helpers import NOW, World

YONGJIA_POS = (120.70, 28.20)
OUTSIDE = "outside"
QUERIES = frozenset({"warning.cap"})


def seed(w: World) -> DemoIds:
    commands = demo_commands()
    result: Any = None
    try:
        while True:
            command = commands.send(result) if result is not None else next(commands)
            result = w.run(SYSTEM, command.op, **command.args)
    except StopIteration as done:
        ids: DemoIds = done.value
        return ids


def actor_of(name: str, w: World, ids: DemoIds) -> Actor:
    user = next(u for u in demo_users(ids) if u.name == name)
    return Actor(user.name, Role(user.role), user.jurisdiction, user.units)


def force(w: World, entity: Any, **changes: Any) -> Any:
    """Put an entity in a state directly (a state the handlers reach by a longer path)."""
    changed = msgspec.structs.replace(entity, **changes)
    w.state.apply(changed)
    return changed


def build() -> tuple[World, DemoIds, dict[str, Any]]:
    w = World()
    ids = seed(w)
    team = ids.teams
    yongjia, wenzhou = actor_of("yongjia", w, ids), actor_of("wenzhou", w, ids)
    out: dict[str, Any] = {}

    # incidents in every state, exercise and real (demo teams are exercise teams)
    for status in IncidentStatus:
        for exercise in (True, False):
            iid = w.incident(yongjia, YONGJIA_POS, exercise=exercise)
            force(w, w.get(Incident, iid), status=status)
    crew = w.incident(yongjia, YONGJIA_POS, exercise=True)  # responding, with teams on it
    ended = w.incident(yongjia, YONGJIA_POS, exercise=True)
    out["merge_into"] = w.incident(yongjia, YONGJIA_POS, exercise=True)

    # teams in every status, most on the crew incident
    def send(key: str, incident: str, *moves: str, ack: bool = False) -> None:
        a = w.run(SYSTEM, "assignment.dispatch", team_id=team[key], incident_id=incident)["id"]
        if ack:
            w.run(SYSTEM, "assignment.acknowledge", id=a)
        for status in moves:
            w.run(SYSTEM, "assignment.status", id=a, status=status)

    send("fire-yongjia-1", crew)
    send("fire-yongjia-2", crew, "en_route", ack=True)
    send("flood-wenzhou", crew, "en_route", "on_scene")
    send("geo-wenzhou", crew, "en_route", "on_scene", "working")
    send("pla-wenzhou", crew, "en_route", "on_scene", "released")
    send("medical-wenzhou", crew, "recalled")
    send("social-yongjia", crew, "en_route", "on_scene", "released", "returning")
    send("power-wenzhou", ended, "en_route")
    w.run(SYSTEM, "incident.status", id=ended, status="response_ended")
    for key, status in (("forest-yongjia", "alerted"), ("township-yongjia-1", "staged"),
                        ("township-yongjia-2", "out_of_service")):
        w.run(SYSTEM, "team.status", id=team[key], status=status)

    # support requests in every state
    def support(*steps: tuple[Actor, str, dict[str, Any]]) -> None:
        sid = w.run(yongjia, "support.request", incident_id=crew, capability="pumps",
                    count=2)["id"]
        for who, op, args in steps:
            w.run(who, op, id=sid, **args)

    support()
    support((wenzhou, "support.accept", {}))
    support((wenzhou, "support.reject", {"reason": "none left"}))
    support((yongjia, "support.cancel", {}))
    support((wenzhou, "support.accept", {}), (wenzhou, "support.fulfil", {}))
    w.run(wenzhou, "support.request", incident_id=crew, capability="boats", count=1)

    # orders, some acknowledged
    addressees = ["330300", "330324", f"team:{team['fire-yongjia-1']}",
                  f"team:{team['pla-wenzhou']}"]
    w.run(SYSTEM, "order.issue", text="pre-position pumps", addressees=addressees)
    oid = w.run(SYSTEM, "order.issue", text="report hourly", addressees=addressees)["id"]
    w.run(yongjia, "order.acknowledge", id=oid)
    w.run(actor_of("liaison-pla", w, ids), "order.acknowledge", id=oid)
    w.run(wenzhou, "order.issue", text="open shelters", addressees=["330324", "330381"])

    # material requests in every state; one from a county depot its county may ship
    line = [{"item_code": "1010101", "quantity": 2}]
    steps: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "draft": [], "submitted": [("material.submit", {})],
        "rejected": [("material.submit", {}), ("material.reject", {"reason": "no"})],
    }
    approve = [("material.submit", {}),
               ("material.approve", {"source_depot_id": ids.depots["city-wenzhou"]})]
    steps["approved"] = approve
    steps["order_issued"] = [*approve, ("material.issue_order", {})]
    steps["in_transit"] = [*steps["order_issued"], ("material.ship", {})]
    steps["partial"] = [*steps["in_transit"],
                        ("material.receive", {"lines": [{"item_code": "1010101", "quantity": 1}]})]
    steps["received"] = [*steps["in_transit"], ("material.receive", {})]
    steps["returned"] = [*steps["partial"], ("material.return", {})]
    steps["closed"] = [*steps["received"], ("material.close", {})]
    steps["cancelled"] = [*approve, ("material.cancel", {})]
    steps["county_depot"] = [("material.submit", {}),
                             ("material.approve", {"source_depot_id":
                                                   ids.depots["county-yongjia"]}),
                             ("material.issue_order", {})]
    for _, moves in steps.items():
        mid = w.run(yongjia, "material.create", lines=line, destination="Yantou",
                    submit=False)["id"]
        for op, args in moves:
            w.run(SYSTEM, op, id=mid, **args)
    out["wz_depot"] = ids.depots["city-wenzhou"]

    # warnings, responses, plan tasks, shelters
    onset_args = {"hazard": "typhoon", "colour": "orange", "headline": "Typhoon",
                  "expires": NOW.replace(day=NOW.day + 1)}
    w.run(wenzhou, "warning.publish", area=["330324"], **onset_args)
    cancelled = w.run(wenzhou, "warning.publish", area=["330324"], **onset_args)["id"]
    w.run(wenzhou, "warning.cancel", id=cancelled)
    w.run(SYSTEM, "warning.publish", area=["331000"], **onset_args)
    for level in ("IV", "III", "II", "I"):
        w.run(wenzhou, "response.start", headquarters="flood_drought", hazard="typhoon",
              level=level)
    rid = w.run(wenzhou, "response.start", headquarters="flood_drought", hazard="typhoon",
                level="IV")["id"]
    w.run(wenzhou, "response.end", id=rid)
    plan = next(iter(ids.plans.values()))
    tasks = w.run(SYSTEM, "plan.activate", id=plan, level="II")["tasks"]
    w.run(SYSTEM, "plan_task.done", id=tasks[0])
    shelters = [s for s in w.state.all(Shelter) if s.jurisdiction == "330324"]
    w.run(SYSTEM, "shelter.open", id=shelters[1].id)
    w.run(SYSTEM, "shelter.open", id=shelters[2].id)
    w.run(SYSTEM, "shelter.occupancy", id=shelters[2].id, occupancy=20)
    out["shelters"] = shelters[:3]
    return w, ids, out


@dataclass(frozen=True)
class Case:
    op: str
    args: dict[str, Any]
    console: str | None  # the console's refusal (None: it offers the action)
    about: str


def crews_on(w: World, inc: Incident) -> int:
    return sum(1 for t in w.state.all(Team) if t.assignment_id
               and (a := w.state.get(Assignment, t.assignment_id)) is not None
               and a.incident_id == inc.id)


def dialog(choices: list[str], offered: str, why: str | None) -> str | None:
    """The action's verdict, then whether its dialog offers ``offered``."""
    return why or (None if offered in choices else "not offered")


def cases(w: World, p: Principal, out: dict[str, Any]) -> Iterator[Case]:
    s = w.state
    target = s.get(Incident, out["merge_into"])
    assert target is not None
    yield Case("incident.create", {"type_code": "12G00", "title": "Fire", "lon": YONGJIA_POS[0],
                                   "lat": YONGJIA_POS[1]}, guards.operator(p), "create")
    teams = sorted(s.all(Team), key=lambda t: t.name)
    picked = [t for t in teams if t.assignment_id or t.status != "available"]
    picked += [t for t in teams if t.status == "available"][:4]  # free teams of four places
    for inc in s.all(Incident):
        about = f"incident {inc.status} exercise={inc.exercise}"
        crews = crews_on(w, inc)
        for op, args in (("incident.grade", {"grade": "III"}), ("incident.note", {"text": "n"}),
                         ("incident.update", {"title": "renamed"}),
                         ("incident.set_exercise", {"exercise": not inc.exercise})):
            yield Case(op, {"id": inc.id, **args}, guards.incident_open(p, inc), about)
        for dst in IncidentStatus:
            if dst == "merged":
                continue
            why = dialog(guards.incident_status_choices(p, inc, crews), dst,
                         guards.incident_status(p, inc))
            yield Case("incident.status", {"id": inc.id, "status": dst.value}, why,
                       f"{about} -> {dst}")
        yield Case("incident.close", {"id": inc.id},
                   guards.incident_move(p, inc, "closed", crews), about)
        if inc.id != target.id:
            merge_targets_me = guards.covers(p, target.jurisdiction, "") is None
            why = guards.incident_move(p, inc, "merged", crews) or (
                None if merge_targets_me and target.status not in INCIDENT_TERMINAL
                else "not offered")
            yield Case("incident.merge", {"id": inc.id, "into": target.id}, why, about)
        yield Case("support.request", {"incident_id": inc.id, "capability": "pumps"},
                   guards.request_support(p, inc), about)
        for team in picked:
            job = s.get(Assignment, team.assignment_id) if team.assignment_id else None
            drill = s.get(Incident, job.incident_id) if job else None
            on_exercise = drill is not None and drill.exercise
            yield Case("assignment.dispatch", {"team_id": team.id, "incident_id": inc.id},
                       guards.dispatch(p, inc, team, on_exercise),
                       f"{about}, team {team.name} {team.status}")
    for team in teams:
        a = s.get(Assignment, team.assignment_id) if team.assignment_id else None
        if not (team in picked or team.id in p.units):
            continue
        about = f"team {team.name} {team.status}"
        for dst in TeamStatus:
            why = dialog(guards.team_status_choices(team), dst, guards.team_control(p, team))
            op, key = ("assignment.status", a.id) if a else ("team.status", team.id)
            yield Case(op, {"id": key, "status": dst.value}, why, f"{about} -> {dst}")
        if a is not None:
            yield Case("assignment.acknowledge", {"id": a.id},
                       guards.assignment_ack(p, team, a), about)
            yield Case("assignment.release", {"id": a.id},
                       guards.assignment_move(p, team, a, "released"), about)
            yield Case("assignment.recall", {"id": a.id},
                       guards.assignment_move(p, team, a, "recalled"), about)
    for sr in s.all(SupportRequest):
        why = guards.support_decide(p, sr)
        yield Case("support.accept", {"id": sr.id}, why, f"support {sr.status}")
        yield Case("support.reject", {"id": sr.id, "reason": "no"}, why, f"support {sr.status}")
    for o in s.all(Order):
        yield Case("order.acknowledge", {"id": o.id, "addressee": guards.my_addressee(p, o)},
                   guards.order_ack(p, o), f"order to {o.addressees} acks {sorted(o.acks)}")
    yield from material_cases(w, p, out)
    yield from other_cases(w, p, out)


_MATERIAL_OPS = {"approved": "material.approve", "rejected": "material.reject",
                 "order_issued": "material.issue_order", "in_transit": "material.ship",
                 "received": "material.receive", "partial": "material.receive",
                 "returned": "material.return", "closed": "material.close",
                 "cancelled": "material.cancel"}


def material_cases(w: World, p: Principal, out: dict[str, Any]) -> Iterator[Case]:
    for m in w.state.all(MaterialRequest):
        depot = w.state.get(Depot, m.source_depot_id) if m.source_depot_id else None
        for dst, op in _MATERIAL_OPS.items():
            args: dict[str, Any] = {"id": m.id}
            if dst == "approved":
                args["source_depot_id"] = out["wz_depot"]
            if dst == "rejected":
                args["reason"] = "no"
            if dst == "partial":
                args["lines"] = [{"item_code": "1010101", "quantity": 1}]
            why = guards.material_move(p, m, dst, depot.jurisdiction if depot else None)
            yield Case(op, args, why, f"material {m.status} -> {dst}")


def other_cases(w: World, p: Principal, out: dict[str, Any]) -> Iterator[Case]:
    s = w.state
    for x in s.all(Warning):
        about = f"warning {x.state} by {x.issuer} over {x.area}"
        yield Case("warning.update", {"id": x.id, "headline": "Typhoon nearer"},
                   guards.warning_cancel(p, x), about)
        yield Case("warning.cancel", {"id": x.id}, guards.warning_cancel(p, x), about)
        yield Case("warning.cap", {"id": x.id}, guards.warning_cap(p, x), about)
    for r in s.all(Response):
        rank = LEVEL_RANK[r.level]
        for step in ("raise", "lower", "end"):
            args: dict[str, Any] = {"id": r.id}
            if step != "end":
                levels = sorted((lv for lv in LEVEL_RANK if (LEVEL_RANK[lv] < rank) ==
                                 (step == "raise") and LEVEL_RANK[lv] != rank),
                                key=lambda lv: abs(LEVEL_RANK[lv] - rank))
                args["level"] = levels[0] if levels else r.level.value
            yield Case(f"response.{step}", args, guards.response_change(p, r, step),
                       f"response {r.status} level {r.level}")
    for plan in s.all(Plan):
        yield Case("plan.activate", {"id": plan.id, "level": "IV"}, guards.plan_activate(p, plan),
                   f"plan of {plan.jurisdiction}")
    for t in s.all(PlanTask):
        yield Case("plan_task.done", {"id": t.id}, guards.task_done(p, t), f"task {t.status}")
    for sh in out["shelters"]:
        sh = s.get(Shelter, sh.id)
        about = f"shelter open={sh.open} occupancy={sh.occupancy}"
        yield Case("shelter.open", {"id": sh.id}, guards.shelter(p, sh, "open"), about)
        yield Case("shelter.close", {"id": sh.id}, guards.shelter(p, sh, "close"), about)
        yield Case("shelter.occupancy", {"id": sh.id, "occupancy": 10},
                   guards.shelter(p, sh, "occupancy"), about)
    for depot in s.all(Depot):
        stock = s.get(StockItem, f"{depot.id}:1010101")
        if stock is None:
            continue
        why = guards.stock_change(p, depot, depot.jurisdiction)
        yield Case("stock.restock", {"depot_id": depot.id, "item_code": "1010101",
                                     "quantity": 1}, why, f"depot of {depot.jurisdiction}")
        yield Case("stock.adjust", {"depot_id": depot.id, "item_code": "1010101",
                                    "quantity": stock.quantity, "reason": "count"}, why,
                   f"depot of {depot.jurisdiction}")


def server_says(w: World, actor: Actor, op: str, args: dict[str, Any]) -> str | None:
    """The handler's answer on the picture, nothing applied: None (done), a refusal, or
    OUTSIDE (a refusal of the arguments, not a guard's business)."""
    tx = Tx(w.state, actor, NOW)
    try:
        HANDLERS[op](tx, decode_args(op, args))
    except ProtocolError:
        return OUTSIDE
    except CommandError as err:
        if err.code in (ErrorCode.BAD_REQUEST, ErrorCode.NOT_FOUND) \
                and getattr(err, "reason", None) is None:
            return OUTSIDE
        return f"{err.code.value}: {err.message}"
    return None if tx.changes or op in QUERIES else "nothing to do"


def principals(w: World, ids: DemoIds) -> list[tuple[Principal, Actor]]:
    """Every demo user but the field terminals of teams outside the picture."""
    busy = {t.id for t in w.state.all(Team) if t.assignment_id or t.status != "available"}
    out = []
    for u in demo_users(ids):
        if u.role == "field" and not busy & set(u.units):
            continue
        role = Role(u.role)
        out.append((Principal(id=u.name, role=role, jurisdiction=u.jurisdiction,
                              units=list(u.units)),
                    Actor(u.name, role, u.jurisdiction, u.units)))
    return out


def compare(build_cases: Callable[[World, Principal, dict[str, Any]], Iterator[Case]]
            ) -> tuple[list[str], int, int]:
    w, ids, out = build()
    disagreements: list[str] = []
    compared = outside = 0
    for p, actor in principals(w, ids):
        for case in build_cases(w, p, out):
            server = server_says(w, actor, case.op, case.args)
            if server == OUTSIDE:
                outside += 1
                continue
            compared += 1
            if (case.console is None) != (server is None):
                disagreements.append(
                    f"{p.id} ({p.role}) {case.op} on {case.about}: console "
                    f"{'allows' if case.console is None else 'refuses: ' + case.console}; "
                    f"server {'allows' if server is None else 'refuses: ' + server}")
    return disagreements, compared, outside


def test_console_and_server_agree() -> None:
    disagreements, compared, outside = compare(cases)
    print(f"{compared} (principal, op, state) cases compared, {outside} outside")
    assert compared > 10_000
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:40])
