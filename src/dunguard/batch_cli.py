"""CLI area: `dunguard batch`, `dunguard report`, `dunguard lint`.

Light at import (argparse only): pyarrow, rich, matplotlib and the rule pack
are imported inside the commands.
"""

from __future__ import annotations

import argparse
import sys

HELP = {
    "zh": {
        "batch": "批量分析大量短信（JSONL / CSV / Parquet），结果写入 Parquet 或 JSONL",
        "input": "输入文件：.jsonl、.csv、.tsv（UTF-8/GBK/GB18030）或 .parquet",
        "output": "输出：.parquet、.jsonl，或以 / 结尾的目录（分片 Parquet）",
        "text_column": "短信文本所在的列（默认 text）",
        "time_column": "接收时间所在的列（默认 received_at）",
        "sender_column": "发信号码所在的列（默认 sender）",
        "workers": "并行进程数（默认：全部 CPU 核）",
        "chunk_size": "每块的行数（默认 1000）",
        "resume": "从上次中断处继续，不重复输出",
        "overwrite": "覆盖已有的输出",
        "engine": "执行引擎：local（本机进程池，默认）或 dask",
        "scheduler": "Dask 调度器地址，如 tcp://host:8786（默认在 127.0.0.1 上启动本地集群）",
        "tz": "没有时区的时间按此时区理解（默认 Asia/Shanghai）",
        "no_progress": "不显示进度条",
        "report": "根据批量结果生成一个自包含的 HTML 报告（含图表）",
        "results": "dunguard batch 的输出（.parquet、.jsonl 或目录）",
        "html": "要写入的 HTML 文件",
        "top": "列出多少个重复模板（默认 20）",
        "lint": "检查放贷机构的催收短信模板是否违规（YAML / CSV / 文本）",
        "templates": "模板文件：.yaml/.yml、.csv 或 .txt（每行一条）",
        "format": "输出格式：table（默认）、json 或 sarif",
        "summary": "完成：分析 {analysed:,} 条，失败 {failed:,} 条，警告 {warnings:,} 条，用时 {seconds:.1f} 秒（{rate:,.0f} 条/秒）。",
        "resumed": "（接续上次中断的任务，跳过已完成的 {chunks} 块）",
        "interrupted": "已中断。已完成的部分已保存；加上 --resume 重新运行同一命令即可继续。",
        "kinds": "主要类型：",
        "errors_at": "失败或有警告的行及原因见：{path}",
        "created_dir": "已新建文件夹 {path}",
        "written": "结果已写入：{path}",
        "report_written": "报告已写入：{path}（{rows:,} 条）",
    },
    "en": {
        "batch": "analyse many messages (JSONL / CSV / Parquet) into Parquet or JSONL",
        "input": "input file: .jsonl, .csv, .tsv (UTF-8/GBK/GB18030) or .parquet",
        "output": "output: .parquet, .jsonl, or a directory ending in / (Parquet parts)",
        "text_column": "column holding the message text (default text)",
        "time_column": "column holding the received time (default received_at)",
        "sender_column": "column holding the sender number (default sender)",
        "workers": "worker processes (default: all CPU cores)",
        "chunk_size": "rows per chunk (default 1000)",
        "resume": "continue an interrupted run without duplicating rows",
        "overwrite": "replace an existing output",
        "engine": "engine: local (process pool, default) or dask",
        "scheduler": "Dask scheduler address, e.g. tcp://host:8786 (default: a local cluster on 127.0.0.1)",
        "tz": "time zone for times without one (default Asia/Shanghai)",
        "no_progress": "no progress bar",
        "report": "build one self-contained HTML report (with charts) from batch results",
        "results": "output of dunguard batch (.parquet, .jsonl or a directory)",
        "html": "HTML file to write",
        "top": "how many repeated templates to list (default 20)",
        "lint": "check a lender's message templates against the rules (YAML / CSV / text)",
        "templates": "template file: .yaml/.yml, .csv or .txt (one per line)",
        "format": "output format: table (default), json or sarif",
        "summary": "Done: {analysed:,} analysed, {failed:,} failed, {warnings:,} warnings in {seconds:.1f} s ({rate:,.0f} msg/s).",
        "resumed": "(resumed an interrupted run; skipped {chunks} committed chunks)",
        "interrupted": "Interrupted. Committed work is saved; run the same command with --resume to continue.",
        "kinds": "primary kinds: ",
        "errors_at": "failed or warned rows and reasons: {path}",
        "created_dir": "Created the folder {path}",
        "written": "results written to: {path}",
        "report_written": "report written to: {path} ({rows:,} messages)",
    },
}


