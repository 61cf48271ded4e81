"""Turn elements, findings and the borrower's context into a Verdict.

The verdict answers three questions, each with the words that support it:
what kind of message this is, whether it is likely genuine, a bluff or a
scam (with a 0-100 scam risk), and how credible a threatened home visit is.
Everything here is an estimate; the texts say "likely"/"可能", never "is".

Example:
    >>> from dunguard.extract.base import Doc
    >>> from dunguard.model import Message
    >>> doc = Doc.from_message(Message("您的借款已逾期,请尽快还款。"))
    >>> assess(doc, [], [], None, None).primary_kind
    'overdue_notice'
"""


from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dunguard.assess.common import (
    BLUFF_MAX_RISK,
    KIND_PRIORITY,
    SCAM_LIKELY,
    THREAT_KINDS,
    _Evidence,
    _t,
    callback_phones,
    court_own_notice,
    has_debt_context,
    is_listed,
    is_official,
    known_lender,
    lender_kind,
    lender_name,
    listed_phones,
    named_lenders,
    official_phones,
    personal_debt,
    relief_agent,
    rule_kinds,
    rule_of,
    rule_tier,
    site_matches,
    visit_claims,
    written_to_third_party,
)
from dunguard.assess.kinds import _kind_reason, _kinds
from dunguard.assess.legitimacy import _legitimacy
from dunguard.assess.scam import _scam_signals
from dunguard.assess.visit import _visit_credibility
from dunguard.extract.base import Doc
from dunguard.grammar import parse_text
from dunguard.model import Context, Element, Finding, Judgement, Reason, Verdict

__all__ = [
    "BLUFF_MAX_RISK",
    "SCAM_LIKELY",
    "THREAT_KINDS",
    "assess",
    "callback_phones",
    "has_debt_context",
    "is_listed",
    "is_official",
    "known_lender",
    "lender_kind",
    "lender_name",
    "listed_phones",
    "named_lenders",
    "official_phones",
    "rule_of",
    "rule_tier",
    "site_matches",
    "visit_claims",
]

_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _few_han(norm: str) -> bool:
    """Fewer than two Chinese characters (found by looking for two, not by listing them all)."""
    first = _HAN_RE.search(norm)
    return first is None or _HAN_RE.search(norm, first.end()) is None


def _not_chinese(norm: str) -> bool:
    """Words in a Latin script and (almost) no Chinese characters."""
    return _few_han(norm) and len(_LATIN_WORD_RE.findall(norm)) >= 4


def _unreadable(norm: str) -> bool:
    """(Almost) no Chinese characters and no words either: garbled, mis-encoded or only symbols and digits."""
    return _few_han(norm) and len(_LATIN_WORD_RE.findall(norm)) < 4


# Scam signs that divert a real bill's payment: a reminder in such a text is the bill it mimics.
_PAYMENT_DIVERTED = frozenset({"channel_change", "pay_link", "personal_account", "new_account", "rule.CN-PAY-001"})


