"""Outline detection: which paragraphs open with a heading, how deep each sits, and the lists that run inline.

The story, in order:
1. find the paragraphs that open with a marker (``markers.FAMILIES``) or are standalone heading lines;
2. split each such line into heading (marker + first sentence) and the body that shares its line;
3. give every heading a level from how the document nests the families (a stack, not a fixed table);
4. find inline enumerations in the body paragraphs of each section (``runins``);
5. check the numbering (``numbering``), then anchor every block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .markers import CN, PLAIN, Family, MarkerMatch, anchor_tag, match_marker, numeral_text, restored_marker
from .numbering import RunList, check_numbering, restore_block_numerals, restore_inline_numeral
from .records import Block, Heading, Mark, Outline, Paragraph, Problem, RunIn, Speech

HEADING_MAX = 60  # a heading line without a sentence end up to this long is all heading (002 has 40-char ones)
CLAUSE_BUDGET = 40  # an over-long first sentence is cut after as many whole clauses as fit in this
SENTENCE_END = "。！？；!?;"
COLON = "：:"
DAMAGE = ("garbled", "scrubbed")
# A body that was glued to its heading with no punctuation usually opens like this (cut there, flag "glued").
BODY_OPENER = re.compile(
    r"(?:从(?:这次|今年|去年|目前|当前|全[县市区省国]|我[县市区省国])|從(?:這次|今年|去年|目前|當前)"
    r"|今年以来|今年以來|去年以来|去年以來|近年来|近年來|一年来|一年來|多年来|多年來|长期以来|長期以來"
    r"|当前，|當前，|目前，|据统计|據統計|刚才|剛才|最近，)"
)
_NOTE_HEADER = re.compile(r"^\s*[【\[]?(?:注释|注釋|注|参考文献|參考文獻|尾注)[】\]]?\s*[：:]?\s*$")
_LIGHT = frozenset({"shi", "yao", "di", "qi", "di-ju", "circled", "paren-arabic", "arabic-dot", "arabic-dun"})
_PLAIN_SKIP = re.compile(r"^(?:同志们|同志們|各位|谢谢|謝謝|\d{4}年|[（(].*[）)]$)|(?:讲话|講話|报告|報告)$")


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


def scan_end(text: str, start: int, stops: str, marks: tuple[Mark, ...] = ()) -> int | None:
    """The first stop character at or after ``start``, skipping those inside quotes and damaged spans."""
    depth = 0
    quote_open = -1
    for i in range(start, len(text)):
        c = text[i]
        if c in "“「『":
            depth, quote_open = depth + 1, i
        elif c in "”」』" and depth:
            depth -= 1
        elif c in stops:
            if depth and i - quote_open < 30:
                continue
            if any(m.start <= i < m.end and m.kind in DAMAGE for m in marks):
                continue  # a ? inside GBK debris is not a question mark
            return i
    return None


def split_heading(p: Paragraph, mm: MarkerMatch | None) -> tuple[str, int, list[str]]:
    """Heading text, where the body begins, and flags: "一、总结。当前…" -> ("总结", 4, [])."""
    text = p.text
    start = mm.end if mm else 0
    while start < len(text) and text[start] in " \u3000":
        start += 1
    if mm is not None and mm.label:
        return mm.label, start, _damage(p, mm.start, mm.end)
    end = scan_end(text, start, SENTENCE_END + COLON, p.marks)
    flags: list[str] = []
    if end is None and len(text) - start <= HEADING_MAX:
        head_end, body = len(text), len(text)
    elif end is not None and end - start <= HEADING_MAX:
        head_end, body = end, end + 1
    else:
        seg_end = end if end is not None else len(text)
        opener = BODY_OPENER.search(text, start + 4, min(seg_end, start + HEADING_MAX))
        if opener:
            head_end, body = opener.start(), opener.start()
            flags.append("glued")
        else:
            head_end, body = _clause_cut(text, start, seg_end)
            flags.append("truncated")
    heading = text[start:head_end].rstrip("，,、 \u3000")
    while body < len(text) and text[body] in " \u3000":
        body += 1
    return heading, body, flags + _damage(p, start, head_end)


def _clause_cut(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut after the whole clauses that fit the budget (at least one); a clause too long is cut hard."""
    cut = None
    for i in range(start, end):
        if text[i] in "，,":
            if cut is not None and i - start > CLAUSE_BUDGET:
                break
            cut = i
            if i - start > CLAUSE_BUDGET:
                break
    if cut is None or cut - start > HEADING_MAX:
        hard = start + CLAUSE_BUDGET
        return hard, hard
    return cut, cut + 1


