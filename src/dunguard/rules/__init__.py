"""Rules as data: load a jurisdiction's rule pack and run it on a message.

    >>> from dunguard.extract.base import Doc
    >>> from dunguard.model import Message
    >>> pack = load_pack("cn")
    >>> doc = Doc.from_message(Message("不还钱就等着坐牢吧"))
    >>> [f.rule_id for f in evaluate(doc, [], None, pack)]
    ['CN-LEGAL-001']
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from dunguard.errors import BadData, BadInput
from dunguard.rules.engine import RulePack, evaluate
from dunguard.rules.schema import Rule, check_unique, parse_pack_meta, parse_theme

PACKS_DIR = Path(__file__).parent / "packs"
PACK_META = "pack.yaml"

__all__ = ["PACKS_DIR", "Rule", "RulePack", "evaluate", "load_pack", "load_pack_dir"]


def load_pack(jurisdiction: str = "cn") -> RulePack:
    """The validated, compiled rule pack for a jurisdiction, loaded once per process."""
    return _load_cached(jurisdiction)


@cache
def _load_cached(jurisdiction: str) -> RulePack:
    # Cached on the jurisdiction alone, so load_pack() and load_pack("cn") share one pack.
    if not isinstance(jurisdiction, str) or not re.fullmatch(r"[a-z]{2}", jurisdiction):
        raise BadInput("bad_option", reason=f"unknown jurisdiction {jurisdiction!r}")
    directory = PACKS_DIR / jurisdiction
    if not (directory / PACK_META).is_file():
        raise BadInput("bad_option", reason=f"no rule pack for jurisdiction {jurisdiction!r}")
    return load_pack_dir(directory, jurisdiction)


def load_pack_dir(directory: Path, jurisdiction: str | None = None) -> RulePack:
    """Load and validate every theme file in ``directory`` (uncached; tests use it on temp packs)."""
    directory = Path(directory)
    meta_path = directory / PACK_META
    if not meta_path.is_file():
        raise BadData("bad_rule_pack", path=str(meta_path), rule="-", reason="pack.yaml is missing")
    meta = parse_pack_meta(meta_path)
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name != PACK_META:
            rules.extend(parse_theme(path, meta))
    if not rules:
        raise BadData("bad_rule_pack", path=str(directory), rule="-", reason="the pack has no rules")
    check_unique(rules)
    return RulePack(jurisdiction or directory.name, rules)
