"""The night-time rules read what the message means, not only its debt words or a part of the day's first hour."""

from __future__ import annotations

from datetime import datetime

import pytest

from dunguard import Message, analyze


def report(text: str, at: str):
    return analyze(Message(text, received_at=datetime.fromisoformat(at)))


def rules(text: str, at: str) -> set[str]:
    return {f.rule_id for f in report(text, at).findings}


@pytest.mark.parametrize("text", [
    "还睡得着？明天一早我们就到你家门口等你",
    "你单位的座机我们已经查到了，HR姓什么也清楚，要不要我们帮你跟领导说一声？",
    "你这种人渣，出门小心点",
])
def test_a_threat_sent_at_night_breaks_the_night_rule_without_a_debt_word(text: str) -> None:
    assert "CN-TIME-001" in rules(text, "2025-02-26T23:40+08:00")
    assert "CN-TIME-001" not in rules(text, "2025-02-26T13:40+08:00")


def test_the_night_finding_says_when_the_message_came() -> None:
    f = next(f for f in report("还睡得着？明天一早我们就到你家门口等你", "2025-02-26T23:40+08:00").findings
             if f.rule_id == "CN-TIME-001")
    assert "23:40" in f.explanation["zh"] and "23:40" in f.explanation["en"]


@pytest.mark.parametrize("text", [
    # a parent passing on that someone came asking: no threat from a collector
    "妈妈：儿子，今天下午两个男的来家里找你，说你欠网贷不还，留了个电话让你回，你到底欠了多少？",
    # a court's own notice to a defaulter's callers
    "您好!你呼叫的实名登记机主已被永州市冷水滩区人民法院公布为失信被执行人,请谨慎交往",
])
def test_no_night_rule_for_what_is_not_collection(text: str) -> None:
    assert "CN-TIME-001" not in rules(text, "2025-02-26T23:40+08:00")


def test_a_part_of_the_day_is_shown_as_its_hours_not_an_invented_clock() -> None:
    f = next(f for f in report("欠款不还，明天一早我们就到你家", "2025-02-26T10:00+08:00").findings
             if f.rule_id == "CN-VISIT-002")
    assert "06:00–09:00" in f.explanation["zh"] and "02-27 06:00 在夜间" not in f.explanation["zh"]
    assert "mostly" in f.explanation["en"]


@pytest.mark.parametrize(("text", "night"), [
    ("欠款不还，今天夜里我们就去你家", True),   # 21:00-24:00: mostly night
    ("欠款不还，今天凌晨我们就去你家", True),
    ("欠款不还，今天晚上我们就去你家", False),  # 18:00-24:00: mostly evening
    ("欠款不还，明天上午我们就去你家", False),
])
def test_a_visit_at_a_part_of_the_day_is_at_night_when_most_of_it_is(text: str, night: bool) -> None:
    assert ("CN-VISIT-002" in rules(text, "2025-02-26T10:00+08:00")) is night


def test_the_visit_estimate_shows_a_part_of_the_day_as_its_hours() -> None:
    r = report("欠款不还，明天一早我们就到你家", "2025-02-26T10:00+08:00")
    night = next(x for x in r.verdict.visit_credibility.reasons if x.code == "night_visit")
    assert "06:00–09:00" in night.text["zh"] and "（06:00）" not in night.text["zh"]
