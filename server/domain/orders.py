"""Orders (指令): an upper level instructs lower jurisdictions or units; each addressee
acknowledges on its own (a person of that jurisdiction, or the unit for ``team:<id>``)."""

from __future__ import annotations

from typing import Any

import msgspec

from protocol.commands import OrderAcknowledge, OrderIssue
from protocol.entities import Incident, Order, OrderReceipt, Team

from .api import Actor, Tx, result_of
from .authz import OPERATOR_ROLES, covers, forbidden, represents, require_operator, require_within
from .checks import bad_request, new_id, require_adcode, require_text
from .numbering import ORDER_PREFIX, next_number

TEAM_PREFIX = "team:"


def _check_addressee(tx: Tx, addressee: str) -> str:
    if addressee.startswith(TEAM_PREFIX):
        team = tx.get(Team, addressee[len(TEAM_PREFIX):])
        require_within(tx.actor, team.jurisdiction, f"team {team.name}")
        return addressee
    code = require_adcode(addressee)
    if code == tx.actor.jurisdiction or not covers(tx.actor, code):
        raise forbidden(f"{tx.actor.jurisdiction} may only instruct jurisdictions below it, "
                        f"not {code}")
    return code


def issue(tx: Tx, args: OrderIssue) -> dict[str, Any]:
    require_operator(tx.actor)
    text = require_text(args.text, "text")
    if not args.addressees:
        raise bad_request("an order needs at least one addressee")
    addressees = list(dict.fromkeys(_check_addressee(tx, a) for a in args.addressees))
    if args.incident_id is not None:
        incident = tx.get(Incident, args.incident_id)
        require_within(tx.actor, incident.jurisdiction, f"incident {incident.number}")
    order = Order(
        id=new_id(),
        number=next_number(tx, Order, ORDER_PREFIX, tx.now),
        text=text,
        issuer=tx.actor.jurisdiction,
        issued_by=tx.actor.user,
        issued_at=tx.now,
        addressees=addressees,
        incident_id=args.incident_id,
        requires_ack=args.requires_ack,
        exercise=args.exercise,
    )
    order = tx.put("order.issue", order)
    return {**result_of(order), "number": order.number}


def _speaks_for(tx: Tx, actor: Actor, addressee: str) -> bool:
    if addressee.startswith(TEAM_PREFIX):
        team_id = addressee[len(TEAM_PREFIX):]
        if represents(actor, team_id):
            return True
        team = tx.find(Team, team_id)
        return team is not None and actor.role in OPERATOR_ROLES \
            and actor.jurisdiction == team.jurisdiction
    return actor.role in OPERATOR_ROLES and actor.jurisdiction == addressee


def _default_addressee(actor: Actor, order: Order) -> str:
    if actor.role in OPERATOR_ROLES:
        candidates = [actor.jurisdiction]
    else:
        candidates = [TEAM_PREFIX + unit for unit in actor.units]
    for candidate in candidates:
        if candidate in order.addressees:
            return candidate
    raise forbidden(f"order {order.number} is not addressed to {actor.jurisdiction}")


def acknowledge(tx: Tx, args: OrderAcknowledge) -> dict[str, Any]:
    order = tx.get(Order, args.id)
    addressee = args.addressee or _default_addressee(tx.actor, order)
    if addressee not in order.addressees:
        raise bad_request(f"order {order.number} is not addressed to {addressee}")
    if not _speaks_for(tx, tx.actor, addressee):
        raise forbidden(f"{tx.actor.user} may not acknowledge for {addressee}")
    tx.check_version(order)
    if addressee in order.acks:
        return result_of(order)
    acks = {**order.acks, addressee: OrderReceipt(by=tx.actor.user, at=tx.now, note=args.note)}
    return result_of(tx.put("order.acknowledge", msgspec.structs.replace(order, acks=acks)))
