"""Accounts the message asks money to go to: bank cards, 收款账户, 支付宝, 微信, QQ, and the payee name.

A collection message that names a personal account ("转到支付宝xxx", "户名张三")
is a strong scam signal; regular lenders collect through their own app or a
company account. Roles: bank_card, bank_account, alipay, wechat, qq, payee_name.

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "请转账至支付宝账号：pay8888@163.com"
    >>> [(e.role, e.value) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('alipay', 'pay8888@163.com')]
"""

from __future__ import annotations

import re

from dunguard.extract.base import Doc, drop_overlaps
from dunguard.model import Element
from dunguard.regexcache import any_anchor, finditer_led

# 16-19 digits, plain or in groups of four (pasted texts often pad the groups with several spaces);
# masks (x, *) may stand for digits.
CARD_RE = re.compile(
    r"(?<![0-9A-Za-z*])(?P<card>[0-9xX*]{4}(?:[ -]{0,3}[0-9xX*]{4}){3}(?:[ -]{0,3}[0-9xX*]{1,3})?)(?![0-9A-Za-z*])"
)
# Where CARD_RE and MASKED_CARD_RE can start (regexcache.finditer_led): at a digit or mask with the rest of the
# number after it, never after one (their lookbehinds refuse it). A lead runs on over the digits and masks that
# follow, where no match can start either. The lookaheads are a cheap first check of the regex: a masked phone
# number (xxxxxxxxxxx) is passed over by the scan, not tried by CARD_RE.
_MASKED_CARD_LEAD = re.compile(r"[3-6](?=\d{3,5}[xX*]{4,12}\d{4})[0-9xX*]*")
_CARD_LEAD = re.compile(r"[0-9xX*](?=[0-9xX*]{3}(?:[ -]{0,3}[0-9xX*]{4}){3})[0-9xX*]*")
_BANK = r"银行|[工农中建交招]行|工商(?!注册|局|执照|管理)|邮政|邮储|农商行?|信用社|农信社|民生行?|浦发|兴业|光大|中信"
_CARD_CUE = re.compile(
    rf"(?:卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|账户|帐户|收款|转账|汇款|打款|转入|存入|{_BANK})"
)
# A card number written first and explained after ("xxxx xxxx xxxx xxxx 建行 张三，打到这个卡上").
_CARD_CUE_AFTER = re.compile(rf"(?:{_BANK}|卡上|帐上|账上|这个卡|这张卡)")
_ID_CUE = re.compile(r"(?:身份证|证件号|公民身份)")
_CUE_WINDOW = 12

TAIL_RE = re.compile(r"(?:尾号|末四位|后四位)(?:为|是)?\s?[:：]?\s?(?P<tail>[0-9xX*]{3,4})(?![0-9])")
# "运单尾号0100", "手机尾号1234": a tail of something that is not a card.
_NOT_CARD_TAIL = re.compile(r"(?:运单|快递|单号|订单|手机|号码|电话|车牌|身份证)$")
# A card shown as first digits, masks and last four ("6228****6519"), too short for CARD_RE.
MASKED_CARD_RE = re.compile(
    r"(?<![0-9A-Za-z*])(?P<card>[3-6]\d{3,5}[xX*]{4,12}(?P<tail>\d{4}))(?![0-9A-Za-z*])"
)

_SEP = r"\s?(?:为|是)?\s?[:：]?\s?"
BANK_ACCOUNT_RE = re.compile(
    rf"(?P<cue>收款账户|收款账号|收款帐号|收款卡号|还款账户|还款账号|对公账户|对公账号|银行账号|银行卡号|"
    rf"银行卡|指定账户|账户|帐户|账号|帐号|卡号){_SEP}(?P<id>[0-9xX*](?:[0-9xX*]|[ -]{{1,3}}(?=[0-9xX*])){{7,30}})(?![0-9A-Za-z])"
)
# Alipay accounts are phone numbers or e-mail addresses; a bare "支付宝" needs 账号 or a colon.
ALIPAY_RE = re.compile(
    rf"(?P<cue>支付宝(?:账号|帐号|账户|帐户)?){_SEP}"
    r"(?P<id>[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}|1[3-9x][0-9xX*]{9}|[0-9xX*]{5,20})"
    r"(?![0-9A-Za-z@])"
)
# WeChat ids: 6-20 characters starting with a letter, or a phone or QQ number.
WECHAT_RE = re.compile(
    rf"(?P<cue>微信号?|威信|薇信|[vV]信|[vVwW][xX](?=[:：\s]))\s?(?:号)?{_SEP}"
    r"(?P<id>[A-Za-z][A-Za-z0-9_\-]{5,19}|[0-9xX*]{5,13})(?![0-9A-Za-z_\-])"
)
# The characters a WeChat cue starts with (regexcache.finditer_led): the classes among its alternatives keep the
# engine from scanning for their first characters itself, and it would try every position.
_WECHAT_LEAD = re.compile("[微威薇vVwW]")
QQ_RE = re.compile(rf"(?P<cue>(?:QQ|qq|扣扣)(?:号)?){_SEP}(?P<id>[1-9x][0-9xX]{{4,11}})(?![0-9A-Za-z])")
# A payee name: 2-4 Chinese characters, stopping before words that start the next phrase.
PAYEE_RE = re.compile(
    # (not 用户名, the account holder on a utility bill)
    # (and the lookbehind after 户, not before it: with every alternative led by a character, the engine scans for
    # those instead of trying every position)
    rf"(?P<cue>收款户名|收款人|开户名|户(?<!用户)名|收款方){_SEP}"
    r"(?P<id>[\u4e00-\u9fff]{2,4}?)(?=[^\u4e00-\u9fff]|$|开户|账号|帐号|卡号|银行|请|的)"
)

