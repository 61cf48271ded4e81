"""CLI area: `dunguard loan rate|check|plan` and `dunguard letter willing|negotiate|complaint`.

Only argparse is imported at module level: every `dunguard --help` imports this module. The
loan maths (scipy), the reference data and the Jinja2 letters load inside the commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HELP = {
    "zh": {
        "loan": "借款本身：真实年化利率、法律红线、可负担的还款计划",
        "rate": "计算真实年化利率（按实际到手金额）",
        "check": "对照法律和监管红线检查这笔借款及被要求支付的费用",
        "plan": "根据收入和必要支出，给出可负担的分期方案",
        "letter": "生成可以直接发送的信件（还款意愿、协商申请、投诉）",
        "willing": "还款意愿说明",
        "negotiate": "协商还款申请（含困难说明和还款方案）",
        "complaint": "投诉书（从案件或分析报告生成）",
        "received": "实际到手金额（扣除砍头息、服务费等之后），元",
        "installments": "等额分期，如 12x1000（12 期，每期 1000 元）",
        "schedule": "还款计划 CSV 文件，列为 date,amount",
        "nominal": "宣传的利率写法，如 月费率1.5%、日息0.05%（配合 --principal 和 --months 推算每期还款）",
        "principal": "合同借款金额（元）",
        "fee_upfront": "放款时预先扣除的费用（元），到手金额 = 借款金额 − 此费用",
        "months_n": "期数（月）",
        "first_due": "第一期还款日，如 2025-03-26",
        "received_on": "钱到账的日期（默认按第一期前一个月计）",
        "advertised": "贷款机构宣传的利率，如 日息0.05%、月费率1.5%，与真实利率并列显示",
        "lender_type": "放贷机构类型：bank、consumer-finance、small-loan、platform、private",
        "signed": "签约日期，如 2024-06-01",
        "claimed_interest": "对方要求支付的利息（元）",
        "claimed_penalty": "对方要求支付的罚息、违约金（元）",
        "claimed_fees": "对方要求支付的其他费用（元）",
        "as_of": "费用计算截止日期（默认最后一期还款日）",
        "owed": "欠款金额（元）",
        "income": "每月收入（元）",
        "expenses": "每月必要支出（元）",
        "months": "分几个月还，可写多个，如 6,12,24",
        "lender": "贷款机构名称",
        "name": "你的姓名",
        "phone": "你的联系电话",
        "id_last4": "身份证后四位",
        "contract": "合同编号",
        "reason": "无法按期还款的原因，如 失业",
        "date": "信件日期",
        "plan_n": "申请分几期还",
        "proof": "能提供的证明材料",
        "format": "输出格式：text（默认）、md、pdf（需配合 -o）",
        "output": "写入文件",
        "case": "案件编号（dunguard case）",
        "to": "投诉渠道：12378、nifa（互联网金融协会）、12321、local（地方金融管理局）",
        "report": "dunguard analyze --json 生成的报告文件（可重复）",
        "db": "案件数据库路径",
        "agency": "催收机构名称",
        "force": "即使分析没有发现违规也生成投诉书（“涉嫌违反的规定”一节留空，需自己填写）",
        "json": "输出 JSON（金额和利率为十进制字符串）",
        "add": "记下一笔借款（贷款机构、到手金额、还款计划），保存在本机的案件库里",
        "list": "列出记下的借款和每笔的真实年化利率",
        "due": "未来几周要还哪些款：日期、机构、金额、剩几天，以及每笔借款的真实年化利率",
        "calendar": "把还款日导出为日历提醒（.ics，手机日历可导入；重复导入会更新而不是重复）",
        "delete": "删除一笔记下的借款（记入日志，原记录保留）",
        "loan_id": "借款编号（可只写前几位）",
        "add_lender": "贷款机构或出借人，如 美团借钱",
        "add_received_on": "钱到账的日期（默认按第一期前一个月计）",
        "add_signed": "签约日期，如 2024-06-01",
        "add_lender_type": "放贷机构类型（可选）：bank、consumer-finance、small-loan、platform、private",
        "add_note": "备注，如 合同编号",
        "weeks": "往后看几周（默认 4）",
        "today": "从哪天算起（默认今天），如 2025-03-20",
        "del_reason": "删除原因（记入日志）",
        "cal_output": "写入文件（默认输出到屏幕，可用 > loans.ics）",
        "store_db": "案件库文件（与 dunguard case 相同；默认在用户数据目录，也可用环境变量 DUNGUARD_DB 指定）",
    },
    "en": {
        "loan": "the loan itself: true annual rate, legal lines, an affordable plan",
        "rate": "compute the true annual rate (on the amount actually received)",
        "check": "check the loan and the charges claimed against the legal and regulatory lines",
        "plan": "affordable installment plans from income and essential expenses",
        "letter": "letters ready to send (willingness to repay, negotiation, complaint)",
        "willing": "statement of willingness to repay",
        "negotiate": "request to agree a repayment plan (hardship statement and plan)",
        "complaint": "complaint (from a case or analysis reports)",
        "received": "amount actually received (after fees taken up front), yuan",
        "installments": "equal installments, e.g. 12x1000 (12 payments of 1000)",
        "schedule": "repayment schedule CSV with columns date,amount",
        "nominal": "advertised rate, e.g. 月费率1.5% or 日息0.05% (with --principal and --months)",
        "principal": "contract loan amount (yuan)",
        "fee_upfront": "fee taken when the money was paid out (yuan); received = principal - fee",
        "months_n": "number of monthly payments",
        "first_due": "first due date, e.g. 2025-03-26",
        "received_on": "day the money arrived (default: one month before the first payment)",
        "advertised": "the rate the lender advertises, e.g. 日息0.05%, shown beside the true rate",
        "lender_type": "lender type: bank, consumer-finance, small-loan, platform, private",
        "signed": "contract date, e.g. 2024-06-01",
        "claimed_interest": "interest the lender claims (yuan)",
        "claimed_penalty": "penalty interest and late fees claimed (yuan)",
        "claimed_fees": "other fees claimed (yuan)",
        "as_of": "date the claimed charges run to (default: last due date)",
        "owed": "amount owed (yuan)",
        "income": "monthly income (yuan)",
        "expenses": "monthly essential expenses (yuan)",
        "months": "months to repay over, several allowed, e.g. 6,12,24",
        "lender": "lender name",
        "name": "your name",
        "phone": "your phone number",
        "id_last4": "last 4 digits of your ID",
        "contract": "contract number",
        "reason": "why you cannot pay as agreed, e.g. job loss",
        "date": "date of the letter",
        "plan_n": "number of monthly installments to propose",
        "proof": "proof you can provide",
        "format": "output format: text (default), md, pdf (needs -o)",
        "output": "write to this file",
        "case": "case id (dunguard case)",
        "to": "complaint channel: 12378, nifa, 12321, local",
        "report": "a report file from dunguard analyze --json (repeatable)",
        "db": "case database path",
        "agency": "collection agency name",
        "force": "write the complaint even if the analysis found no rule broken (the rules section is left "
        "blank for you to fill in)",
        "json": "print JSON (money and rates as decimal strings)",
        "add": "keep a loan (lender, amount received, schedule) in the local store",
        "list": "list the kept loans with the true annual rate of each",
        "due": "what falls due in the next weeks: date, lender, amount, days left, and each loan's true rate",
        "calendar": "export due dates as calendar reminders (.ics a phone can import; importing again updates, "
        "never duplicates)",
        "delete": "delete a kept loan (logged; the record is kept)",
        "loan_id": "loan id (a unique prefix is enough)",
        "add_lender": "lender, e.g. 美团借钱",
        "add_received_on": "day the money arrived (default: one month before the first payment)",
        "add_signed": "contract date, e.g. 2024-06-01",
        "add_lender_type": "lender type (optional): bank, consumer-finance, small-loan, platform, private",
        "add_note": "a note, e.g. the contract number",
        "weeks": "how many weeks ahead (default 4)",
        "today": "count from this day (default: today), e.g. 2025-03-20",
        "del_reason": "why (written to the log)",
        "cal_output": "write to this file (default: standard output, e.g. > loans.ics)",
        "store_db": "store file, the same as dunguard case uses (default: the user data directory; or set DUNGUARD_DB)",
    },
}

MESSAGES = {
    "loan_pdf_needs_output": {
        "zh": "PDF 需要用 -o 指定输出文件，如 -o letter.pdf",
        "en": "PDF output needs a file: -o letter.pdf",
    },
    "letter_need_case_or_report": {
        "zh": "请给出案件编号，或用 --report 指定 dunguard analyze --json 的报告文件",
        "en": "Give a case id, or --report with a file from dunguard analyze --json",
    },
    "loan_add_no_payments": {
        "zh": "请给出还款计划：--installments 12x1000 加 --first-due 2025-03-26，或 --schedule 文件（date,amount 两列）",
        "en": "Give the schedule: --installments 12x1000 with --first-due 2025-03-26, or --schedule FILE (date,amount)",
    },
    "loan_add_one_schedule": {
        "zh": "--installments 和 --schedule 只能给一个（--first-due 只配合 --installments）",
        "en": "Give either --installments or --schedule, not both (--first-due goes with --installments)",
    },
    "letter_no_case_store": {
        "zh": "案件存储尚不可用；请改用 --report 指定分析报告文件",
        "en": "The case store is not available; use --report with analysis report files instead",
    },
}


def register(sub: Any, lang: str, common: argparse.ArgumentParser) -> None:
    from dunguard.errors import register_messages

    register_messages(MESSAGES)
    # argparse %-formats every help text, so a literal % (月费率1.5%) must be doubled there.
    h = {k: v.replace("%", "%%") for k, v in HELP[lang].items()}

    loan = sub.add_parser("loan", help=h["loan"], description=h["loan"], parents=[common])
    lsub = loan.add_subparsers(dest="loan_command", metavar="COMMAND")
    loan.set_defaults(func=lambda a: _print_help(loan))

    def cash_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--received", help=h["received"])
        p.add_argument("--installments", help=h["installments"])
        p.add_argument("--schedule", help=h["schedule"])
        p.add_argument("--nominal", help=h["nominal"])
        p.add_argument("--principal", help=h["principal"])
        p.add_argument("--fee-upfront", help=h["fee_upfront"])
        p.add_argument("--months", dest="n_months", help=h["months_n"])
        p.add_argument("--first-due", help=h["first_due"])
        p.add_argument("--received-on", help=h["received_on"])
        p.add_argument("--advertised", help=h["advertised"])
        p.add_argument("--json", action="store_true", help=h["json"])

    p = lsub.add_parser("rate", help=h["rate"], description=h["rate"], parents=[common])
    cash_args(p)
    p.set_defaults(func=cmd_rate)

    p = lsub.add_parser("check", help=h["check"], description=h["check"], parents=[common])
    cash_args(p)
    p.add_argument("--lender-type", required=True, help=h["lender_type"])
    p.add_argument("--signed", required=True, help=h["signed"])
    p.add_argument("--claimed-interest", help=h["claimed_interest"])
    p.add_argument("--claimed-penalty", help=h["claimed_penalty"])
    p.add_argument("--claimed-fees", help=h["claimed_fees"])
    p.add_argument("--as-of", help=h["as_of"])
    p.set_defaults(func=cmd_check)

    p = lsub.add_parser("plan", help=h["plan"], description=h["plan"], parents=[common])
    p.add_argument("--owed", required=True, help=h["owed"])
    p.add_argument("--income", required=True, help=h["income"])
    p.add_argument("--expenses", required=True, help=h["expenses"])
    p.add_argument("--months", default="6,12,24", help=h["months"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_plan)

    # Loan keeping shares the case store: the same --db / DUNGUARD_DB as `dunguard case`.
    keep = argparse.ArgumentParser(add_help=False, parents=[common])
    keep.add_argument("--db", metavar="PATH", help=h["store_db"])

    p = lsub.add_parser("add", help=h["add"], description=h["add"], parents=[keep])
    p.add_argument("--lender", required=True, help=h["add_lender"])
    p.add_argument("--received", required=True, help=h["received"])
    p.add_argument("--installments", help=h["installments"])
    p.add_argument("--first-due", help=h["first_due"])
    p.add_argument("--schedule", help=h["schedule"])
    p.add_argument("--received-on", help=h["add_received_on"])
    p.add_argument("--signed", help=h["add_signed"])
    p.add_argument("--lender-type", help=h["add_lender_type"])
    p.add_argument("--note", default="", help=h["add_note"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_add)

    p = lsub.add_parser("list", help=h["list"], description=h["list"], parents=[keep])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_list)

    p = lsub.add_parser("due", help=h["due"], description=h["due"], parents=[keep])
    p.add_argument("--weeks", default="4", help=h["weeks"])
    p.add_argument("--today", help=h["today"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_due)

    p = lsub.add_parser("calendar", help=h["calendar"], description=h["calendar"], parents=[keep])
    p.add_argument("-o", "--output", help=h["cal_output"])
    p.set_defaults(func=cmd_calendar)

    p = lsub.add_parser("delete", help=h["delete"], description=h["delete"], parents=[keep])
    p.add_argument("loan_id", metavar="ID", help=h["loan_id"])
    p.add_argument("--reason", default="", help=h["del_reason"])
    p.set_defaults(func=cmd_delete)

    letter = sub.add_parser("letter", help=h["letter"], description=h["letter"], parents=[common])
    tsub = letter.add_subparsers(dest="letter_command", metavar="KIND")
    letter.set_defaults(func=lambda a: _print_help(letter))

    def person_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lender", help=h["lender"])
        p.add_argument("--name", help=h["name"])
        p.add_argument("--phone", help=h["phone"])
        p.add_argument("--date", help=h["date"])
        p.add_argument("--format", choices=("text", "md", "pdf"), default="text", help=h["format"])
        p.add_argument("-o", "--output", help=h["output"])

    p = tsub.add_parser("willing", help=h["willing"], description=h["willing"], parents=[common])
    person_args(p)
    p.add_argument("--owed", help=h["owed"])
    p.add_argument("--id-last4", help=h["id_last4"])
    p.add_argument("--contract", help=h["contract"])
    p.add_argument("--reason", help=h["reason"])
    p.set_defaults(func=cmd_willing)

    p = tsub.add_parser("negotiate", help=h["negotiate"], description=h["negotiate"], parents=[common])
    person_args(p)
    p.add_argument("--owed", help=h["owed"])
    p.add_argument("--plan", help=h["plan_n"])
    p.add_argument("--reason", help=h["reason"])
    p.add_argument("--income", help=h["income"])
    p.add_argument("--expenses", help=h["expenses"])
    p.add_argument("--principal", help=h["principal"])
    p.add_argument("--first-due", help=h["first_due"])
    p.add_argument("--id-last4", help=h["id_last4"])
    p.add_argument("--contract", help=h["contract"])
    p.add_argument("--proof", help=h["proof"])
    p.set_defaults(func=cmd_negotiate)

    p = tsub.add_parser("complaint", help=h["complaint"], description=h["complaint"], parents=[common])
    person_args(p)
    p.add_argument("case", nargs="?", help=h["case"])
    p.add_argument("--to", default="12378", help=h["to"])
    p.add_argument("--report", action="append", default=[], help=h["report"])
    p.add_argument("--db", help=h["db"])
    p.add_argument("--agency", help=h["agency"])
    p.add_argument("--force", action="store_true", help=h["force"])
    p.set_defaults(func=cmd_complaint)


def _print_help(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 0


# --- helpers ----------------------------------------------------------------------------


def _opt_amount(value: str | None, name: str) -> Any:
    from dunguard.loans import parse_amount

    return parse_amount(value, name) if value is not None else None


def _opt_date(value: str | None, name: str) -> Any:
    from dunguard.loans import parse_date

    return parse_date(value, name) if value is not None else None


def _rate_from_args(args: argparse.Namespace) -> tuple[Any, Any]:
    """(Rate, advertised Nominal or None) from the cash-flow options."""
    from dunguard import loans as L
    from dunguard.errors import BadInput

    principal = _opt_amount(args.principal, "--principal")
    fee = L.parse_amount(args.fee_upfront, "--fee-upfront", allow_zero=True) if args.fee_upfront else None
    received = _opt_amount(args.received, "--received")
    if received is None and principal is not None:
        received = principal - (fee or 0)
        if received <= 0:
            raise BadInput("loan_fee_exceeds_principal", fee=L.money(fee), principal=L.money(principal))
    first_due = _opt_date(args.first_due, "--first-due")
    received_on = _opt_date(args.received_on, "--received-on")
    advertised = L.parse_nominal(args.advertised) if args.advertised else None
    if received is None:
        raise BadInput("loan_bad_amount", field="--received", value="")
    chosen = [x for x in (args.installments, args.schedule, args.nominal) if x]
    if len(chosen) > 1:
        raise BadInput("loan_one_payment_kind")
    if args.installments:
        n, amount = L.parse_installments(args.installments)
        rate = L.rate_regular(received, [amount] * n, first_due=first_due, received_on=received_on)
    elif args.schedule:
        rate = L.rate_schedule(received, L.read_schedule(args.schedule), received_on=received_on)
    elif args.nominal:
        if principal is None or not args.n_months:
            raise BadInput("loan_need_principal")
        nominal = L.parse_nominal(args.nominal)
        try:
            n = int(args.n_months)
        except ValueError:
            raise BadInput("loan_bad_months", value=args.n_months) from None
        payments = L.schedule_from_nominal(principal, nominal, n)
        rate = L.rate_regular(received, payments, first_due=first_due, received_on=received_on)
        advertised = advertised or nominal
    else:
        raise BadInput("loan_no_payments")
    return rate, advertised


# Where the reader sets the day the money arrived: a flag in the terminal, a field on the web page.
ARRIVAL_HINT = {
    "cli": {"zh": "可用 --received-on 指定", "en": "set --received-on"},
    "web": {"zh": "可在“到账日期”一栏填写实际日期", "en": "fill in “Date the money arrived”"},
}


def _shown_pct(x: Any, zh: bool, after_verb: bool = False) -> str:
    """A rate as a percentage; compounding a short loan over a year gives billions of percent, and
    past a million percent the figure says nothing more. `after_verb`: the sentence already says
    超过, so the Chinese reads 1,000,000.00% 以上 rather than 超过 twice."""
    from decimal import Decimal

    from dunguard.loans import pct

    huge = Decimal(10000)
    if x < huge:
        return pct(x)
    if zh:
        return f"{pct(huge)} 以上" if after_verb else f"超过 {pct(huge)}"
    return f"over {pct(huge)}"


# The web page speaks to a borrower, not an analyst: each figure is named by what it means, and the
# technical name (IRR, XIRR, 内部收益率, 名义/实际年利率) follows only as a hint.
PLAIN_NAME = {
    "nominal": {"zh": "真实年化利率（把每笔还款的时间都算进去）", "en": "True annual rate (counting when each payment is made)"},
    "effective": {"zh": "利滚利的年利率",
                  "en": "Annual rate with interest on interest"},
}


def _irr_basis(rate: Any, zh: bool) -> str:
    """How the annual rate was annualised: the monthly IRR times 12, or the IRR of an N-day period times periods."""
    monthly = rate.period_days is None or rate.period_days >= 365 / 12 - 1e-9
    if zh:
        return "按月内部收益率×12" if monthly else f"每期 {rate.period_days:.3g} 天的内部收益率×每年期数"
    return "monthly IRR x 12" if monthly else f"IRR per {rate.period_days:.3g}-day period x periods a year"


def _plain_figures(rate: Any, zh: bool) -> list[str]:
    """The two annual figures for the web page: plain name, what the number means, then the technical name."""
    from dunguard.loans import pct

    nominal, effective = pct(rate.nominal_annual), _shown_pct(rate.effective_annual, zh)
    per_100 = f"{rate.nominal_annual * 100:,.2f}" if rate.nominal_annual < 10000 else None
    if rate.method == "irr_monthly":
        tech_n = (f"年化利率（内部收益率 IRR×12，名义年利率）；月利率 {pct(rate.periodic, 4)}" if zh else
                  f"annual rate (IRR x 12, nominal); monthly rate {pct(rate.periodic, 4)}")
        tech_e = "实际年利率（按月复利 (1+IRR)^12−1）" if zh else "effective annual rate ((1+IRR)^12 - 1)"
    else:
        basis = _irr_basis(rate, zh)
        tech_n = f"年化利率（{basis}，名义年利率）" if zh else f"annual rate ({basis}, nominal)"
        tech_e = "实际年利率（XIRR，按实际天数/365 复利）" if zh else "effective annual rate (XIRR, actual/365, compounded)"
    lang = "zh" if zh else "en"
    out = [f"{PLAIN_NAME['nominal'][lang]}：{nominal}" if zh else f"{PLAIN_NAME['nominal'][lang]}: {nominal}"]
    if per_100 is not None:
        out.append(f"  意思是：按你还欠着的钱算，每欠 100 元、欠满一年，要付约 {per_100} 元的利息和各种费用。"
                   "贷款机构必须向你展示的就是这个数，对照法律红线主要也看它。" if zh else
                   f"  In plain words: for every 100 yuan you still owe, a year costs about {per_100} yuan in "
                   "interest and fees. It is the figure lenders must show you, and the one most legal lines are "
                   "compared with.")
    out.append(f"  专业叫法：{tech_n}" if zh else f"  Technical name: {tech_n}")
    out.append(f"{PLAIN_NAME['effective'][lang]}：{effective}" if zh else f"{PLAIN_NAME['effective'][lang]}: {effective}")
    out.append("  意思是：假如没还的利息也一起计息（利滚利），一年下来的利率。" if zh else
               "  In plain words: the yearly rate if unpaid interest were itself charged interest.")
    out.append(f"  专业叫法：{tech_e}" if zh else f"  Technical name: {tech_e}")
    return out


def rate_figures(rate: Any, lang: str, where: str = "cli") -> list[str]:
    """Amounts, the two annual figures, and the arrival date they rest on (assumed or actual)."""
    from dunguard.loans import money, pct

    zh = lang == "zh"
    out: list[str] = []
    n = len(rate.payments)
    if zh:
        out.append(f"到手金额：{money(rate.received)} 元；还款总额：{money(rate.total_paid)} 元（{n} 笔）；"
                   f"借款成本：{money(rate.cost)} 元")
    else:
        out.append(f"Received: {money(rate.received)} yuan; repaid in total: {money(rate.total_paid)} yuan "
                   f"({n} payments); cost: {money(rate.cost)} yuan")
    if where == "web":
        out += _plain_figures(rate, zh)
    elif rate.method == "irr_monthly":
        out.append(f"月利率（内部收益率 IRR）：{pct(rate.periodic, 4)}" if zh
                   else f"Monthly rate (internal rate of return, IRR): {pct(rate.periodic, 4)}")
        out.append(f"年化利率（IRR×12，名义年利率）：{pct(rate.nominal_annual)}" if zh
                   else f"Annual rate (IRR x 12, nominal): {pct(rate.nominal_annual)}")
        out.append(f"实际年利率（按月复利 (1+IRR)^12−1）：{pct(rate.effective_annual)}" if zh
                   else f"Effective annual rate (compounded, (1+IRR)^12 - 1): {pct(rate.effective_annual)}")
    else:
        basis = _irr_basis(rate, zh)
        out.append(f"年化利率（{basis}，名义年利率）：{pct(rate.nominal_annual)}" if zh
                   else f"Annual rate ({basis}, nominal): {pct(rate.nominal_annual)}")
        eff = _shown_pct(rate.effective_annual, zh)
        out.append(f"实际年利率（XIRR，按实际天数/365 复利）：{eff}" if zh
                   else f"Effective annual rate (XIRR, actual/365, compounded): {eff}")
    hint = ARRIVAL_HINT[where]
    if rate.method == "xirr" and not rate.assumed_received_on and rate.received_on and rate.dates:
        how = ("按实际天数折算", "counted on the actual days") if where == "web" else \
            ("用 XIRR 按实际天数折算", "XIRR on the actual days")
        out.append(f"（按实际日期计算：{rate.received_on} 到账，{rate.dates[0]} 起还款 {n} 笔，{how[0]}）"
                   if zh else f"(From the actual dates: the money arrived on {rate.received_on}, {n} payments from "
                   f"{rate.dates[0]}; {how[1]})")
    elif rate.method == "irr_monthly" and not rate.assumed_received_on and rate.received_on and rate.dates:
        out.append(f"（{rate.received_on} 到账，正好在第一期还款 {rate.dates[0]} 前一个月：按每月一期计算）" if zh
                   else f"(The money arrived on {rate.received_on}, one month before the first payment on "
                   f"{rate.dates[0]}: rated as one payment a month)")
    if rate.assumed_received_on and rate.received_on:
        first = rate.dates[0] if rate.dates else None
        if first is not None and (first - rate.received_on).days < 28:
            out.append(f"（假定 {rate.received_on} 到账：与前两期的间隔相同；{hint['zh']}）" if zh
                       else f"(Assumed the money arrived on {rate.received_on}, one payment interval before the "
                       f"first payment; {hint['en']})")
        else:
            out.append(f"（假定 {rate.received_on} 到账：第一期还款前一个月；{hint['zh']}）" if zh
                       else f"(Assumed the money arrived on {rate.received_on}, one month before the first payment; "
                       f"{hint['en']})")
    return out


def rate_lines(rate: Any, advertised: Any, lang: str, where: str = "cli") -> list[str]:
    """The rate block: figures, the arrival date used, which figure the lines compare, the advertised rate."""
    from dunguard.loans import pct

    zh = lang == "zh"
    out = rate_figures(rate, lang, where)
    if where == "web":
        out.append("怎么对照红线：下面每条红线都写明用哪个数比较——非法放贷的 36% 线比较“利滚利的年利率”，其余各条比较"
                   "“真实年化利率”。对方宣传的“日息”“月费率”不能直接和红线比，要先换算成这里的年利率。" if zh else
                   "How to compare with the legal lines: each line below says which figure it is compared with. The "
                   "36 % illegal-lending line uses the rate with interest on interest; every other line uses the true "
                   "annual rate. A daily or monthly rate in an advert cannot be compared with the lines as it stands; "
                   "it must first be turned into an annual rate like these.")
    else:
        out.append("说明：2021年人民银行公告要求贷款机构以年化利率展示全部借款成本（内部收益率法：每期利率×每年期数）。"
                   "对照法律红线时，每条线比较它自己所说的那个数：写明“实际年利率”的线（非法放贷的36%）比较实际年利率，"
                   "其余各条比较年化利率。" if zh
                   else "Note: the 2021 PBOC announcement requires lenders to show the annualised rate of all borrowing "
                   "costs (the IRR method: the rate per period times the periods in a year). Each legal line is compared "
                   "with the figure it names: a line about the actual annual rate (实际年利率: the 36 % illegal-lending "
                   "line) with the effective annual rate, every other line with the annual rate.")
    if advertised is not None:
        unit = {"daily": ("日", "daily"), "monthly": ("月", "monthly"), "annual": ("年", "annual")}[advertised.period]
        mult = {"daily": "×365", "monthly": "×12", "annual": ""}[advertised.period]
        gap = rate.nominal_annual - advertised.annual_simple
        kind_zh = "费率（按原始本金收取）" if advertised.fee else "利率"
        kind_en = "fee rate (charged on the original amount)" if advertised.fee else "rate"
        if zh:
            out.append(f"宣传利率：{advertised.text} = {unit[0]}{kind_zh} {pct(advertised.rate, 4)}，"
                       f"看起来像年利率 {pct(advertised.annual_simple)}（{unit[0]}{mult}）")
            out.append(f"真实年化利率 {pct(rate.nominal_annual)}，比看起来高 {pct(gap)[:-1]} 个百分点"
                       if gap > 0 else f"真实年化利率 {pct(rate.nominal_annual)}，不高于宣传折算值")
        else:
            out.append(f"Advertised: {advertised.text} = {unit[1]} {kind_en} {pct(advertised.rate, 4)}, "
                       f"which looks like {pct(advertised.annual_simple)} a year ({unit[1]} {mult})")
            out.append(f"True annual rate {pct(rate.nominal_annual)}: {pct(gap)[:-1]} percentage points higher than it looks"
                       if gap > 0 else f"True annual rate {pct(rate.nominal_annual)}: not above the advertised figure")
    return out


def _write_json(data: Any) -> int:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return 0


def _write(args: argparse.Namespace, text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# --- loan commands -------------------------------------------------------------------------


def cmd_rate(args: argparse.Namespace) -> int:
    rate, advertised = _rate_from_args(args)
    if args.json:
        from dunguard.loans import rate_to_json

        return _write_json(rate_to_json(rate, advertised))
    _write(args, "\n".join(rate_lines(rate, advertised, args.lang)))
    return 0


LENDER_LABEL = {
    "bank": {"zh": "银行", "en": "bank"},
    "consumer-finance": {"zh": "消费金融公司", "en": "consumer-finance company"},
    "small-loan": {"zh": "小额贷款公司", "en": "small-loan company"},
    "platform": {"zh": "网贷平台（助贷）", "en": "online lending platform"},
    "private": {"zh": "民间借贷（个人或非持牌公司）", "en": "private lending (a person or an unlicensed company)"},
}

CONF_LABEL = {
    "V": {"zh": "可信度 V：已读条文原文", "en": "confidence V: article text read"},
    "S": {"zh": "可信度 S：二手资料，条号或措辞可能有出入", "en": "confidence S: secondary sources; article or wording may be off"},
    "U": {"zh": "可信度 U：广泛报道但未核实原文", "en": "confidence U: widely reported, text not checked"},
}


# The loan's two annual figures by the names rate_lines gives them, so a line compared with one
# of them says which.
MEASURE_LABEL = {
    "nominal": {"zh": "年化利率", "en": "annual rate"},
    "effective": {"zh": "实际年利率", "en": "effective annual rate"},
}


# The same two figures as the web page names them (PLAIN_NAME, without the explanation).
WEB_MEASURE_LABEL = {
    "nominal": {"zh": "真实年化利率", "en": "true annual rate"},
    "effective": {"zh": "利滚利的年利率", "en": "rate with interest on interest"},
}


def _plain_comparison(chk: Any, zh: bool) -> list[str]:
    """Each line in force against the loan's figure, in one short line apiece: which number, how far above or below."""
    from dunguard.loans import pct

    out: list[str] = []
    seen: set[tuple[Any, str]] = set()
    lang = "zh" if zh else "en"
    for r in chk.results:
        if not r.in_force or (r.annual, r.measure) in seen:
            continue
        seen.add((r.annual, r.measure))
        name = WEB_MEASURE_LABEL[r.measure][lang]
        shown = _shown_pct(r.compared, zh)
        gap = (r.compared - r.annual) * 100
        if r.crossed:
            far = f"{gap:,.2f} 个百分点" if zh else f"{gap:,.2f} percentage points"
            if r.compared >= 2 * r.annual:
                times = f"{r.compared / r.annual:,.1f}"
                far += f"，是这条线的 {times} 倍" if zh else f", {times} times the line"
            if r.compared >= 10000:
                far = "远远超过" if zh else "far above"
                out.append(f"· {pct(r.annual)} 的红线：你的{name}{shown}，{far}。" if zh else
                           f"· The {pct(r.annual)} line: your {name} is {shown}, {far} it.")
            else:
                out.append(f"· {pct(r.annual)} 的红线：你的{name} {shown}，超过了，高出 {far}。" if zh else
                           f"· The {pct(r.annual)} line: your {name} is {shown}, above it by {far}.")
        else:
            out.append(f"· {pct(r.annual)} 的红线：你的{name} {shown}，没有超过。" if zh else
                       f"· The {pct(r.annual)} line: your {name} is {shown}, not above it.")
    return out


