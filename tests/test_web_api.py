"""The web app through FastAPI's test client: the analyze page, its JSON twin, bad input."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from tests.conftest import SEED  # noqa: E402

from dunguard.ingest.text import split_messages  # noqa: E402
from dunguard.web.app import create_app  # noqa: E402

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(), base_url=BASE)


def token(client: TestClient) -> str:
    client.get("/")
    return client.cookies["dg_csrf"]


def post_form(client: TestClient, **fields: str):
    data = {"csrf_token": token(client), "received_at": "2025-02-26T10:30", "timezone": "Asia/Shanghai"}
    data.update(fields)
    return client.post("/", data=data)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ----------------------------------------------------------------------------- the page


def test_home_has_the_form_with_the_arrival_time_left_for_the_reader(client):
    # "now" would be a guess: at 23:00 it names the night rule for a text that came in the morning
    r = client.get("/")
    assert r.status_code == 200
    assert '<textarea id="text" name="text"' in r.text
    assert 'name="received_at" value=""' in r.text and "不知道就留空" in r.text
    assert "关于我的贷款" in r.text and "已逾期天数" in r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "dg_csrf" in r.cookies


def test_seed_message_shows_visit_time_answers_and_plan(client):
    r = post_form(client, text=SEED)
    assert r.status_code == 200
    page = text_of(r.text)
    assert "2025-02-27 周四 15:00" in page
    for q in ("一、这是什么短信？", "二、是真的吗？", "三、合法吗？", "四、他们真的会上门吗？", "五、现在该怎么做？"):
        assert q in page
    assert "上门威胁" in page and "可能是施压、吓唬" in page
    assert "CN-VISIT-001" in page
    assert "据公开报道转述" in page or "已核对条文" in page
    # the visit time is marked in the message with what it means
    assert re.search(r'<mark class="el el-time" title="上门时间：2025-02-27 周四 15:00"[^>]*>明天下午3点</mark>', r.text)
    # drafts are in read-only text boxes, with a copy button the script reveals
    assert re.search(r"<textarea id=\"draft-1-\d+\" readonly", r.text)
    assert 'data-copy="draft-1-' in r.text
    # the form keeps what was typed
    assert f">{SEED}</textarea>" in r.text


def test_the_page_speaks_of_its_own_pages_not_command_lines(client):
    r = post_form(client, text=SEED)
    page = text_of(r.text)
    # the answer comes first, then the message
    assert page.index("结论") < page.index("第一步") < page.index("短信原文") < page.index("一、这是什么短信？")
    assert "`dunguard" not in page and "--address-known" not in page and "--received-at" not in page
    assert re.search(r'<a href="/cases">「我的案件」页面</a>', r.text)
    # a medium visit answer asks about the address by the form field's name, not a command-line flag
    r = post_form(client, text=SEED, days_overdue="240", owed="80000", lender_type="small_loan", contacts="40")
    page = text_of(r.text)
    assert "表单里的「对方知道我的住址吗」" in page and "--address-known" not in page


def test_loan_fields_change_the_visit_answer(client):
    def level(html: str) -> str:
        return re.search(r'class="badge level-(\w+)"', html).group(1)

    assert level(post_form(client, text=SEED).text) == "low"
    r = post_form(client, text=SEED, days_overdue="200", owed="80000", lender_type="small_loan",
                  contacts="60", address_known="yes")
    assert level(r.text) != "low"
    assert 'value="200"' in r.text and "<details class=\"loan\" open>" in r.text


def test_several_messages_separated_by_blank_lines(client):
    r = post_form(client, text=SEED + "\n\n【某某银行】您的信用卡本期账单已出，请按时还款。")
    assert r.status_code == 200
    assert "第 1 条，共 2 条" in r.text and "第 2 条，共 2 条" in r.text
    assert split_messages("a\n \nb\r\n\r\nc\n") == ["a", "b", "c"]


def test_a_screen_paste_with_blank_lines_is_one_message_with_its_clutter_set_aside(client):
    paste = ("10690571238846\n\n12月7日 周一 18:35\n\n【某某花】张女士您好，您的借款已逾期98天，请尽快还款。"
             "\n\n这是真的吗？我好害怕")
    r = post_form(client, text=paste)
    assert r.status_code == 200
    assert "共 2 条" not in r.text and "共 4 条" not in r.text
    page = text_of(r.text)
    assert "这是真的吗？我好害怕" in page  # listed among the lines set aside, not judged as a message
    assert "看不懂" not in page


def test_the_monthly_sum_the_reader_can_pay_shapes_the_proposal_on_the_page_and_in_the_api(client):
    r = post_form(client, text=SEED, owed="6000", can_pay="500")
    assert r.status_code == 200 and "分 12 期" in text_of(r.text) and 'value="500"' in r.text
    api = client.post("/api/analyze", json={"text": SEED, "context": {"owed": "6000", "can_pay": "500"}}).json()
    assert api["context"]["can_pay"] == "500"
    negotiate = next(s for s in api["plan"] if s["id"] == "negotiate")
    assert "分12期偿还" in negotiate["draft"]["zh"]
    bad = client.post("/api/analyze", json={"text": SEED, "context": {"can_pay": "0"}})
    assert bad.status_code == 422


def test_english_switch_persists_in_a_cookie(client):
    tok = token(client)
    r = client.post("/lang", data={"csrf_token": tok, "lang": "en", "next": "/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    page = client.get("/").text
    assert "Paste the message" in page and "粘贴短信" not in page
    r = post_form(client, text=SEED)
    assert "Thu 2025-02-27 15:00" in text_of(r.text)
    assert "1. What kind of message is this?" in text_of(r.text)


def test_lang_switch_is_not_an_open_redirect(client):
    tok = token(client)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.post("/lang", data={"csrf_token": tok, "lang": "en", "next": target}, follow_redirects=False)
        assert r.headers["location"] == "/"


# ----------------------------------------------------------------------------- bad input on the page


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"text": ""}, "短信内容为空"),
        ({"text": "   \n "}, "短信内容为空"),
        ({"text": SEED, "received_at": "2025-13-45T99:00"}, "无法识别的接收时间"),
        ({"text": SEED, "timezone": "Mars/Olympus"}, "无法识别的时区"),
        ({"text": SEED, "days_overdue": "-3"}, "「已逾期天数」请填一个不小于 0 的整数"),
        ({"text": SEED, "days_overdue": "abc"}, "「已逾期天数」请填一个不小于 0 的整数"),
        ({"text": SEED, "owed": "十万"}, "「欠款金额（元）」请填一个不小于 0 的金额"),
        ({"text": SEED, "owed": "NaN"}, "金额"),
        ({"text": SEED, "lender_type": "loan-shark"}, "贷款信息有误"),
        ({"text": "x" * 100_001}, "短信太长"),
        # Chinese text URL-encodes to 9 bytes a character: past Starlette's own 1 MB field limit, still our message
        ({"text": "催" * 120_000}, "短信太长"),
        ({"text": "\n\n".join(["催收"] * 31)}, "一次最多分析 30 条短信"),
    ],
)
def test_bad_form_input_is_one_clear_sentence(client, fields, expected):
    r = post_form(client, **fields)
    assert r.status_code == 400
    assert expected in r.text
    assert 'role="alert"' in r.text
    assert "Traceback" not in r.text


def test_twenty_megabyte_paste_is_refused_with_a_page(client):
    r = post_form(client, text="催" * (20 * 1024 * 1024 // 3))
    assert r.status_code == 413
    assert "提交的内容太大" in r.text and "Traceback" not in r.text


def test_forged_or_missing_csrf_token_is_refused(client):
    client.get("/")
    r = client.post("/", data={"csrf_token": "forged", "text": SEED})
    assert r.status_code == 403 and "页面已过期或来源不明" in r.text
    r = client.post("/", data={"text": SEED})
    assert r.status_code == 403
    fresh = TestClient(create_app(), base_url=BASE)  # no cookie at all
    assert fresh.post("/", data={"csrf_token": "x" * 43, "text": SEED}).status_code == 403


def test_cross_site_form_post_is_refused(client):
    tok = token(client)
    r = client.post("/", data={"csrf_token": tok, "text": SEED}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403 and "请求来自其他网站" in r.text
    r = client.post("/", data={"csrf_token": tok, "text": SEED}, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    # our own pages send Origin: null because of Referrer-Policy: no-referrer
    r = client.post("/", data={"csrf_token": tok, "text": SEED},
                    headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200


def test_unknown_page_and_method_are_pages_not_tracebacks(client):
    r = client.get("/nope")
    assert r.status_code == 404 and "没有这个页面" in r.text
    r = client.put("/")
    assert r.status_code in (403, 405) and "Traceback" not in r.text


def test_foreign_host_header_is_refused():
    # DNS rebinding: a page at attacker.example resolved to 127.0.0.1 sends its own Host.
    c = TestClient(create_app(), base_url="http://attacker.example")
    r = c.get("/")
    assert r.status_code == 400 and "不是本机地址" in r.text
    r = TestClient(create_app(allowed_hosts=None), base_url="http://192.168.1.5:8000").get("/")
    assert r.status_code == 200


# ----------------------------------------------------------------------------- the JSON API


def test_api_analyze_is_the_cli_json(client, run_cli):
    code, out, _ = run_cli("analyze", "--json", "--received-at", "2025-02-26T10:30", "--days-overdue", "5",
                           "--owed", "3000", "--lender-type", "platform", "--contacts", "2", SEED)
    assert code == 0
    r = client.post("/api/analyze", json={"text": SEED, "received_at": "2025-02-26T10:30",
                                          "context": {"days_overdue": 5, "owed": "3000",
                                                      "lender_type": "platform", "contacts": 2}})
    assert r.status_code == 200
    assert r.json() == json.loads(out)


def test_api_without_context_or_time_matches_cli(client, run_cli):
    code, out, _ = run_cli("analyze", "--json", SEED)
    r = client.post("/api/analyze", json={"text": SEED, "context": {"lender_type": "unknown"}})
    assert r.json() == json.loads(out)
    assert r.json()["context"] is None


@pytest.mark.parametrize(
    ("body", "status", "key"),
    [
        ({"text": ""}, 422, "empty_message"),
        ({}, 422, "empty_message"),
        ({"text": "   "}, 400, "empty_message"),
        ({"text": "x" * 100_001}, 422, "message_too_long"),
        ({"text": SEED, "received_at": "next tuesday"}, 400, "bad_received_at"),
        ({"text": SEED, "received_at": "2099-01-01T10:00"}, 400, "received_in_future"),
        ({"text": SEED, "received_at": "1900-01-01T10:00"}, 400, "received_out_of_range"),
        ({"text": SEED, "timezone": "Nowhere/City"}, 400, "bad_timezone"),
        ({"text": SEED, "context": {"days_overdue": -1}}, 422, "bad_context"),
        ({"text": SEED, "context": {"owed": "-5"}}, 422, "bad_context"),
        ({"text": SEED, "context": {"lender_type": "shark"}}, 422, "bad_context"),
        ({"text": SEED, "context": {"contacts": 1.5}}, 422, "bad_context"),
        ({"text": SEED, "colour": "red"}, 422, "web_bad_field"),
        ({"text": 12}, 422, "web_bad_field"),
        ([1, 2], 422, "web_bad_json"),
    ],
)
def test_api_bad_input_is_a_bilingual_4xx(client, body, status, key):
    r = client.post("/api/analyze", json=body)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["key"] == key
    assert err["message"]["zh"] and err["message"]["en"]
    assert "\n" not in err["message"]["zh"]


def test_api_rejects_non_json_and_foreign_origins(client):
    r = client.post("/api/analyze", content=json.dumps({"text": SEED}), headers={"content-type": "text/plain"})
    assert r.status_code == 415 and r.json()["error"]["key"] == "web_json_only"
    r = client.post("/api/analyze", data={"text": SEED})
    assert r.status_code == 415
    r = client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["key"] == "web_bad_json"
    r = client.post("/api/analyze", json={"text": SEED}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403 and r.json()["error"]["key"] == "web_bad_origin"
    r = client.post("/api/analyze", json={"text": SEED}, headers={"origin": "http://localhost:5173"})
    assert r.status_code == 200  # another local tool of the user's own


def test_api_huge_body_is_413_json(client):
    r = client.post("/api/analyze", content=b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json()["error"]["key"] == "web_too_large"


def test_openapi_documents_the_request_model(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/analyze"]["post"]
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    props = spec["components"]["schemas"][ref]["properties"]
    assert {"text", "received_at", "sender", "timezone", "context"} <= set(props)
    ctx = spec["components"]["schemas"]["ContextIn"]["properties"]
    assert ctx["lender_type"]["enum"] == ["bank", "consumer_finance", "small_loan", "platform", "unknown"]
    assert {"400", "415", "422"} <= set(op["responses"])
    # the interactive docs would load scripts from a CDN
    assert client.get("/docs").status_code == 404


def test_serve_command_registers_and_warns_beyond_loopback(monkeypatch, capsys):
    import dunguard.cli
    from dunguard.web import cli as web_cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.web.cli",))
    calls = []

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({**kw, "app": app}))
    # (the default port may be taken on a developer's machine; whether it is free is checked on its own below)
    real_port_problem = web_cli.port_problem
    monkeypatch.setattr(web_cli, "port_problem", lambda host, port: None)
    assert dunguard.cli.main(["serve"]) == 0
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "警告" not in capsys.readouterr().err
    assert dunguard.cli.main(["serve", "--host", "0.0.0.0", "--port", "8080"]) == 0
    err = capsys.readouterr().err
    assert "警告" in err and "0.0.0.0" in err
    assert dunguard.cli.main(["serve", "--port", "70000"]) == 2
    assert "1 到 65535" in capsys.readouterr().err
    assert web_cli.is_loopback("::1") and not web_cli.is_loopback("192.168.1.2")
    # a port already taken (dunguard running twice) is one sentence with what to do, not uvicorn's log
    import socket

    monkeypatch.setattr(web_cli, "port_problem", real_port_problem)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert dunguard.cli.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"无法使用 127.0.0.1:{port}（端口已被占用）" in err and "--port" in err and err.count("\n") == 1
    # --lang en makes English the default until the switch is pressed
    monkeypatch.setattr(web_cli, "port_problem", lambda host, port: None)
    assert dunguard.cli.main(["serve", "--lang", "en"]) == 0
    assert calls[-1]["app"].state.default_lang == "en"
    assert "Paste the message" in TestClient(calls[-1]["app"], base_url=BASE).get("/").text


# ----------------------------------------------------------------------------- cases

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def cclient(tmp_path) -> TestClient:
    return TestClient(create_app(db_path=tmp_path / "cases.db"), base_url=BASE)


def new_case(c: TestClient, name: str = "某某借款 逾期") -> str:
    r = c.post("/cases", data={"csrf_token": token(c), "name": name}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"].rsplit("/", 1)[1]


def test_a_message_saved_without_a_time_says_what_that_costs(cclient):
    c = cclient
    cid = new_case(c)
    r = c.post(f"/cases/{cid}/messages", data={"csrf_token": c.cookies["dg_csrf"], "text": SEED, "received_at": ""})
    assert r.status_code == 200 and "没有填写收到时间" in text_of(r.text)
    assert "上门拜访" in text_of(c.get(f"/cases/{cid}").text)  # it is saved all the same


def test_case_pages_add_everything_and_verify(cclient):
    c = cclient
    assert "还没有案件" in c.get("/cases").text
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    base = f"/cases/{cid}"
    for what, data in (("messages", {"text": SEED, "received_at": "2025-02-26T10:30", "sender": "10690000"}),
                       ("calls", {"number": "13800138000", "at": "2025-02-26T22:40", "minutes": "3",
                                  "note": "威胁明天上门"}),
                       ("notes", {"text": "对方自称法务部"})):
        r = c.post(f"{base}/{what}", data={"csrf_token": tok, **data}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("?saved=1#timeline"), (what, r.text[:300])
    r = c.post(f"{base}/attachments", data={"csrf_token": tok, "kind": "screenshot", "note": "短信截图"},
               files={"file": ("../../截图 1.png", PNG, "image/png")}, follow_redirects=False)
    assert r.status_code == 303
    page = c.get(base).text
    assert "某某借款 逾期" in page and "上门拜访" in page and "可能是施压、吓唬" in page
    assert "来电 13800138000，3 分钟" in page and "对方自称法务部" in page and "截图 1.png" in page
    assert f'<img src="/cases/{cid}/chart.png"' in page
    chart = c.get(f"{base}/chart.png")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")
    # a phone gets its own picture: laid out for a 390 px screen, drawn twice as sharp
    assert f'srcset="/cases/{cid}/chart.png?size=phone"' in page
    phone = c.get(f"{base}/chart.png?size=phone")
    assert phone.status_code == 200 and int.from_bytes(phone.content[16:20], "big") == 760
    assert int.from_bytes(chart.content[16:20], "big") == 1100
    bad = c.get(f"{base}/chart.png?size=huge")
    assert bad.status_code == 400 and "Traceback" not in bad.text
    verified = c.get(f"{base}/verify").text
    assert "校验通过：" in verified and "verify-ok" in verified
    listing = c.get("/cases").text
    assert f'href="/cases/{cid}"' in listing


def test_case_page_shows_every_time_in_the_zone_case_show_uses(cclient, tmp_path, run_cli):
    """Notes and files are stamped in UTC, messages and calls in the borrower's zone: the page
    must show all of them as `dunguard case show` does (Asia/Shanghai), not UTC for some."""
    from datetime import UTC, datetime

    from dunguard.case.store import open_store

    c = cclient
    cid = new_case(c)
    assert c.post(f"/api/cases/{cid}/notes", json={"text": "备注"}).is_success
    assert c.post(f"/api/cases/{cid}/attachments", data={"kind": "screenshot"},
                  files={"file": ("s.png", PNG, "image/png")}).is_success
    db = tmp_path / "cases.db"
    with open_store(db) as store:  # a call stored with a UTC offset, as an import from another tool may give
        store.add_call(cid, "13800138000", datetime(2025, 2, 26, 15, 30, tzinfo=UTC), 3, "")
        stamps = [i.at for i in store.timeline(cid) if i.type in ("note", "attachment")]
    assert all(at.endswith("+00:00") for at in stamps)  # what makes this test bite

    for lang in ("zh", "en"):
        c.cookies.set("dg_lang", lang)
        shown = re.findall(r'class="when">([^<]+)<', c.get(f"/cases/{cid}").text)
        code, out, _ = run_cli("case", "show", cid, "--db", str(db), "--lang", lang)
        assert code == 0
        cli = re.findall(r"^(\d{4}-\d\d-\d\d \S+ \d\d:\d\d)  ", out, re.M)
        assert len(shown) == 3 and shown == cli, (lang, shown, cli)
        assert ("2025-02-26 周三 23:30" if lang == "zh" else "2025-02-26 Wed 23:30") in shown
    c.cookies.set("dg_lang", "zh")


def test_case_lists_show_the_creation_time_in_that_zone_too(cclient, tmp_path, run_cli):
    from dunguard.case.store import open_store

    c = cclient
    cid = new_case(c)
    db = tmp_path / "cases.db"
    with open_store(db) as store:  # created late in the UTC evening: already the next day in Shanghai
        store.conn.execute("UPDATE cases SET created_at = '2025-02-26T20:00:00+00:00' WHERE id = ?", (cid,))
    assert re.search(r"<td[^>]*>2025-02-27</td></tr>", c.get("/cases").text)
    code, out, _ = run_cli("case", "list", "--db", str(db))
    assert code == 0 and "2025-02-27 04:00" in out


def test_case_bad_input_is_a_message_on_the_case_page(cclient):
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    cases = [
        ("attachments", {"kind": "screenshot"}, {"file": ("shot.png", b"just some text", "image/png")},
         "不支持这种文件：shot.png"),
        ("attachments", {"kind": "other"}, {"file": ("prog.png", b"MZ\x90\x00\x03\x00", "image/png")},
         "不支持这种文件"),
        ("attachments", {"kind": "recording"}, {"file": ("rec.m4a", PNG, "audio/mp4")}, "不支持这种文件"),
        ("attachments", {"kind": "other"}, {"file": ("empty.txt", b"", "text/plain")}, "上传的文件是空的"),
        ("messages", {"text": ""}, None, "短信内容为空"),
        ("messages", {"text": SEED, "received_at": "昨天"}, None, "无法识别的接收时间"),
        ("calls", {"number": "138", "at": "2025-02-26T22:40", "minutes": "lots"}, None, "「通话分钟数」"),
        ("calls", {"number": "", "at": "2025-02-26T22:40", "minutes": "1"}, None, "请填写来电号码"),
        # a call's time is required and is the call's: not "the received time … leave it out if unsure"
        ("calls", {"number": "138", "at": "", "minutes": "1"}, None, "请填写来电时间：照手机通话记录"),
        ("calls", {"number": "138", "at": "2025-02-26", "minutes": "1"}, None, "来电时间 2025-02-26 只有日期"),
        ("notes", {"text": "  "}, None, "请填写备注内容"),
    ]
    for what, data, files, expected in cases:
        r = c.post(f"/cases/{cid}/{what}", data={"csrf_token": tok, **data}, files=files)
        assert r.status_code == 400, (what, data)
        assert expected in r.text, (what, expected)
        assert "Traceback" not in r.text
    assert c.post("/cases", data={"csrf_token": tok, "name": "  "}).status_code == 400
    missing = c.get("/cases/ffffffff")
    assert missing.status_code == 404
    # a web page cannot run `dunguard case list`: it points to the case list page instead
    assert "没有这个案件：ffffffff" in missing.text and "我的案件" in missing.text and "dunguard case" not in missing.text
    # nothing bad was stored, and the chain is intact
    info = c.get(f"/api/cases/{cid}").json()
    assert info["timeline"] == [] and c.get(f"/api/cases/{cid}/verify").json()["ok"] is True


def test_case_forms_need_the_csrf_token(cclient):
    c = cclient
    cid = new_case(c)
    r = c.post(f"/cases/{cid}/notes", data={"csrf_token": "forged", "text": "x"})
    assert r.status_code == 403
    r = c.post(f"/cases/{cid}/attachments", data={"csrf_token": "forged"}, files={"file": ("a.png", PNG, "image/png")})
    assert r.status_code == 403
    assert c.get(f"/api/cases/{cid}").json()["timeline"] == []


def test_case_json_twins(cclient):
    c = cclient
    r = c.post("/api/cases", json={"name": "API 案件"})
    assert r.status_code == 201
    cid = r.json()["id"]
    r = c.post(f"/api/cases/{cid}/messages", json={"text": SEED + "\n\n" + SEED.replace("3点", "4点"),
                                                   "received_at": "2025-02-26T10:30", "sender": "10690000"})
    assert r.status_code == 200 and r.json()["added"] == 2
    again = c.post(f"/api/cases/{cid}/messages", json={"text": SEED, "received_at": "2025-02-26T10:30",
                                                       "sender": "10690000"})
    assert again.json()["added"] == 0 and again.json()["duplicates"] == 1
    assert c.post(f"/api/cases/{cid}/calls", json={"number": "13800138000", "at": "2025-02-27T23:10",
                                                   "minutes": 2}).status_code == 200
    assert c.post(f"/api/cases/{cid}/notes", json={"text": "备注"}).status_code == 200
    r = c.post(f"/api/cases/{cid}/attachments", data={"kind": "screenshot"}, files={"file": ("s.png", PNG, "image/png")})
    assert r.status_code == 201 and r.json()["type"] == "image/png"
    sha = r.json()["sha256"]
    case = c.get(f"/api/cases/{cid}").json()
    assert case["case"]["flagged"] == 2
    assert sorted(i["type"] for i in case["timeline"]) == ["attachment", "call", "message", "message", "note"]
    first = next(i for i in case["timeline"] if i["type"] == "message")
    assert first["report"]["verdict"]["primary_kind"] == "visit_threat"
    assert c.get(f"/api/cases/{cid}/verify").json()["ok"] is True
    assert [e["kind"] for e in c.get(f"/api/cases/{cid}/events").json()][0] == "create"
    f = c.get(f"/api/cases/{cid}/files/{sha}")
    assert f.content == PNG and f.headers["content-type"] == "image/png"
    assert c.get("/api/cases").json()[0]["id"] == cid
    r = c.post(f"/api/cases/{cid}/attachments", data={"kind": "screenshot"},
               files={"file": ("s.png", b"<html><script>x</script>", "image/png")})
    assert r.status_code == 400 and r.json()["error"]["key"] == "web_bad_upload_type"
    assert c.get("/api/cases/ffffffff").status_code == 404
    assert c.post("/api/cases", json={"name": ""}).status_code == 422
    assert c.post(f"/api/cases/{cid}/calls", json={"number": "1", "at": "x", "minutes": 1}).status_code == 400


def test_non_image_evidence_is_downloaded_never_shown(cclient):
    c = cclient
    cid = c.post("/api/cases", json={"name": "x"}).json()["id"]
    sha = c.post(f"/api/cases/{cid}/attachments", data={"kind": "other"},
                 files={"file": ("page.html", b"<html><script>alert(1)</script></html>", "text/html")}).json()["sha256"]
    r = c.get(f"/cases/{cid}/files/{sha}")
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")


def test_export_downloads_an_evidence_package(cclient):
    pytest.importorskip("dunguard.case.export")
    import io
    import zipfile

    c = cclient
    cid = c.post("/api/cases", json={"name": "导出"}).json()["id"]
    c.post(f"/api/cases/{cid}/messages", json={"text": SEED, "received_at": "2025-02-26T10:30"})
    r = c.post(f"/cases/{cid}/export", data={"csrf_token": token(c)})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert f"dunguard-case-{cid}.zip" in r.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "manifest.json" in names
    assert [e["kind"] for e in c.get(f"/api/cases/{cid}/events").json()][-1] == "export"


# ----------------------------------------------------------------------------- loans


def test_a_seven_day_loan_on_the_page_and_the_api(client):
    # 1400 received, 2000 repaid a week later: rated over 7 days, not as a month.
    r = client.post("/loans", data={"csrf_token": token(client), "section": "check", "received": "1400",
                                    "count": "1", "amount": "2000", "interval_days": "7"})
    assert r.status_code == 200 and "每期 7 天" in text_of(r.text) and "2,234.69%" in text_of(r.text)
    r = client.post("/loans", data={"csrf_token": token(client), "section": "check", "received": "1400",
                                    "count": "1", "amount": "2000", "interval_days": "seven"})
    assert r.status_code == 400 and "每期间隔天数" in text_of(r.text)
    r = client.post("/api/loans/check", json={"received": "1400", "count": 1, "amount": "2000", "interval_days": 7})
    assert r.status_code == 200 and any("2,234.69%" in line for line in r.json()["lines"])


def test_loan_page_rate_lines_plan_and_letter(client):
    tok = token(client)
    r = client.post("/loans", data={"csrf_token": tok, "section": "check", "received": "9000", "count": "12",
                                    "amount": "1000", "lender_type": "platform", "signed": "2024-06-01"})
    assert r.status_code == 200
    page = text_of(r.text)
    assert "真实年化利率（把每笔还款的时间都算进去）：56.75%" in page
    assert "超过" in page and "24.00%" in page
    r = client.post("/loans", data={"csrf_token": tok, "section": "plan", "owed": "12000", "income": "5000",
                                    "expenses": "3500", "months": "6,12,24"})
    assert r.status_code == 200 and "分 24 期：每月 500.00 元" in text_of(r.text)
    r = client.post("/loans", data={"csrf_token": tok, "section": "letter", "kind": "negotiate", "owed": "12000",
                                    "plan_months": "12", "reason": "失业", "lender": "某某消费金融"})
    assert r.status_code == 200
    letter = re.search(r'<textarea id="letter-text" readonly[^>]*>(.*?)</textarea>', r.text, re.S).group(1)
    assert "某某消费金融" in letter and "失业" in letter and "【姓名】" in letter


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"section": "check", "received": "abc", "count": "12", "amount": "1000"}, "金额有误"),
        ({"section": "check", "received": "9000", "count": "0", "amount": "1000"}, ""),
        ({"section": "check", "received": "9000", "count": "12", "amount": "1000", "signed": "2024-13-01"},
         "日期有误"),
        ({"section": "check", "received": "20000", "count": "12", "amount": "1000"}, ""),
        ({"section": "plan", "owed": "", "income": "1", "expenses": "1"}, "金额有误"),
        ({"section": "plan", "owed": "100", "income": "1", "expenses": "1", "months": "0"}, ""),
        ({"section": "letter", "kind": "ransom"}, ""),
        ({"section": "nothing"}, ""),
    ],
)
def test_loan_page_bad_input(client, fields, expected):
    r = client.post("/loans", data={"csrf_token": token(client), **fields})
    assert r.status_code == 400
    assert 'role="alert"' in r.text and expected in r.text and "Traceback" not in r.text


def test_loan_json_twins(client):
    r = client.post("/api/loans/check", json={"received": "9000", "count": 12, "amount": "1000",
                                              "lender_type": "platform", "signed": "2024-06-01"})
    assert r.status_code == 200
    body = r.json()
    assert body["rate"]["nominal_annual"].startswith("0.5675")
    assert any(res["crossed"] for res in body["check"]["results"])
    assert body["lines"][0].startswith("到手金额")
    r = client.post("/api/loans/plan", json={"owed": "12000", "income": "5000", "expenses": "3500", "lang": "en"})
    assert r.status_code == 200 and r.json()["plan"]["budget"] == "750.00" and r.json()["lines"][0].startswith("Owed")
    r = client.post("/api/letters/negotiate", json={"owed": "12000", "months": 12, "lang": "en"})
    assert r.status_code == 200 and "【" in r.json()["text"] and r.json()["blanks"]
    r = client.post("/api/loans/check", json={"received": "20000", "count": 12, "amount": "1000"})
    assert r.status_code == 400 and r.json()["error"]["message"]["zh"]
    assert client.post("/api/letters/ransom", json={}).status_code == 422


ANDROID = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2" backup_set="x">
  <sms protocol="0" address="95188" date="1740537000000" type="1" body="您的借款已逾期,我们将于明天下午3点上门拜访。" read="1" />
  <sms protocol="0" address="10690000" date="1740623400000" type="1" body="再不还款将联系你的家人和单位。" read="1" />
</smses>
""".encode()


