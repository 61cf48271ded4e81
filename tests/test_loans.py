"""True rate (IRR / XIRR), advertised-rate parsing and affordable plans, checked against figures
computed independently (a plain bisection written here, and published spreadsheet examples)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from dunguard import loans as L
from dunguard.errors import BadInput


def bisect_monthly_irr(received: float, payments: list[float]) -> float:
    """Independent reference: plain bisection on the present value, no scipy."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        pv = sum(p / (1 + mid) ** (i + 1) for i, p in enumerate(payments))
        lo, hi = (mid, hi) if pv > received else (lo, mid)
    return (lo + hi) / 2


def test_9000_received_12_payments_of_1000():
    # Spreadsheet RATE(12, -1000, 9000) = 4.7296 % a month: 1000 * (1 - 1.047296^-12) / 0.047296 = 9000.
    r = L.rate_regular(D(9000), [D(1000)] * 12)
    assert r.method == "irr_monthly"
    assert abs(float(r.periodic) - 0.047296) < 5e-7
    assert L.pct(r.nominal_annual) == "56.75%"  # 4.7296 % x 12
    assert L.pct(r.effective_annual) == "74.11%"  # 1.047296^12 - 1
    assert r.cost == D(3000)


def test_classic_fee_taken_up_front():
    # 10,000 borrowed at 1 %/month over 12 months -> payment 10000*0.01/(1-1.01^-12) = 888.49.
    # A fee of 1,000 taken at payout leaves 9,000 in hand. Solving 9000 = 888.49 * a(12, r) by
    # bisection gives r = 2.7084 %/month. Check by hand: ln(1.027084) = 0.026724, x12 = 0.32069,
    # e^-0.32069 = 0.72564, (1 - 0.72564) / 0.027084 = 10.130, and 888.49 x 10.130 = 9000.
    # So 32.50 % a year instead of the 12 % the contract shows.
    payment = D("888.49")
    r = L.rate_regular(D(9000), [payment] * 12)
    ref = bisect_monthly_irr(9000, [888.49] * 12)
    assert abs(float(r.periodic) - ref) < 1e-9
    assert abs(ref - 0.027084) < 5e-6
    assert L.pct(r.nominal_annual) == "32.50%"


def test_monthly_fee_rate_looks_like_18_but_is_about_32():
    nominal = L.parse_nominal("月费率1.5%")
    assert nominal.fee and nominal.period == "monthly"
    assert nominal.annual_simple == D("0.18")
    payments = L.schedule_from_nominal(D(12000), nominal, 12)
    assert payments == [D("1180.00")] * 12  # 1000 principal + 180 fee on the original 12,000
    r = L.rate_regular(D(12000), payments)
    assert abs(float(r.periodic) - bisect_monthly_irr(12000, [1180.0] * 12)) < 1e-9
    assert L.pct(r.nominal_annual) == "31.72%"
    assert L.pct(r.effective_annual) == "36.76%"


def test_xirr_matches_the_spreadsheet_reference():
    # The XIRR example in spreadsheet documentation: -10000 on 2008-01-01, then 2750 (2008-03-01),
    # 4250 (2008-10-30), 3250 (2009-02-15), 2750 (2009-04-01) -> 0.373362535.
    schedule = [
        (date(2008, 3, 1), D(2750)),
        (date(2008, 10, 30), D(4250)),
        (date(2009, 2, 15), D(3250)),
        (date(2009, 4, 1), D(2750)),
    ]
    r = L.rate_schedule(D(10000), schedule, received_on=date(2008, 1, 1))
    assert r.method == "xirr"
    assert abs(float(r.effective_annual) - 0.373362535) < 1e-8
    # The nominal figure is the monthly equivalent x 12, lower than the effective rate.
    assert r.nominal_annual < r.effective_annual


