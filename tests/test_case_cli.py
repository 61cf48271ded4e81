"""`dunguard case …` as a user runs it: new, import, add-call, attach, note, show, verify, delete."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

VISIT = "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。如有疑问,请联系客服95188。"
HAM = "晚上一起吃饭吗？"

XML = f"""<?xml version='1.0' encoding='UTF-8'?>
<smses>
<sms address="95188" date="1740537000000" type="1" body="{VISIT}" />
<sms address="13900000000" date="1740540600000" type="1" body="{HAM}" />
<sms address="95188" date="1740541000000" type="2" body="我下周一还" />
</smses>
"""


@pytest.fixture
def cli(run_cli, monkeypatch, tmp_path):
    """run_cli with the case area registered and the store in tmp_path (via DUNGUARD_DB)."""
    import dunguard.cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    # The export package registers itself when present; these tests are about this module alone.
    monkeypatch.setattr("dunguard.case.cli.EXPORT_MODULE", "dunguard.case.no_export_here")
    monkeypatch.setenv("DUNGUARD_DB", str(tmp_path / "store" / "cases.db"))
    return run_cli


@pytest.fixture
def case(cli, tmp_path):
    code, out, err = cli("case", "new", "美团借钱 逾期")
    assert code == 0 and "美团借钱 逾期" in err
    cid = out.strip()
    xml = tmp_path / "sms-backup.xml"
    xml.write_text(XML, encoding="utf-8")
    code, out, _ = cli("case", "import", cid, str(xml))
    assert code == 0
    assert out.strip() == "sms-backup.xml：读取 3 条，新增 3 条（其中催收相关 1 条），已有重复 0 条，跳过空白或草稿 0 条"
    return cid


def test_show_lists_collection_messages_with_verdicts(cli, case, tmp_path):
    code, out, _ = cli("case", "show", case)
    assert code == 0
    assert "短信 3 条（催收相关 1 条）" in out
    assert "2025-02-26 周三 10:30  来自 95188" in out
    assert "上门威胁 · 可能是施压、吓唬 · 规则" in out and "CN-VISIT-001" in out
    assert "上门：住所" in out and "2025-02-27 周四 15:00" in out
    assert HAM not in out and "我下周一还" not in out
    code, out, _ = cli("case", "show", case, "--all", "--lang", "en")
    assert HAM in out and "to (sent by me) 95188" in out and "home-visit threat" in out
    lines = out.splitlines()
    assert lines.index(next(x for x in lines if "10:30" in x)) < lines.index(next(x for x in lines if "11:30" in x))


def test_reimport_adds_nothing(cli, case, tmp_path):
    code, out, _ = cli("case", "import", case, str(tmp_path / "sms-backup.xml"), "--json")
    assert code == 0 and json.loads(out)["added"] == 0 and json.loads(out)["duplicates"] == 3


def test_calls_files_notes_and_json(cli, case, tmp_path):
    rec = tmp_path / "call.m4a"
    rec.write_bytes(b"audio")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"png")
    assert cli("case", "add-call", case, "--from", "13800000000", "--at", "2025-02-26T21:30", "--minutes", "4",
               "--note", "威胁上门", "--recording", str(rec))[0] == 0
    code, out, _ = cli("case", "attach", case, str(shot), "--note", "微信截图")
    assert code == 0 and "shot.png" in out
    assert cli("case", "note", case, "今天又打了三次")[0] == 0
    code, out, _ = cli("case", "show", case)
    assert "2025-02-26 周三 21:30  ☎ 来电 13800000000，4 分钟，威胁上门，录音" in out
    assert "附件 shot.png，微信截图" in out and "备注：今天又打了三次" in out
    # The recording's note is the store's own words, shown in the reader's language.
    assert "附件 call.m4a，2025-02-26 周三 21:30 来电的录音" in out and "call 2025" not in out
    code, out, _ = cli("case", "show", case, "--lang", "en")
    assert "file call.m4a, recording of the call on 2025-02-26 Wed 21:30" in out
    code, out, _ = cli("case", "show", case, "--json")
    data = json.loads(out)
    assert [i["type"] for i in data["items"]][:2] == ["message", "call"]
    msg = data["items"][0]
    assert msg["report"]["verdict"]["primary_kind"] == "visit_threat" and msg["flagged"] is True
    assert len(data["chain_head"]) == 64
    code, out, _ = cli("case", "list", "--json")
    assert json.loads(out)[0] | {"created_at": None} == {
        "id": case, "name": "美团借钱 逾期", "created_at": None, "messages": 3, "flagged": 1, "calls": 1,
        "notes": 1, "attachments": 3,
    }
    code, out, _ = cli("case", "verify", case)
    assert code == 0 and "完好" in out and "证据文件 3 个" in out


def test_delete_is_logged_and_verify_still_passes(cli, case):
    _, out, _ = cli("case", "show", case, "--json")
    mid = json.loads(out)["items"][0]["id"]
    code, out, _ = cli("case", "delete", case, mid[:8], "--reason", "录入错误")
    assert code == 0 and "已删除" in out
    _, out, _ = cli("case", "show", case, "--all")
    assert VISIT[:10] not in out
    assert cli("case", "verify", case)[0] == 0


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("case", "show", "deadbeef"), "没有这个案件：deadbeef"),
        (("case", "import", "{case}", "{tmp}/nothing.xml"), "找不到文件：{tmp}/nothing.xml"),
        (("case", "import", "{case}", "{tmp}/sms-backup.xml", "--map", "text"), "--map 写法有误"),
        (("case", "attach", "{case}", "{tmp}/gone.png"), "找不到文件：{tmp}/gone.png"),
        # a call's time is its own, and required: not "the received time", not "leave it out if unsure"
        (("case", "add-call", "{case}", "--from", "1", "--at", "昨天", "--minutes", "1"), "无法识别的来电时间：昨天"),
        (("case", "add-call", "{case}", "--from", "1", "--at", "2025-01-01", "--minutes", "1"),
         "来电时间 2025-01-01 只有日期、没有几点几分：请照手机通话记录写上几点几分"),
        (("case", "add-call", "{case}", "--from", "1", "--at", "2025-01-01T10:00", "--minutes", "-3"), "通话时长有误"),
        (("case", "add-call", "{case}", "--from", "1", "--at", "2025-01-01T10:00", "--minutes", "1",
          "--recording", "{tmp}/gone.m4a"), "找不到文件"),
        (("case", "delete", "{case}", "abcdef99", "--reason", "x"), "没有这一项：abcdef99"),
        # a 4-character id was "no such item" though `case show` prints 10: say the id needs 6
        (("case", "delete", "{case}", "abcd", "--reason", "x"), "编号 abcd 太短：请至少写前 6 位"),
        # a folder was named in English inside the Chinese sentence: "无法读取文件：…（directory）"
        (("case", "import", "{case}", "{tmp}"), "这是一个文件夹，不是文件"),
        (("case", "attach", "{case}", "{tmp}"), "这是一个文件夹，不是文件"),
        (("case", "note", "{case}", "  "), "请填写备注内容"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli, case, tmp_path, argv, needle):
    fill = {"case": case, "tmp": str(tmp_path)}
    before = cli("case", "verify", case, "--json")[1]
    code, out, err = cli(*(a.format(**fill) for a in argv))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("dunguard: 错误: ") and needle.format(**fill) in err
    assert cli("case", "verify", case, "--json")[1] == before


def test_progress_bar_on_a_terminal_does_not_disturb_the_result(cli, case, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    csv = tmp_path / "m.csv"
    csv.write_bytes("时间,号码,内容\n2025-02-28 09:00,95188,您已逾期请还款\n".encode("gbk"))
    code, out, _ = cli("case", "import", case, str(csv), "--map", "text=内容,sender=号码,received_at=时间")
    assert code == 0 and "新增 1 条" in out


def test_db_option_overrides_env(cli, tmp_path):
    other = tmp_path / "other.db"
    code, out, _ = cli("case", "new", "x", "--db", str(other))
    assert code == 0 and other.exists()
    assert cli("case", "list", "--json")[1].strip() == "[]"
    assert json.loads(cli("case", "list", "--json", "--db", str(other))[1])[0]["name"] == "x"


def test_case_without_subcommand_prints_help(cli):
    code, out, _ = cli("case", "--lang", "en")
    assert code == 0 and "verify" in out and "add-call" in out


def test_cli_module_is_light():
    code = (
        "import sys, dunguard.case.cli as m; "
        "heavy = [n for n in ('sqlite3', 'rich', 'defusedxml', 'dunguard.case.store', 'dunguard.pipeline') "
        "if n in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_import_of_a_csv_mixing_utf8_and_gbk_lines_warns_and_keeps_both(cli, tmp_path):
    _, out, _ = cli("case", "new", "m")
    cid = out.strip()
    p = tmp_path / "mixed.csv"
    p.write_bytes("text,received_at\n第一条good,2025-02-26 10:30\n".encode() + "第二条,2025-02-26 10:31\n".encode("gbk"))
    code, out, err = cli("case", "import", cid, str(p))
    assert code == 0 and "新增 2 条" in out
    assert "混用了两种编码：第 3 行是 GBK/GB18030，其余是 UTF-8" in err
    code, out, _ = cli("case", "show", cid, "--all", "--json")
    assert [i["text"] for i in json.loads(out)["items"] if i["type"] == "message"] == ["第一条good", "第二条"]
    code, out, _ = cli("case", "import", cid, str(p), "--json", "--lang", "en")
    assert json.loads(out)["warnings"] == [
        f"Warning: {p} mixes encodings: line 3 in GBK/GB18030, the rest in UTF-8; "
        "each line was read in its own encoding, check those lines"
    ]


OLD_A = ("text,sender,received_at\n你已逾期，明天下午3点上门,13800000000,2025-02-26 10:30\n"
         "再不还款通知你家人,13800000000,2025-02-26 11:30\n")
OLD_B = ("text,sender,received_at\n你已逾期，明天下午3点上门,+8613800000000,2025-02-26 10:30\n"
         "再不还款通知你家人,+86 138 0000 0000,2025-02-26 11:30\n")


@pytest.fixture
def old_case(cli, tmp_path, monkeypatch):
    """A case written before the duplicate check compared senders as one number: each message stored twice."""
    from dunguard.case import open_store

    (tmp_path / "a.csv").write_text(OLD_A, encoding="utf-8")
    (tmp_path / "b.csv").write_text(OLD_B, encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr("dunguard.case.store.sender_key", lambda s: (s or "").strip())
        with open_store(tmp_path / "store" / "cases.db") as s:
            cid = s.new_case("旧案件")
            assert s.import_file(cid, tmp_path / "a.csv").added == 2
            assert s.import_file(cid, tmp_path / "b.csv").added == 2
    return cid


def stored_rows(tmp_path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(tmp_path / "store" / "cases.db") as conn:
        return conn.execute("SELECT * FROM messages ORDER BY rowid").fetchall()


def test_a_message_an_old_version_stored_twice_is_shown_and_counted_once(cli, old_case, tmp_path):
    before = stored_rows(tmp_path)
    assert len(before) == 4
    code, out, _ = cli("case", "show", old_case)
    assert code == 0
    assert "短信 2 条（催收相关 2 条）" in out
    assert out.count("│ 你已逾期，明天下午3点上门") == 1 and out.count("│ 再不还款通知你家人") == 1
    assert "来自 13800000000" in out and "+86" not in out.split("\n\n", 1)[1].split("📎")[0]  # the first stored
    assert out.count("（这条短信在案件里存了 2 份：旧版本把同一号码的不同写法当成了两个号码；这里只显示一次。") == 2
    code, out, _ = cli("case", "show", old_case, "--lang", "en", "--json")
    messages = [i for i in json.loads(out)["items"] if i["type"] == "message"]
    assert len(messages) == 2 and all(len(m["duplicates"]) == 1 for m in messages)
    assert json.loads(out)["case"]["messages"] == 2
    code, out, _ = cli("case", "list")
    assert "2 (2)" in out
    # re-importing either export adds nothing, nothing stored was rewritten, and the case still verifies
    for name in ("a.csv", "b.csv"):
        code, out, _ = cli("case", "import", old_case, str(tmp_path / name))
        assert code == 0 and "新增 0 条" in out and "已有重复 2 条" in out
    assert stored_rows(tmp_path) == before
    assert cli("case", "verify", old_case)[0] == 0
    # the user may mark the extra copy deleted, explicitly and logged; then the note goes
    extra = messages[0]["duplicates"][0]
    assert cli("case", "delete", old_case, extra[:12], "--reason", "重复")[0] == 0
    code, out, _ = cli("case", "show", old_case, "--lang", "en")
    assert out.count("(this message is stored 2 times") == 1 and "2 messages (2 collection-related)" in out
    assert cli("case", "verify", old_case)[0] == 0 and stored_rows(tmp_path) == before


class _Stdin:
    """Standard input holding ``data`` (bytes), as a pipe or a terminal paste ending in Ctrl+D."""

    def __init__(self, data: bytes, tty: bool = False) -> None:
        import io

        self.buffer, self._tty = io.BytesIO(data), tty

    def isatty(self) -> bool:
        return self._tty


def test_messages_pasted_into_the_terminal_are_imported(cli, case, monkeypatch):
    # `case import CASE -` said "找不到文件：-": a borrower who copied a text from the phone had
    # to save it as a file first (`dunguard analyze -` reads standard input; the case did not).
    pasted = f"{VISIT}\n\n你再不还钱就告诉你全家！\n"
    monkeypatch.setattr(sys, "stdin", _Stdin(pasted.encode("gbk"), tty=True))
    code, out, err = cli("case", "import", case, "-", "--sender", "10690000", "--received-at", "2025-03-01T22:40")
    assert code == 0 and "请粘贴短信" in err
    assert out.strip().startswith("粘贴的短信.txt：读取 2 条，新增 2 条")
    shown = cli("case", "show", case, "--all")[1]
    assert "2025-03-01 周六 22:40  来自 10690000" in shown and "你再不还钱就告诉你全家！" in shown
    assert "导入的原始文件 粘贴的短信.txt" in shown
    # the same paste again adds nothing; an empty paste is one sentence, exit 2
    monkeypatch.setattr(sys, "stdin", _Stdin(pasted.encode("utf-8")))
    code, out, _ = cli("case", "import", case, "-", "--sender", "10690000", "--received-at", "2025-03-01T22:40",
                       "--json")
    assert code == 0 and json.loads(out)["added"] == 0
    monkeypatch.setattr(sys, "stdin", _Stdin(b"  \n\n"))
    code, out, err = cli("case", "import", case, "-")
    assert code == 2 and out == "" and err == "dunguard: 错误: 短信内容为空，请粘贴短信文字。\n"
    assert cli("case", "verify", case)[0] == 0


def test_a_text_file_imported_without_a_time_says_what_that_costs(cli, case, tmp_path):
    # The import said only "读取 2 条，新增 2 条": the messages sat as 时间不明, out of the night
    # count and the chart, and importing again with --received-at then stored them twice.
    p = tmp_path / "pasted.txt"
    p.write_text("你再不还钱就告诉你全家！\n\n明天上门。\n", encoding="utf-8")
    code, out, err = cli("case", "import", case, str(p))
    assert code == 0 and "新增 2 条" in out and "时间不明" in err and "--received-at" in err
    p.write_text("今晚去你单位。\n", encoding="utf-8")
    code, out, err = cli("case", "import", case, str(p), "--received-at", "2025-03-01T22:40")
    assert code == 0 and err == ""


def test_a_pasted_text_then_imported_from_the_backup_is_named_as_a_likely_twin(cli, case, tmp_path, monkeypatch):
    # Pasted by hand (no time, no number), then imported with the phone's backup: two rows, both
    # counted in the complaint's "我共收到催收短信 N 条", and nothing said.
    fresh = cli("case", "new", "双份")[1].strip()
    monkeypatch.setattr(sys, "stdin", _Stdin(VISIT.encode()))
    assert cli("case", "import", fresh, "-")[0] == 0
    xml = tmp_path / "sms-backup.xml"
    code, out, err = cli("case", "import", fresh, str(xml))
    assert code == 0 and "新增 3 条" in out
    assert "有 1 条新导入的短信，和案件里已有的短信内容相同" in err and "重复计数" in err
    # a plain re-import, or a case with no such pair, says nothing of the kind
    code, out, err = cli("case", "import", fresh, str(xml))
    assert code == 0 and "内容相同" not in err
    code, out, err = cli("case", "import", case, str(xml))
    assert code == 0 and err == ""
