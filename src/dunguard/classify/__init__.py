"""A small statistical layer for where the rules and the grammar are silent.

A linear model over character n-grams (1–3) of the folded text plus the word classes the grammar
found, one yes/no question per message kind. It is trained from the labelled corpus by
``make model`` (dunguard.classify.train) and shipped as ``model.json``: a few thousand weights,
read with plain Python, no scikit-learn at run time. It is loaded on first use, never by
``dunguard --help``.

Whatever it contributes carries the n-grams that pushed it most, so the verdict can show the words,
as the rules do. It only adds a kind the rules did not find; it never removes or overrides one.

    >>> m = load_model()
    >>> m is None or all(0.0 <= p <= 1.0 for p in m.probabilities("您的借款已逾期，请尽快还款", ()).values())
    True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dunguard.errors import BadData

if TYPE_CHECKING:
    from dunguard.wordsearch import WordIndex

MODEL_PATH = Path(__file__).parent / "model.json"
NGRAMS = (1, 2, 3)
_DIGITS = str.maketrans("0123456789", "0000000000")
_SKIP = frozenset(" \t\n，,。.！!？?：:；;、“”\"'（）()【】[]…-—~～")


def fold(text: str) -> str:
    """Digits to 0 and ASCII to lower case, length kept so positions still point into the text."""
    return text.translate(_DIGITS).lower()


def features(norm: str, classes: Iterable[str] = ()) -> dict[str, int]:
    """Feature -> start position of its first occurrence (-1 for a word-class feature)."""
    text = fold(norm)
    out: dict[str, int] = {}
    n = len(text)
    for i in range(n):
        if text[i] in _SKIP:
            continue
        for k in NGRAMS:
            j = i + k
            if j > n:
                break
            gram = text[i:j]
            if text[j - 1] in _SKIP:
                break
            out.setdefault(gram, i)
    for cls in classes:
        out.setdefault("@" + cls, -1)
    return out


@dataclass(frozen=True, slots=True)
class Evidence:
    label: str
    probability: float
    # (n-gram, position in the text, weight), strongest first; position -1 for a word-class feature
    drivers: tuple[tuple[str, int, float], ...]


class Scored:
    """One message scored for every label; the words that drove a label are worked out only if asked."""

    __slots__ = ("_hit", "_model", "probabilities")

    def __init__(self, model: Model, hit: list[tuple[str, int, tuple[float, ...]]]):
        self._model = model
        self._hit = hit
        # zip(*) transposes in C and sum() adds in C: per label, the bias plus its column of weights.
        columns = list(zip(*(ws for _, _, ws in hit), strict=True)) if hit else [()] * len(model.labels)
        z = [b + sum(col) for b, col in zip(model.bias, columns, strict=True)]
        self.probabilities = {
            label: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, zk)))) for label, zk in zip(model.labels, z, strict=True)
        }

    def evidence(self, label: str) -> Evidence:
        k = self._model.labels.index(label)
        drivers = sorted(((f, pos, ws[k]) for f, pos, ws in self._hit if ws[k] > 0), key=lambda d: -d[2])
        return Evidence(label, self.probabilities[label], tuple(drivers[:8]))


class Model:
    """Per-label logistic regression over binary features."""

    def __init__(self, labels: tuple[str, ...], bias: tuple[float, ...], weights: Mapping[str, tuple[float, ...]],
                 meta: Mapping[str, object]):
        self.labels = labels
        self.bias = bias
        self.weights = weights
        self.meta = meta
        self._word_index = None

    def score(self, norm: str, classes: Iterable[str] = ()) -> Scored:
        text = fold(norm)
        hit: list[tuple[str, int, tuple[float, ...]]] = []
        seen: set[str] = set()
        # Every known n-gram in one Aho-Corasick pass (the vocabulary never spans a skipped character,
        # so this finds exactly what cutting the text into n-grams would); first position kept.
        for start, _, (gram, ws) in self._index().find(text):
            if gram not in seen:
                seen.add(gram)
                hit.append((gram, start, ws))
        w = self.weights
        for cls in classes:
            ws = w.get("@" + cls)
            if ws is not None:
                hit.append(("@" + cls, -1, ws))
        return Scored(self, hit)

    def _index(self) -> WordIndex[tuple[str, tuple[float, ...]]]:
        if self._word_index is None:
            from dunguard.wordsearch import WordIndex

            self._word_index = WordIndex(
                (gram, (gram, ws)) for gram, ws in self.weights.items()
                if not gram.startswith("@") and not any(ch in _SKIP for ch in gram)
            )
        return self._word_index

    def evidence(self, norm: str, classes: Iterable[str] = ()) -> dict[str, Evidence]:
        scored = self.score(norm, classes)
        return {label: scored.evidence(label) for label in self.labels}

    def probabilities(self, norm: str, classes: Iterable[str] = ()) -> dict[str, float]:
        return dict(self.score(norm, classes).probabilities)


def model_from_json(data: Mapping[str, object], source: str = "model") -> Model:
    try:
        labels = tuple(str(x) for x in data["labels"])  # type: ignore[union-attr]
        bias = tuple(float(x) for x in data["bias"])  # type: ignore[union-attr]
        raw = data["weights"]
        if not isinstance(raw, Mapping):
            raise TypeError("weights must be a mapping")
        weights = {str(f): tuple(float(x) for x in ws) for f, ws in raw.items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise BadData("bad_data", path=source, reason=f"classifier model: {exc}") from None
    if len(bias) != len(labels) or any(len(ws) != len(labels) for ws in weights.values()):
        raise BadData("bad_data", path=source, reason="classifier model: weights do not match its labels")
    return Model(labels, bias, weights, dict(data.get("meta") or {}))  # type: ignore[arg-type]


@cache
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped model, or None when it has not been trained (the verdict then uses rules alone)."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadData("bad_data", path=str(path), reason=str(exc)) from None
    return model_from_json(data, str(path))
