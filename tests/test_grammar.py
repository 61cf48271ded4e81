"""The word-class grammar: its own examples, its guarantees (any order, negation, spans) and bad data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dunguard.errors import BadData
from dunguard.extract.base import normalize
from dunguard.grammar import load_grammar
from dunguard.grammar.engine import Grammar

G = load_grammar("zh")
FRAMES = {f.id: f for f in G.frames}


def frames_of(text: str) -> set[str]:
    return {m.frame for m in G.parse(normalize(text)).matches}


@pytest.mark.parametrize(
    ("frame", "text"), [(f.id, t) for f in G.frames for t in f.examples["match"]]
)
def test_frame_matches_its_examples(frame, text):
    assert frame in frames_of(text)


@pytest.mark.parametrize(
    ("frame", "text"), [(f.id, t) for f in G.frames for t in f.examples["no_match"]]
)
def test_frame_does_not_match_its_counter_examples(frame, text):
    assert frame not in frames_of(text)


def test_classes_match_in_either_order():
    # Disclosure before or after the third party, the same meaning.
    assert "third_party.disclose" in frames_of("你不还款，单位和家人都会收到通知")
    assert "third_party.disclose" in frames_of("你不还款，我们会通知单位和家人")


def test_negation_cancels_only_when_it_governs():
    assert "third_party.disclose" not in frames_of("您的借款已逾期，我们绝不会告诉你的家人")
    # A negated condition followed by a threat still threatens.
    assert "third_party.disclose" in frames_of("欠款逾期，如不还款将通知你的家人")


def test_block_words_hide_the_words_inside_them():
    # 大家 is not a family, 联系方式 is not the verb 联系.
    assert "third_party.disclose" not in frames_of("逾期的事大家都知道了吗？请查看联系方式")


def test_a_phrase_that_hides_takes_the_word_inside_it_out_of_play():
    # 以免发生逾期 says the loan is not overdue yet: a reminder, not an overdue notice.
    assert "overdue.stated" not in frames_of("您的贷款12月10日到期，请按时还款，以免发生逾期。")
    assert "overdue.stated" in frames_of("您的贷款已逾期，请按时还款。")


def test_matches_keep_the_words_that_made_them():
    text = "你已逾期多日，已通知你全部家人"
    p = G.parse(normalize(text))
    m = next(m for m in p.matches if m.frame == "third_party.disclose")
    assert [text[h.start:h.end] for h in m.hits] == ["通知", "家人"]


def test_a_gap_counts_words_not_digits_or_masks():
    # 87个人今晚都会 is seven words apart, not nine characters: numbers and masked names are no distance
    assert "third_party.disclose" in frames_of("你通讯录里87个人今晚都会收到你的欠款信息")
    # ...but many words between still keep the third party and the telling apart
    assert "third_party.disclose" not in frames_of("你通讯录里那些平时跟你关系一般般的人今晚都会收到你的欠款信息")


def test_a_clause_boundary_separates_unrelated_words():
    # 家人 and 知道 sit in different clauses about different things.
    assert "third_party.disclose" not in frames_of("您的借款已逾期。家人平安，我知道。")


def test_the_colon_of_a_clock_time_splits_no_clause():
    # "已通知你家人" and "14:32" sit in one clause; a colon after a heading still ends one
    assert "third_party.disclose" in frames_of("你已逾期多日，家人14:32已被通知")
    assert "third_party.disclose" not in frames_of("您的借款已逾期。家人：平安，通知：明天到")


@pytest.mark.parametrize(
    ("classes", "frames", "reason"),
    [
        ({"a": {"why": "x", "words": ["甲"]}}, [{"id": "f", "why": "y", "kind": "other", "all": ["b"],
                                               "examples": {"match": ["甲"], "no_match": ["乙"]}}], "unknown class"),
        ({"a": {"words": ["甲"]}}, [], "why"),
        ({"a": {"why": "x", "include": ["a"]}}, [], "includes itself"),
        ({"a": {"why": "x", "words": ["甲"]}}, [{"id": "f", "why": "y", "kind": "other", "all": ["a"]}],
         "examples"),
        ({"a": {"why": "x", "patterns": ["("]}}, [], "bad pattern"),
    ],
)
def test_malformed_grammar_is_one_clear_error(classes, frames, reason):
    with pytest.raises(BadData) as err:
        Grammar(classes, frames, "test.yaml")
    assert reason in str(err.value.params.get("reason", ""))


def test_grammar_file_is_valid_yaml_with_every_class_explained():
    data = yaml.safe_load((Path(G.source)).read_text(encoding="utf-8"))
    assert all(spec.get("why") for name, spec in data["classes"].items() if name != "_block")


def test_docs_grammar_md_is_up_to_date():
    from dunguard.grammar.docs import render

    path = Path(__file__).resolve().parents[1] / "docs" / "grammar.md"
    assert path.read_text(encoding="utf-8") == render(), (
        "docs/grammar.md is stale: run  python -m dunguard.grammar.docs > docs/grammar.md"
    )
