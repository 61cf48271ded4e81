"""Families of messages from the fifth and sixth new-user rounds (bench/probes/qa5.yaml, qa6.yaml), written by
helpers who never read this project. Each test uses wordings of its own, not only the probe's, so a fix that
memorised one text fails here."""

from __future__ import annotations

from datetime import datetime

import pytest

from dunguard import Message, analyze

AT = datetime.fromisoformat("2026-12-07T14:30+08:00")


def verdict(text: str):
    return analyze(Message(text, received_at=AT), with_plan=False).verdict


@pytest.mark.parametrize("text", [
    # a known lender's name, then the debt moved to a QQ or WeChat account or group
    "【美团】您的美团月付已逾期，为避免影响征信，请加入官方处理群，QQ群号：7*****312。",
    "【网商银行】您的网商贷已逾期，如需和解，请添加法务专员QQ：3****80521。",
    "【招联金融】您的借款已逾期15天，请添加客服微信 zl****88 办理延期还款。",
    # told to keep away from the official line
    "【华夏银行】您的信用卡账单已逾期3期。请勿通过官方客服处理，以免产生额外罚息，请直接联系处置经理170****2211。",
    "你这笔欠款官方客服处理不了，只能找我们专员办理，电话171****0000",
    # a debt to be "settled" with gift-card codes
    "您在闪电借款的账户已逾期，现给您协商方案：今天购买京东E卡面值1000元两张，把卡密发给我，即可结清。",
    "欠款可以充值卡结清，买好话费卡后把卡密拍照发给专员就行。",
    # a service "left open" that will cost money or the credit record, with a number to call
    "【银联中心】您在京东的分期服务未关闭，将产生高额利息且影响个人征信，请回电客服 021-5***-**** 取消。",
    "您开通的百万保障会员尚未取消，下月起将每月扣费600元，如需关闭请致电 400-8**-1234。",
    # a platform's deposit taken, to be contested through a private QQ
    "【抖音】您的抖音账号因直播违规将被扣除保证金，请联系平台客服QQ：1****7760 申请撤销。",
    # a regulator or the credit bureau writing about one person's record
    "【国家金融监督管理总局】您的个人征信报告存在异常记录，可能导致房贷无法审批，回复1由专人为您处理。",
    "央行征信中心提醒：您的信用记录出现不良，请尽快联系专员修复。",
    # a bank's overdue notice that wants the money in a named person's account (the page masked the digits)
    "【中国工商银行】您尾号6652的信用卡已严重逾期。请于今日内将欠款3826.50元转入还款专户：6217 **** **** 5521 户名：陈**。",
    # a cancelled flight, rebooked and compensated over a number in the text
    "【东方航空】尊敬的旅客，您预订的航班因机械故障取消，请联系客服400-8**-2***办理改签，每位乘客可获赔偿300元。",
])
def test_scams_in_new_wordings_are_scams(text: str) -> None:
    v = verdict(text)
    assert v.legitimacy.value == "likely_scam", (v.legitimacy.value, v.scam_risk, [r.code for r in v.scam_signals])


@pytest.mark.parametrize("text", [
    "请勿通过非官方渠道还款，谨防诈骗。",
    "【招商银行】请勿通过第三方平台还款，请认准掌上生活App。",
    "【中国人民银行征信中心】您提交的个人信用报告异议申请已受理，处理结果将在20日内告知。",
    "【XX银行】防诈提醒：近期有人冒充我行或“征信中心”，称您“校园贷账户未注销”“征信有逾期需修复”，诱导共享屏幕并转账。"
    "我行不会以任何理由索要验证码，请勿轻信。",
    "【淘宝】您的店铺保证金将被扣除500元，如有疑问请在千牛App内申诉。",
    "【工商银行】您尾号1234卡12月6日向张某某转账5000.00元，余额300元。如非本人操作请致电95588。",
])
def test_genuine_notices_and_warnings_that_share_the_words_stay_genuine(text: str) -> None:
    assert verdict(text).legitimacy.value == "likely_genuine"


def test_money_paid_into_the_loan_app_is_repaying_not_extortion() -> None:
    v = verdict("今天下午三点前把钱打到APP里，不然我们就去你老家找你爸妈要，你自己看着办。")
    assert v.legitimacy.value == "likely_bluff"
    assert "scam" not in v.kinds


