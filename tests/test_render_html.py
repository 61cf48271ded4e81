"""Self-contained HTML report: escaped message text, inert links, embedded images, nothing fetched."""

from __future__ import annotations

import base64
import io
import os
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import pytest

from dunguard import analyze
from dunguard.case.export import CaseBundle, build_view, summarize
from dunguard.model import Message
from dunguard.render.html import CSP, data_uri, render_case_report

HOSTILE = (
    "您的借款已逾期,明天下午3点上门拜访。<script>alert('x')</script><img src=x onerror=alert(1)> "
    "点击 http://t.cn/Ab12 或 <a href=\"http://evil.example/\">这里</a> 处理"
)


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 20), (250, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def _html(tmp_path: Path, lang: str = "zh") -> tuple[str, bytes]:
    report = analyze(Message(HOSTILE, received_at=datetime(2025, 2, 26, 22, 40), sender="13800001111")).to_json()
    shot = _png()
    sha = "ab" * 32
    (tmp_path / sha).write_bytes(shot)
    items = [
        {"type": "message", "id": "m1", "at": "2025-02-26T22:40:00+08:00", "sender": "13800001111", "direction": "in",
         "text": HOSTILE, "flagged": True, "report": report, "source_sha256": None},
        {"type": "call", "id": "c1", "at": "2025-02-27T09:00:00+08:00", "number": "13800001111", "minutes": 3,
         "note": "<b>威胁</b>", "recording_sha256": None},
        {"type": "attachment", "id": sha, "sha256": sha, "name": "截图.png", "size": len(shot), "role": "attachment",
         "note": "微信截图", "at": "2025-02-27T10:00:00+08:00"},
    ]
    files = [{k: items[2][k] for k in ("sha256", "name", "size", "role", "note", "at")}]
    bundle = CaseBundle(case={"id": "c0ffee00", "name": "测试<案件>", "created_at": "2025-02-26T10:00:00+08:00"},
                        items=items, files=files, file_path=lambda s: tmp_path / s, chain_head="f" * 64,
                        verify={"ok": True, "problems": []})
    from dunguard.case.chart import contacts_chart

    evidence = [(f"attachments/{sha[:12]}-截图.png", files[0], tmp_path / sha)]
    view = build_view(bundle, summarize(items), contacts_chart(items, lang="en"), lang=lang, tz="Asia/Shanghai",
                      now=datetime.fromisoformat("2025-03-01T12:00:00+08:00"), images={sha: shot}, evidence=evidence)
    return render_case_report(view), shot


def test_message_text_is_shown_not_run(tmp_path):
    html, _ = _html(tmp_path)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "onerror=alert(1)&gt;" in html and "<img src=x" not in html
    assert "&lt;b&gt;威胁&lt;/b&gt;" in html  # call notes are escaped too
    assert "测试&lt;案件&gt;" in html


def test_links_are_inert_and_nothing_is_fetched(tmp_path):
    html, _ = _html(tmp_path)
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    assert not [t for t in tags if t.lower().startswith("<a ") or " href=" in t.lower()]
    assert "&lt;a href=" in html  # the message's own anchor is text
    sources = re.findall(r'src="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/") for s in sources)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and unescape(csp.group(1)) == CSP and "default-src 'none'" in CSP
    assert "http://t.cn/Ab12" in html  # the link is visible as text for the record


def test_images_are_embedded_byte_for_byte(tmp_path):
    html, shot = _html(tmp_path)
    uris = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(uris) == 2  # the chart and the screenshot
    assert shot in [base64.b64decode(u) for u in uris]


def test_report_sections_in_each_language(tmp_path):
    zh, _ = _html(tmp_path, "zh")
    assert "催收证据报告" in zh and "时间线" in zh and "夜间" in zh and "CN-TIME-001" in zh
    assert '<html lang="zh-CN">' in zh
    en, _ = _html(tmp_path, "en")
    assert "Debt-collection evidence report" in en and "Timeline" in en and "时间线" not in en


def test_data_uri_sniffs_only_images():
    assert data_uri(_png()).startswith("data:image/png;base64,")
    assert data_uri(b"<svg onload=alert(1)>").startswith("data:application/octet-stream;base64,")


def test_browser_opens_it_offline_without_requests_or_scripts(tmp_path):
    """Chromium loads the report: the only request is the file itself and no script runs."""
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        pytest.skip("chromium is not installed (make test installs it with apt)")
    sync_api = pytest.importorskip("playwright.sync_api")
    html, _ = _html(tmp_path)
    page_file = tmp_path / "report.html"
    page_file.write_text(html, encoding="utf-8")
    requests, dialogs = [], []
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_file.as_uri())
            shown = page.inner_text("body")
            images = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
            browser.close()
    except Exception as exc:  # a browser that cannot start here is an environment problem, not ours
        pytest.skip(f"chromium could not start: {exc}")
    assert [u for u in requests if not u.startswith("data:")] == [page_file.as_uri()]
    assert dialogs == []
    assert "<script>alert('x')</script>" in shown
    assert images and all(w > 0 for w in images)  # every embedded image decodes
