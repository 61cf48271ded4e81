"""Fraud families an eighth round of new-user sets found (bench/probes/train31.yaml: everyday fraud across thirty-odd
families): a repayment asked into a personal payment code, a loan fee "refunded after payout", paid debt agents who
"deal with the lenders for you", shop-sales and follow tasks, fixed returns and inside allocations, gift-card serials
for a "boss", a relative's emergency in Cantonese, a recording "deleted" for a fee. Each case is our own wording of
the family, not a probe's text; seven failed before the fix, and the rest (other wordings of the same families, and
the look-alikes) guard against a regression or an over-reach."""

from __future__ import annotations

import pytest

from dunguard import Message, analyze


def _verdict(text: str):
    return analyze(Message(text), with_plan=False).verdict


def _scam(text: str) -> bool:
    return _verdict(text).legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    "你在某某花的欠款已逾期，今天下班前扫我发的微信收款码还清1500元，否则通知你家人。",
    "閣下欠款已逾期，請即將款項存入以下個人戶口：匯豐 123-***-***789 李**。",
])
def test_a_debt_to_be_paid_into_a_personal_payment_code_or_account_is_a_scam(text):
    assert _scam(text)


def test_a_shops_payment_code_at_the_counter_is_no_scam():
    assert not _scam("【某某超市】您可在收银台扫商家收款码付款，满100元减10元。")


@pytest.mark.parametrize("text", [
    "恭喜您的贷款已审批通过，需先支付600元风险保证金，放款后全额退还。",
    "快速貸款免抵押，手續費需先匯款，款項即日到賬。",
    "您的平台收益已到账，但提现需要先交20%的手续费才能出款。",
])
def test_a_fee_paid_before_a_loan_or_a_withdrawal_is_a_scam(text):
    assert _scam(text)


def test_a_banks_loan_with_fees_taken_from_the_payout_is_no_scam():
    text = "【某某银行】您的个人消费贷款已放款10000元至尾号1234账户，手续费已从放款金额中扣除，详见手机银行。"
    assert not _scam(text)


def test_a_paid_agent_who_deals_with_the_lenders_for_you_is_a_scam():
    assert _scam("信用卡网贷还不起？我们帮你跟各家银行协商停息分期，专业团队一对一，前期服务费998元。")


def test_a_lender_offering_its_own_plan_is_no_scam():
    text = "【某某消费金融】您的借款已逾期，可在App内申请分期还款方案，我司不收取任何费用。"
    assert not _scam(text)


@pytest.mark.parametrize("text", [
    "在家兼职：帮网店商家下单冲销量，每单佣金10元起，当天结算，加微信了解。",
    "关注8个抖音账号截图发我就返现15元，做完马上到账。",
])
def test_paid_sales_lifting_and_follow_tasks_are_scams(text):
    assert _scam(text)


@pytest.mark.parametrize("text", [
    "老师带你炒股，月收益25%，今晚进VIP群领取明日牛股。",
    "内部额度保本保息，只对会员群开放认购，详情私聊助理。",
    "比特币合约跟单，每周稳定赚8%，我带你操作，加我微信。",
])
def test_fixed_returns_and_inside_allocations_are_investment_scams(text):
    assert _scam(text)


def test_a_banks_wealth_product_notice_is_no_scam():
    text = "【某某银行】您购买的理财产品已到期，本金及收益已转入您尾号1234的账户，历史业绩不代表未来表现。"
    assert not _scam(text)


def test_gift_card_serials_for_a_boss_are_a_scam():
    assert _scam("小陈，我是刘总，在开会不方便接电话，帮我买4张苹果礼品卡，刮开把序列号拍给我，回头报销。")


def test_a_relatives_emergency_in_cantonese_with_a_transfer_is_a_scam():
    assert _scam("你個女喺學校暈低咗，而家喺醫院要做手術，醫院要先交按金兩萬，請即轉賬到以下戶口。")


