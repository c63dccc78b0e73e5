"""Command operations and their typed arguments.

A command frame is ``{"type": "command", "id": <uuid>, "op": "<op>", "args": {...},
"expected_version": n?}``; ``args`` is decoded with the struct registered for ``op`` in
:data:`OPS`. Fields typed ``X | UnsetType`` are patches: absent means "leave as is".
Ops in :data:`QUERIES` read and change nothing; they are answered but never logged as events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import UNSET, UnsetType

from .entities import LossFigures
from .enums import (
    DepotLevel,
    Grade,
    Hazard,
    Headquarters,
    IncidentStatus,
    LossReportKind,
    ResponseLevel,
    ShelterTier,
    TeamStatus,
    TeamType,
    WarningColour,
    WarningMsgStatus,
)


class Args(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


# -- incidents ---------------------------------------------------------------------------------
class IncidentCreate(Args):
    type_code: str
    title: str
    lon: float
    lat: float
    jurisdiction: str | None = None  # default: located from the position / the actor's own
    description: str = ""
    address: str = ""
    grade: Grade | None = None
    deaths: int = 0
    injured: int = 0
    missing: int = 0
    trapped: int = 0
    exercise: bool = False


class IncidentUpdate(Args):
    id: str
    title: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    address: str | UnsetType = UNSET
    type_code: str | UnsetType = UNSET
    lon: float | UnsetType = UNSET
    lat: float | UnsetType = UNSET
    deaths: int | UnsetType = UNSET
    injured: int | UnsetType = UNSET
    missing: int | UnsetType = UNSET
    trapped: int | UnsetType = UNSET
    note: str = ""


class IncidentGrade(Args):
    id: str
    grade: Grade
    note: str = ""


class IncidentStatusChange(Args):
    id: str
    status: IncidentStatus
    note: str = ""


class IncidentMerge(Args):
    id: str
    into: str
    note: str = ""


class IncidentClose(Args):
    id: str
    note: str = ""


class IncidentSetExercise(Args):
    id: str
    exercise: bool


class IncidentNote(Args):
    id: str
    text: str


# -- responses ---------------------------------------------------------------------------------
class ResponseStart(Args):
    headquarters: Headquarters
    hazard: Hazard
    level: ResponseLevel
    jurisdiction: str | None = None  # default: the actor's
    area: list[str] = []
    emergency_flood_period: bool = False
    exercise: bool = False
    note: str = ""


class ResponseChangeLevel(Args):
    id: str
    level: ResponseLevel
    note: str = ""


class ResponseEnd(Args):
    id: str
    note: str = ""


# -- teams and assignments ---------------------------------------------------------------------
class TeamCreate(Args):
    name: str
    type: TeamType
    jurisdiction: str
    base_lon: float
    base_lat: float
    base_name: str = ""
    headcount: int = 0
    capabilities: list[str] = []
    equipment: list[str] = []
    rating: int | None = None
    contact: str = ""
    exercise: bool = False


class TeamUpdate(Args):
    id: str
    name: str | UnsetType = UNSET
    headcount: int | UnsetType = UNSET
    capabilities: list[str] | UnsetType = UNSET
    equipment: list[str] | UnsetType = UNSET
    rating: int | None | UnsetType = UNSET
    contact: str | UnsetType = UNSET
    base_name: str | UnsetType = UNSET


class TeamStatusChange(Args):
    id: str
    status: TeamStatus
    note: str = ""


class TeamRecommend(Args):
    """Query: nearest capable available teams for an incident."""

    incident_id: str
    capability: str | None = None  # a capability or a team type code
    limit: int = 10


class TeamTrack(Args):
    """Query: stored track points of a team in a time window."""

    team_id: str
    since: datetime
    until: datetime | None = None
    limit: int = 5000


class AssignmentDispatch(Args):
    team_id: str
    incident_id: str
    task: str = ""
    support_request_id: str | None = None


class AssignmentAcknowledge(Args):
    id: str


class AssignmentStatusChange(Args):
    id: str
    status: TeamStatus  # the team's new status; the assignment follows
    note: str = ""


class AssignmentRelease(Args):
    id: str
    note: str = ""


class AssignmentRecall(Args):
    id: str
    note: str = ""


# -- support requests --------------------------------------------------------------------------
class SupportRequestCreate(Args):
    incident_id: str
    capability: str
    count: int = 1
    note: str = ""


class SupportRequestAccept(Args):
    id: str
    note: str = ""


class SupportRequestReject(Args):
    id: str
    reason: str


class SupportRequestFulfil(Args):
    id: str
    note: str = ""


class SupportRequestCancel(Args):
    id: str
    note: str = ""


# -- orders ------------------------------------------------------------------------------------
class OrderIssue(Args):
    text: str
    addressees: list[str]  # adcodes and/or "team:<id>"
    incident_id: str | None = None
    requires_ack: bool = True
    exercise: bool = False


class OrderAcknowledge(Args):
    id: str
    addressee: str | None = None  # default: the actor's jurisdiction (or its unit)
    note: str = ""


# -- depots, stock, material requests ----------------------------------------------------------
class DepotCreate(Args):
    name: str
    level: DepotLevel
    jurisdiction: str
    lon: float
    lat: float
    address: str = ""
    operator: str = ""


class StockRestock(Args):
    depot_id: str
    item_code: str
    quantity: int  # added, > 0
    threshold: int | None = None
    note: str = ""


class StockAdjust(Args):
    depot_id: str
    item_code: str
    quantity: int  # the counted quantity, >= 0
    reason: str


class MaterialLineArgs(Args):
    item_code: str
    quantity: int


class MaterialCreate(Args):
    lines: list[MaterialLineArgs]
    incident_id: str | None = None
    destination: str = ""
    contact: str = ""
    submit: bool = True
    exercise: bool = False


class MaterialRef(Args):
    id: str
    note: str = ""


class MaterialApprove(Args):
    id: str
    source_depot_id: str
    note: str = ""


class MaterialReject(Args):
    id: str
    reason: str


class ReceivedLine(Args):
    item_code: str
    quantity: int


class MaterialReceive(Args):
    id: str
    lines: list[ReceivedLine] | None = None  # default: everything shipped
    note: str = ""


# -- warnings ----------------------------------------------------------------------------------
class WarningPublish(Args):
    hazard: Hazard
    colour: WarningColour
    area: list[str]
    headline: str
    expires: datetime
    text: str = ""
    onset: datetime | None = None
    msg_status: WarningMsgStatus | None = None  # default Actual, Exercise for exercise users


class WarningUpdate(Args):
    id: str
    colour: WarningColour | UnsetType = UNSET
    area: list[str] | UnsetType = UNSET
    headline: str | UnsetType = UNSET
    text: str | UnsetType = UNSET
    expires: datetime | UnsetType = UNSET


class WarningCancel(Args):
    id: str
    note: str = ""


class WarningCap(Args):
    """Query: the CAP 1.2 XML of a warning."""

    id: str


# -- loss reports ------------------------------------------------------------------------------
class LossReportSubmit(Args):
    """Without id: a new report. With id: a new revision of that report."""

    id: str | None = None
    hazard: Hazard | None = None
    jurisdiction: str | None = None
    incident_id: str | None = None
    title: str = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: LossFigures = msgspec.field(default_factory=LossFigures)
    note: str = ""
    exercise: bool = False


# -- plans -------------------------------------------------------------------------------------
class PlanCreate(Args):
    name: str
    hazard: Hazard
    jurisdiction: str
    tasks: dict[str, list[str]]


class PlanActivate(Args):
    id: str
    level: ResponseLevel


class PlanTaskDone(Args):
    id: str
    note: str = ""


# -- shelters ----------------------------------------------------------------------------------
class ShelterCreate(Args):
    name: str
    tier: ShelterTier
    jurisdiction: str
    lon: float
    lat: float
    capacity: int
    address: str = ""


class ShelterRef(Args):
    id: str


class ShelterOccupancy(Args):
    id: str
    occupancy: int


OPS: dict[str, type[Args]] = {
    "incident.create": IncidentCreate,
    "incident.update": IncidentUpdate,
    "incident.grade": IncidentGrade,
    "incident.status": IncidentStatusChange,
    "incident.merge": IncidentMerge,
    "incident.close": IncidentClose,
    "incident.set_exercise": IncidentSetExercise,
    "incident.note": IncidentNote,
    "response.start": ResponseStart,
    "response.raise": ResponseChangeLevel,
    "response.lower": ResponseChangeLevel,
    "response.end": ResponseEnd,
    "team.create": TeamCreate,
    "team.update": TeamUpdate,
    "team.status": TeamStatusChange,
    "team.recommend": TeamRecommend,
    "team.track": TeamTrack,
    "assignment.dispatch": AssignmentDispatch,
    "assignment.acknowledge": AssignmentAcknowledge,
    "assignment.status": AssignmentStatusChange,
    "assignment.release": AssignmentRelease,
    "assignment.recall": AssignmentRecall,
    "support.request": SupportRequestCreate,
    "support.accept": SupportRequestAccept,
    "support.reject": SupportRequestReject,
    "support.fulfil": SupportRequestFulfil,
    "support.cancel": SupportRequestCancel,
    "order.issue": OrderIssue,
    "order.acknowledge": OrderAcknowledge,
    "depot.create": DepotCreate,
    "stock.restock": StockRestock,
    "stock.adjust": StockAdjust,
    "material.create": MaterialCreate,
    "material.submit": MaterialRef,
    "material.approve": MaterialApprove,
    "material.reject": MaterialReject,
    "material.issue_order": MaterialRef,
    "material.ship": MaterialRef,
    "material.receive": MaterialReceive,
    "material.return": MaterialRef,
    "material.close": MaterialRef,
    "material.cancel": MaterialRef,
    "warning.publish": WarningPublish,
    "warning.update": WarningUpdate,
    "warning.cancel": WarningCancel,
    "warning.cap": WarningCap,
    "loss.submit": LossReportSubmit,
    "plan.create": PlanCreate,
    "plan.activate": PlanActivate,
    "plan_task.done": PlanTaskDone,
    "shelter.create": ShelterCreate,
    "shelter.open": ShelterRef,
    "shelter.close": ShelterRef,
    "shelter.occupancy": ShelterOccupancy,
}

QUERIES = frozenset({"team.recommend", "team.track", "warning.cap"})


def decode_args(op: str, args: Any) -> Args:
    """Validate a command's raw ``args`` (already JSON-decoded) against its op's struct.

    Raises :class:`protocol.errors.ProtocolError` (bad_request) on an unknown op or bad args.
    """
    from .errors import ErrorCode, ProtocolError

    spec = OPS.get(op)
    if spec is None:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"unknown op {op!r}")
    try:
        return msgspec.convert(args if args is not None else {}, spec)
    except msgspec.ValidationError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{op}: {exc}") from None


def encode_args(args: Args) -> dict[str, Any]:
    """Args struct -> plain dict for the ``args`` field of a command frame (UNSET omitted)."""
    out: dict[str, Any] = msgspec.to_builtins(args)
    return out
