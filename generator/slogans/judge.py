"""Which candidates are formulations: named reject rules first, then what a candidate needs to count.

Most quoted phrases in a local speech are not formulations (FIELD_NOTES §3): targets (“10件实事”), questions
(“钱从哪里来”), scare-quoted words (“瓶颈”), quoted sentences, dates (“2.09”). Named rules reject those by their
wording (``REJECTS``) or by what surrounds the quotes (``CONTEXT_REJECTS``: a quotation after 说：, a book's title
before 一书, a claim held up to criticism after 污蔑为, a name before 号 or 条约). What is left and quoted is a
formulation, unless it is an ordinary word of the dictionary (“瓶颈”, “金钥匙”: emphasis or a metaphor, which
counts only as a numeral formula or a programme's name) or an idiom. Unquoted candidates are numeral shapes and
known national formulations, each its own evidence, never an idiom.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .candidates import ARABIC, HAN, NUMERALS, Candidate
from .lexicon import is_common_word, is_frequent_idiom, is_idiom, is_ordinary
from .national import known

LIST_SEP = re.compile(r"[、，,]")
# A numeral followed by a measure word is a count (五个, 四件实事, 一把手), not a formula.
COUNT = re.compile(rf"^[{NUMERALS}]+(?:[个件项条次只把张本台位名批]|$)")
TARGET = re.compile(rf"^[{NUMERALS}]+[大件项个]?(?:民生)?(?:实事|好事)")
# A count that still names a formula: N个/条/项/种 + a noun of two or more characters (四个意识, 三条底线), or a
# numeral repeated later in the term (一项目一专班, 一件事一次办).
NAMED_COUNT = re.compile(rf"^[{NUMERALS}]+[个条项种][{HAN}]{{2,}}$|^[{NUMERALS}][{HAN}]+[{NUMERALS}]")
QUESTION = re.compile(r"怎么|怎样|什么|哪里|哪儿|哪些|为什么|为何|如何|多少|吗$|呢$|[？?]")
# 谁 asks (“谁来干”) unless it comes twice as a rule of responsibility (“谁主管、谁负责”, “谁污染谁治理”).
WHO = re.compile(r"谁")
# Inside a term only a small numeral counts: 百 and 千 there are mostly words (寻常百姓, 千方百计).
SMALL = "一二三四五六七八九十两双"
FORMULA = re.compile(rf"^[{NUMERALS}](?:[大个种项]?[{HAN}])|[{HAN}][{SMALL}](?:大|个)?[{HAN}]")
# Words after a quote that make it a named programme, strategy, requirement or idea.
HEAD_AFTER = re.compile(
    r"^(?:的?(?:战略|行动|活动|工程|工作|建设|发展|要求|总要求|理念|发展理念|精神|制度|机制|方针|方面|专项|模式|"
    r"目标|思想|重要思想|原则|总基调|基调|格局|改革|主题教育|教育|攻坚战|攻坚|战役|运动|试点|创建|品牌|体系|"
    r"布局|路径|思路|举措|措施|任务|标准|承诺|计划|差异化发展战略|示范))"
)
# Verbs that launch or apply a formulation just before its quotes.
VERB_BEFORE = re.compile(
    r"(?:实施|开展|推进|推动|坚持|按照|围绕|落实|执行|树立|把握|确保|结合|贯彻|践行|深化|巩固|打造|创建|提出|"
    r"启动|做好|抓好|推行|实行|强化|突出|构建|依托|推广|紧盯|聚焦|克服|反对|纠治|整治|弘扬|发扬|牢记|守住|"
    r"完善|建立|健全|用好|贯彻执行)$"
)
# Heads that end a programme's own name inside the quotes: “头雁工程”, “枫桥经验”, “厕所革命”, “链长制”.
HEAD_INSIDE = re.compile(
    r"(?:工程|行动|战略|计划|革命|经验|模式|机制|体系|活动|专项|攻坚战|攻坚年|示范区|品牌|[^体机]制)$"
)
# 所谓“按既定方针办”: a label held up to criticism is a formulation of its time.
SO_CALLED = re.compile(r"所谓的?$")
# The strongest of those: enough to make even a dictionary word in quotes a programme's name.
PROGRAMME_AFTER = re.compile(r"^(?:战略|行动|专项|工程|活动|建设|攻坚|改革|主题教育)")
# Words before a quote that make it emphasis or irony, not a name: 不是“一锤子买卖”, 不搞“一刀切”.
NEGATED_BEFORE = re.compile(r"(?:不是|不搞|不当|不做|不要|不能|不得|防止|避免|切忌|谨防|莫当)$")
# A set phrase led by a lone 一 (一刀切, 一阵风, 一窝蜂): frequent in the dictionary, so an idiom, not a formula.
LONE_ONE = re.compile(rf"^一[^{NUMERALS}]+$")
# Policy compounds: 工业强区, 旅游兴县, 科教兴市, 生态立省.
POLICY = re.compile(rf"^[{HAN}]{{2,4}}[强兴立富](?:县|区|市|省|州|镇|乡|村|国)$")
# A second clause opening with a connective continues a sentence (“搞好…，才有利于…”, “…，就是…之时”); the
# clauses of a motto stand side by side (“为了不出事，宁可不干事”).
CONNECTIVE = re.compile(r"^(?:才|就|便|也|还|则|但|而|却|又|因|所以|即|并|从而|因此|否则|那么)")
# A quantity written in Chinese numerals: 一点二倍, 百分之八十八点八, 二百二十二.
# (四千四万 is two formulas, not a quantity: in a quantity a digit after 百 or 千 counts a smaller unit.)
CN_QUANTITY = re.compile(
    rf"[{NUMERALS}零〇]点[{NUMERALS}零〇]|分之|[{NUMERALS}]倍$|^[有之][{NUMERALS}]|百[零〇]?[一二三四五六七八九]|千[零〇]?[一二三四五六七八九](?![万亿])"
)
# Two lines of seven characters are verse (“自信人生二百年，会当水击三千里”).
VERSE = re.compile(rf"^[{HAN}]{{7}}(?:[，,][{HAN}]{{7}})+$")
# The heads of a name: an organisation, a treaty, a unit, an award, a craft (“东南亚集体防务条约”).
NAME_INSIDE = re.compile(
    r"(?:条约|协定|公约|宪章|委员会|联合会|协会|学会|部队|兵团|军区|舰队|公司|集团|银行|大学|学院|研究院|研究所|医院|"
    r"基金会|出版社|杂志社|报社|奖章|勋章|称号|奖)$"
)
# An event named by its date: 五四运动, 一二·九运动, 五卅运动 (a campaign is named by what it does).
EVENT = re.compile(r"^[一二三四五六七八九十卅]{2,3}(?:·[一二三四五六七八九十]+)?(?:运动|事件|惨案|起义|事变)$")
# A long name ending in a document's word is a document's or a programme's title (“国家重点基础研究发展计划”).
TITLE_INSIDE = re.compile(r"^[^、，,]{6,}(?:计划|纲要|条例|办法|意见|决定|通知|报告|规划|方案|法)$")


@dataclass(frozen=True, slots=True)
class Reject:
    name: str
    test: Callable[[str], bool]


def _is_sentence(term: str) -> bool:
    if re.search(r"[。！；：:;!…]", term):
        return True
    if "，" in term or "," in term:
        clauses = [h for h in re.split(r"[，,]", term) if h]
        # “三分招，七分落”, “为了不出事，宁可不干事” are mottoes; “搞好宏观控制，才有利于搞活微观” is a sentence.
        return (not 2 <= len(clauses) <= 4 or max(map(len, clauses)) > 9 or sum(map(len, clauses)) > 24
                or any(CONNECTIVE.match(c) for c in clauses[1:]))
    return False


def _is_bad_list(term: str) -> bool:
    items = [x for x in re.split(r"、", term)]
    if len(items) < 2:
        return False
    lengths = [len(x) for x in items]
    # “山、水、田、林、路、住宅” lists things; a slogan's items are phrases of near-equal length, and short.
    return min(lengths) < 2 or max(lengths) - min(lengths) > 2 or sum(lengths) > 20 or len(items) > 6


REJECTS: tuple[Reject, ...] = (
    Reject("not-han", lambda t: not re.search(f"[{HAN}]", t) or len(re.findall(f"[{HAN}]", t)) < 2),
    Reject("number", lambda t: bool(re.search(f"[{ARABIC}%.．]", t) or CN_QUANTITY.search(t))),
    Reject("count", lambda t: bool(COUNT.match(t)) and not NAMED_COUNT.match(t)),
    Reject("target", lambda t: bool(TARGET.match(t))),
    Reject("all-numerals", lambda t: bool(re.fullmatch(f"[{NUMERALS}]+", t))),
    Reject("question", lambda t: bool(QUESTION.search(t)) or len(WHO.findall(t)) == 1),
    Reject("sentence", _is_sentence),
    Reject("long", lambda t: not re.search("[、，,]", t) and len(t) > 10),
    Reject("bad-list", _is_bad_list),
    Reject("verse", lambda t: bool(VERSE.match(t))),
    Reject("placeholder", lambda t: bool(re.search(r"[XＸ×]|……", t))),
    Reject("name", lambda t: bool(NAME_INSIDE.search(t)) or bool(TITLE_INSIDE.match(t))),
    Reject("event", lambda t: bool(EVENT.match(t))),
)


@dataclass(frozen=True, slots=True)
class ContextReject:
    """A rule on what surrounds a quote: ``before`` and ``after`` are the characters outside the quotes."""

    name: str
    test: Callable[[str, str, str], bool]


_SPEECH_VERB = re.compile(r"(?:[说讲道]|指出|强调|写道|认为|提出|要求|号召|批示|指示)[：:，,]?$")
_CALL_BEFORE = re.compile(r"(?:一声|高喊|高呼|喊道|大喊|喊出|呼喊)$")
_CLAIM_BEFORE = re.compile(r"(?:说什么|叫嚷|鼓吹|污蔑为|诬蔑为|污蔑成|诬蔑成|说成是|说成|咒骂|诬称|扬言|攻击)[^，。；]{0,8}$"
                           r"|(?:他们|对方|敌人|有人|有的人)所(?:说|称|讲)的$")
_VIEW_AFTER = re.compile(r"^的?(?:想法|看法|观点|论调|说法|谬论|谰言|邪说|态度|心理|错误观点|错误思想|错误论调)")
_TITLE_AFTER = re.compile(r"^(?:一书|一文|一诗|著作|书中|文中|这本书|这篇文章|这首诗|一节|一章|为题|为主题|为标题)")
_NAME_AFTER = re.compile(r"^(?:号(?!召)|系列|飞船|卫星|火箭|舰|奖(?![励惩])|勋章|称号|条约|协定|公约|集团|公司|银行|"
                         r"医院|出版社|杂志|丛书|栏目|节目|民宿|酒店|饭店)")

CONTEXT_REJECTS: tuple[ContextReject, ...] = (
    # 毛泽东同志说：“没有工业，便没有巩固的国防”: a quotation, not a formulation (short ones after 提出 stay).
    ContextReject("quotation", lambda t, b, a: bool(_SPEECH_VERB.search(b)) and (len(t) >= 8 or "，" in t)
                  and (b.endswith(("：", ":", "，", ",")) or len(t) >= 10)),
    ContextReject("call", lambda t, b, a: bool(_CALL_BEFORE.search(b))),
    ContextReject("claim", lambda t, b, a: bool(_CLAIM_BEFORE.search(b))),
    ContextReject("view", lambda t, b, a: bool(_VIEW_AFTER.match(a))),
    ContextReject("title", lambda t, b, a: bool(_TITLE_AFTER.match(a))),
    ContextReject("name", lambda t, b, a: bool(_NAME_AFTER.match(a))),
)


@lru_cache(maxsize=65536)
def reject_reason(term: str) -> str | None:
    """The name of the first reject rule that applies: ``10件实事`` -> "number", ``瓶颈`` -> None (see evidence)."""
    if known(term) is not None:
        return None  # a national formulation is one however it is worded (“十五”, 一平二调)
    for rule in REJECTS:
        if rule.test(term):
            return rule.name
    return None


def context_reject(c: Candidate) -> str | None:
    """The name of the first rule on a quote's surroundings that applies to ``c``, or None."""
    if not c.quoted or known(c.key) is not None:
        return None
    for rule in CONTEXT_REJECTS:
        if rule.test(c.key, c.before, c.after):
            return rule.name
    return None


