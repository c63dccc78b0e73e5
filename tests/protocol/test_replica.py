"""The replica applies snapshots, events and positions and reports what changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec

from protocol.entities import Incident, Position, Principal, Team
from protocol.enums import Role, TeamType
from protocol.messages import Event, Events, Positions, Snapshot, Welcome
from protocol.replica import Changes, Replica

NOW = datetime(2026, 11, 28, tzinfo=UTC)


def inc(id: str, version: int = 1, title: str = "t") -> Incident:
    return Incident(id=id, version=version, number=f"N-{id}", type_code="11A01", title=title,
                    lon=120.0, lat=30.0, jurisdiction="330100")


def team(id: str) -> Team:
    return Team(id=id, name=id, type=TeamType.FLOOD, jurisdiction="330100", base_lon=120.0,
                base_lat=30.0)


def ev(seq: int, entity: object, removed: bool = False) -> Event:
    return Event(seq=seq, ts=NOW, actor="a", op="x", entity=entity, removed=removed)  # type: ignore[arg-type]


def welcome(server_id: str) -> Welcome:
    return Welcome(protocol=1, server_id=server_id, session_token="t",
                   principal=Principal(id="p", role=Role.PROVINCE, jurisdiction="330000"),
                   current_seq=0, server_time=NOW)


def test_snapshot_replaces_everything_and_sets_seq() -> None:
    r = Replica()
    r.apply(Snapshot(seq=3, entities=[inc("a")]))
    ch = r.apply(Snapshot(seq=10, entities=[inc("b"), team("t")],
                          positions=[Position(team_id="t", lon=1, lat=2, ts=NOW)]))
    assert ch.reset
    assert r.seq == 10
    assert r.ids("incident") == ["b"]
    assert r.positions["t"].lon == 1


def test_multi_part_snapshot_applies_only_on_final_part() -> None:
    r = Replica()
    r.apply(Snapshot(seq=1, entities=[inc("old")]))
    assert not r.apply(Snapshot(seq=5, entities=[inc("a")], final=False))
    assert r.ids("incident") == ["old"]
    assert r.apply(Snapshot(seq=5, entities=[inc("b")], final=True)).reset
    assert sorted(r.ids("incident")) == ["a", "b"]


def test_events_report_changed_and_removed_and_skip_old_seq() -> None:
    r = Replica()
    r.apply(Snapshot(seq=5, entities=[inc("a")]))
    ch = r.apply(Events(events=[ev(6, inc("a", 2, "new")), ev(7, inc("b")), ev(7, team("t"))]))
    assert ch.changed == {"incident": {"a", "b"}, "team": {"t"}}
    assert r.get_typed(Incident, "a").title == "new"  # type: ignore[union-attr]
    assert r.seq == 7
    ch = r.apply(ev(4, inc("a", 1, "stale")))
    assert not ch and r.get_typed(Incident, "a").title == "new"  # type: ignore[union-attr]
    ch = r.apply(ev(8, inc("b"), removed=True))
    assert ch.removed == {"incident": {"b"}}
    assert r.get("incident", "b") is None


def test_positions_ignore_older_fixes() -> None:
    r = Replica()
    r.apply(Positions(positions=[Position(team_id="t", lon=1, lat=1, ts=NOW)]))
    ch = r.apply(Positions(positions=[Position(team_id="t", lon=2, lat=2,
                                               ts=NOW - timedelta(seconds=5))]))
    assert not ch.positions and r.positions["t"].lon == 1


def test_welcome_from_another_server_resets() -> None:
    r = Replica()
    r.apply(welcome("s1"))
    r.apply(Snapshot(seq=5, entities=[inc("a")]))
    assert not r.apply(welcome("s1")).reset
    assert r.apply(welcome("s2")).reset
    assert r.seq == 0 and r.count("incident") == 0


def test_changes_merge_keeps_latest_fate_of_an_id() -> None:
    a = Changes(changed={"incident": {"x"}})
    a.merge(Changes(removed={"incident": {"x"}}))
    assert a.changed["incident"] == set() and a.removed["incident"] == {"x"}
    a.merge(Changes(changed={"incident": {"x"}}, positions={"t"}))
    assert a.changed["incident"] == {"x"} and a.removed["incident"] == set()
    assert a.positions == {"t"}


def test_to_snapshot_round_trips() -> None:
    r = Replica()
    r.apply(Snapshot(seq=9, entities=[inc("a"), team("t")],
                     positions=[Position(team_id="t", lon=1, lat=2, ts=NOW)]))
    copy = Replica()
    snap = msgspec.json.decode(msgspec.json.encode(r.to_snapshot()), type=Snapshot)
    copy.apply(snap)
    assert copy.seq == 9 and copy.ids("team") == ["t"] and "t" in copy.positions
