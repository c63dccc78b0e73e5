"""The coordinator: executes commands one at a time against the state and the event log.

Flow of :meth:`Coordinator.execute`: decode args -> queries are answered at once, on committed
state only (:meth:`Coordinator._committed`) -> the command joins the queue; a single worker takes
everything queued (group commit) and, under the lock, opens ONE transaction that first takes
the log's write lock (PostgreSQL: an advisory lock, then catching up with events other
instances wrote; SQLite: ``BEGIN IMMEDIATE``) and then reads, as of that lock:

- the disabled flags of the batch's users: a disabled user's command is refused with
  ``unauthorized``. ``UserStore.disable`` takes the same lock, so once ``watchfloor user
  disable`` has returned no command of that user commits (one indexed SELECT per batch);
- the stored records of the batch's command ids: a known id with the same actor, op and args
  (the fingerprint) returns the stored outcome and is never applied twice; with anything else
  it is a ``conflict`` naming the id.

Then each handler runs on a :class:`Tx`, one command after another, each seeing the changes of
those before -> the transaction writes entity rows, event rows (seq = last + 1 ..., gap-free,
in commit order), the command records and an audit row per command -> commit -> only then
state.seq advances, the hub fans out and callers get their acks (a failed commit undoes the
changes; no query saw them). A refused command (the handler raised
CommandError) gets a command record too, so a resend gets the same refusal, for
``Settings.keep_refusals``.

Audit: a batch's rows commit with its outcomes, so an ack implies its audit row; everything
else is buffered until written (server/audit_trail.py says why). Storage busy: when another
process holds the SQLite file past the busy timeout, the batch's commands get ``unavailable``
(nothing recorded: a resend runs them) and the log says so once per episode.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import msgspec

from protocol.commands import (
    QUERIES,
    Args,
    EntityHistory,
    HistoryEvents,
    HistoryPicture,
    TeamTrack,
    check_expected_version,
    decode_args,
)
from protocol.entities import Base, Jurisdiction, Team, kind_of
from protocol.enums import Role
from protocol.errors import CLOSE_INTERNAL_ERROR, ErrorCode, ProtocolError
from protocol.link import Cursor, Tree, owner_of
from protocol.messages import Ack, Error, Forward, LinkActor, Queued

from . import history
from .audit_trail import AuditTrail, audit_row
from .domain.api import SYSTEM, Actor, CommandError, Tx
from .hub import Hub
from .state import State, collector_paused
from .storage import ChangeRef, CommandRecord, LoggedEvent, Store
from .storage.links import LinkStore, Refused
from .storage.store import StoredCommand, command_fingerprint, is_busy
from .storage.writer import NotNew

log = logging.getLogger(__name__)

Handler = Callable[[Tx, Any], Any]
_T = TypeVar("_T")
Outcome = Ack | Error | Queued
_outcome_decoder = msgspec.json.Decoder(Ack | Error | Queued)
_encoder = msgspec.json.Encoder()

TRACK_QUERY = "team.track"
HISTORY_QUERY = "history.entity"
EVENTS_QUERY = "history.events"
PICTURE_QUERY = "history.picture"
MAX_COMMAND_ID = 200  # characters: the width of the command id columns in storage


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Pending:
    actor: Actor
    cid: str
    op: str
    args: Args
    expected_version: int | None
    handler: Handler
    remote: str
    future: asyncio.Future[Outcome]
    fingerprint: str
    reply_to: str | None = None  # forwarded by this platform (a linked one)
    context: dict[tuple[str, str], Base] | None = None  # what the forwarding platform sent

    def same_command(self, stored: StoredCommand) -> bool:
        """Whether a stored record under this id is this command (a resend): same actor, op
        and args. A record from before fingerprints (schema 3) matches any resend."""
        if stored.fingerprint is None:
            return True
        return (stored.actor, stored.op, stored.fingerprint) == (
            self.actor.user, self.op, self.fingerprint)


class Coordinator:
    def __init__(
        self,
        store: Store,
        state: State,
        hub: Hub,
        handlers: dict[str, Handler],
        *,
        server_id: str,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.state = state
        self.hub = hub
        self.handlers = handlers
        self.server_id = server_id
        self.clock = clock
        self.lock = asyncio.Lock()
        self.track_reader: Callable[[TeamTrack], Any] | None = None  # set by telemetry
        self.max_batch = 256  # commands per group-commit transaction
        # (kind, id) -> the entity's last logged change: a coalesced replay without the log.
        self.last_change: dict[tuple[str, str], ChangeRef] = {}
        self._pending: list[_Pending] = []
        # The batch in flight: what its changes replaced, in order (its undo list).
        self._uncommitted: list[tuple[tuple[str, str], Base | None]] = []
        self._worker: asyncio.Task[None] | None = None
        self.audit_trail = AuditTrail()
        self.busy_since: float | None = None  # monotonic: storage busy since (None: not busy)
        self._busy_refused = 0
        self.history = history.History(store, hub.rules)
        self.checkpoints = history.Checkpoints(store)
        # Linked platforms (server/link.py): this platform's place in the tree (alone by
        # default: it owns everything), and who to wake when the outbox or the log moved.
        self.tree = Tree()
        self.links = LinkStore(store)
        self.on_commit: Callable[[], None] | None = None  # the log moved (events to send)
        self.on_outbox: Callable[[], None] | None = None  # the outbox moved (after the commit)
        self._outbox_written = False  # by the batch in flight

    # -- startup -------------------------------------------------------------------------------
    async def load(self, jurisdictions: Callable[[], Iterable[Jurisdiction]]) -> None:
        """Load the state from storage; at first start, log the jurisdictions in. Entities,
        the last seq and the last changes come from one snapshot: read on separate
        connections, another instance's commit in between would make this one claim events
        it never loaded."""
        with collector_paused():  # what it loads is long-lived: no collection walks it meanwhile
            async with self.store.snapshot() as conn:
                for ent in await self.store.load_entities(conn):
                    self.state.apply(ent)
                self.state.seq = await self.store.max_seq(conn)
                for ref in await self.store.last_changes(conn):
                    self.last_change[(ref.kind, ref.entity_id)] = ref
        await self.checkpoints.load()
        if self.state.count(Jurisdiction) == 0:
            await self.append_system("jurisdiction.load", list(jurisdictions()))

    async def append_system(self, op: str, entities: list[Base]) -> int:
        """Log entities in as the system actor (no handler): one event per entity not yet in
        the state (another instance may have logged them first)."""
        async with self.lock:
            async with self.store.begin() as conn:
                await self.store.lock_log(conn)
                await self._catch_up(conn)
                tx = Tx(self.state, SYSTEM, self.clock(), command_id="")
                for ent in entities:
                    if self.state.get_kind(*_key(ent)) is None:
                        tx.put(op, ent)
                events = self._events_of(tx, self.state.seq)
                await self.store.append(conn, events)
            for ev in events:
                self.state.apply(ev.entity)
            self._publish(events)
            return self.state.seq

    # -- commands ------------------------------------------------------------------------------
    async def execute(
        self,
        actor: Actor,
        op: str,
        raw_args: Any,
        *,
        command_id: str | None = None,
        expected_version: int | None = None,
        remote: str = "",
        reply_to: str | None = None,
        handler: Handler | None = None,
        context: list[Base] | None = None,
    ) -> Outcome:
        """Run one command; never raises for bad input (it becomes an Error outcome).
        ``reply_to``: a linked platform forwarded it (its outcome is owed there);
        ``handler``: an internal op the public table does not serve (``link.effect``)."""
        cid = command_id or uuid.uuid4().hex
        if len(cid) > MAX_COMMAND_ID or not cid.isprintable():  # storage could not keep it
            err = Error(id=cid, code=ErrorCode.BAD_REQUEST,
                        message=f"a command id is at most {MAX_COMMAND_ID} printable characters")
            self.audit(actor.user, remote, op, err, command_id=cid)
            return err
        try:
            if handler is not None:
                args = raw_args
            else:
                args = decode_args(op, raw_args)
                check_expected_version(op, args, expected_version)
        except ProtocolError as exc:
            err = Error(id=cid, code=exc.code, message=exc.message)
            self.audit(actor.user, remote, op, err, command_id=cid)
            return err
        if op in QUERIES:
            return await self._query(actor, cid, op, args, remote)
        handler = handler or self.handlers.get(op)
        if handler is None:
            err = Error(id=cid, code=ErrorCode.BAD_REQUEST, message=f"op {op!r} is not served")
            self.audit(actor.user, remote, op, err, command_id=cid)
            return err
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        fingerprint = command_fingerprint(op, _encoder.encode(args))
        self._pending.append(
            _Pending(actor, cid, op, args, expected_version, handler, remote, future, fingerprint,
                     reply_to, {_key(e): e for e in context} if context else None)
        )
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain(), name="coordinator")
        return await asyncio.shield(future)  # a cancelled caller does not cancel the command

    async def _drain(self) -> None:
        """Group commit: everything queued while the previous batch committed goes into one
        transaction; commands still run one after another, each seeing the ones before."""
        while self._pending:
            batch = self._pending[: self.max_batch]
            del self._pending[: len(batch)]
            async with self.lock:
                try:
                    outcomes, events = await self._run_batch(batch)
                except Exception as exc:
                    outcomes = self._failed(batch, exc)
                    events = []
                else:
                    self._storage_free()
                    if self._outbox_written:  # committed: the links may read it now
                        self._outbox_written = False
                        self._outbox_moved()
                self._publish(events)
            for p, outcome in zip(batch, outcomes, strict=True):
                if not p.future.done():
                    p.future.set_result(outcome)

    def _failed(self, batch: list[_Pending], exc: Exception) -> list[Outcome]:
        """The outcomes of a batch whose transaction failed (nothing of it was recorded, so a
        resend runs it); their audit rows go to the buffer."""
        if is_busy(exc):
            self.storage_busy_seen()
            self._busy_refused += len(batch)
            err = Error(code=ErrorCode.UNAVAILABLE,
                        message="storage is busy: another process holds the database; "
                                "nothing was done, send the command again")
        else:
            log.exception("a batch of %d commands failed in storage", len(batch))
            err = Error(code=ErrorCode.INTERNAL, message="storage failure")
        outcomes: list[Outcome] = []
        for p in batch:
            outcome = Error(id=p.cid, code=err.code, message=err.message)
            self.audit(p.actor.user, p.remote, p.op, outcome, command_id=p.cid)
            outcomes.append(outcome)
        return outcomes

    @property
    def storage_busy(self) -> bool:
        return self.busy_since is not None

    @property
    def queued(self) -> int:
        """Commands waiting for a batch."""
        return len(self._pending)

    def storage_busy_seen(self) -> None:
        """A write failed on a lock another process held past the busy timeout: logged once
        per episode (the episode ends at the next committed batch)."""
        if self.busy_since is None:
            self.busy_since = time.monotonic()
            self._busy_refused = 0
            log.error("storage is busy: another process has held the database's write lock "
                      "past the busy timeout; commands are refused with 'unavailable' until "
                      "it lets go")

    def _storage_free(self) -> None:
        if self.busy_since is not None:
            log.warning("storage is writable again after %.1f s; %d commands were refused "
                        "meanwhile", time.monotonic() - self.busy_since, self._busy_refused)
            self.busy_since = None

    async def _run_batch(self, batch: list[_Pending]) -> tuple[list[Outcome], list[LoggedEvent]]:
        """One transaction for the batch. Where the store checks at commit (SQLite), the
        handlers first run on the assumption that the batch's users are enabled and its
        command ids new, and the commit checks that under the log's lock: one trip to the
        storage's thread per batch. If it was wrong (a resend, a duplicate from another
        session, a disabled user), nothing was written: the changes are undone and the batch
        runs again the checked way, reading first."""
        if self.store.checks_at_commit:
            try:
                return await self._commit_batch(batch, assume_new=True)
            except NotNew:
                pass
        return await self._commit_batch(batch, assume_new=False)

    async def _commit_batch(self, batch: list[_Pending], *, assume_new: bool
                            ) -> tuple[list[Outcome], list[LoggedEvent]]:
        """Each command's changes are applied to the state at once (so the next command
        validates against them) and undone if the commit fails; state.seq moves, and
        anything is published or acknowledged, only after the commit."""
        undo: list[tuple[tuple[str, str], Base | None]] = []
        outcomes: list[Outcome] = []
        events: list[LoggedEvent] = []
        records: list[CommandRecord] = []
        self._uncommitted = undo
        try:
            async with self.store.batch() as conn:
                users, cids = {p.actor.user for p in batch}, [p.cid for p in batch]
                if assume_new:
                    self.store.expect_new(conn, users, cids)
                    disabled: set[str] = set()
                    stored: dict[str, StoredCommand] = {}
                else:
                    caught_up, disabled, stored = await self.store.open_batch(
                        conn, self.state.seq, users, cids)
                    self._apply_caught_up(caught_up)
                done: dict[str, tuple[StoredCommand, Outcome]] = {
                    cid: (s, _outcome_decoder.decode(s.outcome)) for cid, s in stored.items()
                }
                seq = self.state.seq
                for p in batch:
                    if p.cid in done:  # a resend (or a duplicate within the batch)
                        record_of, outcome = done[p.cid]
                        if not p.same_command(record_of):
                            outcome = _reused_id(p, record_of)
                    elif p.actor.user in disabled:
                        outcome = Error(id=p.cid, code=ErrorCode.UNAUTHORIZED,
                                        message=f"user {p.actor.user} is disabled")
                    else:
                        outcome, evs, record, queued = self._run_one(p, seq)
                        records.extend(queued)
                        for ev in evs:
                            key = _key(ev.entity)
                            undo.append((key, self.state.get_kind(*key)))
                            self.state.apply(ev.entity)
                        seq += len(evs)
                        events.extend(evs)
                        if record is not None:
                            records.append(record)
                            done[p.cid] = (StoredCommand(record.outcome, record.actor, record.op,
                                                         record.fingerprint), outcome)
                    outcomes.append(outcome)
                audit = [audit_row(p.actor.user, p.remote, p.op, o, command_id=p.cid)
                         for p, o in zip(batch, outcomes, strict=True)]
                await self.store.append(conn, events, records, audit)
                self._outbox_written = any(r.forward_to or r.reply_to for r in records)
        except BaseException:
            self._restore(undo)
            raise
        finally:
            self._uncommitted = []
        return outcomes, events

    def _restore(self, undo: list[tuple[tuple[str, str], Base | None]]) -> None:
        """Put back what ``undo`` says the changes replaced, newest first."""
        for (kind, id), previous in reversed(undo):
            if previous is None:
                self.state.discard(kind, id)
            else:
                self.state.apply(previous)

    def _committed(self, read: Callable[[], _T]) -> _T:
        """Run the synchronous ``read`` on committed state. A batch applies its changes to the
        state ahead of its commit (the next command validates against them); while one is in
        flight they are taken out for the read and put back after it, with no await in
        between, so no other task ever sees the difference. Costs one apply per change in
        flight; a query never waits for a commit."""
        undo = self._uncommitted
        if not undo:
            return read()
        ahead = [(key, self.state.get_kind(*key)) for key, _ in undo]
        self._restore(undo)
        try:
            return read()
        finally:
            for (kind, id), current in ahead:
                if current is None:
                    self.state.discard(kind, id)
                else:
                    self.state.apply(current)

    def _run_one(
        self, p: _Pending, seq: int
    ) -> tuple[Outcome, list[LoggedEvent], CommandRecord | None, list[CommandRecord]]:
        """The handler on a Tx: the outcome, its events (numbered after ``seq``), the record
        to keep (None: nothing is recorded, e.g. an internal error) and the records of the
        effects it forwards to other platforms (:meth:`_route`)."""
        tx = Tx(self.state, p.actor, self.clock(), command_id=p.cid,
                expected_version=p.expected_version, context=p.context or {},
                number_space=self.tree.platform if self.tree.parent is not None else "")
        try:
            result = p.handler(tx, p.args)
        except CommandError as exc:
            err = Error(id=p.cid, code=exc.code, message=exc.message, entity=exc.entity)  # type: ignore[arg-type]
            return (
                err,
                [],
                CommandRecord(
                    p.cid,
                    p.actor.user,
                    p.op,
                    _encoder.encode(err).decode(),
                    fingerprint=p.fingerprint,
                    refused=True,
                    reply_to=p.reply_to,
                ),
                [],
            )
        except Exception:
            log.exception("handler for %s failed", p.op)
            return (
                Error(id=p.cid, code=ErrorCode.INTERNAL, message=f"{p.op} failed on the server"),
                [],
                None,
                [],
            )
        effects: list[CommandRecord] = []
        if self.tree.parent is not None or self.tree.children:
            routed = self._route(p, tx)
            if isinstance(routed, tuple):
                return routed
            effects = routed
        events = self._events_of(tx, seq)
        ack = Ack(id=p.cid, seq=events[-1].seq if events else None, result=result)
        try:
            outcome_json = _encoder.encode(ack).decode()
        except (TypeError, msgspec.EncodeError):
            log.exception("result of %s is not serialisable", p.op)
            return Error(id=p.cid, code=ErrorCode.INTERNAL, message="bad result"), [], None, []
        return ack, events, CommandRecord(p.cid, p.actor.user, p.op, outcome_json, ack.seq,
                                          fingerprint=p.fingerprint, reply_to=p.reply_to), effects

    # -- linked platforms ----------------------------------------------------------------------
    def team_home(self, team_id: str) -> str | None:
        team = self.state.get(Team, team_id)
        return team.jurisdiction if team is not None else None

    def owner(self, entity: Base) -> str | None:
        return owner_of(self.tree, entity, self.team_home)

    def _route(self, p: _Pending, tx: Tx) -> list[CommandRecord] | tuple[
            Outcome, list[LoggedEvent], CommandRecord | None, list[CommandRecord]]:
        """Where a linked platform's command is decided. The handler ran on this platform's
        picture; if the first entity it changes is owned by another platform, nothing is
        applied here: the command is recorded ``queued`` for that owner (the outbox) and
        forwarded with its id and actor. Otherwise it is decided here, and its changes to
        entities owned elsewhere leave ``tx`` as effects for their owners (each a queued
        ``link.effect`` carrying the entity before and after, merged there with
        :func:`protocol.link.merge3`). Returns the effects' records, or the queued outcome."""
        me = self.tree.platform
        if not tx.changes:
            return []
        owners = [self.owner(ch.entity) for ch in tx.changes]
        first = owners[0]
        actor = LinkActor(user=p.actor.user, role=p.actor.role.value,
                          jurisdiction=p.actor.jurisdiction, units=list(p.actor.units))
        if first is not None and first != me:
            if first == p.reply_to:  # the peer forwarded it here as ours: we disagree
                err = Error(id=p.cid, code=ErrorCode.CONFLICT,
                            message=f"{p.op}: platforms {me} and {first} each hold the other "
                                    "to own it; nothing was done")
                return err, [], CommandRecord(p.cid, p.actor.user, p.op,
                                              _encoder.encode(err).decode(),
                                              fingerprint=p.fingerprint, refused=True,
                                              reply_to=p.reply_to), []
            context = [e for ch in tx.changes[1:] if (e := self.state.get_kind(
                *_key(ch.entity)) or tx.context.get(_key(ch.entity))) is not None]
            fwd = Forward(id=p.cid, op=p.op, args=msgspec.to_builtins(p.args),
                          expected_version=p.expected_version, actor=actor, origin=me,
                          context=context)  # type: ignore[arg-type]
            queued = Queued(id=p.cid, owner=first, forward=fwd,
                            message=f"{p.op} is decided by platform {first}: queued there")
            record = CommandRecord(p.cid, p.actor.user, p.op, _encoder.encode(queued).decode(),
                                   fingerprint=p.fingerprint, forward_to=first,
                                   reply_to=p.reply_to)
            return msgspec.structs.replace(queued, forward=None), [], record, []
        effects = []
        for n, (ch, owner) in enumerate(zip(tx.changes, owners, strict=True)):
            if owner is None or owner == me:
                continue
            base = self.state.get_kind(*_key(ch.entity)) or tx.context.get(_key(ch.entity))
            eid = f"{p.cid}~{n}"
            fwd = Forward(id=eid, op=EFFECT_OP, actor=actor, origin=me, args={
                "op": ch.op, "base": msgspec.to_builtins(base) if base is not None else None,
                "entity": msgspec.to_builtins(ch.entity)})
            queued = Queued(id=eid, owner=owner, forward=fwd,
                            message=f"the change of {kind_of(ch.entity)} {ch.entity.id}")
            effects.append(CommandRecord(eid, p.actor.user, EFFECT_OP,
                                         _encoder.encode(queued).decode(), fingerprint=eid,
                                         forward_to=owner))
        if effects:
            tx.changes = [ch for ch, owner in zip(tx.changes, owners, strict=True)
                          if owner is None or owner == me]
        return effects

    async def execute_forward(self, fwd: Forward, peer: str, remote: str) -> Outcome:
        """A command another platform forwarded here (its owner, or on the way to it)."""
        try:
            role = Role(fwd.actor.role)
        except ValueError:
            return Error(id=fwd.id, code=ErrorCode.BAD_REQUEST,
                         message=f"unknown role {fwd.actor.role!r}")
        actor = Actor(user=fwd.actor.user, role=role, jurisdiction=fwd.actor.jurisdiction,
                      units=tuple(fwd.actor.units))
        if fwd.op == EFFECT_OP:
            from .domain.effects import Effect, apply_effect
            try:
                effect = msgspec.convert(fwd.args, Effect)
            except (msgspec.ValidationError, TypeError) as exc:
                return Error(id=fwd.id, code=ErrorCode.BAD_REQUEST, message=f"bad effect: {exc}")
            return await self.execute(actor, EFFECT_OP, effect, command_id=fwd.id,
                                      remote=remote, reply_to=peer, handler=apply_effect)
        return await self.execute(actor, fwd.op, fwd.args, command_id=fwd.id,
                                  expected_version=fwd.expected_version, remote=remote,
                                  reply_to=peer, context=list(fwd.context))

    async def settle_forward(self, command_id: str, outcome: Ack | Error) -> bool:
        """The owner's outcome of a command queued here: recorded, then handed to the
        consoles of its user (or owed further back, when it was forwarded here)."""
        async with self.lock:
            done = await self.links.settle(
                command_id, _encoder.encode(outcome).decode(),
                outcome.seq if isinstance(outcome, Ack) else None)
        if done is None:
            return False
        user, reply_to = done
        if reply_to is not None:
            self._outbox_moved()
        elif "~" not in command_id:  # an effect has no console waiting for it
            self.hub.answer(user, outcome)
        return True

    def _outbox_moved(self) -> None:
        if self.on_outbox is not None:
            self.on_outbox()

    async def apply_remote(
        self, direction: str, peer: str, cursor: Cursor, incoming: list[Incoming],
        removed: list[tuple[str, str]] | None = None, refused: list[Refused] | None = None,
        adopt: Callable[[Base, Base | None], bool] | None = None,
    ) -> int:
        """A peer's events, applied once: each entity newer than ours (or, with ``adopt``,
        as it decides) is logged here with its origin, in one transaction that also moves
        the peer's cursor; then published. Returns how many were applied."""
        async with self.lock:
            seq = self.state.seq
            events: list[LoggedEvent] = []
            origins: list[str] = []
            taken: dict[tuple[str, str], Base] = {}
            for inc in incoming:
                key = _key(inc.entity)
                current = taken.get(key) or self.state.get_kind(*key)
                ok = (adopt(inc.entity, current) if adopt is not None
                      else current is None or inc.entity.version > current.version)
                if not ok:
                    continue
                seq += 1
                events.append(LoggedEvent(seq, inc.ts, inc.actor, inc.op, inc.command_id,
                                          inc.entity))
                origins.append(inc.origin)
                taken[key] = inc.entity
            gone = [k for k in (removed or []) if self.state.get_kind(*k) is not None]
            await self.links.append_remote(events, origins, direction, peer, cursor, gone,
                                           refused or [])
            for ev in events:
                self.state.apply(ev.entity)
            for kind, id in gone:
                self.state.discard(kind, id)
                self.last_change.pop((kind, id), None)
            self._publish(events)
            return len(events)

    def _events_of(self, tx: Tx, seq: int) -> list[LoggedEvent]:
        out = []
        for ch in tx.changes:
            seq += 1
            out.append(LoggedEvent(seq, tx.now, tx.actor.user, ch.op, tx.command_id or None,
                                   ch.entity))
        return out

    def _publish(self, events: list[LoggedEvent]) -> None:
        """After commit (changes already in the state): advance seq, then fan out."""
        if events:
            self.state.seq = max(self.state.seq, events[-1].seq)
            for ev in events:
                key = _key(ev.entity)
                self.last_change[key] = ChangeRef(ev.seq, ev.ts.timestamp(), ev.actor, ev.op,
                                                  ev.command_id, key[0], key[1])
            try:
                self.hub.publish(events)
            except Exception:
                # Committed all the same: the callers get their acks. What each session was
                # sent is unknown, so every session is closed and resumes from its cursor.
                log.exception("fanning out events %d-%d failed; closing every session so that "
                              "it resumes", events[0].seq, events[-1].seq)
                self.hub.close_all(CLOSE_INTERNAL_ERROR, "fan-out failed; resume from last_seq")
            self.checkpoints.after_commit(self.state, events[-1].ts)
            if self.on_commit is not None:
                self.on_commit()  # the links send what committed

    def count_changes_since(self, seq: int) -> int:
        """How many entities changed after ``seq``."""
        return sum(1 for c in self.last_change.values() if c.seq > seq)

    def changes_since(self, seq: int) -> list[ChangeRef]:
        """Each entity changed after ``seq`` once, with its last change, in seq order."""
        # By the tuples themselves: seq comes first and is unique (no key function per item).
        return sorted(c for c in self.last_change.values() if c.seq > seq)

    async def _catch_up(self, conn: Any) -> None:
        """PostgreSQL: events other instances committed since our state (read inside our
        transaction, after the log's lock)."""
        if self.store.is_postgres:
            self._apply_caught_up(await self.store.events_after(self.state.seq, conn))

    def _apply_caught_up(self, events: list[LoggedEvent]) -> None:
        """Events other instances committed, applied to the state now (inside our
        transaction, so the handler validates against them) and published at once: they are
        committed whatever becomes of our own transaction."""
        for ev in events:
            self.state.apply(ev.entity)
        self._publish(events)

    async def idle(self) -> None:
        """Wait until every queued command has been committed and answered."""
        while self._worker is not None and not self._worker.done():
            await asyncio.shield(self._worker)

    async def sync_from_log(self) -> int:
        """Read and publish events written by other instances (the LISTEN/NOTIFY wake-up)."""
        async with self.lock:
            events = await self.store.events_after(self.state.seq)
            for ev in events:
                self.state.apply(ev.entity)
            self._publish(events)
            return len(events)

    async def _query(self, actor: Actor, cid: str, op: str, args: Args, remote: str) -> Outcome:
        """Answer a query on committed state (a batch in flight is not seen: its commit may
        still fail)."""
        try:
            if op == TRACK_QUERY:
                assert isinstance(args, TeamTrack)
                if self.track_reader is None:
                    raise CommandError(ErrorCode.INTERNAL, "telemetry is not running")
                result = await self.track_reader_for(actor, args)
            elif op == HISTORY_QUERY:
                assert isinstance(args, EntityHistory)
                entity = self._committed(
                    lambda: history.visible_entity(self.state, self.hub.rules, actor, args))
                result = await history.read(self.store, entity, args)
            elif op == PICTURE_QUERY:
                assert isinstance(args, HistoryPicture)
                result = await self.history.picture(actor, args, self.state.seq)
            elif op == EVENTS_QUERY:
                assert isinstance(args, HistoryEvents)
                result = await self.history.events(actor, args, self.state.seq)
            else:
                handler = self.handlers.get(op)
                if handler is None:
                    raise CommandError(ErrorCode.BAD_REQUEST, f"op {op!r} is not served")
                tx = Tx(self.state, actor, self.clock(), command_id=cid)
                result = self._committed(lambda: handler(tx, args))
            outcome: Outcome = Ack(id=cid, seq=None, result=result)
        except CommandError as exc:
            outcome = Error(id=cid, code=exc.code, message=exc.message, entity=exc.entity)  # type: ignore[arg-type]
        except Exception:
            log.exception("query %s failed", op)
            outcome = Error(id=cid, code=ErrorCode.INTERNAL, message=f"{op} failed on the server")
        self.audit(actor.user, remote, op, outcome, command_id=cid)
        return outcome

    async def track_reader_for(self, actor: Actor, args: TeamTrack) -> Any:
        assert self.track_reader is not None
        known, allowed = self._committed(lambda: (
            self.state.get(Team, args.team_id) is not None,
            self.hub.rules.may_see_positions_of(self.state, actor, args.team_id)))
        if not known:
            raise CommandError(ErrorCode.NOT_FOUND, f"no team {args.team_id!r}")
        if not allowed:
            raise CommandError(ErrorCode.FORBIDDEN, f"no access to the track of {args.team_id}")
        return await self.track_reader(args)

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, actor: str, remote: str, what: str, outcome: Outcome | ErrorCode | str,
              detail: str = "", command_id: str | None = None) -> None:
        """Buffer an audit row (see server/audit_trail.py): for what is not written in a
        command batch's own transaction."""
        self.audit_trail.add(audit_row(actor, remote, what, outcome, detail, command_id))

    @property
    def audit_backlog(self) -> int:
        return len(self.audit_trail)

    async def flush_audit(self) -> None:
        """Write buffered audit rows (under the lock: writes never contend with a commit); on
        failure they stay buffered, in order, and the error propagates."""
        if not self.audit_trail:
            return
        async with self.lock:
            rows = self.audit_trail.take()
            try:
                await self.store.insert_audit(rows)
            except BaseException:
                self.audit_trail.put_back(rows)
                raise


def _reused_id(p: _Pending, stored: StoredCommand) -> Error:
    """A command id already used for another command (a client bug): refuse, do not answer
    with the other command's outcome."""
    what = f"another command ({stored.op})" if stored.actor == p.actor.user else "another user"
    return Error(id=p.cid, code=ErrorCode.CONFLICT,
                 message=f"command id {p.cid!r} was already used by {what}; "
                         "a new command needs a new id")


EFFECT_OP = "link.effect"


@dataclass(frozen=True)
class Incoming:
    """An event from a linked platform, to be logged here."""

    entity: Base
    ts: datetime
    actor: str
    op: str
    command_id: str | None
    origin: str


def _key(entity: Base) -> tuple[str, str]:
    return (str(type(entity).__struct_config__.tag), entity.id)
