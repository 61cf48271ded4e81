"""Case pages and their JSON twins: list, timeline with the contacts chart, add evidence, verify, export.

A thin shell over ``dunguard.case`` (the store does every write in one transaction
with its log entry). The store is opened per request: SQLite connections belong to
one thread, and FastAPI runs these handlers in a thread pool.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Form, Header, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile as StarletteUpload

from dunguard.case.once import Replayed, new_token
from dunguard.errors import BadInput, Text, register_messages
from dunguard.model import DEFAULT_TZ
from dunguard.render.labels import KINDS, LEGITIMACY, SEVERITY, label
from dunguard.web.api import ERRORS
from dunguard.web.security import HEAD_BYTES, UPLOAD_LIMIT, check_upload

router = APIRouter()
api = APIRouter(prefix="/api/cases", tags=["cases"])

ATTACH_KINDS = ("screenshot", "recording", "other")
# The forms that add to a case; each carries a one-time token (dunguard.case.once), so a
# double-click stores its item once and both clicks get the same page.
ADD_FORMS = ("messages", "calls", "notes", "attachments", "import")
FORM_TOKEN = "form_token"
# How long a second submit waits for the first (a long import) before saying it is still running.
REPLAY_WAIT = 30.0
# Complaint channels offered on the case page (keys of dunguard.letters.RECIPIENTS).
RECIPIENTS = ("12378", "local", "nifa", "12321")

register_messages({
    "web_upload_missing": {"zh": "请选择要上传的文件。", "en": "Choose a file to upload."},
    "web_no_export": {
        "zh": "这个版本还不能导出证据包。",
        "en": "This version cannot export an evidence package yet.",
    },
    "web_no_violation": {
        "zh": "没有生成投诉书：案件里保存的短信没有违反所列催收规定的内容，投诉书里“涉嫌违反的规定”一节会是空的。"
        "如有其他证据（如通话录音）仍要投诉，请选“仍然生成草稿”，并自己写明对方违反了哪条规定。",
        "en": "No complaint written: nothing in the case's stored messages breaks a listed collection rule, so the "
        "letter's 'rules broken' section would be empty. If you have other evidence (a call recording) and still "
        "want to complain, choose 'Write a draft anyway' and state which rule was broken yourself.",
    },
    "web_form_pending": {
        "zh": "同一个请求（Idempotency-Key 相同）还在处理中，没有重复保存；请稍后再查看案件。",
        "en": "The same request (same Idempotency-Key) is still being processed and nothing was saved twice; "
              "look at the case again in a moment.",
    },
    "web_bad_minutes": {
        "zh": "「通话分钟数」请填 0 到 1440 之间的数字（现在填的是：{value}）。",
        "en": "“Minutes” must be a number from 0 to 1440 (you entered: {value}).",
    },
})

CU: dict[str, dict[str, str]] = {
    "cases": {"zh": "我的案件", "en": "My cases"},
    "cases_intro": {
        "zh": "把催收短信、来电、截图和录音集中保存在这台电脑上。每一条都有哈希校验，之后可以证明没有被改动，"
        "并导出证据包用于投诉或诉讼。",
        "en": "Keep collection texts, calls, screenshots and recordings together on this computer. Each one is "
        "hash-chained so you can later prove nothing was changed, and export an evidence package for a "
        "complaint or a court.",
    },
    "no_cases": {"zh": "还没有案件。", "en": "No cases yet."},
    "new_case": {"zh": "新建案件", "en": "New case"},
    "case_name": {"zh": "案件名称（例如：某某借款 逾期）", "en": "Case name (e.g. the lender and the loan)"},
    "create": {"zh": "新建", "en": "Create"},
    "name": {"zh": "名称", "en": "Name"},
    "created": {"zh": "建立于", "en": "Created"},
    "n_messages": {"zh": "催收短信", "en": "Collection texts"},
    "n_calls": {"zh": "来电", "en": "Calls"},
    "n_notes": {"zh": "备注", "en": "Notes"},
    "n_files": {"zh": "证据文件", "en": "Files"},
    "timeline": {"zh": "时间线", "en": "Timeline"},
    "chart_alt": {"zh": "每日催收联系次数图", "en": "Collection contacts per day"},
    "show_all": {"zh": "显示全部短信", "en": "Show every message"},
    "show_flagged": {"zh": "只显示催收相关短信", "en": "Only collection messages"},
    "empty_timeline": {"zh": "还没有记录。用下面的表格添加。", "en": "Nothing recorded yet. Add items below."},
    "add_message": {"zh": "添加短信", "en": "Add a message"},
    "add_call": {"zh": "记录来电", "en": "Record a call"},
    "add_note": {"zh": "添加备注", "en": "Add a note"},
    "call_at_hint": {
        "zh": "照手机通话记录里的时间填写（不会替你填“现在”：记错的时间会被当成夜间来电写进投诉）。",
        "en": "Copy it from the phone's call log (not filled in with 'now': a wrong time could enter a complaint "
        "as a night-time call).",
    },
    "add_file": {"zh": "上传截图、录音或其他证据", "en": "Upload a screenshot, recording or other file"},
    "number": {"zh": "来电号码", "en": "Caller's number"},
    "call_at": {"zh": "来电时间", "en": "When"},
    "minutes": {"zh": "通话分钟数", "en": "Minutes"},
    "call_note": {"zh": "对方说了什么", "en": "What they said"},
    "recording": {"zh": "通话录音（可选）", "en": "Recording (optional)"},
    "note_text": {"zh": "备注内容", "en": "Note"},
    "file": {"zh": "文件（最大 50 MB）", "en": "File (up to 50 MB)"},
    "file_kind": {"zh": "文件类型", "en": "Kind"},
    "k_screenshot": {"zh": "截图（图片）", "en": "Screenshot (image)"},
    "k_recording": {"zh": "录音", "en": "Recording"},
    "k_other": {"zh": "其他（PDF、文本等）", "en": "Other (PDF, text…)"},
    "file_note": {"zh": "说明（可选）", "en": "Description (optional)"},
    "save": {"zh": "保存", "en": "Save"},
    "upload": {"zh": "上传", "en": "Upload"},
    "verify": {"zh": "校验证据是否被改动", "en": "Check nothing was changed"},
    "export": {"zh": "导出证据包（ZIP）", "en": "Export the evidence package (ZIP)"},
    "export_hint": {
        "zh": "证据包里有报告（HTML 和 PDF）、图表、全部原始文件和校验清单，可以交给律师、监管部门或法院。",
        "en": "The package holds the report (HTML and PDF), the chart, every original file and a checksum "
        "manifest, ready for a lawyer, a regulator or a court.",
    },
    "verify_ok": {
        "zh": "校验通过：{events} 条日志、{items} 项记录和 {files} 个文件都与保存时一致。",
        "en": "Verified: {events} log entries, {items} items and {files} files are as they were stored.",
    },
    "verify_bad": {"zh": "发现 {n} 处问题：", "en": "{n} problem(s) found:"},
    "chain_head": {"zh": "当前校验码（可写进投诉材料）", "en": "Current chain head (quote it in a complaint)"},
    "saved": {"zh": "已保存。", "en": "Saved."},
    "rename": {"zh": "改名", "en": "Rename"},
    "new_name": {"zh": "新的案件名称", "en": "New name"},
    "rename_hint": {
        "zh": "改名会作为一条新记录写进案件日志，原来的名称仍保留，校验照样通过。",
        "en": "A rename is a new entry in the case's log; the old name is kept and the case still verifies.",
    },
    "renamed": {"zh": "案件改名：「{old}」→「{new}」", "en": "Case renamed: '{old}' → '{new}'"},
    "delete": {"zh": "删除这一项", "en": "Delete this item"},
    "delete_reason": {"zh": "删除原因（会记入日志）", "en": "Why (kept in the log)"},
    "delete_hint": {
        "zh": "删除只是隐藏：原始记录仍保留，删除和原因记入案件日志，校验照样通过；导出的证据包不再列出它。",
        "en": "Deleting only hides it: the record stays, the deletion and its reason enter the case's log and the "
        "case still verifies; exported packages no longer list it.",
    },
    "deleted_notice": {"zh": "已删除（隐藏），原因已记入日志。", "en": "Deleted (hidden); the reason is in the log."},
    "renamed_notice": {"zh": "已改名，原来的名称保留在案件记录里。", "en": "Renamed; the old name stays in the case's record."},
    "pending": {
        "zh": "这份表格已经提交过，正在处理中（没有重复保存）。请稍后刷新本页查看结果。",
        "en": "This form was already sent and is still being processed (nothing was saved twice). Reload this page "
              "in a moment to see the result.",
    },
    "no_time": {
        "zh": "这条短信没有填写收到时间，会显示为“时间不明”：夜间催收、催收频率这些判断都要用到时间，建议照手机上显示的时间补录一条。",
        "en": "No time was given for this message, so it shows as 'time unknown': night-time contact and how often you "
              "were contacted both need it; consider adding it again with the time your phone shows.",
    },
    "imported": {
        "zh": "读取 {read} 条短信：新增 {added} 条，已在案件里的重复 {duplicates} 条，无法读取 {skipped} 条。",
        "en": "Read {read} messages: {added} added, {duplicates} already in the case, {skipped} unreadable.",
    },
    "download": {"zh": "下载", "en": "Download"},
    "view": {"zh": "查看", "en": "View"},
    "incoming": {"zh": "收到", "en": "Received"},
    "outgoing": {"zh": "发出", "en": "Sent"},
    "call_of": {"zh": "来电 {number}，{minutes} 分钟", "en": "Call from {number}, {minutes} min"},
    "stored_twice": {
        "zh": "这条短信在案件里存了 {n} 份（旧版本把同一号码的不同写法当成了两个号码），这里只显示、只计算一次；"
        "多出的一份仍原样保存，校验不受影响。",
        "en": "This message is stored {n} times (an older version took two spellings of one number for two "
        "senders); it is shown and counted once. The other copy is kept as stored and still verifies.",
    },
    "role_source": {"zh": "导入的原始文件", "en": "imported original"},
    "role_recording": {"zh": "通话录音", "en": "call recording"},
    "role_attachment": {"zh": "证据文件", "en": "evidence file"},
    "sender": {"zh": "发信号码", "en": "Sender"},
    "received_at": {"zh": "收到时间", "en": "When it arrived"},
    "paste": {"zh": "短信内容（多条请空一行分开）", "en": "Message text (blank line between several)"},
    "back_cases": {"zh": "全部案件", "en": "All cases"},
    "import": {"zh": "导入手机短信备份", "en": "Import a phone's message export"},
    "import_hint": {
        "zh": "安卓“SMS Backup & Restore”导出的 XML、iPhone 备份里的 sms.db、CSV、JSONL 或文本文件。原文件会原样保存为证据；"
        "重复导入不会产生重复记录。",
        "en": "An Android 'SMS Backup & Restore' XML, an iPhone backup's sms.db, CSV, JSONL or text. The file is kept "
        "as evidence byte for byte; importing it again adds no duplicates.",
    },
    "export_file": {"zh": "备份文件（最大 50 MB）", "en": "Export file (up to 50 MB)"},
    "text_file_hint": {
        "zh": "导入文本文件时可填：文本文件里没有发信号码和收到时间（手机备份文件自带，不用填）。",
        "en": "For a text file only: it holds no sender or time (a phone's export has its own; leave these empty).",
    },
    "import_no_time": {
        "zh": "这个文本文件里的短信没有收到时间，显示为“时间不明”：夜间催收、催收频率这些判断都要用到时间。"
        "可以导入时填写收到时间，或用“添加短信”照手机上显示的时间补录。",
        "en": "The messages of this text file have no time, so they show as 'time unknown': night-time contact and "
        "how often you were contacted both need it. Give the time when importing, or add them again under 'Add "
        "a message' with the time your phone shows.",
    },
    "complaint": {"zh": "生成投诉书", "en": "Write a complaint"},
    "complaint_to": {"zh": "投诉渠道", "en": "Send it to"},
    "to_12378": {"zh": "12378 金融监管总局热线（银行、消费金融公司）", "en": "12378 NFRA hotline (banks, consumer finance)"},
    "to_local": {"zh": "地方金融管理局（小额贷款公司）", "en": "Local financial regulator (small-loan companies)"},
    "to_nifa": {"zh": "互联网金融协会（网贷平台）", "en": "NIFA (online lending platforms)"},
    "to_12321": {"zh": "12321 垃圾短信举报", "en": "12321 spam-message reports"},
    "no_violation_note": {
        "zh": "案件里保存的短信没有发现违反所列催收规定的内容（提醒还款、告知逾期本身不违规），所以没有现成的投诉理由。"
        "如果你有其他证据（如通话录音、上门记录），仍可生成一份草稿，但要自己写明对方违反了哪条规定。",
        "en": "Nothing in the case's stored messages breaks a listed collection rule (a reminder or a notice of "
        "arrears is lawful), so there is no ready ground for a complaint. If you have other evidence (a call "
        "recording, a visit) you can still write a draft, but you must state which rule was broken yourself.",
    },
    "complaint_anyway": {"zh": "仍然生成草稿（自己填写违反的规定）", "en": "Write a draft anyway (fill in the rules yourself)"},
    "letter_no_rules": {
        "zh": "注意：这份草稿没有列出违反的规定，因为案件里的短信没有违反所列规定。请在【涉嫌违反的规定】处写明"
        "对方的哪种行为违反了哪条规定，并附上相应证据，否则投诉很可能不被受理。",
        "en": "Note: this draft names no broken rule, because no message in the case breaks a listed rule. Fill in "
        "【rules broken】 with what they did and which rule it breaks, with the evidence for it, or the complaint "
        "is unlikely to be taken up.",
    },
    "letter_hint": {
        "zh": "投诉书用案件里的催收短信和证据文件的校验码写成；【】里的内容请换成你自己的信息（引号里的短信原文不要改，"
              "里面的【】是短信自带的署名）。本工具不会替你发送。",
        "en": "Written from the case's collection messages and evidence hashes; replace every 【】 blank with your "
        "own details (not inside the quoted messages: their 【】 is the sender's own signature). This tool sends "
        "nothing for you.",
    },
}

CHANGES = {"altered": {"zh": "被改动", "en": "altered"}, "missing": {"zh": "缺失", "en": "missing"},
           "added": {"zh": "多出", "en": "added"}}
ITEMS = {"event": {"zh": "日志", "en": "log entry"}, "case": {"zh": "案件", "en": "case"},
         "message": {"zh": "短信", "en": "message"}, "call": {"zh": "来电", "en": "call"},
         "note": {"zh": "备注", "en": "note"}, "attachment": {"zh": "附件记录", "en": "attachment"},
         "file": {"zh": "证据文件", "en": "evidence file"}, "deletion": {"zh": "删除记录", "en": "deletion"}}


def cu(key: str, lang: str, **params: Any) -> str:
    text = CU[key].get(lang) or CU[key]["en"]
    return text.format(**params) if params else text


def db_path(request: Request) -> Path | None:
    path = request.app.state.db_path
    return Path(path) if path else None


@contextmanager
def store_for(request: Request) -> Iterator[Any]:
    from dunguard.case import open_store

    store = open_store(db_path(request))
    try:
        yield store
    finally:
        store.close()


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except Exception as exc:
        raise BadInput("bad_timezone", tz=tz) from exc


def aware(value: str, tz: str = DEFAULT_TZ) -> datetime:
    """A typed time (2025-02-26T10:30) as an aware datetime in ``tz``."""
    from dunguard.cli import parse_received_at

    when = parse_received_at(value)
    return when.replace(tzinfo=_zone(tz)) if when.tzinfo is None else when


def safe_filename(name: str | None) -> str:
    """The user's file name without folders or control characters, kept readable (Chinese allowed)."""
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f/:*?\"<>|]", "_", base).strip(" .")
    return base[:120] or "upload.bin"


