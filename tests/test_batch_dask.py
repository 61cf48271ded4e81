"""`--engine dask`: the same chunk function on a distributed cluster gives the same rows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import dunguard.cli as cli

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

TEXTS = [
    "【XX金融】您的借款3000元已逾期，我们的工作人员将于明天下午3点上门拜访，请于今日18点前还款。",
    "您的网贷记录影响征信，请先缴纳解冻费500元到个人账户6222020200112233445。",
    "周末一起吃饭吧，老地方见。",
    "",  # fails: empty text
]


def test_dask_cluster_gives_the_same_rows_as_the_local_engine(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "AREAS", ("dunguard.batch_cli",))
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"text": TEXTS[i % 4] + (str(i) if TEXTS[i % 4] else ""),
                            "received_at": f"2025-02-26T{i % 24:02d}:00"}, ensure_ascii=False) + "\n"
                for i in range(120)),
        encoding="utf-8",
    )
    # The errors file is written in the run's language: both runs in English to compare them.
    assert cli.main(["batch", str(src), str(tmp_path / "local.jsonl"), "--workers", "1", "--chunk-size", "16",
                     "--lang", "en"]) == 0
    with distributed.LocalCluster(n_workers=2, processes=True, host="127.0.0.1", threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        code = cli.main(["batch", str(src), str(tmp_path / "dask.jsonl"), "--engine", "dask",
                         "--scheduler", cluster.scheduler_address, "--chunk-size", "16", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "90 analysed, 30 failed" in err
    local = (tmp_path / "local.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "dask.jsonl").read_text(encoding="utf-8") == local
    assert (tmp_path / "dask.jsonl.errors.jsonl").read_text() == (tmp_path / "local.jsonl.errors.jsonl").read_text()


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch, capsys):
    from dunguard.batch import dask_engine

    monkeypatch.setattr(cli, "AREAS", ("dunguard.batch_cli",))
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": TEXTS[0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    code = cli.main(["batch", str(src), str(tmp_path / "o.jsonl"), "--engine", "dask",
                     "--scheduler", "tcp://127.0.0.1:9", "--lang", "en"])
    assert code == 2
    assert "Cannot reach the Dask scheduler tcp://127.0.0.1:9" in capsys.readouterr().err


def test_the_core_never_imports_dask():
    code = ("import sys, dunguard, dunguard.batch, dunguard.batch_cli, dunguard.cli; "
            "from dunguard import analyze; analyze('您的借款已逾期'); "
            "print(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
