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
from .ranges import (
    Casualties,
    Headcount,
    Hectares,
    Houses,
    Latitude,
    Longitude,
    Loss10kCny,
    Population,
    PositiveQuantity,
    Quantity,
    Rating,
    RecommendLimit,
    ShelterCapacity,
    ShelterPeople,
    SupportTeams,
    TrackLimit,
)


class Args(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


# -- incidents ---------------------------------------------------------------------------------
class IncidentCreate(Args):
    """Where it is filed follows the point: without ``jurisdiction``, the county of Zhejiang
    containing the point owns the incident (a point in no county of the province is refused
    with bad_request). Any county, city or province officer may report one anywhere in the
    province; when it lies outside the reporter's jurisdiction the reporter is kept in
    ``reported_by_jurisdiction`` and keeps seeing it. An explicit ``jurisdiction`` must contain
    the point: the point's county (same as absent), or its city or the province to file it at
    that level (only an officer of that level or above); anything else is bad_request."""

    type_code: str
    title: str
    lon: Longitude
    lat: Latitude
    jurisdiction: str | None = None  # default: the county containing the point
    description: str = ""
    address: str = ""
    grade: Grade | None = None
    deaths: Casualties = 0
    injured: Casualties = 0
    missing: Casualties = 0
    trapped: Casualties = 0
    exercise: bool = False


class IncidentUpdate(Args):
    """A new point must lie in Zhejiang; when it leaves the incident's jurisdiction, the
    county where it now lies owns the incident (the reporter still sees it)."""

    id: str
    title: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    address: str | UnsetType = UNSET
    type_code: str | UnsetType = UNSET
    lon: Longitude | UnsetType = UNSET
    lat: Latitude | UnsetType = UNSET
    deaths: Casualties | UnsetType = UNSET
    injured: Casualties | UnsetType = UNSET
    missing: Casualties | UnsetType = UNSET
    trapped: Casualties | UnsetType = UNSET
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
    base_lon: Longitude
    base_lat: Latitude
    base_name: str = ""
    headcount: Headcount = 0
    capabilities: list[str] = []
    equipment: list[str] = []
    rating: Rating | None = None
    contact: str = ""
    exercise: bool = False


class TeamUpdate(Args):
    id: str
    name: str | UnsetType = UNSET
    headcount: Headcount | UnsetType = UNSET
    capabilities: list[str] | UnsetType = UNSET
    equipment: list[str] | UnsetType = UNSET
    rating: Rating | None | UnsetType = UNSET
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
    limit: RecommendLimit = 10


class TeamTrack(Args):
    """Query: stored track points of a team in a time window."""

    team_id: str
    since: datetime
    until: datetime | None = None
    limit: TrackLimit = 5000


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
    count: SupportTeams = 1
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
    lon: Longitude
    lat: Latitude
    address: str = ""
    operator: str = ""


class StockRestock(Args):
    depot_id: str
    item_code: str
    quantity: PositiveQuantity  # added
    threshold: Quantity | None = None
    note: str = ""


class StockAdjust(Args):
    depot_id: str
    item_code: str
    quantity: Quantity  # the counted quantity
    reason: str


class MaterialLineArgs(Args):
    item_code: str
    quantity: PositiveQuantity


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
    quantity: Quantity


class MaterialReceive(Args):
    id: str
    lines: list[ReceivedLine] | None = None  # default: everything shipped
    note: str = ""


# -- warnings ----------------------------------------------------------------------------------
class WarningPublish(Args):
    """``onset`` (default: now) lies within 30 days of now; ``expires`` after it, at most 90
    days later (also on warning.update); else bad_request."""

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
class ReportedFigures(Args):
    """The figures of a loss report as submitted (stored as ``LossFigures``)."""

    affected_population: Population = 0
    deaths: Casualties = 0
    missing: Casualties = 0
    injured: Casualties = 0
    relocated: Population = 0
    needing_relief: Population = 0
    houses_collapsed: Houses = 0
    houses_severely_damaged: Houses = 0
    houses_damaged: Houses = 0
    crop_affected_ha: Hectares = 0.0
    crop_damaged_ha: Hectares = 0.0
    crop_lost_ha: Hectares = 0.0
    direct_loss_10k_cny: Loss10kCny = 0.0


class LossReportSubmit(Args):
    """Without id: a new report. With id: a new revision of that report."""

    id: str | None = None
    hazard: Hazard | None = None
    jurisdiction: str | None = None
    incident_id: str | None = None
    title: str = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: ReportedFigures = msgspec.field(default_factory=ReportedFigures)
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
    lon: Longitude
    lat: Latitude
    capacity: ShelterCapacity
    address: str = ""


class ShelterRef(Args):
    id: str


class ShelterOccupancy(Args):
    id: str
    occupancy: ShelterPeople


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

CREATES = frozenset({
    "incident.create", "response.start", "team.create", "support.request", "order.issue",
    "depot.create", "material.create", "warning.publish", "plan.create", "shelter.create",
})
"""Ops that create an entity (and ``loss.submit`` without an id): no version to expect."""


def check_expected_version(op: str, args: Args, expected_version: int | None) -> None:
    """Refuse an ``expected_version`` where it has no meaning: on an op that creates (there is
    no entity yet) or only reads. Raises :class:`protocol.errors.ProtocolError` (bad_request).
    """
    from .errors import ErrorCode, ProtocolError

    if expected_version is None:
        return
    if op in CREATES or (isinstance(args, LossReportSubmit) and args.id is None):
        raise ProtocolError(ErrorCode.BAD_REQUEST,
                            f"{op}: expected_version has no meaning on an op that creates")
    if op in QUERIES:
        raise ProtocolError(ErrorCode.BAD_REQUEST,
                            f"{op}: expected_version has no meaning on a query")


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
