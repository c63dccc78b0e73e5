"""Any console table as CSV: a header row of its column titles (in the interface language),
then one row per entity the table shows, each cell the text the table shows.

Written as UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from protocol.entities import Base
from protocol.replica import Replica

from .tables import Table

ENCODING = "utf-8-sig"


def table_rows(table: Table, replica: Replica) -> list[list[str]]:
    """The header and the rows of ``table`` over every entity of its kind in ``replica``."""
    entities: Iterable[Base] = replica.all(table.kind)
    return [[c.title for c in table.columns],
            *([c.text(e) for c in table.columns] for e in entities)]


def write_csv(table: Table, replica: Replica, path: Path) -> int:
    """Write the table to ``path``; the number of rows written after the header."""
    rows = table_rows(table, replica)
    with path.open("w", encoding=ENCODING, newline="") as f:
        csv.writer(f).writerows(rows)
    return len(rows) - 1
