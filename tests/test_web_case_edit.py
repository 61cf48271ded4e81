"""The case page over HTTP: renaming a case, and forms sent twice (a double-click) stored once."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from tests.conftest import SEED  # noqa: E402

from dunguard.web.app import create_app  # noqa: E402

BASE = "http://127.0.0.1:8000"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ANDROID = """<?xml version="1.0" encoding="UTF-8"?>
<smses count="1">
  <sms protocol="0" address="10690000" date="1740537000000" type="1" body="您的借款已逾期，明天下午3点上门拜访。" />
</smses>
""".encode()


@pytest.fixture
def c(tmp_path) -> TestClient:
    return TestClient(create_app(db_path=tmp_path / "cases.db"), base_url=BASE)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def form_tokens(html: str) -> dict[str, str]:
    """Each add form's one-time token on a page, by the form's action."""
    found = {}
    for action, body in re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S):
        m = re.search(r'name="form_token" value="([^"]+)"', body)
        if m:
            found[action.rsplit("/", 1)[-1] or "cases"] = m.group(1)
    return found


def new_case(c: TestClient, name: str = "美团 借钱") -> str:
    page = c.get("/cases").text
    r = c.post("/cases", data={"csrf_token": c.cookies["dg_csrf"], "name": name,
                               "form_token": form_tokens(page)["cases"]}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"].rsplit("/", 1)[1]


def events(c: TestClient, cid: str) -> list[dict]:
    return c.get(f"/api/cases/{cid}/events").json()


# ----------------------------------------------------------------------------- rename


def test_rename_form_renames_and_the_old_name_stays_in_the_record(c):
    cid = new_case(c)
    page = c.get(f"/cases/{cid}").text
    assert f'action="/cases/{cid}/rename"' in page and 'value="美团 借钱"' in page
    r = c.post(f"/cases/{cid}/rename", data={"csrf_token": c.cookies["dg_csrf"], "name": "美团借钱 逾期"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{cid}?renamed=1#notices"
    page = c.get(r.headers["location"]).text
    assert re.search(r"<h1>美团借钱 逾期 <code>", page)
    words = text_of(page)
    assert "已改名，原来的名称保留在案件记录里。" in words
    assert "案件改名：「美团 借钱」→「美团借钱 逾期」" in words
    assert "美团借钱 逾期" in c.get("/cases").text and "美团 借钱" not in c.get("/cases").text
    assert "校验通过：" in c.get(f"/cases/{cid}/verify").text
    assert [e["kind"] for e in events(c, cid)] == ["create", "rename"]
    # English says the same
    c.cookies.set("dg_lang", "en")
    assert "Case renamed: '美团 借钱' → '美团借钱 逾期'" in text_of(c.get(f"/cases/{cid}").text).replace("&#39;", "'")


def test_rename_sent_twice_renames_once(c):
    cid = new_case(c)
    for _ in range(2):
        r = c.post(f"/cases/{cid}/rename", data={"csrf_token": c.cookies["dg_csrf"], "name": "美团借钱 逾期"},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/cases/{cid}?renamed=1#notices"
    assert [e["kind"] for e in events(c, cid)] == ["create", "rename"]


def test_rename_to_nothing_is_a_sentence_on_the_page_and_changes_nothing(c):
    cid = new_case(c)
    r = c.post(f"/cases/{cid}/rename", data={"csrf_token": c.cookies["dg_csrf"], "name": "   "})
    assert r.status_code == 400 and "Traceback" not in r.text
    assert re.search(r'id="error">请填写案件名称（例如贷款机构的名字）。</p>', r.text)
    assert '<details class="rename" open>' in r.text
    r = c.post(f"/cases/{cid}/rename", data={"csrf_token": c.cookies["dg_csrf"], "name": "贷" * 300})
    assert r.status_code == 400 and "案件名称太长（300 个字），请不超过 200 个字。" in r.text
    assert c.get(f"/api/cases/{cid}").json()["case"]["name"] == "美团 借钱"
    assert len(events(c, cid)) == 1


def test_rename_needs_the_csrf_token_and_a_real_case(c):
    cid = new_case(c)
    r = c.post(f"/cases/{cid}/rename", data={"csrf_token": "forged", "name": "别的平台"})
    assert r.status_code == 403
    r = c.post("/cases/nope/rename", data={"csrf_token": c.cookies["dg_csrf"], "name": "别的平台"})
    assert r.status_code == 404 and "没有这个案件：nope" in r.text
    r = c.post(f"/cases/{cid}/rename", data={"csrf_token": c.cookies["dg_csrf"], "name": "别的平台"},
               headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert c.get(f"/api/cases/{cid}").json()["case"]["name"] == "美团 借钱"


def test_rename_json_twin(c):
    cid = new_case(c)
    r = c.post(f"/api/cases/{cid}/rename", json={"name": "美团借钱 逾期"})
    assert r.status_code == 200
    body = r.json()
    assert body["case"]["name"] == "美团借钱 逾期"
    assert (body["renamed"]["from"], body["renamed"]["to"]) == ("美团 借钱", "美团借钱 逾期")
    assert c.post(f"/api/cases/{cid}/rename", json={"name": "美团借钱 逾期"}).json()["renamed"] is None
    assert c.get(f"/api/cases/{cid}").json()["renames"][0]["to"] == "美团借钱 逾期"
    bad = c.post(f"/api/cases/{cid}/rename", json={"name": ""})
    assert bad.status_code == 422
    assert c.post("/api/cases/nope/rename", json={"name": "x"}).status_code == 404


# ----------------------------------------------------------------------------- a form sent twice


def _twice(c: TestClient, url: str, data: dict, files: dict | None = None) -> tuple:
    """POST the same form twice, as a double-click does; return both answers."""
    first = c.post(url, data=data, files=files, follow_redirects=False)
    second = c.post(url, data=data, files=files, follow_redirects=False)
    return first, second


def test_a_note_sent_twice_is_stored_once_and_both_get_the_same_page(c):
    cid = new_case(c)
    tokens = form_tokens(c.get(f"/cases/{cid}").text)
    assert set(tokens) == {"messages", "calls", "import", "notes", "attachments"}
    first, second = _twice(c, f"/cases/{cid}/notes", {"csrf_token": c.cookies["dg_csrf"], "text": "对方自称法务部",
                                                      "form_token": tokens["notes"]})
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"] == f"/cases/{cid}?saved=1#timeline"
    page = text_of(c.get(first.headers["location"]).text)
    assert page.count("对方自称法务部") == 1 and "已保存。" in page
    assert c.get(f"/api/cases/{cid}").json()["case"]["notes"] == 1
    assert [e["kind"] for e in events(c, cid)] == ["create", "note"]


def test_every_add_form_sent_twice_writes_nothing_the_second_time(c):
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    forms = [
        ("messages", {"text": SEED, "received_at": "", "sender": "10690000"}, None),
        ("calls", {"number": "13800138000", "at": "2025-02-26T22:40", "minutes": "3", "note": "威胁明天上门"}, None),
        ("attachments", {"kind": "screenshot", "note": "短信截图"}, {"file": ("截图.png", PNG, "image/png")}),
        ("import", {}, {"file": ("sms.xml", ANDROID, "text/xml")}),
    ]
    for what, data, files in forms:
        token = form_tokens(c.get(f"/cases/{cid}").text)[what]
        first = c.post(f"/cases/{cid}/{what}", data={"csrf_token": tok, "form_token": token, **data},
                       files=files, follow_redirects=False)
        logged = events(c, cid)
        second = c.post(f"/cases/{cid}/{what}", data={"csrf_token": tok, "form_token": token, **data},
                        files=files, follow_redirects=False)
        assert first.status_code == second.status_code == 303, (what, first.text[:300])
        assert first.headers["location"] == second.headers["location"], what
        assert events(c, cid) == logged, what
    info = c.get(f"/api/cases/{cid}").json()["case"]
    assert (info["messages"], info["calls"], info["attachments"]) == (2, 1, 2)  # the import's file is kept too


def test_an_import_sent_twice_reports_what_the_first_one_added(c):
    cid = new_case(c)
    token = form_tokens(c.get(f"/cases/{cid}").text)["import"]
    first, second = _twice(c, f"/cases/{cid}/import", {"csrf_token": c.cookies["dg_csrf"], "form_token": token},
                           files={"file": ("sms.xml", ANDROID, "text/xml")})
    assert first.headers["location"] == second.headers["location"]
    page = text_of(c.get(second.headers["location"]).text)
    # not "0 added, 1 already in the case": the second click is the same import, not another one
    assert "读取 1 条短信：新增 1 条，已在案件里的重复 0 条，无法读取 0 条。" in page


def test_a_new_case_sent_twice_is_one_case(c):
    page = c.get("/cases").text
    data = {"csrf_token": c.cookies["dg_csrf"], "name": "美团借钱", "form_token": form_tokens(page)["cases"]}
    first, second = _twice(c, "/cases", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert [x["name"] for x in c.get("/api/cases").json()] == ["美团借钱"]


def test_a_page_from_before_tokens_still_adds_and_a_new_page_gives_new_tokens(c):
    cid = new_case(c)
    # a form rendered by an older version has no token: it still saves
    r = c.post(f"/cases/{cid}/notes", data={"csrf_token": c.cookies["dg_csrf"], "text": "旧页面"},
               follow_redirects=False)
    assert r.status_code == 303
    assert form_tokens(c.get(f"/cases/{cid}").text)["notes"] != form_tokens(c.get(f"/cases/{cid}").text)["notes"]


def test_a_form_token_that_is_not_one_or_from_another_form_is_a_sentence(c):
    cid = new_case(c)
    tok = c.cookies["dg_csrf"]
    r = c.post(f"/cases/{cid}/notes", data={"csrf_token": tok, "text": "备注", "form_token": "<script>"})
    assert r.status_code == 400 and "这份表格已失效，请刷新页面后重新填写提交。" in r.text
    token = form_tokens(c.get(f"/cases/{cid}").text)["notes"]
    c.post(f"/cases/{cid}/notes", data={"csrf_token": tok, "text": "备注", "form_token": token})
    r = c.post(f"/cases/{cid}/calls", data={"csrf_token": tok, "number": "13800138000", "at": "2025-02-26T22:40",
                                           "minutes": "3", "form_token": token})
    assert r.status_code == 400 and "这份表格已经用来提交过别的内容" in r.text
    info = c.get(f"/api/cases/{cid}").json()["case"]
    assert (info["notes"], info["calls"]) == (1, 0)


def test_json_api_with_an_idempotency_key_writes_once(c):
    cid = c.post("/api/cases", json={"name": "API 案件"}, headers={"Idempotency-Key": "case-key-0123456789"}).json()["id"]
    again = c.post("/api/cases", json={"name": "API 案件"}, headers={"Idempotency-Key": "case-key-0123456789"})
    assert again.status_code == 201 and again.json()["id"] == cid and len(c.get("/api/cases").json()) == 1
    key = {"Idempotency-Key": "note-key-0123456789"}
    first = c.post(f"/api/cases/{cid}/notes", json={"text": "对方说明天来"}, headers=key)
    second = c.post(f"/api/cases/{cid}/notes", json={"text": "对方说明天来"}, headers=key)
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    key = {"Idempotency-Key": "msg-key-0123456789"}
    first = c.post(f"/api/cases/{cid}/messages", json={"text": SEED, "received_at": "2025-02-26T10:30"}, headers=key)
    second = c.post(f"/api/cases/{cid}/messages", json={"text": SEED, "received_at": "2025-02-26T10:30"}, headers=key)
    assert first.json() == second.json() and first.json()["added"] == 1
    info = c.get(f"/api/cases/{cid}").json()["case"]
    assert (info["notes"], info["messages"]) == (1, 1)
    # without a key each POST is its own note, as before
    c.post(f"/api/cases/{cid}/notes", json={"text": "对方说明天来"})
    assert c.get(f"/api/cases/{cid}").json()["case"]["notes"] == 2
    bad = c.post(f"/api/cases/{cid}/notes", json={"text": "x"}, headers={"Idempotency-Key": "short"})
    assert bad.status_code == 400 and bad.json()["error"]["key"] == "form_token_bad"


def test_a_message_added_without_a_time_is_stored_with_none_not_the_time_of_adding(c):
    # the form no longer fills in "now": a message pasted at night is no night-time message, and the
    # evidence keeps no made-up time
    cid = new_case(c)
    page = c.get(f"/cases/{cid}").text
    assert 'id="m-at" name="received_at" value=""' in page
    r = c.post(f"/cases/{cid}/messages", data={"csrf_token": c.cookies["dg_csrf"], "received_at": "",
                                               "text": "【XX金融】您好，您的借款已逾期3天，请尽快还款。",
                                               "form_token": form_tokens(page)["messages"]}, follow_redirects=False)
    assert r.status_code == 303 and "no_time=1" in r.headers["location"]
    items = c.get(f"/api/cases/{cid}").json()["timeline"]
    assert [i["at"] for i in items if i["type"] == "message"] == [None]


def test_the_call_form_does_not_fill_in_the_time_of_adding(c):
    # The call form was prefilled with "now": a relative logging at 00:50 a call the borrower took
    # in the afternoon, who left it, put a night-time call into the chart and the complaint.
    cid = new_case(c)
    page = c.get(f"/cases/{cid}").text
    assert 'id="c-at" name="at" value=""' in page and "照手机通话记录里的时间填写" in page
    r = c.post(f"/cases/{cid}/calls", data={"csrf_token": c.cookies["dg_csrf"], "number": "17100003333", "at": "",
                                            "minutes": "3", "form_token": form_tokens(page)["calls"]})
    assert r.status_code == 400 and "请填写来电时间" in text_of(r.text)
    assert [i for i in c.get(f"/api/cases/{cid}").json()["timeline"] if i["type"] == "call"] == []


def test_a_text_file_import_can_carry_its_time_and_sender_and_says_when_it_has_none(c):
    # A text file holds no time or number: the web import gave its messages neither (the CLI has
    # --sender and --received-at) and said nothing, so they sat as 时间不明 out of the night count.
    pasted = "【XX金融】您的借款已逾期31天，今晚上门。\n\n再不还就告诉你全家！\n".encode()
    cid = new_case(c)
    page = c.get(f"/cases/{cid}").text
    assert 'id="i-at" name="received_at"' in page and 'id="i-sender" name="sender"' in page
    r = c.post(f"/cases/{cid}/import", data={"csrf_token": c.cookies["dg_csrf"], "form_token": form_tokens(page)["import"]},
               files={"file": ("短信.txt", pasted, "text/plain")}, follow_redirects=False)
    assert r.status_code == 303 and "no_time=2" in r.headers["location"]
    assert "这个文本文件里的短信没有收到时间" in text_of(c.get(r.headers["location"]).text)
    other = new_case(c, "带时间")
    page = c.get(f"/cases/{other}").text
    r = c.post(f"/cases/{other}/import", data={"csrf_token": c.cookies["dg_csrf"], "form_token": form_tokens(page)["import"],
                                               "received_at": "2025-03-01T22:40", "sender": "10690000"},
               files={"file": ("短信.txt", pasted, "text/plain")}, follow_redirects=False)
    assert r.status_code == 303 and "no_time" not in r.headers["location"]
    items = [i for i in c.get(f"/api/cases/{other}").json()["timeline"] if i["type"] == "message"]
    assert {(i["at"], i["sender"]) for i in items} == {("2025-03-01T22:40:00+08:00", "10690000")}
    # the JSON twin takes the same two fields
    third = new_case(c, "接口")
    r = c.post(f"/api/cases/{third}/import", files={"file": ("短信.txt", pasted, "text/plain")},
               data={"received_at": "2025-03-01T22:40", "sender": "10690000"})
    assert r.status_code == 201 and r.json()["added"] == 2
    items = [i for i in c.get(f"/api/cases/{third}").json()["timeline"] if i["type"] == "message"]
    assert {(i["at"], i["sender"]) for i in items} == {("2025-03-01T22:40:00+08:00", "10690000")}


def test_an_item_can_be_deleted_on_the_page_with_a_reason_and_the_case_still_verifies(c):
    # The page had no way to delete: a message pasted twice, or the warning that one is stored
    # twice, sent the reader to the command line (`dunguard case delete`).
    cid = new_case(c)
    page = c.get(f"/cases/{cid}").text
    c.post(f"/cases/{cid}/messages", data={"csrf_token": c.cookies["dg_csrf"], "text": "今晚上门，通知你全家。",
                                           "received_at": "2025-03-01T22:40", "form_token": form_tokens(page)["messages"]})
    page = c.get(f"/cases/{cid}").text
    [mid] = re.findall(r'name="item" value="([0-9a-f]+)"', page)
    tok = c.cookies["dg_csrf"]
    r = c.post(f"/cases/{cid}/delete", data={"csrf_token": tok, "item": mid, "reason": ""})
    assert r.status_code == 400 and "请写明删除的原因" in text_of(r.text)
    r = c.post(f"/cases/{cid}/delete", data={"csrf_token": tok, "item": mid, "reason": "重复粘贴"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/cases/{cid}?deleted=1#notices"
    shown = text_of(c.get(r.headers["location"]).text)
    assert "已删除（隐藏），原因已记入日志。" in shown and "今晚上门，通知你全家。" not in shown
    again = c.post(f"/cases/{cid}/delete", data={"csrf_token": tok, "item": mid, "reason": "重复粘贴"})
    assert again.status_code == 400 and "这一项已经删除过" in text_of(again.text)
    assert c.post(f"/cases/{cid}/delete", data={"csrf_token": "forged", "item": mid, "reason": "x"}).status_code == 403
    assert [e["kind"] for e in events(c, cid)][-1] == "delete"
    assert c.get(f"/api/cases/{cid}/verify").json()["ok"] is True
