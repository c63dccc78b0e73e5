"""Why an action is not allowed right now: role rules (DESIGN §2) and the shared state machines.

Each guard returns None when the action may be tried, else a sentence for the disabled action's
tooltip. The server decides in the end; these keep the console from offering what it would
refuse.
"""

from __future__ import annotations

from protocol.adcodes import is_within
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
from protocol.enums import (
    AssignmentStatus,
    IncidentStatus,
    MaterialRequestStatus,
    SupportRequestStatus,
    TeamStatus,
)
from protocol.labels import LabeledEnum
from protocol.machines import (
    INCIDENT,
    INCIDENT_TERMINAL,
    MACHINES,
    TEAM_DISPATCHABLE,
    can_move,
)

from . import text
from .i18n import translate

OPERATORS = frozenset({"province", "city", "county"})
Why = str | None


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


_STATES: dict[str, type[LabeledEnum]] = {
    "incident": IncidentStatus,
    "team": TeamStatus,
    "assignment": AssignmentStatus,
    "support_request": SupportRequestStatus,
    "material_request": MaterialRequestStatus,
}


def _subject(machine: str) -> str:
    return {
        "incident": tr("The incident"),
        "team": tr("The team"),
        "assignment": tr("The assignment"),
        "support_request": tr("The support request"),
        "material_request": tr("The material request"),
    }[machine]


def why_not(machine: str, src: str, dst: str) -> Why:
    """:func:`protocol.machines.why_not` in the interface language, with the states' labels."""
    if can_move(machine, src, dst):
        return None
    states = _STATES[machine]
    lang = text.language()

    def name(code: str) -> str:
        return states(code).label(lang)

    allowed = sorted(MACHINES[machine].get(src, frozenset()))
    if not allowed:
        return tr("{what} is {state}: a final state.").format(
            what=_subject(machine), state=name(src))
    sep = "、" if lang == "zh" else ", "
    return tr("{what} cannot go from {src} to {dst} (allowed: {allowed}).").format(
        what=_subject(machine), src=name(src), dst=name(dst),
        allowed=sep.join(name(a) for a in allowed))


def signed_in(p: Principal | None) -> Why:
    return None if p is not None else tr("Not signed in yet.")


def operator(p: Principal | None) -> Why:
    if p is None:
        return tr("Not signed in yet.")
    if p.role not in OPERATORS:
        return tr("Only province, city and county duty officers may do this.")
    return None


def covers(p: Principal | None, adcode: str, what: str) -> Why:
    why = operator(p)
    if why or p is None:
        return why
    if not is_within(adcode, p.jurisdiction):
        return tr("{what} belongs to {code}, outside your jurisdiction {mine}.").format(
            what=what, code=adcode, mine=p.jurisdiction)
    return None


def selected(entity: object, cls: type, what: str) -> Why:
    if not isinstance(entity, cls):
        return tr("Select {what} first.").format(what=what)
    return None


def incident_open(p: Principal | None, inc: object) -> Why:
    why = selected(inc, Incident, tr("an incident"))
    if why or not isinstance(inc, Incident):
        return why
    if inc.status in INCIDENT_TERMINAL:
        return why_not("incident", inc.status, "closed")
    return covers(p, inc.jurisdiction, tr("The incident"))


def incident_status(p: Principal | None, inc: object) -> Why:
    why = incident_open(p, inc)
    if why or not isinstance(inc, Incident):
        return why
    if not INCIDENT.get(inc.status):
        return why_not("incident", inc.status, "closed")
    return None


def dispatch(p: Principal | None, inc: object) -> Why:
    why = incident_open(p, inc)
    if why is None and isinstance(inc, Incident) and inc.status in ("recovery",):
        return tr("The incident is in recovery: no more dispatches.")
    return why


def request_support(p: Principal | None, inc: object) -> Why:
    why = incident_open(p, inc)
    if why or p is None:
        return why
    if p.role == "province":
        return tr("The province has no upper level to request support from.")
    return None


def support_decide(p: Principal | None, sr: object) -> Why:
    why = selected(sr, SupportRequest, tr("a support request"))
    if why or not isinstance(sr, SupportRequest):
        return why
    why = why_not("support_request", sr.status, "accepted")
    return why or covers(p, sr.decider, tr("The decision"))


def order_ack(p: Principal | None, o: object) -> Why:
    why = selected(o, Order, tr("an order"))
    if why or not isinstance(o, Order) or p is None:
        return why or signed_in(p)
    mine = my_addressee(p, o)
    if mine is None:
        return tr("This order is not addressed to you.")
    if mine in o.acks:
        return tr("You have already acknowledged this order.")
    return None


def my_addressee(p: Principal, o: Order) -> str | None:
    """The addressee of ``o`` that ``p`` answers for, if any."""
    for a in o.addressees:
        if a == p.jurisdiction or (a.startswith("team:") and a[5:] in p.units):
            return a
    return None


