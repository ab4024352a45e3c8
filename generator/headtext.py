"""Where a heading's text ends in the paragraph it opens: its first sentence, or where a glued body begins.

A heading is its paragraph's first sentence, up to 。！？； or ： (whole, however long: reports' one-sentence
items run to a hundred characters). Scraping often loses the line break between a section heading and its body,
leaving no punctuation between them (一、关于前一段疫情防控工作新冠肺炎疫情发生后，…). The heading then ends
where a heading can end (a policy noun: 工作, 问题, 意义, 成果 …) right before what opens a sentence of body (a
pronoun, a time, a preposition framing the clause, a subject and 是, a classical couplet).
"""

from __future__ import annotations

import logging
import re

from .markers import CLAUSE_BUDGET, COLON, HEADING_MAX, SENTENCE_END, SENTENCE_MAX, MarkerMatch, damage_flags, scan_end
from .records import Paragraph
from .search_index import Segmenter

# The last word of a heading: the nouns policy headings end with, and the objects their verbs take.
_ENDER = re.compile(
    r"(?:工作|问题|領導|领导|建设|建設|意义|意義|研究|成果|活力|的事|环境|環境|体系|體系|体制|體制|机制|機制|制度"
    r"|能力|作用|水平|质量|質量|安全|发展|發展|改革|开放|開放|精神|任务|任務|目标|目標|要求|保障|治理|格局|优势"
    r"|優勢|作风|作風|队伍|隊伍|战略|戰略|道路|理论|理論|思想|责任|責任|关系|關係|大局|形势|形勢|经验|經驗|成就"
    r"|方针|方針|政策|措施|部署|重点|重點|事业|事業|民生|生活|工程|行动|行動|攻坚战|攻堅戰|保卫战|保衛戰|底线|底線"
    r"|使命|初心|本领|本領|担当|擔當|落实|落實|信心|斗争|鬥爭|纪律|紀律|监督|監督|意识|意識|效能|动能|動能|布局|佈局)"
    r"(?![的之和与與及、等])"
)
# What opens a sentence of body: 我/我们/这, a time (今年以来, 疫情发生后，), a framing preposition (在…中，,
# 从…看), a discourse opener, a quote, a subject with 是 (考古学是一门…), a classical couplet (疾风知劲草，板荡识诚臣).
_STARTER = re.compile(
    r"(?:我们|我們|我国|我國|我在|我曾|我多次|我|这是|這是|这次|這次|这些|這些|这个|這個|这里|這裡|大家|同志们|同志們"
    r"|今年|去年|明年|当前|當前|目前|现在|現在|近年来|近年來|近期|最近|多年来|多年來|一年来|一年來|长期以来|長期以來"
    r"|实践证明|實踐證明|事实证明|事實證明|历史证明|歷史證明|总的看|總的看|总的来看|總的來看|应该看到|應該看到"
    r"|必须看到|必須看到|可以说|可以說|众所周知|眾所周知|大家知道|据统计|據統計|截至|截止|刚才|剛才"
    r"|[“「]"
    r"|(?:在|从|從|随着|隨著|自|经过|經過|通过|通過|面对|面對|对于|對於|根据|根據|按照|为了|為了)[^，。；：,]{1,20}[，,]"
    r"|[^，。；：,]{1,12}(?:以来|以來|之后|之後|后|後|之际|之際|期间|期間)[，,]"
    r"|[^，。；：、,是]{2,8}是(?![的否])"
    r"|(?P<a>[^，。；：,]{4,7})[，,](?P<b>[^，。；：,]{4,7})[，。,]"
    r")"
)
_CLAUSE_STOP = re.compile(r"[，。；：！？,;:!?]")
# A body glued on with no punctuation usually opens like this (a long first sentence is cut there, "glued").
BODY_OPENER = re.compile(
    r"(?:从(?:这次|今年|去年|目前|当前|全[县市区省国]|我[县市区省国])|從(?:這次|今年|去年|目前|當前)"
    r"|今年以来|今年以來|去年以来|去年以來|近年来|近年來|一年来|一年來|多年来|多年來|长期以来|長期以來"
    r"|当前，|當前，|目前，|据统计|據統計|刚才|剛才|最近，"
    r"|今年(?:要|将|將|我们|我們|，)|明年(?:要|将|將)|全年(?:共|要|完成|实现|實現)|截至|截止"
    r"|我们(?:要|将|坚持|始终)|我們(?:要|將|堅持|始終)|各(?:级|級|地|乡镇|鄉鎮|部门|部門|单位|單位)[^，。]{0,4}要)"
)
HEAD_MIN = 4  # a glued heading keeps at least this much


def body_opener(text: str, start: int, stop: int) -> int | None:
    """Where a glued body opens (``BODY_OPENER``) between ``start`` and ``stop``: not right after a comma, where
    the same words only go on with the sentence (…，我们始终…)."""
    for m in BODY_OPENER.finditer(text, start, stop):
        if text[m.start() - 1] not in "，,、；;":
            return m.start()
    return None


