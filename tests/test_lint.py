"""`dunguard lint`: placeholders as unknown values, lint-only rules, table/JSON/SARIF, exit codes."""

from __future__ import annotations

import json

import pytest

import dunguard.cli as cli
from dunguard.lint import PLACEHOLDER_RE, lint_pack, lint_template, load_templates, map_back, substitute
from dunguard.rules import load_pack

GOOD = "【{lender}】尊敬的{name}，您在{lender}的借款{amount}元已逾期{days}天，请登录官方App或致电客服95188还款。"
NIGHT = "【{lender}】{$name}您好，您的借款已逾期，我们将于今晚23点上门核实，请于${date}前还款。"
HIGH = "【{lender}】{name}，您的借款已逾期，再不还款我们就通知你的家人和单位领导。客服95188。"
APR = "【{{brand}}】最高可借{limit}元，日息低至万分之二，立即申请，详询官方客服。"

YAML = f"""\
templates:
  - id: good
    text: {GOOD}
  - id: night
    text: "{NIGHT}"
  - id: third-party
    text: {HIGH}
  - {APR}
"""


@pytest.fixture(autouse=True)
def _area(monkeypatch):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.batch_cli",))


def ids(text: str) -> set[str]:
    from dunguard.lint import Template

    return {f.rule_id for f in lint_template(Template("t", text, 1, 1)).findings}


def test_placeholders_are_recognised_in_every_style():
    text = "{name} {$name} ${date} {{ x }} {amount}元 {金额}"
    assert [m.group() for m in PLACEHOLDER_RE.finditer(text)] == [
        "{name}", "{$name}", "${date}", "{{ x }}", "{amount}", "{金额}"
    ]


def test_spans_map_back_to_the_template_text():
    text = "请于${date}前还款{amount}元"
    sub, segments = substitute(text)
    assert sub == "请于某某前还款某某元"
    start = sub.index("还款")
    assert text[map_back(start, segments): map_back(start + 2, segments, is_end=True)] == "还款"
    s = sub.index("某某元")
    assert text[map_back(s, segments): map_back(s + 3, segments, is_end=True)] == "{amount}元"


def test_a_compliant_template_has_no_findings():
    assert ids(GOOD) == set()


def test_lint_only_rules_fire_on_templates_but_never_in_analyze():
    from dunguard import analyze

    assert "CN-LINT-004" in ids(NIGHT)
    assert "CN-LINT-005" in ids(APR)
    assert {"CN-LINT-001", "CN-LINT-003"} <= ids("您的借款已逾期，请尽快还款。")
    assert "CN-ID-001" not in ids("您的借款已逾期，请尽快还款。")  # superseded by CN-LINT-001 in lint
    assert "CN-LINT-002" in ids("【某某金融】某某调解中心提醒：您的借款已逾期60天，请联系官方客服95188。")
    report = analyze("您的借款日息万分之五，已逾期，我们将于今晚23点上门核实。")
    assert not [f for f in report.findings if f.rule_id.startswith("CN-LINT")]
    assert all(not r.lint_only for r in load_pack("cn").rules)


def test_a_placeholder_neither_triggers_nor_satisfies_a_rule():
    # {hotline} is an unknown value: it does not count as an official channel.
    assert "CN-LINT-003" in ids("【某某金融】您的借款已逾期，请拨打{hotline}处理。")
    # ${date} could be any time: no night rule from the placeholder itself.
    assert "CN-LINT-004" not in ids("【某某金融】您的借款已逾期，我们将于${date}上门核实，详询官方客服95188。")


@pytest.mark.parametrize("rule", [r for r in lint_pack().rules if r.lint_only], ids=lambda r: r.id)
def test_lint_rule_examples(rule):
    from dunguard.extract import extract_all
    from dunguard.extract.base import Doc
    from dunguard.model import Element, Message
    from dunguard.rules import evaluate

    def fired(example) -> bool:
        doc = Doc.from_message(Message(example.text))
        if example.elements is None:
            elements = extract_all(doc)
        else:
            elements = []
            for spec in example.elements:
                start = example.text.index(spec.text)
                elements.append(Element(spec.type, spec.role, doc.span(start, start + len(spec.text)), spec.value,
                                        dict(spec.attrs)))
        return rule.id in {f.rule_id for f in evaluate(doc, elements, None, lint_pack())}

    assert all(fired(e) for e in rule.examples.bad)
    assert not any(fired(e) for e in rule.examples.ok)
    assert all(c.confidence in ("V", "S") for c in rule.citations)


def test_table_output_and_exit_code_one_on_a_high_finding(tmp_path, run_cli):
    path = tmp_path / "templates.yaml"
    path.write_text(YAML, encoding="utf-8")
    code, out, _ = run_cli("lint", str(path))
    assert code == 1
    assert f"{path}:7:11  [third-party]" in out
    assert "CN-3P-001" in out and "[重]" in out
    assert "CN-LINT-004" in out and "「今晚23点上门核实」" in out
    assert "共 4 条模板：3 条有问题" in out


