"""Forward-only schema migrations, applied in order at startup.

``meta.schema_version`` records the last applied migration. A migration never drops data; a new
one is appended to :data:`MIGRATIONS` (never edit a released one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from . import schema


@dataclass(frozen=True)
class Migration:
    version: int
    what: str
    apply: Callable[[sa.Connection], None]


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def apply(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)

    return apply


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "core: meta, entities, event log, command records, users, sessions",
        _create(
            schema.meta, schema.entities, schema.events, schema.commands, schema.users,
            schema.sessions,
        ),
    ),
    Migration(2, "telemetry track points and the audit trail", _create(schema.track_points, schema.audit)),
    Migration(3, "index of the event log by entity (the history query)",
              lambda conn: schema.events_by_entity.create(conn, checkfirst=True)),
]

LATEST = MIGRATIONS[-1].version


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table(schema.meta.name):
        return 0
    row = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(conn: sa.Connection, target: int = LATEST) -> list[int]:
    """Apply every migration above the recorded version up to ``target``; return those applied."""
    have = current_version(conn)
    if have > LATEST:
        raise RuntimeError(f"database schema {have} is newer than this server ({LATEST})")
    applied = []
    for mig in MIGRATIONS:
        if have < mig.version <= target:
            mig.apply(conn)
            _set_version(conn, mig.version)
            applied.append(mig.version)
    return applied


def _set_version(conn: sa.Connection, version: int) -> None:
    t = schema.meta
    updated = conn.execute(
        sa.update(t).where(t.c.key == "schema_version").values(value=str(version))
    ).rowcount
    if not updated:
        conn.execute(sa.insert(t).values(key="schema_version", value=str(version)))
