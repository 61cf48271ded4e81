"""Verdicts on real-shaped messages; elements and findings are built by hand so
these tests judge assess() alone, whatever the extractors and rule pack do."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from dunguard import analyze
from dunguard.assess import assess
from dunguard.extract.base import Doc
from dunguard.model import Citation, Context, Element, Finding, Message

TZ = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime(2025, 2, 26, 10, 30, tzinfo=TZ)

SEED = (
    "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"
    "如有疑问,请联系客服95188。"
)
CMB = "【招商银行】尊敬的客户，您的信用卡本期账单将于3月5日到期，本期应还2,345.60元，请按时还款。如有疑问请致电95555。"
BLUFF = "【法务部】你已严重逾期，拒不还款，我司将于近日安排外访人员上门核实，并联系你的紧急联系人。速联系13812345678处理。"
CAMPUS = (
    "【京东金融】您好，您在校园期间开通的校园贷账户未注销，将影响个人征信，请立即点击 https://t.cn/A6xYz 注销，"
    "或联系专员13912345678。"
)
REPAIR = "专业征信修复，逾期记录可消除，先交保证金500元到个人账户6222021234567890，名额有限。"
PERSONAL = "您的欠款已逾期，请立即将3000元转到以下账户：6222021234567891 户名：李某某，否则后果自负。"
AGENCY = (
    "【招商银行】您的信用卡欠款已逾期200天，我行已委托深圳某某资产管理有限公司，外访专员工号A1023"
    "将于明天下午3点上门拜访，请配合。"
)


class Pack:
    """A stand-in for the rule pack: ``get`` returns a rule or raises like the real one."""

    def __init__(self, **rules: SimpleNamespace) -> None:
        self.rules = {k.replace("_", "-"): v for k, v in rules.items()}

    def get(self, rule_id: str) -> SimpleNamespace:
        return self.rules[rule_id]


def rule(kinds=(), scam_weight=0, tier="misleading", category="pressure"):
    return SimpleNamespace(kinds=list(kinds), scam_weight=scam_weight, tier=tier, category=category,
                           severity="medium", advice={"zh": "", "en": ""})


PACK = Pack(
    CN_ID_01=rule((), 10, "regulatory", "legality"),
    CN_SCAM_001=rule(("scam",), 50, "scam", "scam"),
    CN_THREAT_01=rule(("harassment", "bogus_kind"), 0, "crime", "legality"),
)


def doc_of(text: str, received: datetime | None = RECEIVED, sender: str | None = None) -> Doc:
    return Doc.from_message(Message(text, received, sender))


def el(doc: Doc, type_: str, role: str, text: str, value=None, **attrs) -> Element:
    start = doc.text.index(text)
    return Element(type_, role, doc.span(start, start + len(text)), value, attrs)


def finding(doc: Doc, rule_id: str, category: str, *texts: str) -> Finding:
    spans = tuple(doc.span(doc.text.index(t), doc.text.index(t) + len(t)) for t in texts)
    return Finding(rule_id, {"zh": f"规则{rule_id}", "en": f"rule {rule_id}"}, category, "medium", spans,
                   {"zh": "", "en": ""}, (Citation("《测试文件》", "第1条", confidence="S"),))


def seed_elements(doc: Doc) -> list[Element]:
    return [
        el(doc, "time", "deadline", "明日中午12点前", datetime(2025, 2, 27, 12, 0, tzinfo=TZ),
           kind="before", display={"zh": "2025-02-27 12:00前", "en": "by 2025-02-27 12:00"}),
        el(doc, "time", "visit", "明天下午3点", datetime(2025, 2, 27, 15, 0, tzinfo=TZ),
           kind="point", display={"zh": "2025-02-27 15:00", "en": "2025-02-27 15:00"}),
        el(doc, "visit", "visit", "上门拜访", None, target="home", with_authority=False, negated=False),
        el(doc, "phone", "contact", "95188", "95188", kind="service_95"),
    ]


def cmb_lender(doc: Doc, text: str = "招商银行") -> Element:
    return el(doc, "lender", "signature", text, "cmb", name="招商银行", kind="bank", known=True,
              official_phones=[{"number": "95555", "source": "https://www.cmbchina.com", "retrieved": "2026-11-29"}],
              official_sites=["cmbchina.com"])


def agency_elements(doc: Doc) -> list[Element]:
    return [
        cmb_lender(doc),
        el(doc, "time", "visit", "明天下午3点", datetime(2025, 2, 27, 15, 0, tzinfo=TZ), kind="point",
           display={"zh": "2025-02-27 15:00", "en": "2025-02-27 15:00"}),
        el(doc, "visit", "visit", "上门拜访", None, target="home", with_authority=False, negated=False),
        el(doc, "overdue", "overdue", "逾期200天", 200),
    ]


def codes(reasons) -> list[str]:
    return [r.code for r in reasons]


# --- kinds -----------------------------------------------------------------------------


def test_seed_kinds_and_primary():
    doc = doc_of(SEED)
    v = assess(doc, seed_elements(doc), [], None, None)
    assert v.kinds == ("visit_threat", "overdue_notice")
    assert v.primary_kind == "visit_threat"
    assert [s.text for s in v.kind_reasons[0].spans] == ["上门拜访"]
    assert "已逾期" in [s.text for s in v.kind_reasons[1].spans]
    assert "“上门拜访”" in v.kind_reasons[0].text["zh"]


def test_seed_is_likely_bluff_without_scam_signals():
    doc = doc_of(SEED)
    v = assess(doc, seed_elements(doc), [], None, None)
    assert v.scam_risk == 0
    assert v.scam_signals == ()
    assert v.legitimacy.value == "likely_bluff"
    assert codes(v.legitimacy.reasons) == ["threat_pressure"]
    assert "施压" in v.legitimacy.reasons[0].text["zh"]
    assert "not, by themselves, a sign" in v.legitimacy.reasons[0].text["en"]


def test_genuine_cmb_reminder():
    doc = doc_of(CMB)
    elements = [
        cmb_lender(doc),
        el(doc, "time", "deadline", "3月5日", datetime(2025, 3, 5, 23, 59, tzinfo=TZ)),
        el(doc, "money", "owed", "2,345.60元", Decimal("2345.60")),
        el(doc, "phone", "contact", "95555", "95555", kind="service_95"),
    ]
    v = assess(doc, elements, [], None, None)
    assert v.kinds == ("reminder",)
    assert v.primary_kind == "reminder"
    assert v.scam_risk == 0
    assert v.legitimacy.value == "likely_genuine"
    assert codes(v.legitimacy.reasons) == ["known_lender", "official_channel", "no_scam_signals"]
    assert v.legitimacy.reasons[1].spans[0].text == "95555"
    assert v.visit_credibility.value == "unknown"


@pytest.mark.parametrize(
    ("number", "kind", "code", "risk"),
    [
        ("13812345678", "mobile", "personal_mobile", 30),  # a named lender giving a mobile weighs more
        ("95588", "service_95", "number_not_official", 20),
        ("+85261234567", "overseas", "overseas_number", 30),
    ],
)
def test_cmb_reminder_with_wrong_number_is_not_genuine(number, kind, code, risk):
    doc = doc_of(CMB.replace("95555", number))
    elements = [cmb_lender(doc), el(doc, "phone", "contact", number, number.lstrip("+"), kind=kind)]
    v = assess(doc, elements, [], None, None)
    assert codes(v.scam_signals) == [code]
    assert v.scam_risk == risk
    assert v.legitimacy.value == "unclear"
    assert v.scam_signals[0].spans[0].text == number


def test_bluff_from_unnamed_legal_department_with_personal_mobile():
    doc = doc_of(BLUFF)
    elements = [
        el(doc, "visit", "visit", "上门核实", None, target="home", with_authority=False, negated=False),
        el(doc, "phone", "contact", "13812345678", "13812345678", kind="mobile"),
    ]
    findings = [finding(doc, "CN-ID-01", "legality", "法务部")]
    v = assess(doc, elements, findings, None, PACK)
    # The labelling guide's order: a visit is named before the contact with the family it comes with.
    assert v.kinds == ("visit_threat", "third_party_threat", "overdue_notice")
    assert v.primary_kind == "visit_threat"
    assert v.scam_risk == 30  # rule CN-ID-01 (10) + personal mobile (20)
    assert codes(v.scam_signals) == ["rule.CN-ID-01", "personal_mobile"]
    assert v.legitimacy.value == "likely_bluff"
    assert codes(v.legitimacy.reasons) == ["threat_pressure", "some_scam_signals"]
    assert v.visit_credibility.value == "low"
    assert "no_agency" in codes(v.visit_credibility.reasons)
    assert "no_time" in codes(v.visit_credibility.reasons)


def campus_elements(doc: Doc) -> list[Element]:
    return [
        el(doc, "lender", "signature", "京东金融", "jd", name="京东金融", kind="platform", known=True,
           official_phones=["95118"], official_sites=["jd.com", "jdpay.com"]),
        el(doc, "url", "link", "https://t.cn/A6xYz", None, host="t.cn", shortener=True, obfuscated=False),
        el(doc, "phone", "contact", "13912345678", "13912345678", kind="mobile"),
    ]


def test_campus_loan_cancellation_scam():
    doc = doc_of(CAMPUS)
    v = assess(doc, campus_elements(doc), [], None, None)
    assert v.scam_risk == 100  # script 45 + pretext link 45 + short link 25 + personal mobile 20, capped
    assert codes(v.scam_signals) == ["scam_script", "link_pretext", "link_shortener", "personal_mobile"]
    assert v.scam_signals[0].spans[0].text == "校园贷账户未注销"
    assert v.kinds == ("scam",)
    assert v.primary_kind == "scam"
    assert v.legitimacy.value == "likely_scam"
    assert v.legitimacy.reasons[0].code == "scam_risk_high"


def test_rule_weight_is_not_counted_twice_with_own_signal():
    doc = doc_of(CAMPUS)
    findings = [finding(doc, "CN-SCAM-001", "scam", "校园贷账户未注销")]
    v = assess(doc, campus_elements(doc), findings, None, PACK)
    assert codes(v.scam_signals) == ["rule.CN-SCAM-001", "link_pretext", "link_shortener", "personal_mobile"]
    assert sum(r.weight for r in v.scam_signals) == 170  # the mobile weighs 30: the message names a lender
    # The rule's reason is kept (it cites its source) at the heavier weight the same words carry here.
    assert v.scam_signals[0].weight == 60


def test_credit_repair_scam():
    doc = doc_of(REPAIR)
    elements = [el(doc, "account", "bank_card", "6222021234567890", "6222021234567890")]
    v = assess(doc, elements, [], None, None)
    # The script, the deposit before anything is done and the personal account are three signs.
    assert codes(v.scam_signals)[0] == "scam_script"
    assert {"upfront_fee", "personal_account"} <= set(codes(v.scam_signals))
    assert any(w in v.scam_signals[0].spans[0].text for w in ("征信修复", "消除"))
    assert v.scam_risk == 100  # capped
    assert v.legitimacy.value == "likely_scam"
    assert v.primary_kind == "scam"


def test_personal_account_demand_with_urgency():
    doc = doc_of(PERSONAL)
    elements = [el(doc, "account", "bank_card", "6222021234567891", "6222021234567891")]
    v = assess(doc, elements, [], None, None)
    assert codes(v.scam_signals) == ["personal_account", "urgent_payment"]
    assert v.scam_risk == 85  # a transfer to a personal card (60) and the rush to do it (25)
    assert v.legitimacy.value == "likely_scam"
    # 否则后果自负 is pressure (rule CN-THREAT-003), but names no harm to body, family or property: not harassment,
    # as the labelled corpus files 13 of 16 such texts.
    assert v.kinds == ("scam", "overdue_notice")
    assert [s.text for s in v.scam_signals[1].spans] == ["立即", "转到以下"]


def test_code_request_is_a_scam_signal():
    doc = doc_of("您的贷款已逾期，为核实身份，请把收到的验证码发给客服处理。")
    v = assess(doc, [], [], None, None)
    assert codes(v.scam_signals) == ["code_request"]
    # No lender, no collector, no bank asks for a code by text: that alone makes it a likely scam.
    assert v.scam_risk == 60
    assert v.legitimacy.value == "likely_scam"


def test_genuine_otp_warning_is_not_a_code_request():
    doc = doc_of("【招商银行】验证码123456，您正在进行还款操作，请勿告诉他人。")
    v = assess(doc, [], [], None, None)
    assert v.scam_risk == 0
    assert v.scam_signals == ()


@pytest.mark.parametrize(("host", "link_code", "risk", "verdict"), [
    # Paying through a link on an ordinary domain that is not JD's own: two signs, not yet a scam for a
    # named lender (its payment pages may live on a domain the table does not list).
    ("jdjrpay.com", "link_unofficial", 40, "unclear"),
    # A payment word hyphened onto the name (jd-jr-pay.com) under a known lender's own signature: lenders pay
    # through their app and their bare domain, so this is the phishing page.
    ("jd-jr-pay.com", "link_cheap_signed", 75, "likely_scam"),
    # The same on a throw-away TLD: no licensed lender puts its name on such an address, so the link alone
    # is enough, and the payment link counts in full.
    ("jd-jr.cc", "link_cheap_signed", 95, "likely_scam"),
])
def test_link_to_non_official_domain(host, link_code, risk, verdict):
    doc = doc_of(f"【京东金融】您的借款已逾期，请登录 http://{host}/pay 处理。")
    elements = [
        el(doc, "lender", "signature", "京东金融", "jd", name="京东金融", kind="platform", known=True,
           official_phones=["95118"], official_sites=["jd.com"]),
        el(doc, "url", "link", f"http://{host}/pay", None, host=host, shortener=False, obfuscated=False),
    ]
    v = assess(doc, elements, [], None, None)
    assert codes(v.scam_signals) == ["pay_link", link_code]
    assert v.scam_risk == risk
    assert host in v.scam_signals[1].text["zh"]
    assert v.legitimacy.value == verdict


def test_link_to_official_domain_is_not_a_signal():
    doc = doc_of("【京东金融】您的账单即将到期，请登录 https://jr.jd.com 查看。")
    elements = [
        el(doc, "lender", "signature", "京东金融", "jd", name="京东金融", kind="platform", known=True,
           official_phones=["95118"], official_sites=["jd.com"]),
        el(doc, "url", "link", "https://jr.jd.com", None, host="jr.jd.com", shortener=False, obfuscated=False),
    ]
    v = assess(doc, elements, [], None, None)
    assert v.scam_risk == 0
    assert v.legitimacy.value == "likely_genuine"
    assert v.kinds == ("reminder",)


def test_link_under_the_lenders_own_service_number_is_not_held_against_it():
    # Banks register their national service number as a domain (n.95508.com for 95508): a bill reminder
    # with such a link stays a plain notice, but the reason still says the site is not verified.
    doc = doc_of("【广发银行】您的信用卡账单金额1570.44元，还款到期07月15日。点 n.95508.com/x 办理账单分期。")
    lender = el(doc, "lender", "signature", "广发银行", "cgb", name="广发银行", kind="bank", known=True,
                official_phones=["95508"], official_sites=["cgbchina.com.cn"])
    url = el(doc, "url", "link", "n.95508.com/x", None, host="n.95508.com", shortener=False, obfuscated=False)
    v = assess(doc, [lender, url], [], None, None)
    assert codes(v.scam_signals) == ["link_hotline_domain"]
    assert "未经核实" in v.scam_signals[0].text["zh"]
    assert v.legitimacy.value == "likely_genuine"
    # The same number inside a longer, foreign host is not the lender's domain.
    doc = doc_of("【广发银行】您的信用卡账单金额1570.44元，还款到期07月15日。点 n.95508.com.pay-cn.top/x 办理账单分期。")
    lender = el(doc, "lender", "signature", "广发银行", "cgb", name="广发银行", kind="bank", known=True,
                official_phones=["95508"], official_sites=["cgbchina.com.cn"])
    bad = el(doc, "url", "link", "n.95508.com.pay-cn.top/x", None, host="n.95508.com.pay-cn.top",
             shortener=False, obfuscated=False)
    v = assess(doc, [lender, bad], [], None, None)
    assert "link_hotline_domain" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_genuine"


def test_hotline_domain_link_in_the_payment_clause_is_weighed_once():
    # Laid out in lines, the link shares its clause with the due date, so it reads as a payment link;
    # its only doubt is still that the lender's site is unverified, said once.
    from dunguard import Message, analyze

    text = "【广发银行】您尾号3304广发信用卡06月账单金额1,570.44元\n还款到期07月15日\n点 n.95508.com/x 即可办理账单分期"
    v = analyze(Message(text), with_plan=False).verdict
    assert codes(v.scam_signals) == ["link_hotline_domain"]
    assert v.legitimacy.value == "likely_genuine"


def test_unnamed_link_is_unverifiable():
    doc = doc_of("您的借款已逾期，点击 www.abc-pay.top 还款。")
    elements = [el(doc, "url", "link", "www.abc-pay.top", None, host="www.abc-pay.top", shortener=False)]
    v = assess(doc, elements, [], None, None)
    # A payment link on a throw-away domain in an unsigned overdue notice: scam in collection dress.
    assert codes(v.scam_signals) == ["pay_link", "link_risky_host"]
    assert v.scam_risk == 60
    assert v.legitimacy.value == "likely_scam"


def test_scam_risk_is_capped_at_100():
    text = CAMPUS + "请把验证码告诉专员，并转账到个人账户。"
    doc = doc_of(text)
    v = assess(doc, campus_elements(doc), [], None, None)
    assert sum(r.weight for r in v.scam_signals) > 100
    assert v.scam_risk == 100


def test_settlement_offer():
    doc = doc_of("【某某消费金融】您的欠款可申请停息挂账，一次性结清可享减免优惠，详询官方客服。")
    v = assess(doc, [], [], None, None)
    assert v.kinds == ("settlement_offer",)
    assert [s.text for s in v.kind_reasons[0].spans] == ["停息挂账", "一次性结清", "减免"]


def test_plain_lawsuit_threat_is_a_possible_step_not_a_bluff():
    doc = doc_of("您已逾期90天，我司已将材料提交律师事务所，即将向法院提起诉讼。")
    v = assess(doc, [], [], None, None)
    assert v.kinds == ("legal_threat", "overdue_notice")
    assert v.legitimacy.value == "unclear"
    assert codes(v.legitimacy.reasons)[0] == "legal_step_possible"
    assert "提起诉讼" in [s.text for s in v.legitimacy.reasons[0].spans]


def test_vague_consequences_are_pressure_not_harassment():
    # "否则后果自负" names no step and no harm: the verdict calls it pressure and says why, without calling the
    # message abuse; a contract's formal "一切后果由您本人承担" is no such line.
    v = analyze(Message("您的借款已严重逾期，请于今日内还款，否则后果自负。")).verdict
    assert "harassment" not in v.kinds
    assert v.legitimacy.value == "likely_bluff"
    assert "后果自负" in v.legitimacy.reasons[0].text["zh"]
    assert "后果自负" in [s.text for s in v.legitimacy.reasons[0].spans]
    v = analyze(Message("【某某银行】您的贷款已逾期，逾期产生的一切后果由您本人承担，请尽快还款。")).verdict
    assert v.legitimacy.value != "likely_bluff"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("诉讼材料已提交法院,72小时后你将收到传票,成为失信被执行人。", "传票"),
        ("您因贷款长期逾期,案件已移交公安机关,将依法采取强制措施。", "移交公安"),
        ("逾期不还将冻结你名下所有银行卡。", "冻结你名下所有银行卡"),
    ],
)
def test_overstated_legal_threat_is_a_bluff(text, word):
    v = assess(doc_of(text), [], [], None, None)
    assert "legal_threat" in v.kinds
    assert v.legitimacy.value == "likely_bluff"
    assert word in [s.text for s in v.kind_reasons[0].spans]


def test_no_lawsuit_when_negated():
    v = assess(doc_of("债务和解后,不起诉,不催收,不执行。"), [], [], None, None)
    assert "legal_threat" not in v.kinds
    assert v.legitimacy.value != "likely_bluff"


@pytest.mark.parametrize(
    ("text", "pretext"),
    [
        ("根据相关监管要求,您的支付宝账户需要重新进行实名认证。请在24小时内登录(此处为链接)进行身份验证。", "实名"),
        ("尊敬的机主,您累计的36280分2月9日作废,谨防过期!请及时点击换取。", "作废"),
        ("鉴于您用卡良好,诚邀您提升额度20000元,详情登入网址自助申请。", "提升额度"),
    ],
)
def test_link_with_pretext_is_likely_scam(text, pretext):
    v = assess(doc_of(text), [], [], None, None)
    assert sorted(codes(v.scam_signals)) == ["link_mention", "link_pretext"]
    pretext_signal = next(r for r in v.scam_signals if r.code == "link_pretext")
    assert pretext in [s.text for s in pretext_signal.spans][0]
    assert v.scam_risk == 70
    assert v.legitimacy.value == "likely_scam"


@pytest.mark.parametrize(("text", "verdict"), [
    # the medical-insurance script's made-up defects: no bureau has such a step
    ("您的医保资料缺失，将被暂停使用", "likely_scam"),
    ("您的医用保险未升级电子版暂时无法报销", "likely_scam"),
    # a real bureau's notice: a contribution due, or a card stopped and sent to the service hall
    ("【杭州医保】您的城乡居民医保尚未缴费，请于12月31日前缴纳，逾期将暂停享受待遇。", "likely_genuine"),
    ("您的社保卡已停用，请携带身份证到社保大厅办理。", "unclear"),
])
def test_medical_insurance_scripts_and_real_notices(text, verdict):
    assert analyze(Message(text)).verdict.legitimacy.value == verdict


@pytest.mark.parametrize(("text", "signal"), [
    ("爸我在外被抓手机被没收，快汇5万保释费到这个卡。", "emergency_transfer"),  # a child "arrested", bail to send
    ("你给我先打6000元钱，我随后就给你。", "known_person_transfer"),  # a transfer now, "I'll pay you back"
    ("你的那些事我都知道，马上往我账户里打两万块钱，否则后果自负。", "extortion"),  # "or else", and no debt
    ("您的户口已在天津被提取了一万七千元，请立即与本行联系。", "unexpected_charge"),
    ("你的邮包被查出有毒品，请尽快与专案组联系。", "criminal_accusation"),
    ("用你手机帮我接收一下简讯，我的账号要辅助验证。", "code_request"),
])
def test_everyday_fraud_scripts_are_named_by_what_they_ask(text, signal):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "likely_scam" and signal in codes(v.scam_signals)


@pytest.mark.parametrize(("sender", "verdict", "reason"), [
    ("95188", "likely_genuine", "official_sender"),  # the lender's own published number
    ("+86 95188", "likely_genuine", "official_sender"),  # written with the country code
    ("+86 138-0013-8000", "unclear", "some_scam_signals"),  # a signed notice from someone's mobile
])
def test_the_sending_number_is_weighed(sender, verdict, reason):
    v = analyze(Message("【支付宝】您的花呗账单已逾期，请尽快还款。", sender=sender)).verdict
    assert v.legitimacy.value == verdict and reason in codes(v.legitimacy.reasons)


def test_a_collectors_or_else_is_pressure_not_extortion():
    v = analyze(Message("您的借款已逾期，请马上还款，否则后果自负。")).verdict
    assert "extortion" not in codes(v.scam_signals) and v.legitimacy.value != "likely_scam"


def test_a_problem_cured_at_the_counter_is_no_phishing_unless_a_link_is_given():
    at_counter = analyze(Message("您的账户已被冻结，请携带身份证到柜台办理。")).verdict
    assert at_counter.legitimacy.value != "likely_scam" and at_counter.scam_risk == 0
    with_link = analyze(Message("您的账户已被冻结，请携带身份证到柜台办理，或点击 abc.cn 在线解冻")).verdict
    assert with_link.legitimacy.value == "likely_scam"


def test_pay_within_hours_to_withdraw_case_is_a_scam_script():
    v = assess(doc_of("您的分期贷恶意不还,即将在户籍辖区法院立案,3小时内还款可撤案。"), [], [], None, None)
    assert codes(v.scam_signals) == ["scam_script"]
    assert v.scam_signals[0].spans[0].text == "还款可撤案"
    assert v.legitimacy.value == "likely_scam"
    # 恶意不还 also says the debt is overdue.
    assert v.kinds == ("scam", "legal_threat", "overdue_notice")


def test_known_lender_without_any_channel_is_likely_genuine():
    doc = doc_of("【招商银行】您尾号1356的信用卡本期账单即将到期，请按时还款。")
    v = assess(doc, [cmb_lender(doc)], [], None, None)
    assert v.legitimacy.value == "likely_genuine"
    assert codes(v.legitimacy.reasons) == ["known_lender", "no_channel", "no_scam_signals"]


def test_overdue_element_alone_makes_an_overdue_notice():
    doc = doc_of("您的账户已进入M1阶段，请处理。")
    v = assess(doc, [el(doc, "overdue", "overdue", "M1", 30)], [], None, None)
    assert v.kinds == ("overdue_notice",)
    assert v.kind_reasons[0].spans[0].text == "M1"


def test_overdue_supersedes_reminder():
    doc = doc_of("您的借款已逾期，到期日为2月20日，请尽快还款。")
    v = assess(doc, [], [], None, None)
    assert v.kinds == ("overdue_notice",)


def test_rule_kinds_are_used_and_unknown_ones_dropped():
    doc = doc_of("你再不还钱，小心点，出门注意安全。")
    v = assess(doc, [], [finding(doc, "CN-THREAT-01", "legality", "出门注意")], None, PACK)
    assert v.kinds == ("harassment", "overdue_notice")  # 再不还钱: money owed and unpaid
    assert v.kind_reasons[0].spans[0].text == "出门注意"


def test_finding_from_unknown_rule_is_tolerated():
    doc = doc_of(SEED)
    v = assess(doc, seed_elements(doc), [finding(doc, "CN-NOPE-999", "legality", "上门拜访")], None, PACK)
    assert v.kinds == ("visit_threat", "overdue_notice")
    assert v.scam_risk == 0


def test_unrelated_text_is_other():
    doc = doc_of("今晚一起吃饭吗？")
    v = assess(doc, [], [], None, None)
    assert v.kinds == ("other",)
    assert v.primary_kind == "other"
    # Nothing about a debt and nothing suspicious: an ordinary message, said so plainly.
    assert v.legitimacy.value == "likely_genuine"
    assert codes(v.legitimacy.reasons) == ["not_collection"]
    assert v.visit_credibility.value == "unknown"


# --- visit credibility -------------------------------------------------------------------


def test_seed_visit_without_context_is_low_and_asks_for_context():
    doc = doc_of(SEED)
    v = assess(doc, seed_elements(doc), [], None, None)
    assert v.visit_credibility.value == "low"
    assert codes(v.visit_credibility.reasons) == ["specific_time", "no_agency", "base_rate", "estimate_only"]
    assert "2025-02-27 15:00" in v.visit_credibility.reasons[0].text["zh"]


def test_visit_short_small_platform_is_low():
    doc = doc_of(SEED)
    ctx = Context(days_overdue=5, owed=Decimal(3000), lender_type="platform")
    v = assess(doc, seed_elements(doc), [], ctx, None)
    assert v.visit_credibility.value == "low"
    assert codes(v.visit_credibility.reasons) == [
        "specific_time", "no_agency", "short_overdue", "small_amount", "platform_lender", "estimate_only",
    ]


def test_visit_long_default_large_bank_named_agency_is_high():
    doc = doc_of(AGENCY)
    ctx = Context(days_overdue=200, owed=Decimal(50000), lender_type="bank", contacts=15, address_known=True)
    v = assess(doc, agency_elements(doc), [], ctx, None)
    assert v.visit_credibility.value == "high"
    got = codes(v.visit_credibility.reasons)
    assert got == [
        "specific_time", "named_agency", "long_default", "large_amount", "many_contacts", "licensed_lender",
        "address_known", "estimate_only",
    ]
    # Each fact the borrower gave is named with its own figure.
    zh = " ".join(r.text["zh"] for r in v.visit_credibility.reasons)
    assert "200天" in zh and "50000元" in zh and "15次" in zh
    assert v.visit_credibility.reasons[1].spans[0].text == "深圳某某资产管理有限公司"


@pytest.mark.parametrize(
    ("ctx", "level"),
    [
        (Context(days_overdue=200, owed=Decimal(20000), lender_type="bank", contacts=15, address_known=True), "medium"),
        (Context(days_overdue=200, owed=Decimal(50000), lender_type="bank", contacts=5, address_known=True), "medium"),
        (Context(days_overdue=200, owed=Decimal(50000), lender_type="bank", contacts=15, address_known=False), "low"),
        (Context(days_overdue=60, owed=Decimal(8000), lender_type="consumer_finance", contacts=2), "low"),
        (Context(days_overdue=20, owed=Decimal(50000), lender_type="bank", contacts=15, address_known=True), "low"),
    ],
)
def test_visit_credibility_across_contexts(ctx, level):
    doc = doc_of(AGENCY)
    assert assess(doc, agency_elements(doc), [], ctx, None).visit_credibility.value == level


def test_borrower_facts_raise_a_visit_to_medium_without_address_known():
    # 240 days, 80,000 yuan, a small-loan company and 40 contacts: plausible even when the borrower
    # has not said whether the address is known, and every one of those facts is in the reasons.
    doc = doc_of("你已逾期很久，我们会安排人员上门。")
    elements = [el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False)]
    ctx = Context(days_overdue=240, owed=Decimal(80000), lender_type="small_loan", contacts=40)
    v = assess(doc, elements, [], ctx, None)
    assert v.visit_credibility.value == "medium"
    got = codes(v.visit_credibility.reasons)
    for code in ("long_default", "large_amount", "many_contacts", "small_loan_lender", "address_unasked"):
        assert code in got
    zh = " ".join(r.text["zh"] for r in v.visit_credibility.reasons)
    assert "240天" in zh and "80000元" in zh and "40次" in zh


def test_facts_pull_down_as_well_as_up():
    # The same long default with few contacts from a nationwide platform stays low.
    doc = doc_of("你已逾期很久，我们会安排人员上门。")
    elements = [el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False)]
    ctx = Context(days_overdue=120, owed=Decimal(20000), lender_type="platform", contacts=1)
    v = assess(doc, elements, [], ctx, None)
    assert v.visit_credibility.value == "low"
    got = codes(v.visit_credibility.reasons)
    assert {"long_default", "moderate_amount", "few_contacts", "platform_lender"} <= set(got)


def test_long_default_without_agency_or_time_is_medium_at_most():
    doc = doc_of("你已逾期很久，我们会安排人员上门。")
    elements = [el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False)]
    ctx = Context(days_overdue=300, owed=Decimal(80000), lender_type="bank", contacts=20, address_known=True)
    v = assess(doc, elements, [], ctx, None)
    assert v.visit_credibility.value == "medium"
    assert "no_time" in codes(v.visit_credibility.reasons)


def test_visit_with_police_claim_is_low_even_in_long_default():
    doc = doc_of("你已严重逾期，明天我司将联合当地派出所上门调查。")
    elements = [el(doc, "visit", "visit", "联合当地派出所上门", None, target="home", with_authority=True,
                   negated=False)]
    ctx = Context(days_overdue=300, owed=Decimal(80000), lender_type="bank", contacts=20, address_known=True)
    v = assess(doc, elements, [], ctx, None)
    assert v.visit_credibility.value == "low"
    assert codes(v.visit_credibility.reasons)[0] == "authority_claim"


def test_no_visit_claim_is_unknown():
    doc = doc_of(CMB)
    v = assess(doc, [], [], Context(days_overdue=200, contacts=15), None)
    assert v.visit_credibility.value == "unknown"
    assert codes(v.visit_credibility.reasons) == ["no_visit_claim"]


def test_negated_visit_is_no_visit():
    doc = doc_of("您的借款已逾期，我们不会上门，请通过App还款。")
    elements = [el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=True)]
    v = assess(doc, elements, [], None, None)
    assert "visit_threat" not in v.kinds
    assert v.visit_credibility.value == "unknown"


def test_scam_with_visit_is_low_because_scam():
    text = PERSONAL + "明天上门。"
    doc = doc_of(text)
    elements = [
        el(doc, "account", "bank_card", "6222021234567891", "6222021234567891"),
        el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False),
    ]
    ctx = Context(days_overdue=300, owed=Decimal(80000), lender_type="bank", contacts=20, address_known=True)
    v = assess(doc, elements, [], ctx, None)
    assert v.legitimacy.value == "likely_scam"
    assert v.visit_credibility.value == "low"
    assert codes(v.visit_credibility.reasons) == ["scam", "estimate_only"]


def test_workplace_visit_is_third_party_contact():
    doc = doc_of("你再不还款，我们将到你单位上门拜访，找你领导。")
    elements = [el(doc, "visit", "visit", "到你单位上门拜访", None, target="workplace", with_authority=False,
                   negated=False)]
    v = assess(doc, elements, [], None, None)
    assert v.kinds[:2] == ("visit_threat", "third_party_threat")
    assert "third_party_target" in codes(v.visit_credibility.reasons)


# --- wording ---------------------------------------------------------------------------------

CERTAIN = re.compile(r"肯定|一定是|确定是|必然|\bis a scam\b|\bwill definitely\b|\bcertainly\b")


@pytest.mark.parametrize("text", [SEED, CMB, BLUFF, CAMPUS, REPAIR, PERSONAL, AGENCY])
def test_texts_never_claim_certainty_and_are_bilingual(text):
    doc = doc_of(text)
    v = assess(doc, [], [], Context(days_overdue=100), None)
    reasons = [*v.kind_reasons, *v.legitimacy.reasons, *v.scam_signals, *v.visit_credibility.reasons]
    for r in reasons:
        assert set(r.text) == {"zh", "en"}
        assert not CERTAIN.search(r.text["zh"]) and not CERTAIN.search(r.text["en"])
    lead = v.legitimacy.reasons[0].text
    if v.legitimacy.value != "unclear":
        assert "可能" in lead["zh"] or "可能" in "".join(r.text["zh"] for r in v.legitimacy.reasons)


def test_own_card_tail_is_not_a_payment_account():
    doc = doc_of("您尾号1234的贷款已逾期,请尽快还款")
    v = assess(doc, [el(doc, "account", "bank_card", "尾号1234", None, masked=True, tail="1234")], [], None, None)
    assert v.scam_risk == 0
    assert v.kinds == ("overdue_notice",)


def test_payee_name_is_a_personal_account():
    doc = doc_of("请马上转账到指定账户，户名：李某某。")
    v = assess(doc, [el(doc, "account", "payee_name", "户名：李某某", "李某某", cue="户名")], [], None, None)
    assert codes(v.scam_signals) == ["personal_account", "urgent_payment"]


@pytest.mark.parametrize(
    "text",
    ["小阿华摄影专业上门为宝宝照相、理发", "感谢致电本公司，敬请来电咨询或上门洽谈", "免费上门验房量房！地址：星沙开元路"],
)
def test_service_adverts_are_not_visit_threats(text):
    doc = doc_of(text)
    elements = [el(doc, "visit", "visit", "上门", None, target="unspecified", with_authority=False, negated=False)]
    v = assess(doc, elements, [], None, None)
    assert v.kinds == ("other",)
    assert v.visit_credibility.value == "unknown"


@pytest.mark.parametrize("text", ["今天下午三点上门", "法务部门已介入,实地走访即将启动,请配合处理。"])
def test_bare_collection_visit_fragments_are_visit_threats(text):
    doc = doc_of(text)
    word = "上门" if "上门" in text else "实地走访"
    elements = [el(doc, "visit", "visit", word, None, target="home", with_authority=False, negated=False)]
    assert "visit_threat" in assess(doc, elements, [], None, None).kinds


def test_loan_adverts_do_not_make_legal_or_settlement_kinds():
    v = assess(doc_of("车可贷，房可贷，黑名单或者信用不良均可申请，报名即减免手续费。"), [], [], None, None)
    assert v.kinds == ("other",)


def test_scam_kind_only_with_likely_scam_verdict():
    pack = Pack(CN_PAY_001=rule(("scam",), 40, "scam", "scam"))
    doc = doc_of("您尾号0956的储蓄卡微信转账支出人民币1400.00元。")
    v = assess(doc, [], [finding(doc, "CN-PAY-001", "scam", "微信转账")], None, pack)
    assert v.scam_risk == 40
    assert "scam" not in v.kinds
    assert codes(v.scam_signals) == ["rule.CN-PAY-001"]


def test_lender_kind_from_the_message_when_context_has_none():
    doc = doc_of("【京东金融】您的借款已逾期，我们将安排人员上门。")
    elements = [
        el(doc, "lender", "signature", "京东金融", "jd", name="京东金融", kind="platform", known=True,
           official_phones=["95118"], official_sites=["jd.com"]),
        el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False),
    ]
    v = assess(doc, elements, [], Context(days_overdue=10), None)
    # (signed by the lender itself: the institution is named, the visitor is not)
    assert codes(v.visit_credibility.reasons) == [
        "no_time", "no_staff", "short_overdue", "platform_lender", "estimate_only",
    ]
    no_staff = next(r for r in v.visit_credibility.reasons if r.code == "no_staff")
    assert "京东金融" in no_staff.text["zh"] and "没有写明哪家机构" not in no_staff.text["zh"]


def test_night_visit_claim_is_low_even_in_long_default():
    doc = doc_of("你已逾期很久，今晚11点我们的人上门找你。")
    elements = [
        el(doc, "time", "visit", "今晚11点", datetime(2025, 2, 26, 23, 0, tzinfo=TZ),
           display={"zh": "2025-02-26 23:00", "en": "2025-02-26 23:00"}),
        el(doc, "visit", "visit", "上门", None, target="home", with_authority=False, negated=False),
    ]
    ctx = Context(days_overdue=300, owed=Decimal(80000), lender_type="bank", contacts=20, address_known=True)
    v = assess(doc, elements, [], ctx, None)
    assert v.visit_credibility.value == "low"
    assert codes(v.visit_credibility.reasons)[:2] == ["specific_time", "night_visit"]
    assert "23:00" in v.visit_credibility.reasons[1].text["zh"]


def test_card_tail_does_not_count_as_a_channel_for_a_known_lender():
    doc = doc_of("【招商银行】您尾号1356的信用卡本期账单即将到期，请按时还款。")
    elements = [cmb_lender(doc), el(doc, "account", "bank_card", "尾号1356", None, masked=True, tail="1356")]
    v = assess(doc, elements, [], None, None)
    assert v.legitimacy.value == "likely_genuine"
    assert codes(v.legitimacy.reasons)[1] == "no_channel"


# A calm notice with nothing to click, call or pay into cannot defraud anyone: it reads as
# likely genuine, while the same words with a private number or a link do not.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("您好，您的借款已逾期2天，请尽快登录App还款，以免影响信用记录。", "likely_genuine"),
        ("尊敬的客户，您本期账单将于3月5日到期，请按时还款。", "likely_genuine"),
        ("您好，您的借款已逾期2天，请尽快联系13912345678还款。", "unclear"),
        ("您好，您的借款已逾期2天，请点击 http://pay-loan.top/a 还款。", "likely_scam"),
        # Not calm: an unsigned "your papers expired, update them" is how phishing opens.
        ("您的信用卡证件资料已经过期，请及时更新", "likely_scam"),
    ],
)
def test_plain_notices(text, expected):
    verdict = analyze(Message(text, received_at=datetime(2025, 2, 26, 10, 30))).verdict
    assert verdict.legitimacy.value == expected
    if expected == "likely_genuine":
        assert any(r.code == "plain_notice" for r in verdict.legitimacy.reasons)


def test_a_signed_notice_naming_a_lawful_next_step_is_routine():
    v = analyze(Message("【某某消费金融】您的借款已逾期5天，请及时还款，否则可能面临诉讼。")).verdict
    assert "legal_threat" in v.kinds
    assert v.legitimacy.value == "likely_genuine"
    assert "legal_step_possible" in codes(v.legitimacy.reasons)
    # Unsigned, or claiming what only a court does, it is not routine.
    v = analyze(Message("您的借款已逾期5天，请及时还款，否则可能面临诉讼。")).verdict
    assert v.legitimacy.value != "likely_genuine"
    v = analyze(Message("【某某消费金融】您的借款已逾期5天，已立案，传票近日送达。")).verdict
    assert v.legitimacy.value != "likely_genuine"
    # A suit or arbitration announced as decided is a claim the text alone cannot confirm: left open.
    v = analyze(Message("【某某消费金融】您的借款已逾期90天，我司已就借款合同申请仲裁，请留意查收文书。")).verdict
    assert v.legitimacy.value == "unclear" and "legal_step_possible" in codes(v.legitimacy.reasons)


def test_a_remark_about_a_card_fee_said_to_no_one_is_ordinary():
    v = analyze(Message("办了张年费要3600的信用卡，还要刷20万积分才免年费")).verdict
    assert v.legitimacy.value == "likely_genuine"
    # A creditor's demand stays open even when it names no reader.
    v = analyze(Message("张某欠钱不还，拖着不还还拉黑别人")).verdict
    assert v.legitimacy.value != "likely_genuine"


def test_fake_court_text_is_a_scam():
    text = "【某某区人民法院】王某某，你因涉嫌网贷诈骗，现已被立案，若缺席将强制执行，冻结你名下所有资产！详询0755-12345678"
    verdict = analyze(Message(text)).verdict
    assert verdict.primary_kind == "scam"
    assert verdict.scam_risk >= 60
    assert verdict.legitimacy.value == "likely_scam"


def test_personal_account_with_payee_counts_once_and_urgency_adds():
    text = "【安逸花】你已逾期12天，欠款4000元不还，速还款到个人账户6217001234567890123，户名张三。"
    v = analyze(Message(text)).verdict
    codes_ = [r.code for r in v.scam_signals]
    # The rule and the own "personal account" signal are one piece of evidence.
    assert "rule.CN-PAY-001" in codes_ and "personal_account" not in codes_
    assert "urgent_payment" in codes_
    assert v.legitimacy.value == "likely_scam"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("【某某银行】您本期账单已出，请于9月5日前还款。", "reminder"),
        ("您的借款还有3天就要逾期了，请按时还款。", "reminder"),
        ("您好，请于3月10日前完成本期还款。", "reminder"),
        ("【某某金融】您的关联用户李**借款已逾期20天，请督促其还款。", "third_party_threat"),
        ("再不还，让你全家都知道你欠钱不还。", "third_party_threat"),
        # A notice heading addresses its reader even when the text names them in the third person.
        ("法诉通知：李某，涉嫌贷款合同欺诈一案，严重逾期，即将移交司法机关。", "legal_threat"),
    ],
)
def test_kind_patterns(text, kind):
    assert kind in analyze(Message(text, received_at=datetime(2025, 2, 26, 10, 30))).verdict.kinds


@pytest.mark.parametrize(
    "text, kind",
    [
        # A repayment confirmation is not a reminder.
        ("还款时间:2025年03月01日 10:20 还款金额:￥500.00 还款卡号:尾号1234", "reminder"),
        # News about someone else's case is not a legal threat to the reader.
        ("多家公司控股股东因涉嫌违法违规被证监会立案调查", "legal_threat"),
        ("一般人我不告诉他的养生秘诀", "third_party_threat"),
        # An advert offering a home visit is not a visit threat.
        ("我们消费金融公司现可上门走访，为您提供便捷的贷款服务，欢迎咨询！", "visit_threat"),
    ],
)
def test_kind_near_misses(text, kind):
    assert kind not in analyze(Message(text, received_at=datetime(2025, 2, 26, 10, 30))).verdict.kinds


def test_phone_bill_is_not_a_loan_reminder():
    verdict = analyze(Message("您本月话费账单已出，详情请登录App查看。")).verdict
    assert verdict.kinds == ("other",)


def test_own_card_shown_masked_is_not_an_account_to_pay_into():
    # A repayment receipt shows the reader's own card the way banks do: head and tail, middle masked.
    v = analyze(Message("还款时间:2024年09月23日 16:54\n还款金额:￥5.00\n还款卡号:625958******7219")).verdict
    assert not {"personal_account", "rule.CN-PAY-001"} & set(codes(v.scam_signals))
    assert v.legitimacy.value != "likely_scam"


def test_code_request_outside_a_debt_message_is_a_sign_not_proof():
    # A carrier confirming an order asks for the code it sent; in a collection text the same request
    # is the scam itself.
    doc = doc_of("您正在办理流量套餐，请确认您已阅知以上信息后提供随机验证码办理。")
    v = assess(doc, [], [], None, None)
    assert codes(v.scam_signals) == ["code_request"]
    assert v.scam_risk == 45
    assert v.legitimacy.value != "likely_scam"


def test_accusation_with_a_condition_and_no_debt_is_a_scam():
    v = analyze(Message("你涉嫌诈骗案件，如不按时出庭将面临刑期。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "criminal_accusation" in codes(v.scam_signals)


def test_accusation_quoted_without_anything_asked_is_not_a_scam():
    # A line of a story or a court record read aloud ("对起诉书指控你的犯罪事实…") asks nothing of the reader.
    v = analyze(Message("对起诉书指控你的犯罪事实和罪名有无异议")).verdict
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    "急用钱找我们，民间小额贷款，无需抵押，黑户白户都可以做，当天放款，联系刘经理。",
    "专业代还信用卡，套现手续费低，有需要联系我。",
])
def test_loans_for_anyone_are_never_called_genuine(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "unclear"
    assert "lax_credit" in codes(v.scam_signals)
    # An advert is not a loan of the reader's: no talk of checking a lender's app.
    assert codes(v.legitimacy.reasons)[-1] == "verify_sender"
    assert "lender_unknown" not in codes(v.legitimacy.reasons)


def test_bank_card_limit_offer_from_the_bank_stays_genuine():
    v = analyze(Message("【中信银行信用卡】您信用卡临时额度可提至39000元（审核为准）如同意请回复LKT申领")).verdict
    assert "lax_credit" not in codes(v.scam_signals)


def test_changed_card_with_a_card_number_is_a_scam():
    v = analyze(Message("你好，我是房东，号码换了。这次房租请打到我爱人卡上，建行 6217 0012 3456 7890 123 王某。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "new_account" in codes(v.scam_signals)


def test_changed_card_without_a_number_is_suspicious_only():
    v = analyze(Message("钱打到这个卡上吧，完了回个信息。")).verdict
    assert "new_account" in codes(v.scam_signals)
    assert v.legitimacy.value == "unclear"


def test_link_imitating_a_bank_domain_is_named():
    v = analyze(Message("尊敬的工行储户，您的电子密码器于次日到期，请及时登入手机银行网站wap.icbcsir.com进行更新。")).verdict
    sig = next(s for s in v.scam_signals if s.code == "link_lookalike")
    assert "中国工商银行" in sig.text["zh"] and sig.spans[0].text == "wap.icbcsir.com"
    assert v.legitimacy.value != "likely_genuine"


def test_a_scam_about_no_debt_is_not_called_fake_collection():
    r = analyze(Message("你好，我是房东，号码换了。这次房租请打到我爱人卡上，建行 6217 0012 3456 7890 123 王某。"))
    texts = [x.text["zh"] for x in r.verdict.legitimacy.reasons] + [s.why["zh"] for s in r.plan]
    assert not any("冒充催收" in t for t in texts)
    # Checked with the supposed sender on a number the reader already had, not with a lender.
    assert [s.id for s in r.plan][:2] == ["stop_scam", "verify_sender"]
    debt = analyze(Message("您的网贷已逾期，法院传票今日送达，请立即联系本院处理你的欠款案件，电话0755-12345678。"))
    assert debt.verdict.legitimacy.value == "likely_scam"
    assert "冒充催收" in debt.verdict.legitimacy.reasons[0].text["zh"]


def test_account_problem_with_a_link_on_the_lenders_own_site_is_not_phishing():
    v = analyze(Message("【招商银行】您的账户存在异常登录，请登录 https://www.cmbchina.com 修改密码。")).verdict
    assert "link_pretext" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"


def test_account_problem_with_an_unchecked_link_is_a_scam():
    v = analyze(Message("您的网上银行将于次日失效，请及时用手机登入wap.bkxyz-cn.com进行实名补录。")).verdict
    assert v.legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    "您已被列入金融诈骗名单，名下账户将于今日冻结，请联系专员处理。",
    "您的征信存在不良记录，可以帮您消除，详询13800000000",
    "传票今日送达，你的网贷欠款案件已立案，请立即回电0571-88888888处理",
    # Naming a clerk does not make a court's notice: a case number or its platform would.
    "【某某区人民法院】你因网贷逾期被起诉，明日开庭，请立即联系书记员0755-26781234。",
    # A fraud list no court keeps, stated as done, about a debt, with a number to ask.
    "您的逾期欠款已被列入金融诈骗名单，详询0571-86661234。",
    # Relief on the debt sold for a fee paid first.
    "你的网贷已逾期，现在可以帮你申请减免全部利息，只需先交500元服务费。",
    # A "fund verification" is the safe-account script under another name.
    "您的网贷账户存在异常，需在24小时内进行资金验证，请联系专员配合操作。",
    # A screen share asked by someone posing as the lender's support.
    "您好，我是借呗客服，您的借呗利率不符合国家规定需要调整，请下载会议软件共享屏幕。",
    "您好，我是某某客服，您的花呗利率需要调整为学生利率，否则将影响征信，请配合操作。",
    "你的贷款已经审核通过，因流水不足，需要先转入2000元验证还款能力，验证后立即放款。",
    "您的逾期记录可以通过我们的渠道一次性消除，收费1500元，当天见效。",
    "您好，因您的银行卡号填写错误，贷款资金已被冻结，请联系客服处理。",
    "恭喜您的贷款已审核通过，请添加微信abc123办理放款。",
    # A charge claimed with a masked number to call: no official line is given, so nothing softens it.
    "已扣除你工商银行信用卡年费800元。如需核查详情，请拨打5048****",
    "【医保卡通知】您的医保卡即将到期，请于本月底前点击网址补充签署，未补充将清除账户！",
    "恭喜您的手机号码被某电视台节目抽中为场外幸运观众，请凭领奖码登记。",
    "您预订的航班因天气原因取消，改签需另付50元手续费，请致电客服办理。",
    "您的贷款已逾期，因系统升级，原还款通道关闭，请将欠款转至以下对公账户，户名某某科技有限公司。",
    "您好，我是网贷清理专员，国家正在清理网贷，您的网贷可申请免息只还本金，请添加企业微信办理。",
    "您的借款已转入执行阶段，请于今天下午4点前将欠款汇至法院代收账户。",
    "我是你领导，明天来我办公室一趟，先帮我转5000元给一个客户，回头还你。",
    "恭喜您获得周年庆抽奖一等奖，奖品手机一台，请先支付运费99元。",
    "您好，您的快递在运输途中丢失，我们将为您办理三倍理赔，请添加客服微信登记。",
    # reworded scripts from a new-user test: a record withdrawn on a call, an account closed or charged monthly,
    # online-loan accounts "cleaned up" by policy, a debt app reached with an invitation code
    "【征信中心】您名下有一笔不良记录即将上报，如需撤销请致电021-55667788",
    "您的金条账户存在异常，需要注销，否则每月产生管理费，详情咨询客服0755-23456789",
    "根据国家政策，您的网贷账户需要清理，不清理将影响征信，联系专员办理",
    "您好，我们是乐还App，您的债务可以延期，下载乐还App输入邀请码8866即可办理",
])
def test_fake_authority_and_credit_repair_wordings_are_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    # An address no URL reader accepts (a made-up domain, a masked one) is still somewhere to go.
    "您的电子证书已停用，请于本周内访问abc.verify-pay.zz重新激活，逾期将注销账号。",
    "您的社保卡已冻结，请打开********完善资料。",
])
def test_account_problem_with_an_address_no_reader_accepts_is_a_scam(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "link_pretext" in codes(v.scam_signals)


def test_unsigned_account_problem_to_fix_is_a_scam_but_a_signed_one_is_not():
    v = analyze(Message("您的数字证书已失效，请尽快重新认证，否则将影响正常使用。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "anonymous_pretext" in codes(v.scam_signals)
    v = analyze(Message("【中国银行】您的数字证书已失效，请尽快重新认证，否则将影响正常使用。")).verdict
    assert "anonymous_pretext" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"
    # An upgrade offered in news or an advert is not the reader's account in trouble.
    v = analyze(Message("Win10用户可以免费升级，请及时更新系统。")).verdict
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text, link", [
    ("您有一笔借款即将到期，请登录手机App或安心贷网站查看并及时还款。", False),
    ("您本期应还1200元，还款账号可在App内点击我的→我的还款查看。", False),
    ("您的借款已逾期，请登录下列网址还款。", True),
    ("您的借款已逾期，请登录某某网站还款。", True),
])
def test_a_named_site_or_an_app_menu_is_not_a_payment_link(text, link):
    assert ("pay_link" in codes(analyze(Message(text)).verdict.scam_signals)) is link


def test_a_verb_before_an_app_name_is_not_a_link():
    v = analyze(Message("您的账户已冻结，请打开手机银行App或前往网点办理。")).verdict
    assert "link_pretext" not in codes(v.scam_signals)


def test_unsigned_payment_link_off_the_named_lenders_sites_is_a_scam():
    v = analyze(Message("亲，您的借呗已逾期，请点击 jiebei.cc/pay 立即还款，否则将上报征信。")).verdict
    assert v.legitimacy.value == "likely_scam"
    # A record erased by time is a fact, not an offer.
    v = analyze(Message("【某某银行】您的逾期记录将在结清欠款之日起5年后消除。")).verdict
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    # A known bank's signed alert with an advert behind a short link.
    "您尾号1234的信用卡3日10:21消费人民币437.00元。送你99积分，马上领 t.cn/8s5abcd 。[招商银行]",
    # A temporary limit running out is routine, whatever link the advert after it carries.
    "您的信用卡临时额度后天失效，回复YLEY可重新申请。巧用额度理财，猛戳 t.cn/8Fdabcd 查询[招商银行]",
    # A caution that a fee may be charged is not a claim that it was.
    "【某某公司】请于15日前存入1200元用于本月还款，并留意银行可能会扣除年费，如有疑问请联系4008189199。",
    # A notice that warns against paying a personal account is not asking for one.
    "【某某消费金融】您的借款已逾期5天，请登录App还款，切勿向任何个人账户转账。",
    # A refund already made, with nothing to do.
    "【某某商城】您的订单退款58.00元已原路退回至支付账户，无需联系客服操作。",
    # A masked bank or toll line (95xxx, 96xxx) is still the institution's own line.
    "您尾号4420的借记卡因密码连续输错已临时冻结交易，次日自动解冻，如有疑问请拨打我行客服95xxx。【某某银行】",
    "【某某高速ETC】您的车辆于06-10通行扣费45.00元，如有疑问请拨打客服96xxx。",
    # Warnings against the very scripts, refunds already made, fee notices that point to the app.
    "【某某银行】近期有不法分子冒充银行客服以账户异常、征信修复为由要求转账，本行不会索要您的密码和验证码。",
    "【某某消费金融】我司从未授权任何机构办理注销账户业务，所有还款只可通过官方App进行。",
    "【某某商城】您的订单因商品缺货无法发货，已为您自动取消并全额退款，如有疑问请在App内联系在线客服。",
    "【某某柜】取件码52813，您的包裹已存入3号柜，超时将收取保管费，详询某某App。",
    "【某某消费金融】您的展期申请已审核通过，还款日延至07月10日，展期服务费按合同约定收取。",
    "【某某银行】您的信用卡积分12580分将于12月31日过期，可登录本行App积分商城或官网www.bank-xx.com.cn兑换。",
    "【某某宽带】您报修的宽带故障已受理，维修人员将于今天下午上门处理，联系电话10000。",
    # A warning sentence that names a personal account, a counter with the institution's short line, points
    # redeemed only in the carrier's app, a regulator's annual-report register (公示 is no broadcast).
    "【某市反诈中心】凡是让你把钱转到个人账户或“安全账户”的，都是诈骗，如有疑问请拨打96110。",
    "【邮政】您的邮件因收件人信息不全无法投递，已退回至某某营业部，请本人持身份证到营业部领取或拨打11185咨询。",
    "【中国移动】尊敬的客户，您有2100积分将于12月31日清零，可登录中国移动APP积分商城兑换，详询10086。",
    "【某市市场监管局】提醒：企业年度报告公示截止6月30日，请通过国家企业信用信息公示系统自行报送。",
])
def test_signed_bank_notices_with_ads_or_cautions_are_not_scams(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value != "likely_scam"
    assert "third_party_threat" not in v.kinds


def test_a_cancelled_flight_rebooked_in_the_airlines_app_is_not_a_scam():
    v = analyze(Message("【某某航空】您的航班已取消，可在航空公司App内免费改签或退票。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_frozen_credit_line_is_not_a_frozen_loan_scam():
    v = analyze(Message("【某某银行】您的信用卡额度已冻结，详情请登录手机银行查看或致电95588。")).verdict
    assert "frozen_loan" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"


def test_a_lenders_own_instalment_fee_is_not_a_relief_fee_scam():
    v = analyze(Message("【招商银行】您可申请账单分期还款，分12期，每期手续费0.6%，详询95555。")).verdict
    assert v.legitimacy.value != "likely_scam"
    assert "scam_script" not in codes(v.scam_signals)


def test_a_named_lenders_filed_case_with_a_number_stays_a_bluff():
    # The same claim from a named creditor is an overstated step, pressure to pay the real debt.
    v = analyze(Message("【马上消费金融】您的欠款已立案，传票今日送达，请立即回电4000000000处理。")).verdict
    assert "legal_callback" not in codes(v.scam_signals)


def test_frozen_card_fixed_by_calling_the_senders_number_is_a_scam():
    v = analyze(Message("您的信用卡因异常交易已被冻结，如需解冻请致电0755-26781234。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert {"abnormal_fix", "pretext_callback"} <= set(codes(v.scam_signals))
    # The same problem sent to the bank's own service line is not pushed to a scam.
    v = analyze(Message("【工商银行】您的账户因长期未使用已冻结，如需解冻请携带身份证到柜台或致电95588。")).verdict
    assert "pretext_callback" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"


def test_changed_card_naming_a_relative_and_a_bank_is_a_scam_without_the_number():
    v = analyze(Message("我是房东，最近在外地，房租这次存到我老公的建行卡上，户名李某，好了回个信息。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "new_account" in codes(v.scam_signals)


def test_purchase_to_be_charged_with_a_number_to_ask_is_a_scam_but_a_loan_auto_debit_is_not():
    v = analyze(Message("银联通知：您在某百货刷卡消费6230元，将从您账户扣款，如有疑问请咨询020-81234567。")).verdict
    assert "unexpected_charge" in codes(v.scam_signals)
    v = analyze(Message("【招联金融】您的借款今日到期，将从您尾号1234的银行卡自动扣款，如有疑问请致电客服。")).verdict
    assert "unexpected_charge" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"


def test_unknown_signature_does_not_soften_a_phishing_link_but_a_carriers_own_domain_does():
    v = analyze(Message("【车主服务】您的ETC认证已失效，请于明日前点击etc-renz.com完成认证。")).verdict
    assert v.legitimacy.value == "likely_scam"
    v = analyze(Message("【中国移动】您的账户余额不足已被限制使用，请登录 https://dx.10086.cn/abc 充值。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_courts_notice_naming_the_case_judge_and_clerk_is_not_a_scam():
    v = analyze(Message("李某你好，王某诉你民间借贷纠纷一案，本院已受理，承办法官张某，书记员刘某，联系电话0755-26781234。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_an_unnamed_bank_debt_notice_with_only_a_desk_number_is_not_called_genuine():
    v = analyze(Message("尊敬的客户，您的信用卡未按时还款，我行将上报征信，请及时联系0771-5812345处理。")).verdict
    assert "bank_without_service_line" in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_genuine"
    # The same words with the bank's national line stay a plain notice.
    v = analyze(Message("【中国银行】尊敬的客户，您的信用卡未按时还款，我行将上报征信，请及时联系95566处理。")).verdict
    assert "bank_without_service_line" not in codes(v.scam_signals)


def test_a_night_visit_is_seen_even_without_a_received_time():
    r = analyze(Message("今晚11点外访人员到你家上门，欠款不还后果自负。"))
    visit = r.verdict.visit_credibility
    assert "night_visit" in codes(visit.reasons) and "no_time" not in codes(visit.reasons)
    assert any("今晚11点" in x.text["zh"] and "无法换算" in x.text["zh"] for x in visit.reasons)
    assert "CN-VISIT-002" in {f.rule_id for f in r.findings}
    # A clock with no day part and no received time could be morning or night: no claim either way.
    r = analyze(Message("今天10点外访人员到你家上门，欠款不还后果自负。"))
    assert "night_visit" not in codes(r.verdict.visit_credibility.reasons)
    assert "CN-VISIT-002" not in {f.rule_id for f in r.findings}


def test_a_banks_signature_does_not_soften_a_link_its_site_list_rules_out():
    v = analyze(Message("工行提示：您的电子密码器将于今日失效，请登录手机银行wap.icbc-sx.com进行升级。【工商银行】")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "link_unofficial" in codes(v.scam_signals) or "link_lookalike" in codes(v.scam_signals)


def test_points_expiring_are_not_an_overdue_debt():
    v = analyze(Message("您的信用卡积分已达3600分，可兑换360元现金，请登录wap.jfdh-cn.com兑换，逾期将作废。")).verdict
    assert not {"overdue_notice", "reminder"} & set(v.kinds)
    assert v.legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    "您好，由于系统原因，您的余额支付功能即将关闭，需要您重新激活使用，详情点击链接。",
    "征信异议申诉，百分百成功，不成功不收费，详询王老师。",
    "尊敬的建行客户，您的网银盾将于明日到期，请及时登录 wap.ccb-dun.com 进行更新。",
    # a named lender's overdue notice whose payment link sits on a throw-away domain its site list rules out
    "【招联金融】您的借款已逾期5天，请立即通过 zljr-huankuan.vip 完成还款，以免影响征信。",
    # "state policy" relief sold by a "lawyer"
    "逾期用户福利：国家新政策可申请本金以外全部免除，详情咨询李律师 139****8821",
    # a police "task force" and a fraud-suspect list over a debt
    "您的网贷逾期已被列入金融诈骗嫌疑名单，请于今日18点前联系专案组说明情况。",
])
def test_more_phishing_and_credit_repair_wordings_are_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam"


def test_a_signed_service_notice_about_an_upgrade_is_not_phishing():
    # An unknown signature earns no discount for a frozen or expired account, but "please upgrade"
    # with a help-page link is how ordinary services announce changes.
    v = analyze(Message("本平台将于下月停止支持旧版接口，请贵司技术人员尽快完成升级，详情见 https://help.example-pay.com/a/1 【某某网络】")).verdict
    assert v.legitimacy.value != "likely_scam"
    v = analyze(Message("【车主服务】您的ETC已被停用，请点击etc-renz.com重新认证。")).verdict
    assert v.legitimacy.value == "likely_scam"


def test_a_payment_receipt_is_not_a_disclosure_but_a_contact_told_is():
    assert "third_party_threat" not in analyze(Message("【某某金融】已收到您的还款500元，感谢您的支持。")).verdict.kinds
    assert "third_party_threat" in analyze(Message("您的紧急联系人已收到您的逾期信息，请尽快处理。")).verdict.kinds


def test_a_visit_on_a_bare_day_is_not_called_a_night_visit():
    r = analyze(Message("你的欠款已逾期，明天外访人员上门核实。", received_at=datetime(2026, 12, 3, 10, 0)))
    assert "night_visit" not in codes(r.verdict.visit_credibility.reasons)
    r = analyze(Message("你的欠款已逾期，明晚11点外访人员上门核实。", received_at=datetime(2026, 12, 3, 10, 0)))
    assert "night_visit" in codes(r.verdict.visit_credibility.reasons)


@pytest.mark.parametrize("text", [
    "【某某银行】您的信用卡欠款可申请债务重组，最长分60期，详询我行客服热线95599。",
    "【某某信用卡中心】您的账户已逾期，我行可为您办理停息挂账，请致电95555咨询，不收取任何费用。",
])
def test_a_lenders_own_relief_offer_is_not_a_paid_relief_scam(text):
    v = analyze(Message(text)).verdict
    assert "settlement_offer" in v.kinds
    assert v.legitimacy.value != "likely_scam"


def test_the_same_relief_sold_for_a_fee_or_over_a_chat_stays_a_scam():
    for text in ("我们可以帮您办理停息挂账、债务重组，先交服务费3000元，加微信详谈。",
                 "【债务优化中心】逾期不用怕，停息挂账包办理，添加客服微信abc123。"):
        assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize("text", [
    # a secrecy demand is no courtesy line: 请勿告诉他人 does not cancel a "safe account"
    "我是某某分局民警，你涉嫌一宗洗钱案，需把存款转到安全账户配合核查，请勿告诉他人。",
    # a charge to call about on a number that is no bank's line, whatever courtesy line follows
    "【某某视频】您开通的超级会员将于明日自动扣费699元，如非本人操作请联系客服 0757-23**-**18 取消。",
    # the code "sent by mistake"
    "不好意思，我的验证码发错到你手机上了，麻烦发我一下",
    # a tax refund or a frozen wallet with a link off gov.cn or off the brand's site
    "【个税服务】您有退税1180元待领取，请于今日内访问 tax-tuifei.cn 办理。",
    # the usual way to pay said to be down, money to a named person instead
    "【某某借款】您的借款已逾期，因还款通道维护暂时无法还款，请转入以下账户：户名李**，卡号6217********3321。",
    # a boss on a new number asking for a transfer
    "小陈，我是刘总，这是我新号，先帮我转3万到这个账户，下午还你。",
])
def test_scam_scripts_found_by_a_blind_probe(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize("text", [
    "【某某银行】您尾号8812的卡于12月3日消费500.00元，如非本人操作请致电95599。",
    "【某某银行】您正在向收款人张*转账1000元，动态密码381920，请勿泄露。",
    "【某某银行】您尾号1234的账户入账1.00元，对方户名:扫码收款专用。",
])
def test_bank_alerts_with_courtesy_lines_and_payee_names_stay_genuine(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


@pytest.mark.parametrize("text", [
    "欠款拖着不处理，明天我们的人上门找你。",
    "你欠的钱再拖，就给你全家挨个打电话。",
    "借的钱拖了三个月还不吭声，你这种人真不要脸。",
])
def test_a_collectors_threat_over_a_debt_is_an_overdue_notice_too(text):
    assert "overdue_notice" in analyze(Message(text)).verdict.kinds, text


def test_a_court_notice_or_a_debt_not_yet_due_is_not_made_overdue_by_its_threat():
    court = analyze(Message("你已被某市某区人民法院纳入失信被执行人名单，请尽快履行生效法律文书确定的义务。")).verdict
    assert "overdue_notice" not in court.kinds
    relay = analyze(Message("他在我们平台有一笔借款即将到期，麻烦您通知他在到期日前还款。")).verdict
    assert "overdue_notice" not in relay.kinds


def test_a_system_announcing_texts_to_the_phone_book_is_a_third_party_threat():
    v = analyze(Message("【催收系统】今晚22点将自动向你的通讯录联系人发送你的欠款信息。")).verdict
    assert "third_party_threat" in v.kinds


@pytest.mark.parametrize("text", [
    "钱今晚不到账，你那只手就别想要了。",
    "欠的钱再不还，你家门口哪天被泼红油漆别怪我没提醒。",
    "拖着不还是吧，你那店还想不想开了？",
])
def test_threats_to_body_and_property_in_other_words_are_harassment(text):
    assert "harassment" in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize("text", [
    # a loan "approved" that wants its fee first, in Cantonese
    "【某某財務】你嘅貸款已經批咗，請先過數手續費800蚊去以下戶口。",
    # a debt to settle over a private chat account, with an overseas number
    "你張信用卡有筆欠款過咗期，即刻加我WhatsApp處理：+852 6123 4567",
    # secrecy around a frozen account
    "【某某银行】您的账户涉及司法冻结，请勿告知他人，立即致电核查专线010-6xxx1234。",
    # an app package by text
    "【某某借款】旧版App明日停用，请下载新版：loan-new.apk.link",
    # a refund with a chat account (the pattern's anchor is upper case)
    "【某某商城】您的订单商品不合格，将为您三倍理赔，请添加理赔专员QQ：12xxxx34。",
    # a named lender's account problem to be fixed on a staff member's mobile
    "【某某金融】您的白条账户存在异常即将关闭，如需继续使用请联系专员139****1234。",
    # found by the fourth and fifth blind probes:
    # card details, codes and fees asked in collection dress
    "【XX金融】您的借款已逾期，我方可安排第三方代还，请将您的银行卡号和手机验证码发送至本号码。",
    "您在某某平台的借款逾期已进入司法程序，如需撤诉请扫码缴纳撤诉费500元。",
    "【XX支付】您的账户涉嫌违规交易，已被临时限制。请回复短信验证码解除限制。",
    "【中国人民银行征信中心】您的征信报告存在不良记录，可通过我中心内部通道删除，手续费998元，详询微信。",
    # scripts aimed at a borrower's contacts and at careful borrowers
    "【紧急联系人解除通知】您已被借款人设为紧急联系人，因其严重逾期，您的手机号将被同步至催收系统。如非本人授权，"
    "请在24小时内点击 http://jc-lxr.cn/x7 解除绑定，否则将影响您本人征信。",
    "您好，我们是XX银行信用卡中心，您的信用卡被他人冒用在外地消费9,800元，需要您配合公安做笔录，稍后会有民警与您视频联系。",
    "你好，我是郭**的同事，他说他手机坏了，上次说的那笔钱能不能先借他3000周转一下？直接转我这个卡就行 6222 **** **** 5587",
    "【调解中心】您名下的多笔网贷已被统一纳入债务调解，可通过我中心协商停息、减免，需缴纳服务费（总债务的8%），详询：0755-XXXXXXXX。",
    # N-fold parcel compensation with a "specialist" to add
    "【快递理赔】您的快递在运输途中丢失，我们将为您办理3倍赔偿，请扫码添加理赔专员。",
])
def test_more_scam_scripts_found_by_blind_probes(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


def test_a_warning_that_names_a_personal_account_is_not_a_request_to_pay_into_one():
    v = analyze(Message("【度小满】您的借款将于5月8日到期，请提前备好资金。度小满不会以任何理由让您转账到个人账户。")).verdict
    assert v.legitimacy.value != "likely_scam"
    assert "scam" not in v.kinds


def test_grammar_patterns_with_upper_case_anchors_are_tried():
    from dunguard.extract.base import normalize
    from dunguard.grammar import load_grammar

    assert load_grammar("zh").parse(normalize("请添加客服专员QQ：12345")).has("chat_contact")
    assert load_grammar("zh").parse(normalize("请下载“某某贷”App办理")).has("link")


@pytest.mark.parametrize("text", [
    "上次同学会的照片整理好了，点击查看：url.cn/x1Yz9",
    "看你干的好事，证据都在里面，自己看吧 http://a-b.top/v",
])
def test_a_personal_bait_with_a_link_is_a_scam(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


def test_photos_and_websites_in_news_are_no_bait():
    v = analyze(Message("网友在社交网站晒出一组旧照片，引发热议")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_please_note_the_due_date_is_no_hedge_on_a_charge_claim():
    v = analyze(Message("本行已从您的信用卡扣除年费800元，请注意还款日期，详询0571-86xx12xx。")).verdict
    assert v.legitimacy.value == "likely_scam"
    v = analyze(Message("【某某银行】温馨提示：请留意您的卡是否可能会扣除年费，详询95xxx。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_school_fee_account_said_to_have_changed_is_a_scam():
    v = analyze(Message("各位家长，学校收取学费的账户已变更，新的账户为6217xxxx，请将本学期学费存入这个账户。")).verdict
    assert v.legitimacy.value == "likely_scam"


def test_a_medical_insurance_card_problem_with_a_link_is_a_scam_but_a_deposit_notice_is_not():
    v = analyze(Message("【医保服务】您的医保卡已禁用，请于今日内至 yb-bulu.top 补录信息后启用。")).verdict
    assert v.legitimacy.value == "likely_scam"
    v = analyze(Message("【某市医保局】您的医保个人账户本月划入152.30元，可在国家医保服务平台App查询。")).verdict
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    "【某某保险】您的理赔申请已受理，赔付款将于3个工作日内到账，验证码482913用于查询进度。",
    "【某某商城】验证码271935，请在页面输入验证码完成登录。",
    # a signed fee notice with nothing to call or open, and a click inside the lender's own app
    "【XX银行】尊敬的客户，您的信用卡年费200元将于本月账单中收取；本年度刷卡满6次即可免次年年费，详询官方客服。",
    "好消息！您的逾期账单可享受限时减免50%罚息，仅限今日，点击APP首页“协商还款”即可办理",
])
def test_ordinary_notices_that_share_words_with_lures_are_not_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


def test_a_deadline_for_papers_or_an_advert_question_is_no_overdue_debt():
    v = analyze(Message("您的医保卡逾期未认证将被冻结，请及时登录 ybk-rz.cn 办理。")).verdict
    assert "overdue_notice" not in v.kinds and v.legitimacy.value == "likely_scam"
    v = analyze(Message("网贷逾期、信用卡还不上？停息挂账找我们，加微信咨询。")).verdict
    assert v.kinds == ("scam",)
    # ...or its slogan about lateness in general, which owns no one's debt
    v = analyze(Message("逾期不可怕，专业团队帮你处理，停息挂账包办理。")).verdict
    assert v.kinds == ("scam",)
    # while the reader's own late loan, sold relief for a fee, is both
    v = analyze(Message("您在某某平台的借款已逾期，我们可以帮您停息挂账，成功后收费。")).verdict
    assert set(v.kinds) == {"scam", "overdue_notice"}


@pytest.mark.parametrize("text", [
    "叮！账单来啦～ 8月账单 ¥356.80，最后还款日8月25日，提前还一还～",
    "【某某汽车金融】您的车贷第18期月供3,466元将于10月10日从尾号8812账户代扣，请保证账户余额充足。",
    "【某某银行】您的信用卡本期账单已还部分款项，剩余应还1,208.00元，最后还款日6月5日。",
    "明天记得还款哦【X贷】",
])
def test_a_due_or_debit_date_for_the_reader_is_a_reminder(text):
    v = analyze(Message(text, received_at=RECEIVED)).verdict
    assert v.primary_kind == "reminder" and v.legitimacy.value == "likely_genuine", text


def test_not_counted_as_overdue_is_no_overdue_notice():
    v = analyze(Message("【某某金融】本月账单可以只还最低还款，剩下的顺延到下期，不算逾期哦～")).verdict
    assert "overdue_notice" not in v.kinds


@pytest.mark.parametrize(("text", "kind"), [
    ("你父母的电话我们已经拿到了，是想自己还还是让老人替你还？", "third_party_threat"),
    ("你孩子班主任的电话我这里有，别逼我打。", "third_party_threat"),
    ("你们家族群里已经有人收到消息了吧？这只是第一批", "third_party_threat"),
    ("电话不接信息不回，你是死了吗", "harassment"),
    ("每天200个电话打到你崩溃为止，不信试试。", "harassment"),
    ("你孩子学校在哪我们清楚，明天放学时间会有人过去找你。", "harassment"),
    ("你别以为躲起来就没事，你女儿在XX小学上学吧？我们同事下午放学会去门口看看她", "harassment"),
    # messages sent to a borrower's contacts, guarantor or cardholder
    ("【XX消费金融】您好，李**先生在办理业务时留存了您的联系方式，烦请转告其尽快致电4008-XXX-XXX，谢谢！", "third_party_threat"),
    ("王姐您好，我是云信金融贷后部的小刘。您弟弟王**的借款已经拖了两个多月，麻烦您帮忙联系一下，让他今天回个电话。", "third_party_threat"),
    ("亲，你是不是认识一个叫袁**的人？他在我们这借了点钱，你能帮我要一下他现在的住址吗？", "third_party_threat"),
    ("【XX信用卡中心】您作为附属卡持卡人，主卡持卡人钟**的账户已于03月05日逾期，请提醒主卡持卡人还款。", "third_party_threat"),
    # a text of a few words is said to whoever receives it
    ("账单已出", "reminder"),
    ("老赖去死", "harassment"),
    ("你好", "other"),
    # a multi-line chat: the phone book said to be in hand
    ("😂😂你以为拉黑就没事了？\n你通讯录我这全有\n一个一个打过去", "third_party_threat"),
    # third parties told in other words
    ("你不处理，我们会把情况反映给你的领导。", "third_party_threat"),
    ("你的配偶作为紧急联系人，我们将与其沟通还款事宜。", "third_party_threat"),
    ("你单位的同事已经有人接到我们的核实电话了。", "third_party_threat"),
    # relief offered in a collector's plain words
    ("哥，上面批了个方案，本金还了利息可以不要，这个月底前有效", "settlement_offer"),
    ("老哥 你那个账一次性还8成就行 今天能弄不", "settlement_offer"),
    ("经我司审核，同意您的停催申请：自即日起暂停催收30天，请于8月15日前还首期1500元。", "settlement_offer"),
    ("您的借款已逾期，现可为您办理停催分期，首付10%即可。", "settlement_offer"),
    # a debit said by the day, in a slash date
    ("您的分期付款第3/6期 ¥533.17 将于2025/11/02 自动从尾号0417的卡扣除。", "reminder"),
    ("明天自动扣款，卡里留够钱", "reminder"),
])
def test_kinds_in_plain_words_short_texts_and_chats(text, kind):
    assert kind in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize(("text", "verdict"), [
    # a button pressed inside the lender's own app is no link in the text
    ("您好，考虑到您近期困难，平台可为您申请延期还款30天，期间暂停催收，如需办理请在APP内点击「困难帮扶」提交。", "likely_genuine"),
    # a warning that calls paid credit repair a fraud names the script without using it
    ("【征信中心】个人可通过商业银行网点免费查询信用报告，任何收费“征信修复”均为骗局。", "likely_genuine"),
    # an ID number alone, which family asks for too: a caution, not a scam verdict
    ("妈说村支书下礼拜要来家里登记人口普查，你身份证号发我一下", "unclear"),
])
def test_genuine_texts_that_use_scam_words(text, verdict):
    assert analyze(Message(text)).verdict.legitimacy.value == verdict, text


def test_a_library_book_due_back_is_no_repayment_reminder():
    v = analyze(Message("【市图书馆】读者您好，您借阅的《三体》等2册图书将于2025-06-12到期，请按时归还或在线续借。")).verdict
    assert "reminder" not in v.kinds


def test_a_banks_warning_that_quotes_the_scripts_is_not_one():
    v = analyze(Message(
        "【XX银行】防诈提醒：近期有人冒充我行或“征信中心”，称您“校园贷账户未注销”，诱导下载会议软件共享屏幕"
        "并转账至“安全账户”。我行不会以任何理由索要验证码，请勿轻信。")).verdict
    assert v.legitimacy.value != "likely_scam" and "scam" not in v.kinds


@pytest.mark.parametrize(("text", "visit"), [
    ("兄弟，欠的钱不打算还了？我们人在你们小区门口，几栋几单元自己报一下？", True),
    ("外勤已经出发，目的地：你身份证上的地址", True),
    # A summons mailed to the hometown is post, not someone coming.
    ("已经起诉你了，开庭通知已经寄到你户籍地，不出庭就缺席判决。", False),
])
def test_visits_said_in_plainer_words(text, visit):
    assert ("visit_threat" in analyze(Message(text)).verdict.kinds) is visit, text


@pytest.mark.parametrize("text", [
    "【某某银行】考虑到您的实际情况，我行同意将您的贷款还款期限延长6个月，请于3月15日前到网点签署补充协议。",
    "【XX金融】亲，本月账单可以只还最低还款，剩下的顺延到下期，不算逾期哦～",
])
def test_a_lender_lengthening_the_term_is_a_settlement_offer(text):
    v = analyze(Message(text)).verdict
    assert "settlement_offer" in v.kinds and v.legitimacy.value == "likely_genuine", text


def test_cantonese_collection_texts_meet_the_same_rules():
    v = analyze(Message("你嘅数拖咗成两个月，听日我哋同事会嚟你公司揾你，到时唔好话冇通知过你。")).verdict
    assert "visit_threat" in v.kinds
    v = analyze(Message("你單位人事部電話我哋已經攞到，聽日會同你老細講你欠錢唔還嘅事。")).verdict
    assert "third_party_threat" in v.kinds
    # 打俾 is 打给 and 老豆 is 老爸: a call to the parents threatened
    v = analyze(Message("你再唔還錢，我哋就打俾你老豆老母同你公司，等佢哋知你係咩人。")).verdict
    assert "third_party_threat" in v.kinds
    # a son "on a friend's phone" asking for a transfer, in Cantonese, is the same scam as in Mandarin
    v = analyze(Message("阿媽，我係你個仔，我電話壞咗，用緊朋友部機，急住要錢，轉3000去呢個戶口。")).verdict
    assert v.legitimacy.value == "likely_scam"
    sig = next(s for s in v.scam_signals if s.code == "known_person_transfer")
    assert any("轉3000" in sp.text or "電話壞咗" in sp.text or "我係你個仔" in sp.text for sp in sig.spans)


def test_a_banks_maintenance_notice_is_not_a_scam_but_a_temporary_account_is():
    notice = ("【XX银行】尊敬的客户：我行将于2024年9月14日22:00至9月15日06:00进行系统升级。升级期间，手机银行转账汇款"
              "暂停服务。由此给您带来的不便，敬请谅解。如有疑问，请致电我行官方客服热线或咨询附近网点。")
    assert analyze(Message(notice)).verdict.legitimacy.value != "likely_scam"
    scam = "您的借款将于明日到期。因系统升级，本期请将1200元转入临时还款账户，切勿通过APP还款。"
    assert analyze(Message(scam)).verdict.legitimacy.value == "likely_scam"


def test_a_creditor_threatening_the_police_in_its_own_voice_is_a_bluff_not_an_impersonation():
    v = analyze(Message("你好 我是XX金融法务部的 你的案子已经报到派出所了 今天下午民警会联系你 让你去所里配合调查 "
                        "你最好现在就把钱还了")).verdict
    assert v.legitimacy.value != "likely_scam"
    # Signed by a court, the same demand is the impersonation.
    v = analyze(Message("【最高人民法院】您因信用卡恶意透支已被立案，案号（2024）最高法执字第0371号，请于今日联系承办人员"
                        "010-6xxxx238，逾期将移交公安机关。")).verdict
    assert v.legitimacy.value == "likely_scam"


# The commonest fraud types on the police lists, each in wordings of our own: every one must be called a
# likely scam, with its own reason quoting the words it rests on.
@pytest.mark.parametrize(("text", "code", "quoted"), [
    ("小周，我是你们李总，这是我新号，明天来公司前先加我新微信。", "known_person_chat", "加我新微信"),
    ("爸，我电话摔坏了，用的是同学的手机，学校要交资料费，先转我800。", "known_person_transfer", "转我800"),
    ("王先生您好，您儿子在学校突发疾病正在抢救，需马上交手术费3万，请速转账到医院账户。", "emergency_transfer", "突发疾病"),
    ("在家用手机做任务，给店铺点赞关注，一单返佣金12元，日结，加QQ 5566778。", "task_job", "点赞"),
    ("独家内幕消息：下周三只牛股必涨停，老师免费带单，扫码进群。", "invest_tip", "内幕消息"),
    ("亲，我找到一个虚拟币平台的后台漏洞，包赚，你先充点钱试试。", "invest_tip", "包赚"),
    ("恭喜，您的借款审批通过，额度8万，请点此下载APP领取 qd-jie.vip", "loan_app_link", "审批通过"),
    ("王总让我通知你，先把合同款转到这个账户，他在开会不方便接电话。", "known_person_transfer", "转到"),
    ("您的电子医保卡里的余额可以转出提现，请联系专员13700001111办理。", "medical_pretext", "医保卡"),
    ("招聘居家客服，有手机就行，不收任何费用，日结200元，详询QQ 7788990。", "task_job", "日结"),
    ("您的包裹派送失败已滞留网点，需补缴运费2元后重新派送。", "parcel_pretext", "派送失败"),
    ("您上次的订单被误设为分期付款，每月将重复扣款，请尽快联系客服取消。", "unexpected_charge", "误设为分期"),
    ("您的健保卡疑似遭人冒用，请即刻拨打专线说明。", "pretext_callback", "拨打"),
    ("親愛的客戶，因作業疏失您被設定為經銷商，將每月扣款，請依專員指示操作ATM取消。", "atm_cancel", "ATM"),
    ("猜猜我是誰？我換了新號碼，存一下喔。", "known_person_chat", "猜猜我是誰"),
    ("我是地檢署檢察官，您涉及洗錢案件，請將存款轉入監管帳戶。", "safe_account", "監管帳戶"),
    ("你好，我係衞生署職員，你嘅身份證被人盜用，涉及洗黑錢案件，請即聯絡內地公安。", "authority_impersonation", "衞生署"),
    # a job that must be paid for first
    ("恭喜您通过面试被录用为仓库管理员，上岗前须先交服装费和体检费共460元。", "job_fee", "录用"),
    ("你好，本公司诚聘在家办公打字员，日结300，需先交99元办理工作证后派单。", "job_fee", "工作证"),
    # a benefit from a government office, to be asked about on an ordinary number
    ("【医保局】您有一笔医疗补助金待领取，请致电 0371-6655xx21 办理。", "gov_benefit_call", "补助金"),
    # a registry "problem" fixed through a link, on pain of a penalty
    ("【市场监管局】您的个体工商户年报未报送，请点击链接补报，逾期将被吊销执照。", "link_not_gov", "点击"),
    # a code to be *told* to someone, a password typed behind a link, card details for a "refund"
    ("您的积分可兑换现金188元，客服稍后发送验证码，请告诉客服验证码即可到账。", "rule.CN-CODE-001", "验证码"),
    ("您的抖音账号涉嫌违规将被封禁，解封请访问 dy-jiefeng.top 输入账号密码。", "code_request", "密码"),
    ("您网购的羽绒服检测不合格，商家赔付您120元，请回复银行卡号和开户行办理退款。", "prize_lure", "退款"),
    # a stock-tip group to join by a WeChat id
    ("下周必涨的黑马股已选好，免费分享，进内部群加微 nb_gupiao7", "invest_tip", "黑马股"),
    # a new number to be saved or answered: the opener police warnings quote; the reason says to call the old one
    ("老同学，我换了个新号码，存一下哈。", "new_number", "原来存的号码"),
    ("我已变更号码，请及时更新留存，收到请回复。", "new_number", "原来存的号码"),
    ("我换手机了，没你号码，你号码多少？", "new_number", "原来存的号码"),
    # the old number "gone", money asked from the new one
    ("舅舅，我以前的号码停用了，这个是新号。能先借我5000交房租吗，周末还你。", "borrow_request", "借我5000"),
])
def test_common_fraud_types_are_scams_with_their_reason(text, code, quoted):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "likely_scam"
    sig = next(s for s in v.scam_signals if s.code == code)
    assert any(quoted in sp.text for sp in sig.spans) or quoted in sig.text["zh"]


def test_a_new_number_alone_or_with_a_way_to_check_is_a_caution_not_a_verdict():
    v = analyze(Message("我换号了，这个是新的")).verdict
    assert "new_number" in codes(v.scam_signals)
    assert v.legitimacy.value == "unclear"
    for text in ("阿姨，我是小雯，我換新號碼了～舊的還能收簡訊，妳可以用LINE問我確認一下喔",
                 "王哥，我小赵，换了新号码，存一下。你要不放心就打我原来号码问下。"):
        assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text
    # A collector's new number is a weak sign, not a verdict: the debt decides the reading.
    v = analyze(Message("我是催收专员小王，这是我的新号码，你的欠款请尽快联系我处理")).verdict
    assert v.legitimacy.value != "likely_scam"
    # A carrier's notice about a number change is not someone claiming to be a friend.
    v = analyze(Message("【中国移动】您的号码已完成携号转网，原套餐自动取消。")).verdict
    assert "new_number" not in codes(v.scam_signals)


@pytest.mark.parametrize("text", [
    "工商银行 6222 0211 2233 4455 667 张丽",
    "6217 0000 1111 2222 333 建行 陈强",
    "农行刘某某卡号6228480011112222333，工行刘某某卡号6212260011112222333",
])
def test_a_bare_card_number_and_name_is_the_pay_into_this_card_scam(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "likely_scam"
    assert codes(v.scam_signals).count("bare_account") == 1
    assert "personal_account" not in codes(v.scam_signals)  # one request, one reason


@pytest.mark.parametrize(("text", "code"), [
    # a bank's own alert about the reader's card is not a bare card and name
    ("【建设银行】您尾号2233的储蓄卡于12月3日转入工资8,000.00元，当前余额12,345.67元。", "bare_account"),
    # warnings that describe a fraud type are not that fraud
    ("【反诈提醒】凡是让你刷单、点赞返佣金的都是诈骗，请勿轻信。", "task_job"),
    ("【某某银行】近期有不法分子以刷单返利、投资带单为名实施诈骗，请您提高警惕。", "task_job"),
    ("【某地公安】犯罪分子冒充快递客服称包裹丢失可双倍赔偿，诱导下载会议软件共享屏幕，请勿上当！", "code_request"),
    ("【某某派出所】提醒：有人冒充领导加您微信借钱，请务必电话核实。", "authority_self"),
    ("【某某证券】本公司从未通过微信群推荐股票，任何承诺稳赚不赔的都是骗局。", "invest_tip"),
])
def test_ordinary_texts_do_not_trip_the_fraud_signs(text, code):
    v = analyze(Message(text)).verdict
    assert code not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"


def test_a_friend_asking_to_borrow_is_a_caution_and_a_lender_offer_is_not_a_loan_app_scam():
    v = analyze(Message("在吗？手头有点紧，能借我两千吗，月底还你。")).verdict
    assert "borrow_request" in codes(v.scam_signals)
    assert v.legitimacy.value == "unclear"
    v = analyze(Message("【招联金融】您的借款申请已审核通过，请登录招联金融App确认提款。")).verdict
    assert "loan_app_link" not in codes(v.scam_signals)
    assert v.legitimacy.value != "likely_scam"


def test_a_lenders_own_waiver_offer_is_not_a_scam():
    v = analyze(Message("关于您逾期产生的违约金，如在约定日期前一次性结清本金和利息，我们可以申请全额减免违约金。")).verdict
    assert v.legitimacy.value != "likely_scam"
    assert "settlement_offer" in v.kinds


def test_a_lenders_link_on_a_cheap_domain_is_not_a_scam_when_its_sites_are_unknown():
    # 分期乐 pays through fql.cc; with no verified site list the link may be its own.
    v = analyze(Message("【分期乐】您有一笔账单今日到期，应还612.30元，点击 fql.cc/abc 立即还款")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_warning_in_front_of_a_scam_does_not_cancel_it():
    # The warning's own sentence is cancelled; a request made in a sentence of its own still counts.
    v = analyze(Message("谨防诈骗！您的账户涉嫌洗钱，请立即将资金转入安全账户配合调查，不要告诉家人。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "safe_account" in codes(v.scam_signals)
    v = analyze(Message("本行不会要求您提供验证码，但为解除您的账户限制，请回复收到的验证码。")).verdict
    assert v.legitimacy.value != "likely_genuine"


def test_a_traffic_notice_pointing_to_the_official_app_is_not_phishing():
    v = analyze(Message("【12123】您名下小型汽车于9月18日有超速违法行为，请于15日内通过交管12123App处理。")).verdict
    assert v.legitimacy.value == "likely_genuine"
    v = analyze(Message("您的车辆有一条未处理违章记录，请点击 jtgl-cx.top 查询处理。")).verdict
    assert v.legitimacy.value == "likely_scam"


def test_asking_for_a_password_is_a_scam_even_outside_a_debt():
    v = analyze(Message("【度小满】您好，因您的账户存在风险，请回复银行卡号及密码完成核验。")).verdict
    assert v.legitimacy.value == "likely_scam"
    # ...while a code text that tells the reader to keep it is the ordinary kind
    v = analyze(Message("【度小满】您的验证码为482913，5分钟内有效，请勿告诉他人。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_news_of_a_police_case_is_not_an_impersonation():
    v = analyze(Message("两人因涉嫌故意伤害被警方依法处理，案件正在进一步调查中。")).verdict
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    # a lender's own relief, paid through its company account (户名 of a masked company), with its warning
    "先生您好，您在我司的借款已逾期62天，公司同意在您一次性结清本金的前提下减免全部罚息，请登录APP确认，"
    "款项请仅通过APP或我司对公账户（户名：某某消费金融有限公司）支付，任何要求向个人账户转账的均非我司行为，谨防诈骗。",
    # paying this period's interest to extend is the plan, not a fee for it
    "【易借花】您好，您可申请账单展期服务，最长可延后3个月，需先支付当期利息。申请入口：APP-我的-还款协商。",
    # a collector granting a pause on hardship is not selling "停催"
    "您好，这里是华信资产管理有限公司，受委托处理您的欠款。如确有困难，可提供收入证明等材料申请停催及分期还款。",
])
def test_a_lenders_own_relief_is_not_a_scam(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value != "likely_scam", text
    assert "settlement_offer" in v.kinds, text


@pytest.mark.parametrize("text", [
    "您好，我是银行催收部的，您的欠款可以优惠结清，但要先打3000到我们内部结算账户，账户是我个人的，这样走得快。",
    "还款转我微信就行，二维码发你了，公司账户这两天在维护，今天转我，我帮你核销逾期。",
    "恭喜，您的欠款已申请到全额减免，只需支付388元手续费即可出具结清证明，付款码见下图。",
    "反催收联盟：被暴力催收？我们帮你投诉到平台停催，只收服务费299元。",
])
def test_a_collectors_own_account_or_a_fee_for_relief_is_a_scam(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize("text", [
    "再不回我消息我就杀到你家门口蹲你哈哈哈 开玩笑的 周末出来吃火锅啊",
    "你个憨批又输了，明天奶茶你请，别想赖账😂",
    "【华润燃气】本小区将于下周一至周三开展入户安全检查，安检人员持证上门，全程不收取任何费用，请家中留人。",
    "家政阿姨明早8点上门打扫，钥匙我放门口地垫下面了，你别反锁门",
    "【武汉图书馆】读者您好，您借阅的《人类简史》已逾期3天，请尽快归还。",
    "【交管12123】您的小型汽车检验有效期至2024年09月30日，请及时检验，逾期未检验不得上道路行驶。",
    "【小米商城】您的订单已成功选择12期免息分期付款，每期应付¥349.92，首期将于下月账单日入账。",
])
def test_ordinary_texts_with_collection_words_are_no_threat(text):
    v = analyze(Message(text)).verdict
    assert set(v.kinds) == {"other"}, (text, v.kinds)
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    # secrecy about an "investigation" is the fake-police script, not a code text's warning
    "我是上海市公安局刑侦支队的民警，你的身份证被人用于开户，涉嫌一起特大洗钱案，你必须配合调查，不得向任何人透露。",
    "【分期乐】您的账单已严重逾期，平台开通了扫码还款通道，请在微信中长按识别下方二维码完成还款。",
    "哥 我是你表弟小军 刚换的号 刚才有个验证码不小心填了你的手机号 你把收到的那串数字发我一下呗",
    "【停息挂账】信用卡网贷还不上？专业团队帮您跟银行谈停息挂账，最长分60期0利息，只收少量服务费。",
])
def test_more_scams_in_collection_dress(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


def test_a_debt_sold_to_a_new_collector_with_its_own_code_is_not_called_genuine():
    v = analyze(Message("你的债务已被打包转让给我司，原平台不再收款，请通过我司收款码还款，继续向原平台还款一律无效。")).verdict
    assert v.legitimacy.value in ("likely_scam", "unclear")
    assert "channel_change" in {s.code for s in v.scam_signals}


@pytest.mark.parametrize("text", [
    "您好这边是京东售后，给您退款并额外补偿120元，需要您打开支付宝里的备用金来接收退款，我一步步教您操作",
    "您好，您乘坐的CZ3958航班因天气原因取消，为了给您赔付误机补偿，需要您打开网银按客服提示操作",
    "你刚才跟我视频的内容我已经录下来了，你的通讯录我也有，给你两个小时，转5万给我，不然就发给你家人和同事",
    "您寄往泰国的快递里查出违禁品（护照12本），已移交警方处理，现在为您转接公安局，请不要挂断。",
    "小朋友你好，我是游戏客服，你参加的抽奖中了一个传说皮肤，要用家长手机扫码验证才能领取",
    "你好，看到你在卖的那套装备，我出1200，不过咱们在这个平台交易比较安全 www.dd373-trade.cc 你先注册一下",
    "【快递员】你好，你的快递已经放驿站了，系统要核对信息，你手机会收到一个验证码，发给我一下就好",
    "您好我是广州市公安局的王警官，您的身份信息被不法分子冒用开户，需要把您名下资金转入国家安全账户进行资金核查。",
    "各位家人们，今天老师带的三单全部盈利，跟单的朋友明天开放新一期体验名额，要的私信助理，先到先得！",
])
def test_everyday_scams_from_the_police_lists(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize("text", [
    "【HSBC】您的信用卡月結單已備妥，請登入HSBC HK App查閱。本行不會透過短訊或電話要求閣下提供密碼或一次性驗證碼。",
    "【警方提示】近日有騙徒冒充入境處職員來電，聲稱市民涉及刑事案件。如有懷疑，請致電「防騙易熱線18222」查詢。",
    "【粤通卡】尊敬的客户，您的ETC卡将于11月到期，请通过粤通卡官方小程序或到营业网点办理续期，我司不会发送短信链接要求认证。",
    "【国家反诈中心】提醒您：裸聊敲诈多发，陌生人邀请视频聊天、要求下载不明App时请提高警惕。如遇敲诈勿转账，立即报警。",
    "人保环球中心专为私家车做VIP售后服务；接送事故车，一条龙（全程代办）定损维修理赔；送单上门",
])
def test_warnings_and_services_that_describe_scams_are_not_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


@pytest.mark.parametrize("text", [
    "本地资讯：一名退休教师接到假「民警」电话，被以资金清查为由诱导将28万元转入所谓安全账户。接到此类电话请立即挂断并拨打110。",
    "【南方航空】您乘坐的CZ3xxx航班因飞机故障延误，如需改签，请通过南航App或南航官方微信办理，免收改签费。",
    "今天下午派出所民警来学校做反诈宣传，讲了游戏充值、皮肤低价交易这些骗局，请家长回家后也跟孩子聊一聊。",
    "【某共享单车】您的押金199元已退还至原支付账户，预计1-7个工作日到账，感谢使用。",
    "【国家税务总局】您2023年度个人所得税可退税额320.15元，请登录「个人所得税」App自行办理，税务机关不会发送链接让您填写银行卡信息。",
    # the sender offers a way to check them: a caution at most
    "小王，我那张工行卡挂失了，这个月房租先转到我爱人的建行卡上。卡号我不在短信里发，你打我电话或者我周末过去当面给你。",
    # an airline's own notice: its app or its 95xxx line, no fee and no link
    "【东方航空】您预订的MU5101航班因天气原因取消，请登录东方航空App办理改签或退票，或致电95530。",
    "您好，您乘坐的航班延误，如需改签请拨打95539咨询。",
    # points redeemed for goods in the bank's own app
    "【招商银行】您有2300积分将于12月31日到期，可在掌上生活App积分商城兑换礼品。",
    # points given with a purchase are no account problem, link or not
    "【招商银行】您尾号5521信用卡12月3日消费268.00元，另赠您30积分，点此查看 t.cn/A6xYz9",
    # the tax office pointing to its own app
    "个税年度汇算已开始，请通过个人所得税App办理退税，切勿扫描陌生二维码。",
    # the traffic police's own notice, pointing to their app and accounts, with the offence law named
    "根据道路交通安全违法行为处罚条例，您的车辆苏E8**12在干将路驶入公交专用道，可在交管12123 App申请以警告代替罚款。",
    # a landlord who changed cards but gives no account in the text
    "小李，我换了工资卡，房租下月当面给我就行。",
])
def test_news_notices_and_checkable_requests_are_not_called_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


def test_a_police_warning_that_then_asks_for_a_safe_account_transfer_is_still_a_scam():
    text = ("厦门警方提醒您:凡是接到陌生人要求转账的电话,不听、不信、不转账,挂机后请立即将存款暂时转移到安全账户上:"
            "××银行4367 4852 0443 81××××黄**警官。")
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam"


def test_taiwan_and_hong_kong_collection_wordings():
    # 台端 is Taiwan's formal "you": a letter to 台端 speaks to the reader
    v = analyze(Message("存證信函 台端積欠款項新台幣63,500元，經本公司多次聯繫均置之不理。若台端於七日內仍未清償，"
                        "本公司將依刑法第三百三十九條對台端提起詐欺告訴，並移送警方偵辦。")).verdict
    assert "legal_threat" in v.kinds
    v = analyze(Message("本公司為協助台端解決債務問題，特提供清償方案如下：一、一次清償新台幣45,000元；二、分36期清償，每期新台幣2,100元。")).verdict
    assert "settlement_offer" in v.kinds
    v = analyze(Message("不要以為搬家就找不到你 這禮拜會有人過去找你當面談 順便去你公司找你主管聊聊")).verdict
    assert "third_party_threat" in v.kinds


def test_a_utility_bill_is_not_a_loan_reminder_and_its_holder_is_no_payee():
    v = analyze(Message("燃气费缴费通知单 用户名：徐某某 用户号：0310****562 本期应缴金额：99.18元 缴费截止日期：2024年11月30日 "
                        "缴费方式：支付宝生活缴费、微信城市服务、营业厅柜台。")).verdict
    assert "reminder" not in v.kinds and v.legitimacy.value != "likely_scam"


def test_a_law_firms_letter_citing_a_judicial_interpretation_is_not_court_impersonation():
    text = ("律师函 上海某某律师事务所接受某银行股份有限公司信用卡中心的委托，就您名下尾号6623信用卡透支欠款事宜致函如下："
            "依据《最高人民法院、最高人民检察院关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》第八条，"
            "经两次有效催收后超过三个月仍不归还的，可能涉及刑事责任。本所敬请您于收函后十五日内与委托人联系还款事宜，"
            "否则本所将代理委托人向有管辖权的人民法院提起民事诉讼。承办律师：赵律师 电话：021-6xxx-xx18")
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value != "likely_scam"
    assert "legal_threat" in v.kinds


@pytest.mark.parametrize(("text", "kind"), [
    # Sichuan words folded to Mandarin (屋头 = 家中, 晓得 = 知道)
    ("你屋头住哪里我们都晓得了，莫得必要躲，躲也没用。", "harassment"),
    ("你老汉儿的电话我们也有，想让两个老人家跟到你操心睡不着觉，你就继续拖。", "third_party_threat"),
    ("听说你在美团送外卖嘛？你们站长我们已经联系上了，明天中午直接到站点当面谈。", "visit_threat"),
    ("不还钱就把你的照片和欠款信息发到你们村的微信群，让乡里乡亲评评理。", "third_party_threat"),
    ("看你也不容易，我帮你跟领导申请了，还3000就给你结清，但是今天下午五点前必须到账。", "settlement_offer"),
])
def test_collection_in_sichuan_and_delivery_rider_words(text, kind):
    assert kind in analyze(Message(text)).verdict.kinds, text


def test_a_loan_for_any_record_through_a_private_chat_is_a_scam_but_card_services_are_only_grey():
    assert analyze(Message("无视黑白户，有身份证就能下款，最高20万，不查征信，加V：dk8888")).verdict.legitimacy.value == "likely_scam"
    v = analyze(Message("信用卡代还、空卡垫还、大额账单周转，费率低至0.6%，有需要的老板加V：dh0606")).verdict
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize(("text", "kind", "not_kind"), [
    ("【平安银行】您好，我行客服人员今日致电未能联系到您，关于您尾号5126信用卡的还款事宜，请回电平安银行官方热线95511。",
     "overdue_notice", "scam"),
    ("【平安银行】您尾号5126的信用卡本期最低还款额312.00元今日到期。按最低额还款不会产生逾期记录，详情可在平安口袋银行App查询。",
     "reminder", "overdue_notice"),
    ("【360借条】您的借款已逾期，可在360借条App内申请分期还款，详情以App内页面为准。", "settlement_offer", "scam"),
    ("【中银消费金融】您申请的借款10,000.00元已放款至尾号3018银行卡，请注意查收。首期还款日7月9日。", "other", "reminder"),
])
def test_genuine_lender_texts_read_as_what_they_are(text, kind, not_kind):
    v = analyze(Message(text)).verdict
    assert kind in v.kinds and not_kind not in v.kinds, (text, v.kinds)
    assert v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    "爸，我是你儿子，被朋友拉去做担保出了事，现在在派出所，急需两万保释金，先别告诉妈。",
    "领导好，我是办公室小李，X总让我联系您，有笔款项需要您先垫付一下。",
    "您好，您的网贷记录会影响孩子上学，我们可以帮您消除大数据，仅需398元。",
    "数字货币平台，最低100U起投，日收益3%，已有上万人提现成功，错过再等一年。",
])
def test_scams_as_quoted_on_police_and_complaint_pages(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize(("text", "kind"), [
    ("哥们，别逼我们用非常手段，你应该不想你公司同事都知道你欠网贷吧？", "third_party_threat"),
    ("你的情况已经上报到你们当地的街道办和居委会，以后你在小区里的名声就别要了。", "third_party_threat"),
    ("再不还，我就一直打，打到你手机关机，打到你全家崩溃。", "harassment"),
])
def test_threats_as_quoted_on_complaint_pages(text, kind):
    assert kind in analyze(Message(text)).verdict.kinds, text


def test_a_service_kept_only_by_replying_a_digit_is_weighed_as_a_scam_sign():
    # The POS-terminal and "device stops" scripts: the reply marks a live number for the sales call.
    assert "reply_to_keep" in codes(analyze(Message("尊敬的商户，您的收款机具将于月底停用，继续使用请回复1，拒收请回复R。")).verdict.scam_signals)
    # A bank's own instalment offer asks for a reply too, with no service said to be ending.
    assert "reply_to_keep" not in codes(analyze(Message("【招商银行】您的账单可申请分期，回复1确认办理，退订回R。")).verdict.scam_signals)


def test_paying_to_lift_a_warrant_is_impersonation_and_a_traffic_notice_is_not():
    v = analyze(Message("警方通知：你已被列为网上追逃人员，需缴纳保证金五万元撤销通缉。")).verdict
    assert v.legitimacy.value == "likely_scam"
    # A real traffic notice names the police and 违法 and asks to handle it in the official app.
    real = analyze(Message(
        "您名下的车辆于11月3日在滨河路违反禁令标志指示，已被记录交通违法行为，请通过交管12123App或到交警大队处理。"
    )).verdict
    assert real.legitimacy.value != "likely_scam"
    assert "authority_impersonation" not in {r.code for r in real.scam_signals}


def test_a_relative_writing_from_another_phone_is_the_opener_and_no_transfer_is_invented():
    # The "teacher let me use this phone, reply if you got it" opener police warnings quote.
    v = analyze(Message("爸，我是小雨，老师让我用班主任的手机跟你发，收到回我一下。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "new_number" in {r.code for r in v.scam_signals}
    # "call this number" asks for a call, not a transfer: no reason may say it asks for money
    v = analyze(Message("哥，我是阿强，到深圳了，有事就打这个电话。")).verdict
    assert "known_person_transfer" not in {r.code for r in v.scam_signals}
    assert [r.code for r in v.scam_signals] == ["new_number"]


def test_a_filing_or_device_running_out_is_no_repayment_due():
    kinds = analyze(Message("尊敬的商户，您的终端因备案到期即将停用，可能影响资金到账，继续使用请回复1。")).verdict.kinds
    assert "reminder" not in kinds
    assert "reminder" in analyze(Message("您的借款将于明天到期，请按时还款。")).verdict.kinds


def test_taiwan_spellings_of_account_and_link_are_read_like_the_mainland_ones():
    # 轉帳/帳戶 and 連結 are how Taiwan (and older mainland texts) write 转账/账户 and 链接.
    v = analyze(Message("您的貸款已逾期，請今日內將欠款轉帳到以下個人帳戶，帳號6222021234567890123，戶名王小明。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert {"personal_account", "rule.CN-PAY-001"} & set(codes(v.scam_signals))
    v = analyze(Message("提醒您，您有一筆臨時停車費用未繳清，逾期將處罰鍰，請點選連結繳納。")).verdict
    assert v.legitimacy.value == "likely_scam"


def test_keeping_ones_own_account_funded_is_not_paying_a_person():
    v = analyze(Message("【XX租房】租金已逾期，系统将于今晚自动扣款，请确保个人帐户余额留有足够金额。")).verdict
    assert not {"personal_account", "rule.CN-PAY-001"} & set(codes(v.scam_signals))
    assert v.legitimacy.value != "likely_scam"


def test_a_regulators_filing_reminder_is_no_threat_to_tell_everyone():
    v = analyze(Message("【市场监管局】根据规定，企业应于6月30日前通过国家企业信用信息公示系统报送年报，逾期将被列入经营异常名录。")).verdict
    assert not {"third_party_threat", "overdue_notice"} & set(v.kinds)
    assert v.legitimacy.value != "likely_bluff"


def test_a_lenders_own_concession_is_not_a_paid_debt_relief_service():
    # "we can waive half the interest for you" is the lender's offer; only an agent's paid service is a scam
    for text in ("如果你一次性还清，我们可以帮你减免一半利息。", "如果你一次過還清，我哋可以幫你減免一半利息。"):
        v = analyze(Message(text)).verdict
        assert "settlement_offer" in v.kinds and v.legitimacy.value != "likely_scam"
    assert analyze(Message("网贷逾期别慌，专业团队包办理停息挂账，先付服务费。")).verdict.legitimacy.value == "likely_scam"


def test_a_collector_writing_about_the_readers_own_loan_is_not_writing_to_a_third_party():
    v = analyze(Message("您好，我是XX金融的催收专员，关于您逾期的借款请今天回电处理：13812345678。")).verdict
    assert "third_party_threat" not in v.kinds and "overdue_notice" in v.kinds


def test_a_polite_text_sent_at_night_breaks_the_hours_rule_without_being_called_abuse():
    # The hour is a breach of the collection rules (CN-TIME-001, shown under "is it legal"), not "harassment or
    # abuse" in its words: the kind and the verdict are read from what the text says.
    report = analyze(Message("您好，我司受XX银行委托，就您信用卡欠款一事与您联系，请回电021-12345678。",
                             received_at=datetime(2026, 12, 7, 5, 20)))
    assert "CN-TIME-001" in {f.rule_id for f in report.findings}
    assert "harassment" not in report.verdict.kinds and report.verdict.primary_kind == "overdue_notice"
    by_day = analyze(Message("您好，我司受XX银行委托，就您信用卡欠款一事与您联系，请回电021-12345678。",
                             received_at=datetime(2026, 12, 7, 10, 20)))
    assert by_day.verdict.legitimacy == report.verdict.legitimacy


# A threat the grammar reads in words no rule pattern lists still names the rule it breaks, with its source.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("你通讯录里的人今天下午都会收到催款短信。", "CN-3P-001"),
        ("吴**的同事你好，他欠了我们公司一笔钱一直躲着，麻烦你转告他回个电话。", "CN-3P-002"),
        ("你不还钱，下周一我们的人会到长沙市岳麓区某某小区3栋找你。", "CN-VISIT-001"),
        ("你女儿每天下午四点半放学，是走东门吧。", "CN-THREAT-002"),
    ],
)
def test_a_threat_read_by_the_grammar_names_its_rule(text, rule):
    report = analyze(text)
    named = [f for f in report.findings if f.rule_id == rule]
    assert named, [f.rule_id for f in report.findings]
    assert named[0].citations and named[0].spans
    # the explanation quotes the message's own words, in plain language (no "sentence analysis" jargon)
    quoted = [sp.text for sp in named[0].spans]
    assert any(f"“{w}”" in named[0].explanation["zh"] for w in quoted)
    assert "语句分析" not in named[0].explanation["zh"]


def test_ordinary_texts_name_no_threat_rule():
    for text in ("我到你公司楼下了，下来一起吃饭。", "请告诉你的家人注意防范电信诈骗。", "各位家长好，本周四下午班主任家访，请家长在家等候。"):
        ids = {f.rule_id for f in analyze(text).findings}
        assert not ids & {"CN-3P-001", "CN-3P-002", "CN-VISIT-001", "CN-THREAT-002", "CN-INSULT-001"}, (text, ids)


def test_an_account_problem_fixed_through_a_private_chat_is_a_scam():
    # a pretext plus "add our specialist's QQ/WeChat to sort it out" moves the reader into a private chat
    v = analyze(Message("【XX贷】检测到您的借款合同存在问题，需进行账户清零处理，请添加专员QQ配合操作。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "pretext_chat" in {r.code for r in v.scam_signals}
    # a shop's own chat for orders has no problem to fix
    v = analyze(Message("【XX花店】母亲节鲜花预订开始啦，加客服微信下单更优惠。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_three_letter_initials_need_no_debt_word_around_them():
    # yzm = 验证码: a code asked for in initials is still a code asked for
    v = analyze(Message("您的信用卡额度可提升至10万，提额前需验证身份，请回复刚收到的yzm。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert any("yzm" in s.text for r in v.scam_signals for s in r.spans)


def test_money_to_a_given_account_to_have_a_suit_dropped_is_a_scam():
    v = analyze(Message("陈秀英，你儿子罗志强的欠款已经起诉了，如果你今天代他先还2000元到指定账户，我们可以撤诉。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "pay_to_drop" in {r.code for r in v.scam_signals}
    # a lender dropping its suit once the debt is repaid says nothing of a private account
    v = analyze(Message("您的借款已逾期，请在官方App内还款，还清后我司将向法院申请撤诉。")).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_courts_own_notice_is_not_taken_for_someone_posing_as_a_court():
    # A case named as courts name it and the court's own service site: the notice is the court's.
    v = analyze(Message(
        "【某某县人民法院】李**：你被诉民间借贷纠纷一案定于2025年3月6日14:30在本院第三法庭开庭，请准时到庭。"
        "详情可登录 zxfw.court.gov.cn 查询。"
    )).verdict
    assert v.legitimacy.value == "likely_genuine"
    assert not {r.code for r in v.scam_signals} & {"authority_self", "rule.CN-IMP-001"}
    # The same case name with a look-alike address under someone else's domain is weighed as a link that is no
    # government site.
    fake = analyze(Message("【某某法院】你被诉借款合同纠纷一案明日开庭，详情登录zxfw.court.gov.cn.fy-case.top处理。")).verdict
    assert fake.legitimacy.value == "likely_scam"
    assert "link_not_gov" in {r.code for r in fake.scam_signals}
    # A mediator "will contact you": nothing is asked of the reader, so no call-back script.
    v = analyze(Message("【某某区人民法院诉前调解中心】张**，某某银行与你的借款纠纷已委派调解，调解员将于近日与你联系。")).verdict
    assert v.legitimacy.value != "likely_scam"



def test_a_code_request_quotes_the_whole_request_once():
    r = analyze(Message("您好，我是某某网贷的客服，您的借款需要重新认证，请将收到的验证码发送给我。"))
    code = next(s for s in r.verdict.scam_signals if s.code == "code_request")
    words = [s.text for s in code.spans]
    # the request is quoted up to its verb, not cut at 发, and 验证码 is not quoted again inside it
    assert words == ["收到的验证码发送给"]


# The same scripts said in other words (session 21 paraphrased real development messages and found these
# families judged by their wording); each text here is our own.
@pytest.mark.parametrize(("text", "verdict"), [
    # a purchase the reader never made, the debit stated before or after, and a number to ring about it
    ("昨天您在某百货购物7300元，结算日会从您的账户中扣走，如非本人消费请速拨6081****。", "likely_scam"),
    ("本月结账日将从您账户扣款3600元，是您在某商场的一笔消费，有疑问请致电1360234××××。", "likely_scam"),
    # medical-insurance scripts in other words
    ("您的医保资料不完整，近期将暂停您的使用权限，请及时补充。", "likely_scam"),
    ("您的医保账号须升级更新，本月底前点开××××办理。", "likely_scam"),
    # an account "stopped" unless verified through a link
    ("依规定微信必须实名，今晚12点前未完成的，账号所有功能都会被停掉，请打开XX网址办理。", "likely_scam"),
    # code texts that say "not you? ignore it" or "give it to no one" in their own words stay genuine
    ("【某某云】本次校验码是097143，10分钟内有效，任何人向您索要都不要给。", "likely_genuine"),
    ("【某某支付】不是您本人在操作的话请忽略。您正在进行身份核验，校验码940816，五分钟后过期。", "likely_genuine"),
    ("【某某银行】切勿把本短信内容告诉任何人！向尾号2497的账户汇款1200.00元需输入的动态码为：774752，120秒后作废。",
     "likely_genuine"),
    # a payment credited to the reader's own medical-insurance account
    ("【某市医保局】您的医保个人账户本月划入234.50元。", "likely_genuine"),
    # a court's own notices in other words: the parties' case, the judge and clerk, the judgment's duty
    ("本院已受理某某对你提起的借款合同纠纷诉讼，请与承办人联系：法官王某、书记员李某，电话0566-1234567。", "likely_genuine"),
    ("原告某某起诉你买卖合同纠纷一案已由我院立案，主审法官张某，书记员刘某。", "likely_genuine"),
    ("某某区人民法院提示：您已被本院列入失信被执行人名单，请尽快履行生效判决书所确定的给付义务。", "likely_genuine"),
    # a draw nobody entered, a like paid by the job, a loan "approved" to be paid out over a chat
    ("某某集团周年庆抽奖，您的号码幸运中得8万元奖金。", "likely_scam"),
    ("请在3日内带上身分证到XXX领取奖品，您已被抽中为本期得奖者！", "likely_scam"),
    ("点个赞就赚1到3元一单，一天轻松挣200，当天结算，零押金。", "likely_scam"),
    ("恭喜，您的借款审批已通过，请加微信号*******办理放款。", "likely_scam"),
    # a price list for deleting records, card details asked for a benefit, a parcel fee
    ("代偿记录删一条3000块，逾期记录删一条2000块，包过。", "likely_scam"),
    ("您好，这里是某某教育局，您家孩子可领取助学补贴，请发来银行卡号和身份证号，核对后给您打款3000元。", "likely_scam"),
    ("您的快递投递出现问题，请马上补交运费。", "likely_scam"),
])
def test_scripts_code_texts_and_court_notices_said_in_other_words(text, verdict):
    assert analyze(Message(text)).verdict.legitimacy.value == verdict, text


@pytest.mark.parametrize("text", [
    # a deadline for papers, a licence or an app account: "逾期" there is no debt
    "【某市场监管局】贵企业年报尚未提交，请于12月17日前登录 *** 填报，逾期执照将被注销。",
    "请于3月26日前登录 etc-yz.cc 重新核实资料，您的ETC认证已失效，逾期无法正常使用。",
    "逾期不办理视同放弃！税务局已核定您可退税1000元，请打开 www.xxx.com 办理。",
])
def test_a_paper_deadline_is_not_an_overdue_debt(text):
    assert "overdue_notice" not in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize(("text", "kind"), [
    ("我们的人下午三点会到你府上，就今天。", "visit_threat"),
    ("外勤人员将被派往您的住所或单位，因您的借款至今已逾期。", "visit_threat"),
    # written to the one who brought the borrower in
    ("由您推荐的借款人现已逾期未还，请您尽快处理一下。", "third_party_threat"),
    # this month's sum and the instalments left, said without 您
    ("本月应还金额820元，尚有5期待还。", "reminder"),
    ("本期分期账单请于12月20日之前按时还上。", "reminder"),
])
def test_visits_referrers_and_reminders_in_other_words(text, kind):
    assert kind in analyze(Message(text)).verdict.kinds, text


def test_a_joke_about_owing_the_boss_a_project_is_no_reminder():
    v = analyze(Message("哈哈哈今天老板说我欠他一个项目，下周一前必须还上，不然扣绩效😭")).verdict
    assert v.kinds == ("other",)


@pytest.mark.parametrize("text", [
    "请注意：2天后您的借款将到期，届时未还即算逾期，记得提前还上。",
    "本期账单696.66元将于2月1日到期扣款，借款逾期记录会报送至人民银行征信系统，请在到期日前存足。",
])
def test_what_would_count_as_late_is_a_reminder_not_an_overdue_notice(text):
    v = analyze(Message(text)).verdict
    assert "reminder" in v.kinds and "overdue_notice" not in v.kinds, text


@pytest.mark.parametrize(("text", "signal"), [
    # the landlord's or school's payee changed to a spouse's or "some" account
    ("我是房东，下个月起房租请汇到这个账户，开户人王某是我太太。", "new_account"),
    ("房租以后转这张卡就行，卡号6217……是我老公的，我是你房东。", "new_account"),
    ("各位家长，本学期资料费请汇至以下账号，教务处通知。", "known_person_transfer"),
    # points said to turn into cash on a page
    ("您的信用卡积分可折合现金300元，今日内登录网页即可兑换，过期作废。", "points_cash"),
    ("您在本行的积分马上清空，未兑换部分可按3%兑现，请尽快访问jf-bank.cc办理。", "points_cash"),
    # a refund or subsidy filed by scanning a code in the message
    ("单位统一为职工申报个税退税，请扫描下方二维码填写本人银行卡信息。", "subsidy_scan"),
    # the "rich wife seeks a healthy man" script
    ("本人32岁，先生经商，因他没有生育能力，想找一位健康男士，事成后付酬金30万，先联系。", "fertility_lure"),
    # a cancelled flight and a written-out number to ring at once
    ("您好，您明早的航班因天气停飞，请马上致电0755-2356xxxx办理退改。", "flight_change"),
    # a child on someone else's phone after the opening demand
    ("赶紧往这个卡打三万！妈，我出车祸了，手机摔坏了借别人的。", "emergency_transfer"),
])
def test_more_everyday_scripts_are_scams_with_their_reason(text, signal):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "likely_scam", (text, v.scam_risk)
    assert signal in {r.code for r in v.scam_signals}, (text, [r.code for r in v.scam_signals])


@pytest.mark.parametrize("text", [
    # the reader brought the case: a court's progress notice threatens nobody
    "【某某区人民法院】由您申请的(2025)某0102执1234号执行案件已立案，承办法官李**，进展可拨打12368查询。",
    # a carrier's warning listing what fraudsters claim
    "【某某运营商】提醒：不法分子会编造您或家人遭绑架、出事等情况要求转账，请提高警惕，切勿轻信。",
    # a temporary credit limit running out is no repayment due
    "【某某银行】您信用卡的临额将于后天到期，如需继续使用请回复#LE重新申请。",
])
def test_notices_about_cases_warnings_and_limits_are_ordinary(text):
    v = analyze(Message(text)).verdict
    assert v.kinds == ("other",), (text, v.kinds)
    assert v.legitimacy.value != "likely_scam"


def test_a_repayment_past_its_limit_is_overdue():
    assert "overdue_notice" in analyze(Message("您的还款已过期限，请尽快补上，以免影响信用记录。")).verdict.kinds


def test_a_banks_transfer_code_with_its_warning_is_no_urgent_transfer():
    v = analyze(Message("【某某银行】您的转账动态码：628410，2分钟内有效。您正向王**尾号5531账户转出800.00元。"
                        "请勿向任何人透露动态码，银行工作人员不会索取。")).verdict
    assert "urgent_payment" not in {r.code for r in v.scam_signals}


@pytest.mark.parametrize("text", [
    "请提供您的银行卡号和验证码以便核实。",
    "麻烦把你的卡号和短信验证码发过来核对一下。",
])
def test_a_card_number_asked_with_a_code_is_named_as_a_warning_sign(text):
    # Outside a debt it is a strong sign, not proof: banks' own reply commands ask for card digits and a code
    # too, and a real notice of that shape in the held-out part was called a scam when it weighed as proof.
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value in ("unclear", "likely_scam"), text
    assert any(s.code == "code_request" for s in v.scam_signals), text


@pytest.mark.parametrize("text", [
    "您已被列入金融诈骗名单，名下账户即将冻结。",
    "你名下银行账户涉及一起诈骗案，即将被冻结。",
    "您的身份被冒用开户，涉嫌非法集资。",
    # a caller who introduces themself as the court or the police and wants a key pressed or a call back
    "您好，我是XX法院的工作人员，你有一张传票今天送达，请按1转人工。",
    "这里是XX市公安局，你的银行卡涉嫌一起洗钱案，请立即回电。",
])
def test_the_reader_named_as_a_suspect_is_the_fake_police_opener(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value == "likely_scam", text
    assert any(s.code in ("criminal_accusation", "authority_self") for s in v.scam_signals), text


@pytest.mark.parametrize("text", [
    "谨防有人冒充公安，称您涉嫌洗钱。",
    "某公司涉嫌违规被立案调查。",
    "你已经被列入失信被执行人名单。",
    # a collector's overstated consequence is pressure, not the police script
    "下周一就提交到你户籍地法院，判下来之后你名下的银行卡全部冻结。",
])
def test_warnings_news_and_court_lists_are_not_the_fake_police_opener(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


@pytest.mark.parametrize(("text", "kind"), [
    ("不还钱就告诉所有亲戚。", "third_party_threat"),
    ("钱不还就把你的事发到家族群里。", "third_party_threat"),
    ("我司将派员核实你的居住地址。", "visit_threat"),
    ("我们将派专人核实你的住所情况。", "visit_threat"),
])
def test_threats_with_no_you_before_them_or_a_home_named_by_its_address(text, kind):
    assert kind in analyze(Message(text)).verdict.kinds, text


def test_a_friend_staying_over_is_still_no_visit_threat():
    assert "visit_threat" not in analyze(Message("周末我去你家住两天，记得收拾一下客房。")).verdict.kinds


@pytest.mark.parametrize("text", [
    "我们已经联系了你公司前台，让她转告你。",
    "你的紧急联系人李四表示不再为你担保，我们将联系你的其他亲属。",
    "通讯录已经导出，今晚八点开始群发。",
    "我们联系了你的前妻，她说你以前也这样，欠款到底什么时候还？",
    "再不还，你的照片和欠款金额会出现在你们小区的公告栏上。",
])
def test_third_parties_told_or_shown_in_more_words(text):
    assert "third_party_threat" in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize("text", [
    "我联系了你妈，她说你今天不回家吃饭。",
    # told the reader themself, not a third party
    "你嘅数拖咗成两个月，听日我哋同事会嚟你公司揾你，到时唔好话冇通知过你。",
])
def test_telling_the_reader_or_family_talk_is_no_third_party_threat(text):
    assert "third_party_threat" not in analyze(Message(text)).verdict.kinds, text


def test_a_notice_put_up_in_the_estate_is_no_one_standing_there():
    assert "visit_threat" not in analyze(Message("再不还，你的照片和欠款金额会出现在你们小区的公告栏上。")).verdict.kinds


@pytest.mark.parametrize("text", [
    "本月内结清可享受息费减免，过期不候。",
    "您的账户符合停催条件，还清本金即可结案。",
    "您的欠款已被纳入减免名单，还款后可出具结清证明。",
])
def test_settlement_offers_without_an_offer_word(text):
    v = analyze(Message(text)).verdict
    assert "settlement_offer" in v.kinds and v.legitimacy.value != "likely_scam", text


@pytest.mark.parametrize("text", [
    "请问您认识李四吗？他留的是您的号码，麻烦转告他回电。",
    "孙某某的家属你好，孙某某欠款已经三个月了，你们家里人管不管？",
])
def test_messages_to_a_debtors_contact_or_family_in_more_words(text):
    assert "third_party_threat" in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize("text", ["你的家人你好，今晚一起吃饭吧。", "他留的是你的电话，快递放门卫了。"])
def test_family_greetings_and_parcels_are_not_collection(text):
    assert "third_party_threat" not in analyze(Message(text)).verdict.kinds, text


def test_calling_until_the_reader_breaks_is_harassment_not_extortion():
    v = analyze(Message("别以为换了号码就没事，我们天天打到你崩溃。")).verdict
    assert "harassment" in v.kinds and v.legitimacy.value != "likely_scam"


@pytest.mark.parametrize(("text", "kind"), [
    ("你的欠款再不还，我们会让你在你们那一片出名。", "third_party_threat"),
    ("不要脸的东西，借钱的时候怎么不说没钱？", "harassment"),
])
def test_shaming_in_the_neighbourhood_and_abuse_over_the_borrowing(text, kind):
    assert kind in analyze(Message(text)).verdict.kinds, text


def test_money_sent_to_an_account_is_still_a_transfer():
    v = analyze(Message("钱打到这个账户：6222000011112222。")).verdict
    assert v.legitimacy.value == "likely_scam"


def test_a_boss_asking_to_be_added_on_a_new_account_is_the_impersonation_opener():
    v = analyze(Message("我是你们王总，明天上午来我办公室一趟，先加一下我新微信。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert any(s.code in ("new_number", "known_person_chat") for s in v.scam_signals)


@pytest.mark.parametrize("text", [
    # collectors claim the court or the police too, to press a debt, and they threaten to come
    "我是XX法院执行局的，你欠款的案子已经立案，明天上午我们和外访人员一起上门查封。",
    "你涉嫌合同诈骗，案件已移交，下周一外访人员上门调查。",
])
def test_a_collectors_claimed_court_or_crime_with_a_visit_is_a_bluff_not_the_police_script(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value != "likely_scam", text
    assert "visit_threat" in v.kinds, text


@pytest.mark.parametrize("text", [
    # paid "turnover" tasks with a sure gain, and a job that is never named but pays by the hour over QQ
    "每天准备本金100元至500元，我带你稳赚100元至150元，你帮我刷流水，十分钟见收益。",
    "一天200元以上，男生女生都要，可以一小时结算，50元/小时，感兴趣的加QQ了解。",
    # an overdraft the reader never made, with a number to call (the page cut the number)
    "中國銀行通知：貴用戶九月十六日家樂福透支九千柒百元，請您兩日內到中行網點繳款，電話……",
])
def test_task_jobs_and_the_fake_overdraft_are_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize("text", [
    "【招商银行】您的信用卡本月已透支5000元，当前可用额度3000元，客服电话95555。",
    "家教招聘：小学数学，100元/小时，有意请联系王老师。",
    "餐厅招服务员，男女不限，一天150元以上，包吃住，到店面试。",
])
def test_a_banks_own_overdraft_line_and_ordinary_job_adverts_are_not_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_genuine", text


def test_a_loan_debit_with_a_top_up_request_is_a_reminder():
    v = analyze(Message("【邮储银行】您尾号0593的储蓄账户将于11月10日扣还个人综合消费贷款本息3721.98元，"
                        "请在11月10日16:00之前补存3431.04元，以免影响信用记录。")).verdict
    assert v.kinds == ("reminder",)
    assert v.legitimacy.value == "likely_genuine"


@pytest.mark.parametrize("text", [
    # a bank's installment offer asks for the card's last four digits in the reply, as banks do
    "【中信信用卡】9折限时优惠！尾号2919的信用卡本期账单可申请分6期还款，请于03月18日前回复FQ+卡号后四位办理。退订回TD",
    # a repayment reminder that warns the bank may take a fee: a caution, not a charge claimed
    "【宜信公司】请您最晚在12月15日16点之前，将本月应还款1210.50元存入尾号3318的还款账户，同时注意银行可能扣收跨行"
    "存款费用、年费等。如需更换还款卡，请联系我们的工作人员。（农商贷400-818-9199）",
    "【宜信公司】本月还款1210.50元，截止12月15日16:00。银行有时会扣年费或异地跨行手续费，建议多存一点，换卡请与专员联系。",
    # a court's notice to whoever called a defaulter asks the reader nothing
    "某某市某某区人民法院提示：您刚才拨打电话的机主（按实名登记）系本院已公布的被执行人，已纳入失信名单，请您往来时多加防范",
    # a carrier's gift collected along a menu path in its own app
    "【中国移动云盘】送您的10GB免费流量还没领！2025年5月31日过期作废。领取方式：移动云盘App→我的→领奖专区→优惠卡券，"
    "或直接打开 https://c.139.com/m/a/s?p=HZKX 。回R退订",
    # a court's own mediation notice sends the reader to the courts' online platform
    "【北京市西城区人民法院】您与某银行的信用卡纠纷已进入诉前调解程序，调解员可协助双方协商分期还款方案，"
    "请于10日内登录人民法院在线服务平台确认是否同意调解。",
    # a shop's trade-in discount is a price cut, not money waiting to be claimed
    "【京东】618大促开启！家电以旧换新补贴至高2000元，夏季服饰满300减40，戳 3.cn/-Yt8 回TD退订",
])
def test_genuine_notices_that_share_a_scams_words_are_not_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


@pytest.mark.parametrize("text", [
    "【某某银行】本期账单可申请分期，请回复卡号和密码办理。",
    "我行将于本月扣收您的信用卡年费360元，如有疑问请致电0755-8888××××。",
    "某某区人民法院：你因网贷逾期已被起诉，明日开庭，请立即拨打0755-0000000联系本院处理。",
    # a tax refund "waiting" behind a link that is no government site
    "您尚有退税款8600元待领取，请进入税务机关指定网址(www.tax-refund.top)按步骤申请，过期作废。",
    "恭喜您获得家电补贴2000元，尚未领取，请点击 jd-butie.top 填写银行卡号领取。",
    # a benefit lost unless the reader goes to a site that is no government's (and a TLD few texts use)
    "您的医疗保险报销卡即将到期，八月一号前往www.tm2.ch补充核查，未补充将清除报销资格！",
    # an unnamed "bank" that puts the reader on a blacklist and gives an ordinary number to call
    "尊敬的客户，您尾号8812的信用卡逾期未还，我行即刻对您上报黑名单，请您及时联系0771-632****处理，后果自负。",
])
def test_the_same_words_in_a_scams_request_stay_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


@pytest.mark.parametrize("text", [
    "你的借款快逾期了，赶紧还",
    "明天就逾期了，赶紧还钱",
    "还有两天就要逾期了，钱准备好了吗，赶紧还上。",
])
def test_late_soon_said_bluntly_is_a_reminder_not_an_overdue_notice(text):
    assert analyze(Message(text)).verdict.kinds == ("reminder",), text


@pytest.mark.parametrize("text", ["你已经逾期3天了，快还", "你的借款快逾期3天了，赶紧还钱"])
def test_late_already_stays_overdue(text):
    assert "overdue_notice" in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize("text", [
    "你通讯录里87个人今晚都会收到你的欠款信息，自己想清楚",
    "紧急联系人：陈**（母亲）已于今日14:32收到协催通知。",
    "你的紧急联系人赵**今天接到了我们的电话，他说跟你不熟。你当初填他的时候问过人家没有？",
])
def test_a_count_a_clock_time_or_a_masked_name_does_not_hide_who_was_told(text):
    assert "third_party_threat" in analyze(Message(text)).verdict.kinds, text


@pytest.mark.parametrize("text", [
    # a named bank's overstated blacklist is pressure to question, not impersonation
    "【招商银行】您的信用卡已逾期，我行将把您列入黑名单，请尽快致电95555处理。",
    # an unnamed bank voice with an ordinary number but no blacklist: a caution, not a verdict
    "您尾号8812的信用卡本期账单已逾期，请联系我行客户经理0771-632****办理还款。",
])
def test_a_named_bank_or_no_blacklist_is_no_fake_bank_text(text):
    assert analyze(Message(text)).verdict.legitimacy.value != "likely_scam", text


@pytest.mark.parametrize("text", [
    "你呼叫的实名登记机主已被永州市冷水滩区人民法院公布为失信被执行人，请谨慎交往",
    "某某区人民法院提示：您刚才拨打电话的机主（按实名登记）系本院已公布的被执行人，已纳入失信名单，请您往来时多加防范",
])
def test_a_courts_notice_to_a_defaulters_callers_is_genuine_lawful_and_asks_nothing(text):
    r = analyze(Message(text))
    assert r.verdict.legitimacy.value == "likely_genuine"
    assert not [f.rule_id for f in r.findings if f.category == "legality"]
    assert [s.id for s in r.plan][0] == "court_caller"
    assert "不是催收" in "".join(k.text["zh"] for k in r.verdict.kind_reasons)


def test_a_fake_defaulter_notice_with_a_payment_code_is_no_court_notice():
    r = analyze(Message("你呼叫的机主已被法院公布为失信被执行人，解除请扫码付款。"))
    assert [s.id for s in r.plan][0] != "court_caller"


@pytest.mark.parametrize("text", [
    # a case number is easy to copy: a court that rushes the reader to a phone within hours is the script
    "【北京市朝阳区人民法院】传票：您因网贷逾期已被起诉，案号(2025)京0105民初12345号，请于24小时内致电010-56781234处理，"
    "否则将强制执行并冻结名下银行卡。",
    "(2025)沪0115执12345号，您的案件已进入执行程序，请24小时内联系执行法官 13812345678，否则冻结名下账户。",
    # the central bank's credit bureau "fixing" a record through a link
    "【中国人民银行征信中心】您的征信存在逾期记录，点击 http://zx-rh.cn 可免费修复。",
])
def test_fake_courts_and_credit_bureaus_with_a_case_number_or_a_link_are_scams(text):
    assert analyze(Message(text)).verdict.legitimacy.value == "likely_scam", text


def test_a_courts_real_service_text_and_a_collectors_24_hour_letter_are_no_court_scam():
    court = analyze(Message("【广西法院短信平台】环江县人民法院向您发送了（2026）桂1226民初420号案件相关文书，"
                            "文书详见:http://171.106.48.55:28083/sfsdw//r/YbXWaDAj4a")).verdict
    assert court.legitimacy.value != "likely_scam"
    letter = analyze(Message("【XX法务部】您在我平台借款逾期已达180天，拟于3个工作日内移交当地人民法院立案。"
                             "请于收到本告知函后24小时内联系处理。")).verdict
    assert letter.legitimacy.value == "likely_bluff"


def test_a_state_body_in_the_signature_is_not_taken_for_the_lender():
    r = analyze(Message("【中国人民银行征信中心】您的征信存在逾期记录，点击 http://zx-rh.cn 可免费修复。"))
    drafts = "".join((s.draft or {}).get("zh", "") for s in r.plan)
    assert "我在【中国人民银行征信中心】名下" not in drafts


def test_a_violent_threat_puts_safety_first_and_is_never_just_pressure():
    r = analyze(Message("再不还钱，今晚我们就带人去你家，打断你的腿，你老婆孩子也别想好过。",
                        received_at=datetime(2025, 2, 26, 20, 0)))
    assert r.plan[0].id == "safety_first" and "110" in r.plan[0].action["zh"]
    assert "violence_serious" in [x.code for x in r.verdict.legitimacy.reasons]


def test_a_collector_said_to_be_at_the_door_gets_the_door_steps_first():
    r = analyze(Message("你已逾期，我们的人已经在你家楼下了。", received_at=datetime(2025, 2, 26, 10, 30)))
    assert r.plan[0].id == "visit_rights"
    codes = [x.code for x in r.verdict.visit_credibility.reasons]
    assert "said_now" in codes and "no_time" not in codes


def test_a_message_in_english_is_not_given_false_comfort():
    r = analyze(Message("Dear customer, your loan is 30 days overdue. Our agents will visit your home tomorrow at 3pm "
                        "unless you pay 5000 yuan today. Call 13800001111."))
    assert r.verdict.legitimacy.value == "unclear"
    assert "不是中文" in r.verdict.kind_reasons[0].text["zh"]
    assert "No collection wording" not in r.verdict.kind_reasons[0].text["en"]


@pytest.mark.parametrize("text", ["不还钱就把你的欠款信息发到你们村的微信群里", "再不还就把你的照片发给你通讯录所有人"])
def test_posting_the_debt_for_others_to_see_names_the_public_exposure_rule_not_insults(text):
    rules = [f.rule_id for f in analyze(Message(text)).findings if f.category == "legality"]
    assert "CN-PRIV-001" in rules and "CN-INSULT-001" not in rules


def test_what_a_suit_may_cost_is_no_collection_fee_but_a_fee_asked_for_is():
    warned = analyze(Message("【安逸花】您的借款已逾期92天，3日内将向您户籍地法院提起诉讼，届时将产生诉讼费及律师费，"
                             "请于本月25号前结清。")).findings
    assert "CN-FEE-001" not in [f.rule_id for f in warned]
    asked = analyze(Message("您的借款已逾期，案件已转法务，需支付律师费和撤诉费2000元。")).findings
    assert "CN-FEE-001" in [f.rule_id for f in asked]


def test_a_text_to_the_borrowers_mother_that_would_call_the_village_committee_is_no_visit_and_no_repayment_plan():
    r = analyze(Message("张阿姨您好，您儿子李强在我司借款15000元已逾期60天，拒不还款。他留的紧急联系人是您，请您转告他今天之内"
                        "还清，否则我们将联系他单位领导和村委会，后果自负。联系人：王经理 13912345678"))
    assert "visit_threat" not in r.verdict.kinds and "third_party_threat" in r.verdict.kinds
    ids = [s.id for s in r.plan]
    assert ids[0] == "not_your_debt" and "visit_rights" not in ids
    text = "".join(s.action["zh"] for s in r.plan)
    assert "保留还款凭证" not in text and "借款给你的机构" not in text


def test_going_to_the_village_committee_is_still_a_visit():
    assert "visit_threat" in analyze(Message("你再不还，明天我们去你们村委会核实情况。")).verdict.kinds


def test_a_credit_repair_advert_gets_no_debt_check_and_no_lender_complaint():
    r = analyze(Message("征信修复、逾期记录消除，专业团队，内部渠道，3天见效，不成功不收费。加微信 zx88866 咨询。"))
    ids = [s.id for s in r.plan]
    assert ids[0] == "stop_scam" and "verify_official" not in ids and "complain" not in ids
    # a scam that claims a debt still sends the reader to check it
    r = analyze(Message("您的借款已逾期，请转账到以下账户 6222 0000 1111 2222 张三，否则上门。"))
    assert "verify_official" in [s.id for s in r.plan]


def test_a_calm_notice_from_a_personal_mobile_naming_no_lender_is_not_called_genuine():
    v = analyze(Message("您好，您的借款已逾期5天，请尽快处理。", sender="13800000000")).verdict
    assert v.legitimacy.value == "unclear"
    assert "personal_sender" in [r.code for r in v.legitimacy.reasons]
    # the same words with no sender given stay a plain notice
    assert analyze(Message("您好，您的借款已逾期5天，请尽快处理。")).verdict.legitimacy.value == "likely_genuine"


@pytest.mark.parametrize("text", ["征信修复、逾期记录消除，不成功不收费。加微信 zx88866 咨询。", "网贷逾期？加微信 wd12345 帮你协商"])
def test_a_chat_handle_is_shown_as_written_not_read_as_pinyin_or_a_mask(text):
    handles = [e.value for e in analyze(Message(text)).elements if e.type == "account" and e.role == "wechat"]
    assert handles == [text.split("微信 ")[1].split(" ")[0]]


@pytest.mark.parametrize("text", [
    "小心你的狗命，三天内把钱还上。",
    "再不还钱，让你见不到明天的太阳。",
    "钱不还，你的车和店面哪天着火了可别怪我们。",
    "你家孩子放学路上可要看好了，欠的钱别拖了。",
    "你家那辆白色大众停在3号楼下我们清楚得很，出门最好多留个心眼，钱赶紧处理了。",
    "最近晚上走夜路小心一点，欠债不还的人运气一般都不太好。",
    "你女儿每天几点放学、走哪条路，我们都知道，你自己看着办。",
])
def test_threats_to_life_home_or_child_in_other_words_are_harassment_with_safety_first(text):
    r = analyze(Message(text))
    assert "harassment" in r.verdict.kinds, text
    assert r.verdict.legitimacy.value != "likely_genuine"
    assert r.plan[0].id == "safety_first", [s.id for s in r.plan]


@pytest.mark.parametrize("text", ["晚上走夜路注意安全，到家给我发个消息。", "孩子放学路上注意安全，我今天晚点回家。"])
def test_care_for_someones_safety_is_not_a_threat(text):
    assert analyze(Message(text)).verdict.kinds == ("other",)


@pytest.mark.parametrize("text", [
    "【度小满】我司从不上门催收，也不会委托任何个人收取还款，如遇自称我司人员要求转账，请立即报警。",
    "【招联金融】防骗提醒：招联金融不会通过个人手机号、微信联系您办理停息挂账、注销账户，请拨打95786核实。",
])
def test_a_lenders_own_anti_fraud_notice_is_neither_a_threat_nor_an_offer(text):
    v = analyze(Message(text)).verdict
    assert v.kinds == ("other",) and v.legitimacy.value == "likely_genuine", (v.kinds, v.legitimacy.value)


@pytest.mark.parametrize("text", [
    "【招联金融】您的借款已逾期，现可申请停息分期，名额有限，请致电专员 0571-86223391 办理，逾期不办理将按规定上报。",
    "【京东金融】您的白条已逾期，现有一次性减免名额，请尽快拨打专属客服 400-6688-152 办理，过期作废。",
])
def test_relief_sold_as_scarce_by_phone_is_never_called_genuine(text):
    v = analyze(Message(text)).verdict
    assert v.legitimacy.value != "likely_genuine" and "scarce_relief" in [r.code for r in v.scam_signals]


def test_a_dated_settlement_offer_and_a_reply_for_id_and_card_expiry():
    dated = analyze(Message("【某某资产】关于您的欠款，现推出限时减免政策：11月30日前一次性还款6,800元即可结清，详询400-000-0038。")).verdict
    assert "scarce_relief" not in [r.code for r in dated.scam_signals]
    asked = analyze(Message("【招商银行】您尾号6821的信用卡已逾期，可申请最低还款减免，请回复本短信您的身份证号及卡片有效期办理。"))
    assert asked.verdict.legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    "【微众银行】您的微粒贷已于03月10日还款成功，本期还款1,025.60元，剩余待还0.00元，感谢使用。",
    "【交通银行】您申请的账单分期已成功办理，分12期，每期应还862.50元，首期将计入下期账单。",
])
def test_receipts_are_not_reminders_or_offers(text):
    r = analyze(Message(text))
    assert r.verdict.kinds == ("other",)
    assert not {"pay_on_time", "negotiate"} & {s.id for s in r.plan}


def test_an_approved_hardship_plan_is_still_relief():
    v = analyze(Message("【招商银行】您申请的信用卡个性化分期已审核通过，分60期，每期应还1,089.20元，首期还款日08月18日。")).verdict
    assert "settlement_offer" in v.kinds


def test_door_steps_fit_who_is_visited_and_where():
    relative = analyze(Message("刘阿姨，您儿子欠我司的钱逾期三个月了，明天上午我们要去您家里找他。"))
    step = next(s for s in relative.plan if s.id == "visit_rights").action["zh"]
    assert "只通过官方渠道还款" not in step and "不要替借款人付任何钱" in step
    work = analyze(Message("你已逾期，我们的人已经在你公司楼下了。"))
    step = next(s for s in work.plan if s.id == "visit_rights").action["zh"]
    assert "隔着门" not in step
