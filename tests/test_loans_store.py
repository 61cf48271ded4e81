"""Keeping loans (`dunguard loan add|list|due|delete`): the store, the true rate beside each
payment, and bad input that leaves the store exactly as it was."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

import dunguard.cli as cli
from dunguard import loans_store as S
from dunguard.case.store import open_store
from dunguard.errors import BadInput


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "store.db")


@pytest.fixture
def run(monkeypatch, capsys, db):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.loans_cli",))
    monkeypatch.delenv("DUNGUARD_DB", raising=False)

    def _run(*argv: str, with_db: bool = True) -> tuple[int, str, str]:
        code = cli.main([*argv, "--db", db] if with_db else list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


MEITUAN = ("loan", "add", "--lender", "美团借钱", "--received", "9000", "--installments", "12x1000",
           "--first-due", "2025-03-26")


def dump(db: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_add_then_list_shows_the_true_rate(run):
    code, out, err = run(*MEITUAN, "--note", "合同A1")
    assert code == 0, err
    loan_id = out.strip()
    assert len(loan_id) == 8
    # 9,000 received for 12 x 1,000: 4.7296 %/month, 56.75 % x12, 74.11 % effective (test_loans.py).
    assert "56.75%" in err and "74.11%" in err and "2025-02-26" in err  # the assumed arrival date is said
    code, out, _ = run("loan", "list")
    assert code == 0
    assert loan_id in out and "美团借钱" in out and "12,000.00" in out and "56.75%" in out and "合同A1" in out


def test_due_lists_the_window_with_days_left_and_rate(run):
    run(*MEITUAN)
    run("loan", "add", "--lender", "借呗", "--received", "5000", "--installments", "6x900",
        "--first-due", "2025-04-17", "--received-on", "2025-03-17")
    code, out, err = run("loan", "due", "--today", "2025-03-20")
    assert code == 0, err
    lines = out.splitlines()
    assert "2 笔" in lines[0] and "1,900.00" in lines[0]
    assert lines[1].strip().startswith("2025-03-26（还有 6 天）") and "美团借钱" in lines[1] and "56.75%" in lines[1]
    # The window's last day (today + 4 weeks) is included.
    assert lines[2].strip().startswith("2025-04-17（还有 28 天）") and "借呗" in lines[2]
    assert "2025-04-26" not in out  # the second Meituan payment is after the window
    code, out, _ = run("loan", "due", "--today", "2025-03-27", "--weeks", "1", "--lang", "en")
    assert code == 0 and "Nothing falls due" in out


def test_due_today_and_tomorrow_are_words(run):
    run(*MEITUAN)
    _, out, _ = run("loan", "due", "--today", "2025-03-26")
    assert "2025-03-26（今天）" in out
    _, out, _ = run("loan", "due", "--today", "2025-03-25", "--lang", "en")
    assert "2025-03-26 (tomorrow)" in out


def test_due_json_uses_the_loans_rate_functions(run, db):
    from dunguard.loans import rate_regular

    run(*MEITUAN)
    code, out, _ = run("loan", "due", "--today", "2025-03-01", "--weeks", "8", "--json")
    assert code == 0
    import json

    data = json.loads(out)
    assert [d["due"] for d in data["due"]] == ["2025-03-26", "2025-04-26"]
    expected = rate_regular(Decimal(9000), [Decimal(1000)] * 12, first_due=date(2025, 3, 26))
    assert data["due"][0]["annual_rate_nominal"] == str(expected.nominal_annual)
    assert data["due"][0]["days_left"] == 25 and data["due"][0]["of"] == 12


def test_schedule_file_and_xirr(run, tmp_path):
    csv = tmp_path / "s.csv"
    csv.write_text("date,amount\n2008-03-01,2750\n2008-10-30,4250\n2009-02-15,3250\n2009-04-01,2750\n")
    code, out, err = run("loan", "add", "--lender", "朋友", "--received", "10000", "--schedule", str(csv),
                         "--received-on", "2008-01-01", "--lender-type", "private", "--signed", "2008-01-01")
    assert code == 0, err
    # The spreadsheet XIRR example: 37.3362535 % effective (test_loans.py).
    assert "37.34%" in err
    _, out, _ = run("loan", "due", "--today", "2008-10-01", "--weeks", "5", "--lang", "en")
    assert "2008-10-30 (in 29 days)" in out and "4,250.00" in out and "37.34%" in out


def test_db_from_environment(run, monkeypatch, db):
    monkeypatch.setenv("DUNGUARD_DB", db)
    code, out, _ = run(*MEITUAN, with_db=False)
    assert code == 0
    with open_store(db) as store:
        assert [ln.id for ln in S.loans(store)] == [out.strip()]


BAD = [
    (("--lender", "x", "--received", "0", "--installments", "12x1000", "--first-due", "2025-03-26"), "--received"),
    (("--lender", "x", "--received", "-5", "--installments", "12x1000", "--first-due", "2025-03-26"), "--received"),
    (("--lender", "x", "--received", "9000", "--installments", "12x0", "--first-due", "2025-03-26"), "--installments"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26",
      "--received-on", "2025-04-01"), "到账日期 2025-04-01 晚于第一笔还款日 2025-03-26"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26",
      "--received-on", "2025-03-26"), "第一笔还款日 2025-03-26 就是到账日期"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26",
      "--received-on", "2025-02-01", "--signed", "2025-02-10"), "签约日期 2025-02-10 晚于到账日期 2025-02-01"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26",
      "--signed", "2025-05-01"), "签约日期 2025-05-01 晚于第一笔还款日 2025-03-26"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000"), "--first-due"),
    (("--lender", "x", "--received", "20000", "--installments", "12x1000", "--first-due", "2025-03-26"), "12000"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-13-01"), "日期"),
    (("--lender", "x", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26",
      "--lender-type", "shark"), "shark"),
    (("--lender", " ", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26"), "--lender"),
    (("--lender", "x", "--received", "9000"), "--installments"),
]


@pytest.mark.parametrize("argv,word", BAD)
def test_bad_add_is_one_line_exit_2_and_store_unchanged(run, db, argv, word):
    run(*MEITUAN)
    before = dump(db)
    code, out, err = run("loan", "add", *argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("dunguard: 错误:") and word in err
    assert out == ""
    assert dump(db) == before


@pytest.mark.parametrize(
    "content,word",
    [
        ("day,amount\n2025-03-01,100\n", "date"),
        ("date,sum\n2025-03-01,100\n", "amount"),
        ("date,amount\n2025-05-01,6000\n2025-04-01,6000\n", "顺序"),
        ("date,amount\n2025-04-01,0\n", "第 2 行"),
    ],
)
def test_bad_schedule_csv(run, db, tmp_path, content, word):
    run(*MEITUAN)
    before = dump(db)
    csv = tmp_path / "bad.csv"
    csv.write_text(content)
    code, _, err = run("loan", "add", "--lender", "x", "--received", "9000", "--schedule", str(csv))
    assert code == 2 and err.count("\n") == 1 and word in err
    assert dump(db) == before


def test_delete_hides_logs_and_refuses_twice(run, db):
    _, out, _ = run(*MEITUAN)
    loan_id = out.strip()
    code, out, _ = run("loan", "delete", loan_id[:5], "--reason", "录错了")
    assert code == 0 and loan_id in out
    _, out, _ = run("loan", "list")
    assert "美团借钱" not in out
    _, out, _ = run("loan", "due", "--today", "2025-03-20")
    assert "美团借钱" not in out
    before = dump(db)
    code, _, err = run("loan", "delete", loan_id)
    assert code == 2 and "已经删除" in err
    code, _, err = run("loan", "delete", "0000ffff")
    assert code == 2 and "0000ffff" in err and err.count("\n") == 1
    assert dump(db) == before
    with open_store(db) as store:
        kinds = [(e["kind"], e["payload"].get("reason")) for e in S.events(store)]
        assert kinds == [("loan_add", None), ("loan_delete", "录错了")]
        assert S.loan(store, loan_id).deleted  # the row is kept
        assert S.verify(store).ok


def test_verify_names_a_loan_changed_behind_the_log(db):
    with open_store(db) as store:
        ln = S.add_loan(store, "美团借钱", Decimal(9000), S.installments(12, Decimal(1000), date(2025, 3, 26)))
        S.add_loan(store, "借呗", Decimal(5000), S.installments(6, Decimal(900), date(2025, 4, 2)))
        assert S.verify(store).ok
        store.conn.execute("UPDATE loan_payments SET amount = '500' WHERE loan_id = ? AND n = 3", (ln.id,))
        result = S.verify(store)
        assert not result.ok
        assert [(p.change, p.item, p.ref) for p in result.problems] == [("altered", "loan", ln.id)]


def test_store_api_refuses_bad_values_before_writing(db):
    with open_store(db) as store:
        with pytest.raises(BadInput):
            S.add_loan(store, "x", Decimal(-1), S.installments(2, Decimal(600), date(2025, 3, 1)))
        with pytest.raises(BadInput):
            S.add_loan(store, "x", Decimal(1000), [(date(2025, 3, 1), Decimal(600)), (date(2025, 4, 1), Decimal(-1))])
        with pytest.raises(BadInput):
            S.loan(store, "abcd")
        assert S.loans(store, include_deleted=True) == [] and S.events(store) == []


def test_migration_upgrades_an_old_store_and_reruns_harmlessly(db):
    from dunguard.case.migrations import MIGRATIONS, migrate

    # A store made before loans existed: only the first migration applied.
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    from dunguard.case import migrations as M

    original = M.MIGRATIONS
    M.MIGRATIONS = original[:1]
    try:
        assert migrate(conn) == ["0001_initial"]
    finally:
        M.MIGRATIONS = original
    conn.close()
    with open_store(db) as store:
        case_id = store.new_case("旧案件")
        S.add_loan(store, "美团借钱", Decimal(9000), S.installments(12, Decimal(1000), date(2025, 3, 26)))
        assert "0002_loans" in [r[0] for r in store.conn.execute("SELECT name FROM schema_version")]
        store.conn.execute("DELETE FROM schema_version")
        assert migrate(store.conn) == [m[0] for m in MIGRATIONS]
        assert len(S.loans(store)) == 1 and store.case(case_id).name == "旧案件"
        assert S.verify(store).ok and store.verify(case_id).ok


def test_same_loan_twice_is_kept_with_a_warning(run):
    _, first, _ = run(*MEITUAN)
    code, second, err = run(*MEITUAN, "--lang", "en")
    assert code == 0 and first != second
    assert f"identical to {first.strip()}" in err and f"loan delete {second.strip()}" in err


def test_list_shows_lender_type_signing_date_and_note(run):
    run(*MEITUAN, "--lender-type", "platform", "--signed", "2025-02-20", "--note", "合同A1")
    _, out, _ = run("loan", "list")
    assert "网贷平台（助贷）；签约 2025-02-20；合同A1" in out


def test_kept_installments_are_rated_from_the_arrival_date(run):
    # `loan add/list/due` recompute with loans.rate_regular, which now uses --received-on (XIRR).
    code, out, err = run(*MEITUAN, "--received-on", "2024-12-26")
    assert code == 0, err
    assert "真实年化利率 42.40%（内部收益率法），实际年利率 51.70%" in err and "假定" not in err
    _, out, _ = run("loan", "list")
    assert "年化 42.40%（实际 51.70%）" in out
    _, out, _ = run("loan", "due", "--today", "2025-03-20")
    assert "年化 42.40%（实际 51.70%）" in out


def test_add_takes_the_lender_type_in_either_spelling(run):
    code, out, err = run(*MEITUAN, "--lender-type", "consumer_finance", "--json")
    assert code == 0, err
    import json

    assert json.loads(out)["lender_type"] == "consumer-finance"
    _, out, _ = run("loan", "list")
    assert "消费金融公司" in out
