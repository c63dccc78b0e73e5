"""One Chinese term per concept (issue 10 item 16): every message of the catalogue and every
protocol enum label follows resources/translations/glossary.json."""

from __future__ import annotations

import inspect
import json
import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from typing import Any

from protocol import enums
from protocol.labels import LabeledEnum

TRANSLATIONS = files("resources.translations")


def glossary() -> dict[str, Any]:
    return json.loads(TRANSLATIONS.joinpath("glossary.json").read_text(encoding="utf-8"))


def catalogue() -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every translated message and every enum label."""
    root = ET.fromstring(TRANSLATIONS.joinpath("watchfloor_zh_CN.ts").read_text(encoding="utf-8"))
    found = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            done = message.findtext("translation") or ""
            if done:
                found.append((f"ts[{name}]", message.findtext("source") or "", done))
    for cls_name, cls in inspect.getmembers(enums, inspect.isclass):
        if issubclass(cls, LabeledEnum) and cls is not LabeledEnum:
            found.extend((f"{cls_name}.{m.name}", m.en, m.zh) for m in cls)
    return found


def breaches(entries: list[tuple[str, str, str]], rules: dict[str, Any]) -> list[str]:
    """What in ``entries`` goes against the glossary ``rules``, one line each."""
    out = []
    for where, english, chinese in entries:
        english = re.sub(r"\{\w*[^}]*\}", "", english)  # placeholders are not words
        for rule in rules["rules"]:
            if not re.search(rule["english"], english, re.IGNORECASE):
                continue
            if rule.get("unless") and re.search(rule["unless"], english, re.IGNORECASE):
                continue
            if rule["zh"] not in chinese:
                out.append(f"{where} {english!r} → {chinese!r}: needs {rule['zh']}"
                           f" ({rule['concept']})")
            out.extend(f"{where} {english!r} → {chinese!r}: {bad} is not the term for"
                       f" {rule['concept']}; use {rule['zh']}"
                       for bad in rule["forbidden"] if bad in chinese)
        out.extend(f"{where} {english!r} → {chinese!r}: never {never['zh']}; use {never['use']}"
                   for never in rules["never"] if never["zh"] in chinese)
    return out


def test_every_catalogue_term_follows_the_glossary() -> None:
    entries = catalogue()
    assert len(entries) > 1000  # the whole catalogue and the enums, not an empty parse
    found = breaches(entries, glossary())
    assert not found, "\n".join(found)


def test_the_rules_are_per_english_source() -> None:
    """确认 stays right for 'confirm'; 签收 is required only where the English acknowledges;
    a forbidden word is reported; grading thresholds are not stock thresholds."""
    rules = glossary()
    assert not breaches([("t", "Confirm the new grade", "确认新的等级")], rules)
    assert breaches([("t", "Acknowledge order", "确认指令")], rules) == [
        "t 'Acknowledge order' → '确认指令': needs 签收 (acknowledge (an order, an assignment, "
        "an alert): the receiver signs for it)",
        "t 'Acknowledge order' → '确认指令': 确认 is not the term for acknowledge (an order, an "
        "assignment, an alert): the receiver signs for it; use 签收",
    ]
    assert breaches([("t", "Accept support request", "同意支援请求")], rules)
    assert not breaches([("t", "forest fire thresholds", "森林火灾分级标准")], rules)
    assert breaches([("t", "Low-stock threshold", "低库存阈值")], rules)
    assert not breaches([("t", "Low-stock threshold", "库存警戒值")], rules)
    assert breaches([("t", "Source depot", "调出仓库")], rules)
    assert breaches([("t", "Move up", "Ctrl+上方向")], rules)
