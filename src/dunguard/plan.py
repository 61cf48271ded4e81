"""Turn a verdict into an ordered, tailored action plan with ready-to-send drafts.

The steps follow the seed article's advice (verify, state willingness to repay,
negotiate, keep evidence, seek help), reordered by what the verdict found: a
likely scam leads with "do not pay, do not click, do not give codes". Drafts
never invent facts: anything the plan does not know is a visible blank in 【】, such as
【姓名】 or 【Your name】. One marker in both languages lets a user (or a check) find every
unfilled blank, and square brackets would be eaten as markup by terminal renderers.

Example:
    >>> from dunguard.assess import assess
    >>> from dunguard.extract.base import Doc
    >>> from dunguard.model import Message
    >>> doc = Doc.from_message(Message("您的借款已逾期,请尽快还款。"))
    >>> verdict = assess(doc, [], [], None, None)
    >>> [s.id for s in make_plan(doc, [], [], verdict, None, None)][:2]
    ['verify_official', 'repay_intent']
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_UP, Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from dunguard.assess import (
    THREAT_KINDS,
    callback_phones,
    has_debt_context,
    is_listed,
    is_official,
    known_lender,
    lender_kind,
    lender_name,
    listed_phones,
    named_lenders,
    official_phones,
    rule_of,
    rule_tier,
    site_matches,
)
from dunguard.assess.common import (
    INTIMATE_RE,
    claims_guarantor,
    court_own_notice,
    gov_link,
    harm_hits,
    personal_debt,
    poses_as_collector,
    speaks_of_debt,
    written_to_third_party,
)
from dunguard.assess.visit import message_days
from dunguard.errors import BadData
from dunguard.extract.base import Doc
from dunguard.extract.money import currency_words
from dunguard.frozen import fast_init
from dunguard.grammar import Parse, parse_text
from dunguard.lenders import digits_of
from dunguard.letters import letter_cites, violation_fact
from dunguard.model import Context, Element, Finding, Step, Verdict

CHANNELS_PATH = Path(__file__).parent / "data" / "channels.yaml"
TIERS = ("crime", "regulatory", "self_regulatory", "misleading", "scam")
CONFIDENCES = ("V", "S", "U")

# The installment example the plan shows when the amount owed is known.
EXAMPLE_MONTHS = 12
# Beyond this many months a proposal is rarely accepted (credit cards' own restructuring is commonly capped at five
# years): the plan then says so and points to relief and free legal advice. A practical limit, not a legal one.
LONG_PLAN_MONTHS = 60
# Rules of the pressure category whose claim cannot be true of a civil debt (see the complain step).
_FALSE_CLAIM_RULES = frozenset({"CN-LEGAL-001", "CN-LEGAL-003"})
# More than a few rule tips at once stop being read.
MAX_ADVICE = 4

DISCLAIMER = {
    "zh": "以上内容是信息参考，不是法律意见或法律代理；涉及诉讼或人身安全时请咨询律师或报警。",
    "en": "This is information, not legal advice or representation; for court matters or your safety, talk "
    "to a lawyer or the police.",
}


@dataclass(frozen=True, slots=True)
class Channel:
    """A complaint or help channel with where its number came from."""

    id: str
    number: str | None
    url: str | None
    name: dict[str, str]
    handles: dict[str, str]
    tiers: tuple[str, ...]
    lender_types: tuple[str, ...]
    attach: dict[str, str]
    source: str | None
    retrieved: str
    confidence: str
    verified: bool
    note: dict[str, str] | None


# Scams that sell something (credit repair, a loan for a fee up front, paid debt relief) rather than claim a debt.
_SELLING_SCAMS = frozenset({"rule.CN-SCAM-002", "rule.CN-SCAM-003", "rule.CN-SCAM-005", "scam_script", "upfront_fee",
                            "lax_credit"})

def _bilingual(value: Any, path: Path, entry: str, field: str) -> dict[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("zh"), str) or not isinstance(value.get("en"), str):
        raise BadData("bad_data", path=path, reason=f"{entry}: {field} must have zh and en text")
    return {"zh": value["zh"], "en": value["en"]}


@functools.cache
def load_channels(path: Path = CHANNELS_PATH) -> dict[str, Channel]:
    """Load and validate channels.yaml once; a malformed entry raises BadData naming it."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise BadData("bad_data", path=path, reason=str(exc)) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("channels"), list):
        raise BadData("bad_data", path=path, reason="expected a mapping with a 'channels' list")
    out: dict[str, Channel] = {}
    for i, item in enumerate(raw["channels"]):
        entry = f"channels[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise BadData("bad_data", path=path, reason=f"{entry}: missing id")
        entry = item["id"]
        if entry in out:
            raise BadData("bad_data", path=path, reason=f"{entry}: duplicate id")
        number, url = item.get("number"), item.get("url")
        if number is None and url is None and item.get("note") is None:
            # Without a verified number or address the note must say how to find the channel.
            raise BadData("bad_data", path=path, reason=f"{entry}: needs a number, a url or a note")
        tiers = tuple(item.get("tiers") or ())
        if any(t not in TIERS for t in tiers):
            raise BadData("bad_data", path=path, reason=f"{entry}: unknown tier in {list(tiers)}")
        conf = item.get("confidence")
        if conf not in CONFIDENCES:
            raise BadData("bad_data", path=path, reason=f"{entry}: confidence must be V, S or U")
        retrieved = item.get("retrieved")
        if retrieved is None:
            raise BadData("bad_data", path=path, reason=f"{entry}: missing retrieved date")
        note = item.get("note")
        out[entry] = Channel(
            id=entry,
            number=str(number) if number is not None else None,
            url=str(url) if url is not None else None,
            name=_bilingual(item.get("name"), path, entry, "name"),
            handles=_bilingual(item.get("handles"), path, entry, "handles"),
            tiers=tiers,
            lender_types=tuple(item.get("lender_types") or ()),
            attach=_bilingual(item.get("attach"), path, entry, "attach"),
            source=item.get("source"),
            retrieved=str(retrieved),
            confidence=conf,
            verified=bool(item.get("verified")),
            note=_bilingual(note, path, entry, "note") if note is not None else None,
        )
    return out


def _reach(ch: Channel, name: str) -> str:
    """The channel's number and site after its name, unless the name already says the number (12368法院…)."""
    return "".join(" " + x for x in (ch.number, ch.url) if x and x not in name)


def channel_address(ch: Channel) -> dict[str, str]:
    """A channel as a letter addresses it: its name and number, with no source note (those stay in the plan)."""
    return {"zh": f"{ch.name['zh']}{_reach(ch, ch.name['zh'])}", "en": f"{ch.name['en']}{_reach(ch, ch.name['en'])}"}


def channel_line(ch: Channel) -> dict[str, str]:
    """One channel as a line with its number and a short "(来源/核对日期)" so the reader can judge it.

    The full source URL stays in channels.yaml and the JSON; the line names only its site, since
    a long link to a secondary page reads as noise to a worried reader.
    """
    # A U-rated page is a lead, not a source we stand behind: it is not named to the user.
    host = urlsplit(ch.source).hostname if ch.source and ch.confidence != "U" else None
    if ch.verified:
        trust_zh, trust_en = "已核实", "verified"
    elif ch.confidence == "S":
        trust_zh, trust_en = "二手资料，未在官方网站核实", "secondary source, not confirmed on the official site"
    else:
        trust_zh, trust_en = "未核实", "unverified"
    if host:
        zh_src, en_src = f"来源：{host}，{ch.retrieved} 核对；{trust_zh}", f"source: {host}, checked {ch.retrieved}; {trust_en}"
    elif ch.verified:
        zh_src, en_src = "公共常识", "common knowledge"
    else:
        zh_src, en_src = trust_zh, trust_en
    zh = f"{ch.name['zh']}{_reach(ch, ch.name['zh'])}（{zh_src}）"
    en = f"{ch.name['en']}{_reach(ch, ch.name['en'])} ({en_src})"
    if ch.note:
        zh += f"。{ch.note['zh']}"
        en += f". {ch.note['en']}"
    return {"zh": zh, "en": en}


# --- facts the drafts may use ------------------------------------------------------


@fast_init  # built for every message: see dunguard.frozen
@dataclass(frozen=True, slots=True)
class _Facts:
    """What the plan knows for sure; everything else becomes a blank."""

    lender_zh: str
    lender_en: str
    owed: Decimal | None
    received_zh: str
    received_en: str
    sender_zh: str
    sender_en: str
    # the owed amount's currency as the message states it (HK$5,000); the borrower's own --owed is in yuan
    currency: str = "CNY"
    # the amount is the message's claim, not the borrower's own figure: drafts must not accept it
    owed_said: bool = False
    # the collection agency or law firm that signs or names itself (【安信催收】, 某某律师事务所), if any
    agency: str | None = None
    # what the borrower says they can pay a month (--can-pay): the proposal follows it, not a fixed 12 months
    can_pay: Decimal | None = None


# A collection agency's or a legal department's own label (【安信催收】, 【贷后协商部】): who writes, not who is owed.
_AGENCY_LABEL_RE = re.compile(r"催收|资产管理|资产|法务|律所|律师|调解|外访|贷后|风控|协商部|委外")
# The creditor a collector names (你在速借花欠款8600元, 您在XX消费金融的借款): 2-10 characters, not the sender itself.
_OWED_AT_RE = re.compile(
    r"(?:你|您)(?:在|于)(?P<name>(?!我司|我们|本公司|本平台|平台|贵司)[\u4e00-\u9fa5A-Za-z]{2,10}?)"
    r"(?:的|处|平台的?|那里的?)?(?:欠款|借款|贷款|借的钱|借的|欠的|账单|分期)"
)


