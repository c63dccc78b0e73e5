"""Storage: SQLAlchemy 2 async over SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

from . import schema
from .migrations import LATEST, revisions
from .store import AuditRow, ChangeRef, CommandRecord, LoggedEvent, Store, TrackPoint
from .users import UserRow, UserStore

__all__ = [
    "LATEST",
    "AuditRow",
    "ChangeRef",
    "CommandRecord",
    "LoggedEvent",
    "Store",
    "TrackPoint",
    "UserRow",
    "UserStore",
    "revisions",
    "schema",
]
