"""The evidence package: one ZIP a regulator, a lawyer or a court can check on any machine.

``export_case(store, case_id, "out.zip")`` writes::

    manifest.json      every other file with its SHA-256 and size, the case's hash-chain
                       head, the tool version, the export time, the store's verify result
    report.html        the whole report, self-contained (inline CSS, images as data: URIs)
    report.pdf         the same for printing, Chinese text in an embedded or CID font
    chart.png          collection contacts per day, night-time ones marked
    summary.json       counts, date range, night-time contacts, rules broken with their
    summary.txt        citations, visit claims; summary.txt is a paragraph to quote in a complaint
    timeline.jsonl     every item of the report with its analysis, one JSON object a line
    events.jsonl       the case's hash-chained log, so the chain head can be recomputed
    originals/…        the imported export files, byte for byte
    attachments/…      screenshots, recordings and other evidence files, byte for byte

``verify_package("out.zip")`` needs no database: it rehashes every file, names what
was altered, missing or added, and recomputes the log's chain up to the head the
manifest states. Quote the manifest's SHA-256 (printed by ``case export``) in a
complaint to pin the whole package.

This module imports only the standard library at top level: ``dunguard case --help``
imports it to register the CLI.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dunguard.case.notes import attachment_note
from dunguard.case.senders import sender_key
from dunguard.errors import BadInput, Text, register_messages

register_messages(
    {
        # What verify-package found wrong with one file of a package (PackageProblem.reason).
        "pkg_not_in_package": {"zh": "清单里有，证据包里没有", "en": "listed in the manifest, not in the package"},
        "pkg_unreadable": {"zh": "无法读取（ZIP 数据损坏）", "en": "cannot be read (damaged ZIP data)"},
        "pkg_hash_differs": {
            "zh": "SHA-256 为 {digest}，清单记录的是 {expected}",
            "en": "SHA-256 {digest}, manifest says {expected}",
        },
        "pkg_not_listed": {"zh": "清单里没有这个文件", "en": "not listed in the manifest"},
        "pkg_log_unreadable": {"zh": "日志无法读取：{reason}", "en": "log unreadable: {reason}"},
        "pkg_log_entry": {"zh": "日志第 {n} 条{change}", "en": "log entry {n} {change}: {detail}"},
        "pkg_log_head": {
            "zh": "日志连到的哈希链头是 {head}，清单记录的是 {expected}",
            "en": "log chains to {head}, manifest says {expected}",
        },
        "pkg_name_differs": {
            "zh": "清单里的案件名称是「{name}」，日志记录的是「{logged}」",
            "en": "the manifest names the case '{name}', the log says '{logged}'",
        },
        "pkg_altered": {"zh": "被改动", "en": "altered"},
        "pkg_missing": {"zh": "缺失", "en": "missing"},
        "pkg_added": {"zh": "多出", "en": "added"},
        "not_a_package": {
            "zh": "{path} 不是证据包（不是有效的 ZIP 文件）",
            "en": "{path} is not an evidence package (not a valid ZIP file)",
        },
        "bad_package": {
            "zh": "证据包 {path} 无法校验：{reason}",
            "en": "Cannot check the evidence package {path}: {reason}",
        },
        "export_is_dir": {
            "zh": "{path} 是一个文件夹：请给出证据包的文件名，如 {path}/out.zip",
            "en": "{path} is a folder: give the package a file name, e.g. {path}/out.zip",
        },
        "export_exists": {
            "zh": "{path} 已经存在：为了不覆盖之前导出的证据包（你可能已经把它的校验值写进了投诉材料），"
            "请换一个文件名；确实要覆盖就加 --force",
            "en": "{path} already exists: so as not to overwrite a package exported before (its checksum may be "
            "in a complaint already), give another file name; add --force to overwrite it",
        },
        "export_unwritable": {
            "zh": "无法写入证据包 {path}：{reason}",
            "en": "Cannot write the evidence package {path}: {reason}",
        },
    }
)

FORMAT = "dunguard-evidence"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DEFAULT_TZ = "Asia/Shanghai"
CHUNK = 1 << 20

# Images larger than this are listed in report.html rather than embedded, so the
# report stays a file a browser opens quickly; the file itself is in the package.
EMBED_IMAGE_LIMIT = 8 * 1024 * 1024
EMBED_TOTAL_LIMIT = 40 * 1024 * 1024

# A report is read by people: past these many timeline rows it lists the first ones and says
# so; timeline.jsonl and the originals always hold everything. (A PDF row costs about 3 ms.)
HTML_ROWS_LIMIT = 20000
PDF_ROWS_LIMIT = 3000
PDF_IMAGES_LIMIT = 50

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}
# Already compressed: deflating them again costs time and gains nothing.
STORED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif", ".m4a", ".mp3", ".amr", ".aac", ".mp4", ".zip", ".pdf"})

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "催收证据报告",
        "case": "案件",
        "case_id": "案件编号",
        "created": "建立时间",
        "exported": "导出时间",
        "tool": "生成工具",
        "chain_head": "哈希链头",
        "verify_ok": "导出时校验通过：日志和每条记录、每个证据文件都与记录时一致。",
        "verify_bad": "导出时校验发现 {n} 处问题（见 manifest.json 的 case_problems）。",
        "summary": "概况",
        "statement": "可直接引用的陈述",
        "counts": "数量",
        "messages_in": "收到的催收短信",
        "senders": "发信号码",
        "calls": "催收来电",
        "call_minutes": "通话分钟",
        "night_messages": "夜间（22:00–08:00）短信",
        "night_calls": "夜间（22:00–08:00）来电",
        "first": "最早",
        "last": "最近",
        "busiest": "最多的一天",
        "notes": "备注",
        "attachments": "证据文件",
        "chart": "催收联系次数",
        "chart_caption": "催收短信和来电次数（按日计，时间跨度长时按周合计）；深色斜线为夜间（22:00–08:00）",
        "findings": "涉及的规则和出处",
        "rule": "规则",
        "severity": "程度",
        "times": "条数",
        "period": "时间",
        "source": "出处",
        "no_findings": "没有发现违反催收规定的说法。",
        "visits": "上门说法",
        "visit_words": "原话",
        "visit_target": "地点",
        "visit_time": "声称的上门时间",
        "credibility": "真的会来吗",
        "no_visits": "没有短信声称要上门。",
        "timeline": "时间线",
        "truncated": "报告只列出前 {shown} 项（共 {total} 项）；全部内容见证据包中的 timeline.jsonl 和原始导出文件。",
        "timeline_flagged": "只列出催收相关短信；全部短信在 originals/ 里的原始导出文件中。",
        "timeline_all": "列出全部短信。",
        "when": "时间",
        "who": "号码",
        "content": "内容",
        "judgement": "判断",
        "from": "来自",
        "to": "发给（本人发出）",
        "call": "来电",
        "minutes": "{m} 分钟",
        "recording": "录音",
        "note": "备注",
        "attachment": "证据文件",
        "original": "导入的原始文件",
        "night": "夜间",
        "scam_risk": "诈骗风险",
        "files": "证据包中的文件",
        "pictures": "截图和图片",
        "path": "文件",
        "size": "字节",
        "in_package": "见证据包内 {path}",
        "not_embedded": "图片较大，未嵌入报告：见证据包内 {path}",
        "how_to_check": "如何核对：在任何电脑上运行 dunguard case verify-package 本文件.zip，"
        "或用 sha256sum 逐个核对 manifest.json 中列出的文件哈希。",
        "empty": "（没有内容）",
        "renamed": "案件改名：「{old}」→「{new}」",
    },
    "en": {
        "title": "Debt-collection evidence report",
        "case": "Case",
        "case_id": "Case id",
        "created": "Created",
        "exported": "Exported",
        "tool": "Made with",
        "chain_head": "Hash-chain head",
        "verify_ok": "Verified at export: the log, every record and every evidence file are as recorded.",
        "verify_bad": "Verification at export found {n} problems (see case_problems in manifest.json).",
        "summary": "Summary",
        "statement": "Statement to quote",
        "counts": "Counts",
        "messages_in": "Collection messages received",
        "senders": "Sender numbers",
        "calls": "Collection calls",
        "call_minutes": "Call minutes",
        "night_messages": "Messages at night (22:00–08:00)",
        "night_calls": "Calls at night (22:00–08:00)",
        "first": "First",
        "last": "Latest",
        "busiest": "Busiest day",
        "notes": "Notes",
        "attachments": "Evidence files",
        "chart": "Collection contacts",
        "chart_caption": "Collection messages and calls per day (per week over a long span); dark hatching is night-time (22:00–08:00)",
        "findings": "Rules involved, with sources",
        "rule": "Rule",
        "severity": "Severity",
        "times": "Messages",
        "period": "When",
        "source": "Source",
        "no_findings": "No collection-rule violations found.",
        "visits": "Visit claims",
        "visit_words": "Words",
        "visit_target": "Place",
        "visit_time": "Claimed visit time",
        "credibility": "Will they come?",
        "no_visits": "No message claims a visit.",
        "timeline": "Timeline",
        "truncated": "The report lists the first {shown} of {total} items; timeline.jsonl and the original exports in the package hold them all.",
        "timeline_flagged": "Only collection-related messages; every message is in the original exports under originals/.",
        "timeline_all": "Every message.",
        "when": "When",
        "who": "Number",
        "content": "Content",
        "judgement": "Judgement",
        "from": "from",
        "to": "to (sent by me)",
        "call": "Call",
        "minutes": "{m} min",
        "recording": "recording",
        "note": "Note",
        "attachment": "Evidence file",
        "original": "Imported original",
        "night": "night",
        "scam_risk": "scam risk",
        "files": "Files in this package",
        "pictures": "Screenshots and pictures",
        "path": "File",
        "size": "Bytes",
        "in_package": "in the package: {path}",
        "not_embedded": "large image, not embedded: in the package at {path}",
        "how_to_check": "To check: run dunguard case verify-package <this file>.zip on any computer, "
        "or compare each file with sha256sum against manifest.json.",
        "empty": "(nothing)",
        "renamed": "Case renamed: '{old}' -> '{new}'",
    },
}


# ---------------------------------------------------------------- plain data


@dataclass
class CaseBundle:
    """Everything an export needs, as plain data (so renderers and tests need no store).

    ``items`` are timeline dicts (``type`` message/call/note/attachment, ``at``, …) as
    ``Store.timeline(...)[i].to_json()`` gives them; ``files`` are every evidence file
    of the case (attachment dicts, including ``role="source"`` originals);
    ``file_path(sha256)`` says where the bytes are.
    """

    case: dict[str, Any]
    items: list[dict[str, Any]]
    files: list[dict[str, Any]]
    file_path: Callable[[str], Path]
    chain_head: str
    events: list[dict[str, Any]] = field(default_factory=list)
    verify: dict[str, Any] | None = None
    include: str = "flagged"
    # The case's renames (``RenameItem.to_json()``: event, at, from, to), oldest first: the report
    # shows them in its timeline and the manifest lists them, so a reader sees every name it had.
    renames: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    manifest_sha256: str
    chain_head: str
    files: int
    bytes: int
    seconds: float
    verified: bool
    # What the case's check found at export (as written to the manifest's case_problems).
    case_problems: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "manifest_sha256": self.manifest_sha256,
            "chain_head": self.chain_head,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "verified": self.verified,
            "case_problems": list(self.case_problems),
        }


@dataclass(frozen=True, slots=True)
class PackageProblem:
    """``change`` is ``altered``, ``missing`` or ``added``; ``path`` is the file in the ZIP.

    ``detail`` is English, for machines (``--json``); ``reason`` says the same in either
    language (``shown``).
    """

    change: str
    path: str
    detail: str = ""
    reason: Text | None = field(default=None, compare=False)

    @classmethod
    def of(cls, change: str, path: str, reason: Text) -> PackageProblem:
        return cls(change, path, reason.render("en"), reason)

    def shown(self, lang: str) -> str:
        return self.reason.render(lang) if self.reason is not None else self.detail

    def to_json(self) -> dict[str, str]:
        return {"change": self.change, "path": self.path, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class PackageCheck:
    """``ok`` only when the package is as exported *and* the case passed its check at export.

    ``problems`` are changes to the package since export; ``case_verified`` and
    ``case_problems`` are what the manifest records of the case's own check when it was
    exported (a package faithfully copying a tampered case is not intact evidence).
    """

    ok: bool
    problems: tuple[PackageProblem, ...]
    manifest_sha256: str
    chain_head: str
    case_id: str
    exported_at: str
    files: int
    events: int = 0
    case_verified: bool = True
    case_problems: tuple[dict[str, str], ...] = ()

    @property
    def package_intact(self) -> bool:
        """Every file is as the manifest lists it and the log chains to its head."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "package_intact": self.package_intact,
            "verified_at_export": self.case_verified,
            "case_problems": list(self.case_problems),
            "manifest_sha256": self.manifest_sha256,
            "chain_head": self.chain_head,
            "case_id": self.case_id,
            "exported_at": self.exported_at,
            "files": self.files,
            "events": self.events,
            "problems": [p.to_json() for p in self.problems],
        }


