"""The duty desk (值班值守, DOMAIN.md "Duty"): the words of a duty-log entry and of an incident
information report (突发事件信息报送), and the entry's state machine.

接、报、传、跟: a call is received with the checklist and logged to the minute, reported to the
duty leader (带班领导), passed on, followed up; then it becomes an incident or is closed with a
reason. Every step is timed and attributed in the entry's numbered ``steps``.
"""

from __future__ import annotations

from collections.abc import Mapping

from .labels import LabeledEnum


class DutyState(LabeledEnum):
    OPEN = ("open", "Logged", "已登记")
    REPORTED_TO_LEADER = ("reported_to_leader", "Reported to duty leader", "已报带班领导")
    PASSED_ON = ("passed_on", "Passed on", "已传达")
    FOLLOWING_UP = ("following_up", "Following up", "跟踪中")
    BECAME_INCIDENT = ("became_incident", "Became an incident", "已转事件")
    CLOSED = ("closed", "Closed", "已办结")


class DutyStepKind(LabeledEnum):
    """What one step of a duty-log entry did."""

    LOGGED = ("logged", "Logged", "登记")
    REPORTED_TO_LEADER = ("reported_to_leader", "Reported to duty leader", "报带班领导")
    PASSED_ON = ("passed_on", "Passed on", "传达")
    FOLLOWED_UP = ("followed_up", "Followed up", "跟踪")
    BECAME_INCIDENT = ("became_incident", "Made an incident", "转为事件")
    CLOSED = ("closed", "Closed", "办结")


class InfoReportKind(LabeledEnum):
    INITIAL = ("initial", "Initial report", "初报")
    FOLLOW_UP = ("follow_up", "Follow-up report", "续报")
    FINAL = ("final", "Final report", "终报")


class InfoChannel(LabeledEnum):
    PHONE = ("phone", "By phone", "电话报告")
    WRITTEN = ("written", "Written", "书面报告")


_ALIVE = frozenset({"became_incident", "closed"})
DUTY_ENTRY: Mapping[str, frozenset[str]] = {
    "open": frozenset({"reported_to_leader"}) | _ALIVE,
    "reported_to_leader": frozenset({"passed_on", "following_up"}) | _ALIVE,
    "passed_on": frozenset({"passed_on", "following_up"}) | _ALIVE,
    "following_up": frozenset({"passed_on", "following_up"}) | _ALIVE,
    "became_incident": frozenset(),
    "closed": frozenset(),
}
"""The entry's moves: reported to the leader first; then passed on and followed up as often as
needed; made an incident or closed (with a reason) from any open state."""

DUTY_TERMINAL = frozenset({"became_incident", "closed"})

STEP_OF_STATE: Mapping[str, DutyStepKind] = {
    "reported_to_leader": DutyStepKind.REPORTED_TO_LEADER,
    "passed_on": DutyStepKind.PASSED_ON,
    "following_up": DutyStepKind.FOLLOWED_UP,
    "became_incident": DutyStepKind.BECAME_INCIDENT,
    "closed": DutyStepKind.CLOSED,
}
"""The step recorded by a move to a state."""