def test_case_import_of_a_phone_export_and_complaint(cclient):
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")})
    # the page says what the file gave, and a second import that it added nothing
    assert r.status_code == 200 and "读取 2 条短信：新增 2 条，已在案件里的重复 0 条" in text_of(r.text), r.text[:500]
    again = c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")})
    assert "新增 0 条，已在案件里的重复 2 条" in text_of(again.text)
    again = c.post(f"/api/cases/{cid}/import", files={"file": ("sms.xml", ANDROID, "text/xml")})
    assert again.status_code == 201 and again.json()["added"] == 0 and again.json()["duplicates"] == 2
    page = c.get(f"/cases/{cid}").text
    assert "联系你的家人和单位" in page and "sms.xml" in page
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": tok},
               files={"file": ("photo.xml", PNG, "image/png")})
    assert r.status_code == 400 and "不是短信备份文件" in r.text
    # a screenshot in the import form is told where screenshots go and how its text gets in
    assert "是一张图片" in r.text and "上传截图、录音或其他证据" in r.text and "添加短信" in r.text
    r = c.post(f"/cases/{cid}/complaint", data={"csrf_token": tok, "to": "12378"})
    assert r.status_code == 200
    letter = re.search(r'<textarea id="complaint-text" readonly[^>]*>(.*?)</textarea>', r.text, re.S).group(1)
    assert "投诉" in letter and "联系你的家人和单位" in letter and "12378" in letter
    r = c.post(f"/api/cases/{cid}/complaint", json={"to": "nifa", "lang": "en"})
    assert r.status_code == 200 and r.json()["blanks"] and "Complaint" in r.json()["text"]
    assert c.get(f"/api/cases/{cid}/verify").json()["ok"] is True


