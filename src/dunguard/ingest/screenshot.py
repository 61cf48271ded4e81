"""Screenshots of a message or chat: read their text offline with OCR (rapidocr + onnxruntime).

Many people keep evidence as screenshots. ``recognise`` turns one PNG/JPEG into
text in reading order; ``read`` yields it as one ``ImportedMessage`` so the case
store imports a screenshot like any other export (the image itself is kept as the
source file and the message points to it).

The OCR models ship inside the rapidocr wheel; we pass their paths explicitly so
rapidocr never tries to download anything. rapidocr is an optional extra
(``pip install dunguard[ocr]``) and is imported only when a screenshot is read.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dunguard.errors import BadInput, Text, register_messages
from dunguard.ingest.records import ImportedMessage

register_messages(
    {
        "ocr_missing": {
            "zh": "读取截图需要 OCR 组件，请先安装：pip install 'dunguard[ocr]'",
            "en": "Reading screenshots needs the OCR extra: pip install 'dunguard[ocr]'",
        },
        "not_an_image": {
            "zh": "{path} 不是 PNG、JPEG、WebP 或 BMP 图片",
            "en": "{path} is not a PNG, JPEG, WebP or BMP image",
        },
        "image_unreadable": {
            "zh": "无法读取图片 {path}：{reason}",
            "en": "Cannot read the image {path}: {reason}",
        },
        "image_too_large": {"zh": "{width}×{height} 像素，图片太大", "en": "{width}×{height} pixels is too large"},
        "ocr_no_text": {
            "zh": "在截图 {path} 中没有识别出文字",
            "en": "No text was recognised in the screenshot {path}",
        },
    }
)

DEFAULT_TZ = "Asia/Shanghai"

MAX_BYTES = 50 * 1024 * 1024
# A phone screenshot is a few million pixels; a long scrolling capture perhaps 30 million.
MAX_PIXELS = 60_000_000

# Recognised lines below this confidence are dropped: they are mostly icons and UI chrome.
MIN_SCORE = 0.5

MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "png"),
    (b"\xff\xd8\xff", 0, "jpeg"),
    (b"WEBP", 8, "webp"),
    (b"BM", 0, "bmp"),
)

# Sentence-final marks: after one of these a new row starts a new line of text.
_FINAL = "。！？!?；;…」』”)）】"
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")

# A line that is only a date and time, as phones print above a message:
# 2025年2月26日 10:30, 2025/02/26 上午10:30, 2025-02-26 22:40.
_STAMP = re.compile(
    r"^\s*(?P<y>20\d\d)\s*[年/.\-]\s*(?P<m>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})\s*日?"
    r"\s*(?:星期.|周.)?\s*(?P<ampm>上午|下午|中午|晚上|凌晨|早上)?\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})\s*$"
)


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised line: its text, confidence, and box (left, top, right, bottom) in pixels."""

    text: str
    score: float
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class OcrResult:
    """What was read from a screenshot.

    ``text`` is the message text in reading order (wrapped lines joined);
    ``received_at`` is the date-time printed above the message, when the screenshot
    shows a full one with the year; that line is left out of ``text``.
    """

    text: str
    lines: tuple[OcrLine, ...]
    received_at: datetime | None = None
    seconds: float = 0.0
    size: tuple[int, int] = (0, 0)
    dropped: tuple[OcrLine, ...] = field(default_factory=tuple)


def image_kind(path: str | os.PathLike[str]) -> str | None:
    """``png``, ``jpeg``, ``webp`` or ``bmp`` from the file's first bytes, else None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    for magic, offset, kind in MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return kind
    return None


_ENGINE: Any = None
_ENGINE_LOCK = threading.Lock()


def _engine() -> Any:
    """The rapidocr engine, built once per process with the models from its own wheel."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is not None:
            return _ENGINE
        # Belt and braces: the explicit model paths below already avoid every download.
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "MODELSCOPE_OFFLINE"):
            os.environ.setdefault(var, "1")
        try:
            import onnxruntime  # noqa: F401
            import rapidocr
        except ImportError:
            raise BadInput("ocr_missing") from None
        models = Path(rapidocr.__file__).parent / "models"
        det = _first(models, "*det*.onnx")
        rec = _first(models, "*rec*.onnx")
        cls = _first(models, "*cls*.onnx")
        if det is None or rec is None:
            raise BadInput("ocr_missing")
        params: dict[str, Any] = {
            "Global.log_level": "critical",
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
        }
        if cls is not None:
            params["Cls.model_path"] = str(cls)
        else:
            params["Global.use_cls"] = False
        _ENGINE = rapidocr.RapidOCR(params=params)
        return _ENGINE


def _first(folder: Path, pattern: str) -> Path | None:
    found = sorted(folder.glob(pattern))
    return found[0] if found else None


