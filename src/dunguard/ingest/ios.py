"""iOS Messages database (``sms.db`` from an iPhone backup), opened strictly read-only.

Tables used: ``message`` (text, date, is_from_me, handle_id), ``handle`` (the other
party's number), ``chat`` and ``chat_message_join`` (the conversation, for messages
with no handle such as group or sent texts). ``date`` counts from 2001-01-01 UTC, in
seconds on old iOS and nanoseconds since iOS 11. Newer iOS leaves ``text`` empty and
keeps the words in ``attributedBody`` (an archived NSAttributedString); its string is
recovered from that blob.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from dunguard.errors import BadInput, Text, register_messages
from dunguard.ingest.records import ImportedMessage

register_messages(
    {
        "sqlite_unreadable": {
            "zh": "无法读取 iOS 短信数据库 {path}（{place}）：{reason}",
            "en": "Cannot read the iOS messages database {path} ({place}): {reason}",
        },
        "ios_not_messages_db": {
            "zh": "这不是 iOS 短信数据库（缺少表 {missing}）；请选择 iPhone 备份里的 sms.db",
            "en": "not an iOS Messages database (missing tables {missing}); choose the sms.db of an iPhone backup",
        },
        "ios_missing_columns": {
            "zh": "这不是 iOS 短信数据库（message 表缺少列 {missing}）；请选择 iPhone 备份里的 sms.db",
            "en": "not an iOS Messages database (the message table lacks {missing}); "
            "choose the sms.db of an iPhone backup",
        },
        "ios_bad_date": {"zh": "日期 {value} 超出范围", "en": "date {value} out of range"},
        "ios_at_open": {"zh": "打开时", "en": "open"},
        "ios_at_schema": {"zh": "检查表结构时", "en": "schema"},
        "ios_at_row": {"zh": "第 {rowid} 条消息", "en": "message ROWID {rowid}"},
        "sqlite_locked": {
            "zh": "iOS 短信数据库 {path} 正被其他程序占用（已锁定），请关闭占用它的程序或先复制一份再导入",
            "en": "The iOS messages database {path} is locked by another program; close it or import a copy",
        },
    }
)

APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
# Dates above this are nanoseconds (iOS 11+); a seconds value this large would be year 2318.
NANOSECOND_THRESHOLD = 10_000_000_000

# How long to wait for a database another program holds locked before saying so.
LOCK_TIMEOUT = 2.0

QUERY = """
SELECT m.ROWID, m.text, {body}, m.date, m.is_from_me, h.id,
       (SELECT c.chat_identifier FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id
         WHERE j.message_id = m.ROWID LIMIT 1)
FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id
ORDER BY m.ROWID
"""


def apple_time(value: int | float | None, tz: ZoneInfo) -> datetime | None:
    """Apple epoch seconds or nanoseconds to an aware datetime in ``tz``."""
    if not value:
        return None
    seconds = value / 1e9 if abs(value) > NANOSECOND_THRESHOLD else value
    return (APPLE_EPOCH + timedelta(seconds=seconds)).astimezone(tz)


def attributed_text(blob: bytes | None) -> str:
    """The plain string inside an archived NSAttributedString (typedstream), or ''.

    Layout after the class name: ``NSString``, 5 bytes of type info ending in ``+``,
    then a length (one byte, or 0x81 + 2 bytes / 0x82 + 4 bytes little-endian) and UTF-8.
    """
    if not blob:
        return ""
    at = blob.find(b"NSString")
    if at < 0:
        return ""
    i = blob.find(b"+", at + 8, at + 16)
    if i < 0:
        return ""
    i += 1
    if i >= len(blob):
        return ""
    size = blob[i]
    i += 1
    if size == 0x81:
        size = int.from_bytes(blob[i : i + 2], "little")
        i += 2
    elif size == 0x82:
        size = int.from_bytes(blob[i : i + 4], "little")
        i += 4
    return blob[i : i + size].decode("utf-8", errors="replace")


def _connect(p: Path) -> sqlite3.Connection:
    # mode=ro: never write to the user's backup, not even a journal or WAL index.
    uri = f"file:{quote(str(p.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT)
    conn.text_factory = lambda b: b.decode("utf-8", errors="replace")
    return conn


def read(
    path: str | os.PathLike[str],
    progress=None,
    timezone: str = "Asia/Shanghai",
) -> Iterator[ImportedMessage]:
    """Yield every message of an sms.db; ``progress(rows_read, total_rows)`` as it goes."""
    p = Path(path)
    tz = ZoneInfo(timezone)
    place = Text("ios_at_open")
    try:
        conn = _connect(p)
    except sqlite3.Error as exc:
        raise _error(p, place, exc) from None
    try:
        place = Text("ios_at_schema")
        cols = {r[1] for r in conn.execute("PRAGMA table_info(message)")}
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"message", "handle", "chat", "chat_message_join"} - tables
        missing_cols = {"text", "date", "is_from_me", "handle_id"} - cols
        if missing:
            reason = Text("ios_not_messages_db", missing=", ".join(sorted(missing)))
            raise BadInput("sqlite_unreadable", path=str(p), place=place, reason=reason)
        if missing_cols:
            reason = Text("ios_missing_columns", missing=", ".join(sorted(missing_cols)))
            raise BadInput("sqlite_unreadable", path=str(p), place=place, reason=reason)
        total = conn.execute("SELECT count(*) FROM message").fetchone()[0]
        body = "m.attributedBody" if "attributedBody" in cols else "NULL"
        done = 0
        place = Text("ios_at_row", rowid=1)
        for rowid, text, blob, date, from_me, handle, chat_id in conn.execute(QUERY.format(body=body)):
            place = Text("ios_at_row", rowid=rowid)
            done += 1
            words = text if text else attributed_text(blob)
            try:
                when = apple_time(date, tz)
            except (OverflowError, ValueError, TypeError):
                reason = Text("ios_bad_date", value=repr(date))
                raise BadInput("sqlite_unreadable", path=str(p), place=place, reason=reason) from None
            yield ImportedMessage(
                text=(words or "").replace("\ufffc", "").strip(),
                sender=handle or chat_id or None,
                received_at=when,
                direction="out" if from_me else "in",
                position=f"ROWID {rowid}",
            )
            if progress and done % 1000 == 0:
                progress(done, total)
        if progress:
            progress(done, total)
    except sqlite3.Error as exc:
        raise _error(p, place, exc) from None
    finally:
        conn.close()


def _error(p: Path, place: Text, exc: sqlite3.Error) -> BadInput:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return BadInput("sqlite_locked", path=str(p))
    return BadInput("sqlite_unreadable", path=str(p), place=place, reason=text)
