"""The main window: map in the centre, docks around it, top strip, menus, status bar.

Layout (restored from QSettings on restart): incidents left; detail of the selection right;
live event log bottom; teams, resources, orders, warnings, responses, support requests, plans,
shelters, commands and dashboards as further docks, tabbed where they share a side.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
    qVersion,
)
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QGraphicsOpacityEffect,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.net.link import LinkState
from console.net.outbox import Entry
from console.qt.actions.workflows import Workflows
from console.qt.dashboards.dashboard import DashboardWidget
from console.qt.duty.duty_desk import DutyDesk
from console.qt.incidents.incident_actions import IncidentActions
from console.qt.incidents.incident_panel import IncidentPanel
from console.qt.live import LiveModel
from console.qt.logistics.logistics_actions import LogisticsActions
from console.qt.map.map_view import MapView
from console.qt.orders.order_actions import OrderActions
from console.qt.replay.replay import (
    ReplayBar,
    ReplayController,
    ReplayWindowDialog,
    default_window,
)
from console.qt.shell.attention import Alert, Attention
from console.qt.shell.command_list import CommandListModel
from console.qt.shell.connection import Connection
from console.qt.shell.event_log import EventLogModel, EventLogView
from console.qt.shell.export_actions import ExportActions
from console.qt.shell.platform_status import PlatformStatus
from console.qt.shell.report_actions import ReportActions
from console.qt.shell.top_strip import TopStrip, link_colour, link_text
from console.qt.shell.window_fit import fit_to_screen
from console.qt.statistics.statistics_panel import StatisticsPanel
from console.qt.teams.team_actions import TeamActions
from console.qt.teams.team_panel import TeamPanel
from console.qt.warnings.warning_actions import WarningActions
from console.qt.widgets.detail_view import DetailView
from console.qt.widgets.table_model import table_model
from console.qt.widgets.table_panel import TablePanel, TableView
from console.state import tables, text
from console.state.boundaries import Boundaries
from console.state.detail_html import render
from console.state.detail_summary import summary
from console.state.operations import op_name
from protocol.messages import PROTOCOL_VERSION, Ack, Error, Event
from protocol.replica import Changes

translate = QCoreApplication.translate
STATE_VERSION = 1
ICONS = Path(__file__).resolve().parents[3] / "resources" / "icons"
ACTION_ICONS = {
    "new_incident": "new_incident", "grade_incident": "grade", "incident_status": "status",
    "dispatch": "dispatch", "issue_order": "order", "ack_order": "acknowledge",
    "ack_assignment": "acknowledge", "request_material": "material",
    "publish_warning": "warning", "start_response": "response", "loss_report": "loss_report",
}

CONTEXT_ACTIONS = {
    "incident": ["grade_incident", "incident_status", "note_incident", "update_incident",
                 "move_incident", "exercise_incident", "dispatch", "request_support",
                 "issue_order", "loss_report", "merge_incident", "close_incident"],
    "team": ["team_status", "ack_assignment", "release_team", "recall_team", "team_track"],
    "depot": ["restock", "adjust_stock"],
    "stock": ["restock", "adjust_stock"],
    "material_request": ["material_approved", "material_rejected", "material_order_issued",
                         "material_in_transit", "material_received", "material_partial",
                         "material_returned", "material_closed", "material_cancelled"],
    "order": ["ack_order"],
    "warning": ["update_warning", "warning_cap", "cancel_warning", "import_cap"],
    "response": ["raise_response", "lower_response", "end_response"],
    "support_request": ["accept_support", "reject_support"],
    "plan": ["activate_plan"],
    "plan_task": ["task_done"],
    "shelter": ["open_shelter", "shelter_occupancy", "close_shelter"],
    "loss_report": ["loss_report"],
}
CONTEXT_ACTIONS["incident"] += ["info_initial", "info_follow_up", "info_final"]


def icon(name: str) -> QIcon:
    """An SVG icon; its light strokes are darkened under the light theme."""
    svg = (ICONS / f"{name}.svg").read_bytes()
    app = QApplication.instance()
    if app is not None and app.property("watchfloor_theme") == "light":
        svg = svg.replace(b"#e8eaed", b"#202124")
    pixmap = QPixmap()
    pixmap.loadFromData(svg, "SVG")
    return QIcon(pixmap)


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


STALE_OPACITY = 0.55
ALERT_TEXT_PX = 520  # the alert button's text at most (the whole alert in its tooltip)


def app_version() -> str:
    try:
        return version("watchfloor")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "(source tree)"


def shortcut_text(keys: QKeySequence) -> str:
    """A shortcut as the menus show it: Qt's native text, whose key names come from the
    QShortcut context of our catalogue ('Ctrl+↑' in Chinese, 'Ctrl+Up' in English)."""
    return keys.toString(QKeySequence.SequenceFormat.NativeText)


def plain_text(label: str) -> str:
    """An action's text without its mnemonic: '签收任务(&K)' → '签收任务', '&Find' → 'Find'."""
    return re.sub(r"\(&\w\)|&(?=\S)", "", label).replace("&&", "&")


