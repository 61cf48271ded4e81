"""What kind of message this is: reminder, overdue notice, threats, scam, offer, other."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from dunguard.assess.common import (
    _Evidence,
    _matches,
    _t,
    has_debt_context,
    rule_kinds,
    rule_of,
    visit_claims,
)
from dunguard.extract.base import Doc
from dunguard.model import Element, Finding, Reason, Span

_DUE_RE = re.compile(
    r"即将到期|到期日|还款日|最后还款日|今日到期|明日到期|明天到期|将于[^。,，]{0,12}到期|本期应还|账单日"
    r"|本月需还|本月应还|(就要|即将|将要|快要)逾期"
)
# "账单已出" is a phone or utility bill too; it is a loan reminder only beside a repayment word.
_BILL_RE = re.compile(r"本期账单|账单已出")
# A pay-by date with a repayment verb is a reminder even without the word 到期 ("请于8月25日前还款").
_ADDRESSEE_RE = re.compile(r"你|您|阁下")
_REPAY_VERB_RE = re.compile(r"(完成)?(本期)?(分期)?(还款|还清|归还|缴清)")
# Repayment confirmations ("还款时间: …", "入账后还清…账单") look like reminders but report a payment made.
_PAID_RE = re.compile(r"已还|还款成功|入账|存入|还款金额[:：]|还款时间[:：]|已结清")
_OVERDUE_RE = re.compile(
    r"已(经|连续|严重)?逾期|逾期未还|逾期行为|逾期状态|连续逾期|严重逾期|长期逾期"
    r"|逾期(\d+|[一二三四五六七八九十几X]+)(天|日|期|个月)|拖欠|欠款未还|(?<![不停])催收(?!.{0,4}诈骗)"
)
# Each family has words specific to debt collection (counted anywhere) and words that adverts use
# too (counted only when the message is about a debt, see _DEBT_RE).
_SETTLE_STRONG_RE = re.compile(r"结清优惠|停息挂账|一次性结清|个性化分期|延期还款|债务和解|协商还款")
_SETTLE_RE = re.compile(r"减免|分期方案|免除[^。,，]{0,4}(利息|罚息|违约金)|展期|宽限期|化解")
# A lawsuit, arbitration or a lawyer's letter is a step a lender may really take; these words
# make a legal threat but not, by themselves, a bluff. A negation (不起诉, 撤诉) cancels them.
_LEGAL_REAL_RE = re.compile(
    r"(?<![不免撤无])(起诉|提起诉讼|诉讼|律师函|仲裁|司法程序|法律程序|法律措施|法律手段|法律途径|司法途径|追究法律责任)"
)
# Claims that overstate what non-payment leads to, or borrow the state's authority: pressure.
# The first set reads as a threat anywhere; the second also appears in loan adverts ("黑名单可贷").
_LEGAL_PRESSURE_STRONG_RE = re.compile(
    r"(?<![不免撤无])(立案|传票|强制执行|强制措施|(移交|上报|报)[^。,，]{0,4}(公安|派出所|司法机关)"
    r"|刑事|坐牢|拘留|判刑|失信|限制出行|出行受限|限高|司法调查|涉嫌[^。,，]{0,4}诈骗|通缉|法院外访"
    r"|(财产|银行卡|账户|资产)[^。,，]{0,2}冻结|冻结[^。,，]{0,6}(财产|银行卡|账户|资产))"
)
_LEGAL_PRESSURE_WEAK_RE = re.compile(r"(?<![不免撤无])(公安机关|派出所|黑名单)")
_THIRD_PARTY_STRONG_RE = re.compile(
    r"通讯录|紧急联系人|通知函|爆通讯录"
    # Addressed to someone else about the debtor, or a threat that the family will find out.
    r"|关联用户|关联人|督促(其|他|她|TA|ta)?还款|请转告|转告(他|她|TA)"
    r"|让(你|您)的?(全家|家人|家里人|父母|亲戚|朋友|同事|领导|单位)[^。,，!！]{0,3}知道"
)
_THIRD_PARTY_RE = re.compile(
    r"联系你的?(家人|父母|亲友|同事|朋友|单位|领导)|通知你的?(家人|父母|亲友|同事|朋友|单位|领导)"
    r"|(家人|亲友|朋友|同事|单位|领导|父母)[^。,，!！]{0,6}(收到|知道|告知|通知|沟通)"
    # A message addressed to someone else about the debtor's loan.
    r"|(您|你)的?(朋友|亲友|家人|同事|父母|儿子|女儿|配偶|亲属)[^。,，]{0,8}(欠款|贷款|借款|待还款|還款|逾期)"
    r"|告诉(他|她|TA)"
)


def _kinds(
    doc: Doc, elements: Sequence[Element], findings: Sequence[Finding], pack: Any
) -> dict[str, _Evidence]:
    ev: dict[str, _Evidence] = {}

    def add(kind: str, spans: Iterable[Span]) -> None:
        box = ev.setdefault(kind, _Evidence([], []))
        for span in spans:
            box.add(span)

    for f in findings:
        for kind in rule_kinds(rule_of(pack, f.rule_id)):
            add(kind, f.spans)

    debt = has_debt_context(doc, elements)
    due = _matches(doc, _DUE_RE)
    if not due and _REPAY_VERB_RE.search(doc.norm):
        due = _matches(doc, _BILL_RE)
    if not due and not _PAID_RE.search(doc.norm):
        for e in elements:
            if e.type == "time" and e.role == "deadline" and e.attrs.get("kind") == "before":
                verb = _REPAY_VERB_RE.match(doc.norm, e.end)
                if verb:
                    due = [e.span, doc.span(verb.start(), verb.end())]
                    break
    if due:
        support = [
            e.span for e in elements
            if (e.type == "time" and e.role == "deadline") or (e.type == "money" and e.role == "owed")
        ]
        add("reminder", due + support)
    overdue = [e.span for e in elements if e.type == "overdue"] + _matches(doc, _OVERDUE_RE)
    if overdue:
        add("overdue_notice", overdue)
    visits = visit_claims(doc, elements)
    if visits:
        add("visit_threat", [v.span for v in visits])
        third = [v.span for v in visits if v.attrs.get("target") in ("workplace", "village_committee", "relatives")]
        if third:
            add("third_party_threat", third)
    # News about someone else's case ("被证监会立案调查") is not a threat to the reader.
    legal = _matches(doc, _LEGAL_PRESSURE_STRONG_RE) if debt or _ADDRESSEE_RE.search(doc.norm) else []
    third_words = _matches(doc, _THIRD_PARTY_STRONG_RE)
    settle = _matches(doc, _SETTLE_STRONG_RE)
    if debt:
        legal += _matches(doc, _LEGAL_REAL_RE) + _matches(doc, _LEGAL_PRESSURE_WEAK_RE)
        third_words += _matches(doc, _THIRD_PARTY_RE)
        settle += _matches(doc, _SETTLE_RE)
    for kind, spans in (("legal_threat", legal), ("third_party_threat", third_words), ("settlement_offer", settle)):
        if spans:
            add(kind, sorted(spans, key=lambda s: s.start))
    # A reminder is about a debt not yet due; once overdue the notice supersedes it.
    if "overdue_notice" in ev:
        ev.pop("reminder", None)
    return ev


_KIND_TEXT = {
    "reminder": _t("还款提醒（尚未逾期）", "a repayment reminder (not yet overdue)"),
    "overdue_notice": _t("逾期通知", "an overdue notice"),
    "visit_threat": _t("上门/外访威胁", "a home-visit threat"),
    "legal_threat": _t("法律行动威胁", "a threat of legal action"),
    "third_party_threat": _t("联系第三方（家人、单位等）的威胁", "a threat to contact third parties (family, employer)"),
    "harassment": _t("骚扰或辱骂", "harassment or abuse"),
    "scam": _t("诈骗短信（冒充催收、银行或其他机构）", "a scam (posing as a collector, bank or other body)"),
    "settlement_offer": _t("协商/减免方案", "a settlement or relief offer"),
    "other": _t("其他", "other"),
}


def _kind_reason(kind: str, ev: _Evidence | None) -> Reason:
    label = _KIND_TEXT[kind]
    if ev is None or not ev.words:
        if kind == "other":
            return Reason(f"kind.{kind}", _t("未发现催收相关的用语。", "No collection wording was found."))
        return Reason(f"kind.{kind}", _t(f"可能是{label['zh']}。", f"Likely {label['en']}."))
    # "已逾期" says nothing that "已逾期15天" does not.
    words = [w for w in ev.words if not any(w != o and w in o for o in ev.words)][:6]
    words_zh = "、".join(f"“{w}”" for w in words)
    words_en = ", ".join(f"“{w}”" for w in words)
    return Reason(
        f"kind.{kind}",
        _t(f"可能是{label['zh']}：短信中有{words_zh}。", f"Likely {label['en']}: the message says {words_en}."),
        tuple(ev.spans),
    )
