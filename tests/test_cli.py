"""The command line as a user meets it: real answers, one-line errors, exit code 2 on bad input."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest
from tests.conftest import SEED

from dunguard.cli import build_parser


def test_seed_message_json_has_visit_and_deadline(run_cli):
    code, out, err = run_cli("analyze", "--json", "--received-at", "2025-02-26T10:30", SEED)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"message", "elements", "verdict", "findings", "plan"}
    times = {(e["role"], e["value"]) for e in data["elements"] if e["type"] == "time"}
    assert ("deadline", "2025-02-27T12:00:00+08:00") in times
    assert ("visit", "2025-02-27T15:00:00+08:00") in times
    assert data["message"]["received_at"] == "2025-02-26T10:30:00+08:00"


def test_terminal_report_shows_dates_with_weekday(run_cli):
    code, out, _ = run_cli("analyze", "--received-at", "2025-02-26T10:30", SEED)
    assert code == 0
    assert "2025-02-27 周四 15:00" in out
    assert "上门时间" in out and "还款期限" in out


def test_received_time_is_asked_for_only_when_a_relative_time_needs_it(run_cli):
    code, out, _ = run_cli("analyze", "你已逾期，明天上门")
    assert code == 0 and "未提供收到时间" in out
    code, out, _ = run_cli("analyze", "【招商银行】您尾号6621的信用卡本期账单金额3,417.08元，到期还款日2025年04月08日。")
    assert code == 0 and "未提供收到时间" not in out


def test_a_card_number_masked_past_reading_is_shown_as_masked_not_none(run_cli):
    code, out, _ = run_cli("analyze", "房租请转到我太太的卡里，卡号6217xxxx。")
    assert code == 0 and "账号，已打码" in out and "None" not in out
    code, out, _ = run_cli("analyze", "--lang", "en", "房租请转到我太太的卡里，卡号6217xxxx。")
    assert code == 0 and "account number, masked" in out and "None" not in out


def test_english_report(run_cli):
    code, out, _ = run_cli("analyze", "--lang", "en", "--received-at", "2025-02-26T10:30", SEED)
    assert code == 0
    assert "Visit time" in out and "Payment deadline" in out
    assert "周四" not in out


def test_stdin_dash(monkeypatch, run_cli):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.encode("utf-8"))))
    code, out, _ = run_cli("analyze", "--json", "-")
    assert code == 0
    assert json.loads(out)["message"]["text"] == SEED


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_file_in_chinese_encodings(tmp_path, run_cli, encoding):
    f = tmp_path / "sms.txt"
    f.write_bytes(SEED.encode(encoding))
    code, out, err = run_cli("analyze", "--json", "--file", str(f))
    assert code == 0, err
    assert json.loads(out)["message"]["text"] == SEED


def _assert_one_line_error(code: int, err: str, needle: str) -> None:
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert needle in lines[0]
    assert "Traceback" not in err


def test_empty_message(run_cli):
    code, _, err = run_cli("analyze", "   ")
    _assert_one_line_error(code, err, "短信内容为空")


def test_empty_message_english(run_cli):
    code, _, err = run_cli("analyze", "--lang", "en", "")
    _assert_one_line_error(code, err, "empty")


def test_binary_file(tmp_path, run_cli):
    f = tmp_path / "junk.bin"
    f.write_bytes(bytes(range(256)) * 40)
    code, _, err = run_cli("analyze", "--file", str(f))
    _assert_one_line_error(code, err, "二进制")


def test_undecodable_file(tmp_path, run_cli):
    f = tmp_path / "latin.txt"
    # Valid in neither UTF-8 nor GB18030: 0x80 is not a GB18030 lead byte.
    f.write_bytes(b"abc \x80\x80\x80 def")
    code, _, err = run_cli("analyze", "--file", str(f))
    _assert_one_line_error(code, err, "不是文本文件")


def test_ten_megabyte_file(tmp_path, run_cli):
    f = tmp_path / "big.txt"
    f.write_bytes(("您的借款已逾期，" * 700_000).encode("utf-8"))
    code, _, err = run_cli("analyze", "--file", str(f))
    _assert_one_line_error(code, err, "文件太大")


def test_missing_file(tmp_path, run_cli):
    code, _, err = run_cli("analyze", "--file", str(tmp_path / "nope.txt"))
    _assert_one_line_error(code, err, "找不到文件")


def test_bad_received_at(run_cli):
    code, _, err = run_cli("analyze", "--received-at", "明天", SEED)
    _assert_one_line_error(code, err, "无法识别的接收时间")


@pytest.mark.parametrize(("when", "needle"), [
    ("2099-01-01T10:00", "在未来"),  # a typo for 2025: every resolved date would be wrong
    ("9999-12-31T23:00", "在未来"),  # used to overflow while resolving 明天
    ("1900-01-01T10:00", "请检查年份"),
])
def test_impossible_received_times_are_refused(run_cli, when, needle):
    code, _, err = run_cli("analyze", "--received-at", when, SEED)
    _assert_one_line_error(code, err, needle)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--days-overdue", "-5"], "--days-overdue"),
        (["--owed", "abc"], "--owed"),
        (["--contacts", "1.5"], "--contacts"),
        (["--lender-type", "mafia"], "--lender-type"),
        (["--tz", "Mars/Olympus"], "时区"),
    ],
)
def test_impossible_context(run_cli, args, needle):
    code, _, err = run_cli("analyze", *args, SEED)
    _assert_one_line_error(code, err, needle)


def test_no_input_at_all(monkeypatch, run_cli):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    code, _, err = run_cli("analyze")
    _assert_one_line_error(code, err, "请给出短信内容")


def test_real_process_never_prints_traceback(tmp_path):
    f = tmp_path / "junk.bin"
    f.write_bytes(b"\x00\xff" * 1000)
    proc = subprocess.run(
        [sys.executable, "-m", "dunguard.cli", "analyze", "--file", str(f)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_help_lists_commands(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "analyze" in out and "explain" in out
    assert "本地运行" in out


def test_piped_report_marks_the_recognised_pieces(run_cli):
    # Without colour (a pipe or a saved file) the pieces are bracketed so the marking survives.
    code, out, _ = run_cli("analyze", "--received-at", "2025-02-26T10:30", SEED)
    assert code == 0
    assert "⟦明日中午12点前⟧" in out and "⟦明天下午3点⟧" in out and "⟦95188⟧" in out


def test_rules_and_explain(run_cli):
    code, out, _ = run_cli("rules")
    assert code == 0 and "CN-VISIT-001" in out and "CN-THREAT-001" in out
    code, out, _ = run_cli("explain", "cn-visit-001")
    assert code == 0 and "CN-VISIT-001" in out and "示例" in out
    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0 and json.loads(out)[0]["citations"]


def test_unknown_rule_id(run_cli):
    code, _, err = run_cli("explain", "CN-NOPE-999")
    _assert_one_line_error(code, err, "没有这条规则")



def _every_parser(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_parser(sub, (*path, name))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_prints_its_help(lang, run_cli):
    # A "%" in a help text (月费率1.5%) made `dunguard loan rate --help` an internal error.
    paths = [p for p, _ in _every_parser(build_parser(lang))]
    assert ("loan", "rate") in paths and ("case", "attach") in paths
    for path in paths:
        code, out, err = run_cli(*path, "--help", "--lang", lang)
        assert code == 0 and "usage:" in out and not err, (path, err)


# --- a received time needs a time of day ------------------------------------------------------


@pytest.mark.parametrize("when", ["2025-02-26", "2025/2/26", "20250226", " 2025-02-26 "])
def test_a_date_without_a_time_of_day_is_refused_not_read_as_midnight(run_cli, when):
    # Read as 00:00 it cited the night-time rule (CN-TIME-001), which then went into complaint letters.
    code, out, err = run_cli("analyze", "您的借款已逾期，请尽快还款。", "--received-at", when)
    _assert_one_line_error(code, err, "只有日期、没有几点几分")
    assert "2025-02-26T10:30" in err and out == ""
    code, _, err = run_cli("analyze", "--lang", "en", "您的借款已逾期，请尽快还款。", "--received-at", when)
    _assert_one_line_error(code, err, "has a date but no time of day")


@pytest.mark.parametrize("when", ["2025-02-26T00:00", "2025-02-26 9:05", "2025/2/26 10:30", "20250226T1030"])
def test_a_date_with_a_time_of_day_is_read(run_cli, when):
    code, _, err = run_cli("analyze", "--json", "您的借款已逾期，请尽快还款。", "--received-at", when)
    assert code == 0, err


def test_case_import_refuses_a_date_without_a_time_of_day(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("DUNGUARD_DB", str(tmp_path / "c.db"))
    code, out, _ = run_cli("case", "new", "测试")
    case = out.split()[-1]
    text = tmp_path / "sms.txt"
    text.write_text("您的借款已逾期，请尽快还款。", encoding="utf-8")
    code, _, err = run_cli("case", "import", case, str(text), "--received-at", "2025-02-26")
    _assert_one_line_error(code, err, "只有日期、没有几点几分")
    code, _, err = run_cli("case", "import", case, str(text), "--received-at", "2025-02-26T10:30")
    assert code == 0, err


# --- usage errors in the user's language ------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (("analyze", "x", "--days-overdue", "-5"), "参数 --days-overdue 有误：'-5' 不能是负数",
         "option --days-overdue: '-5' must not be negative"),
        (("analyze", "x", "--contacts", "1.5"), "参数 --contacts 有误：'1.5' 不是整数", "'1.5' is not a whole number"),
        (("analyze", "x", "--owed", "abc"), "参数 --owed 有误：'abc' 不是有效的金额", "'abc' is not a valid amount"),
        (("analyze", "x", "--lender-type", "mafia"), "'mafia' 不是可选的值（可选：'bank'",
         "option --lender-type: 'mafia' is not one of 'bank'"),
        (("analyze", "x", "--received-at"), "参数 --received-at 有误：后面需要跟一个值", "needs a value after it"),
        (("analyze", "x", "--frob"), "不认识的参数：--frob", "unrecognized options: --frob"),
        (("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type", "bank"),
         "缺少必填参数：--signed", "missing required options: --signed"),
        (("case", "show", "x", "--all", "--only-flagged"), "参数 --only-flagged 有误：不能和 --all 同时使用",
         "cannot be used together with --all"),
        (("batch", "a.jsonl", "b.jsonl", "--workers", "0"), "参数 --workers 有误：'0' 至少要是 1",
         "'0' must be at least 1"),
        (("nonsense",), "'nonsense' 不是可选的值", "'nonsense' is not one of"),
    ],
)
def test_usage_errors_follow_the_language(run_cli, argv, zh, en):
    code, out, err = run_cli(*argv)
    _assert_one_line_error(code, err, zh)
    assert err.startswith("dunguard") and "错误: " in err and out == ""
    assert "argument" not in err and "not allowed" not in err and "required" not in err
    code, _, err = run_cli(*argv, "--lang", "en") if argv != ("nonsense",) else run_cli("--lang", "en", *argv)
    _assert_one_line_error(code, err, en)
    assert "error: " in err


def test_an_unknown_usage_error_passes_through():
    from dunguard.cli import translate_usage_error

    assert translate_usage_error("something new", "zh") == "something new"
    assert translate_usage_error("argument --x: brand-new detail", "zh") == "参数 --x 有误：brand-new detail"


def test_english_phone_table_has_no_chinese_carrier_or_region(run_cli):
    text = "【XX金融】请联系13812345678或致电010-12345678、0755-12345678。"
    code, out, _ = run_cli("analyze", "--lang", "en", "--received-at", "2025-02-26T10:30", text)
    assert code == 0
    assert "mobile (personal number) (China Mobile)" in out
    assert "landline (Beijing)" in out and "landline (Guangdong)" in out
    assert not any(word in out for word in ("中国移动", "北京市", "广东省"))
    code, out, _ = run_cli("analyze", "--received-at", "2025-02-26T10:30", text)
    assert "（中国移动）" in out and "固定电话（北京市）" in out and "固定电话（广东省深圳市）" in out
    code, out, _ = run_cli("analyze", "--lang", "en", "--received-at", "2025-02-26T10:30", "请拨打110")
    assert "public service short number (police emergency)" in out and "报警" not in out


def test_the_borrower_can_say_the_collector_does_not_know_the_address(run_cli):
    text = "你的借款已逾期200天，我们知道你住XX花园3栋1202，明天上门核实"
    args = ("analyze", "--json", "--received-at", "2026-12-07T14:30", text)
    _, said, _ = run_cli(*args)
    _, told, _ = run_cli(*args[:-1], "--address-unknown", text)
    codes = [r["code"] for r in json.loads(told)["verdict"]["visit_credibility"]["reasons"]]
    assert "message_address" in [r["code"] for r in json.loads(said)["verdict"]["visit_credibility"]["reasons"]]
    assert "message_address" not in codes and "address_unknown" in codes
    code, _, err = run_cli("analyze", "--address-known", "--address-unknown", text)
    assert code == 2 and "--address-unknown" in err and "Traceback" not in err


def test_a_rule_shows_its_best_two_sources_and_says_how_to_see_the_rest(run_cli):
    code, out, _ = run_cli("analyze", "--received-at", "2025-02-26T23:40", "还睡得着？明天一早我们就到你家门口等你")
    block = out.split("CN-VISIT-003", 1)[1].split("[", 1)[0]
    assert block.count("出处：") == 2 and "已核对条文" in block
    _, js, _ = run_cli("analyze", "--json", "--received-at", "2025-02-26T23:40", "还睡得着？明天一早我们就到你家门口等你")
    cited = next(f for f in json.loads(js)["findings"] if f["rule_id"] == "CN-VISIT-003")["citations"]
    assert len(cited) > 2
    assert f"另有 {len(cited) - 2} 处出处，加 --json 可看全部" in out.replace("\n", "").replace("  ", "")


def test_a_date_in_a_text_about_no_debt_is_no_payment_deadline(run_cli):
    _, out, _ = run_cli("analyze", "--received-at", "2026-12-07T14:30",
                        "【菜鸟驿站】您的包裹已到XX小区东门驿站，取件码 6-2-3045，请于12月9日前取件。")
    assert "还款期限" not in out and "期限" in out
    _, out, _ = run_cli("analyze", "--received-at", "2026-12-07T14:30", "您的借款请于12月9日前还款")
    assert "还款期限" in out
