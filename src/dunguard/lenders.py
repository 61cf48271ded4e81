"""Lender reference data: who lends, under which names, and which channels are official.

The data lives in ``data/lenders.yaml`` with a source and a date for every
phone number and site. Only ``verified`` channels are ever offered to a user as
official: an unverified number is kept for the next person who checks it, never
shown as the lender's own.

>>> is_official_number("cmb", "95555")
True
>>> is_official_number("meituan", "95555") is None   # nothing verified on file
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dunguard.errors import BadData

KINDS = ("bank", "consumer_finance", "small_loan", "platform", "other")
SOURCE_KINDS = ("official", "regulator", "encyclopedia", "community_directory", "news", "user_report", "none")
# Where a number may be read for it to count as official.
OWN_SOURCE_KINDS = ("official", "regulator")

_DATA_NAME = "lenders.yaml"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGITS_RE = re.compile(r"^\d{3,20}$")
_DOMAIN_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
_URL_RE = re.compile(r"^https?://\S+$")
_FULLWIDTH_DIGITS = {0xFF10 + i: 0x30 + i for i in range(10)}
# The C parser reads the file about 8x faster; the pure-Python one is the same safe subset.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Phone:
    number: str
    note: str
    source: str
    source_kind: str
    retrieved: str
    verified: bool

    @property
    def outbound_only(self) -> bool:
        """A line the lender only calls out from (外呼): never one to offer a user to call."""
        return any(w in self.note for w in ("外呼", "只呼出", "outbound"))

    @property
    def listed(self) -> bool:
        """Named by a secondary source (a directory, an encyclopedia, the news) but not read on the lender's own page."""
        return not self.verified and self.source_kind not in ("none", "user_report")


@dataclass(frozen=True, slots=True)
class Site:
    domain: str
    source: str
    source_kind: str
    retrieved: str
    verified: bool


@dataclass(frozen=True, slots=True)
class Lender:
    id: str
    name: str
    aliases: tuple[str, ...]
    short_aliases: tuple[str, ...]
    kind: str
    operator: str
    official_phones: tuple[Phone, ...]
    official_sites: tuple[Site, ...]
    source_url: str | None
    retrieved: str
    notes: str

    @property
    def verified_phones(self) -> tuple[str, ...]:
        return tuple(p.number for p in self.official_phones if p.verified)

    @property
    def listed_phones(self) -> tuple[Phone, ...]:
        """Secondary-source numbers: shown as unconfirmed, never as official."""
        return tuple(p for p in self.official_phones if p.listed and not p.outbound_only)

    @property
    def verified_sites(self) -> tuple[str, ...]:
        return tuple(s.domain for s in self.official_sites if s.verified)


@dataclass(frozen=True, slots=True)
class LenderData:
    lenders: tuple[Lender, ...]
    blockers: tuple[str, ...]


def digits_of(number: str) -> str:
    """Reduce a written phone number to the digits one dials inside China.

    >>> digits_of("+86 400-820-5555")
    '4008205555'
    """
    written = number.translate(_FULLWIDTH_DIGITS).strip()
    digits = "".join(ch for ch in written if ch.isdigit() and ch.isascii())
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and (written.startswith(("+", "＋")) or len(digits) in (12, 13)):
        # "+86 95188" is 95188; a bare 86 is a country code only before a full 10/11-digit number
        digits = digits[2:]
    return digits


# --------------------------------------------------------------------- loading


def _default_path() -> Path:
    return Path(str(resources.files("dunguard") / "data" / _DATA_NAME))


@cache
def lender_data() -> LenderData:
    """The validated packaged lender data, loaded once."""
    return load_lender_file(_default_path())


def load_lenders() -> tuple[Lender, ...]:
    """All lenders, in file order (cached)."""
    return lender_data().lenders


