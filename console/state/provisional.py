"""Entities a console shows before the server has them: an incident created while offline (or
not yet answered) appears at once in the list and on the map, marked pending, and gives way to
the real one when the server answers. Built from the outbox's pending commands; Qt-free."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from protocol.entities import Base, Incident

from .i18n import translate

PREFIX = "pending:"


class PendingCommand(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def op(self) -> str: ...
    @property
    def args(self) -> dict[str, Any]: ...
    @property
    def created_at(self) -> datetime: ...


def pending_number() -> str:
    return translate("Tables", "(pending)")


def provisional(entries: Iterable[PendingCommand], jurisdiction: str, user: str
                ) -> list[Base]:
    """One provisional entity per pending create command the picture can show."""
    out: list[Base] = []
    for entry in entries:
        if entry.op != "incident.create":
            continue
        a = entry.args
        out.append(Incident(
            id=PREFIX + entry.id, number=pending_number(), type_code=str(a.get("type_code", "")),
            title=str(a.get("title", "")), description=str(a.get("description", "")),
            lon=float(a.get("lon", 0.0)), lat=float(a.get("lat", 0.0)),
            jurisdiction=str(a.get("jurisdiction") or jurisdiction), address=str(
                a.get("address", "")), deaths=int(a.get("deaths", 0)),
            injured=int(a.get("injured", 0)), missing=int(a.get("missing", 0)),
            trapped=int(a.get("trapped", 0)), exercise=bool(a.get("exercise", False)),
            reported_by=user, reported_at=entry.created_at, updated_at=entry.created_at))
    return out


def is_provisional(id: str) -> bool:
    return id.startswith(PREFIX)
