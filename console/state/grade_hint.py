"""Words for the grade the figures suggest, shown in New incident and Set grade while the
figures are typed: the grade, the rule that produced it, and that the officer decides."""

from __future__ import annotations

from typing import Any

from protocol.grading import suggest

from . import text
from .i18n import translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def _family(key: str) -> str:
    return {"work_safety": tr("work-safety accident thresholds"),
            "geological": tr("geological disaster thresholds"),
            "forest_fire": tr("forest fire thresholds")}[key]


def _metric(key: str) -> str:
    return {"deaths": tr("dead"), "injured": tr("injured"),
            "direct_loss_cny": tr("direct loss (CNY)"),
            "burned_ha": tr("burned area (ha)")}[key]


def grade_hint(values: dict[str, Any]) -> str:
    """``values`` holds type_code and the figures as a form has them."""
    code = values.get("type_code")
    if not code:
        return tr("Choose the type to see the grade its figures suggest.")
    found = suggest(code, deaths=int(values.get("deaths") or 0),
                    injured=int(values.get("injured") or 0))
    if found is None:
        return tr("No grading thresholds for this type: grade by judgement.")
    grade = text.grade_name(found.grade.value)
    if not found.metric:
        why = tr("every figure is below the grade Ⅲ thresholds")
    else:
        why = tr("{metric} {value:g} ≥ {minimum:g}").format(
            metric=_metric(found.metric), value=found.value, minimum=found.minimum)
    return tr("Suggested grade: {grade} — {why} ({rule}). You decide.").format(
        grade=grade, why=why, rule=_family(found.family))
