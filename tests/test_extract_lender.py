"""Lender extraction on real-shaped messages: signatures, aliases in the body, collector labels."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from dunguard.extract.base import Doc, normalize
from dunguard.extract.lender import extract
from dunguard.model import Element


def run(text: str) -> list[Element]:
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


def summary(text: str) -> list[tuple[str, str | None, str]]:
    out = []
    for e in run(text):
        assert text[e.start : e.end] == e.text  # spans index the original text
        out.append((e.role, e.value, e.text))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "【招联金融】尊敬的张先生，您的好期贷已逾期15天，请尽快还款。",
            [("signature", "mucfc", "【招联金融】"), ("named", "mucfc", "招联金融"), ("named", "mucfc", "好期贷")],
        ),
        (
            "【美团】您的美团月付账单已逾期3天，逾期将影响您的信用记录，请登录美团App还款。",
            [
                ("signature", "meituan", "【美团】"),
                ("named", "meituan", "美团"),
                ("named", "meituan", "美团月付"),
                ("named", "meituan", "美团"),
            ],
        ),
        (
            "【马上消费】您好，您的借款已逾期15天。",
            [("signature", "msxf", "【马上消费】"), ("named", "msxf", "马上消费")],
        ),
        (
            "您在招行信用卡的欠款已逾期，请尽快处理。【招商银行】",
            [("named", "cmb", "招行"), ("signature", "cmb", "【招商银行】"), ("named", "cmb", "招商银行")],
        ),
        (
            "您的京东白条已逾期，请尽快还款。退订回T【京东金融】",
            [("named", "jd", "京东白条"), ("signature", "jd", "【京东金融】"), ("named", "jd", "京东金融")],
        ),
        (
            "[中国银行]您尾号1234的信用卡已逾期，请致电95566。",
            [("signature", "boc", "[中国银行]"), ("named", "boc", "中国银行")],
        ),
        (
            "【融信通】您的借款已严重逾期，我司已启动外访程序，请于今日18点前处理。",
            [("signature", None, "【融信通】")],
        ),
        (
            "【法务部】你在蚂蚁借呗的欠款已移交北京市某某律师事务所，请联系调解中心协商。",
            [
                ("signature", None, "【法务部】"),
                ("collector", None, "法务部"),
                ("named", "ant", "蚂蚁借呗"),
                ("collector", None, "北京市某某律师事务所"),
                ("collector", None, "调解中心"),
            ],
        ),
        (
            "你的微粒贷欠款已由深圳某某资产管理有限公司受让，详询风控中心。",
            [
                ("named", "webank", "微粒贷"),
                ("collector", None, "深圳某某资产管理有限公司"),
                ("collector", None, "风控中心"),
            ],
        ),
        ("大家好，我们是至诚律师事务所，受托处理你的欠款。", [("collector", None, "至诚律师事务所")]),
        ("11月30日江西某某律师事务所将就你的欠款发出律师函", [("collector", None, "江西某某律师事务所")]),
        ("地址：某某路40号某某大厦院内山东某某律师事务所", [("collector", None, "山东某某律师事务所")]),
        ("【平安普惠】您的借款已逾期，请及时还款。", [("signature", "pingan_puhui", "【平安普惠】"), ("named", "pingan_puhui", "平安普惠")]),
        ("ICBC信用卡逾期提醒，BOCOM客户请忽略", [("named", "icbc", "ICBC")]),
        ("[1/2]您的借呗已逾期，请登录支付宝客服中心处理", [("named", "ant", "借呗"), ("named", "ant", "支付宝")]),
        # A heading is not a signature; the real one is at the end.
        (
            "【温馨提示】您在分期乐的借款已逾期，请尽快还款。【分期乐】",
            [("named", "lexin", "分期乐"), ("signature", "lexin", "【分期乐】"), ("named", "lexin", "分期乐")],
        ),
        ("【逾期通知】你的欠款已转交外访组", [("collector", None, "外访组")]),
        # A brand that is not a lender fills the signature: known, but no lender.
        ("【美团外卖】您的订单已送达，祝您用餐愉快", [("signature", None, "【美团外卖】")]),
    ],
)
def test_lender_elements(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "本周六起开展集中行动，请大家提交行程码。",  # 中行 / 交行 inside other words
        "中国银行保险监督管理委员会提醒：警惕冒充客服诈骗。",  # regulator, not 中国银行
        "我现在没有钱花了，下个月再说吧",  # 有钱花 inside 没有钱花
        "请将欠款转到支付宝账户，否则后果自负",  # 支付宝 as a payment channel
        "平安夜快乐，记得给家里报平安",
        "美团外卖订单已送达，京东快递已签收",
        "相信也会有转机，娱乐信息请关注公众号",  # 信也 / 乐信 inside other words
        "今晚打个白条，明天还你",  # 白条 = an IOU
        "这件事也许不是法律所能解决的",  # 律所 inside 法律所
        "［2015-7-12］那天的照片还在",  # a date in brackets is not a signature
        "马上消费满100元立减10元",  # 马上消费 = "spend now", a lender only as a whole signature
    ],
)
def test_no_lender_in_ordinary_text(text: str) -> None:
    assert summary(text) == []


def test_known_lender_attrs_carry_verified_channels_with_sources() -> None:
    sig = run("【招商银行】您的信用卡已逾期")[0]
    assert sig.role == "signature"
    assert sig.attrs["known"] is True
    assert sig.attrs["name"] == "招商银行"
    assert sig.attrs["kind"] == "bank"
    assert sig.attrs["label"] == "招商银行"
    # Only the number read on cmbchina.com is official; the directory's 95555 is offered as unconfirmed.
    assert [p["number"] for p in sig.attrs["official_phones"]] == ["4008205555"]
    assert all("cmbchina.com" in p["source"] and p["retrieved"] == "2026-12-05" for p in sig.attrs["official_phones"])
    assert [p["number"] for p in sig.attrs["listed_phones"]] == ["95555", "4008885555"]
    assert sig.attrs["official_sites"] == ["cmbchina.com"]


def test_unverified_numbers_are_not_offered() -> None:
    named = run("您的度小满有钱花借款已逾期")
    assert [(e.value, e.text) for e in named] == [("duxiaoman", "度小满"), ("duxiaoman", "有钱花")]
    # 95055 is on file but unverified, so the element offers no number at all.
    assert [e.attrs["official_phones"] for e in named] == [[], []]


def test_unknown_signature_attrs() -> None:
    (sig,) = run("【 安心调解 】你的案件已进入处理流程")
    assert sig.text == "【 安心调解 】"
    assert sig.value is None
    assert sig.attrs == {
        "name": None,
        "kind": None,
        "known": False,
        "official_phones": [],
        "listed_phones": [],
        "official_sites": [],
        "label": "安心调解",
    }


def test_collector_attrs() -> None:
    elements = run("已委托律师事务所处理，另由广州某某资产管理公司及外访组跟进")
    assert [(e.text, dict(e.attrs)) for e in elements] == [
        ("律师事务所", {"label": "律师事务所", "name": None, "form": "law_firm"}),
        ("广州某某资产管理公司", {"label": "广州某某资产管理公司", "name": "广州某某资产管理公司", "form": "asset_manager"}),
        ("外访组", {"label": "外访组", "name": None, "form": "unit"}),
    ]


def test_full_width_text_keeps_original_spans() -> None:
    text = "［ＩＣＢＣ］您的信用卡已逾期"
    elements = run(text)
    assert [(e.role, e.value, e.text) for e in elements] == [
        ("signature", "icbc", "［ＩＣＢＣ］"),
        ("named", "icbc", "ＩＣＢＣ"),
    ]


def test_law_firm_abbreviation_and_mixed_roles() -> None:
    elements = run("【法务部】您的京东金条已逾期，已移交某某律所，请联系95118")
    assert [(e.type, e.role, e.value, e.text) for e in elements] == [
        ("lender", "signature", None, "【法务部】"),
        ("lender", "collector", None, "法务部"),
        ("lender", "named", "jd", "京东金条"),
        ("lender", "collector", None, "某某律所"),
    ]
    assert elements[3].attrs["form"] == "law_firm"
