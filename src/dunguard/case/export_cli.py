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
        "force": "文件已存在时覆盖它（默认拒绝，以免覆盖之前导出的证据包）",
        "all": "报告中列出全部短信（默认只列催收相关的；原始导出文件总是完整附上）",
        "tz": "报告使用的时区（默认 Asia/Shanghai）",
        "json": "输出 JSON",
        "verify_package": "校验证据包：不需要案件库，逐个核对文件哈希并重算日志哈希链，"
        "并查看清单是否记录导出时案件校验已通过",
        "package": "证据包 ZIP 文件",
        "export_exit": "退出码：0 已导出，案件校验通过；1 已导出，但案件校验未通过（问题会列出，并写入清单，"
        "报告和 verify-package 都会说明）；2 输入错误或无法写入。",
        "verify_package_exit": "退出码：0 证据包完好；1 证据包在导出后被改动，或导出时案件校验已失败"
        "（两种情况都会列出问题）；2 输入错误（文件不存在、不是证据包）。",
    },
    "en": {
        "export": "write the evidence package (ZIP): HTML/PDF report, contacts chart, quotable summary, "
        "original and evidence files, with a SHA-256 manifest",
        "case_id": "case id (a unique prefix is enough)",
        "out": "package file name, e.g. out.zip",
        "force": "overwrite the file if it exists (refused by default, so an earlier package is not lost)",
        "all": "list every message in the report (default: collection-related only; original exports are always included whole)",
        "tz": "time zone for the report (default Asia/Shanghai)",
        "json": "print JSON",
        "verify_package": "check an evidence package without the case store: every file's hash, the log's hash "
        "chain, and that the manifest records the case passing its check at export",
        "package": "the evidence package ZIP",
        "export_exit": "exit code 0: written, and the case passed its check; 1: written, but the case failed its "
        "check (the problems are listed, recorded in the manifest and stated by the report and verify-package); "
        "2: bad input or the file cannot be written.",
        "verify_package_exit": "exit code 0: the package is intact; 1: the package was changed after export, or "
        "the case had failed its check when it was exported (either way the problems are listed); "
        "2: bad input (no such file, not an evidence package).",
    },
}

OUT = {
    "zh": {
        "exported": "已导出证据包 {path}：{files} 个文件，{size}，用时 {seconds:.1f} 秒。",
        "manifest": "清单 manifest.json 的 SHA-256：{sha}",
        "manifest_hint": "（在投诉或起诉材料中写下这个值，就能证明证据包之后没有被改动）",
        "head": "案件哈希链头：{head}",
        "created_dir": "已新建文件夹 {path}",
        "case_problems": "注意：案件校验未通过，发现 {n} 处问题。证据包仍已导出（方便你取出资料），但清单 manifest.json "
        "记下了导出时校验未通过，报告和 dunguard case verify-package 都会这样说明：它不能当作完好的证据。问题：",
        "case_problems_end": "用 dunguard case verify {case} 查看；退出码 1。",
        "ok": "证据包完好：{files} 个文件与清单一致，日志 {events} 条连到哈希链头 {head}。",
        "case_bad": "导出时案件校验已失败：证据包里的案件记录在导出前就已被改动，不能作为完好的证据。"
        "清单记录了 {n} 处问题：",
        "case_bad_none": "  （清单没有记录导出时的校验通过，也没有列出具体问题）",
        "copied_ok": "证据包文件与清单一致：{files} 个文件，日志 {events} 条连到哈希链头 {head}；"
        "即导出之后没有再被改动，上面的问题在导出前就已存在。",
        "about": "案件 {case}，导出于 {at}；清单 SHA-256 {sha}",
        "bad": "证据包校验失败，发现 {n} 处问题：",
        "change": {"altered": "被改动", "missing": "缺失", "added": "多出"},
    },
    "en": {
        "exported": "Wrote the evidence package {path}: {files} files, {size}, in {seconds:.1f} s.",
        "manifest": "SHA-256 of manifest.json: {sha}",
        "manifest_hint": "(quote this value in a complaint or court filing to show the package was not changed afterwards)",
        "head": "Case hash-chain head: {head}",
        "created_dir": "Created the folder {path}",
        "case_problems": "Warning: the case failed its integrity check, {n} problems. The package was still written "
        "so you have your data, but manifest.json records that the check failed at export, and the report and "
        "dunguard case verify-package say so: it is not intact evidence. Problems:",
        "case_problems_end": "See dunguard case verify {case}; exit code 1.",
        "ok": "The package is intact: {files} files match the manifest; {events} log entries chain to head {head}.",
        "case_bad": "The case had failed its integrity check when it was exported: its records were already "
        "changed before export, so this package is not intact evidence. {n} problems recorded in the manifest:",
        "case_bad_none": "  (the manifest does not record a passed check at export, and lists no details)",
        "copied_ok": "The package's files match the manifest: {files} files; {events} log entries chain to head "
        "{head}. So it was not changed after export; the problems above were there before.",
        "about": "Case {case}, exported {at}; manifest SHA-256 {sha}",
        "bad": "The package failed verification, {n} problems:",
        "change": {"altered": "altered", "missing": "missing", "added": "added"},
    },
}

