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
from .limits import (
    LINES,
    AckNote,
    Address,
    Addressee,
    Addressees,
    Area,
    Capabilities,
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


class Args(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


# -- incidents ---------------------------------------------------------------------------------
class IncidentCreate(Args):
    type_code: Code
    title: Title
    lon: float
    lat: float
    jurisdiction: Code | None = None  # default: located from the position / the actor's own
    description: LongText = ""
    address: Address = ""
    grade: Grade | None = None
    deaths: int = 0
    injured: int = 0
    missing: int = 0
    trapped: int = 0
    exercise: bool = False


class IncidentUpdate(Args):
    id: Ref
    title: Title | UnsetType = UNSET
    description: LongText | UnsetType = UNSET
    address: Address | UnsetType = UNSET
    type_code: Code | UnsetType = UNSET
    lon: float | UnsetType = UNSET
    lat: float | UnsetType = UNSET
    deaths: int | UnsetType = UNSET
    injured: int | UnsetType = UNSET
    missing: int | UnsetType = UNSET
    trapped: int | UnsetType = UNSET
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
    base_lon: float
    base_lat: float
    base_name: Name = ""
    headcount: int = 0
    capabilities: Capabilities = []
    equipment: Equipment = []
    rating: int | None = None
    contact: Contact = ""
    exercise: bool = False


class TeamUpdate(Args):
    id: Ref
    name: Name | UnsetType = UNSET
    headcount: int | UnsetType = UNSET
    capabilities: Capabilities | UnsetType = UNSET
    equipment: Equipment | UnsetType = UNSET
    rating: int | None | UnsetType = UNSET
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
    limit: int = 10


class TeamTrack(Args):
    """Query: stored track points of a team in a time window."""

    team_id: Ref
    since: datetime
    until: datetime | None = None
    limit: int = 5000


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
    count: int = 1
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
    lon: float
    lat: float
    address: Address = ""
    operator: Name = ""


class StockRestock(Args):
    depot_id: Ref
    item_code: Code
    quantity: int  # added, > 0
    threshold: int | None = None
    note: Note = ""


class StockAdjust(Args):
    depot_id: Ref
    item_code: Code
    quantity: int  # the counted quantity, >= 0
    reason: Note


class MaterialLineArgs(Args):
    item_code: Code
    quantity: int


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
    quantity: int


class MaterialReceive(Args):
    id: Ref
    lines: Annotated[list[ReceivedLine], items(LINES)] | None = None  # default: everything shipped
    note: Note = ""


# -- warnings ----------------------------------------------------------------------------------
class WarningPublish(Args):
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


# -- loss reports ------------------------------------------------------------------------------
class LossReportSubmit(Args):
    """Without id: a new report. With id: a new revision of that report."""

    id: Ref | None = None
    hazard: Hazard | None = None
    jurisdiction: Code | None = None
    incident_id: Ref | None = None
    title: Title = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: LossFigures = msgspec.field(default_factory=LossFigures)
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
    lon: float
    lat: float
    capacity: int
    address: Address = ""


class ShelterRef(Args):
    id: Ref


class ShelterOccupancy(Args):
    id: Ref
    occupancy: int


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
