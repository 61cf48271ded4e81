"""Scam risk: signals that a message is fraud dressed as collection, each with its weight and words."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from dunguard.assess.common import (
    _TAIL_REF_RE,
    APP_RE,
    COURIER_WORDS,
    SCAM_RISK_CAP,
    _matches,
    _t,
    callback_phones,
    gov_host,
    gov_link,
    hit_spans,
    hotline_domain,
    is_listed,
    is_official,
    is_service_line,
    is_signed,
    known_lender,
    lender_name,
    official_phones,
    own_channels_only,
    rule_of,
    rule_weight,
    service_kind,
    signer_number_domain,
    site_matches,
    speaks_of_debt,
    text_numbers,
    visit_claims,
    written_to_third_party,
)
from dunguard.extract.base import Doc
from dunguard.grammar import Hit, Match, Parse, load_grammar
from dunguard.lenders import digits_of
from dunguard.model import Element, Finding, Reason, Span
from dunguard.regexcache import Gated, finditer_led

W_PERSONAL_ACCOUNT = 35
W_PERSONAL_TRANSFER = 60
W_URGENT_PAYMENT = 25
W_LINK_SHORTENER = 25
W_LINK_OBFUSCATED = 25
W_LINK_UNOFFICIAL = 25
# An ordinary domain we cannot check (a bank's or a carrier's own, or not): a weak sign alone.
W_LINK_UNVERIFIED = 5
W_LINK_RISKY_HOST = 25
# A host that embeds a bank's brand but is not on its site list: phishing by design, though a bank's
# own subsidiaries (a fund or leasing arm) sometimes look the same, so not proof alone.
W_LINK_LOOKALIKE = 35
# A cheap or imitation domain under an institution's name (【國泰世華】… cathay-bk.top).
W_LINK_CHEAP_SIGNED = 60
W_CHARGE_KNOWN_LENDER = 20
W_CODE_OUTSIDE_DEBT = 45
# A known lender's text with a link to pay: the link may be its own, so this stays a weak sign.
W_PAY_LINK_KNOWN_LENDER = 15
W_LINK_MENTION = 15
W_PERSONAL_MOBILE = 20
W_PERSONAL_MOBILE_LENDER = 30
# The person bringing a parcel, whose own mobile a delivery notice gives.
_COURIER_RE = re.compile(COURIER_WORDS + "|师傅")
# A fee the reader is told to pay (缴纳手续费720元, 支付服务费), not one a bill reports as charged.
_FEE_ASKED_RE = re.compile(r"(?:缴纳|支付|交纳|补缴|补交|交)[^，。,；;]{0,6}(?:手续费|服务费|费用|违约金|滞纳金|保证金)")
# Utilities and motorway operators, which bill and refund through their own hotlines (95598), halls and apps.
_UTILITY_VOICE_RE = re.compile(r"国家电网|南方电网|供电公司|供电局|电力公司|电力|自来水|水务|燃气|煤气公司|高速公路|ETC|台電|台灣電力|自來水|瓦斯")
# Penalty points "cleared" or taken by someone else for money, which no traffic office offers.
_POINTS_SALE_RE = re.compile(r"消分|销分|代扣分|买分|卖分|替扣分|代消分")
_TRAFFIC_RE = re.compile(r"交管|交警|车管所|公安交通")
# A money matter to settle: a bill to pay, a fine, a refund, points to buy back.
_OFFICE_MONEY_RE = re.compile(r"补缴|缴纳|缴费|交费|付款|罚款|罚金|罰款|罰鍰|退还|退款|退费|赔付|理赔|消分|扣分|欠费|滞纳金|违约金|繳費|欠費")
# Words that present a number as an institution's service desk.
_SERVICE_DESK_RE = re.compile(r"客服|热线|服务电话|服务热线")
W_SIGNED_FROM_MOBILE = 25
W_APK_LINK = 60
W_OVERSEAS_NUMBER = 30
# The place whose money a message counts in; its own numbers are not "overseas" to that reader.
_CURRENCY_COUNTRY = {"HKD": "HK", "MOP": "MO", "TWD": "TW"}
W_NUMBER_NOT_OFFICIAL = 20
# A made-up problem (a frozen card, a subsidy to collect) to be fixed by calling the sender or "客服"
# rather than the service line printed on a card: the step that turns a pretext into the scam itself.
W_PRETEXT_CALLBACK = 25
W_PRETEXT_RUSH = 15
# A clock of hours or "today only" on a claim (24小时内, 今日内), not the everyday 尽快 or 立即, nor a shop's 限时抢.
_HOURS_LIMIT_RE = Gated(re.compile(r"(?:[0-9一二两三四五六七八九十]+|半)\s?(?:个)?小时内|今日内|今天内|当日内|当天内"))
W_ANONYMOUS_PRETEXT = 25
# Only a state of the reader's own account or papers (frozen, expired, disabled), not an upgrade or a badge.
_BLOCKED_STATE_RE = re.compile(
    r"账户异常|账号异常|异常|冻结|被冻结|已冻结|过期|已过期|失效|停用|被停用|已停|受限|限制使用|禁用|暂停使用|停止使用|功能受限|"
    r"信息不符|资料有误|信息有误|信息不全|填写错误|不符合"
)
# "账户已被限制，回复验证码解除限制": a restriction to be lifted by handing over the code.
_LIFT_BY_CODE_RE = re.compile(r"(?:限制|冻结|异常|违规|停用|受限|封)[^\n]{0,24}(?:回复|发送|告知|提供)[^。]{0,6}验证码[^。]{0,6}(?:解除|恢复|解冻|解封)")
_YOUR_RE = re.compile(r"[你您]的|[你您]名下|[你您]绑定")
_ASKS_RE = re.compile(r"请|需要?|尽快|及时|务必|速")
_PRETEXTS = ("abnormal_fix", "prize_lure", "medical_pretext", "parcel_issue")
# Money to go to the sender themself (只能转账到我, 转给我).
_TO_ME_RE = re.compile(r"(?:转账|转|打|汇|付)(?:款)?(?:到|给|至)我(?![们司行方])")
_TEMP_ACCOUNT_RE = re.compile(r"临时(?:还款|收款|过渡)?(?:账户|账号|专户)")
# "Apply online" words the link class also holds: no page named, so a limit raise said with them is its own lure.
_APPLY_ONLINE = frozenset({"在线申请", "在线办理", "网上申请", "网上办理"})
# Money said to be waiting for the reader (你有一笔养老补贴未领取): no advert's product, whatever 咨询电话 follows.
_UNCLAIMED_RE = re.compile(r"(?:尚未|未|待|还没|没有)领取")
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
# The medical-insurance scam's own made-up defects, which no bureau's real notice names.
_MEDICAL_SCRIPT_RE = re.compile(
    r"自动作废|不验证|未完成验证|逾时作废|资料缺失|信息缺失|资料不全|信息不全|不完整|未升级|没有升级|电子版|已到达|补录|需重新认证|"
    r"冒用|盗用|盗刷|未领(?:的|取)?[^，。,]{0,4}(?:津贴|补贴|补助)"
)
# A number the page masked after a call word ("请致电0086××××"): still a number to call.
_CALL_DIGITS_RE = re.compile(r"(?:致电|拨打|联系|回电|详询|咨询|电话)[^，。,；;]{0,6}?[0-9×＊*]{4,}")
# A desk the text sends the reader to without giving its number (请联系客服, 请拨打专线).
_DESK_RE = re.compile(r"客服|专线|专员|专人")
# A bank named in the words ("我爱人农行卡"): with "pay into this card" the whole changed-account request.
_BANK_WORD_RE = re.compile(r"银行|[工农建中交招]行|工商(?!注册|局|执照|管理)|邮政|邮储|信用社|农信社")
# Who the changed-account script speaks as: the landlord, the school, the boss (我是房东, 教务处, 老板让).
_PAYEE_PERSONA_RE = re.compile(r"房东|教务|班主任|老师|学校|校方|老板|领导|董事长|总经理|财务")
# What a bare account text ("建行 6222… 张三") is made of besides the card number and the holder's name.
_ACCOUNT_FILLER_RE = re.compile(
    r"中国|工商|农业|建设|交通|招商|邮政|储蓄|邮储|农村|商业|信用合作|信用社|农商|民生|浦发|兴业|光大|中信|银行|[工农建中交招]行|"
    r"卡号|账号|帐号|账户|帐户|户名|开户行|开户|姓名|收款人|转发|转自|储蓄卡|借记卡|银行卡|"
    r"[^\u4e00-\u9fa5]"
)
W_BARE_ACCOUNT = 60
W_PARCEL_SIGNED = 45
W_BRAND_WRONG_LINE = 40  # with the pretext's callback (25) it reaches SCAM_LIKELY
W_PARCEL_UNSIGNED = 35  # with a number to call in the text (pretext_callback, 25) it reaches SCAM_LIKELY
# An impersonation sign when the sender offers the reader a way to check them: a caution, not a verdict.
W_CHECKABLE = 30
# collecting a prize or refund that is the reader's (待领取, 按2键领取), not a service an advert lists
_CLAIM_RE = re.compile(r"领取|领奖|申领|待确认|待处理|兑换|认领")
# A new number to be kept or answered (收到请回复, 惠存, 存一下, 你号码多少, 有事打这个).
_KEEP_RE = re.compile(r"回复|回个|回我|收到请|收到(?:了)?(?:吗|没|嘛)|可以收到|能收到|惠存|存一下|存下|记一下|记下|保存|留存|备注|号码多少|号多少|"
                      r"有事(?:请|可|就)?(?:联系|打|找)|联系这个|打这个|以后(?:请)?(?:联系|打)")
# card or payee details asked for (提供订单号和收款卡号): a refund goes back the way the money came without them
_CARD_ASK_RE = re.compile(r"(?:提供|告知|填写|输入|发送|发来|发过来|发给|回复|报)[^，。,]{0,8}(?:卡号|银行卡|收款码|收款账户|账户信息|收款信息|银行卡信息)")
# a penalty for not acting in time (延时将销户, 逾期将受到处罚, 否则吊销)
_PENALTY_RE = re.compile(
    r"(?:延时|超时|逾期|过期|否则|不然)[^，。,]{0,6}(?:将|会)?[^，。,]{0,4}(?:处罚|罚款|销户|注销|吊销|停用|冻结|列入|影响)"
    # ...or a benefit lost if the step is not taken (未补充将清除报销资格, 不认证将停发)
    r"|(?:未|不|没有)[^，。,]{0,6}(?:将|会|则)[^，。,]{0,4}(?:清除|取消|作废|停发|失去|丧失)"
)
# a link written as a domain but not read as one (t.cn.xxx, 被遮住的网址)
_DOMAIN_RE = re.compile(r"[A-Za-z0-9*]\.(?:cn|com|net|cc|top|xyz|vip|me|co|io|tw|hk)\b", re.I)
_LEGAL_VOICE_RE = re.compile(r"法院|检察院|公安|派出所|司法机构|警务处|执行署")
_QR_RE = re.compile(r"扫码|扫描[^，。,]{0,8}二维码|扫一扫")
_OPEN_RE = re.compile(r"点击|点开|打开|安装|查看地址|地址[:：]")
_BANK_VOICE_RE = re.compile(r"我行|本行|信用卡中心")
# An app to download or install from a text is itself the way in (请下载XX App领取).
_INSTALL_RE = re.compile(r"下载|安装|扫码")
# A number said to be its owner's WeChat as well (（同微信）, 微信同号): a person's phone, not a service desk.
_SAME_WECHAT_RE = re.compile(r"\s?[（(]?\s?(?:同微信|微信同号|同号微信|微信同步)")
# A number to ring that a page masked or the text hides (请联系xxx处理, 致电***).
_MASKED_CALL_RE = re.compile(r"(?:联系|致电|拨打|回电|电话)[^，。,]{0,3}(?:[xX×*＊]{3,}|某某)")
# A government body speaking: its sites all live under gov.cn.
_GOV_VOICE_RE = re.compile(
    r"中国人民银行|征信中心|银保监会|金融监管总局|医疗保险|医疗保障局|医保|社保|12333|交警|交管|个人所得税|个税|税务局|税务机关|税务部门|稅務局|稅務機關|"
    r"国家税务总局|人社局|人力资源和社会保障|公积金管理中心|车管所|"
    r"人民法院|公安局|检察院|市场监督管理局|市场监管总局|市场监管局|工商总局|工商局|工商管理|工商行政管理|教育局|"
    # a court or police body in the signature, however short its name (【XX法院】)
    r"【[^】]{0,12}(?:法院|检察院|派出所|公安)[^】]{0,6}】"
    # Hong Kong's and Taiwan's courts and police (司法機構, 香港警務處, 法務部)
    r"|司法机构|警务处|法务部行政执行署"
    # a court speaking of itself (经本院查明)
    r"|本院|我院"
)


# Scam signals the word-class grammar finds (dunguard/grammar/zh.yaml), as (reason code, weight, texts).
# A code, card or screen-share request and a paid credit-repair service are fraud on their own:
# police warnings say no genuine lender uses them, so one match reaches or nears SCAM_LIKELY.
GRAMMAR_SIGNALS: dict[str, tuple[str, int, str, str]] = {
    "secret_request": (
        "code_request", 60,
        "索要验证码、卡号、密码或屏幕共享（“{words}”）：正规贷款机构不会通过短信或电话要这些。",
        "Asks for a code, card details, a password or a screen share (“{words}”): a genuine lender never "
        "asks for these by text or phone.",
    ),
    "credit_repair": (
        "scam_script", 60,
        "常见诈骗话术（“{words}”）：注销账户、修复征信、停息挂账代办、消除逾期都不需要付钱给任何人，也没有人能做到。",
        "A common scam script (“{words}”): closing an account, repairing a credit record or paid debt "
        "negotiation need no payment to anyone, and nobody can sell them.",
    ),
    "pay_to_drop": (
        "pay_to_drop", 45,
        "要你转到指定账户或扫码付钱来“撤诉、撤案”（“{words}”）：撤诉由原告向法院申请，欠款只在借款App或贷款机构的官方账户里还；"
        "私下付钱撤诉是冒充催收和法院的常见诈骗。",
        "Money to a given account or QR code to have a case “dropped” (“{words}”): a suit is withdrawn by the "
        "creditor through the court, and a debt is paid only in the loan app or the lender's official account; "
        "paying privately to drop a case is a common scam posing as collectors or courts.",
    ),
    "upfront_fee": (
        "upfront_fee", 60,
        "放款前先收费（“{words}”）：正规贷款不会在放款前收保证金、解冻费或刷流水。",
        "Money asked before a loan pays out (“{words}”): genuine loans never charge a deposit, unfreezing "
        "fee or turnover before paying out.",
    ),
    "abnormal_link": (
        "link_pretext", 55,
        "以账户异常、冻结、过期等为由让你点链接或登录（“{words}”）：这是钓鱼短信最常见的套路，正规机构会让你在官方App里办理。",
        "An account problem with a link or log-in to fix it (“{words}”): the most common phishing pattern; "
        "genuine institutions send you to their official app.",
    ),
    "authority_impersonation": (
        "authority_impersonation", 45,
        "以法院、公安、监管机关的名义说你涉案或资产将被冻结，并要你回电、点击或转账（“{words}”）：公检法不会用短信这样办案，"
        "这是冒充公检法诈骗的典型说法。",
        "Uses a court's, the police's or a regulator's name to say you are under investigation or your assets "
        "will be frozen, and asks you to call, click or pay (“{words}”): the authorities do not work by text "
        "like this; it is the classic impersonation scam.",
    ),
    "authority_self": (
        "authority_self", 60,
        "短信以法院、公安等机关的口吻说你涉案、被起诉或要开庭，并要你回电或联系（“{words}”）：真正的法院、公安通过官方平台或当面送达文书，"
        "不会用短信让你回电处理；这是冒充公检法的典型诈骗。",
        "Speaks as a court or the police about a case, a suit or a hearing and asks you to call back (“{words}”): "
        "real courts and police serve documents through official platforms or in person and do not text you to call "
        "them; this is the classic impersonation scam.",
    ),
    "unexpected_charge": (
        "unexpected_charge", 60,
        "声称你被扣费、透支或开通了什么，并让你打电话咨询（“{words}”）：这是冒充银行扣款诈骗的开场白；请打银行卡背面的官方电话核实。",
        "Claims an unexpected charge or overdraft and gives a number to call (“{words}”): the opening of the "
        "fake bank-debit scam; check on the number printed on your card.",
    ),
    "abnormal_fix": (
        "abnormal_fix", 35,
        "以账户异常、过期、冻结为由要你去更新、认证或解冻（“{words}”）：这是钓鱼诈骗的常见开头；请只在官方App里查看账户状态。",
        "Pleads an account problem and asks you to update, verify or unfreeze it (“{words}”): a common "
        "phishing opening; check your account only in the official app.",
    ),
    "safe_account": (
        "safe_account", 60,
        "要你把钱转到“安全账户”或配合“资金清查”（“{words}”）：公安、法院、银行都没有这种账户，这是冒充公检法诈骗。",
        "Asks you to move money to a “safe account” or for a “fund check” (“{words}”): no police, court or "
        "bank has such an account; this is an impersonation scam.",
    ),
    "scarce_relief": (
        "scarce_relief", 45,
        "把减免、停息分期说成“名额有限”，让你打短信里的号码找“专员”办理（“{words}”）：贷款机构的减免要在它的App或官方客服"
        "申请，不是抢名额；冒充平台的“减免诈骗”就是这样开头。请只在官方App里查看有没有减免。",
        "Relief offered as scarce, to be taken by calling a number or “agent” in the text (“{words}”): "
        "a lender's relief is applied for in its app or on its official line, not grabbed; fake-relief scams open like "
        "this. Check for relief only in the official app.",
    ),
    "prize_lure": (
        "prize_lure", 45,
        "用你没申请过的中奖、退款或理赔引你回电、点链接或交出信息（“{words}”）：这是诈骗常用的诱饵。",
        "Uses a prize, refund or compensation you never asked for to make you call, click or give details "
        "(“{words}”): a common scam bait.",
    ),
    "criminal_accusation": (
        "criminal_accusation", 60,
        "短信说你涉嫌犯罪、要出庭或坐牢（“{words}”），却没提任何欠款：真正的刑事程序不会这样用短信通知，"
        "这是冒充公检法诈骗的开场。",
        "Says by text that you are a criminal suspect facing court or prison (“{words}”), with no debt "
        "mentioned: real criminal proceedings are not announced like this; it is how fake-police scams open.",
    ),
    "lax_credit": (
        "lax_credit", 40,
        "主动推销“{words}”这类贷款或信用卡服务：持牌机构不会承诺黑户可贷、不看征信，也不做套现、代还；"
        "这类短信多来自非法放贷或先收费后失联的骗局，不要回电，不要先交任何费用。",
        "Offers credit or card services like “{words}”: licensed lenders never promise loans regardless of "
        "your record, cash-outs or paying cards off; such texts usually come from illegal lenders or fee "
        "scams. Do not call back and never pay anything up front.",
    ),
    "guided_op": (
        "guided_op", 60,
        "要你打开网银、支付宝或借款App，按“客服”的提示一步步操作（“{words}”）：退款、理赔、取消会员、注销账户都不需要这样做，"
        "这是诈骗把钱转走或替你借款的最后一步。请立即挂断。",
        "Asks you to open your bank, Alipay or a credit app and follow a “service agent” step by step (“{words}”): no "
        "refund, claim, cancellation or account closure works like this; it is the last step of the scam, where your "
        "money is moved or a loan taken in your name. Hang up.",
    ),
    "blackmail": (
        "blackmail", 60,
        "拿你的视频或照片威胁你转账（“{words}”）：这是敲诈勒索，转了钱对方也不会删；请不要付钱，保留证据并报警（110）。",
        "Threatens you with videos or photos to make you pay (“{words}”): this is extortion, and paying never makes it "
        "stop. Do not pay; keep the evidence and call the police (110).",
    ),
    "game_bait": (
        "game_bait", 60,
        "用免费游戏皮肤、点券引孩子扫码、进群或用家长手机“验证”（“{words}”）：这是专骗孩子的诈骗，接下来会让孩子用家长手机转账或报验证码。",
        "Free game skins or credits for a scan, a group or a parent's phone to “verify” (“{words}”): a scam aimed at "
        "children; next the child is told to pay or read out a code from the parent's phone.",
    ),
    "trade_site": (
        "trade_site", 60,
        "买家或卖家要你换到他给的“更安全”的网站交易（“{words}”）：这类网站是骗子自己的，钱付进去就提不出来；只在原平台交易。",
        "A buyer or seller wants the deal on a “safer” site of their own (“{words}”): such sites belong to the scammer and "
        "money paid in never comes out. Trade only on the original platform.",
    ),
    "flirt_lure": (
        "flirt_lure", 60,
        "陌生人撩你加私聊或下载视频App（“{words}”）：这是裸聊敲诈的开头，App会偷走你的通讯录，录下视频后勒索你。",
        "A stranger flirting to move you to a private chat or a video app (“{words}”): how sextortion starts; the app "
        "steals your contacts and the video is used to blackmail you.",
    ),
    "points_cash": (
        "points_cash", 60,
        "说积分可以换现金，要你去网页或链接里兑换（“{words}”）：银行和运营商的积分只在自家App里换礼品，"
        "不会让你通过短信里的网页领现金；这类网页会骗走卡号、密码和验证码。",
        "Says your points can be turned into cash on a web page or link (“{words}”): banks and carriers redeem "
        "points in their own app, never for cash through a text's page; such pages steal card numbers, passwords "
        "and codes.",
    ),
    "subsidy_scan": (
        "subsidy_scan", 60,
        "以退税、补贴或工资登记为名让你扫码填报（“{words}”）：税务局和单位只通过“个人所得税”App或单位内部系统办理，"
        "不会在短信或邮件里发二维码；扫码后的页面会骗走银行卡号和验证码。",
        "Asks you to scan a code to file a tax refund, subsidy or pay record (“{words}”): tax offices and employers "
        "use the official tax app or their own systems, never a code in a text or mail; the page steals card "
        "numbers and codes.",
    ),
    "fertility_lure": (
        "fertility_lure", 60,
        "富太太“借种”、先付巨额定金的说法（“{words}”）：这是流传多年的诈骗剧本，"
        "接下来会以保证金、体检费、公证费等名义让你付钱。",
        "The “rich wife seeks a healthy man, large deposit first” story (“{words}”): an old fraud script that "
        "goes on to ask you for a guarantee, a medical or a notary fee.",
    ),
    "card_service_fee": (
        "card_service_fee", 60,
        "推销代还、套现这类信用卡服务，还要你先付手续费（“{words}”）：持牌机构不做代还、套现，"
        "先收费的多是收了钱就失联。不要回复，不要付任何费用。",
        "Sells paying cards off or cash-outs and wants a fee first (“{words}”): licensed lenders offer neither, "
        "and those who take a fee first usually vanish with it. Do not reply and pay nothing.",
    ),
    "broker_fee": (
        "broker_fee", 60,
        "中介说能帮你办卡、下款或提额，按额度的几个百分点收费（“{words}”）：银行办卡、提额都不收这种费用，"
        "这类中介多是先收钱后失联，或要你交出卡和密码。",
        "A go-between offers to get you a card, a loan or a higher limit for a share of it (“{words}”): banks charge "
        "no such fee; these brokers usually take the money and vanish, or ask for your card and password.",
    ),
    "new_account": (
        "new_account", 45,
        "让你把钱打到一张“新”卡或这张卡上（“{words}”）：冒充房东、熟人、老板换卡收款是常见诈骗；"
        "请先用你原来存的号码打电话向本人确认。",
        "Asks you to pay into a new or different card (“{words}”): posing as a landlord, friend or boss who "
        "changed cards is a common scam; call the person on the number you already had before paying.",
    ),
    "legal_callback": (
        "legal_callback", 60,
        "没有写明任何贷款机构，却说你的欠款已立案或传票今天送达，并让你回电“处理”（“{words}”）：真正的法院通过官方平台送达，"
        "不会让你打电话了结案件；这是冒充法院的典型说法。",
        "Names no lender, yet says your debt case is filed or a summons arrives today and asks you to call "
        "to settle it (“{words}”): real courts serve through official platforms and never settle a case by "
        "phone; this is how fake-court scams read.",
    ),
    "known_person_transfer": (
        "known_person_transfer", 60,
        "自称是你的领导、老师或亲友，要你转账（“{words}”）：冒充熟人借钱、让你替他转账是最常见的诈骗之一；请用你原来存的号码打电话向本人核实。",
        "Claims to be your boss, teacher or relative and asks for a transfer (“{words}”): posing as someone you know is "
        "one of the commonest scams; call the person on the number you already had.",
    ),
    "channel_change": (
        "channel_change", 45,
        "说原来的还款渠道关闭或换了，让你把钱转到新的账户（“{words}”）：贷款机构不会用短信通知换账户收款，这是冒充催收最常见的收款借口；只在借款App里还款。",
        "Says the usual way to repay is closed or changed and asks you to send money to a new account (“{words}”): "
        "lenders do not announce new collection accounts by text; this is the commonest pretext of fake collectors. "
        "Repay only in the loan app.",
    ),
    "gift_card_pay": (
        "gift_card_pay", 60,
        "要你用购物卡、充值卡或点卡来还款或交费（“{words}”）：贷款机构和法院都不收这些，卡密一给出去就追不回来，这是诈骗的典型收款方式。",
        "Asks you to pay a debt or fee with gift, prepaid or game cards (“{words}”): no lender or court accepts them, and "
        "once the card code is sent the money cannot be traced; this is a typical scam payment.",
    ),
    "limit_lure": (
        "limit_lure", 60,
        "说可以在线、点链接或打短信里的电话来提升或激活信用卡额度（“{words}”）：银行提额只在官方App、回复指定代码或卡背面的官方"
        "客服电话办理，短信里的“在线提额”“致电激活”是骗取卡号和验证码的钓鱼套路。",
        "Offers to raise or activate your card limit online, through a link or by calling a number in the text "
        "(“{words}”): banks raise limits in their own app, by a reply code or on the official line on your card; an "
        "“online limit raise” or “call to activate” by text is phishing for card numbers and codes.",
    ),
    "prize_unasked": (
        "prize_unasked", 60,
        "说你的号码中了奖、要你去领（“{words}”）：没参加过的抽奖不会中奖，接下来会要你交“税费”“手续费”或留下证件信息。",
        "Says your number has won and you are to collect (“{words}”): nobody wins a draw they never entered; next "
        "comes a “tax” or fee, or your ID details.",
    ),
    "fee_to_fix": (
        "fee_to_fix", 60,
        "以账户或企业“异常”为由要你交钱处理（“{words}”）：政府登记和正规机构不会收钱帮你消除异常，这是冒充办事机构的收费诈骗。",
        "Asks for money to clear an account or business “problem” (“{words}”): registries and genuine institutions "
        "do not sell their way out of a record; this is a fee scam posing as an office.",
    ),
    "parcel_issue": (
        "parcel_issue", 25,
        "说你的包裹派送出了问题，要你打短信里的电话（“{words}”）：快递问题请在快递公司的官方App或官方客服处理。",
        "Says your parcel could not be delivered and gives a number to call (“{words}”): deal with delivery problems "
        "in the courier's official app or official service line.",
    ),
    "app_download": (
        "app_download", 55,
        "让你从短信里的链接下载安装软件（“{words}”）：来历不明的App会远程控制手机或冒充贷款平台，只从官方应用商店下载。",
        "Asks you to install an app from a link in the text (“{words}”): unknown apps can take over the phone or pose as "
        "a loan platform; install only from the official app store.",
    ),
    "tv_prize": (
        "tv_prize", 60,
        "以电视节目“栏目组”“幸运观众”的名义说你中奖（“{words}”）：电视台不会用短信通知中奖，接下来会要你交手续费或保证金，这是公安反复提醒的诈骗剧本。",
        "A TV programme's prize announced by text (“{words}”): broadcasters never notify winners this way; next comes a "
        "fee or deposit. Police warn about this script again and again.",
    ),
    "flight_change": (
        "flight_change", 60,
        "说你的航班取消或延误，要你付费改签、退票或理赔，或打电话、点链接办理（“{words}”）：航班取消可在航空公司官方App或柜台免费改签，"
        "这是“航班取消”诈骗。",
        "Says your flight is cancelled or delayed and offers a rebooking, refund or compensation for a fee, by a number or "
        "a link (“{words}”): a cancelled flight is rebooked free in the airline's own app or desk; this is the "
        "flight-cancellation scam.",
    ),
    "press_key": (
        "press_key", 60,
        "说你的号码或账户违规、将被停用，再让你“按9了解详情”（“{words}”）：这是警方反复提醒的电话诈骗开场，按键后接通的是骗子。"
        "运营商和银行只让你在官方App或拨打它们的官方客服处理。",
        "Says your number or account is in breach or about to be cut off, then tells you to “press 9 for details” "
        "(“{words}”): the opening of a phone scam police warn about; pressing connects you to the scammers. Carriers and "
        "banks handle this only in their official app or on their own service line.",
    ),
    "frozen_loan": (
        "frozen_loan", 60,
        "说你的贷款资金因信息错误被冻结（“{words}”）：放款不会因为卡号填错被“冻结”，接下来就会要你交解冻费或保证金，这是贷款诈骗的固定套路。",
        "Says your loan money is frozen because of wrong details (“{words}”): a payout is never frozen for a mistyped "
        "card; next comes an unfreezing fee or deposit. This is the standard loan-fee scam.",
    ),
    "loan_by_chat": (
        "loan_by_chat", 25,
        "说你的贷款已获批，却要你加微信或QQ办理（“{words}”）：持牌机构在自己的App里放款，不会让你加私人账号。",
        "Says your loan is approved but sends you to a WeChat or QQ account to proceed (“{words}”): licensed lenders pay "
        "out in their own app, never through a private chat account.",
    ),
    "secrecy_demand": (
        "secrecy_demand", 45,
        "要你对别人保密（“{words}”）：贷款机构、银行和公安都不会要求你瞒着家人处理钱的事，这是骗子防止你被提醒的手法。",
        "Tells you to keep it secret (“{words}”): no lender, bank or police asks you to hide a money matter from your "
        "family; scammers do, so nobody warns you.",
    ),
    "military_buyer": (
        "military_buyer", 60,
        "自称部队或武警的采购人员向你订货（“{words}”）：公安列出的常见诈骗之一，接下来会让你向“指定供应商”垫付货款或先交保证金；"
        "部队采购不会这样发短信找陌生商家。",
        "Someone posing as an army or armed-police buyer places an order (“{words}”): police list this among common "
        "scams; next you are asked to advance money to a “designated supplier” or pay a deposit. Army procurement does "
        "not text strangers this way.",
    ),
    "etc_fix": (
        "etc_fix", 60,
        "说你的ETC需要重新激活或已失效，要你回复、打电话或点链接办理（“{words}”）：ETC在安装时激活一次，"
        "这是公安提醒过的ETC钓鱼诈骗；有问题请在发卡银行或ETC官方App里查。",
        "Says your ETC tag must be re-activated or has lapsed, to be fixed by reply, call or link (“{words}”): a tag is "
        "activated once when fitted; this is the ETC phishing script police warn about. Check in your issuing bank's "
        "or the ETC operator's official app.",
    ),
    "shop_cs": (
        "shop_cs", 60,
        "自称网店售后或客服，主动说你买的东西有质量问题、要给你理赔或退款（“{words}”）：这是公安列出的最常见诈骗之一，"
        "接下来会让你开通借款额度或按提示操作转账；售后只在购物App的订单页里办理。",
        "Claims to be an online shop's after-sales or customer service and says, unasked, that something you bought "
        "has a quality problem or earns a refund (“{words}”): one of the commonest scams police list; next you are led "
        "to open a credit line or make transfers. After-sales is handled only on the order page of the shopping app.",
    ),
    "off_platform": (
        "off_platform", 60,
        "要你绕开平台、先付款私下交易（“{words}”）：平台担保是买家唯一的保障，要求“不走平台”“只收转账”的卖家就是虚假购物诈骗的做法。",
        "Asks you to pay first and trade off the platform (“{words}”): the platform's escrow is the buyer's only "
        "protection, and sellers who avoid it are how fake-shopping scams work.",
    ),
    "avoid_official": (
        "avoid_official", 60,
        "要你别找官方客服或官方App处理（“{words}”）：真正的贷款机构和银行只会让你走官方渠道，让你绕开官方的只有骗子，因为官方一查就会拆穿。",
        "Tells you not to use the official service line or app (“{words}”): a genuine lender or bank only ever sends "
        "you to its official channels; only a scammer wants you to avoid them, because they would expose the scam.",
    ),
    "debt_by_chat": (
        "debt_by_chat", 35,
        "要你加微信、QQ或WhatsApp之类的私人聊天账号来处理欠款（“{words}”）：正规机构在自己的App或官方热线处理，不会让你加私人账号。",
        "Asks you to settle a debt through a private chat account (WeChat, QQ, WhatsApp…) (“{words}”): genuine lenders "
        "use their own app or hotline, never a private account.",
    ),
    "medical_pretext": (
        "medical_pretext", 45,
        "说你的医保或社保卡出了问题、被停用或有待领取的保障（“{words}”）：公安多次提醒这是诈骗话术，医保部门不会这样发短信；"
        "请在国家医保服务平台App或当地医保部门的官方渠道核实。",
        "Says your medical-insurance or social-security card has a problem, is disabled or holds a benefit to claim "
        "(“{words}”): police warn this is a scam script; the insurance bureau does not text like this. Check in the "
        "national medical-insurance app or through your local bureau's official channel.",
    ),
    "lure_link": (
        "lure_link", 45,
        "用照片、“证据”、投票之类的由头引你点开链接或安装App（“{words}”）：公安多次提醒，这类链接常是木马，会偷看你的短信和验证码。",
        "Uses photos, “evidence”, a vote or the like to get you to open a link or install an app (“{words}”): police "
        "warn these links are often trojans that read your messages and codes.",
    ),
    "known_person_chat": (
        "known_person_chat", 60,
        "自称是你的领导、老师或亲友，用新号码联系并要你加新的微信或QQ（“{words}”）：冒充熟人诈骗都是这样开头的，"
        "下一步就是借钱或让你替他转账；请用你原来存的号码打电话向本人核实。",
        "Claims to be your boss, teacher or relative on a new number and asks you to add a new WeChat or QQ (“{words}”): "
        "this is how impersonation scams open, and a request for money follows; call the person on the number you "
        "already had.",
    ),
    "new_number": (
        "new_number", 30,
        "对方说自己换了新号码（“{words}”），但短信里没有任何能证明身份的内容：冒充熟人诈骗常这样开头。"
        "请先用你原来存的号码打电话问本人，确认之前不要转账。",
        "The sender says this is a new number (“{words}”) with nothing that proves who they are: impersonation "
        "scams often open this way. Call the person on the number you already had, and send no money until you have.",
    ),
    "favor_opener": (
        "favor_opener", 30,
        "只问你在不在忙、说有事要你帮忙（“{words}”），却不说自己是谁：盗号和冒充熟人诈骗常这样开头，"
        "下一步往往是借钱、代付或要验证码。请先用你原来存的号码打电话问本人。",
        "Asks whether you are busy and says there is something you could help with (“{words}”) without saying who "
        "it is: hijacked accounts and fake acquaintances open this way, and a request for money or a code follows. "
        "Call the person on the number you already had.",
    ),
    "emergency_transfer": (
        "emergency_transfer", 60,
        "说你的家人出了车祸、生病住院或被抓，要你马上转钱（“{words}”）：这是冒充医生、老师、警察的紧急求助诈骗；"
        "先挂断，直接打家人本人或学校、医院的公开电话核实。",
        "Says a relative has had an accident, is in hospital or under arrest, and asks you to send money at once "
        "(“{words}”): the fake doctor, teacher or police emergency scam. Hang up and call your relative, or the "
        "school's or hospital's public number, yourself.",
    ),
    "atm_cancel": (
        "atm_cancel", 60,
        "要你按指示操作ATM或网银来“解除分期”“取消批发商设定”之类（“{words}”）：ATM和网银只能转出钱，不能取消任何扣款，"
        "这是“解除分期付款”诈骗，警方反复提醒。",
        "Asks you to operate an ATM or online banking as told to cancel an instalment, a charge or a “wholesaler” status "
        "(“{words}”): an ATM can only send money out, never cancel a charge; this is the cancel-instalment scam police "
        "warn about.",
    ),
    "parcel_pretext": (
        "parcel_pretext", 60,
        "说你的快递出了问题（地址不详、配送异常、查询失败），要你补缴费用或点链接处理（“{words}”）：快递公司不会用短信让你付费或填信息，"
        "请在快递公司官方App里用运单号查询。",
        "Says your parcel has a problem (bad address, failed delivery) and asks you to pay a fee or click a link (“{words}”): "
        "couriers do not ask for payment or details by text; check the waybill in the courier's own app.",
    ),
    "job_fee": (
        "job_fee", 60,
        "以录用或工作为名，要你先交钱（“{words}”）：正规招聘不收培训费、工作证费、押金之类任何费用，先收钱的招聘就是诈骗。",
        "A job or a place offered against money paid first (“{words}”): lawful employers charge no training, badge or "
        "deposit fee; a job that must be paid for first is a scam.",
    ),
    "task_job": (
        "task_job", 60,
        "刷单、点赞、关注之类的“兼职任务”许诺轻松赚钱（“{words}”）：公安反复提醒，刷单返利是最常见的诈骗类型，"
        "先给小额返利，再让你垫付大额后失联。不要垫付任何钱。",
        "Paid “tasks” such as fake orders, likes or follows promising easy money (“{words}”): police warn that this is "
        "the commonest fraud of all; small payouts come first, then a large “advance” is lost. Never advance money.",
    ),
    "invest_tip": (
        "invest_tip", 60,
        "用“稳赚”“内幕消息”“老师带单”拉你进群或加私人账号投资（“{words}”）：持牌机构不得承诺收益，这是虚假投资理财诈骗的开头。",
        "Offers sure gains, inside tips or a “teacher” to follow in a chat group or private account (“{words}”): "
        "licensed firms may not promise returns; this is how investment fraud opens.",
    ),
    "loan_app_link": (
        "loan_app_link", 35,
        "说你的贷款已获批，要你从短信里的链接下载App或点开页面领取（“{words}”）：持牌机构的App只在应用商店或官网下载，"
        "假贷款App会以“解冻费”“保证金”为由让你先交钱。",
        "Says your loan is approved and sends you to a link to get an app or a page to collect it (“{words}”): licensed "
        "lenders' apps come from app stores or their site; fake loan apps then ask for an “unfreezing fee” or deposit.",
    ),
    "extortion": (
        "extortion", 60,
        "要你往对方账户打钱，“否则后果自负”，却没提任何欠款（“{words}”）：这是敲诈，不是催收；不要付钱，保留短信并报警（110）。",
        "Demands money into the sender's account “or else”, with no debt named (“{words}”): this is blackmail, not "
        "collection. Do not pay; keep the message and report it to the police (110).",
    ),
    "borrow_request": (
        "borrow_request", 30,
        "短信里有人向你借钱（“{words}”）：熟人的账号被盗或被冒充后，第一句常是借钱。请打电话或视频确认是本人再说。",
        "Someone asks to borrow money by text (“{words}”): a hacked or faked friend's account usually opens this way. "
        "Call or video-call the person before sending anything.",
    ),
    "pay_link": (
        "pay_link", 35,
        "让你通过短信里的链接还款或处理欠款（“{words}”）：正规机构让你在自己的App里还款；假冒催收常附支付链接。",
        "Asks you to pay or settle the debt through a link in the text (“{words}”): genuine lenders take "
        "payment in their own app; fake collectors attach payment links.",
    ),
    "pay_outside_app": (
        "pay_outside_app", 20,
        "让你转账、扫码或汇款还欠款（“{words}”），而不是在借款App里还：请只用官方渠道还款。",
        "Asks you to transfer, scan a code or wire money for the debt (“{words}”) instead of paying in the "
        "loan app: pay only through official channels.",
    ),
}
# Each signal's place in the table, so a message sorts the few signals it has instead of testing all of them.
_SIGNAL_ORDER = {signal: i for i, signal in enumerate(GRAMMAR_SIGNALS)}
# A link the message points to even when the page masked the address ("点击(此处为链接)", "http://***.cn").
# An address that no URL reader accepts (a made-up or defanged domain, a masked one) still sends the reader
# somewhere when a verb points to it: "前往skjh.foisf.how", "请打开********".
_LINK_MENTION = (r"链接|连结|网址|https?:|www\.|(?:前往|进入|登录|登陆|访问|打开|点开|开启|点击|点)\s*"
                 r"(?:[A-Za-z0-9-]{2,}(?:\.[A-Za-z0-9-]{2,}){1,3}|[*＊×]{4,}|…{2,})")
# 点击 inside an app the text names (在App内点击「困难帮扶」, 点击App首页) presses a button there, not a link.
_LINK_WORD_RE = re.compile(
    _LINK_MENTION + r"|(?<!app内|app里|app中)点击(?![^。,，]{0,4}App|我的|→)|(?<!官方)网站", re.IGNORECASE
)
# The characters a match of _LINK_WORD_RE starts with (h and w have no case forms but H and W). Matched without
# case, the regex would enter its alternation at every position of the text; it is tried only where one of
# these stands (finditer_led), which finds the same matches for a fifth of the cost.
_LINK_WORD_LEAD_RE = re.compile("[链连网hHwW前进登访打点开]")
_PERSONAL_ACCOUNT_RE = Gated(re.compile(
    # (an insurance or housing-fund account of the reader's own, 医保个人账户, pays no one)
    # (nor does "the person's account overdue", 处理个人账户逾期事宜, which is the debt, not a payee)
    r"(?<!医保)(?<!医保卡)(?<!公积金)(?<!社保)(?<!养老保险)个人账户(?!(?:的)?(?:逾期|欠款|欠费|存在逾期))|私人账户|个人卡|个人银行卡|员工账户|私人卡|个人微信|个人支付宝"
    # a person's account in Hong Kong words (个人户口), and a WeChat or Alipay payment code, which is a person's
    # own: a business shows a 商家收款码, and a lender takes repayment in its app
    r"|个人户口|私人户口|个人收款码|(?<!商家)(?:微信|支付宝)收款码"
    # the writer's own code (扫这个收款码转给我): whoever holds it, the money goes to a person
    r"|(?:扫|用)(?:这个|我的|我这个|下面的?|图中的?|图片里的?)收款码|收款码[^，。,]{0,6}(?:转给我|付给我|打给我)"
    # the collector's own: 账户是我个人的, 还款转我微信就行
    r"|(?:账户|账号|帐户|卡)是我(?:个人|自己|私人)的|(?:转|打|付|汇)(?:到|给)?我(?:的)?(?:微信|支付宝|个人)"
    # (a payee who is a person, 收款人张三, is _PAYEE_NAME_RE's, which a bank's transfer report does not trip)
    # a collector's or "mediator's" own account
    r"|(?:调解员|专员|经理|客服|工作人员|催收员|业务员)(?:的)?(?:个人)?(?:账户|账号|银行卡|卡号|支付宝|微信)"
))
# "请确保个人账户余额充足": the reader's own account kept funded for a debit, not a payee.
# ...and money credited to it (您的医保个人账户本月入账156.30元): a statement, with nothing to pay.
_OWN_BALANCE_RE = re.compile(r"(?:内|里|中)?(?:的)?(?:余额|资金充足|留有|有足够)|(?:本月|本期|今日|已)?(?:入账|到账|存入|划入|计入|拨入)")
# A payee who is a person, whatever the account is called (对公账户：户名张**); only in a request to pay,
# never in a bank's report of a transfer already made (对方户名, 收款人官**…请勿泄露动态密码).
_PAYEE_NAME_RE = Gated(re.compile(
    # (not 用户名, a utility bill's account holder)
    r"(?<![商方用])(?:收款人|户名|账户名|开户名)\s?[:：]?\s?[\u4e00-\u9fa5]{1,3}(?:[*＊Xx某]{1,3})?"
    # a masked company (户名：某某消费金融有限公司) is still a company; a person's name run on into the
    # bank the card is at (户名薛**农业银行9559…, typed without commas) is still a person
    r"(?!(?![\u4e00-\u9fa5]{2,6}银行\s*[0-9*＊])[\u4e00-\u9fa5*＊]*(?:公司|银行|中心|法院|有限|专用|称))"
))
_PAY_RE = Gated(re.compile(
    r"转账|汇款|打款|扫码|收款码|二维码|(转|打|汇|存)(到|至|入)(以下|下列|此|该|指定|我司|我们)"
    r"|指定账户|对公账户|以下账户|账户[:：]|卡号[:：]|还款?(到|至|进)(个人|私人|以下|该|此|我)"
))
# The reader asked to pay into something (请于今日内将欠款转入…), which a report of a past transfer never does.
_PAY_REQUEST_RE = re.compile(
    r"(?:请|务必|需|须|立即|马上|尽快)[^。，,！!]{0,16}(?:转入|转到|转至|汇入|汇到|汇至|打入|打到|存入|转账|汇款)")
_URGENT_RE = Gated(re.compile(r"立即|立刻|马上|尽快|火速|速(还|转|汇|打|处理|缴)|限时|\d+小时内|[一二两三]小时内|今天内|今日内|当日内|最后期限|逾期不候"))


_TELL_CODE_RE = re.compile(r"(?:告知|告诉|念给|报给|说出|报一下|念一下)(?:我|我们|客服|工作人员)?(?:您|你)?(?:的|收到的)?"
                           r"(?:验证码|校验码|动态码|短信码)")
# Secrets nobody may ask for, unlike a code that confirms an order the reader placed.
_NEVER_ASKED = frozenset({"密码", "支付密码", "取款密码", "安全码", "CVV", "cvv", "屏幕共享", "共享屏幕", "远程协助"})
# An ID number alone opens no account by itself; family, landlords and employers ask for it.
_ID_NUMBER = frozenset({"身份证号", "身份证号码"})
# Where a warning's reach ends: a sentence, or a turn (但, 不过) inside one.
_SENTENCE_CUT_RE = re.compile(r"[。！!？?；;\n]|但是?|不过")
_REQUEST_RE = re.compile(r"请(?!勿)|立即|立刻|马上|尽快|速")
# Only the words of a warning itself: 不要告诉家人 and 请勿告诉他人 are how scammers demand secrecy.
_DENIAL_RE = re.compile(r"切勿|谨防|警惕|严禁|禁止")


def _asked_despite_warning(norm: str, parse: Parse) -> Parse | None:
    """The sentences of a warning text that ask the reader to act (请…, 立即…) and hold no warning word,
    parsed on their own with the rest blanked out (positions kept); None when there are none."""
    guards = sorted(h.start for h in parse.hits if h.cls == "guard_notice")
    cuts = [0, *(m.end() for m in _SENTENCE_CUT_RE.finditer(norm)), len(norm)]
    pieces: list[str] = []
    kept = False
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        warned = bisect_left(guards, lo) < bisect_left(guards, hi)
        keep = not warned and bool(_REQUEST_RE.search(norm, lo, hi)) and not _DENIAL_RE.search(norm, lo, hi)
        pieces.append(norm[lo:hi] if keep else " " * (hi - lo))
        kept = kept or keep
    return load_grammar("zh").parse("".join(pieces)) if kept else None


def _warn_window(norm: str, start: int) -> int:
    """Where to look back for a warning word before ``start``: 16 characters, not past the sentence's start
    ("本平台不会以任何理由让您转账到个人账户" warns; "切勿拖延。请转入个人账户" does not)."""
    lo = max(0, start - 16)
    cut = max(norm.rfind(ch, lo, start) for ch in "。！!？?；;\n")
    return cut + 1 if cut >= 0 else lo


def _asks_nothing(match: Match, told: Sequence[Hit]) -> bool:
    """Every request word of the match sits inside "we will contact you" (调解员将与你联系)."""
    asks = [h for h in match.hits if h.cls == "respond"]
    return bool(asks) and all(any(t.start <= h.start and h.end <= t.end for t in told) for h in asks)


def _warned_sentence(norm: str, parse: Parse, start: int) -> bool:
    """The sentence holding ``start`` also holds a warning word, before or after it ("凡是要求向个人账户转账的都是诈骗")."""
    lo = max((m.end() for m in _SENTENCE_CUT_RE.finditer(norm, 0, start)), default=0)
    nxt = _SENTENCE_CUT_RE.search(norm, start)
    hi = nxt.end() if nxt else len(norm)
    return any(lo <= h.start < hi for h in parse.hits if h.cls == "guard_notice")


def _airline_own_notice(doc: Doc, parse: Parse, numbers: Sequence[Element], urls: Sequence[Element]) -> bool:
    """A cancelled flight rebooked in the airline's app or on its 95xxx line, with no fee and no link: what an
    airline itself sends, unlike the scam's number to ring or fee to pay."""
    if _FLIGHT_FEE_RE.search(doc.norm) or urls:
        return False
    if numbers:
        return all(service_kind(p) in _BANK_LINES for p in numbers)
    return bool(_APP_CHANNEL_RE.search(doc.norm)) and not parse.has("flight_call")


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span.start < s.end and s.start < span.end for s in spans)


