"""Contacts per day as a picture: messages and calls stacked, night-time ones (22:00–08:00) marked.

People would rather look than read: a wall of bars at 23:00 says "harassment"
faster than a table. ``contacts_chart`` returns PNG bytes for the HTML report,
the PDF and the evidence package.

Items are the case timeline's dicts: ``{"kind": "message" | "call", "at": ISO
datetime, "direction": "in" | "out"}`` (``received_at`` is accepted for ``at``).
Outgoing messages are the borrower's own and are not contacts; notes and
attachments are not contacts either.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"

# Above this many days one bar per day becomes a smear; bars then count weeks.
MAX_DAILY_BARS = 180

# CJK families matplotlib can use, best first. Noto CJK and WenQuanYi are Debian packages
# (fonts-noto-cjk, fonts-wqy-microhei); the rest cover macOS and Windows.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "SimHei",
)

LABELS = {
    "zh": {
        "title": "每日催收联系次数",
        "title_week": "每周催收联系次数",
        "y": "次数",
        "msg_day": "短信（白天）",
        "msg_night": "短信（夜间 22:00–08:00）",
        "call_day": "电话（白天）",
        "call_night": "电话（夜间 22:00–08:00）",
        "empty": "没有可显示的联系记录",
        "undated": "另有 {n} 条没有时间，未画出",
        "night_total": "夜间联系共 {n} 次",
    },
    "en": {
        "title": "Collection contacts per day",
        "title_week": "Collection contacts per week",
        "y": "contacts",
        "msg_day": "messages (day)",
        "msg_night": "messages (night 22:00–08:00)",
        "call_day": "calls (day)",
        "call_night": "calls (night 22:00–08:00)",
        "empty": "No contacts to show",
        "undated": "{n} more without a time are not shown",
        "night_total": "{n} contacts at night",
    },
}

COLORS = {"msg_day": "#6f9fd8", "msg_night": "#1d3f73", "call_day": "#f2b26b", "call_night": "#a0521d"}


@dataclass(frozen=True, slots=True)
class Contact:
    """One contact from the collector: when, and by message or call."""

    at: datetime
    kind: str  # "message" or "call"

    @property
    def night(self) -> bool:
        from dunguard.rules.engine import is_night

        return is_night(self.at)


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    messages: int = 0
    messages_night: int = 0
    calls: int = 0
    calls_night: int = 0

    @property
    def total(self) -> int:
        return self.messages + self.calls


def _parse_time(value: Any, tz: ZoneInfo) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value), tz)
    if isinstance(value, datetime):
        dt = value
    else:
        try:
            dt = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt.astimezone(tz)


def item_time(item: Mapping[str, Any], tz: ZoneInfo) -> datetime | None:
    """The moment of a timeline item, in ``tz``; None when it has none."""
    for key in ("at", "received_at"):
        if item.get(key):
            return _parse_time(item[key], tz)
    message = item.get("message")
    if isinstance(message, Mapping) and message.get("received_at"):
        return _parse_time(message["received_at"], tz)
    report = item.get("report")
    if isinstance(report, Mapping) and isinstance(report.get("message"), Mapping):
        return _parse_time(report["message"].get("received_at"), tz)
    if item.get("ts") is not None:
        return _parse_time(item["ts"], tz)
    return None


def contacts(items: Iterable[Mapping[str, Any]], tz: str = DEFAULT_TZ) -> tuple[list[Contact], int]:
    """Collector contacts among timeline items, and how many had no time."""
    zone = ZoneInfo(tz)
    out: list[Contact] = []
    undated = 0
    for item in items:
        kind = item.get("kind") or item.get("type")
        if kind not in ("message", "call"):
            continue
        if kind == "message" and item.get("direction", "in") != "in":
            continue
        when = item_time(item, zone)
        if when is None:
            undated += 1
            continue
        out.append(Contact(when, kind))
    return out, undated


def per_day(found: Iterable[Contact]) -> list[DayCount]:
    """Counts for every day from the first contact to the last, zero days included."""
    table: dict[date, list[int]] = {}
    for c in found:
        row = table.setdefault(c.at.date(), [0, 0, 0, 0])
        base = 0 if c.kind == "message" else 2
        row[base] += 1
        if c.night:
            row[base + 1] += 1
    if not table:
        return []
    first, last = min(table), max(table)
    days = []
    d = first
    while d <= last:
        m, mn, k, kn = table.get(d, (0, 0, 0, 0))
        days.append(DayCount(d, m, mn, k, kn))
        d += timedelta(days=1)
    return days


def _per_week(days: list[DayCount]) -> list[DayCount]:
    weeks: dict[date, list[int]] = {}
    for d in days:
        monday = d.day - timedelta(days=d.day.weekday())
        row = weeks.setdefault(monday, [0, 0, 0, 0])
        for i, v in enumerate((d.messages, d.messages_night, d.calls, d.calls_night)):
            row[i] += v
    return [DayCount(k, *v) for k, v in sorted(weeks.items())]


def cjk_family() -> str | None:
    """A font family with Chinese glyphs that matplotlib knows, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    return None


