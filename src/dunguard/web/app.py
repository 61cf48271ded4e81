"""The local web app: paste a message, see the five answers and the plan on the same page.

A thin shell over ``dunguard.analyze``: pages are rendered on the server with
Jinja2 (autoescaped, so message text can never become markup) and every page
has a JSON twin under /api/ (see api.py). Nothing here fetches anything from
the network; CSS and the one small script are served from the package.
"""

from __future__ import annotations

import contextlib
import importlib.util
import re
import traceback
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from dunguard import __version__
from dunguard.errors import BadInput, DunguardError, register_messages
from dunguard.ingest.text import analyze_paste, split_paste
from dunguard.model import DEFAULT_TZ, LENDER_TYPES, Context, Element, Message, Report, Span
from dunguard.render.labels import (
    CONFIDENCE,
    KINDS,
    LEGITIMACY,
    LENDER_KINDS,
    LEVELS,
    SECTIONS,
    SEVERITY,
    TYPE_LABELS,
    WEEKDAYS,
    about_debt,
    describe,
    element_label,
    label,
    unplaced_times,
)
from dunguard.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    FORM_LIMIT,
    LANG_COOKIE,
    SecurityMiddleware,
    TooLarge,
    csrf_ok,
    human_size,
    new_csrf_token,
)

HERE = Path(__file__).parent
LANGS = ("zh", "en")
# Several pasted messages are separated by a blank line; more than this is a file, not a paste.
MAX_MESSAGES = 30
COOKIE_AGE = 30 * 24 * 3600
# Errors that mean "no such thing here" rather than "bad input".
NOT_FOUND = frozenset({"no_such_case", "no_such_item", "web_not_found"})

register_messages({
    "web_bad_number": {
        "zh": "「{field}」请填一个不小于 0 的{what}（现在填的是：{value}）。",
        "en": "“{field}” must be a {what} of at least 0 (you entered: {value}).",
    },
    "web_too_many_messages": {
        "zh": "一次最多分析 {limit} 条短信（现在是 {count} 条）。请分几次粘贴。",
        "en": "At most {limit} messages at once (you pasted {count}). Paste them in parts.",
    },
})