W_ACCUSATION_ONLY = 25
W_ANON_BANK_BLACKLIST = 45
# A blacklist the reader is said to be put on (上报黑名单, 列入黑名单), not one to be cleaned (黑名单漂白) or denied.
_BLACKLIST_RE = re.compile(r"(?:上报|列入|报入|纳入|拉入|加入|进入)[^，。,]{0,4}黑名单(?!漂白|洗白)")
# A court, procuratorate or police body signing the text: it speaks as the authority, not as a creditor.
_AUTHORITY_SIGNED_RE = re.compile(r"【[^】]{0,12}(?:法院|检察院|公安|派出所|警)[^】]{0,6}】")
_OWN_LINE_RE = re.compile(r"官方客服|卡背面|官方App|官方APP|官网公布|官方热线")
_BRACKETED_RE = re.compile(r"【[^】]{2,}】|\[[^\]]{2,}\]")
_BANK_LINES = frozenset({"service_95", "service_96", "hotline_short"})
_APP_CHANNEL_RE = re.compile(r"App|APP|app|公众号|小程序")
_FLIGHT_FEE_RE = re.compile(r"手续费|改签费|退票费|服务费|收取|押金|保证金|补偿金|理赔金|赔偿金")
# (不用转给我个人 says the money does not go to a person: a denial, like a warning)
_WARNED_RE = re.compile(r"切勿|请勿|不要|勿|谨防|不会|严禁|任何|不得|不用|无需|不需要|不必")
# "If you do not ..., then ...": an accusation that puts a condition on the reader.
_CONDITION_RE = re.compile(r"如不|若不|否则|不然|如果不|若未|如未")
# Signals that add a fact the overlapping rule does not weigh (the frame requires no debt in the message).
_NEW_FACT = frozenset({"criminal_accusation"})
# Own signals that measure what a rule measures: when the rule fired, they count once, with it.
_COVERED_BY: dict[str, tuple[str, ...]] = {
    "personal_account": ("CN-PAY-",),
    "code_request": ("CN-CODE-",),
}


