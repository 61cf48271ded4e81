"""The case store: one SQLite file plus a folder of content-addressed evidence files.

Every write is one transaction that also appends to the case's hash-chained event log,
so the log and the rows can never disagree after a crash. Rows are never removed:
deleting hides an item and logs why. Attachments live beside the database under their
SHA-256 and are never modified.

    >>> store = open_store("/tmp/cases.db")
    >>> case_id = store.new_case("美团借钱 逾期")
    >>> store.import_file(case_id, "sms-backup.xml")
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import tempfile
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dunguard.case import chain, once
from dunguard.case.chain import Problem, VerifyResult
from dunguard.case.migrations import migrate
from dunguard.case.senders import sender_key
from dunguard.errors import BadInput, Text, register_messages
from dunguard.ingest.records import ImportedMessage

register_messages(
    {
        # A call's time is required (it is the call), so the advice for a message's received
        # time ("if you do not know it, leave it out") would be wrong here.
        "bad_call_at": {
            "zh": "无法识别的来电时间：{value}（请用 2025-02-26T21:30 这样的格式，写上日期和几点几分）",
            "en": "Cannot read the time of the call: {value} (use a form like 2025-02-26T21:30, date and time of day)",
        },
        "possible_twins": {
            "zh": "注意：有 {n} 条新导入的短信，和案件里已有的短信内容相同，但其中一条没有时间或号码，"
            "可能是同一条短信存了两份（会被重复计数）：请在全部短信里核对，多余的一份可以删除"
            "（命令行：dunguard case show {case} --all，dunguard case delete）",
            "en": "Note: {n} imported messages have the same text as a message already in the case where one of the "
            "two has no time or number: probably one message stored twice (and counted twice). Check every message "
            "and delete the extra copy (command line: dunguard case show {case} --all, dunguard case delete)",
        },
        "call_at_missing": {
            "zh": "请填写来电时间：照手机通话记录里的日期和几点几分填写，如 2025-02-26T21:30",
            "en": "Give the time of the call: the date and time of day from the phone's call log, e.g. 2025-02-26T21:30",
        },
        "call_no_clock": {
            "zh": "来电时间 {value} 只有日期、没有几点几分：请照手机通话记录写上几点几分，如 2025-02-26T21:30"
            "（只写日期会被当成半夜 00:00，误判为夜间来电）；记不清可以写大概的时间，并在备注里说明",
            "en": "The time of the call {value} has a date but no time of day: give the time from the phone's call "
            "log, e.g. 2025-02-26T21:30 (a date alone would read as midnight, a night-time call); if you are not "
            "sure, give your best guess and say so in the note",
        },
        "call_in_future": {
            "zh": "来电时间 {value} 在未来（今天是 {today}）：请填写实际来电的时间。",
            "en": "The time of the call {value} is in the future (today is {today}): give the time the call came.",
        },
        "no_such_case": {
            "zh": "没有这个案件：{case}（用 dunguard case list 查看全部案件）",
            "en": "No such case: {case} (dunguard case list shows every case)",
        },
        "ambiguous_case": {
            "zh": "案件编号 {case} 对应多个案件：{matches}，请写完整编号",
            "en": "Case id {case} matches several cases: {matches}; give the full id",
        },
        "item_ref_too_short": {
            "zh": "编号 {item} 太短：请至少写前 6 位（dunguard case show {case} --all 的方括号里是前 10 位）",
            "en": "The id {item} is too short: give at least its first 6 characters (dunguard case show {case} --all "
            "shows the first 10 in brackets)",
        },
        "no_such_item": {
            "zh": "案件 {case} 中没有这一项：{item}（用 dunguard case show {case} --all 查看编号）",
            "en": "Case {case} has no item {item} (dunguard case show {case} --all lists the ids)",
        },
        "ambiguous_item": {
            "zh": "编号 {item} 对应多项：{matches}，请多写几位",
            "en": "Id {item} matches several items: {matches}; give more characters",
        },
        "already_deleted": {
            "zh": "这一项已经删除过：{item}",
            "en": "This item is already deleted: {item}",
        },
        "store_unusable": {
            "zh": "无法打开案件库 {path}：{reason}",
            "en": "Cannot open the case store {path}: {reason}",
        },
        # one message per field, in the reader's words (it said 内容为空：case name)
        "empty_case_name": {"zh": "请填写案件名称（例如贷款机构的名字）。", "en": "Give the case a name (the lender's, say)."},
        "case_name_too_long": {
            "zh": "案件名称太长（{size} 个字），请不超过 {limit} 个字。",
            "en": "The case name is too long ({size} characters); keep it to {limit}.",
        },
        "empty_call_number": {"zh": "请填写来电号码。", "en": "Give the number that called."},
        "empty_note": {"zh": "请填写备注内容。", "en": "Write the note's text."},
        "empty_reason": {"zh": "请写明删除的原因。", "en": "Say why the item is deleted."},
        "bad_minutes": {
            "zh": "通话时长有误：{value}（应为 0 到 1440 之间的分钟数）",
            "en": "Invalid call length: {value} (minutes between 0 and 1440)",
        },
        "unknown_format": {
            "zh": "无法识别 {path} 的格式（用 --format 指定：android、ios、csv、jsonl、text、screenshot）",
            "en": "Cannot tell the format of {path} (use --format android, ios, csv, jsonl, text or screenshot)",
        },
        "bad_event": {
            "zh": "事件类型有误：{kind}",
            "en": "Invalid event kind: {kind}",
        },
    }
)

DB_ENV = "DUNGUARD_DB"
APP_NAME = "dunguard"
DEFAULT_TZ = "Asia/Shanghai"

# One transaction per chunk: large enough to amortise the commit, small enough that a
# killed import loses at most a few seconds of work.
CHUNK_SIZE = 2000

# Kinds written by the store itself; log_event accepts these plus any other lowercase name
# (the export package logs "export").
STORE_KINDS = ("create", "import", "messages", "import_done", "attach", "call", "note", "delete", "rename")

# As the web form allows; a name is shown in titles and one-line messages.
NAME_LIMIT = 200

FORMATS = ("android", "ios", "csv", "jsonl", "text", "screenshot")

INCLUDE = ("flagged", "all")


def default_db_path() -> Path:
    """$DUNGUARD_DB, else dunguard.db in the user data directory (platformdirs)."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "dunguard.db"


