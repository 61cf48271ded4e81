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
from itertools import product
from pathlib import Path
from typing import Any

CACHE_FILE = Path(__file__).parent / "data" / "regex_anchors.json"

try:  # CPython's regex parser; private, so a missing one only costs speed, not correctness.
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - other interpreters
    _sre = _sre_parse = None

# Anchor derivation limits: beyond these an alternative set is not worth enumerating.
_MAX_EXACT = 64
_MAX_CLASS = 10
# How the rule packs compile their regexes; anchors are worked out under it (and folded to lower case).
_ANCHOR_FLAGS = re.IGNORECASE


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


_ASCII_UPPER_RUN_RE = re.compile("[A-Z][A-Z]*")  # (led by a class, not a repeat: the engine then scans for it)


def fold_case(text: str) -> str:
    """Lowercase ASCII letters only, keeping every index (str.lower can change lengths)."""
    # Runs of capitals lowered where they are: few texts hold any, and str.translate with a table raises and
    # clears a KeyError for every character it leaves alone (every Chinese one).
    return _ASCII_UPPER_RUN_RE.sub(_lower, text)


def _lower(m: re.Match[str]) -> str:
    return m.group().lower()


def lazy(pattern: str, flags: int = 0) -> LazyRegex:
    """A LazyRegex; a pattern the cache does not vouch for is compiled now (raising ``re.error`` if bad)."""
    if pattern in _known():
        return LazyRegex(pattern, flags)
    return LazyRegex(pattern, flags, re.compile(pattern, flags))


def vouched(pattern: str) -> bool:
    """The cache knows this pattern compiles and has anchors (so it cannot match the empty string)."""
    return bool(_known().get(pattern))


def anchors(pattern: str) -> frozenset[str] | None:
    """``anchors_of``, read from the cache when the pattern is in it."""
    known = _known()
    if pattern in known:
        found = known[pattern]
        return frozenset(found) if found else None
    return anchors_of(pattern)


# --- anchors: literal strings one of which every match contains