_OUTLIVE_CODE_GUARD = frozenset({
    "safe_account", "authority_impersonation", "authority_self", "secrecy_demand", "credit_repair", "secret_request"})
# Rules about relief sold by a third party (停息挂账代办, 债务重组服务): a lender offering the same relief
# itself is a settlement offer, not the script.
_RELIEF_SALE_RULES = frozenset({"CN-SCAM-005"})
# What turns a relief offer into a sale: a fee, a private chat, a link, a personal account.
# Credit promised whatever the reader's record (黑户, 不看征信): with a private chat account, the loan-fee scam.
_RECORD_BLIND_RE = re.compile(r"黑户|白户|黑名单|征信|负债|人人|无条件|秒批|秒下款|口子|黑户也能")
# Signals of someone posing as a person the reader knows, which the sender's offer of a check undoes.
_IMPERSONATION = frozenset({"new_number", "known_person_transfer", "known_person_chat", "new_account", "emergency_transfer"})
_SALE_SIGNS = ("fee_first", "chat_contact", "link", "pay_channel", "lax_credit", "credit_fix", "agent_voice")


def own_relief_offer(doc: Doc, elements: Sequence[Element], parse: Parse) -> bool:
    """A lender's own offer of relief: signed or in its own voice (我行), the offer frame matched, and
    nothing to pay, no chat account, link or personal number to go through."""
    if "settlement_offer" not in parse.kinds() or any(parse.has(c) for c in _SALE_SIGNS):
        return False
    if not (is_signed(elements) or _BANK_VOICE_RE.search(doc.norm)):
        return False
    return not any(e.type == "phone" and e.attrs.get("kind") == "mobile" for e in elements)


