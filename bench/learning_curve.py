"""Cross-validated development scores and the learning curve of the statistical layer.

The shipped model is trained on the whole development part, so scoring the development part
with it would grade the model on its own lessons. Instead each development message is judged by
a model trained without its source group (grouped k-fold; the read probe sets, which the shipped
model also learns from, are in every training fold), and the held-out part is judged by models
trained on growing shares of the development sources, with and without the probe sets.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator, Sequence
from typing import Any

import dunguard.classify as classify
from dunguard.classify import model_from_json
from dunguard.classify.train import fit, probe_entries

FOLDS = 5
CURVE_SHARES = (0.25, 0.5, 0.75, 1.0)


@contextlib.contextmanager
def using_model(model_json: dict[str, Any] | None) -> Iterator[None]:
    """Make the pipeline use this model (None: no statistical layer) for the duration."""
    original = classify.load_model
    model = model_from_json(model_json) if model_json is not None else None
    classify.load_model = lambda path=None: model  # type: ignore[assignment]
    try:
        yield
    finally:
        classify.load_model = original


def trainable(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the shipped model may learn from: rows of the shared corpora are for scoring only."""
    return [e for e in entries if not e.get("ref")]


def folds_of(entries: Sequence[dict[str, Any]], k: int = FOLDS) -> list[list[dict[str, Any]]]:
    """k folds with whole source groups in each, balanced by size, fixed by a seeded shuffle."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        groups.setdefault(e["group"], []).append(e)
    names = sorted(groups)
    random.Random(7).shuffle(names)
    names.sort(key=lambda g: -len(groups[g]))
    folds: list[list[dict[str, Any]]] = [[] for _ in range(k)]
    for g in names:
        min(folds, key=len).extend(groups[g])
    return folds


def cross_validated(entries: Sequence[dict[str, Any]], score) -> dict[str, Any]:
    """Score ``entries`` with each fold judged by a model trained on the other folds."""
    from eval_labelled import predict

    verdicts: dict[str, Any] = {}
    probes = probe_entries()
    folds = folds_of(entries)
    for i, fold in enumerate(folds):
        train = trainable([e for j, f in enumerate(folds) if j != i for e in f]) + probes
        with using_model(fit(train)):
            for e in fold:
                verdicts[e["id"]] = predict(e)
    return score(entries, verdicts)


def curve(
    dev: Sequence[dict[str, Any]], held_out: Sequence[dict[str, Any]], score, probes: Sequence[dict[str, Any]] = (),
) -> list[tuple[float, int, dict]]:
    groups = sorted({e["group"] for e in dev})
    random.Random(11).shuffle(groups)
    out = []
    with using_model(None):
        out.append((0.0, 0, score(held_out)))
    for share in CURVE_SHARES:
        keep = set(groups[: max(1, round(share * len(groups)))])
        train = trainable([e for e in dev if e["group"] in keep]) + list(probes)
        with using_model(fit(train)):
            out.append((share, len(train), score(held_out)))
    return out


def print_curve() -> None:
    from eval_labelled import corpus, score

    dev, held = corpus("dev"), corpus("held_out")
    for title, probes in (("a share of the dev sources", ()), ("a share of the dev sources + the read probe sets",
                                                              probe_entries())):
        print(f"\nlearning curve (model trained on {title}, scored on held-out):")
        print(f"{'share':>6}{'messages':>10}{'macro-F1':>10}{'primary':>9}{'legit':>7}")
        for share, n, r in curve(dev, held, score, probes):
            print(f"{share:>6.2f}{n:>10}{r['macro_f1']:>10.3f}{r['primary_accuracy']:>9.3f}{r['legitimacy_accuracy']:>7.3f}")
