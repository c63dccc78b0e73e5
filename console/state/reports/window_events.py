"""What happened in a shift window, for the handover report.

It reads the dated entries the entities carry (an incident's timeline, worded from its data in
the report's language; a response's history, an assignment's and a material request's
history, an order's issue and receipts, a warning's sending, a loss report's revisions) and,
for kinds that carry no such entries (shelters, teams, plan tasks, support requests), the
events of the window as the server logged them (``history.events``, seen then; see
``build.logged_events``) with any the session received. An entity trims its oldest entries
(``protocol.limits``): a very busy incident's earliest lines in a long window may be missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from protocol.adcodes import is_within
from protocol.entities import (
    Assignment,
    Base,
    Incident,
    LossReport,
    MaterialRequest,
    Order,
    Response,
    Shelter,
    SupportRequest,
    Team,
    Warning,
    kind_of,
)
from protocol.messages import Event
from protocol.replica import Replica

from .. import timeline_words

LIVE_ONLY_KINDS = frozenset({"shelter", "team", "plan_task", "support_request"})


@dataclass(frozen=True)
class WindowEvent:
    """One thing that happened. ``action`` says what, ``detail`` with what: "line" (an entry
    in the entity's own words: detail is that text), "started" / "level" (a response; detail:
    the level code), "ended", "issued", "acknowledged" (detail: who acknowledged), "sent" (a
    warning; detail: its colour), "state" (detail: the new state code), "revision" (a loss
    report; detail: the stage code), or an op code for a live event (detail: the status)."""

    at: datetime
    kind: str  # entity kind
    id: str  # entity id
    action: str
    detail: str = ""
    actor: str = ""

    def sort_key(self) -> tuple[datetime, str, str, str]:
        return (self.at, self.kind, self.id, self.action)


def _inside(ts: datetime, start: datetime, end: datetime) -> bool:
    return start <= ts <= end


def jurisdiction_of(entity: Base, replica: Replica) -> str | None:
    """The jurisdiction an entity belongs to, for filtering by area (None: no single one)."""
    if isinstance(entity, Incident | Response | Team | LossReport | Shelter):
        return entity.jurisdiction
    if isinstance(entity, MaterialRequest | SupportRequest):
        return entity.requester
    if isinstance(entity, Order):
        return entity.issuer
    if isinstance(entity, Warning):
        return entity.issuer
    if isinstance(entity, Assignment):
        incident = replica.get_typed(Incident, entity.incident_id)
        return incident.jurisdiction if incident else entity.ordered_by_jurisdiction
    return getattr(entity, "jurisdiction", None)


def concerns(entity: Base, replica: Replica, jurisdiction: str) -> bool:
    """True when the entity lies in ``jurisdiction`` (or, for a warning, an order, a material
    request, touches it)."""
    if isinstance(entity, Warning):
        return any(is_within(a, jurisdiction) or is_within(jurisdiction, a) for a in entity.area)
    if isinstance(entity, Order):
        return is_within(entity.issuer, jurisdiction) or any(
            is_within(a, jurisdiction) for a in entity.addressees if not a.startswith("team:"))
    if isinstance(entity, MaterialRequest):
        return is_within(entity.requester, jurisdiction) or is_within(entity.decider,
                                                                      jurisdiction)
    if isinstance(entity, Response):
        return is_within(entity.jurisdiction, jurisdiction) or any(
            is_within(a, jurisdiction) for a in entity.area)
    code = jurisdiction_of(entity, replica)
    return code is not None and is_within(code, jurisdiction)


def _entity_entries(e: Base, lang: str | None) -> Iterable[WindowEvent]:
    kind = kind_of(e)
    if isinstance(e, Incident):
        for t in e.timeline:
            yield WindowEvent(t.ts, kind, e.id, "line", timeline_words.words(t, lang), t.actor)
    elif isinstance(e, Response):
        for i, c in enumerate(e.history):
            if c.level is None:
                yield WindowEvent(c.ts, kind, e.id, "ended", c.note, c.actor)
            else:
                first = (c.n or i + 1) == 1
                yield WindowEvent(c.ts, kind, e.id, "started" if first else "level",
                                  c.level.value, c.actor)
    elif isinstance(e, Assignment | MaterialRequest):
        for t in e.history:
            yield WindowEvent(t.ts, kind, e.id, "line", t.text, t.actor)
        if isinstance(e, Assignment) and e.acknowledged_at is not None:
            yield WindowEvent(e.acknowledged_at, kind, e.id, "acknowledged",
                              e.acknowledged_by or "", e.acknowledged_by or "")
    elif isinstance(e, Order):
        yield WindowEvent(e.issued_at, kind, e.id, "issued", "", e.issued_by)
        for addressee, receipt in e.acks.items():
            yield WindowEvent(receipt.at, kind, e.id, "acknowledged", addressee, receipt.by)
    elif isinstance(e, Warning):
        yield WindowEvent(e.sent if e.sent.year > 1970 else e.onset, kind, e.id, "sent",
                          e.colour.value, e.issued_by)
        if e.state.value != "active":
            yield WindowEvent(e.updated_at, kind, e.id, "state", e.state.value)
    elif isinstance(e, LossReport):
        for r in e.revisions:
            yield WindowEvent(r.submitted_at, kind, e.id, "revision", r.stage.value,
                              r.submitted_by)


def window_events(replica: Replica, received: Iterable[Event], start: datetime, end: datetime,
                  jurisdiction: str, lang: str | None = None) -> list[WindowEvent]:
    """What happened between ``start`` and ``end`` (inclusive) in ``jurisdiction``, oldest
    first; ``received``: the logged events of the window (``history.events``) or those a
    session received; ``lang``: the language of worded lines."""
    out: list[WindowEvent] = []
    for kind in ("incident", "response", "assignment", "material_request", "order", "warning",
                 "loss_report"):
        for e in replica.all(kind):
            if concerns(e, replica, jurisdiction):
                out.extend(w for w in _entity_entries(e, lang)
                           if _inside(w.at, start, end))
    for ev in received:
        kind = kind_of(ev.entity)
        if kind in LIVE_ONLY_KINDS and _inside(ev.ts, start, end) and concerns(
                ev.entity, replica, jurisdiction):
            state = getattr(ev.entity, "status", None)
            out.append(WindowEvent(ev.ts, kind, ev.entity.id, ev.op,
                                   "" if state is None else str(state), ev.actor))
    return sorted(set(out), key=WindowEvent.sort_key)