def test_import_errors_name_the_uploaded_file_not_the_servers_folder(cclient):
    c = cclient
    cid = new_case(c)
    trunc = ANDROID[:200]
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": c.cookies["dg_csrf"]},
               files={"file": ("trunc.xml", trunc, "text/xml")})
    error = re.search(r'id="error">([^<]*)<', r.text).group(1)
    assert r.status_code == 400 and error.startswith("无法读取 trunc.xml（第 3 行）")
    r = c.post(f"/api/cases/{cid}/import", files={"file": ("trunc.xml", trunc, "text/xml")})
    message = r.json()["error"]["message"]
    assert r.status_code == 400 and message["en"].startswith("Cannot read trunc.xml (line 3)")
    assert "dunguard-web-" not in message["zh"] + message["en"]


def test_import_of_a_csv_mixing_utf8_and_gbk_lines_warns_on_the_page_and_in_json(cclient):
    c = cclient
    cid = new_case(c)
    mixed = ("text,received_at\n第一条：您的借款已逾期，请尽快还款,2025-02-26 10:30\n".encode()
             + "第二条,2025-02-26 10:31\n".encode("gbk"))
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": c.cookies["dg_csrf"]},
               files={"file": ("mixed.csv", mixed, "text/csv")})
    assert r.status_code == 200
    assert "注意：mixed.csv 混用了两种编码：第 3 行是 GBK/GB18030，其余是 UTF-8" in r.text
    texts = [i["text"] for i in c.get(f"/api/cases/{cid}?include=all").json()["timeline"] if i["type"] == "message"]
    assert texts == ["第一条：您的借款已逾期，请尽快还款", "第二条"]
    r = c.post(f"/api/cases/{cid}/import", files={"file": ("mixed.csv", mixed, "text/csv")})
    assert r.status_code == 201 and r.json()["duplicates"] == 2
    assert r.json()["warnings"][0]["en"].startswith("Warning: mixed.csv mixes encodings: line 3 in GBK/GB18030")


