"""The shipped anchor cache: complete (so start-up stays fast) and never trusted for a pattern it does not know."""

from __future__ import annotations

import json

import pytest

from dunguard import regexcache
from dunguard.errors import BadData
from dunguard.grammar.engine import Grammar
from dunguard.regexcache import anchors_of


def test_the_cache_covers_every_shipped_pattern_with_its_true_anchors():
    cached = json.loads(regexcache.CACHE_FILE.read_text(encoding="utf-8"))
    shipped = regexcache.shipped_patterns()
    missing = shipped - set(cached)
    assert not missing, f"run `python -m dunguard.regexcache`: {len(missing)} patterns are not in the cache"
    stale = set(cached) - shipped
    assert not stale, f"run `python -m dunguard.regexcache`: {len(stale)} patterns in the cache are gone"
    wrong = [p for p in shipped if (sorted(anchors_of(p)) if anchors_of(p) else None) != cached[p]]
    assert not wrong, f"run `python -m dunguard.regexcache`: anchors changed for {wrong[:3]}"


def _grammar(pattern: str) -> Grammar:
    classes = {
        "debt": {"why": "x", "words": ["逾期"]},
        "odd": {"why": "x", "patterns": [pattern]},
    }
    frames = [{"id": "f", "all": ["debt", "odd"], "kind": "overdue_notice", "why": "x",
               "examples": {"match": ["逾期"], "no_match": ["好"]}}]
    return Grammar(classes, frames, "test.yaml")


def test_a_new_bad_pattern_is_refused_at_load_not_at_first_use():
    with pytest.raises(BadData, match="bad pattern"):
        _grammar("(未闭合")


def test_a_new_pattern_not_in_the_cache_still_matches():
    g = _grammar("催收员[甲乙]")
    assert set(g.parse("已逾期催收员甲来了").kinds()) == {"overdue_notice"}
    assert set(g.parse("已逾期催收员丙来了").kinds()) == set()


def test_a_missing_cache_file_only_costs_time(monkeypatch, tmp_path):
    monkeypatch.setattr(regexcache, "CACHE_FILE", tmp_path / "none.json")
    regexcache._known.cache_clear()
    try:
        assert regexcache.anchors("(上门|登门)拜访") == frozenset({"上门拜访", "登门拜访"})
        with pytest.raises(Exception, match="missing"):
            regexcache.lazy("(未闭合")
    finally:
        regexcache._known.cache_clear()


def test_the_frozen_grammar_is_the_yaml_it_was_made_from():
    from dunguard.grammar import GRAMMAR_DIR, _frozen, frozen_path
    from dunguard.yamlio import load_strict

    text = (GRAMMAR_DIR / "zh.yaml").read_text(encoding="utf-8")
    data = _frozen(frozen_path("zh"), text)
    assert data is not None, "run `make derived`: the frozen grammar is older than zh.yaml (start-up reads the YAML)"
    assert data == load_strict(text)


def test_an_edited_grammar_is_read_from_its_yaml_not_a_stale_frozen_copy(tmp_path):
    from dunguard.grammar import _frozen

    stale = tmp_path / "xx.frozen.json"
    stale.write_text(json.dumps({"yaml_sha256": "0" * 64, "data": {"classes": {}}}), encoding="utf-8")
    assert _frozen(stale, "classes: {}\n") is None
    assert _frozen(tmp_path / "missing.json", "classes: {}\n") is None
