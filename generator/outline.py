"""Outline detection: which paragraphs open with a heading, how deep each sits, and the lists that run inline.

The story, in order:
1. find the paragraphs that open with a marker (``markers.FAMILIES``) or are standalone heading lines;
2. split each such line into heading (marker + first sentence) and the body that shares its line;
3. give every heading a level from how the document nests the families (a stack, not a fixed table);
4. find inline enumerations in the body paragraphs of each section (``runins``);
5. check the numbering (``numbering``), then anchor every block (``anchors``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .anchors import anchor_places, assign_anchors
from .headtext import body_opener, split_heading
from .levels import Item, levels, nest
from .markers import CN, DASH, NAMED, PLAIN, PLAIN_SUB, Family, MarkerMatch, dash_marker, firstly, match_marker
from .numbering import Found, check_numbering, restore_block_numerals
from .records import Heading, Mark, Outline, Paragraph, Problem, Speech
from .runins import Sections, continues_inline_list, find_runins, opens_inline_list
from .standalone import dash_items, named_section, notes_after_header, plain_lines
from .standalone import notes as note_paragraphs

# Siblings' headings are of one shape: one over twice the usual length and longer than this was probably glued.
GLUED_MIN = 24
_LIGHT = frozenset({"shi", "yao", "di", "di-dian", "qi", "di-ju", "circled", "paren-arabic", "arabic-dot", "arabic-dun",
                    "arabic-rparen"})
# Families that head a report's sections (not list items): a list never stands beside a top-level one of these.
_SECTIONS = frozenset({"di-part", "cn-dun", "paren-cn", "cn-rparen", "plain", "plain-sub", "named"})


@dataclass(slots=True)
class Cand:
    """A paragraph that opens with a heading, while the outline is being worked out."""

    index: int  # paragraph index
    family: Family
    mm: MarkerMatch | None  # None for a standalone plain heading line
    number: int | None
    marker: str  # as shown: "（一）", or "（[三]）" once restored
    text: str = ""
    body_start: int = 0  # where the body that shares the line begins; len(text) when none
    flags: list[str] = field(default_factory=list)
    level: int = 0
    parent: int | None = None  # index into the candidate list
    absorbs: bool = False  # the heading text is the next, title-only paragraph ("第一部分" ⏎ "工作回顾")
    length: int = 0  # of the paragraph

    @property
    def run_on(self) -> bool:
        """Does body text share the heading's line?"""
        return self.body_start < self.length


def find_candidates(paras: tuple[Paragraph, ...], notes: set[int]) -> list[Cand]:
    """Every paragraph that opens with a heading marker or stands alone as one, traps and inline lists left out.
    ``notes``: indices of the note paragraphs."""
    out: list[Cand] = []
    firstlies: list[Cand] = []
    last_block: dict[str, int | None] = {}
    last_inline: dict[str, tuple[int, int | None]] = {}  # family -> (paragraph, number) of an item left inline
    after_header = notes_after_header(paras)
    for i, p in enumerate(paras):
        if i in after_header:
            continue
        if named_section(p.text):  # the whole line is the heading: 附件：今年十件民生实事
            name = p.text.strip(" \u3000【】[]").rstrip("：:")
            out.append(Cand(i, NAMED, None, None, "", name, len(p.text), length=len(p.text)))
            continue
        lead = len(p.text) - len(p.text.lstrip(" \u3000"))
        mm = match_marker(p.text, lead)
        if mm is None:
            mm = firstly(p.text, lead)
            if mm is not None:
                firstlies.append(_cand(i, p, mm.family, mm))
            continue
        if mm.family.name == "circled" and i in notes:
            continue
        # 第三， after block 第一，第二， goes on with them, whatever inline list the paragraph before held.
        goes_on = mm.number is not None and last_block.get(mm.family.name) == mm.number - 1
        # …三个方面；一是… ⏎ 二是… ⏎ 三是…: each paragraph goes on with the run-in list the one before held.
        chained = mm.number is not None and last_inline.get(mm.family.name) == (i - 1, mm.number - 1)
        if mm.family.name in _LIGHT and not goes_on and (chained or opens_inline_list(p.text, mm)
                                                         or continues_inline_list(paras[i - 1] if i else None, mm)):
            last_inline[mm.family.name] = (i, mm.number)
            continue
        last_block[mm.family.name] = mm.number
        out.append(_cand(i, p, mm.family, mm))
    out += _firstly_items(out, firstlies)
    named = {c.index for c in out if c.family is NAMED}
    if not out:
        for i in dash_items(paras, notes):
            lead = len(paras[i].text) - len(paras[i].text.lstrip(" \u3000"))
            out.append(_cand(i, paras[i], DASH, dash_marker(paras[i].text, lead)))
    out.sort(key=lambda c: c.index)
    out = _absorb_titles(paras, out)
    taken = named | {c.index + 1 for c in out if c.absorbs}
    out += [_cand(i, paras[i], PLAIN if tier == 1 else PLAIN_SUB, None)
            for i, tier in plain_lines(paras, {c.index: c.number for c in out if c.family is not NAMED}, notes | taken)]
    out.sort(key=lambda c: c.index)
    return out


def _firstly_items(cands: list[Cand], firstlies: list[Cand]) -> list[Cand]:
    """The 首先， paragraphs whose next 第N， paragraph is 第二，: item one of that list. A 首先， before 第一， (a
    greeting first, then the points) or before none is prose."""
    di = [c for c in cands if c.family.name == "di"]
    starts = [c.index for c in di]
    out = []
    for f in firstlies:
        k = bisect_right(starts, f.index)
        if k < len(di) and di[k].number == 2:
            out.append(f)
    return out


