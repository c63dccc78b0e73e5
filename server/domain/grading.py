"""Grade suggestion from the figures: the rules are protocol data (``protocol.grading``) so the
console can show the same suggestion, and the rule behind it, while a form is filled in."""

from __future__ import annotations

from protocol.grading import suggest_grade

__all__ = ["suggest_grade"]
