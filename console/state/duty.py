"""The duty desk in the console, without Qt: the duty-log table, the words of an entry's
steps, what an incident's information reports state so far, what a follow-up changes, and the
information reports the signed-in desk owes (its attention items).

The deadlines are the protocol's (``protocol.info_reports``): the console computes from its
replica the same items the server answers ``info.due`` with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any, cast

import msgspec

from protocol.adcodes import is_within
from protocol.duty import DUTY_TERMINAL, DutyState
from protocol.entities import Base, DutyEntry, Incident, InfoReport, Principal
from protocol.info_reports import CST, LONGEST_INITIAL, DueItem, due_for, is_work_safety
from protocol.machines import INCIDENT_TERMINAL
from protocol.replica import Replica

from . import text
from .colours import SEVERITY, SEVERITY_TEXT
from .i18n import translate
from .tables import Column, Picture, Table

CONTENT_FIELDS = ("occurred_at", "place", "deaths", "injured", "missing", "trapped", "cause",
                  "course", "area", "trend", "actions", "requests", "commander_name",
                  "commander_post", "commander_phone", "source", "received_at")
COUNTS = frozenset({"deaths", "injured", "missing", "trapped"})
TIMES = frozenset({"occurred_at", "received_at"})

OPEN_COLOUR = "#7a5a00"  # an entry still open: amber, with its state word beside it


def tr(s: str) -> str:
    return translate("Duty", s)


def field_label(name: str) -> str:
    """The label of an information-report field (also a duty-log checklist field)."""
    return {
        "occurred_at": tr("Time of the event"), "place": tr("Place"), "deaths": tr("Dead"),
        "injured": tr("Injured"), "missing": tr("Missing"), "trapped": tr("Trapped"),
        "cause": tr("Cause"), "course": tr("Course of events"), "area": tr("Area affected"),
        "trend": tr("Trend"), "actions": tr("Actions taken"), "requests": tr("Requests"),
        "commander_name": tr("On-site commander"), "commander_post": tr("Commander's post"),
        "commander_phone": tr("Commander's phone"), "source": tr("Source"),
        "received_at": tr("Received at"),
    }.get(name, name)


def minute(ts: datetime | None) -> str:
    """A time to the minute in China Standard Time, with the date."""
    if ts is None or ts.year <= 1970:
        return ""
    return ts.astimezone(CST).strftime("%Y-%m-%d %H:%M")


def state_word(state: str) -> str:
    return DutyState(state).label(text.language())


def entry_table(live: Picture) -> Table:
    r = live.replica

    def d(e: Base) -> DutyEntry:
        return cast(DutyEntry, e)

    def incident(e: Base) -> str:
        inc = r.get_typed(Incident, d(e).incident_id or "")
        return inc.number if inc else ""

    def last_step(e: Base) -> str:
        steps = d(e).steps
        if not steps:
            return ""
        s = steps[-1]
        return f"{text.cst(s.at, True)} {s.by}: {s.text}"

    def open_bg(e: Base) -> str | None:
        return OPEN_COLOUR if d(e).state not in DUTY_TERMINAL else None

    cols = [
        Column(tr("Received"), lambda e: minute(d(e).received_at),
               sort=lambda e: d(e).received_at.isoformat()),
        Column(tr("State"), lambda e: state_word(d(e).state), background=open_bg),
        Column(tr("Caller"), lambda e: d(e).caller + (f" ({d(e).caller_unit})"
                                                      if d(e).caller_unit else "")),
        Column(tr("Phone"), lambda e: d(e).phone),
        Column(tr("Type"), lambda e: text.incident_type(d(e).type_code),
               sort=lambda e: d(e).type_code),
        Column(tr("Place"), lambda e: d(e).place, tooltip=lambda e: d(e).summary),
        Column(tr("Grade"), lambda e: text.grade_text(d(e).grade),
               background=lambda e: SEVERITY.get(d(e).grade or ""),
               foreground=lambda e: SEVERITY_TEXT.get(d(e).grade or "")),
        Column(tr("Last step"), last_step, tooltip=last_step),
        Column(tr("Incident"), incident),
    ]
    return Table("duty_entry", cols, also_on=("incident",))


def report_table(live: Picture) -> Table:
    """The information reports (突发事件信息报送) in my area, a follow-up showing only what it
    changed."""
    r = live.replica

    def i(e: Base) -> InfoReport:
        return cast(InfoReport, e)

    def incident(e: Base) -> str:
        inc = r.get_typed(Incident, i(e).incident_id)
        return inc.number if inc else i(e).incident_id

    def said(e: Base) -> str:
        return content_text(i(e)) or i(e).note

    def by(e: Base) -> str:
        return f"{i(e).submitted_by} ({text.place(r, i(e).submitted_by_jurisdiction)})"

    def stage(e: Base) -> str:
        word = i(e).stage.label(text.language())
        return f"{word} {i(e).number}" if i(e).stage == "follow_up" else word

    cols = [
        Column(tr("Submitted"), lambda e: minute(i(e).submitted_at),
               sort=lambda e: i(e).submitted_at.isoformat()),
        Column(tr("Incident"), incident),
        Column(tr("Report"), stage, sort=lambda e: (i(e).incident_id, i(e).submitted_at)),
        Column(tr("Channel"), lambda e: i(e).channel.label(text.language())),
        Column(tr("By"), by),
        Column(tr("Title"), lambda e: i(e).title, tooltip=lambda e: i(e).title),
        Column(tr("Content (a follow-up: what changed)"), lambda e: said(i(e)), tooltip=said),
    ]
    return Table("info_report", cols, also_on=("incident",))


def _row(label: str, value: object) -> str:
    return f"<tr><td><b>{escape(label)}</b></td><td>{escape(str(value))}</td></tr>"


def steps_html(entry: DutyEntry) -> str:
    """The entry's checklist and its steps, for the panel's detail pane."""
    row = _row

    casualties = f"{entry.deaths}/{entry.injured}/{entry.missing}/{entry.trapped}"
    rows = [row(tr("Received"), minute(entry.received_at)),
            row(tr("Caller"), f"{entry.caller} {entry.caller_unit}".strip()),
            row(tr("Phone"), entry.phone),
            row(tr("Type"), text.incident_type(entry.type_code)),
            row(tr("Time of the event"), minute(entry.occurred_at)),
            row(tr("Place"), entry.place),
            row(tr("Grade"), text.grade_text(entry.grade)),
            row(tr("Dead/injured/missing/trapped"), casualties),
            row(tr("What happened"), entry.summary),
            row(tr("Actions taken"), entry.actions),
            row(tr("Help wanted"), entry.help_wanted),
            row(tr("State"), state_word(entry.state))]
    if entry.close_reason:
        rows.append(row(tr("Closed because"), entry.close_reason))
    steps = "".join(
        f"<tr><td>{s.n}</td><td>{escape(text.cst(s.at, True))}</td><td>{escape(s.by)}</td>"
        f"<td>{escape(s.what.label(text.language()))}</td><td>{escape(s.text)}</td></tr>"
        for s in entry.steps)
    return (f"<table cellpadding='2'>{''.join(rows)}</table>"
            f"<h4>{escape(tr('Steps'))}</h4><table cellpadding='2'>{steps}</table>")


def report_html(replica: Replica, report: InfoReport) -> str:
    """One information report: a follow-up lists only the fields it changed."""
    inc = replica.get_typed(Incident, report.incident_id)
    stage = report.stage.label(text.language())
    if report.stage == "follow_up":
        stage = f"{stage} {report.number}"
    rows = [_row(tr("Incident"), inc.number if inc else report.incident_id),
            _row(tr("Report"), stage),
            _row(tr("Channel"), report.channel.label(text.language())),
            _row(tr("Submitted"), minute(report.submitted_at)),
            _row(tr("By"), f"{report.submitted_by} "
                           f"({text.place(replica, report.submitted_by_jurisdiction)})")]
    for name, value in msgspec.structs.asdict(report.content).items():
        if value is not None:
            rows.append(_row(field_label(name),
                             minute(value) if isinstance(value, datetime) else value))
    if report.note:
        rows.append(_row(tr("Note"), report.note))
    return (f"<h3 style='margin:2px 0'>{escape(report.title)}</h3>"
            f"<table cellpadding='2'>{''.join(rows)}</table>")


RENDERERS: dict[str, Callable[[Replica, Base], str]] = {
    "duty_entry": lambda _r, e: steps_html(cast(DutyEntry, e)),
    "info_report": lambda r, e: report_html(r, cast(InfoReport, e)),
}
"""Detail renderers of the duty desk's kinds (console.state.detail_html uses them)."""


