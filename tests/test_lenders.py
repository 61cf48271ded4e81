"""Lender reference data: the packaged file is valid and sourced, a broken copy fails loudly."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from dunguard.errors import BadData
from dunguard.lenders import (
    KINDS,
    OWN_SOURCE_KINDS,
    digits_of,
    get_lender,
    is_official_number,
    lender_for_number,
    load_lender_file,
    load_lenders,
    official_numbers,
    parse_lender_data,
)

DATA = Path(__file__).resolve().parent.parent / "src" / "dunguard" / "data" / "lenders.yaml"


def raw() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def entry_of(data: dict[str, Any], lender_id: str) -> dict[str, Any]:
    return next(e for e in data["lenders"] if e["id"] == lender_id)


# --- the packaged data ---------------------------------------------------------


def test_at_least_30_lenders_of_every_kind_we_need() -> None:
    lenders = load_lenders()
    assert len(lenders) >= 30
    kinds = {lender.kind for lender in lenders}
    assert {"bank", "consumer_finance", "small_loan", "platform"} <= kinds
    assert kinds <= set(KINDS)


def test_load_is_cached() -> None:
    assert load_lenders() is load_lenders()


@pytest.mark.parametrize("lender", load_lenders(), ids=lambda lender: lender.id)
def test_every_verified_channel_has_a_source_url_and_date(lender) -> None:
    for phone in lender.official_phones:
        assert phone.retrieved in ("2026-11-29", "2026-12-05")
        if phone.verified:
            # official means read on the lender's own page (or a filing), never a directory
            assert phone.source.startswith(("https://", "http://")), phone
            assert phone.source_kind in OWN_SOURCE_KINDS, phone
            assert "metowolf" not in phone.source and "baike" not in phone.source
    for site in lender.official_sites:
        if site.verified:
            assert site.source.startswith(("https://", "http://")), site


def test_no_alias_is_shared_between_lenders() -> None:
    owner: dict[str, str] = {}
    for lender in load_lenders():
        for alias in lender.aliases + lender.short_aliases:
            assert owner.setdefault(alias.casefold(), lender.id) == lender.id, alias


@pytest.mark.parametrize(
    ("lender_id", "first_number"),
    [
        ("icbc", "95588"),
        ("ccb", "95533"),
        ("boc", "4006695566"),
        ("bocom", "95559"),
        ("cmb", "4008205555"),
        ("cib", "95561"),
        ("hxb", "95577"),
        ("psbc", "95580"),
        ("ant", "95188"),
    ],
)
def test_main_hotlines(lender_id: str, first_number: str) -> None:
    assert official_numbers(lender_id)[0] == first_number
    assert is_official_number(lender_id, first_number) is True


@pytest.mark.parametrize(
    ("lender_id", "number"),
    [("abc", "95599"), ("cmb", "95555"), ("cgb", "95508"), ("spdb", "95528"), ("jd", "95118"), ("webank", "95384")],
)
def test_directory_numbers_are_listed_but_never_official(lender_id: str, number: str) -> None:
    lender = get_lender(lender_id)
    assert number in [p.number for p in lender.listed_phones]
    assert number not in official_numbers(lender_id)
    assert is_official_number(lender_id, number) is not True


def test_an_outbound_only_line_is_never_offered() -> None:
    cmbc = get_lender("cmbc")
    assert "95768" in [p.number for p in cmbc.official_phones]
    assert "95768" not in [p.number for p in cmbc.listed_phones]


# --- lookups -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("95555", "95555"),
        ("955-55", "95555"),
        ("400-820-5555", "4008205555"),
        ("+86 400 820 5555", "4008205555"),
        ("0086-4008205555", "4008205555"),
        ("+86 138 0013 8000", "13800138000"),
        ("９５５-５５", "95555"),
        ("客服电话：95555转1", "955551"),
        ("+86 95188", "95188"),  # a short service number with the country code
        ("0086 95188", "95188"),
        ("86123", "86123"),  # a bare 86 is a country code only before a full number
    ],
)
def test_digits_of(written: str, digits: str) -> None:
    assert digits_of(written) == digits


def test_is_official_number_true_false_and_unknown() -> None:
    assert is_official_number("cmb", "400-820-5555") is True
    assert is_official_number("cmb", "+86 400 820 5555") is True  # written with a country code and spaces
    assert is_official_number("cmb", "0755-95555") is False  # area code + 95 number is not what CMB lists
    assert is_official_number("cmb", "13800138000") is False
    # 度小满's often-cited 95055 has no source on file: we cannot say yes or no.
    assert official_numbers("duxiaoman") == []
    assert is_official_number("duxiaoman", "95055") is None
    assert is_official_number("meituan", "10107888") is None


def test_unverified_numbers_never_count_as_official() -> None:
    duxiaoman = get_lender("duxiaoman")
    assert [p.number for p in duxiaoman.official_phones] == ["95055"]
    assert duxiaoman.official_phones[0].verified is False
    assert lender_for_number("95055") is None


def test_lender_for_number() -> None:
    assert lender_for_number("95588").id == "icbc"
    assert lender_for_number("4006695566").id == "boc"
    assert lender_for_number("12345") is None
    # 95188 is read on Alipay's own pages; 网商银行 shares it only by the directory's word.
    assert lender_for_number("95188").id == "ant"
    assert "95188" in [p.number for p in get_lender("mybank").listed_phones]


def test_unknown_id_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no_such_bank"):
        official_numbers("no_such_bank")


def test_lenders_are_frozen() -> None:
    with pytest.raises(AttributeError):
        load_lenders()[0].name = "x"  # type: ignore[misc]


# --- validation ----------------------------------------------------------------


def broken(mutate) -> dict[str, Any]:
    data = copy.deepcopy(raw())
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "entry", "reason"),
    [
        (lambda d: entry_of(d, "cmb").pop("kind"), "cmb", "missing field 'kind'"),
        (lambda d: entry_of(d, "cmb").update(kind="loan_shark"), "cmb", "kind 'loan_shark'"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].update(number=95555), "cmb", "quoted string of digits"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].update(number="955-55"), "cmb", "quoted string of digits"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].pop("source"), "cmb", "has no 'source'"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].pop("retrieved"), "cmb", "has no 'retrieved'"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].pop("verified"), "cmb", "has no 'verified'"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].update(verified="yes"), "cmb", "true or false"),
        (lambda d: entry_of(d, "cmb")["official_phones"][1].update(source="a blog"), "cmb", "not a URL"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].update(verified=True), "cmb", "not the lender's own page"),
        (lambda d: entry_of(d, "cmb")["official_phones"][0].update(retrieved="29/11/2026"), "cmb", "YYYY-MM-DD"),
        (lambda d: entry_of(d, "cmb")["official_sites"][0].pop("source"), "cmb", "has no 'source'"),
        (lambda d: entry_of(d, "cmb")["official_sites"][0].update(domain="https://cmbchina.com/"), "cmb", "bare"),
        (lambda d: entry_of(d, "jd")["aliases"].append("招商银行"), "jd", "already used by entry cmb"),
        (lambda d: entry_of(d, "jd")["short_aliases"].append("招行"), "jd", "already used by entry cmb"),
        (lambda d: entry_of(d, "cmb")["aliases"].append(" 招行 "), "cmb", "surrounding spaces"),
        (lambda d: entry_of(d, "meituan")["source"].update(note=""), "meituan", "needs a note"),
        (lambda d: d["lenders"].append(copy.deepcopy(entry_of(d, "cmb"))), "cmb", "duplicate id"),
    ],
)
def test_malformed_copy_raises_bad_data_naming_the_entry(tmp_path: Path, mutate, entry: str, reason: str) -> None:
    path = tmp_path / "lenders.yaml"
    path.write_text(yaml.safe_dump(broken(mutate), allow_unicode=True), encoding="utf-8")
    with pytest.raises(BadData) as info:
        load_lender_file(path)
    message = info.value.render("en")
    assert str(path) in message
    assert f"entry {entry}:" in message
    assert reason in message


def test_blocker_that_is_an_alias_is_rejected() -> None:
    data = broken(lambda d: d["blockers"].append("招行"))
    with pytest.raises(BadData, match="blocker '招行' is also an alias of entry cmb"):
        parse_lender_data(data, "lenders.yaml")


def test_not_yaml_and_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "lenders.yaml"
    path.write_text("lenders: [unclosed", encoding="utf-8")
    with pytest.raises(BadData, match="not valid YAML"):
        load_lender_file(path)
    with pytest.raises(BadData, match="top level"):
        parse_lender_data(["a"], "x.yaml")
    with pytest.raises(BadData, match="'lenders' must be a non-empty list"):
        parse_lender_data({"lenders": []}, "x.yaml")


def test_the_packaged_file_round_trips_through_the_validator(tmp_path: Path) -> None:
    path = tmp_path / "lenders.yaml"
    path.write_text(yaml.safe_dump(raw(), allow_unicode=True), encoding="utf-8")
    assert [lender.id for lender in load_lender_file(path).lenders] == [lender.id for lender in load_lenders()]