def _verdict_line(chk: Any, zh: bool) -> str:
    """The answer in one line before the details (new-user test: the verdict was spread over several blocks)."""
    from dunguard.loans import pct

    lines = [r for r in chk.results if r.in_force]
    over = [r for r in lines if r.crossed]
    crossed = sorted({pct(r.annual) for r in over})
    if not lines:
        return "结论：签约时这些红线都还没有生效，下面仅供参考。" if zh else \
            "In short: none of these lines was in force when the contract was made; the details are for reference."
    if not crossed:
        return (f"结论：没有超过任何一条红线（共 {len(lines)} 条）。" if zh else
                f"In short: it crosses none of the {len(lines)} lines.")
    joined = "、".join(crossed) if zh else " and ".join(crossed)
    later = len(chk.results) - len(lines)
    also_zh = f"；另有 {later} 条签约时还没生效，仅供参考" if later else ""
    also_en = f"; {later} more not yet in force at signing, for reference" if later else ""
    return (f"结论：这笔借款超过了 {joined} 的红线（签约时已生效的 {len(lines)} 条中超过 {len(over)} 条{also_zh}，"
            "每一条见下）。" if zh else
            f"In short: this loan is above the {joined} line{'s' if len(crossed) > 1 else ''} ({len(over)} of the "
            f"{len(lines)} lines in force at signing{also_en}; each one is below).")


