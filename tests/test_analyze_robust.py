"""No input, however odd, makes analyze raise anything but a clear BadInput."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunguard import Context, Message, analyze
from dunguard.errors import BadInput
from dunguard.pipeline import MAX_CHARS

# Pieces of real collection vocabulary mixed with noise, so the extractors'
# regexes get exercised on near-matches rather than only on random code points.
VOCAB = [
    "明天下午3点", "上门", "逾期15天", "¥8,800", "伍仟叁佰元", "95188", "138****1234", "点com",
    "3日内", "前", "【", "】", "http://", "t.cn/", "。", "，", "\u3000", "０１２", "M3", "万",
    "😀", "\x00", "\x1b[31m", "\u202e", "𠀀", "Ω", "ﾟ", "\n", "x", "xxxx-xxxx",
    "上-门", "逾 期", "通.讯.录", "\u200b",
]
texty = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texty, hour=st.integers(0, 23), day=st.integers(1, 28), month=st.integers(1, 12))
def test_any_text_is_analyzed_or_rejected_clearly(text, hour, day, month):
    msg = Message(text, received_at=datetime(2025, month, day, hour, 0))
    try:
        report = analyze(msg)
    except BadInput as exc:
        assert exc.key in {"empty_message", "message_too_long"}
        return
    # Spans index the message as read (docs/json.md): the input less any lines a paste carried around it.
    read = report.message.text
    for el in report.elements:
        assert 0 <= el.start < el.end <= len(read)
        assert el.text == read[el.start:el.end]
    report.to_json()


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_unicode_without_received_at(text):
    try:
        analyze(Message(text))
    except BadInput as exc:
        assert exc.key == "empty_message"


def test_one_megabyte_is_a_clear_error():
    with pytest.raises(BadInput) as exc:
        analyze(Message("您好" * 500_000))
    assert exc.value.key == "message_too_long"
    assert "太长" in exc.value.render("zh")


def test_longest_allowed_message_of_near_matches_finishes():
    # Repeated near-matches are where a badly shaped regex backtracks for minutes.
    chunk = "请于明日中午12点前归还¥1,2,3,4,5,6,7,8,9元13800138000http://a.b.c.d.e.f.g/上门上门"
    text = (chunk * (MAX_CHARS // len(chunk)))[:MAX_CHARS]
    report = analyze(Message(text, received_at=datetime(2025, 2, 26, 10, 30)))
    assert report.elements


@pytest.mark.parametrize("bad", [None, 123, b"bytes"])
def test_non_text_message(bad):
    with pytest.raises(BadInput):
        analyze(Message(bad))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [{"days_overdue": -1}, {"owed": "abc"}, {"owed": "-3"}, {"contacts": -2}, {"lender_type": "loan shark"}],
)
def test_impossible_context_is_rejected(kwargs):
    with pytest.raises(BadInput) as exc:
        Context(**kwargs)
    assert exc.value.key == "bad_context"


def test_analyze_is_pure_and_repeatable():
    msg = Message("请于明日中午12点前归还", received_at=datetime(2025, 2, 26, 10, 30))
    assert analyze(msg).to_json() == analyze(msg).to_json()


def test_traditional_script_meets_the_same_rules():
    # Forwarded from Hong Kong or Taiwan: folded char by char, spans still point at the original.
    trad = "您的借款已逾期，我們的工作人員將於明天下午3點上門拜訪，請聯繫客服。"
    report = analyze(Message(trad, received_at=datetime(2025, 2, 26, 10, 30)))
    assert "visit_threat" in report.verdict.kinds
    visit = [e for e in report.elements if e.type == "time" and e.role == "visit"]
    assert visit and visit[0].text == "明天下午3點"
    assert visit[0].value.isoformat() == "2025-02-27T15:00:00+08:00"


def test_words_split_to_dodge_filters_are_read_whole_and_quoted_as_sent():
    # Collectors split words (逾 期, 上-门, 通.讯.录) so carrier filters miss them; readers must not.
    text = "你的网贷已逾 期30天，明天上-门，通.讯.录全部曝光"
    report = analyze(Message(text, received_at=datetime(2025, 2, 26, 10, 30)))
    assert {"visit_threat", "third_party_threat", "overdue_notice"} <= set(report.verdict.kinds)
    quoted = {s.text for r in report.verdict.kind_reasons for s in r.spans}
    assert "上-门" in quoted and "通.讯.录" in quoted
    # Rule findings and the visit's own words quote the text as sent too.
    assert any(s.text == "上-门" for f in report.findings for s in f.spans)
    assert [e.attrs["verb"] for e in report.elements if e.type == "visit"] == ["上-门"]
    # An ordinary space between two phrases is left alone: no word is made across it.
    plain = analyze(Message("尊敬的客户 您好，感谢使用本行服务", received_at=datetime(2025, 2, 26, 10, 30)))
    assert plain.verdict.kinds == ("other",)


def test_pinyin_initials_and_homophones_that_dodge_filters_are_read_and_quoted_as_sent():
    # yq = 逾期, hk = 还款, sm = 上门; 鱼期 and 上们 are homophones, 通迅录 and 连系人 near-spellings.
    report = analyze(Message("你的jk已经yq30天了，今天不hk明天就sm", received_at=datetime(2025, 2, 26, 10, 30)))
    assert {"overdue_notice", "visit_threat"} <= set(report.verdict.kinds)
    assert [e.attrs["verb"] for e in report.elements if e.type == "visit"] == ["sm"]
    # a quote never cuts an initial in two (不hk, not 不h)
    quoted = {s.text for r in report.verdict.kind_reasons for s in r.spans}
    assert "不hk" in quoted and not any(q.endswith("不h") for q in quoted)
    v = analyze(Message("你的逾棋款项再不处理，将上们核实，并联系你的紧急连系人")).verdict
    assert {"overdue_notice", "visit_threat", "third_party_threat"} <= set(v.kinds)
    # Initials are read only in a text about a debt, and never inside a link or an English word.
    assert analyze(Message("下周去hk玩，记得带通行证")).verdict.kinds == ("other",)
    v = analyze(Message("【建设银行】您的信用卡已逾期，立即点击 ccb-hk.top/pay 还款。")).verdict
    assert v.legitimacy.value == "likely_scam"
    assert any(e.type == "url" and e.attrs.get("host") == "ccb-hk.top"
               for e in analyze(Message("【建设银行】您的信用卡已逾期，立即点击 ccb-hk.top/pay 还款。")).elements)


def test_syllables_typed_in_pinyin_inside_a_word_are_read_and_quoted_as_sent():
    # 逾qi, 外fang, 户ji地, 催shou, 失xin, 联xi人, 支fu宝: one character typed as its syllable to slip past filters
    report = analyze(Message("你在XX借款已逾qi47天，我司已安排外fang人员明天上午前往你户ji地，请家里留人。",
                             received_at=datetime(2025, 2, 26, 10, 30)))
    assert {"overdue_notice", "visit_threat"} <= set(report.verdict.kinds)
    assert [e.value for e in report.elements if e.type == "overdue"] == [47]
    quoted = {s.text for r in report.verdict.kind_reasons for s in r.spans}
    assert any("逾qi47天" in q or q == "逾qi" for q in quoted)
    assert not any(q.endswith(("逾q", "外f")) for q in quoted)
    v = analyze(Message("你的通讯lu我们已经导出，今晚12点前不还，所有联xi人都会收到你的欠款信息。")).verdict
    assert "third_party_threat" in v.kinds
    v = analyze(Message("我是XX平台的法务，你的逾期案子可以私了，把欠款的一半转到我支fu宝，我帮你把案子撤了。")).verdict
    assert v.legitimacy.value == "likely_scam"
    # ordinary text with letters beside Chinese keeps them: an app, a mask, an English word
    for text in ("我用app下单了，明天到", "xxx银行xxxx元", "周末去hk玩", "今晚在家ren群里说一下，明天几点出发去外婆家"):
        assert analyze(Message(text)).verdict.kinds == ("other",), text


def test_a_transfer_named_only_in_a_warning_is_no_transfer_asked_for():
    # a lender's notice that warns against paying impostors is not itself urging a transfer
    v = analyze(Message("您好，您的借款已逾期7天，为避免产生更多罚息，请尽快通过App或官方渠道还款，谨防他人冒充客服要求转账。")).verdict
    assert v.legitimacy.value == "likely_genuine" and v.scam_risk == 0
    v = analyze(Message("你的借款已逾期，请立即转账到以下账户：6222 0212 3456 7890 123，户名李某。")).verdict
    assert v.legitimacy.value == "likely_scam"


def test_without_plan_the_judgement_is_the_same():
    msg = Message("你已逾期，明天下午3点上门找你", received_at=datetime(2025, 2, 26, 10, 30))
    full, bare = analyze(msg), analyze(msg, with_plan=False)
    assert full.plan and bare.plan == ()
    assert bare.verdict == full.verdict and bare.findings == full.findings


def _judged(text: str) -> tuple[tuple[str, ...], str]:
    v = analyze(Message(text, received_at=datetime(2026, 12, 3, 10)), with_plan=False).verdict
    return tuple(sorted(v.kinds)), v.legitimacy.value


@pytest.mark.parametrize(("text", "variant"), [
    # 你 and 您 are the same reader
    ("我们已经掌握你住址，希望你主动联系。", "我们已经掌握您住址，希望您主动联系。"),
    ("刚才进了点货，手里边钱不够，你给我先打6000元钱，我随后就给你。",
     "刚才进了点货，手里边钱不够，您给我先打6000元钱，我随后就给您。"),
    # an ASCII full stop ends a Chinese sentence as 。 does
    ("我马上要去医院看病，身上钱不够，给我卡上打800元急用，我后天还你。",
     "我马上要去医院看病,身上钱不够,给我卡上打800元急用,我后天还你."),
    # a space slipped into a word (还 款日) does not break the longer word around it
    ("【广发银行】您尾号3304信用卡06月账单￥4,718.94，还款日07月15日", "【广发银行】您尾号3304信用卡06月账单￥4,718.94，还 款日07月15日"),
])
def test_the_same_words_written_differently_get_the_same_verdict(text, variant):
    assert _judged(variant) == _judged(text)
    assert _judged(text)[0] != ("other",)


@pytest.mark.parametrize(("text", "variant"), [
    # a carrier's own link under its traditional-script signature; the reader's card tail as 尾號
    ("【停机前提醒】您的账户余额不足被限制使用。请充值缴费：https://dx.10086.cn/7WyRLA。【中国移动】",
     "【停機前提醒】您的賬戶餘額不足被限制使用。請充值繳費：https://dx.10086.cn/7WyRLA。【中國移動】"),
    ("【宜信公司】建议您于12月10日16点前在您尾号为1234的账户中存入1000.00元用于本月还款。",
     "【宜信公司】建議您於12月10日16點前在您尾號為1234的賬戶中存入1000.00元用於本月還款。"),
    # Taiwan's words: 新增微信 is 添加微信, 登入 is 登录, 使用者 is 用户
    ("您的贷款已申请成功,请添加微信abc123进行办理。", "您的貸款已申請成功,請新增微信abc123進行辦理。"),
    ("您的电子密码器将失效,请尽快登录手机银行进行升级维护。", "您的電子密碼器將失效,請盡快登入手機銀行進行升級維護。"),
])
def test_taiwan_script_and_words_get_the_mainland_verdict(text, variant):
    assert _judged(variant) == _judged(text)


def test_a_changed_card_typed_without_commas_is_still_a_payee():
    # 户名薛** run on into the bank the card is at: a person, not a company
    text = "你好,原帐号已更改,汇款请汇,户名薛**,农业银行9559****3910,建设银行6227****0680,谢谢"
    assert _judged(text)[1] == "likely_scam"
    assert _judged(text.replace(",", ""))[1] == "likely_scam"
    # ...and the reader's own card account (该账户临额66000元) is no payee
    v = analyze(Message("白**先生，您个人信用卡账户临额调整成功，该账户临额66000元，当前可用额度为32281元。[招商银行]")).verdict
    assert "pay_outside_app" not in {r.code for r in v.scam_signals}


@pytest.mark.parametrize(("text", "variant"), [
    # a people's tribunal is the court to its reader; 封 is the spoken freeze; 催债 is 催收
    ("你已被重庆市江津区人民法院纳入失信被执行人名单,请尽快履行生效法律文书确定的义务。",
     "你已被重庆市江津区人民法庭纳入失信被执行人名单,请尽快履行生效法律文书确定的义务。"),
    ("【政博法律】通知!您的账户即将被冻结!", "【政博法律】通知!您的账户即将被封!"),
    ("为保障您春节团聚心情,催收工作延至正月初一。", "为保障您春节团聚心情,催债工作延至正月初一。"),
])
def test_plain_synonyms_get_the_same_verdict(text, variant):
    assert _judged(variant) == _judged(text)


def test_line_breaks_where_commas_would_be_keep_the_sentence_together():
    text = "您的包裹配送異常，請立即補繳費用。"
    assert _judged(text.replace("，", "\n")) == _judged(text)


def test_a_banks_transfer_code_text_names_a_payee_without_asking_for_money():
    for name in ("官**", "官某某"):
        text = f"【宁波银行】动态密码774752，两分钟后失效。您正在向收款人{name}，尾号2497账户转账1200.00元，请勿泄露动态密码。"
        assert _judged(text)[1] != "likely_scam"


def test_spaces_typed_for_commas_separate_clauses():
    # typed with spaces instead of punctuation: "你和家人" belongs to the threat, no one is told anything
    v = analyze(Message("小李 你的欠款已经逾期 再不还钱 就让你和家人一起躺进棺材")).verdict
    assert "harassment" in v.kinds and "third_party_threat" not in v.kinds


def test_an_emoji_ending_a_sentence_ends_it_like_a_full_stop():
    text = "刚才进了点货，手里边钱不够，你给我先打6000元钱，我随后就给你。"
    assert _judged(text.replace("。", "😊")) == _judged(text) == (("scam",), "likely_scam")