# ---------------------------------------------------------------- collecting


def collect(store: Any, case_id: str, include: str = "flagged") -> CaseBundle:
    """Read a case from the store into a CaseBundle."""
    info = store.case(case_id)
    items = [i.to_json() for i in store.timeline(info.id, include=include)]
    files = [a.to_json() for a in store.attachments(info.id)]
    events = [e.to_json() for e in store.events(info.id)] if hasattr(store, "events") else []
    verify = store.verify(info.id).to_json()
    renames = [r.to_json() for r in store.renames(info.id)] if hasattr(store, "renames") else []
    return CaseBundle(
        case=info.to_json(),
        items=items,
        files=files,
        file_path=store.attachment_path,
        chain_head=store.chain_head(info.id),
        events=events,
        verify=verify,
        include=include,
        renames=renames,
    )


# ---------------------------------------------------------------- summary


def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def _local(at: str | None, tz: str) -> datetime | None:
    from dunguard.case.times import local_time

    return local_time(at, tz)


def is_contact(item: Mapping[str, Any]) -> bool:
    """A collection contact: a collection-related incoming message, or a recorded call."""
    if item.get("type") == "call":
        return True
    return item.get("type") == "message" and item.get("direction") == "in" and bool(item.get("flagged"))


def _verdict_of(item: Mapping[str, Any]) -> Mapping[str, Any]:
    return (item.get("report") or {}).get("verdict") or {}


