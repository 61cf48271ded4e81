"""Accuracy on the labelled real messages, scored separately on the development and held-out parts.

    .venv/bin/python bench/eval_labelled.py                 # dev and held-out tables, ham false alarms
    .venv/bin/python bench/eval_labelled.py --split dev     # only what tuning may look at
    .venv/bin/python bench/eval_labelled.py --curve         # learning curve of the classifier

The corpus is tests/data/labelled.yaml plus tests/data/corpus/*.yaml. Each entry's source group (a
website or a GitHub repository) is hashed into ``dev`` or ``held_out`` (dunguard.evaluation.split_of),
so messages from one page, site or repository never sit on both sides. Rules, word classes and
thresholds are tuned on ``dev`` only; ``held_out`` is printed for reporting, never for tuning.
False alarms are counted on the ham rows of ../shared/data/cn_sms_800k_subset.tsv when present.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from dunguard import Message, analyze
from dunguard.evaluation import load_corpus, macro_f1, message_text, score_kinds

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
CORPUS_FILES = [ROOT / "tests" / "data" / "labelled.yaml", *sorted((ROOT / "tests" / "data" / "corpus").glob("*.yaml"))]
SHARED = ROOT.parent / "shared" / "data"
HAM = SHARED / "cn_sms_800k_subset.tsv"
THREATS = {"visit_threat", "legal_threat", "third_party_threat", "harassment", "scam"}


def corpus(split: str | None = None, shared: bool = True) -> list[dict[str, Any]]:
    """The labelled entries of one part; ``shared=False`` leaves out rows of ../shared/data."""
    entries = load_corpus(CORPUS_FILES, SHARED if shared else None)
    return [e for e in entries if split in (None, "all") or e["split"] == split]


def predict(entry: dict[str, Any]):
    at = datetime.fromisoformat(str(entry["received_at"])) if entry.get("received_at") else None
    return analyze(Message(message_text(entry), received_at=at), with_plan=False).verdict


def score(entries: Sequence[dict[str, Any]], verdicts: dict[str, Any] | None = None) -> dict[str, Any]:
    pairs, primary_hits, legit_hits, confusions = [], 0, 0, Counter()
    misses = []
    for e in entries:
        v = verdicts[e["id"]] if verdicts is not None else predict(e)
        gold, got = set(e["kinds"]), set(v.kinds)
        pairs.append((gold, got))
        primary_hits += v.primary_kind == e["primary_kind"]
        legit_hits += v.legitimacy.value == e["legitimacy"]
        confusions[(e["legitimacy"], v.legitimacy.value)] += 1
        if gold != got or v.primary_kind != e["primary_kind"] or v.legitimacy.value != e["legitimacy"]:
            misses.append((e, v))
    n = len(entries) or 1
    scores = score_kinds(pairs)
    scams = sum(1 for e in entries if e["legitimacy"] == "likely_scam")
    return {
        "n": len(entries),
        "sources": len({e["group"] for e in entries}),
        "scores": scores,
        "macro_f1": macro_f1(scores),
        "primary_accuracy": primary_hits / n,
        "legitimacy_accuracy": legit_hits / n,
        "legitimacy_confusion": confusions,
        "scams": scams,
        "scams_recognised": confusions[("likely_scam", "likely_scam")],
        "genuine_called_scam": confusions[("likely_genuine", "likely_scam")],
        "misses": misses,
    }


# Labelled element -> (element type, role) it must be found as.
ELEMENT_ROLES = {"visit_time": ("time", "visit"), "deadline": ("time", "deadline")}


def element_scores(entries: Sequence[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per labelled element kind: (found with the right role, labelled). A found element must overlap
    the labelled words."""
    out: dict[str, list[int]] = {}
    for e in entries:
        labelled = e.get("elements") or {}
        wanted = {k: v for k, v in labelled.items() if k in ELEMENT_ROLES and v}
        if not wanted:
            continue
        at = datetime.fromisoformat(str(e["received_at"])) if e.get("received_at") else None
        text = message_text(e)
        found = analyze(Message(text, received_at=at), with_plan=False).elements
        for key, words in wanted.items():
            etype, role = ELEMENT_ROLES[key]
            start = text.find(str(words))
            box = out.setdefault(key, [0, 0])
            box[1] += 1
            if start < 0:
                continue
            end = start + len(str(words))
            box[0] += any(el.type == etype and el.role == role and el.start < end and start < el.end for el in found)
    return {k: (v[0], v[1]) for k, v in out.items()}