def _creditor_name(doc: Doc, elements: Sequence[Element]) -> str | None:
    """Who the reader owes, for the drafts: a known lender first, then a creditor the text names, then the signature
    unless it is a collection agency's own label. A signature is shown without its brackets, so it never reads as a
    blank for the reader to fill in."""
    named = named_lenders(elements)
    known = next((e for e in named if e.attrs.get("known") and lender_name(e)), None)
    if known is not None:
        return lender_name(known)
    owed_at = _OWED_AT_RE.search(doc.norm)
    if owed_at is not None:
        return doc.span(owed_at.start("name"), owed_at.end("name")).text
    for e in named:
        label = str(e.attrs.get("label") or lender_name(e) or "").strip("【】[] ")
        if label and not (e.role == "signature" and _AGENCY_LABEL_RE.search(label)):
            return label
    return None


def _agency_name(elements: Sequence[Element]) -> str | None:
    """The collection agency or law firm the text names as its writer, when it gives a name."""
    for e in elements:
        if e.type != "lender":
            continue
        label = str(e.attrs.get("label") or "").strip("【】[] ")
        if e.role == "signature" and not e.attrs.get("known") and label and _AGENCY_LABEL_RE.search(label):
            return label
        if e.role == "collector" and e.attrs.get("name"):
            return str(e.attrs["name"])
    return None


def _facts(doc: Doc, elements: Sequence[Element], context: Context | None) -> _Facts:
    name = _creditor_name(doc, elements)
    owed = context.owed if context is not None and context.owed is not None else None
    currency = "CNY"
    owed_said = False
    if owed is None:
        said = next((e for e in elements if e.type == "money" and e.role == "owed" and e.value is not None), None)
        if said is not None:
            owed, currency, owed_said = said.value, str(said.attrs.get("currency") or "CNY"), True
    when = doc.received_at.strftime("%Y-%m-%d %H:%M") if doc.received_at else None
    return _Facts(
        lender_zh=name or "【贷款机构名称】",
        lender_en=name or "【Lender name】",
        owed=owed,
        received_zh=when or "【收到日期和时间】",
        received_en=when or "【Date and time received】",
        sender_zh=doc.sender or "【发送号码】",
        sender_en=doc.sender or "【Sender number】",
        currency=currency,
        agency=_agency_name(elements),
        owed_said=owed_said,
        can_pay=context.can_pay if context is not None else None,
    )


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_UP):,.2f}"


def _amount(facts: _Facts, value: Decimal, lang: str, spaced: bool = False) -> str:
    """An amount in the debt's own currency: 5,000.00元 / 5,000.00 yuan, or 5,000.00 港元 / HK$5,000.00."""
    text = _money(value)
    if facts.currency == "CNY":
        return (f"{text} 元" if spaced else f"{text}元") if lang == "zh" else f"{text} yuan"
    return currency_words(text, facts.currency)[lang]


# --- the steps ---------------------------------------------------------------------------


# What the text asks of the reader beyond paying: a reply (回复1, 回覆).
_ASKS_REPLY_RE = re.compile(r"回复|回覆|短信回|回个?信息")


def _dont_list(doc: Doc, elements: Sequence[Element], parse: Parse) -> tuple[str, str]:
    """The "do not" sentence for a scam, naming only what this text asks for, always starting with payment."""
    zh = ["不要付款"]
    en = ["do not pay"]
    if any(e.type == "url" for e in elements) or "链接" in doc.norm or "网址" in doc.norm:
        zh.append("不要点短信里的链接")
        en.append("do not click the link in the message")
    zh.append("不要把验证码、密码或银行卡信息告诉任何人")
    en.append("do not give anyone a verification code, password or card details")
    if _ASKS_REPLY_RE.search(doc.norm):
        zh.append("不要按短信说的回复")
        en.append("do not reply as the message asks")
    if parse.has("chat_contact"):  # the grammar's chat accounts, filter-dodging spellings included
        zh.append("不要加短信里的微信或QQ")
        en.append("do not add the WeChat or QQ account it gives")
    if any(e.type == "phone" for e in elements) or not any(e.type == "url" for e in elements):
        zh.append("也不要回拨短信里的号码")
        en.append("and do not call back the number in the message")
    return "先停下：" + "，".join(zh) + "。", "Stop first: " + ", ".join(en) + "."


def _stop_scam(verdict: Verdict, doc: Doc, elements: Sequence[Element], parse: Parse) -> Step:
    # The strongest sign only: the verdict above lists them all, and a stressed reader needs the step, not a recital.
    top = sorted(verdict.scam_signals, key=lambda r: -r.weight)[:1]
    # Signal texts are sentences of their own; trailing stops are dropped before joining.
    sig_zh = "；".join(r.text["zh"].rstrip("。") for r in top)
    sig_en = "; ".join(r.text["en"].rstrip(".") for r in top)
    channels = load_channels()
    police, fraud = channel_line(channels["police_110"]), channel_line(channels["antifraud_96110"])
    spam = channel_line(channels["miit_12321"])
    # A changed-card or prize scam is a scam, not one "posing as collection": the same test as the verdict's.
    posing = poses_as_collector(parse)
    what_zh = "冒充催收的诈骗" if posing else "诈骗"
    what_en = "a scam posing as debt collection" if posing else "a scam"
    dont_zh, dont_en = _dont_list(doc, elements, parse)
    return Step(
        id="stop_scam",
        action={"zh": dont_zh, "en": dont_en},
        why={
            "zh": f"这条短信很可能是{what_zh}（诈骗风险 {verdict.scam_risk}/100）：{sig_zh}。"
            f"如果已经转账，马上报警并联系你的银行止付：{police['zh']}；可咨询 {fraud['zh']}；"
            f"可举报这条短信：{spam['zh']}。",
            "en": f"This message is likely {what_en} (scam risk {verdict.scam_risk}/100): "
            f"{sig_en}. If you have already paid, call the police and your bank at once: {police['en']}; for "
            f"advice: {fraud['en']}; to report the message: {spam['en']}.",
        },
    )


def _verify(doc: Doc, elements: Sequence[Element], verdict: Verdict, facts: _Facts) -> Step:
    lender = known_lender(elements)
    phones = official_phones(lender) if lender is not None else []
    listed = listed_phones(lender) if lender is not None else []
    warn_zh: list[str] = []
    warn_en: list[str] = []
    match_zh: list[str] = []
    match_en: list[str] = []
    for p in callback_phones(elements):
        status = is_official(lender, p) if lender is not None else None
        if status is True:
            match_zh.append(f"短信里的号码 {p.text} 与{lender_name(lender)}官网公布的号码一致，但仍请自己拨打官方号码，而不是回拨来电。")
            match_en.append(f"The number in the message, {p.text}, matches the one {lender_name(lender)} publishes on its "
                            "own site; still dial it yourself rather than returning a call.")
        elif lender is not None and is_listed(lender, p):
            match_zh.append(f"短信里的号码 {p.text} 与公开名录里{lender_name(lender)}的号码一致，但名录不是{lender_name(lender)}"
                            "自己发布的，我们没能在它的官网上核对：请在借款App或合同里确认这个号码。")
            match_en.append(f"The number in the message, {p.text}, matches a number public directories list for "
                            f"{lender_name(lender)}, but we could not confirm it on the lender's own site: check it in "
                            "your loan app or contract.")
        elif lender is None and (owners := _owners(p)):
            names = "、".join(o.name for o in owners)
            src = owners[0].official_phones
            rec = next((x for x in src if digits_of(x.number) == digits_of(str(p.value or p.text))), None)
            cite_zh = f"（来源：{rec.source}；核对日期：{rec.retrieved}）" if rec else ""
            cite_en = f" (source: {rec.source}; checked: {rec.retrieved})" if rec else ""
            # The page that states it may be the operator's (Alipay's page for 花呗/借呗): cite it, do not restate it.
            match_zh.append(f"短信里的号码 {p.text} 是{names}的客服号码，我们在官方页面上核对过{cite_zh}；"
                            "但短信没写明是哪家机构，仍以你借款App里的号码为准。")
            match_en.append(f"The number in the message, {p.text}, is a service line of "
                            f"{', '.join(o.name for o in owners)}, checked on an official page{cite_en}; but the message does not "
                            "say which lender it is, so go by the number in your loan app.")
        elif phones:
            # Not on the lender's published list is no proof the number is fake (lenders use more lines than
            # they publish): the advice is to check through the published one, not to call this one.
            warn_zh.append(f"注意：短信里的号码 {p.text} 不在{lender_name(lender)}官网公布的号码之中：核实时请拨打上面的官方号码，"
                           "不要回拨短信里的号码。")
            warn_en.append(f"Note: the number in the message, {p.text}, is not among the numbers {lender_name(lender)} "
                           "publishes on its site: check through the official number above rather than calling this one back.")
        elif (ch := _channel_for(p)) is not None:
            line = channel_line(ch)
            match_zh.append(f"短信里的号码 {p.text} 是公共服务号码：{line['zh']}。拨打它是安全的，但请自己拨号，不要回拨来电。")
            match_en.append(f"The number in the message, {p.text}, is a public service line: {line['en']}. It is safe to "
                            "call, but dial it yourself rather than returning a call.")
        else:
            warn_zh.append(f"短信里的号码 {p.text} 无法核实，不要用它来核实。")
            warn_en.append(f"The number in the message, {p.text}, cannot be verified; do not use it to check.")
    sites = list(lender.attrs.get("official_sites") or ()) if lender is not None else []
    links_zh, links_en = _link_notes(elements, sites)
    warn_zh += links_zh
    warn_en += links_en

    if phones:
        name = lender_name(lender)
        lines_zh = "、".join(
            f"{p['number']}（来源：{_source_label(p.get('source')) or '贷款机构资料'}；核对日期：{p.get('retrieved') or '未注明'}）"
            for p in phones[:2]
        )
        lines_en = ", ".join(
            f"{p['number']} (source: {_source_label(p.get('source')) or 'lender data'}; checked: {p.get('retrieved') or 'not stated'})"
            for p in phones[:2]
        )
        action_zh = f"自己拨打{name}官网公布的客服电话 {lines_zh}，或在官方App里查看，核实这笔欠款和这条短信是否由其发出。"
        action_en = (f"Call the service line {name} publishes on its own site yourself, {lines_en}, or check in its "
                     "official app, to confirm the debt and whether it sent this message.")
    else:
        action_zh = ("打开你借款的App，或查看借款合同，用那里写的官方客服电话核实这笔欠款；"
                     "不要使用短信里给的号码或链接。")
        action_en = ("Open the app you borrowed through, or your loan contract, and call the official service "
                     "number given there to confirm the debt; never use the number or link in the message.")
        if listed:
            name = lender_name(lender)
            nums_zh = "、".join(
                f"{p['number']}（来源：{_source_label(p.get('source'))}；查阅日期：{p.get('retrieved')}）" for p in listed[:2])
            nums_en = ", ".join(
                f"{p['number']} (source: {_source_label(p.get('source'))}; read: {p.get('retrieved')})" for p in listed[:2])
            action_zh += (f"公开名录里{name}的号码是 {nums_zh}，但我们没能在{name}自己的网站上核对，"
                          "请先在App里确认号码一致再拨打。")
            action_en += (f" Public directories list {name}'s number as {nums_en}, but we could not confirm it on "
                          f"{name}'s own site: check that the app shows the same number before calling.")
    action_zh = " ".join([action_zh, *match_zh, *warn_zh])
    action_en = " ".join([action_en, *match_en, *warn_en])

    # The draft quotes the message instead of restating its claim, so it asserts nothing the
    # borrower has not seen.
    questions_zh = [
        f"我是【姓名】，身份证后四位【后四位】。我在{facts.received_zh}收到号码{facts.sender_zh}发来的短信，"
        f"原文是：“{doc.text}”。请问：",
        f"1. 我在{facts.lender_zh}名下是否有借款、是否逾期？欠款本金、利息、罚息各是多少？",
        "2. 这条短信是否由贵司或贵司委托的机构发出？委托的是哪家机构？",
        "3. 官方的还款渠道是什么？",
    ]
    questions_en = [
        f"My name is 【Your name】, ID ending 【last 4 digits】. On {facts.received_en} I received a message from "
        f"{facts.sender_en}; its full text is: “{doc.text}”. Please tell me:",
        f"1. Do I have a loan with {facts.lender_en}, and is it overdue? What are the principal, interest and "
        "penalty amounts?",
        "2. Was this message sent by you or by an agency you hired? Which agency?",
        "3. What is the official way to repay?",
    ]
    if "visit_threat" in verdict.kinds:
        questions_zh.append("4. 贵司是否真的安排了上门外访？由哪家机构、哪些人员、在什么时间？")
        questions_en.append("4. Have you really arranged a home visit? By which agency, which staff, and when?")
    return Step(
        id="verify_official",
        action={"zh": action_zh, "en": action_en},
        why={
            "zh": "冒充催收的诈骗会在短信里留假号码和假链接；只有你自己找到的官方渠道才能确认欠款是否真实、金额是否准确。",
            "en": "Scams posing as collection plant fake numbers and links in the message; only an official "
            "channel you find yourself can confirm whether the debt is real and the amount right.",
        },
        draft={"zh": "\n".join(questions_zh), "en": "\n".join(questions_en)},
    )


