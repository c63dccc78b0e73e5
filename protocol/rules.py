"""The rulebook: may this principal do this op to this entity in its present state?

One place for the rules the server enforces and the console shows (DESIGN.md §2 roles and
jurisdictions, the state machines of :mod:`protocol.machines`, exercise and real, ownership,
the units of a liaison or field user). Each rule returns None when the op may go ahead, else a
:class:`Refusal`: a reason code and its parameters, never a sentence. The server words a
refusal in English and sends it with :attr:`Refusal.error` (``server/domain/authz.py``); the
console words it in the interface language (``console/state/guards.py``).

Pure: no I/O, no clock. Arguments the console cannot know before a dialog (a target level, a
source depot, received quantities) are optional; the server passes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .adcodes import PROVINCE, common_parent, is_within, level_of
from .entities import (
    Assignment,
    DisasterProcess,
    DutyEntry,
    HazardTrack,
    Incident,
    InfoReport,
    LossReport,
    MaterialRequest,
    Order,
    Plan,
    PlanTask,
    Response,
    Shelter,
    SupportRequest,
    Team,
    Warning,
)
from .enums import LEVEL_RANK, Role
from .errors import ErrorCode
from .machines import (
    ASSIGNMENT_OF_TEAM_STATUS,
    INCIDENT_TERMINAL,
    MACHINES,
    TEAM_DISPATCHABLE,
    can_move,
)

OPERATOR_ROLES = frozenset({Role.PROVINCE, Role.CITY, Role.COUNTY})
UNIT_ROLES = frozenset({Role.LIAISON, Role.FIELD})
TEAM_PREFIX = "team:"

# Team statuses reached only while the team holds an assignment.
ASSIGNED_ONLY = frozenset({"dispatched", "en_route", "on_scene", "working", "released",
                           "recalled"})


class Who(Protocol):
    """A principal as the rules see it: the console's Principal, the server's Actor."""

    @property
    def role(self) -> Role: ...
    @property
    def jurisdiction(self) -> str: ...
    @property
    def units(self) -> Sequence[str]: ...


Param = str | int | None


@dataclass(frozen=True)
class Refusal:
    """Why not: a code of :data:`ERRORS` and the values its wording needs."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)

    @property
    def error(self) -> ErrorCode:
        """The wire error code the server answers with."""
        return ERRORS[self.code]


ERRORS: Mapping[str, ErrorCode] = {
    # who: role, jurisdiction, ownership
    "not_signed_in": ErrorCode.UNAUTHORIZED,
    "not_operator": ErrorCode.FORBIDDEN,  # role
    "outside_jurisdiction": ErrorCode.FORBIDDEN,  # kind, name, code, mine
    "not_your_unit": ErrorCode.FORBIDDEN,  # team
    "team_not_commanded": ErrorCode.FORBIDDEN,  # team, code, mine
    "cross_region": ErrorCode.FORBIDDEN,  # team_code, incident_code, parent
    "assignment_not_yours": ErrorCode.FORBIDDEN,  # assignment, code, team_code, mine
    "not_below": ErrorCode.FORBIDDEN,  # code, mine
    "not_addressed": ErrorCode.FORBIDDEN,  # order, mine
    "may_not_answer_for": ErrorCode.FORBIDDEN,  # addressee
    "warning_elsewhere": ErrorCode.FORBIDDEN,  # mine
    "import_level": ErrorCode.FORBIDDEN,  # role
    "imported_warning": ErrorCode.CONFLICT,  # warning, sender
    # what: the entity's state
    "final_state": ErrorCode.CONFLICT,  # machine, state
    "illegal_move": ErrorCode.CONFLICT,  # machine, src, dst, allowed (comma-separated)
    "incident_in_recovery": ErrorCode.CONFLICT,  # incident
    "crews_on_incident": ErrorCode.CONFLICT,  # incident, count
    "team_not_dispatchable": ErrorCode.CONFLICT,  # team, status
    "needs_assignment": ErrorCode.CONFLICT,  # team, status
    "dispatch_through_assignment": ErrorCode.CONFLICT,
    "no_open_assignment": ErrorCode.CONFLICT,  # assignment (or None)
    "already_acknowledged": ErrorCode.CONFLICT,  # kind, name
    "response_ended": ErrorCode.CONFLICT,  # response
    "level_limit": ErrorCode.CONFLICT,  # step, level, to (or None)
    "warning_inactive": ErrorCode.CONFLICT,  # warning, state
    "task_done": ErrorCode.CONFLICT,  # task
    "shelter_open": ErrorCode.CONFLICT,  # shelter
    "shelter_closed": ErrorCode.CONFLICT,  # shelter
    "shelter_occupied": ErrorCode.CONFLICT,  # shelter, count
    "process_closed": ErrorCode.CONFLICT,  # process
    "process_response_ended": ErrorCode.CONFLICT,  # process
    "report_returned": ErrorCode.CONFLICT,  # report
    "info_initial_sent": ErrorCode.CONFLICT,  # incident, channel
    "info_no_initial": ErrorCode.CONFLICT,  # incident
    "info_final_sent": ErrorCode.CONFLICT,  # incident
    # the hierarchy itself
    "no_upper_level": ErrorCode.BAD_REQUEST,
    "process_level": ErrorCode.BAD_REQUEST,  # code: a process is a city's or the province's
    "not_above": ErrorCode.FORBIDDEN,  # code, mine: only a level above returns a report
}

