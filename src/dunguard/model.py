"""The data types that flow through dunguard, in one place.

Every type is a frozen dataclass so a Report can be shared between threads,
processes and the web app without defensive copies. ``fast_init`` (dunguard.frozen) gives each a
cheaper ``__init__``: a message builds a score of them, and the frozen one dataclasses writes costs
most of their price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from dunguard.errors import BadInput
from dunguard.frozen import fast_init

DEFAULT_TZ = "Asia/Shanghai"

# Element types produced by the extractors.
ELEMENT_TYPES = ("time", "money", "overdue", "phone", "account", "url", "lender", "visit")

# The message kinds of the verdict, a fixed taxonomy (multi-label).
KINDS = (
    "reminder",
    "overdue_notice",
    "visit_threat",
    "legal_threat",
    "third_party_threat",
    "harassment",
    "scam",
    "settlement_offer",
    "other",
)

# Lender kinds understood by the visit-credibility estimate and the loan checks.
LENDER_TYPES = ("bank", "consumer_finance", "small_loan", "platform", "unknown")


@fast_init
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) into Message.text."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@fast_init
@dataclass(frozen=True, slots=True)
class Message:
    """One received text message.

    ``received_at`` anchors every relative time ("明天下午3点"); a naive
    datetime is read in ``timezone``. When it is None, relative times stay
    unresolved rather than being guessed from the wall clock, which keeps
    ``analyze`` pure.
    """

    text: str
    received_at: datetime | None = None
    sender: str | None = None
    timezone: str = DEFAULT_TZ

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise BadInput("message_not_text")
        try:
            tz = ZoneInfo(self.timezone)
        except Exception as exc:  # ZoneInfoNotFoundError, ValueError on odd keys
            raise BadInput("bad_timezone", tz=self.timezone) from exc
        if self.received_at is not None:
            if not isinstance(self.received_at, datetime):
                raise BadInput("bad_received_at", value=str(self.received_at))
            if not 2000 <= self.received_at.year <= 2100:
                # Dates in the text are resolved from this; near datetime's limits they overflow.
                raise BadInput("received_out_of_range", value=self.received_at.isoformat(timespec="minutes"))
            if self.received_at.tzinfo is None:
                object.__setattr__(self, "received_at", self.received_at.replace(tzinfo=tz))
            else:
                object.__setattr__(self, "received_at", self.received_at.astimezone(tz))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "sender": self.sender,
            "timezone": self.timezone,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Context:
    """What the borrower knows about their own loan; every field optional."""

    days_overdue: int | None = None
    owed: Decimal | None = None
    lender_type: str = "unknown"
    contacts: int | None = None
    address_known: bool | None = None
    # What the borrower can pay each month towards this debt: the plan's instalment proposal follows it.
    can_pay: Decimal | None = None

    def __post_init__(self) -> None:
        if self.days_overdue is not None and (
            not isinstance(self.days_overdue, int) or self.days_overdue < 0
        ):
            raise BadInput("bad_context", field="days_overdue", value=str(self.days_overdue))
        if self.owed is not None:
            try:
                owed = Decimal(str(self.owed))
            except Exception as exc:
                raise BadInput("bad_context", field="owed", value=str(self.owed)) from exc
            if not owed.is_finite() or owed < 0:
                raise BadInput("bad_context", field="owed", value=str(self.owed))
            object.__setattr__(self, "owed", owed)
        if self.can_pay is not None:
            try:
                can_pay = Decimal(str(self.can_pay))
            except Exception as exc:
                raise BadInput("bad_context", field="can_pay", value=str(self.can_pay)) from exc
            if not can_pay.is_finite() or can_pay <= 0:
                raise BadInput("bad_context", field="can_pay", value=str(self.can_pay))
            object.__setattr__(self, "can_pay", can_pay)
        if self.contacts is not None and (not isinstance(self.contacts, int) or self.contacts < 0):
            raise BadInput("bad_context", field="contacts", value=str(self.contacts))
        if self.lender_type not in LENDER_TYPES:
            raise BadInput("bad_context", field="lender_type", value=str(self.lender_type))

    def to_json(self) -> dict[str, Any]:
        return {
            "days_overdue": self.days_overdue,
            "owed": str(self.owed) if self.owed is not None else None,
            "lender_type": self.lender_type,
            "contacts": self.contacts,
            "address_known": self.address_known,
            "can_pay": str(self.can_pay) if self.can_pay is not None else None,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Element:
    """One thing the message claims, with where it says so.

    ``value`` is a Python value (datetime, Decimal, int, str or None);
    ``attrs`` holds type-specific fields (phone ``kind``, time ``from``/``until``,
    lender ``official_phones``...) and is flattened into the JSON object.
    """

    type: str
    role: str
    span: Span
    value: Any = None
    attrs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "role": self.role,
            "text": self.span.text,
            "start": self.span.start,
            "end": self.span.end,
            "value": jsonable(self.value),
        }
        for key, val in self.attrs.items():
            out[key] = jsonable(val)
        return out


@fast_init
@dataclass(frozen=True, slots=True)
class Citation:
    """Where a rule comes from. ``confidence`` is V (read the text), S or U."""

    document: str
    article: str
    issuer: str = ""
    date: str = ""
    url: str = ""
    retrieved: str = ""
    confidence: str = "U"
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "article": self.article,
            "issuer": self.issuer,
            "date": self.date,
            "url": self.url,
            "retrieved": self.retrieved,
            "confidence": self.confidence,
            "note": self.note,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Finding:
    """A rule the message breaks (or a signal it shows), with the words that triggered it."""

    rule_id: str
    title: Mapping[str, str]
    category: str
    severity: str
    spans: tuple[Span, ...]
    explanation: Mapping[str, str]
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": dict(self.title),
            "category": self.category,
            "severity": self.severity,
            "spans": [s.to_json() for s in self.spans],
            "explanation": dict(self.explanation),
            "citations": [c.to_json() for c in self.citations],
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Reason:
    """One bilingual reason behind a judgement, with the words that support it."""

    code: str
    text: Mapping[str, str]
    spans: tuple[Span, ...] = ()
    weight: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "text": dict(self.text),
            "spans": [s.to_json() for s in self.spans],
        }
        if self.weight:
            out["weight"] = self.weight
        return out


@fast_init
@dataclass(frozen=True, slots=True)
class Judgement:
    """A labelled answer (a legitimacy, a credibility level) and why."""

    value: str
    reasons: tuple[Reason, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "reasons": [r.to_json() for r in self.reasons]}


@fast_init
@dataclass(frozen=True, slots=True)
class Verdict:
    kinds: tuple[str, ...]
    primary_kind: str
    kind_reasons: tuple[Reason, ...]
    legitimacy: Judgement
    scam_risk: int
    scam_signals: tuple[Reason, ...]
    visit_credibility: Judgement

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": list(self.kinds),
            "primary_kind": self.primary_kind,
            "kind_reasons": [r.to_json() for r in self.kind_reasons],
            "legitimacy": self.legitimacy.value,
            "legitimacy_reasons": [r.to_json() for r in self.legitimacy.reasons],
            "scam_risk": self.scam_risk,
            "scam_signals": [r.to_json() for r in self.scam_signals],
            "visit_credibility": {
                "level": self.visit_credibility.value,
                "reasons": [r.to_json() for r in self.visit_credibility.reasons],
            },
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Step:
    """One step of the plan; ``draft`` is a ready-to-send text when useful."""

    id: str
    action: Mapping[str, str]
    why: Mapping[str, str]
    draft: Mapping[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "action": dict(self.action),
            "why": dict(self.why),
            "draft": dict(self.draft) if self.draft else None,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Report:
    message: Message
    context: Context | None
    elements: tuple[Element, ...]
    findings: tuple[Finding, ...] = ()
    verdict: Verdict | None = None
    plan: tuple[Step, ...] = ()
    # Lines the paste carried around the message (the phone's status bar, a sender line, the user's own question),
    # set aside before reading it; the message above is what was read.
    pasted_extra: tuple[str, ...] = ()

    def elements_of(self, type_: str) -> list[Element]:
        return [e for e in self.elements if e.type == type_]

    def to_json(self) -> dict[str, Any]:
        from dunguard import __version__

        return {
            "schema": 1,
            "tool": {"name": "dunguard", "version": __version__},
            "message": self.message.to_json(),
            "context": self.context.to_json() if self.context else None,
            "elements": [e.to_json() for e in self.elements],
            "findings": [f.to_json() for f in self.findings],
            "verdict": self.verdict.to_json() if self.verdict else None,
            "plan": [s.to_json() for s in self.plan],
            "pasted_extra": list(self.pasted_extra),
        }


def jsonable(value: Any) -> Any:
    """Turn element values into JSON-safe values (ISO datetimes, exact decimal strings)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