def test_xirr_on_a_regular_schedule_agrees_with_irr():
    start = date(2025, 1, 15)
    schedule = [(L.add_months(start, i + 1), D(1000)) for i in range(12)]
    x = L.rate_schedule(D(9000), schedule, received_on=start)
    irr = L.rate_regular(D(9000), [D(1000)] * 12)
    # Calendar months are not exactly 1/12 year, so only close.
    assert abs(x.nominal_annual - irr.nominal_annual) < D("0.01")


def test_a_seven_day_loan_is_rated_over_seven_days_not_a_month():
    # 1400 received, 2000 repaid a week later: 42.9 % a week, thousands of percent a year.
    r = L.rate_schedule(D(1400), [(date(2026, 12, 13), D(2000))], received_on=date(2026, 12, 6))
    assert r.period_days == 7
    assert D(20) < r.nominal_annual < D(25)  # 600/1400 x 365/7 = 2234.7 %
    assert L.pct(r.nominal_annual) == "2,234.69%"
    assert r.effective_annual > D(10000)


def test_a_single_repayment_needs_the_payout_day():
    with pytest.raises(BadInput) as e:
        L.rate_schedule(D(1400), [(date(2026, 12, 13), D(2000))])
    assert e.value.key == "loan_need_received_on"


def test_a_fortnightly_schedule_assumes_one_interval_before_the_first_payment():
    r = L.rate_schedule(D(1400), [(date(2026, 12, 20), D(800)), (date(2027, 1, 3), D(800))])
    assert r.assumed_received_on and r.received_on == date(2026, 12, 6)
    assert r.period_days == 14


def test_no_solution_cases_are_clear_errors():
    with pytest.raises(BadInput) as e:
        L.rate_regular(D(12000), [D(1000)] * 12)  # pays back exactly what was received
    assert e.value.key == "loan_never_repaid"
    with pytest.raises(BadInput) as e:
        L.rate_regular(D(20000), [D(1000)] * 12)
    assert e.value.key == "loan_never_repaid"
    with pytest.raises(BadInput) as e:
        # 1 yuan becomes 100 million the next day: no rate inside the search bracket.
        L.rate_schedule(D(1), [(date(2025, 1, 2), D(100_000_000))], received_on=date(2025, 1, 1))
    assert e.value.key == "loan_no_solution"


def test_schedule_dates_out_of_order():
    with pytest.raises(BadInput) as e:
        L.rate_schedule(D(1000), [(date(2025, 3, 1), D(600)), (date(2025, 2, 1), D(600))])
    assert e.value.key == "loan_schedule_order"
    with pytest.raises(BadInput):
        L.rate_schedule(D(1000), [(date(2025, 1, 1), D(1200))], received_on=date(2025, 2, 1))


@pytest.mark.parametrize(
    ("text", "period", "rate", "annual"),
    [
        ("日息0.05%", "daily", "0.0005", "0.1825"),
        ("日利率万分之五", "daily", "0.0005", "0.1825"),
        ("日利率万分之5", "daily", "0.0005", "0.1825"),
        ("月费率1.5%", "monthly", "0.015", "0.18"),
        ("月息2分", "monthly", "0.02", "0.24"),
        ("月息1分5厘", "monthly", "0.015", "0.18"),
        ("年息1分", "annual", "0.1", "0.1"),
        ("年化24%", "annual", "0.24", "0.24"),
        ("日息千分之一", "daily", "0.001", "0.365"),
        ("daily 0.05%", "daily", "0.0005", "0.1825"),
    ],
)
def test_parse_nominal(text, period, rate, annual):
    n = L.parse_nominal(text)
    assert (n.period, n.rate, n.annual_simple) == (period, D(rate), D(annual))


@pytest.mark.parametrize("text", ["", "便宜", "日息", "月息0%", "0.05%"])
def test_parse_nominal_rejects(text):
    with pytest.raises(BadInput):
        L.parse_nominal(text)


def test_interest_rate_nominal_is_amortised_on_the_balance():
    # 月息1% on 10,000 over 12 months = the 888.49 payment of the classic case; its IRR is 1 %.
    payments = L.schedule_from_nominal(D(10000), L.parse_nominal("月息1分"), 12)
    assert payments[0] == D("888.49")
    r = L.rate_regular(D(10000), payments)
    assert abs(float(r.periodic) - 0.01) < 2e-6