# Words of the web pages that the terminal does not have. Labels the terminal
# shares (kinds, legitimacy, sections...) come from render.labels.
UI: dict[str, dict[str, str]] = {
    "title": {"zh": "催收短信助手", "en": "Collection-text helper"},
    "tagline": {
        "zh": "看懂催收短信：它说了什么、是真是假、是否违规、下一步怎么做。全部在你自己的电脑上运行，不联网，不上传。",
        "en": "Understand a debt-collection text: what it claims, whether it is real or legal, and what to do next. "
        "Runs on your own computer; nothing is sent anywhere.",
    },
    "nav_analyze": {"zh": "分析短信", "en": "Analyze"},
    "nav_cases": {"zh": "我的案件", "en": "Cases"},
    "nav_loans": {"zh": "贷款核算", "en": "Loan check"},
    "switch_to": {"zh": "English", "en": "中文"},
    "switch_title": {"zh": "Switch to English", "en": "切换到中文"},
    "paste": {"zh": "粘贴短信", "en": "Paste the message"},
    "paste_hint": {
        "zh": "可以一次粘贴多条，每条之间空一行。短信里的链接不会被打开。",
        "en": "You can paste several messages, one blank line between them. Links in them are never opened.",
    },
    "placeholder": {
        "zh": "例如：尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。",
        "en": "For example: 尊敬的客户,您有一笔借款已逾期……",
    },
    "received_at": {"zh": "收到时间", "en": "When it arrived"},
    "received_from_screen": {"zh": "（取自粘贴内容里手机显示的“{line}”；不对的话请在上面填写收到时间）",
                             "en": " (from the phone's “{line}” in the paste; if wrong, fill in the time above)"},
    "received_hint": {
        "zh": "看手机上这条短信的时间填写；不知道就留空（不会替你猜；粘贴时带上了手机显示的时间，如“昨天 21:30”，就用它并注明）。"
              "用来把“明天下午3点”换算成具体日期，并判断是不是夜里发的。",
        "en": "Copy the time your phone shows for the message; leave it empty if you do not know (nothing is guessed; a "
              "time the phone showed above the pasted message, like 昨天 21:30, is used and named). "
              "Used to turn words like 明天下午3点 (tomorrow 3 pm) into a date and to tell whether it was sent at night.",
    },
    "more": {"zh": "更多：发信号码、时区", "en": "More: sender, time zone"},
    "sender": {"zh": "发信号码", "en": "Sender's number"},
    "timezone": {"zh": "时区", "en": "Time zone"},
    "loan": {"zh": "关于我的贷款（可选，能让“会不会上门”判断得更准）", "en": "About my loan (optional; sharpens “will they come?”)"},
    "days_overdue": {"zh": "已逾期天数", "en": "Days overdue"},
    "owed": {"zh": "欠款金额（元）", "en": "Amount owed (yuan)"},
    "can_pay": {"zh": "每月最多能还多少（元）", "en": "Most you can pay a month (yuan)"},
    "lender_type": {"zh": "借款机构类型", "en": "Kind of lender"},
    "contacts": {"zh": "到目前被催收联系的次数", "en": "Collection contacts so far"},
    "address_known": {"zh": "对方知道我的住址吗", "en": "Do they know my address?"},
    "yes": {"zh": "知道", "en": "Yes"},
    "no": {"zh": "不知道", "en": "No"},
    "dont_know": {"zh": "不清楚", "en": "Not sure"},
    "analyze": {"zh": "分析", "en": "Analyze"},
    "result": {"zh": "分析结果", "en": "Result"},
    "in_short": {"zh": "结论", "en": "In short"},
    "first_step": {"zh": "第一步", "en": "First step"},
    "whole_plan": {"zh": "完整步骤和可复制的草稿", "en": "all steps and drafts to copy"},
    "jump_to": {"zh": "详细内容", "en": "Details"},
    "visit_q": {"zh": "会上门吗？", "en": "Will they come?"},
    "jump_message": {"zh": "短信原文", "en": "The message"},
    "jump_claims": {"zh": "说了什么", "en": "Claims"},
    "jump_kind": {"zh": "什么短信", "en": "Kind"},
    "jump_real": {"zh": "是真的吗", "en": "Real?"},
    "jump_legal": {"zh": "合法吗", "en": "Legal?"},
    "jump_visit": {"zh": "会上门吗", "en": "Visit?"},
    "jump_plan": {"zh": "怎么做", "en": "What to do"},
    "message_n": {"zh": "第 {i} 条，共 {n} 条", "en": "Message {i} of {n}"},
    "copy": {"zh": "复制", "en": "Copy"},
    "copied": {"zh": "已复制", "en": "Copied"},
    "copy_hint": {"zh": "空白处【】请换成你自己的信息再发送。", "en": "Replace the blanks in 【】 with your own details before sending."},
    "hover_hint": {
        "zh": "标出的部分是识别出的内容：把鼠标移上去（手机上点一下）或看下表，可知每一处是什么。",
        "en": "Marked words were recognised: hover over one (tap it on a phone) or see the table below.",
    },
    "signals": {"zh": "可疑迹象", "en": "Suspicious signs"},
    "error_title": {"zh": "没能处理", "en": "Could not do that"},
    "back": {"zh": "回到首页", "en": "Back to the start"},
    "private": {
        "zh": "隐私：短信只在这台电脑上分析，不会发送到任何地方。",
        "en": "Privacy: messages are analyzed on this computer only and sent nowhere.",
    },
    "risk_of": {"zh": "诈骗风险 {n}/100", "en": "Scam risk {n}/100"},
    "lender_any": {"zh": "不清楚", "en": "Not sure"},
}


