"""The same load as web_load.py, driven by wrk (Debian's C load generator) instead of Python clients.

    .venv/bin/python bench/web_wrk.py [--duration 30] [--clients 50]

On a 2-core machine the 50 Python clients of web_load.py take a core of their own; wrk costs
far less, so its figures show the server rather than the client. Prints wrk's requests/s,
latency percentiles and errors (non-2xx or socket errors). Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import BODIES, free_port, start_server  # noqa: E402

LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
bodies = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, bodies[(counter %% #bodies) + 1])
end
"""


def start_workers(port: int, workers: int) -> subprocess.Popen:
    """`dunguard serve --workers N`, as a user would run it, ready when /openapi.json answers."""
    import time

    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "dunguard.cli", "serve", "--port", str(port),
                             "--workers", str(workers)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 30 s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=30, help="seconds (1-600)")
    ap.add_argument("--clients", type=int, default=50, help="connections (1-500)")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes (dunguard serve --workers)")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk); use bench/web_load.py instead")
        return 2
    duration = max(1, min(600, args.duration))
    clients = max(1, min(500, args.clients))
    bodies = ", ".join("[==[" + json.dumps(b, ensure_ascii=False) + "]==]" for b in BODIES)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as fh:
        fh.write(LUA % bodies)
        script = fh.name
    port = free_port()
    server = start_server(port) if args.workers == 1 else start_workers(port, args.workers)
    try:
        url = f"http://127.0.0.1:{port}/api/analyze"
        subprocess.run(["wrk", "-t1", "-c", str(clients), "-d", "3s", "-s", script, url],
                       capture_output=True, check=False)  # warm up: rule packs, lender data
        out = subprocess.run(
            ["wrk", "-t1", "-c", str(clients), "-d", f"{duration}s", "--latency", "-s", script, url],
            capture_output=True, text=True, check=False,
        ).stdout
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    print(f"errors: non-2xx {non2xx.group(1) if non2xx else 0}; socket {sock.group(1) if sock else 'none'}")
    return 1 if non2xx or sock else 0


if __name__ == "__main__":
    sys.exit(main())
