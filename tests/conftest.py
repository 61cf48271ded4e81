"""Shared test helpers."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from hypothesis import settings

from dunguard import analyze
from dunguard.cli import main
from dunguard.model import Message

# Property tests check what is found, not how fast: speed is measured in bench/, and a loaded CI machine
# must not fail a correct run on hypothesis's per-example deadline.
settings.register_profile("dunguard", deadline=None)
settings.load_profile("dunguard")

SEED = (
    "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"
    "如有疑问,请联系客服95188。"
)
SEED_AT = datetime(2025, 2, 26, 10, 30)


@pytest.fixture
def store(tmp_path):
    """An empty case store in the test's own folder, closed afterwards."""
    from dunguard.case.store import open_store

    s = open_store(tmp_path / "cases.db")
    yield s
    s.close()


@pytest.fixture
def run_cli(capsys):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""

    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def report_json(text: str, received_at: datetime | None = SEED_AT) -> dict:
    return json.loads(json.dumps(analyze(Message(text, received_at=received_at)).to_json(), ensure_ascii=False))
