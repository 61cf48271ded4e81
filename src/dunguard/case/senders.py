"""One key per phone number however an export writes it, for duplicate checks and counts.

An Android backup writes 13800000000, an iPhone backup +8613800000000, a spreadsheet
138-0000-0000 or 0086 138 0000 0000. The store keeps each sender exactly as its export
had it (the sender is part of a message's hashed identity, so stored cases keep
verifying); only the duplicate check on import and the per-number counts of a report
use ``sender_key``.

Standard library only at import: phonenumbers loads on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-()（）.]")


@lru_cache(maxsize=65536)
def sender_key(sender: str | None) -> str:
    """The number in E.164 (``+8613800000000``, ``+8695188``); a name or a masked number as written.

    >>> sender_key("138-0000-0000") == sender_key("+86 13800000000") == sender_key("0086 138 0000 0000")
    True
    >>> sender_key("95188") == sender_key("+8695188"), sender_key("138xxxx0000")
    (True, '138xxxx0000')
    """
    raw = (sender or "").strip()
    if not raw:
        return ""
    from dunguard.extract.phone import classify_sender

    info = classify_sender(raw)
    value = info.get("value")
    if info["kind"] in ("mobile", "landline", "overseas") and isinstance(value, str) and value.startswith("+"):
        return value  # E.164, from phonenumbers
    if info["kind"] in ("name", "masked"):
        return raw  # "招商银行", an iMessage address, 138****0000: no number to compare
    # A service number, 106 gateway or short code, perhaps with +86 / 0086 in front.
    import phonenumbers

    from dunguard.extract.base import normalize

    flat = _SEPARATORS.sub("", normalize(raw))
    try:
        number = phonenumbers.parse(flat, "CN")
    except phonenumbers.NumberParseException:
        return flat
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
