"""Read one pasted or saved message from a file or stdin, whatever its encoding.

Chinese phone exports and Windows tools still write GBK/GB18030, so a file
that is not UTF-8 is tried as GB18030 (a superset of GBK) before giving up.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

from dunguard.errors import BadInput, Text

# One message, even with a long thread pasted in, is far below this; a larger
# file is almost surely the wrong file (an export belongs to `case import`).
MAX_FILE_BYTES = 1_000_000

ENCODINGS = ("utf-8-sig", "gb18030")


def split_messages(text: str) -> list[str]:
    """Messages pasted one after another, a blank line between them (as the analyze page and a saved .txt take them)."""
    parts = [p.strip() for p in re.split(r"\n[ \t\u3000]*\n", text.replace("\r\n", "\n"))]
    return [p for p in parts if p]


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 or GB18030; reject binary data with a clear error."""
    if b"\x00" in data[:8192]:
        raise BadInput("binary_input", path=name)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise BadInput("binary_input", path=name)
        return text
    raise BadInput("not_text", path=name)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls / len(sample) > 0.05


def read_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> str:
    """Read a message file, enforcing the size limit before reading it whole."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise BadInput("file_not_found", path=str(p)) from None
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or type(exc).__name__) from None
    if p.is_dir():
        raise BadInput("file_unreadable", path=str(p), reason=Text("is_directory"))
    if size > limit:
        raise BadInput("file_too_large", path=str(p), size=size, limit=limit)
    try:
        with p.open("rb") as fh:
            return read_stream(fh, str(p), limit)
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or type(exc).__name__) from None


def read_stream(stream: BinaryIO, name: str = "-", limit: int = MAX_FILE_BYTES) -> str:
    """Read at most ``limit`` bytes; one byte more means the input is too large."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise BadInput("file_too_large", path=name, size=f">{limit}", limit=limit)
    return decode(data, name)
