"""A small grammar over word classes: meaning, not phrasing.

A *class* is a set of words that play one part in a sentence (third parties: 家人, 单位, 村委会…;
disclosure verbs: 通知, 通报, 发往, 群发…). A *frame* names the classes that must all occur within
one clause (or sentence, or the message) **in any order**, the classes that cancel it when they
come just before (不会, 切勿…), and the classes the message must contain somewhere (a debt word).
"已通知家人", "向单位通报", "全公司都会收到" and "你的家人和同事都将收到催收函" are then one frame
(third party × disclosure), not four regexes, and a wording nobody wrote down still matches when it
combines words of the same classes.

Words are literals matched by one Aho-Corasick pass; a class may add a few regexes for what words
cannot say (还有3天到期). Of hits that nest, the longest wins, so "紧急联系人" is one contact word
and not also the verb 联系, and a ``block`` word such as 大家 or 国家 hides the 家 inside it.

Every frame match keeps the spans of its words, so the verdict can show them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise, product
from operator import itemgetter
from typing import Any, NamedTuple

from dunguard.errors import BadData
from dunguard.frozen import fast_init
from dunguard.regexcache import LazyRegex, lazy, required_parts
from dunguard.regexcache import anchors as regex_anchors
from dunguard.wordsearch import WordIndex

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")

SCOPES = ("clause", "sentence", "message")
CLAUSE_END = frozenset("，,：:。！？!?；;\n")
SENTENCE_END = frozenset("。！？!?；;")
# A line break after a short line ends only a clause: senders break short lines where they would put a
# comma (您的包裹配送异常\n请立即补缴费用). After a line of a full sentence's length it ends the sentence,
# as in a notice laid out in paragraphs.
SHORT_LINE = 20
# How far before a frame's first word a cancelling word still counts (characters).
UNLESS_WINDOW = 8
# Candidates tried per slot: enough for any real message, bounded for a hostile one.
_MAX_CANDIDATES = 6
_BLOCK = "_block"
_NEGATION = "negation"
_ANCHOR = "\x00"  # prefix of automaton entries that only wake a pattern up
# ...but the colon of a clock time (今日14:32收到) splits no clause.
_CLAUSE_RE = re.compile(
    "[" + re.escape("".join(sorted(CLAUSE_END - {":", "："}))) + "]|(?<![0-9])[:：]|[:：](?![0-9])"
)
# In a message typed with spaces instead of punctuation (小李 你的欠款已经逾期 再不还钱), a space between
# two Chinese words ends a clause; where the text has punctuation, its spaces set off headings and names.
# Split words (逾 期) were already closed by the normaliser.
_SPACE_CLAUSE_RE = re.compile("(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
_SENTENCE_RE = re.compile("[" + re.escape("".join(sorted(SENTENCE_END))) + "]")
_NEWLINE_RE = re.compile("\n")


_CAMEL = {"whatsapp": "WhatsApp", "wechat": "WeChat", "iphone": "iPhone"}


def _camel(word: str) -> str:
    return _CAMEL.get(word, word)


class Hit(NamedTuple):
    """One word or phrase of a class at [start, end) of the normalised text. A named tuple, not a frozen dataclass,
    because a message makes many and a frozen dataclass's __init__ sets each field through object.__setattr__; it
    hashes and compares as the dataclass did (by its three fields)."""

    cls: str
    start: int
    end: int


# Hit(cls, start, end) without the Python frame of a named tuple's __new__: the same object, for the hot loop
# that makes a message's word hits.
_new_hit = partial(tuple.__new__, Hit)


@dataclass(frozen=True, slots=True)
class Frame:
    id: str
    all: tuple[frozenset[str], ...]  # each slot: any of these classes
    within: str
    unless: frozenset[str]
    reset: frozenset[str]
    needs: tuple[frozenset[str], ...]  # each: any of these classes somewhere in the message
    absent: frozenset[str]  # none of these classes anywhere in the message
    gap: int | None  # at most this many characters between one word of the frame and the next
    kind: str | None
    signal: str | None
    examples: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Match:
    """One frame found in a message, with the hits (one per slot) that make it."""

    frame: str
    kind: str | None
    signal: str | None
    hits: tuple[Hit, ...]
    # Every word of the frame's classes in the same clause (or sentence, or message): what the
    # verdict shows, so "停息挂账、一次性结清、减免" are all named, not only the first of them.
    support: tuple[Hit, ...] = ()

    @property
    def start(self) -> int:
        return min(h.start for h in self.hits)


@fast_init  # built for every message: see dunguard.frozen
@dataclass(frozen=True, slots=True)
class Parse:
    """The class hits of one message and the frames they make."""

    hits: tuple[Hit, ...]
    matches: tuple[Match, ...]
    # Every class present at all, including words inside longer words.
    present: frozenset[str] = frozenset()
    # The classes of ``hits`` (words standing on their own).
    classes: frozenset[str] = frozenset()
    by_kind: dict[str, list[Match]] = field(default_factory=dict)
    by_signal: dict[str, list[Match]] = field(default_factory=dict)

    def has(self, cls: str) -> bool:
        return cls in self.classes

    def of(self, cls: str) -> list[Hit]:
        return [h for h in self.hits if h.cls == cls]

    def kinds(self) -> dict[str, list[Match]]:
        """Matches by the kind they give (read-only; grouped once when the message was parsed)."""
        return self.by_kind

    def signals(self) -> dict[str, list[Match]]:
        """Matches by the signal they give (read-only)."""
        return self.by_signal


def _group(matches: Sequence[Match], field: str) -> dict[str, list[Match]]:
    out: dict[str, list[Match]] = {}
    for m in matches:
        key = getattr(m, field)
        if key:
            out.setdefault(key, []).append(m)
    return out


class Grammar:
    """Word classes and frames, compiled once; ``parse`` is pure and cheap."""

    def __init__(self, classes: Mapping[str, Any], frames: Sequence[Mapping[str, Any]], source: str = "?"):
        self.source = source
        self.words, self.patterns, self.overlay = _compile_classes(classes, source)
        # Classes whose pattern hits hide the words inside them, as a longer word would (以免发生逾期
        # is not 逾期), instead of overlaying them like other patterns.
        self.hides = frozenset(n for n, spec in classes.items() if spec.get("hides") and n in self.patterns)
        self.class_names = frozenset(self.words) | frozenset(self.patterns)
        self.frames = tuple(_frame(f, self.class_names, source) for f in frames)
        # Frames indexed by the classes of their first slot: a message only tries the frames its words
        # can start, not all of them.
        self._by_first: dict[str, list[int]] = {}
        for i, f in enumerate(self.frames):
            for c in f.all[0]:
                self._by_first.setdefault(c, []).append(i)
        ids = [f.id for f in self.frames]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise BadData("bad_grammar", path=source, reason=f"frame ids repeated: {sorted(dup)}")
        by_word: dict[str, set[str]] = {}
        for cls, words in self.words.items():
            for w in words:
                by_word.setdefault(w, set()).add(cls)
        # A pattern runs only when one of its literal anchors occurs (derived from the regex, as the
        # rule engine does); a pattern with no anchor runs on every message.
        # Each pattern is keyed by its class and text (a class may hold one pattern twice, once as written and
        # once inherited): a message runs each key once however many of its anchors occur.
        keys: dict[tuple[str, str], int] = {}
        # Each key's class and regex, by key (the first of a repeated pattern: both match alike).
        self._entries: list[tuple[str, LazyRegex]] = []
        always: list[int] = []
        anchored: dict[str, set[int]] = {}
        for cls, regexes in self.patterns.items():
            for rx in regexes:
                key = keys.setdefault((cls, rx.pattern), len(keys))
                if key == len(self._entries):
                    self._entries.append((cls, rx))
                anchors = regex_anchors(rx.pattern)
                if not anchors:
                    always.append(key)
                    continue
                for a in anchors:
                    anchored.setdefault(_ANCHOR + a, set()).add(key)
                    # Anchors come back folded to lower case, the text is not: QQ, WhatsApp, App must wake it too.
                    for variant in {a, a.upper(), a.capitalize(), _camel(a)}:
                        by_word.setdefault(variant, set()).add(_ANCHOR + a)
        self._always: frozenset[int] = frozenset(always)
        # One anchor wakes a pattern, but most patterns need more words than that one (你 wakes 你的家人, which
        # also needs 家人): the literal parts every match holds, worked out the first time the pattern is woken
        # (with its compiled regex, then used without the lazy wrapper's two calls), let a message skip the regex
        # when one of them is missing (most woken patterns, most messages).
        self._ready: list[tuple[tuple[frozenset[str], ...], re.Pattern[str]] | None] = [None] * len(keys)
        self._char_rarity: Counter[str] | None = None
        # Each word's classes and the keys of the patterns it wakes (through any of its anchors), worked out once
        # here rather than for every hit of a message.
        self._index: WordIndex[tuple[tuple[str, ...], tuple[int, ...]]] = WordIndex(
            (w, _classes_and_keys(sorted(classes_of), anchored)) for w, classes_of in by_word.items()
        )
        # Adjacent character pairs of the grammar's Chinese words and pattern literals: a separator
        # between two of them (逾 期, 上-门, 通.讯.录) splits a word to slip past a filter.
        # How many of them hold each pair says which of two readings of a typed syllable is meant (家ren: 家人).
        pairs: Counter[str] = Counter()
        literals = [*by_word, *(rx.pattern for rxs in self.patterns.values() for rx in rxs)]
        for text in literals:
            for run in _HAN_RUN.findall(text):
                pairs.update({a + b for a, b in pairwise(run)})
        self.pair_counts: dict[str, int] = dict(pairs)

    def hits(self, norm: str) -> tuple[list[Hit], set[str]]:
        """The hits frames use (nested literal hits dropped), and every class present at all."""
        raw: list[Hit] = []
        woken: set[int] = set(self._always)
        for start, end, (classes_of, keys) in self._index.find(norm):
            for c in classes_of:
                raw.append(_new_hit((c, start, end)))
            if keys:
                woken.update(keys)
        # (Most messages hold no block word and no hiding phrase: the containment tests below are skipped then.)
        blocks = [h for h in raw if h.cls == _BLOCK]
        # A word inside a block word is not that word, even as context (账单 in 话费账单).
        if blocks:
            present = {h.cls for h in raw if not _strictly_inside(h.start, h.end, blocks)}
        else:
            present = {h.cls for h in raw}
        # Patterns describe a phrase around words ("你的家人"), so they overlay the word hits
        # instead of hiding them, unless their class says it hides.
        phrases: list[Hit] = []
        entries = self._entries
        prepared = self._ready
        chars = set(norm)
        # Each woken pattern once, in the order of their keys (the grammar's order).
        for key in sorted(woken):
            ready = prepared[key]
            if ready is None:
                rx = entries[key][1]
                ready = prepared[key] = (self._char_parts(rx.pattern), rx.compiled)
            parts, compiled = ready
            if any(map(chars.isdisjoint, parts)):  # (map: no generator to make and close)
                continue
            cls = entries[key][0]
            for m in compiled.finditer(norm):
                start, end = m.span()
                if end > start and not (blocks and any(b.start <= start and end <= b.end for b in blocks)):
                    phrases.append(Hit(cls, start, end))
                    present.add(cls)
        hides = self.hides
        overlay = self.overlay
        hiding = [h for h in phrases if h.cls in hides]
        # Function words (negation, offer, urgency...) are read on their own: they neither hide the
        # content words around them nor are hidden by them.
        kept = _longest([h for h in raw if h.cls not in overlay] + hiding)
        # ...but a denial inside a block word denies nothing (无需抵押 in a loan advert, 不用愁).
        kept += [h for h in raw if h.cls in overlay and not (
            blocks and h.cls == _NEGATION and _strictly_inside(h.start, h.end, blocks))]
        # A hiding phrase hides the phrases of other classes it contains too (图书…已逾期3天 holds 逾期3天).
        kept += [
            h for h in phrases if h.cls not in hides and not (hiding and any(
                x.cls != h.cls and x.start <= h.start and h.end <= x.end and (x.start, x.end) != (h.start, h.end)
                for x in hiding
            ))
        ]
        present.discard(_BLOCK)
        kept.sort(key=_by_span)
        return kept, present

    def _char_parts(self, pattern: str) -> tuple[frozenset[str], ...]:
        """For each literal part every match of ``pattern`` holds, one character of each of its words (the one
        rarest in the grammar's words): a message lacking all of them cannot match, and a set test says so at
        the cost of one call where looking for each word would cost one for every word."""
        if self._char_rarity is None:
            self._char_rarity = Counter(ch for w in self._index.words() for ch in set(w))
        rarity = self._char_rarity
        return tuple(frozenset(min(w, key=rarity.__getitem__) for w in part) for part in required_parts(pattern))

    def parse(self, norm: str) -> Parse:
        hits, present = self.hits(norm)
        if not hits:
            return Parse((), ())
        segments = _Segments(norm)
        # A frame's own words must stand on their own, but the message's context ("needs", "absent")
        # counts a word even inside a longer one: 还款 in 分期还款方案 still says this is about a debt.
        slots_present = {h.cls for h in hits}
        matches: list[Match] = []
        candidates = sorted({i for c in slots_present for i in self._by_first.get(c, ())})
        for i in candidates:
            frame = self.frames[i]
            if frame.absent & present:
                continue
            if any(not (need & present) for need in frame.needs):
                continue
            if any(not (slot & slots_present) for slot in frame.all):
                continue
            m = _match_frame(frame, hits, segments, self.overlay)
            if m is not None:
                matches.append(m)
        return Parse(
            tuple(hits), tuple(matches), frozenset(present), frozenset(slots_present),
            _group(matches, "kind"), _group(matches, "signal"),
        )


def _match_frame(
    frame: Frame, hits: Sequence[Hit], segments: _Segments, overlay: frozenset[str] = frozenset(),
) -> Match | None:
    groups: dict[int, list[Hit]] = {}
    for h in hits:
        key = segments.of(frame.within, h.start)
        groups.setdefault(key, []).append(h)
    for group in groups.values():
        # The most specific (longest) words first: "冻结你名下所有银行卡" explains more than "冻结".
        cands = [
            sorted((h for h in group if h.cls in slot), key=lambda h: (h.start - h.end, h.start))[:_MAX_CANDIDATES]
            for slot in frame.all
        ]
        if not all(cands):
            continue
        for combo in product(*cands):
            chosen = sorted(set(combo), key=lambda h: h.start)
            if len(chosen) < len(combo):
                continue  # one word cannot fill two slots
            if frame.gap is not None and any(segments.gap(a.end, b.start) > frame.gap for a, b in pairwise(chosen)):
                continue
            if frame.unless and _cancelled(frame, group, chosen):
                continue
            # Function words (可申请, 请) explain nothing on their own; show the content words.
            classes = frozenset().union(*frame.all) - overlay
            support = tuple(h for h in group if h.cls in classes) or tuple(chosen)
            return Match(frame.id, frame.kind, frame.signal, tuple(chosen), support)
    return None


def _cancelled(frame: Frame, group: Sequence[Hit], chosen: Sequence[Hit]) -> bool:
    """A cancelling word (不会, 切勿…) shortly before the frame's words, with no reset (将, 否则) between."""
    first = min(h.start for h in chosen)
    last = max(h.start for h in chosen)
    for h in group:
        if h.cls not in frame.unless or h.end > last or first - h.end > UNLESS_WINDOW:
            continue
        if any(c.start <= h.start and h.end <= c.end for c in chosen):
            continue  # part of a matched phrase (原平台不再收款), not said of it
        target = next(c for c in sorted(chosen, key=lambda c: c.start) if c.start >= h.end)
        if not any(r.cls in frame.reset and h.end <= r.start and r.end <= target.start for r in group):
            return True
    return False


class _Segments:
    """Which clause or sentence a position falls in, worked out once per message and only if asked."""

    __slots__ = ("_ends", "_norm", "_words")

    def __init__(self, norm: str):
        self._norm = norm
        self._ends: dict[str, list[int]] = {}
        self._words: list[int] | None = None

    def gap(self, start: int, end: int) -> int:
        """Chinese characters between two positions: a sum, a clock time or a masked name (赵**, 14:32, 87个人)
        says nothing that separates a frame's words."""
        if end <= start:
            return 0
        if self._words is None:
            counts = [0]
            for ch in self._norm:
                counts.append(counts[-1] + ("\u4e00" <= ch <= "\u9fff"))
            self._words = counts
        return self._words[end] - self._words[start]

    def of(self, within: str, pos: int) -> int:
        if within == "message":
            return 0
        ends = self._ends.get(within)
        if ends is None:
            rx = _CLAUSE_RE if within == "clause" else _SENTENCE_RE
            ends = [m.start() for m in rx.finditer(self._norm)]
            last = len(self._norm.rstrip()) - 1
            if within == "clause" and not any(e < last for e in ends):
                ends = sorted(ends + [m.start() for m in _SPACE_CLAUSE_RE.finditer(self._norm)])
            if within == "sentence" and "\n" in self._norm:
                lines = [m.start() for m in _NEWLINE_RE.finditer(self._norm)]
                ends = sorted(ends + [i for prev, i in pairwise([-1, *lines]) if i - prev - 1 >= SHORT_LINE])
            self._ends[within] = ends
        return bisect_right(ends, pos - 1)


def _classes_and_keys(classes: list[str], anchored: Mapping[str, set[int]]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A word's classes, and apart the keys of the patterns its anchors wake."""
    keys = {k for c in classes if c.startswith(_ANCHOR) for k in anchored[c]}
    return tuple(c for c in classes if not c.startswith(_ANCHOR)), tuple(sorted(keys))


def _strictly_inside(start: int, end: int, blocks: Sequence[Hit]) -> bool:
    """Whether the span lies inside one of the block words and is not the whole of it."""
    return any(b.start <= start and end <= b.end and (b.start, b.end) != (start, end) for b in blocks)


# (start, end) of a hit, by the tuple's own fields: cheaper as a sort key than a function.
_by_span = itemgetter(1, 2)


def _longest(raw: list[Hit]) -> list[Hit]:
    """Drop hits nested inside a longer hit (and every hit inside a block word)."""
    if not raw:
        return []
    raw.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    cover_end = -1
    cover_start = -1
    for h in raw:
        if h.end <= cover_end and (h.start > cover_start or h.end < cover_end):
            continue  # strictly inside a longer hit
        if h.end > cover_end:
            cover_start, cover_end = h.start, h.end
        kept.append(h)
    return [h for h in kept if h.cls != _BLOCK]


# --- loading and validation ---------------------------------------------------------------


def _one_you(text: str) -> bool:
    return ("你" in text) != ("您" in text)


def _other_you(text: str) -> str:
    return text.replace("你", "您") if "你" in text else text.replace("您", "你")


def _compile_classes(
    classes: Mapping[str, Any], source: str
) -> tuple[dict[str, frozenset[str]], dict[str, tuple[LazyRegex, ...]], frozenset[str]]:
    if not isinstance(classes, Mapping) or not classes:
        raise BadData("bad_grammar", path=source, reason="'classes' must be a non-empty mapping")
    raw_words: dict[str, set[str]] = {}
    overlay: set[str] = set()
    includes: dict[str, list[str]] = {}
    patterns: dict[str, tuple[LazyRegex, ...]] = {}
    for name, spec in classes.items():
        if not isinstance(spec, Mapping):
            raise BadData("bad_grammar", path=source, reason=f"class {name}: must be a mapping")
        unknown = set(spec) - {"why", "words", "include", "patterns", "examples", "overlay", "hides"}
        if unknown:
            raise BadData("bad_grammar", path=source, reason=f"class {name}: unknown keys {sorted(unknown)}")
        if name != _BLOCK and not spec.get("why"):
            raise BadData("bad_grammar", path=source, reason=f"class {name}: says nothing about why")
        words = spec.get("words") or []
        if not all(isinstance(w, str) and w for w in words):
            raise BadData("bad_grammar", path=source, reason=f"class {name}: words must be non-empty strings")
        # 你 and 您 are one word to a reader, and senders use either (我们已掌握您住址 threatens as
        # 掌握你住址 does): every word and pattern written with one also matches the other.
        # Blocking words are exact receipts (收到您的 is the bank's "we received your"), so they keep their form.
        raw_words[name] = set(words) | ({_other_you(w) for w in words if _one_you(w)} if name != _BLOCK else set())
        if spec.get("overlay"):
            overlay.add(name)
        includes[name] = list(spec.get("include") or [])
        compiled = []
        for p in spec.get("patterns") or []:
            try:
                compiled.append(lazy(p))
                if _one_you(p):
                    compiled.append(lazy(_other_you(p)))
            except re.error as exc:
                raise BadData("bad_grammar", path=source, reason=f"class {name}: bad pattern {p!r}: {exc}") from None
        if compiled:
            patterns[name] = tuple(compiled)
        if not words and not compiled and not includes[name]:
            raise BadData("bad_grammar", path=source, reason=f"class {name}: has no words")

    def expand(name: str, seen: tuple[str, ...]) -> set[str]:
        if name in seen:
            raise BadData("bad_grammar", path=source, reason=f"class {name}: includes itself")
        out = set(raw_words[name])
        for inc in includes[name]:
            if inc not in raw_words:
                raise BadData("bad_grammar", path=source, reason=f"class {name}: includes unknown class {inc}")
            out |= expand(inc, (*seen, name))
        return out

    words = {name: frozenset(expand(name, ())) for name in raw_words}
    for name in raw_words:
        inherited = [p for inc in includes[name] for p in patterns.get(inc, ())]
        if inherited:
            patterns[name] = (*patterns.get(name, ()), *inherited)
    return words, patterns, frozenset(overlay)


def _slot(value: Any, known: frozenset[str], where: str, source: str) -> frozenset[str]:
    names = [value] if isinstance(value, str) else list(value or [])
    if not names:
        raise BadData("bad_grammar", path=source, reason=f"{where}: empty class list")
    for n in names:
        if n not in known:
            raise BadData("bad_grammar", path=source, reason=f"{where}: unknown class {n!r}")
    return frozenset(names)


def _frame(spec: Mapping[str, Any], known: frozenset[str], source: str) -> Frame:
    fid = spec.get("id")
    if not isinstance(fid, str) or not fid:
        raise BadData("bad_grammar", path=source, reason="a frame has no id")
    unknown = set(spec) - {"id", "all", "within", "unless", "reset", "needs", "absent", "kind", "signal", "why",
                           "examples", "gap"}
    if unknown:
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: unknown keys {sorted(unknown)}")
    if not spec.get("why"):
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: says nothing about why")
    within = spec.get("within", "clause")
    if within not in SCOPES:
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: within must be one of {SCOPES}")
    if not spec.get("kind") and not spec.get("signal"):
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: needs a kind or a signal")
    slots = tuple(_slot(v, known, f"frame {fid}", source) for v in spec.get("all") or [])
    if not slots:
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: 'all' is empty")
    examples = spec.get("examples") or {}
    if not examples.get("match") or not examples.get("no_match"):
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: needs match and no_match examples")
    return Frame(
        id=fid,
        all=slots,
        within=within,
        unless=_slot(spec["unless"], known, f"frame {fid}", source) if spec.get("unless") else frozenset(),
        reset=_slot(spec["reset"], known, f"frame {fid}", source) if spec.get("reset") else frozenset(),
        needs=tuple(_slot(v, known, f"frame {fid}", source) for v in spec.get("needs") or []),
        absent=_slot(spec["absent"], known, f"frame {fid}", source) if spec.get("absent") else frozenset(),
        gap=_gap(spec.get("gap"), fid, source),
        kind=spec.get("kind"),
        signal=spec.get("signal"),
        examples={k: tuple(v) for k, v in examples.items()},
    )


def _gap(value: Any, fid: str, source: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadData("bad_grammar", path=source, reason=f"frame {fid}: gap must be a whole number of characters")
    return value
