"""Families a sixth round of new-user sets found (bench/probes/qa10.yaml, qa11.yaml, qa12.yaml): everyday fraud
under an institution's name or quoted without its link, and collectors' threats in short, veiled or slangy words.
Each case is our own wording of the family, not a probe's text; each failed before the fix, except the look-alikes
that guard against over-reach."""

from __future__ import annotations

import pytest

from dunguard import Message, analyze


def _verdict(text: str):
    return analyze(Message(text), with_plan=False).verdict


def _legit(text: str) -> str:
    return _verdict(text).legitimacy.value


# --- everyday fraud under an institution's name --------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "【中国银行】您的网银证书今日到期，请登录 boc-zhengshu.top 更新。",
    "【顺丰速运】您的快件运费不足，请于今日补缴2元：sf-yunfei.cc/p",
    "【国家电网】您户电费已欠缴，今晚停电，速点 95598-jiaofei.cn.com 缴纳。",
    "【某某快递】您的包裹已到达驿站，请于今日内到 mmkd-gov.site 补填地址，逾期退回。",
])
def test_an_institutions_name_on_a_cheap_or_imitation_domain_is_a_scam(text):
    v = _verdict(text)
    assert v.legitimacy.value == "likely_scam"
    reason = next(r for r in v.scam_signals if r.code == "link_cheap_signed")
    assert "不会用这种网址" in reason.text["zh"]


def test_a_brands_own_latin_name_as_its_domain_is_not_called_a_scam_for_its_tld():
    text = "【Notion】登录验证码：552031，10分钟内有效。工作人员不会向您索取验证码，切勿透露，或访问 notion.so 重置密码。"
    assert _legit(text) != "likely_scam"


@pytest.mark.parametrize("text", [
    "【某某燃气】尊敬的用户，您有一笔多缴燃气费126.40元可退还，请于24小时内登录 rq-tuifei.com 办理。",
    "恭喜您获得本店周年庆200元现金券，请于今日内登录 dianpu-huikui.com 领取。",
])
def test_a_refund_or_voucher_to_claim_through_a_link_within_hours_is_a_scam(text):
    v = _verdict(text)
    assert v.legitimacy.value == "likely_scam"
    assert "pretext_link_rush" in {r.code for r in v.scam_signals}


def test_an_overpayment_credited_to_the_next_bill_stays_genuine():
    assert _legit("【国网某某供电】您本月多缴电费8.20元可退还，将自动抵扣下月电费。") == "likely_genuine"


@pytest.mark.parametrize("text", [
    "【某某小学】各位家长好，本学期教辅费共450元，请添加班主任新微信zx2024收取。",
    "你好，我是你同事小刘，我换了个QQ，经理让我先找人垫付一笔货款，你帮我转一下，下午还你。",
])
def test_a_known_person_on_a_new_chat_account_asking_for_money_is_a_scam(text):
    assert _legit(text) == "likely_scam"


def test_a_new_chat_account_announced_without_money_is_only_a_caution():
    assert _legit("我换了个微信，原来那个不用了，有空加一下。") == "unclear"


def test_a_school_fee_paid_through_the_class_app_is_no_scam():
    assert _legit("家长您好，本学期资料费120元请在家长群里通过班级小管家缴纳。【某某小学】") != "likely_scam"


def test_a_verification_code_asked_to_be_passed_on_in_taiwan_script_is_a_scam():
    assert _legit("在嗎？我手機收不到簡訊，可以把你剛收到的驗證碼傳給我嗎？") == "likely_scam"


def test_a_cancelled_train_with_a_landline_for_compensation_is_a_scam_and_the_refund_notice_is_not():
    assert _legit("【12306】您乘坐的D3102次列车因故停运，请致电客服021-6***8899办理退票并领取补偿。") == "likely_scam"
    assert _legit("【12306】您11月2日K1156次列车停运，已为您办理全额退票，票款原路返回，不收手续费。") == "likely_genuine"
    v = _verdict("【铁路12306】您的G88次列车因故停开，请在12306网站或App办理免费退票，如有疑问请致电12306。")
    assert v.legitimacy.value == "likely_genuine" and not v.scam_signals


def test_a_video_and_phone_book_held_for_money_is_blackmail_not_a_collectors_bluff():
    v = _verdict("你和我视频的录像我已经拿到了，还有你的通讯录，今晚12点前转我3万，不然全发给你的好友。")
    assert v.legitimacy.value == "likely_scam"
    assert "blackmail" in {r.code for r in v.scam_signals}


def test_a_refund_routed_through_a_credit_product_is_a_scam():
    text = "您好，您买的电热毯有质量问题，我们给您双倍赔偿，请配合通过借呗操作退款。"
    assert _legit(text) == "likely_scam"


