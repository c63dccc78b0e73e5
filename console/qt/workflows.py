"""Every action of the job, as QActions with shortcuts, enabled from the selection and role.

An action's guard (:mod:`console.qt.guards`) says why it is not allowed; the action is then
disabled with that sentence as its tooltip. Triggering an action opens a non-modal form
(:class:`console.qt.widgets.forms.FormDialog`); accepting the form submits a command through the
outbox. The view changes only when the server's event comes back.

Families here: incidents, teams and assignments, support requests, orders. Materials,
warnings, loss reports, responses, plans and shelters are in :mod:`console.qt.logistics_flows`;
edits of what exists in :mod:`console.qt.amend_flows`; depots, teams, stock and team tracks in
:mod:`console.qt.setup_flows`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget
from qasync import asyncSlot

from console.net.link import QueryError
from console.qt.shell.connection import Connection
from console.qt.widgets.forms import (
    BOOL,
    CHOICE,
    FLOAT,
    INT,
    LONG_TEXT,
    MULTI,
    TEXT,
    Field,
    FormDialog,
)
from console.state import guards, text
from console.state.operations import op_name
from protocol.adcodes import is_within
from protocol.catalog import INCIDENT_TYPES
from protocol.entities import Assignment, Base, Incident, Jurisdiction, Order, SupportRequest, Team
from protocol.enums import Grade, IncidentStatus, TeamStatus
from protocol.machines import INCIDENT, TEAM, TEAM_ON_ASSIGNMENT

from .amend_flows import add_amend_flows
from .live import LiveModel
from .logistics_flows import add_logistics_flows
from .setup_flows import add_setup_flows

translate = QCoreApplication.translate
PickLocation = Callable[[Callable[[float, float], None]], None]


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


@dataclass
class Flow:
    action: QAction
    guard: Callable[[], str | None]


class Workflows(QObject):
    dialog_opened = Signal(object)  # the FormDialog (or CAP view) just opened
    message = Signal(str)  # a line for the status bar

    def __init__(self, live: LiveModel, connection: Connection, parent: QWidget) -> None:
        super().__init__(parent)
        self.live = live
        self.connection = connection
        self.window = parent
        self.flows: dict[str, Flow] = {}
        self.dialog: FormDialog | None = None
        self.pick_location: PickLocation | None = None  # set when a map can pick a point
        self._add_incident_flows()
        self._add_team_flows()
        self._add_support_and_order_flows()
        add_logistics_flows(self)
        self.amend = add_amend_flows(self)
        self.setup = add_setup_flows(self)
        live.selected.connect(self._on_live)
        live.changed.connect(self._on_live)
        live.principal_changed.connect(self._on_live)
        self.refresh()

    # -- framework -----------------------------------------------------------------------------
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

    def refresh(self) -> None:
        for flow in self.flows.values():
            why = flow.guard()
            flow.action.setEnabled(why is None)
            tip = flow.action.text().replace("&", "")
            flow.action.setToolTip(tip if why is None else f"{tip}: {why}")
            flow.action.setStatusTip(why or "")

    @property
    def me(self) -> Any:
        return self.live.principal

    def selected(self) -> Base | None:
        kind, id = self.live.selection
        return self.live.replica.get(kind, id) if kind else None

    def form(
        self,
        title: str,
        fields: list[Field],
        on_ok: Callable[[dict[str, Any]], None],
        note: str = "",
    ) -> FormDialog:
        dialog = FormDialog(title, fields, self.window, note)
        dialog.accepted.connect(lambda: on_ok(dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def submit(self, op: str, args: dict[str, Any], entity: Base | None = None) -> None:
        """Send a command; with ``entity``, guard against concurrent edits by its version."""
        version = entity.version if entity is not None else None
        entry = self.connection.submit(op, args, version)
        self.message.emit(tr("Sent {op} (pending)").format(op=op_name(entry.op)))

    def places(self, within: str | None = None) -> list[tuple[str, Any]]:
        """(name, adcode) choices of jurisdictions, optionally inside one."""
        js = sorted(self.live.replica.all_typed(Jurisdiction), key=lambda j: j.id)
        return [
            (f"{text.place(self.live.replica, j.id)} ({j.id})", j.id)
            for j in js if within is None or is_within(j.id, within)
        ]

    # -- incidents -----------------------------------------------------------------------------
    def _incident(self) -> Incident | None:
        ent = self.selected()
        return ent if isinstance(ent, Incident) else None

    def _add_incident_flows(self) -> None:
        self.add("new_incident", tr("&New incident…"), "Ctrl+N",
                 lambda: guards.operator(self.me), self.new_incident)
        self.add("grade_incident", tr("Set &grade…"), "Ctrl+G",
                 lambda: guards.incident_open(self.me, self.selected()), self.grade_incident)
        self.add("incident_status", tr("Change &status…"), "Ctrl+T",
                 lambda: guards.incident_status(self.me, self.selected()), self.incident_status)
        self.add("note_incident", tr("Add a &note…"), "Ctrl+E",
                 lambda: guards.incident_open(self.me, self.selected()), self.note_incident)

    def new_incident(self) -> None:
        """Click the map to place the incident when a map is there; otherwise type the place."""
        if self.pick_location is not None:
            self.message.emit(tr("Click the map where the incident is."))
            self.pick_location(self._pick_incident_place)
            return
        j = self.live.replica.get_typed(Jurisdiction, self.me.jurisdiction) if self.me else None
        self.new_incident_at(j.lon if j else 120.15, j.lat if j else 30.28)

    def _pick_incident_place(self, lon: float, lat: float) -> None:
        self.new_incident_at(lon, lat)

    def new_incident_at(self, lon: float, lat: float) -> FormDialog:
        types = [(f"{c} {text.incident_type(c)}", c) for c in INCIDENT_TYPES]
        grades: list[tuple[str, Any]] = [(tr("not graded yet"), None)]
        grades += [(f"{text.numeral(g.value)} {text.label(g)}", g.value) for g in Grade]
        fields = [
            Field("type_code", tr("Type"), CHOICE, "11D01", types),
            Field("title", tr("Title"), TEXT, required=True),
            Field("lon", tr("Longitude (WGS-84)"), FLOAT, lon, minimum=118, maximum=123.5,
                  decimals=5),
            Field("lat", tr("Latitude (WGS-84)"), FLOAT, lat, minimum=27, maximum=31.5,
                  decimals=5),
            Field("address", tr("Address")),
            Field("grade", tr("Grade"), CHOICE, None, grades),
            Field("deaths", tr("Dead"), INT),
            Field("injured", tr("Injured"), INT),
            Field("missing", tr("Missing"), INT),
            Field("trapped", tr("Trapped"), INT),
            Field("exercise", tr("Exercise (drill)"), BOOL, False),
            Field("description", tr("Description"), LONG_TEXT),
        ]
        return self.form(tr("New incident"), fields, lambda v: self.submit("incident.create", v))

    def grade_incident(self) -> None:
        inc = self._incident()
        if inc is None:
            return
        grades = [(f"{text.numeral(g.value)} {text.label(g)}", g.value) for g in Grade]
        self.form(
            tr("Grade of {number}").format(number=inc.number),
            [Field("grade", tr("Grade"), CHOICE, inc.grade or "IV", grades),
             Field("note", tr("Note"))],
            lambda v: self.submit("incident.grade", {"id": inc.id, **v}, inc),
        )

    def incident_status(self) -> None:
        inc = self._incident()
        if inc is None:
            return
        nxt = [(text.label(IncidentStatus(s)), s) for s in sorted(INCIDENT.get(inc.status, ()))]
        self.form(
            tr("Status of {number}").format(number=inc.number),
            [Field("status", tr("New status"), CHOICE, nxt[0][1] if nxt else None, nxt),
             Field("note", tr("Note"))],
            lambda v: self.submit("incident.status", {"id": inc.id, **v}, inc),
            note=tr("Now: {status}").format(status=text.label(inc.status)),
        )

    def note_incident(self) -> None:
        inc = self._incident()
        if inc is None:
            return
        self.form(tr("Note on {number}").format(number=inc.number),
                  [Field("text", tr("Note"), LONG_TEXT, required=True)],
                  lambda v: self.submit("incident.note", {"id": inc.id, **v}))

    # -- teams and assignments -----------------------------------------------------------------
    def _add_team_flows(self) -> None:
        self.add("dispatch", tr("Recommend and &dispatch teams…"), "Ctrl+D",
                 lambda: guards.dispatch(self.me, self.selected()), self.recommend)
        self.add("team_status", tr("Set team s&tatus…"), "Ctrl+Shift+T",
                 lambda: guards.team_control(self.me, self.selected()), self.team_status)
        self.add("ack_assignment", tr("Ac&knowledge assignment"), "Ctrl+Shift+K",
                 lambda: guards.assignment_ack(self.me, self.selected(), self._assignment()),
                 self.acknowledge_assignment)
        self.add("release_team", tr("Re&lease team from its task…"), "Ctrl+Shift+L",
                 lambda: guards.assignment_move(self.me, self.selected(), self._assignment(),
                                                "released"),
                 lambda: self.end_assignment("release"))
        self.add("recall_team", tr("Re&call team…"), "Ctrl+Shift+R",
                 lambda: guards.assignment_move(self.me, self.selected(), self._assignment(),
                                                "recalled"),
                 lambda: self.end_assignment("recall"))

    def _assignment(self) -> Assignment | None:
        team = self.selected()
        if not isinstance(team, Team) or not team.assignment_id:
            return None
        return self.live.replica.get_typed(Assignment, team.assignment_id)

    @asyncSlot()
    async def recommend(self) -> None:
        inc = self._incident()
        if inc is None:
            return
        try:
            result = await self.connection.query("team.recommend", {"incident_id": inc.id})
        except QueryError as exc:
            self.message.emit(tr("Recommendation failed: {why}").format(why=str(exc)))
            return
        self.show_candidates(inc, result.get("teams", []) if isinstance(result, dict) else [])

    def show_candidates(self, inc: Incident, candidates: list[dict[str, Any]]) -> FormDialog:
        choices = [
            (f"{n + 1}. {c.get('name', c.get('team_id'))} — {c.get('reason', '')}",
             c.get("team_id"))
            for n, c in enumerate(candidates)
        ]
        note = tr("Nearest capable available teams for {number}, best first.").format(
            number=inc.number) if choices else tr("No available team you may send was found.")
        supports: list[tuple[str, Any]] = [(tr("none"), None)]
        supports += [
            (f"{s.capability} ×{s.count} ({text.place(self.live.replica, s.requester)})", s.id)
            for s in self.live.replica.all_typed(SupportRequest)
            if s.incident_id == inc.id and s.status == "accepted"
        ]
        return self.form(
            tr("Dispatch to {number}").format(number=inc.number),
            [Field("teams", tr("Teams"), MULTI, [choices[0][1]] if choices else [], choices),
             Field("task", tr("Task"), TEXT, inc.title),
             Field("support_request_id", tr("Fulfils support request"), CHOICE, supports[-1][1],
                   supports)],
            lambda v: self._dispatch(inc, v["teams"], v["task"], v["support_request_id"]),
            note=note,
        )

    def _dispatch(self, inc: Incident, team_ids: list[str], task: str,
                  support_request_id: str | None) -> None:
        for team_id in team_ids:
            self.submit("assignment.dispatch",
                        {"team_id": team_id, "incident_id": inc.id, "task": task,
                         "support_request_id": support_request_id})

    def team_status(self) -> None:
        team = self.selected()
        if not isinstance(team, Team):
            return
        if team.status in TEAM_ON_ASSIGNMENT or team.status == "released":
            allowed = sorted(TEAM.get(team.status, frozenset()))
        else:
            allowed = sorted(s for s in TEAM.get(team.status, frozenset())
                             if s not in TEAM_ON_ASSIGNMENT)
        if team.status != "out_of_service":
            allowed.append("out_of_service")
        choices = [(text.label(TeamStatus(s)), s) for s in allowed]
        a = self._assignment()
        op, key = ("assignment.status", a.id) if a is not None and a.status != "ended" else (
            "team.status", team.id)
        self.form(
            tr("Status of {team}").format(team=team.name),
            [Field("status", tr("New status"), CHOICE, choices[0][1] if choices else None,
                   choices), Field("note", tr("Note"))],
            lambda v: self.submit(op, {"id": key, **v}),
            note=tr("Now: {status}").format(status=text.label(team.status)),
        )

    def end_assignment(self, step: str) -> None:
        a = self._assignment()
        if a is None:
            return
        title = tr("Release team") if step == "release" else tr("Recall team")
        self.form(title, [Field("note", tr("Note"))],
                  lambda v: self.submit(f"assignment.{step}", {"id": a.id, **v}, a))

    def acknowledge_assignment(self) -> None:
        a = self._assignment()
        if a is not None:
            self.submit("assignment.acknowledge", {"id": a.id})

    # -- support requests and orders -----------------------------------------------------------
    def _add_support_and_order_flows(self) -> None:
        self.add("request_support", tr("&Request support…"), "Ctrl+Shift+S",
                 lambda: guards.request_support(self.me, self.selected()), self.request_support)
        self.add("accept_support", tr("&Accept support request"), "Ctrl+Shift+A",
                 lambda: guards.support_decide(self.me, self.selected()), self.accept_support)
        self.add("reject_support", tr("Re&ject support request…"), "Ctrl+Shift+J",
                 lambda: guards.support_decide(self.me, self.selected()), self.reject_support)
        self.add("issue_order", tr("Issue an &order…"), "Ctrl+O",
                 lambda: guards.operator(self.me), self.issue_order)
        self.add("ack_order", tr("Ac&knowledge order"), "Ctrl+K",
                 lambda: guards.order_ack(self.me, self.selected()), self.acknowledge_order)

    def request_support(self) -> None:
        inc = self._incident()
        if inc is None:
            return
        self.form(
            tr("Request support for {number}").format(number=inc.number),
            [Field("capability", tr("Capability or team type"), TEXT, "flood", required=True),
             Field("count", tr("Teams wanted"), INT, 1, minimum=1, maximum=50),
             Field("note", tr("Note"), LONG_TEXT)],
            lambda v: self.submit("support.request", {"incident_id": inc.id, **v}),
        )

    def accept_support(self) -> None:
        sr = self.selected()
        if isinstance(sr, SupportRequest):
            self.submit("support.accept", {"id": sr.id}, sr)

    def reject_support(self) -> None:
        sr = self.selected()
        if not isinstance(sr, SupportRequest):
            return
        self.form(tr("Reject support request"),
                  [Field("reason", tr("Reason"), LONG_TEXT, required=True)],
                  lambda v: self.submit("support.reject", {"id": sr.id, **v}, sr))

    def issue_order(self) -> None:
        inc = self._incident()
        incidents: list[tuple[str, Any]] = [(tr("none"), None)]
        incidents += [(f"{i.number} {i.title}", i.id) for i in
                      sorted(self.live.replica.all_typed(Incident), key=lambda i: i.number)]
        self.form(
            tr("Issue an order"),
            [Field("text", tr("Order text"), LONG_TEXT, required=True),
             Field("addressees", tr("To"), MULTI, [], self._addressees(), required=True),
             Field("incident_id", tr("About incident"), CHOICE, inc.id if inc else None,
                   incidents),
             Field("requires_ack", tr("Acknowledgment required"), BOOL, True),
             Field("exercise", tr("Exercise (drill)"), BOOL, False)],
            lambda v: self.submit("order.issue", v),
        )

    def _addressees(self) -> list[tuple[str, Any]]:
        """Jurisdictions below mine, then teams within mine (as ``team:<id>``)."""
        me = self.me
        if me is None:
            return []
        places = [c for c in self.places(me.jurisdiction) if c[1] != me.jurisdiction]
        teams = sorted((t for t in self.live.replica.all_typed(Team)
                        if is_within(t.jurisdiction, me.jurisdiction)), key=lambda t: t.name)
        team = tr("Team")
        return places + [(f"{team}: {t.name}", f"team:{t.id}") for t in teams]

    def acknowledge_order(self) -> None:
        o = self.selected()
        if isinstance(o, Order) and self.me is not None:
            self.submit("order.acknowledge",
                        {"id": o.id, "addressee": guards.my_addressee(self.me, o)})
