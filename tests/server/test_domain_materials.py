from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.entities import Depot, MaterialRequest, StockItem
from protocol.enums import MaterialRequestStatus as S
from protocol.errors import ErrorCode
from protocol.ranges import QUANTITY_MAX
from server.domain.api import CommandError

from .domain_helpers import ADMIN, HANGZHOU, PROVINCE, TONGLU, XIHU, XIHU_POS, World

TENT, BOAT = "1010101", "2010201"


def stocked_world(tents: int = 100, boats: int = 10) -> tuple[World, str]:
    w = World()
    depot = w.run(HANGZHOU, "depot.create", name="杭州市救灾物资储备库", level="city",
                  jurisdiction="330100", lon=XIHU_POS[0], lat=XIHU_POS[1])["id"]
    w.run(HANGZHOU, "stock.restock", depot_id=depot, item_code=TENT, quantity=tents,
          threshold=20)
    w.run(HANGZHOU, "stock.restock", depot_id=depot, item_code=BOAT, quantity=boats)
    return w, depot


def stock(w: World, depot: str, code: str) -> tuple[int, int]:
    item = w.get(StockItem, f"{depot}:{code}")
    return item.quantity, item.reserved


def test_depot_and_stock_commands() -> None:
    w, depot = stocked_world()
    assert stock(w, depot, TENT) == (100, 0)
    assert w.get(StockItem, f"{depot}:{TENT}").threshold == 20
    assert w.get(Depot, depot).jurisdiction == "330100"
    w.run(HANGZHOU, "stock.adjust", depot_id=depot, item_code=TENT, quantity=90,
          reason="stocktake")
    assert stock(w, depot, TENT) == (90, 0)
    assert w.code(XIHU, "stock.restock", depot_id=depot, item_code=TENT, quantity=1) \
        == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "stock.restock", depot_id=depot, item_code=TENT, quantity=0) \
        == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "stock.restock", depot_id=depot, item_code="9999999",
                  quantity=1) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "stock.restock", depot_id="nope", item_code=TENT, quantity=1) \
        == ErrorCode.NOT_FOUND
    assert w.code(HANGZHOU, "stock.adjust", depot_id=depot, item_code=TENT, quantity=-1,
                  reason="x") == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "stock.adjust", depot_id=depot, item_code=TENT, quantity=5,
                  reason=" ") == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "stock.adjust", expected_version=1, depot_id=depot,
                  item_code=TENT, quantity=5, reason="x") == ErrorCode.CONFLICT
    assert w.code(XIHU, "depot.create", name="d", level="county", jurisdiction="330122",
                  lon=120.0, lat=30.0) == ErrorCode.FORBIDDEN
    assert w.code(ADMIN, "depot.create", name="d", level="county", jurisdiction="330106",
                  lon=120.0, lat=30.0) == ErrorCode.FORBIDDEN


def test_restocking_stops_at_the_quantity_range() -> None:
    w, depot = stocked_world(tents=QUANTITY_MAX - 1)
    w.run(HANGZHOU, "stock.restock", depot_id=depot, item_code=TENT, quantity=1)
    assert w.code(HANGZHOU, "stock.restock", depot_id=depot, item_code=TENT, quantity=1) \
        == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "stock.restock", depot_id=depot, item_code=BOAT,
                  quantity=QUANTITY_MAX + 1) == ErrorCode.BAD_REQUEST
    assert stock(w, depot, TENT) == (QUANTITY_MAX, 0)


