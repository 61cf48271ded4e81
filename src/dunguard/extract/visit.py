"""Claims that someone will come in person: 上门, 外访, 走访, 实地核实, 到你家, 联系村委会...

A claim is matched as word classes within a comma clause, in any order:
agent (外勤, 外访专员, 工作人员...) x verb x place (住址, 单位, 户籍地, 孩子学校...).
The words live in the ``visit`` section of ``lang/zh.yaml``, which the time
extractor reads too (a time next to one of these verbs has the role "visit").

* door/field/outside/walk/home_visit/dispatch verbs (上门, 登门催收, 实地核实,
  外访, 走访, 家访, 派员核实) claim a visit by themselves;
* a go verb right before a place (到你家, 去你老家, 已到达户籍地, 正在赶往你单位)
  claims a visit to that place;
* travel and arrival verbs alone (前往, 赶往, 抵达, 出发, 约谈) claim one only
  with a visiting agent or one of the reader's places in the clause
  (外勤已抵达, 法务专员将约谈你), and only when nothing else in the clause does.
  When the reader is the one sent (请前往营业厅办理, 您可前往), there is no claim.
* loose words, everyday speech too, claim a visit only in a collector's message (a debt word,
  a crew such as 我们的人/合作的同事/安排同事, or a cue such as 再不, 不回, 门锁着, 门牌号):
  a go/come verb with the reader as object (过去找你, 来堵你), a trip (跑一趟, 亲自去, 再来,
  再去一趟, at a clause end), a send with an agent before it (安排同事过去了, 我们的人已经在路上了),
  "wait at home" (在家等着, 请务必在家; not with a serviceman in the message), a mark on the
  reader's door on a given day (明天你家门上就不只是红油漆了), and a past visit (去过你老家).
  With no place of their own they take the last claim's (去过你老家...下周再去一趟 is hometown).
  Outside a collector's message, an ordinary purpose after the verb (去你家吃饭, 来你家玩,
  过去找你拿钥匙) makes any go verb no claim.

Each claim is ``Element(type="visit", role="claim", value=target)`` with attrs:

- ``target``: home | workplace | hometown | village_committee | relatives | school |
  unspecified, from the place in the verb itself (到你家, 去你老家) or else the
  nearest place word in the same comma clause, then the same sentence (住址,
  单位, 户籍地, 孩子学校...); a bare 上门/登门 ("to your door") means home;
- ``target_word``: the words that set the target, or None;
- ``verb``: the matched words;
- ``with_authority``: police, a court or "judicial" staff are said to come along:
  such a word in the same clause, or in the same sentence joined by 联合/会同/陪同...;
- ``negated``: the text says there will be no visit (不会上门, 无需上门, 不得上门);
- ``stage``: planned (将上门, 明天上门, 否则上门) | under_way (已出发前往, 正在赶往,
  在赶往你家的路上, 已安排同事过去了) | arrived (已到达, 已抵达, 已上门走访, 去过你老家), from the
  last such word before the verb in its clause; None when the text does not say.

Service uses are not claims and are not extracted at all: 上门服务, 上门取件,
送货上门, 走访慰问, "如需上门办理业务，请提前预约", "请前往营业厅办理". Neither is asking a
committee (找你户籍地居委会了解情况).
Neither are visits that concern someone else: a claim needs "you" (你/您) in
its sentence or a debt word (欠款, 逾期, 还款...) somewhere in the message, so
news of officials 走访-ing a hospital is not a threat. Negated threats are
extracted with ``negated`` True, because "we will not visit" is still something
the text says. A place alone is no claim (学校通知家长会).

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "我们的工作人员将于明天下午3点上门拜访。"
    >>> [(e.text, e.value, e.attrs["negated"], e.attrs["stage"])
    ...  for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('上门拜访', 'home', False, 'planned')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

from dunguard.errors import BadData
from dunguard.extract.base import Doc
from dunguard.extract.lang import LANG_DIR, load_lang
from dunguard.model import Element

LANG = "zh"
TARGETS = ("home", "workplace", "hometown", "village_committee", "relatives", "school", "unspecified")
# Target groups are tried in this order where two words start at the same character.
_TARGET_ORDER = ("relatives", "hometown", "village_committee", "school", "workplace", "home")
# 走访/拜访 + a committee: a visit to it (走访你所在的村委会). 联系/通知/告知 the committee is a call on a third
# party, which the grammar reads as one; nobody is said to come.
_CONTACT_VERBS = ("走访", "拜访")
_CONTACT_EXTRA = ("街道",)
_PRONOUN = r"你们|您们|你|您|其"
# A place's own name between the reader and the place (到你周口老家, 到你长安镇的店里, 去你原来的单位): short, and
# only after 你/您/其, so 到公司 is never read as 到 + 公 + 司
_NAMED = r"(?:[\u4e00-\u9fa5Xx*＊]{1,6}?的?)??"
_CALL_ON = re.compile(r"联系|通知|告知|致电|打电话|打给")
_GO_TO = re.compile(r"去|到|前往|赶往|走访|拜访|上门|过来|过去|出发")
_SENT = re.compile(r"发往|寄往|寄到|寄至|邮寄|发到|发送至|发送到|寄送|送达|发函|函至|发至")
# ...or named first and sent to after it (已向您户籍地村委会发送协助催收函)
_SENT_AFTER = re.compile(r"发送|发出|寄送|寄出|送达|发函|邮寄|发了|寄了")
_ADDRESSED_ORG = {
    "school": re.compile(r"贵校|贵园|贵学校"),
    "workplace": re.compile(r"贵单位|贵公司|贵司|贵部门|贵厂|贵店"),
}
# How far back (in characters, within the clause) stage and reader words are looked for.
_STAGE_WINDOW = 16
# A text message holds a handful of visit words; past this many candidates the rest of a huge
# input is not examined, and no clause or sentence is read further than these many characters
# from its verb, which bounds the time spent on adversarial text (one 1 MB "clause").
MAX_CANDIDATES = 1000
_CLAUSE_REACH = 100
_SENTENCE_REACH = 300
# Weak verbs: a claim only with an agent or the reader's place in the clause.
_WEAK = frozenset({"travel", "arrive"})
# Claims that speak only when nothing else in their clause claims a visit (外勤已抵达你老家村委会
# is one visit, to the hometown; 明天再来找你 is one).
_FILLERS = _WEAK | {"committee", "come", "trip", "sent", "wait", "mark"}


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _after_you() -> str:
    """A lookbehind group: 你/您/其, maybe with 们 and 的, right before."""
    return r"(?:(?<=[你您其])|(?<=[你您其]的)|(?<=[你您]们)|(?<=[你您]们的))"


def _place_word(word: str, v: dict[str, Any], owned: bool) -> str:
    """One place (or go) word with its guards; ``owned`` False drops the 你/您 requirement (time roles)."""
    body = re.escape(word)
    after = v["not_after"].get(word)
    if after:
        guard = f"(?<![{''.join(after)}])"
        # ...unless the character is the end of a word that leaves the verb free (直接到: 接 ends 直接)
        ok = v.get("after_ok", {}).get(word)
        body = (f"(?:{'|'.join(f'(?<={re.escape(o)})' for o in ok)}|{guard})" if ok else guard) + body
    if owned and word in v["after_you"]:
        body = _after_you() + body
    before = v["not_before"].get(word)
    if before:
        guard = f"(?![{''.join(before)}])"
        ok = v.get("before_ok", {}).get(word)
        body += f"(?:(?={_alt(ok)})|{guard})" if ok else guard
    return body


def _words_alt(words: Any, v: dict[str, Any], owned: bool = True) -> str:
    return "|".join(_place_word(w, v, owned) for w in sorted(words, key=len, reverse=True))


def _all_places(v: dict[str, Any]) -> list[str]:
    return [w for words in v["places"].values() for w in words]


# Going to a place named by its address, to seek the reader there (会到长沙市岳麓区某某小区3栋找你): the
# address is no place word, so the seeking says it is the reader's. Like every 'come', a claim only in a
# collector's message.
_SEEK_AT = r"(?:到|去)[^，。,？?！!\s]{2,16}?(?:找你|找您|堵你|堵您|蹲你|蹲您)"
# The address inside such a seeking (长沙市岳麓区某某小区3栋), which names the visit's target as the home.
_ADDRESS_RE = re.compile(r"[^到去，。]{0,12}(?:小区|栋|单元|号楼|[0-9]+号|室|村|路|街|巷|弄|公寓|花园)[^找堵蹲]{0,6}")


def _come(v: dict[str, Any]) -> str:
    """Coming to seek the reader (过来找你, 去一趟堵你), or going to an address to seek them."""
    return rf"(?:{_alt(v['come'])})(?:一趟)?(?:{_alt(v['come_objects'])})|{_SEEK_AT}"


def visit_verb_pattern() -> str:
    """The visit verb class as one regex without groups, for the time extractor's roles.

    Door, field, outside, walk, home-visit, dispatch and travel verbs, and a go verb
    before a place (到你家, 赶往单位); arrival verbs (抵达) only before a place.
    """
    v = load_lang(LANG)["visit"]
    alone = [*v["door"], *v["field"], *v["outside"], *v["walk"], *v["home_visit"], *v["dispatch"], *v["travel"],
             *v["trips"]]
    places = _words_alt(_all_places(v), v, owned=False)
    go = rf"(?:{_words_alt(v['to_place'], v, owned=False)})了?(?:(?:{_PRONOUN})的?{_NAMED}|的)?(?:所在的?)?(?:{places})"
    come = _come(v)
    # someone sent, named as such, going over (周六我们的人过去): a bare 过去 is also "passed" (三个月过去了)
    sent = rf"(?:{_alt(v['crew'])})(?:会|将|就|要)?(?:{_alt(v['sent'])})"
    # someone turning up there (会出现在你公司门口)
    shows_up = "出现" + re.sub(r"\(\?P<\w+>", "(?:", _PRESENT)
    return rf"{go}|{come}|{sent}|{shows_up}|{_alt(alone)}"


@dataclass(frozen=True, slots=True)
class _Grammar:
    verb: re.Pattern[str]
    target: re.Pattern[str]
    agent: re.Pattern[str]
    sender: re.Pattern[str]
    stage: re.Pattern[str]
    stage_after: re.Pattern[str]
    reader: re.Pattern[str]
    place_target: dict[str, str]
    plain_go: frozenset[str]
    go_needs_you: frozenset[str]
    ambiguous: frozenset[str]
    departures: tuple[str, ...]
    go_needs_pronoun: frozenset[str]
    go_past: frozenset[str]
    crew: re.Pattern[str]
    cues: re.Pattern[str]
    social: re.Pattern[str]
    # (the social words of two characters or more, read to the end of the sentence: 住 or 玩 alone is too loose)
    social_long: re.Pattern[str]
    marks: re.Pattern[str]


@cache
def grammar() -> _Grammar:
    """Compile the visit word classes from zh.yaml once per process."""
    v = load_lang(LANG)["visit"]
    for key in ("places", "people"):
        for target in v[key]:
            if target not in TARGETS:
                path = str(LANG_DIR / f"{LANG}.yaml")
                raise BadData("bad_data", path=path, reason=f"visit.{key}: unknown target {target!r}")
    places = _all_places(v)
    village = [*v["places"]["village_committee"], *_CONTACT_EXTRA]
    verbs = [
        *(w for key in ("door", "field", "outside", "walk", "home_visit", "dispatch") for w in v[key]),
        *v["to_place"],
        *v["travel"],
        *v["arrive"],
        *_CONTACT_VERBS,
        *v["come"],
        *v["trips"],
        *v["sent"],
        *v["wait"],
        "村委会",
        "居委会",
        "在",
        "你",
        "您",
    ]
    starts = "".join(sorted({re.escape(w[0]) for w in verbs}))
    verb = (
        rf"(?=[{starts}])(?:"
        rf"(?P<door>(?:{_alt(v['door'])})(?:{_alt(v['door_objects'])})?)"
        rf"|(?P<field>(?:{_alt(v['field'])})(?:{_alt(v['field_objects'])}))"
        rf"|(?P<contact>(?:{_alt(_CONTACT_VERBS)})(?:你|您)?(?:的)?(?:所在)?(?:地)?(?:的)?(?P<cplace>{_alt(village)}))"
        rf"|(?P<outv>(?:{_alt(v['outside'])})(?:{_alt(v['outside_objects'])})?)"
        rf"|(?P<dispatch>(?:{_alt(v['dispatch'])})(?:{_alt(v['dispatch_objects'])}))"
        rf"|(?P<walk>{_alt(v['walk'])})"
        rf"|(?P<homev>{_alt(v['home_visit'])})"
        rf"|(?P<go>(?P<gov>{_words_alt(v['to_place'], v, owned=False)})了?(?:(?P<pron>{_PRONOUN})(?:的)?{_NAMED}|的)?"
        rf"(?:所在(?:的)?)?"
        rf"(?P<place>{_words_alt(places, v)}))"
        rf"|(?P<come>{_come(v)})"
        rf"|(?P<trip>(?:{_alt(v['trips'])})(?:{_AT_END}|(?={_alt(v['trips_before'])})))"
        rf"|(?P<sent>(?:{_alt(v['sent'])}){_AT_END})"
        rf"|(?P<wait>{_alt(v['wait'])})"
        rf"|(?P<mark>(?:{_PRONOUN})的?家?(?:{_alt(v['door_spots'])}))"
        rf"|(?P<travel>{_alt(v['travel'])})"
        rf"|(?P<arrive>{_alt(v['arrive'])})"
        r"|(?P<committee>村委会|居委会)"
        rf"|(?P<present>{_PRESENT}))"
    )
    groups = []
    for target in _TARGET_ORDER:
        words = [*v["places"].get(target, ()), *v["people"].get(target, ())]
        if words:
            groups.append(f"(?P<{target}>{_words_alt(words, v)})")
    stage_groups = "|".join(
        f"(?P<{k}>{_alt(v['stage'][k])})" for k in ("arranged", "planned", "under_way", "perfect")
    )
    place_target = {w: t for t, words in v["places"].items() for w in words}
    place_target.update({w: "village_committee" for w in _CONTACT_EXTRA})
    return _Grammar(
        verb=re.compile(verb),
        target=re.compile("|".join(groups)),
        agent=re.compile(_alt(v["agents"])),
        sender=re.compile(_alt([*v["agents"], *v["senders"]])),
        stage=re.compile(stage_groups),
        stage_after=re.compile(_alt(v["under_way_after"])),
        reader=re.compile(_alt(v["reader_goes"])),
        place_target=place_target,
        plain_go=frozenset(v["plain_to_place"]),
        go_needs_you=frozenset(v["go_needs_you"]),
        ambiguous=frozenset(v["ambiguous_places"]),
        departures=tuple(sorted(v["departures"], key=len, reverse=True)),
        go_needs_pronoun=frozenset(v["go_needs_pronoun"]),
        go_past=frozenset(v["go_past"]),
        crew=re.compile(rf"{_alt(v['crew'])}|(?:安排|派)了?(?:[一两二三几]个|[一两二三几]名)?(?:同事|人|兄弟)"),
        cues=re.compile(_alt(v["collector_cues"])),
        # 住 (staying over) is a friend's errand; 住址, 住所, 住处 and 居住地 are where the reader lives
        social=re.compile(rf"(?:{_alt(v['social'])})(?![址所处地达])"),
        social_long=re.compile(_alt([w for w in v["social"] if len(w) > 1])),
        marks=re.compile(_alt(v["door_marks"])),
    )


# Someone already at the reader's door (在你家楼下, 在您公司门口): a visit stated as arrived. A place
# needs a spot after it, or 附近 would make "在您公司附近的网点办理" a visit.
_PRESENT_PLACE = {"家": "home", "家里": "home", "小区": "home", "住处": "home", "公司": "workplace",
                  "单位": "workplace", "老家": "hometown", "村里": "village_committee", "学校": "school",
                  # (我们人已经在你们村口了: at the edge of the reader's village)
                  "村口": "hometown", "村子": "hometown", "厂里": "workplace", "站点": "workplace"}
_PRESENT = (
    r"在(?:你们|您们|你|您)的?(?:(?P<pplace>" + "|".join(sorted(_PRESENT_PLACE, key=len, reverse=True))
    + r")的?(?:楼下|门口|家门口|大门口|小区门口|村口|巷口|楼道|门外|外面|附近|里)?|楼下|门口|家门口|门外|楼道)"
)
# ...unless it is a branch or a shop there; and it is a visit only in a collector's message or with
# someone sent in its sentence (a friend's "我在你家楼下等你" is neither).
_PRESENT_NOT = re.compile(r"的?(?:网点|门店|营业厅|支行|分行|ATM|自助|快递柜|驿站|超市|商店|药店|店)")

# Loose visit words (过去找你, 跑一趟, 再来, 安排同事过去了, 在家等着, 你家门上...油漆) and a past visit
# (去过你老家) claim only in a collector's message: a debt word, a crew or a collector's cue in it.
_LOOSE = frozenset({"come", "trip", "sent", "wait", "mark"})
# A bare trip or send word ends its clause (再来。 安排同事过去了), so 再来电 and 三个月过去的 are not visits.
_AT_END = r"(?=了|啦|吧|啊|哈|呢|喔|哦|噢|呀|嘛|$|[，,。！？!?；;\s~…])"
# A day that dates a mark on the door.
_DAY = re.compile(r"今天|今晚|今夜|明天|明早|明晚|明日|后天|周[一二三四五六日末]|星期|礼拜|下周|这周|本周|马上")
# The last person before a loose word in its clause says who goes: 你明天来一趟 sends the reader.
_WHO = re.compile(r"(?P<reader>(?:你们|您们|你|您)(?![家的们]|单位|公司|老家|爸|妈|父|母|租|住|孩|那))|我|咱|人员|同事|专员|外勤")

# Between a visit verb and a later place word, these start another action.
_NEXT_ACTION = re.compile(r"并|和|再|还要|还会|通知|联系|告诉|告知|打电话|发短信")

# Generic words of a visit plan; "到公司"/"到单位" without 你/您 need one, so
# "请到公司办理" is not read as a threat.
_CUE = re.compile(
    r"人员|专员|外勤|调查员|我们|我司|我方|外访|派|安排|前往|核实|调查|走访|拜访|催收|上门|亲自|即将|近期|近日|"
    r"明天|明日|今天|今日|后天|将"
)
_NEG = re.compile(
    r"不会|不用|无需|无须|不需要|不需|不必|不再|没有|暂不|不予|并非|不是|绝不|从不|不得|禁止|严禁|不要|未"
)
# After a negation, these start a new statement ("若未还款将上门" is a threat, not a denial).
_NEG_RESET = re.compile(r"将|就|则|便|会|否则|要|立即|马上|必|须")
_NEG_WINDOW = 8
# The sender as visitor; narrower than the grammar's senders (no 我行: "我行…请前往就近网点" sends the reader).
_SENDER_WE = re.compile(r"我们|我司|我方|本公司|我公司")

_SERVICE_AFTER_DOOR = re.compile(
    r"(?:进行|为您|给您|帮您|免费)?[^，。,]{0,6}?(?:服务|取件|取货|揽收|收件|安装|维修|回收|送货|办理|推销|体检|理赔|测量|保养|护理|送餐|洗车|预约|"
    r"检查|安检|抄表|检修|检测|巡检|查表|勘察|装机|调试|刷卡|开户|打扫|保洁|清洗|登记|喂|帮(?:我|忙)|做饭|看护|陪护|照顾|遛狗|"
    r"普查|宣传|慰问|接种|采样|核酸|义诊|量房|验收|送药)"
)
_SERVICE_BEFORE_DOOR = re.compile(r"(?:送|送货|送餐|配送|快递|持证)$")
# A repairman, installer or inspector coming to the door is a service, whatever follows 上门 (上门处理).
_SERVICE_AGENT = re.compile(
    r"维修人员|维修师傅|装维|安装人员|安装师傅|检查人员|检修人员|安检人员|安检员|抄表员|快递员|配送员|工程师|师傅|报修|家政|保洁|志愿者|"
    r"班主任|老师|医生|护士|网格员|社工"
)
# A school or its parents: 家访 is then the teacher's visit, the word's everyday sense.
_SCHOOL_VOICE = re.compile(r"各位家长|家长(?:们|朋友|您好|你好)|学校组织|校方|幼儿园|本学期|在校情况|班级")
_SERVICE_AFTER_WALK = re.compile(r"慰问|调研")
_POSTED_BEFORE = re.compile(r"(?:出现|贴|张贴|挂|公布|公示|登)$")
_READERS_CHILD = re.compile(r"[你您其](?:的|家)?(?:孩子|子女|小孩|儿子|女儿)")
# A courier, driver or repairman on the way is a service, whoever's address it is (快递员正在前往您的地址).
_SERVICE_TRAVEL = re.compile(
    r"快递|派送|配送|送货|送餐|取件|揽收|外卖|骑手|司机|师傅|维修|安装|上车点|网约车|代驾|包裹"
)
# A serviceman's visit anywhere in the message makes "请务必在家" wait for him (燃气安全检查，请务必在家等候).
# A serviceman's call named by its work (安检员将于本周四上门, 维修人员将于今天下午上门)
_SERVICE_CALL = re.compile(_SERVICE_TRAVEL.pattern + r"|检查|安检|抄表|检修|维修|安装|装机|测量|保养|家政|保洁")
_SERVICE_VISIT = re.compile(_SERVICE_CALL.pattern + r"|燃气|物业|送达|签收|搬家")
# Where the reader is sent on an errand, not where anyone calls (前往www…, 前往指定APP, 前往就近采样点)
_ERRAND = re.compile(r"[^，,。！？!?；;\n]{0,6}?(?:https?://|www\.|[a-z0-9-]+\.(?:com|cn|cc|net|top|vip)|app|APP|网站|官网|"
                     r"链接|网点|营业厅|柜台|采样点|服务点|服务站|领奖|兑领|兑换)")
_NOUN_AFTER_OUTV = re.compile(r"人员|组|部|员|团队|中心|专员")

_AUTHORITY = re.compile(r"公安|派出所|警察|民警|警方|法院|法官|法警|司法|执行局|检察院")
_JOINT = re.compile(r"联合|会同|协同|配合|带同|陪同|伴同|一起|一同|连同|带上|带着")

# A claim is about the reader when its sentence says "you", or the message is about a debt at all;
# "小伙伴们走访了几家医院" and "上门修电脑" in ordinary texts are neither.
_ADDRESSEE = re.compile(r"你|您|贵|阁下")
_DEBT = re.compile(
    r"欠款|欠费|欠债|逾期|借款|贷款|还款|应还|催收|催缴|追讨|讨债|要账|债务|债权|账单|违约|案件|本金|利息|罚息|"
    r"分期|额度|征信|结清|清偿|协商|法务|外访|外勤|借呗|花呗|白条|信用卡|欠钱|欠的钱|欠我|还钱|不还|拖欠|钱拖|"
    # the debt by its euphemisms (那笔钱的事, 那笔账今晚必须见面谈)
    r"(?:那|这)笔(?:钱|账|帐)|钱的事|欠账|欠着"
)

# Short forwarded fragments ("今天下午三点上门", "已安排工作人员走访户籍地") name neither
# the reader nor the debt, but a plan, a deadline or a condition still makes them a threat.
_PLAN = re.compile(
    r"安排|工作人员|专员|外访|外勤|调查员|派员|不处理|不还|否则|再不|就(?:上门|登门|走访)|即将|将于|"
    r"今天|今日|明天|明日|后天|户籍|村委|马上|立即|随时|近期|近日|本周|下周|"
    r"[0-9一二两三四五六七八九十半几]+\s*(?:个)?(?:小时|分钟|天|日)(?:内|后|之内|以内)"
)

# A visit offered as a service in an advert ("上门走访，为您提供更便捷的金融服务") is not a threat.
# (了解一下情况 is a collector asking about the reader, not an advert inviting one to learn more)
_ADVERT = re.compile(r"为您提供|欢迎(您|咨询|光临|来电)|了解一下(?!你|您|情况|具体情况)|优惠|免费(咨询|上门)")

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，,：:。！？!?；;\n]")


def extract(doc: Doc) -> list[Element]:
    """Every in-person visit the message claims (or denies), with its target and stage."""
    g = grammar()
    norm = doc.norm
    first = g.verb.search(norm)
    if first is None:
        return []
    about_debt = _DEBT.search(norm) is not None
    collector = about_debt or _collectors(norm, g)
    serviced: bool | None = None  # a serviceman's visit in the message, looked up once when needed
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(norm)]
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(norm)]
    # (match, the clause's true bounds, the clause and sentence as far as they are read)
    found: list[tuple[re.Match[str], tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    for count, m in enumerate(g.verb.finditer(norm, first.start())):
        if count >= MAX_CANDIDATES:
            break
        start, end = m.span()
        whole = _bounds(clause_ends, start, len(norm))
        clause = (max(whole[0], start - _CLAUSE_REACH), min(whole[1], end + _CLAUSE_REACH))
        if _is_not_a_claim(norm, m, clause, g):
            continue
        sentence = _bounds(sentence_ends, start, len(norm))
        sentence = (max(sentence[0], start - _SENTENCE_REACH), min(sentence[1], end + _SENTENCE_REACH))
        found.append((m, whole, clause, sentence))
    strong = {whole for m, whole, _, _ in found if m.lastgroup not in _FILLERS}
    # "咱们当面聊" only names the meeting: it is the visit when nothing else in the message is one
    # (我过去一趟，咱们当面聊 is one visit, not two).
    if any(not _is_meet(m) for m, *_ in found):
        found = [f for f in found if not _is_meet(f[0])]
    out: list[Element] = []
    weak_seen: set[tuple[int, int]] = set()
    for m, whole, clause, sentence in found:
        if m.lastgroup in _FILLERS:
            if whole in strong or whole in weak_seen:
                continue
            weak_seen.add(whole)
            # outside a debt message, an agent on the way is news (工作人员已抵达现场), not a threat
            if m.lastgroup in _WEAK and not about_debt and not _has_readers_place(norm, clause, g):
                continue
        start, end = m.span()
        if _ADVERT.search(norm, *sentence):
            continue
        loose = m.lastgroup in _LOOSE or (m.lastgroup == "go" and m.group("gov") in g.go_past)
        if loose and not collector:
            continue
        if m.lastgroup == "wait":
            if serviced is None:
                serviced = _SERVICE_VISIT.search(norm) is not None
            if serviced:
                continue  # 燃气安全检查，请务必在家等候
        if m.lastgroup == "present" and not (collector or _has_agent(norm, sentence, g)):
            continue
        # 我明天去你家吃饭, 周末来你家玩, 我到你公司楼下了，下来一起吃饭: a friend's visit, unless the
        # message is a collector's
        if not collector and (g.social.search(norm, end, clause[1]) or g.social_long.search(norm, end, sentence[1])):
            continue
        target, target_word = _target(norm, m, clause, sentence, g)
        if target == "unspecified" and m.lastgroup == "come":
            # 到长沙市岳麓区某某小区3栋找你: the address sought at is where the reader lives
            address = _ADDRESS_RE.search(m.group())
            if address:
                target, target_word = "home", address.group()
        if loose and target == "unspecified" and out:
            # 我们的人去过你老家了...下周再去一趟: again to the place of the visit before
            target, target_word = out[-1].attrs["target"], out[-1].attrs["target_word"]
        if (
            not about_debt
            and not loose
            and _ADDRESSEE.search(norm, *sentence) is None
            and not (_collection_shaped(m, target) and _PLAN.search(norm, *sentence))
        ):
            continue
        out.append(
            Element(
                type="visit",
                role="claim",
                span=doc.span(start, end),
                value=target,
                attrs={
                    "target": target,
                    "target_word": target_word,
                    "verb": doc.span(start, end).text,
                    "with_authority": _with_authority(norm, clause, sentence),
                    "negated": _negated(norm, start, clause[0]),
                    "stage": _stage(norm, m, clause, g),
                },
            )
        )
    return out


def not_a_visitor(norm: str, start: int, end: int) -> bool:
    """The visit verb at [start, end) of ``norm`` sends the reader (请于3点到公司面谈, 八月一号前往www…), brings a
    serviceman (师傅明天上午上门安装) or a friend (周六去你家打麻将): the reasons extract() drops such a verb,
    for the time extractor, whose verb pattern cannot see them."""
    g = grammar()
    clause = _bounds([m.start() for m in _CLAUSE_END.finditer(norm)], start, len(norm))
    sentence = _bounds([m.start() for m in _SENTENCE_END.finditer(norm)], start, len(norm))
    m = g.verb.match(norm, start)
    sendable = m is None or m.lastgroup == "go" or m.lastgroup in _WEAK or m.lastgroup in _LOOSE
    if (sendable and _reader_goes(norm, start, clause, g)) or _ERRAND.match(norm, end):
        return True
    if _DEBT.search(norm) or _collectors(norm, g):
        return False  # a collector's message: 上门送达律师函 is his visit, whatever it carries
    return bool(
        _SERVICE_CALL.search(norm, *sentence)
        or g.social.search(norm, end, clause[1]) or g.social_long.search(norm, end, sentence[1])
    )


def _collectors(norm: str, g: _Grammar) -> bool:
    """A collection crew (我们的人, 外访) or a collector's cue (看着办, 躲) anywhere in the message."""
    return bool(_agents(norm, 0, len(norm), g.crew)) or g.cues.search(norm) is not None