def check_lines(chk: Any, lang: str, rate_head: bool = True, where: str = "cli") -> list[str]:
    """The check as sentences; `rate_head` starts them with the loan's figures (the web page shows
    its own rate block instead)."""
    from dunguard.loans import money, pct

    zh = lang == "zh"
    out = rate_figures(chk.rate, lang, where) if rate_head else []
    lt = LENDER_LABEL[chk.lender_type][lang]
    out.append("")
    out.append(f"放贷机构：{lt}；签约日期：{chk.signed}" if zh else f"Lender: {lt}; contract date: {chk.signed}")
    out.append(_verdict_line(chk, zh))
    if where == "web":
        out += _plain_comparison(chk, zh)
    if chk.scope:
        out.append(f"{chk.scope['text'][lang]}（{CONF_LABEL[chk.scope['confidence']][lang]}）" if zh
                   else f"{chk.scope['text'][lang]} ({CONF_LABEL[chk.scope['confidence']][lang]})")
    claimed_total = sum(chk.claimed.values()) if chk.claimed else None
    if claimed_total is not None:
        parts = {"interest": ("利息", "interest"), "penalty": ("罚息/违约金", "penalty"), "fees": ("费用", "fees")}
        shown = "，".join(f"{parts[k][0]} {money(v)} 元" for k, v in chk.claimed.items()) if zh else \
            ", ".join(f"{parts[k][1]} {money(v)}" for k, v in chk.claimed.items())
        out.append(f"对方要求支付：{shown}，合计 {money(claimed_total)} 元（{chk.rate.received_on} 起 {chk.claim_days} 天）"
                   if zh else f"Claimed: {shown}; total {money(claimed_total)} yuan ({chk.claim_days} days from "
                   f"{chk.rate.received_on})")
    crossed_any = False
    for r in chk.results:
        line = r.line
        out.append("")
        doc = " ".join(x for x in (line.document, line.article) if x)
        head = f"【{pct(r.annual)}】{doc}" if zh else f"[{pct(r.annual)}] {doc}"
        out.append(head)
        out.append(f"  {CONF_LABEL[line.confidence][lang]}；规则 {line.rule}" if zh
                   else f"  {CONF_LABEL[line.confidence][lang]}; rule {line.rule}")
        if r.fixing is not None:
            fx = r.fixing
            state = ("已核实" if fx.verified else "未核实") if zh else ("verified" if fx.verified else "NOT verified")
            src = fx.source or ("第三方数据集" if zh else "a third-party dataset")
            if zh:
                out.append(f"  一年期LPR {fx.one_year}%（{fx.date} 公布，{state}；来源：{src}，{fx.retrieved} 查阅）"
                           f" × {line.lpr_multiple} = {pct(r.annual)}")
            else:
                out.append(f"  one-year LPR {fx.one_year}% (fixed {fx.date}, {state}; source: {src}, read "
                           f"{fx.retrieved}) x {line.lpr_multiple} = {pct(r.annual)}")
            if where == "web":
                out.append("  LPR 是贷款市场报价利率：每月公布一次的基准利率，这条线按签约当月的数值算。" if zh else
                           "  The LPR (loan prime rate) is a benchmark rate published every month; this line uses the "
                           "one in force when the contract was signed.")
            if not fx.verified:
                out.append("  注意：这个LPR数值没有找到可核实的来源，请到全国银行间同业拆借中心网站核对。" if zh else
                           "  Warning: this LPR value could not be verified; check it on the National Interbank "
                           "Funding Center's site.")
            if r.stale_lpr:
                out.append(f"  注意：签约日期晚于LPR表的最后一期（{fx.month}），这里用的是最后已知的数值。" if zh else
                           f"  Warning: the contract date is after the last LPR in the table ({fx.month}); the last "
                           "known value was used.")
        if not r.in_force:
            since = line.signed_from
            out.append(f"  签约时这条规定尚未生效（{since} 起适用），仅供参考。" if zh else
                       f"  Not in force when the contract was made (applies from {since}); for reference only.")
        label = (WEB_MEASURE_LABEL if where == "web" else MEASURE_LABEL)[r.measure][lang]
        if r.crossed:
            crossed_any = crossed_any or r.in_force
            shown = _shown_pct(r.compared, zh, after_verb=True)
            out.append(f"  超过：{label} {shown}，高于 {pct(r.annual)}。按还款计划的借款成本中，约 "
                       f"{money(r.cost_above)} 元在这条线以上。" if zh else
                       f"  CROSSED: {label} {shown} > {pct(r.annual)}. About "
                       f"{money(r.cost_above)} yuan of the scheduled cost lies above this line.")
            if r.measure == "effective" and chk.rate.nominal_annual <= r.annual:
                # The two figures fall either side of the line: say so rather than overstate.
                out.append(f"  这条线说的是“实际年利率”；按不计复利的年化利率 {pct(chk.rate.nominal_annual)} 算则没有超过。"
                           "司法机关具体按哪种算法认定，所依据的资料没有说明。" if zh else
                           f"  This line speaks of the actual annual rate; the annual rate without compounding, "
                           f"{pct(chk.rate.nominal_annual)}, does not exceed it. Which computation the authorities "
                           "use is not stated in the sources relied on.")
        else:
            out.append(f"  未超过：{label} {pct(r.compared)} ≤ {pct(r.annual)}。" if zh else
                       f"  Not crossed: {label} {pct(r.compared)} <= {pct(r.annual)}.")
        if r.claimed_above is not None:
            if r.claimed_above > 0:
                out.append(f"  被要求的利息、罚息和费用中，约 {money(r.claimed_above)} 元在这条线以上（按此线 {chk.claim_days} "
                           f"天最多约 {money(r.allowed_charges)} 元；按全部到手金额计单利，对贷款方有利，实际超出可能更多）。"
                           if zh else
                           f"  Of the interest, penalty and fees claimed, about {money(r.claimed_above)} yuan lies "
                           f"above this line (the line allows at most about {money(r.allowed_charges)} yuan over "
                           f"{chk.claim_days} days, counted as simple interest on the whole amount received, which "
                           "favours the lender: the real excess may be larger).")
            else:
                out.append(f"  被要求的费用合计未超过这条线（按此线最多约 {money(r.allowed_charges)} 元）。" if zh else
                           f"  The charges claimed do not exceed this line (it allows about "
                           f"{money(r.allowed_charges)} yuan).")
        out.append(f"  {line.effect[lang]}")
        if line.source:
            out.append(f"  来源：{line.source}（{line.retrieved} 查阅）" if zh
                       else f"  Source: {line.source} (read {line.retrieved})")
    out.append("")
    if crossed_any:
        out.append("以上是信息参考，不是法律意见：超过某条线不等于整笔借款无效，法院或监管部门“可能”支持调减或处理，"
                   "具体以其认定为准。可咨询 12348 法律援助热线。" if zh else
                   "This is information, not legal advice: crossing a line does not void the loan; a court or "
                   "regulator may reduce the excess or act on it, as they decide. Free legal advice: 12348.")
    else:
        out.append("以上是信息参考，不是法律意见。" if zh else "This is information, not legal advice.")
    return out


