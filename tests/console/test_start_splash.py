"""The start-up splash (issue 10 item 19): on screen from sign-in, naming each step, closed
once the window shows the live picture, or the stale one when the server is out of reach."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from console.qt.live import LiveModel
from console.qt.shell.app import open_window
from console.qt.shell.connection import Connection
from console.qt.shell.login import SignedIn
from console.qt.shell.splash import StartSplash
from tests.console.conftest import until


async def _open(url: str, user: str, password: str, base: Path
                ) -> tuple[StartSplash, Any, Connection, list[tuple[str, bool]]]:
    live = LiveModel(interval_ms=20)
    connection = Connection(live, url, user, password, data_base=base)
    splash = StartSplash()
    seen: list[tuple[str, bool]] = []  # (step, splash on screen then)
    splash.stepped.connect(lambda what: seen.append((what, splash.isVisible())))
    settings = QSettings(str(base / "console.ini"), QSettings.Format.IniFormat)
    window = await open_window(SignedIn(live, connection), settings, splash)
    window.resize(1600, 1000)
    window.show()
    splash.follow(live, connection)
    connection.start()
    return splash, window, connection, seen


async def _close(splash: StartSplash, window: Any, connection: Connection) -> None:
    await connection.stop()
    splash.finish()
    splash.deleteLater()
    window.close()
    window.deleteLater()


async def test_the_splash_names_each_step_and_closes_once_live(server: Any, tmp_path: Path
                                                               ) -> None:
    user = server.users["prov"]
    splash, window, connection, seen = await _open(server.url, "prov", user.password,
                                                   tmp_path / "prov")
    try:
        assert seen[:2] == [("Loading the map boundaries…", True),
                            ("Building the window…", True)]
        assert window.map.boundaries.regions  # the worker thread's boundaries reached the map
        await until(lambda: splash.finished, splash.done, connection.live_ready)
        assert connection.link.live and not splash.isVisible() and window.isVisible()
        counted = [what for what, _on in seen if what.startswith("Receiving the picture…")]
        assert counted and counted[-1] != "Receiving the picture… 0 entities", seen
        assert all(on for _what, on in seen), seen
    finally:
        await _close(splash, window, connection)


async def test_offline_the_splash_gives_way_to_the_stale_window(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"ws://127.0.0.1:{s.getsockname()[1]}"
    splash, window, connection, _seen = await _open(dead, "yj", "x", tmp_path / "yj")
    try:
        await until(lambda: splash.finished, splash.done, connection.state_changed)
        assert not connection.link.live and not splash.isVisible() and window.isVisible()
    finally:
        await _close(splash, window, connection)


async def test_a_link_that_failed_while_the_window_was_built_closes_the_splash_at_once(
        tmp_path: Path) -> None:
    from console.net.link import RECONNECTING

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"ws://127.0.0.1:{s.getsockname()[1]}"
    live = LiveModel(interval_ms=20)
    connection = Connection(live, dead, "yj", "x", data_base=tmp_path / "yj")
    splash = StartSplash()
    settings = QSettings(str(tmp_path / "console.ini"), QSettings.Format.IniFormat)
    connection.start()  # as after sign-in: the link runs while the window is built
    window = await open_window(SignedIn(live, connection), settings, splash)
    try:
        await until(lambda: connection.state.status == RECONNECTING
                    and connection.state.retry_in is not None, connection.state_changed)
        window.show()
        assert splash.isVisible()
        splash.follow(live, connection)
        assert splash.finished and not splash.isVisible()
    finally:
        await _close(splash, window, connection)
