"""Declared size limits (protocol.limits): every text and list has one, commands over a limit
are refused naming the field, and no entity can encode to more than 256 KiB."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import msgspec
import msgspec.inspect as mi
import pytest

from protocol import limits
from protocol.commands import OPS, decode_args
from protocol.entities import ENTITY_TYPES, Incident, TimelineEntry
from protocol.errors import ErrorCode, ProtocolError
from protocol.limits import LimitError, keep_newest

ENTITY_MAX = 256 * 1024
# The worst JSON escaping of the characters a text may hold: '"', '\\', tab, LF and CR take
# two bytes (other control characters, six as \u00XX, are refused).
ESCAPE = 2
DATETIME = 34  # "2026-12-01T13:01:39.123456+08:00"
NUMBER = 24  # a float's repr; integers are int64 (their domain ranges keep them so)


def worst(t: mi.Type, where: str, *, text: bool = True) -> int:
    """The most bytes a value of type ``t`` can encode to under the declared limits
    (``text=False``: with every string empty, the fixed part of a list entry)."""
    if isinstance(t, mi.Metadata):
        extra = t.extra or {}
        if limits.MAX_BYTES in extra:
            assert isinstance(t.type, mi.StrType), where
            return 2 + (ESCAPE * extra[limits.MAX_BYTES] if text else 0)
        if isinstance(t.type, (mi.IntType, mi.FloatType)):  # a domain range (protocol.ranges)
            return worst(t.type, where, text=text)
        assert limits.MAX_ITEMS in extra, f"{where}: metadata without a limit"
        n = extra[limits.MAX_ITEMS]
        if isinstance(t.type, mi.ListType):
            item = worst(t.type.item_type, f"{where}[]") + 1
            full = 2 + n * item
            budget = extra.get(limits.TEXT_BYTES)
            if budget is None:
                return full
            fixed = worst(t.type.item_type, f"{where}[]", text=False) + 1
            return min(full, 2 + n * fixed + ESCAPE * budget)
        assert isinstance(t.type, mi.DictType), where
        def pair(text: bool) -> int:
            return (worst(t.type.key_type, f"{where} key", text=text) + 1
                    + worst(t.type.value_type, where, text=text) + 1)
        full = 2 + n * pair(text)
        budget = extra.get(limits.TEXT_BYTES)
        if budget is None or not text:
            return full
        return min(full, 2 + n * pair(False) + ESCAPE * budget)
    if isinstance(t, mi.StrType):
        raise AssertionError(f"{where}: a text without a declared limit")
    if isinstance(t, (mi.ListType, mi.DictType)):
        raise AssertionError(f"{where}: a list or map without a declared item limit")
    if isinstance(t, mi.UnionType):
        return max(worst(x, where, text=text) for x in t.types)
    if isinstance(t, mi.StructType):
        size = 2
        if t.tag_field is not None:
            size += len(json.dumps(t.tag_field)) + 1 + len(json.dumps(t.tag)) + 1
        for f in t.fields:
            size += len(json.dumps(f.encode_name)) + 1 + worst(f.type, f"{where}.{f.name}",
                                                               text=text) + 1
        return size
    if isinstance(t, mi.EnumType):
        return max(len(json.dumps(m.value, ensure_ascii=False).encode()) for m in t.cls)
    if isinstance(t, mi.DateTimeType):
        return DATETIME
    if isinstance(t, (mi.IntType, mi.FloatType)):
        return NUMBER
    if isinstance(t, mi.BoolType):
        return 5
    if isinstance(t, mi.NoneType):
        return 4
    raise AssertionError(f"{where}: no worst case for {t!r}")


@pytest.mark.parametrize("kind", sorted(ENTITY_TYPES))
def test_no_entity_can_outgrow_256_kib(kind: str) -> None:
    cls = ENTITY_TYPES[kind]
    size = worst(mi.type_info(cls), cls.__name__)
    assert size <= ENTITY_MAX, f"{kind}: up to {size} bytes"


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_text_and_list_of_a_command_declares_a_limit(op: str) -> None:
    worst(mi.type_info(OPS[op]), OPS[op].__name__)  # raises on a field without a limit


def test_the_worst_case_bounds_a_real_maximal_incident() -> None:
    """The calculation is not too kind: an incident filled to every limit with the characters
    that escape worst encodes to less than it says."""
    now = datetime(2026, 12, 1, tzinfo=UTC)
    quote = '"'
    entry = TimelineEntry(
        ts=now,
        actor=quote * limits.REF,
        text=quote * (limits.TIMELINE_TEXT // limits.TIMELINE - limits.REF),
        n=2**62,
    )
    timeline = keep_newest(Incident, "timeline", [entry] * 1000)
    incident = Incident(
        id=quote * limits.REF, number=quote * limits.CODE, type_code=quote * limits.CODE,
        title=quote * limits.TITLE, description=quote * limits.TEXT, lon=-1.2345678901234567e-30,
        lat=1.0, jurisdiction=quote * limits.CODE, address=quote * limits.ADDRESS,
        reported_by=quote * limits.REF, merged_into=quote * limits.REF, timeline=timeline,
        updated_at=now, reported_at=now,
    )
    assert len(timeline) == limits.TIMELINE
    assert len(msgspec.json.encode(incident)) <= worst(mi.type_info(Incident), "Incident")


def test_a_text_over_its_limit_in_bytes_is_refused_naming_field_and_limit() -> None:
    fits = "灾" * (limits.TITLE // 3)  # 3 bytes each: 198 bytes
    args = {"type_code": "11A01", "title": fits, "lon": 120.7, "lat": 28.1}
    assert decode_args("incident.create", args).title == fits  # type: ignore[attr-defined]
    with pytest.raises(ProtocolError) as exc:
        decode_args("incident.create", {**args, "title": fits + "灾"})  # 201 characters' worth
    assert exc.value.code == ErrorCode.BAD_REQUEST
    assert "title" in exc.value.message and "200" in exc.value.message
    with pytest.raises(ProtocolError, match="description is 1950000 bytes.*16384"):
        decode_args("incident.update", {"id": "x", "description": "灾" * 650_000})


def test_nested_texts_and_list_lengths_are_checked() -> None:
    line = {"item_code": "x" * (limits.CODE + 1), "quantity": 1}
    with pytest.raises(ProtocolError, match=r"lines\[0\]\.item_code .*64"):
        decode_args("material.create", {"lines": [line]})
    with pytest.raises(ProtocolError, match=f"area has 129 items; the limit is {limits.AREA}"):
        decode_args("response.start", {"headquarters": "flood_drought", "hazard": "flood",
                                        "level": "IV", "area": ["330324"] * 129})
    tasks = {"IV": ["t"] * (limits.PLAN_TASKS + 1)}
    with pytest.raises(ProtocolError, match="tasks\\['IV'\\] has 41 items"):
        decode_args("plan.create", {"name": "p", "hazard": "flood", "jurisdiction": "330324",
                                    "tasks": tasks})


def test_control_characters_but_tab_and_newlines_are_refused() -> None:
    ok = decode_args("incident.note", {"id": "x", "text": "line\n\tnext\r\n"})
    assert ok.text == "line\n\tnext\r\n"  # type: ignore[attr-defined]
    with pytest.raises(ProtocolError, match="U\\+0000"):
        decode_args("incident.note", {"id": "x", "text": "a\x00b"})


def test_keep_newest_bounds_items_and_text() -> None:
    now = datetime.now(UTC)
    short = [TimelineEntry(ts=now, actor="a", text="x", n=i) for i in range(1, 501)]
    kept = keep_newest(Incident, "timeline", short)
    assert [e.n for e in kept] == list(range(301, 501))
    long = [TimelineEntry(ts=now, actor="", text="x" * limits.NOTE, n=i) for i in range(1, 30)]
    kept = keep_newest(Incident, "timeline", long)
    assert len(kept) == limits.TIMELINE_TEXT // limits.NOTE and kept[-1].n == 29
    with pytest.raises(KeyError):
        keep_newest(Incident, "title", [])
    with pytest.raises(LimitError):
        limits.check(decode_args("incident.note", {"id": "x", "text": "y"}).__class__(
            id="x", text="y" * (limits.NOTE + 1)))
