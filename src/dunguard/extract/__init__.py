"""Extractors: one module per element kind, each ``extract(doc) -> list[Element]``."""

from __future__ import annotations

from dunguard.extract import account, lender, money, overdue, phone, time, url, visit
from dunguard.extract.base import Doc
from dunguard.model import Element

EXTRACTORS = (time, money, overdue, phone, account, url, lender, visit)


def extract_all(doc: Doc) -> list[Element]:
    """Run every extractor and return their elements sorted by position."""
    out: list[Element] = []
    for module in EXTRACTORS:
        out.extend(module.extract(doc))
    out.sort(key=lambda e: (e.start, -e.end, e.type))
    return out
