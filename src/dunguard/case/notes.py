"""Notes the store writes on files itself, shown in the reader's language.

An imported export is kept with the note ``import (android)`` and a call's recording
with ``call 2025-02-26T21:30:00+08:00``. Those words are part of the hashed records,
so they stay as stored; every view (``case show``, the web case page, the exported
report) shows them through ``attachment_note``. A note the user wrote is shown as is.

Standard library only at import: ``dunguard case --help`` imports the CLI that uses it.
"""

from __future__ import annotations

import re

from dunguard.case.times import DEFAULT_TZ, when_text

FORMATS = {
    "android": {"zh": "安卓短信备份（SMS Backup & Restore）", "en": "Android SMS backup (SMS Backup & Restore)"},
    "ios": {"zh": "iPhone 短信数据库（sms.db）", "en": "iPhone message database (sms.db)"},
    "csv": {"zh": "CSV 表格", "en": "CSV table"},
    "jsonl": {"zh": "JSONL 文件", "en": "JSONL file"},
    "text": {"zh": "文本文件", "en": "text file"},
    "screenshot": {"zh": "截图（识别出的文字）", "en": "screenshot (recognised text)"},
}
WORDS = {
    "imported": {"zh": "导入的{format}", "en": "imported {format}"},
    "recording": {"zh": "{when} 来电的录音", "en": "recording of the call on {when}"},
}

_IMPORT = re.compile(r"import \((\w+)\)")
_CALL = re.compile(r"call (\S+)")


def attachment_note(note: str | None, role: str | None, lang: str, tz: str = DEFAULT_TZ) -> str:
    """A file's note as a reader sees it: the store's own words translated, the user's kept.

    >>> attachment_note("import (android)", "source", "zh")
    '导入的安卓短信备份（SMS Backup & Restore）'
    >>> attachment_note("call 2025-02-26T21:30:00+08:00", "recording", "zh")
    '2025-02-26 周三 21:30 来电的录音'
    >>> attachment_note("微信截图", "attachment", "en")
    '微信截图'
    """
    note = note or ""
    lang = lang if lang in ("zh", "en") else "en"
    if role == "source" and (m := _IMPORT.fullmatch(note)):
        kind = FORMATS.get(m.group(1), {}).get(lang, m.group(1))
        return WORDS["imported"][lang].format(format=kind)
    if role == "recording" and (m := _CALL.fullmatch(note)):
        return WORDS["recording"][lang].format(when=when_text(m.group(1), lang, tz))
    return note
