"""Chinese time expressions (visit times, payment deadlines) resolved against the received time.

>>> from datetime import datetime
>>> from dunguard.model import Message
>>> doc = Doc.from_message(Message("请于明日中午12点前归还", received_at=datetime(2025, 2, 26, 10, 30)))
>>> [(e.text, e.role, e.value.isoformat()) for e in extract(doc)]
[('明日中午12点前', 'deadline', '2025-02-27T12:00:00+08:00')]

The words live in ``lang/zh.yaml``; this module compiles them into one regex
at first use and resolves each match against ``doc.received_at`` in ``doc.tz``.

Conventions (each is tested in tests/test_extract_time.py):

* Every named time denotes an interval [from, until): an instant (明天下午3点,
  granularity minute/hour) has from == until; a day part (下周一上午) spans its
  hours from zh.yaml (上午 08-12, 下午 12-18, 晚上 18-24 ...); a day is
  [00:00, next 00:00); a week Monday to Monday; a month first to first.
  ``until`` is always exclusive, so "end of 28 Feb" is 2025-03-01T00:00.
* ``value`` is the key instant: the point itself, the start of a day, day part,
  week or month (kind "point"); the end ``until`` for a deadline (kind "before"
  or "within"); the start for kind "from" and for a range.
* X前 (before): for a clock time the deadline is the instant itself
  (12点前 -> 12:00:00 exactly, not 12:59:59); for a day, week or month the
  day counts, the usual reading for a borrower ("2月28日前还款" = by the end of
  28 Feb -> until 2025-03-01T00:00); for a day part the deadline is its start
  (明天中午前 -> 12:00).  截至/最迟/不晚于 X mean the same as X前, except
  截至今日 with no clock, which means "as of today" (kind point).
* N天内 / N日内 / N周内 / N个月内 count today as day one: 3日内 received
  Wed 02-26 10:30 ends at the end of Fri 02-28 (until 2025-03-01T00:00).
  N个工作日内 does the same with Monday-Friday only (today counts when it is a
  weekday); there is no holiday calendar, so 调休 and public holidays are
  ignored.  N小时内 / N分钟内 are exact elapsed time from received_at.
* N天后 is the day N days after the received date (a day interval);
  N小时后 is an instant.
* A clock hour from 1 to 11 with no day part: on the received day it is the
  next occurrence at or after received_at of h:00 or (h+12):00 (3点前 at
  10:30 -> 15:00; 8点 at 10:30 -> 20:00); if both have passed the later one
  is kept on the same day with ``passed`` true. On another day it is read as
  business hours: 1-6 -> pm, 7-11 -> am.  HH:MM is read as a 24-hour clock.
  Cantonese N个字 counts minutes in fives (三点三个字 = 3:15).
* Month-day without a year (2月28日) is the nearest occurrence today or later,
  except that a date at most 30 days back stays in the past (``passed``
  true) rather than jumping a year ahead: "已于2月20日逾期" received 02-26 is
  2025-02-20.  A bare day of month (15号) is this month, or next month once
  passed.  A bare weekday (周五) is its next occurrence, today included;
  本周X/下周X/上周X count Monday-based weeks.
* Without received_at, relative expressions keep their span, role and kind
  but value/from/until/display are None and ``resolved`` is False; dates with
  a year still resolve.
* Not times: overdue durations (已逾期15天, 逾期超过90天后), a duration with no
  内/后 (15天), counts, amounts and bare numbers. "3.1" (month.day) is not read:
  it is too often a decimal. "5/13" (month/day) is read only with the context a
  bare 15号 needs (请于5/13前, 截至12/20); "1/2" alone is a fraction.

* 下班 (end of the working day) is read as 18:00, like the end of 下午:
  下班前 = by 18:00 today, 明天下班前 = by 18:00 tomorrow. Alone (你下班了吗,
  下班回家) it is not a time: it needs a day before it or a marker after it.

Role: "visit" or "deadline" from the nearest visit or payment verb in the same
clause (after the time first, then before it). A time that leads its clause
with no verb in it ("今天下午三点，工作人员将上门", "明天中午12点前，请将欠款还清")
takes the first verb of the next clause of the same sentence (two clauses at
most), unless another time comes first: that one governs what follows it.
"Leads" means only a lead-in word (于, 请, 否则...) before the time in its
clause and only a tail (左右) after it, so "已于2月20日逾期，..." keeps its own
clause. Otherwise "deadline" for kinds before/within and "other" for the rest.
Kind "from" (即日起) is always "other". Visit verbs are the word classes of the
visit extractor (``visit`` in zh.yaml: 上门, 外访, 走访, 派员核实, 前往, 赶往,
到你单位...), read through ``extract.visit.visit_verb_pattern``.
"""

from __future__ import annotations

import calendar
import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from dunguard.extract import visit
from dunguard.extract.base import Doc
from dunguard.extract.lang import load_lang
from dunguard.frozen import fast_init
from dunguard.model import Element
from dunguard.regexcache import finditer_led

LANG = "zh"
# A month-day without a year this many days back is read as past, not next year.
PAST_WINDOW_DAYS = 30
# A text message holds a handful of times; past this many regex candidates the rest
# of a huge input is not examined, which bounds the time spent on adversarial text.
MAX_CANDIDATES = 1000

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_WEEK_ZH = "一二三四五六日"
_WEEK_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_EN = calendar.month_name

# Numerals. Digit runs are fenced with lookarounds so a time is never cut out of a longer number.
_D2 = r"(?<![0-9])[0-9]{1,2}(?![0-9])"
_CN_HOUR = r"(?:二十[一二三四]?|十[一二]?|[零〇一二两三四五六七八九])"
_CN_MIN = r"(?:[一二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])"
_CN_DAY = r"(?:三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
_NUM = r"(?:(?<![0-9])[0-9]{1,3}(?![0-9])|[零一二两三四五六七八九十百]{1,4}|半)"
# Cantonese counts the minutes in fives, by the numbers of the clock face: 三点三个字 = 3:15, 八点九个字 = 8:45.
_ZI = r"(?:十一|1[01]|[一二两三四五六七八九十]|[1-9])"
_DELIMS = "，,。!！?？;；\n"
_SENTENCE_DELIMS = "。!！?？;；\n"


