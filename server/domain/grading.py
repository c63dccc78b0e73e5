"""Grade suggestion from the figures (DOMAIN.md "Severity grades"); the officer decides.

Thresholds are data: each rule family maps a metric to the minimum value of grades Ⅰ, Ⅱ, Ⅲ
(anything below is Ⅳ). The suggestion is the most severe grade any metric reaches.
"""

from __future__ import annotations

from typing import NamedTuple

from protocol.catalog import incident_category
from protocol.enums import Grade


class Minimums(NamedTuple):
    """Lowest value that makes grade Ⅰ, Ⅱ and Ⅲ."""

    i: float
    ii: float
    iii: float


WORK_SAFETY: dict[str, Minimums] = {  # [S]
    "deaths": Minimums(30, 10, 3),
    "injured": Minimums(100, 50, 10),
    "direct_loss_cny": Minimums(100_000_000, 50_000_000, 10_000_000),
}
GEOLOGICAL: dict[str, Minimums] = {  # [G]
    "deaths": Minimums(30, 10, 3),
    "direct_loss_cny": Minimums(10_000_000, 5_000_000, 1_000_000),
}
FOREST_FIRE: dict[str, Minimums] = {  # [G] burned area in hectares
    "burned_ha": Minimums(1000, 100, 1),
}


def _rules_for(type_code: str) -> dict[str, Minimums] | None:
    if incident_category(type_code) == "accident":
        return WORK_SAFETY
    if type_code.startswith("11D"):
        return GEOLOGICAL
    if type_code.startswith("11G"):
        return FOREST_FIRE
    return None


def _grade_of(value: float, minimums: Minimums) -> Grade:
    if value >= minimums.i:
        return Grade.I
    if value >= minimums.ii:
        return Grade.II
    if value >= minimums.iii:
        return Grade.III
    return Grade.IV


def suggest_grade(type_code: str, deaths: int = 0, injured: int = 0,
                  direct_loss_cny: float = 0.0, burned_ha: float = 0.0) -> Grade | None:
    """The grade the figures suggest, or None where no thresholds are known for the type."""
    rules = _rules_for(type_code)
    if rules is None:
        return None
    figures = {"deaths": deaths, "injured": injured, "direct_loss_cny": direct_loss_cny,
               "burned_ha": burned_ha}
    grades = [_grade_of(figures[metric], minimums) for metric, minimums in rules.items()]
    return min(grades, key=lambda g: ("I", "II", "III", "IV").index(g.value))
