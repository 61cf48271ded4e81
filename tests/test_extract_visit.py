"""Visit claims: verb, target, spans, authority and negation, on real-shaped collection texts."""

from __future__ import annotations

import time
from zoneinfo import ZoneInfo

import pytest

from dunguard.extract.base import Doc, normalize
from dunguard.extract.visit import MAX_CANDIDATES, TARGETS, extract
from dunguard.model import Element


def run(text: str) -> list[Element]:
    return extract(Doc(text, normalize(text), None, ZoneInfo("Asia/Shanghai")))


def summary(text: str) -> list[tuple]:
    out = []
    for e in run(text):
        assert (e.type, e.role) == ("visit", "claim")
        assert text[e.start : e.end] == e.text == e.attrs["verb"]
        assert e.value == e.attrs["target"] in TARGETS
        out.append(
            (
                e.text,
                e.start,
                e.attrs["target"],
                e.attrs["target_word"],
                e.attrs["with_authority"],
                e.attrs["negated"],
            )
        )
    return out


# (text, [(verb, start, target, target_word, with_authority, negated), ...])
CASES = [
    (
        "尊敬的客户,您有一笔借款已逾期,请于明日中午12点前归还。否则,我们的工作人员将于明天下午3点上门拜访。",
        [("上门拜访", 47, "home", None, False, False)],
    ),
    ("明天到你单位找你领导谈谈你的欠款问题。", [("到你单位", 2, "workplace", "单位", False, False)]),
    ("外访组将于近日到您家核实情况", [("到您家", 7, "home", "家", False, False)]),
    (
        "我司外访人员将前往你的户籍地进行实地核实",
        [("前往你的户籍地", 7, "hometown", "户籍地", False, False), ("实地核实", 16, "hometown", "户籍地", False, False)],
    ),
    ("已安排外访，核实你的家庭住址", [("外访", 3, "home", "家庭住址", False, False)]),
    ("再不处理，下周就去你老家找你父母", [("去你老家", 8, "hometown", "老家", False, False)]),
    ("我们已经给你父母打电话了，下周就去你父母家", [("去你父母家", 16, "relatives", "父母家", False, False)]),
    ("将走访你所在的村委会说明你的欠款情况", [("走访你所在的村委会", 1, "village_committee", "村委会", False, False)]),
    # a call on the committee tells a third party; nobody is said to come
    ("将联系你所在的村委会说明你的欠款情况", []),
    ("我司将派人到村里了解你的情况", [("到村里", 5, "village_committee", "村里", False, False)]),
    ("我们近期将通知你家居委会", []),
    ("若仍不还款，我们将联合当地派出所上门走访", [("上门走访", 16, "home", None, True, False)]),
    ("你的案件已立案，法院工作人员将登门送达传票", [("登门送达", 15, "home", None, True, False)]),
    (
        "我们将通过司法途径解决，并上门走访你单位",
        [("上门走访", 13, "workplace", "单位", False, False)],
    ),
    ("今天下午两点，催收人员将到你公司和你家", [("到你公司", 12, "workplace", "公司", False, False)]),
    ("若未按时还款将上门催收", [("上门催收", 7, "home", None, False, False)]),
    ("您的欠款已逾期，我公司将派专人上门，请保持电话畅通", [("上门", 15, "home", None, False, False)]),
    ("你的欠款逾期，下周安排家访", [("家访", 11, "home", None, False, False)]),
    ("明日将派专人至你户籍所在地进行调查", [("至你户籍所在地", 6, "hometown", "户籍所在地", False, False)]),
    ("近日会去你现居地址拜访", [("去你现居地址", 3, "home", "现居地址", False, False)]),
    ("再不接电话我们就直接去你工作的地方找你", [("去你工作的地方", 10, "workplace", "工作的地方", False, False)]),
    ("今晚我们的人会到你小区门口等你", [("到你小区", 7, "home", "小区", False, False)]),
    ("晚上八点到你住的地方找你", [("到你住的地方", 4, "home", "住的地方", False, False)]),
    ("我们会去你爸妈家里聊聊", [("去你爸妈家里", 3, "relatives", "爸妈家里", False, False)]),
    # Negated: still extracted, so rules can see the text denies a visit.
    ("我们不会上门催收，请放心", [("上门催收", 4, "home", None, False, True)]),
    ("我们不上门，请自行登录App还款", [("上门", 3, "home", None, False, True)]),
    ("根据监管规定，本公司不得上门催收", [("上门催收", 12, "home", None, False, True)]),
    ("本次协商无需上门，线上即可办理", [("上门", 6, "home", None, False, True)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_visit_claims(text: str, expected: list[tuple]) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "如需上门办理业务,请提前预约。",
        "快递已送货上门，请查收",
        "本店提供免费上门安装服务",
        "信用卡代还、提现（上门刷卡）业务，欢迎咨询",  # a card-services advert's door-to-door swipe
        "请携带身份证到公司办理",  # 到公司 without "you" and without any visit word
        "大家好，公司将于明天组织走访慰问",
        "外访人员工号请以官方公布为准",  # 外访人员 is a noun, not a visit
        "您的借款已逾期3天，请及时还款",
        "国家规定，专家建议，商家发货",
        # Not about the reader or a debt: news, errands, a ride home.
        "志愿者们今天走访了城南的三家养老院",
        "有谁知道附近有上门修电脑的师傅吗",
        "刚到家，明天早上七点的车",
        "周末去家具城看看沙发",
        "他登门道歉后两人和好如初",
        "快递员已到小区门口，请下楼取件",
        "截至你单位发薪日前还款",
        "请将材料送至你单位人事处",
    ],
)
def test_not_a_visit_claim(text: str) -> None:
    assert run(text) == []


def test_full_width_punctuation_splits_clauses() -> None:
    # The target word sits in the next comma clause, so the sentence is searched.
    assert summary("我们将于明天上门，核实你的住址。") == [("上门", 6, "home", "住址", False, False)]
    # Full-width comma is folded to "," by Doc.norm; the target in the same clause wins.
    assert summary("你单位那边我们会去，明天上门找你家人") == [("上门", 12, "relatives", "家人", False, False)]


# Forwarded fragments name neither the reader nor the debt; a plan, deadline or condition
# still makes a collector-shaped visit a threat, while news of officials' visits stays quiet.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("明天上午十点上门", [("上门", "home")]),
        ("3小时内不处理就上门", [("上门", "home")]),
        ("已安排专员走访户籍地", [("走访", "hometown")]),
        ("近期即将安排外访", [("外访", "unspecified")]),
        # A time limit is a plan too: "within two hours", "in three days".
        ("我们2小时内上门", [("上门", "home")]),
        ("三天之内上门走访", [("上门走访", "home")]),
    ],
)
def test_fragments_without_debt_words(text, expected):
    assert [(e.text, e.value) for e in run(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "质监所工作人员今天对多家旅行社进行了走访检查",
        "社区邀请人社局工作人员来到社区服务大厅",
        "明天上门安装空调，请保持电话畅通",
        "师傅2小时内上门维修",
        "我司工作人员将于本周三上门进行燃气安全检查，请家中留人。",
        "您报修的故障已受理，维修人员将于今天下午上门处理。",
    ],
)
def test_news_and_services_are_not_fragment_threats(text):
    assert run(text) == []


