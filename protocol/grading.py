"""Grade suggestion from the figures (DOMAIN.md "Severity grades"); the officer decides.

Thresholds are data: each rule family maps a metric to the minimum value of grades Ⅰ, Ⅱ, Ⅲ
(anything below is Ⅳ). The suggestion is the most severe grade any metric reaches, with the
rule that produced it, so a form can say why (the server returns the grade alone as
``suggested_grade``; the console shows the rule beside it).
"""

from __future__ import annotations

from typing import NamedTuple

from .catalog import incident_category
from .enums import Grade


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
FAMILIES = {"work_safety": WORK_SAFETY, "geological": GEOLOGICAL, "forest_fire": FOREST_FIRE}
ORDER = (Grade.I, Grade.II, Grade.III, Grade.IV)


class Suggestion(NamedTuple):
    grade: Grade
    family: str  # a key of FAMILIES
    metric: str  # the metric that decided ("" when every metric is below grade Ⅲ)
    value: float
    minimum: float  # the decisive metric's minimum for the grade (0 for Ⅳ)


def family_of(type_code: str) -> str | None:
    if incident_category(type_code) == "accident":
        return "work_safety"
    if type_code.startswith("11D"):
        return "geological"
    if type_code.startswith("11G"):
        return "forest_fire"
    return None


def _grade_of(value: float, minimums: Minimums) -> tuple[Grade, float]:
    for grade, minimum in zip(ORDER, minimums, strict=False):
        if value >= minimum:
            return grade, minimum
    return Grade.IV, 0.0


def suggest(type_code: str, deaths: int = 0, injured: int = 0, direct_loss_cny: float = 0.0,
            burned_ha: float = 0.0) -> Suggestion | None:
    """The grade the figures suggest and the rule behind it; None where no thresholds are
    known for the type."""
    family = family_of(type_code)
    if family is None:
        return None
    figures = {"deaths": deaths, "injured": injured, "direct_loss_cny": direct_loss_cny,
               "burned_ha": burned_ha}
    best = Suggestion(Grade.IV, family, "", 0.0, 0.0)
    for metric, minimums in FAMILIES[family].items():
        grade, minimum = _grade_of(figures[metric], minimums)
        if ORDER.index(grade) < ORDER.index(best.grade):
            best = Suggestion(grade, family, metric, figures[metric], minimum)
    return best


def suggest_grade(type_code: str, deaths: int = 0, injured: int = 0,
                  direct_loss_cny: float = 0.0, burned_ha: float = 0.0) -> Grade | None:
    """The grade alone (see :func:`suggest`)."""
    found = suggest(type_code, deaths, injured, direct_loss_cny, burned_ha)
    return None if found is None else found.grade
