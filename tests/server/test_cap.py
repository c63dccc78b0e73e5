from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from protocol.entities import Warning
from protocol.enums import WarningMsgType, WarningState
from protocol.errors import ErrorCode

from .domain_helpers import ADMIN, HANGZHOU, LUCHENG, PROVINCE, WENZHOU, XIHU, World

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


def parse(xml: str) -> ET.Element:
    root = ET.fromstring(xml.encode())
    assert root.tag == "{urn:oasis:names:tc:emergency:cap:1.2}alert"
    return root


def text(el: ET.Element, path: str) -> str:
    found = el.find(path, NS)
    assert found is not None, path
    return found.text or ""


def publish(w: World) -> str:
    return str(w.run(WENZHOU, "warning.publish", hazard="typhoon", colour="orange",
                     area=["330302", "330303"], headline="台风橙色预警",
                     text="预计12小时内平均风力10级以上",
                     expires=(w.now + timedelta(hours=12)).isoformat())["id"])


def test_publish_gives_a_cap_alert() -> None:
    w = World()
    wid = publish(w)
    res = w.run(LUCHENG, "warning.cap", id=wid)
    assert w.last is not None and w.last.changes == []  # a query
    warning = w.get(Warning, wid)
    root = parse(res["xml"])
    assert text(root, "cap:identifier") == warning.identifier == res["identifier"]
    assert text(root, "cap:sender") == "330300@watchfloor.zj"
    assert text(root, "cap:sent") == "2026-11-28T09:30:00+08:00"
    assert (text(root, "cap:status"), text(root, "cap:msgType"), text(root, "cap:scope")) == (
        "Actual", "Alert", "Public")
    assert root.find("cap:references", NS) is None
    info = root.find("cap:info", NS)
    assert info is not None
    assert text(info, "cap:language") == "zh-CN"
    assert text(info, "cap:category") == "Met"
    assert text(info, "cap:event") == "台风橙色预警"
    assert (text(info, "cap:urgency"), text(info, "cap:severity"),
            text(info, "cap:certainty")) == ("Expected", "Severe", "Likely")
    assert text(info, "cap:onset") == "2026-11-28T09:30:00+08:00"
    assert text(info, "cap:expires") == "2026-11-28T21:30:00+08:00"
    assert text(info, "cap:senderName") == "温州市应急管理局"
    assert text(info, "cap:headline") == "台风橙色预警"
    assert text(info, "cap:description") == "预计12小时内平均风力10级以上"
    assert text(info, "cap:area/cap:areaDesc") == "鹿城区、龙湾区"
    codes = [text(g, "cap:value") for g in info.findall("cap:area/cap:geocode", NS)]
    assert codes == ["330302", "330303"]


def test_update_and_cancel_reference_the_earlier_messages() -> None:
    w = World()
    wid = publish(w)
    first = w.get(Warning, wid).identifier
    w.tick(30)
    w.run(WENZHOU, "warning.update", id=wid, colour="red", headline="台风红色预警")
    updated = w.get(Warning, wid)
    assert updated.msg_type == WarningMsgType.UPDATE and updated.identifier != first
    assert updated.references == [f"330300@watchfloor.zj,{first},2026-11-28T09:30:00+08:00"]
    root = parse(w.run(WENZHOU, "warning.cap", id=wid)["xml"])
    assert text(root, "cap:msgType") == "Update"
    assert first in text(root, "cap:references")
    assert text(root, "cap:info/cap:severity") == "Extreme"
    w.tick(30)
    w.run(WENZHOU, "warning.cancel", id=wid, note="台风已减弱")
    cancelled = w.get(Warning, wid)
    assert cancelled.state == WarningState.CANCELLED
    assert cancelled.msg_type == WarningMsgType.CANCEL and len(cancelled.references) == 2
    root = parse(w.run(PROVINCE, "warning.cap", id=wid)["xml"])
    refs = text(root, "cap:references").split(" ")
    assert [r.split(",")[1] for r in refs] == [first, updated.identifier]
    assert text(root, "cap:msgType") == "Cancel"
    assert w.code(WENZHOU, "warning.update", id=wid, headline="again") == ErrorCode.CONFLICT


