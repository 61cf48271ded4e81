"""Claims that someone will come in person: 上门, 外访, 走访, 实地核实, 到你家, 联系村委会...

Each claim is ``Element(type="visit", role="claim", value=target)`` with attrs:

- ``target``: home | workplace | hometown | village_committee | relatives | unspecified,
  from the place in the verb itself (到你家, 去你老家) or else the nearest place
  word in the same comma clause, then the same sentence (住址, 单位, 户籍地...);
  a bare 上门/登门 ("to your door") means home;
- ``target_word``: the words that set the target, or None;
- ``verb``: the matched words;
- ``with_authority``: police, a court or "judicial" staff are said to come along:
  such a word in the same clause, or in the same sentence joined by 联合/会同/陪同...;
- ``negated``: the text says there will be no visit (不会上门, 无需上门, 不得上门).

Service uses are not claims and are not extracted at all: 上门服务, 上门取件,
送货上门, "如需上门办理业务，请提前预约". Neither are visits that concern
someone else: a claim needs "you" (你/您) in its sentence or a debt word
(欠款, 逾期, 还款...) somewhere in the message, so news of officials 走访-ing
a hospital is not a threat. Negated threats are extracted with ``negated``
True, because "we will not visit" is still something the text says.

Example:
    >>> from dunguard.extract.base import Doc, normalize
    >>> from zoneinfo import ZoneInfo
    >>> t = "我们的工作人员将于明天下午3点上门拜访。"
    >>> [(e.text, e.value, e.attrs["negated"]) for e in extract(Doc(t, normalize(t), None, ZoneInfo("UTC")))]
    [('上门拜访', 'home', False)]
"""

from __future__ import annotations

import re
from bisect import bisect_right

from dunguard.extract.base import Doc
from dunguard.model import Element

TARGETS = ("home", "workplace", "hometown", "village_committee", "relatives", "unspecified")

# 家 is a place only when not the start of another word (家人, 家具, 家属...).
_PLACE = (
    r"父母家|老家|家里|家中|家(?![人具属长乡庭务电用政族常])|住处|住所|住址|居住地|工作单位|单位|公司|"
    r"户籍所在地|户籍地|村里|村委会|村委|居委会|居委|社区"
)
# Places that need "you" before them: "刚到家" and "去家具城" are not about the reader's home.
_PRONOUN_PLACES = frozenset({"家", "家里", "家中", "住处", "住所"})
# Order matters where one verb contains another: 上门走访 before 走访, 走访你所在的村委会 before 走访.
VERB = re.compile(
    r"(?P<door>(?:上门|登门)(?:拜访|走访|催收|核实|调查|催缴|家访|处理|协商|面谈|取证|送达)?)"
    r"|(?P<field>实地(?:调查|核实|走访|考察|催收|拜访|取证))"
    r"|(?P<contact>(?:联系|通知|告知|走访|拜访)(?:你|您)?(?:的)?(?:所在)?(?:地)?(?:的)?"
    r"(?P<cplace>村委会|村委|居委会|居委|社区|街道办|街道))"
    r"|(?P<outv>外访(?:催收|调查|核实)?)"
    r"|(?P<walk>走访)"
    r"|(?P<homev>家访)"
    r"|(?P<go>(?:到|去|来|前往|赶赴|赴)(?P<pron>你们|您们|你|您|其)?(?:的)?(?:所在(?:的)?)?(?P<place>" + _PLACE + r"))"
    r"|(?P<committee>村委会|居委会)"
)

_PLACE_TARGET = {
    "父母家": "relatives",
    "老家": "hometown",
    "户籍所在地": "hometown",
    "户籍地": "hometown",
    "家里": "home",
    "家中": "home",
    "家": "home",
    "住处": "home",
    "住所": "home",
    "住址": "home",
    "居住地": "home",
    "工作单位": "workplace",
    "单位": "workplace",
    "公司": "workplace",
    "村里": "village_committee",
    "村委会": "village_committee",
    "村委": "village_committee",
    "居委会": "village_committee",
    "居委": "village_committee",
    "社区": "village_committee",
    "街道办": "village_committee",
    "街道": "village_committee",
}

# Place words that say where a generic verb (上门, 外访, 实地核实) would go.
# 家 only after a pronoun (大家, 国家, 商家 are not homes); 公司 not after 我/本/该 (that is the sender).
TARGET_WORD = re.compile(
    r"(?P<relatives>父母家|父母|亲属|亲戚|家人|家属|紧急联系人)"
    r"|(?P<hometown>户籍所在地|户籍地|户口所在地|老家|籍贯地|籍贯)"
    r"|(?P<village_committee>村委会|村委|居委会|居委|村里|社区|街道办)"
    r"|(?P<workplace>工作单位|单位|(?<![我本该贵限])公司|工作地点|工作地)"
    r"|(?P<home>家庭住址|家庭地址|居住地址|现住址|住址|住所|住处|居住地|家里|家中|(?<=[你您其])家)"
)

# Between a visit verb and a later place word, these start another action.
_NEXT_ACTION = re.compile(r"并|和|再|还要|还会|通知|联系|告诉|告知|打电话|发短信")

