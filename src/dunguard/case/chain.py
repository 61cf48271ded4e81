"""The evidence hash chain: canonical hashing of log entries, rows and files.

Each case has its own append-only log. Entry n carries the SHA-256 of entry n-1, so
changing, removing or reordering any entry breaks every hash after it. Every stored
item (message, call, note, attachment) is recorded in the log with the hash of its row,
so ``verify`` can name exactly which row was altered, removed or slipped in.

The chain proves internal consistency. Someone who rewrites the whole log after the
fact can recompute it; quoting ``chain_head`` elsewhere (an export manifest, a letter)
pins it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
CHUNK = 1 << 20


def canonical(obj: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def event_hash(prev_hash: str, case_id: str, n: int, kind: str, at: str, payload: str) -> str:
    """Hash of one log entry; ``payload`` is the canonical JSON text as stored."""
    entry = canonical({"case": case_id, "n": n, "kind": kind, "at": at, "payload": payload})
    return sha256_text(prev_hash + "\n" + entry)


def row_hash(fields: Mapping[str, Any]) -> str:
    return sha256_text(canonical(dict(fields)))


def message_id(sender: str | None, received_at: str | None, text: str, direction: str) -> str:
    """Stable identity of a message: the same message imported twice gets the same id."""
    return sha256_text(canonical([sender or "", received_at or "", text, direction]))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing ``verify`` found wrong.

    ``change`` is ``altered``, ``missing`` or ``added``; ``item`` is ``event``, ``case``,
    ``message``, ``call``, ``note``, ``attachment``, ``file`` (an attachment's stored
    bytes) or ``deletion``; ``ref`` is the event number, item id or SHA-256.
    """

    change: str
    item: str
    ref: str
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"change": self.change, "item": self.item, "ref": self.ref, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class VerifyResult:
    ok: bool
    problems: tuple[Problem, ...] = ()
    head: str = GENESIS
    events: int = 0
    checked: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "head": self.head,
            "events": self.events,
            "checked": dict(self.checked),
            "problems": [p.to_json() for p in self.problems],
        }


def check_chain(case_id: str, rows: Iterable[tuple[int, str, str, str, str, str]]) -> tuple[list[Problem], str, int]:
    """Recompute the chain from (n, kind, at, payload, prev_hash, hash) rows in order.

    Returns the problems, the recomputed head and the number of entries. A gap in the
    numbering is a missing entry; a stored hash that does not match its content is an
    altered entry (later entries still chain from the stored hash, so one edit is
    reported once rather than as every entry after it).
    """
    problems: list[Problem] = []
    prev = GENESIS
    expected_n = 1
    count = 0
    for n, kind, at, payload, prev_hash, stored in rows:
        count += 1
        gap = expected_n < n
        while expected_n < n:
            problems.append(Problem("missing", "event", str(expected_n)))
            expected_n += 1
        if n < expected_n:
            problems.append(Problem("added", "event", str(n), "duplicate number"))
        # After a missing entry the link is necessarily broken: that is the same problem.
        if prev_hash != prev and not gap:
            problems.append(Problem("altered", "event", str(n), f"does not chain from entry {n - 1}"))
        if event_hash(prev_hash, case_id, n, kind, at, payload) != stored:
            problems.append(Problem("altered", "event", str(n), f"content does not match its hash ({kind})"))
        prev = stored
        expected_n = n + 1
    return problems, prev, count
