"""Shelters (避灾安置场所): create, open, close, occupancy (0..capacity, only while open)."""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.commands import ShelterCreate, ShelterOccupancy, ShelterRef
from protocol.entities import Shelter

from .api import Tx, result_of
from .authz import require, require_within
from .checks import (
    bad_request,
    new_id,
    require_adcode,
    require_text,
)


def create(tx: Tx, args: ShelterCreate) -> dict[str, Any]:
    jurisdiction = require_adcode(args.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    shelter = Shelter(
        id=new_id(), name=require_text(args.name, "name"), tier=args.tier,
        jurisdiction=jurisdiction, lon=args.lon, lat=args.lat,
        capacity=args.capacity, address=args.address,
    )
    return result_of(tx.put("shelter.create", shelter))


def _shelter(tx: Tx, shelter_id: str, step: str) -> Shelter:
    shelter = tx.get(Shelter, shelter_id)
    require(rules.shelter(tx.actor, shelter, step))
    tx.check_version(shelter)
    return shelter


def open_shelter(tx: Tx, args: ShelterRef) -> dict[str, Any]:
    shelter = _shelter(tx, args.id, "open")
    return result_of(tx.put("shelter.open", msgspec.structs.replace(shelter, open=True)))


def close_shelter(tx: Tx, args: ShelterRef) -> dict[str, Any]:
    shelter = _shelter(tx, args.id, "close")
    return result_of(tx.put("shelter.close", msgspec.structs.replace(shelter, open=False)))


def occupancy(tx: Tx, args: ShelterOccupancy) -> dict[str, Any]:
    shelter = _shelter(tx, args.id, "occupancy")
    if not 0 <= args.occupancy <= shelter.capacity:
        raise bad_request(f"occupancy must be 0..{shelter.capacity}, not {args.occupancy}")
    changed = msgspec.structs.replace(shelter, occupancy=args.occupancy)
    return result_of(tx.put("shelter.occupancy", changed))