def tr(key: str, lang: str, **params: Any) -> str:
    entry = UI.get(key) or SECTIONS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def lang_of(request: Request) -> str:
    """The switch's choice (cookie), else the language `dunguard serve --lang` was started with."""
    value = request.cookies.get(LANG_COOKIE)
    if value in LANGS:
        return value
    return getattr(request.app.state, "default_lang", "zh") if "app" in request.scope else "zh"


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(("html",), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(tr=tr, label=label, KINDS=KINDS, LEGITIMACY=LEGITIMACY, LEVELS=LEVELS,
                       SEVERITY=SEVERITY, CONFIDENCE=CONFIDENCE, TYPE_LABELS=TYPE_LABELS,
                       LENDER_KINDS=LENDER_KINDS, LENDER_TYPES=LENDER_TYPES, version=__version__)
    return env


ENV = _env()


# ----------------------------------------------------------------------------- views


def _quote(spans: Iterable[Span], body: str) -> str:
    words = list(dict.fromkeys(s.text for s in spans if s.text))
    words = [w for w in words if not any(w != o and w in o for o in words)]
    if not words or all(w in body for w in words):  # the sentence already quotes them
        return ""
    return "、".join(f"「{w}」" for w in words)


# The analysis speaks to every front end; on the web page, its command-line words become what the page
# offers instead: a link to the page that does the job, or the name of the form field.
_WEB_WORDS: tuple[tuple[str, dict[str, str], str | None], ...] = (
    ("`dunguard case`", {"zh": "「我的案件」页面", "en": "the “My cases” page"}, "/cases"),
    ("--address-known", {"zh": "表单里的「对方知道我的住址吗」", "en": "the form's “Do they know my address?”"}, None),
    ("--address-unknown", {"zh": "表单里的「对方知道我的住址吗」选“否”", "en": "“No” in the form's “Do they know my address?”"},
     None),
    ("--received-at", {"zh": "表单里的「收到时间」", "en": "the form's “When it arrived”"}, None),
)
_WEB_WORDS_RE = re.compile("|".join(re.escape(w) for w, _, _ in _WEB_WORDS))


def web_parts(text: str, lang: str) -> list[dict[str, str | None]]:
    """The text as pieces, each plain or a link, with command-line words put as the page says them."""
    by_word = {w: (names.get(lang) or names["en"], href) for w, names, href in _WEB_WORDS}
    parts: list[dict[str, str | None]] = []
    pos = 0
    for m in _WEB_WORDS_RE.finditer(text):
        name, href = by_word[m.group(0)]
        parts += [{"text": text[pos:m.start()], "href": None}, {"text": name, "href": href}]
        pos = m.end()
    parts.append({"text": text[pos:], "href": None})
    return [p for p in parts if p["text"]]


def web_text(text: str, lang: str) -> str:
    return "".join(str(p["text"]) for p in web_parts(text, lang))


def _reasons(reasons: Iterable[Any], lang: str) -> list[dict[str, str]]:
    out = []
    for r in reasons:
        body = web_text(r.text.get(lang) or r.text.get("en", ""), lang)
        out.append({"text": body, "quote": _quote(r.spans, body), "code": r.code})
    return out


def marked_segments(report: Report, lang: str) -> list[dict[str, Any]]:
    """The message cut into plain and marked pieces; an outer span wins, inner ones join its title."""
    text = report.message.text
    outer: list[tuple[int, int, list[Element]]] = []
    for el in sorted(report.elements, key=lambda e: (e.start, -e.end)):
        if el.end <= el.start:
            continue
        if outer and el.start < outer[-1][1]:
            outer[-1][2].append(el)
            continue
        outer.append((el.start, el.end, [el]))
    segments: list[dict[str, Any]] = []
    pos = 0
    for start, end, els in outer:
        if start > pos:
            segments.append({"text": text[pos:start]})
        debt = about_debt(report)
        title = "；".join(f"{element_label(e, lang, debt)}：{describe(e, lang)}" for e in els) if lang == "zh" else \
            "; ".join(f"{element_label(e, lang, debt)}: {describe(e, lang)}" for e in els)
        segments.append({"text": text[start:end], "type": els[0].type, "title": title})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:]})
    return segments


