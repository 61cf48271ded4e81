"""CSV and JSONL message tables with a column mapping, and plain pasted text.

Tables come from spreadsheet exports and phone-manager tools, often in GBK/GB18030 on
Chinese Windows. The encoding is chosen from the file's start (UTF-8, UTF-16 with BOM,
else GB18030, which contains GBK); a byte later in the file that does not fit is an
error naming its line, never a silent substitution.

A mapping says which column holds what: ``text=内容,sender=号码,received_at=时间``
(``direction=方向`` optional). Without one, common column names are recognised.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from dunguard.errors import BadInput, Text, register_messages
from dunguard.ingest.records import ImportedMessage

register_messages(
    {
        "bad_map": {
            "zh": "--map 写法有误：{value}（应为 text=内容,sender=号码,received_at=时间，可用的字段：{fields}）",
            "en": "Invalid --map: {value} (write text=内容,sender=号码,received_at=时间; fields: {fields})",
        },
        "missing_column": {
            "zh": "{path} 中没有列「{column}」（{field}）；文件里的列：{columns}",
            "en": "{path} has no column '{column}' (for {field}); its columns: {columns}",
        },
        "bad_encoding": {
            "zh": "{path} 第 {line} 行的编码与文件开头（{encoding}）不一致，无法读取；请另存为 UTF-8 后再导入",
            "en": "{path} line {line} is not in the file's encoding ({encoding}); save it as UTF-8 and retry",
        },
        "bad_row": {
            "zh": "{path} 第 {line} 行：{reason}",
            "en": "{path} line {line}: {reason}",
        },
        "row_no_header": {"zh": "没有表头（第一行应是列名）", "en": "no header row"},
        "row_bad_csv": {"zh": "CSV 格式有误（{detail}）", "en": "malformed CSV ({detail})"},
        "row_not_json": {"zh": "不是有效的 JSON", "en": "not JSON ({detail})"},
        "row_not_object": {"zh": "不是 JSON 对象（应为 {{\"text\": ...}} 这样的一行）", "en": "not a JSON object"},
        "row_bad_direction": {
            "zh": "方向 {value} 既不是接收也不是发送（可写 in/out、接收/发送）",
            "en": "direction {value} is neither in nor out",
        },
        "row_bad_time": {"zh": "无法识别的时间 {value}", "en": "cannot read the time {value}"},
    }
)

FIELDS = ("text", "sender", "received_at", "direction")

# Column names seen in phone-manager and spreadsheet exports, compared case-insensitively.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "message", "内容", "短信内容", "信息内容", "短信", "正文"),
    "sender": ("sender", "address", "from", "number", "phone", "号码", "发送方", "发信人", "联系人号码", "手机号"),
    "received_at": ("received_at", "date", "time", "datetime", "timestamp", "时间", "日期", "接收时间", "发送时间"),
    "direction": ("direction", "type", "方向", "类型"),
}

DIRECTION_WORDS = {
    "in": "in", "1": "in", "inbox": "in", "received": "in", "incoming": "in", "接收": "in", "收到": "in",
    "收": "in", "收件箱": "in",
    "out": "out", "2": "out", "sent": "out", "outgoing": "out", "发送": "out", "已发送": "out",
    "发": "out", "发件箱": "out",
}

SAMPLE_BYTES = 1 << 16


def parse_mapping(value: str | None) -> dict[str, str]:
    """``text=内容,sender=号码`` -> {"text": "内容", "sender": "号码"}; bad input raises BadInput."""
    if not value:
        return {}
    out: dict[str, str] = {}
    for part in re.split(r"[,，]", value):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or key not in FIELDS or not column or key in out:
            raise BadInput("bad_map", value=value, fields=", ".join(FIELDS))
        out[key] = column
    return out


def detect_encoding(path: Path) -> str:
    """utf-8-sig, utf-16 (BOM) or gb18030, judged on the start of the file."""
    from dunguard.ingest.text import decode

    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # do not judge a character cut in half
    decode(sample, str(path))  # rejects binary files and text in neither encoding, with a clear error
    try:
        sample.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def read(
    path: str | os.PathLike[str],
    fmt: str = "csv",
    mapping: dict[str, str] | None = None,
    progress=None,
    timezone: str = "Asia/Shanghai",
) -> Iterator[ImportedMessage]:
    """Yield messages from a CSV (header row) or JSONL file; ``progress(bytes, total)``."""
    p = Path(path)
    tz = ZoneInfo(timezone)
    try:
        encoding = detect_encoding(p)
        total = p.stat().st_size
        with p.open("rb") as raw:
            lines = _Lines(p, raw, encoding)
            rows = _csv_rows(p, lines) if fmt == "csv" else _jsonl_rows(p, lines)
            columns: dict[str, str] | None = None
            for line, row in rows:
                if columns is None:
                    columns = _resolve_columns(p, list(row), mapping or {})
                yield _record(p, line, row, columns, tz)
                if progress and line % 1000 == 0:
                    progress(raw.tell(), total)
            if progress:
                progress(total, total)
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or str(exc)) from None


class _Lines:
    """Decoded lines of a file, counting them, so a bad byte is reported at its own line.

    (A TextIOWrapper decodes 8 KB ahead and would blame the wrong line.) UTF-8 and GB18030
    never use the newline byte inside a character; UTF-16 does, so it is decoded whole-stream.
    """

    def __init__(self, p: Path, raw, encoding: str) -> None:
        self.p, self.raw, self.encoding, self.n = p, raw, encoding, 0

    def __iter__(self) -> Iterator[str]:
        if self.encoding == "utf-16":
            for text in io.TextIOWrapper(self.raw, encoding="utf-16", newline=""):
                self.n += 1
                yield text
            return
        decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        for data in self.raw:
            self.n += 1
            try:
                yield decoder.decode(data)
            except UnicodeDecodeError:
                raise BadInput("bad_encoding", path=str(self.p), line=self.n, encoding=self.encoding) from None
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise BadInput("bad_encoding", path=str(self.p), line=self.n, encoding=self.encoding) from None


def _csv_rows(p: Path, lines: _Lines) -> Iterator[tuple[int, dict[str, str]]]:
    stream = iter(lines)
    first = next(stream, "")
    delimiter = max(",\t;", key=first.count) if first else ","
    header = next(csv.reader([first], delimiter=delimiter), [])
    header = [h.strip() for h in header]
    if not any(header):
        raise BadInput("bad_row", path=str(p), line=1, reason=Text("row_no_header"))
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            yield lines.n, dict(zip(header, cells, strict=False))
    except csv.Error as exc:
        raise BadInput("bad_row", path=str(p), line=lines.n, reason=Text("row_bad_csv", detail=exc)) from None


def _jsonl_rows(p: Path, lines: _Lines) -> Iterator[tuple[int, dict[str, str]]]:
    for text in lines:
        n = lines.n
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            raise BadInput("bad_row", path=str(p), line=n, reason=Text("row_not_json", detail=exc.msg)) from None
        if not isinstance(obj, dict):
            raise BadInput("bad_row", path=str(p), line=n, reason=Text("row_not_object"))
        yield n, {str(k): "" if v is None else str(v) for k, v in obj.items()}


def _resolve_columns(p: Path, names: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """field -> column name, from the mapping or the known aliases; text is required."""
    out: dict[str, str] = {}
    lowered = {n.lower(): n for n in names}
    shown = ", ".join(names) or "-"
    for field, column in mapping.items():
        if column not in names:
            raise BadInput("missing_column", path=str(p), column=column, field=field, columns=shown)
        out[field] = column
    for field, aliases in ALIASES.items():
        if field in out:
            continue
        for alias in aliases:
            if alias in lowered:
                out[field] = lowered[alias]
                break
    if "text" not in out:
        raise BadInput("missing_column", path=str(p), column="text", field="text", columns=shown)
    return out


def _record(p: Path, line: int, row: dict[str, str], columns: dict[str, str], tz: ZoneInfo) -> ImportedMessage:
    def get(field: str) -> str:
        col = columns.get(field)
        return (row.get(col) or "").strip() if col else ""

    direction = "in"
    raw_dir = get("direction")
    if raw_dir:
        direction = DIRECTION_WORDS.get(raw_dir.lower(), "")
        if not direction:
            raise BadInput("bad_row", path=str(p), line=line, reason=Text("row_bad_direction", value=repr(raw_dir)))
    raw_time = get("received_at")
    try:
        when = parse_time(raw_time, tz) if raw_time else None
    except DateOnly:
        raise BadInput("bad_row", path=str(p), line=line, reason=Text("received_no_clock", value=raw_time)) from None
    except ValueError:
        raise BadInput("bad_row", path=str(p), line=line, reason=Text("row_bad_time", value=repr(raw_time))) from None
    text = row.get(columns["text"]) or ""
    return ImportedMessage(text=text.strip(), sender=get("sender") or None, received_at=when,
                           direction=direction, position=f"line {line}")


class DateOnly(ValueError):
    """A time with a date but no time of day: read as midnight it would look sent at night."""


def parse_time(value: str, tz: ZoneInfo) -> datetime:
    """ISO or 2025/2/26 10:30 or 2025年2月26日 10:30, or an epoch in seconds or milliseconds.

    A date alone (2025-02-26, 2025年2月26日) raises DateOnly rather than inventing 00:00.
    """
    v = value.strip()
    if re.fullmatch(r"\d{10}(\d{3})?(\.\d+)?", v):
        number = float(v)
        return datetime.fromtimestamp(number / 1000 if number > 100_000_000_000 else number, tz)
    v = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", r"\1-\2-\3", v)
    v = re.sub(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", r"\1-\2-\3", v)
    v = re.sub(r"^(\d{4})-(\d)(?=\D)", r"\1-0\2", v)
    v = re.sub(r"^(\d{4}-\d{2})-(\d)(?=\D|$)", r"\1-0\2", v)
    v = re.sub(r"(?<=[ T])(\d):", r"0\1:", v)
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        dt = None
        for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
            try:
                dt = datetime.strptime(v, fmt)
                break
            except ValueError:
                pass
        if dt is None:
            raise
    from dunguard.cli import has_clock

    if not has_clock(v):
        raise DateOnly(value)
    return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt.astimezone(tz)


def read_text(
    path: str | os.PathLike[str],
    timezone: str = "Asia/Shanghai",
    sender: str | None = None,
    received_at: datetime | None = None,
) -> Iterator[ImportedMessage]:
    """A pasted message saved as a text file (UTF-8/GBK/GB18030): one message."""
    from dunguard.ingest.text import read_file

    text = read_file(path).strip()
    if received_at is not None and received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=ZoneInfo(timezone))
    yield ImportedMessage(text=text, sender=sender, received_at=received_at, direction="in", position="file")
