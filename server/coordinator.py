"""The coordinator: executes commands one at a time against the state and the event log.

Flow of :meth:`Coordinator.execute`: decode args -> queries are answered directly -> under the
lock (and, on PostgreSQL, an advisory lock inside the transaction, after catching up with events
other instances wrote) the command id is looked up: a known id returns the stored outcome and
is never applied twice -> the handler runs on a :class:`Tx` -> ONE transaction writes entity
rows, event rows (seq = last + 1 ..., gap-free, in commit order) and the command record ->
commit -> the state applies the changes -> the hub fans them out. A refused command (the
handler raised CommandError) gets a command record too, so a resend gets the same refusal.
Every command and every rejection is audited (buffered, written by :meth:`flush`).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import msgspec

from protocol.commands import QUERIES, Args, TeamTrack, decode_args
from protocol.entities import Base, Jurisdiction
from protocol.errors import ErrorCode, ProtocolError
from protocol.messages import Ack, Error

from .domain.api import SYSTEM, Actor, CommandError, Tx
from .hub import Hub
from .state import State
from .storage import AuditRow, LoggedEvent, Store

log = logging.getLogger(__name__)

Handler = Callable[[Tx, Any], Any]
Outcome = Ack | Error
_outcome_decoder = msgspec.json.Decoder(Ack | Error)
_encoder = msgspec.json.Encoder()

TRACK_QUERY = "team.track"


def utcnow() -> datetime:
    return datetime.now(UTC)


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
        self._audit: list[AuditRow] = []

    # -- startup -------------------------------------------------------------------------------
    async def load(self, jurisdictions: Callable[[], Iterable[Jurisdiction]]) -> None:
        """Load the state from storage; at first start, log the jurisdictions in."""
        for ent in await self.store.load_entities():
            self.state.apply(ent)
        self.state.seq = await self.store.max_seq()
        if self.state.count(Jurisdiction) == 0:
            await self.append_system("jurisdiction.load", list(jurisdictions()))

    async def append_system(self, op: str, entities: list[Base]) -> int:
        """Log entities in as the system actor (no handler): one event per entity."""
        async with self.lock:
            async with self.store.begin() as conn:
                await self.store.lock_log(conn)
                await self._catch_up(conn)
                now = self.clock()
                tx = Tx(self.state, SYSTEM, now, command_id="")
                for ent in entities:
                    tx.put(op, ent)
                events = self._events_of(tx)
                await self.store.append(conn, events, None)
            self._commit(events)
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
        try:
            args = decode_args(op, raw_args)
        except ProtocolError as exc:
            return self._refused(actor, remote, op, Error(id=cid, code=exc.code, message=exc.message))
        if op in QUERIES:
            return await self._query(actor, cid, op, args, remote)
        handler = self.handlers.get(op)
        if handler is None:
            err = Error(id=cid, code=ErrorCode.BAD_REQUEST, message=f"op {op!r} is not served")
            return self._refused(actor, remote, op, err)
        async with self.lock:
            try:
                outcome, events = await self._run_locked(
                    actor, cid, op, args, expected_version, handler
                )
            except Exception:
                log.exception("command %s %s failed in storage", op, cid)
                outcome = Error(id=cid, code=ErrorCode.INTERNAL, message="storage failure")
                events = []
            if events:
                self._commit(events)
        self.audit(actor.user, remote, op, outcome)
        return outcome

    async def _run_locked(
        self,
        actor: Actor,
        cid: str,
        op: str,
        args: Args,
        expected_version: int | None,
        handler: Handler,
    ) -> tuple[Outcome, list[LoggedEvent]]:
        async with self.store.begin() as conn:
            await self.store.lock_log(conn)
            caught_up = await self._catch_up(conn)
            stored = await self.store.command_outcome(conn, cid)
            if stored is not None:
                return _outcome_decoder.decode(stored), caught_up  # a resend: same outcome
            tx = Tx(self.state, actor, self.clock(), command_id=cid,
                    expected_version=expected_version)
            try:
                result = handler(tx, args)
            except CommandError as exc:
                err = Error(id=cid, code=exc.code, message=exc.message, entity=exc.entity)  # type: ignore[arg-type]
                record = (cid, actor.user, op, _encoder.encode(err).decode(), None)
                await self.store.append(conn, [], record)
                return err, caught_up
            except Exception:
                log.exception("handler for %s failed", op)
                err = Error(id=cid, code=ErrorCode.INTERNAL, message=f"{op} failed on the server")
                return err, caught_up  # nothing recorded: the transaction rolls back
            events = self._events_of(tx)
            ack = Ack(id=cid, seq=events[-1].seq if events else None, result=result)
            try:
                outcome_json = _encoder.encode(ack).decode()
            except (TypeError, msgspec.EncodeError):
                log.exception("result of %s is not serialisable", op)
                return Error(id=cid, code=ErrorCode.INTERNAL, message="bad result"), caught_up
            await self.store.append(conn, events, (cid, actor.user, op, outcome_json, ack.seq))
        return ack, caught_up + events

    def _events_of(self, tx: Tx) -> list[LoggedEvent]:
        seq = self.state.seq
        out = []
        for ch in tx.changes:
            seq += 1
            out.append(LoggedEvent(seq, tx.now, tx.actor.user, ch.op, tx.command_id or None, ch.entity))
        return out

    def _commit(self, events: list[LoggedEvent]) -> None:
        """After commit: apply to the state, then fan out."""
        for ev in events:
            if ev.seq <= self.state.seq and self.state.get_kind(*_key(ev.entity)) is not None:
                continue  # already applied (caught up twice)
            self.state.apply(ev.entity)
            self.state.seq = max(self.state.seq, ev.seq)
        self.hub.publish(events)

    async def _catch_up(self, conn: Any) -> list[LoggedEvent]:
        """PostgreSQL: events other instances committed since our state; applied to the state
        now (inside our transaction, so the handler validates against them)."""
        if not self.store.is_postgres:
            return []
        events = await self.store.events_after(self.state.seq, conn)
        for ev in events:
            self.state.apply(ev.entity)
            self.state.seq = ev.seq
        return events

    async def sync_from_log(self) -> int:
        """Read and publish events written by other instances (the LISTEN/NOTIFY wake-up)."""
        async with self.lock:
            events = await self.store.events_after(self.state.seq)
            for ev in events:
                self.state.apply(ev.entity)
                self.state.seq = ev.seq
            self.hub.publish(events)
            return len(events)

    async def _query(self, actor: Actor, cid: str, op: str, args: Args, remote: str) -> Outcome:
        try:
            if op == TRACK_QUERY:
                assert isinstance(args, TeamTrack)
                if self.track_reader is None:
                    raise CommandError(ErrorCode.INTERNAL, "telemetry is not running")
                result = await self.track_reader_for(actor, args)
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
    def _refused(self, actor: Actor, remote: str, what: str, err: Error) -> Error:
        self.audit(actor.user, remote, what, err)
        return err

    def audit(self, actor: str, remote: str, what: str, outcome: Outcome | ErrorCode | str,
              detail: str = "") -> None:
        if isinstance(outcome, Ack):
            code = "ok"
        elif isinstance(outcome, Error):
            code, detail = outcome.code.value, detail or outcome.message
        else:
            code = str(outcome)
        self._audit.append(AuditRow(time.time(), actor, remote, what[:64], code, detail[:1000]))

    @property
    def audit_backlog(self) -> int:
        return len(self._audit)

    async def flush_audit(self) -> None:
        rows, self._audit = self._audit, []
        await self.store.insert_audit(rows)


def _key(entity: Base) -> tuple[str, str]:
    return (str(type(entity).__struct_config__.tag), entity.id)