def _damage(p: Paragraph, start: int, end: int) -> list[str]:
    # The heading is the first sentence: dropping the damaged part would change its meaning, so it stays, flagged.
    return ["damaged"] if any(m.kind in DAMAGE and m.start < end and m.end > start for m in p.marks) else []


def _has_next_inline(text: str, mm: MarkerMatch) -> bool:
    """Does the paragraph itself go on to the next item ("第一，…。第二，…")? Then it is a list, not a heading."""
    if mm.number is None:
        return False
    for i, c in enumerate(text):
        if c in SENTENCE_END + COLON + "，," and i >= mm.end:
            nxt = match_marker(text, i + 1, inline=True)
            if nxt and nxt.family is mm.family and nxt.number == mm.number + 1:
                return True
    return False


def _continues_inline(prev: Paragraph | None, mm: MarkerMatch) -> bool:
    """Does the previous paragraph end an inline list this paragraph continues (…一是…二是… ⏎ 三是…)?"""
    if prev is None or mm.number is None or mm.number < 2:
        return False
    for i, c in enumerate(prev.text):
        if c in SENTENCE_END + COLON:
            nxt = match_marker(prev.text, i + 1, inline=True)
            if nxt and nxt.family is mm.family and nxt.number == mm.number - 1:
                return True
    return False


def _endnote_chars(paras: tuple[Paragraph, ...]) -> set[str]:
    """Circled numerals used as note references in running text (理念①，): paragraphs opening with them are notes."""
    refs: set[str] = set()
    for p in paras:
        for m in re.finditer("[①-⑳]", p.text):
            if m.start() > 0 and p.text[m.start() - 1] not in SENTENCE_END + COLON + "，, \u3000":
                refs.add(m.group())
    return refs


def endnote_lines(paras: tuple[Paragraph, ...]) -> set[int]:
    """Lines of the endnotes: after a 注释： line, or opening with a circled numeral the text cites (理念①，)."""
    refs = _endnote_chars(paras)
    out: set[int] = set()
    in_notes = False
    for p in paras:
        in_notes = in_notes or bool(_NOTE_HEADER.match(p.text))
        if in_notes or p.text.lstrip()[:1] in refs:
            out.add(p.line)
    return out


def find_candidates(paras: tuple[Paragraph, ...], notes: set[int]) -> list[Cand]:
    """Every paragraph that opens with a heading marker, traps and inline lists left out."""
    out: list[Cand] = []
    last_block: dict[str, int | None] = {}
    for i, p in enumerate(paras):
        lead = len(p.text) - len(p.text.lstrip(" \u3000"))
        mm = match_marker(p.text, lead)
        if mm is None or not mm.family.block:
            continue
        if mm.family.name == "circled" and p.line in notes:
            continue
        # 第三， after block 第一，第二， goes on with them, whatever inline list the paragraph before held.
        goes_on = mm.number is not None and last_block.get(mm.family.name) == mm.number - 1
        if mm.family.name in _LIGHT and not goes_on and (
                _has_next_inline(p.text, mm) or _continues_inline(paras[i - 1] if i else None, mm)):
            continue
        last_block[mm.family.name] = mm.number
        out.append(_cand(i, p, mm.family, mm))
    out += _plain_candidates(paras, {c.index for c in out})
    out.sort(key=lambda c: c.index)
    return _absorb_titles(paras, out)


def _cand(i: int, p: Paragraph, family: Family, mm: MarkerMatch | None) -> Cand:
    text, body, flags = split_heading(p, mm)
    marker = p.text[mm.start : mm.end].strip() if mm else ""
    return Cand(i, family, mm, mm.number if mm else None, marker, text, body, flags, length=len(p.text))


def _plain_candidates(paras: tuple[Paragraph, ...], taken: set[int]) -> list[Cand]:
    """Standalone unnumbered heading lines: short, no punctuation, between body paragraphs; two or more."""
    found = []
    for i in range(1, len(paras) - 1):
        t = paras[i].text.strip()
        if i in taken or not 4 <= len(t) <= 30 or re.search(r"[，。；！？：,;!?:…]", t) or _PLAIN_SKIP.search(t):
            continue
        prev, nxt = paras[i - 1].text.rstrip(), paras[i + 1].text
        if (i - 1 in taken or prev[-1:] in "。！？!?”") and len(nxt) >= 30 and i + 1 not in taken:
            found.append(_cand(i, paras[i], PLAIN, None))
    return found if len(found) >= 2 else []


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
    """Levels from nesting: a family seen before returns to its level; a new one nests under the last heading,
    except after a heading whose body ran on its own line and then went on (its list is over): it takes that
    heading's level. "一、 (一)…(三)。正文… ⏎ 一是…" puts 一是 beside (三), as 002 does."""
    stack: list[int] = []  # candidate indices, one per open level
    relation: dict[tuple[str, str], str] = {}
    kept: list[Cand] = []
    for c in cands:
        fams = [kept[k].family.name for k in stack]
        if c.family.name in fams:
            stack = stack[: fams.index(c.family.name)]
        elif stack:
            top = kept[stack[-1]]
            if c.family is PLAIN:
                continue  # an unnumbered line after numbered headings is a paragraph, not a new top
            key = (top.family.name, c.family.name)
            if key not in relation:
                over = top.run_on and c.index - top.index > 1 and not _resumes(kept, cands, c, top, fams)
                relation[key] = "sibling" if over else "child"
            if relation[key] == "sibling":
                stack.pop()
        c.level = len(stack) + 1
        c.parent = stack[-1] if stack else None
        stack.append(len(kept))
        kept.append(c)
    return kept