def test_a_clock_time_before_kaishi_is_not_a_link_to_open() -> None:
    # "8点开始" holds 点开 ("open it") by accident; a threat to broadcast is no payment link
    v = verdict("tx录已导出 今晚8点开始群发你欠钱不还的事 自己掂量")
    assert "pay_link" not in [r.code for r in v.scam_signals]
    assert v.legitimacy.value == "likely_bluff"


@pytest.mark.parametrize(("text", "kind"), [
    # contacts said to have received the debt notice, without 已
    ("截至目前，已有37位联系人收到您的欠款告知函，剩余联系人将于明日统一发送。", "third_party_threat"),
    ("你的通讯录好友收到你的逾期通知了，还不处理？", "third_party_threat"),
    # the village's chat group already posted to; everyone to learn what the reader is
    ("你老家那个村的微信群我们已经发了，照片名字都在上面，想删就先把钱还了。", "third_party_threat"),
    ("考虑一下你在朋友们心里的形象，今天不处理，明天大家都会知道你是个什么样的人。", "third_party_threat"),
    # a colleague sent back to the home town, a face-to-face talk about the debt
    ("下周一安排同事回你老家一趟，跟你父母当面聊聊这笔钱的事。", "visit_threat"),
    ("你家门牌号我们核对过了，这周找个时间当面聊聊你欠款的事。", "visit_threat"),
    # court papers on their way, a summons to wait for, the suit's costs put on the reader, silence as refusal
    ("法院传票已生成，将于明日送达您户籍地，请本人签收。", "legal_threat"),
    ("你以经被起述了 等着收传票吧", "legal_threat"),
    ("预计48小时内完成立案，立案后产生的诉讼费、律师费全部由您承担。", "legal_threat"),
    ("【法务部】律师函已出具，3日内未回复视为放弃协商，将直接起诉并申请财产保全。", "legal_threat"),
    # insults spelt to slip past filters, masked curses, death wishes with no 你, sleep and calls taken away
    ("你个沙比，借钱的时候叫爸爸，还钱的时候装孙子", "harassment"),
    ("你个***，我们的钱都敢不还，等着全家***吧", "harassment"),
    ("借钱不还的人出门被车撞，全家死光光", "harassment"),
    ("凌晨两点了还睡得着？欠钱的人不配睡觉，起来还钱", "harassment"),
    ("23:47 睡了没？没睡就还钱，睡了我们就打到你醒", "harassment"),
    ("你这个号码已经加入自动外呼，每天早中晚各二十遍，直到欠款还清为止。", "harassment"),
    ("🐶都知道欠债还钱 你连🐶都不如", "harassment"),
    # a length of debt said with 欠款
    ("你好，你的借款已欠款12天，请速回电处理", "overdue_notice"),
])
def test_threats_in_new_wordings_are_named(text: str, kind: str) -> None:
    assert kind in verdict(text).kinds


@pytest.mark.parametrize("text", [
    "各位家长好，本周六上午学校组织家访，请提前在家等候，老师会与您沟通孩子本学期在校情况。",
    "今年过年回你爸妈家还是我爸妈家，得早点定票了",
    "今年过年回你老家还是我老家？",
    "这部剧里的反派最后不得好死，大快人心。",
    "照片我已经发到家族群里了，大家都说好看",
    "相处久了，大家都会知道你是个什么样的人，别急",
    "这事今天不处理，明天再说吧",
    "请于欠款30天内还清",
])
def test_ordinary_texts_with_the_same_words_are_not_threats(text: str) -> None:
    v = verdict(text)
    assert not {"visit_threat", "harassment", "third_party_threat", "overdue_notice"} & set(v.kinds)


@pytest.mark.parametrize("text", [
    # an intermediate court's own 12368 notice (the page masked the case number's digits)
    "【12368】【XX市中级人民法院】您好，您的案件(2025)浙01民终****号将于2025年6月12日9时30分在第十三法庭开庭，请准时到庭。",
    # a locker's storage fee for a late pickup is no unexpected charge
    "【京东快递】您的快件已到达XX快递柜，取件码 20451836，请及时领取，超时将收取保管费。",
])
def test_genuine_court_and_locker_notices_are_genuine(text: str) -> None:
    assert verdict(text).legitimacy.value == "likely_genuine"