@pytest.mark.parametrize(
    "text, target",
    [
        ("您的借款已逾期，我们将上门拜访并通知您的家人。", "home"),  # the family is told, not visited
        ("您的借款已逾期，我们将上门拜访您的家人。", "relatives"),
    ],
)
def test_place_after_another_action_is_not_the_visit_target(text, target):
    assert [e.value for e in run(text)] == [target]


# Agent x verb x place within a clause, in any order (issue 11): rarer verbs and places.
# (text, verb, target, target_word, stage)
RARER = [
    ("您的欠款已逾期90天，外勤已抵达", "抵达", "unspecified", None, "arrived"),
    ("您的借款严重逾期，我司外访专员已出发前往您登记的地址", "出发前往您登记的地址", "home", "登记的地址", "under_way"),
    ("你的欠款逾期未还，调查员正在赶往你现居住地", "赶往你现居住地", "home", "现居住地", "under_way"),
    ("您的贷款已逾期，催收专员已到达您的户籍所在地", "到达您的户籍所在地", "hometown", "户籍所在地", "arrived"),
    ("再不还款，我们将派员走访你老家村委会", "派员走访", "hometown", "老家", "planned"),
    ("你的欠款再不处理，同事明天去你公司找你领导", "去你公司", "workplace", "公司", "planned"),
    ("你逾期不还，我们会去你孩子就读的学校了解情况", "去你孩子就读的学校", "school", "孩子就读的学校", "planned"),
    ("明天外访人员去学校找你孩子", "去学校", "school", "学校", "planned"),
    ("外访人员已经到了你儿子的学校", "到了你儿子的学校", "school", "儿子的学校", "arrived"),
    ("逾期未还款，外访人员将前往你亲戚家", "前往你亲戚家", "relatives", "亲戚家", "planned"),
    ("你的欠款逾期，明天法务专员将约谈你", "约谈", "unspecified", None, "planned"),
    ("您的欠款逾期，外访人员正在前往，请保持电话畅通", "前往", "unspecified", None, "under_way"),
    ("欠款不还，外访人员已在赶往你家的路上", "赶往你家", "home", "家", "under_way"),
    ("你已逾期，我司人员已上门走访你家，家中无人", "上门走访", "home", "家", "arrived"),
    ("您的借款逾期，我司将派员实地核实你的住址", "实地核实", "home", "住址", "planned"),
    # the agent or place may come after the travel verb
    ("欠款逾期，已抵达你户籍地的是我司外勤", "抵达你户籍地", "hometown", "户籍地", "arrived"),
    ("欠款逾期，我们的工作人员已到达村委会", "到达村委会", "village_committee", "村委会", "arrived"),
]


