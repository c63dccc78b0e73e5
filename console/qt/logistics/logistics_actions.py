"""Emergency materials and reserves: material requests from draft to closed, depots and their
stock (restock, count), and shelters (open, close, occupancy).

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) by the
shell, which builds one of these per main window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from console.qt.actions.workflows import Workflows
from console.qt.widgets.forms import BOOL, CHOICE, FLOAT, INT, LONG_TEXT, TEXT, Field
from console.state import guards, text
from protocol.catalog import MATERIALS
from protocol.commands import (
    DepotCreate,
    MaterialApprove,
    MaterialCreate,
    MaterialLineArgs,
    MaterialReceive,
    MaterialRef,
    MaterialReject,
    ReceivedLine,
    ShelterOccupancy,
    ShelterRef,
    StockAdjust,
    StockRestock,
)
from protocol.entities import Depot, Incident, MaterialRequest, Shelter, StockItem
from protocol.enums import DepotLevel

translate = QCoreApplication.translate


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


class LogisticsActions:
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
                  lambda dst=dst: guards.material_move(  # type: ignore[misc]
                      me(), sel(), dst, self._source_depot_jurisdiction()),
                  lambda dst=dst: self.move_material(dst))  # type: ignore[misc]
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
        w.add("new_depot", tr("New &depot…"), None,
              lambda: guards.operator(me()), self.new_depot)
        w.add("restock", tr("&Restock…"), "Ctrl+Alt+K",
              lambda: guards.stock_change(me(), sel(), self._depot_jurisdiction()),
              self.restock)
        w.add("adjust_stock", tr("Correct stock count…"), "Ctrl+Alt+N",
              lambda: guards.stock_change(me(), sel(), self._depot_jurisdiction()),
              self.adjust_stock)
        w.add("open_shelter", tr("Open shelter"), None,
              lambda: guards.shelter(me(), sel(), "open"), lambda: self.shelter("open"))
        w.add("close_shelter", tr("Close shelter"), None,
              lambda: guards.shelter(me(), sel(), "close"), lambda: self.shelter("close"))
        w.add("shelter_occupancy", tr("Set shelter occupancy…"), "Ctrl+Shift+O",
              lambda: guards.shelter(me(), sel(), "occupancy"), self.occupancy)

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
            lambda v: w.send_command("material.create", MaterialCreate(
                lines=[MaterialLineArgs(item_code=v["item_code"], quantity=v["quantity"])],
                incident_id=v["incident_id"], destination=v["destination"],
                contact=v["contact"], exercise=v["exercise"], submit=True,
            )),
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
                   lambda v: w.send_command("material.approve",
                                             MaterialApprove(id=m.id, **v), m))
        elif dst == "rejected":
            w.form(tr("Reject {number}").format(number=m.number),
                   [Field("reason", tr("Reason"), LONG_TEXT, required=True)],
                   lambda v: w.send_command("material.reject",
                                             MaterialReject(id=m.id, **v), m))
        else:
            op = {"order_issued": "material.issue_order", "in_transit": "material.ship",
                  "received": "material.receive"}[dst]
            w.send_command(op, MaterialReceive(id=m.id) if op == "material.receive"
                           else MaterialRef(id=m.id), m)

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
            lines = [ReceivedLine(item_code=code, quantity=n) for code, n in v.items() if n]
            self.w.send_command("material.receive",
                                MaterialReceive(id=m.id, lines=lines, note=note), m)

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
                    lambda v: self.w.send_command(op, MaterialRef(id=m.id, **v), m))

    def new_depot(self) -> None:
        lon, lat = self.w.home()
        me = self.w.me
        fields = [
            Field("name", tr("Name"), TEXT, required=True),
            Field("level", tr("Level"), CHOICE, "county",
                  [(text.label(lv), lv.value) for lv in DepotLevel]),
            Field("jurisdiction", tr("Jurisdiction"), CHOICE, me.jurisdiction if me else None,
                  self.w.my_places()),
            Field("lon", tr("Longitude (WGS-84)"), FLOAT, lon, minimum=118, maximum=123.5,
                  decimals=5),
            Field("lat", tr("Latitude (WGS-84)"), FLOAT, lat, minimum=27, maximum=31.5,
                  decimals=5),
            Field("address", tr("Address")),
            Field("operator", tr("Operator")),
        ]
        self.w.form(tr("New depot"), fields, lambda v: self.w.send_command("depot.create",
                                                                         DepotCreate(**v)))

    def _depot(self) -> Depot | None:
        sel = self.w.selected()
        if isinstance(sel, StockItem):
            return self.w.live.replica.get_typed(Depot, sel.depot_id)
        return sel if isinstance(sel, Depot) else None

    def _source_depot_jurisdiction(self) -> str | None:
        """Of the selected material request's source depot (its holder may ship)."""
        sel = self.w.selected()
        if not isinstance(sel, MaterialRequest) or sel.source_depot_id is None:
            return None
        depot = self.w.live.replica.get_typed(Depot, sel.source_depot_id)
        return depot.jurisdiction if depot else None

    def _depot_jurisdiction(self) -> str | None:
        depot = self._depot()
        return depot.jurisdiction if depot else None

    def _stock_fields(self) -> tuple[StockItem | None, Field]:
        sel = self.w.selected()
        stock = sel if isinstance(sel, StockItem) else None
        items = [(text.material(code), code) for code in MATERIALS]
        default = stock.item_code if stock else next(iter(MATERIALS))
        return stock, Field("item_code", tr("Item"), CHOICE, default, items)

    def restock(self) -> None:
        depot = self._depot()
        if depot is None:
            return
        stock, item = self._stock_fields()
        self.w.form(
            tr("Restock {depot}").format(depot=depot.name),
            [item, Field("quantity", tr("Quantity added"), INT, 10, minimum=1),
             Field("threshold", tr("Low-stock threshold"), INT, stock.threshold if stock else 0),
             Field("note", tr("Note"))],
            lambda v: self.w.send_command("stock.restock", StockRestock(depot_id=depot.id, **v)),
            note=tr("Now in stock: {n}").format(n=stock.quantity) if stock else "",
        )

    def adjust_stock(self) -> None:
        depot = self._depot()
        if depot is None:
            return
        stock, item = self._stock_fields()
        self.w.form(
            tr("Correct the count at {depot}").format(depot=depot.name),
            [item, Field("quantity", tr("Counted quantity"), INT, stock.quantity if stock else 0),
             Field("reason", tr("Reason"), LONG_TEXT, required=True)],
            lambda v: self.w.send_command("stock.adjust", StockAdjust(depot_id=depot.id, **v)),
            note=tr("Sets the quantity to what was counted; the reason is kept in the log."),
        )

    def shelter(self, step: str) -> None:
        s = self.w.selected()
        if isinstance(s, Shelter):
            self.w.send_command(f"shelter.{step}", ShelterRef(id=s.id), s)

    def occupancy(self) -> None:
        w = self.w
        s = w.selected()
        if isinstance(s, Shelter):
            w.form(tr("Occupancy of {name}").format(name=s.name),
                   [Field("occupancy", tr("People sheltered"), INT, s.occupancy,
                          maximum=s.capacity)],
                   lambda v: w.send_command("shelter.occupancy",
                                             ShelterOccupancy(id=s.id, **v), s),
                   note=tr("Capacity: {n}").format(n=s.capacity))
