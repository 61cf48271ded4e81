"""Validate tests/data/labelled.yaml, the hand-labelled set of real messages.

These tests check the file itself (shape, vocabulary, provenance), not the
classifier: a broken or unsourced entry must fail here before anyone measures
precision or recall against it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

DATA = Path(__file__).parent / "data" / "labelled.yaml"
README = Path(__file__).parent / "data" / "README.md"

KINDS = frozenset(
    {
        "reminder",
        "overdue_notice",
        "visit_threat",
        "legal_threat",
        "third_party_threat",
        "harassment",
        "scam",
        "settlement_offer",
        "other",
    }
)
LEGITIMACY = frozenset({"likely_genuine", "likely_bluff", "likely_scam", "unclear"})
REQUIRED = ("id", "text", "kinds", "primary_kind", "legitimacy", "source", "retrieved", "received_at")
ALLOWED = frozenset(REQUIRED) | {"masked", "note"}
ID_RE = re.compile(r"L\d{3}")
# An unmasked mainland mobile number (11 digits starting 1[3-9]) would be personal data.
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# What pages and we use to hide names, numbers, dates and institutions: X/XX/xx, ***, 某某.
MASK_RE = re.compile(r"X|xx|\*|某")
COUNT_ROW_RE = re.compile(r"^\| `(\w+)` \| (\d+) \| (\d+) \|$", re.MULTILINE)
LEGITIMACY_LINE_RE = re.compile(r"^Legitimacy: (.+)\.$", re.MULTILINE)
TOTAL_RE = re.compile(r"hand-labelled set of (\d+) Chinese text messages")
# One lawyer-explainer site already supplies about a third of the set; past this share a per-kind
# number would mostly describe that site's house style.
MAX_HOST_SHARE = 0.4


@cache
def entries() -> tuple[dict[str, Any], ...]:
    """Load the file once; YAML dates stay as strings so the check below sees the raw form."""
    with DATA.open(encoding="utf-8") as fh:
        loaded = yaml.load(fh, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str/list/dict
    assert isinstance(loaded, list), "labelled.yaml must be a YAML list"
    return tuple(loaded)


def _ids() -> list[str]:
    return [str(e.get("id", f"#{i}")) for i, e in enumerate(entries())]


def test_at_least_100_entries() -> None:
    assert len(entries()) >= 100


def test_ids_unique_and_well_formed() -> None:
    ids = [e["id"] for e in entries()]
    assert all(ID_RE.fullmatch(i) for i in ids), [i for i in ids if not ID_RE.fullmatch(i)]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_texts_unique() -> None:
    texts = [e["text"].strip() for e in entries()]
    dups = [t for t, n in Counter(texts).items() if n > 1]
    assert dups == []


def test_every_kind_is_represented() -> None:
    # A per-kind precision/recall table needs at least one positive per kind;
    # losing the last example of a kind in an edit must fail loudly.
    primary = Counter(e["primary_kind"] for e in entries())
    assert sorted(KINDS - set(primary)) == []


@pytest.mark.parametrize("entry", entries(), ids=_ids())
def test_entry_fields(entry: dict[str, Any]) -> None:
    missing = [k for k in REQUIRED if k not in entry]
    assert missing == []
    assert set(entry) <= ALLOWED, set(entry) - ALLOWED
    assert isinstance(entry["text"], str) and entry["text"].strip()


@pytest.mark.parametrize("entry", entries(), ids=_ids())
def test_entry_labels(entry: dict[str, Any]) -> None:
    kinds = entry["kinds"]
    assert isinstance(kinds, list) and kinds, "kinds must be a non-empty list"
    assert set(kinds) <= KINDS, set(kinds) - KINDS
    assert len(kinds) == len(set(kinds)), "kinds repeats a label"
    assert entry["primary_kind"] in KINDS
    assert entry["primary_kind"] in kinds
    assert entry["legitimacy"] in LEGITIMACY
    # "other" means "none of the debt kinds"; mixing it with a debt kind is a labelling slip.
    if "other" in kinds:
        assert kinds == ["other"]


@pytest.mark.parametrize("entry", entries(), ids=_ids())
def test_entry_provenance(entry: dict[str, Any]) -> None:
    url = urlparse(entry["source"])
    assert url.scheme in {"http", "https"} and url.netloc, entry["source"]
    retrieved = dt.date.fromisoformat(entry["retrieved"])
    assert dt.date(2020, 1, 1) <= retrieved <= dt.date(2030, 12, 31)
    received = entry["received_at"]
    if received not in ("null", "", "~"):
        # Message.received_at must be timezone-aware, so a naive time here would be unusable.
        assert dt.datetime.fromisoformat(received).tzinfo is not None, received
    assert entry.get("masked", "false") in {"true", "false"}


@pytest.mark.parametrize("entry", entries(), ids=_ids())
def test_no_unmasked_mobile_numbers(entry: dict[str, Any]) -> None:
    assert MOBILE_RE.search(entry["text"]) is None


@pytest.mark.parametrize("entry", entries(), ids=_ids())
def test_masked_entries_show_a_mask(entry: dict[str, Any]) -> None:
    # masked: true promises the reader that something was hidden; a text without any mask contradicts it.
    if entry.get("masked") == "true":
        assert MASK_RE.search(entry["text"]), entry["text"]


def test_readme_counts_match_file() -> None:
    readme = README.read_text(encoding="utf-8")
    primary = Counter(e["primary_kind"] for e in entries())
    anywhere = Counter(k for e in entries() for k in e["kinds"])
    table = {kind: (int(p), int(a)) for kind, p, a in COUNT_ROW_RE.findall(readme)}
    assert table == {k: (primary[k], anywhere[k]) for k in KINDS}
    legitimacy = Counter(e["legitimacy"] for e in entries())
    line = LEGITIMACY_LINE_RE.search(readme)
    assert line is not None
    stated = {name: int(n) for n, name in (part.split() for part in line.group(1).split(", "))}
    assert stated == dict(legitimacy)
    total = TOTAL_RE.search(readme)
    assert total is not None and int(total.group(1)) == len(entries())


def test_no_source_host_dominates() -> None:
    hosts = Counter(urlparse(e["source"]).netloc for e in entries())
    host, n = hosts.most_common(1)[0]
    assert n / len(entries()) <= MAX_HOST_SHARE, (host, n)
