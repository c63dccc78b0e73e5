"""Where a local CAP feed may read a message from: a file, a ``file://`` URL, or an
``http(s)://`` URL on this machine (127.0.0.1, ::1 or localhost), e.g. the bureau's message
dropped into a local folder or served by a relay on the duty desk. Nothing else is fetched:
the console never reaches out to the internet on an operator's behalf.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from protocol.limits import CAP_XML

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TIMEOUT_S = 10.0


class FeedError(ValueError):
    """The source cannot be read as a CAP message; the message says why."""


def _decode(data: bytes, where: str) -> str:
    if len(data) > CAP_XML:
        raise FeedError(f"{where} is over {CAP_XML // 1024} KiB: not a CAP message to import")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FeedError(f"{where} is not UTF-8 text") from None


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(CAP_XML + 1)
    except OSError as exc:
        raise FeedError(f"cannot read {path}: {exc.strerror or exc}") from None


def source_url(spec: str) -> str:
    """The URL to keep on the warning: the spec when it is one, else the file's file:// URL."""
    if urlsplit(spec).scheme in {"file", "http", "https"}:
        return spec
    return Path(spec).resolve().as_uri()


def read_cap(spec: str) -> str:
    """The text of the CAP document at ``spec`` (a path or an allowed URL); else FeedError."""
    parts = urlsplit(spec)
    if parts.scheme in ("", "file") or (len(parts.scheme) == 1 and spec[1:2] == ":"):
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise FeedError(f"{spec}: a file:// URL must name a file on this machine")
            path = Path(unquote(parts.path))
        else:
            path = Path(spec)
        return _decode(_read_file(path), str(path))
    if parts.scheme not in ("http", "https"):
        raise FeedError(f"{spec}: only files, file:// and http://localhost URLs are read")
    if (parts.hostname or "") not in LOCAL_HOSTS:
        raise FeedError(f"{spec}: only URLs on this machine (127.0.0.1 or localhost) are read")
    try:
        with urllib.request.urlopen(spec, timeout=TIMEOUT_S) as answer:  # noqa: S310 - checked
            return _decode(answer.read(CAP_XML + 1), spec)
    except OSError as exc:
        raise FeedError(f"cannot read {spec}: {exc}") from None
