"""Who may do what, on the server: the rulebook's verdicts (``protocol/rules.py``) raised as
command errors.

The rules themselves live in protocol, shared with the console. Here a :class:`Refusal`
becomes a :class:`CommandError` with its wire code and an English sentence made from the
reason code and its parameters: the one place that words refusals for the server.
"""

from __future__ import annotations

from collections.abc import Callable

from protocol.adcodes import is_within
from protocol.entities import Team
from protocol.rules import (
    OPERATOR_ROLES,
    UNIT_ROLES,
    Refusal,
    operator,
    represents,
    team_control,
    within,
)

from .api import Actor, CommandError

__all__ = ["OPERATOR_ROLES", "UNIT_ROLES", "covers", "refuse", "represents", "require",
           "require_operator", "require_team_control", "require_within", "sentence"]


def _article(role: str) -> str:
    return "an" if role[:1] in ("a", "e", "i", "o", "u") else "a"


def _what(p: dict[str, object]) -> str:
    kind = str(p["kind"]).replace("_", " ")
    return f"{kind} {p['name']}" if p.get("name") else f"the {kind}"


SENTENCES: dict[str, Callable[[dict[str, object]], str]] = {
    "not_signed_in": lambda p: "not signed in",
    "not_operator": lambda p: f"{_article(str(p['role']))} {p['role']} user may not do this: "
                              "it is for the duty officers of province, city and county",
    "outside_jurisdiction": lambda p: f"{_what(p)} belongs to {p['code']}, outside {p['mine']}",
    "not_your_unit": lambda p: f"team {p['team']} is not one of your units",
    "team_not_commanded": lambda p: f"team {p['team']} belongs to {p['code']}: "
                                    f"{p['mine']} may not command it",
    "cross_region": lambda p: f"sending a team of {p['team_code']} to {p['incident_code']} "
                              f"is decided by {p['parent']}",
    "assignment_not_yours": lambda p: f"assignment {p['assignment']} was ordered by "
                                      f"{p['code']}; {p['mine']} may not change it",
    "not_below": lambda p: f"{p['mine']} may only instruct jurisdictions below it, "
                           f"not {p['code']}",
    "not_addressed": lambda p: f"order {p['order']} is not addressed to {p['mine']}",
    "may_not_answer_for": lambda p: f"you may not acknowledge for {p['addressee']}",
    "warning_elsewhere": lambda p: "the warning is outside your jurisdiction",
    "import_level": lambda p: "only the province's and the cities' duty officers import CAP "
                              f"messages (you are {p['role']})",
    "imported_warning": lambda p: f"warning {p['warning']} was imported from {p['sender']}: it "
                                  "changes only by that sender's CAP Update or Cancel",
    "final_state": lambda p: f"{p['machine']} is {p['state']}: a final state",
    "illegal_move": lambda p: f"{p['machine']} cannot go from {p['src']} to {p['dst']} "
                              f"(allowed: {', '.join(str(p['allowed']).split(','))})",
    "incident_in_recovery": lambda p: f"incident {p['incident']} is in recovery: "
                                      "no more dispatches",
    "crews_on_incident": lambda p: f"{p['count']} team(s) still hold assignments on "
                                   f"{p['incident']}: recall or release them first",
    "team_not_dispatchable": lambda p: f"team {p['team']} is {p['status']}, "
                                       "not available for dispatch",
    "needs_assignment": lambda p: f"team {p['team']} has no assignment: "
                                  f"{p['status']} needs a dispatch",
    "dispatch_through_assignment": lambda p: "a team is dispatched with assignment.dispatch",
    "no_open_assignment": lambda p: f"assignment {p['assignment']} has ended"
                                    if p.get("assignment") else "the team has no open assignment",
    "already_acknowledged": lambda p: f"{_what(p)} is already acknowledged",
    "response_ended": lambda p: f"response {p['response']} has ended",
    "level_limit": lambda p: (f"a level {p['level']} response cannot be "
                              f"{'raised' if p['step'] == 'raise' else 'lowered'}"
                              + (f" to level {p['to']}" if p.get("to") else " further")),
    "warning_inactive": lambda p: f"warning {p['warning']} is {p['state']}",
    "task_done": lambda p: f"task {p['task']} is already done",
    "shelter_open": lambda p: f"shelter {p['shelter']} is already open",
    "shelter_closed": lambda p: f"shelter {p['shelter']} is closed",
    "shelter_occupied": lambda p: f"shelter {p['shelter']} still houses {p['count']} people",
    "no_upper_level": lambda p: "the province has no upper level to request support from",
    "process_closed": lambda p: f"disaster process {p['process']} is closed",
    "process_response_ended": lambda p: f"the response to {p['process']} has already ended",
    "report_returned": lambda p: f"report {p['report']} is already returned: "
                                 "the county sends a new revision",
    "process_level": lambda p: f"{p['code']} is a county: a disaster process is opened by a "
                               "city or the province",
    "not_above": lambda p: f"only a level above {p['code']} may return its report; "
                           f"{p['mine']} may not",
    "info_initial_sent": lambda p: f"incident {p['incident']} already has its initial "
                                   f"{p['channel']} report: send a follow-up",
    "info_no_initial": lambda p: f"incident {p['incident']} has no initial report yet",
    "info_final_sent": lambda p: f"incident {p['incident']} has its final report: "
                                 "no more reports",
}


def sentence(refusal: Refusal) -> str:
    """The refusal in English, for the error's message."""
    return SENTENCES[refusal.code](dict(refusal.params))


def refuse(refusal: Refusal) -> CommandError:
    return CommandError(refusal.error, sentence(refusal), reason=refusal)


def require(refusal: Refusal | None) -> None:
    """Raise the rulebook's refusal, if any."""
    if refusal is not None:
        raise refuse(refusal)


def covers(actor: Actor, adcode: str) -> bool:
    """True when ``adcode`` lies within the actor's jurisdiction (whatever its role)."""
    return is_within(adcode, actor.jurisdiction)


def require_operator(actor: Actor) -> None:
    require(operator(actor))


def require_within(actor: Actor, adcode: str, kind: str, name: str = "") -> None:
    """An operator acting on data of ``adcode``: it must be its own or a descendant's."""
    require(within(actor, adcode, kind, name))


def require_team_control(actor: Actor, team: Team) -> None:
    require(team_control(actor, team))
