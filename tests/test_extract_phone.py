from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunguard.errors import BadData
from dunguard.extract import phone
from dunguard.extract.base import Doc, normalize
from dunguard.extract.phone import classify_sender, extract
from dunguard.model import Message


def run(text: str):
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


def only(text: str):
    found = run(text)
    assert len(found) == 1, [e.to_json() for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "kind"),
    [
        ("请拨打13812345678", "13812345678", "+8613812345678", "mobile"),
        ("联系 +86 138 1234 5678", "+86 138 1234 5678", "+8613812345678", "mobile"),
        ("电话：0755-12345678", "0755-12345678", "+8675512345678", "landline"),
        ("电话(0755)12345678", "(0755)12345678", "+8675512345678", "landline"),
        ("010-12345678", "010-12345678", "+861012345678", "landline"),
        ("0086 21 12345678", "0086 21 12345678", "+862112345678", "landline"),
        ("请致电客服95188", "95188", "95188", "service_95"),
        ("供电服务热线96333", "96333", "96333", "service_96"),
        ("客服400-812-3456", "400-812-3456", "4008123456", "service_400"),
        ("热线4008-123-456", "4008-123-456", "4008123456", "service_400"),
        ("免费电话8001234567", "8001234567", "8001234567", "service_800"),
        ("本短信由1069012345678发送", "1069012345678", "1069012345678", "sms_gateway_106"),
        ("如遇暴力催收请拨打12378投诉", "12378", "12378", "hotline_short"),
        ("遇到诈骗请报警110", "110", "110", "hotline_short"),
        ("境外来电+1 415 555 2671", "+1 415 555 2671", "+14155552671", "overseas"),
        ("咨询电话：88886666", "88886666", "88886666", "landline"),
        # Full-width digits: matched on the folded text, reported as received.
        ("请拨打１３８１２３４５６７８", "１３８１２３４５６７８", "+8613812345678", "mobile"),
    ],
)
def test_numbers(text, span, value, kind):
    el = only(text)
    assert (el.type, el.role, el.text, el.value, el.attrs["kind"]) == ("phone", "contact", span, value, kind)
    assert el.attrs["masked"] is False


def test_region_and_carrier():
    # A mobile's block province needs the 40 MB geocoder: left to number_block_region.
    mobile = only("请拨打13812345678")
    assert (mobile.attrs["region"], mobile.attrs["carrier"]) == (None, "中国移动")
    assert phone.number_block_region("+8613812345678") == "江苏省连云港市"
    assert phone.number_block_region("+8617012345678") is None  # the data only says "China"
    landline = only("电话：0755-12345678")
    assert (landline.attrs["region"], landline.attrs["carrier"]) == ("广东省深圳市", None)
    service = only("客服95188")
    assert (service.attrs["region"], service.attrs["carrier"]) == (None, None)


@pytest.mark.parametrize(
    ("digits", "region"),
    [
        ("01012345678", "北京市"),
        ("02112345678", "上海市"),
        ("075512345678", "广东省深圳市"),
        ("09911234567", "新疆维吾尔自治区乌鲁木齐市"),
    ],
)
def test_area_region(digits, region):
    assert phone.area_region(digits) == region


def test_area_table_matches_phonenumbers_geodata():
    # The table is generated from this data; regenerate it when the library's data moves:
    # {"0" + k[2:]: v["zh"] for k, v in GEOCODE_DATA.items() if k.startswith("86")
    #  and 4 <= len(k) <= 6 and not (k[2] == "1" and k[3] in "3456789") and "zh" in v}
    from phonenumbers.geodata import GEOCODE_DATA

    expected = {
        "0" + k[2:]: v["zh"]
        for k, v in GEOCODE_DATA.items()
        if k.startswith("86") and 4 <= len(k) <= 6 and not (k[2] == "1" and k[3] in "3456789") and "zh" in v
    }
    assert phone.prefix_table()["area_codes"] == expected


def test_named_hotline():
    el = only("投诉请拨打12363")
    assert el.attrs["category"] == "regulator"
    assert el.attrs["name"] == "中国人民银行金融消费权益保护咨询投诉电话"


