"""The grade chip names its numeral once (issue 10 item 16: 'Ⅲ Ⅲ级 较大')."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from console.state import text
from console.state.detail_html import render
from console.state.grade_hint import grade_hint
from protocol.entities import Incident
from protocol.enums import Grade
from protocol.messages import Snapshot
from protocol.replica import Replica

NOW = datetime(2026, 11, 28, 1, 30, tzinfo=UTC)
NUMERALS = "ⅠⅡⅢⅣ"


def page(grade: Grade) -> str:
    r = Replica()
    r.apply(Snapshot(seq=1, entities=[Incident(
        id="i1", number="ZJ-20261128-0001", type_code="11D01", title="山体滑坡", lon=120.7,
        lat=28.4, jurisdiction="330324", reported_by="yj", reported_at=NOW, grade=grade)]))
    return re.sub(r"<[^>]+>", "", render(r, "incident", "i1")).replace("&nbsp;", " ")


def test_the_chip_shows_the_numeral_once_in_both_languages() -> None:
    try:
        text.set_language("zh")
        shown = page(Grade.III)
        assert "Ⅲ级 较大" in shown and "Ⅲ Ⅲ" not in shown, shown
        assert sum(shown.count(n) for n in NUMERALS) == 1, shown
        hint = grade_hint({"type_code": "12F00", "deaths": 3})
        assert "Ⅲ级 较大" in hint and "Ⅲ Ⅲ" not in hint, hint
        text.set_language("en")
        shown = page(Grade.II)
        assert "Ⅱ (serious)" in shown and "Grade II" not in shown, shown
        assert grade_hint({"type_code": "12F00", "deaths": 3}).startswith(
            "Suggested grade: Ⅲ (relatively serious) — ")
    finally:
        text.set_language("en")
