"""HTML for the detail panel: one renderer per entity kind, reading the replica."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import cast

import msgspec

from protocol.adcodes import is_within
from protocol.entities import (
    Assignment,
    Base,
    Incident,
    LossReport,
    MaterialRequest,
    Order,
    Response,
    Shelter,
    SupportRequest,
    Team,
    Warning,
)
from protocol.replica import Replica

from . import duty, order_replies, text, timeline_words
from .colours import COLOUR_CODE, EXERCISE, SEVERITY, SEVERITY_TEXT
from .i18n import translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def word(key: str) -> str:
    """Words used inside f-strings, spelled out here so lupdate collects them."""
    return {
        "Acknowledgments": tr("Acknowledgments"),
        "ended": tr("ended"),
        "EXERCISE": tr("EXERCISE"),
        "Loss report": tr("Loss report"),
        "Material request": tr("Material request"),
        "No team assigned.": tr("No team assigned."),
        "Nothing selected.": tr("Nothing selected."),
        "Order": tr("Order"),
        "received": tr("received"),
        "shipped": tr("shipped"),
        "since": tr("since"),
    }[key]


def chip(code: str | None, label: str) -> str:
    if not code:
        return escape(label)
    return (
        f"<span style='background:{SEVERITY.get(code, '#555')};"
        f"color:{SEVERITY_TEXT.get(code, '#fff')};font-weight:bold'>"
        f"&nbsp;{escape(label)}&nbsp;</span>"
    )


def _rows(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td style='color:#9aa0a6;padding-right:8px'>{escape(k)}</td><td>{v}</td></tr>"
        for k, v in pairs
    )
    return f"<table cellspacing='0' cellpadding='1'>{cells}</table>"


def _h(title: str) -> str:
    return f"<h4 style='margin:8px 0 2px 0'>{escape(title)}</h4>"


def _exercise(flag: bool) -> str:
    if not flag:
        return ""
    return (
        f"<p><span style='background:{EXERCISE};color:white;font-weight:bold'>&nbsp;"
        f"{escape(word('EXERCISE'))}&nbsp;</span></p>"
    )


def render(replica: Replica, kind: str, id: str) -> str:
    ent = replica.get(kind, id)
    if ent is None:
        return f"<p>{escape(word('Nothing selected.'))}</p>"
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        return _generic(ent)
    return renderer(replica, ent)


def _generic(ent: Base) -> str:
    pairs = [
        (k, escape(str(v)))
        for k, v in msgspec.structs.asdict(ent).items()
        if not isinstance(v, (list, dict))
    ]
    return _rows(pairs)


def _reporter(r: Replica, inc: Incident) -> str:
    """The reporting user, with its jurisdiction when it reported from outside the owner's."""
    where = inc.reported_by_jurisdiction
    if not where or is_within(where, inc.jurisdiction):
        return inc.reported_by
    return f"{inc.reported_by} ({text.place(r, where)})"


def forms_tr(s: str) -> str:
    return translate("Forms", s)


def _how_reported(inc: Incident) -> list[tuple[str, str]]:
    """When it happened, who reported it and how, as far as stated."""
    rows = []
    if inc.occurred_at is not None:
        rows.append((forms_tr("Occurred"), escape(text.cst(inc.occurred_at, True))))
    if inc.reporter or inc.reporter_phone:
        rows.append((forms_tr("Reported by"),
                     escape(f"{inc.reporter} {inc.reporter_phone}".strip())))
    if inc.source is not None:
        rows.append((forms_tr("Source"), escape(text.label(inc.source))))
    return rows


