"""Logins through real clients: throttled guessing, logout, password change, the session cap
and the pruning of expired sessions."""

from __future__ import annotations

import asyncio

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol.codec import decode_server, encode_str
from protocol.errors import CLOSE_UNAUTHORIZED, ErrorCode
from protocol.messages import Error, Hello, ServerMessage, Welcome


async def first_answer(url: str, hello: Hello) -> tuple[ServerMessage, int | None]:
    """Send a hello; the first frame answered and, for a refusal, the close code."""
    async with connect(url, max_size=None) as ws:
        await ws.send(encode_str(hello))
        msg = decode_server(await asyncio.wait_for(ws.recv(), 10))
        if isinstance(msg, Error):
            try:
                await asyncio.wait_for(ws.recv(), 10)
            except ConnectionClosed:
                pass
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
