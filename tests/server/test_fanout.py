"""server.fanout without sockets or a loop: plain views, plain rules, committed events in, each
view's encoded events out."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from protocol.adcodes import ancestors
from protocol.codec import decode_server, encode
from protocol.entities import Base, Incident, Position, Team
from protocol.enums import Role, TeamType
from protocol.messages import Event, Events, Positions, Snapshot
from server.domain.api import Actor
from server.fanout import Fanout, FrameLimits, ScopeRules, View, redacted
from server.state import State
from server.storage import ChangeRef, LoggedEvent

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
PROV = Actor("prov", Role.PROVINCE, "330000")
XIHU = Actor("xihu", Role.COUNTY, "330106")
TONGLU = Actor("tonglu", Role.COUNTY, "330122")
LIMITS = FrameLimits(events_per_frame=500, events_frame_bytes=1 << 20, snapshot_part_bytes=1 << 20)


class Rules:
    """A level sees what lies within its code; a team's incident is related to it; a county
    sees its own teams' positions. Counts every visibility question."""

    def __init__(self) -> None:
        self.asked = 0

    def visible(self, state: State, actor: Actor, ent: Base) -> Base | None:
        self.asked += 1
        where = str(getattr(ent, "jurisdiction", ""))
        prefix = actor.jurisdiction.rstrip("0")
        return ent if where.startswith(prefix) else None

    def related(self, state: State, ent: Base) -> list[Base]:
        return [t for t in state.all(Team) if isinstance(ent, Incident) and t.id == ent.title]

    def may_see_positions_of(self, state: State, actor: Actor, team_id: str) -> bool:
        return not self.position_sight(actor).isdisjoint(self.position_keys(state, team_id))

    def position_keys(self, state: State, team_id: str) -> frozenset[str]:
        self.asked += 1
        team = state.get(Team, team_id)
        return frozenset(ancestors(team.jurisdiction)) if team is not None else frozenset()

    def position_sight(self, actor: Actor) -> frozenset[str]:
        return frozenset({actor.jurisdiction})


def incident(jurisdiction: str, version: int = 1, title: str = "") -> Incident:
    return Incident(id="i-1", version=version, number="ZJ-20261128-0001", type_code="11A01",
                    title=title, lon=120.1, lat=30.2, jurisdiction=jurisdiction, updated_at=T0)


def team(id: str, jurisdiction: str) -> Team:
    return Team(id=id, version=1, name=id, type=TeamType.FIRE_RESCUE, jurisdiction=jurisdiction,
                base_lon=120.0, base_lat=30.0)


def logged(seq: int, ent: Base) -> LoggedEvent:
    return LoggedEvent(seq, T0, "prov", "incident.update", "c-1", ent)


def world(*ents: Base) -> tuple[State, Rules, Fanout]:
    state, rules = State(), Rules()
    for ent in ents:
        state.apply(ent)
    return state, rules, Fanout(state, ScopeRules.of(rules), LIMITS)


def decoded(parts: list[bytes]) -> list[Event]:
    msg = decode_server(b'{"type":"events","events":[' + b",".join(parts) + b"]}")
    assert isinstance(msg, Events)
    return msg.events


def test_views_of_one_actor_share_one_evaluation_and_the_same_bytes() -> None:
    inc = incident("330106")
    state, rules, fanout = world(inc)
    views = [View(PROV), View(PROV), View(XIHU), View(TONGLU)]
    out = dict((id(v), parts) for v, parts in fanout.publish([logged(1, inc)], views))
    assert id(views[3]) not in out  # tonglu may not see it and never knew it: nothing
    assert rules.asked == 3  # once per actor, not per view
    first, second, xihu = (out[id(v)] for v in views[:3])
    assert first[0] is second[0] is xihu[0]  # one encoding for one visible form
    expected = Event(seq=1, ts=T0, actor="prov", op="incident.update", entity=inc,
                     command_id="c-1")
    assert first[0] == encode(expected)
    assert all(("incident", "i-1") in v.known for v in views[:3])


def test_a_view_that_loses_sight_gets_the_removal_once() -> None:
    inc = incident("330106")
    state, rules, fanout = world(inc)
    xihu = View(XIHU, known={("incident", "i-1")})
    moved = incident("330122", version=2)
    state.apply(moved)
    [(view, parts)] = list(fanout.publish([logged(2, moved)], [xihu]))
    [ev] = decoded(parts)
    assert ev.removed and ev.entity == redacted(moved) and ev.entity.id == "i-1"
    assert ("incident", "i-1") not in xihu.known
    assert list(fanout.publish([logged(3, moved)], [xihu])) == []  # already told


