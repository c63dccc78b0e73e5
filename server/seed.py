"""The demo seed (``watchfloor server --seed demo``): users and reference entities from
``resources/demo``, created through the ordinary command handlers as the system actor.

Idempotent: every command has a deterministic id (``seed:team:<key>`` ...), so a second run on
the same database gets the stored outcomes back (the same entity ids) and changes nothing;
users that exist are left alone. Teams are real (a drill uses real teams on exercise
incidents; a real emergency takes any team). Demo users get a low-cost Argon2id hash: their
password is published in ``resources/demo/README.md``, so a costly hash would protect nothing
and would only make the simulator's 160 logins take half a minute of CPU.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any

from protocol.messages import Ack, Error
from resources.demo import load, password

from .auth import hash_password
from .coordinator import Coordinator
from .domain.api import SYSTEM
from .storage import UserStore

log = logging.getLogger(__name__)

TEAM_FIELDS = ("name", "type", "jurisdiction", "base_lon", "base_lat", "base_name", "headcount",
               "capabilities", "equipment", "rating", "contact")
DEPOT_FIELDS = ("name", "level", "jurisdiction", "lon", "lat", "address", "operator")
SHELTER_FIELDS = ("name", "tier", "jurisdiction", "lon", "lat", "capacity", "address")
PLAN_FIELDS = ("name", "hazard", "jurisdiction", "tasks")


class SeedError(RuntimeError):
    """A seed command was refused: the demo data and the handlers disagree."""


@dataclass(frozen=True)
class SeedCommand:
    command_id: str
    op: str
    args: dict[str, Any]


@dataclass
class DemoIds:
    """Entity ids the seed created, by kind and data key."""

    teams: dict[str, str] = field(default_factory=dict)
    depots: dict[str, str] = field(default_factory=dict)
    shelters: dict[str, str] = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoUser:
    name: str
    role: str
    jurisdiction: str
    units: tuple[str, ...]
    display_name: str


def _pick(record: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {n: record[n] for n in names if n in record}


def demo_commands() -> Generator[SeedCommand, Mapping[str, Any], DemoIds]:
    """Yield the seed commands in order; send back each one's ack result. Returns the ids."""
    ids = DemoIds()
    for team in load("teams")["teams"]:
        args = _pick(team, TEAM_FIELDS)  # teams are real: a drill uses them on exercise incidents
        result = yield SeedCommand(f"seed:team:{team['key']}", "team.create", args)
        ids.teams[team["key"]] = str(result["id"])
    for depot in load("depots")["depots"]:
        result = yield SeedCommand(f"seed:depot:{depot['key']}", "depot.create",
                                   _pick(depot, DEPOT_FIELDS))
        depot_id = str(result["id"])
        ids.depots[depot["key"]] = depot_id
        for line in depot["stock"]:
            yield SeedCommand(
                f"seed:stock:{depot['key']}:{line['item_code']}", "stock.restock",
                {"depot_id": depot_id, "item_code": line["item_code"],
                 "quantity": line["quantity"], "threshold": line["threshold"],
                 "note": "initial demo stock"})
    for shelter in load("shelters")["shelters"]:
        result = yield SeedCommand(f"seed:shelter:{shelter['key']}", "shelter.create",
                                   _pick(shelter, SHELTER_FIELDS))
        ids.shelters[shelter["key"]] = str(result["id"])
    for plan in load("plans")["plans"]:
        result = yield SeedCommand(f"seed:plan:{plan['key']}", "plan.create",
                                   _pick(plan, PLAN_FIELDS))
        ids.plans[plan["key"]] = str(result["id"])
    return ids


def demo_users(ids: DemoIds) -> list[DemoUser]:
    """The demo users, their ``units`` turned from team keys into team ids."""
    return [
        DemoUser(name=u["name"], role=u["role"], jurisdiction=u["jurisdiction"],
                 units=tuple(ids.teams[k] for k in u["units"]),
                 display_name=u.get("display_name", ""))
        for u in load("users")["users"]
    ]


Execute = Callable[[SeedCommand], Awaitable[Mapping[str, Any]]]


async def run_commands(execute: Execute) -> DemoIds:
    """Drive :func:`demo_commands` with ``execute`` (which returns an ack's result)."""
    commands = demo_commands()
    result: Mapping[str, Any] | None = None
    try:
        while True:
            command = commands.send(result) if result is not None else next(commands)
            result = await execute(command)
    except StopIteration as done:
        ids: DemoIds = done.value
        return ids


async def seed_demo(coordinator: Coordinator) -> DemoIds:
    """Seed the demo data and users into the coordinator's database (idempotent)."""

    async def execute(command: SeedCommand) -> Mapping[str, Any]:
        outcome = await coordinator.execute(SYSTEM, command.op, command.args,
                                            command_id=command.command_id, remote="seed")
        if isinstance(outcome, Error):
            raise SeedError(f"{command.command_id} ({command.op}) refused: "
                            f"{outcome.code.value}: {outcome.message}")
        if not isinstance(outcome, Ack):  # queued for a linked platform: not the seed's
            raise SeedError(f"{command.command_id} ({command.op}) belongs to another platform")
        return outcome.result if isinstance(outcome.result, Mapping) else {}

    ids = await run_commands(execute)
    users = UserStore(coordinator.store)
    digest = hash_password(password(), cheap=True)
    created = 0
    for user in demo_users(ids):
        if await users.get(user.name) is not None:
            continue
        await users.add(user.name, role=user.role, jurisdiction=user.jurisdiction,
                        password_hash=digest, units=user.units, display_name=user.display_name)
        created += 1
    log.info("demo seed: %d teams, %d depots, %d shelters, %d plans; %d new users",
             len(ids.teams), len(ids.depots), len(ids.shelters), len(ids.plans), created)
    return ids
