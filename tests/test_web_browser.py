"""The web app in a real browser (Debian's Chromium through Playwright), on desktop and phone widths.

Screenshots go to tests/output/ for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
if not os.path.exists(CHROMIUM):
    pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
uvicorn = pytest.importorskip("uvicorn")

from tests.conftest import SEED  # noqa: E402

from dunguard.web.app import create_app  # noqa: E402
from dunguard.web.security import is_loopback_host  # noqa: E402

OUT = Path(__file__).parent / "output"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    app = create_app(db_path=tmp_path_factory.mktemp("cases") / "cases.db")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Page:
    """A fresh page that records any request leaving the machine and any dialog."""

    def __init__(self, browser, viewport: dict[str, int], locale: str = "zh-CN") -> None:
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _request(self, request) -> None:
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and not is_loopback_host(host):
            self.outside.append(request.url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def analyze(self, base: str, text: str, at: str = "2025-02-26T10:30") -> None:
        self.page.goto(base + "/")
        self.page.fill("#text", text)
        self.page.fill("#received_at", at)
        self.page.click("button.primary")
        self.page.wait_for_load_state("load")

    def shot(self, name: str) -> Path:
        OUT.mkdir(exist_ok=True)
        path = OUT / f"web-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        assert not self.outside, f"requests left the machine: {self.outside}"
        self.context.close()


@pytest.fixture
def page_factory(browser):
    pages: list[Page] = []

    def make(viewport=DESKTOP, locale="zh-CN") -> Page:
        pages.append(Page(browser, viewport, locale))
        return pages[-1]

    yield make
    for p in pages:
        p.close()


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_seed_message_shows_visit_time_and_plan(server, page_factory, name, viewport):
    p = page_factory(viewport)
    p.page.goto(server + "/")
    p.shot(f"{name}-home")
    p.analyze(server, SEED)
    page = p.page
    visit = page.locator(".claims tr", has_text="上门时间")
    assert "2025-02-27 周四 15:00" in visit.inner_text()
    assert page.locator("mark.el-time", has_text="明天下午3点").get_attribute("title") == \
        "上门时间：2025-02-27 周四 15:00"
    assert page.locator(".q-visit .badge").inner_text() == "低"
    steps = page.locator(".plan > li")
    assert steps.count() >= 4
    assert page.locator(".q-plan textarea[readonly]").count() >= 2
    # the script reveals the copy buttons, and they copy the draft
    copy = page.locator("button.copy").first
    assert copy.is_visible()
    copy.click()
    # (a locator wait: a string predicate is evaluated as script, which the page's CSP forbids once it has to poll)
    sync_api.expect(copy).to_have_text("已复制")
    clip = page.evaluate("navigator.clipboard.readText()")
    assert clip == page.locator(".q-plan textarea").first.input_value() and "【姓名】" in clip
    # nothing runs off the side of the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    p.shot(f"{name}-seed")


def test_on_a_phone_the_verdict_and_first_step_are_on_the_first_screen(server, page_factory):
    p = page_factory(PHONE)
    p.analyze(server, SEED)
    page = p.page

    def on_first_screen(selector: str) -> bool:
        box = page.locator(selector).first.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]

    assert page.locator(".summary .badge").first.inner_text() == "可能是施压、吓唬"
    assert on_first_screen(".summary .badge") and on_first_screen(".summary .first-step")
    # the summary's links lead to the rest, and the full plan is one tap away
    page.locator(".summary a", has_text="完整步骤").click()
    page.wait_for_url("**#r1-plan")
    assert page.locator("#r1-plan").is_visible()
    page.screenshot(path=str(OUT / "web-phone-first-screen.png"))


def test_chinese_renders_with_a_cjk_font(server, page_factory):
    if not has_cjk_font():
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    p = page_factory()
    p.analyze(server, SEED)
    cdp = p.context.new_cdp_session(p.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector in (".sms", ".q-kind .lead", ".brand"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        names = " ".join(f["familyName"] for f in fonts)
        assert any(w in names for w in ("CJK", "WenQuanYi", "Hei", "Han Sans")), (selector, fonts)


def test_language_switch_persists_across_reload(server, page_factory):
    p = page_factory(PHONE)
    page = p.page
    page.goto(server + "/")
    assert page.locator("label[for=text]").inner_text() == "粘贴短信"
    page.click(".lang-switch button")
    page.wait_for_load_state("load")
    assert page.locator("label[for=text]").inner_text() == "Paste the message"
    page.reload()
    assert page.locator("label[for=text]").inner_text() == "Paste the message"
    p.analyze(server, SEED)
    assert "Thu 2025-02-27 15:00" in page.locator(".claims").inner_text()
    assert page.locator(".q-kind h3").inner_text() == "1. What kind of message is this?"
    p.shot("phone-en")
    page.click(".lang-switch button")
    page.wait_for_load_state("load")
    assert page.locator("label[for=text]").inner_text() == "粘贴短信"


def test_script_in_a_message_stays_inert(server, page_factory):
    p = page_factory()
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>您的借款已逾期，请点 http://evil.example/pay 还款"
    p.analyze(server, hostile)
    page = p.page
    page.wait_for_timeout(300)
    assert p.dialogs == []
    sms = page.locator(".sms").inner_text()
    assert "<script>alert(1)</script>" in sms and "<img src=x onerror=alert(2)>" in sms
    assert page.locator("a[href*='evil']").count() == 0
    assert page.locator("mark.el-url").count() == 1
    p.shot("hostile")


def test_bad_input_gets_a_clear_message(server, page_factory):
    p = page_factory(PHONE)
    page = p.page
    page.goto(server + "/")
    page.click("button.primary")  # empty form
    page.wait_for_load_state("load")
    assert "短信内容为空" in page.locator(".alert").inner_text()
    p.analyze(server, SEED, at="")  # no arrival time: answers without dates, and says why
    assert "无法换算成日期" in page.locator(".received").inner_text()
    page.goto(server + "/")
    page.fill("#text", SEED)
    page.locator("details.loan summary").click()
    page.fill("#owed", "很多")
    page.click("button.primary")
    page.wait_for_load_state("load")
    assert "欠款金额" in page.locator(".alert").inner_text()
    assert page.locator("#text").input_value() == SEED  # nothing typed is lost
    p.shot("phone-error")


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005"
    "0001ff5ccc6e2a0000000049454e44ae426082"
)


def test_case_create_upload_verify(server, page_factory, tmp_path):
    if "/cases" not in server_nav(server):
        pytest.skip("the case store (dunguard.case) is not installed")
    shot = tmp_path / "短信截图.png"
    shot.write_bytes(PNG_1PX)
    fake = tmp_path / "not-an-image.png"
    fake.write_text("this is not a picture")
    p = page_factory(PHONE)
    page = p.page
    page.goto(server + "/cases")
    page.fill("#name", "浏览器测试 案件")
    page.click("form[action='/cases'] button")
    page.wait_for_url("**/cases/*")
    assert page.locator("h1").inner_text().startswith("浏览器测试 案件")
    # a message
    page.locator("summary", has_text="添加短信").click()
    page.fill("#m-text", SEED)
    page.fill("#m-at", "2025-02-26T10:30")
    page.click("form[action$='/messages'] button")
    page.wait_for_load_state("load")
    assert page.locator(".ok").inner_text() == "已保存。"
    # a screenshot that is not an image is refused with a sentence
    page.locator("summary", has_text="上传截图").click()
    page.set_input_files("#a-file", str(fake))
    page.click("form[action$='/attachments'] button")
    page.wait_for_load_state("load")
    assert "不支持这种文件：not-an-image.png" in page.locator(".alert").inner_text()
    # a real screenshot is kept
    page.select_option("#a-kind", "screenshot")
    page.set_input_files("#a-file", str(shot))
    page.fill("#a-note", "微信截图")
    page.click("form[action$='/attachments'] button")
    page.wait_for_load_state("load")
    timeline = page.locator("#timeline").inner_text()
    assert "短信截图.png" in timeline and "上门拜访" in timeline
    assert page.locator(".chart img").evaluate("img => img.complete && img.naturalWidth > 0")
    page.click("a[href$='/verify#verify']")
    page.wait_for_load_state("load")
    assert page.locator("#verify").inner_text().startswith("校验通过")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    p.shot("phone-case")
    d = page_factory(DESKTOP)
    d.page.goto(page.url)
    d.shot("desktop-case")


def server_nav(server: str) -> str:
    import urllib.request

    with urllib.request.urlopen(server + "/", timeout=10) as r:  # loopback only
        return r.read().decode()


def test_loan_check_page(server, page_factory):
    if "/loans" not in server_nav(server):
        pytest.skip("the loan module (dunguard.loans) is not installed")
    p = page_factory(PHONE)
    page = p.page
    page.goto(server + "/loans")
    page.fill("#f-check-received", "9000")
    page.fill("#f-check-count", "12")
    page.fill("#f-check-amount", "1000")
    page.fill("#f-check-signed", "2024-06-01")
    page.click("form:has(input[value=check]) button")
    page.wait_for_load_state("load")
    assert "56.75%" in page.locator("#result").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    p.shot("phone-loans")


def test_tapping_a_marked_piece_on_a_phone_says_what_it_is(server, page_factory):
    p = page_factory(PHONE)
    p.analyze(server, SEED)
    page = p.page
    mark = page.locator("mark.el-time", has_text="明天下午3点")
    mark.focus()
    tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert "上门时间：2025-02-27 周四 15:00" in tip
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    p.page.screenshot(path=str(OUT / "web-phone-tap.png"))


def test_works_without_javascript_and_refuses_a_forged_token(server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "/")
        page.fill("#text", SEED)
        page.fill("#received_at", "2025-02-26T10:30")
        page.click("button.primary")
        page.wait_for_load_state("load")
        assert "2025-02-27 周四 15:00" in page.locator(".claims").inner_text()
        # no script: the copy buttons stay hidden, the drafts are selectable read-only text
        assert page.locator("button.copy").first.is_hidden()
        draft = page.locator(".q-plan textarea").first
        assert draft.is_visible() and draft.get_attribute("readonly") is not None and "【姓名】" in draft.input_value()
        # a form whose token was tampered with is refused with a sentence, not processed
        page.goto(server + "/")
        page.locator("form.analyze input[name=csrf_token]").evaluate("el => el.value = 'forged'")
        page.fill("#text", SEED)
        page.click("button.primary")
        page.wait_for_load_state("load")
        assert "页面已过期或来源不明" in page.locator(".alert").inner_text()
        assert page.locator(".report").count() == 0
    finally:
        context.close()


def test_after_an_analysis_the_keyboard_starts_at_the_answer(server, page_factory):
    # focus stayed on the form's button, so a keyboard or screen-reader user had to find the answer (new-user test)
    p = page_factory()
    p.analyze(server, SEED)
    # (focus moves just after the page's load event; wait for it rather than race it)
    p.page.wait_for_function("document.activeElement && document.activeElement.className === 'result-h'",
                             timeout=5000)
    assert p.page.evaluate("document.activeElement.textContent").strip() == "分析结果"


def _api_post(server: str, path: str, body: dict) -> dict:
    import json
    import urllib.request

    req = urllib.request.Request(server + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:  # loopback only
        return json.loads(r.read())


def test_the_case_chart_fits_a_phone_screen(server, page_factory):
    # On a 390 px phone the chart was a 760 px picture that scrolled sideways inside its card, with
    # nothing saying more bars were to the right (new-user test): the phone now gets its own picture.
    cid = _api_post(server, "/api/cases", {"name": "图表 手机"})["id"]
    for day in range(1, 13):
        for hour in ("10:00", "23:10")[: 1 + day % 2]:
            _api_post(server, f"/api/cases/{cid}/messages",
                      {"text": f"您的借款已逾期{day}天，明天下午3点上门拜访。", "sender": "10690000",
                       "received_at": f"2025-02-{day:02d}T{hour}"})
    p = page_factory(PHONE)
    page = p.page
    page.goto(f"{server}/cases/{cid}")
    chart = page.locator(".chart")
    chart.scroll_into_view_if_needed()
    img = page.locator(".chart img")
    assert img.evaluate("img => img.complete && img.naturalWidth > 0")
    box, card = img.bounding_box(), chart.bounding_box()
    # the whole picture is on screen inside its card: nothing hidden to the right, nothing to scroll
    assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"] <= PHONE["width"]
    assert chart.evaluate("c => c.scrollWidth <= c.clientWidth")
    assert box["width"] >= 300  # and it was not merely shrunk to a thumbnail
    assert "size=phone" in img.evaluate("img => img.currentSrc")  # the picture laid out for a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart.screenshot(path=str(OUT / "web-phone-chart.png"))
    d = page_factory(DESKTOP)
    d.page.goto(f"{server}/cases/{cid}")
    src = d.page.locator(".chart img").evaluate("img => img.currentSrc")
    assert src.endswith("/chart.png")  # the desktop keeps the wide picture with full dates


def test_refreshing_the_page_after_an_import_does_not_send_the_file_again(server, page_factory, tmp_path):
    import json
    import urllib.request

    export = tmp_path / "sms.xml"
    export.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<smses count="1">\n'
                      '  <sms protocol="0" address="10690000" date="1740537000000" type="1" '
                      'body="您的借款已逾期，明天下午3点上门拜访。" read="1" />\n</smses>\n', encoding="utf-8")
    cid = _api_post(server, "/api/cases", {"name": "刷新 测试"})["id"]

    def logged() -> int:
        with urllib.request.urlopen(f"{server}/api/cases/{cid}/events", timeout=10) as r:  # loopback only
            return len(json.loads(r.read()))

    p = page_factory(PHONE)
    page = p.page
    page.goto(f"{server}/cases/{cid}")
    page.locator("summary", has_text="导入手机短信备份").click()
    page.set_input_files("#i-file", str(export))
    page.click("form[action$='/import'] button")
    page.wait_for_load_state("load")
    result = "读取 1 条短信：新增 1 条，已在案件里的重复 0 条，无法读取 0 条。"
    assert result in page.locator("main").inner_text()
    before = logged()
    page.reload()  # after a POST answered with a page, this sent the file again
    page.wait_for_load_state("load")
    assert result in page.locator("main").inner_text()
    assert logged() == before
    p.shot("phone-import-result")


def test_the_note_form_sent_twice_at_once_stores_the_note_once(server, page_factory):
    """A double-click, or a second tap while a slow phone waits: the same filled form posted twice.

    Chromium folds a plain double-click into one POST, so the page's own form is sent twice at the same
    moment from the page (same cookies, same one-time token), as a second tap during a slow answer does.
    """
    import json
    import urllib.request

    cid = _api_post(server, "/api/cases", {"name": "双击 测试"})["id"]
    p = page_factory(PHONE)
    page = p.page
    page.goto(f"{server}/cases/{cid}")
    page.locator("summary", has_text="添加备注").click()
    page.fill("#n-text", "对方说今晚上门")
    answers = page.evaluate("""async () => {
        const form = document.querySelector("form[action$='/notes']");
        const send = () => fetch(form.action, {method: "POST", body: new FormData(form)});
        const both = await Promise.all([send(), send()]);
        return both.map(r => [r.status, r.url]);
    }""")
    assert answers[0] == answers[1] and answers[0][0] == 200 and answers[0][1].endswith("?saved=1")
    page.goto(answers[1][1])
    assert page.locator("#timeline").inner_text().count("对方说今晚上门") == 1
    assert page.locator(".ok").inner_text() == "已保存。"
    with urllib.request.urlopen(f"{server}/api/cases/{cid}", timeout=10) as r:  # loopback only
        assert json.loads(r.read())["case"]["notes"] == 1
    p.shot("phone-note-sent-twice")


def test_renaming_a_case_on_its_page(server, page_factory):
    cid = _api_post(server, "/api/cases", {"name": "美团 借钱"})["id"]
    p = page_factory(PHONE)
    page = p.page
    page.goto(f"{server}/cases/{cid}")
    page.locator("summary", has_text="改名").click()
    page.fill("#r-name", "美团借钱 逾期")
    page.click("form[action$='/rename'] button")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().startswith("美团借钱 逾期")
    assert "已改名" in page.locator("#notices").inner_text()
    assert "案件改名：「美团 借钱」→「美团借钱 逾期」" in page.locator("#timeline").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    p.shot("phone-rename")


def test_the_case_list_fits_a_phone_screen(server, page_factory):
    # On a 390 px phone the list of cases was a five-column table: the name would not wrap, so the
    # counts were squeezed to one character a line (2026-12-08 written down the screen, 催收短信 as a
    # column of single characters) and the table stuck out of its card (new-user test).
    _api_post(server, "/api/cases", {"name": "安逸花 催收骚扰 准备投诉（3月）"})
    p = page_factory(PHONE)
    page = p.page
    page.goto(f"{server}/cases")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table, card = page.locator("table.cases").bounding_box(), page.locator("table.cases").locator("..").bounding_box()
    assert table["x"] + table["width"] <= card["x"] + card["width"]
    day = page.locator("table.cases td.day").first
    assert day.evaluate("td => { const r = document.createRange(); r.selectNodeContents(td);"
                        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }") == 1
    label = page.locator("table.cases tbody td").first.evaluate("td => getComputedStyle(td, '::before').content")
    assert "催收短信" in label  # each count keeps its label
    p.shot("phone-cases")
