"""bench/server_fanout.py keeps working: the whole bench at a tiny size, three consoles in one
client process against the project's server and both baselines (the real figures are 10 to 500
consoles; see the bench's docstring)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


async def test_the_fanout_bench_runs_at_a_tiny_size() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("server_fanout", BENCH / "server_fanout.py")
        assert spec is not None and spec.loader is not None
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        out = await bench.run(bench.parse([
            "--consoles", "3", "--runs", "1", "--seconds", "0.3", "--half-seconds", "0.3",
            "--drivers", "2", "--window", "2", "--client-procs", "2"]))
    finally:
        sys.path.remove(str(BENCH))
    assert out["order"] == [["project@3", "bare@3", "durable@3"]]
    (row,) = out["results"]
    for side in ("project", "bare", "durable"):
        assert row[side]["complete"] and row[side]["errors"] == 0, row[side]
        for r in row["runs"][side]:
            top, half = r["max"], r["half"]
            assert top["commands"] > 0 and top["deliveries"] == 3 * top["commands"]
            assert half["n"] == half["deliveries"] == 3 * half["commands"]  # a latency each
            assert 0 < half["p50_ms"] <= half["p99_ms"] <= half["max_ms"]
            assert top["server_cpu_us_per_delivery"] > 0
        assert row[side]["max"]["deliveries_per_s"]["min"] > 0
    assert row["project"]["max"]["events_per_frame"]["median"] >= 1
    assert row["bare"]["max"]["events_per_frame"]["median"] == 1  # one frame per event
    assert set(row["ratios"]) == {"project/bare", "project/durable"}
    assert set(row["targets"]) == {"deliveries >= 0.8x durable", "half p99 <= 1.5x durable"}
