"""Database URLs as people type them, made into the async drivers the server runs on.

``sqlite:///PATH`` and ``postgresql://USER@HOST/DB`` (also ``postgres://``) are what the
SQLite and PostgreSQL manuals print; the server runs on aiosqlite and asyncpg, so those forms
get the async driver. An explicit async driver is kept; anything else is refused with one line
that says what to write (a raw SQLAlchemy traceback helps no duty engineer).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_ALIASES = {"postgres": "postgresql"}
EXAMPLES = "sqlite:///PATH/watchfloor.db or postgresql://USER@HOST:5432/DB"


class BadDatabaseURL(ValueError):
    """A --db value the server cannot use; the message is one line for the command line."""


def database_url(url: str) -> str:
    """The URL with the async driver the server needs; BadDatabaseURL when it cannot be one."""
    try:
        parsed = sa.engine.make_url(url)
    except ArgumentError:
        raise BadDatabaseURL(f"not a database URL: {url!r}; write {EXAMPLES}") from None
    backend, _, driver = parsed.drivername.partition("+")
    backend = _ALIASES.get(backend, backend)
    wanted = ASYNC_DRIVERS.get(backend)
    if wanted is None:
        raise BadDatabaseURL(f"unsupported database {backend!r} in {_masked(parsed)}; "
                             f"write {EXAMPLES}")
    if driver and f"{backend}+{driver}" != wanted:
        raise BadDatabaseURL(f"driver {driver!r} is not served in {_masked(parsed)}; "
                             f"write {EXAMPLES} (the server uses {wanted})")
    if backend == "sqlite" and not parsed.database:
        raise BadDatabaseURL(f"{url!r} names no database file; write {EXAMPLES}")
    return parsed.set(drivername=wanted).render_as_string(hide_password=False)


def _masked(parsed: sa.engine.URL) -> str:
    return parsed.render_as_string(hide_password=True)
