"""``watchfloor console``: the operations console.

    watchfloor console [--server ws://127.0.0.1:8765] [--user NAME] [--lang en|zh]
                       [--theme dark|light] [--encoding json|msgpack]
                       [--screenshot PATH [--screenshot-after SECONDS]]

QApplication on a qasync event loop (the websocket link runs on the same thread as the
widgets). The password comes from the login dialog, or from ``WATCHFLOOR_PASSWORD`` for
scripted use. ``--screenshot`` renders the main window to a PNG once the picture is live (or
after ``--screenshot-after`` seconds, e.g. to show a stale cached picture) and exits.
``--encoding msgpack`` (or ``WATCHFLOOR_ENCODING=msgpack``) asks the server for MessagePack
frames, smaller on a satellite or congested link (docs/protocol.md, Encodings).
Files (outbox, cache, settings) live in the user data directory, or ``WATCHFLOOR_DATA_DIR``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import qasync
from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from console.net.cache import data_dir
from console.net.link import ENCODING_ENV
from console.platform_libs import xcb_problem
from console.qt.live import LiveModel
from console.qt.shell import demo_shots
from console.qt.shell.connection import Connection
from console.qt.shell.login import DEFAULT_SERVER, LoginDialog, SignedIn, sign_in
from console.qt.shell.splash import StartSplash
from console.qt.shell.theme import apply_theme
from console.state import text
from console.state.boundaries import load_boundaries
from console.state.i18n import translate
from protocol.encodings import Encoding
from protocol.replica import Changes

if TYPE_CHECKING:
    from console.qt.shell.main_window import MainWindow

TRANSLATIONS = Path(__file__).resolve().parents[3] / "resources" / "translations"
SETTLE_MS = 600  # let the batching timers and the first repaint run before a screenshot
SCREENSHOT_SIZE = (1920, 1080)
QUIT, SIGN_OUT, SWITCH_USER = "quit", "sign out", "switch user"  # how a session window ends


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="watchfloor console", description="Operations console")
    p.add_argument("--server", default=None, help="ws://host:port of the server")
    p.add_argument("--user", default=None)
    p.add_argument("--lang", choices=["en", "zh"], default=None,
                   help="interface language (default: setting, else the system locale)")
    p.add_argument("--theme", choices=["dark", "light"], default=None)
    p.add_argument("--encoding", choices=[e.value for e in Encoding], default=None,
                   help="frames from the server: json (default) or msgpack, smaller on thin "
                        f"links (default: ${ENCODING_ENV}, else json)")
    p.add_argument("--screenshot", type=Path, default=None, help="write a PNG and exit")
    p.add_argument("--screenshot-extra", action="store_true",
                   help="with --screenshot: also the dashboards, a situation report page and "
                        "the replay, next to it (the demo's pictures)")
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
        # Qt asks the translator installed last first: ours goes after qtbase so that its
        # QShortcut context names the arrow keys (Ctrl+↑, not qtbase's 'Ctrl+上方向').
        for directory, name in (
            (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN"),
            (str(TRANSLATIONS), "watchfloor_zh_CN"),
        ):
            translator = QTranslator(app)
            if translator.load(name, directory):
                app.installTranslator(translator)
                installed.append(translator)
    return installed


async def run(app: QApplication, args: argparse.Namespace) -> int:
    conf = settings()
    apply_theme(app, args.theme or str(conf.value("ui/theme", "dark")))
    if args.theme:
        conf.setValue("ui/theme", args.theme)
    install_language(app, choose_language(args.lang, conf))
    if args.encoding:
        os.environ[ENCODING_ENV] = args.encoding  # every link this console opens asks for it
    password = os.environ.get("WATCHFLOOR_PASSWORD")
    server = args.server or str(conf.value("login/server", DEFAULT_SERVER))
    user = args.user or str(conf.value("login/user", ""))
    signed_in: SignedIn | None = None
    if password and user:  # scripted: no dialog, the link keeps trying as it would offline
        live = LiveModel()
        signed_in = SignedIn(live, Connection(live, server, user, password))
        signed_in.connection.start()
    dialog_server, dialog_user, blank_user = args.server, args.user, False
    while True:
        if signed_in is None:
            dialog = LoginDialog(conf, dialog_server, dialog_user)
            if blank_user:
                dialog.user.clear()
                dialog.user.setFocus()
            signed_in = await sign_in(conf, dialog_server, dialog_user, dialog=dialog)
            dialog.deleteLater()
            if signed_in is None:
                return 1
        exit_code, outcome = await serve(signed_in, conf, args)
        if outcome == QUIT:
            return exit_code
        dialog_server = signed_in.connection.url
        dialog_user = signed_in.connection.user
        blank_user = outcome == SWITCH_USER
        signed_in = None


async def open_window(signed_in: SignedIn, conf: QSettings, splash: StartSplash) -> MainWindow:
    """The main window for a signed-in connection, built behind the start-up splash: the map
    boundaries load on a worker thread while the window's modules import."""
    await splash.show_now()
    await splash.step(translate("Splash", "Loading the map boundaries…"))
    boundaries = asyncio.ensure_future(asyncio.to_thread(load_boundaries))
    from console.qt.shell.main_window import MainWindow  # heavy (map, charts): only once in

    loaded = await boundaries
    await splash.step(translate("Splash", "Building the window…"))
    return MainWindow(signed_in.live, signed_in.connection, conf, boundaries=loaded)


