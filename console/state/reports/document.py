"""What a report is made of, independent of the format it is rendered to: a title block and
numbered sections of paragraphs, tables, bar charts and a map. Every string is final text in
the report's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # column indexes aligned right
    caption: str = ""
    empty: str = ""  # shown instead of a table without rows
    widths: tuple[float, ...] = ()  # relative column widths (PDF); equal when empty


@dataclass
class BarChart:
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]  # (name, one value per category)
    colours: list[str] = field(default_factory=list)  # "#rrggbb" per series


@dataclass
class MapPoint:
    kind: str  # "incident", "team" or "shelter"
    lon: float  # WGS-84
    lat: float
    label: str
    colour: str  # "#rrggbb"


@dataclass
class MapFigure:
    title: str
    jurisdiction: str  # the adcode whose area is drawn
    points: list[MapPoint]
    legend: list[tuple[str, str, str]]  # (kind, colour, label)
    highlight: dict[str, str] = field(default_factory=dict)  # adcode -> fill "#rrggbb"
    region_names: dict[str, str] = field(default_factory=dict)  # adcode -> label on the map
    caption: str = ""


Block = Paragraph | Table | BarChart | MapFigure


@dataclass
class Section:
    number: int
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    kind: str  # "sitrep" or "handover"
    lang: str  # "zh" or "en"
    masthead: str  # the large red heading: 应急工作专报
    title: str
    issuer: str  # the issuing unit
    moment: datetime  # the moment reported on (sitrep) or the window's end (handover)
    dateline: str  # issuing unit and moment, one line (the PDF's metadata)
    dateline_moment: str  # the moment as printed under the masthead, right of the unit
    meta: list[tuple[str, str]]  # (label, value) lines under the title
    sections: list[Section]
    page_label: str = "Page {n}"  # the footer, with {n}
    classification: str = ""  # e.g. 内部资料 注意保存

    def section(self, number: int) -> Section:
        return next(s for s in self.sections if s.number == number)
