"""console.state.platform_links: the link indicator's words and the stale-replica decision
(plain Python: LinkStatus in, words and marks out)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from console.state import platform_links as pl
from console.state import text
from protocol.entities import Assignment, Incident, Team
from protocol.enums import TeamType
from protocol.messages import LinkStatus, PeerLink
from protocol.replica import Replica

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)  # 15:30 CST
CUT_AT = datetime(2026, 12, 1, 6, 2, tzinfo=UTC)  # 14:02 CST
SYNCED = datetime(2026, 12, 1, 5, 58, tzinfo=UTC)  # 13:58 CST


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    text.set_language(request.param)
    yield request.param
    text.set_language("en")


def city(parent: str = "up", children: dict[str, str] | None = None) -> LinkStatus:
    """Hangzhou's platform: the province above, counties below."""
    kids = children if children is not None else {"330102": "up", "330105": "up"}
    peers = [PeerLink(peer="330000", role="parent", state=parent, since=CUT_AT,
                      last_sync=SYNCED if parent == "cut" else None, waiting_out=3, lag=12)]
    peers += [PeerLink(peer=c, role="child", state=s, since=CUT_AT) for c, s in kids.items()]
    return LinkStatus(platform="330100", peers=peers, children=sorted(kids))


def incident(jurisdiction: str) -> Incident:
    return Incident(id=f"inc-{jurisdiction}", number="ZJ-20261201-0001", type_code="11A01",
                    title="t", lon=120.1, lat=30.2, jurisdiction=jurisdiction)


def test_no_links_show_nothing() -> None:
    assert pl.indicator(None).text == ""
    assert pl.indicator(LinkStatus(platform="330000")) == pl.Indicator("", "", pl.NONE)


def test_parent_up_and_children(lang: str) -> None:
    shown = pl.indicator(city(children={"330102": "up", "330105": "cut", "330106": "up"}),
                         now=NOW)
    expected = {"en": "Link to 330000 up · children 2/3 up",
                "zh": "上级平台 330000 已连通 · 下级 2/3 连通"}
    assert shown.text == expected[lang]
    assert shown.level == pl.DEGRADED  # a child is cut: amber
    assert "330105" in shown.tooltip


def test_parent_cut_says_since_what_waits_and_how_far_behind(lang: str) -> None:
    shown = pl.indicator(city("cut"), now=NOW)
    expected = {"en": "Link to 330000 cut since 14:02 — 3 waiting to send, 12 behind",
                "zh": "上级平台 330000 已中断 自 14:02（3 条待发，滞后 12）"}
    assert shown.text.split(" · ")[0] == expected[lang]
    assert shown.level == pl.DOWN


def test_a_cut_on_another_day_names_the_day() -> None:
    text.set_language("en")
    later = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert "since 12-01 14:02" in pl.indicator(city("cut"), now=later).text


def test_all_up_is_ok_and_a_child_without_a_link_counts_as_not_up() -> None:
    text.set_language("en")
    assert pl.indicator(city()).level == pl.OK
    status = city()
    status.children.append("330108")
    shown = pl.indicator(status)
    assert shown.text.endswith("children 2/3 up") and shown.level == pl.DEGRADED


def test_forwarding_words(lang: str) -> None:
    assert pl.forwarding_text("330100") == {"en": "queued for 330100",
                                            "zh": "待转发至 330100"}[lang]


def test_nothing_is_stale_while_links_are_up_or_without_links() -> None:
    home = lambda _t: None  # noqa: E731
    assert pl.replica_of(None, incident("330000"), home) is None
    assert pl.replica_of(LinkStatus(platform="330100"), incident("330000"), home) is None
    assert pl.replica_of(city(), incident("330200"), home) is None


def test_parent_cut_marks_what_the_parent_owns_not_ours_nor_an_up_child() -> None:
    status = city("cut", {"330102": "up", "330105": "cut"})
    home = lambda _t: None  # noqa: E731
    assert pl.replica_of(status, incident("330200"), home) == pl.ReplicaOf("330000", SYNCED)
    assert pl.replica_of(status, incident("330000"), home) == pl.ReplicaOf("330000", SYNCED)
    assert pl.replica_of(status, incident("330100"), home) is None  # ours
    assert pl.replica_of(status, incident("330110"), home) is None  # ours: no platform there
    assert pl.replica_of(status, incident("330102"), home) is None  # a child, link up
    assert pl.replica_of(status, incident("330105"), home) == pl.ReplicaOf("330105", CUT_AT)


def test_a_cut_child_marks_its_own_entities_even_with_the_parent_up() -> None:
    status = city("up", {"330102": "cut"})
    got = pl.replica_of(status, incident("330102"), lambda _t: None)
    assert got == pl.ReplicaOf("330102", CUT_AT)  # never level: as of the cut
    assert pl.replica_of(status, incident("330200"), lambda _t: None) is None


def test_a_cut_childs_as_of_is_its_last_sync_else_the_cut() -> None:
    status = LinkStatus(platform="330100", children=["330102"], peers=[
        PeerLink(peer="330102", role="child", state="cut", since=CUT_AT)])
    assert pl.replica_of(status, incident("330102"), lambda _t: None) == \
        pl.ReplicaOf("330102", CUT_AT)


def test_assignments_belong_where_their_team_is() -> None:
    replica = Replica()
    team = Team(id="t1", jurisdiction="330200", name="Ningbo rescue", type=TeamType.FIRE_RESCUE,
                base_lon=121.5, base_lat=29.9)
    replica.put_local(team)
    a = Assignment(id="a1", team_id="t1", incident_id="inc-330100", ordered_by="u",
                   ordered_by_jurisdiction="330000", ordered_at=NOW)
    status = city("cut")
    assert pl.replica_of(status, a, pl.team_home_in(replica)) == pl.ReplicaOf("330000", SYNCED)


def test_stale_replicas_over_a_picture() -> None:
    replica = Replica()
    for j in ("330200", "330100", "330102"):
        replica.put_local(incident(j))
    got = pl.stale_replicas(city("cut"), replica, ["incident", "team"])
    assert set(got["incident"]) == {"inc-330200"} and got["team"] == {}
    assert pl.stale_replicas(city(), replica, ["incident"]) == {"incident": {}}


def test_replica_note(lang: str) -> None:
    found = pl.ReplicaOf("330000", SYNCED)
    name = {"330000": "浙江省"}.get
    note = pl.replica_note(found, lambda c: name(c) or c, now=NOW)
    assert note == {"en": "replica from 浙江省 (330000) as of 13:58",
                    "zh": "副本，来自 浙江省（330000），截至 13:58"}[lang]
    assert pl.replica_note(pl.ReplicaOf("330105", None)) in (
        "replica from 330105 never synchronised", "副本，来自 330105，从未同步")