def _cand(i: int, p: Paragraph, family: Family, mm: MarkerMatch | None) -> Cand:
    text, body, flags = split_heading(p, mm, family.name in _SECTIONS)
    marker = p.text[mm.start : mm.end].strip() if mm else ""
    return Cand(i, family, mm, mm.number if mm else None, marker, text, body, flags, length=len(p.text))


def _absorb_titles(paras: tuple[Paragraph, ...], cands: list[Cand]) -> list[Cand]:
    """A marker alone on its line ("第一部分") takes the short title line after it as its text."""
    indices = {c.index for c in cands}
    for c in cands:
        nxt = c.index + 1
        if c.text or c.run_on or nxt >= len(paras) or nxt in indices:
            continue
        t = paras[nxt].text.strip()
        if 0 < len(t) <= 30 and not re.search(r"[。；！？，]", t) and not re.match(rf"[{CN}\d]*[、，.．]", t):
            c.text, c.absorbs = t, True
    return cands


def assign_levels(cands: list[Cand]) -> list[Cand]:
    """Levels from nesting (``levels.nest``): numbering that goes on, lists that start under or beside the
    heading before them, families seen before."""
    kept: list[Cand] = []
    for c in cands:
        if c.family in (PLAIN, PLAIN_SUB) and kept and kept[0].family is not PLAIN:
            continue  # an unnumbered line after numbered headings is a paragraph, not a new top
        kept.append(c)
    items = [Item(c.family.name, c.number, c.index, c.run_on, c.family.name in _SECTIONS, c.family is NAMED)
             for c in kept]
    parents = nest(items)
    for c, parent, level in zip(kept, parents, levels(parents)):
        c.parent, c.level = parent, level
    return kept


def _cut_glued(paras: tuple[Paragraph, ...], cands: list[Cand]) -> list[Cand]:
    """A heading far longer than its siblings' (五、着力深化改革开放今年要深入推进…, beside 四、着力推进乡村振兴。)
    had its body glued on: cut it where a body opener begins, flagged "glued"."""
    groups: dict[tuple[int | None, int, str], list[Cand]] = {}
    for c in cands:
        groups.setdefault((c.parent, c.level, c.family.name), []).append(c)
    for sibs in groups.values():
        if len(sibs) < 3 or sibs[0].mm is None:
            continue
        lengths = sorted(len(c.text) for c in sibs)
        usual = lengths[len(lengths) // 2]
        for c in sibs:
            if c.flags or c.absorbs or len(c.text) <= max(GLUED_MIN, 2 * usual):
                continue
            text = paras[c.index].text
            start = text.find(c.text, c.mm.end if c.mm else 0)
            opener = body_opener(text, start + 4, start + len(c.text))
            if start < 0 or opener is None:
                continue
            c.text = text[start:opener].rstrip("，,、 \u3000")
            c.body_start = opener
            c.flags.append("glued")
    return cands


def _body(p: Paragraph, start: int) -> Paragraph:
    """The part of a paragraph after its heading, marks rebased to the new offsets."""
    marks = tuple(
        Mark(max(m.start, start) - start, m.end - start, m.kind, m.why) for m in p.marks if m.end > start
    )
    return Paragraph(line=p.line, text=p.text[start:], marks=marks)


def detect_outline(speech: Speech) -> Outline:
    """A speech's outline: "一、总结。当前…" -> heading block 一、总结, then paragraph block 当前…."""
    paras = speech.paragraphs
    notes = note_paragraphs(paras)
    cands = _cut_glued(paras, assign_levels(find_candidates(paras, notes)))
    found = restore_block_numerals(speech, cands)
    by_index = {c.index: c for c in cands}
    absorbed = {c.index + 1 for c in cands if c.absorbs}
    # Sections: the body paragraphs under each heading (None: before the first heading).
    sections: Sections = [(None, [])]
    for i, p in enumerate(paras):
        if i in absorbed:
            continue
        c = by_index.get(i)
        if c is not None:
            sections.append((c, [_body(p, c.body_start)] if c.run_on else []))
        else:
            sections[-1][1].append(p)
    headings = [
        Heading(level=c.level, marker=c.marker, text=c.text, line=paras[c.index].line, flags=tuple(c.flags),
                number=c.number)
        for c in cands
    ]
    runins, lists, inline_found = find_runins(speech, sections, {paras[i] for i in notes})
    found += inline_found + check_numbering(speech, cands, sections, lists, _SECTIONS)
    blocks = assign_anchors(cands, headings, sections, runins)
    problems = _placed(found, *anchor_places(sections, blocks))
    problems.sort(key=lambda p: p.line or 0)  # in reading order, as a reader fixes them
    return Outline(speech=speech, blocks=tuple(blocks), problems=tuple(problems))


def _placed(found: list[Found], heads: list[str], paras: dict[tuple[int, int], str]) -> list[Problem]:
    """Each problem with the anchor of the block it is about: the heading, or the paragraph (a run-in's too: the
    page anchors blocks, not the run-ins inside them)."""
    out = []
    for problem, at in found:
        anchor = heads[at.head] if at.head is not None else paras.get((at.section or 0, at.para or 0), "")
        out.append(replace(problem, anchor=anchor))
    return out