def test_an_insurance_account_and_a_persons_overdue_account_are_no_payee():
    assert _legit("【某市医保】您的医保个人账户于11月3日支出52.00元（某某药房），余额866.10元。") == "likely_genuine"
    v = _verdict("麻烦转告李**，尽快回电处理其个人账户逾期事宜。")
    assert v.legitimacy.value != "likely_scam"
    assert "third_party_threat" in v.kinds


def test_a_signed_bill_already_paid_from_the_balance_is_genuine():
    assert _legit("【中国移动】您10月账单已出，套餐费48元，合计消费63.20元，已从余额扣除。") == "likely_genuine"


def test_a_courier_delivery_problem_with_the_couriers_mobile_and_the_official_app_is_genuine():
    text = "【中通快递】您的包裹因收件地址不完整暂无法派送，请联系快递员139****0021或在中通快递App中修改地址。"
    assert _legit(text) == "likely_genuine"


def test_relief_for_only_a_service_fee_through_a_link_is_a_scam():
    v = _verdict("【某某银行】您的逾期欠款可申请停息分期，仅需支付服务费399元，点击 http://tingxi-ban.cn 办理。")
    assert v.legitimacy.value == "likely_scam"


# --- collectors' threats in short, veiled or slangy words -----------------------------------------------------


@pytest.mark.parametrize("text", [
    "你儿子长得挺精神的，你也不想他出什么意外吧。",
    "最后给你两个小时，钱不到账，我保证让你下半辈子都后悔。",
    "wcnm 欠钱不还 等着",
    "欠这么多钱还不起怎么不去死，死之前先把钱还了。",
    "还钱还钱还钱还钱 电话不接就一直打",
    "你不还钱我们每半小时给你打一次电话，看你能扛几天。",
    "今天给你打了37个电话，欠款一天不还，电话一天不停。",
    "欠了两千块拖了三个月，你这脸皮比城墙还厚。",
])
def test_veiled_slangy_and_flooding_abuse_over_a_debt_is_harassment(text):
    v = _verdict(text)
    assert "harassment" in v.kinds
    assert v.legitimacy.value == "likely_bluff"


@pytest.mark.parametrize("text", [
    "你还活着呢？好久没见了，周末出来吃饭。",
    "我每小时给你打一次电话提醒你吃药。",
    "新闻：男子因网贷压力想跳楼，民警及时劝下。",
])
def test_the_same_words_among_friends_or_in_news_are_not_harassment(text):
    assert "harassment" not in _verdict(text).kinds


def test_collectors_slang_for_exposing_the_debt_to_work_and_home_is_a_third_party_threat():
    v = _verdict("今天不处理 明天爆你单位和家里")
    assert "third_party_threat" in v.kinds
    assert "third_party_threat" not in _verdict("这款手机爆你朋友圈了吗").kinds


def test_a_placard_at_the_workplace_is_public_shaming():
    v = _verdict("我们会安排人每天到你公司门口举牌子，写上你欠钱不还。")
    assert {"third_party_threat", "harassment"} <= set(v.kinds)


def test_an_unpunctuated_suit_threat_is_a_legal_threat():
    assert "legal_threat" in _verdict("今天不还 明天起诉 直接上征信黑名单").kinds


def test_collectors_people_passing_the_home_is_harassment():
    assert "harassment" in _verdict("我们的人刚刚从你家楼下路过，欠的钱到底还不还？").kinds


@pytest.mark.parametrize("text", [
    "本周五前一次性还3000即可结清，过期不候，下周案件转交当地外访团队。",
    "某某村委会：贵村村民王**在我司欠款未还，我司近日将派员到贵村了解情况。",
    "你儿子在实验小学读二年级吧，钱再不还，我们就去学校接他放学。",
])
def test_visits_said_as_a_handover_a_village_or_the_childs_school_are_visit_threats(text):
    assert "visit_threat" in _verdict(text).kinds


def test_found_out_the_workplace_is_no_visit():
    v = _verdict("我们已查到你的工作单位是某某电子厂，明天会致电你单位人事说明情况。")
    assert "visit_threat" not in v.kinds


@pytest.mark.parametrize("text", [
    "【某某财务】阁下的贷款已逾期，如有还款困难，欢迎致电本公司热线商讨还款安排。",
    "【某某银行】您的信用卡逾期账户已纳入分期还款计划，计划期内停止计收罚息。",
    "最后一次机会，今天先还一半就给你停催。",
])
def test_hardship_talks_restructuring_granted_and_a_part_payment_to_stop_collection_are_offers(text):
    assert "settlement_offer" in _verdict(text).kinds


def test_a_deadline_set_under_a_threat_is_an_overdue_notice_not_a_reminder():
    v = _verdict("你的行为已涉嫌恶意透支，我们将报警处理，限你明天中午12点前还清。")
    assert "overdue_notice" in v.kinds and "reminder" not in v.kinds


