"""Growing lists of entities (an incident's timeline, the history of an assignment, a material
request or a response): every entry is numbered, and the entity keeps only the newest entries
its declaration allows (``protocol.limits.keep_newest``). Older entries stay in the event log,
where the ``history.entity`` query reads them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import msgspec

from protocol.entities import ResponseChange, TimelineEntry
from protocol.limits import keep_newest

Entry = TypeVar("Entry", TimelineEntry, ResponseChange)


def next_number(entries: Sequence[TimelineEntry | ResponseChange]) -> int:
    """The number of the entry after ``entries`` (lists from before numbering count from 1)."""
    if not entries:
        return 1
    last = entries[-1].n
    return last + 1 if last else len(entries) + 1


def append(owner: type, field: str, entries: Sequence[Entry], entry: Entry) -> list[Entry]:
    """``entries`` with ``entry`` numbered and appended, trimmed to what ``owner.field`` keeps
    (a new list: entities are shared)."""
    grown = list(entries)
    grown.append(msgspec.structs.replace(entry, n=next_number(entries)))
    return keep_newest(owner, field, grown)