def _link_notes(elements: Sequence[Element], sites: Sequence[str]) -> tuple[list[str], list[str]]:
    """One line per link that is not on the sender's verified sites: what it is and what to do instead."""
    zh: list[str] = []
    en: list[str] = []
    for u in (e for e in elements if e.type == "url"):
        host = str(u.attrs.get("host") or u.text)
        if sites and not u.attrs.get("shortener") and site_matches(host, sites):
            continue
        if gov_link(u):
            # gov.cn names are issued to government bodies only, so the address is the office's own; a text can
            # still be forged around it, so the reader types the address rather than tapping the link.
            zh.append(f"短信里的链接 {u.text} 在政府机关专用的 gov.cn 域名下；稳妥起见，请自己在浏览器里输入这个网址"
                      "或用官方App查询，不要直接点短信里的链接。")
            en.append(f"The link in the message, {u.text}, is under gov.cn, which only government bodies can hold; "
                      "to be safe, type the address yourself or use the official app rather than tapping the link.")
            continue
        zh.append(f"短信里的链接 {u.text} 不是已核实的官方渠道，不要点开。")
        en.append(f"The link in the message, {u.text}, is not a verified official channel; do not open it.")
    return zh, en


def _personal_step() -> Step:
    return Step(
        id="personal_debt",
        action={
            "zh": "这像是认识的人催你还自己的钱，不是贷款机构：如果确实借过，直接和对方说清楚你什么时候能还、能还多少；"
            "如果对这笔钱有争议，保留聊天和转账记录。",
            "en": "This looks like someone you know asking for their own money back, not a lender: if you did borrow it, "
            "tell them plainly when and how much you can repay; if the sum is disputed, keep the chats and transfer "
            "records.",
        },
        why={
            "zh": "熟人之间的借款没有App、合同客服或监管投诉渠道可找；把还款时间说清楚最能避免矛盾。"
            "如果发来的号码不是对方平时用的，先用你存的号码问一下是不是本人。",
            "en": "A loan between people has no app, service line or regulator to turn to; saying clearly when you can "
            "repay avoids most trouble. If the number is not the one they usually use, first ask them on the number "
            "you have saved whether it is really them.",
        },
    )


def _ordinary() -> Step:
    return Step(
        id="ordinary",
        action={
            "zh": "这看起来是一条普通短信，不是催收，也没有发现诈骗迹象：一般不需要做什么。",
            "en": "This looks like an ordinary message, not debt collection, with no sign of a scam: usually nothing "
            "needs doing.",
        },
        why={
            "zh": "短信里没有催收、威胁或诈骗的说法；如果它要求你付款或提供信息，先用下面的办法核实。",
            "en": "It carries no collection, threat or scam wording; if it asks you to pay or give details, check it "
            "first as below.",
        },
    )


def _verify_sender() -> Step:
    return Step(
        id="verify_sender",
        action={
            "zh": "如果要核实，用你自己早就存好的号码或官方渠道（银行卡背面的电话、官方App）联系对方本人或机构，"
            "不要用短信里给的号码、链接或账户。",
            "en": "To check it, contact the person or institution through a number or channel you already had (the "
            "number on your card, the official app), never the number, link or account in the message.",
        },
        why={
            "zh": "诈骗短信会冒充熟人、房东、老板或机构，留下假号码、假链接和新账户；只有你自己找到的渠道才能确认是不是本人发的。",
            "en": "Scam texts pose as friends, landlords, bosses or institutions and leave fake numbers, links and "
            "new accounts; only a channel you find yourself can confirm who really sent it.",
        },
    )


def _channel_for(phone: Element) -> Channel | None:
    """The public help or service channel (12368, 12348, 96110…) whose number this is, if any."""
    digits = digits_of(str(phone.value or phone.text))
    return next((ch for ch in load_channels().values() if ch.number and digits_of(ch.number) == digits), None)


def _verify_court(doc: Doc, elements: Sequence[Element], facts: _Facts) -> Step:
    court = channel_line(load_channels()["court_12368"])
    links_zh, links_en = _link_notes(elements, ())
    return Step(
        id="verify_court",
        action={
            "zh": "先核实这是不是法院发的：真实案件有案号、承办法院和法官，可以查到。可以在“人民法院在线服务”或中国审判流程"
            f"信息公开网上用案号查询（自己输入网址，不要点短信里的链接），或自己拨打 {court['zh']}。" + "".join(links_zh),
            "en": "First check that the court really sent it: a real case has a number, a court and a judge you can look "
            "up. Look the case number up on the courts' online service (人民法院在线服务) or the China trial-process "
            f"site (type the address yourself rather than tapping a link), or call it yourself: {court['en']}. "
            + " ".join(links_en),
        },
        why={
            "zh": "法院的通知是真的，就有期限要遵守；是假的，冒充法院的人往往接着要你转账。两种情况都要先用你自己找到的官方渠道查清。",
            "en": "If the notice is real it comes with deadlines; if it is fake, whoever poses as the court will soon "
            "ask for money. Either way, check through an official channel you find yourself first.",
        },
        draft={
            "zh": "\n".join([
                f"您好，我是【姓名】，身份证号【身份证号】。我在{facts.received_zh}收到一条短信，原文是：“{doc.text}”。请问：",
                "1. 是否有以我为当事人的案件？案号、承办法院和承办法官是？",
                "2. 开庭或其他程序的时间、地点是？我需要在什么期限内提交什么材料？",
            ]),
            "en": "\n".join([
                f"Hello, my name is 【Your name】, ID number 【ID number】. On {facts.received_en} I received a text; "
                f"its full text is: “{doc.text}”. Please tell me:",
                "1. Is there a case in which I am a party? Its number, the court and the judge handling it?",
                "2. When and where is the hearing or next step, and what must I file by when?",
            ]),
        },
    )


def _answer_court() -> Step:
    aid = channel_line(load_channels()["legal_aid_12348"])
    return Step(
        id="answer_court",
        action={
            "zh": "核实属实后，不要置之不理：按通知的时间到庭，或在答辩期内提交答辩；确有困难的，提前向法院说明并申请延期。"
            f"对欠款金额、利息和费用有异议的，可以在答辩和庭审中提出；借款纠纷在诉讼中也可以调解。免费法律咨询：{aid['zh']}。",
            "en": "Once it is confirmed, do not ignore it: attend at the time given or file a defence within the time "
            "allowed; if you cannot, tell the court early and ask for a new date. You can dispute the amount, interest "
            f"and fees in your defence and at the hearing, and loan disputes can be settled by mediation during the "
            f"case. Free legal advice: {aid['en']}.",
        },
        why={
            "zh": "被告经传票传唤、无正当理由不到庭的，法院可以缺席判决；到庭才能为自己说明情况、对不合理的金额提出异议。",
            "en": "A defendant who is summoned and stays away without good reason can be judged in their absence; "
            "only by taking part can you explain your situation and dispute an unfair amount.",
        },
    )


