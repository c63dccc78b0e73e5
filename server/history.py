"""The ``entity.history`` query: the older entries of an entity's growing list, read back
from the event log (every event carries the entity as it was, with the newest entries of the
list at that time; entries are numbered, so a walk from the newest event back collects them).

What an entity keeps is bounded (``protocol.limits``); what the log keeps is the log's
retention: entries older than the oldest retained event are gone, and the answer says
``more`` only when entries below the lowest returned number exist.
"""

from __future__ import annotations

from typing import Any

from protocol.commands import EntityHistory
from protocol.entities import (
    Assignment,
    Base,
    Incident,
    LossReport,
    MaterialRequest,
    Response,
)
from protocol.errors import ErrorCode

from .domain.api import Actor, CommandError
from .hub import ScopeRules
from .state import State
from .storage import Store

MAX_LIMIT = 200
EVENTS_PER_READ = 64

# kind -> (entity class, list field, the field numbering its entries)
LISTS: dict[str, tuple[type[Base], str, str]] = {
    "incident": (Incident, "timeline", "n"),
    "assignment": (Assignment, "history", "n"),
    "material_request": (MaterialRequest, "history", "n"),
    "response": (Response, "history", "n"),
    "loss_report": (LossReport, "revisions", "revision"),
}


async def read(store: Store, state: State, rules: ScopeRules, actor: Actor,
               args: EntityHistory) -> dict[str, Any]:
    """Up to ``args.limit`` entries numbered below ``args.before``, oldest first."""
    spec = LISTS.get(args.kind)
    if spec is None:
        raise CommandError(ErrorCode.BAD_REQUEST,
                           f"{args.kind!r} has no history; one of {', '.join(sorted(LISTS))}")
    if not 1 <= args.limit <= MAX_LIMIT:
        raise CommandError(ErrorCode.BAD_REQUEST, f"limit must be 1..{MAX_LIMIT}, not {args.limit}")
    if args.before is not None and args.before < 1:
        raise CommandError(ErrorCode.BAD_REQUEST, f"before must be at least 1, not {args.before}")
    cls, field, number = spec
    entity = state.get(cls, args.id)
    if entity is None:
        raise CommandError(ErrorCode.NOT_FOUND, f"no {args.kind} {args.id!r}")
    if rules.visible(state, actor, entity) is not entity:  # a trimmed view has no history
        raise CommandError(ErrorCode.FORBIDDEN, f"no access to the history of {args.id}")
    current = getattr(entity, field)
    top = getattr(current[-1], number) if current else 0
    high = top + 1 if args.before is None else min(args.before, top + 1)
    low = max(1, high - args.limit)
    found: dict[int, Any] = {}

    def collect(entries: list[Any]) -> None:
        for entry in entries:
            n = getattr(entry, number)
            if low <= n < high:
                found.setdefault(n, entry)

    collect(current)
    before_seq: int | None = None
    while len(found) < high - low:
        events = await store.entity_events(args.kind, args.id, before_seq, EVENTS_PER_READ)
        for seq, logged in events:
            collect(getattr(logged, field))
            before_seq = seq
        if len(events) < EVENTS_PER_READ:
            break
    entries = [found[n] for n in sorted(found)]
    return {"kind": args.kind, "id": args.id, "field": field, "entries": entries,
            "more": low > 1}
