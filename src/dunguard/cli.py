"""Command line: `dunguard analyze`, `rules`, `explain`.

Imports of rich, phonenumbers and the rule packs happen inside the commands so
`dunguard --help` starts in a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from importlib import import_module

from dunguard.errors import BadInput, DunguardError, Text

# Command areas beyond analyze/rules/explain. Each module exposes
# register(subparsers, lang, common_parent) and must stay light at import time:
# heavy libraries are imported inside its command functions.
AREAS: tuple[str, ...] = ("dunguard.case.cli", "dunguard.loans_cli", "dunguard.batch_cli", "dunguard.web.cli")

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

HELP = {
    "zh": {
        "prog": "dunguard：看懂催收短信——它说了什么、是真是假、是否违规、下一步怎么做。全程本地运行，不联网。",
        "lang": "输出语言：zh（中文，默认）或 en",
        "analyze": "分析一条短信",
        "text": "短信内容；写 - 表示从标准输入读取",
        "file": "从文件读取短信（UTF-8 / GBK / GB18030 / Big5 / UTF-16）",
        "json": "输出 JSON（字段见 docs/json.md）",
        "received_at": "短信收到的时间，如 2025-02-26T10:30（用来把“明天下午3点”换算成日期）",
        "sender": "发信号码",
        "tz": "时区（默认 Asia/Shanghai）",
        "days_overdue": "已逾期天数",
        "owed": "欠款金额（元）",
        "can_pay": "你每月最多能拿出多少钱还这笔欠款（元）：还款计划按这个数来算；有几笔欠款时只填给这一笔的份额"
                   "（loan plan 另按收入和支出算，并留出一半余额备用）",
        "lender_type": "放贷机构类型",
        "contacts": "到目前为止被催收联系的次数",
        "address_known": "对方知道你的住址",
        "address_unknown": "对方不知道你现在的住址",
        "rules": "列出全部规则",
        "format": "输出格式",
        "explain": "查看一条规则的说明和出处",
        "rule_id": "规则编号，如 CN-VISIT-001",
        "error": "错误",
        "internal": "内部错误：{exc}（设置 DUNGUARD_DEBUG=1 可查看详细信息）",
    },
    "en": {
        "prog": "dunguard: understand a debt-collection text: what it claims, whether it is real or legal, "
        "and what to do next. Runs locally, never uses the network.",
        "lang": "output language: zh (Chinese, default) or en",
        "analyze": "analyze one message",
        "text": "the message text; - reads standard input",
        "file": "read the message from a file (UTF-8 / GBK / GB18030 / Big5 / UTF-16)",
        "json": "print JSON (fields in docs/json.md)",
        "received_at": "when the message arrived, e.g. 2025-02-26T10:30 (resolves 明天下午3点 to a date)",
        "sender": "the sender's number",
        "tz": "time zone (default Asia/Shanghai)",
        "days_overdue": "days overdue",
        "owed": "amount owed (yuan)",
        "can_pay": "the most you can pay towards this debt each month (yuan): the repayment proposal follows it; with "
                   "several debts give this one's share (loan plan works from income and expenses and keeps half the "
                   "surplus in reserve)",
        "lender_type": "kind of lender",
        "contacts": "collection contacts so far",
        "address_known": "the collector knows your address",
        "address_unknown": "the collector does not know where you live now",
        "rules": "list every rule",
        "format": "output format",
        "explain": "show one rule: what it detects, why, and its source",
        "rule_id": "rule id, e.g. CN-VISIT-001",
        "error": "error",
        "internal": "internal error: {exc} (set DUNGUARD_DEBUG=1 for details)",
    },
}


# argparse's own usage errors, in English, and the message key each becomes. Details of
# "argument X: ..." are matched separately; a detail already in the user's language (from a
# ``type=`` function below) passes through unchanged.
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), key)
    for pattern, key in (
        (r"the following arguments are required: (?P<args>.+)", "arg_required"),
        (r"one of the arguments (?P<args>.+) is required", "arg_one_of_required"),
        (r"unrecognized arguments: (?P<args>.+)", "arg_unrecognized"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "arg_ambiguous"),
        (r"argument (?P<arg>[^:]+): (?P<detail>.+)", "arg_problem"),
    )
)
_ARGPARSE_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), key)
    for pattern, key in (
        (r"not allowed with argument (?P<other>.+)", "arg_not_allowed_with"),
        (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "arg_invalid_choice"),
        (r"invalid \S+ value: (?P<value>.+)", "arg_invalid_value"),
        (r"expected one argument", "arg_expected_one"),
        (r"expected (at least one|at most one|\d+) arguments?", "arg_expected_some"),
        (r"ignored explicit argument (?P<value>.+)", "arg_takes_no_value"),
    )
)


def translate_usage_error(message: str, lang: str) -> str:
    """One of argparse's English usage errors in ``lang``; an unknown one is left as it is."""
    for pattern, key in _ARGPARSE_ERRORS:
        m = pattern.fullmatch(message.strip())
        if m is None:
            continue
        params: dict[str, object] = dict(m.groupdict())
        if key == "arg_problem":
            for detail, detail_key in _ARGPARSE_DETAILS:
                d = detail.fullmatch(m["detail"])
                if d is not None:
                    params["detail"] = Text(detail_key, **d.groupdict())
                    break
        return DunguardError(key, **params).render(lang)
    return message


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line, in the user's language, with exit code 2."""

    lang = "zh"

    def error(self, message: str) -> None:  # type: ignore[override]
        label = HELP[self.lang]["error"]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {label}: {translate_usage_error(message, self.lang)}\n")


