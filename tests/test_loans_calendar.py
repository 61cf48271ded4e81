"""`dunguard loan calendar > loans.ics`: due dates as phone-importable reminders, parsed back
with icalendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

import dunguard.cli as cli


@pytest.fixture
def run(monkeypatch, capsysbinary, tmp_path):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.loans_cli",))
    db = str(tmp_path / "store.db")

    def _run(*argv: str) -> tuple[int, bytes, str]:
        code = cli.main([*argv, "--db", db])
        out = capsysbinary.readouterr()
        return code, out.out, out.err.decode("utf-8")

    return _run


def add(run, *extra: str) -> str:
    code, out, err = run("loan", "add", "--lender", "美团借钱", "--received", "9000", "--installments", "12x1000",
                         "--first-due", "2025-03-26", *extra)
    assert code == 0, err
    return out.decode().strip()


def events(ics: bytes) -> list:
    cal = Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_one_event_per_payment_with_alarm_the_day_before(run):
    loan_id = add(run)
    code, out, err = run("loan", "calendar")
    assert code == 0
    assert b"\r\n" in out and out.startswith(b"BEGIN:VCALENDAR")  # RFC 5545 line endings
    assert "12" in err  # how many reminders, on stderr so stdout stays a clean .ics
    evs = events(out)
    assert len(evs) == 12
    first = evs[0]
    assert str(first["SUMMARY"]) == "还款：美团借钱 1000.00 元"
    start = first["DTSTART"].dt
    assert isinstance(start, date) and not isinstance(start, datetime)  # an all-day event
    assert start == date(2025, 3, 26) and first["DTEND"].dt == date(2025, 3, 27)
    assert "56.75%" in str(first["DESCRIPTION"])  # the true rate travels with the reminder
    assert [e["DTSTART"].dt for e in evs][-1] == date(2026, 2, 26)
    for e in evs:
        alarms = [c for c in e.walk() if c.name == "VALARM"]
        assert len(alarms) == 1
        trigger = alarms[0]["TRIGGER"].dt
        # 09:00 the day before the due date.
        assert timedelta(hours=-24) <= trigger < timedelta(0)
        assert datetime.combine(e["DTSTART"].dt, datetime.min.time()) + trigger == datetime.combine(
            e["DTSTART"].dt - timedelta(days=1), datetime.min.time()) + timedelta(hours=9)
        assert str(alarms[0]["ACTION"]) == "DISPLAY" and alarms[0].get("DESCRIPTION")
        assert loan_id in str(e["UID"]) and e.get("DTSTAMP")


def test_uids_are_unique_and_stable_across_exports(run):
    add(run)
    _, first, _ = run("loan", "calendar")
    add(run, "--note", "第二笔")
    _, second, _ = run("loan", "calendar")
    uids1 = [str(e["UID"]) for e in events(first)]
    uids2 = [str(e["UID"]) for e in events(second)]
    assert len(set(uids1)) == 12 and len(set(uids2)) == 24
    assert set(uids1) <= set(uids2)  # re-importing updates the same events
    # The events of the first loan are byte-for-byte the same in both exports.
    old = {str(e["UID"]): e.to_ical() for e in events(first)}
    new = {str(e["UID"]): e.to_ical() for e in events(second)}
    assert all(new[u] == old[u] for u in old)


def test_english_and_output_file(run, tmp_path):
    add(run)
    target = tmp_path / "loans.ics"
    code, out, _ = run("loan", "calendar", "--lang", "en", "-o", str(target))
    assert code == 0 and out == b""
    evs = events(target.read_bytes())
    assert str(evs[0]["SUMMARY"]) == "Repayment: 美团借钱 1000.00 yuan"
    assert not list(tmp_path.glob("*.part"))


def test_deleted_loan_leaves_the_calendar(run):
    loan_id = add(run)
    code, _, _ = run("loan", "delete", loan_id, "--reason", "已还清")
    assert code == 0
    _, out, err = run("loan", "calendar")
    assert events(out) == [] and err.strip()


def test_empty_store_is_a_valid_empty_calendar(run):
    code, out, err = run("loan", "calendar")
    assert code == 0 and events(out) == [] and "还没有" in err
