"""Legitimacy: likely genuine, a pressure bluff, a likely scam, or unclear, with reasons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from dunguard.assess.common import (
    _TAIL_REF_RE,
    APP_RE,
    BLUFF_MAX_RISK,
    INTIMATE_RE,
    SCAM_LIKELY,
    THREAT_KINDS,
    _Evidence,
    _t,
    asks_nothing,
    callback_phones,
    claims_guarantor,
    harm_hits,
    hit_spans,
    is_listed,
    is_official,
    is_signed,
    known_lender,
    lender_name,
    official_phones,
    own_channels_only,
    poses_as_collector,
    site_matches,
)
from dunguard.assess.kinds import _KIND_TEXT
from dunguard.extract.base import Doc
from dunguard.grammar import Parse
from dunguard.lenders import digits_of
from dunguard.model import Element, Judgement, Reason

_LEGAL_STEP_POSSIBLE = Reason("legal_step_possible", _t(
    "起诉、仲裁等是贷款机构可能真的采取的法律步骤，但真正起诉时会由法院通过正式渠道送达，不会只发一条短信。",
    "A lawsuit or arbitration is a step a lender may really take, but a real case is served by the court "
    "through formal channels, not by a text alone.",
))
_OVERSTATED = _t("夸大的后果（影响子女上学、就业等）", "overstated consequences (a child's schooling, a job)")
_VAGUE = _t("不说明具体措施的“后果自负”", "a vague “bear the consequences” that names no step")


_PERSONAL_MOBILE_RE = re.compile(r"(?:86)?1[3-9]\d{9}")

def _legitimacy(
    kinds: Sequence[str], risk: int, signals: Sequence[Reason], elements: Sequence[Element],
    kind_ev: dict[str, _Evidence], legal_pressure: bool, parse: Parse, doc: Doc, to_third_party: bool = False,
) -> Judgement:
    if risk >= SCAM_LIKELY:
        top = sorted(signals, key=lambda r: -r.weight)[:3]
        # Only a message about a debt is a scam "posing as collection"; a changed-card or prize text is not.
        what_zh, what_en = (
            ("冒充催收的诈骗", "a scam posing as collection") if poses_as_collector(parse) else ("诈骗", "a scam")
        )
        # One sign strong enough on its own is not "signs together".
        zh_how, en_how = ("以下迹象同时出现", "these signs together suggest") if len(top) > 1 else (
            "仅凭下面这一点就足以判断", "this sign alone is enough to suggest")
        return Judgement("likely_scam", (
            Reason("scam_risk_high", _t(
                f"诈骗风险 {risk}/100：{zh_how}，这条短信很可能是{what_zh}。",
                f"Scam risk {risk}/100: {en_how} the message is likely {what_en}.",
            ), tuple(s for r in top for s in r.spans)),
            *top,
        ))
    # A plain lawsuit threat is a step a lender may take; only overstated legal claims are pressure.
    # A court telling a defaulter's callers (你呼叫的机主已被…公布为失信被执行人) threatens no one: it is the court's
    # own lawful notice, read below as one.
    caller = parse.has("caller_notice") and "court_notice" in parse.signals()
    threats = [
        k for k in kinds if k in THREAT_KINDS and (k != "legal_threat" or legal_pressure)
        and not (caller and k in ("legal_threat", "third_party_threat"))
    ]
    overstated = parse.signals().get("overstated_consequence")
    vague = parse.signals().get("vague_consequence")
    if to_third_party and threats and set(threats) <= {"third_party_threat"} and not (overstated or vague) and (
        own_lender := _own_relay(elements, risk, doc.norm)
    ) is not None:
        # A known lender's signed note asking a contact to pass a message on, pointing only to its own line
        # (烦请转告其尽快致电95555): the bank's own practice, not pressure put on the reader. Whatever it says
        # of the debt is still named under "is it legal".
        name = lender_name(own_lender)
        numbered = bool(callback_phones(elements))
        how_zh = f"号码是{name}公开的客服号码" if numbered else f"只让他通过{name}自己的App或官方客服处理，没有留任何号码或链接"
        how_en = (f"the number is one {name} publishes" if numbered else
                  f"it points only to {name}'s own app or service line and gives no number or link")
        return Judgement("likely_genuine", (Reason("lender_relay", _t(
            f"这条短信是{name}发给借款人联系人的，请你转告他回电，{how_zh}：这是机构联系不上客户时的常见做法。"
            "你不是借款人，没有替借款人还款的义务（除非你亲自签过担保合同），也不必提供任何信息；转告即可，不确定就自己打官方客服问。",
            f"{name} writes to one of the borrower's contacts, asking you to pass on a message to call back, and "
            f"{how_en}: lenders do this when they cannot reach a customer. You are not the borrower, owe nothing "
            "unless you signed a guarantee yourself, and need give no information; passing the message on is "
            "enough, and if unsure, call the official line yourself.",
        )),))
    if (threats or overstated or vague) and risk < BLUFF_MAX_RISK:
        spans = tuple(s for k in threats for s in kind_ev.get(k, _Evidence([], [])).spans)
        if overstated:
            spans += tuple(hit_spans(doc, overstated[0]))
        if vague:
            spans += tuple(hit_spans(doc, vague[0]))
        # A kind that only a rule without words gave (one read from the message's facts) is named by that rule,
        # not by the kind's "harassment or abuse" wording. (The night-time rule gives no kind at all: the hour is
        # a breach shown under "is it legal", and a polite text sent at 5 a.m. is judged by what it says.)
        labels = [
            _t(ev.rules[0]["zh"], "a " + ev.rules[0]["en"].lower())
            if (ev := kind_ev.get(k)) is not None and not ev.spans and ev.rules else _KIND_TEXT[k]
            for k in threats
        ] + ([_OVERSTATED] if overstated else []) + ([_VAGUE] if vague and not (threats or overstated) else [])
        words = "、".join(x["zh"] for x in labels)
        words_en = ", ".join(x["en"] for x in labels)
        if to_third_party:
            # Written to a relative, colleague or contact: the pressure is meant to reach the borrower through them.
            owe_zh, owe_en = (
                ("短信说你要担保或共同承担：只有你亲自签过担保合同（或这笔钱确实用于你们共同生活）才可能要你承担，"
                 "被留作联系人不等于担保人。",
                 "It says you guarantee or share the debt: only a guarantee you signed yourself (or money really "
                 "spent on your shared household) could make you liable; being named as a contact does not.")
                if claims_guarantor(doc) else
                ("你不是借款人，没有替借款人还款的义务（除非你亲自签过担保合同）。",
                 "You are not the borrower and owe nothing, unless you signed a guarantee yourself.")
            )
            out = [Reason("threat_pressure", _t(
                f"这条短信是写给借款人身边的人的，可能是在用{words}施压：催收方想借你向借款人施压，"
                f"这类话本身并不说明对方真的会这样做。{owe_zh}",
                f"The message is written to someone close to the borrower and likely uses {words_en} as pressure: "
                f"the collector wants to push the borrower through you; such words are not, by themselves, a sign "
                f"that the action will happen. {owe_en}",
            ), spans)]
        else:
            out = [Reason("threat_pressure", _t(
                f"这条短信可能只是在用{words}施压：这类话主要是为了催你还款，本身并不说明对方真的会这样做。",
                f"The message likely uses {words_en} to pressure you: such words mainly aim to make you pay; they "
                "are not, by themselves, a sign that the action will happen.",
            ), spans)]
        harm = harm_hits(doc.norm, parse, kinds)
        intimate = INTIMATE_RE.search(doc.norm) if not parse.has("guard_notice") else None
        if intimate:
            out.append(Reason("intimate_images", _t(
                "但拿私密照片或视频相威胁本身就是违法的（涉嫌敲诈勒索、侮辱、传播淫秽物品），不论是否欠款都要当真：请报警，"
                "不要因此付钱。",
                "But threatening to spread intimate photos or videos is a crime in itself (extortion, insult, spreading "
                "obscene material), owed money or not: take it seriously, report it to the police, and do not pay because "
                "of it.",
            ), (doc.span(intimate.start(), intimate.end()),)))
        if harm:
            # "Only pressure" must not read as "nothing to fear": a threat of violence is a crime in itself.
            out.append(Reason("violence_serious", _t(
                "但以暴力或人身安全相威胁本身就是违法的，不论是否欠款都要当真：有人上门或你感到危险时，马上拨打110。",
                "But a threat of violence or to your safety is a crime in itself, owed money or not: take it seriously, "
                "and call 110 at once if anyone comes or you feel in danger.",
            ), tuple(doc.span(h.start, h.end) for h in harm[:2])))
        if risk:
            out.append(Reason("some_scam_signals", _t(
                f"另有少量可疑迹象（诈骗风险 {risk}/100），请只通过官方渠道核实。",
                f"There are also a few suspicious signs (scam risk {risk}/100); verify only through official "
                "channels.",
            )))
        return Judgement("likely_bluff", tuple(out))
    lender = known_lender(elements)
    official = [p for p in callback_phones(elements) if lender is not None and is_official(lender, p) is True]
    # A number only public directories give for this lender: not called official, but no sign against it either.
    listed = [p for p in callback_phones(elements) if lender is not None and not official and is_listed(lender, p)]
    official_links = [
        u for u in elements
        if u.type == "url" and lender is not None and not u.attrs.get("shortener")
        and site_matches(str(u.attrs.get("host") or ""), lender.attrs.get("official_sites") or ())
    ]
    no_channel = not callback_phones(elements) and not any(
        e.type == "url" or (e.type == "account" and not _TAIL_REF_RE.match(e.text)) for e in elements
    )
    # The sender's own number, when it is one the lender publishes (a spoofing base station can fake it, so it
    # only ever supports a text that has no sign against it).
    from_official = lender is not None and bool(doc.sender) and digits_of(str(doc.sender)) in {
        digits_of(str(p["number"])) for p in official_phones(lender)}
    if lender is not None and (official or official_links or listed or no_channel or from_official) and risk == 0 \
            and not threats:
        if from_official:
            channel_reason = Reason("official_sender", _t(
                f"发送号码 {doc.sender} 是{lender_name(lender)}在官网公布的号码（号码可被伪基站仿冒，仍请在官方App里核对）。",
                f"The sending number, {doc.sender}, is one {lender_name(lender)} publishes on its own site (a fake base "
                "station can spoof it, so still check in the official app).",
            ))
        elif official:
            channel_reason = Reason("official_channel", _t(
                f"给出的号码 {official[0].text} 与该机构在官网公布的号码一致。",
                f"The number given, {official[0].text}, matches one the lender publishes on its own site.",
            ), (official[0].span,))
        elif official_links:
            # (a lender's domains come from its own pages or from public lists, each with its source in the data;
            # "on its known domain" claims no more than that)
            channel_reason = Reason("official_channel", _t(
                f"链接 {official_links[0].text} 在{lender_name(lender)}已知的网站域名之下（域名取自公开资料，"
                "不一定在它的官网上核对过；仍请在官方App里核对）。",
                f"The link {official_links[0].text} is on a domain known to be {lender_name(lender)}'s (taken from public "
                "sources, not necessarily checked on its own site; still check in the official app).",
            ), (official_links[0].span,))
        elif listed:
            channel_reason = Reason("listed_channel", _t(
                f"给出的号码 {listed[0].text} 与公开名录里{lender_name(lender)}的号码一致（名录不是它自己发布的，未经官网核实）。",
                f"The number given, {listed[0].text}, matches one public directories list for {lender_name(lender)} "
                "(not published by the lender itself, so not confirmed on its site).",
            ), (listed[0].span,))
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
    court = parse.signals().get("court_notice")
    if court and not threats and risk < PLAIN_MAX_RISK:
        words = "、".join(dict.fromkeys(sp.text for sp in hit_spans(doc, court[0])))
        return Judgement("likely_genuine", (Reason("court_notice", _t(
            f"像是法院自己发出的送达或执行通知（“{words}”这类正式用语、案号），不是催收公司的说法。"
            "请拨打12368或登录法院官方网站、“人民法院在线服务”核对案号；法院不会通过短信让你转账。",
            f"Reads like a court's own service or enforcement notice (formal wording such as “{words}”, a case "
            "number), not a collector's claim. Check the case number on 12368 or the court's official site; "
            "courts never ask for money by text.",
        )),))
    plain = _plain_notice(kinds, risk, threats, elements, lender, parse, legal_pressure, doc.norm)
    sender = digits_of(doc.sender) if doc.sender else ""
    if plain is not None and plain.value == "likely_genuine" and lender is None and _PERSONAL_MOBILE_RE.fullmatch(sender):
        # Calm words from someone's own mobile, naming no lender: nothing says who this is. Lenders' notices come
        # from 106 gateways or their service numbers.
        return Judgement("unclear", (*(r for r in plain.reasons if r.code != "lender_unknown"), Reason("personal_sender", _t(
            f"短信从个人手机号 {doc.sender} 发来，又没写是哪家机构：无法判断是不是正规通知。贷款机构的通知一般来自 106 "
            "开头的短信平台或它的客服号码；请在你的借款App里核对。",
            f"It came from a personal mobile, {doc.sender}, and names no lender: there is no telling whether it is a "
            "genuine notice. Lenders' notices usually come from a 106 gateway or their service number; check in your "
            "loan app.",
        ))))
    if plain is not None:
        return plain
    out = []
    if "legal_threat" in kinds and not legal_pressure:
        out.append(replace(_LEGAL_STEP_POSSIBLE, spans=tuple(kind_ev["legal_threat"].spans)))
    if risk:
        out.append(Reason("some_scam_signals", _t(
            f"有一些可疑迹象（诈骗风险 {risk}/100），但不足以判断为诈骗。",
            f"Some suspicious signs (scam risk {risk}/100), not enough to call it a scam.",
        )))
    if tuple(kinds) == ("other",):
        # Not about a debt: there is no lender to check with, only the sender to ignore or verify.
        out.append(Reason("verify_sender", _t(
            "真假不明：不要回拨短信里的号码、不要点链接、不要先付任何钱；需要核实就用你自己存的号码或官方App联系对方。",
            "Unclear: do not call the number in the message, open its link or pay anything first; to check, "
            "contact the sender through a number or official app you already had.",
        )))
        return Judgement("unclear", tuple(out))
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
# Below this only weak signs remain: an unverified link (15) or no 【signature】, which forwards and
# quotes often drop; a personal mobile to call back (20) is enough to leave the question open.
PLAIN_MAX_RISK = 20
# For a message that is not about a debt, any sign at all leaves it open.
OTHER_MAX_RISK = 10


def _own_relay(elements: Sequence[Element], risk: int, norm: str = "") -> Element | None:
    """The known lender that signed the text, when every number in it is that lender's own line (verified on its
    site, or listed for it by public directories), or it gives none and points to its own app (请提醒其登录捷信金融APP),
    and nothing else looks wrong (no scam sign weighs at all)."""
    lender = known_lender(elements)
    phones = callback_phones(elements)
    if risk or lender is None or not is_signed(elements):
        return None
    if not phones:
        own_app = APP_RE.search(norm) is not None
        return lender if own_app and not any(e.type in ("url", "account", "phone") for e in elements) else None
    return lender if all(is_official(lender, p) is True or is_listed(lender, p) for p in phones) else None


def _plain_notice(
    kinds: Sequence[str], risk: int, threats: Sequence[str], elements: Sequence[Element],
    lender: Element | None, parse: Parse, legal_pressure: bool = False, norm: str = "",
) -> Judgement | None:
    """A calm notice with no threat and no channel a scammer could use reads as likely genuine."""
    if threats:
        return None
    if tuple(kinds) == ("other",):
        # Not collection. An ordinary text (a code that says "do not share it", a parcel, a card alert) is
        # what it looks like; one that pleads an account problem, or speaks of a debt in words we did not
        # understand, is left open, even without a link.
        # A code text that warns "请勿泄露" is the genuine article, whatever it says about expiry.
        suspicious = ("charge_claim", "demand") if {"guard_notice", "guard_code"} & parse.present else (
            "abnormal", "charge_claim", "demand")
        # An account-problem or charge word said to no one (a rule about vehicles 逾期未检, a remark about a card's
        # 年费) leaves nothing to doubt; a creditor's own demand (还我钱) stays open whoever it is said to, while
        # 老赖 in a news line does not.
        if "directed" not in parse.present:
            suspicious = ("demand_own",)
        elif is_signed(elements) and own_channels_only(parse, elements, norm):
            # A signed notice that sends the reader only to the sender's own app, counter or service line
            # (积分将于年底清零，可登录中国移动APP兑换) leaves a scammer no way in, whatever it says has expired or
            # charged (会员已自动续费成功，扣款25元。如需关闭，请在腾讯视频APP中操作).
            suspicious = ("demand",)
        elif is_signed(elements) and asks_nothing(parse, elements):
            # ...nor does one that only reports a charge already made (账单已出…已从余额扣除); an account "problem"
            # with no way to act on it still stays open.
            suspicious = tuple(c for c in suspicious if c != "charge_claim")
        if risk > OTHER_MAX_RISK or any(parse.has(c) for c in suspicious):
            return None
        # A full account number to pay into is a transfer asked for: the reason below could not say there is none.
        if any(e.type == "account" and e.value is not None and e.role in ("bank_card", "bank_account", "alipay")
               for e in elements):
            return None
        return Judgement("likely_genuine", (Reason("not_collection", _t(
            "这不是催收或还款短信，也没有发现诈骗迹象（没有可疑链接、索要验证码或转账要求），看起来是一条普通通知。",
            "This is not a collection or repayment message, and no scam signs were found (no suspicious link, "
            "code request or transfer request); it looks like an ordinary notice.",
        )),))
    # A creditor's own words ("再不还钱", "欠我的") are not a lender's routine notice.
    # A signed notice may name the lawful step that may follow (诉讼风险, 追究法律责任): still routine,
    # unless it claims what only a court could do (legal_pressure).
    # A suit, arbitration or lawyer's letter announced as decided is a claim the reader cannot check
    # from the text: open, not routine.
    routine = _ROUTINE_KINDS | (
        {"legal_threat"} if not legal_pressure and is_signed(elements) and not _announces_legal_step(parse) else set())
    if risk >= PLAIN_MAX_RISK or not set(kinds) <= routine or parse.has("demand"):
        return None
    reasons = [Reason("plain_notice", _t(
        "语气平实：只是通知或提醒还款，没有威胁、夸大后果，也没有要你转账的私人账户或回拨的私人号码，"
        "可能是贷款机构的正常通知。",
        "Plain wording: it only notifies or reminds you to pay, with no threats or overstated consequences "
        "and no private account to pay into or private number to call; it is likely a lender's routine "
        "notice.",
    ))]
    if "legal_threat" in kinds:
        reasons.append(_LEGAL_STEP_POSSIBLE)
    if risk:
        reasons.append(Reason("weak_signs", _t(
            f"只有很弱的可疑迹象（诈骗风险 {risk}/100）：请只在官方App里核对和还款。",
            f"Only weak signs (scam risk {risk}/100): check and pay only in the official app.",
        )))
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


def _announces_legal_step(parse: Parse) -> bool:
    """A legal step stated as decided or under way (将依法起诉, 已申请仲裁), not only as a risk to avoid."""
    risks = parse.of("legal_risk")
    return any(
        not any(r.start < h.end and h.start < r.end for r in risks)
        for h in parse.hits if h.cls in ("legal_step", "legal_strong")
    )
