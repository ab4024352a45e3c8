"""Numbering checks: siblings count up from one, scrubbed numerals restored only when neighbours prove them,
and counts announced in the text (讲四个方面的问题) held against the lists that follow."""

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


def _problem(speech: Speech, line: int, message: str, excerpt: str, hint: str) -> Problem:
    return Problem(source=speech.meta.source, message=message, line=line, hint=hint, excerpt=excerpt[:60])


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


def restore_block_numerals(speech: Speech, cands: list[Cand]) -> list[Problem]:
    """Give a scrubbed （） the numeral its siblings prove: （二）（）（四） -> （[三]）, flagged, with a warning."""
    problems = []
    siblings = _Siblings(cands)
    for c in cands:
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
            problems.append(_problem(speech, p.line, f"numeral scrubbed from {c.marker} and its neighbours do not "
                                     "prove it", p.text, "restore the numeral in the seed"))
            continue
        c.number, c.marker = n, restored_marker(p.text, c.mm, n)
        c.flags.append("restored-numeral")
        around = " and ".join(s.marker for s in sibs[max(k - 1, 0) : k + 2] if s is not c)
        problems.append(_problem(speech, p.line, f"scrubbed numeral restored as {c.marker} from {around}", p.text,
                                 "the source site removed this numeral; check it against the original"))
    return problems


def restore_inline_numeral(speech: Speech, line: int, text: str, last: str, n: int) -> Problem:
    """The warning for a bare 是 read as the next item of the list before it: 二是… 是… -> [三]是."""
    return _problem(speech, line, f"scrubbed numeral restored as [{cn_numeral(n)}]是 after {last}",
                    text, "the source site removed this numeral; check it against the original")


def check_numbering(speech: Speech, cands: list[Cand], sections: Sections, lists: list[RunList]) -> list[Problem]:
    """Warnings for block numbering that jumps, repeats, restarts or misses the count the text announced."""
    problems = []
    last: dict[tuple[int | None, int, str], Cand] = {}
    for c in cands:
        if c.number is None:
            continue
        key = (c.parent, c.level, c.family.name)
        prev = last.get(key)
        p = speech.paragraphs[c.index]
        msg = None
        if prev is None and c.number != 1:
            msg = f"numbering starts at {c.marker}"
        elif prev is not None and prev.number is not None:
            if c.number == prev.number:
                msg = f"numbering repeats {c.marker}"
            elif c.number == 1:
                msg = f"numbering restarts at {c.marker} after {prev.marker} without a new parent heading"
            elif c.number < prev.number:
                msg = f"numbering goes back from {prev.marker} to {c.marker}"
            elif c.number > prev.number + 1:
                msg = f"numbering jumps from {prev.marker} to {c.marker}"
        if msg:
            problems.append(_problem(speech, p.line, msg, p.text, "check the seed for a missing or mistyped heading"))
        last[key] = c
    return problems + _check_announced(speech, cands, sections, lists)


def _check_announced(speech: Speech, cands: list[Cand], sections: Sections, lists: list[RunList]) -> list[Problem]:
    """Hold 讲四个方面的问题 against the list that starts right after it (inline, or the next headings)."""
    problems = []
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
                problems.append(_problem(
                    speech, p.line, f"announces {m.group(0)[:-1]} but {got} follow{'s' if got == 1 else ''}: {what}",
                    p.text[max(m.start() - 10, 0) : m.end() + 10], "check for a missing, merged or extra item"))
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


def _markers(markers: Iterable[str], most: int = 12) -> str:
    """The markers of a list, as a message shows them: the first dozen, then "…"."""
    shown = list(islice(markers, most + 1))
    return " ".join(shown[:most]) + (" …" if len(shown) > most else "")