def uploaded_names(said: Any, folder: Path) -> Any:
    """An error or warning (BadInput or Text) about a saved upload, naming the file as the user
    uploaded it rather than by the server's temporary folder (``/tmp/dunguard-web-…/sms.xml``)."""
    prefix = str(folder) + os.sep

    def clean(value: Any) -> Any:
        if isinstance(value, Text):
            return Text(value.key, **{k: clean(v) for k, v in value.params.items()})
        return value.replace(prefix, "") if isinstance(value, str) else value

    params = {k: clean(v) for k, v in said.params.items()}
    if isinstance(said, Text):
        return Text(said.key, **params)
    return type(said)(said.key, **params)


# ----------------------------------------------------------------------------- after an import (POST-redirect-GET)

IMPORT_COOKIE = "dg_import"
# A cookie holds about 4 KB; warnings past this are dropped rather than the cookie refused.
IMPORT_COOKIE_MAX = 3000


def set_import_warnings(response: Response, case_id: str, event: int, warnings: list[Any]) -> None:
    """Keep an import's warnings (a CSV mixing encodings) for the page the browser is sent to.

    They are the one part of the result the case's log does not hold; both languages are kept,
    so the switch still works on that page. Tied to the import's log entry: another import's
    page never shows them."""
    import base64
    import json

    kept: list[dict[str, str]] = []
    for w in warnings:
        trial = kept + [{"zh": w.render("zh"), "en": w.render("en")}]
        raw = json.dumps({"case": case_id, "event": event, "warnings": trial}, ensure_ascii=False).encode()
        if len(base64.urlsafe_b64encode(raw)) > IMPORT_COOKIE_MAX:
            break
        kept = trial
    if not kept:
        response.delete_cookie(IMPORT_COOKIE, path="/cases")
        return
    raw = json.dumps({"case": case_id, "event": event, "warnings": kept}, ensure_ascii=False).encode()
    response.set_cookie(IMPORT_COOKIE, base64.urlsafe_b64encode(raw).decode(), max_age=3600, httponly=True,
                        samesite="strict", path="/cases")