def anchors_of(regex: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``regex`` contains, or None if none is known.

    >>> sorted(anchors_of("(上门|登门)拜访"))
    ['上门拜访', '登门拜访']
    """
    if _sre_parse is None:
        return None
    try:
        parsed = _sre_parse.parse(regex, _ANCHOR_FLAGS)
    except re.error:
        return None
    _, cover = _seq(list(parsed.data))
    if not cover or "" in cover:
        return None
    return frozenset(fold_case(s) for s in cover)


class Gated:
    """A compiled regex behind a substring test: ``search``, ``match`` and ``finditer`` answer as the regex does,
    but a text holding none of the literal strings every match contains is turned away by one scan for them,
    where the regex itself (led by a lookbehind or an optional group) would try every position of it."""

    __slots__ = ("_gate", "regex")

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex
        found = anchors_of(regex.pattern)
        if not found:
            raise ValueError(f"no literal anchors in {regex.pattern!r}")
        # The anchors are folded to lower case: matched without case they stay a necessary condition (and
        # without the flag where they have no letters, which keeps the scan for their first characters fast).
        flags = re.IGNORECASE if any(a.lower() != a.upper() for a in found) else 0
        self._gate = re.compile("|".join(re.escape(a) for a in sorted(found, key=len, reverse=True)), flags)

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.search(text, *bounds) if self._gate.search(text) else None

    def match(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.regex.match(text, *bounds) if self._gate.search(text) else None

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, *bounds) if self._gate.search(text) else iter(())


def any_anchor(*regexes: re.Pattern[str]) -> re.Pattern[str] | None:
    """A regex that finds a literal anchor of any of ``regexes``: a text it does not match holds no match of any
    of them, and one scan for it stands for the scans of them all. None when one of them has no known anchors.

    The anchors' letters are spelled out in both cases rather than matched with IGNORECASE: with every
    alternative led by a literal character the engine scans for those characters, not every position.

    >>> any_anchor(re.compile("尾号|末四位"), re.compile("[vV]信|收款账号|账号")).pattern
    'V信|v信|尾号|账号|末四位'
    """
    words: set[str] = set()
    for regex in regexes:
        found = anchors_of(regex.pattern)
        if not found:
            return None
        for anchor in found:
            words.update("".join(p) for p in product(*({c.lower(), c.upper()} for c in anchor)))
    # (a word holding another is found by that one: 收款账号 by 账号)
    least = [w for w in words if not any(o != w and o in w for o in words)]
    return re.compile("|".join(re.escape(w) for w in sorted(least, key=lambda w: (len(w), w))))


def finditer_led(lead: re.Pattern[str], regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches ``regex.finditer(text)`` gives, for a regex led by a lookbehind, whose own search runs the
    whole regex at every position of the text: here it is tried only where ``lead`` matches, and a scan for
    the lead's first characters is cheap. The lookbehind still sees the text before the position.

    Right only for a regex that never matches the empty string, whose every match starts where a match of
    ``lead`` starts and none after the first character of one: a lead may be a run of characters the regex's
    lookbehind refuses to follow (digits, for a number that must not start inside another).
    """
    pos = 0
    while (found := lead.search(text, pos)) is not None:
        m = regex.match(text, found.start())
        if m is None:
            pos = found.end()
            continue
        yield m
        pos = m.end()


def required_parts(regex: str) -> tuple[frozenset[str], ...]:
    """For each part of the regex's top-level sequence that has literal anchors, those anchors: every match
    contains one string of each set (where ``anchors_of`` keeps only the best set). Only sets of caseless
    strings (Chinese, digits, punctuation) are given, so they hold for the regex compiled with or without
    IGNORECASE. Empty when nothing is known; smallest sets first.

    >>> [sorted(s) for s in required_parts("(?:你|您)的(?:家人|父母)")]
    [['的'], ['你', '您'], ['家人', '父母']]
    """
    if _sre_parse is None:
        return ()
    try:
        items = list(_sre_parse.parse(regex, _ANCHOR_FLAGS).data)
    except re.error:
        return ()
    while len(items) == 1 and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][-1].data)
    out: list[frozenset[str]] = []
    for op, av in items:
        exact, cover = _item(op, av)
        found = _better(exact, cover)
        if found and all(s.lower() == s == s.upper() for s in found):
            out.append(found)
    return tuple(sorted(out, key=len))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Prefer the anchor set whose shortest string is longer (fewer false triggers)."""
    if not a or "" in a:
        return b if b and "" not in b else None
    if not b or "" in b:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _seq(items: list[Any]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """(exact, cover) for a sequence: exact = the finite set of strings it matches, if any."""
    run: frozenset[str] | None = frozenset({""})
    all_exact = True
    best: frozenset[str] | None = None
    for op, av in items:
        exact, cover = _item(op, av)
        if exact is not None and run is not None and len(run) * len(exact) <= _MAX_EXACT:
            run = frozenset(a + b for a, b in product(run, exact))
            continue
        all_exact = False
        best = _better(best, run)
        best = _better(best, cover)
        run = exact if exact is not None and len(exact) <= _MAX_EXACT else frozenset({""})
    best = _better(best, run)
    return (run if all_exact else None), best


def _item(op: Any, av: Any) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    c = _sre
    if op is c.LITERAL:
        ch = frozenset({chr(av)})
        return ch, ch
    if op is c.IN:
        chars: set[str] = set()
        for sub_op, sub_av in av:
            if sub_op is c.LITERAL:
                chars.add(chr(sub_av))
            elif sub_op is c.RANGE and sub_av[1] - sub_av[0] < _MAX_CLASS:
                chars.update(chr(x) for x in range(sub_av[0], sub_av[1] + 1))
            else:
                return None, None
        if len(chars) > _MAX_CLASS:
            return None, None
        return frozenset(chars), frozenset(chars)
    if op is c.SUBPATTERN:
        return _seq(list(av[-1].data))
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _seq(list(av.data))
    if op is c.BRANCH:
        exacts: set[str] = set()
        covers: set[str] = set()
        exact_ok = True
        for branch in av[1]:
            exact, cover = _seq(list(branch.data))
            if exact is None:
                exact_ok = False
            else:
                exacts |= exact
            cover = _better(exact, cover)
            if cover is None:
                return None, None
            covers |= cover
        exact_out = frozenset(exacts) if exact_ok and len(exacts) <= _MAX_EXACT else None
        return exact_out, frozenset(covers)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, high, sub = av
        exact, cover = _seq(list(sub.data))
        if low == 0:
            return None, None
        if low == high == 1:
            return exact, cover
        return None, _better(exact, cover)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return frozenset({""}), None  # zero-width: joins neighbours, adds no text
    return None, None


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
