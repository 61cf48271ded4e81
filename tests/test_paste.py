"""A paste as people make it: the message is read without the phone's screen, the chat's headers or the user's own
words around it, and the report says what was set aside (bench/probes/qa13.yaml found these)."""

from __future__ import annotations

import json

import pytest

from dunguard import Message, analyze
from dunguard.cli import main
from dunguard.extract.paste import unwrap

SCREEN = "中国联通 5G 20:41 73%\n< 1069 0281 5533\n信息\n昨天 20:40\n【某某借】您的借款已逾期12天，请尽快登录App还款。\n复制\n删除"


def test_the_phone_screen_around_a_message_is_set_aside_and_the_sender_line_kept():
    u = unwrap(SCREEN)
    assert u.text == "【某某借】您的借款已逾期12天，请尽快登录App还款。"
    assert u.sender == "106902815533"
    assert "中国联通 5G 20:41 73%" in u.dropped and "复制" in u.dropped and "昨天 20:40" in u.dropped


def test_the_users_own_question_is_not_read_as_the_collectors_threat():
    text = "他们说今晚要上门，怎么办？\n【某某贷】您的借款已逾期3天，请尽快还款，以免影响征信。"
    report = analyze(Message(text))
    assert "visit_threat" not in report.verdict.kinds
    assert report.message.text.startswith("【某某贷】")
    assert report.pasted_extra == ("他们说今晚要上门，怎么办？",)
    # ...and no draft quotes the user's panic to the lender
    assert not any("怎么办" in (s.draft or {}).get("zh", "") for s in report.plan)


@pytest.mark.parametrize(("paste", "message"), [
    ("我妈收到的：\n【某某消费金融】您好，您的亲属在我司借款已逾期，请转告其尽快还款。",
     "【某某消费金融】您好，您的亲属在我司借款已逾期，请转告其尽快还款。"),
    ("催收阿强 2024-05-02 22:10\n你今天不还是吧\n催收阿强 2024-05-02 22:11\n[语音]\n明天我们去你单位",
     "你今天不还是吧\n明天我们去你单位"),
    ("【某某花】您已逾期，请尽快处理。\n【某某花】您已逾期，请尽快处理。", "【某某花】您已逾期，请尽快处理。"),
    ("老同学 21:10\n在吗\n老同学 撤回了一条消息", "在吗"),
    ("【 某 某 借 】您 的 借 款 已 逾 期\n请 尽 快 还 款", "【某某借】您的借款已逾期\n请尽快还款"),
])
def test_wrappers_of_every_kind_come_off(paste, message):
    assert unwrap(paste).text == message


@pytest.mark.parametrize("text", [
    "你的欠款今天必须还\n你说怎么办吧",                    # a collector's question is the message
    "亲爱的用户：\n您的借款已逾期3天，请尽快还款。",          # a salutation is the message's own first line
    "截止 18:30\n请还款",                                # a deadline is not a chat header
    "请于今日还款\n13812345678",                          # a callback number at the end is the message's
    "【某某银行】您的信用卡账单已出，请按时还款。",          # a one-line message is never touched
])
def test_lines_of_the_message_itself_stay(text):
    assert unwrap(text).text == text


def test_the_cli_says_what_it_set_aside_and_json_lists_it(capsys):
    assert main(["analyze", "这是真的吗？\n【某某贷】您的借款已逾期，请尽快还款。"]) == 0
    out = capsys.readouterr().out
    assert "粘贴时一起带上的内容" in out and "这是真的吗？" in out
    assert main(["analyze", "--json", SCREEN]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["message"]["text"].startswith("【某某借】") and data["message"]["sender"] == "106902815533"
    assert "复制" in data["pasted_extra"]
