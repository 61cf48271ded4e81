"""Money amounts: "欠款2000元", "人民币3,500.00元", "¥8,800", "3.5万元", "伍仟叁佰元", "HK$5,000", "1万蚊".

Our regex finds the spans; Arabic amounts are converted here exactly, and only
Chinese-numeral amounts go through cn2an (imported lazily: its import costs
about 86 ms). The role comes from the nearest cue word before the amount in
the same clause ("逾期费300元" -> overdue_fee).

Currency: ``attrs["currency"]`` is CNY unless the amount names another one
(HK$, HKD, 港币/港元 -> HKD; MOP, 澳门元/澳门币 -> MOP; NT$, 新台币 -> TWD), before
or after the number. An amount in 元, 块 or the Cantonese 蚊 with no currency of
its own takes the one other currency the message names (港币3,420元; HK$5,000,
唔还就加500蚊), and stays CNY when the message names none or several. A non-CNY
amount carries ``attrs["display"]`` ({"zh": "5,000 港元", "en": "HK$5,000"}).

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "您已欠款2000元"
    >>> [(e.role, e.value) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('owed', Decimal('2000'))]
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from dunguard.extract.base import Doc
from dunguard.model import Element

CN_DIGITS = "零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
CN_UNITS = "十拾百佰千仟万萬亿億"
_CN = f"[{CN_DIGITS}{CN_UNITS}]"
_CN_DIGIT = f"[{CN_DIGITS}]"

# Arabic amount: grouped thousands or a plain run, optional decimals. The
# lookbehind keeps us out of phone numbers, ids and masked runs ("13812345678").
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Corpus text masks every digit as x ("xxx元", "x.x万元"); letters before it mean a word.
_MASKED = r"[xX]+(?:[.,][xX]+)*"
_MULT = r"[万萬千仟百佰亿億]{1,2}"
# 蚊 is the Cantonese "dollar" (5000蚊, 1万蚊), in Hong Kong and Guangdong alike: not 蚊子, 蚊帐, 蚊香.
_YUAN = r"(?:元|块钱|块|圆|蚊(?![子帐香虫]))"

# Currencies named before or after the number (the text is folded to simplified characters first:
# 港幣 -> 港币, 澳門元 -> 澳门元, 新臺幣 -> 新台币). 澳元 is the Australian dollar, not Macao's.
CURRENCY_PREFIXES: dict[str, str] = {
    "¥": "CNY", "￥": "CNY", "RMB": "CNY", "rmb": "CNY", "人民币": "CNY", "CNY": "CNY",
    "HK$": "HKD", "HKD": "HKD", "港币": "HKD", "港元": "HKD", "港纸": "HKD",
    "MOP$": "MOP", "MOP": "MOP", "澳门币": "MOP", "澳门元": "MOP", "葡币": "MOP",
    "NT$": "TWD", "NTD": "TWD", "TWD": "TWD", "新台币": "TWD", "台币": "TWD",
}  # fmt: skip
CURRENCY_SUFFIXES: dict[str, str] = {
    "人民币": "CNY", "RMB": "CNY", "CNY": "CNY",
    "港元": "HKD", "港币": "HKD", "港纸": "HKD", "HKD": "HKD",
    "澳门元": "MOP", "澳门币": "MOP", "葡币": "MOP", "MOP": "MOP",
    "新台币": "TWD", "台币": "TWD", "TWD": "TWD", "NTD": "TWD",
}  # fmt: skip
# How an amount in each currency reads: (the Chinese words around the number, the English symbol before it).
CURRENCY_NAMES: dict[str, tuple[str, str]] = {
    "CNY": ("{} 元", "¥"), "HKD": ("{} 港元", "HK$"), "MOP": ("{} 澳门元", "MOP$"), "TWD": ("新台币 {} 元", "NT$"),
}  # fmt: skip


def _words(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX = f"(?:{_words(CURRENCY_PREFIXES)})"
_SUFFIX = f"(?:{_words(CURRENCY_SUFFIXES)})"

# A Chinese-numeral amount needs 元/块 (or 大写 元...整) to count as money: bare
# "一万二" is too often not money. 角/分 may follow.
_CN_AMOUNT = (
    rf"(?P<cn>{_CN}+)(?:(?P<cncur>{_SUFFIX})|{_YUAN})"
    rf"(?:(?P<jiao>{_CN_DIGIT})角)?(?:(?P<fen>{_CN_DIGIT})分)?(?P<zheng>整)?"
)

# "2000-3000元", "x-xx万": the lower bound borrows the upper bound's unit.
_RANGE_LOW = rf"(?P<lo>(?>{_ARABIC})|(?>{_MASKED}))(?P<lomult>{_MULT})?\s?(?:-|—|–|~|至|到)\s?"

_NUM_AMOUNT = (
    rf"(?P<pre>{_PREFIX}\s?)?"
    rf"(?:{_RANGE_LOW})?"
    rf"(?:(?P<num>(?>{_ARABIC}))|(?P<mask>(?>{_MASKED})))"
    rf"(?P<mult>{_MULT})?"
    rf"(?P<yuan>\s?(?P<cur>{_SUFFIX})|{_YUAN}(?:整)?)?"
)

# Spoken amounts with a digit after the unit (2万8 = 28,000, 1万2千 = 12,000, 2千5 = 2,500): the trailing digit is
# of the next unit down unless a unit follows it.
_MIXED = (
    r"(?P<mixhi>\d{1,4})(?P<mixu>[万萬千仟])(?P<mixlo>\d)(?P<mixlou>[千仟百佰])?"
    rf"(?![0-9.,]|{_CN})(?P<mixyuan>{_YUAN})?"
)

AMOUNT_RE = re.compile(
    rf"(?<![0-9A-Za-z.,])(?:{_MIXED})"
    # (a number goes on after a comma only without its unit: 1,023.45元,12月9日 is an amount and then a date, the
    # text's ， having been folded to a comma)
    rf"|(?<![0-9A-Za-z])(?<![0-9xX][.,])(?:{_NUM_AMOUNT})(?(yuan)(?![0-9A-Za-z%])|(?![0-9A-Za-z%]|[.,][0-9xX]))"
    rf"|(?P<cnfull>(?<!{_CN}){_CN_AMOUNT})"
    # "你欠的一万二": a Chinese numeral with a place unit, counted only after a money cue.
    rf"|(?P<cnbare>(?<!{_CN}){_CN}{{0,6}}[{CN_UNITS}]{_CN}{{0,6}})(?!{_CN}|{_YUAN}|{_SUFFIX})"
)

# Words right after a number that make it not money, even after a cue ("欠款3期").
_NOT_MONEY_AFTER = re.compile(
    r"\s?(?:[天日月年号號期个個次笔筆条條岁歲人位家分秒倍折周週级星]|小时|钟|点|時|时|%|‰|万人|千人|百人)"
    r"|[-/:：]\d"  # a date or a time going on: "2025-03-01", "12:30"
)

# Money cues that let a bare number ("应还金额:3500.00", "共计1.2万") count.
_CUE_BEFORE = re.compile(
    r"(?:金额|欠款|借款|本金|待还|应还|剩余|未还|还款|欠|共计|合计|总计|总额|费用?|罚息|滞纳金|违约金|"
    r"保证金|手续费|服务费|结清|只需还|需还|转账|汇款|打款|额度|贷款|到账|支付|缴纳|缴费|"
    r"余额|消费|支出|收入|存入|转出)"
    r"(?:金额|总额|额)?(?:的|了|为|是|共|:|：|\s)*(?:人民币)?$"
)

# Role cues, longest first so "最低还款" beats "还款" and "逾期利息" beats "利息".
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "settlement": ("减免后", "结清金额", "一次性结清", "只需还", "只需归还", "只需支付", "结清"),
    "minimum": ("最低还款额", "最低还款", "最低还"),
    "overdue_fee": ("逾期费用", "逾期费", "罚息", "滞纳金", "违约金", "逾期利息", "逾期管理费"),
    "fee": (
        "手续费",
        "服务费",
        "上门费",
        "外访费",
        "保证金",
        "解冻费",
        "工本费",
        "验资费",
        "律师费",
        "催收费",
    ),
    "owed": (
        "总计应还",
        "逾期金额",
        "欠费金额",
        "欠款",
        "借款",
        "本金",
        "待还",
        "应还",
        "剩余",
        "未还",
        "本息",
        "欠费",
        "拖欠",
        "尚欠",
        "共欠",
        "欠",
    ),
}
_ROLE_OF = {cue: role for role, cues in ROLE_CUES.items() for cue in cues}
ROLE_RE = re.compile("|".join(sorted(map(re.escape, _ROLE_OF), key=len, reverse=True)))

# A clause ends at sentence punctuation; a role cue never crosses it.
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
_ROLE_WINDOW = 16

_MULTIPLIER = {
    "万": 10_000,
    "萬": 10_000,
    "千": 1_000,
    "仟": 1_000,
    "百": 100,
    "佰": 100,
    "亿": 100_000_000,
    "億": 100_000_000,
}
_CN_DIGIT_VALUE = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "貳": 2, "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip


@cache
def _cn2an():
    # Imported on first Chinese-numeral amount only: it costs ~86 ms at start-up.
    import cn2an

    return cn2an.cn2an


def cn_to_int(numeral: str) -> int | None:
    """Convert a Chinese numeral ("一万二千", "伍仟叁佰") to an int, or None if malformed."""
    try:
        value = _cn2an()(numeral, "smart")
    except Exception:  # cn2an raises ValueError and bare Exception on odd input
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    return value if isinstance(value, int) else None


def _integral(value: Decimal) -> Decimal:
    """Drop the ".0" that multiplying "3.5" by 万 leaves, keeping other decimals exact."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _role(norm: str, start: int, floor: int) -> str:
    lo = max(floor, start - _ROLE_WINDOW)
    window = norm[lo:start]
    cuts = [c.end() for c in _CLAUSE_END.finditer(window)]
    if cuts:
        window = window[cuts[-1] :]
    role = "other"
    for m in ROLE_RE.finditer(window):
        role = _ROLE_OF[m.group()]
    return role


