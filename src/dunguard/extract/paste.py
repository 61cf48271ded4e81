"""The message inside a paste: what a phone screen, a chat export or the user's own words wrap around it.

People paste what they see: the status bar (中国移动 4G 21:43 85%), the sender line (1069 0532 8871), the screen's
date line (昨天 21:43), its buttons (复制, 删除), a chat header (催收小刘 22:15), and their own question (这是真的吗？,
我妈收到的：). Read as part of the message, "他们说要上门，怎么办" becomes a visit threat and the drafts quote the
user's panic to the lender. Only whole lines that are plainly not the message are set aside, and only when the
paste has more than one line; anything in doubt stays. What was set aside is returned, so the report can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from dunguard.frozen import fast_init

# A phone's status bar: a carrier or network word with a clock or a battery level, nothing else.
_STATUS_RE = re.compile(
    r"(?=.*(?:\d{1,2}:\d{2}|\d{1,3}\s?%))(?=.*(?:中国移动|中国联通|中国电信|中國移動|CMCC|[45]G|LTE|VoLTE|HD|WiFi|Wi-Fi))"
    # (signal and battery glyphs too: 19:42 4G 📶 76%)
    r"(?:中国移动|中国联通|中国电信|中國移動|CMCC|[45]G\+?|LTE|VoLTE|HD|WiFi|Wi-Fi|\d{1,2}:\d{2}|\d{1,3}\s?%"
    r"|[\s|·•.,:：l▂▃▄▅▆▇\U0001F4F6\U0001F50B\U0001FAAB\U0001F6DC\u26a1\u2708\ufe0f]|ll)+"
)
# The screen's date or time line (昨天 21:43, 12月3日 周二, 2023-11-02 22:15, 星期一 上午9:05).
_DAY = r"(?:今天|昨天|前天|星期[一二三四五六日天]|周[一二三四五六日天])"
_DATE = r"(?:\d{4}\s?[年/.-]\s?)?\d{1,2}\s?[月/.-]\s?\d{1,2}\s?[日号]?"
_PART = r"(?:上午|下午|晚上|凌晨|早上|中午|傍晚)"
_CLOCK = r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
_TIME_LINE_RE = re.compile(
    rf"(?:{_DAY}|{_DATE})?\s*{_DAY}?\s*{_PART}?\s*{_CLOCK}|(?:{_DATE})\s*{_DAY}?|{_DAY}"
)
# The screen's buttons and labels, and a chat's placeholders (a line of nothing else).
_UI_WORDS = (
    r"短信|信息|短信/彩信|彩信|iMessage|文本信息|复制|删除|回复|转发|更多|发送|拨打|呼叫|已读|未读|已送达|送达|"
    r"添加到通讯录|加入通讯录|新建联系人|举报垃圾短信|举报|标记为垃圾信息|拦截|屏蔽|详情|全选|分享|收藏|"
    r"\[图片\]|\[语音\]|\[红包\]|\[表情\]|\[视频\]|\[文件\]|\[链接\]|<|>|‹|〈|＜|＞"
)
_UI_RE = re.compile(rf"(?:(?:{_UI_WORDS})[\s|·]*)+")
_RECALLED_RE = re.compile(r".{0,16}撤回了一条消息")
# A chat speaker's label alone, or with only a placeholder after it (陈经理：, 陈经理：[图片]).
_SPEAKER_RE = re.compile(rf"[^\s，。！？!?,【】]{{1,12}}[:：]\s*(?:(?:{_UI_WORDS})\s*)*")
# The user telling how the texts came (过了一会又来一条：, 又发了一遍), anywhere in the paste.
_NARRATION_RE = re.compile(r"(?:过了一会儿?|然后|后来|接着|刚才|随后)?(?:他们)?又?(?:来了|发了|来|发)(?:一条|一遍|一次)[^，。]{0,6}[:：]?")
# A sender line at the top: a gateway (106…), a service number (95588, 10086), a mobile or a landline, alone.
_SENDER_RE = re.compile(
    r"(?:发件人[:：]?\s*|来自[:：]?\s*|[<‹〈]\s*)?"
    r"(?P<num>(?:\+?86[\s-]?)?1[3-9\d][\d*＊xX]?(?:[\s-]?[\d*＊xX]{4}){2}|106[\d\s*＊xX]{5,20}|95[\dxX]{3,4}|96\d{3}|10\d{3,4}"
    r"|0\d{2,3}-?\d{7,8})"
    r"\s*(?:>|›|〉)?"
)
# A chat export's header: a nickname and a time, nothing else (催收小刘 2023-11-02 22:15).
_CHAT_HEADER_RE = re.compile(
    rf"(?P<name>[^\s，。！？!?,:：【】]{{1,16}}(?:\s[^\s，。！？!?,:：【】\d]{{1,8}})?)\s+(?:{_DATE}\s*)?{_DAY}?\s*{_PART}?\s*{_CLOCK}"
)
# A chat group's title with its member count (大学同学群(48), 宝妈兼职群(236)).
_GROUP_TITLE_RE = re.compile(r"[^\s，。！？!?,:：【】]{1,16}[(（]\d{1,4}[)）]")
# The user's own words around the message: a question to the tool, who got it, how they feel about it.
_USER_RE = re.compile(
    r"这是真的吗|是真的吗|真的假的|是不是真的|怎么办|该怎么|帮(?:我|忙)看|帮我查|求助|求问|请问这|"
    r"是骗子吗|是不是骗子|是诈骗吗|是不是诈骗|是骗局吗|会不会是|我没(?:有)?借过|我从(?:来)?没借|我没借|好害怕|吓死|很害怕|"
    r"(?:收到|接到)(?:的|了)?(?:这|一)(?:个|条)|(?:收到|接到|发来)的(?:短信|信息|消息)?[:：]|转发[:：]|他们说|对方说|"
    r"这个号码|这条短信|这条信息|这样的短信|这种短信|大家帮|帮(?:她|他)看|能信吗|可信吗|靠谱吗|收到短信说|短信说我|"
    r"(?:是)?催收的?发的|一样的|又发了|吓死了|收到的，|(?:收到|接到)的[ ，,]|接到的|要转吗|发来这个|是不是就没事|没事了吗|"
    r"转给我的|发到(?:他|她|我)(?:的)?手机|我帮(?:她|他)|帮(?:她|他)打|刚打电话的"
)
# ...said in the first person or to the tool, never the sender's voice (a collector's "你说怎么办" has 你, not 我).
_USER_VOICE_RE = re.compile(r"我|咱|他们|对方|这是|这条|这个|帮|吗|？|\?|收到的|接到的|发的|吓死|一样|她|他|又发|发了条|没事")
# A collector's or a lender's own line is never the user's, whatever question it asks.
_MESSAGE_VOICE_RE = re.compile(r"【|】|您|贵|我司|本司|本公司|我行|逾期未|请于|否则|后果自负|回复|退订|拒收")
# A lead-in on the message's own line (我妈收到的：【…】, 对方发来短信称：…).
_LEAD_IN_RE = re.compile(
    r"^(?:[^，。：:【\n]{0,14}(?:收到|接到|发来|发过来)(?:的|了)?(?:短信|信息|消息)?(?:称|说)?|对方(?:发来)?(?:短信)?(?:称|说))[：:]\s*"
)


@fast_init  # built for every message: see dunguard.frozen
@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The message a paste carries, what was set aside around it, and the sender line if the paste had one."""

    text: str
    dropped: tuple[str, ...] = ()
    sender: str | None = None


