"""A province and a Ruian platform, linked: who decides what, and both pictures agree."""

from __future__ import annotations

from typing import Any

from protocol.entities import Incident, Team
from protocol.messages import Ack
from tests.link.conftest import CHILD, Linked, gap_free

RUIAN_INCIDENT: dict[str, Any] = {
    "type_code": "11A01", "title": "飞云江堤防渗漏", "lon": 120.64, "lat": 27.78,
    "jurisdiction": CHILD,
}


async def test_the_county_decides_its_incidents_and_the_province_sees_them(linked: Linked) -> None:
    ra = await linked.child_login("ra")
    ack = await ra.ok("incident.create", RUIAN_INCIDENT)
    iid = ack.result["id"]
    prov = await linked.parent.login("prov")
    await prov.wait_replica(lambda r: r.get_typed(Incident, iid) is not None)
    await linked.converged()
    await gap_free(linked.child)
    await gap_free(linked.parent.srv)


async def test_a_province_command_on_a_county_incident_is_queued_then_decided_there(
        linked: Linked) -> None:
    ra = await linked.child_login("ra")
    iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    prov = await linked.parent.login("prov")
    await prov.wait_replica(lambda r: r.get_typed(Incident, iid) is not None)
    cid = await prov.send_command("incident.grade", {"id": iid, "grade": "III"})
    out = await prov.outcome(cid)
    assert cid in prov.queued and prov.queued[cid].owner == CHILD
    assert isinstance(out, Ack), out
    await ra.wait_replica(lambda r: (i := r.get_typed(Incident, iid)) is not None
                          and i.grade == "III")
    await linked.converged()


async def test_a_provincial_team_dispatched_to_a_county_incident(linked: Linked) -> None:
    ra = await linked.child_login("ra")
    iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    prov = await linked.parent.login("prov")
    await prov.wait_replica(lambda r: r.get_typed(Incident, iid) is not None)
    pla = linked.parent.teams["pla"]
    await prov.ok("assignment.dispatch", {"team_id": pla, "incident_id": iid})
    # the incident's side of it (status, timeline) is decided by its owner, the county
    await ra.wait_replica(lambda r: (i := r.get_typed(Incident, iid)) is not None
                          and i.status == "responding")
    await ra.wait_replica(lambda r: (t := r.get_typed(Team, pla)) is not None
                          and t.status == "dispatched")
    await linked.converged()


async def test_numbers_given_on_two_platforms_never_collide(linked: Linked) -> None:
    linked.proxy.cut()
    ra = await linked.child_login("ra")
    prov = await linked.parent.login("prov")
    county = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["number"]
    yongjia = {**RUIAN_INCIDENT, "jurisdiction": "330324", "lon": 120.69, "lat": 28.15}
    province = (await prov.ok("incident.create", yongjia)).result["number"]
    assert county != province
    assert f"-{CHILD}-" in county and county.endswith("-0001")
    linked.proxy.heal()
    await linked.converged()


async def test_removing_a_platform_hands_its_entities_back(linked: Linked) -> None:
    ra = await linked.child_login("ra")
    iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    await linked.converged()
    parent = linked.parent.srv
    assert parent.links is not None
    assert await parent.links.store.remove_platform(CHILD)
    await parent.links.refresh_children()
    assert parent.links.tree.children == ()
    prov = await linked.parent.login("prov")
    cid = await prov.send_command("incident.grade", {"id": iid, "grade": "IV"})
    out = await prov.outcome(cid)
    assert isinstance(out, Ack) and cid not in prov.queued  # decided by the province again