def cn_int(text: str) -> int:
    """Read a small Arabic or Chinese numeral: '24', '二十四', '十二', '两' -> int."""
    if text.isascii() and text.isdigit():
        return int(text)
    total = cur = 0
    for ch in text:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
    return total + cur


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Grammar:
    master: re.Pattern[str]
    point: re.Pattern[str]
    duration: re.Pattern[str]
    verbs: re.Pattern[str]
    conditions: re.Pattern[str]
    arrival: re.Pattern[str]
    data: dict[str, Any]
    before: frozenset[str]
    within: frozenset[str]
    from_: frozenset[str]
    dur_blockers: tuple[str, ...]
    schedule: re.Pattern[str]
    schedule_lead: re.Pattern[str]  # the characters a schedule can start with
    dom_context: tuple[str, ...]
    bound_dayparts: frozenset[str]
    lead_ins: tuple[str, ...]
    tails: frozenset[str]


def _marker(words: list[str], blockers: dict[str, list[str]], unblockers: dict[str, list[str]]) -> str:
    """An alternation of marker words, each refusing the characters that make it another word
    (内容, 内外) except where an unblocking word follows (3天内外访人员上门). Only a one-character marker is
    refused: 之前往绑定卡里存钱 is "before, go to" (之前 + 往), never 前往."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        block = blockers.get(w)
        if not block:
            parts.append(re.escape(w))
            continue
        unblock = unblockers.get(w)
        keep = f"(?!{_alt(unblock)})" if unblock else ""
        parts.append(re.escape(w) + f"(?!{keep}[{''.join(block)}])")
    return "|".join(parts)


def _point_pattern(d: dict[str, Any], named: bool) -> str:
    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    week = _alt(d["week_words"])
    wmod = _alt(d["week_modifiers"])
    wnum = "".join(k for k in d["weekday_numbers"])
    mmod = _alt(d["month_modifiers"])
    mpart = _alt(d["month_parts"])
    dom_block = "".join(d["day_of_month_blockers"])
    day = rf"(?:{_D2}|{_CN_DAY})"
    month = rf"(?:{_D2}|{_CN_MONTH})"
    sep = r"[-/.]"
    dates = [
        # 2025-03-01, 2025/3/1, 2025.3.1
        g("iso", rf"(?<![0-9]){g('iy', '[0-9]{4}')}{sep}{g('im', '[0-9]{1,2}')}{sep}{g('id', '[0-9]{1,2}')}(?![0-9])(?:日|号)?"),
        # (2025年)3月1日, 3月底, 2025年3月
        g(
            "ymd",
            rf"(?:(?<![0-9]){g('y', '[0-9]{4}')}年)?{g('m', month)}月"
            rf"(?:{g('d', day)}(?:日|号)(?![{dom_block}])|{g('mp', mpart + '|份')})?",
        ),
        # 下月10号, 本月底, 下个月
        g("mm", rf"{g('mmod', mmod)}(?:{g('md', day)}(?:日|号)|{g('mmp', mpart)})?"),
        # 月底, 月初
        rf"月{g('mp0', mpart)}",
        g("comp", _alt(d["compound_days"])),
        # 元旦, 国庆节, 春节, 中秋; a bare 年 only as 年前 and not after a number or 去/今/明 (一年前, 去年)
        g("hol", rf"{_alt([w for w in _holiday_words(d) if w != '年'])}"
                 r"|(?<![0-9零〇一二两三四五六七八九十百千几多去今明前后半每同新过跨当全完])年(?=前|$)"),
        g("rel", _alt(d["relative_days"])),
        # 下周一, 星期五, 周末
        rf"{g('wm', wmod)}?(?:{week}){g('wd', f'[{wnum}]|末')}",
        # 下周, 本周 (with no weekday after)
        rf"{g('wo', wmod)}(?:{week})(?![{wnum}末期年岁])",
        # 15号, 十日: checked for context in code
        rf"(?<![0-9月]){g('dom', day)}(?:日|号)(?![{dom_block}])",
        # 5/13, 12/20: month/day, checked for context in code like 15号 (1/2 alone is a fraction)
        rf"(?<![0-9/.:]){g('slm', '[0-9]{1,2}')}/{g('sld', '[0-9]{1,2}')}(?![0-9/.%])(?:日|号)?",
    ]
    date_re = "(?:" + "|".join(dates) + ")"
    # 早上 or 晚上 right before 门 is 早/晚 + 上门 ("后天一早上门"), not a day part.
    dayparts = rf"(?:{g('dp', _alt(d['dayparts']))}(?!(?<=上)门)|{g('sdp', _alt(d['short_dayparts']))}(?=[0-9]{{1,2}}[点时:]))"
    hour = rf"(?:{_D2}|{_CN_HOUR})"
    minute = rf"(?:[0-9]{{1,2}}(?![0-9])|{_CN_MIN})"
    clock = (
        rf"(?:{g('hh', hour)}{g('hu', '点钟|点|时')}"
        rf"(?:{g('half', '半')}|{g('q', '[一三]刻')}|{g('sharp', '整')}|{g('zi', _ZI)}个字|过?{g('mi', minute)}分?)?"
        rf"|(?<![0-9]){g('ch', '[0-9]{1,2}')}:{g('cm', '[0-9]{2}')}(?![0-9]))"
    )
    if named:
        # Only used to take apart text the master regex already matched, so one
        # all-optional sequence suffices (and keeps group names unique).
        return rf"{date_re}?(?: ?{dayparts})?(?: ?{clock})?"
    return rf"(?:{date_re}(?: ?{dayparts})?(?: ?{clock})?|{dayparts}(?: ?{clock})?|{clock})"


@cache
def grammar() -> _Grammar:
    """Compile the regexes from zh.yaml once per process."""
    d = load_lang(LANG)
    mk = d["markers"]
    blockers = d["marker_blockers"]
    units = _alt(d["duration_units"])
    unblockers = d["marker_unblockers"]
    dur_suffix = _marker(mk["within"] + mk["after"], blockers, unblockers)
    suffix = _marker(mk["before"] + mk["within"] + mk["from"], blockers, unblockers)
    point = _point_pattern(d, named=False)
    # Every expression starts with one of these characters; the lookahead lets the
    # regex engine skip other positions without trying each alternative.
    starts = set("0123456789零〇一二两三四五六七八九十半月")
    for key in ("relative_days", "compound_days", "dayparts", "short_dayparts", "week_words",
                "week_modifiers", "month_modifiers"):
        starts.update(w[0] for w in d[key])
    starts.update(w[0] for w in mk["deadline_prefix"])
    starts.update(w[0] for w in _holiday_words(d))
    start_class = "[" + "".join(sorted(re.escape(c) for c in starts)) + "]"
    master = (
        rf"(?={start_class})"
        rf"(?:(?P<pre>{_alt(mk['deadline_prefix'])}) ?)?"
        rf"(?:(?P<dur>{_NUM}(?:{units})(?:{dur_suffix}))"
        rf"|(?P<p1>{point})(?:(?:起|开始)?(?P<conn>{_alt(mk['range'])})(?P<p2>{point}))?(?P<suf>{suffix})?)"
    )
    duration = rf"(?P<n>{_NUM})(?P<u>{units})(?P<s>{dur_suffix})"
    verbs = rf"(?P<visit>{visit.visit_verb_pattern()})|(?P<deadline>{_alt(d['deadline_verbs'])})"
    arrival = rf"(?:{_alt(d['visit_arrivals'])})(?=$|[\s{_DELIMS}、])"
    week = _alt(d["week_words"])
    wnum = "".join(d["weekday_numbers"])
    conn = _alt(mk["range"])
    weekday_range = rf"(?<![本这下上个])(?:{week})[{wnum}](?:{conn})(?:{week})?[{wnum}]"
    clock = rf"(?:{_alt(d['dayparts'])})?[0-9]{{1,2}}(?:[:点时][0-9]{{0,2}})?"
    clock_range = rf"{clock} ?(?:{conn}) ?{clock}"
    sched_starts = {w[0] for w in d["schedule_words"]} | {w[0] for w in d["week_words"]}
    sched_lead = f"[{''.join(sorted(sched_starts))}]"
    schedule = (
        rf"(?={sched_lead})"
        rf"(?:{_alt(d['schedule_words'])})[:：]? ?(?:(?:{weekday_range}) ?)?{clock_range}"
        rf"|(?:{weekday_range}) ?{clock_range}"
    )
    return _Grammar(
        master=re.compile(master),
        point=re.compile(_point_pattern(d, named=True)),
        duration=re.compile(duration),
        verbs=re.compile(verbs),
        conditions=re.compile(_alt(d["deadline_conditions"])),
        arrival=re.compile(arrival),
        data=d,
        before=frozenset(mk["before"]),
        within=frozenset(mk["within"]),
        from_=frozenset(mk["from"]),
        dur_blockers=tuple(d["duration_blockers"]),
        dom_context=tuple(d["day_of_month_context"]),
        schedule=re.compile(schedule),
        schedule_lead=re.compile(sched_lead),
        bound_dayparts=frozenset(d["bound_dayparts"]),
        lead_ins=tuple(d["clause_lead_ins"]),
        tails=frozenset(d["clause_tails"]),
    )


class _Reject(Exception):
    """The match is not a time after all (an invalid date, a bare Chinese '一点')."""


@fast_init  # built for every message: see dunguard.frozen
@dataclass(frozen=True, slots=True)
class _Interval:
    start: datetime | None
    end: datetime | None
    gran: str  # minute | hour | daypart | day | week | month | weekend
    day: date | None = None  # the calendar day, when the expression names one
    daypart: str | None = None
    resolved: bool = True


def _midnight(d: date, tz: ZoneInfo) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=tz)


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _nearest_month_day(month: int, day: int, today: date) -> date:
    cands = []
    for y in (today.year - 1, today.year, today.year + 1):
        try:
            cands.append(date(y, month, day))
        except ValueError:
            continue
    if not cands:
        raise _Reject
    future = [c for c in cands if c >= today]
    past = [c for c in cands if c < today]
    if past and (today - max(past)).days <= PAST_WINDOW_DAYS:
        return max(past)
    if future:
        return min(future)
    raise _Reject


def _holiday_words(d: dict[str, Any]) -> list[str]:
    return [*d["fixed_holidays"], *d["lunar_holidays"], *d["year_end"]]


def _holiday(word: str, d: dict[str, Any], today: date) -> date:
    """The holiday's next date, today included: a festival named in a collection text (春节前, 国庆节后上门) is
    the coming one; unlike a bare date, it is rarely a reference to one just past."""
    if word in d["year_end"]:
        return date(today.year, 12, 31)
    if word in d["fixed_holidays"]:
        month, day = d["fixed_holidays"][word]
        this = date(today.year, month, day)
        return this if this >= today else date(today.year + 1, month, day)
    lmonth, lday, add = d["lunar_holidays"][word]
    return _lunar_holiday(lmonth, lday, add, today)


@cache
def _lunar_holiday(lmonth: int, lday: int, add: int, today: date) -> date:
    # (cached: festival greetings in adverts name 中秋 or 春节 often, and the conversion is the slow part)
    from lunardate import LunarDate  # only when a lunar holiday is named

    cands = [LunarDate(y, lmonth, lday).to_solar_date() + timedelta(days=add) for y in (today.year - 1, today.year, today.year + 1)]
    return min(c for c in cands if c >= today)


def _date_part(m: re.Match[str], g: _Grammar, today: date | None) -> tuple[date, date, str, str | None] | None:
    """(first day, day after the last, granularity, compound day part); None = no date words.

    Raises _Unresolved when the words are relative and there is no received date.
    """
    d = g.data
    if m.group("iso"):
        try:
            day = date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        except ValueError as exc:
            raise _Reject from exc
        return day, day + timedelta(days=1), "day", None
    if m.group("ymd"):
        year = m.group("y")
        mon = cn_int(m.group("m"))
        dd, mp = m.group("d"), m.group("mp")
        if not 1 <= mon <= 12 or (year is None and dd is None and mp in (None, "份")):
            raise _Reject
        if year is None and today is None:
            raise _Unresolved
        if dd is not None:
            dnum = cn_int(dd)
            if year is not None:
                try:
                    day = date(int(year), mon, dnum)
                except ValueError as exc:
                    raise _Reject from exc
            else:
                day = _nearest_month_day(mon, dnum, today)  # type: ignore[arg-type]
            return day, day + timedelta(days=1), "day", None
        if year is None:
            year = today.year if mon >= today.month else today.year + 1  # type: ignore[union-attr]
        y = int(year)
        return _month_span(y, mon, d["month_parts"].get(mp) if mp else None)
    if m.group("mm") or m.group("mp0"):
        if today is None:
            raise _Unresolved
        off = d["month_modifiers"][m.group("mmod")] if m.group("mm") else 0
        y, mon = _add_months(today.year, today.month, off)
        if m.group("md"):
            try:
                day = date(y, mon, cn_int(m.group("md")))
            except ValueError as exc:
                raise _Reject from exc
            return day, day + timedelta(days=1), "day", None
        part = m.group("mmp") or m.group("mp0")
        return _month_span(y, mon, d["month_parts"][part] if part else None)
    if m.group("hol"):
        if today is None:
            raise _Unresolved
        day = _holiday(m.group("hol"), d, today)
        return day, day + timedelta(days=1), "day", None
    if m.group("comp"):
        if today is None:
            raise _Unresolved
        off, dp = d["compound_days"][m.group("comp")]
        day = today + timedelta(days=off)
        return day, day + timedelta(days=1), "day", dp
    if m.group("rel"):
        if today is None:
            raise _Unresolved
        day = today + timedelta(days=d["relative_days"][m.group("rel")])
        return day, day + timedelta(days=1), "day", None
    if m.group("wd"):
        if today is None:
            raise _Unresolved
        monday = today - timedelta(days=today.weekday())
        wm = m.group("wm")
        wd = m.group("wd")
        if wd == "末":
            sat = monday + timedelta(days=5)
            if wm is not None:
                sat += timedelta(days=7 * d["week_modifiers"][wm])
            return sat, sat + timedelta(days=2), "weekend", None
        target = monday + timedelta(days=d["weekday_numbers"][wd])
        if wm is not None:
            target += timedelta(days=7 * d["week_modifiers"][wm])
        elif target < today:
            target += timedelta(days=7)
        return target, target + timedelta(days=1), "day", None
    if m.group("wo"):
        if today is None:
            raise _Unresolved
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7 * d["week_modifiers"][m.group("wo")])
        return monday, monday + timedelta(days=7), "week", None
    if m.group("slm"):
        if today is None:
            raise _Unresolved
        mon, dnum = int(m.group("slm")), int(m.group("sld"))
        if not 1 <= mon <= 12 or not 1 <= dnum <= _last_day(today.year, mon):
            raise _Reject
        day = _nearest_month_day(mon, dnum, today)
        return day, day + timedelta(days=1), "day", None
    if m.group("dom"):
        if today is None:
            raise _Unresolved
        dnum = cn_int(m.group("dom"))
        if not 1 <= dnum <= 31:
            raise _Reject
        y, mon = today.year, today.month
        if dnum < today.day:
            y, mon = _add_months(y, mon, 1)
        for _ in range(3):  # 31号 in a 30-day month: the next month that has it
            if dnum <= _last_day(y, mon):
                day = date(y, mon, dnum)
                return day, day + timedelta(days=1), "day", None
            y, mon = _add_months(y, mon, 1)
        raise _Reject
    return None


def _month_span(y: int, mon: int, part: str | None) -> tuple[date, date, str, None]:
    if part == "end":
        day = date(y, mon, _last_day(y, mon))
        return day, day + timedelta(days=1), "day", None
    if part == "start":
        day = date(y, mon, 1)
        return day, day + timedelta(days=1), "day", None
    ny, nm = _add_months(y, mon, 1)
    return date(y, mon, 1), date(ny, nm, 1), "month", None


def _clock_is_stated(text: str, g: _Grammar) -> bool:
    """The words fix the hour of day by themselves: a day part (今晚, 下午) or a 24-hour clock (22:30, 23点)."""
    d = g.data
    if any(w in text for w in (*d["dayparts"], *d["compound_days"])):
        return True
    return bool(re.search(r"(?<![0-9])(?:1[3-9]|2[0-4])(?:[:：点时])", text))


# Any ordinary noon: only the hour of day read against it is kept.
_CLOCK_PROBE = datetime(2001, 1, 10, 12, 0)


class _Unresolved(Exception):
    """Relative words and no received_at."""


def _clock(m: re.Match[str]) -> tuple[int, int, str, bool, bool] | None:
    """(hour, minute, granularity, written 24-hour, Chinese hour with nothing after) or None."""
    if m.group("ch"):
        h, mi = int(m.group("ch")), int(m.group("cm"))
        gran, is24, bare_cn = ("hour" if mi == 0 else "minute"), True, False
    elif m.group("hh"):
        hh = m.group("hh")
        h = cn_int(hh)
        mi = 0
        gran = "hour"
        if m.group("half"):
            mi, gran = 30, "minute"
        elif m.group("q"):
            mi, gran = (15 if m.group("q")[0] == "一" else 45), "minute"
        elif m.group("zi"):
            mi, gran = 5 * cn_int(m.group("zi")), "minute"
        elif m.group("mi"):
            mi, gran = cn_int(m.group("mi")), "minute"
        is24 = False
        bare_cn = (
            not hh.isascii()
            and m.group("hu") != "点钟"
            and not (m.group("half") or m.group("q") or m.group("sharp") or m.group("zi") or m.group("mi"))
        )
    else:
        return None
    if h > 24 or mi > 59 or (h == 24 and mi):
        raise _Reject
    return h, mi, gran, is24, bare_cn


def _resolve_point(
    text: str,
    g: _Grammar,
    base: datetime | None,
    tz: ZoneInfo,
    inherit: _Interval | None = None,
) -> _Interval:
    """Resolve one point (date? daypart? clock?); ``inherit`` gives a range's start for its end."""
    m = g.point.fullmatch(text)
    if m is None:
        raise _Reject
    today = base.date() if base is not None else None
    dp = m.group("dp") or (g.data["short_dayparts"][m.group("sdp")] if m.group("sdp") else None)
    clock = _clock(m)
    try:
        dpart = _date_part(m, g, today)
    except _Unresolved:
        return _Interval(None, None, "day", resolved=False)
    if dpart is not None and dpart[3] is not None and dp is None:
        dp = dpart[3]
    if clock is not None and clock[4] and dpart is None and dp is None:
        raise _Reject  # "一点" / "三点" alone mean "a bit" / "three points"
    if dpart is None:
        if inherit is not None and inherit.day is not None:
            day0 = inherit.day
        elif today is None:
            return _Interval(None, None, "minute" if clock else "daypart", resolved=False)
        else:
            day0 = today
        if dp is None and inherit is not None:
            dp = inherit.daypart
        dpart = (day0, day0 + timedelta(days=1), "day", None)
    first, after, gran, _ = dpart
    if gran in ("week", "month", "weekend"):
        return _Interval(_midnight(first, tz), _midnight(after, tz), gran, None, None)
    midnight = _midnight(first, tz)
    if clock is None and dp is None:
        return _Interval(midnight, _midnight(after, tz), "day", first)
    part = g.data["dayparts"][dp] if dp else None
    if clock is None:
        h0, h1 = part["hours"]  # type: ignore[index]
        return _Interval(midnight + timedelta(hours=h0), midnight + timedelta(hours=h1), "daypart", first, dp)
    h, mi, cgran, is24, _ = clock
    if part is not None:
        for low, high, add in part["shift"]:
            if low <= h <= high:
                h += add
                break
    elif not is24 and 1 <= h <= 11:
        floor = inherit.start if inherit is not None and inherit.start is not None else None
        if floor is not None:
            h = next((c for c in (h, h + 12) if midnight + timedelta(hours=c, minutes=mi) >= floor), h + 12)
        elif base is not None and first == today:
            h = next((c for c in (h, h + 12) if midnight + timedelta(hours=c, minutes=mi) >= base), h + 12)
        elif h <= 6:
            h += 12  # business hours: 明天3点 is 15:00
    t = midnight + timedelta(hours=h, minutes=mi)
    return _Interval(t, t, cgran, first, dp)


