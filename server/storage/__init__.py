"""Storage: SQLAlchemy 2 async over SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

from . import schema
from .migrations import LATEST, MIGRATIONS, Migration
from .store import AuditRow, ChangeRef, CommandRecord, LoggedEvent, Store, TrackPoint
from .users import UserRow, UserStore

__all__ = [
    "LATEST",
    "MIGRATIONS",
    "AuditRow",
    "ChangeRef",
    "CommandRecord",
    "LoggedEvent",
    "Migration",
    "Store",
    "TrackPoint",
    "UserRow",
    "UserStore",
    "schema",
]
