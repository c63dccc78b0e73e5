"""Workflows that set up forces and reserves: new depots and teams, restocking and counting
stock, and a team's track played back on the map.

Registered on a :class:`console.qt.workflows.Workflows` by :func:`add_setup_flows`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from qasync import asyncSlot

from console.net.link import QueryError
from console.qt.widgets.forms import CHOICE, FLOAT, INT, LONG_TEXT, TEXT, Field
from console.state import guards, text
from protocol.catalog import MATERIALS
from protocol.entities import Depot, Jurisdiction, StockItem, Team
from protocol.enums import DepotLevel, TeamType

if TYPE_CHECKING:
    from .workflows import Workflows

translate = QCoreApplication.translate
ShowTrack = Callable[[str, list[tuple[float, float]]], None]
"""(team id, WGS-84 (lon, lat) points oldest first) -> drawn; an empty list clears."""


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


def add_setup_flows(w: Workflows) -> SetupFlows:
    return SetupFlows(w)


class SetupFlows:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        self.show_track: ShowTrack | None = None  # set when a map can draw a track
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("new_depot", tr("New &depot…"), None,
              lambda: guards.operator(me()), self.new_depot)
        w.add("new_team", tr("New t&eam…"), None,
              lambda: guards.operator(me()), self.new_team)
        w.add("restock", tr("&Restock…"), "Ctrl+Alt+K",
              lambda: guards.stock_change(me(), sel(), self._depot_jurisdiction()),
              self.restock)
        w.add("adjust_stock", tr("Correct stock count…"), "Ctrl+Alt+N",
              lambda: guards.stock_change(me(), sel(), self._depot_jurisdiction()),
              self.adjust_stock)
        w.add("team_track", tr("Show track…"), "Ctrl+Alt+H",
              lambda: guards.team_track(me(), sel()), self.ask_track)

    def _home(self) -> tuple[float, float]:
        me = self.w.me
        j = self.w.live.replica.get_typed(Jurisdiction, me.jurisdiction) if me else None
        return (j.lon, j.lat) if j else (120.15, 30.28)

    def _places(self) -> list[tuple[str, Any]]:
        me = self.w.me
        return self.w.places(me.jurisdiction if me else None)

    # -- depots and teams ----------------------------------------------------------------------
    def new_depot(self) -> None:
        lon, lat = self._home()
        me = self.w.me
        fields = [
            Field("name", tr("Name"), TEXT, required=True),
            Field("level", tr("Level"), CHOICE, "county",
                  [(text.label(lv), lv.value) for lv in DepotLevel]),
            Field("jurisdiction", tr("Jurisdiction"), CHOICE, me.jurisdiction if me else None,
                  self._places()),
            Field("lon", tr("Longitude (WGS-84)"), FLOAT, lon, minimum=118, maximum=123.5,
                  decimals=5),
            Field("lat", tr("Latitude (WGS-84)"), FLOAT, lat, minimum=27, maximum=31.5,
                  decimals=5),
            Field("address", tr("Address")),
            Field("operator", tr("Operator")),
        ]
        self.w.form(tr("New depot"), fields, lambda v: self.w.submit("depot.create", v))

    def new_team(self) -> None:
        lon, lat = self._home()
        me = self.w.me
        fields = [
            Field("name", tr("Name"), TEXT, required=True),
            Field("type", tr("Type"), CHOICE, "flood",
                  [(text.label(t), t.value) for t in TeamType]),
            Field("jurisdiction", tr("Jurisdiction"), CHOICE, me.jurisdiction if me else None,
                  self._places()),
            Field("base_name", tr("Base")),
            Field("base_lon", tr("Base longitude (WGS-84)"), FLOAT, lon, minimum=118,
                  maximum=123.5, decimals=5),
            Field("base_lat", tr("Base latitude (WGS-84)"), FLOAT, lat, minimum=27,
                  maximum=31.5, decimals=5),
            Field("headcount", tr("Headcount"), INT, 20),
            Field("capabilities", tr("Capabilities (comma-separated)")),
            Field("contact", tr("Contact")),
        ]

        def send(v: dict[str, Any]) -> None:
            caps = [c.strip() for c in v.pop("capabilities").replace("，", ",").split(",")]
            self.w.submit("team.create", {**v, "capabilities": [c for c in caps if c]})

        self.w.form(tr("New team"), fields, send)

    # -- stock ---------------------------------------------------------------------------------
    def _depot(self) -> Depot | None:
        sel = self.w.selected()
        if isinstance(sel, StockItem):
            return self.w.live.replica.get_typed(Depot, sel.depot_id)
        return sel if isinstance(sel, Depot) else None

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
            lambda v: self.w.submit("stock.restock", {"depot_id": depot.id, **v}),
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
            lambda v: self.w.submit("stock.adjust", {"depot_id": depot.id, **v}),
            note=tr("Sets the quantity to what was counted; the reason is kept in the log."),
        )

    # -- team track ----------------------------------------------------------------------------
    def ask_track(self) -> None:
        team = self.w.selected()
        if isinstance(team, Team):
            self.w.form(tr("Track of {team}").format(team=team.name),
                        [Field("hours", tr("Last hours"), INT, 6, minimum=1, maximum=24 * 14)],
                        lambda v: self.load_track(team.id, v["hours"]))

    @asyncSlot(str, int)
    async def load_track(self, team_id: str, hours: int) -> None:
        since = datetime.now(UTC) - timedelta(hours=hours)
        try:
            points = await self.w.connection.query(
                "team.track", {"team_id": team_id, "since": since.isoformat()})
        except QueryError as exc:
            self.w.message.emit(tr("Track failed: {why}").format(why=str(exc)))
            return
        line = [(float(p["lon"]), float(p["lat"])) for p in points or []]
        self.w.message.emit(tr("Track: {n} points in the last {hours} h").format(
            n=len(line), hours=hours))
        if self.show_track is not None:
            self.show_track(team_id, line)
