"""A change committed while a console is being resumed must reach it, removals included.

The session is attached (live changes queue up for it) before its replay is computed; the
live fan-out only sends a removal to a session that is known to hold the entity, and a session
being resumed is not yet known to hold anything. So the replay must cover every change up to
the moment it is computed. Here a team is released, which takes an incident of another
county out of Yongjia's picture, exactly in that window: while the server looks up how far
its event log was pruned, the first await after the session is attached.
"""

from __future__ import annotations

from protocol.entities import Incident
from protocol.enums import Role
from protocol.messages import Ack, Resume
from server.domain.api import Actor

from .harness import POS, converge, picture

PROV = Actor("prov", Role.PROVINCE, "330000")


async def test_a_removal_committed_during_resume_is_not_missed(server) -> None:
    coord = server.coordinator
    team = server.teams["yj_flood"]

    async def run(op: str, **args: object) -> Ack:
        out = await coord.execute(PROV, op, args)
        assert isinstance(out, Ack), out
        return out

    lon, lat = POS["330381"]  # Ruian: outside Yongjia
    fire = (await run("incident.create", type_code="11A01", title="Ruian flood", lon=lon,
                      lat=lat)).result["id"]
    assignment = (await run("assignment.dispatch", team_id=team, incident_id=fire)).result["id"]
    for status in ("en_route", "on_scene"):
        await run("assignment.status", id=assignment, status=status)

    yj = await server.login("yj")
    assert yj.replica.get("incident", fire) is not None  # its team is on it
    await yj.close()

    store = coord.store
    real = store.pruned_through

    async def release_first() -> int:
        """The release commits right after the session is attached, before the replay."""
        del store.pruned_through  # the store's own method again
        await run("assignment.release", id=assignment)
        return await real()

    store.pruned_through = release_first
    r = yj.replica
    assert r.server_id is not None
    back = await server.login("yj", replica=r, resume=Resume(server_id=r.server_id,
                                                              last_seq=r.seq))
    assert "pruned_through" not in vars(store), "the resume did not pass through the window"
    assert back.welcome is not None and back.welcome.resumed  # a replay, not a snapshot
    fresh = await server.login("yj")
    assert fresh.replica.get("incident", fire) is None
    await converge(back, picture(fresh.replica), within=3.0)
    assert not isinstance(back.replica.get("incident", fire), Incident)
