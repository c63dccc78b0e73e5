"""``link.effect``: the part of a command decided on another platform that changes an entity
this platform owns (protocol/link.py). The deciding platform sent the entity as it saw it
(``base``) and as the command left it (``entity``); the owner merges that change into its
own current entity field by field (:func:`protocol.link.merge3`), so a change the owner made
meanwhile is kept, and logs the result as its own change."""

from __future__ import annotations

from typing import Any

import msgspec

from protocol.entities import Entity, kind_of
from protocol.link import merge3

from .api import Tx, result_of


class Effect(msgspec.Struct, kw_only=True):
    op: str
    base: Entity | None = None
    entity: Entity


def apply_effect(tx: Tx, args: Effect) -> dict[str, Any]:
    theirs = args.entity
    ours = tx.state.get_kind(kind_of(theirs), theirs.id)
    if ours is None:
        return result_of(tx.put(args.op, theirs))
    merged = merge3(args.base if args.base is not None else ours, ours, theirs)
    if merged is ours:
        return result_of(ours)
    return result_of(tx.put(args.op, merged))
