"""``watchfloor report sitrep|handover`` as a separate process against a real server with the
demo seed: the report holds what the server sends this user, built headless."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from console.net.headless import headless_session
from console.state import timeline_words
from console.state.reports.build import ReportRequest, Sources, build
from console.state.reports.markdown import to_markdown
from protocol.entities import Incident, Order, Shelter
from resources.demo import password as demo_password
from server.app import run_server
from tests.fixtures.cli import run_watchfloor
from tests.fixtures.client import WireClient
from tests.fixtures.report_scenario import stage

pytestmark = pytest.mark.timeout(120)


async def report(*args: str, password: str | None = None) -> tuple[int, str, str]:
    return await run_watchfloor("report", *args, password=password or demo_password(),
                                timeout_s=90)


async def test_sitrep_and_handover_from_the_command_line(tmp_path: Path) -> None:
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        prov = await WireClient.login(srv.url, "prov", demo_password())
        county = await WireClient.login(srv.url, "yongjia", demo_password())
        try:
            made = await stage(prov, county)
        finally:
            await prov.close()
            await county.close()
        seen = await WireClient.login(srv.url, "prov", demo_password())  # what prov is sent
        await seen.close()
        common = ["--server", srv.url, "--user", "prov", "--jurisdiction", "330300"]
        md, pdf, en = tmp_path / "sitrep.md", tmp_path / "sitrep.pdf", tmp_path / "en.md"
        for fmt, lang, out in (("md", "zh", md), ("pdf", "zh", pdf), ("md", "en", en)):
            code, stdout, err = await report("sitrep", *common, "--format", fmt,
                                             "--lang", lang, "--out", str(out))
            assert code == 0, err
            assert f"wrote sitrep ({fmt}" in stdout
        handover = tmp_path / "handover.md"
        start = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
        code, _, err = await report("handover", *common, "--from", start, "--format", "md",
                                    "--out", str(handover))
        assert code == 0, err

    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 温州市灾情和应急工作专报\n\n**温州市应急管理局**")
    assert "开始处置：已派出 永嘉县防汛抢险队" in text and "dispatched" not in text
    i1 = seen.replica.get_typed(Incident, made["i1"])
    order = seen.replica.get_typed(Order, made["order"])
    assert i1 is not None and order is not None
    wenzhou = [i for i in seen.replica.all_typed(Incident) if i.jurisdiction.startswith("3303")]
    for incident in wenzhou:  # every open incident of Wenzhou the server sent, with its grade
        assert f"| {incident.number} |" in text
    assert (f"| {i1.number} | Ⅲ级 | 瓯江堤防管涌 | 堤防险情 | 处置中 | 永嘉县 | 0/2/0 | "
            f"{timeline_words.words(i1.timeline[-1], 'zh')} |") in text  # its latest line, worded
    assert f"| {order.number} |" in text and "立即组织瓯江沿线危险区域人员转移" in text
    assert f"| 永嘉县防汛抢险队 | 防汛抢险 | 已出动 | 永嘉县 | 30 | {i1.number} 永嘉县 |" in text
    assert "| 单帐篷（顶） | 50 | 0 | 0 |" in text  # requested, shipped, received
    assert "台风橙色预警" in text and "Ⅲ级响应" in text

    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    pdf_text = "\n".join(p.extract_text() for p in reader.pages)
    assert "温州市灾情和应急工作专报" in pdf_text and "瓯江堤防管涌" in pdf_text
    assert en.read_text(encoding="utf-8").startswith(
        "# Wenzhou situation report on disasters and emergency work")

    shift = handover.read_text(encoding="utf-8")
    assert shift.startswith("# 温州市值班交接班报告")
    assert f"| 突发事件 | {i1.number} | 已组织沿江群众转移 | prov |" in shift  # the shift's log
    assert f"| {order.number} | 已下达 |" in shift
    # A shelter opened before this client connected: it comes from history.events.
    shelter = seen.replica.get_typed(Shelter, made["shelter"])
    assert shelter is not None and shelter.name in shift


async def test_a_refused_login_exits_1_with_one_line(tmp_path: Path) -> None:
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        code, _, err = await report("sitrep", "--server", srv.url, "--user", "prov",
                                    "--jurisdiction", "330300", "--format", "pdf",
                                    "--out", str(tmp_path / "x.pdf"), password="wrong")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "login of prov refused" in err, err
    assert not (tmp_path / "x.pdf").exists()


async def test_bad_options_exit_2(tmp_path: Path) -> None:
    code, _, err = await report("sitrep", "--server", "ws://127.0.0.1:1", "--user", "prov",
                                "--jurisdiction", "330300", "--from", "2026-09-01T08:00",
                                "--format", "md", "--out", str(tmp_path / "x.md"))
    assert code == 2 and "--at" in err
    code, _, err = await report("handover", "--server", "ws://127.0.0.1:1", "--user", "prov",
                                "--jurisdiction", "990000", "--format", "md",
                                "--out", str(tmp_path / "x.md"))
    assert code == 2 and "not a Zhejiang adcode" in err


async def test_a_report_for_a_past_moment_equals_the_one_made_then(tmp_path: Path) -> None:
    """Made live at T1, then again for --at T1 after the picture moved on: the same text."""
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}", seed="demo") as srv:
        prov = await WireClient.login(srv.url, "prov", demo_password())
        county = await WireClient.login(srv.url, "yongjia", demo_password())
        made = await stage(prov, county)
        request = ReportRequest("sitrep", "330300", "zh")
        async with headless_session(srv.url, "prov", demo_password()) as hs:
            t1 = datetime.now(UTC)
            then = to_markdown(build(request, await Sources.gather(
                hs.replica, hs.principal, request, hs.query, hs.picture_at, [], t1)))
        await prov.ok("incident.grade", {"id": made["i1"], "grade": "II"})
        await county.ok("incident.create", {"type_code": "11D01", "title": "新的滑坡",
                                            "lon": 120.6, "lat": 28.2})
        await prov.close()
        await county.close()
        past = ReportRequest("sitrep", "330300", "zh", at=t1)
        async with headless_session(srv.url, "prov", demo_password()) as hs:
            now = datetime.now(UTC)
            later = to_markdown(build(past, await Sources.gather(
                hs.replica, hs.principal, past, hs.query, hs.picture_at, [], now)))
    assert later == then