def test_the_stores_own_file_notes_are_shown_in_the_pages_language(cclient):
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")})
    r = c.post(f"/cases/{cid}/calls", data={"csrf_token": tok, "number": "13800138000", "at": "2025-02-26T21:30",
                                            "minutes": "3"}, files={"recording": ("call.m4a", b"\x00\x00\x00\x18ftypM4A x",
                                                                                  "audio/mp4")})
    assert r.status_code == 200, r.text[:300]
    page = c.get(f"/cases/{cid}").text
    assert "导入的安卓短信备份（SMS Backup &amp; Restore）" in page and "2025-02-26 周三 21:30 来电的录音" in page
    assert "import (android)" not in page and "call 2025" not in page
    c.cookies.set("dg_lang", "en")
    page = c.get(f"/cases/{cid}").text
    assert "imported Android SMS backup" in page and "recording of the call on 2025-02-26 Wed 21:30" in page


def test_a_failed_check_on_the_case_page_speaks_the_pages_language(cclient, tmp_path):
    from dunguard.case.store import open_store

    c = cclient
    cid = new_case(c)
    c.post(f"/cases/{cid}/import", data={"csrf_token": c.cookies["dg_csrf"]},
           files={"file": ("sms.xml", ANDROID, "text/xml")})
    with open_store(tmp_path / "cases.db") as store:
        ref = store.conn.execute("SELECT id FROM messages ORDER BY id LIMIT 1").fetchone()[0]
        store.conn.execute("UPDATE messages SET text = '改过的' WHERE id = ?", (ref,))
    page = c.get(f"/cases/{cid}/verify").text
    assert f"短信 {ref[:16]}：被改动<" in page and "row differs" not in page
    c.cookies.set("dg_lang", "en")
    page = c.get(f"/cases/{cid}/verify").text
    assert f"message {ref[:16]}: altered (row differs from the hash logged when it was added)<" in page


