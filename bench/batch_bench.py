"""Batch throughput and memory: `dunguard batch` on the 800k-subset corpus repeated past 1M rows.

    .venv/bin/python bench/batch_bench.py                 # full run, ~10 minutes on 2 cores
    .venv/bin/python bench/batch_bench.py --rows 300000 --throughput-rows 50000 --skip-dask   # quick

Inputs are generated in a temporary directory (never in the repository): the
corpus texts repeated to --rows, with received times spread over the day and a
mix of sender numbers, as Parquet in 100k-row groups. Measured in one run:

- the bare-regex floor (one regex over every text, one process), as in bench/run.py;
- analyze in-process on one core (no batch machinery);
- `dunguard batch` end to end (process start to exit) with 1 and 2 workers;
- `--engine dask` on a default LocalCluster with 2 workers, against the local engine;
- peak memory of the whole process tree (driver + workers; RSS sum and PSS, which
  counts pages shared by forked workers once) up to 100k rows and over all rows.

Results go to bench/out/batch.json and stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "cn_sms_800k_subset.tsv"
RUNNER = "import sys, dunguard.cli as c; c.AREAS = ('dunguard.batch_cli',); sys.exit(c.main(sys.argv[1:]))"
SENDERS = ("1069012345678", "13812345678", "95188", "10690000123", "4008123456", "17012345678")


def load_texts(path: Path) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            _, _, text = line.rstrip("\n").partition("\t")
            if text.strip():
                texts.append(text)
    return texts


def write_input(path: Path, texts: list[str], rows: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("text", pa.string()), ("received_at", pa.string()), ("sender", pa.string())])
    group = 100_000
    with pq.ParquetWriter(path, schema, compression="zstd") as out:
        for start in range(0, rows, group):
            n = min(group, rows - start)
            idx = range(start, start + n)
            out.write_table(pa.table({
                "text": [texts[i % len(texts)] for i in idx],
                "received_at": [f"2025-02-{10 + i % 18:02d}T{(i * 37 // 60) % 24:02d}:{i * 37 % 60:02d}" for i in idx],
                "sender": [SENDERS[i % len(SENDERS)] for i in idx],
            }, schema=schema), row_group_size=group)


def rate(fn, items) -> float:
    t = time.perf_counter()
    fn(items)
    return len(items) / (time.perf_counter() - t)


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
    except OSError:
        pass
    return out


def _mem(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes for one process; zeros if it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants until stopped."""

    def __init__(self, pid: int, progress: Path) -> None:
        super().__init__(daemon=True)
        self.pid, self.progress = pid, progress
        self.stop = threading.Event()
        self.peak_rss = self.peak_pss = 0
        self.peak_rss_100k = self.peak_pss_100k = 0
        self.samples: list[tuple[int, int, int]] = []  # (rows committed, rss, pss)

    def rows_done(self) -> int:
        try:
            return json.loads(self.progress.read_text())["summary"]["rows_in"]
        except (OSError, ValueError, KeyError):
            return 0

    def run(self) -> None:
        while not self.stop.is_set():
            pids, todo = [], [self.pid]
            while todo:
                p = todo.pop()
                pids.append(p)
                todo.extend(_children(p))
            rss = pss = 0
            for p in pids:
                r, s = _mem(p)
                rss += r
                pss += s
            rows = self.rows_done()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            if rows <= 100_000:
                self.peak_rss_100k = max(self.peak_rss_100k, rss)
                self.peak_pss_100k = max(self.peak_pss_100k, pss)
            if not self.samples or rows - self.samples[-1][0] >= 50_000:
                self.samples.append((rows, rss, pss))
            time.sleep(0.25)


