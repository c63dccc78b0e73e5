"""State machines, adcodes and coordinate conversion."""

from __future__ import annotations

import pytest

from protocol import adcodes, geo, machines, rules
from protocol.catalog import incident_category, is_valid_incident_type
from protocol.enums import (
    AssignmentStatus,
    Grade,
    IncidentStatus,
    MaterialRequestStatus,
    SupportRequestStatus,
    TeamStatus,
)


@pytest.mark.parametrize(
    "machine, enum",
    [
        ("incident", IncidentStatus),
        ("team", TeamStatus),
        ("assignment", AssignmentStatus),
        ("support_request", SupportRequestStatus),
        ("material_request", MaterialRequestStatus),
    ],
)
def test_tables_cover_exactly_the_enum(machine: str, enum: type) -> None:
    table = machines.MACHINES[machine]
    codes = {m.value for m in enum}  # type: ignore[attr-defined]
    assert set(table) == codes
    for targets in table.values():
        assert targets <= codes


def test_team_cycle_and_out_of_service() -> None:
    path = ["available", "alerted", "dispatched", "en_route", "on_scene", "working", "released",
            "returning", "available"]
    for a, b in zip(path, path[1:], strict=False):
        assert machines.can_move("team", a, b), (a, b)
    assert machines.can_move("team", "working", "out_of_service")
    assert not machines.can_move("team", "out_of_service", "out_of_service")
    assert machines.can_move("team", "en_route", "recalled")
    assert not machines.can_move("team", "available", "working")


def test_assignment_follows_team_statuses() -> None:
    for team_status, assignment_status in machines.ASSIGNMENT_OF_TEAM_STATUS.items():
        assert team_status in machines.TEAM
        assert assignment_status in machines.ASSIGNMENT


def test_move_explains_with_a_code() -> None:
    assert rules.move("incident", "received", "verifying") is None
    final = rules.move("incident", "closed", "received")
    assert final == rules.Refusal("final_state", {"machine": "incident", "state": "closed"})
    illegal = rules.move("material_request", "draft", "received")
    assert illegal is not None and illegal.code == "illegal_move"
    assert illegal.params["allowed"] == "cancelled,submitted"


def test_adcodes() -> None:
    assert adcodes.level_of("330000") == "province"
    assert adcodes.level_of("330300") == "city"
    assert adcodes.level_of("330324") == "county"
    assert adcodes.ancestors("330324") == ["330324", "330300", "330000"]
    assert adcodes.is_within("330324", "330300")
    assert adcodes.is_within("330324", "330000")
    assert not adcodes.is_within("330324", "330381")
    assert not adcodes.is_within("330300", "330324")
    assert adcodes.common_parent("330324", "330381") == "330300"
    assert adcodes.common_parent("330324", "331081") == "330000"


def test_gcj02_round_trip_and_offset() -> None:
    lon, lat = 120.65, 28.01
    glon, glat = geo.wgs84_to_gcj02(lon, lat)
    # GCJ-02 shifts positions in China by a few hundred metres.
    assert 100 < geo.haversine_m(lon, lat, glon, glat) < 1000
    back = geo.gcj02_to_wgs84(glon, glat)
    assert geo.haversine_m(lon, lat, *back) < 0.5
    assert geo.wgs84_to_gcj02(-0.1, 51.5) == (-0.1, 51.5)


def test_haversine_hangzhou_wenzhou() -> None:
    assert 250_000 < geo.haversine_m(120.15, 30.27, 120.70, 28.00) < 270_000


def test_catalog_and_labels() -> None:
    assert incident_category("11D01") == "natural"
    assert incident_category("12D02") == "accident"
    assert is_valid_incident_type("12E01") and is_valid_incident_type("11A77")
    assert not is_valid_incident_type("99999") and not is_valid_incident_type("11a01")
    assert Grade.I.zh.startswith("Ⅰ") and Grade("II") is Grade.II
    assert Grade.III.label("zh_CN") == Grade.III.zh and Grade.III.label() == Grade.III.en
