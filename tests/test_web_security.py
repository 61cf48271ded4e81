"""What keeps the web app safe for a borrower: escaped text, inert links, no outside requests, headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from tests.conftest import SEED

from dunguard.errors import BadInput
from dunguard.web.app import create_app
from dunguard.web.security import (
    UPLOAD_LIMIT,
    check_upload,
    csrf_ok,
    is_loopback_host,
    origin_allowed,
    sniff_type,
)

BASE = "http://127.0.0.1:8000"
STATIC = Path(__file__).parent.parent / "src" / "dunguard" / "web" / "static"

HOSTILE = (
    "<script>alert(1)</script>您的借款已逾期，点击 http://evil.example/pay?a=1&b=2 或 www.pay-now点com 还款，"
    '"><img src=x onerror=alert(2)> 联系13800138000'
)


@pytest.fixture
def client(tmp_path) -> TestClient:
    return TestClient(create_app(db_path=tmp_path / "cases.db"), base_url=BASE)


def submit(client: TestClient, text: str, lang: str = "zh") -> str:
    client.get("/")
    client.cookies.set("dg_lang", lang)
    r = client.post("/", data={"csrf_token": client.cookies["dg_csrf"], "text": text,
                               "received_at": "2025-02-26T10:30"})
    assert r.status_code == 200
    return r.text


class Refs(HTMLParser):
    """Every URL a page makes the browser load or go to, plus inline code it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href", "action", "formaction", "poster", "data", "srcset"):
            if a.get(name):
                self.urls.append(a[name])
        for name in a:
            if name.startswith("on"):
                self.inline.append(f"{tag} {name}")
        if "style" in a:
            self.inline.append(f"{tag} style")
        if tag == "style":
            self.inline.append("style tag")
        if tag == "script":
            self.scripts.append(a)
        if tag == "a":
            self.anchors.append(a.get("href") or "")


def outside(url: str) -> bool:
    parts = urlsplit(url.strip())
    if not parts.scheme and not url.startswith("//"):
        return False
    if parts.scheme in ("data", "javascript", "blob"):
        return True
    return not is_loopback_host(parts.hostname or "")


def pages(client: TestClient) -> dict[str, str]:
    out = {"home": client.get("/").text, "404": client.get("/missing").text}
    out["result_zh"] = submit(client, SEED + "\n\n" + HOSTILE)
    out["result_en"] = submit(client, SEED + "\n\n" + HOSTILE, "en")
    client.cookies.set("dg_lang", "zh")
    out["error"] = client.post("/", data={"csrf_token": "forged", "text": "x"}).text
    cid = client.post("/api/cases", json={"name": "<b>案件</b>"}).json()["id"]
    client.post(f"/api/cases/{cid}/messages", json={"text": HOSTILE, "received_at": "2025-02-26T10:30"})
    client.post(f"/api/cases/{cid}/notes", json={"text": "<script>alert(3)</script>"})
    for path in ("/cases", f"/cases/{cid}", f"/cases/{cid}/verify", f"/cases/{cid}?all=1", "/loans"):
        out[path] = client.get(path).text
    tok = client.cookies["dg_csrf"]
    out["loan_check"] = client.post("/loans", data={"csrf_token": tok, "section": "check", "received": "9000",
                                                    "count": "12", "amount": "1000", "signed": "2024-06-01"}).text
    out["loan_letter"] = client.post("/loans", data={"csrf_token": tok, "section": "letter", "kind": "willing",
                                                     "lender": "<script>x</script>"}).text
    for name in ("loan_check", "loan_letter", f"/cases/{cid}"):
        assert "<script>a" not in out[name] and "<script>x" not in out[name] and "<b>案件" not in out[name]
    return out


def test_no_page_loads_anything_from_outside_or_runs_inline_code(client):
    for name, html in pages(client).items():
        refs = Refs()
        refs.feed(html)
        assert refs.urls, name
        assert not [u for u in refs.urls if outside(u)], name
        assert not refs.inline, (name, refs.inline)
        for script in refs.scripts:
            assert script.get("src", "").startswith("/static/"), name  # no inline <script> body
    for css in STATIC.glob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text()):
            assert not outside(url), (css.name, url)
        assert "@import" not in css.read_text()
    for js in STATIC.glob("*.js"):
        assert not re.search(r"https?://", js.read_text()), js.name


def test_script_in_a_message_is_shown_as_text(client):
    html = submit(client, HOSTILE)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    refs = Refs()
    refs.feed(html)
    assert all(s.get("src") == "/static/app.js" for s in refs.scripts)


def test_links_in_a_message_are_never_clickable(client):
    html = submit(client, HOSTILE)
    refs = Refs()
    refs.feed(html)
    assert not [h for h in refs.anchors if "evil" in h or "pay-now" in h]
    assert "evil.example" in html  # shown, as text
    assert re.search(r'<mark class="el el-url" title="链接：[^"]*未打开', html)


