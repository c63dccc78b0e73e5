"""Users and login sessions (tables ``users`` and ``sessions``). Hashing is server/auth.py's job."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from . import schema
from .store import Store

if TYPE_CHECKING:
    import asyncio


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    jurisdiction: str
    units: tuple[str, ...]
    password_hash: str
    display_name: str
    disabled: bool
    created: float


def _row(r: sa.Row[tuple[object, ...]]) -> UserRow:
    m = r._mapping
    return UserRow(
        name=m["name"],
        role=m["role"],
        jurisdiction=m["jurisdiction"],
        units=tuple(json.loads(m["units"])),
        password_hash=m["password_hash"],
        display_name=m["display_name"],
        disabled=bool(m["disabled"]),
        created=float(m["created"]),
    )


class UserStore:
    def __init__(self, store: Store, write_lock: asyncio.Lock | None = None) -> None:
        """``write_lock``: held around session writes on SQLite (the coordinator's), so that
        logins never contend for SQLite's single writer in-process: under a reconnect storm
        (hundreds of consoles logging in at once) SQLite's busy waiting is unfair, and logins
        failed with "database is locked" after the busy timeout."""
        self.store = store
        self._write_lock = write_lock if write_lock is not None and not store.is_postgres else None

    def _session_write(self) -> Any:
        """A transaction for a session write, under the in-process write lock on SQLite."""
        if self._write_lock is None:
            return self.store.begin()
        return _locked(self._write_lock, self.store)

    async def add(
        self,
        name: str,
        *,
        role: str,
        jurisdiction: str,
        password_hash: str,
        units: tuple[str, ...] = (),
        display_name: str = "",
    ) -> None:
        """Create a user; raises ValueError when the name is taken."""
        async with self.store.begin() as conn:
            exists = await conn.execute(
                sa.select(schema.users.c.name).where(schema.users.c.name == name)
            )
            if exists.first() is not None:
                raise ValueError(f"user {name!r} exists")
            await conn.execute(
                sa.insert(schema.users).values(
                    name=name,
                    role=role,
                    jurisdiction=jurisdiction,
                    units=json.dumps(list(units)),
                    password_hash=password_hash,
                    display_name=display_name,
                    disabled=False,
                    created=time.time(),
                )
            )

    async def get(self, name: str) -> UserRow | None:
        async with self.store.connect() as conn:
            r = (
                await conn.execute(sa.select(schema.users).where(schema.users.c.name == name))
            ).first()
            return _row(r) if r is not None else None

    async def all(self) -> list[UserRow]:
        async with self.store.connect() as conn:
            rows = await conn.execute(sa.select(schema.users).order_by(schema.users.c.name))
            return [_row(r) for r in rows]

    async def disabled_names(self) -> set[str]:
        async with self.store.connect() as conn:
            q = sa.select(schema.users.c.name).where(schema.users.c.disabled.is_(True))
            return {r[0] for r in await conn.execute(q)}

    async def disable(self, name: str) -> bool:
        """Disable a user and revoke its session tokens; False when there is no such user.

        Takes the event log's write lock first, as every command batch does: a batch either
        commits before this (the command was applied before the user was disabled) or reads
        the flag after it and refuses the user's commands. So once this has returned, no
        command of the user is applied, whichever server instance runs it."""
        async with self.store.begin() as conn:
            await self.store.lock_log(conn)
            res = await conn.execute(
                sa.update(schema.users).where(schema.users.c.name == name).values(disabled=True)
            )
            await conn.execute(sa.delete(schema.sessions).where(schema.sessions.c.user == name))
            return bool(res.rowcount)

    # -- sessions --------------------------------------------------------------------------------
    async def add_session(self, token_hash: str, user: str, ttl: float) -> None:
        now = time.time()
        async with self._session_write() as conn:
            await conn.execute(
                sa.insert(schema.sessions).values(
                    token_hash=token_hash, user=user, created=now, expires=now + ttl
                )
            )

    async def open_session(
        self, token_hash: str, user: str, ttl: float, *, password_hash: str,
        max_sessions: int | None = None,
    ) -> list[str] | None:
        """Store a new session token for a user whose password was just verified against
        ``password_hash``; None (nothing stored) when that is no longer the user's hash or the
        user was disabled meanwhile. With ``max_sessions``, the user's oldest sessions beyond
        it are deleted: their token hashes are returned (their connections are to be closed).

        The user's row is read FOR SHARE (PostgreSQL): a concurrent password change or disable
        either commits first (and this login is refused) or waits for it (and deletes the new
        session with the others)."""
        u, s = schema.users, schema.sessions
        now = time.time()
        async with self._session_write() as conn:
            q = sa.select(u.c.password_hash, u.c.disabled).where(u.c.name == user)
            row = (await conn.execute(q.with_for_update(read=True))).first()
            if row is None or row.password_hash != password_hash or row.disabled:
                return None
            await conn.execute(sa.insert(s).values(token_hash=token_hash, user=user,
                                                   created=now, expires=now + ttl))
            if max_sessions is None:
                return []
            oldest = (  # the new session always stays
                sa.select(s.c.token_hash).where(s.c.user == user, s.c.token_hash != token_hash)
                .order_by(s.c.created.desc(), s.c.token_hash).offset(max(max_sessions, 1) - 1)
            )
            evicted = [r[0] for r in await conn.execute(oldest)]
            if evicted:
                await conn.execute(sa.delete(s).where(s.c.token_hash.in_(evicted)))
            return evicted

    async def revoke_session(self, token_hash: str) -> bool:
        """Delete one session token (logout); False when it was not there."""
        async with self._session_write() as conn:
            res = await conn.execute(
                sa.delete(schema.sessions).where(schema.sessions.c.token_hash == token_hash)
            )
            return bool(res.rowcount)

    async def set_password(self, name: str, password_hash: str) -> bool:
        """Change a user's password and revoke all its session tokens (one transaction);
        False when there is no such user."""
        async with self.store.begin() as conn:
            res = await conn.execute(
                sa.update(schema.users).where(schema.users.c.name == name)
                .values(password_hash=password_hash)
            )
            await conn.execute(sa.delete(schema.sessions).where(schema.sessions.c.user == name))
            return bool(res.rowcount)

    async def live_tokens(self, token_hashes: Iterable[str]) -> set[str]:
        """Which of these token hashes are sessions still live (stored and unexpired)."""
        wanted = list(token_hashes)
        s, now = schema.sessions, time.time()
        found: set[str] = set()
        async with self.store.connect() as conn:
            for i in range(0, len(wanted), 500):
                q = sa.select(s.c.token_hash).where(s.c.token_hash.in_(wanted[i:i + 500]),
                                                    s.c.expires > now)
                found.update(r[0] for r in await conn.execute(q))
        return found

    async def session_user(self, token_hash: str) -> UserRow | None:
        """The user of a live (unexpired) session token."""
        s, u = schema.sessions, schema.users
        q = (
            sa.select(u)
            .join(s, s.c.user == u.c.name)
            .where(s.c.token_hash == token_hash, s.c.expires > time.time())
        )
        async with self.store.connect() as conn:
            r = (await conn.execute(q)).first()
            return _row(r) if r is not None else None

    async def purge_expired_sessions(self) -> int:
        """Delete expired session tokens (the server does it every session_purge_interval)."""
        async with self._session_write() as conn:
            res = await conn.execute(
                sa.delete(schema.sessions).where(schema.sessions.c.expires <= time.time())
            )
            return int(res.rowcount or 0)


@asynccontextmanager
async def _locked(lock: asyncio.Lock, store: Store) -> AsyncIterator[Any]:
    async with lock, store.begin() as conn:
        yield conn
