"""Who the message says it is from: named lenders, the 【signature】, and collector self-labels.

Three roles, all ``type="lender"``:

- ``named``: a lender alias from ``data/lenders.yaml`` anywhere in the text,
  including inside the signature (【美团】 gives a ``signature`` element for the
  brackets and a ``named`` element for 美团). ``value`` is the lender id.
- ``signature``: the 【…】 (or [...]) tag at the start or end of an SMS, which
  carriers require senders to register. Emitted even when we do not know the
  name: ``value`` None and ``known`` False, since an unknown signature on a
  "collection" text is itself a signal. Bracketed headings (【温馨提示】,
  【逾期通知】, 【律师函】) are titles, not signatures, and are skipped.
- ``collector``: how a collector labels itself (法务部, 风控中心, 调解中心,
  XX律师事务所, XX资产管理有限公司...). ``value`` is None; ``attrs`` holds
  ``label`` (the words used), ``name`` (the firm's name when one is given,
  else None) and ``form`` (unit | law_firm | asset_manager). They matter for
  "who is collecting" rules.

Lender attrs (named and signature): ``name``, ``kind``, ``known``,
``official_phones`` (numbers read on the lender's own page, each {number,
note, source, retrieved} so a plan can show where it came from),
``listed_phones`` (numbers only public directories give: unconfirmed, never
called official), ``official_sites`` (verified domains); signatures add
``label``, the bracket text.

Matching is one Aho-Corasick pass over every alias (ahocorasick_rs), longest
match first, so the work per message does not grow with the dictionary.
Short, ambiguous aliases (工行, 美团, 白条, 支付宝) only count when they fill a
whole signature or are followed by a product word (信用卡, 贷款, 客服...), so
集中行动 does not contain 中行 and 美团外卖 is not a loan. ``blockers`` in the
data file (中国银行保险监督管理委员会, 没有钱花...) are matched as words of
their own so the longer phrase wins over the alias inside it.

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "【招联金融】您的好期贷已逾期"
    >>> [(e.role, e.value, e.text) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('signature', 'mucfc', '【招联金融】'), ('named', 'mucfc', '招联金融'), ('named', 'mucfc', '好期贷')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dunguard.extract.base import Doc, normalize
from dunguard.lenders import Lender, lender_data
from dunguard.model import Element
from dunguard.regexcache import Gated
from dunguard.wordsearch import WordIndex

# What may follow a short alias for it to count as the lender ("招行信用卡", "美团月付").
# Repayment words (还款, 账户) are left out on purpose: "通过支付宝还款" names a channel, not a lender.
PRODUCT_AFTER = re.compile(
    r"(?:信用卡|银行|贷款|借款|借钱|客服|账单|分期|热线|金融|消费金融|白条|金条|月付|借呗|花呗|"
    r"官方|平台|额度|[Aa][Pp][Pp])"
)

# A signature is a short bracketed tag at the very start or end (before an opt-out note).
_SIG_BODY = r"[【\[]([^【】\[\]\n]{1,24})[】\]]"
SIGNATURE_START = re.compile(r"^\s*" + _SIG_BODY)
_SIG_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# 【温馨提示】, 【逾期通知】, 【律师函】 head a text; they are titles, not the sender's registered name.
SIGNATURE_HEADING = re.compile(
    r"^\s*(?:温馨|重要|紧急|最后|最终|逾期|还款|催收|催款|风险|安全|系统|友情|特别|郑重)?"
    r"(?:提示|提醒|通知|公告|警告|告知书|告知|通告|声明|通知书)\s*$|^\s*律师函\s*$"
)
SIGNATURE_END = re.compile(
    _SIG_BODY + r"\s*(?:(?:回T退订|退订回T|回TD退订|退订回TD|拒收请回复R|退订回复T)[。.!]?\s*)?$"
)

# Generic units a collector calls itself by.
COLLECTOR_LABELS = Gated(re.compile(
    r"(?:法务部|法务中心|法务组|风控中心|风控部|风险管理部|资产处置中心|资产处置部|资产保全部|"
    r"不良资产处置中心|贷后管理中心|贷后管理部|贷后中心|催收部|催收中心|催收组|清收部|清收中心|"
    r"调解中心|调解委员会|调解室|外访组|外访部|外访中心|外访专员|外访人员|特别处置组|逾期管理中心|"
    r"案件处置中心|委外催收)"
))
# Firm names end in one of these; the name is read backwards from the suffix.
FIRM_SUFFIX = Gated(re.compile(
    r"(?:律师事务所|(?<!法)律所|资产管理(?:股份)?有限(?:责任)?公司|资产管理公司)"
))
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff（）()]")
_NAME_MAX = 14
# Words that end the text before a firm's name ("已移交北京某某律师事务所" -> "北京某某律师事务所").
# Single characters are the common particles; 至 only as part of a verb, since it starts firm names.
_NAME_CUT = re.compile(
    r"(?:移交至|移交|委托给|委托|交由|转交|转至|送至|发至|授权|指派|来自|我们是|我司|本所|联系|致电|邀请|院内|并|"
    r"[由给被的是为和与及在将已现向经])"
)


@dataclass(frozen=True, slots=True)
class _Entry:
    lender_id: str | None  # None for a blocker
    short: bool
    ascii_edges: tuple[bool, bool]


@cache
def _matcher() -> tuple[WordIndex[_Entry], dict[str, Lender]]:
    data = lender_data()
    entries: list[tuple[str, _Entry]] = []
    by_id = {lender.id: lender for lender in data.lenders}

    def add(word: str, entry: _Entry) -> None:
        for variant in {word, word.lower(), word.upper()} if word.isascii() else {word}:
            entries.append((normalize(variant), entry))

    for lender in data.lenders:
        for alias, short in [(a, False) for a in lender.aliases] + [(a, True) for a in lender.short_aliases]:
            edges = (_is_ascii_alnum(alias[0]), _is_ascii_alnum(alias[-1]))
            add(alias, _Entry(lender.id, short, edges))
    for blocker in data.blockers:  # the loader guarantees no blocker is spelled like an alias
        add(blocker, _Entry(None, False, (False, False)))
    return WordIndex(entries), by_id


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def extract(doc: Doc) -> list[Element]:
    """Named lenders, signatures and collector labels in the message."""
    index, by_id = _matcher()
    norm = doc.norm
    signatures = _signatures(norm)
    sig_inner = {(inner_start, inner_end) for _, _, inner_start, inner_end in signatures}

    candidates: list[tuple[int, int, _Entry]] = []
    for start, end, entry in index.find(norm):
        if entry.lender_id is not None and not _valid(norm, start, end, entry, sig_inner):
            continue
        candidates.append((start, end, entry))
    chosen = _longest_first(candidates)

    out: list[Element] = []
    named = [(s, e, entry) for s, e, entry in chosen if entry.lender_id is not None]
    for outer_start, outer_end, inner_start, inner_end in signatures:
        inside = [(s, e, entry) for s, e, entry in named if s >= inner_start and e <= inner_end]
        lender = by_id[max(inside, key=lambda m: m[1] - m[0])[2].lender_id] if inside else None
        out.append(
            Element(
                type="lender",
                role="signature",
                span=doc.span(outer_start, outer_end),
                value=lender.id if lender else None,
                attrs=_attrs(lender, label=doc.span(inner_start, inner_end).text.strip()),
            )
        )
    for start, end, entry in named:
        lender = by_id[entry.lender_id]
        out.append(Element(type="lender", role="named", span=doc.span(start, end), value=lender.id, attrs=_attrs(lender)))
    out.extend(_collectors(doc))
    out.sort(key=lambda e: (e.start, -e.end, e.role))
    return out


def _valid(norm: str, start: int, end: int, entry: _Entry, sig_inner: set[tuple[int, int]]) -> bool:
    # Latin aliases must stand alone: BOC is not inside BOCOM, CCB not inside XCCB1.
    if entry.ascii_edges[0] and start > 0 and _is_ascii_alnum(norm[start - 1]):
        return False
    if entry.ascii_edges[1] and end < len(norm) and _is_ascii_alnum(norm[end]):
        return False
    if not entry.short:
        return True
    if any(_fills(norm, start, end, s, e) for s, e in sig_inner):
        return True
    return PRODUCT_AFTER.match(norm, end) is not None


def _fills(norm: str, start: int, end: int, inner_start: int, inner_end: int) -> bool:
    return inner_start <= start and end <= inner_end and norm[inner_start:inner_end].strip() == norm[start:end]


def _longest_first(candidates: list[tuple[int, int, _Entry]]) -> list[tuple[int, int, _Entry]]:
    kept: list[tuple[int, int, _Entry]] = []
    for start, end, entry in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, entry))
    kept.sort(key=lambda c: c[0])
    return kept


def _signatures(norm: str) -> list[tuple[int, int, int, int]]:
    """(outer start, outer end, inner start, inner end) of the start and end signatures."""
    found: list[tuple[int, int, int, int]] = []
    for pattern in (SIGNATURE_START, SIGNATURE_END):
        m = pattern.search(norm)
        if m is None or "/" in m.group(1) or not _SIG_WORD.search(m.group(1)):
            continue  # "[1/2]", "[3]" and "[2015-7-12]" are part markers or dates, not signatures
        # Some phones turn 【】 into []; but an ASCII-bracketed tag is a sender name only
        # if it holds Chinese or an upper-case brand like ICBC ("[bold]" is markup).
        if norm[m.start(1) - 1] == "[" and not (_CJK.search(m.group(1)) or m.group(1).strip().isupper()):
            continue
        if SIGNATURE_HEADING.match(m.group(1)):
            continue
        outer_start = m.start(1) - 1
        outer_end = m.end(1) + 1
        if any(outer_start == f[0] for f in found):
            continue
        found.append((outer_start, outer_end, m.start(1), m.end(1)))
    return found


@cache
def _phone_records(lender: Lender, listed: bool = False) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Verified numbers (read on the lender's own page, callable), or with ``listed`` the secondary ones."""
    return tuple(
        (("number", p.number), ("note", p.note), ("source", p.source), ("retrieved", p.retrieved))
        for p in (lender.listed_phones if listed else lender.official_phones)
        if listed or (p.verified and not p.outbound_only)
    )


