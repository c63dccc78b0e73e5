"""Domain entities as they travel on the wire.

Every entity carries ``kind`` (the tag), ``id``, ``version`` (bumped by the server on every
change, for optimistic concurrency) and ``updated_at``. Positions are WGS-84 (lon, lat).
Schema evolution (msgspec rules): new fields get defaults and go last; never change a field's
type or reuse a tag.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from .enums import (
    AssignmentStatus,
    DepotLevel,
    Grade,
    Hazard,
    Headquarters,
    IncidentStatus,
    Level,
    LossReportKind,
    MaterialRequestStatus,
    PlanTaskStatus,
    ResponseLevel,
    ResponseStatus,
    Role,
    ShelterTier,
    SupportRequestStatus,
    TeamStatus,
    TeamType,
    WarningColour,
    WarningMsgStatus,
    WarningMsgType,
    WarningState,
)

EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


class Base(msgspec.Struct, kw_only=True, tag_field="kind", omit_defaults=False):
    id: str
    version: int = 0
    updated_at: datetime = EPOCH


class TimelineEntry(msgspec.Struct, kw_only=True):
    ts: datetime
    actor: str
    text: str


class Jurisdiction(Base, tag="jurisdiction", kw_only=True):
    """id is the 6-digit adcode."""

    name: str
    name_en: str = ""
    level: Level
    parent: str | None = None
    lon: float = 0.0  # centroid, WGS-84
    lat: float = 0.0


class Incident(Base, tag="incident", kw_only=True):
    number: str  # ZJ-YYYYMMDD-NNNN
    type_code: str
    title: str
    description: str = ""
    grade: Grade | None = None
    status: IncidentStatus = IncidentStatus.RECEIVED
    lon: float
    lat: float
    jurisdiction: str
    address: str = ""
    deaths: int = 0
    injured: int = 0
    missing: int = 0
    trapped: int = 0
    exercise: bool = False
    reported_by: str = ""
    reported_at: datetime = EPOCH
    merged_into: str | None = None
    timeline: list[TimelineEntry] = []
    reported_by_jurisdiction: str = ""  # the reporter's; it keeps seeing what it reported


class ResponseChange(msgspec.Struct, kw_only=True):
    ts: datetime
    actor: str
    level: ResponseLevel | None  # None when ended
    note: str = ""


class Response(Base, tag="response", kw_only=True):
    """An emergency response (应急响应) started by a headquarters for an area and hazard."""

    headquarters: Headquarters
    hazard: Hazard
    level: ResponseLevel
    jurisdiction: str  # the jurisdiction whose headquarters runs it
    area: list[str] = []  # adcodes covered; empty means the whole jurisdiction
    status: ResponseStatus = ResponseStatus.ACTIVE
    started_at: datetime = EPOCH
    ended_at: datetime | None = None
    emergency_flood_period: bool = False
    exercise: bool = False
    history: list[ResponseChange] = []


class Team(Base, tag="team", kw_only=True):
    name: str
    type: TeamType
    jurisdiction: str  # owning jurisdiction
    base_lon: float
    base_lat: float
    base_name: str = ""
    headcount: int = 0
    capabilities: list[str] = []
    equipment: list[str] = []
    rating: int | None = None  # social forces: 1..3
    contact: str = ""
    status: TeamStatus = TeamStatus.AVAILABLE
    status_since: datetime = EPOCH
    assignment_id: str | None = None
    exercise: bool = False


class Assignment(Base, tag="assignment", kw_only=True):
    team_id: str
    incident_id: str
    task: str = ""
    ordered_by: str  # user
    ordered_by_jurisdiction: str
    ordered_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    status: AssignmentStatus = AssignmentStatus.DISPATCHED
    support_request_id: str | None = None
    history: list[TimelineEntry] = []


class SupportRequest(Base, tag="support_request", kw_only=True):
    incident_id: str
    requester: str  # requesting jurisdiction
    decider: str  # the upper jurisdiction that decides
    requested_by: str  # user
    capability: str  # a capability or team type wanted
    count: int = 1
    note: str = ""
    status: SupportRequestStatus = SupportRequestStatus.REQUESTED
    reason: str = ""  # rejection reason
    assignment_ids: list[str] = []
    requested_at: datetime = EPOCH
    decided_at: datetime | None = None
    decided_by: str | None = None


class OrderReceipt(msgspec.Struct, kw_only=True):
    by: str
    at: datetime
    note: str = ""


class Order(Base, tag="order", kw_only=True):
    number: str
    text: str
    issuer: str  # issuing jurisdiction
    issued_by: str  # user
    issued_at: datetime
    addressees: list[str]  # adcodes and/or "team:<id>"
    acks: dict[str, OrderReceipt] = {}  # addressee -> receipt
    incident_id: str | None = None
    requires_ack: bool = True
    exercise: bool = False


class Depot(Base, tag="depot", kw_only=True):
    name: str
    level: DepotLevel
    jurisdiction: str
    lon: float
    lat: float
    address: str = ""
    operator: str = ""  # e.g. Food and Strategic Reserves Bureau, or the agreement enterprise


class StockItem(Base, tag="stock", kw_only=True):
    """One item line in one depot; id is '<depot_id>:<item_code>'."""

    depot_id: str
    item_code: str
    quantity: int = 0
    reserved: int = 0  # approved but not yet shipped
    threshold: int = 0  # low-stock threshold
    jurisdiction: str = ""


class MaterialLine(msgspec.Struct, kw_only=True):
    item_code: str
    quantity: int
    shipped: int = 0
    received: int = 0


class MaterialRequest(Base, tag="material_request", kw_only=True):
    number: str
    requester: str  # requesting jurisdiction
    decider: str  # jurisdiction that approves
    requested_by: str
    incident_id: str | None = None
    source_depot_id: str | None = None  # set at approval at the latest
    destination: str = ""
    contact: str = ""
    lines: list[MaterialLine]
    status: MaterialRequestStatus = MaterialRequestStatus.DRAFT
    reason: str = ""
    exercise: bool = False
    history: list[TimelineEntry] = []


class Warning(Base, tag="warning", kw_only=True):  # noqa: A001 - the domain word
    identifier: str  # CAP identifier
    hazard: Hazard
    colour: WarningColour
    area: list[str]  # adcodes
    headline: str
    text: str = ""
    issuer: str  # jurisdiction
    issued_by: str
    onset: datetime
    expires: datetime
    msg_status: WarningMsgStatus = WarningMsgStatus.ACTUAL
    msg_type: WarningMsgType = WarningMsgType.ALERT
    state: WarningState = WarningState.ACTIVE
    sent: datetime = EPOCH
    references: list[str] = []  # earlier CAP identifiers this one updates or cancels


class LossFigures(msgspec.Struct, kw_only=True):
    affected_population: int = 0
    deaths: int = 0
    missing: int = 0
    injured: int = 0
    relocated: int = 0
    needing_relief: int = 0
    houses_collapsed: int = 0
    houses_severely_damaged: int = 0
    houses_damaged: int = 0
    crop_affected_ha: float = 0.0
    crop_damaged_ha: float = 0.0
    crop_lost_ha: float = 0.0
    direct_loss_10k_cny: float = 0.0


class LossRevision(msgspec.Struct, kw_only=True):
    revision: int
    stage: LossReportKind
    figures: LossFigures
    submitted_by: str
    submitted_at: datetime
    note: str = ""


class LossReport(Base, tag="loss_report", kw_only=True):
    """Disaster loss report (灾情) of one jurisdiction for one disaster; every revision kept."""

    jurisdiction: str
    hazard: Hazard
    incident_id: str | None = None
    title: str = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: LossFigures = msgspec.field(default_factory=LossFigures)
    revisions: list[LossRevision] = []
    exercise: bool = False


class Plan(Base, tag="plan", kw_only=True):
    """An emergency plan (预案): task templates per response level."""

    name: str
    hazard: Hazard
    jurisdiction: str
    tasks: dict[str, list[str]] = {}  # response level code -> task texts
    active_level: ResponseLevel | None = None
    activated_at: datetime | None = None


class PlanTask(Base, tag="plan_task", kw_only=True):
    plan_id: str
    activation: int  # counts activations of the plan
    level: ResponseLevel
    text: str
    jurisdiction: str
    status: PlanTaskStatus = PlanTaskStatus.OPEN
    done_by: str | None = None
    done_at: datetime | None = None


class Shelter(Base, tag="shelter", kw_only=True):
    name: str
    tier: ShelterTier
    jurisdiction: str
    lon: float
    lat: float
    capacity: int
    open: bool = False
    occupancy: int = 0
    address: str = ""


class Principal(Base, tag="principal", kw_only=True):
    """A user as others see it (never the password hash). id is the user name."""

    role: Role
    jurisdiction: str
    display_name: str = ""
    units: list[str] = []  # liaison / field: team ids represented
    disabled: bool = False


Entity = (
    Jurisdiction
    | Incident
    | Response
    | Team
    | Assignment
    | SupportRequest
    | Order
    | Depot
    | StockItem
    | MaterialRequest
    | Warning
    | LossReport
    | Plan
    | PlanTask
    | Shelter
    | Principal
)

ENTITY_TYPES: dict[str, type[Base]] = {
    t.__struct_config__.tag: t  # type: ignore[misc]
    for t in (
        Jurisdiction,
        Incident,
        Response,
        Team,
        Assignment,
        SupportRequest,
        Order,
        Depot,
        StockItem,
        MaterialRequest,
        Warning,
        LossReport,
        Plan,
        PlanTask,
        Shelter,
        Principal,
    )
}
"""kind tag -> entity class."""


def kind_of(entity: Base) -> str:
    return str(type(entity).__struct_config__.tag)


class Position(msgspec.Struct, kw_only=True, array_like=False):
    """Latest known position of a team (telemetry, not an event)."""

    team_id: str
    lon: float
    lat: float
    ts: datetime
    speed_kmh: float | None = None
    heading: float | None = None
