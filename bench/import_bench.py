"""Import throughput and peak memory of `case import` on generated Android XML exports.

    .venv/bin/python bench/import_bench.py [--sizes 50000 200000] [--json bench/out/import.json]

For each size a synthetic "SMS Backup & Restore" file is written (ordinary messages from
../shared/data/cn_sms_800k_subset.tsv when present, else built-in ones, with about one
collection message in ten, each at its own millisecond), then imported into a fresh store
by a child process: the whole `import_file` (check pass, copy of the original, analysis,
chunked inserts, hash chain), then `verify`. Peak RSS of the child (import and verify) is
measured per run with resource.getrusage(RUSAGE_CHILDREN) in a separate measuring process,
so runs do not mix; the child also reports its own peak right after the import.
Streaming means the peak must stay flat as the file grows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "cn_sms_800k_subset.tsv"
T0 = 1_700_000_000_000

COLLECTION = [
    "尊敬的客户,您有一笔借款已逾期{d}天,请于明日中午12点前归还{m}元。否则,我们的工作人员将于明天下午3点上门拜访。",
    "【{l}】您的账单已逾期{d}天,欠款{m}元,请今日内还清,否则将联系您的紧急联系人及通讯录好友。",
    "你在{l}的欠款{m}元已移交法务部,3日内不处理将起诉至法院并上门调查你的工作单位。",
    "{l}提醒您:本期应还{m}元,还款日为本月{d}日,请按时还款,客服95188。",
    "最后通知:逾期{d}天,我司已安排外访人员明天上午10点到你户籍地村委会核实情况,私人账户6222020200112233445可先还{m}元。",
]
LENDERS = ["借呗", "美团借钱", "京东金条", "微粒贷", "某某金融"]
HAM = [
    "晚上一起吃饭吗？我七点到。",
    "您的快递已到小区门口驿站，请凭取件码领取。",
    "妈，我周末回家，帮我留点饺子。",
    "会议改到下午三点，地点不变。",
]


def ordinary_messages(limit: int = 50_000) -> list[str]:
    if not CORPUS.exists():
        return HAM
    out = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if label == "0" and text:
                out.append(text)
                if len(out) >= limit:
                    break
    return out or HAM


def write_export(path: Path, n: int, seed: int = 7) -> None:
    """A streamed-out XML file of n messages, distinct times, ~10% collection texts."""
    rng = random.Random(seed)
    ham = ordinary_messages()
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{n}\">\n")
        for i in range(n):
            if rng.random() < 0.1:
                body = rng.choice(COLLECTION).format(
                    d=rng.randint(1, 120), m=rng.randint(300, 50000), l=rng.choice(LENDERS)
                )
                address = rng.choice(["95188", "10690000", f"138{rng.randint(10000000, 99999999)}"])
                kind = 1
            else:
                body = rng.choice(ham)
                address = f"139{rng.randint(10000000, 99999999)}"
                kind = 1 if rng.random() < 0.8 else 2
            fh.write(
                f'  <sms protocol="0" address={quoteattr(address)} date="{T0 + i * 1000}" type="{kind}" '
                f'body={quoteattr(body)} read="1" status="-1" />\n'
            )
        fh.write("</smses>\n")


CHILD = """
import json, resource, sys, time
from dunguard.case import open_store
from dunguard.ingest import android
path, db = sys.argv[1], sys.argv[2]
t = time.perf_counter()
n = sum(1 for _ in android.read(path))
parse = time.perf_counter() - t
store = open_store(db)
case = store.new_case("bench")
t = time.perf_counter()
r = store.import_file(case, path)
total = time.perf_counter() - t
import_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
ok = store.verify(case).ok
verify = time.perf_counter() - t
print(json.dumps({"read": r.read, "added": r.added, "flagged": r.flagged, "parse_s": parse,
                  "import_s": total, "verify_s": verify, "verify_ok": ok, "import_peak_rss_mb": import_peak}))
"""


def measure(xml: Path, db: Path) -> dict:
    """Run one import in a child; this process has no other children, so RUSAGE_CHILDREN is its peak."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(xml), str(db)], capture_output=True, text=True,
                         env=env, check=True).stdout
    data = json.loads(out)
    data["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000])
    ap.add_argument("--json", help="write the results here too")
    ap.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # internal: XML DB
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]))))
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="dunguard-bench-") as tmp:
        for n in args.sizes:
            xml = Path(tmp) / f"sms-{n}.xml"
            write_export(xml, n)
            db = Path(tmp) / f"cases-{n}.db"
            # A fresh measuring process per size keeps each run's RUSAGE_CHILDREN its own.
            out = subprocess.run([sys.executable, __file__, "--measure", str(xml), str(db)],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out)
            r |= {
                "messages": n,
                "xml_mb": xml.stat().st_size / 1e6,
                "db_mb": sum(p.stat().st_size for p in Path(tmp).glob(f"cases-{n}*") if p.is_file()) / 1e6,
                "msg_per_s": r["read"] / r["import_s"],
                "parse_msg_per_s": r["read"] / r["parse_s"],
            }
            results.append(r)
            print(
                f"{n:>8,} messages  {r['xml_mb']:6.1f} MB XML  import {r['import_s']:7.1f} s  "
                f"{r['msg_per_s']:7,.0f} msg/s (analysis included; XML parse alone {r['parse_msg_per_s']:,.0f} msg/s)  "
                f"peak RSS import {r['import_peak_rss_mb']:5.1f} MB, with verify {r['peak_rss_mb']:5.1f} MB  store {r['db_mb']:6.1f} MB  verify {r['verify_s']:.1f} s "
                f"{'ok' if r['verify_ok'] else 'FAILED'}  flagged {r['flagged']:,}",
                flush=True,
            )
            xml.unlink()
    if len(results) >= 2:
        a, b = results[0], results[-1]
        print(f"peak RSS {b['messages']:,} / {a['messages']:,}: {b['peak_rss_mb'] / a['peak_rss_mb']:.2f}x "
              f"(import alone {b['import_peak_rss_mb'] / a['import_peak_rss_mb']:.2f}x) "
              f"for {b['messages'] / a['messages']:.0f}x the messages")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
