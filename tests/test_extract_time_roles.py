"""Time roles across clauses, and the relative deadlines collectors write (issue 11).

Received Wednesday 2025-02-26 10:30 in Asia/Shanghai, as with
``dunguard analyze --received-at 2025-02-26T10:30``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from dunguard.errors import BadData
from dunguard.extract.base import Doc
from dunguard.extract.lang import LANG_DIR, load_lang, validate
from dunguard.extract.time import extract
from dunguard.model import Element, Message

BASE = datetime(2025, 2, 26, 10, 30)


def times(text: str) -> list[Element]:
    return extract(Doc.from_message(Message(text, received_at=BASE, timezone="Asia/Shanghai")))


def found(text: str) -> list[tuple[str, str, str, str | None]]:
    """(words, role, kind, value) for every time in ``text``."""
    return [(e.text, e.role, e.attrs["kind"], e.value.isoformat() if e.value else None) for e in times(text)]


# A time alone in its clause before a comma: the next clause's verb says what the time is for.
LEADING = [
    ("今天下午三点，工作人员将上门核实你的经济情况", "今天下午三点", "visit", "point", "2025-02-26T15:00:00+08:00"),
    ("本周六下午两点，我司将派员到您单位走访", "本周六下午两点", "visit", "point", "2025-03-01T14:00:00+08:00"),
    ("明天上午十点，我们的外访专员会到你家里核实情况", "明天上午十点", "visit", "point", "2025-02-27T10:00:00+08:00"),
    ("后天下午，催收专员将前往你父母家", "后天下午", "visit", "point", "2025-02-28T12:00:00+08:00"),
    # a tail word (左右) after the time still leaves it leading its clause
    ("周五上午九点左右，调查员会去你的工作单位", "周五上午九点", "visit", "point", "2025-02-28T09:00:00+08:00"),
    ("下周一，法务专员将约谈你本人", "下周一", "visit", "point", "2025-03-03T00:00:00+08:00"),
    ("今晚八点，外勤将登门拜访", "今晚八点", "visit", "point", "2025-02-26T20:00:00+08:00"),
    ("今晚，外访人员会到你家", "今晚", "visit", "point", "2025-02-26T18:00:00+08:00"),
    # lead-in words before the time: 否则, 将于
    ("再不还款，否则明天上午，我司就派员核实", "明天上午", "visit", "point", "2025-02-27T08:00:00+08:00"),
    ("我司将于3月2日下午，安排外访人员上门", "3月2日下午", "visit", "point", "2025-03-02T12:00:00+08:00"),
    # a deadline marker before a visit clause: the visit happens before then
    ("明天中午前，我们将安排人员上门走访", "明天中午前", "visit", "before", "2025-02-27T12:00:00+08:00"),
    ("明天中午12点前，请将欠款还清", "明天中午12点前", "deadline", "before", "2025-02-27T12:00:00+08:00"),
    ("本月28号前，务必把欠款结清", "本月28号前", "deadline", "before", "2025-03-01T00:00:00+08:00"),
    ("明天下午，请主动联系我们协商", "明天下午", "deadline", "point", "2025-02-27T12:00:00+08:00"),
    # the payment clause comes first: the time is the pay-by time
    ("今晚十点前，若仍不还款，我们将上门", "今晚十点前", "deadline", "before", "2025-02-26T22:00:00+08:00"),
    # a verb-less clause in between is skipped (two clauses at most)
    ("明天上午九点，天气不好，外访人员照样上门", "明天上午九点", "visit", "point", "2025-02-27T09:00:00+08:00"),
    # someone named as sent, "going over": the time of their trip (a bare 过去 is also "passed")
    ("周五之前联系我们，周六我们的人过去", "周六", "visit", "point", "2025-03-01T00:00:00+08:00"),
]


@pytest.mark.parametrize(("msg", "words", "role", "kind", "value"), LEADING, ids=[c[1] for c in LEADING])
def test_a_leading_time_takes_the_next_clauses_verb(msg: str, words: str, role: str, kind: str, value: str) -> None:
    (el,) = [e for e in times(msg) if e.text == words]
    assert (el.role, el.attrs["kind"], el.value.isoformat()) == (role, kind, value)


@pytest.mark.parametrize(
    ("msg", "expected"),
    [
        # the time does not lead its clause: 逾期 there is what it dates
        ("您的借款已于2月20日逾期，工作人员将上门", [("2月20日", "other", "point", "2025-02-20T00:00:00+08:00")]),
        ("2月28日你的账单已出，外访人员会联系你", [("2月28日", "other", "point", "2025-02-28T00:00:00+08:00")]),
        # another time in the next clause governs the verb after it
        (
            "今天下午三点，外访人员明天上门",
            [
                ("今天下午三点", "other", "point", "2025-02-26T15:00:00+08:00"),
                ("明天", "visit", "point", "2025-02-27T00:00:00+08:00"),
            ],
        ),
        # a new sentence is not the next clause
        ("明天下午三点。工作人员将上门", [("明天下午三点", "other", "point", "2025-02-27T15:00:00+08:00")]),
        ("下周一，天气转晴，气温回升，工作人员上门", [("下周一", "other", "point", "2025-03-03T00:00:00+08:00")]),
    ],
)
def test_a_time_keeps_its_own_clause(msg: str, expected: list) -> None:
    assert found(msg) == expected


RELATIVE = [
    ("2小时内上门", "2小时内", "visit", "within", "2025-02-26T12:30:00+08:00"),
    ("三小时内外访人员将上门", "三小时内", "visit", "within", "2025-02-26T13:30:00+08:00"),
    ("半小时内我们的同事赶到你单位", "半小时内", "visit", "within", "2025-02-26T11:00:00+08:00"),
    ("四十八小时内安排外访", "四十八小时内", "visit", "within", "2025-02-28T10:30:00+08:00"),
    ("今日12点前", "今日12点前", "deadline", "before", "2025-02-26T12:00:00+08:00"),
    ("请在今日18点前还款", "今日18点前", "deadline", "before", "2025-02-26T18:00:00+08:00"),
    # a bare day of month: this month, or next month once passed (15 < 26)
    ("15号前还款", "15号前", "deadline", "before", "2025-03-16T00:00:00+08:00"),
    ("请于十五号之前还清", "十五号之前", "deadline", "before", "2025-03-16T00:00:00+08:00"),
    ("28号前结清", "28号前", "deadline", "before", "2025-03-01T00:00:00+08:00"),
    ("最迟26号前处理", "最迟26号前", "deadline", "before", "2025-02-27T00:00:00+08:00"),
    # 本月 says which month, even when that day has passed
    ("本月15号前", "本月15号前", "deadline", "before", "2025-02-16T00:00:00+08:00"),
    ("24小时内", "24小时内", "deadline", "within", "2025-02-27T10:30:00+08:00"),
    ("三日内", "三日内", "deadline", "within", "2025-03-01T00:00:00+08:00"),
    ("五天之内还款", "五天之内", "deadline", "within", "2025-03-03T00:00:00+08:00"),
    ("下班前", "下班前", "deadline", "before", "2025-02-26T18:00:00+08:00"),
    ("明天下班前把钱还上", "明天下班前", "deadline", "before", "2025-02-27T18:00:00+08:00"),
    ("请今天下班之前回电", "今天下班之前", "deadline", "before", "2025-02-26T18:00:00+08:00"),
    ("今晚", "今晚", "other", "point", "2025-02-26T18:00:00+08:00"),
    ("今晚之前必须处理", "今晚之前", "deadline", "before", "2025-02-26T18:00:00+08:00"),
]


@pytest.mark.parametrize(("msg", "words", "role", "kind", "value"), RELATIVE, ids=[c[0] for c in RELATIVE])
def test_relative_times(msg: str, words: str, role: str, kind: str, value: str) -> None:
    assert found(msg) == [(words, role, kind, value)]


def test_passed_deadline_this_month_says_so() -> None:
    (el,) = times("本月15号前")
    assert el.attrs["passed"] is True
    (el,) = times("15号前还款")
    assert el.attrs["passed"] is False


def test_end_of_work_displays_as_a_clock_deadline() -> None:
    (el,) = times("明天下班前")
    assert el.attrs["display"] == {"zh": "2025-02-27 周四 18:00 前", "en": "before Thu 2025-02-27 18:00"}
    assert el.attrs["until"].isoformat() == "2025-02-27T18:00:00+08:00"


@pytest.mark.parametrize("text", ["你下班了吗", "下班回家路上", "一日下班回来", "上下班高峰"])
def test_end_of_work_alone_is_not_a_time(text: str) -> None:
    assert times(text) == []


def test_inner_and_outer_is_still_not_a_deadline() -> None:
    # 内外 is "inside and outside"; only 内 before 外访/外勤 is "within"
    assert times("3天内外地") == []
    assert times("国内外") == []


def test_every_clause_word_in_yaml_acts() -> None:
    d = load_lang("zh")
    for word in d["clause_lead_ins"]:
        els = [e for e in times(word + "明天下午，工作人员将上门") if "明天下午" in e.text]
        assert [e.role for e in els] == ["visit"], word
    for word in d["clause_tails"]:
        els = [e for e in times("明天下午三点" + word + "，工作人员将上门") if "明天下午三点" in e.text]
        assert [e.role for e in els] == ["visit"], word
    for word in d["bound_dayparts"]:
        assert times(word) == [], word
        assert [e.text for e in times("明天" + word)] == ["明天" + word], word
        assert [e.role for e in times(word + "前")] == ["deadline"], word
    for marker, words in d["marker_unblockers"].items():
        for word in words:
            assert [e.text for e in times("3天" + marker + word + "人员上门")] == ["3天" + marker], word


def test_yaml_validation_of_the_new_sections() -> None:
    path = LANG_DIR / "zh.yaml"
    good = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert validate(good, path) is good
    bad = dict(good, bound_dayparts=["放学"])
    with pytest.raises(BadData, match="bound_dayparts"):
        validate(bad, path)
    bad = dict(good, marker_unblockers={"内": ["时间"]})
    with pytest.raises(BadData, match="marker_unblockers.内"):
        validate(bad, path)
    bad = dict(good, visit={k: v for k, v in good["visit"].items() if k != "travel"})
    with pytest.raises(BadData, match="visit.travel"):
        validate(bad, path)
    bad = dict(good, visit=dict(good["visit"], after_you=["宿舍"]))
    with pytest.raises(BadData, match="visit.after_you"):
        validate(bad, path)
    bad = dict(good, visit=dict(good["visit"], stage={"planned": ["将"]}))
    with pytest.raises(BadData, match="visit.stage"):
        validate(bad, path)


@pytest.mark.parametrize(("text", "words", "role"), [
    # the next clause says "not paid, then we come": the time is the deadline, the visit what follows it
    ("最迟明早9点，还不上就等着我们上门。", "最迟明早9点", "deadline"),
    ("明天上午十点，再不处理外访直接上门。", "明天上午十点", "deadline"),
    # ...but a visit announced for that time keeps its role
    ("今天下午三点，工作人员将上门。", "今天下午三点", "visit"),
    # and a past date beside "not repaid" is no deadline
    ("你12月1日借的钱到现在没还，明天上门。", "12月1日", "other"),
])
def test_a_time_before_an_unmet_condition_and_a_visit_is_the_deadline(text, words, role):
    assert [e.role for e in times(text) if e.text == words] == [role], text


# Received Wednesday 2025-02-26: the next 元旦 is 2026-01-01, the next 春节 2026-02-17 (lunar 1/1, though the
# 2025 one was only four weeks before), the next 中秋 2025-10-06 (lunar 8/15). "Before a festival" ends when it
# begins; "before the year end" includes its last day.
@pytest.mark.parametrize(("text", "words", "until"), [
    ("元旦前还清。", "元旦前", "2026-01-01T00:00:00+08:00"),
    ("国庆节前不还就上门。", "国庆节前", "2025-10-01T00:00:00+08:00"),
    ("年前必须还清，否则年后上门。", "年前", "2026-02-17T00:00:00+08:00"),
    ("春节前必须结清。", "春节前", "2026-02-17T00:00:00+08:00"),
    ("中秋节前还款。", "中秋节前", "2025-10-06T00:00:00+08:00"),
    ("年底前还清欠款。", "年底前", "2026-01-01T00:00:00+08:00"),
])
def test_deadlines_set_by_a_festival_or_the_year_end(text, words, until):
    got = [e for e in times(text) if e.text == words]
    assert [e.role for e in got] == ["deadline"], text
    assert got[0].attrs["until"].isoformat() == until, text


@pytest.mark.parametrize("text", ["一年前借的钱到现在没还。", "去年借的钱。", "过完年再说。"])
def test_a_year_ago_or_last_year_is_no_festival(text):
    assert not [e for e in times(text) if "年" in e.text], text


def test_a_bad_holiday_in_the_language_file_is_named(tmp_path):
    data = load_lang("zh")
    bad = dict(data, fixed_holidays={**data["fixed_holidays"], "元旦": [2, 30]})
    with pytest.raises(BadData, match="fixed_holidays"):
        validate(bad, tmp_path / "zh.yaml")


# The visit verb alone cannot tell who goes: a time is a visit time only where someone comes to the reader.
@pytest.mark.parametrize(("text", "words", "role"), [
    # the reader is sent somewhere
    ("请于明天下午3点到公司面谈。", "明天下午3点", "other"),
    ("请于12月31日前到村委会或通过小程序缴纳医保费。", "12月31日前", "deadline"),
    # ...or to a site or an app, not a place anyone calls at
    ("您的医疗保险报销卡即将到期，八月一号前往www.tm2.ch补充核查。", "八月一号", "other"),
    ("请在48小时内前往指定APP进行资金核验。", "48小时内", "deadline"),
    # a serviceman or a friend comes, in a message about no debt
    ("【XX宽带】维修人员将于今天下午上门处理，联系电话10000。", "今天下午", "other"),
    ("燃气公司安检员将于本周四上门进行安全检查。", "本周四", "other"),
    ("周六去你家打麻将啊，我带点卤菜。", "周六", "other"),
    # a collector's visit stays one, whatever he brings (送达 is not a social call)
    ("法务专员将于本周五下午上门送达催收函，请本人签收。", "本周五下午", "visit"),
    ("下周当地执行人员配合上门送达文书，你这个案子拖不得。", "下周", "visit"),
    ("维修师傅？你欠款不还，我们明天上午到你家找你。", "明天上午", "visit"),
    # 之前往 is 之前 + 往 (before, into the card), not 前往
    ("麻烦在下午5点之前往尾号3683的招行卡里存够钱。", "下午5点之前", "deadline"),
])
def test_a_visit_time_needs_someone_coming(text, words, role):
    assert [e.role for e in times(text) if e.text == words] == [role], text


@pytest.mark.parametrize(("msg", "role"), [
    # the sender's own next step after the time: no date to pay by
    ("3日内将向您户籍地法院提起诉讼，请于本月28号前结清。", "other"),
    ("您的账户存在异常，将于24小时内冻结，请登录验证。", "other"),
    # ...but a time to pay by whose sequel is the step stays a deadline
    ("24小时内不还，身份证将被冻结。", "deadline"),
])
def test_a_time_for_the_senders_own_step_is_no_deadline(msg: str, role: str) -> None:
    assert times(msg)[0].role == role


def test_a_deadline_already_past_when_received_says_so() -> None:
    (t,) = times("请于本月25号前结清。")  # received on the 26th
    assert t.attrs["passed"] and "已过" in t.attrs["display"]["zh"] and "past" in t.attrs["display"]["en"]


# A clock or part of the day with no day of its own, after a later day in the same sentence, is on that day.
INHERITED = [
    ("明天下午3点前还款，否则5点我们就到你家", "5点", "2025-02-27T17:00:00+08:00"),
    ("明天中午之前不还，下午我们就到你家", "下午", "2025-02-27T12:00:00+08:00"),
    # a day already past, a month, or another sentence gives nothing to inherit: today stays today
    ("昨天你没接电话，下午我们上门", "下午", "2025-02-26T12:00:00+08:00"),
    ("下个月起利息上调，晚上给你打视频", "晚上", "2025-02-26T18:00:00+08:00"),
    ("明天还款。下午我们上门", "下午", "2025-02-26T12:00:00+08:00"),
]


@pytest.mark.parametrize(("text", "words", "value"), INHERITED)
def test_a_bare_clock_takes_the_day_named_before_it(text: str, words: str, value: str) -> None:
    got = {w: v for w, _, _, v in found(text)}
    assert got[words] == value
