"""A command another platform owns: the server answers ``queued``, and that is not the answer.

The frames go through ``protocol.codec.decode_server`` and ``Link.receive_message``, the path
``Link.run`` takes for every frame it reads, with no server and no Qt.
"""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec

from console.net.link import Forwarding, Link
from console.net.outbox import DONE, PENDING, REFUSED, Outbox
from protocol.codec import decode_server
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error, Queued, ServerMessage
from protocol.session import ClientSession

NOTE = {"id": "inc-1", "text": "county asks for pumps"}


def frame(msg: Any) -> ServerMessage:
    return decode_server(msgspec.json.encode(msg))


def a_link() -> tuple[Link, list[tuple[str, Any]]]:
    link = Link("ws://127.0.0.1:9", ClientSession("hz_duty", password="x"), Outbox(":memory:"))
    heard: list[tuple[str, Any]] = []
    link.on_forwarding = lambda entry, fwd: heard.append(("forwarding", (entry.id, fwd)))
    link.on_answer = lambda entry, answer: heard.append(("answer", (entry.id, answer)))
    return link, heard


def test_queued_keeps_the_command_pending_and_marks_its_owner() -> None:
    link, heard = a_link()
    entry = link.queue_command("incident.note", NOTE)
    link.receive_message(frame(Queued(id=entry.id, owner="330100", message="held")))

    held = link.outbox.get(entry.id)
    assert held is not None and held.state == PENDING  # still resent on every connect
    assert [e.id for e in link.outbox.pending()] == [entry.id]
    fwd = link.forwarding[entry.id]
    assert (fwd.owner, fwd.message) == ("330100", "held")
    assert [kind for kind, _ in heard] == ["forwarding"]  # no answer was reported


def test_queued_again_after_a_resend_keeps_the_first_time_and_tells_no_one() -> None:
    link, heard = a_link()
    entry = link.queue_command("incident.note", NOTE)
    link.receive_message(frame(Queued(id=entry.id, owner="330100", message="held")))
    first = link.forwarding[entry.id]
    link.receive_message(frame(Queued(id=entry.id, owner="330100", message="held")))
    assert link.forwarding[entry.id] == first
    assert len(heard) == 1


def test_the_owners_ack_clears_the_mark_and_answers() -> None:
    link, heard = a_link()
    entry = link.queue_command("incident.note", NOTE)
    link.receive_message(frame(Queued(id=entry.id, owner="330100")))
    link.receive_message(frame(Ack(id=entry.id, seq=41)))
    assert link.forwarding == {}
    done = link.outbox.get(entry.id)
    assert done is not None and done.state == DONE and done.seq == 41
    assert [kind for kind, _ in heard] == ["forwarding", "answer"]


def test_the_owners_refusal_clears_the_mark_too() -> None:
    link, _heard = a_link()
    entry = link.queue_command("incident.note", NOTE)
    link.receive_message(frame(Queued(id=entry.id, owner="330100")))
    link.receive_message(frame(Error(id=entry.id, code=ErrorCode.FORBIDDEN, message="no")))
    assert link.forwarding == {}
    refused = link.outbox.get(entry.id)
    assert refused is not None and refused.state == REFUSED


def test_queued_for_an_unknown_or_answered_command_is_ignored() -> None:
    link, heard = a_link()
    entry = link.queue_command("incident.note", NOTE)
    link.receive_message(frame(Ack(id=entry.id, seq=3)))
    link.receive_message(frame(Queued(id=entry.id, owner="330100")))
    link.receive_message(frame(Queued(id="someone-else", owner="330100")))
    assert link.forwarding == {}
    assert [kind for kind, _ in heard] == ["answer"]


async def test_a_held_command_is_not_resent_by_the_try_again_timer() -> None:
    """A 'try again later' answer starts a resend timer; once the server says it holds the
    command for its owner, that timer neither resends it nor counts it as a failure."""
    link, _heard = a_link()
    link.retry_first = 0.01
    sent: list[bytes | str] = []

    class Socket:
        async def send(self, data: bytes | str) -> None:
            sent.append(data)

    link._ws = Socket()  # type: ignore[assignment]
    link.session.live = True  # type: ignore[misc]
    entry = link.queue_command("incident.note", NOTE)
    retried = asyncio.Event()
    link.on_retry = lambda _e, _a: retried.set()
    link.receive_message(frame(Error(id=entry.id, code=ErrorCode.UNAVAILABLE, message="busy")))
    await asyncio.wait_for(retried.wait(), 5)
    link.receive_message(frame(Queued(id=entry.id, owner="330100")))
    assert link._retries == {}
    before = len(sent)
    link._resend(entry.id)  # what the timer calls
    assert len(sent) == before
    assert isinstance(link.forwarding[entry.id], Forwarding)
