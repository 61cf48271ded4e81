"""Chinese time expressions: exact resolved instants, roles, kinds and spans.

Base moment for most cases: Wednesday 2025-02-26 10:30 in Asia/Shanghai.
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dunguard.errors import BadData
from dunguard.extract.base import Doc
from dunguard.extract.lang import LANG_DIR, load_lang, validate
from dunguard.extract.time import MAX_CANDIDATES, cn_int, extract
from dunguard.model import Element, Message

BASE = datetime(2025, 2, 26, 10, 30)


def times(text: str, received_at: datetime | None = BASE, tz: str = "Asia/Shanghai") -> list[Element]:
    return extract(Doc.from_message(Message(text, received_at=received_at, timezone=tz)))


def one(text: str, **kw) -> Element:
    found = times(text, **kw)
    assert len(found) == 1, [(e.text, e.attrs["kind"]) for e in found]
    return found[0]


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt is not None else None


# text, value, role, kind, granularity, until
ALONE = [
    ("明天上午9点", "2025-02-27T09:00:00+08:00", "other", "point", "hour", "2025-02-27T09:00:00+08:00"),
    ("明日中午12点前", "2025-02-27T12:00:00+08:00", "deadline", "before", "hour", "2025-02-27T12:00:00+08:00"),
    ("明天下午3点", "2025-02-27T15:00:00+08:00", "other", "point", "hour", "2025-02-27T15:00:00+08:00"),
    ("今晚8点", "2025-02-26T20:00:00+08:00", "other", "point", "hour", "2025-02-26T20:00:00+08:00"),
    ("后天", "2025-02-28T00:00:00+08:00", "other", "point", "day", "2025-03-01T00:00:00+08:00"),
    # today counts as day one: Wed, Thu, Fri
    ("3日内", "2025-03-01T00:00:00+08:00", "deadline", "within", "day", "2025-03-01T00:00:00+08:00"),
    ("本周五", "2025-02-28T00:00:00+08:00", "other", "point", "day", "2025-03-01T00:00:00+08:00"),
    ("下周一上午", "2025-03-03T08:00:00+08:00", "other", "point", "daypart", "2025-03-03T12:00:00+08:00"),
    ("24小时内", "2025-02-27T10:30:00+08:00", "deadline", "within", "minute", "2025-02-27T10:30:00+08:00"),
    # the deadline day counts: by the end of 28 Feb
    ("2月28日前", "2025-03-01T00:00:00+08:00", "deadline", "before", "day", "2025-03-01T00:00:00+08:00"),
    ("今天下午五点半", "2025-02-26T17:30:00+08:00", "other", "point", "minute", "2025-02-26T17:30:00+08:00"),
    ("三天后", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("月底前", "2025-03-01T00:00:00+08:00", "deadline", "before", "day", "2025-03-01T00:00:00+08:00"),
    ("15:00前", "2025-02-26T15:00:00+08:00", "deadline", "before", "hour", "2025-02-26T15:00:00+08:00"),
    ("即日起", "2025-02-26T00:00:00+08:00", "other", "from", "day", None),
    ("2025年3月1日", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("3月1号下午", "2025-03-01T12:00:00+08:00", "other", "point", "daypart", "2025-03-01T18:00:00+08:00"),
    ("下午3点整", "2025-02-26T15:00:00+08:00", "other", "point", "hour", "2025-02-26T15:00:00+08:00"),
    ("次日", "2025-02-27T00:00:00+08:00", "other", "point", "day", "2025-02-28T00:00:00+08:00"),
    ("当天", "2025-02-26T00:00:00+08:00", "other", "point", "day", "2025-02-27T00:00:00+08:00"),
    ("明早8点半", "2025-02-27T08:30:00+08:00", "other", "point", "minute", "2025-02-27T08:30:00+08:00"),
    ("下午6点前", "2025-02-26T18:00:00+08:00", "deadline", "before", "hour", "2025-02-26T18:00:00+08:00"),
    ("今日24点前", "2025-02-27T00:00:00+08:00", "deadline", "before", "hour", "2025-02-27T00:00:00+08:00"),
    ("48小时内", "2025-02-28T10:30:00+08:00", "deadline", "within", "minute", "2025-02-28T10:30:00+08:00"),
    # Wed, Thu, Fri are the three working days
    ("3个工作日内", "2025-03-01T00:00:00+08:00", "deadline", "within", "day", "2025-03-01T00:00:00+08:00"),
    ("后天中午", "2025-02-28T12:00:00+08:00", "other", "point", "daypart", "2025-02-28T13:00:00+08:00"),
    ("即日起至3月5日", "2025-02-26T00:00:00+08:00", "other", "range", "day", "2025-03-06T00:00:00+08:00"),
    ("大后天", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("周末", "2025-03-01T00:00:00+08:00", "other", "range", "day", "2025-03-03T00:00:00+08:00"),
    ("本月底", "2025-02-28T00:00:00+08:00", "other", "point", "day", "2025-03-01T00:00:00+08:00"),
    ("下周", "2025-03-03T00:00:00+08:00", "other", "point", "week", "2025-03-10T00:00:00+08:00"),
    ("今天之内", "2025-02-27T00:00:00+08:00", "deadline", "within", "day", "2025-02-27T00:00:00+08:00"),
    ("今日内", "2025-02-27T00:00:00+08:00", "deadline", "within", "day", "2025-02-27T00:00:00+08:00"),
    ("凌晨2点", "2025-02-26T02:00:00+08:00", "other", "point", "hour", "2025-02-26T02:00:00+08:00"),
    ("晚上十点", "2025-02-26T22:00:00+08:00", "other", "point", "hour", "2025-02-26T22:00:00+08:00"),
    ("傍晚", "2025-02-26T17:00:00+08:00", "other", "point", "daypart", "2025-02-26T19:00:00+08:00"),
    ("12点半", "2025-02-26T12:30:00+08:00", "other", "point", "minute", "2025-02-26T12:30:00+08:00"),
    ("9:30", "2025-02-26T09:30:00+08:00", "other", "point", "minute", "2025-02-26T09:30:00+08:00"),
    ("15时30分", "2025-02-26T15:30:00+08:00", "other", "point", "minute", "2025-02-26T15:30:00+08:00"),
    ("二十四小时内", "2025-02-27T10:30:00+08:00", "deadline", "within", "minute", "2025-02-27T10:30:00+08:00"),
    ("两天内", "2025-02-28T00:00:00+08:00", "deadline", "within", "day", "2025-02-28T00:00:00+08:00"),
    ("一周内", "2025-03-05T00:00:00+08:00", "deadline", "within", "day", "2025-03-05T00:00:00+08:00"),
    ("7天内", "2025-03-05T00:00:00+08:00", "deadline", "within", "day", "2025-03-05T00:00:00+08:00"),
    ("2025-03-01", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("2025/3/1", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("2025.3.1", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("2月28号", "2025-02-28T00:00:00+08:00", "other", "point", "day", "2025-03-01T00:00:00+08:00"),
    ("下月10号前", "2025-03-11T00:00:00+08:00", "deadline", "before", "day", "2025-03-11T00:00:00+08:00"),
    ("明天上午9点到11点", "2025-02-27T09:00:00+08:00", "other", "range", "hour", "2025-02-27T11:00:00+08:00"),
    # bare hour: the next of 3:00 / 15:00 at or after 10:30 today
    ("3点前", "2025-02-26T15:00:00+08:00", "deadline", "before", "hour", "2025-02-26T15:00:00+08:00"),
    ("半小时内", "2025-02-26T11:00:00+08:00", "deadline", "within", "minute", "2025-02-26T11:00:00+08:00"),
    ("一个月内", "2025-03-26T00:00:00+08:00", "deadline", "within", "day", "2025-03-26T00:00:00+08:00"),
    ("最迟明天", "2025-02-28T00:00:00+08:00", "deadline", "before", "day", "2025-02-28T00:00:00+08:00"),
    ("截至3月1日", "2025-03-02T00:00:00+08:00", "deadline", "before", "day", "2025-03-02T00:00:00+08:00"),
    ("明天中午前", "2025-02-27T12:00:00+08:00", "deadline", "before", "daypart", "2025-02-27T12:00:00+08:00"),
    ("下午3点到5点", "2025-02-26T15:00:00+08:00", "other", "range", "hour", "2025-02-26T17:00:00+08:00"),
    ("2025年3月", "2025-03-01T00:00:00+08:00", "other", "point", "month", "2025-04-01T00:00:00+08:00"),
    ("3月底", "2025-03-31T00:00:00+08:00", "other", "point", "day", "2025-04-01T00:00:00+08:00"),
    ("星期天", "2025-03-02T00:00:00+08:00", "other", "point", "day", "2025-03-03T00:00:00+08:00"),
    ("礼拜一", "2025-03-03T00:00:00+08:00", "other", "point", "day", "2025-03-04T00:00:00+08:00"),
    ("下周五", "2025-03-07T00:00:00+08:00", "other", "point", "day", "2025-03-08T00:00:00+08:00"),
    ("早8点前", "2025-02-26T08:00:00+08:00", "deadline", "before", "hour", "2025-02-26T08:00:00+08:00"),
    ("晚上12点", "2025-02-27T00:00:00+08:00", "other", "point", "hour", "2025-02-27T00:00:00+08:00"),
    ("明天3点", "2025-02-27T15:00:00+08:00", "other", "point", "hour", "2025-02-27T15:00:00+08:00"),
    ("明天8点", "2025-02-27T08:00:00+08:00", "other", "point", "hour", "2025-02-27T08:00:00+08:00"),
    ("8点一刻", "2025-02-26T20:15:00+08:00", "other", "point", "minute", "2025-02-26T20:15:00+08:00"),
    ("三月一日", "2025-03-01T00:00:00+08:00", "other", "point", "day", "2025-03-02T00:00:00+08:00"),
    ("明天开始", "2025-02-27T00:00:00+08:00", "other", "from", "day", None),
    ("2小时后", "2025-02-26T12:30:00+08:00", "other", "point", "minute", "2025-02-26T12:30:00+08:00"),
    ("本周内", "2025-03-03T00:00:00+08:00", "deadline", "within", "week", "2025-03-03T00:00:00+08:00"),
]


@pytest.mark.parametrize(("text", "value", "role", "kind", "gran", "until"), ALONE, ids=[c[0] for c in ALONE])
def test_alone(text: str, value: str, role: str, kind: str, gran: str, until: str | None) -> None:
    el = one(text)
    assert el.type == "time"
    assert el.text == text
    assert (el.start, el.end) == (0, len(text))
    assert iso(el.value) == value
    assert el.role == role
    assert el.attrs["kind"] == kind
    assert el.attrs["granularity"] == gran
    assert iso(el.attrs["until"]) == until
    assert el.attrs["resolved"] is True


LEAD = "【XX金融】您的借款已逾期，请于{}还款，否则将上门催收。"


@pytest.mark.parametrize("case", ALONE, ids=[c[0] for c in ALONE])
def test_same_answer_inside_a_collection_message(case: tuple) -> None:
    text, value, _role, kind, gran, until = case
    msg = LEAD.format(text)
    found = [e for e in times(msg) if e.text == text]
    assert len(found) == 1, [e.text for e in times(msg)]
    el = found[0]
    assert msg[el.start : el.end] == text
    assert iso(el.value) == value
    assert el.attrs["kind"] == kind
    assert el.attrs["granularity"] == gran
    assert iso(el.attrs["until"]) == until
    # 还款 follows in the same clause; 即日起 is always "other"
    assert el.role == ("other" if kind == "from" else "deadline")


# message, span text, value, role, kind
IN_MESSAGES = [
    ("尊敬的客户，您有一笔借款已逾期，请于明日中午12点前归还。", "明日中午12点前", "2025-02-27T12:00:00+08:00", "deadline", "before"),
    ("我们的工作人员将于明天下午3点上门拜访。", "明天下午3点", "2025-02-27T15:00:00+08:00", "visit", "point"),
    ("明天上午9点前往你家核实情况", "明天上午9点", "2025-02-27T09:00:00+08:00", "visit", "point"),
    ("外访人员今晚8点到", "今晚8点", "2025-02-26T20:00:00+08:00", "visit", "point"),
    ("我司已安排外访专员于下周一上午到您单位走访", "下周一上午", "2025-03-03T08:00:00+08:00", "visit", "point"),
    ("请务必于3日内结清欠款", "3日内", "2025-03-01T00:00:00+08:00", "deadline", "within"),
    ("请您在24小时内处理，逾期后果自负", "24小时内", "2025-02-27T10:30:00+08:00", "deadline", "within"),
    ("【某某贷】您已逾期15天，请于2月28日前还款。", "2月28日前", "2025-03-01T00:00:00+08:00", "deadline", "before"),
    ("最迟明早8点半前还清全部欠款", "最迟明早8点半前", "2025-02-27T08:30:00+08:00", "deadline", "before"),
    ("请于今天下午五点半之前缴清", "今天下午五点半之前", "2025-02-26T17:30:00+08:00", "deadline", "before"),
    ("催收人员将于后天中午到家拜访", "后天中午", "2025-02-28T12:00:00+08:00", "visit", "point"),
    ("请在3个工作日内联系我们协商还款", "3个工作日内", "2025-03-01T00:00:00+08:00", "deadline", "within"),
    ("即日起，我司将对您的逾期账户启动法律程序", "即日起", "2025-02-26T00:00:00+08:00", "other", "from"),
    ("我们会在本周五安排人员上门", "本周五", "2025-02-28T00:00:00+08:00", "visit", "point"),
    ("截止今日24点前仍未还款的，将移交第三方", "截止今日24点前", "2025-02-27T00:00:00+08:00", "deadline", "before"),
    ("请于下月10号前将款项存入指定账户", "下月10号前", "2025-03-11T00:00:00+08:00", "deadline", "before"),
    ("请于15号还款", "15号", "2025-03-15T00:00:00+08:00", "deadline", "point"),
    ("截至今日，您已逾期30天", "截至今日", "2025-02-26T00:00:00+08:00", "other", "point"),
    ("工作人员将于明天前来拜访", "明天", "2025-02-27T00:00:00+08:00", "visit", "point"),
    ("我司将于3月5日起诉", "3月5日", "2025-03-05T00:00:00+08:00", "other", "point"),
    ("请于明天下午３点前还款", "明天下午３点前", "2025-02-27T15:00:00+08:00", "deadline", "before"),
    ("请于15：00前处理", "15：00前", "2025-02-26T15:00:00+08:00", "deadline", "before"),
    ("上门时间：明天 下午3点", "明天 下午3点", "2025-02-27T15:00:00+08:00", "visit", "point"),
    # 早 + 上门, not 早上 + 门: the morning of the day named, and the visit verb kept.
    ("再不还款，后天一早上门", "后天一早", "2025-02-28T06:00:00+08:00", "visit", "point"),
    # Month/day with a slash, as bills write it, read like 3月13日 when its context says it is a date.
    ("贵户本期电费已逾期，请于3/13前处理缴费", "3/13前", "2025-03-14T00:00:00+08:00", "deadline", "before"),
    # 截至 a day, then a clause that states the balance and asks nothing: the day it is counted to, no deadline
    ("截至3/5，您已逾期30天", "截至3/5", "2025-03-05T00:00:00+08:00", "other", "point"),
    ("截至3月5日，请您还清全部欠款", "截至3月5日", "2025-03-06T00:00:00+08:00", "deadline", "before"),
    # the day a payment was made, on its receipt
    ("您尾号0918信用卡于3月1日还款3,000.00元已入账", "3月1日", "2025-03-01T00:00:00+08:00", "other", "point"),
    # an offer good until a day is its deadline
    ("结清可减免违约金，活动有效期至3月20日", "有效期至3月20日", "2025-03-21T00:00:00+08:00", "deadline", "before"),
    # A time followed by the debit or the due date is the pay-by time.
    ("您本期应还316.50元，将于2025年03月23日扣款", "2025年03月23日", "2025-03-23T00:00:00+08:00", "deadline", "point"),
    ("您本期账单待还500元，今日已到期", "今日", "2025-02-26T00:00:00+08:00", "deadline", "point"),
]


@pytest.mark.parametrize(("msg", "span", "value", "role", "kind"), IN_MESSAGES, ids=[c[1] for c in IN_MESSAGES])
def test_in_messages(msg: str, span: str, value: str, role: str, kind: str) -> None:
    el = one(msg)
    assert el.text == span
    assert msg[el.start : el.end] == span
    assert iso(el.value) == value
    assert el.role == role
    assert el.attrs["kind"] == kind


def test_deadline_then_visit_in_one_message() -> None:
    msg = "尊敬的客户，您有一笔借款已逾期，请于明日中午12点前归还。否则，我们的工作人员将于明天下午3点上门拜访。如有疑问，请联系客服95188。"
    found = times(msg)
    assert [(e.text, e.role, e.attrs["kind"], iso(e.value)) for e in found] == [
        ("明日中午12点前", "deadline", "before", "2025-02-27T12:00:00+08:00"),
        ("明天下午3点", "visit", "point", "2025-02-27T15:00:00+08:00"),
    ]


def test_no_comma_between_deadline_and_visit() -> None:
    found = times("请于2月28日前还款否则3月1日上门")
    assert [(e.text, e.role) for e in found] == [("2月28日前", "deadline"), ("3月1日", "visit")]


def test_range_is_one_element_with_both_ends() -> None:
    el = one("优惠减免活动即日起至3月5日")
    assert el.text == "即日起至3月5日"
    assert iso(el.attrs["from"]) == "2025-02-26T00:00:00+08:00"
    assert iso(el.attrs["until"]) == "2025-03-06T00:00:00+08:00"
    assert el.attrs["display"] == {"zh": "2025-02-26 周三 至 2025-03-05 周三", "en": "Wed 2025-02-26 – Wed 2025-03-05"}


def test_weekday_range_ends_after_its_start() -> None:
    el = one("周五至周一")
    assert iso(el.attrs["from"]) == "2025-02-28T00:00:00+08:00"
    assert iso(el.attrs["until"]) == "2025-03-04T00:00:00+08:00"


NOT_TIMES = [
    "已逾期15天",
    "逾期90天",
    "逾期超过90天",
    "逾期超过90天后",
    "逾期3期",
    "M3",
    "催收3次",
    "客服95188",
    "欠款2000元",
    "15天",
    "15号",
    "请早一点还款",
    "尽早还款，早日上岸",
    "以下三点请注意",
    "年化利率3.1%",
    "电话0755-12345678",
    "热线4008-123-456",
    "内容如下",
    "您的账号10号码",
    "已经3天内",
    "逾期后3天内",
    "xx月xx日",
    "我一早就说了你不听",
    "已完成1/2的任务",
    "评分4.5/5",
    "比分3/1",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_times(text: str) -> None:
    assert times(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "客服工作时间：周一至周五9:00-18:00",
        "服务时间9:00-21:00",
        "工作时间上午9点至下午6点",
        "周一至周五8:30-17:30",
        "营业时间：每天8:30~17:30",
    ],
)
def test_opening_hours_are_not_times(text: str) -> None:
    assert times(text) == []


def test_opening_hours_do_not_hide_the_real_times() -> None:
    msg = "请于明日中午12点前还款，客服热线95188（工作时间9:00-18:00），逾期将于3个工作日内上门"
    assert [e.text for e in times(msg)] == ["明日中午12点前", "3个工作日内"]
    assert times(msg)[1].role == "visit"
    assert one("本周一至周五上门").attrs["kind"] == "range"
    assert one("周一至周五").attrs["kind"] == "range"  # without hours it may be a real span of days


def test_display_strings() -> None:
    assert one("明天下午3点").attrs["display"] == {"zh": "2025-02-27 周四 15:00", "en": "Thu 2025-02-27 15:00"}
    assert one("明日中午12点前").attrs["display"] == {
        "zh": "2025-02-27 周四 12:00 前",
        "en": "before Thu 2025-02-27 12:00",
    }
    assert one("后天").attrs["display"] == {"zh": "2025-02-28 周五", "en": "Fri 2025-02-28"}
    assert one("下周一上午").attrs["display"] == {"zh": "2025-03-03 周一 上午", "en": "Mon 2025-03-03 morning"}
    assert one("2月28日前").attrs["display"] == {"zh": "2025-02-28 周五 24:00 前", "en": "by end of Fri 2025-02-28"}
    assert one("即日起").attrs["display"] == {"zh": "2025-02-26 周三 起", "en": "from Wed 2025-02-26"}
    assert one("明天上午9点到11点").attrs["display"] == {
        "zh": "2025-02-27 周四 09:00–11:00",
        "en": "Thu 2025-02-27 09:00–11:00",
    }
    assert one("2025年3月").attrs["display"] == {"zh": "2025年3月", "en": "March 2025"}


def test_within_starts_at_received_and_before_has_no_start() -> None:
    assert iso(one("3日内").attrs["from"]) == "2025-02-26T10:30:00+08:00"
    assert one("2月28日前").attrs["from"] is None


def test_passed_times_stay_on_the_same_day_and_say_so() -> None:
    el = one("9点前")  # 09:00 has passed at 10:30, 21:00 has not
    assert iso(el.value) == "2025-02-26T21:00:00+08:00"
    assert el.attrs["passed"] is False
    el = one("上午9点")
    assert iso(el.value) == "2025-02-26T09:00:00+08:00"
    assert el.attrs["passed"] is True
    late = datetime(2025, 2, 26, 22, 0)
    el = one("9点前", received_at=late)
    assert iso(el.value) == "2025-02-26T21:00:00+08:00"
    assert el.attrs["passed"] is True


def test_month_day_nearest_occurrence() -> None:
    assert iso(one("1月5日", received_at=datetime(2025, 12, 20)).value) == "2026-01-05T00:00:00+08:00"
    # a few days back stays in the past rather than jumping a year ahead
    el = one("已于2月20日逾期")
    assert iso(el.value) == "2025-02-20T00:00:00+08:00"
    assert el.attrs["passed"] is True
    assert iso(one("12月28日", received_at=datetime(2026, 1, 5)).value) == "2025-12-28T00:00:00+08:00"
    assert iso(one("请于10号前还款").value) == "2025-03-11T00:00:00+08:00"


@pytest.mark.parametrize(
    ("text", "received", "value"),
    [
        ("明天", datetime(2025, 12, 31, 20, 0), "2026-01-01T00:00:00+08:00"),
        ("明天上午9点", datetime(2025, 12, 31, 20, 0), "2026-01-01T09:00:00+08:00"),
        ("月底前", datetime(2025, 12, 15), "2026-01-01T00:00:00+08:00"),
        ("下月10号前", datetime(2025, 12, 5), "2026-01-11T00:00:00+08:00"),
        ("月底前", datetime(2024, 2, 27), "2024-03-01T00:00:00+08:00"),  # leap year: the 29th counts
        ("3日内", datetime(2025, 1, 30, 9, 0), "2025-02-02T00:00:00+08:00"),  # 30th, 31st, 1st
        ("下周一", datetime(2025, 3, 2, 9, 0), "2025-03-03T00:00:00+08:00"),  # from a Sunday
        ("周一", datetime(2025, 3, 3, 9, 0), "2025-03-03T00:00:00+08:00"),  # today counts
        ("3个工作日内", datetime(2025, 3, 1, 9, 0), "2025-03-06T00:00:00+08:00"),  # Sat: Mon-Wed
        ("3个工作日内", datetime(2025, 2, 28, 9, 0), "2025-03-05T00:00:00+08:00"),  # Fri, Mon, Tue
        ("24小时内", datetime(2025, 12, 31, 23, 0), "2026-01-01T23:00:00+08:00"),
        ("31号前", datetime(2025, 4, 5), "2025-06-01T00:00:00+08:00"),  # April has no 31st
    ],
)
def test_month_and_year_ends(text: str, received: datetime, value: str) -> None:
    found = [e for e in times(text, received_at=received) if e.attrs["kind"] != "from"]
    assert len(found) == 1
    assert iso(found[0].value) == value


def test_without_received_at_relative_times_keep_span_and_role() -> None:
    msg = "请于明日中午12点前归还，否则将于明天下午3点上门拜访"
    found = times(msg, received_at=None)
    assert [(e.text, e.role, e.attrs["kind"], e.value, e.attrs["resolved"]) for e in found] == [
        ("明日中午12点前", "deadline", "before", None, False),
        ("明天下午3点", "visit", "point", None, False),
    ]
    assert all(e.attrs["display"] is None and e.attrs["until"] is None for e in found)
    assert one("24小时内", received_at=None).attrs["resolved"] is False
    assert one("下午3点", received_at=None).value is None
    # The hour of day stays known when the words fix it, so a night visit is still seen as one.
    assert [e.attrs.get("clock") for e in found] == ["12:00", "15:00"]
    assert one("今晚11点上门", received_at=None).attrs["clock"] == "23:00"
    assert "clock" not in one("今天10点上门", received_at=None).attrs  # 10:00 or 22:00: not said
    assert "clock" not in one("24小时内", received_at=None).attrs


def test_without_received_at_dates_with_a_year_still_resolve() -> None:
    el = one("请于2025年3月1日下午3点前还款", received_at=None)
    assert el.text == "2025年3月1日下午3点前"
    assert iso(el.value) == "2025-03-01T15:00:00+08:00"
    assert el.attrs["resolved"] is True
    assert iso(one("2025-03-01", received_at=None).value) == "2025-03-01T00:00:00+08:00"


def test_other_time_zone() -> None:
    # New York enters daylight saving time at 2025-03-09 02:00
    received = datetime(2025, 3, 8, 10, 30)
    el = one("明天上午9点", received_at=received, tz="America/New_York")
    assert iso(el.value) == "2025-03-09T09:00:00-04:00"
    el = one("24小时内", received_at=received, tz="America/New_York")
    assert iso(el.value) == "2025-03-09T11:30:00-04:00"  # 24 elapsed hours, not 24 wall hours
    el = one("3日内", received_at=received, tz="America/New_York")
    assert iso(el.value) == "2025-03-11T00:00:00-04:00"


def test_received_at_in_another_zone_is_read_in_the_message_zone() -> None:
    from zoneinfo import ZoneInfo

    utc = datetime(2025, 2, 26, 2, 30, tzinfo=ZoneInfo("UTC"))  # 10:30 in Shanghai
    assert iso(one("24小时内", received_at=utc).value) == "2025-02-27T10:30:00+08:00"


def test_elements_are_json_able() -> None:
    for el in times("请于明日中午12点前归还，即日起至3月5日，明天下午3点上门"):
        out = json.loads(json.dumps(el.to_json(), ensure_ascii=False))
        assert out["type"] == "time"
        assert "display" in out and "kind" in out
    out = one("明日中午12点前").to_json()
    assert out["until"] == "2025-02-27T12:00:00+08:00"
    assert out["from"] is None


@pytest.mark.parametrize(
    ("text", "num"), [("24", 24), ("二十四", 24), ("十二", 12), ("两", 2), ("十", 10), ("四十八", 48), ("一百二十", 120)]
)
def test_cn_int(text: str, num: int) -> None:
    assert cn_int(text) == num


def _probes() -> list[tuple[str, str, str]]:
    """(section, word, probe text) for every word in zh.yaml: each probe must yield a time."""
    d = load_lang("zh")
    out: list[tuple[str, str, str]] = []
    for w in d["relative_days"]:
        out.append(("relative_days", w, w))
    for w in d["compound_days"]:
        out.append(("compound_days", w, w + "8点"))
    for w in d["dayparts"]:
        out.append(("dayparts", w, "明天" + w))
    for w in d["short_dayparts"]:
        out.append(("short_dayparts", w, "明天" + w + "8点"))
    for w in d["week_words"]:
        out.append(("week_words", w, "下" + w + "一"))
    for w in d["weekday_numbers"]:
        out.append(("weekday_numbers", w, "下周" + w))
    for w in d["week_modifiers"]:
        out.append(("week_modifiers", w, w + "周五"))
    for w in d["month_modifiers"]:
        out.append(("month_modifiers", w, w + "10号"))
    for w in d["month_parts"]:
        out.append(("month_parts", w, "下月" + w))
    for key in ("before", "within", "from"):
        for w in d["markers"][key]:
            out.append((f"markers.{key}", w, "明天" + w))
    for w in d["markers"]["after"]:
        out.append(("markers.after", w, "3天" + w))
    for w in d["markers"]["deadline_prefix"]:
        out.append(("markers.deadline_prefix", w, w + "明天"))
    for w in d["markers"]["range"]:
        out.append(("markers.range", w, "9点" + w + "11点"))
    for w in d["duration_units"]:
        out.append(("duration_units", w, "3" + w + "内"))
    return out


@pytest.mark.parametrize(("section", "word", "probe"), _probes(), ids=[f"{s}:{w}" for s, w, _ in _probes()])
def test_every_yaml_word_matches(section: str, word: str, probe: str) -> None:
    el = one(probe)
    assert el.text == probe, (section, word)


def test_every_verb_and_blocker_in_yaml_acts() -> None:
    d = load_lang("zh")
    v = d["visit"]
    # the visit extractor's verb classes decide the role too: one word list for both
    for key in ("door", "field", "outside", "walk", "home_visit", "dispatch", "travel"):
        for verb in v[key]:
            assert one("明天" + verb).role == "visit", (key, verb)
    for verb in v["to_place"]:
        assert one("明天" + verb + "你单位").role == "visit", verb
    for words in v["places"].values():
        for place in words:
            assert one("明天去你" + place).role == "visit", place
    for verb in d["visit_arrivals"]:
        assert one("明天8点" + verb).role == "visit", verb
    for verb in d["deadline_verbs"]:
        assert one("明天" + verb).role == "deadline", verb
    for blocker in d["duration_blockers"]:
        assert times(blocker + "3天内") == [], blocker
    for word in d["schedule_words"]:
        assert times(word + "9:00-18:00") == [], word
    for word in d["day_of_month_context"]:
        # deadline prefixes (截至, 最迟) belong to the span
        assert one(word + "15号").text in ("15号", word + "15号"), word
    for ch in d["day_of_month_blockers"]:
        assert times("请于15号" + ch) == [], ch
    for marker, chars in d["marker_blockers"].items():
        for ch in chars:
            texts = [e.text for e in times("明天" + marker + ch)]
            assert texts in ([], ["明天"]), (marker, ch, texts)


def test_yaml_validation_names_file_and_entry() -> None:
    path = LANG_DIR / "zh.yaml"
    good = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert validate(good, path) is good
    bad = dict(good, dayparts=dict(good["dayparts"], 上午={"hours": [12, 8], "shift": [], "en": "m"}))
    with pytest.raises(BadData) as err:
        validate(bad, Path("zh.yaml"))
    assert "zh.yaml" in str(err.value) and "dayparts.上午" in str(err.value)
    bad = {k: v for k, v in good.items() if k != "markers"}
    with pytest.raises(BadData, match="markers"):
        validate(bad, path)
    bad = dict(good, compound_days={"今晚": [0, "黄昏"]})
    with pytest.raises(BadData, match="compound_days.今晚"):
        validate(bad, path)


def test_huge_input_is_bounded() -> None:
    start = time.perf_counter()
    found = times("明天" * 500_000)
    assert len(found) <= MAX_CANDIDATES
    assert time.perf_counter() - start < 10
    assert times("9" * 1_000_000) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="今明天后日月号点时分半前内起至到上下午晚周一二三四五六0123456789:年-，。", max_size=40))
def test_spans_point_into_the_text(text: str) -> None:
    doc = Doc.from_message(Message(text, received_at=BASE))
    for el in extract(doc):
        assert text[el.start : el.end] == el.text
        assert el.text
        assert el.value is None or el.value.tzinfo is not None
        assert el.attrs["kind"] in ("point", "before", "within", "from", "range")
        assert el.role in ("visit", "deadline", "other")
        if el.attrs["until"] is not None and el.attrs["from"] is not None:
            assert el.attrs["from"] <= el.attrs["until"]
