from __future__ import annotations

from datetime import timedelta

from protocol.entities import Order
from protocol.enums import Role
from protocol.errors import ErrorCode

from .domain_helpers import (
    ADMIN,
    HANGZHOU,
    LUCHENG,
    NOW,
    PROVINCE,
    TONGLU,
    TONGLU_POS,
    XIHU,
    XIHU_POS,
    World,
)


def test_issue_and_acknowledge_per_addressee() -> None:
    w = World()
    team = w.team(TONGLU, "330122", TONGLU_POS, type="flood")
    fire = w.incident(XIHU, XIHU_POS)
    res = w.run(HANGZHOU, "order.issue", text=" 立即转移危险区域群众 ",
                addressees=["330106", "330122", f"team:{team}", "330106"], incident_id=fire)
    assert res["number"] == "ZL-20261128-0001"
    order = w.get(Order, res["id"])
    assert order.addressees == ["330106", "330122", f"team:{team}"]
    assert (order.issuer, order.text, order.acks) == ("330100", "立即转移危险区域群众", {})
    w.run(XIHU, "order.acknowledge", id=order.id, note="收到")
    field = w.unit(Role.FIELD, team)
    w.run(field, "order.acknowledge", id=order.id)
    acks = w.get(Order, order.id).acks
    assert set(acks) == {"330106", f"team:{team}"}
    assert (acks["330106"].by, acks["330106"].note) == ("xihu", "收到")
    # A second acknowledgement changes nothing.
    w.run(XIHU, "order.acknowledge", id=order.id)
    assert w.last is not None and w.last.changes == []
    # Tonglu may acknowledge for itself and for its own team.
    w.run(TONGLU, "order.acknowledge", id=order.id, addressee="330122")
    assert set(w.get(Order, order.id).acks) == {"330106", "330122", f"team:{team}"}


def test_order_refusals() -> None:
    w = World()
    assert w.code(XIHU, "order.issue", text="x", addressees=["330106"]) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "order.issue", text="x", addressees=["330100"]) == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "order.issue", text="x", addressees=["330302"]) \
        == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "order.issue", text="x", addressees=[]) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "order.issue", text=" ", addressees=["330106"]) \
        == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "order.issue", text="x", addressees=["339999"]) \
        == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "order.issue", text="x", addressees=["team:nope"]) \
        == ErrorCode.NOT_FOUND
    assert w.code(ADMIN, "order.issue", text="x", addressees=["330106"]) == ErrorCode.FORBIDDEN
    oid = w.run(PROVINCE, "order.issue", text="x", addressees=["330100"])["id"]
    assert w.code(XIHU, "order.acknowledge", id=oid) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "order.acknowledge", id=oid, addressee="330100") == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "order.acknowledge", id=oid, addressee="330300") \
        == ErrorCode.BAD_REQUEST
    assert w.code(LUCHENG, "order.acknowledge", id="nope") == ErrorCode.NOT_FOUND
    assert w.code(HANGZHOU, "order.acknowledge", expected_version=5, id=oid) \
        == ErrorCode.CONFLICT
    w.run(HANGZHOU, "order.acknowledge", id=oid)


def test_an_order_carries_its_priority_and_reply_by_time() -> None:
    w = World()
    res = w.run(HANGZHOU, "order.issue", text="立即上报受灾情况", addressees=["330106"],
                priority="flash", reply_by="2026-11-28T10:30:00")
    order = w.get(Order, res["id"])
    assert (order.priority, order.reply_by) == ("flash", NOW + timedelta(hours=1))
    plain = w.get(Order, w.run(HANGZHOU, "order.issue", text="x", addressees=["330106"])["id"])
    assert (plain.priority, plain.reply_by) == ("routine", None)


def test_reply_by_and_priority_refusals() -> None:
    w = World()
    base = {"text": "x", "addressees": ["330106"]}
    past = w.refused(HANGZHOU, "order.issue", reply_by="2026-11-28T09:00:00", **base)
    assert past.code == ErrorCode.BAD_REQUEST and "after now" in str(past)
    assert w.code(HANGZHOU, "order.issue", reply_by="2027-01-28T09:00:00", **base) \
        == ErrorCode.BAD_REQUEST  # beyond 30 days
    assert w.code(HANGZHOU, "order.issue", reply_by="2026-11-28T12:00:00",
                  requires_ack=False, **base) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "order.issue", priority="immediate", **base) \
        == ErrorCode.BAD_REQUEST