def test_serve_with_two_workers_answers_like_one(tmp_path):
    # `dunguard serve --workers 2` builds each worker's app from the parent's options.
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "dunguard.cli", "serve", "--port", str(port), "--workers", "2",
         "--db", str(tmp_path / "c.db")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert r.status_code == 200 and "粘贴" in r.text
        r = httpx.post(f"http://127.0.0.1:{port}/api/analyze", json={"text": "你已逾期，明天下午3点上门", "received_at": "2025-02-26T10:30"}, timeout=10)
        assert r.status_code == 200 and "visit_threat" in r.json()["verdict"]["kinds"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_docs_and_openapi_give_the_status_blank_text_gets(client):
    # docs/web.md once said blank text gets 400; an empty text is refused by the schema (422).
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "web.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| (\d{3}) \| (.*) \|$", doc, re.M)}
    spec = client.get("/openapi.json").json()["paths"]["/api/analyze"]["post"]["responses"]
    for body, doc_words, api_words in (
        ({"text": ""}, "empty or missing `text`", "empty or missing text"),
        ({}, "empty or missing `text`", "empty or missing text"),
        ({"text": "   "}, "text of spaces only", "text of spaces only"),
    ):
        status = str(client.post("/api/analyze", json=body).status_code)
        assert doc_words in rows[status], (body, status, rows[status])
        assert api_words in spec[status]["description"], (body, status)
        assert not any(doc_words in text for code, text in rows.items() if code != status)
    assert "blank text" not in doc