def _import_warnings(request: Request, case_id: str, event: int, lang: str) -> list[str]:
    import base64
    import binascii
    import json

    raw = request.cookies.get(IMPORT_COOKIE)
    if not raw:
        return []
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()))
        if data.get("case") != case_id or data.get("event") != event:
            return []
        return [str(w[lang])[:1000] for w in data.get("warnings", [])[:10] if isinstance(w, dict) and lang in w]
    except (ValueError, TypeError, AttributeError, binascii.Error):
        return []


def import_notices(request: Request, case_ref: str, event: int, lang: str) -> list[str]:
    """What an import gave, read back from the log entry that closed it (``import_done``)."""
    with store_for(request) as store:
        cid = store.case(case_ref).id
        done = store.event(cid, event)
    if done is None or done.kind != "import_done":
        return []
    p = done.payload
    line = cu("imported", lang, read=p.get("read", 0), added=p.get("added", 0), duplicates=p.get("duplicates", 0),
              skipped=p.get("skipped", 0))
    return [*_import_warnings(request, cid, event, lang), line]


# ----------------------------------------------------------------------------- writes shared by page and API


def add_messages(store: Any, case_id: str, text: str, received_at: str | None, sender: str | None,
                 direction: str = "in", tz: str = DEFAULT_TZ, once: str | None = None) -> dict[str, Any]:
    from dunguard.ingest.records import ImportedMessage
    from dunguard.ingest.text import split_messages
    from dunguard.pipeline import MAX_CHARS

    if not (text or "").strip():
        raise BadInput("empty_message")
    if len(text) > MAX_CHARS:
        raise BadInput("message_too_long", size=len(text), limit=MAX_CHARS)
    when = aware(received_at, tz) if received_at and received_at.strip() else None
    sender = (sender or "").strip()[:64] or None
    records = [ImportedMessage(part, sender, when, direction, "web") for part in split_messages(text)]
    return store.add_messages(store.case(case_id).id, records, timezone=tz, once=once).to_json()


