"""Legal lines as data: the LPR table, the lines by lender type and contract date, and the part
of a loan's cost or of the claimed charges that lies above each line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from dunguard import loans as L
from dunguard.errors import BadData, BadInput


def ids(chk):
    return [r.line.id for r in chk.results]


def by_id(chk, line_id):
    return next(r for r in chk.results if r.line.id == line_id)


def test_lpr_table_is_consistent_and_sourced():
    table = L.load_lpr()
    assert table[0].month == "2019-08" and table[0].one_year == D("4.25")
    for fx in table:
        assert fx.retrieved
        if fx.verified:
            assert fx.source and fx.source.startswith("http")
    assert any(not fx.verified for fx in table), "unverified values must stay marked"


@pytest.mark.parametrize(
    ("signed", "value"),
    [
        (date(2024, 10, 20), "3.35"),  # the day before the 2024-10-21 cut
        (date(2024, 10, 21), "3.10"),  # the day of the cut
        (date(2025, 5, 19), "3.10"),
        (date(2025, 5, 20), "3.00"),
        (date(2020, 4, 19), "4.05"),
        (date(2020, 4, 20), "3.85"),
        (date(2019, 8, 20), "4.25"),
    ],
)
def test_lpr_in_force_on_signing_day(signed, value):
    fx, stale = L.lpr_on(signed)
    assert fx.one_year == D(value)
    assert not stale


def test_lpr_before_the_table_and_after_it():
    with pytest.raises(BadInput) as e:
        L.lpr_on(date(2019, 8, 19))
    assert e.value.key == "loan_no_lpr"
    last = L.load_lpr()[-1]
    fx, stale = L.lpr_on(L.add_months(last.date, 3))
    assert fx is last and stale


def test_private_cap_is_four_times_lpr_at_contract_date():
    rate = L.rate_regular(D(9000), [D(1000)] * 12)  # 56.75 %
    before = L.check_loan(rate, "private", date(2024, 10, 20))
    after = L.check_loan(rate, "private", date(2024, 10, 21))
    assert by_id(before, "private_4x_lpr").annual == D("0.134")
    assert by_id(after, "private_4x_lpr").annual == D("0.124")
    assert by_id(after, "private_4x_lpr").crossed
    # Licensed-lender lines never apply to private lending.
    assert "financial_24" not in ids(after)


def test_private_loans_before_2020_08_20_use_the_old_24_36_rule():
    rate = L.rate_regular(D(9000), [D(1000)] * 12)
    chk = L.check_loan(rate, "private", date(2020, 8, 19))
    assert {"private_2015_24", "private_2015_36"} <= set(ids(chk))
    assert "private_4x_lpr" not in ids(chk)
    chk = L.check_loan(rate, "private", date(2020, 8, 20))
    assert "private_4x_lpr" in ids(chk) and "private_2015_24" not in ids(chk)


def test_licensed_lenders_are_not_held_to_four_times_lpr():
    rate = L.rate_regular(D(9000), [D(1000)] * 12)
    for kind in ("bank", "consumer-finance", "small-loan", "platform"):
        chk = L.check_loan(rate, kind, date(2024, 6, 1))
        assert "private_4x_lpr" not in ids(chk)
        assert chk.scope is not None and chk.scope["confidence"] == "V"


def test_confidence_marks_match_regulations_md():
    lines = {line.id: line for line in L.load_caps().lines}
    assert lines["private_4x_lpr"].confidence == "V"
    assert lines["financial_24"].confidence == "U"  # 金融审判意见 2017: text not read
    assert lines["zhudai_24"].confidence == "S"
    assert lines["small_loan_24"].confidence == "S"
    assert lines["illegal_36"].confidence == "S"


def _equal_payments(received: D, annual: float, n: int = 12) -> list[D]:
    r = annual / 12
    pay = float(received) * r / (1 - (1 + r) ** -n)
    return [D(repr(round(pay, 2)))] * n


@pytest.mark.parametrize(("annual", "crossed"), [(0.2390, False), (0.2410, True)])
def test_24_percent_boundary_both_sides(annual, crossed):
    rate = L.rate_regular(D(10000), _equal_payments(D(10000), annual))
    chk = L.check_loan(rate, "bank", date(2024, 6, 1))
    r = by_id(chk, "financial_24")
    assert r.crossed is crossed
    assert (r.cost_above is not None and r.cost_above > 0) is crossed
    assert not by_id(chk, "illegal_36").crossed


@pytest.mark.parametrize(("effective", "crossed"), [(0.3590, False), (0.3610, True)])
def test_36_percent_boundary_is_on_the_effective_rate(effective, crossed):
    # The line's own words (caps.yaml, regulations.md CN-RATE-09): 实际年利率 (含全部费用) above 36 %.
    nominal = ((1 + effective) ** (1 / 12) - 1) * 12
    rate = L.rate_regular(D(10000), _equal_payments(D(10000), nominal))
    r = by_id(L.check_loan(rate, "platform", date(2025, 11, 1)), "illegal_36")
    assert r.measure == "effective" and r.compared == rate.effective_annual
    assert r.crossed is crossed
    assert (r.cost_above is not None and r.cost_above > 0) is crossed


def test_a_loan_at_35_nominal_41_effective_crosses_the_36_line_and_no_24_line_uses_the_effective_rate():
    # 10,000 received, 12 x 1,000: 35.07 % nominal (IRR x 12), 41.30 % effective.
    rate = L.rate_regular(D(10000), [D(1000)] * 12)
    chk = L.check_loan(rate, "private", date(2024, 6, 1))
    assert by_id(chk, "illegal_36").crossed and by_id(chk, "illegal_36").compared == rate.effective_annual
    assert by_id(chk, "private_4x_lpr").measure == "nominal"
    assert by_id(chk, "private_4x_lpr").compared == rate.nominal_annual
    # Scaled down to 36 % effective, the same schedule costs about 1,766: the rest is above the line.
    assert D("200") < by_id(chk, "illegal_36").cost_above < D("260")


def test_each_line_is_compared_with_the_figure_its_own_text_names():
    for line in L.load_caps().lines:
        names_effective = "实际年利率" in line.effect["zh"]
        assert (L.line_measure(line) == "effective") is names_effective, line.id


def test_cost_above_a_line_is_the_gap_to_the_same_schedule_at_that_line():
    rate = L.rate_regular(D(10000), _equal_payments(D(10000), 0.30))
    chk = L.check_loan(rate, "bank", date(2024, 6, 1))
    r = by_id(chk, "financial_24")
    at_24 = sum(_equal_payments(D(10000), 0.24)) - D(10000)
    assert abs((rate.cost - r.cost_above) - at_24) < D("0.5")


def test_claimed_charges_above_each_line():
    rate = L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2024, 7, 1))  # received 2024-06-01
    chk = L.check_loan(rate, "platform", date(2024, 6, 1), {"interest": D(3000), "penalty": D(800)})
    assert chk.claim_days == 365
    fin = by_id(chk, "financial_24")
    assert fin.allowed_charges == D("2160.00")  # 9000 x 24 % x 365/365
    assert fin.claimed_above == D("1640.00")  # 3800 - 2160
    assert by_id(chk, "illegal_36").claimed_above == D("560.00")  # 3800 - 3240
    # The 助贷 notice is in force only for contracts from 2025-10-01: shown, marked not in force.
    assert not by_id(chk, "zhudai_24").in_force
    later = L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2025, 11, 1))
    assert by_id(L.check_loan(later, "platform", date(2025, 10, 1)), "zhudai_24").in_force


def test_claimed_charges_within_a_line():
    rate = L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2024, 7, 1))
    chk = L.check_loan(rate, "bank", date(2024, 6, 1), {"interest": D(1000)}, as_of=date(2025, 6, 1))
    assert by_id(chk, "financial_24").claimed_above == D(0)


def test_claims_need_dates():
    rate = L.rate_regular(D(9000), [D(1000)] * 12)
    with pytest.raises(BadInput) as e:
        L.check_loan(rate, "bank", date(2024, 6, 1), {"interest": D(100)})
    assert e.value.key == "loan_need_dates"


def test_unknown_lender_type():
    rate = L.rate_regular(D(9000), [D(1000)] * 12)
    with pytest.raises(BadInput):
        L.check_loan(rate, "loan-shark", date(2024, 6, 1))


def test_malformed_lpr_table_is_refused(tmp_path):
    p = tmp_path / "lpr.yaml"
    p.write_text(
        "fixings:\n"
        "  - {month: '2024-01', date: 2024-01-22, one_year: '3.45', source: http://x, retrieved: 2026-11-29, verified: true}\n"
        "  - {month: '2024-03', date: 2024-03-20, one_year: '3.45', source: http://x, retrieved: 2026-11-29, verified: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(BadData):
        L.load_lpr.__wrapped__(p)
    p.write_text(
        "fixings:\n"
        "  - {month: '2024-01', date: 2024-01-22, one_year: '3.45', source: null, retrieved: 2026-11-29, verified: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(BadData):
        L.load_lpr.__wrapped__(p)


def test_malformed_caps_are_refused(tmp_path):
    p = tmp_path / "caps.yaml"
    p.write_text("lines:\n  - {id: x, rate: '24', lpr_multiple: '4', lender_types: [bank], confidence: V}\n",
                 encoding="utf-8")
    with pytest.raises(BadData):
        L.load_caps.__wrapped__(p)