# Asked to pay into a card just before it (请…将欠款打到指定账户：, 转入以下卡号), with no "your" between (退款已转入您尾号…的卡)
# and not as a payment already made (您的还款已成功转入6222****3516).
_PAY_INTO_RE = re.compile(r"(?:打|转|汇|存|还|付)(?:款|钱|账)?(?:到|至|入|进)")
_ASKED_RE = re.compile(r"请|将|需|须|务必|立即|马上|尽快")
_DONE_RE = re.compile(r"已|成功|完成")


def _pays_into(norm: str, start: int) -> bool:
    window = norm[max(0, start - 24):start]
    found = list(_PAY_INTO_RE.finditer(window))
    if not found:
        return False
    before, after = window[:found[-1].start()], window[found[-1].end():]
    return bool(_ASKED_RE.search(before)) and not _DONE_RE.search(before) and not re.search(r"[你您]", after)


def _scam_signals(
    doc: Doc, elements: Sequence[Element], findings: Sequence[Finding], pack: Any, parse: Parse
) -> tuple[int, list[Reason]]:
    reasons: list[Reason] = []
    seen_rules: set[str] = set()
    # An anti-fraud warning names the scripts it warns about (不法分子冒充客服以征信修复为由…): not a use of them.
    # Rule findings stay cancelled under any warning: a court's own notice that warns about fees also asks
    # the reader to attend.
    warning = parse.has("guard_notice")
    lender_offer = own_relief_offer(doc, elements, parse)
    for f in findings:
        weight = rule_weight(rule_of(pack, f.rule_id))
        if weight <= 0 or f.rule_id in seen_rules or warning or (lender_offer and f.rule_id in _RELIEF_SALE_RULES):
            continue
        seen_rules.add(f.rule_id)
        title = f.title or {}
        reasons.append(Reason(
            f"rule.{f.rule_id}",
            _t(f"{title.get('zh', f.rule_id)}（规则 {f.rule_id}）", f"{title.get('en', f.rule_id)} (rule {f.rule_id})"),
            tuple(f.spans),
            weight,
        ))

    def own(code: str, weight: int, text: dict[str, str], spans: Sequence[Span]) -> None:
        # A rule that already weighed these words, or the same kind of evidence, must not be
        # counted twice (a personal account and its payee name are one request, not two).
        # An accusation in a message about no debt at all is a fact the rules do not weigh.
        # The rule's reason stays (it cites its source), counted at the heavier of the two weights.
        ruled_spans = [sp for r in reasons if r.code.startswith("rule.") for sp in r.spans]
        same = [
            i for i, r in enumerate(reasons) if r.code.startswith("rule.") and (
                r.code[5:].startswith(_COVERED_BY.get(code, ()))
                or (code not in _NEW_FACT and spans and all(_overlaps(s, ruled_spans) for s in spans)
                    and any(_overlaps(s, r.spans) for s in spans)))
        ]
        if same:
            i = max(same, key=lambda j: reasons[j].weight)
            if weight > reasons[i].weight:
                reasons[i] = replace(reasons[i], weight=weight)
            return
        if any(r.code == code for r in reasons):
            return
        reasons.append(Reason(code, text, tuple(spans), weight))

    # A warning cancels the grammar's signs too, except a scam script asked for in a sentence of its own:
    # scammers put a warning in front of it to borrow its trust (谨防诈骗！您的账户涉嫌洗钱，请立即转入安全账户).
    asked = _asked_despite_warning(doc.norm, parse) if warning else None
    signals = asked.signals() if asked is not None else parse.signals()
    guarded = warning and asked is None
    lender = known_lender(elements)
    names_lender = any(e.type == "lender" for e in elements)
    debt = speaks_of_debt(parse)
    signed = is_signed(elements)
    numbers = text_numbers(elements)
    urls = [e for e in elements if e.type == "url"]
    # 请勿泄露 / 如非本人操作 close genuine code and card texts, but scammers copy them and 请勿告诉他人 is their
    # demand for secrecy: they do not cancel a safe account, a court or police voice, or a charge to call
    # about on a number that is no bank's line.
    code_guarded = parse.has("guard_code")
    off_line = any(not (is_service_line(p) or (lender is not None and is_official(lender, p))) for p in numbers)
    counter_only = own_channels_only(parse, elements)
    # A signed notice that points only to "the app" and gives no link, number, account or chat (请打开支付宝App更新,
    # 请登录WPS客户端续费): whatever has expired or lapsed, a scammer has no way in through it.
    # (no link, chat account or payee given: the channels a scammer collects through, short of a number)
    no_link_chat_or_account = not urls and not parse.has("chat_contact") and not any(e.type == "account" for e in elements)
    app_only = signed and no_link_chat_or_account and not numbers and APP_RE.search(doc.norm) is not None and not (
        _INSTALL_RE.search(doc.norm))
    # A public body's notice that sends the reader only to its own app or platform, with no link, number, account or
    # chat of its own, gives a scammer nothing to collect through.
    gov_app_only = parse.has("gov_app") and no_link_chat_or_account and not any(
        p.attrs.get("kind") in ("mobile", "landline") for p in numbers)
    # A signed notice whose only numbers are 95xxx/96xxx or listed short lines (【中通快递】…请在App内或拨打95311核实地址):
    # those are allocated to registered institutions, not rented by the hour like 400 lines or mobiles, so a
    # delivery or account pretext there leads nowhere a scammer holds.
    short_only = signed and bool(numbers) and no_link_chat_or_account and all(
        service_kind(p) in _BANK_LINES for p in numbers)
    # In the table's order (it decides which reason comes first), but only the few the grammar found.
    for signal in sorted((s for s in signals if s in _SIGNAL_ORDER), key=_SIGNAL_ORDER.__getitem__):
        code, weight, _, _ = GRAMMAR_SIGNALS[signal]
        matches = signals[signal]
        if (counter_only or app_only or short_only) and signal in _PRETEXTS:
            continue
        if not matches or signal == "pay_outside_app" or guarded:
            continue
        if code_guarded and signal not in _OUTLIVE_CODE_GUARD and not (signal == "unexpected_charge" and off_line):
            continue
        if signal == "credit_repair" and lender_offer and all(m.frame == "scam.debt_agent" for m in matches):
            continue  # 【银行】我行可为您办理停息挂账: the lender's own relief, not an agent's advert
        if signal == "unexpected_charge" and not numbers and not urls and not parse.has("chat_contact") and (
            _APP_CHANNEL_RE.search(doc.norm) or signed
        ):
            # "超时将收取保管费，详询丰巢App", "【银行】年费200元将于本月账单中收取，详询官方客服": a signed fee
            # notice with no number or link to use has nothing for a scammer to collect through.
            continue
        if signal == "authority_self":
            # "调解员将于近日与你联系": the court will call; a frame whose only request is that is asking nothing.
            matches = [m for m in matches if not _asks_nothing(m, parse.of("contact_you"))]
            if not matches:
                continue
        if signal == "new_number" and parse.has("verify_offer"):
            continue  # "不放心就打我原来那个号问一声": an impersonator cannot offer the reader a way to check
        if signal == "new_number" and ("known_person_chat" in signals or "known_person_transfer" in signals):
            continue  # the new number is part of the impersonation already weighed
        if signal == "new_number" and not debt and not signed and _KEEP_RE.search(doc.norm):
            # Police warnings quote "我换号码了，收到请回复" as the first step of impersonation fraud, and every
            # such text on the real pages we labelled was one: it asks for a reply, a save or a call, which tells
            # the sender the number is live and trusted. A check on the old number costs a real friend nothing.
            # (A bare "换号了" and a collector's new number stay weak signs.)
            weight = W_PERSONAL_TRANSFER
        if signal == "parcel_pretext" and "abnormal_link" in signals:
            continue  # the same pretext and link, already weighed as an account problem with a link
        if signal == "parcel_issue" and not signed:
            # "地址不详，无法派送，请回电": unsigned, with a number of its own to call, is the scam's whole opening; a
            # courier's signed notice (【XX快递】…请联系派送员) keeps the weaker weight.
            weight = W_PARCEL_UNSIGNED
        if signal == "parcel_pretext" and signed:
            weight = W_PARCEL_SIGNED  # a courier's own signed notice can say the same; its link or fee decides
        if signal == "debt_by_chat" and lender is not None and signed:
            # A known lender that signs its name and then moves the debt to a QQ or WeChat account or group
            # contradicts itself: lenders collect in their own app and on their own lines; the name is borrowed.
            weight = W_PERSONAL_TRANSFER
        if signal == "loan_app_link" and names_lender:
            continue  # a named lender pointing to its own app; the link's own risk is weighed on its own
        if signal == "lax_credit" and parse.has("chat_contact") and any(
            _RECORD_BLIND_RE.search(doc.norm[h.start:h.end]) for m in matches for h in m.hits
        ):
            # 黑户可贷 + 加V: a loan "whatever your record" through a private account is the fee-scam opening;
            # grey card services (代还, 垫还) through one are not fraud by themselves
            weight = W_PERSONAL_TRANSFER
        if signal == "abnormal_fix" and "lax_credit" in signals:
            continue  # "提额" in a credit advert is the offer itself, weighed once as lax credit
        if signal == "secret_request" and not debt and not _LIFT_BY_CODE_RE.search(doc.norm) and not (
            parse.has("abnormal") and parse.has("give_me")
        ):
            # (An account "problem" with the code to be sent to the writer, 你的ID被标记为高风险，把收到的code发给我,
            # is the whole script and keeps the full weight.)
            # Outside a debt message (a carrier asking for the code of an order you placed) a code
            # request is a strong sign, not proof; inside a collection text, or to lift an account
            # "restriction" (账户异常，回复验证码解除), it is the scam itself.
            weight = W_CODE_OUTSIDE_DEBT
            if any(m.frame in ("scam.missent_code", "scam.secret_to_me", "scam.receive_for_me", "scam.code_for_reward",
                               "scam.code_told") for m in matches):
                # "验证码发错了，发我一下", a code typed in for a red packet: the known scripts, not an order you placed
                weight = W_PERSONAL_TRANSFER
            if any(doc.norm[h.start:h.end] in _NEVER_ASKED for m in matches for h in (m.support or m.hits) if h.cls == "sensitive"):
                weight = W_PERSONAL_TRANSFER  # a password, CVV or screen share: no one may ask, order or not
            if _TELL_CODE_RE.search(doc.norm):
                weight = W_PERSONAL_TRANSFER  # a code *told* to someone (请告知验证码): a system asks you to type it, not say it
            asked = {doc.norm[h.start:h.end] for m in matches for h in (m.support or m.hits) if h.cls == "sensitive"}
            if asked and asked <= _ID_NUMBER:
                # only an ID number, which family and landlords ask for too (你身份证号发我一下): a caution, not proof;
                # but by reply, to cure a number or account "problem" (实名信息已过期…请回复身份证号码), it is the
                # phishing script: real-name checks are done at a counter or in the carrier's app
                weight = W_PERSONAL_TRANSFER if parse.has("abnormal") and parse.has("give") else W_CODE_OUTSIDE_DEBT
        if signal == "channel_change" and (_TO_ME_RE.search(doc.norm) or _TEMP_ACCOUNT_RE.search(doc.norm)):
            # The usual channel "down" and the money sent to the writer or a "temporary" account instead: the whole
            # request. (A company account after a debt sale, 债权转让, can be real and stays open.)
            weight = W_PERSONAL_TRANSFER
        if signal == "limit_lure" and "abnormal_link" in signals and any(
            doc.norm[h.start:h.end] not in _APPLY_ONLINE for h in parse.hits if h.cls == "link"
        ):
            continue  # the same raise with a link or site to open: weighed once, as a link pretext
        if signal == "limit_lure" and lender is not None and signed:
            weight = weight // 2  # a named bank's own limit offer: still checked in its app, but not a lure by itself
        if signal == "app_download" and (
            (lender is not None and signed) or not urls
        ):
            # a bank's own "download our app" with its link (the link itself is weighed below), or a QR code
            # or store search with no link in the text at all
            continue
        if signal == "lure_link" and all(m.frame == "scam.lure_chat" for m in matches):
            weight = W_PERSONAL_TRANSFER  # a stranger's paternity "result" to see over QQ: the whole opening
        elif signal == "lure_link" and not (urls or _OPEN_RE.search(doc.norm) or _DOMAIN_RE.search(doc.norm)):
            continue  # "照片" near "网站" in a news line: nothing is given to open
        if signal == "secrecy_demand" and any(parse.has(c) for c in ("legal_strong", "accusation", "pay_verb", "relief")):
            weight = W_PERSONAL_TRANSFER  # secrecy around a frozen account, a transfer or a "private" waiver: the script
        if signal == "medical_pretext" and _MEDICAL_SCRIPT_RE.search(doc.norm):
            # Papers "missing", a card "not upgraded to the electronic version", a benefit void "unless verified":
            # no insurance bureau has such a step; a card merely stopped (停用) can be a real notice.
            weight = W_PERSONAL_TRANSFER
        if signal == "prize_lure" and (parse.has("fee_first") or parse.has("fee_any") or parse.has("chat_contact") or (
            any(m.frame == "scam.charge_refund" for m in matches)
            and any(parse.has(c) for c in ("advert", "agent_voice", "respond"))
        )):
            # A prize paid for first (先支付运费), a refund handled over a private WeChat, or loan charges "won
            # back" by an agent or by reply (砍头息可以追回，前期不收费): the whole scam.
            weight = W_PERSONAL_TRANSFER
        if signal == "prize_lure" and (_QR_RE.search(doc.norm) or (off_line and _CLAIM_RE.search(doc.norm)) or (
            _CARD_ASK_RE.search(doc.norm) and not code_guarded
        )):
            # A refund or prize to collect by scanning a code, by calling a number that is no service line
            # (请拨打125907715按2键领取) or by giving card details: a real refund goes back the way the money came.
            weight = W_PERSONAL_TRANSFER
        if signal == "criminal_accusation" and not (
            parse.has("respond") or _CONDITION_RE.search(doc.norm)
            # (the reader named as the suspect, where no one threatens to come: collectors threaten visits, fake
            # police want a call)
            or (parse.has("reader_accused") and not parse.has("guard_notice") and not visit_claims(doc, elements))
        ):
            # An accusation with nothing asked of the reader is more often a quote, a story or news.
            weight = W_ACCUSATION_ONLY
        if signal == "secret_request" and parse.has("in_app") and not urls and not numbers and not parse.has("give_me"):
            continue  # an ID photo uploaded inside the reader's own banking app (请在手机银行App内上传身份证) is its own check
        if signal == "legal_callback" and (names_lender or _creditor_voice(doc, parse) or written_to_third_party(doc, parse)):
            # a named creditor's overstated step is pressure (a bluff), not impersonation; so is one a platform
            # names itself for (我们是花易借平台), or one a contact is asked to pass on (请转告她联系我们)
            continue
        if signal == "authority_impersonation" and lender is not None and signed and not urls and numbers and all(
            is_official(lender, p) is True or is_listed(lender, p) for p in numbers
        ):
            continue  # a known bank telling of a court's freeze, with only its own line to call (冻结…如有疑问请致电95566)
        if signal in ("authority_impersonation", "authority_self") and gov_app_only:
            continue  # 【公安交管局】…违法停车…请通过交管12123App处理: the state's own app and nothing else to use
        if signal == "authority_impersonation" and debt and _creditor_voice(doc, parse):
            continue  # 我平台/XX金融法务部 "will hand you to the court or police": the creditor's bluff
        if signal == "authority_impersonation" and not debt and parse.has("addressee") and not names_lender:
            # No debt and no creditor at all: an official who says *you* are in a case and must call or act is the
            # fake-police script itself (卫生署职员…涉及洗黑钱案件，请即联络内地公安).
            weight = W_PERSONAL_TRANSFER
        if signal == "new_account" and (
            any(e.type in ("account", "lender") for e in elements) or _BANK_WORD_RE.search(doc.norm)
            or _PAYEE_PERSONA_RE.search(doc.norm)
        ):
            # A bank and a card number, or a landlord or teacher, with "pay into this card": the whole
            # changed-account request.
            weight = W_PERSONAL_TRANSFER
        if signal == "flight_change" and _airline_own_notice(doc, parse, numbers, urls):
            continue
        if signal == "unexpected_charge" and numbers and all(
            service_kind(p) in _BANK_LINES or (lender is not None and is_official(lender, p)) for p in numbers
        ):
            # A fee notice that points only to a bank's or operator's own line (95xxx, 96xxx, a short number, or
            # the named lender's verified one). A 400 number does not soften it: it is cheap to rent and the
            # fake annual-fee script gives one.
            weight = W_CHARGE_KNOWN_LENDER
        if signal in ("pay_link", "abnormal_link"):
            if signal == "pay_link" and not _unchecked_link(elements, lender):
                continue
            if signal == "pay_link" and all(
                _names_own_site(doc, h, elements) for m in matches for h in m.hits if h.cls == "link"
            ):
                continue  # "登录翼龙贷网站": the lender's own site, named for the reader to find, not a link
            # A link on the named lender's own verified site is not phishing, whatever the pretext.
            if signal == "abnormal_link" and _all_official(elements, lender):
                continue
            # Nor is one on gov.cn, which only state bodies can hold (a court's own service site): a look-alike
            # that only contains it (court.gov.cn.case.top) is not under it.
            if _all_gov(elements):
                continue
            # A signed text whose only link is an ordinary domain (a bank's or carrier's own) weighs
            # less than one with a short, numeric, throw-away or hidden link, or no signature at all.
            # (the link risk worked out here, not for every message: only a link pretext reads it)
            if link_risk(doc, elements) == "plain" and signed and (
                (lender is not None and not _off_lender_site(elements, lender))
                or _signer_domains(elements)
                or not _strong_pretext(doc, parse)
            ):
                weight = weight // 2
            elif signed and lender is not None and not _strong_pretext(doc, parse) and _only_shortened(elements) and (
                parse.has("tx_report") or parse.has("promo")
            ):
                # A known lender's signed alert or advert (消费人民币437元。送你积分，马上领 t.cn/…): banks use short
                # links too; the short link is still weighed on its own below.
                weight = weight // 2
            # A named lender's payment link weighs little, unless an unsigned text puts it on a domain the
            # lender's own site list rules out (借呗 with jiebei.cc/pay).
            # A throw-away domain (.vip, .top, a bare IP) that the lender's known site list rules out is no payment
            # page of its own, signed or not. Without a site list it may be its own (分期乐 pays through fql.cc).
            off_site = _off_lender_site(elements, lender) if lender is not None else False
            if signal == "pay_link" and lender is not None and (signed or not off_site) and not (
                off_site and _cheap_pay_host(elements)
            ):
                weight = min(weight, W_PAY_LINK_KNOWN_LENDER)
        if signal in _IMPERSONATION and parse.has("verify_offer"):
            weight = min(weight, W_CHECKABLE)  # whatever raised it above: the sender can be checked
        own(code, weight, *_grammar_reason(doc, signal, matches[0]))
    pretext = next((signals[p][0] for p in _PRETEXTS if p in signals), None)
    if pretext is not None and "prize_lure" in signals and parse.has("promo") and not _UNCLAIMED_RE.search(doc.norm):
        pretext = None  # a service advert's 理赔 or 退款 is its product, not a lure (a subsidy "not yet claimed" is)
    no_service_line = not any(is_service_line(p) or (lender is not None and is_official(lender, p)) for p in numbers)
    # "请致电我行官方客服热线" sends the reader to the line they already know, not to one the text gives.
    # (The searches below run only for a pretext with a callback: most messages have neither, and each is a scan.)
    if pretext is not None and parse.has("callback") and (bool(numbers) or (
        _DESK_RE.search(doc.norm) and not _OWN_LINE_RE.search(doc.norm)) or bool(_CALL_DIGITS_RE.search(doc.norm))
    ) and no_service_line:
        calls = hit_spans(doc, pretext)[:1] + [
            doc.span(h.start, h.end) for h in parse.hits if h.cls == "callback"
        ][:1]
        own("pretext_callback", W_PRETEXT_CALLBACK, _t(
            "要你联系短信里给的号码或“客服”来处理这个问题，而不是银行卡背面或官方App里的客服电话：骗子就是这样把人引到自己的电话上。",
            "Asks you to contact a number or “customer service” given in the text to fix it, not the service line on "
            "your card or in the official app: this is how scammers get you onto their own line.",
        ), calls)
        # ...under the name of a known company whose own lines we hold, the number given is a city landline or a
        # mobile that is none of them (【京东】…异地登录…请拨打客服热线0898-…): a national company's service line is a
        # 95/400/800 number, so the name is borrowed.
        national = lender is not None and (
            bool(official_phones(lender)) or lender.attrs.get("kind") in ("bank", "platform", "consumer_finance"))
        # (only a number given as its service line: a branch's own landline, 请联系开户网点0571-…, is another matter)
        wrong = [p for p in numbers if signed and national and p.attrs.get("kind") in ("landline", "mobile")
                 and not is_official(lender, p) and _SERVICE_DESK_RE.search(doc.norm, max(0, p.start - 8), p.start)]
        if wrong:
            own("brand_wrong_line", W_BRAND_WRONG_LINE, _t(
                f"短信署名{lender_name(lender)}，给的“客服”号码 {wrong[0].text} 却是普通座机或手机，不是它公布的客服电话："
                "全国性公司的客服是 95、400、800 开头的号码，署名是借用的。",
                f"It is signed {lender_name(lender)} but the “service” number it gives, {wrong[0].text}, is an ordinary "
                "landline or mobile, not one of its published lines: a national company's service line starts with 95, "
                "400 or 800, so the name is borrowed.",
            ), [wrong[0].span])
    elif pretext is not None and parse.has("chat_contact"):
        # the same problem to be fixed through a private chat (请添加专员QQ配合操作, 加客服微信处理)
        chat = [doc.span(h.start, h.end) for h in parse.hits if h.cls == "chat_contact"][:1]
        own("pretext_chat", W_PRETEXT_CALLBACK, _t(
            "要你加一个私人聊天账号（QQ、微信等）来处理这个问题：正规机构只在自己的App或官方客服里办理，骗子就是这样把人引到私聊里。",
            "Asks you to add a private chat account (QQ, WeChat and the like) to fix it: genuine institutions handle "
            "this only in their own app or official service line; this is how scammers move you into a private chat.",
        ), hit_spans(doc, pretext)[:1] + chat)
    rush = _HOURS_LIMIT_RE.search(doc.norm) if pretext is not None else None  # (only read with a pretext)
    if pretext is not None and rush and _unchecked_link(elements, lender) and any(e.type == "url" for e in elements) and not (
        _all_gov(elements) or (lender is not None and _all_official(elements, lender)) or parse.has("in_app")
        or parse.has("promo")
    ):
        # A prize, refund or problem to be claimed or fixed through a link within hours: the deadline is there so
        # the reader clicks before checking. A real refund or notice waits in the app, with no clock on it.
        own("pretext_link_rush", W_PRETEXT_RUSH, _t(
            f"要你在限定时间内（“{rush.group(0)}”）点链接领取或处理：限时是为了让你来不及核实，正规机构的退款、理赔和通知都在官方App里办理，不会这样催。",
            f"Asks you to click a link within a set time (“{rush.group(0)}”) to claim or fix something: the deadline "
            "is there so you act before checking; genuine refunds, claims and notices are handled in the official app "
            "without such a clock.",
        ), hit_spans(doc, pretext)[:1] + [doc.span(rush.start(), rush.end())])
    keep = parse.of("reply_to_keep")[:1] if "abnormal_fix" in signals and not counter_only else []
    if keep and no_service_line:
        # "设备即将停用，继续使用请回复1": a service said to be ending, kept by replying a digit. A real provider
        # renews in its app or at a counter; the reply marks the number as live for the sales call or the fee.
        own("reply_to_keep", W_PRETEXT_CALLBACK, _t(
            "说你的设备或服务即将停用，要你回复数字来“继续使用”：正规机构不会靠回复短信来续用，回复只会把你标记为可以继续骗的号码。",
            "Says your device or service is about to stop and asks you to reply a digit to “keep using” it: a genuine "
            "provider does not renew by text reply; replying marks your number as worth pursuing.",
        ), [doc.span(keep[0].start, keep[0].end)])
    blocked = [
        doc.span(h.start, h.end) for h in parse.hits
        if h.cls == "abnormal" and _BLOCKED_STATE_RE.fullmatch(doc.norm[h.start:h.end])
    ] if "abnormal_fix" in signals else []
    # No lender named and no 【…】 anywhere: the lender extractor reads a signature only at either end of the
    # text, and "…解冻。【XX银行】。" still says who is writing.
    if blocked and not counter_only and _YOUR_RE.search(doc.norm) and _ASKS_RE.search(doc.norm) and not any(
        e.type == "lender" for e in elements
    ) and not _BRACKETED_RE.search(doc.norm):
        # A bank, carrier or agency that really finds a problem with your account says who it is; an unsigned
        # "your account is frozen/expired, update it" is how phishing texts open.
        own("anonymous_pretext", W_ANONYMOUS_PRETEXT, _t(
            "说你的账户或证件出了问题，却不说自己是哪家机构：真正的银行、运营商或政府部门的通知都会署名。",
            "Says your account or papers have a problem without saying who is writing: a real bank, carrier or agency "
            "signs its notices.",
        ), blocked[:1])
    sender = digits_of(doc.sender) if doc.sender else ""
    if lender is not None and signed and _MOBILE_RE.fullmatch(sender):
        # A licensed lender's notices come from a 106 gateway or its own service number; its 【signature】 on a
        # text from someone's mobile is borrowed (an agency's own phone at best, a spoof at worst).
        own("signed_from_mobile", W_SIGNED_FROM_MOBILE, _t(
            f"短信署名是{lender_name(lender)}，发送号码 {doc.sender} 却是个人手机号：持牌机构的通知一般来自 106 开头的短信平台或它的客服号码。",
            f"The message is signed {lender_name(lender)} but came from a personal mobile, {doc.sender}: a licensed "
            "lender's notices come from a 106 gateway or its own service number.",
        ), [lender.span])
    # A card shown with its middle masked and its last digits visible (6259****7219) is how banks refer to
    # the reader's own card, like 尾号7219: not an account to pay into, unless the text tells the reader to pay
    # into it (将欠款打到指定账户：工商银行6222 0212 **** 3516): then it is a payee as a page quoting the scam masks it.
    accounts = [
        e for e in elements
        if e.type == "account" and not _TAIL_REF_RE.match(e.text)
        and not (e.attrs.get("masked") and e.attrs.get("tail") and not _pays_into(doc.norm, e.start))
    ]
    # "切勿向任何个人账户转账" warns against the very thing.
    # (尾号 makes a text read as a bank's report; one that asks the reader to pay in, 请…转入…户名, is no report)
    report = parse.has("tx_report") and not _PAY_REQUEST_RE.search(doc.norm)
    payees = _matches(doc, _PAYEE_NAME_RE) if not (code_guarded or report) else []
    personal = [
        m for m in _matches(doc, _PERSONAL_ACCOUNT_RE) + payees
        if not _WARNED_RE.search(doc.norm, _warn_window(doc.norm, m.start), m.start)
        and not _warned_sentence(doc.norm, parse, m.start)
        and not _OWN_BALANCE_RE.match(doc.norm, m.end)
    ] + [
        e.span for e in accounts if e.role in ("bank_card", "personal", "alipay", "wechat", "qq", "payee_name")
        # a payee named in a bank's code text or transfer report (您正在向收款人官某某转账) is the reader's own
        and not (e.role == "payee_name" and (code_guarded or parse.has("tx_report")))
    ]
    cards = [e for e in accounts if e.role in ("bank_card", "bank_account")]
    # Each card may come with its holder's name (建行刘艳清…，交行刘艳清…): up to four characters a card.
    bare = bool(cards) and not guarded and bool(_BANK_WORD_RE.search(doc.norm)) and (
        len(_ACCOUNT_FILLER_RE.sub("", doc.norm)) <= max(8, 4 * len(cards)))
    if bare:
        # A bank, a card number and a name, and nothing else: the mass-sent "pay into this card" text, sent to
        # thousands in the hope that one reader owes rent or a payment that day. A real payee says who they are.
        own("bare_account", W_BARE_ACCOUNT, _t(
            "短信只有一个银行卡号和户名，没有任何说明：这是群发的“打到这个卡上”诈骗，专等正好要付房租或货款的人上当。"
            "付款前请打电话给你认识的收款人本人确认。",
            "Nothing but a bank card number and a name: the mass-sent “pay into this card” scam, waiting for someone who "
            "happens to owe rent or a payment that day. Before paying, call the person you know on their usual number.",
        ), [c.span for c in cards[:1]])
    if personal and not bare:
        # A card number with "pay into it" is the whole request: the classic "changed card" and fake
        # collector transfer, fraud on its own. A number mentioned without asking is a weaker sign.
        # ...and so is a utility's or a public office's bill or refund handled through a private QQ or WeChat.
        transfer = parse.has("pay_verb") or bool(_PAY_RE.search(doc.norm)) or (
            not guarded and _office_money(doc) is not None)
        own("personal_account", W_PERSONAL_TRANSFER if transfer else W_PERSONAL_ACCOUNT, _t(
            "要求把钱转到个人账户或个人收款码：正规机构只通过自己的App、官方账户收款。",
            "Asks for payment to a personal account or QR code: genuine lenders take payment only in their own "
            "app or official account.",
        ), personal)
    # (a transfer named inside a warning — 谨防他人冒充客服要求转账 — is not one asked for)
    pay = [doc.span(m.start(), m.end()) for m in _PAY_RE.finditer(doc.norm)
           if not _WARNED_RE.search(doc.norm, _warn_window(doc.norm, m.start()), m.start())]
    pay += [e.span for e in accounts]
    urgent = _matches(doc, _URGENT_RE) if pay else []  # (only read with a transfer asked for)
    # (a bank's own transfer code with its warning — 请勿向任何人透露动态码 — asks no transfer of its own)
    # (nor a bank's report of a transfer already made, 向张某某转账50,000.00元。如非本人操作，请立即致电95568)
    if pay and urgent and not guarded and not (parse.has("tx_report") and not accounts):
        own("urgent_payment", W_URGENT_PAYMENT, _t(
            "催你立刻转账到指定渠道：制造紧迫感让人来不及核实，是诈骗常用手法。",
            "Urges an immediate transfer to a given channel: rushing you so you cannot check is a common scam "
            "tactic.",
        ), urgent[:1] + pay[:1])

    # A transfer or QR code asked for a debt: counted only when no more specific sign (a personal
    # account, an urgent transfer) already weighs the same request.
    pay = signals.get("pay_outside_app")
    if pay and not guarded and not any(r.code in ("personal_account", "urgent_payment") for r in reasons):
        code, weight, _, _ = GRAMMAR_SIGNALS["pay_outside_app"]
        own(code, weight, *_grammar_reason(doc, "pay_outside_app", pay[0]))

    sites = list(lender.attrs.get("official_sites") or ()) if lender else []
    signer = lender or next((e for e in elements if e.type == "lender" and e.role == "signature"), None)
    gov = _GOV_VOICE_RE.search(doc.norm)
    benefit = parse.of("prize")
    problem = parse.of("abnormal")
    if gov and problem and not guarded and not benefit and (off_line or _MASKED_CALL_RE.search(doc.norm)) and (
        "abnormal_fix" in signals or "abnormal_link" in signals
    ):
        # A card or account of a public office's said to be frozen or in breach, with an ordinary or hidden number
        # to ring about it (医保卡已被冻结…请联系xxx处理): offices write through their app, a counter or 12333-type
        # hotlines, never to one person's phone to "sort it out".
        own("gov_problem_call", W_PRETEXT_CALLBACK, _t(
            f"以“{gov.group(0)}”的名义说你的卡或账户出了问题，却要你联系短信里的号码处理：政府部门只在官方App、窗口或"
            "12333、12345这类公开热线办理，不会让你打某个号码“处理”。",
            f"In the name of “{gov.group(0)}”, it says your card or account has a problem, then asks you to ring a number "
            "in the text: public offices handle this in their official app, at a counter or on public hotlines such as "
            "12333 or 12345, never through a number sent to you.",
        ), [doc.span(gov.start(), gov.end()), doc.span(problem[0].start, problem[0].end)])
    if gov and benefit and not guarded and off_line:
        # A subsidy, refund or benefit "not yet collected" from a government body, with an ordinary number to
        # call about it: offices pay benefits to the card on file and publish one hotline (12333, 12366).
        own("gov_benefit_call", W_PERSONAL_TRANSFER, _t(
            f"以“{gov.group(0)}”的名义说你有补贴、退税或补助可领，却给了一个普通电话让你联系："
            "政府发放的钱直接打到登记的账户，咨询只用12333、12366这类官方热线；这是冒充政府部门的诈骗。",
            f"In the name of “{gov.group(0)}”, it says a subsidy, refund or benefit awaits you, yet gives an ordinary "
            "number to call: public money is paid to the account on file, and questions go to official hotlines "
            "such as 12333 or 12366. This is a scam posing as a government office.",
        ), [doc.span(gov.start(), gov.end()), doc.span(benefit[0].start, benefit[0].end)])
    if not urls:
        # "不要点击陌生链接" warns against links; it points nowhere.
        # (nor does a warning that describes the scammers' link, 骗徒…附上連結, in a sentence of its own)
        mentions = [m for m in (
            doc.span(f.start(), f.end()) for f in finditer_led(_LINK_WORD_LEAD_RE, _LINK_WORD_RE, doc.norm)
        ) if not (
            m.text in _SITE_WORDS and (any(e.type == "lender" and e.end == m.start for e in elements)
                                       or _SERVICE_SITE_RE.search(doc.norm, max(0, m.start - 8), m.start))
        ) and not _WARNED_RE.search(doc.norm, _warn_window(doc.norm, m.start), m.start)
            and not (warning and _warned_sentence(doc.norm, parse, m.start))]
        if mentions and gov:
            # A government body's name with "click the link" and no gov.cn address to show for it; with a penalty
            # for delay (延时将销户, 逾期将受到处罚) it is the whole registry-phishing script.
            own("link_not_gov", W_PERSONAL_TRANSFER if _PENALTY_RE.search(doc.norm) else W_LINK_LOOKALIKE, _t(
                f"短信以“{gov.group(0)}”的名义发来，却让你点链接办理（“{mentions[0].text}”）：政府机关只在官方App或 gov.cn "
                "网站办理事务，不会发链接让你点。",
                f"Sent in the name of “{gov.group(0)}”, yet it sends you to a link (“{mentions[0].text}”): government bodies "
                "handle matters only in their official app or gov.cn site and do not send links to click.",
            ), [doc.span(gov.start(), gov.end()), mentions[0]])
        elif mentions:
            own("link_mention", W_LINK_MENTION, _t(
                f"短信让你打开链接（“{mentions[0].text}”），但没有可核实的官方网址。",
                f"The message sends you to a link (“{mentions[0].text}”) with no verifiable official address.",
            ), mentions[:1])
    for url in urls:
        host = str(url.attrs.get("host") or "")
        if gov_link(url):
            continue  # a court's or an office's own gov.cn site is no lender's site to be judged against
        if gov and host and not url.attrs.get("masked") and not gov_host(host) and not url.attrs.get("shortener"):
            # A court, procuratorate or police body whose link is a named site off gov.cn (cdfy-gov.top) is the fake
            # summons itself: they serve papers through 12368 and court.gov.cn platforms. (A bare IP address, which
            # some courts' own service platforms use, keeps the lighter weight.)
            legal_voice = _LEGAL_VOICE_RE.search(gov.group(0)) and not url.attrs.get("ip_host")
            own("link_not_gov", W_PERSONAL_TRANSFER if _PENALTY_RE.search(doc.norm) or legal_voice else W_LINK_LOOKALIKE, _t(
                f"短信以“{gov.group(0)}”的名义发来，链接 {host} 却不是政府网站：政府机关的网站都用 gov.cn 结尾的域名，"
                "退税、社保、医保只在官方App或 gov.cn 网站办理。",
                f"Sent in the name of “{gov.group(0)}”, yet the link {host} is not a government site: government bodies "
                "use gov.cn domains, and tax refunds or social-insurance matters are handled only in their official app "
                "or gov.cn site.",
            ), [doc.span(gov.start(), gov.end()), url.span])
            continue
        if ".apk" in url.text.lower():
            own("apk_link", W_APK_LINK, _t(
                f"链接 {url.text} 是一个安装包（.apk）：正规机构只通过应用商店或官网提供App，短信里的安装包常是窃取短信和银行信息的木马。",
                f"The link {url.text} is an app package (.apk): genuine institutions offer apps through app stores or "
                "their site; an install file in a text is often malware that steals messages and bank details.",
            ), [url.span])
            continue
        if url.attrs.get("shortener"):
            own("link_shortener", W_LINK_SHORTENER, _t(
                f"短链接 {url.text}：看不出真正的网址，不要点开。",
                f"Shortened link {url.text}: the real address is hidden; do not open it.",
            ), [url.span])
        elif url.attrs.get("obfuscated"):
            own("link_obfuscated", W_LINK_OBFUSCATED, _t(
                f"被刻意拆开或变形的链接 {url.text}：用来躲避拦截，不要点开。",
                f"A deliberately broken-up link {url.text}: made to dodge filters; do not open it.",
            ), [url.span])
        elif signer is not None and (_cheap_host(host) or (lender is not None and _desk_host(host))) and not (
            url.attrs.get("ip_host")
        ) and (
            # (a known bank's name over a cheap address it does not own is phishing whatever else the text copies from
            # real notices, 如非本人操作: 【招商银行】… cmb-safe.top)
            (lender is not None and sites and not site_matches(host, sites))
            # (...but a hyphenated cheap name, cn-cancel.shop, is no brand's: brands buy their bare name)
            or not (_brand_host(signer.text, host) or parse.has("guard_code") or (
                lender is not None and not sites and "-" not in _registered_label(host)))
        ):
            # No bank, carrier, courier or public office puts its name on a .top, .cc or *.cn.com address, and
            # none hides "gov" inside one: under an institution's name such a link is the phishing page itself.
            # (A known lender whose own sites we have not verified may pay through one, 分期乐 on fql.cc.)
            own("link_cheap_signed", W_LINK_CHEAP_SIGNED, _t(
                f"短信以“{signer.text}”的名义发来，链接 {host} 却是常被诈骗使用的廉价或仿冒域名：银行、运营商、快递、"
                "政府机构都不会用这种网址。不要点开，需要办理就打开官方App或自己输入官网地址。",
                f"Sent in the name of “{signer.text}”, yet the link {host} is a cheap or imitation domain that scams "
                "use: no bank, carrier, courier or public office uses such an address. Do not open it; use the "
                "official app or type the official site yourself.",
            ), [signer.span, url.span])
        elif _GOV_WORD_RE.search(host.lower()) and not host.lower().rstrip(".").endswith(_GOV_SUFFIXES) and not (
            url.attrs.get("ip_host")
        ):
            # "gov" spelt into a host that is no government's (dh-gov-hk.com, 12333-gov.top): only state bodies hold
            # gov.cn, gov.hk, gov.mo or gov.tw names, so the word there is put on to pass for one.
            own("link_fake_gov", W_LINK_CHEAP_SIGNED, _t(
                f"链接 {host} 把“gov”写进了网址，却不是政府网站：政府网站只用 gov.cn、gov.hk、gov.mo、gov.tw 结尾的域名，"
                "这是仿冒政府网站的钓鱼链接，不要点开。",
                f"The link {host} spells “gov” into its address but is no government site: government sites end in "
                "gov.cn, gov.hk, gov.mo or gov.tw, so this is a phishing page posing as one; do not open it.",
            ), [url.span])
        elif url.attrs.get("lookalike"):
            name = str(url.attrs["lookalike"])
            own("link_lookalike", W_LINK_LOOKALIKE, _t(
                f"链接 {host} 看起来像{name}的网址，但不是它的官方网站：仿冒银行、运营商的域名是钓鱼短信的常见做法，不要点开。",
                f"The link {host} looks like {name}'s address but is not its official site: imitation bank and "
                "carrier domains are a common phishing trick; do not open it.",
            ), [url.span])
        elif lender is not None and sites and host and (number := hotline_domain(host, lender)):
            own("link_hotline_domain", W_LINK_UNVERIFIED, _t(
                f"链接 {host} 的域名就是{lender_name(lender)}的客服号码 {number}，很可能是它自己的网址，但未经核实："
                "稳妥起见，请在官方App里办理。",
                f"The link {host} is registered under {lender_name(lender)}'s service number {number}, so it is "
                "probably the lender's own, but unverified: to be safe, use the official app.",
            ), [url.span])
        elif lender is not None and sites and host and not site_matches(host, sites):
            own("link_unofficial", W_LINK_UNOFFICIAL, _t(
                f"链接 {host} 不是{lender_name(lender)}的官方网站。",
                f"The link {host} is not an official site of {lender_name(lender)}.",
            ), [url.span])
        elif _host_risk(host) == "risky":
            own("link_risky_host", W_LINK_RISKY_HOST, _t(
                f"链接 {host} 是纯数字地址或常被诈骗使用的廉价域名，不要点开。",
                f"The link {host} is a bare IP address or a cheap domain often used by scams; do not open it.",
            ), [url.span])
        elif _host_risk(host) == "official":
            continue
        elif lender is None or not sites:
            own("link_unverified", W_LINK_UNVERIFIED, _t(
                f"链接 {host or url.text} 无法与任何已核实的官方网站对应，不要点开。",
                f"The link {host or url.text} matches no verified official site; do not open it.",
            ), [url.span])

    plain_lines = [p for p in numbers if p.attrs.get("kind") in ("landline", "masked", "unknown")]
    # (the bank's voice looked for last: it is a scan of the text, and most messages fail a cheaper test first)
    if debt and lender is None and plain_lines and no_service_line and (bank_voice := _BANK_VOICE_RE.search(doc.norm)):
        # A bank's texts give its 95xxx or 400 line; an unnamed "我行" with only a desk number does not.
        # With a "blacklist" too, which no bank reports to, it is the fake card-collection text police quote
        # (我行即刻对您上报黑名单…请联系0777…): a real bank's notice is vetted and names itself.
        blacklist = _BLACKLIST_RE.search(doc.norm) and not parse.has("guard_notice")
        own("bank_without_service_line", W_ANON_BANK_BLACKLIST if blacklist else W_NUMBER_NOT_OFFICIAL, _t(
            f"短信以银行口吻（“{bank_voice.group(0)}”）说话，却没写明是哪家银行，只留了一个普通号码 {plain_lines[0].text}："
            "银行的通知会给出它的全国客服号码；请打银行卡背面的电话核实。",
            f"Speaks as a bank (“{bank_voice.group(0)}”) without naming it and gives only an ordinary number "
            f"{plain_lines[0].text}: a bank's notice gives its national service line; check on the number on your card.",
        ), [doc.span(bank_voice.start(), bank_voice.end()), plain_lines[0].span])
    # A mobile with its middle hidden (138****6620) given by a named lender or a state body is still a
    # person's phone; a number the page masked whole (xxxxxxxxxxx) says nothing.
    masked_mobiles = [
        p for p in numbers
        if p.attrs.get("kind") == "masked" and p.attrs.get("kind_hint") == "mobile"
        and (lender is not None or gov or debt)
        # (a mask that leaves only the leading 1 is still a mobile when the text calls it a WeChat too: 1xx****xxxx（同微信）)
        and (sum(ch.isdigit() for ch in p.text) >= 3 or _SAME_WECHAT_RE.match(doc.norm, p.end))
    ]
    # A Hong Kong debt (HK$5,000) given a Hong Kong number is local to its reader, not a call from abroad.
    local_countries = {
        _CURRENCY_COUNTRY[c] for c in (e.attrs.get("currency") for e in elements if e.type == "money")
        if c in _CURRENCY_COUNTRY
    }
    phones = callback_phones(elements) + masked_mobiles
    fee = _FEE_ASKED_RE.search(doc.norm) if phones else None  # (only read for a phone to call)
    office = _office_money(doc) if phones and not guarded else None
    for phone in phones:
        kind = "mobile" if phone in masked_mobiles else phone.attrs.get("kind")
        if kind == "mobile" and not debt and parse.has("parcel") and _COURIER_RE.search(doc.norm):
            continue  # a courier's own phone on a delivery notice (快递员张师傅…联系电话138****5678) is how parcels arrive
        if kind == "mobile":
            # A named lender's own notice gives its service line; a staff member's mobile is how fakes use its name.
            # ...and so is any "customer service" line that is someone's mobile (联系客服 170…): a service desk has a line
            desk = _SERVICE_DESK_RE.search(doc.norm, max(0, phone.start - 8), phone.start)
            if fee and (lender is not None or gov or desk):
                # a fee to be paid through someone's own phone (联系分期专员 186… 缴纳手续费720元): no bank collects so
                own("fee_via_mobile", W_PERSONAL_TRANSFER, _t(
                    f"要你联系个人手机号 {phone.text} 去缴纳费用（“{fee.group(0)}”）：银行和贷款机构的费用只在账单、App或"
                    "官方渠道里扣收，不会让你找某个人的手机去交钱。",
                    f"Asks you to ring a personal mobile, {phone.text}, to pay a fee (“{fee.group(0)}”): banks and lenders "
                    "charge fees on the bill, in the app or through official channels, never through someone's own phone.",
                ), [phone.span, doc.span(fee.start(), fee.end())])
                continue
            if office:
                # 【国家电网】…请联系电力稽查专员138…补缴, 【交管局】…如需消分请联系138…: utilities bill and refund through
                # their hotlines, halls and apps, and no office sells points; one person's mobile "handling" it is the script.
                own("office_via_mobile", W_PERSONAL_TRANSFER, _t(
                    f"以“{office}”的名义，要你联系个人手机号 {phone.text} 办理缴费、罚款或退费：公共机构和水电燃气、高速公路"
                    "公司只通过官方热线、营业厅或App办理，不会让你找某个人的手机。",
                    f"In the name of “{office}”, asks you to ring a personal mobile, {phone.text}, about a bill, fine or "
                    "refund: public offices and utilities handle these on their hotlines, at their counters or in their "
                    "apps, never through one person's phone.",
                ), [phone.span])
                continue
            own("personal_mobile", W_PERSONAL_MOBILE_LENDER if lender is not None or gov or desk else W_PERSONAL_MOBILE, _t(
                f"联系号码 {phone.text} 是个人手机号，不是机构的客服热线。",
                f"The contact number {phone.text} is a personal mobile, not an institution's service line.",
            ), [phone.span])
        elif kind == "overseas" and phone.attrs.get("country") not in local_countries:
            own("overseas_number", W_OVERSEAS_NUMBER, _t(
                f"联系号码 {phone.text} 是境外号码。",
                f"The contact number {phone.text} is an overseas number.",
            ), [phone.span])
        # (a public help line — the courts' 12368, legal aid 12348, 96110 — is nobody's lender line: the phone
        # extractor already names it, and a court's notice naming a bank gives it; a carrier's line is no help line)
        elif lender is not None and not (kind == "hotline_short" and phone.attrs.get("category") != "carrier") and (
            is_official(lender, phone) is False and not is_listed(lender, phone)
        ):
            own("number_not_official", W_NUMBER_NOT_OFFICIAL, _t(
                f"号码 {phone.text} 不在{lender_name(lender)}官网公布的号码之中（机构也会用未公布的号码，这只是一个弱迹象）。",
                f"The number {phone.text} is not among those {lender_name(lender)} publishes on its site (lenders also "
                "use unpublished lines, so this is a weak sign).",
            ), [phone.span])

    risk = min(SCAM_RISK_CAP, sum(r.weight for r in reasons))
    return risk, reasons


