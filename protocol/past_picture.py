"""The picture at a past moment, as a client assembles it from ``history.picture``: ask page
by page (``after`` = the answer's ``next`` until it is null) and apply the pages as one
snapshot to a fresh :class:`~protocol.replica.Replica`. No I/O of its own: ``query`` is the
caller's (a console's link, a headless session)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import msgspec

from .entities import Base, Entity
from .messages import Snapshot
from .ranges import PICTURE_PAGE_MAX
from .replica import Replica

Query = Callable[[str, dict[str, Any]], Awaitable[Any]]


def entities_of(page: dict[str, Any]) -> list[Base]:
    """The entities of one history.picture answer (as decoded from JSON)."""
    return list(msgspec.convert(page["entities"], list[Entity]))


async def picture_at(query: Query, at: datetime, server_id: str | None = None,
                     limit: int = PICTURE_PAGE_MAX) -> Replica:
    """The asker's picture at ``at`` as a new Replica (its seq: the last event at or before
    ``at``)."""
    entities: list[Base] = []
    after: str | None = None
    seq = 0
    while True:
        args: dict[str, Any] = {"at": at.isoformat(), "limit": limit}
        if after is not None:
            args["after"] = after
        page = await query("history.picture", args)
        seq = int(page["seq"])
        entities.extend(entities_of(page))
        after = page.get("next")
        if after is None:
            break
    replica = Replica()
    replica.server_id = server_id
    replica.apply_snapshot(Snapshot(seq=seq, entities=entities, final=True))  # type: ignore[arg-type]
    return replica
