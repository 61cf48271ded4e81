"""What kind of message this is: reminder, overdue notice, threats, scam, offer, other.

Kinds come from three places, each keeping the words that support it: the rule pack's findings
(each rule names the kinds it implies), the word-class grammar (dunguard.grammar: third party ×
disclosure, legal action, due date × debt…), and the extracted elements (a visit claim, a days-overdue
count, a pay-by deadline followed by a repayment verb).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from dunguard.assess.common import (
    NEWS_RE,
    THREAT_KINDS,
    VISIT_TELLS,
    _Evidence,
    _t,
    rule_kinds,
    rule_of,
    visit_claims,
)
from dunguard.extract.base import Doc
from dunguard.grammar import Parse
from dunguard.model import Element, Finding, Reason, Span

_REPAY_VERB_RE = re.compile(r"(尽快|及时|按时|务必)?(完成)?(本期)?(分期)?(还款|还清|归还|缴清)")
# What follows a condition an advert lists: "网贷逾期、信用卡还不上？", "逾期了？".
_QUESTION_RE = re.compile(r"[^。！!，,]{0,12}[？?]")
_OWNED_RE = re.compile(r"[你您其他她]|贵司|阁下")
_PLAN_GRANTED_RE = re.compile(r"(?:已|已经|成功)(?:审核)?(?:生效|通过|办理|达成|受理|批准)|已成功办理")
# (a card's bill or purchase instalments, a product; an approved hardship plan, 个性化分期 or 还款方案, stays relief)
_APPLIED_DONE_RE = re.compile(
    r"(?:您|你)申请的(?:信用卡)?(?:账单分期|消费分期|现金分期|分期付款|分期购|邮购分期)"
    r"[^，。,]{0,6}(?:已成功办理|已办理成功|办理成功|已受理|已生效|已审核通过|申请成功|已成功)"
)
_BANTER_RE = re.compile(r"哈哈|嘿嘿|嘻嘻|开玩笑|开个玩笑|逗你|[hH]{3,}|😂|🤣|😆|😜|😝")
# A treat owed among friends, the "debt" of a joke (那顿火锅, 一杯奶茶, 请客).
_TREAT_RE = re.compile(r"(?:那|一)(?:顿|杯|餐)[^，。,]{0,4}(?:饭|火锅|烧烤|奶茶|咖啡|酒|串)|请客|请吃饭|请喝|饭钱|奶茶钱")
# What a friends' joke seems to say and does not mean.
_JOKED_KINDS = THREAT_KINDS | {"overdue_notice"}
# Threats only collectors make (a suit is also how courts and lawyers speak).
_COLLECTION_THREATS = THREAT_KINDS - {"legal_threat"}



# The statistical layer adds a kind only at or above this probability, chosen by grouped
# cross-validation on the development corpus: on 2026-12-05, with the grammar grown, 0.8 cost 0.004
# dev macro-F1 and 0.9 nothing, so only a near-certain model adds a kind the rules missed.
MODEL_ADDS_AT = 0.9
# Kinds the statistical layer may add on its own; scam goes through the scam risk instead.
# Visit claims come from the visit extractor alone, which knows a service call (上门安装) from a threat.
MODEL_KINDS = frozenset({
    "reminder", "overdue_notice", "legal_threat", "third_party_threat", "harassment", "settlement_offer",
})
# It only looks at messages that speak of money owed; an ordinary text or a loan advert never loads it.
_MODEL_GATE = ("debt", "demand", "overdue", "due")


def model_scores(doc: Doc, parse: Parse) -> Any:
    """The statistical layer's scores for this message, or None when it is outside the layer's gate."""
    # ...and that are written to someone (你/您, 请, a signature): a news line about 老赖 is not.
    if not any(c in parse.present for c in _MODEL_GATE) or "directed" not in parse.present:
        return None
    from dunguard.classify import load_model

    model = load_model()
    if model is None:
        return None
    return model.score(doc.norm, sorted(parse.present))


def driver_spans(doc: Doc, drivers: Sequence[tuple[str, int, float]], limit: int = 3) -> list[Span]:
    """The strongest n-grams as spans of the text, overlapping ones merged into one phrase."""
    spans = sorted((pos, pos + len(g)) for g, pos, _ in drivers if pos >= 0 and len(g) > 1)
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    merged.sort(key=lambda ab: -(ab[1] - ab[0]))
    return sorted((doc.span(a, b) for a, b in merged[:limit]), key=lambda s: s.start)


def _kinds(
    doc: Doc, elements: Sequence[Element], findings: Sequence[Finding], pack: Any, parse: Parse
) -> dict[str, _Evidence]:
    ev: dict[str, _Evidence] = {}

    def add(kind: str, spans: Iterable[Span]) -> None:
        box = ev.setdefault(kind, _Evidence([], []))
        for span in spans:
            box.add(span)

    # News about other people's cases ("老赖被法院拘留") may trip a rule, but is no threat to the
    # reader: a rule's threat kind needs a message written to someone.
    directed = "directed" in parse.present
    for f in findings:
        for kind in rule_kinds(rule_of(pack, f.rule_id)):
            if directed or kind not in THREAT_KINDS:
                add(kind, f.spans)
                if not f.spans:
                    title = f.title or {}
                    ev[kind].rules.append(
                        {"zh": title.get("zh", f.rule_id), "en": title.get("en", f.rule_id), "id": f.rule_id})
    for kind, matches in parse.kinds().items():
        add(kind, sorted((doc.span(h.start, h.end) for m in matches for h in m.support or m.hits), key=lambda s: s.start))
    paid = parse.has("paid")
    # "账单即将到期" is a loan reminder when a known lender sent it, though no loan word says so.
    if not paid and "reminder" not in ev and parse.has("due") and not parse.has("overdue") and not parse.has(
        "disbursed"
    ) and any(
        e.type == "lender" and e.attrs.get("known") and e.role in ("named", "signature") for e in elements
    ):
        add("reminder", [doc.span(h.start, h.end) for h in parse.of("due")])
    if not paid:
        # (a household bill's 请于月底前缴清 is no loan falling due)
        for e in elements if not parse.has("utility_bill") else ():
            if e.type == "time" and e.role == "deadline" and e.attrs.get("kind") == "before":
                verb = _REPAY_VERB_RE.match(doc.norm, e.end)
                if verb:
                    add("reminder", [e.span, doc.span(verb.start(), verb.end())])
                    break
        # A book, a licence or a parcel past its date (图书已逾期3天) owes no money.
        things = parse.of("overdue_thing")
        overdue = [
            e.span for e in elements
            if e.type == "overdue" and not any(t.start <= e.start and e.end <= t.end for t in things)
        ]
        if overdue:
            add("overdue_notice", overdue)
    visits = visit_claims(doc, elements)
    if visits:
        add("visit_threat", [v.span for v in visits])
        third = [v.span for v in visits if v.attrs.get("target") in VISIT_TELLS]
        if third:
            add("third_party_threat", third)
    if "reminder" in ev:
        support = [
            e.span for e in elements
            if (e.type == "time" and e.role == "deadline") or (e.type == "money" and e.role == "owed")
        ]
        add("reminder", support)
    scored = model_scores(doc, parse)
    for label, p in (scored.probabilities.items() if scored is not None else ()):
        # ...but not a debt the grammar has read as a book or a licence past its date, or as late only soon
        # (快逾期了): the layer sees 逾期 in both.
        if label == "overdue_notice" and (
            parse.has("overdue_thing") or (parse.has("overdue_soon") and not parse.has("overdue"))
        ):
            continue
        if label in MODEL_KINDS and label not in ev and p >= MODEL_ADDS_AT:
            spans = driver_spans(doc, scored.evidence(label).drivers)
            if spans:
                add(label, spans)
                ev[label].model = p
    # A threat over a debt (a visit, a suit, telling the family, abuse) is a collection message, and
    # a collector threatens over money already late: the debt words make it an overdue notice too.
    # A court's own notice (失信被执行人) and a debt not yet due (即将到期，请代为转达) are neither.
    if not paid and directed and _COLLECTION_THREATS & ev.keys() and not {"overdue_notice", "reminder"} & ev.keys():
        owed = [
            doc.span(h.start, h.end) for h in parse.hits
            if h.cls in ("debt", "demand", "money_matter") and doc.norm[h.start:h.end] != "失信被执行人"
        ]
        if owed:
            add("overdue_notice", owed[:2])
    # A deadline set under a threat (限你今晚8点前还清, 请在今天17点前还清欠款) is a collector's ultimatum over money
    # already late, not a bill falling due: no due word (到期, 还款日) says the debt is still running.
    if not paid and directed and (THREAT_KINDS - {"scam"}) & ev.keys() and "reminder" in ev and (
        "overdue_notice" not in ev and not parse.has("due") and parse.has("debt")
    ):
        add("overdue_notice", ev.pop("reminder").spans)
    # A debt-relief advert asks "网贷逾期？信用卡还不上？" of anyone: a question, not a notice of the reader's debt.
    # So does its slogan about lateness in general (贷款逾期不用愁, 逾期不可怕): no 你/您 owns the lateness.
    if "overdue_notice" in ev and "credit_repair" in parse.signals() and all(
        _QUESTION_RE.match(doc.norm, h.end) or not _OWNED_RE.search(doc.norm, max(0, h.start - 12), h.start)
        for h in parse.of("overdue")
    ) and not parse.has("demand"):
        ev.pop("overdue_notice")
    # An anti-fraud warning names the scams' offers (以“减免利息”“停息挂账”为由诱导转账) to warn against them: it offers
    # nothing, unless it also speaks of the reader's own late debt.
    if "settlement_offer" in ev and parse.has("guard_notice") and not {"overdue_notice", "reminder"} & ev.keys():
        ev.pop("settlement_offer")
    # A reminder is about a debt not yet due; once overdue the notice supersedes it.
    if "overdue_notice" in ev:
        ev.pop("reminder", None)
    # A plan already granted (展期申请已审核通过, 还款方案已生效): its new dates are the plan, not a bill falling
    # due. An offer beside a bill still due (本期借款下周到期，可申请展期) stays a reminder too.
    if "settlement_offer" in ev and "reminder" in ev and _PLAN_GRANTED_RE.search(doc.norm):
        ev.pop("reminder", None)
    # ...and a card's instalments the reader asked for, confirmed as done (您申请的账单分期已成功办理), offer nothing:
    # a receipt for a product, not relief to take up (an overdue debt stays overdue).
    if "settlement_offer" in ev and _APPLIED_DONE_RE.search(doc.norm) and "overdue_notice" not in ev:
        ev.pop("settlement_offer", None)
        ev.pop("reminder", None)
    if _JOKED_KINDS & ev.keys() and _banter(doc, elements, parse):
        for kind in _JOKED_KINDS:
            ev.pop(kind, None)
    # A news app's push or a news report (【今日头条】男子欠网贷12万被“爆通讯录”) speaks of other people's debts to no
    # one: no 你/您 in it, it threatens nobody who reads it.
    if _JOKED_KINDS & ev.keys() and NEWS_RE.search(doc.norm) and not parse.has("addressee"):
        for kind in _JOKED_KINDS:
            ev.pop(kind, None)
    return ev


def _banter(doc: Doc, elements: Sequence[Element], parse: Parse) -> bool:
    """Friends joking (我明天杀到你家门口蹲你哈哈哈, 别想赖账😂): they laugh, name no sum and no loan. A
    collector's mocking 😂 comes with the reader's contacts or address held, or a last warning."""
    if _BANTER_RE.search(doc.norm) and _TREAT_RE.search(doc.norm) and not any(e.type == "money" for e in elements):
        # the "debt" a meal or a drink owed among friends (你欠我那顿火锅再不请，我就发函到你村委😂): a joke, whatever
        # collection words it borrows
        return True
    return bool(_BANTER_RE.search(doc.norm)) and not parse.has("loan_word") and not any(
        e.type == "money" for e in elements
    ) and not any(parse.has(c) for c in ("contact_held", "ultimatum", "violence_bare", "insult_bare"))


_KIND_TEXT = {
    "reminder": _t("还款提醒（尚未逾期）", "a repayment reminder (not yet overdue)"),
    "overdue_notice": _t("逾期通知", "an overdue notice"),
    "visit_threat": _t("上门/外访威胁", "a home-visit threat"),
    "legal_threat": _t("法律行动威胁", "a threat of legal action"),
    "third_party_threat": _t("联系第三方（家人、单位等）的威胁", "a threat to contact third parties (family, employer)"),
    "harassment": _t("骚扰或辱骂", "harassment or abuse"),
    # (what it poses as, if anything, is said by the scam signals themselves: a sextortion text poses as no one)
    "scam": _t("诈骗短信", "a scam"),
    "settlement_offer": _t("协商/减免方案", "a settlement or relief offer"),
    "other": _t("其他", "other"),
}


# A third-party kind in a message written to the third party: the reader is not the one threatened.
_TO_THIRD_TEXT = _t("写给借款人的家人、同事、单位或联系人的催收短信",
                    "a collection message written to the borrower's family, colleague, employer or contact")


# ...and the one a court sends to whoever calls a defaulter, which is no collection at all.
_COURT_CALLER_TEXT = _t("法院写给拨打失信被执行人电话的人的提示（不是催收）",
                        "a court's notice to whoever calls a listed defaulter (not debt collection)")


def _kind_reason(kind: str, ev: _Evidence | None, to_third_party: bool = False, court_caller: bool = False) -> Reason:
    label = _KIND_TEXT[kind]
    if kind == "third_party_threat" and (court_caller or to_third_party):
        label = _COURT_CALLER_TEXT if court_caller else _TO_THIRD_TEXT
    if ev is not None and not ev.words and ev.rules:
        named_zh = "；".join("{}（规则 {}）".format(r["zh"], r["id"]) for r in ev.rules)
        named_en = "; ".join("{} (rule {})".format(r["en"], r["id"]) for r in ev.rules)
        return Reason(f"kind.{kind}", _t(f"可能是{label['zh']}：{named_zh}。", f"Likely {label['en']}: {named_en}."))
    if ev is None or not ev.words:
        if kind == "other":
            return Reason(f"kind.{kind}", _t("未发现催收相关的用语。", "No collection wording was found."))
        return Reason(f"kind.{kind}", _t(f"可能是{label['zh']}。", f"Likely {label['en']}."))
    # "已逾期" says nothing that "已逾期15天" does not.
    words = [w for w in ev.words if not any(w != o and w in o for o in ev.words)][:6]
    words_zh = "、".join(f"“{w}”" for w in words)
    words_en = ", ".join(f"“{w}”" for w in words)
    if ev.model is not None:
        pct = round(ev.model * 100)
        return Reason(
            f"kind.{kind}.model",
            _t(
                f"可能是{label['zh']}：规则没有直接命中，但统计模型根据{words_zh}等用语判断它和已标注的同类短信相似"
                f"（把握约{pct}%），仅供参考。",
                f"Possibly {label['en']}: no rule matched directly, but the statistical model finds wording like "
                f"{words_en} similar to labelled messages of this kind (about {pct}% sure); take it as a hint.",
            ),
            tuple(ev.spans),
        )
    return Reason(
        f"kind.{kind}",
        _t(f"可能是{label['zh']}：短信中有{words_zh}。", f"Likely {label['en']}: the message says {words_en}."),
        tuple(ev.spans),
    )