def cmd_check(args: argparse.Namespace) -> int:
    from dunguard.loans import check_loan, parse_amount, parse_lender_type

    lender_type = parse_lender_type(args.lender_type)
    signed = _opt_date(args.signed, "--signed")
    rate, _ = _rate_from_args(args)
    claimed = {}
    for key, value in (("interest", args.claimed_interest), ("penalty", args.claimed_penalty),
                       ("fees", args.claimed_fees)):
        if value is not None:
            claimed[key] = parse_amount(value, f"--claimed-{key}", allow_zero=True)
    chk = check_loan(rate, lender_type, signed, claimed, as_of=_opt_date(args.as_of, "--as-of"))
    if args.json:
        from dunguard.loans import check_to_json

        return _write_json(check_to_json(chk))
    _write(args, "\n".join(check_lines(chk, args.lang)))
    return 0


def plan_lines(plan: Any, lang: str) -> list[str]:
    from dunguard.loans import AFFORDABLE_SHARE, money, pct

    zh = lang == "zh"
    out = []
    if zh:
        out.append(f"欠款 {money(plan.owed)} 元；每月收入 {money(plan.income)} 元，必要支出 {money(plan.expenses)} 元，"
                   f"可用余额 {money(plan.free)} 元")
        out.append(f"可负担标准：每月还款不超过可用余额的 {pct(AFFORDABLE_SHARE, 0)}（{money(plan.budget)} 元），"
                   "留出另一半应付看病、房租上涨等意外，方案才能坚持下去。")
        out.append("（以下按停息挂账计算：不再计息，只还欠款本身。）")
    else:
        out.append(f"Owed {money(plan.owed)} yuan; income {money(plan.income)}, essential expenses "
                   f"{money(plan.expenses)}, left each month {money(plan.free)}")
        out.append(f"Affordable means at most {pct(AFFORDABLE_SHARE, 0)} of what is left ({money(plan.budget)} yuan a "
                   "month): the other half absorbs a doctor's bill or a rent rise, so the plan can be kept.")
        out.append("(Computed with interest stopped — 停息挂账 — repaying only the amount owed.)")
    out.append("")
    for o in plan.options:
        share = pct(o.share, 1) if o.share is not None else "—"
        mark = ("可负担" if o.affordable else "负担不了") if zh else ("affordable" if o.affordable else "NOT affordable")
        out.append(f"  分 {o.months} 期：每月 {money(o.monthly)} 元，占可用余额 {share}，{mark}" if zh else
                   f"  {o.months} months: {money(o.monthly)} a month, {share} of what is left — {mark}")
    if plan.extension is not None:
        e = plan.extension
        out.append(f"  延期方案：先暂停 {e.pause_months} 个月，再分 {e.months} 期，每月 {money(e.monthly)} 元"
                   f"（占 {pct(e.share, 1)}）" if zh else
                   f"  Extension: pause {e.pause_months} months, then {e.months} months of {money(e.monthly)} "
                   f"({pct(e.share, 1)})")
        if plan.min_months and not any(o.affordable for o in plan.options):
            out.append(f"  所列期数都负担不了；至少需要分 {plan.min_months} 期。" if zh else
                       f"  None of the listed terms fits; it takes at least {plan.min_months} months.")
    out.append("")
    if not any(o.affordable for o in plan.options) and plan.extension is None:
        out.append("目前没有任何分期方案负担得起：收入扣除必要支出后没有余钱（或余钱太少）。" if zh else
                   "No installment plan is affordable now: nothing (or too little) is left after essentials.")
        out.append("建议：写一份困难说明（收入、支出、原因和证明）发给贷款机构，申请暂停还款和停息挂账；"
                   "拨打 12348 法律援助热线咨询，符合条件可以申请免费法律援助。" if zh else
                   "Do this: send the lender a hardship statement (income, expenses, the reason, proof) asking for a "
                   "pause and for interest to stop; call the legal-aid line 12348 — free legal aid is available "
                   "to those who qualify.")
    out.append("可以申请：" if zh else "What to ask for:")
    out.append("  1. 减免罚息和违约金：说明逾期源于困难而非恶意，并主动给出方案——对方收回本金比走催收或诉讼更快、更省。" if zh else
               "  1. Waive penalty interest and late fees: the delay comes from hardship, not bad faith, and you "
               "offer a plan yourself; the lender recovers the principal faster and cheaper than by collection or court.")
    out.append("  2. 停息挂账（停止计息、欠款挂账分期）：继续计息会让欠款越滚越大，方案无法执行；请对方书面确认。" if zh else
               "  2. Stop further interest and freeze the balance (停息挂账): growing interest makes any plan "
               "impossible to keep; ask for written confirmation.")
    out.append("生成协商信：dunguard letter negotiate --lender 机构 --owed 金额 --plan 期数 --reason 原因" if zh else
               "Write the letter: dunguard letter negotiate --lender NAME --owed AMOUNT --plan MONTHS --reason WHY")
    return out


