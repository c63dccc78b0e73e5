"""Timeline entries as data and as words.

The server records each entry's ``what`` and ``params`` and, in ``text``, the same in plain
English followed by ``": <note>"`` when the officer wrote one. :func:`english` is the one
wording of the head, so a reader can split ``text`` back into head and note
(:func:`note_of`) and word the head in its own language from ``what``/``params``.
"""

from __future__ import annotations

from collections.abc import Mapping

FIELD = "f."  # params key prefix of a changed field (updated)


def english(what: str, params: Mapping[str, str]) -> str:
    p = params
    if what == "reported":
        return f"reported: {p.get('title', '')}" if not p.get("by") else (
            f"reported by {p['by']} into {p.get('into', '')}: {p.get('title', '')}")
    if what == "updated":
        changes = [f"{k[len(FIELD):]} {v}".rstrip() for k, v in p.items() if k.startswith(FIELD)]
        return "updated " + ", ".join(changes) if changes else "updated"
    if what == "graded":
        return f"graded {p.get('grade', '')}"
    if what == "status":
        return f"status {p.get('status', '')}"
    if what == "responding":
        return f"responding: {p.get('team', '')} dispatched"
    if what == "dispatched":
        return f"{p.get('team', '')} dispatched"
    if what == "merged_into":
        return f"merged into {p.get('number', '')}"
    if what == "merged_from":
        return f"{p.get('number', '')} merged into this incident"
    if what == "closed":
        return "closed"
    if what == "exercise_on":
        return "marked as exercise"
    if what == "exercise_off":
        return "marked as real (not an exercise)"
    if what == "from_duty_log":
        return f"from duty-log entry {p.get('entry', '')} (received {p.get('received', '')}Z)"
    if what == "info_report":
        stage = p.get("stage", "")
        if stage == "initial":
            return f"initial information report ({p.get('channel', '')})"
        if stage == "follow_up":
            return f"follow-up information report {p.get('number', '')}"
        return "final information report"
    return ""


def entry_text(what: str, params: Mapping[str, str], note: str = "") -> str:
    """``text`` of an entry: the English head, then the note. A plain note is the text."""
    if what == "note":
        return note
    head = english(what, params)
    return f"{head}: {note}" if note else head


def note_of(what: str, params: Mapping[str, str], text: str) -> str:
    """The officer's note inside ``text`` (the whole text for a note entry)."""
    if what == "note":
        return text
    head = english(what, params)
    return text[len(head) + 2:] if text.startswith(head + ": ") else ""
