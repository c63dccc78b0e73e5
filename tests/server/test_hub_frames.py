"""The hub splices each logged entity's JSON (encoded once) into event frames: the bytes must be
exactly what the protocol's own encoder makes of the same Event."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from protocol.codec import decode_server, encode
from protocol.entities import Incident, Team
from protocol.enums import TeamType
from protocol.messages import Event
from server.fanout import event_bytes, redacted
from server.storage import LoggedEvent

T0 = datetime(2026, 11, 28, 8, 0, 12, 345678, tzinfo=UTC)


def test_spliced_event_bytes_equal_the_protocol_encoding() -> None:
    inc = Incident(id="i-1", version=3, number="ZJ-20261128-0001", type_code="11A01",
                   title="洪水 \"quoted\"", lon=120.7, lat=28.1, jurisdiction="330324",
                   updated_at=T0)
    team = Team(id="t-1", version=1, name="消防救援", type=TeamType.FIRE_RESCUE,
                jurisdiction="330324", base_lon=120.6, base_lat=28.0, capabilities=["flood"])
    for ent, cid in ((inc, "c-1"), (team, None)):
        ev = LoggedEvent(7, T0, "prov", "incident.update", cid, ent)
        trimmed = msgspec.structs.replace(ent, version=ent.version + 1)  # another object
        for shown, removed in ((ent, False), (trimmed, False), (redacted(ent), True)):
            expected = encode(Event(seq=7, ts=T0, actor="prov", op="incident.update",
                                    entity=shown, command_id=cid, removed=removed))  # type: ignore[arg-type]
            assert event_bytes(ev, shown, removed) == expected
            assert decode_server(event_bytes(ev, shown, removed)) == decode_server(expected)
    assert ev.data is ev.data  # encoded once per logged event
