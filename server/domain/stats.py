"""The statistics queries: ``stats.losses`` (the roll-up of a disaster process,
``protocol/statistics.py``) and ``stats.due`` (what reports are due from whom,
``protocol/reporting.py``), both within the asker's jurisdiction."""

from __future__ import annotations

from typing import Any

from protocol import rules
from protocol.adcodes import is_within, level_of
from protocol.commands import StatsDue, StatsLosses
from protocol.entities import DisasterProcess, Shelter
from protocol.reporting import due_items
from protocol.statistics import rollup

from .api import Tx
from .authz import require
from .checks import bad_request, local_time, require_adcode
from .processes import reported


def _scope(tx: Tx, jurisdiction: str | None) -> str:
    code = require_adcode(jurisdiction or tx.actor.jurisdiction)
    require(rules.stats_scope(tx.actor, code))
    return code


def losses(tx: Tx, args: StatsLosses) -> dict[str, Any]:
    process = tx.get(DisasterProcess, args.process_id)
    scope = _scope(tx, args.jurisdiction)
    if level_of(scope) == "county" and scope not in process.counties:
        raise bad_request(f"county {scope} is not one of disaster process {process.name}")
    at = local_time(args.at) if args.at is not None else tx.now
    return rollup(process, reported(tx, process.id), tx.all(Shelter), scope, at)


def due(tx: Tx, args: StatsDue) -> dict[str, Any]:
    scope = _scope(tx, args.jurisdiction)
    at = local_time(args.at) if args.at is not None else tx.now
    items = []
    for process in sorted(tx.all(DisasterProcess), key=lambda p: (p.started_at, p.id)):
        if process.closed or process.started_at > at:
            continue
        counties = [c for c in process.counties if is_within(c, scope)]
        if counties:
            items.extend(due_items(process, reported(tx, process.id), at, counties))
    items.sort(key=lambda i: (i.due_at, i.county))
    return {"as_of": at.isoformat(), "items": [i.as_wire() for i in items]}
