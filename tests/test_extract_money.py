from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunguard.extract.base import Doc, normalize
from dunguard.extract.money import extract


def run(text: str):
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


def only(text: str):
    found = run(text)
    assert len(found) == 1, [e.to_json() for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "role"),
    [
        ("请尽快归还伍仟叁佰元", "伍仟叁佰元", "5300", "other"),
        ("一万二千元", "一万二千元", "12000", "other"),
        ("共两千五百元", "两千五百元", "2500", "other"),
        ("借款3.5万元已逾期", "3.5万元", "35000", "owed"),
        ("壹万贰仟叁佰肆拾伍元陆角", "壹万贰仟叁佰肆拾伍元陆角", "12345.6", "other"),
        ("叁佰元伍角陆分", "叁佰元伍角陆分", "300.56", "other"),
        ("伍仟元整", "伍仟元整", "5000", "other"),
        ("请支付人民币3,500.00元", "人民币3,500.00元", "3500.00", "other"),
        ("¥8,800", "¥8,800", "8800", "other"),
        ("共计1.2万", "1.2万", "12000", "other"),
        ("您已欠款2000元", "2000元", "2000", "owed"),
        ("需缴纳上门费200块", "200块", "200", "fee"),
        ("减免后只需还3000元即可结清", "3000元", "3000", "settlement"),
        ("本期最低还款500元", "500元", "500", "minimum"),
        ("产生滞纳金80元", "80元", "80", "overdue_fee"),
        ("应还金额：3500.00，请于12.30前还款", "3500.00", "3500.00", "owed"),
        # Full-width digits and yen sign: the span is the text as received.
        ("剩余应还￥８８００元", "￥８８００元", "8800", "owed"),
        ("RMB500", "RMB500", "500", "other"),
        ("逾期金额2000元", "2000元", "2000", "owed"),
        ("最低还款金额300元", "300元", "300", "minimum"),
        ("您尾号1356的信用卡消费35.20人民币", "35.20人民币", "35.20", "other"),
        ("交易成功,余额36499.57。", "36499.57", "36499.57", "other"),
        # A full-width comma folds to "," yet does not glue the amount to a number before it;
        ("应还金额，2000元", "2000元", "2000", "other"),  # the comma also ends the cue's clause
        # Chinese numerals without 元 count only right after a money cue.
        ("你欠的一万二今天必须还", "一万二", "12000", "owed"),
        ("欠了五千块", "五千块", "5000", "owed"),
        ("本金一万，请尽快处理", "一万", "10000", "owed"),
    ],
)
def test_amounts(text, span, value, role):
    el = only(text)
    assert (el.type, el.text, el.value, el.role) == ("money", span, Decimal(value), role)
    assert str(el.value) == value  # exact, no float noise, no stray ".0"
    assert el.attrs["currency"] == "CNY"
    assert text[el.start : el.end] == span


def test_roles_follow_the_nearest_cue_in_each_clause():
    text = "您的借款本金5000元，逾期费300元，最低还款500元，另收手续费100元，减免后一次性结清4200元。"
    got = [(e.text, e.role, e.value) for e in run(text)]
    assert got == [
        ("5000元", "owed", Decimal(5000)),
        ("300元", "overdue_fee", Decimal(300)),
        ("500元", "minimum", Decimal(500)),
        ("100元", "fee", Decimal(100)),
        ("4200元", "settlement", Decimal(4200)),
    ]


def test_realistic_collection_message():
    text = (
        "【XX金融】尊敬的张先生，您在我司的借款已逾期45天，欠款本息共计12,580.50元，"
        "其中罚息380元。请于今日18点前还款至尾号1234账户，客服4008123456。"
    )
    got = [(e.text, e.role, e.value) for e in run(text)]
    assert got == [("12,580.50元", "owed", Decimal("12580.50")), ("380元", "overdue_fee", Decimal(380))]


