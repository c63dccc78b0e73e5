"""Incident information reports (突发事件信息报送): 初报 → numbered 续报 (only what changed) → 终报,
and the ``info.due`` query over the deadlines of ``protocol.info_reports``."""

from __future__ import annotations

import heapq
from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import is_within
from protocol.catalog import INCIDENT_TYPES
from protocol.commands import InfoDue, InfoSubmit
from protocol.duty import InfoReportKind
from protocol.entities import Incident, InfoContent, InfoReport
from protocol.info_reports import due_items, urgency
from protocol.machines import INCIDENT_TERMINAL

from .api import Tx, result_of
from .authz import require, require_operator, require_within
from .checks import bad_request, local_time, new_id, require_adcode
from .incidents import timeline

_TEXTS = ("place", "cause", "course", "area", "trend", "actions", "requests", "commander_name",
          "commander_post", "commander_phone", "source")
_TIMES = ("occurred_at", "received_at")
_INITIAL_NEEDS = ("occurred_at", "place")  # DOMAIN.md: a report states time and place first


def reports_of(tx: Tx, incident_id: str) -> list[InfoReport]:
    """The incident's reports in the order they were submitted."""
    return sorted((r for r in tx.all(InfoReport) if r.incident_id == incident_id),
                  key=lambda r: (r.submitted_at, r.number))


def picture(reports: list[InfoReport]) -> dict[str, Any]:
    """What the reports so far state, field by field (a later report's value wins)."""
    out: dict[str, Any] = {}
    for r in reports:
        out.update({k: v for k, v in msgspec.structs.asdict(r.content).items()
                    if v is not None})
    return out


def _stated(args: InfoSubmit) -> dict[str, Any]:
    """The fields the command states (None: not stated), texts stripped (blank: not stated),
    times without an offset read as China Standard Time."""
    out: dict[str, Any] = {}
    for name, value in msgspec.structs.asdict(args.content).items():
        if value is None:
            continue
        if name in _TEXTS:
            value = value.strip()
            if not value:
                continue
        if name in _TIMES:
            value = local_time(value)
        out[name] = value
    return out


def _show(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def what_changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    """``deaths 1 → 3, trend``: short values old → new, texts by name."""
    parts = []
    for name, value in after.items():
        if name in _TEXTS and name != "place":
            parts.append(name)
        else:
            old = before.get(name)
            parts.append(f"{name} {_show(old) if old is not None else '—'} → {_show(value)}")
    return ", ".join(parts)


def _title(incident: Incident, stated: dict[str, Any], stage: str, number: int) -> str:
    """Place, type, casualties and progress (DOMAIN.md: what a report's title gives)."""
    kind = INCIDENT_TYPES.get(incident.type_code)
    place = stated.get("place") or incident.address or incident.title
    people = [f"{label}{stated[k]}人" for k, label in (("deaths", "死亡"), ("missing", "失踪"),
                                                      ("injured", "受伤"), ("trapped", "被困"))
              if stated.get(k)]
    progress = {"initial": "初报", "follow_up": f"续报{number}", "final": "终报"}[stage]
    title = f"{place}{kind.zh if kind else incident.type_code}"
    if people:
        title += "，" + "、".join(people)
    return f"{title}（{progress}）"[:200]


def submit(tx: Tx, args: InfoSubmit) -> dict[str, Any]:
    incident = tx.get(Incident, args.incident_id)
    reports = reports_of(tx, incident.id)
    stage = args.stage.value
    require(rules.info_submit(tx.actor, incident, reports, stage, args.channel.value))
    stated = _stated(args)
    before = picture(reports)
    number = 0
    changed: list[str] = []
    if stage == InfoReportKind.INITIAL:
        missing = [f for f in _INITIAL_NEEDS if f not in stated]
        if missing:
            raise bad_request(f"an initial report states {', '.join(missing)}")
    elif stage == InfoReportKind.FOLLOW_UP:
        stated = {k: v for k, v in stated.items() if before.get(k) != v}
        changed = list(stated)
        if not stated and not args.note.strip():
            raise bad_request("a follow-up reports what changed, and nothing did: say so in "
                              "a note")
        number = max((r.number for r in reports if r.stage == "follow_up"), default=0) + 1
    summary = what_changed(before, stated) if stage == InfoReportKind.FOLLOW_UP else ""
    title = args.title.strip() or _title(incident, before | stated, stage, number)
    report = InfoReport(
        id=new_id(), incident_id=incident.id, jurisdiction=incident.jurisdiction,
        stage=args.stage, number=number, channel=args.channel, title=title,
        content=InfoContent(**stated), changed=changed, note=args.note.strip(),
        submitted_by=tx.actor.user, submitted_by_jurisdiction=tx.actor.jurisdiction,
        submitted_at=tx.now, exercise=incident.exercise,
    )
    report = tx.put("info.submit", report)
    if incident.status not in INCIDENT_TERMINAL:  # the record of a closed one stays as it was
        said = {"stage": stage, "channel": args.channel.value, "number": str(number or "")}
        tx.put("info.submit", msgspec.structs.replace(
            incident, timeline=timeline(tx, incident, "info_report", said, summary)))
    return {**result_of(report), "stage": stage, "number": number, "title": title,
            "changed": changed, "what_changed": summary}


def due(tx: Tx, args: InfoDue) -> dict[str, Any]:
    """Query: the reports owed on the open incidents of a jurisdiction, as of a time."""
    require_operator(tx.actor)
    scope = require_adcode(args.jurisdiction) if args.jurisdiction else tx.actor.jurisdiction
    require_within(tx.actor, scope, "jurisdiction")
    at = local_time(args.at) if args.at is not None else tx.now
    incidents = [i for i in tx.all(Incident)
                 if is_within(i.jurisdiction, scope) and i.status not in INCIDENT_TERMINAL]
    ids = {i.id for i in incidents}
    reports = [r for r in tx.all(InfoReport) if r.incident_id in ids]
    by_incident: dict[str, list[InfoReport]] = {}
    for r in reports:
        by_incident.setdefault(r.incident_id, []).append(r)
    items = [item for i in incidents for item in due_items(i, by_incident.get(i.id, []), at)]
    counts = {"overdue": 0, "due": 0, "done": 0}
    for item in items:
        counts[item.state] += 1
    first = heapq.nsmallest(args.limit, items, key=urgency)
    return {"as_of": at.isoformat(), "jurisdiction": scope,
            "items": [item.to_wire() for item in first], "more": len(items) > args.limit,
            "counts": counts}
