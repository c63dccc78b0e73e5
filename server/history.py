"""The ``entity.history`` query: the older entries of an entity's growing list, read back
from the event log (every event carries the entity as it was, with the newest entries of the
list at that time; entries are numbered, so a walk from the newest event back collects them).

What an entity keeps is bounded (``protocol.limits``); what the log keeps is the log's
retention: entries older than the oldest retained event are gone, and the answer says
``more`` only when entries below the lowest returned number exist.
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol.commands import EntityHistory
from protocol.entities import ENTITY_TYPES, GROWING_LISTS, number_of
from protocol.errors import ErrorCode
from protocol.limits import TIMELINE_TEXT, text_bytes

from .domain.api import Actor, CommandError
from .fanout import ScopeRules
from .state import State
from .storage import Store

MAX_LIMIT = 200
ANSWER_TEXT = 4 * TIMELINE_TEXT  # bytes of entry text one answer carries (at least one entry)
EVENTS_PER_READ = 64


def visible_entity(state: State, rules: ScopeRules, actor: Actor, args: EntityHistory) -> Any:
    """The entity whose history is asked for, when the actor may read it whole (synchronous:
    the coordinator runs it on committed state)."""
    spec = GROWING_LISTS.get(args.kind)
    if spec is None:
        raise CommandError(ErrorCode.BAD_REQUEST, f"{args.kind!r} has no history; one of "
                           f"{', '.join(sorted(GROWING_LISTS))}")
    if not 1 <= args.limit <= MAX_LIMIT:
        raise CommandError(ErrorCode.BAD_REQUEST, f"limit must be 1..{MAX_LIMIT}, not {args.limit}")
    if args.before is not None and args.before < 1:
        raise CommandError(ErrorCode.BAD_REQUEST, f"before must be at least 1, not {args.before}")
    entity = state.get(ENTITY_TYPES[args.kind], args.id)
    if entity is None:
        raise CommandError(ErrorCode.NOT_FOUND, f"no {args.kind} {args.id!r}")
    if rules.visible(state, actor, entity) is not entity:  # a trimmed view has no history
        raise CommandError(ErrorCode.FORBIDDEN, f"no access to the history of {args.id}")
    return entity


async def read(store: Store, entity: Any, args: EntityHistory) -> dict[str, Any]:
    """Up to ``args.limit`` entries of ``entity`` (from :func:`visible_entity`) numbered below
    ``args.before``, oldest first."""
    field, number = GROWING_LISTS[args.kind]
    current = getattr(entity, field)
    top = number_of(current[-1], number, len(current) - 1) if current else 0
    high = top + 1 if args.before is None else min(args.before, top + 1)
    low = max(1, high - args.limit)
    found: dict[int, Any] = {}

    def collect(entries: list[Any]) -> None:
        for position, entry in enumerate(entries):
            n = number_of(entry, number, position)
            if low <= n < high and n not in found:
                found[n] = msgspec.structs.replace(entry, **{number: n})  # numbered if it was not

    collect(current)
    before_seq: int | None = None
    while len(found) < high - low:
        events = await store.entity_events(args.kind, args.id, before_seq, EVENTS_PER_READ)
        for seq, logged in events:
            collect(getattr(logged, field))
            before_seq = seq
        if len(events) < EVENTS_PER_READ:
            break
    entries = _newest_within(ANSWER_TEXT, [found[n] for n in sorted(found)])
    first = number_of(entries[0], number, 0) if entries else low
    return {"kind": args.kind, "id": args.id, "field": field, "entries": entries,
            "more": first > 1}


def _newest_within(budget: int, entries: list[Any]) -> list[Any]:
    """The newest of ``entries`` whose text fits ``budget`` (at least one: an entry stored
    before the limits may be over it alone)."""
    total = 0
    for i in range(len(entries) - 1, -1, -1):
        total += text_bytes(entries[i])
        if total > budget:
            return entries[i + 1:] or entries[-1:]
    return entries