def claims_rows(elements: Iterable[Element], lang: str, debt: bool = True) -> list[dict[str, str]]:
    elements = tuple(elements)
    sigs = [e for e in elements if e.type == "lender" and e.role == "signature"]
    rows = []
    for el in elements:
        if el.type == "lender" and el.role == "named" and any(
            s.start <= el.start and el.end <= s.end and s.value == el.value for s in sigs
        ):
            continue  # the 【signature】 row already names this lender
        rows.append({"label": element_label(el, lang, debt), "text": el.text, "meaning": describe(el, lang),
                     "type": el.type})
    return rows


def received_line(report: Report, lang: str) -> str:
    at = report.message.received_at
    if at is None:
        if not unplaced_times(report):
            return ""
        return tr("unknown_received", lang).replace("（用 --received-at 指定）", "").replace(" (use --received-at)", "")
    wd = WEEKDAYS[lang][at.weekday()]
    if lang == "zh":
        return f"{SECTIONS['received'][lang]}：{at:%Y-%m-%d} {wd} {at:%H:%M}（{report.message.timezone}）"
    return f"{SECTIONS['received'][lang]}: {wd} {at:%Y-%m-%d %H:%M} ({report.message.timezone})"


def report_view(report: Report, lang: str) -> dict[str, Any]:
    """Everything a template needs from one report, already in the user's language."""
    v = report.verdict
    view: dict[str, Any] = {
        "segments": marked_segments(report, lang),
        "legend": [(t, label(TYPE_LABELS, t, lang)) for t in dict.fromkeys(e.type for e in report.elements)],
        "received": received_line(report, lang),
        "resolved": report.message.received_at is not None,
        "pasted_note": SECTIONS["pasted_extra"][lang] if report.pasted_extra else "",
        "pasted_extra": list(report.pasted_extra),
        "claims": claims_rows(report.elements, lang, about_debt(report)),
        "verdict": None,
        "findings": [],
        "plan": [],
    }
    if v is not None:
        sep = "、" if lang == "zh" else ", "
        shown = {r.code for r in v.legitimacy.reasons}
        view["verdict"] = {
            "kinds": sep.join(label(KINDS, k, lang) for k in v.kinds),
            "primary": label(KINDS, v.primary_kind, lang) if len(v.kinds) > 1 else "",
            "kind_reasons": _reasons(v.kind_reasons, lang),
            "legitimacy": v.legitimacy.value,
            "legitimacy_label": label(LEGITIMACY, v.legitimacy.value, lang),
            "scam_risk": v.scam_risk,
            "legitimacy_reasons": _reasons(v.legitimacy.reasons, lang),
            "signals": _reasons([r for r in v.scam_signals if r.code not in shown], lang),
            "visit_level": v.visit_credibility.value,
            "visit_label": label(LEVELS, v.visit_credibility.value, lang),
            "visit_reasons": _reasons(v.visit_credibility.reasons, lang),
        }
    for f in report.findings:
        view["findings"].append({
            "rule_id": f.rule_id,
            "severity": f.severity,
            "severity_label": label(SEVERITY, f.severity, lang),
            "title": f.title.get(lang) or f.title.get("en", ""),
            "explanation": f.explanation.get(lang) or f.explanation.get("en", ""),
            "quote": _quote(f.spans, ""),
            "citations": [{
                "document": c.document, "article": c.article, "issuer": c.issuer, "date": c.date,
                "url": c.url, "retrieved": c.retrieved, "confidence": c.confidence,
                "confidence_label": label(CONFIDENCE, c.confidence, lang),
            } for c in f.citations],
        })
    for i, step in enumerate(report.plan, 1):
        view["plan"].append({
            "n": i,
            "id": step.id,
            "action": web_parts(step.action.get(lang) or step.action.get("en", ""), lang),
            "why": web_parts(step.why.get(lang) or step.why.get("en", ""), lang),
            "draft": (step.draft.get(lang) or step.draft.get("en", "")) if step.draft else "",
            # (an English reader still sends the Chinese text to a Chinese lender or office)
            "draft_zh": step.draft.get("zh", "") if step.draft and lang != "zh" else "",
        })
    return view


