"""Wire encodings: JSON text frames (the default) or MessagePack binary frames, for thin links.

A client asks for one in its ``hello`` (``encoding``, always sent as JSON text); the server
says in ``welcome`` which one it uses, and from the welcome on writes every frame in it: JSON
as text frames, MessagePack (the same messages, field for field, through msgspec) as binary
frames. Either side tells the two apart by the frame's opcode, so a client that asked for
MessagePack also reads an older server's text frames, and the server reads text JSON from any
client. An encoding the server does not know gets JSON.

The server builds every frame as JSON, spliced from parts encoded once (:mod:`protocol.frames`);
a MessagePack session's frames are converted on the way out, each distinct frame once however
many sessions write it (:class:`protocol.codec.FrameTranscoder`, :class:`protocol.codec.Wire`).
"""

from __future__ import annotations

import enum


class Encoding(str, enum.Enum):
    """How frames after the hello are encoded."""

    JSON = "json"  # text frames
    MSGPACK = "msgpack"  # binary frames: MessagePack

    def __str__(self) -> str:
        return str(self.value)


def chosen(asked: str) -> Encoding:
    """The encoding a server uses for a hello's ``encoding``: the one asked for if known, else
    JSON."""
    try:
        return Encoding(asked)
    except ValueError:
        return Encoding.JSON
