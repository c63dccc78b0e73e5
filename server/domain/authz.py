"""Who may do what: role and jurisdiction checks shared by every command family.

DESIGN.md §2: a level acts on its own and its descendants' data; only upper levels command
lower levels' forces; a move across regions needs an actor whose jurisdiction contains both
ends (the common parent or above). Liaison and field principals act only on their own units;
the admin runs no operations at all.
"""

from __future__ import annotations

from protocol.adcodes import common_parent, is_within
from protocol.entities import Assignment, Team
from protocol.enums import Role
from protocol.errors import ErrorCode

from .api import Actor, CommandError

OPERATOR_ROLES = frozenset({Role.PROVINCE, Role.CITY, Role.COUNTY})
UNIT_ROLES = frozenset({Role.LIAISON, Role.FIELD})


def forbidden(message: str) -> CommandError:
    return CommandError(ErrorCode.FORBIDDEN, message)


def require_operator(actor: Actor) -> None:
    """Only the duty officers of province, city and county run operations."""
    if actor.role not in OPERATOR_ROLES:
        role = actor.role.value
        article = "an" if role[0] in "aeiou" else "a"
        raise forbidden(f"{article} {role} user may not do this: it is for the duty officers "
                        "of province, city and county")


def covers(actor: Actor, adcode: str) -> bool:
    """True when ``adcode`` lies within the actor's jurisdiction."""
    return is_within(adcode, actor.jurisdiction)


def require_within(actor: Actor, adcode: str, what: str) -> None:
    """An operator acting on data of ``adcode``: it must be its own or a descendant's."""
    require_operator(actor)
    if not covers(actor, adcode):
        raise forbidden(f"{what} belongs to {adcode}, outside {actor.jurisdiction}")


def represents(actor: Actor, team_id: str) -> bool:
    """A liaison or field principal speaking for one of its own units."""
    return actor.role in UNIT_ROLES and team_id in actor.units


def require_team_control(actor: Actor, team: Team) -> None:
    """Status updates and acknowledgements of a team: its own unit, or an operator over the
    owning jurisdiction."""
    if represents(actor, team.id):
        return
    if actor.role in UNIT_ROLES:
        raise forbidden(f"team {team.name} is not one of your units")
    require_within(actor, team.jurisdiction, f"team {team.name}")


def require_dispatch(actor: Actor, team: Team, incident_jurisdiction: str) -> None:
    """Sending a team to an incident: the actor's jurisdiction must contain both.

    A county dispatches only its own teams into its own county; a city its own and its
    counties' teams within the city; anything crossing a boundary is for the common parent.
    """
    require_operator(actor)
    if not covers(actor, team.jurisdiction):
        raise forbidden(f"team {team.name} belongs to {team.jurisdiction}: "
                        f"{actor.jurisdiction} may not command it")
    if not covers(actor, incident_jurisdiction):
        parent = common_parent(team.jurisdiction, incident_jurisdiction)
        raise forbidden(f"sending a team of {team.jurisdiction} to {incident_jurisdiction} "
                        f"is decided by {parent}")


def require_assignment_control(actor: Actor, team: Team, assignment: Assignment) -> None:
    """Release or recall: the level that ordered the assignment, the team's owner, or above."""
    require_operator(actor)
    if covers(actor, team.jurisdiction) or covers(actor, assignment.ordered_by_jurisdiction):
        return
    raise forbidden(f"assignment {assignment.id} was ordered by "
                    f"{assignment.ordered_by_jurisdiction}; {actor.jurisdiction} may not change it")
