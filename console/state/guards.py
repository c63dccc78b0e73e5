"""Why an action is not allowed right now, in the interface language.

The rules are the protocol's rulebook (``protocol/rules.py``), the same the server raises
from; this module only checks that something is selected and words each reason code through
:func:`console.state.i18n.translate`. Each guard returns None when the action may be tried,
else a sentence for the disabled action's tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from protocol import rules
from protocol.duty import DutyState
from protocol.entities import (
    Assignment,
    Depot,
    Incident,
    LossReport,
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
from protocol.enums import (
    AssignmentStatus,
    IncidentStatus,
    MaterialRequestStatus,
    SupportRequestStatus,
    TeamStatus,
)
from protocol.labels import LabeledEnum
from protocol.machines import INCIDENT
from protocol.replica import Replica
from protocol.rules import Refusal

from . import text
from .i18n import translate

Why = str | None


def _stats(s: str) -> str:
    """The statistics feature's refusals: their own translation context."""
    return translate("Statistics", s)


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


_STATES: dict[str, type[LabeledEnum]] = {
    "incident": IncidentStatus,
    "team": TeamStatus,
    "assignment": AssignmentStatus,
    "support_request": SupportRequestStatus,
    "material_request": MaterialRequestStatus,
    "duty_entry": DutyState,
}


def _subject(kind: str) -> str:
    """The entity a refusal is about, as the subject of a sentence."""
    return {
        "incident": tr("The incident"),
        "team": tr("The team"),
        "assignment": tr("The assignment"),
        "support_request": tr("The support request"),
        "material_request": tr("The material request"),
        "warning": tr("The warning"),
        "response": tr("The response"),
        "plan": tr("The plan"),
        "plan_task": tr("The task"),
        "shelter": tr("The shelter"),
        "depot": tr("The depot"),
        "duty_entry": translate("Duty", "The duty-log entry"),
    }.get(kind, kind)


def _state(machine: str, code: str) -> str:
    return _STATES[machine](code).label(text.language())


def _outside(p: Mapping[str, rules.Param]) -> str:
    kind = str(p["kind"])
    what = {"support_request": tr("The decision"), "material_request": tr("This step")}.get(
        kind) or _subject(kind)
    return tr("{what} belongs to {code}, outside your jurisdiction {mine}.").format(
        what=what, code=p["code"], mine=p["mine"])


def _illegal(p: Mapping[str, rules.Param]) -> str:
    machine = str(p["machine"])
    sep = "、" if text.language() == "zh" else ", "
    allowed = sep.join(_state(machine, a) for a in str(p["allowed"]).split(","))
    return tr("{what} cannot go from {src} to {dst} (allowed: {allowed}).").format(
        what=_subject(machine), src=_state(machine, str(p["src"])),
        dst=_state(machine, str(p["dst"])), allowed=allowed)


def _already(p: Mapping[str, rules.Param]) -> str:
    if p["kind"] == "order":
        return tr("You have already acknowledged this order.")
    return tr("The assignment is already acknowledged.")


def _level_limit(p: Mapping[str, rules.Param]) -> str:
    if p["step"] == "raise":
        return tr("Level I is the highest response.")
    return tr("Level IV is the lowest response; end it instead.")


WORDS: dict[str, Callable[[Mapping[str, rules.Param]], str]] = {
    "not_signed_in": lambda p: tr("Not signed in yet."),
    "not_operator": lambda p: tr("Only province, city and county duty officers may do this."),
    "outside_jurisdiction": _outside,
    "not_your_unit": lambda p: tr("This team is not one of your units."),
    "team_not_commanded": lambda p: tr(
        "The team belongs to {code}: {mine} may not command it.").format(
        code=p["code"], mine=p["mine"]),
    "cross_region": lambda p: tr(
        "Sending a team of {team} to {incident} is decided by {parent}.").format(
        team=p["team_code"], incident=p["incident_code"], parent=p["parent"]),
    "assignment_not_yours": lambda p: _outside(
        {"kind": "team", "code": p["team_code"], "mine": p["mine"]}),
    "not_below": lambda p: tr("Orders go only to jurisdictions below {mine}.").format(
        mine=p["mine"]),
    "not_addressed": lambda p: tr("This order is not addressed to you."),
    "may_not_answer_for": lambda p: tr("This order is not addressed to you."),
    "warning_elsewhere": lambda p: tr("The warning is outside your jurisdiction."),
    "import_level": lambda p: translate(
        "CapExchange", "Only the province's and the cities' duty officers import CAP messages."),
    "imported_warning": lambda p: translate(
        "CapExchange", "The warning was imported from {sender}: it changes only by that "
        "sender's CAP Update or Cancel.").format(sender=p["sender"]),
    "final_state": lambda p: tr("{what} is {state}: a final state.").format(
        what=_subject(str(p["machine"])), state=_state(str(p["machine"]), str(p["state"]))),
    "illegal_move": _illegal,
    "incident_in_recovery": lambda p: tr("The incident is in recovery: no more dispatches."),
    "crews_on_incident": lambda p: tr(
        "{n} team(s) still hold assignments here: recall or release them first.").format(
        n=p["count"]),
    "team_not_dispatchable": lambda p: tr("The team is not available for dispatch."),
    "needs_assignment": lambda p: tr("The team has no open assignment."),
    "dispatch_through_assignment": lambda p: tr("A team is dispatched to an incident."),
    "no_open_assignment": lambda p: tr("The team has no open assignment."),
    "already_acknowledged": _already,
    "response_ended": lambda p: tr("The response has ended."),
    "level_limit": _level_limit,
    "warning_inactive": lambda p: tr("The warning is no longer active."),
    "task_done": lambda p: tr("The task is already done."),
    "shelter_open": lambda p: tr("The shelter is already open."),
    "shelter_closed": lambda p: tr("The shelter is closed."),
    "shelter_occupied": lambda p: tr("The shelter still houses {n} people.").format(
        n=p["count"]),
    "no_upper_level": lambda p: tr(
        "The province has no upper level to request support from."),
    "process_closed": lambda p: _stats("The disaster process is closed."),
    "process_response_ended": lambda p: _stats("The response to this process has already ended."),
    "report_returned": lambda p: _stats("The report is already returned."),
    "process_level": lambda p: _stats(
        "A disaster process is opened by a city or the province."),
    "not_above": lambda p: _stats("Only a level above the reporting county may return a report."),
    "info_initial_sent": lambda p: translate(
        "Duty", "This incident already has its initial report on this channel: send a "
        "follow-up."),
    "info_no_initial": lambda p: translate("Duty", "Send the initial report first."),
    "info_final_sent": lambda p: translate(
        "Duty", "The final report is in: no more reports on this incident."),
}


