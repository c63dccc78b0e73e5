"""The handshake through real websocket clients: login, refusals, timeouts, Origin, tokens."""

from __future__ import annotations

import asyncio
import shutil
import ssl

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from protocol.codec import decode_server, encode_str
from protocol.errors import (
    CLOSE_HANDSHAKE_TIMEOUT,
    CLOSE_UNAUTHORIZED,
    CLOSE_UNSUPPORTED_VERSION,
    ErrorCode,
)
from protocol.messages import Error, Hello, Snapshot, Welcome
from server.app import run_server
from tests.conftest import TEST_SETTINGS
from tests.fixtures.client import WireClient


async def refusal(url: str, first: str) -> tuple[Error | None, int | None]:
    """Send one frame; return the error frame received and the close code."""
    async with connect(url) as ws:
        await ws.send(first)
        err = None
        try:
            msg = decode_server(await asyncio.wait_for(ws.recv(), 5))
            assert isinstance(msg, Error)
            err = msg
            await asyncio.wait_for(ws.recv(), 5)
        except ConnectionClosed:
            pass
        return err, ws.close_code


async def test_good_login_gets_welcome_then_final_snapshot(server) -> None:
    yj = await server.login("yj")
    w = yj.welcome
    assert w is not None
    assert (w.principal.id, w.principal.role.value, w.principal.jurisdiction) == (
        "yj",
        "county",
        "330324",
    )
    assert w.server_id == server.server_id and w.current_seq == server.coordinator.state.seq
    assert w.session_token and not w.resumed
    assert isinstance(yj.received[0], Welcome) and isinstance(yj.received[-1], Snapshot)
    assert yj.replica.seq == w.current_seq
    # County scope: its own team is in the picture, the city's PLA team is not.
    assert yj.replica.get("team", server.teams["yj_flood"]) is not None
    assert yj.replica.get("team", server.teams["pla"]) is None


async def test_wrong_password_is_refused_with_unauthorized(server) -> None:
    hello = encode_str(Hello(protocol=1, user="yj", password="nope"))
    err, code = await refusal(server.url, hello)
    assert err is not None and err.code == ErrorCode.UNAUTHORIZED
    assert code == CLOSE_UNAUTHORIZED
    err, code = await refusal(server.url, encode_str(Hello(protocol=1, user="ghost", password="x")))
    assert err is not None and err.code == ErrorCode.UNAUTHORIZED and code == CLOSE_UNAUTHORIZED


async def test_unsupported_version_is_refused(server) -> None:
    hello = encode_str(Hello(protocol=99, user="yj", password="yj-pass"))
    err, code = await refusal(server.url, hello)
    assert err is not None and err.code == ErrorCode.UNSUPPORTED_VERSION
    assert code == CLOSE_UNSUPPORTED_VERSION


@pytest.mark.parametrize(
    "frame",
    ['{"type": "command", "id": "x", "op": "incident.create", "args": {}}', "not json", "[1,2]"],
)
async def test_first_frame_must_be_a_valid_hello(server, frame: str) -> None:
    err, code = await refusal(server.url, frame)
    assert err is not None and err.code == ErrorCode.BAD_REQUEST
    assert code == CLOSE_UNAUTHORIZED


async def test_no_hello_in_time_closes(server) -> None:
    async with connect(server.url) as ws:
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), server.srv.settings.hello_timeout + 5)
        assert ws.close_code == CLOSE_HANDSHAKE_TIMEOUT


async def test_token_login_and_revocation(server) -> None:
    first = await server.login("ra")
    assert first.welcome is not None
    token = first.welcome.session_token
    again = await WireClient.login(server.url, token=token)
    server.clients.append(again)
    assert again.welcome is not None and again.welcome.principal.id == "ra"
    err, code = await refusal(server.url, encode_str(Hello(protocol=1, token="forged")))
    assert err is not None and err.code == ErrorCode.UNAUTHORIZED and code == CLOSE_UNAUTHORIZED


async def test_origin_header_is_refused_before_upgrade(server) -> None:
    with pytest.raises(InvalidStatus) as info:
        async with connect(server.url, origin="http://evil.example"):  # type: ignore[arg-type]
            pass
    assert info.value.response.status_code == 403
    assert server.srv.services.refused_origin == 1
    yj = await server.login("yj")  # the server carries on
    assert yj.welcome is not None


async def test_tls_when_given_a_certificate(tmp_path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate to test TLS with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    proc = await asyncio.create_subprocess_exec(
        openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", str(key), "-out", str(cert),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    assert await asyncio.wait_for(proc.wait(), 60) == 0
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    url = f"sqlite+aiosqlite:///{tmp_path / 'tls.db'}"
    async with run_server(url, settings=TEST_SETTINGS, ssl=server_ctx) as srv:
        await srv.add_user("duty", "duty-pass", role="province", jurisdiction="330000",
                           cheap_hash=True)
        assert srv.url.startswith("wss://")
        async with connect(srv.url, ssl=client_ctx) as ws:
            await ws.send(encode_str(Hello(protocol=1, user="duty", password="duty-pass")))
            assert isinstance(decode_server(await ws.recv()), Welcome)
