"""Families a seventh round of new-user sets found (bench/probes/qa15.yaml): collectors' veiled threats to property
and family, third parties told by a call or in a group chat, visits to the organisation a message is written to,
and scams as news pages quote them, with the card number or the link masked. Each case is our own wording of the
family, not a probe's text; each failed before the fix, except the look-alikes that guard against over-reach."""

from __future__ import annotations

import pytest

from dunguard import Message, analyze


def _report(text: str):
    return analyze(Message(text), with_plan=False)


def _kinds(text: str) -> set[str]:
    return set(_report(text).verdict.kinds)


# --- veiled threats: property and the family's safety --------------------------------------------------------


@pytest.mark.parametrize("text", [
    "欠的钱再拖着不还，小心哪天你的车被人划了。",
    "借钱不还还天天开车出去玩，车窗让人砸了可别怪谁。",
])
def test_damage_to_the_readers_things_by_someone_one_day_is_harassment(text):
    assert "harassment" in _kinds(text)


def test_being_told_to_weigh_the_familys_safety_over_a_debt_is_harassment():
    assert "harassment" in _kinds("你欠的钱再不还，自己掂量掂量你孩子的安全。")


def test_a_bank_wishing_for_the_familys_money_safety_is_no_threat():
    text = "【某某银行】为了您和家人的资金安全，请勿向陌生人透露验证码。您的信用卡账单将于5日到期。"
    assert not {"harassment", "third_party_threat"} & _kinds(text)


def test_a_parasite_is_an_insult():
    assert "harassment" in _kinds("借了钱就玩消失，你这种寄生虫欠款什么时候还？")


# --- third parties told -------------------------------------------------------------------------------------


def test_a_call_already_put_through_to_the_readers_employer_is_a_third_party_threat():
    assert "third_party_threat" in _kinds("电话已经打到你单位领导那里了，欠款的事你自己看着办。")


def test_a_debt_posted_in_a_group_chat_is_a_third_party_threat():
    assert "third_party_threat" in _kinds("你的账单逾期了，下周起我们会在你和同学的共同群聊里发布你的欠款说明。")


def test_a_collector_who_has_read_the_readers_feed_tells_nobody():
    kinds = _kinds("天天在朋友圈晒吃喝，欠的钱却一直拖着不还，你还要不要脸？")
    assert "harassment" in kinds
    assert "third_party_threat" not in kinds


def test_a_feed_ready_to_be_posted_is_still_a_third_party_threat():
    assert "third_party_threat" in _kinds("欠款再不处理，朋友圈我们已经编辑好了，配上你的照片今晚就发。")


# --- visits: the organisation written to, and letters that are not visits ----------------------------------


def test_a_visit_to_the_school_a_message_is_written_to_is_a_visit_threat():
    report = _report("你好，是实验中学吧？贵校教师王**在我司借款逾期三个月，请学校督促其还款，否则我们将安排同事到学校当面沟通。")
    assert "visit_threat" in report.verdict.kinds
    assert [e.attrs["target"] for e in report.elements if e.type == "visit"] == ["school"]


def test_a_letter_sent_to_the_village_committee_is_no_visit():
    kinds = _kinds("因你逾期未还，我司已向你老家所在的村委会寄送协助催收函。")
    assert "third_party_threat" in kinds
    assert "visit_threat" not in kinds


# --- scams quoted with their card or link masked ------------------------------------------------------------


def test_a_masked_card_the_reader_is_told_to_pay_into_is_a_scam():
    text = "你在某某贷的欠款已逾期，现由我方律所代为催收，请于今晚8点前将欠款打到指定账户：建设银行6217 00** **** 8812 李**。"
    assert _report(text).verdict.legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    "您的退款已转入尾号8812的银行卡，请注意查收。",
    "您本月的还款已成功转入6217****8812，感谢您按时还款。",
    "请将本期还款存入您尾号8812的还款卡，以免逾期。",
])
def test_the_readers_own_masked_card_is_no_payee(text):
    assert _report(text).verdict.legitimacy.value != "likely_scam"


def test_a_link_with_a_masked_label_is_still_a_link():
    report = _report("【某某银行】您的信用卡额度可提升至5万元，请登录 ed-up.***.vip 申请。")
    links = [e for e in report.elements if e.type == "url"]
    assert [(e.text, e.attrs["masked"]) for e in links] == [("ed-up.***.vip", True)]
    assert report.verdict.scam_risk > 0