# A court, police or other state body in the signature: a summons in its name is checked, link and all, with the
# reader's own lender and the courts, even when the message names no debt.
_STATE_SIGNED_RE = re.compile(r"法院|检察院|公安|派出所|警|仲裁")
# A bank named as where a payee's card is held (户名王某某 工商银行, 转到我建行卡), not as the creditor.
_ACCOUNT_BANK_RE = re.compile(r"(?:户名|卡号|账号|账户|收款人)[^。]{0,24}$|转(?:到|入|至)(?:我的?)?$")


def _known_creditor(doc: Doc, elements: Sequence[Element]) -> bool:
    """A known lender the message speaks for or names, other than a bank that only holds a payee's account."""
    return any(
        e.type == "lender" and e.attrs.get("known") and e.role in ("signature", "named")
        and not _ACCOUNT_BANK_RE.search(doc.text, max(0, e.start - 30), e.start)
        for e in elements
    )


def _intimate_images() -> Step:
    """Intimate photos or videos held over the reader: the police first, no payment, the people warned ahead."""
    police = channel_line(load_channels()["police_110"])
    return Step(
        id="intimate_images",
        action={
            "zh": f"拿私密照片或视频威胁你，是违法犯罪（涉嫌敲诈勒索、侮辱、传播淫秽物品），不论你是否欠钱：请报警（{police['zh']}，"
            "或到派出所），把短信和发送号码给警察看。不要因为这个威胁付钱，付了往往还会被要更多。可以先告诉家人和亲近的朋友："
            "“如果有人发来我的照片，是催收（或骗子）在恐吓我，请不要转发，截图给我。”在手机设置里关掉借款App的通讯录和相册权限。",
            "en": f"Threatening you with intimate photos or videos is a crime (extortion, insult, spreading obscene "
            f"material), whether or not you owe money: report it to the police ({police['en']}, or at a police station) "
            "and show them the message and the sender's number. Do not pay because of this threat; paying usually brings "
            "demands for more. You may warn family and close friends first: “If anyone sends you photos of me, it is a "
            "collector (or a scammer) trying to frighten me; please don't pass them on, send me a screenshot.” In your "
            "phone's settings, take the loan apps' access to contacts and photos away.",
        },
        why={
            "zh": "警察可以制止传播并追究责任；提前告诉身边的人，对方的威胁就失去了作用。",
            "en": "The police can stop the spreading and hold the sender to account; once the people around you know, the "
            "threat loses its power.",
        },
    )


# The reader's child, or the child's school or class, named in a threat.
_CHILD_RE = re.compile(r"(?:你|您)(?:的|家)?(?:孩子|女儿|儿子|闺女|小孩)|[^，。,]{0,8}(?:小学|中学|幼儿园)[^，。,]{0,6}(?:年级|班)|放学")


def _safety_first(doc: Doc, parse: Any, kinds: set[str]) -> Step:
    said = list(dict.fromkeys(doc.norm[h.start:h.end] for h in harm_hits(doc.norm, parse, kinds)))
    words = "、".join(w for w in said if not any(w != o and w in o for o in said))
    police = channel_line(load_channels()["police_110"])
    # A child named, or their school or way home, is a threat to act on today, not only to record.
    child = _CHILD_RE.search(doc.norm)
    child_zh = (
        f"短信提到了孩子（“{child.group(0)}”）：今天就报警，把短信给警察看；告诉孩子的班主任和学校门卫，只让你认识的人接送孩子，"
        "并告诉孩子不要跟陌生人走。" if child else "")
    child_en = (
        f"It names a child (“{child.group(0)}”): report it to the police today and show them the message; tell the "
        "class teacher and the school's gate staff, let only people you know pick the child up, and tell the child not "
        "to go with strangers. " if child else "")
    return Step(
        id="safety_first",
        action={
            "zh": f"先顾安全：短信以暴力相威胁（“{words}”）。{child_zh}有人上门或你感到危险时，马上打{police['zh']}；不要独自开门，"
            "告诉家人或邻居，出门尽量有人陪同。保存这条短信和发送号码，报警时给警察看。",
            "en": f"Safety first: the message threatens violence (“{words}”). {child_en}If anyone comes or you feel in "
            f"danger, call {police['en']} at once; do not open the door alone, tell family or neighbours, and have someone "
            "with you when you go out. Keep the message and the sender's number to show the police.",
        },
        why={
            "zh": "以暴力威胁催收是违法的，不论你是否欠款；警察可以制止，也会把它记录在案。",
            "en": "Threatening violence to collect a debt is against the law whether or not you owe money; the police "
            "can stop it and will put it on record.",
        },
    )


def _court_caller() -> Step:
    court = channel_line(load_channels()["court_12368"])
    return Step(
        id="court_caller",
        action={
            "zh": "这是法院发给拨打失信被执行人电话的人的提示，说的是你联系的那个人，不是你：你不欠任何钱，也不需要回复、"
            "转告或付款。和此人有借钱、生意往来时多加小心；如果他欠你的钱，可以向这家法院咨询执行的事。"
            f"想核实这条提示，可以打{court['zh']}。",
            "en": "This is a court's notice to whoever calls a person on its list of defaulters: it is about the person you "
            "called, not you. You owe nothing and need not reply, pass it on or pay anything. Take care in lending or "
            "doing business with that person; if they owe you money, ask that court about enforcement. To check the "
            f"notice, call {court['en']}.",
        },
        why={
            "zh": "法院依法向社会公布失信被执行人名单，这条提示是公布的一种方式，不是催收，也不违反催收规定。",
            "en": "Courts publish their lists of defaulters by law, and this notice is one way of doing it: it is not "
            "debt collection and breaks no collection rule.",
        },
    )


def _owners(phone: Element) -> tuple[Any, ...]:
    """Lenders whose verified number this is; empty when the lender table is unavailable."""
    try:
        from dunguard.lenders import lenders_for_number
    except ImportError:
        return ()
    return lenders_for_number(str(phone.value or phone.text))


def _rule_advice(findings: Sequence[Finding], pack: Any) -> Step | None:
    """What the rules that fired tell the borrower, one line per rule, most severe first."""
    order = {"high": 0, "medium": 1, "low": 2}
    seen: set[str] = set()
    lines_zh: list[str] = []
    lines_en: list[str] = []
    for f in sorted(findings, key=lambda f: order.get(f.severity, 3)):
        advice = getattr(rule_of(pack, f.rule_id), "advice", None) or {}
        zh, en = advice.get("zh"), advice.get("en")
        if f.rule_id in seen or not zh or not en:
            continue
        seen.add(f.rule_id)
        lines_zh.append(f"{f.title.get('zh', f.rule_id)}：{zh}")
        lines_en.append(f"{f.title.get('en', f.rule_id)}: {en}")
    if not lines_zh:
        return None
    return Step(
        id="rule_advice",
        action={"zh": "\n".join(lines_zh[:MAX_ADVICE]), "en": "\n".join(lines_en[:MAX_ADVICE])},
        why={
            "zh": "这些是短信里触发的规则给你的具体提示，每条的依据可在报告的“发现”部分查看。",
            "en": "These are what the rules the message triggered advise; each one's source is in the report's "
            "findings.",
        },
    )


def _pay_on_time(facts: _Facts) -> Step:
    return Step(
        id="pay_on_time",
        action={
            "zh": f"如果{facts.lender_zh}的官方App里确有这笔账单，在到期日前在App里还款；如果还不上，到期前联系官方客服申请延期或分期。",
            "en": f"If the bill shows in {facts.lender_en}'s official app, pay it there before the due date; if you "
            "cannot, contact the official service line before the due date to ask for an extension or installments.",
        },
        why={
            "zh": "按时还款可以避免罚息和征信记录；到期前主动协商，比逾期后更容易得到宽限。",
            "en": "Paying on time avoids penalty interest and a credit-report entry; asking before the due date gets "
            "relief more easily than after default.",
        },
    )


# Three years is the limitation period for a claim (民法典第188条; regulations digest CN-SOL-01, checked): a debt
# overdue longer may be past it, unless a demand or an acknowledgement restarted it.
LIMITATION_DAYS = 3 * 365


def _days_overdue(elements: Sequence[Element], context: Context | None) -> int | None:
    """The borrower's own figure, else the one the message states as a fact (as visit credibility reads it)."""
    if context is not None and context.days_overdue is not None:
        return context.days_overdue
    said = message_days(elements)
    return said.value if said is not None else None


