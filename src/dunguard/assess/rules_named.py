"""The rule a threat breaks, named even when only the grammar saw the threat.

A rule pack's patterns and the word-class grammar read the same message separately. When the grammar
finds a third-party, visit or harassment threat that no rule's own patterns matched, the legality
section would say nothing about a threat the verdict names. This module adds the rule that threat
breaks, with the grammar's words as its evidence and an explanation that says so, so the reader is
told which rule it is and where it comes from. It never changes the verdict.

The other way round, a court's own notice (the grammar's court_notice frame with what only a court
carries) breaks no collection rule by saying 开庭 or by carrying the court's name: the rules that read
those words as a collector's claim or as posing as a court are set aside for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from dunguard.assess.common import (
    THIRD_PARTY_TARGETS,
    TO_THIRD_PARTY_FRAMES,
    court_own_notice,
    gov_host,
    outermost,
    rule_kinds,
    rule_of,
    speaks_of_debt,
    visit_claims,
)
from dunguard.extract.base import Doc
from dunguard.grammar import parse_text
from dunguard.model import Element, Finding, Verdict
from dunguard.rules.engine import finding_of, is_night

# A message written *to* a third party about someone else's debt is disclosure itself (CN-3P-002), not a
# threat to disclose (CN-3P-001); so is one asking whoever reads it, if not the borrower, to pass it on.
_TO_THIRD_PARTY = TO_THIRD_PARTY_FRAMES | {"third_party.relay_if_not_borrower"}
_INSULT_FRAMES = ("harass.insult", "harass.doxx")
# The threats that always break a rule; a legal threat may be a lawful step, so it is not named here.
_NAMED_KINDS = frozenset({"third_party_threat", "visit_threat", "harassment"})


# Rules that read a court's words as a collector's legal claim or as someone posing as a court.
_COURT_WORD_RULES = ("CN-IMP-", "CN-LEGAL-")


def without_court_words(doc: Doc, findings: Sequence[Finding], elements: Sequence[Element] = ()) -> tuple[Finding, ...]:
    """The findings, less those that read a court's own notice as a collector's claim or an impersonation."""
    if not any(f.rule_id.startswith(_COURT_WORD_RULES) for f in findings) or not court_own_notice(parse_text(doc.norm)):
        return tuple(findings)
    if any(
        e.type == "url" and (host := str(e.attrs.get("host") or "")) and not e.attrs.get("ip_host")
        and not gov_host(host) for e in elements
    ):
        # A court's notice that sends the reader to a site off gov.cn (cdfy-gov.top) is someone posing as the court:
        # the impersonation rules it trips stay. (A bare IP, as some courts' own service platforms use, is no name.)
        return tuple(findings)
    if any(e.type == "lender" and e.role == "signature" and not _COURT_SIGNER_RE.search(e.text) for e in elements):
        # A lender's or collector's own signature over a case number (【XX贷】…已移交…法院，案号…，明天冻结) is its claim
        # about a court, not the court speaking: the rules on overstated legal steps stay.
        return tuple(findings)
    return tuple(f for f in findings if not f.rule_id.startswith(_COURT_WORD_RULES))


# A signature a court or its platforms send under (【XX区人民法院】, 【人民法院送达平台】, 【12368】).
_COURT_SIGNER_RE = re.compile(r"法院|法庭|12368|送达|司法|仲裁")


# Posting the debt, a photo or an ID where others see it (群里, 朋友圈, 网上): the public-exposure rule, not an
# insult or a private telling.
_EXPOSE_FRAMES = frozenset({"third_party.expose", "harass.doxx", "third_party.broadcast"})


def _rule_for(kind: str, frames: set[str]) -> str:
    if kind in ("third_party_threat", "harassment") and frames & _EXPOSE_FRAMES:
        return "CN-PRIV-001"
    if kind == "third_party_threat":
        return "CN-3P-002" if frames & _TO_THIRD_PARTY else "CN-3P-001"
    if kind == "harassment":
        return "CN-INSULT-001" if any(f.startswith(_INSULT_FRAMES) for f in frames) else "CN-THREAT-002"
    return "CN-VISIT-001"


# A collector's threat is collection whatever its words: sent at night, it breaks the night rule too. A debt
# named with no threat (a parent's 有人来家里找你，说你欠网贷) is left to the rule's own debt words.
_NIGHT_RULE = "CN-TIME-001"
_NIGHT_KINDS = _NAMED_KINDS | {"legal_threat"}


def _night_sent(doc: Doc, verdict: Verdict, findings: Sequence[Finding], pack: Any) -> tuple[Finding, ...]:
    """The night rule for a collection message sent at night that carries none of the rule's debt words."""
    if doc.received_at is None or not is_night(doc.received_at, doc.tz) or verdict.legitimacy.value == "likely_scam":
        return ()
    if any(f.rule_id == _NIGHT_RULE for f in findings) or not _NIGHT_KINDS & set(verdict.kinds):
        return ()
    if court_own_notice(parse_text(doc.norm)):
        return ()  # a court's own notice is no collection
    rule = rule_of(pack, _NIGHT_RULE)
    if rule is None:
        return ()
    at = doc.received_at.astimezone(doc.tz)
    return (finding_of(rule, (), {
        "zh": f"短信接收时间 {at:%H:%M} 在夜间 22:00 至次日 08:00 之间。",
        "en": f"The message arrived at {at:%H:%M}, between 22:00 and 08:00.",
    }),)


