"""Accuracy on real messages must not silently regress.

Scored on the development part of the labelled corpus (tests/data), by grouped cross-validation
so the statistical layer never grades a message it learned from, and without the rows of
../shared/data so the numbers do not depend on what this machine has. The floors are what the
verdict reached when they were last raised (bench/eval_labelled.py prints the full tables, dev and
held-out). Raise them when accuracy improves; never lower them to make a change pass.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from eval_labelled import run  # noqa: E402

MACRO_F1_FLOOR = 0.79
# 0.79 until session 12 added scams6.yaml: 33 more real fraud texts in dev, many one-line openers that
# name no debt and ask nothing yet; without them primary accuracy is 0.792, with them 0.780.
# 0.775 until session 13 added scams7/scams8 (19 more real fraud texts in dev: fake teachers, fake friends,
# business-licence phishing, most naming no debt): without them the code measures primary 0.783 and
# legitimacy 0.760 (above the old floors), with them 0.772 and 0.748.
PRIMARY_ACCURACY_FLOOR = 0.77
# 0.77 until session 11 added 51 real fraud texts to dev that mostly ask for nothing yet (one-line openers,
# parcels without their link): the corpus got harder, the floor follows it (0.765 measured then); 0.75 until
# session 13's scams7/scams8 (see above).
LEGITIMACY_ACCURACY_FLOOR = 0.745


@cache
def dev() -> dict:
    return run("dev", shared=False)


def test_macro_f1_on_labelled_real_messages():
    result = dev()
    assert result["n"] >= 200
    table = ", ".join(f"{s.kind} P{s.precision:.2f}/R{s.recall:.2f}" for s in result["scores"])
    assert result["macro_f1"] >= MACRO_F1_FLOOR, table
    assert result["primary_accuracy"] >= PRIMARY_ACCURACY_FLOOR


def test_no_scam_label_on_a_genuine_message():
    # Calling a real lender's notice a scam would push a borrower to ignore a real debt.
    assert dev()["genuine_called_scam"] == 0


def test_legitimacy_accuracy_on_labelled_real_messages():
    assert dev()["legitimacy_accuracy"] >= LEGITIMACY_ACCURACY_FLOOR
