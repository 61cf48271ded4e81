"""Cases: a borrower's messages, calls, notes and evidence files, kept tamper-evident.

Public API (for the export package, the web app and the letters)::

    from dunguard.case import open_store

    store = open_store()                 # or open_store("cases.db"); default: $DUNGUARD_DB,
                                         # else dunguard.db in the platformdirs user data dir
    case_id = store.new_case("美团借钱 逾期")          # -> "3f2a9c1b"
    store.import_file(case_id, "sms-backup.xml")        # android | ios | csv | jsonl | text | screenshot
        # -> ImportResult(source_sha256, format, read, added, duplicates, flagged, skipped);
        # the original file is kept as a "source" attachment; re-importing adds nothing
    store.add_messages(case_id, records, source_sha256=None)   # any iterable of
        # dunguard.ingest.records.ImportedMessage, analyzed and stored in chunked transactions
    store.add_call(case_id, "13800000000", datetime(2025, 2, 26, 21, 30), 4, "威胁上门", "call.m4a")
    store.attach(case_id, "screenshot.png", note="微信截图")   # -> SHA-256
    store.add_note(case_id, "…")
    store.cases()            # [CaseInfo(id, name, created_at, messages, flagged, calls, notes, attachments)]
    store.case(ref)          # CaseInfo by id or unique prefix; BadInput("no_such_case") otherwise
    store.rename(ref, "新名称")  # -> RenameItem(event, at, ts, old, new), or None if already so named;
                             # a new "rename" log entry: the "create" entry keeps the first name
    store.renames(case_id)   # [RenameItem] oldest first (case show, the web page and the package list them)
    store.timeline(case_id, include="flagged" | "all")
        # time-ordered MessageItem | CallItem | NoteItem | AttachmentItem (hidden items left out);
        # each has .type, .id, .at (ISO with offset or None), .ts and .to_json().
        # MessageItem.report is analyze()'s Report JSON (docs/json.md) without "plan",
        # or None for outgoing messages; .flagged says collection-related.
    store.attachments(case_id)       # [AttachmentItem(sha256, name, size, role, note, at, ts)]
                                     # role: attachment | recording | source (an imported export)
    store.attachment_path(sha256)    # Path of the stored file (read-only, never modified)
    store.log_event(case_id, "export", {...})   # -> Event(n, kind, at, payload, prev_hash, hash)
    store.events(case_id)            # the whole log, oldest first
    store.verify(case_id)            # -> VerifyResult(ok, problems, head, events, checked)
    store.chain_head(case_id)        # SHA-256 of the latest log entry
    store.delete(case_id, item_id, reason)      # hides an item, logs why

Every write is one SQLite transaction together with its log entry; ``verify`` names what
was altered, missing or added (``Problem(change, item, ref, detail)``). Errors a user can
cause raise ``dunguard.errors.BadInput`` with a bilingual one-line message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["open_store", "Store", "VerifyResult", "Problem", "default_db_path"]

if TYPE_CHECKING:
    from dunguard.case.chain import Problem, VerifyResult
    from dunguard.case.store import Store, default_db_path, open_store


def __getattr__(name: str) -> Any:
    # Resolved on first use: `dunguard --help` imports dunguard.case.cli, which must stay light.
    if name in ("open_store", "Store", "default_db_path"):
        from dunguard.case import store

        return getattr(store, name)
    if name in ("VerifyResult", "Problem"):
        from dunguard.case import chain

        return getattr(chain, name)
    raise AttributeError(f"module 'dunguard.case' has no attribute {name!r}")
