"""From a request to a file's bytes: what to ask the server for, then the model, then the
format. The asking goes through the callables a session gives (``query``, ``picture_at``), so
the console and the command line share it and tests can hand in answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import msgspec

from protocol.adcodes import is_within
from protocol.entities import DisasterProcess, Entity, Jurisdiction, Principal
from protocol.messages import Event
from protocol.replica import Replica

from .answers import Due, Losses, due_of, losses_of
from .document import Report
from .model import build_handover, build_sitrep
from .window_events import WindowEvent, window_events

Query = Callable[[str, dict[str, Any]], Awaitable[Any]]
PictureAt = Callable[[datetime], Awaitable[Replica]]
LIVE_SLACK = timedelta(minutes=1)  # a window ending this close to now reads the live picture


@dataclass(frozen=True)
class ReportRequest:
    kind: str  # "sitrep" or "handover"
    jurisdiction: str
    lang: str = "zh"
    at: datetime | None = None  # sitrep: None for now (the live picture)
    start: datetime | None = None  # handover window
    end: datetime | None = None


@dataclass
class Sources:
    """Everything a report is built from, as the server sent it."""

    replica: Replica
    principal: Principal | None
    moment: datetime  # the sitrep's moment, the handover's end
    losses: list[Losses] = field(default_factory=list)
    due: Due | None = None
    events: list[WindowEvent] = field(default_factory=list)

    @classmethod
    async def gather(cls, live: Replica, principal: Principal | None, request: ReportRequest,
                     query: Query, picture_at: PictureAt, received: Iterable[Event],
                     now: datetime) -> Sources:
        """Ask for what ``request`` needs: the picture at its moment (``history.picture``
        for a past one), ``stats.losses`` for each open disaster process of the
        jurisdiction, ``stats.due``, each for that moment; and the window's events for a
        handover."""
        if request.kind == "sitrep":
            moment = request.at or now
            past = request.at is not None
        else:
            moment = request.end or now
            past = request.end is not None and request.end < now - LIVE_SLACK
        if past:
            replica = await picture_at(moment)
            keep_reference_data(replica, live)
        else:
            replica = live
        out = cls(replica, principal, moment)
        at = moment.isoformat()
        for process in processes(replica, request.jurisdiction):
            out.losses.append(losses_of(await query("stats.losses", {
                "process_id": process, "jurisdiction": request.jurisdiction, "at": at})))
        out.due = due_of(await query("stats.due", {"jurisdiction": request.jurisdiction,
                                                   "at": at}))
        if request.kind == "handover":
            start = request.start or moment - timedelta(hours=24)
            logged = await logged_events(query, start, moment, request.jurisdiction)
            out.events = window_events(replica, [*logged, *received], start, moment,
                                       request.jurisdiction, request.lang)
        return out


EVENT_PAGES = 50  # pages of history.events one handover reads at most (50 × 1000 events)


async def logged_events(query: Query, start: datetime, end: datetime, jurisdiction: str
                        ) -> list[Event]:
    """The events of the window as the server logged them and this user could see them
    then (``history.events``, paged by ``next_after_seq``)."""
    out: list[Event] = []
    after: int | None = None
    for _page in range(EVENT_PAGES):
        args: dict[str, Any] = {"from": start.isoformat(), "to": end.isoformat(),
                                "jurisdiction": jurisdiction, "limit": 1000}
        if after is not None:
            args["after_seq"] = after
        answer = await query("history.events", args)
        for ev in answer.get("events", []):
            entity = msgspec.convert(ev["entity"], Entity)
            out.append(Event(seq=int(ev["seq"]), ts=datetime.fromisoformat(ev["at"]),
                             actor=str(ev.get("actor", "")), op=str(ev["op"]), entity=entity))
        after = answer.get("next_after_seq")
        if after is None:
            break
    return out


def keep_reference_data(past: Replica, live: Replica) -> None:
    """Jurisdictions are reference data (names, not events): the live picture's fill in for
    any the past picture does not carry."""
    have = set(past.ids("jurisdiction"))
    missing = [j for j in live.all_typed(Jurisdiction) if j.id not in have]
    if missing:
        past.apply_events([Event(seq=past.seq, ts=j.updated_at, actor="", op="reference",
                                 entity=j) for j in missing])


def processes(replica: Replica, jurisdiction: str) -> list[str]:
    """The disaster processes the jurisdiction reports on: not closed, with a county that owes
    reports inside it (or containing it); without counties, opened by it, above it or inside
    it."""
    out = []
    for p in replica.all_typed(DisasterProcess):
        if p.closed:
            continue
        opened_by, counties = p.jurisdiction, p.counties
        if counties:
            touches = any(is_within(c, jurisdiction) or is_within(jurisdiction, c)
                          for c in counties)
        else:
            touches = bool(opened_by) and (is_within(jurisdiction, opened_by)
                                           or is_within(opened_by, jurisdiction))
        if touches:
            out.append(p.id)
    return sorted(out)


def build(request: ReportRequest, sources: Sources) -> Report:
    if request.kind == "sitrep":
        return build_sitrep(sources.replica, sources.principal, request.jurisdiction,
                            sources.moment, sources.losses, sources.due, request.lang)
    start = request.start or sources.moment - timedelta(hours=24)
    return build_handover(sources.replica, sources.principal, request.jurisdiction, start,
                          sources.moment, sources.events, sources.due, request.lang)


def render(report: Report, fmt: str) -> bytes:
    """The report as ``pdf`` or ``md`` (UTF-8) bytes."""
    if fmt == "md":
        from .markdown import to_markdown

        return to_markdown(report).encode("utf-8")
    if fmt == "pdf":
        from .pdf import to_pdf

        return to_pdf(report)
    raise ValueError(f"unknown report format {fmt!r}")
