"""PDF rendering: Chinese comes back out of the PDF as the same characters, in the embedded or CID font."""

from __future__ import annotations

import base64
import io
import re
import zlib

import pytest

from dunguard.render import pdf as pdfmod
from dunguard.render.pdf import Heading, Image, Paragraph, Pre, Spacer, Table, build_pdf

SEED = "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。"


# --- a small text extractor for reportlab's output: enough to read back what a viewer shows ---

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def _stream(body: bytes) -> bytes:
    m = re.search(rb"stream\r?\n(.*?)\s*endstream", body, re.S)
    if not m:
        return b""
    raw = m.group(1)
    head = body[: m.start()]
    f = re.search(rb"/Filter\s*(\[[^\]]*\]|/\w+)", head)
    for name in re.findall(rb"/(\w+)", f.group(1)) if f else []:
        if name == b"ASCII85Decode":
            raw = raw.strip().removeprefix(b"<~").removesuffix(b"~>")
            raw = base64.a85decode(raw)
        elif name == b"FlateDecode":
            raw = zlib.decompress(raw)
    return raw


def _literal_strings(seg: bytes):
    """Yield (position, bytes) of each PDF literal string in a content stream."""
    i = 0
    while i < len(seg):
        if seg[i : i + 1] != b"(":
            i += 1
            continue
        start, depth, out = i, 1, bytearray()
        i += 1
        while depth and i < len(seg):
            c = seg[i : i + 1]
            if c == b"\\":
                nxt = seg[i + 1 : i + 2]
                if nxt.isdigit():
                    digits = re.match(rb"[0-7]{1,3}", seg[i + 1 : i + 4]).group(0)
                    out.append(int(digits, 8))
                    i += 1 + len(digits)
                    continue
                out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
                i += 2
                continue
            if c == b"(":
                depth += 1
            elif c == b")":
                depth -= 1
                if not depth:
                    break
            out += c
            i += 1
        yield start, bytes(out)
        i += 1


def _unicode(hexdigits: bytes) -> str:
    """A ToUnicode target: UTF-16BE (a surrogate pair for an emoji), or the code point itself,
    which is how reportlab writes one beyond the BMP (<1F621>)."""
    if len(hexdigits) == 8 and 0xD800 <= int(hexdigits[:4], 16) < 0xDC00:
        return bytes.fromhex(hexdigits.decode()).decode("utf-16-be")
    return chr(int(hexdigits, 16))


def pdf_text(data: bytes) -> str:
    """Text of every page, decoded through each font's ToUnicode map (or UCS-2 for CID fonts)."""
    return "".join(text for text, _ in pdf_pages(data))


def pdf_pages(data: bytes) -> list[tuple[str, bytes]]:
    """(text, content stream) of each page's content, in file order."""
    objs = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
    decoders = {}
    for body in objs.values():
        for name, num in re.findall(rb"/(F[\w+]+) (\d+) 0 R", body):
            font = objs.get(int(num), b"")
            if b"UCS2" in font:
                decoders[name] = lambda s: s.decode("utf-16-be", "replace")
                continue
            tu = re.search(rb"/ToUnicode (\d+) 0 R", font)
            if not tu:
                decoders[name] = lambda s: s.decode("latin-1")
                continue
            cmap = {
                int(a, 16): _unicode(b)
                for a, b in re.findall(rb"<([0-9A-Fa-f]{2})> <([0-9A-Fa-f]{4,8})>", _stream(objs[int(tu.group(1))]))
            }
            decoders[name] = lambda s, cmap=cmap: "".join(cmap.get(b, chr(b)) for b in s)
    pages = []
    for body in objs.values():
        if b"/Length" not in body or b"/Subtype" in body[:200] or b"/Length1" in body:
            continue
        content = _stream(body)
        if b"Tf" not in content:
            continue
        fonts = [(m.start(), m.group(1)) for m in re.finditer(rb"/(F[\w+]+) [\d.]+ Tf", content)]
        text = []
        for pos, s in _literal_strings(content):
            current = [f for p, f in fonts if p < pos]
            decode = decoders.get(current[-1] if current else b"", lambda s: s.decode("latin-1"))
            text.append(decode(s))
        pages.append(("".join(text), content))
    return pages


def _png(w: int = 40, h: int = 20) -> bytes:
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (w, h), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def _doc(font: str = "auto") -> bytes:
    return build_pdf(
        "催收证据报告",
        [
            Heading("一、概况"),
            Paragraph("共 12 条短信，其中 3 条在夜间发送。"),
            Table([["时间", "号码"], ["2025-02-26 22:40", "13800000000"]]),
            Pre(SEED),
            Image(_png(), width_mm=50, caption="每日联系次数"),
        ],
        footer="链头 abc123",
        font=font,
    )


# --- tests ---

def test_chinese_text_reads_back_from_the_embedded_font():
    if not any(__import__("os").path.isfile(p) for p, _ in pdfmod.TTF_CANDIDATES):
        pytest.skip("no TrueType CJK font installed (apt-get install fonts-wqy-microhei)")
    data = _doc()
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data, "the CJK font should be embedded so any viewer shows it"
    text = pdf_text(data)
    for words in ("催收证据报告", "一、概况", "其中 3 条在夜间发送", "13800000000", "链头 abc123", "第 1 页"):
        assert words in text
    # A long unspaced Chinese sentence wraps inside the box instead of being cut off.
    assert "上门拜访" in text.replace("\n", "")


def test_cid_font_fallback_needs_no_font_file():
    data = _doc(font="cid")
    assert b"/STSong-Light" in data
    assert b"/FontFile" not in data
    text = pdf_text(data)
    assert "催收证据报告" in text and "上门拜访" in text