# Generic words of a visit plan; "到公司"/"到单位" without 你/您 need one, so
# "请到公司办理" is not read as a threat.
_CUE = re.compile(
    r"人员|专员|我们|我司|我方|外访|派|安排|前往|核实|调查|走访|拜访|催收|上门|亲自|即将|近期|近日|"
    r"明天|明日|今天|今日|后天|将"
)
_NEG = re.compile(
    r"不会|不用|无需|无须|不需要|不需|不必|不再|没有|暂不|不予|并非|不是|绝不|从不|不得|禁止|严禁|不要|未"
)
# After a negation, these start a new statement ("若未还款将上门" is a threat, not a denial).
_NEG_RESET = re.compile(r"将|就|则|便|会|否则|要|立即|马上|必|须")
_NEG_WINDOW = 8

_SERVICE_AFTER_DOOR = re.compile(
    r"服务|取件|取货|揽收|收件|安装|维修|回收|送货|办理|推销|体检|理赔|测量|保养|护理|送餐|洗车|预约"
)
_SERVICE_BEFORE_DOOR = re.compile(r"(?:送|送货|送餐|配送|快递)$")
_SERVICE_AFTER_WALK = re.compile(r"慰问|调研")
_NOUN_AFTER_OUTV = re.compile(r"人员|组|部|员|团队|中心|专员")

_AUTHORITY = re.compile(r"公安|派出所|警察|民警|警方|法院|法官|法警|司法|执行局|检察院")
_JOINT = re.compile(r"联合|会同|协同|配合|带同|陪同|伴同|一起|一同|连同|带上|带着")

# A claim is about the reader when its sentence says "you", or the message is about a debt at all;
# "小伙伴们走访了几家医院" and "上门修电脑" in ordinary texts are neither.
_ADDRESSEE = re.compile(r"你|您|贵|阁下")
_DEBT = re.compile(
    r"欠款|欠费|欠债|逾期|借款|贷款|还款|应还|催收|催缴|追讨|债务|债权|账单|违约|案件|本金|利息|罚息|"
    r"分期|额度|征信|结清|清偿|协商|法务|外访|借呗|花呗|白条|信用卡"
)

# Short forwarded fragments ("今天下午三点上门", "已安排工作人员走访户籍地") name neither
# the reader nor the debt, but a plan, a deadline or a condition still makes them a threat.
_PLAN = re.compile(
    r"安排|工作人员|专员|外访|不处理|不还|否则|再不|就(?:上门|登门|走访)|即将|将于|"
    r"今天|今日|明天|明日|后天|户籍|村委"
)

# A visit offered as a service in an advert ("上门走访，为您提供更便捷的金融服务") is not a threat.
_ADVERT = re.compile(r"为您提供|欢迎(您|咨询|光临|来电)|了解一下|优惠|免费(咨询|上门)")

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，,：:。！？!?；;\n]")


def extract(doc: Doc) -> list[Element]:
    """Every in-person visit the message claims (or denies), with its target."""
    norm = doc.norm
    if not VERB.search(norm):
        return []
    about_debt = _DEBT.search(norm) is not None
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(norm)]
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(norm)]
    out: list[Element] = []
    for m in VERB.finditer(norm):
        start, end = m.span()
        clause = _bounds(clause_ends, start, len(norm))
        sentence = _bounds(sentence_ends, start, len(norm))
        if _is_not_a_claim(norm, m, clause) or _ADVERT.search(norm, *sentence):
            continue
        target, target_word = _target(norm, m, clause, sentence)
        if (
            not about_debt
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
                    "verb": doc.text[start:end],
                    "with_authority": _with_authority(norm, clause, sentence),
                    "negated": _negated(norm, start, clause[0]),
                },
            )
        )
    return out


def _collection_shaped(m: re.Match[str], target: str) -> bool:
    """上门/外访/实地核实, or a visit to someone's hometown or family: the shapes collectors use."""
    return m.lastgroup in ("door", "field", "outv", "homev") or target in ("hometown", "relatives")


def _bounds(ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """The [start, end) of the clause or sentence holding ``pos``."""
    i = bisect_right(ends, pos)
    start = ends[i - 1] + 1 if i > 0 else 0
    end = ends[i] if i < len(ends) else length
    return start, end


def _is_not_a_claim(norm: str, m: re.Match[str], clause: tuple[int, int]) -> bool:
    start, end = m.span()
    kind = m.lastgroup  # the outer group of the branch: it closes last
    if kind == "door":
        if _SERVICE_AFTER_DOOR.match(norm, end) or _SERVICE_BEFORE_DOOR.search(norm, max(0, start - 4), start):
            return True
    elif kind == "walk":
        return _SERVICE_AFTER_WALK.match(norm, end) is not None
    elif kind == "outv":
        return m.end() - m.start() == 2 and _NOUN_AFTER_OUTV.match(norm, end) is not None
    elif kind == "go":
        if m.group("pron"):
            return False
        if m.group("place") in _PRONOUN_PLACES:
            return True
        rest = norm[clause[0] : start] + norm[end : clause[1]]
        return _CUE.search(rest) is None
    elif kind == "committee":
        rest = norm[clause[0] : start] + norm[end : clause[1]]
        return _CUE.search(rest) is None
    return False


def _target(norm: str, m: re.Match[str], clause: tuple[int, int], sentence: tuple[int, int]) -> tuple[str, str | None]:
    place = m.group("place") or m.group("cplace") or m.group("committee")
    if place:
        return _PLACE_TARGET[place], place
    if m.group("homev"):
        return "home", None
    start, end = m.span()
    for lo, hi in (clause, sentence):
        best: tuple[int, str, str] | None = None
        for t in TARGET_WORD.finditer(norm, lo, hi):
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
    if m.group().startswith(("上门", "登门")):
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