NOTHING_TO_DO = frozenset({"already_acknowledged"})
"""Refusals the server answers as done (the unchanged entity, no event): acknowledging twice
is harmless, so a second officer's click is not an error. The console does not offer them."""

Why = Refusal | None


def _r(reason: str, **params: Param) -> Refusal:
    return Refusal(reason, params)


# -- who --------------------------------------------------------------------------------------
def operator(who: Who | None) -> Why:
    """Only the duty officers of province, city and county run operations."""
    if who is None:
        return _r("not_signed_in")
    if who.role not in OPERATOR_ROLES:
        return _r("not_operator", role=str(who.role))
    return None


def within(who: Who | None, code: str, kind: str, name: str = "") -> Why:
    """An operator acting on data of ``code``: its own jurisdiction's or a descendant's."""
    why = operator(who)
    if why or who is None:
        return why
    if not is_within(code, who.jurisdiction):
        return _r("outside_jurisdiction", kind=kind, name=name, code=code, mine=who.jurisdiction)
    return None


def represents(who: Who, team_id: str) -> bool:
    """A liaison or field principal speaking for one of its own units."""
    return who.role in UNIT_ROLES and team_id in who.units


def move(machine: str, src: str, dst: str) -> Why:
    """A state machine's answer: final state, or not this move from here."""
    if can_move(machine, src, dst):
        return None
    allowed = sorted(MACHINES[machine].get(src, frozenset()))
    if not allowed:
        return _r("final_state", machine=machine, state=str(src))
    return _r("illegal_move", machine=machine, src=str(src), dst=str(dst),
              allowed=",".join(allowed))


# -- incidents ---------------------------------------------------------------------------------
def incident_change(who: Who | None, inc: Incident) -> Why:
    return within(who, inc.jurisdiction, "incident", inc.number)


def incident_open(who: Who | None, inc: Incident) -> Why:
    """Change an incident's fields, grade, flag or timeline: mine, and not in a final state
    (a closed, merged or false-alarm incident is the record; it takes no more changes)."""
    why = incident_change(who, inc)
    if why is None and inc.status in INCIDENT_TERMINAL:
        return move("incident", inc.status, "closed")
    return why


def incident_move(who: Who | None, inc: Incident, dst: str, crews: int = 0) -> Why:
    """Move an incident (status, merge, close). ``crews``: teams still assigned to it; a final
    state holds none."""
    why = incident_change(who, inc) or move("incident", inc.status, dst)
    if why is None and dst in INCIDENT_TERMINAL and crews:
        return _r("crews_on_incident", incident=inc.number, count=crews)
    return why


