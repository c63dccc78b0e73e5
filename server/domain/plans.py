"""Emergency plans (预案): task templates per response level; activation creates tasks.

Activating at a level creates one task per template task of that level *and of every less
severe level*: the measures of a higher response build on those of the lower ones (a level Ⅱ
response also does what level Ⅲ and Ⅳ prescribe). Texts that already have an open task from
an earlier activation of the plan are not duplicated, so raising a response adds only the new
measures.
"""

from __future__ import annotations

from typing import Any

import msgspec

from protocol import rules
from protocol.commands import PlanActivate, PlanCreate, PlanTaskDone
from protocol.entities import Plan, PlanTask
from protocol.enums import LEVEL_RANK, PlanTaskStatus, ResponseLevel

from .api import Tx, result_of
from .authz import require, require_within
from .checks import bad_request, new_id, require_adcode, require_text


def create(tx: Tx, args: PlanCreate) -> dict[str, Any]:
    jurisdiction = require_adcode(args.jurisdiction)
    require_within(tx.actor, jurisdiction, "jurisdiction")
    tasks: dict[str, list[str]] = {}
    for level, texts in args.tasks.items():
        if level not in LEVEL_RANK:
            raise bad_request(f"unknown response level {level!r} (use I, II, III, IV)")
        tasks[level] = [require_text(t, "task") for t in texts]
    plan = Plan(id=new_id(), name=require_text(args.name, "name"), hazard=args.hazard,
                jurisdiction=jurisdiction, tasks=tasks)
    return result_of(tx.put("plan.create", plan))


def activate(tx: Tx, args: PlanActivate) -> dict[str, Any]:
    plan = tx.get(Plan, args.id)
    require(rules.plan_activate(tx.actor, plan))
    tx.check_version(plan)
    rank = LEVEL_RANK[args.level.value]
    levels = sorted(
        (lvl for lvl in plan.tasks if LEVEL_RANK[lvl] >= rank), key=lambda lvl: LEVEL_RANK[lvl]
    )
    open_tasks = {(t.level.value, t.text) for t in tx.all(PlanTask)
                  if t.plan_id == plan.id and t.status == PlanTaskStatus.OPEN}
    activation = 1 + max((t.activation for t in tx.all(PlanTask) if t.plan_id == plan.id),
                         default=0)
    created = []
    for level in levels:
        for text in plan.tasks[level]:
            if (level, text) in open_tasks:
                continue
            open_tasks.add((level, text))
            task = PlanTask(id=new_id(), plan_id=plan.id, activation=activation,
                            level=ResponseLevel(level), text=text,
                            jurisdiction=plan.jurisdiction)
            created.append(tx.put("plan.activate", task).id)
    plan = tx.put("plan.activate", msgspec.structs.replace(
        plan, active_level=args.level, activated_at=tx.now))
    return {**result_of(plan), "tasks": created}


def task_done(tx: Tx, args: PlanTaskDone) -> dict[str, Any]:
    task = tx.get(PlanTask, args.id)
    require(rules.task_done(tx.actor, task))
    tx.check_version(task)
    done = msgspec.structs.replace(task, status=PlanTaskStatus.DONE, done_by=tx.actor.user,
                                   done_at=tx.now)
    return result_of(tx.put("plan_task.done", done))
