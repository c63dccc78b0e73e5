"""The field terminal's state machine, driven against the real domain handlers (no sockets)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from protocol.commands import decode_args
from protocol.entities import Assignment, Incident, Order, Team
from protocol.enums import Role
from protocol.geo import haversine_m
from server.domain import HANDLERS
from server.domain.api import SYSTEM, Actor, CommandError, Tx
from server.state import State
from simulator.field_team import SETTLE_S, WORK_H, FieldTeam, PositionPacer
from simulator.movement import LonLat

T0 = datetime(2026, 9, 10, 0, 0, tzinfo=UTC)
RUIAN_BASE = (120.66, 27.78)
INCIDENT_POS = (120.70, 27.86)
RUIAN = Actor("ruian", Role.COUNTY, "330381")


class World:
    """State plus the handlers, applied the way the coordinator applies a command."""

    def __init__(self) -> None:
        self.state = State()
        self.now_s = 0.0

    def run(self, actor: Actor, op: str, args: dict[str, Any]) -> Any:
        tx = Tx(self.state, actor, T0 + timedelta(seconds=self.now_s))
        result = HANDLERS[op](tx, decode_args(op, args))
        for change in tx.changes:
            self.state.apply(change.entity)
        return result

    def team(self, id: str) -> Team:
        team = self.state.get(Team, id)
        assert team is not None
        return team

    def locate(self, incident_id: str) -> LonLat | None:
        inc = self.state.get(Incident, incident_id)
        return None if inc is None else (inc.lon, inc.lat)


def setup(acknowledges: bool = True, team_type: str = "fire_rescue") -> tuple[World, FieldTeam,
                                                                                Actor, str]:
    w = World()
    team_id = w.run(SYSTEM, "team.create", {
        "name": "Ruian Anyang station", "type": team_type, "jurisdiction": "330381",
        "base_lon": RUIAN_BASE[0], "base_lat": RUIAN_BASE[1], "headcount": 28})["id"]
    incident_id = w.run(RUIAN, "incident.create", {
        "type_code": "11A02", "title": "Waterlogging", "lon": INCIDENT_POS[0],
        "lat": INCIDENT_POS[1], "jurisdiction": "330381", "exercise": True})["id"]
    assignment_id = w.run(RUIAN, "assignment.dispatch", {"team_id": team_id,
                                                         "incident_id": incident_id})["id"]
    field = Actor(f"field-{team_id}", Role.FIELD, "330381", units=(team_id,))
    terminal = FieldTeam(w.team(team_id), acknowledges=acknowledges)
    terminal.observe_team(w.team(team_id), 0.0, w.locate)
    assignment = w.state.get(Assignment, assignment_id)
    assert assignment is not None
    terminal.observe_assignment(assignment)
    return w, terminal, field, assignment_id


def play(w: World, terminal: FieldTeam, field: Actor, until_s: float,
         step_s: float = 60.0) -> list[tuple[float, str]]:
    """Advance simulated time; send each report through the handlers; feed back the truth."""
    visited: list[tuple[float, str]] = []
    while w.now_s < until_s:
        w.now_s += step_s
        report = terminal.next_report(w.now_s, w.locate)
        if report is None:
            continue
        try:
            w.run(field, report.op, report.args)
            ok = True
        except CommandError:
            ok = False
        terminal.answered(w.now_s, ok)
        team = w.team(terminal.team.id)
        if team.assignment_id is not None:
            assignment = w.state.get(Assignment, team.assignment_id)
            assert assignment is not None
            terminal.observe_assignment(assignment)
        if team.status != terminal.team.status:
            visited.append((w.now_s, team.status.value))
        terminal.observe_team(team, w.now_s, w.locate)
    return visited


def test_a_crew_goes_out_works_and_comes_back() -> None:
    w, terminal, field, assignment_id = setup()
    visited = play(w, terminal, field, until_s=12 * 3600)
    statuses = [s for _, s in visited]
    assert statuses == ["en_route", "on_scene", "working", "released", "returning", "available"]
    assignment = w.state.get(Assignment, assignment_id)
    assert assignment is not None and assignment.acknowledged_by == field.user
    assert assignment.status.value == "ended"
    at = dict((s, t) for t, s in visited)
    assert at["working"] - at["on_scene"] >= SETTLE_S
    assert at["released"] - at["working"] >= WORK_H["fire_rescue"] * 3600
    # travel time fits the distance at fire-engine speed (with the road factor)
    km = haversine_m(*RUIAN_BASE, *INCIDENT_POS) / 1000
    assert 0.8 * km / 50 * 3600 < at["on_scene"] - at["en_route"] < 1.6 * km / 50 * 3600 + 120
    end = terminal.fix(w.now_s)
    assert (end.lon, end.lat) == RUIAN_BASE and not terminal.moving


def test_position_is_between_base_and_incident_while_en_route() -> None:
    w, terminal, field, _ = setup()
    play(w, terminal, field, until_s=10 * 60, step_s=30)
    assert terminal.status == "en_route" and terminal.moving
    fix = terminal.fix(w.now_s + 60)
    span = haversine_m(*RUIAN_BASE, *INCIDENT_POS)
    assert haversine_m(fix.lon, fix.lat, *INCIDENT_POS) < span
    assert fix.speed_kmh > 0


def test_a_liaison_unit_waits_for_the_liaison_to_acknowledge() -> None:
    w, terminal, field, assignment_id = setup(acknowledges=False, team_type="pla")
    assert play(w, terminal, field, until_s=3 * 3600) == []
    assert terminal.status == "dispatched" and terminal.reports_sent == 0
    liaison = Actor("liaison-pla", Role.LIAISON, "330000", units=(terminal.team.id,))
    w.run(liaison, "assignment.acknowledge", {"id": assignment_id})
    acked = w.state.get(Assignment, assignment_id)
    assert acked is not None
    terminal.observe_assignment(acked)
    visited = play(w, terminal, field, until_s=w.now_s + 3 * 3600)
    assert visited and visited[0][1] == "en_route"


def test_a_recalled_team_turns_back_home() -> None:
    w, terminal, field, assignment_id = setup()
    play(w, terminal, field, until_s=8 * 60, step_s=30)
    assert terminal.status == "en_route"
    w.run(RUIAN, "assignment.recall", {"id": assignment_id, "note": "stand down"})
    terminal.observe_team(w.team(terminal.team.id), w.now_s, w.locate)
    visited = play(w, terminal, field, until_s=w.now_s + 2 * 3600)
    assert [s for _, s in visited] == ["returning", "available"]


def test_a_refused_report_is_retried_later_not_hammered() -> None:
    w, terminal, field, _ = setup()
    stranger = Actor("field-other", Role.FIELD, "330381", units=("someone-else",))
    sent = 0
    for _ in range(20):
        w.now_s += 10
        report = terminal.next_report(w.now_s, w.locate)
        if report is None:
            continue
        sent += 1
        try:
            w.run(stranger, report.op, report.args)
            ok = True
        except CommandError:
            ok = False
        terminal.answered(w.now_s, ok)
    assert sent == 1


def test_position_pacer_bounds_the_rate() -> None:
    pacer = PositionPacer(moving_every_s=5.0, min_real_s=1.0, idle_real_s=30.0)
    sent = 0
    real = 0.0
    for tick in range(1000):  # 100 s of real time at 432x: 10 ms ticks
        real = tick * 0.1
        sim = real * 432
        if pacer.due(sim, real, moving=True):
            pacer.sent(sim, real, moving=True)
            sent += 1
    assert 95 <= sent <= 101  # once a real second at most
    idle = 0
    for tick in range(1000):
        r = real + 0.1 * (tick + 1)
        if pacer.due(r * 432, r, moving=False):
            pacer.sent(r * 432, r, moving=False)
            idle += 1
    assert 4 <= idle <= 5  # one right after stopping, then every 30 s


def test_an_order_to_the_team_is_acknowledged_before_anything_else() -> None:
    w, terminal, field, _ = setup()
    prov = Actor("prov", Role.PROVINCE, "330000")
    order_id = w.run(prov, "order.issue", {"text": "Report your strength",
                                           "addressees": [f"team:{terminal.team.id}", "330381"],
                                           "exercise": True})["id"]
    order = w.state.get(Order, order_id)
    assert order is not None
    terminal.observe_order(order)
    report = terminal.next_report(60.0, w.locate)
    assert report is not None and report.op == "order.acknowledge"
    w.run(field, report.op, report.args)
    terminal.answered(60.0, True)
    acked = w.state.get(Order, order_id)
    assert acked is not None and set(acked.acks) == {f"team:{terminal.team.id}"}
    terminal.observe_order(acked)
    assert terminal.unacknowledged == {}
    nxt = terminal.next_report(120.0, w.locate)
    assert nxt is not None and nxt.op == "assignment.acknowledge"
