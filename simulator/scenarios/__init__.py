"""Scenario scripts by name (``watchfloor sim --scenario NAME``)."""

from __future__ import annotations

from collections.abc import Callable

from ..scenario import Step
from . import typhoon

SCENARIOS: dict[str, Callable[[], list[Step]]] = {"typhoon": typhoon.steps}
