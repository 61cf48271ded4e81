"""`dunguard report`: what a batch found, as one self-contained HTML file.

Counts come from Arrow compute over the result columns, batch by batch, so a
million rows cost a few seconds and flat memory. Repeated templates are
grouped on a sample (at most SAMPLE_ROWS rows, evenly spaced): texts are
normalised (digits, masks, names, links), grouped exactly, then near
duplicates are merged by character-trigram Jaccard similarity (estimated by
32-value MinHash signatures) within blocks that share a normalised prefix,
which keeps the work and memory linear in the sample.
"""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from dunguard.errors import BadInput, register_messages

register_messages({
    "report_bad_results": {
        "zh": "无法读取批量结果 {path}：{reason}",
        "en": "Cannot read batch results {path}: {reason}",
    },
    "report_not_results": {
        "zh": "{path} 不是 dunguard batch 的结果文件（缺少 {missing} 列）；请先运行 dunguard batch，再对它的输出生成报告",
        "en": "{path} is not a dunguard batch result file (no {missing} column); run dunguard batch first and "
        "report on its output",
    },
})

SAMPLE_ROWS = 200_000
JACCARD = 0.6
MAX_REPS_PER_BLOCK = 40
COLUMNS = ("text", "primary_kind", "kinds", "legitimacy", "rule_ids", "lender_id", "lender_name",
           "sender_kind", "night_sent", "received_at", "scam_risk", "visit_credibility")
# Columns every batch result has and neither an input file nor an errors file has.
REQUIRED = ("row", "primary_kind", "legitimacy", "rule_ids")


# ------------------------------------------------------------------ reading


def _batches(path: str) -> tuple[Iterator[Any], int | None]:
    """Record batches of the result columns present, and the row count when known."""
    import pyarrow.dataset as ds
    import pyarrow.json as pj

    p = Path(path)
    try:
        if p.is_dir() or path.lower().endswith((".parquet", ".pq")):
            if not p.exists():
                raise BadInput("file_not_found", path=path)
            if p.is_dir():
                dataset = ds.dataset(str(p), format="parquet", exclude_invalid_files=False,
                                     ignore_prefixes=[".", "_"])
                names = set(dataset.schema.names)
                _check_results(path, names)
                cols = [c for c in COLUMNS if c in names]
                return dataset.to_batches(columns=cols, batch_size=65536), dataset.count_rows()
            import pyarrow.parquet as pq

            pf = pq.ParquetFile(p)
            _check_results(path, pf.schema_arrow.names)
            cols = [c for c in COLUMNS if c in pf.schema_arrow.names]
            return pf.iter_batches(columns=cols, batch_size=65536), pf.metadata.num_rows
        if path.lower().endswith((".jsonl", ".ndjson")):
            if not p.is_file():
                raise BadInput("file_not_found", path=path)
            first = _first_json_line(p)
            if first is None:
                return iter(()), 0  # a run whose every row failed writes an empty result: zero rows
            _check_results(path, first)
            reader = pj.open_json(str(p), read_options=pj.ReadOptions(block_size=8 << 20))
            return iter(reader), None
    except BadInput:
        raise
    except Exception as exc:
        raise BadInput("report_bad_results", path=path, reason=" ".join(str(exc).split())[:200]) from None
    raise BadInput("batch_unknown_output", path=path)


def _check_results(path: str, names: Any) -> None:
    """Refuse a file that is not a batch result (its input, its errors file) before counting anything."""
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise BadInput("report_not_results", path=path, missing=missing[0])


def _first_json_line(p: Path) -> dict | None:
    """The first row of a JSONL file as a dict (empty when it is not an object); None for an empty file."""
    import json

    with open(p, "rb") as fh:
        for raw in fh:
            if raw.strip():
                try:
                    value = json.loads(raw)
                except ValueError:
                    return {}
                return value if isinstance(value, dict) else {}
    return None


# ------------------------------------------------------------------ templates

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_MASK = re.compile(r"[*＊xX×]{2,}")
_URL = re.compile(r"(?:https?://)?[A-Za-z0-9.-]+\.(?:com|cn|net|cc|top|vip|xyz|me|io)(?:/\S*)?", re.I)
_NAME = re.compile(r"(尊敬的|亲爱的|您好[，,]?)[\u4e00-\u9fff]{1,4}(?=先生|女士|客户|用户|[，,：:！!])")
_TITLE = re.compile(r"[\u4e00-\u9fff]{1,3}(先生|女士)")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    t = _SPACE.sub("", text)
    t = _URL.sub("<链接>", t)
    t = _NAME.sub(r"\1某", t)
    t = _TITLE.sub(r"某\1", t)
    t = _MASK.sub("*", t)
    return _DIGITS.sub("#", t)


