"""Android "SMS Backup & Restore" XML exports, read as a stream in constant memory.

The file looks like::

    <smses count="2">
      <sms address="95188" date="1740537000000" type="1" body="…" />
      <mms date="1740537000000" msg_box="1" address="10690000">
        <parts><part ct="text/plain" text="…" /></parts>
        <addrs><addr address="10690000" type="137" /></addrs>
      </mms>
    </smses>

defusedxml's parser refuses entity declarations and external entities (billion laughs,
XXE); no tree is built: elements go straight to a small target object as expat reads
them, so a 1 GB export needs no more memory than a small one, and every message knows
the line it came from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from dunguard.errors import BadInput, Text, register_messages
from dunguard.ingest.records import ImportedMessage

register_messages(
    {
        "export_malformed": {
            "zh": "无法读取 {path}（第 {line} 行）：{reason}",
            "en": "Cannot read {path} (line {line}): {reason}",
        },
        "xml_wrong_root": {
            "zh": "根元素是 <{tag}>，不是 SMS Backup & Restore 备份应有的 <smses>",
            "en": "root element is <{tag}>, expected <smses> (SMS Backup & Restore)",
        },
        "xml_date_not_ms": {"zh": "date={value} 不是以毫秒计的时间", "en": "date={value} is not a time in milliseconds"},
        "xml_date_range": {"zh": "date={value} 超出范围", "en": "date={value} is out of range"},
        "xml_empty": {"zh": "文件是空的", "en": "empty file"},
        "xml_truncated": {
            "zh": "文件在 XML 中途就结束了（备份可能不完整）",
            "en": "the file ends in the middle of the XML (truncated export?)",
        },
        "xml_malformed": {"zh": "XML 格式错误，第 {column} 列{detail}", "en": "{detail} at column {column}"},
        "export_hostile": {
            "zh": "{path} 第 {line} 行含有 XML 实体声明或外部实体引用（{reason}），这不是正常的短信备份，已拒绝读取",
            "en": "{path} line {line} declares XML entities or external references ({reason}); "
            "this is not a normal SMS backup, refused",
        },
    }
)

READ_BYTES = 1 << 16

# What expat's error codes (xml.parsers.expat.errors) mean, said in Chinese; the English is expat's
# own message. Any other code is "有格式错误" with its number in Chinese.
EXPAT_ZH = {
    2: "有语法错误",
    3: "之前文件就结束了，没有找到任何元素",
    4: "有无效的字符或标记（例如没有转义的 & 或 <）",
    5: "的标记没有写完",
    6: "的字符不完整（编码可能有误）",
    7: "的结束标签与开始标签不匹配",
    8: "的属性重复",
    9: "在根元素结束后还有多余内容",
    11: "引用了未定义的实体（例如 &xx;）",
    14: "引用了无效的字符编号",
    17: "的 XML 声明不在文件开头",
    18: "声明了不认识的编码",
    19: "声明的编码与文件实际编码不符",
    20: "的 CDATA 段没有结束",
    27: "用了未声明的命名空间前缀",
    30: "的 XML 声明格式不正确",
}
register_messages({f"xml_expat_{code}": {"zh": zh, "en": "{detail}"} for code, zh in EXPAT_ZH.items()})
register_messages({"xml_expat_other": {"zh": "有格式错误（expat 错误 {code}）", "en": "{detail}"}})

# SMS Backup & Restore `type`: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
SMS_DIRECTION = {"1": "in", "2": "out", "4": "out", "5": "out", "6": "out"}
# MMS `msg_box` uses the same numbers; `addr type` 137 is the sender (PduHeaders.FROM).
MMS_FROM = "137"


class _Target:
    """Receives parser callbacks and turns sms/mms elements into records."""

    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.path = path
        self.tz = tz
        self.line = lambda: 0
        self.out: list[ImportedMessage] = []
        self.depth = 0
        self.root: str | None = None
        self.mms: dict | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.root = tag
            if tag != "smses":
                self._fail(Text("xml_wrong_root", tag=tag))
            return
        if tag == "sms" and self.depth == 2:
            direction = SMS_DIRECTION.get(attrib.get("type", "1"))
            if direction is None:
                self._draft()
                return
            self.out.append(
                ImportedMessage(
                    text=attrib.get("body", ""),
                    sender=_address(attrib.get("address")),
                    received_at=self._date(attrib.get("date")),
                    direction=direction,
                    position=f"line {self.line()}",
                )
            )
        elif tag == "mms" and self.depth == 2:
            self.mms = {"attrib": dict(attrib), "texts": [], "from": None, "line": self.line()}
        elif self.mms is not None and tag == "part":
            if attrib.get("ct", "").lower() == "text/plain" and attrib.get("text"):
                self.mms["texts"].append(attrib["text"])
        elif self.mms is not None and tag == "addr" and attrib.get("type") == MMS_FROM:
            self.mms["from"] = attrib.get("address")

    def end(self, tag: str) -> None:
        self.depth -= 1
        if tag == "mms" and self.depth == 1 and self.mms is not None:
            mms, self.mms = self.mms, None
            a = mms["attrib"]
            direction = SMS_DIRECTION.get(a.get("msg_box", "1"))
            if direction is None:
                self._draft(mms["line"])
                return
            sender = mms["from"] if direction == "in" and mms["from"] else a.get("address")
            self.out.append(
                ImportedMessage(
                    text="\n".join(mms["texts"]),
                    sender=_address(sender),
                    received_at=self._date(a.get("date")),
                    direction=direction,
                    position=f"line {mms['line']}",
                )
            )

    def _draft(self, line: int | None = None) -> None:
        # A draft was never sent: it comes out blank, which the store counts as skipped.
        self.out.append(ImportedMessage("", None, None, "out", f"line {line or self.line()}"))

    def data(self, _text: str) -> None:
        pass

    def close(self) -> None:
        return None

    def _date(self, raw: str | None) -> datetime | None:
        if raw is None or raw.strip() in ("", "null"):
            return None
        try:
            value = int(raw.strip())
        except ValueError:
            self._fail(Text("xml_date_not_ms", value=repr(raw)))
        # The app writes milliseconds; some older MMS entries carry seconds.
        seconds = value / 1000 if value > 100_000_000_000 else value
        try:
            return datetime.fromtimestamp(seconds, self.tz)
        except (OverflowError, OSError, ValueError):
            self._fail(Text("xml_date_range", value=repr(raw)))

    def _fail(self, reason: Text) -> None:
        raise BadInput("export_malformed", path=str(self.path), line=self.line(), reason=reason)


def _address(raw: str | None) -> str | None:
    if raw is None:
        return None
    raw = raw.strip()
    return raw if raw and raw != "null" else None


def read(
    path: str | os.PathLike[str],
    progress=None,
    timezone: str = "Asia/Shanghai",
) -> Iterator[ImportedMessage]:
    """Yield every sent or received message of an SMS Backup & Restore XML file.

    ``progress(bytes_read, total_bytes)`` is called after each block. Malformed,
    truncated or hostile XML raises BadInput naming the file and line.
    """
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    p = Path(path)
    target = _Target(p, ZoneInfo(timezone))
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    expat = parser.parser  # the pure-Python parser keeps its expat object: exact line numbers
    target.line = lambda: expat.CurrentLineNumber
    try:
        total = p.stat().st_size
        done = 0
        carry = b""
        with p.open("rb") as fh:
            while True:
                raw = fh.read(READ_BYTES)
                # A character reference cut at the end of a block, or a high surrogate whose low half
                # may start the next one, is finished with the next block (or at the end of the file).
                block, carry = _split_tail(carry + raw) if raw else (carry, b"")
                if not block and not raw:
                    break
                try:
                    parser.feed(_join_surrogate_refs(block))
                except ParseError as exc:
                    raise _malformed(p, exc) from None
                except LookupError as exc:  # <?xml encoding="..."?> names a codec Python does not have
                    english = str(exc).split(":")[0]
                    raise BadInput("export_malformed", path=str(p), line=expat.CurrentLineNumber,
                                   reason=Text("xml_malformed", column=expat.CurrentColumnNumber + 1,
                                               detail=Text("xml_expat_18", code=18, detail=english))) from None
                except DefusedXmlException as exc:
                    raise BadInput("export_hostile", path=str(p), line=expat.CurrentLineNumber, reason=type(exc).__name__) from None
                done += len(raw)
                if target.out:
                    yield from target.out
                    target.out.clear()
                if progress:
                    progress(done, total)
        try:
            parser.close()
        except ParseError as exc:
            raise _malformed(p, exc, truncated=True) from None
        yield from target.out
        target.out.clear()
        if target.root is None:
            raise BadInput("export_malformed", path=str(p), line=1, reason=Text("xml_empty"))
    except OSError as exc:
        raise BadInput("file_unreadable", path=str(p), reason=exc.strerror or str(exc)) from None


# SMS Backup & Restore writes a character outside the BMP (an emoji: 😡) as the two UTF-16 halves,
# each a character reference (&#55357;&#56865;), which XML forbids: expat stopped the whole import at
# the first emoji. Each pair is joined into the one reference it stands for (&#128545;); a half without
# its partner becomes U+FFFD rather than the end of the import.
_CHAR_REF = re.compile(rb"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")
_HIGH_AT_END = re.compile(rb"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});$")
_TAIL = 32  # longer than two references: "&#xDBFF;&#xDFFF;" is 16 bytes


def _ref_value(token: bytes) -> int:
    return int(token[1:], 16) if token[:1] == b"x" else int(token)


def _join_surrogate_refs(data: bytes) -> bytes:
    if b"&#" not in data:
        return data
    refs = list(_CHAR_REF.finditer(data))
    out, last, i = bytearray(), 0, 0
    while i < len(refs):
        m = refs[i]
        value = _ref_value(m.group(1))
        if not 0xD800 <= value <= 0xDFFF:
            i += 1
            continue
        out += data[last:m.start()]
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        low = _ref_value(nxt.group(1)) if nxt is not None and nxt.start() == m.end() else -1
        if value <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            out += b"&#%d;" % (0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
            last, i = nxt.end(), i + 2
        else:
            out += b"&#65533;"
            last, i = m.end(), i + 1
    out += data[last:]
    return bytes(out)


def _split_tail(data: bytes) -> tuple[bytes, bytes]:
    """(what can be parsed now, the tail kept for the next block): the tail starts at an '&' near the end."""
    cut = data.rfind(b"&", max(0, len(data) - _TAIL))
    if cut < 0:
        return data, b""
    # the reference just before the cut may be the high half of a pair whose low half is cut
    before = _HIGH_AT_END.search(data, max(0, cut - 16), cut)
    if before is not None and 0xD800 <= _ref_value(before.group(1)) <= 0xDBFF:
        cut = before.start()
    return data[:cut], data[cut:]


def _malformed(p: Path, exc: Exception, truncated: bool = False) -> BadInput:
    line, column = getattr(exc, "position", (0, 0))
    code = getattr(exc, "code", 0)
    english = str(exc).split(":")[0]
    # expat counts columns from 0; an editor counts them from 1.
    detail = Text(f"xml_expat_{code}" if code in EXPAT_ZH else "xml_expat_other", code=code, detail=english)
    reason = Text("xml_malformed", column=column + 1, detail=detail)
    if truncated and ("no element found" in str(exc) or "unclosed token" in str(exc)):
        reason = Text("xml_truncated")
    return BadInput("export_malformed", path=str(p), line=line, reason=reason)

