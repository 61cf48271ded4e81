"""Named errors that the CLI and web turn into one clear sentence in the user's language.

Each error carries a message key and parameters rather than prose, so the
same failure reads well in Chinese and English.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "message_not_text": {"zh": "短信内容必须是文本。", "en": "The message must be text."},
    "empty_message": {"zh": "短信内容为空，请粘贴短信文字。", "en": "The message is empty: paste the text of the message."},
    "message_too_long": {
        "zh": "短信太长（{size} 个字符，上限 {limit}），这看起来不是一条短信。",
        "en": "The message is too long ({size} characters, limit {limit}); this does not look like a text message.",
    },
    "bad_timezone": {"zh": "无法识别的时区：{tz}", "en": "Unknown time zone: {tz}"},
    "bad_received_at": {
        "zh": "无法识别的接收时间：{value}（请用 2025-02-26T10:30 这样的格式）",
        "en": "Cannot read the received time: {value} (use a form like 2025-02-26T10:30)",
    },
    "received_date_only": {
        "zh": "接收时间 {value} 只有日期、没有几点几分：这一行按没有接收时间分析（不判断是否夜间发送，“明天”等不换算成日期）",
        "en": "The received time {value} has a date but no time of day: the row was analysed without a received time "
        "(no night-time check, and words such as “tomorrow” are not turned into dates)",
    },
    "received_no_clock": {
        "zh": "接收时间 {value} 只有日期、没有几点几分：请写上收到的时间，如 2025-02-26T10:30"
        "（只写日期会被当成半夜 00:00，误判为夜间催收）；不知道几点就不要填时间",
        "en": "The received time {value} has a date but no time of day: give the time it arrived, e.g. "
        "2025-02-26T10:30 (a date alone would read as midnight and look like a night-time message); "
        "if you do not know the time, leave it out",
    },
    "received_in_future": {
        "zh": "接收时间 {value} 在未来（今天是 {today}）：请填写短信实际收到的时间。",
        "en": "The received time {value} is in the future (today is {today}): give the time the message arrived.",
    },
    "received_out_of_range": {
        "zh": "接收时间 {value} 不在 2000 到 2100 年之间：请检查年份。",
        "en": "The received time {value} is not between the years 2000 and 2100: check the year.",
    },
    "bad_context": {
        "zh": "贷款信息有误：{field} = {value}",
        "en": "Invalid loan detail: {field} = {value}",
    },
    "file_not_found": {"zh": "找不到文件：{path}", "en": "File not found: {path}"},
    "file_unreadable": {"zh": "无法读取文件：{path}（{reason}）", "en": "Cannot read file: {path} ({reason})"},
    "is_directory": {"zh": "这是一个文件夹，不是文件", "en": "it is a folder, not a file"},
    "file_too_large": {
        "zh": "文件太大：{path}（{size} 字节，上限 {limit} 字节）",
        "en": "File too large: {path} ({size} bytes, limit {limit} bytes)",
    },
    "not_text": {
        "zh": "{path} 不是文本文件（试过 UTF-8、GB18030 编码都无法读取）",
        "en": "{path} is not a text file (tried UTF-8 and GB18030)",
    },
    "binary_input": {
        "zh": "{path} 看起来是二进制文件，不是短信文本",
        "en": "{path} looks like a binary file, not message text",
    },
    "no_input": {
        "zh": "请给出短信内容：直接写在命令后、用 --file 指定文件，或用 - 从标准输入读取",
        "en": "Give the message: as an argument, with --file, or - to read standard input",
    },
    "bad_data": {"zh": "参考数据有误：{path}：{reason}", "en": "Reference data is malformed: {path}: {reason}"},
    "bad_rule_pack": {
        "zh": "规则包有误：{path} 中的规则 {rule}：{reason}",
        "en": "Malformed rule pack: {path}, rule {rule}: {reason}",
    },
    "bad_grammar": {"zh": "词类语法有误：{path}：{reason}", "en": "Malformed word-class grammar: {path}: {reason}"},
    "unknown_rule": {"zh": "没有这条规则：{rule}", "en": "No such rule: {rule}"},
    "bad_option": {"zh": "参数有误：{reason}", "en": "Invalid option: {reason}"},
    # The command line's own usage errors (argparse writes them in English; dunguard.cli translates).
    "arg_required": {"zh": "缺少必填参数：{args}", "en": "missing required options: {args}"},
    "arg_one_of_required": {"zh": "请给出其中一个参数：{args}", "en": "give one of these options: {args}"},
    "arg_unrecognized": {"zh": "不认识的参数：{args}", "en": "unrecognized options: {args}"},
    "arg_ambiguous": {"zh": "参数 {option} 不明确，可能是：{matches}", "en": "ambiguous option {option}: could be {matches}"},
    "arg_problem": {"zh": "参数 {arg} 有误：{detail}", "en": "option {arg}: {detail}"},
    "arg_not_allowed_with": {"zh": "不能和 {other} 同时使用", "en": "cannot be used together with {other}"},
    "arg_invalid_choice": {"zh": "{value} 不是可选的值（可选：{choices}）", "en": "{value} is not one of {choices}"},
    "arg_invalid_value": {"zh": "{value} 不是有效的值", "en": "{value} is not a valid value"},
    "arg_expected_one": {"zh": "后面需要跟一个值", "en": "needs a value after it"},
    "arg_expected_some": {"zh": "后面需要跟值", "en": "needs values after it"},
    "arg_takes_no_value": {"zh": "不接受值：{value}", "en": "takes no value: {value}"},
    "arg_not_whole": {"zh": "{value} 不是整数", "en": "{value} is not a whole number"},
    "arg_negative": {"zh": "{value} 不能是负数", "en": "{value} must not be negative"},
    "arg_below_one": {"zh": "{value} 至少要是 1", "en": "{value} must be at least 1"},
    "arg_not_amount": {"zh": "{value} 不是有效的金额", "en": "{value} is not a valid amount"},
}


def register_messages(table: dict[str, dict[str, str]]) -> None:
    """Add an area's bilingual messages (case store, loans, batch, web) at its import.

    Each area owns its sentences; a key registered twice with different text is a bug.
    """
    for key, texts in table.items():
        if key in MESSAGES and MESSAGES[key] != texts:
            raise ValueError(f"error message {key!r} registered twice with different text")
        MESSAGES[key] = texts


# The loan details' names as the reader knows them (the CLI's flags and the page's labels), not as the code does.
_CONTEXT_FIELDS = {
    "days_overdue": {"zh": "逾期天数", "en": "days overdue"},
    "owed": {"zh": "欠款金额", "en": "amount owed"},
    "can_pay": {"zh": "每月能还的金额（须大于 0）", "en": "monthly amount you can pay (must be above 0)"},
    "contacts": {"zh": "被联系次数", "en": "contacts so far"},
    "lender_type": {"zh": "贷款机构类型", "en": "kind of lender"},
}


def _render(key: str, params: dict[str, str | Text], lang: str) -> str:
    table = MESSAGES.get(key)
    shown = {k: v.render(lang) if isinstance(v, Text) else v for k, v in params.items()}
    if key == "bad_context" and shown.get("field") in _CONTEXT_FIELDS:
        shown["field"] = _CONTEXT_FIELDS[str(shown["field"])].get(lang, _CONTEXT_FIELDS[str(shown["field"])]["en"])
    if table is None:
        return f"{key}: {shown}"
    template = table.get(lang) or table["en"]
    try:
        return template.format(**shown)
    except (KeyError, IndexError):
        return template


def _params(params: dict[str, object]) -> dict[str, str | Text]:
    """Parameters as text, except the translatable ones: a Text, or another error given as the reason."""
    out: dict[str, str | Text] = {}
    for k, v in params.items():
        if isinstance(v, DunguardError):
            v = Text(v.key, **v.params)
        out[k] = v if isinstance(v, Text) else str(v)
    return out


class Text:
    """A phrase in the user's language: a message key and its parameters, rendered late.

    Used as a parameter of another message ("Cannot read {path}: {reason}") so the reason
    follows the language too, rather than being fixed in English where the error was raised.
    Plain and picklable, so batch workers can hand one back to the driver.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = _params(params)

    def render(self, lang: str = "zh") -> str:
        return _render(self.key, self.params, lang)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.key!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.params) == (other.key, other.params)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return (_text, (self.key, self.params))


def _text(key: str, params: dict[str, object]) -> Text:
    return Text(key, **params)


class DunguardError(Exception):
    """Base for every error a user may see; ``render`` gives one sentence.

    A parameter may be a ``Text`` (or another DunguardError): it is rendered in the same language.
    """

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = _params(params)
        super().__init__(self.render("en"))

    def render(self, lang: str = "zh") -> str:
        return _render(self.key, self.params, lang)


class BadInput(DunguardError):
    """The user's input cannot be analyzed as given."""


class BadData(DunguardError):
    """A reference data file or rule pack is malformed."""


class UnknownRule(DunguardError):
    """A rule id that no loaded pack defines."""
