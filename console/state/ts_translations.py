"""The console's translations without Qt, read straight from the Qt Linguist source file
(``resources/translations/*.ts``), for headless tools that word things like the console."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache
from importlib.resources import files

from .i18n import Translator

TS_FILES = {"zh": "watchfloor_zh_CN.ts"}


@lru_cache(maxsize=4)
def ts_translator(lang: str) -> Translator | None:
    """A translator for ``lang`` ('zh' or 'en'); None for English (the source text). The
    catalogue is parsed once per language (reports, exports and timeline words share it)."""
    name = TS_FILES.get(lang[:2])
    if name is None:
        return None
    source = files("resources.translations").joinpath(name).read_text(encoding="utf-8")
    table: dict[tuple[str, str], str] = {}
    for context in ET.fromstring(source).iter("context"):
        ctx = context.findtext("name") or ""
        for message in context.iter("message"):
            done = message.find("translation")
            if done is None or not done.text or done.get("type") in {"unfinished", "obsolete",
                                                                       "vanished"}:
                continue
            table[(ctx, message.findtext("source") or "")] = done.text
    return lambda context, text: table.get((context, text), text)
