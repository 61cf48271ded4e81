"""Word classes and frames that find what a message means, whatever its wording.

    >>> g = load_grammar("zh")
    >>> [m.frame for m in g.parse("逾期不还，已通知你全部家人").matches if m.kind == "third_party_threat"]
    ['third_party.disclose']
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from dunguard.errors import BadData
from dunguard.grammar.engine import Grammar, Hit, Match, Parse
from dunguard.yamlio import load_strict

GRAMMAR_DIR = Path(__file__).parent

__all__ = ["Grammar", "Hit", "Match", "Parse", "load_grammar", "parse_text"]


def frozen_path(lang: str) -> Path:
    """The grammar's YAML as JSON, written by ``make derived``: JSON reads in 2 ms where the YAML takes 100."""
    return GRAMMAR_DIR / f"{lang}.frozen.json"


def _frozen(path: Path, text: str) -> Any:
    """The frozen copy's data when it was made from exactly this YAML text (its SHA-256 says), else None."""
    try:
        frozen = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(frozen, dict) or frozen.get("yaml_sha256") != _digest(text):
        return None  # an edited grammar is read from its YAML until the copy is written again
    return frozen.get("data")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def freeze(lang: str = "zh") -> Path:
    """Write the frozen JSON copy of a grammar's YAML (what ``make derived`` runs)."""
    text = (GRAMMAR_DIR / f"{lang}.yaml").read_text(encoding="utf-8")
    out = frozen_path(lang)
    # (one item a line, so a change to the grammar is a small change here too)
    out.write_text(json.dumps({"yaml_sha256": _digest(text), "data": load_strict(text)}, ensure_ascii=False,
                              indent=0) + "\n", encoding="utf-8")
    return out


@cache
def load_grammar(lang: str = "zh") -> Grammar:
    """The validated, compiled grammar for a language, loaded once per process."""
    path = GRAMMAR_DIR / f"{lang}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
        data = _frozen(frozen_path(lang), text)
        if data is None:
            data = load_strict(text)
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