def test_masked_amounts_have_no_value():
    got = [(e.text, e.value, dict(e.attrs)) for e in run("体验价值xxx元水氧治疗，价值x.x万元")]
    assert got == [
        ("xxx元", None, {"currency": "CNY", "masked": True}),
        ("x.x万元", None, {"currency": "CNY", "masked": True}),
    ]


def test_range_keeps_lower_bound_and_unit():
    el = only("欠款2000-3000元")
    assert (el.text, el.value, el.attrs["max"]) == ("2000-3000元", Decimal(2000), Decimal(3000))
    el = only("额度1万-5万")
    assert (el.value, el.attrs["max"]) == (Decimal(10000), Decimal(50000))


@pytest.mark.parametrize(
    "text",
    [
        "您已逾期15天",
        "日息0.05%",
        "利息0.05%",
        "2025年3月1日",
        "请拨打13812345678",
        "转账13812345678",
        "活动参与人数1.2万人",
        "下载10000次",
        "请于12.30前处理",
        "元宵节快乐",
        "分3期还款",
        "等额本息x.x-x.x分",
        "手续费x利息",
        "一万二",
        "还款三期",
        "欠款十天",
        "十一点前",
        "还款2025-03-01前",
        "欠款2025/03/01",
        "还款12:30前",
    ],
)
def test_not_money(text):
    assert run(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_spans_inside_the_text(text):
    for el in run(text):
        assert 0 <= el.start < el.end <= len(text)
        assert el.span.text == text[el.start : el.end]


@pytest.mark.parametrize("unit", ["1", "1,", "x元", "一", "万", "¥1 ", "欠款1", "😀\x00\u200b"])
def test_megabyte_input_is_handled(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    for el in run(text):
        assert el.span.text == text[el.start : el.end]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["¥", "RMB", "人民币", "3,500.00", "x.x", "万", "元", "一万二千", "伍仟", "-", "至",
                                 "逾期", "欠款", "２０", "a", " ", "。", "3", "xxx", "X", ",", "一起", "统一", "人们",
                                 "新款", "台", "港", "蚊", "块", "C", "NY"]), max_size=25).map("".join))
def test_start_anchored_scan_equals_finditer(text):
    # _amounts tries AMOUNT_RE only where an amount can start; it must find what finditer finds, but for a bare
    # masked run (电话xxxx), which extract never keeps and _amounts may pass over.
    from dunguard.extract.money import AMOUNT_RE, _amounts

    def kept(m):
        return not m.group("mask") or bool(m.group("pre") or m.group("mult") or m.group("yuan"))

    scanned = [m.span() for m in _amounts(text)]
    found = list(AMOUNT_RE.finditer(text))
    assert [m.span() for m in _amounts(text) if kept(m)] == [m.span() for m in found if kept(m)]
    assert set(scanned) <= {m.span() for m in found}


@pytest.mark.parametrize(("text", "words", "value"), [
    # spoken amounts with a digit after the unit: the digit is of the next unit down
    ("你欠的2万8今天必须处理", "2万8", Decimal("28000")),
    ("欠款1万2千", "1万2千", Decimal("12000")),
    ("欠2千5块", "2千5块", Decimal("2500")),
])
def test_spoken_amounts_with_a_trailing_digit(text, words, value):
    assert [(e.text, e.value) for e in run(text)] == [(words, value)]


@pytest.mark.parametrize("text", ["第2万8名", "欠款2万8天后"])
def test_a_trailing_digit_that_counts_something_else_is_no_amount(text):
    assert not [e for e in run(text) if "万8" in e.text]


@pytest.mark.parametrize(("text", "words"), [
    # a comma after the unit starts the next phrase: the amount keeps its 元 (the text's ， folds to a comma)
    ("你本月花呗账单1,023.45元，12月9日到期", "1,023.45元"),
    ("下月房租加水电一共2,860元，5号前交一下", "2,860元"),
])
def test_an_amount_before_a_comma_and_a_date_keeps_its_unit(text, words):
    assert [e.text for e in run(text)] == [words]