class MainWindow(QMainWindow):
    sign_out_requested = Signal()  # File → Sign out
    switch_user_requested = Signal()  # File → Switch user
    quit_requested = Signal()  # File → Quit

    def __init__(self, live: LiveModel, connection: Connection, settings: QSettings,
                 boundaries: Boundaries | None = None) -> None:
        """``boundaries``: the map's, if already loaded (the start-up splash loads them on a
        worker thread); else the map loads them."""
        super().__init__()
        self.live = live
        self.connection = connection
        self.settings = settings
        self.setObjectName("main_window")
        self.setWindowTitle(tr("Watchfloor — Zhejiang emergency command"))
        self.setWindowIcon(icon("watchfloor"))
        self.first_run = True  # no saved geometry: restore_layout says otherwise
        self.setDockNestingEnabled(True)
        self.setTabPosition(Qt.DockWidgetArea.AllDockWidgetAreas, QTabWidget.TabPosition.North)

        app = QApplication.instance()
        theme = str(app.property("watchfloor_theme") or "dark") if app is not None else "dark"
        self.map = MapView(live, self, boundaries=boundaries, lang=text.language(), theme=theme)
        self.setCentralWidget(self.map)
        self.top = TopStrip(live, self)
        strip = QToolBar(tr("Top strip"), self)
        strip.setObjectName("toolbar_top_strip")
        strip.setMovable(False)
        strip.addWidget(self.top)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, strip)
        self.addToolBarBreak()
        self.replay_bar = ReplayBar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.replay_bar)
        self.addToolBarBreak()

        self.models = {kind: table_model(live, make(live))
                       for kind, make in tables.TABLES.items()}
        self.incidents = IncidentPanel(live, self.models["incident"], self)
        self.teams = TeamPanel(live, self.models["team"], self)
        self.panels: dict[str, TablePanel] = {"incident": self.incidents, "team": self.teams}
        for kind, model in self.models.items():
            if kind not in self.panels:
                self.panels[kind] = TablePanel(live, model, parent=self)

        self.detail = DetailView(self)
        self.detail.show_html(None, summary(live.replica))
        self.event_log_model = EventLogModel(live)
        self.event_log = EventLogView(live, self.event_log_model, self)
        self.commands_model = CommandListModel(connection.outbox,
                                               forwarding=lambda: connection.link.forwarding)
        self.commands = TableView(self, tr("Commands you send appear here with their answers."))
        self.commands.setSortingEnabled(False)
        self.commands.setModel(self.commands_model)
        self.dashboard = DashboardWidget(live, self, lang=text.language(), theme=theme)

        self.attention = Attention(live, parent=self)
        self.workflows = Workflows(live, connection.link, self)
        self.workflows.pick_location = self.map.set_pick_mode
        self.incident_actions = IncidentActions(self.workflows)
        self.team_actions = TeamActions(self.workflows)
        self.team_actions.show_track = self.map.show_track
        self.team_actions.show_candidates_on_map = self.map.show_candidates
        self.order_actions = OrderActions(self.workflows)
        self.logistics_actions = LogisticsActions(self.workflows)
        self.warning_actions = WarningActions(self.workflows)
        self.statistics = StatisticsPanel(live, self.workflows, self)
        self.duty = DutyDesk(self.workflows, self)
        self.duty.owed.connect(lambda key, id, text: self.attention.raise_alert(
            Alert(key, "incident", id, text)))
        self.duty.sent.connect(self.attention.acknowledge)
        self.duty.check_due()
        self.workflows.refresh()
        self.exports = ExportActions(live, self, self.statusBar())
        self.replay = ReplayController(live, connection.link.query, self.replay_bar, self)
        self.replay.failed.connect(lambda m: self.statusBar().showMessage(m, 15000))
        live.replay_changed.connect(self._on_replay)
        self.reports = ReportActions(live, connection.link, self._received_events, self,
                                     self.statusBar())
        self.docks: dict[str, QDockWidget] = {}
        self._build_docks()
        self._build_menus()
        self._build_context_menus()
        self._build_status_bar()

        live.selected.connect(self._on_selected)
        live.changed.connect(self._on_changed)
        connection.state_changed.connect(self._on_link_state)
        connection.pending_changed.connect(self._on_pending)
        connection.stale_changed.connect(self._on_stale)
        connection.queued.connect(self.commands_model.on_queued)
        connection.forwarding.connect(self.commands_model.on_forwarding)
        connection.forwarding.connect(lambda *_: self.commands.resizeColumnToContents(1))
        self.platform.changed.connect(self._show_detail)
        self.platform.indicator.clicked.connect(self._show_commands)
        connection.answered.connect(self._on_answered)
        self.attention.changed.connect(self._on_attention)
        self.workflows.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self._in_status = QTimer(self)
        self._in_status.timeout.connect(
            lambda: self.models["team"].refresh_column(tables.TEAM_IN_STATUS_COLUMN))
        self._in_status.start(30_000)
        self._on_link_state(connection.state)
        self._on_pending(connection.pending_count())
        self._on_stale(connection.stale)
        self.restore_layout()

    # -- building ------------------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[name] = dock
        return dock

    def _tabs(self, pages: list[tuple[str, QWidget]]) -> QTabWidget:
        tabs = QTabWidget(self)
        tabs.setDocumentMode(True)
        for title, w in pages:
            tabs.addTab(w, title)
        return tabs

    def _build_docks(self) -> None:
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        p = self.panels
        incidents = self._dock("incidents", tr("Incidents"), self.incidents, left)
        teams = self._dock("teams", tr("Teams"), p["team"], left)
        self.tabifyDockWidget(incidents, teams)
        incidents.raise_()
        self._dock("detail", tr("Detail"), self.detail, right)
        orders = self._dock("orders", tr("Orders"), p["order"], right)
        warnings = self._dock("warnings", tr("Warnings and responses"), self._tabs([
            (tr("Warnings"), p["warning"]), (tr("Responses"), p["response"])]), right)
        self.tabifyDockWidget(orders, warnings)
        log = self._dock("event_log", tr("Live event log"), self.event_log, bottom)
        resources = self._dock("resources", tr("Resources"), self._tabs([
            (tr("Stock"), p["stock"]), (tr("Material requests"), p["material_request"]),
            (tr("Depots"), p["depot"]), (tr("Shelters"), p["shelter"])]), bottom)
        support = self._dock("support", tr("Support requests"), p["support_request"], bottom)
        losses = self._dock("losses", tr("Loss reports"), p["loss_report"], bottom)
        statistics = self._dock("statistics", translate("Statistics", "Statistics"),
                                self.statistics, bottom)
        plans = self._dock("plans", tr("Plans"), self._tabs([
            (tr("Plan tasks"), p["plan_task"]), (tr("Plans"), p["plan"])]), bottom)
        commands = self._dock("commands", tr("My commands"), self.commands, bottom)
        dashboards = self._dock("dashboards", tr("Dashboards"), self.dashboard, bottom)
        duty = self._dock("duty", translate("Duty", "Duty log"), self.duty.panel, bottom)
        for dock in (resources, support, losses, statistics, plans, commands, dashboards, duty):
            self.tabifyDockWidget(log, dock)
        log.raise_()
        self.resizeDocks([incidents], [450], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["detail"]], [360], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["detail"], orders], [620, 260], Qt.Orientation.Vertical)
        self.resizeDocks([log], [230], Qt.Orientation.Vertical)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        export = file_menu.addMenu(tr("&Export"))
        export.addAction(self.exports.geojson)
        report = file_menu.addMenu(translate("Reports", "&Report"))
        report.setObjectName("menu_report")
        report.addAction(self.reports.sitrep)
        report.addAction(self.reports.handover)
        file_menu.addSeparator()
        for name, title, signal in (
            ("sign_out", tr("Sign &out"), self.sign_out_requested),
            ("switch_user", tr("S&witch user…"), self.switch_user_requested),
            ("quit", tr("&Quit"), self.quit_requested),
        ):
            entry = QAction(title, self)
            entry.setObjectName(f"file_{name}")
            entry.triggered.connect(signal.emit)
            file_menu.addAction(entry)
        entry.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        groups: list[tuple[str, list[str | None]]] = [
            (tr("&Incident"), ["new_incident", "grade_incident", "incident_status",
                               "note_incident", "update_incident", "move_incident",
                               "exercise_incident", None,
                               "merge_incident", "close_incident", None, "loss_report"]),
            (tr("&Teams"), ["dispatch", "team_status", "ack_assignment", "release_team",
                            "recall_team", "team_track", None,
                            "request_support", "accept_support", "reject_support", None,
                            "new_team"]),
            (tr("&Orders"), ["issue_order", "ack_order"]),
            (translate("Duty", "&Duty"), [*DutyDesk.ACTIONS, None, *DutyDesk.INFO_ACTIONS]),
            (tr("&Resources"), ["request_material", "material_approved", "material_rejected",
                                "material_order_issued", "material_in_transit",
                                "material_received", "material_partial", "material_returned",
                                "material_closed", "material_cancelled", None,
                                "new_depot", "restock", "adjust_stock", None,
                                "open_shelter", "close_shelter", "shelter_occupancy"]),
            (tr("Res&ponse"), ["start_response", "raise_response", "lower_response",
                               "end_response", None, "publish_warning", "update_warning",
                               "cancel_warning", "warning_cap", "import_cap", None,
                               "activate_plan", "task_done"]),
        ]
        toolbar = QToolBar(tr("Actions"), self)
        toolbar.setObjectName("toolbar_actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(18, 18))
        for name, file in ACTION_ICONS.items():
            self.workflows.action(name).setIcon(icon(file))
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        on_toolbar = {"new_incident", "grade_incident", "incident_status", "dispatch",
                      "issue_order", "ack_order", "request_material", "publish_warning",
                      "start_response", "loss_report"}
        for title, names in groups:
            menu = bar.addMenu(title)
            for item in names:
                if item is None:
                    menu.addSeparator()
                    continue
                action = self.workflows.action(item)
                menu.addAction(action)
                if item in on_toolbar:
                    toolbar.addAction(action)
        view = bar.addMenu(tr("&View"))
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        self.replay_action = QAction(translate("Replay", "&Replay…"), self)
        self.replay_action.setObjectName("view_replay")
        self.replay_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.replay_action.triggered.connect(self.choose_replay)
        view.addAction(self.replay_action)
        self.leave_replay_action = QAction(translate("Replay", "&Leave replay"), self)
        self.leave_replay_action.setObjectName("view_leave_replay")
        self.leave_replay_action.setEnabled(False)
        self.leave_replay_action.triggered.connect(self.replay.leave)
        view.addAction(self.leave_replay_action)
        view.addSeparator()
        find = QAction(tr("Find an incident"), self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self._find_incident)
        view.addAction(find)
        fit = QAction(tr("Fit map to my jurisdiction"), self)
        fit.setShortcut(QKeySequence("Ctrl+0"))
        fit.triggered.connect(self.map.fit_jurisdiction)
        view.addAction(fit)
        layers = QMenu(tr("Map layers"), self)
        for action in self.map.layer_actions.values():
            layers.addAction(action)
        view.addMenu(layers)
        reconnect = QAction(tr("Reconnect now"), self)
        reconnect.triggered.connect(self.connection.link.reconnect_now)
        view.addAction(reconnect)
        view.addSeparator()
        reset = QAction(tr("Re&set layout"), self)
        reset.setObjectName("view_reset_layout")
        reset.triggered.connect(self.reset_layout)
        view.addAction(reset)
        help_menu = bar.addMenu(tr("&Help"))
        keys = QAction(tr("Keyboard shortcuts"), self)
        keys.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        about = QAction(tr("&About Watchfloor"), self)
        about.setObjectName("help_about")
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_context_menus(self) -> None:
        """Right-click a row: the actions of that kind (disabled ones say why), then export."""
        for kind, panel in self.panels.items():
            view = panel.view
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addActions([self.workflows.action(n) for n in CONTEXT_ACTIONS.get(kind, [])])
            separator = QAction(view)
            separator.setSeparator(True)
            view.addActions([separator, self.exports.csv_action(self.models[kind])])

    def choose_replay(self) -> None:
        """View → Replay…: the window, then the picture at its start."""
        start, end = default_window(datetime.now(UTC))
        dialog = ReplayWindowDialog(start, end, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.replay.enter(*dialog.chosen()))
        dialog.open()

    def _on_replay(self, replaying: bool) -> None:
        self.leave_replay_action.setEnabled(replaying)
        self.replay_action.setText(translate("Replay", "&Replay another window…") if replaying
                                   else translate("Replay", "&Replay…"))
        title = tr("Watchfloor — Zhejiang emergency command")
        self.setWindowTitle(f"{title} — {translate('Replay', 'REPLAY')}" if replaying else title)
    def _received_events(self) -> list[Event]:
        """The events this session received (the live log keeps the newest), oldest first."""
        model = self.event_log_model
        rows = (model.row_at(i) for i in range(model.rowCount()))
        return [ev for ev in reversed(list(rows)) if ev is not None]

    def _find_incident(self) -> None:
        self.docks["incidents"].show()
        self.docks["incidents"].raise_()
        self.incidents.search_edit.setFocus()
        self.incidents.search_edit.selectAll()

    def shortcuts_html(self) -> str:
        """Every shortcut, in two columns so the list fits a 1080-pixel screen."""
        cells = [
            f"<td nowrap><b>{escape(shortcut_text(flow.action.shortcut()))}</b></td>"
            f"<td nowrap style='padding-right:18px'>{escape(plain_text(flow.action.text()))}</td>"
            for flow in self.workflows.flows.values() if not flow.action.shortcut().isEmpty()
        ]
        half = (len(cells) + 1) // 2
        rows = "".join(
            f"<tr>{left}{right}</tr>"
            for left, right in zip(cells[:half], [*cells[half:], "<td></td><td></td>"],
                                   strict=False)
        )
        return f"<table cellpadding='2'>{rows}</table>"

    def show_shortcuts(self) -> None:
        box = QDialog(self)
        box.setWindowTitle(tr("Keyboard shortcuts"))
        box.setObjectName("shortcuts")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(self.shortcuts_html(), box))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, box)
        close.rejected.connect(box.reject)
        layout.addWidget(close)
        box.open()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.link_status = QLabel(self)
        self.link_status.setObjectName("link_status")
        self.pending_status = QLabel(self)
        self.pending_status.setObjectName("pending_status")
        self.alert_button = QToolButton(self)
        self.alert_button.setObjectName("alert_button")
        self.alert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.alert_button.setIcon(icon("alert"))
        self.alert_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.alert_menu = QMenu(self)
        self.alert_button.setMenu(self.alert_menu)
        self.alert_button.hide()
        self.platform = PlatformStatus(self.live, self.connection, self.models, self)
        bar.addPermanentWidget(self.alert_button)
        bar.addPermanentWidget(self.pending_status)
        bar.addPermanentWidget(self.platform.indicator)
        bar.addPermanentWidget(self.link_status)

    def _show_commands(self) -> None:
        """The platform indicator clicked: My commands, where held commands are listed."""
        self.docks["commands"].show()
        self.docks["commands"].raise_()

    # -- reacting ------------------------------------------------------------------------------
    def _on_selected(self, kind: str, id: str) -> None:
        self._show_detail()
        if kind == "incident" and id:
            self.docks["detail"].raise_()

    def _show_detail(self) -> None:
        """The selection's detail, or a summary of the picture while nothing is selected."""
        kind, id = self.live.selection
        replica = self.live.replica
        html = render(replica, kind, id) if kind else summary(replica)
        self.detail.show_html((kind, id), self.platform.note_html(kind, id) + html)

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset or changes.kinds():
            self._show_detail()

    def _on_link_state(self, state: LinkState) -> None:
        self.top.set_link(state)
        self.link_status.setText(link_text(state))
        self.link_status.setStyleSheet(f"color:{link_colour(state)}; font-weight:bold;")

    def _on_pending(self, count: int) -> None:
        self.pending_status.setText(tr("{n} pending").format(n=count))
        ids: set[str] = set()
        for entry in self.connection.outbox.pending():
            for key in ("id", "incident_id", "team_id"):
                value = entry.args.get(key)
                if isinstance(value, str):
                    ids.add(value)
        for model in self.models.values():
            model.set_pending(ids)

    def _on_stale(self, stale: bool) -> None:
        """A picture that is not live any more is marked STALE and shown dimmed."""
        self.top.set_stale(stale)
        for widget in self.dimmed_widgets():
            if stale:
                effect = QGraphicsOpacityEffect(widget)
                effect.setOpacity(STALE_OPACITY)
                widget.setGraphicsEffect(effect)
            else:
                widget.setGraphicsEffect(None)  # type: ignore[arg-type]

    def dimmed_widgets(self) -> list[QWidget]:
        """What shows the picture: the map and every table (dimmed while stale)."""
        return [self.map, self.detail, *(p for p in self.panels.values())]

    def _on_answered(self, entry: Entry, answer: Ack | Error) -> None:
        self.commands_model.on_answered(entry, answer)
        self.attention.on_answered(entry, answer)
        if isinstance(answer, Ack):
            self.statusBar().showMessage(
                tr("Done: {op}").format(op=op_name(entry.op)), 8000)
        if isinstance(answer, Error):
            self.statusBar().showMessage(
                tr("Refused: {op}: {message}").format(op=op_name(entry.op), message=answer.message),
                15000,
            )

    def _on_attention(self) -> None:
        alerts = list(self.attention.alerts.values())
        for kind in ("incident", "order"):
            self.models[kind].set_highlighted(self.attention.ids_of(kind))
        self.alert_menu.clear()
        for alert in alerts:
            act = self.alert_menu.addAction(tr("Acknowledge: {text}").format(text=alert.text))
            act.triggered.connect(lambda _c=False, a=alert: self._acknowledge(a))
        if alerts:
            self.alert_menu.addSeparator()
            self.alert_menu.addAction(tr("Acknowledge all"), self.attention.acknowledge_all)
        self.alert_button.setVisible(bool(alerts))
        full = tr("Alerts ({n}): {last}").format(n=len(alerts),
                                                 last=alerts[-1].text if alerts else "")
        metrics = self.alert_button.fontMetrics()  # a long alert must not widen the window
        self.alert_button.setText(metrics.elidedText(full, Qt.TextElideMode.ElideRight,
                                                     ALERT_TEXT_PX))
        self.alert_button.setToolTip(full)
        self.alert_button.setStyleSheet(
            "background:#b03a2e; color:white; font-weight:bold; padding:1px 6px;")

    def _acknowledge(self, alert: Alert) -> None:
        self.attention.acknowledge(alert.key)
        if alert.kind in ("incident", "order"):
            self.live.select(alert.kind, alert.id)
        elif alert.kind == "disaster_process":
            self.statistics.choose(alert.id)
            self.docks["statistics"].show()
            self.docks["statistics"].raise_()

    def about_text(self) -> str:
        return tr("<b>Watchfloor</b> {version}<br>Command and dispatch for emergency "
                  "management<br>Protocol {protocol} · Qt {qt}<br>Server: {server}").format(
            version=app_version(), protocol=PROTOCOL_VERSION, qt=qVersion(),
            server=self.connection.link.url)

    def show_about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, tr("About Watchfloor"),
                          self.about_text(), QMessageBox.StandardButton.Close, self)
        box.setObjectName("about")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- layout --------------------------------------------------------------------------------
    def reset_layout(self) -> None:
        """Every dock back where a first run puts it, shown (View → Reset layout)."""
        self.restoreState(self.default_state, STATE_VERSION)
        for dock in self.docks.values():
            dock.show()
        self.docks["incidents"].raise_()
        self.docks["event_log"].raise_()

    def restore_layout(self) -> None:
        self.default_state = self.saveState(STATE_VERSION)  # every dock is built by now
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self.first_run = False
        fit_to_screen(self, self.first_run)
        if isinstance(state, QByteArray):
            self.restoreState(state, STATE_VERSION)

    def show_maximised_or_restored(self) -> None:
        """Maximised on the first run (and when last closed maximised); else as restored."""
        if self.first_run or self.isMaximized():
            self.showMaximized()
        else:
            self.show()
        # Once laid out (and again when the picture is live and the strip fills) the window
        # is kept on its screen: without a window manager to hold it maximised, contents may
        # have grown it past the screen's edge.
        QTimer.singleShot(0, self.keep_on_screen)
        self.connection.live_ready.connect(self.keep_on_screen)

    def keep_on_screen(self) -> None:
        screen = self.screen()
        if screen is None or self.isFullScreen():
            return
        area = screen.availableGeometry()
        if self.width() > area.width() or self.height() > area.height() or \
                not area.contains(self.geometry().topLeft()):
            fit_to_screen(self, first_run=False)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState(STATE_VERSION))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
