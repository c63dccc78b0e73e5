"""How big markers may be drawn so that a crowded map stays readable (pure, no Qt).

At a province's scale (20,000 open incidents, 5,000 teams) full-size markers at the province
view would cover the land several times over: one solid blob that hides the boundaries, the
place names and every marker under another. The map asks :func:`marker_scale` after each zoom
and each change of what is shown: the markers in view may cover at most ``MAX_COVER`` of the
map's pixels, else they shrink, by steps (few re-renders of the symbol atlas while zooming),
never below ``MIN_PX``. Zoomed in, fewer markers are in view and they grow back to full size.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_COVER = 0.35  # share of the map's pixels the markers in view may cover
STEPS = (1.0, 0.8, 0.6, 0.45, 0.35)  # the scales markers are drawn at
MIN_PX = 4.0  # never smaller than this (a dot that still shows its colour)


def marker_scale(layers: Sequence[tuple[int, float]], area_px: float) -> float:
    """The scale for every marker layer: ``layers`` are (markers in view, full size in px)."""
    if area_px <= 0:
        return 1.0
    for scale in STEPS:
        cover = sum(n * (max(size * scale, MIN_PX)) ** 2 for n, size in layers)
        if cover <= MAX_COVER * area_px:
            return scale
    return STEPS[-1]
