"""Numbering checks: siblings count up from one, scrubbed numerals restored only when neighbours prove them,
and counts announced in the text (讲四个方面的问题) held against the lists that follow.

Each problem says what is wrong twice: in English for ``check`` (``message``), in Chinese for the page a reader
sees (``reader``), which links it to the heading or paragraph it is about. Anchors are made after the numbering is
settled (a restored numeral is part of its anchor), so a problem comes with its ``Place`` and gets its anchor then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .markers import cn_numeral, count_number, restored_marker
from .records import Paragraph, Problem, RunIn, Speech

if TYPE_CHECKING:  # pragma: no cover
    from .outline import Cand
    from .runins import Sections

# "讲四个方面的问题。" "要重点抓好八个方面：" "讲了六個方面的問題:" — a count, what is counted, then ： or 。
ANNOUNCE = re.compile(
    r"(?P<n>[一二两兩三四五六七八九十][一二两兩三四五六七八九十]{0,2})(?:个|個|点|點|条|條|项|項|件)?"
    r"(?P<what>方面|问题|問題|意见|意見|重点|重點|任务|任務|措施|要求)"
    r"(?:的(?:问题|問題|工作|意见|意見|要求|措施|任务|任務))?(?P<end>[：:。])"
)


@dataclass(slots=True)
class RunList:
    """One inline enumeration: where it starts (section, paragraph, offset) and its items."""

    section: int
    para: int
    start: int
    items: list[RunIn] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Place:
    """What a problem is about: a block heading (its index among the candidates), or a paragraph of a section (a
    run-in's problem is about the paragraph that holds it: the page anchors blocks)."""

    head: int | None = None
    section: int | None = None
    para: int | None = None


Found = tuple[Problem, Place]

_RESTORED_HINT = "the source site removed this numeral; check it against the original"
_RESTORED_READER = "原文此处的序号缺失，按前后编号补作「{marker}」（方括号内为补出的数字），请与原文核对"


def _problem(speech: Speech, line: int, message: str, reader: str, excerpt: str, hint: str) -> Problem:
    return Problem(source=speech.meta.source, message=message, line=line, hint=hint, excerpt=excerpt[:60],
                   reader=reader)


class _Siblings:
    """The headings numbered in one sequence (same parent, level and family), grouped once for all questions."""

    def __init__(self, cands: list[Cand]) -> None:
        self.groups: dict[tuple[int | None, int, str], list[Cand]] = {}
        self.place: dict[int, int] = {}  # id(cand) -> its position in its group
        for c in cands:
            group = self.groups.setdefault((c.parent, c.level, c.family.name), [])
            self.place[id(c)] = len(group)
            group.append(c)

    def of(self, c: Cand) -> tuple[list[Cand], int]:
        """``c``'s sequence, ``c`` included, and where ``c`` stands in it."""
        return self.groups[(c.parent, c.level, c.family.name)], self.place[id(c)]


def restore_block_numerals(speech: Speech, cands: list[Cand]) -> list[Found]:
    """Give a scrubbed （） the numeral its siblings prove: （二）（）（四） -> （[三]）, flagged, with a warning."""
    problems: list[Found] = []
    siblings = _Siblings(cands)
    for h, c in enumerate(cands):
        if c.mm is None or not c.mm.scrubbed:
            continue
        sibs, k = siblings.of(c)
        prev = sibs[k - 1].number if k else None
        nxt = sibs[k + 1].number if k + 1 < len(sibs) else None
        p = speech.paragraphs[c.index]
        if prev is not None and (nxt is None or nxt == prev + 2):
            n: int | None = prev + 1
        elif prev is None and nxt == 2:
            n = 1
        else:
            n = None
        if n is None:
            problems.append((_problem(
                speech, p.line, f"numeral scrubbed from {c.marker} and its neighbours do not prove it",
                f"原文此处的序号缺失（「{c.marker}」），前后的编号不足以确定它，请对照原文补上", p.text,
                "restore the numeral in the seed"), Place(head=h)))
            continue
        c.number, c.marker = n, restored_marker(p.text, c.mm, n)
        c.flags.append("restored-numeral")
        around = " and ".join(s.marker for s in sibs[max(k - 1, 0) : k + 2] if s is not c)
        problems.append((_problem(speech, p.line, f"scrubbed numeral restored as {c.marker} from {around}",
                                  _RESTORED_READER.format(marker=c.marker), p.text, _RESTORED_HINT), Place(head=h)))
    return problems


def restore_inline_numeral(speech: Speech, p: Paragraph, last: str, n: int, place: Place) -> Found:
    """The warning for a bare 是 read as the next item of the list before it: 二是… 是… -> [三]是."""
    marker = f"[{cn_numeral(n)}]是"
    return _problem(speech, p.line, f"scrubbed numeral restored as {marker} after {last}",
                    _RESTORED_READER.format(marker=marker), p.text, _RESTORED_HINT), place


def check_numbering(speech: Speech, cands: list[Cand], sections: Sections, lists: list[RunList],
                    sections_heads: frozenset[str]) -> list[Found]:
    """Warnings for block numbering that jumps, repeats, restarts or misses the count the text announced.
    ``sections_heads``: the families that head sections; a list of another family (一是, 第一，) may start again
    under the same heading, introduced by its own lead sentence, and that is no fault."""
    problems: list[Found] = []
    last: dict[tuple[int | None, int, str], Cand] = {}
    for h, c in enumerate(cands):
        if c.number is None:
            continue
        key = (c.parent, c.level, c.family.name)
        prev = last.get(key)
        last[key] = c
        said = _jump(prev, c, c.family.name in sections_heads)
        if said:
            p = speech.paragraphs[c.index]
            problems.append((_problem(speech, p.line, *said, p.text, "check the seed for a missing or mistyped heading"),
                             Place(head=h)))
    return problems + _check_announced(speech, cands, sections, lists)


def _jump(prev: Cand | None, c: Cand, section: bool) -> tuple[str, str] | None:
    """What is wrong with numbering ``c`` after its sibling ``prev``, in English and in Chinese; None if nothing."""
    m, n = c.marker, c.number
    if prev is None:
        return (f"numbering starts at {m}", f"编号从「{m}」开始，前面缺少第一项") if n != 1 else None
    if prev.number is None or n is None:
        return None
    p = prev.marker
    if n == prev.number:
        return f"numbering repeats {m}", f"编号「{m}」重复出现"
    if n == 1:
        if not section:
            return None
        return (f"numbering restarts at {m} after {p} without a new parent heading",
                f"编号在「{p}」之后又从「{m}」开始，中间没有新的上一级标题")
    if n < prev.number:
        return f"numbering goes back from {p} to {m}", f"编号从「{p}」倒退到「{m}」"
    if n > prev.number + 1:
        missing = n - prev.number - 1
        return f"numbering jumps from {p} to {m}", f"编号从「{p}」跳到「{m}」，中间少了{_count(missing)}项"
    return None


def _check_announced(speech: Speech, cands: list[Cand], sections: Sections, lists: list[RunList]) -> list[Found]:
    """Hold 讲四个方面的问题 against the list that starts right after it (inline, or the next headings)."""
    problems: list[Found] = []
    siblings = _Siblings(cands)
    starts: dict[tuple[int, int], list[RunList]] = {}
    for rl in lists:
        starts.setdefault((rl.section, rl.para), []).append(rl)
    for s, (_, paras) in enumerate(sections):
        for j, p in enumerate(paras):
            for m in ANNOUNCE.finditer(p.text):
                want = count_number(m.group("n"))
                got, what = _following(m.end(), s, j, p, sections, siblings, starts)
                if want is None or got is None or got == want:
                    continue
                said = m.group(0)[:-1]
                problems.append((_problem(
                    speech, p.line, f"announces {said} but {got} follow{'s' if got == 1 else ''}: {what}",
                    f"文中说“{said}”，后面{'只' if got < want else '却'}列了{_count(got)}项：{what}",
                    p.text[max(m.start() - 10, 0) : m.end() + 10], "check for a missing, merged or extra item"),
                    Place(section=s, para=j)))
    return problems


def _following(end: int, s: int, j: int, p: Paragraph, sections: Sections, siblings: _Siblings,
               starts: dict[tuple[int, int], list[RunList]]) -> tuple[int | None, str]:
    """How many items the list right after an announcement has, and their markers; None when no list follows."""
    for rl in starts.get((s, j), ()):
        if end <= rl.start <= end + 2:
            return len(rl.items), _markers(p.text[r.start : r.marker_end] for r in rl.items)
    tail = p.text[end:].strip()
    if tail or len(sections[s][1]) - j > 2 or s + 1 >= len(sections):
        return None, ""
    first = sections[s + 1][0]
    if first is None or first.number != 1:
        return None, ""
    sibs, _ = siblings.of(first)
    return len(sibs), _markers(o.marker for o in sibs)


def _count(n: int) -> str:
    """A count as prose says it: 2 -> 两, 3 -> 三."""
    return "两" if n == 2 else cn_numeral(n)


def _markers(markers: Iterable[str], most: int = 12) -> str:
    """The markers of a list, as a message shows them: the first dozen, then "…"."""
    shown = list(islice(markers, most + 1))
    return " ".join(shown[:most]) + (" …" if len(shown) > most else "")