def test_a_gbk_csv_export_imports_on_the_page_and_in_the_api_as_in_the_cli(cclient):
    # The upload check had judged the first 64 bytes as UTF-8 only, so a spreadsheet export
    # saved as GBK on Chinese Windows was 'not a message export' although `case import` reads it.
    c = cclient
    cid = new_case(c)
    rows = "".join(f"您的借款已逾期第{i}天，请尽快还款,10690000,2025-02-26 10:{i:02d}\n" for i in range(40))
    gbk = ("内容,号码,时间\n" + rows).encode("gbk")
    assert len(gbk) > 64
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": c.cookies["dg_csrf"]},
               files={"file": ("导出.csv", gbk, "text/csv")})
    assert r.status_code == 200 and "新增 40 条" in text_of(r.text), r.text[:300]
    texts = [i["text"] for i in c.get(f"/api/cases/{cid}?include=all").json()["timeline"] if i["type"] == "message"]
    assert texts[0] == "您的借款已逾期第0天，请尽快还款" and len(texts) == 40
    r = c.post(f"/api/cases/{cid}/import", files={"file": ("导出.csv", gbk, "text/csv")})
    assert r.status_code == 201 and r.json()["duplicates"] == 40


def test_binary_junk_is_still_refused_as_an_export_with_one_line(cclient):
    import random

    c = cclient
    cid = new_case(c)
    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(5000))
    for name, data in (("junk.csv", junk), ("app.csv", b"MZ\x90\x00" + junk), ("a.csv", b"PK\x03\x04" + junk)):
        r = c.post(f"/api/cases/{cid}/import", files={"file": (name, data, "text/csv")})
        assert r.status_code == 400 and r.json()["error"]["key"] == "web_bad_export_type"
        assert r.json()["error"]["message"]["zh"].startswith(f"{name} 不是短信备份文件")
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": c.cookies["dg_csrf"]},
               files={"file": ("junk.csv", junk, "text/csv")})
    assert r.status_code == 400 and "junk.csv 不是短信备份文件" in r.text and "Traceback" not in r.text


