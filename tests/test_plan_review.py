"""What a legal-aid volunteer found wrong in the advice (session 28's review of 30 analyses): each failed before."""

from __future__ import annotations

from dunguard import Context, Message, analyze


def _plan(text: str, context: Context | None = None):
    return analyze(Message(text), context).plan


def _ids(text: str) -> list[str]:
    return [s.id for s in _plan(text)]


def test_a_threat_to_the_borrowers_child_is_for_the_borrower_and_puts_the_child_first():
    plan = _plan("你个老赖，再不还钱小心你儿子放学路上出事，我们知道他在第一小学二年级三班。")
    ids = [s.id for s in plan]
    assert ids[0] == "safety_first" and "not_your_debt" not in ids
    assert "班主任" in plan[0].action["zh"] and "class teacher" in plan[0].action["en"]
    # a message to a parent about their son is still one to a third party
    assert "not_your_debt" in _ids("阿姨您好，你儿子再不还钱，我们就上门了，请转告他。")


def test_intimate_images_held_over_a_debt_lead_to_the_police_not_to_paying():
    text = "你手机里的私密照片我们都有，今天不还2000元，就把你的裸照发给你通讯录里所有人。"
    report = analyze(Message(text))
    assert report.plan[0].id == "intimate_images"
    assert "报警" in report.plan[0].action["zh"] and "不要因为这个威胁付钱" in report.plan[0].action["zh"]
    assert any(r.code == "intimate_images" for r in report.verdict.legitimacy.reasons)


def test_a_banks_relay_to_a_contact_gets_the_contacts_plan_not_a_borrowers():
    ids = _ids("【平安银行】您好，我行有重要事项需与您的朋友周杰联系，请您转告其尽快回电95511。感谢配合。")
    assert ids[0] == "relay_only"
    assert not {"repay_intent", "negotiate", "complain"} & set(ids)


def test_a_scams_made_up_sender_gets_no_do_i_owe_you_draft():
    for text in (
        "【征信修复中心】专业修复征信逾期记录，删除不良记录，先办理后付费，咨询微信zxxf888",
        "张三，公司对公账户在维护，今天的还款直接转到我个人账户：6222 0212 3456 7890 123 户名王某某 工商银行。",
    ):
        drafts = " ".join((s.draft or {}).get("zh", "") for s in _plan(text))
        assert "征信修复中心名下" not in drafts and "中国工商银行名下" not in drafts
    assert "verify_sender" in _ids("【淘宝客服】您购买的商品有质量问题，我们将为您办理三倍退款，请添加客服QQ 123456789。")


def test_drafts_do_not_accept_the_amount_the_message_claims():
    plan = _plan("刘先生，您在某某平台的借款5000元已逾期，请立即处理。")
    intent = next(s for s in plan if s.id == "repay_intent")
    assert "本函不构成对该金额的确认" in intent.draft["zh"] and "does not accept" in intent.draft["en"]
    # The borrower's own figure is stated as theirs, still to be checked against the lender's itemised statement: a
    # second legal-aid review (session 29) pointed out that the lender's total may hold unlawful charges and that a
    # written admission can be used against the borrower.
    own = next(s for s in _plan("您的借款已逾期，请立即处理。", Context(owed=3200)) if s.id == "repay_intent")
    assert "3,200" in own.draft["zh"] and "按我的记录" in own.draft["zh"] and "本函不构成对金额的确认" in own.draft["zh"]


def test_the_jail_rules_advice_says_when_a_credit_card_can_be_a_crime():
    report = analyze(Message("你的信用卡已构成恶意透支，再不还款将追究刑事责任，等着坐牢吧。"))
    advice = next(s for s in report.plan if s.id == "rule_advice").action["zh"]
    assert "两次有效催收" in advice and "5万元" in advice


def test_a_guarantor_is_told_a_signed_guarantee_makes_the_claim_lawful():
    text = "赵先生，您作为陈某借款合同的担保人，借款人已逾期90天，根据合同约定您需承担连带保证责任，请于12月15日前代为偿还。"
    plan = _plan(text)
    first = next(s for s in plan if s.id == "not_your_debt")
    assert "向担保人追偿是合法的" in first.action["zh"] and "保证期间" in first.action["zh"]
    complaint = next(s for s in plan if s.id == "complain")
    assert "也未签署过任何担保合同" in complaint.draft["zh"]


def test_a_visit_tonight_to_a_written_out_building_is_prepared_for():
    from datetime import datetime

    text = "王磊，今晚8点我们的外访人员会到你家里，你家住幸福小区3栋2单元，到时候当着邻居的面说清楚。"
    at = datetime(2026, 12, 3, 18, 0)
    assert analyze(Message(text, received_at=at), Context(address_known=True)).verdict.visit_credibility.value == "medium"
    # ...unless the borrower says they do not live there
    assert analyze(Message(text, received_at=at), Context(address_known=False)).verdict.visit_credibility.value == "low"


def _rules(text: str) -> set[str]:
    return {f.rule_id for f in analyze(Message(text)).findings}


def test_rules_the_review_found_missing_or_wrong():
    # urging a new loan to repay this one, verb first
    assert "CN-BORROW-001" in _rules("你的借款逾期150天了，还不上就去借别的平台先把我们这笔还上，我们可以给你推荐几个下款快的口子。")
    # a "law firm's lawyer" on a mobile, under a department's name
    assert "CN-IMP-002" in _rules("【法务部】张三，您名下借款已由我所律师接手处理，如需和解请联系李律师13912345678。")
    # a platform named where the loan was taken identifies the creditor
    assert "CN-ID-001" not in _rules("刘先生，您于2025年3月在易借钱平台借款5000元，现已逾期，请立即处理。")
    # a lender's own signature over a case number: its claims about the court are still weighed
    assert {"CN-LEGAL-002", "CN-LEGAL-003"} <= _rules(
        "【某某贷】张三，你的欠款已移交某某区人民法院，案号(2026)京0105民初88888号，明天不处理将冻结你名下所有银行卡、"
        "微信、支付宝，并列入失信黑名单。")


def test_a_genuine_overdue_notice_says_pay_in_the_app_before_asking_for_a_plan():
    ids = _ids("【招商银行】您尾号1234的信用卡已逾期5天，欠款3,210元，请于12月10日前还款，以免影响征信。")
    assert ids.index("pay_if_you_can") < ids.index("negotiate")
    # a bluff is not met with "pay now"
    assert "pay_if_you_can" not in _ids("你的借款已逾期，再不还钱明天就去你单位找你领导。")


def test_english_output_also_gives_each_draft_in_chinese(capsys):
    from dunguard.cli import main

    assert main(["analyze", "--lang", "en", "您的借款已逾期，请尽快还款，否则我们将通知你的家人。"]) == 0
    out = capsys.readouterr().out
    assert "The same draft in Chinese" in out and "我是【姓名】" in out
    assert main(["analyze", "您的借款已逾期，请尽快还款，否则我们将通知你的家人。"]) == 0
    assert "The same draft in Chinese" not in capsys.readouterr().out
