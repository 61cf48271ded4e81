from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunguard.extract.base import Doc, normalize
from dunguard.extract.url import extract


def run(text: str):
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


def only(text: str):
    found = run(text)
    assert len(found) == 1, [e.to_json() for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "host", "shortener", "obfuscated", "ip_host"),
    [
        ("点击t.cn/A6xYz还款", "t.cn/A6xYz", "http://t.cn/A6xYz", "t.cn", True, False, False),
        ("详见dwz.cn/Ab12", "dwz.cn/Ab12", "http://dwz.cn/Ab12", "dwz.cn", True, False, False),
        ("戳 bit.ly/3xYz 领取", "bit.ly/3xYz", "http://bit.ly/3xYz", "bit.ly", True, False, False),
        ("http://url.cn/5AbC", "http://url.cn/5AbC", "http://url.cn/5AbC", "url.cn", True, False, False),
        (
            "请登录 https://www.ABC.com/login?id=1，谢谢",
            "https://www.ABC.com/login?id=1",
            "https://www.abc.com/login?id=1",
            "www.abc.com",
            False,
            False,
            False,
        ),
        ("访问www.xx.cn了解", "www.xx.cn", "http://www.xx.cn", "www.xx.cn", False, False, False),
        ("下载APP:hk-loan.top", "hk-loan.top", "http://hk-loan.top", "hk-loan.top", False, False, False),
        (
            "官网：nel.cmbc.com.cn",
            "nel.cmbc.com.cn",
            "http://nel.cmbc.com.cn",
            "nel.cmbc.com.cn",
            False,
            False,
            False,
        ),
        ("网址abc.xyz。", "abc.xyz", "http://abc.xyz", "abc.xyz", False, False, False),
        ("(见http://a.com/x)", "http://a.com/x", "http://a.com/x", "a.com", False, False, False),
        (
            "http://192.168.1.1:8080/pay",
            "http://192.168.1.1:8080/pay",
            "http://192.168.1.1:8080/pay",
            "192.168.1.1",
            False,
            False,
            True,
        ),
        (
            "打开 w w w . abc . com",
            "w w w . abc . com",
            "http://www.abc.com",
            "www.abc.com",
            False,
            True,
            False,
        ),
        ("abc．com", "abc．com", "http://abc.com", "abc.com", False, True, False),
        ("www。abc。com", "www。abc。com", "http://www.abc.com", "www.abc.com", False, True, False),
        ("登录daikuan点com还款", "daikuan点com", "http://daikuan.com", "daikuan.com", False, True, False),
        ("visit abc dot com now", "abc dot com", "http://abc.com", "abc.com", False, True, False),
        (
            "ｗｗｗ．ａｂｃ．ｃｏｍ",
            "ｗｗｗ．ａｂｃ．ｃｏｍ",
            "http://www.abc.com",
            "www.abc.com",
            False,
            True,
            False,
        ),
        (
            "官网www.xxxx.com/xxx",
            "www.xxxx.com/xxx",
            "http://www.xxxx.com/xxx",
            "www.xxxx.com",
            False,
            False,
            False,
        ),
    ],
)
def test_links(text, span, value, host, shortener, obfuscated, ip_host):
    el = only(text)
    assert (el.type, el.role, el.text, el.value) == ("url", "link", span, value)
    assert dict(el.attrs) == {
        "host": host,
        "shortener": shortener,
        "obfuscated": obfuscated,
        "ip_host": ip_host,
        "masked": False,
    }


def test_masked_host():
    el = only("请立即前往车辆中心:http://***.***.cn重新办理")
    assert (el.text, el.attrs["host"], el.attrs["masked"]) == ("http://***.***.cn", "***.***.cn", True)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("www．abc点com", "http://www.abc.com"),
        ("w w w .abc. c o m", "http://www.abc.com"),
        ("abc[.]com", "http://abc.com"),
        ("abc(dot)cn", "http://abc.cn"),
        ("ｈｔｔｐ：／／ａｂｃ．ｃｎ／ｘ", "http://abc.cn/x"),
    ],
)
def test_mixed_obfuscation(text, value):
    el = only(text)
    assert (el.text, el.value, el.attrs["obfuscated"]) == (text, value, True)


def test_realistic_message_with_several_links():
    text = "【XX借贷】您已逾期，请立即登录 https://pay.xx-loan.top/h5?uid=8 或 t.cn/RxYz 还款，客服官网 www．xx．cn"
    got = [(e.value, e.attrs["shortener"], e.attrs["obfuscated"]) for e in run(text)]
    assert got == [
        ("https://pay.xx-loan.top/h5?uid=8", False, False),
        ("http://t.cn/RxYz", True, False),
        ("http://www.xx.cn", False, True),
    ]


@pytest.mark.parametrize(("text", "host"), [
    ("八月一号前往www.tm2.ch补充核查", "www.tm2.ch"),
    ("请登录www.abc.ch/x?y=1 办理", "www.abc.ch"),
    ("详见 www.mybank.ru", "www.mybank.ru"),
])
def test_www_says_link_whatever_the_tld(text, host):
    assert only(text).attrs["host"] == host


@pytest.mark.parametrize(
    "text",
    [
        "借款3.5万元",
        "www.",
        "请于12.30前还款",
        "附件report.doc请查收",
        "邮箱abc@qq.com",
        "版本v1.2.3已发布",
        "下午3点cn",
        "Mr.Li您好",
        "日息0.05%",
        "您好。请还款。谢谢",
        "x.x万元",
    ],
)
def test_not_links(text):
    assert run(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_spans_inside_the_text(text):
    for el in run(text):
        assert 0 <= el.start < el.end <= len(text)
        assert el.span.text == text[el.start : el.end]


@given(st.text(alphabet="abcw .。．点/:htp0123com", max_size=60))
def test_link_soup_gives_spans_inside_the_text(text):
    for el in run(text):
        assert el.span.text == text[el.start : el.end]
        assert el.value.startswith(("http://", "https://", "ftp://"))


@pytest.mark.parametrize("unit", ["a.", "a点", "w w w . ", "a.com ", "http://a", "1.1.", "😀\x00\u202e"])
def test_megabyte_input_is_handled(unit):
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    for el in run(text):
        assert el.span.text == text[el.start : el.end]


@pytest.mark.parametrize("host,lender", [
    ("wap.icbcsir.com", "中国工商银行"),
    ("cmbchina-vip.cc", "招商银行"),
    ("www.icbc.com.cn", None),
    ("cmbchina.com", None),
    ("facebook.com", None),
    ("t.cn", None),
    # A service number dressed up in a longer name; the bare number is how banks and carriers register it.
    ("goxxx-10086.com", "10086"),
    ("icbc95588-cn.top", "95588"),
    ("dx.10086.cn", None),
    ("95588.com", None),
    ("shop123456.com", None),
])
def test_lookalike_bank_domains(host, lender):
    from dunguard.extract.url import lookalike

    assert lookalike(host) == lender
