"""The history queries, read back from the event log (every event carries the entity as it
was).

- ``history.entity``: the older entries of an entity's growing list (with the newest entries of
  the list at each event; entries are numbered, so a walk from the newest event back collects
  them).
- ``history.picture``: the whole picture after a past event, scoped to the asker as of then.
- ``history.events``: the events the asker could see when they happened.

"Seen then": both rebuild the state as it was (:func:`rebuild`) and evaluate the scope rules
against it, so a team of another county is in a county's picture, and its events in the
county's history, only while it was on one of the county's incidents. A rebuild starts from the
newest picture checkpoint at or below the moment (:class:`Checkpoints` writes one every
``every`` events) and streams the events after it from storage in pages: memory holds the
picture and one page, never the log.

What an entity keeps is bounded (``protocol.limits``); what the log keeps is the log's
retention: entries older than the oldest retained event are gone, and the answer says
``more`` only when entries below the lowest returned number exist.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import msgspec

from protocol.adcodes import is_within
from protocol.commands import EntityHistory, HistoryEvents, HistoryPicture
from protocol.entities import ENTITY_TYPES, GROWING_LISTS, Base, kind_of, number_of
from protocol.errors import ErrorCode
from protocol.limits import TIMELINE_TEXT, text_bytes

from .domain.api import Actor, CommandError
from .fanout import ScopeRules
from .state import State
from .storage import LoggedEvent, Store

log = logging.getLogger(__name__)
_encoder = msgspec.json.Encoder()

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


# -- rebuilding the past -----------------------------------------------------------------------
READ_PAGE = 1000  # events per storage read of a rebuild
CHECKPOINT_EVERY = 1000  # events between picture checkpoints
CHECKPOINT_PART = 500  # entities per stored part of a checkpoint
ANSWER_BYTES = 512 * 1024  # entity JSON one history.picture / history.events answer carries
SCAN_MAX = 20_000  # events one history.events answer examines; next_after_seq continues


async def stream(store: Store, after_seq: int, through_seq: int,
                 page: int = READ_PAGE) -> AsyncIterator[LoggedEvent]:
    """The events after ``after_seq`` through ``through_seq``, in seq order, read in pages."""
    while after_seq < through_seq:
        events = await store.events_between(after_seq, through_seq, page)
        if not events:
            return
        for ev in events:
            yield ev
        after_seq = events[-1].seq


async def rebuild(store: Store, seq: int, *, checkpoints: bool = True) -> State:
    """The state after event ``seq``: the newest checkpoint at or below it (``checkpoints``
    False: none, from the first event) plus the events after it."""
    state = State()
    start = 0
    if checkpoints:
        found = await store.checkpoint_below(seq)
        if found is not None:
            async for part in store.checkpoint_parts(found):
                for ent in part:
                    state.apply(ent)
            start = found
    pruned = await store.pruned_through()
    if start < pruned:
        raise CommandError(ErrorCode.NOT_FOUND,
                           f"the log before seq {pruned + 1} is no longer kept; the picture at "
                           f"seq {seq} cannot be rebuilt")
    async for ev in stream(store, start, seq):
        state.apply(ev.entity)
    state.seq = seq
    return state


def checkpoint_parts(entities: list[Base], part: int = CHECKPOINT_PART) -> list[bytes]:
    """Entities as JSON arrays of at most ``part`` entities each (at least one array)."""
    return [_encoder.encode(entities[i:i + part])
            for i in range(0, max(len(entities), 1), part)]


def interval(every: int, state: State) -> int:
    """Events between checkpoints: ``every``, or the size of the picture when it is larger, so
    the checkpoints never take more room than the log they shorten (a rebuild then costs at
    most one picture's worth of checkpoint rows plus that many events: O(picture))."""
    return max(every, state.size())


class Checkpoints:
    """Writes a picture checkpoint every :func:`interval` events, after the commit that
    crosses it: the entities are taken at once (they are replaced, never changed, so the list
    is the picture after that seq) and written by a background task, one at a time."""

    def __init__(self, store: Store, every: int = CHECKPOINT_EVERY) -> None:
        self.store = store
        self.every = every
        self.last = 0
        self._task: asyncio.Task[None] | None = None

    async def load(self) -> None:
        self.last = await self.store.last_checkpoint()

    def after_commit(self, state: State, ts: datetime) -> None:
        if self.every <= 0 or state.seq - self.last < interval(self.every, state):
            return
        if self._task is not None and not self._task.done():
            return  # the next commit tries again
        self.last = state.seq
        entities = list(state.all_entities())
        self._task = asyncio.create_task(self._write(state.seq, ts, entities),
                                         name="checkpoint")

    async def _write(self, seq: int, ts: datetime, entities: list[Base]) -> None:
        try:
            await self.store.write_checkpoint(seq, ts, checkpoint_parts(entities))
        except Exception:
            log.exception("writing the picture checkpoint at seq %d failed", seq)

    async def idle(self) -> None:
        if self._task is not None:
            await asyncio.shield(self._task)


async def write_checkpoints(store: Store, every: int = CHECKPOINT_EVERY) -> int:
    """Checkpoints for a log that has none (a database from before, a bulk-loaded log): one
    pass over the log, writing one every ``every`` events after the newest there is. Returns
    how many were written."""
    top = await store.max_seq()
    start = await store.last_checkpoint()
    state = await rebuild(store, start)
    written = 0
    async for ev in stream(store, start, top):
        state.apply(ev.entity)
        if ev.seq - start >= interval(every, state):
            parts = checkpoint_parts(list(state.all_entities()))
            await store.write_checkpoint(ev.seq, ev.ts, parts)
            start = ev.seq
            written += 1
    return written


def _aware(name: str, moment: datetime | None) -> None:
    if moment is not None and moment.tzinfo is None:
        raise CommandError(ErrorCode.BAD_REQUEST, f"{name} needs a time zone (e.g. Z or +08:00)")


def _jurisdiction_of(entity: Base) -> str:
    for name in ("jurisdiction", "issuer", "requester"):
        code = getattr(entity, name, None)
        if isinstance(code, str) and code:
            return code
    return ""


class History:
    """history.picture and history.events over one store (the coordinator answers them on
    committed seqs only). Keeps the last few rebuilt pictures, so paging through one costs one
    rebuild."""

    def __init__(self, store: Store, rules: ScopeRules, *, keep: int = 2,
                 checkpoints: bool = True) -> None:
        self.store = store
        self.rules = rules
        self.keep = keep
        self.checkpoints = checkpoints  # False: every rebuild from the first event (bench)
        self._pictures: OrderedDict[int, tuple[State, list[tuple[str, str]]]] = OrderedDict()

    async def _picture(self, seq: int) -> tuple[State, list[tuple[str, str]]]:
        found = self._pictures.get(seq)
        if found is None:
            state = await rebuild(self.store, seq, checkpoints=self.checkpoints)
            keys = sorted((kind_of(e), e.id) for e in state.all_entities())
            found = (state, keys)
            self._pictures[seq] = found
            while len(self._pictures) > self.keep:
                self._pictures.popitem(last=False)
        else:
            self._pictures.move_to_end(seq)
        return found

    async def picture(self, actor: Actor, args: HistoryPicture, committed: int
                      ) -> dict[str, Any]:
        if (args.at is None) == (args.seq is None):
            raise CommandError(ErrorCode.BAD_REQUEST, "give exactly one of at and seq")
        _aware("at", args.at)
        start: tuple[str, str] | None = None
        if args.after is not None:
            seq_text, _, rest = args.after.partition("/")
            kind, _, id = rest.partition("/")
            if not seq_text.isdigit() or not kind or not id:
                raise CommandError(ErrorCode.BAD_REQUEST, f"{args.after!r} is not a cursor of "
                                   "history.picture (pass the answer's next)")
            seq = int(seq_text)
            start = (kind, id)
        elif args.seq is not None:
            seq = args.seq
        else:
            assert args.at is not None
            seq = await self.store.seq_at(args.at)
        if seq > committed:
            if args.at is not None and args.after is None:
                seq = committed  # a moment after the last event: the present picture
            else:
                raise CommandError(ErrorCode.BAD_REQUEST,
                                   f"seq {seq} is beyond the last event ({committed})")
        state, keys = await self._picture(seq)
        i = 0 if start is None else bisect.bisect_right(keys, start)
        visible = self.rules.visible
        out: list[msgspec.Raw] = []
        size = 0
        nxt: str | None = None
        while i < len(keys):
            kind, id = keys[i]
            ent = state.get_kind(kind, id)
            i += 1
            view = visible(state, actor, ent) if ent is not None else None
            if view is None:
                continue
            data = _encoder.encode(view)
            if out and (len(out) >= args.limit or size + len(data) > ANSWER_BYTES):
                prev = keys[i - 2]
                nxt = f"{seq}/{prev[0]}/{prev[1]}"
                break
            out.append(msgspec.Raw(data))
            size += len(data)
        at = args.at if args.at is not None and args.after is None else None
        if at is None:
            at = await self.store.ts_of(seq) if seq else None
        return {"seq": seq, "at": at.isoformat() if at is not None else None,
                "entities": out, "next": nxt}

    async def events(self, actor: Actor, args: HistoryEvents, committed: int
                     ) -> dict[str, Any]:
        if args.id is not None and args.kind is None:
            raise CommandError(ErrorCode.BAD_REQUEST, "id needs kind")
        if args.kind is not None and args.kind not in ENTITY_TYPES:
            raise CommandError(ErrorCode.BAD_REQUEST, f"{args.kind!r} is not an entity kind; "
                               f"one of {', '.join(sorted(ENTITY_TYPES))}")
        _aware("from", args.from_)
        _aware("to", args.to)
        if args.from_ is not None and args.to is not None and args.to < args.from_:
            raise CommandError(ErrorCode.BAD_REQUEST, "to is before from")
        if args.after_seq is not None and args.after_seq > committed:
            raise CommandError(ErrorCode.BAD_REQUEST,
                               f"after_seq {args.after_seq} is beyond the last event ({committed})")
        start = args.after_seq or 0
        if args.from_ is not None:
            start = max(start, await self.store.seq_at(args.from_, strictly_before=True))
        end = committed
        if args.to is not None:
            end = min(end, await self.store.seq_at(args.to))
        out: list[dict[str, Any]] = []
        if start >= end:
            return {"events": out, "next_after_seq": None}
        state = await rebuild(self.store, start, checkpoints=self.checkpoints)
        visible = self.rules.visible
        size = scanned = 0
        last = start
        async for ev in stream(self.store, start, end):
            if len(out) >= args.limit or size >= ANSWER_BYTES or scanned >= SCAN_MAX:
                break
            state.apply(ev.entity)  # the state as of this event: what fan-out judged on
            last = ev.seq
            scanned += 1
            ent = ev.entity
            if args.kind is not None and kind_of(ent) != args.kind:
                continue
            if args.id is not None and ent.id != args.id:
                continue
            if args.jurisdiction is not None and not is_within(_jurisdiction_of(ent),
                                                                args.jurisdiction):
                continue
            view = visible(state, actor, ent)
            if view is None:
                continue
            data = _encoder.encode(view)
            size += len(data)
            out.append({"seq": ev.seq, "at": ev.ts.isoformat(), "op": ev.op, "actor": ev.actor,
                        "entity": msgspec.Raw(data)})
        return {"events": out, "next_after_seq": last if last < end else None}
