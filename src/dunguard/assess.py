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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dunguard.extract.base import Doc
from dunguard.lenders import digits_of
from dunguard.model import KINDS, Context, Element, Finding, Judgement, Reason, Span, Verdict
from dunguard.rules.engine import is_night

# The most consequential reading wins: a scam dressed as a reminder must be
# shown as a scam first, and a threat matters more than the debt it is about.
KIND_PRIORITY = (
    "scam",
    "harassment",
    "third_party_threat",
    "legal_threat",
    "visit_threat",
    "settlement_offer",
    "overdue_notice",
    "reminder",
    "other",
)

THREAT_KINDS = frozenset({"visit_threat", "legal_threat", "third_party_threat", "harassment"})

# Scam-risk thresholds (0-100). At 60 several independent signals agree, or
# one strong one (a code request, a personal account) plus another.
SCAM_LIKELY = 60
# Below this, threats read as pressure from a real collector rather than a scam.
BLUFF_MAX_RISK = 40
SCAM_RISK_CAP = 100

# Own scam-signal weights; rule weights come from the pack (0-60 each).
W_CODE_REQUEST = 45
# Known scam scripts (注销校园贷, 征信修复, paid "debt dissolving") are fraud on their own: police
# warnings say no genuine lender uses them, so one match reaches SCAM_LIKELY.
W_SCAM_SCRIPT = 60
W_PERSONAL_ACCOUNT = 35
W_URGENT_PAYMENT = 25
W_LINK_SHORTENER = 25
W_LINK_OBFUSCATED = 25
W_LINK_UNOFFICIAL = 25
W_LINK_UNVERIFIED = 15
W_LINK_PRETEXT = 45
W_LINK_MENTION = 15
W_PERSONAL_MOBILE = 20
W_OVERSEAS_NUMBER = 30
W_NUMBER_NOT_OFFICIAL = 20

# Visit-credibility thresholds; docs/visit-credibility.md gives their basis.
SHORT_OVERDUE_DAYS = 30
LONG_DEFAULT_DAYS = 90
SMALL_OWED = Decimal(5000)
LARGE_OWED = Decimal(50000)
MANY_CONTACTS = 10

# --- keyword evidence (matched on doc.norm; spans point into doc.text) -------

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

# Words that put a visit, a legal claim or an offer in a debt setting. Without them "上门" is an
# advert (上门理发, 上门安装) and "减免" a discount. Plain 贷款 is left out: loan adverts use it.
_DEBT_RE = re.compile(
    r"逾期|欠款|欠费|还款|还钱|借款|催收|拖欠|欠债|债务|应还|待还|還款|未还|不还|欠你|欠的|账单"
    r"|否则|不处理|再不|如不|若不|拒不"
)
# A visit announced with collection words (法务, 外访, 核实...) is a collection visit even when the
# quoted fragment names no debt ("法务部门已介入,实地走访即将启动").
_COLLECT_RE = re.compile(r"法务|外访|走访|核实|催收|调查|配合|资产|律师|法院|公安|派出所|经济情况")
# Adverts offering a service at home (上门理发, 上门安装) or inviting a visit to a shop.
_AD_RE = re.compile(
    r"欢迎|优惠|免费|报名|促销|活动|开业|特价|专业|回收|安装|维修|维护|理发|看房|考察|洽谈|选购|辅导|送货|拉货"
    r"|验房|量房|办手续|服务"
)
# "尾号1234" refers to the reader's own card, not to an account to pay into.
_TAIL_REF_RE = re.compile(r"尾号|末四位|后四位")

# A request for a one-time code is the clearest scam sign; a genuine OTP text says
# "请勿告诉他人", so a negation before the verb cancels the match.
_CODE_RE = re.compile(r"验证码|校验码|动态码|动态密码|短信码")
_CODE_VERB_RE = re.compile(r"提供|告知|告诉|发送|发给|回复|报给|报一下|念|输入|填写")
_CODE_NEG_RE = re.compile(r"勿|不要|切勿|谨防|不得|任何人")
_SCAM_SCRIPT_RE = re.compile(
    r"注销[^。,，]{0,4}(校园贷|学生贷|网贷|贷款账户|借款账户|账户|账号)|(校园贷|学生贷)[^。,，]{0,6}注销"
    r"|征信修复|修复征信|(消除|洗白|清除|删除|修复)[^。,，]{0,3}(不良|逾期)?(征信|记录)"
    r"|征信[^。,，]{0,3}(消除|洗白|清除|删除)|解冻费"
    # Debt-relief schemes that take a fee to "dissolve" debts or stop collection.
    r"|\d+(\.\d+)?万?元?化解|债务化解|化解债务|债务优化|反催收|停催|不要盲目还款"
    # "Pay within hours and the case is withdrawn": no court case works like that.
    r"|(还款|还清|处理)[^。,，]{0,4}(可|即可|就)?(撤案|销案|撤诉|消案)"
)
# Up-front fees before a loan is paid out; only a scam sign next to loan words (a builder's 保证金 is not).
_LOAN_FEE_RE = re.compile(r"保证金|刷流水|验资|工本费|激活费|解冻金")
_LOAN_WORD_RE = re.compile(r"放款|下款|贷款|借款|额度|到账|解冻|征信|网贷")

