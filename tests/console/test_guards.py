"""Why an action is disabled: role rules and the shared state machines, without a server."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QApplication

from console.qt.shell.app import install_language
from console.state import guards, text
from protocol.entities import (
    Assignment,
    Depot,
    Incident,
    MaterialRequest,
    Order,
    OrderReceipt,
    Principal,
    Response,
    Shelter,
    Team,
)
from protocol.enums import (
    AssignmentStatus,
    DepotLevel,
    IncidentStatus,
    MaterialRequestStatus,
    ResponseLevel,
    Role,
    ShelterTier,
    TeamStatus,
    TeamType,
)

NOW = datetime(2026, 11, 28, tzinfo=UTC)
PROV = Principal(id="prov", role=Role.PROVINCE, jurisdiction="330000")
WZ = Principal(id="wz", role=Role.CITY, jurisdiction="330300")
YJ = Principal(id="yj", role=Role.COUNTY, jurisdiction="330324")
HZ_COUNTY = Principal(id="xh", role=Role.COUNTY, jurisdiction="330106")
LIAISON = Principal(id="l", role=Role.LIAISON, jurisdiction="330000", units=["pla"])
ADMIN = Principal(id="a", role=Role.ADMIN, jurisdiction="330000")


def incident(status: IncidentStatus = IncidentStatus.RECEIVED) -> Incident:
    return Incident(id="i", number="ZJ-1", type_code="11D01", title="t", lon=120.7, lat=28.2,
                    jurisdiction="330324", status=status)


def test_roles_and_jurisdictions() -> None:
    inc = incident()
    assert guards.incident_open(YJ, inc) is None
    assert guards.incident_open(WZ, inc) is None
    assert guards.incident_open(PROV, inc) is None
    assert "outside your jurisdiction" in (guards.incident_open(HZ_COUNTY, inc) or "")
    assert "Only province, city and county" in (guards.incident_open(LIAISON, inc) or "")
    assert "Only province, city and county" in (guards.operator(ADMIN) or "")
    assert guards.operator(None) == "Not signed in yet."
    assert guards.incident_open(YJ, None) == "Select an incident first."
    assert guards.incident_open(YJ, incident(IncidentStatus.CLOSED)) == \
        "The incident is Closed: a final state."
    assert "no upper level" in (guards.request_support(PROV, inc) or "")
    assert guards.request_support(YJ, inc) is None


def test_units_and_assignments() -> None:
    pla = Team(id="pla", name="PLA", type=TeamType.PLA, jurisdiction="330300", base_lon=120.6,
               base_lat=28.0, assignment_id="a1", status=TeamStatus.DISPATCHED)
    flood = Team(id="f", name="Flood", type=TeamType.FLOOD, jurisdiction="330324",
                 base_lon=120.6, base_lat=28.0)
    a = Assignment(id="a1", team_id="pla", incident_id="i", ordered_by="wz",
                   ordered_by_jurisdiction="330300", ordered_at=NOW)
    assert guards.team_control(LIAISON, pla) is None
    assert "not one of your units" in (guards.team_control(LIAISON, flood) or "")
    assert guards.assignment_ack(LIAISON, pla, a) is None
    acked = Assignment(**{**{f: getattr(a, f) for f in a.__struct_fields__},
                          "acknowledged_at": NOW})
    assert "already acknowledged" in (guards.assignment_ack(LIAISON, pla, acked) or "")
    assert "no open assignment" in (guards.assignment_ack(YJ, flood, None) or "")
    assert guards.assignment_move(WZ, pla, a, "recalled") is None
    assert "The assignment cannot go from Dispatched to Released" in (
        guards.assignment_move(WZ, pla, a, "released") or "")
    ended = Assignment(**{**{f: getattr(a, f) for f in a.__struct_fields__},
                          "status": AssignmentStatus.ENDED})
    assert "no open assignment" in (guards.assignment_move(WZ, pla, ended, "recalled") or "")
    assert "outside your jurisdiction" in (guards.assignment_move(YJ, pla, a, "recalled") or "")


def test_orders_materials_responses_shelters() -> None:
    order = Order(id="o", number="O-1", text="x", issuer="330000", issued_by="prov",
                  issued_at=NOW, addressees=["330324", "team:pla"])
    assert guards.order_ack(YJ, order) is None
    assert guards.order_ack(LIAISON, order) is None
    assert guards.my_addressee(LIAISON, order) == "team:pla"
    assert "not addressed to you" in (guards.order_ack(WZ, order) or "")
    done = Order(**{**{f: getattr(order, f) for f in order.__struct_fields__},
                    "acks": {"330324": OrderReceipt(by="yj", at=NOW)}})
    assert "already acknowledged" in (guards.order_ack(YJ, done) or "")

    req = MaterialRequest(id="m", number="M-1", requester="330324", decider="330300",
                          requested_by="yj", lines=[], status=MaterialRequestStatus.SUBMITTED)
    assert guards.material_move(WZ, req, "approved") is None
    assert "outside your jurisdiction" in (guards.material_move(YJ, req, "approved") or "")
    assert "cannot go from Submitted to Received" in (
        guards.material_move(YJ, req, "received") or "")

    resp = Response(id="r", headquarters="flood_drought", hazard="typhoon",
                    level=ResponseLevel.I, jurisdiction="330300")  # type: ignore[arg-type]
    assert "highest" in (guards.response_change(WZ, resp, "raise") or "")
    assert guards.response_change(WZ, resp, "lower") is None
    assert "outside your jurisdiction" in (guards.response_change(YJ, resp, "lower") or "")

    depot = Depot(id="d", name="D", level=DepotLevel.CITY, jurisdiction="330300", lon=120.7,
                  lat=28.0)
    assert guards.stock_change(WZ, depot, depot.jurisdiction) is None
    assert "outside your jurisdiction" in (guards.stock_change(YJ, depot, "330300") or "")
    assert "Select a depot" in (guards.stock_change(WZ, None, None) or "")

    shelter = Shelter(id="s", name="S", tier=ShelterTier.VILLAGE, jurisdiction="330324",
                      lon=120.7, lat=28.3, capacity=50, open=True, occupancy=12)
    assert "already open" in (guards.shelter(YJ, shelter, "open") or "")
    assert "still houses 12 people" in (guards.shelter(YJ, shelter, "close") or "")
    assert guards.shelter(YJ, shelter, "occupancy") is None


def test_state_machine_reasons_in_chinese(qapp: QApplication) -> None:
    """The machines' reasons are shown in the interface language, with the states' labels."""
    installed = install_language(qapp, "zh")
    try:
        assert installed, "watchfloor_zh_CN.qm must load"
        req = MaterialRequest(id="m", number="M-1", requester="330324", decider="330300",
                              requested_by="yj", lines=[],
                              status=MaterialRequestStatus.SUBMITTED)
        why = guards.material_move(YJ, req, "received") or ""
        assert why.startswith("该物资申请不能从“已提交”变为“已签收”"), why
        assert "submitted" not in why and "received" not in why
        final = guards.incident_open(YJ, incident(IncidentStatus.CLOSED)) or ""
        assert final == "该事件已处于“已关闭”，为最终状态。", final
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        text.set_language("en")
