"""core: meta, entities, event log, command records, users, sessions.

The tables as the first release created them; later columns come with later revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("jurisdiction", sa.String(16), nullable=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("ts", sa.Double, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("op", sa.String(64), nullable=False),
        sa.Column("command_id", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(128), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "commands",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("op", sa.String(64), nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=True),
        sa.Column("ts", sa.Double, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("jurisdiction", sa.String(16), nullable=False),
        sa.Column("units", sa.Text, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("created", sa.Double, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user", sa.String(128), sa.ForeignKey("users.name"), nullable=False),
        sa.Column("created", sa.Double, nullable=False),
        sa.Column("expires", sa.Double, nullable=False),
    )
