"""Letters a borrower can send: willingness to repay, a negotiation request, a complaint.

Jinja2 templates (``<kind>.<lang>.j2``) write Markdown; ``render`` returns it as Markdown, as plain
text, or as blocks for ``dunguard.render.pdf.build_pdf``. A letter never invents a fact: every
field the user did not give is a visible blank in 【】 (the marker dunguard.plan uses in both
languages), so ``find_blanks`` can list what is left to fill in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunguard.errors import BadInput, register_messages

HERE = Path(__file__).parent
KINDS = ("willing", "negotiate", "complaint")
FORMATS = ("text", "md", "pdf")
BLANK = re.compile(r"【[^】]*】")

# Complaint recipients: --to value -> channel id in data/channels.yaml (numbers live there only).
RECIPIENTS = {
    "12378": "nfra_12378",
    "nifa": "nifa_report",
    "12321": "miit_12321",
    "local": "local_financial_regulator",
}

TITLES = {
    "willing": {"zh": "还款意愿说明", "en": "Statement of willingness to repay"},
    "negotiate": {"zh": "协商还款申请", "en": "Request to agree a repayment plan"},
    "complaint": {"zh": "投诉书", "en": "Complaint"},
}

# Blanks, one per field, in each language.
BLANKS = {
    "zh": {
        "lender": "【贷款机构名称】", "name": "【姓名】", "id_last4": "【身份证后四位】", "contract": "【合同编号】",
        "owed": "【欠款金额】", "principal": "【本金金额】", "phone": "【联系电话】", "reason": "【困难原因】",
        "income": "【每月收入】", "expenses": "【每月必要支出】", "free": "【每月可用余额】",
        "proof": "【证明材料，如失业证明、诊断书、收入流水】", "months": "【期数】", "monthly": "【每月金额】",
        "first_date": "【首期日期】", "date": "【日期】", "agency": "【催收机构名称，如知道】",
        "facts": "【收到短信的时间、号码和原文】", "rules": "【涉嫌违反的规定】",
        "evidence": "【证据：短信截图、通话录音、借款合同等】",
    },
    "en": {
        "lender": "【Lender name】", "name": "【Your name】", "id_last4": "【last 4 digits of ID】",
        "contract": "【contract number】", "owed": "【amount owed】", "principal": "【principal】",
        "phone": "【your phone number】", "reason": "【reason】", "income": "【monthly income】",
        "expenses": "【monthly essential expenses】", "free": "【amount left each month】",
        "proof": "【proof, e.g. termination letter, medical certificate, bank statement】",
        "months": "【number of months】", "monthly": "【monthly amount】", "first_date": "【first payment date】",
        "date": "【Date】", "agency": "【agency name, if known】",
        "facts": "【when you received the messages, from which number, and their text】",
        "rules": "【rules broken】", "evidence": "【evidence: screenshots, call recordings, loan contract】",
    },
}

register_messages(
    {
        "letter_bad_recipient": {
            "zh": "不认识的投诉渠道：{value}（可选：12378、nifa、12321、local）",
            "en": "Unknown complaint channel: {value} (one of 12378, nifa, 12321, local)",
        },
        "letter_no_violation": {
            "zh": "没有生成投诉书：分析结果中没有发现违反催收规定的行为（信中“涉嫌违反的规定”一节会是空的）；"
            "如有其他证据、仍要投诉，请加 --force 生成，并自己填写违反了哪条规定",
            "en": "No complaint written: the analysis found no breach of the collection rules (the letter's "
            "'rules broken' section would be empty); if you have other evidence and still want to complain, "
            "add --force and fill in the rules yourself",
        },
        "letter_bad_report": {
            "zh": "无法读取分析报告 {path}：{reason}（请用 dunguard analyze --json 的输出）",
            "en": "Cannot read the report {path}: {reason} (use the output of dunguard analyze --json)",
        },
    }
)


def _money(x: Decimal) -> str:
    q = x.quantize(Decimal("0.01"))
    return f"{q:,.2f}".rstrip("0").rstrip(".") if q == q.to_integral_value() else f"{q:,.2f}"


def _env() -> Any:
    import jinja2

    # Letters are plain text, not HTML: autoescaping would turn a lender's "&" into "&amp;".
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE)),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def _fill(lang: str, given: Mapping[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = dict(BLANKS[lang])
    for key, value in given.items():
        if value is None or value == "":
            continue
        ctx[key] = _money(value) if isinstance(value, Decimal) else str(value)
    return ctx


def willing(lang: str = "zh", *, lender: str | None = None, owed: Decimal | None = None, name: str | None = None,
            phone: str | None = None, id_last4: str | None = None, contract: str | None = None,
            reason: str | None = None, when: date | None = None) -> str:
    """Markdown of the willingness-to-repay message."""
    ctx = _fill(lang, dict(lender=lender, owed=owed, name=name, phone=phone, id_last4=id_last4,
                           contract=contract, reason=reason, date=when.isoformat() if when else None))
    return _env().get_template(f"willing.{lang}.j2").render(**ctx)


def negotiate(lang: str = "zh", *, lender: str | None = None, owed: Decimal | None = None,
              months: int | None = None, reason: str | None = None, name: str | None = None,
              phone: str | None = None, id_last4: str | None = None, contract: str | None = None,
              income: Decimal | None = None, expenses: Decimal | None = None, principal: Decimal | None = None,
              first_date: date | None = None, proof: str | None = None, when: date | None = None,
              pause: int = 3) -> str:
    """Markdown of the negotiation letter: hardship statement, plan, and what is asked for."""
    from dunguard.loans import make_plan

    monthly = free = None
    affordable = None
    if owed is not None and months:
        if income is not None and expenses is not None:
            opt = make_plan(owed, income, expenses, [months]).options[0]
            monthly, affordable = opt.monthly, opt.affordable
            free = income - expenses if income > expenses else Decimal(0)
        else:
            monthly = make_plan(owed, Decimal(1), Decimal(0), [months]).options[0].monthly
    ctx = _fill(lang, dict(lender=lender, owed=owed, months=months, monthly=monthly, reason=reason, name=name,
                           phone=phone, id_last4=id_last4, contract=contract, income=income, expenses=expenses,
                           free=free, principal=principal, first_date=first_date.isoformat() if first_date else None,
                           proof=proof, date=when.isoformat() if when else None))
    ctx.update(pause=pause, plan_given=owed is not None and bool(months),
               income_given=income is not None and expenses is not None, affordable=affordable)
    return _env().get_template(f"negotiate.{lang}.j2").render(**ctx)


@dataclass(frozen=True, slots=True)
class Evidence:
    name: str
    sha256: str


def _when(value: Any) -> str | None:
    """ISO time -> '2025-02-26 22:40' (the offset is the message's own zone, kept implicit)."""
    if not value:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})", str(value))
    return f"{m.group(1)} {m.group(2)}" if m else str(value)


