"""A CAP 1.2 message of another authority, read into what a Watchfloor warning holds.

:func:`read` takes the validated ``<alert>`` (``cap_schema.parse``) and returns a
:class:`CapMessage`, or raises ``CapError`` with a reason a duty officer can act on. It picks
the Chinese ``<info>`` when there are several, the hazard from ``<event>`` (台风、暴雨 … or the
English names), the colour from the event's 红/橙/黄/蓝色 or else from ``<severity>``, and the
area from the ``<geocode>`` values that are Zhejiang adcodes (a 9- or 12-digit township code
counts for its county), else from the names in ``<areaDesc>``; codes outside Zhejiang are
dropped. Pure: no clock, no state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from protocol.enums import Hazard, WarningColour, WarningMsgStatus, WarningMsgType
from protocol.limits import HEADLINE, NAME, REF, TEXT

from .cap import CST, GRAVITY_OF_COLOUR
from .cap_schema import NS, CapError
from .jurisdictions import known_adcodes, load_jurisdictions

REFUSED_STATUS = {
    "Test": "a Test message is for checking the link, not a warning to act on",
    "System": "a System message is for the CAP network's own use, not a warning",
    "Draft": "a Draft message is not issued yet",
}
YEARS = (1990, 2200)  # times outside are mistakes (and 9999 would overflow in UTC)
COLOUR_OF_SEVERITY = {g.severity: c for c, g in GRAVITY_OF_COLOUR.items()}
COLOUR_WORDS = {c.zh: c for c in WarningColour}  # 红色 橙色 黄色 蓝色


@dataclass(frozen=True)
class CapInfo:
    """What the chosen ``<info>`` says, as a warning holds it."""

    hazard: Hazard
    colour: WarningColour
    headline: str
    text: str
    onset: datetime
    expires: datetime
    area: list[str]
    sender_name: str = ""
    unknown_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CapMessage:
    identifier: str
    sender: str
    sent: datetime
    status: WarningMsgStatus
    msg_type: WarningMsgType
    references: list[tuple[str, str, str]]  # (sender, identifier, sent)
    info: CapInfo | None  # None only on a Cancel that says no more than what it cancels

    def reference_texts(self) -> list[str]:
        return [",".join(r) for r in self.references]


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _text(el: etree._Element, tag: str) -> str:
    found = el.find(_q(tag))
    return (found.text or "").strip() if found is not None else ""


def _time(value: str, what: str) -> datetime:
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise CapError(f"<{what}> {value!r} is not a date and time") from None
    ts = ts if ts.tzinfo is not None else ts.replace(tzinfo=CST)
    if not YEARS[0] <= ts.year <= YEARS[1]:
        raise CapError(f"<{what}> {value!r} is not a time of this era ({YEARS[0]}-{YEARS[1]})")
    return ts


def _pick_info(alert: etree._Element) -> etree._Element:
    infos = alert.findall(_q("info"))
    if not infos:
        raise CapError("the message has no <info>: nothing to warn about")
    for info in infos:
        if _text(info, "language").lower().startswith("zh"):
            return info
    return infos[0]


def _hazard(event: str, info: etree._Element) -> Hazard:
    words = [event, *(_text(code, "value") for code in info.findall(_q("eventCode")))]
    low = " ".join(words).lower()
    by_length = sorted(Hazard, key=lambda h: -len(h.zh))
    for h in by_length:
        if h.zh in low:
            return h
    for h in sorted(Hazard, key=lambda h: -len(h.value)):
        if h.value.replace("_", " ") in low or h.value in low or h.en.lower() in low:
            return h
    raise CapError(f"the event {event!r} names no hazard Watchfloor knows "
                   f"({', '.join(h.zh for h in Hazard)})")


def _colour(event: str, headline: str, severity: str) -> WarningColour:
    words = f"{event} {headline}".lower()
    for word, colour in COLOUR_WORDS.items():
        if word in words:
            return colour
    by_severity = COLOUR_OF_SEVERITY.get(severity)
    if by_severity is None:
        raise CapError(f"no warning colour: the event names none and severity {severity!r} "
                       "maps to none (Extreme, Severe, Moderate, Minor)")
    return by_severity


def _area(info: etree._Element) -> tuple[list[str], list[str]]:
    known = known_adcodes()
    codes: list[str] = []
    unknown: list[str] = []
    names = {j.name: j.id for j in load_jurisdictions()}
    for area in info.findall(_q("area")):
        found = False
        for geocode in area.findall(_q("geocode")):
            value = _text(geocode, "value")
            code = value[:6] if value.isdigit() and len(value) in (6, 9, 12) else value
            if code in known:
                codes.append(code)
                found = True
            else:
                unknown.append(value)
        if not found:
            desc = _text(area, "areaDesc")
            for part in desc.replace("，", "、").replace(",", "、").replace(" ", "、").split("、"):
                if part.strip() in names:
                    codes.append(names[part.strip()])
    return list(dict.fromkeys(codes)), unknown


def _references(value: str) -> list[tuple[str, str, str]]:
    out = []
    for triple in value.split():
        parts = triple.split(",")
        if len(parts) != 3 or not all(parts):
            raise CapError(f"<references> entry {triple!r} is not sender,identifier,sent")
        out.append((parts[0], parts[1], parts[2]))
    return out


def _fits(value: str, limit: int, what: str) -> str:
    if len(value.encode()) > limit:
        raise CapError(f"<{what}> is {len(value.encode())} bytes; Watchfloor keeps at most "
                       f"{limit}")
    return value


def read(alert: etree._Element) -> CapMessage:
    """The warning a validated CAP alert describes (see the module docstring)."""
    status = _text(alert, "status")
    if status in REFUSED_STATUS:
        raise CapError(f"status {status}: {REFUSED_STATUS[status]}; only Actual and Exercise "
                       "messages are imported")
    msg_type = _text(alert, "msgType")
    if msg_type not in {t.value for t in WarningMsgType}:
        raise CapError(f"msgType {msg_type}: only Alert, Update and Cancel are imported")
    references = _references(_text(alert, "references"))
    if msg_type != "Alert" and not references:
        raise CapError(f"a {msg_type} must name the message it changes in <references>")
    sent = _time(_text(alert, "sent"), "sent")
    try:
        info = _read_info(alert, sent)
    except CapError:
        if msg_type != "Cancel":
            raise
        info = None  # a bare Cancel: the reference is all it needs
    return CapMessage(
        identifier=_fits(_text(alert, "identifier"), REF, "identifier"),
        sender=_fits(_text(alert, "sender"), REF, "sender"),
        sent=sent,
        status=WarningMsgStatus(status),
        msg_type=WarningMsgType(msg_type),
        references=references,
        info=info,
    )


def _read_info(alert: etree._Element, sent: datetime) -> CapInfo:
    info = _pick_info(alert)
    event = _text(info, "event")
    headline = _text(info, "headline") or event
    description = _text(info, "description")
    instruction = _text(info, "instruction")
    text = "\n\n".join(part for part in (description, instruction) if part)
    onset_text = _text(info, "onset") or _text(info, "effective")
    onset = _time(onset_text, "onset") if onset_text else sent
    expires_text = _text(info, "expires")
    if not expires_text:
        raise CapError("the <info> has no <expires>: Watchfloor warnings always end")
    area, unknown = _area(info)
    if not area:
        raise CapError("no area in Zhejiang: no <geocode> value is a Zhejiang adcode and no "
                       "<areaDesc> name is a Zhejiang city or county")
    return CapInfo(
        hazard=_hazard(event, info),
        colour=_colour(event, headline, _text(info, "severity")),
        headline=_fits(headline, HEADLINE, "headline"),
        text=_fits(text, TEXT, "description"),
        onset=onset,
        expires=_time(expires_text, "expires"),
        area=area,
        sender_name=_text(info, "senderName").encode()[:NAME].decode(errors="ignore"),
        unknown_codes=unknown,
    )