def _limitation(days: int, said: bool = False) -> Step:
    """``said``: the years come from the message's own claim, which the reader has not confirmed (collectors inflate it)."""
    years = days // 365
    how_zh = f"短信说这笔欠款已逾期约{years}年（未经你确认；请对照你自己的借款记录）" if said else f"这笔欠款已逾期约{years}年"
    how_en = (f"The message says this debt has been overdue for about {years} years (not confirmed by you; check it "
              "against your own loan records)") if said else f"This debt has been overdue for about {years} years"
    return Step(
        id="limitation",
        action={
            "zh": f"{how_zh}，可能已过3年的诉讼时效（民法典第一百八十八条）。时效届满后，你可以拒绝还款"
            "（第一百九十二条）；但期间对方每次催讨、你每次承认欠款或答应还款，都会让时效中断、重新计算（第一百九十五条），"
            "时效届满后你再书面同意还款或还了一部分，也就不能再以时效抗辩。所以在咨询12348法律援助或律师之前："
            "不要书面承认欠款、不要答应还款、不要先付任何钱；可以请对方出示借款合同、还款记录，如果是别的公司来催，"
            "还要出示债权转让通知。",
            "en": f"{how_en} and may be past the three-year limitation period "
            "(Civil Code art. 188). Once it has run you may refuse to pay (art. 192); but each demand by the creditor "
            "and each time you acknowledged the debt or promised to pay restarts it (art. 195), and after it has run, a "
            "written promise or a part payment gives that defence away. So before you have talked to 12348 legal aid or "
            "a lawyer: do not acknowledge the debt in writing, do not promise to pay, and pay nothing; you may ask them "
            "for the loan contract and the payment record and, if another company is collecting, the notice that the "
            "debt was transferred to it.",
        },
        why={
            "zh": "时效是否已过，要看最后一次被催讨、最后一次承认欠款的时间，需要专业人士看具体材料；一句“我愿意还”就可能让你失去这个抗辩。",
            "en": "Whether it has run depends on the last demand and the last acknowledgement, which needs someone to "
            "look at the papers; a single “I am willing to pay” can give the defence away.",
        },
    )


def _pay_if_you_can(facts: _Facts) -> Step:
    return Step(
        id="pay_if_you_can",
        action={
            "zh": f"核实无误后，如果能还，就尽快在{facts.lender_zh}的官方App里还上；一次还不清，至少先还最低还款额或当期应还。"
            "实在还不上，再看下面的协商步骤。",
            "en": f"Once checked, if you can pay, pay as soon as you can in {facts.lender_en}'s official app; if not in "
            "full, pay at least the minimum or this period's amount. Only if you really cannot, see the negotiation "
            "steps below.",
        },
        why={
            "zh": "逾期越久，罚息越多，上报征信和被委外催收的可能越大；刚逾期几天时还上，影响最小。",
            "en": "The longer it runs, the more penalty interest, and the likelier a credit-report entry and an outside "
            "collector; paying within days of the due date does the least harm.",
        },
    )


def _repay_intent(facts: _Facts, context: Context | None) -> Step:
    # Even the borrower's own figure is given as theirs to check, not as an admission: the lender's total may hold
    # interest and fees that are unlawful, and a written admission can be used against the borrower.
    owed_zh = (f"约{_amount(facts, facts.owed, 'zh')}（按我的记录，以贵司提供、经我核对的明细为准，本函不构成对金额的确认）"
               if facts.owed is not None else "【欠款金额】元")
    owed_en = (f"about {_amount(facts, facts.owed, 'en')} (by my records; the amount is as your itemised statement shows "
               "once I have checked it, and this letter does not accept any amount)"
               if facts.owed is not None else "【amount owed】 yuan")
    if facts.owed_said:
        # The sum is the message's claim: the borrower asks for the figure rather than accepting it in writing.
        owed_zh = f"的金额请贵司核实（短信称{_amount(facts, facts.owed, 'zh')}，本函不构成对该金额的确认）"
        owed_en = (f"an amount I ask you to confirm (the message says {_amount(facts, facts.owed, 'en')}; this letter "
                   "does not accept that amount)")
    return Step(
        id="repay_intent",
        action={
            "zh": "通过官方渠道（App客服、官方电话）以书面方式说明你愿意还款，并请对方只联系你本人。",
            "en": "Tell the lender in writing, through its official channel (app chat, official number), that you "
            "are willing to repay, and ask it to contact only you.",
        },
        why={
            "zh": "表明还款意愿能缓和局面，也是日后协商、投诉时你讲诚信的证据。",
            "en": "Saying you will repay eases the pressure and is evidence of good faith for later negotiation "
            "or complaints.",
        },
        draft={
            "zh": f"您好，我是【姓名】，身份证后四位【后四位】，在{facts.lender_zh}的借款（合同号【合同编号】）"
            f"目前尚欠{owed_zh}。我愿意按核实后的金额还款，但因【原因】暂时无法一次还清，希望协商还款方案。"
            "请通过本人电话【联系电话】与我联系，请勿联系我的家人、同事等第三方。谢谢。",
            "en": f"Hello, I am 【Your name】, ID ending 【last 4 digits】. For my loan with {facts.lender_en} "
            f"(contract no. 【contract number】) I still owe {owed_en}. I am willing to repay but, because of "
            "【reason】, cannot pay it all at once, and would like to agree a repayment plan. Please contact me "
            "only at 【your phone number】 and do not contact my family, colleagues or other third parties. "
            "Thank you.",
        },
    )


def _negotiate(facts: _Facts) -> Step:
    if facts.can_pay is not None:
        advice_zh, advice_en, terms_zh, terms_en = _budget_terms(facts, facts.can_pay)
    else:
        terms_zh, terms_en = "【期数】期偿还，每月还款【每月金额】元", "【number of】 installments of 【monthly amount】 yuan"
        if facts.owed is not None and facts.owed > 0:
            each = facts.owed / EXAMPLE_MONTHS
            advice_zh = (f"示例（仅供参考，不是对方承诺的方案）：欠款 {_amount(facts, facts.owed, 'zh', True)}分 "
                         f"{EXAMPLE_MONTHS} 期，每月约 {_amount(facts, each, 'zh', True)}（未计利息）。请按你每月实际能承担的金额调整。")
            advice_en = (f"Example only (not an offer from the lender): {_amount(facts, facts.owed, 'en')} over "
                         f"{EXAMPLE_MONTHS} months is about {_amount(facts, each, 'en')} a month (before interest). "
                         "Adjust to what you can really pay each month.")
        else:
            advice_zh = "先算清你每月扣除房租、生活费后能拿出多少钱，再按这个数提出分期。"
            advice_en = "First work out what you can pay each month after rent and living costs, then propose that."
    owed_zh, owed_en = _owed_in_draft(facts)
    if facts.can_pay is not None:
        owed_zh = owed_zh.replace(" ", "")  # the budget draft writes a sum closed up (8,420.55港元)
    return Step(
        id="negotiate",
        action={
            "zh": f"提出分期还款或延期还款的具体方案，并要求对方书面确认。{advice_zh}",
            "en": f"Propose a concrete installment plan or an extension and ask for written confirmation. {advice_en}",
        },
        why={
            "zh": "一个你真能做到的方案，比一次性承诺却做不到更好；可附上收入证明等说明你的困难。",
            "en": "A plan you can keep beats a promise you cannot; you may attach proof of income to show your "
            "situation.",
        },
        draft={
            "zh": f"您好，关于我在{facts.lender_zh}的欠款{owed_zh}，我申请：将欠款分{terms_zh}，"
            "首期于【首期日期】支付；或申请延期【天数】天还款。请书面确认方案，并说明可否减免罚息和违约金。"
            "申请人：【姓名】，电话：【联系电话】。",
            "en": f"Hello, regarding my debt {owed_en} with {facts.lender_en}, I request to repay it in {terms_en}, "
            "the first on 【first payment date】; or an extension of 【number of days】 days. Please confirm the plan in "
            "writing and say whether penalty interest and fees can be waived. Applicant: 【Your name】, phone: 【your "
            "phone number】.",
        },
    )


def _owed_in_draft(facts: _Facts) -> tuple[str, str]:
    """The debt as a draft names it: the message's claim or the borrower's own figure, never admitted."""
    if facts.owed is None or facts.owed <= 0:
        return "【欠款金额】元", "of 【amount owed】 yuan"
    owed_zh, owed_en = _amount(facts, facts.owed, "zh"), _amount(facts, facts.owed, "en")
    if facts.owed_said:
        return (f"（短信称{owed_zh}，金额以贵司核实的账单为准）",
                f"(the message says {owed_en}; the amount is as your verified statement shows)")
    return (f"约{owed_zh}（按我的记录，金额以贵司提供、经我核对的明细为准）",
            f"of about {owed_en} (by my records; the amount is as your itemised statement shows once checked)")


def _budget_terms(facts: _Facts, can_pay: Decimal) -> tuple[str, str, str, str]:
    """What the action advises and the draft proposes when the borrower says what they can pay a month: the months
    follow from it, not a fixed example."""
    pay_zh, pay_en = _amount(facts, can_pay, "zh", True), _amount(facts, can_pay, "en")
    share_zh = "如果你有几笔欠款，这个数要分给每一笔，别把全部都许给一家。"
    share_en = "If you owe more than one lender, this sum has to be shared between them: do not promise all of it to one."
    if facts.owed is None or facts.owed <= 0:
        return (f"按你每月最多能拿出的 {pay_zh}提出分期，不要多许。{share_zh}",
                f"Propose installments of at most {pay_en} a month, the most you can pay; promise no more. {share_en}",
                f"【期数】期偿还，每月还款{_money(can_pay)}元", f"【number of】 installments of {_money(can_pay)} yuan")
    months = max(1, math.ceil(facts.owed / can_pay))
    monthly = facts.owed / months
    fit_zh = (f"按你每月最多能拿出的 {pay_zh}，欠款 {_amount(facts, facts.owed, 'zh', True)}要分 {months} 期，"
              f"每月约 {_amount(facts, monthly, 'zh', True)}（未计利息），就按这个提出。")
    fit_en = (f"At the most you can pay, {pay_en} a month, {_amount(facts, facts.owed, 'en')} takes {months} months at "
              f"about {_amount(facts, monthly, 'en')} a month (before interest): propose that.")
    terms_zh, terms_en = f"{months}期偿还，每月还款{_money(monthly)}元", f"{months} installments of {_money(monthly)} yuan"
    if months > LONG_PLAN_MONTHS:
        fit_zh += (f"分 {months} 期比大多数贷款机构愿意接受的期限长：仍按你真实能还的数提出，同时申请停息挂账、减免罚息，"
                   "并拨打12348问问法律援助；不要为了被接受而许下还不起的数。")
        fit_en += (f" {months} months is longer than most lenders accept: still propose what you can really pay, ask "
                   "for interest to be stopped and penalties waived, and call 12348 for free legal advice; do not "
                   "promise a sum you cannot keep just to be accepted.")
        # No letter promises decades of payments: it offers what can be paid now and asks for relief first.
        terms_zh = f"按我目前每月最多能还的{_money(can_pay)}元先行还款，请贵司先停止计息、减免罚息和违约金后，再与我商定期数"
        terms_en = (f"payments of {_money(can_pay)} yuan a month, the most I can pay now, while you first stop the "
                    "interest and waive penalties and fees, and then agree the number of months with me")
    return f"{fit_zh}{share_zh}", f"{fit_en} {share_en}", terms_zh, terms_en


