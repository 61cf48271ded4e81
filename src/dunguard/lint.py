"""`dunguard lint`: check a lender's outgoing templates before they are sent.

Templates come from YAML, CSV or plain text. Placeholders (``{name}``,
``{amount}``, ``{$name}``, ``${date}``, ``{{x}}``) are unknown values: each is
replaced by the neutral token 某某 before analysis, so a placeholder neither
triggers a rule nor satisfies one, and every finding's span is mapped back to
the template's own text, line and column.

Findings are every finding `dunguard analyze` makes on the same text (the CN
pack's rules and the rules the grammar's reading names, via ``pipeline.analyze``)
plus the pack's lint-only rules (template requirements: name the lender, say on
whose behalf, give an official channel, no night-time schedule, show the
annualised rate).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from dunguard.errors import BadInput, register_messages

register_messages({
    "lint_unknown_format": {
        "zh": "无法识别模板文件格式：{path}（支持 .yaml/.yml、.csv、.txt）",
        "en": "Unknown template file format: {path} (use .yaml/.yml, .csv or .txt)",
    },
    "lint_bad_yaml": {"zh": "{path} 不是有效的 YAML：{reason}", "en": "{path} is not valid YAML: {reason}"},
    "lint_bad_shape": {
        "zh": "{path}：{reason}（模板应为字符串列表、含 text 字段的列表，或 templates: 列表）",
        "en": "{path}: {reason} (expected a list of strings, a list with a text field, or templates: [...])",
    },
    "lint_no_templates": {"zh": "{path} 里没有模板", "en": "No templates in {path}"},
    "lint_missing_column": {
        "zh": "{path} 第 1 行：没有模板文本列（需要 text、template、内容 或 模板；现有列：{available}）",
        "en": "{path} row 1: no template column (need text, template, 内容 or 模板; columns: {available})",
    },
})

MAX_FILE_BYTES = 20_000_000
NEUTRAL = "某某"
PLACEHOLDER_RE = re.compile(
    r"\$\{[^{}\n]{1,40}\}"        # ${date}
    r"|\{\{[^{}\n]{1,40}\}\}"      # {{x}}
    r"|\{\$?[^{}\s]{1,40}\}"       # {name}, {$name}
)
# Relative times in a template ("明天下午3点") are resolved against a daytime
# weekday, so a time in the text, not the (unknown) send time, decides night rules.
ANCHOR = datetime(2025, 2, 26, 10, 30)
TEXT_COLUMNS = ("text", "template", "内容", "模板", "content", "body")
ID_COLUMNS = ("id", "name", "编号", "名称", "key")
# A lint-only rule that restates a general rule for templates replaces it in lint output.
SUPERSEDES = {"CN-LINT-001": "CN-ID-001"}
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
SARIF_LEVEL = {"high": "error", "medium": "warning", "low": "note"}


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    text: str
    line: int          # 1-based line of the template's first character in the file
    column: int        # 1-based column of that character


@dataclass(frozen=True, slots=True)
class Location:
    start: int
    end: int
    text: str
    line: int
    column: int


@dataclass
class LintFinding:
    rule_id: str
    severity: str
    category: str
    lint_only: bool
    title: dict[str, str]
    explanation: dict[str, str]
    locations: list[Location]
    citations: list[dict[str, Any]]


@dataclass
class LintResult:
    template: Template
    analysed_text: str
    findings: list[LintFinding] = field(default_factory=list)


# ------------------------------------------------------------------ loading


def load_templates(path: str) -> list[Template]:
    from dunguard.ingest.text import read_file

    name = path.lower()
    if not name.endswith((".yaml", ".yml", ".csv", ".txt", ".text")):
        raise BadInput("lint_unknown_format", path=path)
    text = read_file(path, limit=MAX_FILE_BYTES)
    if name.endswith((".yaml", ".yml")):
        templates = _from_yaml(text, path)
    elif name.endswith(".csv"):
        templates = _from_csv(text, path)
    else:
        templates = _from_txt(text)
    if not templates:
        raise BadInput("lint_no_templates", path=path)
    return templates


def _from_txt(text: str) -> list[Template]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        out.append(Template(f"line-{n}", stripped, n, line.index(stripped) + 1))
    return out


def _from_csv(text: str, path: str) -> list[Template]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return []
    column = next((c for c in TEXT_COLUMNS if c in header), None)
    if column is None:
        raise BadInput("lint_missing_column", path=path, available=", ".join(header) or "-")
    i_text = header.index(column)
    i_id = next((header.index(c) for c in ID_COLUMNS if c in header), None)
    lines = text.splitlines()
    out = []
    start = reader.line_num + 1
    for fields in reader:
        if len(fields) > i_text and fields[i_text].strip():
            value = fields[i_text]
            raw = lines[start - 1] if start - 1 < len(lines) else ""
            col = raw.find(value.split("\n", 1)[0]) + 1 or 1
            tid = fields[i_id] if i_id is not None and i_id < len(fields) and fields[i_id] else f"row-{start}"
            out.append(Template(tid, value, start, col))
        start = reader.line_num + 1
    return out


def _from_yaml(text: str, path: str) -> list[Template]:
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise BadInput("lint_bad_yaml", path=path, reason=" ".join(str(exc).split())[:200]) from None
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        pairs = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if "templates" in pairs:
            root = pairs["templates"]
        elif all(isinstance(v, yaml.ScalarNode) for _, v in root.value):
            return [_scalar(k.value, v) for k, v in root.value]
    if not isinstance(root, yaml.SequenceNode):
        raise BadInput("lint_bad_shape", path=path, reason="no list of templates")
    out = []
    for index, node in enumerate(root.value, 1):
        if isinstance(node, yaml.ScalarNode):
            out.append(_scalar(f"#{index}", node))
        elif isinstance(node, yaml.MappingNode):
            fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            key = next((c for c in TEXT_COLUMNS if c in fields), None)
            if key is None or not isinstance(fields[key], yaml.ScalarNode):
                raise BadInput("lint_bad_shape", path=path, reason=f"template #{index} has no text")
            id_key = next((c for c in ID_COLUMNS if c in fields and isinstance(fields[c], yaml.ScalarNode)), None)
            out.append(_scalar(fields[id_key].value if id_key else f"#{index}", fields[key]))
        else:
            raise BadInput("lint_bad_shape", path=path, reason=f"template #{index} is not text")
    return out


def _scalar(tid: str, node: Any) -> Template:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    style = node.style
    if style in ("'", '"'):
        column += 1
    elif style in ("|", ">"):
        # A block scalar's text starts on the next line, at the block's indentation.
        line += 1
        column = 1
    return Template(str(tid), str(node.value), line, column)


# ------------------------------------------------------------------ analysis


def substitute(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Replace placeholders with 某某; segments map (new_start, new_end) -> (old_start, old_end)."""
    out: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    pos = new = 0
    for m in PLACEHOLDER_RE.finditer(text):
        if m.start() > pos:
            literal = text[pos:m.start()]
            out.append(literal)
            segments.append((new, new + len(literal), pos, m.start()))
            new += len(literal)
        out.append(NEUTRAL)
        segments.append((new, new + len(NEUTRAL), m.start(), m.end()))
        new += len(NEUTRAL)
        pos = m.end()
    if pos < len(text):
        segments.append((new, new + len(text) - pos, pos, len(text)))
        out.append(text[pos:])
    return "".join(out), segments


