"""Write output rows chunk by chunk so that a committed chunk is never lost or doubled.

JSONL output is appended and flushed per chunk; the committed byte length is
recorded, so a resumed run truncates whatever a killed run wrote after it.
Parquet output goes to one closed part file per chunk (a Parquet file is
unreadable until its footer is written); at the end the parts are streamed into
the final file, one row group per part, and removed. An output path that is a
directory (``out/``) keeps the parts as the result, which is what Dask, Spark
and most readers expect of a dataset.
"""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from dunguard.errors import BadInput


@cache
def _schema() -> Any:
    import pyarrow as pa

    s, i16, b = pa.string(), pa.int16(), pa.bool_()
    return pa.schema([
        ("file", s), ("row", pa.int64()), ("text", s), ("received_at", s), ("sender", s),
        ("kinds", pa.list_(s)), ("primary_kind", s), ("legitimacy", s), ("scam_risk", i16),
        ("visit_credibility", s), ("rule_ids", pa.list_(s)), ("max_severity", s), ("night_sent", b),
        ("lender_id", s), ("lender_name", s), ("sender_kind", s), ("phone_kinds", pa.list_(s)),
        ("visit_time", s), ("deadline", s), ("amounts", pa.list_(pa.float64())),
        ("visit_time_until", s), ("visit_time_granularity", s),
        ("deadline_until", s), ("deadline_granularity", s), ("deadline_kind", s),
    ])


def output_kind(path: str) -> str:
    if path.endswith(("/", os.sep)) or Path(path).is_dir():
        return "dataset"
    name = path.lower()
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    raise BadInput("batch_unknown_output", path=path)


class Writer:
    """Commits chunks in order; ``state()`` is what the progress file stores."""

    def __init__(self, path: str, resume_state: dict | None = None) -> None:
        self.path = path
        self.kind = output_kind(path)
        self.parts = Path(path) if self.kind == "dataset" else Path(path + ".parts")
        state = resume_state or {}
        self.jsonl_bytes = int(state.get("jsonl_bytes", 0))
        self.parts_done = int(state.get("parts", 0))
        self._fh = None
        if self.kind == "jsonl":
            mode = "r+b" if resume_state and Path(path).exists() else "wb"
            self._fh = open(path, mode)  # noqa: SIM115 - kept open for the run
            self._fh.truncate(self.jsonl_bytes)
            self._fh.seek(self.jsonl_bytes)
        else:
            if not resume_state and self.parts.exists() and self.kind != "dataset":
                shutil.rmtree(self.parts)
            self.parts.mkdir(parents=True, exist_ok=True)
            # Parts past the committed count are leftovers of a killed run.
            for stale in self.parts.glob("part-*.parquet"):
                if _part_index(stale) >= self.parts_done:
                    stale.unlink()

    def write(self, rows: list[dict]) -> None:
        if self.kind == "jsonl":
            assert self._fh is not None
            data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
            self._fh.write(data)
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self.jsonl_bytes += len(data)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = _schema()
            # Column by column: Table.from_pylist was 10x slower and took a third of the driver's CPU.
            table = pa.table({name: [r.get(name) for r in rows] for name in schema.names}, schema=schema)
            final = self.parts / f"part-{self.parts_done:06d}.parquet"
            tmp = final.with_suffix(".tmp")
            pq.write_table(table, tmp, compression="zstd")
            os.replace(tmp, final)
            self.parts_done += 1

    def state(self) -> dict:
        return {"jsonl_bytes": self.jsonl_bytes, "parts": self.parts_done}

    def finish(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            return
        if self.kind != "parquet":
            return
        import pyarrow.parquet as pq

        tmp = Path(self.path + ".tmp")
        with pq.ParquetWriter(tmp, _schema(), compression="zstd") as out:
            for part in sorted(self.parts.glob("part-*.parquet"), key=_part_index):
                out.write_table(pq.read_table(part))
        os.replace(tmp, self.path)
        shutil.rmtree(self.parts)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _part_index(path: Path) -> int:
    try:
        return int(path.stem.split("-")[1])
    except (IndexError, ValueError):
        return -1


class ErrorLog:
    """The errors file: one JSON object per failed row, committed with its chunk.

    Each line: file, row, level, ``code`` (a stable message key) and ``reason`` (the message in ``lang``).
    """

    def __init__(self, path: str, source: str, committed: int | None, lang: str = "en") -> None:
        self.path = path
        self.source = source
        self.lang = lang
        self.bytes = committed or 0
        mode = "r+b" if committed is not None and Path(path).exists() else "wb"
        self._fh = open(path, mode)  # noqa: SIM115 - kept open for the run
        self._fh.truncate(self.bytes)
        self._fh.seek(self.bytes)

    def write(self, errors: list[dict]) -> None:
        if not errors:
            return
        data = "".join(json.dumps(self._line(e), ensure_ascii=False) + "\n" for e in errors)
        raw = data.encode("utf-8")
        self._fh.write(raw)
        self._fh.flush()
        self.bytes += len(raw)

    def _line(self, e: dict) -> dict:
        from dunguard.errors import Text

        out = {k: v for k, v in e.items() if k != "params"}
        out["file"] = e.get("file") or self.source
        if "code" in e:
            out["reason"] = Text(e["code"], **(e.get("params") or {})).render(self.lang)
        return out

    def close(self, keep_if_empty: bool = False) -> None:
        self._fh.close()
        if self.bytes == 0 and not keep_if_empty:
            Path(self.path).unlink(missing_ok=True)
