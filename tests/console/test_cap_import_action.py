"""Warnings → Import CAP… against the real server: a city officer picks the bureau's file in
the file dialog, the warning appears with its source; a Test message is refused with the
reason and nothing changes; a county officer is not offered the action."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from protocol.entities import Warning
from server.domain.cap import CST, cap_time
from tests.console.conftest import until
from tests.fixtures.cap_messages import SENDER, bureau_cap


def current(identifier: str, **kw: Any) -> str:
    now = datetime.now(CST)
    return bureau_cap(identifier, sent=cap_time(now), onset=cap_time(now),
                      expires=cap_time(now + timedelta(hours=6)), **kw)


async def pick(c: Any, path: Path) -> None:
    act = c.workflows.action("import_cap")
    assert act.isEnabled(), act.toolTip()
    act.trigger()
    importer = c.window.warning_actions.cap_import
    await until(lambda: importer.file_dialog is not None and importer.file_dialog.isVisible(),
                c.workflows.dialog_opened)
    importer.file_dialog.selectFile(str(path))
    importer.file_dialog.accept()


async def test_import_a_bureau_file(server: Any, console: Any, tmp_path: Path) -> None:
    wz = await console("wz")
    good = tmp_path / "qx.xml"
    good.write_text(current("ZJQX-UI-0001"), encoding="utf-8")
    await pick(wz, good)
    await wz.until(lambda: len(wz.replica.all_typed(Warning)) == 1)
    (w,) = wz.replica.all_typed(Warning)
    assert (w.source_sender, w.source_url, w.colour.value) == (SENDER, good.resolve().as_uri(),
                                                               "yellow")

    refused = tmp_path / "test.xml"
    refused.write_text(current("ZJQX-UI-T", status="Test"), encoding="utf-8")
    await pick(wz, refused)
    await wz.until(lambda: wz.connection.pending_count() == 0)
    alerts = [a.text for key, a in wz.window.attention.alerts.items()
              if key.startswith("command:")]
    assert len(alerts) == 1 and "status Test" in alerts[0], alerts
    assert len(wz.replica.all_typed(Warning)) == 1

    yj = await console("yj")
    assert not yj.workflows.action("import_cap").isEnabled()