def add_call(store: Any, case_id: str, number: str, at: str, minutes: str | float, note: str,
             recording: Path | None = None, once: str | None = None) -> str:
    try:
        mins = float(str(minutes).strip() or "0")
    except ValueError:
        raise BadInput("web_bad_minutes", value=str(minutes)[:40]) from None
    if not 0 <= mins <= 1440:
        raise BadInput("web_bad_minutes", value=str(minutes)[:40])
    from dunguard.case.store import parse_call_at

    when = parse_call_at(at)
    when = when.replace(tzinfo=_zone(DEFAULT_TZ)) if when.tzinfo is None else when
    return store.add_call(case_id, number, when, mins, note or "", recording, once=once)


async def save_upload(upload: StarletteUpload, kind: str, folder: Path) -> tuple[Path, str]:
    """Copy an upload to ``folder`` under its own (cleaned) name after checking size and type."""
    name = safe_filename(upload.filename)
    head = await upload.read(HEAD_BYTES)
    await upload.seek(0)
    size = upload.size if upload.size is not None else 0
    if upload.size is None:  # count it
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
        await upload.seek(0)
    mime = check_upload(name, head, size, expect_image=kind == "screenshot", export=kind == "export")
    if kind == "recording" and not (mime.startswith("audio/") or mime == "video/mp4"):
        raise BadInput("web_bad_upload_type", name=name)
    dest = folder / name
    with dest.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    return dest, mime


# ----------------------------------------------------------------------------- views


def _message_view(item: Any, lang: str) -> dict[str, Any]:
    rep = item.report or {}
    v = rep.get("verdict") or {}
    findings = rep.get("findings") or []
    return {
        "legitimacy": v.get("legitimacy"),
        "legitimacy_label": label(LEGITIMACY, v.get("legitimacy"), lang) if v.get("legitimacy") else "",
        "kind": label(KINDS, v.get("primary_kind"), lang) if v.get("primary_kind") else "",
        "findings": [{"rule_id": f.get("rule_id"), "severity": f.get("severity"),
                      "severity_label": label(SEVERITY, f.get("severity"), lang),
                      "title": (f.get("title") or {}).get(lang, "")} for f in findings],
    }


def created_day(at: str) -> str:
    """A case's creation date (stored in UTC) in the zone the timeline uses."""
    from dunguard.case.times import local_time

    dt = local_time(at, DEFAULT_TZ)
    return f"{dt:%Y-%m-%d}" if dt else at[:10]


def timeline_view(items: list[Any], lang: str) -> list[dict[str, Any]]:
    # The same words and zone as `dunguard case show` and the exported report: stored times
    # carry different offsets (notes and files UTC, messages the borrower's zone).
    from dunguard.case.notes import attachment_note
    from dunguard.case.times import when_text

    out = []
    for it in items:
        row: dict[str, Any] = {"type": it.type, "id": it.id, "when": when_text(it.at, lang, DEFAULT_TZ)}
        if it.type == "message":
            row.update(text=it.text, sender=it.sender or "", direction=it.direction, flagged=it.flagged,
                       stored_twice=cu("stored_twice", lang, n=len(it.duplicates) + 1) if it.duplicates else "",
                       **_message_view(it, lang))
        elif it.type == "call":
            minutes = f"{it.minutes:g}"
            row.update(title=cu("call_of", lang, number=it.number, minutes=minutes), note=it.note,
                       recording=it.recording_sha256)
        elif it.type == "note":
            row.update(text=it.text)
        elif it.type == "rename":
            row.update(text=cu("renamed", lang, old=it.old, new=it.new))
        else:
            row.update(name=it.name, size=it.size, note=attachment_note(it.note, it.role, lang), sha256=it.sha256,
                       role=cu(f"role_{it.role}", lang) if f"role_{it.role}" in CU else it.role)
        out.append(row)
    return out


def verify_view(result: Any, lang: str) -> dict[str, Any]:
    items = sum(v for k, v in result.checked.items() if k != "files")
    return {
        "ok": result.ok,
        "summary": cu("verify_ok", lang, events=result.events, items=items, files=result.checked.get("files", 0))
        if result.ok else cu("verify_bad", lang, n=len(result.problems)),
        # The detail is English-only, so only English shows it (as `dunguard case verify` does).
        "problems": [f"{label(ITEMS, p.item, lang)} {p.ref[:16]}：{label(CHANGES, p.change, lang)}" if lang == "zh"
                     else f"{label(ITEMS, p.item, lang)} {p.ref[:16]}: {label(CHANGES, p.change, lang)}"
                     + (f" ({p.detail})" if p.detail else "") for p in result.problems],
        "head": result.head,
    }


def export_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("dunguard.case.export") is not None


