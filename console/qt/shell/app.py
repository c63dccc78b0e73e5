"""``watchfloor console``: the operations console.

    watchfloor console [--server ws://127.0.0.1:8765] [--user NAME] [--lang en|zh]
                       [--theme dark|light] [--screenshot PATH [--screenshot-after SECONDS]]

QApplication on a qasync event loop (the websocket link runs on the same thread as the
widgets). The password comes from the login dialog, or from ``WATCHFLOOR_PASSWORD`` for
scripted use. ``--screenshot`` renders the main window to a PNG once the picture is live (or
after ``--screenshot-after`` seconds, e.g. to show a stale cached picture) and exits.
Files (outbox, cache, settings) live in the user data directory, or ``WATCHFLOOR_DATA_DIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from console.net.cache import data_dir
from console.platform_libs import xcb_problem
from console.qt.live import LiveModel
from console.qt.shell.connection import Connection
from console.qt.shell.login import LoginDialog
from console.qt.shell.theme import apply_theme
from console.state import text

TRANSLATIONS = Path(__file__).resolve().parents[3] / "resources" / "translations"
SETTLE_MS = 600  # let the batching timers and the first repaint run before a screenshot


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="watchfloor console", description="Operations console")
    p.add_argument("--server", default=None, help="ws://host:port of the server")
    p.add_argument("--user", default=None)
    p.add_argument("--lang", choices=["en", "zh"], default=None,
                   help="interface language (default: setting, else the system locale)")
    p.add_argument("--theme", choices=["dark", "light"], default=None)
    p.add_argument("--screenshot", type=Path, default=None, help="write a PNG and exit")
    p.add_argument("--screenshot-after", type=float, default=None, metavar="SECONDS",
                   help="take the screenshot after this long even if the picture is not live")
    return p.parse_args(argv)


def settings() -> QSettings:
    return QSettings(str(data_dir() / "console.ini"), QSettings.Format.IniFormat)


def choose_language(requested: str | None, conf: QSettings) -> str:
    """'en' or 'zh': the requested one (remembered), else the setting, else the system locale."""
    if requested:
        conf.setValue("ui/lang", requested)
    return requested or str(conf.value("ui/lang", "")) or (
        "zh" if QLocale.system().name().startswith("zh") else "en")


def install_language(app: QApplication, lang: str) -> list[QTranslator]:
    """Set the label language and install the Qt translators for it (returned, to remove)."""
    text.set_language(lang)
    installed: list[QTranslator] = []
    if text.language() == "zh":
        for directory, name in (
            (str(TRANSLATIONS), "watchfloor_zh_CN"),
            (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN"),
        ):
            translator = QTranslator(app)
            if translator.load(name, directory):
                app.installTranslator(translator)
                installed.append(translator)
    return installed


async def ask_login(conf: QSettings, server: str | None, user: str | None
                    ) -> tuple[str, str, str] | None:
    dialog = LoginDialog(conf, server, user)
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def on_finished(code: int) -> None:
        if not done.done():
            done.set_result(code)

    dialog.finished.connect(on_finished)
    dialog.open()
    code = await done
    return dialog.credentials() if code == LoginDialog.DialogCode.Accepted else None


async def run(app: QApplication, args: argparse.Namespace) -> int:
    from console.qt.shell.main_window import MainWindow  # heavy (map, charts): only once logged in

    conf = settings()
    apply_theme(app, args.theme or str(conf.value("ui/theme", "dark")))
    if args.theme:
        conf.setValue("ui/theme", args.theme)
    install_language(app, choose_language(args.lang, conf))
    password = os.environ.get("WATCHFLOOR_PASSWORD")
    server = args.server or str(conf.value("login/server", "ws://127.0.0.1:8765"))
    user = args.user or str(conf.value("login/user", ""))
    if not password or not user:
        creds = await ask_login(conf, args.server, args.user)
        if creds is None:
            return 1
        server, user, password = creds
    live = LiveModel()
    connection = Connection(live, server, user, password)
    window = MainWindow(live, connection, conf)
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Python runs this at its next bytecode (the 1 s clock tick at the latest); then
        # the console saves its layout and picture and closes its link like a user close.
        signal.signal(signum, lambda *_: loop.call_soon_threadsafe(closed.set))
    loop = asyncio.get_running_loop()
    exit_code = 0

    def shoot() -> None:
        nonlocal exit_code
        live.flush()
        window.map.fit_jurisdiction()
        window.map.redraw()
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        exit_code = 0 if window.grab().save(str(args.screenshot)) else 1
        closed.set()

    if args.screenshot is not None:
        connection.live_ready.connect(lambda: QTimer.singleShot(SETTLE_MS, shoot))
        if args.screenshot_after is not None:
            QTimer.singleShot(int(args.screenshot_after * 1000), shoot)
    connection.live_ready.connect(window.map.fit_jurisdiction)
    connection.start()
    window.show()
    await closed.wait()
    window.save_layout()
    await connection.stop()
    window.close()
    return exit_code


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    problem = "" if QApplication.instance() else xcb_problem()
    if problem:  # instead of Qt's abort, which names no library and no package
        print(problem, file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Watchfloor")
    app.setOrganizationName("Watchfloor")
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(run(app, args))
    finally:
        loop.close()
        asyncio.set_event_loop(None)