# Pretexts that come with phishing links: an account frozen, points expiring, identity to re-verify.
_PRETEXT_RE = re.compile(
    r"冻结|清零|作废|关停|停用|限制使用|失效|过期|注销|认证|验证身份|身份验证|实名|积分|兑换|提升[^。,，]{0,6}额度|提额"
    r"|资料更新"
)
# A link the message points to even when the page masked the address ("点击(此处为链接)", "http://***.cn").
_LINK_WORD_RE = re.compile(r"链接|网址|https?:|www\.|点击(?![^。,，]{0,4}App)", re.IGNORECASE)
_PERSONAL_ACCOUNT_RE = re.compile(r"个人账户|私人账户|个人卡|个人银行卡|员工账户|私人卡|个人微信|个人支付宝|收款人[:：]?[\u4e00-\u9fa5]{2,3}(?![\u4e00-\u9fa5]*公司)")
_PAY_RE = re.compile(
    r"转账|汇款|打款|扫码|收款码|二维码|(转|打|汇|存)(到|至|入)(以下|下列|此|该|指定|我司|我们)"
    r"|指定账户|对公账户|以下账户|账户[:：]|卡号[:：]|还款?(到|至|进)(个人|私人|以下|该|此|我)"
)
_URGENT_RE = re.compile(r"立即|立刻|马上|尽快|火速|速(还|转|汇|打|处理|缴)|限时|\d+小时内|[一二两三]小时内|今天内|今日内|当日内|最后期限|逾期不候")

# An agency or staff member the borrower could check: a company name or a staff number.
_AGENCY_RE = re.compile(r"[\u4e00-\u9fa5]{2,16}(有限公司|律师事务所|资产管理公司|信息咨询公司)")
_STAFF_RE = re.compile(r"(工号|编号|员工号)[:：]?\s*[A-Za-z]{0,3}\d{3,}")
# Words that introduce an agency ("已委托XX公司"); the name starts after the last of them.
_AGENCY_LEAD_RE = re.compile(r".*(委托给?|交由|授权|转交|移交给?|由)")



