"""Client processes for bench/server_fanout.py: raw websocket consoles and drivers.

A worker is ``python bench/fanout_clients.py``; the bench drives it with one JSON object per line
on stdin and reads one JSON answer per line on stdout. Its connections are plain asyncio
protocols that speak just enough RFC 6455 to be cheap: the HTTP upgrade, unmasked server frames
(length, opcode; pings answered), and client frames with a zero mask key (a legal key; the
payload goes out as is). Nothing is decoded in full: a console counts its frames, bytes and
events (``"type":"event"`` occurrences, in an ``events`` frame or alone) and reads each event's
send stamp from the title the driver wrote (``wfb<time.time()>``); a driver reads only acks.

Consoles of the project (``kind`` "project") log in with a real ``hello``, wait for the
``welcome`` and the final ``snapshot``; consoles of a baseline send ``sub``. Drivers of the
project log in the same way and send ``incident.create`` commands; drivers of a baseline send
``pub`` and then event messages, each acked by the baseline.

Commands (stdin) and answers (stdout):
    {"op": "consoles", "url", "kind", "count"}            -> {"connected"}
    {"op": "drivers", "url", "kind", "count", "pad"}       -> {"connected"}
    {"op": "reset", "latency": bool}                       -> {}
    {"op": "wait", "markers": m, "timeout": s}             -> console counters (below)
    {"op": "run", "mode": "max", "seconds", "window"}      -> driver counters
    {"op": "run", "mode": "paced", "seconds", "rate"}      -> driver counters
    {"op": "close"}                                        -> {}   (all connections)
``wait`` returns when every console of this worker has seen ``m`` stamped events (or after
``timeout``): events, markers, frames, bytes, the time of the last event, the latencies (s) if
``reset`` asked for them, and this process's CPU and wall seconds since ``reset``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import sys
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

# The send stamp in the event's title: the incident's own title (the project's event repeats it
# in the timeline, after "{" or a space), or the baseline message's.
MARK = re.compile(rb',"title":"wfb(\d+\.\d+)"')
EVENT = b'"type":"event"'
_EVENTS_PREFIX = b'{"type":"event'  # an events frame or a single event


def frame(payload: bytes, opcode: int = 1) -> bytes:
    """A client frame: FIN, ``opcode``, masked with the key 0 (so the payload is unchanged)."""
    n = len(payload)
    if n < 126:
        head = bytes((0x80 | opcode, 0x80 | n))
    elif n < 65536:
        head = bytes((0x80 | opcode, 0x80 | 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x80 | opcode, 0x80 | 127)) + n.to_bytes(8, "big")
    return head + b"\0\0\0\0" + payload


class RawWS(asyncio.Protocol):
    """One websocket connection; ``on_message(opcode, payload, now)`` per complete frame."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.open = False
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.bytes = 0
        self.frames = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write((f"GET / HTTP/1.1\r\nHost: {self.host}\r\nUpgrade: websocket\r\n"
                         f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                         "Sec-WebSocket-Version: 13\r\n\r\n").encode())

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"closed before the upgrade: {exc}"))
        if not self.closed.done():
            self.closed.set_result(None)

    def send(self, payload: bytes, opcode: int = 1) -> None:
        assert self.transport is not None
        self.transport.write(frame(payload, opcode))

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.send(b"\x03\xe8", 8)  # close, 1000
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        now = time.time()
        self.bytes += len(data)
        buf = self.buf
        buf += data
        if not self.open:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[:end]).split(b"\r\n", 1)[0]
            if b" 101 " not in status:
                self.opened.set_exception(ConnectionError(f"upgrade refused: {status!r}"))
                assert self.transport is not None
                self.transport.close()
                return
            del buf[: end + 4]
            self.open = True
            self.opened.set_result(None)
        pos, n = 0, len(buf)
        while n - pos >= 2:
            length, head = buf[pos + 1] & 0x7F, 2
            if length == 126:
                if n - pos < 4:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 4], "big"), 4
            elif length == 127:
                if n - pos < 10:
                    break
                length, head = int.from_bytes(buf[pos + 2 : pos + 10], "big"), 10
            end = pos + head + length
            if end > n:
                break
            opcode = buf[pos] & 0x0F
            self.frames += 1
            payload = bytes(buf[pos + head : end])
            pos = end
            if opcode == 9:  # ping
                self.send(payload, 10)
            elif opcode == 8:
                assert self.transport is not None
                self.transport.close()
            else:
                self.on_message(opcode, payload, now)
        if pos:
            del buf[:pos]

    def on_message(self, opcode: int, payload: bytes, now: float) -> None:
        raise NotImplementedError


