"""bench/history_picture.py keeps working: the whole bench at a tiny size (the real figures are
100k and 1M events; see the bench's docstring)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


async def test_the_history_bench_runs_at_a_tiny_size(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("history_picture",
                                                      BENCH / "history_picture.py")
        assert spec is not None and spec.loader is not None
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        out = await bench.one_size(3000, 200, 1, [0.5, 1.0], tmp_path)
    finally:
        sys.path.remove(str(BENCH))
    assert out["checkpoints"]["written"] == 3  # every max(1000, picture) events
    for row in out["moments"]:
        for who, share in (("county", 40), ("province", 200)):
            assert row[f"checkpoints_{who}"]["entities"] == share
            assert row[f"log_{who}"]["entities"] == share
        assert row["checkpoints_county"]["replayed_events"] < row["log_county"]["replayed_events"]