def _t(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


# --- reading the rule pack and lender data defensively ---------------------


def rule_of(pack: Any, rule_id: str) -> Any:
    """The pack's rule for ``rule_id``, or None when there is no pack or no such rule."""
    if pack is None:
        return None
    try:
        return pack.get(rule_id)
    except Exception:  # UnknownRule / KeyError: a finding from another pack version
        return None


def rule_kinds(rule: Any) -> tuple[str, ...]:
    return tuple(k for k in (getattr(rule, "kinds", None) or ()) if k in KINDS)


def rule_weight(rule: Any) -> int:
    try:
        return max(0, min(60, int(getattr(rule, "scam_weight", 0) or 0)))
    except (TypeError, ValueError):
        return 0


def rule_tier(rule: Any, finding: Finding) -> str:
    """The rule's tier; without the pack, the finding's category stands in for it."""
    tier = getattr(rule, "tier", None)
    if tier:
        return str(tier)
    return {"legality": "regulatory", "scam": "scam"}.get(finding.category, "misleading")


def official_phones(lender: Element) -> list[dict[str, Any]]:
    """Verified official numbers of a lender element as dicts {number, source, retrieved}.

    Lender data may list numbers as plain strings or as mappings with provenance;
    both are accepted so the plan can show a source and date when there is one.
    """
    out: list[dict[str, Any]] = []
    for entry in lender.attrs.get("official_phones") or ():
        if isinstance(entry, str):
            rec = {"number": entry, "source": lender.attrs.get("source"), "retrieved": lender.attrs.get("retrieved")}
        elif isinstance(entry, dict):
            if entry.get("verified") is False:
                continue
            number = entry.get("number") or entry.get("digits") or entry.get("phone")
            if not number:
                continue
            rec = {
                "number": str(number),
                "source": entry.get("source") or entry.get("url") or lender.attrs.get("source"),
                "retrieved": entry.get("retrieved") or entry.get("checked") or lender.attrs.get("retrieved"),
            }
        else:
            number = getattr(entry, "number", None) or getattr(entry, "digits", None)
            if not number or getattr(entry, "verified", True) is False:
                continue
            rec = {
                "number": str(number),
                "source": getattr(entry, "source", None),
                "retrieved": getattr(entry, "retrieved", None),
            }
        out.append(rec)
    return out


def is_official(lender: Element, phone: Element) -> bool | None:
    """Whether ``phone`` is one of the lender's verified numbers; None when we cannot tell."""
    digits = digits_of(str(phone.value or phone.text))
    # The element carries the numbers it was resolved with; the lender table is
    # the fallback for elements built without them.
    numbers = {digits_of(p["number"]) for p in official_phones(lender)}
    if numbers:
        return digits in numbers
    if lender.value:
        try:
            from dunguard.lenders import is_official_number
        except ImportError:
            return None
        try:
            return is_official_number(lender.value, digits)
        except KeyError:  # an id from another version of the lender table
            return None
    return None


def site_matches(host: str, sites: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    for site in sites:
        site = str(site).lower().strip().removeprefix("https://").removeprefix("http://").split("/")[0]
        if site and (host == site or host.endswith("." + site)):
            return True
    return False


def named_lenders(elements: Sequence[Element]) -> list[Element]:
    """Lenders the message names as the creditor (not the collection agency)."""
    return [e for e in elements if e.type == "lender" and e.role in ("named", "signature")]


def known_lender(elements: Sequence[Element]) -> Element | None:
    for e in named_lenders(elements):
        if e.value and e.attrs.get("known"):
            return e
    return None


def callback_phones(elements: Sequence[Element]) -> list[Element]:
    """Numbers the message asks the reader to call back; sender gateways are not callbacks."""
    return [e for e in elements if e.type == "phone" and e.attrs.get("kind") not in ("sms_gateway_106", "masked")]


def lender_kind(elements: Sequence[Element], context: Context | None) -> str:
    """The lender type: the borrower's word first, else the kind of the lender the message names."""
    if context is not None and context.lender_type != "unknown":
        return context.lender_type
    for e in named_lenders(elements):
        kind = e.attrs.get("kind")
        if kind in ("bank", "consumer_finance", "small_loan", "platform"):
            return kind
    return "unknown"


def lender_name(lender: Element | None) -> str | None:
    if lender is None:
        return None
    return lender.attrs.get("name") or lender.text or None


# --- kinds ---------------------------------------------------------------------


@dataclass
class _Evidence:
    spans: list[Span]
    words: list[str]

    def add(self, span: Span) -> None:
        if all((s.start, s.end) != (span.start, span.end) for s in self.spans):
            self.spans.append(span)
            self.words.append(span.text)


def _matches(doc: Doc, regex: re.Pattern[str]) -> list[Span]:
    return [doc.span(m.start(), m.end()) for m in regex.finditer(doc.norm)]


def has_debt_context(doc: Doc, elements: Sequence[Element]) -> bool:
    """Whether the message is about a debt, so that visit and legal words read as collection."""
    return bool(_DEBT_RE.search(doc.norm)) or any(
        e.type == "overdue" or (e.type == "money" and e.role in ("owed", "overdue_fee", "minimum")) for e in elements
    )


def visit_claims(doc: Doc, elements: Sequence[Element]) -> list[Element]:
    """Visit elements that threaten a collection visit: not negated, and in a message about a debt."""
    visits = [e for e in elements if e.type == "visit" and not e.attrs.get("negated")]
    if not visits:
        return []
    if has_debt_context(doc, elements) or _COLLECT_RE.search(doc.norm) or not _AD_RE.search(doc.norm):
        return visits
    return []


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


# --- scam risk -----------------------------------------------------------------


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span.start < s.end and s.start < span.end for s in spans)


# Own signals that measure what a rule measures: when the rule fired, its weight stands alone.
_COVERED_BY: dict[str, tuple[str, ...]] = {
    "personal_account": ("CN-PAY-",),
    "code_request": ("CN-CODE-",),
}


def _scam_signals(
    doc: Doc, elements: Sequence[Element], findings: Sequence[Finding], pack: Any
) -> tuple[int, list[Reason]]:
    reasons: list[Reason] = []
    seen_rules: set[str] = set()
    ruled_spans: list[Span] = []
    for f in findings:
        weight = rule_weight(rule_of(pack, f.rule_id))
        if weight <= 0 or f.rule_id in seen_rules:
            continue
        seen_rules.add(f.rule_id)
        ruled_spans.extend(f.spans)
        title = f.title or {}
        reasons.append(Reason(
            f"rule.{f.rule_id}",
            _t(f"{title.get('zh', f.rule_id)}（规则 {f.rule_id}）", f"{title.get('en', f.rule_id)} (rule {f.rule_id})"),
            tuple(f.spans),
            weight,
        ))

    def own(code: str, weight: int, text: dict[str, str], spans: Sequence[Span]) -> None:
        # A rule that already weighed these words, or the same kind of evidence, must not be
        # counted twice (a personal account and its payee name are one request, not two).
        if spans and all(_overlaps(s, ruled_spans) for s in spans):
            return
        if any(r.startswith(_COVERED_BY.get(code, ())) for r in seen_rules):
            return
        if any(r.code == code for r in reasons):
            return
        reasons.append(Reason(code, text, tuple(spans), weight))

    for m in _CODE_RE.finditer(doc.norm):
        window = doc.norm[max(0, m.start() - 12): m.end() + 12]
        if _CODE_VERB_RE.search(window) and not _CODE_NEG_RE.search(window):
            own("code_request", W_CODE_REQUEST, _t(
                "索要验证码：正规贷款机构不会通过短信或电话向你要验证码。",
                "Asks for a verification code: a genuine lender never asks for one by text or phone.",
            ), [doc.span(m.start(), m.end())])
            break
    script = _matches(doc, _SCAM_SCRIPT_RE)
    if not script and _LOAN_WORD_RE.search(doc.norm):
        script = _matches(doc, _LOAN_FEE_RE)
    if script:
        own("scam_script", W_SCAM_SCRIPT, _t(
            f"常见诈骗话术“{script[0].text}”：注销账户、修复征信、解冻或保证金都不需要付钱给个人。",
            f"A common scam script (“{script[0].text}”): closing an account, repairing a credit record, "
            "unfreezing funds or a deposit never require paying someone.",
        ), script)

    accounts = [e for e in elements if e.type == "account" and not _TAIL_REF_RE.match(e.text)]
    personal = _matches(doc, _PERSONAL_ACCOUNT_RE) + [
        e.span for e in accounts if e.role in ("bank_card", "personal", "alipay", "wechat", "qq", "payee_name")
    ]
    if personal:
        own("personal_account", W_PERSONAL_ACCOUNT, _t(
            "要求把钱转到个人账户或个人收款码：正规机构只通过自己的App、官方账户收款。",
            "Asks for payment to a personal account or QR code: genuine lenders take payment only in their own "
            "app or official account.",
        ), personal)
    pay = _matches(doc, _PAY_RE) + [e.span for e in accounts]
    urgent = _matches(doc, _URGENT_RE)
    if pay and urgent:
        own("urgent_payment", W_URGENT_PAYMENT, _t(
            "催你立刻转账到指定渠道：制造紧迫感让人来不及核实，是诈骗常用手法。",
            "Urges an immediate transfer to a given channel: rushing you so you cannot check is a common scam "
            "tactic.",
        ), urgent[:1] + pay[:1])

    lender = known_lender(elements)
    sites = list(lender.attrs.get("official_sites") or ()) if lender else []
    urls = [e for e in elements if e.type == "url"]
    link_spans = [u.span for u in urls if not (sites and site_matches(str(u.attrs.get("host") or ""), sites))]
    if not urls:
        mentions = _matches(doc, _LINK_WORD_RE)
        if mentions:
            link_spans = mentions[:1]
            own("link_mention", W_LINK_MENTION, _t(
                f"短信让你打开链接（“{mentions[0].text}”），但没有可核实的官方网址。",
                f"The message sends you to a link (“{mentions[0].text}”) with no verifiable official address.",
            ), mentions[:1])
    pretext = _matches(doc, _PRETEXT_RE)
    if pretext and link_spans:
        own("link_pretext", W_LINK_PRETEXT, _t(
            f"以“{pretext[0].text}”为由让你点链接：这是钓鱼短信最常见的套路，正规机构会让你在官方App里办理。",
            f"Uses “{pretext[0].text}” as a reason to open a link: the most common phishing pattern; genuine "
            "institutions send you to their official app.",
        ), pretext[:1] + link_spans[:1])
    for url in urls:
        host = str(url.attrs.get("host") or "")
        if url.attrs.get("shortener"):
            own("link_shortener", W_LINK_SHORTENER, _t(
                f"短链接 {url.text}：看不出真正的网址，不要点开。",
                f"Shortened link {url.text}: the real address is hidden; do not open it.",
            ), [url.span])
        elif url.attrs.get("obfuscated"):
            own("link_obfuscated", W_LINK_OBFUSCATED, _t(
                f"被刻意拆开或变形的链接 {url.text}：用来躲避拦截，不要点开。",
                f"A deliberately broken-up link {url.text}: made to dodge filters; do not open it.",
            ), [url.span])
        elif lender is not None and sites and host and not site_matches(host, sites):
            own("link_unofficial", W_LINK_UNOFFICIAL, _t(
                f"链接 {host} 不是{lender_name(lender)}的官方网站。",
                f"The link {host} is not an official site of {lender_name(lender)}.",
            ), [url.span])
        elif lender is None or not sites:
            own("link_unverified", W_LINK_UNVERIFIED, _t(
                f"链接 {host or url.text} 无法与任何已核实的官方网站对应，不要点开。",
                f"The link {host or url.text} matches no verified official site; do not open it.",
            ), [url.span])

    for phone in callback_phones(elements):
        kind = phone.attrs.get("kind")
        if kind == "mobile":
            own("personal_mobile", W_PERSONAL_MOBILE, _t(
                f"联系号码 {phone.text} 是个人手机号，不是机构的客服热线。",
                f"The contact number {phone.text} is a personal mobile, not an institution's service line.",
            ), [phone.span])
        elif kind == "overseas":
            own("overseas_number", W_OVERSEAS_NUMBER, _t(
                f"联系号码 {phone.text} 是境外号码。",
                f"The contact number {phone.text} is an overseas number.",
            ), [phone.span])
        elif lender is not None and is_official(lender, phone) is False:
            own("number_not_official", W_NUMBER_NOT_OFFICIAL, _t(
                f"号码 {phone.text} 不是{lender_name(lender)}已核实的官方号码。",
                f"The number {phone.text} is not a verified official number of {lender_name(lender)}.",
            ), [phone.span])

    risk = min(SCAM_RISK_CAP, sum(r.weight for r in reasons))
    return risk, reasons


# --- legitimacy ----------------------------------------------------------------


def _legitimacy(
    kinds: Sequence[str], risk: int, signals: Sequence[Reason], elements: Sequence[Element],
    kind_ev: dict[str, _Evidence], legal_pressure: bool,
) -> Judgement:
    if risk >= SCAM_LIKELY:
        top = sorted(signals, key=lambda r: -r.weight)[:3]
        return Judgement("likely_scam", (
            Reason("scam_risk_high", _t(
                f"诈骗风险 {risk}/100：以下迹象同时出现，这条短信很可能是冒充催收的诈骗。",
                f"Scam risk {risk}/100: these signs together suggest the message is likely a scam posing as "
                "collection.",
            ), tuple(s for r in top for s in r.spans)),
            *top,
        ))
    # A plain lawsuit threat is a step a lender may take; only overstated legal claims are pressure.
    threats = [k for k in kinds if k in THREAT_KINDS and (k != "legal_threat" or legal_pressure)]
    if threats and risk < BLUFF_MAX_RISK:
        spans = tuple(s for k in threats for s in kind_ev.get(k, _Evidence([], [])).spans)
        words = "、".join(_KIND_TEXT[k]["zh"] for k in threats)
        words_en = ", ".join(_KIND_TEXT[k]["en"] for k in threats)
        out = [Reason("threat_pressure", _t(
            f"这条短信可能只是在用{words}施压：这类话主要是为了催你还款，本身并不说明对方真的会这样做。",
            f"The message likely uses {words_en} to pressure you: such words mainly aim to make you pay; they are "
            "not, by themselves, a sign that the action will happen.",
        ), spans)]
        if risk:
            out.append(Reason("some_scam_signals", _t(
                f"另有少量可疑迹象（诈骗风险 {risk}/100），请只通过官方渠道核实。",
                f"There are also a few suspicious signs (scam risk {risk}/100); verify only through official "
                "channels.",
            )))
        return Judgement("likely_bluff", tuple(out))
    lender = known_lender(elements)
    official = [p for p in callback_phones(elements) if lender is not None and is_official(lender, p) is True]
    official_links = [
        u for u in elements
        if u.type == "url" and lender is not None and not u.attrs.get("shortener")
        and site_matches(str(u.attrs.get("host") or ""), lender.attrs.get("official_sites") or ())
    ]
    no_channel = not callback_phones(elements) and not any(
        e.type == "url" or (e.type == "account" and not _TAIL_REF_RE.match(e.text)) for e in elements
    )
    if lender is not None and (official or official_links or no_channel) and risk == 0 and not threats:
        if official or official_links:
            channel = (official or official_links)[0]
            channel_reason = Reason("official_channel", _t(
                f"给出的联系方式 {channel.text} 与该机构已核实的官方渠道一致。",
                f"The contact given, {channel.text}, matches the lender's verified official channel.",
            ), (channel.span,))
        else:
            channel_reason = Reason("no_channel", _t(
                "短信没有给出任何号码、链接或账户，不需要你回拨或点击；要办的事都可以在官方App里完成。",
                "The message gives no number, link or account to use; anything it asks can be done in the "
                "official app.",
            ))
        return Judgement("likely_genuine", (
            Reason("known_lender", _t(
                f"短信署名的{lender_name(lender)}是已知的持牌机构。",
                f"The message names {lender_name(lender)}, a known licensed lender.",
            ), (lender.span,)),
            channel_reason,
            Reason("no_scam_signals", _t(
                "没有发现诈骗迹象，也没有恐吓或夸大后果的施压用语，看起来可能是真实的通知；仍建议在官方App里核对。",
                "No scam signs and no intimidation or overstated consequences: it looks likely genuine; still "
                "check in the official app.",
            )),
        ))
    plain = _plain_notice(kinds, risk, threats, elements, lender)
    if plain is not None:
        return plain
    out = []
    if "legal_threat" in kinds and not legal_pressure:
        out.append(Reason("legal_step_possible", _t(
            "起诉、仲裁等是贷款机构可能真的采取的法律步骤，但真正起诉时会由法院通过正式渠道送达，不会只发一条短信。",
            "A lawsuit or arbitration is a step a lender may really take, but a real case is served by the court "
            "through formal channels, not by a text alone.",
        ), tuple(kind_ev["legal_threat"].spans)))
    if risk:
        out.append(Reason("some_scam_signals", _t(
            f"有一些可疑迹象（诈骗风险 {risk}/100），但不足以判断为诈骗。",
            f"Some suspicious signs (scam risk {risk}/100), not enough to call it a scam.",
        )))
    if lender is None:
        out.append(Reason("lender_unknown", _t(
            "短信没有写明可核实的贷款机构。",
            "The message names no lender that can be checked.",
        )))
    elif not official and not official_links:
        out.append(Reason("no_official_channel", _t(
            f"短信没有给出{lender_name(lender)}已核实的官方联系方式，无法仅凭短信判断真假。",
            f"The message gives no verified official contact of {lender_name(lender)}; its authenticity cannot "
            "be judged from the text alone.",
        )))
    out.append(Reason("verify", _t(
        "真假不明：请通过借款App或合同上的官方客服核实。",
        "Unclear: check through the official service line in your loan app or contract.",
    )))
    return Judgement("unclear", tuple(out))


# Kinds a lender's own routine texts carry; a plain one of these with nothing to click, call or pay
# into cannot be used to defraud, whoever sent it.
_ROUTINE_KINDS = frozenset({"overdue_notice", "reminder", "settlement_offer"})
# At or below this only weak signs remain (e.g. no 【signature】, which forwards and quotes often drop).
WEAK_RISK = 10
_RISKY_PHONE_KINDS = frozenset({"mobile", "overseas", "unknown"})


def _plain_notice(
    kinds: Sequence[str], risk: int, threats: Sequence[str], elements: Sequence[Element],
    lender: Element | None,
) -> Judgement | None:
    """A calm notice with no threat and no channel a scammer could use reads as likely genuine."""
    if threats or risk > WEAK_RISK or not set(kinds) <= _ROUTINE_KINDS:
        return None
    risky = [
        e for e in elements
        if e.type == "url"
        or (e.type == "account" and not _TAIL_REF_RE.match(e.text))
        or (e.type == "phone" and e.attrs.get("kind") in _RISKY_PHONE_KINDS)
    ]
    if risky:
        return None
    if kinds == ("other",):
        # Not collection: the collection analysis cannot vouch for an unrelated text
        # (a phishing "your ID has expired" text looks just as plain).
        return None
    reasons = [Reason("plain_notice", _t(
        "语气平实：只是通知或提醒还款，没有威胁、夸大后果，也没有要你点击的链接、回拨的私人号码或转账的账户，"
        "可能是贷款机构的正常通知。",
        "Plain wording: it only notifies or reminds you to pay, with no threats or overstated consequences "
        "and no link to click, private number to call or account to pay into; it is likely a lender's "
        "routine notice.",
    ))]
    if lender is None:
        reasons.append(Reason("lender_unknown", _t(
            "但短信没有写明贷款机构，无法确认是谁发的：请在你的借款App里核对是否真有这笔欠款。",
            "But it names no lender, so who sent it cannot be confirmed: check in your loan app that the debt "
            "is real.",
        )))
    else:
        reasons.append(Reason("verify_in_app", _t(
            f"短信署名{lender_name(lender)}；仍建议在官方App里核对金额和期限。",
            f"It is signed {lender_name(lender)}; still check the amount and date in the official app.",
        ), (lender.span,)))
    return Judgement("likely_genuine", tuple(reasons))


# --- visit credibility ---------------------------------------------------------


def _visit_credibility(
    doc: Doc, elements: Sequence[Element], context: Context | None, risk: int
) -> Judgement:
    visits = visit_claims(doc, elements)
    if not visits:
        return Judgement("unknown", (Reason("no_visit_claim", _t(
            "短信没有提到上门或外访，无需评估上门的可能性。",
            "The message does not mention a visit, so there is nothing to estimate.",
        )),))
    vspans = tuple(v.span for v in visits)
    estimate = Reason("estimate_only", _t(
        "以上是根据常见做法的估计，不是法律结论，也不能保证对方来或不来。",
        "This is an estimate from common practice, not a legal finding, and cannot promise whether anyone comes.",
    ))
    if risk >= SCAM_LIKELY:
        return Judgement("low", (Reason("scam", _t(
            "上门的说法出现在一条很可能是诈骗的短信里：骗子不会真的上门，这句话只是为了吓你付钱。",
            "The visit claim sits in a message that is likely a scam: scammers do not visit, the claim is there "
            "to scare you into paying.",
        ), vspans), estimate))

    reasons: list[Reason] = []
    cap_low = False
    authority = [v for v in visits if v.attrs.get("with_authority")]
    if authority:
        cap_low = True
        reasons.append(Reason("authority_claim", _t(
            "声称会和公安、法院等机关一起上门：公检法不参与民间催收，这通常是虚张声势或冒充。",
            "Claims police or court officers will come along: the authorities do not take part in debt "
            "collection, so this is usually a bluff or impersonation.",
        ), tuple(v.span for v in authority)))

    times = [e for e in elements if e.type == "time" and e.role == "visit" and e.value is not None]
    specific_time = bool(times)
    if specific_time:
        disp = (times[0].attrs.get("display") or {})
        reasons.append(Reason("specific_time", _t(
            f"给出了具体上门时间（{disp.get('zh', times[0].text)}），但群发模板也常写具体时间。",
            f"Gives a specific time ({disp.get('en', times[0].text)}), though bulk templates often do too.",
        ), (times[0].span,)))
        local = times[0].value.astimezone(doc.tz)
        if is_night(local):
            cap_low = True
            reasons.append(Reason("night_visit", _t(
                f"声称在夜间（{local:%H:%M}）上门：正规催收不得在22:00至次日8:00上门，这更像是施压。",
                f"Claims a visit at night ({local:%H:%M}): regular collectors may not visit between 22:00 and "
                "08:00, so this reads as pressure.",
            ), (times[0].span,)))
    else:
        reasons.append(Reason("no_time", _t(
            "没有具体上门时间，只是笼统的说法。",
            "No specific visit time: a vague statement.",
        ), vspans))

    agency_spans = [e.span for e in elements if e.type == "lender" and e.role == "collector" and e.attrs.get("name")]
    for m in _AGENCY_RE.finditer(doc.norm):
        lead = _AGENCY_LEAD_RE.match(doc.norm, m.start(), m.end())
        start = lead.end() if lead and m.end() - lead.end() > 4 else m.start()
        agency_spans.append(doc.span(start, m.end()))
    agency_spans += _matches(doc, _STAFF_RE)
    named_agency = bool(agency_spans)
    if named_agency:
        reasons.append(Reason("named_agency", _t(
            f"写明了催收机构或人员（{agency_spans[0].text}），可以向贷款机构核实是否真有委托。",
            f"Names the agency or staff ({agency_spans[0].text}); you can ask the lender whether it really "
            "hired them.",
        ), (agency_spans[0],)))
    else:
        reasons.append(Reason("no_agency", _t(
            "没有写明哪家机构、哪位工作人员上门，真实外访通常会说明身份并出示委托。",
            "Names no agency or staff member; a real field visit normally identifies who is coming and shows an "
            "authorisation.",
        )))

    third = [v for v in visits if v.attrs.get("target") in ("workplace", "hometown", "village_committee", "relatives")]
    if third:
        reasons.append(Reason("third_party_target", _t(
            "上门对象是单位、老家、村委或亲属：这属于联系第三人，受催收规范严格限制。",
            "The visit targets your workplace, hometown, village committee or relatives: that is third-party "
            "contact, which collection rules restrict.",
        ), tuple(v.span for v in third)))

    ctx = context or Context()
    days, owed, contacts, addr = ctx.days_overdue, ctx.owed, ctx.contacts, ctx.address_known
    if days is not None and days < SHORT_OVERDUE_DAYS:
        cap_low = True
        reasons.append(Reason("short_overdue", _t(
            f"只逾期 {days} 天（少于 {SHORT_OVERDUE_DAYS} 天）：正规机构刚逾期时通常只发短信、打电话。",
            f"Only {days} days overdue (under {SHORT_OVERDUE_DAYS}): regular lenders usually only text and call "
            "at this stage.",
        )))
    if owed is not None and owed < SMALL_OWED:
        cap_low = True
        reasons.append(Reason("small_amount", _t(
            f"欠款 {owed} 元（少于 {SMALL_OWED} 元）：上门的人力成本往往高于这笔钱。",
            f"Owed {owed} yuan (under {SMALL_OWED}): a visit usually costs more than that to send.",
        )))
    if addr is False:
        cap_low = True
        reasons.append(Reason("address_unknown", _t(
            "你认为对方不知道你现在的住址，上门难以实现。",
            "You believe they do not know your current address, which makes a visit hard to carry out.",
        )))
    ltype = lender_kind(elements, context)
    if ltype == "platform":
        reasons.append(Reason("platform_lender", _t(
            "网贷平台的借款人分散在全国，很少真的安排上门。",
            "Online platforms lend to people all over the country and rarely send anyone to the door.",
        )))
    elif ltype in ("bank", "consumer_finance"):
        reasons.append(Reason("licensed_lender", _t(
            "持牌机构可以委托外访，但须至少两人、出示证件和委托、全程录音录像，不得在22:00至8:00上门。",
            "A licensed lender may send a field visit, but with at least two people, ID and authorisation shown, "
            "recorded, and not between 22:00 and 08:00.",
        )))

    long_default = days is not None and days > LONG_DEFAULT_DAYS
    many = contacts is not None and contacts >= MANY_CONTACTS
    large = owed is not None and owed >= LARGE_OWED
    no_context = days is None and owed is None and contacts is None and addr is None and ctx.lender_type == "unknown"

    if cap_low:
        level = "low"
    elif long_default and many and addr is True:
        reasons.append(Reason("long_default", _t(
            f"逾期超过 {LONG_DEFAULT_DAYS} 天、已被联系 {contacts} 次仍未解决、对方知道你的地址：这种情况下上门是可能的。",
            f"Over {LONG_DEFAULT_DAYS} days in default, {contacts} contacts without result, and your address is "
            "known: a visit is plausible in this situation.",
        )))
        level = "high" if specific_time and named_agency and large else "medium"
        if level == "high":
            reasons.append(Reason("large_amount", _t(
                f"欠款 {owed} 元，金额较大，值得对方投入上门成本。",
                f"Owed {owed} yuan, enough to be worth the cost of a visit.",
            )))
    elif no_context:
        level = "low"
        reasons.append(Reason("base_rate", _t(
            "正规贷款机构很少真的上门：成本高，在法律上也有争议。填写逾期天数、欠款金额、被联系次数可以得到更准的估计。",
            "Regular lenders rarely visit: it is costly and legally contested. Add days overdue, amount owed and "
            "number of contacts for a better estimate.",
        )))
    elif (long_default or (days is not None and days >= SHORT_OVERDUE_DAYS and many)) and specific_time and named_agency:
        level = "medium"
    else:
        level = "low"
        reasons.append(Reason("base_rate", _t(
            "正规贷款机构一般只在长期拖欠、多次联系无果时才考虑上门。",
            "Regular lenders usually consider a visit only after long default and many failed contacts.",
        )))
    reasons.append(estimate)
    return Judgement(level, tuple(reasons))


# --- the verdict -----------------------------------------------------------------


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
    kind_ev = _kinds(doc, elements, findings, pack)
    risk, signals = _scam_signals(doc, elements, findings, pack)
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
    kinds = tuple(k for k in KIND_PRIORITY if k in kind_ev) or ("other",)
    primary = kinds[0]
    kind_reasons = tuple(_kind_reason(k, kind_ev.get(k)) for k in kinds)
    # Rules that overstate consequences (misleading) or borrow the state's name (crime) are pressure;
    # a rule about, say, an unverifiable 法务部 label is not.
    legal_pressure = bool(
        _LEGAL_PRESSURE_STRONG_RE.search(doc.norm)
        or (_LEGAL_PRESSURE_WEAK_RE.search(doc.norm) and has_debt_context(doc, elements))
    ) or any(
        "legal_threat" in rule_kinds(rule) and getattr(rule, "tier", None) in ("misleading", "crime")
        for rule in (rule_of(pack, f.rule_id) for f in findings)
    )
    legitimacy = _legitimacy(kinds, risk, signals, elements, kind_ev, legal_pressure)
    visit = _visit_credibility(doc, elements, context, risk)
    return Verdict(
        kinds=kinds,
        primary_kind=primary,
        kind_reasons=kind_reasons,
        legitimacy=legitimacy,
        scam_risk=risk,
        scam_signals=tuple(signals),
        visit_credibility=visit,
    )