def test_a_relative_in_hospital_without_money_asked_is_no_scam():
    assert not _scam("妈，爸今天入院做个小手术，医生说很顺利，你不用担心。")


def test_a_recording_deleted_for_a_fee_is_blackmail():
    v = _verdict("你昨晚视频聊天的录像在我手上，想让我删掉就一次性收费八千，不然发给你通讯录的人。")
    assert v.legitimacy.value == "likely_scam"
    assert any(r.code == "blackmail" for r in v.scam_signals)


def test_a_courier_saying_it_never_uses_a_claim_to_ask_for_a_code_is_genuine():
    # The warning names the script (以理赔为由索要验证码) to refuse it; before the fix it scored 100 as that very scam.
    text = "【某某快递】您的包裹已放在门口，如有问题请联系官方客服，本公司不会以理赔为由索要验证码。"
    assert _verdict(text).legitimacy.value == "likely_genuine"


def test_a_shop_agent_offering_a_claim_for_a_code_stays_a_scam():
    assert _scam("您好，我是某宝售后，您买的商品有质量问题，我们给您理赔，请把收到的验证码告诉我。")


# --- the phone's own time line above a pasted message ---------------------------------------------------------


def test_the_phones_time_line_in_a_paste_is_read_as_the_received_time():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from dunguard.ingest.text import received_from_paste

    now = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    at, line = received_from_paste(["中国移动 4G", "昨天 21:30"], now)
    assert line == "昨天 21:30" and (at.month, at.day, at.hour, at.minute) == (12, 6, 21, 30)
    at, _ = received_from_paste(["12月5日 下午3:20"], now)
    assert (at.day, at.hour) == (5, 15)


@pytest.mark.parametrize("extra", [["星期六 09:10"], ["明天 10:00"], ["10086"], ["12月"]])
def test_no_received_time_from_a_future_or_partial_time_line(extra):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from dunguard.ingest.text import received_from_paste

    # (2026-12-07 is a Monday: the phone's "星期六" meant the one before, which the line cannot tell)
    assert received_from_paste(extra, datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))) is None


def test_analyze_dates_the_visit_from_the_pasted_time_line_and_says_so(run_cli, tmp_path):
    paste = tmp_path / "paste.txt"
    paste.write_text("昨天 21:30\n【某某贷】您的借款已逾期15天，我们将于明天上午10点上门拜访，请提前准备。\n", encoding="utf-8")
    code, out, _ = run_cli("analyze", "--file", str(paste))
    assert code == 0
    assert "收到时间取自粘贴内容里手机显示的“昨天 21:30”" in out and "未提供收到时间" not in out
    code, out, _ = run_cli("analyze", "--file", str(paste), "--received-at", "2026-12-01T08:00")
    assert code == 0 and "2026-12-02" in out and "取自粘贴内容" not in out


def test_the_web_page_dates_a_pasted_message_by_the_phones_time_line_and_says_so():
    from fastapi.testclient import TestClient

    from dunguard.web.app import create_app

    client = TestClient(create_app(), base_url="http://127.0.0.1:8000")
    client.get("/")
    token = client.cookies["dg_csrf"]
    paste = "昨天 21:30\n【某某贷】您的借款已逾期15天，我们将于明天上午10点上门拜访，请提前准备。"
    r = client.post("/", data={"text": paste, "csrf_token": token})
    assert r.status_code == 200
    assert "取自粘贴内容里手机显示的“昨天 21:30”" in r.text and "未提供收到时间" not in r.text


# --- a small bank that writes its name without brackets ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    "长沙农商银行提醒您：您尾号1234的贷款已逾期3天，请尽快存入足额资金。",
    "您的贷款本期已逾期，请尽快到网点或手机银行还款。长沙农村商业银行",
])
def test_a_bank_named_without_brackets_is_not_said_to_name_no_creditor(text):
    report = analyze(Message(text), with_plan=False)
    assert "CN-ID-001" not in {f.rule_id for f in report.findings}


