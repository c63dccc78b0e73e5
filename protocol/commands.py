"""Command operations and their typed arguments.

A command frame is ``{"type": "command", "id": <uuid>, "op": "<op>", "args": {...},
"expected_version": n?}``; ``args`` is decoded with the struct registered for ``op`` in
:data:`OPS`. Fields typed ``X | UnsetType`` are patches: absent means "leave as is".
Ops in :data:`QUERIES` read and change nothing; they are answered but never logged as events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

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
from .limits import (
    LINES,
    AckNote,
    Address,
    Addressee,
    Addressees,
    Area,
    Capabilities,
    CapXml,
    Code,
    Contact,
    Equipment,
    Headline,
    LimitError,
    LongText,
    Name,
    Note,
    PlanTasks,
    Ref,
    Task,
    Title,
    check,
    items,
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

    type_code: Code
    title: Title
    lon: Longitude
    lat: Latitude
    jurisdiction: Code | None = None  # default: the county containing the point
    description: LongText = ""
    address: Address = ""
    grade: Grade | None = None
    deaths: Casualties = 0
    injured: Casualties = 0
    missing: Casualties = 0
    trapped: Casualties = 0
    exercise: bool = False


class IncidentUpdate(Args):
    """A new point must lie in Zhejiang; when it leaves the incident's jurisdiction, the
    county where it now lies owns the incident (the reporter still sees it)."""

    id: Ref
    title: Title | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    address: Address | UnsetType = UNSET
    type_code: Code | UnsetType = UNSET
    lon: Longitude | UnsetType = UNSET
    lat: Latitude | UnsetType = UNSET
    deaths: Casualties | UnsetType = UNSET
    injured: Casualties | UnsetType = UNSET
    missing: Casualties | UnsetType = UNSET
    trapped: Casualties | UnsetType = UNSET
    note: Note = ""


class IncidentGrade(Args):
    id: Ref
    grade: Grade
    note: Note = ""


class IncidentStatusChange(Args):
    id: Ref
    status: IncidentStatus
    note: Note = ""


class IncidentMerge(Args):
    id: Ref
    into: Ref
    note: Note = ""


class IncidentClose(Args):
    id: Ref
    note: Note = ""


class IncidentSetExercise(Args):
    id: Ref
    exercise: bool


class IncidentNote(Args):
    id: Ref
    text: Note


# -- responses ---------------------------------------------------------------------------------
class ResponseStart(Args):
    headquarters: Headquarters
    hazard: Hazard
    level: ResponseLevel
    jurisdiction: Code | None = None  # default: the actor's
    area: Area = []
    emergency_flood_period: bool = False
    exercise: bool = False
    note: Note = ""


class ResponseChangeLevel(Args):
    id: Ref
    level: ResponseLevel
    note: Note = ""


class ResponseEnd(Args):
    id: Ref
    note: Note = ""


# -- teams and assignments ---------------------------------------------------------------------
class TeamCreate(Args):
    name: Name
    type: TeamType
    jurisdiction: Code
    base_lon: Longitude
    base_lat: Latitude
    base_name: Name = ""
    headcount: Headcount = 0
    capabilities: Capabilities = []
    equipment: Equipment = []
    rating: Rating | None = None
    contact: Contact = ""
    exercise: bool = False


class TeamUpdate(Args):
    id: Ref
    name: Name | UnsetType = UNSET
    headcount: Headcount | UnsetType = UNSET
    capabilities: Capabilities | UnsetType = UNSET
    equipment: Equipment | UnsetType = UNSET
    rating: Rating | None | UnsetType = UNSET
    contact: Contact | UnsetType = UNSET
    base_name: Name | UnsetType = UNSET


class TeamStatusChange(Args):
    id: Ref
    status: TeamStatus
    note: Note = ""


class TeamRecommend(Args):
    """Query: nearest capable available teams for an incident."""

    incident_id: Ref
    capability: Code | None = None  # a capability or a team type code
    limit: RecommendLimit = 10


class TeamTrack(Args):
    """Query: stored track points of a team in a time window."""

    team_id: Ref
    since: datetime
    until: datetime | None = None
    limit: TrackLimit = 5000


class AssignmentDispatch(Args):
    team_id: Ref
    incident_id: Ref
    task: Task = ""
    support_request_id: Ref | None = None


class AssignmentAcknowledge(Args):
    id: Ref


class AssignmentStatusChange(Args):
    id: Ref
    status: TeamStatus  # the team's new status; the assignment follows
    note: Note = ""


class AssignmentRelease(Args):
    id: Ref
    note: Note = ""


class AssignmentRecall(Args):
    id: Ref
    note: Note = ""


# -- support requests --------------------------------------------------------------------------
class SupportRequestCreate(Args):
    incident_id: Ref
    capability: Code
    count: SupportTeams = 1
    note: Note = ""


class SupportRequestAccept(Args):
    id: Ref
    note: Note = ""


class SupportRequestReject(Args):
    id: Ref
    reason: Note


class SupportRequestFulfil(Args):
    id: Ref
    note: Note = ""


class SupportRequestCancel(Args):
    id: Ref
    note: Note = ""


# -- orders ------------------------------------------------------------------------------------
class OrderIssue(Args):
    text: LongText
    addressees: Addressees  # adcodes and/or "team:<id>"
    incident_id: Ref | None = None
    requires_ack: bool = True
    exercise: bool = False


class OrderAcknowledge(Args):
    id: Ref
    addressee: Addressee | None = None  # default: the actor's jurisdiction (or its unit)
    note: AckNote = ""


# -- depots, stock, material requests ----------------------------------------------------------
class DepotCreate(Args):
    name: Name
    level: DepotLevel
    jurisdiction: Code
    lon: Longitude
    lat: Latitude
    address: Address = ""
    operator: Name = ""


class StockRestock(Args):
    depot_id: Ref
    item_code: Code
    quantity: PositiveQuantity  # added
    threshold: Quantity | None = None
    note: Note = ""


class StockAdjust(Args):
    depot_id: Ref
    item_code: Code
    quantity: Quantity  # the counted quantity
    reason: Note


class MaterialLineArgs(Args):
    item_code: Code
    quantity: PositiveQuantity


class MaterialCreate(Args):
    lines: Annotated[list[MaterialLineArgs], items(LINES)]
    incident_id: Ref | None = None
    destination: Address = ""
    contact: Contact = ""
    submit: bool = True
    exercise: bool = False


class MaterialRef(Args):
    id: Ref
    note: Note = ""


class MaterialApprove(Args):
    id: Ref
    source_depot_id: Ref
    note: Note = ""


class MaterialReject(Args):
    id: Ref
    reason: Note


class ReceivedLine(Args):
    item_code: Code
    quantity: Quantity


class MaterialReceive(Args):
    id: Ref
    lines: Annotated[list[ReceivedLine], items(LINES)] | None = None  # default: everything shipped
    note: Note = ""


# -- warnings ----------------------------------------------------------------------------------
class WarningPublish(Args):
    """``onset`` (default: now) lies within 30 days of now; ``expires`` after it, at most 90
    days later (also on warning.update); else bad_request."""

    hazard: Hazard
    colour: WarningColour
    area: Area
    headline: Headline
    expires: datetime
    text: LongText = ""
    onset: datetime | None = None
    msg_status: WarningMsgStatus | None = None  # default Actual, Exercise for exercise users


class WarningUpdate(Args):
    id: Ref
    colour: WarningColour | UnsetType = UNSET
    area: Area | UnsetType = UNSET
    headline: Headline | UnsetType = UNSET
    text: LongText | UnsetType = UNSET
    expires: datetime | UnsetType = UNSET


class WarningCancel(Args):
    id: Ref
    note: Note = ""


class WarningCap(Args):
    """Query: the CAP 1.2 XML of a warning."""

    id: Ref


class WarningImportCap(Args):
    """A CAP 1.2 message of another authority (e.g. the meteorological bureau) becomes a
    warning: validated against the OASIS schema; status Actual or Exercise (Test, System and
    Draft are refused); an Alert creates, an Update or Cancel changes the warning imported
    from the message it references; a message imported before is answered unchanged.
    ``source_url``: where the feed read it (kept on the warning)."""

    xml: CapXml
    source_url: Address | None = None


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

    id: Ref | None = None
    hazard: Hazard | None = None
    jurisdiction: Code | None = None
    incident_id: Ref | None = None
    title: Title = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: ReportedFigures = msgspec.field(default_factory=ReportedFigures)
    note: Note = ""
    exercise: bool = False


# -- plans -------------------------------------------------------------------------------------
class PlanCreate(Args):
    name: Name
    hazard: Hazard
    jurisdiction: Code
    tasks: PlanTasks


class PlanActivate(Args):
    id: Ref
    level: ResponseLevel


class PlanTaskDone(Args):
    id: Ref
    note: Note = ""


# -- shelters ----------------------------------------------------------------------------------
class ShelterCreate(Args):
    name: Name
    tier: ShelterTier
    jurisdiction: Code
    lon: Longitude
    lat: Latitude
    capacity: ShelterCapacity
    address: Address = ""


class ShelterRef(Args):
    id: Ref


class ShelterOccupancy(Args):
    id: Ref
    occupancy: ShelterPeople


# -- history -----------------------------------------------------------------------------------
class EntityHistory(Args):
    """Query: older entries of an entity's growing list (an incident's ``timeline``, the
    ``history`` of an assignment, a material request or a response, a loss report's
    ``revisions``), which the entity itself no longer carries. Entries are numbered (``n``, or
    ``revision``) from 1; the answer holds up to ``limit`` (1..200) entries numbered below
    ``before`` (default: the newest entries) and at most 192 KiB of their text, oldest first,
    and ``more`` when older ones exist."""

    kind: Code
    id: Ref
    before: int | None = None
    limit: int = 100


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
    "warning.import_cap": WarningImportCap,
    "loss.submit": LossReportSubmit,
    "plan.create": PlanCreate,
    "plan.activate": PlanActivate,
    "plan_task.done": PlanTaskDone,
    "shelter.create": ShelterCreate,
    "shelter.open": ShelterRef,
    "shelter.close": ShelterRef,
    "shelter.occupancy": ShelterOccupancy,
    "entity.history": EntityHistory,
}

QUERIES = frozenset({"team.recommend", "team.track", "warning.cap", "entity.history"})

CREATES = frozenset({
    "incident.create", "response.start", "team.create", "support.request", "order.issue",
    "depot.create", "material.create", "warning.publish", "plan.create", "shelter.create",
    "warning.import_cap",  # creates, or changes the warning its references name
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

    Raises :class:`protocol.errors.ProtocolError` (bad_request) on an unknown op or bad args,
    among them a text or list over its limit (``protocol.limits``).
    """
    from .errors import ErrorCode, ProtocolError

    spec = OPS.get(op)
    if spec is None:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"unknown op {op!r}")
    try:
        decoded = msgspec.convert(args if args is not None else {}, spec)
        check(decoded)
    except (msgspec.ValidationError, LimitError) as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{op}: {exc}") from None
    return decoded


def encode_args(args: Args) -> dict[str, Any]:
    """Args struct -> plain dict for the ``args`` field of a command frame (UNSET omitted)."""
    out: dict[str, Any] = msgspec.to_builtins(args)
    return out
