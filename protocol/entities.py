"""Domain entities as they travel on the wire.

Every entity carries ``kind`` (the tag), ``id``, ``version`` (bumped by the server on every
change, for optimistic concurrency) and ``updated_at``. Positions are WGS-84 (lon, lat).
Schema evolution (msgspec rules): new fields get defaults and go last; never change a field's
type or reuse a tag.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from .duty import DutyState, DutyStepKind, InfoChannel, InfoReportKind
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
    OrderPriority,
    PlanTaskStatus,
    ReportStatus,
    ResponseLevel,
    ResponseStatus,
    Role,
    ShelterTier,
    SourceChannel,
    SupportRequestStatus,
    TeamStatus,
    TeamType,
    WarningColour,
    WarningMsgStatus,
    WarningMsgType,
    WarningState,
)
from .limits import (
    ADDRESSEES,
    ENTRY_PARAMS,
    ENTRY_PARAMS_TEXT,
    INFO_FIELDS,
    LINES,
    REFERENCES,
    REVISIONS,
    SUPPORT_ASSIGNMENTS,
    TIMELINE,
    TIMELINE_TEXT,
    TRACK_FIXES,
    TRACK_FORECAST,
    UNITS,
    WITHHELD,
    AckNote,
    Address,
    Addressee,
    Addressees,
    AmendedNote,
    AmendedText,
    Area,
    Capabilities,
    Code,
    Contact,
    EntryText,
    Equipment,
    Headline,
    LongText,
    Name,
    Note,
    PlanTasks,
    Ref,
    Reference,
    Task,
    Title,
    items,
    keep_newest,
)
from .ranges import ConeRadiusKm, Latitude, Longitude, PressureHpa, WindMs

EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


class Base(msgspec.Struct, kw_only=True, tag_field="kind", omit_defaults=False):
    id: Ref
    version: int = 0
    updated_at: datetime = EPOCH


class TimelineEntry(msgspec.Struct, kw_only=True):
    """``text`` is the whole entry in plain words (English, for logs and older readers);
    ``what`` and ``params`` say the same as data, so a console words it in its own language:
    what ∈ reported, updated (params ``f.<field>``: "old → new", or "" for a long field),
    graded (grade), status (status), responding / dispatched (team), merged_into /
    merged_from (number), closed, exercise_on, exercise_off, from_duty_log (entry, received),
    info_report (stage, channel, number), note. The officer's note, if any, follows the head
    in ``text`` (protocol.timeline.note_of). Empty ``what``: only ``text`` (entries from before)."""

    ts: datetime
    actor: Ref
    text: EntryText
    n: int = 0  # the entry's number in the whole list, from 1 (0: recorded before numbering)
    what: Code = ""
    params: Annotated[dict[Code, EntryText], items(ENTRY_PARAMS, ENTRY_PARAMS_TEXT)] = {}


Timeline = Annotated[list[TimelineEntry], items(TIMELINE, TIMELINE_TEXT)]


class Jurisdiction(Base, tag="jurisdiction", kw_only=True):
    """id is the 6-digit adcode."""

    name: Name
    name_en: Name = ""
    level: Level
    parent: Code | None = None
    lon: float = 0.0  # centroid, WGS-84
    lat: float = 0.0


class Incident(Base, tag="incident", kw_only=True):
    number: Code  # ZJ-YYYYMMDD-NNNN
    type_code: Code
    title: Title
    description: LongText = ""
    grade: Grade | None = None
    status: IncidentStatus = IncidentStatus.RECEIVED
    lon: float
    lat: float
    jurisdiction: Code
    address: Address = ""
    deaths: int = 0
    injured: int = 0
    missing: int = 0
    trapped: int = 0
    exercise: bool = False
    reported_by: Ref = ""
    reported_at: datetime = EPOCH
    merged_into: Ref | None = None
    timeline: Timeline = []
    reported_by_jurisdiction: Code = ""  # the reporter's; it keeps seeing what it reported
    # Fields the server left out of this view (a liaison's trimmed incident): their values
    # here are defaults, not facts; a console shows them as withheld, never as 0.
    withheld: Annotated[list[Code], items(WITHHELD)] = []
    reporter: Name = ""  # who reported it (the caller), not the officer who typed it in
    reporter_phone: Contact = ""
    occurred_at: datetime | None = None  # when it happened, as reported; None: not stated
    source: SourceChannel | None = None  # how the report came in; None: not stated


class ResponseChange(msgspec.Struct, kw_only=True):
    ts: datetime
    actor: Ref
    level: ResponseLevel | None  # None when ended
    note: Note = ""
    n: int = 0  # the change's number in the whole history, from 1


class Response(Base, tag="response", kw_only=True):
    """An emergency response (应急响应) started by a headquarters for an area and hazard."""

    headquarters: Headquarters
    hazard: Hazard
    level: ResponseLevel
    jurisdiction: Code  # the jurisdiction whose headquarters runs it
    area: Area = []  # adcodes covered; empty means the whole jurisdiction
    status: ResponseStatus = ResponseStatus.ACTIVE
    started_at: datetime = EPOCH
    ended_at: datetime | None = None
    emergency_flood_period: bool = False
    exercise: bool = False
    history: Annotated[list[ResponseChange], items(TIMELINE, TIMELINE_TEXT)] = []


class Team(Base, tag="team", kw_only=True):
    name: Name
    type: TeamType
    jurisdiction: Code  # owning jurisdiction
    base_lon: float
    base_lat: float
    base_name: Name = ""
    headcount: int = 0
    capabilities: Capabilities = []
    equipment: Equipment = []
    rating: int | None = None  # social forces: 1..3
    contact: Contact = ""
    status: TeamStatus = TeamStatus.AVAILABLE
    status_since: datetime = EPOCH
    assignment_id: Ref | None = None
    exercise: bool = False


class Assignment(Base, tag="assignment", kw_only=True):
    team_id: Ref
    incident_id: Ref
    task: Task = ""
    ordered_by: Ref  # user
    ordered_by_jurisdiction: Code
    ordered_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: Ref | None = None
    status: AssignmentStatus = AssignmentStatus.DISPATCHED
    support_request_id: Ref | None = None
    history: Timeline = []


class SupportRequest(Base, tag="support_request", kw_only=True):
    incident_id: Ref
    requester: Code  # requesting jurisdiction
    decider: Code  # the upper jurisdiction that decides
    requested_by: Ref  # user
    capability: Code  # a capability or team type wanted
    count: int = 1
    note: AmendedNote = ""
    status: SupportRequestStatus = SupportRequestStatus.REQUESTED
    reason: Note = ""  # rejection reason
    assignment_ids: Annotated[list[Ref], items(SUPPORT_ASSIGNMENTS)] = []
    requested_at: datetime = EPOCH
    decided_at: datetime | None = None
    decided_by: Ref | None = None


class OrderReceipt(msgspec.Struct, kw_only=True):
    by: Ref
    at: datetime
    note: AckNote = ""


class Order(Base, tag="order", kw_only=True):
    number: Code
    text: LongText
    issuer: Code  # issuing jurisdiction
    issued_by: Ref  # user
    issued_at: datetime
    addressees: Addressees  # adcodes and/or "team:<id>"
    acks: Annotated[dict[Addressee, OrderReceipt], items(ADDRESSEES)] = {}  # addressee -> receipt
    incident_id: Ref | None = None
    requires_ack: bool = True
    exercise: bool = False
    reply_by: datetime | None = None  # addressees acknowledge by then; None: no deadline
    priority: OrderPriority = OrderPriority.ROUTINE


class Depot(Base, tag="depot", kw_only=True):
    name: Name
    level: DepotLevel
    jurisdiction: Code
    lon: float
    lat: float
    address: Address = ""
    operator: Name = ""  # e.g. Food and Strategic Reserves Bureau, or the agreement enterprise


class StockItem(Base, tag="stock", kw_only=True):
    """One item line in one depot; id is '<depot_id>:<item_code>'."""

    depot_id: Ref
    item_code: Code
    quantity: int = 0
    reserved: int = 0  # approved but not yet shipped
    threshold: int = 0  # low-stock threshold
    jurisdiction: Code = ""


class MaterialLine(msgspec.Struct, kw_only=True):
    item_code: Code
    quantity: int
    shipped: int = 0
    received: int = 0


class MaterialRequest(Base, tag="material_request", kw_only=True):
    number: Code
    requester: Code  # requesting jurisdiction
    decider: Code  # jurisdiction that approves
    requested_by: Ref
    incident_id: Ref | None = None
    source_depot_id: Ref | None = None  # set at approval at the latest
    destination: Address = ""
    contact: Contact = ""
    lines: Annotated[list[MaterialLine], items(LINES)]
    status: MaterialRequestStatus = MaterialRequestStatus.DRAFT
    reason: Note = ""
    exercise: bool = False
    history: Timeline = []


class Warning(Base, tag="warning", kw_only=True):  # noqa: A001 - the domain word
    identifier: Ref  # CAP identifier
    hazard: Hazard
    colour: WarningColour
    area: Area  # adcodes
    headline: Headline
    text: AmendedText = ""
    issuer: Code  # jurisdiction
    issued_by: Ref
    onset: datetime
    expires: datetime
    msg_status: WarningMsgStatus = WarningMsgStatus.ACTUAL
    msg_type: WarningMsgType = WarningMsgType.ALERT
    state: WarningState = WarningState.ACTIVE
    sent: datetime = EPOCH
    references: Annotated[
        list[Reference], items(REFERENCES)
    ] = []  # earlier CAP identifiers this one updates or cancels
    # Imported (warning.import_cap) from another authority's CAP message; None: our own.
    source_sender: Ref | None = None  # the CAP <sender> of the message, kept on its exports
    source_name: Name = ""  # its <senderName>, e.g. 浙江省气象台
    source_url: Address | None = None  # where the console's feed read it, if from a URL


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
    # The rest of the national indicator set (protocol/indicators.py names and units them).
    seriously_injured: int = 0
    evacuated: int = 0  # 紧急避险转移
    relocated_current: int = 0
    relocated_centralized: int = 0
    relocated_dispersed: int = 0
    centralized_sites: int = 0
    needing_relief_current: int = 0
    houses_collapsed_dwellings: int = 0
    houses_collapsed_households: int = 0
    houses_severely_damaged_dwellings: int = 0
    houses_severely_damaged_households: int = 0
    houses_damaged_dwellings: int = 0
    houses_damaged_households: int = 0
    livestock_dead: int = 0
    roads_km: float = 0.0
    power_lines_km: float = 0.0
    comms_lines_km: float = 0.0
    base_stations: int = 0
    reservoirs: int = 0
    dikes_km: float = 0.0
    loss_housing_10k_cny: float = 0.0
    loss_agriculture_10k_cny: float = 0.0
    loss_industry_10k_cny: float = 0.0
    loss_infrastructure_10k_cny: float = 0.0
    loss_public_services_10k_cny: float = 0.0
    loss_other_10k_cny: float = 0.0


class LossRevision(msgspec.Struct, kw_only=True):
    revision: int
    stage: LossReportKind
    figures: LossFigures
    submitted_by: Ref
    submitted_at: datetime
    note: Note = ""
    number: int = 0  # a follow-up's number (1, 2, ...) within its report; 0 otherwise
    zero: bool = False  # 零报告: "no new losses", the figures of the revision before
    status: ReportStatus = ReportStatus.ACCEPTED
    returned_by: Ref | None = None
    returned_by_jurisdiction: Code | None = None
    returned_at: datetime | None = None
    reason: Note = ""  # why it was returned


class LossReport(Base, tag="loss_report", kw_only=True):
    """Disaster loss report (灾情) of one jurisdiction for one disaster; every revision kept."""

    jurisdiction: Code
    hazard: Hazard
    incident_id: Ref | None = None
    title: Title = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: LossFigures = msgspec.field(default_factory=LossFigures)
    revisions: Annotated[list[LossRevision], items(REVISIONS, TIMELINE_TEXT)] = []
    exercise: bool = False
    process_id: Ref | None = None  # the disaster process it reports on (then one county's)
    zero: bool = False  # the latest revision is a zero report
    status: ReportStatus = ReportStatus.ACCEPTED  # of the latest revision


class DisasterProcess(Base, tag="disaster_process", kw_only=True):
    """One disaster process (一次灾害过程, e.g. a typhoon) that counties report losses on.

    Opened by the province or a city for ``counties`` (the county adcodes that owe reports);
    the deadlines of protocol/reporting.py run from ``started_at`` and ``response_ended_at``.
    An exercise played compressed (the simulator) runs its reporting clock ``time_scale``
    times faster than real time, from the scenario moment ``scenario_start`` at ``started_at``.
    """

    name: Title
    hazard: Hazard
    jurisdiction: Code
    counties: Area
    started_at: datetime
    response_ended_at: datetime | None = None
    closed: bool = False
    exercise: bool = False
    time_scale: float = 1.0
    scenario_start: datetime | None = None


class Plan(Base, tag="plan", kw_only=True):
    """An emergency plan (预案): task templates per response level."""

    name: Name
    hazard: Hazard
    jurisdiction: Code
    tasks: PlanTasks = {}  # response level code -> task texts
    active_level: ResponseLevel | None = None
    activated_at: datetime | None = None


class PlanTask(Base, tag="plan_task", kw_only=True):
    plan_id: Ref
    activation: int  # counts activations of the plan
    level: ResponseLevel
    text: Task
    jurisdiction: Code
    status: PlanTaskStatus = PlanTaskStatus.OPEN
    done_by: Ref | None = None
    done_at: datetime | None = None


class Shelter(Base, tag="shelter", kw_only=True):
    name: Name
    tier: ShelterTier
    jurisdiction: Code
    lon: float
    lat: float
    capacity: int
    open: bool = False
    occupancy: int = 0
    address: Address = ""


class DutyStep(msgspec.Struct, kw_only=True):
    """One step of a duty-log entry: what was done, when, by whom, and the officer's text."""

    what: DutyStepKind
    at: datetime
    by: Ref
    text: EntryText = ""
    n: int = 0  # the step's number in the whole list, from 1


