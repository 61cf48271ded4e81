"""Read one pasted or saved message from a file or stdin, whatever its encoding.

Chinese phone exports and Windows tools still write GBK/GB18030, so a file
that is not UTF-8 is tried as GB18030 (a superset of GBK) before giving up.
Windows Notepad's "Unicode" is UTF-16 with a byte-order mark, and Hong Kong and
Taiwan Windows write Big5: almost any Big5 text also decodes as GB18030, into
rare characters and kana, so such a reading is compared with Big5's (see
``_common_share``) rather than stored garbled.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from dunguard.errors import BadInput, Text

if TYPE_CHECKING:
    from dunguard.model import Context, Message, Report

# One message, even with a long thread pasted in, is far below this; a larger
# file is almost surely the wrong file (an export belongs to `case import`).
MAX_FILE_BYTES = 1_000_000

ENCODINGS = ("utf-8-sig", "gb18030")


def split_messages(text: str) -> list[str]:
    """Messages pasted one after another, a blank line between them (as the analyze page and a saved .txt take them)."""
    parts = [p.strip() for p in re.split(r"\n[ \t\u3000]*\n", text.replace("\r\n", "\n"))]
    return [p for p in parts if p]


def split_paste(text: str) -> list[str]:
    """The messages in a paste, like ``split_messages``, but a block the paste reader sets aside whole (the phone's
    status bar, a sender line, a date line, the user's own 这是真的吗？) stays with the message next to it: pasted
    from a screen with blank lines between, one message must not become four, three of them judged on their own."""
    from dunguard.extract.paste import unwrap

    parts = split_messages(text)
    if len(parts) < 2:
        return parts
    aside = set(unwrap(text.replace("\r\n", "\n")).dropped)
    out: list[str] = []
    pending: list[str] = []
    for part in parts:
        lines = [line.strip() for line in part.split("\n") if line.strip()]
        if all(line in aside for line in lines):
            pending.append(part)
            continue
        out.append("\n".join([*pending, part]))
        pending = []
    if pending:
        out = [*out[:-1], "\n".join([*out[-1:], *pending])]
    return out


def received_from_paste(extra: Sequence[str], now: datetime, tz: str = "Asia/Shanghai") -> tuple[datetime, str] | None:
    """The time the phone's screen showed above the message (昨天 21:30, 12月5日 下午3:20), as a date, or None.

    The paste reader sets such a line aside as the phone's screen; read against ``now`` (when the user copied it,
    the moment the phone's "昨天" was relative to), it is when the message arrived. Only a time already past,
    to the minute, counts: a bare weekday the phone meant as last week would otherwise land next week.
    """
    from dunguard.extract import time as time_extractor
    from dunguard.extract.base import Doc
    from dunguard.extract.paste import is_time_line
    from dunguard.model import Message

    for line in reversed([x.strip() for x in extra]):
        if not line or not is_time_line(line):
            continue
        # Only the time extractor is needed for one line of date and clock, not the whole analysis.
        for e in time_extractor.extract(Doc.from_message(Message(line, received_at=now, timezone=tz))):
            a = e.attrs
            if e.type == "time" and e.text.strip() == line and a.get("kind") == "point" and a.get("resolved") and (
                a.get("passed") and a.get("granularity") == "minute" and isinstance(a.get("from"), datetime)
            ):
                return a["from"], line
    return None


def analyze_paste(message: Message, context: Context | None, now: datetime) -> tuple[Report, str | None]:
    """``analyze``, with the received time read from the phone's time line in the paste when none was given;
    the second value is that line (so the page or the terminal can say where the time came from), else None."""
    from dunguard.pipeline import analyze

    report = analyze(message, context)
    if message.received_at is None and report.pasted_extra:
        found = received_from_paste(report.pasted_extra, now, message.timezone)
        if found is not None:
            return analyze(replace(message, received_at=found[0]), context), found[1]
    return report, None


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8, UTF-16 (with its BOM), GB18030 or Big5; reject binary data with a clear error."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput("not_text", path=name) from None
        if "\x00" in text or _looks_binary(text):
            raise BadInput("binary_input", path=name)
        return text
    if b"\x00" in data[:8192]:
        raise BadInput("binary_input", path=name)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise BadInput("binary_input", path=name)
        if encoding == "gb18030":
            text = _big5_instead(data, text)
        return text
    raise BadInput("not_text", path=name)


def legacy_encoding(data: bytes) -> str:
    """'big5hkscs' when bytes that are not UTF-8 read as Big5 text rather than as GBK/GB18030; else 'gb18030'."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return "gb18030"
    return "big5hkscs" if _big5_instead(data, text) is not text else "gb18030"


# Share of "common" characters among the non-ASCII ones: real GBK text is almost all GB2312 level 1
# (lead bytes B0-D7) and punctuation (A1-A3); the same for Big5 with its frequent characters
# (A440-C67E) and symbols (A1-A3). Big5 bytes read as GBK land half in kana, Cyrillic, private-use
# and GBK/3 extension characters.
_GBK_PLAUSIBLE = 0.8
_BIG5_PLAUSIBLE = 0.9


def _big5_instead(data: bytes, gbk_text: str) -> str:
    """The Big5 reading of ``data`` when it is plainly the right one; else ``gbk_text`` unchanged."""
    gbk = _common_share(gbk_text, "gb2312", 0xB0, 0xD7)
    if gbk is None or gbk >= _GBK_PLAUSIBLE:
        return gbk_text
    try:
        big5_text = data.decode("big5hkscs")
    except UnicodeDecodeError:
        return gbk_text
    big5 = _common_share(big5_text, "big5hkscs", 0xA4, 0xC6)
    if big5 is not None and big5 >= _BIG5_PLAUSIBLE and big5 - gbk >= 0.3:
        return big5_text
    return gbk_text


def _common_share(text: str, encoding: str, first: int, last: int) -> float | None:
    """Share of the non-ASCII characters of ``text`` whose lead byte in ``encoding`` is a symbol row or in first..last."""
    total = common = 0
    for ch in text[:4096]:
        if ord(ch) < 0x80:
            continue
        total += 1
        try:
            lead = ch.encode(encoding)[0]
        except UnicodeEncodeError:
            continue
        if 0xA1 <= lead <= 0xA3 or first <= lead <= last:
            common += 1
    return common / total if total else None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls / len(sample) > 0.05


def read_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> str:
    """Read a message file, enforcing the size limit before reading it whole."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise BadInput("file_not_found", path=str(p)) from None
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or type(exc).__name__) from None
    if p.is_dir():
        raise BadInput("file_unreadable", path=str(p), reason=Text("is_directory"))
    if size > limit:
        raise BadInput("file_too_large", path=str(p), size=size, limit=limit)
    try:
        with p.open("rb") as fh:
            return read_stream(fh, str(p), limit)
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or type(exc).__name__) from None


def read_stream(stream: BinaryIO, name: str = "-", limit: int = MAX_FILE_BYTES) -> str:
    """Read at most ``limit`` bytes; one byte more means the input is too large."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise BadInput("file_too_large", path=name, size=f">{limit}", limit=limit)
    return decode(data, name)