def _office_money(doc: Doc) -> str | None:
    """The utility named (国家电网, 水务) when the text is about a bill to pay or money to get back, or the traffic
    office named when penalty points are for sale (消分), else None.

    Courts, police and tax offices are left out: their clerks and officers do give their own mobiles in real
    notices (请联系书记员138…), fees included."""
    if not _OFFICE_MONEY_RE.search(doc.norm):
        return None
    office = _UTILITY_VOICE_RE.search(doc.norm) or (_POINTS_SALE_RE.search(doc.norm) and _TRAFFIC_RE.search(doc.norm))
    return office.group(0) if office else None


def _grammar_reason(doc: Doc, signal: str, match: Any) -> tuple[dict[str, str], list[Span]]:
    """The reason text of a grammar signal, quoting the words that matched, and their spans."""
    _, _, zh, en = GRAMMAR_SIGNALS[signal]
    spans = hit_spans(doc, match)
    words = "、".join(dict.fromkeys(s.text for s in spans))
    return _t(zh.format(words=words), en.format(words=words)), spans


# Cheap or throw-away top-level domains that phishing texts favour; an ordinary .com/.cn is not a sign.
RISKY_TLDS = frozenset({
    "top", "xyz", "vip", "cc", "icu", "club", "site", "online", "shop", "work", "live", "fun", "tk", "ml", "ga",
    "cf", "gq", "pw", "wang", "ltd", "ink", "link", "ren", "run", "love", "store", "tech", "asia", "group", "mobi",
})
_IP_HOST_RE = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
# A link the message names even when the page masked the address ("点击链接", "http://***.cn").
_LINK_MENTION_RE = Gated(re.compile(_LINK_MENTION, re.IGNORECASE))