def _arabic_value(m: re.Match[str], num: str, mult: str | None) -> Decimal | None:
    try:
        value = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None
    if mult:
        factor = 1
        for ch in mult:
            factor *= _MULTIPLIER[ch]
        return _integral(value * factor)
    return value


def _cn_value(m: re.Match[str]) -> Decimal | None:
    whole = cn_to_int(m.group("cn"))
    if whole is None:
        return None
    value = Decimal(whole)
    if m.group("jiao"):
        value += Decimal(_CN_DIGIT_VALUE[m.group("jiao")]) / 10
    if m.group("fen"):
        value += Decimal(_CN_DIGIT_VALUE[m.group("fen")]) / 100
    return value


# Every amount starts with a digit, a mask, a currency prefix or a Chinese numeral. Trying
# AMOUNT_RE only there is the same search as finditer (leftmost, non-overlapping) but skips
# the positions where its lookbehinds and alternatives would be tried in vain: 3x faster.
#
# A lead that cannot start an amount is passed over here, where it costs a character class, not a failed AMOUNT_RE
# match: a Chinese numeral inside a run of them (统一 is not, 第一一 is) or in a run with no unit and no 元/currency
# after it (一起, 三星); a currency's first character not starting its word (人们, 新款); a masked run with no
# multiplier, unit, currency or range after it (电话xxxx, 尾号xxx), which matches only as a bare number, and a
# bare masked run is never kept. (The char classes are a superset of what AMOUNT_RE can go on with there.)
_AFTER_NUMERAL = f"{''.join(sorted({w[0] for w in CURRENCY_SUFFIXES}))}元块圆蚊"
_AFTER_MASK = rf"{_AFTER_NUMERAL}万萬千仟百佰亿億\-—–~至到\s"
_PREFIX_LEADS = "|".join(
    f"(?<={re.escape(first)})(?={'|'.join(re.escape(w[1:]) for w in CURRENCY_PREFIXES if w[0] == first)})"
    for first in sorted({w[0] for w in CURRENCY_PREFIXES})
)
_START = re.compile(
    rf"[\dxX{''.join(sorted({w[0] for w in CURRENCY_PREFIXES}))}{CN_DIGITS}{CN_UNITS}]"
    rf"(?:(?<=\d)"
    rf"|(?<=[xX])(?=(?>[xX]*(?:[.,][xX]+)*)[{_AFTER_MASK}])"
    rf"|(?<!{_CN}{_CN})(?<={_CN})(?:(?<=[{CN_UNITS}])|(?={_CN}*[{CN_UNITS}{_AFTER_NUMERAL}]))"
    rf"|{_PREFIX_LEADS})"
)
# A currency named right before a Chinese-numeral amount (新台币三百元, 港币两万): the amount's own.
_PREFIX_BEFORE = re.compile(rf"({_PREFIX})\s?$")