def cmd_plan(args: argparse.Namespace) -> int:
    from dunguard.loans import make_plan, parse_amount, parse_months

    owed = parse_amount(args.owed, "--owed")
    income = parse_amount(args.income, "--income", allow_zero=True)
    expenses = parse_amount(args.expenses, "--expenses", allow_zero=True)
    plan = make_plan(owed, income, expenses, parse_months(args.months))
    if args.json:
        from dunguard.loans import plan_to_json

        return _write_json(plan_to_json(plan))
    _write(args, "\n".join(plan_lines(plan, args.lang)))
    return 0


# --- letters -----------------------------------------------------------------------------------


def _emit(args: argparse.Namespace, md: str) -> int:
    from dunguard.errors import BadInput
    from dunguard.letters import render

    if args.format == "pdf" and not args.output:
        raise BadInput("loan_pdf_needs_output")
    out = render(md, args.format, args.lang)
    if args.output:
        data = out if isinstance(out, bytes) else out.encode("utf-8")
        path = Path(args.output)
        tmp = path.with_name(path.name + ".part")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            raise BadInput("file_unreadable", path=args.output, reason=exc.strerror or type(exc).__name__) from None
    else:
        assert isinstance(out, str)
        sys.stdout.write(out)
    return 0


def cmd_willing(args: argparse.Namespace) -> int:
    from dunguard.letters import willing

    md = willing(args.lang, lender=args.lender, owed=_opt_amount(args.owed, "--owed"), name=args.name,
                 phone=args.phone, id_last4=args.id_last4, contract=args.contract, reason=args.reason,
                 when=_opt_date(args.date, "--date"))
    return _emit(args, md)