def _incident(r: Replica, ent: Base) -> str:
    inc = cast(Incident, ent)
    grade = chip(inc.grade, text.grade_name(inc.grade)) if inc.grade \
        else escape(tr("not graded"))
    out = [
        f"<h3 style='margin:2px 0'>{escape(inc.title)}</h3>",
        _exercise(inc.exercise),
        _rows([
            (tr("Number"), escape(inc.number)),
            (tr("Grade"), grade),
            (tr("Status"), escape(text.label(inc.status))),
            (tr("Type"), escape(f"{inc.type_code} {text.incident_type(inc.type_code)}")),
            (tr("Place"), escape(f"{text.place(r, inc.jurisdiction)} {inc.address}")),
            (tr("Position (WGS-84)"), f"{inc.lon:.5f}, {inc.lat:.5f}"),
            (tr("Dead / injured / missing / trapped"),
             escape(text.figures(inc, "deaths", "injured", "missing", "trapped", sep=" / ")
                    + (f" ({text.withheld_note()})"
                       if text.any_withheld(inc, "deaths") else ""))),
            *_how_reported(inc),
            (tr("Reported"), escape(f"{text.cst(inc.reported_at, True)} {_reporter(r, inc)}")),
        ]),
    ]
    if inc.description:
        out.append(f"<p>{escape(inc.description)}</p>")
    assignments = [a for a in r.all_typed(Assignment) if a.incident_id == inc.id]
    out.append(_h(tr("Assignments")))
    if assignments:
        lines = []
        for a in sorted(assignments, key=lambda a: a.ordered_at):
            team = r.get_typed(Team, a.team_id)
            ack = text.cst(a.acknowledged_at) if a.acknowledged_at else tr("not acknowledged")
            lines.append(
                f"<li><b>{escape(team.name if team else a.team_id)}</b> — "
                f"{escape(text.label(a.status))} — {escape(a.task)} ({escape(ack)})</li>"
            )
        out.append(f"<ul style='margin:0'>{''.join(lines)}</ul>")
    else:
        out.append(f"<p>{escape(word('No team assigned.'))}</p>")
    supports = [s for s in r.all_typed(SupportRequest) if s.incident_id == inc.id]
    if supports:
        out.append(_h(tr("Support requests")))
        out.append("<ul style='margin:0'>" + "".join(
            f"<li>{escape(text.capability(s.capability))} ×{s.count} — "
            f"{escape(text.label(s.status))}"
            f"{' — ' + escape(s.reason) if s.reason else ''}</li>" for s in supports
        ) + "</ul>")
    responses = [
        x for x in r.all_typed(Response)
        if x.status == "active" and (
            is_within(inc.jurisdiction, x.jurisdiction)
            or any(is_within(inc.jurisdiction, a) for a in x.area)
        )
    ]
    out.append(_h(tr("Responses in force here")))
    out.append(" ".join(
        chip(x.level, f"{text.label(x.level)} {text.label(x.hazard)}") for x in responses
    ) or escape(tr("None.")))
    reports = [lr for lr in r.all_typed(LossReport) if lr.incident_id == inc.id]
    for lr in reports:
        out.append(_h(f"{word('Loss report')}: {lr.title or text.label(lr.hazard)}"))
        out.append(_loss_revisions(lr))
    out.append(_h(tr("Timeline")))
    out.append("<ul style='margin:0'>" + "".join(
        f"<li>{escape(text.cst(t.ts, True))} <i>{escape(t.actor)}</i> "
        f"{escape(timeline_words.words(t))}</li>"
        for t in reversed(inc.timeline)
    ) + "</ul>")
    return "".join(out)


def _loss_revisions(lr: LossReport) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in (
        tr("Rev."), tr("Stage"), tr("Affected"), tr("Dead"), tr("Missing"), tr("Relocated"),
        tr("Houses collapsed"), tr("Loss (10k CNY)")))
    rows = "".join(
        f"<tr><td>{rv.revision}</td><td>{escape(text.label(rv.stage))}</td>"
        f"<td>{rv.figures.affected_population}</td><td>{rv.figures.deaths}</td>"
        f"<td>{rv.figures.missing}</td><td>{rv.figures.relocated}</td>"
        f"<td>{rv.figures.houses_collapsed}</td><td>{rv.figures.direct_loss_10k_cny:g}</td></tr>"
        for rv in lr.revisions
    )
    return f"<table border='1' cellspacing='0' cellpadding='2'><tr>{head}</tr>{rows}</table>"


def _team(r: Replica, ent: Base) -> str:
    t = cast(Team, ent)
    a = r.get_typed(Assignment, t.assignment_id or "")
    inc = r.get_typed(Incident, a.incident_id) if a else None
    pos = r.positions.get(t.id)
    return "".join([
        f"<h3 style='margin:2px 0'>{escape(t.name)}</h3>",
        _exercise(t.exercise),
        _rows([
            (tr("Type"), escape(text.label(t.type))),
            (tr("Status"), escape(f"{text.label(t.status)} ({word('since')} "
                                  f"{text.cst(t.status_since, True)})")),
            (tr("Owner"), escape(text.place(r, t.jurisdiction))),
            (tr("Base"), escape(t.base_name)),
            (tr("People"), str(t.headcount)),
            (tr("Capabilities"), escape(text.capabilities(t.capabilities))),
            (tr("Equipment"), escape(", ".join(t.equipment))),
            (tr("Contact"), escape(t.contact)),
            (tr("Assignment"), escape(f"{inc.number} {inc.title} — {a.task}") if inc and a
             else "—"),
            (tr("Last position"), f"{pos.lon:.5f}, {pos.lat:.5f} @ {text.cst(pos.ts)}" if pos
             else "—"),
        ]),
    ])


def _reply_by(o: Order) -> list[tuple[str, str]]:
    if o.reply_by is None:
        return []
    when = escape(text.cst(o.reply_by, True))
    if order_replies.overdue(o, datetime.now(UTC)):
        when += f" <b style='color:#e06666'>{escape(forms_tr('overdue'))}</b>"
    return [(forms_tr("Reply by"), when)]