def case_page(request: Request, case_ref: str, *, error: str | None = None, status: int = 200,
              verify: Any = None, include: str = "flagged", form: dict[str, str] | None = None,
              letter: dict[str, Any] | None = None, notices: list[str] | None = None,
              renamed: bool = False) -> Response:
    from dunguard.web.app import lang_of, page

    lang = lang_of(request)
    with store_for(request) as store:
        info = store.case(case_ref)
        items = store.timeline(info.id, include=include)
        renames = store.renames(info.id)
        verified = verify_view(store.verify(info.id), lang) if verify else None
        grounded = any(citable(i) for i in (items if include == "flagged" else store.timeline(info.id)))
    has_contacts = any(i.type == "call" or (i.type == "message" and i.direction == "in") for i in items)
    # A rename is a log entry, not an item: it joins the timeline where it happened.
    shown = sorted([*items, *renames], key=lambda i: (i.ts is None, i.ts or 0.0))
    return page(request, "case.html", status=status, case=info, timeline=timeline_view(shown, lang),
                once=new_token, renamed=renamed,
                complaint_grounded=grounded,
                include=include, error=error, verified=verified, cu=cu, has_chart=has_contacts,
                form=form or {},
                saved=(request.query_params.get("saved") == "1" or bool(notices) or renamed)
                and request.query_params.get("pending") != "1", notices=notices or [],
                can_export=export_available(), kinds=ATTACH_KINDS, letter=letter, recipients=RECIPIENTS)


# ----------------------------------------------------------------------------- HTML routes


@router.get("/cases", include_in_schema=False)
def cases_list(request: Request) -> Response:
    from dunguard.web.app import page

    with store_for(request) as store:
        cases = store.cases()
    return page(request, "cases.html", cases=cases, cu=cu, day=created_day, error=None, once=new_token)


@router.post("/cases", include_in_schema=False)
async def cases_create(request: Request) -> Response:
    from dunguard.web.app import check_form_csrf, lang_of, page

    fields = await check_form_csrf(request)
    try:
        with store_for(request) as store:
            case_id = store.new_case(fields.get("name", "")[:200], once=fields.get(FORM_TOKEN) or None)
    except Replayed as again:  # the same form sent twice: one case, and the same page for both
        case_id = again.result
    except BadInput as exc:
        with store_for(request) as store:
            cases = store.cases()
        return page(request, "cases.html", status=400, cases=cases, cu=cu, day=created_day,
                    error=exc.render(lang_of(request)), once=new_token)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.get("/cases/{case_id}", include_in_schema=False)
def case_show(request: Request, case_id: str, all: int = 0,  # noqa: A002 - the query word users see
              imported: int | None = None, no_time: int = 0, renamed: int = 0, pending: int = 0,
              deleted: int = 0) -> Response:
    from dunguard.web.app import lang_of

    lang = lang_of(request)
    notices: list[str] = []
    if imported is not None:
        notices += import_notices(request, case_id, imported, lang)
    if no_time:
        notices.append(cu("import_no_time" if no_time == 2 else "no_time", lang))
    if pending:
        notices.append(cu("pending", lang))
    if deleted:
        notices.append(cu("deleted_notice", lang))
    return case_page(request, case_id, include="all" if all else "flagged", notices=notices, renamed=bool(renamed))


@router.get("/cases/{case_id}/verify", include_in_schema=False)
def case_verify_page(request: Request, case_id: str) -> Response:
    return case_page(request, case_id, verify=True)


@router.post("/cases/{case_id}/rename", include_in_schema=False)
async def case_rename(request: Request, case_id: str) -> Response:
    """The rename form. Sent twice it renames once: the second finds the name already so and writes nothing."""
    from starlette.concurrency import run_in_threadpool

    from dunguard.web.app import check_form_csrf, lang_of

    fields = await check_form_csrf(request)

    def write() -> str:
        with store_for(request) as store:
            cid = store.case(case_id).id
            store.rename(cid, fields.get("name", "")[:1000])
            return cid

    try:
        cid = await run_in_threadpool(write)
    except BadInput as exc:
        if exc.key in ("no_such_case", "ambiguous_case"):
            raise
        return await run_in_threadpool(case_page, request, case_id, error=exc.render(lang_of(request)), status=400,
                                       form={"rename": fields.get("name", "")[:1000]})
    return RedirectResponse(f"/cases/{cid}?renamed=1#notices", status_code=303)


@router.post("/cases/{case_id}/delete", include_in_schema=False)
async def case_delete(request: Request, case_id: str) -> Response:
    """Hide one item with a reason (as `dunguard case delete`): an import's warning about a message
    stored twice, or a wrong file, needs a way out on the page itself. Sent twice it hides once
    (the second finds it hidden already and says so)."""
    from starlette.concurrency import run_in_threadpool

    from dunguard.web.app import check_form_csrf, lang_of

    fields = await check_form_csrf(request)

    def write() -> str:
        with store_for(request) as store:
            cid = store.case(case_id).id
            store.delete(cid, fields.get("item", "")[:80], fields.get("reason", "")[:500])
            return cid

    try:
        cid = await run_in_threadpool(write)
    except BadInput as exc:
        if exc.key == "no_such_case":
            raise
        return await run_in_threadpool(case_page, request, case_id, error=exc.render(lang_of(request)), status=400)
    return RedirectResponse(f"/cases/{cid}?deleted=1#notices", status_code=303)


