"""The client replica: a sans-I/O copy of the picture a session may see.

Feed it what the server sends (:meth:`Replica.apply`); it keeps entities by kind and id, the
latest team positions and the last applied seq, and returns a :class:`Changes` telling what
moved so that views can repaint only that. No sockets, no clock, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .entities import Base, Position, kind_of
from .messages import Event, Events, Positions, Snapshot, Welcome

E = TypeVar("E", bound=Base)


@dataclass
class Changes:
    """What one apply call changed. ``reset`` means: forget everything, reload all."""

    reset: bool = False
    changed: dict[str, set[str]] = field(default_factory=dict)  # kind -> ids added or updated
    removed: dict[str, set[str]] = field(default_factory=dict)  # kind -> ids dropped
    positions: set[str] = field(default_factory=set)  # team ids whose position moved
    events: list[Event] = field(default_factory=list)  # applied events, in order

    def __bool__(self) -> bool:
        return self.reset or bool(self.changed or self.removed or self.positions)

    def kinds(self) -> set[str]:
        return set(self.changed) | set(self.removed)

    def merge(self, other: Changes) -> None:
        if other.reset:
            self.reset = True
        for k, ids in other.changed.items():
            self.changed.setdefault(k, set()).update(ids)
            if k in self.removed:
                self.removed[k] -= ids
        for k, ids in other.removed.items():
            self.removed.setdefault(k, set()).update(ids)
            if k in self.changed:
                self.changed[k] -= ids
        self.positions |= other.positions
        self.events.extend(other.events)


class Replica:
    def __init__(self) -> None:
        self.server_id: str | None = None
        self.seq = 0
        self._by_kind: dict[str, dict[str, Base]] = {}
        self.positions: dict[str, Position] = {}
        self._pending: Snapshot | None = None  # parts of a multi-part snapshot
        self._pending_entities: list[Base] = []
        self._pending_positions: list[Position] = []
        self._local: set[tuple[str, str]] = set()  # (kind, id) held before the server has them

    # -- reading -------------------------------------------------------------------------------
    def get(self, kind: str, id: str) -> Base | None:
        return self._by_kind.get(kind, {}).get(id)

    def get_typed(self, cls: type[E], id: str) -> E | None:
        ent = self._by_kind.get(cls.__struct_config__.tag, {}).get(id)  # type: ignore[arg-type]
        return ent if isinstance(ent, cls) else None

    def all(self, kind: str) -> Iterator[Base]:
        return iter(self._by_kind.get(kind, {}).values())

    def all_typed(self, cls: type[E]) -> list[E]:
        tag = str(cls.__struct_config__.tag)
        return [e for e in self._by_kind.get(tag, {}).values() if isinstance(e, cls)]

    def ids(self, kind: str) -> list[str]:
        return list(self._by_kind.get(kind, {}))

    def count(self, kind: str) -> int:
        return len(self._by_kind.get(kind, {}))

    def kinds(self) -> list[str]:
        return list(self._by_kind)

    # -- applying ------------------------------------------------------------------------------
    def apply(self, msg: Welcome | Snapshot | Event | Events | Positions) -> Changes:
        """Apply one server message; other message types change nothing."""
        if isinstance(msg, Welcome):
            return self.apply_welcome(msg)
        if isinstance(msg, Snapshot):
            return self.apply_snapshot(msg)
        if isinstance(msg, Event):
            return self.apply_events([msg])
        if isinstance(msg, Events):
            return self.apply_events(msg.events)
        if isinstance(msg, Positions):
            return self.apply_positions(msg.positions)
        return Changes()

    def apply_welcome(self, msg: Welcome) -> Changes:
        if self.server_id is not None and self.server_id != msg.server_id:
            # Another server (a reset database): nothing we hold can be trusted.
            self._by_kind.clear()
            self._local.clear()
            self.positions.clear()
            self.seq = 0
            self.server_id = msg.server_id
            return Changes(reset=True)
        self.server_id = msg.server_id
        return Changes()

    def apply_snapshot(self, snap: Snapshot) -> Changes:
        """Accumulate snapshot parts; on the final one replace the whole picture."""
        self._pending_entities.extend(snap.entities)
        self._pending_positions.extend(snap.positions)
        if not snap.final:
            return Changes()
        by_kind: dict[str, dict[str, Base]] = {}
        for ent in self._pending_entities:
            by_kind.setdefault(kind_of(ent), {})[ent.id] = ent
        self._by_kind = by_kind
        self._local.clear()
        self.positions = {p.team_id: p for p in self._pending_positions}
        self._pending_entities = []
        self._pending_positions = []
        self.seq = snap.seq
        return Changes(reset=True)

    def apply_events(self, events: Iterable[Event]) -> Changes:
        ch = Changes()
        for ev in events:
            if ev.seq < self.seq:
                continue  # already applied (replay overlap); equal seq: same command's scope news
            ent = ev.entity
            kind = kind_of(ent)
            table = self._by_kind.setdefault(kind, {})
            if ev.removed:
                if table.pop(ent.id, None) is not None:
                    ch.removed.setdefault(kind, set()).add(ent.id)
                    ch.changed.get(kind, set()).discard(ent.id)
                if kind == "team":
                    self.positions.pop(ent.id, None)
            else:
                table[ent.id] = ent
                ch.changed.setdefault(kind, set()).add(ent.id)
                ch.removed.get(kind, set()).discard(ent.id)
            self.seq = max(self.seq, ev.seq)
            ch.events.append(ev)
        return ch

    def apply_positions(self, positions: Iterable[Position]) -> Changes:
        ch = Changes()
        table = self.positions
        get = table.get
        moved = ch.positions.add
        for p in positions:  # a province's batch is thousands: names bound once, one look-up
            tid = p.team_id
            old = get(tid)
            if old is None or old.ts <= p.ts:  # else: late arrival of an older fix
                table[tid] = p
                moved(tid)
        return ch

    # -- persistence helpers (the console's offline cache) -------------------------------------
    # -- local, provisional entities -------------------------------------------------------------
    def put_local(self, ent: Base) -> Changes:
        """Hold ``ent`` before the server has it (e.g. an incident created while offline, shown
        as pending). Local entities are never part of :meth:`to_snapshot`, and a snapshot or a
        server reset drops them; the caller puts them back while they are still pending."""
        kind = kind_of(ent)
        self._by_kind.setdefault(kind, {})[ent.id] = ent
        self._local.add((kind, ent.id))
        return Changes(changed={kind: {ent.id}})

    def drop_local(self, kind: str, id: str) -> Changes:
        if (kind, id) not in self._local:
            return Changes()
        self._local.discard((kind, id))
        self._by_kind.get(kind, {}).pop(id, None)
        return Changes(removed={kind: {id}})

    def is_local(self, kind: str, id: str) -> bool:
        return (kind, id) in self._local

    def local_ids(self, kind: str) -> set[str]:
        return {i for k, i in self._local if k == kind}

    def to_snapshot(self) -> Snapshot:
        """The whole replica as one snapshot message (for a local cache); local entities
        stay out."""
        ents: list[Any] = [e for kind, table in self._by_kind.items() for e in table.values()
                           if (kind, e.id) not in self._local]
        return Snapshot(seq=self.seq, entities=ents, positions=list(self.positions.values()))
