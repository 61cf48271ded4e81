"""Helpers every part of the verdict shares: rule-pack and lender look-ups, evidence spans,
whether a message is about a debt at all."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dunguard.extract.base import Doc, normalize
from dunguard.grammar.engine import Hit, Parse
from dunguard.lenders import digits_of
from dunguard.model import KINDS, Context, Element, Finding, Span
from dunguard.regexcache import Gated

# The primary kind is the first of these the message carries, the order the labelling guide gives
# (tests/data/corpus/GUIDE.md): a scam must be shown as a scam first; then the threat a reader
# would name first (a visit, a lawsuit, telling the family, abuse); then the offer or notice.
KIND_PRIORITY = (
    "scam",
    "visit_threat",
    "legal_threat",
    "third_party_threat",
    "harassment",
    "settlement_offer",
    "overdue_notice",
    "reminder",
    "other",
)

# Visit targets that are someone else's place: going there tells third parties about the debt.
THIRD_PARTY_TARGETS = frozenset({"workplace", "hometown", "village_committee", "relatives", "school"})
# Of those, visits that are themselves a telling (to the village committee, to relatives): the kind
# third_party_threat. A visit to a workplace or hometown is a visit first; readers (and the labelled
# probes, 15 of 22 workplace visits) do not call it a disclosure unless someone is said to be told.
VISIT_TELLS = frozenset({"village_committee", "relatives"})
THREAT_KINDS = frozenset({"visit_threat", "legal_threat", "third_party_threat", "harassment"})
# Word classes of the grammar that say the message is about money owed.
DEBT_CLASSES = ("debt", "overdue", "demand")


def speaks_of_debt(parse: Any) -> bool:
    """Whether the grammar found any word of a debt owed (欠款, 逾期, 还钱...) in the message."""
    return any(c in parse.present for c in DEBT_CLASSES)


def poses_as_collector(parse: Any) -> bool:
    """Whether a scam speaks as the one collecting a debt: a debt-relief or credit-repair agent's advert (停息挂账代办,
    债务优化) speaks of debts too, but sells a service; it is a scam, not one posing as collection."""
    return speaks_of_debt(parse) and not relief_agent(parse)


def relief_agent(parse: Any) -> bool:
    """A third party selling debt relief (停息挂账找我们, 律师团队帮你协商): the grammar's debt-agent frame."""
    return any(m.frame == "scam.debt_agent" for m in parse.matches)


def outermost(spans: Sequence[Span]) -> list[Span]:
    """The spans less those inside another of them, so a word is not quoted twice (收到的验证码发送给 already
    shows 验证码; 你通讯录里的人 already shows 你通讯录)."""
    return [s for s in spans if not any(
        o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end) for o in spans)]


def hit_spans(doc: Doc, match: Any) -> list[Span]:
    """The spans of the words a grammar match found, each quoted once."""
    return outermost([doc.span(h.start, h.end) for h in match.hits])


def text_numbers(elements: Sequence[Element]) -> list[Element]:
    """Every phone number the text gives, masked ones included; a sender's SMS gateway (106…) is not one."""
    return [e for e in elements if e.type == "phone" and e.attrs.get("kind") != "sms_gateway_106"]

# Scam-risk thresholds (0-100). At 60 several independent signals agree, or
# one strong one (a code request, a personal account) plus another.
SCAM_LIKELY = 60
# Below this, threats read as pressure from a real collector rather than a scam.
BLUFF_MAX_RISK = 40
SCAM_RISK_CAP = 100


