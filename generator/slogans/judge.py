"""Which candidates are formulations: named reject rules first, then the evidence a formulation needs.

Most quoted phrases in a speech are not formulations (FIELD_NOTES §3): targets (“10件实事”), questions
(“钱从哪里来”), scare-quoted words (“瓶颈”), quoted sentences, dates (“2.09”). A quote survives the rejects
and still needs one piece of evidence: a numeral formula's shape, a parallel list's shape, a programme word
after it (“双联”行动, “工业强区”战略), a verb that launches it (实施“整村推进”), recurrence, or a known
national formulation. Unquoted numeral patterns are their own evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .candidates import ARABIC, HAN, NUMERALS, Candidate
from .lexicon import is_common_word, is_idiom, known

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
FORMULA = re.compile(rf"^[{NUMERALS}](?:[大个种项]?[{HAN}])|[{HAN}][{NUMERALS}](?:大|个)?[{HAN}]")
# Words after a quote that make it a named programme, strategy, requirement or idea.
HEAD_AFTER = re.compile(
    r"^(?:的?(?:战略|行动|活动|工程|工作|建设|发展|要求|总要求|理念|发展理念|精神|制度|机制|方针|方面|专项|模式|"
    r"目标|思想|重要思想|原则|总基调|基调|格局|改革|主题教育|教育|攻坚战|攻坚|战役|运动|试点|创建|品牌|体系|"
    r"布局|路径|思路|举措|措施|任务|标准|承诺|计划|差异化发展战略|示范))"
)
# The strongest of those: enough to make even a dictionary word in quotes a programme's name.
PROGRAMME_AFTER = re.compile(r"^(?:战略|行动|专项|工程|活动|建设|攻坚|改革|主题教育)")
# Verbs that launch or apply a formulation just before its quotes.
VERB_BEFORE = re.compile(
    r"(?:实施|开展|推进|推动|坚持|按照|围绕|落实|执行|树立|把握|确保|结合|贯彻|践行|深化|巩固|打造|创建|提出|"
    r"启动|做好|抓好|推行|实行|强化|突出|构建|依托|推广|紧盯|聚焦|克服|反对|纠治|整治|弘扬|发扬|牢记|守住|"
    r"完善|建立|健全|用好)$"
)
# Words before a quote that make it emphasis or irony, not a name: 不是“一锤子买卖”, 不搞“一刀切”.
NEGATED_BEFORE = re.compile(r"(?:不是|不搞|不当|不做|不要|不能|不得|防止|避免|切忌|谨防|莫当)$")
# A set phrase led by a lone 一 (一刀切, 一阵风, 一窝蜂): frequent in the dictionary, so an idiom, not a formula.
LONE_ONE = re.compile(rf"^一[^{NUMERALS}]+$")
# Heads that end a programme's own name inside the quotes: “头雁工程”, “枫桥经验”, “厕所革命”, “链长制”.
HEAD_INSIDE = re.compile(
    r"(?:工程|行动|战略|计划|革命|经验|模式|机制|体系|活动|专项|攻坚战|攻坚年|示范区|品牌|[^体机]制)$"
)
# Policy compounds: 工业强区, 旅游兴县, 科教兴市, 生态立省.
POLICY = re.compile(rf"^[{HAN}]{{2,4}}[强兴立富](?:县|区|市|省|州|镇|乡|村|国)$")


@dataclass(frozen=True, slots=True)
class Reject:
    name: str
    test: Callable[[str], bool]


def _is_sentence(term: str) -> bool:
    if re.search(r"[。！；：:;!]", term):
        return True
    if "，" in term or "," in term:
        halves = [h for h in re.split(r"[，,]", term) if h]
        # “三分招，七分落” is a motto; “计划指标必须实现，工作目标力争完成” is a quoted sentence.
        return len(halves) != 2 or max(map(len, halves)) > 5 or not re.search(f"[{NUMERALS}]", term)
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
    Reject("number", lambda t: bool(re.search(f"[{ARABIC}%.．]", t))),
    Reject("count", lambda t: bool(COUNT.match(t)) and not NAMED_COUNT.match(t)),
    Reject("target", lambda t: bool(TARGET.match(t))),
    Reject("all-numerals", lambda t: bool(re.fullmatch(f"[{NUMERALS}]+", t))),
    Reject("question", lambda t: bool(QUESTION.search(t)) or len(WHO.findall(t)) == 1),
    Reject("sentence", _is_sentence),
    Reject("long", lambda t: "、" not in t and len(t) > 10),
    Reject("bad-list", _is_bad_list),
    Reject("placeholder", lambda t: bool(re.search(r"[XＸ×]|……", t))),
)


@lru_cache(maxsize=65536)
def reject_reason(term: str) -> str | None:
    """The name of the first reject rule that applies: ``10件实事`` -> "number", ``瓶颈`` -> None (see evidence)."""
    for rule in REJECTS:
        if rule.test(term):
            return rule.name
    return None


def is_list(term: str) -> bool:
    return "、" in term or "，" in term


def is_formula(term: str) -> bool:
    """A numeral formula: 三农, 五化, 八个全覆盖, 两区同建, 打四黑 (a count such as 一把手 is not)."""
    return bool(FORMULA.search(term)) and not (is_common_word(term) and COUNT.match(term))


def evidence(c: Candidate, recurs: bool) -> list[str]:
    """The evidence that a candidate that survived the rejects is a formulation; empty means it is not."""
    term = c.key
    found: list[str] = []
    if not c.quoted:
        found.append(c.rule)  # the unquoted finders match formula shapes only
        if is_idiom(term):
            return []  # 一举两得, 一年一度: idioms that happen to fit a shape
        return found
    if known(term):
        found.append("known")
    elif NEGATED_BEFORE.search(c.before) and not is_list(term):
        return []  # 不是“一锤子买卖”: a word held at arm's length
    if is_list(term):
        found.append("parallel-list")
    elif is_common_word(term):
        # “瓶颈”, “落地”, “军令状”: a dictionary word in quotes is emphasis, unless it is a numeral formula
        # (“三农”, “两会”, “一票否决” are in the dictionary too) or named as a programme (“科教兴市”战略).
        if is_formula(term) and not (LONE_ONE.match(term) and is_idiom(term)):
            found.append("formula")
        if POLICY.match(term):
            found.append("policy")
        if PROGRAMME_AFTER.match(c.after):
            found.append("programme-after")
        return found
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
    if recurs:
        found.append("recurs")
    return found
