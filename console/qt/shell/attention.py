"""Attention: things a duty officer must not miss stay raised until acknowledged.

Raised by: a new incident in my area (created there, or moved into it from elsewhere), an order
addressed to me (or my units), a command the
server refused, a loss report overdue or due soon from a county within my jurisdiction (the
county that owes it and the levels above see it; it goes once the report is in), an order
we issued whose replies are overdue (past its reply-by time with addressees still silent; it
goes once they have all acknowledged). Each alert
is shown in the status bar, highlights its row, and beeps once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from console.net.outbox import Entry
from console.qt.live import LiveModel
from console.state.operations import op_name
from console.state.order_replies import overdue_issued_by_me, waiting_for
from console.state.statistics import due_alerts
from protocol.adcodes import is_within
from protocol.entities import Incident, Order, kind_of
from protocol.messages import Ack, Error
from protocol.replica import Changes

translate = QCoreApplication.translate
_REPLY = "reply:"  # an order of ours with replies overdue
_TIMED = ("due:", _REPLY)  # alerts raised by time passing, dropped when they no longer hold


@dataclass(frozen=True)
class Alert:
    key: str  # unique: "<kind>:<id>" or "command:<id>"
    kind: str  # entity kind, or "command"
    id: str
    text: str


class Attention(QObject):
    changed = Signal()
    raised = Signal(object)  # Alert

    def __init__(self, live: LiveModel, sound: bool = True,
                 clock: Callable[[], datetime] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.sound = sound
        self.clock = clock or (lambda: datetime.now(UTC))
        self.alerts: dict[str, Alert] = {}
        self._in_area: set[str] = set()  # incidents seen in my area: an alert once per arrival
        self._due_seen: set[tuple[str, str]] = set()
        live.changed.connect(self._on_changed)
        self._due_timer = QTimer(self)  # reports fall due as time passes, with no event
        self._due_timer.timeout.connect(self.refresh_due)
        self._due_timer.start(30_000)

    def refresh_due(self) -> None:
        """Raise the reports now overdue or due soon and the orders whose replies are
        overdue; drop those that came in."""
        now = self.clock()
        wanted = {a.key: Alert(a.key, "disaster_process", a.process_id, a.text)
                  for a in due_alerts(self.live.replica, self.live.principal, now)}
        for order in overdue_issued_by_me(self.live.replica, self.live.principal, now):
            key = f"{_REPLY}{order.id}"
            wanted[key] = Alert(key, "order", order.id, translate(
                "Forms", "Order {number}: replies overdue from {n} addressees").format(
                    number=order.number, n=len(waiting_for(order))))
        gone = [k for k in self.alerts if k.startswith(_TIMED) and k not in wanted]
        for key in gone:
            del self.alerts[key]
        for key, a in wanted.items():
            if (key, a.text) in self._due_seen:
                continue
            known = self.alerts.get(key)
            if known is not None and known.text != a.text:  # due soon -> overdue
                del self.alerts[key]
            self.raise_alert(a)
        if gone:
            self.changed.emit()

    def ids_of(self, kind: str) -> set[str]:
        return {a.id for a in self.alerts.values() if a.kind == kind}

    def acknowledge(self, key: str) -> None:
        alert = self.alerts.pop(key, None)
        if alert is not None:
            self._seen_due(alert)
            self.changed.emit()

    def acknowledge_all(self) -> None:
        if self.alerts:
            for alert in self.alerts.values():
                self._seen_due(alert)
            self.alerts.clear()
            self.changed.emit()

    def _seen_due(self, alert: Alert) -> None:
        """An acknowledged due report stays quiet until its wording changes (overdue)."""
        if alert.key.startswith(_TIMED):
            self._due_seen.add((alert.key, alert.text))

    def raise_alert(self, alert: Alert) -> None:
        if alert.key in self.alerts:
            return
        self.alerts[alert.key] = alert
        if self.sound:
            QApplication.beep()
        self.raised.emit(alert)
        self.changed.emit()

    def on_answered(self, entry: Entry, answer: Ack | Error) -> None:
        if isinstance(answer, Error):
            self.raise_alert(Alert(
                f"command:{entry.id}", "command", entry.id,
                translate("Attention", "Refused: {op}: {message}").format(
                    op=op_name(entry.op), message=answer.message),
            ))

    def _arrived(self, incident: Incident, area: str, removed: bool) -> bool:
        """True when the incident is in my area now and was not at my last look."""
        inside = not removed and is_within(incident.jurisdiction, area)
        if not inside:
            self._in_area.discard(incident.id)
            return False
        if incident.id in self._in_area:
            return False
        self._in_area.add(incident.id)
        return True

    def _on_changed(self, changes: Changes) -> None:
        me = self.live.principal
        if me is None:
            return
        if changes.reset or {"disaster_process", "loss_report", "order"} & set(changes.kinds()):
            self.refresh_due()
        if changes.reset:
            self._in_area = {i.id for i in self.live.replica.all_typed(Incident)
                             if is_within(i.jurisdiction, me.jurisdiction)}
            return
        mine = {me.jurisdiction} | {f"team:{u}" for u in me.units}
        for ev in changes.events:
            ent = ev.entity
            arrived = isinstance(ent, Incident) and self._arrived(ent, me.jurisdiction,
                                                                  ev.removed)
            if ev.removed or ev.actor == me.id:
                continue
            if isinstance(ent, Incident) and ev.op in ("incident.create", "incident.update"):
                if arrived:
                    self.raise_alert(Alert(
                        f"incident:{ent.id}", "incident", ent.id,
                        translate("Attention", "New incident {number}: {title}").format(
                            number=ent.number, title=ent.title),
                    ))
            elif (isinstance(ent, Order) and ev.op == "order.issue"
                  and mine & set(ent.addressees)):
                self.raise_alert(Alert(
                    f"{kind_of(ent)}:{ent.id}", "order", ent.id,
                    translate("Attention", "Order {number} for you: {text}").format(
                        number=ent.number, text=ent.text[:80]),
                ))