async def _open(url: str, proto: type[RawWS], *args: Any) -> Any:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    loop = asyncio.get_running_loop()
    _, ws = await loop.create_connection(lambda: proto(f"{host}:{port}", *args), host, port)
    await asyncio.wait_for(ws.opened, 30)
    return ws


class Login:
    """The first frames of a project session: welcome, then the snapshot up to ``final``."""

    def __init__(self) -> None:
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def feed(self, payload: bytes) -> None:
        if self.done.done():
            return
        if payload.startswith(b'{"type":"error"'):
            self.done.set_exception(RuntimeError(payload[:300].decode(errors="replace")))
        elif payload.startswith(b'{"type":"snapshot"') and b'"final":false' not in payload:
            self.done.set_result(None)


def hello(user: str) -> bytes:
    return json.dumps({"type": "hello", "protocol": 1, "user": user, "password": user,
                       "client": "bench"}).encode()


class Console(RawWS):
    def __init__(self, host: str, counters: Counters) -> None:
        super().__init__(host)
        self.c = counters
        self.login: Login | None = None
        self.markers = 0

    def on_message(self, opcode: int, payload: bytes, now: float) -> None:
        c = self.c
        c.frames += 1
        c.bytes += len(payload)
        if self.login is not None and not self.login.done.done():
            self.login.feed(payload)
            return
        if not payload.startswith(_EVENTS_PREFIX):
            return
        c.events += payload.count(EVENT)
        stamps = MARK.findall(payload)
        self.markers += len(stamps)
        c.markers += len(stamps)
        c.last = now
        if c.latencies is not None:
            c.latencies.extend([now - float(s) for s in stamps])
        if c.waiting is not None and self.markers >= c.target:
            c.check()


class Counters:
    """What this worker's consoles received since ``reset``."""

    def __init__(self) -> None:
        self.consoles: list[Console] = []
        self.reset(False)
        self.waiting: asyncio.Future[None] | None = None
        self.target = 0

    def reset(self, latency: bool) -> None:
        self.events = self.markers = self.frames = self.bytes = 0
        self.last = 0.0
        self.latencies: list[float] | None = [] if latency else None
        self.cpu0, self.wall0 = time.process_time(), time.time()
        for ws in getattr(self, "consoles", []):
            ws.markers = 0

    def check(self) -> None:
        if self.waiting is not None and not self.waiting.done() and all(
                ws.markers >= self.target for ws in self.consoles):
            self.waiting.set_result(None)


async def open_console(url: str, kind: str, counters: Counters) -> Console:
    ws: Console = await _open(url, Console, counters)
    await _join(ws, kind, "prov", b"sub")
    return ws


class Driver(RawWS):
    """A command connection. The project's drivers are sessions too: they get every event,
    as the baseline's drivers get every broadcast; both skip them unread."""

    def __init__(self, host: str, kind: str, pad: str) -> None:
        super().__init__(host)
        self.kind = kind
        self.pad = pad
        self.login: Login | None = None
        self.outstanding = 0
        self.on_ack: Any = None
        self.acked = self.errors = 0
        self.last_ack = 0.0
        self.first_error = ""

    def command(self) -> None:
        stamp = f"wfb{time.time():.6f}"
        cid = uuid.uuid4().hex
        if self.kind == "project":
            msg = ('{"type":"command","id":"' + cid + '","op":"incident.create","args":'
                   '{"type_code":"11A01","title":"' + stamp + '","lon":120.69,"lat":28.15}}')
        else:
            msg = ('{"type":"event","id":"' + cid + '","title":"' + stamp + '","pad":"'
                   + self.pad + '"}')
        self.outstanding += 1
        self.send(msg.encode())

    def on_message(self, opcode: int, payload: bytes, now: float) -> None:
        if self.login is not None and not self.login.done.done():
            self.login.feed(payload)
            return
        if payload.startswith(b'{"type":"ack"'):
            self.acked += 1
        elif payload.startswith(b'{"type":"error"'):
            self.errors += 1
            self.first_error = self.first_error or payload[:200].decode(errors="replace")
        else:
            return
        self.outstanding -= 1
        self.last_ack = now
        if self.on_ack is not None:
            self.on_ack(self)


async def open_driver(url: str, kind: str, pad: str) -> Driver:
    ws: Driver = await _open(url, Driver, kind, pad)
    await _join(ws, kind, "driver", b"pub")
    return ws


