"""A scenario: a timed script of injects, each a command some duty desk sends.

Steps are data. Arguments may hold placeholders resolved when the step runs:
:class:`Ref` (the id an earlier step saved), :class:`Key` (a demo entity by its data key, e.g.
a team or shelter from ``resources/demo``), :class:`Unit` (a team as order addressee) and
:class:`Later` (a time some simulated hours
after now, compressed like the rest of the scenario) and :class:`Speed` (the compression
itself, for a disaster process whose reporting clock runs at scenario time). The driver
(``simulator.driver``) runs them over the wire; this module reads no clock and opens no socket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Ref:
    """The id saved by an earlier step under ``name``."""

    name: str


@dataclass(frozen=True)
class Key:
    """A demo entity by kind and data key (``Key("team", "pla-wenzhou")``)."""

    kind: str
    key: str


@dataclass(frozen=True)
class Unit:
    """A demo team as an order addressee: ``team:<id>``."""

    key: str


@dataclass(frozen=True)
class Later:
    """A datetime ``hours`` of scenario time after the moment the step runs."""

    hours: float


@dataclass(frozen=True)
class Speed:
    """The scenario's time compression (scenario seconds per real second, at least 1)."""


@dataclass(frozen=True)
class Cmd:
    """Send ``op`` with ``args`` as ``actor``; save the ack result's id under ``save``."""

    actor: str
    op: str
    args: dict[str, Any]
    save: str | None = None


@dataclass(frozen=True)
class Dispatch:
    """As ``actor``: ask ``team.recommend`` for teams with ``capability`` near the incident and
    dispatch the first ``count`` of them the actor may command (as a duty officer would pick
    from the recommendation list). Saves the assignment ids as ``save``, ``save``.2, ..."""

    actor: str
    incident: Ref
    capability: str
    count: int
    task: str
    save: str | None = None


@dataclass(frozen=True)
class Step:
    at_h: float  # scenario hours after the start
    action: Cmd | Dispatch
    note: str = ""  # what happens, for the log


@dataclass
class Timeline:
    """Steps in time order; :meth:`due` hands out each one once, when its time has come."""

    steps: list[Step]
    _next: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.steps = sorted(self.steps, key=lambda s: s.at_h)  # stable: script order kept

    @property
    def duration_h(self) -> float:
        return self.steps[-1].at_h if self.steps else 0.0

    @property
    def done(self) -> bool:
        return self._next >= len(self.steps)

    def due(self, now_h: float) -> Iterator[Step]:
        while self._next < len(self.steps) and self.steps[self._next].at_h <= now_h:
            step = self.steps[self._next]
            self._next += 1
            yield step

    def next_at_h(self) -> float | None:
        return None if self.done else self.steps[self._next].at_h


class Unresolved(LookupError):
    """A placeholder names something not known (yet)."""


@dataclass
class Resolver:
    """Turns placeholders into wire values.

    ``keys`` maps ``(kind, key)`` to an entity id; ``saved`` holds ids saved by earlier steps;
    ``now`` gives the real current time and ``speed`` the time compression for :class:`Later`.
    """

    keys: Callable[[str, str], str | None]
    now: Callable[[], datetime]
    speed: float
    saved: dict[str, str] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, Ref):
            if value.name not in self.saved:
                raise Unresolved(f"nothing saved as {value.name!r}")
            return self.saved[value.name]
        if isinstance(value, Key):
            ident = self.keys(value.kind, value.key)
            if ident is None:
                raise Unresolved(f"no {value.kind} with key {value.key!r}")
            return ident
        if isinstance(value, Unit):
            return "team:" + self.resolve(Key("team", value.key))
        if isinstance(value, Speed):
            return max(1.0, self.speed)
        if isinstance(value, Later):
            return (self.now() + timedelta(hours=value.hours / self.speed)).isoformat()
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value
