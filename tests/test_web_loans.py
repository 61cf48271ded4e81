"""The web loans page and its JSON twin, as a new user met them: the arrival date, the figure each
legal line is compared with, the CLI's field names, and both spellings of a lender type."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from dunguard.web.app import create_app  # noqa: E402

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(), base_url=BASE)


def token(client: TestClient) -> str:
    client.get("/")
    return client.cookies["dg_csrf"]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def check_page(client: TestClient, **fields: str):
    return client.post("/loans", data={"csrf_token": token(client), "section": "check", **fields})


def test_assumed_arrival_points_to_the_pages_own_field(client):
    r = check_page(client, received="9000", count="12", amount="1000", first_due="2025-03-26")
    page = text_of(r.text)
    assert r.status_code == 200
    assert "（假定 2025-02-26 到账：第一期还款前一个月；可在“到账日期”一栏填写实际日期）" in page
    assert "--received-on" not in page
    r = client.post("/api/loans/check", json={"received": "9000", "count": 12, "amount": "1000",
                                              "first_due": "2025-03-26", "lang": "en"})
    assert any("fill in “Date the money arrived”" in line for line in r.json()["lines"])


def test_page_uses_the_arrival_date(client):
    r = check_page(client, received="9000", count="12", amount="1000", first_due="2025-03-26",
                   received_on="2024-12-26")
    page = text_of(r.text)
    assert "42.40%" in page and "51.70%" in page and "按实际日期计算：2024-12-26 到账" in page
    r = check_page(client, received="9000", count="12", amount="1000", first_due="2025-03-26",
                   received_on="2025-04-20")
    assert r.status_code == 400 and "到账日期 2025-04-20 晚于第一笔还款日 2025-03-26" in text_of(r.text)


def test_page_compares_the_36_line_with_the_effective_rate(client):
    r = check_page(client, received="10000", count="12", amount="1000", lender_type="private",
                   signed="2024-06-01")
    page = text_of(r.text)
    # The 36 % line is about the 实际年利率, which the page calls the rate with interest on interest.
    assert "超过：利滚利的年利率 41.30%，高于 36.00%" in page
    assert "未超过：真实年化利率 35.07% ≤ 36.00%" not in page


def test_api_returns_the_cli_names_too(client):
    r = client.post("/api/loans/check", json={"received": "9000", "count": 12, "amount": "1000"})
    assert r.status_code == 200
    rate = r.json()["rate"]
    assert rate["annual_rate_nominal"] == rate["nominal_annual"] and rate["annual_rate_nominal"].startswith("0.5675")
    assert rate["monthly_rate"] == rate["periodic"]
    assert rate["annual_rate_effective"] == rate["effective_annual"]
    assert rate["cost"] == "3000" and rate["received_on_assumed"] is False


def test_api_received_on_and_first_due_use_xirr(client):
    r = client.post("/api/loans/check", json={"received": "9000", "count": 12, "amount": "1000",
                                              "first_due": "2025-03-26", "received_on": "2025-03-20"})
    assert r.status_code == 200
    rate = r.json()["rate"]
    assert rate["method"] == "xirr" and rate["annual_rate_nominal"].startswith("0.6551")


@pytest.mark.parametrize("spelling", ["consumer-finance", "consumer_finance"])
def test_api_and_page_take_either_spelling_of_a_lender_type(client, spelling):
    r = client.post("/api/loans/check", json={"received": "9000", "count": 12, "amount": "1000",
                                              "lender_type": spelling, "signed": "2024-06-01"})
    assert r.status_code == 200, r.text
    assert r.json()["check"]["lender_type"] == "consumer-finance"
    r = check_page(client, received="9000", count="12", amount="1000", lender_type=spelling, signed="2024-06-01")
    assert r.status_code == 200 and "放贷机构：消费金融公司" in text_of(r.text)


def test_short_loan_check_keeps_its_blocks_apart(client):
    r = client.post("/api/loans/check", json={"received": "1400", "count": 1, "amount": "2000", "interval_days": 7,
                                              "received_on": "2026-12-06", "signed": "2026-12-06",
                                              "lender_type": "platform"})
    assert r.status_code == 200
    lines = r.json()["lines"]
    lender = next(i for i, line in enumerate(lines) if line.startswith("放贷机构"))
    assert lines[lender - 1] == ""
    assert "  超过：利滚利的年利率 1,000,000.00% 以上，高于 36.00%。按还款计划的借款成本中，约 591.72 元在这条线以上。" in lines


def test_every_field_on_the_loans_page_has_its_own_id(client):
    # a label in the letter section focused the plan section's field of the same name (new-user test)
    html = client.get("/loans").text
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids


def test_a_short_loan_with_no_arrival_date_starts_on_the_contract_date(client):
    # it assumed the money came today although the contract date was given (new-user test)
    r = client.post("/api/loans/check", json={"received": "1500", "count": 1, "amount": "2000", "interval_days": 7,
                                              "signed": "2026-11-01", "lender_type": "private"})
    assert r.status_code == 200
    text = " ".join(r.json()["lines"])
    assert "2026-11-01 到账" in text and "2026-11-08" in text


# ----------------------------------------------------------------------------- plain words (new-user test: "IRR" and
# "内部收益率" meant nothing to a borrower, nor which number each legal line was held against)

JARGON = ("IRR", "XIRR", "内部收益率", "名义年利率", "internal rate of return", "nominal")


def result_lines(html: str) -> list[str]:
    block = re.search(r'<div class="card result" id="result".*?</div>', html, re.S).group(0)
    return [re.sub(r"\s+", " ", p).strip() for p in re.findall(r"<p[^>]*>(.*?)</p>", block, re.S)]


def jargon_outside_hints(lines: list[str], hint: str) -> list[str]:
    return [line for line in lines if any(j in line for j in JARGON) and not line.startswith(hint)]


def test_the_loan_page_says_what_the_rate_means_in_plain_words(client):
    r = check_page(client, received="9000", count="12", amount="1000", lender_type="platform", signed="2024-06-01")
    assert r.status_code == 200
    lines = result_lines(r.text)
    assert "真实年化利率（把每笔还款的时间都算进去）：56.75%" in lines
    assert any("每欠 100 元、欠满一年，要付约 56.75 元的利息和各种费用" in line for line in lines)
    assert "利滚利的年利率：74.11%" in lines
    # the technical names are still there, but only as a hint after the plain one
    assert "专业叫法：年化利率（内部收益率 IRR×12，名义年利率）；月利率 4.7296%" in lines
    assert jargon_outside_hints(lines, "专业叫法：") == []
    # and the page says, line by line, which of the two numbers each legal line is held against and how far off
    assert "· 24.00% 的红线：你的真实年化利率 56.75%，超过了，高出 32.75 个百分点，是这条线的 2.4 倍。" in lines
    assert "· 36.00% 的红线：你的利滚利的年利率 74.11%，超过了，高出 38.11 个百分点，是这条线的 2.1 倍。" in lines
    verdict = next(i for i, line in enumerate(lines) if line.startswith("结论："))
    assert lines[verdict + 1].startswith("· ")  # right under the verdict, before the legal details


def test_the_plain_words_are_in_english_too(client):
    client.get("/")
    client.cookies.set("dg_lang", "en")
    r = check_page(client, received="10000", count="12", amount="870", lender_type="bank", signed="2025-01-01")
    assert r.status_code == 200
    lines = result_lines(r.text)
    assert "True annual rate (counting when each payment is made): 8.03%" in lines
    assert any("for every 100 yuan you still owe, a year costs about 8.03 yuan" in line for line in lines)
    assert jargon_outside_hints(lines, "Technical name:") == []
    assert "· The 24.00% line: your true annual rate is 8.03%, not above it." in lines
    assert "· The 36.00% line: your rate with interest on interest is 8.33%, not above it." in lines


def test_actual_dates_and_a_short_loan_keep_xirr_as_a_hint_only(client):
    r = check_page(client, received="9000", count="12", amount="1000", first_due="2025-03-26",
                   received_on="2024-12-26")
    lines = result_lines(r.text)
    assert "真实年化利率（把每笔还款的时间都算进去）：42.40%" in lines
    assert "专业叫法：实际年利率（XIRR，按实际天数/365 复利）" in lines
    assert jargon_outside_hints(lines, "专业叫法：") == []
    r = check_page(client, received="1400", count="1", amount="2000", interval_days="7", signed="2025-01-01",
                   lender_type="private")
    lines = result_lines(r.text)
    assert "真实年化利率（把每笔还款的时间都算进去）：2,234.69%" in lines
    assert "· 36.00% 的红线：你的利滚利的年利率超过 1,000,000.00%，远远超过。" in lines
    assert any(line.startswith("LPR 是贷款市场报价利率") for line in lines)  # the 4 x LPR line says what LPR is
    assert jargon_outside_hints(lines, "专业叫法：") == []


def test_without_a_contract_date_the_page_says_why_no_legal_line_is_shown(client):
    r = client.post("/api/loans/check", json={"received": "10000", "count": 12, "amount": "1100"})
    assert r.status_code == 200
    assert any("没有填写签约日期" in line for line in r.json()["lines"])


def test_the_verdict_counts_only_the_lines_in_force_and_says_how_many_are_not(client):
    r = client.post("/api/loans/check", json={"received": "10000", "count": 12, "amount": "1100",
                                              "signed": "2024-06-01", "lender_type": "platform"})
    verdict = next(line for line in r.json()["lines"] if line.startswith("结论："))
    assert "签约时已生效的" in verdict
    listed = [line for line in r.json()["lines"] if line.startswith("【")]
    in_force = int(verdict.split("签约时已生效的 ")[1].split(" 条")[0])
    # every line listed is either counted or said to be not yet in force
    later = len(listed) - in_force
    assert later >= 0 and ((f"另有 {later} 条签约时还没生效" in verdict) == (later > 0))
