"""telemetry track points and the audit trail."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_telemetry_audit"
down_revision = "0001_core"

_ID = sa.BigInteger().with_variant(sa.Integer, "sqlite")  # SQLite: the rowid, autoincrementing


def upgrade() -> None:
    op.create_table(
        "track_points",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("team_id", sa.String(128), nullable=False),
        sa.Column("ts", sa.Double, nullable=False),
        sa.Column("lon", sa.Double, nullable=False),
        sa.Column("lat", sa.Double, nullable=False),
        sa.Column("speed", sa.Double, nullable=True),
        sa.Column("heading", sa.Double, nullable=True),
    )
    op.create_index("ix_track_points_team_ts", "track_points", ["team_id", "ts"])
    op.create_table(
        "audit",
        sa.Column("id", _ID, primary_key=True),
        sa.Column("ts", sa.Double, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("remote", sa.String(64), nullable=False),
        sa.Column("what", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_ts", "audit", ["ts"])