def _order(r: Replica, ent: Base) -> str:
    o = cast(Order, ent)
    lines = []
    for a in o.addressees:
        rec = o.acks.get(a)
        team = r.get_typed(Team, a[5:]) if a.startswith("team:") else None
        name = team.name if team is not None else text.place(r, a)
        state = (f"✔ {text.cst(rec.at, True)} {rec.by}" if rec
                 else "✘ " + tr("waiting"))
        lines.append(f"<li>{escape(name)} — {escape(state)}</li>")
    return "".join([
        f"<h3 style='margin:2px 0'>{escape(word('Order'))} {escape(o.number)}</h3>",
        _exercise(o.exercise),
        _rows([
            (tr("From"), escape(f"{text.place(r, o.issuer)} ({o.issued_by})")),
            (tr("Issued"), escape(text.cst(o.issued_at, True))),
            (forms_tr("Priority"), escape(text.label(o.priority))),
            *_reply_by(o),
        ]),
        f"<p>{escape(o.text)}</p>",
        _h(f"{word('Acknowledgments')} {len(o.acks)}/{len(o.addressees)}"),
        f"<ul style='margin:0'>{''.join(lines)}</ul>",
    ])


def _warning(r: Replica, ent: Base) -> str:
    w = cast(Warning, ent)
    code = COLOUR_CODE.get(w.colour)
    return "".join([
        f"<h3 style='margin:2px 0'>{chip(code, text.label(w.colour))} {escape(w.headline)}</h3>",
        _rows([
            (tr("Hazard"), escape(text.label(w.hazard))),
            (tr("State"), escape(text.label(w.state))),
            (tr("Area"), escape(", ".join(text.place(r, a) for a in w.area))),
            (tr("Onset"), escape(text.cst(w.onset, True))),
            (tr("Expires"), escape(text.cst(w.expires, True))),
            (tr("CAP"), escape(f"{w.identifier} {w.msg_status.value} {w.msg_type.value}")),
        ]),
        f"<p>{escape(w.text)}</p>",
    ])


def _response(r: Replica, ent: Base) -> str:
    x = cast(Response, ent)
    hist = "".join(
        f"<li>{escape(text.cst(h.ts, True))} {escape(h.actor)}: "
        f"{escape(text.label(h.level) if h.level else word('ended'))} {escape(h.note)}</li>"
        for h in x.history
    )
    return "".join([
        f"<h3 style='margin:2px 0'>"
        f"{chip(x.level if x.status == 'active' else None, text.label(x.level))} "
        f"{escape(text.label(x.hazard))}</h3>",
        _exercise(x.exercise),
        _rows([
            (tr("Headquarters"), escape(text.label(x.headquarters))),
            (tr("Place"), escape(text.place(r, x.jurisdiction))),
            (tr("Area"), escape(", ".join(text.place(r, a) for a in x.area) or "—")),
            (tr("State"), escape(text.label(x.status))),
        ]),
        _h(tr("History")), f"<ul style='margin:0'>{hist}</ul>",
    ])


def _material(r: Replica, ent: Base) -> str:
    m = cast(MaterialRequest, ent)
    lines = "".join(
        f"<li>{escape(text.material(li.item_code))}: {li.quantity} "
        f"({word('shipped')} {li.shipped}, {word('received')} {li.received})</li>" for li in m.lines
    )
    hist = "".join(
        f"<li>{escape(text.cst(h.ts, True))} {escape(h.actor)}: {escape(h.text)}</li>"
        for h in m.history
    )
    return "".join([
        f"<h3 style='margin:2px 0'>{escape(word('Material request'))} {escape(m.number)}</h3>",
        _exercise(m.exercise),
        _rows([
            (tr("Status"), escape(text.label(m.status))),
            (tr("Requester"), escape(text.place(r, m.requester))),
            (tr("Decider"), escape(text.place(r, m.decider))),
            (tr("Source depot"), escape(m.source_depot_id or "—")),
            (tr("Destination"), escape(m.destination)),
            (tr("Reason"), escape(m.reason)),
        ]),
        f"<ul style='margin:0'>{lines}</ul>", _h(tr("History")),
        f"<ul style='margin:0'>{hist}</ul>",
    ])


def _shelter(r: Replica, ent: Base) -> str:
    s = cast(Shelter, ent)
    return "".join([
        f"<h3 style='margin:2px 0'>{escape(s.name)}</h3>",
        _rows([
            (tr("Tier"), escape(text.label(s.tier))),
            (tr("Place"), escape(f"{text.place(r, s.jurisdiction)} {s.address}")),
            (tr("Open"), escape(tr("open") if s.open else tr("closed"))),
            (tr("Occupancy"), f"{s.occupancy} / {s.capacity}"),
        ]),
    ])


def _loss(r: Replica, ent: Base) -> str:
    lr = cast(LossReport, ent)
    return "".join([
        f"<h3 style='margin:2px 0'>{escape(lr.title or text.label(lr.hazard))}</h3>",
        _exercise(lr.exercise),
        _rows([(tr("Place"), escape(text.place(r, lr.jurisdiction))),
               (tr("Stage"), escape(text.label(lr.stage)))]),
        _loss_revisions(lr),
    ])


_RENDERERS = {
    "incident": _incident,
    "team": _team,
    "order": _order,
    "warning": _warning,
    "response": _response,
    "material_request": _material,
    "shelter": _shelter,
    "loss_report": _loss,
}
_RENDERERS.update(duty.RENDERERS)
