"""The reports without a server: the model from a hand-built picture and hand-built answers of
the shapes in CONTRACT.md (stats.losses, stats.due, history.picture), its Markdown, and the
PDF read back (pypdf) in Chinese and English."""

from __future__ import annotations

import ast
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pypdf
import pytest

from console.net.headless import page_picture
from console.state.reports.answers import due_of, indicators, losses_of
from console.state.reports.build import (
    ReportRequest,
    Sources,
    build,
    keep_reference_data,
    processes,
)
from console.state.reports.document import BarChart, MapFigure, Report, Table
from console.state.reports.markdown import to_markdown
from console.state.reports.model import build_handover, build_sitrep
from console.state.reports.pdf import to_pdf
from console.state.reports.window_events import window_events
from protocol.entities import (
    Assignment,
    DisasterProcess,
    Entity,
    Incident,
    Jurisdiction,
    LossReport,
    MaterialLine,
    MaterialRequest,
    Order,
    OrderReceipt,
    Principal,
    Response,
    ResponseChange,
    Shelter,
    Team,
    TimelineEntry,
    Warning,
)
from protocol.messages import Snapshot
from protocol.replica import Replica

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)  # 08:00 CST
AT = T0 + timedelta(hours=8)  # the report's moment: 16:00 CST
PROV = Principal(id="prov", role="province", jurisdiction="330000", display_name="省值班员")


