"""Timeline entries as data and words: the English text splits back into head and note."""

from __future__ import annotations

from protocol.timeline import english, entry_text, note_of


def test_text_is_head_then_note_and_splits_back() -> None:
    params = {"f.title": "'旧' → '新'", "f.description": "", "f.deaths": "0 → 3"}
    text = entry_text("updated", params, "现场确认")
    assert text == "updated title '旧' → '新', description, deaths 0 → 3: 现场确认"
    assert note_of("updated", params, text) == "现场确认"
    assert note_of("updated", params, english("updated", params)) == ""
    assert entry_text("graded", {"grade": "III"}) == "graded III"
    assert entry_text("note", {}, "巡查: 无异常") == "巡查: 无异常"
    assert note_of("note", {}, "巡查: 无异常") == "巡查: 无异常"
    title = "标题: 带冒号"  # a colon inside a value does not confuse the split
    assert note_of("reported", {"title": title}, entry_text("reported", {"title": title})) == ""