def test_markup_in_text_is_shown_not_interpreted():
    data = build_pdf("t", [Paragraph("<b>不是粗体</b> & <script>alert(1)</script>\x00")], font="cid")
    text = pdf_text(data)
    assert "<b>不是粗体</b> & <script>alert(1)</script>" in text


def test_dict_blocks_and_unknown_type():
    data = build_pdf("t", [{"type": "heading", "text": "标题二", "level": 2}, {"type": "pre", "text": "原文"}], font="cid")
    assert "标题二" in pdf_text(data) and "原文" in pdf_text(data)
    with pytest.raises(ValueError, match="unknown PDF block"):
        build_pdf("t", [{"type": "video"}])


def test_long_table_continues_on_further_pages_with_its_header():
    rows = [["序号", "内容"]] + [[str(i), SEED] for i in range(120)]
    data = build_pdf("长表", [Table(rows, widths=[1, 6])], font="cid")
    pages = len(re.findall(rb"/Type /Page\b", data))
    assert pages >= 3
    text = pdf_text(data)
    assert text.count("序号") == pages  # header repeated on every page
    assert "119" in text


def test_invariant_output_is_byte_identical():
    assert build_pdf("t", [Paragraph("上门")], invariant=True) == build_pdf("t", [Paragraph("上门")], invariant=True)


@pytest.mark.parametrize("space_mm", [150, 190, 215])
def test_a_heading_never_ends_a_page_alone(space_mm):
    data = build_pdf("t", [Spacer(space_mm), Heading("每日联系次数"), Image(_png(1100, 420), width_mm=170)], font="cid")
    (page,) = [content for text, content in pdf_pages(data) if "每日联系次数" in text]
    assert b" Do" in page  # the picture is drawn on the heading's page


def test_unreadable_picture_is_named_not_fatal():
    data = build_pdf("t", [Heading("截图"), Image(b"not a png at all", caption="shot.png"), Paragraph("之后")], font="cid")
    text = pdf_text(data)
    assert "[shot.png: ?]" in text and "之后" in text


# --- characters the CJK font lacks: drawn from the symbol font, or a visible marker ---

EMOJI_MESSAGE = "再不还钱😡后果自负🙏 ❤️ 👨‍👩‍👧 🇨🇳"
MARKERS = {
    "😡": "[表情：pouting face]",
    "🙏": "[表情：person with folded hands]",
    "❤️": "[表情：heavy black heart]",
    "👨‍👩‍👧": "[表情：man + woman + girl]",
    "🇨🇳": "[表情：flag CN]",
}


@pytest.fixture
def no_symbol_font(monkeypatch):
    monkeypatch.setattr(pdfmod, "SYMBOL_CANDIDATES", ())
    monkeypatch.setattr(pdfmod, "_SYMBOLS", {})


def _shown(text: str, emoji: str) -> bool:
    base = emoji.replace("\ufe0f", "")
    return base in text or MARKERS[emoji] in text


@pytest.mark.parametrize("font", ["auto", "cid"])
def test_emoji_never_vanish_from_a_paragraph_a_quote_or_a_table(font):
    data = build_pdf("t", [Paragraph(EMOJI_MESSAGE), Pre(EMOJI_MESSAGE), Table([["原文"], [EMOJI_MESSAGE]])], font=font)
    text = pdf_text(data)
    for emoji in MARKERS:
        assert text.count(emoji.replace("\ufe0f", "")) + text.count(MARKERS[emoji]) == 3, emoji
    assert text.count("再不还钱") == 3 and text.count("后果自负") == 3


def test_emoji_are_drawn_from_the_symbol_font_when_one_is_installed():
    if pdfmod.symbol_font() is None:
        pytest.skip("no symbol font installed (apt-get install fonts-dejavu-core)")
    data = build_pdf("t", [Paragraph(EMOJI_MESSAGE)])
    text = pdf_text(data)
    assert b"DejaVuSans" in data and "😡" in text and "❤" in text
    # What the symbol font lacks too is named, never left blank.
    assert "[表情：person with folded hands]" in text and "[表情：flag CN]" in text


def test_without_a_symbol_font_each_emoji_is_named_in_the_readers_language(no_symbol_font):
    data = build_pdf("t", [Paragraph(EMOJI_MESSAGE), Table([["a"], ["😡"]])], footer="链头😡")
    text = pdf_text(data)
    for marker in MARKERS.values():
        assert marker in text
    assert text.count("[表情：pouting face]") == 3  # paragraph, table cell, footer
    en = pdf_text(build_pdf("t", [Paragraph("pay now🙏 𠮷")], lang="en", font="cid"))
    assert "pay now[emoji: person with folded hands]" in en
    assert "[character: cjk unified ideograph-20bb7]" in en  # a rare character the CID font cannot show


def test_make_system_deps_installs_the_symbol_font_the_pdf_looks_for():
    # The Makefile's apt list named the CJK fonts but not fonts-dejavu-core, so a fresh machine
    # printed every emoji in a report as a marker although a symbol font was one package away.
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).parent.parent
    plan = subprocess.run(["make", "-n", "-s", "system-deps"], cwd=root, capture_output=True, text=True,
                          check=True).stdout
    apt = next(line for line in plan.splitlines() if "apt-get install" in line)
    assert "fonts-dejavu-core" in re.split(r"[\s()]+", apt)
    # the Debian path of that package is the first place the renderer looks, and make checks it is there
    assert pdfmod.SYMBOL_CANDIDATES[0] == "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    assert f"[ -f {pdfmod.SYMBOL_CANDIDATES[0]} ]" in plan
