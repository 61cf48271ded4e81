from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunguard.extract.account import extract
from dunguard.extract.base import Doc, normalize


def run(text: str):
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


@pytest.mark.parametrize(
    ("text", "role", "span", "value", "masked"),
    [
        ("卡号6222021234567890123", "bank_card", "6222021234567890123", "6222021234567890123", False),
        ("6222 0212 3456 7890 123", "bank_card", "6222 0212 3456 7890 123", "6222021234567890123", False),
        ("您尾号1234的银行卡", "bank_card", "尾号1234", None, True),
        ("工商银行卡号：xxxxxxxxxxxxxxxxxxx陈武军", "bank_card", "xxxxxxxxxxxxxxxxxxx", None, True),
        # a UnionPay card number (BIN 62) is a person's card, whatever the text calls it
        (
            "收款账户：6217000010012345678",
            "bank_card",
            "收款账户：6217000010012345678",
            "6217000010012345678",
            False,
        ),
        # ...while a company account number keeps its name
        (
            "对公账户：1202020309900012345",
            "bank_account",
            "对公账户：1202020309900012345",
            "1202020309900012345",
            False,
        ),
        ("账号：xxxxxxxxxxxx", "bank_account", "账号：xxxxxxxxxxxx", None, True),
        (
            "请转账至支付宝账号：pay8888@163.com",
            "alipay",
            "支付宝账号：pay8888@163.com",
            "pay8888@163.com",
            False,
        ),
        ("请打支付宝13008946309", "alipay", "支付宝13008946309", "13008946309", False),
        ("加微信号abc_12345详谈", "wechat", "微信号abc_12345", "abc_12345", False),
        ("vx: abc12345", "wechat", "vx: abc12345", "abc12345", False),
        ("添加我微信号：xxxxxxxxx（", "wechat", "微信号：xxxxxxxxx", None, True),
        ("QQ:12345678", "qq", "QQ:12345678", "12345678", False),
        ("账号是(农行)6228****6519,爸妈", "bank_card", "6228****6519", None, True),
        ("还款卡号:625958******7219 账单", "bank_card", "625958******7219", None, True),
        ("户名：张三，", "payee_name", "户名：张三", "张三", False),
        ("收款人李四请核对", "payee_name", "收款人李四", "李四", False),
    ],
)
def test_accounts(text, role, span, value, masked):
    found = run(text)
    assert len(found) == 1, [e.to_json() for e in found]
    el = found[0]
    assert (el.type, el.role, el.text, el.value, el.attrs["masked"]) == ("account", role, span, value, masked)


def test_card_luhn_and_tail():
    card = run("卡号6222600260001072444")[0]  # a Luhn-valid test number
    assert card.attrs["luhn"] is True
    masked = run("卡号6222********1234")[0]
    assert (masked.value, masked.attrs["tail"]) == (None, "1234")


def test_realistic_scam_message():
    text = "【法务部】您的欠款已移交，请今日内将3000元转入指定账户：6217000010012345678，户名：王小明，逾期后果自负。"
    got = [(e.role, e.value) for e in run(text)]
    assert got == [("bank_card", "6217000010012345678"), ("payee_name", "王小明")]


@pytest.mark.parametrize(
    "text",
    [
        "xxxxxxxxxxxxxxxxxxx",
        "订单号1234567890123456",
        "身份证110105194912310021",
        "请您尽快还款",
        "请拨打13812345678",
        "支付宝客服中心",
        "关注微信公众号",
        "请凭9-20-226到极兔领取运单尾号0100包裹",
        "手机尾号1234的用户",
    ],
)
def test_not_accounts(text):
    assert run(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_spans_inside_the_text(text):
    for el in run(text):
        assert 0 <= el.start < el.end <= len(text)
        assert el.span.text == text[el.start : el.end]


@pytest.mark.parametrize("unit", ["尾号1234 ", "QQ:12345 ", "户名", "卡号1", "6222 ", "😀\x00\u202e"])
def test_megabyte_input_is_handled(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    for el in run(text):
        assert el.span.text == text[el.start : el.end]


def test_masked_card_explained_after_the_number_is_a_card():
    # Borrowers redact numbers before pasting; the bank named after the number still makes it a card.
    t = "王某建行xxxx xxxx xxxx xxxx 把钱打到这个卡上"
    cards = [e for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC"))) if e.role == "bank_card"]
    assert len(cards) == 1 and cards[0].attrs["masked"]


def test_card_groups_padded_with_several_spaces_are_one_account():
    # Texts pasted from a chat or a form often pad the four-digit groups; the number is still one card.
    t = "租金打这个卡上。 建行帐号6222  0212   3456   7890杨琼"
    accounts = [e for e in run(t) if e.type == "account"]
    assert len(accounts) == 1
    assert accounts[0].value == "6222021234567890"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["6228", "xxxx", "1234", " ", "  ", "-", "*", "5", "x", "a", "٣", "62"]),
                max_size=20).map("".join))
def test_card_scans_from_their_leads_equal_finditer(text):
    # The card regexes are tried only where their leads match; they must find what finditer finds.
    from dunguard.extract.account import _CARD_LEAD, _MASKED_CARD_LEAD, CARD_RE, MASKED_CARD_RE
    from dunguard.regexcache import finditer_led

    for lead, regex in ((_CARD_LEAD, CARD_RE), (_MASKED_CARD_LEAD, MASKED_CARD_RE)):
        assert [m.span() for m in finditer_led(lead, regex, text)] == [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize("text", ["尾号", "末四位", "微信", "vX", "WX", "Qq", "扣扣", "户名", "收款方", "账号", "银行卡", "支付宝"])
def test_every_cue_passes_the_gate(text):
    from dunguard.extract.account import _CUES

    assert _CUES is not None and _CUES.search(text)
