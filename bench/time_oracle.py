"""Compare dunguard's Chinese time resolver with jionlp: accuracy on a golden table, speed on real SMS.

    python bench/time_oracle.py [--corpus PATH] [--limit N] [--json OUT]

jionlp is only an oracle and a baseline, never a dependency of dunguard: it pulls in
the GPLv3 ``jiojio`` (about 220 MB together). Install it in a separate venv:

    python3 -m venv .venv-bench && .venv-bench/bin/pip install -e . jionlp
    .venv-bench/bin/python bench/time_oracle.py

Without jionlp the script still scores dunguard and measures its speed.

Scoring. Each golden case names the kind of answer (a point, a deadline end, a
range) and the expected instant in dunguard's documented convention
(src/dunguard/extract/time.py). A resolver is "exact" when its key instant equals
that, at minute precision (date precision for day parts, whose hour bounds are
a convention). Some cases list other readings that shared/LIBRARIES.md §2.1
accepts (3日内 counted from tomorrow, working days counted from tomorrow):
those count as "accepted". jionlp's inclusive ends are read fairly: hh:59:59 as
the next second (2月28日 -> 23:59:59 equals our exclusive 03-01 00:00), hh:mm:59
as hh:mm (15:00前 -> 15:00:59 is right); so its 12点前 -> 12:59:59 counts as
13:00, which is wrong (the deadline is 12:00).

The corpus is shared/data/cn_sms_800k_subset.tsv (label<TAB>text, digits masked
as x); it is read in place and never copied into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from dunguard.extract.base import Doc
from dunguard.extract.time import extract
from dunguard.model import Message

BASE = datetime(2025, 2, 26, 10, 30)  # a Wednesday, read in Asia/Shanghai
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "cn_sms_800k_subset.tsv"
INSTALL_HINT = "python3 -m venv .venv-bench && .venv-bench/bin/pip install -e . jionlp"


@dataclass(frozen=True)
class Case:
    """text; answer kind: point | deadline | from | range; expected ISO minutes (naive, local)."""

    text: str
    kind: str
    start: str | None = None
    end: str | None = None
    precision: str = "minute"  # or "date"
    also: tuple[tuple[str | None, str | None], ...] = field(default=())


GOLDEN: tuple[Case, ...] = (
    # shared/LIBRARIES.md §2.1
    Case("明天上午9点", "point", "2025-02-27T09:00"),
    Case("明日中午12点前", "deadline", end="2025-02-27T12:00"),
    Case("明天下午3点", "point", "2025-02-27T15:00"),
    Case("今晚8点", "point", "2025-02-26T20:00"),
    Case("后天", "point", "2025-02-28T00:00"),
    Case("3日内", "deadline", end="2025-03-01T00:00", also=((None, "2025-03-02T00:00"),)),
    Case("本周五", "point", "2025-02-28T00:00"),
    Case("下周一上午", "point", "2025-03-03T08:00", precision="date"),
    Case("24小时内", "deadline", end="2025-02-27T10:30"),
    Case("2月28日前", "deadline", end="2025-03-01T00:00"),
    Case("今天下午五点半", "point", "2025-02-26T17:30"),
    Case("三天后", "point", "2025-03-01T00:00", precision="date"),
    Case("月底前", "deadline", end="2025-03-01T00:00"),
    Case("15:00前", "deadline", end="2025-02-26T15:00"),
    Case("即日起", "from", "2025-02-26T00:00", precision="date"),
    # LIBRARIES.md, jionlp against duckling-chinese
    Case("明早8点半", "point", "2025-02-27T08:30"),
    Case("下午6点前", "deadline", end="2025-02-26T18:00"),
    Case("今日24点前", "deadline", end="2025-02-27T00:00"),
    Case("3个工作日内", "deadline", end="2025-03-01T00:00", also=((None, "2025-03-04T00:00"),)),
    Case("当天", "point", "2025-02-26T00:00"),
    Case("48小时内", "deadline", end="2025-02-28T10:30"),
    Case("下月10号前", "deadline", end="2025-03-11T00:00"),
    Case("后天中午", "point", "2025-02-28T12:00", precision="date"),
    Case("即日起至3月5日", "range", "2025-02-26T00:00", "2025-03-06T00:00"),
    # the rest of dunguard's vocabulary
    Case("2025年3月1日", "point", "2025-03-01T00:00"),
    Case("3月1号下午", "point", "2025-03-01T12:00", precision="date"),
    Case("下午3点整", "point", "2025-02-26T15:00"),
    Case("次日", "point", "2025-02-27T00:00"),
    Case("大后天", "point", "2025-03-01T00:00"),
    Case("本月底", "point", "2025-02-28T00:00"),
    Case("今天之内", "deadline", end="2025-02-27T00:00"),
    Case("今日内", "deadline", end="2025-02-27T00:00"),
    Case("凌晨2点", "point", "2025-02-26T02:00"),
    Case("晚上十点", "point", "2025-02-26T22:00"),
    Case("12点半", "point", "2025-02-26T12:30"),
    Case("15时30分", "point", "2025-02-26T15:30"),
    Case("二十四小时内", "deadline", end="2025-02-27T10:30"),
    Case("两天内", "deadline", end="2025-02-28T00:00", also=((None, "2025-03-01T00:00"),)),
    Case("7天内", "deadline", end="2025-03-05T00:00", also=((None, "2025-03-06T00:00"),)),
    Case("2025-03-01", "point", "2025-03-01T00:00"),
    Case("2025/3/1", "point", "2025-03-01T00:00"),
    Case("2月28号", "point", "2025-02-28T00:00"),
    Case("明天上午9点到11点", "range", "2025-02-27T09:00", "2025-02-27T11:00"),
    Case("下周五", "point", "2025-03-07T00:00"),
    Case("最迟明天", "deadline", end="2025-02-28T00:00"),
)

LEAD = "【XX金融】您的借款已逾期，请于{}还款，否则将上门催收。"


def _minute(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M") if dt is not None else None


def _cut(iso: str | None, precision: str) -> str | None:
    if iso is None:
        return None
    return iso[:10] if precision == "date" else iso


def score(case: Case, start: str | None, end: str | None) -> str:
    """'exact', 'accepted' (another reading LIBRARIES.md accepts) or 'wrong'."""
    got = (start, end)

    def same(want: tuple[str | None, str | None]) -> bool:
        if case.kind == "deadline":
            return _cut(got[1], case.precision) == _cut(want[1], case.precision)
        if case.kind == "range":
            return got == want
        return _cut(got[0], case.precision) == _cut(want[0], case.precision)

    if same((case.start, case.end)):
        return "exact"
    if any(same(alt) for alt in case.also):
        return "accepted"
    return "wrong"


# ---------------------------------------------------------------- resolvers


def ours(text: str) -> tuple[str | None, str | None, str]:
    """(start, end, spans) for the first time element of text alone."""
    found = extract(Doc.from_message(Message(text, received_at=BASE)))
    if not found:
        return None, None, ""
    el = found[0]
    kind = el.attrs["kind"]
    if kind in ("before", "within"):
        return None, _minute(el.attrs["until"]), el.text
    if kind == "range":
        return _minute(el.attrs["from"]), _minute(el.attrs["until"]), el.text
    return _minute(el.value), None, el.text


def load_jionlp() -> Any | None:
    """Import jionlp quietly (it prints a banner and logs tracebacks at ERROR), or None."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import jionlp  # type: ignore[import-not-found]
    except ImportError:
        return None
    logging.getLogger("jionlp").setLevel(logging.CRITICAL + 1)
    logging.disable(logging.CRITICAL)  # its internal misses log at ERROR on the root logger too
    return jionlp


