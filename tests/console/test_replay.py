"""Replay against a real server: the console shows the picture at a past moment (the server's
history.picture), no command can be sent meanwhile, live changes are held and shown on leaving.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from console.state.text import CST
from protocol.entities import Incident
from tests.console.conftest import until

INCIDENT = {"type_code": "11D01", "title": "永嘉岩头镇山体滑坡", "lon": 120.69, "lat": 28.2,
            "jurisdiction": "330324"}


def _title(c: Any, id: str) -> str | None:
    model = c.window.models["incident"]
    row = model.row_of(id)
    return None if row < 0 else model.data(model.index(row, 2))


async def test_replay_shows_the_past_and_leaving_shows_live(server: Any, console: Any,
                                                            tmp_path: Path) -> None:
    c = await console("yj")
    yj = await server.login("yj")
    incident = (await yj.ok("incident.create", INCIDENT)).result["id"]
    await c.until(lambda: _title(c, incident) == INCIDENT["title"])
    then = datetime.now(UTC)
    await yj.ok("incident.update", {"id": incident, "title": "永嘉岩头镇山体滑坡（更正）"})
    await yj.ok("incident.grade", {"id": incident, "grade": "III"})
    await c.until(lambda: _title(c, incident) == "永嘉岩头镇山体滑坡（更正）")
    new_incident = c.workflows.action("new_incident")
    assert new_incident.isEnabled()

    replay = c.window.replay
    replay.enter(then - timedelta(hours=1), datetime.now(UTC) + timedelta(minutes=1), at=then)
    await until(lambda: replay.shown_at == then, replay.shown)
    c.live.flush()
    assert c.live.replaying and c.window.replay_bar.isVisibleTo(c.window)
    assert _title(c, incident) == INCIDENT["title"]  # the incident table shows the past
    past = c.live.replica.get_typed(Incident, incident)
    assert past is not None and past.grade is None
    banner = c.window.replay_bar.banner.text()
    assert banner.startswith("REPLAY") and f"{then.astimezone(CST):%H:%M:%S}" in banner
    for name in ("new_incident", "grade_incident", "incident_status", "dispatch",
                 "issue_order", "publish_warning"):
        assert not c.workflows.action(name).isEnabled(), name
    assert "leave replay" in new_incident.toolTip()
    assert c.window.leave_replay_action.isEnabled()
    # The live picture moves on underneath, unseen until replay is left.
    other = (await yj.ok("incident.create", {**INCIDENT, "title": "永嘉县内涝"})).result["id"]
    await until(lambda: c.live.live_replica.get("incident", other) is not None, c.live.held)
    c.live.flush()
    assert _title(c, other) is None
    # File → Export while replaying writes the moment shown (a GeoJSON of the past picture).
    shot = tmp_path / "past.geojson"
    c.window.exports.ask_path = lambda *_a: str(shot)
    c.window.exports.export_geojson()
    exported = json.loads(shot.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["title"] for f in exported
            if f["properties"]["kind"] == "incident"} == {INCIDENT["title"]}
    if os.environ.get("WATCHFLOOR_SCREENSHOTS"):  # a look at it (under Xvfb: the screen too)
        c.window.setGeometry(0, 0, 1920, 1080)
        c.screenshot("replay")
        if os.environ.get("DISPLAY"):
            QApplication.processEvents()
            shot = await asyncio.create_subprocess_exec(
                "import", "-window", "root", "/tmp/history-shot.png")
            assert await asyncio.wait_for(shot.wait(), 30) == 0

    # Later in the window: the present picture (grade and new title), still replaying.
    replay.seek(datetime.now(UTC))
    await until(lambda: replay.shown_at is not None and replay.shown_at > then, replay.shown)
    assert _title(c, incident) == "永嘉岩头镇山体滑坡（更正）"

    replay.leave()
    assert not c.live.replaying and not c.window.replay_bar.isVisibleTo(c.window)
    assert _title(c, incident) == "永嘉岩头镇山体滑坡（更正）"
    assert _title(c, other) == "永嘉县内涝"  # held while replaying, shown now
    assert new_incident.isEnabled()