# A salutation is the message's own first line (親愛的用戶：, 尊敬的客户：, 王先生：), never a chat speaker's label.
_SALUTATION_RE = re.compile(r"尊敬|亲爱|親愛|先生|女士|小姐|客户|客戶|用户|用戶|会员|會員|您好|你好|同志|家长|各位|台端|阁下|閣下")


def is_time_line(line: str) -> bool:
    """A line of nothing but a date or a time, as a phone's screen shows above a message."""
    return _TIME_LINE_RE.fullmatch(line.strip()) is not None


def _is_ui(line: str) -> bool:
    return bool(
        _STATUS_RE.fullmatch(line) or _TIME_LINE_RE.fullmatch(line) or _UI_RE.fullmatch(line)
        or _RECALLED_RE.fullmatch(line)
    )


def _is_speaker(line: str) -> bool:
    return bool(_SPEAKER_RE.fullmatch(line)) and not _SALUTATION_RE.search(line)


# A screenshot's OCR that spaced every character out (【 融 信 借 】尊 敬 的 用 户): the spaces go.
_SPACED_OUT_RE = re.compile(r"(?:[\u4e00-\u9fff【】，。] ){4,}")
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff【】，。]) (?=[\u4e00-\u9fff【】，。])")
# A contact's name alone above a message that opens with its 【signature】 (众和法务部 / 【众和法务】…).
_NAME_LINE_RE = re.compile(r"[^\s，。！？!?,:：【】\d]{2,12}")


