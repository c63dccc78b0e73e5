"""Telemetry: who may report, conflated batches per session filtered by scope, snapshot
positions, batched track persistence and the team.track query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from protocol.errors import ErrorCode
from protocol.messages import Ack, Error, PositionReport, Positions

T0 = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)


def report(team: str, i: int) -> PositionReport:
    return PositionReport(
        team_id=team,
        lon=120.60 + i * 0.001,
        lat=28.10,
        ts=T0 + timedelta(seconds=i),
        speed_kmh=30.0,
        heading=90.0,
    )


async def test_positions_are_conflated_scoped_and_tracked(server) -> None:
    team = server.teams["yj_flood"]
    field = await server.login("field")
    wz = await server.login("wz")
    ra = await server.login("ra")
    n = 20
    for i in range(n):
        await field.send(report(team, i))
    newest = T0 + timedelta(seconds=n - 1)
    await wz.wait_replica(lambda r: team in r.positions and r.positions[team].ts == newest)
    batches = [m for m in wz.received if isinstance(m, Positions)]
    assert len(batches) < n  # conflated: newest per team per batch, not one frame per report
    assert all(len({p.team_id for p in b.positions}) == len(b.positions) for b in batches)
    # Ruian may not see Yongjia's team: a marker command proves it got everything sent so far.
    await ra.ok("incident.create", {"type_code": "11A01", "title": "marker", "lon": 120.6,
                                    "lat": 27.8, "jurisdiction": "330381"})
    assert not any(isinstance(m, Positions) for m in ra.received)
    # The snapshot of a new session carries the current positions.
    prov = await server.login("prov")
    assert prov.replica.positions[team].ts == newest
    # Track points: buffered, written in batches; the query sees all of them.
    out = await prov.command("team.track", {"team_id": team, "since": T0.isoformat()})
    assert isinstance(out, Ack)
    expected = [(T0 + timedelta(seconds=i)).isoformat().replace("+00:00", "Z") for i in range(n)]
    assert [p["ts"] for p in out.result] == expected
    assert server.srv.telemetry.buffered == 0
    denied = await ra.command("team.track", {"team_id": team, "since": T0.isoformat()})
    assert isinstance(denied, Error) and denied.code == ErrorCode.FORBIDDEN


async def test_reports_only_for_own_units(server) -> None:
    field = await server.login("field")
    await field.send(report(server.teams["pla"], 0))
    err = await field.read_until(lambda m: isinstance(m, Error))
    assert isinstance(err, Error) and err.code == ErrorCode.FORBIDDEN
    await field.send(PositionReport(team_id=server.teams["yj_flood"], lon=500.0, lat=28.0))
    err = await field.read_until(lambda m: isinstance(m, Error))
    assert isinstance(err, Error) and err.code == ErrorCode.BAD_REQUEST
    liaison = await server.login("liaison")
    await liaison.send(report(server.teams["pla"], 1))
    prov = await server.login("prov")
    await prov.wait_replica(lambda r: server.teams["pla"] in r.positions)
    assert server.teams["yj_flood"] not in server.coordinator.state.positions


async def test_consoles_of_one_principal_share_one_audience_and_one_positions_frame(
        server) -> None:
    """Province consoles share one known set and one encoded positions frame per tick; a
    console of another principal is an audience of its own; a closed console leaves it."""
    team = server.teams["yj_flood"]
    hub = server.srv.hub
    provs = [await server.login("prov") for _ in range(3)]
    wz = await server.login("wz")
    by_user = {s.actor.user: s.audience for s in hub.sessions}
    shared = by_user["prov"]
    assert shared is not None and len(shared.members) == 3 and len(hub.audiences) == 2
    assert all(s.known is shared.known for s in hub.sessions if s.actor.user == "prov")
    assert len(shared.known) == sum(1 for _ in server.srv.coordinator.state.all_entities())
    field = await server.login("field")
    await field.send(report(team, 1))
    for console in (*provs, wz):
        await console.wait_replica(lambda r: team in r.positions)
    frames = {s.actor.user: s for s in hub.sessions}
    assert frames["field"].audience is not shared  # a field user: another principal
    # A command committed now reaches all three through the shared audience.
    await wz.ok("incident.create", {"type_code": "11A01", "title": "shared", "lon": 120.6,
                                    "lat": 28.1, "jurisdiction": "330324"})
    for console in provs:
        await console.wait_replica(lambda r: any(i.title == "shared" for i in r.all("incident")))
    await provs[0].close()
    later = await server.login("prov")  # joins the shared audience: it knows the same picture
    assert hub.audiences.keys() == {shared, by_user["wz"], frames["field"].audience}
    assert sum(1 for s in shared.members if not s.closed) >= 3
    assert any(i.title == "shared" for i in later.replica.all("incident"))
