"""Commands are checked against the protocol's struct for their op before the outbox (no Qt)."""

from __future__ import annotations

import pytest

from console.net.commands import InvalidCommand, wire_args
from console.net.link import Link
from console.net.outbox import Outbox
from protocol.commands import IncidentGrade, MaterialCreate, MaterialLineArgs, MaterialRef
from protocol.session import ClientSession


def test_a_struct_goes_out_as_the_server_decodes_it() -> None:
    assert wire_args("incident.grade", IncidentGrade(id="i", grade="II")) == \
        {"id": "i", "grade": "II", "note": ""}
    lines = [MaterialLineArgs(item_code="1010101", quantity=3)]
    assert wire_args("material.create", MaterialCreate(lines=lines))["lines"] == \
        [{"item_code": "1010101", "quantity": 3}]
    assert wire_args("incident.note", {"id": "i", "text": "t"}) == {"id": "i", "text": "t"}


@pytest.mark.parametrize(("op", "args", "reason"), [
    ("incident.grade", IncidentGrade(id="i", grade=2), "Expected `str`, got `int` - at `$.grade`"),  # type: ignore[arg-type]
    ("incident.grade", {"id": "i", "grade": "II", "colour": "red"},
     "Object contains unknown field `colour`"),
    ("incident.grade", {"id": "i"}, "Object missing required field `grade`"),
    ("material.receive", MaterialRef(id="m"), "takes MaterialReceive, not MaterialRef"),
    ("incident.grad", {"id": "i"}, "not a command op"),
    ("team.recommend", {"incident_id": "i"}, "not a command op"),  # a query, never queued
])
def test_malformed_commands_are_refused(op: str, args: object, reason: str) -> None:
    with pytest.raises(InvalidCommand) as caught:
        wire_args(op, args)  # type: ignore[arg-type]
    assert caught.value.reason == reason and caught.value.op == op


def test_the_link_stores_nothing_it_refuses() -> None:
    outbox = Outbox(":memory:")
    link = Link("ws://127.0.0.1:9", ClientSession("yj", password="x"), outbox)
    queued = []
    link.on_queued = queued.append
    with pytest.raises(InvalidCommand, match="incident.grade: Expected `str`, got `int`"):
        link.queue_command("incident.grade", {"id": "i", "grade": 2})
    assert outbox.recent() == [] and outbox.pending_count() == 0 and queued == []
    entry = link.queue_command("incident.grade", IncidentGrade(id="i", grade="I"))
    assert [e.id for e in outbox.pending()] == [entry.id] == [e.id for e in queued]
    outbox.close()
