"""The demo data is plausible: places inside the right boundaries, figures in DOMAIN ranges."""

from __future__ import annotations

from collections import Counter

from protocol.adcodes import is_within
from protocol.catalog import MATERIALS
from protocol.enums import DepotLevel, Hazard, ResponseLevel, Role, ShelterTier, TeamType
from resources.demo import load, password
from server.domain.jurisdictions import known_adcodes, locate

TEAMS = load("teams")["teams"]


def test_every_base_depot_and_shelter_lies_inside_its_jurisdiction() -> None:
    places = [(t["key"], t["jurisdiction"], t["base_lon"], t["base_lat"]) for t in TEAMS]
    places += [(d["key"], d["jurisdiction"], d["lon"], d["lat"]) for d in load("depots")["depots"]]
    places += [(s["key"], s["jurisdiction"], s["lon"], s["lat"])
               for s in load("shelters")["shelters"]]
    wrong = []
    for key, jurisdiction, lon, lat in places:
        assert jurisdiction in known_adcodes(), key
        county = locate(lon, lat)
        if county is None or not is_within(county, jurisdiction):
            wrong.append((key, jurisdiction, county))
    assert wrong == []


def test_the_forces_are_those_the_exercise_and_the_domain_need() -> None:
    kinds = Counter(t["type"] for t in TEAMS)
    assert 120 <= len(TEAMS) <= 200
    assert {"fire_rescue", "national_mobile", "flood", "forest_fire", "mine", "hazmat",
            "aviation", "social", "pla", "pap"} <= set(kinds)
    assert kinds["national_mobile"] == kinds["pla"] == kinds["pap"] == 1
    mobile = next(t for t in TEAMS if t["type"] == "national_mobile")
    assert locate(mobile["base_lon"], mobile["base_lat"]) == "330122"  # Tonglu
    assert any(locate(t["base_lon"], t["base_lat"]) == "330182"  # Jiande
               for t in TEAMS if t["type"] == "aviation")
    cities = {t["jurisdiction"][:4] for t in TEAMS}
    assert {f"33{n:02d}" for n in range(1, 12)} <= cities
    for scenario_county in ("330302", "330381", "330327", "330324", "330328", "330329",
                            "330326", "331081", "331082"):
        assert any(t["jurisdiction"] == scenario_county for t in TEAMS), scenario_county
    for t in TEAMS:
        TeamType(t["type"])
        if t["type"] == "fire_rescue":
            assert 20 <= t["headcount"] <= 40, t["key"]
        if t["type"] == "social":
            assert t["rating"] in (1, 2, 3) and 20 <= t["headcount"] <= 100
        assert t["capabilities"] and t["equipment"]


def test_depots_hold_catalogue_items_with_sensible_thresholds() -> None:
    depots = load("depots")["depots"]
    levels = Counter(d["level"] for d in depots)
    assert levels["province"] >= 1 and levels["city"] == 11 and levels["county"] >= 7
    for d in depots:
        DepotLevel(d["level"])
        for line in d["stock"]:
            assert line["item_code"] in MATERIALS
            assert 0 < line["threshold"] < line["quantity"]
    provincial = next(d for d in depots if d["key"] == "prov-hangzhou")
    stock = {line["item_code"]: line["quantity"] for line in provincial["stock"]}
    assert stock["1010101"] >= 500 and stock["2020101"] >= 40 and stock["2020201"] >= 30


def test_shelters_meet_their_tier_minimum() -> None:
    minimum = {"county": 200, "township": 100, "village": 50}
    shelters = load("shelters")["shelters"]
    for s in shelters:
        assert s["capacity"] >= minimum[ShelterTier(s["tier"]).value], s["key"]
    assert {"330324", "330328", "330329"} <= {s["jurisdiction"] for s in shelters}


def test_plans_and_users() -> None:
    for plan in load("plans")["plans"]:
        Hazard(plan["hazard"])
        assert {ResponseLevel(level) for level in plan["tasks"]} == set(ResponseLevel)
    users = {u["name"]: u for u in load("users")["users"]}
    assert password() == "watchfloor-demo"
    roles = {u["role"] for u in users.values()}
    assert {r.value for r in Role} == roles
    assert users["prov"]["jurisdiction"] == "330000"
    assert users["wenzhou"]["jurisdiction"] == "330300"
    assert users["yongjia"]["jurisdiction"] == "330324"
    assert users["liaison-pla"]["units"] == ["pla-wenzhou"]
    assert users["liaison-pap"]["units"] == ["pap-taizhou"]
    assert all(users[f"field-{t['key']}"]["units"] == [t["key"]] for t in TEAMS)