def test_full_flow_moves_stock_exactly_once() -> None:
    w, depot = stocked_world()
    res = w.run(XIHU, "material.create", lines=[{"item_code": TENT, "quantity": 30},
                                                {"item_code": BOAT, "quantity": 2}],
                destination="西湖区转移安置点", contact="138")
    mid = res["id"]
    assert res["number"] == "WZ-20261128-0001"
    req = w.get(MaterialRequest, mid)
    assert (req.status, req.requester, req.decider) == (S.SUBMITTED, "330106", "330100")
    assert w.code(XIHU, "material.approve", id=mid, source_depot_id=depot) \
        == ErrorCode.FORBIDDEN
    w.run(HANGZHOU, "material.approve", id=mid, source_depot_id=depot)
    assert stock(w, depot, TENT) == (100, 30) and stock(w, depot, BOAT) == (10, 2)
    assert w.code(HANGZHOU, "stock.adjust", depot_id=depot, item_code=TENT, quantity=20,
                  reason="x") == ErrorCode.CONFLICT
    w.run(HANGZHOU, "material.issue_order", id=mid)
    w.run(HANGZHOU, "material.ship", id=mid)
    assert stock(w, depot, TENT) == (70, 0) and stock(w, depot, BOAT) == (8, 0)
    assert w.code(HANGZHOU, "material.ship", id=mid) == ErrorCode.CONFLICT
    w.run(XIHU, "material.receive", id=mid, lines=[{"item_code": TENT, "quantity": 30}])
    req = w.get(MaterialRequest, mid)
    assert req.status == S.PARTIAL and [ln.received for ln in req.lines] == [30, 0]
    assert w.code(XIHU, "material.receive", id=mid,
                  lines=[{"item_code": BOAT, "quantity": 3}]) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "material.receive", id=mid,
                  lines=[{"item_code": "1010201", "quantity": 1}]) == ErrorCode.BAD_REQUEST
    w.run(XIHU, "material.receive", id=mid)
    assert w.get(MaterialRequest, mid).status == S.RECEIVED
    w.run(XIHU, "material.close", id=mid)
    assert w.get(MaterialRequest, mid).status == S.CLOSED
    assert stock(w, depot, TENT) == (70, 0) and stock(w, depot, BOAT) == (8, 0)
    assert [h.text.split(":")[0] for h in w.get(MaterialRequest, mid).history] == [
        "submitted", "approved from 杭州市救灾物资储备库", "dispatch order issued", "shipped",
        "partly received", "received", "closed"]


def test_approval_refused_when_short_and_cancel_releases() -> None:
    w, depot = stocked_world(tents=50)
    a = w.run(XIHU, "material.create", lines=[{"item_code": TENT, "quantity": 40}])["id"]
    b = w.run(TONGLU, "material.create", lines=[{"item_code": TENT, "quantity": 20}])["id"]
    w.run(HANGZHOU, "material.approve", id=a, source_depot_id=depot)
    err = w.refused(HANGZHOU, "material.approve", id=b, source_depot_id=depot)
    assert err.code == ErrorCode.CONFLICT and "10 available, 20 asked" in err.message
    assert w.code(XIHU, "material.cancel", id=a) == ErrorCode.FORBIDDEN  # approved: decider's
    w.run(HANGZHOU, "material.cancel", id=a, note="covered locally")
    assert stock(w, depot, TENT) == (50, 0)
    w.run(HANGZHOU, "material.approve", id=b, source_depot_id=depot)
    assert stock(w, depot, TENT) == (50, 20)


def test_return_puts_back_what_was_not_received() -> None:
    w, depot = stocked_world()
    mid = w.run(XIHU, "material.create", lines=[{"item_code": TENT, "quantity": 30}])["id"]
    w.run(HANGZHOU, "material.approve", id=mid, source_depot_id=depot)
    w.run(HANGZHOU, "material.issue_order", id=mid)
    w.run(HANGZHOU, "material.ship", id=mid)
    w.run(XIHU, "material.receive", id=mid, lines=[{"item_code": TENT, "quantity": 12}])
    w.run(XIHU, "material.return", id=mid, note="road closed")
    assert stock(w, depot, TENT) == (88, 0)
    assert w.code(XIHU, "material.return", id=mid) == ErrorCode.CONFLICT
    w.run(XIHU, "material.close", id=mid)
    assert stock(w, depot, TENT) == (88, 0)


