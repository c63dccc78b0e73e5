"""Desktop conventions (issue 10 item 17): no job action takes a key the platform gives to
something else (Ctrl+W closes, Ctrl+R refreshes, Ctrl+O opens, …); no two actions share a key;
Help → About names the version; View → Reset layout brings every dock back."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from console.qt.shell.main_window import app_version

# Keys people expect to mean the same everywhere, beyond what Qt lists for this platform.
CONVENTIONAL = {"Ctrl+R": "Refresh", "Ctrl+Q": "Quit", "Ctrl+Shift+Q": "Quit"}
# A job action may take a standard key only where it means the same thing.
SAME_MEANING = {"New": {"new_incident"}}


def _standard_keys() -> dict[str, str]:
    keys = dict(CONVENTIONAL)
    for standard in QKeySequence.StandardKey:
        for binding in QKeySequence.keyBindings(standard):
            keys.setdefault(binding.toString(), standard.name)
    return keys


async def test_no_action_takes_a_platform_key(console: Any) -> None:
    c = await console("prov")
    standard = _standard_keys()
    taken: dict[str, str] = {}
    clashes = []
    for name, flow in c.workflows.flows.items():
        key = flow.action.shortcut().toString()
        if not key:
            continue
        assert key not in taken, f"{name} and {taken[key]} share {key}"
        taken[key] = name
        meaning = standard.get(key)
        if meaning is not None and name not in SAME_MEANING.get(meaning, set()):
            clashes.append(f"{name}: {key} is {meaning}")
    assert clashes == []
    assert c.workflows.action("publish_warning").shortcut().toString() == "F7"
    assert c.workflows.action("start_response").shortcut().toString() == "F8"


async def test_about_names_the_version_and_reset_brings_docks_back(console: Any) -> None:
    c = await console("prov")
    window = c.window
    assert app_version() in window.about_text() and "Protocol 1" in window.about_text()
    next(a for a in window.findChildren(QAction) if a.objectName() == "help_about").trigger()
    about = window.findChild(QMessageBox, "about")
    assert about is not None and about.isVisible() and app_version() in about.text()
    about.close()
    for name in ("detail", "orders", "event_log"):
        window.docks[name].close()
    assert window.docks["detail"].isHidden()
    next(a for a in window.findChildren(QAction)
         if a.objectName() == "view_reset_layout").trigger()
    assert not any(d.isHidden() for d in window.docks.values())


async def test_no_menu_entry_takes_a_platform_key_for_something_else(console: Any) -> None:
    """Every QAction of the window (View, Help, File as well as the job actions)."""
    c = await console("prov")
    standard = _standard_keys()
    allowed = {"New": {"New incident…"}, "Quit": {"Quit"}, "Find": {"Find an incident"},
               "HelpContents": {"Keyboard shortcuts"}}
    clashes = []
    for action in c.window.findChildren(QAction):
        key = action.shortcut().toString()
        meaning = standard.get(key)
        label = action.text().replace("&", "")
        if key and meaning is not None and label not in allowed.get(meaning, set()):
            clashes.append(f"{label}: {key} is {meaning}")
    assert clashes == []
