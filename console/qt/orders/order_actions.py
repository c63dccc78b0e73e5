"""Orders (指令) from an upper level: issue one to jurisdictions or teams, acknowledge one.

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) by the
shell, which builds one of these per main window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from console.qt.actions.workflows import Workflows
from console.qt.widgets.forms import BOOL, CHOICE, LONG_TEXT, OPTIONAL_DATETIME, TREE, Field
from console.state import guards, text
from console.state.area_tree import AreaNode, city_tree
from console.state.exercise_clock import exercise_started
from protocol.adcodes import is_within
from protocol.commands import OrderAcknowledge, OrderIssue
from protocol.entities import Incident, Jurisdiction, Order, Team
from protocol.enums import OrderPriority

translate = QCoreApplication.translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def forms_tr(s: str) -> str:
    return translate("Forms", s)


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
        priorities = [(text.label(p), p.value) for p in OrderPriority]
        self.w.form(
            tr("Issue an order"),
            [Field("text", tr("Order text"), LONG_TEXT, required=True),
             Field("priority", forms_tr("Priority"), CHOICE, OrderPriority.ROUTINE.value,
                   priorities),
             Field("addressees", tr("To"), TREE, [], nodes=self._addressees(), required=True),
             Field("reply_by", forms_tr("Reply by"), OPTIONAL_DATETIME, None),
             Field("incident_id", tr("About incident"), CHOICE, inc.id if inc else None,
                   incidents),
             Field("requires_ack", tr("Acknowledgment required"), BOOL, True),
             Field("exercise", tr("Exercise (drill)"), BOOL,  # during a drill: a drill order
                   exercise_started(self.w.live.replica) is not None)],
            lambda v: self.w.send_command("order.issue", OrderIssue(**v)),
            check=lambda v: forms_tr("A reply-by time waits for acknowledgments: tick "
                                     "\"Acknowledgment required\" or clear the time.")
            if v["reply_by"] is not None and not v["requires_ack"] else "",
        )

    def _addressees(self) -> list[AreaNode]:
        """Jurisdictions below mine by city, then a group of the teams within mine (as
        ``team:<id>``)."""
        me = self.w.me
        if me is None:
            return []
        replica = self.w.live.replica
        nodes = city_tree(replica.all_typed(Jurisdiction), me.jurisdiction,
                          lambda code: text.place(replica, code), below_only=True)
        teams = sorted((t for t in replica.all_typed(Team)
                        if is_within(t.jurisdiction, me.jurisdiction)), key=lambda t: t.name)
        if teams:
            nodes.append(AreaNode(forms_tr("Teams"), None, tuple(
                AreaNode(t.name, f"team:{t.id}", tooltip=text.place(replica, t.jurisdiction))
                for t in teams)))
        return nodes

    def acknowledge_order(self) -> None:
        o = self.w.selected()
        if isinstance(o, Order) and self.w.me is not None:
            self.w.send_command("order.acknowledge", OrderAcknowledge(
                id=o.id, addressee=guards.my_addressee(self.w.me, o)))
