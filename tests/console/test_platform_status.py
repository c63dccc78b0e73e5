"""The main window on a linked platform: the status-bar link indicator, commands held for
another platform in My commands, and stale replicas marked in the tables and the detail.

Frames are JSON built with msgspec, decoded by ``protocol.codec.decode_server`` and handed to
``Link.receive_message``: the step ``Link.run`` takes for every live frame, so the console's
callbacks, the Connection's signals and the widgets run as they do live. No server: the
console points at a closed port and keeps retrying meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import Qt

from console.state import text
from protocol.codec import decode_server
from protocol.entities import Incident
from protocol.messages import Ack, LinkStatus, PeerLink, Queued

from .conftest import SCREENSHOTS, until

NOWHERE = "ws://127.0.0.1:9"
CUT_AT = datetime.now(UTC).replace(second=0, microsecond=0)  # today: shown as a time of day
AT = CUT_AT.astimezone(text.CST).strftime("%H:%M")


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    text.set_language(request.param)
    yield request.param
    text.set_language("en")


def feed(c: Any, msg: Any) -> None:
    c.connection.link.receive_message(decode_server(msgspec.json.encode(msg)))


def status(parent: str, waiting: int = 3, lag: int = 12) -> LinkStatus:
    return LinkStatus(platform="330100", children=["330102", "330105", "330106"], peers=[
        PeerLink(peer="330000", role="parent", state=parent, since=CUT_AT, last_sync=CUT_AT,
                 waiting_out=waiting, lag=lag),
        PeerLink(peer="330102", role="child", state="up", since=CUT_AT),
        PeerLink(peer="330105", role="child", state="cut", since=CUT_AT),
        PeerLink(peer="330106", role="child", state="up", since=CUT_AT)])


async def open_console(console_factory: Any) -> Any:
    return await console_factory(NOWHERE, "hz_duty", "x", wait_live=False)


async def test_the_indicator_follows_the_link_status(console_factory: Any, lang: str) -> None:
    c = await open_console(console_factory)
    shown = c.window.platform.indicator
    assert shown.isHidden()  # nothing heard: a single platform shows nothing

    feed(c, status("cut"))
    expected = {"en": f"Link to 330000 cut since {AT} — 3 waiting to send, 12 behind · "
                      "children 2/3 up",
                "zh": f"上级平台 330000 已中断 自 {AT}（3 条待发，滞后 12） · 下级 2/3 连通"}
    assert shown.text() == expected[lang]
    assert shown.isVisible() and "#c5221f" in shown.styleSheet()  # red, as a lost connection
    c.window.statusBar().show()
    assert shown.width() >= shown.sizeHint().width()  # all of it fits in the status bar
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert c.window.statusBar().grab().save(str(SCREENSHOTS / f"platform_links_{lang}.png"))

    feed(c, status("up", 0, 0))
    up = {"en": "Link to 330000 up", "zh": "上级平台 330000 已连通"}[lang]
    assert shown.text().startswith(up)
    assert "#9a6700" in shown.styleSheet()  # amber: a child is still cut

    feed(c, LinkStatus(platform="330000"))  # not linked (any more)
    assert shown.isHidden()


async def test_a_held_command_is_listed_for_its_owner_until_answered(
        console_factory: Any, lang: str) -> None:
    c = await open_console(console_factory)
    model = c.window.commands_model
    entry = c.connection.link.queue_command("incident.note", {"id": "inc-1", "text": "pumps"})
    await until(lambda: model.rowCount() == 1, c.connection.queued)
    assert "330102" not in model.index(0, 1).data()  # pending, nothing said of an owner

    feed(c, Queued(id=entry.id, owner="330102"))
    assert model.index(0, 1).data() == {"en": "queued for 330102", "zh": "待转发至 330102"}[lang]
    assert model.index(0, 2).data()  # the op, as people name it
    assert model.index(0, 0).data() == text.cst(entry.created_at)  # when it was sent
    assert "330102" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.held_rows() == [0]
    assert c.connection.pending_count() == 1  # still pending: resent on every connect

    feed(c, Ack(id=entry.id, seq=7))
    await until(lambda: model.held_rows() == [], c.connection.answered)
    assert model.index(0, 1).data() != {"en": "queued for 330102",
                                        "zh": "待转发至 330102"}[lang]
    assert c.connection.pending_count() == 0


def _incident(jurisdiction: str) -> Incident:
    return Incident(id=f"inc-{jurisdiction}", number="ZJ-20261201-0001", type_code="11A01",
                    title=f"flood {jurisdiction}", lon=120.1, lat=30.2,
                    jurisdiction=jurisdiction)


async def test_stale_replicas_are_marked_in_the_table_and_the_detail(
        console_factory: Any, tmp_path: Path) -> None:
    c = await open_console(console_factory)
    changes = c.replica.put_local(_incident("330200"))  # Ningbo: the province's platform owns it
    changes.merge(c.replica.put_local(_incident("330100")))  # ours
    c.live.feed(changes)
    c.live.flush()
    model = c.window.models["incident"]
    theirs, ours = model.row_of("inc-330200"), model.row_of("inc-330100")
    assert theirs >= 0 and ours >= 0
    assert not model.index(theirs, 0).data(Qt.ItemDataRole.FontRole)

    feed(c, status("cut"))
    font = model.index(theirs, 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.italic()
    assert f"as of {AT}" in model.index(theirs, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert not model.index(ours, 0).data(Qt.ItemDataRole.FontRole)

    c.live.select("incident", "inc-330200")
    assert "replica from" in c.window.detail.toPlainText()
    assert AT in c.window.detail.toPlainText()
    c.live.select("incident", "inc-330100")
    assert "replica from" not in c.window.detail.toPlainText()

    feed(c, status("up"))  # level again
    assert not model.index(theirs, 0).data(Qt.ItemDataRole.FontRole)
