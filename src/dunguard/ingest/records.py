"""The one record every importer yields: a message as it was on the phone, before analysis.

Android XML, iOS sms.db, CSV/JSONL and pasted text all become ``ImportedMessage``;
the case store only ever sees this type, so a new importer needs no store changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

DIRECTIONS = ("in", "out")

# Called by importers with how far they have read (bytes or rows, matching ``total``).
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    """One message from an export.

    ``sender`` is the other party's number or name: who sent an incoming message, who
    received an outgoing one (phone exports record only that one address).
    ``received_at`` is timezone-aware (sent time for outgoing messages), or None when
    the source does not say. ``position`` says where in the source file it was
    ("line 120", "row 7", "ROWID 5521"), so a reader can find the original.
    """

    text: str
    sender: str | None
    received_at: datetime | None
    direction: str = "in"
    position: str = ""

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {self.direction!r}")
        if self.received_at is not None and self.received_at.tzinfo is None:
            raise ValueError("received_at must be timezone-aware")
