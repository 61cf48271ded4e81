"""iOS sms.db: Apple-epoch dates, handles and chats, attributedBody, read-only, corrupt or locked files."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dunguard.case import open_store
from dunguard.errors import BadInput
from dunguard.ingest import ios

SH = ZoneInfo("Asia/Shanghai")
APPLE = 978307200  # 2001-01-01 in Unix seconds

SCHEMA = """
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, service TEXT);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, chat_identifier TEXT, service_name TEXT);
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT, text TEXT, handle_id INTEGER DEFAULT 0,
  date INTEGER, is_from_me INTEGER DEFAULT 0, attributedBody BLOB, service TEXT);
CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER, PRIMARY KEY (chat_id, message_id));
"""


def attributed(text: str) -> bytes:
    """An NSAttributedString archive as iOS 16+ writes it when `text` is NULL."""
    data = text.encode("utf-8")
    size = bytes([len(data)]) if len(data) < 0x80 else b"\x81" + len(data).to_bytes(2, "little")
    return (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject"
            b"\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+" + size + data + b"\x86\x84\x02iI\x01")


def unix_to_apple_ns(ts: int) -> int:
    return (ts - APPLE) * 1_000_000_000


T0 = 1740537000  # 2025-02-26 10:30 Asia/Shanghai


def make_db(path, rows=None):
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.execute("INSERT INTO handle (id, service) VALUES ('95188', 'SMS'), ('+8613900000000', 'iMessage')")
    conn.execute("INSERT INTO chat (chat_identifier) VALUES ('+8613900000000')")
    rows = rows if rows is not None else [
        ("您的借款已逾期,我们将于明天下午3点上门拜访。", 1, unix_to_apple_ns(T0), 0, None),
        (None, 1, unix_to_apple_ns(T0 + 60), 0, attributed("再不还款就联系你的通讯录联系人" * 10)),
        ("好的我明天还", 0, T0 + 120 - APPLE, 1, None),  # old iOS: seconds; sent: no handle
        ("\ufffc", 2, unix_to_apple_ns(T0 + 180), 0, None),  # an image-only message
    ]
    for text, handle, date, mine, body in rows:
        cur = conn.execute(
            "INSERT INTO message (text, handle_id, date, is_from_me, attributedBody) VALUES (?,?,?,?,?)",
            (text, handle, date, mine, body),
        )
        conn.execute("INSERT INTO chat_message_join VALUES (1, ?)", (cur.lastrowid,))
    conn.commit()
    conn.close()
    return path


def test_reads_messages_dates_directions_and_attributed_body(tmp_path):
    db = make_db(tmp_path / "sms.db")
    msgs = list(ios.read(db))
    assert [(m.direction, m.sender, m.position) for m in msgs] == [
        ("in", "95188", "ROWID 1"), ("in", "95188", "ROWID 2"), ("out", "+8613900000000", "ROWID 3"),
        ("in", "+8613900000000", "ROWID 4"),
    ]
    assert msgs[0].received_at == datetime(2025, 2, 26, 10, 30, tzinfo=SH)
    assert msgs[2].received_at == datetime(2025, 2, 26, 10, 32, tzinfo=SH)  # seconds, not nanoseconds
    assert msgs[1].text == "再不还款就联系你的通讯录联系人" * 10  # 150 bytes: two-byte length form
    assert msgs[3].text == ""


def test_import_is_read_only_and_flags_collection(tmp_path):
    db = make_db(tmp_path / "sms.db")
    before = db.read_bytes()
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("ios")
        result = s.import_file(cid, db)
        assert (result.format, result.added, result.flagged, result.skipped) == ("ios", 3, 2, 1)
        assert s.import_file(cid, db).added == 0
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("sms.db")) == ["sms.db"]


def corrupt(tmp_path):
    db = make_db(tmp_path / "sms.db", rows=[(f"消息 {i} " + "填充" * 40, 1, unix_to_apple_ns(T0 + i), 0, None)
                                            for i in range(3000)])
    data = bytearray(db.read_bytes())
    # Keep the header and schema page, wreck the b-tree pages holding the messages.
    for at in range(8192, len(data), 4096):
        data[at : at + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    return db


def garbage(tmp_path):
    db = tmp_path / "sms.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x13" * 5000)
    return db


def not_ios(tmp_path):
    db = tmp_path / "sms.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize("make", [corrupt, garbage, not_ios])
def test_corrupt_or_foreign_database_is_one_clear_error_and_changes_nothing(tmp_path, make):
    db = make(tmp_path)
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        events = s.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        with pytest.raises(BadInput) as e:
            s.import_file(cid, db, fmt="ios")
        assert e.value.key == "sqlite_unreadable"
        text = e.value.render("en")
        assert str(db) in text and "\n" not in text
        assert s.conn.execute("SELECT count(*) FROM events").fetchone()[0] == events
        assert s.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_locked_database_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(ios, "LOCK_TIMEOUT", 0.1)
    db = make_db(tmp_path / "sms.db")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO handle (id) VALUES ('x')")
    try:
        with open_store(tmp_path / "c.db") as s:
            cid = s.new_case("c")
            with pytest.raises(BadInput) as e:
                s.import_file(cid, db)
            assert e.value.key == "sqlite_locked" and "sms.db" in e.value.render("zh")
            assert s.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_apple_time_seconds_and_nanoseconds():
    assert ios.apple_time(0, SH) is None
    assert ios.apple_time(762_000_000, SH) == ios.apple_time(762_000_000_000_000_000, SH)
    assert ios.apple_time(762_000_000, SH).year == 2025


def test_a_foreign_database_is_named_in_the_users_language(tmp_path):
    db = not_ios(tmp_path)
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        with pytest.raises(BadInput) as e:
            s.import_file(cid, db, fmt="ios")
    zh, en = e.value.render("zh"), e.value.render("en")
    assert "这不是 iOS 短信数据库（缺少表 chat, chat_message_join, handle, message）" in zh
    assert "检查表结构时" in zh and "not an iOS" not in zh and "schema" not in zh
    assert "not an iOS Messages database (missing tables chat, chat_message_join, handle, message)" in en