def violation_fact(words: Sequence[str], explanation: str | None, lang: str) -> str:
    """What in the message breaks a rule: its own words, or, for a rule about something missing
    (no lender named), the finding's explanation, so a letter never quotes nothing."""
    if words:
        if lang == "zh":
            return "短信中" + "、".join(f"“{w}”" for w in words)
        return "the message says " + ", ".join(f"“{w}”" for w in words)
    text = (explanation or "").strip().rstrip("。.")
    if text:
        return text
    return "短信内容见上" if lang == "zh" else "see the message above"


def letter_cites(citations: Iterable[Any], lang: str) -> str:
    """The documents and articles a letter rests on, as a recipient reads them.

    Confidence marks and source notes are for the user reading a report, not for the official who
    reads the letter; they stay in the report and the rule docs.
    """
    parts = []
    for c in citations:
        get = c.get if isinstance(c, Mapping) else lambda k, c=c: getattr(c, k, None)
        doc = " ".join(x for x in (get("document"), get("article")) if x)
        if doc:
            parts.append(doc)
    if not parts:
        return "依据待补充" if lang == "zh" else "source to be added"
    return ("；" if lang == "zh" else "; ").join(parts)


def complaint(lang: str = "zh", *, to: str = "12378", reports: Sequence[Mapping[str, Any]] = (),
              evidence: Iterable[Evidence] = (), lender: str | None = None, name: str | None = None,
              phone: str | None = None, agency: str | None = None, when: date | None = None,
              require_violation: bool = False, calls: Sequence[Mapping[str, Any]] = ()) -> str:
    """Markdown of a complaint built from analysis reports (Report.to_json() dicts) and evidence hashes.

    Each message becomes a fact; each finding that carries citations becomes a rule it appears to
    break (scam signals without a legal basis are left out: a complaint cites rules). The message
    texts are listed as evidence with the SHA-256 of their UTF-8 text when no stored file is given.
    With ``require_violation``, reports that break no rule raise BadInput("letter_no_violation")
    instead of giving a complaint whose rules section is only a blank.
    """
    from dunguard.plan import channel_address, load_channels

    if to not in RECIPIENTS:
        raise BadInput("letter_bad_recipient", value=to)
    ch = load_channels()[RECIPIENTS[to]]
    # The letter names its addressee; where the number was read and how sure it is belongs to the plan.
    line = channel_address(ch)[lang]
    messages, violations, seen = [], [], set()
    ev = list(evidence)
    for i, rep in enumerate(reports, 1):
        msg = rep.get("message") or {}
        text = str(msg.get("text") or "")
        messages.append({
            "at": msg.get("received_at"),
            "received": _when(msg.get("received_at")) or BLANKS[lang]["date"],
            "sender": msg.get("sender") or ("【发送号码】" if lang == "zh" else "【sender number】"),
            "text": text,
        })
        if not evidence:
            label = f"短信 {i}（原文）" if lang == "zh" else f"Message {i} (text)"
            ev.append(Evidence(label, hashlib.sha256(text.encode("utf-8")).hexdigest()))
        for f in rep.get("findings") or []:
            if not f.get("citations") or f.get("category") == "scam":
                continue
            key = f.get("rule_id")
            words = [str(s.get("text")) for s in (f.get("spans") or [])[:3] if s.get("text")]
            fact = violation_fact(words, (f.get("explanation") or {}).get(lang), lang)
            if key in seen:
                continue
            seen.add(key)
            title = (f.get("title") or {}).get(lang) or key
            violations.append({"rule_id": key, "title": title, "fact": fact, "cites": letter_cites(f["citations"], lang)})
        if lender is None:
            for el in rep.get("elements") or []:
                if el.get("type") == "lender" and el.get("name"):
                    lender = str(el["name"])
                    break
    # The calls the reader logged are facts too (a threat said on the phone, a call at night).
    for c in calls:
        at = str(c.get("at") or "")
        clock = _when(at) or BLANKS[lang]["date"]
        night = _night_clock(at)
        minutes = c.get("minutes") or 0
        note = str(c.get("note") or "").strip()
        if lang == "zh":
            text = f"{clock}，号码{c.get('number') or '【来电号码】'}打来电话" + (f"，通话约{minutes:g}分钟" if minutes else "")
            text += "（夜间22:00至次日8:00之间）" if night else ""
            text += f"：{note}" if note else "。"
        else:
            text = f"{clock}, a call from {c.get('number') or '【caller number】'}" + (
                f", about {minutes:g} min" if minutes else "")
            text += " (at night, between 22:00 and 08:00)" if night else ""
            text += f": {note}" if note else "."
        messages.append({"call": True, "at": at, "text": text})
    # The facts read as what happened, in order: a call at 23:30 sits between the messages around
    # it, not after the last message (those without a time keep their place at the end).
    messages.sort(key=_fact_order)
    if require_violation and not violations:
        raise BadInput("letter_no_violation")
    ctx = _fill(lang, dict(lender=lender, name=name, phone=phone, agency=agency,
                           date=when.isoformat() if when else None))
    ctx.update(channel={"name": ch.name[lang], "line": line}, messages=messages, violations=violations,
               evidence=ev, blank_facts=BLANKS[lang]["facts"], blank_rules=BLANKS[lang]["rules"],
               blank_evidence=BLANKS[lang]["evidence"])
    return _env().get_template(f"complaint.{lang}.j2").render(**ctx)


