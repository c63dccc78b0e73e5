"""linked platforms: forwarded commands, event origins, epochs, link cursors, child
platforms and the quarantine of refused events (DESIGN.md section 9)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_linked_platforms"
down_revision = "0005_checkpoints"


def upgrade() -> None:
    inspect = sa.inspect(op.get_bind())
    columns = {c["name"] for c in inspect.get_columns("commands")}
    if "forward_to" not in columns:
        op.add_column("commands", sa.Column("forward_to", sa.String(16), nullable=True))
        op.add_column("commands", sa.Column("reply_to", sa.String(16), nullable=True))
        op.create_index("ix_commands_forward_to", "commands", ["forward_to"])
        op.create_index("ix_commands_reply_to", "commands", ["reply_to"])
    if inspect.has_table("event_origins"):
        return
    op.create_table(
        "event_origins",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("origin", sa.String(16), nullable=False),
    )
    op.create_table(
        "epochs",
        sa.Column("epoch", sa.String(32), primary_key=True),
        sa.Column("first_seq", sa.BigInteger, nullable=False),
        sa.Column("started", sa.Double, nullable=False),
    )
    op.create_table(
        "link_cursors",
        sa.Column("direction", sa.String(8), primary_key=True),
        sa.Column("peer", sa.String(16), primary_key=True),
        sa.Column("epoch", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("updated", sa.Double, nullable=False),
    )
    op.create_table(
        "platforms",
        sa.Column("adcode", sa.String(16), primary_key=True),
        sa.Column("credential_hash", sa.String(64), nullable=False),
        sa.Column("created", sa.Double, nullable=False),
        sa.Column("removed", sa.Double, nullable=True),
    )
    op.create_table(
        "link_quarantine",
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