def test_an_instalment_debited_tomorrow_in_hong_kong_script_is_a_reminder():
    assert "reminder" in _verdict("【某某財務】您的分期付款將於明日扣賬，金額為HK$2,300.00。").kinds


def test_an_unsigned_overdue_notice_that_gives_a_masked_mobile_is_left_open():
    assert _legit("你好，你有一笔贷款已经逾期，请马上联系138****6612处理。") == "unclear"


# --- scams and threats as public pages quote them (bench/probes/qa12.yaml) --------------------------------------


@pytest.mark.parametrize("text", [
    "【某某贷】您的借款已审批通过，因您的信用分不足，需先交3000元流水证明，放款后全额退还。",
    "您之前借款的某某平台已被国家清退，剩余欠款需通过国家指定账户还款，否则将追究法律责任。",
    "您好，您名下的几笔网贷已被认定为套路贷，可依法免除还款，请回复登记信息。",
    "您好，我是某某银行客服，您的信用卡年费多扣了，我们给您退回，请提供您收到的验证码。",
    "某某商城招聘线上体验员，完成任务即返佣金，首单垫付10元返13元。",
    "我在这个平台投资三个月了，你跟着我操作，保证赚钱。",
    "您的手机号涉嫌违规，将在两小时内停机，详情请按9。",
    "【人民银行征信中心】检测到您名下有一条逾期记录，可申请征信异议处理，办理费用299元，回复1办理。",
    "【某市医保中心】您的医保卡已被冻结，涉嫌违规使用，请联系***处理。",
    "【某某借】您的账户存在未注销记录，根据监管要求需今天内注销，否则将按年化36%收取利息并上报征信。",
    "【某某律师事务所】您的欠款即将被起诉，现可缴纳调解费600元申请庭外和解，请转账至指定账户。",
])
def test_quoted_scams_without_their_link_are_still_scams(text):
    assert _legit(text) == "likely_scam"


@pytest.mark.parametrize("text", [
    "某某公司招聘产品体验员，月薪6000，五险一金，面试地址见官网。",
    "感谢致电，查询话费请按1，办理业务请按2。",
    "【中国人民银行征信中心】您提交的个人信用报告异议申请已受理，处理结果将在20日内告知。",
    "【某市社保中心】您的社保卡已停用，请携带身份证到社保大厅办理。",
])
def test_their_genuine_look_alikes_are_not(text):
    assert _legit(text) != "likely_scam"


def test_a_police_tip_about_scams_is_no_legal_threat():
    v = _verdict("【某市公安】提醒：公检法机关不会通过电话、短信要求转账，凡是让您转账到安全账户的都是诈骗！")
    assert "legal_threat" not in v.kinds and v.legitimacy.value == "likely_genuine"


def test_a_prison_term_quoted_over_a_debt_is_a_legal_threat_but_a_story_is_not():
    assert "legal_threat" in _verdict("你长期拒不还款，依据《刑法》规定，情节严重的可处三年以下有期徒刑，好自为之。").kinds
    assert "legal_threat" not in _verdict("小说里法官咬牙切齿地说：判你二十年有期徒刑！").kinds


def test_asking_a_contact_to_remind_the_borrower_is_a_third_party_message():
    v = _verdict("您好，打扰一下，王**的贷款已经逾期，麻烦您提醒一下他及时还款。")
    assert "third_party_threat" in v.kinds
    assert "third_party_threat" not in _verdict("记得提醒一下他及时还款哦，他老忘。").kinds


def test_a_collectors_number_that_is_also_their_wechat_is_not_taken_as_genuine():
    text = "【某某催收】您的账单已逾期60天，我司受平台委托催收，请今日联系：1xx****xxxx（微信同号）"
    assert _legit(text) != "likely_genuine"


def test_a_photo_doctored_into_a_wanted_notice_is_harassment():
    assert "harassment" in _verdict("我们已经把你的照片P成通缉令，发给你通讯录里所有人了。").kinds


def test_a_card_past_its_due_date_in_its_grace_period_is_overdue_not_a_reminder():
    v = _verdict("【某某银行】您的信用卡还款已超过到期还款日，目前处于宽限期，请于5日内还清最低还款额。")
    assert "overdue_notice" in v.kinds and "reminder" not in v.kinds


# --- pastes as users make them (bench/probes/qa13.yaml) ---------------------------------------------------------


def test_a_relative_held_for_money_is_a_scam_whatever_debt_it_names():
    v = _verdict("阿姨您好，您儿子欠了网贷，现在人被我们扣着，马上打三万到这个卡上 6217 **** 1234，别报警。")
    assert v.legitimacy.value == "likely_scam" and "extortion" in {r.code for r in v.scam_signals}


