"""Letters: every template in both languages, with and without each field; blanks instead of
invented facts; complaints built from analysis reports and from a stored case."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from tests.conftest import report_json

from dunguard import letters
from dunguard.errors import BadInput

THREAT = "【某某金融】您已严重逾期，我司将于明天上门拜访并联系您的家人和单位同事。"
THREAT_AT = datetime(2025, 2, 26, 22, 40)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_willing_without_fields_is_all_blanks(lang):
    md = letters.willing(lang)
    blanks = letters.find_blanks(md)
    expected = {"zh": ["【贷款机构名称】", "【姓名】", "【合同编号】", "【欠款金额】", "【困难原因】", "【联系电话】", "【日期】"],
                "en": ["【Lender name】", "【Your name】", "【contract number】", "【amount owed】", "【reason】",
                       "【your phone number】", "【Date】"]}[lang]
    assert set(expected) <= set(blanks)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_willing_with_every_field_has_no_blank(lang):
    md = letters.willing(lang, lender="美团", owed=D("12500"), name="张三", phone="13800000000", id_last4="1234",
                         contract="HT001", reason="失业" if lang == "zh" else "job loss", when=date(2025, 3, 1))
    assert letters.find_blanks(md) == []
    for fact in ("美团", "12,500", "张三", "13800000000", "1234", "HT001", "2025-03-01"):
        assert fact in md


def test_negotiate_matches_the_issue_example():
    md = letters.negotiate("zh", lender="美团", owed=D(12500), months=12, reason="失业")
    text = letters.to_text(md)
    assert "美团" in text and "12,500" in text and "分12期" in text
    assert "1,041.67" in text  # 12500 / 12 rounded up to the cent
    assert "因失业" in text
    assert "停息挂账" in text and "减免罚息" in text
    # What the user did not give stays blank: no invented name, phone, date or income.
    for blank in ("【姓名】", "【联系电话】", "【日期】", "【每月收入】", "【首期日期】"):
        assert blank in text
    assert "#" not in text and "**" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_negotiate_without_plan_leaves_plan_blank(lang):
    md = letters.negotiate(lang)
    blanks = letters.find_blanks(md)
    assert BLANK_OF[lang]["months"] in blanks and BLANK_OF[lang]["monthly"] in blanks
    assert "None" not in md


BLANK_OF = letters.BLANKS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_negotiate_with_budget_says_when_the_plan_is_too_heavy(lang):
    heavy = letters.negotiate(lang, owed=D(12500), months=6, income=D(6000), expenses=D(4200))
    light = letters.negotiate(lang, owed=D(12500), months=24, income=D(6000), expenses=D(4200))
    marker = "超过我每月可用余额的一半" if lang == "zh" else "more than half of what I have left"
    assert marker in heavy and marker not in light
    assert "1,800" in light  # free income stated in the hardship section


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_complaint_from_reports(lang):
    rep = report_json(THREAT, THREAT_AT)
    md = letters.complaint(lang, to="12378", reports=[rep])
    assert "12378" in md
    assert "CN-3P-001" in md  # contacting family/colleagues
    assert THREAT in md
    sha = hashlib.sha256(THREAT.encode("utf-8")).hexdigest()
    assert sha in md
    assert "2025-02-26 22:40" in md
    assert ("可信度" if lang == "zh" else "confidence") not in md  # marks stay in the report, not the letter
    assert "《" in md  # the documents are still cited
    assert (BLANK_OF[lang]["name"]) in md


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_complaint_without_reports_is_blanks(lang):
    md = letters.complaint(lang, to="nifa")
    for key in ("facts", "rules", "evidence", "name"):
        assert BLANK_OF[lang][key] in md


def test_complaint_can_refuse_reports_that_break_no_rule():
    bank = report_json("【招商银行】尊敬的客户，您尾号8821的信用卡本期账单金额3,256.00元，最后还款日为03月05日，请按时还款。")
    with pytest.raises(BadInput) as e:
        letters.complaint("zh", reports=[bank], require_violation=True)
    assert e.value.key == "letter_no_violation" and "--force" in e.value.render("zh")
    # One citable report among them is enough; without the flag the blank letter is still available.
    assert "CN-3P-001" in letters.complaint("zh", reports=[bank, report_json(THREAT, THREAT_AT)], require_violation=True)
    assert BLANK_OF["zh"]["rules"] in letters.complaint("zh", reports=[bank])


def test_complaint_channels_come_from_channels_yaml():
    from dunguard.plan import load_channels

    chans = load_channels()
    for to, cid in letters.RECIPIENTS.items():
        md = letters.complaint("zh", to=to)
        ch = chans[cid]
        assert ch.name["zh"] in md and "function" not in md
        # the addressee's number follows its name once, and not again when the name already says it
        if ch.number:
            addressed = f"{ch.name['zh']} {ch.number}"
            assert (addressed not in md) if ch.number in ch.name["zh"] else (addressed in md), to
        # the letter names its addressee; source notes and how sure we are stay in the plan, not the letter
        for note in ("来源：", "核对", "二手资料", "未核实", "可信度"):
            assert note not in md, (to, note)
    with pytest.raises(BadInput):
        letters.complaint("zh", to="110")


def test_complaint_from_a_stored_case(tmp_path):
    pytest.importorskip("dunguard.case.store")
    from dunguard.case.store import open_store
    from dunguard.ingest.records import ImportedMessage

    db = tmp_path / "case.db"
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"not really a png")
    tz = timezone(timedelta(hours=8))
    with open_store(db) as st:
        cid = st.new_case("美团")
        st.add_messages(cid, [ImportedMessage(THREAT, "13800138000", THREAT_AT.replace(tzinfo=tz))])
        st.attach(cid, shot)
    md = letters.complaint_from_case(cid, db=db, lang="zh", to="12378")
    assert hashlib.sha256(b"not really a png").hexdigest() in md
    assert "shot.png" in md and "13800138000" in md and "CN-3P-001" in md


def test_a_logged_call_is_a_fact_of_the_complaint(tmp_path):
    pytest.importorskip("dunguard.case.store")
    from dunguard.case.store import open_store
    from dunguard.ingest.records import ImportedMessage

    db = tmp_path / "case.db"
    tz = timezone(timedelta(hours=8))
    with open_store(db) as st:
        cid = st.new_case("XX贷")
        st.add_messages(cid, [ImportedMessage(THREAT, "13800138000", THREAT_AT.replace(tzinfo=tz))])
        st.add_call(cid, "02112345678", datetime(2026, 12, 6, 23, 15, tzinfo=tz), 5,
                    "对方自称XX贷催收员，说明天去我单位找领导，骂我是老赖。")
    md = letters.complaint_from_case(cid, db=db, lang="zh", to="12378")
    facts = md.split("## 一、事实", 1)[1].split("## 二", 1)[0]
    assert "02112345678打来电话" in facts and "说明天去我单位找领导" in facts and "夜间" in facts
    en = letters.complaint_from_case(cid, db=db, lang="en", to="12378")
    assert "a call from 02112345678" in en and "at night" in en


def test_the_facts_are_in_the_order_they_happened(tmp_path):
    # A call at 23:30 on 3月5日 was listed after a message of 3月6日: every call came after the
    # last message, so a complaint office read the events out of order.
    pytest.importorskip("dunguard.case.store")
    from dunguard.case.store import open_store
    from dunguard.ingest.records import ImportedMessage

    db = tmp_path / "case.db"
    tz = timezone(timedelta(hours=8))
    with open_store(db) as st:
        cid = st.new_case("XX贷")
        st.add_messages(cid, [
            ImportedMessage(THREAT, "13800138000", datetime(2025, 3, 5, 21, 0, tzinfo=tz)),
            ImportedMessage("再不还钱明天去你单位找你领导，让你同事都知道你是老赖", "13800138000",
                            datetime(2025, 3, 6, 9, 0, tzinfo=tz)),
        ])
        st.add_call(cid, "02112345678", datetime(2025, 3, 5, 23, 30, tzinfo=tz), 4, "威胁上门")
    md = letters.complaint_from_case(cid, db=db, lang="zh", to="12378")
    facts = md.split("## 一、事实", 1)[1].split("## 二", 1)[0]
    order = [facts.index(s) for s in ("2025-03-05 21:00", "2025-03-05 23:30", "2025-03-06 09:00")]
    assert order == sorted(order)
    assert re.search(r"^2\. 2025-03-05 23:30，号码02112345678打来电话", facts, re.M)


def test_a_quoted_messages_signature_is_not_a_blank_to_fill(tmp_path):
    # 【安逸花】 and 【美团借钱】 sign the quoted texts; they were listed with 【姓名】 as blanks to
    # replace ("还需要填写"), inviting the reader to alter the quoted evidence.
    pytest.importorskip("dunguard.case.store")
    from dunguard.case.store import open_store
    from dunguard.ingest.records import ImportedMessage

    db = tmp_path / "case.db"
    tz = timezone(timedelta(hours=8))
    signed = "【安逸花】您已逾期30天，我们将于明天上门拜访，并联系您的紧急联系人和单位。"
    with open_store(db) as st:
        cid = st.new_case("安逸花")
        st.add_messages(cid, [ImportedMessage(signed, "10690000", datetime(2025, 3, 1, 22, 40, tzinfo=tz))])
    for lang in ("zh", "en"):
        text = letters.render(letters.complaint_from_case(cid, db=db, lang=lang, to="12378"), "text", lang)
        assert "【安逸花】您已逾期30天" in text
        blanks = letters.find_blanks(text)
        assert "【安逸花】" not in blanks and blanks, (lang, blanks)


def test_text_and_markdown_forms():
    md = letters.willing("en")
    assert md.startswith("# Statement of willingness to repay")
    assert letters.render(md, "md").startswith("# ")
    text = letters.render(md, "text")
    assert text.startswith("Statement of willingness to repay\n===")


@pytest.mark.parametrize("kind", letters.KINDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_template_renders_to_pdf(kind, lang):
    md = {"willing": lambda: letters.willing(lang), "negotiate": lambda: letters.negotiate(lang),
          "complaint": lambda: letters.complaint(lang)}[kind]()
    pdf = letters.render(md, "pdf", lang)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_pdf_keeps_the_chinese_text(tmp_path):
    md = letters.negotiate("zh", lender="美团", owed=D(12500), months=12, reason="失业")
    p = tmp_path / "l.pdf"
    p.write_bytes(letters.render(md, "pdf", "zh"))
    out = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
    assert "协商还款申请" in out and "美团" in out and "【姓名】" in out


def test_complaint_from_a_case_leaves_out_messages_that_break_no_rule(tmp_path):
    from dunguard.case.store import open_store
    from dunguard.ingest.records import ImportedMessage

    db = tmp_path / "case.db"
    tz = timezone(timedelta(hours=8))
    reminder = "【招商银行】您的信用卡本期账单将于3月5日到期，请按时还款。"
    with open_store(db) as st:
        cid = st.new_case("两条短信")
        st.add_messages(cid, [
            ImportedMessage(THREAT, "13800138000", THREAT_AT.replace(tzinfo=tz)),
            ImportedMessage(reminder, "95555", THREAT_AT.replace(tzinfo=tz) + timedelta(hours=1)),
        ])
    md = letters.complaint_from_case(cid, db=db, lang="zh", to="12378")
    assert THREAT in md
    assert reminder not in md


def test_a_case_complaint_does_not_blame_the_lender_for_a_scam_or_count_a_bill(tmp_path):
    # A walk-through's complaint to 12378 listed a fake court's text and a debt-relief advert as the lender's
    # conduct, and the evidence summary counted them and a bank bill as "collection messages".
    pytest.importorskip("dunguard.case.store")
    from dunguard.case.export import summarize
    from dunguard.case.store import open_store
    from dunguard.ingest.records import ImportedMessage

    fake_court = ("【人民法院】您涉及的借贷纠纷一案已立案，如24小时内不联系承办法官处理，将冻结您名下银行账户。"
                  "承办法官电话：0550-6123488，或登录 http://fy-sifa.cn/a8 查看案件。")
    bill = "【招商银行】您尾号1234的信用卡本期账单金额2,350.00元，到期还款日12月10日。可通过掌上生活App还款。"
    db = tmp_path / "case.db"
    tz = timezone(timedelta(hours=8))
    with open_store(db) as st:
        cid = st.new_case("美团")
        st.add_messages(cid, [
            ImportedMessage(THREAT, "13800138000", THREAT_AT.replace(tzinfo=tz)),
            ImportedMessage(fake_court, "17088886666", THREAT_AT.replace(tzinfo=tz, hour=20)),
            ImportedMessage(bill, "95555", THREAT_AT.replace(tzinfo=tz, hour=9)),
        ])
        items = [i.to_json() if hasattr(i, "to_json") else i for i in st.timeline(cid)]
    md = letters.complaint_from_case(cid, db=db, lang="zh", to="12378")
    assert "0550-6123488" not in md and "CN-3P-001" in md
    summary = summarize([_as_dict(i) for i in items])
    assert summary["counts"]["messages_in"] == 1 and summary["counts"]["likely_scam"] == 1
    assert "另有 1 条短信很可能是冒充身份的诈骗" in summary["statement"]["zh"]


def _as_dict(item):
    import dataclasses

    return item if isinstance(item, dict) else dataclasses.asdict(item)
