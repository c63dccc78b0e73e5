"""``watchfloor sim`` options that reach the simulation's configuration."""

from __future__ import annotations

import pytest

from protocol.encodings import Encoding
from simulator.cli import parse


def test_encoding_flag() -> None:
    base = ["--server", "ws://127.0.0.1:9", "--password", "x", "-v"]
    assert parse(base).encoding is None  # the link's default: $WATCHFLOOR_ENCODING, else JSON
    assert parse([*base, "--encoding", "msgpack"]).encoding is Encoding.MSGPACK
    assert parse([*base, "--encoding", "json"]).encoding is Encoding.JSON
    with pytest.raises(SystemExit):
        parse([*base, "--encoding", "cbor"])
