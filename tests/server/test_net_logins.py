"""Logins through real clients: throttled guessing, logout, password change, the session cap
and the pruning of expired sessions."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from console.net.link import OFFLINE, ONLINE, Link
from protocol.codec import decode_server, encode_str
from protocol.errors import CLOSE_NORMAL, CLOSE_UNAUTHORIZED, ErrorCode
from protocol.messages import Error, Hello, Logout, ServerMessage, Welcome
from protocol.session import ClientSession
from server.storage import Store, UserStore, schema
from tests.conftest import running_server
from tests.fixtures.client import WireClient

ROOT = Path(__file__).resolve().parents[2]


async def first_answer(url: str, hello: Hello) -> tuple[ServerMessage, int | None]:
    """Send a hello; the first frame answered and, for a refusal, the close code."""
    async with connect(url, max_size=None) as ws:
        await ws.send(encode_str(hello))
        msg = decode_server(await asyncio.wait_for(ws.recv(), 10))
        if isinstance(msg, Error):
            with contextlib.suppress(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
        return msg, ws.close_code


def wrong(user: str) -> Hello:
    return Hello(protocol=1, user=user, password="not the password")


async def test_guesses_are_throttled_and_a_success_afterwards_resets(server) -> None:
    right = Hello(protocol=1, user="yj", password=server.users["yj"].password)
    for _ in range(5):
        msg, code = await first_answer(server.url, wrong("yj"))
        assert isinstance(msg, Error) and msg.code == ErrorCode.UNAUTHORIZED
    # The sixth hello is refused before its password is looked at, even the right one.
    msg, code = await first_answer(server.url, right)
    assert isinstance(msg, Error) and msg.code == ErrorCode.RATE_LIMITED, msg
    assert msg.retry_after == 1 and "try again in 1 s" in msg.message
    assert code == CLOSE_UNAUTHORIZED
    await server.coordinator.flush_audit()
    rows = await server.coordinator.store.audit_rows()
    hellos = [(r.actor, r.outcome) for r in reversed(rows) if r.what == "hello"]  # oldest first
    assert hellos == [("yj", "unauthorized")] * 5 + [("yj", "rate_limited")]
    # After the wait the right password works (waiting as told), and resets the streak.
    async with asyncio.timeout(10):
        while not isinstance(msg, Welcome):
            assert isinstance(msg, Error) and msg.code == ErrorCode.RATE_LIMITED, msg
            await asyncio.sleep(msg.retry_after or 0)
            msg, _ = await first_answer(server.url, right)
    for _ in range(4):
        msg, _ = await first_answer(server.url, wrong("yj"))
        assert isinstance(msg, Error) and msg.code == ErrorCode.UNAUTHORIZED


async def session_rows(store: Store) -> list[tuple[str, float]]:
    """(user, expires) of every stored session token."""
    t = schema.sessions
    async with store.connect() as conn:
        return [(r.user, r.expires) for r in await conn.execute(sa.select(t.c.user, t.c.expires))]


async def closed(client: WireClient) -> int | None:
    """Wait for the server to close the connection; its close code."""
    with pytest.raises(ConnectionClosed):
        await client.read_until(lambda m: False, within=10)
    return client.ws.close_code


async def test_logout_revokes_the_token_and_closes_normally(server) -> None:
    prov = await server.login("prov")
    assert prov.welcome is not None
    token = prov.welcome.session_token
    twin = await WireClient.login(server.url, token=token)  # another connection, same token
    await prov.send(Logout())
    assert await closed(prov) == CLOSE_NORMAL
    assert await closed(twin) == CLOSE_NORMAL
    msg, code = await first_answer(server.url, Hello(protocol=1, token=token))
    assert isinstance(msg, Error) and msg.code == ErrorCode.UNAUTHORIZED and code == 4001
    await server.coordinator.flush_audit()
    assert any(r.what == "logout" for r in await server.coordinator.store.audit_rows())
    assert await session_rows(server.srv.store) == []


async def test_the_console_link_signs_out(server) -> None:
    session = ClientSession("yj", password=server.users["yj"].password, client="test")
    link = Link(server.url, session)
    online = asyncio.Event()
    link.on_state = lambda state: online.set() if state.status == ONLINE else None
    task = asyncio.create_task(link.run())
    async with asyncio.timeout(10):
        await online.wait()
        token = session.token
        await link.logout()
        await task
    assert link.state.status == OFFLINE and not session.can_retry
    msg, _ = await first_answer(server.url, Hello(protocol=1, token=token))
    assert isinstance(msg, Error) and msg.code == ErrorCode.UNAUTHORIZED


async def test_passwd_ends_the_users_sessions_in_the_running_server(db_url: str) -> None:
    async with running_server(db_url) as server:
        ra = await server.login("ra")
        assert ra.welcome is not None
        token = ra.welcome.session_token
        prov = await server.login("prov")
        passwd = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "watchfloor", "user", "passwd", "ra", "--db",
            server.srv.settings.url, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=ROOT,
        )
        out, err = await asyncio.wait_for(passwd.communicate(b"a new secret 42\n"), 60)
        assert passwd.returncode == 0, err
        assert b"password of ra changed" in out
        assert await closed(ra) == CLOSE_UNAUTHORIZED  # the running server noticed
        for hello in (Hello(protocol=1, token=token),
                      Hello(protocol=1, user="ra", password=server.users["ra"].password)):
            msg, _ = await first_answer(server.url, hello)
            assert isinstance(msg, Error) and msg.code == ErrorCode.UNAUTHORIZED
        again = await WireClient.login(server.url, "ra", "a new secret 42")
        server.clients.append(again)
        assert again.welcome is not None
        assert isinstance(await prov.command("no.such.op"), Error)  # prov goes on
        assert not prov.ws.close_code


async def test_a_login_over_the_session_cap_ends_the_oldest(db_url: str) -> None:
    async with running_server(db_url, max_sessions_per_user=2) as server:
        first = await server.login("yj")
        assert first.welcome is not None
        oldest = first.welcome.session_token
        second = await server.login("yj")
        third = await server.login("yj")
        assert await closed(first) == CLOSE_UNAUTHORIZED
        msg, _ = await first_answer(server.url, Hello(protocol=1, token=oldest))
        assert isinstance(msg, Error) and msg.code == ErrorCode.UNAUTHORIZED
        assert [u for u, _ in await session_rows(server.srv.store) if u == "yj"] == ["yj"] * 2
        for client in (second, third):
            assert isinstance(await client.command("no.such.op"), Error)  # still answered
            assert client.ws.close_code is None


async def test_expired_sessions_are_purged_on_schedule_and_their_connections_closed(
    db_url: str,
) -> None:
    async with running_server(db_url, session_ttl=1.0, session_purge_interval=0.2) as server:
        users = server.srv.users
        purge, purged = users.purge_expired_sessions, asyncio.Event()

        async def observed_purge() -> int:
            n = await purge()
            purged.set()
            return n

        users.purge_expired_sessions = observed_purge  # type: ignore[method-assign]
        yj = await server.login("yj")
        assert await closed(yj) == CLOSE_UNAUTHORIZED  # its session expired after 1 s
        await users.add_session("f" * 64, "ra", ttl=-1.0)  # expired long ago
        async with asyncio.timeout(10):
            while any(user == "ra" for user, _ in await session_rows(server.srv.store)):
                purged.clear()
                await purged.wait()  # the next scheduled purge


async def test_a_login_that_verified_a_replaced_password_stores_no_session(db_url: str) -> None:
    """The window between checking a password and storing the token: a passwd (or disable)
    committed in it refuses the login instead of leaving it a token."""
    store = await Store.open(db_url)
    try:
        users = UserStore(store)
        await users.add("yj", role="county", jurisdiction="330324", password_hash="old")
        assert await users.set_password("yj", "new")
        assert await users.open_session("a" * 64, "yj", 60.0, password_hash="old") is None
        assert await users.open_session("b" * 64, "yj", 60.0, password_hash="new") == []
        assert await users.live_tokens(["a" * 64, "b" * 64]) == {"b" * 64}
    finally:
        await store.close()
