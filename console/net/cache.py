"""Where the console keeps its files, and the local cache of the last picture.

The cache is the replica as one encoded :class:`protocol.messages.Snapshot`, written atomically
(temporary file + rename) on a timer and at exit, one file per server URL and user. When the
server cannot be reached at start, the console opens with it and marks the picture stale.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import msgspec
from platformdirs import user_data_dir

from protocol.codec import decode_server, encode
from protocol.entities import Principal
from protocol.errors import ProtocolError
from protocol.messages import Snapshot
from protocol.replica import Replica


def data_dir() -> Path:
    """The console's data directory; ``WATCHFLOOR_DATA_DIR`` overrides it (tests, kiosks)."""
    override = os.environ.get("WATCHFLOOR_DATA_DIR")
    return Path(override) if override else Path(user_data_dir("watchfloor"))


def profile_key(server_url: str, user: str) -> str:
    """A file-name-safe key for one server URL and user."""
    digest = hashlib.sha256(f"{server_url}\n{user}".encode()).hexdigest()[:16]
    safe_user = "".join(c if c.isalnum() else "_" for c in user)[:32]
    return f"{safe_user}-{digest}"


def outbox_path(server_url: str, user: str, base: Path | None = None) -> Path:
    return (base or data_dir()) / "outbox" / f"{profile_key(server_url, user)}.sqlite3"


class PictureCache:
    """The last picture of one server and user, on disk."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_profile(cls, server_url: str, user: str, base: Path | None = None) -> PictureCache:
        return cls((base or data_dir()) / "cache" / f"{profile_key(server_url, user)}.json")

    def save(self, replica: Replica, principal: Principal | None = None) -> None:
        """Write the replica (with its server id and who we are) atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = _Cached(
            server_id=replica.server_id or "",
            snapshot=msgspec.Raw(encode(replica.to_snapshot())),
            principal=principal,
        )
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(msgspec.json.encode(body))
        tmp.replace(self.path)

    def load(self, replica: Replica) -> Principal | bool:
        """Fill ``replica`` from the cache. Returns the cached principal (True if none was
        cached); False, with the replica untouched, when absent or unreadable."""
        try:
            cached = msgspec.json.decode(self.path.read_bytes(), type=_Cached)
            snap = decode_server(bytes(cached.snapshot))
        except (OSError, msgspec.DecodeError, msgspec.ValidationError, ProtocolError):
            return False
        if not isinstance(snap, Snapshot):
            return False
        replica.apply_snapshot(snap)
        replica.server_id = cached.server_id or None
        return cached.principal or True


class _Cached(msgspec.Struct):
    server_id: str
    snapshot: msgspec.Raw
    principal: Principal | None = None