def _night_clock(at: str) -> bool:
    """Whether a stored local time (2026-12-06T23:15:00+08:00) is at night, by the rules' own definition."""
    from dunguard.rules.engine import is_night

    try:
        return is_night(datetime.fromisoformat(at))
    except ValueError:
        return False


def _fact_order(fact: Mapping[str, Any]) -> tuple[bool, float]:
    try:
        return False, datetime.fromisoformat(str(fact.get("at") or "")).timestamp()
    except ValueError:
        return True, 0.0


def complaint_from_case(case_id: str, db: str | Path | None = None, lang: str = "zh", **kw: Any) -> str:
    """A complaint from a stored case (dunguard.case.store): its flagged incoming messages with
    their reports, and its evidence files and call recordings with their SHA-256 hashes."""
    from dunguard.case.store import open_store  # the case store (issue 4)

    reports: list[Mapping[str, Any]] = []
    evidence: list[Evidence] = []
    calls: list[Mapping[str, Any]] = []
    with open_store(db) as store:
        items = store.timeline(case_id)

    def citable(item: Any) -> bool:
        findings = (item.report or {}).get("findings") or []
        return any(f.get("citations") and f.get("category") != "scam" for f in findings)

    # A likely scam is someone pretending to be the lender or a court: a complaint about the lender's collection must
    # not blame the lender for it (it goes to the police's anti-fraud line instead).
    incoming = [
        i for i in items if getattr(i, "type", "") == "message" and getattr(i, "direction", "in") == "in"
        and ((i.report or {}).get("verdict") or {}).get("legitimacy") != "likely_scam"
    ]
    # A complaint is about conduct: only messages that appear to break a rule are its facts
    # (a plain reminder in the same case is not). With none, every collection message is kept.
    keep = {id(i) for i in incoming if citable(i)} or {id(i) for i in incoming}
    for item in items:
        kind = getattr(item, "type", "")
        if kind == "message" and id(item) in keep:
            rep = dict(item.report) if item.report else {"findings": []}
            # The stored report may leave out the message; the row itself is the record.
            rep["message"] = {"text": item.text, "received_at": item.at, "sender": item.sender}
            reports.append(rep)
            label = (f"短信 {item.at or ''} {item.sender or ''}（原文）" if lang == "zh"
                     else f"Message {item.at or ''} {item.sender or ''} (text)")
            evidence.append(Evidence(" ".join(label.split()), hashlib.sha256(item.text.encode("utf-8")).hexdigest()))
        elif kind == "attachment":
            evidence.append(Evidence(item.name, item.sha256))
        elif kind == "call":
            calls.append({"at": item.at, "number": item.number, "minutes": item.minutes, "note": item.note})
            if getattr(item, "recording_sha256", None):
                label = f"通话录音 {item.at} {item.number}" if lang == "zh" else f"Call recording {item.at} {item.number}"
                evidence.append(Evidence(label, item.recording_sha256))
    return complaint(lang, reports=reports, evidence=evidence, calls=calls, **kw)