EXIT_TAMPERED = 1


def register_export(case_sub: argparse._SubParsersAction, lang: str, case_common: argparse.ArgumentParser) -> None:
    """Add `export` and `verify-package` to the `dunguard case` subcommands."""
    h = HELP[lang]
    p = case_sub.add_parser(
        "export", help=h["export"], description=h["export"], epilog=h["export_exit"], parents=[case_common]
    )
    p.add_argument("case_id", metavar="CASE", help=h["case_id"])
    p.add_argument("out", metavar="OUT.zip", help=h["out"])
    p.add_argument("--all", dest="include", action="store_const", const="all", default="flagged", help=h["all"])
    p.add_argument("--tz", default="Asia/Shanghai", help=h["tz"])
    p.add_argument("--json", action="store_true", help=h["json"])
    p.add_argument("--force", action="store_true", help=h["force"])
    p.set_defaults(func=cmd_export)

    p = case_sub.add_parser(
        "verify-package",
        help=h["verify_package"],
        description=h["verify_package"],
        epilog=h["verify_package_exit"],
        parents=[case_common],
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
    """Write the package. A case that fails its check is still exported (the user may need the
    data out), but the command exits EXIT_TAMPERED and lists the problems, which the manifest,
    the report and verify-package also state: the package is never presented as intact."""
    from pathlib import Path

    from dunguard.case.cli import open_from_args
    from dunguard.case.export import export_case
    from dunguard.model import Message

    Message("x", timezone=args.tz)  # a wrong --tz is a one-line error before any work
    o = OUT[args.lang]
    out = Path(args.out).absolute()
    if out.is_file() and not args.force:
        from dunguard.errors import BadInput

        raise BadInput("export_exists", path=str(out))
    new_dir = next((d for d in reversed(out.parents) if not d.exists()), None)
    with open_from_args(args) as store:
        case_id = store.case(args.case_id).id
        result = export_case(store, case_id, out, lang=args.lang, include=args.include, tz=args.tz)
    code = 0 if result.verified else EXIT_TAMPERED
    if args.json:
        _print_json(result.to_json())
        return code
    lines = [o["created_dir"].format(path=out.parent)] if new_dir is not None else []
    lines += [
        o["exported"].format(path=result.path, files=result.files, size=_size(result.bytes), seconds=result.seconds),
        o["manifest"].format(sha=result.manifest_sha256),
        o["manifest_hint"],
        o["head"].format(head=result.chain_head),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    if not result.verified:
        warn = [o["case_problems"].format(n=len(result.case_problems))]
        warn += [_problem(p, args.lang) for p in result.case_problems]
        warn.append(o["case_problems_end"].format(case=case_id))
        sys.stderr.write("\n".join(warn) + "\n")
    return code


def _problem(p: dict[str, Any], lang: str) -> str:
    """A recorded case problem (a manifest's case_problems entry) as ``case verify`` words it."""
    from dunguard.case.cli import problem_line

    return problem_line(str(p.get("change", "")), str(p.get("item", "")), str(p.get("ref", "")),
                        str(p.get("detail", "")), lang)


def cmd_verify_package(args: argparse.Namespace) -> int:
    from dunguard.case.export import verify_package

    check = verify_package(args.package)
    if args.json:
        _print_json(check.to_json())
        return 0 if check.ok else EXIT_TAMPERED
    from dunguard.case.times import local_time, when_text

    o = OUT[args.lang]
    # the time as the report shows it (2026-12-08 周二 00:50), not the manifest's UTC ISO string
    at = when_text(check.exported_at, args.lang) if local_time(check.exported_at) else check.exported_at
    about = o["about"].format(case=check.case_id, at=at, sha=check.manifest_sha256)
    counts = {"files": check.files, "events": check.events, "head": check.chain_head}
    if check.ok:
        sys.stdout.write(o["ok"].format(**counts) + "\n" + about + "\n")
        return 0
    lines = []
    if check.problems:
        lines.append(o["bad"].format(n=len(check.problems)))
        colon = "：" if args.lang == "zh" else ": "
        for p in check.problems:
            shown = p.shown(args.lang)
            detail = f"（{shown}）" if args.lang == "zh" else f" ({shown})"
            lines.append(f"  {o['change'].get(p.change, p.change)}{colon}{p.path}" + (detail if shown else ""))
    if not check.case_verified:
        lines.append(o["case_bad"].format(n=len(check.case_problems)))
        lines += [_problem(p, args.lang) for p in check.case_problems] or [o["case_bad_none"]]
        if check.package_intact:
            lines.append(o["copied_ok"].format(**counts))
    lines.append(about)
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_TAMPERED