def material_move(p: Principal | None, m: object, dst: str) -> Why:
    why = selected(m, MaterialRequest, tr("a material request"))
    if why or not isinstance(m, MaterialRequest):
        return why
    why = why_not("material_request", m.status, dst)
    if why:
        return why
    requester_steps = ("submitted", "received", "partial", "returned", "closed", "cancelled")
    who = m.requester if dst in requester_steps else m.decider
    if dst == "cancelled" and m.status in ("approved", "order_issued"):
        who = m.decider  # stock is reserved: the approving level cancels
    return covers(p, who, tr("This step"))


def warning_publish(p: Principal | None) -> Why:
    """Any duty officer publishes warnings for its own area (the server's rule)."""
    return operator(p)


def warning_cancel(p: Principal | None, w: object) -> Why:
    why = selected(w, Warning, tr("a warning"))
    if why or not isinstance(w, Warning):
        return why
    if w.state != "active":
        return tr("The warning is no longer active.")
    return covers(p, w.issuer, tr("The warning"))


def response_change(p: Principal | None, x: object, step: str) -> Why:
    why = selected(x, Response, tr("a response"))
    if why or not isinstance(x, Response):
        return why
    if x.status != "active":
        return tr("The response has ended.")
    if step == "raise" and x.level == "I":
        return tr("Level I is the highest response.")
    if step == "lower" and x.level == "IV":
        return tr("Level IV is the lowest response; end it instead.")
    return covers(p, x.jurisdiction, tr("The response"))


def plan_activate(p: Principal | None, plan: object) -> Why:
    why = selected(plan, Plan, tr("a plan"))
    if why or not isinstance(plan, Plan):
        return why
    return covers(p, plan.jurisdiction, tr("The plan"))


def task_done(p: Principal | None, t: object) -> Why:
    why = selected(t, PlanTask, tr("a plan task"))
    if why or not isinstance(t, PlanTask):
        return why
    if t.status == "done":
        return tr("The task is already done.")
    return covers(p, t.jurisdiction, tr("The task"))


def shelter(p: Principal | None, s: object, step: str) -> Why:
    why = selected(s, Shelter, tr("a shelter"))
    if why or not isinstance(s, Shelter):
        return why
    if step == "open" and s.open:
        return tr("The shelter is already open.")
    if step in ("close", "occupancy") and not s.open:
        return tr("The shelter is closed.")
    if step == "close" and s.occupancy:
        return tr("The shelter still houses {n} people.").format(n=s.occupancy)
    return covers(p, s.jurisdiction, tr("The shelter"))


def team_control(p: Principal | None, team: object) -> Why:
    why = selected(team, Team, tr("a team"))
    if why or not isinstance(team, Team) or p is None:
        return why or signed_in(p)
    if p.role in ("liaison", "field"):
        return None if team.id in p.units else tr("This team is not one of your units.")
    return covers(p, team.jurisdiction, tr("The team"))


def assignment_ack(p: Principal | None, team: object, a: Assignment | None) -> Why:
    why = team_control(p, team)
    if why:
        return why
    if a is None or a.status == "ended":
        return tr("The team has no open assignment.")
    if a.acknowledged_at is not None:
        return tr("The assignment is already acknowledged.")
    return None


def team_dispatchable(team: Team) -> bool:
    return team.status in TEAM_DISPATCHABLE


def assignment_move(p: Principal | None, team: object, a: Assignment | None, dst: str) -> Why:
    """Release or recall a team from its assignment: an operator over the team."""
    why = selected(team, Team, tr("a team"))
    if why or not isinstance(team, Team):
        return why
    if a is None or a.status == "ended":
        return tr("The team has no open assignment.")
    why = why_not("assignment", a.status, dst)
    return why or covers(p, team.jurisdiction, tr("The team"))


def incident_move(p: Principal | None, inc: object, dst: str) -> Why:
    """Close or merge an incident: open, mine, and the machine allows it from here."""
    why = incident_open(p, inc)
    if why or not isinstance(inc, Incident):
        return why
    return why_not("incident", inc.status, dst)


def warning_cap(p: Principal | None, w: object) -> Why:
    return selected(w, Warning, tr("a warning")) or operator(p)


def stock_change(p: Principal | None, entity: object, depot_jurisdiction: str | None) -> Why:
    """Restock or count stock: a depot or a stock line of a depot in my jurisdiction."""
    if not isinstance(entity, Depot | StockItem) or depot_jurisdiction is None:
        return tr("Select {what} first.").format(what=tr("a depot or a stock line"))
    return covers(p, depot_jurisdiction, tr("The depot"))


def team_track(p: Principal | None, team: object) -> Why:
    return selected(team, Team, tr("a team")) or signed_in(p)
