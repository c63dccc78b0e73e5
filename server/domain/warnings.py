"""Warnings (预警): publish, update, cancel. Each produces a new CAP message state.

The warning entity keeps its id; every publish/update/cancel gives it a fresh CAP
``identifier``, sets ``msg_type`` (Alert/Update/Cancel) and appends the previous message to
``references`` as a CAP reference triple ``sender,identifier,sent``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import msgspec
from msgspec import UNSET

from protocol import rules
from protocol.adcodes import is_within
from protocol.commands import (
    WarningCancel,
    WarningCap,
    WarningImportCap,
    WarningPublish,
    WarningUpdate,
)
from protocol.entities import Warning
from protocol.enums import WarningMsgStatus, WarningMsgType, WarningState
from protocol.errors import ErrorCode
from protocol.limits import keep_newest
from protocol.ranges import WARNING_ONSET_MAX_OFFSET, WARNING_VALIDITY_MAX

from .api import CommandError, Tx, result_of
from .authz import require, require_operator, require_within
from .cap import cap_identifier, cap_time, message_sender, warning_xml
from .cap_import import CapInfo, CapMessage, read
from .cap_schema import CapError, parse
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
    return f"{message_sender(warning)},{warning.identifier},{cap_time(warning.sent)}"


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


# -- import from another authority -----------------------------------------------------------
def _imported(tx: Tx, sender: str, identifier: str) -> Warning | None:
    """The warning in the importer's line (issued by its jurisdiction, one above it or one
    below) whose current or an earlier message is ``sender``'s ``identifier``. Two cities that
    import the same provincial message each hold their own part of it."""
    mine = tx.actor.jurisdiction
    for w in tx.all(Warning):
        if message_sender(w) != sender:
            continue
        if not (is_within(w.issuer, mine) or is_within(mine, w.issuer)):
            continue
        if w.identifier == identifier or any(
                ref.split(",")[1:2] == [identifier] for ref in w.references):
            return w
    return None


def _clip_area(tx: Tx, area: list[str]) -> list[str]:
    """The message's area as the importer may hold it: codes within my jurisdiction, and mine
    for a code that covers it (a province-wide warning reaches a city as the city)."""
    mine = tx.actor.jurisdiction
    kept = [code if is_within(code, mine) else mine
            for code in area if is_within(code, mine) or is_within(mine, code)]
    if not kept:
        raise bad_request(f"the message's area ({', '.join(area)}) lies outside {mine}")
    return list(dict.fromkeys(kept))


def import_cap(tx: Tx, args: WarningImportCap) -> dict[str, Any]:
    """A CAP 1.2 message of another authority becomes (or changes) a warning."""
    require(rules.warning_import(tx.actor))
    try:
        msg = read(parse(args.xml))
    except CapError as exc:
        raise bad_request(str(exc)) from None
    done = _imported(tx, msg.sender, msg.identifier)
    if done is not None:  # imported before (or our own message): nothing to do
        require(rules.warning_cap(tx.actor, done))
        return {**result_of(done), "identifier": done.identifier, "imported": False}
    info = msg.info
    if info is not None:
        info = replace(info, area=_clip_area(tx, info.area))
        _require_expiry(info.onset, info.expires)
    if msg.msg_type == WarningMsgType.ALERT:
        assert info is not None  # read() gives every Alert its info
        warning = _imported_alert(tx, msg, info, args.source_url)
    else:
        warning = _imported_change(tx, msg, info, args.source_url)
    return {**result_of(warning), "identifier": warning.identifier, "imported": True,
            "dropped_codes": info.unknown_codes if info is not None else []}


def _imported_alert(tx: Tx, msg: CapMessage, info: CapInfo,
                    source_url: str | None) -> Warning:
    if info.expires <= tx.now:
        raise bad_request(f"the message expired at {cap_time(info.expires)}")
    warning = Warning(
        id=new_id(),
        identifier=msg.identifier,
        hazard=info.hazard,
        colour=info.colour,
        area=info.area,
        headline=require_text(info.headline, "headline"),
        text=info.text,
        issuer=tx.actor.jurisdiction,
        issued_by=tx.actor.user,
        onset=info.onset,
        expires=info.expires,
        msg_status=msg.status,
        sent=msg.sent,
        references=keep_newest(Warning, "references", msg.reference_texts()),
        source_sender=msg.sender,
        source_name=info.sender_name,
        source_url=source_url,
    )
    return tx.put("warning.import_cap", warning)


def _imported_change(tx: Tx, msg: CapMessage, info: CapInfo | None,
                     source_url: str | None) -> Warning:
    """An Update or Cancel of the warning imported from a message it references; what its
    info says replaces what the warning held (a Cancel without info keeps it)."""
    earlier = None
    for sender, identifier, _sent in reversed(msg.references):
        if sender == msg.sender:
            earlier = _imported(tx, sender, identifier)
            if earlier is not None:
                break
    if earlier is None or earlier.source_sender is None:
        named = " ".join(msg.reference_texts())
        raise bad_request(f"the {msg.msg_type.value} references no warning imported from "
                          f"{msg.sender} ({named})")
    require(rules.warning_import(tx.actor, earlier))
    if earlier.state != WarningState.ACTIVE:
        raise CommandError(ErrorCode.CONFLICT, f"warning {earlier.identifier} is "
                           f"{earlier.state.value}", earlier)
    if msg.status != earlier.msg_status:
        raise bad_request(f"a {msg.status.value} message cannot change a "
                          f"{earlier.msg_status.value} warning")
    references = keep_newest(Warning, "references", list(dict.fromkeys(
        [*earlier.references, *msg.reference_texts()])))
    changes: dict[str, Any] = {
        "identifier": msg.identifier, "msg_type": msg.msg_type, "sent": msg.sent,
        "issued_by": tx.actor.user, "references": references,
        "source_url": source_url or earlier.source_url,
    }
    if info is not None:
        changes.update({
            "source_name": info.sender_name or earlier.source_name,
            "hazard": info.hazard, "colour": info.colour, "area": info.area,
            "headline": require_text(info.headline, "headline"), "text": info.text,
            "onset": info.onset, "expires": info.expires,
        })
    if msg.msg_type == WarningMsgType.CANCEL:
        changes["state"] = WarningState.CANCELLED
    return tx.put("warning.import_cap", msgspec.structs.replace(earlier, **changes))
