"""verify: tampering with the SQLite file or the evidence files is found and named."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

import pytest

from dunguard.case import open_store
from dunguard.case.chain import GENESIS, check_chain, event_hash, message_id

VISIT = "您的借款已逾期,我们的工作人员将于明天下午3点上门拜访。"
OVERDUE = "【某某金融】您的借款已逾期3天,请尽快还款。"
HAM = "晚上一起吃饭吗？"


def xml(rows):
    from xml.sax.saxutils import quoteattr

    items = "\n".join(
        f'<sms address={quoteattr(a)} date="{d}" type="1" body={quoteattr(b)} />' for a, b, d in rows
    )
    return f"<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n{items}\n</smses>\n"


@pytest.fixture
def case(tmp_path):
    """A store with an import, a call with a recording, an attachment, a note and a delete."""
    export = tmp_path / "sms.xml"
    export.write_text(
        xml([("95188", VISIT, 1740537000000), ("95511", OVERDUE, 1740537060000), ("139", HAM, 1740537120000)]),
        encoding="utf-8",
    )
    rec = tmp_path / "call.m4a"
    rec.write_bytes(b"audio")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png bytes")
    db = tmp_path / "c.db"
    with open_store(db) as s:
        cid = s.new_case("测试案件")
        s.import_file(cid, export)
        call = s.add_call(cid, "13800000000", datetime(2025, 2, 26, 21, 30), 4, "威胁上门", rec)
        sha = s.attach(cid, shot, note="截图")
        note = s.add_note(cid, "备注")
        s.add_note(cid, "第二条备注")
        ham_id = next(i.id for i in s.timeline(cid, "all") if getattr(i, "text", "") == HAM)
        s.delete(cid, ham_id, reason="无关")
        assert s.verify(cid).ok
        ids = {i.text: i.id for i in s.timeline(cid, "all") if i.type == "message"}
    return {"db": db, "cid": cid, "visit": ids[VISIT], "overdue": ids[OVERDUE], "ham": ham_id,
            "call": call, "shot": sha, "note": note}


def raw(db):
    return sqlite3.connect(db, isolation_level=None)


def problems(case):
    with open_store(case["db"]) as s:
        result = s.verify(case["cid"])
    assert not result.ok
    return {(p.change, p.item, p.ref) for p in result.problems}


def test_intact_case_verifies(case):
    with open_store(case["db"]) as s:
        result = s.verify(case["cid"])
    assert result.ok and result.problems == ()
    assert result.checked["messages"] == 3 and result.checked["files"] == 3
    with open_store(case["db"]) as s:
        assert result.head == s.chain_head(case["cid"])


def test_edited_message_text_is_named(case):
    with raw(case["db"]) as c:
        c.execute("UPDATE messages SET text = '您的借款已还清' WHERE id = ?", (case["visit"],))
    assert ("altered", "message", case["visit"]) in problems(case)


def test_edited_analysis_or_flag_is_named(case):
    with raw(case["db"]) as c:
        c.execute("UPDATE messages SET flagged = 0 WHERE id = ?", (case["overdue"],))
    assert problems(case) == {("altered", "message", case["overdue"])}


def test_reordered_timeline_is_named(case):
    with raw(case["db"]) as c:
        c.execute("UPDATE messages SET ts = ts + 86400 WHERE id = ?", (case["visit"],))
    assert problems(case) == {("altered", "message", case["visit"])}


def test_removed_and_slipped_in_messages_are_named(case):
    with raw(case["db"]) as c:
        c.execute("DELETE FROM messages WHERE id = ?", (case["overdue"],))
        fake = message_id("95188", "2025-02-27T00:00:00+00:00", "假短信", "in")
        c.execute(
            "INSERT INTO messages (case_id, id, sender, received_at, ts, direction, text, position, flagged) "
            "VALUES (?, ?, '95188', '2025-02-27T08:00:00+08:00', 1740614400, 'in', '假短信', '', 0)",
            (case["cid"], fake),
        )
    assert problems(case) == {("missing", "message", case["overdue"]), ("added", "message", fake)}


def test_edited_and_removed_log_entries_are_named(case):
    with raw(case["db"]) as c:
        notes = [r[0] for r in c.execute("SELECT n FROM events WHERE kind = 'note' ORDER BY n")]
        c.execute("UPDATE events SET at = '2020-01-01T00:00:00+00:00' WHERE kind = 'note'")
        c.execute("UPDATE events SET payload = replace(payload, 'shot.png', 'other.png') WHERE kind = 'attach'")
        [attach] = [r[0] for r in c.execute("SELECT n FROM events WHERE kind = 'attach'")]
    assert problems(case) == {("altered", "event", str(n)) for n in [*notes, attach]}
    with raw(case["db"]) as c:
        c.execute("DELETE FROM events WHERE case_id = ? AND n = 3", (case["cid"],))
    assert ("missing", "event", "3") in problems(case)


def test_tampered_and_missing_evidence_files_are_named(case):
    with open_store(case["db"]) as s:
        shot = s.attachment_path(case["shot"])
        call = next(i for i in s.timeline(case["cid"]) if i.type == "call")
        rec = s.attachment_path(call.recording_sha256)
    os.chmod(shot, 0o644)
    shot.write_bytes(b"edited png")
    rec.unlink()
    assert problems(case) == {("altered", "file", case["shot"]), ("missing", "file", call.recording_sha256)}


def test_undone_delete_call_edit_and_renamed_case_are_named(case):
    with raw(case["db"]) as c:
        c.execute("DELETE FROM hidden WHERE item_id = ?", (case["ham"],))
        c.execute("UPDATE calls SET minutes = 1 WHERE id = ?", (case["call"],))
        c.execute("UPDATE cases SET name = '别的案件'")
        c.execute("DELETE FROM notes WHERE id = ?", (case["note"],))
    assert problems(case) == {
        ("missing", "deletion", case["ham"]),
        ("altered", "call", case["call"]),
        ("altered", "case", case["cid"]),
        ("missing", "note", case["note"]),
    }


def test_cli_verify_lists_problems_with_exit_1(case, run_cli, monkeypatch):
    import dunguard.cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    monkeypatch.setattr("dunguard.case.cli.EXPORT_MODULE", "dunguard.case.no_export_here")
    code, out, _ = run_cli("case", "verify", case["cid"], "--db", str(case["db"]))
    assert code == 0 and "完好" in out
    with raw(case["db"]) as c:
        c.execute("UPDATE messages SET text = 'x' WHERE id = ?", (case["visit"],))
    code, out, _ = run_cli("case", "verify", case["cid"], "--db", str(case["db"]), "--lang", "en")
    assert code == 1
    assert f"altered: message {case['visit']}" in out


def test_chain_function_finds_gaps_and_edits():
    rows = []
    prev = GENESIS
    for n in (1, 2, 3):
        h = event_hash(prev, "c", n, "note", "t", "{}")
        rows.append((n, "note", "t", "{}", prev, h))
        prev = h
    assert check_chain("c", rows)[0] == []
    assert check_chain("c", rows)[1] == prev
    gap = [rows[0], rows[2]]
    assert {(p.change, p.ref) for p in check_chain("c", gap)[0]} == {("missing", "2")}
    edited = [rows[0], (2, "note", "t", '{"x":1}', rows[1][4], rows[1][5]), rows[2]]
    assert [(p.change, p.ref) for p in check_chain("c", edited)[0]] == [("altered", "2")]
