"""Renaming a case: a new log entry, never a rewrite; verify, show, export and verify-package agree.

A user who mistyped the lender's name (or whose case grew) renames it; the first name stays in
the "create" entry and every rename is its own entry, so a name changed in the database behind
the log's back is still caught.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from dunguard.case.export import export_case, verify_package
from dunguard.case.store import open_store
from dunguard.errors import BadInput

VISIT = "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。如有疑问,请联系客服95188。"
XML = f"""<?xml version='1.0' encoding='UTF-8'?>
<smses>
<sms address="95188" date="1740537000000" type="1" body="{VISIT}" />
</smses>
"""


@pytest.fixture
def case(store, tmp_path):
    cid = store.new_case("美团 借钱")  # the lender's name mistyped
    xml = tmp_path / "sms.xml"
    xml.write_text(XML, encoding="utf-8")
    store.import_file(cid, xml)
    store.add_note(cid, "对方说明天来")
    return cid


# ---------------------------------------------------------------- the store


def test_rename_appends_an_entry_and_keeps_the_first_name(store, case):
    before = store.events(case)
    done = store.rename(case, "  美团借钱   逾期 ")
    assert (done.old, done.new) == ("美团 借钱", "美团借钱 逾期")
    assert store.case(case).name == "美团借钱 逾期"
    assert [c.name for c in store.cases()] == ["美团借钱 逾期"]
    after = store.events(case)
    # History untouched: the earlier entries are byte for byte the same, one entry appended.
    assert after[: len(before)] == before
    [entry] = after[len(before):]
    assert entry.kind == "rename" and entry.payload == {"from": "美团 借钱", "to": "美团借钱 逾期"}
    assert before[0].payload["name"] == "美团 借钱"
    result = store.verify(case)
    assert result.ok, result.problems
    assert result.head == entry.hash


def test_control_characters_in_a_name_are_dropped_and_emoji_and_slashes_kept(store, case):
    # A name pasted with an escape sequence was stored with it and echoed raw by `case new`,
    # `case list` and `case rename`, where it drives the terminal (colours, cursor moves).
    done = store.rename(case, "美团/安逸花\x1b[31m 逾期\x07 😭\n已起诉")
    assert done.new == "美团/安逸花[31m 逾期 😭 已起诉"
    with pytest.raises(BadInput):
        store.new_case("\x1b\x07")  # nothing but control characters is no name
    # a new case's name is cleaned as a rename's is (it kept line breaks, and any length)
    assert store.case(store.new_case("安逸花\n逾期\x1b")).name == "安逸花 逾期"
    with pytest.raises(BadInput) as err:
        store.new_case("长" * 500)
    assert err.value.key == "case_name_too_long"
    assert store.verify(case).ok


def test_latest_rename_is_the_current_name_and_verifies(store, case):
    store.rename(case, "美团借钱 逾期")
    store.rename(case, "美团借钱 逾期 已起诉")
    assert store.case(case).name == "美团借钱 逾期 已起诉"
    assert [(r.old, r.new) for r in store.renames(case)] == [
        ("美团 借钱", "美团借钱 逾期"), ("美团借钱 逾期", "美团借钱 逾期 已起诉")]
    assert store.verify(case).ok


def test_renaming_to_the_same_name_writes_nothing(store, case):
    store.rename(case, "美团借钱")
    n = len(store.events(case))
    assert store.rename(case, " 美团借钱 ") is None
    assert len(store.events(case)) == n


@pytest.mark.parametrize("bad, key", [("", "empty_case_name"), ("  \n ", "empty_case_name"),
                                       ("贷" * 201, "case_name_too_long")])
def test_a_bad_new_name_is_refused_and_changes_nothing(store, case, bad, key):
    n = len(store.events(case))
    with pytest.raises(BadInput) as e:
        store.rename(case, bad)
    assert e.value.key == key and "\n" not in e.value.render("zh")
    assert store.case(case).name == "美团 借钱" and len(store.events(case)) == n


def test_a_name_edited_in_the_database_is_still_caught_after_a_rename(store, case, tmp_path):
    store.rename(case, "美团借钱 逾期")
    with sqlite3.connect(tmp_path / "cases.db") as raw:
        raw.execute("UPDATE cases SET name = '别的平台' WHERE id = ?", (case,))
    problems = store.verify(case).problems
    assert [(p.change, p.item, p.ref) for p in problems] == [("altered", "case", case)]
    assert "别的平台" in problems[0].detail and "美团借钱 逾期" in problems[0].detail


def test_a_rename_entry_cannot_be_forged_through_log_event(store, case):
    with pytest.raises(BadInput) as e:
        store.log_event(case, "rename", {"from": "美团 借钱", "to": "别的平台"})
    assert e.value.key == "bad_event"


def test_a_store_made_before_renames_existed_opens_verifies_and_renames(tmp_path):
    """An older store has no rename entries and no later migrations: it upgrades in place."""
    from dunguard.case.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    with open_store(db) as s:
        cid = s.new_case("旧案件")
        s.add_note(cid, "旧备注")
    # What an older dunguard left behind: only the migrations it knew.
    with sqlite3.connect(db) as raw:
        for name, _ in MIGRATIONS[2:]:
            raw.execute("DELETE FROM schema_version WHERE name = ?", (name,))
        raw.execute("DROP TABLE IF EXISTS form_tokens")
    with open_store(db) as s:
        assert s.verify(cid).ok
        s.rename(cid, "旧案件 改名")
        assert s.case(cid).name == "旧案件 改名" and s.verify(cid).ok


# ---------------------------------------------------------------- the CLI


@pytest.fixture
def cli(run_cli, monkeypatch, tmp_path):
    import dunguard.cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    monkeypatch.setenv("DUNGUARD_DB", str(tmp_path / "store" / "cases.db"))
    return run_cli


def test_cli_rename_then_show_list_and_verify(cli):
    _, out, _ = cli("case", "new", "美团 借钱")
    cid = out.strip()
    code, out, err = cli("case", "rename", cid[:5], "美团借钱 逾期")
    assert code == 0 and err == ""
    assert out.strip() == f"案件 {cid} 已改名：「美团 借钱」→「美团借钱 逾期」（记入日志第 2 条）"
    code, out, _ = cli("case", "show", cid)
    assert f"案件 {cid}「美团借钱 逾期」" in out and "案件改名：「美团 借钱」→「美团借钱 逾期」" in out
    code, out, _ = cli("case", "list", "--json")
    assert [c["name"] for c in json.loads(out)] == ["美团借钱 逾期"]
    code, out, _ = cli("case", "verify", cid)
    assert code == 0 and "完好" in out
    code, out, _ = cli("case", "rename", cid, "美团借钱 逾期", "--lang", "en")
    assert code == 0 and out.strip() == f"Case {cid} is already called '美团借钱 逾期'; nothing changed."


@pytest.mark.parametrize("lang, words", [("zh", "没有这个案件：nope"), ("en", "No such case: nope")])
def test_cli_rename_of_an_unknown_case_is_one_line_and_exit_2(cli, lang, words):
    code, out, err = cli("case", "rename", "nope", "新名字", "--lang", lang)
    assert code == 2 and out == ""
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_rename_to_an_empty_name_is_one_line_and_changes_nothing(cli):
    _, out, _ = cli("case", "new", "美团 借钱")
    cid = out.strip()
    code, out, err = cli("case", "rename", cid, "   ")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "请填写案件名称" in err
    _, out, _ = cli("case", "list", "--json")
    assert json.loads(out)[0]["name"] == "美团 借钱"


# ---------------------------------------------------------------- the evidence package


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _rewrite(src: Path, dst: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change.get(info.filename, zin.read(info.filename)))


def test_package_shows_the_rename_and_still_verifies(store, case, tmp_path):
    store.rename(case, "美团借钱 逾期")
    export_case(store, case, tmp_path / "out.zip")
    files = _members(tmp_path / "out.zip")
    manifest = json.loads(files["manifest.json"])
    assert manifest["case"]["name"] == "美团借钱 逾期"
    assert [(r["from"], r["to"]) for r in manifest["case"]["renames"]] == [("美团 借钱", "美团借钱 逾期")]
    html = files["report.html"].decode("utf-8")
    assert "催收证据报告：美团借钱 逾期" in html and "案件改名：「美团 借钱」→「美团借钱 逾期」" in html
    kinds = [json.loads(line)["kind"] for line in files["events.jsonl"].decode().splitlines()]
    assert "rename" in kinds
    check = verify_package(tmp_path / "out.zip")
    assert check.ok and check.problems == ()


def test_package_rename_in_english(store, case, tmp_path):
    store.rename(case, "Meituan loan")
    export_case(store, case, tmp_path / "en.zip", lang="en")
    html = _members(tmp_path / "en.zip")["report.html"].decode("utf-8")
    assert "Case renamed: &#39;美团 借钱&#39; -&gt; &#39;Meituan loan&#39;</div>" in html
    assert '<div class="item kind-rename">' in html  # the user's own act: never tagged as night-time


def test_verify_package_catches_a_renamed_manifest_and_a_rewritten_rename(store, case, tmp_path):
    store.rename(case, "美团借钱 逾期")
    good = tmp_path / "out.zip"
    export_case(store, case, good)
    files = _members(good)
    # The manifest's name edited to something the log never said.
    manifest = json.loads(files["manifest.json"])
    manifest["case"]["name"] = "别的平台"
    forged = tmp_path / "forged-name.zip"
    _rewrite(good, forged, {"manifest.json": json.dumps(manifest, ensure_ascii=False).encode()})
    check = verify_package(forged)
    assert not check.ok
    [p] = check.problems
    assert (p.change, p.path) == ("altered", "manifest.json")
    assert p.shown("zh") == "清单里的案件名称是「别的平台」，日志记录的是「美团借钱 逾期」"
    # The rename entry in the log rewritten: the chain no longer holds.
    lines = files["events.jsonl"].decode().splitlines()
    lines = [line.replace("美团借钱 逾期", "别的平台") if '"rename"' in line else line for line in lines]
    events = ("\n".join(lines) + "\n").encode()
    manifest = json.loads(files["manifest.json"])
    import hashlib

    for entry in manifest["files"]:
        if entry["path"] == "events.jsonl":
            entry["sha256"], entry["size"] = hashlib.sha256(events).hexdigest(), len(events)
    manifest["case"]["name"] = "别的平台"
    forged = tmp_path / "forged-log.zip"
    _rewrite(good, forged, {"events.jsonl": events,
                            "manifest.json": json.dumps(manifest, ensure_ascii=False).encode()})
    check = verify_package(forged)
    assert not check.ok and [p.path for p in check.problems] == ["events.jsonl"]


def test_a_package_made_before_renames_existed_still_verifies(store, case, tmp_path):
    """An older package: no "renames" in its manifest, its name the create entry's."""
    good = tmp_path / "out.zip"
    export_case(store, case, good)
    manifest = json.loads(_members(good)["manifest.json"])
    del manifest["case"]["renames"]
    old = tmp_path / "old.zip"
    _rewrite(good, old, {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode()})
    check = verify_package(old)
    assert check.ok and check.problems == ()


def test_package_of_a_case_whose_name_was_edited_blames_the_case_not_the_package(store, case, tmp_path):
    store.rename(case, "美团借钱 逾期")
    with sqlite3.connect(tmp_path / "cases.db") as raw:
        raw.execute("UPDATE cases SET name = '别的平台' WHERE id = ?", (case,))
    export_case(store, case, tmp_path / "out.zip")
    check = verify_package(tmp_path / "out.zip")
    assert not check.ok and check.package_intact
    assert [(p["change"], p["item"]) for p in check.case_problems] == [("altered", "case")]
