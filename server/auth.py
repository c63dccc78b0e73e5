"""Passwords (Argon2id), session tokens (random, stored as SHA-256) and login from a hello."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from protocol.entities import Principal
from protocol.enums import Role
from protocol.messages import Hello

from .domain.api import Actor
from .storage import UserRow, UserStore

MAX_USER_NAME = 128  # characters: the width of the user name column (PostgreSQL rejects a NUL)
_hasher = PasswordHasher()  # argon2-cffi defaults: Argon2id, t=3, m=64 MiB, p=4
# For test fixtures only: the same algorithm with minimal cost, so hundreds of logins stay fast.
_cheap_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str, *, cheap: bool = False) -> str:
    return (_cheap_hasher if cheap else _hasher).hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor_of(user: UserRow) -> Actor:
    return Actor(
        user=user.name, role=Role(user.role), jurisdiction=user.jurisdiction, units=user.units
    )


def principal_of(user: UserRow) -> Principal:
    return Principal(
        id=user.name,
        role=Role(user.role),
        jurisdiction=user.jurisdiction,
        display_name=user.display_name,
        units=list(user.units),
        disabled=user.disabled,
    )


@dataclass(frozen=True)
class Login:
    user: UserRow
    token: str


class LoginRefused(Exception):
    pass


async def login(users: UserStore, hello: Hello, session_ttl: float) -> Login:
    """Check a hello's credentials; a password login opens a new session token."""
    if hello.token is not None:
        user = await users.session_user(token_hash(hello.token))
        if user is None or user.disabled:
            raise LoginRefused("session token unknown, expired or revoked")
        return Login(user, hello.token)
    if not hello.user or hello.password is None:
        raise LoginRefused("hello needs user and password, or a session token")
    if len(hello.user) > MAX_USER_NAME or not hello.user.isprintable():
        raise LoginRefused("wrong user name or password")  # no account has such a name
    found = await users.get(hello.user)
    ok = found is not None and await asyncio.to_thread(
        verify_password, found.password_hash, hello.password
    )
    if found is None or not ok:
        raise LoginRefused("wrong user name or password")
    if found.disabled:
        raise LoginRefused(f"user {found.name!r} is disabled")
    token = new_token()
    await users.add_session(token_hash(token), found.name, session_ttl)
    return Login(found, token)
