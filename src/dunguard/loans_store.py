"""Keeping the borrower's loans: what was received, what falls due when, and reminders.

The loans live in the case store's SQLite file (tables from migration ``0002_loans``) with
their own hash-chained log (``loan_events``), built like a case's log: every add and delete
is one transaction together with its log entry, and ``verify`` names a row changed behind
the log's back. Deleting keeps the row and logs why, as the case store does.

The true rate of each loan is never stored: it is recomputed from the stored cash flows with
``dunguard.loans`` (``rate_regular`` for equal monthly installments, ``rate_schedule``
for a dated schedule), so a fix there reaches every kept loan.

    >>> from dunguard.case.store import open_store
    >>> store = open_store("/tmp/loans.db")
    >>> loan = add_loan(store, "美团借钱", Decimal("9000"), installments(12, Decimal("1000"), date(2025, 3, 26)))
    >>> [d.payment.due for d in due(store, date(2025, 3, 20), weeks=4)]
    [datetime.date(2025, 3, 26)]
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from dunguard import loans as L
from dunguard.case import chain
from dunguard.case.chain import Problem, VerifyResult
from dunguard.errors import BadInput, register_messages

register_messages(
    {
        "loan_no_such_loan": {
            "zh": "没有这笔借款：{loan}（用 dunguard loan list 查看编号）",
            "en": "No such loan: {loan} (dunguard loan list shows the ids)",
        },
        "loan_ambiguous": {
            "zh": "借款编号 {loan} 对应多笔借款：{matches}，请多写几位",
            "en": "Loan id {loan} matches several loans: {matches}; give more characters",
        },
        "loan_already_deleted": {
            "zh": "这笔借款已经删除过：{loan}",
            "en": "This loan is already deleted: {loan}",
        },
        "loan_no_lender": {
            "zh": "请用 --lender 写明贷款机构或出借人，如 --lender 美团借钱",
            "en": "Name the lender with --lender, e.g. --lender 美团借钱",
        },
        "loan_need_first_due": {
            "zh": "分期借款需要 --first-due（第一期还款日），才能算出每期的日期",
            "en": "Installments need --first-due (the first due date) to know when each payment falls due",
        },
        "loan_bad_weeks": {
            "zh": "周数有误：{value}（请写 1 到 520 之间的整数）",
            "en": "Invalid number of weeks: {value} (a whole number from 1 to 520)",
        },
    }
)

# The loan log is one chain for the whole store; this name stands where a case id stands in
# chain.event_hash, so a loan entry can never pass for a case entry.
LOG_ID = "loans"
KINDS = ("installments", "schedule")
MAX_WEEKS = 520
# Reminder 15 hours before the (all-day) due date: 09:00 the day before. A one-day trigger
# on an all-day event fires at midnight, when nobody reads it.
ALARM_BEFORE = timedelta(hours=15)


# ---------------------------------------------------------------- returned types


@dataclass(frozen=True, slots=True)
class Payment:
    n: int  # 1-based position in the schedule
    due: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Loan:
    """A kept loan. ``received_on`` is None when it was not given (the rate assumes one month
    before the first payment and says so)."""

    id: str
    lender: str
    received: Decimal
    kind: str  # "installments" | "schedule"
    received_on: date | None
    signed: date | None
    lender_type: str | None
    note: str
    created_at: str
    payments: tuple[Payment, ...]
    deleted: bool = False

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))

    def rate(self) -> L.Rate:
        """The true rate, recomputed with dunguard.loans from the stored cash flows."""
        return _rate(self.kind, self.received, [(p.due, p.amount) for p in self.payments], self.received_on)

    def to_json(self, with_rate: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "lender": self.lender,
            "received": str(self.received),
            "kind": self.kind,
            "received_on": _d(self.received_on),
            "signed": _d(self.signed),
            "lender_type": self.lender_type,
            "note": self.note,
            "created_at": self.created_at,
            "total": str(self.total),
            "payments": [{"n": p.n, "due": p.due.isoformat(), "amount": str(p.amount)} for p in self.payments],
        }
        if with_rate:
            data["rate"] = L.rate_to_json(self.rate())
        return data


@dataclass(frozen=True, slots=True)
class DueItem:
    loan: Loan
    payment: Payment
    days_left: int
    rate: L.Rate

    def to_json(self) -> dict[str, Any]:
        return {
            "loan": self.loan.id,
            "lender": self.loan.lender,
            "due": self.payment.due.isoformat(),
            "n": self.payment.n,
            "of": len(self.loan.payments),
            "amount": str(self.payment.amount),
            "days_left": self.days_left,
            "annual_rate_nominal": str(self.rate.nominal_annual),
            "annual_rate_effective": str(self.rate.effective_annual),
        }


# ---------------------------------------------------------------- building a loan


def installments(n: int, amount: Decimal, first_due: date) -> list[tuple[date, Decimal]]:
    """n equal monthly payments from first_due on (same day each month, clamped to month end)."""
    return [(L.add_months(first_due, i), amount) for i in range(n)]


def _rate(kind: str, received: Decimal, schedule: Sequence[tuple[date, Decimal]], received_on: date | None) -> L.Rate:
    if kind == "installments":
        return L.rate_regular(received, [a for _, a in schedule], first_due=schedule[0][0], received_on=received_on)
    return L.rate_schedule(received, schedule, received_on=received_on)


def _d(x: date | None) -> str | None:
    return x.isoformat() if x else None


def _validate(
    kind: str,
    lender: str,
    received: Decimal,
    schedule: Sequence[tuple[date, Decimal]],
    received_on: date | None,
    signed: date | None,
    lender_type: str | None,
) -> None:
    if not lender:
        raise BadInput("loan_no_lender")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    L.parse_amount(received, "--received")
    if not schedule:
        raise BadInput("loan_no_payments")
    for _, amount in schedule:
        L.parse_amount(amount, "amount")
    if lender_type is not None:
        L.parse_lender_type(lender_type)
    L.check_dates(min(d for d, _ in schedule), received_on, signed)


def add_loan(
    store: Any,
    lender: str,
    received: Decimal,
    schedule: Sequence[tuple[date, Decimal]],
    kind: str = "installments",
    received_on: date | None = None,
    signed: date | None = None,
    lender_type: str | None = None,
    note: str = "",
) -> Loan:
    """Keep a loan; every check (amounts, date order, a computable rate) runs before any write."""
    lender = (lender or "").strip()
    note = (note or "").strip()
    lender_type = L.parse_lender_type(lender_type) if lender_type is not None else None
    _validate(kind, lender, received, schedule, received_on, signed, lender_type)
    _rate(kind, received, schedule, received_on)  # refuses a schedule that never pays back
    created = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    with store.transaction():
        conn = store.conn
        while True:
            loan_id = secrets.token_hex(4)
            if not conn.execute("SELECT 1 FROM loans WHERE id = ?", (loan_id,)).fetchone():
                break
        loan = Loan(
            loan_id, lender, received, kind, received_on, signed, lender_type, note, created,
            tuple(Payment(i, d, a) for i, (d, a) in enumerate(schedule, start=1)),
        )
        conn.execute(
            "INSERT INTO loans (id, lender, received, kind, received_on, signed, lender_type, note, created_at) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (loan_id, lender, str(received), kind, _d(received_on), _d(signed), lender_type, note, created),
        )
        conn.executemany(
            "INSERT INTO loan_payments VALUES (?,?,?,?)",
            [(loan_id, p.n, p.due.isoformat(), str(p.amount)) for p in loan.payments],
        )
        _append(conn, "loan_add", {"loan": loan_id, "lender": lender, "hash": _loan_hash(loan)})
    return loan


# ---------------------------------------------------------------- reading


def _row_to_loan(conn: Any, row: tuple) -> Loan:
    loan_id, lender, received, kind, received_on, signed, lender_type, note, created, deleted = row
    pays = tuple(
        Payment(n, date.fromisoformat(d), Decimal(a))
        for n, d, a in conn.execute("SELECT n, due, amount FROM loan_payments WHERE loan_id = ? ORDER BY n", (loan_id,))
    )
    return Loan(
        loan_id, lender, Decimal(received), kind,
        date.fromisoformat(received_on) if received_on else None,
        date.fromisoformat(signed) if signed else None,
        lender_type, note, created, pays, deleted is not None,
    )


_COLUMNS = "id, lender, received, kind, received_on, signed, lender_type, note, created_at, deleted_event"


def loans(store: Any, include_deleted: bool = False) -> list[Loan]:
    """Kept loans, oldest first (deleted ones only when asked)."""
    where = "" if include_deleted else "WHERE deleted_event IS NULL"
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM loans {where} ORDER BY created_at, id").fetchall()
    return [_row_to_loan(store.conn, r) for r in rows]


def loan(store: Any, ref: str) -> Loan:
    """A loan by its id or a unique prefix (at least 4 hex digits), deleted ones included."""
    r = (ref or "").strip().lower()
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM loans WHERE id = ?", (r,)).fetchall()
    if not rows and len(r) >= 4 and all(ch in "0123456789abcdef" for ch in r):
        rows = store.conn.execute(f"SELECT {_COLUMNS} FROM loans WHERE id LIKE ? || '%'", (r,)).fetchall()
    if not rows:
        raise BadInput("loan_no_such_loan", loan=ref)
    if len(rows) > 1:
        raise BadInput("loan_ambiguous", loan=ref, matches=", ".join(x[0] for x in rows))
    return _row_to_loan(store.conn, rows[0])


def delete_loan(store: Any, ref: str, reason: str = "") -> Loan:
    """Take a loan off the list (the row stays; the delete and its reason are logged)."""
    found = loan(store, ref)
    if found.deleted:
        raise BadInput("loan_already_deleted", loan=found.id)
    with store.transaction():
        n = _append(store.conn, "loan_delete", {"loan": found.id, "reason": (reason or "").strip()})
        store.conn.execute("UPDATE loans SET deleted_event = ? WHERE id = ?", (n, found.id))
    return loan(store, found.id)


def parse_weeks(value: str | int) -> int:
    try:
        weeks = int(str(value).strip())
    except ValueError:
        raise BadInput("loan_bad_weeks", value=value) from None
    if not 1 <= weeks <= MAX_WEEKS:
        raise BadInput("loan_bad_weeks", value=value)
    return weeks


def due(store: Any, today: date, weeks: int = 4) -> list[DueItem]:
    """Payments due from today through today + weeks, by date, each with its loan's true rate."""
    end = today + timedelta(weeks=weeks)
    items = []
    for ln in loans(store):
        upcoming = [p for p in ln.payments if today <= p.due <= end]
        if not upcoming:
            continue
        rate = ln.rate()
        items += [DueItem(ln, p, (p.due - today).days, rate) for p in upcoming]
    return sorted(items, key=lambda d: (d.payment.due, d.loan.lender, d.loan.id, d.payment.n))