@pytest.mark.parametrize(
    ("value", "expected"), [("12x1000", (12, D(1000))), ("6×1,200.50", (6, D("1200.50"))), (" 3*99 ", (3, D(99)))]
)
def test_parse_installments(value, expected):
    assert L.parse_installments(value) == expected


@pytest.mark.parametrize("value", ["12", "x1000", "0x100", "12x0", "12x-5", "200x10", "twelve"])
def test_parse_installments_rejects(value):
    with pytest.raises(BadInput):
        L.parse_installments(value)


def test_add_months_clamps_to_month_end():
    assert L.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert L.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert L.add_months(date(2025, 3, 26), -1) == date(2025, 2, 26)


def test_read_schedule(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount,note\n2025-02-10,3000,first\n2025/04/01,\"1,500\",\n\n2025-07-15,1200,\n", encoding="utf-8")
    assert L.read_schedule(p) == [(date(2025, 2, 10), D(3000)), (date(2025, 4, 1), D(1500)), (date(2025, 7, 15), D(1200))]


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ("when,amount\n2025-01-01,100\n", "loan_schedule_columns"),
        ("date\n2025-01-01\n", "loan_schedule_columns"),
        ("date,amount\n2025-01-01,abc\n", "loan_schedule_row"),
        ("date,amount\n2025-02-30,100\n", "loan_schedule_row"),
        ("date,amount\n2025-01-01,-100\n", "loan_schedule_row"),
        ("date,amount\n", "loan_schedule_empty"),
    ],
)
def test_read_schedule_rejects(tmp_path, content, key):
    p = tmp_path / "s.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput) as e:
        L.read_schedule(p)
    assert e.value.key == key


# --- plan ---------------------------------------------------------------------------------


def test_plan_marks_affordable_terms():
    plan = L.make_plan(D(12500), D(6000), D(4200), [6, 12, 24])
    assert plan.free == D(1800) and plan.budget == D(900)
    by_n = {o.months: o for o in plan.options}
    assert by_n[6].monthly == D("2083.34") and not by_n[6].affordable
    assert by_n[12].monthly == D("1041.67") and not by_n[12].affordable
    assert by_n[24].monthly == D("520.84") and by_n[24].affordable
    assert plan.min_months == 14  # 12500 / 900 = 13.9
    assert plan.extension is not None and plan.extension.pause_months == L.EXTENSION_MONTHS
    assert plan.extension.affordable
    # n payments rounded up to the cent always cover the debt.
    assert all(o.monthly * o.months >= plan.owed for o in plan.options)


def test_plan_threshold_is_inclusive():
    exact = L.make_plan(D(10800), D(3000), D(1200), [12]).options[0]  # 900 of 1800 free
    assert exact.monthly == D(900) and exact.affordable
    over = L.make_plan(D("10800.12"), D(3000), D(1200), [12]).options[0]
    assert over.monthly == D("900.01") and not over.affordable


def test_plan_with_nothing_left():
    plan = L.make_plan(D(12500), D(3000), D(4200), [6, 12, 24])
    assert not any(o.affordable for o in plan.options)
    assert plan.extension is None and plan.min_months is None
    assert all(o.share is None for o in plan.options)


@pytest.mark.parametrize("value", ["0", "6,0", "abc", "121", "", "6;12"])
def test_parse_months_rejects(value):
    with pytest.raises(BadInput):
        L.parse_months(value)


@pytest.mark.parametrize("value", ["-1", "0", "abc", "1e400", "NaN", "Infinity"])
def test_amounts_refused(value):
    with pytest.raises(BadInput):
        L.parse_amount(value, "--received")


