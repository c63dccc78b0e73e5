"""Where tags go so they do not sit on names: a small greedy placement in screen pixels.

Pure (no Qt): rectangles are (left, top, width, height) in pixels, y down. The map calls
:func:`place` with the city names already drawn as fixed rectangles and each warning tag's
wanted centre and size; each tag takes the first candidate offset (on its spot, then below,
above, right, left, then further out) that meets neither a fixed rectangle nor a tag placed
before it, or its own spot when none is free (it never leaves its area for good).
"""

from __future__ import annotations

from collections.abc import Sequence

Rect = tuple[float, float, float, float]  # left, top, width, height (px, y down)

GAP = 3.0  # px between a tag and what it avoids


def intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def centred(x: float, y: float, w: float, h: float) -> Rect:
    return (x - w / 2, y - h / 2, w, h)


def _offsets(w: float, h: float) -> list[tuple[float, float]]:
    out = [(0.0, 0.0)]
    for ring in (1, 2, 3):
        dy = ring * (h + GAP)
        dx = ring * (w / 2 + GAP) + w / 2 * (ring - 1)
        out += [(0.0, dy), (0.0, -dy), (dx, 0.0), (-dx, 0.0),
                (dx, dy), (-dx, dy), (dx, -dy), (-dx, -dy)]
    return out


def _beside(obstacle: Rect, w: float, h: float) -> list[tuple[float, float]]:
    """Centres of a w x h tag just below, above, right of and left of an obstacle."""
    left, top, ow, oh = obstacle
    cx, cy = left + ow / 2, top + oh / 2
    return [(cx, top + oh + GAP + h / 2 + GAP), (cx, top - GAP - h / 2 - GAP),
            (left + ow + GAP + w / 2 + GAP, cy), (left - GAP - w / 2 - GAP, cy)]


def place(fixed: Sequence[Rect], tags: Sequence[tuple[float, float, float, float]]
          ) -> list[tuple[float, float]]:
    """Centres (px) for tags given as (x, y, w, h) wanted centre and size, in order.

    Candidates, nearest first: the wanted spot; beside whatever it meets; then rings around
    the wanted spot. The first one free of every fixed rectangle and placed tag wins."""
    taken = list(fixed)
    out = []
    for x, y, w, h in tags:
        def free(c: tuple[float, float], w: float = w, h: float = h) -> bool:
            rect = centred(c[0], c[1], w + 2 * GAP, h + 2 * GAP)
            return not any(intersects(rect, other) for other in taken)

        start = centred(x, y, w + 2 * GAP, h + 2 * GAP)
        candidates = [(x, y)]
        for other in taken:
            if intersects(start, other):
                candidates += _beside(other, w, h)
        candidates.sort(key=lambda c: (c[0] - x) ** 2 + (c[1] - y) ** 2)
        candidates += [(x + dx, y + dy) for dx, dy in _offsets(w, h)]
        chosen = next((c for c in candidates if free(c)), (x, y))
        taken.append(centred(*chosen, w, h))
        out.append(chosen)
    return out
