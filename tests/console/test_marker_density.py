"""Markers shrink on a crowded map, by steps, and grow back when few are in view."""

from __future__ import annotations

from console.state.marker_density import MAX_COVER, STEPS, marker_scale

AREA = 1600 * 900


def test_few_markers_full_size() -> None:
    assert marker_scale([(500, 15.0), (300, 9.0)], AREA) == 1.0


def test_a_province_picture_shrinks_to_the_smallest_step() -> None:
    assert marker_scale([(20000, 15.0), (5000, 9.0)], AREA) == STEPS[-1]


def test_in_between_takes_the_largest_step_that_fits() -> None:
    scale = marker_scale([(3000, 15.0), (1000, 9.0)], AREA)
    assert STEPS[0] > scale > STEPS[-1]
    assert 3000 * (15 * scale) ** 2 + 1000 * (9 * scale) ** 2 <= MAX_COVER * AREA
    bigger = STEPS[STEPS.index(scale) - 1]
    assert 3000 * (15 * bigger) ** 2 + 1000 * (9 * bigger) ** 2 > MAX_COVER * AREA


def test_no_area_no_shrinking() -> None:
    assert marker_scale([(20000, 15.0)], 0) == 1.0