# ---------------------------------------------------------------- log and verify


def _append(conn: Any, kind: str, payload: dict[str, Any]) -> int:
    """Append to the loan log; the caller holds the transaction. Returns the entry number."""
    row = conn.execute("SELECT n, hash FROM loan_events ORDER BY n DESC LIMIT 1").fetchone()
    n, prev = (row[0] + 1, row[1]) if row else (1, chain.GENESIS)
    at = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    text = chain.canonical(payload)
    digest = chain.event_hash(prev, LOG_ID, n, kind, at, text)
    conn.execute("INSERT INTO loan_events VALUES (?,?,?,?,?,?)", (n, kind, at, text, prev, digest))
    return n


def _loan_hash(ln: Loan) -> str:
    data = ln.to_json(with_rate=False)
    data.pop("total")
    return chain.row_hash(data)


def events(store: Any) -> list[dict[str, Any]]:
    """The loan log, oldest first."""
    rows = store.conn.execute("SELECT n, kind, at, payload, prev_hash, hash FROM loan_events ORDER BY n")
    return [
        {"n": n, "kind": k, "at": at, "payload": json.loads(p), "prev_hash": prev, "hash": h}
        for n, k, at, p, prev, h in rows
    ]


def verify(store: Any) -> VerifyResult:
    """Recompute the loan log's chain and compare every loan with the hash logged when it was added."""
    conn = store.conn
    rows = conn.execute("SELECT n, kind, at, payload, prev_hash, hash FROM loan_events ORDER BY n").fetchall()
    problems, head, count = chain.check_chain(LOG_ID, rows)
    logged: dict[str, str] = {}
    deleted: dict[str, int] = {}
    for n, kind, _, payload, _, _ in rows:
        try:
            data = json.loads(payload)
        except ValueError:
            continue  # reported as an altered entry by the chain check
        if kind == "loan_add":
            logged[str(data.get("loan"))] = str(data.get("hash"))
        elif kind == "loan_delete":
            deleted[str(data.get("loan"))] = n
    kept = loans(store, include_deleted=True)
    for ln in kept:
        if ln.id not in logged:
            problems.append(Problem("added", "loan", ln.id, "not in the log"))
        elif _loan_hash(ln) != logged[ln.id]:
            problems.append(Problem("altered", "loan", ln.id, "row differs from the hash logged when it was added"))
        marked = conn.execute("SELECT deleted_event FROM loans WHERE id = ?", (ln.id,)).fetchone()[0]
        if marked != deleted.get(ln.id):
            problems.append(Problem("altered", "deletion", ln.id, f"marked {marked}, logged {deleted.get(ln.id)}"))
    for loan_id in logged.keys() - {ln.id for ln in kept}:
        problems.append(Problem("missing", "loan", loan_id, "in the log, not in the store"))
    return VerifyResult(not problems, tuple(problems), head, count, {"loans": len(kept)})