@router.post("/cases/{case_id}/{what}", include_in_schema=False)
async def case_add(request: Request, case_id: str, what: str) -> Response:
    from starlette.concurrency import run_in_threadpool

    from dunguard.web.app import check_form_csrf, lang_of

    if what not in ("messages", "calls", "notes", "attachments", "import", "export", "complaint"):
        raise BadInput("web_not_found")
    fields, files = await check_form_csrf(request, with_files=True)
    lang = lang_of(request)
    tmp = Path(tempfile.mkdtemp(prefix="dunguard-web-"))
    try:
        if what == "export":
            return await run_in_threadpool(_export, request, case_id, lang, tmp)
        if what == "complaint":
            shutil.rmtree(tmp, ignore_errors=True)
            letter = await run_in_threadpool(complaint_letter, request, case_id, fields.get("to", "12378"), lang,
                                             fields.get("force") == "1")
            return await run_in_threadpool(case_page, request, case_id, letter=letter,
                                           form={"to": fields.get("to", "12378")})
        token = fields.get(FORM_TOKEN) or None
        if token:
            # A second submit of one form (a double-click): answer as the first did, before its
            # upload is saved or its text analyzed again.
            done = await run_in_threadpool(form_replay, request, case_id, what, token)
            if done is not None:
                shutil.rmtree(tmp, ignore_errors=True)
                return added_redirect(what, fields, *done)
        upload = files.get("file") or files.get("recording")
        saved_path = None
        if what in ("attachments", "import") and (upload is None or not upload.filename):
            raise BadInput("web_upload_missing")
        if upload is not None and upload.filename:
            kind = {"attachments": fields.get("kind", "other"), "import": "export"}.get(what, "recording")
            if kind not in (*ATTACH_KINDS, "export"):
                kind = "other"
            saved_path, _ = await save_upload(upload, kind, tmp)

        def write() -> tuple[str, Any]:
            with store_for(request) as store:
                cid = store.case(case_id).id
                try:
                    return cid, add_item(store, cid, what, fields, saved_path, tmp, token)
                except Replayed as again:  # the other click of a double-click got there first
                    return cid, again.result

        cid, result = await run_in_threadpool(write)
        shutil.rmtree(tmp, ignore_errors=True)
        if result is None:  # that first click is still writing (a long import)
            cid, result = await run_in_threadpool(wait_for_form, request, cid, what, token)
        return added_redirect(what, fields, cid, result)
    except BadInput as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.key in ("no_such_case", "ambiguous_case"):
            raise
        return await run_in_threadpool(case_page, request, case_id, error=uploaded_names(exc, tmp).render(lang),
                                       status=400,
                                       form={k: v for k, v in fields.items() if k not in ("csrf_token", FORM_TOKEN)})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def add_item(store: Any, cid: str, what: str, fields: dict[str, str], saved_path: Path | None, tmp: Path,
             token: str | None) -> Any:
    """Write one add form to the case; the result ``added_redirect`` needs (kept with the token too)."""
    if what == "messages":
        return add_messages(store, cid, fields.get("text", ""), fields.get("received_at"), fields.get("sender"),
                            once=token)
    if what == "calls":
        return add_call(store, cid, fields.get("number", ""), fields.get("at", ""), fields.get("minutes", "0"),
                        fields.get("note", ""), saved_path, once=token)
    if what == "notes":
        return store.add_note(cid, fields.get("text", ""), once=token)
    if what == "import":
        # A text file (or a screenshot) carries no sender or time: the form may give them, as
        # `case import --sender --received-at` does; a phone's export has its own and ignores them.
        at = (fields.get("received_at") or "").strip()
        result = store.import_file(cid, saved_path, once=token, sender=(fields.get("sender") or "").strip()[:64] or None,
                                   received_at=aware(at) if at else None)
        warned = [uploaded_names(w, tmp) for w in result.warnings]
        return {**result.to_json(), "events": result.events,
                "warnings": [{"zh": w.render("zh"), "en": w.render("en")} for w in warned]}
    return store.attach(cid, saved_path, note=fields.get("note", "")[:500], once=token)


def added_redirect(what: str, fields: dict[str, str], cid: str, result: Any) -> Response:
    """The answer to an add form, the same for its first submit and any repeat (POST-redirect-GET)."""
    if result is None:  # still being written by the first submit: say so rather than wait for ever
        return RedirectResponse(f"/cases/{cid}?pending=1#notices", status_code=303)
    # What the page after the redirect says besides "saved" (a browser refresh of that page
    # only reads; it never posts again): query words, and an import's warnings in a cookie.
    shown: dict[str, str] = {"saved": "1"}
    if what == "messages" and not (fields.get("received_at") or "").strip():
        # saved, but say what a missing time costs (night contact, the order of events)
        shown["no_time"] = "1"
    if what == "import":
        # the page says what the file gave, from the log entry that closes the import: a second
        # import of the same file adds nothing, and the reader should know
        shown = {"imported": str(result["events"][-1])}
        if result.get("format") == "text" and result.get("added") and not (fields.get("received_at") or "").strip():
            shown["no_time"] = "2"  # the import's own wording: several messages, a time may be given there
    query = "&".join(f"{k}={v}" for k, v in shown.items())
    anchor = "timeline" if shown == {"saved": "1"} else "notices"  # something to read first: scroll to it
    response = RedirectResponse(f"/cases/{cid}?{query}#{anchor}", status_code=303)
    if what == "import":
        set_import_warnings(response, cid, int(shown["imported"]), [_Said(w) for w in result.get("warnings", [])])
    return response


