"""Human-readable numbers: incidents ``ZJ-YYYYMMDD-NNNN``, orders ``ZL-...``, material requests
``WZ-...`` (date in China Standard Time, counter per prefix and day), CAP identifiers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")

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


def cap_sender(issuer: str) -> str:
    """The CAP <sender> of a jurisdiction's warnings (no spaces, commas or '<&')."""
    return f"{issuer}@watchfloor.zj"


def cap_identifier(issuer: str, now: datetime) -> str:
    """A globally unique CAP <identifier>: issuer, CST time and a random suffix."""
    return f"ZJYJ-{issuer}-{now.astimezone(CST):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
