"""PostgreSQL: a group-commit batch in few round trips.

Through SQLAlchemy each table's multi-row INSERT, each read and the NOTIFY was a statement of
its own, one round trip each: eleven per batch with BEGIN, the advisory lock, the catch-up
and COMMIT. Here a batch's writes are ONE statement: data-modifying CTEs that insert the
entity, event, command and audit rows from arrays (``unnest``) and then notify; its two
lookups (disabled users, stored command records) are one more. Same rows, same transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from .store import AuditRow, CommandRecord, LoggedEvent, StoredCommand

_PARTS = {
    "events": """ent AS (
    INSERT INTO entities (kind, id, version, jurisdiction, data)
    SELECT * FROM unnest(CAST(:e_kind AS text[]), CAST(:e_id AS text[]),
                         CAST(:e_version AS integer[]), CAST(:e_jurisdiction AS text[]),
                         CAST(:e_data AS text[]))
    ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version,
        jurisdiction = excluded.jurisdiction, data = excluded.data
), ev AS (
    INSERT INTO events (seq, ts, actor, op, command_id, kind, entity_id, data)
    SELECT * FROM unnest(CAST(:v_seq AS bigint[]), CAST(:v_ts AS double precision[]),
                         CAST(:v_actor AS text[]), CAST(:v_op AS text[]),
                         CAST(:v_command_id AS text[]), CAST(:v_kind AS text[]),
                         CAST(:v_entity_id AS text[]), CAST(:v_data AS text[]))
)""",
    "commands": """cmd AS (
    INSERT INTO commands (id, actor, op, outcome, seq, ts, fingerprint, refused, forward_to,
                          reply_to)
    SELECT * FROM unnest(CAST(:c_id AS text[]), CAST(:c_actor AS text[]),
                         CAST(:c_op AS text[]), CAST(:c_outcome AS text[]),
                         CAST(:c_seq AS bigint[]), CAST(:c_ts AS double precision[]),
                         CAST(:c_fingerprint AS text[]), CAST(:c_refused AS boolean[]),
                         CAST(:c_forward_to AS text[]), CAST(:c_reply_to AS text[]))
)""",
    "audit": """aud AS (
    INSERT INTO audit (ts, actor, remote, what, outcome, detail, command_id)
    SELECT * FROM unnest(CAST(:a_ts AS double precision[]), CAST(:a_actor AS text[]),
                         CAST(:a_remote AS text[]), CAST(:a_what AS text[]),
                         CAST(:a_outcome AS text[]), CAST(:a_detail AS text[]),
                         CAST(:a_command_id AS text[]))
)""",
}


@functools.cache
def write_statement(parts: tuple[str, ...]) -> sa.TextClause:
    """The one statement writing ``parts`` (a table left out is not named: a database at an
    older schema, before its migration, may lack a column of it), then the NOTIFY."""
    ctes = ",\n".join(_PARTS[p] for p in parts)
    return sa.text((f"WITH {ctes}\n" if ctes else "")
                   + "SELECT pg_notify(:channel, CAST(:last_seq AS text)) "
                   "WHERE CAST(:last_seq AS text) IS NOT NULL")


READS = sa.text("""
SELECT true, id, outcome, actor, op, fingerprint FROM commands WHERE id = ANY(:ids)
UNION ALL
SELECT false, name, NULL, NULL, NULL, NULL FROM users WHERE disabled AND name = ANY(:names)
""")


def write(events: Sequence[LoggedEvent], commands: Sequence[CommandRecord],
          audit: Sequence[AuditRow], now: float, channel: str
          ) -> tuple[sa.TextClause, dict[str, Any]]:
    """The statement and its parameters."""
    from .store import entity_row, to_ts

    parts: list[str] = []
    params: dict[str, Any] = {"channel": channel,
                              "last_seq": str(events[-1].seq) if events else None}
    if events:
        ents: dict[tuple[str, str], tuple[str, str, int, str | None, str]] = {}
        rows = []
        for ev in events:
            row = entity_row(ev)
            ents[(row[0], row[1])] = row  # the last change of an entity in the batch wins
            rows.append((ev.seq, to_ts(ev.ts), ev.actor, ev.op, ev.command_id, row[0], row[1],
                         row[4]))
        parts.append("events")
        params |= _columns("e", ("kind", "id", "version", "jurisdiction", "data"),
                           ents.values())
        params |= _columns("v", ("seq", "ts", "actor", "op", "command_id", "kind",
                                 "entity_id", "data"), rows)
    if commands:
        parts.append("commands")
        params |= _columns("c", ("id", "actor", "op", "outcome", "seq", "ts", "fingerprint",
                                 "refused", "forward_to", "reply_to"),
                           [(c.id, c.actor, c.op, c.outcome, c.seq, now, c.fingerprint,
                             c.refused, c.forward_to, c.reply_to) for c in commands])
    if audit:
        parts.append("audit")
        params |= _columns("a", ("ts", "actor", "remote", "what", "outcome", "detail",
                                 "command_id"),
                           [(r.ts, r.actor, r.remote, r.what, r.outcome, r.detail,
                             r.command_id) for r in audit])
    return write_statement(tuple(parts)), params


def _columns(prefix: str, names: Sequence[str], rows: Iterable[Sequence[Any]]
             ) -> dict[str, list[Any]]:
    """Rows as one array per column: ``{prefix_name: [...]}``."""
    columns: list[list[Any]] = [[] for _ in names]
    for row in rows:
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return {f"{prefix}_{name}": column for name, column in zip(names, columns, strict=True)}


def read_params(names: Iterable[str], ids: Iterable[str]) -> dict[str, list[str]]:
    return {"names": sorted(set(names)), "ids": sorted(set(ids))}


def read_rows(rows: Iterable[Sequence[Any]]) -> tuple[set[str], dict[str, StoredCommand]]:
    """(disabled users, stored command records) from the rows of :data:`READS`."""
    from .store import StoredCommand

    disabled, stored = set(), {}
    for is_command, key, outcome, actor, op, fingerprint in rows:
        if is_command:
            stored[key] = StoredCommand(outcome, actor, op, fingerprint)
        else:
            disabled.add(key)
    return disabled, stored
