"""The pictures ``watchfloor demo --screenshot PATH`` writes besides the console itself
(issue 9): the dashboards dock, a situation report (its first page rendered, with the PDF and
Markdown beside it) and the replay of an earlier moment. Each is taken as a user would see it:
the real window, the real report built from what the server sends, the real replay mode."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QImage,
    QPainter,
    QPalette,
    QTextDocument,
)

from console.qt.shell.main_window import MainWindow
from console.state import text
from console.state.exercise_clock import exercise_started
from console.state.reports.build import ReportRequest, Sources, build, render
from console.state.reports.markdown import to_markdown
from protocol.past_picture import picture_at

PAGE_WIDTH = 1100  # px of the rendered report page
REPLAY_BACK = 0.5  # replay the moment halfway between the exercise's start and now
SETTLE_S = 0.6


def sibling(path: Path, suffix: str, ext: str = ".png") -> Path:
    """``shot.png`` → ``shot-dashboard.png`` (next to it)."""
    return path.with_name(f"{path.stem}-{suffix}{ext}")


async def take(window: MainWindow, path: Path, started: datetime) -> list[Path]:
    """Write the dashboard, report and replay pictures next to ``path``; the paths written."""
    written: list[Path] = []
    window.docks["dashboards"].raise_()
    await asyncio.sleep(SETTLE_S)  # a repaint of the raised dock (the demo's own timing)
    if window.grab().save(str(sibling(path, "dashboard"))):
        written.append(sibling(path, "dashboard"))
    written += await _report(window, path)
    written += await _replay(window, path, started)
    return written


async def _report(window: MainWindow, path: Path) -> list[Path]:
    me = window.live.principal
    if me is None:
        return []
    request = ReportRequest("sitrep", me.jurisdiction, text.language())
    link = window.connection.link
    sources = await Sources.gather(
        window.live.replica, me, request, link.query,
        lambda at: picture_at(link.query, at), [], datetime.now(UTC))
    report = build(request, sources)
    pdf, md = sibling(path, "report", ".pdf"), sibling(path, "report", ".md")
    pdf.write_bytes(render(report, "pdf"))
    md.write_text(to_markdown(report), encoding="utf-8")
    page = sibling(path, "report")
    return [pdf, md, page] if _page_image(to_markdown(report), page) else [pdf, md]


def _page_image(markdown: str, out: Path) -> bool:
    """The report's first screenful as a page: the Markdown laid out by Qt on white."""
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    doc.setTextWidth(PAGE_WIDTH - 80)
    height = min(int(doc.size().height()) + 80, int(PAGE_WIDTH * 1.414))
    image = QImage(PAGE_WIDTH, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(40, 40)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, QColor("#111111"))  # print colours,
    doc.documentLayout().draw(painter, context)  # whatever the console's theme
    painter.end()
    return image.save(str(out))


async def _replay(window: MainWindow, path: Path, started: datetime) -> list[Path]:
    """The replay of the moment halfway through the exercise so far (its first exercise
    item; else since the console started)."""
    started = exercise_started(window.live.replica) or started
    now = datetime.now(UTC)
    at = started + (now - started) * REPLAY_BACK
    replay = window.replay
    shown = asyncio.Event()
    replay.shown.connect(lambda _moment: shown.set())
    replay.enter(started - timedelta(minutes=1), now, at=at)
    try:
        await asyncio.wait_for(shown.wait(), 30)
    except TimeoutError:
        return []
    window.live.flush()
    window.map.redraw()
    await asyncio.sleep(SETTLE_S)
    out = sibling(path, "replay")
    ok = window.grab().save(str(out))
    replay.leave()
    return [out] if ok else []

