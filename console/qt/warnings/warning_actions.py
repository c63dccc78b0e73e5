"""Warnings and the response they call for: publish, update, cancel and show a warning as
CAP 1.2; start, raise, lower and end a response; activate plans and tick their tasks.

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) by the
shell, which builds one of these per main window.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from qasync import asyncSlot

from console.net.link import QueryError
from console.qt.actions.workflows import Workflows, changed
from console.qt.warnings.cap_dialog import CapDialog
from console.qt.warnings.cap_import import CapImport
from console.qt.widgets.forms import BOOL, CHOICE, DATETIME, LONG_TEXT, MULTI, TEXT, TREE, Field
from console.state import guards, text
from console.state.area_tree import city_tree
from console.state.exercise_clock import exercise_started
from protocol.commands import (
    PlanActivate,
    PlanTaskDone,
    ResponseChangeLevel,
    ResponseEnd,
    ResponseStart,
    WarningCancel,
    WarningPublish,
    WarningUpdate,
)
from protocol.entities import Jurisdiction, Plan, PlanTask, Response, Warning
from protocol.enums import (
    LEVEL_RANK,
    Hazard,
    Headquarters,
    ResponseLevel,
    WarningColour,
    WarningMsgStatus,
)

translate = QCoreApplication.translate
_LEVELS = ["I", "II", "III", "IV"]


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


class WarningActions:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        self.cap: CapDialog | None = None  # the CAP view last opened
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("publish_warning", tr("Publish a &warning…"), "F7",
              lambda: guards.warning_publish(me()), self.publish_warning)
        w.add("cancel_warning", tr("Cancel warning…"), "Ctrl+Shift+W",
              lambda: guards.warning_cancel(me(), sel()), self.cancel_warning)
        w.add("update_warning", tr("&Update warning…"), "Ctrl+Alt+W",
              lambda: guards.warning_cancel(me(), sel()), self.update_warning)
        w.add("warning_cap", tr("Show as CAP 1.2…"), "Ctrl+Alt+V",
              lambda: guards.warning_cap(me(), sel()), self.show_cap)
        self.cap_import = CapImport(w)
        w.add("start_response", tr("Start a res&ponse…"), "F8",
              lambda: guards.operator(me()), self.start_response)
        for step, label, key in (
            ("raise", tr("Raise response level…"), "Ctrl+Up"),
            ("lower", tr("Lower response level…"), "Ctrl+Down"),
            ("end", tr("End response…"), "Ctrl+Shift+E"),
        ):
            w.add(f"{step}_response", label, key,
                  lambda step=step: guards.response_change(me(), sel(), step),  # type: ignore[misc]
                  lambda step=step: self.change_response(step))  # type: ignore[misc]
        w.add("activate_plan", tr("Activate plan…"), "Ctrl+Shift+P",
              lambda: guards.plan_activate(me(), sel()), self.activate_plan)
        w.add("task_done", tr("Tick plan task done"), "Ctrl+Return",
              lambda: guards.task_done(me(), sel()), self.task_done)

    def publish_warning(self) -> None:
        """The area starts empty (never the whole province by default): the officer ticks
        cities or counties; during an exercise the warning is an exercise one unless the box
        is cleared."""
        w = self.w
        me = w.me
        replica = w.live.replica
        colours = [(text.label(c), c.value) for c in reversed(list(WarningColour))]
        hazards = [(text.label(h), h.value) for h in Hazard]
        areas = city_tree(replica.all_typed(Jurisdiction), me.jurisdiction,
                          lambda code: text.place(replica, code)) if me else []

        def send(v: dict[str, Any]) -> None:
            exercise = v.pop("exercise")
            w.send_command("warning.publish", WarningPublish(
                **v, msg_status=WarningMsgStatus.EXERCISE if exercise else None))

        w.form(
            tr("Publish a warning"),
            [Field("hazard", tr("Hazard"), CHOICE, "typhoon", hazards),
             Field("colour", tr("Colour"), CHOICE, "blue", colours),
             Field("area", tr("Area"), TREE, [], nodes=areas),
             Field("headline", tr("Headline"), TEXT, required=True),
             Field("text", tr("Text"), LONG_TEXT),
             Field("expires", tr("Expires"), DATETIME),
             Field("exercise", tr("Exercise (drill)"), BOOL,
                   exercise_started(replica) is not None)],
            send,
            check=lambda v: "" if v["area"] else translate(
                "Forms", "Choose the area: tick the cities or counties the warning is for."),
        )

    def cancel_warning(self) -> None:
        w = self.w
        warning = w.selected()
        if isinstance(warning, Warning):
            w.form(tr("Cancel warning"), [Field("note", tr("Note"))],
                   lambda v: w.send_command("warning.cancel",
                                             WarningCancel(id=warning.id, **v), warning))

    def update_warning(self) -> None:
        warning = self.w.selected()
        if not isinstance(warning, Warning):
            return
        colours = [(text.label(c), c.value) for c in reversed(list(WarningColour))]
        fields = [
            Field("colour", tr("Colour"), CHOICE, warning.colour.value, colours),
            Field("headline", tr("Headline"), TEXT, warning.headline, required=True),
            Field("text", tr("Text"), LONG_TEXT, warning.text),
            Field("expires", tr("Expires"), DATETIME, warning.expires),
        ]

        def send(v: dict[str, Any]) -> None:
            patch = changed(warning, {**v, "colour": WarningColour(v["colour"])},
                            ("colour", "headline", "text"))
            expires: datetime = v["expires"]
            if abs((expires - warning.expires).total_seconds()) >= 60:
                patch["expires"] = expires
            if not patch:
                self.w.message.emit(tr("Nothing changed."))
                return
            self.w.send_command(
                "warning.update",
                WarningUpdate(id=warning.id, **patch), warning)

        self.w.form(tr("Update warning: {headline}").format(headline=warning.headline),
                    fields, send, note=tr("Published as a CAP Update of the same warning."))

    @asyncSlot()
    async def show_cap(self) -> None:
        warning = self.w.selected()
        if not isinstance(warning, Warning):
            return
        try:
            result = await self.w.link.query("warning.cap", {"id": warning.id})
        except QueryError as exc:
            self.w.message.emit(tr("CAP export failed: {why}").format(why=str(exc)))
            return
        dialog = CapDialog(str(result.get("identifier", "")), str(result.get("xml", "")),
                           self.w.window)
        self.cap = dialog
        dialog.open()
        self.w.dialog_opened.emit(dialog)

    def start_response(self) -> None:
        w = self.w
        me = w.me
        w.form(
            tr("Start a response"),
            [Field("headquarters", tr("Headquarters"), CHOICE, "flood_drought",
                   [(text.label(h), h.value) for h in Headquarters]),
             Field("hazard", tr("Hazard"), CHOICE, "typhoon",
                   [(text.label(h), h.value) for h in Hazard]),
             Field("level", tr("Level"), CHOICE, "IV",
                   [(text.label(ResponseLevel(lv)), lv) for lv in _LEVELS]),
             Field("area", tr("Area (empty: the whole jurisdiction)"), MULTI, [],
                   w.places(me.jurisdiction if me else None)),
             Field("emergency_flood_period", tr("Emergency flood period"), BOOL, False),
             Field("exercise", tr("Exercise (drill)"), BOOL,
                   exercise_started(w.live.replica) is not None),
             Field("note", tr("Note"))],
            lambda v: w.send_command("response.start", ResponseStart(**v)),
        )

    def change_response(self, step: str) -> None:
        w = self.w
        x = w.selected()
        if not isinstance(x, Response):
            return
        if step == "end":
            w.form(tr("End response"), [Field("note", tr("Note"))],
                   lambda v: w.send_command("response.end", ResponseEnd(id=x.id, **v), x))
            return
        rank = LEVEL_RANK[x.level]
        levels = [lv for lv in _LEVELS if (LEVEL_RANK[lv] < rank if step == "raise"
                                           else LEVEL_RANK[lv] > rank)]
        if step == "raise":
            levels.reverse()  # the next level up first
        w.form(
            tr("Raise response") if step == "raise" else tr("Lower response"),
            [Field("level", tr("New level"), CHOICE, levels[0] if levels else None,
                   [(text.label(ResponseLevel(lv)), lv) for lv in levels]),
             Field("note", tr("Note"))],
            lambda v: w.send_command(f"response.{step}", ResponseChangeLevel(id=x.id, **v), x),
        )

    def activate_plan(self) -> None:
        w = self.w
        plan = w.selected()
        if not isinstance(plan, Plan):
            return
        levels = [lv for lv in _LEVELS if lv in plan.tasks] or _LEVELS
        w.form(tr("Activate {plan}").format(plan=plan.name),
               [Field("level", tr("Level"), CHOICE, levels[-1],
                      [(text.label(ResponseLevel(lv)), lv) for lv in levels])],
               lambda v: w.send_command("plan.activate", PlanActivate(id=plan.id, **v)))

    def task_done(self) -> None:
        t = self.w.selected()
        if isinstance(t, PlanTask):
            self.w.send_command("plan_task.done", PlanTaskDone(id=t.id), t)
