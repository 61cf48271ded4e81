"""Load benchmark of the web API: N concurrent clients POST /api/analyze for D seconds.

    .venv/bin/python bench/web_load.py                  # 50 clients, 30 s, server started here
    .venv/bin/python bench/web_load.py --duration 10 --clients 20
    .venv/bin/python bench/web_load.py --url http://127.0.0.1:8000   # a server you started

Prints requests/s, p50/p90/p99/max latency and errors, and exits 1 when any request
failed. The server runs in its own process (uvicorn, one worker, as `dunguard serve`
runs it) so the clients do not share its interpreter. Messages rotate through a few
real shapes (the seed visit threat, a scam, a plain reminder) with loan context on
some, so the cache of one text does not flatter the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = (
    "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"
    "如有疑问,请联系客服95188。"
)
BODIES = [
    {"text": SEED, "received_at": "2025-02-26T10:30"},
    {"text": SEED, "received_at": "2025-02-26T22:40",
     "context": {"days_overdue": 95, "owed": "23000", "lender_type": "small_loan", "contacts": 40}},
    {"text": "【某某金融】您的借款已逾期15天，欠款5300元。今日18点前不处理将联系您的紧急联系人并上门走访，"
             "请速还款至个人账户6222021234567890123，或点击 http://t.cn/abc 办理。", "received_at": "2025-03-01 09:10"},
    {"text": "【招商银行】您尾号1234的信用卡本期账单已出，应还金额3,500.00元，到期还款日03月08日。",
     "received_at": "2025-02-28T08:00"},
]

SERVER = (
    "import sys, uvicorn\n"
    "from dunguard.web.app import create_app\n"
    "uvicorn.run(create_app(), host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 30 s")


async def client(http: httpx.AsyncClient, url: str, stop: float, k: int,
                 latencies: list[float], errors: list[str]) -> None:
    i = k
    while time.monotonic() < stop:
        body = BODIES[i % len(BODIES)]
        i += 1
        t0 = time.perf_counter()
        try:
            r = await http.post(url, json=body)
            ok = r.status_code == 200 and r.json().get("verdict") is not None
            if not ok:
                errors.append(f"HTTP {r.status_code}")
        except (httpx.HTTPError, ValueError) as exc:
            errors.append(type(exc).__name__)
            continue
        latencies.append(time.perf_counter() - t0)


async def run(base: str, clients: int, duration: float, warmup: float) -> dict[str, float]:
    url = base.rstrip("/") + "/api/analyze"
    # One AsyncClient (one keep-alive connection) per simulated user: a single shared pool of 50
    # connections spends more CPU in its own locking than the server spends answering.
    https = [httpx.AsyncClient(limits=httpx.Limits(max_connections=1), timeout=30) for _ in range(clients)]
    try:
        if warmup > 0:  # first requests load the rule packs and lender data
            await asyncio.gather(*(client(h, url, time.monotonic() + warmup, k, [], []) for k, h in enumerate(https)))
        latencies: list[float] = []
        errors: list[str] = []
        t0 = time.monotonic()
        stop = t0 + duration
        await asyncio.gather(*(client(h, url, stop, k, latencies, errors) for k, h in enumerate(https)))
        elapsed = time.monotonic() - t0
    finally:
        for h in https:
            await h.aclose()
    lat = sorted(latencies)

    def q(p: float) -> float:
        return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")

    return {
        "requests": len(lat), "errors": len(errors), "seconds": elapsed, "rps": len(lat) / elapsed,
        "p50_ms": q(0.50), "p90_ms": q(0.90), "p99_ms": q(0.99), "max_ms": lat[-1] * 1000 if lat else float("nan"),
        "mean_ms": statistics.fmean(lat) * 1000 if lat else float("nan"),
        "error_kinds": ", ".join(sorted(set(errors))[:5]),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of load (1-600, default 30)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients (1-500, default 50)")
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load first (default 2)")
    ap.add_argument("--url", help="benchmark a running server instead of starting one (loopback only)")
    args = ap.parse_args()
    if not 1 <= args.duration <= 600 or not 1 <= args.clients <= 500 or not 0 <= args.warmup <= 60:
        ap.error("--duration 1-600 s, --clients 1-500, --warmup 0-60 s")
    if args.url and httpx.URL(args.url).host not in ("127.0.0.1", "localhost", "::1"):
        ap.error("--url must be a loopback address: this benchmark never loads another machine")

    proc = None
    base = args.url
    if base is None:
        port = free_port()
        proc = start_server(port)
        base = f"http://127.0.0.1:{port}"
    try:
        res = asyncio.run(run(base, args.clients, args.duration, args.warmup))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"POST /api/analyze  {args.clients} clients  {res['seconds']:.1f} s  (cpus: {os.cpu_count()})")
    print(f"requests {res['requests']}   errors {res['errors']}" + (f" ({res['error_kinds']})" if res["errors"] else ""))
    print(f"throughput {res['rps']:.0f} requests/s")
    print(f"latency ms  p50 {res['p50_ms']:.1f}  p90 {res['p90_ms']:.1f}  p99 {res['p99_ms']:.1f}  "
          f"max {res['max_ms']:.1f}  mean {res['mean_ms']:.1f}")
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
