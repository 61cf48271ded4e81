"""Stream records out of JSONL, CSV/TSV and Parquet inputs, one at a time.

Nothing here holds more than one line (text formats) or one Parquet row group
in memory, so a 10 GB input costs the same memory as a 10 MB one. Every item
is either a ``Record`` or a ``RowError``; a bad row never stops the stream.

``row`` is what a person opens an editor to: the line number in JSONL and
CSV (the CSV header is line 1), the 1-based row index in Parquet.
"""

from __future__ import annotations

import csv
import glob
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from dunguard.errors import BadInput, Text

# A text message, even a long thread, is far below this; a longer line is
# skipped unread (it would otherwise be decoded and parsed whole).
MAX_LINE_BYTES = 1_000_000
# CSV fields as long as one allowed line (the stdlib default is 128 KiB).
csv.field_size_limit(MAX_LINE_BYTES)

TEXT_ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True, slots=True)
class Record:
    """One input row: plain values only, so it pickles cheaply to any worker."""

    row: int
    text: Any
    received_at: Any = None
    sender: Any = None
    file: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that could not be read: ``code`` is a message key (dunguard.errors), stable for
    machines; the errors file shows it rendered with ``params`` in the run's language."""

    row: int
    code: str
    params: dict[str, str | Text] = field(default_factory=dict)
    level: str = "error"  # "warning": the row was read, but something about it is doubtful
    file: str = ""

    def reason(self, lang: str = "en") -> str:
        return Text(self.code, **self.params).render(lang)


Item = Record | RowError


@dataclass(frozen=True, slots=True)
class Columns:
    text: str = "text"
    time: str = "received_at"
    sender: str = "sender"


def detect_format(path: str) -> str:
    name = path.lower()
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith(".tsv"):
        return "tsv"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise BadInput("batch_unknown_format", path=path)


def expand_inputs(path: str) -> list[str]:
    """One file, every data file in a directory, or a glob pattern (``data/*.parquet``), sorted."""
    p = Path(path)
    if p.is_dir():
        files = sorted(
            str(f) for f in p.iterdir()
            if f.is_file() and not f.name.startswith((".", "_")) and _known(f.name)
        )
    elif any(ch in path for ch in "*?["):
        files = sorted(f for f in glob.glob(path) if Path(f).is_file())
    else:
        if not p.is_file():
            raise BadInput("file_not_found", path=path)
        return [path]
    if not files:
        raise BadInput("file_not_found", path=path)
    return files


def _known(name: str) -> bool:
    try:
        detect_format(name)
    except BadInput:
        return False
    return True


def open_input(path: str, columns: Columns) -> tuple[Iterator[Item], Progress]:
    """The item stream for ``path`` (a file, directory or glob) and a progress gauge over it.

    Whole-file problems of the first file (missing text column, truncated Parquet) raise
    BadInput here, before any output is created. With several files, such a problem in a
    later file is reported as one error naming the file and the run goes on.
    """
    files = expand_inputs(path)
    gauges = [_gauge(f) for f in files]
    total = Progress(sum(g.total for g in gauges), gauges[0].unit, parts=gauges)
    first = _open_one(files[0], columns, gauges[0])
    try:
        head = next(first)
    except StopIteration:
        head = None
    items = _chain(head, first, files, columns, gauges)
    return items, total


def _open_one(path: str, columns: Columns, gauge: Progress) -> Iterator[Item]:
    fmt = detect_format(path)
    p = Path(path)
    if fmt == "parquet":
        return _parquet(p, columns, gauge)
    fh = p.open("rb")
    if fmt == "jsonl":
        return _jsonl(fh, p, columns, gauge)
    return _csv(fh, p, columns, gauge, "\t" if fmt == "tsv" else ",")


def _chain(head: Item | None, first: Iterator[Item], files: list[str], columns: Columns,
           gauges: list[Progress]) -> Iterator[Item]:
    name = files[0]
    if head is not None:
        yield replace(head, file=name)
    for item in first:
        yield replace(item, file=name)
    for path, gauge in zip(files[1:], gauges[1:], strict=True):
        try:
            for item in _open_one(path, columns, gauge):
                yield replace(item, file=path)
        except BadInput as exc:
            gauge.done = gauge.total
            yield RowError(0, "batch_file_skipped", {"error": Text(exc.key, **exc.params)}, file=path)


def _gauge(path: str) -> Progress:
    if detect_format(path) == "parquet":
        import pyarrow.parquet as pq

        try:
            return Progress(pq.ParquetFile(path).metadata.num_rows, "rows")
        except Exception:
            return Progress(0, "rows")
    return Progress(Path(path).stat().st_size, "bytes")


class Progress:
    """How far the reader has got: bytes for text files, rows for Parquet (summed over files)."""

    def __init__(self, total: int, unit: str, parts: list[Progress] | None = None) -> None:
        self.total = total
        self.unit = unit
        self.parts = parts
        self._done = 0

    @property
    def done(self) -> int:
        return sum(p.done for p in self.parts) if self.parts else self._done

    @done.setter
    def done(self, value: int) -> None:
        self._done = value


# --------------------------------------------------------------------- lines


