"""CAP 1.2 (OASIS Common Alerting Protocol) XML for a warning's current message.

One ``<alert>`` with one ``<info>`` in zh-CN. Urgency, severity and certainty follow the
warning colour (data below, so it can be corrected); the category follows the hazard.
Times are written with the China Standard Time offset, as CAP wants (no 'Z', no fractions).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from protocol.adcodes import level_of
from protocol.entities import Warning
from protocol.enums import Hazard, WarningColour

from .jurisdictions import load_jurisdictions

NS = "urn:oasis:names:tc:emergency:cap:1.2"
CST = timezone(timedelta(hours=8), "CST")


def cap_sender(issuer: str) -> str:
    """The CAP <sender> of a jurisdiction's warnings (no spaces, commas or '<&')."""
    return f"{issuer}@watchfloor.zj"


def message_sender(warning: Warning) -> str:
    """The <sender> of a warning's messages: the authority it was imported from, else ours."""
    return warning.source_sender or cap_sender(warning.issuer)


def cap_identifier(issuer: str, now: datetime) -> str:
    """A globally unique CAP <identifier>: issuer, CST time and a random suffix."""
    return f"ZJYJ-{issuer}-{now.astimezone(CST):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"


class Gravity(NamedTuple):
    urgency: str
    severity: str
    certainty: str


GRAVITY_OF_COLOUR: dict[WarningColour, Gravity] = {
    WarningColour.RED: Gravity("Immediate", "Extreme", "Likely"),
    WarningColour.ORANGE: Gravity("Expected", "Severe", "Likely"),
    WarningColour.YELLOW: Gravity("Expected", "Moderate", "Likely"),
    WarningColour.BLUE: Gravity("Future", "Minor", "Possible"),
}

CATEGORY_OF_HAZARD: dict[Hazard, str] = {
    Hazard.TYPHOON: "Met",
    Hazard.MARITIME_TYPHOON: "Met",
    Hazard.FLOOD: "Met",
    Hazard.RAINSTORM: "Met",
    Hazard.FLASH_FLOOD: "Met",
    Hazard.GEOLOGICAL: "Geo",
    Hazard.DROUGHT: "Met",
    Hazard.FOREST_FIRE: "Fire",
    Hazard.EARTHQUAKE: "Geo",
    Hazard.WORK_SAFETY: "Safety",
    Hazard.GALE: "Met",
    Hazard.STORM_SURGE: "Met",
    Hazard.HEAT: "Met",
    Hazard.COLD: "Met",
}


def cap_time(ts: datetime) -> str:
    """CAP dateTime: ``YYYY-MM-DDThh:mm:ss+08:00``."""
    return ts.astimezone(CST).replace(microsecond=0).isoformat()


def _names() -> dict[str, str]:
    return {j.id: j.name for j in load_jurisdictions()}


def sender_name(issuer: str) -> str:
    """The issuing department, e.g. 浙江省应急管理厅 or 温州市应急管理局."""
    name = _names().get(issuer, issuer)
    return f"{name}应急管理{'厅' if level_of(issuer) == 'province' else '局'}"


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{NS}}}{tag}")
    el.text = text
    return el


def warning_xml(warning: Warning) -> str:
    """The CAP 1.2 document of the warning's current message (Alert, Update or Cancel)."""
    ET.register_namespace("", NS)
    alert = ET.Element(f"{{{NS}}}alert")
    _sub(alert, "identifier", warning.identifier)
    _sub(alert, "sender", message_sender(warning))
    _sub(alert, "sent", cap_time(warning.sent))
    _sub(alert, "status", warning.msg_status.value)
    _sub(alert, "msgType", warning.msg_type.value)
    _sub(alert, "scope", "Public")
    if warning.references:
        _sub(alert, "references", " ".join(warning.references))
    info = ET.SubElement(alert, f"{{{NS}}}info")
    gravity = GRAVITY_OF_COLOUR[warning.colour]
    _sub(info, "language", "zh-CN")
    _sub(info, "category", CATEGORY_OF_HAZARD.get(warning.hazard, "Other"))
    _sub(info, "event", f"{warning.hazard.zh}{warning.colour.zh}预警")
    _sub(info, "urgency", gravity.urgency)
    _sub(info, "severity", gravity.severity)
    _sub(info, "certainty", gravity.certainty)
    _sub(info, "onset", cap_time(warning.onset))
    _sub(info, "expires", cap_time(warning.expires))
    _sub(info, "senderName", warning.source_name or sender_name(warning.issuer))
    _sub(info, "headline", warning.headline)
    if warning.text:
        _sub(info, "description", warning.text)
    area = ET.SubElement(info, f"{{{NS}}}area")
    names = _names()
    _sub(area, "areaDesc", "、".join(names.get(code, code) for code in warning.area))
    for code in warning.area:
        geocode = ET.SubElement(area, f"{{{NS}}}geocode")
        _sub(geocode, "valueName", "ADCODE")
        _sub(geocode, "value", code)
    return ET.tostring(alert, encoding="unicode", xml_declaration=True)
