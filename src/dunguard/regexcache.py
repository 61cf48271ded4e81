"""Regexes compiled on first use, with their literal anchors worked out ahead of time.

The grammar and the rule packs hold some 1,500 regexes. Compiling them all and parsing each again for its
anchors took about a second of every cold ``dunguard analyze``, though one message wakes a dozen of them.
So a shipped pattern is compiled the first time a message needs it, and its anchors are read from
``data/regex_anchors.json``, which ``python -m dunguard.regexcache`` writes and a test keeps complete.

The file is keyed by the pattern's own text and holds only patterns that compiled when it was written, so a
stale file can never give a wrong anchor: a pattern it does not know (new or edited) is compiled and parsed at
load as before, and a bad one is still refused at load with a clear error.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

CACHE_FILE = Path(__file__).parent / "data" / "regex_anchors.json"


@cache
def _known() -> dict[str, tuple[str, ...] | None]:
    try:
        raw = json.loads(CACHE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # only slower: every pattern is then compiled and parsed at load
    if not isinstance(raw, dict):
        return {}
    return {k: tuple(v) if isinstance(v, list) else None for k, v in raw.items() if isinstance(k, str)}


class LazyRegex:
    """A regex compiled the first time it is used (``search``, ``finditer``...)."""

    __slots__ = ("_rx", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None):
        self.pattern = pattern
        self.flags = flags
        self._rx = compiled

    @property
    def compiled(self) -> re.Pattern[str]:
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.pattern, self.flags)
        return rx

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> LazyRegex:
    """A LazyRegex; a pattern the cache does not vouch for is compiled now (raising ``re.error`` if bad)."""
    if pattern in _known():
        return LazyRegex(pattern, flags)
    return LazyRegex(pattern, flags, re.compile(pattern, flags))


def vouched(pattern: str) -> bool:
    """The cache knows this pattern compiles and has anchors (so it cannot match the empty string)."""
    return bool(_known().get(pattern))


def anchors(pattern: str) -> frozenset[str] | None:
    """The rule engine's ``anchors_of``, read from the cache when the pattern is in it."""
    known = _known()
    if pattern in known:
        found = known[pattern]
        return frozenset(found) if found else None
    from dunguard.rules.engine import anchors_of

    return anchors_of(pattern)


def shipped_patterns() -> set[str]:
    """Every regex text the shipped grammar and rule packs hold (as they are loaded)."""
    from dunguard.grammar import GRAMMAR_DIR, load_grammar
    from dunguard.rules import PACKS_DIR, load_pack

    out: set[str] = set()
    for path in GRAMMAR_DIR.glob("*.yaml"):
        grammar = load_grammar(path.stem)
        out.update(rx.pattern for rxs in grammar.patterns.values() for rx in rxs)
    for meta in PACKS_DIR.glob("*/pack.yaml"):
        out.update(load_pack(meta.parent.name).matcher.patterns())
    return out


def build(patterns: Iterable[str]) -> dict[str, list[str] | None]:
    """The cache's content for these patterns, worked out from scratch (each is compiled to check it)."""
    from dunguard.rules.engine import anchors_of

    out: dict[str, list[str] | None] = {}
    for p in sorted(set(patterns)):
        re.compile(p)
        found = anchors_of(p)
        out[p] = sorted(found) if found else None
    return out


def main() -> int:
    data = build(shipped_patterns())
    # One pattern a line, so a change to the grammar shows as a one-line change here.
    lines = [json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False) for k, v in data.items()]
    CACHE_FILE.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{CACHE_FILE}: {len(data)} patterns", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
