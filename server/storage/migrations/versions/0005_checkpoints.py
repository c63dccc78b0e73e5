"""picture checkpoints for history.picture, and the event log indexed by time.

A picture at a past seq is rebuilt from the newest checkpoint at or below it plus the events
after it, so a rebuild replays at most one checkpoint interval of the log. A database from
before has no checkpoints: its pictures are rebuilt from the first event until the server has
written some (``server.history.write_checkpoints`` writes them for an existing log).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_checkpoints"
down_revision = "0004_bounded"


def upgrade() -> None:
    inspect = sa.inspect(op.get_bind())  # a database made from schema.py may have both
    if "ix_events_ts" not in {i["name"] for i in inspect.get_indexes("events")}:
        op.create_index("ix_events_ts", "events", ["ts"])
    if inspect.has_table("checkpoints"):
        return
    op.create_table(
        "checkpoints",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("part", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.Double, nullable=False),
        sa.Column("parts", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
