"""Tag placement away from names (pure geometry, no Qt)."""

from __future__ import annotations

from console.state.label_placement import centred, intersects, place


def test_a_tag_on_a_name_moves_off_it_and_stays_near() -> None:
    city = centred(100, 100, 60, 20)
    (x, y), = place([city], [(100, 100, 90, 18)])
    assert not intersects(centred(x, y, 90, 18), city)
    assert abs(x - 100) + abs(y - 100) <= 40  # the first ring: just below or above


def test_a_free_tag_stays_where_it_is() -> None:
    assert place([centred(0, 0, 50, 20)], [(300, 300, 80, 18)]) == [(300, 300)]


def test_tags_avoid_each_other_and_every_name() -> None:
    names = [centred(100, 100, 60, 20), centred(100, 125, 60, 20), centred(100, 75, 60, 20)]
    tags = [(100, 100, 90, 18), (100, 100, 90, 18), (100, 100, 90, 18)]
    spots = place(names, tags)
    rects = [centred(x, y, 90, 18) for x, y in spots]
    for i, r in enumerate(rects):
        assert not any(intersects(r, n) for n in names)
        assert not any(intersects(r, o) for j, o in enumerate(rects) if j != i)


def test_intersects_is_strict_at_touching_edges() -> None:
    assert not intersects((0, 0, 10, 10), (10, 0, 10, 10))
    assert intersects((0, 0, 10, 10), (9, 9, 10, 10))
