"""CAP 1.2 exchange: exports pass the OASIS schema; other authorities' messages import.

The meteorological bureau's messages here are written as such a bureau writes them (its own
sender, identifiers and 12-digit township codes); the round trip imports Watchfloor's own
export into a second, separate state.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.entities import Warning
from protocol.enums import WarningColour, WarningMsgStatus, WarningMsgType, WarningState
from protocol.errors import ErrorCode, ProtocolError
from protocol.limits import CAP_XML
from server.domain.api import CommandError
from server.domain.cap_schema import errors
from tests.fixtures.cap_messages import SENDER, bureau_cap

from .domain_helpers import HANGZHOU, LUCHENG, PROVINCE, WENZHOU, World


def warnings(w: World) -> list[Warning]:
    return [e for e in w.state.all_entities() if isinstance(e, Warning)]


def imported(w: World, xml: str, actor=WENZHOU) -> Warning:  # type: ignore[no-untyped-def]
    res = w.run(actor, "warning.import_cap", xml=xml, source_url="file:///feeds/qx.xml")
    return w.get(Warning, res["id"])  # type: ignore[no-any-return]


@pytest.mark.parametrize("colour", list(WarningColour))
@pytest.mark.parametrize("status", ["Actual", "Exercise"])
def test_every_export_passes_the_schema(colour: WarningColour, status: str) -> None:
    w = World()
    wid = w.run(WENZHOU, "warning.publish", hazard="typhoon", colour=colour.value,
                area=["330302", "330303"], headline="台风预警", text="<&> 风力10级",
                msg_status=status, expires=(w.now + timedelta(hours=12)).isoformat())["id"]
    states = [w.run(WENZHOU, "warning.cap", id=wid)["xml"]]
    w.tick(10)
    w.run(WENZHOU, "warning.update", id=wid, headline="台风预警（更新）")
    states.append(w.run(WENZHOU, "warning.cap", id=wid)["xml"])
    w.tick(10)
    w.run(WENZHOU, "warning.cancel", id=wid, note="解除")
    states.append(w.run(WENZHOU, "warning.cap", id=wid)["xml"])
    for xml in states:
        assert errors(xml) == []
    assert errors(states[0].replace("<scope>Public</scope>", "")) != []  # the check can fail


def test_a_bureau_alert_becomes_a_warning_with_its_source() -> None:
    w = World()
    warning = imported(w, bureau_cap())
    assert (warning.hazard.value, warning.colour, warning.area) == (
        "rainstorm", WarningColour.YELLOW, ["330302", "330303"])
    assert warning.identifier == "ZJQX-20261128-0930-0001"
    assert warning.source_sender == SENDER and warning.source_name == "浙江省气象台"
    assert warning.source_url == "file:///feeds/qx.xml"
    assert warning.msg_status == WarningMsgStatus.ACTUAL and warning.issuer == "330300"
    assert warning.onset.isoformat() == "2026-11-28T10:00:00+08:00"
    assert warning.text == "预计未来6小时鹿城、龙湾累计雨量将达50毫米以上。\n\n注意防范城市内涝。"
    # what we export of it is still the bureau's message, and valid
    xml = w.run(LUCHENG, "warning.cap", id=warning.id)["xml"]
    assert errors(xml) == [] and f"<sender>{SENDER}</sender>" in xml
    assert "浙江省气象台" in xml
    # local officers cannot rewrite what the bureau said
    assert w.code(WENZHOU, "warning.update", id=warning.id, headline="x") == ErrorCode.CONFLICT


def test_exercise_stays_exercise_and_a_duplicate_changes_nothing() -> None:
    w = World()
    first = imported(w, bureau_cap(status="Exercise"))
    assert first.msg_status == WarningMsgStatus.EXERCISE
    again = w.run(WENZHOU, "warning.import_cap", xml=bureau_cap(status="Exercise"))
    assert again["id"] == first.id and again["imported"] is False
    assert w.changed() == [] and len(warnings(w)) == 1


def test_update_and_cancel_apply_to_the_imported_warning() -> None:
    w = World()
    first = imported(w, bureau_cap())
    ref = f"{SENDER},{first.identifier},2026-11-28T09:30:00+08:00"
    w.tick(60)
    updated = imported(w, bureau_cap(identifier="ZJQX-0002", msg_type="Update", references=ref,
                                     event="暴雨橙色预警", severity="Severe"))
    assert updated.id == first.id and updated.colour == WarningColour.ORANGE
    assert updated.msg_type == WarningMsgType.UPDATE and updated.identifier == "ZJQX-0002"
    assert updated.references == [ref]
    cancel_ref = f"{SENDER},ZJQX-0002,2026-11-28T09:30:00+08:00"
    cancelled = imported(w, bureau_cap(identifier="ZJQX-0003", msg_type="Cancel",
                                       references=f"{ref} {cancel_ref}"))
    assert cancelled.id == first.id and cancelled.state == WarningState.CANCELLED
    assert cancelled.colour == WarningColour.YELLOW  # the Cancel's info, as it said
    assert len(warnings(w)) == 1
    orphan = bureau_cap(identifier="ZJQX-0009", msg_type="Update",
                        references=f"{SENDER},nothing,2026-11-28T09:30:00+08:00")
    assert "references no warning" in w.refused(WENZHOU, "warning.import_cap",
                                                xml=orphan).message


def test_a_bare_cancel_needs_only_its_reference() -> None:
    w = World()
    first = imported(w, bureau_cap(event="大风橙色预警"))
    bare = bureau_cap(identifier="ZJQX-C", msg_type="Cancel",
                      references=f"{SENDER},{first.identifier},2026-11-28T09:30:00+08:00")
    start, end = bare.index("<info>"), bare.index("</info>") + len("</info>")
    cancelled = imported(w, bare[:start] + bare[end:])
    assert cancelled.state == WarningState.CANCELLED and cancelled.identifier == "ZJQX-C"
    assert (cancelled.colour, cancelled.hazard.value) == (WarningColour.ORANGE, "gale")


def test_round_trip_through_a_second_server() -> None:
    a, b = World(), World()
    wid = a.run(PROVINCE, "warning.publish", hazard="typhoon", colour="red",
                area=["330300", "330302"], headline="台风红色预警", text="预计风力12级以上",
                msg_status="Exercise", expires=(a.now + timedelta(hours=24)).isoformat())["id"]
    original = a.get(Warning, wid)
    xml = a.run(PROVINCE, "warning.cap", id=wid)["xml"]
    copy = imported(b, xml, actor=PROVINCE)
    fields = ("identifier", "hazard", "colour", "area", "headline", "text", "onset",
              "expires", "msg_status", "msg_type", "sent", "issuer")
    assert {f: getattr(copy, f) for f in fields} == {f: getattr(original, f) for f in fields}
    assert copy.source_sender == "330000@watchfloor.zj" and copy.source_name == "浙江省应急管理厅"
    # its export is the same message again
    assert b.run(PROVINCE, "warning.cap", id=copy.id)["xml"] == xml
    # and importing our own export at home is a duplicate, not a second warning
    assert a.run(PROVINCE, "warning.import_cap", xml=xml)["imported"] is False


def test_two_cities_each_import_their_part_of_one_message() -> None:
    w = World()
    both = bureau_cap(codes=("330106", "330302"))
    wenzhou = imported(w, both)
    hangzhou = imported(w, both, actor=HANGZHOU)
    assert (wenzhou.area, hangzhou.area) == (["330302"], ["330106"])
    assert w.run(HANGZHOU, "warning.import_cap", xml=both)["id"] == hangzhou.id
    ref = f"{SENDER},{wenzhou.identifier},2026-11-28T09:30:00+08:00"
    cancel = bureau_cap(identifier="ZJQX-X", msg_type="Cancel", references=ref,
                        codes=("330106", "330302"))
    assert imported(w, cancel).id == wenzhou.id
    assert w.get(Warning, hangzhou.id).state == WarningState.ACTIVE  # Hangzhou's is its own
    assert w.get(Warning, wenzhou.id).state == WarningState.CANCELLED


def test_area_is_clipped_to_the_importer() -> None:
    w = World()
    warning = imported(w, bureau_cap(codes=("330000",)))  # a province-wide message
    assert warning.area == ["330300"]
    both = imported(w, bureau_cap(identifier="B", codes=("330106", "330302", "110101")))
    assert both.area == ["330302"]  # Hangzhou's county is not Wenzhou's to hold
    assert w.code(WENZHOU, "warning.import_cap",
                  xml=bureau_cap(identifier="C", codes=("330106",))) == ErrorCode.BAD_REQUEST


XXE = """<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>"""
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>"""


