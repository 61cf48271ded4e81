"""What keeps the local web app local: host and origin checks, CSRF tokens, body limits, headers.

The app runs on the borrower's own machine, so the threats are other web pages
the same browser has open (cross-site form posts, DNS rebinding, framing) and
hostile message text (script, links) rather than remote attackers.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from dunguard.errors import BadInput, register_messages

CSRF_COOKIE = "dg_csrf"
CSRF_FIELD = "csrf_token"
LANG_COOKIE = "dg_lang"

# A pasted message is at most MAX_CHARS (100k) characters, a few hundred KB in a
# form; anything larger than this is refused before it is parsed.
FORM_LIMIT = 2 * 1024 * 1024
# Case attachments: screenshots, recordings, PDFs of contracts.
UPLOAD_LIMIT = 50 * 1024 * 1024
# Past this we stop reading and close the connection instead of draining the body.
DRAIN_LIMIT = 200 * 1024 * 1024

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

register_messages({
    "web_csrf": {
        "zh": "页面已过期或来源不明，为了安全没有处理。请刷新页面后再提交一次。",
        "en": "The page expired or the request came from elsewhere, so it was not processed. Reload the page and submit again.",
    },
    "web_bad_host": {
        "zh": "拒绝访问：这个地址（{host}）不是本机地址。",
        "en": "Refused: this address ({host}) is not this computer.",
    },
    "web_bad_origin": {
        "zh": "拒绝访问：请求来自其他网站（{origin}）。",
        "en": "Refused: the request came from another site ({origin}).",
    },
    "web_too_large": {
        "zh": "提交的内容太大（上限 {limit}）。一条短信只有几百个字，请只粘贴短信本身。",
        "en": "What you sent is too large (limit {limit}). A text message is a few hundred characters: paste only the message.",
    },
    "web_json_only": {
        "zh": "接口只接受 JSON（Content-Type: application/json）。",
        "en": "This endpoint accepts only JSON (Content-Type: application/json).",
    },
    "web_bad_json": {
        "zh": "请求内容不是有效的 JSON：{reason}",
        "en": "The request body is not valid JSON: {reason}",
    },
    "web_bad_field": {
        "zh": "请求中的 {field} 有误：{reason}",
        "en": "Invalid {field} in the request: {reason}",
    },
    "web_bad_upload_type": {
        "zh": "不支持这种文件：{name}。可以上传截图（PNG/JPEG/GIF/WebP）、PDF、录音（MP3/M4A/AMR/WAV/AAC/OGG）或文本。",
        "en": "Unsupported file: {name}. Upload a screenshot (PNG/JPEG/GIF/WebP), a PDF, a recording (MP3/M4A/AMR/WAV/AAC/OGG) or text.",
    },
    "web_bad_export_type": {
        "zh": "{name} 不是短信备份文件。可以导入安卓“SMS Backup & Restore”的 XML、iPhone 的 sms.db、CSV、JSONL 或文本文件。",
        "en": "{name} is not a message export. Import an Android 'SMS Backup & Restore' XML, an iPhone sms.db, "
        "CSV, JSONL or a text file.",
    },
    "web_image_as_export": {
        "zh": "{name} 是一张图片，不是短信备份文件。截图请在“上传截图、录音或其他证据”里保存为证据，"
        "再把截图里的短信文字粘贴到“添加短信”，填上手机上显示的时间和号码。",
        "en": "{name} is a picture, not a message export. Keep a screenshot under 'Upload a screenshot, recording or "
        "other file', and paste its text under 'Add a message' with the time and number the phone shows.",
    },
    "web_empty_upload": {"zh": "上传的文件是空的：{name}", "en": "The uploaded file is empty: {name}"},
    "web_not_found": {"zh": "没有这个页面。", "en": "No such page."},
    # The store's own sentences point to `dunguard case list/show`, which a web page cannot run.
    "web_no_such_case": {
        "zh": "没有这个案件：{case}。在“我的案件”里可以看到全部案件。",
        "en": "No such case: {case}. 'My cases' lists every case.",
    },
    "web_no_such_item": {
        "zh": "案件 {case} 中没有这一项：{item}（可能已被删除）。",
        "en": "Case {case} has no item {item} (it may have been deleted).",
    },
    "web_method": {"zh": "不支持这种请求方式。", "en": "This request method is not supported here."},
    "web_internal": {
        "zh": "内部错误，没有完成（{exc}）。你的数据没有改动；请再试一次。",
        "en": "Internal error, nothing was done ({exc}). Your data is unchanged; please try again.",
    },
})


def human_size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def is_loopback_host(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (brackets and port stripped by the caller)."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> str:
    """The host part of a Host header ("127.0.0.1:8000", "[::1]:8000")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def origin_allowed(origin: str | None, host_header: str, fetch_site: str | None = None) -> bool:
    """A browser's Origin must be this very server, or a loopback page.

    A missing Origin is allowed: curl and scripts on this machine send none,
    and a browser always sends one on cross-site POSTs. Our own pages send
    "null" because of Referrer-Policy: no-referrer; the browser-set
    Sec-Fetch-Site then tells a same-origin form from a sandboxed foreign one.
    """
    if fetch_site == "cross-site":
        return False
    if origin is None:
        return True
    if origin == "null":
        return fetch_site in ("same-origin", "none")
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.netloc.lower() == host_header.strip().lower():
        return True
    return is_loopback_host(parts.hostname) and is_loopback_host(split_host(host_header))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    """Double-submit check: the hidden field must equal the SameSite=Strict cookie.

    Another site can make the browser post a form here but can neither read nor
    set our cookie, so it cannot know the value to put in the field.
    """
    if not cookie or not field or len(cookie) > 200 or len(field) > 200:
        return False
    return hmac.compare_digest(cookie.encode(), field.encode())


