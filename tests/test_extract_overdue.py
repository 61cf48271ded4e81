from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunguard.extract.base import Doc, normalize
from dunguard.extract.overdue import extract, small_number


def run(text: str):
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


@pytest.mark.parametrize(
    ("text", "span", "days", "attrs"),
    [
        ("您的借款已逾期15天", "已逾期15天", 15, {"at_least": False, "unit": "day"}),
        ("您已逾期超过90天", "已逾期超过90天", 90, {"at_least": True, "unit": "day"}),
        ("您已逾期15天以上", "已逾期15天以上", 15, {"at_least": True, "unit": "day"}),
        ("逾期90多天", "逾期90多天", 90, {"at_least": True, "unit": "day"}),
        ("逾期3个月", "逾期3个月", 90, {"at_least": False, "unit": "month", "approx": True}),
        ("账户已逾期两个月", "已逾期两个月", 60, {"at_least": False, "unit": "month", "approx": True}),
        ("已逾期十五天", "已逾期十五天", 15, {"at_least": False, "unit": "day"}),
        ("已逾期一年", "已逾期一年", 365, {"at_least": False, "unit": "year", "approx": True}),
        ("逾期天数：45天", "逾期天数：45天", 45, {"at_least": False, "unit": "day"}),
        ("今天是您逾期第20天", "逾期第20天", 20, {"at_least": False, "unit": "day"}),
        ("逾期已达30天", "逾期已达30天", 30, {"at_least": False, "unit": "day"}),
        ("您已经逾期了15天", "已经逾期了15天", 15, {"at_least": False, "unit": "day"}),
        ("贷款已连续逾期3天", "已连续逾期3天", 3, {"at_least": False, "unit": "day"}),
        (
            "贷款已连续逾期3期",
            "已连续逾期3期",
            None,
            {"at_least": False, "unit": "installment", "installments": 3},
        ),
        ("已连续逾期X日", "已连续逾期X日", None, {"at_least": False, "unit": "day", "masked": True}),
        ("您的贷款已严重逾期,请", "已严重逾期", None, {"at_least": False, "unit": "day", "vague": True}),
        ("如逾期15天将上报征信", "如逾期15天", 15, {"at_least": False, "unit": "day", "conditional": True}),
        ("逾期多日", "逾期多日", None, {"at_least": False, "unit": "day", "vague": True}),
        ("您的欠款逾期已久", "逾期已久", None, {"at_least": False, "unit": "day", "vague": True}),
        ("长期逾期不还", "长期逾期", None, {"at_least": False, "unit": "day", "vague": True}),
        ("您的账户已进入M3阶段", "M3阶段", 61, {"at_least": True, "unit": "bucket", "bucket": "M3"}),
        ("M3+客户将移交委外", "M3+", 61, {"at_least": True, "unit": "bucket", "bucket": "M3"}),
        ("催收部门 M2 组", "M2", 31, {"at_least": True, "unit": "bucket", "bucket": "M2"}),
        ("本案已转M1逾期", "M1", 1, {"at_least": True, "unit": "bucket", "bucket": "M1"}),
    ],
)
def test_overdue(text, span, days, attrs):
    found = run(text)
    assert len(found) == 1, [e.to_json() for e in found]
    el = found[0]
    assert (el.type, el.role, el.text, el.value, dict(el.attrs)) == (
        "overdue",
        "days_overdue",
        span,
        days,
        attrs,
    )


def test_realistic_message():
    text = "【催收中心】您在XX平台的借款已逾期45天，欠款本息3200元，账户已升级为M2阶段，请今日处理。"
    got = [(e.text, e.value) for e in run(text)]
    assert got == [("已逾期45天", 45), ("M2阶段", 31)]


@pytest.mark.parametrize(
    "text",
    [
        "逾期费200元",
        "逾期后3天内还款可免罚息",
        "苹果MacBook M3芯片新品",
        "乘坐地铁M3号线",
        "访问http://a.com/M3查看",
        "型号XM3-200",
        "您的账单已出，请按时还款",
    ],
)
def test_not_overdue(text):
    assert run(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("15", 15), ("十五", 15), ("两", 2), ("一百二十", 120), ("二十", 20), ("一二", None), ("", 0)],
)
def test_small_number(text, value):
    assert small_number(text) == value


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_spans_inside_the_text(text):
    for el in run(text):
        assert 0 <= el.start < el.end <= len(text)
        assert el.span.text == text[el.start : el.end]


@pytest.mark.parametrize("unit", ["逾期多日", "已逾期15天,", "M3阶段逾期", "逾期", "😀\x00\u202e"])
def test_megabyte_input_is_handled(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    for el in run(text):
        assert el.span.text == text[el.start : el.end]
