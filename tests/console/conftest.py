"""Console test support: async tests here run on a qasync loop (Qt and asyncio on one thread,
as in the app), so the ``server`` fixture, the console's link and its widgets share one loop.

``console(server, user)`` opens a real console (LiveModel, Connection, MainWindow) against the
test server, in a private data directory, and waits until its picture is live. ``until``
waits on Qt signals for a condition: no sleeps, a timeout.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import qasync
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication

from console.qt.live import LiveModel
from console.qt.shell.connection import Connection
from console.qt.shell.theme import apply_theme
from tests.fixtures import leftovers

TIMEOUT = 10.0
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


class _TestLoop(qasync.QEventLoop):  # type: ignore[misc]
    """A qasync loop whose callbacks always see a running loop.

    pytest-asyncio runs each fixture step and the test in its own ``run_until_complete``, and
    pytest-qt calls ``processEvents()`` between them: Qt then fires qasync's timers while no
    asyncio loop is marked running, and any coroutine step taken there fails with "no running
    event loop". Marking the loop running around each callback makes those steps behave as
    they do in the app, where the loop runs for the whole session.
    """

    def call_later(self, delay: float, callback: Any, *args: Any, context: Any = None) -> Any:
        return super().call_later(delay, self._run_as_running, callback, *args, context=context)

    def _run_as_running(self, callback: Any, *args: Any) -> None:
        if asyncio._get_running_loop() is not None:
            callback(*args)
            return
        asyncio._set_running_loop(self)
        try:
            callback(*args)
        finally:
            asyncio._set_running_loop(None)


def _qasync_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication([])
    return _TestLoop(app)


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item
                                  ) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    return {"qasync": _qasync_loop}


def _active_timers() -> list[QTimer]:
    """The running QTimers: children of the application and of its top-level widgets, and
    those Python holds (a timer of a QObject with no parent, such as the LiveModel's, is in
    neither of Qt's trees)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return []
    found = {shiboken6.getCppPointer(t)[0]: t for t in app.findChildren(QTimer)}
    for widget in app.topLevelWidgets():
        found.update((shiboken6.getCppPointer(t)[0], t) for t in widget.findChildren(QTimer))
    for obj in gc.get_objects():
        if type(obj) is QTimer and shiboken6.isValid(obj):  # type(): no weak proxy's isinstance
            found.setdefault(shiboken6.getCppPointer(obj)[0], obj)
    return [t for t in found.values() if t.isActive()]


def _describe_timer(timer: QTimer) -> str:
    parent = timer.parent()
    owner = f"{type(parent).__qualname__} {parent.objectName()!r}" if parent else "no parent"
    kind = "single shot" if timer.isSingleShot() else "repeating"
    return f"QTimer {timer.objectName()!r} of {owner} ({kind}, {timer.interval()} ms)"


@pytest.fixture(autouse=True)
def _no_timers_left() -> Iterator[None]:
    """Fail a test that leaves a QTimer running once its widgets are closed (and the ones
    closed with deleteLater deleted)."""
    before = {shiboken6.getCppPointer(t)[0] for t in _active_timers()}  # a C++ address
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = [t for t in _active_timers() if shiboken6.getCppPointer(t)[0] not in before]
    if left:
        pytest.fail(leftovers.fail_message("Qt timers", [_describe_timer(t) for t in left]),
                    pytrace=False)


async def until(pred: Callable[[], bool], *signals: SignalInstance,
                within: float = TIMEOUT) -> None:
    """Return once ``pred()`` holds, re-checking whenever one of ``signals`` fires."""
    if pred():
        return
    fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def check(*_args: Any) -> None:
        if not fut.done() and pred():
            fut.set_result(None)

    for sig in signals:
        sig.connect(check)
    try:
        await asyncio.wait_for(fut, within)
    finally:
        for sig in signals:
            sig.disconnect(check)


@dataclass
class Console:
    live: LiveModel
    connection: Connection
    window: Any  # console.qt.shell.main_window.MainWindow
    data: Path

    @property
    def replica(self) -> Any:
        return self.live.replica

    @property
    def workflows(self) -> Any:
        return self.window.workflows

    def signals(self) -> tuple[SignalInstance, ...]:
        c = self.connection
        return (self.live.changed, c.answered, c.state_changed, c.live_ready,
                c.pending_changed)

    async def until(self, pred: Callable[[], bool], within: float = TIMEOUT) -> None:
        """Wait for ``pred``, then deliver the batch in flight so the views show it too."""
        await until(pred, *self.signals(), within=within)
        self.live.flush()

    async def settle(self) -> None:
        """Deliver what the LiveModel has batched (as its timer would)."""
        self.live.flush()

    closed: bool = False

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        await self.connection.stop()
        self.window.close()
        self.window.deleteLater()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.live.flush()
        self.window.map.fit_jurisdiction()
        assert self.window.grab().save(str(path))
        return path


@pytest.fixture
async def console_factory(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """open(url, user, password, wait_live=True, data=None) -> Console; all closed at the end."""
    from console.qt.shell.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # closing a console must not stop the shared loop
    apply_theme(app, "dark")
    opened: list[Console] = []

    async def open_console(url: str, user: str, password: str, wait_live: bool = True,
                           data: Path | None = None) -> Console:
        base = data or tmp_path / f"console-{user}-{len(opened)}"
        live = LiveModel(interval_ms=20)
        connection = Connection(live, url, user, password, data_base=base)
        settings = QSettings(str(base / "console.ini"), QSettings.Format.IniFormat)
        window = MainWindow(live, connection, settings)
        window.resize(1600, 1000)
        window.show()
        c = Console(live, connection, window, base)
        opened.append(c)
        connection.start()
        if wait_live:
            ready = asyncio.Event()
            connection.live_ready.connect(ready.set)
            await asyncio.wait_for(ready.wait(), TIMEOUT)
            live.flush()
        return c

    yield open_console
    for c in opened:
        await c.close()


@pytest.fixture
async def console(server: Any, console_factory: Callable[..., Any]) -> Callable[..., Any]:
    """console(name) -> a live Console of a fixture user on the test server."""

    async def open_as(name: str, **kw: Any) -> Console:
        user = server.users[name]
        return await console_factory(server.url, name, user.password, **kw)  # type: ignore[no-any-return]

    return open_as
