"""Encode and decode frames. Decoding raises only :class:`ProtocolError`.

Frames are JSON text, or MessagePack binary on a connection that negotiated it
(:mod:`protocol.encodings`): the decoders take ``binary``, the encoding of binary frames on
the connection (a text frame is JSON whatever was negotiated; a binary frame is JSON unless
MessagePack was). A client's MessagePack frame is read through its JSON form, so the server
gets exactly what the same message sent as JSON would give (datetimes as text in ``args``,
no NaN, string keys) and the same checks apply; a server's is decoded straight into the
typed messages.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TypeVar

import msgspec

from .encodings import Encoding
from .errors import ErrorCode, ProtocolError
from .link import LinkHello
from .messages import MAX_FRAME_BYTES, ClientMessage, Msg, ServerMessage

_encoder = msgspec.json.Encoder()
_msgpack_encoder = msgspec.msgpack.Encoder()
_T = TypeVar("_T")
_client_decoder: msgspec.json.Decoder[ClientMessage] = msgspec.json.Decoder(ClientMessage)
_server_decoder: msgspec.json.Decoder[ServerMessage] = msgspec.json.Decoder(ServerMessage)
_hello_decoder: msgspec.json.Decoder[ClientMessage | LinkHello] = msgspec.json.Decoder(
    ClientMessage | LinkHello)
_server_msgpack: msgspec.msgpack.Decoder[ServerMessage] = msgspec.msgpack.Decoder(ServerMessage)
_msgpack_values = msgspec.msgpack.Decoder()


def encode(msg: Msg) -> bytes:
    return _encoder.encode(msg)


def encode_str(msg: Msg) -> str:
    """As :func:`encode`, as text (WebSocket text frames)."""
    return _encoder.encode(msg).decode()


def encode_msgpack(msg: Msg) -> bytes:
    """A message as MessagePack (a binary frame)."""
    return _msgpack_encoder.encode(msg)


def encode_as(msg: Msg, encoding: Encoding) -> str | bytes:
    """A message as the frame to send on a connection in ``encoding``: text for JSON, bytes
    (a binary frame) for MessagePack. Datetimes in ``args`` and other free values go as text,
    as they would in JSON."""
    if encoding is Encoding.MSGPACK:
        return _msgpack_encoder.encode(msgspec.to_builtins(msg))
    return encode_str(msg)


def _size(data: str | bytes | bytearray | memoryview, limit: int) -> int:
    """The frame's size in bytes (a text frame arrives decoded: its UTF-8 length), exactly
    when it may exceed ``limit`` (a character is at most 4 bytes)."""
    if isinstance(data, str):
        if 4 * len(data) <= limit:
            return len(data)
        return len(data.encode("utf-8", "surrogatepass"))
    return data.nbytes if isinstance(data, memoryview) else len(data)


def _check_size(data: str | bytes | bytearray | memoryview, limit: int) -> None:
    size = _size(data, limit)
    if size > limit:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"frame of {size} bytes exceeds {limit}")


def _decode(decoder: msgspec.json.Decoder[_T] | msgspec.msgpack.Decoder[_T], data: str | bytes,
            limit: int, form: str = "JSON") -> _T:
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise ProtocolError(ErrorCode.BAD_REQUEST, "frame must be JSON text")
    _check_size(data, limit)
    try:
        return decoder.decode(data)  # type: ignore[arg-type]
    except msgspec.ValidationError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"invalid message: {exc}") from None
    except msgspec.DecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"malformed {form}: {exc}") from None
    except (UnicodeDecodeError, ValueError, TypeError, RecursionError) as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"undecodable frame: {exc}") from None


def _msgpack_as_json(data: bytes | bytearray | memoryview, limit: int) -> bytes:
    """A MessagePack frame's JSON form (its limit checked first)."""
    _check_size(data, limit)
    try:
        return _encoder.encode(_msgpack_values.decode(data))
    except msgspec.DecodeError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"malformed MessagePack: {exc}") from None
    except (msgspec.EncodeError, UnicodeDecodeError, ValueError, TypeError, OverflowError,
            RecursionError) as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST,
                            f"MessagePack with no JSON form: {exc}") from None