def cmd_negotiate(args: argparse.Namespace) -> int:
    from dunguard.letters import negotiate
    from dunguard.loans import parse_amount, parse_months

    months = None
    if args.plan is not None:
        ms = parse_months(args.plan)
        months = ms[0]
    md = negotiate(
        args.lang,
        lender=args.lender,
        owed=_opt_amount(args.owed, "--owed"),
        months=months,
        reason=args.reason,
        name=args.name,
        phone=args.phone,
        id_last4=args.id_last4,
        contract=args.contract,
        income=parse_amount(args.income, "--income", allow_zero=True) if args.income else None,
        expenses=parse_amount(args.expenses, "--expenses", allow_zero=True) if args.expenses else None,
        principal=_opt_amount(args.principal, "--principal"),
        first_date=_opt_date(args.first_due, "--first-due"),
        proof=args.proof,
        when=_opt_date(args.date, "--date"),
    )
    return _emit(args, md)


def _read_report(path: str) -> dict[str, Any]:
    import json

    from dunguard.errors import BadInput

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput("file_not_found", path=path) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput("letter_bad_report", path=path, reason=type(exc).__name__) from None
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise BadInput("letter_bad_report", path=path, reason="no 'message'")
    return data


def cmd_complaint(args: argparse.Namespace) -> int:
    from dunguard.errors import BadInput
    from dunguard.letters import RECIPIENTS, complaint, complaint_from_case

    if args.to not in RECIPIENTS:
        raise BadInput("letter_bad_recipient", value=args.to)
    # A complaint needs a rule broken; one with only a blank where the rules go is refused unless asked for.
    common = dict(to=args.to, lender=args.lender, name=args.name, phone=args.phone, agency=args.agency,
                  when=_opt_date(args.date, "--date"), require_violation=not args.force)
    if args.case:
        try:
            import dunguard.case.store  # noqa: F401
        except ImportError:
            raise BadInput("letter_no_case_store") from None
        md = complaint_from_case(args.case, db=args.db, lang=args.lang, **common)
    elif args.report:
        md = complaint(args.lang, reports=[_read_report(p) for p in args.report], **common)
    else:
        raise BadInput("letter_need_case_or_report")
    rc = _emit(args, md)
    # The letter itself carries no confidence marks (an official reads it); the user is told here.
    print("提示：信中部分依据来自二手资料，提交前请按 docs/rules.md 所列来源核对原文。" if args.lang == "zh" else
          "Note: some sources cited in the letter are secondary; check them against docs/rules.md before sending.",
          file=sys.stderr)
    return rc