# Private registries that read as Chinese or official at a glance (sgcc-pay.cn.com), and "gov" used as a word
# inside a host that is not a government's (td-gov-hk.cc, mvdis-gov.tw.xyz).
_PSEUDO_SUFFIXES = (".cn.com", ".com.co")
_GOV_WORD_RE = re.compile(r"(?:^|[.-])gov(?:[.-]|$)")
_GOV_SUFFIXES = (".gov.cn", ".gov.hk", ".gov.tw", ".gov.mo", ".gov")


def _brand_host(signature: str, host: str) -> bool:
    """The domain is the signature's own Latin name (【iSlide】… islide.cc): the brand's site, whatever its TLD."""
    name = re.sub(r"[^a-z0-9]", "", signature.lower())
    labels = host.lower().split(":")[0].split(".")
    return len(name) >= 3 and len(labels) >= 2 and labels[-2] == name


# A help-desk or account-rescue word hyphened onto a name (fql-vip.cn, cmb-safe.com, jd-kefu.net): how phishing
# names pass for a brand's desk; brands register their bare name. (Plain business words, -pay or -help, are left
# out: companies do register those.)
_SERVICE_SUFFIX_RE = re.compile(
    r"-(?:vip|kefu|kf|safe|verify|login|secure|refund|tuikuan|zhuxiao|jiedong|cancel|unlock|auth)\d*$")


