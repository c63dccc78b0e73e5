"""Where the main window goes on a screen, as plain numbers (device-independent pixels).

A saved geometry may come from another screen or another scale factor: at 125 % a 1920-pixel
screen is 1536 logical pixels wide, and a window saved 2144 wide there would hang off it. The
Qt layer hands the saved rectangle and the screen's available one to :func:`clamp_to_screen`
and applies what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALLEST_SCREEN = (1366, 768)  # the smallest duty-desk screen the layout is kept usable on


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


def clamp_to_screen(window: Rect, available: Rect) -> Rect:
    """``window`` made no larger than ``available`` and moved to lie wholly inside it."""
    width = max(1, min(window.width, available.width))
    height = max(1, min(window.height, available.height))
    x = min(max(window.x, available.x), available.right - width)
    y = min(max(window.y, available.y), available.bottom - height)
    return Rect(x, y, width, height)


def first_size(available: Rect, wanted: tuple[int, int] = (1920, 1080)) -> Rect:
    """The normal (un-maximised) geometry of a first run: ``wanted``, fitted and centred."""
    width = min(wanted[0], available.width)
    height = min(wanted[1], available.height)
    return Rect(available.x + (available.width - width) // 2,
                available.y + (available.height - height) // 2, width, height)
