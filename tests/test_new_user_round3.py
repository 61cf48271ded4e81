"""Messages a new user wrote without reading this project (bench/probes/qa3.yaml), judged as a careful reader would."""

from __future__ import annotations

from datetime import datetime

import pytest

from dunguard import Message, analyze

AT = datetime.fromisoformat("2026-12-07T14:30+08:00")


def verdict(text: str):
    return analyze(Message(text, received_at=AT), with_plan=False).verdict


@pytest.mark.parametrize("text", [
    # money asked into a "bridging account" that is a UnionPay card number
    "老板您好 您的贷款我们给您申请到了低息转贷 先还清旧贷 需要您先把钱转到我们垫资账户 6228 4800 3333 2222 111",
    # a named service's "customer service" on a personal mobile, with compensation to collect
    "【12306】您购买的车票因系统故障需退票改签，请联系客服 17088886666 领取补偿金。",
])
def test_scams_a_new_user_wrote_are_scams(text: str) -> None:
    assert verdict(text).legitimacy.value == "likely_scam"


def test_an_account_number_to_pay_into_is_never_called_a_text_with_no_transfer() -> None:
    v = verdict("请把货款转到这个账户 6217 0000 1001 2345 678，谢谢")
    assert v.legitimacy.value != "likely_genuine"


@pytest.mark.parametrize(("text", "kind"), [
    ("睡得着吗？你欠的2万8今天必须处理，不然明天一早你全家都会接到电话", "third_party_threat"),
    ("在吗 hk了吗 yq都一个月了 再不hk就上门了 tx录都给你爆了", "third_party_threat"),
    ("🙄🙄又装死？？昨天说好今天还的，人呢？？？骗子一个，说话跟放屁一样", "harassment"),
    ("傻X 欠钱不还还拉黑？老子天天换号打爆你", "harassment"),
    ("24点前不还，明天早上8点，我们的同事会出现在你公司门口，拉横幅", "visit_threat"),
])
def test_threats_a_new_user_wrote_are_named(text: str, kind: str) -> None:
    v = verdict(text)
    assert kind in v.kinds and v.legitimacy.value == "likely_bluff"


def test_someone_turning_up_at_work_is_a_workplace_visit_at_the_time_said() -> None:
    report = analyze(Message("24点前不还，明天早上8点，我们的同事会出现在你公司门口，拉横幅", received_at=AT), with_plan=False)
    assert [e.attrs["target"] for e in report.elements if e.type == "visit"] == ["workplace"]
    visit_times = [e.value.isoformat() for e in report.elements if e.type == "time" and e.role == "visit"]
    assert visit_times == ["2026-12-08T08:00:00+08:00"]


@pytest.mark.parametrize("text", [
    "【XX市图书馆】读者您好，您借阅的《活着》已逾期3天，请尽快归还，逾期每天收取0.1元滞纳金。",
    "【中国联通】您本月账单已出，消费合计128.00元，请于月底前缴清。",
    "【蚂蚁财富】您定投的基金今日扣款500元成功。",
])
def test_ordinary_texts_with_debt_words_are_ordinary(text: str) -> None:
    v = verdict(text)
    assert v.kinds == ("other",) and v.legitimacy.value == "likely_genuine"


def test_a_friend_planning_his_own_suit_is_no_legal_threat_to_the_reader() -> None:
    assert "legal_threat" not in verdict("哥们儿，你上次说的那个律师朋友靠谱不？我想起诉那个欠我钱不还的家伙").kinds


def test_an_ordinary_text_gets_no_rule_no_complaint_and_no_loan_check() -> None:
    report = analyze(Message("欠你的那500块 刚转你了 查收一下哈 👌", received_at=AT))
    assert report.findings == ()
    assert not [s for s in report.verdict.scam_signals if s.code.startswith("rule.")]
    assert [s.id for s in report.plan] == ["ordinary", "verify_sender", "disclaimer"]


def test_a_scam_is_reported_not_complained_of_to_a_lender() -> None:
    report = analyze(Message("【最高人民法院】您因网贷逾期已被立案，案件编号2026-0153，请立即点击 http://court-gov.top/c "
                             "查看传票并缴纳保全金，否则将冻结名下资产。", received_at=AT))
    assert report.verdict.legitimacy.value == "likely_scam"
    ids = [s.id for s in report.plan]
    assert "complain" not in ids and ids[0] in ("stop_scam", "safety_first")
    assert "110" in report.plan[ids.index("stop_scam")].why["zh"]


