"""Signing in and out against a real server: each refusal in its own words, in a dialog that
stays open to try again; File → Sign out ends the session on the server."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from console.net import link as net
from console.net.link import OFFLINE, ONLINE, RECONNECTING, LinkState
from console.qt.shell.login import LoginDialog, SignedIn, sign_in, sign_in_problem
from console.qt.shell.top_strip import link_text
from protocol.messages import PROTOCOL_VERSION, Error, Hello
from tests.console.conftest import SCREENSHOTS, until
from tests.fixtures.client import WireClient


def _dialog(tmp_path: Path, url: str, user: str) -> LoginDialog:
    settings = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    return LoginDialog(settings, url, user)


def _try(qtbot: Any, dialog: LoginDialog, password: str) -> None:
    dialog.password.setText(password)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


async def _problem(dialog: LoginDialog, *, containing: str = "") -> str:
    """Wait until an attempt has failed and the dialog says why (``containing`` that)."""
    await until(lambda: dialog.buttons.isEnabled() and dialog.problem.isVisible()
                and containing in dialog.problem.text(), dialog.problem_shown)
    return dialog.problem.text()


async def _started(dialog: LoginDialog) -> asyncio.Future[SignedIn | None]:
    task = asyncio.ensure_future(sign_in(dialog.settings, None, None,
                                         Path(dialog.settings.fileName()).parent, dialog=dialog))
    await asyncio.sleep(0)  # the task's first step opens the dialog
    assert dialog.isVisible()
    return task


async def _close(signed_in: SignedIn | None) -> None:
    if signed_in is not None:
        await signed_in.connection.stop()


async def test_wrong_password_is_said_and_the_dialog_stays_open(
    server: Any, qtbot: Any, tmp_path: Path
) -> None:
    dialog = _dialog(tmp_path, server.url, "yj")
    qtbot.addWidget(dialog)
    task = await _started(dialog)
    signed_in = None
    try:
        _try(qtbot, dialog, "wrong")
        assert await _problem(dialog) == "Wrong user name or password."
        assert dialog.isVisible() and not task.done()
        assert not dialog.offline_button.isVisible()  # offline work needs a reachable account
        dialog.resize(520, dialog.sizeHint().height())
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / "sign-in-wrong-password.png"))
        _try(qtbot, dialog, "yj-pass")
        signed_in = await asyncio.wait_for(task, 10)
        assert signed_in is not None
        assert signed_in.connection.state.status == ONLINE
        assert signed_in.live.principal is not None and signed_in.live.principal.id == "yj"
        assert not dialog.isVisible()
    finally:
        if not task.done():
            dialog.reject()
            signed_in = await task
        await _close(signed_in)


async def test_throttled_sign_in_says_how_long_to_wait(
    server: Any, qtbot: Any, tmp_path: Path
) -> None:
    dialog = _dialog(tmp_path, server.url, "ra")
    qtbot.addWidget(dialog)
    task = await _started(dialog)
    try:
        for _ in range(5):  # the free failures of one name from one address
            _try(qtbot, dialog, "wrong")
            assert await _problem(dialog) == "Wrong user name or password."
        _try(qtbot, dialog, "wrong")
        said = await _problem(dialog, containing="Try again")
        assert said == "Too many failed sign-ins for this user. Try again in 1 s."
        assert dialog.isVisible()
    finally:
        dialog.reject()
        await _close(await task)


async def test_no_server_names_the_address_and_offers_offline_work(
    qtbot: Any, tmp_path: Path
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"ws://127.0.0.1:{s.getsockname()[1]}"
    dialog = _dialog(tmp_path, dead, "yj")
    qtbot.addWidget(dialog)
    task = await _started(dialog)
    try:
        _try(qtbot, dialog, "yj-pass")
        said = await _problem(dialog)
        assert said == f"No Watchfloor server answers at {dead} (connection refused)."
        assert dialog.offline_button.isVisible()
    finally:
        dialog.reject()
        await _close(await task)


def _state(failure: str, detail: str = "", status: str = OFFLINE,
           retry_in: float | None = None) -> LinkState:
    now = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
    return LinkState(status, now, now, 1, retry_in, detail, "wss://wf.example:8765", failure)


@pytest.mark.parametrize(("state", "said"), [
    (_state("unauthorized", "wrong user name or password"), "Wrong user name or password."),
    (_state("unauthorized", "user 'wz' is disabled"),
     "This account is disabled. Ask the system administrator to enable it."),
    (_state("rate_limited", "too many failed logins", RECONNECTING, 30.0),
     "Too many failed sign-ins for this user. Try again in 30 s."),
    (_state("unsupported_version"), "The server at wss://wf.example:8765 speaks another "
     "protocol version: this console needs updating."),
    (_state(net.UNKNOWN_HOST, "[Errno -2] Name or service not known", RECONNECTING, 1.0),
     "Unknown server: the name wf.example cannot be found."),
    (_state(net.TLS, "certificate verify failed", RECONNECTING, 1.0),
     "The secure connection to wss://wf.example:8765 was refused: certificate verify failed"),
    (_state(net.REFUSED, "[Errno 111]", RECONNECTING, 1.0),
     "No Watchfloor server answers at wss://wf.example:8765 (connection refused)."),
])
def test_each_refusal_has_its_own_words(state: LinkState, said: str) -> None:
    assert sign_in_problem(state) == said


def test_the_link_state_names_the_address_and_the_last_error() -> None:
    said = link_text(_state(net.REFUSED, "[Errno 111]", RECONNECTING, 1.0))
    assert said == ("reconnecting to wss://wf.example:8765 (offline since 12:00:00) — "
                    "connection refused")
    assert link_text(_state("", status=ONLINE)) == "online · wss://wf.example:8765"


async def test_sign_out_revokes_the_session(server: Any, console_factory: Any) -> None:
    c = await console_factory(server.url, "wz", "wz-pass")
    token = c.connection.session.token
    assert token
    asked: list[bool] = []
    c.window.sign_out_requested.connect(lambda: asked.append(True))
    menu = c.window.menuBar().actions()[0]
    assert menu.text() == "&File"
    names = [a.objectName() for a in menu.menu().actions() if a.objectName()]
    assert names[-3:] == ["file_sign_out", "file_switch_user", "file_quit"]  # after Export
    next(a for a in menu.menu().actions() if a.objectName() == "file_sign_out").trigger()
    assert asked == [True]
    await c.connection.sign_out()
    await until(lambda: c.connection.state.status == OFFLINE, c.connection.state_changed)
    assert c.connection.session.token is None
    client = await WireClient.open(server.url)
    try:
        await client.send(Hello(protocol=PROTOCOL_VERSION, token=token))
        refused = await client.recv()
        assert isinstance(refused, Error) and refused.code.value == "unauthorized"
    finally:
        await client.close()