def _is_collection(item: Mapping[str, Any]) -> bool:
    """A flagged incoming message that is the collector's: not a likely scam, not only a bill falling due."""
    verdict = _verdict_of(item)
    if verdict.get("legitimacy") == "likely_scam":
        return False
    kinds = set(verdict.get("kinds") or ())
    return not kinds or bool(kinds - {"reminder", "other"}) or bool((item.get("report") or {}).get("findings"))


def summarize(items: Iterable[Mapping[str, Any]], tz: str = DEFAULT_TZ) -> dict[str, Any]:
    """What a complaint form asks for: counts, dates, night-time contacts, rules, visit claims.

    Contacts are collection-related incoming messages and recorded calls; the
    borrower's own messages and unrelated texts (bank notices, adverts) are not counted.
    """
    from dunguard.rules.engine import is_night

    items = list(items)
    zone = _zone(tz)
    messages = [i for i in items if i.get("type") == "message"]
    flagged_in = [i for i in messages if is_contact(i)]
    # A complaint about a collector counts the collector's messages: a likely scam is someone else pretending (it is
    # counted apart, so the lender is not blamed for it) and a bill not yet due is no collection.
    contacts_in = [i for i in flagged_in if _is_collection(i)]
    calls = [i for i in items if i.get("type") == "call"]
    times = [t for t in (_local(i.get("at"), tz) for i in contacts_in + calls) if t is not None]
    per_day = Counter(t.date().isoformat() for t in times)
    night_msgs = sum(1 for i in contacts_in if (t := _local(i.get("at"), tz)) and is_night(t, zone))
    night_calls = sum(1 for i in calls if (t := _local(i.get("at"), tz)) and is_night(t, zone))
    # One number written two ways (13800000000 by Android, +8613800000000 by an iPhone) is one sender,
    # shown as it was first written.
    senders: Counter[str] = Counter()
    shown: dict[str, str] = {}
    no_sender = 0
    for i in contacts_in:
        key = sender_key(i.get("sender"))
        if not key:
            # A pasted text or a screenshot may come without its number: it is no sender of its own.
            no_sender += 1
            continue
        shown.setdefault(key, i.get("sender"))
        senders[key] += 1
    findings: dict[str, dict[str, Any]] = {}
    visits: list[dict[str, Any]] = []
    kinds: Counter[str] = Counter()
    scams = sum(1 for i in flagged_in if _verdict_of(i).get("legitimacy") == "likely_scam")
    for item in contacts_in:
        report = item.get("report") or {}
        kinds.update(_verdict_of(item).get("kinds") or [])
        at = item.get("at")
        for f in report.get("findings") or []:
            entry = findings.setdefault(
                f["rule_id"],
                {
                    "rule_id": f["rule_id"],
                    "title": f.get("title") or {},
                    "category": f.get("category", ""),
                    "severity": f.get("severity", "low"),
                    "messages": 0,
                    "first": None,
                    "last": None,
                    "message_ids": [],
                    "citations": [],
                },
            )
            entry["messages"] += 1
            if len(entry["message_ids"]) < 50:
                entry["message_ids"].append(item.get("id"))
            if at:
                entry["first"] = min(filter(None, (entry["first"], at)), key=_sort_key)
                entry["last"] = max(filter(None, (entry["last"], at)), key=_sort_key)
            seen = {(c.get("document"), c.get("article")) for c in entry["citations"]}
            for c in f.get("citations") or []:
                if (c.get("document"), c.get("article")) not in seen:
                    entry["citations"].append(c)
                    seen.add((c.get("document"), c.get("article")))
        claim = _visit_claim(item, report)
        if claim:
            visits.append(claim)
    ordered = sorted(
        findings.values(), key=lambda f: (SEVERITY_ORDER.get(f["severity"], 3), -f["messages"], f["rule_id"])
    )
    busiest = max(per_day.items(), key=lambda kv: (kv[1], kv[0])) if per_day else None
    summary: dict[str, Any] = {
        "timezone": tz,
        "counts": {
            "messages": len(messages),
            "messages_in": len(contacts_in),
            "messages_out": sum(1 for i in messages if i.get("direction") == "out"),
            "senders": len(senders),
            "no_sender": no_sender,
            "calls": len(calls),
            "call_minutes": round(sum(float(i.get("minutes") or 0) for i in calls), 1),
            "notes": sum(1 for i in items if i.get("type") == "note"),
            "attachments": sum(1 for i in items if i.get("type") == "attachment"),
            "undated": sum(1 for i in contacts_in + calls if not i.get("at")),
            "undated_messages": sum(1 for i in contacts_in if not i.get("at")),
            "likely_scam": scams,
        },
        "range": {
            "first": min(times).isoformat() if times else None,
            "last": max(times).isoformat() if times else None,
            "days": len(per_day),
            "busiest_day": {"date": busiest[0], "contacts": busiest[1]} if busiest else None,
        },
        "night": {"messages": night_msgs, "calls": night_calls, "from": "22:00", "until": "08:00"},
        "senders": [{"sender": shown[s], "messages": n} for s, n in senders.most_common(20)],
        "kinds": dict(kinds.most_common()),
        "findings": ordered,
        "visit_claims": visits,
    }
    summary["statement"] = {lang: statement(summary, lang) for lang in ("zh", "en")}
    return summary


