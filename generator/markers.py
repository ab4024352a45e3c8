"""Outline marker families as data: what each looks like, where it may stand, how its numeral reads;
and where the text a marker opens stops (``scan_end``), which headings and run-in leads share.

A family is recognised at one position of a paragraph (``match_marker``); which level it gets is decided
later, by how the document nests the families (see ``outline.py``), never by this table's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .records import Mark

# Chinese numerals as they appear in markers; 〇/零/两 occur in long lists and counts.
CN = "〇零一二两三四五六七八九十百"
_CN_OUT = "零一二三四五六七八九"
_CN_DIGIT = {c: i for i, c in enumerate(_CN_OUT)}  # cn_number's pattern admits 一 to 九 only (两: count_number)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGIT = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_DOT_DIGIT = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_PAREN_IDEO = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"  # （一）… as one character, in GBK-era pages
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


_CN_NUMBER = re.compile(r"([一二三四五六七八九])?(十)?([一二三四五六七八九])?")


def cn_number(s: str) -> int | None:
    """Read a marker numeral strictly: 十一 -> 11, 二十 -> 20, 二三 -> None (not a numeral)."""
    m = _CN_NUMBER.fullmatch(s)
    if not s or not m or (m.group(1) and m.group(3) and not m.group(2)):
        return None
    if m.group(2):
        return (_CN_DIGIT[m.group(1)] if m.group(1) else 1) * 10 + (_CN_DIGIT[m.group(3)] if m.group(3) else 0)
    return _CN_DIGIT[m.group(1) or m.group(3)]


def count_number(s: str) -> int | None:
    """Read a count as announced in prose, where 两 is two: 两 -> 2, 八 -> 8, 十二 -> 12."""
    return cn_number(s.replace("两", "二").replace("兩", "二"))


def cn_numeral(n: int) -> str:
    """Write a number as a marker numeral: 11 -> 十一, 20 -> 二十, 3 -> 三."""
    if n < 10:
        return _CN_OUT[n]
    if n < 20:
        return "十" + (_CN_OUT[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_OUT[n // 10] + "十" + (_CN_OUT[n % 10] if n % 10 else "")
    return str(n)


@lru_cache(maxsize=4096)
def read_numeral(s: str) -> int | None:
    """Any marker numeral as a number: 三 -> 3, １２ -> 12, ③ -> 3, [三] -> 3 (a restored numeral)."""
    s = s.strip("[]")
    if not s:
        return None
    if s.translate(_FULLWIDTH_DIGITS).isascii() and s.translate(_FULLWIDTH_DIGITS).isdigit():
        return int(s.translate(_FULLWIDTH_DIGITS))
    for table in (_CIRCLED, _PAREN_DIGIT, _DOT_DIGIT, _PAREN_IDEO):
        if len(s) == 1 and s in table:
            return table.index(s) + 1
    return cn_number(s)


@dataclass(frozen=True, slots=True)
class Family:
    """One kind of outline marker. ``pattern`` matches at a position; its group ``num`` holds the numeral
    (empty when the source scrubbed it), group ``label`` the heading text when the marker is the text."""

    name: str
    pattern: re.Pattern[str]
    inline: bool = False  # may also run inside a paragraph as an enumeration (every family may open one)
    numbered: bool = True
    tag: str = "{}"  # how the marker reads in an anchor when the bare numeral is taken: "{}是" -> 一是
    arabic: bool = False  # the numeral is written in digits: anchors keep digits


_N = f"[{CN}]+"
_D = "[0-9０-９]{1,2}"
# 1.8亿元 / 3、5月份: a digit after the dot is a decimal or a range; a year after it ("5.2024年工作打算") is not.
_NOT_DIGIT = "(?:(?![0-9０-９.．])|(?=[12１２][0-9０-９]{3}年))"

# Ordered: the first family that matches at a position wins, so the specific come before the general.
FAMILIES: tuple[Family, ...] = (
    Family("di-part", re.compile(rf"第(?P<num>{_N})(?:部分|篇|章)[：:，,、.．\s]*"), tag="第{}部分"),
    Family("di-ju", re.compile(rf"第(?P<num>{_N})句话[：:，,]"), inline=True, tag="第{}句话"),
    # 第一点， 第一个问题： 第二个方面，  (第一次, 第一书记 are words, not markers)
    Family("di-dian", re.compile(rf"第(?P<num>{_N})(?:[点點]|[个個](?:问题|問題|方面|层面|層面|要求)|[条條项項])(?:[，、：,:]|\s+)"),
           inline=True, tag="第{}点"),
    Family("di", re.compile(rf"第(?P<num>{_N})(?:[，、：,:]|\s+)"), inline=True, tag="第{}"),
    Family("qi", re.compile(rf"其(?P<num>{_N})[，、：,:]"), inline=True, tag="其{}"),
    # 一、二期工程 / 一、二产业: a numeral right after the 、 means a range, not a heading.
    Family("cn-dun", re.compile(rf"(?P<num>{_N})(?:、|[.．](?![0-9０-９]))(?![{CN}]+[、期产產级級类類批号號等季线線月])")),
    Family("paren-cn", re.compile(rf"(?:[（(〔【](?P<num>[{CN}]*)[）)〕】]|(?P<num2>[{_PAREN_IDEO}]))"), inline=True,
           tag="（{}）"),
    Family("shi", re.compile(rf"(?P<num>[{CN}]*)是(?![否的啊])"), inline=True, tag="{}是"),
    Family("yao", re.compile(rf"(?P<num>{_N})要(?![求素点點务務害闻聞])"), inline=True, tag="{}要"),
    Family("paren-arabic", re.compile(rf"(?:[（(](?P<num>{_D})[）)]|(?P<num2>[{_PAREN_DIGIT}]))"),
           inline=True, tag="({})", arabic=True),
    Family("circled", re.compile(rf"(?P<num>[{_CIRCLED}])"), inline=True, tag="{}", arabic=True),
    Family("arabic-dot", re.compile(rf"(?:(?P<num>{_D})[.．]{_NOT_DIGIT}|(?P<num2>[{_DOT_DIGIT}]))"),
           inline=True, arabic=True),
    Family("arabic-dun", re.compile(rf"(?P<num>{_D})、{_NOT_DIGIT}"), inline=True, tag="{}、", arabic=True),
    # 1） 2）: a closing bracket only; 1)2)3) inside a sentence are caught as inline items at clause starts.
    Family("arabic-rparen", re.compile(rf"(?P<num>{_D})[）)]"), inline=True, tag="{}）", arabic=True),
    Family("cn-rparen", re.compile(rf"(?P<num>{_N})[）)]"), tag="{}）"),
    # “南工”方面：  a quoted topic opens a section; the marker is its own heading text.
    Family("topic", re.compile(r"(?P<label>[“「][^”」“「，。]{1,12}[”」]方面)[：:，,]"), numbered=False),
)
_FAMILY = {f.name: f for f in FAMILIES}
# 首先， stands for 第一， when the items after it go on from 第二 (首先，… ⏎ 第二，… ⏎ 第三，…).
_FIRSTLY = re.compile(r"(?:首先|首先是)[，,：:]")
# A standalone unnumbered heading line is a family too, though no pattern finds it.
PLAIN = Family("plain", re.compile(r"(?!)"), numbered=False)
# A standalone one-sentence head under a standalone topic line (``standalone.plain_lines``' second tier).
PLAIN_SUB = Family("plain-sub", re.compile(r"(?!)"), numbered=False)
# ——我们要学习…。 parallel paragraphs that are a speech's only structure (see ``standalone.dash_items``).
DASH = Family("dash", re.compile(r"[—－]{2,3}(?=[^—－\s])"), numbered=False)
# 结束语, 附件, 名词解释: a standalone line named for what it heads, always at the top level.
NAMED = Family("named", re.compile(r"(?!)"), numbered=False)


@dataclass(frozen=True, slots=True)
class MarkerMatch:
    """A marker found at ``start``: ``end`` is where the heading text begins."""

    family: Family
    start: int
    end: int
    num_start: int
    num_end: int
    number: int | None  # None when scrubbed or unnumbered
    label: str = ""  # heading text carried by the marker itself (topic family)

    @property
    def scrubbed(self) -> bool:
        return self.family.numbered and self.number is None


# The characters each family's pattern can start with: ``match_marker`` only tries the families that the
# character at the position can open (the first that matches still wins, in FAMILIES order).
_ARABIC = "0123456789０１２３４５６７８９"
_FIRST: dict[str, str] = {
    "di-part": "第", "di-ju": "第", "di-dian": "第", "di": "第", "qi": "其", "cn-dun": CN,
    "paren-cn": "（(〔【" + _PAREN_IDEO, "shi": CN + "是", "yao": CN, "paren-arabic": "（(" + _PAREN_DIGIT,
    "circled": _CIRCLED, "arabic-dot": _ARABIC + _DOT_DIGIT, "arabic-dun": _ARABIC, "arabic-rparen": _ARABIC,
    "cn-rparen": CN, "topic": "“「",
}


def _by_first(inline: bool) -> dict[str, tuple[tuple[Family, bool, bool], ...]]:
    """First character -> (family, has a ``num2`` group, is shi) for the families that may start with it."""
    out: dict[str, list[tuple[Family, bool, bool]]] = {}
    for fam in FAMILIES:
        if inline and not fam.inline:
            continue
        for c in _FIRST[fam.name]:
            out.setdefault(c, []).append((fam, "num2" in fam.pattern.groupindex, fam.name == "shi"))
    return {c: tuple(v) for c, v in out.items()}


_BLOCK_FIRST = _by_first(False)
_INLINE_FIRST = _by_first(True)
# Characters a marker (inline or not) can open with, as a regex set body (for scanning for candidates).
MARKER_FIRST = "".join(sorted(_BLOCK_FIRST))
INLINE_FIRST = "".join(sorted(_INLINE_FIRST))


def match_marker(text: str, pos: int = 0, *, inline: bool = False) -> MarkerMatch | None:
    """The marker starting at ``pos``: "（二）围绕…" -> paren-cn, number 2; "1.8亿元" -> None."""
    fams = (_INLINE_FIRST if inline else _BLOCK_FIRST).get(text[pos : pos + 1])
    if fams is None:
        return None
    for fam, has_num2, is_shi in fams:
        m = fam.pattern.match(text, pos)
        if not m:
            continue
        if is_shi and not inline and not m.group("num"):
            continue  # a paragraph opening with 是 is prose far more often than a scrubbed 三是
        group = "num2" if has_num2 and m.group("num2") else "num"
        if not fam.numbered:
            label = m.group("label")
            return MarkerMatch(fam, m.start(), m.end(), m.start(), m.start(), None, label)
        raw = m.group(group)
        number = read_numeral(raw) if raw else None
        if raw and number is None:
            continue  # 二三是 / 两是: not a marker numeral
        return MarkerMatch(fam, m.start(), m.end(), m.start(group), m.end(group), number)
    return None


def firstly(text: str, pos: int = 0) -> MarkerMatch | None:
    """首先， at ``pos`` read as item one of the 第一， family; the caller checks that 第二， follows."""
    m = _FIRSTLY.match(text, pos)
    if m is None:
        return None
    return MarkerMatch(_FAMILY["di"], m.start(), m.end(), m.start(), m.start(), 1)


def dash_marker(text: str, pos: int = 0) -> MarkerMatch | None:
    """The —— that opens a paragraph, as a marker without a numeral."""
    m = DASH.pattern.match(text, pos)
    return None if m is None else MarkerMatch(DASH, m.start(), m.end(), m.start(), m.start(), None)


def restored_marker(text: str, mm: MarkerMatch, number: int) -> str:
    """The marker with a scrubbed numeral shown as restored: "（）", 3 -> "（[三]）"."""
    return text[mm.start : mm.num_start] + f"[{numeral_text(mm.family, number)}]" + text[mm.num_end : mm.end]


def anchor_tag(family: Family, number: int) -> str:
    """The marker as an anchor part when the bare numeral is taken: shi, 1 -> 一是."""
    num = numeral_text(family, number)
    return _TAG_STRIP.sub("", family.tag.format(num)) or num


_TAG_STRIP = re.compile(r"[（）()、]")


def numeral_text(family: Family, number: int) -> str:
    """The numeral as an anchor part: cn families -> 三, arabic families -> 3."""
    return str(number) if family.arabic else cn_numeral(number)


# Where the text a marker opens stops: a sentence end, or ： when it comes first.
SENTENCE_END = "。！？；!?;"
COLON = "：:"
DAMAGE = ("garbled", "scrubbed")  # Mark kinds whose characters are debris, not punctuation or wording
HEADING_MAX = 60  # a heading line without a sentence end up to this long is all heading (002 has 40-char ones)
CLAUSE_BUDGET = 40  # an over-long first sentence is cut after as many whole clauses as fit in this
# A heading that shares its paragraph with its body is its whole first sentence, long as it may be (reports'
# one-sentence items run to a hundred characters); only a "sentence" longer than this lost its end to a glued body.
SENTENCE_MAX = 120


_OPEN_QUOTES = "“「『"
_CLOSE_QUOTES = "”」』"


@lru_cache(maxsize=32)
def _scan_re(stops: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(_OPEN_QUOTES + _CLOSE_QUOTES + stops) + "]")


def scan_end(text: str, start: int, stops: str, marks: tuple[Mark, ...] = ()) -> int | None:
    """The first stop character at or after ``start``, skipping those inside quotes and damaged spans."""
    depth = 0
    quote_open = -1
    for m in _scan_re(stops).finditer(text, start):
        i = m.start()
        c = text[i]
        if c in _OPEN_QUOTES:
            depth, quote_open = depth + 1, i
        elif c in _CLOSE_QUOTES and depth:
            depth -= 1
        elif c in stops:
            if depth and i - quote_open < 30:
                continue
            if marks and any(mk.start <= i < mk.end and mk.kind in DAMAGE for mk in marks):
                continue  # a ? inside GBK debris is not a question mark
            return i
    return None


def damage_flags(marks: tuple[Mark, ...], start: int, end: int) -> list[str]:
    """["damaged"] when a damaged span overlaps ``start:end``."""
    # A heading is its first sentence: dropping the damaged part would change its meaning, so it stays, flagged.
    return ["damaged"] if any(m.kind in DAMAGE and m.start < end and m.end > start for m in marks) else []
