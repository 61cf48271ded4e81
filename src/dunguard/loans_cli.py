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
        "json": "输出 JSON（金额和利率为十进制字符串）",
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
        "json": "print JSON (money and rates as decimal strings)",
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
    "letter_no_case_store": {
        "zh": "案件存储尚不可用；请改用 --report 指定分析报告文件",
        "en": "The case store is not available; use --report with analysis report files instead",
    },
}


def register(sub: Any, lang: str, common: argparse.ArgumentParser) -> None:
    from dunguard.errors import register_messages

    register_messages(MESSAGES)
    h = HELP[lang]

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
            raise BadInput("loan_bad_amount", field="--fee-upfront", value=args.fee_upfront)
    first_due = _opt_date(args.first_due, "--first-due")
    received_on = _opt_date(args.received_on, "--received-on")
    advertised = L.parse_nominal(args.advertised) if args.advertised else None
    if received is None:
        raise BadInput("loan_bad_amount", field="--received", value="")
    chosen = [x for x in (args.installments, args.schedule, args.nominal) if x]
    if len(chosen) > 1:
        raise BadInput("bad_option", reason="--installments, --schedule and --nominal: give one")
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


def rate_lines(rate: Any, advertised: Any, lang: str) -> list[str]:
    from dunguard.loans import money, pct

    zh = lang == "zh"
    out = []
    n = len(rate.payments)
    if zh:
        out.append(f"到手金额：{money(rate.received)} 元；还款总额：{money(rate.total_paid)} 元（{n} 笔）；"
                   f"借款成本：{money(rate.cost)} 元")
    else:
        out.append(f"Received: {money(rate.received)} yuan; repaid in total: {money(rate.total_paid)} yuan "
                   f"({n} payments); cost: {money(rate.cost)} yuan")
    if rate.method == "irr_monthly":
        out.append(f"月利率（内部收益率 IRR）：{pct(rate.periodic, 4)}" if zh
                   else f"Monthly rate (internal rate of return, IRR): {pct(rate.periodic, 4)}")
        out.append(f"年化利率（IRR×12，名义年利率）：{pct(rate.nominal_annual)}" if zh
                   else f"Annual rate (IRR x 12, nominal): {pct(rate.nominal_annual)}")
        out.append(f"实际年利率（按月复利 (1+IRR)^12−1）：{pct(rate.effective_annual)}" if zh
                   else f"Effective annual rate (compounded, (1+IRR)^12 - 1): {pct(rate.effective_annual)}")
    else:
        out.append(f"实际年利率（XIRR，按实际天数/365 复利）：{pct(rate.effective_annual)}" if zh
                   else f"Effective annual rate (XIRR, actual/365, compounded): {pct(rate.effective_annual)}")
        out.append(f"年化利率（折算为月利率×12，名义年利率）：{pct(rate.nominal_annual)}" if zh
                   else f"Annual rate (monthly equivalent x 12, nominal): {pct(rate.nominal_annual)}")
    if rate.assumed_received_on and rate.received_on:
        out.append(f"（假定 {rate.received_on} 到账：第一期还款前一个月；可用 --received-on 指定）" if zh
                   else f"(Assumed the money arrived on {rate.received_on}, one month before the first payment; "
                   "set --received-on)")
    out.append("说明：2021年人民银行公告要求贷款机构以年化利率展示全部借款成本（按内部收益率法，本工具按 IRR×12 折算，"
               "与法律红线比较也用这一较低的数字，以免夸大）。" if zh
               else "Note: the 2021 PBOC announcement requires lenders to show the annualised rate of all borrowing "
               "costs (by the IRR method; shown here as IRR x 12, the lower figure, which is also the one compared "
               "with the legal lines so nothing is overstated).")
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


def check_lines(chk: Any, lang: str) -> list[str]:
    from dunguard.loans import money, pct

    zh = lang == "zh"
    out = rate_lines(chk.rate, None, lang)[:4 if chk.rate.method == "irr_monthly" else 3]
    lt = LENDER_LABEL[chk.lender_type][lang]
    out.append("")
    out.append(f"放贷机构：{lt}；签约日期：{chk.signed}" if zh else f"Lender: {lt}; contract date: {chk.signed}")
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
        where = " ".join(x for x in (line.document, line.article) if x)
        head = f"【{pct(r.annual)}】{where}" if zh else f"[{pct(r.annual)}] {where}"
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
        if r.crossed:
            crossed_any = crossed_any or r.in_force
            out.append(f"  超过：年化利率 {pct(chk.rate.nominal_annual)} > {pct(r.annual)}。按还款计划的借款成本中，约 "
                       f"{money(r.cost_above)} 元在这条线以上。" if zh else
                       f"  CROSSED: annual rate {pct(chk.rate.nominal_annual)} > {pct(r.annual)}. About "
                       f"{money(r.cost_above)} yuan of the scheduled cost lies above this line.")
        else:
            out.append(f"  未超过：年化利率 {pct(chk.rate.nominal_annual)} ≤ {pct(r.annual)}。" if zh else
                       f"  Not crossed: annual rate {pct(chk.rate.nominal_annual)} <= {pct(r.annual)}.")
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
    from dunguard.errors import BadInput
    from dunguard.loans import LENDER_TYPES, check_loan, parse_amount

    if args.lender_type not in LENDER_TYPES:
        raise BadInput("loan_bad_lender_type", value=args.lender_type)
    signed = _opt_date(args.signed, "--signed")
    rate, _ = _rate_from_args(args)
    claimed = {}
    for key, value in (("interest", args.claimed_interest), ("penalty", args.claimed_penalty),
                       ("fees", args.claimed_fees)):
        if value is not None:
            claimed[key] = parse_amount(value, f"--claimed-{key}", allow_zero=True)
    chk = check_loan(rate, args.lender_type, signed, claimed, as_of=_opt_date(args.as_of, "--as-of"))
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
    common = dict(to=args.to, lender=args.lender, name=args.name, phone=args.phone, agency=args.agency,
                  when=_opt_date(args.date, "--date"))
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
    return _emit(args, md)