def _positive(value: str) -> int:
    from dunguard.cli import OptionValueError

    try:
        n = int(value)
    except ValueError:
        raise OptionValueError("arg_not_whole", value=repr(value)) from None
    if n < 1:
        raise OptionValueError("arg_below_one", value=repr(value))
    return n


def register(sub: argparse._SubParsersAction, lang: str, common: argparse.ArgumentParser) -> None:
    h = HELP[lang]
    p = sub.add_parser("batch", help=h["batch"], description=h["batch"], parents=[common])
    p.add_argument("input", help=h["input"])
    p.add_argument("output", help=h["output"])
    p.add_argument("--text-column", default="text", help=h["text_column"])
    p.add_argument("--time-column", default="received_at", help=h["time_column"])
    p.add_argument("--sender-column", default="sender", help=h["sender_column"])
    p.add_argument("--workers", type=_positive, help=h["workers"])
    p.add_argument("--chunk-size", type=_positive, default=1000, help=h["chunk_size"])
    p.add_argument("--resume", action="store_true", help=h["resume"])
    p.add_argument("--overwrite", action="store_true", help=h["overwrite"])
    p.add_argument("--engine", choices=("local", "dask"), default="local", help=h["engine"])
    p.add_argument("--scheduler", help=h["scheduler"])
    p.add_argument("--tz", default="Asia/Shanghai", help=h["tz"])
    p.add_argument("--no-progress", action="store_true", help=h["no_progress"])
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("report", help=h["report"], description=h["report"], parents=[common])
    p.add_argument("results", help=h["results"])
    p.add_argument("html", help=h["html"])
    p.add_argument("--top", type=_positive, default=20, help=h["top"])
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("lint", help=h["lint"], description=h["lint"], parents=[common])
    p.add_argument("templates", help=h["templates"])
    p.add_argument("--format", choices=("table", "json", "sarif"), default="table", help=h["format"])
    p.set_defaults(func=cmd_lint)


def cmd_batch(args: argparse.Namespace) -> int:
    from dunguard.batch import Options, run_batch
    from dunguard.batch.reader import Columns

    h = HELP[args.lang]
    opts = Options(
        input=args.input,
        output=args.output,
        columns=Columns(args.text_column, args.time_column, args.sender_column),
        workers=args.workers,
        chunk_size=args.chunk_size,
        resume=args.resume,
        overwrite=args.overwrite,
        engine=args.engine,
        scheduler=args.scheduler,
        tz=args.tz,
        progress=not args.no_progress and sys.stderr.isatty(),
        lang=args.lang,
    )
    try:
        s = run_batch(opts)
    except KeyboardInterrupt:
        sys.stderr.write(h["interrupted"] + "\n")
        return 130
    err = sys.stderr
    if s.created_dir:
        err.write(h["created_dir"].format(path=s.created_dir) + "\n")
    if s.resumed_chunks:
        err.write(h["resumed"].format(chunks=s.resumed_chunks) + "\n")
    rate = s.analysed / s.seconds if s.seconds > 0 else 0.0
    err.write(h["summary"].format(analysed=s.analysed, failed=s.failed, warnings=s.warnings,
                                  seconds=s.seconds, rate=rate) + "\n")
    if s.kinds:
        from dunguard.render.labels import KINDS, label

        top = ", ".join(f"{label(KINDS, k, args.lang)} {n:,}" for k, n in s.kinds.most_common())
        err.write(h["kinds"] + top + "\n")
    err.write(h["written"].format(path=s.output) + "\n")
    if s.errors_path:
        err.write(h["errors_at"].format(path=s.errors_path) + "\n")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from dunguard.batch_report import write_report

    rows = write_report(args.results, args.html, lang=args.lang, top=args.top)
    sys.stderr.write(HELP[args.lang]["report_written"].format(path=args.html, rows=rows) + "\n")
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from dunguard.lint import has_high, lint_file, render

    results = lint_file(args.templates)
    sys.stdout.write(render(results, args.format, args.lang, args.templates))
    return 1 if has_high(results) else 0