def _working_day(start: date, n: int) -> date:
    """The n-th Monday-Friday day counting ``start`` as the first when it is a weekday."""
    d = start
    count = 0
    while True:
        if d.weekday() < 5:
            count += 1
            if count >= n:
                return d
        d += timedelta(days=1)


def _elapsed(base: datetime, delta: timedelta) -> datetime:
    """base + delta in real elapsed time, even across a daylight-saving change."""
    return (base.astimezone(UTC) + delta).astimezone(base.tzinfo)


def _duration(text: str, g: _Grammar, base: datetime | None, tz: ZoneInfo) -> tuple[str, _Interval]:
    m = g.duration.fullmatch(text)
    if m is None:
        raise _Reject
    unit = g.data["duration_units"][m.group("u")]
    n_text = m.group("n")
    n: float = 0.5 if n_text == "半" else cn_int(n_text)
    if n <= 0 or n > 400:
        raise _Reject
    kind = "within" if m.group("s") in g.within else "after"
    if base is None:
        return kind, _Interval(None, None, "minute" if unit in ("minute", "hour") else "day", resolved=False)
    today = base.date()
    if unit in ("minute", "hour") or (n_text == "半" and unit == "day"):
        delta = timedelta(minutes=n) if unit == "minute" else timedelta(hours=n * (24 if unit == "day" else 1))
        t = _elapsed(base, delta)
        return kind, _Interval(t, t, "minute", t.date())
    if n != int(n):
        if unit == "month":
            unit, n = "day", 15
        else:
            raise _Reject
    n = int(n)
    if unit == "workday":
        # within: today counts when a weekday; after: counting starts tomorrow
        last = _working_day(today if kind == "within" else today + timedelta(days=1), n)
    elif unit == "month":
        y, mon = _add_months(today.year, today.month, n)
        target = date(y, mon, min(today.day, _last_day(y, mon)))
        last = target - timedelta(days=1) if kind == "within" else target
    else:
        days = n * (7 if unit == "week" else 1)
        last = today + timedelta(days=days - 1 if kind == "within" else days)
    return kind, _Interval(_midnight(last, tz), _midnight(last + timedelta(days=1), tz), "day", last)


