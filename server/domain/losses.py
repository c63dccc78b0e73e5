"""Loss reports (灾情): initial, follow-up and final; every revision is kept.

``loss.submit`` without an id opens a report; with an id it adds a revision. The current
figures are those of the latest revision; earlier ones stay in ``revisions``. A report never
goes back a stage (a final report may still be revised as final, outside a process).

On a disaster process (``process_id``) a report is one county's, and the statistics rules
hold: the county is one the process lists; its first report is the initial one (one per
county and process); follow-ups are numbered 1, 2, ...; there is one verified (final) report;
a zero report (零报告) is a follow-up that repeats the figures before it. Everywhere,
cumulative figures only rise: a fall needs a note. ``loss.return``: a level above returns the
latest revision with a reason; it stays in the history, and the next revision replaces it
(a returned follow-up's number is taken again).
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import level_of
from protocol.commands import LossReportSubmit, LossReturn
from protocol.entities import DisasterProcess, Incident, LossFigures, LossReport, LossRevision
from protocol.enums import LossReportKind, ReportStatus
from protocol.indicators import CURRENT, INDICATORS
from protocol.limits import keep_newest
from protocol.reporting import accepted, next_follow_up

from .api import Tx, result_of
from .authz import require, require_within
from .checks import bad_request, conflict, new_id, require_adcode

STAGE_ORDER = {LossReportKind.INITIAL: 0, LossReportKind.FOLLOW_UP: 1, LossReportKind.FINAL: 2}


def _figures(args: LossReportSubmit) -> LossFigures:
    """The submitted figures as stored (their ranges were checked when the args decoded)."""
    return LossFigures(**msgspec.structs.asdict(args.figures))


def _falls(before: LossFigures, after: LossFigures) -> list[str]:
    """The cumulative figures lower in ``after`` than in ``before``."""
    return [f"{i.field} {getattr(before, i.field)} -> {getattr(after, i.field)}"
            for i in INDICATORS
            if i.field not in CURRENT and getattr(after, i.field) < getattr(before, i.field)]


def _check_rise(report: LossReport, figures: LossFigures, note: str) -> None:
    standing = accepted(report.revisions)
    if not standing or note.strip():
        return
    falls = _falls(standing[-1].figures, figures)
    if falls:
        raise bad_request(f"figures normally only rise: {', '.join(falls)}; "
                          "a fall needs a note explaining it")


def _zero_figures(report: LossReport | None, args: LossReportSubmit) -> LossFigures:
    """A zero report's figures: those of the last accepted revision (or none at all)."""
    if args.stage != LossReportKind.FOLLOW_UP:
        raise bad_request("a zero report (零报告) is a follow-up report")
    standing = accepted(report.revisions) if report is not None else []
    previous = standing[-1].figures if standing else LossFigures()
    submitted = _figures(args)
    if submitted != LossFigures() and submitted != previous:
        raise bad_request("a zero report changes no figure: send the figures unchanged "
                          "(or none)")
    return previous


def _revision(tx: Tx, number: int, args: LossReportSubmit, figures: LossFigures,
              follow_up: int = 0) -> LossRevision:
    return LossRevision(revision=number, stage=args.stage, figures=figures,
                        submitted_by=tx.actor.user, submitted_at=tx.now, note=args.note,
                        number=follow_up, zero=args.zero)


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
    if args.process_id is not None and args.process_id != report.process_id:
        raise bad_request("a revision cannot move the report to another disaster process")
    follow_up = 0
    if report.process_id is not None:
        _open_process(tx, report.process_id)
        follow_up = _process_stage(report, args.stage)
    elif STAGE_ORDER[args.stage] < STAGE_ORDER[report.stage]:
        raise conflict(f"the report is at stage {report.stage.value}; "
                       f"it cannot go back to {args.stage.value}")
    if args.zero:
        figures = _zero_figures(report, args)
    else:
        figures = _figures(args)
        _check_rise(report, figures, args.note)
    last = report.revisions[-1].revision if report.revisions else 0
    revision = _revision(tx, last + 1, args, figures, follow_up)
    changed = msgspec.structs.replace(
        report, stage=args.stage, figures=figures, zero=args.zero,
        status=ReportStatus.ACCEPTED,
        revisions=keep_newest(LossReport, "revisions", [*report.revisions, revision]),
        title=args.title or report.title,
    )
    return {**result_of(tx.put("loss.submit", changed)), "revision": revision.revision,
            **({"number": follow_up} if follow_up else {})}