def _h(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def entities() -> list[Any]:
    places = [("330000", "浙江省", "Zhejiang", "province", None),
              ("330300", "温州市", "Wenzhou", "city", "330000"),
              ("331000", "台州市", "Taizhou", "city", "330000"),
              ("330324", "永嘉县", "Yongjia", "county", "330300"),
              ("330381", "瑞安市", "Rui'an", "county", "330300"),
              ("330302", "鹿城区", "Lucheng", "county", "330300")]
    return [
        *[Jurisdiction(id=c, name=n, name_en=e, level=lv, parent=p) for c, n, e, lv, p in places],
        Incident(id="i1", number="ZJ-20260901-0001", type_code="11A04", title="瓯江堤防管涌",
                 grade="III", status="responding", lon=120.69, lat=28.15, jurisdiction="330324",
                 injured=2, reported_at=_h(1), timeline=[
                     TimelineEntry(ts=_h(1), actor="yj", text="reported: 瓯江堤防管涌", n=1),
                     TimelineEntry(ts=_h(2), actor="prov", text="graded III", n=2),
                     TimelineEntry(ts=_h(3), actor="prov", text="已组织沿江群众转移", n=3)]),
        Incident(id="i2", number="ZJ-20260901-0002", type_code="11D01", title="山体滑坡",
                 lon=120.55, lat=28.30, jurisdiction="330324", reported_at=_h(5),
                 timeline=[TimelineEntry(ts=_h(5), actor="yj", text="reported: 山体滑坡", n=1)]),
        Incident(id="i3", number="ZJ-20260901-0003", type_code="11A02", title="城区内涝",
                 grade="IV", status="closed", lon=120.66, lat=28.02, jurisdiction="330302",
                 reported_at=_h(2)),
        Incident(id="i4", number="ZJ-20260901-0004", type_code="11A02", title="台州内涝",
                 grade="II", status="responding", lon=121.42, lat=28.66, jurisdiction="331002",
                 reported_at=_h(2)),
        Response(id="r1", headquarters="flood_drought", hazard="typhoon", level="III",
                 jurisdiction="330000", area=["330300", "331000"], started_at=_h(0.5),
                 history=[ResponseChange(ts=_h(0.5), actor="prov", level="IV", n=1),
                          ResponseChange(ts=_h(4), actor="prov", level="III", n=2)]),
        Response(id="r2", headquarters="forest_fire", hazard="forest_fire", level="IV",
                 jurisdiction="330300", status="ended", started_at=_h(-30)),
        Warning(id="w1", identifier="cap-1", hazard="typhoon", colour="orange",
                area=["330300", "330324"], headline="台风橙色预警", issuer="330000",
                issued_by="prov", onset=_h(1), expires=_h(20), sent=_h(1)),
        Warning(id="w2", identifier="cap-2", hazard="rainstorm", colour="blue", area=["330300"],
                headline="暴雨蓝色预警", issuer="330300", issued_by="wz", onset=_h(-10),
                expires=_h(6), sent=_h(-10)),  # expired before the moment
        Team(id="t1", name="永嘉县防汛抢险队", type="flood", jurisdiction="330324",
             base_lon=120.69, base_lat=28.15, headcount=30, status="on_scene",
             assignment_id="a1"),
        Team(id="t2", name="温州市消防救援支队", type="fire_rescue", jurisdiction="330300",
             base_lon=120.65, base_lat=28.01, headcount=40),  # available: not deployed
        Assignment(id="a1", team_id="t1", incident_id="i1", ordered_by="prov",
                   ordered_by_jurisdiction="330000", ordered_at=_h(2.5), status="on_scene",
                   history=[TimelineEntry(ts=_h(2.5), actor="prov",
                                          text="dispatched to ZJ-20260901-0001", n=1)]),
        Order(id="o1", number="ZL-20260901-0001", text="立即组织瓯江沿线危险区域人员转移",
              issuer="330000", issued_by="prov", issued_at=_h(3),
              addressees=["330300", "330324"],
              acks={"330300": OrderReceipt(by="wz", at=_h(3.5))}),
        Order(id="o2", number="ZL-20260901-0002", text="做好防御准备", issuer="330000",
              issued_by="prov", issued_at=_h(1), addressees=["330300"],
              acks={"330300": OrderReceipt(by="wz", at=_h(1.2))}),
        MaterialRequest(id="m1", number="WZ-20260901-0001", requester="330324",
                        decider="330300", requested_by="yj", status="partial",
                        lines=[MaterialLine(item_code="1010101", quantity=50, shipped=40,
                                            received=30)],
                        history=[TimelineEntry(ts=_h(4), actor="yj", text="submitted", n=1)]),
        Shelter(id="s1", name="瓯北街道避灾安置点", tier="township", jurisdiction="330324",
                lon=120.70, lat=28.14, capacity=300, open=True, occupancy=120),
        LossReport(id="l1", jurisdiction="330324", hazard="typhoon", title="永嘉县灾情"),
    ]


def replica() -> Replica:
    r = Replica()
    wire = msgspec.json.decode(msgspec.json.encode(entities()), type=list[Entity])
    r.apply(Snapshot(seq=40, entities=wire))
    return r


LOSSES: dict[str, Any] = {  # a stats.losses answer, as CONTRACT.md shapes it
    "process_id": "p1", "jurisdiction": "330300", "as_of": AT.isoformat(),
    "figures": {"affected_population": 1500, "deaths": 1, "missing": 2, "relocated": 900,
                "direct_loss_10k_cny": 320.5, "houses_collapsed": 3},
    "cities": [{"adcode": "330300", "figures": {"affected_population": 1500}, "counties": [
        {"adcode": "330324", "state": "reported", "report_id": "l1", "stage": "initial",
         "revision": 1, "submitted_at": _h(6).isoformat(), "submitted_by": "yj",
         "figures": {"affected_population": 1200, "relocated": 800, "deaths": 1,
                     "missing": 2}},
        {"adcode": "330302", "state": "zero", "report_id": None, "stage": None,
         "revision": None, "submitted_at": None, "submitted_by": None,
         "figures": {}},
        {"adcode": "330381", "state": "missing", "report_id": None, "stage": None,
         "revision": None, "submitted_at": None, "submitted_by": None,
         "figures": {"affected_population": 300, "relocated": 100}}]}],
    "missing": ["330381"], "zero": ["330302"], "returned": [],
    "shelters": {"open": 1, "capacity": 300, "occupancy": 120,
                 "counties": [{"adcode": "330324", "open": 1, "capacity": 300,
                               "occupancy": 120}]},
    "transferred": 2600,
}
DUE: dict[str, Any] = {"as_of": AT.isoformat(), "items": [
    {"process_id": "p1", "county": "330381", "kind": "initial", "number": None,
     "due_at": _h(7).isoformat(), "state": "overdue", "done_at": None},
    {"process_id": "p1", "county": "330324", "kind": "follow_up", "number": 1,
     "due_at": _h(40).isoformat(), "state": "due", "done_at": None},
    {"process_id": "p1", "county": "330302", "kind": "initial", "number": None,
     "due_at": _h(6).isoformat(), "state": "done", "done_at": _h(5).isoformat()},
]}


def tables(report: Report, section: int) -> list[Table]:
    return [b for b in report.section(section).blocks if isinstance(b, Table)]


def sitrep(lang: str = "en", r: Replica | None = None, losses: bool = True) -> Report:
    return build_sitrep(r or replica(), PROV, "330300", AT, [losses_of(LOSSES)] if losses
                        else [], due_of(DUE), lang)


def test_the_sitrep_holds_what_is_in_force_open_and_deployed() -> None:
    report = sitrep()
    assert [s.title for s in report.sections] == [
        "Overview", "Emergency responses in force", "Warnings in force", "Incidents",
        "Rescue forces deployed", "Emergency materials", "Losses and transfers",
        "Orders not yet acknowledged", "Reports due"]
    assert report.issuer == "Wenzhou Emergency Management Bureau"
    [responses] = tables(report, 2)
    assert [r[0] for r in responses.rows] == ["Level III response"]  # r2 ended: not in force
    [warnings] = tables(report, 3)
    assert [r[2] for r in warnings.rows] == ["台风橙色预警"]  # w2 expired before the moment
    by_grade, open_incidents = tables(report, 4)
    assert by_grade.columns == ["Grade", "Received", "Responding", "Closed", "Total"]
    totals = {row[0]: row[1:] for row in by_grade.rows}
    assert totals["Grade Ⅲ"] == ["0", "1", "0", "1"]
    assert totals["Grade Ⅳ"] == ["0", "0", "1", "1"]  # the closed one is counted
    assert totals["Not graded"] == ["1", "0", "0", "1"]
    assert totals["Total"] == ["1", "1", "1", "3"]  # Taizhou's incident is elsewhere
    assert [r[0] for r in open_incidents.rows] == ["ZJ-20260901-0001", "ZJ-20260901-0002"]
    assert open_incidents.rows[0][-1] == "已组织沿江群众转移"  # its latest line
    chart = next(b for b in report.section(4).blocks if isinstance(b, BarChart))
    assert dict(zip(chart.categories, chart.series[0][1], strict=True))["Grade Ⅲ"] == 1.0
    [teams] = tables(report, 5)
    assert teams.rows == [["永嘉县防汛抢险队", "Flood rescue", "On scene", "Yongjia", "30",
                           "ZJ-20260901-0001 Yongjia"]]
    lines, totals_by_item = tables(report, 6)
    assert lines.rows[0][4:] == ["50", "40", "30"]  # requested, shipped, received
    assert totals_by_item.rows == [["Single tent (pcs)", "50", "40", "30"]]
    [orders] = tables(report, 8)
    assert [(r[0], r[-1]) for r in orders.rows] == [("ZL-20260901-0001", "Yongjia")]
    [due] = tables(report, 9)
    assert [(r[0], r[3]) for r in due.rows] == [("Rui'an", "overdue"), ("Yongjia", "due")]
    the_map = next(b for b in report.section(1).blocks if isinstance(b, MapFigure))
    assert sorted(p.kind for p in the_map.points) == ["incident", "incident", "shelter",
                                                      "team"]
    assert the_map.highlight["330324"] == the_map.highlight["330300"]  # the orange warning


def test_the_latest_line_is_the_latest_at_the_moment() -> None:
    early = build_sitrep(replica(), PROV, "330300", _h(2.5), [], None, "en")
    _grades, open_incidents = tables(early, 4)
    assert open_incidents.rows[0][-1] == "graded III"  # the 11:00 line came later


def test_the_loss_figures_are_the_aggregation_answer() -> None:
    """What stats.losses returns for the moment is what the report prints, every indicator,
    and the missing counties are named."""
    report = sitrep()
    answer = losses_of(LOSSES)
    blocks = report.section(7).blocks
    totals, by_county = (b for b in blocks if isinstance(b, Table))
    from console.state.reports.words import Words

    w = Words("en")
    assert totals.rows == [[w.indicator(n), w.number(answer.figures[n])]
                           for n in indicators(answer.figures) if n in answer.figures]
    printed = {row[0]: row[1] for row in totals.rows}
    assert printed["Affected population (people)"] == "1,500"
    assert printed["Direct economic loss (10k CNY)"] == "320.5"
    assert [(r[0], r[1]) for r in by_county.rows] == [
        ("Yongjia", "reported"), ("Lucheng", "zero report"), ("Rui'an", "missing")]
    chart = next(b for b in blocks if isinstance(b, BarChart))
    assert chart.series[0][1] == [1200.0, 0.0, 300.0]
    text = to_markdown(report)
    assert "Missing reports (counties that owe one): Rui'an" in text
    assert "Transferred: 2,600 people." in text
    overview = to_markdown(report).split("## 2.")[0]
    assert "Not yet reported: Rui'an." in overview


def test_an_answer_of_another_shape_is_refused() -> None:
    with pytest.raises(msgspec.ValidationError):
        losses_of({**LOSSES, "cities": [{"adcode": "330300", "counties": [
            {"adcode": "330324", "state": "lost"}]}]})
    with pytest.raises(msgspec.ValidationError):
        due_of({"as_of": AT.isoformat(), "items": [{"county": "330324"}]})


def test_without_a_process_the_reports_received_are_listed() -> None:
    report = sitrep(losses=False)
    text = to_markdown(report)
    assert "No disaster process is open: no aggregated figures." in text
    assert "永嘉县灾情" in text


def P(**fields: Any) -> DisasterProcess:  # noqa: N802 - reads like the entity it makes
    """A typhoon process with the fields a test names."""
    return DisasterProcess(**{"name": "p", "hazard": "typhoon", "started_at": T0, "counties": [],
                              **fields})


def test_processes_the_jurisdiction_reports_on() -> None:
    r = replica()
    r._by_kind["disaster_process"] = {
        "p1": P(id="p1", jurisdiction="330000", counties=["330324", "330381"]),
        "p2": P(id="p2", jurisdiction="331000", counties=["331002"]),
        "p3": P(id="p3", jurisdiction="330300", closed=True),
        "p4": P(id="p4", jurisdiction="330300")}
    assert processes(r, "330300") == ["p1", "p4"]
    assert processes(r, "330324") == ["p1", "p4"]
    assert processes(r, "330000") == ["p1", "p2", "p4"]


async def test_the_figures_are_asked_for_the_moment_reported_on() -> None:
    """Sources.gather asks stats.losses (per open process) and stats.due for the report's
    moment, and history.picture for it when it is past; the report prints those answers."""
    live = replica()
    live._by_kind["disaster_process"] = {"p1": P(id="p1", name="台风“梅花”",
                                                 jurisdiction="330000", counties=["330324"])}
    asked: list[tuple[str, dict[str, Any]]] = []

    async def query(op: str, args: dict[str, Any]) -> Any:
        asked.append((op, args))
        return {"stats.losses": LOSSES, "stats.due": DUE}[op]

    async def picture_at(at: datetime) -> Replica:
        asked.append(("history.picture", {"at": at.isoformat()}))
        return live

    request = ReportRequest("sitrep", "330300", "en", at=AT)
    sources = await Sources.gather(live, PROV, request, query, picture_at, [], AT + timedelta(
        days=2))
    assert asked == [
        ("history.picture", {"at": AT.isoformat()}),
        ("stats.losses", {"process_id": "p1", "jurisdiction": "330300", "at": AT.isoformat()}),
        ("stats.due", {"jurisdiction": "330300", "at": AT.isoformat()})]
    report = build(request, sources)
    assert report.moment == AT
    text = to_markdown(report)
    assert "Disaster process 台风“梅花”: 1,500 people affected, 1 dead, 2 missing" in text
    assert "| Affected population (people) | 1,500 |" in text


async def test_a_past_moment_gives_the_report_made_at_that_moment() -> None:
    """The picture history.picture sends for a moment (paged) makes the report that the live
    picture made at that moment: the report reads its inputs, never the clock."""
    made_then = to_markdown(sitrep("zh"))
    wire = msgspec.to_builtins(entities())
    asked: list[dict[str, Any]] = []

    async def query(op: str, args: dict[str, Any]) -> Any:
        assert op == "history.picture"
        asked.append(args)
        first = "after" not in args
        page = wire[:7] if first else wire[7:]
        return {"seq": 40, "at": args["at"], "entities": page, "next": "c1" if first else None}

    past = await page_picture(query, AT, limit=7)
    assert [a.get("after") for a in asked] == [None, "c1"]
    assert asked[0]["at"] == AT.isoformat() and asked[0]["limit"] == 7
    assert past.seq == 40 and past.count("incident") == 4
    assert to_markdown(sitrep("zh", r=past)) == made_then

    bare = Replica()  # a past picture without the reference data: the live one's names serve
    bare.apply_snapshot(Snapshot(seq=40, entities=[e for e in past.all_typed(Incident)]))
    keep_reference_data(bare, replica())
    assert sorted(bare.ids("jurisdiction")) == sorted(past.ids("jurisdiction"))


def test_the_handover_lists_the_shift() -> None:
    r = replica()
    start, end = _h(2), _h(8)
    events = window_events(r, [], start, end, "330300")
    assert [(e.at, e.kind, e.action) for e in events] == [
        (_h(2), "incident", "line"), (_h(2.5), "assignment", "line"),
        (_h(3), "incident", "line"), (_h(3), "order", "issued"),
        (_h(3.5), "order", "acknowledged"), (_h(4), "material_request", "line"),
        (_h(4), "response", "level"), (_h(5), "incident", "line")]
    report = build_handover(r, PROV, "330300", start, end, events, due_of(DUE), "en")
    assert [s.title for s in report.sections] == [
        "Overview", "What happened in the shift", "What changed", "Still open",
        "Due in the next 24 hours"]
    [happened] = tables(report, 2)
    assert happened.rows[4][2:4] == ["ZL-20260901-0001", "acknowledged by Wenzhou"]
    assert happened.rows[6][3] == "changed to Level III response"
    [changed] = tables(report, 3)
    assert ["Incident", "1", "1", "3"] in changed.rows  # i2 new in the shift, i1 moved
    captions = [t.caption for t in tables(report, 4)]
    assert captions == ["Open incidents", "Orders not yet acknowledged",
                        "Material requests pending", "Warnings in force",
                        "Emergency responses in force"]
    still = {t.caption: t for t in tables(report, 4)}
    assert [r[0] for r in still["Material requests pending"].rows] == ["WZ-20260901-0001"]
    [due] = tables(report, 5)
    assert [r[0] for r in due.rows] == ["Rui'an"]  # Yongjia's falls due beyond a day


def test_markdown_in_chinese() -> None:
    text = to_markdown(sitrep("zh"))
    assert text.startswith("# 温州市灾情和应急工作专报\n\n**温州市应急管理局**\n")
    assert "## 一、总体情况" in text and "## 七、灾情统计和人员转移" in text
    assert "| 受灾人口（人） | 1500 |" in text
    assert "未报送单位：瑞安市" in text and "- 统计截至：2026年9月1日16时00分" in text
    handover = to_markdown(build_handover(replica(), PROV, "330300", _h(2), _h(8), [],
                                          None, "zh"))
    assert handover.startswith("# 温州市值班交接班报告")
    assert "本班次无记录。" in handover


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_opens_and_holds_the_text(lang: str) -> None:
    data = to_pdf(sitrep(lang))
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = _pdf_text(data)
    fonts = {str(f) for page in reader.pages
             for f in (page["/Resources"].get_object().get("/Font") or {}).values()
             for f in [f.get_object()["/BaseFont"]]}
    assert "/STSong-Light" in fonts  # the CID font the reader provides: nothing embedded
    assert "瓯江堤防管涌" in text  # Chinese names in either language
    if lang == "zh":
        assert "温州市灾情和应急工作专报" in text and "应急工作专报" in text
        assert "一、总体情况" in text and "第 1 页" in text
    else:
        assert "Wenzhou situation report on disasters and emergency work" in " ".join(
            text.split())  # the title wraps
        assert "Helvetica" in " ".join(fonts)


def test_every_report_string_has_a_chinese_translation() -> None:
    sources: set[str] = set()
    for name in ("words.py", "model.py"):
        tree = ast.parse((ROOT / "console/state/reports" / name).read_text(encoding="utf-8"))
        sources |= {n.args[0].value for n in ast.walk(tree)
                    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                    and n.func.id in ("w", "self") and n.args
                    and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str)}
    qt = ast.parse((ROOT / "console/qt/shell/report_actions.py").read_text(encoding="utf-8"))
    sources |= {n.args[0].value for n in ast.walk(qt)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "tr"
                and isinstance(n.args[0], ast.Constant)}
    ts = ET.parse(ROOT / "resources/translations/watchfloor_zh_CN.ts").getroot()
    context = next(c for c in ts.iter("context") if c.findtext("name") == "Reports")
    done = {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}
    assert len(sources) > 150
    assert sorted(s for s in sources if not done.get(s)) == []
