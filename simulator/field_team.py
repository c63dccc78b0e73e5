"""A team's field terminal as a sans-I/O state machine: what a real crew would report next.

The server's team and assignment entities are the truth; the terminal observes them and, when a
dwell time has passed or a journey has ended, proposes the next status report, exactly one at a
time (the next waits for the server's answer). The crew acknowledges a new assignment (units
represented by a liaison wait for the liaison's acknowledgment instead), turns out, drives or
flies to the incident, arrives, works, is released, returns and reports available again
(orders addressed to the team are acknowledged first)::

    dispatched -> en_route -> on_scene -> working -> released -> returning -> available
    (recalled -> returning when the commander turns it back)

Times are simulated seconds since the scenario start; no clock is read here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from protocol.entities import Assignment, Order, Team

from .movement import Fix, Leg, LonLat

# Dwell times in simulated seconds. [G] plausible values; data, not logic.
TURNOUT_S: dict[str, float] = {"aviation": 1200.0, "pla": 2400.0, "pap": 1800.0,
                               "national_mobile": 900.0, "social": 1200.0}
DEFAULT_TURNOUT_S = 300.0
SETTLE_S = 900.0  # on scene -> working: size-up, safety briefing
WORK_H: dict[str, float] = {"fire_rescue": 9.0, "flood": 12.0, "hazmat": 5.0, "usar_geo": 12.0,
                            "pla": 14.0, "pap": 12.0, "national_mobile": 12.0, "aviation": 3.0,
                            "social": 8.0, "township": 8.0, "militia": 10.0, "medical": 8.0,
                            "power": 6.0, "comms": 10.0, "forest_fire": 8.0, "mine": 8.0}
DEFAULT_WORK_H = 8.0
HANDOVER_S = 600.0  # released -> returning: handover to the incident commander
RETRY_S = 300.0  # after a refused report, try again this much later


@dataclass(frozen=True)
class Report:
    """A command the terminal wants to send: op and args exactly as on the wire."""

    op: str
    args: dict[str, Any]


Locate = Callable[[str], LonLat | None]
"""Incident id -> its position, or None while the terminal does not know it yet."""


class FieldTeam:
    def __init__(self, team: Team, *, acknowledges: bool = True, work_scale: float = 1.0) -> None:
        self.team = team
        self.assignment: Assignment | None = None
        self.acknowledges = acknowledges
        self.work_scale = work_scale
        self.since = 0.0  # when the current status was first seen
        self.leg: Leg | None = None
        self.here: LonLat = (team.base_lon, team.base_lat)
        self.target: LonLat | None = None  # the incident being worked on
        self.in_flight = False
        self.retry_at = 0.0
        self.reports_sent = 0
        self.unacknowledged: dict[str, str] = {}  # order id -> our addressee ("team:<id>")

    @property
    def base(self) -> LonLat:
        return (self.team.base_lon, self.team.base_lat)

    @property
    def status(self) -> str:
        return self.team.status.value

    @property
    def moving(self) -> bool:
        return self.leg is not None

    # -- observing the server's truth ----------------------------------------------------------
    def observe_team(self, team: Team, now: float, locate: Locate) -> None:
        old = self.status
        self.team = team
        if team.status.value == old:
            return
        current = self.fix(now)
        self.since = now
        new = team.status.value
        if new == "en_route":
            self.target = self._target(locate)
            if self.target is not None:
                self.leg = Leg.plan((current.lon, current.lat), self.target, team.type.value, now,
                                    salt=team.id + "out")
        elif new == "returning":
            self.leg = Leg.plan((current.lon, current.lat), self.base, team.type.value, now,
                                salt=team.id + "back")
        elif new in ("on_scene", "working", "released"):
            self.leg = None
            self.here = self.target or (current.lon, current.lat)
        elif new == "available":
            self.leg = None
            self.here = self.base
        else:
            self.leg = None
            self.here = (current.lon, current.lat)

    def observe_assignment(self, assignment: Assignment) -> None:
        if assignment.team_id == self.team.id:
            self.assignment = assignment

    def observe_order(self, order: Order) -> None:
        addressee = f"team:{self.team.id}"
        if (self.acknowledges and order.requires_ack and addressee in order.addressees
                and addressee not in order.acks):
            self.unacknowledged[order.id] = addressee
        else:
            self.unacknowledged.pop(order.id, None)

    def _target(self, locate: Locate) -> LonLat | None:
        if self.assignment is None or self.assignment.id != self.team.assignment_id:
            return None
        return locate(self.assignment.incident_id)

    # -- where it is ---------------------------------------------------------------------------
    def fix(self, now: float) -> Fix:
        if self.leg is not None:
            return self.leg.fix_at(now)
        return Fix(self.here[0], self.here[1], 0.0, None)

    # -- what to report next -------------------------------------------------------------------
    def next_report(self, now: float, locate: Locate) -> Report | None:
        """The report due at ``now``, or None. Call :meth:`answered` when the server answers."""
        if self.in_flight or now < self.retry_at:
            return None
        report = self._due(now, locate)
        if report is not None:
            self.in_flight = True
            self.reports_sent += 1
        return report

    def answered(self, now: float, ok: bool) -> None:
        """The server acknowledged (ok) or refused the last report."""
        self.in_flight = False
        if not ok:
            self.retry_at = now + RETRY_S

    def _open_assignment(self) -> Assignment | None:
        a = self.assignment
        if a is None or a.id != self.team.assignment_id or a.status.value == "ended":
            return None
        return a

    def _move(self, status: str) -> Report:
        a = self._open_assignment()
        if a is None:
            return Report("team.status", {"id": self.team.id, "status": status})
        return Report("assignment.status", {"id": a.id, "status": status})

    def _due(self, now: float, locate: Locate) -> Report | None:
        if self.unacknowledged:
            order_id, addressee = next(iter(self.unacknowledged.items()))
            return Report("order.acknowledge", {"id": order_id, "addressee": addressee,
                                                "note": "received"})
        status = self.status
        waited = now - self.since
        kind = self.team.type.value
        if status == "dispatched":
            a = self._open_assignment()
            if a is None:
                return None
            if a.acknowledged_at is None:
                return Report("assignment.acknowledge", {"id": a.id}) if self.acknowledges else None
            if waited >= TURNOUT_S.get(kind, DEFAULT_TURNOUT_S) and locate(a.incident_id):
                return self._move("en_route")
            return None
        if status == "en_route":
            if self.leg is None:  # the incident's position was unknown when we set off
                self.target = self._target(locate)
                if self.target is None:
                    return None
                self.leg = Leg.plan(self.here, self.target, kind, now, salt=self.team.id + "out")
            return self._move("on_scene") if self.leg.arrived(now) else None
        if status == "on_scene":
            return self._move("working") if waited >= SETTLE_S else None
        if status == "working":
            work_s = WORK_H.get(kind, DEFAULT_WORK_H) * 3600.0 * self.work_scale
            return self._move("released") if waited >= work_s else None
        if status == "released":
            return self._move("returning") if waited >= HANDOVER_S else None
        if status == "recalled":
            return self._move("returning")
        if status == "returning":
            return self._move("available") if self.leg is None or self.leg.arrived(now) else None
        return None


class PositionPacer:
    """When a terminal sends its position: every ``moving_every_s`` of simulated time while it
    moves, but never more often than ``min_real_s`` of real time; when it stands still, a
    heartbeat every ``idle_real_s`` of real time, and once right after it stops."""

    def __init__(self, *, moving_every_s: float = 5.0, min_real_s: float = 1.0,
                 idle_real_s: float = 30.0) -> None:
        self.moving_every_s = moving_every_s
        self.min_real_s = min_real_s
        self.idle_real_s = idle_real_s
        self._last_sim: float | None = None
        self._last_real: float | None = None
        self._was_moving = False

    def due(self, sim_now: float, real_now: float, moving: bool) -> bool:
        if self._last_sim is None or self._last_real is None:
            return True
        real_gap = real_now - self._last_real
        if moving:
            return sim_now - self._last_sim >= self.moving_every_s and real_gap >= self.min_real_s
        if self._was_moving:
            return real_gap >= self.min_real_s
        return real_gap >= self.idle_real_s

    def sent(self, sim_now: float, real_now: float, moving: bool) -> None:
        self._last_sim = sim_now
        self._last_real = real_now
        self._was_moving = moving