def decode_client(data: str | bytes, limit: int = MAX_FRAME_BYTES,
                  binary: Encoding = Encoding.JSON) -> ClientMessage:
    """Decode a frame a client sent (what the server reads); ``binary``: see the module."""
    if binary is Encoding.MSGPACK and isinstance(data, (bytes, bytearray, memoryview)):
        data = _msgpack_as_json(data, limit)  # its JSON form is checked against the limit too
    return _decode(_client_decoder, data, limit)


def decode_hello(data: str | bytes, limit: int = MAX_FRAME_BYTES) -> ClientMessage | LinkHello:
    """Decode a connection's first frame: a client's ``hello`` (or any client frame, which
    the server refuses there), or a linked platform's ``link_hello``."""
    return _decode(_hello_decoder, data, limit)


def decode_server(data: str | bytes, limit: int = 64 * MAX_FRAME_BYTES,
                  binary: Encoding = Encoding.JSON) -> ServerMessage:
    """Decode a frame a server sent (what a client reads). Snapshots may be large."""
    if binary is Encoding.MSGPACK and isinstance(data, (bytes, bytearray, memoryview)):
        return _decode(_server_msgpack, data, limit, "MessagePack")
    return _decode(_server_decoder, data, limit)


def peek_command_id(data: str | bytes, binary: Encoding = Encoding.JSON) -> str | None:
    """Best effort: the ``id`` of a command frame that failed to decode, to address the error."""
    try:
        if binary is Encoding.MSGPACK and isinstance(data, (bytes, bytearray, memoryview)):
            raw = _msgpack_values.decode(data)
        else:
            raw = msgspec.json.decode(data)
    except Exception:
        return None
    ident = raw.get("id") if isinstance(raw, dict) and raw.get("type") == "command" else None
    return ident[:200] if isinstance(ident, str) else None


# -- the server's MessagePack frames -----------------------------------------------------------
def json_to_msgpack(frame: bytes) -> bytes:
    """A server frame built as JSON, as MessagePack: decoded into its typed message and encoded
    again (datetimes become MessagePack timestamps; free values such as an ack's ``result``
    keep their JSON form). A frame the typed decoder refuses (none should) is converted value
    for value instead, so the session still gets it."""
    try:
        return _msgpack_encoder.encode(_server_decoder.decode(frame))
    except (msgspec.ValidationError, msgspec.DecodeError):
        return _msgpack_encoder.encode(msgspec.json.decode(frame))


class FrameTranscoder:
    """Converts JSON frames to MessagePack once each: a bounded LRU keyed by the frame's bytes
    (equal frames built for different sessions share one conversion, not only the same object).
    It holds at most ``max_entries`` frames and ``max_bytes`` of them (JSON and MessagePack
    together); a frame over an eighth of that is converted without being kept."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 16 << 20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._cache: OrderedDict[bytes, bytes] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.conversions = 0

    def __len__(self) -> int:
        return len(self._cache)

    def __contains__(self, frame: bytes) -> bool:
        return frame in self._cache

    def msgpack(self, frame: bytes) -> bytes:
        cache = self._cache
        found = cache.get(frame)
        if found is not None:
            self.hits += 1
            cache.move_to_end(frame)
            return found
        self.conversions += 1
        converted = json_to_msgpack(frame)
        size = len(frame) + len(converted)
        if size <= self.max_bytes // 8:
            cache[frame] = converted
            self._bytes += size
            while len(cache) > self.max_entries or self._bytes > self.max_bytes:
                old, old_converted = cache.popitem(last=False)
                self._bytes -= len(old) + len(old_converted)
        return converted


class Wire:
    """One session's outgoing encoding: :meth:`outgoing` turns a JSON frame into what to write
    and whether it goes as a text frame (the identity for JSON)."""

    def __init__(self, encoding: Encoding = Encoding.JSON,
                 transcoder: FrameTranscoder | None = None) -> None:
        self.encoding = encoding
        self.transcoder = transcoder if transcoder is not None else FrameTranscoder()

    def outgoing(self, frame: bytes) -> tuple[bytes, bool]:
        if self.encoding is Encoding.JSON:
            return frame, True
        return self.transcoder.msgpack(frame), False