def _amounts(norm: str):
    pos = 0
    while (s := _START.search(norm, pos)) is not None:
        m = AMOUNT_RE.match(norm, s.start())
        if m is None:
            pos = s.start() + 1
            continue
        yield m
        pos = m.end()


_MIXED_UNITS = {"万": 10_000, "萬": 10_000, "千": 1_000, "仟": 1_000, "百": 100, "佰": 100}


def extract(doc: Doc) -> list[Element]:
    """Find money amounts with exact Decimal values and the role the text gives them."""
    norm = doc.norm
    out: list[Element] = []
    named: list[int] = []  # the amounts that name their currency
    floor = 0
    for m in _amounts(norm):
        start, end = m.span()
        attrs: dict[str, object] = {"currency": "CNY"}
        if m.group("mixhi"):
            if not m.group("mixyuan") and (
                _NOT_MONEY_AFTER.match(norm, end) or not _CUE_BEFORE.search(norm, max(0, start - 12), start)
            ):
                continue
            unit = _MIXED_UNITS[m.group("mixu")]
            low_unit = _MIXED_UNITS[m.group("mixlou")] if m.group("mixlou") else unit // 10
            value = Decimal(int(m.group("mixhi")) * unit + int(m.group("mixlo")) * low_unit)
        elif m.group("cnfull"):
            value = _cn_value(m)
            if value is None:
                continue
        elif m.group("cnbare"):
            if _NOT_MONEY_AFTER.match(norm, end) or not _CUE_BEFORE.search(norm, max(0, start - 12), start):
                continue
            whole = cn_to_int(m.group("cnbare"))
            if whole is None:
                continue
            value = Decimal(whole)
        else:
            has_unit = bool(m.group("pre") or m.group("yuan"))
            if not has_unit:
                if _NOT_MONEY_AFTER.match(norm, end):
                    continue
                # Bare numbers count only right after a money cue ("应还金额:3500").
                if not _CUE_BEFORE.search(norm, max(0, start - 12), start):
                    continue
                if m.group("num") and not m.group("mult") and _looks_like_id(m.group("num")):
                    continue
            low = m.group("lo")
            if m.group("mask") or (low and low[0] in "xX"):
                if not (has_unit or m.group("mult")):
                    continue  # a bare masked run after a cue is as often a rate or a count
                value = None
                attrs["masked"] = True
            else:
                value = _arabic_value(m, m.group("num"), m.group("mult"))
                if value is None:
                    continue
                if low:
                    # A range: the value is its lower bound, the upper one goes in attrs.
                    attrs["max"] = value
                    value = _arabic_value(m, low, m.group("lomult") or m.group("mult"))
                    if value is None or value > attrs["max"]:
                        continue  # "2025-03" is a date, not a range
        currency = _currency(m, norm)
        if currency is not None:
            attrs["currency"] = currency
            named.append(len(out))
        out.append(Element("money", _role(norm, start, floor), doc.span(start, end), value, attrs))
        floor = end
    others = {str(out[i].attrs["currency"]) for i in named}
    if len(others) == 1 and "CNY" not in others:
        # 港币3,420元, HK$5,000…唔还就加500蚊: an amount with no currency of its own is in the one the text names
        for i, el in enumerate(out):
            if i not in named:
                el.attrs["currency"] = next(iter(others))
    for el in out:
        if el.attrs["currency"] != "CNY" and el.value is not None:
            el.attrs["display"] = currency_display(el.value, str(el.attrs["currency"]))
    return out


