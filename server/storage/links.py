"""Storage of linked platforms: epochs, link cursors, events that came over a link, the
durable outbox (commands queued for another platform, outcomes owed to one), child
platforms and their credentials, and the quarantine of refused events.

The outbox is the ``commands`` table itself: a command waiting for its owner has
``forward_to`` set and its ``queued`` outcome carries what is forwarded; one decided here
for another platform has ``reply_to`` set until that platform confirms the outcome. So a
forwarded command is queued in the transaction that answers it ``queued``, and an outcome
is owed in the transaction that decides it: nothing is lost between the two.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from protocol.link import LOCAL_KINDS, Cursor, EpochSpan

from . import schema
from .store import NOTIFY_CHANNEL, LoggedEvent, Store, decode_entity, from_ts


def credential_hash(credential: str) -> str:
    return hashlib.sha256(credential.encode()).hexdigest()


def new_credential() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class ChildPlatform:
    adcode: str
    created: float
    removed: float | None


@dataclass(frozen=True)
class Refused:
    """An event a child sent that is not applied (the quarantine)."""

    origin: str
    seq: int
    kind: str
    entity_id: str
    reason: str
    data: str


class LinkStore:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- epochs --------------------------------------------------------------------------------
    async def start_epoch(self, first_seq: int) -> str:
        """A new epoch for this start; events after ``first_seq`` are its."""
        epoch = uuid.uuid4().hex
        async with self.store.begin() as conn:
            await conn.execute(sa.insert(schema.epochs).values(
                epoch=epoch, first_seq=first_seq, started=time.time()))
        return epoch

    async def epochs(self) -> list[EpochSpan]:
        t = schema.epochs
        async with self.store.connect() as conn:
            rows = await conn.execute(sa.select(t.c.epoch, t.c.first_seq)
                                      .order_by(t.c.started, t.c.first_seq))
            return [EpochSpan(epoch=r[0], first_seq=int(r[1])) for r in rows]

    # -- cursors -------------------------------------------------------------------------------
    async def cursor(self, direction: str, peer: str) -> Cursor | None:
        t = schema.link_cursors
        async with self.store.connect() as conn:
            row = (await conn.execute(sa.select(t.c.epoch, t.c.seq).where(
                t.c.direction == direction, t.c.peer == peer))).first()
        return None if row is None else Cursor(epoch=row[0], seq=int(row[1]))

    # -- applying a peer's events --------------------------------------------------------------
    async def append_remote(self, events: Sequence[LoggedEvent], origins: Sequence[str],
                            direction: str, peer: str, cursor: Cursor,
                            removed: Sequence[tuple[str, str]] = (),
                            refused: Sequence[Refused] = ()) -> None:
        """In one transaction under the log's lock: the entity and event rows of ``events``
        (numbered in this log), their origins, the entity rows of ``removed`` deleted, the
        ``refused`` ones quarantined, and the peer's cursor moved to ``cursor``."""
        store = self.store
        now = time.time()
        async with store.begin() as conn:
            await store.lock_log(conn)
            if events:
                await store.write_events(conn, events)
                await conn.execute(sa.insert(schema.event_origins), [
                    {"seq": ev.seq, "origin": origin}
                    for ev, origin in zip(events, origins, strict=True)])
            for kind, ent_id in removed:
                t = schema.entities
                await conn.execute(sa.delete(t).where(t.c.kind == kind, t.c.id == ent_id))
            if refused:
                await conn.execute(sa.insert(schema.link_quarantine), [
                    {"ts": now, "peer": peer, "origin": r.origin, "seq": r.seq, "kind": r.kind,
                     "entity_id": r.entity_id, "reason": r.reason, "data": r.data}
                    for r in refused])
            t = schema.link_cursors
            stmt = store._insert(t).values(direction=direction, peer=peer, epoch=cursor.epoch,
                                           seq=cursor.seq, updated=now)
            await conn.execute(stmt.on_conflict_do_update(
                index_elements=["direction", "peer"],
                set_={"epoch": cursor.epoch, "seq": cursor.seq, "updated": now}))
            if store.is_postgres and events:
                await conn.execute(sa.select(sa.func.pg_notify(NOTIFY_CHANNEL,
                                                               str(events[-1].seq))))

    async def events_for_peer(self, after_seq: int, exclude_origin: str, limit: int
                              ) -> list[tuple[LoggedEvent, str | None]]:
        """Events after ``after_seq`` not received from ``exclude_origin``, in seq order,
        with their origin (None: written here)."""
        e, o = schema.events, schema.event_origins
        q = (sa.select(e.c.seq, e.c.ts, e.c.actor, e.c.op, e.c.command_id, e.c.data, o.c.origin)
             .select_from(e.outerjoin(o, o.c.seq == e.c.seq))
             .where(e.c.seq > after_seq, e.c.kind.not_in(LOCAL_KINDS),
                    sa.or_(o.c.origin.is_(None), o.c.origin != exclude_origin))
             .order_by(e.c.seq).limit(limit))
        async with self.store.connect() as conn:
            rows = (await conn.execute(q)).all()
        return [(LoggedEvent(r[0], from_ts(r[1]), r[2], r[3], r[4], decode_entity(r[5])), r[6])
                for r in rows]

    async def count_for_peer(self, after_seq: int, exclude_origin: str) -> int:
        e, o = schema.events, schema.event_origins
        q = (sa.select(sa.func.count()).select_from(e.outerjoin(o, o.c.seq == e.c.seq))
             .where(e.c.seq > after_seq, e.c.kind.not_in(LOCAL_KINDS),
                    sa.or_(o.c.origin.is_(None), o.c.origin != exclude_origin)))
        async with self.store.connect() as conn:
            return int((await conn.execute(q)).scalar() or 0)

    # -- the outbox ----------------------------------------------------------------------------
    async def forwards(self, peer: str) -> list[str]:
        """The ``queued`` outcomes (with what to forward) of commands waiting for ``peer``,
        oldest first."""
        t = schema.commands
        async with self.store.connect() as conn:
            rows = await conn.execute(sa.select(t.c.outcome).where(t.c.forward_to == peer)
                                      .order_by(t.c.ts, t.c.id))
            return [r[0] for r in rows]

    async def replies(self, peer: str) -> list[tuple[str, str]]:
        """(command id, outcome) of commands decided here (or further on) that ``peer``
        forwarded and has not confirmed."""
        t = schema.commands
        async with self.store.connect() as conn:
            rows = await conn.execute(sa.select(t.c.id, t.c.outcome).where(
                t.c.reply_to == peer, t.c.forward_to.is_(None)).order_by(t.c.ts, t.c.id))
            return [(r[0], r[1]) for r in rows]

    async def waiting(self, peer: str) -> int:
        t = schema.commands
        async with self.store.connect() as conn:
            q = sa.select(sa.func.count()).where(sa.or_(
                t.c.forward_to == peer, sa.and_(t.c.reply_to == peer, t.c.forward_to.is_(None))))
            return int((await conn.execute(q)).scalar() or 0)

    async def settle(self, command_id: str, outcome: str, seq: int | None
                     ) -> tuple[str, str | None] | None:
        """The owner's outcome of a queued command: recorded (a resend now gets it).
        Returns (actor, reply_to), or None when it was not waiting (a repeated outcome)."""
        t = schema.commands
        async with self.store.begin() as conn:
            await self.store.lock_log(conn)
            row = (await conn.execute(sa.select(t.c.actor, t.c.reply_to).where(
                t.c.id == command_id, t.c.forward_to.is_not(None)))).first()
            if row is None:
                return None
            await conn.execute(sa.update(t).where(t.c.id == command_id).values(
                outcome=outcome, seq=seq, forward_to=None))
            return row[0], row[1]

    async def confirmed(self, peer: str, ids: Sequence[str]) -> None:
        """``peer`` has the outcomes of ``ids``: they leave the outbox."""
        if not ids:
            return
        t = schema.commands
        async with self.store.begin() as conn:
            await self.store.lock_log(conn)
            await conn.execute(sa.update(t).where(t.c.reply_to == peer, t.c.id.in_(set(ids)))
                               .values(reply_to=None))

    # -- child platforms -----------------------------------------------------------------------
    async def add_platform(self, adcode: str) -> str:
        """Register (or re-register) a child platform; returns its new credential (only its
        hash is kept: a lost credential is replaced by adding the platform again)."""
        credential = new_credential()
        t = schema.platforms
        now = time.time()
        async with self.store.begin() as conn:
            stmt = self.store._insert(t).values(adcode=adcode, created=now, removed=None,
                                                credential_hash=credential_hash(credential))
            await conn.execute(stmt.on_conflict_do_update(index_elements=["adcode"], set_={
                "credential_hash": credential_hash(credential), "removed": None,
                "created": now}))
        return credential

    async def remove_platform(self, adcode: str) -> bool:
        t = schema.platforms
        async with self.store.begin() as conn:
            res = await conn.execute(sa.update(t).where(t.c.adcode == adcode,
                                                        t.c.removed.is_(None))
                                     .values(removed=time.time()))
            return bool(res.rowcount)

    async def platforms(self, *, active_only: bool = False) -> list[ChildPlatform]:
        t = schema.platforms
        q = sa.select(t.c.adcode, t.c.created, t.c.removed).order_by(t.c.adcode)
        if active_only:
            q = q.where(t.c.removed.is_(None))
        async with self.store.connect() as conn:
            return [ChildPlatform(r[0], r[1], r[2]) for r in await conn.execute(q)]

    async def credential_ok(self, adcode: str, credential: str) -> bool:
        t = schema.platforms
        async with self.store.connect() as conn:
            row = (await conn.execute(sa.select(t.c.credential_hash).where(
                t.c.adcode == adcode, t.c.removed.is_(None)))).first()
        return row is not None and secrets.compare_digest(row[0], credential_hash(credential))

    async def quarantined(self) -> list[Refused]:
        t = schema.link_quarantine
        async with self.store.connect() as conn:
            rows = await conn.execute(sa.select(t.c.origin, t.c.seq, t.c.kind, t.c.entity_id,
                                                t.c.reason, t.c.data).order_by(t.c.id))
            return [Refused(*r) for r in rows]