def takes_teams(inc: Incident) -> Why:
    """An incident teams may be sent to: open and not in recovery.

    Recovery (善后/核报, DOMAIN.md "Incident lifecycle") comes after the response has ended:
    aftermath and the verified loss report. Its machine has no way back to ``responding``, and
    a team sent there would hold the incident open (it cannot close with crews on it). A new
    need for forces in recovery is a new incident; the console always refused this.
    """
    if inc.status in INCIDENT_TERMINAL:
        return move("incident", inc.status, "closed")
    if inc.status == "recovery":
        return _r("incident_in_recovery", incident=inc.number)
    return None


def dispatch(who: Who | None, inc: Incident, team: Team | None = None,
             on_exercise: bool = False) -> Why:
    """Send a team to an incident: the actor's jurisdiction contains both, the incident takes
    teams, and the team is free. Teams are real: a drill uses real teams on exercise
    incidents, and a real emergency takes any team, drill or not: a team whose open
    assignment is on an exercise incident (``on_exercise``) may go to a real incident (its
    exercise assignment is released with a note).

    A county dispatches only its own teams into its own county; a city its own and its
    counties' teams within the city; anything crossing a boundary is for the common parent.
    Without ``team`` (the console, before one is chosen) only the incident is judged.
    """
    why = operator(who)
    if why or who is None:
        return why
    if team is not None and not is_within(team.jurisdiction, who.jurisdiction):
        return _r("team_not_commanded", team=team.name, code=team.jurisdiction,
                  mine=who.jurisdiction)
    if not is_within(inc.jurisdiction, who.jurisdiction):
        if team is None:
            return _r("outside_jurisdiction", kind="incident", name=inc.number,
                      code=inc.jurisdiction, mine=who.jurisdiction)
        return _r("cross_region", team_code=team.jurisdiction, incident_code=inc.jurisdiction,
                  parent=common_parent(team.jurisdiction, inc.jurisdiction))
    why = takes_teams(inc)
    if why or team is None:
        return why
    busy = team.status not in TEAM_DISPATCHABLE or team.assignment_id is not None
    if busy and not (on_exercise and not inc.exercise):
        return _r("team_not_dispatchable", team=team.name, status=str(team.status))
    return None


def support_request(who: Who | None, inc: Incident) -> Why:
    """Ask the upper level for reinforcement on an incident of mine."""
    why = incident_open(who, inc)
    if why is None and who is not None and who.role == Role.PROVINCE:
        return _r("no_upper_level")
    return why


# -- teams and assignments ---------------------------------------------------------------------
def team_control(who: Who | None, team: Team) -> Why:
    """Status and acknowledgements of a team: its own unit, or an operator over its owner."""
    if who is not None and represents(who, team.id):
        return None
    if who is not None and who.role in UNIT_ROLES:
        return _r("not_your_unit", team=team.name)
    return within(who, team.jurisdiction, "team", team.name)


def team_move(team: Team, dst: str) -> Why:
    """The team's machine, plus: working statuses need an assignment, and a team becomes
    ``dispatched`` only through assignment.dispatch."""
    why = move("team", team.status, dst)
    if why:
        return why
    if dst in ASSIGNED_ONLY and team.assignment_id is None:
        return _r("needs_assignment", team=team.name, status=dst)
    if dst == "dispatched":
        return _r("dispatch_through_assignment")
    return None


def open_assignment(team: Team, a: Assignment | None) -> Why:
    if a is None or a.status == "ended" or team.assignment_id != a.id:
        return _r("no_open_assignment", assignment=a.id if a else None)
    return None


def assignment_ack(who: Who | None, team: Team, a: Assignment | None) -> Why:
    why = open_assignment(team, a) or team_control(who, team)
    if why is None and a is not None and a.acknowledged_at is not None:
        return _r("already_acknowledged", kind="assignment", name=a.id)
    return why


