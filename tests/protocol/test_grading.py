"""The grade the figures suggest, with the rule behind it (DOMAIN.md thresholds)."""

from __future__ import annotations

from protocol.enums import Grade
from protocol.grading import Suggestion, suggest, suggest_grade


def test_work_safety_deaths_and_injuries() -> None:
    assert suggest("12C00", deaths=2) == Suggestion(Grade.IV, "work_safety", "", 0.0, 0.0)
    assert suggest("12C00", deaths=3) == Suggestion(Grade.III, "work_safety", "deaths", 3, 3)
    assert suggest("12C00", deaths=9, injured=50) == \
        Suggestion(Grade.II, "work_safety", "injured", 50, 50)  # the most severe metric wins
    assert suggest_grade("12C00", deaths=30) == Grade.I


def test_geological_and_forest_fire_and_unknown() -> None:
    assert suggest("11D01", deaths=10).grade == Grade.II
    assert suggest("11D01", direct_loss_cny=1_000_000).metric == "direct_loss_cny"
    assert suggest("11G00", burned_ha=150) == Suggestion(Grade.II, "forest_fire",
                                                          "burned_ha", 150, 100)
    assert suggest("11A01", deaths=50) is None  # no thresholds for floods: judgement