def test_exit_code_zero_without_high_findings(tmp_path, run_cli):
    path = tmp_path / "t.txt"
    path.write_text(f"# our templates\n{GOOD}\n\n{APR}\n", encoding="utf-8")
    code, out, _ = run_cli("lint", str(path), "--lang", "en")
    assert code == 0
    assert f"{path}:4:1" in out and "CN-LINT-005" in out and "2 templates: 1 with findings" in out


def test_csv_and_json_output(tmp_path, run_cli):
    path = tmp_path / "t.csv"
    path.write_text(f'编号,模板\nA1,"{NIGHT}"\nA2,{GOOD}\n', encoding="gbk")
    code, out, _ = run_cli("lint", str(path), "--format", "json")
    assert code == 0
    data = json.loads(out)
    first, second = data["templates"]
    assert (first["id"], first["line"], second["id"], second["findings"]) == ("A1", 2, "A2", [])
    night = next(f for f in first["findings"] if f["rule_id"] == "CN-LINT-004")
    (loc,) = night["locations"]
    assert NIGHT[loc["start"]:loc["end"]] == loc["text"] == "今晚23点上门核实"
    assert night["lint_only"] is True and night["citations"][0]["confidence"] == "S"


def test_sarif_has_the_required_fields(tmp_path, run_cli):
    path = tmp_path / "templates.yaml"
    path.write_text(YAML, encoding="utf-8")
    code, out, _ = run_cli("lint", str(path), "--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dunguard"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert "CN-LINT-004" in rule_ids and "CN-3P-001" in rule_ids
    assert run["results"]
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    night = next(r for r in run["results"] if r["ruleId"] == "CN-LINT-004")
    region = night["locations"][0]["physicalLocation"]["region"]
    line = YAML.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:].startswith("今晚23点上门核实")
    assert next(r for r in run["results"] if r["ruleId"] == "CN-3P-001")["level"] == "error"


def test_bad_template_files(tmp_path, run_cli):
    bad = tmp_path / "t.yaml"
    bad.write_text("templates: [unclosed\n", encoding="utf-8")
    code, _, err = run_cli("lint", str(bad), "--lang", "en")
    assert code == 2 and str(bad) in err and "YAML" in err
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run_cli("lint", str(csv_path), "--lang", "en")
    assert code == 2 and "no template column" in err
    assert run_cli("lint", str(tmp_path / "missing.yaml"))[0] == 2


def test_yaml_mapping_of_id_to_text(tmp_path):
    path = tmp_path / "t.yml"
    path.write_text("reminder: 您好\nnight: 今晚23点上门\n", encoding="utf-8")
    assert [(t.id, t.text, t.line, t.column) for t in load_templates(str(path))] == [
        ("reminder", "您好", 1, 11), ("night", "今晚23点上门", 2, 8)
    ]


UNLAWFUL = "今晚11点去你家，把你欠钱的事告诉你所有亲戚。"


def test_lint_reports_what_analyze_reports_including_grammar_named_rules(tmp_path, run_cli):
    # The third-party threat here is read by the grammar, not by CN-3P-001's own patterns:
    # analyze names the rule; lint used to skip that step and passed the template.
    from dunguard import analyze
    from dunguard.lint import ANCHOR, Template
    from dunguard.model import Message

    path = tmp_path / "t.yaml"
    path.write_text(f"templates:\n  - id: bad\n    text: {UNLAWFUL}\n", encoding="utf-8")
    code, out, _ = run_cli("lint", str(path), "--format", "json")
    assert code == 1
    (tpl,) = json.loads(out)["templates"]
    by_id = {f["rule_id"]: f for f in tpl["findings"]}
    assert by_id["CN-3P-001"]["severity"] == load_pack("cn").get("CN-3P-001").severity == "high"
    assert [x["text"] for x in by_id["CN-3P-001"]["locations"]] == ["告诉", "你所有亲戚"]
    code, out, _ = run_cli("lint", str(path))
    assert code == 1 and "[重] CN-3P-001" in out and "高 1" in out
    # Every analyze finding on the same text is in lint's output (CN-ID-001 gives way to CN-LINT-001).
    for text in (UNLAWFUL, HIGH, GOOD, NIGHT):
        sub = substitute(text)[0]
        analysed = {(f.rule_id, f.severity) for f in analyze(Message(sub, received_at=ANCHOR)).findings}
        linted = {(f.rule_id, f.severity) for f in lint_template(Template("t", text, 1, 1)).findings}
        assert analysed - {("CN-ID-001", "low")} <= linted, text
