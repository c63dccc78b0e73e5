from __future__ import annotations

from datetime import timedelta

from protocol.commands import decode_args
from protocol.entities import Incident
from protocol.enums import Grade, IncidentStatus
from protocol.errors import ErrorCode
from server.domain import HANDLERS
from server.domain.api import Tx

from .domain_helpers import (
    ADMIN,
    HANGZHOU,
    LUCHENG_POS,
    NOW,
    PROVINCE,
    TONGLU,
    TONGLU_POS,
    XIHU,
    XIHU_POS,
    World,
)


def test_create_numbers_locates_and_records_the_reporter() -> None:
    w = World()
    first = w.run(XIHU, "incident.create", type_code="12G00", title=" Fire ", lon=XIHU_POS[0],
                  lat=XIHU_POS[1], deaths=1)
    second = w.run(PROVINCE, "incident.create", type_code="11D01", title="Landslide",
                   lon=LUCHENG_POS[0], lat=LUCHENG_POS[1], exercise=True)
    assert first["number"] == "ZJ-20261128-0001"
    assert first["suggested_grade"] == "IV" and second["suggested_grade"] == "IV"
    assert second["number"] == "ZJ-20261128-0002"
    a = w.get(Incident, first["id"])
    b = w.get(Incident, second["id"])
    assert (a.jurisdiction, a.title, a.reported_by, a.version) == ("330106", "Fire", "xihu", 1)
    assert a.timeline[0].text == "reported: Fire"
    assert b.jurisdiction == "330302" and b.exercise


def test_number_follows_the_china_standard_time_day() -> None:
    w = World()
    w.now = w.now.replace(hour=16, minute=30)  # 00:30 CST on the 29th
    assert w.run(XIHU, "incident.create", type_code="12G00", title="x", lon=XIHU_POS[0],
                 lat=XIHU_POS[1])["number"] == "ZJ-20261129-0001"


def test_create_refusals() -> None:
    w = World()
    base = {"title": "Fire", "lon": XIHU_POS[0], "lat": XIHU_POS[1]}
    assert w.code(XIHU, "incident.create", type_code="XX", **base) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", type_code="12G00", **{**base, "title": "  "}) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", type_code="12G00", deaths=-1, **base) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", type_code="12G00", jurisdiction="999999", **base) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", type_code="12G00", **{**base, "lat": 95.0}) \
        == ErrorCode.BAD_REQUEST
    # An explicit jurisdiction must contain the point; above the county only its officers file.
    assert w.code(XIHU, "incident.create", type_code="12G00", jurisdiction="330122", **base) \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", type_code="12G00", jurisdiction="330100", **base) \
        == ErrorCode.FORBIDDEN
    assert w.code(ADMIN, "incident.create", type_code="12G00", **base) == ErrorCode.FORBIDDEN


def test_a_point_outside_zhejiang_is_refused() -> None:
    w = World()
    paris = {"type_code": "12G00", "title": "Fire", "lon": 2.3522, "lat": 48.8566}
    err = w.refused(PROVINCE, "incident.create", **paris)
    assert err.code == ErrorCode.BAD_REQUEST and "outside Zhejiang" in err.message
    iid = w.incident(XIHU, XIHU_POS)
    err = w.refused(XIHU, "incident.update", id=iid, lon=2.3522, lat=48.8566)
    assert err.code == ErrorCode.BAD_REQUEST and "outside Zhejiang" in err.message


def test_the_county_where_the_point_lies_owns_what_another_county_reports() -> None:
    w = World()
    iid = w.incident(XIHU, TONGLU_POS)
    inc = w.get(Incident, iid)
    assert (inc.jurisdiction, inc.reported_by, inc.reported_by_jurisdiction) \
        == ("330122", "xihu", "330106")
    assert "330106" in inc.timeline[0].text
    # Named explicitly, the point's county is accepted from any county; the city from its own.
    assert w.get(Incident, w.incident(XIHU, TONGLU_POS, jurisdiction="330122")).jurisdiction \
        == "330122"
    assert w.get(Incident, w.incident(HANGZHOU, TONGLU_POS, jurisdiction="330100")).jurisdiction \
        == "330100"


