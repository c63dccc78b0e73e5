"""What a duty officer does with teams: recommend and dispatch, set status, acknowledge,
release and recall assignments, create teams, play back a team's track; and support requests
(reinforcement from elsewhere).

Registered on the action framework (:class:`console.qt.actions.workflows.Workflows`) by the
shell, which builds one of these per main window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication
from qasync import asyncSlot

from console.net.link import QueryError
from console.qt.actions.workflows import Workflows
from console.qt.widgets.forms import CHOICE, FLOAT, INT, LONG_TEXT, MULTI, TEXT, Field, FormDialog
from console.state import guards, text
from protocol.adcodes import is_within
from protocol.catalog import CAPABILITIES
from protocol.commands import (
    AssignmentAcknowledge,
    AssignmentDispatch,
    AssignmentRecall,
    AssignmentRelease,
    AssignmentStatusChange,
    SupportRequestAccept,
    SupportRequestCreate,
    SupportRequestReject,
    TeamCreate,
    TeamStatusChange,
)
from protocol.entities import Assignment, Incident, SupportRequest, Team
from protocol.enums import TeamStatus, TeamType

translate = QCoreApplication.translate
ShowTrack = Callable[[str, list[tuple[float, float]]], None]
"""(team id, WGS-84 (lon, lat) points oldest first) -> drawn; an empty list clears."""


def tr(s: str) -> str:
    """Translate (lupdate collects ``tr("...")`` calls into the empty context)."""
    return translate("", s)


class TeamActions:
    def __init__(self, w: Workflows) -> None:
        self.w = w
        self.show_track: ShowTrack | None = None  # set when a map can draw a track
        # set when a map can ring the recommended teams while the dispatch dialog is open
        self.show_candidates_on_map: Callable[[list[str]], None] | None = None
        me = lambda: w.me  # noqa: E731 - read at guard time
        sel = w.selected
        w.add("dispatch", tr("Recommend and &dispatch teams…"), "Ctrl+D",
              lambda: guards.dispatch(me(), sel()), self.recommend)
        w.add("team_status", tr("Set team s&tatus…"), "Ctrl+Shift+T",
              lambda: guards.team_control(me(), sel()), self.team_status)
        w.add("ack_assignment", tr("Ac&knowledge assignment"), "Ctrl+Shift+K",
              lambda: guards.assignment_ack(me(), sel(), self._assignment()),
              self.acknowledge_assignment)
        w.add("release_team", tr("Re&lease team from its task…"), "Ctrl+Shift+L",
              lambda: guards.assignment_move(me(), sel(), self._assignment(),
                                             "released"),
              lambda: self.end_assignment("release"))
        w.add("recall_team", tr("Re&call team…"), "Ctrl+Shift+R",
              lambda: guards.assignment_move(me(), sel(), self._assignment(),
                                             "recalled"),
              lambda: self.end_assignment("recall"))
        w.add("new_team", tr("New t&eam…"), None,
              lambda: guards.operator(me()), self.new_team)
        w.add("team_track", tr("Show track…"), "Ctrl+Alt+H",
              lambda: guards.team_track(me(), sel()), self.ask_track)
        w.add("request_support", tr("&Request support…"), "Ctrl+Shift+H",
              lambda: guards.request_support(me(), sel()), self.request_support)
        w.add("accept_support", tr("&Accept support request"), "Ctrl+Shift+A",
              lambda: guards.support_decide(me(), sel()), self.accept_support)
        w.add("reject_support", tr("Re&ject support request…"), "Ctrl+Shift+J",
              lambda: guards.support_decide(me(), sel()), self.reject_support)

    def _assignment(self) -> Assignment | None:
        team = self.w.selected()
        if not isinstance(team, Team) or not team.assignment_id:
            return None
        return self.w.live.replica.get_typed(Assignment, team.assignment_id)

    @asyncSlot()
    async def recommend(self) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        try:
            result = await self.w.link.query("team.recommend", {"incident_id": inc.id})
        except QueryError as exc:
            self.w.message.emit(tr("Recommendation failed: {why}").format(why=str(exc)))
            return
        self.show_candidates(inc, result.get("teams", []) if isinstance(result, dict) else [])

    def show_candidates(self, inc: Incident, candidates: list[dict[str, Any]]
                        ) -> FormDialog | None:
        """The teams the server recommends, those that fit the incident's type first (bold,
        ★), with type, headcount, distance, ETA and equipment; on the map while open. When none
        may be sent, it says why and offers a support request upward instead."""
        candidates = [c for c in candidates if self._may_send(inc, c)]
        if not candidates:
            return self._nothing_to_send(inc)
        replica = self.w.live.replica
        choices = [(f"{n + 1}. {candidate_line(replica, c)}", c.get("team_id"))
                   for n, c in enumerate(candidates)]
        fits = frozenset(c.get("team_id") for c in candidates if c.get("fits"))
        note = tr("Teams for {number} ({type}): ★ fits the incident type, then nearest "
                  "first.").format(number=inc.number, type=text.incident_type(inc.type_code))
        supports: list[tuple[str, Any]] = [(tr("none"), None)]
        supports += [
            (f"{text.capability(s.capability)} ×{s.count} "
             f"({text.place(replica, s.requester)})", s.id)
            for s in replica.all_typed(SupportRequest)
            if s.incident_id == inc.id and s.status == "accepted"
        ]
        dialog = self.w.form(
            tr("Dispatch to {number}").format(number=inc.number),
            [Field("teams", tr("Teams"), MULTI, [choices[0][1]], choices, emphasised=fits),
             Field("task", tr("Task"), TEXT, inc.title),
             Field("support_request_id", tr("Fulfils support request"), CHOICE, supports[-1][1],
                   supports)],
            lambda v: self._dispatch(inc, v["teams"], v["task"], v["support_request_id"]),
            note=note,
        )
        if self.show_candidates_on_map is not None:
            show = self.show_candidates_on_map
            show([str(c.get("team_id")) for c in candidates])
            dialog.finished.connect(lambda _r: show([]))
        return dialog

    def _nothing_to_send(self, inc: Incident) -> FormDialog | None:
        """No team of ours fits: say why, and offer to ask the level above."""
        mine = [t for t in self.w.live.replica.all_typed(Team)
                if self.w.me is not None and is_within(t.jurisdiction, self.w.me.jurisdiction)]
        busy = sum(1 for t in mine if t.assignment_id is not None)
        out = sum(1 for t in mine if t.status == "out_of_service")
        why = tr("No team you may send is free for {number}: of your {n} teams, {busy} are on "
                 "tasks and {out} out of service. Ask the level above for support?").format(
            number=inc.number, n=len(mine), busy=busy, out=out)
        return self.request_support(why)

    def _may_send(self, inc: Incident, candidate: dict[str, Any]) -> bool:
        """The rulebook's verdict on sending this team (one the picture does not hold yet is
        left to the server)."""
        team_id = candidate.get("team_id")
        team = self.w.live.replica.get_typed(Team, team_id) if isinstance(team_id, str) else None
        return team is None or guards.dispatch(
            self.w.me, inc, team, guards.on_exercise(self.w.live.replica, team)) is None

    def _dispatch(self, inc: Incident, team_ids: list[str], task: str,
                  support_request_id: str | None) -> None:
        for team_id in team_ids:
            self.w.send_command("assignment.dispatch", AssignmentDispatch(
                team_id=team_id, incident_id=inc.id, task=task,
                support_request_id=support_request_id))

    def team_status(self) -> None:
        team = self.w.selected()
        if not isinstance(team, Team):
            return
        choices = [(text.label(TeamStatus(s)), s) for s in guards.team_status_choices(team)]
        a = self._assignment()
        op, key = ("assignment.status", a.id) if a is not None and a.status != "ended" else (
            "team.status", team.id)
        self.w.form(
            tr("Status of {team}").format(team=team.name),
            [Field("status", tr("New status"), CHOICE, choices[0][1] if choices else None,
                   choices), Field("note", tr("Note"))],
            lambda v: self.w.send_command(
                op, AssignmentStatusChange(id=key, **v) if op == "assignment.status"
                else TeamStatusChange(id=key, **v)),
            note=tr("Now: {status}").format(status=text.label(team.status)),
        )

    def end_assignment(self, step: str) -> None:
        a = self._assignment()
        if a is None:
            return
        title = tr("Release team") if step == "release" else tr("Recall team")
        self.w.form(title, [Field("note", tr("Note"))],
                  lambda v: self.w.send_command(
                      f"assignment.{step}", AssignmentRelease(id=a.id, **v) if step == "release"
                      else AssignmentRecall(id=a.id, **v), a))

    def acknowledge_assignment(self) -> None:
        a = self._assignment()
        if a is not None:
            self.w.send_command("assignment.acknowledge", AssignmentAcknowledge(id=a.id))

    def new_team(self) -> None:
        lon, lat = self.w.home()
        me = self.w.me
        fields = [
            Field("name", tr("Name"), TEXT, required=True),
            Field("type", tr("Type"), CHOICE, "flood",
                  [(text.label(t), t.value) for t in TeamType]),
            Field("jurisdiction", tr("Jurisdiction"), CHOICE, me.jurisdiction if me else None,
                  self.w.my_places()),
            Field("base_name", tr("Base")),
            Field("base_lon", tr("Base longitude (WGS-84)"), FLOAT, lon, minimum=118,
                  maximum=123.5, decimals=5),
            Field("base_lat", tr("Base latitude (WGS-84)"), FLOAT, lat, minimum=27,
                  maximum=31.5, decimals=5),
            Field("headcount", tr("Headcount"), INT, 20),
            Field("capabilities", tr("Capabilities"), MULTI, [], _capability_choices()),
            Field("contact", tr("Contact")),
        ]

        self.w.form(tr("New team"), fields,
                    lambda v: self.w.send_command("team.create", TeamCreate(**v)))

    def ask_track(self) -> None:
        team = self.w.selected()
        if isinstance(team, Team):
            self.w.form(tr("Track of {team}").format(team=team.name),
                        [Field("hours", tr("Last hours"), INT, 6, minimum=1, maximum=24 * 14)],
                        lambda v: self.load_track(team.id, v["hours"]))

    @asyncSlot(str, int)
    async def load_track(self, team_id: str, hours: int) -> None:
        since = datetime.now(UTC) - timedelta(hours=hours)
        try:
            points = await self.w.link.query(
                "team.track", {"team_id": team_id, "since": since.isoformat()})
        except QueryError as exc:
            self.w.message.emit(tr("Track failed: {why}").format(why=str(exc)))
            return
        line = [(float(p["lon"]), float(p["lat"])) for p in points or []]
        self.w.message.emit(tr("Track: {n} points in the last {hours} h").format(
            n=len(line), hours=hours))
        if self.show_track is not None:
            self.show_track(team_id, line)

    def request_support(self, why: str = "") -> FormDialog | None:
        inc = self.w.selected_incident()
        if inc is None:
            return None
        return self.w.form(
            tr("Request support for {number}").format(number=inc.number),
            [Field("capability", tr("Capability or team type"), CHOICE, None,
                   _capability_choices() + [(text.label(t), t.value) for t in TeamType],
                   required=True),
             Field("count", tr("Teams wanted"), INT, 1, minimum=1, maximum=50),
             Field("note", tr("Note"), LONG_TEXT)],
            lambda v: self.w.send_command("support.request",
                                           SupportRequestCreate(incident_id=inc.id, **v)),
            note=why,
        )

    def accept_support(self) -> None:
        sr = self.w.selected()
        if isinstance(sr, SupportRequest):
            self.w.send_command("support.accept", SupportRequestAccept(id=sr.id), sr)

    def reject_support(self) -> None:
        sr = self.w.selected()
        if not isinstance(sr, SupportRequest):
            return
        self.w.form(tr("Reject support request"),
                  [Field("reason", tr("Reason"), LONG_TEXT, required=True)],
                  lambda v: self.w.send_command("support.reject",
                                                SupportRequestReject(id=sr.id, **v), sr))


def _capability_choices() -> list[tuple[str, Any]]:
    return [(text.capability(code), code) for code in CAPABILITIES]


def candidate_line(replica: Any, c: dict[str, Any]) -> str:
    """One recommended team as a duty officer reads it, in the interface language."""
    team = replica.get_typed(Team, c.get("team_id")) if isinstance(c.get("team_id"), str) \
        else None
    name = str(c.get("name") or c.get("team_id"))
    try:
        kind = text.label(TeamType(str(c.get("type"))))
    except ValueError:
        kind = str(c.get("type", ""))
    parts = [f"★ {name}" if c.get("fits") else name, kind,
             tr("{n} people").format(n=c.get("headcount", team.headcount if team else "?")),
             tr("{km:.0f} km, about {min:.0f} min").format(km=float(c.get("distance_km", 0)),
                                                          min=float(c.get("eta_min", 0)))]
    if c.get("from_position") is False:
        parts.append(tr("from base"))
    if c.get("fits"):
        parts.append(tr("fits: {caps}").format(caps=text.capabilities(list(c["fits"]))))
    if c.get("on_exercise"):
        parts.append(tr("taken from an exercise"))
    if team is not None and team.equipment:
        parts.append(tr("equipment: {items}").format(items=", ".join(team.equipment[:4])))
    return " · ".join(parts)