# --- keeping loans: add, list, due, calendar, delete --------------------------------------------

KEEP_OUT = {
    "zh": {
        "added": "已记下借款 {id}：{lender}，到手 {received} 元，{n} 笔共 {total} 元（{first} 至 {last}）",
        "rate": "真实年化利率 {nominal}（内部收益率法），实际年利率 {effective}",
        "assumed": "（假定 {day} 到账：第一期还款前一个月；可用 --received-on 指定）",
        "next": "查看近期要还的款：dunguard loan due；导出手机日历提醒：dunguard loan calendar > loans.ics",
        "none": "还没有记下任何借款。用 dunguard loan add --lender 机构 --received 到手金额 --installments 12x1000 "
        "--first-due 2025-03-26 添加。",
        "row": "{id}  {lender}  到手 {received} 元，{n} 笔共 {total} 元（{first} 至 {last}）  "
        "年化 {nominal}（实际 {effective}）{note}",
        "window": "{start} 至 {end}（{weeks} 周）",
        "nothing_due": "{window}没有要还的款。",
        "due_head": "{window}要还 {count} 笔，共 {total} 元：",
        "due_row": "{due}（{left}）  {lender}  {amount} 元  第 {n}/{of} 期  年化 {nominal}（实际 {effective}）  [{id}]",
        "today": "今天",
        "tomorrow": "明天",
        "days": "还有 {d} 天",
        "over24": "年化超过 24% 的借款可以对照法律红线检查：dunguard loan check（加 --lender-type 和 --signed）。",
        "deleted": "已删除借款 {id}（{lender}），已记入日志第 {n} 条；它不会再出现在 loan due 和 loan calendar 里。"
        "已经导入手机日历的提醒请在手机上删除。",
        "cal_empty": "还没有记下任何借款，日历是空的。",
        "twin": "注意：这笔借款和已记下的 {other} 完全一样；如果是重复添加，请用 dunguard loan delete {id} 删除。",
        "cal_done": "已导出 {count} 个还款提醒（每个在前一天 9:00 提醒）。",
    },
    "en": {
        "added": "Kept loan {id}: {lender}, received {received} yuan, {n} payments totalling {total} yuan "
        "({first} to {last})",
        "rate": "True annual rate {nominal} (IRR method), effective {effective}",
        "assumed": "(Assumed the money arrived on {day}, one month before the first payment; set --received-on)",
        "next": "See what falls due: dunguard loan due; phone reminders: dunguard loan calendar > loans.ics",
        "none": "No loans kept yet. Add one: dunguard loan add --lender NAME --received AMOUNT --installments 12x1000 "
        "--first-due 2025-03-26",
        "row": "{id}  {lender}  received {received}, {n} payments totalling {total} ({first} to {last})  "
        "annual {nominal} (effective {effective}){note}",
        "window": "between {start} and {end}",
        "nothing_due": "Nothing falls due {window}.",
        "due_head": "{count} payment(s) due {window}, {total} yuan in all:",
        "due_row": "{due} ({left})  {lender}  {amount} yuan  payment {n}/{of}  annual {nominal} (effective "
        "{effective})  [{id}]",
        "today": "today",
        "tomorrow": "tomorrow",
        "days": "in {d} days",
        "over24": "Loans above 24% a year can be checked against the legal lines: dunguard loan check "
        "(with --lender-type and --signed).",
        "deleted": "Deleted loan {id} ({lender}); logged as entry {n}. It no longer appears in loan due or loan "
        "calendar. Reminders already imported into a phone calendar must be deleted there.",
        "cal_empty": "No loans kept yet: the calendar is empty.",
        "twin": "Note: this loan is identical to {other}, already kept; if you added it twice, dunguard loan delete {id}.",
        "cal_done": "Exported {count} repayment reminders (each at 09:00 the day before).",
    },
}