# A threatened visit to the reader's work, home town, relatives or village, or one with the police or a court,
# breaks its own rule whether or not the message uses a repayment word the rule's patterns ask for.
_VISIT_PLACE_RULE = "CN-VISIT-005"
_VISIT_AUTHORITY_RULE = "CN-VISIT-006"
_SERVED_RE = re.compile(r"送达")


def _visit_rules(doc: Doc, verdict: Verdict, findings: Sequence[Finding], elements: Sequence[Element],
                 pack: Any) -> tuple[Finding, ...]:
    """The place and authority visit rules for a visit threat the verdict names but those rules' words missed."""
    if "visit_threat" not in verdict.kinds:
        return ()
    fired = {f.rule_id for f in findings}
    visits = visit_claims(doc, elements)
    out: list[Finding] = []
    for rule_id, picked in (
        (_VISIT_PLACE_RULE, [v for v in visits if v.attrs.get("target") in THIRD_PARTY_TARGETS]),
        # (a court's officer bringing papers, 法院工作人员上门送达传票, is how a summons may be served)
        (_VISIT_AUTHORITY_RULE, [v for v in visits if v.attrs.get("with_authority") and not _SERVED_RE.search(
            doc.norm, v.start, min(len(doc.norm), v.end + 12))]),
    ):
        rule = rule_of(pack, rule_id)
        if rule_id in fired or not picked or rule is None:
            continue
        words = "、".join(f"“{v.text}”" for v in picked[:3])
        words_en = ", ".join(f"“{v.text}”" for v in picked[:3])
        out.append(finding_of(rule, tuple(v.span for v in picked), {
            "zh": f"短信说要上门：{words}。",
            "en": f"The message says someone will come: {words_en}.",
        }))
    return tuple(out)


# Words that tell a contact the borrower has a loan or owes money (他有一笔借款需要处理, 把我的钱还上).
_DISCLOSED = frozenset({"loan_word", "demand", "demand_own", "money_matter", "readers_loan", "arrears"})


def named_rules(doc: Doc, verdict: Verdict, findings: Sequence[Finding], pack: Any,
                elements: Sequence[Element] = ()) -> tuple[Finding, ...]:
    """Findings for threat kinds in the verdict that no finding's rule covers yet."""
    night = _night_sent(doc, verdict, findings, pack) + _visit_rules(doc, verdict, findings, elements, pack)
    covered = {k for f in (*findings, *night) for k in rule_kinds(rule_of(pack, f.rule_id))}
    missing = [k for k in verdict.kinds if k in _NAMED_KINDS and k not in covered]
    if not missing:
        return night
    parse = parse_text(doc.norm)
    if court_own_notice(parse):
        # a court telling a defaulter's callers publishes what the law lets it publish; no collection rule applies
        missing = [k for k in missing if k != "third_party_threat"]
    frames = {m.frame for m in parse.matches}
    reasons = {r.code: r for r in verdict.kind_reasons}
    relay = any(r.code == "lender_relay" for r in verdict.legitimacy.reasons)
    out: list[Finding] = []
    if parse.has("reader_guarantor"):
        # A claim on the reader as the loan's guarantor is lawful if they signed: no third-party rule is broken by it.
        missing = [k for k in missing if k != "third_party_threat"]
    for kind in missing:
        rule_id = _rule_for(kind, frames)
        if rule_id == "CN-3P-002" and relay and not _DISCLOSED.intersection(parse.present) and not speaks_of_debt(parse):
            # A known lender's note to a contact that names no loan or debt (烦请转告其尽快致电95555) discloses
            # nothing: lenders may ask a contact to pass a call-back on.
            continue
        if any(f.rule_id == rule_id for f in out):
            continue  # one rule that covers both kinds (CN-PRIV-001), named once
        rule = rule_of(pack, rule_id)
        reason = reasons.get(f"kind.{kind}") or reasons.get(f"kind.{kind}.model")
        if rule is None or reason is None or not reason.spans:
            continue
        spans = outermost(reason.spans)
        words_zh = "、".join(f"“{s.text}”" for s in spans[:4])
        words_en = ", ".join(f"“{s.text}”" for s in spans[:4])
        out.append(finding_of(rule, spans, {
            # (in plain words: the reader needs what was said, not how it was found)
            "zh": f"短信里的{words_zh}说的就是这个意思。",
            "en": f"The message means this where it says {words_en}.",
        }))
    return night + tuple(out)
