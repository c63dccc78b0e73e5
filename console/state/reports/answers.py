"""Typed views of the answers of ``stats.losses`` and ``stats.due`` (CONTRACT.md), taken as
the plain dicts a query returns.

Figures stay a mapping from indicator name to number: the indicator set grows with
``protocol.entities.LossFigures`` and a report shows whatever the server summed, in the
order of :data:`INDICATORS` first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

Figures = dict[str, float]
CountyState = Literal["reported", "zero", "missing", "returned"]
DueKind = Literal["initial", "follow_up", "final"]
DueState = Literal["due", "overdue", "done"]


class CountyLosses(msgspec.Struct, kw_only=True):
    adcode: str
    state: CountyState
    report_id: str | None = None
    stage: str | None = None
    revision: int | None = None
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    figures: Figures = {}


class CityLosses(msgspec.Struct, kw_only=True):
    adcode: str
    figures: Figures = {}
    counties: list[CountyLosses] = []


class CountyShelters(msgspec.Struct, kw_only=True):
    adcode: str
    open: int = 0
    capacity: int = 0
    occupancy: int = 0


class Shelters(msgspec.Struct, kw_only=True):
    open: int = 0
    capacity: int = 0
    occupancy: int = 0
    counties: list[CountyShelters] = []


class Losses(msgspec.Struct, kw_only=True):
    """One ``stats.losses`` answer: one disaster process, one jurisdiction, one moment."""

    process_id: str
    jurisdiction: str
    as_of: datetime
    figures: Figures = {}
    cities: list[CityLosses] = []
    missing: list[str] = []
    zero: list[str] = []
    returned: list[str] = []
    shelters: Shelters = msgspec.field(default_factory=Shelters)
    transferred: int = 0

    def counties(self) -> list[CountyLosses]:
        return [c for city in self.cities for c in city.counties]


class DueItem(msgspec.Struct, kw_only=True):
    process_id: str
    county: str
    kind: DueKind
    due_at: datetime
    state: DueState
    number: int | None = None
    done_at: datetime | None = None


class Due(msgspec.Struct, kw_only=True):
    """One ``stats.due`` answer."""

    as_of: datetime
    items: list[DueItem] = []


def losses_of(answer: dict[str, Any]) -> Losses:
    """A ``stats.losses`` answer; ``msgspec.ValidationError`` when it is not of that shape."""
    return msgspec.convert(answer, Losses)


def due_of(answer: dict[str, Any]) -> Due:
    """A ``stats.due`` answer; ``msgspec.ValidationError`` when it is not of that shape."""
    return msgspec.convert(answer, Due)


INDICATORS: tuple[str, ...] = (
    "affected_population", "deaths", "missing", "injured", "relocated", "needing_relief",
    "houses_collapsed", "houses_severely_damaged", "houses_damaged", "crop_affected_ha",
    "crop_damaged_ha", "crop_lost_ha", "direct_loss_10k_cny",
)
"""The indicators a report lists first, in this order (LossFigures' fields today)."""


def indicators(figures: Figures) -> list[str]:
    """The indicator names to show for ``figures``: the known ones, then any others."""
    return [*INDICATORS, *sorted(k for k in figures if k not in INDICATORS)]