# Words that put a visit, a legal claim or an offer in a debt setting. Without them "上门" is an
# advert (上门理发, 上门安装) and "减免" a discount. Plain 贷款 is left out: loan adverts use it.
_DEBT_RE = re.compile(
    r"逾期|欠款|欠费|还款|还钱|借款|催收|拖欠|欠债|债务|应还|待还|還款|未还|不还|欠你|欠的|账单"
    r"|否则|不然|要不然|不处理|再不|如不|若不|拒不"
)
# A visit announced with collection words (法务, 外访, 核实...) is a collection visit even when the
# quoted fragment names no debt ("法务部门已介入,实地走访即将启动").
_COLLECT_RE = re.compile(r"法务|外访|走访|核实|催收|调查|配合|资产|律师|法院|公安|派出所|经济情况")
# Adverts offering a service at home (上门理发, 上门安装) or inviting a visit to a shop.
_AD_RE = re.compile(
    # (辅导 as tutoring; a school's 辅导员 is the reader's counsellor, a third party)
    r"欢迎|优惠|免费|报名|促销|活动|开业|特价|专业|回收|安装|维修|维护|理发|看房|考察|洽谈|选购|辅导(?!员)|送货|拉货"
    r"|验房|量房|办手续|服务"
)
# "尾号1234" refers to the reader's own card, not to an account to pay into.
# Matched on an element's text as received, so traditional forms (尾號, 後四位) are listed too.
_TAIL_REF_RE = re.compile(r"尾[号號]|末四位|[后後]四位")


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


def listed_phones(lender: Element) -> list[dict[str, Any]]:
    """Numbers public directories give for the lender, unconfirmed on its own site ({number, source, retrieved})."""
    return [p for p in lender.attrs.get("listed_phones") or () if isinstance(p, dict)]


def is_listed(lender: Element, phone: Element) -> bool:
    """Whether ``phone`` is a number public directories list for the lender (unconfirmed on its own site)."""
    digits = digits_of(str(phone.value or phone.text))
    return any(digits_of(str(p.get("number", ""))) == digits for p in listed_phones(lender))


