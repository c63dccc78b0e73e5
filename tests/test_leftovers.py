"""The leftover checks (tests/fixtures/leftovers.py) fail a test that leaves a thread, an asyncio
task or a QTimer running, and name it; a test that stops what it started passes."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]

CONFTEST = """
from tests.conftest import _no_tasks_left, _no_threads_left
from tests.console.conftest import _no_timers_left
"""

TESTS = """
import asyncio
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


async def test_leaves_a_task():
    asyncio.get_running_loop().create_task(asyncio.sleep(60), name="forgotten")


async def test_cancels_its_task():
    task = asyncio.create_task(asyncio.sleep(60))
    task.cancel()


def test_leaves_a_thread():
    threading.Thread(target=threading.Event().wait, name="forgotten", daemon=True).start()


def test_joins_its_thread():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="stopping")
    thread.start()
    stop.set()


def test_leaves_a_timer(qapp):
    widget = QWidget()  # never closed nor deleted
    widget.setObjectName("holder")
    test_leaves_a_timer.widget = widget
    timer = QTimer(widget)
    timer.setObjectName("forgotten")
    timer.start(1000)
    widget.show()


def test_leaves_a_timer_of_no_parent(qapp):
    timer = QTimer()
    timer.setObjectName("orphan")
    timer.start(1000)
    test_leaves_a_timer_of_no_parent.timer = timer


def test_stops_its_timer(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    timer = QTimer(widget)
    timer.start(1000)
    timer.stop()
"""


def test_what_a_test_leaves_running_fails_it_by_name(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    pytester.makeini("[pytest]\nasyncio_mode = auto\n"
                     "asyncio_default_fixture_loop_scope = function\n")
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_leaks=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=7, errors=4)
    result.stdout.fnmatch_lines_random([
        "*ERROR at teardown of test_leaves_a_task*",
        "*task 'forgotten' (sleep at *",
        "*ERROR at teardown of test_leaves_a_thread*",
        "*thread 'forgotten' (Event.wait, daemon)*",
        "*ERROR at teardown of test_leaves_a_timer*",
        "*QTimer 'forgotten' of QWidget 'holder' (repeating, 1000 ms)*",
        "*QTimer 'orphan' of no parent (repeating, 1000 ms)*",
    ])
