"""Disaster processes (一次灾害过程): open, update, end the response, close.

A process belongs to the city or the province that opened it and lists the counties that owe
loss reports on it (``protocol/reporting.py`` says what each owes and when). A county leaves
the list only while it has not reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import is_within, level_of
from protocol.commands import ProcessOpen, ProcessRef, ProcessUpdate
from protocol.entities import DisasterProcess, LossReport
from protocol.statistics import reports_on

from .api import Tx, result_of
from .authz import require
from .checks import bad_request, conflict, local_time, new_id, require_adcode, require_text
from .jurisdictions import known_adcodes

BACKDATE_MAX = timedelta(days=7)


def _counties(jurisdiction: str, counties: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(counties))
    if not wanted:
        return sorted(c for c in known_adcodes()
                      if level_of(c) == "county" and is_within(c, jurisdiction))
    for code in wanted:
        require_adcode(code)
        if level_of(code) != "county":
            raise bad_request(f"{code} is not a county: counties owe the reports")
        if not is_within(code, jurisdiction):
            raise bad_request(f"county {code} lies outside {jurisdiction}")
    return wanted


def open_process(tx: Tx, args: ProcessOpen) -> dict[str, Any]:
    jurisdiction = require_adcode(args.jurisdiction or tx.actor.jurisdiction)
    require(rules.process_open(tx.actor, jurisdiction))
    started = local_time(args.started_at) if args.started_at is not None else tx.now
    if started > tx.now or started < tx.now - BACKDATE_MAX:
        raise bad_request("started_at lies in the future or more than 7 days back")
    if (args.time_scale != 1.0 or args.scenario_start is not None) and not args.exercise:
        raise bad_request("time_scale and scenario_start are for exercises only")
    process = DisasterProcess(
        id=new_id(), name=require_text(args.name, "name"), hazard=args.hazard,
        jurisdiction=jurisdiction, counties=_counties(jurisdiction, args.counties),
        started_at=started, exercise=args.exercise, time_scale=args.time_scale,
        scenario_start=local_time(args.scenario_start) if args.scenario_start else None,
    )
    return result_of(tx.put("process.open", process))


def _process(tx: Tx, process_id: str, step: str) -> DisasterProcess:
    process = tx.get(DisasterProcess, process_id)
    require(rules.process_change(tx.actor, process, step))
    tx.check_version(process)
    return process


def reported(tx: Tx, process_id: str) -> dict[str, LossReport]:
    """county adcode -> its report on the process."""
    return reports_on(process_id, tx.all(LossReport))


def update(tx: Tx, args: ProcessUpdate) -> dict[str, Any]:
    process = _process(tx, args.id, "update")
    changes: dict[str, Any] = {}
    if not isinstance(args.name, msgspec.UnsetType):
        changes["name"] = require_text(args.name, "name")
    if not isinstance(args.counties, msgspec.UnsetType):
        counties = _counties(process.jurisdiction, args.counties)
        dropped = sorted(set(reported(tx, process.id)) - set(counties))
        if dropped:
            raise conflict(f"{', '.join(dropped)} already reported on the process: "
                           "a county that reported stays")
        changes["counties"] = counties
    return result_of(tx.put("process.update", msgspec.structs.replace(process, **changes)))


def end_response(tx: Tx, args: ProcessRef) -> dict[str, Any]:
    process = _process(tx, args.id, "end_response")
    changed = msgspec.structs.replace(process, response_ended_at=tx.now)
    return result_of(tx.put("process.end_response", changed))


def close(tx: Tx, args: ProcessRef) -> dict[str, Any]:
    process = _process(tx, args.id, "close")
    changed = msgspec.structs.replace(
        process, closed=True, response_ended_at=process.response_ended_at or tx.now)
    return result_of(tx.put("process.close", changed))
