"""The demo data set (JSON files next to this module), read by the seed and the simulator."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """One demo file by name without extension: teams, depots, shelters, plans, users."""
    data = json.loads((files(__package__) / f"{name}.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"demo file {name}.json must hold an object")
    return data


def password() -> str:
    """The documented demo password of every demo user."""
    return str(load("users")["password"])
