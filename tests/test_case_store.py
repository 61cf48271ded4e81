"""The case store: cases, imports without duplicates, calls, notes, attachments, deletes, the log."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from dunguard.case import open_store
from dunguard.case.store import default_db_path
from dunguard.errors import BadInput

VISIT = "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。如有疑问,请联系客服95188。"
HAM = "晚上一起吃饭吗？我七点到。"


def android_xml(rows: list[tuple[str, str, int, int]]) -> str:
    """rows of (address, body, date_ms, type)."""
    from xml.sax.saxutils import quoteattr

    body = "\n".join(
        f"  <sms protocol=\"0\" address={quoteattr(a)} date=\"{d}\" type=\"{t}\" body={quoteattr(b)} />"
        for a, b, d, t in rows
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<smses count="{len(rows)}">\n{body}\n</smses>\n'


T0 = 1740537000000  # 2025-02-26 10:30 Asia/Shanghai


@pytest.fixture
def export(tmp_path) -> Path:
    p = tmp_path / "sms-backup.xml"
    p.write_text(
        android_xml([
            ("95188", VISIT, T0, 1),
            ("13900000000", HAM, T0 + 60_000, 1),
            ("95188", "我下周一还", T0 + 120_000, 2),
            ("95188", "draft never sent", T0 + 180_000, 3),
        ]),
        encoding="utf-8",
    )
    return p


def snapshot(store) -> dict:
    """Every row of every table and every stored file: what "unchanged" means."""
    c = store.conn
    tables = ("cases", "events", "messages", "calls", "notes", "attachments", "hidden")
    rows = {t: c.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    rows["files"] = sorted(str(p) for p in store.files_dir.rglob("*")) if store.files_dir.exists() else []
    return rows


def test_new_case_is_listed_and_found_by_prefix(store):
    cid = store.new_case("  美团借钱 逾期 ")
    assert len(cid) == 8
    assert [c.name for c in store.cases()] == ["美团借钱 逾期"]
    assert store.case(cid[:4].upper()).id == cid
    for wildcard in ("____", "%%%%"):
        with pytest.raises(BadInput):
            store.case(wildcard)
    with pytest.raises(BadInput) as e:
        store.case("nope")
    assert e.value.key == "no_such_case" and "nope" in e.value.render("zh")
    with pytest.raises(BadInput):
        store.new_case("   ")


def test_import_marks_collection_messages_and_keeps_everything(store, export):
    cid = store.new_case("c")
    result = store.import_file(cid, export)
    assert (result.format, result.read, result.added, result.flagged, result.skipped) == ("android", 4, 3, 1, 1)
    flagged = store.timeline(cid)
    messages = [i for i in flagged if i.type == "message"]
    assert [m.text for m in messages] == [VISIT]
    report = messages[0].report
    assert report["verdict"]["primary_kind"] == "visit_threat"
    assert "CN-VISIT-001" in {f["rule_id"] for f in report["findings"]}
    assert "plan" not in report
    everything = [i for i in store.timeline(cid, include="all") if i.type == "message"]
    assert [m.text for m in everything] == [VISIT, HAM, "我下周一还"]
    mine = everything[2]
    assert mine.direction == "out" and mine.report is None and not mine.flagged
    assert everything[0].at == "2025-02-26T10:30:00+08:00" and everything[0].position == "line 3"


def test_reimport_adds_nothing(store, export):
    cid = store.new_case("c")
    store.import_file(cid, export)
    before = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    again = store.import_file(cid, export)
    assert (again.added, again.duplicates) == (0, 3)
    assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == before
    # the same messages in another export format are the same messages
    csv = export.with_name("same.csv")
    csv.write_text(f"时间,号码,内容\n2025-02-26 10:30,95188,\"{VISIT}\"\n", encoding="utf-8")
    assert store.import_file(cid, csv).added == 0
    assert store.verify(cid).ok


def test_imported_file_is_kept_as_read_only_evidence(store, export):
    cid = store.new_case("c")
    result = store.import_file(cid, export)
    kept = store.attachment_path(result.source_sha256)
    assert kept.read_bytes() == export.read_bytes()
    assert not os.stat(kept).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert kept.parent.parent == store.files_dir and store.files_dir.parent == store.path.parent
    [att] = store.attachments(cid)
    assert (att.role, att.name, att.size) == ("source", "sms-backup.xml", export.stat().st_size)


def test_calls_notes_and_attachments_join_the_timeline(store, tmp_path):
    cid = store.new_case("c")
    rec = tmp_path / "call.m4a"
    rec.write_bytes(b"\x00fake audio")
    call_id = store.add_call(cid, "13800000000", datetime(2025, 2, 26, 21, 30), 4, "威胁上门", rec)
    assert store.add_call(cid, "13800000000", datetime(2025, 2, 26, 21, 30), 4, "威胁上门", rec) == call_id
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG fake")
    sha = store.attach(cid, shot, note="微信截图")
    store.add_note(cid, "今天又打了三次")
    items = store.timeline(cid)
    call = next(i for i in items if i.type == "call")
    assert (call.at, call.minutes, call.note) == ("2025-02-26T21:30:00+08:00", 4.0, "威胁上门")
    assert store.attachment_path(call.recording_sha256).read_bytes() == b"\x00fake audio"
    assert {(a.role, a.note) for a in store.attachments(cid)} >= {("attachment", "微信截图")}
    assert items[0].type == "call"  # 2025 comes before things added today
    assert any(i.type == "note" and i.text == "今天又打了三次" for i in items)
    assert store.attachment_path(sha).read_bytes() == b"\x89PNG fake"
    info = store.case(cid)
    assert (info.calls, info.notes, info.attachments) == (1, 1, 2)
    with pytest.raises(BadInput):
        store.add_call(cid, "1380", datetime(2025, 2, 26), -1)


def test_missing_attachment_file_changes_nothing(store, tmp_path):
    cid = store.new_case("c")
    before = snapshot(store)
    with pytest.raises(BadInput) as e:
        store.attach(cid, tmp_path / "gone.png")
    assert e.value.key == "file_not_found" and "gone.png" in e.value.render("en")
    with pytest.raises(BadInput):
        store.add_call(cid, "138", datetime(2025, 1, 1), 1, recording=tmp_path / "gone.m4a")
    assert snapshot(store) == before


def test_delete_hides_logs_and_keeps_the_row(store, export):
    cid = store.new_case("c")
    store.import_file(cid, export)
    [msg] = [i for i in store.timeline(cid) if i.type == "message"]
    store.delete(cid, msg.id[:10], reason="重复录入")
    assert not [i for i in store.timeline(cid, include="all") if i.id == msg.id]
    assert store.conn.execute("SELECT count(*) FROM messages WHERE id = ?", (msg.id,)).fetchone()[0] == 1
    last = store.events(cid)[-1]
    assert (last.kind, last.payload["item"], last.payload["reason"]) == ("delete", msg.id, "重复录入")
    with pytest.raises(BadInput):
        store.delete(cid, msg.id, reason="again")
    with pytest.raises(BadInput):
        store.delete(cid, "ffffffffff", reason="x")
    assert store.verify(cid).ok


def test_log_event_extends_the_chain(store):
    cid = store.new_case("c")
    head = store.chain_head(cid)
    event = store.log_event(cid, "export", {"file": "out.zip", "sha256": "ab" * 32})
    assert event.prev_hash == head and store.chain_head(cid) == event.hash != head
    assert [e.kind for e in store.events(cid)] == ["create", "export"]
    # an outside event listing rows cannot make rows that were never added look legitimate
    store.log_event(cid, "export", {"messages": [["ab" * 32, "cd" * 32]]})
    for bad in ("delete", "Export", "", "a b"):
        with pytest.raises(BadInput):
            store.log_event(cid, bad, {})
    assert store.verify(cid).ok


def test_migrations_are_recorded_and_rerunnable(tmp_path):
    path = tmp_path / "s.db"
    open_store(path).close()
    from dunguard.case.migrations import MIGRATIONS, migrate

    conn = sqlite3.connect(path, isolation_level=None)
    assert [r[0] for r in conn.execute("SELECT name FROM schema_version")] == [m[0] for m in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert migrate(conn) == []
    conn.execute("DELETE FROM schema_version")
    assert migrate(conn) == [m[0] for m in MIGRATIONS]  # re-running on an existing schema is harmless
    conn.close()
    with open_store(path) as s:
        assert s.cases() == []


def test_default_path_follows_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DUNGUARD_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv("DUNGUARD_DB")
    assert default_db_path().name == "dunguard.db" and "dunguard" in str(default_db_path().parent)


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BadInput) as e:
        open_store(bad)
    assert e.value.key == "store_unusable" and "bad.db" in e.value.render("zh")


def test_screenshot_import_keeps_the_picture_and_links_its_text(store, tmp_path, monkeypatch):
    from dunguard.ingest import screenshot
    from dunguard.ingest.records import ImportedMessage

    png = tmp_path / "shot.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"fake picture")
    seen = []

    def fake_read(path, progress=None, timezone="Asia/Shanghai", sender=None, received_at=None):
        from zoneinfo import ZoneInfo

        seen.append((path, sender))
        at = received_at.replace(tzinfo=ZoneInfo(timezone))
        yield ImportedMessage(VISIT, sender, at, "in", f"screenshot {path.name}")

    monkeypatch.setattr(screenshot, "read", fake_read)
    cid = store.new_case("c")
    result = store.import_file(cid, png, sender="95188", received_at=datetime(2025, 2, 26, 10, 30))
    assert (result.format, result.added, result.flagged) == ("screenshot", 1, 1)
    [msg] = [i for i in store.timeline(cid) if i.type == "message"]
    assert msg.source_sha256 == result.source_sha256 and msg.sender == "95188"
    assert store.attachment_path(msg.source_sha256).read_bytes() == png.read_bytes()
    assert seen[0][1] == "95188"


def test_two_writers_keep_one_unbroken_chain(tmp_path):
    import threading

    path = tmp_path / "shared.db"
    with open_store(path) as s:
        cid = s.new_case("c")

    def writer(tag: str) -> None:
        with open_store(path) as s:
            for i in range(25):
                s.add_note(cid, f"{tag} {i}")

    threads = [threading.Thread(target=writer, args=(t,)) for t in ("web", "cli")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open_store(path) as s:
        assert [e.n for e in s.events(cid)] == list(range(1, 52))
        assert s.case(cid).notes == 50 and s.verify(cid).ok


def test_progress_reports_both_passes(store, export):
    cid = store.new_case("c")
    calls = []
    store.import_file(cid, export, progress=lambda phase, done, total: calls.append((phase, done, total)))
    check = [c for c in calls if c[0] == "check"]
    done = [c for c in calls if c[0] == "import"]
    assert check[-1][1:] == (export.stat().st_size, export.stat().st_size)
    assert done[-1][1:] == (4, 4)


@pytest.mark.parametrize(("call", "zh"), [
    (lambda st, cid: st.new_case("  "), "请填写案件名称"),
    (lambda st, cid: st.add_note(cid, "  "), "请填写备注内容"),
])
def test_an_empty_field_is_named_in_the_readers_words(tmp_path, call, zh):
    from dunguard.errors import BadInput

    with open_store(tmp_path / "c.db") as st:
        cid = st.new_case("XX贷")
        with pytest.raises(BadInput) as err:
            call(st, cid)
    assert zh in err.value.render("zh") and "case name" not in err.value.render("zh")