def _is_meet(m: re.Match[str]) -> bool:
    return m.lastgroup == "trip" and m.group().startswith(("当面", "面对面"))


def _collection_shaped(m: re.Match[str], target: str) -> bool:
    """上门/外访/实地核实/派员核实, or a visit to someone's hometown, family or child's school: the
    shapes collectors use (工作人员赶到现场 in the news is not one)."""
    return m.lastgroup in ("door", "field", "outv", "homev", "dispatch") or target in (
        "hometown",
        "relatives",
        "school",
    )


def _bounds(ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """The [start, end) of the clause or sentence holding ``pos``."""
    i = bisect_right(ends, pos)
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else length
    return start, end


# A verb of sending right before the go verb, or an office right after the place: papers go there.
_SENT_THING_BEFORE = re.compile(r"(?:提交|递交|寄|邮寄|寄送|发送|发|移交|转交|移送|上报|报送|送交)$")
# (…派出所附近: a landmark near where someone has arrived, not the office papers go to)
_INSTITUTION_AFTER = re.compile(
    r"的?(?:当地)?(?:人民)?(?:法院|派出所|公安局|公安|检察院|仲裁委|仲裁委员会)(?!附近|门口|旁边|对面|周边)")


def _is_not_a_claim(norm: str, m: re.Match[str], clause: tuple[int, int], g: _Grammar) -> bool:
    start, end = m.span()
    kind = m.lastgroup  # the outer group of the branch: it closes last
    if kind == "door":
        return bool(
            _SERVICE_AFTER_DOOR.match(norm, end) or _SERVICE_BEFORE_DOOR.search(norm, max(0, start - 4), start)
            or _SERVICE_AGENT.search(norm, clause[0], start)
        )
    if kind in ("walk", "field", "dispatch"):
        return _SERVICE_AFTER_WALK.match(norm, end) is not None
    if kind == "homev":
        # 班主任家访; a school's own home visit, written to parents (各位家长…学校组织家访)
        return _SERVICE_AGENT.search(norm, clause[0], start) is not None or _SCHOOL_VOICE.search(norm) is not None
    if kind == "outv":
        return m.end() - m.start() == 2 and _NOUN_AFTER_OUTV.match(norm, end) is not None
    if (kind == "go" or kind in _WEAK or (kind in _LOOSE and kind != "wait")) and (
        _reader_goes(norm, start, clause, g) or _SERVICE_TRAVEL.search(norm, *clause)
    ):
        return True
    if kind in _LOOSE:
        return _loose_is_not_a_claim(norm, m, clause, g)
    if kind == "go":
        place = m.group("place")
        # papers sent there (提交到你户籍地法院, 材料已寄到你老家): a thing goes, nobody comes
        if _SENT_THING_BEFORE.search(norm, max(clause[0], start - 3), start) or _INSTITUTION_AFTER.match(norm, end):
            return True
        if m.group("gov") in g.go_needs_pronoun and not m.group("pron"):
            return True  # 过去单位的同事, 上公司: not 过来你家
        rest = norm[clause[0] : start] + norm[end : clause[1]]
        if m.group("pron"):
            # 考到你们学校: a plain 到/去 to a school needs a plan word too
            return g.place_target[place] == "school" and m.group("gov") in g.plain_go and _CUE.search(rest) is None
        if place in g.go_needs_you:
            return True  # 刚到家里: nobody's home in particular
        if g.place_target[place] == "school" and not _owned(norm, m.start("place"), place, clause, g):
            return True  # 孩子们前往学校
        if _CUE.search(rest) is not None:
            return False
        # 已到达户籍地, 赶往你老家: a dedicated travel verb to a place that is plainly the reader's
        return m.group("gov") in g.plain_go or g.place_target[place] not in (
            "hometown",
            "village_committee",
            "relatives",
            "school",
        )
    if kind in _WEAK:
        # In a message about a debt, the sender itself (我们明天过来拜访) is a visiting agent too.
        sender = _DEBT.search(norm) is not None and _SENDER_WE.search(norm, clause[0], start) is not None
        return not (sender or _has_agent(norm, clause, g) or _has_readers_place(norm, clause, g))
    if kind == "present":
        # a bare 在你家 is where something is (在你家附近), a visit only with a spot or 里/等 after it
        # (村口 is a spot already: 我们人已经在你们村口了)
        if m.group("pplace") and m.group("pplace") != "村口" and m.end() - m.start("pplace") == len(
            m.group("pplace")
        ) and not re.match(r"(?:等|蹲|守|堵)", norm[end:end + 1]):
            return True
        # 照片会出现在你们小区的公告栏上: a thing put up there, not someone standing there; but 我们的同事会出现在你公司门口
        # is someone: an agent before it in the clause
        posted = _POSTED_BEFORE.search(norm, max(0, start - 3), start) is not None and not (
            norm[max(0, start - 2):start] == "出现" and _agents(norm, clause[0], start, g.agent))
        return _PRESENT_NOT.match(norm, end) is not None or posted
    if kind == "committee":
        rest = norm[clause[0] : start] + norm[end : clause[1]]
        # 催收函已发往村委会: a letter sent to the committee tells a third party, nobody comes;
        # 找你户籍地居委会了解情况 asks the committee, it says nothing of going there.
        # 联系他单位领导和村委会, 村委会那边我们联系上了: a call on the committee, the third party told, nobody comes.
        called = _CALL_ON.search(rest) is not None and _GO_TO.search(rest) is None
        return (
            _CUE.search(rest) is None
            or _SENT.search(norm, clause[0], start) is not None
            or ("向" in norm[clause[0] : start] and _SENT_AFTER.search(norm, end, clause[1]) is not None)
            or "找" in norm[clause[0] : start]
            or called
        )
    return False


def _loose_is_not_a_claim(norm: str, m: re.Match[str], clause: tuple[int, int], g: _Grammar) -> bool:
    """A loose visit word that sends the reader (你明天来一趟), or goes with nobody sent (三个月过去了)."""
    start, end = m.span()
    kind = m.lastgroup
    if kind == "mark":
        # 你家门口 alone is a place; with 油漆 and a day (明天你家门上就不只是红油漆了) someone comes that day,
        # an undated 哪天你家门口被泼红油漆 is harassment, not a visit
        return g.marks.search(norm, *clause) is None or _DAY.search(norm, *clause) is None
    if kind == "wait":
        return False  # a serviceman's visit in the message is checked once, in extract()
    people = list(_WHO.finditer(norm, max(clause[0], start - _STAGE_WINDOW), start))
    if people and people[-1].group("reader"):  # the last person named goes
        return True
    # 安排同事过去了, 我们的人已经在路上了: a bare send word needs someone sent before it, or the reader's
    # own place named before it (你租的那个地方我们下午去过了)
    return kind == "sent" and not (
        _agents(norm, clause[0], start, g.agent) or _agents(norm, clause[0], start, g.crew)
        or _has_readers_place(norm, (clause[0], start), g)
    )


def _reader_goes(norm: str, start: int, clause: tuple[int, int], g: _Grammar) -> bool:
    """请前往营业厅, 您可前往: the reader is sent, unless a sender or agent speaks after the 请."""
    lo = max(clause[0], start - _STAGE_WINDOW)
    last_reader = None
    for m in g.reader.finditer(norm, lo, start):
        # 我本人 is the sender in person, not 本人 (the borrower) being sent
        if not (m.group() == "本人" and norm[m.start() - 1 : m.start()] == "我"):
            last_reader = m
    if last_reader is None:
        return False
    return not _agents(norm, last_reader.end(), start, g.sender)


def _agents(norm: str, lo: int, hi: int, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Agent (or sender) words in [lo, hi); 你的同事 is the reader's colleague, not an agent."""
    return [
        a
        for a in pattern.finditer(norm, lo, hi)
        if not norm[max(0, a.start() - 2) : a.start()].endswith(("你", "您", "你的", "您的"))
    ]


def _has_agent(norm: str, clause: tuple[int, int], g: _Grammar) -> bool:
    return bool(_agents(norm, *clause, g.agent))


def _has_readers_place(norm: str, clause: tuple[int, int], g: _Grammar) -> bool:
    """A place of the reader's in the clause: 户籍地 always, 学校 or 单位 only after 你/您/其.

    People (家人, 亲戚) are not places here: "带您的家人前来" is an invitation.
    """
    for t in g.target.finditer(norm, *clause):
        if t.group() not in g.place_target:
            continue
        if t.group() not in g.ambiguous or _owned(norm, t.start(), t.group(), clause, g):
            return True
    return False


def _owned(norm: str, pos: int, place: str, clause: tuple[int, int], g: _Grammar) -> bool:
    """你单位, 您所在的公司, 你孩子就读的学校; a bare 学校 also when its sentence names the reader's child
    (你女儿在XX小学吧，…我们就去学校接她)."""
    if re.search(r"[你您其]", norm[max(clause[0], pos - 5) : pos]):
        return True
    # A message to the school or the employer itself (贵校老师…, 贵单位员工…): its bare 学校 or 单位 is the addressee's.
    addressed = _ADDRESSED_ORG.get(g.place_target[place])
    if addressed is not None and addressed.search(norm):
        return True
    if g.place_target[place] != "school":
        return False
    ends = [m.end() for m in _SENTENCE_END.finditer(norm, 0, clause[0])]
    return _READERS_CHILD.search(norm, ends[-1] if ends else 0, clause[1]) is not None


def _stage(norm: str, m: re.Match[str], clause: tuple[int, int], g: _Grammar) -> str | None:
    """planned | under_way | arrived from the words around the verb; None when the text does not say."""
    start, end = m.span()
    if g.stage_after.search(norm, end, clause[1]):
        return "under_way"
    lo = max(clause[0], start - _STAGE_WINDOW)
    # words inside an agent or place word are not stage words: the 会 of 村委会
    masked = [t.span() for t in g.target.finditer(norm, lo, start)]
    masked += [a.span() for a in g.agent.finditer(norm, lo, start)]
    last = None
    for s in g.stage.finditer(norm, lo, start):
        if not any(a <= s.start() < b for a, b in masked):
            last = s
    verb = m.group("gov") if m.lastgroup == "go" else m.group()
    departing = verb.startswith(g.departures)
    if verb in g.go_past:
        return "arrived"  # 去过你老家, 同事去过了
    if m.lastgroup == "present":
        return "planned" if last is not None and last.lastgroup == "planned" else "arrived"
    if last is None:
        return "under_way" if verb.startswith(("出发", "动身")) else None
    if last.lastgroup == "perfect":
        return "under_way" if departing else "arrived"
    if last.lastgroup == "arranged":
        # 已安排同事过去了: gone; 已安排外访人员于下周前往: planned
        return "under_way" if departing and norm.startswith("了", end) else "planned"
    return last.lastgroup


def _target(
    norm: str, m: re.Match[str], clause: tuple[int, int], sentence: tuple[int, int], g: _Grammar
) -> tuple[str, str | None]:
    place = m.group("place") or m.group("cplace") or m.group("committee")
    if place:
        return g.place_target[place], place
    if m.lastgroup == "present":
        spot = m.group("pplace")
        return (_PRESENT_PLACE[spot], spot) if spot else ("home", None)
    if m.group("homev") or m.group("wait") or m.group("mark"):
        return "home", None
    start, end = m.span()
    for lo, hi in (clause, sentence):
        best: tuple[int, str, str] | None = None
        for t in g.target.finditer(norm, lo, hi):
            if t.start() < end and t.end() > start:
                continue
            if t.start() >= end and _NEXT_ACTION.search(norm, end, t.start()):
                continue  # "上门拜访并通知您的家人": the family is told, not visited
            distance = start - t.end() if t.end() <= start else t.start() - end
            if best is None or distance < best[0]:
                best = (distance, t.lastgroup or "unspecified", t.group())
        if best is not None:
            return best[1], best[2]
    # 上门/登门 literally means "to your door": with no other place named, that is the home.
    if m.lastgroup == "door":
        return "home", None
    return "unspecified", None


def _with_authority(norm: str, clause: tuple[int, int], sentence: tuple[int, int]) -> bool:
    if _AUTHORITY.search(norm, *clause):
        return True
    return bool(_AUTHORITY.search(norm, *sentence) and _JOINT.search(norm, *sentence))


def _negated(norm: str, start: int, clause_start: int) -> bool:
    if start > 0 and norm[start - 1] == "不":
        return True
    lo = max(clause_start, start - _NEG_WINDOW)
    window = norm[lo:start]
    last = None
    for n in _NEG.finditer(window):
        last = n
    if last is None:
        return False
    return _NEG_RESET.search(window, last.end()) is None