def test_a_related_entity_is_sent_when_its_visibility_flips() -> None:
    t = team("t-1", "330106")
    inc = incident("330106", title="t-1")
    state, rules, fanout = world(t, inc)
    xihu = View(XIHU)
    [(_, parts)] = list(fanout.publish([logged(1, inc)], [xihu]))
    assert [(e.entity.id, e.seq) for e in decoded(parts)] == [("i-1", 1), ("t-1", 1)]
    [(_, parts)] = list(fanout.publish([logged(2, inc)], [xihu]))
    assert [e.entity.id for e in decoded(parts)] == ["i-1"]  # the team did not flip


def test_position_keys_are_asked_once_per_team_until_the_next_change() -> None:
    state, rules, fanout = world(team("t-1", "330106"), team("t-2", "330122"))
    xihu, hangzhou = View(XIHU), View(Actor("hz", Role.CITY, "330100"))
    batch = [Position(team_id=t, lon=120.0, lat=30.0, ts=T0) for t in ("t-1", "t-2")]
    shown = {v.actor.user: [p.team_id for p in ps]
             for v, _, ps in fanout.position_frames(batch, [xihu, hangzhou])}
    assert shown == {"xihu": ["t-1"], "hz": ["t-1", "t-2"]}
    asked = rules.asked
    assert asked == 2  # once per team, not per team and view
    list(fanout.position_frames(batch, [xihu, hangzhou]))
    assert rules.asked == asked
    list(fanout.publish([logged(1, incident("330106"))], [xihu]))
    asked = rules.asked
    list(fanout.position_frames(batch, [xihu]))
    assert rules.asked == asked + 2  # forgotten on the change, asked again


def test_snapshot_parts_are_bounded_and_carry_positions_last() -> None:
    ents = [team(f"t-{i}", "330106") for i in range(20)]
    state, rules, fanout = world(*ents, team("far", "330122"))
    state.seq = 9
    state.positions["t-1"] = Position(team_id="t-1", lon=120.0, lat=30.0, ts=T0)
    state.positions["far"] = Position(team_id="far", lon=121.0, lat=29.0, ts=T0)
    one = len(encode(ents[0]))
    fanout.limits = FrameLimits(500, 1 << 20, snapshot_part_bytes=5 * one)
    xihu = View(XIHU)
    parts = [decode_server(f) for f in fanout.snapshot_frames(xihu)]
    assert all(isinstance(p, Snapshot) and p.seq == 9 for p in parts)
    snaps = [p for p in parts if isinstance(p, Snapshot)]
    assert len(snaps) > 3 and [p.final for p in snaps] == [False] * (len(snaps) - 1) + [True]
    assert [e.id for p in snaps for e in p.entities] == [e.id for e in ents]
    assert all(not p.positions for p in snaps[:-1])
    assert [p.team_id for p in snaps[-1].positions] == ["t-1"]
    assert len(xihu.known) == 20


def test_replay_coalesces_each_entity_once_and_ends_with_positions() -> None:
    t = team("t-1", "330106")
    inc = incident("330106", version=4, title="t-1")
    state, rules, fanout = world(t, inc)
    changed = [ChangeRef(3, T0.timestamp(), "prov", "incident.update", None, "incident", "i-1"),
               ChangeRef(5, T0.timestamp(), "prov", "team.update", "c-5", "team", "t-1")]
    xihu = View(XIHU)
    frames = [decode_server(f) for f in fanout.replay_frames(xihu, changed)]
    assert isinstance(frames[0], Events) and isinstance(frames[-1], Positions)
    assert [(e.entity.id, e.seq, e.entity.version) for e in frames[0].events] == [
        ("i-1", 3, 4), ("t-1", 3, 1)]  # the team came with its incident, not again at 5
    assert xihu.known == {("incident", "i-1"), ("team", "t-1")}
    tonglu = View(TONGLU, known={("incident", "i-1")})
    [events, _] = [decode_server(f) for f in fanout.replay_frames(tonglu, changed)]
    assert isinstance(events, Events)
    assert all(e.removed for e in events.events) and tonglu.known == set()
    assert msgspec.structs.asdict(events.events[0].entity)["id"] == "i-1"


