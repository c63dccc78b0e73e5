"""The audit trail's buffer: rows not written in a command's own transaction wait here.

Where an audit row is written, and why:

- A command that reaches the coordinator's batch (acknowledged, refused by its handler, a
  resend, a reused id, a disabled user's) gets its row in the batch's own transaction
  (``Store.append``): the row commits with the outcome or not at all, so an acknowledgement
  implies its audit row and no storage fault can separate them. It costs one more multi-row
  INSERT per batch, not a transaction.
- Everything else (logins, frames refused before the coordinator, queries, commands whose
  batch failed in storage) is buffered here and written every ``flush_interval``. A row leaves
  the buffer only once its INSERT committed: a failed flush puts the rows back, in order, for
  the next one. The buffer is bounded: past :data:`BACKLOG_LIMIT` rows (a storage fault lasting
  far longer than any the server rides out) the oldest are dropped, counted in
  :attr:`AuditTrail.dropped` and logged, rather than letting memory grow without end.
"""

from __future__ import annotations

import logging
import time

from protocol.errors import ErrorCode
from protocol.messages import Ack, Error, Queued

from .storage import AuditRow

log = logging.getLogger(__name__)

BACKLOG_LIMIT = 100_000  # buffered rows (about 30 MB); beyond it the oldest are dropped


def audit_row(actor: str, remote: str, what: str,
              outcome: Ack | Error | Queued | ErrorCode | str, detail: str = "",
              command_id: str | None = None) -> AuditRow:
    """One row: ``outcome`` is "ok" for an Ack, the error code for an Error (its message the
    detail unless one is given), else the code or text given."""
    if isinstance(outcome, Ack):
        code = "ok"
    elif isinstance(outcome, Error):
        code, detail = outcome.code.value, detail or outcome.message
    elif isinstance(outcome, Queued):  # forwarded to the platform that owns the entity
        code, detail = "queued", detail or f"for platform {outcome.owner}"
    else:
        code = str(outcome)
    return AuditRow(time.time(), _storable(actor, 128), _storable(remote, 64),
                    _storable(what, 64), code, _storable(detail, 1000),
                    None if command_id is None else _storable(command_id, 200))


def _storable(text: str, width: int) -> str:
    """Client-supplied text as an audit column can keep it (PostgreSQL text holds no NUL):
    one unstorable row would fail the whole flush."""
    return text[:width].replace("\x00", "\ufffd")


class AuditTrail:
    """Rows waiting to be written, oldest first."""

    def __init__(self, limit: int = BACKLOG_LIMIT) -> None:
        self.limit = limit
        self.dropped = 0  # rows given up since start (only past ``limit``)
        self._rows: list[AuditRow] = []

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, row: AuditRow) -> None:
        self._rows.append(row)
        self._bound()

    def take(self) -> list[AuditRow]:
        """Everything buffered; hand it back with :meth:`put_back` unless it was written."""
        rows, self._rows = self._rows, []
        return rows

    def put_back(self, rows: list[AuditRow]) -> None:
        """Rows whose write failed go back ahead of those buffered since."""
        self._rows[:0] = rows
        self._bound()

    def _bound(self) -> None:
        over = len(self._rows) - self.limit
        if over > 0:
            del self._rows[:over]
            before, self.dropped = self.dropped, self.dropped + over
            if before == 0 or before // 10_000 != self.dropped // 10_000:  # not once per row
                log.error("audit backlog over %d rows: dropping the oldest (%d since start)",
                          self.limit, self.dropped)
