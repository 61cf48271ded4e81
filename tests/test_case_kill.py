"""An import killed with SIGKILL midway leaves a consistent store that verifies and resumes without duplicates."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from dunguard.case import open_store

N = 12_000  # six chunks of 2,000: the kill lands after the first commit and before the last
TEXTS = [
    "尊敬的客户,您有一笔借款已逾期{i}天,我们的工作人员将于明天下午3点上门拜访。",
    "晚上一起吃饭吗？第{i}次问你了",
    "您的快递{i}已到驿站，请凭取件码领取。",
]

CHILD = """
import sys
import dunguard.cli as cli
import dunguard.case.cli as case_cli
cli.AREAS = ("dunguard.case.cli",)
case_cli.EXPORT_MODULE = "dunguard.case.no_export_here"
sys.exit(cli.main(sys.argv[1:]))
"""


def write_export(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n")
        for i in range(N):
            body = TEXTS[i % 3].format(i=i)
            fh.write(f'<sms address="9518{i % 7}" date="{1740537000000 + i * 1000}" type="1" body={quoteattr(body)} />\n')
        fh.write("</smses>\n")


def run(db: Path, *argv: str) -> subprocess.Popen:
    env = dict(os.environ, DUNGUARD_DB=str(db))
    return subprocess.Popen([sys.executable, "-c", CHILD, *argv], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def committed_chunks(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("SELECT count(*) FROM events WHERE kind = 'messages'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_sigkill_midway_then_verify_and_resume(tmp_path):
    xml = tmp_path / "sms-backup.xml"
    write_export(xml)
    db = tmp_path / "cases.db"
    new = run(db, "case", "new", "kill test")
    out, err = new.communicate(timeout=60)
    assert new.returncode == 0, err
    cid = out.strip()

    proc = run(db, "case", "import", cid, str(xml))
    deadline = time.monotonic() + 120
    while committed_chunks(db) < 1:
        assert proc.poll() is None, f"import ended before the first chunk was seen: {proc.communicate()}"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with open_store(db) as s:
        kinds = [e.kind for e in s.events(cid)]
        assert "import" in kinds and "import_done" not in kinds
        stored = s.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        logged = sum(len(e.payload["messages"]) for e in s.events(cid) if e.kind == "messages")
        assert 0 < stored == logged < N  # midway, and every stored row is in the log
        assert s.verify(cid).ok

    again = run(db, "case", "import", cid, str(xml), "--json")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    result = json.loads(out)
    assert result["read"] == N and result["duplicates"] == stored and result["added"] == N - stored

    with open_store(db) as s:
        c = s.conn
        assert c.execute("SELECT count(*) FROM messages").fetchone()[0] == N
        assert c.execute("SELECT count(DISTINCT text) FROM messages").fetchone()[0] == N
        assert s.events(cid)[-1].kind == "import_done"
        assert len(s.attachments(cid)) == 1  # the original export is kept once
        assert s.verify(cid).ok
