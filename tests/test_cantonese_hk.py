"""Hong Kong and Cantonese messages (new-user test with a Hong Kong borrower's text): Cantonese time words,
Hong Kong, Macao and Taiwan money, and numbers of those regions, read as a reader there would read them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dunguard import Message, analyze
from dunguard.extract import money, phone
from dunguard.extract import time as time_ex
from dunguard.extract.base import Doc
from dunguard.render.labels import describe

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2025, 2, 26, 10, 0, tzinfo=TZ)  # a Wednesday
EXAMPLE = "聽日下晝三點我哋會上門搵你，HK$5,000 今日還晒"


def _times(text: str) -> list[tuple[str, str, str | None]]:
    doc = Doc.from_message(Message(text, received_at=AT))
    return [(e.text, e.role, e.value.isoformat() if e.value else None) for e in time_ex.extract(doc)]


def _money(text: str):
    return money.extract(Doc.from_message(Message(text)))


def _phones(text: str):
    return phone.extract(Doc.from_message(Message(text)))


# ---------------------------------------------------------------- the reported message


def test_example_visit_time_keeps_the_afternoon_clock():
    report = analyze(Message(EXAMPLE, received_at=AT), with_plan=False)
    visits = [e for e in report.elements if e.type == "time" and e.role == "visit"]
    assert [(e.text, e.value.isoformat()) for e in visits] == [("聽日下晝三點", "2025-02-27T15:00:00+08:00")]
    assert visits[0].attrs["display"]["zh"] == "2025-02-27 周四 15:00"
    # 今日還晒 (pay it all today) is the deadline
    deadlines = [e for e in report.elements if e.type == "time" and e.role == "deadline"]
    assert [e.text for e in deadlines] == ["今日"]


def test_example_amount_is_hong_kong_dollars():
    report = analyze(Message(EXAMPLE, received_at=AT), with_plan=False)
    amounts = [e for e in report.elements if e.type == "money"]
    assert [(e.text, e.value, e.attrs["currency"]) for e in amounts] == [("HK$5,000", Decimal("5000"), "HKD")]
    assert amounts[0].attrs["display"] == {"zh": "5,000 港元", "en": "HK$5,000"}


def test_example_amount_is_shown_as_hong_kong_dollars():
    report = analyze(Message(EXAMPLE, received_at=AT), with_plan=False)
    amount = next(e for e in report.elements if e.type == "money")
    assert "港元" in describe(amount, "zh")
    assert "HK$" in describe(amount, "en")


# ---------------------------------------------------------------- time words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 后日 (day after tomorrow), 晏昼 (noon, early afternoon), traditional script
        ("後日晏晝兩點前還錢啦，唔好逼我哋", ("後日晏晝兩點前", "deadline", "2025-02-28T14:00:00+08:00")),
        # 琴日/寻日 (yesterday)
        ("琴日打咗俾你冇人聽", ("琴日", "other", "2025-02-25T00:00:00+08:00")),
        ("尋日我哋同事去咗你公司", ("尋日", "visit", "2025-02-25T00:00:00+08:00")),
        # 礼拜X in traditional script, 朝早 (morning)
        ("禮拜五朝早十點我哋嚟你屋企", ("禮拜五朝早十點", "visit", "2025-02-28T10:00:00+08:00")),
        ("下個禮拜三之前還晒", ("下個禮拜三之前", "deadline", "2025-03-06T00:00:00+08:00")),
        ("星期六下晝前還款", ("星期六下晝前", "deadline", "2025-03-01T12:00:00+08:00")),
        # 夜晚黑 (evening), 點鐘
        ("今日夜晚黑十點鐘前一定要還", ("今日夜晚黑十點鐘前", "deadline", "2025-02-26T22:00:00+08:00")),
        # 个字: minutes in fives
        ("聽日三點三個字我哋上門搵你", ("聽日三點三個字", "visit", "2025-02-27T15:15:00+08:00")),
        # another day's 8 o'clock is read in business hours, as in Mandarin (明天八点半 = 08:30)
        ("聽日八點半我哋上門", ("聽日八點半", "visit", "2025-02-27T08:30:00+08:00")),
        ("聽日夜晚八點半我哋上門", ("聽日夜晚八點半", "visit", "2025-02-27T20:30:00+08:00")),
        # 听朝 / 听晚 (tomorrow morning / evening)
        ("聽朝九點前入數，唔係就上門", ("聽朝九點前", "deadline", "2025-02-27T09:00:00+08:00")),
        ("聽晚八點我哋上門搵你", ("聽晚八點", "visit", "2025-02-27T20:00:00+08:00")),
    ],
)
def test_cantonese_time_words(text, expected):
    assert expected in _times(text)


@pytest.mark.parametrize(
    "text",
    [
        "本政府在等待美国对于维基解密披露的美国国安局监听日本官员的情况作出解释",  # 听日 inside 监听日本
        "最后日期为月底，之后日本客户将另行通知",  # 后日 inside 最后日期, 之后日本
        "今朝装饰于三月举行感恩特惠活动",  # 今朝 as a name
    ],
)
def test_mandarin_look_alikes_are_not_cantonese_days(text):
    assert not [t for t in _times(text) if t[0] in ("听日", "後日", "后日", "今朝")]


# ---------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("你欠款5000蚊", Decimal("5000"), "CNY"),
        ("你欠我哋1萬蚊", Decimal("10000"), "CNY"),
        ("上次借俾你嗰兩萬蚊幾時還", Decimal("20000"), "CNY"),
        ("尚欠本金及利息共HK$8,650.00", Decimal("8650.00"), "HKD"),
        ("本期應繳款額HKD 5,820.00", Decimal("5820.00"), "HKD"),
        ("第8期還款額港幣3,420元將於12月3日到期", Decimal("3420"), "HKD"),
        ("尚欠5,000港元", Decimal("5000"), "HKD"),
        ("欠款澳門元3,000", Decimal("3000"), "MOP"),
        ("欠款MOP 3,000", Decimal("3000"), "MOP"),
        ("應繳金額NT$12,358元", Decimal("12358"), "TWD"),
        ("逾期將處新臺幣三百元罰鍰", Decimal("300"), "TWD"),
        ("欠款3000元", Decimal("3000"), "CNY"),
    ],
)
def test_amounts_and_their_currency(text, value, currency):
    found = [(e.value, e.attrs["currency"]) for e in _money(text)]
    assert found == [(value, currency)]


def test_an_amount_without_currency_takes_the_one_the_text_names():
    found = [(e.text, e.attrs["currency"]) for e in _money("HK$5,000 今日還晒，唔還就加收500蚊手續費")]
    assert found == [("HK$5,000", "HKD"), ("500蚊", "HKD")]
    # two currencies named: an amount in 元 is left as it is
    found = [(e.text, e.attrs["currency"]) for e in _money("¥500 同 HK$600，另加100元")]
    assert found == [("¥500", "CNY"), ("HK$600", "HKD"), ("100元", "CNY")]


def test_cny_amounts_carry_no_display_of_their_own():
    (el,) = _money("您已欠款2000元")
    assert el.attrs == {"currency": "CNY"}


@pytest.mark.parametrize("text", ["家里蚊子多", "买了蚊帐", "点蚊香"])
def test_mosquitoes_are_not_money(text):
    assert _money(text) == []


# ---------------------------------------------------------------- phone numbers


@pytest.mark.parametrize(
    ("sender", "value", "country", "region"),
    [
        ("+852 9123 4567", "+85291234567", "HK", "香港"),
        ("85291234567", "+85291234567", "HK", "香港"),
        ("852-9123-4567", "+85291234567", "HK", "香港"),
        ("00852 9123 4567", "+85291234567", "HK", "香港"),
        ("+853 6612 3456", "+85366123456", "MO", "澳门"),
        ("85366123456", "+85366123456", "MO", "澳门"),
        ("+886 912 345 678", "+886912345678", "TW", "台湾"),
    ],
)
def test_regional_senders(sender, value, country, region):
    info = phone.classify_sender(sender)
    assert (info["kind"], info["value"], info["country"], info["region"]) == ("overseas", value, country, region)


def test_hong_kong_number_in_the_text_is_shown_as_hong_kong():
    (el,) = _phones("有問題請致電 852 9123 4567")
    assert (el.value, el.attrs["country"], el.attrs["region"]) == ("+85291234567", "HK", "香港")
    assert describe(el, "zh") == "境外号码（香港）"
    assert describe(el, "en") == "overseas number (Hong Kong)"


def test_mainland_numbers_unchanged_and_bare_852_runs_not_guessed():
    assert phone.classify_sender("13812345678")["kind"] == "mobile"
    assert _phones("订单85291234567已发货") == []


def test_the_plan_drafts_keep_the_debts_own_currency():
    report = analyze(Message("聽日下晝三點我哋會上門搵你，欠款HK$5,000 今日還晒", received_at=AT))
    drafts = " ".join(s.draft["zh"] for s in report.plan if s.draft) + " ".join(
        s.why["zh"] for s in report.plan if s.why)
    assert "5,000.00 港元" in drafts and "5,000.00元" not in drafts and "5,000.00 元" not in drafts
    reasons = " ".join(r.text["zh"] for r in report.verdict.visit_credibility.reasons)
    assert "5,000 港元" in reasons


def test_a_hong_kong_number_for_a_hong_kong_debt_is_not_overseas():
    local = analyze(Message("聽日我哋會上門搵你，欠款HK$5,000 今日還晒，有問題打 +852 9123 4567", received_at=AT))
    assert "overseas_number" not in {s.code for s in local.verdict.scam_signals}
    # the same number on a yuan debt is still a call from outside the mainland
    away = analyze(Message("您的借款已逾期，欠款5000元，请联系 +852 9123 4567 处理", received_at=AT))
    assert "overseas_number" in {s.code for s in away.verdict.scam_signals}
