from __future__ import annotations

from protocol.entities import Incident, Jurisdiction


async def test_login_snapshot_and_command(server):
    prov = await server.login("prov")
    assert prov.welcome is not None and prov.welcome.principal.role.value == "province"
    assert prov.replica.count("jurisdiction") == 102
    ack = await prov.ok(
        "incident.create", {"type_code": "11A01", "title": "flood", "lon": 120.7, "lat": 28.1}
    )
    await prov.wait_replica(lambda r: r.get("incident", ack.result["id"]) is not None)
    assert isinstance(prov.replica.get("incident", ack.result["id"]), Incident)
    assert isinstance(prov.replica.get("jurisdiction", "330324"), Jurisdiction)