_PRIME = (1 << 61) - 1
_PERMS = 32


@cache
def _perms() -> tuple[Any, Any]:
    import numpy as np

    rng = np.random.default_rng(20261129)  # fixed: the same input always groups the same way
    return (rng.integers(1, 1 << 30, _PERMS, dtype=np.uint64), rng.integers(0, 1 << 30, _PERMS, dtype=np.uint64))


def minhash(text: str) -> Any:
    """A 32-value MinHash signature of the text's character trigrams (128 bytes per text).

    Matching positions estimate the trigram Jaccard similarity; stored signatures
    replace stored shingle sets, which took ~10 KB per text.
    """
    import zlib

    import numpy as np

    grams = {text[i:i + 3] for i in range(max(1, len(text) - 2))}
    h = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))
    a, b = _perms()
    return ((a[:, None] * h[None, :] + b[:, None]) % np.uint64(_PRIME)).min(axis=1).astype(np.uint32)


@dataclass
class Group:
    example: str
    normalised: str
    count: int = 0
    variants: int = 0


def group_templates(texts: Counter, top: int) -> list[Group]:
    """Merge normalised texts whose estimated trigram Jaccard similarity reaches JACCARD."""
    import numpy as np

    blocks: dict[str, tuple[list[Group], list[Any]]] = {}
    for norm, (count, example) in sorted(texts.items(), key=lambda kv: -kv[1][0]):
        reps, sigs = blocks.setdefault(norm[:6], ([], []))
        sig = minhash(norm)
        if sigs:
            similarity = (np.vstack(sigs) == sig).mean(axis=1)
            best = int(similarity.argmax())
            if similarity[best] >= JACCARD:
                reps[best].count += count
                reps[best].variants += 1
                continue
        if len(reps) < MAX_REPS_PER_BLOCK:
            reps.append(Group(example, norm, count, 1))
            sigs.append(sig)
    groups = [g for reps, _ in blocks.values() for g in reps if g.count > 1]
    groups.sort(key=lambda g: -g.count)
    return groups[:top]


# ------------------------------------------------------------------ counting


@dataclass
class Stats:
    rows: int = 0
    primary: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    legitimacy: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    lenders: Counter = field(default_factory=Counter)
    sender_kinds: Counter = field(default_factory=Counter)
    visit: Counter = field(default_factory=Counter)
    hours: Counter = field(default_factory=Counter)
    night: int = 0
    timed: int = 0
    scam_high: int = 0
    sample: Counter = field(default_factory=Counter)  # normalised -> [count, example]
    sampled: int = 0


def _value_counts(column: Any) -> Counter:
    import pyarrow.compute as pc

    out: Counter = Counter()
    for item in pc.value_counts(column).to_pylist():
        if item["values"] is not None:
            out[item["values"]] += item["counts"]
    return out