# ...and, under a known lender's or bank's own name, a payment or help word hyphened on (jd-jr-pay.com): lenders
# pay through their own app and bare domain. Other companies do register such names (example-pay.com).
# (the account-rescue words above already make any host cheap)
_DESK_SUFFIX_RE = re.compile(r"-(?:pay|help|service)\d*$")


def _registered_label(host: str) -> str:
    """The name registered under the top-level domain (fql-vip in fql-vip.cn), lower-cased; "" for a bare name."""
    labels = host.lower().rstrip(".").split(":")[0].split(".")
    return labels[-2] if len(labels) >= 2 else ""


def _desk_host(host: str) -> bool:
    return _DESK_SUFFIX_RE.search(_registered_label(host)) is not None


def _cheap_host(host: str) -> bool:
    """A cheap TLD, a pseudo-national suffix, "gov" as a word in a host off every government's domain, or a
    service word hyphened onto the registered name."""
    host = host.lower().rstrip(".").split(":")[0]
    if not host or _IP_HOST_RE.fullmatch(host):
        return False
    if host.endswith(_GOV_SUFFIXES):
        return False
    return (host.rsplit(".", 1)[-1] in RISKY_TLDS or host.endswith(_PSEUDO_SUFFIXES)
            or _GOV_WORD_RE.search(host) is not None or _SERVICE_SUFFIX_RE.search(_registered_label(host)) is not None)


