"""The duty desk and information reports through real websocket sessions, on SQLite and on
PostgreSQL, with the server's clock stepped by the test."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from protocol.entities import DutyEntry, Incident, InfoReport
from protocol.errors import ErrorCode
from protocol.messages import Error
from tests.conftest import running_server

T0 = datetime(2026, 11, 28, 1, 0, 30, tzinfo=UTC)  # 09:00:30 CST


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def step(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


CALL: dict[str, Any] = {
    "caller": "李明", "caller_unit": "岩头镇政府", "phone": "0577-67000000",
    "type_code": "11D01", "occurred_at": "2026-11-28T08:50:00", "place": "永嘉县岩头镇某村后山",
    "lon": 120.69, "lat": 28.15, "grade": "II", "trapped": 3,
    "summary": "后山滑坡，三户房屋被埋", "actions": "已转移周边群众",
    "help_wanted": "请求专业救援队",
}


async def refused(client: Any, op: str, args: dict[str, Any], code: ErrorCode) -> None:
    out = await client.command(op, args)
    assert isinstance(out, Error) and out.code == code, out


async def test_the_duty_desk_over_the_wire(db_url: str) -> None:
    clock = Clock()
    async with running_server(db_url) as ts:
        ts.coordinator.clock = clock
        yj, wz, ra = await ts.login("yj"), await ts.login("wz"), await ts.login("ra")
        seq = ts.coordinator.state.seq
        await refused(yj, "duty.log", {**CALL, "phone": " "}, ErrorCode.BAD_REQUEST)
        await refused(yj, "duty.log", {k: v for k, v in CALL.items() if k != "place"},
                      ErrorCode.BAD_REQUEST)
        assert ts.coordinator.state.seq == seq  # nothing changed
        eid = (await yj.ok("duty.log", CALL)).result["id"]
        await wz.wait_replica(lambda r: r.get_typed(DutyEntry, eid) is not None)
        clock.step(2)
        await yj.ok("duty.report_leader", {"id": eid, "text": "已报带班领导"})
        clock.step(3)
        await wz.ok("duty.pass_on", {"id": eid, "text": "通知县消防救援大队、地质队出动"})
        clock.step(5)
        await refused(yj, "duty.close", {"id": eid, "reason": "  "}, ErrorCode.BAD_REQUEST)
        await refused(ra, "duty.follow_up", {"id": eid, "text": "x"}, ErrorCode.FORBIDDEN)
        await yj.ok("duty.follow_up", {"id": eid, "text": "救援队已到场"})
        clock.step(1)
        res = (await yj.ok("duty.to_incident", {"id": eid})).result
        await wz.wait_replica(lambda r: r.get_typed(Incident, res["incident_id"]) is not None)
        entry = wz.replica.get_typed(DutyEntry, eid)
        assert entry is not None
        assert [(s.what, s.by, s.at) for s in entry.steps] == [
            ("logged", "yj", T0), ("reported_to_leader", "yj", T0 + timedelta(minutes=2)),
            ("passed_on", "wz", T0 + timedelta(minutes=5)),
            ("followed_up", "yj", T0 + timedelta(minutes=10)),
            ("became_incident", "yj", T0 + timedelta(minutes=11))]
        assert entry.received_at == T0 - timedelta(seconds=30)
        assert (entry.state, entry.incident_id) == ("became_incident", res["incident_id"])
        incidents = list(ts.coordinator.state.all(Incident))
        assert [i.id for i in incidents] == [res["incident_id"]]
        assert incidents[0].trapped == 3 and incidents[0].jurisdiction == "330324"
        assert ra.replica.get_typed(DutyEntry, eid) is None
        await refused(yj, "duty.close", {"id": eid, "reason": "x"}, ErrorCode.CONFLICT)


async def test_information_report_deadlines_on_a_stepped_clock(db_url: str) -> None:
    clock = Clock()
    async with running_server(db_url) as ts:
        ts.coordinator.clock = clock
        yj, wz = await ts.login("yj"), await ts.login("wz")
        inc = (await yj.ok("incident.create", {
            "type_code": "11D01", "title": "岩头镇滑坡", "lon": 120.69, "lat": 28.15,
            "grade": "II"})).result["id"]

        async def due() -> list[tuple[str, str, str]]:
            items = (await wz.ok("info.due", {})).result["items"]
            return [(i["kind"], i["channel"], i["state"]) for i in items
                    if i["incident_id"] == inc]

        clock.step(14)
        assert await due() == [("initial", "phone", "due"), ("initial", "written", "due")]
        clock.step(2)  # 16 minutes: the call is late
        assert await due() == [("initial", "phone", "overdue"), ("initial", "written", "due")]
        await yj.ok("info.submit", {"incident_id": inc, "stage": "initial", "channel": "phone",
                                    "content": {"occurred_at": "2026-11-28T08:55:00",
                                                "place": "岩头镇某村", "trapped": 3}})
        clock.step(20)  # 36 minutes
        assert await due() == [("initial", "written", "overdue"),
                               ("follow_up", "written", "due"), ("initial", "phone", "done")]
        await yj.ok("info.submit", {"incident_id": inc, "stage": "initial",
                                    "content": {"occurred_at": "2026-11-28T08:55:00",
                                                "place": "岩头镇某村", "trapped": 3}})
        clock.step(60)
        follow = (await yj.ok("info.submit", {
            "incident_id": inc, "stage": "follow_up",
            "content": {"place": "岩头镇某村", "trapped": 1, "deaths": 0}})).result
        assert (follow["number"], follow["changed"]) == (1, ["deaths", "trapped"])
        await wz.wait_replica(lambda r: r.get_typed(InfoReport, follow["id"]) is not None)
        stored = wz.replica.get_typed(InfoReport, follow["id"])
        assert stored is not None and stored.content.place is None
        assert stored.content.trapped == 1
        assert await due() == [("initial", "phone", "done"), ("initial", "written", "done"),
                               ("follow_up", "written", "done")]  # the 17:00 CST follow-up
        await yj.ok("info.submit", {"incident_id": inc, "stage": "final"})
        assert await due() == []
        await refused(yj, "info.submit", {"incident_id": inc, "stage": "follow_up",
                                          "note": "x"}, ErrorCode.CONFLICT)


async def test_older_steps_of_a_long_followed_entry_are_read_back_from_the_log(
        db_url: str) -> None:
    async with running_server(db_url, commands_per_second=10_000.0, command_burst=10_000) as ts:
        yj = await ts.login("yj")
        eid = (await yj.ok("duty.log", CALL)).result["id"]
        await yj.ok("duty.report_leader", {"id": eid})
        cids = [await yj.send_command("duty.follow_up", {"id": eid, "text": f"跟踪 {i}"})
                for i in range(1, 211)]
        for cid in cids:
            await yj.outcome(cid)
        steps = ts.coordinator.state.get(DutyEntry, eid).steps
        assert len(steps) == 200 and (steps[0].n, steps[-1].n) == (13, 212)
        older = (await yj.ok("history.entity", {"kind": "duty_entry", "id": eid,
                                                "before": 13})).result
        assert [e["n"] for e in older["entries"]] == list(range(1, 13))
        assert [e["what"] for e in older["entries"][:3]] == [
            "logged", "reported_to_leader", "followed_up"]
        assert older["entries"][2]["text"] == "跟踪 1" and older["more"] is False
        ra = await ts.login("ra")
        out = await ra.command("history.entity", {"kind": "duty_entry", "id": eid})
        assert isinstance(out, Error) and out.code == ErrorCode.FORBIDDEN
