"""When the exercise in the picture began, for the scenario clock (T+hh:mm) beside the wall
clock: the earliest exercise incident reported, exercise response started or exercise warning
sent that the picture still holds. ``None`` when no exercise data is shown."""

from __future__ import annotations

from datetime import datetime

from protocol.entities import EPOCH, Incident, Response, Warning
from protocol.replica import Replica


def exercise_started(replica: Replica) -> datetime | None:
    moments = [i.reported_at for i in replica.all_typed(Incident) if i.exercise]
    moments += [r.started_at for r in replica.all_typed(Response)
                if r.exercise and r.status == "active"]
    moments += [w.sent for w in replica.all_typed(Warning)
                if w.msg_status == "Exercise" and w.sent > EPOCH]
    return min(moments, default=None)
