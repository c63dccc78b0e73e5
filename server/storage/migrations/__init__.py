"""Schema migrations: Alembic revisions in ``versions/``, applied in order at startup.

Each revision is one file, ``NNNN_what.py`` with ``revision = "NNNN_what"``, its number one
above its ``down_revision``'s; a revision never drops data and is never edited once released.
The chain is run from code on the caller's connection (no alembic.ini, no env.py): Alembic's
``alembic_version`` table records where a database is.

Before Alembic, ``meta.schema_version`` recorded the number of the last migration applied. A
database with that and no ``alembic_version`` is stamped at the revision of that number, then
upgraded. ``schema_version`` is still written after every upgrade, with the head's number: a
server from before Alembic refuses a database whose number is above its own instead of running
on a schema it does not know.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from .. import schema

_HERE = Path(__file__).resolve().parent


@cache
def script_directory() -> ScriptDirectory:
    return ScriptDirectory(_HERE, version_locations=[_HERE / "versions"])


@cache
def revisions() -> dict[int, str]:
    """Revision ids by number, 1 to the head, in order."""
    script = script_directory()
    return dict(sorted((number(s.revision), s.revision) for s in script.walk_revisions()))


def number(revision: str) -> int:
    """The number a revision id starts with: ``0003_command_identity`` -> 3."""
    return int(revision.split("_", 1)[0])


LATEST = max(revisions())


def _recorded_number(conn: sa.Connection) -> int:
    """``meta.schema_version`` (written by every version of the server), 0 when absent."""
    if not sa.inspect(conn).has_table(schema.meta.name):
        return 0
    row = conn.execute(
        sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else 0


def migrate(conn: sa.Connection, target: int = LATEST) -> list[int]:
    """Apply every revision above the database's up to number ``target``, in the caller's
    transaction; return the numbers applied. Raises RuntimeError for a database newer than
    this server."""
    script, known = script_directory(), revisions()
    context = MigrationContext.configure(conn)
    revision = context.get_current_revision()
    if revision is None:
        have = _recorded_number(conn)
        if have > LATEST:
            raise _newer(str(have))
        if have:
            context.stamp(script, known[have])  # a database made before Alembic
    elif revision in known.values():
        have = number(revision)
    else:
        raise _newer(revision)
    if target <= have:
        return []

    def upgrade(rev: Any, _context: Any) -> Any:
        return script._upgrade_revs(known[target], rev)

    with EnvironmentContext(Config(), script, fn=upgrade, destination_rev=known[target]) as env:
        env.configure(connection=conn)
        env.run_migrations()
    _record_number(conn, target)
    return list(range(have + 1, target + 1))


def _newer(found: str) -> RuntimeError:
    return RuntimeError(f"database schema {found} is newer than this server "
                        f"({revisions()[LATEST]}): upgrade the server")


def _record_number(conn: sa.Connection, version: int) -> None:
    t = schema.meta
    updated = conn.execute(
        sa.update(t).where(t.c.key == "schema_version").values(value=str(version))
    ).rowcount
    if not updated:
        conn.execute(sa.insert(t).values(key="schema_version", value=str(version)))
