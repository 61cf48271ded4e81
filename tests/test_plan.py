"""Plans for hand-built verdict inputs: order, official channels with sources, drafts without invented facts."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from tests.test_assess import (
    AGENCY,
    CAMPUS,
    CMB,
    PACK,
    SEED,
    Pack,
    agency_elements,
    campus_elements,
    cmb_lender,
    doc_of,
    el,
    finding,
    rule,
    seed_elements,
)

from dunguard import Message, analyze
from dunguard.assess import assess
from dunguard.errors import BadData
from dunguard.model import Context, Finding
from dunguard.plan import channel_line, load_channels, make_plan

CJK = re.compile(r"[\u4e00-\u9fff]")


def plan_for(text, elements_fn=None, findings=(), context=None, pack=PACK, sender=None):
    doc = doc_of(text, sender=sender)
    elements = elements_fn(doc) if elements_fn else []
    findings = [f(doc) for f in findings]
    verdict = assess(doc, elements, findings, context, pack)
    return make_plan(doc, elements, findings, verdict, context, pack)


def ids(steps) -> list[str]:
    return [s.id for s in steps]


def step(steps, id_: str):
    return next(s for s in steps if s.id == id_)


def cmb_reminder(doc):
    return [cmb_lender(doc), el(doc, "phone", "contact", "95555", "95555", kind="service_95")]


def test_seed_plan_order():
    steps = plan_for(SEED, seed_elements)
    assert ids(steps) == ["verify_official", "repay_intent", "negotiate", "evidence", "visit_rights", "disclaimer"]


def test_scam_plan_leads_with_stop():
    steps = plan_for(CAMPUS, campus_elements)
    assert ids(steps) == ["stop_scam", "verify_official", "evidence", "disclaimer"]
    first = steps[0]
    assert "不要付款" in first.action["zh"] and "不要点" in first.action["zh"] and "验证码" in first.action["zh"]
    assert "do not pay" in first.action["en"] and "do not click" in first.action["en"]
    assert "96110" in first.why["zh"] and "来源" in first.why["zh"] and "12321" in first.why["zh"]
    # The scam never claimed an overdue loan, so the verification draft must not say it did.
    assert "逾期" not in step(steps, "verify_official").draft["zh"].replace(CAMPUS, "").split("请问")[0]


def test_verify_names_official_number_with_source_and_date():
    steps = plan_for(CMB, cmb_reminder)
    assert ids(steps) == ["verify_official", "pay_on_time", "disclaimer"]
    action = steps[0].action
    # The source is named as a reader can say it: the site, not the full address.
    assert "95555（来源：www.cmbchina.com；核对日期：2026-11-29）" in action["zh"]
    assert "95555 (source: www.cmbchina.com; checked: 2026-11-29)" in action["en"]
    assert "与招商银行官网公布的号码一致" in action["zh"]


def test_verify_warns_when_message_number_is_not_official():
    text = CMB.replace("95555", "13812345678")
    steps = plan_for(text, lambda d: [cmb_lender(d), el(d, "phone", "contact", "13812345678", "13812345678",
                                                        kind="mobile")])
    action = steps[0].action
    assert "短信里的号码 13812345678 不在招商银行官网公布的号码之中" in action["zh"]
    assert "is not among the numbers 招商银行 publishes on its site" in action["en"]
    assert "95555" in action["zh"]


def test_verify_warns_about_the_link():
    steps = plan_for(CAMPUS, campus_elements)
    action = step(steps, "verify_official").action
    assert "短信里的链接 https://t.cn/A6xYz 不是已核实的官方渠道" in action["zh"]


def test_a_gov_cn_link_is_not_called_unofficial_but_still_typed_not_tapped():
    r = analyze(Message("【某某县人民法院】赵**：你被诉民间借贷纠纷一案定于2025年5月8日9:30开庭，详情可登录 zxfw.court.gov.cn 查询。"))
    text = " ".join(s.action["zh"] for s in r.plan)
    assert "不是已核实的官方渠道" not in text
    assert "gov.cn" in text and "自己在浏览器里输入" in text
    # a look-alike that only contains gov.cn is still called what it is
    r = analyze(Message("【某某法院】你被诉借款合同纠纷一案明日开庭，详情登录 zxfw.court.gov.cn.fy-case.top 处理。"))
    assert "不是已核实的官方渠道" in " ".join(s.action["zh"] for s in r.plan)


def test_a_courts_own_notice_is_checked_with_the_courts_and_answered_not_ignored():
    text = "【XX市XX区人民法院】你被诉借款合同纠纷一案，本院定于2026年12月20日上午9时在第三法庭开庭审理，请准时到庭。详情可登录 zxfw.court.gov.cn 查看，或拨打12368咨询。"
    r = analyze(Message(text))
    assert r.verdict.legitimacy.value == "likely_genuine"
    # saying 开庭 and carrying the court's name is no collector's claim and no impersonation when the court says it
    assert not [f.rule_id for f in r.findings if f.rule_id.startswith(("CN-IMP-", "CN-LEGAL-"))]
    ids = [s.id for s in r.plan]
    assert ids[:2] == ["verify_court", "answer_court"] and "verify_official" not in ids
    first = r.plan[0].action["zh"]
    assert "12368" in first and "已核实" in first and "案号" in first
    assert "无法核实" not in " ".join(s.action["zh"] for s in r.plan)
    assert "缺席判决" in r.plan[1].why["zh"] and "12348" in r.plan[1].action["zh"]
    # a hotline whose name says its number is not followed by the number again
    assert "12368法院诉讼服务热线 12368" not in first and "热线（法律援助） 12348" not in r.plan[1].action["zh"]
    # the court is not the lender the reader owes
    assert all("人民法院】的" not in (s.draft or {}).get("zh", "") for s in r.plan)
    assert "a real case has a number" in analyze(Message(text)).plan[0].action["en"]


def test_a_signature_naming_a_court_is_shown_as_a_claimed_court_not_an_unknown_lender():
    from dunguard.render.labels import describe

    r = analyze(Message("【XX市XX区人民法院】你被诉借款合同纠纷一案，请准时到庭，咨询12368。"))
    sig = [e for e in r.elements if e.type == "lender"]
    assert sig and describe(sig[0], "zh").startswith("自称法院") and "claims to be a court" in describe(sig[0], "en")
    unknown = [e for e in analyze(Message("【某某小贷】您的借款已逾期，请尽快还款。")).elements if e.type == "lender"]
    assert describe(unknown[0], "zh") == "未收录的机构"


def test_a_fake_court_asking_for_a_transfer_keeps_its_findings_and_the_scam_plan():
    r = analyze(Message("【某某县人民法院】你被诉借款合同纠纷一案已立案，如需撤诉请于今日将欠款转入法院指定账户，咨询12368。"))
    assert r.verdict.legitimacy.value == "likely_scam"
    assert "CN-IMP-001" in [f.rule_id for f in r.findings]
    assert [s.id for s in r.plan][0] == "stop_scam" and "verify_court" not in [s.id for s in r.plan]


def test_a_public_help_number_in_a_message_is_named_not_called_unverifiable():
    r = analyze(Message("【某某银行】您的信用卡已逾期，请尽快还款。如接到自称公检法要求转账的电话，请拨打96110咨询。"))
    text = " ".join(s.action["zh"] for s in r.plan)
    assert "短信里的号码 96110 是公共服务号码" in text and "96110 无法核实" not in text


def test_unknown_lender_verify_uses_app_or_contract():
    steps = plan_for(SEED, seed_elements)
    action = steps[0].action
    assert "借款的App" in action["zh"] and "借款合同" in action["zh"]
    assert "不要使用短信里给的号码或链接" in action["zh"]
    assert "never use the number or link in the message" in action["en"]
    # 95188 is in lenders.yaml as a shared line; the plan names its owners but still defers to the app.
    assert "短信里的号码 95188 是" in action["zh"] and "在官方页面上核对过" in action["zh"]
    assert "alipay.com" in action["zh"]
    assert "仍以你借款App里的号码为准" in action["zh"]


def test_unlisted_number_cannot_verify():
    text = SEED.replace("95188", "0755-86001234")
    steps = plan_for(text, lambda d: [el(d, "phone", "contact", "0755-86001234", "075586001234", kind="landline")])
    assert "短信里的号码 0755-86001234 无法核实，不要用它来核实。" in steps[0].action["zh"]


def test_drafts_invent_no_names():
    steps = plan_for(SEED, seed_elements)
    drafts = [s.draft for s in steps if s.draft]
    assert drafts
    for d in drafts:
        assert set(d) == {"zh", "en"}
        assert "【姓名】" in d["zh"] or "【贷款机构名称】" in d["zh"]
        assert "【Your name】" in d["en"] or "【Lender name】" in d["en"]
        # Every Chinese run in a zh draft outside blanks is fixed template text: no lender name slipped in.
        assert "招商银行" not in d["zh"] and "支付宝" not in d["zh"]
    assert "【贷款机构名称】" in step(steps, "repay_intent").draft["zh"]
    assert "【欠款金额】" in step(steps, "repay_intent").draft["zh"]


def test_drafts_use_the_named_lender_and_received_time():
    steps = plan_for(AGENCY, agency_elements)
    draft = step(steps, "verify_official").draft["zh"]
    assert "招商银行" in draft
    assert "2025-02-26 10:30" in draft
    assert "【发送号码】" in draft
    assert "4. 贵司是否真的安排了上门外访" in draft
    assert f"原文是：“{AGENCY}”" in draft


def test_english_drafts_are_english():
    steps = plan_for(SEED, seed_elements, context=Context(owed=Decimal(6000)))
    for s in steps:
        assert set(s.action) == {"zh", "en"} and set(s.why) == {"zh", "en"}
        if s.draft:
            # The only Chinese an English draft may carry is the quoted message itself.
            assert not CJK.search(s.draft["en"].replace(SEED, "")), s.id
            assert CJK.search(s.draft["zh"])
    assert "about 6,000.00 yuan" in step(steps, "repay_intent").draft["en"]


@pytest.mark.parametrize(
    ("owed", "monthly"),
    [(Decimal(12000), "1,000.00"), (Decimal(10000), "833.34"), (Decimal("3500.50"), "291.71")],
)
def test_installment_example_from_owed(owed, monthly):
    steps = plan_for(SEED, seed_elements, context=Context(owed=owed))
    neg = step(steps, "negotiate")
    assert f"每月约 {monthly} 元" in neg.action["zh"]
    assert "示例" in neg.action["zh"] and "Example only" in neg.action["en"]
    assert "【每月金额】" in neg.draft["zh"] and "【monthly amount】" in neg.draft["en"]


def test_installments_without_owed_use_blanks():
    neg = step(plan_for(SEED, seed_elements), "negotiate")
    assert "每月约" not in neg.action["zh"]
    assert "【欠款金额】" in neg.draft["zh"] and "【每月金额】" in neg.draft["zh"]


def visit_time_finding(doc):
    return finding(doc, "CN-ID-01", "legality", "尊敬的客户")


def test_no_complaint_without_legality_finding():
    def pressure(d):
        start = d.text.index("上门拜访")
        return Finding("CN-VISIT-001", {"zh": "以上门施压", "en": "visit threat"}, "pressure", "low",
                       (d.span(start, start + 4),), {"zh": "", "en": ""})

    steps = plan_for(SEED, seed_elements, findings=[pressure])
    assert "complain" not in ids(steps)
    assert "visit_rights" in ids(steps)


@pytest.mark.parametrize(
    ("lender_type", "present", "absent"),
    [
        ("bank", ["12378"], ["互联网金融协会", "地方金融管理局"]),
        ("consumer_finance", ["12378"], ["互联网金融协会"]),
        ("platform", ["互联网金融协会"], ["12378"]),
        ("small_loan", ["地方金融管理局"], ["12378"]),
        ("unknown", ["12378", "互联网金融协会", "地方金融管理局", "借款给你的是小额贷款公司：当地地方金融管理局"], []),
    ],
)
def test_complaint_channel_by_lender_type(lender_type, present, absent):
    steps = plan_for(SEED, seed_elements, findings=[visit_time_finding], context=Context(lender_type=lender_type))
    c = step(steps, "complain")
    for word in present:
        assert word in c.action["zh"]
    for word in absent:
        assert word not in c.action["zh"]
    # Every channel carries its provenance: a dated source, "unverified", or common knowledge.
    assert re.search(r"（(来源：[^）]+20\d\d-\d\d-\d\d 核对|[^）]*未[^）]*核实|公共常识)", c.action["zh"])
    if "12378" in c.action["zh"]:
        # 12378 is confirmed on an official page: its source, date and "verified" follow it, and no caveat
        assert re.search(r"12378（来源：[^）；]+，2026-12-07 核对；已核实）", c.action["zh"])


def test_complaint_draft_lists_rules_citations_and_text():
    steps = plan_for(SEED, seed_elements, findings=[visit_time_finding], context=Context(lender_type="bank"))
    draft = step(steps, "complain").draft
    assert "1. 规则CN-ID-01（CN-ID-01）：短信中“尊敬的客户”；依据：《测试文件》 第1条" in draft["zh"]
    # a letter goes to an official: no confidence marks or source notes inside it
    assert "可信度" not in draft["zh"] and "confidence" not in draft["en"]
    assert SEED in draft["zh"]
    assert "投诉人：【姓名】" in draft["zh"]
    assert "Complainant: 【Your name】" in draft["en"]
    assert "rule CN-ID-01 (CN-ID-01)" in draft["en"]


def test_rule_advice_lists_each_fired_rule_once_most_severe_first():
    pack = Pack(
        CN_LEGAL_001=rule(("legal_threat",), 5, "misleading", "pressure"),
        CN_THREAT_01=rule(("harassment",), 0, "crime", "legality"),
    )
    pack.rules["CN-LEGAL-001"].advice = {"zh": "单纯逾期不会坐牢。", "en": "Being overdue will not put you in jail."}
    pack.rules["CN-THREAT-01"].advice = {"zh": "保存证据，可报警。", "en": "Keep evidence; you may call the police."}
    text = "再不还钱就等着坐牢吧，出门注意安全。"

    def high(d):
        f = finding(d, "CN-THREAT-01", "legality", "出门注意")
        return Finding(f.rule_id, f.title, f.category, "high", f.spans, f.explanation, f.citations)

    steps = plan_for(text, findings=[lambda d: finding(d, "CN-LEGAL-001", "pressure", "坐牢"), high,
                                     lambda d: finding(d, "CN-LEGAL-001", "pressure", "坐牢")], pack=pack)
    # (出门注意安全 after a demand is a veiled threat: the reader's safety comes first)
    assert ids(steps)[:3] == ["safety_first", "verify_official", "rule_advice"]
    assert steps[2].action["zh"] == "规则CN-THREAT-01：保存证据，可报警。\n规则CN-LEGAL-001：单纯逾期不会坐牢。"
    assert steps[2].action["en"].startswith("rule CN-THREAT-01: Keep evidence")


def test_no_rule_advice_step_without_findings():
    assert "rule_advice" not in ids(plan_for(SEED, seed_elements))


def test_crime_tier_adds_police_and_legal_aid():
    text = "你再不还钱，小心点，出门注意安全，我们明天上门。"
    steps = plan_for(
        text,
        lambda d: [el(d, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False)],
        findings=[lambda d: finding(d, "CN-THREAT-01", "legality", "出门注意")],
    )
    assert ids(steps)[-3:] == ["complain", "legal_aid", "disclaimer"]
    assert "110" in step(steps, "complain").action["zh"]
    aid = step(steps, "legal_aid").action["zh"]
    assert "12348公共法律服务热线（法律援助）（来源：" in aid and "2026-12-07 核对" in aid


def test_visit_rights_only_with_visit_threat():
    steps = plan_for(SEED, seed_elements)
    rights = step(steps, "visit_rights")
    assert "委托书" in rights.action["zh"] and "录音录像" in rights.action["zh"] and "110" in rights.action["zh"]
    assert "未经你同意对方不能进屋" in rights.action["zh"]
    assert "“低”" in rights.why["zh"]
    assert "visit_rights" not in ids(plan_for(CMB, cmb_reminder))


def test_evidence_step_says_what_to_keep():
    ev = step(plan_for(SEED, seed_elements), "evidence").action
    for word in ("截图", "发送号码", "接收时间", "导出", "录音", "dunguard case"):
        assert word in ev["zh"]


def test_disclaimer_once_and_last():
    for steps in (plan_for(SEED, seed_elements), plan_for(CAMPUS, campus_elements), plan_for(CMB, cmb_reminder)):
        assert ids(steps).count("disclaimer") == 1
        assert steps[-1].id == "disclaimer"
        assert "不是法律意见" in steps[-1].action["zh"] and "not legal advice" in steps[-1].action["en"]


def test_plan_works_without_pack():
    steps = plan_for(SEED, seed_elements, findings=[visit_time_finding], pack=None)
    assert "complain" in ids(steps)


def test_channels_file_has_sources_and_dates():
    channels = load_channels()
    assert {"nfra_12378", "nifa_report", "miit_12321", "police_110", "antifraud_96110", "legal_aid_12348",
            "local_financial_regulator", "pboc_12363", "court_12368"} <= set(channels)
    for ch in channels.values():
        assert date.fromisoformat(ch.retrieved) <= date(2026, 12, 31)
        assert ch.confidence in ("V", "S", "U")
        if ch.confidence != "V":
            assert ch.verified is False
    assert channels["nifa_report"].confidence == "U"


def test_channel_line_says_verified_only_for_a_verified_channel():
    # A channel confirmed on an official page reads "verified" with its source and date, with no
    # "not confirmed" caveat; one that is not says so, in both languages. (The note after the
    # provenance may still say what the page left open, such as the hours.)
    channels = load_channels()
    assert any(ch.verified and ch.source for ch in channels.values())
    assert any(not ch.verified for ch in channels.values())
    for ch in channels.values():
        line = channel_line(ch)
        zh, en = line["zh"].split("）。")[0].removesuffix("）"), line["en"].split("). ")[0].removesuffix(")")
        if ch.verified:
            assert "未在官方网站核实" not in zh and "二手资料" not in zh and "未核实" not in zh, ch.id
            assert "not confirmed" not in en and "unverified" not in en, ch.id
            if ch.source:
                assert zh.endswith(f"{ch.retrieved} 核对；已核实") and en.endswith(f"checked {ch.retrieved}; verified")
            else:  # 110: no page to cite
                assert zh.endswith("（公共常识") and en.endswith("(common knowledge"), ch.id
        else:
            assert "已核实" not in zh and ("未在官方网站核实" in zh or "未核实" in zh), ch.id
            assert "not confirmed on the official site" in en or "unverified" in en, ch.id


def test_bad_channels_file_names_the_entry(tmp_path: Path):
    bad = tmp_path / "channels.yaml"
    bad.write_text("channels:\n  - id: x\n    number: '1'\n    confidence: Q\n", encoding="utf-8")
    with pytest.raises(BadData) as info:
        load_channels(bad)
    assert "x: confidence must be V, S or U" in str(info.value)


def test_reminder_kind_from_a_rule_plans_pay_on_time():
    pack = Pack(CN_X_001=rule(("reminder",), 0, "misleading", "info"))
    doc = doc_of("您的账单明天需还款2000元。", received=datetime(2025, 2, 26, 10, 30))
    findings = [finding(doc, "CN-X-001", "info", "明天需还款")]
    verdict = assess(doc, [], findings, None, pack)
    assert verdict.kinds == ("reminder",)
    steps = make_plan(doc, [], findings, verdict, None, pack)
    assert ids(steps) == ["verify_official", "pay_on_time", "disclaimer"]
    assert "【贷款机构名称】" in steps[1].action["zh"]


def test_a_directory_number_is_shown_as_unconfirmed_never_as_official():
    # 农业银行's 95599 comes only from a community directory: the plan may mention it, marked unconfirmed.
    from dunguard import analyze
    from dunguard.model import Message

    report = analyze(Message("【中国农业银行】您的信用卡本期账单已逾期，请尽快还款，详询95599。"))
    step = next(s for s in report.plan if s.id == "verify_official")
    assert "公开名录" in step.action["zh"] and "95599" in step.action["zh"]
    assert "官网公布的客服电话 95599" not in step.action["zh"]
    assert "官方客服 95599" not in step.action["zh"]
    assert "not confirmed on" in step.action["en"] or "could not confirm" in step.action["en"]


def test_complaint_draft_never_quotes_nothing():
    """A rule about something missing (no lender named) has no words to quote; the letter states what
    is missing instead of an empty "短信中；"."""
    from dunguard import Message, analyze
    report = analyze(Message(SEED, received_at=datetime(2025, 2, 26, 10, 30)))
    draft = step(report.plan, "complain").draft
    assert "短信中；" not in draft["zh"] and "says ;" not in draft["en"]
    assert "CN-ID-001" in draft["zh"] and "没有可识别的贷款机构名称" in draft["zh"]
    assert "可信度" not in draft["zh"] and "（据公开报道" not in draft["zh"]


def test_the_stop_step_names_what_this_scam_asks_for():
    # A scam that asks for a reply is told "do not reply"; one with no link is not warned about a link.
    first = analyze(Message("【XX支付】尊敬的商户，您的终端因备案到期即将停用，继续使用请回复1，停用回复2。")).plan[0]
    assert first.id == "stop_scam"
    assert "不要按短信说的回复" in first.action["zh"] and "链接" not in first.action["zh"]
    first = analyze(Message("您的贷款账户异常，请添加客服微信 abc123 办理解冻，逾期将影响征信。")).plan[0]
    assert first.id == "stop_scam"
    assert "不要加短信里的微信或QQ" in first.action["zh"] and "add the WeChat" in first.action["en"]


# --- a message written to the borrower's relative, colleague or contact ---------------------------------------

_TO_CONTACT = "你好，你是王某的紧急联系人，他在我司借款8000元已逾期三个月，请转告他尽快还款，否则我们将联系他的单位。"


@pytest.mark.parametrize("text", [
    _TO_CONTACT,
    "阿姨您好，您儿子张某在我们平台借款已经逾期两个月了，麻烦您督促他还款。",
    "贵单位员工李某某拖欠我司网贷逾期未还，请协助督促其还款，否则我司将派员到贵单位现场处理。",
])
def test_plan_for_a_third_party_reader_is_not_a_borrowers_plan(text):
    report = analyze(Message(text))
    ids = [s.id for s in report.plan]
    # the reader owes nothing: no "verify your debt", "say you will repay" or instalment plan
    assert ids[:2] == ["not_your_debt", "tell_borrower"]
    assert not {"verify", "repay_intent", "negotiate"} & set(ids)
    first = report.plan[0]
    assert "你不是借款人" in first.action["zh"] and "You are not the borrower" in first.action["en"]
    assert "请停止联系我" in first.draft["zh"]
    # the verdict says so too, and the complaint says the complainant is not the borrower
    pressure = next(r for r in report.verdict.legitimacy.reasons if r.code == "threat_pressure")
    assert "没有替借款人还款的义务" in pressure.text["zh"]
    # ...but never flatly: a reader who did sign a guarantee must not be told they owe nothing
    assert "除非你亲自签过担保合同" in pressure.text["zh"] and "guarantee" in pressure.text["en"]
    complaint = next(s for s in report.plan if s.id == "complain")
    assert "本人不是该笔借款的借款人" in complaint.draft["zh"] and "借款合同" not in complaint.draft["zh"]


def test_third_party_kind_reason_names_the_reader_as_a_third_party():
    reason = next(r for r in analyze(Message(_TO_CONTACT)).verdict.kind_reasons
                  if r.code.startswith("kind.third_party_threat"))
    assert "写给借款人的家人、同事、单位或联系人" in reason.text["zh"]


@pytest.mark.parametrize("text", [
    "你再不还钱，我们就通知你的家人和单位，让大家都知道你欠钱不还。",
    "你和你姐欠我的还一还，我破产了没钱了，你们一毛也没有！",
    "鉴于你长期失联，我方已安排同事前往你老家，当面跟你父母了解你欠款的情况。",
    "请转告你在家的亲属，我司上门催收人员已经出发，请转告你家人把钱准备好。",
])
def test_a_borrower_threatened_with_telling_family_keeps_the_borrowers_plan(text):
    ids = [s.id for s in analyze(Message(text)).plan]
    assert "not_your_debt" not in ids
    assert "repay_intent" in ids


def test_a_claimed_guarantor_is_told_what_makes_the_claim_true_not_that_they_owe_nothing():
    report = analyze(Message("您好，您朋友周某某在我司欠款未还，借款时预留了您的联系方式作担保，请您代为偿还或督促其还款。"))
    first = report.plan[0]
    assert first.id == "not_your_debt"
    assert "被留作“紧急联系人”不等于担保人" in first.action["zh"]
    assert "你不是借款人：没有替借款人还款的义务" not in first.action["zh"]
    assert "有我本人签字的合同" in first.draft["zh"] and "signature" in first.draft["en"]


def test_a_scam_aimed_at_a_relative_still_leads_with_stopping_the_scam():
    report = analyze(Message(
        "阿姨您好，您儿子张某在我司的借款已严重逾期，请您督促他还款，或把验证码发给我们核实身份后代他处理。"))
    assert report.verdict.legitimacy.value == "likely_scam"
    ids = [s.id for s in report.plan]
    assert ids[:2] == ["stop_scam", "not_your_debt"] and "negotiate" not in ids


def test_a_fake_police_text_that_names_no_debt_is_checked_with_the_police_not_a_lender():
    r = analyze(Message("这里是XX市公安局，你的银行卡涉嫌一起洗钱案，请立即回电0755-83210000配合调查，否则将冻结你名下所有账户。"))
    ids = [s.id for s in r.plan]
    assert ids[0] == "stop_scam"
    # no "open your loan app and check this debt", no draft to a lender: there is no debt
    assert "verify_sender" in ids and "verify_official" not in ids
    assert "repay_intent" not in ids


def test_a_fake_collector_text_is_still_checked_with_the_lender():
    r = analyze(Message("【XX金融】您已逾期，请立即点击 http://xx-pay.top/p 还款，逾期将上报征信。"))
    assert [s.id for s in r.plan][:2] == ["stop_scam", "verify_official"]


def test_the_stop_step_gives_the_strongest_sign_once_not_every_sign():
    r = analyze(Message("这里是XX市公安局，你的银行卡涉嫌一起洗钱案，请立即回电0755-83210000配合调查，否则将冻结你名下所有账户。"))
    assert len(r.verdict.scam_signals) >= 2
    why = r.plan[0].why["zh"]
    shown = [s for s in r.verdict.scam_signals if s.text["zh"].rstrip("。") in why]
    assert len(shown) == 1
