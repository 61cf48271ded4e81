"""The rule engine: one multi-pattern scan per message, then cheap per-rule logic.

Every regex of a pack (patterns, ``all`` groups, ``unless``, context words)
becomes one *atom*, shared by all rules that use it. At load, each atom gets
*anchors*: literal strings such that any match of the atom contains one of
them (derived from the parsed regex, e.g. ``(上门|登门)(拜访|催收)`` ->
上门拜访, 上门催收, 登门拜访, 登门催收). All anchors of the pack go into one
Aho-Corasick automaton. Per message the automaton makes a single pass; only
atoms whose anchor occurs are then run to find their exact spans. An
ordinary SMS hits no anchor, so its cost does not grow with the pack.

Why not one big alternation regex: Python's ``re`` reports one alternative per
position, so two rules whose patterns start at the same character
(上门 / 上门拜访) would hide each other, and named groups in a large
alternation defeat re's literal fast path (about 30x slower when measured).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dunguard.errors import UnknownRule
from dunguard.extract.base import Doc
from dunguard.model import Context, Element, Finding, Span
from dunguard.regexcache import anchors as regex_anchors
from dunguard.regexcache import (
    anchors_of,  # noqa: F401 - part of this module's interface (tests, docs)
    fold_case,
    lazy,
)
from dunguard.rules.schema import REGEX_FLAGS, Clause, ElementSpec, Rule, When
from dunguard.wordsearch import WordIndex

NIGHT_START = 22  # hour, inclusive
NIGHT_END = 8  # hour, exclusive
CONTEXT_WINDOW = 30  # characters either side of a match in which a context word counts
SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
# How the explanation words an absent element ("no_element" conditions).
ABSENT_WORDS = {
    "lender": ("可识别的贷款机构名称", "identifiable lender"),
    "phone": ("电话号码", "phone number"),
    "url": ("链接", "link"),
    "account": ("收款账户", "payment account"),
}


# ---------------------------------------------------------------------------
# anchors


# ---------------------------------------------------------------------------
# compiled pack


@dataclass(frozen=True, slots=True)
class _CClause:
    """A clause with its regexes replaced by atom indices."""

    patterns: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    requires: tuple[tuple[int, ...], ...]
    same_sentence: bool
    unless: tuple[int, ...]
    context: tuple[int, ...]
    when: When

    @property
    def text_atoms(self) -> tuple[int, ...]:
        """Atoms of which at least one must match for the clause to fire (None if text-free)."""
        if self.patterns:
            return self.patterns
        if self.groups:
            return self.groups[0]
        if self.requires:
            return self.requires[0]
        return ()


class Matcher:
    """Finds every atom's matches in one Aho-Corasick pass plus confirmation of hit atoms."""

    def __init__(self, regexes: Sequence[str]) -> None:
        self.regexes = tuple(lazy(r, REGEX_FLAGS) for r in regexes)
        # Each regex once compiled, kept here so a message runs it without the lazy wrapper's two calls.
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self.regexes)
        self.unanchored: tuple[int, ...]
        by_anchor: dict[str, set[int]] = {}
        unanchored = []
        for index, regex in enumerate(regexes):
            anchors = regex_anchors(regex)
            if anchors is None:
                unanchored.append(index)
                continue
            for anchor in anchors:
                by_anchor.setdefault(anchor, set()).add(index)
        self.unanchored = tuple(unanchored)
        self._index = WordIndex((anchor, tuple(sorted(atoms))) for anchor, atoms in by_anchor.items())

    def patterns(self) -> list[str]:
        return [rx.pattern for rx in self.regexes]

    def scan(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Map atom index -> its (start, end) matches in ``text`` (already case-folded)."""
        candidates: set[int] = set(self.unanchored)
        for _, _, atoms in self._index.find(text):
            candidates.update(atoms)
        hits: dict[int, list[tuple[int, int]]] = {}
        compiled = self._compiled
        for atom in candidates:
            rx = compiled[atom]
            if rx is None:
                rx = compiled[atom] = self.regexes[atom].compiled
            found = [m.span() for m in rx.finditer(text) if m.end() > m.start()]
            if found:
                hits[atom] = found
        return hits


class RulePack:
    """A jurisdiction's validated rules, compiled for matching."""

    def __init__(self, jurisdiction: str, rules: Iterable[Rule], lint: bool = False) -> None:
        self.jurisdiction = jurisdiction
        given = tuple(rules)
        # Lint-only rules (template requirements) are kept aside unless this is a lint pack;
        # ``rules`` is what analyze runs and what `dunguard rules` lists.
        self.all_rules: tuple[Rule, ...] = given
        self.lint = lint
        self.rules: tuple[Rule, ...] = given if lint else tuple(r for r in given if not r.lint_only)
        self._by_id = {r.id: r for r in given}
        atoms: dict[str, int] = {}

        def atom(regex: str) -> int:
            return atoms.setdefault(regex, len(atoms))

        compiled: list[tuple[Rule, tuple[_CClause, ...]]] = []
        for rule in self.rules:
            compiled.append((rule, tuple(self._compile_clause(c, atom) for c in rule.detect)))
        self._compiled = tuple(compiled)
        self.matcher = Matcher(list(atoms))
        # Rules reachable from each atom, and rules with a clause that needs no text at all.
        by_atom: dict[int, set[int]] = {}
        always: list[int] = []
        for index, (_, clauses) in enumerate(self._compiled):
            for clause in clauses:
                if not clause.text_atoms:
                    always.append(index)
                for a in clause.text_atoms:
                    by_atom.setdefault(a, set()).add(index)
        self._by_atom = {a: tuple(sorted(r)) for a, r in by_atom.items()}
        self._always = tuple(sorted(set(always)))

    @staticmethod
    def _compile_clause(clause: Clause, atom: Any) -> _CClause:
        return _CClause(
            patterns=tuple(atom(p) for p in clause.patterns),
            groups=tuple(tuple(atom(p) for p in g) for g in clause.groups),
            requires=tuple(tuple(atom(p) for p in g) for g in clause.requires),
            same_sentence=clause.same_sentence,
            unless=tuple(atom(p) for p in clause.unless),
            context=tuple(atom(p) for p in clause.context),
            when=clause.when,
        )

    def get(self, rule_id: str) -> Rule:
        """The rule with this id; raises UnknownRule otherwise."""
        try:
            return self._by_id[rule_id.strip().upper()]
        except (KeyError, AttributeError):
            raise UnknownRule("unknown_rule", rule=rule_id) from None

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"RulePack({self.jurisdiction!r}, {len(self.rules)} rules)"


# ---------------------------------------------------------------------------
# evaluation


class _Message:
    """Per-message state: matches, sentence boundaries (computed on demand)."""

    __slots__ = ("doc", "hits", "_ends")

    def __init__(self, doc: Doc, hits: dict[int, list[tuple[int, int]]]) -> None:
        self.doc = doc
        self.hits = hits
        self._ends: list[int] | None = None

    def sentence(self, pos: int) -> int:
        if self._ends is None:
            self._ends = [m.end() for m in SENTENCE_END.finditer(self.doc.norm)]
        return bisect.bisect_right(self._ends, pos)

    def spans(self, atoms: Iterable[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a in atoms:
            out.extend(self.hits.get(a, ()))
        return out


def is_night(moment: datetime, tz: Any = None) -> bool:
    """True when the local hour is in [22:00, 08:00)."""
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return _night_hour(moment.hour)


def _night_hour(hour: int) -> bool:
    return hour >= NIGHT_START or hour < NIGHT_END


def night_of(element: Element, tz: Any = None) -> bool | None:
    """Whether a time element falls at night; None when its words fix no hour of day.

    A time with no date (no received time given) still says its hour when the words do ("今晚11点"):
    the extractor keeps that hour as ``clock``.
    """
    attrs = element.attrs or {}
    clock = attrs.get("clock")
    if isinstance(clock, str) and clock[:2].isdigit():
        return _night_hour(int(clock[:2]))
    # A bare day ("明天") carries no clock time: its 00:00 anchor says nothing about night.
    if attrs.get("granularity") in ("day", "week", "month"):
        return None
    span = daypart_span(element, tz)
    if span is not None:
        # A part of the day is at night when most of it is (一早 06-09, 夜里 21-24), not by its first hour alone.
        start, end = span
        hours = max(1, int((end - start).total_seconds() // 3600))
        at_night = sum(_night_hour((start + timedelta(hours=h)).hour) for h in range(hours))
        return at_night * 2 >= hours
    moment = _element_time(element)
    return None if moment is None else is_night(moment, tz)


def daypart_span(element: Element, tz: Any = None) -> tuple[datetime, datetime] | None:
    """The local start and end of a part of the day (明天一早: 06:00-09:00), or None for any other time."""
    attrs = element.attrs or {}
    start, end = attrs.get("from"), attrs.get("until")
    if attrs.get("granularity") != "daypart" or not isinstance(start, datetime) or not isinstance(end, datetime):
        return None
    if tz is not None and start.tzinfo is not None:
        start, end = start.astimezone(tz), end.astimezone(tz)
    return start, end


def _element_time(element: Element) -> datetime | None:
    value = element.value
    if isinstance(value, datetime):
        return value
    start = element.attrs.get("from") if element.attrs else None
    return start if isinstance(start, datetime) else None


def _spec_matches(spec: ElementSpec, element: Element, doc: Doc) -> bool:
    if element.type != spec.type:
        return False
    if spec.roles and element.role not in spec.roles:
        return False
    for key, allowed in spec.attrs.items():
        if (element.attrs or {}).get(key) not in allowed:
            return False
    if spec.has_value is not None and (element.value is not None) != spec.has_value:
        return False
    if spec.at_night is not None:
        night = night_of(element, doc.tz)
        if night is None or night != spec.at_night:
            return False
    return True


def _context_ok(conditions: Any, context: Context | None) -> bool:
    for key, cond in conditions.items():
        value = getattr(context, key, None) if context is not None else None
        if value is None:
            return False
        if isinstance(cond, dict):
            if "min" in cond and value < cond["min"]:
                return False
            if "max" in cond and value > cond["max"]:
                return False
        elif isinstance(cond, list):
            if value not in cond:
                return False
        elif value != cond:
            return False
    return True


@dataclass(slots=True)
class _Fired:
    """Evidence gathered for one rule before it becomes a Finding."""

    spans: list[tuple[int, int]]
    context: list[tuple[int, int]]
    elements: list[Element]
    night: datetime | None
    absent: list[ElementSpec]


def _eval_clause(
    clause: _CClause, msg: _Message, elements: Sequence[Element], context: Context | None
) -> _Fired | None:
    spans: list[tuple[int, int]] = []
    blocked: set[int] = set()
    if clause.unless:
        blocked = {msg.sentence(s) for s, _ in msg.spans(clause.unless)}
    for group in clause.requires:
        if not any(msg.sentence(s) not in blocked for s, _ in msg.spans(group)):
            return None

    if clause.patterns:
        found = [s for s in msg.spans(clause.patterns) if msg.sentence(s[0]) not in blocked]
        if not found:
            return None
        spans.extend(found)

    if clause.groups:
        per_group = []
        for group in clause.groups:
            found = [s for s in msg.spans(group) if msg.sentence(s[0]) not in blocked]
            if not found:
                return None
            per_group.append(found)
        if clause.same_sentence:
            common = set.intersection(*({msg.sentence(s) for s, _ in g} for g in per_group))
            if not common:
                return None
            per_group = [[s for s in g if msg.sentence(s[0]) in common] for g in per_group]
        for g in per_group:
            spans.extend(g)

    when = clause.when
    night_at = None
    if when.sent_at_night:
        doc = msg.doc
        if doc.received_at is None or not is_night(doc.received_at, doc.tz):
            return None
        night_at = doc.received_at.astimezone(doc.tz)
    used: list[Element] = []
    absent = list(when.no_elements)
    for spec in when.elements:
        matching = [e for e in elements if _spec_matches(spec, e, msg.doc)]
        if not matching:
            return None
        used.extend(matching)
    for spec in when.no_elements:
        if any(_spec_matches(spec, e, msg.doc) for e in elements):
            return None
    if when.context and not _context_ok(when.context, context):
        return None

    near: list[tuple[int, int]] = []
    if clause.context and spans:
        for s, e in msg.spans(clause.context):
            if any(s < end + CONTEXT_WINDOW and e > start - CONTEXT_WINDOW for start, end in spans):
                near.append((s, e))
    return _Fired(spans=spans, context=near, elements=used, night=night_at, absent=absent)


def _tidy(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones merged ("上门" + "拜访" -> "上门拜访")."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
            continue
        out.append((s, e))
    return out


def _quote(words: Sequence[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(f"「{w}」" for w in words)
    return ", ".join(f'"{w}"' for w in words)


def _explain(doc: Doc, fired: _Fired) -> tuple[tuple[Span, ...], dict[str, str]]:
    # Pattern matches index the folded text; elements already index the text as received.
    received = [(sp.start, sp.end) for sp in (doc.span(s, e) for s, e in fired.spans)]
    spans = _tidy(received + [(e.start, e.end) for e in fired.elements])
    span_objs = tuple(Span(s, e, doc.text[s:e]) for s, e in spans)
    matched = list(dict.fromkeys(sp.text for sp in span_objs if sp.text))
    context_words = list(dict.fromkeys(doc.span(s, e).text for s, e in _tidy(fired.context)))
    zh: list[str] = []
    en: list[str] = []
    if matched:
        zh.append(f"匹配到{_quote(matched, 'zh')}")
        en.append(f"matched {_quote(matched, 'en')}")
    night_elements = [e for e in fired.elements if e.type == "time" and night_of(e, doc.tz) is not None]
    if night_elements:
        first = night_elements[0]
        when = _element_time(first)
        part = daypart_span(first, doc.tz)
        if part is not None:
            # the words name a part of the day, not a clock: show its hours, not an invented 06:00
            shown = f"“{first.text}”（{part[0]:%m-%d %H:%M}–{part[1]:%H:%M}）"
            shown_en = f"“{first.text}” ({part[0]:%m-%d %H:%M}–{part[1]:%H:%M})"
        elif when is not None:
            shown = shown_en = f"{when.astimezone(doc.tz):%m-%d %H:%M}"
        else:
            shown, shown_en = f"“{first.text}”（{first.attrs['clock']}）", f"“{first.text}” ({first.attrs['clock']})"
        most = "大部分" if part is not None else " "
        zh.append(f"所说时间 {shown}{most}在夜间 22:00 至次日 08:00 之间")
        en.append(f"the stated time {shown_en} falls {'mostly ' if part is not None else ''}between 22:00 and 08:00")
    if fired.night is not None:
        zh.append(f"短信接收时间 {fired.night:%H:%M} 在夜间 22:00 至次日 08:00 之间")
        en.append(f"the message arrived at {fired.night:%H:%M}, between 22:00 and 08:00")
    for spec in dict.fromkeys(s.type for s in fired.absent):
        zh.append(f"消息中没有{ABSENT_WORDS[spec][0] if spec in ABSENT_WORDS else spec}")
        en.append(f"the message names no {ABSENT_WORDS[spec][1] if spec in ABSENT_WORDS else spec}")
    if context_words:
        zh.append(f"附近有{_quote(context_words, 'zh')}")
        en.append(f"nearby: {_quote(context_words, 'en')}")
    if not zh:
        zh.append("满足本规则的条件")
        en.append("the rule's conditions are met")
    sentence = "; ".join(en)
    # str.capitalize() would lowercase quoted words such as "VX"; only the first letter changes.
    return span_objs, {"zh": "；".join(zh) + "。", "en": sentence[:1].upper() + sentence[1:] + "."}


def evaluate(
    doc: Doc, elements: Sequence[Element], context: Context | None, pack: RulePack
) -> list[Finding]:
    """Run every rule of ``pack`` on one message; findings come in pack order.

    >>> from dunguard.model import Message
    >>> from dunguard.rules import load_pack
    >>> doc = Doc.from_message(Message("我们的工作人员将于明天下午3点上门拜访。"))
    >>> [f.rule_id for f in evaluate(doc, [], None, load_pack("cn"))]
    ['CN-VISIT-001']
    """
    msg = _Message(doc, pack.matcher.scan(fold_case(doc.norm)))
    candidates = set(pack._always)
    for atom in msg.hits:
        candidates.update(pack._by_atom.get(atom, ()))
    findings: list[Finding] = []
    for index in sorted(candidates):
        rule, clauses = pack._compiled[index]
        merged: _Fired | None = None
        for clause in clauses:
            fired = _eval_clause(clause, msg, elements, context)
            if fired is None:
                continue
            if merged is None:
                merged = fired
            else:
                merged.spans += fired.spans
                merged.context += fired.context
                merged.elements += fired.elements
                merged.night = merged.night or fired.night
                merged.absent += fired.absent
        if merged is None:
            continue
        spans, explanation = _explain(doc, merged)
        findings.append(finding_of(rule, spans, explanation))
    return findings


def finding_of(rule: Rule, spans: Sequence[Span], explanation: Mapping[str, str]) -> Finding:
    """A finding of ``rule`` on these words, carrying the rule's title, severity and sources."""
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        category=rule.category,
        severity=rule.severity,
        spans=tuple(spans),
        explanation=explanation,
        citations=rule.citations,
    )
