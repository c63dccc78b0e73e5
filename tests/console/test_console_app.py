"""The console as a program: ``watchfloor console --screenshot`` end to end, the login dialog,
refused credentials, and the dock layout restored from the settings."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from console.net.link import OFFLINE
from console.qt.shell.login import LoginDialog
from tests.console.conftest import SCREENSHOTS

ROOT = Path(__file__).resolve().parents[2]


async def test_screenshot_mode_renders_the_live_picture_and_exits(
    server: Any, tmp_path: Path
) -> None:
    prov = await server.login("prov")
    await prov.ok("incident.create", {"type_code": "11D01", "title": "截图测试", "lon": 120.69,
                                      "lat": 28.2, "grade": "I"})
    shot = tmp_path / "console.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WATCHFLOOR_PASSWORD": "wz-pass",
           "WATCHFLOOR_DATA_DIR": str(tmp_path / "data")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "watchfloor", "console", "--server", server.url, "--user", "wz",
        "--screenshot", str(shot), "--lang", "en", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()[-2000:]
    image = QImage(str(shot))
    assert image.width() >= 1280 and image.height() >= 720
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / "city-cli.png"))
    # The settings remember server and user, never the password.
    ini = (tmp_path / "data" / "console.ini").read_text()
    assert "wz-pass" not in ini


def test_login_dialog_remembers_server_and_user_not_password(qtbot: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat)
    dialog = LoginDialog(settings, None, None)
    qtbot.addWidget(dialog)
    dialog.server.setText("ws://127.0.0.1:9999")
    dialog.user.setText("hz")
    dialog.password.setText("secret")
    with qtbot.waitSignal(dialog.attempted):
        dialog._accept()
    assert dialog.credentials() == ("ws://127.0.0.1:9999", "hz", "secret")
    settings.sync()
    again = LoginDialog(QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat),
                        None, None)
    qtbot.addWidget(again)
    assert (again.server.text(), again.user.text(), again.password.text()) == (
        "ws://127.0.0.1:9999", "hz", "")
    assert "secret" not in (tmp_path / "c.ini").read_text()


async def test_refused_password_stops_trying(server: Any, console_factory: Any) -> None:
    c = await console_factory(server.url, "yj", "wrong", wait_live=False)
    await c.until(lambda: c.connection.state.status == OFFLINE)
    assert c.live.principal is None
    assert c.window.link_status.text().startswith("offline since")
    assert c.window.link_status.text().endswith(f"{server.url} — sign-in refused")


async def test_layout_is_restored(server: Any, console_factory: Any, tmp_path: Path) -> None:
    data = tmp_path / "layout"
    a = await console_factory(server.url, "prov", "prov-pass", data=data)
    a.window.docks["teams"].raise_()
    a.window.docks["dashboards"].setFloating(True)
    a.window.docks["support"].hide()
    await a.close()  # closing saves the layout
    b = await console_factory(server.url, "prov", "prov-pass", data=data)
    assert b.window.docks["dashboards"].isFloating()
    assert not b.window.docks["support"].isVisibleTo(b.window)
    assert b.window.docks["incidents"].isVisibleTo(b.window)


async def test_light_theme_and_shortcut_list(server: Any, console_factory: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from console.qt.shell.theme import apply_theme

    app = QApplication.instance()
    apply_theme(app, "light")  # type: ignore[arg-type]
    try:
        c = await console_factory(server.url, "wz", "wz-pass")
        html = c.window.shortcuts_html()
        for key in ("Ctrl+N", "Ctrl+D", "F9", "Ctrl+K", "F7", "F8", "Ctrl+M"):
            assert key in html
        # Every shortcut is used once.
        keys = [f.action.shortcut().toString() for f in c.workflows.flows.values()
                if not f.action.shortcut().isEmpty()]
        assert len(keys) == len(set(keys))
        assert all(k in html for k in keys) and html.count("<tr>") == (len(keys) + 1) // 2
        c.window.show_shortcuts()
        box = c.window.findChild(QDialog, "shortcuts")
        assert box.sizeHint().height() < 1000  # fits a 1080-pixel screen
        box.grab().save(str(SCREENSHOTS / "shortcuts.png"))
        box.close()
        path = c.screenshot("city-light")
        # The map follows the theme: light ground, dark lines and legend text.
        shot = c.window.map.plot.grab().toImage()
        assert shot.pixelColor(3, shot.height() // 2).lightness() > 180  # outside the land
        assert QImage(str(path)).width() > 0
        assert c.window.map.legend.palette_.text == "#13283d"
        dashboard = c.window.dashboard.losses.plot_widget.grab().toImage()
        assert dashboard.pixelColor(2, 2).lightness() > 240  # dashboards too
    finally:
        apply_theme(app, "dark")  # type: ignore[arg-type]


async def test_screenshot_after_seconds_when_the_server_is_unreachable(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"ws://127.0.0.1:{s.getsockname()[1]}"
    shot = tmp_path / "offline.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WATCHFLOOR_PASSWORD": "x",
           "WATCHFLOOR_DATA_DIR": str(tmp_path / "data")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "watchfloor", "console", "--server", dead, "--user", "yj",
        "--screenshot", str(shot), "--screenshot-after", "1", "--lang", "zh", cwd=ROOT,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert not QImage(str(shot)).isNull()
