"""A socket-free harness for the domain handlers: a State, actors, and a run() that applies
a command's changes the way the coordinator does (all or nothing)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from protocol.commands import decode_args
from protocol.entities import Base, Team
from protocol.enums import Role
from protocol.errors import ErrorCode, ProtocolError
from server.domain import HANDLERS
from server.domain.api import Actor, CommandError, Tx
from server.state import State

NOW = datetime(2026, 11, 28, 1, 30, tzinfo=UTC)  # 09:30 in China Standard Time

PROVINCE = Actor("prov", Role.PROVINCE, "330000")
HANGZHOU = Actor("hz", Role.CITY, "330100")
WENZHOU = Actor("wz", Role.CITY, "330300")
XIHU = Actor("xihu", Role.COUNTY, "330106")  # Hangzhou, Xihu district
TONGLU = Actor("tonglu", Role.COUNTY, "330122")  # Hangzhou, Tonglu county
LUCHENG = Actor("lucheng", Role.COUNTY, "330302")  # Wenzhou, Lucheng district
ADMIN = Actor("root", Role.ADMIN, "330000")

# Positions (WGS-84) inside the counties above.
XIHU_POS = (120.10, 30.25)
TONGLU_POS = (119.68, 29.80)
LUCHENG_POS = (120.65, 28.01)


class World:
    def __init__(self) -> None:
        self.state = State()
        self.now = NOW
        self.last: Tx | None = None

    def tick(self, minutes: float = 1.0) -> None:
        self.now += timedelta(minutes=minutes)

    def run(self, actor: Actor, op: str, expected_version: int | None = None,
            **args: Any) -> Any:
        tx = Tx(self.state, actor, self.now, command_id=f"c{id(args)}",
                expected_version=expected_version)
        result = HANDLERS[op](tx, decode_args(op, args))
        for change in tx.changes:  # as the coordinator does after commit
            self.state.apply(change.entity)
            self.state.seq += 1
        self.last = tx
        return result

    def refused(self, actor: Actor, op: str, expected_version: int | None = None,
                **args: Any) -> CommandError | ProtocolError:
        """Run a command that must be refused (by the handler, or when its args decode);
        assert it changed nothing."""
        before = {(type(e).__name__, e.id): e.version for e in self.state.all_entities()}
        with pytest.raises((CommandError, ProtocolError)) as info:
            self.run(actor, op, expected_version=expected_version, **args)
        after = {(type(e).__name__, e.id): e.version for e in self.state.all_entities()}
        assert after == before
        return info.value

    def code(self, actor: Actor, op: str, expected_version: int | None = None,
             **args: Any) -> ErrorCode:
        return self.refused(actor, op, expected_version=expected_version, **args).code

    def get(self, cls: type[Any], id: str) -> Any:
        ent = self.state.get(cls, id)
        assert ent is not None, f"no {cls.__name__} {id}"
        return ent

    def changed(self) -> list[Base]:
        assert self.last is not None
        return [c.entity for c in self.last.changes]

    # -- quick builders --------------------------------------------------------------------
    def incident(self, actor: Actor, pos: tuple[float, float], type_code: str = "12G00",
                 **extra: Any) -> str:
        res = self.run(actor, "incident.create", type_code=type_code, title="Warehouse fire",
                       lon=pos[0], lat=pos[1], **extra)
        return str(res["id"])

    def team(self, actor: Actor, jurisdiction: str, pos: tuple[float, float],
             type: str = "fire_rescue", **extra: Any) -> str:
        res = self.run(actor, "team.create", name=f"{type} {jurisdiction}", type=type,
                       jurisdiction=jurisdiction, base_lon=pos[0], base_lat=pos[1], **extra)
        return str(res["id"])

    def unit(self, role: Role, team_id: str, user: str = "unit") -> Actor:
        team = self.get(Team, team_id)
        return Actor(user, role, team.jurisdiction, units=(team_id,))