def _jio_end(s: str) -> datetime:
    """jionlp ends are inclusive: hh:59:59 closes an hour or a day (read as the next second),
    hh:mm:59 closes a minute (read as hh:mm, the instant it names)."""
    dt = datetime.strptime(s, "%Y-%m-%d %H:%M:%S")
    if dt.minute == 59 and dt.second == 59:
        return dt + timedelta(seconds=1)
    return dt.replace(second=0)


def theirs(jio: Any, text: str, kind: str) -> tuple[str | None, str | None, str]:
    # A naive local datetime: an epoch time_base is read in the machine's time zone.
    try:
        res = jio.ner.extract_time(text, time_base=BASE, with_parsing=True)
    except Exception:  # noqa: BLE001 - an oracle failure is a miss, not a crash
        return None, None, ""
    if not res:
        return None, None, ""
    first = res[0]
    span = str(first.get("text", ""))
    times = (first.get("detail") or {}).get("time")
    if not isinstance(times, list) or len(times) != 2 or not all(isinstance(t, str) for t in times):
        return None, None, span
    start = datetime.strptime(times[0], "%Y-%m-%d %H:%M:%S")
    end = _jio_end(times[1])
    if kind == "deadline":
        return None, _minute(end), span
    if kind == "range":
        return _minute(start), _minute(end), span
    return _minute(start), None, span


# ---------------------------------------------------------------- speed


def read_corpus(path: Path, limit: int | None) -> list[str]:
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            _, sep, text = line.rstrip("\n").partition("\t")
            if sep:
                texts.append(text)
                if limit and len(texts) >= limit:
                    break
    return texts