def test_security_headers_on_every_kind_of_response(client):
    responses = [
        client.get("/"),
        client.get("/static/style.css"),
        client.get("/static/app.js"),
        client.get("/missing"),
        client.get("/openapi.json"),
        client.post("/api/analyze", json={"text": SEED}),
        client.post("/api/analyze", json={"text": ""}),
        client.post("/api/analyze", content=b"x", headers={"content-type": "text/plain"}),
        TestClient(create_app(), base_url="http://evil.example").get("/"),
    ]
    for r in responses:
        csp = r.headers["content-security-policy"]
        for part in ("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "script-src 'self'",
                     "style-src 'self'"):
            assert part in csp, (r.request.url, csp)
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"


def test_csrf_cookie_cannot_be_read_or_sent_by_other_sites(client):
    r = client.get("/")
    cookie = r.headers["set-cookie"].lower()
    assert "dg_csrf=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert csrf_ok("a" * 43, "a" * 43)
    assert not csrf_ok("a" * 43, "b" * 43)
    assert not csrf_ok(None, "a" * 43) and not csrf_ok("a" * 43, "") and not csrf_ok("", "")


@pytest.mark.parametrize(
    ("origin", "host", "site", "ok"),
    [
        (None, "127.0.0.1:8000", None, True),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "same-origin", True),
        ("http://localhost:3000", "127.0.0.1:8000", "same-site", True),
        ("null", "127.0.0.1:8000", "same-origin", True),
        ("null", "127.0.0.1:8000", None, False),
        ("https://evil.example", "127.0.0.1:8000", "cross-site", False),
        ("https://evil.example", "127.0.0.1:8000", None, False),
        ("http://127.0.0.1:8000", "127.0.0.1:8000", "cross-site", False),
        ("http://192.168.1.4:8000", "192.168.1.4:8000", "same-origin", True),
        ("http://192.168.1.9:8000", "192.168.1.4:8000", None, False),
        ("file://", "127.0.0.1:8000", None, False),
    ],
)
def test_origin_rules(origin, host, site, ok):
    assert origin_allowed(origin, host, site) is ok


def test_loopback_names():
    assert is_loopback_host("localhost") and is_loopback_host("127.0.0.5") and is_loopback_host("[::1]")
    assert not is_loopback_host("localhost.evil.example") and not is_loopback_host("10.0.0.1")


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 24


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"GIF89a" + b"\x00" * 10, "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"#!AMR\n", "audio/amr"),
        (b"\x00\x00\x00\x20ftypM4A \x00", "audio/mp4"),
        # call recorders that write AAC (.aac) or Ogg (.ogg/.opus) were refused as "不支持这种文件"
        (b"\xff\xf1\x50\x80\x02\x1f\xfc", "audio/aac"),
        (b"\xff\xf9\x50\x80\x02\x1f\xfc", "audio/aac"),
        (b"OggS\x00\x02\x00\x00", "audio/ogg"),
        ("催收短信记录".encode(), "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),  # a Windows program renamed .png
        (b"PK\x03\x04\x14\x00", None),  # a zip
        (b"\x7fELF\x02\x01\x01\x00", None),
    ],
)
def test_upload_type_is_decided_by_the_bytes(head, mime):
    assert sniff_type(head) == mime


def test_non_image_screenshot_and_oversized_upload_are_refused():
    assert check_upload("shot.png", PNG, 1000, expect_image=True) == "image/png"
    with pytest.raises(BadInput) as exc:
        check_upload("shot.png", b"hello, I am text", 16, expect_image=True)
    assert "不支持这种文件" in exc.value.render("zh") and "shot.png" in exc.value.render("zh")
    with pytest.raises(BadInput):
        check_upload("shot.png", b"MZ\x90\x00", 4)
    with pytest.raises(BadInput) as exc:
        check_upload("big.png", PNG, UPLOAD_LIMIT + 1)
    assert "50 MB" in exc.value.render("zh")
    with pytest.raises(BadInput):
        check_upload("empty.png", b"", 0)


def test_chunked_body_over_the_limit_is_refused(client):
    def chunks():
        for _ in range(40):
            yield b"a" * (100 * 1024)

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["key"] == "web_too_large"


def test_default_bind_is_loopback():
    import argparse

    from dunguard.web import cli as web_cli

    parser = argparse.ArgumentParser()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", default="zh")
    web_cli.register(parser.add_subparsers(), "zh", common)
    args = parser.parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_gbk_text_and_a_character_cut_at_the_end_of_the_sample_are_text():
    gbk = "号码,内容\n10690000,您的借款已逾期，请尽快还款\n".encode("gbk")
    assert sniff_type(gbk) == "text/plain"
    assert sniff_type(gbk[:-2]) == "text/plain"  # the sample ends inside a line
    assert check_upload("sms.csv", gbk[:20], len(gbk) * 10, export=True) == "text/plain"
    assert check_upload("sms.csv", b"\xff\xfe" + "内容".encode("utf-16-le"), 6, export=True) == "text/plain"
    with pytest.raises(BadInput):  # a line in neither encoding, not at the cut end
        check_upload("sms.csv", b"\xff\xff\xff\xff\n" + gbk, len(gbk) + 5, export=True)
    with pytest.raises(BadInput):  # binary junk, though it has no NUL byte
        check_upload("sms.csv", bytes(range(1, 256)) * 4, 1020, export=True)