# ---------------------------------------------------------------- display

def _day_zh(t: datetime) -> str:
    return f"{t:%Y-%m-%d} 周{_WEEK_ZH[t.weekday()]}"


def _day_en(t: datetime) -> str:
    return f"{_WEEK_EN[t.weekday()]} {t:%Y-%m-%d}"


def _is_midnight(t: datetime) -> bool:
    return t.hour == 0 and t.minute == 0


def _label(iv: _Interval, g: _Grammar) -> tuple[str, str]:
    """How a point reads: date, date + day part, date + clock, a week or a month."""
    t = iv.start
    assert t is not None
    if iv.gran in ("minute", "hour"):
        return f"{_day_zh(t)} {t:%H:%M}", f"{_day_en(t)} {t:%H:%M}"
    if iv.gran == "daypart" and iv.daypart:
        en = g.data["dayparts"][iv.daypart]["en"]
        return f"{_day_zh(t)} {iv.daypart}", f"{_day_en(t)} {en}"
    if iv.gran == "month":
        return f"{t.year}年{t.month}月", f"{_MONTH_EN[t.month]} {t.year}"
    if iv.gran in ("week", "weekend"):
        last = iv.end - timedelta(days=1)  # type: ignore[operator]
        return f"{_day_zh(t)} 至 {_day_zh(last)}", f"{_day_en(t)} – {_day_en(last)}"
    return _day_zh(t), _day_en(t)


