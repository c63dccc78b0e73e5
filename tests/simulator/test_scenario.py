from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from protocol.commands import OPS, decode_args
from simulator.desk import RateLimit
from simulator.scenario import Cmd, Dispatch, Key, Later, Ref, Resolver, Step, Timeline, Unresolved
from simulator.scenarios import SCENARIOS

NOW = datetime(2026, 9, 10, tzinfo=UTC)


def test_timeline_hands_out_each_step_once_in_time_order() -> None:
    a = Step(2.0, Cmd("prov", "incident.note", {"id": "x", "text": "a"}))
    b = Step(1.0, Cmd("prov", "incident.note", {"id": "x", "text": "b"}))
    c = Step(1.0, Cmd("prov", "incident.note", {"id": "x", "text": "c"}))
    t = Timeline([a, b, c])
    assert list(t.due(0.5)) == [] and t.next_at_h() == 1.0
    assert list(t.due(1.0)) == [b, c]  # same hour: script order
    assert list(t.due(1.5)) == []
    assert list(t.due(10.0)) == [a] and t.done and t.duration_h == 2.0


def test_resolver_fills_in_saved_ids_keys_and_compressed_times() -> None:
    r = Resolver(keys=lambda kind, key: f"{kind}-id" if key == "known" else None,
                 now=lambda: NOW, speed=360.0, saved={"x": "abc"})
    out = r.resolve({"id": Ref("x"), "team": Key("team", "known"), "expires": Later(10),
                     "nested": [Ref("x"), 3]})
    assert out == {"id": "abc", "team": "team-id", "nested": ["abc", 3],
                   "expires": (NOW + timedelta(seconds=100)).isoformat()}
    with pytest.raises(Unresolved):
        r.resolve(Ref("nothing"))
    with pytest.raises(Unresolved):
        r.resolve(Key("team", "unknown"))


def test_every_typhoon_command_is_well_formed() -> None:
    r = Resolver(keys=lambda kind, key: f"{kind}:{key}", now=lambda: NOW, speed=432.0)
    steps = SCENARIOS["typhoon"]()
    saved = {s.action.save for s in steps if s.action.save}
    r.saved.update({name: f"id-{name}" for name in saved})
    for step in steps:
        if isinstance(step.action, Cmd):
            assert step.action.op in OPS
            decode_args(step.action.op, r.resolve(step.action.args))
        else:
            assert isinstance(step.action, Dispatch) and step.action.count >= 1
    assert max(s.at_h for s in steps) == 72.0


def test_rate_limit_allows_a_burst_then_paces() -> None:
    clock = [0.0]
    limit = RateLimit(per_second=10.0, burst=3, clock=lambda: clock[0])
    assert [limit.delay() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limit.delay() == pytest.approx(0.1)
    clock[0] = 10.0
    assert limit.delay() == 0.0
