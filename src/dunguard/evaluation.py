"""Score the verdict against hand-labelled messages: per-kind precision, recall and F1.

Used by the accuracy test (a floor on macro-F1) and by `bench/eval_labelled.py`,
which prints the full table. Kinds are multi-label, so each kind is scored as
its own yes/no question over every message.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from dunguard.model import KINDS


@dataclass(frozen=True, slots=True)
class KindScore:
    kind: str
    support: int  # messages labelled with this kind
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_kinds(pairs: Iterable[tuple[set[str], set[str]]]) -> list[KindScore]:
    """Score (gold kinds, predicted kinds) pairs; kinds absent from the gold set are left out."""
    pairs = list(pairs)
    out = []
    for kind in KINDS:
        tp = sum(1 for g, p in pairs if kind in g and kind in p)
        fp = sum(1 for g, p in pairs if kind not in g and kind in p)
        fn = sum(1 for g, p in pairs if kind in g and kind not in p)
        support = tp + fn
        if support:
            out.append(KindScore(kind, support, tp, fp, fn))
    return out


def macro_f1(scores: list[KindScore]) -> float:
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0


# --- the labelled corpus and its split by source -----------------------------------------

# Placeholders of message templates ({0}, ${amount}, {{days}}, #name#, %s): a real message carries a
# value there, which pages mask as X, so templates are scored with X in their place.
# Template slots as the open-source systems write them: ${x}, #{x}, {{x}}, {x}, #x#, %s, $x, &param1.
_PLACEHOLDER_RE = re.compile(
    r"[$#]\{[^}]{1,40}\}|\{\{[^}]{1,40}\}\}|\{[^{}\s]{0,40}\}|#[A-Za-z_][\w.]{0,30}#|%(?:\.\d+)?[sdf]"
    r"|\$[A-Za-z_][A-Za-z0-9_]{0,30}|&[A-Za-z_][A-Za-z0-9_]{0,30}"
)
HELD_OUT_SHARE = 0.3


def source_group(url: str) -> str:
    """The unit a split keeps together: a GitHub repository, else the website (without www.)."""
    parts = urlsplit(str(url).strip())
    host = (parts.hostname or str(url)).lower().removeprefix("www.").removeprefix("m.")
    if host == "github.com":
        path = [p for p in parts.path.split("/") if p]
        return "github.com/" + "/".join(path[:2]).lower()
    return host


def split_of(group: str, held_out_share: float = HELD_OUT_SHARE) -> str:
    """'held_out' or 'dev', fixed by a hash of the source group: stable, and never both for one source."""
    h = int(hashlib.sha256(group.encode("utf-8")).hexdigest()[:8], 16) / 2**32
    return "held_out" if h < held_out_share else "dev"


def message_text(entry: dict[str, Any]) -> str:
    text = str(entry["text"])
    return _PLACEHOLDER_RE.sub("X", text) if entry.get("template") else text


def _shared_lines(path: Path) -> list[str]:
    if path not in _SHARED_CACHE:
        with path.open(encoding="utf-8") as fh:
            _SHARED_CACHE[path] = [line.rstrip("\n") for line in fh]
    return _SHARED_CACHE[path]


_SHARED_CACHE: dict[Path, list[str]] = {}


def shared_text(ref: str, sha256: str, shared_dir: Path) -> str | None:
    """The text of a labelled row of ../shared/data ("file.tsv:line"), or None when it is not here.

    The shared corpora may not be copied into this repository (see their README), so the labels
    point at a line and carry the text's hash; a changed file is an error, not a silent relabel.
    """
    name, _, line = ref.partition(":")
    path = shared_dir / name
    if not path.is_file():
        return None
    row = _shared_lines(path)[int(line) - 1]
    text = row.split("\t")[-1]
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha256:
        raise ValueError(f"{ref}: the shared file changed (text hash differs)")
    return text


def load_corpus(paths: Iterable[Path], shared_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every entry of the given YAML files, each with its ``group`` and ``split`` added.

    Entries that reference a row of the shared corpora get their text from ``shared_dir``; they
    are left out when that folder is not on this machine.
    """
    out: list[dict[str, Any]] = []
    for path in paths:
        for e in yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []:
            e = dict(e)
            if "text" not in e and e.get("ref"):
                if shared_dir is None:
                    continue
                text = shared_text(str(e["ref"]), str(e.get("text_sha256", "")), shared_dir)
                if text is None:
                    continue
                e["text"] = text
            e["group"] = source_group(e["source"])
            e["split"] = split_of(e["group"])
            e["file"] = Path(path).name
            out.append(e)
    return out
