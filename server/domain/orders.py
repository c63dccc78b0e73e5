"""Orders (指令): an upper level instructs lower jurisdictions or units; each addressee
acknowledges on its own (a person of that jurisdiction, or the unit for ``team:<id>``)."""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.commands import OrderAcknowledge, OrderIssue
from protocol.entities import Incident, Order, OrderReceipt, Team
from protocol.ranges import ORDER_REPLY_MAX

from .api import Tx, result_of
from .authz import require, require_operator, require_within
from .checks import bad_request, local_time, new_id, require_adcode, require_text
from .numbering import ORDER_PREFIX, next_number

TEAM_PREFIX = rules.TEAM_PREFIX


def _check_addressee(tx: Tx, addressee: str) -> str:
    if addressee.startswith(TEAM_PREFIX):
        team = tx.get(Team, addressee[len(TEAM_PREFIX):])
        require_within(tx.actor, team.jurisdiction, "team", team.name)
        return addressee
    code = require_adcode(addressee)
    require(rules.order_addressee(tx.actor, code))
    return code


def issue(tx: Tx, args: OrderIssue) -> dict[str, Any]:
    require_operator(tx.actor)
    text = require_text(args.text, "text")
    if not args.addressees:
        raise bad_request("an order needs at least one addressee")
    addressees = list(dict.fromkeys(_check_addressee(tx, a) for a in args.addressees))
    reply_by = local_time(args.reply_by) if args.reply_by is not None else None
    if reply_by is not None:
        if not args.requires_ack:
            raise bad_request("a reply-by time needs the acknowledgment it waits for")
        if reply_by <= tx.now:
            raise bad_request("reply_by must lie after now")
        if reply_by - tx.now > ORDER_REPLY_MAX:
            raise bad_request(f"reply_by lies at most {ORDER_REPLY_MAX.days} days ahead")
    if args.incident_id is not None:
        incident = tx.get(Incident, args.incident_id)
        require_within(tx.actor, incident.jurisdiction, "incident", incident.number)
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
        reply_by=reply_by,
        priority=args.priority,
    )
    order = tx.put("order.issue", order)
    return {**result_of(order), "number": order.number}


def acknowledge(tx: Tx, args: OrderAcknowledge) -> dict[str, Any]:
    order = tx.get(Order, args.id)
    if args.addressee and args.addressee not in order.addressees:
        raise bad_request(f"order {order.number} is not addressed to {args.addressee}")
    addressee = args.addressee or rules.my_addressee(tx.actor, order)
    team = None
    if addressee is not None and addressee.startswith(TEAM_PREFIX):
        team = tx.find(Team, addressee[len(TEAM_PREFIX):])
    why = rules.order_ack(tx.actor, order, addressee,
                          team.jurisdiction if team is not None else None)
    if why is None or why.code not in rules.NOTHING_TO_DO:
        require(why)
    tx.check_version(order)
    if why is not None or addressee is None:
        return result_of(order)
    acks = {**order.acks, addressee: OrderReceipt(by=tx.actor.user, at=tx.now, note=args.note)}
    return result_of(tx.put("order.acknowledge", msgspec.structs.replace(order, acks=acks)))
