"""How a case's stored times are shown, in one place for `case show`, the report and the web page.

The store keeps each time as ISO 8601 with whatever offset it came with: messages and
calls in the borrower's zone, notes, files and the case itself in UTC. Every view converts
to one zone before showing a time, so a note added at 14:26 in Shanghai never reads 06:26
next to a form that says 14:26. That zone is the CLI's ``--tz`` (default Asia/Shanghai,
the project's DEFAULT_TZ); the web app has no zone setting and uses the default.

Standard library only at import: ``dunguard case --help`` imports the CLI that uses it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"  # = dunguard.model.DEFAULT_TZ (not imported: it is heavier)

NO_TIME = {"zh": "时间不明", "en": "time unknown"}


def local_time(at: str | None, tz: str = DEFAULT_TZ) -> datetime | None:
    """A stored ISO time as an aware datetime in ``tz``; a time without an offset is taken
    as already in ``tz``. None when absent or unreadable."""
    if not at:
        return None
    try:
        dt = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return None
    zone = ZoneInfo(tz)
    return dt.replace(tzinfo=zone) if dt.tzinfo is None else dt.astimezone(zone)


def when_text(at: str | None, lang: str, tz: str = DEFAULT_TZ) -> str:
    """A stored time as every case view shows it: ``2025-02-26 周三 10:30`` / ``2025-02-26 Wed 10:30``
    in ``tz``; ``时间不明`` / ``time unknown`` when there is none."""
    from dunguard.render.labels import WEEKDAYS

    dt = local_time(at, tz)
    if dt is None:
        return NO_TIME[lang]
    return f"{dt:%Y-%m-%d} {WEEKDAYS[lang][dt.weekday()]} {dt:%H:%M}"
