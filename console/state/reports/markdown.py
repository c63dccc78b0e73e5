"""A report as Markdown (CommonMark plus GitHub tables): the title block, numbered sections,
tables as pipe tables, a chart as the table of its values, the map as its legend (a text
format carries no picture)."""

from __future__ import annotations

from pathlib import Path

from .document import BarChart, Block, MapFigure, Paragraph, Report, Table

NUMERALS_ZH = "一二三四五六七八九十"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _table(columns: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> str:
    head = "| " + " | ".join(_cell(c) for c in columns) + " |"
    rule = "|" + "|".join("---:" if i in numeric else "---" for i in range(len(columns))) + "|"
    body = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def _number(report: Report, n: int) -> str:
    if report.lang == "zh" and 1 <= n <= len(NUMERALS_ZH):
        return f"{NUMERALS_ZH[n - 1]}、"
    return f"{n}."


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Table):
        parts = [f"**{block.caption}**"] if block.caption else []
        parts.append(_table(block.columns, block.rows, block.numeric) if block.rows
                     else f"*{block.empty}*" if block.empty else "")
        return "\n\n".join(p for p in parts if p)
    if isinstance(block, BarChart):
        rows = [[c, *[f"{s[1][i]:g}" for s in block.series]]
                for i, c in enumerate(block.categories)]
        return f"**{block.title}**\n\n" + _table(["", *[s[0] for s in block.series]], rows,
                                                 tuple(range(1, len(block.series) + 1)))
    if isinstance(block, MapFigure):
        legend = "; ".join(f"{label}: {sum(p.kind == kind for p in block.points)}"
                           for kind, _colour, label in block.legend)
        return f"**{block.title}** — {legend}"
    raise TypeError(f"not a block: {block!r}")


def to_markdown(report: Report) -> str:
    lines = [f"# {report.title}", "", f"**{report.issuer}**", ""]
    colon = "：" if report.lang == "zh" else ": "
    lines += [f"- {label}{colon}{value}" for label, value in report.meta]
    if report.classification:
        lines += ["", f"*{report.classification}*"]
    for section in report.sections:
        lines += ["", f"## {_number(report, section.number)} {section.title}".replace("、 ", "、")]
        for block in section.blocks:
            lines += ["", _block(block)]
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(report: Report, path: Path) -> int:
    """Write the report as UTF-8 Markdown; the number of bytes written."""
    data = to_markdown(report).encode("utf-8")
    path.write_bytes(data)
    return len(data)
