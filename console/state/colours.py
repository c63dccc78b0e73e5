"""Colour codes shared by tables, detail HTML and the top strip: the national convention.

Severity colours follow red/orange/yellow/blue (Ⅰ..Ⅳ) and are always shown with their text, so
colour is never the only cue. Plain ``#rrggbb`` strings; the Qt theme turns them into colours.
"""

from __future__ import annotations

SEVERITY = {"I": "#d7191c", "II": "#f28e1c", "III": "#f2d01c", "IV": "#1f78d1"}
SEVERITY_TEXT = {"I": "#ffffff", "II": "#000000", "III": "#000000", "IV": "#ffffff"}
COLOUR_CODE = {"red": "I", "orange": "II", "yellow": "III", "blue": "IV"}
NUMERAL = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}
EXERCISE = "#8e44ad"
ATTENTION = "#b03a2e"
LOW_STOCK = "#8a5a00"
OVERDUE = "#8b2c2c"  # a reply not in by its reply-by time
STALE = "#7f6000"
REPLICA = "#8a8f98"  # rows of a replica whose owner is cut off: greyed (and italic)
