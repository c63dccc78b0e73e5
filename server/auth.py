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
# For test fixtures and the demo data only: the same algorithm with minimal cost, so hundreds of
# logins stay fast (see check_password).
_cheap_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
# What an unknown user's password is checked against: a hash with the real parameters, so that
# "no such user" costs what a wrong password costs (made once, at import: one hash, ~0.1 s).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str, *, cheap: bool = False) -> str:
    return (_cheap_hasher if cheap else _hasher).hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password_hash: str | None, password: str) -> bool:
    """Verify a password; an unknown user (``None``) is checked against a dummy hash made with
    the real parameters, so "no such user" costs what a wrong password of a real account costs
    and timing tells nothing about which names exist. Accounts hashed at the cheap cost (test
    fixtures and the demo, whose names and password are published) stay cheap: the demo's 174
    simulator logins would otherwise cost ~20 s of server CPU. Blocking: run it in a thread."""
    if password_hash is None:
        verify_password(_DUMMY_HASH, password)
        return False
    return verify_password(password_hash, password)


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
    evicted: tuple[str, ...] = ()  # token hashes of the user's sessions the cap ended


class LoginRefused(Exception):
    pass


async def login(users: UserStore, hello: Hello, session_ttl: float,
                max_sessions: int | None = None) -> Login:
    """Check a hello's credentials; a password login opens a new session token, ending the
    user's oldest sessions beyond ``max_sessions``."""
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
    # The same cost for an unknown user, a disabled one and a wrong password: see check_password.
    ok = await asyncio.to_thread(
        check_password, found.password_hash if found is not None else None, hello.password
    )
    if found is None or not ok:
        raise LoginRefused("wrong user name or password")
    if found.disabled:
        raise LoginRefused(f"user {found.name!r} is disabled")
    token = new_token()
    evicted = await users.open_session(token_hash(token), found.name, session_ttl,
                                       password_hash=found.password_hash,
                                       max_sessions=max_sessions)
    if evicted is None:  # the password was changed, or the user disabled, meanwhile
        raise LoginRefused("wrong user name or password")
    return Login(found, token, tuple(evicted))
