"""Visit credibility: how likely a threatened home visit is, from the text and the borrower's facts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from dunguard.assess.common import (
    SCAM_LIKELY,
    THIRD_PARTY_TARGETS,
    _matches,
    _t,
    known_lender,
    lender_kind,
    lender_name,
    visit_claims,
)
from dunguard.extract.base import Doc
from dunguard.model import Context, Element, Judgement, Reason
from dunguard.rules.engine import daypart_span, night_of

# Visit-credibility thresholds and points; docs/visit-credibility.md gives their basis. Every fact the
# borrower gives moves the estimate, up or down, and is named in the reasons.
SHORT_OVERDUE_DAYS = 30
LONG_DEFAULT_DAYS = 90
VERY_LONG_DEFAULT_DAYS = 180
SMALL_OWED = Decimal(5000)
LARGE_OWED = Decimal(50000)
FEW_CONTACTS = 3
MANY_CONTACTS = 10
# Points at or above which the level is medium; high also needs the address known.
MEDIUM_POINTS = 3
HIGH_POINTS = 6
# Days overdue and the amount owed that the message itself states count when the borrower gave none,
# with less trust (collectors exaggerate): a figure that raises the estimate earns at most this many
# points and never counts toward high; one that lowers it (short, small) counts in full.
MESSAGE_POINTS_MAX = 1

# An agency or staff member the borrower could check: a company name or a staff number.
_AGENCY_RE = re.compile(r"[\u4e00-\u9fa5]{2,16}(有限公司|律师事务所|资产管理公司|信息咨询公司)")
_STAFF_RE = re.compile(r"(工号|编号|员工号)[:：]?\s*[A-Za-z]{0,3}\d{3,}")
# An address down to the building (xx小区8栋, XX花园3栋1202, XX路**号): written out, it says they have it.
_ADDRESS_RE = re.compile(
    r"(?:(?:(?![你您住在是址])[\u4e00-\u9fa5A-Za-z0-9*]){1,10}(?:小区|花园|公寓|大厦|新村|家园|苑|广场)"
    r"|(?:(?![你您住在是址])[\u4e00-\u9fa5A-Za-z*]){1,8}(?:路|街|巷))"
    r"[^，。,？?\s]{0,4}?[0-9xX*一二三四五六七八九十]+(?:栋|幢|号楼|单元|号|室)(?:[0-9xX*]{1,5}(?:室|号)?)?"
)
# Words that introduce an agency ("已委托XX公司"); the name starts after the last of them.
_AGENCY_LEAD_RE = re.compile(r".*(委托给?|交由|授权|转交|移交给?|由)")


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
    undated = [e for e in elements if e.type == "time" and e.role == "visit" and e.value is None]
    if not times and undated:
        # The words give a time ("今晚11点") but with no received time it has no date.
        reasons.append(Reason("specific_time", _t(
            f"给出了上门时间（“{undated[0].text}”），但没有收到时间，无法换算成具体日期；群发模板也常写具体时间。",
            f"Gives a visit time (“{undated[0].text}”), but with no received time it cannot be dated; bulk "
            "templates often state times too.",
        ), (undated[0].span,)))
        if night_of(undated[0]):
            cap_low = True
            reasons.append(_night_reason(undated[0].attrs["clock"], undated[0]))
    if times:
        disp = (times[0].attrs.get("display") or {})
        reasons.append(Reason("specific_time", _t(
            f"给出了具体上门时间（{disp.get('zh', times[0].text)}），但群发模板也常写具体时间。",
            f"Gives a specific time ({disp.get('en', times[0].text)}), though bulk templates often do too.",
        ), (times[0].span,)))
        # A bare day ("明天") is dated at midnight but says nothing about the hour.
        if night_of(times[0], doc.tz):
            cap_low = True
            part = daypart_span(times[0], doc.tz)
            # a part of the day is shown as its hours (一早 06:00–09:00), not as its first hour
            if part:
                hours = f"{part[0]:%H:%M}–{part[1]:%H:%M}"
                reasons.append(_night_reason(f"{hours}，大部分在夜间", times[0], f"{hours}, mostly at night"))
            else:
                reasons.append(_night_reason(f"{times[0].value.astimezone(doc.tz):%H:%M}", times[0]))
    elif here := [v for v in visits if v.attrs.get("stage") in ("arrived", "under_way")]:
        # "已经在你家楼下", "外勤已出发": the time is now, whatever the odds that anyone is really there.
        reasons.append(Reason("said_now", _t(
            f"说人已经到了或正在路上（“{here[0].text}”），也就是现在：这常是吓唬，但如果真有人来，照下面的步骤做，"
            "感到危险就报警。",
            f"Says someone is already there or on the way (“{here[0].text}”), that is, now: often a bluff, but if "
            "anyone does come, follow the steps below and call the police if you feel in danger.",
        ), (here[0].span,)))
    elif not undated:
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
    elif (signer := known_lender(elements)) is not None:
        # The lender signs the text itself (【安逸花】…公司已安排外访专员): the institution is named, the visitor is not.
        name = lender_name(signer)
        reasons.append(Reason("no_staff", _t(
            f"短信以{name}的名义发出，但没有写明上门人员的姓名、工号或受托的催收机构；真实外访通常会说明身份并出示委托，"
            f"可以打{name}的官方客服核实是否真有安排。",
            f"The message is sent in {name}'s name but gives no name, staff number or collection agency for the visitor; "
            f"a real field visit normally identifies who is coming and shows an authorisation. You can ask {name}'s "
            "official service line whether a visit is really arranged.",
        ), (signer.span,)))
    else:
        reasons.append(Reason("no_agency", _t(
            "没有写明哪家机构、哪位工作人员上门，真实外访通常会说明身份并出示委托。",
            "Names no agency or staff member; a real field visit normally identifies who is coming and shows an "
            "authorisation.",
        )))

    third = [v for v in visits if v.attrs.get("target") in THIRD_PARTY_TARGETS]
    if third:
        reasons.append(Reason("third_party_target", _t(
            "上门对象是单位、老家、村委、亲属或孩子的学校：这属于联系第三人，受催收规范严格限制。",
            "The visit targets your workplace, hometown, village committee, relatives or a child's school: that "
            "is third-party contact, which collection rules restrict.",
        ), tuple(v.span for v in third)))

    ctx = context or Context()
    points = 1 if named_agency else 0
    said_days, said_owed = message_days(elements), message_owed(elements)
    facts, caps = _fact_reasons(ctx, lender_kind(elements, context), said_days, said_owed)
    address = _ADDRESS_RE.search(doc.norm) if ctx.address_known is None else None
    recited = _ADDRESS_RE.search(doc.norm) if ctx.address_known is not False else None
    soon = times and doc.received_at is not None and timedelta(0) <= times[0].value - doc.received_at <= timedelta(hours=24)
    if recited and soon:
        # A clock time within the day and the reader's building written out (今晚8点…你家住幸福小区3栋2单元): whatever the
        # odds in general, this one names when and where; prepare as if they will come.
        facts.append(Reason("message_when_where", _t(
            f"短信同时写出了一天之内的具体时间和你家的楼栋（“{doc.norm[recited.start():recited.end()]}”）：不管这类威胁"
            "平时多常落空，这一次说清了何时、何地，按会来准备（见下面的步骤）。",
            f"The message gives both a clock time within a day and your building (“{recited.group(0)}”): however often "
            "such threats come to nothing, this one says when and where; prepare as if they will come (see the steps "
            "below).",
        ), (doc.span(recited.start(), recited.end()),), 2))
    if address:
        # They write out where the reader lives (xx小区8栋): they may know it, though a template can carry one too.
        span = doc.span(address.start(), address.end())
        facts.append(Reason("message_address", _t(
            f"短信写出了一个住址（“{span.text}”）：如果那确实是你现在的住处，说明对方知道你住哪，上门更有可能；"
            "不对的话可以用 --address-unknown 说明。",
            f"The message writes out an address (“{span.text}”): if that is where you live now, they know it and a "
            "visit is more plausible; if not, say so with --address-unknown.",
        ), (span,), 1))
    reasons += facts
    cap_low = cap_low or caps
    points += sum(r.weight for r in facts)
    # The message's own figures may help reach medium, never high.
    sure_points = points - sum(r.weight for r in facts if r.code.startswith("message_"))
    no_context = (
        ctx.days_overdue is None and ctx.owed is None and ctx.contacts is None and ctx.address_known is None
        and ctx.lender_type == "unknown"
    )
    if cap_low:
        level = "low"
    elif no_context and said_days is None and said_owed is None and not address:
        level = "low"
        reasons.append(Reason("base_rate", _t(
            "正规贷款机构很少真的上门：成本高，在法律上也有争议。填写逾期天数、欠款金额、被联系次数可以得到更准的估计。",
            "Regular lenders rarely visit: it is costly and legally contested. Add days overdue, amount owed and "
            "number of contacts for a better estimate.",
        )))
    elif sure_points >= HIGH_POINTS and ctx.address_known is True:
        level = "high"
    elif points >= MEDIUM_POINTS:
        level = "medium"
    elif no_context:
        # Only the message's figures are known: ask for the rest, not for what the message already says.
        level = "low"
        reasons.append(_base_rate_asking(said_days is None, said_owed is None))
    else:
        level = "low"
        reasons.append(Reason("base_rate", _t(
            "正规贷款机构一般只在长期拖欠、多次联系无果时才考虑上门。",
            "Regular lenders usually consider a visit only after long default and many failed contacts.",
        )))
    if level == "medium" and ctx.address_known is None:
        reasons.append(Reason("address_unasked", _t(
            "如果对方并不知道你现在的住址，上门的可能性会更低；可以用 --address-unknown 说明。",
            "If they do not know where you live now, a visit is less likely still; say so with --address-unknown.",
        )))
    reasons.append(estimate)
    return Judgement(level, tuple(reasons))



def message_days(elements: Sequence[Element]) -> Element | None:
    """The first number of days overdue the message states as a fact ("已逾期68天"), or None.

    A condition ("如逾期15天"), a vague claim ("逾期多日"), a masked figure ("逾期XX天") or missed
    instalments ("逾期3期") give no number of days.
    """
    return next((
        e for e in elements
        if e.type == "overdue" and isinstance(e.value, int) and not e.attrs.get("conditional")
    ), None)


def message_owed(elements: Sequence[Element]) -> Element | None:
    """The largest amount the message says is owed ("欠款本息共计12800元"), or None.

    The largest, because a message that gives the principal and the total ("本金10000元，本息共计12800元")
    means the total. Fees, minimum payments and settlement offers have other roles and are not debts.
    """
    owed = [e for e in elements if e.type == "money" and e.role == "owed" and isinstance(e.value, Decimal)]
    return max(owed, key=lambda e: e.value, default=None)


def _differs(e: Element | None, yours: object) -> dict[str, str]:
    """A note when the borrower's figure and the message's differ: the borrower's is used."""
    if e is None or e.value == yours:
        return _t("", "")
    return _t(f"（短信写的是“{e.text}”，这里按你填写的数字。）", f" (The message says “{e.text}”; your figure is used.)")