def _process_stage(report: LossReport, stage: LossReportKind) -> int:
    """Check a revision's stage against the statistics rules; the follow-up number (or 0)."""
    standing = accepted(report.revisions)
    stages = [r.stage for r in standing]
    if stage == LossReportKind.INITIAL:
        if LossReportKind.INITIAL in stages:
            raise conflict("the county has its initial report on this process: "
                           "send a follow-up (or the verified report)")
        return 0
    if LossReportKind.INITIAL not in stages:
        raise conflict("the initial report was returned: send the initial report again")
    if LossReportKind.FINAL in stages:
        raise conflict("the verified report (核报) is in: the report takes no more revisions")
    if stage == LossReportKind.FOLLOW_UP:
        return next_follow_up(report)
    return 0


def _open_process(tx: Tx, process_id: str) -> DisasterProcess:
    process = tx.get(DisasterProcess, process_id)
    if process.closed:
        require(rules.Refusal("process_closed", {"process": process.name}))
    return process


def _open(tx: Tx, args: LossReportSubmit) -> dict[str, Any]:
    process = _open_process(tx, args.process_id) if args.process_id is not None else None
    if args.hazard is None and process is None:
        raise bad_request("a new loss report needs a hazard")
    jurisdiction = require_adcode(args.jurisdiction or tx.actor.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    if args.incident_id is not None:
        tx.get(Incident, args.incident_id)
    hazard = args.hazard
    exercise = args.exercise
    if process is not None:
        if level_of(jurisdiction) != "county" or jurisdiction not in process.counties:
            raise bad_request(f"{jurisdiction} is not a county of disaster process "
                              f"{process.name}")
        if args.hazard is not None and args.hazard != process.hazard:
            raise bad_request(f"the process is a {process.hazard.value}, not {args.hazard}")
        if any(r.process_id == process.id and r.jurisdiction == jurisdiction
               for r in tx.all(LossReport)):
            raise conflict(f"{jurisdiction} already has a report on {process.name}: "
                           "send a revision of it")
        if args.stage != LossReportKind.INITIAL:
            raise bad_request("a county's first report on a process is its initial report")
        hazard = process.hazard
        exercise = process.exercise
    assert hazard is not None
    figures = _zero_figures(None, args) if args.zero else _figures(args)
    report = LossReport(
        id=new_id(),
        jurisdiction=jurisdiction,
        hazard=hazard,
        incident_id=args.incident_id,
        title=args.title,
        stage=args.stage,
        figures=figures,
        revisions=[_revision(tx, 1, args, figures)],
        exercise=exercise,
        process_id=process.id if process is not None else None,
        zero=args.zero,
    )
    return {**result_of(tx.put("loss.submit", report)), "revision": 1}


def return_report(tx: Tx, args: LossReturn) -> dict[str, Any]:
    report = tx.get(LossReport, args.id)
    require(rules.loss_return(tx.actor, report))
    tx.check_version(report)
    reason = args.reason.strip()
    if not reason:
        raise bad_request("returning a report needs a reason")
    latest = msgspec.structs.replace(
        report.revisions[-1], status=ReportStatus.RETURNED, returned_by=tx.actor.user,
        returned_by_jurisdiction=tx.actor.jurisdiction, returned_at=tx.now, reason=reason)
    revisions = [*report.revisions[:-1], latest]
    standing = accepted(revisions)
    changed = msgspec.structs.replace(
        report, revisions=revisions, status=ReportStatus.RETURNED,
        figures=standing[-1].figures if standing else LossFigures(),
        zero=standing[-1].zero if standing else False)
    return result_of(tx.put("loss.return", changed))