def site_matches(host: str, sites: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    for site in sites:
        site = str(site).lower().strip().removeprefix("https://").removeprefix("http://").split("/")[0]
        if site and (host == site or host.endswith("." + site)):
            return True
    return False


def hotline_domain(host: str, lender: Element) -> str | None:
    """The lender's service number when ``host`` is registered under it (n.95508.com for 95508).

    Banks and carriers register their national service number as a domain; a scammer cannot
    hold that name under .com or .cn while the lender does. Still an inference, not a verified
    site, so it only stops the link counting against the lender.
    """
    # Directory-listed numbers count here: this only stops a link counting against the lender.
    numbers = {digits_of(str(p.get("number", ""))) for p in official_phones(lender) + listed_phones(lender)}
    return next((label for label in _number_labels(host) if label in numbers), None)


_HOTLINE_SUFFIXES = frozenset({"com", "cn", "com.cn", "net", "net.cn"})


def _number_labels(host: str) -> list[str]:
    """Labels of ``host`` that could be a service number registered as a domain (95508 in n.95508.com)."""
    labels = host.lower().rstrip(".").split(".")
    return [
        label for i, label in enumerate(labels[:-1])
        if len(label) >= 5 and ".".join(labels[i + 1:]) in _HOTLINE_SUFFIXES
    ]


def signer_number_domain(host: str, elements: Sequence[Element]) -> str | None:
    """The service number under which ``host`` is registered when the message's signature names its owner.

    dx.10086.cn in a text signed 【中国移动】: the carrier's national number (from the phone-number table)
    as a domain, claimed by the signature. The same inference as hotline_domain, for senders that are
    not lenders (carriers, public services).
    """
    from dunguard.extract.phone import prefix_table

    # As received, a signature may be in traditional script (【中國移動】): compare it folded.
    signatures = [normalize(e.text).strip("【】[]") for e in elements if e.type == "lender" and e.role == "signature"]
    numbers = prefix_table()["numbers"]
    for label in _number_labels(host):
        named = numbers.get(label)
        if named is not None and any(len(sig) >= 2 and sig in str(named["name"]["zh"]) for sig in signatures):
            return label
    return None


def service_kind(phone: Element) -> str | None:
    """The phone kind when it is an institution's service number (service_95, service_400, hotline_short...),
    else None. A page or template that masks a service number keeps its prefix (95xxx, 400-9xx-xxxx): still one."""
    kind = str(phone.attrs.get("kind") or "")
    if kind == "masked":
        kind = str(phone.attrs.get("kind_hint") or "")
    return kind if kind.startswith("service_") or kind == "hotline_short" else None


def is_service_line(phone: Element) -> bool:
    """An institution's service number (95xxx, 96xxx, 400, 800, 1010, a listed short number), not a person's."""
    return service_kind(phone) is not None


def gov_host(host: str) -> bool:
    """A host under gov.cn (or Hong Kong's gov.hk, Macao's gov.mo, Taiwan's gov.tw), names issued to government
    bodies only."""
    return host.lower().endswith((".gov.cn", ".gov.hk", ".gov.mo", ".gov.tw"))


def gov_link(url: Element) -> bool:
    """A link written out plainly under gov.cn: not masked (***.gov.cn) and not behind a shortener."""
    return gov_host(str(url.attrs.get("host") or "")) and not url.attrs.get("masked") and not url.attrs.get("shortener")


def court_own_notice(parse: Any) -> bool:
    """A court's own notice: its formal wording together with what only a court carries (a case named as
    courts name it, 12368, its service site on court.gov.cn), so it is not someone posing as a court; or its
    notice to a defaulter's callers, which asks nothing of anyone."""
    return bool(parse.signals().get("court_notice")) and (parse.has("court_proof") or parse.has("caller_notice"))


# The sender's own app or client named as where to act (登录WPS客户端, 打开支付宝App, 顺丰速运小程序).
APP_RE = re.compile(r"App|APP|app|客户端|小程序")
# The person bringing a parcel (快递员, 配送师傅), whose own mobile a delivery notice gives.
COURIER_WORDS = r"快递员|配送员|派送员|送货员|骑手|快递小哥|配送师傅|快递师傅"
# ...named just before their mobile (请联系快递员186****3321).
_COURIER_BEFORE_RE = re.compile(rf"(?:{COURIER_WORDS})[^，。,；;0-9]{{0,6}}$")


def own_channels_only(parse: Any, elements: Sequence[Element], norm: str = "") -> bool:
    """The reader is sent only to a counter, the sender's own app or an institution's service line: no link,
    no ordinary number and no private chat, so a scammer has no way in (您的社保卡已停用，请到社保大厅办理;
    积分将于年底清零，可登录中国移动APP兑换; 请到营业部领取或拨打11183咨询). On a delivery notice that also offers
    the carrier's own app, the courier's mobile is how the parcel arrives, not a way in."""
    numbers = text_numbers(elements)

    def courier(p: Element) -> bool:
        return bool(norm) and parse.has("parcel") and p.attrs.get("kind") in ("mobile", "masked") and bool(
            _COURIER_BEFORE_RE.search(norm, max(0, p.start - 12), p.start))

    # (with the text at hand, the sender's app named anywhere will do: 续费请登录WPS客户端)
    app_named = bool(norm) and APP_RE.search(norm) is not None
    return (parse.has("in_person") or parse.has("in_app") or app_named) and all(
        is_service_line(p) or courier(p) for p in numbers) and not any(
        e.type == "url" for e in elements) and not (parse.has("chat_contact") or parse.has("link"))


def asks_nothing(parse: Any, elements: Sequence[Element]) -> bool:
    """No link, number, account or chat to use and nothing to reply: a notice that only reports (您本月账单已出…
    已从余额扣除) gives a scammer no way in."""
    return not any(e.type in ("url", "phone", "account") for e in elements) and not any(
        parse.has(c) for c in ("chat_contact", "link", "callback", "respond"))


def is_signed(elements: Sequence[Element]) -> bool:
    """The message carries a 【signature】 (any sender's name the lender extractor read, known or not)."""
    return any(e.type == "lender" and e.role == "signature" for e in elements)


# Threats to the body, the home or the family, said outright (打断你的腿) or veiled (走夜路小心点, 你女儿几点放学我们
# 都知道): a "bluff" verdict must not read as "nothing to fear", and the plan starts with the reader's safety.
HARM_CLASSES = frozenset({"violence", "violence_bare", "harm_hint", "safety_hint", "whereabouts", "surveil"})

# Where the reader lives or works, named as plainly as a visit notice names it (外访专员将前往您的家庭住址): a
# destination, not a threat, unless the message also harasses (你的身份证和家庭住址我们都贴到网上了). A door number, a
# route or a timetable (门牌号, 上下班路线, 几点下班) is said only to show they are watching.
_PLAIN_PLACES = frozenset({"住址", "家庭住址", "住的地方", "上班的地方", "工作的地方"})


def harm_hits(norm: str, parse: Parse, kinds: Iterable[str]) -> list[Hit]:
    """Words of harm or of watching the reader, which put safety before anything else in the verdict and the plan."""
    harassed = "harassment" in kinds
    return [
        h for h in parse.hits
        if h.cls in HARM_CLASSES
        and (harassed or h.cls != "whereabouts" or norm[h.start:h.end] not in _PLAIN_PLACES)
    ]

# Intimate images held over the reader (把你的裸照发给你通讯录里所有人): a crime to threaten, whoever sends it and
# whatever is owed; the reason and the plan say so before anything about the debt.
INTIMATE_RE = re.compile(r"裸照|私密照|私密视频|不雅照|不雅视频|艳照|裸聊视频|裸聊|裸条|床照|性爱视频")


# A state body in the signature (【中国人民银行征信中心】, 【某某区人民法院】) speaks for the state, not as a creditor.
_STATE_BODY_RE = re.compile(r"人民银行|征信中心|法院|检察院|公安|派出所|税务|社保|医保|人社|市场监管|金融监管|银保监|证监会|政府")


def named_lenders(elements: Sequence[Element]) -> list[Element]:
    """Lenders the message names as the creditor (not the collection agency, nor a state body signing it)."""
    return [
        e for e in elements if e.type == "lender" and e.role in ("named", "signature")
        and (e.attrs.get("known") or not _STATE_BODY_RE.search(e.text))
    ]


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



@dataclass
class _Evidence:
    spans: list[Span]
    words: list[str]
    # Set when only the statistical layer found this kind: its probability (0-1).
    model: float | None = None
    # Rules that gave this kind without pointing at words (one read from the message's facts, such as a
    # call count): {zh, en, id} of each.
    rules: list[dict[str, str]] = field(default_factory=list)

    def add(self, span: Span) -> None:
        if all((s.start, s.end) != (span.start, span.end) for s in self.spans):
            self.spans.append(span)
            self.words.append(span.text)


def _matches(doc: Doc, regex: re.Pattern[str] | Gated) -> list[Span]:
    return [doc.span(m.start(), m.end()) for m in regex.finditer(doc.norm)]


def has_debt_context(doc: Doc, elements: Sequence[Element]) -> bool:
    """Whether the message is about a debt, so that visit and legal words read as collection."""
    return bool(_DEBT_RE.search(doc.norm)) or any(
        e.type == "overdue" or (e.type == "money" and e.role in ("owed", "overdue_fee", "minimum")) for e in elements
    )


# How a news report opens or cites itself, or a news app signs its push (【今日头条】); a collector never writes so.
NEWS_RE = re.compile(
    r"^(?:本报讯|据[^，。]{0,8}报道|新华社|中新网|人民网|央视网)|本报(?:记者|讯)|记者[^，。]{0,8}(?:获悉|了解到|采访)|通讯员"
    r"|【(?:今日头条|头条|腾讯新闻|网易新闻|新浪新闻|搜狐新闻|澎湃新闻|新京报|人民日报|央视新闻|凤凰新闻|百度新闻|"
    r"微博热搜|抖音热点|环球时报|中国新闻网|新华社)】"
)


def visit_claims(doc: Doc, elements: Sequence[Element]) -> list[Element]:
    """Visit elements that threaten a collection visit: not negated, and in a message about a debt."""
    visits = [e for e in elements if e.type == "visit" and not e.attrs.get("negated")]
    if not visits:
        return []
    # A news report of collectors' visits (本报讯…上门骚扰) threatens nobody who reads it.
    if NEWS_RE.search(doc.norm):
        return []
    if has_debt_context(doc, elements) or _COLLECT_RE.search(doc.norm) or not _AD_RE.search(doc.norm):
        return visits
    return []


# Frames that read a message written *to* a third party about someone else's debt (a relative, a colleague,
# the employer, a contact the borrower named). "如您不是他本人，请代为转达" is left out: its reader may be the
# borrower.
TO_THIRD_PARTY_FRAMES = frozenset({
    "third_party.about_relation", "third_party.about_other", "third_party.contact_of", "third_party.to_org",
    "third_party.relay", "third_party.relay_for",
})
# The reader's own debt, or the reader asked to pass word to their own family: then the reader is the
# borrower, whatever else the message says about relatives (你和你姐欠我的, 请转告你家人把钱准备好).
_READER_OWES_RE = re.compile(
    r"[你您](?:们)?(?:的|名下的?|在[^，。,；;]{0,8}的)?(?:借款|欠款|贷款|欠债|债务|逾期|账单|欠费|网贷|分期)"
    r"|[你您](?:们)?(?:还|已|仍|一直|都)?(?:欠|借)(?!给)|[你您](?:和|跟)[^，。,；;]{0,6}(?:欠|借)(?!给)"
    r"|替[你您]|[你您](?:长期|一直)?失联|(?:转告|告诉|通知)[你您](?:的|在家的)?(?:家人|亲属|家里人|父母|家属)"
    # the reader called the debtor, or told "no more excuses" with no one else as subject (你个老赖，再不还钱小心你女儿…)
    r"|[你您](?:个|这个|这种)?(?:老赖|赖子)|(?:^|[，。！!？?；;\s])(?:[你您])?(?:再|还)不还(?:钱|款)?"
)


def written_to_third_party(doc: Doc, parse: Any) -> bool:
    """Whether the message is written to someone other than the borrower (a relative, colleague, employer or
    contact) about the borrower's debt, so that its reader owes nothing."""
    if not {m.frame for m in parse.matches} & TO_THIRD_PARTY_FRAMES:
        return False
    return _READER_OWES_RE.search(doc.norm) is None


# A message that says its reader guarantees the debt or shares it: then "you owe nothing" must wait for the
# signed guarantee, so the reader is told what makes such a claim true instead.
# (代为偿还, 代偿 only ask a relative to pay on the borrower's behalf: that claims no liability, and the reader is told so)
_GUARANTOR_RE = re.compile(r"担保人|保证人|担保责任|保证责任|连带|共同债务|共同借款人|共同还款|作担保")


def claims_guarantor(doc: Doc) -> bool:
    """Whether the message tells its reader they guarantee or share the debt."""
    return _GUARANTOR_RE.search(doc.norm) is not None


# Words of a lender, a collector or an institution: with any of them the debt is not a private one between people.
_INSTITUTION_RE = re.compile(r"平台|公司|我司|本司|贵司|银行|金融|催收|法务|律师|贷款|借款合同|逾期|征信|分期|网贷|App|APP|app|客服")


def personal_debt(doc: Doc, elements: Sequence[Element], parse: Any, kinds: Iterable[str], scam: bool) -> bool:
    """A person asking for their own money back (欠我的钱, 借你的钱还没还), with no lender, collector or threat in it."""
    return (
        not scam and parse.has("demand_own") and set(kinds) <= {"overdue_notice", "reminder", "other"}
        and not any(e.type in ("lender", "url", "account") for e in elements)
        and not parse.has("sender_self") and _INSTITUTION_RE.search(doc.norm) is None
    )
