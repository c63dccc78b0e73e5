"""Disaster statistics in the console, without Qt: the roll-up table of a process and the
reports due that the attention list raises.

Both come from the replica through the protocol's pure functions
(``protocol.statistics.rollup``, ``protocol.reporting.due_items``), so the console shows what
``stats.losses`` and ``stats.due`` would answer. A county's state is always a word (reported,
zero report, not reported, returned), never a silent 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from protocol.adcodes import is_within
from protocol.entities import DisasterProcess, LossReport, Principal, Shelter
from protocol.enums import LossReportKind
from protocol.indicators import BY_FIELD, KEY
from protocol.replica import Replica
from protocol.reporting import DUE_SOON, DueItem, DueState, due_items
from protocol.statistics import reports_on, rollup

from . import text
from .i18n import translate


def tr(s: str) -> str:
    return translate("Statistics", s)


def state_word(state: str) -> str:
    return {"reported": tr("Reported"), "zero": tr("Zero report"),
            "missing": tr("Not reported"), "returned": tr("Returned")}.get(state, state)


def indicator_label(name: str) -> str:
    return BY_FIELD[name].label("zh" if text.language() == "zh" else "en")


def processes(replica: Replica) -> list[DisasterProcess]:
    """Visible processes: open ones first, newest first."""
    return sorted(replica.all_typed(DisasterProcess),
                  key=lambda p: (p.closed, -p.started_at.timestamp(), p.id))


@dataclass
class StatRow:
    level: str  # "total", "city" or "county"
    adcode: str
    name: str
    state: str = ""  # counties: reported / zero / missing / returned
    figures: dict[str, Any] = field(default_factory=dict)
    report_id: str | None = None
    stage: str | None = None
    revision: int | None = None
    submitted_by: str | None = None
    reason: str = ""
    overdue: list[DueItem] = field(default_factory=list)
    shelters: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # total/city: counties per state

    @property
    def state_text(self) -> str:
        if self.level != "county":
            parts = [f"{state_word(s)} {n}" for s, n in self.counts.items() if n]
            return " · ".join(parts)
        word = state_word(self.state)
        if self.overdue:
            word += " · " + tr("overdue: {what}").format(
                what=", ".join(due_label(i) for i in self.overdue))
        return word


def due_label(item: DueItem) -> str:
    if item.kind == LossReportKind.FOLLOW_UP:
        return tr("follow-up {n}").format(n=item.number)
    return text.label(item.kind)


def _counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"reported": 0, "zero": 0, "returned": 0, "missing": 0}
    for r in rows:
        counts[r["state"]] += 1
    return counts


def scope_of(replica: Replica, principal: Principal | None, process: DisasterProcess) -> str:
    """The asker's own jurisdiction: the roll-up the asker may see."""
    return principal.jurisdiction if principal is not None else process.jurisdiction


def table(replica: Replica, process: DisasterProcess, scope: str, now: datetime
          ) -> tuple[dict[str, Any], list[StatRow]]:
    """The roll-up answer and its rows: the total (when there are several cities), then each
    city and its counties."""
    reports = reports_on(process.id, replica.all_typed(LossReport))
    result = rollup(process, reports, replica.all_typed(Shelter), scope, now)
    late: dict[str, list[DueItem]] = {}
    for item in due_items(process, reports, now):
        if item.state == DueState.OVERDUE:
            late.setdefault(item.county, []).append(item)
    shelters = {s["adcode"]: s for s in result["shelters"]["counties"]}
    every = [c for city in result["cities"] for c in city["counties"]]
    rows = []
    if len(result["cities"]) > 1:  # one city: its row is the total
        rows.append(StatRow(
            "total", scope, tr("Total: {place}").format(place=text.place(replica, scope)),
            figures=result["figures"], counts=_counts(every),
            shelters={k: result["shelters"][k] for k in ("open", "capacity", "occupancy")}))
    for city in result["cities"]:
        members = city["counties"]
        rows.append(StatRow(
            "city", city["adcode"], text.place(replica, city["adcode"]),
            figures=city["figures"], counts=_counts(members),
            shelters={k: sum(shelters[c["adcode"]][k] for c in members)
                      for k in ("open", "capacity", "occupancy")}))
        for c in members:
            rows.append(StatRow(
                "county", c["adcode"], text.place(replica, c["adcode"]), state=c["state"],
                figures=c["figures"], report_id=c["report_id"], stage=c["stage"],
                revision=c["revision"], submitted_by=c["submitted_by"],
                reason=c.get("returned_reason", ""), overdue=late.get(c["adcode"], []),
                shelters={k: shelters[c["adcode"]][k] for k in ("open", "capacity",
                                                                "occupancy")}))
    return result, rows


COLUMNS = ("name", "state", "stage", *KEY, "transferred", "shelters")


def cell(row: StatRow, column: str) -> str:
    """The text of one cell: figures of a county that has not reported are a dash, not 0."""
    if column == "name":
        return ("    " if row.level == "county" else "") + row.name
    if column == "state":
        return row.state_text
    if column == "stage":
        if row.stage is None:
            return ""
        stage = text.label(LossReportKind(row.stage))
        return tr("{stage} (rev. {n})").format(stage=stage, n=row.revision)
    if row.level == "county" and row.revision is None:
        return "—"  # nothing accepted: not reported, or returned before any acceptance
    if column == "transferred":
        return f"{row.figures['evacuated'] + row.figures['relocated']:,}"
    if column == "shelters":
        s = row.shelters
        return f"{s['open']} · {s['occupancy']:,}/{s['capacity']:,}" if s else ""
    value = row.figures.get(column, 0)
    return f"{value:,.2f}" if isinstance(value, float) else f"{value:,}"


def header(column: str) -> str:
    if column == "name":
        return tr("Jurisdiction")
    if column == "state":
        return tr("State")
    if column == "stage":
        return tr("Latest report")
    if column == "transferred":
        return tr("Transferred")
    if column == "shelters":
        return tr("Shelters open · occupancy/capacity")
    return indicator_label(column)


# -- attention -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DueAlert:
    key: str
    process_id: str
    text: str
    overdue: bool


def due_alerts(replica: Replica, principal: Principal | None, now: datetime) -> list[DueAlert]:
    """Reports overdue or due soon from counties within the principal's jurisdiction: the
    county that owes them sees them, and so do the levels above."""
    if principal is None:
        return []
    out: list[DueAlert] = []
    reports = list(replica.all_typed(LossReport))
    for p in processes(replica):
        if p.closed:
            continue
        counties = [c for c in p.counties if is_within(c, principal.jurisdiction)]
        if not counties:
            continue
        soon = DUE_SOON / p.time_scale
        for item in due_items(p, reports_on(p.id, reports), now, counties):
            late = item.state == DueState.OVERDUE
            if not late and not (item.state == DueState.DUE and item.due_at - now <= soon):
                continue
            words = (tr("{what} from {county} overdue since {due} ({process})") if late
                     else tr("{what} from {county} due by {due} ({process})"))
            out.append(DueAlert(
                f"due:{p.id}:{item.county}:{item.kind.value}:{item.number or 0}", p.id,
                words.format(what=due_label(item), county=text.place(replica, item.county),
                             due=text.cst(item.due_at, with_date=True), process=p.name),
                late))
    return out