class _Said:
    """A warning kept as both languages' text, rendered like a Text (an import's, given again)."""

    def __init__(self, texts: dict[str, str]) -> None:
        # Another request's temporary folder may be named in it: the user knows the file by its own name.
        self.texts = {k: re.sub(r"\S*dunguard-web-[^/\\\s]+[/\\]", "", str(v)) for k, v in texts.items()}

    def render(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts.get("en", "")


def form_replay(request: Request, case_ref: str, what: str, token: str) -> tuple[str, Any] | None:
    """(case id, first result) when this form's token was already used; None when it was not."""
    with store_for(request) as store:
        cid = store.case(case_ref).id
        found = store.form_result(token, cid, what)
    if found is None:
        return None
    return (cid, found[1]) if found[0] else wait_for_form(request, cid, what, token)


def wait_for_form(request: Request, cid: str, what: str, token: str | None) -> tuple[str, Any]:
    """Wait (a little) for the submit that claimed ``token`` to finish; (case id, its result or None)."""
    import time

    deadline = time.monotonic() + REPLAY_WAIT
    while token and time.monotonic() < deadline:
        with store_for(request) as store:
            found = store.form_result(token, cid, what)
        if found and found[0]:
            return cid, found[1]
        time.sleep(0.2)
    return cid, None


def citable(item: Any) -> bool:
    """An incoming message whose report names a rule a complaint can cite (as dunguard.letters counts)."""
    if getattr(item, "type", "") != "message" or getattr(item, "direction", "in") != "in":
        return False
    findings = (item.report or {}).get("findings") or []
    return any(f.get("citations") and f.get("category") != "scam" for f in findings)


def complaint_letter(request: Request, case_id: str, to: str, lang: str, force: bool = False) -> dict[str, Any]:
    """A complaint built from the case's collection messages and evidence hashes (dunguard.letters).

    As ``dunguard letter complaint`` does, a case whose messages break no listed rule gets no
    letter (BadInput web_no_violation) unless ``force``; then the letter comes with a note that
    its rules section is a blank for the user.
    """
    from dunguard import letters

    with store_for(request) as store:
        cid = store.case(case_id).id
        grounded = any(citable(i) for i in store.timeline(cid))
    if not grounded and not force:
        raise BadInput("web_no_violation")
    db = db_path(request)
    md = letters.complaint_from_case(cid, db=str(db) if db else None, lang=lang, to=to)
    text = letters.render(md, "text", lang)
    out: dict[str, Any] = {"to": to, "text": text, "markdown": md, "blanks": letters.find_blanks(text),
                           "has_rules": grounded, "note": None}
    if not grounded:
        out["note"] = dict(CU["letter_no_rules"])
    return out


def _export(request: Request, case_id: str, lang: str, tmp: Path) -> Response:
    if not export_available():
        shutil.rmtree(tmp, ignore_errors=True)
        raise BadInput("web_no_export")
    from dunguard.case.export import export_case

    with store_for(request) as store:
        cid = store.case(case_id).id
        name = f"dunguard-case-{cid}.zip"
        result = export_case(store, cid, tmp / name, lang=lang)
    return FileResponse(result.path, media_type="application/zip", filename=name,
                        background=BackgroundTask(shutil.rmtree, tmp, True))


@router.get("/cases/{case_id}/chart.png", include_in_schema=False)
def case_chart(request: Request, case_id: str, size: Literal["wide", "phone"] = "wide") -> Response:
    return _chart(request, case_id, size)


@router.get("/cases/{case_id}/files/{sha256}", include_in_schema=False)
def case_file(request: Request, case_id: str, sha256: str) -> Response:
    return _file(request, case_id, sha256)


# The phone picture: laid out for a 390 px screen (the card leaves about 340 px) and drawn twice as sharp,
# so it fits without scrolling sideways and its labels stay readable.
PHONE_CHART = {"width_px": 380, "height_px": 440, "compact": True, "scale": 2.0}


def _chart(request: Request, case_id: str, size: str = "wide") -> Response:
    from dunguard.case.chart import contacts_chart
    from dunguard.web.app import lang_of

    with store_for(request) as store:
        items = [i.to_json() for i in store.timeline(store.case(case_id).id, include="flagged")]
    png = contacts_chart(items, lang=lang_of(request), **(PHONE_CHART if size == "phone" else {}))
    return Response(png, media_type="image/png", headers={"cache-control": "no-store"})


def _file(request: Request, case_id: str, sha256: str) -> Response:
    from dunguard.web.security import sniff_type

    with store_for(request) as store:
        cid = store.case(case_id).id
        found = [a for a in store.attachments(cid) if a.sha256 == sha256.lower()]
        if not found:
            raise BadInput("no_such_item", case=cid, item=sha256[:16])
        path = store.attachment_path(found[0].sha256)
    if not path.exists():
        raise BadInput("file_not_found", path=found[0].name)
    with path.open("rb") as fh:
        mime = sniff_type(fh.read(64))
    # Only images are shown in the browser; anything else (an HTML or SVG file someone kept as
    # evidence) is a download, so it can never run as a page of this app.
    inline = mime in ("image/png", "image/jpeg", "image/gif", "image/webp")
    return FileResponse(path, media_type=mime if inline else "application/octet-stream", filename=found[0].name,
                        content_disposition_type="inline" if inline else "attachment")


# ----------------------------------------------------------------------------- JSON API


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="case name")


class MessagesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=100_000, description="one message, or several separated by a blank line")
    received_at: str | None = Field(None, max_length=64, description="when it arrived, e.g. 2025-02-26T10:30")
    sender: str | None = Field(None, max_length=64)
    direction: Literal["in", "out"] = "in"
    timezone: str = Field(DEFAULT_TZ, min_length=1, max_length=64)


class CallIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(min_length=1, max_length=64)
    at: str = Field(min_length=1, max_length=64, description="when, e.g. 2025-02-26T21:30")
    minutes: float = Field(0, ge=0, le=1440)
    note: str = Field("", max_length=5000)


class RenameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="the case's new name")


# A client's own one-time key: the same POST sent again (a retry after a timeout) is written once.
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=100,
                                              description="16–100 letters, digits or _.:-; a repeat with the "
                                                          "same key writes nothing and gets the first answer")]


def _again(request: Request, cid: str, kind: str, key: str | None, write: Any) -> Any:
    """Run ``write(store, key)``; with a key already used, the first write's result instead."""
    with store_for(request) as store:
        try:
            return write(store, key)
        except Replayed as again:
            result = again.result
    if result is None:
        result = wait_for_form(request, cid, kind, key)[1]
    if result is None:
        raise BadInput("web_form_pending")
    return result


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=20_000)


@api.get("", summary="List cases", responses=ERRORS)
def api_cases(request: Request) -> JSONResponse:
    with store_for(request) as store:
        return JSONResponse([c.to_json() for c in store.cases()])


@api.post("", status_code=201, summary="Create a case", responses=ERRORS)
def api_case_create(request: Request, body: CaseIn, key: IdempotencyKey = None) -> JSONResponse:
    case_id = _again(request, "", "case", key, lambda store, k: store.new_case(body.name, once=k))
    with store_for(request) as store:
        return JSONResponse(store.case(case_id).to_json(), status_code=201)


@api.post("/{case_id}/rename", summary="Rename a case (a new log entry; the old name is kept)", responses=ERRORS)
def api_rename(request: Request, case_id: str, body: RenameIn) -> JSONResponse:
    with store_for(request) as store:
        cid = store.case(case_id).id
        done = store.rename(cid, body.name)
        return JSONResponse({"case": store.case(cid).to_json(), "renamed": done.to_json() if done else None})


