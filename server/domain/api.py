"""The contract between the coordination core and the domain command handlers.

A handler is a plain synchronous function ``handler(tx: Tx, args) -> result``. It reads the
current picture through ``tx``, raises :class:`CommandError` to refuse, and records every
changed entity with ``tx.put(op, entity)``. Nothing is visible to anyone until the
coordinator has written all of ``tx.changes`` and the command record in one transaction;
a refused command changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from protocol.entities import Base, Position, kind_of
from protocol.enums import Role
from protocol.errors import ErrorCode
from protocol.rules import Refusal

from ..state import State, tag

E = TypeVar("E", bound=Base)


@dataclass(frozen=True)
class Actor:
    """Who issues a command: a logged-in principal (or the system, for seeding)."""

    user: str
    role: Role
    jurisdiction: str
    units: tuple[str, ...] = ()
    # A linked child platform's view (server/link.py): it keeps receiving what it once saw
    # (no removals), so its replicas follow an entity out of its scope to its final state.
    platform: bool = False

    @property
    def is_system(self) -> bool:
        return self.user == "system"


SYSTEM = Actor(user="system", role=Role.PROVINCE, jurisdiction="330000")


class CommandError(Exception):
    """A refused command. ``reason``: the rulebook's refusal, when the rulebook refused."""

    def __init__(self, code: ErrorCode, message: str, entity: Base | None = None,
                 reason: Refusal | None = None) -> None:
        super().__init__(f"{code.value}: {message}")
        self.code = code
        self.message = message
        self.entity = entity
        self.reason = reason


@dataclass
class Change:
    op: str
    entity: Base


@dataclass
class Tx:
    """One command's view of the state plus its pending changes.

    ``put`` stamps the entity with ``version = previous + 1`` and ``updated_at = now`` and makes
    it visible to later ``get`` calls in the same command.
    """

    state: State
    actor: Actor
    now: datetime
    command_id: str = ""
    expected_version: int | None = None
    changes: list[Change] = field(default_factory=list)
    _overlay: dict[tuple[str, str], Base] = field(default_factory=dict)
    # Entities a forwarding platform sent along (linked platforms): read where the state
    # lacks them; a change to one goes to its owner.
    context: dict[tuple[str, str], Base] = field(default_factory=dict)
    number_space: str = ""  # a linked platform's adcode: its own series of numbers

    # -- reading -------------------------------------------------------------------------------
    def find(self, cls: type[E], id: str) -> E | None:
        key = (tag(cls), id)
        ent = self._overlay.get(key)
        if ent is not None:
            return ent if isinstance(ent, cls) else None
        found = self.state.get(cls, id)
        if found is None and self.context:
            ent = self.context.get(key)
            return ent if isinstance(ent, cls) else None
        return found

    def get(self, cls: type[E], id: str) -> E:
        """The entity, or CommandError(not_found)."""
        ent = self.find(cls, id)
        if ent is None:
            raise CommandError(ErrorCode.NOT_FOUND, f"no {tag(cls)} {id!r}")
        return ent

    def all(self, cls: type[E]) -> list[E]:
        """Every entity of a kind, pending changes included."""
        k = tag(cls)
        out = {e.id: e for e in self.state.all(cls)}
        for (kind, id), ent in self._overlay.items():
            if kind == k and isinstance(ent, cls):
                out[id] = ent
        return list(out.values())

    def position(self, team_id: str) -> Position | None:
        return self.state.positions.get(team_id)

    def check_version(self, entity: Base) -> None:
        """Refuse with conflict (carrying the current entity) on a stale expected_version."""
        if self.expected_version is not None and self.expected_version != entity.version:
            raise CommandError(
                ErrorCode.CONFLICT,
                f"{kind_of(entity)} {entity.id} is at version {entity.version}, "
                f"not {self.expected_version}",
                entity,
            )

    # -- writing -------------------------------------------------------------------------------
    def put(self, op: str, entity: E) -> E:
        key = (kind_of(entity), entity.id)
        prev = self._overlay.get(key) or self.state.get_kind(*key) or self.context.get(key)
        if prev is not None and key in self._overlay:
            version = prev.version  # several puts in one command: one version step
        else:
            version = (prev.version if prev is not None else 0) + 1
        stamped = msgspec.structs.replace(entity, version=version, updated_at=self.now)
        self._overlay[key] = stamped
        # Keep one change per entity per op sequence; a later put of the same entity wins.
        self.changes = [c for c in self.changes if (kind_of(c.entity), c.entity.id) != key]
        self.changes.append(Change(op, stamped))
        return stamped



def result_of(entity: Base) -> dict[str, Any]:
    """The usual ack result of a command that creates or changes one entity."""
    return {"kind": kind_of(entity), "id": entity.id, "version": entity.version}