def test_a_couriers_own_phone_on_a_delivery_notice_is_no_scam_sign() -> None:
    v = verdict("【京东】您的订单已由快递员张师傅配送，预计今天17:00前送达，联系电话138****5678")
    assert v.legitimacy.value == "likely_genuine" and "personal_mobile" not in {s.code for s in v.scam_signals}
    # ...while a "courier" who wants a fee to re-register the address is the parcel scam
    assert verdict("您的包裹地址不详无法派送，请联系快递员 13812345678 重新登记地址并支付2元运费").legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", ["\x12Éíçâ\t¡\x10Àâº½ÿ¤\x05þ" * 50, "12345"])
def test_a_garbled_paste_is_never_called_genuine(text: str) -> None:
    v = verdict(text)
    assert v.legitimacy.value == "unclear" and v.legitimacy.reasons[0].code == "unreadable"


@pytest.mark.parametrize("text", [
    # a court's own notices, an Internet court's too, with its gov.cn site and 12368: not judged against the bank
    "【杭州互联网法院】您有一份(2026)浙0192民初5567号案件的传票，开庭时间2027年1月12日9:00，请登录 https://sd.court.gov.cn 查看，或拨打12368咨询。",
    "【深圳市福田区人民法院】(2026)粤0304民初18823号 张某某：招商银行股份有限公司深圳分行诉你信用卡纠纷一案，本院已立案。"
    "诉讼材料已通过人民法院送达平台送达，请登录 https://sd.court.gov.cn 凭身份证号及验证码查收。如有疑问可致电12368。",
    # a bank's report of a transfer made, with its own line to ring at once if it was not you
    "【民生银行】您尾号0076的借记卡于12月07日10:22向张某某转账50,000.00元。如非本人操作，请立即致电95568或通过手机银行冻结账户。",
    # HSBC's bill: SB inside HSBC is no insult
    "【HSBC汇丰】您尾号0456的信用卡账单已出，应还RMB 4,210.50，到期还款日2026-12-22，请通过 HSBC China App 还款。",
])
def test_genuine_texts_with_scam_like_features_stay_genuine(text: str) -> None:
    v = verdict(text)
    assert v.legitimacy.value == "likely_genuine" and "harassment" not in v.kinds


def test_a_meeting_app_to_install_is_the_screen_share_scam() -> None:
    v = verdict("【浦发银行】请下载\"银联会议\"App，入会号 8812 6601，专员将为您处理逾期。")
    assert v.legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    # repayment "handled for you" by a person on a mobile while the app is "down"
    "【京东金融】您的白条账户已逾期3天，应还864.50元，由于系统维护App暂无法还款，请联系专属客服 158 2673 4410，由专员代为办理还款。",
    # a fee paid through someone's own phone
    "【浦发银行】您尾号8812信用卡有一笔12,000.00元分期手续费未缴纳，分期将被撤销并一次性扣回全额，请于今日联系分期专员 186-2107-5533 缴纳手续费720元。",
    # money moved in for a "turnover check" before a loan pays out
    "【网商银行】您的网商贷因资质审核未通过，需将贷款额度内的7,600.00元转入指定账户进行“流水验证”，验证完成后连同贷款一并下发。",
])
def test_scam_twins_of_genuine_notices_are_scams(text: str) -> None:
    assert verdict(text).legitimacy.value == "likely_scam"


def test_a_warning_about_proxy_repayment_is_no_scam() -> None:
    assert verdict("谨防有人以代为还款为名骗取钱财，请只在App内还款。").legitimacy.value != "likely_scam"


@pytest.mark.parametrize("text", [
    "小李，上个月借你的钱还没还呢，最近手头紧吗？不急，有空了转我就行😊",
    "兄弟，借你的3000块什么时候还我？",
])
def test_a_friend_asking_for_their_own_money_gets_a_personal_plan(text: str) -> None:
    report = analyze(Message(text, received_at=AT))
    assert [s.id for s in report.plan] == ["personal_debt", "verify_sender", "disclaimer"]
    assert report.verdict.legitimacy.reasons[0].code == "personal_debt"
    assert "借款App" not in report.verdict.legitimacy.reasons[0].text["zh"]


@pytest.mark.parametrize("text", ["你的借款已逾期，欠我们平台的钱什么时候还", "欠我的钱再不还，我就去你家找你"])
def test_a_collector_or_a_threat_keeps_the_borrowers_plan(text: str) -> None:
    assert "personal_debt" not in [s.id for s in analyze(Message(text, received_at=AT)).plan]
