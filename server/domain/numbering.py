"""Human-readable numbers: incidents ``ZJ-YYYYMMDD-NNNN``, orders ``ZL-...``, material requests
``WZ-...`` (date in China Standard Time, counter per prefix and day). A linked city or county
platform numbers in its own series, ``ZJ-YYYYMMDD-<adcode>-NNNN`` (``Tx.number_space``), so
numbers given on two platforms while cut off never collide.

Scanning every entity of a kind on each create would cost O(n); instead the highest number per
day is cached per state and kind, and trusted only while the state holds exactly as many
entities of the kind as the cache expects (its own creations included). Anything else (a
refused command, another server instance's creations, a reload) triggers a full rescan.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from protocol.entities import Base

from ..state import State
from .api import Tx
from .cap import CST

INCIDENT_PREFIX = "ZJ"
ORDER_PREFIX = "ZL"
MATERIAL_PREFIX = "WZ"


@dataclass
class _Counter:
    count: int  # entities of the kind in the state when the cache is exact
    highest: dict[str, int] = field(default_factory=dict)  # "<prefix>-<day>-" -> highest


_counters: weakref.WeakKeyDictionary[State, dict[str, _Counter]] = weakref.WeakKeyDictionary()


def _serial(number: str, day: str) -> int:
    tail = number[len(day):]
    return int(tail) if number.startswith(day) and tail.isdigit() else 0


def _scan(state: State, cls: type[Base]) -> _Counter:
    counter = _Counter(count=state.count(cls))
    for entity in state.all(cls):
        number: str = getattr(entity, "number", "")
        day = number.rpartition("-")[0] + "-"  # "ZJ-20261128-"
        counter.highest[day] = max(counter.highest.get(day, 0), _serial(number, day))
    return counter


def next_number(tx: Tx, cls: type[Base], prefix: str, now: datetime) -> str:
    """The next free ``<prefix>-<CST date>-NNNN`` for a new entity of ``cls``."""
    day = f"{prefix}-{now.astimezone(CST):%Y%m%d}-"
    if tx.number_space:  # a linked platform below the province: its own series, no clash
        day += f"{tx.number_space}-"
    per_kind = _counters.setdefault(tx.state, {})
    counter = per_kind.get(cls.__name__)
    if counter is None or counter.count != tx.state.count(cls):
        counter = per_kind[cls.__name__] = _scan(tx.state, cls)
    pending: list[Any] = [c.entity for c in tx.changes if isinstance(c.entity, cls)
                          and tx.state.get(cls, c.entity.id) is None]
    highest = max([counter.highest.get(day, 0),
                   *(_serial(getattr(e, "number", ""), day) for e in pending)])
    counter.highest[day] = highest + 1
    counter.count = tx.state.count(cls) + len(pending) + 1  # once this command commits
    return f"{day}{highest + 1:04d}"