def _days_reason(days: int, note: dict[str, str]) -> tuple[Reason, bool]:
    """The reason for the borrower's number of days overdue; and whether it caps the level low."""
    if days < SHORT_OVERDUE_DAYS:
        return Reason("short_overdue", _t(
            f"只逾期{days}天（少于{SHORT_OVERDUE_DAYS}天）：正规机构刚逾期时通常只发短信、打电话。" + note["zh"],
            f"Only {days} days overdue (under {SHORT_OVERDUE_DAYS}): regular lenders usually only text and "
            "call at this stage." + note["en"],
        )), True
    if days <= LONG_DEFAULT_DAYS:
        return Reason("some_overdue", _t(
            f"逾期{days}天：已过了刚逾期的阶段，但还不算长期拖欠（超过{LONG_DEFAULT_DAYS}天）。" + note["zh"],
            f"{days} days overdue: past the first weeks, but not yet long default (over {LONG_DEFAULT_DAYS} "
            "days)." + note["en"],
        )), False
    very = days > VERY_LONG_DEFAULT_DAYS
    return Reason("long_default", _t(
        f"逾期{days}天，属于{'很' if very else ''}长期拖欠：这时贷款机构更可能委外催收，上门的可能性随之上升。"
        + note["zh"],
        f"{days} days overdue is {'very ' if very else ''}long default: lenders then more often pass the "
        "debt to an outside agency, and a visit becomes more plausible." + note["en"],
    ), (), 2 if very else 1), False