def open_store(db_path: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating and migrating if needed) the store at db_path or the default place."""
    return Store(Path(db_path).expanduser() if db_path else default_db_path())


def parse_call_at(value: str | None) -> datetime:
    """The time of a call as typed (2025-02-26T21:30): as a message's received time, but its
    errors name the call's time, which is required, not a message's, which may be left out."""
    from dunguard.cli import parse_received_at

    value = (value or "").strip()
    if not value:
        raise BadInput("call_at_missing")
    try:
        return parse_received_at(value)
    except BadInput as exc:
        key = {"bad_received_at": "bad_call_at", "received_no_clock": "call_no_clock",
               "received_in_future": "call_in_future"}.get(exc.key)
        if key is None:
            raise
        raise BadInput(key, **exc.params) from None


def _now() -> datetime:
    return datetime.now(UTC).astimezone()


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds") if dt.microsecond == 0 else dt.isoformat()


# ---------------------------------------------------------------- returned types


@dataclass(frozen=True, slots=True)
class CaseInfo:
    id: str
    name: str
    created_at: str
    messages: int = 0
    flagged: int = 0
    calls: int = 0
    notes: int = 0
    attachments: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at,
            "messages": self.messages,
            "flagged": self.flagged,
            "calls": self.calls,
            "notes": self.notes,
            "attachments": self.attachments,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a case's log. ``payload`` is the decoded JSON object."""

    n: int
    kind: str
    at: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "kind": self.kind,
            "at": self.at,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class MessageItem:
    """A stored message; ``report`` is analyze()'s Report JSON without the plan, or None
    for outgoing messages (the borrower's own) and texts analyze() refuses."""

    id: str
    at: str | None
    ts: float | None
    sender: str | None
    direction: str
    text: str
    source_sha256: str | None
    position: str
    flagged: bool
    report: dict[str, Any] | None
    type: str = "message"
    # Ids of other stored rows that are this same message (an older dunguard stored one message
    # twice when its sender was written two ways); the timeline shows the message once.
    duplicates: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "at": self.at,
            "sender": self.sender,
            "direction": self.direction,
            "text": self.text,
            "source_sha256": self.source_sha256,
            "position": self.position,
            "flagged": self.flagged,
            "report": self.report,
            "duplicates": list(self.duplicates),
        }


@dataclass(frozen=True, slots=True)
class CallItem:
    id: str
    at: str
    ts: float
    number: str
    minutes: float
    note: str
    recording_sha256: str | None
    type: str = "call"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "at": self.at,
            "number": self.number,
            "minutes": self.minutes,
            "note": self.note,
            "recording_sha256": self.recording_sha256,
        }


@dataclass(frozen=True, slots=True)
class NoteItem:
    id: str
    at: str
    ts: float
    text: str
    type: str = "note"

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id, "at": self.at, "text": self.text}


@dataclass(frozen=True, slots=True)
class AttachmentItem:
    """An evidence file. ``role`` is ``attachment`` (case attach), ``recording`` (a call's
    recording) or ``source`` (an imported export file, kept as the original)."""

    sha256: str
    name: str
    size: int
    role: str
    note: str
    at: str
    ts: float
    type: str = "attachment"

    @property
    def id(self) -> str:
        return self.sha256

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.sha256,
            "sha256": self.sha256,
            "name": self.name,
            "size": self.size,
            "role": self.role,
            "note": self.note,
            "at": self.at,
        }


@dataclass(frozen=True, slots=True)
class RenameItem:
    """A rename of the case, read from its log entry (``event``): the name before and after."""

    event: int
    at: str
    ts: float
    old: str
    new: str
    type: str = "rename"

    @property
    def id(self) -> str:
        return f"event-{self.event}"

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id, "event": self.event, "at": self.at, "from": self.old, "to": self.new}


TimelineItem = MessageItem | CallItem | NoteItem | AttachmentItem


@dataclass(slots=True)
class ImportResult:
    source_sha256: str = ""
    format: str = ""
    read: int = 0
    added: int = 0
    duplicates: int = 0
    flagged: int = 0
    skipped: int = 0
    events: list[int] = field(default_factory=list)
    # Doubts about a file that was still read (a CSV mixing UTF-8 and GBK lines), in the
    # user's language when rendered; not part of to_json, which is also written to the log.
    warnings: list[Text] = field(default_factory=list)
    # Added messages whose text is already in the case on a row without a time or a number (or
    # that come without one while the stored row has it): likely one message stored twice.
    twins: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "source_sha256": self.source_sha256,
            "format": self.format,
            "read": self.read,
            "added": self.added,
            "duplicates": self.duplicates,
            "flagged": self.flagged,
            "skipped": self.skipped,
        }

    def warning_texts(self, lang: str) -> list[str]:
        return [w.render(lang) for w in self.warnings]


# ---------------------------------------------------------------- the store