# Magic numbers of the attachment types a case accepts. The browser's Content-Type
# and the file name are hints only; the bytes decide.
MAGIC: tuple[tuple[str, bytes, int], ...] = (
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("image/gif", b"GIF8", 0),
    ("application/pdf", b"%PDF-", 0),
    ("audio/amr", b"#!AMR", 0),
    ("audio/mpeg", b"ID3", 0),
    ("audio/mpeg", b"\xff\xfb", 0),
    ("audio/mpeg", b"\xff\xf3", 0),
    ("audio/mpeg", b"\xff\xf2", 0),
    ("audio/mpeg", b"\xff\xfa", 0),  # MPEG-1 layer 3 with CRC
    ("audio/mpeg", b"\xff\xe3", 0),  # MPEG-2.5, low-rate voice recordings
    # Phone recorders' other formats: AAC in ADTS frames (.aac), Ogg (Opus/Vorbis, .ogg/.opus)
    ("audio/aac", b"\xff\xf1", 0),
    ("audio/aac", b"\xff\xf9", 0),
    ("audio/ogg", b"OggS", 0),
)


def sniff_type(head: bytes) -> str | None:
    """The media type of an attachment from its first bytes, or None when not allowed."""
    for mime, magic, offset in MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[4:8] == b"ftyp":  # ISO media: m4a recordings, mp4 screen recordings
        return "audio/mp4" if head[8:11] in (b"M4A", b"M4B") else "video/mp4"
    if looks_like_text(head):
        return "text/plain"
    return None


