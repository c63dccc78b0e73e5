"""``watchfloor console --encoding``: the choices the link understands."""

from __future__ import annotations

import pytest

from console.qt.shell.app import parse_args
from protocol.encodings import Encoding


def test_encoding_flag() -> None:
    assert parse_args([]).encoding is None  # the link's default: $WATCHFLOOR_ENCODING, else JSON
    assert Encoding(parse_args(["--encoding", "msgpack"]).encoding) is Encoding.MSGPACK
    with pytest.raises(SystemExit):
        parse_args(["--encoding", "cbor"])
