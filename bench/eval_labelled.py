"""Accuracy on the labelled real messages: per-kind precision/recall, primary kind, legitimacy.

    .venv/bin/python bench/eval_labelled.py
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import yaml

from dunguard import Message, analyze
from dunguard.evaluation import macro_f1, score_kinds

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "labelled.yaml"


def run(path: Path = DATA) -> dict:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs, primary_hits, legit_hits, confusions = [], 0, 0, Counter()
    for e in entries:
        at = datetime.fromisoformat(e["received_at"]) if e.get("received_at") else None
        v = analyze(Message(e["text"], received_at=at)).verdict
        pairs.append((set(e["kinds"]), set(v.kinds)))
        primary_hits += v.primary_kind == e["primary_kind"]
        legit_hits += v.legitimacy.value == e["legitimacy"]
        confusions[(e["legitimacy"], v.legitimacy.value)] += 1
    scores = score_kinds(pairs)
    return {
        "n": len(entries),
        "scores": scores,
        "macro_f1": macro_f1(scores),
        "primary_accuracy": primary_hits / len(entries),
        "legitimacy_accuracy": legit_hits / len(entries),
        "legitimacy_confusion": confusions,
    }


def main() -> None:
    r = run()
    print(f"{r['n']} labelled messages (tests/data/labelled.yaml)\n")
    print(f"{'kind':<20}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}")
    for s in r["scores"]:
        print(f"{s.kind:<20}{s.support:>8}{s.precision:>11.2f}{s.recall:>8.2f}{s.f1:>7.2f}")
    print(f"\nmacro-F1 {r['macro_f1']:.3f}   primary kind accuracy {r['primary_accuracy']:.3f}   "
          f"legitimacy accuracy {r['legitimacy_accuracy']:.3f}")
    print("\nlegitimacy (gold -> predicted):")
    for (gold, pred), n in sorted(r["legitimacy_confusion"].items()):
        print(f"  {gold:<15} -> {pred:<15} {n}")


if __name__ == "__main__":
    main()
