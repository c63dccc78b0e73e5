"""history.events and history.picture over real connections: scoped as the asker saw it then
(a foreign team only while it was on the county's incident), equal to what a live console held
at that moment, paged, checkpoints changing nothing but the cost, bad arguments refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from protocol.entities import Assignment, Team
from protocol.errors import ErrorCode
from protocol.messages import Error
from protocol.replica import Replica
from server import history
from server.storage import Store
from tests.conftest import ServerUnderTest, running_server
from tests.fixtures.client import WireClient

YONGJIA = {"type_code": "11A01", "title": "永嘉县山洪", "lon": 120.69, "lat": 28.15,
           "jurisdiction": "330324"}
RUIAN_TEAM = {"name": "瑞安市救援队", "type": "flood", "jurisdiction": "330381",
              "base_lon": 120.65, "base_lat": 27.78, "headcount": 20}


def _picture_of(replica: Replica) -> dict[tuple[str, str], bytes]:
    return {(kind, e.id): msgspec.json.encode(e)
            for kind in replica.kinds() for e in replica.all(kind)}


async def _picture(client: WireClient, **moment: Any) -> tuple[dict[str, Any], dict[Any, bytes]]:
    """The whole history.picture at ``moment``, paged with ``limit``; (first answer, entities)."""
    limit = moment.pop("limit", 500)
    first: dict[str, Any] | None = None
    entities: dict[tuple[str, str], bytes] = {}
    after = None
    while True:
        args = {**moment, "limit": limit, **({"after": after} if after else {})}
        page = (await client.ok("history.picture", args)).result
        first = first or page
        assert page["seq"] == first["seq"]
        assert len(page["entities"]) <= limit
        for raw in page["entities"]:
            key = (raw["kind"], raw["id"])
            assert key not in entities  # no entity twice across pages
            entities[key] = msgspec.json.encode(raw)
        after = page["next"]
        if after is None:
            return first, entities


async def _events(client: WireClient, **args: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    after: int | None = args.pop("after_seq", None)
    while True:
        page = (await client.ok("history.events", {**args, "after_seq": after})).result
        out.extend(page["events"])
        after = page["next_after_seq"]
        if after is None:
            return out


async def _scenario(ts: ServerUnderTest) -> dict[str, Any]:
    """A Ruian team sent by Wenzhou into a Yongjia incident and released; Yongjia's live
    console records its replica while the team is on the incident."""
    prov, wz, ra, yj = [await ts.login(n) for n in ("prov", "wz", "ra", "yj")]
    team = (await ra.ok("team.create", RUIAN_TEAM)).result["id"]
    await ra.ok("team.update", {"id": team, "headcount": 21})  # before: not Yongjia's
    incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
    assignment = (await wz.ok("assignment.dispatch", {"team_id": team,
                                                      "incident_id": incident})).result["id"]
    await ra.ok("assignment.status", {"id": assignment, "status": "en_route"})
    await yj.wait_replica(lambda r: (t := r.get_typed(Team, team)) is not None
                          and t.status == "en_route")
    seen_at = ts.coordinator.state.seq
    seen = _picture_of(yj.replica)
    await ra.ok("assignment.status", {"id": assignment, "status": "on_scene"})
    await wz.ok("assignment.release", {"id": assignment})
    await ra.ok("team.update", {"id": team, "headcount": 22})  # after: not Yongjia's
    await yj.wait_replica(lambda r: (a := r.get_typed(Assignment, assignment)) is not None
                          and a.status == "released")
    await prov.wait_replica(lambda r: (t := r.get_typed(Team, team)) is not None
                            and t.headcount == 22)
    return {"team": team, "incident": incident, "assignment": assignment, "seen_at": seen_at,
            "seen": seen, "yj": yj, "prov": prov, "ra": ra, "wz": wz}


async def test_a_county_sees_a_foreign_team_only_while_it_was_on_its_incident(
    db_url: str,
) -> None:
    async with running_server(db_url) as ts:
        s = await _scenario(ts)
        team, yj, prov = s["team"], s["yj"], s["prov"]
        everything = await _events(prov, kind="team", id=team)
        ops = [e["op"] for e in everything]
        assert ops == ["team.create", "team.update", "assignment.dispatch", "assignment.status",
                       "assignment.status", "assignment.release", "team.update"]
        mine = await _events(yj, kind="team", id=team)
        assert [e["op"] for e in mine] == ["assignment.dispatch", "assignment.status",
                                           "assignment.status"]
        assert [e["entity"]["status"] for e in mine] == ["dispatched", "en_route", "on_scene"]
        assert all(e["entity"]["headcount"] == 21 for e in mine)
        # The versions of the window are the ones yj's live console received (not removed).
        live = {ev.entity.version for ev in yj.events if ev.entity.id == team and not ev.removed}
        assert [e["entity"]["version"] for e in mine] == sorted(live)
        # Ruian sees its own team throughout; Yongjia's history of the incident names the team
        # on the assignment, whose own events it sees from dispatch to release.
        assert len(await _events(s["ra"], kind="team", id=team)) == len(everything)
        assignment_ops = [e["op"] for e in await _events(yj, kind="assignment")]
        assert assignment_ops == ["assignment.dispatch", "assignment.status",
                                  "assignment.status", "assignment.release"]
        # A window in time: only the events logged in it.
        t_dispatch = datetime.fromisoformat(everything[2]["at"])
        t_status = datetime.fromisoformat(everything[3]["at"])
        windowed = await _events(prov, kind="team", id=team, **{"from": t_dispatch.isoformat(),
                                                                "to": t_status.isoformat()})
        assert [e["seq"] for e in windowed] == [e["seq"] for e in everything
                                                if t_dispatch <= datetime.fromisoformat(e["at"])
                                                <= t_status]
        by_area = await _events(yj, jurisdiction="330381")
        assert {e["entity"]["id"] for e in by_area} == {team}


async def test_the_picture_at_a_past_moment_is_what_the_console_held(db_url: str) -> None:
    async with running_server(db_url, checkpoint_every=7) as ts:
        s = await _scenario(ts)
        yj = s["yj"]
        then, entities = await _picture(yj, seq=s["seen_at"])
        assert then["seq"] == s["seen_at"]
        assert entities == s["seen"]  # byte for byte, every entity and nothing more
        assert ("team", s["team"]) in entities
        now_first, now = await _picture(yj, seq=ts.coordinator.state.seq)
        assert now == _picture_of(yj.replica)
        assert ("team", s["team"]) not in now  # released: back out of Yongjia's picture
        # Paged by two: the same picture.
        _, paged = await _picture(yj, seq=s["seen_at"], limit=2)
        assert paged == entities
        # By time: a moment after the last event is the present; before the first, nothing.
        future = datetime.now(UTC) + timedelta(days=1)
        at_future, _ = await _picture(yj, at=future.isoformat())
        assert at_future["seq"] == ts.coordinator.state.seq
        at_start, none = await _picture(yj, at="2000-01-01T00:00:00+08:00")
        assert at_start["seq"] == 0 and none == {}
        at_then, by_time = await _picture(yj, at=then["at"])
        assert at_then["seq"] >= s["seen_at"]
        # Checkpoints were written, and rebuilding from them gives what the whole log gives.
        await ts.coordinator.checkpoints.idle()
        store: Store = ts.coordinator.store
        assert await store.last_checkpoint() > 0
        for seq in range(0, ts.coordinator.state.seq + 1):
            with_cp = await history.rebuild(store, seq)
            without = await history.rebuild(store, seq, checkpoints=False)
            assert sorted(map(msgspec.json.encode, with_cp.all_entities())) == sorted(
                map(msgspec.json.encode, without.all_entities())), seq


async def test_events_are_paged_without_gaps_or_repeats(db_url: str) -> None:
    async with running_server(db_url) as ts:
        yj = await ts.login("yj")
        incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
        for i in range(6):
            await yj.ok("incident.note", {"id": incident, "text": f"note {i}"})
        whole = (await yj.ok("history.events", {"kind": "incident", "id": incident})).result
        assert whole["next_after_seq"] is None and len(whole["events"]) == 7
        paged = await _events(yj, kind="incident", id=incident, limit=2)
        assert [e["seq"] for e in paged] == [e["seq"] for e in whole["events"]]
        first = (await yj.ok("history.events", {"kind": "incident", "id": incident,
                                                "limit": 3})).result
        assert len(first["events"]) == 3
        assert first["next_after_seq"] == first["events"][-1]["seq"]


async def test_bad_history_arguments_are_refused(server: ServerUnderTest) -> None:
    yj = await server.login("yj")
    top = server.coordinator.state.seq
    refused = [
        ("history.picture", {}),
        ("history.picture", {"seq": 1, "at": "2026-01-01T00:00:00Z"}),
        ("history.picture", {"seq": top + 10}),
        ("history.picture", {"seq": -1}),
        ("history.picture", {"seq": 0, "limit": 0}),
        ("history.picture", {"seq": 0, "limit": 2001}),
        ("history.picture", {"seq": 0, "after": "nonsense"}),
        ("history.picture", {"at": "2026-01-01T00:00:00"}),  # no time zone
        ("history.events", {"id": "x"}),
        ("history.events", {"kind": "spaceship"}),
        ("history.events", {"limit": 0}),
        ("history.events", {"limit": 1001}),
        ("history.events", {"after_seq": top + 10}),
        ("history.events", {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"}),
        ("history.events", {"since": "2026-01-01T00:00:00Z"}),  # unknown field
    ]
    for op, args in refused:
        out = await yj.command(op, args)
        assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST, (op, args, out)
    assert server.coordinator.state.seq == top  # nothing changed


async def test_every_role_gets_the_picture_its_console_holds(db_url: str) -> None:
    """Province, city, counties, a liaison (trimmed incidents), a field terminal and the
    admin: history.picture at the present seq equals what a fresh login received."""
    async with running_server(db_url) as ts:
        yj = await ts.login("yj")
        incident = (await yj.ok("incident.create", YONGJIA)).result["id"]
        await yj.ok("assignment.dispatch", {"team_id": ts.teams["yj_flood"],
                                            "incident_id": incident})
        for name in ("prov", "wz", "yj", "ra", "liaison", "field", "admin"):
            console = await ts.login(name)
            _, entities = await _picture(console, seq=ts.coordinator.state.seq)
            assert entities == _picture_of(console.replica), name