@pytest.mark.parametrize(("xml", "why"), [
    ("<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>x", "not well-formed"),
    (XXE, "DOCTYPE"),
    (BOMB, "DOCTYPE"),
    (bureau_cap(ns="urn:oasis:names:tc:emergency:cap:1.1"), "not a CAP 1.2 alert"),
    (bureau_cap().replace("<scope>Public</scope>", ""), "not valid CAP 1.2"),
    (bureau_cap(status="Test"), "status Test"),
    (bureau_cap(status="Draft"), "status Draft"),
    (bureau_cap(status="System"), "status System"),
    (bureau_cap(event="沙尘暴预警"), "names no hazard"),
    (bureau_cap(codes=("110101",)).replace("鹿城区、龙湾区", "东城区"), "no area in Zhejiang"),
    (bureau_cap(expires="2026-11-28T09:00:00+08:00"), "expire after its onset"),
])
def test_bad_messages_are_refused_and_change_nothing(xml: str, why: str) -> None:
    w = World()
    err = w.refused(WENZHOU, "warning.import_cap", xml=xml)
    assert err.code == ErrorCode.BAD_REQUEST and why in err.message, err.message
    assert warnings(w) == []


def test_oversized_and_who_may_import() -> None:
    w = World()
    padding = "<!--" + "x" * CAP_XML + "-->"
    big = bureau_cap().replace("<scope>", padding + "<scope>")
    err = w.refused(WENZHOU, "warning.import_cap", xml=big)
    assert err.code == ErrorCode.BAD_REQUEST and "limit" in str(err)
    assert w.code(LUCHENG, "warning.import_cap", xml=bureau_cap()) == ErrorCode.FORBIDDEN
    assert warnings(w) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 2000), length=st.integers(0, 40), junk=st.text(max_size=30),
       year=st.sampled_from(["9999", "0001", "2026"]))
def test_any_damaged_message_is_refused_cleanly(cut: int, length: int, junk: str,
                                                year: str) -> None:
    """Cut, spliced or out-of-era messages: imported or refused with bad_request, nothing
    else (no crash, no partial change)."""
    w = World()
    xml = bureau_cap(expires=f"{year}-12-31T23:30:00-12:00")
    xml = xml[:cut] + junk + xml[cut + length:]
    try:
        w.run(WENZHOU, "warning.import_cap", xml=xml)
    except (CommandError, ProtocolError) as exc:
        assert exc.code == ErrorCode.BAD_REQUEST
        assert warnings(w) == []
