"""The coordinator: executes commands one at a time against the state and the event log.

Flow of :meth:`Coordinator.execute`: decode args -> queries are answered directly -> the
command joins the queue; a single worker takes everything queued (group commit) and, under the
lock (and, on PostgreSQL, an advisory lock inside the transaction, after catching up with events
other instances wrote), looks the command ids up: a known id returns the stored outcome and is
never applied twice -> each handler runs on a :class:`Tx`, one command after another, each
seeing the changes of those before -> ONE transaction writes entity rows, event rows (seq = last
+ 1 ..., gap-free, in commit order) and the command records -> commit -> only then state.seq
advances, the hub fans out and callers get their acks (a failed commit undoes the changes). A
refused command (the handler raised CommandError) gets a command record too, so a resend gets
the same refusal. Every command and every rejection is audited (buffered, see
:meth:`flush_audit`).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec

from protocol.commands import QUERIES, Args, EntityHistory, TeamTrack, decode_args
from protocol.entities import Base, Jurisdiction
from protocol.errors import ErrorCode, ProtocolError
from protocol.messages import Ack, Error

from . import history
from .domain.api import SYSTEM, Actor, CommandError, Tx
from .hub import Hub
from .state import State
from .storage import AuditRow, ChangeRef, CommandRecord, LoggedEvent, Store

log = logging.getLogger(__name__)

Handler = Callable[[Tx, Any], Any]
Outcome = Ack | Error
_outcome_decoder = msgspec.json.Decoder(Ack | Error)
_encoder = msgspec.json.Encoder()

TRACK_QUERY = "team.track"
HISTORY_QUERY = "entity.history"
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
        self._worker: asyncio.Task[None] | None = None
        self._audit: list[AuditRow] = []

    # -- startup -------------------------------------------------------------------------------
    async def load(self, jurisdictions: Callable[[], Iterable[Jurisdiction]]) -> None:
        """Load the state from storage; at first start, log the jurisdictions in."""
        for ent in await self.store.load_entities():
            self.state.apply(ent)
        self.state.seq = await self.store.max_seq()
        for ref in await self.store.last_changes():
            self.last_change[(ref.kind, ref.entity_id)] = ref
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
    ) -> Outcome:
        """Run one command; never raises for bad input (it becomes an Error outcome)."""
        cid = command_id or uuid.uuid4().hex
        if len(cid) > MAX_COMMAND_ID or not cid.isprintable():  # storage could not keep it
            err = Error(id=cid, code=ErrorCode.BAD_REQUEST,
                        message=f"a command id is at most {MAX_COMMAND_ID} printable characters")
            self.audit(actor.user, remote, op, err)
            return err
        try:
            args = decode_args(op, raw_args)
        except ProtocolError as exc:
            err = Error(id=cid, code=exc.code, message=exc.message)
            self.audit(actor.user, remote, op, err)
            return err
        if op in QUERIES:
            return await self._query(actor, cid, op, args, remote)
        handler = self.handlers.get(op)
        if handler is None:
            err = Error(id=cid, code=ErrorCode.BAD_REQUEST, message=f"op {op!r} is not served")
            self.audit(actor.user, remote, op, err)
            return err
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._pending.append(
            _Pending(actor, cid, op, args, expected_version, handler, remote, future)
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
                except Exception:
                    log.exception("a batch of %d commands failed in storage", len(batch))
                    outcomes = [
                        Error(id=p.cid, code=ErrorCode.INTERNAL, message="storage failure")
                        for p in batch
                    ]
                    events = []
                self._publish(events)
            for p, outcome in zip(batch, outcomes, strict=True):
                self.audit(p.actor.user, p.remote, p.op, outcome)
                if not p.future.done():
                    p.future.set_result(outcome)

    async def _run_batch(self, batch: list[_Pending]) -> tuple[list[Outcome], list[LoggedEvent]]:
        """One transaction for the batch. Each command's changes are applied to the state at
        once (so the next command validates against them) and undone if the commit fails;
        state.seq moves, and anything is published or acknowledged, only after the commit."""
        undo: list[tuple[tuple[str, str], Base | None]] = []
        outcomes: list[Outcome] = []
        events: list[LoggedEvent] = []
        records: list[CommandRecord] = []
        try:
            async with self.store.begin() as conn:
                await self.store.lock_log(conn)
                await self._catch_up(conn)
                stored = await self.store.command_outcomes(conn, [p.cid for p in batch])
                done: dict[str, Outcome] = {cid: _outcome_decoder.decode(o) for cid, o in stored.items()}
                seq = self.state.seq
                for p in batch:
                    if p.cid in done:  # a resend (or a duplicate within the batch)
                        outcomes.append(done[p.cid])
                        continue
                    outcome, evs, record = self._run_one(p, seq)
                    for ev in evs:
                        key = _key(ev.entity)
                        undo.append((key, self.state.get_kind(*key)))
                        self.state.apply(ev.entity)
                    seq += len(evs)
                    events.extend(evs)
                    if record is not None:
                        records.append(record)
                        done[p.cid] = outcome
                    outcomes.append(outcome)
                await self.store.append(conn, events, records)
        except BaseException:
            for (kind, id), previous in reversed(undo):
                if previous is None:
                    self.state.discard(kind, id)
                else:
                    self.state.apply(previous)
            raise
        return outcomes, events

    def _run_one(
        self, p: _Pending, seq: int
    ) -> tuple[Outcome, list[LoggedEvent], CommandRecord | None]:
        """The handler on a Tx: the outcome, its events (numbered after ``seq``) and the
        record to keep (None: nothing is recorded, e.g. an internal error)."""
        tx = Tx(self.state, p.actor, self.clock(), command_id=p.cid,
                expected_version=p.expected_version)
        try:
            result = p.handler(tx, p.args)
        except CommandError as exc:
            err = Error(id=p.cid, code=exc.code, message=exc.message, entity=exc.entity)  # type: ignore[arg-type]
            return err, [], CommandRecord(p.cid, p.actor.user, p.op, _encoder.encode(err).decode())
        except Exception:
            log.exception("handler for %s failed", p.op)
            return Error(id=p.cid, code=ErrorCode.INTERNAL, message=f"{p.op} failed on the server"), [], None
        events = self._events_of(tx, seq)
        ack = Ack(id=p.cid, seq=events[-1].seq if events else None, result=result)
        try:
            outcome_json = _encoder.encode(ack).decode()
        except (TypeError, msgspec.EncodeError):
            log.exception("result of %s is not serialisable", p.op)
            return Error(id=p.cid, code=ErrorCode.INTERNAL, message="bad result"), [], None
        return ack, events, CommandRecord(p.cid, p.actor.user, p.op, outcome_json, ack.seq)

    def _events_of(self, tx: Tx, seq: int) -> list[LoggedEvent]:
        out = []
        for ch in tx.changes:
            seq += 1
            out.append(LoggedEvent(seq, tx.now, tx.actor.user, ch.op, tx.command_id or None, ch.entity))
        return out

    def _publish(self, events: list[LoggedEvent]) -> None:
        """After commit (changes already in the state): advance seq, then fan out."""
        if events:
            self.state.seq = max(self.state.seq, events[-1].seq)
            for ev in events:
                key = _key(ev.entity)
                self.last_change[key] = ChangeRef(ev.seq, ev.ts.timestamp(), ev.actor, ev.op,
                                                  ev.command_id, key[0], key[1])
            self.hub.publish(events)

    def changes_since(self, seq: int) -> list[ChangeRef]:
        """Each entity changed after ``seq`` once, with its last change, in seq order."""
        return sorted((c for c in self.last_change.values() if c.seq > seq),
                      key=lambda c: c.seq)

    async def _catch_up(self, conn: Any) -> None:
        """PostgreSQL: events other instances committed since our state, applied to the state
        now (inside our transaction, so the handler validates against them) and published at
        once: they are committed whatever becomes of our own transaction."""
        if not self.store.is_postgres:
            return
        events = await self.store.events_after(self.state.seq, conn)
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
        try:
            if op == TRACK_QUERY:
                assert isinstance(args, TeamTrack)
                if self.track_reader is None:
                    raise CommandError(ErrorCode.INTERNAL, "telemetry is not running")
                result = await self.track_reader_for(actor, args)
            elif op == HISTORY_QUERY:
                assert isinstance(args, EntityHistory)
                result = await history.read(self.store, self.state, self.hub.rules, actor, args)
            else:
                handler = self.handlers.get(op)
                if handler is None:
                    raise CommandError(ErrorCode.BAD_REQUEST, f"op {op!r} is not served")
                result = handler(Tx(self.state, actor, self.clock(), command_id=cid), args)
            outcome: Outcome = Ack(id=cid, seq=None, result=result)
        except CommandError as exc:
            outcome = Error(id=cid, code=exc.code, message=exc.message, entity=exc.entity)  # type: ignore[arg-type]
        except Exception:
            log.exception("query %s failed", op)
            outcome = Error(id=cid, code=ErrorCode.INTERNAL, message=f"{op} failed on the server")
        self.audit(actor.user, remote, op, outcome)
        return outcome

    async def track_reader_for(self, actor: Actor, args: TeamTrack) -> Any:
        assert self.track_reader is not None
        if not self.hub.rules.may_see_positions_of(
            self.state, actor, args.team_id
        ):
            raise CommandError(ErrorCode.FORBIDDEN, f"no access to the track of {args.team_id}")
        return await self.track_reader(args)

    # -- audit ---------------------------------------------------------------------------------
    def audit(self, actor: str, remote: str, what: str, outcome: Outcome | ErrorCode | str,
              detail: str = "") -> None:
        if isinstance(outcome, Ack):
            code = "ok"
        elif isinstance(outcome, Error):
            code, detail = outcome.code.value, detail or outcome.message
        else:
            code = str(outcome)
        self._audit.append(AuditRow(time.time(), _storable(actor, 128), _storable(remote, 64),
                                    _storable(what, 64), code, _storable(detail, 1000)))

    @property
    def audit_backlog(self) -> int:
        return len(self._audit)

    async def flush_audit(self) -> None:
        """Write buffered audit rows (under the lock: writes never contend with a commit)."""
        if not self._audit:
            return
        async with self.lock:
            rows, self._audit = self._audit, []
            await self.store.insert_audit(rows)


def _storable(text: str, width: int) -> str:
    """Client-supplied text as an audit column can keep it (PostgreSQL text holds no NUL):
    one unstorable row would fail the whole flush."""
    return text[:width].replace("\x00", "\ufffd")


def _key(entity: Base) -> tuple[str, str]:
    return (str(type(entity).__struct_config__.tag), entity.id)