def _resumes(kept: list[Cand], cands: list[Cand], c: Cand, top: Cand, fams: list[str]) -> bool:
    """After ``c``, does ``top``'s family come back before one of its ancestors' families does?"""
    for later in cands[cands.index(c) + 1 :]:
        if later.family is top.family:
            return True
        if later.family.name in fams[:-1]:
            return False
    return False


def _body(p: Paragraph, start: int) -> Paragraph:
    """The part of a paragraph after its heading, marks rebased to the new offsets."""
    marks = tuple(
        replace(m, start=max(m.start, start) - start, end=m.end - start) for m in p.marks if m.end > start
    )
    return Paragraph(line=p.line, text=p.text[start:], marks=marks)


RUNIN_WHOLE = 45  # an inline lead sentence up to this long is kept whole; longer ones keep their first clause
STRONG = SENTENCE_END + COLON  # after these an inline list may start; after ， it may only go on
WEAK = "，,"


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
    for i in range(len(text)):
        if i and text[i - 1] not in STRONG + WEAK:
            continue
        mm = match_marker(text, i, inline=True)
        if mm is not None:
            out.append((i, i == 0 or text[i - 1] in STRONG, mm))
    return out


def find_runins(speech: Speech, sections: list[tuple[Cand | None, list[Paragraph]]], notes: set[int]
                ) -> tuple[dict[tuple[int, int], tuple[RunIn, ...]], list[RunList], list[Problem]]:
    """Inline enumerations per paragraph: "…。一是甲。二是乙。" -> two RunIns one level below the section."""
    opened: list[_Open] = []
    problems: list[Problem] = []
    for s, (head, paras) in enumerate(sections):
        base = head.level + 1 if head else 1
        hits = [(j, pos, strong, mm) for j, p in enumerate(paras) for pos, strong, mm in _hits(p.text)
                if not (mm.family.name == "circled" and p.line in notes)]
        stack: list[_Open] = []
        for h, (j, pos, strong, mm) in enumerate(hits):
            fam, n = mm.family.name, mm.number
            where = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == fam), None)
            restored = n is None
            if n is None:  # a bare 是: the next item only when its list proves it
                if where is None or not strong or not _proves(stack[where], hits[h + 1 :], fam):
                    continue
                n = stack[where].last + 1
                last = stack[where].items[-1]
                problems.append(restore_inline_numeral(speech, paras[j].line, paras[j].text,
                                                       sections[s][1][last.para].text[last.mm.start : last.mm.end], n))
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


def _proves(op: _Open, later: list[tuple[int, int, bool, MarkerMatch]], fam: str) -> bool:
    # Two items before it establish the list; or the item after it is numbered as if it were there.
    return op.last >= 2 or any(m.family.name == fam and m.number == op.last + 2 for _, _, _, m in later)


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


