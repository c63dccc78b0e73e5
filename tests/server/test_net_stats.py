"""Statistics over real websocket connections: ``stats.due`` follows the server's clock (the
coordinator's ``clock``, moved by the test), ``stats.losses`` answers on committed state with
the asker's scope, and the process reaches the counties that owe reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from protocol.entities import DisasterProcess
from protocol.errors import ErrorCode
from protocol.messages import Error

T0 = datetime(2026, 9, 10, 1, 0, tzinfo=UTC)  # 09:00 CST


def states(result: Any) -> list[tuple[str, str, Any, str]]:
    return [(i["county"], i["kind"], i["number"], i["state"]) for i in result["items"]]


async def test_due_items_follow_the_server_clock(server: Any) -> None:
    now = [T0]
    server.coordinator.clock = lambda: now[0]
    prov = await server.login("prov")
    wz = await server.login("wz")
    yj = await server.login("yj")
    ra = await server.login("ra")
    pid = (await prov.ok("process.open", {"name": "台风“海燕D”", "hazard": "typhoon",
                                          "counties": ["330324", "330381"]})).result["id"]
    await yj.wait_replica(lambda r: r.get("disaster_process", pid) is not None)
    assert isinstance(yj.replica.get("disaster_process", pid), DisasterProcess)
    now[0] = T0 + timedelta(minutes=30)
    await yj.ok("loss.submit", {"process_id": pid, "figures": {"affected_population": 1200,
                                                               "evacuated": 3000}})
    due = (await wz.ok("stats.due")).result
    assert due["as_of"] == now[0].isoformat()
    follow_ups = [("330324", "follow_up", 1, "due"), ("330381", "follow_up", 1, "due")]
    assert states(due) == [("330324", "initial", None, "done"),
                           ("330381", "initial", None, "due"), *follow_ups]
    now[0] = T0 + timedelta(hours=2, minutes=1)  # past 11:00 CST: Ruian's initial is late
    due = (await wz.ok("stats.due")).result
    assert states(due) == [("330324", "initial", None, "done"),
                           ("330381", "initial", None, "overdue"), *follow_ups]
    assert due["items"][1]["due_at"] == (T0 + timedelta(hours=2)).isoformat()
    now[0] = T0 + timedelta(hours=24, minutes=5)  # 09:05 CST next day: follow-up 1 is late
    mine = (await yj.ok("stats.due")).result
    assert states(mine) == [("330324", "initial", None, "done"),
                            ("330324", "follow_up", 1, "overdue"),
                            ("330324", "follow_up", 2, "due")]
    earlier = (await yj.ok("stats.due", {"at": (T0 + timedelta(hours=1)).isoformat()})).result
    assert states(earlier) == [("330324", "initial", None, "done"),
                               ("330324", "follow_up", 1, "due")]
    refused = await ra.command("stats.due", {"jurisdiction": "330324"})
    assert isinstance(refused, Error) and refused.code == ErrorCode.FORBIDDEN


async def test_losses_rollup_over_the_wire(server: Any) -> None:
    prov = await server.login("prov")
    wz = await server.login("wz")
    yj = await server.login("yj")
    ra = await server.login("ra")
    pid = (await prov.ok("process.open", {"name": "台风", "hazard": "typhoon",
                                          "counties": ["330324", "330381", "330106"]})).result["id"]
    rid = (await yj.ok("loss.submit", {"process_id": pid, "figures": {
        "affected_population": 1200, "evacuated": 3000, "relocated": 400}})).result["id"]
    roll = (await wz.ok("stats.losses", {"process_id": pid})).result
    assert roll["jurisdiction"] == "330300" and roll["missing"] == ["330381"]
    assert [c["adcode"] for c in roll["cities"]] == ["330300"]  # Hangzhou's Xihu is not its
    assert roll["figures"]["affected_population"] == 1200 and roll["transferred"] == 3400
    mine = (await yj.ok("stats.losses", {"process_id": pid})).result
    assert [k["adcode"] for c in mine["cities"] for k in c["counties"]] == ["330324"]
    for asker, args in ((ra, {"jurisdiction": "330324"}), (yj, {"jurisdiction": "330300"})):
        out = await asker.command("stats.losses", {"process_id": pid, **args})
        assert isinstance(out, Error) and out.code == ErrorCode.FORBIDDEN
    out = await yj.command("loss.return", {"id": rid, "reason": "自己退回"})
    assert isinstance(out, Error) and out.code == ErrorCode.FORBIDDEN
    out = await wz.command("stats.losses", {"process_id": "nope"})
    assert isinstance(out, Error) and out.code == ErrorCode.NOT_FOUND
    await wz.ok("loss.return", {"id": rid, "reason": "请补报分乡镇数据"})
    await yj.wait_replica(
        lambda r: getattr(r.get("loss_report", rid), "status", None) == "returned")
    roll = (await prov.ok("stats.losses", {"process_id": pid})).result
    assert roll["returned"] == ["330324"] and roll["figures"]["affected_population"] == 0
    assert sorted(roll["missing"]) == ["330106", "330381"]
