"""Extractors: one module per element kind, each ``extract(doc) -> list[Element]``."""

from __future__ import annotations

from importlib import import_module

from dunguard.extract.base import Doc
from dunguard.model import Element

# Order matters only for ties in the final sort; each module owns one element type.
MODULES = ("time", "money", "overdue", "phone", "url", "lender", "visit")


def extract_all(doc: Doc) -> list[Element]:
    """Run every extractor and return their elements sorted by position."""
    out: list[Element] = []
    for name in MODULES:
        try:
            module = import_module(f"dunguard.extract.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"dunguard.extract.{name}":
                continue  # extractor not written yet
            raise
        out.extend(module.extract(doc))
    out.sort(key=lambda e: (e.start, -e.end, e.type))
    return out