# ----------------------------------------------------------------------------- form handling


def now_local(tz: str = DEFAULT_TZ) -> str:
    """The value a datetime-local input shows for "now" in the borrower's zone."""
    return datetime.now(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def _field_int(form: Mapping[str, str], name: str, lang: str) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    what = "整数" if lang == "zh" else "whole number"
    try:
        value = int(raw)
    except ValueError:
        raise BadInput("web_bad_number", field=tr(name, lang), what=what, value=raw[:40]) from None
    if value < 0 or value > 1_000_000:
        raise BadInput("web_bad_number", field=tr(name, lang), what=what, value=raw[:40])
    return value


def _field_amount(form: Mapping[str, str], name: str, lang: str) -> Decimal | None:
    raw = (form.get(name) or "").strip().replace(",", "").replace("，", "")
    if not raw:
        return None
    what = "金额" if lang == "zh" else "amount"
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadInput("web_bad_number", field=tr(name, lang), what=what, value=raw[:40]) from None
    if not value.is_finite() or value < 0 or value > Decimal(10) ** 12:
        raise BadInput("web_bad_number", field=tr(name, lang), what=what, value=raw[:40])
    return value


def parse_analyze_form(form: Mapping[str, str], lang: str) -> tuple[list[Message], Context | None]:
    """Turn the analyze form into messages and a context, or raise BadInput with a clear sentence."""
    from dunguard.cli import parse_received_at
    from dunguard.pipeline import MAX_CHARS

    text = form.get("text") or ""
    if not text.strip():
        raise BadInput("empty_message")
    if len(text) > MAX_CHARS:
        raise BadInput("message_too_long", size=len(text), limit=MAX_CHARS)
    parts = split_paste(text)
    if len(parts) > MAX_MESSAGES:
        raise BadInput("web_too_many_messages", limit=MAX_MESSAGES, count=len(parts))
    raw_at = (form.get("received_at") or "").strip()
    received = parse_received_at(raw_at) if raw_at else None
    tz = (form.get("timezone") or "").strip() or DEFAULT_TZ
    sender = (form.get("sender") or "").strip()[:64] or None
    messages = [Message(p, received_at=received, sender=sender, timezone=tz) for p in parts]

    days = _field_int(form, "days_overdue", lang)
    owed = _field_amount(form, "owed", lang)
    can_pay = _field_amount(form, "can_pay", lang)
    contacts = _field_int(form, "contacts", lang)
    lender_type = (form.get("lender_type") or "unknown").strip()
    known_raw = form.get("address_known") or ""
    address_known = {"yes": True, "no": False}.get(known_raw)
    context = None
    if any(v is not None for v in (days, owed, contacts, address_known, can_pay)) or lender_type != "unknown":
        context = Context(days_overdue=days, owed=owed, lender_type=lender_type, contacts=contacts,
                          address_known=address_known, can_pay=can_pay)
    return messages, context


# ----------------------------------------------------------------------------- responses


def csrf_token(request: Request) -> tuple[str, bool]:
    token = request.cookies.get(CSRF_COOKIE)
    if token and 20 <= len(token) <= 200:
        return token, False
    return new_csrf_token(), True


def page(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    lang = lang_of(request)
    token, fresh = csrf_token(request)
    html = ENV.get_template(template).render(
        lang=lang, csrf_field=CSRF_FIELD, csrf=token, path=request.url.path,
        nav=request.app.state.nav, **ctx,
    )
    response = HTMLResponse(html, status_code=status)
    if fresh:
        response.set_cookie(CSRF_COOKIE, token, max_age=COOKIE_AGE, httponly=True, samesite="strict", path="/")
    return response


def error_bilingual(key: str, params: Mapping[str, str]) -> dict[str, Any]:
    """The API's error body: the key and the one-line message in both languages."""
    err = DunguardError(key, **params)
    return {"error": {"key": key, "message": {"zh": err.render("zh"), "en": err.render("en")}}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def check_form_csrf(request: Request, with_files: bool = False) -> Any:
    """Parse a posted form and enforce the CSRF double-submit; raise BadInput('web_csrf').

    Returns the text fields, or (fields, files) when ``with_files``.
    """
    try:
        # A field may be as large as the whole form allows: a 100,000-character paste URL-encodes to about 900 KB,
        # and Starlette's own 1 MB field limit answered in English before our own "too long" message could.
        form = await request.form(max_files=2 if with_files else 0, max_fields=50, max_part_size=FORM_LIMIT)
    except StarletteHTTPException as exc:  # malformed multipart, too many files or fields
        raise BadInput("web_bad_field", field="form", reason=str(exc.detail)[:120]) from None
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if not csrf_ok(request.cookies.get(CSRF_COOKIE), fields.get(CSRF_FIELD)):
        raise BadInput("web_csrf")
    if with_files:
        return fields, {k: v for k, v in form.items() if not isinstance(v, str)}
    return fields


def safe_next(value: str | None) -> str:
    """Only same-site paths: a crafted next=//evil.example must not become an open redirect."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


# ----------------------------------------------------------------------------- app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> Any:
    """Load the rule packs and lender data before the first visitor, then freeze them for the GC.

    Without this the first request pays for loading (≈0.1 s), and every full garbage collection
    walks the tens of thousands of long-lived objects of the packs: the rare 0.1–0.3 s pauses
    that made the p99 latency under load.
    """
    import gc

    from dunguard.model import Message
    from dunguard.pipeline import analyze

    analyze(Message("您的借款已逾期，明天下午3点上门。"))
    gc.collect()
    gc.freeze()
    yield


def create_app(allowed_hosts: Iterable[str] | None = (), db_path: str | Path | None = None,
               default_lang: str = "zh") -> FastAPI:
    """Build the app. ``allowed_hosts`` None accepts any Host (serving beyond loopback);
    ``db_path`` None is the case store's default place; ``default_lang`` applies until the
    user presses the language switch."""
    from dunguard.web import api

    app = FastAPI(
        lifespan=_lifespan,
        title="dunguard",
        version=__version__,
        description="Local JSON API of dunguard: analyze a debt-collection text message. "
        "Every error is a 4xx JSON object with a one-line message in Chinese and English.",
        # The interactive docs pages load their scripts from a CDN: off, the app makes no outside request.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db_path = db_path
    app.state.default_lang = default_lang if default_lang in LANGS else "zh"
    app.state.nav = [("/", "nav_analyze")]
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    # Cases and loans are other areas of dunguard; their pages appear when those modules are installed.
    if importlib.util.find_spec("dunguard.case.store") is not None:
        from dunguard.web import cases

        app.include_router(cases.router)
        app.include_router(cases.api)
        app.state.nav.append(("/cases", "nav_cases"))
    if importlib.util.find_spec("dunguard.loans") is not None:
        from dunguard.web import loans

        app.include_router(loans.router)
        app.include_router(loans.api)
        app.state.nav.append(("/loans", "nav_loans"))

    async def refuse(scope: dict[str, Any], key: str, params: dict[str, str], status: int) -> Response:
        request = Request(scope)
        if wants_json(request):
            return JSONResponse(error_bilingual(key, params), status_code=status)
        err = DunguardError(key, **params)
        return page(request, "error.html", status=status, message=err.render(lang_of(request)))

    app.add_middleware(SecurityMiddleware, allowed_hosts=allowed_hosts, refuse=refuse)

    @app.exception_handler(DunguardError)
    async def on_dunguard_error(request: Request, exc: DunguardError) -> Response:
        status = 403 if exc.key in ("web_csrf", "web_bad_origin") else 400
        if exc.key in NOT_FOUND:
            status = 404
        if exc.key == "web_too_large":
            status = 413
        if exc.key == "web_json_only":
            status = 415
        if wants_json(request):
            return JSONResponse(error_bilingual(exc.key, exc.params), status_code=status)
        if exc.key in ("no_such_case", "no_such_item"):
            exc = DunguardError("web_" + exc.key, **exc.params)
        return page(request, "error.html", status=status, message=exc.render(lang_of(request)))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        key, params = api.validation_message(exc)
        if wants_json(request):
            body = error_bilingual(key, params)
            body["error"]["detail"] = api.plain_errors(exc)
            return JSONResponse(body, status_code=422)
        err = DunguardError(key, **params)
        return page(request, "error.html", status=400, message=err.render(lang_of(request)))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc.__cause__, TooLarge):  # FastAPI wraps body-reading errors in a 400
            return await on_internal_error(request, exc.__cause__)
        key = {404: "web_not_found", 405: "web_method"}.get(exc.status_code, "web_method")
        if wants_json(request):
            return JSONResponse(error_bilingual(key, {}), status_code=exc.status_code)
        err = DunguardError(key)
        return page(request, "error.html", status=exc.status_code, message=err.render(lang_of(request)))

    @app.exception_handler(Exception)
    async def on_internal_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, TooLarge):  # a body without Content-Length that outgrew the limit
            too_large = BadInput("web_too_large", limit=human_size(exc.limit))
            return await on_dunguard_error(request, too_large)
        # Never a stack trace in the page; the server log keeps it for whoever runs it.
        traceback.print_exception(exc)
        params = {"exc": type(exc).__name__}
        if wants_json(request):
            return JSONResponse(error_bilingual("web_internal", params), status_code=500)
        err = DunguardError("web_internal", **params)
        return page(request, "error.html", status=500, message=err.render(lang_of(request)))

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        # No icon of our own: an empty answer, not a 404 in every browser's console.
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request) -> Response:
        # The time is left for the reader to give: "now" would be a guess, and a guess at 23:00 names the night rule
        # and puts a false time into the evidence.
        return page(request, "analyze.html", form={"received_at": "", "timezone": DEFAULT_TZ},
                    results=None, error=None)

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        from dunguard.web.api import LONG_TEXT

        lang = lang_of(request)
        fields = await check_form_csrf(request)
        form = {k: fields.get(k, "") for k in ("text", "received_at", "timezone", "sender", "days_overdue",
                                               "owed", "lender_type", "contacts", "address_known", "can_pay")}
        try:
            messages, context = parse_analyze_form(fields, lang)

            def run() -> list[dict[str, Any]]:
                now = datetime.now(UTC)
                views = []
                for m in messages:
                    # The phone's time line above a pasted message dates it, as on the command line.
                    report, screen_time = analyze_paste(m, context, now)
                    view = report_view(report, lang)
                    if screen_time is not None:
                        view["received"] += tr("received_from_screen", lang).format(line=screen_time)
                    views.append(view)
                return views

            # Several or long messages go to a worker thread so they cannot stall other requests.
            results = run() if len(fields.get("text", "")) <= LONG_TEXT else await run_in_threadpool(run)
        except BadInput as exc:
            return page(request, "analyze.html", status=400, form=form, results=None, error=exc.render(lang))
        return page(request, "analyze.html", form=form, results=results, error=None)

    @app.post("/lang", include_in_schema=False)
    async def set_lang(request: Request) -> Response:
        fields = await check_form_csrf(request)
        lang = fields.get("lang") if fields.get("lang") in LANGS else "zh"
        response = RedirectResponse(safe_next(fields.get("next")), status_code=303)
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="strict", path="/")
        return response

    return app


def app_from_env() -> FastAPI:
    """The app of one worker process of `dunguard serve --workers N` (options come from the parent)."""
    import json
    import os

    from dunguard.web.cli import OPTIONS_ENV

    opts = json.loads(os.environ.get(OPTIONS_ENV) or "{}")
    return create_app(allowed_hosts=() if opts.get("loopback", True) else None, db_path=opts.get("db"),
                      default_lang=opts.get("lang", "zh"))
