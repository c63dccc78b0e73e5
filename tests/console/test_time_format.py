"""One date-time form per language, always China Standard Time and labelled, whatever the
machine's zone (issue 10 item 10); the scenario clock T+hh:mm beside the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from console.qt.widgets.cst_datetime import CstDateTimeEdit
from console.state import text

WHEN = datetime(2026, 12, 2, 4, 10, tzinfo=UTC)  # 12:10 in Beijing


@pytest.fixture
def lang() -> Any:
    before = text.language()
    yield text.set_language
    text.set_language(before)


def test_full_form_per_language(lang: Any) -> None:
    lang("en")
    assert text.cst_full(WHEN) == "2026-12-02 12:10 CST"
    lang("zh")
    assert text.cst_full(WHEN) == "2026-12-02 12:10 北京时间"
    assert text.cst_full(None) == ""


def test_scenario_clock() -> None:
    start = WHEN
    assert text.scenario_clock(start, start) == "T+00:00"
    assert text.scenario_clock(start, start + timedelta(hours=5, minutes=20, seconds=59)) == \
        "T+05:20"
    assert text.scenario_clock(start, start + timedelta(hours=49)) == "T+49:00"
    assert text.scenario_clock(start, start - timedelta(minutes=90)) == "T-01:30"


def test_date_time_field_shows_china_time_with_its_label(qtbot: Any, lang: Any,
                                                         monkeypatch: Any) -> None:
    monkeypatch.setenv("TZ", "America/New_York")  # the machine's zone must not matter
    for language, shown in (("en", "2026-12-02 12:10 CST"), ("zh", "2026-12-02 12:10 北京时间")):
        lang(language)
        field = CstDateTimeEdit(WHEN)
        qtbot.addWidget(field)
        assert field.text() == shown
        assert field.when() == WHEN
        field.set_when(WHEN + timedelta(days=1, minutes=5))
        assert field.when() == WHEN + timedelta(days=1, minutes=5)


async def test_the_top_strip_shows_the_scenario_clock_during_an_exercise(
        server: Any, console: Any) -> None:
    from tests.console.test_amend_flows import YJ_INCIDENT

    wz = await console("wz")
    strip = wz.window.top
    strip._tick()
    assert "CST" in strip.clock.text() and "T+" not in strip.clock.text()
    admin = await server.login("prov")
    await admin.ok("incident.create", {**YJ_INCIDENT, "title": "演练：滑坡", "exercise": True})
    await wz.until(lambda: not strip.exercise.isHidden())
    assert "T+00:0" in strip.clock.text()  # at once, with the badge
    assert "Exercise time since" in strip.clock.toolTip()


def test_the_scenario_clock_runs_at_the_exercise_s_scale() -> None:
    """A compressed exercise (the simulator's process runs 3000× real time): T+ counts
    scenario time, not the minute of real time the demo has run."""
    from console.state.exercise_clock import exercise_scale, scenario_elapsed
    from protocol.entities import DisasterProcess
    from protocol.replica import Replica

    replica = Replica()
    assert exercise_scale(replica) == 1.0
    process = DisasterProcess(id="p", name="台风", hazard="typhoon", jurisdiction="330000",
                              counties=["330324"], started_at=WHEN, exercise=True,
                              time_scale=3000.0)
    replica.put_local(process)
    assert exercise_scale(replica) == 3000.0
    shown = scenario_elapsed(replica, WHEN, WHEN + timedelta(seconds=60))
    assert text.scenario_clock(WHEN, shown) == "T+50:00"
