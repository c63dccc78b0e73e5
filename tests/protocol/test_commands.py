"""Command args: every op decodes its struct; bad args fail with bad_request only."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol.commands import OPS, QUERIES, decode_args, encode_args
from protocol.errors import ErrorCode, ProtocolError


def test_queries_are_ops() -> None:
    assert set(OPS) >= QUERIES


def test_unknown_op_is_bad_request() -> None:
    with pytest.raises(ProtocolError) as info:
        decode_args("incident.explode", {})
    assert info.value.code is ErrorCode.BAD_REQUEST


def test_unknown_field_and_wrong_type_are_bad_request() -> None:
    with pytest.raises(ProtocolError):
        decode_args("incident.grade", {"id": "x", "grade": "V"})
    with pytest.raises(ProtocolError):
        decode_args("incident.grade", {"id": "x", "grade": "I", "extra": 1})
    with pytest.raises(ProtocolError):
        decode_args("stock.restock", {"depot_id": "d", "item_code": "1", "quantity": "many"})


def test_patch_args_omit_unset_fields() -> None:
    args = decode_args("incident.update", {"id": "x", "missing": 3})
    assert encode_args(args) == {"id": "x", "missing": 3, "note": ""}


def test_args_round_trip_through_encode() -> None:
    raw = {
        "hazard": "typhoon",
        "colour": "orange",
        "area": ["330324", "330328"],
        "headline": "台风橙色预警",
        "expires": "2026-11-29T00:00:00Z",
    }
    args = decode_args("warning.publish", raw)
    assert decode_args("warning.publish", encode_args(args)) == args


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(OPS)),
    st.dictionaries(st.text(max_size=12), st.none() | st.integers() | st.text(max_size=8)),
)
def test_arbitrary_args_raise_only_protocol_error(op: str, args: dict[str, object]) -> None:
    try:
        decoded = decode_args(op, args)
    except ProtocolError as exc:
        assert exc.code is ErrorCode.BAD_REQUEST
    else:
        assert isinstance(decoded, msgspec.Struct)
