"""The menus in both languages (issue 10 item 16): no two entries of one menu share an
accelerator letter, and shortcuts name keys portably ('Ctrl+↑', not Qt's 'Ctrl+上方向')."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu


def accelerator(label: str) -> str | None:
    found = re.findall(r"&([^&\s])", label.replace("&&", ""))
    return found[0].upper() if found else None


def menus(window: Any) -> list[tuple[str, list[QAction]]]:
    """(title, entries) of the menu bar, every menu below it, and every right-click menu."""
    out: list[tuple[str, list[QAction]]] = [("menu bar", window.menuBar().actions())]
    todo: list[QMenu] = [a.menu() for a in window.menuBar().actions() if a.menu()]
    while todo:
        menu = todo.pop()
        out.append((menu.title(), menu.actions()))
        todo.extend(a.menu() for a in menu.actions() if a.menu())
    for kind, panel in window.panels.items():
        out.append((f"right-click {kind}", panel.view.actions()))
    return out


def clashes(window: Any) -> list[str]:
    found = []
    for title, actions in menus(window):
        letters = Counter(accelerator(a.text()) for a in actions
                          if not a.isSeparator() and a.text())
        for letter, n in letters.items():
            if letter and n > 1:
                names = [a.text() for a in actions if accelerator(a.text()) == letter]
                found.append(f"{title!r}: &{letter} on {names}")
    return found


async def test_no_menu_repeats_an_accelerator_in_english(console: Any) -> None:
    c = await console("prov")
    assert len(menus(c.window)) > 8
    assert not clashes(c.window), "\n".join(clashes(c.window))


async def test_no_menu_repeats_an_accelerator_in_chinese_and_keys_read_well(
        console: Any) -> None:
    from console.qt.shell.app import install_language
    from console.state import text

    app = QApplication.instance()
    installed = install_language(app, "zh")  # type: ignore[arg-type]
    try:
        assert installed, "watchfloor_zh_CN.qm must load"
        c = await console("prov")
        assert c.window.menuBar().actions()[0].text().endswith(")")  # Chinese: 文件(&F)
        assert not clashes(c.window), "\n".join(clashes(c.window))
        up = QKeySequence("Ctrl+Up").toString(QKeySequence.SequenceFormat.NativeText)
        assert up == "Ctrl+↑", up
        listed = c.window.shortcuts_html()
        assert "Ctrl+↑" in listed and "Ctrl+↓" in listed, listed
        assert "方向" not in listed and "(&" not in listed and "(K)" not in listed
    finally:
        for translator in installed:
            app.removeTranslator(translator)  # type: ignore[union-attr]
        text.set_language("en")
