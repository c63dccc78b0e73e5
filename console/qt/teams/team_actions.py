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

    def show_candidates(self, inc: Incident, candidates: list[dict[str, Any]]) -> FormDialog:
        candidates = [c for c in candidates if self._may_send(inc, c.get("team_id"))]
        choices = [
            (f"{n + 1}. {c.get('name', c.get('team_id'))} — {c.get('reason', '')}",
             c.get("team_id"))
            for n, c in enumerate(candidates)
        ]
        note = tr("Nearest capable available teams for {number}, best first.").format(
            number=inc.number) if choices else tr("No available team you may send was found.")
        supports: list[tuple[str, Any]] = [(tr("none"), None)]
        supports += [
            (f"{s.capability} ×{s.count} ({text.place(self.w.live.replica, s.requester)})", s.id)
            for s in self.w.live.replica.all_typed(SupportRequest)
            if s.incident_id == inc.id and s.status == "accepted"
        ]
        return self.w.form(
            tr("Dispatch to {number}").format(number=inc.number),
            [Field("teams", tr("Teams"), MULTI, [choices[0][1]] if choices else [], choices),
             Field("task", tr("Task"), TEXT, inc.title),
             Field("support_request_id", tr("Fulfils support request"), CHOICE, supports[-1][1],
                   supports)],
            lambda v: self._dispatch(inc, v["teams"], v["task"], v["support_request_id"]),
            note=note,
        )

    def _may_send(self, inc: Incident, team_id: object) -> bool:
        """The rulebook's verdict on sending this team (one the picture does not hold yet is
        left to the server)."""
        team = self.w.live.replica.get_typed(Team, team_id) if isinstance(team_id, str) else None
        return team is None or guards.dispatch(self.w.me, inc, team) is None

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
            Field("capabilities", tr("Capabilities (comma-separated)")),
            Field("contact", tr("Contact")),
        ]

        def send(v: dict[str, Any]) -> None:
            caps = [c.strip() for c in v.pop("capabilities").replace("，", ",").split(",")]
            self.w.send_command("team.create",
                                TeamCreate(**v, capabilities=[c for c in caps if c]))

        self.w.form(tr("New team"), fields, send)

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

    def request_support(self) -> None:
        inc = self.w.selected_incident()
        if inc is None:
            return
        self.w.form(
            tr("Request support for {number}").format(number=inc.number),
            [Field("capability", tr("Capability or team type"), TEXT, "flood", required=True),
             Field("count", tr("Teams wanted"), INT, 1, minimum=1, maximum=50),
             Field("note", tr("Note"), LONG_TEXT)],
            lambda v: self.w.send_command("support.request",
                                           SupportRequestCreate(incident_id=inc.id, **v)),
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