def test_an_id_and_bank_card_uploaded_through_a_link_is_a_scam_but_inside_the_bank_app_is_not():
    assert _legit("【某某助学】您的贷款需办理认证，请登录 zxdk-rz.com 上传身份证及银行卡信息，逾期将上报征信。") == "likely_scam"
    assert _legit("【某某银行】请在手机银行App内上传身份证正反面完成信息更新。") != "likely_scam"
    assert _legit("【某某银行】请于App内上传身份证照片完成实名认证。") != "likely_scam"


def test_a_lender_seeking_someone_by_name_through_the_reader_writes_to_a_contact():
    v = _verdict("您好，我们是某某消费金融，想联系赵**女士，请问您能帮忙转告她回电吗？谢谢。")
    assert "third_party_threat" in v.kinds


def test_a_suit_a_platform_asks_a_contact_to_pass_on_is_a_bluff_not_a_fake_court():
    v = _verdict("各位好，我们是某某借平台，你们的同事王**欠款不还，已被起诉，请转告他联系我们。")
    assert v.legitimacy.value != "likely_scam" and "third_party_threat" in v.kinds


def test_a_logistics_refund_that_asks_for_nothing_is_not_a_scam():
    text = "【某某物流】您的包裹在运输中丢失，已为您发起理赔，赔付金额将退回原支付账户，无需您提供任何银行卡信息。"
    assert _legit(text) != "likely_scam"


# --- genuine institution texts a false-alarm hunt found (bench/probes/qa14.yaml) ---------------------------------


def test_a_tax_refund_already_paid_with_the_governments_own_site_is_genuine():
    text = ("【111政府專屬短碼】財政部通知：您113年度綜合所得稅退稅款NT$2,410已於12/03存入您指定帳戶，相關資訊請至 "
            "https://www.etax.nat.gov.tw 查詢。")
    assert _legit(text) == "likely_genuine"
    assert _legit("您的退税款2410元已审核通过，请点击 tax-refund.top 填写银行卡领取。") == "likely_scam"


@pytest.mark.parametrize("text", [
    "【某某网盘】您的超级会员将于3天后过期，过期后空间将恢复为免费容量，续费请登录客户端。",
    "【支付宝】你的实名认证信息中的身份证件已过期，请尽快打开支付宝App-我的-设置更新。",
    "【顺丰速运】您申请的理赔已审核通过，理赔金额150.00元已支付至您在顺丰APP登记的收款账户。",
])
def test_a_signed_notice_that_points_only_to_its_own_app_is_genuine(text):
    assert _legit(text) == "likely_genuine"


def test_a_company_account_that_is_a_persons_name_is_a_scam():
    text = "【某某消费金融】您的欠款可申请全额减免，只需先将6,000元转入对公账户：户名 李**，账号6222 0211 **** 5521，转账后即可结清。"
    assert _legit(text) == "likely_scam"


@pytest.mark.parametrize("text", [
    # an internet court's own service notice that warns against paying anyone
    "【杭州互联网法院】您有一份法律文书待签收，案号（2025）浙0192民初1234号，请在7日内登录 https://sd.court.gov.cn 查看。不要向任何人转账。",
    # a court's notice that a case moved into pre-suit mediation (转入 is no transfer of money)
    "【某某区人民法院】张**，某银行信用卡中心诉你信用卡纠纷一案已转入诉前调解，你也可登录人民法院调解平台 tiaojie.court.gov.cn 查看。",
    # a bank's fraud hold that warns it never sends links
    "【中国农业银行】您尾号1234的借记卡一笔向他人转账存在风险，该交易已暂停。如为本人操作请致电95599。农行不会以短信链接要求您验证身份。",
])
def test_courts_and_banks_own_notices_with_scam_words_in_their_ordinary_sense_are_genuine(text):
    assert _legit(text) == "likely_genuine"


def test_a_lenders_relay_that_points_only_to_its_app_is_its_own_practice():
    v = _verdict("【捷信】尊敬的客户，张**先生在我司留存了您的联系方式，我司有重要事项需与其沟通，请提醒其登录捷信金融APP或回电，谢谢。")
    assert v.legitimacy.value == "likely_genuine"
    assert "没有留任何号码或链接" in v.legitimacy.reasons[0].text["zh"]


def test_a_banks_own_notice_of_a_court_freeze_with_only_its_own_line_is_genuine():
    text = "【中国银行】您尾号1234的账户于2025年12月1日被某某区人民法院冻结，冻结金额1,000.00元。如有疑问请到开户网点查询或致电95566。"
    assert _legit(text) == "likely_genuine"
    # ...while money to be moved into a "mediation account" is still the scam it always was
    assert _legit("您的网贷案件已进入仲裁，请今天将欠款转入调解账户，可撤销案件。") == "likely_scam"
