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

from .duty import InfoChannel, InfoReportKind
from .entities import TrackFix, TrackForecast
from .enums import (
    DepotLevel,
    Grade,
    Hazard,
    Headquarters,
    IncidentStatus,
    LossReportKind,
    OrderPriority,
    ResponseLevel,
    ShelterTier,
    SourceChannel,
    TeamStatus,
    TeamType,
    WarningColour,
    WarningMsgStatus,
)
from .limits import (
    LINES,
    TRACK_FIXES,
    TRACK_FORECAST,
    AckNote,
    Address,
    Addressee,
    Addressees,
    Area,
    Capabilities,
    CapXml,
    Code,
    Contact,
    Cursor,
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
    Count,
    DueLimit,
    EventsLimit,
    Headcount,
    Hectares,
    Houses,
    Km,
    Latitude,
    Longitude,
    Loss10kCny,
    PictureLimit,
    Population,
    PositiveQuantity,
    Quantity,
    Rating,
    RecommendLimit,
    Seq,
    ShelterCapacity,
    ShelterPeople,
    SupportTeams,
    TimeScale,
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
    that level (only an officer of that level or above); anything else is bad_request.
    ``reporter``/``reporter_phone``: who reported it and how to call back; ``occurred_at``
    (without an offset: China Standard Time) when it happened, not in the future;
    ``source``: how the report came in."""

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
    reporter: Name = ""
    reporter_phone: Contact = ""
    occurred_at: datetime | None = None
    source: SourceChannel | None = None


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
    reporter: Name | UnsetType = UNSET
    reporter_phone: Contact | UnsetType = UNSET
    occurred_at: datetime | UnsetType = UNSET
    source: SourceChannel | UnsetType = UNSET


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
    """``reply_by`` (without an offset: China Standard Time): every addressee acknowledges
    by then; it lies after now, at most ``ORDER_REPLY_MAX`` ahead, and needs
    ``requires_ack`` (else bad_request)."""

    text: LongText
    addressees: Addressees  # adcodes and/or "team:<id>"
    incident_id: Ref | None = None
    requires_ack: bool = True
    exercise: bool = False
    reply_by: datetime | None = None
    priority: OrderPriority = OrderPriority.ROUTINE


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
    seriously_injured: Casualties = 0
    evacuated: Population = 0
    relocated_current: Population = 0
    relocated_centralized: Population = 0
    relocated_dispersed: Population = 0
    centralized_sites: Count = 0
    needing_relief_current: Population = 0
    houses_collapsed_dwellings: Houses = 0
    houses_collapsed_households: Houses = 0
    houses_severely_damaged_dwellings: Houses = 0
    houses_severely_damaged_households: Houses = 0
    houses_damaged_dwellings: Houses = 0
    houses_damaged_households: Houses = 0
    livestock_dead: Count = 0
    roads_km: Km = 0.0
    power_lines_km: Km = 0.0
    comms_lines_km: Km = 0.0
    base_stations: Count = 0
    reservoirs: Count = 0
    dikes_km: Km = 0.0
    loss_housing_10k_cny: Loss10kCny = 0.0
    loss_agriculture_10k_cny: Loss10kCny = 0.0
    loss_industry_10k_cny: Loss10kCny = 0.0
    loss_infrastructure_10k_cny: Loss10kCny = 0.0
    loss_public_services_10k_cny: Loss10kCny = 0.0
    loss_other_10k_cny: Loss10kCny = 0.0


class LossReportSubmit(Args):
    """Without id: a new report. With id: a new revision of that report.

    With ``process_id`` the report is one county's on a disaster process: the county must be
    one the process lists, its first report is the initial one (one per county and process),
    follow-ups are numbered, there is one verified report, and a ``zero`` report (零报告) is a
    follow-up whose figures are those of the revision before. Cumulative figures (all but
    ``protocol.indicators.CURRENT``) only rise: a fall needs a ``note`` explaining it.
    """

    id: Ref | None = None
    hazard: Hazard | None = None
    jurisdiction: Code | None = None
    incident_id: Ref | None = None
    title: Title = ""
    stage: LossReportKind = LossReportKind.INITIAL
    figures: ReportedFigures = msgspec.field(default_factory=ReportedFigures)
    note: Note = ""
    exercise: bool = False
    process_id: Ref | None = None
    zero: bool = False


class LossReturn(Args):
    """A city or the province returns a county's report below it (退回): its latest revision
    is marked returned with the reason and stays in the history; the county sends a new one."""

    id: Ref
    reason: Note


# -- disaster processes and statistics ---------------------------------------------------------
class ProcessOpen(Args):
    """Open a disaster process (一次灾害过程) of the actor's jurisdiction (a city or the
    province) or one below it that is a city. ``counties`` (default: every county of the
    jurisdiction) owe loss reports on it. ``started_at`` (default now, never later) may lie up
    to 7 days back: the initial deadline counts from the disaster. ``time_scale`` and
    ``scenario_start`` are for an exercise played compressed (the simulator)."""

    name: Title
    hazard: Hazard
    jurisdiction: Code | None = None
    counties: Area = []
    started_at: datetime | None = None
    exercise: bool = False
    time_scale: TimeScale = 1.0
    scenario_start: datetime | None = None


class ProcessUpdate(Args):
    """Rename, or change the counties (one that has reported stays)."""

    id: Ref
    name: Title | UnsetType = UNSET
    counties: Area | UnsetType = UNSET


class ProcessRef(Args):
    id: Ref
    note: Note = ""


class StatsLosses(Args):
    """Query: the roll-up of a process for a jurisdiction (default: the asker's) as of ``at``
    (default: now): the latest accepted revision of every county below, per city and in total,
    with the counties not reported, reporting zero and returned named as such."""

    process_id: Ref
    jurisdiction: Code | None = None
    at: datetime | None = None


class StatsDue(Args):
    """Query: the reports due from the counties within a jurisdiction (default: the asker's)
    on every open process, as of ``at`` (default: now)."""

    jurisdiction: Code | None = None
    at: datetime | None = None


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


# -- hazard tracks -----------------------------------------------------------------------------
class TrackPublish(Args):
    """A new hazard track (province only): fixes oldest first, times strictly increasing, and
    a forecast whose times follow the last fix. At least one point."""

    name: Name
    hazard: Hazard
    observed: Annotated[list[TrackFix], items(TRACK_FIXES)] = []
    forecast: Annotated[list[TrackForecast], items(TRACK_FORECAST)] = []
    exercise: bool = False


class TrackUpdate(Args):
    """New fixes appended after the last one, and the forecast replaced (absent: kept; [] clears
    it). The result keeps the rules of ``track.publish``; older fixes beyond the limit drop."""

    id: Ref
    observed: Annotated[list[TrackFix], items(TRACK_FIXES)] = []
    forecast: Annotated[list[TrackForecast], items(TRACK_FORECAST)] | None = None


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


class HistoryPicture(Args):
    """Query: the picture at a past moment, ``at`` (a time) or ``seq`` (exactly one), as the
    asker could see it then, rebuilt from the event log. Answered in pages of at most ``limit``
    entities (and bounded bytes); ask again with ``after`` = the answer's ``next`` (and the same
    moment) until ``next`` is null."""

    at: datetime | None = None
    seq: Seq | None = None
    after: Cursor | None = None
    limit: PictureLimit = 500


class HistoryEvents(Args):
    """Query: the logged events the asker could see when they happened, oldest first: of one
    entity (``kind`` and ``id``), of a kind, or of entities within ``jurisdiction``, in the
    window ``from``..``to`` and after ``after_seq``. ``next_after_seq`` in the answer continues
    the walk (null: the window is done)."""

    kind: Code | None = None
    id: Ref | None = None
    jurisdiction: Code | None = None
    from_: datetime | None = msgspec.field(default=None, name="from")
    to: datetime | None = None
    after_seq: Seq | None = None
    limit: EventsLimit = 200
# -- the duty desk and incident information reports -------------------------------------------
class DutyLog(Args, kw_only=True):
    """Log a call or message (接报) with the checklist of DOMAIN.md "Duty". ``received_at``
    (default: now; without an offset it is China Standard Time) is kept to the minute and may
    not lie in the future. Caller, phone, type, time and place are required: without them
    nobody can call back or find the place (bad_request)."""

    caller: Name
    caller_unit: Name = ""
    phone: Contact
    type_code: Code
    occurred_at: datetime
    place: Address
    lon: Longitude | None = None
    lat: Latitude | None = None
    grade: Grade | None = None
    deaths: Casualties = 0
    injured: Casualties = 0
    missing: Casualties = 0
    trapped: Casualties = 0
    summary: LongText = ""
    actions: Note = ""
    help_wanted: Note = ""
    received_at: datetime | None = None
    exercise: bool = False


class DutyStepArgs(Args):
    """A step of a duty-log entry (report to the leader, pass on, follow up): ``text`` says
    to whom and what (required for passing on and following up)."""

    id: Ref
    text: Note = ""


class DutyToIncident(Args):
    """Make the entry an incident in the same command (incident.create from the entry's
    checklist); ``lon``/``lat`` default to the entry's point (one is needed), ``title`` to
    place and type. The caller, phone and time of occurrence become the incident's
    reporter, reporter_phone and occurred_at; ``source`` says how the call came in."""

    id: Ref
    title: Title = ""
    lon: Longitude | None = None
    lat: Latitude | None = None
    jurisdiction: Code | None = None
    text: Note = ""
    source: SourceChannel = SourceChannel.DUTY_CALL


class DutyClose(Args):
    id: Ref
    reason: Note


class InfoFields(Args):
    """The content of an information report as submitted; None: not stated (a follow-up
    states only what changed)."""

    occurred_at: datetime | None = None
    place: Address | None = None
    deaths: Casualties | None = None
    injured: Casualties | None = None
    missing: Casualties | None = None
    trapped: Casualties | None = None
    cause: Note | None = None
    course: Note | None = None
    area: Note | None = None
    trend: Note | None = None
    actions: Note | None = None
    requests: Note | None = None
    commander_name: Name | None = None
    commander_post: Name | None = None
    commander_phone: Contact | None = None
    source: Name | None = None
    received_at: datetime | None = None


class InfoSubmit(Args):
    """Submit an information report on an incident: one initial per channel (phone first,
    then written), then numbered follow-ups holding only what changed (a follow-up that
    changes nothing needs a ``note``), then one final report; nothing after the final.
    ``title`` defaults to place, type, casualties and progress."""

    incident_id: Ref
    stage: InfoReportKind
    channel: InfoChannel = InfoChannel.WRITTEN
    title: Title = ""
    content: InfoFields = msgspec.field(default_factory=InfoFields)
    note: Note = ""


class InfoDue(Args):
    """Query: the information reports due, overdue and done for the open incidents of
    ``jurisdiction`` (default: the asker's) as of ``at`` (default: now), by the rules of
    ``protocol.info_reports``: overdue first, then due, then done, each by due time; the
    first ``limit`` of them, with ``more`` and the ``counts`` per state of all."""

    jurisdiction: Code | None = None
    at: datetime | None = None
    limit: DueLimit = 500


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
    "loss.return": LossReturn,
    "process.open": ProcessOpen,
    "process.update": ProcessUpdate,
    "process.end_response": ProcessRef,
    "process.close": ProcessRef,
    "stats.losses": StatsLosses,
    "stats.due": StatsDue,
    "plan.create": PlanCreate,
    "plan.activate": PlanActivate,
    "plan_task.done": PlanTaskDone,
    "shelter.create": ShelterCreate,
    "shelter.open": ShelterRef,
    "shelter.close": ShelterRef,
    "shelter.occupancy": ShelterOccupancy,
    "track.publish": TrackPublish,
    "track.update": TrackUpdate,
    "history.entity": EntityHistory,
    "history.events": HistoryEvents,
    "history.picture": HistoryPicture,
    "duty.log": DutyLog,
    "duty.report_leader": DutyStepArgs,
    "duty.pass_on": DutyStepArgs,
    "duty.follow_up": DutyStepArgs,
    "duty.to_incident": DutyToIncident,
    "duty.close": DutyClose,
    "info.submit": InfoSubmit,
    "info.due": InfoDue,
}

QUERIES = frozenset({"team.recommend", "team.track", "warning.cap", "history.entity",
                     "history.events", "history.picture", "stats.losses", "stats.due",
                     "info.due"})

CREATES = frozenset({
    "incident.create", "response.start", "team.create", "support.request", "order.issue",
    "depot.create", "material.create", "warning.publish", "plan.create", "shelter.create",
    "process.open",
    "duty.log", "info.submit", "track.publish",
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
