"""index of the event log by entity (the history query); growing lists of stored entities
trimmed to what an entity keeps.

An incident grown to 68.8 MiB locked every console that could see it out. Only the entity rows
change: every older entry stays in the event log, numbered by its position, where the history
query finds it. The index is created only when missing (a database recorded at 1 to 3 by the
code before revisions may have it).
"""

from __future__ import annotations

import msgspec
import sqlalchemy as sa
from alembic import op

from protocol.entities import GROWING_LISTS, Entity, within_limits

revision = "0004_bounded"
down_revision = "0003_command_identity"


def upgrade() -> None:
    conn = op.get_bind()
    if "ix_events_entity" not in {i["name"] for i in sa.inspect(conn).get_indexes("events")}:
        op.create_index("ix_events_entity", "events", ["kind", "entity_id", "seq"])
    t = sa.table("entities", sa.column("kind", sa.String), sa.column("id", sa.String),
                 sa.column("data", sa.Text))
    decoder, encoder = msgspec.json.Decoder(Entity), msgspec.json.Encoder()
    rows = conn.execute(sa.select(t.c.kind, t.c.id, t.c.data)
                        .where(t.c.kind.in_([*GROWING_LISTS, "warning"])))
    for kind, id, data in rows.all():
        entity = decoder.decode(str(data))
        bounded = within_limits(entity)
        if bounded is not entity:
            conn.execute(sa.update(t).where(t.c.kind == kind, t.c.id == id)
                         .values(data=encoder.encode(bounded).decode()))
