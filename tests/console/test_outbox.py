"""The persistent outbox: stored before sending, answered once, survives reopening."""

from __future__ import annotations

import threading
from pathlib import Path

from console.net.outbox import DONE, PENDING, REFUSED, Outbox
from protocol.errors import ErrorCode
from protocol.messages import Ack, Error


def test_pending_survive_reopen_in_order(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "outbox.sqlite3"
    box = Outbox(path)
    a = box.add("incident.note", {"id": "i1", "text": "first"})
    b = box.add("incident.note", {"id": "i1", "text": "二"})
    box.close()

    reopened = Outbox(path)
    pending = reopened.pending()
    assert [e.id for e in pending] == [a.id, b.id]
    assert pending[1].args == {"id": "i1", "text": "二"}
    assert reopened.pending_count() == 2
    cmd = pending[0].command()
    assert (cmd.id, cmd.op, cmd.args) == (a.id, "incident.note", a.args)


def test_ack_and_error_resolve_once_and_refusal_does_not_block(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.sqlite3")
    a = box.add("incident.note", {"id": "i1", "text": "x"}, expected_version=3)
    b = box.add("incident.grade", {"id": "i1", "grade": "I"})
    c = box.add("incident.note", {"id": "i1", "text": "y"})

    refused = box.resolve(Error(id=b.id, code=ErrorCode.FORBIDDEN, message="not yours"))
    assert refused is not None and refused.state == REFUSED
    assert (refused.code, refused.message) == ("forbidden", "not yours")
    assert [e.id for e in box.pending()] == [a.id, c.id]

    done = box.resolve(Ack(id=a.id, seq=17, result={"id": "i1"}))
    assert done is not None and done.state == DONE and done.seq == 17
    assert done.result == {"id": "i1"} and done.expected_version == 3
    # A second answer (a resend's reply) changes nothing and is not reported again.
    assert box.resolve(Ack(id=a.id, seq=99)) is None
    got = box.get(a.id)
    assert got is not None and got.seq == 17
    # Answers to ids it does not hold (queries) are ignored.
    assert box.resolve(Ack(id="query-1", result=[])) is None
    assert [e.id for e in box.pending()] == [c.id]
    assert box.get(c.id) is not None and box.get(c.id).state == PENDING  # type: ignore[union-attr]


def test_sent_count_and_trim_keeps_pending(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.sqlite3")
    entries = [box.add("incident.note", {"id": "i", "text": str(n)}) for n in range(6)]
    box.mark_sent(entries[0].id)
    box.mark_sent(entries[0].id)
    assert box.get(entries[0].id).sent_count == 2  # type: ignore[union-attr]
    for e in entries[:4]:
        box.resolve(Ack(id=e.id, seq=1))
    box.forget_answered(keep=1)
    remaining = [e.id for e in box.recent()]
    assert remaining == [entries[5].id, entries[4].id, entries[3].id]


def test_writes_run_on_the_writer_thread_in_order(tmp_path: Path) -> None:
    """add/resolve return at once from memory; the fsyncs happen on the outbox's own thread,
    in the order they were made, and on_stored says when a command is on disk."""
    box = Outbox(tmp_path / "o.sqlite3")
    stored: list[tuple[int, str]] = []
    a = box.add("incident.note", {"id": "i1", "text": "x"},
                on_stored=lambda e: stored.append((threading.get_ident(), e.id)))
    assert box.get(a.id) == a and box.pending_count() == 1  # at once, from memory
    done = box.resolve(Ack(id=a.id, seq=4))
    assert done is not None and done.state == DONE and box.pending_count() == 0
    box.flush()
    assert [cid for _thread, cid in stored] == [a.id]
    assert stored[0][0] != threading.get_ident()
    box.close()
    reopened = Outbox(tmp_path / "o.sqlite3")
    got = reopened.get(a.id)
    assert got is not None and (got.state, got.seq) == (DONE, 4)
    reopened.close()
