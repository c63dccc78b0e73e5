"""What the reliability tests share: the real server as a subprocess, command drivers that
keep several commands in flight and survive a lost connection, and the checks that nothing
acknowledged was lost or applied twice and that replicas converge.

A :class:`Driver` is one console's command stream. It plans commands lazily (so a stream
interrupted by a crash simply carries on afterwards), keeps up to ``window`` in flight, and
remembers every command until it is answered: after a reconnect it resends the unanswered
ones with the same id. ``on_answer`` hooks let a test pull the plug at an exact point.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed

from protocol.entities import Incident
from protocol.messages import Ack, Error, Resume, ServerMessage
from protocol.replica import Replica
from server.app import add_user
from server.storage import LoggedEvent, Store, UserStore
from tests.fixtures.client import WireClient

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
POS = {  # WGS-84 points inside these counties
    "330324": (120.69, 28.15),  # Yongjia (Wenzhou)
    "330381": (120.63, 27.78),  # Ruian (Wenzhou)
    "330106": (120.10, 30.25),  # Xihu (Hangzhou)
}


# -- the server process ------------------------------------------------------------------------
class ServerProcess:
    """``watchfloor server --db URL --port 0`` in a subprocess; ready once it says where it
    listens. Its log goes to a file (shown when it fails to start)."""

    def __init__(self, db_url: str, workdir: Path, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None, name: str = "server") -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.args = args  # more options (a linked platform's)
        self.env = env or {}
        self.name = name
        self.proc: asyncio.subprocess.Process | None = None
        self.url = ""
        self.starts = 0

    async def start(self, port: int = 0) -> str:
        """Start (again); ``port`` 0 picks a free one, a restart may ask for the old one."""
        self.starts += 1
        log = self.workdir / f"{self.name}-{self.starts}.log"
        with log.open("wb") as err:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "watchfloor", "server", "--db", self.db_url,
                "--port", str(port), "--log-level", "WARNING", *self.args,
                stdout=asyncio.subprocess.PIPE, stderr=err, cwd=ROOT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
            )
        assert self.proc.stdout is not None
        try:
            async with asyncio.timeout(START_TIMEOUT):
                while True:
                    line = (await self.proc.stdout.readline()).decode()
                    if not line:
                        raise AssertionError(f"server exited: {log.read_text()[-2000:]}")
                    if line.startswith("listening on "):
                        self.url = line.split()[-1]
                        return self.url
        except TimeoutError:
            self.proc.kill()
            raise AssertionError(f"server did not start: {log.read_text()[-2000:]}") from None

    def kill9(self) -> None:
        """SIGKILL, now: no shutdown code of the server runs."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    async def wait_dead(self) -> int:
        assert self.proc is not None
        return await asyncio.wait_for(self.proc.wait(), 10)

    async def stop(self) -> None:
        """SIGTERM and a clean exit."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = await asyncio.wait_for(self.proc.wait(), 15)
        except TimeoutError:
            raise AssertionError(f"no clean exit on SIGTERM: {self.log_tail()}") from None
        assert rc == 0, f"exit status {rc}: {self.log_tail()}"

    def log_tail(self) -> str:
        return (self.workdir / f"{self.name}-{self.starts}.log").read_text()[-2000:]

    async def ensure_stopped(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


async def add_users(db_url: str, users: list[tuple[str, str, str]]) -> None:
    """Users (name, role, adcode) whose password is '<name>-pass', hashed cheaply."""
    store = await Store.open(db_url)
    try:
        for name, role, code in users:
            await add_user(UserStore(store), name, f"{name}-pass", role=role,
                           jurisdiction=code, cheap_hash=True)
    finally:
        await store.close()


async def event_log(db_url: str) -> list[LoggedEvent]:
    store = await Store.open(db_url)
    try:
        return await store.events_after(0)
    finally:
        await store.close()


# -- command drivers ---------------------------------------------------------------------------
@dataclass
class Planned:
    cid: str
    op: str
    args: dict[str, Any]
    mark: str = ""  # how its effect is found: the incident title, or the note it adds
    then: Callable[[Ack], None] | None = None  # chained commands learn from the answer


@dataclass
class Driver:
    """One console's command stream against whatever server is up."""

    user: str
    plan: Callable[[Driver], Planned | None]  # the next command, or None for now
    window: int = 4
    client: WireClient | None = None
    in_flight: dict[str, Planned] = field(default_factory=dict)
    sent: dict[str, Planned] = field(default_factory=dict)
    answers: dict[str, Ack | Error] = field(default_factory=dict)
    resent: dict[str, int] = field(default_factory=dict)  # id sent again -> seq at reconnect
    links: list[WireClient] = field(default_factory=list)  # every connection it has had
    on_answer: Callable[[Driver, Ack | Error], None] | None = None
    done: bool = False
    restart: bool = False  # the next connect is a restarted console: no picture kept
    restarts: int = 0

    @property
    def password(self) -> str:
        return f"{self.user}-pass"

    @property
    def link(self) -> WireClient:
        """The current connection."""
        assert self.client is not None, "not connected yet"
        return self.client

    def reconnects(self) -> list[WireClient]:
        """Every connection after the first."""
        return [*self.links, self.link][1:]

    def committed_unacked(self) -> list[str]:
        """Resent commands that had been committed before the resend (their ack was lost)."""
        return [cid for cid, seq in self.resent.items()
                if isinstance(a := self.answers.get(cid), Ack) and a.seq is not None
                and a.seq <= seq]

    async def connect(self, url: str) -> WireClient:
        """Log in (the session token once there is one) and resume from the replica (the
        server answers with a replay, or a snapshot when it judges that cheaper); a restarted
        console logs in afresh and gets a snapshot, its unanswered commands kept (as in a
        persistent outbox)."""
        old = self.client
        if old is not None:
            self.links.append(old)
        if old is None or self.restart:
            self.restarts += self.restart
            self.restart = False
            self.client = await WireClient.login(url, self.user, self.password)
        else:
            self.client = await resume(url, old)
        return self.client

    async def run(self) -> None:
        """Resend what is unanswered, then keep the stream going until the plan is exhausted
        and everything is answered, or the connection drops (then just return)."""
        client = self.link
        with contextlib.suppress(ConnectionClosed):
            assert client.welcome is not None
            for unanswered in list(self.in_flight.values()):
                self.resent[unanswered.cid] = client.welcome.current_seq
                await client.send_command(unanswered.op, unanswered.args, id=unanswered.cid)
            while True:
                while len(self.in_flight) < self.window:
                    p = self.plan(self)
                    if p is None:
                        break
                    self.in_flight[p.cid] = self.sent[p.cid] = p
                    await client.send_command(p.op, p.args, id=p.cid)
                if not self.in_flight:
                    self.done = True
                    return
                self._answered(await client.recv())

    def _answered(self, msg: ServerMessage) -> None:
        if not isinstance(msg, (Ack, Error)) or msg.id not in self.in_flight:
            return
        p = self.in_flight.pop(msg.id)
        self.answers[p.cid] = msg
        if p.then is not None and isinstance(msg, Ack):
            p.then(msg)
        if self.on_answer is not None:
            self.on_answer(self, msg)

    async def ask_again(self, cids: list[str]) -> dict[str, Ack | Error]:
        """Resend answered commands (same id, same args): what does the server say now?"""
        client = self.link
        for cid in cids:
            p = self.sent[cid]
            await client.send_command(p.op, p.args, id=cid)
        return {cid: await client.outcome(cid) for cid in cids}


