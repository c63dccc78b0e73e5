"""Encode and decode frames. Decoding raises only :class:`ProtocolError`."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from .errors import ErrorCode, ProtocolError
from .messages import MAX_FRAME_BYTES, ClientMessage, Msg, ServerMessage

_encoder = msgspec.json.Encoder()
_T = TypeVar("_T")
_client_decoder: msgspec.json.Decoder[ClientMessage] = msgspec.json.Decoder(ClientMessage)
_server_decoder: msgspec.json.Decoder[ServerMessage] = msgspec.json.Decoder(ServerMessage)


def encode(msg: Msg) -> bytes:
    return _encoder.encode(msg)


def encode_str(msg: Msg) -> str:
    """As :func:`encode`, as text (WebSocket text frames)."""
    return _encoder.encode(msg).decode()


def _size(data: str | bytes | bytearray | memoryview, limit: int) -> int:
    """The frame's size in bytes (a text frame arrives decoded: its UTF-8 length), exactly
    when it may exceed ``limit`` (a character is at most 4 bytes)."""
    if isinstance(data, str):
        if 4 * len(data) <= limit:
            return len(data)
        return len(data.encode("utf-8", "surrogatepass"))
    return data.nbytes if isinstance(data, memoryview) else len(data)


def _decode(decoder: msgspec.json.Decoder[_T], data: str | bytes, limit: int) -> _T:
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise ProtocolError(ErrorCode.BAD_REQUEST, "frame must be JSON text")
    size = _size(data, limit)
    if size > limit:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"frame of {size} bytes exceeds {limit}")
    try:
        return decoder.decode(data)
    except msgspec.ValidationError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"invalid message: {exc}") from None
    except msgspec.DecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"malformed JSON: {exc}") from None
    except (UnicodeDecodeError, ValueError, TypeError, RecursionError) as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"undecodable frame: {exc}") from None


def decode_client(data: str | bytes, limit: int = MAX_FRAME_BYTES) -> ClientMessage:
    """Decode a frame a client sent (what the server reads)."""
    return _decode(_client_decoder, data, limit)


def decode_server(data: str | bytes, limit: int = 64 * MAX_FRAME_BYTES) -> ServerMessage:
    """Decode a frame a server sent (what a client reads). Snapshots may be large."""
    return _decode(_server_decoder, data, limit)


def peek_command_id(data: str | bytes) -> str | None:
    """Best effort: the ``id`` of a command frame that failed to decode, to address the error."""
    try:
        raw = msgspec.json.decode(data)
    except Exception:
        return None
    ident = raw.get("id") if isinstance(raw, dict) and raw.get("type") == "command" else None
    return ident[:200] if isinstance(ident, str) else None