def batch(src: Path, out: Path, *extra: str, monitor: bool = False) -> dict:
    cmd = [sys.executable, "-c", RUNNER, "batch", str(src), str(out), "--overwrite", "--lang", "en", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mem = None
    if monitor:
        mem = TreeMemory(proc.pid, Path(str(out) + ".progress.json"))
        mem.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if mem:
        mem.stop.set()
        mem.join()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {err}")
    m = re.search(r"Done: ([\d,]+) analysed, ([\d,]+) failed", err)
    analysed = int(m.group(1).replace(",", "")) if m else 0
    failed = int(m.group(2).replace(",", "")) if m else 0
    result = {"wall_s": round(wall, 2), "analysed": analysed, "failed": failed,
              "msg_s": round((analysed + failed) / wall, 1), "cpu_s": round(cpu, 2),
              # CPU time of the whole tree (workers are waited for, so theirs is included):
              # robust to other load on the machine, unlike wall time.
              "msg_per_cpu_s": round((analysed + failed) / cpu, 1) if cpu else None}
    if mem:
        mb = 1 << 20
        result.update(
            peak_rss_mb=round(mem.peak_rss / mb), peak_pss_mb=round(mem.peak_pss / mb),
            peak_rss_100k_mb=round(mem.peak_rss_100k / mb), peak_pss_100k_mb=round(mem.peak_pss_100k / mb),
            samples=[(r, round(rs / mb), round(ps / mb)) for r, rs, ps in mem.samples],
        )
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_009_413, help="rows of the memory run (default: corpus x9)")
    ap.add_argument("--throughput-rows", type=int, default=200_000)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-memory", action="store_true", help="no run over --rows")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "batch.json")
    args = ap.parse_args()

    texts = load_texts(args.corpus)
    results: dict = {"corpus_messages": len(texts), "cores": len(os.sched_getaffinity(0)),
                     "loadavg_start": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="dunguard-batch-bench-") as tmp:
        tmpd = Path(tmp)
        small, big = tmpd / "throughput.parquet", tmpd / "big.parquet"
        write_input(small, texts, args.throughput_rows)
        if not args.skip_memory:
            write_input(big, texts, args.rows)

        # Floors in this same run, on the same texts, one process.
        floor_re = re.compile(r"\d+|[xX]{3,}|逾期|上门|元|http")
        sample = [texts[i % len(texts)] for i in range(min(args.throughput_rows, 100_000))]

        def bare(ts):
            for t in ts:
                for _ in floor_re.finditer(t):
                    pass

        from dunguard import analyze

        def full(ts):
            for t in ts:
                if t.strip():
                    analyze(t)

        full(sample[:300])
        results["bare_regex_msg_s"] = round(rate(bare, sample))
        results["analyze_in_process_msg_s"] = round(rate(full, sample[:20_000]))

        n = args.throughput_rows
        print(f"throughput on {n:,} rows ...", file=sys.stderr)
        results["throughput_rows"] = n
        results["local_1"] = batch(small, tmpd / "o1.parquet", "--workers", "1")
        results["local_2"] = batch(small, tmpd / "o2.parquet", "--workers", "2")
        if not args.skip_dask:
            results["dask_2"] = batch(small, tmpd / "od.parquet", "--engine", "dask", "--workers", "2")
            results["dask_overhead"] = round(results["dask_2"]["wall_s"] / results["local_2"]["wall_s"], 2)
        if not args.skip_memory:
            print(f"memory on {args.rows:,} rows ...", file=sys.stderr)
            results["memory_rows"] = args.rows
            results["local_2_big"] = batch(big, tmpd / "big_out.parquet", "--workers", "2", monitor=True)

    results["loadavg_end"] = os.getloadavg()[0]
    floor = results["bare_regex_msg_s"]
    for key in ("local_1", "local_2", "dask_2", "local_2_big"):
        if key in results:
            results[key]["floor_ratio"] = round(floor / results[key]["msg_s"], 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    lines = [
        f"bare regex floor           {floor:>10,} msg/s (1 process)",
        f"analyze in-process         {results['analyze_in_process_msg_s']:>10,} msg/s (1 core, no batch machinery)",
        f"batch, 1 worker            {results['local_1']['msg_s']:>10,.0f} msg/s  floor is "
        f"{results['local_1']['floor_ratio']}x faster  ({n:,} rows, {results['local_1']['wall_s']} s incl. start; "
        f"{results['local_1']['msg_per_cpu_s']:,.0f} msg per CPU-second)",
        f"batch, 2 workers           {results['local_2']['msg_s']:>10,.0f} msg/s  floor is "
        f"{results['local_2']['floor_ratio']}x faster  ({results['local_2']['wall_s']} s; "
        f"{results['local_2']['msg_per_cpu_s']:,.0f} msg per CPU-second)",
    ]
    if "dask_2" in results:
        lines.append(f"batch, dask LocalCluster 2 {results['dask_2']['msg_s']:>10,.0f} msg/s  "
                     f"{results['dask_overhead']}x the local 2-worker wall time ({results['dask_2']['wall_s']} s; "
                     f"{results['dask_2']['msg_per_cpu_s']:,.0f} msg per CPU-second)")
    big_r = results.get("local_2_big")
    if big_r:
        lines += [
        f"batch, 2 workers, {args.rows:,} rows: {big_r['msg_s']:,.0f} msg/s, {big_r['wall_s']} s",
        f"peak memory, whole tree    up to 100k rows: RSS {big_r['peak_rss_100k_mb']} MB, PSS {big_r['peak_pss_100k_mb']} MB; "
        f"all rows: RSS {big_r['peak_rss_mb']} MB, PSS {big_r['peak_pss_mb']} MB",
        ]
    lines.append(f"load average (1 min) at start / end: {results['loadavg_start']:.1f} / {results['loadavg_end']:.1f}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