def test_a_fee_announced_with_a_mobile_to_call_is_still_a_scam() -> None:
    assert verdict("【中国银行】您的信用卡将收取年费200元，如有疑问请致电 171****2222").legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    # a court's name and case number with a named site off gov.cn: the fake summons
    "【成都市中级人民法院】你因网络借贷合同纠纷被起诉，案号(2024)川01民初8XX7号。请于今日内登录 http://cdfy-gov.top 查看电子传票。",
    "【XX市人民法院】您因网贷欠款被起诉，案号(2024)X0305民初XXXX号，请今日内登录 fy-susong.cc 查看并缴纳诉讼保全金。",
])
def test_a_fake_court_site_is_a_scam_and_says_why(text: str) -> None:
    report = analyze(Message(text, received_at=AT), with_plan=False)
    assert report.verdict.legitimacy.value == "likely_scam"
    assert "link_not_gov" in [r.code for r in report.verdict.scam_signals]


def test_a_supreme_court_text_about_a_credit_card_is_no_court_notice() -> None:
    v = verdict("【最高人民法院】您因信用卡恶意透支已被立案，案号（2024）最高法执字第0371号，请于今日联系承办人员010-6xxxx238，"
                "逾期将移交公安机关。")
    assert v.legitimacy.value == "likely_scam"


# --- the seventh and eighth rounds (bench/probes/qa7.yaml, qa8.yaml) -----------------------------------------


@pytest.mark.parametrize("text", [
    # fees before a payout or a withdrawal
    "低息贷款，无需抵押，放款前需交1000元保证金，保证金到账即刻放款",
    "您的贷款已到账，但需要先开通会员（299元）才能提现，请在APP内完成开通。",
    "恭喜，您的理财收益已达8万元，因大额提现需先缴纳个人所得税1.6万元后方可到账。",
    # tasks, tips, shops off the platform, a shop's after-sales desk unasked
    "关注抖音账号截图返佣金，一单5块，做吗？",
    "导师今天带单收益32%，新平台开户入金满5万送2000体验金，名额有限",
    "演唱会门票原价转让，只收微信转账不走平台，先付款后发票",
    "您好，我这边是淘宝售后，您买的充电宝存在质量问题被召回，给您双倍赔偿。",
    # army buyers, ETC re-activation, gifts that cost postage, codes for red packets
    "您好，我是XX部队采购员，我们部队要订购100份盒饭，明天送到，能做吗？",
    "尊敬的车主，您的ETC电子标签已失效，回复1重新激活",
    "您的积分可兑换电饭煲一台，仅需支付邮费29元，回复Y领取",
    "业主群福利，扫码关注公众号，输入手机号和验证码即可领取红包200元",
    "【借呗】您的延期申请已受理，请将收到的验证码告知客服完成延期，切勿泄露给他人。",
    # blackmail, a stranger's report over QQ, a friend's "limited" account
    "照片已经P好了，不想让你老婆看到就联系我 QQ 2***4411",
    "张先生，你的亲子鉴定报告已出，请加QQ查看：3*****8211",
    "在吗？我支付宝被限额了，你先帮我转3000给一个朋友，晚上还你",
    # a "new policy" that waives interest, a court or police name on a site off gov.hk, a court with a 经理's mobile
    "国家出台新政策，逾期用户可申请全部减免利息，仅还本金。点击 jrxq-zc.cn 领取减免资格。",
    "【司法機構】閣下涉及一宗小額錢債審裁處案件，請按以下連結核實身份，否則將被缺席判決：judiciary-hk.info/v",
    "经本院查明，你拖欠原告借款本息16,880元，逾期不履行的，本院将依法冻结你的财产。联系人：执行专员 刘经理 176****0312",
])
def test_more_scam_families_are_scams(text: str) -> None:
    v = verdict(text)
    assert v.legitimacy.value == "likely_scam", (v.legitimacy.value, v.scam_risk, [r.code for r in v.scam_signals])