def glue_point(text: str, start: int) -> int | None:
    """Where a body glued to the heading starting at ``start`` begins, inside the first clause; None if none."""
    stop_m = _CLAUSE_STOP.search(text, start)
    stop = stop_m.start() if stop_m else len(text)
    found: list[tuple[int, int]] = []  # (cut, where the starter's match ends)
    for m in _ENDER.finditer(text, start + HEAD_MIN - 2, stop):
        cut = m.end()
        if cut - start < HEAD_MIN or stop - cut < 2:
            continue
        s = _STARTER.match(text, cut)
        if s is None or s.group("a") and not _couplet(s.group("a"), s.group("b"), cut - start):
            continue
        found.append((cut, s.end()))
    # Only between words (活力|改革开放|以来, not 改革|开放), and not where the next word is a heading's last word
    # too (高质量|发展|是: the noun goes on); the first such place (增强忧患意识|这个问题我反复强调), but of places
    # whose starters run to the same end (…发展|工作经济社会是, …工作|经济社会是) the last: the subject of 是,
    # the clause before 以来， is the shortest that fits.
    if not found:
        return None
    words = _words(text[start:stop], start)
    valid = [(cut, end) for cut, end in found if cut in words and not _ENDER.fullmatch(words[cut])]
    if not valid:
        return None
    first_end = valid[0][1]
    return [cut for cut, end in valid if end == first_end][-1]


def _couplet(a: str, b: str, head: int) -> bool:
    """Is ``a，b`` a classical couplet opening the body (疾风知劲草，板荡识诚臣)? Lines of five or seven characters,
    after a heading of some length: a short heading before two equal halves is a two-part heading itself
    (加快建设|现代化产业体系，新动能加速成长)."""
    return len(a) == len(b) and len(a) in (5, 7) and head >= COUPLET_HEAD


COUPLET_HEAD = 8
_SEGMENTER: list[Segmenter] = []  # made on first use: most texts never need it


def _words(clause: str, offset: int) -> dict[int, str]:
    """jieba's words in ``clause`` (placed at ``offset`` in its text), by where each starts, and "" at its end;
    runs of other characters (digits, Latin) are words of their own."""
    if not _SEGMENTER:
        seg = Segmenter()
        if seg.backend == "jieba":  # jieba announces its dictionary on stderr: not for a command's output
            import jieba

            jieba.setLogLevel(logging.WARNING)
        _SEGMENTER.append(seg)
    out, at = {}, offset
    for k, run in enumerate(_HAN_RUN.split(clause)):
        for word in _SEGMENTER[0].cut(run) if k % 2 else [run]:
            out[at] = word
            at += len(word)
    out[at] = ""
    return out


_HAN_RUN = re.compile("([\u4e00-\u9fd5]+)")


def split_heading(p: Paragraph, mm: MarkerMatch | None, section: bool = False) -> tuple[str, int, list[str]]:
    """Heading text, where the body begins, and flags: "一、总结。当前…" -> ("总结", 4, []). ``section``: the
    marker heads a section (一、, （一）), whose heading a lost line break may have glued to its body."""
    text = p.text
    start = mm.end if mm else 0
    while start < len(text) and text[start] in " \u3000":
        start += 1
    if mm is not None and mm.label:
        return mm.label, start, damage_flags(p.marks, mm.start, mm.end)
    end = scan_end(text, start, SENTENCE_END + COLON, p.marks)
    flags: list[str] = []
    gap = _space_gap(text, start, end)
    glued = glue_point(text, start) if section else None
    if gap is not None:  # "一、充分认识重要意义 春耕生产是…，…。": the line break became a space
        head_end, body = gap
        flags.append("glued")
    elif glued is not None:
        head_end, body = glued, glued
        flags.append("glued")
    elif end is None and len(text) - start <= HEADING_MAX:
        head_end, body = len(text), len(text)
    elif end is not None and end - start <= HEADING_MAX:
        head_end, body = end, end + 1
    else:
        seg_end = end if end is not None else len(text)
        opener = body_opener(text, start + 4, min(seg_end, start + HEADING_MAX))
        if opener is not None:
            head_end, body = opener, opener
            flags.append("glued")
        elif end is not None and end - start <= SENTENCE_MAX:
            head_end, body = end, end + 1
        else:
            head_end, body = _clause_cut(text, start, seg_end)
            flags.append("truncated")
    heading = text[start:head_end].rstrip("，,、 \u3000")
    while body < len(text) and text[body] in " \u3000":
        body += 1
    return heading, body, flags + damage_flags(p.marks, start, head_end)


_GAP = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+(?=[^\x00-\x7f])")
_COMMA = re.compile(r"[，,]")


def _space_gap(text: str, start: int, end: int | None) -> tuple[int, int] | None:
    """A space inside the first sentence, with a sentence of body after it (one with a clause break, or
    longer than a heading): the heading ends at the space. "一、坚持问题导向 补齐短板" stays whole."""
    if end is None:
        return None
    m = _GAP.search(text, start + 4, end)
    if m is None or (end - start <= HEADING_MAX and not _COMMA.search(text, m.end(), end)):
        return None
    return m.start(), m.end()


def _clause_cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut after the whole clauses that fit the budget (at least one); a clause too long is cut hard."""
    cut = None
    for i in range(start, end):
        if text[i] in "，,":
            if i - start > CLAUSE_BUDGET:
                cut = i if cut is None else cut  # the first clause is kept however long (up to HEADING_MAX)
                break
            cut = i
    if cut is None or cut - start > HEADING_MAX:
        hard = start + CLAUSE_BUDGET
        return hard, hard
    return cut, cut + 1
