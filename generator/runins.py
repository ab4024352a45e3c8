"""Inline enumerations (run-in lists): "…。一是甲。二是乙。" inside a paragraph, not headings of their own.

Two questions: does a paragraph that opens with a marker start or continue such a list (then it is no heading),
and which markers inside each section's paragraphs make up a list, with what lead phrase per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from .markers import (CLAUSE_BUDGET, COLON, HEADING_MAX, INLINE_FIRST, SENTENCE_END, Family, MarkerMatch, damage_flags,
                      match_marker, restored_marker, scan_end)
from .numbering import Found, Place, RunList, restore_inline_numeral
from .records import Heading, Paragraph, RunIn, Speech

if TYPE_CHECKING:  # pragma: no cover
    from .outline import Cand

RUNIN_WHOLE = 45  # an inline lead sentence up to this long is kept whole; longer ones keep their first clause
STRONG = SENTENCE_END + COLON  # after these an inline list may start; after ， it may only go on
WEAK = "，,"

Sections = list[tuple["Cand | None", list[Paragraph]]]  # the body paragraphs under each heading; None: before any
RunIns = dict[tuple[int, int], tuple[RunIn, ...]]  # (section, paragraph) -> its run-ins, in reading order


@lru_cache(maxsize=8)
def _clause_starts(stops: str) -> re.Pattern[str]:
    """A stop character followed by a character an inline marker can open with."""
    return re.compile(f"[{re.escape(stops)}](?=[{re.escape(INLINE_FIRST)}])")


def _lists_item(text: str, stops: str, start: int, family: Family, number: int) -> bool:
    """Does item ``number`` of ``family`` open a clause of ``text`` after one of ``stops`` at or after ``start``?"""
    for m in _clause_starts(stops).finditer(text, max(start, 0)):
        nxt = match_marker(text, m.end(), inline=True)
        if nxt and nxt.family is family and nxt.number == number:
            return True
    return False


def opens_inline_list(text: str, mm: MarkerMatch) -> bool:
    """Does the paragraph itself go on to the next item ("第一，…。第二，…")? Then it is a list, not a heading."""
    return mm.number is not None and _lists_item(text, STRONG + WEAK, mm.end, mm.family, mm.number + 1)


def continues_inline_list(prev: Paragraph | None, mm: MarkerMatch) -> bool:
    """Does the previous paragraph end an inline list this paragraph continues (…一是…二是… ⏎ 三是…)?"""
    if prev is None or mm.number is None or mm.number < 2:
        return False
    return _lists_item(prev.text, STRONG, 0, mm.family, mm.number - 1)


@dataclass(slots=True)
class _Item:
    para: int
    mm: MarkerMatch
    number: int
    restored: bool


@dataclass(slots=True)
class _Open:
    """An inline list still open while a section is read."""

    family: str
    last: int
    level: int
    runlist: RunList
    items: list[_Item] = field(default_factory=list)


def _hits(text: str) -> list[tuple[int, bool, MarkerMatch]]:
    """Inline markers at clause starts: (position, after a sentence end or colon, match)."""
    out = []
    mm = match_marker(text, 0, inline=True)
    if mm is not None:
        out.append((0, True, mm))
    for m in _clause_starts(STRONG + WEAK).finditer(text):
        i = m.end()
        mm = match_marker(text, i, inline=True)
        if mm is not None:
            out.append((i, text[i - 1] in STRONG, mm))
    return out


def find_runins(speech: Speech, sections: Sections, notes: set[Paragraph]) -> tuple[RunIns, list[RunList], list[Found]]:
    """Inline enumerations per paragraph: "…。一是甲。二是乙。" -> two RunIns one level below the section."""
    opened: list[_Open] = []
    problems: list[Found] = []
    for s, (head, paras) in enumerate(sections):
        base = head.level + 1 if head else 1
        # Endnotes enumerate nothing of the speech's own: no marker in them makes a run-in.
        hits = [(j, pos, strong, mm) for j, p in enumerate(paras) if p not in notes
                for pos, strong, mm in _hits(p.text)]
        stack: list[_Open] = []
        for h, (j, pos, strong, mm) in enumerate(hits):
            fam, n = mm.family.name, mm.number
            where = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == fam), None)
            restored = n is None
            if n is None:  # a bare 是: the next item only when its list proves it
                if where is None or not strong or not _proves(stack[where], hits, h + 1, fam):
                    continue
                n = stack[where].last + 1
                last = stack[where].items[-1]
                before = paras[last.para].text[last.mm.start : last.mm.end]
                problems.append(restore_inline_numeral(speech, paras[j], before, n, Place(section=s, para=j)))
            if where is not None and n == stack[where].last + 1:
                del stack[where + 1 :]
                cur = stack[where]
            elif n == 1 and strong and any(o[3].family is mm.family and o[3].number == 2 for o in hits[h + 1 :]):
                nested = bool(stack) and _announces_sublist(paras, stack[-1].items[-1], j, pos)
                level = stack[-1].level + 1 if nested else base
                if not nested:
                    stack = []
                cur = _Open(fam, 0, level, RunList(s, j, pos))
                stack.append(cur)
                opened.append(cur)
            else:
                continue
            cur.last = n
            cur.items.append(_Item(j, mm, n, restored))
    return _leads(sections, opened), [o.runlist for o in opened], problems


def _proves(op: _Open, hits: list[tuple[int, int, bool, MarkerMatch]], after: int, fam: str) -> bool:
    """Two items before it establish the list; or the next item of the list is numbered as if it were there."""
    if op.last >= 2:
        return True
    nxt = next((m for _, _, _, m in islice(hits, after, None) if m.family.name == fam), None)
    return nxt is not None and nxt.number == op.last + 2


def _announces_sublist(paras: list[Paragraph], item: _Item, j: int, pos: int) -> bool:
    """Does the open item's own lead end with ： right where this list starts (第二，…调整：一是…)?"""
    if item.para != j:
        return False
    text = paras[j].text
    end = scan_end(text, item.mm.end, STRONG)
    return end is not None and text[end] in COLON and end + 1 == pos


