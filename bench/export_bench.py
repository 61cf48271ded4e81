"""Evidence-package export time for a case of N messages, and OCR time per screenshot.

    .venv/bin/python bench/export_bench.py [--n 1000] [--ocr 5] [--json bench/out/export.json]

Builds a throw-away case (N messages over 60 days, about a quarter at night, 70%
collection texts, plus 20 calls and a screenshot), then times each part of
``case export`` (reading the case and verifying it, chart, HTML, PDF, writing the
ZIP) and ``verify_package``. The OCR part renders one Chinese SMS screenshot and
times rapidocr: engine start, first image, then the median of the next images.
Figures are for one machine and one run: compare parts with each other.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TZ = ZoneInfo("Asia/Shanghai")
COLLECTION = (
    "尊敬的客户,您有一笔借款已逾期{d}天,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。",
    "【XX金融】您的借款已逾期{d}天，欠款{m}元，我们将联系你的家人和单位，请今天内处理。",
    "你再不还钱，我们明天就去你老家村委会，让大家都知道你欠钱不还！",
    "您在本平台的借款{m}元已严重逾期，已转交法务部处理，将依法起诉。",
    "提醒：您的账单{m}元将于3日后到期，请按时还款，避免产生逾期。",
)
OTHER = (
    "您的快递已到驿站，取件码 3-2-{d}。",
    "【某银行】您尾号1234的卡消费{m}元。",
    "晚上一起吃饭吗？",
)


def build_case(store, n: int, tmp: Path) -> str:
    from dunguard.ingest.records import ImportedMessage

    rng = random.Random(7)
    case_id = store.new_case("基准测试")
    start = datetime(2025, 1, 1, tzinfo=TZ)
    records = []
    for i in range(n):
        hour = rng.choice([23, 22, 6, 7]) if rng.random() < 0.25 else rng.randint(8, 21)
        at = start + timedelta(days=rng.randint(0, 59), hours=hour, minutes=rng.randint(0, 59), seconds=i % 60)
        pool = COLLECTION if rng.random() < 0.7 else OTHER
        text = rng.choice(pool).format(d=rng.randint(3, 120), m=rng.randint(500, 30000))
        records.append(ImportedMessage(text, f"1380000{rng.randint(1000, 1050)}", at))
    store.add_messages(case_id, records)
    for i in range(20):
        at = start + timedelta(days=i * 3, hours=rng.choice([10, 23]))
        store.add_call(case_id, "13800001111", at, rng.randint(1, 9), "威胁上门")
    from PIL import Image

    shot = tmp / "shot.png"
    Image.new("RGB", (720, 1280), (240, 240, 240)).save(shot)
    store.attach(case_id, shot, "截图")
    return case_id


def timed(fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t


def bench_export(n: int) -> dict:
    from dunguard.case import export as ex
    from dunguard.case.chart import contacts_chart
    from dunguard.case.store import open_store
    from dunguard.render.html import render_case_report

    tmp = Path(tempfile.mkdtemp(prefix="dunguard-export-bench-"))
    store = open_store(tmp / "cases.db")
    _, build_s = timed(build_case, store, n, tmp)
    case_id = store.cases()[0].id
    # Warm-up: first use imports reportlab, matplotlib and jinja2 and registers fonts.
    ex.export_case(store, case_id, tmp / "warm.zip", log=False)

    bundle, collect_s = timed(ex.collect, store, case_id)
    _, verify_s = timed(store.verify, case_id)
    summary, summary_s = timed(ex.summarize, bundle.items)
    contacts = [i for i in bundle.items if ex.is_contact(i)]
    png, chart_s = timed(contacts_chart, contacts)
    evidence = [(ex._evidence_path(f), f, bundle.file_path(f["sha256"])) for f in bundle.files]
    view = ex.build_view(bundle, summary, png, lang="zh", tz="Asia/Shanghai", now=datetime.now(TZ),
                         images=ex._embeddable_images(evidence), evidence=evidence)
    html, html_s = timed(render_case_report, view)
    pdf, pdf_s = timed(ex.case_pdf, view)
    result, total_s = timed(ex.export_case, store, case_id, tmp / "out.zip", log=False)
    check, vp_s = timed(ex.verify_package, tmp / "out.zip")
    assert check.ok
    info = store.case(case_id)
    store.close()
    return {
        "messages": info.messages,
        "flagged_in_report": info.flagged,
        "calls": info.calls,
        "build_case_s (analyze + store)": round(build_s, 2),
        "export_total_s": round(total_s, 2),
        "parts_s": {
            "collect (timeline + verify)": round(collect_s, 3),
            "of which store.verify": round(verify_s, 3),
            "summarize": round(summary_s, 3),
            "chart": round(chart_s, 3),
            "html": round(html_s, 3),
            "pdf": round(pdf_s, 3),
        },
        "verify_package_s": round(vp_s, 3),
        "package_bytes": result.bytes,
        "html_bytes": len(html),
        "pdf_bytes": len(pdf),
        "pdf_pages": pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page "),
    }


def bench_ocr(repeat: int) -> dict:
    import importlib.util

    if importlib.util.find_spec("rapidocr") is None:
        return {"skipped": "rapidocr not installed (pip install dunguard[ocr])"}
    from PIL import Image, ImageDraw, ImageFont

    font_path = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    if not Path(font_path).exists():
        return {"skipped": "no CJK font to draw the screenshot"}
    tmp = Path(tempfile.mkdtemp(prefix="dunguard-ocr-bench-"))
    big = ImageFont.truetype(font_path, 28)
    img = Image.new("RGB", (720, 260), "white")
    draw = ImageDraw.Draw(img)
    draw.text((230, 15), "2025年2月26日 10:30", font=ImageFont.truetype(font_path, 22), fill=(120, 120, 120))
    lines = ("尊敬的客户,您有一笔借款已逾期,请于明日中", "午12点前归还。否则,我们的工作人员将于明", "天下午3点上门拜访。如有疑问,请联系客服95188。")
    for i, line in enumerate(lines):
        draw.text((40, 80 + i * 50), line, font=big, fill="black")
    png = tmp / "sms.png"
    img.save(png)
    # A phone-sized screenshot: the same text on a 1080x2340 canvas.
    phone = Image.new("RGB", (1080, 2340), "white")
    phone.paste(img.resize((1080, 390)), (0, 300))
    phone_png = tmp / "phone.png"
    phone.save(phone_png)

    from dunguard.ingest import screenshot

    _, engine_s = timed(screenshot._engine)
    first, first_s = timed(screenshot.recognise, png)
    runs = [timed(screenshot.recognise, png)[1] for _ in range(repeat)]
    phone_runs = [timed(screenshot.recognise, phone_png)[1] for _ in range(max(1, repeat // 2))]
    return {
        "engine_start_s (import + models)": round(engine_s, 2),
        "first_image_s": round(first_s, 2),
        "per_image_s_720x260 (median)": round(statistics.median(runs), 3),
        "per_image_s_1080x2340 (median)": round(statistics.median(phone_runs), 3),
        "exact_text": first.text == "".join(lines),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--ocr", type=int, default=5, help="images to time after the first (0 skips OCR)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    out = {"export": bench_export(args.n)}
    if args.ocr:
        out["ocr"] = bench_ocr(args.ocr)
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
