"""Server settings: one immutable record, defaults fit for production, tests shorten timers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from protocol.messages import MAX_FRAME_BYTES

from .login_throttle import ThrottlePolicy


def default_db_url() -> str:
    """SQLite in the user's data directory (created on demand)."""
    folder = Path(user_data_dir("watchfloor"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite+aiosqlite:///{folder / 'watchfloor.db'}"


@dataclass(frozen=True)
class Settings:
    db_url: str = ""  # empty: default_db_url()
    host: str = "127.0.0.1"
    port: int = 8765
    retain_events: int | None = None  # keep only the newest N events; None keeps all
    # Records of refused commands are kept this long (seconds), then pruned: a console that
    # resends such a command later than this (it never got the refusal) has it run afresh.
    # Records of acknowledged commands are kept forever (a resend must never apply twice).
    keep_refusals: float = 30 * 86400.0
    prune_interval: float = 3600.0  # seconds between prunings of those records
    busy_timeout: float = 10.0  # SQLite: a write waits this long for another process's lock
    # A picture checkpoint every this many events: history.picture replays at most this many.
    checkpoint_every: int = 1000
    # -- connections ---------------------------------------------------------------------------
    hello_timeout: float = 10.0  # seconds a client has to send its hello
    ping_interval: float = 20.0
    ping_timeout: float = 20.0
    close_timeout: float = 2.0
    # Frames up to max_frame_bytes are accepted; larger ones up to 2x get a too_large error frame;
    # beyond that websockets closes the connection with 1009 (message too big).
    max_frame_bytes: int = MAX_FRAME_BYTES
    session_ttl: float = 12 * 3600.0  # session token lifetime, seconds
    # Sessions (tokens) per user; a login beyond it ends the user's oldest session. None: no cap.
    max_sessions_per_user: int | None = 20
    login_throttle: ThrottlePolicy = (
        ThrottlePolicy()
    )  # failed password hellos: server/login_throttle.py
    commands_per_second: float = 50.0
    command_burst: int = 100
    positions_per_second: float = 10.0  # per represented unit
    abuse_limit: int = 20  # consecutive bad frames before CLOSE_PROTOCOL_ABUSE
    # -- fan-out -------------------------------------------------------------------------------
    events_per_frame: int = 500
    # ... and an events frame takes no more events once it holds this many bytes: with entities
    # of at most 256 KiB (protocol.limits) every frame stays far below what a client accepts.
    events_frame_bytes: int = 4 * 1024 * 1024
    coalesce_interval: float = 0.01  # events flushed at most this often (at once when idle)
    send_queue_limit: int = 20_000  # events queued for one session before CLOSE_SLOW_CONSUMER
    send_queue_bytes: int = 64 * 1024 * 1024  # ... or bytes of events (an entity: <= 256 KiB)
    position_interval: float = 0.1  # at most 10 position batches per second per session
    snapshot_part_bytes: int = 512 * 1024
    # -- background ----------------------------------------------------------------------------
    flush_interval: float = 1.0  # track points and audit rows are written this often
    flush_batch: int = 500  # ... or as soon as this many are buffered
    # Connections whose session ended in another process (user disable, user passwd, logout or
    # the session cap on another instance, expiry) are closed within this.
    user_poll_interval: float = 2.0
    session_purge_interval: float = 3600.0  # expired session tokens are deleted this often
    # Linked platforms (server/link.py). ``platform``: this platform's adcode (None: the
    # province's, at the top); ``upstream``: the parent's URL; ``link_credential``: the file
    # ``watchfloor platform add`` wrote on the parent.
    platform: str | None = None
    upstream: str | None = None
    link_credential: str | None = None
    link_retry_max: float = 5.0  # seconds between attempts to reach the parent, at most
    link_batch: int = 500  # events per link_events frame
    link_status_interval: float = 1.0  # link status to consoles at most this often
    link_ca: str | None = None  # wss: the CA file that signs the parent's certificate
    link_cert: str | None = None  # mutual TLS: this platform's certificate and key (PEM)
    peer_poll_interval: float = 5.0  # PostgreSQL: read other instances' events at least this often

    @property
    def url(self) -> str:
        return self.db_url or default_db_url()
