"""State machines as explicit transition tables, shared by server (validation) and console
(enabling actions). Each table maps a state code to the set of state codes it may move to."""

from __future__ import annotations

from collections.abc import Mapping

from .duty import DUTY_ENTRY

INCIDENT: Mapping[str, frozenset[str]] = {
    "received": frozenset({"verifying", "assessed", "responding", "merged", "false_alarm"}),
    "verifying": frozenset({"assessed", "responding", "merged", "false_alarm"}),
    "assessed": frozenset({"responding", "response_ended", "merged", "false_alarm"}),
    "responding": frozenset({"response_ended", "merged"}),
    "response_ended": frozenset({"recovery", "responding", "closed"}),
    "recovery": frozenset({"closed"}),
    "closed": frozenset(),
    "merged": frozenset(),
    "false_alarm": frozenset(),
}
INCIDENT_TERMINAL = frozenset({"closed", "merged", "false_alarm"})

# Team status (DOMAIN.md "Rescue forces"): any state may go to out_of_service, handled in
# team_can_move. dispatched..working happen only through an assignment.
TEAM: Mapping[str, frozenset[str]] = {
    "available": frozenset({"alerted", "staged", "dispatched"}),
    "alerted": frozenset({"available", "staged", "dispatched"}),
    "staged": frozenset({"available", "alerted", "dispatched", "returning"}),
    "dispatched": frozenset({"en_route", "recalled"}),
    "en_route": frozenset({"on_scene", "recalled"}),
    "on_scene": frozenset({"working", "released", "en_route"}),
    "working": frozenset({"released"}),
    "released": frozenset({"returning", "en_route", "available"}),
    "recalled": frozenset({"returning"}),
    "returning": frozenset({"available"}),
    "out_of_service": frozenset({"available"}),
}
TEAM_DISPATCHABLE = frozenset({"available", "alerted", "staged"})
TEAM_ON_ASSIGNMENT = frozenset({"dispatched", "en_route", "on_scene", "working"})


def team_can_move(src: str, dst: str) -> bool:
    if dst == "out_of_service":
        return src != "out_of_service"
    return dst in TEAM.get(src, frozenset())


# The assignment mirrors the team while open. When the team leaves the assignment (released and
# then returning/available, or recalled), the assignment ends.
ASSIGNMENT: Mapping[str, frozenset[str]] = {
    "dispatched": frozenset({"en_route", "recalled", "ended"}),
    "en_route": frozenset({"on_scene", "recalled", "ended"}),
    "on_scene": frozenset({"working", "released", "en_route", "ended"}),
    "working": frozenset({"released", "ended"}),
    "released": frozenset({"en_route", "ended"}),
    "recalled": frozenset({"ended"}),
    "ended": frozenset(),
}

ASSIGNMENT_OF_TEAM_STATUS: Mapping[str, str] = {
    "dispatched": "dispatched",
    "en_route": "en_route",
    "on_scene": "on_scene",
    "working": "working",
    "released": "released",
    "recalled": "recalled",
    "returning": "ended",
    "available": "ended",
    "out_of_service": "ended",
}
"""The assignment status that goes with a team status (team moving while assigned)."""

SUPPORT_REQUEST: Mapping[str, frozenset[str]] = {
    "requested": frozenset({"accepted", "rejected", "cancelled"}),
    "accepted": frozenset({"fulfilled", "cancelled"}),
    "rejected": frozenset(),
    "fulfilled": frozenset(),
    "cancelled": frozenset(),
}

MATERIAL_REQUEST: Mapping[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "cancelled"}),
    "submitted": frozenset({"approved", "rejected", "cancelled"}),
    "approved": frozenset({"order_issued", "cancelled"}),
    "order_issued": frozenset({"in_transit", "cancelled"}),
    "in_transit": frozenset({"received", "partial", "returned"}),
    "partial": frozenset({"received", "closed", "returned"}),
    "received": frozenset({"closed"}),
    "returned": frozenset({"closed"}),
    "rejected": frozenset(),
    "cancelled": frozenset(),
    "closed": frozenset(),
}

MACHINES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "incident": INCIDENT,
    "duty_entry": DUTY_ENTRY,
    "team": TEAM,
    "assignment": ASSIGNMENT,
    "support_request": SUPPORT_REQUEST,
    "material_request": MATERIAL_REQUEST,
}


def can_move(machine: str, src: str, dst: str) -> bool:
    if machine == "team":
        return team_can_move(src, dst)
    return dst in MACHINES[machine].get(src, frozenset())

