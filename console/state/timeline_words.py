"""A timeline entry worded from its data (``what``/``params``), in the interface language or
in a language asked for (a report's); the officer's note follows as written. Entries without
data show their text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from protocol.catalog import INCIDENT_TYPES
from protocol.entities import TimelineEntry
from protocol.enums import Grade, IncidentStatus, SourceChannel
from protocol.timeline import FIELD, note_of

from . import text
from .colours import NUMERAL
from .i18n import translate
from .ts_translations import ts_translator

CONTEXT = "Timeline"


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the Timeline context)."""
    return translate(CONTEXT, s)


def _catalogue(lang: str) -> Callable[[str, str], str]:
    found = ts_translator(lang)
    return found if found is not None else (lambda _context, s: s)


class _Wording:
    def __init__(self, lang: str | None) -> None:
        self.lang = ("zh" if lang.startswith("zh") else "en") if lang else text.language()
        self.translate: Callable[[str, str], str] = (
            translate if lang is None else _catalogue(self.lang))

    def t(self, s: str) -> str:
        return self.translate(CONTEXT, s)

    def f(self, s: str) -> str:
        return self.translate("Forms", s)

    def field(self, name: str) -> str:
        t, f = self.t, self.f
        return {
            "title": t("title"), "description": t("description"), "address": t("address"),
            "type_code": t("type"), "lon": t("longitude"), "lat": t("latitude"),
            "deaths": t("dead"), "injured": t("injured"), "missing": t("missing"),
            "trapped": t("trapped"), "jurisdiction": t("jurisdiction"),
            "reporter": f("reporter"), "reporter_phone": f("reporter's phone"),
            "occurred_at": f("time of occurrence"), "source": f("source"),
        }.get(name, name)

    def incident_type(self, code: str) -> str:
        found = INCIDENT_TYPES.get(code)
        return (found.zh if self.lang == "zh" else found.en) if found else code

    def value(self, name: str, value: str) -> str:
        """One side of "old → new": a source by its label, a time of occurrence (UTC on the
        wire) in China Standard Time; "None": not stated."""
        value = value.strip().strip("'")
        if value == "None":
            return self.f("not stated")
        if name == "source":
            try:
                return SourceChannel(value).label(self.lang)
            except ValueError:
                return value
        if name == "occurred_at":
            try:
                when = datetime.strptime(value, "%Y-%m-%d %H:%MZ").replace(tzinfo=UTC)
            except ValueError:
                return value
            return text.cst(when, True)
        return value

    def change(self, name: str, value: str) -> str:
        if not value:
            return self.field(name)
        if name == "type_code":
            old, _, new = (v.strip().strip("'") for v in value.partition("→"))
            return f"{self.field(name)} {self.incident_type(old)} → {self.incident_type(new)}"
        if name in ("source", "occurred_at"):
            old, _, new = value.partition("→")
            return f"{self.field(name)} {self.value(name, old)} → {self.value(name, new)}"
        return f"{self.field(name)} {value}"

    def status(self, code: str) -> str:
        try:
            return IncidentStatus(code).label(self.lang)
        except ValueError:
            return code

    def grade(self, code: str | None) -> str:
        if not code:
            return ""
        try:
            Grade(code)
        except ValueError:
            return code
        return f"{NUMERAL.get(code, code)}级" if self.lang == "zh" else NUMERAL.get(code, code)


def head(entry: TimelineEntry, lang: str | None = None) -> str:
    w = _Wording(lang)
    t = w.t
    p = entry.params
    what = entry.what
    if what == "reported":
        if p.get("by"):
            return t("reported by {by} into {into}: {title}").format(
                by=p["by"], into=p.get("into", ""), title=p.get("title", ""))
        return t("reported: {title}").format(title=p.get("title", ""))
    if what == "updated":
        changes = [w.change(k[len(FIELD):], v) for k, v in p.items() if k.startswith(FIELD)]
        sep = "，" if w.lang == "zh" else ", "
        return t("updated {changes}").format(changes=sep.join(changes)) if changes \
            else t("updated")
    if what == "graded":
        return t("graded {grade}").format(grade=w.grade(p.get("grade")))
    if what == "status":
        return t("status → {status}").format(status=w.status(p.get("status", "")))
    if what == "responding":
        return t("responding: {team} dispatched").format(team=p.get("team", ""))
    if what == "dispatched":
        return t("{team} dispatched").format(team=p.get("team", ""))
    if what == "merged_into":
        return t("merged into {number}").format(number=p.get("number", ""))
    if what == "merged_from":
        return t("{number} merged into this incident").format(number=p.get("number", ""))
    if what == "closed":
        return t("closed")
    if what == "exercise_on":
        return t("marked as exercise")
    if what == "exercise_off":
        return t("marked as real (not an exercise)")
    if what == "from_duty_log":
        return t("from the duty log (call received {received} UTC)").format(
            received=p.get("received", ""))
    if what == "info_report":
        stage = p.get("stage", "")
        if stage == "initial":
            return t("initial information report ({channel})").format(
                channel=t("phone") if p.get("channel") == "phone" else t("written"))
        if stage == "follow_up":
            return t("follow-up information report {number}").format(number=p.get("number"))
        return t("final information report")
    return ""


def words(entry: TimelineEntry, lang: str | None = None) -> str:
    """The whole entry to show: worded head, then the note (``lang``: a report's language;
    default the interface's)."""
    if not entry.what:
        return entry.text
    note = note_of(entry.what, entry.params, entry.text)
    if entry.what == "note":
        return note
    first = head(entry, lang) or entry.text
    return f"{first}: {note}" if note else first