def test_extreme_figures_are_a_sentence_not_a_crash():
    # 120 payments of 100 million for 1 yuan: the bracket search tries huge rates; no overflow.
    with pytest.raises(BadInput) as e:
        L.rate_regular(D(1), [D(100_000_000)] * 120)
    assert e.value.key == "loan_no_solution"
    with pytest.raises(BadInput):
        L.rate_schedule(D("0.01"), [(L.add_months(date(2025, 1, 1), i + 1), D(99_999_999)) for i in range(120)],
                        received_on=date(2025, 1, 1))
    # Large but sane: 100 million received, 120 x 100 million -> 100 % a month.
    r = L.rate_regular(D(100_000_000), [D(100_000_000)] * 120)
    assert abs(float(r.periodic) - 1.0) < 1e-9


# --- found by a new-user test ------------------------------------------------------------------


def _monthly(n: int, amount: D, first: date) -> list[tuple[date, D]]:
    return [(L.add_months(first, i), amount) for i in range(n)]


@pytest.mark.parametrize(("arrived", "nominal", "effective"),
                         [(date(2024, 12, 26), "42.40%", "51.70%"), (date(2025, 3, 20), "65.51%", "89.24%")])
def test_installments_with_an_arrival_date_are_rated_from_the_dated_flows(arrived, nominal, effective):
    r = L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2025, 3, 26), received_on=arrived)
    assert (r.method, L.pct(r.nominal_annual), L.pct(r.effective_annual)) == ("xirr", nominal, effective)
    assert r.received_on == arrived and not r.assumed_received_on
    same = L.rate_schedule(D(9000), _monthly(12, D(1000), date(2025, 3, 26)), received_on=arrived)
    assert r == same


def test_installments_arriving_one_month_before_keep_the_monthly_irr():
    r = L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2025, 3, 26), received_on=date(2025, 2, 26))
    assert r.method == "irr_monthly" and L.pct(r.nominal_annual) == "56.75%" and not r.assumed_received_on


@pytest.mark.parametrize(("arrived", "key"), [(date(2025, 4, 20), "loan_arrival_after_due"),
                                               (date(2025, 3, 26), "loan_arrival_on_due")])
def test_installments_arriving_on_or_after_the_first_payment_are_refused(arrived, key):
    with pytest.raises(BadInput) as e:
        L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2025, 3, 26), received_on=arrived)
    assert e.value.key == key


def test_payments_sharing_a_day_are_one_repayment_date():
    r = L.rate_schedule(D(1000), [(date(2025, 3, 1), D(500)), (date(2025, 3, 1), D(600))],
                        received_on=date(2025, 2, 1))
    assert r.period_days == 365 / 12  # one 28-day term, not two 14-day periods
    with pytest.raises(BadInput) as e:  # one repayment day and no arrival day: the term is unknown
        L.rate_schedule(D(1000), [(date(2025, 3, 1), D(500)), (date(2025, 3, 1), D(600))])
    assert e.value.key == "loan_need_received_on"


def test_claims_counted_to_a_day_before_the_money_arrived_are_refused():
    rate = L.rate_regular(D(9000), [D(1000)] * 12, first_due=date(2024, 7, 1))
    with pytest.raises(BadInput) as e:
        L.check_loan(rate, "private", date(2024, 6, 1), {"interest": D(100)}, as_of=date(2024, 1, 1))
    assert e.value.key == "loan_as_of_before_arrival"
    assert "2024-01-01 早于到账日期 2024-06-01" in e.value.render("zh")


@pytest.mark.parametrize("text", ["千分之一", "万分之五", "0.05%", "1分"])
def test_a_rate_without_a_period_is_asked_for_not_guessed(text):
    with pytest.raises(BadInput) as e:
        L.parse_nominal(text)
    assert e.value.key == "loan_nominal_no_period"


@pytest.mark.parametrize(("value", "expected"), [("consumer_finance", "consumer-finance"),
                                                  ("consumer-finance", "consumer-finance"),
                                                  ("small_loan", "small-loan"), (" Bank ", "bank")])
def test_lender_type_spellings(value, expected):
    assert L.parse_lender_type(value) == expected
    rate = L.rate_regular(D(9000), [D(1000)] * 12)
    assert L.check_loan(rate, value, date(2024, 6, 1)).lender_type == expected
