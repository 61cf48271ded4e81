"""Android SMS Backup & Restore XML: sms and mms, directions, dates, and hostile or broken files."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dunguard.case import open_store
from dunguard.errors import BadInput
from dunguard.ingest import android

SH = ZoneInfo("Asia/Shanghai")

GOOD = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.20.002-->
<smses count="5" backup_set="x">
  <sms protocol="0" address="95188" date="1740537000000" type="1" subject="null" body="您的借款已逾期,我们将于明天下午3点上门拜访。" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" readable_date="2025年2月26日 10:30:00" contact_name="(Unknown)" />
  <sms protocol="0" address="+86 139 0000 0000" date="1740537060000" type="2" body="我下周一还&#10;请别再打了" read="1" status="-1" />
  <sms protocol="0" address="95188" date="1740537070000" type="3" body="草稿" />
  <mms date="1740537120000" msg_box="1" address="10690000~13900000000" m_type="132">
    <parts>
      <part seq="-1" ct="application/smil" text="&lt;smil&gt;&lt;/smil&gt;" />
      <part seq="0" ct="text/plain" name="null" text="【催收】再不还款将联系你的家人" />
      <part seq="1" ct="image/jpeg" name="a.jpg" data="/9j/4AAQ" />
    </parts>
    <addrs>
      <addr address="10690000" type="137" charset="106" />
      <addr address="13900000000" type="151" charset="106" />
    </addrs>
  </mms>
  <mms date="1740537180" msg_box="2" address="10690000"><parts><part ct="text/plain" text="收到" /></parts></mms>
</smses>
"""


def test_reads_sms_and_mms_with_directions_times_and_lines(tmp_path):
    p = tmp_path / "sms.xml"
    p.write_text(GOOD, encoding="utf-8")
    msgs = list(android.read(p))
    real = [m for m in msgs if m.text]
    assert [(m.direction, m.sender, m.text) for m in real] == [
        ("in", "95188", "您的借款已逾期,我们将于明天下午3点上门拜访。"),
        ("out", "+86 139 0000 0000", "我下周一还\n请别再打了"),
        ("in", "10690000", "【催收】再不还款将联系你的家人"),
        ("out", "10690000", "收到"),
    ]
    assert real[0].received_at == datetime(2025, 2, 26, 10, 30, tzinfo=SH)
    assert real[3].received_at == datetime(2025, 2, 26, 10, 33, tzinfo=SH)  # an MMS date in seconds
    assert real[0].position == "line 4" and real[2].position == "line 7"
    assert len(msgs) - len(real) == 1  # the draft comes out blank and is skipped by the store


def test_other_time_zone(tmp_path):
    p = tmp_path / "sms.xml"
    p.write_text(GOOD, encoding="utf-8")
    first = next(android.read(p, timezone="UTC"))
    assert first.received_at.isoformat() == "2025-02-26T02:30:00+00:00"


EMOJI = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="3">
  <sms address="17100003333" date="1741131600000" type="1" body="老赖&#55357;&#56865;今晚到你家楼下&#10;跑不掉" />
  <sms address="17100003333" date="1741131660000" type="1" body="&#xD83D;&#xDE21;&#55357;&#56865; 全小区都会知道" />
  <sms address="17100003333" date="1741131720000" type="1" body="半个&#55357;表情" />
</smses>
"""


@pytest.mark.parametrize("block", [android.READ_BYTES, 7, 64, 141, 150])
def test_emoji_written_as_two_surrogate_references_are_read(tmp_path, monkeypatch, block):
    # SMS Backup & Restore writes 😡 as &#55357;&#56865; (its UTF-16 halves), which XML forbids:
    # the whole import stopped at the first emoji ("引用了无效的字符编号"). Any block size, so a
    # pair cut between two reads is joined too; a lone half is U+FFFD, not the end of the import.
    monkeypatch.setattr(android, "READ_BYTES", block)
    p = tmp_path / "sms.xml"
    p.write_text(EMOJI, encoding="utf-8")
    assert [m.text for m in android.read(p)] == ["老赖😡今晚到你家楼下\n跑不掉", "😡😡 全小区都会知道", "半个\ufffd表情"]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<smses><sms address="1" date="1" type="1" body="&lol3;" /></smses>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE smses [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<smses><sms address="1" date="1740537000000" type="1" body="&secret;" /></smses>
"""

