"""``watchfloor demo``: refuses politely without a display; Ctrl+C stops all three children."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from watchfloor import demo


def test_without_a_display_it_says_how_to_take_a_screenshot(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert demo.main([]) == 2
    err = capsys.readouterr().err
    assert "no display" in err and "watchfloor demo --screenshot" in err


@pytest.mark.timeout(90)
async def test_ctrl_c_stops_server_simulator_and_console() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "watchfloor", "demo", env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert proc.stdout is not None
    lines: list[str] = []

    async def until(text: str) -> None:
        assert proc.stdout is not None
        while True:
            raw = await proc.stdout.readline()
            if not raw:
                raise AssertionError("demo ended early:\n" + "\n".join(lines[-40:]))
            lines.append(raw.decode(errors="replace").rstrip())
            if text in lines[-1]:
                return

    try:
        await asyncio.wait_for(until("watchfloor demo: running on ws://"), 60)
        proc.send_signal(signal.SIGINT)
        rest, _ = await asyncio.wait_for(proc.communicate(), 40)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    lines += rest.decode(errors="replace").splitlines()
    assert proc.returncode == 0, "\n".join(lines[-40:])
    tail = "\n".join(lines)
    for child in ("console", "sim", "server"):
        assert f"watchfloor demo: {child} stopped" in tail
    assert "watchfloor demo: sim stopped (0)" in tail
    assert "watchfloor demo: server stopped (0)" in tail
    assert "[sim] simulator:" in tail  # the simulator printed its summary on the way out
    workdir = next(ln for ln in lines if "a fresh database in" in ln).split(" in ")[1].split()[0]
    assert not await asyncio.to_thread(os.path.exists, workdir)  # gone with the demo
