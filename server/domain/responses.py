"""Emergency responses (应急响应): start, raise, lower, end; several may run at once.

A response belongs to the jurisdiction whose headquarters runs it (the actor's own or one
below it) and covers an area of adcodes within that jurisdiction (empty: all of it). Raising
goes only to a more severe level (Ⅳ -> Ⅰ), lowering only to a less severe one. Every change
is kept in ``history``.
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import is_within
from protocol.commands import ResponseChangeLevel, ResponseEnd, ResponseStart
from protocol.entities import Response, ResponseChange
from protocol.enums import ResponseLevel, ResponseStatus

from .api import Tx, result_of
from .authz import require, require_within
from .checks import bad_request, new_id, require_adcode
from .entries import append


def _change(tx: Tx, level: ResponseLevel | None, note: str) -> ResponseChange:
    return ResponseChange(ts=tx.now, actor=tx.actor.user, level=level, note=note)


def start(tx: Tx, args: ResponseStart) -> dict[str, Any]:
    jurisdiction = require_adcode(args.jurisdiction or tx.actor.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    area = list(dict.fromkeys(require_adcode(code) for code in args.area))
    for code in area:
        if not is_within(code, jurisdiction):
            raise bad_request(f"area {code} lies outside {jurisdiction}")
    response = Response(
        id=new_id(),
        headquarters=args.headquarters,
        hazard=args.hazard,
        level=args.level,
        jurisdiction=jurisdiction,
        area=area,
        started_at=tx.now,
        emergency_flood_period=args.emergency_flood_period,
        exercise=args.exercise,
        history=append(Response, "history", [], _change(tx, args.level, args.note)),
    )
    return result_of(tx.put("response.start", response))


def _active(tx: Tx, response_id: str, step: str, to: ResponseLevel | None = None) -> Response:
    response = tx.get(Response, response_id)
    require(rules.response_change(tx.actor, response, step, to.value if to else None))
    tx.check_version(response)
    return response


def _set_level(tx: Tx, op: str, args: ResponseChangeLevel, more_severe: bool) -> dict[str, Any]:
    response = _active(tx, args.id, "raise" if more_severe else "lower", args.level)
    changed = msgspec.structs.replace(
        response, level=args.level,
        history=append(Response, "history", response.history, _change(tx, args.level, args.note)),
    )
    return result_of(tx.put(op, changed))


def raise_level(tx: Tx, args: ResponseChangeLevel) -> dict[str, Any]:
    return _set_level(tx, "response.raise", args, more_severe=True)


def lower_level(tx: Tx, args: ResponseChangeLevel) -> dict[str, Any]:
    return _set_level(tx, "response.lower", args, more_severe=False)


def end(tx: Tx, args: ResponseEnd) -> dict[str, Any]:
    response = _active(tx, args.id, "end")
    changed = msgspec.structs.replace(
        response, status=ResponseStatus.ENDED, ended_at=tx.now,
        history=append(Response, "history", response.history, _change(tx, None, args.note)),
    )
    return result_of(tx.put("response.end", changed))
