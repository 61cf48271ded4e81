"""Wording probes: composed messages that test whether a judgement holds across phrasings.

    .venv/bin/python bench/eval_probes.py [--misses] [--kinds] [FILE...]

bench/probes/*.yaml were written on 2026-12-05 by helpers who read only tests/data/corpus/GUIDE.md
(never the code or the corpus), to find wordings the grammar's authors did not think of. They are
not real messages and never join the labelled corpus. After their first run we fixed the general
faults they showed, so they are no longer blind: bench/README.md gives the first-run figures.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

import yaml

from dunguard import Message, analyze
from dunguard.evaluation import macro_f1, score_kinds

PROBES = sorted((Path(__file__).resolve().parent / "probes").glob("*.yaml"))
RECEIVED = datetime(2026, 12, 3, 10, 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--misses", action="store_true", help="list the probes judged wrongly")
    ap.add_argument("--kinds", action="store_true", help="print F1 per kind and scams recognised")
    args = ap.parse_args(argv)
    for path in args.files or PROBES:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs, primary, legit, genuine_scam, scams, caught = [], 0, 0, 0, 0, 0
        for it in items:
            v = analyze(Message(it["text"], received_at=RECEIVED), with_plan=False).verdict
            gold, got = set(it["kinds"]), set(v.kinds)
            pairs.append((gold, got))
            primary += v.primary_kind == it["primary_kind"]
            legit += v.legitimacy.value == it["legitimacy"]
            genuine_scam += it["legitimacy"] == "likely_genuine" and v.legitimacy.value == "likely_scam"
            scams += it["legitimacy"] == "likely_scam"
            caught += it["legitimacy"] == "likely_scam" and v.legitimacy.value == "likely_scam"
            if args.misses and (gold != got or v.legitimacy.value != it["legitimacy"]):
                print(f"  gold {sorted(gold)}/{it['legitimacy']} got {sorted(got)}/{v.legitimacy.value}: {it['text'][:70]}")
        n = len(items) or 1
        print(f"{path.name}: {len(items)} probes, macro-F1 {macro_f1(score_kinds(pairs)):.3f}, primary {primary / n:.3f}, "
              f"legitimacy {legit / n:.3f}, genuine called scam {genuine_scam}")
        if args.kinds:
            print("   " + "  ".join(f"{s.kind} {s.f1:.2f}" for s in score_kinds(pairs)) + f"  scams {caught}/{scams}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
