"""`dunguard report`: counts, night share, repeated templates, one self-contained HTML file."""

from __future__ import annotations

import re
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dunguard.cli as cli
from dunguard.batch.writer import _schema
from dunguard.batch_report import group_templates, normalise


@pytest.fixture(autouse=True)
def _area(monkeypatch):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.batch_cli",))


def row(i: int, text: str, kind: str, rules: list[str], hour: int, sender_kind: str = "mobile", **kw) -> dict:
    base = {name: None for name in _schema().names}
    base.update(
        row=i, text=text, received_at=f"2025-02-26T{hour:02d}:10:00+08:00", sender="x", kinds=[kind, "overdue_notice"],
        primary_kind=kind, legitimacy="likely_bluff", scam_risk=10, visit_credibility="low", rule_ids=rules,
        night_sent=hour >= 22 or hour < 8, sender_kind=sender_kind, phone_kinds=[], amounts=[],
    )
    base.update(kw)
    return base


def test_normalise_folds_digits_masks_names_and_links():
    a = normalise("尊敬的张三先生，您在http://a.cn/x 的借款3,000.50元已逾期12天，卡号6222****1234。")
    b = normalise("尊敬的李四先生，您在http://b.cn/y 的借款12000元已逾期3天，卡号6228****9999。")
    assert a == b


def test_near_duplicates_group_and_unrelated_texts_stay_apart():
    texts = Counter()
    variants = [
        "【某贷】您的借款已逾期#天，我司将安排外访人员上门核实，请今日内处理。",
        "【某贷】您的借款已逾期#天，我司将安排外访人员上门核实，请于今日内处理！",
        "【某贷】您的借款已逾期#天，我司将安排外访人员上门核实，请尽快处理。",
    ]
    for i, v in enumerate(variants):
        texts[v] = (10 + i, v)
    texts["【某店】周末全场五折，欢迎光临。"] = (5, "【某店】周末全场五折，欢迎光临。")
    texts["独一无二的一条消息"] = (1, "独一无二的一条消息")
    groups = group_templates(texts, top=10)
    assert [(g.count, g.variants) for g in groups] == [(33, 3), (5, 1)]


def test_report_is_one_self_contained_escaped_html_file(tmp_path, run_cli):
    rows = []
    visit = "【某贷】您的借款已逾期{n}天，我们将安排人员上门核实，<script>alert(1)</script>"
    for i in range(40):
        rows.append(row(i + 1, visit.format(n=i), "visit_threat", ["CN-VISIT-001", "CN-ID-001"], 23 if i < 10 else 14,
                        lender_name="某贷"))
    for i in range(20):
        rows.append(row(41 + i, f"您的验证码是{i}", "other", [], 12, sender_kind="sms_gateway_106"))
    results = tmp_path / "results.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=_schema()), results)
    out = tmp_path / "report.html"
    code, _, err = run_cli("report", str(results), str(out))
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # No external resource of any kind: every image is a data: URI.
    assert not re.search(r'(?:src|href)="(?!data:)', html)
    assert html.count('src="data:image/png;base64,') >= 4
    assert "60" in html and "16.7%" in html  # 10 of 60 sent at night
    assert "上门威胁" in html and "CN-VISIT-001" in html and "以&#34;上门&#34;施压" in html
    assert "106 短信平台号" in html
    # The 40 visit texts differ only in digits: one template, counted 40 times.
    assert re.search(r'<td class="n">40</td><td class="n">\d+</td><td class="tpl">【某贷】', html)


def test_report_reads_jsonl_results_in_english(tmp_path, run_cli):
    import json

    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(row(i, "您的借款已逾期", "overdue_notice", ["CN-ID-001"], 9),
                                       ensure_ascii=False) + "\n" for i in range(5)), encoding="utf-8")
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", str(path), str(out), "--lang", "en")
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "dunguard batch report" in html and "0.0%" in html and "overdue notice" in html


def test_report_on_a_damaged_results_file(tmp_path, run_cli):
    bad = tmp_path / "r.parquet"
    bad.write_bytes(b"PAR1 not really")
    code, _, err = run_cli("report", str(bad), str(tmp_path / "r.html"), "--lang", "en")
    assert code == 2 and str(bad) in err
    assert not (tmp_path / "r.html").exists()


def test_report_refuses_files_that_are_not_batch_results(tmp_path, run_cli):
    import json

    src = tmp_path / "m.jsonl"
    src.write_text('{"text":"还钱","received_at":"2025-02-26T10:30"}\n{"text":"x","received_at":1740536000}\n',
                   encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert run_cli("batch", str(src), str(out), "--workers", "1")[0] == 0
    errors = tmp_path / "e.jsonl.errors.jsonl"
    errors.write_text(json.dumps({"file": "m.jsonl", "row": 1, "level": "error", "code": "empty_message",
                                  "reason": "x"}) + "\n", encoding="utf-8")
    raw_parquet = tmp_path / "raw.parquet"
    pq.write_table(pa.table({"text": ["还钱"], "received_at": ["2025-02-26T10:30"]}), raw_parquet)
    html = tmp_path / "r.html"
    for path in (src, errors, raw_parquet):  # the raw input, an errors file, a raw Parquet input
        code, _, err = run_cli("report", str(path), str(html))
        assert code == 2, err
        assert err.strip().splitlines() == [err.strip()] and f"{path} 不是 dunguard batch 的结果文件" in err
        assert "JSON parse error" not in err and not html.exists()
        code, _, err = run_cli("report", str(path), str(html), "--lang", "en")
        assert code == 2 and "is not a dunguard batch result file" in err
    # the batch's own output still reports, and so does an empty one (every row failed)
    code, _, err = run_cli("report", str(out), str(html))
    assert code == 0 and "（2 条）" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, _, err = run_cli("report", str(empty), str(html), "--lang", "en")
    assert code == 0 and "(0 messages)" in err
