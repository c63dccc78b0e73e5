"""Warnings (预警): publish, update, cancel. Each produces a new CAP message state.

The warning entity keeps its id; every publish/update/cancel gives it a fresh CAP
``identifier``, sets ``msg_type`` (Alert/Update/Cancel) and appends the previous message to
``references`` as a CAP reference triple ``sender,identifier,sent``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from msgspec import UNSET

from protocol import rules
from protocol.commands import WarningCancel, WarningCap, WarningPublish, WarningUpdate
from protocol.entities import Warning
from protocol.enums import WarningMsgStatus, WarningMsgType, WarningState
from protocol.limits import keep_newest
from protocol.ranges import WARNING_ONSET_MAX_OFFSET, WARNING_VALIDITY_MAX

from .api import Tx, result_of
from .authz import require, require_operator, require_within
from .cap import cap_identifier, cap_sender, cap_time, warning_xml
from .checks import bad_request, local_time, new_id, require_adcode, require_text


def _area(tx: Tx, area: list[str]) -> list[str]:
    if not area:
        raise bad_request("a warning needs an area")
    codes = list(dict.fromkeys(require_adcode(code) for code in area))
    for code in codes:
        require_within(tx.actor, code, "area", code)
    return codes


def reference(warning: Warning) -> str:
    """The CAP reference triple of a warning's current message."""
    return f"{cap_sender(warning.issuer)},{warning.identifier},{cap_time(warning.sent)}"


def _require_expiry(onset: datetime, expires: datetime) -> datetime:
    if expires <= onset:
        raise bad_request("a warning must expire after its onset")
    if expires - onset > WARNING_VALIDITY_MAX:
        raise bad_request(f"a warning is valid at most {WARNING_VALIDITY_MAX.days} days: "
                          "publish a new one to extend it")
    return expires


def publish(tx: Tx, args: WarningPublish) -> dict[str, Any]:
    require_operator(tx.actor)
    area = _area(tx, args.area)
    onset = local_time(args.onset) if args.onset is not None else tx.now
    if abs(onset - tx.now) > WARNING_ONSET_MAX_OFFSET:
        raise bad_request(f"onset must lie within {WARNING_ONSET_MAX_OFFSET.days} days of now")
    expires = _require_expiry(onset, local_time(args.expires))
    warning = Warning(
        id=new_id(),
        identifier=cap_identifier(tx.actor.jurisdiction, tx.now),
        hazard=args.hazard,
        colour=args.colour,
        area=area,
        headline=require_text(args.headline, "headline"),
        text=args.text,
        issuer=tx.actor.jurisdiction,
        issued_by=tx.actor.user,
        onset=onset,
        expires=expires,
        msg_status=args.msg_status or WarningMsgStatus.ACTUAL,
        sent=tx.now,
    )
    warning = tx.put("warning.publish", warning)
    return {**result_of(warning), "identifier": warning.identifier}


def _active(tx: Tx, warning_id: str) -> Warning:
    warning = tx.get(Warning, warning_id)
    require(rules.warning_change(tx.actor, warning))
    tx.check_version(warning)
    return warning


def _next_message(tx: Tx, warning: Warning, msg_type: WarningMsgType,
                  **changes: Any) -> Warning:
    return msgspec.structs.replace(
        warning,
        identifier=cap_identifier(warning.issuer, tx.now),
        msg_type=msg_type,
        sent=tx.now,
        issued_by=tx.actor.user,
        references=keep_newest(Warning, "references", [*warning.references, reference(warning)]),
        **changes,
    )


def update(tx: Tx, args: WarningUpdate) -> dict[str, Any]:
    warning = _active(tx, args.id)
    changes: dict[str, Any] = {}
    if args.colour is not UNSET:
        changes["colour"] = args.colour
    if args.area is not UNSET:
        changes["area"] = _area(tx, args.area)
    if args.headline is not UNSET:
        changes["headline"] = require_text(args.headline, "headline")
    if args.text is not UNSET:
        changes["text"] = args.text
    if args.expires is not UNSET:
        changes["expires"] = _require_expiry(warning.onset, local_time(args.expires))
    if not changes:
        raise bad_request("an update must change something")
    warning = tx.put("warning.update", _next_message(tx, warning, WarningMsgType.UPDATE, **changes))
    return {**result_of(warning), "identifier": warning.identifier}


def cancel(tx: Tx, args: WarningCancel) -> dict[str, Any]:
    warning = _active(tx, args.id)
    text = f"{warning.text}\n{args.note}".strip() if args.note else warning.text
    warning = tx.put("warning.cancel", _next_message(
        tx, warning, WarningMsgType.CANCEL, state=WarningState.CANCELLED, text=text))
    return {**result_of(warning), "identifier": warning.identifier}


def cap(tx: Tx, args: WarningCap) -> dict[str, Any]:
    """Query: the CAP 1.2 XML of the warning's current message."""
    warning = tx.get(Warning, args.id)
    require(rules.warning_cap(tx.actor, warning))
    return {"id": warning.id, "identifier": warning.identifier, "xml": warning_xml(warning)}


