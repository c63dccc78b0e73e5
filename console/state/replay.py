"""After-action replay without Qt: the replay clock over a chosen window, and the picture at a
past moment fetched from the server's ``history.picture`` query into a fresh Replica.

The clock maps a slider position (0..``STEPS``) onto the window and moves the moment at a
speed of scenario time (1×: real time; 600×: ten minutes a second) while playing; it stops at
the end of the window. The picture is the server's answer, scoped to the asker as of that
moment (a released team of another county is not in it), never the live replica's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import msgspec

from protocol.entities import Base, Entity
from protocol.messages import Snapshot
from protocol.replica import Replica

from . import text

SPEEDS = (1, 10, 60, 600)
STEPS = 1000  # slider positions over the window
PAGE = 2000  # entities per history.picture page (the protocol's maximum)
MAX_WINDOW = timedelta(days=366)

Query = Callable[[str, dict[str, Any]], Awaitable[Any]]


def moment_text(ts: datetime, seconds: bool = True) -> str:
    """A replayed moment in China Standard Time, to the second: ``2026-12-01 14:03:12 CST``
    (without ``seconds``: :func:`console.state.text.cst_full`)."""
    if not seconds:
        return text.cst_full(ts)
    return f"{ts.astimezone(text.CST):%Y-%m-%d %H:%M:%S} {text.cst_label()}"


def window_problem(start: datetime, end: datetime, now: datetime) -> str | None:
    """Why a replay window cannot be used (a reason code), or None."""
    if end <= start:
        return "end_before_start"
    if start > now:
        return "in_the_future"
    if end - start > MAX_WINDOW:
        return "too_long"
    return None


@dataclass
class ReplayClock:
    start: datetime
    end: datetime
    moment: datetime
    speed: int = 60
    playing: bool = False

    @classmethod
    def over(cls, start: datetime, end: datetime) -> ReplayClock:
        return cls(start, end, start)

    @property
    def span(self) -> float:
        return max((self.end - self.start).total_seconds(), 1e-9)

    def position(self) -> int:
        """The moment as a slider position."""
        done = (self.moment - self.start).total_seconds() / self.span
        return max(0, min(STEPS, round(done * STEPS)))

    def seek(self, position: int) -> datetime:
        """Move to a slider position; the new moment."""
        position = max(0, min(STEPS, position))
        self.moment = self.start + timedelta(seconds=self.span * position / STEPS)
        return self.moment

    def advance(self, real_seconds: float) -> bool:
        """While playing, move the moment by ``real_seconds`` × speed; stop at the end. True
        when the moment moved."""
        if not self.playing:
            return False
        moved = min(self.end, self.moment + timedelta(seconds=real_seconds * self.speed))
        changed = moved != self.moment
        self.moment = moved
        if moved >= self.end:
            self.playing = False
        return changed


def entities_of(page: dict[str, Any]) -> list[Base]:
    """The entities of one history.picture answer (as decoded from JSON)."""
    return list(msgspec.convert(page["entities"], list[Entity]))


async def picture_at(query: Query, at: datetime, server_id: str | None = None) -> Replica:
    """The asker's picture at ``at``, every page of history.picture, as a new Replica (its seq:
    the last event at or before ``at``)."""
    entities: list[Base] = []
    after: str | None = None
    seq = 0
    while True:
        args: dict[str, Any] = {"at": at.isoformat(), "limit": PAGE}
        if after is not None:
            args["after"] = after
        page = await query("history.picture", args)
        seq = int(page["seq"])
        entities.extend(entities_of(page))
        after = page["next"]
        if after is None:
            break
    replica = Replica()
    replica.server_id = server_id
    replica.apply_snapshot(Snapshot(seq=seq, entities=entities, final=True))  # type: ignore[arg-type]
    return replica