@pytest.mark.parametrize(
    ("text", "span", "hint"),
    [
        ("如有疑问,请联系客服xxxx-xxxx。", "xxxx-xxxx", "unknown"),
        ("回电138****1234", "138****1234", "mobile"),
        ("客服400-xxx-xxxx", "400-xxx-xxxx", "service_400"),
        ("联系xxxxxxxxxxx，蒋先生", "xxxxxxxxxxx", "mobile"),
        ("咨询xxxx-xxxxxxx", "xxxx-xxxxxxx", "landline"),
        ("详询95XXX。", "95XXX", "service_95"),
    ],
)
def test_masked(text, span, hint):
    el = only(text)
    assert (el.text, el.value, el.attrs["kind"], el.attrs["masked"], el.attrs["kind_hint"]) == (
        span,
        None,
        "masked",
        True,
        hint,
    )


def test_realistic_message():
    text = (
        "【XX金融】您的借款已逾期,欠款2000元,请于2025-03-01 12:00前还款。"
        "如有疑问请致电400-812-3456或联系专员13812345678,投诉请拨12378。回复TD退订"
    )
    got = [(e.text, e.attrs["kind"]) for e in run(text)]
    assert got == [("400-812-3456", "service_400"), ("13812345678", "mobile"), ("12378", "hotline_short")]


@pytest.mark.parametrize(
    "text",
    [
        "欠款2000元",
        "请于2025-03-01前还款",
        "请于12:30前",
        "验证码123456,请勿泄露",
        "卡号6222021234567890123",
        "您的银行卡尾号12345678",
        "下午110分钟",
        "订单20250301已发货",
        "QQ:12345678",
        "价值xxx元",
        "日息0.05%",
        "xxxx-xx-xx",
        "访问t.cn/13812345678",
        "2025年",
        "账号是(农行)6228****6519",
    ],
)
def test_not_phone(text):
    assert run(text) == []


@pytest.mark.parametrize(
    ("sender", "kind", "value"),
    [
        ("1069012345678", "sms_gateway_106", "1069012345678"),
        ("+8613812345678", "mobile", "+8613812345678"),
        ("138 1234 5678", "mobile", "+8613812345678"),
        ("95588", "service_95", "95588"),
        ("10086", "hotline_short", "10086"),
        ("12381", "hotline_short", "12381"),
        ("+14155552671", "overseas", "+14155552671"),
        ("招商银行", "name", None),
        ("138****1234", "masked", None),
        ("", "unknown", None),
    ],
)
def test_classify_sender(sender, kind, value):
    info = classify_sender(sender)
    assert (info["kind"], info["value"], info["raw"]) == (kind, value, sender)


def test_sender_carrier_category():
    assert classify_sender("10086")["category"] == "carrier"
    assert classify_sender("138****1234")["kind_hint"] == "mobile"


def test_prefix_table_loads_with_sources():
    table = phone.prefix_table()
    assert {e["kind"] for e in table["prefixes"]} == {
        "service_95",
        "service_96",
        "sms_gateway_106",
        "service_400",
        "service_800",
        "service_1010",
    }
    for entry in [*table["prefixes"], *table["numbers"].values()]:
        assert entry["source"] and entry["confidence"] in ("V", "S", "U")


def test_bad_prefix_table_is_a_named_error(tmp_path: Path, monkeypatch):
    bad = tmp_path / "phone_prefixes.yaml"
    bad.write_text("prefixes:\n  - prefix: '95'\n    kind: service_95\n", encoding="utf-8")
    monkeypatch.setattr(phone, "DATA_FILE", bad)
    phone.prefix_table.cache_clear()
    try:
        with pytest.raises(BadData) as info:
            phone.prefix_table()
        assert "prefixes[0]" in str(info.value) and "phone_prefixes.yaml" in str(info.value)
    finally:
        monkeypatch.undo()
        phone.prefix_table.cache_clear()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_spans_inside_the_text(text):
    for el in run(text):
        assert 0 <= el.start < el.end <= len(text)
        assert el.span.text == text[el.start : el.end]


@given(st.text(alphabet="0123456789xX*-+() 元电话", max_size=40))
def test_digit_soup_gives_spans_inside_the_text(text):
    for el in run(text):
        assert el.span.text == text[el.start : el.end]
        assert el.attrs["kind"] in phone.KINDS


@pytest.mark.parametrize("unit", ["1 ", "x ", "95188,", "13812345678 ", "😀\x00\u202e"])
def test_megabyte_input_is_handled(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    for el in run(text):
        assert el.span.text == text[el.start : el.end]


def test_1010_service_number():
    els = phone.extract(Doc.from_message(Message("如有疑问请致电10107888咨询")))
    assert [(e.text, e.attrs["kind"]) for e in els] == [("10107888", "service_1010")]
