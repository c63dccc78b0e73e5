"""Human-readable numbers: incidents ``ZJ-YYYYMMDD-NNNN``, orders ``ZL-...``, material requests
``WZ-...`` (date in China Standard Time, counter per prefix and day)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..cap import CST

INCIDENT_PREFIX = "ZJ"
ORDER_PREFIX = "ZL"
MATERIAL_PREFIX = "WZ"


def next_number(prefix: str, now: datetime, existing: Iterable[str]) -> str:
    """The next free ``<prefix>-<CST date>-NNNN`` given the numbers already handed out."""
    day = f"{prefix}-{now.astimezone(CST):%Y%m%d}-"
    highest = 0
    for number in existing:
        if number.startswith(day) and number[len(day):].isdigit():
            highest = max(highest, int(number[len(day):]))
    return f"{day}{highest + 1:04d}"