@pytest.mark.parametrize("text", [
    "【中国邮政】您的EMS邮件11****0826因收件地址不详暂存于XX营业部，请携带身份证前往领取或拨打11183查询。",
    "哥，我换号了，这是新号。刚用旧号给你微信也发了消息，你对一下。以后打这个就行，没别的事",
    "【招商银行】您账户尾号6228于05月12日14:23收到退款人民币129.00元，来源：财付通-京东商城。如有疑问请致电95555。",
    "【个人所得税】您的2024年度汇算退税款312.00元已退至您尾号4471的银行账户，请注意查收。",
    "【丰巢】您的快递已存入XX花园3号丰巢柜，取件码408126，超12小时将收取保管费，详情见丰巢微信小程序。",
    "【中国联通】您的积分即将清零，可通过中国联通APP“我的-积分”兑换话费、流量等，详询10010。",
    "【腾讯视频】您的VIP会员已自动续费成功，扣款¥25.00。如需关闭，请在腾讯视频APP中操作。",
    "【XX市人力资源和社会保障局】您本年度的待遇领取资格认证即将到期，请通过“掌上12333”APP进行刷脸认证，认证免费，"
    "请勿点击陌生链接。",
    "【星巴克】恭喜您在周年庆抽奖中获得中杯饮品券一张，已放入星巴克APP“我的-优惠券”，有效期30天。",
    "【香港警務處】警方提醒：近日有騙徒冒充速遞公司發送短訊，聲稱包裹需繳付關稅並附上連結。如有懷疑，請致電18222查詢。",
    "【今日头条】男子欠网贷12万被“爆通讯录”，律师：催收不得骚扰无关第三人",
    # a known bank asking a contact to pass a call-back on, through its own line
    "【招商银行】您好，我行客户王先生预留您为联系人，因有重要事宜需与其本人沟通，烦请转告其尽快致电95555。",
])
def test_more_genuine_texts_stay_genuine(text: str) -> None:
    v = verdict(text)
    assert v.legitimacy.value == "likely_genuine", (v.legitimacy.value, v.scam_risk, [r.code for r in v.scam_signals])


def test_a_bank_asking_a_contact_to_pass_on_a_call_back_gets_no_refusal_draft_or_complaint() -> None:
    report = analyze(Message("【招商银行】您好，我行客户王先生预留您为联系人，因有重要事宜需与其本人沟通，烦请转告其尽快致电95555。",
                             received_at=AT))
    steps = [s.id for s in report.plan]
    assert steps[0] == "relay_only" and "complain" not in steps
    assert not report.findings  # it names no debt, so it discloses none


def test_a_school_writing_to_parents_about_fees_is_no_third_party_threat() -> None:
    v = verdict("【XX小学】各位家长，本学期校服费及午餐费请于9月10日前通过学校缴费平台缴纳，逾期未缴的请联系班主任。")
    assert "third_party_threat" not in v.kinds and v.legitimacy.value == "likely_genuine"


@pytest.mark.parametrize("text", [
    # a relative asked to pay through the official app, with "not to me" said outright
    "叔叔您好，您女儿秦**在我们平台的欠款一共4,120元。如果您方便，可以先帮她还上，还款还是走官方APP，不用转给我个人。",
    # the reader's own restructuring application refused: no agent selling "debt relief"
    "你在我司的债务重组申请已被驳回，原因是长期失联。今天下午3点前还2,000，否则直接通知你单位财务部门按月扣款。",
])
def test_collector_pressure_that_names_no_scam_is_not_called_a_scam(text: str) -> None:
    v = verdict(text)
    assert v.legitimacy.value == "likely_bluff", (v.legitimacy.value, [r.code for r in v.scam_signals])


@pytest.mark.parametrize("text", [
    "【人民法院调解平台】您好，某区人民法院委派的调解案件已分配调解员，请于5日内登录人民法院调解平台查看并选择是否同意调解。"
    "本短信不含任何缴费链接。",
    "【广州仲裁委员会】邹**：申请人马上消费金融股份有限公司与你之间的借款合同纠纷案（穗仲案字〔2025〕第****号）已受理，"
    "请于收到之日起10日内提交答辩意见。",
])
def test_a_court_platform_or_arbitration_commission_notice_is_genuine(text: str) -> None:
    assert verdict(text).legitimacy.value == "likely_genuine"


def test_dont_make_us_come_is_a_visit_threat_not_a_threat_of_violence() -> None:
    v = verdict("王芳，今天再不还钱，别逼我们上门。")
    assert "visit_threat" in v.kinds and "harassment" not in v.kinds
    assert "violence_serious" not in [r.code for r in v.legitimacy.reasons]


def test_a_contact_is_told_a_guarantee_they_signed_changes_things_before_the_refusal_draft() -> None:
    report = analyze(Message("阿姨您好，您儿子李强在我司欠款12000元已逾期，请转告他尽快还款。", received_at=AT))
    step = next(s for s in report.plan if s.id == "not_your_debt")
    assert "担保合同" in step.action["zh"] and "guarantee" in step.action["en"]


