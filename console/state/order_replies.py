"""When an order's reply is overdue: it asks for acknowledgment by ``reply_by``, that time has
passed, and some addressee has not acknowledged."""

from __future__ import annotations

from datetime import datetime

from protocol.entities import Order, Principal
from protocol.replica import Replica


def waiting_for(order: Order) -> list[str]:
    """The addressees that have not acknowledged."""
    return [a for a in order.addressees if a not in order.acks]


def overdue(order: Order, now: datetime) -> bool:
    return (order.requires_ack and order.reply_by is not None and now > order.reply_by
            and bool(waiting_for(order)))


def overdue_issued_by_me(replica: Replica, me: Principal | None, now: datetime) -> list[Order]:
    """The orders my jurisdiction issued whose replies are overdue, the oldest deadline first."""
    if me is None:
        return []
    late = [o for o in replica.all_typed(Order) if o.issuer == me.jurisdiction
            and overdue(o, now)]
    return sorted(late, key=lambda o: o.reply_by or o.issued_at)
