"""When the exercise in the picture began, for the scenario clock (T+hh:mm) beside the wall
clock: the earliest exercise incident reported, exercise response started or exercise warning
sent that the picture still holds. ``None`` when no exercise data is shown."""

from __future__ import annotations

from datetime import datetime

from protocol.entities import EPOCH, DisasterProcess, Incident, Response, Warning
from protocol.replica import Replica


def exercise_started(replica: Replica) -> datetime | None:
    moments = [i.reported_at for i in replica.all_typed(Incident) if i.exercise]
    moments += [r.started_at for r in replica.all_typed(Response)
                if r.exercise and r.status == "active"]
    moments += [w.sent for w in replica.all_typed(Warning)
                if w.msg_status == "Exercise" and w.sent > EPOCH]
    return min(moments, default=None)


def exercise_scale(replica: Replica) -> float:
    """How many times faster than real time the exercise runs: the time scale of an open
    exercise disaster process played compressed (the simulator's), else 1."""
    scales = [p.time_scale for p in replica.all_typed(DisasterProcess)
              if p.exercise and not p.closed and p.time_scale > 0]
    return max(scales, default=1.0)


def scenario_elapsed(replica: Replica, started: datetime, now: datetime) -> datetime:
    """The moment ``now`` shows on the scenario clock counted from ``started``: real time
    elapsed, times the exercise's scale."""
    return started + (now - started) * exercise_scale(replica)
