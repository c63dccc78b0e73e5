"""What a duty officer does to incidents: report, grade, move through the states, note, edit
details, move on the map, mark exercise or real, merge, close; and loss reports.

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) by the
shell, which builds one of these per main window.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from PySide6.QtCore import QCoreApplication

from console.qt.actions.workflows import Workflows, changed
from console.qt.widgets.forms import (
    BOOL,
    CHOICE,
    DATETIME,
    FLOAT,
    INT,
    LONG_TEXT,
    OPTIONAL_DATETIME,
    TEXT,
    Field,
    FormDialog,
)
from console.state import guards, statistics, text
from console.state.exercise_clock import exercise_started
from console.state.grade_hint import grade_hint
from protocol.catalog import INCIDENT_TYPES
from protocol.commands import (
    IncidentClose,
    IncidentCreate,
    IncidentGrade,
    IncidentMerge,
    IncidentNote,
    IncidentSetExercise,
    IncidentStatusChange,
    IncidentUpdate,
    LossReportSubmit,
)
from protocol.entities import Assignment, Incident, LossFigures, LossReport, Team
from protocol.enums import Grade, Hazard, IncidentStatus, LossReportKind, SourceChannel
from protocol.indicators import INDICATORS
from protocol.machines import INCIDENT_TERMINAL
from protocol.ranges import CASUALTIES_MAX

translate = QCoreApplication.translate
_INCIDENT_FIELDS = ("title", "description", "address", "lon", "lat",
                    "deaths", "injured", "missing", "trapped",
                    "reporter", "reporter_phone", "source")


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def forms_tr(s: str) -> str:
    return translate("Forms", s)


def _reporter_fields(inc: Incident | None) -> list[Field]:
    """Who reported it, how to call back, how the report came in (信息来源)."""
    sources: list[tuple[str, Any]] = [(forms_tr("not stated"), None)]
    sources += [(text.label(c), c.value) for c in SourceChannel]
    return [
        Field("reporter", forms_tr("Reported by (caller)"), TEXT, inc.reporter if inc else ""),
        Field("reporter_phone", forms_tr("Caller's phone"), TEXT,
              inc.reporter_phone if inc else ""),
        Field("source", forms_tr("Source"), CHOICE, inc.source if inc else None, sources),
    ]


class IncidentActions:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("new_incident", tr("&New incident…"), "Ctrl+N",
              lambda: guards.operator(me()), self.new_incident)
        w.add("grade_incident", tr("Set &grade…"), "F4",
              lambda: guards.incident_open(me(), sel()), self.grade_incident)
        w.add("incident_status", tr("Change &status…"), "F6",
              lambda: guards.incident_status(me(), sel()), self.incident_status)
        w.add("note_incident", tr("Add a no&te…"), "Ctrl+E",
              lambda: guards.incident_open(me(), sel()), self.note_incident)
        w.add("update_incident", tr("&Edit incident details…"), "Ctrl+Shift+U",
              lambda: guards.incident_open(me(), sel()), self.update_incident)
        w.add("move_incident", tr("Move incident on the map…"), "Ctrl+Shift+B",
              lambda: guards.incident_open(me(), sel()), self.move_incident)
        w.add("merge_incident", tr("&Merge into another incident…"), "Ctrl+Shift+M",
              lambda: guards.incident_move(me(), sel(), "merged", self._crews()),
              self.merge_incident)
        w.add("close_incident", tr("C&lose incident…"), "Ctrl+Shift+C",
              lambda: guards.incident_move(me(), sel(), "closed", self._crews()),
              self.close_incident)
        w.add("exercise_incident", tr("Exercise or real…"), None,
              lambda: guards.incident_open(me(), sel()), self.exercise_incident)
        w.add("loss_report", tr("Submit a loss re&port…"), "Ctrl+L",
              lambda: guards.operator(me()), self.loss_report)

    def _crews(self) -> int:
        """Teams holding an open assignment on the selected incident (it cannot end with
        them)."""
        inc = self.w.selected()
        if not isinstance(inc, Incident):
            return 0
        replica = self.w.live.replica
        return sum(1 for team in replica.all_typed(Team) if team.assignment_id
                   and (a := replica.get_typed(Assignment, team.assignment_id)) is not None
                   and a.incident_id == inc.id and a.status != "ended")

    def new_incident(self) -> None:
        """Click the map to place the incident when a map is there; otherwise type the place."""
        if self.w.pick_location is not None:
            self.w.message.emit(tr("Click the map where the incident is."))
            self.w.pick_location(self._pick_incident_place)
            return
        self.new_incident_at(*self.w.home())

    def _pick_incident_place(self, lon: float, lat: float) -> None:
        self.new_incident_at(lon, lat)

    def new_incident_at(self, lon: float, lat: float) -> FormDialog:
        types = [(f"{c} {text.incident_type(c)}", c) for c in INCIDENT_TYPES]
        grades: list[tuple[str, Any]] = [(tr("not graded yet"), None)]
        grades += [(text.grade_name(g.value), g.value) for g in Grade]
        fields = [
            Field("type_code", tr("Type"), CHOICE, None, types, required=True),  # no guessing
            Field("title", tr("Title"), TEXT, required=True),
            Field("lon", tr("Longitude (WGS-84)"), FLOAT, lon, minimum=118, maximum=123.5,
                  decimals=5),
            Field("lat", tr("Latitude (WGS-84)"), FLOAT, lat, minimum=27, maximum=31.5,
                  decimals=5),
            Field("address", tr("Address")),
            Field("occurred_at", forms_tr("Occurred at"), DATETIME, datetime.now(UTC)),
            *_reporter_fields(None),
            Field("grade", tr("Grade"), CHOICE, None, grades),
            Field("deaths", tr("Dead"), INT, maximum=CASUALTIES_MAX),
            Field("injured", tr("Injured"), INT, maximum=CASUALTIES_MAX),
            Field("missing", tr("Missing"), INT, maximum=CASUALTIES_MAX),
            Field("trapped", tr("Trapped"), INT, maximum=CASUALTIES_MAX),
            # During a drill a new incident is an exercise one unless the officer says otherwise
            Field("exercise", tr("Exercise (drill)"), BOOL,
                  exercise_started(self.w.live.replica) is not None),
            Field("description", tr("Description"), LONG_TEXT),
        ]
        return self.w.form(
            tr("New incident"),
            fields,
            lambda v: self.w.send_command("incident.create", IncidentCreate(**v)),
            hint=grade_hint,
        )

    def grade_incident(self) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        grades = [(text.grade_name(g.value), g.value) for g in Grade]
        self.w.form(
            tr("Grade of {number}").format(number=inc.number),
            [Field("grade", tr("Grade"), CHOICE, inc.grade or "IV", grades),
             Field("note", tr("Note"))],
            lambda v: self.w.send_command("incident.grade", IncidentGrade(id=inc.id, **v), inc),
            note=grade_hint({"type_code": inc.type_code, "deaths": inc.deaths,
                             "injured": inc.injured}),
        )

    def incident_status(self) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        choices = guards.incident_status_choices(self.w.me, inc, self._crews())
        nxt = [(text.label(IncidentStatus(s)), s) for s in choices]
        self.w.form(
            tr("Status of {number}").format(number=inc.number),
            [Field("status", tr("New status"), CHOICE,
                   guards.next_incident_status(inc.status, choices), nxt, required=True),
             Field("note", tr("Note"))],
            lambda v: self.w.send_command("incident.status", IncidentStatusChange(id=inc.id, **v),
                                             inc),
            note=tr("Now: {status}").format(status=text.label(inc.status)),
        )

    def note_incident(self) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        self.w.form(tr("Note on {number}").format(number=inc.number),
                  [Field("text", tr("Note"), LONG_TEXT, required=True)],
                  lambda v: self.w.send_command("incident.note", IncidentNote(id=inc.id, **v)))

    def move_incident(self) -> None:
        """Click the map where the incident really is; the details form opens with that place."""
        inc = self.w.selected_incident()
        if inc is None or self.w.pick_location is None:
            self.update_incident()
            return
        self.w.message.emit(tr("Click the map where {number} is.").format(number=inc.number))
        self.w.pick_location(lambda lon, lat: self.update_incident((lon, lat)))

    def update_incident(self, place: tuple[float, float] | None = None) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        lon, lat = place or (inc.lon, inc.lat)
        fields = [
            Field("title", tr("Title"), TEXT, inc.title, required=True),
            Field("address", tr("Address"), TEXT, inc.address),
            Field("lon", tr("Longitude (WGS-84)"), FLOAT, lon, minimum=118, maximum=123.5,
                  decimals=5),
            Field("lat", tr("Latitude (WGS-84)"), FLOAT, lat, minimum=27, maximum=31.5,
                  decimals=5),
            Field("deaths", tr("Dead"), INT, inc.deaths, maximum=CASUALTIES_MAX),
            Field("injured", tr("Injured"), INT, inc.injured, maximum=CASUALTIES_MAX),
            Field("missing", tr("Missing"), INT, inc.missing, maximum=CASUALTIES_MAX),
            Field("trapped", tr("Trapped"), INT, inc.trapped, maximum=CASUALTIES_MAX),
            Field("occurred_at", forms_tr("Occurred at"), OPTIONAL_DATETIME, inc.occurred_at),
            *_reporter_fields(inc),
            Field("description", tr("Description"), LONG_TEXT, inc.description),
            Field("note", tr("Note")),
        ]

        def send(v: dict[str, Any]) -> None:
            patch = changed(inc, v, _INCIDENT_FIELDS)
            if patch.get("source", "") is None:  # a source once stated is not unstated
                del patch["source"]
            occurred: datetime | None = v["occurred_at"]
            if occurred is not None and (inc.occurred_at is None or abs(
                    (occurred - inc.occurred_at).total_seconds()) >= 60):
                patch["occurred_at"] = occurred
            if not patch:
                self.w.message.emit(tr("Nothing changed."))
                return
            self.w.send_command("incident.update",
                                IncidentUpdate(id=inc.id, **patch, note=v["note"]), inc)

        self.w.form(tr("Details of {number}").format(number=inc.number), fields, send)

    def merge_incident(self) -> None:
        inc = self.w.selected_incident()
        me = self.w.me
        if inc is None or me is None:
            return
        targets = [
            (f"{i.number} {i.title} ({text.place(self.w.live.replica, i.jurisdiction)})", i.id)
            for i in sorted(self.w.live.replica.all_typed(Incident), key=lambda i: i.number)
            if i.id != inc.id and i.status not in INCIDENT_TERMINAL
            and guards.covers(me, i.jurisdiction, "") is None
        ]
        self.w.form(
            tr("Merge {number}").format(number=inc.number),
            [Field("into", tr("Into incident"), CHOICE, None, targets, required=True),
             Field("note", tr("Note"))],
            lambda v: self.w.send_command("incident.merge", IncidentMerge(id=inc.id, **v), inc),
            note=tr("The incident is closed as a duplicate; its timeline points to the other."),
        )

    def close_incident(self) -> None:
        inc = self.w.selected_incident()
        if inc is not None:
            self.w.form(tr("Close {number}").format(number=inc.number),
                        [Field("note", tr("Note"))],
                        lambda v: self.w.send_command("incident.close",
                                                    IncidentClose(id=inc.id, **v), inc))

    def exercise_incident(self) -> None:
        inc = self.w.selected_incident()
        if inc is not None:
            self.w.form(
                tr("Exercise or real: {number}").format(number=inc.number),
                [Field("exercise", tr("Exercise (drill)"), BOOL, inc.exercise)],
                lambda v: self.w.send_command(
                    "incident.set_exercise",
                    IncidentSetExercise(id=inc.id, exercise=v["exercise"]), inc),
            )

    def loss_report(self) -> None:
        """A new loss report, or a revision of the selected one: stage, the disaster process
        it reports on (a county's report on a process), a zero report (零报告: no new losses,
        the figures stay), and every national indicator (protocol/indicators.py)."""
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
        me = w.me
        processes = [p for p in statistics.processes(w.live.replica) if not p.closed
                     and me is not None and me.jurisdiction in p.counties]
        if report is None:
            fields += [
                Field("process_id", translate("Statistics", "Disaster process"), CHOICE,
                      processes[0].id if processes else None,
                      [(translate("Statistics", "none (not a county statistics report)"),
                        None)] + [(p.name, p.id) for p in processes]),
                Field("hazard", tr("Hazard"), CHOICE, "typhoon",
                      [(text.label(h), h.value) for h in Hazard]),
                Field("title", tr("Title"), TEXT, inc.title if inc else "", required=True),
            ]
        fields.append(Field("zero", translate(
            "Statistics", "Zero report (零报告): no new losses, figures unchanged"), BOOL, False))
        kinds = {f.name: f.type for f in msgspec.structs.fields(LossFigures)}
        for name in (i.field for i in INDICATORS):
            value = getattr(prev, name, 0)
            if kinds[name] is float:
                fields.append(Field(name, statistics.indicator_label(name), FLOAT, value,
                                    maximum=10**9))
            else:
                fields.append(Field(name, statistics.indicator_label(name), INT, value))
        fields.append(Field("note", tr("Note")))

        def send(v: dict[str, Any]) -> None:
            figures = {i.field: v.pop(i.field) for i in INDICATORS}
            args: dict[str, Any] = {**v, "figures": {} if v["zero"] else figures}
            if report is not None:
                args["id"] = report.id
            else:
                args["incident_id"] = inc.id if inc else None
                if args.get("process_id"):
                    args["hazard"] = None
                    args["jurisdiction"] = me.jurisdiction if me is not None else None
                else:
                    args["exercise"] = bool(inc and inc.exercise)
            w.send_command("loss.submit", msgspec.convert(args, LossReportSubmit))

        title = (tr("Loss report revision: {title}").format(title=report.title) if report
                 else tr("New loss report"))
        w.form(title, fields, send)
