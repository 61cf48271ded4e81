"""Everyday notices and their smishing look-alikes, found by a ninth new-user set (bench/probes/qa19.yaml: parcels,
points, household bills, traffic fines, tax refunds, bank and shop notices, card-limit and loan offers). Each case is
our own wording of a family, not a probe's text; the look-alikes guard against an over-reach."""

from __future__ import annotations

import pytest

from dunguard import Message, analyze


def _verdict(text: str):
    return analyze(Message(text), with_plan=False).verdict


def _scam(text: str) -> bool:
    return _verdict(text).legitimacy.value == "likely_scam"


# --- a courier's own notice that points only to its app and its 95 line -----------------------------------------


@pytest.mark.parametrize("text", [
    "【圆通速递】您好，您的快件因收件地址不详暂无法派送，请在圆通App中修改地址或致电95554，已处理请忽略。",
    "【韵达快递】您的包裹派送失败，请打开韵达快递小程序核实地址，客服95546。",
])
def test_a_couriers_signed_notice_with_only_its_app_and_95_line_is_not_a_scam(text):
    assert _verdict(text).legitimacy.value != "likely_scam"


def test_the_same_pretext_with_a_mobile_to_ring_stays_suspect():
    v = _verdict("您的包裹因地址不详无法派送，请尽快联系派送员13912345678核实地址。")
    assert v.scam_risk >= 50


# --- things that expire are not repayments falling due -----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "【工商银行】您的信用卡积分3200分将于本月底到期，可登录工银e生活兑换礼品。",
    "【爱奇艺】您的黄金会员将于2027年1月3日到期，可在App内续费。",
    "【农业银行】您在我行预留的身份证件已于2026年11月30日到期，请携带新证件到网点更新。",
    "【ETC】您的记账卡11月通行费86.00元将于12月15日从绑定账户扣款。",
])
def test_points_memberships_papers_and_tolls_that_expire_are_not_repayment_reminders(text):
    assert "reminder" not in _verdict(text).kinds


def test_a_card_bill_falling_due_is_still_a_reminder():
    v = _verdict("【交通银行】您的信用卡本期账单将于12月20日到期，最低还款额300元，请按时还款。")
    assert "reminder" in v.kinds


# --- a utility's bill or refund handled through one person's phone or QQ ----------------------------------------


@pytest.mark.parametrize("text", [
    "【南方电网】您家电费已拖欠两个月，今晚将停电，请马上联系收费专员13712345678补缴。",
    "【自来水公司】您户水费多收了460元，请加核算员QQ 2876543210办理退款。",
    "【车管所】您驾照已扣满12分，即将吊销，可联系13698765432代消分，每分150元。",
])
def test_a_utility_bill_or_refund_or_points_sold_through_a_personal_line_is_a_scam(text):
    assert _scam(text)


@pytest.mark.parametrize("text", [
    # a power station's outage notice gives its electrician's mobile: no money is asked
    "【供电所】12月9日8:00-17:00线路检修停电，如有疑问请联系王师傅13812345678。",
    # a water company's meter reader, with no bill to pay through him
    "【水务公司】本周五上门抄表，如家中无人请联系抄表员13812345678另约时间。",
])
def test_a_utility_giving_a_staff_mobile_with_no_money_asked_is_not_called_a_scam(text):
    assert not _scam(text)


# --- asked to reply with an ID number to keep a number alive -----------------------------------------------------


def test_an_id_number_asked_by_reply_to_cure_an_expired_real_name_is_a_scam():
    assert _scam("【通知】您的号码实名认证已失效，明日将停机，请直接回复姓名和身份证号码重新认证。")


def test_a_code_that_expires_with_a_reply_to_unsubscribe_is_not():
    assert not _scam("【某某App】验证码482913，5分钟内有效，过期失效，请勿泄露。回复TD退订。")


