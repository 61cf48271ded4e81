"""The rule-pack format: what a rule file may say, checked once at load.

A pack is a directory ``rules/packs/<jurisdiction>/`` holding ``pack.yaml``
(shared sources and regex terms) and one YAML file per theme
(``conduct.yaml``, ``visit.yaml``...) with a ``rules:`` list. Every problem
raises ``BadData("bad_rule_pack", path=..., rule=..., reason=...)`` naming the
file and the rule, so a broken pack never loads half-way.

pack.yaml::

    retrieved: "2026-11-29"          # default for every source below
    terms:                           # regex fragments, used as <<name>> in patterns
      debt: '(?:逾期|欠款|还款|借款)'
    sources:                         # citable documents, referenced by key
      PRC-CRIMINAL-LAW:
        document: 《中华人民共和国刑法》
        issuer: 全国人民代表大会
        date: "..."
        url: https://...
        confidence: V                # V (text read) or S (secondary); U is refused
        note: "..."

A theme file::

    rules:
      - id: CN-VISIT-001                     # <CC>-<THEME>-<NNN>, unique in the pack
        title: {zh: 以"上门"施压, en: Threatens a home visit}
        category: pressure                   # legality | scam | pressure | info
        severity: low                        # low | medium | high
        tier: misleading                     # crime | regulatory | self_regulatory | misleading | scam
        kinds: [visit_threat]                # message kinds this rule is evidence for
        scam_weight: 0                       # 0..60, how much it raises scam risk
        why: {zh: ..., en: ...}              # why it matters
        advice: {zh: ..., en: ...}           # one sentence for the borrower
        detect: {...}                        # one clause, or a list of clauses (any may fire)
        lint_only: false                     # optional; true: only `dunguard lint` runs it
        examples:
          bad: [...]                         # must trigger (at least 2)
          ok: [...]                          # must not trigger (at least 2)
          todo: [...]                        # known misses: should trigger, does not yet
        citations:
          - {source: PRC-CRIMINAL-LAW, article: 第二百四十五条}
          - {document: ..., article: ..., issuer: ..., date: ..., url: ...,
             retrieved: ..., confidence: S, note: ...}   # or fully inline

A detection clause fires when every condition it has holds:

``patterns``
    Regexes over ``doc.norm`` (full-width folded, ASCII case-insensitive);
    any one matching is enough. ``<<term>>`` expands a pack term.
``all``
    A list of groups (each a regex or a list of regexes); every group must
    match somewhere. With ``same_sentence: true`` one sentence (split at
    。！？；!?; and newlines) must hold a match of every group.
``requires``
    Groups like ``all`` that must each match somewhere in the message but
    are context, not evidence: debt words that tell a collection threat from
    news or chat. Their words are not reported as the finding's spans, so
    the explanation names the offending words only.
``unless``
    Regexes that cancel a ``patterns``/``all``/``requires`` match in the same sentence:
    negations and warnings such as 不会/请勿/谨防, so that a lender's
    "谨防诈骗，不要向个人账户转账" is not read as a demand.
``context``
    Words that, within 30 characters of a match, are named in the
    explanation as supporting evidence ("附近有「工作人员」"). They never make
    a rule fire on their own.
``when``
    Conditions beyond the text:

    - ``sent_at_night: true`` -- the message's ``received_at`` local time is
      in [22:00, 08:00); an unknown time never satisfies it.
    - ``element: {type: time, role: visit, at_night: true}`` -- an extracted
      element exists with that type, role (a name or a list), ``attrs``
      (``{kind: [mobile]}``: each key equal to / one of the values) and, for
      times, ``at_night`` on its datetime; ``has_value: true`` asks for a
      resolved value (a lender id, not just a name). A list means every spec
      must be met.
    - ``no_element: {type: lender, role: [named, signature]}`` -- no element
      meets the spec (a list: none of them).
    - ``context: {days_overdue: {min: 1}}`` -- borrower facts from
      ``Context``: a value, a list of values, or ``{min, max}``; an unknown
      fact never satisfies it.

An example is a string, or a mapping ``{text, received_at, context, elements}``
where ``elements`` (``{type, role, text, value, attrs}``, located by ``text``)
replaces extraction so the example tests the rule alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from dunguard.errors import BadData
from dunguard.model import ELEMENT_TYPES, KINDS, Citation
from dunguard.regexcache import vouched
from dunguard.yamlio import load_strict

SEVERITIES = ("low", "medium", "high")
CATEGORIES = ("legality", "scam", "pressure", "info")
TIERS = ("crime", "regulatory", "self_regulatory", "misleading", "scam")
# U (unverified) is deliberately absent: an unchecked fact must not reach a user as a citation.
CONFIDENCES = ("V", "S")
CONTEXT_FIELDS = ("days_overdue", "owed", "lender_type", "contacts", "address_known")
MAX_SCAM_WEIGHT = 60
MIN_EXAMPLES = 2

ID_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]+-\d{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TERM_RE = re.compile(r"<<([a-z_][a-z0-9_]*)>>")

RULE_REQUIRED = (
    "id", "title", "category", "severity", "tier", "kinds", "scam_weight",
    "why", "advice", "detect", "examples", "citations",
)
# Optional: ``lint_only: true`` marks a rule about what a sender's template must contain
# (name the lender, give an official channel...). Such rules run in `dunguard lint` only:
# a received message that omits these things is not evidence of anything by itself.
RULE_KEYS = frozenset((*RULE_REQUIRED, "lint_only"))
CLAUSE_KEYS = frozenset({"requires", "patterns", "all", "same_sentence", "unless", "context", "when"})
WHEN_KEYS = frozenset({"sent_at_night", "element", "no_element", "context"})
ELEMENT_SPEC_KEYS = frozenset({"type", "role", "attrs", "at_night", "has_value"})
# "account" (bank cards) is produced by an extractor that model.ELEMENT_TYPES does not list yet.
RULE_ELEMENT_TYPES = tuple(dict.fromkeys((*ELEMENT_TYPES, "account")))
EXAMPLE_KEYS = frozenset({"bad", "ok", "todo"})
EXAMPLE_ITEM_KEYS = frozenset({"text", "received_at", "context", "elements"})
EXAMPLE_ELEMENT_KEYS = frozenset({"type", "role", "text", "value", "attrs"})
CITATION_FIELDS = ("document", "article", "issuer", "date", "url", "retrieved", "confidence", "note")
CITATION_REQUIRED = ("document", "article", "issuer", "date", "url", "retrieved", "confidence")
SOURCE_KEYS = frozenset(CITATION_FIELDS) - {"article"}
PACK_KEYS = frozenset({"retrieved", "terms", "sources"})
THEME_KEYS = frozenset({"theme", "rules"})
RANGE_KEYS = frozenset({"min", "max"})

# Regexes are matched on ASCII-lowercased text; IGNORECASE lets authors write "VX" or "QQ".
REGEX_FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class ElementSpec:
    """Which extracted element a ``when`` condition looks for."""

    type: str
    roles: tuple[str, ...] = ()
    attrs: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    at_night: bool | None = None
    has_value: bool | None = None


@dataclass(frozen=True, slots=True)
class When:
    """Conditions over the message time, extracted elements and borrower context."""

    sent_at_night: bool = False
    elements: tuple[ElementSpec, ...] = ()
    no_elements: tuple[ElementSpec, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.sent_at_night or self.elements or self.no_elements or self.context)


@dataclass(frozen=True, slots=True)
class Clause:
    """One way a rule can fire; regexes are stored with terms already expanded."""

    patterns: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()
    same_sentence: bool = False
    unless: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    when: When = field(default_factory=When)


@dataclass(frozen=True, slots=True)
class ExampleElement:
    type: str
    role: str
    text: str
    value: Any = None
    attrs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Example:
    """A message a rule must (bad) or must not (ok) fire on."""

    text: str
    received_at: datetime | None = None
    context: Mapping[str, Any] | None = None
    elements: tuple[ExampleElement, ...] | None = None


@dataclass(frozen=True, slots=True)
class Examples:
    bad: tuple[Example, ...]
    ok: tuple[Example, ...]
    todo: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a pack, as data."""

    id: str
    title: Mapping[str, str]
    category: str
    severity: str
    tier: str
    kinds: tuple[str, ...]
    scam_weight: int
    why: Mapping[str, str]
    advice: Mapping[str, str]
    detect: tuple[Clause, ...]
    examples: Examples
    citations: tuple[Citation, ...]
    path: str = ""
    # Pack terms (name -> expanded regex) so docs can show <<name>> instead of the expansion.
    terms: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    lint_only: bool = False