# ---------------------------------------------------------------- calendar


SUMMARY = {"zh": "还款：{lender} {amount} 元", "en": "Repayment: {lender} {amount} yuan"}
DESCRIPTION = {
    "zh": "{lender} 第 {n}/{of} 期，应还 {amount} 元。这笔借款的真实年化利率 {nominal}（内部收益率法），"
    "实际年利率 {effective}。{note}\n由 dunguard 生成（借款编号 {loan}）。",
    "en": "{lender}, payment {n} of {of}: {amount} yuan. True annual rate of this loan {nominal} (IRR method), "
    "effective {effective}. {note}\nMade by dunguard (loan {loan}).",
}
ALARM = {"zh": "明天还款：{lender} {amount} 元", "en": "Due tomorrow: {lender} {amount} yuan"}
CAL_NAME = {"zh": "借款还款提醒", "en": "Loan repayments"}


def uid(loan_id: str, n: int) -> str:
    """Stable per payment, so importing the file again updates the events instead of duplicating them."""
    return f"loan-{loan_id}-{n}@dunguard"


def calendar(store: Any, lang: str = "zh") -> bytes:
    """Every payment of every kept loan as an all-day VEVENT with a reminder the day before.

    The output depends only on the store (DTSTAMP is when the loan was added), so exporting
    twice gives the same bytes.
    """
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//dunguard//loan reminders//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CAL_NAME[lang])
    for ln in loans(store):
        rate = ln.rate()
        stamp = datetime.fromisoformat(ln.created_at).astimezone(UTC)
        for p in ln.payments:
            amount = str(p.amount.quantize(L.CENT))
            fields = {
                "lender": ln.lender, "amount": amount, "n": p.n, "of": len(ln.payments), "loan": ln.id,
                "nominal": L.pct(rate.nominal_annual), "effective": L.pct(rate.effective_annual), "note": ln.note,
            }
            ev = Event()
            ev.add("uid", uid(ln.id, p.n))
            ev.add("dtstamp", stamp)
            ev.add("dtstart", p.due)
            ev.add("dtend", p.due + timedelta(days=1))
            ev.add("summary", SUMMARY[lang].format(**fields))
            ev.add("description", DESCRIPTION[lang].format(**fields).replace("  ", " "))
            ev.add("transp", "TRANSPARENT")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", ALARM[lang].format(**fields))
            alarm.add("trigger", -ALARM_BEFORE)
            ev.add_component(alarm)
            cal.add_component(ev)
    return cal.to_ical()