def test_exercise_status_and_province_sender() -> None:
    w = World()
    wid = w.run(PROVINCE, "warning.publish", hazard="geological", colour="blue",
                area=["330000"], headline="地质灾害风险蓝色预警", msg_status="Exercise",
                expires=(w.now + timedelta(days=1)).isoformat())["id"]
    root = parse(w.run(XIHU, "warning.cap", id=wid)["xml"])
    assert text(root, "cap:status") == "Exercise"
    assert text(root, "cap:info/cap:category") == "Geo"
    assert text(root, "cap:info/cap:senderName") == "浙江省应急管理厅"
    assert text(root, "cap:info/cap:urgency") == "Future"


def test_warning_refusals() -> None:
    w = World()
    exp = (w.now + timedelta(hours=6)).isoformat()
    base = {"hazard": "rainstorm", "colour": "yellow", "headline": "暴雨黄色预警",
            "expires": exp}
    assert w.code(WENZHOU, "warning.publish", area=["330106"], **base) == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "warning.publish", area=[], **base) == ErrorCode.BAD_REQUEST
    assert w.code(WENZHOU, "warning.publish", area=["000000"], **base) == ErrorCode.BAD_REQUEST
    assert w.code(WENZHOU, "warning.publish", area=["330302"],
                  **{**base, "headline": " "}) == ErrorCode.BAD_REQUEST
    assert w.code(WENZHOU, "warning.publish", area=["330302"],
                  **{**base, "expires": w.now.isoformat()}) == ErrorCode.BAD_REQUEST
    for too_far in ({"expires": (w.now + timedelta(days=91)).isoformat()},
                    {"onset": "9999-01-01T00:00:00+08:00",
                     "expires": "9999-01-02T00:00:00+08:00"}):
        assert w.code(WENZHOU, "warning.publish", area=["330302"], **{**base, **too_far}) \
            == ErrorCode.BAD_REQUEST
    assert w.code(ADMIN, "warning.publish", area=["330302"], **base) == ErrorCode.FORBIDDEN
    wid = w.run(WENZHOU, "warning.publish", area=["330302"], **base)["id"]
    assert w.code(WENZHOU, "warning.update", id=wid) == ErrorCode.BAD_REQUEST
    assert w.code(WENZHOU, "warning.update", id=wid,
                  expires=(w.now + timedelta(days=365)).isoformat()) == ErrorCode.BAD_REQUEST
    assert w.code(LUCHENG, "warning.update", id=wid, headline="x") == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "warning.update", expected_version=4, id=wid, headline="x") \
        == ErrorCode.CONFLICT
    assert w.code(HANGZHOU, "warning.cap", id=wid) == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "warning.cap", id="x") == ErrorCode.NOT_FOUND


def test_times_without_offset_are_china_standard_time() -> None:
    w = World()
    wid = w.run(WENZHOU, "warning.publish", hazard="gale", colour="yellow", area=["330302"],
                headline="大风黄色预警", onset="2026-11-28T10:00:00",
                expires="2026-11-28T22:00:00")["id"]
    warning = w.get(Warning, wid)
    assert warning.expires - warning.onset == timedelta(hours=12)
    root = parse(w.run(WENZHOU, "warning.cap", id=wid)["xml"])
    assert text(root, "cap:info/cap:onset") == "2026-11-28T10:00:00+08:00"
    w.run(WENZHOU, "warning.update", id=wid, expires="2026-11-29T06:00:00")
    assert w.code(WENZHOU, "warning.update", id=wid, expires="2026-11-28T09:00:00") \
        == ErrorCode.BAD_REQUEST
