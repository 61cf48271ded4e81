"""Versioned schema migrations for the case store.

Each migration has a name and SQL written to be re-runnable (IF NOT EXISTS), is applied
once in its own transaction, and is recorded in ``schema_version``. New migrations are
appended, never edited: a store created by an older dunguard upgrades in place.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE IF NOT EXISTS cases (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        -- Append-only log, one hash chain per case: hash = sha256(prev_hash + entry).
        CREATE TABLE IF NOT EXISTS events (
            case_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (case_id, n)
        );
        CREATE TABLE IF NOT EXISTS messages (
            case_id TEXT NOT NULL,
            id TEXT NOT NULL,
            sender TEXT,
            received_at TEXT,
            ts REAL,
            direction TEXT NOT NULL,
            text TEXT NOT NULL,
            source_sha256 TEXT,
            position TEXT NOT NULL DEFAULT '',
            flagged INTEGER NOT NULL DEFAULT 0,
            analysis BLOB,
            PRIMARY KEY (case_id, id)
        );
        CREATE INDEX IF NOT EXISTS messages_time ON messages (case_id, ts);
        CREATE TABLE IF NOT EXISTS calls (
            case_id TEXT NOT NULL,
            id TEXT NOT NULL,
            number TEXT NOT NULL,
            at TEXT NOT NULL,
            ts REAL NOT NULL,
            minutes REAL NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            recording_sha256 TEXT,
            PRIMARY KEY (case_id, id)
        );
        CREATE TABLE IF NOT EXISTS notes (
            case_id TEXT NOT NULL,
            id TEXT NOT NULL,
            text TEXT NOT NULL,
            at TEXT NOT NULL,
            ts REAL NOT NULL,
            PRIMARY KEY (case_id, id)
        );
        CREATE TABLE IF NOT EXISTS attachments (
            case_id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            name TEXT NOT NULL,
            size INTEGER NOT NULL,
            role TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            ts REAL NOT NULL,
            PRIMARY KEY (case_id, sha256)
        );
        -- Deleting hides an item; the row stays and the delete event says why.
        CREATE TABLE IF NOT EXISTS hidden (
            case_id TEXT NOT NULL,
            item_id TEXT NOT NULL,
            event_n INTEGER NOT NULL,
            PRIMARY KEY (case_id, item_id)
        );
        """,
    ),
    (
        "0002_loans",
        """
        -- The borrower's own loans (dunguard loan add): not evidence of a case, so one store-wide
        -- list. Money is kept as decimal text so no cent is lost to floating point.
        CREATE TABLE IF NOT EXISTS loans (
            id TEXT PRIMARY KEY,
            lender TEXT NOT NULL,
            received TEXT NOT NULL,
            kind TEXT NOT NULL,
            received_on TEXT,
            signed TEXT,
            lender_type TEXT,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            deleted_event INTEGER
        );
        CREATE TABLE IF NOT EXISTS loan_payments (
            loan_id TEXT NOT NULL,
            n INTEGER NOT NULL,
            due TEXT NOT NULL,
            amount TEXT NOT NULL,
            PRIMARY KEY (loan_id, n)
        );
        CREATE INDEX IF NOT EXISTS loan_payments_due ON loan_payments (due);
        -- One hash chain for the whole loan list, built like a case's log (chain.event_hash).
        CREATE TABLE IF NOT EXISTS loan_events (
            n INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            at TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        """,
    ),
    (
        "0003_form_tokens",
        """
        -- One-time form tokens (dunguard.case.once): a form sent twice is written once. Not
        -- evidence and not in any case's log; case_id is '' for a form that creates a case.
        CREATE TABLE IF NOT EXISTS form_tokens (
            token TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            result TEXT,
            at TEXT NOT NULL
        );
        """,
    ),
)


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded; return the names applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_version")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        # executescript would COMMIT on its own; run statement by statement inside one transaction.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT OR IGNORE INTO schema_version VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
