"""Linked platforms as the console shows them: the status-bar words for the platform's links,
the words for a command held for another platform, and which entities are replicas whose
owner cannot reach us now (no Qt).

The server sends :class:`~protocol.messages.LinkStatus` after the welcome picture and
whenever a link changes; a server that is not linked sends no peers, or nothing at all, and
then nothing here shows. An entity is a *stale replica* when the platform that owns it
(:func:`protocol.link.owner_of`) is not this one and the link towards that owner is not up:
the parent's link for anything owned above or beside us, the child's own link for what a
child platform owns. Its data is as of the last time both ends were level (``last_sync``),
else the moment the link was cut.

Words come in both languages from here, chosen by :func:`console.state.text.language`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from protocol.entities import Base, Team
from protocol.link import Tree, owner_of
from protocol.messages import LinkStatus, PeerLink
from protocol.replica import Replica

from . import text

UP = "up"
CUT = "cut"
NEVER = "never"
PARENT = "parent"
CHILD = "child"

# Indicator levels: nothing to show, every link up, something short of up, the parent cut.
NONE = ""
OK = "ok"
DEGRADED = "degraded"
DOWN = "down"


def _zh() -> bool:
    return text.language() == "zh"


def _when(ts: datetime | None, now: datetime | None) -> str:
    """14:02 today (China Standard Time), 11-30 14:02 on another day."""
    if ts is None or ts.year <= 1970:
        return ""
    local = ts.astimezone(text.CST)
    other_day = now is not None and local.date() != now.astimezone(text.CST).date()
    return local.strftime("%m-%d %H:%M" if other_day else "%H:%M")


# -- the indicator -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Indicator:
    text: str  # "" when the platform has no links (nothing is shown)
    tooltip: str
    level: str  # NONE, OK, DEGRADED or DOWN


def parent_of(status: LinkStatus | None) -> PeerLink | None:
    if status is None:
        return None
    return next((p for p in status.peers if p.role == PARENT), None)


def children_of(status: LinkStatus) -> dict[str, PeerLink | None]:
    """Every child platform (those named in ``children`` and those with a link), by adcode."""
    found: dict[str, PeerLink | None] = dict.fromkeys(status.children)
    found.update((p.peer, p) for p in status.peers if p.role == CHILD)
    return dict(sorted(found.items()))


def parent_text(peer: PeerLink, now: datetime | None = None) -> str:
    """上级平台 330000 已连通 / Link to 330000 up; cut: since when, what waits, how far behind."""
    if peer.state == UP:
        return (f"上级平台 {peer.peer} 已连通" if _zh() else f"Link to {peer.peer} up")
    if peer.state == NEVER:
        return (f"上级平台 {peer.peer} 未曾连通" if _zh() else f"Link to {peer.peer} never up")
    since = _when(peer.since, now)
    if _zh():
        said = f"上级平台 {peer.peer} 已中断" + (f" 自 {since}" if since else "")
        parts = ([f"{peer.waiting_out} 条待发"] if peer.waiting_out else []) + (
            [f"滞后 {peer.lag}"] if peer.lag else [])
        return said + (f"（{'，'.join(parts)}）" if parts else "")
    said = f"Link to {peer.peer} cut" + (f" since {since}" if since else "")
    parts = ([f"{peer.waiting_out} waiting to send"] if peer.waiting_out else []) + (
        [f"{peer.lag} behind"] if peer.lag else [])
    return said + (f" — {', '.join(parts)}" if parts else "")


def children_text(children: dict[str, PeerLink | None]) -> str:
    """下级 2/3 连通 / children 2/3 up."""
    up = sum(1 for p in children.values() if p is not None and p.state == UP)
    return f"下级 {up}/{len(children)} 连通" if _zh() else f"children {up}/{len(children)} up"


def _state_word(state: str) -> str:
    zh = {UP: "已连通", CUT: "已中断", NEVER: "未曾连通"}
    en = {UP: "up", CUT: "cut", NEVER: "never up"}
    return (zh if _zh() else en).get(state, state)


def peer_line(peer: PeerLink, place: Callable[[str], str], now: datetime | None = None) -> str:
    """One link in full, for the tooltip."""
    role = ("上级" if peer.role == PARENT else "下级") if _zh() else peer.role
    name = place(peer.peer)
    who = f"{role} {peer.peer}" + (f" {name}" if name and name != peer.peer else "")
    since, synced = _when(peer.since, now), _when(peer.last_sync, now)
    if _zh():
        bits = [_state_word(peer.state) + (f" 自 {since}" if since else "")]
        if synced:
            bits.append(f"最近同步 {synced}")
        bits.append(f"待发 {peer.waiting_out}，待收 {peer.waiting_in}，滞后 {peer.lag}")
        return f"{who}：{'；'.join(bits)}"
    bits = [_state_word(peer.state) + (f" since {since}" if since else "")]
    if synced:
        bits.append(f"last level {synced}")
    bits.append(f"{peer.waiting_out} to send, {peer.waiting_in} to receive, {peer.lag} behind")
    return f"{who}: {'; '.join(bits)}"


def indicator(status: LinkStatus | None, place: Callable[[str], str] = str,
              now: datetime | None = None) -> Indicator:
    """What the status bar shows for the platform's links (``place``: an adcode's name)."""
    if status is None or not (status.peers or status.children):
        return Indicator("", "", NONE)
    parent = parent_of(status)
    children = children_of(status)
    parts = [parent_text(parent, now)] if parent is not None else []
    if children:
        parts.append(children_text(children))
    level = OK
    if any(p is None or p.state != UP for p in children.values()):
        level = DEGRADED
    if parent is not None and parent.state != UP:
        level = DOWN if parent.state == CUT else DEGRADED
    head = (f"本平台 {status.platform}" if _zh() else f"This platform: {status.platform}")
    lines = [head] + [peer_line(p, place, now) for p in ([parent] if parent else [])]
    for code, peer in children.items():
        lines.append(peer_line(peer, place, now) if peer is not None else
                     (f"下级 {code}：{_state_word(NEVER)}" if _zh() else
                      f"child {code}: {_state_word(NEVER)}"))
    return Indicator(" · ".join(parts), "\n".join(lines), level)


# -- commands held for another platform --------------------------------------------------------
def forwarding_text(owner: str) -> str:
    """A pending command the server holds for its owner: 待转发至 330100 / queued for 330100."""
    return f"待转发至 {owner}" if _zh() else f"queued for {owner}"


def forwarding_tooltip(owner: str, since: datetime, message: str = "") -> str:
    when = text.cst_full(since)
    said = (f"服务器已保存，转发至平台 {owner} 由其决定（{when} 起）" if _zh() else
            f"held by the server for platform {owner}, which decides (since {when})")
    return f"{said}\n{message}" if message else said


# -- stale replicas ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReplicaOf:
    """An entity another platform owns, whose link towards us is not up."""

    owner: str  # the owning platform's adcode
    as_of: datetime | None  # when both ends were last level (None: never)


def tree_of(status: LinkStatus) -> Tree:
    parent = parent_of(status)
    return Tree(platform=status.platform, parent=parent.peer if parent else None,
                children=tuple(children_of(status)))


def team_home_in(replica: Replica) -> Callable[[str], str | None]:
    """team id -> the team's jurisdiction, as ``owner_of`` asks for assignments."""
    def home(team_id: str) -> str | None:
        team = replica.get_typed(Team, team_id)
        return team.jurisdiction if team is not None else None
    return home


