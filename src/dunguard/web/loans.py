"""Loan check page and its JSON twins: true annual rate, legal lines, affordable plans, letters.

The sentences are the terminal's (``dunguard.loans_cli``'s rate/check/plan lines), so
a figure reads the same in both places; the JSON twins give the numbers themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from dunguard import loans_cli
from dunguard.errors import BadInput, register_messages
from dunguard.web.api import ERRORS

register_messages(loans_cli.MESSAGES)
register_messages({
    "web_loan_extreme": {
        "zh": "按这组数字算出的利率大得没有意义（到手 {received} 元，还 {count} 期、每期 {amount} 元），请检查金额和期数是否填错。",
        "en": "These figures give a rate too large to mean anything (received {received}, {count} payments of "
        "{amount}); check the amounts and the number of payments.",
    },
})

router = APIRouter()
api = APIRouter(prefix="/api", tags=["loans"])

LU: dict[str, dict[str, str]] = {
    "title": {"zh": "贷款核算", "en": "Loan check"},
    "intro": {
        "zh": "算出这笔借款真实的年化利率（按实际到手的钱计算，砍头息、服务费都算进去），对照法律和监管红线；"
        "再按你的收入算出负担得起的分期方案，并生成可以发送的信。",
        "en": "Work out the loan's true annual rate (on the money you actually received, upfront fees included) "
        "and compare it with the legal lines; then find an installment plan you can afford and write the letter.",
    },
    "rate_h": {"zh": "一、真实利率和法律红线", "en": "1. True rate and the legal lines"},
    "received": {"zh": "实际到手金额（元）", "en": "Money actually received (yuan)"},
    "received_hint": {"zh": "扣掉砍头息、服务费之后真正到账的钱。", "en": "What reached your account after upfront deductions."},
    "count": {"zh": "还款期数", "en": "Number of payments"},
    "amount": {"zh": "每期还款（元）", "en": "Each payment (yuan)"},
    "interval_days": {"zh": "每期间隔天数（7天、14天等短期借款填写；不填按每月一期）",
                      "en": "Days between payments (for 7- or 14-day loans; empty means monthly)"},
    "first_due": {"zh": "第一期还款日（可选）", "en": "First due date (optional)"},
    "received_on": {"zh": "到账日期（可选）", "en": "Date the money arrived (optional)"},
    "advertised": {"zh": "对方宣传的利率（可选，如 日息0.05%）", "en": "Advertised rate (optional, e.g. 日息0.05%)"},
    "lender_type": {"zh": "放贷机构类型", "en": "Kind of lender"},
    "signed": {"zh": "签约日期（对照红线需要）", "en": "Contract date (needed for the lines)"},
    "claimed_interest": {"zh": "对方要求的利息（元，可选）", "en": "Interest claimed (yuan, optional)"},
    "claimed_penalty": {"zh": "对方要求的罚息、违约金（元，可选）", "en": "Penalty claimed (yuan, optional)"},
    "claimed_fees": {"zh": "对方要求的其他费用（元，可选）", "en": "Other fees claimed (yuan, optional)"},
    "compute": {"zh": "计算", "en": "Calculate"},
    "plan_h": {"zh": "二、负担得起的分期方案", "en": "2. A plan you can afford"},
    "owed": {"zh": "欠款金额（元）", "en": "Amount owed (yuan)"},
    "income": {"zh": "每月收入（元）", "en": "Monthly income (yuan)"},
    "expenses": {"zh": "每月必要支出（元）", "en": "Essential monthly expenses (yuan)"},
    "months": {"zh": "想分几期（可写多个，用逗号隔开）", "en": "Months to compare (comma-separated)"},
    "letter_h": {"zh": "三、生成信件", "en": "3. Write a letter"},
    "letter_kind": {"zh": "信件类型", "en": "Letter"},
    "lender": {"zh": "贷款机构名称（可选）", "en": "Lender's name (optional)"},
    "your_name": {"zh": "你的姓名（可选）", "en": "Your name (optional)"},
    "reason": {"zh": "无法按期还款的原因（可选，如 失业）", "en": "Why you cannot pay on time (optional)"},
    "plan_months": {"zh": "申请分几期（可选）", "en": "Months you ask for (optional)"},
    "write": {"zh": "生成", "en": "Write"},
    "letter_hint": {
        "zh": "【】里的内容请换成你自己的信息再发送；本工具不会替你发送任何东西。",
        "en": "Replace every 【】 blank with your own details before sending; this tool sends nothing for you.",
    },
    "blanks": {"zh": "还需要填写：", "en": "Still to fill in:"},
}

AMOUNT_FIELDS = ("received", "amount", "claimed_interest", "claimed_penalty", "claimed_fees", "owed", "income",
                 "expenses")


def lu(key: str, lang: str) -> str:
    return LU[key].get(lang) or LU[key]["en"]


def plain(obj: Any) -> Any:
    """Loan dataclasses as JSON: Decimals as exact strings, dates as ISO."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    return obj