def map_back(index: int, segments: Sequence[tuple[int, int, int, int]], is_end: bool = False) -> int:
    """A position in the substituted text -> the template position (placeholders map whole)."""
    for new_s, new_e, old_s, old_e in segments:
        if new_s <= index < new_e or (is_end and index == new_e):
            if old_e - old_s != new_e - new_s:  # a placeholder: snap to its edge
                return old_e if is_end else old_s
            return old_s + (index - new_s)
    return segments[-1][3] if segments else index


def _position(template: Template, offset: int) -> tuple[int, int]:
    before = template.text[:offset]
    newlines = before.count("\n")
    if newlines == 0:
        return template.line, template.column + offset
    return template.line + newlines, offset - before.rfind("\n")


@cache
def lint_pack() -> Any:
    """The CN pack with its lint-only rules: every rule lint may report, for look-ups."""
    from dunguard.rules import load_pack
    from dunguard.rules.engine import RulePack

    base = load_pack("cn")
    return RulePack(base.jurisdiction, base.all_rules, lint=True)


@cache
def _lint_only_pack() -> Any:
    """Only the lint-only rules: the rest come from analyze, which runs them already."""
    from dunguard.rules.engine import RulePack

    full = lint_pack()
    return RulePack(full.jurisdiction, [r for r in full.all_rules if r.lint_only], lint=True)