# --- fees that "unlock" a loan or a higher limit -----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "【某某金融】您的备用金3万元已下发，请缴纳账户保证金900元激活后领取。",
    "专业提额，信用卡额度提高到8万，先收取手续费600元，加微信办理。",
])
def test_a_fee_to_unlock_a_loan_or_a_card_limit_is_a_scam(text):
    assert _scam(text)


def test_a_banks_own_limit_raise_with_no_fee_is_not():
    assert not _scam("【建设银行】您的信用卡固定额度已调整为5万元，无需任何费用，详询95533。")


# --- credit repair in Taiwan's words ------------------------------------------------------------------------------


def test_taiwan_credit_bureau_repair_is_a_scam_script():
    assert _scam("專辦聯徵洗白，呆帳協商一次處理，保證過件，加LINE詳談。")


# --- a "collection account" held by a named person ------------------------------------------------------------------


def test_a_debt_to_be_wired_to_a_named_persons_card_is_a_scam():
    assert _scam("您的欠款已转由我司代收，请今日内转账至代收账户：工商银行 6222****1234 李**，逾期后果自负。")


def test_a_transfer_report_to_a_card_is_not():
    assert not _scam("【工商银行】您尾号5566的账户12月3日转账至6222****1234，金额500元。")


# --- a brand's name over a hyphenated cheap domain ------------------------------------------------------------------


def test_a_brand_over_a_hyphenated_cheap_domain_is_phishing():
    assert _scam("【美团】您已开通美团月付会员，每月扣费399元，如需关闭请登录 mt-pay.cn-close.top 操作。")


# --- a sum to wire "for me", paid back later ------------------------------------------------------------------------


def test_a_sum_to_wire_for_the_sender_to_be_paid_back_is_read_as_a_borrow_request():
    v = _verdict("急事，先帮我往这张卡上转2000，下周一定还你。")
    assert "borrow_request" in {r.code for r in v.scam_signals}
    # a caution to check with the person, not a verdict of fraud on a message a real friend also sends
    assert v.legitimacy.value != "likely_scam"


# --- collection-dress scams from the read sets (qa5-qa16) --------------------------------------------------------


def test_a_company_account_with_a_persons_name_as_payee_is_a_personal_account():
    # (the space before 收款人 is moved by normalising; the payee must still be read)
    v = _verdict("【某某科技】您的欠款3,200元已转我司处理，请今日内转入对公账户 收款人：王**，卡号6222****1188，工商银行。")
    assert "personal_account" in {r.code for r in v.scam_signals} and v.legitimacy.value == "likely_scam"


def test_a_settlement_paid_by_scanning_the_writers_own_code_is_a_scam():
    assert _scam("你的欠款可以减免一半，只要今天扫我这个收款码付800就结清。")


def test_a_merchants_own_payment_code_notice_is_not_a_personal_account():
    v = _verdict("【收钱吧】您的商家收款码已开通，顾客扫码付款将实时到账。")
    assert "personal_account" not in {r.code for r in v.scam_signals}


def test_collection_stopped_for_a_fee_however_it_is_worded_is_a_scam_script():
    assert _scam("网贷催收太烦？本团队帮您快速停催，律师协商，收费888元。")


@pytest.mark.parametrize("text", [
    "【某某借】您的账户存在异常，请登录 mjb-kefu.com 完成身份复核，否则额度将被冻结。",
    "【分期乐】您的额度即将冻结，点击 https://fql-safe.cn/a 下载新版APP验证身份。",
])
def test_a_brand_over_a_service_word_hyphened_domain_is_phishing(text):
    assert _scam(text)


def test_a_plain_hyphenated_news_domain_is_not_a_sign():
    v = _verdict("今日要闻请见 china-daily.com.cn，退订回T。")
    assert not {r.code for r in v.scam_signals} & {"link_cheap_signed", "link_risky_host"}


# --- a relative named first, asking for money sent to a friend's account -------------------------------------------


@pytest.mark.parametrize("text", [
    "舅舅是我，我在外地出了点事，你能不能先转5000到我同学的卡上？过两天还你。",
    "表姐係我呀，出咗少少事，可唔可以轉住$3,000俾我朋友個戶口？聽日還你。",
])
def test_a_relative_named_first_asking_for_money_to_a_friends_account_is_a_scam(text):
    assert _scam(text)


