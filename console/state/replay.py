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

from protocol.past_picture import entities_of, picture_at

from . import text

SPEEDS = (1, 10, 60, 600)
STEPS = 1000  # slider positions over the window
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


# The paging is the protocol's (protocol.past_picture), shared with headless clients.
__all__ = ["entities_of", "picture_at"]