@api.get("/{case_id}", summary="One case and its timeline", responses=ERRORS)
def api_case(request: Request, case_id: str, include: Literal["flagged", "all"] = "flagged") -> JSONResponse:
    with store_for(request) as store:
        info = store.case(case_id)
        items = [i.to_json() for i in store.timeline(info.id, include=include)]
        renames = [r.to_json() for r in store.renames(info.id)]
        return JSONResponse({"case": info.to_json(), "timeline": items, "renames": renames})


@api.post("/{case_id}/messages", summary="Add messages (analyzed and stored)", responses=ERRORS)
def api_messages(request: Request, case_id: str, body: MessagesIn, key: IdempotencyKey = None) -> JSONResponse:
    with store_for(request) as store:
        cid = store.case(case_id).id
    result = _again(request, cid, "messages", key, lambda store, k: add_messages(
        store, cid, body.text, body.received_at, body.sender, body.direction, body.timezone, once=k))
    return JSONResponse({k: v for k, v in result.items() if k != "events"})


@api.post("/{case_id}/calls", summary="Record a call", responses=ERRORS)
def api_call(request: Request, case_id: str, body: CallIn, key: IdempotencyKey = None) -> JSONResponse:
    with store_for(request) as store:
        cid = store.case(case_id).id
    return JSONResponse({"id": _again(request, cid, "calls", key, lambda store, k: add_call(
        store, cid, body.number, body.at, body.minutes, body.note, once=k))})


@api.post("/{case_id}/notes", summary="Add a note", responses=ERRORS)
def api_note(request: Request, case_id: str, body: NoteIn, key: IdempotencyKey = None) -> JSONResponse:
    with store_for(request) as store:
        cid = store.case(case_id).id
    return JSONResponse({"id": _again(request, cid, "notes", key, lambda store, k: store.add_note(cid, body.text,
                                                                                                 once=k))})


@api.post("/{case_id}/attachments", summary="Upload an evidence file (multipart, up to 50 MB)",
          responses=ERRORS)
async def api_attach(request: Request, case_id: str,
                     file: Annotated[UploadFile, File(description=f"the file, at most {UPLOAD_LIMIT // 2**20} MB")],
                     kind: Annotated[Literal["screenshot", "recording", "other"], Form()] = "other",
                     note: Annotated[str, Form(max_length=500)] = "") -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    tmp = Path(tempfile.mkdtemp(prefix="dunguard-web-"))
    try:
        with store_for(request) as store:  # fail on an unknown case before reading the upload
            store.case(case_id)
        path, mime = await save_upload(file, kind, tmp)

        def write() -> str:
            with store_for(request) as store:
                return store.attach(store.case(case_id).id, path, note=note)

        sha = await run_in_threadpool(write)
        return JSONResponse({"sha256": sha, "name": path.name, "type": mime}, status_code=201)
    except BadInput as exc:
        raise uploaded_names(exc, tmp) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class ComplaintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: Literal["12378", "local", "nifa", "12321"] = "12378"
    lang: Literal["zh", "en"] = "zh"
    force: bool = Field(False, description="write a draft even when no stored message breaks a listed rule "
                                           "(its rules section is then a blank, and 'note' says so)")


@api.post("/{case_id}/complaint", summary="A complaint letter built from the case", responses=ERRORS)
def api_complaint(request: Request, case_id: str, body: ComplaintIn) -> JSONResponse:
    return JSONResponse(complaint_letter(request, case_id, body.to, body.lang, body.force))


@api.post("/{case_id}/import", status_code=201,
          summary="Import a phone's message export (Android XML, iOS sms.db, CSV, JSONL, text; multipart)",
          responses=ERRORS)
async def api_import(request: Request, case_id: str,
                     file: Annotated[UploadFile, File(description="the export file, at most 50 MB")],
                     sender: Annotated[str, Form(max_length=64, description="a text file's sender")] = "",
                     received_at: Annotated[str, Form(max_length=64, description="a text file's time, "
                                                      "2025-02-26T10:30")] = "") -> JSONResponse:
    from starlette.concurrency import run_in_threadpool

    tmp = Path(tempfile.mkdtemp(prefix="dunguard-web-"))
    try:
        with store_for(request) as store:
            store.case(case_id)
        when = aware(received_at) if received_at.strip() else None
        path, _ = await save_upload(file, "export", tmp)

        def write() -> dict[str, Any]:
            with store_for(request) as store:
                result = store.import_file(store.case(case_id).id, path, sender=sender.strip() or None,
                                           received_at=when)
            warnings = [uploaded_names(w, tmp) for w in result.warnings]
            return {**result.to_json(), "warnings": [{"zh": w.render("zh"), "en": w.render("en")} for w in warnings]}

        return JSONResponse(await run_in_threadpool(write), status_code=201)
    except BadInput as exc:
        raise uploaded_names(exc, tmp) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@api.get("/{case_id}/verify", summary="Verify the hash chain, every row and every file", responses=ERRORS)
def api_verify(request: Request, case_id: str) -> JSONResponse:
    with store_for(request) as store:
        return JSONResponse(store.verify(store.case(case_id).id).to_json())


@api.get("/{case_id}/events", summary="The case's hash-chained log", responses=ERRORS)
def api_events(request: Request, case_id: str) -> JSONResponse:
    with store_for(request) as store:
        return JSONResponse([e.to_json() for e in store.events(store.case(case_id).id)])


@api.post("/{case_id}/export", summary="Export the evidence package (ZIP download)",
          responses={200: {"content": {"application/zip": {}}}, **ERRORS})
def api_export(request: Request, case_id: str) -> Response:
    from dunguard.web.app import lang_of

    return _export(request, case_id, lang_of(request), Path(tempfile.mkdtemp(prefix="dunguard-web-")))


@api.get("/{case_id}/chart.png", summary="Contacts per day (PNG)",
         responses={200: {"content": {"image/png": {}}}, **ERRORS})
def api_chart(request: Request, case_id: str, size: Literal["wide", "phone"] = "wide") -> Response:
    return _chart(request, case_id, size)


@api.get("/{case_id}/files/{sha256}", summary="Download an evidence file", responses=ERRORS)
def api_file(request: Request, case_id: str, sha256: str) -> Response:
    return _file(request, case_id, sha256)
