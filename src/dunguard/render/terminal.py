"""The terminal report: the message with its recognised pieces marked, then the five answers."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dunguard.model import Element, Finding, Report
from dunguard.render.labels import (
    CONFIDENCE,
    KINDS,
    LEGITIMACY,
    LEVELS,
    SECTIONS,
    SEVERITY,
    TYPE_LABELS,
    WEEKDAYS,
    about_debt,
    describe,
    element_label,
    label,
    unplaced_times,
)

STYLES = {
    "time": "bold cyan",
    "money": "bold yellow",
    "overdue": "yellow",
    "phone": "bold magenta",
    "url": "bold red underline",
    "lender": "bold",  # not green: a named lender, even a fake one, must not read as "safe"
    "visit": "bold red",
    "account": "bold red",
}
SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim"}
LEGITIMACY_STYLES = {
    "likely_genuine": "bold green",
    "likely_bluff": "bold yellow",
    "likely_scam": "bold red",
    "unclear": "bold",
}


def marked_message(report: Report, plain: bool = False) -> Text:
    """The message text with every element's span styled by type (outer spans win).

    Without colour (a pipe, a file, NO_COLOR) the pieces are bracketed ⟦like this⟧ instead,
    so the marking survives in whatever the user saves or pastes.
    """
    if plain:
        return Text(_bracketed(report))
    text = Text(report.message.text)
    for el in sorted(report.elements, key=lambda e: (-(e.end - e.start))):
        text.stylize(STYLES.get(el.type, "bold"), el.start, el.end)
    return text


def _bracketed(report: Report) -> str:
    text = report.message.text
    outer: list[tuple[int, int]] = []
    for el in sorted(report.elements, key=lambda e: (e.start, -e.end)):
        if outer and el.start < outer[-1][1]:
            continue  # inside (or overlapping) a piece already marked
        outer.append((el.start, el.end))
    parts, pos = [], 0
    for start, end in outer:
        parts += [text[pos:start], "⟦", text[start:end], "⟧"]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def legend(report: Report, lang: str) -> Text:
    out = Text()
    for t in dict.fromkeys(e.type for e in report.elements):
        out.append(f" {label(TYPE_LABELS, t, lang)} ", style=STYLES.get(t, "bold") + " reverse")
        out.append(" ")
    return out


def claims_table(elements: tuple[Element, ...], lang: str, debt: bool = True) -> Table:
    s = SECTIONS
    table = Table(show_header=True, header_style="bold", expand=False)
    table.add_column(s["item"][lang], no_wrap=True)
    table.add_column(s["original"][lang])
    table.add_column(s["meaning"][lang])
    sigs = [e for e in elements if e.type == "lender" and e.role == "signature"]
    for el in elements:
        if el.type == "lender" and el.role == "named" and any(
            s.start <= el.start and el.end <= s.end and s.value == el.value for s in sigs
        ):
            continue  # the 【signature】 row already names this lender
        # Text objects, never str: rich would read "[...]" in a message as markup.
        table.add_row(Text(element_label(el, lang, debt)), Text(el.text, style=STYLES.get(el.type, "")),
                      Text(describe(el, lang), overflow="fold"))
    return table


def _received_line(report: Report, lang: str) -> Text:
    at = report.message.received_at
    if at is None:
        # Only worth saying when a relative time (明天, 3天内) is left without a date.
        return Text(SECTIONS["unknown_received"][lang] if unplaced_times(report) else "", style="dim")
    wd = WEEKDAYS[lang][at.weekday()]
    return Text(f"{SECTIONS['received'][lang]}：{at:%Y-%m-%d} {wd} {at:%H:%M}（{report.message.timezone}）"
                if lang == "zh" else
                f"{SECTIONS['received'][lang]}: {wd} {at:%Y-%m-%d %H:%M} ({report.message.timezone})",
                style="dim")


def _quote(spans: Any) -> str:
    words = list(dict.fromkeys(s.text for s in spans if getattr(s, "text", "")))
    # "已逾期" adds nothing beside "已逾期15天".
    words = [w for w in words if not any(w != o and w in o for o in words)]
    return "、".join(f"「{w}」" for w in words)


def item(bullet: str, body: Any, indent: int = 2) -> Table:
    """A hanging-indent list item: Chinese has no spaces, so plain wrapping would
    push a long sentence to the next line under the bullet."""
    for part in body.renderables if isinstance(body, Group) else [body]:
        if isinstance(part, Text):
            part.overflow = "fold"  # break inside long CJK runs instead of cutting them with "…"
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=indent + len(bullet), justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(bullet), body)  # Text: "[high]" would otherwise be read as markup
    return grid


def _reasons(reasons: Any, lang: str) -> list[Table]:
    out = []
    for r in reasons:
        body = r.text.get(lang) or r.text.get("en", "")
        line = Text(body)
        q = _quote(r.spans)
        if q and not all(s.text in body for s in r.spans):  # the sentence may already quote them
            line.append(f"  {q}", style="cyan")
        out.append(item("•", line))
    return out


SHOWN_CITATIONS = 2
_CONFIDENCE_ORDER = {"V": 0, "S": 1, "U": 2}


def finding_block(f: Finding, lang: str) -> list[Any]:
    sev = label(SEVERITY, f.severity, lang)
    head = Text()
    head.append(f"{f.rule_id} ", style="bold")
    head.append(f.title.get(lang) or f.title.get("en", ""), style="bold")
    body: list[Any] = [head]
    expl = f.explanation.get(lang) or f.explanation.get("en", "")
    if expl:
        body.append(Text(expl, style="dim"))
    # The two best-founded sources (read in the original first); the rest wait in --json, so one rule does not
    # fill a screen a stressed reader has to scroll past.
    ranked = sorted(f.citations, key=lambda c: _CONFIDENCE_ORDER.get(c.confidence, 9))
    shown, more = ranked[:SHOWN_CITATIONS], len(ranked) - SHOWN_CITATIONS
    for c in shown:
        conf = label(CONFIDENCE, c.confidence, lang)
        art = f" {c.article}" if c.article else ""
        body.append(Text(f"{SECTIONS['source'][lang]}：{c.document}{art}（{conf}）" if lang == "zh"
                         else f"{SECTIONS['source'][lang]}: {c.document}{art} ({conf})", style="green"))
    if more > 0:
        body.append(Text(f"（另有 {more} 处出处，加 --json 可看全部）" if lang == "zh"
                         else f"({more} more sources: add --json to see them all)", style="dim"))
    return [item(f"[{sev}]", Group(*body))]


def answers(report: Report, lang: str) -> list[Any]:
    v = report.verdict
    if v is None:
        return []
    s = SECTIONS
    out: list[Any] = []
    kinds = "、".join(label(KINDS, k, lang) for k in v.kinds) if lang == "zh" else ", ".join(
        label(KINDS, k, lang) for k in v.kinds)
    head = Text(s["q_kind"][lang], style="bold underline")
    out.append(head)
    line = Text(kinds)
    if len(v.kinds) > 1:
        line.append(f"（{s['primary'][lang]}：{label(KINDS, v.primary_kind, lang)}）" if lang == "zh"
                    else f" ({s['primary'][lang]}: {label(KINDS, v.primary_kind, lang)})")
    out.append(item("", line, indent=0))
    out.extend(_reasons(v.kind_reasons, lang))

    out.append(Text(""))
    out.append(Text(s["q_real"][lang], style="bold underline"))
    line = Text()
    line.append(label(LEGITIMACY, v.legitimacy.value, lang), style=LEGITIMACY_STYLES.get(v.legitimacy.value, ""))
    line.append(f"    {s['scam_risk'][lang]} {v.scam_risk}/100")
    out.append(item("", line, indent=0))
    out.extend(_reasons(v.legitimacy.reasons, lang))
    # The legitimacy reasons already repeat the strongest signals; list each signal once.
    shown = {r.code for r in v.legitimacy.reasons}
    out.extend(_reasons([r for r in v.scam_signals if r.code not in shown], lang))

    out.append(Text(""))
    out.append(Text(s["q_legal"][lang], style="bold underline"))
    if report.findings:
        for f in report.findings:
            out.extend(finding_block(f, lang))
    else:
        out.append(Text(f"  {s['no_findings'][lang]}"))

    out.append(Text(""))
    out.append(Text(s["q_visit"][lang], style="bold underline"))
    level = v.visit_credibility.value
    out.append(Text(f"  {s['likelihood'][lang]}：{label(LEVELS, level, lang)}" if lang == "zh"
                    else f"  {s['likelihood'][lang]}: {label(LEVELS, level, lang)}",
                    style="bold"))
    out.extend(_reasons(v.visit_credibility.reasons, lang))
    return out


def plan_block(report: Report, lang: str) -> list[Any]:
    if not report.plan:
        return []
    out: list[Any] = [Text(""), Text(SECTIONS["q_plan"][lang], style="bold underline")]
    for i, step in enumerate(report.plan, 1):
        body: list[Any] = [Text(step.action.get(lang) or step.action.get("en", ""), style="bold")]
        why = step.why.get(lang) or step.why.get("en", "")
        if why:
            body.append(Text(why))
        if step.draft:
            draft = step.draft.get(lang) or step.draft.get("en", "")
            body.append(Panel(Text(draft, overflow="fold"), title=SECTIONS["draft"][lang], title_align="left", border_style="dim",
                              padding=(0, 1)))
            if lang != "zh" and step.draft.get("zh"):
                body.append(Panel(Text(step.draft["zh"], overflow="fold"), title=SECTIONS["draft_zh"][lang],
                                  title_align="left", border_style="dim", padding=(0, 1)))
        out.append(item(f"{i}.", Group(*body)))
    return out


def render(report: Report, lang: str = "zh", plain: bool = False) -> Group:
    received = _received_line(report, lang)
    # (Text, never a str: a pasted line may hold "[图片]", which rich would read as markup)
    extra = [Text(SECTIONS["pasted_extra"][lang] + " " + " ｜ ".join(report.pasted_extra), style="dim", overflow="fold")] \
        if report.pasted_extra else []
    parts: list[Any] = [
        Panel(Group(marked_message(report, plain), Text(""), legend(report, lang), *([received] if received.plain else []),
                    *extra),
              title=SECTIONS["message"][lang], title_align="left"),
        Text(SECTIONS["claims"][lang], style="bold underline"),
    ]
    parts.append(claims_table(report.elements, lang, about_debt(report)) if report.elements
                 else Text(f"  {SECTIONS['nothing'][lang]}"))
    if report.verdict is not None:
        parts.append(Text(""))
        parts.extend(answers(report, lang))
        parts.extend(plan_block(report, lang))
    if not report.plan:  # the plan carries its own disclaimer step
        parts.append(Text(""))
        parts.append(Text(SECTIONS["disclaimer"][lang], style="dim"))
    return Group(*parts)


def print_report(report: Report, lang: str = "zh", console: Console | None = None) -> None:
    console = console or Console()
    console.print(render(report, lang, plain=console.color_system is None))


def print_rules(pack: Any, lang: str = "zh", console: Console | None = None) -> None:
    table = Table(show_header=True, header_style="bold")
    heads = {"zh": ("编号", "规则", "严重程度", "出处"), "en": ("ID", "Rule", "Severity", "Source")}[lang]
    for h in heads:
        table.add_column(h)
    for rule in pack.rules:
        cites = "\n".join(f"{c.document} {c.article}".strip() for c in rule.citations[:2])
        table.add_row(Text(rule.id), Text(rule.title.get(lang, rule.title.get("en", ""))),
                      Text(label(SEVERITY, rule.severity, lang), style=SEVERITY_STYLES.get(rule.severity, "")),
                      Text(cites, overflow="fold"))
    (console or Console()).print(table)