def _said_days_reason(days: int, said: Element) -> tuple[Reason, bool]:
    """Days overdue the message states: a short figure caps like the borrower's, a long one counts for less."""
    exact = str(days) in said.text
    lead = _t(
        f"短信自称“{said.text}”（未经你确认{'' if exact else f'，按{days}天计'}）：",
        f"The message says “{said.text}” (not confirmed by you{'' if exact else f'; counted as {days} days'}): ",
    )
    if days < SHORT_OVERDUE_DAYS:
        # A collector has every reason to say more days, none to say fewer: a short figure is trusted.
        return Reason("message_short_overdue", _t(
            lead["zh"] + f"不到{SHORT_OVERDUE_DAYS}天，正规机构刚逾期时通常只发短信、打电话；催收方一般不会把天数往少里说。",
            lead["en"] + f"under {SHORT_OVERDUE_DAYS} days, when regular lenders usually only text and call; "
            "collectors rarely understate how long a debt is overdue.",
        ), (said.span,)), True
    if days <= LONG_DEFAULT_DAYS:
        return Reason("message_some_overdue", _t(
            lead["zh"] + f"已过了刚逾期的阶段，但还不算长期拖欠（超过{LONG_DEFAULT_DAYS}天）。",
            lead["en"] + f"past the first weeks, but not yet long default (over {LONG_DEFAULT_DAYS} days).",
        ), (said.span,)), False
    very = days > VERY_LONG_DEFAULT_DAYS
    return Reason("message_long_default", _t(
        lead["zh"] + f"属于{'很' if very else ''}长期拖欠，这时贷款机构更可能委外催收；但这是对方的说法，分量比你自己填写的低。"
        "如果不对，请填写你自己的逾期天数。",
        lead["en"] + f"{'very ' if very else ''}long default, when lenders more often pass the debt to an agency; "
        "but it is their claim and weighs less than your own figure. If it is wrong, give your own days overdue.",
    ), (said.span,), min(2 if very else 1, MESSAGE_POINTS_MAX)), False


