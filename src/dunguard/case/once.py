"""One-time form tokens: a form sent twice (a double-click, a re-sent POST) is written once.

The web page puts a fresh random token in every form that adds to a case (and the JSON API
takes one as an ``Idempotency-Key`` header). The store records the token in the same
transaction as the write it guards, and the write's result with it; a second write carrying
the same token finds it there, raises ``Replayed`` with the first write's result and
writes nothing. Checking inside the transaction matters: two submits of one double-click
arrive at once, and only the database's write lock orders them.

Tokens are not evidence. They live in their own table beside the log, never in it, so an
old dunguard reading the store, or ``verify``, sees nothing new.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from dunguard.errors import BadInput, register_messages

register_messages({
    "form_token_bad": {
        "zh": "这份表格已失效，请刷新页面后重新填写提交。",
        "en": "This form has expired; reload the page and submit it again.",
    },
    "form_token_other": {
        "zh": "这份表格已经用来提交过别的内容，请刷新页面后重新填写提交。",
        "en": "This form was already used for something else; reload the page and submit it again.",
    },
})

# What new_token() makes, with room for a client's own key (a UUID, say).
TOKEN = re.compile(r"[A-Za-z0-9_.:-]{16,100}")
# A page left open longer than this and then sent twice may be written twice: the table stays small.
KEEP = timedelta(days=30)


class Replayed(Exception):  # noqa: N818 - not an error: the first write's answer, given again
    """The token was used before. ``result`` is what that write returned, or None while it still runs."""

    def __init__(self, result: Any) -> None:
        super().__init__("form already submitted")
        self.result = result


def new_token() -> str:
    """A fresh token for one form."""
    return secrets.token_urlsafe(18)


def check(token: str | None) -> str | None:
    """The token if it is one (None when none was sent); BadInput for anything else."""
    if token is None or token == "":
        return None
    if not TOKEN.fullmatch(token):
        raise BadInput("form_token_bad")
    return token


def lookup(conn: sqlite3.Connection, token: str, case_id: str, kind: str) -> tuple[bool, Any] | None:
    """(settled, result) of a used token, None for an unused one.

    A token used by another case or another kind of form is refused: it would answer
    with a page about something else.
    """
    row = conn.execute("SELECT case_id, kind, result FROM form_tokens WHERE token = ?", (token,)).fetchone()
    if row is None:
        return None
    if (row[0], row[1]) != (case_id, kind):
        raise BadInput("form_token_other")
    return (row[2] is not None, json.loads(row[2]) if row[2] is not None else None)


def claim(conn: sqlite3.Connection, token: str, case_id: str, kind: str) -> None:
    """Record the token inside the caller's write transaction; raise Replayed if it was used."""
    found = lookup(conn, token, case_id, kind)
    if found is not None:
        raise Replayed(found[1])
    now = datetime.now(UTC)
    conn.execute("DELETE FROM form_tokens WHERE at < ?", ((now - KEEP).isoformat(),))
    conn.execute("INSERT INTO form_tokens (token, case_id, kind, at) VALUES (?, ?, ?, ?)",
                 (token, case_id, kind, now.isoformat()))


def settle(conn: sqlite3.Connection, token: str, result: Any) -> None:
    """Keep the write's result with its token (inside the transaction that finishes the write)."""
    conn.execute("UPDATE form_tokens SET result = ? WHERE token = ?", (json.dumps(result, ensure_ascii=False), token))