def test_a_sibling_saying_it_is_them_with_no_money_asked_is_not():
    assert not _scam("姐，是我，换了个新手机号，周末回家吃饭。")


# --- a visit "to find out" from the reader's people, and relatives said to have been talked to --------------------


def test_a_visit_to_ask_the_family_about_the_reader_is_still_a_visit():
    # (了解一下情况 had read as an advert's "learn more", which dropped the visit)
    v = _verdict("明天我们同事去你老家 找你父母和村干部了解一下情况 你要是不想家里人难堪就今天把钱还了")
    assert "visit_threat" in v.kinds and "third_party_threat" in v.kinds


def test_an_advert_inviting_one_to_learn_more_is_not_a_visit():
    assert "visit_threat" not in _verdict("欢迎来店了解一下，师傅可免费上门测量。").kinds


def test_a_relative_said_to_have_been_talked_to_and_to_pay_part_is_a_third_party_threat():
    v = _verdict("你二姑那边我们也聊过了，她说可以帮你还一部分，剩下的你自己看着办。")
    assert "third_party_threat" in v.kinds


# --- visits already made or under way, as collectors narrate them --------------------------------------------------


@pytest.mark.parametrize("text", [
    "今天上午刚从你老家回来，敲门没人应，你爸说你半年没回去了。欠款你打算怎么办？",
    "欠款今天必须有个说法，我们的人就在你小区，满小区找你，你发个位置过来。",
    "我在你公司楼下，你下来一趟，聊聊那笔钱的事，不然我只能去找你主管了。",
])
def test_a_visit_narrated_as_made_or_under_way_is_a_visit_threat(text):
    assert "visit_threat" in _verdict(text).kinds


@pytest.mark.parametrize("text", [
    "刚从你家回来，阿姨做的菜真好吃，下次再去。",
    "学校辅导员说周五开班会，记得带学生证。",
])
def test_a_friends_visit_or_a_school_notice_is_not(text):
    assert "visit_threat" not in _verdict(text).kinds


# --- harassment said with a euphemism for the debt, or about the reader's shop -------------------------------------


def test_an_insult_over_a_debt_named_as_someone_elses_hard_earned_money_is_harassment():
    assert "harassment" in _verdict("你这种蛀虫，拿了人家的血汗钱就装聋作哑。").kinds


def test_an_insult_with_no_debt_at_all_is_not_read_as_collection():
    assert "harassment" not in _verdict("你这个蛀虫，整天在家躺着。").kinds


@pytest.mark.parametrize("text", [
    "你那家档口在哪我们一清二楚，欠款今天不处理，后果你自己想。",
    "你間舖頭喺邊度我哋清清楚楚，欠款三日內處理。",
])
def test_we_know_where_your_shop_is_is_a_threat(text):
    assert "harassment" in _verdict(text).kinds


def test_asking_where_a_friends_shop_is_is_not():
    assert "harassment" not in _verdict("你的店开在哪？周末我去买点东西。").kinds


def test_a_relatives_number_quoted_back_by_its_last_digits_is_a_third_party_threat():
    v = _verdict("你爸的手机尾号是2290吧，欠款的事我们下午会给他发短信，你自己看着办。")
    assert "third_party_threat" in v.kinds


def test_a_top_up_notice_quoting_the_readers_own_number_is_not():
    assert "third_party_threat" not in _verdict("【中国移动】您尾号2290的手机号已成功充值50元。").kinds


def test_a_contact_asked_to_kindly_pass_on_a_debt_is_written_to_a_third_party():
    v = _verdict("您好，您的紧急联络人王XX有一笔欠款尚未偿还，烦请代为通知，谢谢。")
    assert "third_party_threat" in v.kinds


def test_a_meeting_notice_to_pass_on_is_not():
    assert "third_party_threat" not in _verdict("周会改到周三下午，麻烦代为告知部门同事。").kinds