def word(refusal: Refusal | None) -> Why:
    """The rulebook's refusal as a sentence in the interface language (None stays None)."""
    if refusal is None:
        return None
    return WORDS[refusal.code](refusal.params)


def why_not(machine: str, src: str, dst: str) -> Why:
    """:func:`protocol.rules.move` in the interface language, with the states' labels."""
    return word(rules.move(machine, src, dst))


def selected(entity: object, cls: type, what: str) -> Why:
    if not isinstance(entity, cls):
        return tr("Select {what} first.").format(what=what)
    return None


def live_picture(replaying: bool) -> Why:
    """Every command acts on the live picture: none while a replay shows the past."""
    if not replaying:
        return None
    return translate("Replay", "Replay shows the past: leave replay to act.")


def signed_in(p: Principal | None) -> Why:
    return None if p is not None else word(Refusal("not_signed_in"))


def operator(p: Principal | None) -> Why:
    return word(rules.operator(p))


def covers(p: Principal | None, adcode: str, what: str) -> Why:
    """An operator over ``adcode``; ``what`` is the sentence's subject."""
    why = rules.within(p, adcode, "")
    if why is not None and why.code == "outside_jurisdiction":
        return tr("{what} belongs to {code}, outside your jurisdiction {mine}.").format(
            what=what, code=adcode, mine=why.params["mine"])
    return word(why)


def incident_open(p: Principal | None, inc: object) -> Why:
    if not isinstance(inc, Incident):
        return selected(inc, Incident, tr("an incident"))
    return word(rules.incident_open(p, inc))


def incident_status(p: Principal | None, inc: object) -> Why:
    why = incident_open(p, inc)
    if why or not isinstance(inc, Incident):
        return why
    if not INCIDENT.get(inc.status):
        return why_not("incident", inc.status, "closed")
    return None


# The lifecycle in order (the IncidentStatus enum lists it so), then the ways out of it.
_LIFECYCLE = [s.value for s in IncidentStatus]
_OFF_RAMPS = frozenset({IncidentStatus.MERGED.value, IncidentStatus.FALSE_ALARM.value})


def incident_status_choices(p: Principal | None, inc: Incident, crews: int = 0) -> list[str]:
    """The statuses the status dialog offers, in lifecycle order: the rulebook's moves from
    here, merging aside (it has its own action, which asks the incident merged into)."""
    allowed = INCIDENT.get(inc.status, frozenset())
    return [dst for dst in _LIFECYCLE
            if dst in allowed and dst != IncidentStatus.MERGED.value
            and rules.incident_move(p, inc, dst, crews) is None]


def next_incident_status(current: str, choices: list[str]) -> str | None:
    """The natural next step among ``choices``: the first one further along the lifecycle
    than ``current``. Never a way out (false alarm, merged) and never a step back; None when
    no choice goes forward, so the person picks one."""
    rank = _LIFECYCLE.index(current) if current in _LIFECYCLE else -1
    return next((c for c in choices
                 if c not in _OFF_RAMPS and _LIFECYCLE.index(c) > rank), None)


def team_status_choices(team: Team) -> list[str]:
    """The statuses the team status dialog offers (dispatching has its own action)."""
    allowed = [s.value for s in TeamStatus if rules.team_move(team, s.value) is None]
    return sorted(allowed, key=lambda s: (s == "out_of_service", s))