class OptionValueError(argparse.ArgumentTypeError):
    """A ``type=`` check's complaint, worded in the language of the parser being built."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(DunguardError(key, **params).render(_Parser.lang))


def _sniff_lang(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return "en" if os.environ.get("DUNGUARD_LANG") == "en" else "zh"


def build_parser(lang: str) -> argparse.ArgumentParser:
    h = HELP[lang]
    _Parser.lang = lang
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("zh", "en"), default=lang, help=h["lang"])

    parser = _Parser(prog="dunguard", description=h["prog"], parents=[common])
    from dunguard import __version__

    parser.add_argument("--version", action="version", version=f"dunguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("analyze", help=h["analyze"], description=h["analyze"], parents=[common])
    p.add_argument("text", nargs="?", help=h["text"])
    p.add_argument("--file", "-f", help=h["file"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.add_argument("--received-at", help=h["received_at"])
    p.add_argument("--sender", help=h["sender"])
    p.add_argument("--tz", default="Asia/Shanghai", help=h["tz"])
    p.add_argument("--days-overdue", type=_nonneg_int, help=h["days_overdue"])
    p.add_argument("--owed", type=_amount, help=h["owed"])
    p.add_argument("--can-pay", type=_amount, help=h["can_pay"])
    p.add_argument(
        "--lender-type",
        choices=("bank", "consumer-finance", "small-loan", "platform", "unknown"),
        default="unknown",
        help=h["lender_type"],
    )
    p.add_argument("--contacts", type=_nonneg_int, help=h["contacts"])
    known = p.add_mutually_exclusive_group()
    known.add_argument("--address-known", action="store_true", default=None, help=h["address_known"])
    # (saying they do NOT know it lowers the estimate: without a way to say so, only "unknown" was possible)
    known.add_argument("--address-unknown", dest="address_known", action="store_false", default=None,
                       help=h["address_unknown"])
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("rules", help=h["rules"], description=h["rules"], parents=[common])
    p.add_argument("--format", choices=("table", "md", "json"), default="table", help=h["format"])
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("explain", help=h["explain"], description=h["explain"], parents=[common])
    p.add_argument("rule_id", help=h["rule_id"])
    p.set_defaults(func=cmd_explain)

    for name in AREAS:
        import_module(name).register(sub, lang, common)
    return parser


def _nonneg_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise OptionValueError("arg_not_whole", value=repr(value)) from None
    if n < 0:
        raise OptionValueError("arg_negative", value=repr(value))
    return n


def _amount(value: str):  # -> Decimal, imported lazily
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(value.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise OptionValueError("arg_not_amount", value=repr(value)) from None
    if not d.is_finite() or d < 0:
        raise OptionValueError("arg_not_amount", value=repr(value))
    return d


def _read_time(raw: str) -> datetime | None:
    for cand in (raw, raw.replace("/", "-")):
        try:
            return datetime.fromisoformat(cand)
        except ValueError:
            pass
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw.replace("/", "-"), fmt)
        except ValueError:
            pass
    return None


# The date at the start of a typed time (2025-02-26, 2025/2/26, 20250226, 2025-W09-3, 2025-057).
_DATE_PART = re.compile(r"\s*\d{4}-?(?:W\d{2}(?:-?\d)?|\d{1,2}-?\d{1,2}|\d{3})")


def has_clock(raw: str) -> bool:
    """Whether a typed time gives the time of day, not a date alone.

    >>> has_clock("2025-02-26T10:30"), has_clock("2025/2/26 0:00"), has_clock("2025-02-26")
    (True, True, False)
    """
    flat = raw.replace("/", "-")
    m = _DATE_PART.match(flat)
    return any(ch.isdigit() for ch in flat[m.end():]) if m else True


def parse_received_at(value: str, now: datetime | None = None) -> datetime:
    """Accept ISO forms people type: 2025-02-26T10:30, '2025-02-26 10:30', 2025/2/26 10:30.

    A date without a time of day is refused: read as midnight it would look like a message sent
    at night (a rule broken, cited in complaints), and a Message cannot say "time unknown".
    A time days ahead of the clock is a typo (2099 for 2025), and every date in the report would be
    resolved from it, so it is refused; two days of slack cover time zones and a slow clock.
    """
    found = _read_time(value.strip())
    if found is None:
        raise BadInput("bad_received_at", value=value)
    if not has_clock(value.strip()):
        raise BadInput("received_no_clock", value=value.strip())
    now = now or datetime.now(UTC)
    aware = found if found.tzinfo else found.replace(tzinfo=UTC)
    if aware - now > timedelta(days=2):
        raise BadInput("received_in_future", value=value, today=now.date().isoformat())
    return found


def _read_message_text(args: argparse.Namespace) -> str:
    from dunguard.ingest.text import read_file, read_stream

    if args.file:
        if args.text:
            raise BadInput("bad_option", reason="text and --file together")
        return read_file(args.file)
    if args.text == "-" or (args.text is None and not sys.stdin.isatty()):
        return read_stream(sys.stdin.buffer, "-")
    if args.text is None:
        raise BadInput("no_input")
    return args.text


def cmd_analyze(args: argparse.Namespace) -> int:
    from dunguard.ingest.text import analyze_paste
    from dunguard.model import Context, Message

    text = _read_message_text(args)
    received = parse_received_at(args.received_at) if args.received_at else None
    message = Message(text=text, received_at=received, sender=args.sender, timezone=args.tz)
    context = None
    if any(
        v is not None for v in (args.days_overdue, args.owed, args.contacts, args.address_known, args.can_pay)
    ) or args.lender_type != "unknown":
        context = Context(
            days_overdue=args.days_overdue,
            owed=args.owed,
            lender_type=args.lender_type.replace("-", "_"),
            contacts=args.contacts,
            address_known=args.address_known,
            can_pay=args.can_pay,
        )
    # The phone's own time line above a pasted message is when it arrived: used rather than leave 明天 undated.
    report, screen_time = analyze_paste(message, context, datetime.now(UTC))
    if args.json:
        from dunguard.render.json import dumps

        sys.stdout.write(dumps(report) + "\n")
    else:
        from dunguard.render.terminal import print_report

        if screen_time is not None:  # (analyze_paste set the received time from that line)
            from dunguard.render.labels import SECTIONS

            when = f"{report.message.received_at:%Y-%m-%d %H:%M}"
            print(SECTIONS["received_from_paste"][args.lang].format(line=screen_time, when=when))
        print_report(report, lang=args.lang)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from dunguard.rules import load_pack

    pack = load_pack("cn")
    if args.format == "md":
        from dunguard.rules.docs import render_markdown

        sys.stdout.write(render_markdown(pack, lang=args.lang))
    elif args.format == "json":
        import json

        rows = [
            {
                "id": r.id,
                "title": dict(r.title),
                "category": r.category,
                "severity": r.severity,
                "tier": r.tier,
                "kinds": list(r.kinds),
                "citations": [c.to_json() for c in r.citations],
            }
            for r in pack.rules
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        from dunguard.render.terminal import print_rules

        print_rules(pack, lang=args.lang)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from dunguard.rules import load_pack
    from dunguard.rules.docs import render_rule_page

    rule = load_pack("cn").get(args.rule_id.strip().upper())
    sys.stdout.write(render_rule_page(rule, lang=args.lang))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _sniff_lang(argv)
    parser = build_parser(lang)
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version and usage errors already printed
            return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
        if not getattr(args, "command", None):
            parser.print_help()
            return 0
        return args.func(args)
    except DunguardError as exc:
        sys.stderr.write(f"dunguard: {HELP[lang]['error']}: {exc.render(lang)}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # A pager or `head` closed the pipe: not an error worth a message.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # last line of defence: never show a traceback
        if os.environ.get("DUNGUARD_DEBUG"):
            raise
        sys.stderr.write(f"dunguard: {HELP[lang]['internal'].format(exc=type(exc).__name__)}\n")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
