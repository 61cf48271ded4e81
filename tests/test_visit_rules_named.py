"""A visit to the reader's work, home town or relatives, or with the police, names its own rule however it is worded."""

from __future__ import annotations

from datetime import datetime

import pytest

from dunguard import Message, analyze

AT = datetime.fromisoformat("2025-02-26T10:00+08:00")


def rules(text: str) -> set[str]:
    return {f.rule_id for f in analyze(Message(text, received_at=AT)).findings}


@pytest.mark.parametrize("text", [
    "你再不还，我们明天就去你老家找你父母",
    "你再不还，我们明天就去你单位找你",
])
def test_a_visit_to_the_readers_people_or_work_is_the_high_place_rule(text: str) -> None:
    assert "CN-VISIT-005" in rules(text)


def test_a_visit_with_the_police_is_the_authority_rule() -> None:
    assert "CN-VISIT-006" in rules("我们已联系当地派出所，明天民警会和我们一起上门")


def test_a_court_officer_serving_papers_is_not_the_authority_rule() -> None:
    assert "CN-VISIT-006" not in rules("你的案件已立案，近期会有法院工作人员上门送达传票，请保持电话畅通。")


@pytest.mark.parametrize("text", [
    "我们法务下周一就提交到你户籍地法院，判下来之后你的卡全部冻结",
    "诉讼材料已移送到你户籍地派出所",
])
def test_papers_sent_to_an_office_in_the_home_town_are_no_visit(text: str) -> None:
    report = analyze(Message(text, received_at=AT))
    assert not [e for e in report.elements if e.type == "visit"]
    assert "visit_threat" not in report.verdict.kinds


def test_a_visit_to_your_company_written_to_you_is_a_workplace_visit_not_a_letter_to_the_employer() -> None:
    report = analyze(Message("您的借款已逾期，我司外访人员将于明日前往贵司核实您的工作情况", received_at=AT))
    assert [e.attrs["target"] for e in report.elements if e.type == "visit"] == ["workplace"]
    ids = {f.rule_id for f in report.findings}
    assert "CN-VISIT-005" in ids and "CN-3P-002" not in ids
