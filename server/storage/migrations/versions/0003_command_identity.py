"""command fingerprints, refused flag, audit rows naming their command.

Command records get a fingerprint (a reused id with other content is a conflict; older records
have none and keep answering any resend) and a refused flag (refusals are pruned after
Settings.keep_refusals), backfilled from the stored outcome; audit rows name the command they
are about.

Only what is missing is added: before revisions, schema 1 and 2 were created from the table
definitions of the day, so a database recorded at 1 or 2 may have these columns already.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_command_identity"
down_revision = "0002_telemetry_audit"


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    commands = {c["name"] for c in inspector.get_columns("commands")}
    if "fingerprint" not in commands:
        op.add_column("commands", sa.Column("fingerprint", sa.String(64), nullable=True))
    if "refused" not in commands:
        op.add_column("commands", sa.Column("refused", sa.Boolean, nullable=False,
                                            server_default=sa.false()))
        t = sa.table("commands", sa.column("outcome", sa.Text), sa.column("refused", sa.Boolean))
        op.execute(sa.update(t).where(t.c.outcome.like('{"type":"error"%')).values(refused=True))
    if "ix_commands_refused_ts" not in {i["name"] for i in inspector.get_indexes("commands")}:
        op.create_index("ix_commands_refused_ts", "commands", ["refused", "ts"])
    if "command_id" not in {c["name"] for c in inspector.get_columns("audit")}:
        op.add_column("audit", sa.Column("command_id", sa.String(200), nullable=True))
