"""Support requests (reinforcement): a lower level asks, the upper level decides.

The requester is the actor's jurisdiction, the decider its parent. The decider (or anyone
above it) accepts or rejects with a reason; the request is fulfilled when as many
assignments carrying its id have been dispatched as were asked for (or explicitly).
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import parent_of
from protocol.commands import (
    SupportRequestAccept,
    SupportRequestCancel,
    SupportRequestCreate,
    SupportRequestFulfil,
    SupportRequestReject,
)
from protocol.entities import Assignment, Incident, SupportRequest
from protocol.enums import SupportRequestStatus
from protocol.limits import SUPPORT_ASSIGNMENTS

from .api import Tx, result_of
from .authz import require
from .checks import bad_request, conflict, new_id, require_move, require_text


def _move(tx: Tx, op: str, request: SupportRequest, dst: SupportRequestStatus,
          **changes: Any) -> SupportRequest:
    require_move("support_request", request.status.value, dst.value)
    return tx.put(op, msgspec.structs.replace(request, status=dst, **changes))


def link_assignment(tx: Tx, request_id: str, assignment: Assignment) -> None:
    """Count a dispatch against an accepted request; fulfilled once the count is reached."""
    request = tx.get(SupportRequest, request_id)
    if request.status != SupportRequestStatus.ACCEPTED:
        raise conflict(f"support request {request.id} is {request.status.value}, not accepted")
    if request.incident_id != assignment.incident_id:
        raise bad_request(f"support request {request.id} is for another incident")
    if len(request.assignment_ids) >= SUPPORT_ASSIGNMENTS:
        raise conflict(f"support request {request.id} already counts "
                       f"{SUPPORT_ASSIGNMENTS} assignments")
    ids = [*request.assignment_ids, assignment.id]
    if len(ids) >= request.count:
        _move(tx, "assignment.dispatch", request, SupportRequestStatus.FULFILLED,
              assignment_ids=ids)
    else:
        tx.put("assignment.dispatch", msgspec.structs.replace(request, assignment_ids=ids))


def request(tx: Tx, args: SupportRequestCreate) -> dict[str, Any]:
    incident = tx.get(Incident, args.incident_id)
    require(rules.support_request(tx.actor, incident))
    decider = parent_of(tx.actor.jurisdiction)
    if decider is None:  # the rulebook refused the province already
        raise bad_request("the province has no upper level to request support from")
    created = SupportRequest(
        id=new_id(),
        incident_id=incident.id,
        requester=tx.actor.jurisdiction,
        decider=decider,
        requested_by=tx.actor.user,
        capability=require_text(args.capability, "capability"),
        count=args.count,
        note=args.note,
        requested_at=tx.now,
    )
    return result_of(tx.put("support.request", created))


def _for_decider(tx: Tx, request_id: str, dst: SupportRequestStatus) -> SupportRequest:
    request = tx.get(SupportRequest, request_id)
    require(rules.support_decide(tx.actor, request, dst.value))
    tx.check_version(request)
    return request


def accept(tx: Tx, args: SupportRequestAccept) -> dict[str, Any]:
    request = _for_decider(tx, args.id, SupportRequestStatus.ACCEPTED)
    return result_of(_move(tx, "support.accept", request, SupportRequestStatus.ACCEPTED,
                           decided_at=tx.now, decided_by=tx.actor.user))


def reject(tx: Tx, args: SupportRequestReject) -> dict[str, Any]:
    request = _for_decider(tx, args.id, SupportRequestStatus.REJECTED)
    reason = require_text(args.reason, "reason")
    return result_of(_move(tx, "support.reject", request, SupportRequestStatus.REJECTED,
                           reason=reason, decided_at=tx.now, decided_by=tx.actor.user))


def fulfil(tx: Tx, args: SupportRequestFulfil) -> dict[str, Any]:
    """Explicitly fulfilled: by the requester (satisfied) or the deciding level (or above)."""
    request = tx.get(SupportRequest, args.id)
    require(rules.support_fulfil(tx.actor, request))
    tx.check_version(request)
    return result_of(_move(tx, "support.fulfil", request, SupportRequestStatus.FULFILLED))


def cancel(tx: Tx, args: SupportRequestCancel) -> dict[str, Any]:
    request = tx.get(SupportRequest, args.id)
    require(rules.support_cancel(tx.actor, request))
    tx.check_version(request)
    note = f"{request.note}\ncancelled: {args.note}".strip() if args.note else request.note
    return result_of(_move(tx, "support.cancel", request, SupportRequestStatus.CANCELLED,
                           note=note))

