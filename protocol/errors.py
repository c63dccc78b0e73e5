"""Error codes of the wire protocol and the one exception the protocol raises."""

from __future__ import annotations

from .labels import LabeledEnum


class ErrorCode(LabeledEnum):
    BAD_REQUEST = ("bad_request", "Bad request", "请求无效")
    UNAUTHORIZED = ("unauthorized", "Not authenticated", "未认证")
    FORBIDDEN = ("forbidden", "Not allowed", "无权操作")
    NOT_FOUND = ("not_found", "Not found", "对象不存在")
    CONFLICT = ("conflict", "Conflict", "版本冲突")
    RATE_LIMITED = ("rate_limited", "Too many requests", "请求过于频繁")
    UNSUPPORTED_VERSION = ("unsupported_version", "Unsupported protocol version", "协议版本不支持")
    TOO_LARGE = ("too_large", "Message too large", "消息过大")
    INTERNAL = ("internal", "Internal error", "内部错误")
    # Not done, nothing recorded: the server could not write (its storage is locked by another
    # process); send the same command again later. Appended last: codes are never reordered.
    UNAVAILABLE = ("unavailable", "Temporarily unavailable", "暂时不可用")


# Answers that say the command was not run and nothing of it was recorded, so the same command
# (same id) may be sent again as it is: the storage was busy, or the connection was over its
# command rate. A client keeps such a command pending and resends it after a while.
RETRY_LATER = frozenset({ErrorCode.UNAVAILABLE, ErrorCode.RATE_LIMITED})


class ProtocolError(Exception):
    """Raised for any input the protocol refuses. Carries a wire error code."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(f"{code.value}: {message}")
        self.code = code
        self.message = message


# WebSocket close codes used by the server (4000-4999 is the application range).
CLOSE_UNAUTHORIZED = 4001  # hello refused (unauthorized, rate_limited) or session revoked
CLOSE_UNSUPPORTED_VERSION = 4002  # hello named a protocol version the server does not speak
CLOSE_PROTOCOL_ABUSE = 4003  # too many malformed or refused frames in a row
CLOSE_SLOW_CONSUMER = 4004  # send queue overflowed; reconnect and resume from last_seq
CLOSE_HANDSHAKE_TIMEOUT = 4005  # no hello in time
CLOSE_ORIGIN_REFUSED = 4006  # browser Origin header present (HTTP 403 before upgrade)
CLOSE_SERVER_SHUTDOWN = 1001  # going away
CLOSE_INTERNAL_ERROR = 1011  # a server fault after a commit (fan-out); reconnect and resume
CLOSE_NORMAL = 1000  # after a logout
