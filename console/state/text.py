"""Labels shown to people: enum labels in the chosen language, place and type names.

The language is chosen once at start (:func:`set_language`); enumeration labels come from the
protocol enums (``.en`` / ``.zh``), place names from the jurisdictions in the picture.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib.resources import files

from protocol.catalog import CAPABILITIES, INCIDENT_TYPES, MATERIALS
from protocol.entities import Jurisdiction
from protocol.enums import Grade, TeamType
from protocol.labels import LabeledEnum
from protocol.replica import Replica

from .colours import NUMERAL

CST = timezone(timedelta(hours=8), "CST")
_lang = "en"


def set_language(lang: str) -> None:
    global _lang
    _lang = "zh" if lang.startswith("zh") else "en"


def language() -> str:
    return _lang


def label(value: LabeledEnum | None) -> str:
    return "" if value is None else value.label(_lang)


def numeral(code: str | None) -> str:
    """Ⅰ..Ⅳ for a grade/level code."""
    return NUMERAL.get(code or "", "")


def grade_name(code: str | None) -> str:
    """A grade with its numeral once (issue 10: not 'Ⅲ Ⅲ级 较大'): the Chinese label, which
    carries it ('Ⅲ级 较大'), or in English the numeral and the words ('Ⅲ (relatively serious)')."""
    if not code:
        return ""
    grade = Grade(code)
    if _lang == "zh":
        return grade.zh
    return f"{numeral(code)} ({grade.en.partition('(')[2].rstrip(')')})"


def grade_text(code: str | None) -> str:
    if code is None:
        return ""
    return f"{numeral(code)}级" if _lang == "zh" else numeral(code)


def incident_type(code: str) -> str:
    t = INCIDENT_TYPES.get(code)
    if t is None:
        return code
    return t.zh if _lang == "zh" else t.en


def material(code: str) -> str:
    m = MATERIALS.get(code)
    if m is None:
        return code
    return f"{m.zh}（{m.unit_zh}）" if _lang == "zh" else f"{m.en} ({m.unit_en})"


def capability(code: str) -> str:
    """A capability (or a team type asked for by a support request) in the interface
    language; an unknown code is shown as it is."""
    c = CAPABILITIES.get(code)
    if c is not None:
        return c.zh if _lang == "zh" else c.en
    try:
        return label(TeamType(code))
    except ValueError:
        return code


def capabilities(codes: list[str]) -> str:
    return ("、" if _lang == "zh" else ", ").join(capability(c) for c in codes)


@lru_cache(maxsize=1)
def names_en() -> dict[str, str]:
    """The shipped English names of Zhejiang's jurisdictions (resources/places)."""
    data = files("resources.places").joinpath("names_en.json").read_text(encoding="utf-8")
    return dict(json.loads(data))


def place_name(adcode: str, zh: str, lang: str | None = None) -> str:
    """A place by its Chinese name and adcode, in ``lang`` (default: the interface's)."""
    if (lang or _lang).startswith("zh"):
        return zh
    return names_en().get(adcode, zh)


def place(replica: Replica, adcode: str) -> str:
    """The jurisdiction's name in the chosen language (its code when unknown)."""
    j = replica.get_typed(Jurisdiction, adcode)
    if j is None:
        return adcode if _lang == "zh" else names_en().get(adcode, adcode)
    if _lang == "zh":
        return j.name
    return j.name_en or names_en().get(adcode, j.name)


def cst(ts: datetime | None, with_date: bool = False) -> str:
    """A timestamp in China Standard Time."""
    if ts is None or ts.year <= 1970:
        return ""  # unset (the epoch default), e.g. a field trimmed from a liaison's view
    local = ts.astimezone(CST)
    return local.strftime("%m-%d %H:%M" if with_date else "%H:%M:%S")


WITHHELD = "—"


def withheld_note() -> str:
    return "未向您的角色提供" if _lang == "zh" else "not shared with your role"


def figures(entity: object, *fields: str, sep: str = "/") -> str:
    """Figures of an entity joined by ``sep``; a field the server withheld from this view
    (``entity.withheld``) shows as "—", never as a 0 that was never reported."""
    hidden = set(getattr(entity, "withheld", ()) or ())
    return sep.join(WITHHELD if f in hidden else str(getattr(entity, f)) for f in fields)


def any_withheld(entity: object, *fields: str) -> bool:
    hidden = set(getattr(entity, "withheld", ()) or ())
    return any(f in hidden for f in fields)


def cst_label() -> str:
    """How a wall-clock time is labelled: China Standard Time, in the interface language."""
    return "北京时间" if _lang == "zh" else "CST"


def cst_full(ts: datetime | None) -> str:
    """The one full date-time form: ``2026-12-02 12:10 CST`` (``… 北京时间`` in Chinese)."""
    if ts is None or ts.year <= 1970:
        return ""
    return f"{ts.astimezone(CST):%Y-%m-%d %H:%M} {cst_label()}"


def scenario_clock(start: datetime, now: datetime) -> str:
    """Exercise time since ``start`` as ``T+hh:mm`` (``T-hh:mm`` before it)."""
    minutes = int((now - start).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"T{sign}{hours:02d}:{rest:02d}"


def duration(seconds: float) -> str:
    """A short duration: 42s, 17m, 3h05m, 2d04h."""
    s = max(0, int(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m"
    if s < 86400:
        return f"{s // 3600}h{(s % 3600) // 60:02d}m"
    return f"{s // 86400}d{(s % 86400) // 3600:02d}h"