def is_list(term: str) -> bool:
    return "、" in term or "，" in term


def is_formula(term: str) -> bool:
    """A numeral formula: 三农, 五化, 八个全覆盖, 两区同建, 打四黑 (a count such as 一把手 is not)."""
    return bool(FORMULA.search(term)) and not (is_common_word(term) and COUNT.match(term))


# What a context rule says of one use holds for the term: a phrase quoted as someone's view, claim or call
# somewhere (把浪费当作“小事情”的想法) is no formulation where it is quoted again without those words.
TERM_WIDE = frozenset({"quotation", "claim", "view", "call"})


def evidence(c: Candidate, recurs: bool) -> list[str]:
    """Why a candidate that survived the rejects is a formulation; empty means it is not."""
    term = c.key
    if known(term) is not None:
        return ["known"]
    if not c.quoted:
        if is_idiom(term):
            return []  # 一举两得, 一年一度: idioms that happen to fit a shape
        return [c.rule]  # the unquoted finders match formula shapes only
    if context_reject(c) is not None:
        return []
    if NEGATED_BEFORE.search(c.before) and not is_list(term):
        return []  # 不是“一锤子买卖”: a word held at arm's length
    if is_list(term):
        return [] if is_ordinary(term) else ["parallel-list"]  # 上有政策，下有对策: a saying
    found: list[str] = []
    if is_ordinary(term):
        # “瓶颈”, “落地”, “军令状”: a dictionary word in quotes is emphasis or a metaphor, unless it is a numeral
        # formula (“三农”, “两会”, “一票否决” are in the dictionary too) or named as a programme (“科教兴市”战略).
        # (Not 最后一公里, a metaphor of the list, nor 四两拨千斤, an idiom however it is shaped.)
        if is_formula(term) and is_common_word(term) and not is_frequent_idiom(term):
            found.append("formula")
        if POLICY.match(term):
            found.append("policy")
        if PROGRAMME_AFTER.match(c.after):
            found.append("programme-after")
        return found
    # A quote of a local speech is a formulation only with some evidence besides its quotes: a numeral shape, a
    # programme word after it or a launching verb before, a policy or programme shape, a run of quotes it stands
    # in, 所谓 before it, or its recurrence in the collection.
    if is_formula(term):
        found.append("formula")
    if HEAD_AFTER.match(c.after):
        found.append("head-after")
    if VERB_BEFORE.search(c.before):
        found.append("verb-before")
    if POLICY.match(term):
        found.append("policy")
    if len(term) >= 3 and HEAD_INSIDE.search(term):
        found.append("head-inside")
    if _series(term, c.series):
        found.append("series")
    if SO_CALLED.search(c.before):
        found.append("so-called")
    if recurs:
        found.append("recurs")
    return found


def _series(term: str, others: tuple[str, ...]) -> bool:
    """Whether a run of quotes marks its members as labels: three or more (“油路到县”、“送电到乡”、“广播电视到村”),
    or two built alike, sharing two characters at one end or their first and last (“带病下乡”和“带病回城”,
    “非农化”、“非粮化”); two unlike quotes (“工作线路图”和“时间进度表”) are not enough."""
    if len(others) >= 2:
        return True
    if not others:
        return False
    other = others[0]
    return (term[:2] == other[:2] or term[-2:] == other[-2:]
            or (len(term) > 2 and len(other) > 2 and term[0] == other[0] and term[-1] == other[-1]))