def _currency(m: re.Match[str], norm: str) -> str | None:
    """The currency the amount names itself (HK$5,000, 5000港元, 新台币三百元), or None (元, 蚊, a bare number)."""
    pre = m.group("pre")
    if pre:
        return CURRENCY_PREFIXES[pre.strip()]
    cur = m.group("cur") or m.group("cncur")
    if cur:
        return CURRENCY_SUFFIXES[cur]
    before = _PREFIX_BEFORE.search(norm, max(0, m.start() - 4), m.start())
    return CURRENCY_PREFIXES[before.group(1)] if before else None


def currency_display(value: Decimal, currency: str) -> dict[str, str]:
    """How an amount reads in each language: {"zh": "5,000 港元", "en": "HK$5,000"}.

    >>> currency_display(Decimal("8650.00"), "HKD")
    {'zh': '8,650 港元', 'en': 'HK$8,650'}
    """
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != value.to_integral() else f"{value:,.0f}"
    return currency_words(text, currency)


def currency_words(text: str, currency: str) -> dict[str, str]:
    """An amount already written out (5,000.00) in its currency's words: {"zh": "5,000.00 港元", "en": "HK$5,000.00"}."""
    words, symbol = CURRENCY_NAMES.get(currency, ("{} " + currency, currency + " "))
    return {"zh": words.format(text), "en": f"{symbol}{text}"}


def _looks_like_id(num: str) -> bool:
    # 11+ bare digits after "转账" are a phone or card number, not an amount.
    return "." not in num and "," not in num and len(num) >= 9
