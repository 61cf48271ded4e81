"""CSV and JSONL with a column mapping, encodings (UTF-8, GBK, GB18030), and plain text."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dunguard.case import open_store
from dunguard.errors import BadInput
from dunguard.ingest import tabular

SH = ZoneInfo("Asia/Shanghai")
VISIT = "您的借款已逾期,我们将于明天下午3点上门拜访"
ROWS = [
    ("2025-02-26 10:30", "95188", VISIT, "接收"),
    ("2025/2/27 9:05", "13800000000", "晚上一起吃饭吗", "接收"),
    ("2025年2月27日 10:00", "95188", "我下周还", "发送"),
]


def csv_text(rows=ROWS, header="时间,号码,内容,类型"):
    return header + "\n" + "".join(f'{t},{n},"{b}",{d}\n' for t, n, b, d in rows)


MAP = {"text": "内容", "sender": "号码", "received_at": "时间", "direction": "类型"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_in_each_encoding(tmp_path, encoding):
    p = tmp_path / "m.csv"
    p.write_bytes(csv_text().encode(encoding))
    msgs = list(tabular.read(p, mapping=MAP))
    assert [(m.text, m.sender, m.direction) for m in msgs] == [(b, n, "in" if d == "接收" else "out") for _, n, b, d in ROWS]
    assert [m.received_at for m in msgs] == [
        datetime(2025, 2, 26, 10, 30, tzinfo=SH), datetime(2025, 2, 27, 9, 5, tzinfo=SH),
        datetime(2025, 2, 27, 10, 0, tzinfo=SH),
    ]
    assert msgs[0].position == "line 2"


def test_gb18030_only_characters(tmp_path):
    p = tmp_path / "m.csv"
    text = csv_text([("2025-02-26 10:30", "95188", "𠮷野家外卖到了，逾期提醒", "1")])
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    p.write_bytes(text.encode("gb18030"))
    assert next(tabular.read(p, mapping=MAP)).text == "𠮷野家外卖到了，逾期提醒"


def test_common_column_names_need_no_map(tmp_path):
    p = tmp_path / "m.tsv"
    p.write_text("date\taddress\tbody\n1740537000000\t95188\t" + VISIT + "\n", encoding="utf-8")
    [m] = tabular.read(p)
    assert (m.sender, m.text, m.received_at) == ("95188", VISIT, datetime(2025, 2, 26, 10, 30, tzinfo=SH))


def test_jsonl_with_map(tmp_path):
    p = tmp_path / "m.jsonl"
    lines = [{"内容": VISIT, "号码": 95188, "时间": "2025-02-26T10:30:00+08:00"}, {"内容": "ok", "号码": None, "时间": ""}]
    p.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    msgs = list(tabular.read(p, fmt="jsonl", mapping={"text": "内容", "sender": "号码", "received_at": "时间"}))
    assert [(m.text, m.sender, m.received_at is None) for m in msgs] == [(VISIT, "95188", False), ("ok", None, True)]


def test_parse_mapping():
    assert tabular.parse_mapping("text=内容，sender=号码") == {"text": "内容", "sender": "号码"}
    for bad in ("text", "body=内容", "text=", "text=a,text=b"):
        with pytest.raises(BadInput) as e:
            tabular.parse_mapping(bad)
        assert e.value.key == "bad_map"


def import_error(tmp_path, name: str, data: bytes, fmt="auto", mapping=None) -> BadInput:
    """Import a bad file into a fresh case; check nothing was stored; return the error."""
    p = tmp_path / name
    p.write_bytes(data)
    with open_store(tmp_path / f"{name}.db") as s:
        cid = s.new_case("c")
        with pytest.raises(BadInput) as e:
            s.import_file(cid, p, fmt=fmt, mapping=mapping)
        assert s.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1
        assert s.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
        assert s.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    text = e.value.render("en")
    assert name in text and "\n" not in text
    return e.value


def test_missing_column_names_the_column_and_the_columns_there(tmp_path):
    err = import_error(tmp_path, "m.csv", csv_text().encode(), mapping={"text": "短信内容"})
    assert err.key == "missing_column"
    assert "短信内容" in err.render("zh") and "时间, 号码, 内容, 类型" in err.render("zh")


def test_encoding_change_midway_is_read_line_by_line_and_named(tmp_path):
    head = csv_text().encode("utf-8") * 1
    filler = "".join(f'2025-02-26 10:30,95188,"第{i}条",接收\n' for i in range(3000)).encode("utf-8")
    tail = '2025-02-26 10:31,95188,"逾期通知",接收\n'.encode("gbk")
    p = tmp_path / "m.csv"
    p.write_bytes(head + filler + tail)
    warnings = []
    msgs = list(tabular.read(p, mapping=MAP, warn=warnings.append))
    assert msgs[-1].text == "逾期通知" and msgs[-2].text == "第2999条"
    [w] = warnings
    assert "line 3005 in GBK/GB18030, the rest in UTF-8" in w.render("en")
    assert "第 3005 行是 GBK/GB18030，其余是 UTF-8" in w.render("zh")


def test_small_file_mixing_utf8_and_gbk_lines_is_never_stored_garbled(tmp_path):
    # Shorter than the encoding sample: the whole file is not UTF-8, yet its first line is.
    p = tmp_path / "mixed.csv"
    p.write_bytes("text,received_at\n第一条good,2025-02-26 10:30\n".encode() + "第二条,2025-02-26 10:31\n".encode("gbk"))
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        result = s.import_file(cid, p)
        texts = [i.text for i in s.timeline(cid, include="all") if i.type == "message"]
    assert texts == ["第一条good", "第二条"]
    assert result.warning_texts("zh") == [
        f"注意：{p} 混用了两种编码：第 3 行是 GBK/GB18030，其余是 UTF-8；已逐行按各自的编码读取，请核对这几行"
    ]
    assert "warnings" not in result.to_json()  # the log entry of the import is unchanged


def test_a_line_in_neither_encoding_is_named(tmp_path):
    data = "text,received_at\n第一条,2025-02-26 10:30\n".encode() + b"\xff\xfe\xfd,2025-02-26 10:31\n"
    err = import_error(tmp_path, "m.csv", data)
    assert err.key == "bad_line_encoding" and "line 3 is neither UTF-8 nor GBK/GB18030" in err.render("en")


def test_unreadable_encodings_and_bad_rows(tmp_path):
    assert import_error(tmp_path, "a.csv", "内容\n你好\n".encode("utf-16-le")).key == "binary_input"
    err = import_error(tmp_path, "b.csv", csv_text([("明天", "1", "x", "接收")]).encode(), mapping=MAP)
    assert err.key == "bad_row" and "line 2" in err.render("en") and "明天" in err.render("en")
    err = import_error(tmp_path, "c.csv", csv_text([("2025-02-26", "1", "x", "??")]).encode(), mapping=MAP)
    assert err.key == "bad_row"
    err = import_error(tmp_path, "d.jsonl", b'{"text": "a"}\n{oops\n', fmt="jsonl")
    assert err.key == "bad_row" and "line 2" in err.render("en")
    assert import_error(tmp_path, "e.csv", b"foo,bar\n1,2\n").key == "missing_column"


def test_plain_text_import(tmp_path):
    p = tmp_path / "pasted.txt"
    p.write_bytes(VISIT.encode("gbk"))
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        r = s.import_file(cid, p, sender="95188", received_at=datetime(2025, 2, 26, 10, 30))
        assert (r.format, r.added, r.flagged) == ("text", 1, 1)
        [m] = [i for i in s.timeline(cid) if i.type == "message"]
        assert (m.text, m.at, m.sender) == (VISIT, "2025-02-26T10:30:00+08:00", "95188")
        report = m.report
        visit_times = [e for e in report["elements"] if e["type"] == "time" and e["role"] == "visit"]
        assert visit_times and visit_times[0]["value"].startswith("2025-02-27T15:00")


def test_a_text_file_with_a_blank_line_between_messages_is_several_messages(tmp_path):
    # as the analyze page reads a paste: a saved .txt of two texts is two messages, not one run together
    p = tmp_path / "pasted.txt"
    p.write_text("【XX金融】您的借款已逾期31天，请尽快还款。\n\n王芳，今天再不还，明天就把你欠钱的事告诉你所有同事。\n",
                 encoding="utf-8")
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        r = s.import_file(cid, p)
        assert (r.format, r.added) == ("text", 2)
        texts = [i.text for i in s.timeline(cid, include="all") if i.type == "message"]
        assert sorted(texts) == sorted(["【XX金融】您的借款已逾期31天，请尽快还款。", "王芳，今天再不还，明天就把你欠钱的事告诉你所有同事。"])


TRAD = ["【招聯金融】您的借款已逾期3天，請盡快還款，否則明天上門。", "你個衰人，聽日唔還錢就上你屋企！"]


@pytest.mark.parametrize("encoding", ["utf-16", "big5", "big5hkscs"])
def test_a_text_file_from_windows_notepad_or_in_big5_is_read_not_rejected_or_garbled(tmp_path, encoding):
    # Notepad's "Unicode" is UTF-16 with a BOM (was: "looks like a binary file"); Hong Kong and
    # Taiwan Windows save Big5, which also decodes as GBK into rare characters and kana (was
    # stored so, garbled, as the evidence text).
    p = tmp_path / "pasted.txt"
    p.write_bytes("\n\n".join(TRAD).encode(encoding))
    with open_store(tmp_path / "c.db") as s:
        cid = s.new_case("c")
        r = s.import_file(cid, p, sender="95188", received_at=datetime(2025, 2, 26, 10, 30))
        assert (r.format, r.added) == ("text", 2)
        assert sorted(i.text for i in s.timeline(cid, include="all") if i.type == "message") == sorted(TRAD)


def test_a_big5_csv_is_read_as_big5(tmp_path):
    p = tmp_path / "m.csv"
    p.write_bytes(csv_text([("2025-02-26 10:30", "95188", t, "接收") for t in TRAD], header="时间,号码,内容,类型")
                  .replace("时间,号码,内容,类型", "time,number,text,type").encode("big5hkscs"))
    msgs = list(tabular.read(p))
    assert [m.text for m in msgs] == TRAD


def test_gbk_text_that_also_reads_as_big5_stays_gbk():
    from dunguard.ingest.text import decode

    for text in (VISIT, "欧阳", "好的", "明天上门", "您的借款已逾期，今天下午我们的外访人员将到您家中核实情况。"):
        assert decode(text.encode("gbk"), "x") == text


@pytest.mark.parametrize(("when", "hour", "minute"), [
    ("2025年2月26日 下午3:05:00", 15, 5),  # SMS Backup & Restore's readable_date on a Chinese phone
    ("2025年2月26日 上午9:05", 9, 5),
    ("2025年2月26日 晚上11:40", 23, 40),
    ("2025年2月26日 中午12:30", 12, 30),
    ("2025年2月26日 凌晨12:30", 0, 30),
    ("2025/2/26 10:40 PM", 22, 40),
    ("2025-02-26 12:10 AM", 0, 10),
])
def test_a_twelve_hour_time_is_read_by_its_day_part(tmp_path, when, hour, minute):
    # "无法识别的时间 '2025年2月26日 下午3:05:00'" stopped the whole import of such a table.
    p = tmp_path / "m.csv"
    p.write_text(csv_text([(when, "95188", VISIT, "接收")]), encoding="utf-8")
    [m] = tabular.read(p, mapping=MAP)
    assert m.received_at == datetime(2025, 2, 26, hour, minute, tzinfo=SH)


@pytest.mark.parametrize("when", ["2025-02-26", "2025/2/26", "2025年2月26日"])
def test_a_date_without_a_time_of_day_is_a_clear_error_not_midnight(tmp_path, when):
    # Read as 00:00 the message would look sent at night, a rule broken.
    err = import_error(tmp_path, "d.csv", csv_text([(when, "95188", "逾期提醒", "接收")]).encode(), mapping=MAP)
    assert err.key == "bad_row"
    assert "第 2 行：接收时间" in err.render("zh") and "只有日期、没有几点几分" in err.render("zh")
    assert "line 2" in err.render("en") and "no time of day" in err.render("en")


def test_row_reasons_follow_the_language(tmp_path):
    err = import_error(tmp_path, "b.csv", csv_text([("明天", "1", "x", "接收")]).encode(), mapping=MAP)
    assert "无法识别的时间 '明天'" in err.render("zh") and "cannot read the time '明天'" in err.render("en")
    err = import_error(tmp_path, "c.csv", csv_text([("2025-02-26 10:30", "1", "x", "??")]).encode(), mapping=MAP)
    assert "方向 '??' 既不是接收也不是发送" in err.render("zh") and "neither in nor out" in err.render("en")
    err = import_error(tmp_path, "d.jsonl", b'{"text": "a"}\n[1]\n', fmt="jsonl")
    assert "不是 JSON 对象" in err.render("zh") and "not a JSON object" in err.render("en")