def _with_renames(items: list[dict[str, Any]], renames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline items with the case's renames placed where they happened (items without a time stay last)."""
    if not renames:
        return items
    merged = [*items, *({**r, "type": "rename"} for r in renames)]
    return sorted(merged, key=lambda i: (not i.get("at"), _sort_key(i["at"]) if i.get("at") else 0.0))


def _sort_key(at: str) -> float:
    try:
        return datetime.fromisoformat(at).timestamp()
    except ValueError:
        return 0.0


def _visit_claim(item: Mapping[str, Any], report: Mapping[str, Any]) -> dict[str, Any] | None:
    elements = report.get("elements") or []
    claims = [e for e in elements if e.get("type") == "visit" and not e.get("negated")]
    if not claims:
        return None
    times = [e for e in elements if e.get("type") == "time" and e.get("role") == "visit"]
    credibility = ((report.get("verdict") or {}).get("visit_credibility") or {}).get("level", "unknown")
    return {
        "message_id": item.get("id"),
        "at": item.get("at"),
        "sender": item.get("sender"),
        "words": [c.get("text", "") for c in claims],
        "targets": sorted({c.get("target", "unspecified") for c in claims}),
        "with_authority": any(c.get("with_authority") for c in claims),
        "visit_time": [
            {"text": t.get("text", ""), "value": t.get("value"), "display": t.get("display") or {}} for t in times
        ],
        "credibility": credibility,
    }


def _day(at: str | None, tz: str, lang: str) -> str:
    dt = _local(at, tz)
    if dt is None:
        return ""
    return f"{dt.year}年{dt.month}月{dt.day}日" if lang == "zh" else dt.strftime("%Y-%m-%d")


def statement(summary: Mapping[str, Any], lang: str) -> str:
    """A plain paragraph a borrower can paste into a complaint form (facts only, with rule ids)."""
    from dunguard.render.labels import SECTIONS

    c, r, night = summary["counts"], summary["range"], summary["night"]
    tz = summary.get("timezone", DEFAULT_TZ)
    first, last = _day(r["first"], tz, lang), _day(r["last"], tz, lang)
    findings = [f for f in summary["findings"] if f.get("category") != "info"]
    visits = summary["visit_claims"]
    if lang == "zh":
        parts = []
        span = f"{first}至{last}，" if first and last and first != last else (f"{first}，" if first else "")
        no_sender, undated = c.get("no_sender", 0), c.get("undated_messages", 0)
        if not no_sender:
            source = f"来自 {c['senders']} 个号码"
        elif c["senders"]:
            source = f"来自 {c['senders']} 个号码，另有 {no_sender} 条没有记录发信号码"
        else:
            source = "都没有记录发信号码"
        if undated and undated == c["messages_in"]:
            when = "这些短信都没有记录收到时间，无法判断是否在夜间发送"
        elif undated:
            when = (f"其中 {night['messages']} 条在夜间 22:00 至次日 08:00 之间发送"
                    f"（另有 {undated} 条没有记录收到时间，未计入）")
        else:
            when = f"其中 {night['messages']} 条在夜间 22:00 至次日 08:00 之间发送"
        parts.append(f"{span}我共收到催收短信 {c['messages_in']} 条（{source}），{when}")
        if c["calls"]:
            parts.append(f"；接到催收电话 {c['calls']} 次（其中夜间 {night['calls']} 次），合计约 {c['call_minutes']:g} 分钟")
        text = "".join(parts) + "。"
        if visits:
            authority = sum(1 for v in visits if v["with_authority"])
            text += f"其中 {len(visits)} 条短信声称要上门" + (f"（{authority} 条声称与公检法人员一同上门）" if authority else "") + "。"
        if findings:
            listed = "；".join(f"{f['title'].get('zh', f['rule_id'])}（{f['messages']} 条，{f['rule_id']}）" for f in findings[:8])
            text += f"按 dunguard 的规则比对，这些短信可能涉及以下不当催收行为：{listed}。每条规则的依据见证据包中的报告。"
        if c.get("likely_scam"):
            text += f"另有 {c['likely_scam']} 条短信很可能是冒充身份的诈骗，不算作催收短信，也不计入以上数字。"
        text += "证据包中的原始导出文件、截图和录音均原样保存，每个文件的 SHA-256 列在 manifest.json 中。"
        return text + SECTIONS["disclaimer"]["zh"].removeprefix("提示：")
    span = f"From {first} to {last}, " if first and last and first != last else (f"On {first}, " if first else "")
    no_sender, undated = c.get("no_sender", 0), c.get("undated_messages", 0)
    if not no_sender:
        source = f"from {_n(c['senders'], 'number')}"
    elif c["senders"]:
        source = f"from {_n(c['senders'], 'number')} ({no_sender} without a recorded number)"
    else:
        source = "none with a recorded number"
    if undated and undated == c["messages_in"]:
        when = "none with a recorded time, so whether any came at night cannot be told"
    elif undated:
        when = (f"{night['messages']} of them sent at night between 22:00 and 08:00 "
                f"({undated} without a recorded time not counted)")
    else:
        when = f"{night['messages']} of them sent at night between 22:00 and 08:00"
    text = f"{span}I received {_n(c['messages_in'], 'collection text message')} {source}, {when}"
    if c["calls"]:
        text += (
            f", and {_n(c['calls'], 'collection call')} ({night['calls']} at night), "
            f"about {_n(c['call_minutes'], 'minute')} in all"
        )
    text += "."
    if visits:
        authority = sum(1 for v in visits if v["with_authority"])
        claim = "message claims" if len(visits) == 1 else "messages claim"
        text += f" {len(visits)} {claim} someone will visit" + (
            f" ({authority} with police or court staff)" if authority else ""
        ) + "."
    if findings:
        listed = "; ".join(f"{f['title'].get('en', f['rule_id'])} ({_n(f['messages'], 'message')}, {f['rule_id']})" for f in findings[:8])
        text += f" Checked against dunguard's rules, the messages may involve: {listed}. The report cites the source of each rule."
    if c.get("likely_scam"):
        scam = "message is" if c["likely_scam"] == 1 else "messages are"
        text += (f" {c['likely_scam']} further {scam} likely impersonation scams, not counted as collection messages nor in"
                 " the figures above.")
    text += " Original exports, screenshots and recordings in the package are kept unchanged; manifest.json lists each file's SHA-256. "
    note = SECTIONS["disclaimer"]["en"].removeprefix("Note: ")
    return text + note[:1].upper() + note[1:]


def _n(count: float, noun: str) -> str:
    """'1 message', '2 messages', '4 minutes'."""
    return f"{count:g} {noun}" + ("" if count == 1 else "s")


# ---------------------------------------------------------------- writing the package


def safe_name(name: str, limit: int = 80) -> str:
    """A file name that cannot escape its folder in the ZIP or upset an unzip tool."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f:*?\"<>|]", "_", base).strip(" .")
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else base[:limit]
    return base or "file"


def _evidence_path(f: Mapping[str, Any]) -> str:
    folder = "originals" if f.get("role") == "source" else "attachments"
    return f"{folder}/{f['sha256'][:12]}-{safe_name(str(f.get('name', '')))}"


def _zip_info(arcname: str, when: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=when.timetuple()[:6])
    suffix = Path(arcname).suffix.lower()
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def build_package(
    bundle: CaseBundle,
    out_path: str | os.PathLike[str],
    *,
    lang: str = "zh",
    tz: str = DEFAULT_TZ,
    now: datetime | None = None,
) -> ExportResult:
    """Write the evidence package for a CaseBundle; the ZIP appears only when complete."""
    from dunguard import __version__
    from dunguard.case.chain import canonical

    started = time.perf_counter()
    now = now or datetime.now(UTC).astimezone()
    out = Path(out_path)
    if out.is_dir():
        raise BadInput("export_is_dir", path=str(out))
    summary = summarize(bundle.items, tz)
    contacts = [i for i in bundle.items if is_contact(i)]
    from dunguard.case.chart import contacts_chart

    chart_png = contacts_chart(contacts, lang=lang, tz=tz)

    entries: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    evidence: list[tuple[str, dict[str, Any], Path]] = []
    seen: set[str] = set()
    for f in bundle.files:
        if f["sha256"] in seen:
            continue
        seen.add(f["sha256"])
        src = bundle.file_path(f["sha256"])
        if not src.is_file():
            problems.append({"change": "missing", "item": "file", "ref": f["sha256"], "detail": "not in the store"})
            continue
        evidence.append((_evidence_path(f), f, src))

    images = _embeddable_images(evidence)
    view = build_view(bundle, summary, chart_png, lang=lang, tz=tz, now=now, images=images, evidence=evidence)
    from dunguard.render.html import render_case_report

    html = render_case_report(view)
    pdf = case_pdf(view)

    def jsonl(rows: Iterable[Any]) -> bytes:
        return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")

    events_rows = [
        {
            "n": e["n"],
            "kind": e["kind"],
            "at": e["at"],
            "payload": canonical(e["payload"]) if not isinstance(e["payload"], str) else e["payload"],
            "prev_hash": e["prev_hash"],
            "hash": e["hash"],
        }
        for e in bundle.events
    ]
    generated: list[tuple[str, str, bytes]] = [
        ("report.html", "report", html.encode("utf-8")),
        ("report.pdf", "report", pdf),
        ("chart.png", "chart", chart_png),
        ("summary.json", "summary", json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")),
        ("summary.txt", "summary", (summary["statement"][lang] + "\n").encode("utf-8")),
        ("timeline.jsonl", "timeline", jsonl(bundle.items)),
        ("events.jsonl", "log", jsonl(events_rows)),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise BadInput("export_unwritable", path=str(out), reason=exc.strerror or str(exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            for arcname, role, data in generated:
                zf.writestr(_zip_info(arcname, now), data)
                entries.append({"path": arcname, "role": role, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
            for arcname, f, src in evidence:
                digest, size = _copy_into(zf, _zip_info(arcname, now), src)
                entry = {
                    "path": arcname,
                    "role": "original" if f.get("role") == "source" else f.get("role", "attachment"),
                    "sha256": digest,
                    "size": size,
                    "name": f.get("name", ""),
                    "note": f.get("note", ""),
                    "added_at": f.get("at"),
                }
                if digest != f["sha256"]:
                    problems.append(
                        {"change": "altered", "item": "file", "ref": f["sha256"], "detail": f"store file hashes to {digest}"}
                    )
                entries.append(entry)
            verify = bundle.verify or {}
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "tool": {"name": "dunguard", "version": __version__},
                "exported_at": now.isoformat(timespec="seconds"),
                "language": lang,
                "timezone": tz,
                "case": {**{k: bundle.case.get(k) for k in ("id", "name", "created_at")},
                         "renames": [{k: r.get(k) for k in ("event", "at", "from", "to")} for r in bundle.renames]},
                "include": bundle.include,
                "chain": {
                    "head": bundle.chain_head,
                    "events": len(bundle.events),
                    "verified_at_export": bool(verify.get("ok", False)) and not problems,
                },
                "case_problems": list(verify.get("problems", [])) + problems,
                "files": entries,
            }
            manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            zf.writestr(_zip_info(MANIFEST, now), manifest_bytes)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput("export_unwritable", path=str(out), reason=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(
        path=out,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        chain_head=bundle.chain_head,
        files=len(entries),
        bytes=out.stat().st_size,
        seconds=time.perf_counter() - started,
        verified=manifest["chain"]["verified_at_export"],
        case_problems=tuple(manifest["case_problems"]),
    )


def _copy_into(zf: zipfile.ZipFile, info: zipfile.ZipInfo, src: Path) -> tuple[str, int]:
    """Stream a file into the ZIP, hashing the bytes actually written."""
    h = hashlib.sha256()
    size = 0
    with src.open("rb") as fin, zf.open(info, "w", force_zip64=True) as fout:
        while block := fin.read(CHUNK):
            h.update(block)
            fout.write(block)
            size += len(block)
    return h.hexdigest(), size


def _embeddable_images(evidence: list[tuple[str, dict[str, Any], Path]]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    total = 0
    for _arc, f, src in evidence:
        if Path(str(f.get("name", ""))).suffix.lower() not in IMAGE_TYPES:
            continue
        size = src.stat().st_size
        if size > EMBED_IMAGE_LIMIT or total + size > EMBED_TOTAL_LIMIT:
            continue
        data = src.read_bytes()
        if not _is_picture(data):
            continue  # named .png but not a picture (or damaged): listed, not embedded
        out[f["sha256"]] = data
        total += size
    return out


def _is_picture(data: bytes) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.verify()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return False
    return True


def export_case(
    store: Any,
    case_id: str,
    out_path: str | os.PathLike[str],
    *,
    lang: str = "zh",
    include: str = "flagged",
    tz: str = DEFAULT_TZ,
    log: bool = True,
) -> ExportResult:
    """Export a case from the store; the export itself is logged in the case's chain."""
    bundle = collect(store, case_id, include=include)
    result = build_package(bundle, out_path, lang=lang, tz=tz)
    if log:
        store.log_event(
            bundle.case["id"],
            "export",
            {
                "file": result.path.name,
                "manifest_sha256": result.manifest_sha256,
                "chain_head": result.chain_head,
                "files": result.files,
                "include": include,
            },
        )
    return result


# ---------------------------------------------------------------- the report's view model


def _fmt_time(at: str | None, tz: str, lang: str) -> tuple[str, bool]:
    """The time as `case show` and the web page show it, and whether it falls in the night."""
    from dunguard.case.times import when_text
    from dunguard.rules.engine import is_night

    dt = _local(at, tz)
    return when_text(at, lang, tz), dt is not None and is_night(dt)


def _verdict_view(report: Mapping[str, Any] | None, lang: str) -> dict[str, Any] | None:
    from dunguard.render.labels import KINDS, LEGITIMACY, LEVELS, SEVERITY, VISIT_TARGETS, label

    if not report:
        return None
    v = report.get("verdict") or {}
    visits = []
    for e in report.get("elements") or []:
        if e.get("type") == "visit" and not e.get("negated"):
            visits.append(f"{e.get('text', '')}（{label(VISIT_TARGETS, e.get('target', 'unspecified'), lang)}）"
                          if lang == "zh" else f"{e.get('text', '')} ({label(VISIT_TARGETS, e.get('target', 'unspecified'), lang)})")
        if e.get("type") == "time" and e.get("role") == "visit":
            visits.append((e.get("display") or {}).get(lang) or e.get("text", ""))
    return {
        "kinds": [label(KINDS, k, lang) for k in v.get("kinds") or []],
        "primary": label(KINDS, v.get("primary_kind", "other"), lang),
        "legitimacy": label(LEGITIMACY, v.get("legitimacy", "unclear"), lang),
        "legitimacy_key": v.get("legitimacy", "unclear"),
        "scam_risk": v.get("scam_risk"),
        "visit_level": label(LEVELS, (v.get("visit_credibility") or {}).get("level", "unknown"), lang),
        "findings": [
            {
                "rule_id": f["rule_id"],
                "title": (f.get("title") or {}).get(lang) or f["rule_id"],
                "severity": label(SEVERITY, f.get("severity", "low"), lang),
                "severity_key": f.get("severity", "low"),
                "words": "、".join(s.get("text", "") for s in f.get("spans") or []),
            }
            for f in report.get("findings") or []
        ],
        "visits": visits,
    }


def build_view(
    bundle: CaseBundle,
    summary: Mapping[str, Any],
    chart_png: bytes,
    *,
    lang: str,
    tz: str,
    now: datetime,
    images: Mapping[str, bytes],
    evidence: list[tuple[str, dict[str, Any], Path]],
) -> dict[str, Any]:
    """Everything report.html and report.pdf show, already in the user's language."""
    from dunguard import __version__
    from dunguard.render.labels import CONFIDENCE, LEVELS, SECTIONS, SEVERITY, VISIT_TARGETS, label

    w = WORDS[lang]
    paths = {f["sha256"]: arc for arc, f, _ in evidence}
    names = {f["sha256"]: f.get("name", "") for f in bundle.files}
    rows = []
    listed = _with_renames(bundle.items, bundle.renames)
    for item in listed[:HTML_ROWS_LIMIT]:
        when, night = _fmt_time(item.get("at"), tz, lang)
        kind = item.get("type")
        # Night is marked on a collector's contacts only: a note, a file or a reply the borrower
        # added at 00:49 is the borrower's own act, not night-time collection.
        night = night and (kind == "call" or (kind == "message" and item.get("direction") == "in"))
        row: dict[str, Any] = {
            "type": kind, "when": when, "night": night, "id": str(item.get("id", ""))[:12],
            "who": "", "text": "", "verdict": None, "source": "", "image": None, "path": "",
        }
        if kind == "message":
            row.update(
                who=f"{w['from'] if item.get('direction') == 'in' else w['to']} {item.get('sender') or '?'}",
                text=item.get("text", ""),
                verdict=_verdict_view(item.get("report"), lang) if item.get("direction") == "in" else None,
                source=paths.get(item.get("source_sha256") or "", ""),
                image=item.get("source_sha256") if item.get("source_sha256") in images else None,
            )
        elif kind == "call":
            bits = [w["minutes"].format(m=f"{float(item.get('minutes') or 0):g}")]
            if item.get("note"):
                bits.append(item["note"])
            rec = item.get("recording_sha256")
            if rec:
                bits.append(f"{w['recording']}: {paths.get(rec, rec[:12])}")
            row.update(who=item.get("number", ""), text=("，" if lang == "zh" else ", ").join(bits))
        elif kind == "note":
            row.update(who="", text=item.get("text", ""))
        elif kind == "rename":
            row.update(id="", text=w["renamed"].format(old=item.get("from", ""), new=item.get("to", "")))
        else:
            sha = item.get("sha256") or item.get("id") or ""
            label_ = w["original"] if item.get("role") == "source" else w["attachment"]
            text = f"{label_}: {names.get(sha, item.get('name', ''))}"
            note = attachment_note(item.get("note"), item.get("role"), lang, tz)
            if note and item.get("role") != "source":
                text += f" — {note}"
            row.update(who="", text=text, path=paths.get(sha, ""), image=sha if sha in images else None,
                       sha256=sha, size=item.get("size"))
        rows.append(row)

    findings = []
    for f in summary["findings"]:
        first, _ = _fmt_time(f.get("first"), tz, lang)
        last, _ = _fmt_time(f.get("last"), tz, lang)
        findings.append(
            {
                "rule_id": f["rule_id"],
                "title": (f.get("title") or {}).get(lang) or f["rule_id"],
                "severity": label(SEVERITY, f.get("severity", "low"), lang),
                "severity_key": f.get("severity", "low"),
                "messages": f["messages"],
                "period": first if first == last else f"{first} – {last}",
                "citations": [
                    {
                        "document": c.get("document", ""),
                        "article": c.get("article", ""),
                        "issuer": c.get("issuer", ""),
                        "date": c.get("date", ""),
                        "url": c.get("url", ""),
                        "retrieved": c.get("retrieved", ""),
                        "confidence": label(CONFIDENCE, c.get("confidence", "U"), lang),
                    }
                    for c in f.get("citations") or []
                ],
            }
        )
    visits = []
    for v in summary["visit_claims"]:
        when, night = _fmt_time(v.get("at"), tz, lang)
        visits.append(
            {
                "when": when,
                "night": night,
                "sender": v.get("sender") or "?",
                "words": "、".join(v["words"]) if lang == "zh" else ", ".join(v["words"]),
                "targets": ("、" if lang == "zh" else ", ").join(label(VISIT_TARGETS, t, lang) for t in v["targets"]),
                "visit_time": ("；" if lang == "zh" else "; ").join(
                    (t.get("display") or {}).get(lang) or t.get("text", "") for t in v["visit_time"]
                ),
                "credibility": label(LEVELS, v.get("credibility", "unknown"), lang),
            }
        )
    c, r = summary["counts"], summary["range"]
    first, _ = _fmt_time(r["first"], tz, lang)
    last, _ = _fmt_time(r["last"], tz, lang)
    busiest = r.get("busiest_day")
    counts = [
        (w["messages_in"], str(c["messages_in"])),
        (w["senders"], str(c["senders"])),
        (w["night_messages"], str(summary["night"]["messages"])),
        (w["calls"], str(c["calls"])),
        (w["night_calls"], str(summary["night"]["calls"])),
        (w["call_minutes"], f"{c['call_minutes']:g}"),
        (w["first"], first if r["first"] else "—"),
        (w["last"], last if r["last"] else "—"),
        (w["busiest"], f"{busiest['date']}（{busiest['contacts']}）" if busiest and lang == "zh"
         else f"{busiest['date']} ({busiest['contacts']})" if busiest else "—"),
        (w["notes"], str(c["notes"])),
        (w["attachments"], str(c["attachments"])),
    ]
    verify = bundle.verify or {}
    files = [{"path": arc, "name": f.get("name", ""), "sha256": f["sha256"], "size": f.get("size", "")} for arc, f, _ in evidence]
    return {
        "lang": lang,
        "w": w,
        "title": f"{w['title']}：{bundle.case.get('name', '')}" if lang == "zh" else f"{w['title']}: {bundle.case.get('name', '')}",
        "case": bundle.case,
        "created": _fmt_time(bundle.case.get("created_at"), tz, lang)[0],
        "exported": _fmt_time(now.isoformat(), tz, lang)[0],
        "tool": f"dunguard {__version__}",
        "chain_head": bundle.chain_head,
        "verified": bool(verify.get("ok", False)),
        "verify_line": w["verify_ok"] if verify.get("ok") else w["verify_bad"].format(n=len(verify.get("problems", []))),
        "statement": summary["statement"][lang],
        "counts": counts,
        "chart_png": chart_png,
        "findings": findings,
        "visits": visits,
        "timeline_note": w["timeline_all"] if bundle.include == "all" else w["timeline_flagged"],
        "rows": rows,
        "total_rows": len(listed),
        "images": images,
        "files": files,
        "disclaimer": SECTIONS["disclaimer"][lang],
    }


def case_pdf(view: Mapping[str, Any]) -> bytes:
    """report.pdf from the same view as report.html."""
    from dunguard.render.pdf import Heading, Image, Paragraph, Pre, Table, build_pdf

    w, lang = view["w"], view["lang"]
    blocks: list[Any] = [
        Table(
            [
                [w["case_id"], view["case"].get("id", "")],
                [w["created"], view["created"]],
                [w["exported"], view["exported"]],
                [w["tool"], view["tool"]],
                [w["chain_head"], view["chain_head"]],
            ],
            header=False,
            widths=[1, 3],
        ),
        Paragraph(view["verify_line"], style="body" if view["verified"] else "strong"),
        Heading(w["summary"]),
        Paragraph(w["statement"], style="small"),
        Pre(view["statement"]),
        Table([[w["counts"], ""]] + [list(row) for row in view["counts"]], widths=[2, 3]),
        Heading(w["chart"]),
        Image(view["chart_png"], width_mm=170, caption=w["chart_caption"]),
        Heading(w["findings"]),
    ]
    if not view["findings"]:
        blocks.append(Paragraph(w["no_findings"]))
    for f in view["findings"]:
        blocks.append(Heading(f"{f['rule_id']} {f['title']}", level=2))
        blocks.append(Paragraph(f"{w['severity']}: {f['severity']}　{w['times']}: {f['messages']}　{w['period']}: {f['period']}"))
        for c in f["citations"]:
            line = f"{w['source']}: {c['document']} {c['article']}".strip()
            extra = "，".join(x for x in (c["issuer"], c["date"], c["confidence"]) if x) if lang == "zh" else ", ".join(
                x for x in (c["issuer"], c["date"], c["confidence"]) if x
            )
            blocks.append(Paragraph(f"{line}（{extra}）" if lang == "zh" and extra else f"{line} ({extra})" if extra else line, style="small"))
            if c["url"]:
                blocks.append(Paragraph(c["url"] + (f"  [{c['retrieved']}]" if c["retrieved"] else ""), style="small"))
    blocks.append(Heading(w["visits"]))
    if view["visits"]:
        rows = [[w["when"], w["who"], w["visit_words"], w["visit_target"], w["visit_time"], w["credibility"]]]
        rows += [
            [v["when"] + (f" ({w['night']})" if v["night"] else ""), v["sender"], v["words"], v["targets"], v["visit_time"], v["credibility"]]
            for v in view["visits"]
        ]
        blocks.append(Table(rows, widths=[2.2, 2, 2, 1.5, 2.2, 1.2]))
    else:
        blocks.append(Paragraph(w["no_visits"]))
    blocks.append(Heading(w["timeline"]))
    blocks.append(Paragraph(view["timeline_note"], style="small"))
    if view["total_rows"] > PDF_ROWS_LIMIT:
        blocks.append(Paragraph(w["truncated"].format(shown=PDF_ROWS_LIMIT, total=view["total_rows"]), style="strong"))
    rows = [[w["when"], w["who"], w["content"], w["judgement"]]]
    for row in view["rows"][:PDF_ROWS_LIMIT]:
        # Date and time on separate lines fit the narrow column without wrapping.
        when = row["when"].rsplit(" ", 1)
        when = "\n".join(when) + (f" ({w['night']})" if row["night"] else "")
        judgement = ""
        verdict = row.get("verdict")
        if verdict:
            bits = [f"{verdict['primary']} · {verdict['legitimacy']}"]
            bits += [f"{f['rule_id']} {f['title']}" for f in verdict["findings"]]
            if verdict["visits"]:
                bits.append(("上门：" if lang == "zh" else "visit: ") + " ".join(verdict["visits"]))
            judgement = "\n".join(bits)
        kind = {"call": w["call"], "note": w["note"]}.get(row["type"], "")
        text = f"{kind}: {row['text']}" if kind else row["text"]
        if row.get("path"):
            text += "\n" + w["in_package"].format(path=row["path"])
        rows.append([when, row.get("who", ""), text, judgement])
    blocks.append(Table(rows, widths=[1.6, 2.0, 4.0, 2.5]))
    shots = [f for f in view["files"] if f["sha256"] in view["images"]][:PDF_IMAGES_LIMIT]
    if shots:
        blocks.append(Heading(w["pictures"]))
        for f in shots:
            blocks.append(Image(view["images"][f["sha256"]], width_mm=120, caption=f"{f['path']}  SHA-256 {f['sha256']}"))
    if view["files"]:
        blocks.append(Heading(w["files"]))
        blocks.append(Table([[w["path"], "SHA-256", w["size"]]] + [[f["path"], f["sha256"], str(f["size"])] for f in view["files"]], widths=[3, 5, 1]))
    blocks.append(Paragraph(w["how_to_check"], style="small"))
    blocks.append(Paragraph(view["disclaimer"], style="small"))
    return build_pdf(
        view["title"],
        blocks,
        lang=lang,
        subject=f"{w['chain_head']} {view['chain_head']}",
        footer=f"{w['case_id']} {view['case'].get('id', '')} · {w['chain_head']} {view['chain_head'][:16]}…",
    )


# ---------------------------------------------------------------- checking a package


def verify_package(zip_path: str | os.PathLike[str]) -> PackageCheck:
    """Check an evidence package without the database.

    Every file the manifest lists must be present with the same SHA-256 and size; any
    other file is reported as added; the log in events.jsonl must chain, entry by entry,
    to the head the manifest states. The manifest must also record that the case passed
    its own check at export (``chain.verified_at_export``); when it does not, the check
    is not ok and carries the recorded ``case_problems``.
    """
    p = Path(zip_path)
    if not p.exists():
        raise BadInput("file_not_found", path=str(p))
    if not zipfile.is_zipfile(p):
        raise BadInput("not_a_package", path=str(p))
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput("not_a_package", path=str(p)) from exc
    with zf:
        names = {i.filename: i for i in zf.infolist() if not i.is_dir()}
        if MANIFEST not in names:
            raise BadInput("bad_package", path=str(p), reason=f"{MANIFEST} is missing")
        try:
            manifest_bytes = zf.read(MANIFEST)
            manifest = json.loads(manifest_bytes)
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError("not a dunguard evidence manifest")
            files = manifest.get("files")
            head = (manifest.get("chain") or {}).get("head")
            if not isinstance(files, list) or not isinstance(head, str):
                raise ValueError("the file list or the chain head is missing")
            if not all(isinstance(e, dict) and isinstance(e.get("path"), str) for e in files):
                raise ValueError("a file entry without a path")
        except (AttributeError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
            raise BadInput("bad_package", path=str(p), reason=f"{MANIFEST}: {exc}") from None
        problems: list[PackageProblem] = []
        listed: set[str] = set()
        for entry in files:
            path = str(entry.get("path", ""))
            listed.add(path)
            info = names.get(path)
            if info is None:
                problems.append(PackageProblem.of("missing", path, Text("pkg_not_in_package")))
                continue
            digest, size = _hash_member(zf, info)
            if digest is None:
                problems.append(PackageProblem.of("altered", path, Text("pkg_unreadable")))
            elif digest != entry.get("sha256") or size != entry.get("size"):
                problems.append(PackageProblem.of(
                    "altered", path, Text("pkg_hash_differs", digest=digest, expected=entry.get("sha256"))
                ))
        for name in sorted(names.keys() - listed - {MANIFEST}):
            problems.append(PackageProblem.of("added", name, Text("pkg_not_listed")))
        events = 0
        if "events.jsonl" in names and "events.jsonl" in listed:
            chain_problem, events, logged_name = _check_events(zf, manifest)
            if chain_problem is not None:
                problems.append(PackageProblem.of("altered", "events.jsonl", chain_problem))
            elif (name_problem := _check_name(manifest, logged_name)) is not None:
                problems.append(PackageProblem.of("altered", MANIFEST, name_problem))
    case = manifest.get("case") or {}
    case_verified, case_problems = _case_check_at_export(manifest)
    return PackageCheck(
        ok=not problems and case_verified,
        problems=tuple(problems),
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        chain_head=head,
        case_id=str(case.get("id", "")),
        exported_at=str(manifest.get("exported_at", "")),
        files=len(files),
        events=events,
        case_verified=case_verified,
        case_problems=case_problems,
    )


def _case_check_at_export(manifest: Mapping[str, Any]) -> tuple[bool, tuple[dict[str, str], ...]]:
    """What the manifest says of the case's check at export; anything but ``true`` is a failure."""
    chain = manifest.get("chain") or {}
    verified = chain.get("verified_at_export") is True
    rows = manifest.get("case_problems")
    found = tuple(
        {k: str(p.get(k, "")) for k in ("change", "item", "ref", "detail")}
        for p in (rows if isinstance(rows, list) else [])
        if isinstance(p, dict)
    )
    return verified and not found, found


def _hash_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str | None, int]:
    h = hashlib.sha256()
    size = 0
    try:
        with zf.open(info) as fh:
            while block := fh.read(CHUNK):
                h.update(block)
                size += len(block)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # zipfile raises BadZipFile on a CRC mismatch: the bytes were changed in place.
        return None, size
    return h.hexdigest(), size


def _check_name(manifest: Mapping[str, Any], logged: str | None) -> Text | None:
    """The manifest's case name against the last name the log gave (its create or latest rename entry).

    The manifest is the one file no hash in the package covers; this ties its case name to the
    chain. A case whose stored name already disagreed with its log at export is recorded in
    case_problems, and that, not the package, is what is wrong then.
    """
    name = (manifest.get("case") or {}).get("name")
    recorded = manifest.get("case_problems")
    if isinstance(recorded, list) and any(isinstance(p, dict) and p.get("item") == "case" for p in recorded):
        return None
    if logged is None or not isinstance(name, str) or name == logged:
        return None
    return Text("pkg_name_differs", name=name, logged=logged)


def _logged_name(rows: list[tuple[int, str, str, str, str, str]]) -> str | None:
    """The case name the log ends on: the create entry's, then each rename's new name."""
    name = None
    for _n, kind, _at, payload, _prev, _hash in rows:
        if kind not in ("create", "rename"):
            continue
        try:
            data = json.loads(payload)
        except (TypeError, ValueError):
            continue
        if isinstance(data, dict):
            name = data.get("name" if kind == "create" else "to", name)
    return name if isinstance(name, str) else None


def _check_events(zf: zipfile.ZipFile, manifest: Mapping[str, Any]) -> tuple[Text | None, int, str | None]:
    """Recompute the hash chain from events.jsonl; None when it leads to the manifest's head.

    Also returns the case name the log ends on (None when it names none).
    """
    from dunguard.case.chain import check_chain

    case_id = str((manifest.get("case") or {}).get("id", ""))
    rows = []
    try:
        for line in zf.read("events.jsonl").decode("utf-8").splitlines():
            if line.strip():
                e = json.loads(line)
                rows.append((int(e["n"]), e["kind"], e["at"], e["payload"], e["prev_hash"], e["hash"]))
    except (KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
        return Text("pkg_log_unreadable", reason=exc), len(rows), None
    found, head, count = check_chain(case_id, rows)
    if found:
        first = found[0]
        return (Text("pkg_log_entry", n=first.ref, change=Text(f"pkg_{first.change}"), detail=first.detail),
                count, None)
    if head != manifest["chain"]["head"]:
        return Text("pkg_log_head", head=head, expected=manifest["chain"]["head"]), count, None
    return None, count, _logged_name(rows)
