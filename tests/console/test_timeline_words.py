"""Timeline entries worded in the interface language from their data (issue 10 item 9)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from console.state import text
from console.state.timeline_words import words
from protocol.entities import TimelineEntry
from protocol.timeline import entry_text

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def entry(what: str, params: dict[str, str], note: str = "") -> TimelineEntry:
    return TimelineEntry(ts=T0, actor="yj", what=what, params=params,
                         text=entry_text(what, params, note))


@pytest.fixture
def english() -> Any:
    before = text.language()
    text.set_language("en")
    yield
    text.set_language(before)


def test_entries_are_worded_from_their_data(english: Any) -> None:
    assert words(entry("updated", {"f.deaths": "0 → 3", "f.description": ""}, "核实")) == \
        "updated dead 0 → 3, description: 核实"
    assert words(entry("updated", {"f.type_code": "'11D01' → '11A01'"})) == \
        "updated type Landslide → Flood"
    assert words(entry("graded", {"grade": "II"})) == "graded Ⅱ"
    assert words(entry("status", {"status": "verifying"}, "电话核实")) == \
        "status → Verifying: 电话核实"
    assert words(entry("note", {}, "巡查：无异常")) == "巡查：无异常"
    old = TimelineEntry(ts=T0, actor="yj", text="updated injured=3")  # from before the data
    assert words(old) == "updated injured=3"


def test_how_an_incident_was_reported_is_worded_in_the_console_s_terms(english: Any) -> None:
    changed = entry("updated", {"f.reporter": "'' → '李明'",
                                "f.occurred_at": "None → 2026-11-28 01:00Z",
                                "f.source": "None → 'media'"})
    assert words(changed) == ("updated reporter '' → '李明', time of occurrence not stated → "
                              "11-28 09:00, source not stated → Media / social media")
