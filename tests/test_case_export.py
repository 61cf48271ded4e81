"""Evidence package: a real case exported, unzipped, checked file by file, then tampered with."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.test_render_pdf import pdf_text

from dunguard.case import export as export_mod
from dunguard.case.export import export_case, summarize, verify_package
from dunguard.case.store import open_store
from dunguard.errors import BadInput

TZ = ZoneInfo("Asia/Shanghai")
SEED = (
    "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"
    "如有疑问,请联系客服95188。"
)
NIGHT_THREAT = "【XX金融】您的借款已逾期30天，我们将于明天下午3点上门拜访，并联系你的家人和单位。"
ANDROID_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<smses count="3">
  <sms address="106900001111" date="1740537000000" type="1" body="{SEED}" />
  <sms address="13800001111" date="1740580800000" type="1" body="{NIGHT_THREAT}" />
  <sms address="13800001111" date="1740581400000" type="2" body="我下周还" />
  <sms address="95546" date="1740618000000" type="1" body="您的快递已到驿站，取件码 3-2-1015。" />
</smses>
"""


def _png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 90, 200)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def case(tmp_path):
    """A case with an Android export (4 messages: 2 collection, 1 reply, 1 parcel notice),
    a night call with its recording, a screenshot and a note."""
    store = open_store(tmp_path / "cases.db")
    case_id = store.new_case("美团借钱 逾期")
    xml = tmp_path / "sms-backup.xml"
    xml.write_text(ANDROID_XML, encoding="utf-8")
    store.import_file(case_id, xml)
    recording = tmp_path / "call.m4a"
    recording.write_bytes(b"\x00\x00\x00\x18ftypM4A fake recording")
    store.add_call(case_id, "13800001111", datetime(2025, 2, 26, 23, 10, tzinfo=TZ), 4, "威胁上门", recording)
    shot = tmp_path / "微信截图.png"
    shot.write_bytes(_png_bytes())
    store.attach(case_id, shot, "微信截图")
    store.add_note(case_id, "对方说明天来")
    yield store, case_id, tmp_path
    store.close()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rewrite(src: Path, dst: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> None:
    """Copy a package, replacing (bytes) or dropping (None) members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    zout.writestr(info.filename, change[info.filename])
            else:
                zout.writestr(info, zin.read(info.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def test_package_holds_every_file_with_its_hash(case):
    store, case_id, tmp = case
    head_before = store.chain_head(case_id)
    result = export_case(store, case_id, tmp / "out.zip")
    files = _members(tmp / "out.zip")
    manifest = json.loads(files["manifest.json"])
    assert result.manifest_sha256 == hashlib.sha256(files["manifest.json"]).hexdigest()
    assert manifest["format"] == "dunguard-evidence" and manifest["tool"]["name"] == "dunguard"
    assert manifest["chain"]["head"] == head_before and manifest["chain"]["verified_at_export"] is True
    assert datetime.fromisoformat(manifest["exported_at"]).tzinfo is not None
    listed = {e["path"]: e for e in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json"}
    for path, entry in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == entry["sha256"], path
        assert len(files[path]) == entry["size"]
    for name in ("report.html", "report.pdf", "chart.png", "summary.json", "summary.txt", "timeline.jsonl", "events.jsonl"):
        assert name in listed
    roles = {e["role"] for e in manifest["files"]}
    assert {"original", "recording", "attachment"} <= roles
    # The originals are byte for byte what was imported and attached.
    original = next(p for p, e in listed.items() if e["role"] == "original")
    assert original.startswith("originals/") and files[original] == (tmp / "sms-backup.xml").read_bytes()
    shot = next(p for p, e in listed.items() if e["role"] == "attachment")
    assert files[shot] == (tmp / "微信截图.png").read_bytes() and shot.endswith("微信截图.png")
    # The export itself is in the case's log, pinned to the manifest.
    last = store.events(case_id)[-1]
    assert last.kind == "export" and last.payload["manifest_sha256"] == result.manifest_sha256
    assert store.verify(case_id).ok


def test_summary_a_complaint_can_quote(case):
    store, case_id, tmp = case
    export_case(store, case_id, tmp / "out.zip")
    files = _members(tmp / "out.zip")
    summary = json.loads(files["summary.json"])
    c = summary["counts"]
    # The report lists collection messages only, so the reply is not among them.
    assert (c["messages_in"], c["messages_out"], c["calls"], c["senders"]) == (2, 0, 1, 2)
    # 22:40 message and 23:10 call are at night; the 10:30 one is not; the parcel notice is no contact.
    assert summary["night"] == {"messages": 1, "calls": 1, "from": "22:00", "until": "08:00"}
    assert summary["range"]["first"].startswith("2025-02-26T10:30")
    assert summary["range"]["last"].startswith("2025-02-26T23:10")
    rules = {f["rule_id"]: f for f in summary["findings"]}
    assert "CN-TIME-001" in rules and rules["CN-TIME-001"]["messages"] == 1
    assert rules["CN-VISIT-001"]["messages"] == 2
    assert all(f["citations"] and f["citations"][0]["document"] for f in summary["findings"])
    # "上门拜访，并联系你的家人和单位": the visit is to the home; family and work are contacted, not visited.
    assert [v["targets"] for v in summary["visit_claims"]] == [["home"], ["home"]]
    assert summary["visit_claims"][0]["visit_time"][0]["value"] == "2025-02-27T15:00:00+08:00"
    text = files["summary.txt"].decode("utf-8")
    assert "2025年2月26日" in text and "催收短信 2 条" in text and "其中 1 条在夜间" in text
    assert "CN-TIME-001" in text and "不是法律意见" in text


def _iphone_backup(path: Path, sender: str, text: str, at_ms: int) -> Path:
    """An iPhone sms.db holding one incoming message."""
    import sqlite3

    from tests.test_ingest_ios import make_db, unix_to_apple_ns

    make_db(path, rows=[])
    conn = sqlite3.connect(path)
    handle = conn.execute("INSERT INTO handle (id, service) VALUES (?, 'SMS')", (sender,)).lastrowid
    cur = conn.execute("INSERT INTO message (text, handle_id, date, is_from_me) VALUES (?, ?, ?, 0)",
                       (text, handle, unix_to_apple_ns(at_ms // 1000)))
    conn.execute("INSERT INTO chat_message_join VALUES (1, ?)", (cur.lastrowid,))
    conn.commit()
    conn.close()
    return path


def test_the_same_message_from_an_android_and_an_iphone_backup_is_one(case):
    store, case_id, tmp = case
    # The Android backup wrote 13800001111; the iPhone writes the same number as +86 138 0000 1111.
    db = _iphone_backup(tmp / "sms.db", "+86 138-0000-1111", NIGHT_THREAT, 1740580800000)
    result = store.import_file(case_id, db)
    assert (result.read, result.added, result.duplicates) == (1, 0, 1)
    texts = [i.text for i in store.timeline(case_id) if i.type == "message"]
    assert texts.count(NIGHT_THREAT) == 1
    export_case(store, case_id, tmp / "out.zip")
    summary = json.loads(_members(tmp / "out.zip")["summary.json"])
    assert (summary["counts"]["messages_in"], summary["counts"]["senders"]) == (2, 2)
    assert "催收短信 2 条（来自 2 个号码）" in summary["statement"]["zh"]
    assert store.verify(case_id).ok


def test_an_iphone_backup_first_keeps_its_sender_as_written(tmp_path):
    from dunguard.case.chain import message_id

    with open_store(tmp_path / "c.db") as store:
        case_id = store.new_case("c")
        store.import_file(case_id, _iphone_backup(tmp_path / "sms.db", "+8613800001111", NIGHT_THREAT, 1740580800000))
        xml = tmp_path / "sms-backup.xml"
        xml.write_text(ANDROID_XML, encoding="utf-8")
        assert store.import_file(case_id, xml).duplicates == 1
        [m] = [i for i in store.timeline(case_id, include="all") if i.type == "message" and i.text == NIGHT_THREAT]
        # Stored and hashed exactly as the export wrote it: only the duplicate check compares numbers.
        assert m.sender == "+8613800001111"
        assert m.id == message_id("+8613800001111", "2025-02-26T14:40:00+00:00", NIGHT_THREAT, "in")
        assert store.verify(case_id).ok


def test_a_number_written_two_ways_is_one_sender_in_the_summary():
    # A case stored before duplicates were compared by number may hold both copies.
    items = [
        {"type": "message", "id": i, "direction": "in", "flagged": True, "at": "2025-03-01T10:00:00+08:00",
         "sender": sender, "report": None}
        for i, sender in enumerate(["13800000000", "+86 138-0000-0000", "0086 13800000000", "95188", "+8695188"])
    ]
    s = summarize(items)
    assert s["counts"]["senders"] == 2
    assert s["senders"] == [{"sender": "13800000000", "messages": 3}, {"sender": "95188", "messages": 2}]
    assert "来自 2 个号码" in s["statement"]["zh"]


def test_messages_without_number_or_time_are_not_stated_as_a_number_or_as_daytime():
    # A pasted text file gives messages with neither sender nor time; the quotable statement
    # must not count "no number" as a number, nor say "0 at night" of messages whose time is unknown.
    threat = {"type": "message", "direction": "in", "flagged": True, "report": None}
    undated = [{**threat, "id": i, "at": None, "sender": None} for i in ("a", "b")]
    s = summarize(undated)
    assert s["counts"]["senders"] == 0 and s["counts"]["no_sender"] == 2
    zh, en = s["statement"]["zh"], s["statement"]["en"]
    assert "1 个号码" not in zh and "都没有记录发信号码" in zh
    assert "0 条在夜间" not in zh and "都没有记录收到时间" in zh
    assert "from 1 number" not in en and "0 of them sent at night" not in en
    mixed = [*undated, {**threat, "id": "c", "at": "2025-03-01T23:00:00+08:00", "sender": "13800000000"}]
    s = summarize(mixed)
    zh = s["statement"]["zh"]
    assert "来自 1 个号码，另有 2 条没有记录发信号码" in zh
    assert "其中 1 条在夜间 22:00 至次日 08:00 之间发送（另有 2 条没有记录收到时间，未计入）" in zh
    assert "(2 without a recorded time not counted)" in s["statement"]["en"]


def test_only_the_collectors_contacts_are_marked_night_in_the_report(tmp_path, monkeypatch):
    # The borrower added a note, a screenshot and an export at 00:49 and replied at 22:53: the
    # report marked each of those "夜间" beside the collector's night messages, as if they were
    # night-time collection.
    from dunguard.case import store as store_mod

    store = open_store(tmp_path / "cases.db")
    case_id = store.new_case("夜间")
    monkeypatch.setattr(store_mod, "_now", lambda: datetime(2025, 2, 27, 0, 49, tzinfo=TZ))
    xml = tmp_path / "sms-backup.xml"
    xml.write_text(ANDROID_XML, encoding="utf-8")  # 22:40 threat (night), 22:50 reply (night, the borrower's)
    store.import_file(case_id, xml)
    shot = tmp_path / "截图.png"
    shot.write_bytes(_png_bytes())
    store.attach(case_id, shot, "微信截图")
    store.add_note(case_id, "对方说明天来")
    store.add_call(case_id, "13800001111", datetime(2025, 2, 26, 23, 10, tzinfo=TZ), 4, "威胁上门")
    export_case(store, case_id, tmp_path / "out.zip", include="all")
    html = _members(tmp_path / "out.zip")["report.html"].decode("utf-8")
    items = re.findall(r'<div class="item kind-(\w+)( night)?">', html)
    night = sorted({kind for kind, mark in items if mark})
    assert night == ["call", "message"]
    assert {kind for kind, _ in items} >= {"note", "attachment", "message", "call"}
    replies = re.findall(r'<div class="item kind-message( night)?">.*?我下周还', html, re.S)
    assert replies and not re.search(r'kind-message night">(?:(?!<div class="item).)*我下周还', html, re.S)


def test_report_pdf_and_html_carry_the_timeline(case):
    store, case_id, tmp = case
    export_case(store, case_id, tmp / "out.zip")
    files = _members(tmp / "out.zip")
    text = pdf_text(files["report.pdf"]).replace("\n", "")
    assert "催收证据报告" in text and "CN-TIME-001" in text and "夜间" in text
    assert "13800001111" in text
    html = files["report.html"].decode("utf-8")
    assert "联系你的家人和单位" in html and "CN-3P-001" in html
    assert "您的快递已到驿站" not in html  # unrelated messages stay out of the report by default
    assert files["chart.png"].startswith(b"\x89PNG")


def _export_emoji_message(case) -> Path:
    """Import one message with emoji into the case and export it to tmp/out.zip; return tmp."""
    store, case_id, tmp = case
    xml = tmp / "emoji.xml"
    xml.write_text('<?xml version="1.0" encoding="UTF-8"?><smses><sms address="13800002222" date="1740619800000" '
                   'type="1" body="再不还款😡明天上门拜访，求你了🙏" /></smses>', encoding="utf-8")
    store.import_file(case_id, xml)
    export_case(store, case_id, tmp / "out.zip")
    return tmp


def test_emoji_in_a_message_are_kept_or_named_in_the_pdf(case):
    tmp = _export_emoji_message(case)
    files = _members(tmp / "out.zip")
    text = pdf_text(files["report.pdf"]).replace("\n", "")
    assert "😡" in files["report.html"].decode("utf-8")
    # Drawn from a symbol font when one is installed, else named: never a silent blank.
    assert "再不还款😡明天上门拜访" in text or "再不还款[表情：pouting face]明天上门拜访" in text
    assert "求你了🙏" in text or "求你了[表情：person with folded hands]" in text


def test_the_stores_own_file_notes_follow_the_language(case):
    store, case_id, tmp = case
    export_case(store, case_id, tmp / "zh.zip")
    text = pdf_text(_members(tmp / "zh.zip")["report.pdf"]).replace("\n", "")
    assert "2025-02-26 周三 23:10 来电的录音" in text and "call 2025" not in text
    export_case(store, case_id, tmp / "en.zip", lang="en")
    html = _members(tmp / "en.zip")["report.html"].decode("utf-8")
    assert "recording of the call on 2025-02-26 Wed 23:10" in html and "call 2025" not in html


def test_english_package_and_all_messages(case):
    store, case_id, tmp = case
    export_case(store, case_id, tmp / "en.zip", lang="en", include="all")
    files = _members(tmp / "en.zip")
    html = files["report.html"].decode("utf-8")
    assert "Debt-collection evidence report" in html and "您的快递已到驿站" in html
    assert files["summary.txt"].decode().startswith("On 2025-02-26, I received 2 collection text messages")


def test_verify_package_passes_then_names_each_change(case):
    store, case_id, tmp = case
    good = tmp / "out.zip"
    export_case(store, case_id, good)
    check = verify_package(good)
    assert check.ok and check.case_id == case_id and check.events >= 6

    altered = tmp / "altered.zip"
    html = _members(good)["report.html"].replace("上门拜访".encode(), "来电问候".encode())
    _rewrite(good, altered, {"report.html": html})
    check = verify_package(altered)
    assert not check.ok
    assert [(p.change, p.path) for p in check.problems] == [("altered", "report.html")]

    shot = next(n for n in _members(good) if n.startswith("attachments/") and n.endswith(".png"))
    missing = tmp / "missing.zip"
    _rewrite(good, missing, {shot: None}, add={"attachments/extra.png": b"not evidence"})
    check = verify_package(missing)
    assert {(p.change, p.path) for p in check.problems} == {("missing", shot), ("added", "attachments/extra.png")}


def test_a_rewritten_log_does_not_reach_the_stated_head(case):
    """Editing events.jsonl and fixing its hash in the manifest is still caught by the chain."""
    store, case_id, tmp = case
    good = tmp / "out.zip"
    export_case(store, case_id, good)
    files = _members(good)
    rows = [json.loads(line) for line in files["events.jsonl"].decode().splitlines()]
    rows[0]["payload"] = rows[0]["payload"].replace("美团借钱", "别的案件")
    events = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode()
    manifest = json.loads(files["manifest.json"])
    for e in manifest["files"]:
        if e["path"] == "events.jsonl":
            e["sha256"], e["size"] = hashlib.sha256(events).hexdigest(), len(events)
    forged = tmp / "forged.zip"
    _rewrite(good, forged, {"events.jsonl": events, "manifest.json": json.dumps(manifest).encode()})
    check = verify_package(forged)
    assert [(p.change, p.path) for p in check.problems] == [("altered", "events.jsonl")]
    assert "log entry 1" in check.problems[0].detail
    assert check.problems[0].shown("zh") == "日志第 1 条被改动"


def test_not_a_package(tmp_path):
    fake = tmp_path / "out.zip"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(BadInput) as err:
        verify_package(fake)
    assert err.value.key == "not_a_package"
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(BadInput) as err:
        verify_package(other)
    assert err.value.key == "bad_package" and "manifest.json" in err.value.render("en")


def test_tampered_store_is_exported_with_its_problems_stated(case):
    store, case_id, tmp = case
    shot_sha = next(a.sha256 for a in store.attachments(case_id) if a.role == "attachment")
    path = store.attachment_path(shot_sha)
    path.chmod(0o644)
    path.write_bytes(b"edited screenshot")
    result = export_case(store, case_id, tmp / "out.zip")
    assert result.verified is False
    manifest = json.loads(_members(tmp / "out.zip")["manifest.json"])
    assert manifest["chain"]["verified_at_export"] is False
    assert any(p["ref"] == shot_sha for p in manifest["case_problems"])
    # The package is internally consistent (what is in it is what the manifest says), but it
    # records a case that had already failed its check, so it is not intact evidence.
    check = verify_package(tmp / "out.zip")
    assert check.package_intact and not check.case_verified and not check.ok
    assert any(p["ref"] == shot_sha for p in check.case_problems)
    assert check.to_json()["ok"] is False


def test_failed_export_leaves_no_file(case, monkeypatch):
    store, case_id, tmp = case

    def boom(view):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(export_mod, "case_pdf", boom)
    with pytest.raises(RuntimeError):
        export_case(store, case_id, tmp / "out.zip")
    assert not (tmp / "out.zip").exists()
    assert not list(tmp.glob(".out.zip.*"))
    assert store.events(case_id)[-1].kind != "export"


def test_summarize_plain_items_without_a_store():
    items = [
        {"type": "message", "id": "a", "direction": "in", "flagged": True, "at": "2025-03-01T07:59:00+08:00", "sender": "1", "report": None},
        {"type": "message", "id": "b", "direction": "in", "flagged": False, "at": "2025-03-01T23:00:00+08:00", "sender": "2", "report": None},
        {"type": "call", "id": "c", "at": "2025-03-02T08:00:00+08:00", "minutes": 2.5},
    ]
    s = summarize(items)
    assert s["counts"]["messages_in"] == 1 and s["night"] == {"messages": 1, "calls": 0, "from": "22:00", "until": "08:00"}
    assert s["range"]["busiest_day"] == {"date": "2025-03-02", "contacts": 1}


def test_cli_export_and_verify_package(case, run_cli, monkeypatch):
    import dunguard.cli

    store, case_id, tmp = case
    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    db = str(tmp / "cases.db")
    code, out, err = run_cli("case", "export", case_id, str(tmp / "cli.zip"), "--db", db)
    assert code == 0, err
    assert "manifest.json 的 SHA-256" in out
    # the export time as the report shows it, in the borrower's zone, not the manifest's UTC string
    assert re.search(r"导出于 \d{4}-\d\d-\d\d 周. \d\d:\d\d；", run_cli("case", "verify-package", str(tmp / "cli.zip"))[1])
    code, out, err = run_cli("case", "verify-package", str(tmp / "cli.zip"), "--lang", "en")
    assert code == 0 and out.startswith("The package is intact")
    assert re.search(r"exported \d{4}-\d\d-\d\d \w{3} \d\d:\d\d;", out)
    bad = tmp / "bad.zip"
    _rewrite(tmp / "cli.zip", bad, {"summary.txt": "我从未收到催收短信。".encode()})
    code, out, err = run_cli("case", "verify-package", str(bad))
    assert code == 1 and "被改动：summary.txt（SHA-256 为 " in out and "，清单记录的是 " in out
    assert "manifest says" not in out
    code, out, err = run_cli("case", "verify-package", str(bad), "--lang", "en")
    assert code == 1 and "altered: summary.txt (SHA-256 " in out and ", manifest says " in out
    code, out, err = run_cli("case", "verify-package", str(tmp / "sms-backup.xml"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "不是证据包" in err
    code, out, err = run_cli("case", "export", case_id, str(tmp), "--db", db)
    assert code == 2 and "文件夹" in err
    # Exporting again to the same name silently replaced the package whose manifest SHA-256 the
    # user may already have quoted; now it is refused unless asked for with --force.
    before = (tmp / "cli.zip").read_bytes()
    code, out, err = run_cli("case", "export", case_id, str(tmp / "cli.zip"), "--db", db)
    assert code == 2 and out == "" and "已经存在" in err and "--force" in err and len(err.splitlines()) == 1
    assert (tmp / "cli.zip").read_bytes() == before
    code, out, err = run_cli("case", "export", case_id, str(tmp / "cli.zip"), "--db", db, "--force")
    assert code == 0 and (tmp / "cli.zip").read_bytes() != before


def _tamper_message(store) -> str:
    """Change one stored message behind the store's back, as someone editing the database would."""
    ref = store.conn.execute("SELECT id FROM messages ORDER BY id LIMIT 1").fetchone()[0]
    store.conn.execute("UPDATE messages SET text = '改过的' WHERE id = ?", (ref,))
    return ref


def test_cli_package_of_a_tampered_case_is_not_called_intact(case, run_cli, monkeypatch):
    import dunguard.cli

    store, case_id, tmp = case
    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    db = str(tmp / "cases.db")
    ref = _tamper_message(store)
    pkg = tmp / "tampered.zip"

    # Export still writes the package (the user may need the data out) but exits 1 and says why.
    code, out, err = run_cli("case", "export", case_id, str(pkg), "--db", db)
    assert code == 1 and pkg.is_file()
    assert f"已导出证据包 {pkg}" in out
    assert "案件校验未通过" in err and f"被改动：短信 {ref}" in err
    code, out, err = run_cli("case", "export", case_id, str(tmp / "en.zip"), "--db", db, "--lang", "en", "--json")
    assert code == 1 and json.loads(out)["verified"] is False
    assert json.loads(out)["case_problems"][0]["ref"] == ref

    code, out, err = run_cli("case", "verify-package", str(pkg))
    assert code == 1
    assert "证据包完好" not in out
    assert "导出时案件校验已失败" in out and f"被改动：短信 {ref}" in out
    assert "证据包文件与清单一致" in out  # and it was not changed after export

    code, out, err = run_cli("case", "verify-package", str(pkg), "--lang", "en")
    assert code == 1 and not out.startswith("The package is intact")
    assert "failed its integrity check when it was exported" in out and f"altered: message {ref}" in out

    code, out, err = run_cli("case", "verify-package", str(pkg), "--json")
    got = json.loads(out)
    assert code == 1 and got["ok"] is False and got["package_intact"] is True
    assert got["verified_at_export"] is False and got["case_problems"][0]["ref"] == ref

    # A package altered after export as well: both are listed.
    both = tmp / "both.zip"
    _rewrite(pkg, both, {"summary.txt": "我从未收到催收短信。".encode()})
    code, out, err = run_cli("case", "verify-package", str(both))
    assert code == 1 and "被改动：summary.txt" in out and f"被改动：短信 {ref}" in out
    assert "证据包文件与清单一致" not in out


def test_cli_export_says_where_it_wrote_and_which_folder_it_made(case, run_cli, monkeypatch):
    import dunguard.cli

    store, case_id, tmp = case
    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    monkeypatch.chdir(tmp)
    code, out, err = run_cli("case", "export", case_id, "new/dir/out.zip", "--db", str(tmp / "cases.db"))
    assert code == 0, err
    assert f"已新建文件夹 {tmp / 'new' / 'dir'}" in out
    assert f"已导出证据包 {tmp / 'new' / 'dir' / 'out.zip'}" in out


def test_verify_package_help_states_the_exit_codes(run_cli, monkeypatch):
    import dunguard.cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    code, out, err = run_cli("case", "verify-package", "--help", "--lang", "en")
    text = " ".join(out.split())
    assert code == 0
    assert "exit code 0: the package is intact" in text
    assert "1: the package was changed after export, or the case had failed its check when it was exported" in text
    code, out, err = run_cli("case", "verify-package", "--help")
    assert "退出码" in out and "导出时案件校验已失败" in out


def test_a_huge_timeline_is_listed_in_part_and_kept_whole(case, monkeypatch):
    store, case_id, tmp = case
    monkeypatch.setattr(export_mod, "PDF_ROWS_LIMIT", 2)
    monkeypatch.setattr(export_mod, "HTML_ROWS_LIMIT", 3)
    export_case(store, case_id, tmp / "out.zip")
    files = _members(tmp / "out.zip")
    total = len(files["timeline.jsonl"].decode().splitlines())
    assert total == len(store.timeline(case_id)) > 3
    assert f"报告只列出前 2 项（共 {total} 项）" in pdf_text(files["report.pdf"]).replace("\n", "")
    assert f"报告只列出前 3 项（共 {total} 项）" in files["report.html"].decode()


@pytest.mark.parametrize(
    "manifest",
    [
        b"[1, 2]",
        b"{not json",
        b'{"format": "dunguard-evidence", "files": [1], "chain": {"head": "x"}}',
        b'{"format": "dunguard-evidence", "files": [{"path": "a"}], "chain": [1]}',
        b'{"format": "other", "files": [], "chain": {"head": "x"}}',
    ],
)
def test_malformed_manifest_is_one_clear_error(tmp_path, manifest):
    pkg = tmp_path / "p.zip"
    with zipfile.ZipFile(pkg, "w") as zf:
        zf.writestr("manifest.json", manifest)
    with pytest.raises(BadInput) as err:
        verify_package(pkg)
    assert err.value.key == "bad_package" and "\n" not in err.value.render("zh")


def test_the_report_pdf_still_renders_with_named_emoji_when_no_symbol_font_is_installed(case, monkeypatch):
    from dunguard.render import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "SYMBOL_CANDIDATES", ("/nonexistent/DejaVuSans.ttf",))
    monkeypatch.setattr(pdfmod, "_SYMBOLS", {})
    tmp = _export_emoji_message(case)
    data = _members(tmp / "out.zip")["report.pdf"]
    text = pdf_text(data).replace("\n", "")
    assert data.startswith(b"%PDF-") and b"DejaVuSans" not in data
    assert "再不还款[表情：pouting face]明天上门拜访" in text and "求你了[表情：person with folded hands]" in text