BAD = [
    ("truncated", GOOD[: GOOD.index("<mms") + 20], "export_malformed", "truncated"),
    ("cut-at-end", GOOD[:-12], "export_malformed", "truncated"),
    ("not-well-formed", "<smses>\n<sms body='a' <<< />\n</smses>", "export_malformed", "line 2"),
    ("entity-expansion", BILLION_LAUGHS, "export_hostile", "line 3"),
    ("external-entity", XXE, "export_hostile", "line 2"),
    ("wrong-root", "<html><body/></html>", "export_malformed", "<smses>"),
    ("bad-date", '<smses>\n\n<sms address="1" date="yesterday" type="1" body="x"/></smses>', "export_malformed", "line 3"),
]


@pytest.mark.parametrize(("name", "content", "key", "where"), BAD, ids=[b[0] for b in BAD])
def test_broken_or_hostile_xml_is_one_clear_error_and_changes_nothing(tmp_path, name, content, key, where):
    p = tmp_path / f"{name}.xml"
    p.write_text(content, encoding="utf-8")
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        before = s.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        with pytest.raises(BadInput) as e:
            s.import_file(cid, p)
        assert e.value.key == key
        text = e.value.render("en")
        assert str(p) in text and where in text and "\n" not in text
        assert s.conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
        assert s.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
        assert not s.files_dir.exists() or not any(s.files_dir.rglob("*"))


def test_external_entity_is_never_read(tmp_path):
    p = tmp_path / "xxe.xml"
    p.write_text(XXE, encoding="utf-8")
    with pytest.raises(BadInput) as e:
        list(android.read(p))
    assert "/etc/hostname" not in e.value.render("zh")


def test_cli_reports_bad_xml_with_exit_2(tmp_path, run_cli, monkeypatch):
    import dunguard.cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    monkeypatch.setattr("dunguard.case.cli.EXPORT_MODULE", "dunguard.case.no_export_here")
    db = str(tmp_path / "c.db")
    code, cid, _ = run_cli("case", "new", "x", "--db", db)
    p = tmp_path / "bomb.xml"
    p.write_text(BILLION_LAUGHS, encoding="utf-8")
    code, out, err = run_cli("case", "import", cid.strip(), str(p), "--db", db)
    assert code == 2 and out == ""
    assert err.startswith("dunguard: 错误: ") and "bomb.xml 第 3 行" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "zh", "en"),
    [
        ('<?xml version="1.0"?>\n<smses count="1">\n  <sms & address="1" body="x" />\n</smses>\n',
         "（第 3 行）：XML 格式错误，第 8 列有无效的字符或标记（例如没有转义的 & 或 <）",
         "(line 3): not well-formed (invalid token) at column 8"),
        ('<smses>\n<sms address="1" body="x" />\n</smsex>\n',
         "（第 3 行）：XML 格式错误，第 3 列的结束标签与开始标签不匹配", "(line 3): mismatched tag at column 3"),
        ('<smses><sms address="1" body="x" /></smses>junk',
         "（第 1 行）：XML 格式错误，第 44 列在根元素结束后还有多余内容", "(line 1): junk after document element at column 44"),
        ('<?xml version="1.0" encoding="no-such-codec"?>\n<smses/>',
         "（第 1 行）：XML 格式错误，第", "(line 1): unknown encoding at column"),
    ],
    ids=["bare-ampersand", "mismatched-tag", "junk-after-root", "unknown-encoding"],
)
def test_malformed_xml_is_told_in_chinese_with_line_and_column(tmp_path, run_cli, monkeypatch, content, zh, en):
    # The reason was expat's English ('not well-formed (invalid token)') even in Chinese, without a column,
    # and an unknown encoding in the XML declaration was an internal error.
    import dunguard.cli

    monkeypatch.setattr(dunguard.cli, "AREAS", ("dunguard.case.cli",))
    monkeypatch.setattr("dunguard.case.cli.EXPORT_MODULE", "dunguard.case.no_export_here")
    db = str(tmp_path / "c.db")
    cid = run_cli("case", "new", "x", "--db", db)[1].strip()
    p = tmp_path / "bad.xml"
    p.write_text(content, encoding="utf-8")
    code, out, err = run_cli("case", "import", cid, str(p), "--db", db)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"dunguard: 错误: 无法读取 {p}{zh}"), err
    assert not re.search(r"[a-z]{3,}", err.split("：", 1)[1]), err  # no English words left in the reason
    code, out, err = run_cli("case", "import", cid, str(p), "--db", db, "--lang", "en")
    assert code == 2 and err.startswith(f"dunguard: error: Cannot read {p} {en}") and err.count("\n") == 1