def test_a_case_that_breaks_no_rule_gets_no_complaint_unless_asked_and_then_an_honest_note(cclient):
    # The case page wrote a complaint for a bank's plain reminder: a letter naming no broken rule.
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    plain = "【招商银行】您尾号1234的信用卡本期账单已逾期，请于3月5日前还款，如已还款请忽略。"
    assert c.post(f"/api/cases/{cid}/messages", json={"text": plain, "received_at": "2025-02-26T10:30",
                                                      "sender": "95555"}).status_code == 200
    page = c.get(f"/cases/{cid}").text
    assert "案件里保存的短信没有发现违反所列催收规定的内容" in text_of(page)
    assert "仍然生成草稿（自己填写违反的规定）" in page and 'name="force" value="1"' in page
    r = c.post(f"/cases/{cid}/complaint", data={"csrf_token": tok, "to": "12378"})
    assert r.status_code == 400 and "complaint-text" not in r.text
    assert re.search(r'id="error">没有生成投诉书：案件里保存的短信没有违反所列催收规定的内容', r.text)
    r = c.post(f"/cases/{cid}/complaint", data={"csrf_token": tok, "to": "12378", "force": "1"})
    assert r.status_code == 200 and "complaint-text" in r.text
    assert "注意：这份草稿没有列出违反的规定" in r.text
    r = c.post(f"/api/cases/{cid}/complaint", json={"to": "12378", "lang": "en"})
    assert r.status_code == 400 and r.json()["error"]["key"] == "web_no_violation"
    assert r.json()["error"]["message"]["en"].startswith("No complaint written: nothing in the case's stored messages")
    r = c.post(f"/api/cases/{cid}/complaint", json={"to": "12378", "lang": "en", "force": True})
    assert r.status_code == 200 and r.json()["has_rules"] is False
    assert r.json()["note"]["en"].startswith("Note: this draft names no broken rule")
    # an empty case is refused the same way
    empty = new_case(c, "空案件")
    assert c.post(f"/api/cases/{empty}/complaint", json={}).json()["error"]["key"] == "web_no_violation"
    # a case with a rule broken keeps the plain button and gets a letter with no note
    c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")})
    assert "仍然生成草稿" not in c.get(f"/cases/{cid}").text
    r = c.post(f"/api/cases/{cid}/complaint", json={"to": "12378"})
    assert r.status_code == 200 and r.json()["has_rules"] is True and r.json()["note"] is None


def test_a_message_an_old_version_stored_twice_is_shown_once_on_the_case_page(cclient, tmp_path, monkeypatch):
    from dunguard.case import open_store

    c = cclient
    cid = new_case(c)
    with monkeypatch.context() as m:  # an older dunguard compared senders as written
        m.setattr("dunguard.case.store.sender_key", lambda s: (s or "").strip())
        for sender in ("13800000000", "+8613800000000"):
            r = c.post(f"/api/cases/{cid}/messages", json={"text": "你已逾期，明天下午3点上门", "sender": sender,
                                                           "received_at": "2025-02-26T10:30"})
            assert r.status_code == 200 and r.json()["added"] == 1
    page = c.get(f"/cases/{cid}").text
    assert page.count('<p class="sms">你已逾期，明天下午3点上门</p>') == 1
    assert "这条短信在案件里存了 2 份（旧版本把同一号码的不同写法当成了两个号码），这里只显示、只计算一次" in page
    assert re.search(r'class="counts">催收短信 1 ·', page)
    timeline = c.get(f"/api/cases/{cid}").json()["timeline"]
    assert [len(i["duplicates"]) for i in timeline if i["type"] == "message"] == [1]
    with open_store(tmp_path / "cases.db") as store:
        assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
    assert c.get(f"/api/cases/{cid}/verify").json()["ok"] is True


