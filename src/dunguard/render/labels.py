"""Words the renderers show for element types, roles and verdict values, in zh and en.

Shared by the terminal, HTML and web renderers so a label reads the same everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dunguard.model import Element, Report

WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}

TYPE_LABELS: dict[str, dict[str, str]] = {
    "time": {"zh": "时间", "en": "Time"},
    "money": {"zh": "金额", "en": "Amount"},
    "overdue": {"zh": "逾期", "en": "Overdue"},
    "phone": {"zh": "电话", "en": "Phone"},
    "url": {"zh": "链接", "en": "Link"},
    "lender": {"zh": "机构", "en": "Lender"},
    "visit": {"zh": "上门", "en": "Visit"},
    "account": {"zh": "账户", "en": "Account"},
}

# (type, role) pairs with a more precise label than the type alone.
ROLE_LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("time", "visit"): {"zh": "上门时间", "en": "Visit time"},
    ("time", "deadline"): {"zh": "还款期限", "en": "Payment deadline"},
    ("money", "owed"): {"zh": "欠款金额", "en": "Amount owed"},
    ("money", "overdue_fee"): {"zh": "逾期费用", "en": "Overdue charges"},
    ("money", "minimum"): {"zh": "最低还款", "en": "Minimum payment"},
    ("money", "fee"): {"zh": "收费", "en": "Fee demanded"},
    ("money", "settlement"): {"zh": "结清金额", "en": "Settlement amount"},
    ("overdue", "days_overdue"): {"zh": "逾期天数", "en": "Days overdue"},
    ("lender", "signature"): {"zh": "短信签名", "en": "Sender signature"},
    ("lender", "collector"): {"zh": "催收方自称", "en": "Collector calls itself"},
    ("visit", "claim"): {"zh": "上门说法", "en": "Visit claim"},
    ("account", "bank_card"): {"zh": "银行卡号", "en": "Bank card"},
}

PHONE_KINDS: dict[str, dict[str, str]] = {
    "mobile": {"zh": "手机号（个人号码）", "en": "mobile (personal number)"},
    "landline": {"zh": "固定电话", "en": "landline"},
    "service_95": {"zh": "95 开头企业客服号", "en": "95xxx company service number"},
    "service_96": {"zh": "96 开头服务号", "en": "96xxx service number"},
    "service_400": {"zh": "400 企业号码", "en": "400 company number"},
    "service_800": {"zh": "800 免费号码", "en": "800 toll-free number"},
    "service_1010": {"zh": "1010 开头企业客服号（未核实）", "en": "1010xxxx company service number (unverified)"},
    "sms_gateway_106": {"zh": "106 短信平台号", "en": "106 SMS gateway sender"},
    "hotline_short": {"zh": "公共服务短号", "en": "public service short number"},
    "overseas": {"zh": "境外号码", "en": "overseas number"},
    "masked": {"zh": "打码的号码", "en": "masked number"},
    "unknown": {"zh": "无法识别的号码", "en": "unrecognised number"},
}

# The extractor gives a mobile's carrier and a landline's region in Chinese (phonenumbers "zh",
# data/phone_prefixes.yaml). English shows the carrier's English name and the landline's province;
# a name not in these tables is left out in English rather than shown in Chinese.
CARRIERS_EN = {"中国移动": "China Mobile", "中国联通": "China Unicom", "中国电信": "China Telecom",
               "中国广电": "China Broadnet"}
PROVINCES_EN = (
    ("北京", "Beijing"), ("天津", "Tianjin"), ("上海", "Shanghai"), ("重庆", "Chongqing"), ("河北", "Hebei"),
    ("山西", "Shanxi"), ("辽宁", "Liaoning"), ("吉林", "Jilin"), ("黑龙江", "Heilongjiang"), ("江苏", "Jiangsu"),
    ("浙江", "Zhejiang"), ("安徽", "Anhui"), ("福建", "Fujian"), ("江西", "Jiangxi"), ("山东", "Shandong"),
    ("河南", "Henan"), ("湖北", "Hubei"), ("湖南", "Hunan"), ("广东", "Guangdong"), ("海南", "Hainan"),
    ("四川", "Sichuan"), ("贵州", "Guizhou"), ("云南", "Yunnan"), ("陕西", "Shaanxi"), ("甘肃", "Gansu"),
    ("青海", "Qinghai"), ("台湾", "Taiwan"), ("内蒙古", "Inner Mongolia"), ("广西", "Guangxi"), ("西藏", "Tibet"),
    ("宁夏", "Ningxia"), ("新疆", "Xinjiang"), ("香港", "Hong Kong"), ("澳门", "Macao"),
)


def region_en(region: str) -> str | None:
    """A landline region ("广东省深圳市") as its province in English ("Guangdong"), or None."""
    for zh, en in PROVINCES_EN:
        if region.startswith(zh):
            return en
    return None


def _phone_extra(attrs: dict[str, Any], lang: str) -> list[str]:
    """Region, carrier and name of a phone number, in ``lang`` only."""
    # A virtual operator's range (170, 171...) is said as such: the host carrier alone reads as an ordinary number.
    virtual = attrs.get("virtual")
    if lang == "zh":
        carrier_zh = f"{attrs['carrier']}网络的虚拟运营商号段" if virtual and attrs.get("carrier") else (
            "虚拟运营商号段" if virtual else attrs.get("carrier"))
        return [x for x in (attrs.get("region"), carrier_zh, attrs.get("name")) if x]
    region, carrier = attrs.get("region"), attrs.get("carrier")
    carrier_en = CARRIERS_EN.get(carrier) if carrier else None
    parts = [
        region_en(region) if region else None,
        (f"virtual-operator range on {carrier_en}" if carrier_en else "virtual-operator range") if virtual else carrier_en,
        attrs.get("name_en") or (attrs.get("name") if str(attrs.get("name") or "").isascii() else None),
    ]
    return [x for x in parts if x]


LENDER_KINDS: dict[str, dict[str, str]] = {
    "bank": {"zh": "银行", "en": "bank"},
    "consumer_finance": {"zh": "消费金融公司", "en": "consumer-finance company"},
    "small_loan": {"zh": "小额贷款公司", "en": "small-loan company"},
    "platform": {"zh": "互联网平台", "en": "internet platform"},
    "other": {"zh": "其他机构", "en": "other institution"},
    "unknown": {"zh": "未知", "en": "unknown"},
}

VISIT_TARGETS: dict[str, dict[str, str]] = {
    "home": {"zh": "住所", "en": "home"},
    "workplace": {"zh": "工作单位", "en": "workplace"},
    "hometown": {"zh": "户籍地/老家", "en": "hometown"},
    "village_committee": {"zh": "村委会/居委会", "en": "village or residents' committee"},
    "relatives": {"zh": "亲属家", "en": "relatives"},
    "school": {"zh": "孩子的学校", "en": "a child's school"},
    "unspecified": {"zh": "未说明地点", "en": "place not stated"},
}

KINDS: dict[str, dict[str, str]] = {
    "reminder": {"zh": "还款提醒", "en": "payment reminder"},
    "overdue_notice": {"zh": "逾期通知", "en": "overdue notice"},
    "visit_threat": {"zh": "上门威胁", "en": "home-visit threat"},
    "legal_threat": {"zh": "法律威胁", "en": "legal threat"},
    "third_party_threat": {"zh": "威胁联系第三方", "en": "threat to contact third parties"},
    "harassment": {"zh": "骚扰/恐吓", "en": "harassment"},
    "scam": {"zh": "诈骗", "en": "scam"},
    "settlement_offer": {"zh": "减免/结清方案", "en": "settlement offer"},
    "other": {"zh": "其他", "en": "other"},
}

LEGITIMACY: dict[str, dict[str, str]] = {
    # (said of a bank's reminder and of a friend's text alike: genuine, not "an institution's notice")
    "likely_genuine": {"zh": "像是真实、正常的短信", "en": "likely genuine"},
    "likely_bluff": {"zh": "可能是施压、吓唬", "en": "likely a pressure bluff"},
    "likely_scam": {"zh": "很可能是诈骗", "en": "likely a scam"},
    "unclear": {"zh": "无法判断", "en": "unclear"},
}

LEVELS: dict[str, dict[str, str]] = {
    "low": {"zh": "低", "en": "low"},
    "medium": {"zh": "中", "en": "medium"},
    "high": {"zh": "高", "en": "high"},
    # Only a message that mentions no visit gets "unknown": say that, not "cannot tell".
    "unknown": {"zh": "不涉及（未提到上门）", "en": "not applicable (no visit mentioned)"},
}

SEVERITY: dict[str, dict[str, str]] = {
    "low": {"zh": "轻", "en": "low"},
    "medium": {"zh": "中", "en": "medium"},
    "high": {"zh": "重", "en": "high"},
}

CONFIDENCE: dict[str, dict[str, str]] = {
    # (the article was read in the official text or a faithful mirror of it, which the source line names)
    "V": {"zh": "已核对条文", "en": "article text checked"},
    "S": {"zh": "据公开报道转述，未核对原文", "en": "as reported; text not checked"},
    "U": {"zh": "未核实", "en": "unverified"},
}

SECTIONS: dict[str, dict[str, str]] = {
    "message": {"zh": "短信", "en": "Message"},
    "received": {"zh": "收到时间", "en": "Received"},
    "unknown_received": {
        "zh": "未提供收到时间：“明天”等相对时间无法换算成日期（用 --received-at 指定）",
        "en": "No received time: relative times like 明天 cannot be turned into dates (use --received-at)",
    },
    "received_from_paste": {
        "zh": "收到时间取自粘贴内容里手机显示的“{line}”：{when}。如果不对，请用 --received-at 指定。",
        "en": "Received time taken from the phone's “{line}” in the paste: {when}. If that is wrong, give --received-at.",
    },
    "pasted_extra": {
        "zh": "以下是粘贴时一起带上的内容（手机界面、发件号码或你自己的话），没有当作短信内容来判断：",
        "en": "Set aside as part of the paste, not of the message (the phone's screen, the sender line or your own "
        "words):",
    },
    "claims": {"zh": "短信里说了什么", "en": "What the message claims"},
    "item": {"zh": "项目", "en": "Item"},
    "original": {"zh": "原文", "en": "Words"},
    "meaning": {"zh": "解读", "en": "Meaning"},
    "nothing": {"zh": "没有识别出时间、金额、号码、链接等内容。", "en": "No times, amounts, numbers or links recognised."},
    "q_kind": {"zh": "一、这是什么短信？", "en": "1. What kind of message is this?"},
    "q_real": {"zh": "二、是真的吗？", "en": "2. Is it real?"},
    "q_legal": {"zh": "三、合法吗？", "en": "3. Is it legal?"},
    "q_visit": {"zh": "四、他们真的会上门吗？", "en": "4. Will they really come?"},
    "q_plan": {"zh": "五、现在该怎么做？", "en": "5. What do I do now?"},
    "primary": {"zh": "主要是", "en": "mainly"},
    "scam_risk": {"zh": "诈骗风险", "en": "Scam risk"},
    "no_findings": {
        "zh": "未发现违反催收规定的说法。",
        "en": "No collection-rule violations found.",
    },
    "source": {"zh": "出处", "en": "Source"},
    "why": {"zh": "原因", "en": "Why"},
    "draft": {"zh": "可直接发送的草稿", "en": "Draft to send"},
    # An English reader still writes to a Chinese lender or office: the draft in Chinese comes with its gloss.
    "draft_zh": {"zh": "中文原文", "en": "The same draft in Chinese: send this one to a Chinese lender or office"},
    "likelihood": {"zh": "可能性", "en": "Likelihood"},
    "not_fetched": {"zh": "未打开", "en": "not opened"},
    "masked": {"zh": "已打码", "en": "masked"},
    "unresolved": {"zh": "缺少收到时间，无法换算", "en": "needs the received time"},
    "official": {"zh": "官网公布的客服电话", "en": "line published on its own site"},
    "listed": {"zh": "公开名录中的号码（未经官网核实，请在App里核对）", "en": "number in public directories (not confirmed on its site; check in the app)"},
    "unknown_lender": {"zh": "未收录的机构", "en": "not in our list"},
    "disclaimer": {
        "zh": "提示：本工具提供的是信息和建议，不是法律意见；涉及诉讼请咨询律师或拨打 12348 法律援助热线。",
        "en": "Note: this is information, not legal advice; for a lawsuit, consult a lawyer or legal aid (12348).",
    },
}


def label(table: dict[Any, dict[str, str]], key: Any, lang: str) -> str:
    entry = table.get(key)
    if entry is None:
        return str(key)
    return entry.get(lang) or entry.get("en") or str(key)


def element_label(el: Element, lang: str, about_debt: bool = True) -> str:
    """The row's name; a message about no debt (a parcel's 12月9日前取件) has a deadline, not a payment deadline."""
    if (el.type, el.role) == ("time", "deadline") and not about_debt:
        return {"zh": "期限", "en": "Deadline"}[lang]
    if (el.type, el.role) in ROLE_LABELS:
        return ROLE_LABELS[(el.type, el.role)][lang]
    return label(TYPE_LABELS, el.type, lang)


def about_debt(report: Report) -> bool:
    """Whether the verdict reads the message as about money owed (anything but an ordinary 'other' text)."""
    return report.verdict is None or tuple(report.verdict.kinds) != ("other",)


def format_money(value: Decimal, lang: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != value.to_integral() else f"{value:,.0f}"
    return f"¥{text}" if lang == "en" else f"{text} 元"


def describe(el: Element, lang: str) -> str:
    """What an element means, in one short phrase."""
    a = el.attrs
    if el.type == "time":
        display = a.get("display")
        if isinstance(display, dict) and display.get(lang):
            return str(display[lang])
        if el.value is None:
            return SECTIONS["unresolved"][lang]
        return el.value.isoformat()
    if el.type == "money":
        if el.value is None:
            return SECTIONS["masked"][lang]
        display = a.get("display")
        # an amount in another currency (HK$5,000) says so; only yuan take the plain form
        if a.get("currency", "CNY") != "CNY" and isinstance(display, dict) and display.get(lang):
            return str(display[lang])
        return format_money(el.value, lang)
    if el.type == "overdue":
        if el.value is None:
            return "逾期（未说明天数）" if lang == "zh" else "overdue (days not stated)"
        more = a.get("at_least")
        if lang == "zh":
            return f"{'至少 ' if more else ''}{el.value} 天" + (f"（{a['bucket']} 阶段）" if a.get("bucket") else "")
        return f"{'at least ' if more else ''}{el.value} days" + (f" ({a['bucket']})" if a.get("bucket") else "")
    if el.type == "phone":
        kind = label(PHONE_KINDS, a.get("kind", "unknown"), lang)
        extra = _phone_extra(a, lang)
        return kind + (f"（{'，'.join(extra)}）" if lang == "zh" and extra else f" ({', '.join(extra)})" if extra else "")
    if el.type == "url":
        host = a.get("host") or el.value or ""
        flags = []
        if a.get("shortener"):
            flags.append("短链接" if lang == "zh" else "short link")
        if a.get("obfuscated"):
            flags.append("故意写乱以躲避拦截" if lang == "zh" else "written to dodge filters")
        flags.append(SECTIONS["not_fetched"][lang])
        return f"{host}（{'，'.join(flags)}）" if lang == "zh" else f"{host} ({', '.join(flags)})"
    if el.type == "lender":
        if el.role == "collector":
            return a.get("label") or el.text
        if not a.get("known", el.value is not None):
            # A signature naming a court or the police is not "a lender we do not know": say what it claims.
            for word, who in _AUTHORITY_SIGNATURES:
                if word in el.text:
                    return (f"自称{who['zh']}（不是贷款机构；请通过你自己查到的官方渠道核实）" if lang == "zh"
                            else f"claims to be {who['en']} (not a lender; verify through official channels you find yourself)")
            return SECTIONS["unknown_lender"][lang]
        name = a.get("name") or el.text
        kind = label(LENDER_KINDS, a.get("kind", "unknown"), lang)
        phones = a.get("official_phones") or []
        nums = [p["number"] if isinstance(p, dict) else str(p) for p in phones]
        listed = [p["number"] for p in a.get("listed_phones") or () if isinstance(p, dict)]
        sep = "；" if lang == "zh" else "; "
        tail = f"{sep}{SECTIONS['official'][lang]} {'/'.join(nums)}" if nums else ""
        if listed and not nums:
            tail += f"{sep}{SECTIONS['listed'][lang]} {'/'.join(listed)}"
        return f"{name}（{kind}{tail}）" if lang == "zh" else f"{name} ({kind}{tail})"
    if el.type == "visit":
        target = label(VISIT_TARGETS, a.get("target", "unspecified"), lang)
        bits = [target]
        if a.get("with_authority"):
            bits.append("声称与公检法一起" if lang == "zh" else "claims police/court will come")
        if a.get("negated"):
            bits.append("否定说法" if lang == "zh" else "negated")
        return "，".join(bits) if lang == "zh" else ", ".join(bits)
    if el.type == "account":
        if el.value is None:
            # a number masked past reading (卡号6217xxxx): say so, never print "None"
            return ("账号，" if lang == "zh" else "account number, ") + SECTIONS["masked"][lang]
        return f"{el.value}" + (f"（{SECTIONS['masked'][lang]}）" if a.get("masked") else "")
    return "" if el.value is None else str(el.value)


# Authorities a signature may name, most specific first.
_AUTHORITY_SIGNATURES = (
    ("检察院", {"zh": "检察院", "en": "a procuratorate"}),
    ("法院", {"zh": "法院", "en": "a court"}),
    ("仲裁委", {"zh": "仲裁机构", "en": "an arbitration body"}),
    ("派出所", {"zh": "公安机关", "en": "the police"}),
    ("公安", {"zh": "公安机关", "en": "the police"}),
    ("律师事务所", {"zh": "律师事务所", "en": "a law firm"}),
    ("律所", {"zh": "律师事务所", "en": "a law firm"}),
)


def unplaced_times(report: Report) -> bool:
    """A relative time (明天, 3天内) in the message that needs the received time to become a date."""
    return report.message.received_at is None and any(
        e.type == "time" and e.value is None for e in report.elements
    )
