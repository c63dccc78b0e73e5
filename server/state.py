"""The server's in-memory picture: every current entity by kind and id, plus indexes.

It is the materialised view of the event log: loaded from storage at start, changed only by
applying committed changes (:meth:`State.apply`), so handlers can validate commands
synchronously without touching the database.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from protocol.entities import Base, Position, kind_of

E = TypeVar("E", bound=Base)
Watcher = Callable[["State", Base | None, Base | None], None]
"""Told ``(state, before, after)`` after every change; None before: new, None after: gone."""


_TAGS: dict[type, str] = {}


def tag(cls: type[Base]) -> str:
    found = _TAGS.get(cls)
    if found is None:
        found = _TAGS[cls] = str(cls.__struct_config__.tag)
    return found


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for loading the picture, millions of objects that
    all live on, where every full collection would walk the heap built so far (it tripled the
    CPU of decoding 1M entities)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class State:
    def __init__(self) -> None:
        self._by_kind: dict[str, dict[str, Base]] = {}
        self.positions: dict[str, Position] = {}  # team id -> latest position (telemetry)
        self.seq = 0  # last seq applied
        self._watchers: list[Watcher] = []

    def get(self, cls: type[E], id: str) -> E | None:
        ent = self._by_kind.get(tag(cls), {}).get(id)
        return ent if isinstance(ent, cls) else None

    def get_kind(self, kind: str, id: str) -> Base | None:
        return self._by_kind.get(kind, {}).get(id)

    def all(self, cls: type[E]) -> Iterator[E]:
        for ent in self._by_kind.get(tag(cls), {}).values():
            if isinstance(ent, cls):
                yield ent

    def all_entities(self) -> Iterator[Base]:
        for table in self._by_kind.values():
            yield from table.values()

    def tables(self) -> Iterator[tuple[str, Mapping[str, Base]]]:
        """(kind, id -> entity) for every kind held: the picture without a kind_of per entity."""
        yield from self._by_kind.items()

    def size(self) -> int:
        """How many entities the picture holds."""
        return sum(len(table) for table in self._by_kind.values())

    def count(self, cls: type[Base]) -> int:
        return len(self._by_kind.get(tag(cls), {}))

    def watch(self, watcher: Watcher) -> None:
        """Keep a derived index in step: ``watcher`` sees every later apply and discard."""
        self._watchers.append(watcher)

    def apply(self, entity: Base) -> None:
        table = self._by_kind.setdefault(kind_of(entity), {})
        before = table.get(entity.id)
        table[entity.id] = entity
        for watcher in self._watchers:
            watcher(self, before, entity)

    def discard(self, kind: str, id: str) -> None:
        """Forget an entity. Only for undoing changes applied ahead of a commit that failed."""
        before = self._by_kind.get(kind, {}).pop(id, None)
        if before is not None:
            for watcher in self._watchers:
                watcher(self, before, None)