def assignment_control(who: Who | None, team: Team, a: Assignment | None, dst: str) -> Why:
    """Release or recall: the level that ordered the assignment, the team's owner, or above."""
    why = open_assignment(team, a) or operator(who)
    if why or who is None or a is None:
        return why
    if not (is_within(team.jurisdiction, who.jurisdiction)
            or is_within(a.ordered_by_jurisdiction, who.jurisdiction)):
        return _r("assignment_not_yours", assignment=a.id, code=a.ordered_by_jurisdiction,
                  team_code=team.jurisdiction, mine=who.jurisdiction)
    return move("assignment", a.status, ASSIGNMENT_OF_TEAM_STATUS[dst]) or team_move(team, dst)


# -- support requests --------------------------------------------------------------------------
def support_decide(who: Who | None, sr: SupportRequest, dst: str) -> Why:
    """Accept or reject: the deciding level or above."""
    return (within(who, sr.decider, "support_request", sr.id)
            or move("support_request", sr.status, dst))


def support_fulfil(who: Who | None, sr: SupportRequest) -> Why:
    """Explicitly fulfilled: by the requester (satisfied) or the deciding level (or above)."""
    why = operator(who)
    if why is None and who is not None and who.jurisdiction != sr.requester:
        why = within(who, sr.decider, "support_request", sr.id)
    return why or move("support_request", sr.status, "fulfilled")


def support_cancel(who: Who | None, sr: SupportRequest) -> Why:
    return (within(who, sr.requester, "support_request", sr.id)
            or move("support_request", sr.status, "cancelled"))


# -- orders ------------------------------------------------------------------------------------
def order_addressee(who: Who | None, code: str) -> Why:
    """An order goes down: to jurisdictions strictly below the issuer."""
    why = operator(who)
    if why or who is None:
        return why
    if code == who.jurisdiction or not is_within(code, who.jurisdiction):
        return _r("not_below", code=code, mine=who.jurisdiction)
    return None


def my_addressee(who: Who, order: Order) -> str | None:
    """The addressee of ``order`` that ``who`` answers for by default: an operator its own
    jurisdiction, a unit its own ``team:<id>``."""
    if who.role in OPERATOR_ROLES:
        candidates = [who.jurisdiction]
    elif who.role in UNIT_ROLES:
        candidates = [TEAM_PREFIX + unit for unit in who.units]
    else:
        candidates = []
    return next((c for c in candidates if c in order.addressees), None)


def speaks_for(who: Who, addressee: str, team_jurisdiction: str | None = None) -> bool:
    """``who`` may acknowledge for ``addressee``: its unit, its own jurisdiction, or (an
    operator) a team of its own jurisdiction (``team_jurisdiction``)."""
    if addressee.startswith(TEAM_PREFIX):
        if represents(who, addressee[len(TEAM_PREFIX):]):
            return True
        return who.role in OPERATOR_ROLES and who.jurisdiction == team_jurisdiction
    return who.role in OPERATOR_ROLES and who.jurisdiction == addressee


def order_ack(who: Who | None, order: Order, addressee: str | None = None,
              team_jurisdiction: str | None = None) -> Why:
    """Acknowledge an order for ``addressee`` (default: :func:`my_addressee`)."""
    if who is None:
        return _r("not_signed_in")
    addressee = addressee or my_addressee(who, order)
    if addressee is None:
        return _r("not_addressed", order=order.number, mine=who.jurisdiction)
    if not speaks_for(who, addressee, team_jurisdiction):
        return _r("may_not_answer_for", addressee=addressee)
    if addressee in order.acks:
        return _r("already_acknowledged", kind="order", name=order.number)
    return None


# -- materials ---------------------------------------------------------------------------------
_REQUESTER_STEPS = frozenset({"submitted", "received", "partial", "returned", "closed"})