# A message quoted in a letter (“…”) keeps its own 【】: Chinese texts are signed 【美团借钱】.
QUOTED = re.compile(r"“[^”]*”")


def find_blanks(text: str) -> list[str]:
    """Every unfilled 【…】 blank, in order, once each; a quoted message's 【signature】 is no blank."""
    return list(dict.fromkeys(BLANK.findall(QUOTED.sub("", text))))


def to_text(md: str) -> str:
    """Markdown -> plain text a phone or an email accepts: no # or ** marks."""
    out = []
    for line in md.splitlines():
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            out.append(m.group(2))
            if len(m.group(1)) == 1:
                out.append("=" * min(40, len(m.group(2)) * 2))
            continue
        out.append(line.replace("**", ""))
    return "\n".join(out).strip() + "\n"


def to_blocks(md: str) -> tuple[str, list[dict[str, Any]]]:
    """Markdown -> (title, blocks) for dunguard.render.pdf.build_pdf."""
    title = ""
    blocks: list[dict[str, Any]] = []
    for line in md.splitlines():
        if not line.strip():
            continue
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m and len(m.group(1)) == 1 and not title:
            title = m.group(2)
        elif m:
            blocks.append({"type": "heading", "text": m.group(2), "level": len(m.group(1)) - 1})
        else:
            blocks.append({"type": "paragraph", "text": line.replace("**", "")})
    return title, blocks


def render(md: str, fmt: str = "text", lang: str = "zh") -> str | bytes:
    """The letter in the requested format: str for text/md, PDF bytes for pdf."""
    if fmt == "md":
        return md if md.endswith("\n") else md + "\n"
    if fmt == "pdf":
        from dunguard.render.pdf import build_pdf

        title, blocks = to_blocks(md)
        return build_pdf(title, blocks, lang=lang)
    return to_text(md)
