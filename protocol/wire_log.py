"""What of a frame may reach a log: its type and size, never its content.

websockets logs every frame it sends or receives at DEBUG (``"< %s"`` with the frame), and a
frame's text is the message itself: a ``hello`` carries a password or a session token, a
``welcome`` a new token. :class:`FrameContentFilter` rewrites such records so that a data frame
shows as ``TEXT [123 bytes]``; control frames (ping, pong, close) stay as websockets wrote
them. Both ends install it on the websockets loggers before they connect::

    redact_frame_logs()   # idempotent

Pure standard library: frames are recognised by their shape (an ``opcode`` whose name is
TEXT, BINARY or CONT, and ``data``), so this module does not import websockets.
"""

from __future__ import annotations

import logging

DATA_OPCODES = frozenset({"TEXT", "BINARY", "CONT"})
WEBSOCKETS_LOGGERS = ("websockets", "websockets.server", "websockets.client")


class _Redacted:
    """Stands in for a data frame in a log record's arguments."""

    def __init__(self, opcode: str, size: int) -> None:
        self.text = f"{opcode} [{size} bytes]"

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def _redact(arg: object) -> object:
    opcode = getattr(getattr(arg, "opcode", None), "name", None)
    data = getattr(arg, "data", None)
    if opcode in DATA_OPCODES and isinstance(data, (bytes, bytearray, memoryview)):
        return _Redacted(str(opcode), len(data))
    return arg


class FrameContentFilter(logging.Filter):
    """Replace data frames among a record's arguments by their opcode and size."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_redact(a) for a in record.args)
        return True


_FILTER = FrameContentFilter()


def redact_frame_logs(names: tuple[str, ...] = WEBSOCKETS_LOGGERS) -> None:
    """Install the filter on the websockets loggers (once per logger)."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
