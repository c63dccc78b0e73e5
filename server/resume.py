"""What a new connection gets after its welcome: the coalesced replay of what changed since its
cursor, or a fresh snapshot, and why. Pure: the caller reads the numbers (under the
coordinator's lock, so they hold while the picture is built)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from protocol.messages import Resume


class Why(enum.Enum):
    NO_CURSOR = "the hello carries no resume cursor"
    OTHER_SERVER = "the cursor is another server's (or another database's)"
    PRUNED = "the cursor is older than the retained log"
    AHEAD = "the cursor is ahead of this server's log"
    MOST_CHANGED = "most of the picture changed since the cursor: a snapshot is cheaper"
    CHANGES = "the changes since the cursor"


@dataclass(frozen=True)
class Resumption:
    replay: bool  # True: replay the changes since the cursor; False: send a snapshot
    why: Why


def resumption(cursor: Resume | None, *, server_id: str, pruned_through: int, current_seq: int,
               changed: int, picture: int) -> Resumption:
    """Replay or snapshot for a hello with ``cursor``. ``pruned_through``: the last seq no
    longer in the log (events after it are all kept); ``changed``: how many entities changed
    after the cursor; ``picture``: how many entities the log has changes for. A replay sends
    each changed entity once, so past half the picture the snapshot is the smaller answer."""
    if cursor is None:
        return Resumption(False, Why.NO_CURSOR)
    if cursor.server_id != server_id:
        return Resumption(False, Why.OTHER_SERVER)
    if cursor.last_seq < pruned_through:
        return Resumption(False, Why.PRUNED)
    if cursor.last_seq > current_seq:
        return Resumption(False, Why.AHEAD)
    if 2 * changed > picture:
        return Resumption(False, Why.MOST_CHANGED)
    return Resumption(True, Why.CHANGES)