def _owed_reason(owed: Decimal, note: dict[str, str]) -> tuple[Reason, bool]:
    """The reason for the amount the borrower owes; and whether it caps the level low."""
    if owed < SMALL_OWED:
        return Reason("small_amount", _t(
            f"欠款{owed}元（少于{SMALL_OWED}元）：上门的人力成本往往高于这笔钱。" + note["zh"],
            f"Owed {owed} yuan (under {SMALL_OWED}): a visit usually costs more than that to send." + note["en"],
        )), True
    if owed < LARGE_OWED:
        return Reason("moderate_amount", _t(
            f"欠款{owed}元：不算小，但通常还不值得专门派人上门。" + note["zh"],
            f"Owed {owed} yuan: not small, but usually not worth sending someone to the door." + note["en"],
        )), False
    return Reason("large_amount", _t(
        f"欠款{owed}元，金额较大，值得对方投入上门成本。" + note["zh"],
        f"Owed {owed} yuan, enough to be worth the cost of a visit." + note["en"],
    ), (), 1), False


def _said_owed_reason(owed: Decimal, said: Element) -> tuple[Reason, bool]:
    """The amount the message says is owed: a small one caps like the borrower's, a large one counts for less."""
    shown = said.attrs.get("display") if said.attrs.get("currency", "CNY") != "CNY" else None
    if isinstance(shown, dict):  # HK$5,000: the message's own currency, not yuan
        lead = _t(f"短信说欠款{shown['zh']}（未经你确认）：", f"The message says {shown['en']} is owed (not confirmed by you): ")
    else:
        lead = _t(f"短信说欠款{owed}元（未经你确认）：", f"The message says {owed} yuan is owed (not confirmed by you): ")
    if owed < SMALL_OWED:
        # Collectors inflate what is owed, they do not shrink it: a small figure is trusted.
        return Reason("message_small_amount", _t(
            lead["zh"] + f"少于{SMALL_OWED}元，上门的人力成本往往高于这笔钱；催收方一般不会把欠款往少里说。",
            lead["en"] + f"under {SMALL_OWED}, and a visit usually costs more than that to send; collectors rarely "
            "understate a debt.",
        ), (said.span,)), True
    if owed < LARGE_OWED:
        return Reason("message_moderate_amount", _t(
            lead["zh"] + "不算小，但通常还不值得专门派人上门。",
            lead["en"] + "not small, but usually not worth sending someone to the door.",
        ), (said.span,)), False
    return Reason("message_large_amount", _t(
        lead["zh"] + "金额较大，值得对方投入上门成本；但这是对方的说法，分量比你自己填写的低。如果不对，请填写你自己的欠款金额。",
        lead["en"] + "enough to be worth the cost of a visit; but it is their claim and weighs less than your own "
        "figure. If it is wrong, give your own amount owed.",
    ), (said.span,), min(1, MESSAGE_POINTS_MAX)), False


