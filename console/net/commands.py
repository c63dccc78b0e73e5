"""A command is checked against its op's protocol struct before the console keeps it.

The protocol defines one arguments struct per op (:data:`protocol.commands.OPS`). The console
builds that struct, and :func:`wire_args` runs it through the very decoder the server uses
(:func:`protocol.commands.decode_args`), so a wrong field type, an unknown field or a missing
one is refused here with the decoder's own words and never stored in the outbox, sent, and
only then refused by the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from protocol.commands import OPS, QUERIES, Args, decode_args, encode_args
from protocol.errors import ProtocolError


class InvalidCommand(ValueError):
    """A command the console will not queue: its op is unknown or its arguments are malformed."""

    def __init__(self, op: str, reason: str) -> None:
        super().__init__(f"{op}: {reason}")
        self.op = op
        self.reason = reason


def wire_args(op: str, args: Args | Mapping[str, Any]) -> dict[str, Any]:
    """The ``args`` of a command frame for ``op``, after checking them as the server will.

    ``args`` is the op's struct (what the console's actions build) or a plain mapping (what
    scripts and the simulator write). Raises :class:`InvalidCommand`.
    """
    spec = OPS.get(op)
    if spec is None or op in QUERIES:
        raise InvalidCommand(op, "not a command op")
    if isinstance(args, Args):
        if type(args) is not spec:
            raise InvalidCommand(op, f"takes {spec.__name__}, not {type(args).__name__}")
        raw: Any = encode_args(args)
    else:
        raw = dict(args)
    try:
        checked = decode_args(op, raw)
    except ProtocolError as exc:
        raise InvalidCommand(op, _reason(op, exc.message)) from None
    return encode_args(checked)


def _reason(op: str, message: str) -> str:
    """The decoder's sentence without the op it repeats (``"incident.grade: Expected ..."``)."""
    prefix = f"{op}: "
    return message[len(prefix):] if message.startswith(prefix) else message
