"""No password or session token reaches a log, at any level. websockets logs every frame at
DEBUG, and the hello frame carries the password (or the token), the welcome a new token; at
``--log-level DEBUG`` they used to be written to the server log, and the client's too.
websockets shows only the start and end of a long frame (WEBSOCKETS_MAX_LOG_SIZE, 75
characters by default), so a short hello showed its password whole; the test raises that size
so that every secret anywhere in a frame would show."""

from __future__ import annotations

import asyncio
import logging

import pytest
from websockets.frames import Frame

from console.net.link import ONLINE, RECONNECTING, Link
from protocol.session import ClientSession
from tests.fixtures.client import WireClient


async def test_password_and_token_logins_log_no_secret(
    server, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Frame, "MAX_LOG_SIZE", 1 << 20)
    caplog.set_level(logging.DEBUG)
    prov = await server.login("prov")  # a password login
    assert prov.welcome is not None
    token = prov.welcome.session_token
    again = await WireClient.login(server.url, token=token)  # a token login
    server.clients.append(again)
    # The console's link, password then token (after a dropped connection).
    session = ClientSession("yj", password=server.users["yj"].password, client="test")
    link = Link(server.url, session, backoff_base=0.01)
    states: asyncio.Queue[str] = asyncio.Queue()
    link.on_state = lambda state: states.put_nowait(state.status)

    async def until(status: str) -> None:
        while await states.get() != status:
            pass

    task = asyncio.create_task(link.run())
    try:
        async with asyncio.timeout(10):
            await until(ONLINE)
            link_token = session.token
            await link.drop()
            await until(RECONNECTING)
            await until(ONLINE)
    finally:
        await link.close()
        await task
    assert link_token
    secrets = {"prov-pass": server.users["prov"].password, "yj-pass": server.users["yj"].password,
               "prov's token": token, "yj's token": link_token}
    lines = [(r.name, caplog.handler.format(r)) for r in caplog.records]
    frame_lines = [text for name, text in lines if name.startswith("websockets") and "TEXT" in text]
    assert frame_lines, "websockets logged no frame at DEBUG: the test would prove nothing"
    for name, text in lines:
        for what, secret in secrets.items():
            assert secret not in text, f"{what} in a {name} log record: {text}"
