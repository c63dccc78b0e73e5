"""The detail panel names the county an incident was reported from when it is not the
owner's (issue 7: Ruian reports an incident in Yongjia)."""

from __future__ import annotations

from datetime import UTC, datetime

from console.state.detail_html import render
from protocol.entities import Incident, Jurisdiction
from protocol.enums import Level
from protocol.messages import Snapshot
from protocol.replica import Replica

NOW = datetime(2026, 11, 28, 1, 30, tzinfo=UTC)


def incident(reported_from: str) -> Incident:
    return Incident(id="i1", number="ZJ-20261128-0001", type_code="11A01", title="山洪",
                    lon=120.70, lat=28.40, jurisdiction="330324", reported_by="ra",
                    reported_at=NOW, reported_by_jurisdiction=reported_from)


def replica_with(inc: Incident) -> Replica:
    r = Replica()
    ruian = Jurisdiction(id="330381", name="瑞安市", name_en="Ruian", level=Level.COUNTY,
                         parent="330300")
    r.apply(Snapshot(seq=1, entities=[ruian, inc]))
    return r


def test_a_report_from_another_county_names_that_county() -> None:
    html = render(replica_with(incident("330381")), "incident", "i1")
    assert "ra (瑞安市)" in html or "ra (Ruian)" in html


def test_a_report_from_the_owner_names_only_the_user() -> None:
    html = render(replica_with(incident("330324")), "incident", "i1")
    assert "ra (" not in html
