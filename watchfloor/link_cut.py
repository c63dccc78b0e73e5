"""A TCP proxy on 127.0.0.1 between a child platform and its parent that can cut the link
(``watchfloor demo --linked`` cuts Ruian's around landfall; the link tests use it as their
fault injector):
``cut()`` drops every connection and refuses new ones (each is closed at once) until
``heal()``; ``cut_one_way("up"|"down")`` keeps connections but stops forwarding one
direction (bytes are held back, as on a half-broken link, until heal or until the peers give
up on their pings); the byte counters measure what crossed."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any


class LinkProxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.cut_off = False
        self.blocked: set[str] = set()  # "up" (child -> parent), "down"
        self.bytes = {"up": 0, "down": 0}
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._open = asyncio.Event()
        self._open.set()
        self._flow = {"up": asyncio.Event(), "down": asyncio.Event()}
        for ev in self._flow.values():
            ev.set()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    async def __aenter__(self) -> LinkProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        assert self._server is not None
        self._server.close()
        self._drop()
        for t in list(self._pipes):
            t.cancel()
        for t in list(self._pipes):
            with contextlib.suppress(asyncio.CancelledError):
                await t
        await self._server.wait_closed()

    def cut(self) -> None:
        self.cut_off = True
        self._drop()

    def cut_one_way(self, direction: str) -> None:
        self.blocked.add(direction)
        self._flow[direction].clear()

    def heal(self) -> None:
        self.cut_off = False
        self.blocked.clear()
        for ev in self._flow.values():
            ev.set()

    def _drop(self) -> None:
        for w in list(self._writers):
            w.transport.abort()
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.cut_off:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self.connections += 1
        self._writers.update((writer, up_writer))
        a = asyncio.create_task(self._pipe(reader, up_writer, "up"))
        b = asyncio.create_task(self._pipe(up_reader, writer, "down"))
        self._pipes.update((a, b))
        for t in (a, b):
            t.add_done_callback(self._pipes.discard)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    direction: str) -> None:
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                await self._flow[direction].wait()
                if self.cut_off:
                    break
                self.bytes[direction] += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.transport.abort()
            self._writers.discard(writer)