class IncidentStream:
    """Durable commands for several drivers: incident reports spread over three counties and,
    about a third, updates (each with its own note) of reports already acknowledged."""

    def __init__(self, seed: int, users: list[str], per_user: int) -> None:
        self.rng = random.Random(seed)
        self.left = dict.fromkeys(users, per_user)
        self.incidents: list[str] = []
        self.n = 0

    def plan(self, d: Driver) -> Planned | None:
        if not self.left[d.user]:
            return None
        self.left[d.user] -= 1
        self.n += 1
        cid = f"{d.user}-{self.n}-{uuid.uuid4().hex[:8]}"
        if self.incidents and self.rng.random() < 0.35:
            note = f"u-{cid}"
            args = {"id": self.rng.choice(self.incidents), "injured": self.n, "note": note}
            return Planned(cid, "incident.update", args, mark=note)
        lon, lat = POS[self.rng.choice(sorted(POS))]
        title = f"t-{cid}"
        args = {"type_code": "12G00", "title": title, "lon": lon, "lat": lat}
        return Planned(cid, "incident.create", args, mark=title,
                       then=lambda ack: self.incidents.append(ack.result["id"]))


async def keep_going(d: Driver, url: str) -> None:
    """Run until done, reconnecting to ``url`` (token + resume) whenever the link drops."""
    while True:
        await d.run()
        if d.done:
            return
        await d.connect(url)


