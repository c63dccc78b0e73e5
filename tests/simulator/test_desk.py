"""The simulator's desk over a real server: login, commands with results, refusals, queries."""

from __future__ import annotations

from typing import Any

import pytest

from protocol.encodings import Encoding
from protocol.entities import Team
from simulator.desk import Desk, LoginFailed
from simulator.driver import Refused


@pytest.mark.parametrize("encoding", list(Encoding))
async def test_a_desk_logs_in_commands_and_is_refused_like_a_console(
        server: Any, encoding: Encoding) -> None:
    yj = Desk(server.url, "yj", server.users["yj"].password, encoding=encoding)
    field = Desk(server.url, "field", server.users["field"].password, encoding=encoding)
    await yj.start()
    await field.start()
    try:
        assert yj.link.sending is field.link.sending is encoding  # the welcome agreed
        assert field.units == [server.teams["yj_flood"]]
        assert field.replica.get_typed(Team, server.teams["yj_flood"]) is not None
        created = await yj.command("incident.create", {
            "type_code": "11D01", "title": "Landslide", "lon": 120.70, "lat": 28.40,
            "jurisdiction": "330324", "exercise": True})
        found = await yj.command("team.recommend", {"incident_id": created["id"]})
        assert server.teams["yj_flood"] in [t["team_id"] for t in found["teams"]]
        dispatched = await yj.command("assignment.dispatch", {
            "team_id": server.teams["yj_flood"], "incident_id": created["id"]})
        ack = await field.command("assignment.acknowledge", {"id": dispatched["id"]})
        assert ack["id"] == dispatched["id"]
        with pytest.raises(Refused) as refused:
            await field.command("incident.create", {
                "type_code": "11D01", "title": "x", "lon": 120.7, "lat": 28.4})
        assert refused.value.code == "forbidden"
    finally:
        await yj.close()
        await field.close()


async def test_a_wrong_password_fails_the_login(server: Any) -> None:
    desk = Desk(server.url, "yj", "not-the-password")
    with pytest.raises(LoginFailed):
        await desk.start(wait_s=20)