def contacts_chart(
    items: Iterable[Mapping[str, Any]],
    *,
    lang: str = "zh",
    tz: str = DEFAULT_TZ,
    width_px: int = 1100,
    height_px: int = 420,
    compact: bool = False,
    scale: float = 1.0,
) -> bytes:
    """PNG bytes of the contacts-per-day chart.

    Chinese labels need a CJK font; without one the labels are English so the
    picture never shows empty boxes. ``compact`` lays it out for a phone's width
    (legend in two rows, fewer and shorter dates, the year in the title); ``scale``
    draws it that many times sharper at the same layout (2 for a phone's screen).
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    family = cjk_family()
    if lang == "zh" and family is None:
        lang = "en"
    words = LABELS.get(lang, LABELS["en"])
    found, undated = contacts(items, tz)
    days = per_day(found)
    weekly = len(days) > MAX_DAILY_BARS
    bars = _per_week(days) if weekly else days

    rc = {"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"] if family else ["DejaVu Sans"]}
    dpi = 100
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi * scale)
        ax = fig.add_subplot(1, 1, 1)
        if not bars:
            ax.text(0.5, 0.5, words["empty"], ha="center", va="center", fontsize=14, transform=ax.transAxes)
            ax.set_axis_off()
        else:
            _draw(ax, bars, words, weekly, compact)
            notes = [words["night_total"].format(n=sum(c.night for c in found))]
            if undated:
                notes.append(words["undated"].format(n=undated))
            ax.set_xlabel("   ".join(notes), fontsize=9, color="#444444", loc="left")
        fig.tight_layout()
        buf = io.BytesIO()
        # No Software/date metadata: the same case gives the same bytes.
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _draw(ax: Any, bars: list[DayCount], words: dict[str, str], weekly: bool, compact: bool = False) -> None:
    import matplotlib.dates as mdates

    x = [datetime(b.day.year, b.day.month, b.day.day) for b in bars]
    width = 6.0 if weekly else 0.8
    series = [
        ("msg_day", [b.messages - b.messages_night for b in bars], None),
        ("msg_night", [b.messages_night for b in bars], "///"),
        ("call_day", [b.calls - b.calls_night for b in bars], None),
        ("call_night", [b.calls_night for b in bars], "xxx"),
    ]
    bottom = [0] * len(bars)
    for key, values, hatch in series:
        if not any(values):
            continue
        ax.bar(
            x,
            values,
            width=width,
            bottom=bottom,
            color=COLORS[key],
            hatch=hatch,
            edgecolor="white" if hatch else COLORS[key],
            linewidth=0.3,
            label=words[key],
            align="edge" if weekly else "center",
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    title = words["title_week" if weekly else "title"]
    if compact:  # the dates below lose their year, so the title carries it
        years = sorted({bars[0].day.year, bars[-1].day.year})
        title += f"（{'–'.join(map(str, years))}）" if words is LABELS["zh"] else f" ({'–'.join(map(str, years))})"
    # On a phone the legend stands one entry a line above the plot; the title sits above the legend.
    shown = len(ax.get_legend_handles_labels()[1])
    ax.set_title(title, fontsize=12 if compact else 13, pad=10 + 14 * shown if compact else 26)
    ax.set_ylabel(words["y"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(bars) <= (7 if compact else 20):
        # Few bars: one tick under each (the automatic locator would add hourly ticks).
        ax.set_xticks(x)
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=5 if compact else 12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d" if compact else "%Y-%m-%d"))
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    # Above the plot, one row: inside it the legend would hide the tallest bars.
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=1 if compact else 4, fontsize=9, frameon=False)
    ax.set_ylim(0, max(bottom) * 1.08 + 0.5)