def _deadline_label(until: datetime) -> tuple[str, str]:
    if _is_midnight(until):
        prev = until - timedelta(days=1)
        return f"{_day_zh(prev)} 24:00 前", f"by end of {_day_en(prev)}"
    return f"{_day_zh(until)} {until:%H:%M} 前", f"before {_day_en(until)} {until:%H:%M}"


def _end_label(iv: _Interval, g: _Grammar, same_day: bool) -> tuple[str, str]:
    """The end of a range: inclusive for days, the instant for clocks."""
    if iv.gran in ("minute", "hour"):
        t = iv.start
        assert t is not None
        if same_day:
            return f"{t:%H:%M}", f"{t:%H:%M}"
        return f"{_day_zh(t)} {t:%H:%M}", f"{_day_en(t)} {t:%H:%M}"
    if iv.gran in ("week", "weekend", "month", "day"):
        last = iv.end - timedelta(days=1)  # type: ignore[operator]
        return _day_zh(last), _day_en(last)
    return _label(iv, g)


# ---------------------------------------------------------------- role

def _role(norm: str, s: int, e: int, lo: int, hi: int, kind: str, g: _Grammar) -> tuple[str, tuple[int, int] | None]:
    """The time's role, and for a visit the span of the verb that made it one."""
    if kind == "from":
        return "other", None
    left = lo
    for i in range(s - 1, lo - 1, -1):
        if norm[i] in _DELIMS:
            left = i + 1
            break
    right = hi
    for i in range(e, hi):
        if norm[i] in _DELIMS:
            right = i
            break
    after = norm[e:right]
    a = g.arrival.match(after)
    if a:
        return "visit", (e + a.start(), e + a.end())
    v = g.verbs.search(after)
    if _after_unmet(after, 0, v, g):
        return "deadline", None  # 国庆节前不还就上门
    if v is not None:
        # (looked for past a thousands comma, 3,000.00元已入账, up to the clause's end)
        tail = _next_clause(norm, e + v.end(), 16)
        if not v.group("visit") and _PAID_AFTER.search(tail) and not _ASKED_BEFORE.search(norm[left:s]):
            return "other", None  # 于12月6日还款3,000.00元已入账: the day a payment was made, a receipt's date
        return ("visit", (e + v.start(), e + v.end())) if v.group("visit") else ("deadline", None)
    for v in g.verbs.finditer(norm, left, s):  # noqa: B007 - the nearest one before is the last
        pass
    if v is None and _leads(norm[left:s], after, g):
        v = _next_clause_verb(norm, right, hi, g)
        if _after_unmet(norm, right, v, g):
            return "deadline", None  # 最迟明早9点，还不上就上门
    if v is not None:
        return ("visit", v.span()) if v.group("visit") else ("deadline", None)
    if kind in ("before", "within") and _LEGAL_STEP_RE.search(after):
        return "other", None  # 3日内将向法院提起诉讼: when the sender says it will act, not a date to pay by
    return ("deadline" if kind in ("before", "within") else "other"), None