def rate_json(rate: Any, advertised: Any = None) -> dict[str, Any]:
    """The rate under both sets of names: this API's own (nominal_annual, periodic, …, the Rate
    fields) and those of `dunguard loan … --json` (annual_rate_nominal, monthly_rate, …), so a
    script written against either reads the same figures. ``payments`` stays the list of amounts
    here; the CLI's count of them is ``len``. docs/loans.md gives the mapping."""
    from dunguard.loans import rate_to_json

    cli = {k: v for k, v in rate_to_json(rate, advertised).items() if k != "payments"}
    return {**plain(rate), **cli}


# ----------------------------------------------------------------------------- the work, shared by page and API


def compute_check(f: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Rate (and, with a contract date, the lines) from typed fields."""
    from dunguard import loans as L

    def amount(name: str, allow_zero: bool = False) -> Decimal | None:
        raw = f.get(name)
        if raw is None or str(raw).strip() == "":
            return None
        return L.parse_amount(str(raw), lu(name, lang), allow_zero=allow_zero)

    def day(name: str) -> date | None:
        raw = f.get(name)
        return L.parse_date(str(raw), lu(name, lang)) if raw not in (None, "") else None

    received = amount("received")
    if received is None:
        raise BadInput("loan_bad_amount", field=lu("received", lang), value="")
    raw_count = str(f.get("count") or "").strip()
    if not raw_count.isdigit() or not 1 <= int(raw_count) <= L.MAX_MONTHS:
        raise BadInput("loan_bad_months", value=raw_count)
    each = amount("amount")
    if each is None:
        raise BadInput("loan_bad_amount", field=lu("amount", lang), value="")
    advertised = L.parse_nominal(str(f["advertised"])) if f.get("advertised") else None
    raw_interval = str(f.get("interval_days") or "").strip()
    if raw_interval and not (raw_interval.isdigit() and 1 <= int(raw_interval) <= 366):
        raise BadInput("web_bad_number", field=lu("interval_days", lang), what="整数" if lang == "zh" else "whole number",
                       value=raw_interval[:40])
    try:
        if raw_interval:
            # A short loan is rated over its own days: payments every N days from the day the money arrived.
            # (no arrival date: the contract date is nearer the truth than today)
            start = day("received_on") or day("signed") or date.today()
            schedule = [(start + timedelta(days=int(raw_interval) * (i + 1)), each) for i in range(int(raw_count))]
            rate = L.rate_schedule(received, schedule, received_on=start)
        else:
            rate = L.rate_regular(received, [each] * int(raw_count), first_due=day("first_due"),
                                  received_on=day("received_on"))
    except (ArithmeticError, ValueError) as exc:
        # loans.rate_regular overflows (float or Decimal) when payments dwarf the amount received.
        raise BadInput("web_loan_extreme", received=received, count=raw_count, amount=each) from exc
    out: dict[str, Any] = {"rate": rate_json(rate, advertised), "check": None,
                           "lines": loans_cli.rate_lines(rate, advertised, lang, where="web")}
    signed = day("signed")
    if signed is not None:
        lender_type = L.parse_lender_type(str(f.get("lender_type") or ""))
        claimed = {k: v for k in ("interest", "penalty", "fees")
                   if (v := amount(f"claimed_{k}", allow_zero=True)) is not None}
        chk = L.check_loan(rate, lender_type, signed, claimed)
        out["check"] = plain(chk)
        # The full rate block (with the advertised comparison) is already there; the check follows it.
        out["lines"] += loans_cli.check_lines(chk, lang, rate_head=False, where="web")
    else:
        # The rate block says how the legal lines are compared; without a date there are none to show yet.
        out["lines"].append("没有填写签约日期，所以还没有对照法律红线：填上签约日期，就会列出签约时适用的每条红线和你的利率比它高还是低。"
                            if lang == "zh" else "No contract date given, so no legal line is compared yet: add the date "
                            "the contract was signed to see each line in force then and whether your rate is above it.")
    return out


def compute_plan(f: Mapping[str, Any], lang: str) -> dict[str, Any]:
    from dunguard import loans as L

    owed = L.parse_amount(str(f.get("owed") or ""), lu("owed", lang))
    income = L.parse_amount(str(f.get("income") or ""), lu("income", lang), allow_zero=True)
    expenses = L.parse_amount(str(f.get("expenses") or ""), lu("expenses", lang), allow_zero=True)
    months = f.get("months") or "6,12,24"
    if isinstance(months, (list, tuple)):
        months = ",".join(str(m) for m in months)
    plan = L.make_plan(owed, income, expenses, L.parse_months(str(months)))
    return {"plan": plain(plan), "lines": loans_cli.plan_lines(plan, lang)[:-1]}  # last line is a CLI hint


def compute_letter(kind: str, f: Mapping[str, Any], lang: str) -> dict[str, Any]:
    from dunguard import letters
    from dunguard import loans as L

    def opt(name: str) -> str | None:
        v = str(f.get(name) or "").strip()
        return v[:200] or None

    owed = L.parse_amount(opt("owed"), lu("owed", lang)) if opt("owed") else None
    name = opt("name") or opt("your_name")
    if kind == "willing":
        md = letters.willing(lang, lender=opt("lender"), owed=owed, name=name, reason=opt("reason"))
    elif kind == "negotiate":
        asked = opt("months") or opt("plan_months")
        months = L.parse_months(asked)[0] if asked else None
        income = L.parse_amount(opt("income"), lu("income", lang), allow_zero=True) if opt("income") else None
        expenses = L.parse_amount(opt("expenses"), lu("expenses", lang), allow_zero=True) \
            if opt("expenses") else None
        md = letters.negotiate(lang, lender=opt("lender"), owed=owed, months=months, reason=opt("reason"),
                               name=name, income=income, expenses=expenses)
    else:
        raise BadInput("web_bad_field", field="kind", reason=kind[:40])
    text = letters.render(md, "text", lang)
    return {"kind": kind, "text": text, "markdown": md, "blanks": letters.find_blanks(text)}


# ----------------------------------------------------------------------------- page


def loans_page(request: Request, status: int = 200, **ctx: Any) -> Response:
    from dunguard.loans import LENDER_TYPES
    from dunguard.web.app import lang_of, page

    lang = lang_of(request)
    ctx.setdefault("form", {})
    ctx.setdefault("section", "")
    # The answer's own lines stand out: the true rate in plain words and the verdict.
    lead_words = tuple(n[lang] for n in loans_cli.PLAIN_NAME.values()) + ("结论", "In short")
    return page(request, "loans.html", status=status, lu=lu, lender_types=LENDER_TYPES, lead_words=lead_words,
                lender_label=loans_cli.LENDER_LABEL, result=ctx.pop("result", None), error=ctx.pop("error", None),
                **ctx)


@router.get("/loans", include_in_schema=False)
def loans_home(request: Request) -> Response:
    return loans_page(request)


@router.post("/loans", include_in_schema=False)
async def loans_post(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    from dunguard.web.app import check_form_csrf, lang_of

    fields = await check_form_csrf(request)
    lang = lang_of(request)
    section = fields.get("section", "")
    form = {k: v[:200] for k, v in fields.items() if k != "csrf_token"}
    try:
        if section == "check":
            result = await run_in_threadpool(compute_check, fields, lang)
        elif section == "plan":
            result = await run_in_threadpool(compute_plan, fields, lang)
        elif section == "letter":
            result = await run_in_threadpool(compute_letter, fields.get("kind", "willing"), fields, lang)
        else:
            raise BadInput("web_bad_field", field="section", reason=section[:40])
    except BadInput as exc:
        return loans_page(request, status=400, form=form, section=section, error=exc.render(lang))
    return loans_page(request, form=form, section=section, result=result)


# ----------------------------------------------------------------------------- JSON API

Money = Decimal | None


class ClaimedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    interest: Decimal | None = Field(None, ge=0, le=10**8)
    penalty: Decimal | None = Field(None, ge=0, le=10**8)
    fees: Decimal | None = Field(None, ge=0, le=10**8)


class CheckIn(BaseModel):
    """A loan repaid in equal payments, monthly or every ``interval_days`` (a 7- or 14-day loan)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "received": "9000", "count": 12, "amount": "1000", "lender_type": "platform", "signed": "2024-06-01"}]})

    received: Decimal = Field(gt=0, le=10**8, description="money actually received (yuan)")
    count: int = Field(ge=1, le=120, description="number of payments")
    amount: Decimal = Field(gt=0, le=10**8, description="each payment (yuan)")
    interval_days: int | None = Field(None, ge=1, le=366, description="days between payments; empty means monthly")
    first_due: date | None = None
    received_on: date | None = None
    advertised: str | None = Field(None, max_length=40, description="advertised rate, e.g. 日息0.05%")
    # Both spellings: consumer-finance as `dunguard loan check` takes it, consumer_finance as /api/analyze does.
    lender_type: Literal["bank", "consumer-finance", "consumer_finance", "small-loan", "small_loan", "platform",
                         "private"] = "platform"
    signed: date | None = Field(None, description="contract date; without it only the rate is computed")
    claimed: ClaimedIn | None = None
    lang: Literal["zh", "en"] = "zh"


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owed: Decimal = Field(gt=0, le=10**8)
    income: Decimal = Field(ge=0, le=10**8)
    expenses: Decimal = Field(ge=0, le=10**8)
    months: list[int] = Field(default=[6, 12, 24], min_length=1, max_length=20)
    lang: Literal["zh", "en"] = "zh"


class LetterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lender: str | None = Field(None, max_length=200)
    owed: Decimal | None = Field(None, gt=0, le=10**8)
    name: str | None = Field(None, max_length=200)
    reason: str | None = Field(None, max_length=200)
    months: int | None = Field(None, ge=1, le=120, description="negotiate: months asked for")
    income: Decimal | None = Field(None, ge=0, le=10**8)
    expenses: Decimal | None = Field(None, ge=0, le=10**8)
    lang: Literal["zh", "en"] = "zh"


def _fields(body: BaseModel) -> dict[str, Any]:
    out = {k: ("" if v is None else str(v)) for k, v in body.model_dump(exclude={"claimed", "lang"}).items()}
    claimed = getattr(body, "claimed", None)
    if claimed is not None:
        for k, v in claimed.model_dump().items():
            out[f"claimed_{k}"] = "" if v is None else str(v)
    return out


@api.post("/loans/check", summary="True annual rate and the legal lines", responses=ERRORS)
def api_check(body: CheckIn) -> JSONResponse:
    return JSONResponse(compute_check(_fields(body), body.lang))


@api.post("/loans/plan", summary="Affordable installment plans", responses=ERRORS)
def api_plan(body: PlanIn) -> JSONResponse:
    fields = _fields(body)
    fields["months"] = ",".join(str(m) for m in body.months)
    return JSONResponse(compute_plan(fields, body.lang))


@api.post("/letters/{kind}", summary="A letter: willingness to repay or a negotiation request", responses=ERRORS)
def api_letter(kind: Literal["willing", "negotiate"], body: LetterIn) -> JSONResponse:
    return JSONResponse(compute_letter(kind, _fields(body), body.lang))
