"""A hello whose user name no account can have (a NUL, or longer than the storage keeps) is
an ordinary refusal: an ``error`` frame, the documented close code, an audit row. On
PostgreSQL the NUL used to reach the user lookup, which raised: the connection died with 1011
(internal error), without an error frame, and nothing was audited."""

from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from protocol.codec import decode_server, encode_str
from protocol.errors import CLOSE_UNAUTHORIZED, ErrorCode
from protocol.messages import PROTOCOL_VERSION, Error, Hello
from tests.conftest import running_server


@pytest.mark.parametrize("user", ["a\x00b", "u" * 300])
async def test_an_impossible_user_name_is_refused_like_a_wrong_one(db_url: str, user: str
                                                                   ) -> None:
    async with running_server(db_url) as server:
        async with connect(server.url) as ws:
            await ws.send(encode_str(Hello(protocol=PROTOCOL_VERSION, user=user, password="x")))
            answer = decode_server(await asyncio.wait_for(ws.recv(), 5))
            assert isinstance(answer, Error) and answer.code == ErrorCode.UNAUTHORIZED, answer
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 5)
            assert ws.close_code == CLOSE_UNAUTHORIZED
        await server.coordinator.flush_audit()
        rows = await server.coordinator.store.audit_rows()
        assert [(r.what, r.outcome) for r in rows if r.what == "hello"] == [
            ("hello", ErrorCode.UNAUTHORIZED.value)]
        prov = await server.login("prov")  # and the server carries on
        assert prov.welcome is not None