_HANDLES = (
    ("alipay", ALIPAY_RE, None),
    ("wechat", WECHAT_RE, _WECHAT_LEAD),
    ("qq", QQ_RE, None),
    ("payee_name", PAYEE_RE, None),
    ("bank_account", BANK_ACCOUNT_RE, None),
)
# Every tail, handle or payee name follows a cue word (尾号, 微信, 户名, 账号…): a text holding none of them,
# most texts, is turned away by one scan where each regex would run its own.
_CUES = any_anchor(TAIL_RE, *(regex for _, regex, _ in _HANDLES))


def _masked(value: str) -> bool:
    return any(c in "xX*" for c in value)


def _masked_handle(ident: str) -> bool:
    """A chat or payment handle hidden by the page: digits with x or * in them (138xxxx8888), or a run of masks in a
    name (wx***12). An x among letters is a letter (zx88866)."""
    if re.fullmatch(r"[0-9xX*]+", ident):
        return _masked(ident)
    return "*" in ident or re.search(r"[xX]{3,}", ident) is not None


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _digits(value: str) -> str:
    return re.sub(r"[ -]", "", value)


def _card(doc: Doc, start: int, end: int, raw: str, cue: bool) -> Element | None:
    flat = _digits(raw)
    if not 16 <= len(flat) <= 19:
        return None
    masked = _masked(flat)
    lo = max(0, start - _CUE_WINDOW)
    if _ID_CUE.search(doc.norm, lo, start):
        return None  # an 18-digit 身份证 number, not a card
    if masked:
        # A run of masks is only a card when the text says so; it shows digits
        # it kept, usually the last four.
        if not cue:
            return None
        visible = re.search(r"[0-9]+$", flat)
        attrs = {"masked": True, "tail": visible.group() if visible else None}
        return Element("account", "bank_card", doc.span(start, end), None, attrs)
    if not cue and flat[0] not in "3456":
        return None
    return Element("account", "bank_card", doc.span(start, end), flat, {"masked": False, "luhn": _luhn(flat)})


def extract(doc: Doc) -> list[Element]:
    """Find bank cards, collection accounts, payment handles and payee names."""
    norm = doc.norm
    out: list[Element] = []
    for m in finditer_led(_CARD_LEAD, CARD_RE, norm):
        start, end = m.span("card")
        cue = bool(_CARD_CUE.search(norm, max(0, start - _CUE_WINDOW), start)
                   or _CARD_CUE_AFTER.search(norm, end, end + _CUE_WINDOW))
        el = _card(doc, start, end, m.group("card"), cue)
        if el is not None:
            out.append(el)
    for m in finditer_led(_MASKED_CARD_LEAD, MASKED_CARD_RE, norm):
        start, end = m.span("card")
        if _CARD_CUE.search(norm, max(0, start - _CUE_WINDOW), start) or m.group().startswith("62"):
            attrs = {"masked": True, "tail": m.group("tail")}
            out.append(Element("account", "bank_card", doc.span(start, end), None, attrs))
    if _CUES is None or _CUES.search(norm) is not None:
        out.extend(_tails_and_handles(doc))
    return drop_overlaps(out)


def _tails_and_handles(doc: Doc) -> list[Element]:
    norm = doc.norm
    out: list[Element] = []
    for m in TAIL_RE.finditer(norm):
        if _NOT_CARD_TAIL.search(norm, max(0, m.start() - 4), m.start()):
            continue
        tail = m.group("tail")
        attrs = {"masked": True, "tail": None if _masked(tail) else tail}
        out.append(Element("account", "bank_card", doc.span(*m.span()), None, attrs))
    for role, regex, lead in _HANDLES:
        for m in finditer_led(lead, regex, norm) if lead else regex.finditer(norm):
            ident = m.group("id")
            kind = role
            if role == "bank_account":
                flat = _digits(ident)
                if 16 <= len(flat) <= 19 and "卡" in m.group("cue"):
                    continue  # a card number: CARD_RE reports it with its own span
                masked = _masked(flat)
                value = None if masked else flat
                if value is not None and 16 <= len(flat) <= 19 and flat.startswith("62"):
                    # a UnionPay card number (BIN 62), a person's card whatever it is called (垫资账户 6228…)
                    kind = "bank_card"
            else:
                masked = role != "payee_name" and _masked_handle(ident)
                value = None if masked else ident
            attrs = {"masked": masked, "cue": m.group("cue")}
            out.append(Element("account", kind, doc.span(m.start(), m.end()), value, attrs))
    return out
