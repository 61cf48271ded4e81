"""Validate the labelled corpus files in tests/data/corpus: shape, vocabulary, provenance, privacy.

These check the files, not the classifier: an unsourced, mislabelled-by-shape or unmasked entry must
fail here before anyone trains on it or measures against it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from dunguard.evaluation import load_corpus, source_group
from dunguard.model import KINDS

CORPUS = Path(__file__).parent / "data" / "corpus"
FILES = sorted(CORPUS.glob("*.yaml"))
LEGITIMACY = {"likely_genuine", "likely_bluff", "likely_scam", "unclear"}
SOURCE_TYPES = {"news", "court", "police", "regulator", "complaint", "forum", "qa", "seo", "template",
                "github_issue", "dataset", "bank", "other"}
REQUIRED = {"id", "kinds", "primary_kind", "legitimacy", "source", "source_type", "retrieved", "received_at"}
ALLOWED = REQUIRED | {"text", "ref", "text_sha256", "masked", "template", "elements", "note"}
ELEMENT_KEYS = {"visit_time", "deadline", "amount", "lender", "phones", "urls"}
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# No single site may dominate: past this share per-kind numbers would describe its house style.
MAX_GROUP_SHARE = 0.4


@cache
def entries() -> tuple[tuple[str, dict[str, Any]], ...]:
    out = []
    for path in FILES:
        for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((path.name, e))
    return tuple(out)


def test_there_is_a_corpus_to_learn_from():
    texts = [e for _, e in entries() if "text" in e]
    assert len(texts) >= 200
    assert len({source_group(e["source"]) for _, e in entries()}) >= 60


@pytest.mark.parametrize(("name", "e"), entries(), ids=lambda v: v if isinstance(v, str) else v.get("id"))
def test_entry_shape(name, e):
    assert REQUIRED <= set(e) <= ALLOWED, set(e) ^ REQUIRED
    assert ("text" in e) != ("ref" in e), "an entry quotes its text or references a shared row, not both"
    if "ref" in e:
        assert re.fullmatch(r"[\w.]+\.tsv:\d+", e["ref"]) and re.fullmatch(r"[0-9a-f]{64}", e["text_sha256"])
    else:
        assert isinstance(e["text"], str) and e["text"].strip()
        assert not MOBILE_RE.search(e["text"]), "an unmasked mobile number is personal data"
    kinds = e["kinds"]
    assert kinds and set(kinds) <= set(KINDS) and len(set(kinds)) == len(kinds)
    assert e["primary_kind"] in kinds
    assert kinds == ["other"] or "other" not in kinds
    assert e["legitimacy"] in LEGITIMACY
    assert e["source_type"] in SOURCE_TYPES
    url = urlparse(str(e["source"]))
    assert url.scheme in ("http", "https") and url.netloc
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(e["retrieved"]))
    assert set(e.get("elements") or {}) <= ELEMENT_KEYS


def test_ids_are_unique_across_files():
    ids = Counter(e["id"] for _, e in entries())
    assert not [i for i, n in ids.items() if n > 1]


def test_no_text_appears_twice():
    labelled = yaml.safe_load((CORPUS.parent / "labelled.yaml").read_text(encoding="utf-8"))
    texts = [e["text"] for _, e in entries() if "text" in e] + [e["text"] for e in labelled]
    norm = Counter(re.sub(r"\W", "", t) for t in texts)
    assert not [t for t, n in norm.items() if n > 1]


def test_no_source_dominates():
    groups = Counter(source_group(e["source"]) for _, e in entries() if "text" in e)
    total = sum(groups.values())
    assert max(groups.values()) / total <= MAX_GROUP_SHARE, groups.most_common(3)


def test_split_keeps_every_source_on_one_side():
    loaded = load_corpus(FILES)
    sides: dict[str, set[str]] = {}
    for e in loaded:
        sides.setdefault(e["group"], set()).add(e["split"])
    assert all(len(s) == 1 for s in sides.values())
    assert {"dev", "held_out"} <= {e["split"] for e in loaded}


def test_template_slots_are_scored_as_filled_values():
    # A slot left as '$amount' or '#{NextDueDay}' would be scored as literal code, not as a message.
    from dunguard.evaluation import message_text

    leftovers = re.compile(r"[$#&%]\{|\{\{|\$[A-Za-z_]|&[A-Za-z_]|#[A-Za-z_]\w*#|%\.?\d*[sdf]")
    for _, e in entries():
        if e.get("template") and "text" in e:
            assert not leftovers.search(message_text(e)), (e["id"], message_text(e))
    assert message_text({"text": "尾号&param1的卡，借款 $target_no ，#{NextDueDay}还款", "template": True}) == (
        "尾号X的卡，借款 X ，X还款"
    )
