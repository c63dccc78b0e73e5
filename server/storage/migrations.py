"""Forward-only schema migrations, applied in order at startup.

``meta.schema_version`` records the last applied migration. A migration never drops data; a new
one is appended to :data:`MIGRATIONS` (never edit a released one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import msgspec
import sqlalchemy as sa

from protocol.entities import GROWING_LISTS, Entity, within_limits

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


def _add_columns(conn: sa.Connection, table: sa.Table, *names: str) -> list[str]:
    """ALTER TABLE ... ADD COLUMN for those of ``names`` the table lacks (a table created by
    an earlier migration from today's definition has them already); the ones added."""
    have = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
    added = []
    for name in names:
        if name in have:
            continue
        col = table.c[name]
        ddl = f"ALTER TABLE {table.name} ADD COLUMN {name} {col.type.compile(conn.dialect)}"
        if not col.nullable:
            ddl += " NOT NULL DEFAULT " + ("FALSE" if conn.dialect.name == "postgresql" else "0")
        conn.exec_driver_sql(ddl)
        added.append(name)
    return added


def _v3_command_identity(conn: sa.Connection) -> None:
    """Command records get a fingerprint (a reused id with other content is a conflict; older
    records have none and keep answering any resend) and a refused flag (refusals are pruned
    after Settings.keep_refusals), backfilled from the stored outcome; audit rows name the
    command they are about."""
    t = schema.commands
    if "refused" in _add_columns(conn, t, "fingerprint", "refused"):
        conn.execute(sa.update(t).where(t.c.outcome.like('{"type":"error"%')).values(refused=True))
    for index in t.indexes:
        index.create(conn, checkfirst=True)
    _add_columns(conn, schema.audit, "command_id")


def _bounded(conn: sa.Connection) -> None:
    """Index the log by entity, and trim the timelines and histories stored before they were
    bounded (an incident grown to 68.8 MiB locked every console that could see it out). Only
    the entity rows change: every older entry stays in the event log, numbered by its
    position, where the history query finds it."""
    schema.events_by_entity.create(conn, checkfirst=True)
    t = schema.entities
    decoder, encoder = msgspec.json.Decoder(Entity), msgspec.json.Encoder()
    kinds = [*GROWING_LISTS, "warning"]
    rows = conn.execute(sa.select(t.c.kind, t.c.id, t.c.data).where(t.c.kind.in_(kinds)))
    for kind, id, data in rows.all():
        entity = decoder.decode(str(data))
        bounded = within_limits(entity)
        if bounded is not entity:
            conn.execute(sa.update(t).where(t.c.kind == kind, t.c.id == id)
                         .values(data=encoder.encode(bounded).decode()))


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "core: meta, entities, event log, command records, users, sessions",
        _create(
            schema.meta,
            schema.entities,
            schema.events,
            schema.commands,
            schema.users,
            schema.sessions,
        ),
    ),
    Migration(
        2, "telemetry track points and the audit trail", _create(schema.track_points, schema.audit)
    ),
    Migration(
        3,
        "command fingerprints, refused flag, audit rows naming their command",
        _v3_command_identity,
    ),
    Migration(
        4,
        "index of the event log by entity (the history query); growing lists of "
        "stored entities trimmed to what an entity keeps",
        _bounded,
    ),
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