def test_a_positions_batch_is_encoded_once_per_distinct_visible_set() -> None:
    t1, t2 = team("t-1", "330106"), team("t-2", "330122")
    state, rules, fanout = world(t1, t2)
    batch = [Position(team_id=t, lon=120.0, lat=30.0, ts=T0) for t in ("t-1", "t-2")]
    views = [View(PROV), View(PROV), View(XIHU), View(XIHU), View(TONGLU),
             View(Actor("hz", Role.CITY, "330100")), View(Actor("nb", Role.CITY, "330200"))]
    out = list(fanout.position_frames(batch, views))
    got = {id(v): (frame, [p.team_id for p in shown]) for v, frame, shown in out}
    assert id(views[6]) not in got  # Ningbo sees neither team: no frame at all
    prov, hz = got[id(views[0])], got[id(views[5])]
    assert prov[1] == ["t-1", "t-2"] and prov[0] is got[id(views[1])][0] is hz[0]  # one encoding
    assert got[id(views[2])][1] == ["t-1"] and got[id(views[2])][0] is got[id(views[3])][0]
    assert got[id(views[4])][1] == ["t-2"]
    assert len({id(frame) for frame, _ in got.values()}) == 3  # whole batch, Xihu's, Tonglu's
    msg = decode_server(prov[0])
    assert isinstance(msg, Positions) and msg.positions == batch
    assert list(fanout.position_frames([], views)) == []


def test_replay_over_many_commits_frames_each_entity_once_and_knows_what_a_snapshot_would() -> None:
    """Changes at different times, teams met twice (as an incident's related, then as changed
    themselves: sent once, with the incident's seq), frames of at most 7 events."""
    teams = [team(f"t-{n}", "330106" if n % 3 else "330122") for n in range(30)]
    incs = [Incident(id=f"i-{n}", version=2, number="ZJ-20261128-0001", type_code="11A01",
                     title=f"t-{n}", lon=120.1, lat=30.2, jurisdiction="330106", updated_at=T0)
            for n in range(30)]
    state, rules, fanout = world(*teams, *incs)
    fanout.limits = FrameLimits(7, 1 << 20, 1 << 20)
    changed = [ChangeRef(10 + n, T0.timestamp() + n // 4, "prov", "incident.update", None,
                         "incident", f"i-{n}") for n in range(0, 30, 2)]
    changed += [ChangeRef(50 + n, T0.timestamp() + 9, "prov", "team.update", f"c-{n}", "team",
                          f"t-{n}") for n in range(30)]
    changed.append(ChangeRef(99, T0.timestamp(), "prov", "incident.update", None, "incident",
                             "gone"))  # no longer in the state: nothing to send
    xihu = View(XIHU, known={("team", "t-0")})
    msgs = [decode_server(f) for f in fanout.replay_frames(xihu, changed)]
    *events_frames, end = msgs
    assert isinstance(end, Positions)
    assert all(isinstance(m, Events) and 0 < len(m.events) <= 7 for m in events_frames)
    events = [e for m in events_frames if isinstance(m, Events) for e in m.events]
    keys = [(type(e.entity).__name__, e.entity.id) for e in events]
    assert len(keys) == len(set(keys)) == 45  # 15 incidents + their teams, then 15 more teams
    by_id = {e.entity.id: e for e in events}
    assert by_id["t-2"].seq == 12 and by_id["t-3"].seq == 53  # related: the bringer's seq
    assert by_id["i-4"].ts == datetime.fromtimestamp(T0.timestamp() + 1, UTC)
    assert by_id["t-3"].command_id == "c-3" and by_id["t-3"].op == "team.update"
    assert by_id["t-0"].removed and not by_id["t-1"].removed  # 330122: xihu may not see it
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    snap = View(XIHU)
    list(fanout.snapshot_frames(snap))
    assert xihu.known == snap.known and ("team", "t-1") in xihu.known
    # A byte bound of about three events: frames are cut by it, never grown past it.
    most = 3 * len(encode(events[0]))
    fanout.limits = FrameLimits(7, most, 1 << 20)
    cut = [m.events for f in fanout.replay_frames(View(XIHU), changed)
           if isinstance(m := decode_server(f), Events)]
    assert [e for frame in cut for e in frame] == events
    for frame in cut:
        sizes = [len(encode(e)) for e in frame]
        assert 0 < len(frame) <= 7 and sum(sizes[:-1]) < most
    assert all(len(f) == 7 or sum(len(encode(e)) for e in f) >= most for f in cut[:-1])
    assert max(map(len, cut)) < 7  # the byte bound did cut
