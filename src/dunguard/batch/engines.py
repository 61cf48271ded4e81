"""The per-chunk work, independent of whatever runs it.

``analyze_chunk`` is a plain function from a list of items to a list of
output rows and a list of errors. A process pool, a Dask cluster, Ray tasks or
a Spark ``mapPartitions`` can all call it unchanged: it only needs dunguard
installed where it runs, and returns plain picklable values.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from dunguard.batch.reader import Item, Record, RowError

# Columns of an output row, in order; writer.SCHEMA gives their Arrow types.
FIELDS = (
    "file", "row", "text", "received_at", "sender", "kinds", "primary_kind", "legitimacy", "scam_risk",
    "visit_credibility", "rule_ids", "max_severity", "night_sent", "lender_id", "lender_name",
    "sender_kind", "phone_kinds", "visit_time", "deadline", "amounts", "visit_time_until", "visit_time_granularity",
    "deadline_until", "deadline_granularity", "deadline_kind",
)

_SEVERITY_ORDER = {"low": 1, "medium": 2, "high": 3}


def analyze_chunk(items: Sequence[Item], tz: str = "Asia/Shanghai") -> tuple[list[dict], list[dict]]:
    """Analyze one chunk: output rows in input order, and one error dict per failed row.

    An error dict holds file, row, level, a message ``code`` and its ``params``; the errors
    file renders them as a ``reason`` in the run's language (writer.ErrorLog).
    """
    from dunguard import analyze
    from dunguard.errors import DunguardError
    from dunguard.model import Message

    rows: list[dict] = []
    errors: list[dict] = []
    for item in items:
        if isinstance(item, RowError):
            errors.append({"file": item.file, "row": item.row, "level": item.level, "code": item.code,
                           "params": item.params})
            continue
        assert isinstance(item, Record)
        try:
            text = _text(item.text)
            try:
                received = parse_time(item.received_at, tz)
            except DunguardError as exc:
                if exc.key != "received_no_clock":
                    raise
                # A time column of dates only: analyse the row without a receive time (no night rule, no
                # "明天" resolved) rather than invent midnight or drop the row, and say so.
                received = None
                errors.append({"file": item.file, "row": item.row, "level": "warning", "code": "received_date_only",
                               "params": exc.params})
            sender = None if item.sender is None else str(item.sender).strip() or None
            report = analyze(Message(text, received_at=received, sender=sender, timezone=tz), with_plan=False)
            rows.append(flatten(item.row, report, item.file))
        except DunguardError as exc:
            errors.append({"file": item.file, "row": item.row, "level": "error", "code": exc.key,
                           "params": exc.params})
        except Exception as exc:  # one strange row must not end a million-row run
            detail = f"{type(exc).__name__}: {exc}"[:300]
            errors.append({"file": item.file, "row": item.row, "level": "error", "code": "batch_internal",
                           "params": {"error": detail}})
    return rows, errors


def _text(value: Any) -> str:
    from dunguard.errors import BadInput

    if value is None:
        raise BadInput("batch_empty_text")
    if not isinstance(value, str):
        if isinstance(value, int | float):
            value = str(value)
        else:
            raise BadInput("message_not_text")
    return value


def parse_time(value: Any, tz: str) -> datetime | None:
    """A received time from JSON/CSV text, epoch seconds/ms, or an Arrow timestamp."""
    from dunguard.errors import BadInput

    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool):
        raise BadInput("bad_received_at", value=str(value))
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds are common in exports
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise BadInput("bad_received_at", value=str(value)) from None
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit():
        return parse_time(int(text), tz)
    from dunguard.cli import parse_received_at

    return parse_received_at(text)


@lru_cache(maxsize=65536)
def _sender_kind(sender: str) -> str | None:
    # Bulk exports repeat a few thousand senders; phonenumbers parsing is the costly part.
    from dunguard.extract.phone import classify_sender

    return classify_sender(sender).get("kind")


def flatten(row: int, report: Any, file: str = "") -> dict:
    """One output row: the verdict plus the key elements an analyst filters on."""
    from dunguard.rules.engine import is_night

    msg = report.message
    v = report.verdict
    visit_time = visit_until = visit_granularity = deadline = deadline_until = deadline_granularity = None
    deadline_kind = None
    lender_id = lender_name = None
    phone_kinds: list[str] = []
    amounts: list[float] = []
    for e in report.elements:
        if e.type == "time" and isinstance(e.value, datetime):
            if e.role == "visit" and visit_time is None:
                start, until = visit_window(e, msg.received_at)
                visit_time = start.isoformat()
                visit_until = until.isoformat() if until is not None else None
                visit_granularity = e.attrs.get("granularity")
            elif e.role == "deadline" and deadline is None:
                start, until = deadline_window(e, msg.received_at)
                deadline = start.isoformat()
                deadline_until = until.isoformat() if until is not None else None
                deadline_granularity = e.attrs.get("granularity")
                deadline_kind = e.attrs.get("kind")
        elif e.type == "lender" and e.role in ("signature", "named"):
            if lender_id is None and e.value:
                lender_id = str(e.value)
            if lender_name is None:
                lender_name = e.attrs.get("name") or e.attrs.get("label") or e.text
        elif e.type == "phone":
            kind = e.attrs.get("kind")
            if kind and kind not in phone_kinds:
                phone_kinds.append(kind)
        elif e.type == "money" and e.value is not None:
            with contextlib.suppress(TypeError, ValueError):
                amounts.append(float(e.value))
    rule_ids = [f.rule_id for f in report.findings]
    severity = max((f.severity for f in report.findings), key=_SEVERITY_ORDER.get, default=None)
    sender_kind = _sender_kind(msg.sender) if msg.sender else None
    return {
        "file": file,
        "row": row,
        "text": msg.text,
        "received_at": msg.received_at.isoformat() if msg.received_at else None,
        "sender": msg.sender,
        "kinds": list(v.kinds),
        "primary_kind": v.primary_kind,
        "legitimacy": v.legitimacy.value,
        "scam_risk": int(v.scam_risk),
        "visit_credibility": v.visit_credibility.value,
        "rule_ids": rule_ids,
        "max_severity": severity,
        "night_sent": is_night(msg.received_at) if msg.received_at else None,
        "lender_id": lender_id,
        "lender_name": lender_name,
        "sender_kind": sender_kind,
        "phone_kinds": phone_kinds,
        "visit_time": visit_time,
        "deadline": deadline,
        "amounts": amounts,
        "visit_time_until": visit_until,
        "visit_time_granularity": visit_granularity,
        "deadline_until": deadline_until,
        "deadline_granularity": deadline_granularity,
        "deadline_kind": deadline_kind,
    }


def visit_window(element: Any, received: datetime | None) -> tuple[datetime, datetime | None]:
    """The earliest moment of a named visit time that the message leaves open, and the end of that time.

    A visit time names an interval (今晚 is 18:00-24:00); the element's value is its start. Received at
    23:10, 今晚 can only mean 23:10-24:00, so the start is moved up to the receive time and a visit is
    never dated before the message that announces it. A time already over when the message came
    (今天上午 at 23:10, 8点 at 23:10) keeps its own start, so it stays visibly before ``received_at``.
    """
    start: datetime = element.value
    until = element.attrs.get("until")
    if until is not None and until <= start:
        until = None  # an instant (from == until) has no range to report
    if received is not None and start < received and until is not None and received < until:
        start = received
    return start, until


def deadline_window(element: Any, received: datetime | None) -> tuple[datetime, datetime | None]:
    """The ``deadline`` column and the moment payment is due by (exclusive), ``deadline_until``.

    A "by" deadline (3月5日前, 3天内: kind before/within) is its end, so both are that end
    (2025-03-06T00:00 for 3月5日前). A named span (明天, 今天下午, 3月5日至10日) is, as for a visit
    time, its start (moved up to the receipt when the message came inside it) and its end; a
    clock time (明天下午3点还款) has no end.
    """
    if element.attrs.get("kind") in ("before", "within"):
        return element.value, element.attrs.get("until") or element.value
    return visit_window(element, received)