# A payment said to be done (已入账, 还款成功): the time before it dates a receipt, not a deadline.
_PAID_AFTER = re.compile(r"已入账|已到账|已收到|成功|已还|已结清|已扣")
_CLAUSE_END = re.compile(r"(?<![0-9])[,，]|[,，](?![0-9])|[。；;！!？?]")
_ASKED_BEFORE = re.compile(r"请|需|务必|须")


# The sender's own next step after a time (3日内将…提起诉讼, 24小时内移交法务): no payment is asked by it.
# ("24小时内不还…冻结" sets a time to pay by: the step is its sequel.)
_LEGAL_STEP_RE = re.compile(
    r"^(?:(?!还|付|缴|结清|处理)[^，。,；;]){0,12}?(?:起诉|提起诉讼|立案|移交|上报|报送|申请仲裁|申请强制执行|强制执行|冻结)"
)


def _after_unmet(text: str, lo: int, v: re.Match[str] | None, g: _Grammar) -> bool:
    """A visit verb that follows "not paid" (不还就上门, 还不上就上门): the visit is the sequel of the deadline the
    time sets, so the time is that deadline."""
    return v is not None and v.group("visit") is not None and g.conditions.search(text, lo, v.start()) is not None


def _leads(before: str, after: str, g: _Grammar) -> bool:
    """The time is its clause's subject matter: nothing but a lead-in (于, 请, 否则) before it and a
    tail (左右) after it, so "已于2月20日逾期" does not lead its clause and "明天下午三点，" does."""
    before, after = before.strip(), after.strip()
    return (not before or before.endswith(g.lead_ins)) and (not after or after in g.tails)


