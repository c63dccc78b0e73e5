"""Interface text without Qt: one translation function the Qt layer installs at start.

Plain console logic (``console.state``) words its labels, tooltips and refusals through
:func:`translate` with the same (context, source) pairs Qt Linguist collects, so
``resources/translations/*.ts`` keeps matching wherever the code lives. Until a translator is
installed (tests without Qt, the simulator) the source text is returned unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def install(translator: Translator | None) -> Translator:
    """Route every :func:`translate` call through ``translator`` (None: back to identity);
    the one it replaces, to put back."""
    global _translator
    was, _translator = _translator, translator if translator is not None else _identity
    return was


def translate(context: str, text: str) -> str:
    """``text`` in the interface language, looked up under ``context``."""
    return _translator(context, text)
