"""Score the verdict against hand-labelled messages: per-kind precision, recall and F1.

Used by the accuracy test (a floor on macro-F1) and by `bench/eval_labelled.py`,
which prints the full table. Kinds are multi-label, so each kind is scored as
its own yes/no question over every message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from dunguard.model import KINDS


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    support: int  # messages labelled with this kind
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_kinds(pairs: Iterable[tuple[set[str], set[str]]]) -> list[KindScore]:
    """Score (gold kinds, predicted kinds) pairs; kinds absent from the gold set are left out."""
    pairs = list(pairs)
    out = []
    for kind in KINDS:
        tp = sum(1 for g, p in pairs if kind in g and kind in p)
        fp = sum(1 for g, p in pairs if kind not in g and kind in p)
        fn = sum(1 for g, p in pairs if kind in g and kind not in p)
        support = tp + fn
        if support:
            out.append(KindScore(kind, support, tp, fp, fn))
    return out


def macro_f1(scores: list[KindScore]) -> float:
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0
