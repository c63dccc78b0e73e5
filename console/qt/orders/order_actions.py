"""Orders (指令) from an upper level: issue one to jurisdictions or teams, acknowledge one.

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) by the
shell, which builds one of these per main window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from console.qt.actions.workflows import Workflows
from console.qt.widgets.forms import BOOL, CHOICE, LONG_TEXT, MULTI, Field
from console.state import guards
from protocol.adcodes import is_within
from protocol.commands import OrderAcknowledge, OrderIssue
from protocol.entities import Incident, Order, Team

translate = QCoreApplication.translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


class OrderActions:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("issue_order", tr("Issue an &order…"), "F9",
              lambda: guards.operator(me()), self.issue_order)
        w.add("ack_order", tr("Ac&knowledge order"), "Ctrl+K",
              lambda: guards.order_ack(me(), sel()), self.acknowledge_order)

    def issue_order(self) -> None:
        inc = self.w.selected_incident()
        incidents: list[tuple[str, Any]] = [(tr("none"), None)]
        incidents += [(f"{i.number} {i.title}", i.id) for i in
                      sorted(self.w.live.replica.all_typed(Incident), key=lambda i: i.number)]
        self.w.form(
            tr("Issue an order"),
            [Field("text", tr("Order text"), LONG_TEXT, required=True),
             Field("addressees", tr("To"), MULTI, [], self._addressees(), required=True),
             Field("incident_id", tr("About incident"), CHOICE, inc.id if inc else None,
                   incidents),
             Field("requires_ack", tr("Acknowledgment required"), BOOL, True),
             Field("exercise", tr("Exercise (drill)"), BOOL, False)],
            lambda v: self.w.send_command("order.issue", OrderIssue(**v)),
        )

    def _addressees(self) -> list[tuple[str, Any]]:
        """Jurisdictions below mine, then teams within mine (as ``team:<id>``)."""
        me = self.w.me
        if me is None:
            return []
        places = [c for c in self.w.places(me.jurisdiction) if c[1] != me.jurisdiction]
        teams = sorted((t for t in self.w.live.replica.all_typed(Team)
                        if is_within(t.jurisdiction, me.jurisdiction)), key=lambda t: t.name)
        team = tr("Team")
        return places + [(f"{team}: {t.name}", f"team:{t.id}") for t in teams]

    def acknowledge_order(self) -> None:
        o = self.w.selected()
        if isinstance(o, Order) and self.w.me is not None:
            self.w.send_command("order.acknowledge", OrderAcknowledge(
                id=o.id, addressee=guards.my_addressee(self.w.me, o)))