def _take_offer(facts: _Facts) -> Step:
    """A reduction, instalment or payoff offered in the text: what to confirm before accepting it."""
    return Step(
        id="confirm_offer",
        action={
            "zh": f"短信里提出了减免、分期或一次性结清的方案。接受之前：先在{facts.lender_zh}的借款App或官方客服里确认这个方案"
            "确实存在（金额、截止时间、减免哪些利息罚息），最好有App内或书面的确认；只往App里或合同写明的还款账户付款，"
            "不要转到个人账户；还清后索要结清证明（正规机构免费出具），过一两个月查一次征信，确认显示已结清。",
            "en": f"The message offers a reduction, instalments or a lump-sum payoff. Before accepting: confirm in "
            f"{facts.lender_en}'s app or with its official service line that the offer exists (amount, deadline, which "
            "interest and penalties are waived), ideally confirmed in the app or in writing; pay only in the app or into "
            "the repayment account in your contract, never a personal account; once paid, ask for a settlement "
            "certificate (genuine lenders issue it free) and check your credit report a month or two later.",
        },
        why={
            "zh": "口头或短信里的减免，事后常被说成“没有这回事”；有书面确认和结清证明，才能证明这笔债已经了结。",
            "en": "A reduction promised by phone or text is often denied later; a written confirmation and a settlement "
            "certificate are what prove the debt is closed.",
        },
        draft={
            "zh": f"您好，我收到了关于我在{facts.lender_zh}欠款的结清/减免方案。请书面确认：需还款的金额、还款截止时间、"
            "减免的利息和罚息、还款的官方渠道，以及还清后是否出具结清证明并向征信报送已结清。确认后我会按方案通过官方渠道还款。"
            "姓名：【姓名】，电话：【联系电话】。",
            "en": f"Hello, I received a settlement/reduction offer for my debt with {facts.lender_en}. Please confirm in "
            "writing: the amount to pay, the deadline, the interest and penalties waived, the official way to pay, and "
            "whether a settlement certificate will be issued and the debt reported as settled to the credit bureau. Once "
            "confirmed I will pay through the official channel. Name: 【Your name】, phone: 【your phone number】.",
        },
    )


def _not_your_debt(doc: Doc) -> Step:
    if claims_guarantor(doc):
        claim_zh = ("短信说你是担保人或要共同还款：只有你亲自签过担保合同，或这笔钱确实用于你们的共同生活，才可能要你承担；"
                    "被留作“紧急联系人”不等于担保人。先请对方出示有你签字的合同，在看到之前不要付任何钱。"
                    "如果你确实签过担保合同：向担保人追偿是合法的，责任可能是真的。请找出合同，看清担保的金额、是一般保证还是"
                    "连带责任保证、保证期间是否已过，先咨询律师或拨打12348；依法向担保人追讨本身不算骚扰（但威胁、辱骂、夜间轰炸照样可以投诉），收到法院文书也不要置之不理。")
        claim_en = ("It says you are a guarantor or must share the debt: only a guarantee you signed yourself, or money "
                    "really spent on your shared household, could make you liable; being named as an emergency contact "
                    "does not. Ask to see the contract with your signature, and pay nothing before you have. If you did "
                    "sign a guarantee, a claim on the guarantor is lawful and the liability may be real: find the contract, "
                    "check the amount, whether it is an ordinary or a joint-and-several guarantee and whether its guarantee "
                    "period has run out, and get advice from a lawyer or 12348 first; a lawful claim on a guarantor is not "
                    "harassment in itself (threats, abuse and calls at night still are, and can be reported), and do not "
                    "ignore papers from a court.")
        draft_zh = ("我不是这笔借款的借款人。如果你们认为我是担保人或共同还款人，请书面出示有我本人签字的合同或其他依据；"
                    "在看到之前，我不会付款。请停止联系我的家人、同事。你们发来的短信和来电我都已保存，"
                    "如继续骚扰，我将向贷款机构、金融监管部门投诉，并报警处理。")
        draft_en = ("I am not the borrower of this loan. If you say I am a guarantor or co-borrower, show me in writing the "
                    "contract with my own signature or other grounds; until I have seen it I will pay nothing. Stop "
                    "contacting my family and colleagues. I have kept your messages and call records; if this continues "
                    "I will complain to the lender and the financial regulator and report it to the police.")
    else:
        claim_zh = ("你不是借款人：没有替借款人还款的义务（除非你亲自签过担保合同；签过的话先对照合同，别急着回复下面的草稿），"
                    "也没有义务转告、催借款人还钱，或提供借款人的住址、单位和新号码。")
        claim_en = ("You are not the borrower: you owe nothing (unless you signed a guarantee yourself; if you did, check "
                    "the contract before sending the draft below), and you need not pass messages on, press them to pay, "
                    "or give out their address, workplace or new number.")
        draft_zh = ("我不是这笔借款的借款人或担保人，与这笔债务无关，没有义务代为还款或转告。请停止联系我和我的家人、同事。"
                    "你们发来的短信和来电我都已保存，如继续骚扰，我将向贷款机构、金融监管部门投诉，并报警处理。")
        draft_en = ("I am neither the borrower nor a guarantor of this loan; the debt has nothing to do with me, and I have "
                    "no duty to pay it or pass messages on. Stop contacting me, my family and my colleagues. I have kept "
                    "your messages and call records; if this continues I will complain to the lender and the financial "
                    "regulator and report it to the police.")
    return Step(
        id="not_your_debt",
        action={
            "zh": f"这条短信是写给借款人的家人、朋友、同事或单位的。{claim_zh}不要往任何账户替借款人付款，"
            "也不要回拨短信里的号码；如果想回复（且你没有签过担保），只需说明你与这笔债务无关，并要求对方停止联系你。",
            "en": f"This message is written to the borrower's family, friend, colleague or employer. {claim_en} Do not "
            "pay into any account for them or call the number in the message; if you reply at all (and signed no "
            "guarantee), say only that the debt is not yours and ask them to stop contacting you.",
        },
        why={
            "zh": "催收方只能向借款人本人催收；向你透露他人的欠款、让你施压或代还，本身就违反催收规定。",
            "en": "A collector may pursue only the borrower; telling you about someone else's debt or asking you to "
            "press or pay for them itself breaks the collection rules.",
        },
        draft={"zh": draft_zh, "en": draft_en},
    )


def _relayed() -> Step:
    """A known lender's own note asking the reader to pass a call-back on: no refusal needed, no debt to dispute."""
    return Step(
        id="relay_only",
        action={
            "zh": "这是贷款机构请你转告借款人回电的短信。你可以转告，也可以不理会：你不是借款人，没有替借款人还款的义务（除非你亲自签过担保合同），"
            "也不必提供借款人的住址、单位或新号码，不要往任何账户付款。如果不想再收到，可以打该机构官网上公布的客服电话，"
            "说明你不是借款人，请他们不要再联系你。",
            "en": "The lender asks you to pass on a message for the borrower to call back. You may pass it on or leave "
            "it: you are not the borrower, owe nothing unless you signed a guarantee yourself, need not give their address, "
            "workplace or new number, and should pay into no account. If you want no more of these, call the service number on the lender's own website, "
            "say you are not the borrower and ask them to stop contacting you.",
        },
        why={
            "zh": "机构联系不上客户时可以请联系人转告回电，但不能向你透露欠款细节，也不能要你代还。",
            "en": "A lender that cannot reach its customer may ask a contact to pass on a call-back request, but may not "
            "tell you about the debt or ask you to pay it.",
        },
        draft={
            "zh": "您好，我不是您要找的客户本人，短信我已收到，会转告他本人。请不要再就此事联系我，谢谢。",
            "en": "Hello, I am not the customer you are looking for. I have received your message and will pass it on. "
            "Please do not contact me about this again. Thank you.",
        },
    )


def _tell_borrower() -> Step:
    return Step(
        id="tell_borrower",
        action={
            "zh": "如果你认识借款人，用你平时联系他的方式（不是短信里的号码）告诉他收到了这条短信，"
            "让他自己通过借款App或官方客服核实和处理，并要求贷款机构不要再联系你。",
            "en": "If you know the borrower, tell them about this message the way you usually reach them (not through "
            "the number in it), so they can check and deal with it in their loan app or with the official service "
            "line, and ask the lender to stop contacting you.",
        },
        why={
            "zh": "欠款只能由借款人本人和贷款机构解决；他知道后，可以投诉催收方骚扰他的亲友。",
            "en": "Only the borrower and the lender can settle the debt; once told, the borrower can also complain "
            "that the collector is pressing family and friends.",
        },
    )


def _evidence(third_party: bool = False) -> Step:
    # (someone who owes nothing has no payment receipts to keep)
    receipts_zh, receipts_en = ("", "") if third_party else ("保留还款凭证。", " keep payment receipts.")
    return Step(
        id="evidence",
        action={
            "zh": "保存证据：截图每条短信（要看得到发送号码和接收时间）；导出全部短信；接电话时录音；"
            f"记下每次来电和上门的日期时间、号码、对方自称的姓名和机构；{receipts_zh}"
            "之后可以用 `dunguard case` 建立案件、导入短信并导出证据包。",
            "en": "Keep evidence: screenshot every message (showing sender number and time received); export all "
            "messages; record calls; note the date, time, number and claimed name and agency of every call and "
            f"visit;{receipts_en} Later, `dunguard case` can hold these and export an evidence package.",
        },
        why={
            "zh": "投诉、报警或打官司时，带时间和号码的原始记录最有说服力。",
            "en": "For a complaint, a police report or a court, original records with times and numbers carry "
            "the most weight.",
        },
    )


