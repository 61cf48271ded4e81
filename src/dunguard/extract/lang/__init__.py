"""Language data for the extractors: one YAML file per language, loaded once and validated.

>>> load_lang("zh")["relative_days"]["明天"]
1
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from dunguard.errors import BadData

LANG_DIR = Path(__file__).resolve().parent

_WORD_LISTS = (
    "week_words",
    "duration_blockers",
    "day_of_month_context",
    "day_of_month_blockers",
    "visit_arrivals",
    "deadline_verbs",
    "schedule_words",
    "bound_dayparts",
    "clause_lead_ins",
    "clause_tails",
    "year_end",
)
_SECTIONS = (
    "relative_days",
    "compound_days",
    "dayparts",
    "short_dayparts",
    "weekday_numbers",
    "week_modifiers",
    "month_modifiers",
    "month_parts",
    "markers",
    "marker_blockers",
    "marker_unblockers",
    "duration_units",
    "visit",
    "fixed_holidays",
    "lunar_holidays",
)
_MARKERS = ("before", "within", "from", "after", "deadline_prefix", "range")
_UNITS = {"minute", "hour", "day", "workday", "week", "month"}
# The word classes of a visit claim (see the `visit` section of zh.yaml).
_VISIT_LISTS = (
    "door",
    "door_objects",
    "field",
    "field_objects",
    "outside",
    "outside_objects",
    "walk",
    "home_visit",
    "dispatch",
    "dispatch_objects",
    "travel",
    "arrive",
    "to_place",
    "plain_to_place",
    "agents",
    "reader_goes",
    "senders",
    "after_you",
    "go_needs_you",
    "ambiguous_places",
    "departures",
    "under_way_after",
)
_VISIT_MAPS = ("places", "people", "not_before", "not_after", "stage")
_STAGES = ("planned", "under_way", "perfect")


def _fail(path: Path, reason: str) -> BadData:
    return BadData("bad_data", path=str(path), reason=reason)


def _words(path: Path, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        raise _fail(path, f"{where}: expected a non-empty list of words")
    for word in value:
        if not isinstance(word, str) or not word:
            raise _fail(path, f"{where}: {word!r} is not a word")
    return value


def _int_map(path: Path, where: str, value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise _fail(path, f"{where}: expected a mapping of word to integer")
    for key, num in value.items():
        if not isinstance(key, str) or not key or isinstance(num, bool) or not isinstance(num, int):
            raise _fail(path, f"{where}: {key!r}: {num!r} is not word: integer")
    return value


def validate(data: Any, path: Path) -> dict[str, Any]:
    """Check the shape of a language file; raise BadData naming the file and entry."""
    if not isinstance(data, dict):
        raise _fail(path, "top level must be a mapping")
    required = [*_SECTIONS, *_WORD_LISTS]
    for key in required:
        if key not in data:
            raise _fail(path, f"missing section {key!r}")
    for key in ("relative_days", "week_modifiers", "month_modifiers", "weekday_numbers"):
        _int_map(path, key, data[key])
    for key in _WORD_LISTS:
        _words(path, key, data[key])
    for word, md in data["fixed_holidays"].items():
        if not (isinstance(md, list) and len(md) == 2 and all(isinstance(x, int) for x in md)):
            raise _fail(path, f"fixed_holidays.{word}: expected [month, day]")
        try:
            date(2024, md[0], md[1])
        except ValueError:
            raise _fail(path, f"fixed_holidays.{word}: {md} is no day of the year") from None
    for word, mda in data["lunar_holidays"].items():
        if not (isinstance(mda, list) and len(mda) == 3 and all(isinstance(x, int) for x in mda)
                and 1 <= mda[0] <= 12 and 1 <= mda[1] <= 29):
            raise _fail(path, f"lunar_holidays.{word}: expected [lunar month, lunar day 1-29, days added]")
    dayparts = data["dayparts"]
    if not isinstance(dayparts, dict) or not dayparts:
        raise _fail(path, "dayparts: expected a mapping")
    for name, part in dayparts.items():
        where = f"dayparts.{name}"
        if not isinstance(part, dict):
            raise _fail(path, f"{where}: expected a mapping")
        hours = part.get("hours")
        if (
            not isinstance(hours, list)
            or len(hours) != 2
            or not all(isinstance(h, int) for h in hours)
            or not 0 <= hours[0] < hours[1] <= 48
        ):
            raise _fail(path, f"{where}.hours: expected [start, end) with 0 <= start < end <= 48")
        shift = part.get("shift")
        if not isinstance(shift, list) or not all(
            isinstance(r, list) and len(r) == 3 and all(isinstance(x, int) for x in r) for r in shift
        ):
            raise _fail(path, f"{where}.shift: expected a list of [low, high, add]")
        if not isinstance(part.get("en"), str):
            raise _fail(path, f"{where}.en: expected an English name")
    for word, target in data["short_dayparts"].items():
        if target not in dayparts:
            raise _fail(path, f"short_dayparts.{word}: unknown day part {target!r}")
    for word, pair in data["compound_days"].items():
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not isinstance(pair[0], int)
            or pair[1] not in dayparts
        ):
            raise _fail(path, f"compound_days.{word}: expected [day offset, day part]")
    for word, part in data["month_parts"].items():
        if part not in ("start", "end"):
            raise _fail(path, f"month_parts.{word}: expected start or end, got {part!r}")
    markers = data["markers"]
    if not isinstance(markers, dict):
        raise _fail(path, "markers: expected a mapping")
    for key in _MARKERS:
        _words(path, f"markers.{key}", markers.get(key))
    blockers = data["marker_blockers"]
    if not isinstance(blockers, dict):
        raise _fail(path, "marker_blockers: expected a mapping")
    for key, chars in blockers.items():
        _words(path, f"marker_blockers.{key}", chars)
    unblockers = data["marker_unblockers"]
    if not isinstance(unblockers, dict):
        raise _fail(path, "marker_unblockers: expected a mapping")
    for key, words in unblockers.items():
        _words(path, f"marker_unblockers.{key}", words)
        for word in words:
            if key not in blockers or word[0] not in blockers[key]:
                raise _fail(path, f"marker_unblockers.{key}: {word!r} does not start with a blocker of {key!r}")
    for word, unit in data["duration_units"].items():
        if unit not in _UNITS:
            raise _fail(path, f"duration_units.{word}: unknown unit {unit!r}")
    for word in data["bound_dayparts"]:
        if word not in dayparts:
            raise _fail(path, f"bound_dayparts: unknown day part {word!r}")
    _validate_visit(data["visit"], path)
    return data


def _validate_visit(visit: Any, path: Path) -> None:
    if not isinstance(visit, dict):
        raise _fail(path, "visit: expected a mapping")
    for key in _VISIT_LISTS:
        _words(path, f"visit.{key}", visit.get(key))
    for key in _VISIT_MAPS:
        value = visit.get(key)
        if not isinstance(value, dict) or not value:
            raise _fail(path, f"visit.{key}: expected a mapping")
        for name, words in value.items():
            if not isinstance(name, str) or not name:
                raise _fail(path, f"visit.{key}: {name!r} is not a name")
            _words(path, f"visit.{key}.{name}", words)
    for stage in _STAGES:
        if stage not in visit["stage"]:
            raise _fail(path, f"visit.stage: missing {stage!r}")
    place_words = {w for words in visit["places"].values() for w in words}
    for key in ("after_you", "go_needs_you", "ambiguous_places"):
        for word in visit[key]:
            if word not in place_words:
                raise _fail(path, f"visit.{key}: {word!r} is not in visit.places")
    for word in visit["plain_to_place"]:
        if word not in visit["to_place"]:
            raise _fail(path, f"visit.plain_to_place: {word!r} is not in visit.to_place")


@cache
def load_lang(lang: str) -> dict[str, Any]:
    """Load and validate ``lang/<lang>.yaml`` once per process."""
    path = LANG_DIR / f"{lang}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise _fail(path, f"not valid YAML: {exc}") from exc
    return validate(data, path)
