"""The action framework: every action of the job as a QAction with a shortcut, enabled from
the selection and the role.

An action's guard (:mod:`console.state.guards`) says why it is not allowed; the action is then
disabled with that sentence as its tooltip. Triggering an action opens a non-modal form
(:class:`console.qt.widgets.forms.FormDialog`); accepting the form builds the op's protocol
struct and queues it (:meth:`Workflows.send_command`): the link checks it as the server's
decoder will, stores it in the outbox and sends it. The view changes only when the server's
event comes back.

The families of actions live with their feature (``console.qt.incidents.incident_actions``,
``teams``, ``orders``, ``logistics``, ``warnings``): each registers its actions here with
:meth:`Workflows.add`, and the shell builds the families. This module imports none of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from console.net.commands import InvalidCommand
from console.net.outbox import Entry
from console.qt.live import LiveModel
from console.qt.widgets.forms import Field, FormDialog
from console.state import guards, text
from console.state.operations import op_name
from protocol.adcodes import is_within
from protocol.commands import Args
from protocol.entities import Base, Incident, Jurisdiction

translate = QCoreApplication.translate
log = logging.getLogger(__name__)
PickLocation = Callable[[Callable[[float, float], None]], None]


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


class CommandLink(Protocol):
    """Where commands are queued and questions asked (:class:`console.net.link.Link`)."""

    def queue_command(self, op: str, args: Args, expected_version: int | None = None) -> Entry: ...

    async def query(self, op: str, args: dict[str, Any]) -> Any: ...

    @property
    def live(self) -> bool: ...


def changed(before: object, values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The fields of ``values`` among ``names`` that differ from ``before``'s attributes."""
    out = {}
    for name in names:
        value = values[name]
        old = getattr(before, name)
        if isinstance(value, float) and isinstance(old, float):
            if abs(value - old) < 1e-6:
                continue
        elif value == old:
            continue
        out[name] = value
    return out


@dataclass
class Flow:
    action: QAction
    guard: Callable[[], str | None]


class Workflows(QObject):
    dialog_opened = Signal(object)  # the FormDialog (or CAP view) just opened
    message = Signal(str)  # a line for the status bar

    def __init__(self, live: LiveModel, link: CommandLink, parent: QWidget) -> None:
        super().__init__(parent)
        self.live = live
        self.link = link
        self.window = parent
        self.flows: dict[str, Flow] = {}
        self.dialog: FormDialog | None = None
        self.pick_location: PickLocation | None = None  # set when a map can pick a point
        live.selected.connect(self._on_live)
        live.changed.connect(self._on_live)
        live.principal_changed.connect(self._on_live)
        live.replay_changed.connect(self._on_replay)
        self.refresh()

    def add(
        self,
        name: str,
        label: str,
        shortcut: str | None,
        guard: Callable[[], str | None],
        handler: Callable[[], Any],
    ) -> QAction:
        action = QAction(label, self.window)
        action.setObjectName(f"action_{name}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        self.flows[name] = Flow(action, guard)
        return action

    def action(self, name: str) -> QAction:
        return self.flows[name].action

    def _on_live(self, *_args: object) -> None:
        self.refresh()

    def _on_replay(self, replaying: bool) -> None:
        if replaying and self.dialog is not None:
            try:  # a form opened on the live picture is not sent from the past
                if self.dialog.isVisible():
                    self.dialog.reject()
            except RuntimeError:  # already closed and deleted
                pass
            self.dialog = None
        self.refresh()

    def refresh(self) -> None:
        replaying = guards.live_picture(self.live.replaying)
        for flow in self.flows.values():
            why = replaying or flow.guard()
            flow.action.setEnabled(why is None)
            tip = flow.action.text().replace("&", "")
            flow.action.setToolTip(tip if why is None else f"{tip}: {why}")
            flow.action.setStatusTip(why or "")

    @property
    def me(self) -> Any:
        return self.live.principal

    def selected(self) -> Base | None:
        kind, id = self.live.selection
        if not kind or self.live.replica.is_local(kind, id):
            return None  # nothing, or a provisional entity: no command can name it yet
        return self.live.replica.get(kind, id)

    def form(
        self,
        title: str,
        fields: list[Field],
        on_ok: Callable[[dict[str, Any]], object],
        note: str = "",
        hint: Callable[[dict[str, Any]], str] | None = None,
        check: Callable[[dict[str, Any]], str] | None = None,
    ) -> FormDialog:
        dialog = FormDialog(title, fields, self.window, note, hint, check)
        dialog.accepted.connect(lambda: on_ok(dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def send_command(self, op: str, args: Args, entity: Base | None = None) -> Entry | None:
        """Queue the command ``op`` with its protocol struct; with ``entity``, guard against
        concurrent edits by its version. A command the protocol's decoder refuses is not
        stored: the status bar says why and None is returned."""
        replaying = guards.live_picture(self.live.replaying)
        if replaying:  # a dialog left open when replay began: nothing is sent
            self.message.emit(tr("Not sent: {op}: {why}").format(op=op_name(op), why=replaying))
            return None
        version = entity.version if entity is not None else None
        try:
            entry = self.link.queue_command(op, args, version)
        except InvalidCommand as exc:
            log.warning("refused to queue %s: %s", op, exc.reason)
            self.message.emit(tr("Not sent: {op}: {why}").format(op=op_name(op), why=exc.reason))
            return None
        if self.link.live:
            self.message.emit(tr("Sent {op}: waiting for the server's answer").format(
                op=op_name(entry.op)))
        else:
            self.message.emit(tr("Queued {op}: offline, it is sent when the link is back").format(
                op=op_name(entry.op)))
        return entry

    def selected_incident(self) -> Incident | None:
        ent = self.selected()
        return ent if isinstance(ent, Incident) else None

    def home(self) -> tuple[float, float]:
        """WGS-84 (lon, lat) of the signed-in jurisdiction's centre: where new things start."""
        me = self.me
        j = self.live.replica.get_typed(Jurisdiction, me.jurisdiction) if me else None
        return (j.lon, j.lat) if j else (120.15, 30.28)

    def my_places(self) -> list[tuple[str, Any]]:
        """(name, adcode) choices of the jurisdictions within mine."""
        me = self.me
        return self.places(me.jurisdiction if me else None)

    def places(self, within: str | None = None) -> list[tuple[str, Any]]:
        """(name, adcode) choices of jurisdictions, optionally inside one."""
        js = sorted(self.live.replica.all_typed(Jurisdiction), key=lambda j: j.id)
        return [
            (f"{text.place(self.live.replica, j.id)} ({j.id})", j.id)
            for j in js if within is None or is_within(j.id, within)
        ]
