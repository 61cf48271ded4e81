"""Shared machinery for the extractors: the analysed document and span helpers.

Extractors match on ``Doc.norm``, a copy of the text with full-width ASCII
folded to half-width. The fold maps one character to one character, so an
index into ``norm`` is an index into the original text and every span points
at the words the user actually received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from dunguard.model import Element, Message, Span

# U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E; U+3000 is the ideographic space.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


# Most messages have no full-width ASCII; a regex scan is cheaper than translate().
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def normalize(text: str) -> str:
    """Fold full-width ASCII to half-width; the result has the same length as ``text``."""
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Doc:
    """A message prepared for extraction."""

    text: str
    norm: str
    received_at: datetime | None
    tz: ZoneInfo
    sender: str | None = None

    @classmethod
    def from_message(cls, message: Message) -> Doc:
        text = message.text
        return cls(
            text=text,
            norm=normalize(text) if _FULLWIDTH.search(text) else text,
            received_at=message.received_at,
            tz=message.tz,
            sender=message.sender,
        )

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])


def drop_overlaps(elements: list[Element]) -> list[Element]:
    """Keep the longest of overlapping elements of one type, earliest first on ties."""
    ordered = sorted(elements, key=lambda e: (-(e.end - e.start), e.start))
    kept: list[Element] = []
    for el in ordered:
        if all(el.end <= k.start or el.start >= k.end for k in kept):
            kept.append(el)
    return sorted(kept, key=lambda e: e.start)