async def _join(ws: Console | Driver, kind: str, user: str, baseline_role: bytes) -> None:
    """The project's hello (waiting for the welcome and the whole snapshot), or the
    baseline's role line."""
    if kind == "project":
        ws.login = Login()
        ws.send(hello(user))
        await asyncio.wait_for(ws.login.done, 60)
    else:
        ws.send(baseline_role)


async def _drained(drivers: list[Driver], seconds: float) -> None:
    """Until every command sent has its answer (ack or error), or ``seconds``."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def on_ack(_: Driver) -> None:
        if not done.done() and all(d.outstanding == 0 for d in drivers):
            done.set_result(None)

    for d in drivers:
        d.on_ack = on_ack
    on_ack(drivers[0])
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done, seconds)
    for d in drivers:
        d.on_ack = None


async def run_max(drivers: list[Driver], seconds: float, window: int) -> float:
    """Each driver keeps ``window`` commands outstanding for ``seconds``."""
    end = time.time() + seconds

    def on_ack(d: Driver) -> None:
        if time.time() < end:
            while d.outstanding < window:
                d.command()

    t0 = time.time()
    for d in drivers:
        d.on_ack = on_ack
        for _ in range(window):
            d.command()
    await asyncio.sleep(seconds)
    for d in drivers:
        d.on_ack = None
    return t0


async def run_paced(drivers: list[Driver], seconds: float, rate: float) -> float:
    """``rate`` commands a second for ``seconds``, round robin over the drivers; each slot's
    commands go out when it is due (a late wake-up sends the ones it missed at once)."""
    t0 = time.time()
    total = max(1, int(rate * seconds))
    i = 0
    while i < total:
        now = time.time()
        due = min(total, int((now - t0) * rate) + 1)
        while i < due:
            drivers[i % len(drivers)].command()
            i += 1
        await asyncio.sleep(max(0.0, t0 + i / rate - time.time()))
    return t0


async def serve() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    counters = Counters()
    drivers: list[Driver] = []
    out = sys.stdout.buffer

    def answer(obj: dict[str, Any]) -> None:
        out.write(json.dumps(obj, separators=(",", ":")).encode() + b"\n")
        out.flush()

    while line := await reader.readline():
        req = json.loads(line)
        op = req["op"]
        try:
            if op == "consoles":
                for i in range(0, req["count"], 50):
                    counters.consoles += await asyncio.gather(*(
                        open_console(req["url"], req["kind"], counters)
                        for _ in range(min(50, req["count"] - i))))
                answer({"connected": len(counters.consoles)})
            elif op == "drivers":
                drivers += await asyncio.gather(*(open_driver(req["url"], req["kind"], req["pad"])
                                                  for _ in range(req["count"])))
                answer({"connected": len(drivers)})
            elif op == "reset":
                counters.reset(req.get("latency", False))
                for d in drivers:
                    d.acked = d.errors = 0
                    d.last_ack = 0.0
                answer({})
            elif op == "wait":
                counters.target = req["markers"]
                counters.waiting = loop.create_future()
                counters.check()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(counters.waiting, req["timeout"])
                counters.waiting = None
                c = counters
                answer({"events": c.events, "markers": c.markers, "frames": c.frames,
                        "bytes": c.bytes, "last": c.last, "consoles": len(c.consoles),
                        "cpu_s": time.process_time() - c.cpu0, "wall_s": time.time() - c.wall0,
                        "latencies": [round(x, 6) for x in c.latencies or []]})
            elif op == "run":
                cpu0, wall0 = time.process_time(), time.time()
                if req["mode"] == "max":
                    t0 = await run_max(drivers, req["seconds"], req["window"])
                else:
                    t0 = await run_paced(drivers, req["seconds"], req["rate"])
                t_sent = time.time()
                await _drained(drivers, req.get("timeout", 60))
                answer({"t0": t0, "t_sent": t_sent,
                        "acked": sum(d.acked for d in drivers),
                        "errors": sum(d.errors for d in drivers),
                        "outstanding": sum(d.outstanding for d in drivers),
                        "first_error": next((d.first_error for d in drivers if d.first_error),
                                            ""),
                        "last_ack": max(d.last_ack for d in drivers),
                        "cpu_s": time.process_time() - cpu0, "wall_s": time.time() - wall0})
            elif op == "close":
                for ws in [*counters.consoles, *drivers]:
                    ws.close()
                await asyncio.gather(*(ws.closed for ws in [*counters.consoles, *drivers]))
                counters.consoles.clear()
                drivers.clear()
                answer({})
            else:
                answer({"error": f"unknown op {op!r}"})
        except Exception as exc:  # reported to the bench, which stops
            answer({"error": f"{type(exc).__name__}: {exc}"})


if __name__ == "__main__":
    asyncio.run(serve())