def _host_risk(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.endswith(".gov.cn") or host == "gov.cn":
        return "official"  # registration under gov.cn is restricted to state bodies
    if _IP_HOST_RE.fullmatch(host.split(":")[0]) or _cheap_host(host):
        return "risky"
    return "plain"


def link_risk(doc: Doc, elements: Sequence[Element]) -> str:
    """'none', 'plain' (only ordinary domains) or 'risky' (short, IP, cheap TLD, hidden or masked link)."""
    urls = [e for e in elements if e.type == "url"]
    if not urls:
        return "risky" if _LINK_MENTION_RE.search(doc.norm) else "none"
    for u in urls:
        if u.attrs.get("shortener") or u.attrs.get("obfuscated") or u.attrs.get("lookalike") or _host_risk(str(u.attrs.get("host") or "")) == "risky":
            return "risky"
    return "plain"


_SITE_WORDS = frozenset({"网站", "官网", "网址"})
# A site named by a public service number (12306网站, 95588官网): the reader's own way there, not a link given.
_SERVICE_SITE_RE = re.compile(r"(?<![0-9])(?:12[0-9]{3}|95[0-9]{3,4}|100[0-9]{2})(?:官方)?$")
_NAMED_SITE_RE = re.compile(r"[\u4e00-\u9fff]{2,}$")
_POINTER_RE = re.compile(r"[某×xXＸ*＊]|下列|以下|下方|如下|该|此|这个|指定|登录$|登陆$|访问$|进入$|打开$")


def _names_own_site(doc: Doc, hit: Any, elements: Sequence[Element]) -> bool:
    """A site word after 官方 or a name (请登录翼龙贷网站): the reader's own way to the lender's site, not a link
    given. A masked or pointing word before it (某网站, XX网址, 下列网址) is a link the page hid."""
    if doc.norm[hit.start:hit.end] not in _SITE_WORDS:
        return False
    before = doc.norm[max(0, hit.start - 8):hit.start]
    return before.endswith("官方") or any(e.type == "lender" and e.end == hit.start for e in elements) or bool(
        not any(e.type == "url" for e in elements) and _NAMED_SITE_RE.search(before)
        and not _POINTER_RE.search(before)
    )


def _cheap_pay_host(elements: Sequence[Element]) -> bool:
    """A link on a cheap TLD or a bare IP address (not a shortener, which lenders use too)."""
    return any(
        e.type == "url" and not e.attrs.get("shortener") and _host_risk(str(e.attrs.get("host") or "")) == "risky"
        for e in elements
    )


def _off_lender_site(elements: Sequence[Element], lender: Element) -> bool:
    """A link that the named lender's site list rules out (not its site, not under its service number)."""
    sites = list(lender.attrs.get("official_sites") or ())
    return bool(sites) and any(
        not site_matches(host, sites) and not hotline_domain(host, lender)
        for u in elements if u.type == "url" and (host := str(u.attrs.get("host") or ""))
    )


# Pretexts that genuine senders also use for ordinary news (a service upgrade, points, a risk
# notice): with a signature and an ordinary domain they weigh half. A card frozen, a service
# stopped or expired does not get that benefit of the doubt from an unknown signature.
# A limit raised, however worded (额度已提升至5万): good news a lender's own marketing also gives.
_RAISED_RE = re.compile(r"提升|提额|上调|提高")
_WEAK_PRETEXTS = frozenset({
    "升级", "认证", "重新认证", "实名认证", "身份核验", "积分", "积分兑换", "风险", "风控", "注销", "资料更新",
})


def _only_shortened(elements: Sequence[Element]) -> bool:
    urls = [e for e in elements if e.type == "url"]
    return bool(urls) and all(u.attrs.get("shortener") and not u.attrs.get("obfuscated") for u in urls)


def _strong_pretext(doc: Doc, parse: Parse) -> bool:
    # A court step or the police, the lure no lender's own link comes with (移交司法处理…点击链接).
    if parse.has("legal_strong") or "legal_done" in parse.present:
        return True
    # Points lapsing (积分…将于…过期) is an ordinary notice, however the lapse is worded.
    # ("清零" stays strong: "积分即将清零，点击兑换现金" is the points-phishing script itself.)
    return any(
        doc.norm[h.start:h.end] not in _WEAK_PRETEXTS and not _RAISED_RE.search(doc.norm[h.start:h.end]) and not (
            doc.norm[h.start:h.end] in ("过期", "已过期", "失效") and "积分" in doc.norm[max(0, h.start - 24):h.start]
        )
        for h in parse.of("abnormal")
    )


def _signer_domains(elements: Sequence[Element]) -> bool:
    """Every link is under the service number of the institution the signature names (a carrier's own)."""
    urls = [e for e in elements if e.type == "url"]
    return bool(urls) and all(signer_number_domain(str(u.attrs.get("host") or ""), elements) for u in urls)


def _on_lender_site(url: Element, lender: Element | None) -> bool:
    sites = list(lender.attrs.get("official_sites") or ()) if lender is not None else []
    return bool(sites) and site_matches(str(url.attrs.get("host") or ""), sites)


def _all_official(elements: Sequence[Element], lender: Element | None) -> bool:
    """Every link in the text is on the named lender's own site (and there is at least one)."""
    urls = [e for e in elements if e.type == "url"]
    return bool(urls) and all(_on_lender_site(u, lender) for u in urls)


def _all_gov(elements: Sequence[Element]) -> bool:
    """Every link in the text is a plain address under gov.cn (and there is at least one)."""
    urls = [e for e in elements if e.type == "url"]
    return bool(urls) and all(gov_link(u) for u in urls)


def _unchecked_link(elements: Sequence[Element], lender: Element | None) -> bool:
    """A link that is not on the named lender's own site (or any link when no lender is named)."""
    if lender is None:
        return True
    # A known lender's text that mentions a link we cannot see is not held against it; a link on the
    # lender's service number (n.95508.com for 95508) is weighed once, by its own link_hotline_domain sign.
    return any(
        not _on_lender_site(u, lender) and not hotline_domain(str(u.attrs.get("host") or ""), lender)
        for u in elements if u.type == "url"
    )


def _creditor_voice(doc: Doc, parse: Parse) -> bool:
    """The text speaks as the creditor (我平台, 法务部), not as a court or the police signing it."""
    if parse.has("authority_self") or _AUTHORITY_SIGNED_RE.search(doc.norm):
        return False
    return parse.has("sender_self") or parse.has("legal_transfer")
