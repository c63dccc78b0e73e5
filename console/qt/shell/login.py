"""Signing in: the dialog (server, user, password) and the attempt it stays open through.

Server and user are remembered (QSettings); the password never is. :func:`sign_in` keeps the
dialog open until the server has let the user in (the picture is live), saying in plain words
why each refused attempt failed: wrong password, disabled account, too many tries (and how long
to wait), no server at that address, a refused secure connection, another protocol version.
When the server cannot be reached the dialog also offers to work offline on the cached picture.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from console.net import link as net
from console.net.link import OFFLINE, ONLINE, RECONNECTING, LinkState
from console.qt.live import LiveModel
from console.qt.shell.connection import Connection
from protocol.errors import ErrorCode

translate = QCoreApplication.translate
DEFAULT_SERVER = "ws://127.0.0.1:8765"
_UNREACHABLE = {net.BAD_ADDRESS, net.UNKNOWN_HOST, net.REFUSED, net.TLS, net.TIMEOUT,
                net.HANDSHAKE, net.NETWORK}


def unreachable(state: LinkState) -> bool:
    """The attempt failed before any server could judge the credentials."""
    return state.failure in _UNREACHABLE


def sign_in_problem(state: LinkState) -> str:
    """What to tell a person whose sign-in ended in ``state``; empty when it did not fail."""
    host = urlsplit(state.url).hostname or state.url
    f = state.failure
    if f == ErrorCode.UNAUTHORIZED.value:
        if "disabled" in state.detail:
            return translate(
                "SignIn", "This account is disabled. Ask the system administrator to enable it.")
        return translate("SignIn", "Wrong user name or password.")
    if f == ErrorCode.RATE_LIMITED.value:
        return translate(
            "SignIn", "Too many failed sign-ins for this user. Try again in {n} s."
        ).format(n=math.ceil(state.retry_in or 0))
    if f == ErrorCode.UNSUPPORTED_VERSION.value:
        return translate(
            "SignIn",
            "The server at {url} speaks another protocol version: this console needs updating.",
        ).format(url=state.url)
    messages = {
        net.BAD_ADDRESS: translate(
            "SignIn", "“{url}” is not a server address: write ws://host:port or wss://host:port."),
        net.UNKNOWN_HOST: translate("SignIn", "Unknown server: the name {host} cannot be found."),
        net.REFUSED: translate(
            "SignIn", "No Watchfloor server answers at {url} (connection refused)."),
        net.TLS: translate("SignIn", "The secure connection to {url} was refused: {detail}"),
        net.TIMEOUT: translate("SignIn", "No answer from {url} in time."),
        net.HANDSHAKE: translate(
            "SignIn", "{url} answered, but it is not a Watchfloor server: {detail}"),
        net.NETWORK: translate("SignIn", "Cannot reach {url}: {detail}"),
    }
    if f in messages:
        return messages[f].format(url=state.url, host=host, detail=state.detail)
    if f:
        return translate("SignIn", "The server refused the sign-in: {detail}").format(
            detail=state.detail)
    return ""


class LoginDialog(QDialog):
    """Sign in emits :attr:`attempted` and the dialog stays open; :func:`sign_in` closes it
    once the server has let the user in. Cancel rejects it."""

    attempted = Signal()
    problem_shown = Signal(str)  # an attempt failed: the words shown

    def __init__(self, settings: QSettings, server: str | None, user: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.offline = False  # "Work offline" was chosen
        self.setWindowTitle(self.tr("Watchfloor — sign in"))
        self.setObjectName("login_dialog")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Zhejiang emergency command platform"), self))
        self.server = QLineEdit(server or str(settings.value("login/server", DEFAULT_SERVER)),
                                self)
        self.user = QLineEdit(user or str(settings.value("login/user", "")), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Server"), self.server)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        self.problem = QLabel(self)
        self.problem.setObjectName("sign_in_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#d93025; font-weight:bold;")
        self.problem.hide()
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        self.offline_button = QPushButton(self.tr("Work offline"), self)
        self.offline_button.setToolTip(self.tr(
            "Open the cached picture; commands wait in the outbox until the server answers"))
        self.buttons.addButton(self.offline_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.offline_button.hide()
        self.offline_button.clicked.connect(self._work_offline)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        (self.password if self.user.text() else self.user).setFocus()

    def _accept(self) -> None:
        if not self.server.text().strip() or not self.user.text().strip():
            return
        self.settings.setValue("login/server", self.server.text().strip())
        self.settings.setValue("login/user", self.user.text().strip())
        self.set_busy(True)
        self.attempted.emit()

    def _work_offline(self) -> None:
        self.offline = True
        self._accept()

    def credentials(self) -> tuple[str, str, str]:
        return self.server.text().strip(), self.user.text().strip(), self.password.text()

    def set_busy(self, busy: bool) -> None:
        """While an attempt runs: fields and buttons off, and say so."""
        for widget in (self.server, self.user, self.password, self.buttons):
            widget.setEnabled(not busy)
        if busy:
            self.problem.setStyleSheet("font-weight:bold;")
            self.problem.setText(self.tr("Signing in to {url}…").format(url=self.server.text()))
            self.problem.show()

    def show_problem(self, message: str, offer_offline: bool) -> None:
        self.set_busy(False)
        self.problem.setStyleSheet("color:#d93025; font-weight:bold;")
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        self.offline_button.setVisible(offer_offline)
        self.adjustSize()  # a wrapped message needs the height; the dialog grows to show it
        self.password.selectAll()
        self.password.setFocus()
        self.problem_shown.emit(message)


@dataclass
class SignedIn:
    live: LiveModel
    connection: Connection


async def _answer(dialog: LoginDialog) -> bool:
    """Wait for Sign in (True) or Cancel (False)."""
    done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def answer(signed_in: bool) -> None:
        if not done.done():
            done.set_result(signed_in)

    def on_attempted() -> None:
        answer(True)

    def on_finished(_code: int) -> None:
        answer(False)

    dialog.attempted.connect(on_attempted)
    dialog.finished.connect(on_finished)
    try:
        return await done
    finally:
        dialog.attempted.disconnect(on_attempted)
        dialog.finished.disconnect(on_finished)


async def first_outcome(connection: Connection) -> LinkState:
    """The link state that decides a sign-in: ONLINE, or the first failed attempt."""
    decided: asyncio.Future[LinkState] = asyncio.get_running_loop().create_future()

    def on_state(state: LinkState) -> None:
        failed = state.status == OFFLINE or (state.status == RECONNECTING
                                             and state.retry_in is not None)
        if not decided.done() and (state.status == ONLINE or failed):
            decided.set_result(state)

    connection.state_changed.connect(on_state)
    try:
        return await decided
    finally:
        connection.state_changed.disconnect(on_state)


async def sign_in(settings: QSettings, server: str | None, user: str | None,
                  data_base: Path | None = None, dialog: LoginDialog | None = None
                  ) -> SignedIn | None:
    """Show the sign-in dialog until the server lets the user in (or the user works offline
    or cancels: None). Each refused attempt's connection is stopped before the next. A dialog
    passed in stays the caller's; one made here is deleted at the end."""
    own = dialog is None
    dialog = dialog or LoginDialog(settings, server, user)
    dialog.open()
    try:
        while dialog.isVisible() and await _answer(dialog):
            url, name, password = dialog.credentials()
            live = LiveModel()
            connection = Connection(live, url, name, password, data_base)
            connection.start()
            if dialog.offline:
                return SignedIn(live, connection)
            state = await first_outcome(connection)
            if state.status == ONLINE:
                return SignedIn(live, connection)
            await connection.stop()
            connection.deleteLater()
            live.deleteLater()
            dialog.show_problem(sign_in_problem(state), unreachable(state))
            dialog.offline = False
        return None
    finally:
        dialog.hide()
        if own:
            dialog.deleteLater()
