"""Server test fixtures: ``db_url`` runs a test on SQLite and on PostgreSQL (127.0.0.1:5432, user
postgres, a fresh database per test, dropped after; skipped with a message when PostgreSQL does
not answer), and ``pg_url`` for PostgreSQL-only tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"


async def _pg_database() -> str | None:
    """Create a fresh database; its name, or None when PostgreSQL is not reachable."""
    try:
        import asyncpg

        conn = await asyncio.wait_for(asyncpg.connect(PG_ADMIN_DSN), 3)
    except (OSError, TimeoutError, ImportError) as exc:
        pytest.skip(f"PostgreSQL not reachable on 127.0.0.1:5432 ({exc!r})")
        return None
    name = f"watchfloor_test_{uuid.uuid4().hex[:12]}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def _drop(name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    name = await _pg_database()
    assert name is not None
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        await _drop(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    name = await _pg_database()
    assert name is not None
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        await _drop(name)