def _visit_rights(verdict: Verdict, third_party: bool = False, at_work: bool = False) -> Step:
    level = verdict.visit_credibility.value
    level_zh = {"low": "低", "medium": "中", "high": "较高", "unknown": "无法估计"}.get(level, level)
    police = channel_line(load_channels()["police_110"])
    # At work there is no door to speak through; someone who owes nothing has nothing to repay.
    ask_zh, ask_en = (("请对方出示工作证和贷款机构的委托书", "ask for their staff ID and the lender's authorisation letter")
                      if at_work else ("隔着门请对方出示工作证和贷款机构的委托书", "through the closed door, ask for their "
                                       "staff ID and the lender's authorisation letter"))
    pay_zh, pay_en = (("你不欠这笔钱：不要替借款人付任何钱，也不必透露他的去向；", "you do not owe this debt: pay nothing "
                       "for the borrower and you need not say where they are;") if third_party else
                      ("不要把现金或转账交给上门的人，只通过官方渠道还款；", "never hand cash or transfers to visitors, repay "
                       "only through official channels;"))
    details_zh, details_en = ("", "") if third_party else ("，并说明欠款信息", " and the loan details")
    return Step(
        id="visit_rights",
        action={
            "zh": f"如果真有人上门：{ask_zh}{details_zh}；全程录音录像；"
            f"{'未经同意对方不能进入' if at_work else '未经你同意对方不能进屋'}；{pay_zh}"
            f"如果对方强行进门、堵门、威胁或纠缠不走，马上拨打 {police['zh']}。",
            "en": f"If someone does come: {ask_en}{details_en}; record audio or video throughout; they may not "
            f"come in without consent; {pay_en} if they force their way in, block a door, threaten you or refuse "
            f"to leave, call {police['en']}.",
        },
        why={
            "zh": f"上门的可能性估计为“{level_zh}”（只是估计）。行业规范要求外访人员主动出示证件和委托、至少两人、"
            "全程录音录像、不在22:00至次日8:00上门；未经同意进入住宅可能构成非法侵入住宅（刑法第245条）。",
            "en": f"The estimated chance of a visit is \"{level}\" (an estimate only). Industry codes require field "
            "collectors to show ID and authorisation unprompted, come at least two together, record the visit "
            "and not come between 22:00 and 08:00; entering a home without consent can be the crime of unlawful "
            "entry (Criminal Law art. 245).",
        },
    )


_REGULATORS = frozenset({"nfra_12378", "local_financial_regulator", "nifa_report"})
# Whom or what each channel takes, as a short head for its line in the complaint step.
_CHANNEL_FOR = {
    "nfra_12378": ("借款给你的是银行或消费金融公司", "If you borrowed from a bank or consumer-finance company"),
    "local_financial_regulator": ("借款给你的是小额贷款公司", "If you borrowed from a small-loan company"),
    "nifa_report": ("借款给你的是网贷平台", "If you borrowed through an online platform"),
    "miit_12321": ("骚扰、辱骂短信的号码", "For the harassing number"),
    "police_110": ("人身威胁、强行上门、冒充公检法", "Threats to your safety, forced visits, posing as police"),
    "antifraud_96110": ("疑似诈骗", "Suspected fraud"),
}
_CHANNEL_FOR_THIRD_PARTY = {
    "nfra_12378": ("借款人借钱的是银行或消费金融公司", "If the borrower borrowed from a bank or consumer-finance company"),
    "local_financial_regulator": ("借款人借钱的是小额贷款公司", "If the borrower borrowed from a small-loan company"),
    "nifa_report": ("借款人借钱的是网贷平台", "If the borrower borrowed through an online platform"),
}


def _complaint_channels(tiers: set[str], lender_kind: str, harassment: bool) -> list[str]:
    ids: list[str] = []
    if "crime" in tiers:
        ids.append("police_110")
    # (a false legal claim breaks the codes' ban on inventing consequences: the lender's regulator takes it)
    if tiers & {"regulatory", "self_regulatory", "misleading"}:
        by_kind = {
            "bank": ["nfra_12378"],
            "consumer_finance": ["nfra_12378"],
            "small_loan": ["local_financial_regulator"],
            "platform": ["nifa_report"],
        }
        ids += by_kind.get(lender_kind, ["nfra_12378", "local_financial_regulator", "nifa_report"])
    if "scam" in tiers:
        ids += ["antifraud_96110", "miit_12321"]
    if harassment and "miit_12321" not in ids:
        ids.append("miit_12321")
    return ids


def _complain(
    doc: Doc, legal: Sequence[Finding], pack: Any, verdict: Verdict, lender_kind: str, facts: _Facts,
    third_party: bool = False,
) -> Step:
    tiers = {rule_tier(rule_of(pack, f.rule_id), f) for f in legal}
    harassment = "harassment" in verdict.kinds or "scam" in verdict.kinds
    channels = load_channels()
    ids = _complaint_channels(tiers, lender_kind, harassment)
    lines = [channel_line(channels[i]) for i in ids]
    # The channels ask for nearly the same files; the first (most relevant) list is enough.
    attach_zh, attach_en = (
        ("短信截图（含发送号码和时间）、通话录音、来电记录", "message screenshots (with sender and time), call recordings, "
         "the call log") if third_party else (channels[ids[0]].attach["zh"], channels[ids[0]].attach["en"])
    )
    # With the lender's kind unknown every regulator is listed, each headed by whom it takes, so the reader
    # finds theirs at a glance instead of reading a sentence that maps kinds to channels.
    by_kind = lender_kind == "unknown"
    items_zh, items_en = [], []
    for i, line in zip(ids, lines, strict=True):
        head = _CHANNEL_FOR.get(i) if (by_kind or i not in _REGULATORS) else None
        if head and third_party and i in _REGULATORS:
            head = _CHANNEL_FOR_THIRD_PARTY[i]
        items_zh.append(f"·{head[0]}：{line['zh']}" if head else f"·{line['zh']}")
        items_en.append(f"· {head[1]}: {line['en']}" if head else f"· {line['en']}")

    if any(i in _REGULATORS for i in ids):
        first_zh = "一般先向贷款机构本身投诉（App客服或官方电话），未解决再找："
        first_en = "Usually complain to the lender first (its app or official line); if that fails, go to:"
    else:
        first_zh, first_en = "可以找：", "Where to go:"

    rules_zh: list[str] = []
    rules_en: list[str] = []
    for n, f in enumerate(legal, 1):
        words = [s.text for s in f.spans[:3] if s.text]
        fact_zh = violation_fact(words, f.explanation.get("zh"), "zh")
        fact_en = violation_fact(words, f.explanation.get("en"), "en")
        rules_zh.append(f"{n}. {f.title.get('zh', f.rule_id)}（{f.rule_id}）：{fact_zh}；依据：{letter_cites(f.citations, 'zh')}")
        rules_en.append(f"{n}. {f.title.get('en', f.rule_id)} ({f.rule_id}): {fact_en}; "
                        f"basis: {letter_cites(f.citations, 'en')}")
    draft_zh = "\n".join([
        "投诉书",
        "投诉人：【姓名】，联系电话：【联系电话】",
        f"被投诉机构：{facts.lender_zh}（催收机构：{facts.agency or '【催收机构名称，如知道】'}）",
        f"事实：本人于{facts.received_zh}收到号码{facts.sender_zh}发来的短信，原文如下：",
        f"“{doc.text}”",
        # (a message that calls the reader its guarantor is answered only by one who signed none)
        *([("本人不是该笔借款的借款人，也未签署过任何担保合同，与该债务无关。" if claims_guarantor(doc) else
            "本人不是该笔借款的借款人，与该债务无关。")] if third_party else []),
        "该短信涉嫌违反以下规定：",
        *rules_zh,
        "请求：责令其停止上述催收行为，核查并依法处理，并书面答复处理结果。",
        "附件：短信截图（含发送号码和时间）、通话录音" + ("。" if third_party else "、借款合同或借款记录。"),
        "【日期】",
    ])
    draft_en = "\n".join([
        "Complaint",
        "Complainant: 【Your name】, phone: 【your phone number】",
        f"Institution complained about: {facts.lender_en} (collection agency: {facts.agency or '【agency name, if known】'})",
        f"Facts: on {facts.received_en} I received a message from {facts.sender_en}; its full text:",
        f"“{doc.text}”",
        *([("I am not the borrower of this loan, have signed no guarantee of it, and the debt has nothing to do with "
            "me." if claims_guarantor(doc) else "I am not the borrower of this loan and the debt has nothing to do with "
            "me.")] if third_party else []),
        "The message appears to break these rules:",
        *rules_en,
        "Request: order it to stop this conduct, investigate and deal with it under the rules, and reply in "
        "writing.",
        "Attached: message screenshots (with sender and time), call recordings"
        + ("." if third_party else ", loan contract or loan record."),
        "【Date】",
    ])
    return Step(
        id="complain",
        action={
            "zh": f"这条短信可能违反了催收规定，可以投诉。{first_zh}\n" + "\n".join(items_zh) + f"\n附上：{attach_zh}。",
            "en": f"The message may break collection rules; you can complain. {first_en}\n" + "\n".join(items_en)
            + f"\nAttach: {attach_en}.",
        },
        why={
            "zh": "投诉会留下正式记录，监管部门会要求机构回应。",
            "en": "A complaint creates an official record and the regulator will ask the lender to answer.",
        },
        draft={"zh": draft_zh, "en": draft_en},
    )