def collect(path: str) -> Stats:
    import pyarrow as pa
    import pyarrow.compute as pc

    batches, total = _batches(path)
    step = max(1, -(-(total or 0) // SAMPLE_ROWS))
    stats = Stats()
    samples: dict[str, list] = {}
    try:
        for batch in batches:
            n = batch.num_rows
            if not n:
                continue
            names = batch.schema.names
            col = batch.column
            if "primary_kind" in names:
                stats.primary.update(_value_counts(col("primary_kind")))
            if "kinds" in names:
                stats.kinds.update(_value_counts(pc.list_flatten(col("kinds"))))
            if "legitimacy" in names:
                stats.legitimacy.update(_value_counts(col("legitimacy")))
            if "visit_credibility" in names:
                stats.visit.update(_value_counts(col("visit_credibility")))
            if "rule_ids" in names:
                stats.rules.update(_value_counts(pc.list_flatten(col("rule_ids"))))
            if "lender_id" in names or "lender_name" in names:
                ids = col("lender_id") if "lender_id" in names else pa.nulls(n, pa.string())
                lname = col("lender_name") if "lender_name" in names else pa.nulls(n, pa.string())
                stats.lenders.update(_value_counts(pc.coalesce(lname.cast(pa.string()), ids.cast(pa.string()))))
            if "sender_kind" in names:
                stats.sender_kinds.update(_value_counts(col("sender_kind")))
            if "night_sent" in names:
                night = col("night_sent")
                stats.timed += n - night.null_count
                stats.night += int(pc.sum(night.cast(pa.int64())).as_py() or 0)
            if "received_at" in names:
                hours = pc.utf8_slice_codeunits(col("received_at").cast(pa.string()), 11, 13)
                for h, c in _value_counts(hours).items():
                    if h.isdigit():
                        stats.hours[int(h)] += c
            if "scam_risk" in names:
                stats.scam_high += int(pc.sum(pc.greater_equal(col("scam_risk"), 50).cast(pa.int64())).as_py() or 0)
            if "text" in names:
                start = (-stats.rows) % step
                picked = col("text") if step == 1 else col("text").take(pa.array(range(start, n, step), pa.int64()))
                for text in picked.to_pylist():
                    if not isinstance(text, str):
                        continue
                    norm = normalise(text)
                    entry = samples.get(norm)
                    if entry is None:
                        samples[norm] = [1, text]
                    else:
                        entry[0] += 1
                    stats.sampled += 1
                    if total is None and stats.sampled >= SAMPLE_ROWS:
                        step = 2 ** 31  # unknown length (JSONL): stop sampling past the cap
            stats.rows += n
    except BadInput:
        raise
    except Exception as exc:  # a damaged part file half-way
        raise BadInput("report_bad_results", path=path, reason=" ".join(str(exc).split())[:200]) from None
    stats.sample = Counter({k: (v[0], v[1]) for k, v in samples.items()})
    return stats


# ------------------------------------------------------------------ charts


def _font() -> str | None:
    from matplotlib import font_manager

    for name in ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                 "Source Han Sans SC", "SimHei", "Microsoft YaHei"):
        try:
            font_manager.findfont(name, fallback_to_default=False)
            return name
        except ValueError:
            continue
    return None


def _bar_png(pairs: list[tuple[str, int]], title: str, font: str | None, color: str = "#3b6ea5") -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rc = {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "axes.unicode_minus": False}
    with plt.rc_context(rc):
        fig, ax = plt.subplots(figsize=(7.2, 0.38 * max(len(pairs), 3) + 0.9), dpi=110)
        labels = [p[0] for p in pairs][::-1]
        values = [p[1] for p in pairs][::-1]
        ax.barh(labels, values, color=color)
        ax.set_title(title)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,}", va="center", fontsize=8)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _hours_png(hours: Counter, title: str, font: str | None) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rc = {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"]}
    with plt.rc_context(rc):
        fig, ax = plt.subplots(figsize=(7.2, 2.6), dpi=110)
        xs = list(range(24))
        colors = ["#b5482f" if (h >= 22 or h < 8) else "#3b6ea5" for h in xs]
        ax.bar(xs, [hours.get(h, 0) for h in xs], color=colors)
        ax.set_xticks(xs)
        ax.set_title(title)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


# ------------------------------------------------------------------ HTML

T = {
    "zh": {
        "title": "dunguard 批量分析报告", "rows": "条消息", "generated": "生成时间", "source": "数据",
        "kinds": "消息类型（主要类型）", "kinds_all": "消息类型（可多选，含次要类型）", "legitimacy": "真假判断",
        "rules": "触发最多的规则", "lenders": "涉及的贷款机构（签名或正文点名）", "senders": "发信号码类型",
        "hours": "发送时间（按小时；红色为 22:00–08:00）", "night": "夜间（22:00–08:00）发送占比",
        "night_note": "在有接收时间的 {timed:,} 条中", "no_time": "结果中没有接收时间",
        "scam": "诈骗风险 ≥ 50 的消息", "visit": "上门可信度", "templates": "重复最多的短信模板（近似重复合并）",
        "sample_note": "模板统计基于 {sampled:,} 条均匀抽样", "count": "条数", "variants": "变体数",
        "example": "示例", "rule": "规则", "title_col": "标题", "share": "占比", "none": "无",
        "unknown": "（未识别）", "disclaimer": "本报告由 dunguard 在本机生成，仅供信息参考，不构成法律意见。规则出处与可信度见 docs/rules.md。",
    },
    "en": {
        "title": "dunguard batch report", "rows": "messages", "generated": "generated", "source": "data",
        "kinds": "Message kinds (primary)", "kinds_all": "Message kinds (multi-label)", "legitimacy": "Is it real?",
        "rules": "Most frequent rules", "lenders": "Lenders (signature or named)", "senders": "Sender number kinds",
        "hours": "Sending hour (red: 22:00–08:00)", "night": "Share sent at night (22:00–08:00)",
        "night_note": "of the {timed:,} messages with a received time", "no_time": "no received times in the results",
        "scam": "Messages with scam risk ≥ 50", "visit": "Visit credibility",
        "templates": "Most repeated templates (near duplicates merged)",
        "sample_note": "templates counted on an even sample of {sampled:,} messages", "count": "count",
        "variants": "variants", "example": "example", "rule": "rule", "title_col": "title", "share": "share",
        "none": "none", "unknown": "(unidentified)",
        "disclaimer": "Generated locally by dunguard; information, not legal advice. Rule sources and confidence: docs/rules.md.",
    },
}


