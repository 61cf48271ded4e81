"""`dunguard loan …` and `dunguard letter …` as a user types them: answers on stdout, bad input
as one line on stderr with exit code 2."""

from __future__ import annotations

import pytest

import dunguard.cli as cli


@pytest.fixture
def run(monkeypatch, capsys):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.loans_cli",))

    def _run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def test_rate_installments(run):
    code, out, err = run("loan", "rate", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26")
    assert code == 0, err
    assert "56.75%" in out and "74.11%" in out
    assert "IRR×12" in out and "2025-02-26" in out  # the assumed arrival date is stated


def test_rate_english_with_advertised_rate(run):
    code, out, _ = run("loan", "rate", "--principal", "12000", "--nominal", "月费率1.5%", "--months", "12",
                       "--lang", "en")
    assert code == 0
    assert "looks like 18.00% a year" in out
    assert "31.72%" in out and "13.72 percentage points higher" in out


def test_rate_fee_up_front(run):
    code, out, _ = run("loan", "rate", "--principal", "10000", "--fee-upfront", "1000", "--installments",
                       "12x888.49")
    assert code == 0
    assert "9,000.00" in out and "32.50%" in out


def test_rate_schedule(run, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount\n2008-03-01,2750\n2008-10-30,4250\n2009-02-15,3250\n2009-04-01,2750\n")
    code, out, err = run("loan", "rate", "--received", "10000", "--schedule", str(p), "--received-on", "2008-01-01")
    assert code == 0, err
    assert "XIRR" in out and "37.34%" in out


def test_rate_of_a_seven_day_loan(run, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount\n2026-12-13,2000\n")
    code, out, err = run("loan", "rate", "--received", "1400", "--schedule", str(p), "--received-on", "2026-12-06")
    assert code == 0, err
    assert "每期 7 天" in out and "2,234.69%" in out
    code, out, err = run("loan", "rate", "--received", "1400", "--schedule", str(p))
    assert code == 2 and "--received-on" in err and err.count("\n") <= 1


def test_check_names_lines_sources_and_excess(run):
    code, out, err = run("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type",
                         "platform", "--signed", "2024-06-01", "--first-due", "2024-07-01",
                         "--claimed-interest", "3000", "--claimed-penalty", "800")
    assert code == 0, err
    assert "法发〔2017〕22号" in out and "可信度 U" in out
    assert "非法放贷" in out and "可信度 S" in out
    assert "1,640.00" in out and "560.00" in out  # claimed charges above 24 % and 36 %
    assert "不适用民间借贷" in out  # licensed lenders are outside the 4 x LPR cap
    assert "可能" in out  # never more than "may"


def test_check_private_warns_about_unverified_lpr(run):
    code, out, _ = run("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type",
                       "private", "--signed", "2023-10-25", "--lang", "en")
    assert code == 0
    assert "x 4 = 13.80%" in out
    assert "could not be verified" in out


def test_check_private_with_verified_lpr_has_no_warning(run):
    code, out, _ = run("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type",
                       "private", "--signed", "2024-10-21", "--lang", "en")
    assert code == 0
    assert "x 4 = 12.40%" in out and "could not be verified" not in out


def test_plan(run):
    code, out, _ = run("loan", "plan", "--owed", "12500", "--income", "6000", "--expenses", "4200",
                       "--months", "6,12,24")
    assert code == 0
    assert "1,041.67" in out and "57.9%" in out and "负担不了" in out
    assert "520.84" in out and "可负担" in out
    assert "停息挂账" in out and "50%" in out


def test_plan_nothing_affordable(run):
    code, out, _ = run("loan", "plan", "--owed", "12500", "--income", "3000", "--expenses", "4200", "--lang", "en")
    assert code == 0
    assert "No installment plan is affordable" in out and "12348" in out


def test_letter_negotiate_example(run):
    code, out, _ = run("letter", "negotiate", "--lender", "美团", "--owed", "12500", "--plan", "12", "--reason", "失业")
    assert code == 0
    assert out.startswith("协商还款申请")
    assert "1,041.67" in out and "【姓名】" in out


def test_letter_willing_markdown_and_file(run, tmp_path):
    target = tmp_path / "w.md"
    code, out, _ = run("letter", "willing", "--format", "md", "-o", str(target), "--lang", "en")
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Statement of willingness to repay")


def test_letter_pdf(run, tmp_path):
    target = tmp_path / "n.pdf"
    code, _, err = run("letter", "negotiate", "--format", "pdf", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    code, _, err = run("letter", "negotiate", "--format", "pdf")
    assert code == 2 and "-o" in err


def test_letter_complaint_from_report_file(run, tmp_path):
    code, out, _ = run("analyze", "--json", "--received-at", "2025-02-26T22:40",
                       "【某某金融】您已严重逾期，我司将联系您的家人和单位同事。")
    assert code == 0
    rep = tmp_path / "r.json"
    rep.write_text(out, encoding="utf-8")
    code, out, err = run("letter", "complaint", "--report", str(rep), "--to", "12321")
    assert code == 0, err
    assert "12321" in out and "CN-3P-001" in out and "SHA-256" in out


def test_letter_complaint_from_case(run, tmp_path):
    pytest.importorskip("dunguard.case.store")
    from dunguard.case.store import open_store

    db = tmp_path / "c.db"
    with open_store(db) as st:
        cid = st.new_case("测试")
    # An empty case breaks no rule: the blank complaint is written only when asked for.
    code, out, err = run("letter", "complaint", cid, "--db", str(db), "--to", "local")
    assert code == 2 and out == "" and "没有发现违反催收规定的行为" in err and "--force" in err
    code, out, err = run("letter", "complaint", cid, "--db", str(db), "--to", "local", "--force")
    assert code == 0, err
    assert "地方金融管理局" in out and "【收到短信的时间、号码和原文】" in out


BANK = "【招商银行】尊敬的客户，您尾号8821的信用卡本期账单金额3,256.00元，最后还款日为03月05日，请按时还款。"


def test_letter_complaint_refuses_a_report_that_breaks_no_rule(run, tmp_path):
    code, out, _ = run("analyze", "--json", "--received-at", "2025-02-26T10:30", BANK)
    assert code == 0
    rep = tmp_path / "bank.json"
    rep.write_text(out, encoding="utf-8")
    code, out, err = run("letter", "complaint", "--report", str(rep))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("dunguard: 错误: 没有生成投诉书：分析结果中没有发现违反催收规定的行为") and "--force" in err
    code, out, err = run("letter", "complaint", "--report", str(rep), "--lang", "en")
    assert code == 2 and out == "" and "the analysis found no breach of the collection rules" in err
    code, out, err = run("letter", "complaint", "--report", str(rep), "--force")
    assert code == 0 and "【涉嫌违反的规定】" in out and "招商银行" in out
    code, out, _ = run("letter", "complaint", "--help")
    assert "--force" in out and "没有发现违规" in out


def test_bad_schedule_row_reads_in_the_users_language(run, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount\n2025-03-01,abc\n", encoding="utf-8")
    code, _, err = run("loan", "rate", "--received", "9000", "--schedule", str(p))
    assert code == 2 and err.count("\n") == 1
    assert "第 2 行有误：金额有误：amount = abc（必须是大于 0 的数字）" in err and "Invalid" not in err
    code, _, err = run("loan", "rate", "--received", "9000", "--schedule", str(p), "--lang", "en")
    assert code == 2 and "line 2: Invalid amount: amount = abc (must be a number above 0)" in err


@pytest.mark.parametrize(
    "argv",
    [
        ("loan", "rate", "--received", "-9000", "--installments", "12x1000"),
        ("loan", "rate", "--received", "0", "--installments", "12x1000"),
        ("loan", "rate", "--received", "9000", "--installments", "12x-1000"),
        ("loan", "rate", "--received", "9000", "--installments", "12x1000", "--first-due", "2025-02-30"),
        ("loan", "rate", "--received", "20000", "--installments", "12x1000"),
        ("loan", "rate", "--received", "9000"),
        ("loan", "rate", "--received", "9000", "--nominal", "日息0.05%"),
        ("loan", "rate", "--received", "9000", "--schedule", "/nonexistent/s.csv"),
        ("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type", "shark",
         "--signed", "2024-06-01"),
        ("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type", "bank",
         "--signed", "yesterday"),
        ("loan", "rate", "--received", "9000", "--installments", "12x1000", "--schedule", "s.csv"),
        ("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type", "bank",
         "--signed", "2024-06-01", "--claimed-interest", "500"),
        ("loan", "plan", "--owed", "-1", "--income", "6000", "--expenses", "4200"),
        ("loan", "plan", "--owed", "1000", "--income", "6000", "--expenses", "4200", "--months", "0"),
        ("letter", "negotiate", "--owed", "abc"),
        ("letter", "complaint", "--to", "12378"),
        ("letter", "complaint", "--report", "x.json", "--to", "999"),
    ],
)
def test_bad_input_is_one_line_exit_2(run, argv):
    code, out, err = run(*argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("dunguard")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "content",
    ["when,amount\n2025-01-01,100\n", "date,amount\n2025-01-01,ten\n", "date,amount\n2025-03-01,600\n2025-02-01,600\n",
     "date,amount\n2025-03-01,100\n"],
)
def test_bad_schedule_is_one_line_exit_2(run, tmp_path, content):
    p = tmp_path / "s.csv"
    p.write_text(content, encoding="utf-8")
    code, _, err = run("loan", "rate", "--received", "500", "--schedule", str(p))
    assert code == 2 and err.count("\n") == 1


def test_help_is_bilingual_and_light(run):
    code, out, _ = run("loan", "--help")
    assert code == 0 and "真实年化利率" in out
    code, out, _ = run("letter", "--help", "--lang", "en")
    assert code == 0 and "negotiation" in out


def test_json_outputs_decimal_strings(run):
    import json

    code, out, _ = run("loan", "rate", "--received", "9000", "--installments", "12x1000", "--advertised", "月息2分",
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert data["annual_rate_nominal"].startswith("0.5675") and data["advertised"]["annual_simple"] == "0.24"
    code, out, _ = run("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type",
                       "private", "--signed", "2023-10-25", "--json")
    line = json.loads(out)["lines"][0]
    assert line["id"] == "private_4x_lpr" and line["lpr"]["verified"] is False and line["annual_rate"] == "0.138"
    code, out, _ = run("loan", "plan", "--owed", "12500", "--income", "6000", "--expenses", "4200", "--json")
    data = json.loads(out)
    assert [o["affordable"] for o in data["options"]] == [False, False, True] and data["min_months"] == 14


# --- found by a new-user test ------------------------------------------------------------------

INSTALMENTS = ("--received", "9000", "--installments", "12x1000", "--first-due", "2025-03-26")


@pytest.mark.parametrize(("arrived", "nominal", "effective"),
                         [("2024-12-26", "42.40%", "51.70%"), ("2025-03-20", "65.51%", "89.24%")])
def test_rate_of_installments_uses_the_arrival_date(run, arrived, nominal, effective):
    # Independent XIRR (actual/365) of -9000 on the arrival day and 12 x 1000 from 2025-03-26.
    code, out, err = run("loan", "rate", *INSTALMENTS, "--received-on", arrived)
    assert code == 0, err
    assert f"年化利率（按月内部收益率×12，名义年利率）：{nominal}" in out
    assert f"实际年利率（XIRR，按实际天数/365 复利）：{effective}" in out
    assert f"（按实际日期计算：{arrived} 到账，2025-03-26 起还款 12 笔，用 XIRR 按实际天数折算）" in out
    assert "56.75%" not in out
    code, out, _ = run("loan", "rate", *INSTALMENTS, "--received-on", arrived, "--json")
    import json

    data = json.loads(out)
    assert data["method"] == "xirr" and data["received_on"] == arrived and data["received_on_assumed"] is False
    assert f"{float(data['annual_rate_nominal']) * 100:.2f}%" == nominal


def test_rate_of_installments_with_the_arrival_one_month_before_stays_monthly(run):
    code, out, _ = run("loan", "rate", *INSTALMENTS, "--received-on", "2025-02-26")
    assert code == 0
    assert "年化利率（IRR×12，名义年利率）：56.75%" in out and "74.11%" in out
    assert "2025-02-26 到账，正好在第一期还款 2025-03-26 前一个月" in out and "假定" not in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("loan", "rate", *INSTALMENTS, "--received-on", "2025-04-20"),
         "日期顺序不对：到账日期 2025-04-20 晚于第一笔还款日 2025-03-26"),
        (("loan", "rate", *INSTALMENTS, "--received-on", "2025-03-26"),
         "日期顺序不对：第一笔还款日 2025-03-26 就是到账日期"),
        (("loan", "check", *INSTALMENTS, "--received-on", "2025-04-20", "--lender-type", "private",
          "--signed", "2025-01-01"), "到账日期 2025-04-20 晚于第一笔还款日 2025-03-26"),
        (("loan", "check", *INSTALMENTS, "--lender-type", "private", "--signed", "2025-04-01"),
         "日期顺序不对：签约日期 2025-04-01 晚于第一笔还款日 2025-03-26"),
        (("loan", "check", *INSTALMENTS, "--received-on", "2025-02-01", "--lender-type", "private",
          "--signed", "2025-02-10"), "日期顺序不对：签约日期 2025-02-10 晚于到账日期 2025-02-01"),
        (("loan", "check", "--received", "9000", "--installments", "12x1000", "--first-due", "2024-07-01",
          "--lender-type", "private", "--signed", "2024-06-01", "--as-of", "2024-01-01", "--claimed-interest", "100"),
         "日期顺序不对：费用计算截止日期 2024-01-01 早于到账日期 2024-06-01（按第一期还款前一个月推定）"),
    ],
)
def test_dates_out_of_order_are_one_line_exit_2(run, extra, message):
    code, out, err = run(*extra)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_as_of_before_arrival_in_english(run):
    code, _, err = run("loan", "check", "--received", "9000", "--installments", "12x1000", "--first-due",
                       "2024-07-01", "--received-on", "2024-06-05", "--lender-type", "private", "--signed",
                       "2024-06-01", "--as-of", "2024-06-01", "--claimed-interest", "100", "--lang", "en")
    assert code == 2 and "the claimed charges run to 2024-06-01, before the money arrived on 2024-06-05" in err


def test_check_compares_each_line_with_the_figure_it_names(run):
    # 35.07 % nominal, 41.30 % effective: the 36 % line is about the 实际年利率 and says so.
    code, out, err = run("loan", "check", "--received", "10000", "--installments", "12x1000", "--lender-type",
                         "private", "--signed", "2024-06-01")
    assert code == 0, err
    assert "实际年利率（按月复利 (1+IRR)^12−1）：41.30%" in out
    assert "超过：实际年利率 41.30%，高于 36.00%" in out
    assert "未超过：年化利率 35.07% ≤ 36.00%" not in out
    assert "按不计复利的年化利率 35.07% 算则没有超过" in out  # the two figures straddle the line: said
    assert "超过：年化利率 35.07%，高于 13.80%" in out  # 4 x LPR: interest at a 年利率, the nominal figure
    code, out, _ = run("loan", "check", "--received", "10000", "--installments", "12x1000", "--lender-type",
                       "private", "--signed", "2024-06-01", "--lang", "en")
    assert "CROSSED: effective annual rate 41.30% > 36.00%" in out
    assert "CROSSED: annual rate 35.07% > 13.80%" in out


def test_check_json_names_the_figure_each_line_compares(run):
    import json

    code, out, _ = run("loan", "check", "--received", "10000", "--installments", "12x1000", "--lender-type",
                       "private", "--signed", "2024-06-01", "--json")
    assert code == 0
    lines = {ln["id"]: ln for ln in json.loads(out)["lines"]}
    assert lines["illegal_36"]["compared"] == "annual_rate_effective" and lines["illegal_36"]["crossed"]
    assert lines["private_4x_lpr"]["compared"] == "annual_rate_nominal"


def test_schedule_with_two_payments_on_one_day_is_accepted(run, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount\n2025-03-01,500\n2025-03-01,600\n2025-04-01,1000\n")
    code, out, err = run("loan", "rate", "--received", "2000", "--schedule", str(p), "--received-on", "2025-02-01")
    assert code == 0, err
    # Two repayment dates a month apart: rated by the month, not as three 19.7-day periods.
    assert "年化利率（按月内部收益率×12，名义年利率）：42.52%" in out and "51.86%" in out
    assert "天的内部收益率" not in out


def test_schedule_messages_say_what_is_wrong(run, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount\n2025-04-01,500\n2025-03-01,600\n")
    code, _, err = run("loan", "rate", "--received", "1000", "--schedule", str(p))
    assert code == 2 and "还款计划的日期顺序不对：2025-03-01 早于前一笔还款（2025-04-01）" in err
    p.write_text("date,amount\n2025-03-01,500\n2025-04-01,600\n")
    code, _, err = run("loan", "rate", "--received", "1000", "--schedule", str(p), "--received-on", "2025-03-01")
    assert code == 2 and "第一笔还款日 2025-03-01 就是到账日期" in err and "早于" not in err


def test_fee_above_the_principal_says_so(run):
    code, _, err = run("loan", "rate", "--principal", "10000", "--fee-upfront", "20000", "--installments", "12x1000")
    assert code == 2 and err.count("\n") == 1
    assert "预先扣除的费用 20,000.00 元不少于借款金额 10,000.00 元" in err and "大于 0 的数字" not in err


def test_a_rate_without_its_period_asks_for_it(run):
    code, _, err = run("loan", "rate", "--principal", "10000", "--nominal", "千分之一", "--months", "12")
    assert code == 2 and "没有写明是按日、按月还是按年：千分之一" in err and "日息千分之一" in err
    code, out, _ = run("loan", "rate", "--principal", "10000", "--nominal", "日息千分之一", "--months", "12")
    assert code == 0 and "看起来像年利率 36.50%" in out


def test_option_and_no_solution_messages_follow_the_language(run, tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("date,amount\n2025-03-01,500\n")
    code, _, err = run("loan", "rate", "--received", "9000", "--installments", "12x1000", "--schedule", str(p))
    assert code == 2 and "--installments、--schedule 和 --nominal 只能给一个" in err and "give one" not in err
    code, _, err = run("loan", "rate", "--received", "1", "--installments", "12x1000000")
    assert code == 2 and "每期利率在 0 到 100000000% 之间都找不到解" in err and "month" not in err
    code, _, err = run("loan", "rate", "--received", "1", "--installments", "12x1000000", "--lang", "en")
    assert code == 2 and "none between 0 and 100000000% per period" in err


@pytest.mark.parametrize("spelling", ["consumer-finance", "consumer_finance"])
def test_lender_type_in_either_spelling(run, spelling):
    code, out, err = run("loan", "check", "--received", "9000", "--installments", "12x1000", "--lender-type",
                         spelling, "--signed", "2024-06-01")
    assert code == 0, err
    assert "放贷机构：消费金融公司" in out


def test_check_answers_in_one_line_before_the_details(run):
    # the verdict was spread over one block per line (web new-user test)
    _, out, _ = run("loan", "check", "--received", "8000", "--installments", "12x1000", "--lender-type", "platform",
                    "--signed", "2026-06-01")
    head = out.split("【", 1)[0]
    assert "结论：这笔借款超过了 24.00%、36.00% 的红线" in head
    _, out, _ = run("loan", "check", "--received", "11000", "--installments", "12x1000", "--lender-type", "bank",
                    "--signed", "2026-06-01")
    assert "结论：没有超过任何一条红线" in out.split("【", 1)[0]
