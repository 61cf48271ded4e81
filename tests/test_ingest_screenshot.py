"""Screenshots: a Chinese SMS rendered to PNG is read back offline and analyzed like a typed message."""

from __future__ import annotations

import importlib.util
import os
import sys
from datetime import datetime
from pathlib import Path

import pytest

from dunguard import analyze
from dunguard.errors import BadInput
from dunguard.ingest import screenshot
from dunguard.ingest.records import ImportedMessage
from dunguard.ingest.screenshot import OcrLine, join_lines, parse_stamp, reading_order
from dunguard.model import Message

FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
SMS_LINES = (
    "尊敬的客户,您有一笔借款已逾期,请于明日中",
    "午12点前归还。否则,我们的工作人员将于明",
    "天下午3点上门拜访。如有疑问,请联系客服95188。",
)


def _font() -> str:
    for path in FONTS:
        if os.path.isfile(path):
            return path
    pytest.skip("no CJK font to draw the test screenshot (apt-get install fonts-wqy-microhei)")


def _render_sms(path: Path) -> Path:
    """A phone-like screenshot: the date above, the text wrapped in a grey bubble."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = _font()
    big, small = ImageFont.truetype(font_path, 28), ImageFont.truetype(font_path, 22)
    img = Image.new("RGB", (720, 260), "white")
    draw = ImageDraw.Draw(img)
    draw.text((230, 15), "2025年2月26日 10:30", font=small, fill=(120, 120, 120))
    draw.rounded_rectangle((20, 60, 700, 240), 18, fill=(233, 233, 235))
    for i, line in enumerate(SMS_LINES):
        draw.text((40, 80 + i * 50), line, font=big, fill="black")
    img.save(path)
    return path


@pytest.fixture(scope="module")
def ocr_result(tmp_path_factory):
    if importlib.util.find_spec("rapidocr") is None or importlib.util.find_spec("onnxruntime") is None:
        pytest.skip("the ocr extra is not installed (pip install dunguard[ocr])")
    png = _render_sms(tmp_path_factory.mktemp("shot") / "sms.png")
    return png, screenshot.recognise(png)


def test_rendered_sms_reads_back_in_order(ocr_result):
    _, result = ocr_result
    assert "逾期" in result.text and "上门拜访" in result.text
    # Wrapped lines are joined, so the time split over two rows reads whole again.
    assert "明天下午3点上门拜访" in result.text
    assert "明日中午12点前归还" in result.text
    assert "95188" in result.text
    assert "\n" not in result.text
    assert result.received_at == datetime.fromisoformat("2025-02-26T10:30:00+08:00")
    assert "2025" not in result.text  # the date line above the bubble is not message text


def test_recognised_text_is_analyzed_like_a_typed_message(ocr_result):
    _, result = ocr_result
    report = analyze(Message(result.text, received_at=result.received_at))
    assert "visit_threat" in report.verdict.kinds
    visits = [e for e in report.elements if e.type == "time" and e.role == "visit"]
    assert visits and visits[0].value.isoformat() == "2025-02-27T15:00:00+08:00"


def test_read_yields_one_incoming_message_pointing_at_the_picture(ocr_result):
    png, _ = ocr_result
    (msg,) = list(screenshot.read(png))
    assert isinstance(msg, ImportedMessage)
    assert msg.direction == "in" and msg.position == "screenshot sms.png"
    assert msg.received_at.isoformat() == "2025-02-26T10:30:00+08:00"
    # A time the user gives wins over the one printed in the picture.
    given = datetime(2025, 3, 1, 23, 5)
    (msg,) = list(screenshot.read(png, received_at=given))
    assert msg.received_at.isoformat() == "2025-03-01T23:05:00+08:00"


def test_text_file_renamed_png_is_refused(tmp_path):
    fake = tmp_path / "shot.png"
    fake.write_text("尊敬的客户,您有一笔借款已逾期", encoding="utf-8")
    with pytest.raises(BadInput) as err:
        screenshot.recognise(fake)
    assert err.value.key == "not_an_image"
    assert "shot.png" in err.value.render("zh") and "不是" in err.value.render("zh")


def test_truncated_png_is_a_clear_error(tmp_path):
    from PIL import Image

    whole = tmp_path / "whole.png"
    Image.new("RGB", (400, 300), (10, 200, 30)).save(whole)
    cut = tmp_path / "cut.png"
    cut.write_bytes(whole.read_bytes()[:60])
    with pytest.raises(BadInput) as err:
        screenshot.recognise(cut)
    assert err.value.key == "image_unreadable" and "cut.png" in err.value.render("en")


def test_missing_file(tmp_path):
    with pytest.raises(BadInput) as err:
        list(screenshot.read(tmp_path / "nope.png"))
    assert err.value.key == "file_not_found"


def test_without_the_ocr_extra_the_user_is_told_what_to_install(tmp_path, monkeypatch):
    from PIL import Image

    png = tmp_path / "blank.png"
    Image.new("RGB", (200, 100), "white").save(png)
    monkeypatch.setattr(screenshot, "_ENGINE", None)
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import rapidocr now raises ImportError
    with pytest.raises(BadInput) as err:
        screenshot.recognise(png)
    assert err.value.key == "ocr_missing"
    assert "pip install 'dunguard[ocr]'" in err.value.render("zh")
    assert "\n" not in err.value.render("en")


def _line(text: str, x: float, y: float, w: float = 300, h: float = 30) -> OcrLine:
    return OcrLine(text, 0.99, (x, y, x + w, y + h))


def test_reading_order_rows_then_left_to_right():
    lines = [_line("第二行", 20, 60), _line("右边", 400, 12), _line("左边", 20, 10)]
    assert [ln.text for ln in reading_order(lines)] == ["左边", "右边", "第二行"]


def test_join_wrapped_lines_paragraph_gaps_and_numbers():
    wrapped = [_line("我们将于明天下午3", 20, 10), _line("点上门拜访。", 20, 50)]
    assert join_lines(wrapped) == "我们将于明天下午3点上门拜访。"
    paragraphs = [_line("第一条短信。", 20, 10), _line("第二条短信。", 20, 120)]
    assert join_lines(paragraphs) == "第一条短信。\n第二条短信。"
    side = [_line("客服", 20, 10, w=60), _line("10:30", 400, 12, w=60)]
    assert join_lines(side) == "客服 10:30"
    number = [_line("请联系138", 20, 10), _line("00001111", 20, 50)]
    assert join_lines(number) == "请联系13800001111"
    words = [_line("call us at", 20, 10), _line("once", 20, 50)]
    assert join_lines(words) == "call us at once"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025年2月26日 10:30", "2025-02-26T10:30:00+08:00"),
        ("2025/02/26 下午3:05", "2025-02-26T15:05:00+08:00"),
        ("2025-02-26 周三 22:40", "2025-02-26T22:40:00+08:00"),
        ("2月26日 10:30", None),  # no year: not guessed
        ("请于2025年2月26日 10:30前还款", None),  # a date inside the message is message text
    ],
)
def test_date_line_above_the_message(line, expected):
    got = parse_stamp(line)
    assert (got.isoformat() if got else None) == expected


def test_screenshot_in_a_case_keeps_the_picture_beside_its_text(ocr_result, tmp_path):
    """The store path: the image kept as evidence, the recognised message pointing at it, both exported."""
    import zipfile

    from dunguard.case.export import export_case
    from dunguard.case.store import open_store

    png, _ = ocr_result
    with open_store(tmp_path / "cases.db") as store:
        case_id = store.new_case("截图")
        sha = store.attach(case_id, png, "短信截图")
        store.add_messages(case_id, screenshot.read(png), source_sha256=sha)
        (item,) = [i for i in store.timeline(case_id) if i.type == "message"]
        assert item.source_sha256 == sha and item.flagged and "上门拜访" in item.text
        export_case(store, case_id, tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        html = zf.read("report.html").decode("utf-8")
        kept = [n for n in zf.namelist() if n.endswith("sms.png")]
        assert kept and zf.read(kept[0]) == png.read_bytes()
    assert "明天下午3点上门拜访" in html and html.count("data:image/png;base64,") >= 3  # chart + screenshot twice