# -- information reports ---------------------------------------------------------------------
def reports_of(replica: Replica, incident_id: str) -> list[InfoReport]:
    return sorted((r for r in replica.all_typed(InfoReport) if r.incident_id == incident_id),
                  key=lambda r: (r.submitted_at, r.number))


def stated(replica: Replica, incident_id: str) -> dict[str, Any]:
    """What the incident's reports state so far, field by field (the newest value wins)."""
    out: dict[str, Any] = {}
    for r in reports_of(replica, incident_id):
        out.update({k: v for k, v in msgspec.structs.asdict(r.content).items()
                    if v is not None})
    return out


def changed_content(before: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The fields of a follow-up form that differ from what was stated before: all a
    follow-up sends. Blank texts are not statements."""
    out: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        old = before.get(name)
        if name in TIMES and isinstance(value, datetime) and isinstance(old, datetime):
            if abs((value - old).total_seconds()) < 60:  # the form shows minutes
                continue
        elif value == old:
            continue
        out[name] = value
    return out


def content_text(report: InfoReport) -> str:
    """A report's content in one line: a follow-up names only what it changed."""
    parts = []
    for name, value in msgspec.structs.asdict(report.content).items():
        if value is None:
            continue
        shown = minute(value) if isinstance(value, datetime) else str(value)
        parts.append(f"{field_label(name)}: {shown}")
    return "; ".join(parts)


@dataclass(frozen=True)
class Owed:
    """An information report the signed-in desk owes, as an attention item."""

    key: str
    incident_id: str
    text: str
    overdue: bool


def item_key(item: DueItem) -> str:
    return (f"info:{item.incident_id}:{item.rule}:{item.kind}:{item.channel}:{item.to}:"
            f"{item.due_at.isoformat()}:{item.state}")


def item_text(item: DueItem, incident: Incident | None) -> str:
    kind = {"initial": tr("Initial information report"),
            "follow_up": tr("Follow-up report {n}").format(n=item.number)}.get(item.kind,
                                                                             item.kind)
    channel = tr("by phone") if item.channel == "phone" else tr("in writing")
    to = {"county": tr("to the county regulator"), "city": tr("to the city"),
          "province": tr("to the province"), "state": tr("to the State Council department")
          }.get(item.to, "")
    when = tr("OVERDUE since {t}") if item.state == "overdue" else tr("due by {t}")
    number = incident.number if incident else item.incident_id
    parts = [kind, channel, to] if to else [kind, channel]
    return f"{number}: {' '.join(parts)} — {when.format(t=text.cst(item.due_at, True))}"


ATTENTION_WINDOW = timedelta(hours=24)
"""An item overdue longer than this is backlog, not news: it stays in the info.due list but
raises no alert (an incident from before the desk reported here would raise one forever)."""
ATTENTION_MAX = 50  # alerts at most, the most urgent first


def owed(replica: Replica, me: Principal | None, now: datetime,
         soon: timedelta = timedelta(minutes=30)) -> list[Owed]:
    """The reports my desk owes now: overdue (for less than a day), or due within ``soon``
    (the 15-minute call is due within half an hour from the start)."""
    if me is None:
        return []
    reports: dict[str, list[InfoReport]] = {}
    for r in replica.all_typed(InfoReport):
        reports.setdefault(r.incident_id, []).append(r)
    recent = now - ATTENTION_WINDOW - LONGEST_INITIAL  # received before: only follow-ups
    mine = me.jurisdiction
    incidents = [i for i in replica.all_typed(Incident)
                 if i.status not in INCIDENT_TERMINAL and is_within(i.jurisdiction, mine)
                 and (i.jurisdiction == mine or is_work_safety(i.type_code))
                 and (i.reported_at >= recent or i.id in reports)]
    by_id = {i.id: i for i in incidents}
    out = []
    for item in due_for(incidents, (r for i in incidents for r in reports.get(i.id, ())), now):
        if item.owes != mine or item.state == "done":
            continue
        if item.state == "due" and item.due_at - now > soon:
            continue
        if item.state == "overdue" and now - item.due_at > ATTENTION_WINDOW:
            continue
        out.append(Owed(item_key(item), item.incident_id,
                        item_text(item, by_id.get(item.incident_id)), item.state == "overdue"))
    return out[:ATTENTION_MAX]
