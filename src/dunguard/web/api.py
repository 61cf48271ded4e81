"""The JSON API under /api/: the same answers as the pages, for scripts and other tools.

``POST /api/analyze`` returns exactly what ``dunguard analyze --json`` prints
(``Report.to_json()``). Bad input is a 4xx JSON object
``{"error": {"key", "message": {"zh", "en"}}}``, never a 500.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from dunguard.model import DEFAULT_TZ
from dunguard.pipeline import MAX_CHARS

router = APIRouter(prefix="/api", tags=["api"])

# Characters past which an analysis runs in a worker thread (see analyze_endpoint).
LONG_TEXT = 2000

LenderType = Literal["bank", "consumer_finance", "small_loan", "platform", "unknown"]


class ErrorMessage(BaseModel):
    zh: str
    en: str


class ErrorDetail(BaseModel):
    key: str = Field(description="Stable error key, e.g. empty_message, bad_received_at, bad_context")
    message: ErrorMessage
    detail: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody,
          "description": "The input cannot be analyzed (text of spaces only, bad date or time zone…)"},
    403: {"model": ErrorBody, "description": "The request came from another site"},
    413: {"model": ErrorBody, "description": "The request body is too large"},
    415: {"model": ErrorBody, "description": "The body is not application/json"},
    422: {"model": ErrorBody,
          "description": "A field has the wrong type or range, including an empty or missing text"},
}


class ContextIn(BaseModel):
    """What the borrower knows about the loan; every field optional (same as the CLI flags)."""

    model_config = ConfigDict(extra="forbid")

    days_overdue: int | None = Field(None, ge=0, le=1_000_000, description="days overdue")
    owed: Decimal | None = Field(None, ge=0, le=10**12, description="amount owed in yuan (decimal)")
    lender_type: LenderType = Field("unknown", description="kind of lender")
    contacts: int | None = Field(None, ge=0, le=1_000_000, description="collection contacts so far")
    address_known: bool | None = Field(None, description="the collector knows the borrower's address")
    can_pay: Decimal | None = Field(None, gt=0, le=10**12, description="the most the borrower can pay a month (yuan)")


class AnalyzeIn(BaseModel):
    """One message to analyze, as `dunguard analyze` takes it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "text": "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"
            "如有疑问,请联系客服95188。",
            "received_at": "2025-02-26T10:30",
            "context": {"days_overdue": 5, "owed": "3000", "lender_type": "platform", "contacts": 2},
        }]},
    )

    text: str = Field(min_length=1, max_length=MAX_CHARS, description="the message text")
    received_at: str | None = Field(
        None, max_length=64,
        description="when it arrived, e.g. 2025-02-26T10:30 or 2025-02-26 10:30 (naive times are read in "
        "`timezone`); null leaves relative times unresolved",
    )
    sender: str | None = Field(None, max_length=64, description="the sender's number")
    timezone: str = Field(DEFAULT_TZ, min_length=1, max_length=64, description="IANA time zone")
    context: ContextIn | None = Field(None, description="what the borrower knows about the loan")


def build_context(ctx: ContextIn | None):  # -> Context | None
    """The CLI's rule: a context only when the borrower told us something."""
    from dunguard.model import Context

    if ctx is None:
        return None
    if all(v is None for v in (ctx.days_overdue, ctx.owed, ctx.contacts, ctx.address_known, ctx.can_pay)) \
            and ctx.lender_type == "unknown":
        return None
    return Context(days_overdue=ctx.days_overdue, owed=ctx.owed, lender_type=ctx.lender_type,
                   contacts=ctx.contacts, address_known=ctx.address_known, can_pay=ctx.can_pay)


@router.post(
    "/analyze",
    summary="Analyze one message",
    description="Returns the report exactly as `dunguard analyze --json` prints it (see docs/json.md).",
    responses={200: {"description": "The report (docs/json.md)"}, **ERRORS},
)
async def analyze_endpoint(body: AnalyzeIn) -> JSONResponse:
    from datetime import UTC, datetime

    from starlette.concurrency import run_in_threadpool

    from dunguard.cli import parse_received_at
    from dunguard.ingest.text import analyze_paste
    from dunguard.model import Message

    received = parse_received_at(body.received_at) if body.received_at and body.received_at.strip() else None
    message = Message(text=body.text, received_at=received, sender=body.sender, timezone=body.timezone)
    context = build_context(body.context)
    now = datetime.now(UTC)
    # As the CLI does: with no received_at, the phone's own time line in a pasted screen (昨天 21:30) dates
    # the message. A text message takes about 2 ms: answered on the event loop, without a thread hop (which
    # under load costs more than the analysis). A long paste goes to a worker thread so it cannot stall others.
    if len(body.text) <= LONG_TEXT:
        report, _ = analyze_paste(message, context, now)
    else:
        report, _ = await run_in_threadpool(analyze_paste, message, context, now)
    return JSONResponse(report.to_json())


# ----------------------------------------------------------------------------- validation errors

_CONTEXT_FIELDS = ("days_overdue", "owed", "lender_type", "contacts", "address_known", "can_pay")


def plain_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Pydantic's errors without the echoed input (it may be megabytes of pasted text)."""
    out = []
    for e in exc.errors()[:10]:
        out.append({"loc": [str(x) for x in e.get("loc", ())], "type": str(e.get("type", "")),
                    "msg": str(e.get("msg", ""))})
    return out


def validation_message(exc: RequestValidationError) -> tuple[str, dict[str, str]]:
    """Map the first schema error to the same one-line message the CLI would give."""
    from dunguard.pipeline import MAX_CHARS

    errors = exc.errors()
    if not errors:
        return "web_bad_field", {"field": "body", "reason": "invalid"}
    e = errors[0]
    loc = [str(x) for x in e.get("loc", ()) if x != "body"]
    kind = str(e.get("type", ""))
    value = e.get("input")
    shown = repr(value)[:60] if not isinstance(value, str) else value[:60]
    if kind in ("json_invalid", "json_type") or (not loc and kind in ("missing", "model_attributes_type",
                                                                       "dict_type", "model_type")):
        return "web_bad_json", {"reason": str(e.get("msg", ""))[:120]}
    field = loc[-1] if loc else "body"
    if field == "text" and loc[:1] == ["text"]:
        if kind == "string_too_long":
            size = len(value) if isinstance(value, str) else MAX_CHARS + 1
            return "message_too_long", {"size": str(size), "limit": str(MAX_CHARS)}
        if kind in ("missing", "string_too_short"):
            return "empty_message", {}
    if field == "received_at":
        return "bad_received_at", {"value": shown}
    if field == "timezone":
        return "bad_timezone", {"tz": shown}
    if field in _CONTEXT_FIELDS and loc[:1] == ["context"]:
        return "bad_context", {"field": field, "value": shown}
    return "web_bad_field", {"field": ".".join(loc) or "body", "reason": str(e.get("msg", ""))[:120]}
