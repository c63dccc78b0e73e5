"""protocol.session.ClientSession: the sans-I/O client, driven by hand-made frames."""

from __future__ import annotations

from datetime import UTC, datetime

from protocol.entities import Incident, Principal
from protocol.enums import Role
from protocol.errors import CLOSE_UNAUTHORIZED, CLOSE_UNSUPPORTED_VERSION, ErrorCode
from protocol.messages import Ack, Error, Event, Logout, Snapshot, Welcome
from protocol.session import ClientSession

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
ME = Principal(id="hz", role=Role.CITY, jurisdiction="330100")


def _welcome(server_id: str = "srv-1", resumed: bool = False, seq: int = 5) -> Welcome:
    return Welcome(
        protocol=1, server_id=server_id, session_token="tok", principal=ME,
        current_seq=seq, server_time=NOW, resumed=resumed,
    )


def _incident(id: str, title: str = "t") -> Incident:
    return Incident(
        id=id, number="ZJ-1", type_code="11D01", title=title, lon=120.1, lat=30.2,
        jurisdiction="330106",
    )


def test_first_hello_has_password_then_token_and_resume() -> None:
    s = ClientSession("hz", password="pw", client="test")
    first = s.hello()
    assert (first.user, first.password, first.token, first.resume) == ("hz", "pw", None, None)

    got = s.receive(_welcome())
    assert got.welcome is not None and s.principal == ME and not s.live
    got = s.receive(Snapshot(seq=5, entities=[_incident("a")], final=True))
    assert got.became_live and s.live and got.changes.reset
    s.receive(Event(seq=6, ts=NOW, actor="x", op="incident.create", entity=_incident("b")))
    assert s.disconnected(1006)

    again = s.hello()
    assert again.token == "tok" and again.user is None and again.password is None
    assert again.resume is not None
    assert (again.resume.server_id, again.resume.last_seq) == ("srv-1", 6)
    got = s.receive(_welcome(resumed=True))
    assert got.became_live and s.live


def test_answers_and_multipart_snapshot() -> None:
    s = ClientSession("hz", password="pw")
    s.hello()
    s.receive(_welcome())
    part = s.receive(Snapshot(seq=9, entities=[_incident("a")], final=False))
    assert not part.became_live and not s.live and s.replica.count("incident") == 0
    s.receive(Snapshot(seq=9, entities=[_incident("b")], final=True))
    assert s.live and sorted(s.replica.ids("incident")) == ["a", "b"]
    got = s.receive(Ack(id="c1", seq=10))
    assert [a.id for a in got.answers] == ["c1"]
    got = s.receive(Error(id="c2", code=ErrorCode.FORBIDDEN, message="no"))
    assert [a.id for a in got.answers] == ["c2"] and got.refused is None


def test_refused_token_falls_back_to_password_then_gives_up() -> None:
    s = ClientSession("hz", password="pw", token="old")
    assert s.hello().token == "old"
    got = s.receive(Error(code=ErrorCode.UNAUTHORIZED, message="unknown token"))
    assert got.refused is not None
    assert s.disconnected(CLOSE_UNAUTHORIZED)  # one retry, with the password
    retry = s.hello()
    assert retry.token is None and retry.password == "pw"
    s.receive(Error(code=ErrorCode.UNAUTHORIZED, message="bad password"))
    assert not s.disconnected(CLOSE_UNAUTHORIZED)
    assert not s.can_retry


def test_unsupported_version_stops() -> None:
    s = ClientSession("hz", password="pw")
    s.hello()
    assert not s.disconnected(CLOSE_UNSUPPORTED_VERSION)


def test_a_throttled_hello_keeps_the_password_and_says_when_to_retry() -> None:
    s = ClientSession("hz", password="pw")
    s.hello()
    got = s.receive(Error(code=ErrorCode.RATE_LIMITED, message="try again in 4 s",
                          retry_after=4))
    assert got.refused is not None and s.retry_after == 4
    assert s.disconnected(CLOSE_UNAUTHORIZED)  # the credentials were never checked
    assert s.can_retry and s.hello().password == "pw" and s.retry_after is None


def test_logout_frame_forgets_the_credentials() -> None:
    s = ClientSession("hz", password="pw")
    s.hello()
    s.receive(_welcome())
    assert s.logout() == Logout()
    assert s.token is None and not s.can_retry and not s.live