def incident_move(p: Principal | None, inc: object, dst: str, crews: int = 0) -> Why:
    """Close or merge an incident; ``crews``: teams still assigned to it."""
    if not isinstance(inc, Incident):
        return selected(inc, Incident, tr("an incident"))
    return word(rules.incident_move(p, inc, dst, crews))


def on_exercise(replica: Replica, team: Team) -> bool:
    """Whether the team's open assignment (as the picture holds it) is on an exercise
    incident: a real incident may take it from the drill."""
    job = replica.get_typed(Assignment, team.assignment_id) if team.assignment_id else None
    inc = replica.get_typed(Incident, job.incident_id) if job else None
    return inc is not None and inc.exercise


def dispatch(p: Principal | None, inc: object, team: Team | None = None,
             on_exercise: bool = False) -> Why:
    """Send teams to the incident (``team``: this one; ``on_exercise``: its open assignment
    is on an exercise incident)."""
    if not isinstance(inc, Incident):
        return selected(inc, Incident, tr("an incident"))
    return word(rules.dispatch(p, inc, team, on_exercise))


def request_support(p: Principal | None, inc: object) -> Why:
    if not isinstance(inc, Incident):
        return selected(inc, Incident, tr("an incident"))
    return word(rules.support_request(p, inc))


def support_decide(p: Principal | None, sr: object) -> Why:
    if not isinstance(sr, SupportRequest):
        return selected(sr, SupportRequest, tr("a support request"))
    return word(rules.support_decide(p, sr, "accepted"))


def order_ack(p: Principal | None, o: object) -> Why:
    if not isinstance(o, Order):
        return selected(o, Order, tr("an order"))
    return word(rules.order_ack(p, o))


def my_addressee(p: Principal, o: Order) -> str | None:
    """The addressee of ``o`` that ``p`` answers for, if any."""
    return rules.my_addressee(p, o)


def material_move(p: Principal | None, m: object, dst: str,
                  depot_jurisdiction: str | None = None) -> Why:
    """Take a material request to ``dst`` (``depot_jurisdiction``: of its source depot)."""
    if not isinstance(m, MaterialRequest):
        return selected(m, MaterialRequest, tr("a material request"))
    return word(rules.material_move(p, m, dst, depot_jurisdiction))


def warning_publish(p: Principal | None) -> Why:
    """Any duty officer publishes warnings for its own area."""
    return operator(p)


def warning_cancel(p: Principal | None, w: object) -> Why:
    if not isinstance(w, Warning):
        return selected(w, Warning, tr("a warning"))
    return word(rules.warning_change(p, w))


def warning_import(p: Principal | None) -> Why:
    return word(rules.warning_import(p))


def warning_cap(p: Principal | None, w: object) -> Why:
    if not isinstance(w, Warning):
        return selected(w, Warning, tr("a warning"))
    return word(rules.warning_cap(p, w))


def response_change(p: Principal | None, x: object, step: str) -> Why:
    if not isinstance(x, Response):
        return selected(x, Response, tr("a response"))
    return word(rules.response_change(p, x, step))


def plan_activate(p: Principal | None, plan: object) -> Why:
    if not isinstance(plan, Plan):
        return selected(plan, Plan, tr("a plan"))
    return word(rules.plan_activate(p, plan))


def task_done(p: Principal | None, t: object) -> Why:
    if not isinstance(t, PlanTask):
        return selected(t, PlanTask, tr("a plan task"))
    return word(rules.task_done(p, t))


def shelter(p: Principal | None, s: object, step: str) -> Why:
    if not isinstance(s, Shelter):
        return selected(s, Shelter, tr("a shelter"))
    return word(rules.shelter(p, s, step))


def team_control(p: Principal | None, team: object) -> Why:
    if not isinstance(team, Team):
        return selected(team, Team, tr("a team"))
    return word(rules.team_control(p, team))


def assignment_ack(p: Principal | None, team: object, a: Assignment | None) -> Why:
    if not isinstance(team, Team):
        return selected(team, Team, tr("a team"))
    return word(rules.assignment_ack(p, team, a))


def assignment_move(p: Principal | None, team: object, a: Assignment | None, dst: str) -> Why:
    """Release or recall a team from its assignment."""
    if not isinstance(team, Team):
        return selected(team, Team, tr("a team"))
    return word(rules.assignment_control(p, team, a, dst))


def stock_change(p: Principal | None, entity: object, depot_jurisdiction: str | None) -> Why:
    """Restock or count stock: a depot or a stock line of a depot in my jurisdiction."""
    if not isinstance(entity, Depot | StockItem) or depot_jurisdiction is None:
        return tr("Select {what} first.").format(what=tr("a depot or a stock line"))
    return word(rules.stock_change(p, depot_jurisdiction))


def team_track(p: Principal | None, team: object) -> Why:
    return selected(team, Team, tr("a team")) or signed_in(p)


def loss_return(p: Principal | None, report: object) -> Why:
    """Return a county's loss report: a level above it, while the report stands accepted."""
    if not isinstance(report, LossReport):
        return _stats("Select a county that has reported first.")
    return word(rules.loss_return(p, report))
