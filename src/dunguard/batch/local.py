"""The batch driver: read -> chunk -> analyze on an executor -> commit in order.

The executor is anything with ``submit(fn, *args)`` returning a future with
``result()``: an in-process runner (one worker), a ProcessPoolExecutor (the
default), or a ``distributed.Client`` (``--engine dask``). At most a few chunks
per worker are in flight, and results are committed in input order, so memory
stays flat whatever the input size and a resumed run can skip whole chunks.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from dunguard.batch.engines import analyze_chunk
from dunguard.batch.reader import Columns, Item, open_input
from dunguard.batch.writer import ErrorLog, Writer, output_kind
from dunguard.errors import BadInput

# 2: visit_time_until and visit_time_granularity columns; 3: deadline_until, deadline_granularity and
# deadline_kind. Parts of a run of an older version do not merge with the new schema.
PROGRESS_VERSION = 3


@dataclass
class Options:
    input: str
    output: str
    columns: Columns = field(default_factory=Columns)
    workers: int | None = None
    chunk_size: int = 1000
    resume: bool = False
    overwrite: bool = False
    engine: str = "local"
    scheduler: str | None = None
    tz: str = "Asia/Shanghai"
    progress: bool = True
    lang: str = "zh"


@dataclass
class Summary:
    rows_in: int = 0
    analysed: int = 0
    failed: int = 0
    warnings: int = 0
    kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    resumed_chunks: int = 0
    output: str = ""
    errors_path: str | None = None
    created_dir: str | None = None  # the output's folder, when this run had to create it

    def to_state(self) -> dict:
        return {"rows_in": self.rows_in, "analysed": self.analysed, "failed": self.failed,
                "warnings": self.warnings, "kinds": dict(self.kinds)}

    def load_state(self, s: dict) -> None:
        self.rows_in, self.analysed = int(s.get("rows_in", 0)), int(s.get("analysed", 0))
        self.failed, self.warnings = int(s.get("failed", 0)), int(s.get("warnings", 0))
        self.kinds = Counter(s.get("kinds", {}))


def sidecar_paths(output: str) -> tuple[Path, Path]:
    """Progress file and errors file next to the output (inside it for a dataset directory)."""
    if output_kind(output) == "dataset":
        base = Path(output)
        return base / "_progress.json", base / "_errors.jsonl"
    return Path(output + ".progress.json"), Path(output + ".errors.jsonl")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while True:
        chunk = list(islice(items, size))
        if not chunk:
            return
        yield chunk


class InProcess:
    """One worker: run each chunk right here (no pickling, easiest to profile)."""

    def submit(self, fn: Any, *args: Any) -> Future:
        f: Future = Future()
        try:
            f.set_result(fn(*args))
        except BaseException as exc:
            f.set_exception(exc)
        return f

    def shutdown(self) -> None:
        pass


def _fingerprint(opts: Options) -> dict:
    from dunguard.batch.reader import expand_inputs

    files = []
    for f in expand_inputs(opts.input):
        st = Path(f).stat()
        files.append([str(Path(f).resolve()), st.st_size, st.st_mtime_ns])
    return {
        "version": PROGRESS_VERSION,
        "inputs": files,
        "chunk_size": opts.chunk_size,
        "columns": [opts.columns.text, opts.columns.time, opts.columns.sender],
        "tz": opts.tz,
    }


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def make_executor(opts: Options, workers: int) -> Any:
    if opts.engine == "dask":
        from dunguard.batch.dask_engine import DaskExecutor

        return DaskExecutor(opts.scheduler, workers)
    if opts.engine != "local":
        raise BadInput("bad_option", reason=f"unknown engine {opts.engine!r} (local or dask)")
    if workers == 1:
        return InProcess()
    import multiprocessing

    # Warm the rule pack and extractors once here so forked workers inherit them.
    from dunguard.batch.reader import Record

    analyze_chunk([Record(0, "您的借款已逾期，请于明天下午3点前还款，客服95188。", "2025-02-26T10:30", "13812345678")])
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_die_with_parent,
                               initargs=(os.getpid(),))
    # Start every worker now, before the progress bar starts its refresh thread.
    for f in [pool.submit(os.getpid) for _ in range(workers)]:
        f.result()
    return pool


def _die_with_parent(parent: int) -> None:
    """Worker initializer: exit when the driver dies, even by SIGKILL.

    Otherwise a killed run leaves its workers blocked on the task queue forever.
    Linux gets PR_SET_PDEATHSIG; elsewhere a thread polls for re-parenting.
    """
    import signal
    import threading

    # A terminal's Ctrl-C reaches the whole process group. Left to the workers, it kills them mid-task and
    # the pool's shutdown can wait on them for ever; the driver alone handles it, and the workers then finish
    # their chunk and exit on the pool's own stop signal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the driver died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def run_batch(opts: Options) -> Summary:
    """Analyze every row of ``opts.input`` into ``opts.output``; see docs/scale.md."""
    from dunguard.model import Message

    if opts.chunk_size < 1:
        raise BadInput("bad_option", reason="--chunk-size must be at least 1")
    Message("x", timezone=opts.tz)  # a wrong --tz is one error before any row, as in analyze, not one per row
    out_kind = output_kind(opts.output)
    progress_path, errors_path = sidecar_paths(opts.output)
    state: dict | None = None
    if opts.resume:
        if progress_path.exists():
            try:
                state = json.loads(progress_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise BadInput("batch_bad_progress", path=str(progress_path)) from None
            if state.get("fingerprint") != _fingerprint(opts):
                raise BadInput("batch_resume_mismatch", path=str(progress_path), input=opts.input)
        elif Path(opts.output).exists() and out_kind != "dataset":
            raise BadInput("batch_nothing_to_resume", path=opts.output)
    elif Path(opts.output).exists() and not opts.overwrite and not (
        out_kind == "dataset" and not any(Path(opts.output).iterdir())
    ):
        raise BadInput("batch_output_exists", path=opts.output)

    items, gauge = open_input(opts.input, opts.columns)
    workers = opts.workers or default_workers()
    summary = Summary(output=opts.output)
    summary.created_dir = _make_parent(opts.output)
    if state:
        summary.load_state(state.get("summary", {}))
    if out_kind == "dataset":
        Path(opts.output).mkdir(parents=True, exist_ok=True)
    elif opts.overwrite and not opts.resume:
        Path(opts.output).unlink(missing_ok=True)
    writer = Writer(opts.output, state.get("writer") if state else None)
    errlog = ErrorLog(str(errors_path), opts.input, state.get("errors_bytes") if state else None, opts.lang)
    done = int(state.get("chunks", 0)) if state else 0
    summary.resumed_chunks = done
    fingerprint = _fingerprint(opts)

    stream = chunks(items, opts.chunk_size)
    for _ in islice(stream, done):
        pass  # already committed by the interrupted run
    if state and state.get("merged"):
        stream = iter(())

    executor = make_executor(opts, workers)
    bar = _Bar(opts.progress, gauge, opts.lang)
    started = time.perf_counter()
    # Each future with how far the reader had got when its chunk was cut, so the bar shows
    # committed work rather than the read-ahead.
    inflight: deque[tuple[Future, int]] = deque()
    limit = 2 * workers + 1
    try:
        with bar:
            for chunk in stream:
                inflight.append((executor.submit(analyze_chunk, chunk, opts.tz), gauge.done))
                if len(inflight) >= limit:
                    future, read = inflight.popleft()
                    done = _commit(future, writer, errlog, summary, progress_path, fingerprint, done)
                    bar.update(summary, read)
            while inflight:
                future, read = inflight.popleft()
                done = _commit(future, writer, errlog, summary, progress_path, fingerprint, done)
                bar.update(summary, read)
    except BaseException:
        # Ctrl-C or a broken worker: drop queued chunks; the progress file keeps what was committed.
        if isinstance(executor, ProcessPoolExecutor):
            executor.shutdown(wait=False, cancel_futures=True)
        else:
            executor.shutdown()
        writer.close()
        errlog.close(keep_if_empty=True)
        raise
    executor.shutdown()
    writer.close()
    if out_kind == "parquet" and not (state and state.get("merged")):
        writer.finish()
        _write_json_atomic(progress_path, _state(fingerprint, done, writer, errlog, summary, merged=True))
    import shutil

    if out_kind == "parquet" and writer.parts.exists():
        shutil.rmtree(writer.parts)
    errlog.close()
    progress_path.unlink(missing_ok=True)
    summary.seconds = time.perf_counter() - started
    summary.errors_path = str(errors_path) if errors_path.exists() else None
    return summary


def _make_parent(output: str) -> str | None:
    """Create the output's missing folder (as `case export` does); the folder's path if it was missing."""
    parent = Path(output.rstrip("/" + os.sep) or output).absolute().parent
    if parent.is_dir():
        return None
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput("batch_output_unwritable", path=output, reason=exc.strerror or str(exc)) from None
    return str(parent)


def _state(fingerprint: dict, done: int, writer: Writer, errlog: ErrorLog, summary: Summary, merged: bool = False) -> dict:
    return {
        "fingerprint": fingerprint,
        "chunks": done,
        "writer": writer.state(),
        "errors_bytes": errlog.bytes,
        "summary": summary.to_state(),
        "merged": merged,
    }


def _commit(
    future: Future, writer: Writer, errlog: ErrorLog, summary: Summary, progress_path: Path,
    fingerprint: dict, done: int,
) -> int:
    rows, errors = future.result()
    writer.write(rows)
    errlog.write(errors)
    summary.rows_in += len(rows) + sum(1 for e in errors if e["level"] == "error")
    summary.analysed += len(rows)
    summary.failed += sum(1 for e in errors if e["level"] == "error")
    summary.warnings += sum(1 for e in errors if e["level"] != "error")
    summary.kinds.update(r["primary_kind"] for r in rows)
    done += 1
    _write_json_atomic(progress_path, _state(fingerprint, done, writer, errlog, summary))
    return done


class _Bar:
    """A rich progress bar on stderr with rate and ETA; silent when disabled."""

    def __init__(self, enabled: bool, gauge: Any, lang: str) -> None:
        self.gauge = gauge
        self.progress = None
        self.task = None
        self.started = time.perf_counter()
        self.base = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        label = "分析中" if lang == "zh" else "analysing"
        self.progress = Progress(
            TextColumn(label),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:,} msg · {task.fields[rate]:,.0f} msg/s · ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task(label, total=gauge.total or None, rows=0, rate=0.0)

    def __enter__(self) -> _Bar:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, summary: Summary, read: int) -> None:
        if self.progress is None:
            return
        if self.base is None:
            self.base = summary.rows_in
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = (summary.rows_in - self.base) / elapsed
        self.progress.update(self.task, completed=read, rows=summary.rows_in, rate=rate)
