"""The scenario driver: runs a timeline's steps through an ``execute`` function.

``execute(actor, op, args)`` sends one command as the named demo user and returns the ack's
result, or raises :class:`Refused`. Over the wire it is a logged-in session per desk
(``simulator.runner``); in tests it can be the domain handlers directly. A refused step is
logged and counted, and the scenario goes on, as an exercise would.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .scenario import Cmd, Dispatch, Resolver, Step, Timeline, Unresolved

log = logging.getLogger(__name__)


class Refused(Exception):
    """The server answered a command with an error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


Execute = Callable[[str, str, dict[str, Any]], Awaitable[Any]]


@dataclass
class StepOutcome:
    step: Step
    ok: bool
    detail: str = ""


@dataclass
class ScenarioDriver:
    timeline: Timeline
    resolver: Resolver
    execute: Execute
    outcomes: list[StepOutcome] = field(default_factory=list)
    commands_sent: int = 0

    @property
    def refused(self) -> list[StepOutcome]:
        return [o for o in self.outcomes if not o.ok]

    async def run_due(self, now_h: float) -> int:
        """Run every step due at scenario hour ``now_h``; returns how many ran."""
        ran = 0
        for step in self.timeline.due(now_h):
            await self.run_step(step)
            ran += 1
        return ran

    async def run_step(self, step: Step) -> None:
        try:
            if isinstance(step.action, Cmd):
                await self._command(step.action)
            else:
                await self._dispatch(step.action)
        except (Refused, Unresolved) as exc:
            log.warning("T+%05.1fh %s refused: %s", step.at_h, _describe(step), exc)
            self.outcomes.append(StepOutcome(step, False, str(exc)))
            return
        if step.note:
            log.info("T+%05.1fh %s", step.at_h, step.note)
        self.outcomes.append(StepOutcome(step, True))

    async def _send(self, actor: str, op: str, args: dict[str, Any]) -> Any:
        self.commands_sent += 1
        return await self.execute(actor, op, args)

    async def _command(self, cmd: Cmd) -> None:
        result = await self._send(cmd.actor, cmd.op, self.resolver.resolve(cmd.args))
        if cmd.save is not None:
            self.resolver.saved[cmd.save] = _id_of(result)

    async def _dispatch(self, d: Dispatch) -> None:
        incident_id = self.resolver.resolve(d.incident)
        found = await self._send(d.actor, "team.recommend", {
            "incident_id": incident_id, "capability": d.capability, "limit": d.count})
        teams = found.get("teams", []) if isinstance(found, dict) else []
        if not teams:
            raise Refused("not_found", f"no available {d.capability} team for {d.actor}")
        for n, candidate in enumerate(teams[: d.count], start=1):
            result = await self._send(d.actor, "assignment.dispatch", {
                "team_id": candidate["team_id"], "incident_id": incident_id, "task": d.task})
            if d.save is not None:
                self.resolver.saved[d.save if n == 1 else f"{d.save}.{n}"] = _id_of(result)


def _id_of(result: Any) -> str:
    if isinstance(result, dict) and isinstance(result.get("id"), str):
        return result["id"]
    raise Refused("bad_result", f"the ack carries no id: {result!r}")


def _describe(step: Step) -> str:
    a = step.action
    if isinstance(a, Cmd):
        return f"{a.actor} {a.op}"
    return f"{a.actor} dispatch {a.capability}"