# --- due dates already passed -------------------------------------------------------------------------------


def test_a_loan_past_its_due_date_with_principal_unpaid_is_overdue_not_a_reminder():
    kinds = _kinds("【某某银行】您的经营贷已于5月10日到期，尚有3,000元未归还，详询客服。")
    assert "overdue_notice" in kinds
    assert "reminder" not in kinds


# --- a walk-through as a frightened borrower (session 29) ---------------------------------------------------


def test_a_visit_notice_naming_the_home_address_does_not_send_the_reader_to_the_police_as_violence():
    report = analyze(Message("【某某花】张女士您好，您的借款已逾期98天，公司已安排外访专员于明天上午前往您的家庭住址进行实地走访。"))
    assert "visit_threat" in report.verdict.kinds
    assert "safety_first" not in [s.id for s in report.plan]
    assert "violence_serious" not in [r.code for r in report.verdict.legitimacy.reasons]


def test_a_threat_that_they_know_the_door_number_still_puts_safety_first():
    report = analyze(Message("欠的钱还不还？你家门牌号我们都清楚了，这周等着。"))
    assert "safety_first" in [s.id for s in report.plan]


def test_a_status_bar_with_signal_and_battery_glyphs_is_set_aside_with_the_sender_line():
    paste = "19:42  4G 📶 76%\n< 10690571238846\n【某某花】您的借款已逾期98天，请尽快处理。\n复制  转发  删除"
    report = analyze(Message(paste))
    assert report.message.text == "【某某花】您的借款已逾期98天，请尽快处理。"
    assert report.message.sender == "10690571238846"
    assert "19:42  4G 📶 76%" in report.pasted_extra
    assert not [e for e in report.elements if e.type == "time"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_letters_to_the_lender_do_not_admit_the_claimed_amount(lang):
    from decimal import Decimal

    from dunguard import letters

    for md in (letters.negotiate(lang, lender="某某花", owed=Decimal(18634), months=24, reason="失业"),
               letters.willing(lang, lender="某某花", owed=Decimal(18634))):
        text = letters.to_text(md)
        assert "承认" not in text and "acknowledge" not in text
        assert ("核对" in text) if lang == "zh" else ("itemised" in text)


def test_asked_to_pay_on_the_borrowers_behalf_is_not_told_it_is_a_guarantor():
    report = analyze(Message("王某家属您好：王某在我平台借款已严重逾期，您是她登记的紧急联系人，请督促她今天之内还款，或由您代为偿还。"))
    first = report.plan[0]
    assert first.id == "not_your_debt"
    assert "担保人或要共同还款" not in first.action["zh"]
    assert "没有替借款人还款的义务" in first.action["zh"] and "替他" not in first.action["zh"]


def test_a_debt_relief_advert_is_a_scam_selling_a_service_not_a_legal_threat_nor_posing_as_collection():
    report = analyze(Message("网贷信用卡逾期别慌！资深律师团队帮你申请停息挂账、分期5年，律师函我们来处理，办成再收费，详询微信ting88。"))
    v = report.verdict
    assert v.legitimacy.value == "likely_scam"
    assert "legal_threat" not in v.kinds
    assert "冒充催收" not in v.legitimacy.reasons[0].text["zh"]
    stop = next(s for s in report.plan if s.id == "stop_scam")
    assert "冒充催收" not in stop.action["zh"]


def test_a_fake_court_demanding_a_fee_to_drop_the_case_stays_a_legal_threat():
    v = analyze(Message("【检察院】你的案件将移交公诉，如需撤案请将欠款汇入安全账户。"), with_plan=False).verdict
    assert {"scam", "legal_threat"} <= set(v.kinds)


def test_a_real_court_notice_is_answered_in_court_not_with_the_apps_repayment_script():
    text = ("【某某县人民法院】李某，您好！招联消费金融股份有限公司诉您金融借款合同纠纷一案已立案，请登录人民法院在线服务平台"
            "查收诉讼文书，开庭时间2027年1月12日9时。咨询请拨12368。")
    ids = [s.id for s in analyze(Message(text)).plan]
    assert ids[:2] == ["verify_court", "answer_court"]
    assert not {"pay_if_you_can", "repay_intent", "negotiate"} & set(ids)


def test_a_virtual_operators_mobile_is_shown_as_one():
    from dunguard.render.labels import _phone_extra

    report = analyze(Message("王某家属您好：王某借款已逾期，有疑问联系李专员17150032211。"), with_plan=False)
    phone = next(e for e in report.elements if e.type == "phone")
    assert phone.attrs.get("virtual") is True
    assert "虚拟运营商号段" in "".join(_phone_extra(phone.attrs, "zh"))
    assert "virtual-operator" in "".join(_phone_extra(phone.attrs, "en"))
    ordinary = analyze(Message("有疑问联系李专员13850032211。"), with_plan=False)
    assert not next(e for e in ordinary.elements if e.type == "phone").attrs.get("virtual")


def test_a_national_companys_name_with_a_city_landline_for_an_account_problem_is_a_scam():
    v = analyze(Message("【京东】您的账户于今日在异地登录，如非本人操作请立即拨打客服热线0591-87654321处理，以免账户被冻结。"),
                with_plan=False).verdict
    assert v.legitimacy.value == "likely_scam"
    assert "brand_wrong_line" in {r.code for r in v.scam_signals}


def test_the_same_notice_with_a_service_line_is_not_called_a_scam():
    v = analyze(Message("【京东】您的账户于今日在异地登录，如非本人操作请修改密码，或拨打客服热线950618。"), with_plan=False).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_banks_notice_pointing_to_the_readers_own_branch_is_not_called_a_borrowed_name():
    v = analyze(Message("【某某银行】您尾号1234的账户存在异常交易已暂停使用，请本人携带身份证到开户网点办理，网点电话0591-87654321。"),
                with_plan=False).verdict
    assert "brand_wrong_line" not in {r.code for r in v.scam_signals}


# --- a plan that fits what the borrower can pay -------------------------------------------------------------


def _negotiate_step(context):
    from dunguard.model import Context

    report = analyze(Message("【某某花】张女士您好，您的借款已逾期127天，请尽快处理。"), Context(**context))
    return next(s for s in report.plan if s.id == "negotiate")


def test_what_the_borrower_can_pay_sets_the_months_proposed():
    from decimal import Decimal

    step = _negotiate_step({"owed": Decimal("18634.50"), "can_pay": Decimal("400")})
    assert "分 47 期" in step.action["zh"] and "几笔欠款" in step.action["zh"]
    assert "分47期偿还，每月还款396.48元" in step.draft["zh"]
    assert "47 installments of 396.48 yuan" in step.draft["en"]


def test_a_budget_that_needs_more_than_five_years_says_so_instead_of_promising_more():
    from decimal import Decimal

    step = _negotiate_step({"owed": Decimal("18634.50"), "can_pay": Decimal("250")})
    assert "分 75 期" in step.action["zh"] and "12348" in step.action["zh"]


def test_a_budget_without_an_amount_owed_fills_the_monthly_sum_only():
    from decimal import Decimal

    step = _negotiate_step({"can_pay": Decimal("800")})
    assert "每月还款800.00元" in step.draft["zh"] and "【期数】" in step.draft["zh"]


def test_can_pay_on_the_command_line_and_a_clear_error_for_zero(capsys):
    from dunguard.cli import main

    assert main(["analyze", "--owed", "6000", "--can-pay", "500", "您的借款已逾期30天，请尽快还款。"]) == 0
    assert "分 12 期" in capsys.readouterr().out
    assert main(["analyze", "--can-pay", "0", "您的借款已逾期30天，请尽快还款。"]) == 2
    err = capsys.readouterr().err
    assert "每月能还的金额" in err and "can_pay" not in err and "Traceback" not in err


def test_a_new_number_or_home_they_say_they_know_is_harassment():
    assert "harassment" in _kinds("换了号就以为没事了？你欠的钱还没还，你的新住址我们清清楚楚。")


def test_watch_out_when_you_go_out_in_cantonese_is_harassment():
    assert "harassment" in _kinds("你欠錢唔還，因住你出街俾人打。")



# --- a legal-aid volunteer's review (session 29) ------------------------------------------------------------


def test_a_debt_overdue_for_years_warns_of_the_limitation_period_and_offers_no_promise_to_pay():
    report = analyze(Message("【某某金融】您的借款已逾期4年，请立即还款，否则后果自负。"))
    ids = [s.id for s in report.plan]
    assert "limitation" in ids
    assert not {"repay_intent", "negotiate", "pay_if_you_can"} & set(ids)
    step = next(s for s in report.plan if s.id == "limitation")
    assert "第一百八十八条" in step.action["zh"] and "12348" in step.action["zh"] and "art. 195" in step.action["en"]


def test_a_recent_debt_gets_no_limitation_warning():
    ids = [s.id for s in analyze(Message("【某某金融】您的借款已逾期40天，请立即还款。")).plan]
    assert "limitation" not in ids and "repay_intent" in ids


def test_the_borrowers_own_figure_is_not_admitted_in_the_drafts():
    from decimal import Decimal

    from dunguard.model import Context

    report = analyze(Message("【某某金融】您的借款已逾期40天，请立即还款。"), Context(owed=Decimal("18634.50")))
    for step_id in ("repay_intent", "negotiate"):
        draft = next(s for s in report.plan if s.id == step_id).draft
        assert "核对" in draft["zh"] and "尚欠约18,634.50元。" not in draft["zh"]
        assert "of of" not in draft["en"] and "itemised statement" in draft["en"]


def test_a_budget_too_small_for_five_years_is_offered_as_what_can_be_paid_now_not_as_decades_of_payments():
    from decimal import Decimal

    step = _negotiate_step({"owed": Decimal("18634.50"), "can_pay": Decimal("50")})
    assert "373期" not in step.draft["zh"] and "50.00元先行还款" in step.draft["zh"]
    assert "payments of 50.00 yuan a month" in step.draft["en"]


@pytest.mark.parametrize("text", [
    "兄弟，上回帮你垫的600块别忘了转我哈。",
    "之前你找我周转的3000，我下个月要交学费，能先还一半吗？",
])
def test_a_friend_asking_for_their_own_money_back_is_a_debt_the_reader_owes(text):
    v = analyze(Message(text), with_plan=False).verdict
    assert "overdue_notice" in v.kinds
    assert v.legitimacy.value != "likely_scam"


def test_a_traffic_police_notice_that_sends_the_reader_only_to_the_12123_app_is_not_a_scam():
    text = "【上海市公安局交通警察总队】您的小型汽车沪A***12于12月5日在延安路违法停车，请于15日内通过交管12123App处理。"
    assert analyze(Message(text), with_plan=False).verdict.legitimacy.value != "likely_scam"


def test_the_same_notice_with_a_landline_to_call_is_still_a_scam():
    text = "【公安交警】您的车辆有违章未处理，请于今日拨打0755-88886666处理，否则将吊销驾照。"
    assert analyze(Message(text), with_plan=False).verdict.legitimacy.value == "likely_scam"


def test_a_news_warning_that_names_a_scam_is_not_the_scam():
    v = analyze(Message("【某某新闻】监管部门提醒：警惕“征信修复”收费骗局，不要轻信所谓“消除逾期”。"), with_plan=False).verdict
    assert v.legitimacy.value != "likely_scam"


def test_a_claim_on_the_reader_as_guarantor_cites_no_third_party_rule_and_gets_the_guarantors_plan():
    text = ("赵女士您好，您作为借款人钱某在某某农商银行贷款10万元的连带责任保证人，借款人已逾期90天，"
            "请您于7日内履行保证责任，否则我行将依法起诉。")
    report = analyze(Message(text))
    assert not {f.rule_id for f in report.findings} & {"CN-3P-001", "CN-3P-002"}
    first = report.plan[0]
    assert first.id == "not_your_debt" and "保证期间" in first.action["zh"]
    assert "repay_intent" not in [s.id for s in report.plan]


def test_a_complaint_includes_a_false_criminal_charge_but_not_a_lawful_suit():
    report = analyze(Message("你的欠款已转法务部，不处理将起诉你，还要追究你的刑事责任，以诈骗罪立案，列入黑名单，子女无法上学。"))
    complaint = next(s for s in report.plan if s.id == "complain").draft["zh"]
    assert "CN-LEGAL-001" in complaint
    assert "CN-LEGAL-002" not in complaint


@pytest.mark.parametrize("text", [
    "你个龟儿子，借的钱拖了半年，还有脸拉黑我？",
    "蠢货，欠的钱到底还不还？再拖就等着吃官司吧。",
])
def test_name_calling_in_plain_and_dialect_words_is_harassment(text):
    assert "harassment" in _kinds(text)


def test_a_friends_joke_about_a_lost_bet_is_no_harassment():
    assert "harassment" not in _kinds("你个憨批又输了，明天奶茶你请，别想赖账😂")