async def serve(signed_in: SignedIn, conf: QSettings, args: argparse.Namespace
                ) -> tuple[int, str]:
    """Run the main window on a signed-in connection until quit, sign out or switch user."""
    live, connection = signed_in.live, signed_in.connection
    splash = StartSplash()
    window = await open_window(signed_in, conf, splash)
    if live.principal is not None:  # signed in before the window existed: show it all now
        live.set_principal(live.principal)
    live.feed(Changes(reset=True))
    live.flush()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    closed = asyncio.Event()
    outcome = QUIT

    def leave(how: str) -> None:
        nonlocal outcome
        outcome = how
        closed.set()

    app.lastWindowClosed.connect(closed.set)
    window.sign_out_requested.connect(lambda: leave(SIGN_OUT))
    window.switch_user_requested.connect(lambda: leave(SWITCH_USER))
    window.quit_requested.connect(closed.set)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Python runs this at its next bytecode (the 1 s clock tick at the latest); then
        # the console saves its layout and picture and closes its link like a user close.
        signal.signal(signum, lambda *_: loop.call_soon_threadsafe(closed.set))
    exit_code = 0
    started = datetime.now(UTC)
    extra: list[asyncio.Future[None]] = []

    def shoot() -> None:
        nonlocal exit_code
        if extra:  # taken already; the extra pictures are being made
            return
        live.flush()
        window.map.fit_jurisdiction()
        window.map.redraw()
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        exit_code = 0 if window.grab().save(str(args.screenshot)) else 1
        if args.screenshot_extra and exit_code == 0:
            extra.append(asyncio.ensure_future(shoot_extra()))
        else:
            closed.set()

    async def shoot_extra() -> None:
        try:
            for path in await demo_shots.take(window, args.screenshot, started):
                print(f"watchfloor console: wrote {path}", flush=True)
        finally:
            closed.set()

    if args.screenshot is not None:
        connection.live_ready.connect(lambda: QTimer.singleShot(SETTLE_MS, shoot))
        if args.screenshot_after is not None:
            QTimer.singleShot(int(args.screenshot_after * 1000), shoot)
        if connection.link.live:
            QTimer.singleShot(SETTLE_MS, shoot)
    connection.live_ready.connect(window.map.fit_jurisdiction)
    if args.screenshot is not None:  # the picture at its documented size, whatever the screen
        window.resize(*SCREENSHOT_SIZE)
        window.show()
    else:
        window.show_maximised_or_restored()
    window.map.fit_jurisdiction()
    splash.follow(live, connection)  # "Receiving the picture… n entities", closed once live
    await closed.wait()
    splash.finish()
    splash.deleteLater()
    for task in extra:
        await task
    app.lastWindowClosed.disconnect(closed.set)
    window.save_layout()
    if outcome == QUIT:
        await connection.stop()
    else:
        await connection.sign_out()
    window.close()
    window.deleteLater()
    return exit_code, outcome


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