@pytest.mark.parametrize(("text", "verb", "target", "word", "stage"), RARER, ids=[c[1] for c in RARER])
def test_rarer_verbs_and_places(text: str, verb: str, target: str, word: str | None, stage: str) -> None:
    (e,) = run(text)
    assert (e.text, e.value, e.attrs["target_word"], e.attrs["stage"]) == (verb, target, word, stage)
    assert e.attrs["negated"] is False
    assert e.value in TARGETS


def test_school_is_a_target() -> None:
    assert "school" in TARGETS
    assert [e.value for e in run("再不还钱，明天就上门走访你孩子学校")] == ["school"]


def test_one_claim_per_clause_for_travel_words() -> None:
    # a travel word alone (抵达) or a committee word adds no claim where a go verb or 走访 already speaks
    assert [e.text for e in run("欠款逾期，外勤已抵达你老家村委会")] == ["抵达你老家"]
    assert [e.text for e in run("欠款逾期，外访人员前往你单位走访")] == ["前往你单位", "走访"]


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("您已逾期，我们明天上门", "planned"),
        ("若未按时还款将上门催收", "planned"),
        ("你的欠款逾期，下周安排家访", "planned"),
        ("你的欠款逾期，外访专员正在上门途中", "under_way"),
        ("您的欠款逾期，我司已派员前往你单位", "under_way"),
        ("您的欠款逾期，外访组昨天已经上门", "arrived"),
        ("您的欠款逾期，外访人员刚刚到你家", "arrived"),
        # 会 inside 村委会 is not "will"
        ("您的欠款逾期，你们村委会外访人员上门了", None),
        ("上门时间：明天下午3点", None),
    ],
)
def test_stage(text: str, stage: str | None) -> None:
    assert [e.attrs["stage"] for e in run(text)][:1] == [stage]