def test_a_scam_verdict_card_lists_the_signs_it_speaks_of(client):
    r = post_form(client, text="【最高人民法院】您因网贷逾期已被立案，请立即点击 http://court-gov.top/c 查看传票并缴纳保全金，"
                                "否则将冻结名下资产。")
    card = r.text.split('class="card summary"', 1)[1].split("</section>", 1)[0]
    assert "以下迹象同时出现" in card and card.count("<li>") >= 2


# ----------------------------------------------------------------------------- POST-redirect-GET (new-user test: after
# an import the page was the POST's answer, so the browser's refresh asked to send the file again)


def event_count(c, cid: str) -> int:
    return len(c.get(f"/api/cases/{cid}/events").json())


def test_an_import_answers_with_a_redirect_and_a_refresh_only_reads(cclient):
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/cases/{cid}?imported=")
    logged = event_count(c, cid)
    for _ in range(2):  # the page, then the browser's refresh of it: the result is there both times
        page = c.get(r.headers["location"])
        assert page.status_code == 200
        assert "读取 2 条短信：新增 2 条，已在案件里的重复 0 条，无法读取 0 条。" in text_of(page.text)
    assert event_count(c, cid) == logged  # showing the result wrote nothing
    c.cookies.set("dg_lang", "en")
    assert "Read 2 messages: 2 added, 0 already in the case, 0 unreadable." in text_of(c.get(r.headers["location"]).text)
    # the case's own page, without the import's address, does not repeat the result
    assert "Read 2 messages" not in text_of(c.get(f"/cases/{cid}").text)


def test_submitting_the_same_import_twice_keeps_one_copy_of_everything(cclient):
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    for _ in range(2):  # a double click, or the form sent again from the browser's history
        r = c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")})
    assert "读取 2 条短信：新增 0 条，已在案件里的重复 2 条" in text_of(r.text)
    info = c.get(f"/api/cases/{cid}").json()
    assert info["case"]["messages"] == 2 and info["case"]["attachments"] == 1
    assert len([i for i in info["timeline"] if i["type"] == "message"]) == 2
    # the message form too: the same message sent twice is kept once
    for _ in range(2):
        r = c.post(f"/cases/{cid}/messages", data={"csrf_token": tok, "text": SEED, "received_at": "2025-02-26T10:30",
                                                   "sender": "10690000"}, follow_redirects=False)
        assert r.status_code == 303
    assert c.get(f"/api/cases/{cid}").json()["case"]["messages"] == 3
    assert c.get(f"/api/cases/{cid}/verify").json()["ok"] is True


def test_an_imports_warning_survives_the_redirect_and_only_on_its_own_page(cclient):
    c = cclient
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    mixed = ("text,received_at\n第一条：您的借款已逾期，请尽快还款,2025-02-26 10:30\n".encode()
             + "第二条,2025-02-26 10:31\n".encode("gbk"))
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("mixed.csv", mixed, "text/csv")},
               follow_redirects=False)
    assert r.status_code == 303
    warning = "注意：mixed.csv 混用了两种编码：第 3 行是 GBK/GB18030，其余是 UTF-8"
    page = text_of(c.get(r.headers["location"]).text)
    assert warning in page and "新增 2 条" in page
    assert warning in text_of(c.get(r.headers["location"]).text)  # a refresh keeps it
    c.cookies.set("dg_lang", "en")
    assert "Warning: mixed.csv mixes encodings: line 3 in GBK/GB18030" in text_of(c.get(r.headers["location"]).text)
    c.cookies.set("dg_lang", "zh")
    # the next import (a clean file) neither carries the old warning nor loses its own result
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": tok}, files={"file": ("sms.xml", ANDROID, "text/xml")})
    assert warning not in text_of(r.text) and "读取 2 条短信：新增 2 条" in text_of(r.text)


def test_a_message_without_a_time_is_saved_by_redirect_and_the_advice_is_kept(cclient):
    c = cclient
    cid = new_case(c)
    r = c.post(f"/cases/{cid}/messages", data={"csrf_token": c.cookies["dg_csrf"], "text": SEED, "received_at": ""},
               follow_redirects=False)
    assert r.status_code == 303
    page = text_of(c.get(r.headers["location"]).text)
    assert "已保存。" in page and "没有填写收到时间" in page


def test_a_made_up_import_address_shows_the_case_and_no_result(cclient):
    c = cclient
    cid = new_case(c)
    c.post(f"/cases/{cid}/notes", data={"csrf_token": c.cookies["dg_csrf"], "text": "对方自称法务部"})
    page = c.get(f"/cases/{cid}?imported=2")  # a log entry that is not an import's end
    assert page.status_code == 200 and "读取" not in text_of(page.text) and "对方自称法务部" in page.text
    assert c.get(f"/cases/{cid}?imported=99999").status_code == 200
    c.cookies.set("dg_import", "not base64 at all!")
    assert c.get(f"/cases/{cid}?imported=2").status_code == 200
    bad = c.get(f"/cases/{cid}?imported=abc")
    assert bad.status_code == 400 and "Traceback" not in bad.text


def test_a_message_posted_without_a_time_names_no_night_rule_whenever_it_is_posted(client):
    # a polite overdue notice pasted late at night: the time it is pasted is not the time it was sent
    r = client.post("/api/analyze", json={"text": "【XX金融】您好，您的借款已逾期3天，请尽快还款。"})
    assert r.status_code == 200
    assert "CN-TIME-001" not in {f["rule_id"] for f in r.json()["findings"]}


def test_the_browsers_favicon_request_is_answered_not_a_404(client):
    assert client.get("/favicon.ico").status_code == 204


def test_the_page_says_what_part_of_a_paste_it_set_aside(client):
    r = post_form(client, text="中国移动 4G 21:43 85%\n昨天 21:43\n【某某贷】您的借款已逾期，请尽快还款。\n这是真的吗？")
    page = text_of(r.text)
    assert "粘贴时一起带上的内容" in page and "这是真的吗？" in page and "中国移动 4G 21:43 85%" in page


def test_an_english_reader_also_gets_each_draft_in_chinese_to_send(client):
    tok = token(client)
    client.post("/lang", data={"csrf_token": tok, "lang": "en", "next": "/"}, follow_redirects=False)
    r = post_form(client, text="您的借款已逾期，请尽快还款，否则我们将通知你的家人。")
    page = text_of(r.text)
    assert "The same draft in Chinese" in page and "我是【姓名】" in page
