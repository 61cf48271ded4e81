"""`dunguard case …`: keep a case of messages, calls, notes and evidence files.

Registered through dunguard.cli.AREAS. Only argparse is imported at module level so
`dunguard --help` stays fast; the store, importers and rich load inside the commands.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from typing import Any

HELP = {
    "zh": {
        "case": "案件：导入手机短信、记录来电和证据，查看时间线，校验证据未被改动",
        "db": "案件库文件（默认在用户数据目录；也可用环境变量 DUNGUARD_DB 指定）",
        "new": "新建案件，输出案件编号",
        "name": "案件名称，如“美团借钱 逾期”",
        "list": "列出全部案件",
        "import": "导入短信：安卓“SMS Backup & Restore”XML、iOS sms.db、CSV/JSONL、文本文件（多条之间空一行）或截图（PNG/JPEG，需 dunguard[ocr]）",
        "case_id": "案件编号（可只写前几位）",
        "file": "要导入的文件；写 - 表示直接粘贴短信（从标准输入读取，多条之间空一行）",
        "map": "CSV/JSONL 列对应关系，如 text=内容,sender=号码,received_at=时间（可加 direction=方向）",
        "format": "文件格式（默认自动识别）",
        "tz": "时区（默认 Asia/Shanghai）",
        "sender": "文本文件或截图：发信号码",
        "received_at": "文本文件或截图：收到时间，如 2025-02-26T10:30",
        "add_call": "记录一次催收来电",
        "from": "来电号码",
        "at": "来电时间，如 2025-02-26T21:30",
        "minutes": "通话分钟数",
        "note": "备注",
        "recording": "通话录音文件（原样保存为证据）",
        "attach": "保存一个证据文件（截图、录音、信件）",
        "attach_file": "证据文件",
        "note_cmd": "给案件加一条备注",
        "text": "备注内容",
        "show": "按时间顺序显示案件：短信的判断、违规规则、上门说法，以及来电、备注、附件",
        "all": "显示全部短信（默认只显示催收相关的）",
        "only_flagged": "只显示催收相关短信（默认）",
        "json": "输出 JSON",
        "verify": "校验案件：哈希链、每条记录和每个证据文件是否被改动、删除或添加",
        "verify_exit": "退出码：0 案件完好；1 发现被改动、缺失或多出的内容（会逐条列出）；2 输入错误（如找不到案件）。",
        "delete": "删除一项（只是隐藏，并记入日志，原始记录仍保留）",
        "item": "要删除的短信、来电、备注或附件编号（可只写前几位）",
        "reason": "删除原因（会记入日志）",
        "rename": "给案件改名（旧名称保留在日志里，校验照样通过）",
        "new_name": "新的案件名称",
    },
    "en": {
        "case": "cases: import phone messages, record calls and evidence, see the timeline, verify nothing changed",
        "db": "case store file (default: the user data directory; or set DUNGUARD_DB)",
        "new": "create a case and print its id",
        "name": "case name, e.g. '美团借钱 逾期'",
        "list": "list every case",
        "import": "import messages: Android 'SMS Backup & Restore' XML, iOS sms.db, CSV/JSONL, a text file "
        "(a blank line between messages) "
        "or a screenshot (PNG/JPEG, needs dunguard[ocr])",
        "case_id": "case id (a unique prefix is enough)",
        "file": "file to import; - reads pasted messages from standard input (a blank line between messages)",
        "map": "CSV/JSONL columns, e.g. text=内容,sender=号码,received_at=时间 (optional direction=方向)",
        "format": "file format (default: detect)",
        "tz": "time zone (default Asia/Shanghai)",
        "sender": "text file or screenshot: the sender's number",
        "received_at": "text file or screenshot: when it arrived, e.g. 2025-02-26T10:30",
        "add_call": "record a collection call",
        "from": "the caller's number",
        "at": "when the call came, e.g. 2025-02-26T21:30",
        "minutes": "length in minutes",
        "note": "note",
        "recording": "recording of the call (kept unchanged as evidence)",
        "attach": "keep an evidence file (screenshot, recording, letter)",
        "attach_file": "the evidence file",
        "note_cmd": "add a note to the case",
        "text": "the note",
        "show": "the case in time order: each message's verdict, rules and visit claims, with calls, notes, files",
        "all": "show every message (default: only collection-related ones)",
        "only_flagged": "show only collection-related messages (default)",
        "json": "print JSON",
        "verify": "verify the case: hash chain, every record and every evidence file",
        "verify_exit": "exit code 0: the case is intact; 1: something was altered, is missing or was added "
        "(each is listed); 2: bad input (e.g. no such case).",
        "delete": "delete an item (hidden and logged; the original record is kept)",
        "item": "id (or unique prefix) of the message, call, note or attachment",
        "reason": "why (written to the log)",
        "rename": "rename a case (the old name stays in the log; verify still passes)",
        "new_name": "the case's new name",
    },
}

OUT = {
    "zh": {
        "created": "已新建案件「{name}」，编号：",
        "no_cases": "还没有案件。用 dunguard case new \"名称\" 新建一个。",
        "cols": ("编号", "名称", "建立时间", "短信（催收相关）", "来电", "备注", "附件"),
        "imported": "{file}：读取 {read} 条，新增 {added} 条（其中催收相关 {flagged} 条），已有重复 {duplicates} 条，"
        "跳过空白或草稿 {skipped} 条",
        "pasted_name": "粘贴的短信.txt",
        "no_time": "提示：没有给出收到时间，这些短信显示为“时间不明”，不计入夜间催收和每日次数；"
        "可以删除后加上 --received-at（以及 --sender）重新导入。",
        "paste_prompt": "请粘贴短信，多条之间空一行；粘贴完后按 Ctrl+D（Windows 上按 Ctrl+Z 再回车）结束。",
        "check": "检查文件",
        "importing": "分析并保存",
        "call_added": "已记录来电，编号 {id}",
        "attached": "已保存证据文件 {name}，SHA-256 {sha}",
        "noted": "已添加备注，编号 {id}",
        "deleted": "已删除（隐藏）{id}，原因已记入日志第 {n} 条",
        "renamed": "案件 {id} 已改名：「{old}」→「{new}」（记入日志第 {n} 条）",
        "same_name": "案件 {id} 已经叫「{new}」，没有改动。",
        "renamed_line": "案件改名：「{old}」→「{new}」",
        "header": "案件 {id}「{name}」：短信 {messages} 条（催收相关 {flagged} 条）、来电 {calls} 次、备注 {notes} 条、附件 {attachments} 个",
        "showing_flagged": "只显示催收相关短信；加 --all 显示全部短信。",
        "showing_all": "显示全部短信。",
        "empty": "（没有内容）",
        "in": "来自",
        "out": "发给（我发出）",
        "no_sender": "未知号码",
        "rules": "规则",
        "visit": "上门",
        "call": "来电",
        "minutes": "{m} 分钟",
        "recording": "录音",
        "note": "备注",
        "attachment": "附件",
        "source": "导入的原始文件",
        "not_judged": "未分析",
        "duplicates": "    （这条短信在案件里存了 {n} 份：旧版本把同一号码的不同写法当成了两个号码；这里只显示一次。"
        "多出的 {ids} 仍原样保存，如要标记删除可用 dunguard case delete）",
        "intact": "案件 {id} 完好：日志 {events} 条，哈希链头 {head}；已核对短信 {messages} 条、来电 {calls} 次、"
        "备注 {notes} 条、附件记录 {attachments} 个、证据文件 {files} 个。",
        "broken": "案件 {id} 校验失败，发现 {n} 处问题：",
        "change": {"altered": "被改动", "missing": "缺失", "added": "多出"},
        "item": {
            "event": "日志第 {ref} 条",
            "case": "案件信息 {ref}",
            "message": "短信 {ref}",
            "call": "来电 {ref}",
            "note": "备注 {ref}",
            "attachment": "附件记录 {ref}",
            "file": "证据文件 {ref}",
            "deletion": "删除标记 {ref}",
        },
    },
    "en": {
        "created": "Created case '{name}', id: ",
        "no_cases": "No cases yet. Create one with dunguard case new \"name\".",
        "cols": ("id", "name", "created", "messages (collection)", "calls", "notes", "files"),
        "imported": "{file}: read {read}, added {added} ({flagged} collection-related), {duplicates} already there, "
        "{skipped} blank or drafts skipped",
        "pasted_name": "pasted.txt",
        "no_time": "Note: no time was given, so these messages show as 'time unknown' and are left out of the "
        "night-time and per-day counts; delete them and import again with --received-at (and --sender).",
        "paste_prompt": "Paste the messages, a blank line between them; then press Ctrl+D (on Windows Ctrl+Z, Enter).",
        "check": "checking file",
        "importing": "analyzing and saving",
        "call_added": "Call recorded, id {id}",
        "attached": "Kept evidence file {name}, SHA-256 {sha}",
        "noted": "Note added, id {id}",
        "deleted": "Deleted (hidden) {id}; the reason is log entry {n}",
        "renamed": "Case {id} renamed: '{old}' -> '{new}' (log entry {n})",
        "same_name": "Case {id} is already called '{new}'; nothing changed.",
        "renamed_line": "Case renamed: '{old}' -> '{new}'",
        "header": "Case {id} '{name}': {messages} messages ({flagged} collection-related), {calls} calls, "
        "{notes} notes, {attachments} files",
        "showing_flagged": "Only collection-related messages; --all shows every message.",
        "showing_all": "Every message.",
        "empty": "(nothing yet)",
        "in": "from",
        "out": "to (sent by me)",
        "no_sender": "unknown number",
        "rules": "rules",
        "visit": "visit",
        "call": "call",
        "minutes": "{m} min",
        "recording": "recording",
        "note": "note",
        "attachment": "file",
        "source": "imported original",
        "not_judged": "not analyzed",
        "duplicates": "    (this message is stored {n} times: an older version took two spellings of one number for two "
        "senders; it is shown once. The other copy {ids} is kept as stored; dunguard case delete can mark it deleted)",
        "intact": "Case {id} is intact: {events} log entries, chain head {head}; checked {messages} messages, "
        "{calls} calls, {notes} notes, {attachments} attachment records, {files} evidence files.",
        "broken": "Case {id} failed verification, {n} problems:",
        "change": {"altered": "altered", "missing": "missing", "added": "added"},
        "item": {
            "event": "log entry {ref}",
            "case": "case record {ref}",
            "message": "message {ref}",
            "call": "call {ref}",
            "note": "note {ref}",
            "attachment": "attachment record {ref}",
            "file": "evidence file {ref}",
            "deletion": "deletion mark {ref}",
        },
    },
}

EXIT_TAMPERED = 1
# Only the light argparse module: importing the export package itself at every --help cost ~40 ms.
EXPORT_MODULE = "dunguard.case.export_cli"


def register(sub: argparse._SubParsersAction, lang: str, common: argparse.ArgumentParser) -> None:
    """Add `dunguard case` and its subcommands to the main parser."""
    h = HELP[lang]
    # The parent every case subcommand shares: --lang (from common) and --db.
    case_common = argparse.ArgumentParser(add_help=False, parents=[common])
    case_common.add_argument("--db", metavar="PATH", help=h["db"])

    case = sub.add_parser("case", help=h["case"], description=h["case"], parents=[common])
    case_sub = case.add_subparsers(dest="case_command", metavar="COMMAND")
    case.set_defaults(func=lambda args: case.print_help() or 0)
    parents = [case_common]

    p = case_sub.add_parser("new", help=h["new"], description=h["new"], parents=parents)
    p.add_argument("name", help=h["name"])
    p.set_defaults(func=cmd_new)

    p = case_sub.add_parser("list", help=h["list"], description=h["list"], parents=parents)
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_list)

    p = case_sub.add_parser("import", help=h["import"], description=h["import"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("file", help=h["file"])
    p.add_argument("--map", dest="mapping", help=h["map"])
    p.add_argument("--format", choices=("auto", "android", "ios", "csv", "jsonl", "text", "screenshot"), default="auto", help=h["format"])
    p.add_argument("--tz", default="Asia/Shanghai", help=h["tz"])
    p.add_argument("--sender", help=h["sender"])
    p.add_argument("--received-at", help=h["received_at"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_import)

    p = case_sub.add_parser("add-call", help=h["add_call"], description=h["add_call"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("--from", dest="number", required=True, help=h["from"])
    p.add_argument("--at", required=True, help=h["at"])
    p.add_argument("--minutes", type=float, required=True, help=h["minutes"])
    p.add_argument("--note", default="", help=h["note"])
    p.add_argument("--recording", help=h["recording"])
    p.set_defaults(func=cmd_add_call)

    p = case_sub.add_parser("attach", help=h["attach"], description=h["attach"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("file", help=h["attach_file"])
    p.add_argument("--note", default="", help=h["note"])
    p.set_defaults(func=cmd_attach)

    p = case_sub.add_parser("note", help=h["note_cmd"], description=h["note_cmd"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("text", help=h["text"])
    p.set_defaults(func=cmd_note)

    p = case_sub.add_parser("show", help=h["show"], description=h["show"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", dest="include", action="store_const", const="all", help=h["all"])
    which.add_argument("--only-flagged", dest="include", action="store_const", const="flagged", help=h["only_flagged"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.add_argument("--tz", default="Asia/Shanghai", help=h["tz"])
    p.set_defaults(func=cmd_show, include="flagged")

    p = case_sub.add_parser("verify", help=h["verify"], description=h["verify"], epilog=h["verify_exit"],
                            parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_verify)

    p = case_sub.add_parser("delete", help=h["delete"], description=h["delete"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("item", help=h["item"])
    p.add_argument("--reason", required=True, help=h["reason"])
    p.set_defaults(func=cmd_delete)

    p = case_sub.add_parser("rename", help=h["rename"], description=h["rename"], parents=parents)
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("new_name", metavar="NEW_NAME", help=h["new_name"])
    p.set_defaults(func=cmd_rename)

    # EXPORT HOOK: the export package's commands (case export, case verify-package) are
    # defined in dunguard.case.export_cli and added here when it exists. `case_common`
    # carries --lang and --db; open the store with open_from_args(args).
    if importlib.util.find_spec(EXPORT_MODULE) is not None:
        export = importlib.import_module(EXPORT_MODULE)
        if hasattr(export, "register_export"):
            export.register_export(case_sub, lang, case_common)


def open_from_args(args: argparse.Namespace):
    """The store named by --db, else $DUNGUARD_DB, else the default place."""
    from dunguard.case.store import open_store

    return open_store(getattr(args, "db", None))


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    with open_from_args(args) as store:
        case_id = store.new_case(args.name)
    sys.stderr.write(OUT[args.lang]["created"].format(name=args.name.strip()) + "\n")
    sys.stdout.write(case_id + "\n")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    o = OUT[args.lang]
    with open_from_args(args) as store:
        cases = store.cases()
    if args.json:
        _print_json([c.to_json() for c in cases])
        return 0
    if not cases:
        sys.stdout.write(o["no_cases"] + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    from dunguard.case.times import local_time

    table = Table(*o["cols"], box=None, pad_edge=False)
    for c in cases:
        created = local_time(c.created_at)  # stored in UTC; shown in the zone case show uses
        table.add_row(c.id, c.name, f"{created:%Y-%m-%d %H:%M}" if created else c.created_at,
                      f"{c.messages} ({c.flagged})",
                      str(c.calls), str(c.notes), str(c.attachments))
    Console(soft_wrap=True).print(table)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from dunguard.ingest.tabular import parse_mapping

    mapping = parse_mapping(args.mapping)
    received = None
    if args.received_at:
        from dunguard.cli import parse_received_at

        received = parse_received_at(args.received_at)
    o = OUT[args.lang]
    if args.file == "-":
        return _import_pasted(args, o, received)
    with open_from_args(args) as store, _progress(o) as progress:
        result = store.import_file(
            args.case_id, args.file, fmt=args.format, mapping=mapping or None, timezone=_tz(args.tz),
            progress=progress, sender=args.sender, received_at=received,
        )
    _print_imported(args, o, result, args.file)
    return 0


def _import_pasted(args: argparse.Namespace, o: dict, received) -> int:
    """``case import CASE -``: messages pasted into the terminal (or piped), kept as a text file like any import."""
    import shutil
    import tempfile
    from pathlib import Path

    from dunguard.errors import BadInput
    from dunguard.ingest.text import read_stream, split_messages

    if sys.stdin.isatty():
        sys.stderr.write(o["paste_prompt"] + "\n")
    text = read_stream(sys.stdin.buffer, "-")
    if not split_messages(text):
        raise BadInput("empty_message")
    tmp = Path(tempfile.mkdtemp(prefix="dunguard-paste-"))
    try:
        pasted = tmp / o["pasted_name"]
        pasted.write_text(text, encoding="utf-8")
        with open_from_args(args) as store:
            result = store.import_file(args.case_id, pasted, fmt="text", timezone=_tz(args.tz),
                                       sender=args.sender, received_at=received)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _print_imported(args, o, result, o["pasted_name"])
    return 0


def _print_imported(args: argparse.Namespace, o: dict, result, file: str) -> None:
    warnings = result.warning_texts(args.lang)
    if args.json:
        _print_json({**result.to_json(), "warnings": warnings})
    else:
        from pathlib import Path

        sys.stdout.write(o["imported"].format(file=Path(file).name, **result.to_json()) + "\n")
        for line in warnings:
            sys.stderr.write(line + "\n")
        if result.format in ("text", "screenshot") and result.added and not args.received_at:
            # as the web page says after saving a message without its time
            sys.stderr.write(o["no_time"] + "\n")


def _tz(name: str) -> str:
    from dunguard.model import Message

    Message("x", timezone=name)  # raises bad_timezone with the user's words
    return name


class _progress:
    """A rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __init__(self, o: dict[str, Any]) -> None:
        self.o = o
        self.bar = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        return self.update

    def update(self, phase: str, done: int, total: int) -> None:
        if phase not in self.tasks:
            label = self.o["check"] if phase == "check" else self.o["importing"]
            self.tasks[phase] = self.bar.add_task(label, total=total)
        self.bar.update(self.tasks[phase], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def cmd_add_call(args: argparse.Namespace) -> int:
    from dunguard.case.store import parse_call_at

    at = parse_call_at(args.at)
    with open_from_args(args) as store:
        call_id = store.add_call(args.case_id, args.number, at, args.minutes, args.note, args.recording)
    sys.stdout.write(OUT[args.lang]["call_added"].format(id=call_id[:12]) + "\n")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from pathlib import Path

    with open_from_args(args) as store:
        sha = store.attach(args.case_id, args.file, args.note)
    sys.stdout.write(OUT[args.lang]["attached"].format(name=Path(args.file).name, sha=sha) + "\n")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    with open_from_args(args) as store:
        note_id = store.add_note(args.case_id, args.text)
    sys.stdout.write(OUT[args.lang]["noted"].format(id=note_id[:12]) + "\n")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with open_from_args(args) as store:
        item = store.delete(args.case_id, args.item, args.reason)
        n = store.events(args.case_id)[-1].n
    sys.stdout.write(OUT[args.lang]["deleted"].format(id=item[:12], n=n) + "\n")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    with open_from_args(args) as store:
        info = store.case(args.case_id)
        done = store.rename(info.id, args.new_name)
        name = store.case(info.id).name
    o = OUT[args.lang]
    if done is None:
        sys.stdout.write(o["same_name"].format(id=info.id, new=name) + "\n")
    else:
        sys.stdout.write(o["renamed"].format(id=info.id, old=done.old, new=done.new, n=done.event) + "\n")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    o = OUT[args.lang]
    with open_from_args(args) as store:
        case_id = store.case(args.case_id).id
        result = store.verify(case_id)
    if args.json:
        _print_json(result.to_json())
        return 0 if result.ok else EXIT_TAMPERED
    if result.ok:
        sys.stdout.write(o["intact"].format(id=case_id, events=result.events, head=result.head, **result.checked) + "\n")
        return 0
    lines = [o["broken"].format(id=case_id, n=len(result.problems))]
    lines += [problem_line(p.change, p.item, p.ref, p.detail, args.lang) for p in result.problems]
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_TAMPERED


def problem_line(change: str, item: str, ref: str, detail: str, lang: str) -> str:
    """One indented line of a failed case check, e.g. ``  被改动：短信 6174…``.

    Shared by ``case verify`` and the export commands (which list the problems recorded
    in a package's manifest). The detail is English-only, so only English shows it.
    """
    o = OUT[lang]
    what = o["item"].get(item, item + " {ref}").format(ref=ref)
    if lang == "zh":
        return f"  {o['change'].get(change, change)}：{what}"
    return f"  {o['change'].get(change, change)}: {what}" + (f" ({detail})" if detail else "")


# ---------------------------------------------------------------- show


def cmd_show(args: argparse.Namespace) -> int:
    lang = args.lang
    tz = _tz(args.tz)
    with open_from_args(args) as store:
        info = store.case(args.case_id)
        items = store.timeline(info.id, include=args.include)
        renames = store.renames(info.id)
        head = store.chain_head(info.id)
    if args.json:
        _print_json({"case": info.to_json(), "include": args.include, "chain_head": head,
                     "items": [i.to_json() for i in items], "renames": [r.to_json() for r in renames]})
        return 0
    # Renames are log entries, not items: they join the timeline where they happened.
    items = sorted([*items, *renames], key=lambda i: (i.ts is None, i.ts or 0.0))
    o = OUT[lang]
    out = [o["header"].format(**info.to_json()),
           o["showing_all"] if args.include == "all" else o["showing_flagged"], ""]
    if not items:
        out.append(o["empty"])
    for item in items:
        out.extend(_item_lines(item, lang, tz))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _item_lines(item: Any, lang: str, tz: str) -> list[str]:
    from dunguard.case.notes import attachment_note
    from dunguard.case.times import when_text

    o = OUT[lang]
    sep = "，" if lang == "zh" else ", "
    when = when_text(item.at, lang, tz)
    short = item.id[:10]
    if item.type == "message":
        who = f"{o[item.direction]} {item.sender or o['no_sender']}"
        lines = [f"{when}  {who}  [{short}]"]
        verdict = verdict_line(item.report, lang) if item.report else o["not_judged"]
        if item.direction == "in":
            lines.append(f"    {verdict}")
        lines += [f"    │ {t}" for t in item.text.splitlines() or [""]]
        if item.duplicates:
            ids = " ".join(f"[{d[:10]}]" for d in item.duplicates)
            lines.append(o["duplicates"].format(n=len(item.duplicates) + 1, ids=ids))
        return lines + [""]
    if item.type == "call":
        bits = [f"{o['call']} {item.number}", o["minutes"].format(m=f"{item.minutes:g}")]
        if item.note:
            bits.append(item.note)
        if item.recording_sha256:
            bits.append(f"{o['recording']} sha256 {item.recording_sha256[:12]}…")
        return [f"{when}  ☎ {sep.join(bits)}  [{short}]", ""]
    if item.type == "note":
        colon = "：" if lang == "zh" else ": "
        return [f"{when}  ✎ {o['note']}{colon}{item.text}  [{short}]", ""]
    if item.type == "rename":
        return [f"{when}  ✎ {o['renamed_line'].format(old=item.old, new=item.new)}", ""]
    role = o["source"] if item.role == "source" else o["attachment"]
    note = attachment_note(item.note, item.role, lang, tz)
    bits = [f"{role} {item.name}"] + ([note] if note and item.role != "source" else [])
    bits.append(f"sha256 {item.sha256[:12]}…")
    return [f"{when}  📎 {sep.join(bits)}  [{short}]", ""]


def verdict_line(report: dict[str, Any], lang: str) -> str:
    """One line from a stored Report JSON: primary kind, legitimacy, rule ids, visit claims."""
    from dunguard.render.labels import KINDS, LEGITIMACY, VISIT_TARGETS, label

    o = OUT[lang]
    v = report.get("verdict") or {}
    parts = [label(KINDS, v.get("primary_kind", "other"), lang), label(LEGITIMACY, v.get("legitimacy", "unclear"), lang)]
    rules = [f["rule_id"] for f in report.get("findings", [])]
    if rules:
        parts.append(f"{o['rules']} {' '.join(rules)}")
    visits = []
    elements = report.get("elements", [])
    times = [e for e in elements if e.get("type") == "time" and e.get("role") == "visit"]
    for e in elements:
        if e.get("type") == "visit" and not e.get("negated"):
            visits.append(label(VISIT_TARGETS, e.get("target", "unspecified"), lang))
    for t in times:
        display = t.get("display") or {}
        visits.append(display.get(lang) or t.get("text", ""))
    if visits:
        parts.append(f"{o['visit']}：{' '.join(visits)}" if lang == "zh" else f"{o['visit']}: {' '.join(visits)}")
    return " · ".join(parts)