def _is_user(line: str) -> bool:
    return bool(_USER_RE.search(line) and _USER_VOICE_RE.search(line) and not _MESSAGE_VOICE_RE.search(line))


def unwrap(text: str) -> Unwrapped:
    """The message inside a paste, with the lines set aside around it (see the module's doc)."""
    lines = text.split("\n")
    if sum(1 for raw in lines if raw.strip()) < 2:
        return Unwrapped(text)
    keep: list[str] = []
    dropped: list[str] = []
    sender: str | None = None
    headers = sum(1 for raw in lines if _CHAT_HEADER_RE.fullmatch(raw.strip()))
    body_seen = False
    for n, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            keep.append(raw)
            continue
        if _is_ui(line) or _is_speaker(line) or _NARRATION_RE.fullmatch(line) or (
            not body_seen and _GROUP_TITLE_RE.fullmatch(line)
        ):
            dropped.append(line)
            continue
        if not body_seen and _is_user(line):
            dropped.append(line)
            continue
        # (the next line is looked for only here: scanning ahead on every line would be quadratic on a long paste)
        if not body_seen and _NAME_LINE_RE.fullmatch(line) and next(
            (x.strip() for x in islice(lines, n + 1, None) if x.strip() and not _is_ui(x.strip())), ""
        ).startswith("【"):
            dropped.append(line)
            continue
        if not body_seen and (m := _SENDER_RE.fullmatch(line)):
            sender = sender or re.sub(r"[\s-]", "", m.group("num"))
            dropped.append(line)
            continue
        # (a header only in a chat export of two or more, or above the message: a lone "截止 18:30" is no header)
        if (headers >= 2 or not body_seen) and _CHAT_HEADER_RE.fullmatch(line) and not re.search(
            r"截止|之前|以前|前|于|到|请|还款|逾期", line
        ):
            dropped.append(line)
            continue
        body_seen = True
        keep.append(raw)
    # The user's own words at either end of what is left.
    body = [i for i, raw in enumerate(keep) if raw.strip()]
    while len(body) > 1 and _is_user(keep[body[0]].strip()):
        dropped.append(keep[body[0]].strip())
        keep[body[0]] = ""
        body.pop(0)
    while len(body) > 1 and _is_user(keep[body[-1]].strip()):
        dropped.append(keep[body[-1]].strip())
        keep[body[-1]] = ""
        body.pop()
    if body and (lead := _LEAD_IN_RE.match(keep[body[0]].strip())) and len(keep[body[0]].strip()) > lead.end() + 8:
        first = keep[body[0]].strip()
        dropped.append(first[: lead.end()].strip())
        keep[body[0]] = first[lead.end():]
    message_lines = [_CJK_GAP_RE.sub("", raw) if _SPACED_OUT_RE.search(raw) else raw for raw in keep if raw.strip()]
    # The same message pasted twice.
    half = len(message_lines) // 2
    if half and len(message_lines) % 2 == 0 and [x.strip() for x in message_lines[:half]] == [
        x.strip() for x in message_lines[half:]
    ]:
        dropped += [x.strip() for x in message_lines[half:]]
        message_lines = message_lines[:half]
    if not message_lines or (not dropped and message_lines == [raw for raw in keep if raw.strip()]):
        return Unwrapped(text)
    return Unwrapped("\n".join(x.strip() for x in message_lines), tuple(dropped), sender)