def _base_rate_asking(days_unknown: bool, owed_unknown: bool) -> Reason:
    """The base rate when only the message's figures are known, asking for the facts still missing."""
    zh = [w for w, unknown in (("逾期天数", days_unknown), ("欠款金额", owed_unknown)) if unknown] + ["被联系次数"]
    en = [w for w, unknown in (("days overdue", days_unknown), ("the amount owed", owed_unknown)) if unknown]
    en.append("the number of contacts")
    en_list = en[0] if len(en) == 1 else ", ".join(en[:-1]) + " and " + en[-1]
    return Reason("base_rate", _t(
        f"正规贷款机构很少真的上门：成本高，在法律上也有争议。填写{'、'.join(zh)}可以得到更准的估计；"
        "短信里的数字如果和实际不符，也请填写你自己的。",
        f"Regular lenders rarely visit: it is costly and legally contested. Add {en_list} for a better estimate; "
        "if the message's figures are wrong, give your own.",
    ))


def _fact_reasons(
    ctx: Context, ltype: str, said_days: Element | None = None, said_owed: Element | None = None
) -> tuple[list[Reason], bool]:
    """One reason per fact the borrower gave, weighted up (+) or down (-); and whether one caps it low.

    Days overdue and the amount owed the borrower did not give are taken from the message (``said_days``,
    ``said_owed``) with less trust: see MESSAGE_POINTS_MAX. The weight of each reason is its points toward
    a visit, so the reasons are the whole arithmetic.
    """
    out: list[Reason] = []
    cap = False
    days, owed, contacts, addr = ctx.days_overdue, ctx.owed, ctx.contacts, ctx.address_known
    picked = []
    if days is not None:
        picked.append(_days_reason(days, _differs(said_days, days)))
    elif said_days is not None:
        picked.append(_said_days_reason(said_days.value, said_days))
    if owed is not None:
        picked.append(_owed_reason(owed, _differs(said_owed, owed)))
    elif said_owed is not None:
        picked.append(_said_owed_reason(said_owed.value, said_owed))
    for reason, caps in picked:
        out.append(reason)
        cap = cap or caps
    if contacts is not None:
        if contacts < FEW_CONTACTS:
            out.append(Reason("few_contacts", _t(
                f"到目前只被联系过{contacts}次：催收通常先经过多次电话和短信，才会考虑上门。",
                f"Only {contacts} contacts so far: collection usually goes through many calls and texts before a "
                "visit is considered.",
            ), (), -1))
        elif contacts < MANY_CONTACTS:
            out.append(Reason("some_contacts", _t(
                f"已被联系{contacts}次：还不算“多次联系无果”。",
                f"{contacts} contacts so far: not yet “many failed contacts”.",
            )))
        else:
            out.append(Reason("many_contacts", _t(
                f"已被联系{contacts}次仍未解决：多次联系无果是对方考虑上门的前提之一。",
                f"{contacts} contacts without result: repeated failed contact is one of the conditions under which "
                "lenders consider a visit.",
            ), (), 1))
    if ltype == "platform":
        out.append(Reason("platform_lender", _t(
            "网贷平台的借款人分散在全国，很少真的安排上门。",
            "Online platforms lend to people all over the country and rarely send anyone to the door.",
        ), (), -1))
    elif ltype in ("bank", "consumer_finance"):
        out.append(Reason("licensed_lender", _t(
            "持牌机构可以委托外访，但须至少两人、出示证件和委托、全程录音录像，不得在22:00至8:00上门。",
            "A licensed lender may send a field visit, but with at least two people, ID and authorisation shown, "
            "recorded, and not between 22:00 and 08:00.",
        )))
    elif ltype == "small_loan":
        out.append(Reason("small_loan_lender", _t(
            "小额贷款公司多在本地放贷，比全国性的网贷平台更常自己或委托他人上门；上门同样须遵守不得在22:00至8:00、"
            "须出示证件等规矩。",
            "Small-loan companies mostly lend locally and visit (themselves or through an agency) more often than "
            "nationwide platforms; the same conduct rules apply (not 22:00-08:00, ID shown).",
        ), (), 1))
    if addr is True:
        out.append(Reason("address_known", _t(
            "你认为对方知道你现在的住址：上门是做得到的。",
            "You believe they know your current address: a visit can be carried out.",
        ), (), 1))
    elif addr is False:
        cap = True
        out.append(Reason("address_unknown", _t(
            "你认为对方不知道你现在的住址，上门难以实现。",
            "You believe they do not know your current address, which makes a visit hard to carry out.",
        )))
    return out, cap


def _night_reason(clock: str, time: Element, clock_en: str | None = None) -> Reason:
    return Reason("night_visit", _t(
        f"声称在夜间（{clock}）上门：正规催收不得在22:00至次日8:00上门，这更像是施压。",
        f"Claims a visit at night ({clock_en or clock}): regular collectors may not visit between 22:00 and 08:00, so "
        "this reads as pressure.",
    ), (time.span,))