def _legal_aid() -> Step:
    channels = load_channels()
    aid, police = channel_line(channels["legal_aid_12348"]), channel_line(channels["police_110"])
    return Step(
        id="legal_aid",
        action={
            "zh": f"咨询法律援助：{aid['zh']}。遇到人身威胁或有人强行上门时拨打 {police['zh']}。",
            "en": f"Get legal advice: {aid['en']}. If your safety is threatened or someone forces their way in, "
            f"call {police['en']}.",
        },
        why={
            "zh": "短信中的威胁可能超出合法催收的范围；律师可以告诉你有哪些权利、能否追究对方责任。",
            "en": "The threats may go beyond lawful collection; a lawyer can tell you your rights and whether the "
            "sender can be held to account.",
        },
    )


def _disclaimer() -> Step:
    return Step(
        id="disclaimer",
        action=dict(DISCLAIMER),
        why={
            "zh": "本工具根据短信文字和你提供的情况做估计，可能出错。",
            "en": "This tool estimates from the message text and what you told it, and can be wrong.",
        },
    )


def make_plan(
    doc: Doc,
    elements: Sequence[Element],
    findings: Sequence[Finding],
    verdict: Verdict,
    context: Context | None,
    pack: Any,
) -> tuple[Step, ...]:
    """The ordered steps for this message and borrower; pure, drafts in zh and en.

    Order: stop a scam; verify through the official channel (for a message written to the borrower's
    relative or contact instead: the reader owes nothing, tell the borrower); what the fired
    rules advise; pay on time (a
    reminder) or state willingness to repay and negotiate (a debt in arrears);
    keep evidence; know your rights at the door; complain where rules were
    broken; legal aid for threats; one disclaimer.
    """
    elements = tuple(elements)
    findings = tuple(findings)
    scam = verdict.legitimacy.value == "likely_scam"
    kinds = set(verdict.kinds)
    threats = bool(kinds & THREAT_KINDS)
    owes = bool(kinds & {"overdue_notice", "settlement_offer"}) or threats or (
        context is not None and bool(context.days_overdue)
    )

    # Written to the borrower's relative, colleague or contact: the reader owes nothing, so the plan is theirs
    # (refuse, tell the borrower, keep evidence, complain), not a borrower's (verify, repay, negotiate).
    parse = parse_text(doc.norm)
    third_party = "third_party_threat" in kinds and written_to_third_party(doc, parse)
    # A text that claims on the reader as the loan's guarantor gets the guarantor's plan (check what you signed, the
    # guarantee's kind and period, legal advice first), not the borrower's "say you will repay".
    if not scam and parse.has("reader_guarantor") and claims_guarantor(doc):
        third_party = True
    # ...or the lender's own note asking a contact to pass a call-back on (烦请转告其尽快致电95555)
    relay = third_party and any(r.code == "lender_relay" for r in verdict.legitimacy.reasons)

    selling = scam and not any(e.type == "lender" for e in elements) and any(
        r.code in _SELLING_SCAMS for r in verdict.scam_signals
    )
    # A court's own notice is checked with the courts, not with a lender, and it is answered, not ignored.
    court = not scam and not third_party and court_own_notice(parse)

    if not scam and parse.has("caller_notice") and court_own_notice(parse):
        return (_court_caller(), _disclaimer())
    if personal_debt(doc, elements, parse, kinds, scam):
        # A friend's or relative's own money (借你的钱还没还呢…不急): no loan app, contract or complaint to go to.
        return (_personal_step(), _verify_sender(), _disclaimer())
    if kinds == {"other"} and verdict.legitimacy.value == "likely_genuine":
        # A library's late book, a friend paying back, a phone bill: nothing to verify with a lender, nothing to
        # complain of; say so, and how to check if it asks for anything.
        return (_ordinary(), _verify_sender(), _disclaimer())

    # (worked out only here: the short plans above name no lender, sum or date)
    facts = _facts(doc, elements, context)
    visits = [e for e in elements if e.type == "visit" and not e.attrs.get("negated")]
    at_work = bool(visits) and all(e.attrs.get("target") == "workplace" for e in visits)
    steps: list[Step] = []
    if INTIMATE_RE.search(doc.norm) and not parse.has("guard_notice") and kinds & (
        {"harassment", "third_party_threat", "scam"}
    ):
        steps.append(_intimate_images())
    if harm_hits(doc.norm, parse, kinds) and kinds & {"harassment", "visit_threat", "third_party_threat"}:
        steps.append(_safety_first(doc, parse, kinds))
    if scam:
        steps.append(_stop_scam(verdict, doc, elements, parse))
    elif "visit_threat" in kinds and any(
        e.type == "visit" and e.attrs.get("stage") in ("arrived", "under_way") for e in elements
    ):
        # someone said to be at the door now: what to do at the door comes before checking the debt
        steps.append(_visit_rights(verdict, third_party, at_work))
    if court:
        # The court's name in the signature is not the lender the reader owes: the drafts leave it blank, unless the
        # notice names a known lender as the one suing (马上消费金融股份有限公司诉您…).
        if not any(e.type == "lender" and e.attrs.get("known") for e in elements):
            facts = replace(facts, lender_zh="【贷款机构名称】", lender_en="【Lender name】")
        steps += [_verify_court(doc, elements, facts), _answer_court()]
    elif third_party:
        # (the rules' own advice speaks to the borrower — "check your loan app" — so it is left to the findings)
        steps += [_relayed() if relay else _not_your_debt(doc), _tell_borrower()]
    elif selling:
        # An advert selling credit repair, a fee-first loan or paid "debt relief" claims no debt to check and names
        # no lender to complain to: stopping (above) and keeping evidence are the steps.
        pass
    else:
        # A message about no debt (a changed card, a prize, a parcel) is checked with its supposed sender,
        # not with a lender.
        # So is a scam that names no debt, whatever it threatens (冒充公安: 你的银行卡涉嫌洗钱，否则冻结).
        # (a made-up sender, 【淘宝客服】, is no lender to ask "do I owe you?")
        state_signed = any(e.type == "lender" and _STATE_SIGNED_RE.search(e.text) for e in elements)
        creditor = _known_creditor(doc, elements)
        no_debt = not (creditor or state_signed) and (
            (kinds <= {"scam", "other"} and not has_debt_context(doc, elements)) or (scam and not speaks_of_debt(parse))
        )
        if no_debt:
            steps.append(_verify_sender())
        elif scam and not creditor:
            # A scam about a debt in the name of no known lender (【征信修复中心】, a bank that only holds the payee's
            # card) is checked with the reader's own lender: the draft leaves the name blank, not the scammer's.
            blank = replace(facts, lender_zh="【贷款机构名称】", lender_en="【Lender name】")
            steps.append(_verify(doc, [e for e in elements if e.type != "lender"], verdict, blank))
        else:
            steps.append(_verify(doc, elements, verdict, facts))
        # (a scam about no debt gets no collection rule's advice: blackmail that threatens to send a video to the
        # reader's friends is no collector "contacting the family", and "complain to the lender" would mislead)
        advice = None if scam and no_debt else _rule_advice(findings, pack)
        if advice is not None:
            steps.append(advice)
    # The borrower's own steps, after the checks: repay and negotiate, or pay on time.
    if not scam and not third_party:
        if "settlement_offer" in kinds:
            # an offer made to the reader (一次性结清仅需7800元): confirm it officially before paying a yuan
            steps.append(_take_offer(facts))
        days = _days_overdue(elements, context)
        if owes and days is not None and days >= LIMITATION_DAYS:
            # An old debt: a promise to pay could give away the limitation defence, so no draft offers one.
            steps.append(_limitation(days, said=context is None or context.days_overdue is None))
        elif owes and court:
            pass  # a suit is answered in court (mediation there too), not with the app's repayment script
        elif owes:
            if verdict.legitimacy.value == "likely_genuine" and "settlement_offer" not in kinds:
                # A plain overdue notice: paying in the app now, or at least the minimum, comes before asking for a plan.
                steps.append(_pay_if_you_can(facts))
            steps += [_repay_intent(facts, context), _negotiate(facts)]
        elif "reminder" in kinds:
            steps.append(_pay_on_time(facts))
    # (a message to a third party is a threat: it keeps evidence and gets legal aid below like any other)
    if scam or owes:
        steps.append(_evidence(third_party))
    if "visit_threat" in kinds and not any(s.id == "visit_rights" for s in steps):
        steps.append(_visit_rights(verdict, third_party, at_work))
    # Pressure that is false by its nature (a criminal charge for a civil debt, an invented blacklist) is complained of
    # too: the codes forbid inventing legal consequences. A suit or a visit may be real, so those stay out.
    legal = [f for f in findings if f.category == "legality" or f.rule_id in _FALSE_CLAIM_RULES]
    # A scam is reported to the police and the anti-fraud line (the first step), not complained of to a lender
    # that did not send it: a complaint asking "the lender" to stop its collection makes no sense there.
    if legal and not selling and not scam:
        steps.append(_complain(doc, legal, pack, verdict, lender_kind(elements, context), facts, third_party))
    crime = any(rule_tier(rule_of(pack, f.rule_id), f) == "crime" for f in findings)
    if crime or kinds & {"harassment"} or ("third_party_threat" in kinds and not (relay and not legal)):
        steps.append(_legal_aid())
    steps.append(_disclaimer())
    return tuple(steps)


def _source_label(url: object) -> str:
    """A source as a reader can say it aloud: the site, or the repository on GitHub, not the full address."""
    if not url:
        return ""
    parts = urlsplit(str(url))
    host = parts.hostname or str(url)
    if host == "github.com":
        owner_repo = "/".join(parts.path.strip("/").split("/")[:2])
        return f"{host}/{owner_repo}" if owner_repo else host
    return host
