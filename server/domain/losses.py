"""Loss reports (灾情): initial, follow-up and final; every revision is kept.

``loss.submit`` without an id opens a report; with an id it adds a revision. The current
figures are those of the latest revision; earlier ones stay in ``revisions``. A report never
goes back a stage (a final report may still be revised as final).
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol.commands import LossReportSubmit
from protocol.entities import Incident, LossFigures, LossReport, LossRevision
from protocol.enums import LossReportKind
from protocol.limits import keep_newest

from .api import Tx, result_of
from .authz import require_within
from .checks import bad_request, conflict, new_id, require_adcode

STAGE_ORDER = {LossReportKind.INITIAL: 0, LossReportKind.FOLLOW_UP: 1, LossReportKind.FINAL: 2}


def _figures(args: LossReportSubmit) -> LossFigures:
    """The submitted figures as stored (their ranges were checked when the args decoded)."""
    return LossFigures(**msgspec.structs.asdict(args.figures))


def _revision(tx: Tx, number: int, args: LossReportSubmit) -> LossRevision:
    return LossRevision(revision=number, stage=args.stage, figures=_figures(args),
                        submitted_by=tx.actor.user, submitted_at=tx.now, note=args.note)


def submit(tx: Tx, args: LossReportSubmit) -> dict[str, Any]:
    if args.id is None:
        return _open(tx, args)
    report = tx.get(LossReport, args.id)
    require_within(tx.actor, report.jurisdiction, "loss_report")
    tx.check_version(report)
    if args.jurisdiction is not None and args.jurisdiction != report.jurisdiction:
        raise bad_request("a revision cannot move the report to another jurisdiction")
    if args.incident_id is not None and args.incident_id != report.incident_id:
        tx.get(Incident, args.incident_id)
        raise bad_request("a revision cannot move the report to another incident")
    if args.hazard is not None and args.hazard != report.hazard:
        raise bad_request("a revision cannot change the report's hazard")
    if STAGE_ORDER[args.stage] < STAGE_ORDER[report.stage]:
        raise conflict(f"the report is at stage {report.stage.value}; "
                       f"it cannot go back to {args.stage.value}")
    last = report.revisions[-1].revision if report.revisions else 0
    revision = _revision(tx, last + 1, args)
    changed = msgspec.structs.replace(
        report, stage=args.stage, figures=_figures(args),
        revisions=keep_newest(LossReport, "revisions", [*report.revisions, revision]),
        title=args.title or report.title,
    )
    return {**result_of(tx.put("loss.submit", changed)), "revision": revision.revision}


def _open(tx: Tx, args: LossReportSubmit) -> dict[str, Any]:
    if args.hazard is None:
        raise bad_request("a new loss report needs a hazard")
    jurisdiction = require_adcode(args.jurisdiction or tx.actor.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    if args.incident_id is not None:
        tx.get(Incident, args.incident_id)
    report = LossReport(
        id=new_id(),
        jurisdiction=jurisdiction,
        hazard=args.hazard,
        incident_id=args.incident_id,
        title=args.title,
        stage=args.stage,
        figures=_figures(args),
        revisions=[_revision(tx, 1, args)],
        exercise=args.exercise,
    )
    return {**result_of(tx.put("loss.submit", report)), "revision": 1}