def speed_ours(texts: list[str]) -> tuple[float, float, int]:
    """(msg/s from raw text, msg/s of extract alone on prepared Docs, times found)."""
    extract(Doc.from_message(Message("明天下午3点", received_at=BASE)))  # compile the regexes first
    n = 0
    t0 = time.perf_counter()
    for text in texts:
        n += len(extract(Doc.from_message(Message(text, received_at=BASE))))
    raw = len(texts) / (time.perf_counter() - t0)
    docs = [Doc.from_message(Message(text, received_at=BASE)) for text in texts]
    t0 = time.perf_counter()
    for doc in docs:
        extract(doc)
    return raw, len(texts) / (time.perf_counter() - t0), n


def speed_theirs(jio: Any, texts: list[str]) -> tuple[float, int]:
    jio.ner.extract_time("明天下午3点", time_base=BASE)
    n = 0
    t0 = time.perf_counter()
    for text in texts:
        with contextlib.suppress(Exception):  # a crash counts as nothing found, as for a caller
            n += len(jio.ner.extract_time(text, time_base=BASE, with_parsing=True))
    return len(texts) / (time.perf_counter() - t0), n


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="messages to time (default: all)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)

    jio = load_jionlp()
    if jio is None:
        print(f"jionlp is not installed here; to compare with it, run: {INSTALL_HINT}", file=sys.stderr)

    rows = []
    tally: dict[str, dict[str, int]] = {"dunguard": {}, "jionlp": {}}
    for case in GOLDEN:
        o = ours(case.text)
        o_sent = ours(LEAD.format(case.text))
        row: dict[str, Any] = {
            "text": case.text,
            "expected": case.end if case.kind == "deadline" else case.start,
            "dunguard": o[1] if case.kind == "deadline" else o[0],
            "dunguard_score": score(case, o[0], o[1]),
            "dunguard_same_in_sentence": o_sent[:2] == o[:2],
        }
        tally["dunguard"][row["dunguard_score"]] = tally["dunguard"].get(row["dunguard_score"], 0) + 1
        if jio is not None:
            j = theirs(jio, case.text, case.kind)
            row["jionlp"] = j[1] if case.kind == "deadline" else j[0]
            row["jionlp_span"] = j[2]
            row["jionlp_score"] = score(case, j[0], j[1])
            tally["jionlp"][row["jionlp_score"]] = tally["jionlp"].get(row["jionlp_score"], 0) + 1
        rows.append(row)

    mark = {"exact": "✓", "accepted": "≈", "wrong": "✗"}
    print(f"## Golden table ({len(GOLDEN)} cases, base {BASE:%Y-%m-%d %H:%M} Asia/Shanghai)\n")
    print("| expression | expected | dunguard | jionlp |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        jcell = f"{mark[r['jionlp_score']]} {r['jionlp']} ({r['jionlp_span']})" if jio is not None else "—"
        print(f"| {r['text']} | {r['expected']} | {mark[r['dunguard_score']]} {r['dunguard']} | {jcell} |")
    print()
    for name, t in tally.items():
        if t:
            print(f"{name}: exact {t.get('exact', 0)}, accepted {t.get('accepted', 0)}, wrong {t.get('wrong', 0)}")
    inconsistent = [r["text"] for r in rows if not r["dunguard_same_in_sentence"]]
    print(f"dunguard alone vs inside a sentence: {'same' if not inconsistent else 'differs: ' + ', '.join(inconsistent)}")

    result: dict[str, Any] = {"golden": rows, "tally": tally}
    if args.corpus.is_file():
        texts = read_corpus(args.corpus, args.limit)
        mps, alone, n = speed_ours(texts)
        print(f"\n## Speed on {len(texts)} real SMS ({args.corpus.name}), one core\n")
        print(f"dunguard: {mps:,.0f} msg/s ({1000 / mps:.4f} ms/msg) from raw text, {n} times found")
        print(f"          {alone:,.0f} msg/s ({1000 / alone:.4f} ms/msg) for extract() on prepared Docs")
        result["speed"] = {
            "messages": len(texts),
            "dunguard_msg_s": mps,
            "dunguard_extract_only_msg_s": alone,
            "dunguard_found": n,
        }
        if jio is not None:
            jmps, jn = speed_theirs(jio, texts)
            print(f"jionlp:   {jmps:,.0f} msg/s ({1000 / jmps:.4f} ms/msg), {jn} times found")
            print(f"ratio:    dunguard is {mps / jmps:.1f}x jionlp")
            result["speed"].update({"jionlp_msg_s": jmps, "jionlp_found": jn})
    else:
        print(f"\n(no corpus at {args.corpus}: speed not measured)", file=sys.stderr)

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