def _attrs(lender: Lender | None, label: str | None = None) -> dict[str, Any]:
    # Fresh dicts per element: attrs travel to callers, who must not share state between reports.
    attrs: dict[str, Any] = {
        "name": lender.name if lender else None,
        "kind": lender.kind if lender else None,
        "known": lender is not None,
        "official_phones": [dict(rec) for rec in _phone_records(lender)] if lender else [],
        # Numbers public directories give for this lender, not read on its own page: shown as unconfirmed.
        "listed_phones": [dict(rec) for rec in _phone_records(lender, listed=True)] if lender else [],
        "official_sites": list(lender.verified_sites) if lender else [],
    }
    if label is not None:
        attrs["label"] = label
    return attrs


def _collectors(doc: Doc) -> list[Element]:
    norm = doc.norm
    out: list[Element] = []
    for m in COLLECTOR_LABELS.finditer(norm):
        label = doc.span(m.start(), m.end()).text
        out.append(
            Element(
                type="lender",
                role="collector",
                span=doc.span(m.start(), m.end()),
                attrs={"label": label, "name": None, "form": "unit"},
            )
        )
    for m in FIRM_SUFFIX.finditer(norm):
        start = m.start()
        while start > 0 and m.start() - start < _NAME_MAX and _NAME_CHAR.match(norm, start - 1):
            start -= 1
        # "7月30日湖北某某律师事务所": the date's last character is not part of the name.
        if start > 0 and norm[start] in "年月日号" and (norm[start - 1].isdigit() or norm[start - 1] in "xX"):
            start += 1
        prefix = norm[start : m.start()]
        cut = 0
        for c in _NAME_CUT.finditer(prefix):
            cut = c.end()
        start += cut
        label = doc.span(start, m.end()).text
        form = "law_firm" if m.group().startswith("律") else "asset_manager"
        # A bare suffix ("已委托律师事务所") names no one.
        name = label if start < m.start() else None
        out.append(
            Element(
                type="lender",
                role="collector",
                span=doc.span(start, m.end()),
                attrs={"label": label, "name": name, "form": form},
            )
        )
    return out
