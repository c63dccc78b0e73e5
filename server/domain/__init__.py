"""The domain command handlers, one module per family, exported as :data:`HANDLERS`.

Every handler is ``handler(tx, args) -> result``: synchronous and pure (see ``api.py``).
``team.track`` is answered by the coordinator from storage and is not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import incidents, support, teams
from .api import Tx

HANDLERS: dict[str, Callable[[Tx, Any], Any]] = {
    "incident.create": incidents.create,
    "incident.update": incidents.update,
    "incident.grade": incidents.grade,
    "incident.status": incidents.status,
    "incident.merge": incidents.merge,
    "incident.close": incidents.close,
    "incident.set_exercise": incidents.set_exercise,
    "incident.note": incidents.note,
    "team.create": teams.create,
    "team.update": teams.update,
    "team.status": teams.status,
    "assignment.dispatch": teams.dispatch,
    "assignment.acknowledge": teams.acknowledge,
    "assignment.status": teams.assignment_status,
    "assignment.release": teams.release,
    "assignment.recall": teams.recall,
    "support.request": support.request,
    "support.accept": support.accept,
    "support.reject": support.reject,
    "support.fulfil": support.fulfil,
    "support.cancel": support.cancel,
}
"""op -> handler for every op of ``protocol.commands.OPS`` except ``team.track``."""
