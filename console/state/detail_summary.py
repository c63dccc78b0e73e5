"""What the Detail panel shows while nothing is selected: the picture in a few counts.

Open incidents by grade, teams by status, responses in force, active warnings and what waits
for a decision, then a hint on how to see more. Read from the replica; scoped as it is.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from protocol.entities import (
    Incident,
    MaterialRequest,
    Response,
    SupportRequest,
    Team,
    Warning,
)
from protocol.enums import Grade, TeamStatus
from protocol.machines import INCIDENT_TERMINAL
from protocol.replica import Replica

from . import text
from .detail_html import chip
from .i18n import translate

_GRADES = ("I", "II", "III", "IV")


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def _table(rows: list[tuple[str, str]], align: str = "right") -> str:
    cells = "".join(
        f"<tr><td style='padding-right:10px'>{k}</td><td align='{align}'><b>{v}</b></td></tr>"
        for k, v in rows
    )
    return f"<table cellspacing='0' cellpadding='2'>{cells}</table>"


def _h(title: str) -> str:
    return f"<h4 style='margin:10px 0 2px 0'>{escape(title)}</h4>"


def summary(replica: Replica) -> str:
    incidents = [i for i in replica.all_typed(Incident) if i.status not in INCIDENT_TERMINAL]
    grades = Counter(i.grade.value if i.grade else None for i in incidents)
    parts = [_h(tr("Open incidents: {n}").format(n=len(incidents)))]
    rows = [(chip(g, text.label(Grade(g))), str(grades[g])) for g in _GRADES if grades[g]]
    if grades[None]:
        rows.append((escape(tr("not graded yet")), str(grades[None])))
    drills = sum(1 for i in incidents if i.exercise)
    if drills:
        rows.append((escape(tr("of which exercises")), str(drills)))
    parts.append(_table(rows) if rows else f"<p>{escape(tr('None.'))}</p>")

    teams = replica.all_typed(Team)
    statuses = Counter(t.status for t in teams)
    parts.append(_h(tr("Teams: {n}").format(n=len(teams))))
    parts.append(_table([(escape(text.label(s)), str(statuses[s]))
                         for s in TeamStatus if statuses[s]]))

    responses = [r for r in replica.all_typed(Response) if r.status == "active"]
    parts.append(_h(tr("Responses in force: {n}").format(n=len(responses))))
    parts.append(_table([
        (chip(r.level.value, text.label(r.level)),
         escape(f"{text.label(r.hazard)} · {text.place(replica, r.jurisdiction)}"))
        for r in sorted(responses, key=lambda r: r.level.value)
    ], align="left"))

    warnings = [w for w in replica.all_typed(Warning) if w.state == "active"]
    waiting = [
        (tr("Active warnings"), len(warnings)),
        (tr("Support requests awaiting a decision"),
         sum(1 for s in replica.all_typed(SupportRequest) if s.status == "requested")),
        (tr("Material requests awaiting approval"),
         sum(1 for m in replica.all_typed(MaterialRequest) if m.status == "submitted")),
    ]
    parts.append(_h(tr("Waiting")))
    parts.append(_table([(escape(k), str(n)) for k, n in waiting]))
    parts.append("<p style='color:#9aa0a6'>" + escape(tr(
        "Select an incident, team, order, warning or request (in a table or on the map) "
        "to see its details and the actions it allows.")) + "</p>")
    return "".join(parts)