def assess(
    doc: Doc,
    elements: Sequence[Element],
    findings: Sequence[Finding],
    context: Context | None,
    pack: Any,
) -> Verdict:
    """Judge one analysed message: kinds, legitimacy, scam risk and visit credibility.

    Pure: reads only its arguments and immutable reference data.

    Example:
        >>> from dunguard.model import Message
        >>> doc = Doc.from_message(Message("【招商银行】您的信用卡即将到期,请按时还款。"))
        >>> assess(doc, [], [], None, None).kinds
        ('reminder',)
    """
    elements = tuple(elements)
    findings = tuple(findings)
    parse = parse_text(doc.norm)
    kind_ev = _kinds(doc, elements, findings, pack, parse)
    risk, signals = _scam_signals(doc, elements, findings, pack, parse)
    # "scam" as a kind and likely_scam as a verdict must agree: a rule that hints at a scam below the
    # threshold stays visible as a scam signal, not as a label.
    if risk < SCAM_LIKELY:
        kind_ev.pop("scam", None)
    elif "scam" not in kind_ev:
        kind_ev["scam"] = _Evidence([s for r in signals for s in r.spans], [])
        for r in signals:
            for s in r.spans:
                if s.text not in kind_ev["scam"].words:
                    kind_ev["scam"].words.append(s.text)
    # Relief offered inside a scam is its bait, not the lender's offer (the guide: a third party selling
    # such help is a scam): the reader is not told a settlement is on offer.
    # Nor is its due date a repayment reminder ("积分即将到期", "保障到期将扣费" are the pretext), unless the scam
    # is the bill's own payment sent elsewhere (本月账单明日到期，新还款入口…): then the bill is what it mimics.
    if "scam" in kind_ev:
        kind_ev.pop("settlement_offer", None)
        # A debt-relief agent's 律师函一站式处理 or 律师协商 names the service it sells, not a suit against the reader.
        if relief_agent(parse) and not parse.has("legal_at_reader"):
            kind_ev.pop("legal_threat", None)
        if not {r.code for r in signals} & _PAYMENT_DIVERTED:
            kind_ev.pop("reminder", None)
    kinds = tuple(k for k in KIND_PRIORITY if k in kind_ev) or ("other",)
    primary = kinds[0]
    to_third = "third_party_threat" in kinds and written_to_third_party(doc, parse)
    court_caller = parse.has("caller_notice") and court_own_notice(parse)
    kind_reasons = tuple(_kind_reason(k, kind_ev.get(k), to_third, court_caller) for k in kinds)
    # Claims only a court or the police could make (the grammar's legal.strong frames) and rules that
    # borrow the state's name are pressure; "we will sue" and an unverifiable 法务部 label are not.
    court_notice = "court_notice" in parse.signals()
    legal_pressure = not court_notice and (
        any(m.frame.startswith("legal.strong") for m in parse.matches)
        or any("legal_threat" in rule_kinds(rule) and _overstates(rule)
               for rule in (rule_of(pack, f.rule_id) for f in findings))
    )
    legitimacy = _legitimacy(kinds, risk, signals, elements, kind_ev, legal_pressure, parse, doc, to_third)
    visit = _visit_credibility(doc, elements, context, risk)
    if legitimacy.value == "unclear" and personal_debt(doc, elements, parse, kinds, False):
        # Not a lender's notice to check in an app: a person's own money, true or not as the reader knows.
        legitimacy = Judgement("unclear", (Reason("personal_debt", _t(
            "这像是认识的人催你还自己的钱，不是贷款机构发的：是真是假要看你是否确实向对方借过；"
            "如果号码陌生，先用你存的号码问问是不是本人。",
            "This looks like someone you know asking for their own money back, not a lender: whether it is real "
            "depends on whether you did borrow from them; if the number is unfamiliar, ask them on the number you "
            "have saved whether it is really them.",
        )),))
    if kinds == ("other",) and risk < SCAM_LIKELY and _unreadable(doc.norm):
        # A paste gone wrong (control characters, the wrong encoding) must not get a "looks genuine" badge.
        unread = Reason("unreadable", _t(
            "这段文字看不懂：几乎没有汉字或词语，可能是复制不完整、乱码或编码错误。请检查后重新粘贴短信原文。",
            "This text cannot be read: it has almost no Chinese characters or words, so it may be cut off, garbled "
            "or in the wrong encoding. Check it and paste the message again.",
        ))
        kind_reasons = (replace(kind_reasons[0], text=unread.text),)
        legitimacy = Judgement("unclear", (unread,))
        visit = Judgement("unknown", (unread,))
    elif kinds == ("other",) and risk < SCAM_LIKELY and _not_chinese(doc.norm):
        # English, say: the grammar reads Chinese only, so "no collection wording" would be false comfort.
        unread = Reason("not_chinese", _t(
            "这条短信不是中文。本工具目前只能读懂中文短信，对其他语言的判断不可靠：不要因为这里没有发现问题就放心，"
            "请通过官方渠道核实，受到威胁时报警。",
            "This message is not in Chinese. The tool can read only Chinese messages for now, so its judgement of "
            "other languages is not reliable: do not take the absence of findings as reassurance; check through "
            "official channels, and call the police if you are threatened.",
        ))
        unsure = Reason("not_chinese", _t("短信不是中文，无法可靠判断（见上）。",
                                          "Not a Chinese message: no reliable judgement (see above)."))
        kind_reasons = (replace(kind_reasons[0], text=unread.text),)
        legitimacy = Judgement("unclear", (unsure, *(r for r in legitimacy.reasons if r.code != "not_collection")))
        visit = Judgement("unknown", (unsure,))
    return Verdict(
        kinds=kinds,
        primary_kind=primary,
        kind_reasons=kind_reasons,
        legitimacy=legitimacy,
        scam_risk=risk,
        scam_signals=tuple(signals),
        visit_credibility=visit,
    )


def _overstates(rule: Any) -> bool:
    # Borrowing the state's name is pressure; "we will sue" (a misleading-tier rule) is a step a lender
    # may take, and claims only a court could make are caught by the grammar's legal.strong frames.
    return getattr(rule, "tier", None) == "crime"
