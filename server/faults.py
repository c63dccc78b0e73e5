"""Fault points for the crash tests: ``WATCHFLOOR_FAULT=<point>:<marker file>`` makes the
process kill itself with SIGKILL the first time it reaches ``<point>`` (the marker file
records that it did, so the restarted process runs on). Unset, a point costs one dict
lookup. Points: ``uplink.sent`` (a child sent events up, before the parent's ack),
``link.applied`` (a parent applied a child's events, before it acknowledged them)."""

from __future__ import annotations

import os
import signal
from pathlib import Path


def fault_point(name: str) -> None:
    spec = os.environ.get("WATCHFLOOR_FAULT")
    if not spec:
        return
    point, _, marker = spec.partition(":")
    if point != name or not marker or Path(marker).exists():
        return
    Path(marker).write_text(name)
    os.kill(os.getpid(), signal.SIGKILL)