class Store:
    """A case store. Use open_store(); close() or use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.files_dir = path.parent / f"{path.stem}-files"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) so
            # each write is exactly one transaction, including its log entry.
            self.conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a killed process; only a power cut may lose the
            # last commits, never corrupt the file.
            self.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise BadInput("store_unusable", path=str(path), reason=str(exc)) from None
        except OSError as exc:
            raise BadInput("store_unusable", path=str(path), reason=exc.strerror or str(exc)) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _claim(self, token: str | None, case_id: str, kind: str) -> None:
        """Inside a write transaction: record a one-time form token, or raise once.Replayed."""
        if token is not None:
            once.claim(self.conn, once.check(token) or "", case_id, kind)

    def _settle(self, token: str | None, result: Any) -> None:
        if token is not None:
            once.settle(self.conn, token, result)

    def form_result(self, token: str, case_id: str, kind: str) -> tuple[bool, Any] | None:
        """What a write carrying this one-time token gave: (finished, result), or None if none did.

        ``kind`` is the form's (``case``, ``notes``, ``calls``, ``attachments``, ``messages``,
        ``import``); ``case_id`` is '' for ``case``. Lets the web app answer a second submit
        without saving its upload or analyzing its text again.
        """
        token = once.check(token) or ""
        return once.lookup(self.conn, token, case_id, kind) if token else None

    def transaction(self) -> Any:
        """One write transaction, for modules built on the store (dunguard.loans_store)."""
        return self._tx()

    # ------------------------------------------------------------ log

    def _append(self, case_id: str, kind: str, payload: dict[str, Any]) -> Event:
        """Append one entry to the case's chain; the caller holds the transaction."""
        row = self.conn.execute(
            "SELECT n, hash FROM events WHERE case_id = ? ORDER BY n DESC LIMIT 1", (case_id,)
        ).fetchone()
        n, prev = (row[0] + 1, row[1]) if row else (1, chain.GENESIS)
        at = _iso(_now())
        text = chain.canonical(payload)
        digest = chain.event_hash(prev, case_id, n, kind, at, text)
        self.conn.execute(
            "INSERT INTO events (case_id, n, kind, at, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
            (case_id, n, kind, at, text, prev, digest),
        )
        return Event(n, kind, at, payload, prev, digest)

    def log_event(self, case_id: str, kind: str, payload: dict[str, Any]) -> Event:
        """Append an event (e.g. kind="export") to the case's log in its own transaction.

        ``payload`` must be JSON-serialisable; it is stored as canonical JSON and covered
        by the chain. Store-internal kinds (import, delete …) are refused here because their
        payloads describe rows this call does not write.
        """
        case_id = self.case(case_id).id
        if not kind or not kind.replace("_", "").isalnum() or not kind.islower() or kind in STORE_KINDS:
            raise BadInput("bad_event", kind=kind)
        json.dumps(payload)  # fail before the transaction on a payload that cannot be stored
        with self._tx():
            return self._append(case_id, kind, dict(payload))

    def events(self, case_id: str) -> list[Event]:
        """The case's whole log, oldest first."""
        case_id = self.case(case_id).id
        rows = self.conn.execute(
            "SELECT n, kind, at, payload, prev_hash, hash FROM events WHERE case_id = ? ORDER BY n",
            (case_id,),
        )
        return [Event(n, k, at, json.loads(p), prev, h) for n, k, at, p, prev, h in rows]

    def event(self, case_id: str, n: int) -> Event | None:
        """Entry ``n`` of the case's log, or None."""
        case_id = self.case(case_id).id
        row = self.conn.execute(
            "SELECT n, kind, at, payload, prev_hash, hash FROM events WHERE case_id = ? AND n = ?", (case_id, n)
        ).fetchone()
        if row is None:
            return None
        n, k, at, p, prev, h = row
        return Event(n, k, at, json.loads(p), prev, h)

    def chain_head(self, case_id: str) -> str:
        """SHA-256 of the case's latest log entry (quote it to pin the log as it is now)."""
        case_id = self.case(case_id).id
        row = self.conn.execute(
            "SELECT hash FROM events WHERE case_id = ? ORDER BY n DESC LIMIT 1", (case_id,)
        ).fetchone()
        return row[0] if row else chain.GENESIS

    # ------------------------------------------------------------ cases

    def new_case(self, name: str, once: str | None = None) -> str:
        """Create a case and return its id (8 hex digits).

        ``once``: a one-time form token; a second call with it creates nothing and raises
        ``dunguard.case.once.Replayed`` carrying the first call's case id (as does every
        write below that takes ``once``).
        """
        name = _clean_name(name)  # as a rename cleans it: one line, no control characters, at most NAME_LIMIT
        with self._tx():
            self._claim(once, "", "case")
            while True:
                case_id = secrets.token_hex(4)
                if not self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone():
                    break
            created = _iso(_now())
            self.conn.execute("INSERT INTO cases VALUES (?, ?, ?)", (case_id, name, created))
            self._append(case_id, "create", {"name": name, "created_at": created})
            self._settle(once, case_id)
        return case_id

    def rename(self, case_ref: str, new_name: str) -> RenameItem | None:
        """Give a case a new name; return the rename, or None when the name is already that.

        History is never rewritten: the "create" entry keeps the first name and each rename
        is a new log entry (old name, new name, time), so ``verify`` can still tell a rename
        from an edit made to the database behind the log's back.
        """
        case_id = self.case(case_ref).id
        name = _clean_name(new_name)
        with self._tx():
            # Read inside the transaction: two renames at once still chain old -> new correctly.
            old = self.conn.execute("SELECT name FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
            if old == name:
                return None
            self.conn.execute("UPDATE cases SET name = ? WHERE id = ?", (name, case_id))
            event = self._append(case_id, "rename", {"from": old, "to": name})
        return _rename_item(event.n, event.at, event.payload)

    def renames(self, case_id: str) -> list[RenameItem]:
        """Every rename of the case from its log, oldest first."""
        case_id = self.case(case_id).id
        rows = self.conn.execute(
            "SELECT n, at, payload FROM events WHERE case_id = ? AND kind = 'rename' ORDER BY n", (case_id,)
        )
        out = []
        for n, at, payload in rows:
            try:
                data = json.loads(payload)
            except ValueError:
                continue  # verify names the altered entry
            if isinstance(data, dict):
                out.append(_rename_item(n, at, data))
        return out

    def cases(self) -> list[CaseInfo]:
        """Every case with its counts, oldest first."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM cases ORDER BY created_at, id")]
        return [self._case_info(i) for i in ids]

    def case(self, case_ref: str) -> CaseInfo:
        """A case by its id or a unique prefix of it (at least 4 characters)."""
        ref = (case_ref or "").strip().lower()
        row = self.conn.execute("SELECT id FROM cases WHERE id = ?", (ref,)).fetchone()
        if row:
            return self._case_info(row[0])
        matches = []
        if len(ref) >= 4 and _is_hex(ref):
            matches = [
                r[0] for r in self.conn.execute("SELECT id FROM cases WHERE id LIKE ? || '%'", (ref,))
            ]
        if len(matches) == 1:
            return self._case_info(matches[0])
        if len(matches) > 1:
            raise BadInput("ambiguous_case", case=case_ref, matches=", ".join(matches))
        raise BadInput("no_such_case", case=case_ref)

    def _case_info(self, case_id: str) -> CaseInfo:
        c = self.conn
        name, created = c.execute("SELECT name, created_at FROM cases WHERE id = ?", (case_id,)).fetchone()
        hidden = "AND id NOT IN (SELECT item_id FROM hidden WHERE case_id = ?1)"
        msgs, flagged = c.execute(
            f"SELECT count(*), coalesce(sum(flagged), 0) FROM messages WHERE case_id = ?1 {hidden}", (case_id,)
        ).fetchone()
        # Counted as the timeline shows them: a message stored twice by an older version counts once.
        same_msgs, same_flagged = self._duplicate_rows(case_id)
        msgs, flagged = msgs - same_msgs, flagged - same_flagged
        calls = c.execute(f"SELECT count(*) FROM calls WHERE case_id = ?1 {hidden}", (case_id,)).fetchone()[0]
        notes = c.execute(f"SELECT count(*) FROM notes WHERE case_id = ?1 {hidden}", (case_id,)).fetchone()[0]
        atts = c.execute(
            "SELECT count(*) FROM attachments WHERE case_id = ?1 "
            "AND sha256 NOT IN (SELECT item_id FROM hidden WHERE case_id = ?1)",
            (case_id,),
        ).fetchone()[0]
        return CaseInfo(case_id, name, created, msgs, flagged, calls, notes, atts)

    def _duplicate_rows(self, case_id: str) -> tuple[int, int]:
        """How many visible message rows (and flagged ones) repeat an earlier row (``_collapse_duplicates``).

        Only rows sharing a receive time with another (an indexed lookup) or without one are compared.
        """
        hidden = "AND id NOT IN (SELECT item_id FROM hidden WHERE case_id = ?1)"
        rows = self.conn.execute(
            f"SELECT sender, ts, text, direction, flagged FROM messages WHERE case_id = ?1 {hidden} AND "
            f"(ts IS NULL OR ts IN (SELECT ts FROM messages WHERE case_id = ?1 {hidden} "
            "GROUP BY ts HAVING count(*) > 1)) ORDER BY rowid",
            (case_id,),
        )
        seen: set[tuple] = set()
        same = same_flagged = 0
        for sender, ts, text, direction, flagged in rows:
            key = (ts, text, direction, sender_key(sender))
            if key in seen:
                same += 1
                same_flagged += int(flagged)
            else:
                seen.add(key)
        return same, same_flagged

    # ------------------------------------------------------------ attachments

    def attachment_path(self, sha256: str) -> Path:
        """Where the evidence file with this SHA-256 is kept (it may be missing if tampered)."""
        sha = sha256.lower()
        return self.files_dir / sha[:2] / sha

    def _store_file(self, source: str | os.PathLike[str]) -> tuple[str, int]:
        """Copy a file into the evidence folder under its SHA-256: temp file, fsync, rename.

        An existing file with that hash is left untouched (evidence is never rewritten).
        """
        import hashlib

        src = Path(source)
        if not src.exists():
            raise BadInput("file_not_found", path=str(src))
        if src.is_dir():
            raise BadInput("file_unreadable", path=str(src), reason=Text("is_directory"))
        self.files_dir.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        size = 0
        try:
            with src.open("rb") as fin, tempfile.NamedTemporaryFile(
                dir=self.files_dir, prefix=".incoming-", delete=False
            ) as tmp:
                try:
                    while block := fin.read(chain.CHUNK):
                        h.update(block)
                        tmp.write(block)
                        size += len(block)
                    tmp.flush()
                    os.fsync(tmp.fileno())
                except BaseException:
                    tmp.close()
                    os.unlink(tmp.name)
                    raise
        except OSError as exc:
            raise BadInput("file_unreadable", path=str(src), reason=exc.strerror or str(exc)) from None
        sha = h.hexdigest()
        final = self.attachment_path(sha)
        if final.exists():
            os.unlink(tmp.name)
        else:
            final.parent.mkdir(exist_ok=True)
            os.chmod(tmp.name, 0o444)
            os.replace(tmp.name, final)
        return sha, size

    def _attachment_row(self, case_id: str, sha: str, name: str, size: int, role: str, note: str) -> tuple[str, str] | None:
        """Insert the attachment row if this case does not have the file yet; return (sha, row hash)."""
        if self.conn.execute(
            "SELECT 1 FROM attachments WHERE case_id = ? AND sha256 = ?", (case_id, sha)
        ).fetchone():
            return None
        now = _now()
        row = (case_id, sha, name, size, role, note, _iso(now), now.timestamp())
        self.conn.execute("INSERT INTO attachments VALUES (?,?,?,?,?,?,?,?)", row)
        return sha, chain.row_hash(_attachment_fields(row))

    def attach(
        self, case_id: str, path: str | os.PathLike[str], note: str = "", role: str = "attachment",
        once: str | None = None,
    ) -> str:
        """Keep a file (screenshot, recording, letter) as evidence; return its SHA-256.

        Attaching the same file again to the same case adds nothing.
        """
        case_id = self.case(case_id).id
        sha, size = self._store_file(path)
        with self._tx():
            self._claim(once, case_id, "attachments")
            self._settle(once, sha)
            added = self._attachment_row(case_id, sha, Path(path).name, size, role, note.strip())
            if added:
                self._append(case_id, "attach", {"name": Path(path).name, "attachments": [list(added)]})
        return sha

    def attachments(self, case_id: str) -> list[AttachmentItem]:
        """The case's evidence files (hidden ones excluded), in the order they were added."""
        case_id = self.case(case_id).id
        rows = self.conn.execute(
            "SELECT sha256, name, size, role, note, added_at, ts FROM attachments WHERE case_id = ?1 "
            "AND sha256 NOT IN (SELECT item_id FROM hidden WHERE case_id = ?1) ORDER BY ts, sha256",
            (case_id,),
        )
        return [AttachmentItem(*r) for r in rows]

    # ------------------------------------------------------------ calls and notes

    def add_call(
        self,
        case_id: str,
        number: str,
        at: datetime,
        minutes: float,
        note: str = "",
        recording: str | os.PathLike[str] | None = None,
        once: str | None = None,
    ) -> str:
        """Record a collection call (and keep its recording); return the call id.

        ``at`` is timezone-aware (a naive value is read in Asia/Shanghai). The same call
        recorded twice (number, time, length, note, recording) is kept once.
        """
        from zoneinfo import ZoneInfo

        case_id = self.case(case_id).id
        number = (number or "").strip()
        if not number:
            raise BadInput("empty_call_number")
        if not (0 <= minutes <= 1440):
            raise BadInput("bad_minutes", value=minutes)
        if at.tzinfo is None:
            at = at.replace(tzinfo=ZoneInfo(DEFAULT_TZ))
        rec_sha = None
        rec_name = ""
        rec_size = 0
        if recording is not None:
            rec_sha, rec_size = self._store_file(recording)
            rec_name = Path(recording).name
        at_s = _iso(at)
        call_id = chain.sha256_text(chain.canonical([number, at.astimezone(UTC).isoformat(), minutes, note, rec_sha]))
        with self._tx():
            self._claim(once, case_id, "calls")
            self._settle(once, call_id)
            payload: dict[str, Any] = {}
            if rec_sha:
                added = self._attachment_row(case_id, rec_sha, rec_name, rec_size, "recording", f"call {at_s}")
                if added:
                    payload["attachments"] = [list(added)]
            if not self.conn.execute(
                "SELECT 1 FROM calls WHERE case_id = ? AND id = ?", (case_id, call_id)
            ).fetchone():
                row = (case_id, call_id, number, at_s, at.timestamp(), float(minutes), note.strip(), rec_sha)
                self.conn.execute("INSERT INTO calls VALUES (?,?,?,?,?,?,?,?)", row)
                payload["calls"] = [[call_id, chain.row_hash(_call_fields(row))]]
            if payload:
                self._append(case_id, "call", payload)
        return call_id

    def add_note(self, case_id: str, text: str, once: str | None = None) -> str:
        """Add a dated note to the case; return its id."""
        case_id = self.case(case_id).id
        text = (text or "").strip()
        if not text:
            raise BadInput("empty_note")
        now = _now()
        note_id = chain.sha256_text(chain.canonical([text, now.isoformat(), secrets.token_hex(8)]))
        row = (case_id, note_id, text, _iso(now), now.timestamp())
        with self._tx():
            # Notes have no content id (one text may be noted twice on purpose): only the form's
            # token tells a double-click from a second note.
            self._claim(once, case_id, "notes")
            self._settle(once, note_id)
            self.conn.execute("INSERT INTO notes VALUES (?,?,?,?,?)", row)
            self._append(case_id, "note", {"notes": [[note_id, chain.row_hash(_note_fields(row))]]})
        return note_id

    # ------------------------------------------------------------ delete

    def delete(self, case_id: str, item_ref: str, reason: str) -> str:
        """Hide a message, call, note or attachment (by id or unique prefix); log why.

        The row stays in the store and the delete event is part of the chain.
        """
        case_id = self.case(case_id).id
        reason = (reason or "").strip()
        if not reason:
            raise BadInput("empty_reason")
        item_id, item_type = self._resolve_item(case_id, item_ref)
        if self.conn.execute(
            "SELECT 1 FROM hidden WHERE case_id = ? AND item_id = ?", (case_id, item_id)
        ).fetchone():
            raise BadInput("already_deleted", item=item_id)
        with self._tx():
            event = self._append(case_id, "delete", {"item": item_id, "type": item_type, "reason": reason})
            self.conn.execute("INSERT INTO hidden VALUES (?, ?, ?)", (case_id, item_id, event.n))
        return item_id

    def _resolve_item(self, case_id: str, ref: str) -> tuple[str, str]:
        ref = (ref or "").strip().lower()
        found: list[tuple[str, str]] = []
        if len(ref) >= 6 and _is_hex(ref):
            for table, col, typ in (
                ("messages", "id", "message"),
                ("calls", "id", "call"),
                ("notes", "id", "note"),
                ("attachments", "sha256", "attachment"),
            ):
                found += [
                    (r[0], typ)
                    for r in self.conn.execute(
                        f"SELECT {col} FROM {table} WHERE case_id = ? AND {col} LIKE ? || '%' LIMIT 5",
                        (case_id, ref),
                    )
                ]
        if not found:
            if _is_hex(ref) and len(ref) < 6:
                raise BadInput("item_ref_too_short", case=case_id, item=ref)
            raise BadInput("no_such_item", case=case_id, item=ref)
        if len(found) > 1:
            raise BadInput("ambiguous_item", item=ref, matches=", ".join(i[:16] for i, _ in found))
        return found[0]

    # ------------------------------------------------------------ messages

    def add_messages(
        self,
        case_id: str,
        records: Iterable[ImportedMessage],
        source_sha256: str | None = None,
        timezone: str = DEFAULT_TZ,
        chunk_size: int = CHUNK_SIZE,
        on_record: Callable[[int], None] | None = None,
        result: ImportResult | None = None,
        once: str | None = None,
    ) -> ImportResult:
        """Analyze and store messages, one transaction (with its log entry) per chunk.

        Messages already in the case (same sender, time, text and direction; the sender
        compared as a number, so 13800000000 and +8613800000000 are one) are skipped before
        analysis, so re-running an interrupted import only does the remaining work.
        ``once`` is claimed by the first chunk that writes; the result is kept with it at the end.
        """
        case_id = self.case(case_id).id
        result = result or ImportResult()
        batch: list[ImportedMessage] = []
        token = once  # until a chunk has claimed it
        for rec in records:
            result.read += 1
            if on_record:
                on_record(result.read)
            if not rec.text.strip():
                result.skipped += 1
                continue
            batch.append(rec)
            if len(batch) >= chunk_size:
                if self._add_chunk(case_id, batch, source_sha256, timezone, result, token):
                    token = None
                batch = []
        if batch and self._add_chunk(case_id, batch, source_sha256, timezone, result, token):
            token = None
        if once is not None:
            with self._tx():
                # Nothing new was written: the token is still kept, so a second submit gets the same answer.
                self._claim(token, case_id, "messages")
                self._settle(once, {**result.to_json(), "events": result.events})
        return result

    def _add_chunk(
        self, case_id: str, batch: list[ImportedMessage], source: str | None, tz: str, result: ImportResult,
        once: str | None = None,
    ) -> bool:
        """Store one chunk in one transaction; True when it claimed ``once``."""
        # A message is a duplicate when its sender is the same number however written
        # (13800000000, +8613800000000): an Android and an iPhone backup of one phone.
        # The stored id still hashes the sender as the export wrote it.
        keyed: dict[str, tuple[str, ImportedMessage]] = {}
        for rec in batch:
            at_utc = rec.received_at.astimezone(UTC).isoformat() if rec.received_at else None
            same = chain.message_id(sender_key(rec.sender), at_utc, rec.text, rec.direction)
            if same not in keyed:
                keyed[same] = (chain.message_id(rec.sender, at_utc, rec.text, rec.direction), rec)
        result.duplicates += len(batch) - len(keyed)
        stored = self._stored_keys(case_id, [rec for _, rec in keyed.values()])
        rows = []
        fresh: list[tuple[str, ImportedMessage]] = []  # the duplicate-check key of each row
        for same, (mid, rec) in keyed.items():
            if same in stored:
                result.duplicates += 1
                continue
            report = _analyze(rec, tz)
            flagged = _is_flagged(report)
            blob = _pack(report) if report is not None else None
            at = _iso(rec.received_at) if rec.received_at else None
            ts = rec.received_at.timestamp() if rec.received_at else None
            rows.append((case_id, mid, rec.sender, at, ts, rec.direction, rec.text, source, rec.position, int(flagged), blob))
            fresh.append((same, rec))
        if not rows:
            return False
        result.twins += self._twins(case_id, [rec for _, rec in fresh])
        with self._tx():
            self._claim(once, case_id, "messages")
            # Checked again under the write lock: the other half of a double-click (sent without a
            # token) may have stored the same messages while these were being analyzed.
            again = self._stored_keys(case_id, [rec for _, rec in fresh])
            if again:
                kept = [row for row, (same, _) in zip(rows, fresh, strict=True) if same not in again]
                result.duplicates += len(rows) - len(kept)
                rows = kept
            if not rows:
                return once is not None
            self.conn.executemany("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
            items = [[r[1], chain.row_hash(_message_fields(r))] for r in rows]
            event = self._append(case_id, "messages", {"source_sha256": source, "messages": items})
        result.added += len(rows)
        result.flagged += sum(r[9] for r in rows)
        result.events.append(event.n)
        return once is not None

    def _twins(self, case_id: str, records: list[ImportedMessage]) -> int:
        """How many of ``records`` (about to be added) have their text on a stored visible message
        where one of the two lacks a time or a number: a text pasted by hand, then imported from
        the phone's backup, is one message counted twice. Nothing is merged: the reader decides.

        Timed records are compared with the stored rows without a time or at the same time (both
        looked up by the time index); only records without a time are looked up by their text.
        """
        visible = "case_id = ?1 AND id NOT IN (SELECT item_id FROM hidden WHERE case_id = ?1)"
        query = f"SELECT text, direction, ts, sender IS NULL FROM messages WHERE {visible} AND "
        rows = self.conn.execute(query + "ts IS NULL", (case_id,)).fetchall()
        stamps = sorted({rec.received_at.timestamp() for rec in records if rec.received_at})
        for i in range(0, len(stamps), 500):
            part = stamps[i : i + 500]
            rows += self.conn.execute(query + f"ts IN ({','.join('?' * len(part))})", (case_id, *part)).fetchall()
        texts = sorted({rec.text for rec in records if rec.received_at is None})
        for i in range(0, len(texts), 500):
            part = texts[i : i + 500]
            rows += self.conn.execute(query + f"ts IS NOT NULL AND text IN ({','.join('?' * len(part))})",
                                      (case_id, *part)).fetchall()
        stored: dict[tuple[str, str], list[tuple[float | None, bool]]] = {}
        for text, direction, ts, no_sender in rows:
            stored.setdefault((text, direction), []).append((ts, bool(no_sender)))
        count = 0
        for rec in records:
            ts = rec.received_at.timestamp() if rec.received_at else None
            for theirs, no_sender in stored.get((rec.text, rec.direction), []):
                if ts is None or theirs is None or ((no_sender or not rec.sender) and theirs == ts):
                    count += 1
                    break
        return count

    def _stored_keys(self, case_id: str, records: list[ImportedMessage]) -> set[str]:
        """Duplicate-check keys (``_message_key``) of the stored messages sent when ``records`` were.

        Looked up by time (indexed), hidden messages included, so a deleted message is not
        imported again.
        """
        stamps = sorted({rec.received_at.timestamp() for rec in records if rec.received_at})
        query = "SELECT sender, received_at, text, direction FROM messages WHERE case_id = ? AND "
        rows: list[tuple] = []
        for i in range(0, len(stamps), 500):
            part = stamps[i : i + 500]
            rows += self.conn.execute(query + f"ts IN ({','.join('?' * len(part))})", (case_id, *part)).fetchall()
        if any(rec.received_at is None for rec in records):
            rows += self.conn.execute(query + "ts IS NULL", (case_id,)).fetchall()
        return {_message_key(*row) for row in rows}

    def import_file(
        self,
        case_id: str,
        path: str | os.PathLike[str],
        fmt: str = "auto",
        mapping: dict[str, str] | None = None,
        timezone: str = DEFAULT_TZ,
        progress: Callable[[str, int, int], None] | None = None,
        chunk_size: int = CHUNK_SIZE,
        sender: str | None = None,
        received_at: datetime | None = None,
        once: str | None = None,
    ) -> ImportResult:
        """Import a phone export (Android XML, iOS sms.db, CSV/JSONL, text, screenshot) into a case.

        First the whole file is read without writing anything, so a malformed file leaves
        the store unchanged; then the original file is kept as a ``source`` attachment and
        the messages are analyzed and stored chunk by chunk. ``progress(phase, done, total)``
        is called with phase "check" or "import". ``sender`` and ``received_at`` describe a
        plain-text file or a screenshot (one message); exports carry their own.
        """
        case_id = self.case(case_id).id
        p = Path(path)
        if not p.exists():
            raise BadInput("file_not_found", path=str(p))
        if p.is_dir():
            raise BadInput("file_unreadable", path=str(p), reason=Text("is_directory"))
        fmt = detect_format(p) if fmt == "auto" else fmt
        if fmt not in FORMATS:
            raise BadInput("unknown_format", path=str(p))
        reader = _reader(fmt, p, mapping, timezone, sender, received_at)

        def report(phase: str) -> Callable[[int, int], None] | None:
            return (lambda done, total: progress(phase, done, total)) if progress else None

        # Pass 1: parse everything, write nothing.
        count = 0
        warnings: list[Text] = []
        for _ in reader(report("check"), warnings.append):
            count += 1
        sha, size = self._store_file(p)
        result = ImportResult(source_sha256=sha, format=fmt, warnings=warnings)
        with self._tx():
            self._claim(once, case_id, "import")
            payload: dict[str, Any] = {
                "file": p.name,
                "sha256": sha,
                "size": size,
                "format": fmt,
                "timezone": timezone,
                "records": count,
            }
            if mapping:
                payload["mapping"] = dict(mapping)
            added = self._attachment_row(case_id, sha, p.name, size, "source", f"import ({fmt})")
            if added:
                payload["attachments"] = [list(added)]
            result.events.append(self._append(case_id, "import", payload).n)
        tick = report("import")
        self.add_messages(
            case_id,
            reader(None, None),
            source_sha256=sha,
            timezone=timezone,
            chunk_size=chunk_size,
            on_record=(lambda n: tick(n, count)) if tick else None,
            result=result,
        )
        if result.twins:
            warnings.append(Text("possible_twins", n=result.twins, case=case_id))
        with self._tx():
            result.events.append(self._append(case_id, "import_done", {"sha256": sha, **result.to_json()}).n)
            self._settle(once, {**result.to_json(), "events": result.events,
                                "warnings": [{"zh": w.render("zh"), "en": w.render("en")} for w in warnings]})
        return result

    # ------------------------------------------------------------ reading

    def timeline(self, case_id: str, include: str = "flagged") -> list[TimelineItem]:
        """Messages, calls, notes and attachments of a case in time order (hidden ones left out).

        ``include="flagged"`` keeps only collection-related messages (calls, notes and
        attachments always appear); ``"all"`` keeps every message. Items without a time
        (a pasted text with no date) come last.
        """
        case_id = self.case(case_id).id
        if include not in INCLUDE:
            raise ValueError(f"include must be one of {INCLUDE}")
        return sorted(_collapse_duplicates(list(self._items(case_id, include))), key=_order)

    def _items(self, case_id: str, include: str) -> Iterator[TimelineItem]:
        c = self.conn
        not_hidden = "NOT IN (SELECT item_id FROM hidden WHERE case_id = ?1)"
        flagged = "AND flagged = 1" if include == "flagged" else ""
        for r in c.execute(
            "SELECT id, received_at, ts, sender, direction, text, source_sha256, position, flagged, analysis "
            f"FROM messages WHERE case_id = ?1 AND id {not_hidden} {flagged} ORDER BY rowid",
            (case_id,),
        ):
            yield MessageItem(*r[:8], bool(r[8]), _unpack(r[9]))
        for r in c.execute(
            f"SELECT id, at, ts, number, minutes, note, recording_sha256 FROM calls WHERE case_id = ?1 AND id {not_hidden}",
            (case_id,),
        ):
            yield CallItem(*r)
        for r in c.execute(f"SELECT id, at, ts, text FROM notes WHERE case_id = ?1 AND id {not_hidden}", (case_id,)):
            yield NoteItem(*r)
        yield from self.attachments(case_id)

    # ------------------------------------------------------------ verify

    def verify(self, case_id: str) -> VerifyResult:
        """Recompute the chain, every row's hash and every evidence file's SHA-256.

        Problems name what was altered, missing or added: event numbers, item ids,
        attachment hashes.
        """
        case_id = self.case(case_id).id
        c = self.conn
        # What the log says should exist goes to a temporary table, not a dict, so verifying
        # a million messages needs no more memory than verifying ten.
        c.execute(
            "CREATE TEMP TABLE IF NOT EXISTS verify_expected "
            "(tbl TEXT, id TEXT, hash TEXT, PRIMARY KEY (tbl, id)) WITHOUT ROWID"
        )
        c.execute("DELETE FROM verify_expected")
        hidden_expected: dict[str, int] = {}
        logged_name: list[str] = []

        def entries() -> Iterator[tuple]:
            for row in c.execute(
                "SELECT n, kind, at, payload, prev_hash, hash FROM events WHERE case_id = ? ORDER BY n", (case_id,)
            ):
                yield row
                n, kind, payload = row[0], row[1], row[3]
                try:
                    data = json.loads(payload)
                except ValueError:
                    continue  # reported as an altered entry by the chain check
                if not isinstance(data, dict) or kind not in STORE_KINDS:
                    continue  # only the store's own entries list rows; an "export" entry never does
                if kind == "create":
                    logged_name.append(data.get("name"))
                elif kind == "rename":
                    logged_name.append(data.get("to"))
                elif kind == "delete":
                    hidden_expected[str(data.get("item", ""))] = n
                for table in ITEM_TABLES:
                    pairs = [p for p in data.get(table, ()) if isinstance(p, list) and len(p) == 2]
                    if pairs:
                        c.executemany(
                            "INSERT OR REPLACE INTO verify_expected VALUES (?, ?, ?)",
                            [(table, str(i), str(h)) for i, h in pairs],
                        )

        c.execute("BEGIN")  # one read snapshot for the whole check
        try:
            problems, head, count = chain.check_chain(case_id, entries())
            stored_name = c.execute("SELECT name FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
            # The current name is the one the latest create/rename entry gave.
            if logged_name and stored_name != logged_name[-1]:
                problems.append(
                    Problem("altered", "case", case_id, f"name {stored_name!r}, logged {logged_name[-1]!r}")
                )
            checked = {}
            for table, (what, fields_of) in ITEM_TABLES.items():
                key = "sha256" if table == "attachments" else "id"
                n_rows = 0
                lookup = c.cursor()
                for row in c.execute(f"SELECT * FROM {table} WHERE case_id = ?", (case_id,)):
                    n_rows += 1
                    item = row[1]
                    found = lookup.execute(
                        "SELECT hash FROM verify_expected WHERE tbl = ? AND id = ?", (table, item)
                    ).fetchone()
                    if found is None:
                        problems.append(Problem("added", what, item, "not in the log"))
                    elif chain.row_hash(fields_of(row)) != found[0]:
                        problems.append(Problem("altered", what, item, "row differs from the hash logged when it was added"))
                    elif table == "messages" and _message_id_of(row) != item:
                        # The id is the content hash; this names an edit that rewrote the log too.
                        problems.append(Problem("altered", what, item, "content does not match its id"))
                for (item,) in c.execute(
                    f"SELECT id FROM verify_expected WHERE tbl = ? AND id NOT IN "
                    f"(SELECT {key} FROM {table} WHERE case_id = ?)",
                    (table, case_id),
                ):
                    problems.append(Problem("missing", what, item, "in the log, not in the store"))
                checked[table] = n_rows
        finally:
            c.execute("COMMIT")
        c.execute("DELETE FROM verify_expected")

        files = 0
        for (sha,) in c.execute("SELECT sha256 FROM attachments WHERE case_id = ?", (case_id,)):
            files += 1
            p = self.attachment_path(sha)
            if not p.exists():
                problems.append(Problem("missing", "file", sha, str(p)))
            elif chain.sha256_file(p) != sha:
                problems.append(Problem("altered", "file", sha, str(p)))
        checked["files"] = files

        hidden = {r[0]: r[1] for r in c.execute("SELECT item_id, event_n FROM hidden WHERE case_id = ?", (case_id,))}
        for item in hidden.keys() - hidden_expected.keys():
            problems.append(Problem("added", "deletion", item, "hidden without a delete event"))
        for item in hidden_expected.keys() - hidden.keys():
            problems.append(Problem("missing", "deletion", item, f"delete event {hidden_expected[item]} undone"))
        return VerifyResult(not problems, tuple(problems), head, count, checked)


# ---------------------------------------------------------------- row hashing


def _clean_name(name: str | None) -> str:
    """A case name as stored: trimmed, on one line, not empty, not past NAME_LIMIT."""
    # A line break would split the one-line CLI answers and the report's title; other control
    # characters (an escape sequence pasted with the name) would drive the terminal that shows it.
    name = "".join(" " if ch.isspace() else ch for ch in (name or "") if ch.isspace() or unicodedata.category(ch) != "Cc")
    name = " ".join(name.split())
    if not name:
        raise BadInput("empty_case_name")
    if len(name) > NAME_LIMIT:
        raise BadInput("case_name_too_long", size=len(name), limit=NAME_LIMIT)
    return name


def _rename_item(n: int, at: str, data: dict[str, Any]) -> RenameItem:
    return RenameItem(n, at, datetime.fromisoformat(at).timestamp(), str(data.get("from", "")), str(data.get("to", "")))


def _is_hex(ref: str) -> bool:
    # Ids are hex; anything else (LIKE wildcards % and _ included) cannot be a prefix.
    return all(ch in "0123456789abcdef" for ch in ref)


def _message_key(sender: str | None, received_at: str | None, text: str, direction: str) -> str:
    """The duplicate check's key of a stored message: its id, with the sender as one number."""
    at_utc = datetime.fromisoformat(received_at).astimezone(UTC).isoformat() if received_at else None
    return chain.message_id(sender_key(sender), at_utc, text, direction)


def _message_id_of(row: tuple) -> str:
    at_utc = datetime.fromisoformat(row[3]).astimezone(UTC).isoformat() if row[3] else None
    return chain.message_id(row[2], at_utc, row[6], row[5])

def _message_fields(r: tuple) -> dict[str, Any]:
    blob = r[10]
    return {
        "case": r[0], "id": r[1], "sender": r[2], "received_at": r[3], "ts": r[4], "direction": r[5],
        "text": r[6], "source_sha256": r[7], "position": r[8], "flagged": r[9],
        "analysis_sha256": chain.sha256_bytes(blob) if blob is not None else None,
    }


def _call_fields(r: tuple) -> dict[str, Any]:
    return {
        "case": r[0], "id": r[1], "number": r[2], "at": r[3], "ts": r[4], "minutes": r[5],
        "note": r[6], "recording_sha256": r[7],
    }


def _note_fields(r: tuple) -> dict[str, Any]:
    return {"case": r[0], "id": r[1], "text": r[2], "at": r[3], "ts": r[4]}


def _attachment_fields(r: tuple) -> dict[str, Any]:
    return {
        "case": r[0], "sha256": r[1], "name": r[2], "size": r[3], "role": r[4], "note": r[5],
        "added_at": r[6], "ts": r[7],
    }


# table -> (item name in Problems, the row's hashed fields)
ITEM_TABLES = {
    "messages": ("message", _message_fields),
    "calls": ("call", _call_fields),
    "notes": ("note", _note_fields),
    "attachments": ("attachment", _attachment_fields),
}


def _collapse_duplicates(items: list[TimelineItem]) -> list[TimelineItem]:
    """One item per message: rows the import's duplicate check would call one message are shown once.

    A store written before the check compared senders as one number (13800000000 and
    +8613800000000) may hold a message twice. The rows stay as stored and verified; the first
    stored (``items`` are in store order) is shown, carrying the others' ids in ``duplicates``.
    """
    groups: dict[tuple, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, MessageItem):
            groups.setdefault((item.ts, item.text, item.direction), []).append(i)
    shown: dict[int, TimelineItem] = {}
    dropped: set[int] = set()
    for rows in groups.values():
        if len(rows) < 2:
            continue
        same: dict[str, list[int]] = {}
        for i in rows:
            same.setdefault(sender_key(items[i].sender), []).append(i)  # type: ignore[union-attr]
        for first, *others in same.values():
            if others:
                shown[first] = replace(items[first], duplicates=tuple(items[i].id for i in others))  # type: ignore[type-var]
                dropped.update(others)
    if not dropped:
        return items
    return [shown.get(i, item) for i, item in enumerate(items) if i not in dropped]


def _order(item: TimelineItem) -> tuple:
    ts = item.ts
    return (ts is None, ts or 0.0, item.type, item.id)


# ---------------------------------------------------------------- analysis

def _analyze(rec: ImportedMessage, tz: str) -> dict[str, Any] | None:
    """analyze() an incoming message; the borrower's own (outgoing) texts are not judged."""
    if rec.direction != "in":
        return None
    from dunguard import analyze
    from dunguard.errors import DunguardError
    from dunguard.model import Message

    try:
        report = analyze(Message(rec.text, received_at=rec.received_at, sender=rec.sender, timezone=tz))
    except DunguardError:
        return None  # e.g. a text over analyze()'s size limit: kept, just not judged
    data = report.to_json()
    # The plan depends on the borrower's context and is rebuilt on demand; storing ~15 KB
    # of drafts per message would multiply the store's size for nothing.
    data.pop("plan", None)
    return data


def _is_flagged(report: dict[str, Any] | None) -> bool:
    if not report:
        return False
    kinds = (report.get("verdict") or {}).get("kinds") or []
    return bool(report.get("findings")) or any(k != "other" for k in kinds)


def _pack(report: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def _unpack(blob: bytes | None) -> dict[str, Any] | None:
    if blob is None:
        return None
    try:
        return json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError):
        return None  # verify names the altered row; show still shows the message


# ---------------------------------------------------------------- formats

def detect_format(path: Path) -> str:
    """Guess the export format from the file's first bytes, then its extension."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    if head.startswith(b"SQLite format 3\x00"):
        return "ios"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return "screenshot"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "android"
    ext = path.suffix.lower()
    if ext in (".csv", ".tsv"):
        return "csv"
    if ext in (".jsonl", ".ndjson"):
        return "jsonl"
    if ext == ".xml":
        return "android"
    if ext in (".db", ".sqlite"):
        return "ios"
    if ext in (".png", ".jpg", ".jpeg"):
        return "screenshot"
    if stripped.startswith(b"{"):
        return "jsonl"
    return "text"


def _reader(
    fmt: str, path: Path, mapping: dict[str, str] | None, tz: str, sender: str | None, received_at: datetime | None
):
    """A function (progress, warn) -> iterator of ImportedMessage, re-callable for the second pass.

    ``warn`` receives a Text for each doubt about a file that was still read (CSV/JSONL only).
    """
    if fmt == "android":
        from dunguard.ingest import android

        return lambda progress, warn: android.read(path, progress=progress, timezone=tz)
    if fmt == "ios":
        from dunguard.ingest import ios

        return lambda progress, warn: ios.read(path, progress=progress, timezone=tz)
    if fmt == "screenshot":
        # OCR (optional extra dunguard[ocr]); the picture is kept as the source attachment
        # and the recognised text becomes a message pointing at it.
        from dunguard.ingest import screenshot

        return lambda progress, warn: screenshot.read(
            path, progress=progress, timezone=tz, sender=sender, received_at=received_at
        )
    if fmt in ("csv", "jsonl"):
        from dunguard.ingest import tabular

        return lambda progress, warn: tabular.read(
            path, fmt=fmt, mapping=mapping, progress=progress, timezone=tz, warn=warn
        )
    from dunguard.ingest import tabular

    return lambda progress, warn: tabular.read_text(path, timezone=tz, sender=sender, received_at=received_at)
