"""Workflows that amend what exists: incident details, merge, close and exercise flag; the late
steps of a material request (partial receipt, return, close, cancel); warning updates and the
CAP 1.2 view of a warning.

Registered on a :class:`console.qt.workflows.Workflows` by :func:`add_amend_flows`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from qasync import asyncSlot

from console.net.link import QueryError
from console.qt.warnings.cap_dialog import CapDialog
from console.qt.widgets.forms import BOOL, CHOICE, DATETIME, FLOAT, INT, LONG_TEXT, TEXT, Field
from console.state import guards, text
from protocol.entities import Incident, MaterialRequest, Warning
from protocol.enums import WarningColour
from protocol.machines import INCIDENT_TERMINAL

if TYPE_CHECKING:
    from .workflows import Workflows

translate = QCoreApplication.translate
_INCIDENT_FIELDS = ("title", "description", "address", "lon", "lat",
                    "deaths", "injured", "missing", "trapped")


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def add_amend_flows(w: Workflows) -> AmendFlows:
    return AmendFlows(w)


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


class AmendFlows:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        self.cap: CapDialog | None = None  # the CAP view last opened
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("update_incident", tr("&Edit incident details…"), "Ctrl+Shift+U",
              lambda: guards.incident_open(me(), sel()), self.update_incident)
        w.add("move_incident", tr("Move incident on the map…"), "Ctrl+Shift+G",
              lambda: guards.incident_open(me(), sel()), self.move_incident)
        w.add("merge_incident", tr("&Merge into another incident…"), "Ctrl+Shift+M",
              lambda: guards.incident_move(me(), sel(), "merged"), self.merge_incident)
        w.add("close_incident", tr("C&lose incident…"), "Ctrl+Shift+C",
              lambda: guards.incident_move(me(), sel(), "closed"), self.close_incident)
        w.add("exercise_incident", tr("Exercise or real…"), None,
              lambda: guards.incident_open(me(), sel()), self.exercise_incident)
        w.add("material_partial", tr("Record partial receipt…"), "Ctrl+Alt+P",
              lambda: guards.material_move(me(), sel(), "partial"), self.partial_receipt)
        for dst, label, key in (
            ("returned", tr("Return goods to the depot…"), "Ctrl+Alt+T"),
            ("closed", tr("Close material request…"), "Ctrl+Alt+C"),
            ("cancelled", tr("Cancel material request…"), "Ctrl+Alt+X"),
        ):
            w.add(f"material_{dst}", label, key,
                  lambda dst=dst: guards.material_move(me(), sel(), dst),  # type: ignore[misc]
                  lambda dst=dst: self.end_material(dst))  # type: ignore[misc]
        w.add("update_warning", tr("&Update warning…"), "Ctrl+Alt+W",
              lambda: guards.warning_cancel(me(), sel()), self.update_warning)
        w.add("warning_cap", tr("Show as CAP 1.2…"), "Ctrl+Alt+V",
              lambda: guards.warning_cap(me(), sel()), self.show_cap)

    # -- incidents -----------------------------------------------------------------------------
    def _incident(self) -> Incident | None:
        inc = self.w.selected()
        return inc if isinstance(inc, Incident) else None

    def move_incident(self) -> None:
        """Click the map where the incident really is; the details form opens with that place."""
        inc = self._incident()
        if inc is None or self.w.pick_location is None:
            self.update_incident()
            return
        self.w.message.emit(tr("Click the map where {number} is.").format(number=inc.number))
        self.w.pick_location(lambda lon, lat: self.update_incident((lon, lat)))

    def update_incident(self, place: tuple[float, float] | None = None) -> None:
        inc = self._incident()
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
            Field("deaths", tr("Dead"), INT, inc.deaths),
            Field("injured", tr("Injured"), INT, inc.injured),
            Field("missing", tr("Missing"), INT, inc.missing),
            Field("trapped", tr("Trapped"), INT, inc.trapped),
            Field("description", tr("Description"), LONG_TEXT, inc.description),
            Field("note", tr("Note")),
        ]

        def send(v: dict[str, Any]) -> None:
            patch = changed(inc, v, _INCIDENT_FIELDS)
            if not patch:
                self.w.message.emit(tr("Nothing changed."))
                return
            self.w.submit("incident.update", {"id": inc.id, **patch, "note": v["note"]}, inc)

        self.w.form(tr("Details of {number}").format(number=inc.number), fields, send)

    def merge_incident(self) -> None:
        inc = self._incident()
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
            [Field("into", tr("Into incident"), CHOICE, targets[0][1] if targets else None,
                   targets, required=True),
             Field("note", tr("Note"))],
            lambda v: self.w.submit("incident.merge", {"id": inc.id, **v}, inc),
            note=tr("The incident is closed as a duplicate; its timeline points to the other."),
        )

    def close_incident(self) -> None:
        inc = self._incident()
        if inc is not None:
            self.w.form(tr("Close {number}").format(number=inc.number),
                        [Field("note", tr("Note"))],
                        lambda v: self.w.submit("incident.close", {"id": inc.id, **v}, inc))

    def exercise_incident(self) -> None:
        inc = self._incident()
        if inc is not None:
            self.w.form(
                tr("Exercise or real: {number}").format(number=inc.number),
                [Field("exercise", tr("Exercise (drill)"), BOOL, inc.exercise)],
                lambda v: self.w.submit("incident.set_exercise",
                                        {"id": inc.id, "exercise": v["exercise"]}, inc),
            )

    # -- materials -----------------------------------------------------------------------------
    def _material(self) -> MaterialRequest | None:
        m = self.w.selected()
        return m if isinstance(m, MaterialRequest) else None

    def partial_receipt(self) -> None:
        m = self._material()
        if m is None:
            return
        fields = [
            Field(line.item_code, tr("{item} (shipped {shipped}, received {received})").format(
                item=text.material(line.item_code), shipped=line.shipped,
                received=line.received), INT, 0, maximum=line.shipped - line.received)
            for line in m.lines
        ]
        fields.append(Field("note", tr("Note")))

        def send(v: dict[str, Any]) -> None:
            note = v.pop("note")
            lines = [{"item_code": code, "quantity": n} for code, n in v.items() if n]
            self.w.submit("material.receive", {"id": m.id, "lines": lines, "note": note}, m)

        self.w.form(tr("Received now: {number}").format(number=m.number), fields, send,
                    note=tr("Enter what arrived in this delivery."))

    def end_material(self, dst: str) -> None:
        m = self._material()
        if m is None:
            return
        op = {"returned": "material.return", "closed": "material.close",
              "cancelled": "material.cancel"}[dst]
        titles = {"returned": tr("Return goods of {number}"),
                  "closed": tr("Close {number}"), "cancelled": tr("Cancel {number}")}
        self.w.form(titles[dst].format(number=m.number), [Field("note", tr("Note"))],
                    lambda v: self.w.submit(op, {"id": m.id, **v}, m))

    # -- warnings ------------------------------------------------------------------------------
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
                patch["expires"] = expires.isoformat()
            if not patch:
                self.w.message.emit(tr("Nothing changed."))
                return
            self.w.submit("warning.update",
                          {"id": warning.id, **{k: str(x) for k, x in patch.items()}}, warning)

        self.w.form(tr("Update warning: {headline}").format(headline=warning.headline),
                    fields, send, note=tr("Published as a CAP Update of the same warning."))

    @asyncSlot()
    async def show_cap(self) -> None:
        warning = self.w.selected()
        if not isinstance(warning, Warning):
            return
        try:
            result = await self.w.connection.query("warning.cap", {"id": warning.id})
        except QueryError as exc:
            self.w.message.emit(tr("CAP export failed: {why}").format(why=str(exc)))
            return
        dialog = CapDialog(str(result.get("identifier", "")), str(result.get("xml", "")),
                           self.w.window)
        self.cap = dialog
        dialog.open()
        self.w.dialog_opened.emit(dialog)
