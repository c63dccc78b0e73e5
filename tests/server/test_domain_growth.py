"""Growing lists stay bounded whatever the number of accepted commands: a response raised and
lowered, a warning updated, a loss report revised, an incident noted, again and again."""

from __future__ import annotations

from datetime import timedelta

import msgspec

from protocol import limits
from protocol.entities import Incident, LossReport, Response, Warning
from tests.server.domain_helpers import PROVINCE, XIHU, XIHU_POS, World

ENTITY_MAX = 256 * 1024
NOTE = "注" * (limits.NOTE // 3)


def test_a_response_history_keeps_its_newest_changes() -> None:
    w = World()
    rid = w.run(PROVINCE, "response.start", headquarters="flood_drought", hazard="flood",
                level="IV", note=NOTE)["id"]
    for _ in range(150):
        w.run(PROVINCE, "response.raise", id=rid, level="III", note=NOTE)
        w.run(PROVINCE, "response.lower", id=rid, level="IV", note=NOTE)
    history = w.get(Response, rid).history
    assert history[-1].n == 301 and [h.n for h in history] == list(range(302 - len(history), 302))
    assert limits.text_bytes(history[0]) * len(history) <= limits.TIMELINE_TEXT
    assert len(msgspec.json.encode(w.get(Response, rid))) <= ENTITY_MAX


def test_a_warning_keeps_its_newest_references() -> None:
    w = World()
    wid = w.run(PROVINCE, "warning.publish", hazard="flood", colour="blue", area=["330106"],
                headline="暴雨", expires=w.now + timedelta(days=2))["id"]
    for i in range(limits.REFERENCES + 20):
        w.tick()
        w.run(PROVINCE, "warning.update", id=wid, headline=f"暴雨 {i}")
    assert len(w.get(Warning, wid).references) == limits.REFERENCES


def test_loss_revisions_keep_counting_past_what_the_report_keeps() -> None:
    w = World()
    lid = w.run(XIHU, "loss.submit", hazard="flood", note=NOTE)["id"]
    for _ in range(79):
        w.run(XIHU, "loss.submit", id=lid, note=NOTE)
    revisions = w.get(LossReport, lid).revisions
    assert revisions[-1].revision == 80 and len(revisions) <= limits.REVISIONS
    assert w.run(XIHU, "loss.submit", id=lid)["revision"] == 81


def test_an_incident_timeline_keeps_its_newest_entries() -> None:
    w = World()
    iid = w.run(XIHU, "incident.create", type_code="11A01", title="Fire", lon=XIHU_POS[0],
                lat=XIHU_POS[1])["id"]
    for _ in range(300):
        w.run(XIHU, "incident.note", id=iid, text=NOTE)
    incident = w.get(Incident, iid)
    assert incident.timeline[-1].n == 301
    assert sum(map(limits.text_bytes, incident.timeline)) <= limits.TIMELINE_TEXT
    assert len(msgspec.json.encode(incident)) <= ENTITY_MAX