def run(split: str = "dev", shared: bool = True) -> dict[str, Any]:
    """Scores on one part of the corpus ('dev', 'held_out' or 'all').

    The development part is scored by grouped cross-validation (each source judged by a model
    that never saw it); the held-out part by the shipped model, trained on the development part.
    """
    entries = corpus(split, shared)
    if split == "dev":
        from learning_curve import cross_validated

        return cross_validated(entries, score)
    return score(entries)


def ham_false_alarms(limit: int | None = None) -> dict[str, Any] | None:
    """How many ordinary messages are called a threat or a scam."""
    if not HAM.is_file():
        return None
    flagged, n, kinds = 0, 0, Counter()
    with HAM.open(encoding="utf-8") as fh:
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if label != "0" or not text.strip():
                continue
            v = analyze(Message(text), with_plan=False).verdict
            hit = THREATS & set(v.kinds) or v.legitimacy.value == "likely_scam"
            if hit:
                flagged += 1
                kinds.update(THREATS & set(v.kinds))
            n += 1
            if limit and n >= limit:
                break
    return {"n": n, "flagged": flagged, "rate": flagged / n if n else 0.0, "kinds": kinds}


def print_table(name: str, r: dict[str, Any]) -> None:
    print(f"\n== {name}: {r['n']} messages from {r['sources']} sources")
    print(f"{'kind':<20}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}")
    for s in r["scores"]:
        print(f"{s.kind:<20}{s.support:>8}{s.precision:>11.2f}{s.recall:>8.2f}{s.f1:>7.2f}")
    print(f"macro-F1 {r['macro_f1']:.3f}   primary kind accuracy {r['primary_accuracy']:.3f}   "
          f"legitimacy accuracy {r['legitimacy_accuracy']:.3f}")
    print(f"scams recognised {r['scams_recognised']} of {r['scams']}   "
          f"genuine called scam {r['genuine_called_scam']}")
    print("legitimacy (gold -> predicted):")
    for (gold, pred), n in sorted(r["legitimacy_confusion"].items()):
        print(f"  {gold:<15} -> {pred:<15} {n}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "held_out", "both", "all"), default="both")
    ap.add_argument("--misses", action="store_true", help="list the dev messages judged wrongly")
    ap.add_argument("--ham", type=int, default=0, help="ham rows to check for false alarms (0: all, -1: none)")
    ap.add_argument("--curve", action="store_true", help="print the classifier's learning curve")
    args = ap.parse_args(argv)
    splits = ("dev", "held_out") if args.split == "both" else (args.split,)
    for split in splits:
        r = run(split)
        print_table(split, r)
        if args.misses and split == "dev":
            for e, v in r["misses"]:
                print(f"  {e['id']}: gold {sorted(e['kinds'])}/{e['primary_kind']}/{e['legitimacy']} "
                      f"got {list(v.kinds)}/{v.legitimacy.value}  {message_text(e)[:80]!r}")
    if args.ham >= 0:
        ham = ham_false_alarms(args.ham or None)
        if ham is None:
            print("\n(no ../shared/data: ham false alarms not measured)")
        else:
            print(f"\nham false alarms: {ham['flagged']} of {ham['n']} ({ham['rate']:.3%}) called a threat or scam; "
                  f"by kind {dict(ham['kinds'])}")
    els = element_scores(corpus("all"))
    if els:
        print("\nlabelled times found with the right role (all splits): " + ", ".join(
            f"{k} {found}/{n}" for k, (found, n) in sorted(els.items())))
    if args.curve:
        from learning_curve import print_curve

        print_curve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
