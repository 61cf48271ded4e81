"""`dunguard case export` and `dunguard case verify-package`.

Added under `dunguard case` by dunguard.case.cli, which calls register_export.
Only argparse-level work happens at import; the store, reportlab and matplotlib load
inside the commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = {
    "zh": {
        "export": "导出证据包（ZIP）：报告 HTML/PDF、每日联系图、可引用的概况、原始文件和证据文件，附 SHA-256 清单",
        "case_id": "案件编号（可只写前几位）",
        "out": "证据包文件名，如 out.zip",
        "all": "报告中列出全部短信（默认只列催收相关的；原始导出文件总是完整附上）",
        "tz": "报告使用的时区（默认 Asia/Shanghai）",
        "json": "输出 JSON",
        "verify_package": "校验证据包：不需要案件库，逐个核对文件哈希并重算日志哈希链",
        "package": "证据包 ZIP 文件",
    },
    "en": {
        "export": "write the evidence package (ZIP): HTML/PDF report, contacts chart, quotable summary, "
        "original and evidence files, with a SHA-256 manifest",
        "case_id": "case id (a unique prefix is enough)",
        "out": "package file name, e.g. out.zip",
        "all": "list every message in the report (default: collection-related only; original exports are always included whole)",
        "tz": "time zone for the report (default Asia/Shanghai)",
        "json": "print JSON",
        "verify_package": "check an evidence package without the case store: every file's hash and the log's hash chain",
        "package": "the evidence package ZIP",
    },
}

OUT = {
    "zh": {
        "exported": "已导出证据包 {path}：{files} 个文件，{size}，用时 {seconds:.1f} 秒。",
        "manifest": "清单 manifest.json 的 SHA-256：{sha}",
        "manifest_hint": "（在投诉或起诉材料中写下这个值，就能证明证据包之后没有被改动）",
        "head": "案件哈希链头：{head}",
        "case_problems": "注意：导出时案件校验发现问题，已写入 manifest.json 的 case_problems；用 dunguard case verify {case} 查看。",
        "ok": "证据包完好：{files} 个文件与清单一致，日志 {events} 条连到哈希链头 {head}。",
        "about": "案件 {case}，导出于 {at}；清单 SHA-256 {sha}",
        "bad": "证据包校验失败，发现 {n} 处问题：",
        "change": {"altered": "被改动", "missing": "缺失", "added": "多出"},
    },
    "en": {
        "exported": "Wrote the evidence package {path}: {files} files, {size}, in {seconds:.1f} s.",
        "manifest": "SHA-256 of manifest.json: {sha}",
        "manifest_hint": "(quote this value in a complaint or court filing to show the package was not changed afterwards)",
        "head": "Case hash-chain head: {head}",
        "case_problems": "Warning: the case failed verification at export; the problems are in manifest.json "
        "(case_problems); see dunguard case verify {case}.",
        "ok": "The package is intact: {files} files match the manifest; {events} log entries chain to head {head}.",
        "about": "Case {case}, exported {at}; manifest SHA-256 {sha}",
        "bad": "The package failed verification, {n} problems:",
        "change": {"altered": "altered", "missing": "missing", "added": "added"},
    },
}

EXIT_TAMPERED = 1


def register_export(case_sub: argparse._SubParsersAction, lang: str, case_common: argparse.ArgumentParser) -> None:
    """Add `export` and `verify-package` to the `dunguard case` subcommands."""
    h = HELP[lang]
    p = case_sub.add_parser("export", help=h["export"], description=h["export"], parents=[case_common])
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("out", metavar="OUT.zip", help=h["out"])
    p.add_argument("--all", dest="include", action="store_const", const="all", default="flagged", help=h["all"])
    p.add_argument("--tz", default="Asia/Shanghai", help=h["tz"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_export)

    p = case_sub.add_parser(
        "verify-package", help=h["verify_package"], description=h["verify_package"], parents=[case_common]
    )
    p.add_argument("package", metavar="PACKAGE.zip", help=h["package"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.set_defaults(func=cmd_verify_package)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def cmd_export(args: argparse.Namespace) -> int:
    from dunguard.case.cli import open_from_args
    from dunguard.case.export import export_case
    from dunguard.model import Message

    Message("x", timezone=args.tz)  # a wrong --tz is a one-line error before any work
    o = OUT[args.lang]
    with open_from_args(args) as store:
        case_id = store.case(args.case_id).id
        result = export_case(store, case_id, args.out, lang=args.lang, include=args.include, tz=args.tz)
    if args.json:
        _print_json(result.to_json())
        return 0
    lines = [
        o["exported"].format(path=result.path, files=result.files, size=_size(result.bytes), seconds=result.seconds),
        o["manifest"].format(sha=result.manifest_sha256),
        o["manifest_hint"],
        o["head"].format(head=result.chain_head),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    if not result.verified:
        sys.stderr.write(o["case_problems"].format(case=case_id) + "\n")
    return 0


def cmd_verify_package(args: argparse.Namespace) -> int:
    from dunguard.case.export import verify_package

    check = verify_package(args.package)
    if args.json:
        _print_json(check.to_json())
        return 0 if check.ok else EXIT_TAMPERED
    o = OUT[args.lang]
    about = o["about"].format(case=check.case_id, at=check.exported_at, sha=check.manifest_sha256)
    if check.ok:
        sys.stdout.write(o["ok"].format(files=check.files, events=check.events, head=check.chain_head) + "\n" + about + "\n")
        return 0
    lines = [o["bad"].format(n=len(check.problems))]
    colon = "：" if args.lang == "zh" else ": "
    for p in check.problems:
        detail = f"（{p.detail}）" if args.lang == "zh" else f" ({p.detail})"
        lines.append(f"  {o['change'].get(p.change, p.change)}{colon}{p.path}" + (detail if p.detail else ""))
    lines.append(about)
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_TAMPERED