@pytest.mark.parametrize(
    "text",
    [
        # a place alone is not a visit
        "学校通知家长会",
        "学校通知：本周五下午召开家长会，请各位家长准时参加",
        "你的欠款逾期了，今天学校开家长会吗",
        # the reader is the one who goes
        "请前往营业厅办理",
        "您的借款已逾期，请前往营业厅办理还款",
        "您的借款已逾期，建议您前往官方App协商",
        "您的借款已逾期，如需办理请携带身份证前往户籍地派出所",
        "您可前往就近网点办理还款",
        "欢迎您和家人前来参观",
        "诚邀您带上家人一同前来",
        "我们期待您的到访",
        # couriers, drivers and repairmen on the way
        "快递员正在前往您的地址派送",
        "维修师傅正在赶往您家，请保持电话畅通",
        "您的外卖骑手已到达您的地址",
        # someone else's travel, school or colleague
        "孩子们今天前往学校参加活动",
        "出国前考到你们学校读研究生",
        "同事已到达会议室",
        "您的借款已逾期，请尽快还款，您的同事已到达公司",
        "贵公司工作人员已抵达现场",
        "当地政府工作人员立即赶到现场",
        # 到 inside another verb: 收到, 得到
        "您的借款已逾期，我们已收到你单位寄来的证明",
        "您的借款已逾期，今天得到了公司的批复",
        # service and welfare visits stay excluded with the new verbs
        "本公司将派员走访慰问困难户",
        "社区将实地走访调研老旧小区",
        # a letter sent to the committee tells a third party; nobody comes
        "你欠款不还，催收函已发往户籍地村委会",
    ],
)
def test_new_verbs_are_not_claims_here(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize("unit", ["逾期，外勤已抵达，", "欠款外勤前往你家已抵达", "请前往你家欠款", "已已已上门逾期", "您已逾期前往"])
def test_huge_input_is_bounded(unit: str) -> None:
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    start = time.perf_counter()
    found = run(text)
    assert len(found) <= MAX_CANDIDATES
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(
    ("text", "target", "stage"),
    [
        ("欠钱不还？我们的人在你家楼下", "home", "arrived"),
        ("我们的人已经在你公司门口了，自己看着办", "workplace", "arrived"),
        ("您的借款已逾期，明天我们在你老家门口等你", "hometown", "planned"),
    ],
)
def test_someone_already_at_the_door_is_a_visit(text: str, target: str, stage: str) -> None:
    claims = run(text)
    assert [(e.attrs["target"], e.attrs["stage"]) for e in claims] == [(target, stage)]
    assert claims[0].text.startswith("在")


@pytest.mark.parametrize(
    "text",
    [
        "我在你家楼下等你呢",  # a friend, no debt and nobody sent
        "您的借款已逾期，请在您公司附近的网点办理还款",  # a branch, not a visitor
        "快递放在你家门口了",
    ],
)
def test_being_near_the_reader_is_not_always_a_visit(text: str) -> None:
    assert run(text) == []


# Loose visit words (go/come with the reader as object, trips, sends, "wait at home", a mark on the
# door, a past visit): claims in a collector's message, each with its target and stage.
# (text, [(verb, target, stage), ...])
LOOSE = [
    ("老家那边我们已经安排同事过去了，你爸妈在家吧？就是去了解一下情况。", [("过去", "hometown", "under_way")]),
    (
        "刚在你单位楼下转了一圈，保安说你今天请假了。没关系，我明天再来。",
        [("在你单位楼下", "workplace", "arrived"), ("再来", "workplace", "planned")],
    ),
    ("你家门牌号是6栋2单元401没错吧？周六上午在家等着。", [("在家等着", "home", None)]),
    (
        "我现在已经在你们镇上了啊刚下高铁打个车过来你家具体哪栋你发个定位给我省得我到处找",
        [("过来你家", "home", "under_way")],
    ),
    ("你不回信息，我只能亲自跑一趟了，你租的那个城中村我知道在哪", [("亲自跑一趟", "home", "planned")]),
    (
        "我们的人昨天去过你老家了，门锁着没人。没关系，下周再去一趟。",
        [("去过你老家", "hometown", "arrived"), ("再去一趟", "hometown", "planned")],
    ),
    ("我哋同事聽日會上你屋企搵你，你最好留喺度，大家講清楚。", [("上你屋企", "home", "planned")]),
    (
        "定位显示你这几天都在东莞长安镇，我们在东莞有合作的同事，下午就过去找你。",
        [("过去找你", "unspecified", None)],
    ),
    ("你再不回复，明天你家门上就不只是红油漆了。", [("你家门上", "home", "planned")]),
    ("到时候我们直接去你爸妈那", [("去你爸妈那", "relatives", "planned")]),
    ("欠款再不处理，我过去一趟，咱们当面聊", [("过去一趟", "unspecified", None)]),
    ("你欠的钱拖了半年了，我们同事下午过去找你", [("过去找你", "unspecified", None)]),
    ("你不接电话是吧，我们的人已经在路上了", [("在路上", "unspecified", "under_way")]),
    ("你躲得了初一躲不过十五，明天我们再来", [("再来", "unspecified", "planned")]),
    ("再不还钱，我们的人就来堵你", [("来堵你", "unspecified", None)]),
    ("你老家那边我们同事去过了，你爸妈说你在外地", [("去过", "hometown", "arrived")]),
    ("逾期这么久，这周我们的人会过来你家", [("过来你家", "home", "planned")]),
    ("我们知道你住哪，明天直接上你家", [("上你家", "home", "planned")]),
    ("今晚8点前不处理欠款，我们同事就到你租的房子门口守着", [("到你租的房子", "home", None)]),
    (
        "欠款不处理，周六请务必在家，我们的外访人员会过去",
        [("务必在家", "home", None), ("过去", "home", "planned")],
    ),
    ("明天上午安排两个人去你单位坐坐，当面聊聊", [("去你单位", "workplace", "planned")]),
    # the meeting named by its place or manner, with nothing else to claim the visit
    ("再不还，就等着家门口见吧。", [("家门口见", "home", None)]),
    # the collectors' own company is no place of the reader's (討債公司 folded from Taiwan script)
    ("那討債公司還是會過去喔", [("過去", "unspecified", "planned")]),
    ("你不接电话，那我们只能当面聊了。", [("当面聊", "unspecified", "planned")]),
    # a fact-finding errand is no friend's fetching (取 in 调查取证)
    ("已派专人赴你户籍所在地调查取证。", [("赴你户籍所在地", "hometown", "under_way")]),
    # a talk or tea at the reader's, and "your end" as the place (过去聊聊, 去你那边转转)
    ("你住的那个出租屋，302对吧，我们今晚过去聊聊欠款的事", [("过去聊聊", "home", "planned")]),
    ("周六我们的人会去你那边转转，顺便了解一下你的还款能力", [("去你那边", "unspecified", "planned")]),
]


@pytest.mark.parametrize(("text", "expected"), LOOSE, ids=[c[0][:12] for c in LOOSE])
def test_loose_visit_words_in_a_collectors_message(text: str, expected: list[tuple]) -> None:
    claims = run(text)
    assert [(e.text, e.value, e.attrs["stage"]) for e in claims] == expected
    assert all(e.attrs["negated"] is False for e in claims)


@pytest.mark.parametrize(
    "text",
    [
        # a friend's visit, a courier, a repairman, family
        "我明天去你家吃饭",
        "周末来你家玩",
        "我们今晚过去找你喝酒",
        "下周再去一趟你家拿东西",
        "快递员到你家楼下了请下来取件",
        "外卖已到你家楼下",
        "师傅明天上门安装",
        "我过去找你拿钥匙",
        "我过去找你",
        "我到了，在楼下等你，快下来吧",
        "这事电话里说不清，改天当面聊吧",
        # a letter, a call or a post sent there is no one going there
        "再不处理，就打电话到你们单位人事部",
        "再不还款，我司将正式发函至你户籍所在地村委会",
        "妈妈说周六在家等你回来吃饭",
        "欢迎来我家",
        "我去过你家，你家真漂亮",
        "晚上你家有人吗",
        "你爸妈那边还好吗",
        # the reader is the one who goes, or nobody goes
        "你明天再来吧",
        "你有空来一趟我办公室",
        "你去一趟超市帮我买点东西",
        "我明天再去一趟医院",
        "明天再来电话",
        "三个月过去了，时间真快",
        "我同事过来了，晚点聊",
        "你们的人已经在路上了吗",
        # a serviceman's visit: wait at home for him
        "快递明天送到，请务必在家",
        "燃气公司工作人员明天上门检查，请务必在家等候",
        # a door with nothing done to it, or done on no given day (harassment, not a visit)
        "你家门口那家店关门了",
        "欠的钱拖到现在，我劝你善良，哪天你家门口被泼红油漆别怪没提醒你。",
        # a phone call to the family or the committee is no visit
        "你的钱已经逾期5天了，到时候电话就打到你家里人那了",
        "你欠的钱不还，我们只能找你户籍地居委会了解情况，顺便请社区帮忙做做你的工作。",
        # a debtor going somewhere to pay
        "我明天去一趟银行把欠款还了",
        # tea with a friend, an errand at a friend's place
        "周末我们过去聊聊，顺便喝茶",
        "我明天去你那边拿点东西，在家吗",
    ],
)
def test_ordinary_go_and_come_words_are_not_claims(text: str) -> None:
    assert run(text) == []


@pytest.mark.parametrize("unit", ["欠款在家等着，", "逾期再来。", "你家门上红油漆明天", "我们的人过去找你再去一趟，"])
def test_huge_input_of_loose_words_is_bounded(unit: str) -> None:
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    start = time.perf_counter()
    assert len(run(text)) <= MAX_CANDIDATES
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize(("text", "target"), [
    ("明天直接到你单位找你", "workplace"),  # the 接 of 直接 is not 接到
    ("你们站长我们已经联系上了，明天中午直接到站点当面谈。", "workplace"),
    ("我们的人已经到你们村口了，你妈家中是哪一家", "hometown"),
])
def test_visits_in_plain_words(text: str, target: str) -> None:
    assert [e.value for e in run(text)][:1] == [target]


def test_going_straight_to_a_meeting_is_no_visit() -> None:
    assert run("等下直接到公司开会") == []


def test_the_sender_itself_is_a_visiting_agent_in_a_debt_message():
    from dunguard import Message, analyze

    visits = [e for e in analyze(Message("准备好茶水，我们明天过来拜访，谈谈你的欠款。"), with_plan=False).elements if e.type == "visit"]
    assert [v.text for v in visits] == ["拜访"]
    # ...but a business visit is no claim
    assert not [e for e in analyze(Message("我们将于明天拜访贵公司，洽谈合作。"), with_plan=False).elements if e.type == "visit"]


def test_i_myself_at_your_door_is_the_sender_visiting():
    from dunguard import Message, analyze

    visits = [e for e in analyze(Message("关于你XX贷的欠款，我本人已经到你家门口了，敲门没人应。"), with_plan=False).elements
              if e.type == "visit"]
    # (敲门没人应 tells of the same trip, as a visit already made)
    assert [v.text for v in visits] == ["到你家门口", "敲门没人应"]
    # ...while 请本人前往 still sends the reader
    assert not [e for e in analyze(Message("请本人携带身份证前往营业厅办理。"), with_plan=False).elements if e.type == "visit"]


@pytest.mark.parametrize(("text", "words", "target"), [
    # the place's own name between the reader and the place
    ("欠的钱再不还，我们外访组明天上午到你周口老家。", "到你周口老家", "hometown"),
    ("你借款逾期47天了，我们外访组明天上午十点到你长安镇的店里当面核实。", "到你长安镇的店里", "workplace"),
    ("公司已安排外访人员明天上午到你三元里的档口核实情况。", "到你三元里的档口", "workplace"),
    # ...while a longer place word still wins over a name cut from it
    ("你再不还，我们就去你爸妈家里。", "去你爸妈家里", "relatives"),
])
def test_a_named_place_of_the_readers_is_still_the_target(text, words, target):
    assert [(e.text, e.attrs["target"]) for e in run(text)] == [(words, target)]


@pytest.mark.parametrize("text", ["真心不错，还推荐朋友去你的店里买乐器。", "又到店里讨价还价的，你倒是在批发那里买啊。"])
def test_a_customer_at_the_readers_shop_is_no_visit(text):
    assert run(text) == []