def _next_clause_verb(norm: str, pos: int, hi: int, g: _Grammar) -> re.Match[str] | None:
    """The first visit or payment verb in the clauses after ``pos`` (a comma) in the same sentence.

    Looks at two clauses at most and stops at another time: that time governs what follows it.
    """
    for _ in range(2):
        if pos >= hi or norm[pos] in _SENTENCE_DELIMS:
            return None
        end = pos + 1
        while end < hi and norm[end] not in _DELIMS:
            end += 1
        if end >= hi and hi < len(norm):
            return None  # another time starts in this clause
        v = g.verbs.search(norm, pos + 1, end)
        if v is not None:
            return v
        pos = end
    return None


# ---------------------------------------------------------------- extract

@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    iv_from: datetime | None
    iv_until: datetime | None
    value: datetime | None
    gran: str
    display: dict[str, str] | None
    resolved: bool


def _local_base(doc: Doc) -> datetime | None:
    r = doc.received_at
    if r is None:
        return None
    return r.replace(tzinfo=doc.tz) if r.tzinfo is None else r.astimezone(doc.tz)


_SENTENCE_ENDS = frozenset("。！？!?\n")
# 截至 a date, then a comma and a clause that states a balance and asks nothing: an as-of date.
_AS_OF_NEXT = re.compile(r"\s*[,，]")
_ASKS_NEXT = re.compile(r"请|需|须|务必|还清|归还|缴|之前|前还|还款|处理")


def _next_clause(norm: str, start: int, width: int | None = None) -> str:
    """The text from ``start`` to its clause's end (a comma between digits is a thousands mark, not an end)."""
    return _CLAUSE_END.split(norm[start:start + width if width else None], maxsplit=1)[0]


def _interpret(
    m: re.Match[str], doc: Doc, g: _Grammar, base: datetime | None, anchor: date | None = None
) -> _Found | None:
    s, e = m.span()
    tz = doc.tz
    if m.group("dur"):
        if doc.norm[max(0, m.start("dur") - 4) : m.start("dur")].endswith(g.dur_blockers):
            return None
        kind, iv = _duration(m.group("dur"), g, base, tz)
        if not iv.resolved:
            return _Found(s, e, "within" if kind == "within" else "point", None, None, None, iv.gran, None, False)
        if kind == "within":
            until = iv.end if iv.gran == "day" else iv.start
            return _Found(s, e, "within", base, until, until, iv.gran, dict(zip(("zh", "en"), _deadline_label(until), strict=True)), True)  # type: ignore[arg-type]
        zh, en = _label(iv, g)
        return _Found(s, e, "point", iv.start, iv.end, iv.start, iv.gran, {"zh": zh, "en": en}, True)

    pre, suf = m.group("pre"), m.group("suf")
    # A clock or a part of the day with no day of its own takes the later day named before it in the sentence
    # (明天中午之前不还，下午我们就到你家: 下午 is tomorrow's).
    p1 = _resolve_point(m.group("p1"), g, base, tz,
                        inherit=_Interval(None, None, "day", anchor) if anchor is not None else None)
    p1m = g.point.fullmatch(m.group("p1"))
    assert p1m is not None
    if (
        p1m.group("dp") in g.bound_dayparts
        and p1m.start("dp") == 0
        and pre is None
        and suf is None
        and m.group("p2") is None
        and not (p1m.group("hh") or p1m.group("ch"))
    ):
        return None  # 下班 alone ("你下班了吗") is not a time; 下班前 and 明天下班 are
    real_dp = p1m.group("dp") is not None and p1m.group("dp") not in g.bound_dayparts
    if m.group("p2") is None and (p1m.group("dom") or p1m.group("slm")) and not (
        real_dp or p1m.group("sdp") or p1m.group("hh") or p1m.group("ch")
    ):
        context_ok = pre is not None or (suf is not None and suf not in g.from_)
        if not context_ok:
            context_ok = doc.norm[max(0, s - 2):s].endswith(g.dom_context)
        if not context_ok:
            return None
    if m.group("p2") is not None:
        p2 = _resolve_point(m.group("p2"), g, base, tz, inherit=p1)
        if not (p1.resolved and p2.resolved):
            return _Found(s, e, "range", None, None, None, p1.gran, None, False)
        start = p1.start
        until = p2.start if p2.gran in ("minute", "hour") else p2.end
        p2m = g.point.fullmatch(m.group("p2"))
        if start is not None and until is not None and until < start and p2m and p2m.group("wd") and not p2m.group("wm"):
            # 周五至周一: a bare weekday that ends a range is the next one after its start
            until += timedelta(days=7)
            p2 = _Interval(p2.start + timedelta(days=7), p2.end + timedelta(days=7), p2.gran, None, p2.daypart)  # type: ignore[operator]
        if until is None or start is None or until < start:
            return None
        zh1, en1 = _label(p1, g) if p1.gran not in ("week", "weekend") else (_day_zh(start), _day_en(start))
        same = p2.gran in ("minute", "hour") and p1.gran in ("minute", "hour") and p1.day == p2.day
        zh2, en2 = _end_label(p2, g, same)
        sep_zh, sep_en = ("–", "–") if same else (" 至 ", " – ")
        gran = "day" if p1.gran == "weekend" else p1.gran
        return _Found(s, e, "range", start, until, start, gran, {"zh": zh1 + sep_zh + zh2, "en": en1 + sep_en + en2}, True)

    if suf is not None and suf in g.before or (suf is None and pre is not None):
        kind = "before"
        if pre in ("截至", "截止", "截止到", "截止至") and suf is None and p1m.group("rel") and not (
            p1m.group("hh") or p1m.group("ch") or p1m.group("dp")
        ) and g.data["relative_days"][p1m.group("rel")] == 0:
            kind = "point"  # 截至今日 = as of today
        elif pre in ("截至", "截止到", "截止至") and suf is None and not (
            p1m.group("hh") or p1m.group("ch") or p1m.group("dp")
        ) and _AS_OF_NEXT.match(doc.norm, e) and not _ASKS_NEXT.search(_next_clause(doc.norm, e + 1)):
            kind = "point"  # 截至2026年12月6日，您的欠款本金…: the date the balance is counted to, no deadline
    elif suf is not None and suf in g.within:
        kind = "within"
    elif suf is not None and suf in g.from_:
        kind = "from"
    elif p1.gran == "weekend":
        kind = "range"
    else:
        kind = "point"
    gran = "day" if p1.gran == "weekend" else p1.gran
    if not p1.resolved:
        return _Found(s, e, kind, None, None, None, gran, None, False)
    assert p1.start is not None and p1.end is not None
    if kind == "before":
        # A festival's eve, not its day: 春节前 is before the festival begins (年底前 runs to the year's last day).
        festival = p1m is not None and p1m.group("hol") not in (None, *g.data["year_end"])
        until = p1.start if p1.gran in ("minute", "hour", "daypart") or (festival and p1.gran == "day") else p1.end
        return _Found(s, e, kind, None, until, until, gran, dict(zip(("zh", "en"), _deadline_label(until), strict=True)), True)
    if kind == "within":
        until = p1.end
        # 上周内 lies wholly in the past: it starts with its own interval, not at received_at
        start = base if base is not None and base < until else p1.start
        return _Found(s, e, kind, start, until, until, gran, dict(zip(("zh", "en"), _deadline_label(until), strict=True)), True)
    zh, en = _label(p1, g)
    if kind == "from":
        return _Found(s, e, kind, p1.start, None, p1.start, gran, {"zh": f"{zh} 起", "en": f"from {en}"}, True)
    return _Found(s, e, kind, p1.start, p1.end, p1.start, gran, {"zh": zh, "en": en}, True)