def write_report(results: str, html_path: str, lang: str = "zh", top: int = 20) -> int:
    """Write the HTML report; returns the number of result rows."""
    import jinja2

    from dunguard.render.labels import KINDS, LEGITIMACY, LEVELS, PHONE_KINDS, label
    from dunguard.rules.engine import RulePack

    stats = collect(results)
    t = T[lang]
    font = _font()
    chart_lang = lang if font else "en"  # without a CJK font, Chinese labels would be boxes

    def lab(table: dict, key: Any) -> str:
        return label(table, key, chart_lang) if key is not None else T[chart_lang]["unknown"]

    from dunguard.lint import lint_pack

    pack: RulePack = lint_pack()

    def rule_title(rid: str) -> str:
        try:
            return pack.get(rid).title[lang]
        except Exception:
            return rid

    charts = []
    if stats.primary:
        charts.append((t["kinds"], _bar_png([(lab(KINDS, k), v) for k, v in stats.primary.most_common()],
                                            T[chart_lang]["kinds"], font)))
    if stats.legitimacy:
        charts.append((t["legitimacy"], _bar_png([(lab(LEGITIMACY, k), v) for k, v in stats.legitimacy.most_common()],
                                                 T[chart_lang]["legitimacy"], font, "#6a8e3b")))
    if stats.rules:
        charts.append((t["rules"], _bar_png(stats.rules.most_common(15), T[chart_lang]["rules"], font, "#b5482f")))
    if stats.sender_kinds:
        charts.append((t["senders"], _bar_png([(lab(PHONE_KINDS, k), v) for k, v in stats.sender_kinds.most_common(12)],
                                              T[chart_lang]["senders"], font, "#7a5ea8")))
    if stats.hours:
        charts.append((t["hours"], _hours_png(stats.hours, T[chart_lang]["hours"], font)))

    def table(counter: Counter, labeler: Any, n: int | None = None, of_rows: bool = False) -> list[tuple[str, int, str]]:
        # Multi-label counts are shares of messages; single-label ones of what was counted.
        total = (stats.rows if of_rows else sum(counter.values())) or 1
        return [(labeler(k), v, f"{100 * v / total:.1f}%") for k, v in counter.most_common(n)]

    groups = group_templates(stats.sample, top)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dunguard", "render/batch_templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    html = env.get_template("report.html.j2").render(
        t=t,
        lang=lang,
        source=results,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        s=stats,
        charts=charts,
        kinds=table(stats.primary, lambda k: label(KINDS, k, lang) if k else t["unknown"]),
        kinds_all=table(stats.kinds, lambda k: label(KINDS, k, lang), of_rows=True),
        legitimacy=table(stats.legitimacy, lambda k: label(LEGITIMACY, k, lang)),
        visit=table(stats.visit, lambda k: label(LEVELS, k, lang)),
        rules=[(rid, rule_title(rid), v) for rid, v in stats.rules.most_common(30)],
        lenders=table(stats.lenders, str, 30, of_rows=True),
        senders=table(stats.sender_kinds, lambda k: label(PHONE_KINDS, k, lang)),
        night_share=(100 * stats.night / stats.timed) if stats.timed else None,
        groups=groups,
        sample_note=t["sample_note"].format(sampled=stats.sampled) if stats.sampled < stats.rows else None,
    )
    Path(html_path).write_text(html, encoding="utf-8")
    return stats.rows