class DutyEntry(Base, tag="duty_entry", kw_only=True):
    """A call or message received at a duty desk (值班日志), logged to the minute with the
    checklist of DOMAIN.md "Duty": caller, unit, phone, type, time, place, severity, actions
    taken, help wanted. ``jurisdiction`` is the command post that logged it."""

    jurisdiction: Code
    received_at: datetime  # to the minute
    logged_by: Ref
    caller: Name
    caller_unit: Name = ""
    phone: Contact
    type_code: Code
    occurred_at: datetime  # the time the caller gives for the event
    place: Address
    lon: float | None = None
    lat: float | None = None
    grade: Grade | None = None  # severity as first judged
    deaths: int = 0
    injured: int = 0
    missing: int = 0
    trapped: int = 0
    summary: LongText = ""  # what the caller said happened
    actions: Note = ""  # actions already taken
    help_wanted: Note = ""
    state: DutyState = DutyState.OPEN
    steps: Annotated[list[DutyStep], items(TIMELINE, TIMELINE_TEXT)] = []
    incident_id: Ref | None = None
    close_reason: Note = ""
    exercise: bool = False


class InfoContent(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The content of an incident information report (DOMAIN.md "Event information"). A field
    left None is not stated: an initial report states what is known, a follow-up only what
    changed since the reports before it."""

    occurred_at: datetime | None = None
    place: Address | None = None
    deaths: int | None = None
    injured: int | None = None
    missing: int | None = None
    trapped: int | None = None
    cause: Note | None = None
    course: Note | None = None  # 经过
    area: Note | None = None  # area affected
    trend: Note | None = None
    actions: Note | None = None
    requests: Note | None = None
    commander_name: Name | None = None  # the on-site commander
    commander_post: Name | None = None
    commander_phone: Contact | None = None
    source: Name | None = None  # 信息来源
    received_at: datetime | None = None  # 接报时间


class InfoReport(Base, tag="info_report", kw_only=True):
    """One incident information report (突发事件信息报送): the 初报 (one per channel), the
    numbered 续报 (``content`` holds only what changed, named in ``changed``) and the 终报."""

    incident_id: Ref
    jurisdiction: Code  # the incident's, when submitted
    stage: InfoReportKind  # "kind" is every entity's tag
    number: int = 0  # follow-ups: 1, 2, ...; 0 for the initial and final reports
    channel: InfoChannel = InfoChannel.WRITTEN
    title: Title
    content: InfoContent = msgspec.field(default_factory=InfoContent)
    changed: Annotated[list[Code], items(INFO_FIELDS)] = []  # follow-ups: the fields that changed
    note: Note = ""
    submitted_by: Ref
    submitted_by_jurisdiction: Code
    submitted_at: datetime
    exercise: bool = False


class TrackFix(msgspec.Struct, kw_only=True):
    """Where a hazard's centre was (WGS-84), with its strength when known."""

    at: datetime
    lon: Longitude
    lat: Latitude
    wind_ms: WindMs | None = None
    pressure_hpa: PressureHpa | None = None


class TrackForecast(msgspec.Struct, kw_only=True):
    """Where a hazard's centre is forecast to be, and the radius of the error circle there:
    the circles along the forecast make its cone."""

    at: datetime
    lon: Longitude
    lat: Latitude
    radius_km: ConeRadiusKm = 0.0


class HazardTrack(Base, tag="hazard_track", kw_only=True):
    """A moving hazard's path (a typhoon's track): fixes observed so far, oldest first, and
    the latest forecast after the last fix. Entered or imported by the province
    (``track.publish``, ``track.update``) and visible to every operator and unit."""

    name: Name
    hazard: Hazard
    observed: Annotated[list[TrackFix], items(TRACK_FIXES)] = []
    forecast: Annotated[list[TrackForecast], items(TRACK_FORECAST)] = []
    exercise: bool = False
    issued_by: Ref = ""


class Principal(Base, tag="principal", kw_only=True):
    """A user as others see it (never the password hash). id is the user name."""

    role: Role
    jurisdiction: Code
    display_name: Name = ""
    units: Annotated[list[Ref], items(UNITS)] = []  # liaison / field: team ids represented
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
    | DisasterProcess
    | DutyEntry
    | InfoReport
    | HazardTrack
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
        DisasterProcess,
        DutyEntry,
        InfoReport,
        HazardTrack,
    )
}
"""kind tag -> entity class."""


