"""How long the message says the loan is overdue: "已逾期15天", "逾期超过90天", "M3阶段".

Every element has role ``days_overdue`` and an int ``value`` in days (None when
the text is vague, "逾期多日"). Months count as 30 days (``approx``); collection
buckets use their lower bound (M3 = 61+ days).

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "您的借款已逾期15天"
    >>> [(e.text, e.value) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('已逾期15天', 15)]
"""

from __future__ import annotations

import re

from dunguard.extract.base import Doc
from dunguard.model import Element
from dunguard.regexcache import Gated

_CN_NUM = "零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰"
# Corpus and template text masks digits ("逾期X日"): matched, reported without a value.
_NUM = rf"(?:\d{{1,4}}|[{_CN_NUM}]{{1,5}}|[xX]{{1,3}})"

# "已逾期15天", "逾期超过90天", "逾期已达3个月", "逾期90多天", "逾期天数:15天", "逾期第20天".
# (欠款 only after 已: "已欠款12天" is a length, "欠款30天内还清" a deadline)
_LEAD = r"(?P<cond>如|若|如果|一旦|倘若)?(?:(?:已经|已)?(?:连续|严重)?(?:逾期|超期|拖欠)|(?:已经|已)欠款)了?"
_QUAL = r"(?P<atleast>超过|已超过|超|已超|达|已达|已达到|达到|长达|满|已满|已经|已)?"
_UNIT = r"(?P<unit>天|日|个月|個月|月|年|期)"
_TAIL = r"(?P<more>以上|之久|多|余|有余|\+)?"
DAYS_RE = Gated(re.compile(
    rf"{_LEAD}(?:天数)?(?:为|[:：])?\s?(?:第)?{_QUAL}\s?(?P<num>{_NUM})\s?(?P<more0>多|余)?{_UNIT}{_TAIL}"
))

# "逾期多日", "逾期已久", "长期逾期": overdue, length unknown.
VAGUE_RE = Gated(re.compile(
    r"(?:已经|已)?逾期(?:多日|多天|多时|已久|很久|许久|多月|数日|数月|很长时间)|长期逾期|(?:已经|已)?(?:严重|连续)逾期"
))

# Collection buckets M1..M6 ("M3", "M3阶段", "M3+"). A bare M3 is also a model
# number or a subway line, so it needs a collection word nearby or a bucket suffix.
BUCKET_RE = Gated(re.compile(r"(?<![A-Za-z0-9_./-])[Mm](?P<n>[1-6])(?P<plus>\+)?(?![A-Za-z0-9_./-])"))
_BUCKET_SUFFIX = re.compile(r"(?P<own>阶段|级别|级|类)?(?:案件|账户|客户|期间|逾期)?")
_BUCKET_CONTEXT = re.compile(r"逾期|催收|欠款|贷款|借款|还款|账单|委外|法务|不良")
_CONTEXT_WINDOW = 20

_CN_VALUE = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100}

_DAYS_PER = {"天": 1, "日": 1, "个月": 30, "個月": 30, "月": 30, "年": 365, "期": 0}
_UNIT_NAME = {
    "天": "day",
    "日": "day",
    "个月": "month",
    "個月": "month",
    "月": "month",
    "年": "year",
    "期": "installment",
}


def small_number(text: str) -> int | None:
    """Read "15", "十五", "两", "一百二十" as an int (up to 9999); None if malformed."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _CN_VALUE:
            if digit is not None and digit != 0:
                return None  # two digits in a row ("一二") is not a count
            digit = _CN_VALUE[ch]
        elif ch in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def extract(doc: Doc) -> list[Element]:
    """Find claims of how long the debt is overdue."""
    norm = doc.norm
    out: list[Element] = []
    for m in DAYS_RE.finditer(norm):
        num = m.group("num")
        masked = num[0] in "xX"
        count = None if masked else small_number(num)
        if count is None and not masked:
            continue
        unit_word = m.group("unit")
        unit = _UNIT_NAME[unit_word]
        attrs: dict[str, object] = {
            "at_least": bool(m.group("atleast") in _AT_LEAST or m.group("more") or m.group("more0")),
            "unit": unit,
        }
        value = None if count is None else count * _DAYS_PER[unit_word]
        if unit == "installment":
            # "逾期3期": missed installments; their length (a month? a week?) is not stated.
            value = None
            attrs["installments"] = count
        elif unit != "day":
            attrs["approx"] = True
        if masked:
            attrs["masked"] = True
        if m.group("cond"):
            # "如逾期15天" states a condition, not a fact about this loan.
            attrs["conditional"] = True
        out.append(Element("overdue", "days_overdue", doc.span(*m.span()), value, attrs))
    counted = len(out)
    j = 0
    for m in VAGUE_RE.finditer(norm):
        # Both match lists run left to right, so one forward pointer finds overlaps.
        while j < counted and out[j].end <= m.start():
            j += 1
        if j < counted and out[j].start < m.end():
            continue
        out.append(
            Element(
                "overdue",
                "days_overdue",
                doc.span(*m.span()),
                None,
                {"at_least": False, "unit": "day", "vague": True},
            )
        )
    for m in BUCKET_RE.finditer(norm):
        suffix = _BUCKET_SUFFIX.match(norm, m.end())
        if not suffix.group() and not _near_collection_word(norm, m):
            continue
        end = suffix.end("own") if suffix.group("own") else m.end()
        n = int(m.group("n"))
        out.append(
            Element(
                "overdue",
                "days_overdue",
                doc.span(m.start(), end),
                30 * (n - 1) + 1,
                {"at_least": True, "unit": "bucket", "bucket": f"M{n}"},
            )
        )
    out.sort(key=lambda e: e.start)
    return out


_AT_LEAST = {"超过", "已超过", "超", "已超", "长达", "满", "已满"}


def _near_collection_word(norm: str, m: re.Match[str]) -> bool:
    lo = max(0, m.start() - _CONTEXT_WINDOW)
    return bool(_BUCKET_CONTEXT.search(norm, lo, m.end() + _CONTEXT_WINDOW))
