"""Users and login sessions (tables ``users`` and ``sessions``). Hashing is server/auth.py's job."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import sqlalchemy as sa

from . import schema
from .store import Store


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
    def __init__(self, store: Store) -> None:
        self.store = store

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
            r = (await conn.execute(sa.select(schema.users).where(schema.users.c.name == name))).first()
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
        async with self.store.begin() as conn:
            await conn.execute(
                sa.insert(schema.sessions).values(
                    token_hash=token_hash, user=user, created=now, expires=now + ttl
                )
            )

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
        async with self.store.begin() as conn:
            res = await conn.execute(
                sa.delete(schema.sessions).where(schema.sessions.c.expires <= time.time())
            )
            return int(res.rowcount or 0)