def material_move(who: Who | None, m: MaterialRequest, dst: str,
                  depot_jurisdiction: str | None = None) -> Why:
    """A step of a material request, named by the status it leads to.

    The requester submits, receives, returns and closes; the deciding level approves, rejects,
    issues the dispatch instruction and ships (so may the level holding the source depot,
    ``depot_jurisdiction``); cancelling is the requester's until stock is reserved, then the
    decider's. Receipts go on while goods are in transit or partly received.
    """
    reserved = m.status in ("approved", "order_issued")
    side = m.requester if dst in _REQUESTER_STEPS or (dst == "cancelled" and not reserved) \
        else m.decider
    if dst == "in_transit" and depot_jurisdiction is not None and who is not None \
            and is_within(depot_jurisdiction, who.jurisdiction):
        side = depot_jurisdiction
    why = within(who, side, "material_request", m.number)
    if why:
        return why
    if dst == "partial" and m.status == "partial":
        return None  # one more partial receipt
    return move("material_request", m.status, dst)


# -- warnings, responses, plans, shelters, stock -----------------------------------------------
def warning_change(who: Who | None, w: Warning) -> Why:
    """Update or cancel: the issuing level or above, while the warning is active. A warning
    imported from another authority's CAP message changes only by that authority's Update or
    Cancel (``warning.import_cap``), so what we show stays what it said."""
    why = within(who, w.issuer, "warning", w.identifier)
    if why is None and w.state != "active":
        return _r("warning_inactive", warning=w.identifier, state=str(w.state))
    if why is None and w.source_sender is not None:
        return _r("imported_warning", warning=w.identifier, sender=w.source_sender)
    return why


IMPORT_ROLES = frozenset({Role.PROVINCE, Role.CITY})


def warning_import(who: Who | None, w: Warning | None = None) -> Why:
    """Import a CAP message of another authority: the province's and the cities' duty
    officers (a county hears the warning from its city). An Update or Cancel goes to the
    warning imported earlier, within my jurisdiction."""
    why = operator(who)
    if why or who is None:
        return why
    if who.role not in IMPORT_ROLES:
        return _r("import_level", role=str(who.role))
    if w is not None:
        return within(who, w.issuer, "warning", w.identifier)
    return None


def warning_cap(who: Who | None, w: Warning) -> Why:
    """The CAP message of a warning issued within, covering, or over my jurisdiction."""
    why = operator(who)
    if why or who is None:
        return why
    mine = who.jurisdiction
    if is_within(w.issuer, mine) or any(is_within(code, mine) or is_within(mine, code)
                                        for code in w.area):
        return None
    return _r("warning_elsewhere", mine=mine)


def response_change(who: Who | None, x: Response, step: str, to: str | None = None) -> Why:
    """``raise``, ``lower`` or ``end`` an active response of mine. Raising goes only to a
    more severe level (Ⅳ → Ⅰ), lowering to a less severe one; without ``to`` the level must
    have somewhere to go."""
    why = within(who, x.jurisdiction, "response", x.id)
    if why:
        return why
    if x.status != "active":
        return _r("response_ended", response=x.id)
    if step == "end":
        return None
    rank = LEVEL_RANK[x.level]
    if to is None:
        bound = rank == LEVEL_RANK["I"] if step == "raise" else rank == LEVEL_RANK["IV"]
    else:
        new = LEVEL_RANK[to]
        bound = new == rank or (new < rank) != (step == "raise")
    if bound:
        return _r("level_limit", step=step, level=str(x.level), to=to)
    return None


def plan_activate(who: Who | None, plan: Plan) -> Why:
    return within(who, plan.jurisdiction, "plan", plan.name)


def task_done(who: Who | None, t: PlanTask) -> Why:
    why = within(who, t.jurisdiction, "plan_task", t.id)
    if why is None and t.status == "done":
        return _r("task_done", task=t.id)
    return why


