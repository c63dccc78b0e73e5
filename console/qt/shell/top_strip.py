"""The top strip: link state, the clock in China Standard Time, responses in force as coloured
chips, active warnings, and an EXERCISE banner whenever exercise data is shown."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from console.net import link as net
from console.net.link import CONNECTING, OFFLINE, ONLINE, LinkState
from console.qt.live import LiveModel
from console.qt.shell.theme import severity_chip_css
from console.state import text
from console.state.colours import COLOUR_CODE, EXERCISE, STALE
from console.state.exercise_clock import exercise_started, scenario_elapsed
from protocol.entities import Incident, Order, Response, Warning
from protocol.enums import LEVEL_RANK
from protocol.errors import ErrorCode
from protocol.replica import Changes

translate = QCoreApplication.translate
_WATCHED = {"response", "warning", "incident", "team", "order"}


def failure_text(state: LinkState) -> str:
    """The last error in a few words ("connection refused"), or "" when there was none."""
    words = {
        net.BAD_ADDRESS: translate("Link", "not a server address"),
        net.UNKNOWN_HOST: translate("Link", "unknown server"),
        net.REFUSED: translate("Link", "connection refused"),
        net.TLS: translate("Link", "secure connection refused"),
        net.TIMEOUT: translate("Link", "no answer"),
        net.HANDSHAKE: translate("Link", "not a Watchfloor server"),
        ErrorCode.UNAUTHORIZED.value: translate("Link", "sign-in refused"),
        ErrorCode.RATE_LIMITED.value: translate("Link", "too many sign-ins"),
        ErrorCode.UNSUPPORTED_VERSION.value: translate("Link", "protocol version refused"),
    }
    if state.failure in words:
        return words[state.failure]
    return state.detail if state.detail != "closed" else ""


def link_text(state: LinkState) -> str:
    """The link's state naming the server and, while it is down, the last error."""
    url = state.url
    if state.status == ONLINE:
        return translate("Link", "online · {url}").format(url=url)
    if state.status == CONNECTING:
        said = translate("Link", "connecting to {url}…").format(url=url)
    else:
        since = text.cst(state.offline_since) if state.offline_since else ""
        said = (translate("Link", "offline since {time} · {url}") if state.status == OFFLINE
                else translate("Link", "reconnecting to {url} (offline since {time})")
                ).format(time=since, url=url)
    why = failure_text(state)
    return f"{said} — {why}" if why else said


def link_colour(state: LinkState) -> str:
    return {ONLINE: "#1e8e3e", CONNECTING: "#9a6700"}.get(state.status, "#c5221f")


MIN_WIDTH = 480


