"""Table definitions (SQLAlchemy Core). The revisions in migrations/versions/ create them;
a change here needs a new revision there (tests/server/test_migrations.py compares the two)."""

from __future__ import annotations

import sqlalchemy as sa

METADATA = sa.MetaData()

meta = sa.Table(
    "meta",
    METADATA,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

entities = sa.Table(
    "entities",
    METADATA,
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("jurisdiction", sa.String(16), nullable=True),
    sa.Column("data", sa.Text, nullable=False),  # the entity, msgspec JSON with its kind tag
)

events = sa.Table(
    "events",
    METADATA,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),  # gap-free
    sa.Column("ts", sa.Double, nullable=False),  # unix seconds
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("op", sa.String(64), nullable=False),
    sa.Column("command_id", sa.String(200), nullable=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(128), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)
# The events of one entity, newest first (the history.entity query).
events_by_entity = sa.Index("ix_events_entity", events.c.kind, events.c.entity_id, events.c.seq)
# -- schema 5 -- the moment of a time (history.picture at=..., history.events from=...).
events_by_ts = sa.Index("ix_events_ts", events.c.ts)

# -- schema 5 -- the whole picture after event ``seq``, in parts of a bounded number of
# entities (each part a JSON array of entities with their kind tags): history.picture at seq S
# starts from the newest checkpoint at or below S and replays at most the events after it.
checkpoints = sa.Table(
    "checkpoints",
    METADATA,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("part", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("ts", sa.Double, nullable=False),  # the time of event ``seq``
    sa.Column("parts", sa.Integer, nullable=False),  # how many parts the checkpoint has
    sa.Column("data", sa.Text, nullable=False),
)

commands = sa.Table(
    "commands",
    METADATA,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("op", sa.String(64), nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),  # the Ack or Error frame, JSON
    sa.Column("seq", sa.BigInteger, nullable=True),
    sa.Column("ts", sa.Double, nullable=False),
    # -- schema 3 --
    sa.Column("fingerprint", sa.String(64), nullable=True),  # sha256 of op + args; NULL: older
    sa.Column("refused", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_commands_refused_ts", "refused", "ts"),
    # -- schema 6 (linked platforms) --
    # The platform the command waits for (its outcome is ``queued``); NULL: decided here.
    sa.Column("forward_to", sa.String(16), nullable=True),
    # The platform that forwarded it and has not confirmed the outcome yet.
    sa.Column("reply_to", sa.String(16), nullable=True),
    sa.Index("ix_commands_forward_to", "forward_to"),
    sa.Index("ix_commands_reply_to", "reply_to"),
)

users = sa.Table(
    "users",
    METADATA,
    sa.Column("name", sa.String(128), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("jurisdiction", sa.String(16), nullable=False),
    sa.Column("units", sa.Text, nullable=False, default="[]"),  # JSON list of team ids
    sa.Column("password_hash", sa.Text, nullable=False),  # Argon2id
    sa.Column("display_name", sa.String(200), nullable=False, default=""),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("created", sa.Double, nullable=False),
)

sessions = sa.Table(
    "sessions",
    METADATA,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 hex of the token
    sa.Column("user", sa.String(128), sa.ForeignKey("users.name"), nullable=False),
    sa.Column("created", sa.Double, nullable=False),
    sa.Column("expires", sa.Double, nullable=False),
)

track_points = sa.Table(
    "track_points",
    METADATA,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("team_id", sa.String(128), nullable=False),
    sa.Column("ts", sa.Double, nullable=False),
    sa.Column("lon", sa.Double, nullable=False),
    sa.Column("lat", sa.Double, nullable=False),
    sa.Column("speed", sa.Double, nullable=True),
    sa.Column("heading", sa.Double, nullable=True),
    sa.Index("ix_track_points_team_ts", "team_id", "ts"),
)

audit = sa.Table(
    "audit",
    METADATA,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("ts", sa.Double, nullable=False),
    sa.Column("actor", sa.String(128), nullable=False),
    sa.Column("remote", sa.String(64), nullable=False),
    sa.Column("what", sa.String(64), nullable=False),  # op, or hello / frame / position
    sa.Column("outcome", sa.String(32), nullable=False),  # "ok" or an error code
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("command_id", sa.String(200), nullable=True),  # schema 3; NULL: not a command
    sa.Index("ix_audit_ts", "ts"),
)


# -- schema 6: linked platforms (protocol/link.py, server/link.py) ---------------------------
# Events that came over a link: where they were written first (``^``: from the parent).
# Events without a row here were written by this platform.
event_origins = sa.Table(
    "event_origins",
    METADATA,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("origin", sa.String(16), nullable=False),
)

# One row per start: a cursor names (epoch, seq), so a database restored from a backup (which
# lacks the epochs begun after it) refuses cursors into the history it lost.
epochs = sa.Table(
    "epochs",
    METADATA,
    sa.Column("epoch", sa.String(32), primary_key=True),
    sa.Column("first_seq", sa.BigInteger, nullable=False),
    sa.Column("started", sa.Double, nullable=False),
)

# How far this platform has applied a peer's log: ("down", parent) on a child, ("up", child)
# on a parent; written in the transaction that applies the events.
link_cursors = sa.Table(
    "link_cursors",
    METADATA,
    sa.Column("direction", sa.String(8), primary_key=True),
    sa.Column("peer", sa.String(16), primary_key=True),
    sa.Column("epoch", sa.String(32), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("updated", sa.Double, nullable=False),
)

# The child platforms of this one (``watchfloor platform add``); removed ones keep their row.
platforms = sa.Table(
    "platforms",
    METADATA,
    sa.Column("adcode", sa.String(16), primary_key=True),
    sa.Column("credential_hash", sa.String(64), nullable=False),  # sha256 hex
    sa.Column("created", sa.Double, nullable=False),
    sa.Column("removed", sa.Double, nullable=True),
)

# Events a child sent that this platform refused (outside its jurisdiction, a kind it may not
# publish): kept, audited, never applied; later events still flow.
link_quarantine = sa.Table(
    "link_quarantine",
    METADATA,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("ts", sa.Double, nullable=False),
    sa.Column("peer", sa.String(16), nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("entity_id", sa.String(128), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)