# -- checks ------------------------------------------------------------------------------------
def picture(replica: Replica) -> dict[tuple[str, str], Any]:
    return {(kind, e.id): e for kind in replica.kinds() for e in replica.all(kind)}


def same_picture(a: dict[tuple[str, str], Any], b: dict[tuple[str, str], Any]) -> str:
    """'' when equal, else a short account of the first differences."""
    if a == b:
        return ""
    only_a = sorted(set(a) - set(b))[:5]
    only_b = sorted(set(b) - set(a))[:5]
    differ = [k for k in sorted(set(a) & set(b)) if a[k] != b[k]][:5]
    return f"only left {only_a}; only right {only_b}; different {differ}"


async def converge(client: WireClient, expected: dict[tuple[str, str], Any],
                   within: float = 10.0) -> None:
    """Read frames until the client's replica is exactly ``expected``."""
    try:
        await client.wait_replica(lambda r: picture(r) == expected, within)
    except TimeoutError:
        raise AssertionError(
            f"{client.welcome.principal.id if client.welcome else '?'} did not converge: "
            + same_picture(picture(client.replica), expected)
        ) from None


def check_log(events: list[LoggedEvent], drivers: list[Driver]) -> None:
    """Gap-free seq from 1; every acknowledged command's events form one run ending at its
    ack's seq (applied once, and acked with the seq it was logged at)."""
    seqs = [ev.seq for ev in events]
    assert seqs == list(range(1, len(seqs) + 1)), "event log seq has gaps or disorder"
    by_command: dict[str, list[int]] = {}
    for ev in events:
        if ev.command_id:
            by_command.setdefault(ev.command_id, []).append(ev.seq)
    for d in drivers:
        for cid, ans in d.answers.items():
            assert isinstance(ans, Ack), f"{d.user}: {d.sent[cid].op} refused: {ans}"
            logged = by_command.get(cid, [])
            if ans.seq is None:
                assert not logged, f"{cid}: acked without a seq but logged at {logged}"
                continue
            assert logged == list(range(logged[0], ans.seq + 1)), (
                f"{d.sent[cid].op} {cid}: logged at {logged}, acked with seq {ans.seq}")


def effects_once(incidents: list[Incident], drivers: list[Driver], only: set[str] | None = None
                 ) -> None:
    """Each acked create's title names exactly one incident; each acked update's note is in
    exactly one timeline entry. ``only``: restrict to these command ids."""
    titles: dict[str, int] = {}
    notes: dict[str, int] = {}
    for inc in incidents:
        titles[inc.title] = titles.get(inc.title, 0) + 1
        for entry in inc.timeline:
            if ": " in entry.text:
                note = entry.text.rsplit(": ", 1)[1]
                notes[note] = notes.get(note, 0) + 1
    for d in drivers:
        for cid, ans in d.answers.items():
            if only is not None and cid not in only or not isinstance(ans, Ack):
                continue
            p = d.sent[cid]
            if p.op == "incident.create":
                assert titles.get(p.mark) == 1, f"{p.mark!r}: {titles.get(p.mark, 0)} incidents"
            elif p.op == "incident.update":
                assert notes.get(p.mark) == 1, f"note {p.mark!r} found {notes.get(p.mark, 0)}x"


def incidents_of(replica: Replica) -> list[Incident]:
    return [e for e in replica.all("incident") if isinstance(e, Incident)]


async def resume(url: str, client: WireClient) -> WireClient:
    """A new connection for the same console: session token, and the replica's cursor."""
    r = client.replica
    assert client.welcome is not None and r.server_id is not None
    return await WireClient.login(url, token=client.welcome.session_token, replica=r,
                                  resume=Resume(server_id=r.server_id, last_seq=r.seq))


async def follow(client: WireClient) -> None:
    """Apply whatever the server sends until the link drops (or the task is cancelled)."""
    with contextlib.suppress(ConnectionClosed):
        while True:
            await client.recv(within=120)


def resumed(client: WireClient) -> bool:
    """The server answered this connection's hello with a replay (not a snapshot)."""
    return client.welcome is not None and client.welcome.resumed