def test_moving_the_point_hands_the_incident_to_the_county_where_it_now_lies() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    w.run(XIHU, "incident.update", id=iid, lon=TONGLU_POS[0], lat=TONGLU_POS[1])
    inc = w.get(Incident, iid)
    assert (inc.jurisdiction, inc.reported_by_jurisdiction) == ("330122", "330106")
    assert "jurisdiction '330106' → '330122'" in inc.timeline[-1].text
    # Filed at the city level, a move within the city keeps it there.
    city = w.incident(HANGZHOU, XIHU_POS, jurisdiction="330100")
    w.run(HANGZHOU, "incident.update", id=city, lon=TONGLU_POS[0], lat=TONGLU_POS[1])
    assert w.get(Incident, city).jurisdiction == "330100"


def test_update_grade_note_and_exercise_flag() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    res = w.run(XIHU, "incident.update", id=iid, deaths=4, title="Big fire", note="confirmed")
    assert res["suggested_grade"] == "III"
    inc = w.get(Incident, iid)
    assert (inc.deaths, inc.title, inc.version) == (4, "Big fire", 2)
    assert "deaths 0 → 4" in inc.timeline[-1].text and "confirmed" in inc.timeline[-1].text
    w.run(HANGZHOU, "incident.grade", id=iid, grade="III")
    w.run(PROVINCE, "incident.note", id=iid, text="province watching")
    w.run(XIHU, "incident.set_exercise", id=iid, exercise=True)
    inc = w.get(Incident, iid)
    assert inc.grade == Grade.III and inc.exercise
    assert [e.actor for e in inc.timeline[-3:]] == ["hz", "prov", "xihu"]


def test_update_refusals() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    assert w.code(XIHU, "incident.update", id="nope", title="x") == ErrorCode.NOT_FOUND
    assert w.code(TONGLU, "incident.update", id=iid, title="x") == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "incident.update", id=iid, injured=-2) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.update", id=iid, type_code="1") == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.note", id=iid, text=" ") == ErrorCode.BAD_REQUEST
    err = w.refused(XIHU, "incident.update", expected_version=7, id=iid, title="x")
    assert err.code == ErrorCode.CONFLICT and err.entity is not None and err.entity.version == 1
    w.run(XIHU, "incident.update", expected_version=1, id=iid, title="x")


def test_status_machine_and_close() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    w.run(XIHU, "incident.status", id=iid, status="verifying")
    w.run(XIHU, "incident.status", id=iid, status="assessed")
    err = w.refused(XIHU, "incident.close", id=iid)
    assert err.code == ErrorCode.CONFLICT and "assessed" in err.message
    w.run(XIHU, "incident.status", id=iid, status="response_ended")
    w.run(XIHU, "incident.close", id=iid, note="done")
    inc = w.get(Incident, iid)
    assert inc.status == IncidentStatus.CLOSED
    assert w.code(XIHU, "incident.status", id=iid, status="responding") == ErrorCode.CONFLICT
    assert w.code(XIHU, "incident.update", id=iid, title="late") == ErrorCode.CONFLICT


def test_merge_into_another_open_incident() -> None:
    w = World()
    a = w.incident(XIHU, XIHU_POS)
    b = w.incident(XIHU, XIHU_POS)
    assert w.code(XIHU, "incident.merge", id=a, into=a) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.status", id=a, status="merged") == ErrorCode.BAD_REQUEST
    w.run(XIHU, "incident.merge", id=a, into=b)
    merged, target = w.get(Incident, a), w.get(Incident, b)
    assert merged.status == IncidentStatus.MERGED and merged.merged_into == b
    assert merged.number in target.timeline[-1].text
    c = w.incident(TONGLU, TONGLU_POS)
    assert w.code(XIHU, "incident.merge", id=b, into=c) == ErrorCode.FORBIDDEN
    assert w.code(XIHU, "incident.merge", id=b, into=a) == ErrorCode.CONFLICT


