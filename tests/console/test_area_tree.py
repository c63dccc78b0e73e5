"""The city tree of the area and recipient choosers, and how ticks read back (no Qt)."""

from __future__ import annotations

from console.state.area_tree import AreaNode, chosen, city_tree
from protocol.entities import Jurisdiction
from protocol.enums import Level

CODES = {"330000": Level.PROVINCE, "330100": Level.CITY, "330102": Level.COUNTY,
         "330106": Level.COUNTY, "330300": Level.CITY, "330324": Level.COUNTY,
         "330381": Level.COUNTY}
JS = [Jurisdiction(id=c, name=c, level=lv) for c, lv in CODES.items()]


def shape(nodes: list[AreaNode]) -> list[tuple[str | None, list[str | None]]]:
    return [(n.value, [c.value for c in n.children]) for n in nodes]


def test_a_province_officer_sees_the_cities_over_their_counties_and_not_the_province() -> None:
    assert shape(city_tree(JS, "330000", str)) == [
        ("330100", ["330102", "330106"]), ("330300", ["330324", "330381"])]


def test_a_city_officer_sees_its_city_which_is_a_heading_only_for_orders() -> None:
    assert shape(city_tree(JS, "330300", str)) == [("330300", ["330324", "330381"])]
    assert shape(city_tree(JS, "330300", str, below_only=True)) == [
        (None, ["330324", "330381"])]


def test_a_county_officer_chooses_its_county_or_no_jurisdiction_below() -> None:
    assert shape(city_tree(JS, "330324", str)) == [("330324", [])]
    assert city_tree(JS, "330324", str, below_only=True) == []


def test_a_whole_city_reads_as_the_city_and_part_of_one_as_its_counties() -> None:
    tree = city_tree(JS, "330000", str)
    assert chosen(tree, set()) == []
    assert chosen(tree, {"330324", "330381"}) == ["330300"]
    assert chosen(tree, {"330102", "330324", "330381"}) == ["330102", "330300"]
    heading = city_tree(JS, "330300", str, below_only=True)
    assert chosen(heading, {"330324", "330381"}) == ["330324", "330381"]
