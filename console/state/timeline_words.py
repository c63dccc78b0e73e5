"""A timeline entry worded in the interface language, from its data (``what``/``params``);
the officer's note follows as written. Entries without data show their text."""

from __future__ import annotations

from datetime import UTC, datetime

from protocol.catalog import INCIDENT_TYPES
from protocol.entities import TimelineEntry
from protocol.enums import IncidentStatus, SourceChannel
from protocol.timeline import FIELD, note_of

from . import text
from .i18n import translate


def tr(s: str) -> str:
    return translate("Timeline", s)


def _field(name: str) -> str:
    return {
        "title": tr("title"), "description": tr("description"), "address": tr("address"),
        "type_code": tr("type"), "lon": tr("longitude"), "lat": tr("latitude"),
        "deaths": tr("dead"), "injured": tr("injured"), "missing": tr("missing"),
        "trapped": tr("trapped"), "jurisdiction": tr("jurisdiction"),
        "reporter": translate("Forms", "reporter"),
        "reporter_phone": translate("Forms", "reporter's phone"),
        "occurred_at": translate("Forms", "time of occurrence"),
        "source": translate("Forms", "source"),
    }.get(name, name)


def _value(name: str, value: str) -> str:
    """One side of "old → new" in the console's words: a source by its label, a time of
    occurrence (UTC on the wire) in China Standard Time; "None": not stated."""
    value = value.strip().strip("'")
    if value == "None":
        return translate("Forms", "not stated")
    if name == "source":
        try:
            return text.label(SourceChannel(value))
        except ValueError:
            return value
    if name == "occurred_at":
        try:
            when = datetime.strptime(value, "%Y-%m-%d %H:%MZ").replace(tzinfo=UTC)
        except ValueError:
            return value
        return text.cst(when, True)
    return value


def _change(name: str, value: str) -> str:
    if not value:
        return _field(name)
    if name == "type_code":
        old, _, new = (v.strip().strip("'") for v in value.partition("→"))
        def label(code: str) -> str:
            t = INCIDENT_TYPES.get(code)
            return (t.zh if text.language() == "zh" else t.en) if t else code
        return f"{_field(name)} {label(old)} → {label(new)}"
    if name in ("source", "occurred_at"):
        old, _, new = value.partition("→")
        return f"{_field(name)} {_value(name, old)} → {_value(name, new)}"
    return f"{_field(name)} {value}"


def _status(code: str) -> str:
    try:
        return text.label(IncidentStatus(code))
    except ValueError:
        return code


def head(entry: TimelineEntry) -> str:
    p = entry.params
    what = entry.what
    if what == "reported":
        if p.get("by"):
            return tr("reported by {by} into {into}: {title}").format(
                by=p["by"], into=p.get("into", ""), title=p.get("title", ""))
        return tr("reported: {title}").format(title=p.get("title", ""))
    if what == "updated":
        changes = [_change(k[len(FIELD):], v) for k, v in p.items() if k.startswith(FIELD)]
        sep = "，" if text.language() == "zh" else ", "
        return tr("updated {changes}").format(changes=sep.join(changes)) if changes \
            else tr("updated")
    if what == "graded":
        return tr("graded {grade}").format(grade=text.grade_text(p.get("grade")))
    if what == "status":
        return tr("status → {status}").format(status=_status(p.get("status", "")))
    if what == "responding":
        return tr("responding: {team} dispatched").format(team=p.get("team", ""))
    if what == "dispatched":
        return tr("{team} dispatched").format(team=p.get("team", ""))
    if what == "merged_into":
        return tr("merged into {number}").format(number=p.get("number", ""))
    if what == "merged_from":
        return tr("{number} merged into this incident").format(number=p.get("number", ""))
    if what == "closed":
        return tr("closed")
    if what == "exercise_on":
        return tr("marked as exercise")
    if what == "exercise_off":
        return tr("marked as real (not an exercise)")
    if what == "from_duty_log":
        return tr("from the duty log (call received {received} UTC)").format(
            received=p.get("received", ""))
    if what == "info_report":
        stage = p.get("stage", "")
        if stage == "initial":
            return tr("initial information report ({channel})").format(
                channel=tr("phone") if p.get("channel") == "phone" else tr("written"))
        if stage == "follow_up":
            return tr("follow-up information report {number}").format(number=p.get("number"))
        return tr("final information report")
    return ""


def words(entry: TimelineEntry) -> str:
    """The whole entry to show: worded head, then the note."""
    if not entry.what:
        return entry.text
    note = note_of(entry.what, entry.params, entry.text)
    if entry.what == "note":
        return note
    first = head(entry) or entry.text
    return f"{first}: {note}" if note else first
