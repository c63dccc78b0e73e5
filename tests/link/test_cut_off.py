"""With the link cut, both platforms keep working on what they own; on heal both backlogs
drain by themselves, each command applied once at its owner, and the pictures converge."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from protocol.entities import Incident, LossReport, Order, Shelter, Team, Warning
from protocol.messages import Ack
from tests.link.conftest import CHILD, Linked, gap_free
from tests.link.test_link_basics import RUIAN_INCIDENT

RUIAN_TEAM = {"name": "瑞安市防汛抢险队", "type": "flood", "jurisdiction": CHILD,
              "base_lon": 120.65, "base_lat": 27.78, "headcount": 20}


async def _status(client, state: str, within: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    await client.read_until(lambda m: client.link_status is not None and any(
        p.state == state for p in client.link_status.peers), within)


async def test_cut_off_both_sides_work_then_converge_exactly_once(linked: Linked) -> None:
    ra = await linked.child_login("ra")
    ra2 = await linked.child_login("ra")  # a second console of the county post
    before = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    prov = await linked.parent.login("prov")
    await prov.wait_replica(lambda r: r.get_typed(Incident, before) is not None)

    linked.proxy.cut()
    await _status(prov, "cut")
    await _status(ra, "cut")
    # the county: its incidents, its own team dispatched and released, losses, a shelter
    iid = (await ra.ok("incident.create", {**RUIAN_INCIDENT, "title": "塘下镇内涝"})).result["id"]
    await ra2.wait_replica(lambda r: r.get_typed(Incident, iid) is not None)  # at once
    tid = (await ra.ok("team.create", RUIAN_TEAM)).result["id"]
    aid = (await ra.ok("assignment.dispatch", {"team_id": tid, "incident_id": iid})).result["id"]
    await ra.ok("assignment.recall", {"id": aid})
    lid = (await ra.ok("loss.submit", {"hazard": "flood", "note": "塘下镇"})).result["id"]
    sid = (await ra.ok("shelter.create", {"name": "塘下镇避灾点", "tier": "township",
                                          "jurisdiction": CHILD, "lon": 120.6, "lat": 27.8,
                                          "capacity": 300})).result["id"]
    await ra.ok("shelter.open", {"id": sid})
    # the province: an order to the county, a warning covering it, its team to the county's
    # incident, and a grade of the county's incident (the county decides: queued)
    oid = (await prov.ok("order.issue", {"text": "全力做好防御", "addressees": [CHILD]})
           ).result["id"]
    wid = (await prov.ok("warning.publish", {
        "hazard": "typhoon", "colour": "orange", "area": [CHILD], "headline": "台风橙色预警",
        "expires": (datetime.now(UTC) + timedelta(hours=6)).isoformat()})).result["id"]
    pla = linked.parent.teams["pla"]
    await prov.ok("assignment.dispatch", {"team_id": pla, "incident_id": before})
    grade = await prov.send_command("incident.grade", {"id": before, "grade": "III"})
    await prov.read_until(lambda m: grade in prov.queued)
    assert grade not in prov.outcomes
    # the province still shows the county's last known picture
    assert prov.replica.get_typed(Incident, iid) is None
    assert prov.replica.get_typed(Incident, before) is not None

    linked.proxy.heal()
    out = await prov.outcome(grade, within=20)
    assert isinstance(out, Ack), out
    await linked.converged()
    child = linked.child.coordinator.state
    parent = linked.parent.srv.coordinator.state
    for cls, id in ((Incident, iid), (Team, tid), (LossReport, lid), (Shelter, sid)):
        assert parent.get(cls, id) == child.get(cls, id)
    assert child.get(Order, oid) is not None and child.get(Warning, wid) is not None
    graded = child.get(Incident, before)
    assert graded is not None and graded.grade == "III" and graded.status == "responding"
    assert [e.what for e in graded.timeline].count("graded") == 1
    assert [e.what for e in graded.timeline].count("responding") == 1
    await ra.wait_replica(lambda r: r.get_typed(Order, oid) is not None)
    await prov.wait_replica(lambda r: r.get_typed(Shelter, sid) is not None)
    await gap_free(linked.child)
    await gap_free(linked.parent.srv)
    await asyncio.sleep(0)