def lint_template(template: Template) -> LintResult:
    from dunguard.extract.base import Doc
    from dunguard.model import Message
    from dunguard.pipeline import analyze
    from dunguard.rules import evaluate

    text, segments = substitute(template.text)
    result = LintResult(template, text)
    if not text.strip():
        return result
    pack = lint_pack()
    # What analyze reports on this text (rules, and rules named from the grammar's reading),
    # then the template requirements analyze never runs.
    report = analyze(Message(text, received_at=ANCHOR), with_plan=False)
    doc = Doc.from_message(report.message)
    findings = [*report.findings, *evaluate(doc, report.elements, None, _lint_only_pack())]
    fired = {f.rule_id for f in findings}
    for f in findings:
        if any(sup in fired and SUPERSEDES[sup] == f.rule_id for sup in SUPERSEDES):
            continue
        rule = pack.get(f.rule_id)
        locations = []
        for span in f.spans or ():
            s = map_back(span.start, segments)
            e = max(map_back(span.end, segments, is_end=True), s)
            line, col = _position(template, s)
            locations.append(Location(s, e, template.text[s:e], line, col))
        if not locations:
            locations.append(Location(0, 0, "", template.line, template.column))
        result.findings.append(
            LintFinding(
                rule_id=f.rule_id,
                severity=f.severity,
                category=f.category,
                lint_only=rule.lint_only,
                title=dict(f.title),
                explanation=dict(f.explanation),
                locations=locations,
                citations=[c.to_json() for c in f.citations],
            )
        )
    return result


def lint_file(path: str) -> list[LintResult]:
    return [lint_template(t) for t in load_templates(path)]


def has_high(results: Sequence[LintResult]) -> bool:
    return any(f.severity == "high" for r in results for f in r.findings)


# ------------------------------------------------------------------ output

TEXTS = {
    "zh": {
        "ok": "未发现问题",
        "summary": "共 {n} 条模板：{bad} 条有问题；高 {high}、中 {medium}、低 {low}。",
        "source": "出处",
    },
    "en": {
        "ok": "no findings",
        "summary": "{n} templates: {bad} with findings; high {high}, medium {medium}, low {low}.",
        "source": "source",
    },
}


