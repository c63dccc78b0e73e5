"""The statistics queries: ``stats.losses`` (the roll-up of a disaster process) and
``stats.due`` (what reports are due from whom).

Roll-up: for each county of the process within the asked jurisdiction, the latest accepted
revision as of ``at`` (protocol.reporting.accepted), summed per city and in total. A county is
``reported``, ``zero`` (its latest accepted revision is a zero report), ``returned`` (its
latest revision was returned: the figures are those of the accepted one before it, if any) or
``missing`` (nothing accepted): never a silent 0. Shelters and transfers roll up the same
way: open shelters, capacity and occupancy per county (their present state, whatever ``at``),
and people transferred (紧急避险转移 + 紧急转移安置, the two national indicators, which count
different people).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import is_within, level_of, parent_of
from protocol.commands import StatsDue, StatsLosses
from protocol.entities import DisasterProcess, LossFigures, LossReport, LossRevision, Shelter
from protocol.enums import ReportStatus
from protocol.indicators import INDICATORS
from protocol.reporting import accepted, due_items

from .api import Tx
from .authz import require
from .checks import bad_request, local_time, require_adcode
from .processes import reported


def _as_dict(figures: LossFigures) -> dict[str, Any]:
    return msgspec.structs.asdict(figures)


def _sum(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = _as_dict(LossFigures())
    for row in rows:
        for key, value in row.items():
            total[key] += value
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in total.items()}


def transferred(figures: dict[str, Any]) -> int:
    return int(figures["evacuated"]) + int(figures["relocated"])


def _returned_by(revision: LossRevision, at: datetime) -> bool:
    return revision.status == ReportStatus.RETURNED and (
        revision.returned_at is None or revision.returned_at <= at)


def _county_row(county: str, report: LossReport | None, at: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {"adcode": county, "state": "missing", "report_id": None,
                           "stage": None, "revision": None, "submitted_at": None,
                           "submitted_by": None, "figures": _as_dict(LossFigures())}
    if report is None:
        return row
    seen = [r for r in report.revisions if r.submitted_at <= at]
    standing = accepted(seen, at)
    row["report_id"] = report.id
    if standing:
        latest = standing[-1]
        row.update(state="zero" if latest.zero else "reported", stage=latest.stage.value,
                   revision=latest.revision, submitted_at=latest.submitted_at.isoformat(),
                   submitted_by=latest.submitted_by, figures=_as_dict(latest.figures))
    if seen and _returned_by(seen[-1], at):
        row["state"] = "returned"
        row["returned_reason"] = seen[-1].reason
        row["returned_by"] = seen[-1].returned_by
    row["transferred"] = transferred(row["figures"])
    return row


def _scope(tx: Tx, jurisdiction: str | None) -> str:
    code = require_adcode(jurisdiction or tx.actor.jurisdiction)
    require(rules.stats_scope(tx.actor, code))
    return code


def _shelters(tx: Tx, counties: list[str]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {
        c: {"adcode": c, "open": 0, "capacity": 0, "occupancy": 0} for c in counties}
    for s in tx.all(Shelter):
        row = per.get(s.jurisdiction)
        if row is None or not s.open:
            continue
        row["open"] += 1
        row["capacity"] += s.capacity
        row["occupancy"] += s.occupancy
    rows = [per[c] for c in counties]
    return {"open": sum(r["open"] for r in rows),
            "capacity": sum(r["capacity"] for r in rows),
            "occupancy": sum(r["occupancy"] for r in rows), "counties": rows}


def losses(tx: Tx, args: StatsLosses) -> dict[str, Any]:
    process = tx.get(DisasterProcess, args.process_id)
    scope = _scope(tx, args.jurisdiction)
    if level_of(scope) == "county" and scope not in process.counties:
        raise bad_request(f"county {scope} is not one of disaster process {process.name}")
    at = local_time(args.at) if args.at is not None else tx.now
    reports = reported(tx, process.id)
    counties = [c for c in process.counties if is_within(c, scope)]
    rows = [_county_row(c, reports.get(c), at) for c in counties]
    cities: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        cities.setdefault(parent_of(row["adcode"]) or "", []).append(row)
    city_rows = [{"adcode": city, "figures": _sum(r["figures"] for r in members),
                  "counties": members} for city, members in sorted(cities.items())]
    figures = _sum(r["figures"] for r in rows)
    return {
        "process_id": process.id,
        "jurisdiction": scope,
        "as_of": at.isoformat(),
        "figures": figures,
        "cities": city_rows,
        "missing": [r["adcode"] for r in rows if r["state"] == "missing"],
        "zero": [r["adcode"] for r in rows if r["state"] == "zero"],
        "returned": [r["adcode"] for r in rows if r["state"] == "returned"],
        "shelters": _shelters(tx, counties),
        "transferred": transferred(figures),
        "indicators": [i.field for i in INDICATORS],
    }


def due(tx: Tx, args: StatsDue) -> dict[str, Any]:
    scope = _scope(tx, args.jurisdiction)
    at = local_time(args.at) if args.at is not None else tx.now
    items = []
    for process in sorted(tx.all(DisasterProcess), key=lambda p: (p.started_at, p.id)):
        if process.closed or process.started_at > at:
            continue
        counties = [c for c in process.counties if is_within(c, scope)]
        if not counties:
            continue
        items.extend(due_items(process, reported(tx, process.id), at, counties))
    items.sort(key=lambda i: (i.due_at, i.county))
    return {"as_of": at.isoformat(), "items": [i.as_wire() for i in items]}
