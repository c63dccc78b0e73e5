"""console.net.link.Link on its own (no Qt), as the simulator uses it, against the real server."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from console.net.link import CONNECTING, OFFLINE, ONLINE, RECONNECTING, Link, LinkState, QueryError
from console.net.outbox import Outbox
from protocol.session import ClientSession


def test_backoff_is_jittered_exponential_and_capped() -> None:
    link = Link("ws://127.0.0.1:9", ClientSession("x", password="y"), rng=random.Random(3))
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0), (7, 30.0), (40, 30.0)):
        delays = [link._backoff(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, delays)
        assert len(set(delays)) > 1  # jittered: consoles do not reconnect in lockstep


async def test_link_states_commands_and_queries(server: Any, tmp_path: Any) -> None:
    session = ClientSession("yj", password="yj-pass", client="test")
    link = Link(server.url, session, Outbox(tmp_path / "o.sqlite3"), backoff_base=0.05)
    states: list[LinkState] = []
    answers: list[Any] = []
    live = asyncio.Event()
    link.on_state = states.append
    link.on_received = lambda r: live.set() if r.became_live else None
    with pytest.raises(QueryError):
        await link.query("team.recommend", {"incident_id": "x"})  # not connected yet
    with pytest.raises(ValueError):
        await link.query("incident.create", {})
    task = asyncio.create_task(link.run())
    await asyncio.wait_for(live.wait(), 10)
    assert [s.status for s in states][:2] == [CONNECTING, ONLINE]
    assert states[-1].offline_since is None

    answered = asyncio.Event()

    def on_answer(entry_: Any, answer: Any) -> None:
        answers.append((entry_.id, answer))
        answered.set()

    link.on_answer = on_answer
    entry = link.submit("incident.create", {"type_code": "11D01", "title": "link test",
                                            "lon": 120.69, "lat": 28.2})
    await asyncio.wait_for(answered.wait(), 10)
    assert answers[0][0] == entry.id and type(answers[0][1]).__name__ == "Ack"
    incident_id = answers[0][1].result["id"]
    result = await link.query("team.recommend", {"incident_id": incident_id})
    assert result["incident_id"] == incident_id
    assert [t["team_id"] for t in result["teams"]] == [server.teams["yj_flood"]]

    live.clear()
    await link.drop()
    await asyncio.wait_for(live.wait(), 10)
    assert RECONNECTING in [s.status for s in states]
    assert states[-1].status == ONLINE
    await link.close()
    await task
    assert states[-1].status == OFFLINE