def track(who: Who | None, t: HazardTrack | None = None) -> Why:
    """Publish or update a hazard track (a typhoon's path and forecast cone): the province's
    duty officers, who enter it from, or import it as, the weather service's bulletin; the
    cities and counties see it."""
    return within(who, PROVINCE, "hazard_track", t.name if t is not None else "")


def shelter(who: Who | None, s: Shelter, step: str) -> Why:
    """``open``, ``close`` or set ``occupancy``: occupancy only while open; an occupied
    shelter does not close."""
    why = within(who, s.jurisdiction, "shelter", s.name)
    if why:
        return why
    if step == "open" and s.open:
        return _r("shelter_open", shelter=s.name)
    if step in ("close", "occupancy") and not s.open:
        return _r("shelter_closed", shelter=s.name)
    if step == "close" and s.occupancy:
        return _r("shelter_occupied", shelter=s.name, count=s.occupancy)
    return None


def stock_change(who: Who | None, depot_jurisdiction: str, depot: str = "") -> Why:
    """Restock or count: a depot of my jurisdiction."""
    return within(who, depot_jurisdiction, "depot", depot)


# -- disaster processes and loss statistics ------------------------------------------------
def process_open(who: Who | None, jurisdiction: str) -> Why:
    """Open a disaster process: for a city or the province, within mine."""
    why = within(who, jurisdiction, "jurisdiction")
    if why is None and level_of(jurisdiction) == "county":
        return _r("process_level", code=jurisdiction)
    return why


def process_change(who: Who | None, p: DisasterProcess, step: str = "update") -> Why:
    """``update``, ``end_response`` or ``close`` a process: its level or above, while open
    (and the response ends once)."""
    why = within(who, p.jurisdiction, "disaster_process", p.name)
    if why:
        return why
    if p.closed:
        return _r("process_closed", process=p.name)
    if step == "end_response" and p.response_ended_at is not None:
        return _r("process_response_ended", process=p.name)
    return None


def loss_return(who: Who | None, report: LossReport) -> Why:
    """Return a report: a level strictly above the reporting one (never your own), while its
    latest revision stands accepted."""
    why = operator(who)
    if why or who is None:
        return why
    mine = who.jurisdiction
    if report.jurisdiction == mine or not is_within(report.jurisdiction, mine):
        return _r("not_above", code=report.jurisdiction, mine=mine)
    if report.status == "returned":
        return _r("report_returned", report=report.title or report.id)
    return None


def stats_scope(who: Who | None, jurisdiction: str) -> Why:
    """Figures of a jurisdiction: mine or below (a county never sees a neighbour's)."""
    return within(who, jurisdiction, "jurisdiction")
# -- the duty desk and information reports ----------------------------------------------------
def duty_log(who: Who | None) -> Why:
    """Any duty officer logs the calls its own desk receives."""
    return operator(who)


def duty_step(who: Who | None, entry: DutyEntry, dst: str) -> Why:
    """Report to the leader, pass on, follow up, make an incident, close: the post that logged
    the entry or a level above it, while the entry's machine allows the move."""
    return (within(who, entry.jurisdiction, "duty_entry")  # no caller name to outsiders
            or move("duty_entry", entry.state, dst))


def info_submit(who: Who | None, inc: Incident, reports: Sequence[InfoReport], stage: str,
                channel: str) -> Why:
    """An information report on an incident of mine (or below): one initial report per
    channel, follow-ups and the final report only after an initial one, nothing after the
    final one; none on a merged or false-alarm incident."""
    why = within(who, inc.jurisdiction, "incident", inc.number)
    if why:
        return why
    if inc.status in ("merged", "false_alarm"):
        return _r("final_state", machine="incident", state=str(inc.status))
    if any(r.stage == "final" for r in reports):
        return _r("info_final_sent", incident=inc.number)
    if stage == "initial":
        if any(r.stage == "initial" and r.channel == channel for r in reports):
            return _r("info_initial_sent", incident=inc.number, channel=channel)
        return None
    if not any(r.stage == "initial" for r in reports):
        return _r("info_no_initial", incident=inc.number)
    return None
