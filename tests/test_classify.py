"""The statistical layer: shipped in step with the corpus, explained by its words, never taking over."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from dunguard import Message, analyze
from dunguard.assess.kinds import MODEL_KINDS
from dunguard.classify import MODEL_PATH, load_model, model_from_json
from dunguard.classify.train import LABELS, dev_entries, probe_files, training_entries
from dunguard.errors import BadData
from dunguard.evaluation import message_text


def test_shipped_model_was_trained_on_the_current_corpus():
    meta = load_model().meta
    entries = training_entries()
    digest = hashlib.sha256("\n".join(sorted(f"{e['id']}\t{message_text(e)}" for e in entries)).encode()).hexdigest()
    assert meta["corpus_sha256"] == digest, "the corpus changed: run  make model"
    assert meta["messages"] == len(entries)


def test_the_layer_never_learns_from_the_held_out_part_or_the_blind_sets():
    # Those are the measures of text the project never saw; learning from them would grade it on its lessons.
    entries = training_entries()
    assert entries and all(e["split"] in ("dev", "probe") for e in entries)
    assert probe_files() and not any(p.name.startswith("blind") for p in probe_files())
    assert load_model().meta["probe_files"] == [p.name for p in probe_files()]


def test_model_answers_every_label_with_a_probability():
    m = load_model()
    assert m.labels == LABELS
    probs = m.probabilities("您的借款已逾期15天，请尽快还款")
    assert set(probs) == set(LABELS) and all(0.0 <= p <= 1.0 for p in probs.values())


def test_drivers_point_at_the_words_in_the_text():
    text = "你再不还钱，我们就通知你全家和单位领导"
    ev = load_model().evidence(text)
    for label in ev.values():
        for gram, pos, weight in label.drivers:
            assert weight > 0
            if pos >= 0:
                assert text.lower()[pos:pos + len(gram)] == gram


def test_the_layer_never_claims_a_visit():
    # Visits come from the extractor, which knows 上门安装 from 上门催收.
    assert "visit_threat" not in MODEL_KINDS


def test_a_kind_from_the_model_says_so_and_shows_its_words():
    # Whatever the model adds carries its own reason code and the words that drove it; over the
    # labelled corpus it does add something, so this is not an empty promise.
    seen = 0
    for e in dev_entries():
        v = analyze(Message(message_text(e))).verdict
        for r in v.kind_reasons:
            if r.code.endswith(".model"):
                seen += 1
                assert r.spans and all(s.text for s in r.spans)
                assert "统计模型" in r.text["zh"] and "statistical model" in r.text["en"]
    assert seen > 0


def test_malformed_model_is_one_clear_error():
    with pytest.raises(BadData):
        model_from_json({"labels": ["a"], "bias": [0.0, 1.0], "weights": {}})
    with pytest.raises(BadData):
        model_from_json({"labels": ["a"]})


def test_help_does_not_load_the_model():
    code = "import sys; sys.argv=['dunguard','--help']\nfrom dunguard.cli import main\ntry:\n main()\nexcept SystemExit:\n pass\nprint('dunguard.classify' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False False"


def test_model_file_is_small_plain_json():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data) == {"labels", "bias", "weights", "meta"}
    assert MODEL_PATH.stat().st_size < 1_000_000


@pytest.mark.parametrize("text", [
    "某地法院公布一批拒不还款的老赖名单，欠款金额从几千元到几十万元不等",
    "一审法院判决被告支付原告欠款本息共计十万元",
])
def test_a_news_line_about_debts_gets_no_kind_from_the_layer(text):
    # Written to nobody (no 你/您, no 请, no signature): a report about other people's debts.
    from dunguard import Message, analyze

    assert analyze(Message(text), with_plan=False).verdict.kinds == ("other",)
