"""Validation shared by the handlers: text, adcodes, state moves, local times.

Numbers need none here: their ranges are part of the argument types (protocol/ranges.py).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from protocol.errors import ErrorCode
from protocol.rules import move

from .api import CommandError
from .authz import require
from .cap import CST
from .jurisdictions import known_adcodes


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


def require_adcode(adcode: str) -> str:
    if adcode not in known_adcodes():
        raise bad_request(f"unknown jurisdiction {adcode!r}")
    return adcode


def require_move(machine: str, src: str, dst: str) -> None:
    """Refuse an illegal state transition with the rulebook's reason (a conflict)."""
    require(move(machine, src, dst))


def local_time(value: datetime) -> datetime:
    """A time from a command: without a UTC offset it is read as China Standard Time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=CST)


CLOCK_SKEW = timedelta(minutes=5)  # a desk clock this far ahead of the server is still "now"


def past_time(value: datetime, now: datetime, what: str) -> datetime:
    """A time from a command that has already come (:func:`local_time`), or bad_request."""
    when = local_time(value)
    if when > now + CLOCK_SKEW:
        raise bad_request(f"{what} lies in the future")
    return when
