"""Random, well-typed but arbitrary arguments to every handler: the only way out is a result
or a CommandError (never an internal error), and a refused command changes nothing."""

from __future__ import annotations

from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.commands import decode_args
from protocol.errors import ProtocolError
from server.domain import HANDLERS
from server.domain.api import CommandError, Tx

from .domain_helpers import HANGZHOU, LUCHENG, PROVINCE, XIHU
from .test_domain_authz import args_for, world_with_everything

ACTORS = [PROVINCE, HANGZHOU, XIHU, LUCHENG]
WORLD, IDS = world_with_everything()
ALL_IDS = [v for v in IDS.values() if isinstance(v, str)]

scalars = st.one_of(
    st.integers(-5, 10**6), st.sampled_from([0, 1, -1, 2**31]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8), st.sampled_from(ALL_IDS), st.sampled_from(
        ["330106", "330000", "339999", "", " ", "I", "V", "blue", "team:x", "1010101"]),
    st.none(), st.booleans(),
)


def mutate(value: Any, draw: Any) -> Any:
    if isinstance(value, list):
        return draw(st.lists(scalars, max_size=3)) if draw(st.booleans()) else value
    if isinstance(value, dict):
        return {k: mutate(v, draw) for k, v in value.items()}
    return draw(scalars) if draw(st.booleans()) else value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(HANDLERS)), st.sampled_from(ACTORS), st.data())
def test_handlers_refuse_cleanly(op: str, actor: Any, data: st.DataObject) -> None:
    raw = mutate(args_for(op, IDS, WORLD.now), data.draw)
    try:
        args = decode_args(op, raw)
    except ProtocolError:
        return
    before = snapshot()
    tx = Tx(WORLD.state, actor, WORLD.now)
    try:
        HANDLERS[op](tx, args)
    except CommandError as exc:
        assert exc.message
    # Handlers only record changes in the Tx: the state is untouched, refused or not.
    assert snapshot() == before


def snapshot() -> bytes:
    return msgspec.json.encode(sorted(WORLD.state.all_entities(), key=lambda e: e.id))