def _open_store(args: argparse.Namespace) -> Any:
    from dunguard.case.cli import open_from_args

    return open_from_args(args)


def _schedule_from_args(args: argparse.Namespace) -> tuple[str, list[Any]]:
    from dunguard import loans as L
    from dunguard import loans_store as S
    from dunguard.errors import BadInput

    if args.installments and args.schedule:
        raise BadInput("loan_add_one_schedule")
    if args.installments:
        n, amount = L.parse_installments(args.installments)
        if not args.first_due:
            raise BadInput("loan_need_first_due")
        return "installments", S.installments(n, amount, L.parse_date(args.first_due, "--first-due"))
    if args.schedule:
        if args.first_due:
            raise BadInput("loan_add_one_schedule")
        return "schedule", L.read_schedule(args.schedule)
    raise BadInput("loan_add_no_payments")


def _loan_fields(loan: Any, rate: Any) -> dict[str, Any]:
    from dunguard.loans import money, pct

    return {
        "id": loan.id, "lender": loan.lender, "received": money(loan.received), "n": len(loan.payments),
        "total": money(loan.total), "first": loan.payments[0].due, "last": loan.payments[-1].due,
        "nominal": pct(rate.nominal_annual), "effective": pct(rate.effective_annual),
    }


def cmd_add(args: argparse.Namespace) -> int:
    from dunguard import loans as L
    from dunguard import loans_store as S

    o = KEEP_OUT[args.lang]
    received = L.parse_amount(args.received, "--received")
    kind, schedule = _schedule_from_args(args)
    with _open_store(args) as store:
        loan = S.add_loan(
            store, args.lender, received, schedule, kind=kind,
            received_on=_opt_date(args.received_on, "--received-on"), signed=_opt_date(args.signed, "--signed"),
            lender_type=args.lender_type, note=args.note,
        )
        # The same loan typed in twice would double every reminder; say so rather than refuse,
        # since two identical loans from one lender do happen.
        twin = [ln.id for ln in S.loans(store) if ln.id != loan.id and ln.lender == loan.lender
                and ln.received == loan.received and ln.payments == loan.payments]
    if args.json:
        return _write_json(loan.to_json())
    rate = loan.rate()
    f = _loan_fields(loan, rate)
    lines = [o["added"].format(**f), o["rate"].format(**f)]
    if rate.assumed_received_on:
        lines.append(o["assumed"].format(day=rate.received_on))
    if twin:
        lines.append(o["twin"].format(other=", ".join(twin), id=loan.id))
    lines.append(o["next"])
    sys.stderr.write("\n".join(lines) + "\n")
    sys.stdout.write(loan.id + "\n")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from dunguard import loans_store as S

    o = KEEP_OUT[args.lang]
    with _open_store(args) as store:
        kept = S.loans(store)
    if args.json:
        return _write_json([ln.to_json() for ln in kept])
    if not kept:
        _write(args, o["none"])
        return 0
    lines = []
    for ln in kept:
        extra = [LENDER_LABEL[ln.lender_type][args.lang]] if ln.lender_type else []
        if ln.signed:
            extra.append(("签约 " if args.lang == "zh" else "signed ") + ln.signed.isoformat())
        if ln.note:
            extra.append(ln.note)
        note = "  " + ("；" if args.lang == "zh" else "; ").join(extra) if extra else ""
        lines.append(o["row"].format(**_loan_fields(ln, ln.rate()), note=note))
    _write(args, "\n".join(lines))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from datetime import date, timedelta
    from decimal import Decimal

    from dunguard import loans_store as S
    from dunguard.loans import money, pct

    o = KEEP_OUT[args.lang]
    weeks = S.parse_weeks(args.weeks)
    today = _opt_date(args.today, "--today") or date.today()
    with _open_store(args) as store:
        any_kept = bool(S.loans(store))
        items = S.due(store, today, weeks)
    if args.json:
        return _write_json({"from": today.isoformat(), "to": (today + timedelta(weeks=weeks)).isoformat(),
                            "weeks": weeks, "due": [d.to_json() for d in items]})
    if not any_kept:
        _write(args, o["none"])
        return 0
    window = o["window"].format(start=today, end=today + timedelta(weeks=weeks), weeks=weeks)
    if not items:
        _write(args, o["nothing_due"].format(window=window))
        return 0
    total = sum((d.payment.amount for d in items), Decimal(0))
    lines = [o["due_head"].format(window=window, count=len(items), total=money(total))]
    for d in items:
        left = o["today"] if d.days_left == 0 else o["tomorrow"] if d.days_left == 1 else o["days"].format(d=d.days_left)
        lines.append("  " + o["due_row"].format(
            due=d.payment.due, left=left, lender=d.loan.lender, amount=money(d.payment.amount), n=d.payment.n,
            of=len(d.loan.payments), nominal=pct(d.rate.nominal_annual), effective=pct(d.rate.effective_annual),
            id=d.loan.id,
        ))
    if any(d.rate.nominal_annual > Decimal("0.24") for d in items):
        lines.append(o["over24"])
    _write(args, "\n".join(lines))
    return 0


def cmd_calendar(args: argparse.Namespace) -> int:
    from dunguard import loans_store as S

    o = KEEP_OUT[args.lang]
    with _open_store(args) as store:
        data = S.calendar(store, args.lang)
        count = sum(len(ln.payments) for ln in S.loans(store))
    if args.output:
        path = Path(args.output)
        tmp = path.with_name(path.name + ".part")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            from dunguard.errors import BadInput

            raise BadInput("file_unreadable", path=args.output, reason=exc.strerror or type(exc).__name__) from None
    else:
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(data)
            out.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
    sys.stderr.write((o["cal_done"].format(count=count) if count else o["cal_empty"]) + "\n")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from dunguard import loans_store as S

    o = KEEP_OUT[args.lang]
    with _open_store(args) as store:
        loan = S.delete_loan(store, args.loan_id, args.reason)
        n = S.events(store)[-1]["n"]
    _write(args, o["deleted"].format(id=loan.id, lender=loan.lender, n=n))
    return 0
