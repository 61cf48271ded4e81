"""Every rule's own examples: each `bad` message must trigger it, each `ok` message must not.

Examples that list their ``elements`` use exactly those (so the rule is tested
alone); the rest go through the real extractors. ``todo`` examples are known
misses kept visible as expected failures.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from dunguard.extract import extract_all
from dunguard.extract.base import Doc
from dunguard.model import Context, Element, Message
from dunguard.rules import evaluate, load_pack
from dunguard.rules.schema import Example

PACK = load_pack("cn")


def build(example: Example) -> tuple[Doc, list[Element], Context | None]:
    message = Message(example.text, received_at=example.received_at)
    doc = Doc.from_message(message)
    if example.elements is None:
        elements = extract_all(doc)
    else:
        elements = []
        for spec in example.elements:
            start = example.text.index(spec.text)
            value = spec.value
            if hasattr(value, "tzinfo") and value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(message.timezone))
            elements.append(
                Element(spec.type, spec.role, doc.span(start, start + len(spec.text)), value, dict(spec.attrs))
            )
    context = Context(**example.context) if example.context is not None else None
    return doc, elements, context


def fired(example: Example) -> list[str]:
    doc, elements, context = build(example)
    return [f.rule_id for f in evaluate(doc, elements, context, PACK)]


def cases(kind: str) -> list:
    out = []
    for rule in PACK.rules:
        for i, example in enumerate(getattr(rule.examples, kind)):
            out.append(pytest.param(rule.id, example, id=f"{rule.id}-{kind}{i + 1}"))
    return out


@pytest.mark.parametrize(("rule_id", "example"), cases("bad"))
def test_bad_example_triggers(rule_id: str, example: Example) -> None:
    assert rule_id in fired(example), example.text


@pytest.mark.parametrize(("rule_id", "example"), cases("ok"))
def test_ok_example_does_not_trigger(rule_id: str, example: Example) -> None:
    assert rule_id not in fired(example), example.text


@pytest.mark.parametrize(("rule_id", "example"), cases("todo"))
@pytest.mark.xfail(strict=True, reason="known miss recorded in the rule's examples.todo")
def test_todo_example_is_a_known_miss(rule_id: str, example: Example) -> None:
    assert rule_id in fired(example), example.text


def test_bad_examples_name_the_words_that_matched() -> None:
    # A finding must point at words in the message, except rules about when it was sent or what it lacks.
    for rule in PACK.rules:
        for example in rule.examples.bad:
            doc, elements, context = build(example)
            finding = next(f for f in evaluate(doc, elements, context, PACK) if f.rule_id == rule.id)
            for span in finding.spans:
                assert example.text[span.start : span.end] == span.text
            if rule.id not in ("CN-TIME-001", "CN-ID-001"):
                assert finding.spans, (rule.id, example.text)
                assert finding.spans[0].text in finding.explanation["zh"]