class TopStrip(QFrame):
    def __init__(self, live: LiveModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.setObjectName("top_strip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Chips beyond the width are cut at the right (their list is in the tooltip): however
        # many responses and warnings are in force, the window still fits a small screen.
        self.setMinimumWidth(MIN_WIDTH)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(6)
        self.link_label = QLabel(self)
        self.clock = QLabel(self)
        self.clock.setStyleSheet("font-weight:bold; font-size:14px;")
        self.who = QLabel(self)
        self.exercise = QLabel(translate("TopStrip", "EXERCISE — drill data shown"), self)
        self.exercise.setStyleSheet(
            f"background:{EXERCISE}; color:white; font-weight:bold; padding:2px 10px;")
        self.exercise.hide()
        self.stale = QLabel(translate("TopStrip", "STALE — cached picture, server unreachable"),
                            self)
        self.stale.setStyleSheet(
            f"background:{STALE}; color:white; font-weight:bold; padding:2px 10px;")
        self.stale.hide()
        self.responses = QHBoxLayout()
        self.responses.setSpacing(3)
        self.warnings = QHBoxLayout()
        self.warnings.setSpacing(3)
        row.addWidget(self.link_label)
        row.addWidget(self.clock)
        row.addWidget(self.who)
        row.addWidget(self.exercise)
        row.addWidget(self.stale)
        row.addStretch(1)
        row.addWidget(QLabel(translate("TopStrip", "Responses:"), self))
        row.addLayout(self.responses)
        row.addSpacing(12)
        row.addWidget(QLabel(translate("TopStrip", "Warnings:"), self))
        row.addLayout(self.warnings)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()
        live.changed.connect(self._on_changed)
        live.principal_changed.connect(self._show_principal)
        self.refresh()

    def set_link(self, state: LinkState) -> None:
        self.link_label.setText(f"● {link_text(state)}")
        self.link_label.setToolTip(state.detail)
        self.link_label.setStyleSheet(f"color:{link_colour(state)}; font-weight:bold;")

    def set_stale(self, stale: bool) -> None:
        self.stale.setVisible(stale)

    def _tick(self) -> None:
        now = datetime.now(UTC)
        shown = f"{text.cst(now)} {text.cst_label()}"
        started = exercise_started(self.live.replica) if not self.exercise.isHidden() else None
        if started is not None:
            scenario_now = scenario_elapsed(self.live.replica, started, now)
            shown += f"  ·  {text.scenario_clock(started, scenario_now)}"
            self.clock.setToolTip(translate("TopStrip", "Exercise time since {start}").format(
                start=text.cst_full(started)))
        else:
            self.clock.setToolTip("")
        self.clock.setText(shown)

    def _show_principal(self, *_args: object) -> None:
        p = self.live.principal
        if p is not None:
            self.who.setText(f"{p.id} · {text.label(p.role)} · "
                             f"{text.place(self.live.replica, p.jurisdiction)}")

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset or changes.kinds() & _WATCHED:
            self.refresh()

    def refresh(self) -> None:
        r = self.live.replica
        active = sorted(
            (x for x in r.all_typed(Response) if x.status == "active"),
            key=lambda x: (LEVEL_RANK.get(x.level, 9), x.started_at),
        )
        _fill(self.responses, [
            (x.level, f"{text.numeral(x.level)} {text.label(x.hazard)} · "
                      f"{text.place(r, x.jurisdiction)}") for x in active
        ], translate("TopStrip", "none"))
        warnings = sorted(
            (w for w in r.all_typed(Warning) if w.state == "active"),
            key=lambda w: LEVEL_RANK.get(COLOUR_CODE.get(w.colour, ""), 9),
        )
        _fill(self.warnings, [
            (COLOUR_CODE.get(w.colour, ""), f"{text.label(w.colour)} {text.label(w.hazard)}")
            for w in warnings
        ], translate("TopStrip", "none"))
        self.exercise.setVisible(self._exercise_shown())
        self._tick()  # the scenario clock shows with the EXERCISE badge, not a second later
        self._show_principal()
        lines = [f"{text.numeral(x.level)} {text.label(x.hazard)} · "
                 f"{text.place(r, x.jurisdiction)}" for x in active]
        lines += [f"{text.label(w.colour)} {text.label(w.hazard)}: {w.headline}"
                  for w in warnings]
        self.setToolTip("\n".join(lines))  # everything in force, when chips are cut

    def _exercise_shown(self) -> bool:
        r = self.live.replica
        return (
            any(e.exercise for e in r.all_typed(Incident))
            or any(e.exercise for e in r.all_typed(Response) if e.status == "active")
            or any(e.exercise for e in r.all_typed(Order))
            or any(w.msg_status == "Exercise" for w in r.all_typed(Warning))
        )


def _fill(layout: QHBoxLayout, chips: list[tuple[str, str]], empty: str) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.deleteLater()
    if not chips:
        chips = [("", empty)]
    for code, label in chips[:8]:
        chip = QLabel(label)
        chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        chip.setObjectName(f"chip_{code}")
        if code:
            chip.setStyleSheet(severity_chip_css(code))
        layout.addWidget(chip)
    if len(chips) > 8:
        layout.addWidget(QLabel(f"+{len(chips) - 8}"))
