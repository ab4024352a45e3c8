"""Unnumbered headings: paragraphs that are a heading by standing alone, with no marker to say so.

Three kinds, each a habit of reports:
- named sections: a closing 结束语 (结语), and an appendix after the report proper (附件, 附录). They head the
  top level whatever numbered sections came before; an appendix's own 一、…十、 nest under it.
- notes: from a 注释 (名词解释, 参考文献) line on, and paragraphs opening with a circled numeral the text cites
  (理念①，): notes and definitions are apparatus, not the speech's outline; the line that opens them is none either.
- plain lines: short, no sentence end, between paragraphs of body (older reports' section titles); two or more.
- dash paragraphs: ——我们要学习陈云同志的崇高精神风范。… In commemorative speeches parallel —— paragraphs are
  the whole outline. Where a text has numbered headings, —— paragraphs are lists inside its sections (a work
  report's achievements: ——经济保持恢复发展。…), not headings.
"""

from __future__ import annotations

import re

from .markers import SENTENCE_END, SENTENCE_MAX, dash_marker, scan_end
from .records import Paragraph

# A named section: the line is the name alone, or 附件 with its number and title (附件1：2026年民生实事项目).
_NAMED = re.compile(
    r"(?:结束语|結束語|结语|結語"
    r"|(?:附件|附录|附錄)[0-9０-９一二三四五六七八九十]*(?:[：:\s\u3000]+[^。；！？]{1,30})?)[：:]?")
_BRACKETS = "【】[] \u3000"
# After these, numbered paragraphs are notes or definitions, not headings.
_NOTE_HEADER = re.compile(r"(?:注释|注釋|注|参考文献|參考文獻|尾注|名词解释|名詞解釋|附注|附註)[：:]?")
_CIRCLED_REF = re.compile("[①-⑳]")
_NO_REF_BEFORE = "。！？；!?;：:，, \u3000"

# Lines that stand alone but head nothing: salutations, thanks, datelines, a bracketed note, a title's tail.
_PLAIN_SKIP = re.compile(r"^(?:同志们|同志們|各位|谢谢|謝謝|[（(].*[）)]$)|(?:讲话|講話|报告|報告)$"
                         r"|^\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?$|[0-9０-９]{4}年[0-9０-９]{1,2}月[0-9０-９]{1,2}日")
# A standalone heading line: no sentence end, no colon; clauses joined by ， or a space ("凝心聚力抓发展，实力迈上新台阶").
_PLAIN_LINE = re.compile(r"[^，。；！？：,;!?:…、\s]{2,}(?:[，\s\u3000]+[^，。；！？：,;!?:…、\s]{4,}){0,2}")
PLAIN_MIN, PLAIN_MAX = 4, 30


def named_section(text: str) -> bool:
    """Is this paragraph a named section line: 结束语, 附件1：…, 【名词解释】?"""
    return _NAMED.fullmatch(text.strip(_BRACKETS)) is not None


def is_note_header(text: str) -> bool:
    """Does this paragraph open the notes (注释：, 名词解释, 参考文献)?"""
    return _NOTE_HEADER.fullmatch(text.strip(_BRACKETS)) is not None


def notes(paras: tuple[Paragraph, ...]) -> set[int]:
    """Indices of the note paragraphs: after a notes header, or opening with a circled numeral the text cites."""
    refs: set[str] = set()
    for p in paras:
        for m in _CIRCLED_REF.finditer(p.text):
            if m.start() > 0 and p.text[m.start() - 1] not in _NO_REF_BEFORE:
                refs.add(m.group())
    out = {i for i, p in enumerate(paras) if p.text.lstrip()[:1] in refs}
    return out | notes_after_header(paras)


def notes_after_header(paras: tuple[Paragraph, ...]) -> set[int]:
    """Indices of the paragraphs after a notes header (the header itself not among them)."""
    start = next((i for i, p in enumerate(paras) if is_note_header(p.text)), None)
    return set() if start is None else set(range(start + 1, len(paras)))


def plain_lines(paras: tuple[Paragraph, ...], numbered: dict[int, int | None], skip: set[int]) -> list[tuple[int, int]]:
    """Standalone unnumbered heading lines, as (index, tier): short, no sentence end, after a sentence end or a
    heading, before a sentence of body or the first heading of a list it opens ("聚焦重点任务 提升管理水平" ⏎
    "（一）…"); two or more, since one such line alone is as likely a stray fragment.

    Tier 2 for one-sentence heads under topic lines: where a text's first standalone line is a topic (a phrase
    with no comma, 国际形势和我国对外工作) and at least as many are sentences (这几年取得的巨大成就，是…的结果),
    the sentences head the parts within the topics' sections."""
    found = []
    for i in range(1, len(paras) - 1):
        t = paras[i].text.strip()
        if i in numbered or i in skip or not _plain_shape(t):
            continue
        prev, nxt = paras[i - 1].text.rstrip(), paras[i + 1].text.rstrip()
        opens_list = numbered.get(i + 1, 0) == 1
        body = i + 1 not in numbered and (len(nxt) >= 30 or nxt[-1:] in "。！？!?")
        if (i - 1 in numbered or prev[-1:] in "。！？!?”") and (opens_list or body):
            found.append(i)
    if len(found) < 2:
        return []
    sentence = {i for i in found if _COMMA.search(paras[i].text)}
    tiered = found[0] not in sentence and len(sentence) >= len(found) - len(sentence)
    return [(i, 2 if tiered and i in sentence else 1) for i in found]


_COMMA = re.compile("[，,]")
PLAIN_SENTENCE_MAX = 45  # a one-sentence head of two or three clauses runs longer than a topic line


def _plain_shape(t: str) -> bool:
    """Does a line look like a standalone heading: a phrase, or a sentence of up to three clauses, no end?"""
    limit = PLAIN_SENTENCE_MAX if _COMMA.search(t) else PLAIN_MAX
    return PLAIN_MIN <= len(t) <= limit and _PLAIN_LINE.fullmatch(t) is not None and not _PLAIN_SKIP.search(t)


DASH_HEAD_MAX = SENTENCE_MAX  # a —— paragraph heads a section only when its first sentence is heading-sized


def dash_items(paras: tuple[Paragraph, ...], skip: set[int]) -> list[int]:
    """Indices of the —— paragraphs that make a speech's outline (call only when it has no numbered headings):
    two or more, each opening with a heading-sized sentence."""
    found = []
    for i, p in enumerate(paras):
        mm = dash_marker(p.text.lstrip(" \u3000"))
        if mm is None or i in skip:
            continue
        text = p.text.lstrip(" \u3000")
        end = scan_end(text, mm.end, SENTENCE_END, p.marks)
        if 4 <= (len(text) if end is None else end) - mm.end <= DASH_HEAD_MAX:
            found.append(i)
    return found if len(found) >= 2 else []