def test_numbers_stay_unique_when_others_add_incidents_behind_the_cache() -> None:
    w = World()
    assert w.run(XIHU, "incident.create", type_code="12G00", title="a", lon=XIHU_POS[0],
                 lat=XIHU_POS[1])["number"] == "ZJ-20261128-0001"
    # Another server instance's incident arrives through the event log, not through us.
    w.state.apply(Incident(id="foreign", number="ZJ-20261128-0007", type_code="12G00",
                           title="b", lon=XIHU_POS[0], lat=XIHU_POS[1], jurisdiction="330106"))
    assert w.run(XIHU, "incident.create", type_code="12G00", title="c", lon=XIHU_POS[0],
                 lat=XIHU_POS[1])["number"] == "ZJ-20261128-0008"
    # A command that never commits does not burn a number.
    args = decode_args("incident.create", {"type_code": "12G00", "title": "lost",
                                           "lon": XIHU_POS[0], "lat": XIHU_POS[1]})
    assert HANDLERS["incident.create"](Tx(w.state, XIHU, w.now), args)["number"] \
        == "ZJ-20261128-0009"
    assert w.run(XIHU, "incident.create", type_code="12G00", title="d", lon=XIHU_POS[0],
                 lat=XIHU_POS[1])["number"] == "ZJ-20261128-0009"
    numbers = [i.number for i in w.state.all(Incident)]
    assert len(numbers) == len(set(numbers))


def test_create_records_the_reporter_the_time_of_occurrence_and_the_source() -> None:
    w = World()
    res = w.run(XIHU, "incident.create", type_code="12G00", title="仓库火灾", lon=XIHU_POS[0],
                lat=XIHU_POS[1], reporter=" 王建国 ", reporter_phone=" 13905710000 ",
                occurred_at="2026-11-28T09:05:00", source="transfer_110")
    inc = w.get(Incident, res["id"])
    assert (inc.reporter, inc.reporter_phone, inc.source) == ("王建国", "13905710000",
                                                              "transfer_110")
    assert inc.occurred_at == NOW - timedelta(minutes=25)  # 09:05 CST, 25 minutes earlier
    assert inc.reported_at == NOW
    assert inc.timeline[0].what == "reported"
    # Not stated: no time and no source (not "now", not a guess).
    bare = w.get(Incident, w.incident(XIHU, XIHU_POS))
    assert (bare.reporter, bare.occurred_at, bare.source) == ("", None, None)


def test_the_new_fields_are_refused_out_of_their_bounds() -> None:
    w = World()
    base = {"type_code": "12G00", "title": "Fire", "lon": XIHU_POS[0], "lat": XIHU_POS[1]}
    future = w.refused(XIHU, "incident.create", occurred_at="2026-11-28T10:00:00", **base)
    assert future.code == ErrorCode.BAD_REQUEST and "future" in str(future)
    assert w.code(XIHU, "incident.create", source="pigeon", **base) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", reporter="x" * 201, **base) == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.create", reporter_phone="1" * 201, **base) \
        == ErrorCode.BAD_REQUEST
    # A desk clock a little ahead of the server's is still now.
    w.run(XIHU, "incident.create", occurred_at="2026-11-28T09:33:00", **base)
    iid = w.incident(XIHU, XIHU_POS)
    assert w.code(XIHU, "incident.update", id=iid, occurred_at="2026-11-29T09:00:00+08:00") \
        == ErrorCode.BAD_REQUEST
    assert w.code(XIHU, "incident.update", id=iid, source="") == ErrorCode.BAD_REQUEST


def test_update_changes_the_new_fields_and_the_timeline_names_them_as_data() -> None:
    w = World()
    iid = w.incident(XIHU, XIHU_POS)
    w.run(XIHU, "incident.update", id=iid, reporter="李明", reporter_phone="0571-87000000",
          occurred_at="2026-11-28T01:00:00Z", source="media")
    inc = w.get(Incident, iid)
    assert (inc.reporter, inc.source) == ("李明", "media")
    assert inc.occurred_at == NOW - timedelta(minutes=30)
    entry = inc.timeline[-1]
    assert entry.what == "updated"
    assert entry.params == {"f.reporter": "'' → '李明'",
                            "f.reporter_phone": "'' → '0571-87000000'",
                            "f.occurred_at": "None → 2026-11-28 01:00Z",
                            "f.source": "None → 'media'"}