def test_a_masked_bank_name_still_names_no_creditor():
    report = analyze(Message("某某银行提醒您：您的贷款已逾期，请尽快还款。"), with_plan=False)
    assert "CN-ID-001" in {f.rule_id for f in report.findings}


# --- links that pass for a bank's or a government's -------------------------------------------------------------


def test_a_known_banks_name_over_a_cheap_domain_is_phishing_even_with_its_guard_words():
    v = _verdict("【招商银行】您的信用卡存在异常交易已被临时冻结，如非本人操作，请访问 cmb-unlock.top 解除。")
    assert v.legitimacy.value == "likely_scam"
    assert any(r.code == "link_cheap_signed" for r in v.scam_signals)


def test_gov_spelt_into_a_non_government_host_is_phishing():
    v = _verdict("卫生署提示：阁下的接种记录需要更新，请登入 vaccine-gov-hk.com 核对资料。")
    assert v.legitimacy.value == "likely_scam"
    assert any(r.code == "link_fake_gov" for r in v.scam_signals)


@pytest.mark.parametrize("text", [
    "【国家税务总局】个税年度汇算请登录 etax.chinatax.gov.cn 或个人所得税App办理。",
    "IRS reminder: file online at www.irs.gov before April 15.",
])
def test_real_government_hosts_are_not_fake(text):
    assert not any(r.code == "link_fake_gov" for r in _verdict(text).scam_signals)


def test_a_stolen_account_then_money_to_advance_is_a_scam():
    assert _scam("是我阿杰，微信被封了先加这个，能先帮我垫付一下1500的货款吗？")


def test_a_stolen_account_with_no_money_asked_is_no_scam():
    assert not _scam("我QQ被盗了，用这个号跟你说一声，别信之前那个号发的任何消息。")


# --- genuine notices that read as threats or scams (qa17) --------------------------------------------------------


def test_a_courts_refund_to_the_account_the_reader_gave_is_genuine():
    text = "【某某区人民法院】您申请的诉讼费退费已办理完毕，款项将在7个工作日内退回至您提供的银行账户，如有疑问请拨打12368。"
    v = _verdict(text)
    assert v.legitimacy.value != "likely_scam" and v.scam_risk < 40


def test_asking_for_a_card_number_is_still_a_request():
    assert _scam("请提供您的银行卡号和密码，我们为您办理减免。")


@pytest.mark.parametrize("text", [
    "【某某中学】各位家长：本学期校服费180元，请于本月20日前在缴费平台缴纳，逾期未缴的请联系班主任。",
    "社区通知：2027年度居民医保开始缴费，请于12月底前缴纳，逾期不缴将影响明年报销。",
])
def test_a_fee_deadline_with_what_happens_if_late_is_no_overdue_debt(text):
    assert "overdue_notice" not in _verdict(text).kinds


def test_a_real_utility_arrears_is_still_overdue():
    assert "overdue_notice" in _verdict("您的电费已逾期未缴，将于明日停电，请尽快缴纳。").kinds


def test_a_banks_anti_fraud_warning_quoting_relief_offers_offers_nothing():
    text = "【某某银行】温馨提示：近期有不法分子冒充银行及催收人员，以“减免利息”“停息挂账”为由诱导转账，请通过官方渠道办理业务。"
    assert "settlement_offer" not in _verdict(text).kinds


# --- harassment as people quote it (qa17) -------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "钱再拖着不还，我找人收拾你，别说没提醒。",
    "欠债不还是吧，你的死期快到了，自己掂量。",
    "你家那个水果店生意不错，哪天被人砸了可别怪谁，钱也该还了。",
    "逾期这么久了，你那些照片都在我手上，后果你懂的。",
    "不还钱是吧，你的手机号已经挂到好几个交友网站上了，等着接电话吧。",
])
def test_threats_as_borrowers_quote_them_are_harassment(text):
    assert "harassment" in _verdict(text).kinds


def test_a_friend_asking_about_a_shop_is_no_threat():
    assert "harassment" not in _verdict("你家那个水果店生意不错啊，周末我带朋友去买点。").kinds


