"""The jurisdictions an officer may choose, grouped by city, as a tree for a checkable view.

A province officer sees the cities with their counties below; a city officer its own city over
its counties; a county officer its county alone. With ``below_only`` (orders go strictly
down) the officer's own jurisdiction is a group heading, not a choice. What a person ticks
reads back as the fewest codes that say it (:func:`chosen`): a whole city as the city's code,
part of one as the counties ticked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field

from protocol.adcodes import level_of, parent_of
from protocol.entities import Jurisdiction


@dataclass(frozen=True)
class AreaNode:
    label: str
    value: str | None  # None: a heading that only groups its children
    children: tuple[AreaNode, ...] = field(default_factory=tuple)
    tooltip: str = ""


def city_tree(jurisdictions: Iterable[Jurisdiction], within: str, name: Callable[[str], str],
              below_only: bool = False) -> list[AreaNode]:
    """The tree of the jurisdictions within ``within``, cities over their counties, by code."""
    codes = sorted(j.id for j in jurisdictions)
    counties: dict[str, list[str]] = {}
    for code in codes:
        if level_of(code) == "county":
            counties.setdefault(parent_of(code) or "", []).append(code)

    def node(code: str, kids: list[str]) -> AreaNode:
        return AreaNode(name(code), None if below_only and code == within else code,
                        tuple(node(k, []) for k in kids), code)

    if level_of(within) == "province":
        return [node(c, counties.get(c, [])) for c in codes
                if level_of(c) == "city" and parent_of(c) == within]
    if below_only and level_of(within) == "county":
        return []
    return [node(within, counties.get(within, []))] if within in codes else []


def chosen(nodes: Iterable[AreaNode], ticked: Set[str]) -> list[str]:
    """The values of ticked nodes, a node whose children are all ticked standing for them
    (a heading's children stand for themselves). ``ticked``: the leaves (and childless nodes)
    ticked."""
    out: list[str] = []
    for n in nodes:
        if not n.children:
            if n.value is not None and n.value in ticked:
                out.append(n.value)
            continue
        below = chosen(n.children, ticked)
        whole = len(below) == len(n.children) and all(c.value in below for c in n.children)
        out += [n.value] if whole and n.value is not None else below
    return out