def _leads(sections: list[tuple[Cand | None, list[Paragraph]]], opened: list[_Open]
           ) -> dict[tuple[int, int], tuple[RunIn, ...]]:
    """Each item's lead phrase; a list whose leads run long keeps every item's first clause (as 004 does)."""
    out: dict[tuple[int, int], list[RunIn]] = {}
    for op in opened:
        paras = sections[op.runlist.section][1]
        stops = [
            nxt.mm.start - 1 if nxt.para == it.para else len(paras[it.para].text)
            for it, nxt in zip(op.items, op.items[1:] + [_Item(-1, op.items[-1].mm, 0, False)])
        ]
        ends = [_lead_end(paras[it.para], it.mm.end, stop) for it, stop in zip(op.items, stops)]
        short = all(whole - it.mm.end <= RUNIN_WHOLE for it, (whole, _) in zip(op.items, ends))
        for it, (whole, clause) in zip(op.items, ends):
            p = paras[it.para]
            end = whole if short else clause
            flags: tuple[str, ...] = ("restored-numeral",) if it.restored else ()
            if end - it.mm.end > HEADING_MAX:
                end, flags = it.mm.end + CLAUSE_BUDGET, flags + ("truncated",)
            flags += tuple(_damage(p, it.mm.end, end))
            marker = restored_marker(p.text, it.mm, it.number) if it.restored else p.text[it.mm.start : it.mm.end]
            heading = Heading(level=op.level, marker=marker.strip(), text=p.text[it.mm.end : end].rstrip("，,、 \u3000"),
                              line=p.line, inline=True, flags=flags, number=it.number)
            run = RunIn(start=it.mm.start, marker_end=it.mm.end, end=end, heading=heading)
            op.runlist.items.append(run)
            out.setdefault((op.runlist.section, it.para), []).append(run)
    return {k: tuple(sorted(v, key=lambda r: r.start)) for k, v in out.items()}


def _slug(text: str) -> str:
    """An anchor part from heading text: Han characters, letters and digits only, at most 16."""
    return "".join(re.findall(r"[0-9A-Za-z\u3400-\u9fff]", text))[:16]


def _unique(anchor: str, used: set[str]) -> str:
    out, k = anchor, 2
    while out in used:
        out, k = f"{anchor}-{k}", k + 1
    used.add(out)
    return out


def assign_anchors(cands: list[Cand], headings: list[Heading], sections: list[tuple[Cand | None, list[Paragraph]]],
                   runins: dict[tuple[int, int], tuple[RunIn, ...]]) -> list[Block]:
    """Blocks with anchors from the numbering path: （三） under 二、 -> 二-三; its paragraphs 二-三-p1, …."""
    used: set[str] = set()
    anchors: list[str] = []
    first_family: dict[int | None, str] = {}  # per parent: the family whose bare numerals name the children
    for c in cands:
        parent = anchors[c.parent] if c.parent is not None else ""
        if c.number is not None:
            part = numeral_text(c.family, c.number)
            if first_family.setdefault(c.parent, c.family.name) != c.family.name:
                part = anchor_tag(c.family, c.number)  # 一是 beside （一） under the same parent: 一-一是
        else:
            part = _slug(c.text) or f"h{len(anchors) + 1}"
        anchors.append(_unique((parent + "-" + part).strip("-"), used))
    labels = [h.marker + h.text for h in headings]
    path_of = [
        tuple(labels[k] for k in _ancestors(cands, i)) for i in range(len(cands))
    ]
    blocks: list[Block] = []
    for s, (head, paras) in enumerate(sections):
        k = cands.index(head) if head is not None else None
        if k is not None:
            heading = replace(headings[k], anchor=anchors[k])
            blocks.append(Block(anchor=anchors[k], path=path_of[k], heading=heading))
        path = path_of[k] + (labels[k],) if k is not None else ()
        for j, p in enumerate(paras):
            anchor = _unique(f"{anchors[k]}-p{j + 1}" if k is not None else f"p{j + 1}", used)
            runs = tuple(replace(r, heading=replace(r.heading, anchor=_unique(
                f"{anchor}-{_slug(r.heading.marker)}", used))) for r in runins.get((s, j), ()))
            blocks.append(Block(anchor=anchor, path=path, paragraph=p, runins=runs))
    return blocks


def _ancestors(cands: list[Cand], i: int) -> list[int]:
    out = []
    k = cands[i].parent
    while k is not None:
        out.append(k)
        k = cands[k].parent
    return out[::-1]


def detect_outline(speech: Speech) -> Outline:
    """A speech's outline: "一、总结。当前…" -> heading block 一、总结, then paragraph block 当前…."""
    paras = speech.paragraphs
    notes = endnote_lines(paras)
    cands = assign_levels(find_candidates(paras, notes))
    problems: list[Problem] = restore_block_numerals(speech, cands)
    by_index = {c.index: c for c in cands}
    absorbed = {c.index + 1 for c in cands if c.absorbs}
    # Sections: the body paragraphs under each heading (None: before the first heading).
    sections: list[tuple[Cand | None, list[Paragraph]]] = [(None, [])]
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
    runins, lists, inline_problems = find_runins(speech, sections, notes)
    problems += inline_problems
    problems += check_numbering(speech, cands, headings, sections, lists)
    blocks = assign_anchors(cands, headings, sections, runins)
    problems.sort(key=lambda p: p.line or 0)  # in reading order, as a reader fixes them
    return Outline(speech=speech, blocks=tuple(blocks), problems=tuple(problems))
