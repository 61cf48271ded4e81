"""The stable JSON form of a Report (documented in docs/json.md)."""

from __future__ import annotations

import json

from dunguard.model import Report


def dumps(report: Report, indent: int | None = 2) -> str:
    """One JSON object; key order is fixed by Report.to_json so diffs stay readable."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=indent)
