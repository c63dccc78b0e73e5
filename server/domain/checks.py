"""Validation shared by the handlers: text, counts, adcodes, positions, state moves."""

from __future__ import annotations

import math
import uuid
from datetime import datetime

from protocol.errors import ErrorCode
from protocol.machines import why_not

from ..cap import CST
from ..jurisdictions import known_adcodes
from .api import CommandError


def bad_request(message: str) -> CommandError:
    return CommandError(ErrorCode.BAD_REQUEST, message)


def conflict(message: str) -> CommandError:
    return CommandError(ErrorCode.CONFLICT, message)


def new_id() -> str:
    return uuid.uuid4().hex


def require_text(value: str, what: str) -> str:
    """Non-blank text, stripped."""
    text = value.strip()
    if not text:
        raise bad_request(f"{what} must not be empty")
    return text


def require_count(value: int, what: str, minimum: int = 0) -> int:
    if value < minimum:
        raise bad_request(f"{what} must be at least {minimum}, not {value}")
    return value


def require_adcode(adcode: str) -> str:
    if adcode not in known_adcodes():
        raise bad_request(f"unknown jurisdiction {adcode!r}")
    return adcode


def require_position(lon: float, lat: float) -> tuple[float, float]:
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise bad_request(f"invalid position ({lon}, {lat})")
    return lon, lat


def require_move(machine: str, src: str, dst: str) -> None:
    """Refuse an illegal state transition with conflict and the machine's explanation."""
    reason = why_not(machine, src, dst)
    if reason is not None:
        raise conflict(reason)


def local_time(value: datetime) -> datetime:
    """A time from a command: without a UTC offset it is read as China Standard Time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=CST)