@dataclass(frozen=True, slots=True)
class PackMeta:
    """What ``pack.yaml`` gives every theme file."""

    path: str
    terms: Mapping[str, str]
    sources: Mapping[str, Mapping[str, str]]




class _Checker:
    """Collects the file and rule being read so every error names both."""

    def __init__(self, path: Path, rule: str = "-") -> None:
        self.path = path
        self.rule = rule

    def fail(self, reason: str) -> BadData:
        return BadData("bad_rule_pack", path=str(self.path), rule=self.rule, reason=reason)

    def mapping(self, value: Any, what: str, allowed: frozenset[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} must be a mapping")
        if allowed is not None:
            unknown = sorted(str(k) for k in value if k not in allowed)
            if unknown:
                raise self.fail(f"unknown key {', '.join(unknown)} in {what}")
        return value

    def text(self, value: Any, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{what} must be a non-empty string")
        return value

    def strings(self, value: Any, what: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise self.fail(f"{what} must be a non-empty list of strings")
        return tuple(self.text(v, what) for v in value)

    def bilingual(self, value: Any, what: str) -> dict[str, str]:
        data = self.mapping(value, what, frozenset({"zh", "en"}))
        return {lang: self.text(data.get(lang), f"{what}.{lang}") for lang in ("zh", "en")}

    def choice(self, value: Any, what: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(f"{what} {value!r} is not one of {', '.join(choices)}")
        return value


def read_yaml(path: Path) -> Any:
    """Read one pack file, turning every YAML or I/O problem into BadData."""
    try:
        with path.open(encoding="utf-8") as fh:
            return load_strict(fh)
    except OSError as exc:
        raise BadData("bad_rule_pack", path=str(path), rule="-", reason=str(exc)) from exc
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise BadData("bad_rule_pack", path=str(path), rule="-", reason=f"invalid YAML: {reason}") from exc


def parse_pack_meta(path: Path) -> PackMeta:
    """Read ``pack.yaml``: shared regex terms and citable sources."""
    check = _Checker(path)
    data = check.mapping(read_yaml(path), "pack.yaml", PACK_KEYS)
    default_retrieved = data.get("retrieved", "")
    terms: dict[str, str] = {}
    for name, regex in check.mapping(data.get("terms", {}), "terms").items():
        check.rule = f"term {name}"
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise check.fail("term names are lower_snake_case")
        regex = check.text(regex, "term")
        if TERM_RE.search(regex):
            raise check.fail("a term may not use another term")
        _compile(check, f"(?:{regex})")
        terms[name] = f"(?:{regex})"
    sources: dict[str, dict[str, str]] = {}
    for key, spec in check.mapping(data.get("sources", {}), "sources").items():
        check.rule = f"source {key}"
        spec = dict(check.mapping(spec, "source", SOURCE_KEYS))
        spec.setdefault("retrieved", default_retrieved)
        spec.setdefault("note", "")
        _check_citation_fields(check, spec, required=tuple(f for f in CITATION_REQUIRED if f != "article"))
        sources[str(key)] = {k: str(v) for k, v in spec.items()}
    return PackMeta(path=str(path), terms=terms, sources=sources)


def parse_theme(path: Path, meta: PackMeta) -> list[Rule]:
    """Read one theme file into validated rules (ids are checked for duplicates by the caller)."""
    check = _Checker(path)
    data = check.mapping(read_yaml(path), "theme file", THEME_KEYS)
    items = data.get("rules")
    if not isinstance(items, list) or not items:
        raise check.fail("a theme file needs a non-empty 'rules' list")
    rules = []
    for index, item in enumerate(items):
        check.rule = f"#{index + 1}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            check.rule = item["id"]
        rules.append(_parse_rule(check, item, meta))
    return rules


def _parse_rule(check: _Checker, item: Any, meta: PackMeta) -> Rule:
    data = check.mapping(item, "rule", RULE_KEYS)
    missing = [k for k in RULE_REQUIRED if k not in data]
    if missing:
        raise check.fail(f"missing field {', '.join(missing)}")
    rule_id = check.text(data["id"], "id")
    if not ID_RE.match(rule_id):
        raise check.fail(f"id {rule_id!r} is not of the form CN-THEME-001")
    kinds = data["kinds"]
    if not isinstance(kinds, list):
        raise check.fail("kinds must be a list")
    for kind in kinds:
        check.choice(kind, "kind", KINDS)
    weight = data["scam_weight"]
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= MAX_SCAM_WEIGHT:
        raise check.fail(f"scam_weight must be an integer 0..{MAX_SCAM_WEIGHT}")
    lint_only = data.get("lint_only", False)
    if not isinstance(lint_only, bool):
        raise check.fail("lint_only must be true or false")
    detect = data["detect"]
    clauses = detect if isinstance(detect, list) else [detect]
    if not clauses:
        raise check.fail("detect must not be empty")
    return Rule(
        id=rule_id,
        title=check.bilingual(data["title"], "title"),
        category=check.choice(data["category"], "category", CATEGORIES),
        severity=check.choice(data["severity"], "severity", SEVERITIES),
        tier=check.choice(data["tier"], "tier", TIERS),
        kinds=tuple(kinds),
        scam_weight=weight,
        why=check.bilingual(data["why"], "why"),
        advice=check.bilingual(data["advice"], "advice"),
        detect=tuple(_parse_clause(check, c, meta) for c in clauses),
        examples=_parse_examples(check, data["examples"]),
        citations=_parse_citations(check, data["citations"], meta),
        path=str(check.path),
        terms=meta.terms,
        lint_only=lint_only,
    )


def _compile(check: _Checker, regex: str) -> None:
    if vouched(regex):
        return  # compiled when the anchor cache was written, and an anchored regex never matches ""
    try:
        compiled = re.compile(regex, REGEX_FLAGS)
    except re.error as exc:
        raise check.fail(f"bad regex {regex!r}: {exc}") from exc
    if compiled.search("") is not None:
        raise check.fail(f"regex {regex!r} matches the empty string and would fire on every message")


def _regexes(check: _Checker, value: Any, what: str, meta: PackMeta) -> tuple[str, ...]:
    out = []
    for regex in check.strings(value, what):
        def expand(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in meta.terms:
                raise check.fail(f"{what}: unknown term <<{name}>>")
            return meta.terms[name]

        expanded = TERM_RE.sub(expand, regex)
        _compile(check, expanded)
        out.append(expanded)
    return tuple(out)


def _parse_clause(check: _Checker, value: Any, meta: PackMeta) -> Clause:
    data = check.mapping(value, "detect clause", CLAUSE_KEYS)
    if not any(k in data for k in ("patterns", "all", "when")):
        raise check.fail("a detect clause needs patterns, all or when")
    groups: list[tuple[str, ...]] = []
    if "all" in data:
        if not isinstance(data["all"], list) or not data["all"]:
            raise check.fail("all must be a non-empty list of pattern groups")
        groups = [_regexes(check, g, "all", meta) for g in data["all"]]
    requires: list[tuple[str, ...]] = []
    if "requires" in data:
        if not isinstance(data["requires"], list) or not data["requires"]:
            raise check.fail("requires must be a non-empty list of pattern groups")
        requires = [_regexes(check, g, "requires", meta) for g in data["requires"]]
    same_sentence = data.get("same_sentence", False)
    if not isinstance(same_sentence, bool):
        raise check.fail("same_sentence must be true or false")
    if same_sentence and not groups:
        raise check.fail("same_sentence needs an all list")
    clause = Clause(
        patterns=_regexes(check, data["patterns"], "patterns", meta) if "patterns" in data else (),
        groups=tuple(groups),
        requires=tuple(requires),
        same_sentence=same_sentence,
        unless=_regexes(check, data["unless"], "unless", meta) if "unless" in data else (),
        context=_regexes(check, data["context"], "context", meta) if "context" in data else (),
        when=_parse_when(check, data["when"]) if "when" in data else When(),
    )
    if clause.unless and not (clause.patterns or clause.groups or clause.requires):
        raise check.fail("unless needs patterns, all or requires to cancel")
    return clause


def _parse_when(check: _Checker, value: Any) -> When:
    data = check.mapping(value, "when", WHEN_KEYS)
    night = data.get("sent_at_night", False)
    if night is not True and night is not False:
        raise check.fail("sent_at_night must be true or false")
    context: dict[str, Any] = {}
    for key, cond in check.mapping(data.get("context", {}), "when.context").items():
        if key not in CONTEXT_FIELDS:
            raise check.fail(f"when.context: unknown field {key!r} (one of {', '.join(CONTEXT_FIELDS)})")
        if isinstance(cond, dict):
            cond = check.mapping(cond, f"when.context.{key}", RANGE_KEYS)
            if not cond or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in cond.values()):
                raise check.fail(f"when.context.{key}: min/max must be numbers")
        context[key] = cond
    when = When(
        sent_at_night=night,
        elements=_element_specs(check, data.get("element"), "when.element"),
        no_elements=_element_specs(check, data.get("no_element"), "when.no_element"),
        context=context,
    )
    if when.empty:
        raise check.fail("when has no condition")
    return when


def _element_specs(check: _Checker, value: Any, what: str) -> tuple[ElementSpec, ...]:
    if value is None:
        return ()
    specs = value if isinstance(value, list) else [value]
    out = []
    for spec in specs:
        data = check.mapping(spec, what, ELEMENT_SPEC_KEYS)
        type_ = check.choice(data.get("type"), f"{what}.type", RULE_ELEMENT_TYPES)
        roles: tuple[str, ...] = ()
        if "role" in data:
            roles = check.strings(data["role"], f"{what}.role")
        attrs = {
            str(k): tuple(v) if isinstance(v, list) else (v,)
            for k, v in check.mapping(data.get("attrs", {}), f"{what}.attrs").items()
        }
        at_night = data.get("at_night")
        if at_night is not None and not isinstance(at_night, bool):
            raise check.fail(f"{what}.at_night must be true or false")
        if at_night is not None and type_ != "time":
            raise check.fail(f"{what}.at_night applies to time elements only")
        has_value = data.get("has_value")
        if has_value is not None and not isinstance(has_value, bool):
            raise check.fail(f"{what}.has_value must be true or false")
        out.append(ElementSpec(type=type_, roles=roles, attrs=attrs, at_night=at_night, has_value=has_value))
    return tuple(out)


def _parse_examples(check: _Checker, value: Any) -> Examples:
    data = check.mapping(value, "examples", EXAMPLE_KEYS)
    lists = {}
    for key in ("bad", "ok", "todo"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise check.fail(f"examples.{key} must be a list")
        lists[key] = tuple(_parse_example(check, item, key) for item in items)
    for key in ("bad", "ok"):
        if len(lists[key]) < MIN_EXAMPLES:
            raise check.fail(f"examples.{key} needs at least {MIN_EXAMPLES} messages")
    return Examples(bad=lists["bad"], ok=lists["ok"], todo=lists["todo"])


def _parse_example(check: _Checker, item: Any, key: str) -> Example:
    if isinstance(item, str):
        return Example(text=check.text(item, f"examples.{key}"))
    data = check.mapping(item, f"examples.{key} item", EXAMPLE_ITEM_KEYS)
    text = check.text(data.get("text"), f"examples.{key}.text")
    received_at = None
    if "received_at" in data:
        raw = data["received_at"]
        try:
            received_at = raw if isinstance(raw, datetime) else datetime.fromisoformat(str(raw))
        except ValueError as exc:
            raise check.fail(f"examples.{key}: bad received_at {raw!r}") from exc
    context = None
    if "context" in data:
        context = check.mapping(data["context"], f"examples.{key}.context", frozenset(CONTEXT_FIELDS))
    elements = None
    if "elements" in data:
        if not isinstance(data["elements"], list):
            raise check.fail(f"examples.{key}.elements must be a list")
        elements = tuple(_parse_example_element(check, e, text, key) for e in data["elements"])
    return Example(text=text, received_at=received_at, context=context, elements=elements)


def _parse_example_element(check: _Checker, value: Any, text: str, key: str) -> ExampleElement:
    data = check.mapping(value, f"examples.{key}.elements item", EXAMPLE_ELEMENT_KEYS)
    type_ = check.choice(data.get("type"), "example element type", RULE_ELEMENT_TYPES)
    words = check.text(data.get("text"), "example element text")
    if words not in text:
        raise check.fail(f"example element text {words!r} is not in the example")
    raw = data.get("value")
    if type_ == "time" and isinstance(raw, str):
        try:
            raw = datetime.fromisoformat(raw)
        except ValueError as exc:
            raise check.fail(f"example time value {raw!r} is not ISO 8601") from exc
    return ExampleElement(
        type=type_,
        role=check.text(data.get("role", "other"), "example element role"),
        text=words,
        value=raw,
        attrs=check.mapping(data.get("attrs", {}), "example element attrs"),
    )


def _check_citation_fields(check: _Checker, spec: dict[str, Any], required: tuple[str, ...]) -> None:
    missing = [f for f in required if not str(spec.get(f, "")).strip()]
    if missing:
        raise check.fail(f"citation missing {', '.join(missing)}")
    if "confidence" in spec and spec["confidence"] not in CONFIDENCES:
        raise check.fail(
            f"citation confidence {spec['confidence']!r} is not allowed: only V (text read) or "
            "S (secondary) may be cited; verify a U source or leave it out"
        )
    if "url" in spec and not str(spec["url"]).startswith(("https://", "http://")):
        raise check.fail(f"citation url {spec['url']!r} is not an http(s) address")
    if "retrieved" in spec and not DATE_RE.match(str(spec["retrieved"])):
        raise check.fail(f"citation retrieved {spec['retrieved']!r} is not YYYY-MM-DD")


def _parse_citations(check: _Checker, value: Any, meta: PackMeta) -> tuple[Citation, ...]:
    if not isinstance(value, list) or not value:
        raise check.fail("citations must be a non-empty list")
    out = []
    for item in value:
        data = dict(check.mapping(item, "citation", frozenset(CITATION_FIELDS) | {"source"}))
        if "source" in data:
            key = data.pop("source")
            if key not in meta.sources:
                raise check.fail(f"citation source {key!r} is not defined in pack.yaml")
            data = {**meta.sources[key], **data}
        _check_citation_fields(check, data, CITATION_REQUIRED)
        out.append(Citation(**{k: str(data.get(k, "")) for k in CITATION_FIELDS}))
    return tuple(out)


def check_unique(rules: list[Rule]) -> None:
    """Refuse a pack where two rules share an id, naming both files."""
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise BadData(
                "bad_rule_pack",
                path=rule.path,
                rule=rule.id,
                reason=f"duplicate id (first defined in {seen[rule.id]})",
            )
        seen[rule.id] = rule.path