def render(results: Sequence[LintResult], fmt: str, lang: str, path: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(results, path), ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(to_sarif(results, path, lang), ensure_ascii=False, indent=2) + "\n"
    return to_table(results, lang, path)


def _counts(results: Sequence[LintResult]) -> dict[str, int]:
    counts = {"high": 0, "medium": 0, "low": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity] += 1
    return counts


def to_table(results: Sequence[LintResult], lang: str, path: str) -> str:
    from dunguard.render.labels import CONFIDENCE, SEVERITY, label

    t = TEXTS[lang]
    lines: list[str] = []
    for r in results:
        tpl = r.template
        head = f"{path}:{tpl.line}:{tpl.column}  [{tpl.id}]  {tpl.text}"
        lines.append(head)
        if not r.findings:
            lines.append(f"    ✓ {t['ok']}")
        for f in sorted(r.findings, key=lambda f: -SEVERITY_RANK[f.severity]):
            loc = f.locations[0]
            quoted = "、".join(f"「{x.text}」" for x in f.locations if x.text)
            lines.append(
                f"    {loc.line}:{loc.column}  [{label(SEVERITY, f.severity, lang)}] {f.rule_id} "
                f"{f.title[lang]}" + (f"  {quoted}" if quoted else "")
            )
            lines.append(f"        {f.explanation[lang]}")
            for c in f.citations:
                conf = label(CONFIDENCE, c.get("confidence"), lang)
                lines.append(f"        {t['source']}: {c['document']} {c['article']}（{conf}）")
        lines.append("")
    counts = _counts(results)
    bad = sum(1 for r in results if r.findings)
    lines.append(t["summary"].format(n=len(results), bad=bad, **counts))
    return "\n".join(lines) + "\n"


def to_json(results: Sequence[LintResult], path: str) -> dict[str, Any]:
    return {
        "file": path,
        "templates": [
            {
                "id": r.template.id,
                "line": r.template.line,
                "column": r.template.column,
                "text": r.template.text,
                "analysed_text": r.analysed_text,
                "findings": [
                    {
                        "rule_id": f.rule_id,
                        "severity": f.severity,
                        "category": f.category,
                        "lint_only": f.lint_only,
                        "title": f.title,
                        "explanation": f.explanation,
                        "locations": [asdict(x) for x in f.locations],
                        "citations": f.citations,
                    }
                    for f in r.findings
                ],
            }
            for r in results
        ],
        "summary": {**_counts(results), "templates": len(results),
                    "with_findings": sum(1 for r in results if r.findings)},
    }


def to_sarif(results: Sequence[LintResult], path: str, lang: str) -> dict[str, Any]:
    """SARIF 2.1.0: one result per finding, located at its first span in the template file."""
    from dunguard import __version__
    from dunguard.render.labels import CONFIDENCE, label

    pack = lint_pack()
    used = sorted({f.rule_id for r in results for f in r.findings})
    rule_index = {rid: i for i, rid in enumerate(used)}
    rules = []
    for rid in used:
        rule = pack.get(rid)
        sources = "; ".join(
            f"{c.document} {c.article} ({label(CONFIDENCE, c.confidence, lang)})" for c in rule.citations
        )
        rules.append({
            "id": rid,
            "name": re.sub(r"[^A-Za-z0-9]+", "", rule.title["en"].title()) or rid,
            "shortDescription": {"text": rule.title[lang]},
            "fullDescription": {"text": rule.why[lang]},
            "help": {"text": f"{rule.advice[lang]}\n{sources}"},
            "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
            "properties": {"tags": [rule.category, rule.tier, *(["lint-only"] if rule.lint_only else [])],
                           "severity": rule.severity},
        })
    sarif_results = []
    uri = Path(path).as_posix()
    for r in results:
        for f in r.findings:
            locations = []
            for x in f.locations[:1]:
                end_line, end_col = _position(r.template, x.end)
                region: dict[str, Any] = {"startLine": x.line, "startColumn": x.column,
                                          "endLine": end_line, "endColumn": max(end_col, x.column)}
                if x.text:
                    region["snippet"] = {"text": x.text}
                locations.append({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}})
            sarif_results.append({
                "ruleId": f.rule_id,
                "ruleIndex": rule_index[f.rule_id],
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": f"[{r.template.id}] {f.title[lang]}: {f.explanation[lang]}"},
                "locations": locations,
                "partialFingerprints": {"templateId/ruleId": f"{r.template.id}/{f.rule_id}"},
            })
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dunguard",
                "version": __version__,
                "informationUri": "https://github.com/dunguard/dunguard",
                "rules": rules,
            }},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }],
    }