def replica_of(status: LinkStatus | None, entity: Base,
               team_home: Callable[[str], str | None]) -> ReplicaOf | None:
    """Whether ``entity`` is a stale replica (None: ours, fresh, or this platform has no
    links). The link towards its owner: the owner's own if it is a child platform, else the
    parent's (everything owned above or beside us comes down through it)."""
    if status is None or not status.peers:
        return None
    tree = tree_of(status)
    owner = owner_of(tree, entity, team_home)
    if owner is None or owner == status.platform:
        return None
    peer = children_of(status).get(owner) if owner in tree.children else parent_of(status)
    if peer is not None and peer.state == UP:
        return None
    if peer is None:
        return ReplicaOf(owner, None)
    return ReplicaOf(owner, peer.last_sync or (peer.since if peer.state == CUT else None))


def stale_replicas(status: LinkStatus | None, replica: Replica,
                   kinds: Iterable[str]) -> dict[str, dict[str, ReplicaOf]]:
    """kind -> id -> ReplicaOf for every stale replica of those kinds (empty while every link
    is up, without looking at the picture)."""
    out: dict[str, dict[str, ReplicaOf]] = {kind: {} for kind in kinds}
    if status is None or all(p.state == UP for p in status.peers):
        return out
    home = team_home_in(replica)
    for kind in out:
        for entity in replica.all(kind):
            found = replica_of(status, entity, home)
            if found is not None:
                out[kind][entity.id] = found
    return out


def replica_note(found: ReplicaOf, place: Callable[[str], str] = str,
                 now: datetime | None = None) -> str:
    """副本，来自 <owner>，截至 <since> / replica from <owner> as of <since>."""
    name = place(found.owner)
    owner = f"{name}（{found.owner}）" if _zh() and name != found.owner else (
        f"{name} ({found.owner})" if name != found.owner else found.owner)
    when = _when(found.as_of, now)
    if _zh():
        return f"副本，来自 {owner}，" + (f"截至 {when}" if when else "从未同步")
    return f"replica from {owner} " + (f"as of {when}" if when else "never synchronised")