def test_material_refusals() -> None:
    w, depot = stocked_world()
    assert w.code(XIHU, "material.create", lines=[]) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "material.create", lines=[{"item_code": TENT, "quantity": 0}]) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "material.create", lines=[{"item_code": "x", "quantity": 1}]) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "material.create", lines=[{"item_code": TENT, "quantity": 1},
                                                  {"item_code": TENT, "quantity": 2}]) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "material.create", incident_id="nope",
                  lines=[{"item_code": TENT, "quantity": 1}]) == ErrorCode.NOT_FOUND
    assert w.code(ADMIN, "material.create", lines=[{"item_code": TENT, "quantity": 1}]) \
        == ErrorCode.FORBIDDEN
    draft = w.run(XIHU, "material.create", submit=False,
                  lines=[{"item_code": TENT, "quantity": 1}])["id"]
    assert w.get(MaterialRequest, draft).status == S.DRAFT
    assert w.code(HANGZHOU, "material.approve", id=draft, source_depot_id=depot) \
        == ErrorCode.CONFLICT
    assert w.code(TONGLU, "material.submit", id=draft) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "material.submit", expected_version=9, id=draft) == ErrorCode.CONFLICT
    w.run(XIHU, "material.submit", id=draft)
    assert w.code(HANGZHOU, "material.reject", id=draft, reason="") == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "material.approve", id=draft, source_depot_id="nope") \
        == ErrorCode.NOT_FOUND
    w.run(HANGZHOU, "material.reject", id=draft, reason="use county stock")
    assert w.get(MaterialRequest, draft).reason == "use county stock"
    assert w.code(HANGZHOU, "material.cancel", id=draft) == ErrorCode.CONFLICT
    # A provincial depot cannot be allocated by the city.
    prov_depot = w.run(PROVINCE, "depot.create", name="省库", level="province",
                       jurisdiction="330000", lon=120.1, lat=30.2)["id"]
    mid = w.run(XIHU, "material.create", lines=[{"item_code": TENT, "quantity": 1}])["id"]
    assert w.code(HANGZHOU, "material.approve", id=mid, source_depot_id=prov_depot) \
        == ErrorCode.FORBIDDEN
    # A province request is decided by the province itself.
    own = w.run(PROVINCE, "material.create", lines=[{"item_code": TENT, "quantity": 1}])["id"]
    assert w.get(MaterialRequest, own).decider == "330000"


OPS = st.sampled_from(["create", "approve", "issue_order", "ship", "receive_some",
                       "receive_all", "return", "close", "cancel", "adjust", "restock"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(OPS, st.integers(0, 7), st.integers(1, 60)), max_size=40))
def test_random_material_operations_never_make_stock_negative(
        steps: list[tuple[str, int, int]]) -> None:
    """Stock identity: on hand = initial + restocked - adjusted away - shipped + returned,
    reserved = sum over approved/ordered requests, and 0 <= reserved <= quantity always."""
    w, depot = stocked_world(tents=100, boats=10)
    ids: list[str] = []
    restocked = adjusted = 0
    for op, pick, qty in steps:
        target = ids[pick % len(ids)] if ids else None
        try:
            if op == "create":
                ids.append(w.run(XIHU, "material.create",
                                 lines=[{"item_code": TENT, "quantity": qty}])["id"])
            elif op == "restock":
                w.run(HANGZHOU, "stock.restock", depot_id=depot, item_code=TENT, quantity=qty)
                restocked += qty
            elif op == "adjust":
                before = stock(w, depot, TENT)[0]
                w.run(HANGZHOU, "stock.adjust", depot_id=depot, item_code=TENT,
                      quantity=max(0, before - qty), reason="count")
                adjusted += before - max(0, before - qty)
            elif target is None:
                continue
            elif op == "approve":
                w.run(HANGZHOU, "material.approve", id=target, source_depot_id=depot)
            elif op == "receive_some":
                w.run(XIHU, "material.receive", id=target,
                      lines=[{"item_code": TENT, "quantity": qty % 5}])
            elif op == "receive_all":
                w.run(XIHU, "material.receive", id=target)
            elif op in ("return", "close"):
                w.run(XIHU, f"material.{op}", id=target)
            else:
                w.run(HANGZHOU, f"material.{op}", id=target)
        except CommandError as exc:
            assert exc.code in (ErrorCode.CONFLICT, ErrorCode.BAD_REQUEST), exc
        quantity, reserved = stock(w, depot, TENT)
        assert 0 <= reserved <= quantity
        requests = [w.get(MaterialRequest, i) for i in ids]
        assert reserved == sum(r.lines[0].quantity for r in requests
                               if r.status in (S.APPROVED, S.ORDER_ISSUED))
        shipped = sum(r.lines[0].shipped for r in requests)
        returned = sum(r.lines[0].shipped - r.lines[0].received for r in requests
                       if r.status == S.RETURNED or any(
                           h.text.startswith("returned") for h in r.history))
        assert quantity == 100 + restocked - adjusted - shipped + returned
