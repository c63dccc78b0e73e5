"""The duty desk (接、报、传、跟): the "Duty log" panel, its actions, the information reports on
an incident, and the reports owed (signals the shell raises as attention items).

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) like the
other families; the shell builds one :class:`DutyDesk` per main window and docks its panel.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.qt.actions.workflows import Workflows
from console.qt.widgets.forms import (
    CHOICE,
    DATETIME,
    FLOAT,
    INT,
    LONG_TEXT,
    TEXT,
    Field,
    FormDialog,
)
from console.qt.widgets.table_model import table_model
from console.qt.widgets.table_panel import TablePanel
from console.state import duty, guards, text
from protocol import rules
from protocol.catalog import INCIDENT_TYPES
from protocol.commands import (
    DutyClose,
    DutyLog,
    DutyStepArgs,
    DutyToIncident,
    InfoFields,
    InfoSubmit,
)
from protocol.duty import InfoChannel, InfoReportKind
from protocol.entities import DutyEntry, Incident
from protocol.enums import Grade, SourceChannel
from protocol.ranges import CASUALTIES_MAX
from protocol.replica import Changes

translate = QCoreApplication.translate
CHECK_EVERY_MS = 30_000  # deadlines pass with the clock, not only with events
SETTLE_MS = 1_000  # after a change, look again once this much later (not per event batch:
# a province-wide look at 20,000 incidents costs ~40 ms)


def tr(s: str) -> str:
    return translate("Duty", s)


def cst_minutes(dialog: FormDialog, name: str) -> None:
    """Show a time field in China Standard Time, to the minute."""
    widget = dialog.widgets[name]
    if isinstance(widget, QDateTimeEdit):
        widget.setTimeZone(QTimeZone(8 * 3600))
        widget.setDisplayFormat("yyyy-MM-dd HH:mm")


class DutyDesk(QObject):
    """The duty actions and panel. The reports the desk owes go out as signals, which the
    shell turns into attention items (this feature does not import the shell)."""

    owed = Signal(str, str, str)  # key, incident id, text: a report is owed (raise an alert)
    sent = Signal(str)  # key: no longer owed (withdraw its alert)

    def __init__(self, w: Workflows, parent: QWidget) -> None:
        super().__init__(parent)
        self.w = w
        self.model = table_model(w.live, duty.entry_table(w.live))
        self.reports = table_model(w.live, duty.report_table(w.live))
        me = lambda: w.me  # noqa: E731 - read at guard time
        w.add("duty_log", tr("&Log a call…"), "Ctrl+Shift+D",
              lambda: guards.word(rules.duty_log(me())), self.log_call)
        w.add("duty_report_leader", tr("&Report to duty leader…"), None,
              lambda: self._step_guard("reported_to_leader"), self.report_leader)
        w.add("duty_pass_on", tr("&Pass on…"), None,
              lambda: self._step_guard("passed_on"), self.pass_on)
        w.add("duty_follow_up", tr("&Follow up…"), None,
              lambda: self._step_guard("following_up"), self.follow_up)
        w.add("duty_to_incident", tr("Make an &incident…"), None,
              lambda: self._step_guard("became_incident"), self.to_incident)
        w.add("duty_close", tr("&Close with a reason…"), None,
              lambda: self._step_guard("closed"), self.close_entry)
        for stage, label, shortcut in (
            ("initial", tr("Initial information report…"), "Ctrl+Shift+I"),
            ("follow_up", tr("Follow-up information report…"), None),
            ("final", tr("Final information report…"), None),
        ):
            w.add(f"info_{stage}", label, shortcut, partial(self._info_guard, stage),
                  partial(self.info_report, stage))
        self.panel = DutyPanel(self, parent)
        self.owed_keys: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setObjectName("duty_due_check")
        self.timer.timeout.connect(self.check_due)
        self.timer.start(CHECK_EVERY_MS)
        self.settle = QTimer(self)
        self.settle.setObjectName("duty_due_settle")
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.check_due)
        w.live.changed.connect(self._on_changed)

    ACTIONS = ("duty_log", "duty_report_leader", "duty_pass_on", "duty_follow_up",
               "duty_to_incident", "duty_close")
    INFO_ACTIONS = ("info_initial", "info_follow_up", "info_final")

    # -- guards ------------------------------------------------------------------------------
    def _entry(self) -> DutyEntry | None:
        ent = self.w.selected()
        return ent if isinstance(ent, DutyEntry) else None

    def _step_guard(self, dst: str) -> str | None:
        entry = self._entry()
        if entry is None:
            return tr("Select a duty-log entry first.")
        return guards.word(rules.duty_step(self.w.me, entry, dst))

    def _info_guard(self, stage: str) -> str | None:
        inc = self.w.selected_incident()
        if inc is None:
            return guards.selected(None, Incident, translate("", "an incident"))
        reports = duty.reports_of(self.w.live.replica, inc.id)
        verdicts = [rules.info_submit(self.w.me, inc, reports, stage, c.value)
                    for c in InfoChannel]  # an initial report: either channel still open
        why = None if None in verdicts else verdicts[0]
        return guards.word(why)

    # -- the duty log ------------------------------------------------------------------------
    def log_call(self) -> None:
        types = [(f"{t.code} {t.zh if text.language() == 'zh' else t.en}", t.code)
                 for t in INCIDENT_TYPES.values()]
        grades: list[tuple[str, Any]] = [(tr("not judged yet"), None)]
        grades += [(g.label(text.language()), g.value) for g in Grade]
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        count = dict(kind=INT, maximum=CASUALTIES_MAX)
        dialog = self.w.form(tr("Log a call (值班接报)"), [
            Field("received_at", tr("Received at (CST)"), DATETIME, now, required=True),
            Field("caller", tr("Caller"), TEXT, required=True),
            Field("caller_unit", tr("Caller's unit"), TEXT),
            Field("phone", tr("Phone"), TEXT, required=True),
            Field("type_code", tr("Type"), CHOICE, None, types, required=True),
            Field("occurred_at", tr("Time of the event (CST)"), DATETIME, now, required=True),
            Field("place", tr("Place"), TEXT, required=True),
            Field("lon", tr("Longitude (0: not known)"), FLOAT, 0.0, minimum=0, maximum=180,
                  decimals=5),
            Field("lat", tr("Latitude (0: not known)"), FLOAT, 0.0, minimum=0, maximum=90,
                  decimals=5),
            Field("grade", tr("Severity (first judgement)"), CHOICE, None, grades),
            Field("deaths", tr("Dead"), **count),  # type: ignore[arg-type]
            Field("injured", tr("Injured"), **count),  # type: ignore[arg-type]
            Field("missing", tr("Missing"), **count),  # type: ignore[arg-type]
            Field("trapped", tr("Trapped"), **count),  # type: ignore[arg-type]
            Field("summary", tr("What happened"), LONG_TEXT),
            Field("actions", tr("Actions taken"), LONG_TEXT),
            Field("help_wanted", tr("Help wanted"), LONG_TEXT),
        ], self._send_log, note=tr("The checklist of 接报: who called, from where, what, when, "
                                   "where, how bad, what was done, what is wanted. "
                                   "Fields with * are required."))
        cst_minutes(dialog, "received_at")
        cst_minutes(dialog, "occurred_at")

    def _send_log(self, v: dict[str, Any]) -> None:
        point = {"lon": v.pop("lon"), "lat": v.pop("lat")}
        if point["lon"] and point["lat"]:
            v.update(point)
        self.w.send_command("duty.log", DutyLog(**v))

    def _step_form(self, title: str, label: str, required: bool, op: str) -> None:
        entry = self._entry()
        if entry is None:
            return
        self.w.form(title, [Field("text", label, LONG_TEXT, required=required)],
                    lambda v: self.w.send_command(op, DutyStepArgs(id=entry.id, **v), entry),
                    note=f"{duty.minute(entry.received_at)} {entry.caller}: {entry.place}")

    def report_leader(self) -> None:
        self._step_form(tr("Report to the duty leader"),
                        tr("Leader and instructions"), False, "duty.report_leader")

    def pass_on(self) -> None:
        self._step_form(tr("Pass on"), tr("To whom, and what"), True, "duty.pass_on")

    def follow_up(self) -> None:
        self._step_form(tr("Follow up"), tr("What the follow-up found"), True,
                        "duty.follow_up")

    def to_incident(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        lon, lat = (entry.lon, entry.lat) if entry.lon is not None else self.w.home()
        self.w.form(tr("Make an incident of this call"), [
            Field("title", tr("Title (default: place and type)"), TEXT),
            Field("lon", tr("Longitude"), FLOAT, lon, minimum=-180, maximum=180, decimals=5),
            Field("lat", tr("Latitude"), FLOAT, lat, minimum=-90, maximum=90, decimals=5),
            Field("source", translate("Forms", "Source"), CHOICE, SourceChannel.DUTY_CALL.value,
                  [(text.label(c), c.value) for c in SourceChannel]),
            Field("text", tr("Note"), LONG_TEXT),
        ], lambda v: self.w.send_command("duty.to_incident", DutyToIncident(id=entry.id, **v),
                                         entry),
            note=tr("The incident is created from the call's checklist, in one command."))

    def close_entry(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        self.w.form(tr("Close the entry"),
                    [Field("reason", tr("Reason"), LONG_TEXT, required=True)],
                    lambda v: self.w.send_command("duty.close", DutyClose(id=entry.id, **v),
                                                  entry))

    # -- information reports -----------------------------------------------------------------
    def info_report(self, stage: str) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        replica = self.w.live.replica
        before = duty.stated(replica, inc.id)
        reports = duty.reports_of(replica, inc.id)
        fields: list[Field] = []
        if stage == "initial":
            sent = {r.channel for r in reports if r.stage == "initial"}
            channels = [(c.label(text.language()), c.value) for c in InfoChannel
                        if c.value not in sent]
            fields.append(Field("channel", tr("Channel"), CHOICE, channels[0][1], channels))
            start: dict[str, Any] = {"occurred_at": inc.reported_at, "place": inc.address,
                                     "deaths": inc.deaths, "injured": inc.injured,
                                     "missing": inc.missing, "trapped": inc.trapped,
                                     "received_at": inc.reported_at} | before
        else:
            start = before
        for name in duty.CONTENT_FIELDS:
            label = duty.field_label(name)
            value = start.get(name)
            if name in duty.TIMES:
                fields.append(Field(name, label, DATETIME, value or datetime.now(UTC)))
            elif name in duty.COUNTS:
                fields.append(Field(name, label, INT, value or 0, maximum=CASUALTIES_MAX))
            elif name in ("course", "trend", "actions", "requests", "cause", "area"):
                fields.append(Field(name, label, LONG_TEXT, value or ""))
            else:
                fields.append(Field(name, label, TEXT, value or "",
                                    required=stage == "initial" and name == "place"))
        fields += [Field("title", tr("Title (default: place, type, casualties, progress)"),
                       TEXT), Field("note", tr("Note"), LONG_TEXT)]
        number = sum(1 for r in reports if r.stage == "follow_up") + 1
        title = {"initial": tr("Initial information report (初报): {n}"),
                 "follow_up": tr("Follow-up report {k} (续报): {n}"),
                 "final": tr("Final information report (终报): {n}")}[stage]
        note = {"initial": tr("Phone first, then in writing."),
                "follow_up": tr("Shown: what the reports so far state. Change what has "
                                "changed; only the changed fields are sent."),
                "final": tr("The last report on this incident.")}[stage]
        dialog = self.w.form(title.format(n=inc.number, k=number), fields,
                             lambda v: self._send_info(inc, stage, before, v), note=note)
        for name in duty.TIMES:
            cst_minutes(dialog, name)

    def _send_info(self, inc: Incident, stage: str, before: dict[str, Any],
                   v: dict[str, Any]) -> None:
        channel = v.pop("channel", InfoChannel.WRITTEN.value)
        title, note = v.pop("title"), v.pop("note")
        if stage == "initial":
            content = duty.changed_content({}, v)
        else:
            content = duty.changed_content(before, v)
        self.w.send_command("info.submit", InfoSubmit(
            incident_id=inc.id, stage=InfoReportKind(stage), channel=InfoChannel(channel),
            title=title, content=InfoFields(**content), note=note))

    # -- attention ---------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        relevant = changes.reset or {"incident", "info_report", "principal"} & changes.kinds()
        if relevant and not self.settle.isActive():
            self.settle.start()

    def check_due(self) -> None:
        """Raise an alert for each report my desk owes (overdue, or due soon); withdraw those
        sent since."""
        now = datetime.now(UTC)
        items = duty.owed(self.w.live.replica, self.w.me, now)
        keys = {i.key for i in items}
        for key in sorted(self.owed_keys - keys):
            self.sent.emit(key)
        for item in items:
            if item.key not in self.owed_keys:
                self.owed.emit(item.key, item.incident_id, item.text)
        self.owed_keys = keys


class DutyPanel(QWidget):
    """The "Duty log" dock: the actions as buttons, the entries, the selected entry's
    checklist and steps."""

    def __init__(self, desk: DutyDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duty_panel")
        self.desk = desk
        live = desk.w.live
        self.table = TablePanel(live, desk.model, parent=self)
        self.table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.view.addActions([desk.w.action(n) for n in DutyDesk.ACTIONS[1:]])
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("duty_detail")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for name in DutyDesk.ACTIONS:
            button = QToolButton(self)
            button.setObjectName(f"button_{name}")
            button.setDefaultAction(desk.w.action(name))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)
        header = self.table.view.horizontalHeader()
        for column in (0, 1):  # the time and the state word are read whole
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        log = QWidget(self)
        log_layout = QVBoxLayout(log)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_layout.addLayout(buttons)
        log_layout.addWidget(split)
        self.report_table = TablePanel(live, desk.reports, parent=self)
        report_header = self.report_table.view.horizontalHeader()
        for column in (0, 2, 3):  # time, which report, channel: read whole
            report_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(log, tr("Calls and messages"))
        self.tabs.addTab(self.report_table, tr("Information reports"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tabs)
        live.selected.connect(self._on_selected)  # methods, not lambdas: Qt drops them
        live.changed.connect(self._on_changed)  # when this panel is deleted

    def _on_selected(self, _kind: str, _id: str) -> None:
        self.show_selected()

    def _on_changed(self, _changes: Changes) -> None:
        self.show_selected()

    def show_selected(self) -> None:
        ent = self.desk.w.selected()
        if isinstance(ent, DutyEntry):
            self.detail.setHtml(duty.steps_html(ent))
        elif not self.detail.toPlainText():
            self.detail.setPlainText(tr("Select an entry to see its checklist and steps."))