def _load(path: Path) -> Any:
    """The image as an RGB numpy array, after checking it is a real, reasonably sized image."""
    if not path.exists():
        raise BadInput("file_not_found", path=str(path))
    if path.is_dir():
        raise BadInput("image_unreadable", path=str(path), reason=Text("is_directory"))
    if image_kind(path) is None:
        raise BadInput("not_an_image", path=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise BadInput("file_too_large", path=str(path), size=size, limit=MAX_BYTES)
    import warnings

    import numpy as np
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise BadInput(
                        "image_unreadable", path=str(path), reason=Text("image_too_large", width=img.width, height=img.height)
                    )
                img.load()
                rgb = img.convert("RGB")
    except BadInput:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Truncated or corrupt file behind a valid signature.
        raise BadInput("image_unreadable", path=str(path), reason=str(exc) or type(exc).__name__) from None
    return np.asarray(rgb)


def recognise(path: str | os.PathLike[str], timezone: str = DEFAULT_TZ) -> OcrResult:
    """OCR one screenshot; the text comes back in reading order.

    >>> recognise("sms.png").text  # doctest: +SKIP
    '尊敬的客户,您有一笔借款已逾期,……明天下午3点上门拜访。'
    """
    p = Path(path)
    array = _load(p)
    engine = _engine()
    started = time.perf_counter()
    out = engine(array)
    seconds = time.perf_counter() - started
    boxes = getattr(out, "boxes", None)
    txts = getattr(out, "txts", None) or ()
    scores = getattr(out, "scores", None) or ()
    lines: list[OcrLine] = []
    dropped: list[OcrLine] = []
    for i, text in enumerate(txts):
        pts = boxes[i] if boxes is not None else [[0, i * 10], [1, i * 10], [1, i * 10 + 9], [0, i * 10 + 9]]
        xs = [float(pt[0]) for pt in pts]
        ys = [float(pt[1]) for pt in pts]
        line = OcrLine(str(text).strip(), float(scores[i]) if i < len(scores) else 0.0, (min(xs), min(ys), max(xs), max(ys)))
        if not line.text:
            continue
        (lines if line.score >= MIN_SCORE else dropped).append(line)
    ordered = reading_order(lines)
    received_at = None
    body = []
    for line in ordered:
        stamp = parse_stamp(line.text, timezone)
        if stamp is not None and received_at is None and not body:
            received_at = stamp
            continue
        body.append(line)
    h, w = array.shape[:2]
    return OcrResult(join_lines(body), tuple(ordered), received_at, seconds, (w, h), tuple(dropped))


def parse_stamp(text: str, timezone: str = DEFAULT_TZ) -> datetime | None:
    """A line that is only a full date and time (with the year), as a datetime; else None."""
    m = _STAMP.match(text)
    if not m:
        return None
    hour, minute = int(m["H"]), int(m["M"])
    if m["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if m["ampm"] == "中午" and hour < 11:
        hour += 12
    try:
        return datetime(int(m["y"]), int(m["m"]), int(m["d"]), hour, minute, tzinfo=ZoneInfo(timezone))
    except ValueError:
        return None


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom; boxes that share a row (overlap vertically by half) left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        top, bottom = line.box[1], line.box[3]
        if rows:
            last = rows[-1]
            r_top = min(ln.box[1] for ln in last)
            r_bottom = max(ln.box[3] for ln in last)
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap > 0.5 * min(bottom - top, r_bottom - r_top):
                last.append(line)
                continue
        rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]


def join_lines(lines: list[OcrLine]) -> str:
    """Join lines into message text.

    A message wrapped over several lines is one sentence: Chinese rows join with
    nothing between them (so 明天下午3 + 点上门拜访 reads 明天下午3点上门拜访).
    A gap taller than a line starts a new paragraph; boxes side by side on one
    row are separated by a space.
    """
    out = ""
    prev: OcrLine | None = None
    for line in lines:
        if prev is None:
            out = line.text
        else:
            height = max(1.0, min(prev.box[3] - prev.box[1], line.box[3] - line.box[1]))
            same_row = line.box[1] < prev.box[3] - 0.5 * height and line.box[0] > prev.box[0]
            gap = line.box[1] - prev.box[3]
            if same_row:
                sep = " "
            elif gap > 1.0 * height:
                sep = "\n"
            elif _LATIN_END.search(out) and _LATIN_START.search(line.text) and not out.endswith(tuple(_FINAL)):
                # Latin words wrapped apart keep a space; digits do not, because phones
                # wrap long numbers (138 / 00001111) in the middle.
                sep = "" if re.search(r"\d$", out) and line.text[:1].isdigit() else " "
            else:
                sep = ""
            out += sep + line.text
        prev = line
    return out.strip()


# Recognised results by (path, size, mtime): the store reads a file twice (check, then import)
# and OCR is the slow part.
_CACHE: dict[tuple[str, int, int, str], OcrResult] = {}


def _cached(path: Path, timezone: str) -> OcrResult:
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, timezone)
    if key not in _CACHE:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = recognise(path, timezone)
    return _CACHE[key]


def read(
    path: str | os.PathLike[str],
    progress: Callable[[int, int], None] | None = None,
    timezone: str = DEFAULT_TZ,
    sender: str | None = None,
    received_at: datetime | None = None,
) -> Iterator[ImportedMessage]:
    """Yield the screenshot's text as one incoming message (the importer interface).

    ``received_at`` given by the user wins over a date-time read from the picture.
    """
    p = Path(path)
    if not p.exists():
        raise BadInput("file_not_found", path=str(p))
    result = _cached(p, timezone)
    if not result.text.strip():
        raise BadInput("ocr_no_text", path=str(p))
    when = received_at or result.received_at
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(timezone))
    if progress:
        progress(1, 1)
    yield ImportedMessage(text=result.text, sender=sender, received_at=when, direction="in", position=f"screenshot {p.name}")
