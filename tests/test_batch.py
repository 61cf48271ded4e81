"""`dunguard batch`: streaming inputs, flattened rows, bad rows reported, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dunguard.cli as cli

VISIT = "【XX金融】您的借款3000元已逾期，我们的工作人员将于明天下午3点上门拜访，请于今日18点前还款。"
SCAM = "您的网贷记录影响征信，请先缴纳解冻费500元到个人账户6222020200112233445，否则冻结所有银行卡。"
PLAIN = "周末一起吃饭吧，老地方见。"
SEED = "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"

RUNNER = "import sys, dunguard.cli as c; c.AREAS = ('dunguard.batch_cli',); sys.exit(c.main(sys.argv[1:]))"


@pytest.fixture(autouse=True)
def _area(monkeypatch):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.batch_cli",))


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_to_parquet_flattens_the_verdict(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"text": VISIT, "received_at": "2025-02-26T23:40", "sender": "13812345678"},
        {"text": SCAM, "received_at": "2025-02-26T10:00", "sender": "1069012345678"},
        {"text": PLAIN},
    ])
    out = tmp_path / "out.parquet"
    code, _, err = run_cli("batch", str(src), str(out), "--workers", "1")
    assert code == 0, err
    rows = pq.read_table(out).to_pylist()
    assert [r["row"] for r in rows] == [1, 2, 3]
    visit, scam, plain = rows
    assert "visit_threat" in visit["kinds"]
    assert visit["night_sent"] is True
    assert visit["visit_time"].startswith("2025-02-27T15:00")
    assert visit["deadline"].startswith("2025-02-26T18:00")
    assert visit["amounts"] == [3000.0]
    assert visit["sender_kind"] == "mobile"
    assert visit["lender_name"] == "XX金融"
    assert any(r.startswith("CN-VISIT") for r in visit["rule_ids"])
    assert scam["primary_kind"] == "scam" and scam["scam_risk"] >= 50
    assert scam["night_sent"] is False
    assert plain["primary_kind"] == "other" and plain["night_sent"] is None and plain["rule_ids"] == []
    assert "分析 3 条，失败 0 条" in err
    assert not (tmp_path / "out.parquet.progress.json").exists()
    assert not (tmp_path / "out.parquet.parts").exists()


def test_gbk_csv_with_named_columns_to_jsonl(tmp_path, run_cli):
    src = tmp_path / "complaints.csv"
    src.write_bytes(("编号,内容,时间\n1,\"" + VISIT + "\",2025-02-26 10:30\n2,你好,\n").encode("gbk"))
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--text-column", "内容", "--time-column", "时间",
                           "--workers", "1", "--lang", "en")
    assert code == 0, err
    rows = read_jsonl(out)
    assert [r["row"] for r in rows] == [2, 3]  # CSV rows are line numbers; the header is line 1
    assert rows[0]["text"] == VISIT and rows[0]["received_at"].startswith("2025-02-26T10:30")
    assert "3 analysed, 0 failed" not in err and "2 analysed, 0 failed" in err


def test_same_rows_with_two_workers_and_small_chunks(tmp_path, run_cli):
    msgs = [{"text": [VISIT, SCAM, PLAIN, SEED][i % 4] + str(i)} for i in range(60)]
    src = write_jsonl(tmp_path / "in.jsonl", msgs)
    code1, _, _ = run_cli("batch", str(src), str(tmp_path / "a.jsonl"), "--workers", "1")
    code2, _, _ = run_cli("batch", str(src), str(tmp_path / "b.jsonl"), "--workers", "2", "--chunk-size", "7")
    assert code1 == code2 == 0
    assert read_jsonl(tmp_path / "a.jsonl") == read_jsonl(tmp_path / "b.jsonl")


def test_bad_rows_go_to_the_errors_file_and_the_run_goes_on(tmp_path, run_cli):
    src = tmp_path / "in.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": VISIT}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"text": "x" * 10_000_000}) + "\n")          # a 10 MB line
        fh.write(json.dumps({"text": PLAIN, "received_at": "yesterday-ish"}, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps({"text": ""}) + "\n")
        fh.write(json.dumps({"body": PLAIN}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"text": SCAM}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--workers", "1", "--lang", "en")
    assert code == 0, err
    assert [r["row"] for r in read_jsonl(out)] == [1, 7]
    errors = {e["row"]: e for e in read_jsonl(tmp_path / "out.jsonl.errors.jsonl")}
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert "too long" in errors[2]["reason"]
    assert "received time" in errors[3]["reason"]
    assert "JSON" in errors[4]["reason"]
    assert all(e["file"] == str(src) for e in errors.values())
    assert "2 analysed, 5 failed" in err
    assert "out.jsonl.errors.jsonl" in err


def test_mixed_encodings_are_read_and_reported(tmp_path, run_cli):
    src = tmp_path / "mixed.csv"
    src.write_bytes(
        b"text\n" + f"{VISIT}\n".encode() + f"{SCAM}\n".encode("gbk") + f"{PLAIN}\n".encode()
    )
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--workers", "1", "--lang", "en")
    assert code == 0, err
    assert [r["text"] for r in read_jsonl(out)] == [VISIT, SCAM, PLAIN]
    (warning,) = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert warning["row"] == 3 and warning["level"] == "warning" and "gb18030" in warning["reason"]
    assert "1 warnings" in err


def test_missing_text_column_names_file_and_column(tmp_path, run_cli):
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,hello\n", encoding="utf-8")
    code, _, err = run_cli("batch", str(src), str(tmp_path / "out.jsonl"), "--lang", "en")
    assert code == 2
    assert str(src) in err and "'text'" in err and "body" in err and "--text-column" in err
    assert "Traceback" not in err


def test_truncated_parquet_is_a_clear_error(tmp_path, run_cli):
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"text": [VISIT] * 50}), good)
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    code, _, err = run_cli("batch", str(bad), str(tmp_path / "out.jsonl"), "--lang", "en")
    assert code == 2 and str(bad) in err and "truncated" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_parquet_input_by_row_group(tmp_path, run_cli):
    src = tmp_path / "in.parquet"
    table = pa.table({"msg": [VISIT, PLAIN, SCAM] * 5, "ts": [1740583800000] * 15})
    pq.write_table(table, src, row_group_size=4)
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--text-column", "msg", "--time-column", "ts", "--workers", "1")
    assert code == 0, err
    rows = read_jsonl(out)
    assert [r["row"] for r in rows] == list(range(1, 16))
    assert rows[0]["received_at"] == "2025-02-26T23:30:00+08:00"  # epoch milliseconds, shown in Asia/Shanghai


def test_existing_output_is_not_overwritten_without_asking(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": VISIT}])
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    code, _, err = run_cli("batch", str(src), str(out), "--lang", "en")
    assert code == 2 and "--resume" in err
    assert out.read_text() == "precious\n"
    assert run_cli("batch", str(src), str(out), "--overwrite", "--workers", "1")[0] == 0
    assert read_jsonl(out)[0]["text"] == VISIT


def children(pid: int) -> list[int]:
    return [int(c) for t in os.listdir(f"/proc/{pid}/task")
            for c in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find the workers")
@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_resume_after_sigkill_gives_the_same_rows(tmp_path, suffix):
    msgs = [{"text": [VISIT, SCAM, PLAIN, SEED][i % 4] + f" #{i}", "received_at": f"2025-02-26T{i % 24:02d}:05"}
            for i in range(2500)]
    msgs[700] = {"text": ""}  # one failing row inside the interrupted part
    src = write_jsonl(tmp_path / "in.jsonl", msgs)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}

    def batch(out: Path, *extra: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", RUNNER, "batch", str(src), str(out), "--chunk-size", "50", "--workers", "2", *extra],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )

    reference = tmp_path / f"ref{suffix}"
    assert batch(reference).wait(120) == 0

    out = tmp_path / f"out{suffix}"
    progress = Path(str(out) + ".progress.json")
    proc = batch(out)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if json.loads(progress.read_text())["chunks"] >= 15:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.02)
    workers = children(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The pool's workers must not outlive a killed driver.
    deadline = time.time() + 10
    while time.time() < deadline and any(map(alive, workers)):
        time.sleep(0.1)
    assert not [w for w in workers if alive(w)]
    chunks_before = json.loads(progress.read_text())["chunks"]
    assert 15 <= chunks_before < 50, "the run finished before it could be interrupted"

    resumed = batch(out, "--resume", "--lang", "en")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err.decode()
    assert "resumed" in err.decode() and "2,499 analysed, 1 failed" in err.decode()

    def rows(path: Path) -> list[dict]:
        return read_jsonl(path) if suffix == ".jsonl" else pq.read_table(path).to_pylist()

    assert rows(out) == rows(reference)
    assert read_jsonl(Path(str(out) + ".errors.jsonl")) == read_jsonl(Path(str(reference) + ".errors.jsonl"))
    assert not progress.exists()


def test_resume_refuses_a_changed_input(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": VISIT}] * 3)
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.progress.json").write_text(json.dumps({"fingerprint": {"size": 1}, "chunks": 1}))
    out.write_text("")
    code, _, err = run_cli("batch", str(src), str(out), "--resume", "--lang", "en")
    assert code == 2 and "Cannot resume" in err


def test_a_glob_of_parquet_files_with_one_damaged_file(tmp_path, run_cli):
    data = tmp_path / "data"
    data.mkdir()
    pq.write_table(pa.table({"text": [VISIT, PLAIN]}), data / "a.parquet")
    pq.write_table(pa.table({"text": [SCAM]}), data / "c.parquet")
    good = (data / "a.parquet").read_bytes()
    (data / "b.parquet").write_bytes(good[: len(good) // 2])
    out = tmp_path / "out/"
    code, _, err = run_cli("batch", str(data / "*.parquet"), str(out) + "/", "--workers", "1", "--lang", "en")
    assert code == 0, err
    rows = pq.read_table(out).to_pylist()
    assert [(Path(r["file"]).name, r["row"]) for r in rows] == [("a.parquet", 1), ("a.parquet", 2), ("c.parquet", 1)]
    (error,) = read_jsonl(out / "_errors.jsonl")
    assert Path(error["file"]).name == "b.parquet" and "truncated" in error["reason"]
    assert "3 analysed, 1 failed" in err


def test_a_whole_file_error_writes_no_output(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [{"body": VISIT}])
    code, _, err = run_cli("batch", str(src), str(tmp_path / "out.parquet"), "--lang", "en")
    assert code == 2 and "no text column 'text'" in err and "body" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_ctrl_c_stops_quickly_and_says_how_to_resume(tmp_path):
    # Enough rows that a loaded machine cannot finish them before the Ctrl-C lands (20,000 once did).
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": VISIT + str(i)} for i in range(100000)])
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, "batch", str(src), str(out), "--chunk-size", "100", "--workers", "2", "--lang", "en"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    progress = Path(str(out) + ".progress.json")
    deadline = time.time() + 60
    while time.time() < deadline and not progress.exists():
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "--resume" in err.decode()
    assert progress.exists()


def test_errors_file_has_a_stable_code_and_a_reason_in_the_users_language(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"text": PLAIN, "received_at": "2025-02-26"},       # a date alone would read as a night-time midnight
        {"text": PLAIN, "received_at": "yesterday-ish"},
        {"text": ""},
        {"text": PLAIN, "received_at": "2025-02-26T10:30"},
    ])
    with src.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    for lang, out in (("zh", tmp_path / "zh.jsonl"), ("en", tmp_path / "en.jsonl")):
        code, _, err = run_cli("batch", str(src), str(out), "--workers", "1", "--lang", lang)
        assert code == 0, err
    zh = {e["row"]: e for e in read_jsonl(tmp_path / "zh.jsonl.errors.jsonl")}
    en = {e["row"]: e for e in read_jsonl(tmp_path / "en.jsonl.errors.jsonl")}
    assert {r: e["code"] for r, e in zh.items()} == {r: e["code"] for r, e in en.items()} == {
        1: "received_date_only", 2: "bad_received_at", 3: "empty_message", 5: "batch_bad_json"}
    assert "只有日期、没有几点几分" in zh[1]["reason"] and "no time of day" in en[1]["reason"]
    # a date-only row is analysed without a receive time (a warning), not dropped and not read as midnight
    assert zh[1]["level"] == "warning" and zh[2]["level"] == "error"
    rows = {r["row"]: r for r in read_jsonl(tmp_path / "zh.jsonl")}
    assert 1 in rows and rows[1]["received_at"] is None and rows[1]["night_sent"] is None
    assert "无法识别的接收时间：yesterday-ish" in zh[2]["reason"] and "Cannot read the received time" in en[2]["reason"]
    assert "不是有效的 JSON" in zh[5]["reason"] and "not valid JSON" in en[5]["reason"]
    assert all(set(e) == {"file", "row", "level", "code", "reason"} for e in [*zh.values(), *en.values()])


def test_an_unknown_time_zone_is_one_error_before_any_row(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "还钱", "received_at": "2025-02-26T10:30"}])
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--tz", "Mars/X", "--workers", "1")
    assert code == 2
    assert err.strip() == "dunguard: 错误: 无法识别的时区：Mars/X"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no output, no errors file
    code, _, err = run_cli("batch", str(src), str(out), "--tz", "Mars/X", "--lang", "en")
    assert code == 2 and "Unknown time zone: Mars/X" in err and "written" not in err


@pytest.mark.parametrize("name", ["o.jsonl", "o.parquet", "parts/"])
def test_a_missing_output_folder_is_created_and_said(tmp_path, run_cli, name):
    # as `case export` does for its package: create the folder, and say so
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": VISIT, "received_at": "2025-02-26T10:30"}])
    out = tmp_path / "new" / "sub" / name
    code, _, err = run_cli("batch", str(src), str(out) + "/" * name.endswith("/"), "--workers", "1")
    assert code == 0, err
    assert f"已新建文件夹 {tmp_path / 'new' / 'sub'}" in err and "内部错误" not in err
    assert out.exists()
    rows = read_jsonl(out) if name.endswith(".jsonl") else pq.read_table(out).to_pylist()
    assert [r["row"] for r in rows] == [1]
    out2 = str(tmp_path / "new" / "sub" / ("again-" + name)) + "/" * name.endswith("/")
    code, _, err = run_cli("batch", str(src), out2, "--workers", "1", "--lang", "en")
    assert code == 0 and "Created the folder" not in err  # only when it was missing


def test_an_output_folder_that_cannot_be_made_is_one_line_exit_2(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": VISIT}])
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _, err = run_cli("batch", str(src), str(tmp_path / "afile" / "o.jsonl"), "--lang", "en")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "Cannot write the output" in err and "internal error" not in err.lower()


def test_visit_time_is_never_before_the_message_that_announces_it(tmp_path, run_cli):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"text": "今晚去你家", "received_at": "2025-02-26T23:10"},        # 18:00-24:00, received 23:10
        {"text": "明天下午去你家", "received_at": "2025-02-26T10:30"},    # a day part still ahead
        {"text": VISIT, "received_at": "2025-02-26T10:30"},              # an instant: 明天下午3点
        {"text": "今天上午去你家", "received_at": "2025-02-26T23:10"},    # already over when received
        {"text": "今晚去你家"},                                          # no receive time: nothing resolved
    ])
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--workers", "1")
    assert code == 0, err
    cols = ("visit_time", "visit_time_until", "visit_time_granularity")
    got = [tuple(r[c] for c in cols) for r in read_jsonl(out)]
    assert got == [
        ("2025-02-26T23:10:00+08:00", "2025-02-27T00:00:00+08:00", "daypart"),
        ("2025-02-27T12:00:00+08:00", "2025-02-27T18:00:00+08:00", "daypart"),
        ("2025-02-27T15:00:00+08:00", None, "hour"),
        ("2025-02-26T08:00:00+08:00", "2025-02-26T12:00:00+08:00", "daypart"),
        (None, None, None),
    ]
    out_pq = tmp_path / "out.parquet"
    assert run_cli("batch", str(src), str(out_pq), "--workers", "1")[0] == 0
    assert [tuple(r[c] for c in cols) for r in pq.read_table(out_pq).to_pylist()] == got


def test_scale_doc_gives_each_errors_file_code_the_level_batch_gives_it(tmp_path, run_cli):
    # docs/scale.md listed a date-only time as an error (received_no_clock) after batch made it a warning.
    import re

    doc = (Path(__file__).parent.parent / "docs" / "scale.md").read_text(encoding="utf-8")
    section = doc.split("## Bad rows never stop the run", 1)[1].split("\n## ", 1)[0]
    warned = section.split('"level": "warning"', 1)[1]
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"text": PLAIN, "received_at": "2025-02-26"},
        {"text": PLAIN, "received_at": "yesterday-ish"},
    ])
    out = tmp_path / "out.jsonl"
    assert run_cli("batch", str(src), str(out), "--workers", "1")[0] == 0
    levels = {e["code"]: e["level"] for e in read_jsonl(tmp_path / "out.jsonl.errors.jsonl")}
    assert levels == {"received_date_only": "warning", "bad_received_at": "error"}
    assert "`received_date_only`" in warned and "`bad_received_at`" not in warned
    assert "`bad_received_at`" in section
    assert not re.search(r"received_no_clock", doc)
    assert [r["row"] for r in read_jsonl(out)] == [1]  # the warned row is in the results


def test_deadline_columns_keep_the_end_and_the_kind_of_a_range_or_a_by_deadline(tmp_path, run_cli):
    # deadline was one instant: 3月5日至3月10日 read as 3月5日 00:00, and 3月5日前 could not be told from a clock time.
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"text": "请在3月5日至3月10日之间还款", "received_at": "2025-02-26T10:30"},
        {"text": "请于3月5日前还款", "received_at": "2025-02-26T10:30"},
        {"text": "请于明日中午12点前归还", "received_at": "2025-02-26T10:30"},
        {"text": "请于3天内还清", "received_at": "2025-02-26T10:30"},
        {"text": "请在今天下午还款", "received_at": "2025-02-26T15:10"},  # received inside the span
        {"text": "明天下午3点还款", "received_at": "2025-02-26T10:30"},    # a clock time: no end
        {"text": "请于3月5日前还款"},                                      # no receive time: nothing resolved
    ])
    out = tmp_path / "out.jsonl"
    code, _, err = run_cli("batch", str(src), str(out), "--workers", "1")
    assert code == 0, err
    cols = ("deadline", "deadline_until", "deadline_granularity", "deadline_kind")
    got = [tuple(r[c] for c in cols) for r in read_jsonl(out)]
    assert got == [
        ("2025-03-05T00:00:00+08:00", "2025-03-11T00:00:00+08:00", "day", "range"),
        ("2025-03-06T00:00:00+08:00", "2025-03-06T00:00:00+08:00", "day", "before"),
        ("2025-02-27T12:00:00+08:00", "2025-02-27T12:00:00+08:00", "hour", "before"),
        ("2025-03-01T00:00:00+08:00", "2025-03-01T00:00:00+08:00", "day", "within"),
        ("2025-02-26T15:10:00+08:00", "2025-02-26T18:00:00+08:00", "daypart", "point"),
        ("2025-02-27T15:00:00+08:00", None, "hour", "point"),
        (None, None, None, None),
    ]
    out_pq = tmp_path / "out.parquet"
    assert run_cli("batch", str(src), str(out_pq), "--workers", "1")[0] == 0
    table = pq.read_table(out_pq)
    assert [tuple(r[c] for c in cols) for r in table.to_pylist()] == got
    # older readers: the columns before these keep their names and order
    names = table.column_names
    assert names[names.index("deadline") - 1] == "visit_time" and names[-3:] == list(cols[1:])
