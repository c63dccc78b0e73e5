"""The columns of every table in the console, one factory per entity kind.

Each ``*_table`` function reads a :class:`Picture` (the replica and who is signed in) and returns
a :class:`Table`: the entity kind, its columns, and the other kinds whose changes repaint it.
The Qt layer turns a table into an item model (``console.qt.widgets.table_model``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from protocol.entities import (
    Assignment,
    Base,
    Depot,
    Incident,
    LossReport,
    MaterialRequest,
    Order,
    PlanTask,
    Principal,
    Response,
    Shelter,
    StockItem,
    SupportRequest,
    Team,
    Warning,
)
from protocol.enums import LEVEL_RANK, OrderPriority
from protocol.replica import Replica

from . import order_replies, text
from .colours import COLOUR_CODE, EXERCISE, LOW_STOCK, OVERDUE, SEVERITY, SEVERITY_TEXT
from .i18n import translate

PRIORITY_RANK = {p: -n for n, p in enumerate(OrderPriority)}  # flash sorts first


class Picture(Protocol):
    """What a table reads: the replica and the signed-in principal (None before welcome)."""

    @property
    def replica(self) -> Replica: ...

    @property
    def principal(self) -> Principal | None: ...


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Base], str]
    sort: Callable[[Base], Any] | None = None
    background: Callable[[Base], str | None] | None = None  # "#rrggbb"
    foreground: Callable[[Base], str | None] | None = None
    tooltip: Callable[[Base], str] | None = None
    right: bool = False  # numbers
    identifies: bool = False  # numbers, names, states, colours: never cut off (fit to content)


@dataclass(frozen=True)
class Table:
    kind: str
    columns: list[Column]
    also_on: tuple[str, ...] = ()  # other kinds whose changes repaint every row (derived columns)


def _revision_count(report: LossReport) -> int:
    """Revisions submitted: the report keeps only its newest ones (protocol.limits)."""
    return report.revisions[-1].revision if report.revisions else 0


def _grade_bg(code: str | None) -> str | None:
    return SEVERITY.get(code or "")


def _grade_fg(code: str | None) -> str | None:
    return SEVERITY_TEXT.get(code or "")


def incident_columns(live: Picture) -> list[Column]:
    r = live.replica

    def inc(e: Base) -> Incident:
        return cast(Incident, e)

    return [
        Column(translate("Tables", "Grade"), lambda e: text.grade_text(inc(e).grade),
               sort=lambda e: LEVEL_RANK.get(inc(e).grade or "", 9),
               background=lambda e: _grade_bg(inc(e).grade),
               foreground=lambda e: _grade_fg(inc(e).grade),
               tooltip=lambda e: text.label(inc(e).grade)),
        Column(translate("Tables", "Number"), lambda e: inc(e).number, identifies=True),
        Column(translate("Tables", "Title"), lambda e: inc(e).title,
               tooltip=lambda e: inc(e).description or inc(e).title),
        Column(translate("Tables", "Type"), lambda e: text.incident_type(inc(e).type_code),
               sort=lambda e: inc(e).type_code),
        Column(translate("Tables", "Status"), lambda e: text.label(inc(e).status)),
        Column(translate("Tables", "Place"), lambda e: text.place(r, inc(e).jurisdiction)),
        Column(translate("Tables", "Dead/injured/missing"),
               lambda e: text.figures(e, "deaths", "injured", "missing"),
               sort=lambda e: (inc(e).deaths, inc(e).injured, inc(e).missing), right=True,
               tooltip=lambda e: text.withheld_note() if text.any_withheld(e, "deaths") else ""),
        Column(translate("Tables", "Reported"), lambda e: text.cst(inc(e).reported_at, True),
               sort=lambda e: inc(e).reported_at.isoformat()),
        Column(translate("Tables", "Exercise"),
               lambda e: translate("Tables", "EXERCISE") if inc(e).exercise else "",
               background=lambda e: EXERCISE if inc(e).exercise else None),
    ]


def incident_table(live: Picture) -> Table:
    return Table("incident", incident_columns(live), also_on=("jurisdiction",))


def team_table(live: Picture) -> Table:
    r = live.replica

    def t(e: Base) -> Team:
        return cast(Team, e)

    def since(e: Base) -> float:
        return (datetime.now(UTC) - t(e).status_since).total_seconds()

    def task(e: Base) -> str:
        a = r.get_typed(Assignment, t(e).assignment_id or "")
        inc = r.get_typed(Incident, a.incident_id) if a else None
        return inc.number if inc else ""

    cols = [
        Column(translate("Tables", "Team"), lambda e: t(e).name, identifies=True),
        Column(translate("Tables", "Status"), lambda e: text.label(t(e).status), identifies=True),
        Column(translate("Tables", "In status"), lambda e: text.duration(since(e)),
               sort=since, right=True),
        Column(translate("Tables", "Type"), lambda e: text.label(t(e).type)),
        Column(translate("Tables", "Incident"), task),
        Column(translate("Tables", "Owner"), lambda e: text.place(r, t(e).jurisdiction)),
        Column(translate("Tables", "People"), lambda e: str(t(e).headcount),
               sort=lambda e: t(e).headcount, right=True),
        Column(translate("Tables", "Base"), lambda e: t(e).base_name),
    ]
    return Table("team", cols, also_on=("incident", "assignment"))


TEAM_IN_STATUS_COLUMN = 2


def stock_table(live: Picture) -> Table:
    r = live.replica

    def s(e: Base) -> StockItem:
        return cast(StockItem, e)

    def low(e: Base) -> bool:
        return s(e).quantity - s(e).reserved <= s(e).threshold

    def depot(e: Base) -> str:
        d = r.get_typed(Depot, s(e).depot_id)
        return d.name if d else s(e).depot_id

    cols = [
        Column(translate("Tables", "Depot"), depot),
        Column(translate("Tables", "Item"), lambda e: text.material(s(e).item_code),
               sort=lambda e: s(e).item_code),
        Column(translate("Tables", "Quantity"), lambda e: str(s(e).quantity),
               sort=lambda e: s(e).quantity, right=True,
               background=lambda e: LOW_STOCK if low(e) else None,
               tooltip=lambda e: translate("Tables", "Low stock: at or below the threshold")
               if low(e) else ""),
        Column(translate("Tables", "Reserved"), lambda e: str(s(e).reserved),
               sort=lambda e: s(e).reserved, right=True),
        Column(translate("Tables", "Threshold"), lambda e: str(s(e).threshold),
               sort=lambda e: s(e).threshold, right=True),
        Column(translate("Tables", "Low"),
               lambda e: translate("Tables", "LOW") if low(e) else "",
               background=lambda e: LOW_STOCK if low(e) else None),
    ]
    return Table("stock", cols, also_on=("depot",))


def depot_table(live: Picture) -> Table:
    r = live.replica

    def d(e: Base) -> Depot:
        return cast(Depot, e)

    cols = [
        Column(translate("Tables", "Depot"), lambda e: d(e).name),
        Column(translate("Tables", "Level"), lambda e: text.label(d(e).level)),
        Column(translate("Tables", "Place"), lambda e: text.place(r, d(e).jurisdiction)),
        Column(translate("Tables", "Operator"), lambda e: d(e).operator),
    ]
    return Table("depot", cols)


def material_table(live: Picture) -> Table:
    r = live.replica

    def m(e: Base) -> MaterialRequest:
        return cast(MaterialRequest, e)

    def lines(e: Base) -> str:
        return "; ".join(f"{text.material(li.item_code)} ×{li.quantity}" for li in m(e).lines)

    cols = [
        Column(translate("Tables", "Number"), lambda e: m(e).number, identifies=True),
        Column(translate("Tables", "Status"), lambda e: text.label(m(e).status)),
        Column(translate("Tables", "Requester"), lambda e: text.place(r, m(e).requester)),
        Column(translate("Tables", "Decider"), lambda e: text.place(r, m(e).decider)),
        Column(translate("Tables", "Items"), lines, tooltip=lines),
        Column(translate("Tables", "Destination"), lambda e: m(e).destination),
    ]
    return Table("material_request", cols)


def order_table(live: Picture) -> Table:
    r = live.replica

    def o(e: Base) -> Order:
        return cast(Order, e)

    def acks(e: Base) -> str:
        return f"{len(o(e).acks)}/{len(o(e).addressees)}"

    def direction(order: Order) -> str:
        me = live.principal
        if me is None:
            return ""
        if order.issuer == me.jurisdiction:
            return translate("Tables", "issued by us")
        mine = {me.jurisdiction, *(f"team:{u}" for u in me.units)}
        if mine & set(order.addressees):
            return translate("Tables", "received")
        return ""

    def waiting(e: Base) -> str:
        return ", ".join(_addressee(live, a) for a in order_replies.waiting_for(o(e)))

    def reply_by(e: Base) -> str:
        order = o(e)
        if order.reply_by is None:
            return ""
        when = text.cst(order.reply_by, True)
        if order_replies.overdue(order, datetime.now(UTC)):
            return f"{when} {translate('Forms', 'overdue')}"
        return when

    def late(e: Base) -> str | None:
        return OVERDUE if order_replies.overdue(o(e), datetime.now(UTC)) else None

    cols = [
        Column(translate("Tables", "Number"), lambda e: o(e).number, identifies=True),
        Column(translate("Tables", "Issued"), lambda e: text.cst(o(e).issued_at, True),
               sort=lambda e: o(e).issued_at.isoformat()),
        Column(translate("Tables", "From"), lambda e: text.place(r, o(e).issuer)),
        Column(translate("Tables", "Text"), lambda e: o(e).text, tooltip=lambda e: o(e).text),
        Column(translate("Tables", "Acknowledged"), acks,
               sort=lambda e: len(o(e).acks) - len(o(e).addressees), right=True),
        Column(translate("Tables", "Waiting for"), waiting, tooltip=waiting),
        Column(translate("Tables", "Direction"), lambda e: direction(o(e))),
        Column(translate("Forms", "Priority"), lambda e: text.label(o(e).priority),
               sort=lambda e: PRIORITY_RANK[o(e).priority]),
        Column(translate("Forms", "Reply by"), reply_by, background=late,
               sort=lambda e: (o(e).reply_by or o(e).issued_at).isoformat()),
    ]
    return Table("order", cols, also_on=("principal",))


def _addressee(live: Picture, code: str) -> str:
    if code.startswith("team:"):
        team = live.replica.get_typed(Team, code[5:])
        return team.name if team else code
    return text.place(live.replica, code)


def warning_table(live: Picture) -> Table:
    r = live.replica

    def w(e: Base) -> Warning:
        return cast(Warning, e)

    def level(e: Base) -> str:
        return COLOUR_CODE.get(w(e).colour, "")

    cols = [
        Column(translate("Tables", "Colour"), lambda e: text.label(w(e).colour),
               sort=lambda e: LEVEL_RANK.get(level(e), 9),
               background=lambda e: _grade_bg(level(e)), foreground=lambda e: _grade_fg(level(e)),
               identifies=True),
        Column(translate("Tables", "Hazard"), lambda e: text.label(w(e).hazard)),
        Column(translate("Tables", "Headline"), lambda e: w(e).headline,
               tooltip=lambda e: w(e).text or w(e).headline),
        Column(translate("Tables", "State"), lambda e: text.label(w(e).state)),
        Column(translate("Tables", "Area"),
               lambda e: ", ".join(text.place(r, a) for a in w(e).area)),
        Column(translate("Tables", "Expires"), lambda e: text.cst(w(e).expires, True),
               sort=lambda e: w(e).expires.isoformat()),
        Column(translate("Tables", "Status"), lambda e: text.label(w(e).msg_status)),
    ]
    return Table("warning", cols)


def response_table(live: Picture) -> Table:
    r = live.replica

    def x(e: Base) -> Response:
        return cast(Response, e)

    cols = [
        Column(translate("Tables", "Level"), lambda e: text.label(x(e).level),
               sort=lambda e: LEVEL_RANK.get(x(e).level, 9),
               background=lambda e: _grade_bg(x(e).level) if x(e).status == "active" else None,
               foreground=lambda e: _grade_fg(x(e).level) if x(e).status == "active" else None),
        Column(translate("Tables", "Headquarters"), lambda e: text.label(x(e).headquarters)),
        Column(translate("Tables", "Hazard"), lambda e: text.label(x(e).hazard)),
        Column(translate("Tables", "Place"), lambda e: text.place(r, x(e).jurisdiction)),
        Column(translate("Tables", "State"), lambda e: text.label(x(e).status)),
        Column(translate("Tables", "Since"), lambda e: text.cst(x(e).started_at, True),
               sort=lambda e: x(e).started_at.isoformat()),
    ]
    return Table("response", cols)


def shelter_table(live: Picture) -> Table:
    r = live.replica

    def s(e: Base) -> Shelter:
        return cast(Shelter, e)

    cols = [
        Column(translate("Tables", "Shelter"), lambda e: s(e).name),
        Column(translate("Tables", "Tier"), lambda e: text.label(s(e).tier)),
        Column(translate("Tables", "Place"), lambda e: text.place(r, s(e).jurisdiction)),
        Column(translate("Tables", "Open"),
               lambda e: translate("Tables", "open") if s(e).open else translate("Tables",
                                                                                 "closed")),
        Column(translate("Tables", "Occupancy"),
               lambda e: f"{s(e).occupancy}/{s(e).capacity}",
               sort=lambda e: s(e).occupancy / max(1, s(e).capacity), right=True),
    ]
    return Table("shelter", cols)


def plan_task_table(live: Picture) -> Table:
    r = live.replica

    def p(e: Base) -> PlanTask:
        return cast(PlanTask, e)

    def plan(e: Base) -> str:
        ent = r.get("plan", p(e).plan_id)
        return getattr(ent, "name", p(e).plan_id)

    cols = [
        Column(translate("Tables", "Plan"), plan),
        Column(translate("Tables", "Level"), lambda e: text.label(p(e).level)),
        Column(translate("Tables", "Task"), lambda e: p(e).text, tooltip=lambda e: p(e).text),
        Column(translate("Tables", "State"), lambda e: text.label(p(e).status)),
        Column(translate("Tables", "Done by"), lambda e: p(e).done_by or ""),
    ]
    return Table("plan_task", cols, also_on=("plan",))


def support_table(live: Picture) -> Table:
    r = live.replica

    def s(e: Base) -> SupportRequest:
        return cast(SupportRequest, e)

    def incident(e: Base) -> str:
        inc = r.get_typed(Incident, s(e).incident_id)
        return inc.number if inc else s(e).incident_id

    cols = [
        Column(translate("Tables", "Incident"), incident),
        Column(translate("Tables", "Requester"), lambda e: text.place(r, s(e).requester)),
        Column(translate("Tables", "Wanted"),
               lambda e: f"{text.capability(s(e).capability)} ×{s(e).count}"),
        Column(translate("Tables", "Status"), lambda e: text.label(s(e).status)),
        Column(translate("Tables", "Reason"), lambda e: s(e).reason or s(e).note),
    ]
    return Table("support_request", cols)


def plan_table(live: Picture) -> Table:
    r = live.replica

    def p(e: Base) -> str:
        return getattr(e, "name", e.id)

    cols = [
        Column(translate("Tables", "Plan"), p),
        Column(translate("Tables", "Hazard"), lambda e: text.label(getattr(e, "hazard", None))),
        Column(translate("Tables", "Place"),
               lambda e: text.place(r, getattr(e, "jurisdiction", ""))),
        Column(translate("Tables", "Active level"),
               lambda e: text.label(getattr(e, "active_level", None))),
    ]
    return Table("plan", cols)


def loss_table(live: Picture) -> Table:
    r = live.replica

    def lr(e: Base) -> LossReport:
        return cast(LossReport, e)

    cols = [
        Column(translate("Tables", "Report"), lambda e: lr(e).title or text.label(lr(e).hazard)),
        Column(translate("Tables", "Place"), lambda e: text.place(r, lr(e).jurisdiction)),
        Column(translate("Tables", "Stage"), lambda e: text.label(lr(e).stage)),
        Column(translate("Tables", "Affected"), lambda e: str(lr(e).figures.affected_population),
               sort=lambda e: lr(e).figures.affected_population, right=True),
        Column(translate("Tables", "Dead/missing"),
               lambda e: f"{lr(e).figures.deaths}/{lr(e).figures.missing}",
               sort=lambda e: (lr(e).figures.deaths, lr(e).figures.missing), right=True),
        Column(translate("Tables", "Revisions"), lambda e: str(_revision_count(lr(e))),
               sort=lambda e: _revision_count(lr(e)), right=True),
        Column(translate("Tables", "Updated"), lambda e: text.cst(lr(e).updated_at, True),
               sort=lambda e: lr(e).updated_at.isoformat()),
    ]
    return Table("loss_report", cols)


TABLES: dict[str, Callable[[Picture], Table]] = {
    "incident": incident_table,
    "team": team_table,
    "depot": depot_table,
    "stock": stock_table,
    "material_request": material_table,
    "order": order_table,
    "warning": warning_table,
    "response": response_table,
    "support_request": support_table,
    "plan": plan_table,
    "plan_task": plan_task_table,
    "shelter": shelter_table,
    "loss_report": loss_table,
}
"""Every table by its entity kind, in the order the console builds them."""
