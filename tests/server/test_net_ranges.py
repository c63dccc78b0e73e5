"""Values no real form would hold, unknown ids and versions that mean nothing are refused at
the wire; an incident is filed where its point lies (issue 7)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from protocol.entities import Incident
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error
from server import user_cli
from server.storage import Store, UserStore
from tests.fixtures.client import WireClient

YONGJIA = (120.70, 28.40)
PARIS = (2.3522, 48.8566)


def report(title: str, point: tuple[float, float] = YONGJIA, **extra: object) -> dict[str, object]:
    return {"type_code": "11A01", "title": title, "lon": point[0], "lat": point[1], **extra}


async def raw_outcome(client: WireClient, cid: str, op: str, args_json: str,
                      extra: str = "") -> Ack | Error:
    """Send a command frame written by hand (numbers no encoder of ours would produce)."""
    await client.ws.send(f'{{"type": "command", "id": "{cid}", "op": "{op}", '
                         f'"args": {args_json}{extra}}}')
    return await client.outcome(cid)


@pytest.mark.parametrize("deaths", ["10000000000000000000", "1" + "0" * 30, "1" + "0" * 300,
                                    str(2**62), "-1"])
async def test_casualty_counts_out_of_range_are_refused_naming_the_field(server, deaths) -> None:
    yj = await server.login("yj")
    seq = server.coordinator.state.seq
    args = json.dumps(report("山洪"))[:-1] + f', "deaths": {deaths}}}'
    out = await raw_outcome(yj, "d1", "incident.create", args)
    assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST, out
    assert "deaths" in out.message
    assert server.coordinator.state.seq == seq


async def test_every_kind_of_number_has_a_range(server) -> None:
    prov = await server.login("prov")
    team = server.teams["yj_flood"]
    refused = [
        ("loss.submit", {"hazard": "flood", "figures": {"direct_loss_10k_cny": 1e300}},
         "direct_loss_10k_cny"),
        ("loss.submit", {"hazard": "flood", "figures": {"affected_population": 10**9}},
         "affected_population"),
        ("team.update", {"id": team, "headcount": 10**7}, "headcount"),
        ("team.track", {"team_id": team, "since": "2026-11-28T00:00:00Z", "limit": -5}, "limit"),
        ("team.track", {"team_id": team, "since": "2026-11-28T00:00:00Z", "limit": 10**9},
         "limit"),
        ("team.recommend", {"incident_id": "x", "limit": 10**6}, "limit"),
        ("support.request", {"incident_id": "x", "capability": "pla", "count": 10**6}, "count"),
        ("shelter.create", {"name": "s", "tier": "county", "jurisdiction": "330324",
                            "lon": 120.7, "lat": 28.4, "capacity": 10**9}, "capacity"),
        ("incident.create", report("x", (200.0, 28.4)), "lon"),
    ]
    for n, (op, args, field) in enumerate(refused):
        out = await prov.command(op, args, id=f"r{n}")
        assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST, (op, out)
        assert f"$.{field}" in out.message or f".{field}`" in out.message, out.message


async def test_expected_version_is_bounded_and_refused_where_it_means_nothing(server) -> None:
    yj = await server.login("yj")
    seq = server.coordinator.state.seq
    out = await raw_outcome(yj, "v1", "incident.create", json.dumps(report("a")),
                            f', "expected_version": {2**70}')
    assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST
    assert "expected_version" in out.message
    out = await yj.command("incident.create", report("b"), expected_version=3)
    assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST
    assert "expected_version" in out.message
    assert server.coordinator.state.seq == seq
    iid = (await yj.ok("incident.create", report("c"))).result["id"]
    await yj.ok("incident.update", {"id": iid, "title": "c2"}, expected_version=1)


async def test_track_of_a_team_that_does_not_exist_is_not_found(server) -> None:
    prov = await server.login("prov")
    out = await prov.command("team.track", {"team_id": "no-such-team",
                                            "since": "2026-11-28T00:00:00Z"})
    assert isinstance(out, Error) and out.code == ErrorCode.NOT_FOUND


async def test_a_point_outside_zhejiang_is_refused(server) -> None:
    prov = await server.login("prov")
    out = await prov.command("incident.create", report("Paris", PARIS))
    assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST
    assert "outside Zhejiang" in out.message
    iid = (await prov.ok("incident.create", report("moved"))).result["id"]
    out = await prov.command("incident.update", {"id": iid, "lon": PARIS[0], "lat": PARIS[1]})
    assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST


async def test_the_county_where_the_point_lies_owns_what_another_county_reports(server) -> None:
    yj, ra = await server.login("yj"), await server.login("ra")
    iid = (await ra.ok("incident.create", report("瑞安报永嘉山洪"))).result["id"]
    await yj.wait_replica(lambda r: r.get("incident", iid) is not None)
    seen = yj.replica.get_typed(Incident, iid)
    assert seen is not None
    assert (seen.jurisdiction, seen.reported_by, seen.reported_by_jurisdiction) \
        == ("330324", "ra", "330381")
    # The reporter keeps seeing what it reported, and Yongjia's changes to it.
    await yj.ok("incident.update", {"id": iid, "title": "永嘉山洪"})
    await ra.wait_replica(lambda r: getattr(r.get("incident", iid), "title", "") == "永嘉山洪")


async def test_moving_the_point_hands_the_incident_to_the_county_where_it_lies(server) -> None:
    yj, ra = await server.login("yj"), await server.login("ra")
    iid = (await ra.ok("incident.create", report("内涝", (120.655, 27.785)))).result["id"]
    await ra.ok("incident.update", {"id": iid, "lon": YONGJIA[0], "lat": YONGJIA[1]})
    await yj.wait_replica(lambda r: r.get("incident", iid) is not None)
    moved = yj.replica.get_typed(Incident, iid)
    assert moved is not None and moved.jurisdiction == "330324"
    assert moved.reported_by_jurisdiction == "330381"


@pytest.mark.parametrize(("role", "code", "why"), [
    ("county", "999999", "not a jurisdiction of Zhejiang"),
    ("county", "330300", "needs a county code"),
    ("city", "330324", "needs a city code"),
    ("province", "330300", "needs a province code"),
])
def test_user_add_refuses_a_jurisdiction_the_role_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    role: str, code: str, why: str,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'users.db'}"
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough-pass\n"))
    argv = ["add", "mallory", "--role", role, "--jurisdiction", code, "--db", url]
    assert user_cli.main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and why in err[0], err
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough-pass\n"))
    good = {"county": "330324", "city": "330300", "province": "330000"}[role]
    assert user_cli.main(["add", "alice", "--role", role, "--jurisdiction", good, "--db", url]) \
        == 0


async def test_refused_user_is_not_stored(tmp_path: Path) -> None:
    from server.app import add_user

    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'u.db'}")
    try:
        users = UserStore(store)
        with pytest.raises(ValueError):
            await add_user(users, "mallory", "long-enough-pass", role="county",
                           jurisdiction="999999", cheap_hash=True)
        assert [u.name for u in await users.all()] == []
    finally:
        await store.close()
