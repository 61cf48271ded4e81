"""CSV and JSONL message tables with a column mapping, and plain pasted text.

Tables come from spreadsheet exports and phone-manager tools, often in GBK/GB18030 on
Chinese Windows, and files glued together from two exports can change encoding
half-way. A file with a UTF-16 BOM is read as UTF-16; otherwise each line is read
as UTF-8, else GB18030 (which contains GBK), with the line reader ``dunguard batch``
uses, and lines that differ from the file's first encoding are named in a warning.
A line in neither encoding is an error naming its line, never a silent substitution.

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
from collections.abc import Callable, Iterator
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
        "bad_line_encoding": {
            "zh": "{path} 第 {line} 行既不是 UTF-8 也不是 GBK/GB18030 编码，无法读取；请另存为 UTF-8 后再导入",
            "en": "{path} line {line} is neither UTF-8 nor GBK/GB18030 text; save the file as UTF-8 and retry",
        },
        "mixed_encoding": {
            "zh": "注意：{path} 混用了两种编码：第 {lines} 行是 {encoding}，其余是 {file_encoding}；"
            "已逐行按各自的编码读取，请核对这几行",
            "en": "Warning: {path} mixes encodings: line {lines} in {encoding}, the rest in {file_encoding}; "
            "each line was read in its own encoding, check those lines",
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
# How many lines of another encoding a warning names before "…".
SHOWN_LINES = 5
ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GBK/GB18030"}


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
    """utf-8-sig, utf-16 (BOM), big5hkscs or gb18030, judged on the start of the file.

    Only UTF-16 and Big5 decide how the file is read; other files are decoded line by line
    (see ``_Lines``), since a short file may mix UTF-8 and GBK lines. Big5 (Hong Kong and
    Taiwan Windows) also decodes as GB18030, into garbage, so it is told apart by what it reads as.
    """
    from dunguard.ingest.text import decode, legacy_encoding

    with path.open("rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # do not judge a character cut in half
    try:
        decode(sample, str(path))  # rejects binary files with a clear error
    except BadInput as exc:
        if exc.key != "not_text":
            raise
        # Neither encoding fits the whole start: its lines may mix them. The line reader
        # reads each in its own, and names a line in neither.
        return "gb18030"
    try:
        sample.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return legacy_encoding(sample)


def read(
    path: str | os.PathLike[str],
    fmt: str = "csv",
    mapping: dict[str, str] | None = None,
    progress=None,
    timezone: str = "Asia/Shanghai",
    warn: Callable[[Text], None] | None = None,
) -> Iterator[ImportedMessage]:
    """Yield messages from a CSV (header row) or JSONL file; ``progress(bytes, total)``.

    ``warn`` is called once, after the last row, when the file mixes encodings.
    """
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
                    progress(lines.done(), total)
            if progress:
                progress(total, total)
            if warn and lines.switched:
                warn(lines.mixed_warning())
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or str(exc)) from None


class _Lines:
    """Decoded lines of a file, counting them, so a bad byte is reported at its own line.

    (A TextIOWrapper decodes 8 KB ahead and would blame the wrong line.) UTF-8 and GB18030
    never use the newline byte inside a character, so each line is decoded on its own by
    ``dunguard batch``'s line reader: UTF-8, else GB18030. UTF-16 does use it, so it is
    decoded whole-stream.
    """

    def __init__(self, p: Path, raw, encoding: str) -> None:
        self.p, self.raw, self.encoding, self.n = p, raw, encoding, 0
        self.switched: list[int] = []  # lines not in the file's first encoding
        self.file_encoding = ""
        self.other_encoding = ""
        self._batch_lines = None

    def done(self) -> int:
        """Bytes read so far."""
        return self._batch_lines.progress.done if self._batch_lines is not None else self.raw.tell()

    def __iter__(self) -> Iterator[str]:
        if self.encoding in ("utf-16", "big5hkscs"):
            try:
                for text in io.TextIOWrapper(self.raw, encoding=self.encoding, newline=""):
                    self.n += 1
                    yield text
            except UnicodeDecodeError:
                # (the wrapper decodes ahead, so the line named is where reading stopped)
                raise BadInput("bad_line_encoding", path=str(self.p), line=self.n + 1) from None
            return
        from dunguard.batch.reader import Progress
        from dunguard.batch.reader import _Lines as BatchLines

        lines = self._batch_lines = BatchLines(self.raw, self.p, Progress(0, "bytes"))
        for text in lines:
            self.n = lines.line
            for problem in lines.take_problems():
                self._problem(problem)
            yield text

    def _problem(self, problem) -> None:
        if problem.code == "batch_mixed_encoding":
            self.switched.append(problem.row)
            self.file_encoding = problem.params["file_encoding"]
            self.other_encoding = problem.params["encoding"]
        elif problem.code == "batch_undecodable":
            raise BadInput("bad_line_encoding", path=str(self.p), line=problem.row)
        else:  # an overlong line: a table of text messages has none
            raise BadInput("bad_row", path=str(self.p), line=problem.row, reason=Text(problem.code, **problem.params))

    def mixed_warning(self) -> Text:
        shown = ", ".join(str(n) for n in self.switched[:SHOWN_LINES])
        if len(self.switched) > SHOWN_LINES:
            shown += f"… ({len(self.switched)})"
        return Text(
            "mixed_encoding", path=str(self.p), lines=shown,
            encoding=ENCODING_NAMES.get(str(self.other_encoding), str(self.other_encoding)),
            file_encoding=ENCODING_NAMES.get(str(self.file_encoding), str(self.file_encoding)),
        )


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


# A 12-hour clock as Chinese phones write it (2025年3月6日 下午3:05:00, SMS Backup & Restore's
# readable_date) or with AM/PM: the day part decides the hour.
_AFTERNOON = ("下午", "晚上", "傍晚", "PM")
_DAY_PART = re.compile(r"\s*(上午|早上|早晨|凌晨|中午|下午|傍晚|晚上)\s*(\d{1,2})(?=:\d{2})")
_AM_PM = re.compile(r"(\d{1,2})(:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*([AaPp])\.?[Mm]\.?$")


def _to_24(part: str, hour: int) -> int:
    if part in _AFTERNOON:
        return hour + 12 if hour < 12 else hour
    if part == "中午":
        return hour + 12 if hour < 11 else hour  # 中午12:30 is 12:30, 中午1:00 is 13:00
    return 0 if hour == 12 else hour  # 凌晨12:30 is 00:30


def _twelve_hour(v: str) -> str:
    v = _DAY_PART.sub(lambda m: f" {_to_24(m.group(1), int(m.group(2))):02d}", v)
    return _AM_PM.sub(lambda m: f"{_to_24(m.group(3).upper() + 'M', int(m.group(1))):02d}{m.group(2)}", v)


def parse_time(value: str, tz: ZoneInfo) -> datetime:
    """ISO or 2025/2/26 10:30 or 2025年2月26日 10:30, or an epoch in seconds or milliseconds.

    A date alone (2025-02-26, 2025年2月26日) raises DateOnly rather than inventing 00:00.
    """
    v = value.strip()
    if re.fullmatch(r"\d{10}(\d{3})?(\.\d+)?", v):
        number = float(v)
        return datetime.fromtimestamp(number / 1000 if number > 100_000_000_000 else number, tz)
    v = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", r"\1-\2-\3", v)
    v = _twelve_hour(v)
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
    """Pasted messages saved as a text file (UTF-8/GBK/GB18030): one message, or several with a blank line between
    them, as the analyze page reads a paste."""
    from dunguard.ingest.text import read_file, split_messages

    parts = split_messages(read_file(path))
    if received_at is not None and received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=ZoneInfo(timezone))
    for i, text in enumerate(parts, 1):
        yield ImportedMessage(text=text, sender=sender, received_at=received_at, direction="in",
                              position="file" if len(parts) == 1 else f"file:{i}")
