"""Depots, stock and material requests.

Stock moves exactly once and never below zero:
- approval reserves (``reserved += q``; refused when ``quantity - reserved`` is short),
- shipping deducts (``quantity -= q`` and ``reserved -= q``),
- a return puts back what was shipped and not received (``quantity += shipped - received``),
- cancelling an approved request releases its reservation.
Closing a partially received request writes the missing remainder off (it left the depot).
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.adcodes import parent_of
from protocol.catalog import MATERIALS
from protocol.commands import (
    DepotCreate,
    MaterialApprove,
    MaterialCreate,
    MaterialReceive,
    MaterialRef,
    MaterialReject,
    StockAdjust,
    StockRestock,
)
from protocol.entities import (
    Depot,
    Incident,
    MaterialLine,
    MaterialRequest,
    StockItem,
    TimelineEntry,
)
from protocol.enums import MaterialRequestStatus as S
from protocol.ranges import QUANTITY_MAX

from .api import Tx, result_of
from .authz import require, require_operator, require_within
from .checks import (
    bad_request,
    conflict,
    new_id,
    require_adcode,
    require_move,
    require_text,
)
from .entries import append
from .numbering import MATERIAL_PREFIX, next_number


def stock_id(depot_id: str, item_code: str) -> str:
    return f"{depot_id}:{item_code}"


def _require_item(code: str) -> str:
    if code not in MATERIALS:
        raise bad_request(f"unknown material item {code!r}")
    return code


# -- depots and stock --------------------------------------------------------------------------
def create_depot(tx: Tx, args: DepotCreate) -> dict[str, Any]:
    jurisdiction = require_adcode(args.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    depot = Depot(
        id=new_id(), name=require_text(args.name, "name"), level=args.level,
        jurisdiction=jurisdiction, lon=args.lon, lat=args.lat, address=args.address,
        operator=args.operator,
    )
    return result_of(tx.put("depot.create", depot))


def _stock_for_change(tx: Tx, depot_id: str, item_code: str) -> StockItem:
    depot = tx.get(Depot, depot_id)
    require(rules.stock_change(tx.actor, depot.jurisdiction, depot.name))
    _require_item(item_code)
    stock = tx.find(StockItem, stock_id(depot_id, item_code))
    if stock is None:
        return StockItem(id=stock_id(depot_id, item_code), depot_id=depot_id,
                         item_code=item_code, jurisdiction=depot.jurisdiction)
    tx.check_version(stock)
    return stock


def restock(tx: Tx, args: StockRestock) -> dict[str, Any]:
    stock = _stock_for_change(tx, args.depot_id, args.item_code)
    if stock.quantity + args.quantity > QUANTITY_MAX:
        raise bad_request(f"{stock.item_code} would hold {stock.quantity + args.quantity}, "
                          f"over {QUANTITY_MAX}")
    threshold = stock.threshold if args.threshold is None else args.threshold
    changed = msgspec.structs.replace(stock, quantity=stock.quantity + args.quantity,
                                      threshold=threshold)
    return result_of(tx.put("stock.restock", changed))


def adjust(tx: Tx, args: StockAdjust) -> dict[str, Any]:
    stock = _stock_for_change(tx, args.depot_id, args.item_code)
    quantity = args.quantity
    require_text(args.reason, "reason")
    if quantity < stock.reserved:
        raise conflict(f"{stock.reserved} of {stock.item_code} are reserved; "
                       f"the count cannot be {quantity}")
    return result_of(tx.put("stock.adjust", msgspec.structs.replace(stock, quantity=quantity)))


# -- material requests -------------------------------------------------------------------------
def _entry(tx: Tx, text: str) -> TimelineEntry:
    return TimelineEntry(ts=tx.now, actor=tx.actor.user, text=text)


def _move(tx: Tx, op: str, request: MaterialRequest, dst: S, text: str,
          **changes: Any) -> MaterialRequest:
    if dst != request.status:
        require_move("material_request", request.status.value, dst.value)
    changed = msgspec.structs.replace(
        request, status=dst, history=append(MaterialRequest, "history", request.history,
                                            _entry(tx, text)),
        **changes,
    )
    return tx.put(op, changed)


def _note(verb: str, note: str) -> str:
    return f"{verb}: {note}" if note else verb


def create(tx: Tx, args: MaterialCreate) -> dict[str, Any]:
    require_operator(tx.actor)
    if not args.lines:
        raise bad_request("a material request needs at least one line")
    codes = [_require_item(line.item_code) for line in args.lines]
    if len(set(codes)) != len(codes):
        raise bad_request("each item may appear on one line only")
    lines = [MaterialLine(item_code=line.item_code,
                          quantity=line.quantity)
             for line in args.lines]
    if args.incident_id is not None:
        incident = tx.get(Incident, args.incident_id)
        require_within(tx.actor, incident.jurisdiction, "incident", incident.number)
    status = S.SUBMITTED if args.submit else S.DRAFT
    request = MaterialRequest(
        id=new_id(),
        number=next_number(tx, MaterialRequest, MATERIAL_PREFIX, tx.now),
        requester=tx.actor.jurisdiction,
        decider=parent_of(tx.actor.jurisdiction) or tx.actor.jurisdiction,
        requested_by=tx.actor.user,
        incident_id=args.incident_id,
        destination=args.destination,
        contact=args.contact,
        lines=lines,
        status=status,
        exercise=args.exercise,
        history=append(MaterialRequest, "history", [], _entry(tx, status.value)),
    )
    request = tx.put("material.create", request)
    return {**result_of(request), "number": request.number}


def _request(tx: Tx, request_id: str, dst: S) -> MaterialRequest:
    """The request, if the rulebook lets the actor take it to ``dst`` (version checked)."""
    request = tx.get(MaterialRequest, request_id)
    require(rules.material_move(tx.actor, request, dst.value))
    tx.check_version(request)
    return request


def _stock_lines(tx: Tx, request: MaterialRequest) -> list[tuple[MaterialLine, StockItem]]:
    if request.source_depot_id is None:
        raise conflict(f"material request {request.number} has no source depot")
    out = []
    for line in request.lines:
        stock = tx.find(StockItem, stock_id(request.source_depot_id, line.item_code))
        if stock is None:
            stock = StockItem(id=stock_id(request.source_depot_id, line.item_code),
                              depot_id=request.source_depot_id, item_code=line.item_code,
                              jurisdiction=tx.get(Depot, request.source_depot_id).jurisdiction)
        out.append((line, stock))
    return out


def _put_stock(tx: Tx, op: str, stock: StockItem, **changes: int) -> None:
    changed = msgspec.structs.replace(stock, **changes)
    if changed.quantity < 0 or changed.reserved < 0 or changed.reserved > changed.quantity:
        raise conflict(f"stock of {stock.item_code} in {stock.depot_id} would become "
                       f"{changed.quantity} with {changed.reserved} reserved")
    tx.put(op, changed)


def submit(tx: Tx, args: MaterialRef) -> dict[str, Any]:
    request = _request(tx, args.id, S.SUBMITTED)
    return result_of(_move(tx, "material.submit", request, S.SUBMITTED,
                           _note("submitted", args.note)))


def approve(tx: Tx, args: MaterialApprove) -> dict[str, Any]:
    request = _request(tx, args.id, S.APPROVED)
    depot = tx.get(Depot, args.source_depot_id)
    require_within(tx.actor, depot.jurisdiction, "depot", depot.name)
    request = msgspec.structs.replace(request, source_depot_id=depot.id)
    short = [f"{line.item_code}: {stock.quantity - stock.reserved} available, "
             f"{line.quantity} asked" for line, stock in _stock_lines(tx, request)
             if stock.quantity - stock.reserved < line.quantity]
    if short:
        raise conflict(f"depot {depot.name} is short: " + "; ".join(short))
    for line, stock in _stock_lines(tx, request):
        _put_stock(tx, "material.approve", stock, reserved=stock.reserved + line.quantity)
    return result_of(_move(tx, "material.approve", request, S.APPROVED,
                           _note(f"approved from {depot.name}", args.note)))


def reject(tx: Tx, args: MaterialReject) -> dict[str, Any]:
    request = _request(tx, args.id, S.REJECTED)
    reason = require_text(args.reason, "reason")
    return result_of(_move(tx, "material.reject", request, S.REJECTED, f"rejected: {reason}",
                           reason=reason))


def issue_order(tx: Tx, args: MaterialRef) -> dict[str, Any]:
    request = _request(tx, args.id, S.ORDER_ISSUED)
    return result_of(_move(tx, "material.issue_order", request, S.ORDER_ISSUED,
                           _note("dispatch order issued", args.note)))


def ship(tx: Tx, args: MaterialRef) -> dict[str, Any]:
    """Ship: the deciding level, or the level holding the source depot."""
    request = tx.get(MaterialRequest, args.id)
    depot = tx.find(Depot, request.source_depot_id) if request.source_depot_id else None
    require(rules.material_move(tx.actor, request, S.IN_TRANSIT.value,
                                depot.jurisdiction if depot is not None else None))
    tx.check_version(request)
    for line, stock in _stock_lines(tx, request):
        _put_stock(tx, "material.ship", stock, quantity=stock.quantity - line.quantity,
                   reserved=stock.reserved - line.quantity)
    lines = [msgspec.structs.replace(line, shipped=line.quantity) for line in request.lines]
    return result_of(_move(tx, "material.ship", request, S.IN_TRANSIT,
                           _note("shipped", args.note), lines=lines))


def receive(tx: Tx, args: MaterialReceive) -> dict[str, Any]:
    request = _request(tx, args.id, S.RECEIVED)
    if args.lines is None:
        got = {line.item_code: line.shipped - line.received for line in request.lines}
    else:
        got = {}
        for rline in args.lines:
            got[rline.item_code] = got.get(rline.item_code, 0) + rline.quantity
    by_code = {line.item_code: line for line in request.lines}
    lines = []
    for code in got:
        if code not in by_code:
            raise bad_request(f"{code} is not on material request {request.number}")
    for line in request.lines:
        received = line.received + got.get(line.item_code, 0)
        if received > line.shipped:
            raise bad_request(f"{line.item_code}: {received} received but {line.shipped} shipped")
        lines.append(msgspec.structs.replace(line, received=received))
    complete = all(line.received == line.shipped for line in lines)
    dst = S.RECEIVED if complete else S.PARTIAL
    text = _note("received" if complete else "partly received", args.note)
    return result_of(_move(tx, "material.receive", request, dst, text, lines=lines))


def return_goods(tx: Tx, args: MaterialRef) -> dict[str, Any]:
    request = _request(tx, args.id, S.RETURNED)
    for line, stock in _stock_lines(tx, request):
        back = line.shipped - line.received
        if back:
            _put_stock(tx, "material.return", stock, quantity=stock.quantity + back)
    return result_of(_move(tx, "material.return", request, S.RETURNED,
                           _note("returned to the depot", args.note)))


def close(tx: Tx, args: MaterialRef) -> dict[str, Any]:
    request = _request(tx, args.id, S.CLOSED)
    return result_of(_move(tx, "material.close", request, S.CLOSED, _note("closed", args.note)))


def cancel(tx: Tx, args: MaterialRef) -> dict[str, Any]:
    request = _request(tx, args.id, S.CANCELLED)
    if request.status in (S.APPROVED, S.ORDER_ISSUED):
        for line, stock in _stock_lines(tx, request):
            _put_stock(tx, "material.cancel", stock, reserved=stock.reserved - line.quantity)
    return result_of(_move(tx, "material.cancel", request, S.CANCELLED,
                           _note("cancelled", args.note)))

