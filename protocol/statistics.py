"""The roll-up of a disaster process (the ``stats.losses`` answer), computed from entities.

Pure: the server answers ``stats.losses`` with it on its state, and the console shows the same
table from its replica. For each county of the process within ``scope``: the latest accepted
revision as of ``at`` (:func:`protocol.reporting.accepted`), summed per city and in total. A
county is ``reported``, ``zero`` (its latest accepted revision is a zero report), ``returned``
(its latest revision was returned; the figures are those of the accepted one before it, if
any) or ``missing`` (nothing accepted): never a silent 0. Shelters roll up the same way (open
shelters, capacity and occupancy per county, as they stand now), and people transferred are
紧急避险转移 + 紧急转移安置 (the two national indicators count different people).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import msgspec

from .adcodes import is_within, parent_of
from .entities import DisasterProcess, LossFigures, LossReport, Shelter
from .enums import ReportStatus
from .indicators import INDICATORS
from .reporting import accepted

STATES = ("reported", "zero", "returned", "missing")


def figures_dict(figures: LossFigures) -> dict[str, Any]:
    return msgspec.structs.asdict(figures)


def summed(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Figures added field by field (money and areas to two decimals)."""
    total: dict[str, Any] = figures_dict(LossFigures())
    for row in rows:
        for key in total:
            total[key] += row.get(key, 0)
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in total.items()}


def transferred(figures: Mapping[str, Any]) -> int:
    return int(figures["evacuated"]) + int(figures["relocated"])


def county_row(county: str, report: LossReport | None, at: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {"adcode": county, "state": "missing", "report_id": None,
                           "stage": None, "revision": None, "submitted_at": None,
                           "submitted_by": None, "figures": figures_dict(LossFigures())}
    if report is not None:
        seen = [r for r in report.revisions if r.submitted_at <= at]
        standing = accepted(seen, at)
        row["report_id"] = report.id
        if standing:
            latest = standing[-1]
            row.update(state="zero" if latest.zero else "reported", stage=latest.stage.value,
                       revision=latest.revision, submitted_at=latest.submitted_at.isoformat(),
                       submitted_by=latest.submitted_by, figures=figures_dict(latest.figures))
        last = seen[-1] if seen else None
        if last is not None and last.status == ReportStatus.RETURNED and (
                last.returned_at is None or last.returned_at <= at):
            row.update(state="returned", returned_reason=last.reason,
                       returned_by=last.returned_by)
    row["transferred"] = transferred(row["figures"])
    return row


def shelter_rollup(shelters: Iterable[Shelter], counties: list[str]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {
        c: {"adcode": c, "open": 0, "capacity": 0, "occupancy": 0} for c in counties}
    for s in shelters:
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


def reports_on(process_id: str, reports: Iterable[LossReport]) -> dict[str, LossReport]:
    """county adcode -> its report on the process."""
    return {r.jurisdiction: r for r in reports if r.process_id == process_id}


def rollup(process: DisasterProcess, reports: Mapping[str, LossReport],
           shelters: Iterable[Shelter], scope: str, at: datetime) -> dict[str, Any]:
    """The ``stats.losses`` answer for ``scope`` (checked by the caller) as of ``at``."""
    counties = [c for c in process.counties if is_within(c, scope)]
    rows = [county_row(c, reports.get(c), at) for c in counties]
    cities: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        cities.setdefault(parent_of(row["adcode"]) or "", []).append(row)
    city_rows = [{"adcode": city, "figures": summed(r["figures"] for r in members),
                  "counties": members} for city, members in sorted(cities.items())]
    figures = summed(r["figures"] for r in rows)
    return {
        "process_id": process.id,
        "jurisdiction": scope,
        "as_of": at.isoformat(),
        "figures": figures,
        "cities": city_rows,
        "missing": [r["adcode"] for r in rows if r["state"] == "missing"],
        "zero": [r["adcode"] for r in rows if r["state"] == "zero"],
        "returned": [r["adcode"] for r in rows if r["state"] == "returned"],
        "shelters": shelter_rollup(shelters, counties),
        "transferred": transferred(figures),
        "indicators": [i.field for i in INDICATORS],
    }