def _lead_end(p: Paragraph, start: int, stop: int) -> tuple[int, int]:
    """Where an item's lead ends: at the sentence end (or ：), and at the end of its first clause."""
    whole = scan_end(p.text, start, STRONG, p.marks)
    whole = min(whole if whole is not None else len(p.text), stop)
    clause = scan_end(p.text, start, STRONG + WEAK, p.marks)
    return whole, min(clause if clause is not None else whole, whole)


def _leads(sections: Sections, opened: list[_Open]) -> RunIns:
    """Each item's lead phrase; a list whose leads run long keeps every item's first clause (as 004 does)."""
    out: dict[tuple[int, int], list[RunIn]] = {}
    for op in opened:
        paras = sections[op.runlist.section][1]
        # An item's lead stops before the next item on its line (the character before its marker), else at the end.
        stops = [
            nxt.mm.start - 1 if nxt is not None and nxt.para == it.para else len(paras[it.para].text)
            for it, nxt in zip(op.items, [*op.items[1:], None])
        ]
        ends = [_lead_end(paras[it.para], it.mm.end, stop) for it, stop in zip(op.items, stops)]
        short = all(whole - it.mm.end <= RUNIN_WHOLE for it, (whole, _) in zip(op.items, ends))
        for it, (whole, clause) in zip(op.items, ends):
            p = paras[it.para]
            end = whole if short else clause
            flags: tuple[str, ...] = ("restored-numeral",) if it.restored else ()
            if end - it.mm.end > HEADING_MAX:
                end, flags = it.mm.end + CLAUSE_BUDGET, flags + ("truncated",)
            flags += tuple(damage_flags(p.marks, it.mm.end, end))
            marker = restored_marker(p.text, it.mm, it.number) if it.restored else p.text[it.mm.start : it.mm.end]
            heading = Heading(level=op.level, marker=marker.strip(), text=p.text[it.mm.end : end].rstrip("，,、 \u3000"),
                              line=p.line, inline=True, flags=flags, number=it.number)
            run = RunIn(start=it.mm.start, marker_end=it.mm.end, end=end, heading=heading)
            op.runlist.items.append(run)
            out.setdefault((op.runlist.section, it.para), []).append(run)
    return {k: tuple(sorted(v, key=lambda r: r.start)) for k, v in out.items()}
