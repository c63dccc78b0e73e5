"""JSON vs MessagePack frames: bytes per event, per positions frame and per snapshot entity,
and the CPU each end spends on them.

Usage: python bench/wire_encoding.py [--reps 7] [--events 200] [--positions 100]

A real server (in this process, a fresh SQLite database, ``--seed demo``) is driven over
websockets: a JSON and two MessagePack consoles (the demo ``prov`` user, who sees everything;
the second MessagePack one shows the server converting each frame once for both) log in side
by side, and a driver creates then updates ``--events`` incidents; every frame each console
receives is kept as it arrived. From those frames, and a positions frame of ``--positions``
demo teams built as the server builds it:

* bytes: per snapshot entity (the snapshot parts' bytes / entities), per event (``events``
  frames' bytes / events, as batched live; and one event alone), per positions frame, and the
  whole session (every frame a console received for the same load, both in the same run);
* CPU, per frame, as ``time.process_time`` over a loop of each frame kind: the server's
  conversion (``json_to_msgpack``: JSON -> typed message -> MessagePack, what a MessagePack
  session costs once per distinct frame; also the untyped route JSON -> plain values ->
  MessagePack, which keeps datetimes as text, for comparison) and the client's decode
  (``decode_server`` of the JSON text vs of the MessagePack bytes, into the typed messages).
  Variants run interleaved (JSON, MessagePack, JSON, ...) ``--reps`` times; medians with min/max.
  The server's CPU is measured on the conversion itself (the one thing MessagePack adds to it),
  in this process, not as the whole server's CPU.

Prints JSON (with os.getloadavg()). Traffic stays on 127.0.0.1 and is bounded by --events.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from protocol import codec, frames  # noqa: E402
from protocol.codec import json_to_msgpack  # noqa: E402
from protocol.encodings import Encoding  # noqa: E402
from protocol.entities import Position, Team  # noqa: E402
from protocol.messages import (  # noqa: E402
    PROTOCOL_VERSION,
    Ack,
    Command,
    Events,
    Hello,
    Snapshot,
    Welcome,
)
from resources.demo import password  # noqa: E402

MP = Encoding.MSGPACK


class Console:
    """A raw console: hello in ``encoding``, keeps every frame as it arrived."""

    def __init__(self, ws: Any, encoding: Encoding) -> None:
        self.ws = ws
        self.encoding = encoding
        self.sending = Encoding.JSON
        self.raw: list[str | bytes] = []
        self.msgs: list[Any] = []

    @classmethod
    async def login(cls, url: str, user: str, encoding: Encoding) -> Console:
        ws = await connect(url, compression=None, max_size=None, max_queue=None)
        c = cls(ws, encoding)
        await ws.send(codec.encode_str(Hello(protocol=PROTOCOL_VERSION, user=user,
                                             password=password(), encoding=encoding.value)))
        await c.until(lambda m: isinstance(m, Snapshot) and m.final)
        return c

    async def until(self, done: Callable[[Any], bool], within: float = 60.0) -> Any:
        async with asyncio.timeout(within):
            while True:
                raw = await self.ws.recv()
                msg = codec.decode_server(raw, binary=self.encoding)
                if isinstance(msg, Welcome):
                    self.sending = msg.encoding
                self.raw.append(raw)
                self.msgs.append(msg)
                if done(msg):
                    return msg

    async def command(self, op: str, args: dict[str, Any], cid: str) -> Ack:
        await self.ws.send(codec.encode_as(Command(id=cid, op=op, args=args), self.sending))
        out = await self.until(lambda m: getattr(m, "id", None) == cid)
        assert isinstance(out, Ack), out
        return out

    def bytes_received(self) -> int:
        return sum(len(r.encode() if isinstance(r, str) else r) for r in self.raw)

    def frames_of(self, kind: type) -> list[tuple[bytes, Any]]:
        return [(r.encode() if isinstance(r, str) else r, m)
                for r, m in zip(self.raw, self.msgs, strict=True) if isinstance(m, kind)]


async def drive(url: str, n_events: int) -> tuple[Console, Console, list[Team]]:
    """Both consoles through the same load; returns them and the demo teams."""
    as_json = await Console.login(url, "prov", Encoding.JSON)
    packed = await Console.login(url, "prov", MP)
    also_packed = await Console.login(url, "prov", MP)  # shares the conversions of `packed`
    teams = [e for m in as_json.msgs if isinstance(m, Snapshot) for e in m.entities
             if isinstance(e, Team)]
    driver = await Console.login(url, "prov", Encoding.JSON)
    ids = []
    for i in range(n_events // 2):
        ack = await driver.command("incident.create", {
            "type_code": "11A01", "title": f"台风 内涝 {i}", "lon": 120.69 + i * 1e-4,
            "lat": 28.15 + i * 1e-4, "exercise": True,
            "description": "积水深约0.5米，两车被困"}, f"bench-c-{i}")
        ids.append(ack.result["id"])
    last_seq = 0
    for i, incident_id in enumerate(ids):
        ack = await driver.command("incident.update", {"id": incident_id, "missing": i % 5 + 1,
                                                       "note": "转移群众"}, f"bench-u-{i}")
        last_seq = ack.seq or last_seq
    for c in (as_json, packed, also_packed):
        await c.until(lambda m: isinstance(m, Events) and bool(m.events)
                      and m.events[-1].seq >= last_seq)
    await driver.ws.close()
    assert [m for m in packed.msgs if not isinstance(m, Welcome)] == \
        [m for m in also_packed.msgs if not isinstance(m, Welcome)]
    await also_packed.ws.close()
    return as_json, packed, teams


def cpu_per_call(fn: Callable[[], object], min_s: float = 0.05) -> float:
    """Process CPU seconds per call of ``fn``, over enough calls to take ``min_s``."""
    n = 1
    while True:
        start = time.process_time()
        for _ in range(n):
            fn()
        spent = time.process_time() - start
        if spent >= min_s:
            return spent / n
        n *= 4 if spent < min_s / 8 else 2


def spread(values: list[float], scale: float = 1e6, digits: int = 2) -> dict[str, float]:
    return {"median": round(statistics.median(values) * scale, digits),
            "min": round(min(values) * scale, digits), "max": round(max(values) * scale, digits)}


def measure_cpu(kinds: dict[str, bytes], reps: int) -> dict[str, Any]:
    """Per frame kind: µs of CPU per frame, interleaved over ``reps`` rounds."""
    def untyped(frame: bytes) -> bytes:
        return msgspec.msgpack.encode(msgspec.json.decode(frame))

    samples: dict[str, dict[str, list[float]]] = {k: {} for k in kinds}
    for _ in range(reps):
        for kind, frame in kinds.items():
            packed = json_to_msgpack(frame)
            text = frame.decode()
            variants: dict[str, Callable[[], object]] = {
                "client_decode_json": lambda t=text: codec.decode_server(t),  # type: ignore[misc]
                "client_decode_msgpack":
                    lambda p=packed: codec.decode_server(p, binary=MP),  # type: ignore[misc]
                "server_convert": lambda f=frame: json_to_msgpack(f),  # type: ignore[misc]
                "server_convert_untyped": lambda f=frame: untyped(f),  # type: ignore[misc]
            }
            for name, fn in variants.items():
                samples[kind].setdefault(name, []).append(cpu_per_call(fn))
    return {kind: {name: spread(v) for name, v in per.items()} for kind, per in samples.items()}


def sizes(json_frames: list[bytes], packed_frames: list[bytes], per: int) -> dict[str, Any]:
    """Bytes per item (``per`` items in the frames), JSON vs MessagePack as the server sends
    them; for reference the untyped route (datetimes as text) and per-frame deflate (the
    server runs without compression)."""
    def total(fs: list[bytes]) -> int:
        return sum(map(len, fs))

    untyped = [msgspec.msgpack.encode(msgspec.json.decode(f)) for f in json_frames]
    return {
        "json_bytes": round(total(json_frames) / per, 1),
        "msgpack_bytes": round(total(packed_frames) / per, 1),
        "ratio": round(total(packed_frames) / total(json_frames), 3),
        "msgpack_untyped_bytes": round(total(untyped) / per, 1),
        "json_deflate_bytes": round(total([zlib.compress(f, 6) for f in json_frames]) / per, 1),
        "msgpack_deflate_bytes": round(
            total([zlib.compress(f, 6) for f in packed_frames]) / per, 1),
    }


async def run(reps: int, n_events: int, n_positions: int) -> dict[str, Any]:
    from server_common import BENCH_SETTINGS

    from server.app import run_server

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        # The driver sends as fast as commands commit: bench limits (no rate limit).
        async with run_server(url, seed="demo", settings=BENCH_SETTINGS) as srv:
            as_json, packed, teams = await drive(srv.url, n_events)
            transcoder = srv.services.transcoder
            conversions, hits = transcoder.conversions, transcoder.hits
            await as_json.ws.close()
            await packed.ws.close()

    snap_j = as_json.frames_of(Snapshot)
    snap_p = packed.frames_of(Snapshot)
    n_entities = sum(len(m.entities) for _, m in snap_j)
    assert [m for _, m in snap_j] == [m for _, m in snap_p]
    ev_j = [(r, m) for r, m in as_json.frames_of(Events) if m.events and m.events[0].seq > 0]
    ev_p = [(r, m) for r, m in packed.frames_of(Events) if m.events and m.events[0].seq > 0]
    assert [m for _, m in ev_j] == [m for _, m in ev_p]
    n_ev = sum(len(m.events) for _, m in ev_j)
    one = next(m.events[0] for _, m in ev_j if m.events[0].op == "incident.update")
    one_json = frames.events([frames.event_of(one)])  # one event alone in its frame
    now = datetime.now(UTC).replace(microsecond=0)
    batch = [Position(team_id=t.id, lon=round(t.base_lon + 0.0123 * (i % 7), 6),
                      lat=round(t.base_lat - 0.0071 * (i % 5), 6),
                      ts=now - timedelta(seconds=i), speed_kmh=round(20 + i % 40 * 1.5, 1),
                      heading=float((i * 37) % 360))
                  for i, t in enumerate((teams * (n_positions // max(len(teams), 1) + 1))
                                        [:n_positions])]
    pos_json = frames.positions(batch)
    live = [e for _, m in ev_j for e in m.events]
    events_20 = frames.events([frames.event_of(e) for e in live[:20]])  # a frame under load
    first_snapshot = snap_j[0][0]
    result = {
        "bench": "wire_encoding",
        "loadavg": os.getloadavg(),
        "reps": reps,
        "picture": {"entities": n_entities, "snapshot_parts": len(snap_j),
                    "events": n_ev, "events_frames": len(ev_j), "positions": len(batch)},
        "bytes": {
            "per_snapshot_entity": sizes([r for r, _ in snap_j], [r for r, _ in snap_p],
                                         n_entities),
            "per_event_batched": sizes([r for r, _ in ev_j], [r for r, _ in ev_p], n_ev),
            "per_event_alone": sizes([one_json], [json_to_msgpack(one_json)], 1),
            "per_positions_frame": sizes([pos_json], [json_to_msgpack(pos_json)], 1),
            "per_position": sizes([pos_json], [json_to_msgpack(pos_json)], len(batch)),
            "session_total": {"json": as_json.bytes_received(),
                              "msgpack": packed.bytes_received(),
                              "ratio": round(packed.bytes_received() / as_json.bytes_received(),
                                             3),
                              "msgpack_frames_binary": all(isinstance(r, bytes)
                                                           for r in packed.raw)},
        },
        "server_transcoder": {"conversions": conversions, "shared_hits": hits,
                              "note": "2 MessagePack consoles: hits = frames converted once"},
        "cpu_us_per_frame": measure_cpu({
            "event_alone": one_json,
            "events_20": events_20,
            f"positions_{len(batch)}": pos_json,
            "snapshot_part": first_snapshot,
        }, reps),
        "frame_bytes": {"events_20": len(events_20), "snapshot_part": len(first_snapshot),
                        "snapshot_part_msgpack": len(json_to_msgpack(first_snapshot))},
    }
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--events", type=int, default=200)
    p.add_argument("--positions", type=int, default=100)
    a = p.parse_args()
    print(json.dumps(asyncio.run(run(a.reps, a.events, a.positions)), indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