def extract(doc: Doc) -> list[Element]:
    """Find every time expression in ``doc`` and resolve it against ``doc.received_at``.

    >>> from datetime import datetime
    >>> from dunguard.model import Message
    >>> doc = Doc.from_message(Message("将于明天下午3点上门", received_at=datetime(2025, 2, 26, 10, 30)))
    >>> e = extract(doc)[0]
    >>> (e.text, e.role, e.value.isoformat(), e.attrs["kind"])
    ('明天下午3点', 'visit', '2025-02-27T15:00:00+08:00', 'point')
    """
    g = grammar()
    base = _local_base(doc)
    found: list[_Found] = []
    clocks: dict[int, str] = {}
    # opening hours, as (start, end) pairs; a time inside one is not reported
    # (its second alternative is led by a lookbehind: searched from its first characters, far fewer positions;
    # and they are looked for only once a time is found, which most texts hold none of)
    skip: list[tuple[int, int]] | None = None
    for count, m in enumerate(g.master.finditer(doc.norm)):
        if count >= MAX_CANDIDATES:
            break
        if skip is None:
            skip = [h.span() for h in finditer_led(g.schedule_lead, g.schedule, doc.norm)]
        if skip and any(m.start() < e and s < m.end() for s, e in skip):
            continue
        anchor = None
        last = found[-1] if found else None
        # (a day, not a week or a month: 下个月…晚上给你打视频 is tonight; nor a start, 明天起…12点前回电)
        if base is not None and last is not None and last.value is not None and last.resolved and (
            last.gran in ("minute", "hour", "daypart", "day") and last.kind != "from"
        ):
            day = last.value.astimezone(doc.tz).date()
            if day > base.date() and not any(c in _SENTENCE_ENDS for c in doc.norm[last.end:m.start()]):
                anchor = day
        try:
            f = _interpret(m, doc, g, base, anchor)
        except _Reject:
            continue
        if f is not None:
            found.append(f)
            if not f.resolved and not m.group("dur"):
                # Without a received date "今晚11点" has no date, but its hour of day is in the words:
                # read it against any day so a night visit is still seen as one.
                with contextlib.suppress(_Reject):
                    probe = _interpret(m, doc, g, _CLOCK_PROBE.replace(tzinfo=doc.tz))
                    if (
                        probe is not None and probe.value is not None and probe.gran in ("minute", "hour")
                        and _clock_is_stated(doc.norm[f.start:f.end], g)
                    ):
                        clocks[f.start] = probe.value.strftime("%H:%M")
    out: list[Element] = []
    for i, f in enumerate(found):
        lo = found[i - 1].end if i else 0
        hi = found[i + 1].start if i + 1 < len(found) else len(doc.norm)
        role, verb = _role(doc.norm, f.start, f.end, lo, hi, f.kind, g)
        if role == "visit" and verb is not None and visit.not_a_visitor(doc.norm, *verb):
            role = "deadline" if f.kind in ("before", "within") else "other"
        ref = f.iv_until if f.iv_until is not None else f.value
        passed = False
        if f.resolved and base is not None and ref is not None and f.kind != "from":
            instant = f.gran in ("minute", "hour") or f.kind in ("before", "within")
            passed = ref < base if instant else ref <= base
        display = f.display
        if passed and display and role == "deadline":
            # A deadline already gone when the text came (本月25号前, received on the 26th) says so where it is read.
            display = {"zh": display["zh"] + "（收到时已过）", "en": display["en"] + " (already past when received)"}
        attrs = {
            "kind": f.kind,
            "from": f.iv_from,
            "until": f.iv_until,
            "granularity": f.gran,
            "display": display,
            "resolved": f.resolved,
            "passed": passed,
        }
        if f.start in clocks:
            attrs["clock"] = clocks[f.start]
        out.append(Element(type="time", role=role, span=doc.span(f.start, f.end), value=f.value, attrs=attrs))
    return out
