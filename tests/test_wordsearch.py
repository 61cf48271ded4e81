"""The one-pass word search every layer reads words through: positions must point at the text given."""

from __future__ import annotations

import pytest

from dunguard import Message, analyze
from dunguard.grammar import load_grammar
from dunguard.wordsearch import WordIndex


def test_finds_overlapping_words_at_character_positions():
    index = WordIndex([("逾期", "overdue"), ("期", "period"), ("上门", "visit")])
    text = "😀已逾期，明天上门"
    found = list(index.find(text))
    assert [(text[s:e], v) for s, e, v in found] == [("逾期", "overdue"), ("期", "period"), ("上门", "visit")]


def test_a_broken_emoji_does_not_stop_the_search_or_shift_positions():
    # A bad export can leave half of an emoji (a lone surrogate), which UTF-8 cannot carry.
    text = "\ud83d您的借款已逾期，我们将上门"
    found = [(s, e) for s, e, _ in WordIndex([("逾期", 1), ("上门", 2)]).find(text)]
    assert [text[s:e] for s, e in found] == ["逾期", "上门"]


def test_a_broken_emoji_still_gets_a_verdict():
    report = analyze(Message("\ud83d您的借款已逾期30天，我们明天上门找你"))
    assert "visit_threat" in report.verdict.kinds


def test_no_words_and_empty_text_find_nothing():
    assert list(WordIndex([]).find("逾期")) == []
    assert list(WordIndex([("逾期", 1)]).find("")) == []


def test_grammar_refuses_a_class_given_twice(tmp_path, monkeypatch):
    from dunguard import grammar
    from dunguard.errors import BadData

    (tmp_path / "xx.yaml").write_text("classes:\n  a:\n    why: x\n    words: [甲]\n  a:\n    why: y\n    words: [乙]\n",
                                      encoding="utf-8")
    monkeypatch.setattr(grammar, "GRAMMAR_DIR", tmp_path)
    with pytest.raises(BadData, match="duplicate key 'a'"):
        grammar.load_grammar.__wrapped__("xx")


def test_the_shipped_grammar_still_reads_a_threat():
    parse = load_grammar("zh").parse("逾期不还，已通知你全部家人")
    assert "third_party_threat" in parse.kinds()
