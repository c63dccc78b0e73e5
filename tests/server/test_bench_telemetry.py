"""bench/server_telemetry.py keeps working: the whole bench (its own processes: servers,
terminals, consoles) at a tiny size; the real figures are 2,000 teams and 100-500 consoles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "server_telemetry.py"


def test_the_telemetry_bench_runs_at_a_tiny_size() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH), "--consoles", "6", "--teams", "60", "--interval", "1",
         "--seconds", "2", "--warmup", "1.5", "--runs", "1", "--per-process", "3"],
        capture_output=True, text=True, timeout=240, check=True)
    result = json.loads(out.stdout)
    row = result["summary"]["6"]
    for side in ("project", "bare"):
        assert row[side]["frames_per_s"]["median"] > 0
        assert row[side]["p99_ms"]["median"] > 0
    assert {r["side"] for r in result["runs_detail"]} == {"project", "bare"}
    assert all(r["positions_sent_per_s"] > 0 for r in result["runs_detail"])