@pytest.mark.parametrize("text", [
    "阿姨您好，您女儿在我们平台的欠款一直没还，您当妈的劝劝她，尽快处理。",
    "你妈的手机号我们有，欠款的事你自己看着办。",
])
def test_a_mother_named_is_no_curse(text):
    r = analyze(Message(text), with_plan=False)
    assert "CN-INSULT-001" not in {f.rule_id for f in r.findings}


def test_the_curse_itself_is_still_abuse():
    r = analyze(Message("妈的，欠钱不还还拉黑我，你等着。"), with_plan=False)
    assert "CN-INSULT-001" in {f.rule_id for f in r.findings}


def test_the_limitation_step_says_when_the_years_are_only_the_messages_claim():
    from dunguard.model import Context

    text = "【某某贷】您的借款已逾期4年，欠款本息合计18000元，请于本周内还清，否则将起诉。"
    step = next(s for s in analyze(Message(text)).plan if s.id == "limitation")
    assert "短信说这笔欠款已逾期约4年（未经你确认" in step.action["zh"]
    own = next(s for s in analyze(Message(text), Context(days_overdue=1500)).plan if s.id == "limitation")
    assert own.action["zh"].startswith("这笔欠款已逾期约4年")


# --- loan-system templates (qa18) -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "【某某金融】尊敬的客户，您为李某提供担保的借款5000元已逾期10天，请督促借款人还款或履行担保责任。",
    "【某某金融】担保人通知：借款人王某未按期还款，根据担保合同，您需承担连带还款责任。",
])
def test_a_claim_on_the_guarantor_cites_no_third_party_rule(text):
    # (whether such a notice is a "third party" kind is left to the labellers, who differ; no rule is broken by it)
    r = analyze(Message(text), with_plan=False)
    assert not {"CN-3P-001", "CN-3P-002"} & {f.rule_id for f in r.findings}
    assert r.verdict.legitimacy.value != "likely_scam"


def test_being_told_to_freeze_your_own_account_is_no_legal_threat():
    r = analyze(Message("【某某钱包】您的登录密码已修改成功，如非本人操作请立即冻结账户。"), with_plan=False)
    assert "legal_threat" not in r.verdict.kinds and "CN-LEGAL-002" not in {f.rule_id for f in r.findings}


@pytest.mark.parametrize("text", [
    "【某某借款】您的账单今日到期，请尽快还款，逾期将产生罚息并影响个人征信。",
    "【某某借款】今日扣款未成功，您的账单将于今晚24点后逾期，请尽快处理。",
    "您好，系统代扣1,200.00元失败，请检查银行卡状态或更换还款卡。【某某借款】",
])
def test_a_bill_due_or_a_failed_debit_is_a_reminder_not_an_overdue_notice(text):
    kinds = _verdict(text).kinds
    assert "reminder" in kinds and "overdue_notice" not in kinds


def test_a_late_loan_paid_off_is_no_overdue_notice():
    assert "overdue_notice" not in _verdict("【某某借款】您的逾期借款已还清，逾期记录将按规定报送征信系统更新。").kinds


def test_the_api_dates_a_pasted_message_by_the_phones_time_line_as_the_cli_does():
    from fastapi.testclient import TestClient

    from dunguard.web.app import create_app

    client = TestClient(create_app(), base_url="http://127.0.0.1:8000")
    paste = "昨天 21:30\n【某某贷】您的借款已逾期15天，我们将于明天上午10点上门拜访，请提前准备。"
    body = client.post("/api/analyze", json={"text": paste}).json()
    assert body["message"]["received_at"] is not None
    visit = [e for e in body["elements"] if e["type"] == "time" and e.get("role") == "visit"]
    assert visit and visit[0]["resolved"] is True
    # A time given by the caller wins over the screen's line.
    body = client.post("/api/analyze", json={"text": paste, "received_at": "2026-12-01T08:00"}).json()
    assert body["message"]["received_at"].startswith("2026-12-01T08:00")
