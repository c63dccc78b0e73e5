"""Workflows of materials, warnings, loss reports, responses, plans and shelters.

Registered on a :class:`console.qt.workflows.Workflows` by :func:`add_logistics_flows`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from console.qt.widgets.forms import (
    BOOL,
    CHOICE,
    DATETIME,
    FLOAT,
    INT,
    LONG_TEXT,
    MULTI,
    TEXT,
    Field,
)
from console.state import guards, text
from protocol.catalog import MATERIALS
from protocol.entities import (
    Depot,
    Incident,
    LossReport,
    MaterialRequest,
    Plan,
    PlanTask,
    Response,
    Shelter,
    Warning,
)
from protocol.enums import (
    LEVEL_RANK,
    Hazard,
    Headquarters,
    LossReportKind,
    ResponseLevel,
    WarningColour,
)

if TYPE_CHECKING:
    from .workflows import Workflows

translate = QCoreApplication.translate
_LEVELS = ["I", "II", "III", "IV"]


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def add_logistics_flows(w: Workflows) -> None:
    LogisticsFlows(w)


class LogisticsFlows:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("request_material", tr("Request &materials…"), "Ctrl+M",
              lambda: guards.operator(me()), self.request_material)
        for dst, label, key in (
            ("approved", tr("Approve material request…"), "Ctrl+Alt+A"),
            ("rejected", tr("Reject material request…"), "Ctrl+Alt+J"),
            ("order_issued", tr("Issue dispatch instruction"), "Ctrl+Alt+I"),
            ("in_transit", tr("Mark shipped"), "Ctrl+Alt+S"),
            ("received", tr("Confirm received"), "Ctrl+Alt+R"),
        ):
            w.add(f"material_{dst}", label, key,
                  lambda dst=dst: guards.material_move(me(), sel(), dst),  # type: ignore[misc]
                  lambda dst=dst: self.move_material(dst))  # type: ignore[misc]
        w.add("publish_warning", tr("Publish a &warning…"), "Ctrl+W",
              lambda: guards.warning_publish(me()), self.publish_warning)
        w.add("cancel_warning", tr("Cancel warning…"), "Ctrl+Shift+W",
              lambda: guards.warning_cancel(me(), sel()), self.cancel_warning)
        w.add("loss_report", tr("Submit a &loss report…"), "Ctrl+L",
              lambda: guards.operator(me()), self.loss_report)
        w.add("start_response", tr("Start a res&ponse…"), "Ctrl+R",
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
        w.add("open_shelter", tr("Open shelter"), None,
              lambda: guards.shelter(me(), sel(), "open"), lambda: self.shelter("open"))
        w.add("close_shelter", tr("Close shelter"), None,
              lambda: guards.shelter(me(), sel(), "close"), lambda: self.shelter("close"))
        w.add("shelter_occupancy", tr("Set shelter occupancy…"), "Ctrl+Shift+O",
              lambda: guards.shelter(me(), sel(), "occupancy"), self.occupancy)

    # -- materials -----------------------------------------------------------------------------
    def request_material(self) -> None:
        w = self.w
        items = [(text.material(code), code) for code in MATERIALS]
        inc = w.selected()
        incidents: list[tuple[str, Any]] = [(tr("none"), None)]
        incidents += [(f"{i.number} {i.title}", i.id) for i in
                      sorted(w.live.replica.all_typed(Incident), key=lambda i: i.number)]
        w.form(
            tr("Request materials"),
            [Field("item_code", tr("Item"), CHOICE, "1010101", items),
             Field("quantity", tr("Quantity"), INT, 10, minimum=1),
             Field("incident_id", tr("For incident"), CHOICE,
                   inc.id if isinstance(inc, Incident) else None, incidents),
             Field("destination", tr("Deliver to"), TEXT, required=True),
             Field("contact", tr("Contact")),
             Field("exercise", tr("Exercise (drill)"), BOOL, False)],
            lambda v: w.submit("material.create", {
                "lines": [{"item_code": v["item_code"], "quantity": v["quantity"]}],
                "incident_id": v["incident_id"], "destination": v["destination"],
                "contact": v["contact"], "exercise": v["exercise"], "submit": True,
            }),
        )

    def move_material(self, dst: str) -> None:
        w = self.w
        m = w.selected()
        if not isinstance(m, MaterialRequest):
            return
        if dst == "approved":
            depots = [
                (f"{d.name} ({text.place(w.live.replica, d.jurisdiction)})", d.id)
                for d in sorted(w.live.replica.all_typed(Depot), key=lambda d: d.id)
            ]
            w.form(tr("Approve {number}").format(number=m.number),
                   [Field("source_depot_id", tr("From depot"), CHOICE,
                          depots[0][1] if depots else None, depots, required=True),
                    Field("note", tr("Note"))],
                   lambda v: w.submit("material.approve", {"id": m.id, **v}, m))
        elif dst == "rejected":
            w.form(tr("Reject {number}").format(number=m.number),
                   [Field("reason", tr("Reason"), LONG_TEXT, required=True)],
                   lambda v: w.submit("material.reject", {"id": m.id, **v}, m))
        else:
            op = {"order_issued": "material.issue_order", "in_transit": "material.ship",
                  "received": "material.receive"}[dst]
            w.submit(op, {"id": m.id}, m)

    # -- warnings ------------------------------------------------------------------------------
    def publish_warning(self) -> None:
        w = self.w
        me = w.me
        colours = [(text.label(c), c.value) for c in reversed(list(WarningColour))]
        hazards = [(text.label(h), h.value) for h in Hazard]
        w.form(
            tr("Publish a warning"),
            [Field("hazard", tr("Hazard"), CHOICE, "typhoon", hazards),
             Field("colour", tr("Colour"), CHOICE, "blue", colours),
             Field("area", tr("Area"), MULTI, [me.jurisdiction] if me else [],
                   w.places(me.jurisdiction if me else None), required=True),
             Field("headline", tr("Headline"), TEXT, required=True),
             Field("text", tr("Text"), LONG_TEXT),
             Field("expires", tr("Expires"), DATETIME)],
            lambda v: w.submit("warning.publish", {**v, "expires": v["expires"].isoformat()}),
        )

    def cancel_warning(self) -> None:
        w = self.w
        warning = w.selected()
        if isinstance(warning, Warning):
            w.form(tr("Cancel warning"), [Field("note", tr("Note"))],
                   lambda v: w.submit("warning.cancel", {"id": warning.id, **v}, warning))

    # -- loss reports --------------------------------------------------------------------------
    def loss_report(self) -> None:
        w = self.w
        sel = w.selected()
        report: LossReport | None = sel if isinstance(sel, LossReport) else None
        inc = sel if isinstance(sel, Incident) else None
        if inc is not None:
            report = next((r for r in w.live.replica.all_typed(LossReport)
                           if r.incident_id == inc.id), None)
        prev = report.figures if report else None
        stages = [(text.label(s), s.value) for s in LossReportKind]
        fields = [Field("stage", tr("Stage"), CHOICE,
                        "follow_up" if report else "initial", stages)]
        if report is None:
            fields += [
                Field("hazard", tr("Hazard"), CHOICE, "typhoon",
                      [(text.label(h), h.value) for h in Hazard]),
                Field("title", tr("Title"), TEXT, inc.title if inc else "", required=True),
            ]
        names = ["affected_population", "deaths", "missing", "injured", "relocated",
                 "houses_collapsed", "houses_damaged"]
        labels = [tr("Affected population"), tr("Dead"), tr("Missing"), tr("Injured"),
                  tr("Relocated"), tr("Houses collapsed"), tr("Houses damaged")]
        for name, label in zip(names, labels, strict=True):
            fields.append(Field(name, label, INT, getattr(prev, name, 0)))
        fields.append(Field("direct_loss_10k_cny", tr("Direct loss (10k CNY)"), FLOAT,
                            getattr(prev, "direct_loss_10k_cny", 0.0), maximum=10**9))
        fields.append(Field("note", tr("Note")))

        def send(v: dict[str, Any]) -> None:
            figures = {n: v.pop(n) for n in [*names, "direct_loss_10k_cny"]}
            args: dict[str, Any] = {**v, "figures": figures}
            if report is not None:
                args["id"] = report.id
            else:
                args["incident_id"] = inc.id if inc else None
                args["exercise"] = bool(inc and inc.exercise)
            w.submit("loss.submit", args)

        title = (tr("Loss report revision: {title}").format(title=report.title) if report
                 else tr("New loss report"))
        w.form(title, fields, send)

    # -- responses -----------------------------------------------------------------------------
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
             Field("exercise", tr("Exercise (drill)"), BOOL, False),
             Field("note", tr("Note"))],
            lambda v: w.submit("response.start", v),
        )

    def change_response(self, step: str) -> None:
        w = self.w
        x = w.selected()
        if not isinstance(x, Response):
            return
        if step == "end":
            w.form(tr("End response"), [Field("note", tr("Note"))],
                   lambda v: w.submit("response.end", {"id": x.id, **v}, x))
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
            lambda v: w.submit(f"response.{step}", {"id": x.id, **v}, x),
        )

    # -- plans and shelters --------------------------------------------------------------------
    def activate_plan(self) -> None:
        w = self.w
        plan = w.selected()
        if not isinstance(plan, Plan):
            return
        levels = [lv for lv in _LEVELS if lv in plan.tasks] or _LEVELS
        w.form(tr("Activate {plan}").format(plan=plan.name),
               [Field("level", tr("Level"), CHOICE, levels[-1],
                      [(text.label(ResponseLevel(lv)), lv) for lv in levels])],
               lambda v: w.submit("plan.activate", {"id": plan.id, **v}))

    def task_done(self) -> None:
        t = self.w.selected()
        if isinstance(t, PlanTask):
            self.w.submit("plan_task.done", {"id": t.id}, t)

    def shelter(self, step: str) -> None:
        s = self.w.selected()
        if isinstance(s, Shelter):
            self.w.submit(f"shelter.{step}", {"id": s.id}, s)

    def occupancy(self) -> None:
        w = self.w
        s = w.selected()
        if isinstance(s, Shelter):
            w.form(tr("Occupancy of {name}").format(name=s.name),
                   [Field("occupancy", tr("People sheltered"), INT, s.occupancy,
                          maximum=s.capacity)],
                   lambda v: w.submit("shelter.occupancy", {"id": s.id, **v}, s),
                   note=tr("Capacity: {n}").format(n=s.capacity))