_KINDS: dict[type, str] = {}  # __struct_config__ builds a new object at every access (~1 µs)


def kind_of(entity: Base) -> str:
    cls = type(entity)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = str(cls.__struct_config__.tag)
    return kind


class Position(msgspec.Struct, kw_only=True, array_like=False):
    """Latest known position of a team (telemetry, not an event)."""

    team_id: Ref
    lon: float
    lat: float
    ts: datetime
    speed_kmh: float | None = None
    heading: float | None = None


GROWING_LISTS: dict[str, tuple[str, str]] = {
    "incident": ("timeline", "n"),
    "assignment": ("history", "n"),
    "material_request": ("history", "n"),
    "response": ("history", "n"),
    "loss_report": ("revisions", "revision"),
    "duty_entry": ("steps", "n"),
}
"""kind -> (its growing list, the field numbering the entries from 1). The entity keeps the
newest entries (``protocol.limits.keep_newest``); the ``history.entity`` query reads older ones
back from the event log. An entry recorded before numbering (0) is numbered by its position:
lists were never trimmed before their entries had numbers."""


def number_of(entry: msgspec.Struct, field: str, position: int) -> int:
    """The number of the entry at ``position`` (from 0) of a growing list."""
    n: int = getattr(entry, field)
    return n or position + 1


def within_limits(entity: Base) -> Base:
    """The entity with its growing lists numbered and trimmed to what an entity keeps now (one
    stored before the limits); the same object when nothing changes."""
    changes: dict[str, list[msgspec.Struct] | list[str]] = {}
    spec = GROWING_LISTS.get(kind_of(entity))
    if spec is not None:
        field, number = spec
        entries: list[msgspec.Struct] = getattr(entity, field)
        numbered = [e if getattr(e, number) else msgspec.structs.replace(e, **{number: i + 1})
                    for i, e in enumerate(entries)]
        kept = keep_newest(type(entity), field, numbered)
        if kept != entries:
            changes[field] = kept
    if isinstance(entity, Warning) and len(entity.references) > REFERENCES:
        changes["references"] = keep_newest(Warning, "references", entity.references)
    return msgspec.structs.replace(entity, **changes) if changes else entity