def test_a_collection_agencys_signature_is_not_taken_for_the_lender_in_the_drafts() -> None:
    report = analyze(Message("【安信催收】张伟，你在速借花欠款8600元已逾期45天，今晚9点我们外访组两名同事到你家小区，"
                             "当着邻居的面说清楚。", received_at=AT))
    drafts = "\n".join((s.draft or {}).get("zh", "") for s in report.plan)
    assert "我在速借花名下是否有借款" in drafts
    assert "被投诉机构：速借花（催收机构：安信催收）" in drafts
    assert "【安信催收】名下" not in drafts


def test_a_settlement_offer_gets_a_step_to_confirm_it_and_keep_the_settlement_certificate() -> None:
    report = analyze(Message("【XX借款】您的账户已逾期90天，现为您申请到一次性结清方案：仅需还款7800元即可结清全部欠款，"
                             "优惠3日内有效，请登录App操作。", received_at=AT))
    steps = [s.id for s in report.plan]
    assert "confirm_offer" in steps and steps.index("confirm_offer") < steps.index("repay_intent")
    step = next(s for s in report.plan if s.id == "confirm_offer")
    assert "结清证明" in step.action["zh"] and "结清证明" in step.draft["zh"]
    # a scam's "offer" gets the scam's plan, not this step
    scam = analyze(Message("您好，您在闪电借款的账户已逾期，现给您协商方案：今天购买京东E卡面值1000元两张，把卡密发给我，即可结清。",
                           received_at=AT))
    assert "confirm_offer" not in [s.id for s in scam.plan]


# --- the ninth round (bench/probes/qa9.yaml): collectors' own short style -----------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("朱**你好 你的紧联已经打过了 你姐说不管你 现在开始打你tx录里其他人 自己看着办", "third_party_threat"),
    ("你同学群我都加上了 再不回电话明天群里见", "third_party_threat"),
    ("郑**你脸皮是有多厚 一千块钱拖三个月 要饭的都比你有骨气", "harassment"),
    ("吃屎吧你 赖账的东西 还敢拉黑我 换了十个号照样打你", "harassment"),
    ("冯**已在系统标记为恶意逃废债 今日18点后自动移交司法 届时将被拘留 请自行承担", "legal_threat"),
    ("林**你好 你已被起诉 开庭前可联系我方协商撤诉 否则法院判决后将申请强制执行", "legal_threat"),
])
def test_collectors_short_style_is_read(text: str, kind: str) -> None:
    assert kind in verdict(text).kinds


def test_a_fee_to_stop_collection_is_a_scam() -> None:
    assert verdict("停止催收请联系微信 hk***88 交299元即可让平台停止一切催收 不再爆tx录").legitimacy.value == "likely_scam"


@pytest.mark.parametrize("text", [
    # 赶紧联系 holds 紧联 by accident: no emergency contact named
    "你欠款逾期好多天了，赶紧联系我处理",
    # a meal owed among friends, in collection words, with a laugh
    "哈哈 上征信了上征信了 你欠我那顿火锅再不请 我就发函到你村委😂",
])
def test_no_third_party_threat_where_none_is_made(text: str) -> None:
    assert "third_party_threat" not in verdict(text).kinds


def test_a_rant_about_a_company_is_no_collection_insult() -> None:
    # 脸皮真厚 is abuse only beside a debt: a post about a firm's conduct is an ordinary text
    v = verdict("分享图片绿地集团成都公司脸皮真厚尼玛自己有问题别人报道了还恬不知耻的要求被人删除报道你们还要脸吗")
    assert "harassment" not in v.kinds


@pytest.mark.parametrize("text", [
    "兄弟 我们人已经在你们村口了 问了几个老乡都知道你家 出来吧",
    "您好 我司法务专员已到达您户籍所在地派出所附近 请于1小时内回电 否则将前往村委会说明情况",
    "明天上午十点左右我们在你们站点门口等你，欠款的事当面说清楚。",
])
def test_someone_at_the_village_edge_the_police_station_or_the_delivery_depot_is_a_visit(text: str) -> None:
    assert "visit_threat" in verdict(text).kinds


@pytest.mark.parametrize("text", ["我在你们村口等你一起去赶集", "材料已提交到你户籍地派出所"])
def test_a_friend_at_the_village_edge_or_papers_sent_to_the_police_are_no_visit(text: str) -> None:
    assert "visit_threat" not in verdict(text).kinds
