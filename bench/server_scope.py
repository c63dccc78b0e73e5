"""Cost of ``scope.visible`` per event as the hub pays it: every session checks the changed
entity and its related ones, with 2,000 teams and 500 sessions (10 province, 90 city, 400
county duty desks).

Two ways to answer "which owners' teams are on this incident", on the same change stream:
- ``rebuild`` (the baseline, kept here only): the index recomputed over every team once per
  applied seq, which the first city/county check of each event pays;
- ``incremental`` (server.domain.scope today): the index follows the state's changes.

Both must give the same visibility answers (checked). Prints JSON: median per-event cost of
each, per run and over runs, and the speed-up.

    python -m bench.server_scope [--teams 2000] [--sessions 500] [--events 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import msgspec  # noqa: E402

from protocol.entities import Assignment, Base, Incident, Team  # noqa: E402
from protocol.enums import AssignmentStatus, Role, TeamStatus, TeamType  # noqa: E402
from protocol.machines import TEAM_ON_ASSIGNMENT  # noqa: E402
from server.domain import scope  # noqa: E402
from server.domain.api import Actor  # noqa: E402
from server.state import State  # noqa: E402

T0 = datetime(2026, 11, 28, tzinfo=UTC)
CITIES = [f"33{c:02d}00" for c in range(1, 12)]
COUNTIES = [f"{city[:4]}{n:02d}" for city in CITIES for n in range(2, 11)]


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


# -- the baseline: the index as it was, rebuilt over every team once per seq -------------------
_rebuilt: weakref.WeakKeyDictionary[State, tuple[int, dict[str, set[str]]]] = (
    weakref.WeakKeyDictionary()
)


def crews_by_rebuild(state: State, incident_id: str) -> set[str]:
    cached = _rebuilt.get(state)
    if cached is None or cached[0] != state.seq or state.seq == 0:
        crews: dict[str, set[str]] = {}
        for team in state.all(Team):
            if team.assignment_id is None or team.status.value not in TEAM_ON_ASSIGNMENT:
                continue
            assignment = state.get(Assignment, team.assignment_id)
            if assignment is not None:
                crews.setdefault(assignment.incident_id, set()).add(team.jurisdiction)
        cached = _rebuilt[state] = (state.seq, crews)
    return cached[1].get(incident_id, set())


@contextmanager
def baseline() -> Iterator[None]:
    """server.domain.scope answering through the rebuilt index."""
    current: Callable[..., Any] = scope._crews
    scope._crews = crews_by_rebuild  # type: ignore[assignment]
    try:
        yield
    finally:
        scope._crews = current


# -- the world and its change stream -----------------------------------------------------------
def world(teams: int, incidents: int, rng: random.Random) -> list[Base]:
    out: list[Base] = []
    for i in range(incidents):
        code = rng.choice(COUNTIES)
        out.append(Incident(id=f"inc{i}", number=f"ZJ-20261128-{i:04d}", type_code="12G00",
                            title=f"fire {i}", lon=120.0, lat=29.0, jurisdiction=code))
    for i in range(teams):
        out.append(Team(id=f"team{i}", name=f"team {i}", type=TeamType.FIRE_RESCUE,
                        jurisdiction=rng.choice(COUNTIES), base_lon=120.0, base_lat=29.0))
    return out


def changes(seed_world: list[Base], events: int, incidents: int, rng: random.Random
            ) -> list[Base]:
    """Dispatches and releases, one entity per event, as the domain writes them (assignment
    first, then its team)."""
    teams = {e.id: e for e in seed_world if isinstance(e, Team)}
    assignments = {e.id: e for e in seed_world if isinstance(e, Assignment)}
    ids = sorted(teams)
    out: list[Base] = []
    while len(out) < events:
        team = teams[rng.choice(ids)]
        if team.assignment_id is None:
            a = Assignment(id=f"asg{len(assignments)}", team_id=team.id,
                           incident_id=f"inc{rng.randrange(incidents)}", ordered_by="prov",
                           ordered_by_jurisdiction="330000", ordered_at=T0)
            team = msgspec.structs.replace(team, status=TeamStatus.DISPATCHED, assignment_id=a.id)
        else:
            a = msgspec.structs.replace(assignments[team.assignment_id],
                                        status=AssignmentStatus.RELEASED)
            team = msgspec.structs.replace(team, status=TeamStatus.AVAILABLE, assignment_id=None)
        assignments[a.id] = a
        teams[team.id] = team
        out += [a, team]
    return out


def sessions(count: int, rng: random.Random) -> list[Actor]:
    out = [Actor(f"p{i}", Role.PROVINCE, "330000") for i in range(count // 50)]
    out += [Actor(f"c{i}", Role.CITY, CITIES[i % len(CITIES)]) for i in range(count * 9 // 50)]
    while len(out) < count:
        out.append(Actor(f"k{len(out)}", Role.COUNTY, rng.choice(COUNTIES)))
    return out


@dataclass
class Way:
    """One way of keeping the index, with its own state and its measurements."""

    name: str
    rebuilds: bool
    state: State = field(default_factory=State)
    upkeep: list[float] = field(default_factory=list)  # apply + index upkeep, seconds
    total: list[float] = field(default_factory=list)  # ... + every session's checks
    shown: int = 0  # (session, entity) pairs visible


def step(way: Way, ent: Base, actors: list[Actor]) -> None:
    """Apply one event and fan it out as the hub does."""
    state = way.state
    start = time.perf_counter()
    state.apply(ent)  # the incremental index follows here
    state.seq += 1
    if way.rebuilds:
        crews_by_rebuild(state, "")  # what the first city/county check would pay
    kept = time.perf_counter()
    targets = [ent, *scope.related(state, ent)]
    shown = 0
    for actor in actors:
        for target in targets:
            if scope.visible(state, actor, target) is not None:
                shown += 1
    done = time.perf_counter()
    way.upkeep.append(kept - start)
    way.total.append(done - start)
    way.shown += shown


def run(seed_world: list[Base], stream: list[Base], actors: list[Actor]) -> list[Way]:
    """Both ways on the same stream, event by event in turn (so machine load hits both)."""
    ways = [Way("rebuild", rebuilds=True), Way("incremental", rebuilds=False)]
    for way in ways:
        for ent in seed_world:
            way.state.apply(ent)
        way.state.seq = len(seed_world)
    scope.crew_index(ways[1].state)
    for ent in stream:
        with baseline():
            step(ways[0], ent, actors)
        step(ways[1], ent, actors)
    if ways[0].shown != ways[1].shown:
        raise SystemExit(f"different answers: {ways[0].shown} != {ways[1].shown}")
    return ways


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--teams", type=int, default=2000)
    p.add_argument("--incidents", type=int, default=300)
    p.add_argument("--sessions", type=int, default=500)
    p.add_argument("--events", type=int, default=400)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    rng = random.Random(20261128)
    seed_world = world(args.teams, args.incidents, rng)
    warmup = changes(seed_world, args.teams // 2, args.incidents, rng)  # half of teams out
    stream = changes(seed_world + warmup, args.events, args.incidents, rng)
    actors = sessions(args.sessions, rng)
    per_run: list[dict[str, Any]] = []
    for _ in range(args.runs):
        row: dict[str, Any] = {}
        for way in run(seed_world + warmup, stream, actors):
            row[f"{way.name}_upkeep_us"] = round(1e6 * statistics.median(way.upkeep), 1)
            row[f"{way.name}_ms_per_event"] = round(1000 * statistics.median(way.total), 3)
            row["visible_pairs"] = way.shown
        per_run.append(row)
    out: dict[str, Any] = {
        "bench": "server_scope",
        "teams": args.teams, "incidents": args.incidents, "sessions": args.sessions,
        "events": len(stream), "runs": per_run,
    }
    for key in ("rebuild_upkeep_us", "incremental_upkeep_us", "rebuild_ms_per_event",
                "incremental_ms_per_event"):
        out[f"median_{key}"] = median([r[key] for r in per_run])
    out["upkeep_speedup"] = round(out["median_rebuild_upkeep_us"]
                                  / out["median_incremental_upkeep_us"], 1)
    out["per_event_speedup"] = round(out["median_rebuild_ms_per_event"]
                                     / out["median_incremental_ms_per_event"], 2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