class _Lines:
    """Decoded physical lines, each in its own encoding, with overlong lines skipped.

    Files glued together from several exports can change encoding half-way;
    each line is read as UTF-8, then GB18030, so nothing is lost, and every
    switch away from the file's first encoding is reported as a warning.
    """

    def __init__(self, fh: BinaryIO, path: Path, progress: Progress) -> None:
        self.fh = fh
        self.path = path
        self.progress = progress
        self.line = 0
        self.file_encoding: str | None = None
        self.problems: list[RowError] = []

    def __iter__(self) -> Iterator[str]:
        fh = self.fh
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            self.line += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                size = len(raw) + _skip_rest_of_line(fh)
                self.progress.done = fh.tell()
                self.problems.append(
                    RowError(self.line, "batch_line_too_long", {"size": str(size), "limit": str(MAX_LINE_BYTES)})
                )
                yield "\n"
                continue
            self.progress.done += len(raw)
            if self.line == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield self._decode(raw)

    def _decode(self, raw: bytes) -> str:
        if raw.isascii():
            return raw.decode("ascii")
        for encoding in TEXT_ENCODINGS:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if self.file_encoding is None:
                self.file_encoding = encoding
            elif encoding != self.file_encoding:
                self.problems.append(
                    RowError(
                        self.line, "batch_mixed_encoding", {"encoding": encoding, "file_encoding": self.file_encoding},
                        level="warning",
                    )
                )
            return text
        self.problems.append(RowError(self.line, "batch_undecodable"))
        return raw.decode("utf-8", errors="replace")

    def take_problems(self) -> list[RowError]:
        out, self.problems = self.problems, []
        return out


def _skip_rest_of_line(fh: BinaryIO) -> int:
    skipped = 0
    while True:
        block = fh.readline(1 << 20)
        skipped += len(block)
        if not block or block.endswith(b"\n"):
            return skipped


def _jsonl(fh: BinaryIO, path: Path, columns: Columns, progress: Progress) -> Iterator[Item]:
    lines = _Lines(fh, path, progress)
    checked = False
    with fh:
        for text in lines:
            row = lines.line
            problems = lines.take_problems()
            yield from problems
            if any(p.code == "batch_line_too_long" for p in problems):
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield RowError(row, "batch_bad_json", {"detail": exc.msg, "column": str(exc.colno)})
                continue
            if not isinstance(obj, dict):
                yield RowError(row, "batch_not_object")
                continue
            if columns.text not in obj:
                if not checked:
                    # The first row decides: a column missing there is a wrong --text-column.
                    raise BadInput(
                        "batch_missing_column", path=str(path), row=row, column=columns.text,
                        available=", ".join(map(str, obj)) or "-",
                    )
                yield RowError(row, "batch_no_text_field", {"column": repr(columns.text)})
                continue
            checked = True
            yield Record(row, obj.get(columns.text), obj.get(columns.time), obj.get(columns.sender))


def _csv(fh: BinaryIO, path: Path, columns: Columns, progress: Progress, delimiter: str) -> Iterator[Item]:
    lines = _Lines(fh, path, progress)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    with fh:
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BadInput("batch_bad_csv", path=str(path), row=1, reason=str(exc)) from None
        yield from lines.take_problems()
        header = [h.strip() for h in header]
        if columns.text not in header:
            raise BadInput(
                "batch_missing_column", path=str(path), row=1, column=columns.text,
                available=", ".join(header) or "-",
            )
        i_text = header.index(columns.text)
        i_time = header.index(columns.time) if columns.time in header else None
        i_sender = header.index(columns.sender) if columns.sender in header else None
        while True:
            start = lines.line + 1
            try:
                fields = next(reader)
            except StopIteration:
                yield from lines.take_problems()
                return
            except csv.Error as exc:
                yield from lines.take_problems()
                yield RowError(start, "batch_bad_csv_row", {"detail": str(exc)})
                continue
            problems = lines.take_problems()
            yield from problems
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) <= i_text:
                yield RowError(start, "batch_short_row", {"fields": str(len(fields)), "column": repr(columns.text)})
                continue
            yield Record(
                start,
                fields[i_text],
                _field(fields, i_time),
                _field(fields, i_sender),
            )


def _field(fields: list[str], index: int | None) -> str | None:
    if index is None or index >= len(fields):
        return None
    value = fields[index].strip()
    return value or None


# ------------------------------------------------------------------- parquet


def _parquet(path: Path, columns: Columns, progress: Progress) -> Iterator[Item]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # ArrowInvalid on a truncated footer, OSError...
        raise BadInput("batch_bad_parquet", path=str(path), reason=_one_line(exc)) from None
    names = pf.schema_arrow.names
    if columns.text not in names:
        raise BadInput(
            "batch_missing_column", path=str(path), row=1, column=columns.text, available=", ".join(names) or "-"
        )
    wanted = [c for c in (columns.text, columns.time, columns.sender) if c in names]
    return _parquet_rows(pf, path, columns, wanted, progress)


def _parquet_rows(pf: Any, path: Path, columns: Columns, wanted: list[str], progress: Progress) -> Iterator[Item]:
    first = 1
    for group in range(pf.num_row_groups):
        n = pf.metadata.row_group(group).num_rows
        try:
            for batch in pf.iter_batches(row_groups=[group], columns=wanted, batch_size=8192):
                data = batch.to_pydict()
                texts = data[columns.text]
                times = data.get(columns.time) or [None] * len(texts)
                senders = data.get(columns.sender) or [None] * len(texts)
                for i, text in enumerate(texts):
                    yield Record(first + i, text, times[i], senders[i])
                first += len(texts)
                n -= len(texts)
                progress.done += len(texts)
        except Exception as exc:
            # A damaged row group loses its own rows only; the next group may be fine.
            yield RowError(first, "batch_bad_row_group", {"group": str(group), "detail": _one_line(exc),
                                                          "first": str(first), "last": str(first + n - 1)})
            first += n
            progress.done += n


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__

