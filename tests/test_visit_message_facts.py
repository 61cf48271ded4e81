"""Visit credibility uses the days overdue and the amount owed that the message itself states.

A borrower who runs `dunguard analyze` on "您的借款已逾期68天，欠款本息共计12800元，…上门核实" should not be
told to "add days overdue and amount owed" as if the message had said nothing. The message's figures
count when the borrower gave none, with less trust than the borrower's own: they never make a visit
`high`, a long or large claim weighs less, and the borrower's own figure always wins.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from dunguard import Message, analyze
from dunguard.model import Context

AT = datetime(2025, 2, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

# The new-user test's message: 68 days, 12,800 yuan, a visit on Saturday, no named agency.
EXAMPLE = "【XX金融】您的借款已逾期68天，欠款本息共计12800元，我司已安排外访人员于本周六上门核实，请提前准备。"
# A long default and a large debt by the message's own account, with a named agency and staff number.
LONG_LARGE = (
    "您的借款已逾期200天，欠款本息共计86000元，已委托深圳某某资产管理有限公司，外访专员工号A1023将于明天下午3点"
    "上门拜访。"
)
# A short default and a small debt by the message's own account.
SHORT_SMALL = "您的借款已逾期3天，欠款800元，已委托深圳某某资产管理有限公司，外访专员工号A1023将于明天下午3点上门拜访。"
SEED = "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。如有疑问,请联系客服95188。"


def visit(text: str, context: Context | None = None):
    return analyze(Message(text, received_at=AT), context, with_plan=False).verdict.visit_credibility


def codes(judgement) -> list[str]:
    return [r.code for r in judgement.reasons]


def by_code(judgement, code: str):
    return next(r for r in judgement.reasons if r.code == code)


def test_the_new_user_message_names_its_own_figures_and_asks_only_for_contacts():
    v = visit(EXAMPLE)
    assert v.value == "low"
    assert codes(v) == [
        "specific_time", "no_agency", "message_some_overdue", "message_moderate_amount", "base_rate",
        "estimate_only",
    ]
    days, owed = by_code(v, "message_some_overdue"), by_code(v, "message_moderate_amount")
    assert days.text["zh"].startswith("短信自称“已逾期68天”（未经你确认）")
    assert days.text["en"].startswith("The message says “已逾期68天” (not confirmed by you)")
    assert days.spans[0].text == "已逾期68天"
    assert owed.text["zh"].startswith("短信说欠款12800元（未经你确认）")
    assert "12800 yuan" in owed.text["en"] and "not confirmed by you" in owed.text["en"]
    # The advice asks only for what is still unknown: the message already gave days and amount.
    base = by_code(v, "base_rate").text
    assert "填写被联系次数" in base["zh"] and "逾期天数" not in base["zh"] and "欠款金额" not in base["zh"]
    assert "Add the number of contacts" in base["en"] and "days overdue" not in base["en"]


def test_long_default_and_large_debt_from_the_message_raise_to_medium_with_a_named_agency():
    v = visit(LONG_LARGE)
    assert v.value == "medium"
    got = codes(v)
    assert {"named_agency", "message_long_default", "message_large_amount", "address_unasked"} <= set(got)
    # Less trust than the borrower's own figure: 200 days from the message counts 1 point, not 2.
    assert by_code(v, "message_long_default").weight == 1
    assert by_code(v, "message_large_amount").weight == 1
    assert "分量比你自己填写的低" in by_code(v, "message_long_default").text["zh"]


def test_the_message_s_figures_alone_never_make_a_visit_high():
    ctx = Context(contacts=15, address_known=True, lender_type="bank")
    v = visit(LONG_LARGE, ctx)
    assert v.value == "medium"
    assert "message_long_default" in codes(v) and "message_large_amount" in codes(v)
    # The same figures given by the borrower are trusted in full.
    mine = Context(days_overdue=200, owed=Decimal(86000), contacts=15, address_known=True, lender_type="bank")
    v = visit(LONG_LARGE, mine)
    assert v.value == "high"
    assert "long_default" in codes(v) and not any(c.startswith("message_") for c in codes(v))


def test_a_short_small_debt_stated_in_the_message_keeps_the_visit_low():
    v = visit(SHORT_SMALL)
    assert v.value == "low"
    assert {"message_short_overdue", "message_small_amount"} <= set(codes(v))
    assert "短信自称“已逾期3天”" in by_code(v, "message_short_overdue").text["zh"]
    assert "800" in by_code(v, "message_small_amount").text["en"]


def test_a_short_small_debt_in_the_message_lowers_what_the_borrower_s_other_facts_raise():
    # Named agency, many contacts, address known and a small-loan company add up to medium, but a
    # collector saying "3 days, 800 yuan" has no reason to understate: the visit stays low.
    ctx = Context(contacts=15, address_known=True, lender_type="small_loan")
    v = visit(SHORT_SMALL, ctx)
    assert v.value == "low"
    assert {"message_short_overdue", "message_small_amount"} <= set(codes(v))


def test_the_borrower_s_figures_win_and_the_message_s_are_mentioned_when_they_differ():
    v = visit(EXAMPLE, Context(days_overdue=20))
    assert v.value == "low"
    got = codes(v)
    assert "short_overdue" in got and "message_some_overdue" not in got
    short = by_code(v, "short_overdue").text
    assert "只逾期20天" in short["zh"] and "短信写的是“已逾期68天”，这里按你填写的数字" in short["zh"]
    assert "Only 20 days overdue" in short["en"] and "your figure is used" in short["en"]
    # The amount the borrower did not give still comes from the message.
    assert "message_moderate_amount" in got


def test_the_borrower_s_long_default_overrides_a_message_s_short_claim():
    v = visit(SHORT_SMALL, Context(days_overdue=200, owed=Decimal(60000)))
    got = codes(v)
    assert "message_short_overdue" not in got and "message_small_amount" not in got
    assert "long_default" in got and "large_amount" in got
    assert v.value == "medium"
    assert "短信写的是“800元”" in by_code(v, "large_amount").text["zh"]


def test_same_figure_from_both_needs_no_note():
    v = visit(EXAMPLE, Context(days_overdue=68, owed=Decimal(12800)))
    assert "短信写的是" not in " ".join(r.text["zh"] for r in v.reasons)
    assert "some_overdue" in codes(v) and "moderate_amount" in codes(v)


@pytest.mark.parametrize(
    "text",
    [
        SEED,  # 已逾期 with no number
        "您的借款已严重逾期，我们将安排人员上门核实。",  # vague
        "如逾期超过30天，我们将安排人员上门核实。",  # a condition, not a fact
        "【催收中心】X先生，您在XX贷欠款XX元已逾期XX天，现已安排人员上门催收，请勿自误。",  # masked
    ],
)
def test_no_stated_figure_leaves_the_estimate_unchanged(text):
    v = visit(text)
    assert v.value == "low"
    assert not any(c.startswith("message_") for c in codes(v))
    base = by_code(v, "base_rate").text
    assert base["zh"] == "正规贷款机构很少真的上门：成本高，在法律上也有争议。填写逾期天数、欠款金额、被联系次数可以得到更准的估计。"


def test_only_the_missing_figure_is_asked_for():
    v = visit("您的借款已逾期68天，我司已安排外访人员于本周六上门核实。")
    base = by_code(v, "base_rate").text
    assert "填写欠款金额、被联系次数" in base["zh"]
    assert "Add the amount owed and the number of contacts" in base["en"]


def test_the_largest_owed_amount_is_the_debt():
    v = visit("您的借款已逾期68天，本金10000元，本息共计52000元，我司已安排外访人员于本周六上门核实。")
    assert "52000" in by_code(v, "message_large_amount").text["zh"]


def test_json_names_the_message_s_figures_in_english(run_cli):
    code, out, err = run_cli("analyze", "--json", "--lang", "en", "--received-at", "2025-02-26T10:00+08:00", EXAMPLE)
    assert code == 0, err
    reasons = json.loads(out)["verdict"]["visit_credibility"]["reasons"]
    texts = {r["code"]: r["text"]["en"] for r in reasons}
    assert texts["message_some_overdue"].startswith("The message says “已逾期68天” (not confirmed by you)")
    assert "Add the number of contacts" in texts["base_rate"]


def test_an_address_written_out_in_the_message_counts_and_is_named():
    from datetime import datetime

    from dunguard import Message, analyze
    from dunguard.model import Context

    text = "你的借款已逾期，我们知道你住XX花园3栋1202，明天上门核实"
    at = datetime.fromisoformat("2026-12-07T14:30+08:00")
    plain = analyze(Message(text, received_at=at), with_plan=False).verdict.visit_credibility
    assert any(r.code == "message_address" and "XX花园3栋1202" in r.text["zh"] for r in plain.reasons)
    # with a very long default the written-out address tips the estimate to medium
    ctx = Context(days_overdue=200, owed=None)
    told = analyze(Message(text, received_at=at), ctx, with_plan=False).verdict.visit_credibility
    without = analyze(Message("你的借款已逾期，明天上门核实", received_at=at), ctx, with_plan=False).verdict.visit_credibility
    assert (told.value, without.value) == ("medium", "low")
    # the borrower's own word on the address replaces the message's
    own = analyze(Message(text, received_at=at), Context(address_known=False), with_plan=False).verdict
    assert not any(r.code == "message_address" for r in own.visit_credibility.reasons)