# How much of an upload is read to judge it: enough for a CSV header and a few rows.
HEAD_BYTES = 8192
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decodes(line: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            line.decode(encoding)
            return True
        except UnicodeDecodeError:
            pass
    return False


def looks_like_text(head: bytes) -> bool:
    """True when the sample reads as text the importers read: each line UTF-8 or GBK/GB18030, or UTF-16 with a BOM.

    Chinese Windows tools write GBK, and exports glued together mix encodings line by line, so
    every line is judged on its own, as ``dunguard case import`` reads it. The sample (or a
    truncated file) may end inside a character, so its last line may lose up to 3 bytes; the
    importer then names what it cannot read. A NUL byte or many control characters mean a binary file.
    """
    if head.startswith(UTF16_BOMS):
        return True
    if not head or b"\x00" in head:
        return False
    lines = head.split(b"\n")
    for i, line in enumerate(lines):
        cut = 0 if i < len(lines) - 1 else min(3, len(line))
        if not any(_decodes(line[:len(line) - k]) for k in range(cut + 1)):
            return False
    controls = sum(1 for b in head if b < 32 and b not in b"\t\r\n\f")
    return controls / len(head) <= 0.05


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_upload(name: str, head: bytes, size: int, expect_image: bool = False, export: bool = False) -> str:
    """Validate an uploaded attachment; return its sniffed media type or raise BadInput.

    ``export`` is a phone's message export: text (Android XML, CSV, JSONL) or an iOS sms.db.
    """
    if size == 0:
        raise BadInput("web_empty_upload", name=name)
    if size > UPLOAD_LIMIT:
        raise BadInput("web_too_large", limit=human_size(UPLOAD_LIMIT))
    if export:
        if head.startswith(SQLITE_MAGIC):
            return "application/vnd.sqlite3"
        mime = sniff_type(head)
        if mime == "text/plain":
            return "text/plain"
        if mime is not None and mime.startswith("image/"):  # a screenshot put in the wrong form
            raise BadInput("web_image_as_export", name=name)
        raise BadInput("web_bad_export_type", name=name)
    mime = sniff_type(head)
    if mime is None or (expect_image and not mime.startswith("image/")):
        raise BadInput("web_bad_upload_type", name=name)
    return mime


class TooLarge(Exception):
    """The body outgrew the limit while being read (no or a false Content-Length)."""

    @property
    def limit(self) -> int:
        return int(self.args[0]) if self.args else FORM_LIMIT


Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class SecurityMiddleware:
    """Pure ASGI middleware: refuse foreign Host headers, cap request bodies, add headers.

    ``allowed_hosts`` None means any Host (the user chose to listen beyond loopback);
    otherwise a request whose Host is not loopback or listed is refused, which stops
    DNS-rebinding pages from talking to the app through a name they control.
    """

    def __init__(self, app: Any, allowed_hosts: Iterable[str] | None = (),
                 upload_prefixes: tuple[str, ...] = ("/cases/", "/api/cases/"),
                 json_prefix: str = "/api/",
                 refuse: Callable[[Scope, str, dict[str, str], int], Awaitable[Any]] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.upload_prefixes = upload_prefixes
        self.json_prefix = json_prefix
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(HEADERS)]
                message = {**message, "headers": headers + list(HEADERS)}
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.allowed_hosts is not None:
            name = split_host(host)
            if not (is_loopback_host(name) or name in self.allowed_hosts):
                await self._refuse(scope, receive, send_with_headers, "web_bad_host", {"host": host[:100]}, 400)
                return

        path = scope.get("path", "")
        if scope.get("method", "GET") not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if not origin_allowed(origin, host, headers.get("sec-fetch-site")):
                await self._refuse(scope, receive, send_with_headers, "web_bad_origin",
                                   {"origin": (origin or "cross-site")[:100]}, 403)
                return
            if path.startswith(self.json_prefix):
                ctype = headers.get("content-type", "").split(";", 1)[0].strip().lower()
                uploads = path.endswith(("/attachments", "/import")) and ctype == "multipart/form-data"
                if ctype != "application/json" and not uploads:
                    await self._refuse(scope, receive, send_with_headers, "web_json_only", {}, 415)
                    return
        limit = UPLOAD_LIMIT + 1024 * 1024 if path.startswith(self.upload_prefixes) else FORM_LIMIT
        length = headers.get("content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = limit + 1
            if declared > limit:
                await self._drain(receive, declared)
                await self._refuse(scope, receive, send_with_headers, "web_too_large",
                                   {"limit": human_size(limit)}, 413)
                return

        received = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge(limit)
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except TooLarge:
            if started:
                raise
            await self._drain(receive, 0)
            await self._refuse(scope, receive, send_with_headers, "web_too_large", {"limit": human_size(limit)}, 413)

    async def _drain(self, receive: Receive, declared: int) -> None:
        """Read and drop the rest of the body so the browser sees our answer, not a reset."""
        if declared > DRAIN_LIMIT:
            return
        total = 0
        while total <= DRAIN_LIMIT:
            message = await receive()
            if message["type"] != "http.request":
                return
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                return

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, key: str,
                      params: dict[str, str], status: int) -> None:
        assert self.refuse is not None
        response = await self.refuse(scope, key, params, status)
        await response(scope, receive, send)
