"""bench/link_converge.py keeps working: the whole bench at a tiny size (the real figures
are at 1,000 events each way; see its docstring)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "link_converge.py"


async def test_the_link_bench_runs_at_a_tiny_size() -> None:
    spec = importlib.util.spec_from_file_location("link_converge", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = await bench.main_async(argparse.Namespace(events=20, runs=1))
    assert out["events"]["median"] == 2 * 20 + 2
    assert out["converge_s"]["median"] > 0 and out["console_resume_s"]["median"] > 0
    assert out["bytes_up"]["median"] > 0 and out["bytes_down"]["median"] > 0
    assert 100 < out["bytes_per_event"]["median"] < 100_000