def load_lender_file(path: Path | str) -> LenderData:
    """Read and validate one lenders file; raise BadData naming the file and the entry."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as exc:
        raise BadData("bad_data", path=path, reason=f"cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise BadData("bad_data", path=path, reason=f"not valid YAML: {exc}") from exc
    return parse_lender_data(raw, path)


def parse_lender_data(raw: Any, path: Path | str = _DATA_NAME) -> LenderData:
    """Validate already-parsed YAML (a mapping with ``lenders`` and ``blockers``)."""

    def fail(reason: str, entry: str | None = None) -> BadData:
        where = f"entry {entry}: " if entry else ""
        return BadData("bad_data", path=path, reason=where + reason)

    if not isinstance(raw, Mapping):
        raise fail("top level must be a mapping with a 'lenders' list")
    entries = raw.get("lenders")
    if not isinstance(entries, list) or not entries:
        raise fail("'lenders' must be a non-empty list")
    blockers = raw.get("blockers", [])
    if not isinstance(blockers, list) or not all(isinstance(b, str) and b.strip() for b in blockers):
        raise fail("'blockers' must be a list of non-empty strings")

    if len(set(blockers)) != len(blockers):
        raise fail("a blocker is listed twice")
    lenders: list[Lender] = []
    seen_ids: set[str] = set()
    alias_owner: dict[str, str] = {}
    for index, entry in enumerate(entries):
        label = entry.get("id") if isinstance(entry, Mapping) and isinstance(entry.get("id"), str) else f"#{index}"
        lender = _parse_entry(entry, label, fail)
        if lender.id in seen_ids:
            raise fail("duplicate id", lender.id)
        seen_ids.add(lender.id)
        for alias in lender.aliases + lender.short_aliases:
            key = alias.casefold()
            owner = alias_owner.get(key)
            if owner is not None:
                raise fail(f"alias {alias!r} is already used by entry {owner}", lender.id)
            alias_owner[key] = lender.id
        lenders.append(lender)
    for blocker in blockers:
        # A blocker spelled like an alias would silently switch that alias off.
        if blocker.casefold() in alias_owner:
            raise fail(f"blocker {blocker!r} is also an alias of entry {alias_owner[blocker.casefold()]}")
    return LenderData(tuple(lenders), tuple(blockers))


def _parse_entry(entry: Any, label: str, fail) -> Lender:
    if not isinstance(entry, Mapping):
        raise fail("must be a mapping", label)
    for field in ("id", "name", "aliases", "kind", "operator", "official_phones", "official_sites", "source"):
        if field not in entry:
            raise fail(f"missing field '{field}'", label)
    lender_id = entry["id"]
    if not isinstance(lender_id, str) or not _ID_RE.match(lender_id):
        raise fail("id must be lower-case ascii letters, digits and _", label)
    for field in ("name", "operator"):
        if not isinstance(entry[field], str) or not entry[field].strip():
            raise fail(f"'{field}' must be a non-empty string", label)
    if entry["kind"] not in KINDS:
        raise fail(f"kind {entry['kind']!r} is not one of {', '.join(KINDS)}", label)
    aliases = _string_list(entry["aliases"], "aliases", label, fail)
    if not aliases:
        raise fail("needs at least one alias", label)
    short_aliases = _string_list(entry.get("short_aliases", []), "short_aliases", label, fail)
    both = [a.casefold() for a in aliases + short_aliases]
    if len(set(both)) != len(both):
        raise fail("an alias is listed twice", label)

    phones_raw = entry["official_phones"]
    if not isinstance(phones_raw, list):
        raise fail("'official_phones' must be a list", label)
    phones = tuple(_parse_phone(p, label, fail) for p in phones_raw)
    sites_raw = entry["official_sites"]
    if not isinstance(sites_raw, list):
        raise fail("'official_sites' must be a list", label)
    sites = tuple(_parse_site(s, label, fail) for s in sites_raw)

    source = entry["source"]
    if not isinstance(source, Mapping):
        raise fail("'source' must be a mapping {url, retrieved, note}", label)
    url = source.get("url")
    if url is not None and (not isinstance(url, str) or not _URL_RE.match(url)):
        raise fail("source.url must be an http(s) URL or null", label)
    retrieved = _date(source.get("retrieved"), "source.retrieved", label, fail)
    if url is None and not str(source.get("note") or "").strip():
        raise fail("a source without url needs a note saying what is unverified", label)
    notes = entry.get("notes") or ""
    if not isinstance(notes, str):
        raise fail("'notes' must be a string", label)
    return Lender(
        id=lender_id,
        name=entry["name"].strip(),
        aliases=aliases,
        short_aliases=short_aliases,
        kind=entry["kind"],
        operator=entry["operator"].strip(),
        official_phones=phones,
        official_sites=sites,
        source_url=url,
        retrieved=retrieved,
        notes=notes,
    )


def _string_list(value: Any, field: str, label: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() == v and v for v in value):
        raise fail(f"'{field}' must be a list of non-empty strings without surrounding spaces", label)
    return tuple(value)


def _date(value: Any, field: str, label: str, fail) -> str:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise fail(f"'{field}' must be a date string YYYY-MM-DD", label)
    return value


def _provenance(item: Mapping[str, Any], what: str, label: str, fail) -> tuple[str, str, str, bool]:
    for field in ("source", "retrieved", "verified"):
        if field not in item:
            raise fail(f"{what} has no '{field}'", label)
    verified = item["verified"]
    if not isinstance(verified, bool):
        raise fail(f"{what}: 'verified' must be true or false", label)
    source = item["source"]
    if not isinstance(source, str) or not source.strip():
        raise fail(f"{what}: 'source' must be a non-empty string", label)
    if verified and not _URL_RE.match(source):
        raise fail(f"{what} is verified but its source is not a URL", label)
    source_kind = item.get("source_kind", "none" if not verified else "")
    if source_kind not in SOURCE_KINDS:
        raise fail(f"{what}: source_kind {source_kind!r} is not one of {', '.join(SOURCE_KINDS)}", label)
    retrieved = _date(item["retrieved"], f"{what} retrieved", label, fail)
    return source, source_kind, retrieved, verified


def _parse_phone(item: Any, label: str, fail) -> Phone:
    if not isinstance(item, Mapping) or "number" not in item:
        raise fail("each official phone must be a mapping with a 'number'", label)
    number = item["number"]
    if not isinstance(number, str) or not _DIGITS_RE.match(number):
        raise fail(f"phone {number!r} must be a quoted string of digits", label)
    source, source_kind, retrieved, verified = _provenance(item, f"phone {number}", label, fail)
    # A number is official only when read on the institution's own page or in a filing (lenders.yaml's rule).
    if verified and source_kind not in OWN_SOURCE_KINDS:
        raise fail(f"phone {number} is verified but its source_kind is {source_kind!r}, not the lender's own page "
                   f"({' or '.join(OWN_SOURCE_KINDS)})", label)
    note = item.get("note") or ""
    return Phone(number, str(note), source, source_kind, retrieved, verified)


def _parse_site(item: Any, label: str, fail) -> Site:
    if not isinstance(item, Mapping) or "domain" not in item:
        raise fail("each official site must be a mapping with a 'domain'", label)
    domain = item["domain"]
    if not isinstance(domain, str) or not _DOMAIN_RE.match(domain):
        raise fail(f"site {domain!r} must be a bare lower-case domain like example.com", label)
    source, source_kind, retrieved, verified = _provenance(item, f"site {domain}", label, fail)
    return Site(domain, source, source_kind, retrieved, verified)


# ---------------------------------------------------------------------- lookup


@cache
def _by_id() -> dict[str, Lender]:
    return {lender.id: lender for lender in load_lenders()}


@cache
def _by_number() -> dict[str, tuple[Lender, ...]]:
    table: dict[str, list[Lender]] = {}
    for lender in load_lenders():
        for number in lender.verified_phones:
            table.setdefault(number, []).append(lender)
    return {number: tuple(owners) for number, owners in table.items()}


def get_lender(lender_id: str) -> Lender:
    """The lender with this id; KeyError names the unknown id."""
    try:
        return _by_id()[lender_id]
    except KeyError:
        raise KeyError(f"no lender with id {lender_id!r} in {_DATA_NAME}") from None


def official_numbers(lender_id: str) -> list[str]:
    """The lender's verified phone numbers (digits), best first; empty when none is verified."""
    return list(get_lender(lender_id).verified_phones)


def is_official_number(lender_id: str, digits: str) -> bool | None:
    """Whether ``digits`` is one of the lender's verified numbers.

    None means we cannot tell: no verified number is on file for this lender,
    so "not on our list" says nothing about the number.
    """
    numbers = get_lender(lender_id).verified_phones
    if not numbers:
        return None
    return digits_of(digits) in numbers


def lenders_for_number(digits: str) -> tuple[Lender, ...]:
    """Every lender that lists ``digits`` as a verified number (95188 is shared by two)."""
    return _by_number().get(digits_of(digits), ())


def lender_for_number(digits: str) -> Lender | None:
    """The one lender a verified number identifies, or None when none or several do."""
    owners = lenders_for_number(digits)
    return owners[0] if len(owners) == 1 else None
