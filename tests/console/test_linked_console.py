"""The console on a real linked platform (province + Ruian, tests/link/conftest.py): the link
indicator turns to cut when Ruian's link is cut and back when it heals; a province command on
a Ruian incident shows as queued for 330381 until the county has decided it."""

from __future__ import annotations

from typing import Any

from protocol.entities import Incident
from tests.link.conftest import CHILD, Linked, linked  # noqa: F401 (the fixture)
from tests.link.test_link_basics import RUIAN_INCIDENT

from .conftest import until


async def test_the_indicator_and_a_held_command_on_a_linked_platform(
        console_factory: Any, linked: Linked) -> None:  # noqa: F811
    ra = await linked.child_login("ra")
    iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    c = await console_factory(linked.parent.url, "prov", "prov-pass")
    shown = c.window.platform.indicator
    conn = c.connection
    signals = (conn.link_status_changed, conn.forwarding, conn.answered, c.live.changed)

    def says(words: str) -> bool:
        return not shown.isHidden() and words in shown.toolTip() + shown.text()

    await until(lambda: says("1/1"), *signals)
    await until(lambda: c.replica.get_typed(Incident, iid) is not None, *signals)
    linked.proxy.cut()
    await until(lambda: says("0/1"), *signals)
    entry = conn.link.queue_command("incident.grade", {"id": iid, "grade": "IV"})
    await until(lambda: entry.id in conn.link.forwarding, *signals)
    assert conn.link.forwarding[entry.id].owner == CHILD
    linked.proxy.heal()
    await until(lambda: entry.id not in conn.link.forwarding, *signals, within=20)
    await until(lambda: (i := c.replica.get_typed(Incident, iid)) is not None
                and i.grade == "IV", *signals, within=20)
    await until(lambda: says("1/1"), *signals)
