"""``db_url``: each reliability test runs on SQLite and on PostgreSQL (127.0.0.1:5432, user
postgres, a fresh database per test, dropped after; skipped with a message when PostgreSQL does
not answer). ``pg_url``: PostgreSQL only (several instances on one database)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


async def _admin() -> Any:
    try:
        import asyncpg

        return await asyncio.wait_for(asyncpg.connect(PG_ADMIN_DSN), 3)
    except (OSError, TimeoutError, ImportError) as exc:
        pytest.skip(f"PostgreSQL not reachable on 127.0.0.1:5432 ({exc!r})")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'wf.db'}"
        return
    async with fresh_database() as url:
        yield url


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database (dropped after), or a skip with a message."""
    async with fresh_database() as url:
        yield url


@asynccontextmanager
async def fresh_database() -> AsyncIterator[str]:
    name = f"watchfloor_rel_{uuid.uuid4().hex[:12]}"
    conn = await _admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        conn = await _admin()
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()
