"""The domain command handlers, one module per family, exported as :data:`HANDLERS`.

Every handler is ``handler(tx, args) -> result``: synchronous and pure (see ``api.py``).
``team.track`` and ``history.entity`` are answered by the coordinator from storage and are
not here.

Conventions shared by all families:
- Refusals: unknown ids -> not_found; malformed values (negative counts, unknown type, item or
  adcode, blank text) -> bad_request; role or jurisdiction -> forbidden; a stale
  ``expected_version`` or an illegal state move -> conflict. Role, jurisdiction and state
  are judged by the rulebook (``protocol/rules.py``), raised through ``authz.require``.
- ``expected_version`` is checked against the entity the command is about: the ``id`` argument,
  the team for ``assignment.dispatch``, the stock line for ``stock.*``.
- Results are ``result_of(entity)`` (kind, id, version), plus ``number`` for numbered entities,
  ``identifier`` for warnings, ``suggested_grade`` for incident create/update, ``revision`` for
  loss reports, ``tasks`` (created ids) for plan activation. Queries (``team.recommend``,
  ``warning.cap``) change nothing.
- Entities are never mutated in place: every change is a ``msgspec.structs.replace`` copy
  recorded with ``tx.put``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import (
    duty,
    incidents,
    info_reports,
    losses,
    materials,
    orders,
    plans,
    processes,
    responses,
    shelters,
    stats,
    support,
    teams,
    tracks,
    warnings,
)
from .api import Tx
from .recommendation import recommend

HANDLERS: dict[str, Callable[[Tx, Any], Any]] = {
    "incident.create": incidents.create,
    "incident.update": incidents.update,
    "incident.grade": incidents.grade,
    "incident.status": incidents.status,
    "incident.merge": incidents.merge,
    "incident.close": incidents.close,
    "incident.set_exercise": incidents.set_exercise,
    "incident.note": incidents.note,
    "response.start": responses.start,
    "response.raise": responses.raise_level,
    "response.lower": responses.lower_level,
    "response.end": responses.end,
    "team.create": teams.create,
    "team.update": teams.update,
    "team.status": teams.status,
    "team.recommend": recommend,
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
    "order.issue": orders.issue,
    "order.acknowledge": orders.acknowledge,
    "depot.create": materials.create_depot,
    "stock.restock": materials.restock,
    "stock.adjust": materials.adjust,
    "material.create": materials.create,
    "material.submit": materials.submit,
    "material.approve": materials.approve,
    "material.reject": materials.reject,
    "material.issue_order": materials.issue_order,
    "material.ship": materials.ship,
    "material.receive": materials.receive,
    "material.return": materials.return_goods,
    "material.close": materials.close,
    "material.cancel": materials.cancel,
    "warning.publish": warnings.publish,
    "warning.update": warnings.update,
    "warning.cancel": warnings.cancel,
    "warning.cap": warnings.cap,
    "warning.import_cap": warnings.import_cap,
    "loss.submit": losses.submit,
    "loss.return": losses.return_report,
    "process.open": processes.open_process,
    "process.update": processes.update,
    "process.end_response": processes.end_response,
    "process.close": processes.close,
    "stats.losses": stats.losses,
    "stats.due": stats.due,
    "plan.create": plans.create,
    "plan.activate": plans.activate,
    "plan_task.done": plans.task_done,
    "shelter.create": shelters.create,
    "shelter.open": shelters.open_shelter,
    "shelter.close": shelters.close_shelter,
    "shelter.occupancy": shelters.occupancy,
    "track.publish": tracks.publish,
    "track.update": tracks.update,
    "duty.log": duty.log,
    "duty.report_leader": duty.report_leader,
    "duty.pass_on": duty.pass_on,
    "duty.follow_up": duty.follow_up,
    "duty.to_incident": duty.to_incident,
    "duty.close": duty.close,
    "info.submit": info_reports.submit,
    "info.due": info_reports.due,
}
"""op -> handler for every op of ``protocol.commands.OPS`` except those read from storage."""
