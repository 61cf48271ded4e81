"""Phone numbers in the text, and what kind each is: mobile, landline, 95xxx, 400, 106 gateway...

Candidates are runs of digits (and masks x/*) with single - or space
separators; a run followed by 元/天/月... is an amount or a date, not a
number. Service prefixes and named short numbers come from
``data/phone_prefixes.yaml``; mobiles, landlines and overseas numbers are
checked by phonenumbers, imported lazily (about 30 ms). A landline's region
comes from our area-code table; its 40 MB geocoder (about 400 ms to load) is
never touched by ``extract``.

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "请致电客服95188"
    >>> [(e.value, e.attrs["kind"]) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('95188', 'service_95')]
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from dunguard.errors import BadData
from dunguard.extract.base import Doc, normalize
from dunguard.model import Element
from dunguard.regexcache import finditer_led

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "phone_prefixes.yaml"

KINDS = (
    "mobile",
    "landline",
    "service_95",
    "service_96",
    "service_400",
    "service_800",
    "service_1010",
    "sms_gateway_106",
    "hotline_short",
    "overseas",
    "masked",
    "unknown",
)
_CONFIDENCE = ("V", "S", "U")

# A run of digits or masks with single "-" or space separators, optionally "+",
# optionally "(0755)". The lookarounds keep us out of ids, urls, emails and decimals.
CANDIDATE_RE = re.compile(
    r"(?<![0-9A-Za-z*#@_/=&?%+\-])(?<![0-9A-Za-z][.])"
    r"(?P<plus>\+\s?)?"
    r"(?:\((?P<area>0\d{2,3})\)\s?)?"
    r"(?P<body>[0-9xX*](?:[0-9xX*]|[- ](?=[0-9xX*])){2,26})"
    r"(?![0-9A-Za-z*]|\.\d)"
)
# Where a candidate can start (regexcache.finditer_led): at "+", "(" or a digit or mask, never inside a run of
# digits and masks (the lookbehind refuses them and "+"), but perhaps right after "(" (the (0755) form or not).
_CANDIDATE_LEAD = re.compile(r"[+(0-9xX*](?:(?<!\()[0-9xX*]+)?")

# What follows an amount, a count or a date, not a phone number ("2000元", "15天", "3月").
_UNIT_AFTER = re.compile(
    r"\s?(?:[元块万千百亿天日月年点時时分秒%‰个個次期岁倍折米克斤人位条笔张楼室栋层]|号(?!码)|小时|周|週|w|W|k|K)"
)
# Words before a run that make it a code, card or id rather than a number to call.
_ID_BEFORE = re.compile(
    r"(?:尾号|卡号|账号|帐号|账户|编号|单号|订单号|合同号|验证码|校验码|动态码|密码|工号|证号|身份证|"
    r"编码|代码|邮编|QQ|qq|微信号|支付宝|第|No\.?|NO\.?|¥|￥|RMB|人民币|\$|"
    # a parcel's tracking number (您的EMS邮件11****0826, 快件SF1420…, 运单)
    r"邮件|快件|包裹|运单|EMS|ems|SF|JD|YT|ZTO)\s?[:：]?\s?$"
)
# Words that announce a number to call; needed for short and local numbers.
_CUE_BEFORE = re.compile(
    r"(?:电话|致电|拨打|拨|热线|客服|联系|手机|座机|号码|来电|回电|专线|报警|咨询|详询|垂询|tel|Tel|TEL|call|Call|☎|📞)"
)
_CUE_WINDOW = 12
_DATE_SHAPE = re.compile(r"^(?:(?:19|20)\d\d|[xX]{4})[- ][0-9xX]{1,2}[- ][0-9xX]{1,2}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Cards are shown as first 4-6 and last 4 digits; numbers to call never start with 2-6 that way.
_CARD_DISPLAY = re.compile(r"^[2-6]\d{3,5}[xX*]{4,12}\d{4}$")
_LANDLINE = re.compile(r"^0[1-9]\d{8,10}$")
# Hong Kong, Macao and Taiwan, often written without the + (852 9123 4567, 85366123456): no mainland
# number starts so (mobiles start with 1, landlines with 0). Read as their region's numbers by
# phonenumbers, and only with a cue or the code written apart: a bare 11-digit run may be an id.
_REGIONAL_CODES = ("852", "853", "886")
_REGIONAL_APART = re.compile(r"^(?:852|853|886)[- ]")
# The region each of them is, as the report names it (render/labels.py reads these in English too).
_REGION_NAMES = {"HK": "香港", "MO": "澳门", "TW": "台湾"}


@cache
def prefix_table() -> dict[str, Any]:
    """Load and validate data/phone_prefixes.yaml once."""
    try:
        # The C loader, when built, reads this file in a few ms instead of ~30.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise BadData("bad_data", path=DATA_FILE.name, reason=str(exc)) from exc
    if not isinstance(raw, dict):
        raise BadData("bad_data", path=DATA_FILE.name, reason="top level must be a mapping")
    prefixes: list[dict[str, Any]] = []
    for i, entry in enumerate(raw.get("prefixes") or []):
        where = f"prefixes[{i}]"
        _require(entry, where, ("prefix", "kind", "lengths", "meaning", "source", "confidence"))
        if not str(entry["prefix"]).isdigit() or entry["kind"] not in KINDS:
            raise BadData("bad_data", path=DATA_FILE.name, reason=f"{where}: bad prefix or kind")
        if not entry["lengths"] or not all(isinstance(n, int) for n in entry["lengths"]):
            raise BadData("bad_data", path=DATA_FILE.name, reason=f"{where}: lengths must be integers")
        prefixes.append(entry)
    numbers: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(raw.get("numbers") or []):
        where = f"numbers[{i}]"
        _require(entry, where, ("number", "category", "name", "source", "confidence"))
        number = str(entry["number"])
        if not number.isdigit() or number in numbers:
            raise BadData(
                "bad_data", path=DATA_FILE.name, reason=f"{where}: bad or duplicate number {number}"
            )
        numbers[number] = entry
    # Longest prefix first so "106" is tried before a shorter prefix could claim it.
    prefixes.sort(key=lambda e: -len(str(e["prefix"])))
    areas = raw.get("area_codes") or {}
    if not isinstance(areas, dict):
        raise BadData("bad_data", path=DATA_FILE.name, reason="area_codes must be a mapping")
    for code, region in areas.items():
        if not (isinstance(code, str) and code.isdigit() and code.startswith("0")) or not region:
            raise BadData("bad_data", path=DATA_FILE.name, reason=f"area_codes: bad entry {code!r}")
    virtual = raw.get("virtual_mobile") or {}
    _require(virtual, "virtual_mobile", ("prefixes", "meaning", "source", "confidence"))
    if not all(str(p).isdigit() and str(p).startswith("1") for p in virtual["prefixes"]):
        raise BadData("bad_data", path=DATA_FILE.name, reason="virtual_mobile: prefixes must be mobile prefixes")
    return {"prefixes": prefixes, "numbers": numbers, "area_codes": areas,
            "virtual": tuple(str(p) for p in virtual["prefixes"])}


def area_region(digits: str) -> str | None:
    """Region of a landline from its area code ("0755..." -> "广东省深圳市"), longest code first."""
    areas = prefix_table()["area_codes"]
    for size in (5, 4, 3):
        region = areas.get(digits[:size])
        if region:
            return region
    return None


def _require(entry: Any, where: str, keys: tuple[str, ...]) -> None:
    if not isinstance(entry, dict):
        raise BadData("bad_data", path=DATA_FILE.name, reason=f"{where}: must be a mapping")
    missing = [k for k in keys if k not in entry]
    if missing:
        raise BadData("bad_data", path=DATA_FILE.name, reason=f"{where}: missing {', '.join(missing)}")
    conf = entry.get("confidence")
    if conf not in _CONFIDENCE:
        raise BadData("bad_data", path=DATA_FILE.name, reason=f"{where}: confidence must be V, S or U")
    name = entry.get("name") or entry.get("meaning")
    if not isinstance(name, dict) or not name.get("zh") or not name.get("en"):
        raise BadData("bad_data", path=DATA_FILE.name, reason=f"{where}: needs a zh and en name")


@cache
def _phonenumbers() -> Any:
    # 25 ms to import; only paid when a message holds a mobile, landline or overseas number.
    import phonenumbers

    return phonenumbers


@lru_cache(maxsize=4096)
def _carrier(e164: str) -> str | None:
    """Carrier that was given the number block (zh); ported numbers may have moved since."""
    pn = _phonenumbers()
    from phonenumbers import carrier  # about 26 ms on first use

    return carrier.name_for_number(pn.parse(e164, None), "zh") or None


def number_block_region(e164: str) -> str | None:
    """Province/city of a mobile's number block ("江苏省连云港市"), for detail views only.

    Not called by ``extract``: the geocoder loads 40 MB of data in about 400 ms,
    and a block's home says little about who holds the number today.
    """
    pn = _phonenumbers()
    from phonenumbers import geocoder

    try:
        region = geocoder.description_for_number(pn.parse(e164, None), "zh")
    except pn.NumberParseException:
        return None
    return None if region in ("", "中国") else region


def _parse_valid(digits: str, region: str | None) -> Any | None:
    pn = _phonenumbers()
    try:
        num = pn.parse(digits, region)
    except pn.NumberParseException:
        return None
    return num if pn.is_valid_number(num) else None


def classify(digits: str, *, plus: bool = False, cue: bool = False) -> dict[str, Any] | None:
    """Classify a digit string; None when it is not a phone number we would report.

    ``cue`` says the text announces a number ("电话", "拨打"), which lets short
    and local numbers through.
    """
    table = prefix_table()
    regional = (
        not plus and cue and digits.startswith(_REGIONAL_CODES) and len(digits) in (11, 12)
        and _parse_valid("+" + digits, None) is not None
    )
    if plus or regional or (digits.startswith("00") and len(digits) >= 9):
        intl = digits if plus or regional else digits[2:]
        num = _parse_valid("+" + intl, None)
        if num is None:
            return {"kind": "unknown", "value": "+" + intl} if cue else None
        if num.country_code == 86:
            national = str(num.national_number)
            # phonenumbers drops the trunk 0 of area codes; our tables expect it back.
            digits = national if national.startswith(("1", "400", "800", "95", "96")) else "0" + national
        else:
            pn = _phonenumbers()
            e164 = pn.format_number(num, pn.PhoneNumberFormat.E164)
            country = pn.region_code_for_number(num)
            info = {"kind": "overseas", "value": e164, "country": country}
            if country in _REGION_NAMES:
                info["region"] = _REGION_NAMES[country]
            return info
    elif digits.startswith("86") and len(digits) == 13 and _MOBILE.match(digits[2:]):
        digits = digits[2:]

    named = table["numbers"].get(digits)
    if named is not None and (len(digits) >= 5 or cue):
        return {
            "kind": "hotline_short",
            "value": digits,
            "name": named["name"]["zh"],
            "name_en": named["name"]["en"],
            "category": named["category"],
        }
    for entry in table["prefixes"]:
        if digits.startswith(str(entry["prefix"])) and len(digits) in entry["lengths"]:
            return {"kind": entry["kind"], "value": digits}
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        num = _parse_valid(digits, "CN")
        if num is not None:
            pn = _phonenumbers()
            e164 = pn.format_number(num, pn.PhoneNumberFormat.E164)
            if digits[0] == "1":
                info = {"kind": "mobile", "value": e164, "carrier": _carrier(e164)}
                if digits.startswith(table["virtual"]):
                    info["virtual"] = True
                return info
            return {"kind": "landline", "value": e164, "region": area_region(digits)}
    if len(digits) == 5 and digits.startswith(("12", "10", "11")):
        # 12xxx, 10xxx and 11xxx are public-service, carrier and national-service short codes (11185, 11183 of
        # the postal service): a five-digit number starting with 1 is never a person's phone.
        return {"kind": "hotline_short", "value": digits}
    if cue and 7 <= len(digits) <= 8 and digits[0] in "2345678":
        # A local landline written without its area code.
        return {"kind": "landline", "value": digits, "local": True}
    if cue and 5 <= len(digits) <= 15:
        return {"kind": "unknown", "value": digits}
    return None


def _kind_hint(body: str) -> str:
    """Guess what a masked number was from its visible digits and its shape."""
    flat = re.sub(r"[-\s]", "", body)
    known = re.match(r"\d*", flat).group()
    groups = [len(g) for g in re.split(r"[-\s]", body)]
    if known.startswith("400"):
        return "service_400"
    if known.startswith("800"):
        return "service_800"
    if known.startswith("106"):
        return "sms_gateway_106"
    if known.startswith("95"):
        return "service_95"
    if known.startswith("96"):
        return "service_96"
    if known.startswith("0"):
        return "landline"
    if (known[:1] == "1" and len(flat) == 11) or (not known and groups in ([11], [3, 4, 4])):
        return "mobile"
    if groups in ([3, 3, 4], [4, 3, 3]):
        return "service_400"
    if len(groups) == 2 and groups[0] in (3, 4) and groups[1] in (7, 8):
        return "landline"
    return "unknown"


def _element(doc: Doc, start: int, end: int, info: dict[str, Any], masked: bool) -> Element:
    attrs: dict[str, Any] = {
        "kind": info["kind"],
        "region": info.get("region"),
        "carrier": info.get("carrier"),
        "masked": masked,
    }
    for key in ("name", "name_en", "category", "kind_hint", "local", "country", "virtual"):
        if key in info:
            attrs[key] = info[key]
    return Element("phone", "contact", doc.span(start, end), info.get("value"), attrs)


def extract(doc: Doc) -> list[Element]:
    """Find phone numbers (including masked ones) and classify each."""
    norm = doc.norm
    out: list[Element] = []
    for m in finditer_led(_CANDIDATE_LEAD, CANDIDATE_RE, norm):
        body = m.group("body")
        start, end = m.span()
        if _UNIT_AFTER.match(norm, end):
            continue
        lo = max(0, start - _CUE_WINDOW)
        if _ID_BEFORE.search(norm, lo, start):
            continue
        if _DATE_SHAPE.match(body):
            continue
        cue = bool(_CUE_BEFORE.search(norm, lo, start))
        area = m.group("area") or ""
        flat = area + re.sub(r"[-\s]", "", body)
        if not flat.isdigit():
            if not re.fullmatch(r"[0-9xX*]+", flat) or len(flat) < 7 and not (cue and len(flat) >= 5):
                continue
            if len(flat) > 13 or _CARD_DISPLAY.match(flat):
                continue  # a masked bank card ("6228****6519"), handled by the account extractor
            info = {"kind": "masked", "value": None, "kind_hint": _kind_hint(area + body)}
            out.append(_element(doc, start, end, info, True))
            continue
        if len(flat) > 13 and not flat.startswith(("106", "00")) and not m.group("plus"):
            continue  # 16-19 digits are bank cards (account extractor), longer runs are ids
        # 852 9123 4567: a regional code written apart is as good as a cue
        info = classify(flat, plus=bool(m.group("plus")), cue=cue or bool(_REGIONAL_APART.match(body)))
        if info is None:
            continue
        out.append(_element(doc, start, end, info, False))
    return out


def classify_sender(sender: str) -> dict[str, Any]:
    """Describe Message.sender: a 106 gateway, a personal mobile, a 95xxx hotline, a name...

    Example:
        >>> classify_sender("1069012345678")["kind"]
        'sms_gateway_106'
    """
    raw = (sender or "").strip()
    text = normalize(raw)
    flat = re.sub(r"[-\s()]", "", text)
    plus = flat.startswith("+")
    digits = flat.lstrip("+")
    out: dict[str, Any] = {"raw": raw, "kind": "unknown", "value": None, "region": None, "carrier": None}
    if not digits:
        return out
    if not digits.isdigit():
        if re.fullmatch(r"[0-9xX*]+", digits) and re.search(r"[0-9]", digits):
            out.update(kind="masked", masked=True, kind_hint=_kind_hint(digits))
        else:
            # An alphanumeric sender id (iMessage address, "招商银行"): not a phone number.
            out["kind"] = "name"
        return out
    info = classify(digits, plus=plus, cue=True)
    if info is not None:
        out.update(info)
    else:
        out["value"] = digits
    out["masked"] = False
    return out
