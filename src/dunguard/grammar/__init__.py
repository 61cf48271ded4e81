"""Word classes and frames that find what a message means, whatever its wording.

    >>> g = load_grammar("zh")
    >>> [m.frame for m in g.parse("逾期不还，已通知你全部家人").matches if m.kind == "third_party_threat"]
    ['third_party.disclose']
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import yaml

from dunguard.errors import BadData
from dunguard.grammar.engine import Grammar, Hit, Match, Parse
from dunguard.yamlio import load_strict

GRAMMAR_DIR = Path(__file__).parent

__all__ = ["Grammar", "Hit", "Match", "Parse", "load_grammar", "parse_text"]


@cache
def load_grammar(lang: str = "zh") -> Grammar:
    """The validated, compiled grammar for a language, loaded once per process."""
    path = GRAMMAR_DIR / f"{lang}.yaml"
    try:
        data = load_strict(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadData("bad_grammar", path=str(path), reason=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise BadData("bad_grammar", path=str(path), reason="the file must hold a mapping")
    return Grammar(data.get("classes") or {}, data.get("frames") or [], str(path))


@lru_cache(maxsize=64)
def parse_text(norm: str, lang: str = "zh") -> Parse:
    """The grammar's parse of a normalised text. The assessment and the plan both read it; the last few
    are kept so a message is parsed once (a Parse is read, never changed)."""
    return load_grammar(lang).parse(norm)
