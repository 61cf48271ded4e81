"""The loan itself: its true annual rate, the legal lines it crosses, and a plan the borrower can afford.

Money is Decimal throughout; only the root finding works in floats (scipy's brentq on the
net present value), and its result is turned back into a Decimal rounded for display.

Rates, in the words used on screen:
- 年化利率 (IRR x 12, "nominal annual"): the monthly internal rate of return times 12. This is the
  figure the 2021 PBOC announcement asks lenders to show (regulations.md A3, CN-APR-01, S) and the
  one compared with every legal line that speaks of a 年利率 or 综合年化成本.
- 实际年利率 (compounded, "effective annual"): (1 + monthly IRR)^12 - 1, compared with the line that
  names it (非法放贷意见, 36 %; see EFFECTIVE_RULES).
Dated schedules use XIRR (actual/365), an effective annual rate. Their nominal figure is the IRR of
one repayment period times the periods in a year: a month when payments are a month or more apart
(so both kinds of schedule read the same way), the real interval for short loans, so a 7-day loan
is rated over 7 days and never treated as a month.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from dunguard.errors import BadData, BadInput, Text, register_messages

DATA = Path(__file__).parent / "data"
LPR_PATH = DATA / "lpr.yaml"
CAPS_PATH = DATA / "caps.yaml"

LENDER_TYPES = ("bank", "consumer-finance", "small-loan", "platform", "private")
CONFIDENCES = ("V", "S", "U")
FORCES = ("LAW", "REG", "STD", "SRO", "CRIME")

# Share of free income (income minus essential expenses) a repayment may take and still be
# called affordable. Half leaves the other half for the irregular essentials a budget misses
# (medicine, a rent rise, a broken phone); plans that take more tend to break at the first shock
# and put the borrower back in default, which helps neither side. See docs/loans.md.
AFFORDABLE_SHARE = Decimal("0.5")
# Months of pause asked for in the extension option.
EXTENSION_MONTHS = 3
MAX_MONTHS = 120
MAX_AMOUNT = Decimal("100000000")
MAX_SCHEDULE_ROWS = 1200
CENT = Decimal("0.01")

register_messages(
    {
        "loan_bad_amount": {
            "zh": "金额有误：{field} = {value}（必须是大于 0 的数字）",
            "en": "Invalid amount: {field} = {value} (must be a number above 0)",
        },
        "loan_bad_installments": {
            "zh": "分期写法有误：{value}（请写成 12x1000，即 12 期、每期 1000 元）",
            "en": "Cannot read installments: {value} (write 12x1000: 12 payments of 1000)",
        },
        "loan_bad_date": {
            "zh": "日期有误：{field} = {value}（请写成 2025-03-26）",
            "en": "Invalid date: {field} = {value} (use 2025-03-26)",
        },
        "loan_schedule_columns": {
            "zh": "还款计划 {path} 缺少列：{missing}（第一行应为 date,amount）",
            "en": "Schedule {path} lacks column(s): {missing} (the first line must be date,amount)",
        },
        "loan_schedule_row": {
            "zh": "还款计划 {path} 第 {line} 行有误：{reason}",
            "en": "Schedule {path}, line {line}: {reason}",
        },
        "loan_schedule_empty": {"zh": "还款计划 {path} 没有任何还款", "en": "Schedule {path} has no payments"},
        "loan_schedule_order": {
            "zh": "还款计划的日期顺序不对：{when} 早于前一笔还款（{prev}）",
            "en": "Schedule dates out of order: {when} is before the previous payment ({prev})",
        },
        "loan_arrival_after_due": {
            "zh": "日期顺序不对：到账日期 {start} 晚于第一笔还款日 {when}（钱先到账，之后才还款）",
            "en": "Dates out of order: the money arrived on {start}, after the first payment on {when} (the money "
            "arrives first, the payments come after)",
        },
        "loan_arrival_on_due": {
            "zh": "日期顺序不对：第一笔还款日 {when} 就是到账日期（当天就扣回的钱请从到手金额里减掉，不要算作一笔还款）",
            "en": "Dates out of order: the first payment ({when}) is on the day the money arrived (money taken back "
            "that day belongs in the amount received, not in the payments)",
        },
        "loan_signed_after_due": {
            "zh": "日期顺序不对：签约日期 {signed} 晚于第一笔还款日 {when}",
            "en": "Dates out of order: the contract date {signed} is after the first payment on {when}",
        },
        "loan_signed_after_arrival": {
            "zh": "日期顺序不对：签约日期 {signed} 晚于到账日期 {start}",
            "en": "Dates out of order: the contract date {signed} is after the day the money arrived ({start})",
        },
        "loan_as_of_before_arrival": {
            "zh": "日期顺序不对：费用计算截止日期 {as_of} 早于到账日期 {start}{assumed}：钱到账之前不会产生利息或费用",
            "en": "Dates out of order: the claimed charges run to {as_of}, before the money arrived on {start}"
            "{assumed}; nothing accrues before the money arrives",
        },
        "loan_assumed_arrival": {
            "zh": "（按第一期还款前一个月推定）",
            "en": " (taken as one month before the first payment)",
        },
        "loan_fee_exceeds_principal": {
            "zh": "预先扣除的费用 {fee} 元不少于借款金额 {principal} 元：到手金额 = 借款金额 − 预扣费用，必须大于 0",
            "en": "The fee taken up front ({fee} yuan) is not less than the loan amount ({principal} yuan): the amount "
            "received is the loan amount minus that fee, and must be above 0",
        },
        "loan_one_payment_kind": {
            "zh": "--installments、--schedule 和 --nominal 只能给一个",
            "en": "Give only one of --installments, --schedule and --nominal",
        },
        "loan_too_many_rows": {"zh": "行数太多（上限 {limit} 行）", "en": "too many rows (at most {limit})"},
        "loan_no_payments": {
            "zh": "请给出还款方式：--installments 12x1000、--schedule 文件，或 --nominal 加 --months",
            "en": "Give the repayments: --installments 12x1000, --schedule FILE, or --nominal with --months",
        },
        "loan_never_repaid": {
            "zh": "还款总额 {paid} 元没有超过到手金额 {received} 元：这笔借款没有成本，算不出利率",
            "en": "The payments ({paid} yuan) never exceed what was received ({received} yuan): there is no cost to turn into a rate",
        },
        "loan_need_received_on": {
            "zh": "只有一个还款日时，请用 --received-on 写明钱到账的日期：利率取决于借了几天",
            "en": "With a single repayment day, give the day the money arrived with --received-on: the rate depends on the days",
        },
        "loan_no_solution": {
            "zh": "这组现金流算不出年化利率（每期利率在 0 到 100000000% 之间都找不到解）：请检查金额和期数是否填错",
            "en": "No annual rate fits these cash flows (none between 0 and 100000000% per period): check the "
            "amounts and the number of payments",
        },
        "loan_bad_nominal": {
            "zh": "看不懂这个利率写法：{value}（例如 日息0.05%、日利率万分之五、月费率1.5%、月息2分、年化24%）",
            "en": "Cannot read this rate: {value} (e.g. 日息0.05%, 日利率万分之五, 月费率1.5%, 月息2分, 年化24%)",
        },
        "loan_nominal_no_period": {
            "zh": "这个利率没有写明是按日、按月还是按年：{value}（请写成 日息千分之一、月息千分之一 或 年化24% 这样）",
            "en": "This rate does not say whether it is per day, per month or per year: {value} (write 日息千分之一, "
            "月息千分之一 or 年化24%)",
        },
        "loan_need_principal": {
            "zh": "用 --nominal 计算时需要 --principal（合同借款金额）和 --months（期数）",
            "en": "--nominal needs --principal (the contract amount) and --months (number of payments)",
        },
        "loan_bad_lender_type": {
            "zh": "未知的放贷机构类型：{value}（可选：bank、consumer-finance、small-loan、platform、private）",
            "en": "Unknown lender type: {value} (one of bank, consumer-finance, small-loan, platform, private)",
        },
        "loan_need_dates": {
            "zh": "要计算费用是否超线，需要知道借款期间：请给出 --first-due 或 --received-on",
            "en": "To check claimed charges against the lines the loan period is needed: give --first-due or --received-on",
        },
        "loan_no_lpr": {
            "zh": "签约日期 {signed} 早于 LPR 表的第一期（{first}），无法确定一年期LPR",
            "en": "Signing date {signed} is before the first LPR fixing in the table ({first})",
        },
        "loan_bad_months": {
            "zh": "期数有误：{value}（请写 1 到 120 之间的整数，多个用逗号分隔，如 6,12,24）",
            "en": "Invalid months: {value} (whole numbers from 1 to 120, comma-separated, e.g. 6,12,24)",
        },
    }
)


# --- input parsing -------------------------------------------------------------------


def parse_amount(value: str | Decimal | int, fieldname: str, allow_zero: bool = False) -> Decimal:
    """A money amount from what a person types (1,000 / 1000.5 / ￥800); zero or negative is refused."""
    raw = str(value).strip().replace(",", "").replace("，", "").lstrip("¥￥").removesuffix("元")
    try:
        d = Decimal(raw)
    except InvalidOperation:
        raise BadInput("loan_bad_amount", field=fieldname, value=value) from None
    if not d.is_finite() or d < 0 or (d == 0 and not allow_zero) or d > MAX_AMOUNT:
        raise BadInput("loan_bad_amount", field=fieldname, value=value)
    return d


def parse_lender_type(value: str | None) -> str:
    """'consumer-finance', 'consumer_finance' or ' Consumer-Finance ' -> 'consumer-finance'.

    `dunguard analyze` and /api/analyze spell the kinds with underscores; a loan check reads both.
    """
    t = str(value or "").strip().lower().replace("_", "-")
    if t not in LENDER_TYPES:
        raise BadInput("loan_bad_lender_type", value=value)
    return t


def check_dates(
    first_due: date | None, received_on: date | None = None, signed: date | None = None
) -> None:
    """Refuse dates in an impossible order: the money arrives before the first payment, and the
    contract is signed no later than either. Each failure names both dates."""
    if first_due is not None and received_on is not None:
        if received_on > first_due:
            raise BadInput("loan_arrival_after_due", start=received_on, when=first_due)
        if received_on == first_due:
            raise BadInput("loan_arrival_on_due", when=first_due)
    if signed is not None:
        if first_due is not None and signed > first_due:
            raise BadInput("loan_signed_after_due", signed=signed, when=first_due)
        if received_on is not None and signed > received_on:
            raise BadInput("loan_signed_after_arrival", signed=signed, start=received_on)


def parse_date(value: str, fieldname: str) -> date:
    raw = value.strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日", raw)
    if m:
        y, mo, d = (int(x) for x in (m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)))
        try:
            return date(y, mo, d)
        except ValueError:
            pass
    raise BadInput("loan_bad_date", field=fieldname, value=value)


_INSTALLMENTS = re.compile(r"\s*(\d{1,3})\s*[xX×*]\s*([0-9][0-9,]*(?:\.\d+)?)\s*")


def parse_installments(value: str) -> tuple[int, Decimal]:
    """'12x1000' -> (12, Decimal('1000'))."""
    m = _INSTALLMENTS.fullmatch(value)
    if not m or not 1 <= int(m.group(1)) <= MAX_MONTHS:
        raise BadInput("loan_bad_installments", value=value)
    return int(m.group(1)), parse_amount(m.group(2), "--installments")


def add_months(d: date, n: int) -> date:
    """Same day n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def read_schedule(path: str | Path) -> list[tuple[date, Decimal]]:
    """A CSV with columns date,amount (one payment a row; header required, extra columns ignored)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput("file_not_found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput("file_unreadable", path=path, reason=type(exc).__name__) from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("date", "amount") if c not in header]
    if missing:
        raise BadInput("loan_schedule_columns", path=path, missing=",".join(missing))
    reader.fieldnames = header
    rows: list[tuple[date, Decimal]] = []
    for i, row in enumerate(reader, start=2):
        d_raw, a_raw = (row.get("date") or "").strip(), (row.get("amount") or "").strip()
        if not d_raw and not a_raw:
            continue
        try:
            when = parse_date(d_raw, "date")
            amount = parse_amount(a_raw, "amount")
        except BadInput as exc:
            raise BadInput("loan_schedule_row", path=path, line=i, reason=exc) from None
        rows.append((when, amount))
        if len(rows) > MAX_SCHEDULE_ROWS:
            raise BadInput("loan_schedule_row", path=path, line=i,
                           reason=Text("loan_too_many_rows", limit=MAX_SCHEDULE_ROWS))
    if not rows:
        raise BadInput("loan_schedule_empty", path=path)
    return rows


# --- advertised (nominal) rates ------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_PERIOD_WORDS = (("日", "daily"), ("天", "daily"), ("月", "monthly"), ("年", "annual"))
# 分 and 厘 depend on the period: 月息1分 = 1 %/month, 年息1分 = 10 %/year, 日息1分 = 0.1 %/day.
_FEN = {"daily": Decimal("0.001"), "monthly": Decimal("0.01"), "annual": Decimal("0.1")}
_PER_YEAR = {"daily": Decimal(365), "monthly": Decimal(12), "annual": Decimal(1)}


@dataclass(frozen=True, slots=True)
class Nominal:
    """A rate as the lender advertises it, and what it naively annualises to."""

    text: str
    period: str  # daily | monthly | annual
    rate: Decimal  # per period, as a fraction
    fee: bool  # 费率/手续费: charged on the original principal every period, not the balance

    @property
    def annual_simple(self) -> Decimal:
        """The advertised figure times periods a year: what the ad wants you to think (x365 for daily)."""
        return self.rate * _PER_YEAR[self.period]


def _number(s: str) -> Decimal:
    s = s.strip()
    if s in _CN_DIGITS:
        return Decimal(_CN_DIGITS[s])
    return Decimal(s)


def parse_nominal(text: str) -> Nominal:
    """Read 日息0.05%, 日利率万分之五, 月费率1.5%, 月息2分, 年化24%, 'daily 0.05%', 'monthly fee 1.5%'."""
    raw = text.strip().replace("％", "%").replace(" ", "")
    low = raw.lower()
    period = None
    for word, name in _PERIOD_WORDS:
        if word in raw:
            period = name
            break
    if period is None:
        for word, name in (("daily", "daily"), ("day", "daily"), ("month", "monthly"), ("annual", "annual"),
                           ("year", "annual"), ("apr", "annual")):
            if word in low:
                period = name
                break
    if period is None:
        # 千分之一 alone could be a day's, a month's or a year's rate: 36.5 %, 1.2 % or 0.1 % a year.
        # Guessing would make the comparison with the true rate meaningless, so the period is asked for.
        if re.search(r"[0-9一二两三四五六七八九十]|%", raw):
            raise BadInput("loan_nominal_no_period", value=text)
        raise BadInput("loan_bad_nominal", value=text)
    fee = any(w in raw for w in ("费率", "手续费", "服务费")) or "fee" in low
    rate: Decimal | None = None
    try:
        if m := re.search(r"万分之([0-9.]+|[一二两三四五六七八九十])", raw):
            rate = _number(m.group(1)) / Decimal(10000)
        elif m := re.search(r"千分之([0-9.]+|[一二两三四五六七八九十])", raw):
            rate = _number(m.group(1)) / Decimal(1000)
        elif m := re.search(r"([0-9]+(?:\.[0-9]+)?)%", raw):
            rate = Decimal(m.group(1)) / Decimal(100)
        elif m := re.search(r"([0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十])分(?:([0-9]|[一二三四五六七八九])厘)?", raw):
            rate = _number(m.group(1)) * _FEN[period]
            if m.group(2):
                rate += _number(m.group(2)) * _FEN[period] / 10
        elif m := re.search(r"([0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十])厘", raw):
            rate = _number(m.group(1)) * _FEN[period] / 10
    except InvalidOperation:
        rate = None
    if rate is None or rate <= 0 or rate >= 10:
        raise BadInput("loan_bad_nominal", value=text)
    return Nominal(text=text.strip(), period=period, rate=rate, fee=fee)


def schedule_from_nominal(principal: Decimal, nominal: Nominal, months: int) -> list[Decimal]:
    """Monthly payments implied by an advertised rate.

    A fee rate (月费率/手续费) is charged on the original principal every month: payment =
    principal/n + principal x fee. An interest rate is read as equal installments (等额本息) on the
    declining balance at the monthly rate (daily x 365 / 12, annual / 12).
    """
    if not 1 <= months <= MAX_MONTHS:
        raise BadInput("loan_bad_months", value=months)
    monthly = nominal.annual_simple / 12
    if nominal.fee:
        pay = principal / months + principal * monthly
        return [pay.quantize(CENT, ROUND_HALF_UP)] * months
    r = float(monthly)
    pay = Decimal(repr(float(principal) * r / (1 - (1 + r) ** -months)))
    return [pay.quantize(CENT, ROUND_HALF_UP)] * months


# --- true rate ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rate:
    """The true cost of a loan."""

    received: Decimal
    total_paid: Decimal
    method: str  # "irr_monthly" | "xirr"
    periodic: Decimal | None  # monthly IRR (irr_monthly only)
    nominal_annual: Decimal  # IRR per period x periods a year (a month, or a short loan's own interval)
    effective_annual: Decimal  # (1+r)^12 - 1, or XIRR
    payments: tuple[Decimal, ...]
    dates: tuple[date, ...] | None  # payment dates when known
    received_on: date | None
    assumed_received_on: bool = False
    period_days: float | None = None  # the repayment period the nominal rate is counted in (xirr)

    @property
    def cost(self) -> Decimal:
        return self.total_paid - self.received

    @property
    def term_days(self) -> int | None:
        if self.dates and self.received_on:
            return (self.dates[-1] - self.received_on).days
        return None


_BRACKET_LIMIT = 1e6
_MONTH_DAYS = 365 / 12


def _solve(npv: Any) -> float:
    """Find the rate where npv crosses zero: bracket [0, hi] doubling hi, then scipy's brentq.

    The npv functions discount with negative powers, which underflow to 0 instead of raising
    OverflowError when a huge rate is tried.
    """
    from scipy.optimize import brentq

    lo, hi = 0.0, 1.0
    f_lo = npv(lo)
    if f_lo <= 0:
        raise BadInput("loan_no_solution")
    while npv(hi) > 0:
        hi *= 2
        if hi > _BRACKET_LIMIT:
            raise BadInput("loan_no_solution")
    return float(brentq(npv, lo, hi, xtol=1e-14, rtol=1e-12, maxiter=500))


def _dec(x: float, places: int = 10) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _check_pays_back(received: Decimal, payments: Sequence[Decimal]) -> Decimal:
    total = sum(payments, Decimal(0))
    if total <= received:
        raise BadInput("loan_never_repaid", paid=total, received=received)
    return total


def rate_regular(
    received: Decimal, payments: Sequence[Decimal], first_due: date | None = None, received_on: date | None = None
) -> Rate:
    """Monthly payments one period apart (the first one month after the money arrived).

    When both the first due date and the day the money arrived are known and they are not exactly
    one month apart, the loan is rated from those dated cash flows instead (XIRR, as
    `rate_schedule`): a loan paid out three months before its first payment costs less than one
    paid out a week before, and equal periods would rate both the same.
    """
    check_dates(first_due, received_on)
    if first_due is not None and received_on is not None and received_on != add_months(first_due, -1):
        schedule = [(add_months(first_due, i), p) for i, p in enumerate(payments)]
        return rate_schedule(received, schedule, received_on=received_on)
    total = _check_pays_back(received, payments)
    flows = [float(p) for p in payments]
    rec = float(received)

    def npv(r: float) -> float:
        return -rec + sum(p * (1 + r) ** -(i + 1) for i, p in enumerate(flows))

    r = _solve(npv)
    dates = tuple(add_months(first_due, i) for i in range(len(payments))) if first_due else None
    assumed = False
    if first_due and received_on is None:
        received_on, assumed = add_months(first_due, -1), True
    return Rate(
        received=received,
        total_paid=total,
        method="irr_monthly",
        periodic=_dec(r),
        nominal_annual=_dec(r * 12),
        effective_annual=_dec((1 + r) ** 12 - 1),
        payments=tuple(payments),
        dates=dates,
        received_on=received_on,
        assumed_received_on=assumed,
    )


def rate_schedule(received: Decimal, schedule: Sequence[tuple[date, Decimal]], received_on: date | None = None) -> Rate:
    """XIRR (actual/365) for payments on given dates.

    The nominal annual rate is the IRR of one repayment period times the periods in a year, the
    method of the 2021 PBoC notice: a month for monthly schedules, the real interval for short loans
    (one payment 7 days after the money arrived is a 7-day period, never a month).
    """
    if not schedule:
        raise BadInput("loan_no_payments")
    assumed = received_on is None
    if assumed and len({d for d, _ in schedule}) == 1:
        # One repayment day and no payout day: the term, and so the rate, cannot be known.
        raise BadInput("loan_need_received_on")
    # Two payments on one day are legitimate (an installment and a fee, or a loan repaid in two
    # transfers); a date earlier than the one before it is a typing error.
    for (prev, _), (when, _) in zip(schedule, schedule[1:], strict=False):
        if when < prev:
            raise BadInput("loan_schedule_order", when=when, prev=prev)
    distinct = sorted({d for d, _ in schedule})
    if assumed:
        gap = (distinct[1] - distinct[0]).days if len(distinct) > 1 else 0
        start = distinct[0] - timedelta(days=gap) if 0 < gap < _MONTH_DAYS else add_months(distinct[0], -1)
    else:
        start = received_on
        check_dates(distinct[0], start)
    payments = [a for _, a in schedule]
    total = _check_pays_back(received, payments)
    days = [(d - start).days for d, _ in schedule]
    # A month for monthly schedules (the result then equals monthly IRR x 12), the real mean
    # interval for anything shorter. Payments sharing a day are one repayment date, not two periods.
    mean = days[-1] / len(distinct)
    period = _MONTH_DAYS if mean >= 28 else mean
    rec = float(received)
    steps = [t / period for t in days]
    flows = [float(a) for a in payments]

    def npv(y: float) -> float:
        return -rec + sum(p * (1 + y) ** -n for p, n in zip(flows, steps, strict=True))

    y = _solve(npv)
    try:
        effective = math.exp(math.log1p(y) * 365 / period) - 1
    except OverflowError:
        raise BadInput("loan_no_solution") from None
    return Rate(
        received=received,
        total_paid=total,
        method="xirr",
        periodic=None,
        nominal_annual=_dec(y * 365 / period),
        # Compounded over a year a short loan's rate is astronomic; kept exact, shown rounded.
        effective_annual=_dec(effective) if effective < 1e6 else Decimal(repr(effective)),
        payments=tuple(payments),
        dates=tuple(d for d, _ in schedule),
        received_on=start,
        assumed_received_on=assumed,
        period_days=period,
    )


def scaled_cost_at(rate: Rate, annual: Decimal, measure: str = "nominal") -> Decimal:
    """What the same schedule would cost at `annual`: payments scaled to fit.

    `annual` is a nominal rate (IRR x 12) or, with measure="effective", a compounded one.
    Scaling keeps the schedule's shape, so the difference from the real cost is the part of the
    cost above the line.
    """
    r = float(annual) / 12 if measure == "nominal" else (1 + float(annual)) ** (1 / 12) - 1
    if rate.method == "irr_monthly":
        disc = sum(float(p) * (1 + r) ** -(i + 1) for i, p in enumerate(rate.payments))
    else:
        assert rate.dates is not None and rate.received_on is not None
        x = (1 + r) ** 12 - 1
        disc = sum(
            float(p) * (1 + x) ** -((d - rate.received_on).days / 365)
            for p, d in zip(rate.payments, rate.dates, strict=True)
        )
    k = float(rate.received) / disc
    return (rate.total_paid * Decimal(repr(k)) - rate.received).quantize(CENT, ROUND_HALF_UP)


def pct(x: Decimal, places: int = 2) -> str:
    """0.350769 -> '35.08%'."""
    return f"{(x * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,}%"


def money(x: Decimal) -> str:
    return f"{x.quantize(CENT, ROUND_HALF_UP):,}"


# --- reference data: LPR and the lines -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fixing:
    month: str
    date: date
    one_year: Decimal  # percent, e.g. Decimal("3.45")
    source: str | None
    retrieved: str
    verified: bool
    note: str | None


def _yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise BadData("bad_data", path=path, reason=str(exc)) from exc


def _as_date(value: Any, path: Path, entry: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise BadData("bad_data", path=path, reason=f"{entry}: bad date {value!r}") from None


@functools.cache
def load_lpr(path: Path = LPR_PATH) -> tuple[Fixing, ...]:
    """The LPR table, validated: consecutive months, dates inside their month, ascending, plausible values."""
    raw = _yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("fixings"), list) or not raw["fixings"]:
        raise BadData("bad_data", path=path, reason="expected a mapping with a non-empty 'fixings' list")
    out: list[Fixing] = []
    for i, item in enumerate(raw["fixings"]):
        entry = f"fixings[{i}]"
        if not isinstance(item, dict):
            raise BadData("bad_data", path=path, reason=f"{entry}: not a mapping")
        month = str(item.get("month"))
        when = _as_date(item.get("date"), path, entry)
        if when.strftime("%Y-%m") != month:
            raise BadData("bad_data", path=path, reason=f"{entry}: date {when} is not in month {month}")
        try:
            value = Decimal(str(item.get("one_year")))
        except InvalidOperation:
            raise BadData("bad_data", path=path, reason=f"{entry}: one_year is not a number") from None
        if not Decimal("0.5") <= value <= Decimal("10"):
            raise BadData("bad_data", path=path, reason=f"{entry}: one_year {value} is implausible")
        if item.get("retrieved") is None or not isinstance(item.get("verified"), bool):
            raise BadData("bad_data", path=path, reason=f"{entry}: needs retrieved and verified")
        if item.get("verified") and not item.get("source"):
            raise BadData("bad_data", path=path, reason=f"{entry}: a verified value needs a source")
        if out:
            expected = add_months(out[-1].date.replace(day=1), 1).strftime("%Y-%m")
            if month != expected:
                raise BadData("bad_data", path=path, reason=f"{entry}: month {month} should be {expected}")
        out.append(
            Fixing(month, when, value, item.get("source"), str(item["retrieved"]), item["verified"], item.get("note"))
        )
    return tuple(out)


def lpr_on(signed: date) -> tuple[Fixing, bool]:
    """The fixing in force on a signing day, and whether the day is past the table's end.

    A fixing is valid from its announcement day until the next one, so a contract signed the
    day before a cut still uses the old rate.
    """
    table = load_lpr()
    if signed < table[0].date:
        raise BadInput("loan_no_lpr", signed=signed, first=table[0].date)
    current = table[0]
    for fx in table:
        if fx.date <= signed:
            current = fx
        else:
            break
    stale = current is table[-1] and signed >= add_months(table[-1].date.replace(day=1), 1)
    return current, stale


@dataclass(frozen=True, slots=True)
class Line:
    id: str
    rule: str
    rate: Decimal | None
    lpr_multiple: Decimal | None
    lender_types: tuple[str, ...]
    signed_from: date | None
    signed_until: date | None
    force: str
    document: str
    article: str | None
    issuer: str
    date: str
    confidence: str
    effect: dict[str, str]
    source: str | None
    retrieved: str


@dataclass(frozen=True, slots=True)
class Caps:
    lines: tuple[Line, ...]
    scope: dict[str, Any]


def _bi(value: Any, path: Path, entry: str, name: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("zh", "en")):
        raise BadData("bad_data", path=path, reason=f"{entry}: {name} needs zh and en")
    return {"zh": value["zh"], "en": value["en"]}


@functools.cache
def load_caps(path: Path = CAPS_PATH) -> Caps:
    raw = _yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("lines"), list):
        raise BadData("bad_data", path=path, reason="expected a mapping with a 'lines' list")
    lines: list[Line] = []
    for i, item in enumerate(raw["lines"]):
        entry = f"lines[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise BadData("bad_data", path=path, reason=f"{entry}: missing id")
        entry = item["id"]
        rate, mult = item.get("rate"), item.get("lpr_multiple")
        if (rate is None) == (mult is None):
            raise BadData("bad_data", path=path, reason=f"{entry}: give exactly one of rate and lpr_multiple")
        types = tuple(item.get("lender_types") or ())
        if not types or any(t not in LENDER_TYPES for t in types):
            raise BadData("bad_data", path=path, reason=f"{entry}: bad lender_types {list(types)}")
        if item.get("confidence") not in CONFIDENCES:
            raise BadData("bad_data", path=path, reason=f"{entry}: confidence must be V, S or U")
        if item.get("force") not in FORCES:
            raise BadData("bad_data", path=path, reason=f"{entry}: unknown force {item.get('force')!r}")
        if item.get("retrieved") is None or not item.get("document"):
            raise BadData("bad_data", path=path, reason=f"{entry}: needs document and retrieved")
        lines.append(
            Line(
                id=entry,
                rule=str(item.get("rule")),
                rate=Decimal(str(rate)) if rate is not None else None,
                lpr_multiple=Decimal(str(mult)) if mult is not None else None,
                lender_types=types,
                signed_from=_as_date(item["signed_from"], path, entry) if item.get("signed_from") else None,
                signed_until=_as_date(item["signed_until"], path, entry) if item.get("signed_until") else None,
                force=item["force"],
                document=item["document"],
                article=item.get("article"),
                issuer=str(item.get("issuer")),
                date=str(item.get("date")),
                confidence=item["confidence"],
                effect=_bi(item.get("effect"), path, entry, "effect"),
                source=item.get("source"),
                retrieved=str(item["retrieved"]),
            )
        )
    scope = raw.get("scope")
    if not isinstance(scope, dict):
        raise BadData("bad_data", path=path, reason="missing scope")
    scope = dict(scope, text=_bi(scope.get("text"), path, "scope", "text"))
    return Caps(tuple(lines), scope)


# --- the check ------------------------------------------------------------------------


# Which of the two annual figures each line speaks of, from the line's own words (caps.yaml
# `effect`, regulations.md A3). 非法放贷意见 art. 2 (CN-RATE-09) names the 实际年利率 "all fees
# included", and the APR notes of regulations.md A3 annualise as (1+r)^12 - 1 unless the x12 figure
# is named: it is compared with the figure shown under that name. Every other line names a 年利率 / 综合年化成本, the annualised rate of the
# 2021 PBOC announcement (rate per period x periods a year): compared with 年化利率 (IRR x 12).
# test_caps.py checks that the lines whose text says 实际年利率 are exactly these.
EFFECTIVE_RULES = frozenset({"CN-RATE-09"})


def line_measure(line: Line) -> str:
    """'effective' (实际年利率) or 'nominal' (年化利率): the figure the line is about."""
    return "effective" if line.rule in EFFECTIVE_RULES else "nominal"


@dataclass(frozen=True, slots=True)
class LineResult:
    line: Line
    annual: Decimal  # the line as a fraction (0.24)
    crossed: bool
    cost_above: Decimal | None  # part of the scheduled cost above the line
    claimed_above: Decimal | None  # part of the claimed charges above the line
    allowed_charges: Decimal | None  # charges the line allows over the claim period
    fixing: Fixing | None = None
    stale_lpr: bool = False
    in_force: bool = True
    measure: str = "nominal"  # the figure compared: "nominal" (年化利率) or "effective" (实际年利率)
    compared: Decimal | None = None  # that figure


@dataclass(frozen=True, slots=True)
class Check:
    rate: Rate
    lender_type: str
    signed: date
    results: tuple[LineResult, ...]
    claimed: dict[str, Decimal] = field(default_factory=dict)
    claim_days: int | None = None
    scope: dict[str, Any] | None = None


def check_loan(
    rate: Rate,
    lender_type: str,
    signed: date,
    claimed: dict[str, Decimal] | None = None,
    as_of: date | None = None,
) -> Check:
    """Which lines the loan's rate crosses, and which part of the cost or the claimed charges lies above each.

    Claimed charges (interest, penalty interest, fees) are compared with what the line allows as
    simple interest on the whole amount received from the day it arrived to `as_of` (default: the
    last due date). That allowance is generous to the lender (the balance falls as it is repaid),
    so the excess shown is a floor, never an overstatement.
    """
    lender_type = parse_lender_type(lender_type)
    # An assumed arrival day is no fact to hold the contract date against; the due dates are.
    check_dates(rate.dates[0] if rate.dates else None,
                None if rate.assumed_received_on else rate.received_on, signed)
    caps = load_caps()
    claimed = {k: v for k, v in (claimed or {}).items() if v is not None}
    claim_days = None
    if as_of is not None and rate.received_on is not None and as_of < rate.received_on:
        assumed = Text("loan_assumed_arrival") if rate.assumed_received_on else ""
        raise BadInput("loan_as_of_before_arrival", as_of=as_of, start=rate.received_on, assumed=assumed)
    if claimed:
        if rate.received_on is None:
            raise BadInput("loan_need_dates")
        end = as_of or (rate.dates[-1] if rate.dates else None)
        if end is None:
            raise BadInput("loan_need_dates")
        claim_days = (end - rate.received_on).days
    claimed_total = sum(claimed.values(), Decimal(0))
    results: list[LineResult] = []
    for line in caps.lines:
        if lender_type not in line.lender_types:
            continue
        in_force = (line.signed_from is None or signed >= line.signed_from) and (
            line.signed_until is None or signed < line.signed_until
        )
        if not in_force and line.id.startswith("private_"):
            continue  # the old and new private-lending rules replace each other by date
        fixing, stale = None, False
        if line.lpr_multiple is not None:
            fixing, stale = lpr_on(signed)
            annual = fixing.one_year * line.lpr_multiple / 100
        else:
            assert line.rate is not None
            annual = line.rate / 100
        measure = line_measure(line)
        compared = rate.effective_annual if measure == "effective" else rate.nominal_annual
        crossed = compared > annual
        cost_above = None
        if crossed:
            cost_above = max(rate.cost - scaled_cost_at(rate, annual, measure), Decimal(0))
        allowed = claimed_above = None
        if claimed and claim_days is not None:
            allowed = (rate.received * annual * claim_days / 365).quantize(CENT, ROUND_HALF_UP)
            claimed_above = max(claimed_total - allowed, Decimal(0))
        results.append(LineResult(line, annual, crossed, cost_above, claimed_above, allowed, fixing, stale, in_force,
                                  measure, compared))
    results.sort(key=lambda r: r.annual)
    return Check(rate, lender_type, signed, tuple(results), claimed, claim_days,
                 caps.scope if lender_type != "private" else None)


# --- affordable plan -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanOption:
    months: int
    monthly: Decimal
    share: Decimal | None  # of free income; None when there is no free income
    affordable: bool
    pause_months: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    owed: Decimal
    income: Decimal
    expenses: Decimal
    free: Decimal
    budget: Decimal  # the most a month can take: AFFORDABLE_SHARE x free
    options: tuple[PlanOption, ...]
    extension: PlanOption | None
    min_months: int | None  # fewest months that fit the budget, when any does


def parse_months(value: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"[,，\s]+", value.strip()):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= MAX_MONTHS:
            raise BadInput("loan_bad_months", value=value)
        out.append(int(part))
    if not out:
        raise BadInput("loan_bad_months", value=value)
    return sorted(set(out))


def make_plan(owed: Decimal, income: Decimal, expenses: Decimal, months: Sequence[int]) -> Plan:
    """Installment options with the monthly payment and the share of free income each takes.

    Payments are rounded up to the cent so n of them repay the whole amount; interest is assumed
    stopped (停息挂账), which is what the letter asks for.
    """
    free = income - expenses
    budget = (free * AFFORDABLE_SHARE).quantize(CENT, ROUND_HALF_UP) if free > 0 else Decimal(0)

    def option(n: int, pause: int = 0) -> PlanOption:
        monthly = (owed / n).quantize(CENT, ROUND_CEILING)
        share = (monthly / free) if free > 0 else None
        return PlanOption(n, monthly, share, free > 0 and monthly <= budget, pause)

    options = tuple(option(n) for n in months)
    min_months = None
    if budget > 0:
        n = math.ceil(owed / budget)
        min_months = n if n <= MAX_MONTHS else None
    extension = None
    if min_months is not None:
        # Pause first (time to find work or recover), then the shortest plan that fits.
        extension = option(max(min_months, min(months)), pause=EXTENSION_MONTHS)
    return Plan(owed, income, expenses, free, budget, options, extension, min_months)



# --- JSON (for --json and the web API) ---------------------------------------------------------
# Money and rates are decimal strings, never floats, as in docs/json.md; rates are fractions
# ("0.5675479126" = 56.75 %).


def _s(x: Decimal | None) -> str | None:
    return None if x is None else str(x)


def nominal_to_json(n: Nominal | None) -> dict[str, Any] | None:
    if n is None:
        return None
    return {"text": n.text, "period": n.period, "rate": str(n.rate), "fee": n.fee,
            "annual_simple": str(n.annual_simple)}


def rate_to_json(rate: Rate, advertised: Nominal | None = None) -> dict[str, Any]:
    return {
        "received": str(rate.received),
        "total_paid": str(rate.total_paid),
        "cost": str(rate.cost),
        "payments": len(rate.payments),
        "method": rate.method,
        "monthly_rate": _s(rate.periodic),
        "annual_rate_nominal": str(rate.nominal_annual),
        "annual_rate_effective": str(rate.effective_annual),
        "received_on": rate.received_on.isoformat() if rate.received_on else None,
        "received_on_assumed": rate.assumed_received_on,
        "advertised": nominal_to_json(advertised),
    }


def check_to_json(chk: Check) -> dict[str, Any]:
    lines = []
    for r in chk.results:
        ln = r.line
        lpr = None
        if r.fixing is not None:
            fx = r.fixing
            lpr = {"month": fx.month, "date": fx.date.isoformat(), "one_year_percent": str(fx.one_year),
                   "verified": fx.verified, "source": fx.source, "retrieved": fx.retrieved, "stale": r.stale_lpr}
        lines.append({
            "id": ln.id, "rule": ln.rule, "annual_rate": str(r.annual), "crossed": r.crossed, "in_force": r.in_force,
            # The loan's figure this line is compared with, by its rate_to_json name.
            "compared": "annual_rate_effective" if r.measure == "effective" else "annual_rate_nominal",
            "compared_rate": _s(r.compared),
            "cost_above": _s(r.cost_above), "claimed_above": _s(r.claimed_above),
            "allowed_charges": _s(r.allowed_charges), "lpr": lpr,
            "document": ln.document, "article": ln.article, "issuer": ln.issuer, "date": ln.date,
            "force": ln.force, "confidence": ln.confidence, "effect": dict(ln.effect), "source": ln.source,
            "retrieved": ln.retrieved,
        })
    return {
        "rate": rate_to_json(chk.rate),
        "lender_type": chk.lender_type,
        "signed": chk.signed.isoformat(),
        "claimed": {k: str(v) for k, v in chk.claimed.items()},
        "claim_days": chk.claim_days,
        "scope": None if chk.scope is None else {
            "rule": chk.scope.get("rule"), "confidence": chk.scope.get("confidence"), "text": chk.scope["text"]},
        "lines": lines,
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    def opt(o: PlanOption) -> dict[str, Any]:
        return {"months": o.months, "pause_months": o.pause_months, "monthly": str(o.monthly),
                "share_of_free_income": None if o.share is None else str(o.share.quantize(Decimal("0.0001"))),
                "affordable": o.affordable}

    return {
        "owed": str(plan.owed), "income": str(plan.income), "expenses": str(plan.expenses), "free": str(plan.free),
        "affordable_share": str(AFFORDABLE_SHARE), "budget": str(plan.budget),
        "options": [opt(o) for o in plan.options],
        "extension": opt(plan.extension) if plan.extension else None,
        "min_months": plan.min_months,
    }
