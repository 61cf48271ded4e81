"""What the statistical layer costs: full analyze with and without it, in one run.

    .venv/bin/python bench/classifier_cost.py

Two inputs: the first 5,000 rows of ../shared/data/cn_sms_800k_subset.tsv (mostly ordinary texts,
which the layer's gate skips) and the labelled corpus four times over (debt messages, its worst
case). Best of three runs each, as msg/s and as the share the layer adds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dunguard import Message, analyze  # noqa: E402
from dunguard.classify import MODEL_PATH  # noqa: E402
from dunguard.evaluation import message_text  # noqa: E402
from eval_labelled import HAM, corpus  # noqa: E402
from learning_curve import using_model  # noqa: E402


def rate(texts: list[str], model: dict | None) -> float:
    best = 0.0
    with using_model(model):
        for _ in range(3):
            t0 = time.perf_counter()
            for t in texts:
                analyze(Message(t))
            best = max(best, len(texts) / (time.perf_counter() - t0))
    return best


def main() -> int:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    inputs = {"labelled corpus x4 (debt messages)": [message_text(e) for e in corpus("all")] * 4}
    if HAM.is_file():
        with HAM.open(encoding="utf-8") as fh:
            inputs["shared corpus, first 5,000 rows"] = [
                line.split("\t", 1)[1].strip() for _, line in zip(range(5000), fh, strict=False)
            ]
    for name, texts in inputs.items():
        for t in texts[:100]:
            analyze(Message(t))
        without, with_ = rate(texts, None), rate(texts, model)
        print(f"{name}: {without:,.0f} msg/s without the layer, {with_:,.0f} with it; it adds {without / with_ - 1:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
