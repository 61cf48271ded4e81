"""Contacts-per-day chart: right counts, night-time marked, Chinese labels without missing glyphs."""

from __future__ import annotations

import io
import warnings
from datetime import date

import pytest
from PIL import Image

from dunguard.case import chart
from dunguard.case.chart import COLORS, contacts, contacts_chart, per_day

ITEMS = [
    {"type": "message", "at": "2025-02-26T10:30:00+08:00", "direction": "in"},
    {"type": "message", "at": "2025-02-26T22:40:00+08:00", "direction": "in"},
    {"type": "message", "at": "2025-02-26T23:10:00+08:00", "direction": "out"},  # the borrower's reply
    {"type": "call", "at": "2025-02-26T07:55:00+08:00"},
    {"type": "note", "at": "2025-02-26T12:00:00+08:00", "text": "记下"},
    {"type": "attachment", "at": "2025-02-26T12:00:00+08:00"},
    {"type": "message", "at": "2025-02-28T02:00:00Z", "direction": "in"},  # 10:00 in Shanghai
    {"type": "message", "at": None, "direction": "in"},
]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _colours(png: bytes) -> set[tuple[int, int, int]]:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return {c for _, c in img.getcolors(maxcolors=1 << 20)}


def test_counts_per_day_with_night_split_and_empty_days():
    found, undated = contacts(ITEMS)
    assert undated == 1
    days = per_day(found)
    assert [d.day for d in days] == [date(2025, 2, 26), date(2025, 2, 27), date(2025, 2, 28)]
    first = days[0]
    assert (first.messages, first.messages_night, first.calls, first.calls_night) == (2, 1, 1, 1)
    assert days[1].total == 0  # a quiet day still gets its (empty) slot
    assert (days[2].messages, days[2].messages_night) == (1, 0)


def test_chart_is_a_png_and_marks_night_contacts():
    png = contacts_chart(ITEMS, lang="en")
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.size == (1100, 420)
    seen = _colours(png)
    assert _rgb(COLORS["msg_night"]) in seen and _rgb(COLORS["msg_day"]) in seen
    day_only = [i for i in ITEMS if i["at"] and "T1" in i["at"] and i["type"] == "message"]
    assert _rgb(COLORS["msg_night"]) not in _colours(contacts_chart(day_only, lang="en"))


def test_chinese_labels_have_every_glyph():
    if chart.cjk_family() is None:
        pytest.skip("no CJK font known to matplotlib (apt-get install fonts-noto-cjk)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        contacts_chart(ITEMS, lang="zh")
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_without_a_cjk_font_labels_fall_back_to_english(monkeypatch):
    monkeypatch.setattr(chart, "cjk_family", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = contacts_chart(ITEMS, lang="zh")
    assert png.startswith(b"\x89PNG")
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_the_glyph_check_would_catch_boxes():
    """The warning the two tests above rely on does fire when Chinese meets a Latin-only font."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": "DejaVu Sans"}), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = Figure()
        fig.add_subplot().set_title("每日催收联系次数")
        fig.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_no_contacts_still_gives_a_picture():
    png = contacts_chart([{"type": "note", "at": "2025-02-26T12:00:00+08:00"}], lang="en")
    assert Image.open(io.BytesIO(png)).size == (1100, 420)


def test_long_history_is_drawn_per_week():
    items = [{"type": "message", "at": f"2024-{m:02d}-{d:02d}T12:00:00+08:00"} for m in range(1, 13) for d in (1, 15)]
    days = per_day(contacts(items)[0])
    assert len(days) > chart.MAX_DAILY_BARS
    png = contacts_chart(items, lang="en")
    assert png.startswith(b"\x89PNG")
