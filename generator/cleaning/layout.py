"""Paragraphs as the source meant them, whatever the scrape did to its line breaks.

Three layouts arrive: one paragraph a line (the seeds); paragraphs between blank lines, where a single line
break inside a paragraph is where the scraped page had a link or a hard wrap (Wikisource, plain-text
reports); and a whole speech on one or a few lines, its paragraphs separated by ``　　`` or U+2003 runs
(news.cn, people.cn) or by nothing at all. ``make_paragraphs`` turns each into one DLine a paragraph;
``split_runs`` later finds where a paragraph plainly begins inside text that had no separators.
"""

from __future__ import annotations

import re

from ..records import Mark
from .draft import OUTLINE_START_RE, SALUTATION_RE, SALUTATIONS, DLine, Draft, Outcome, simplified_view

# A paragraph separator inside a line: two or more ideographic or em spaces (a no-break space pair too).
SEPARATOR_RE = re.compile(r"[\u3000\u2003\u00a0][\u3000\u2003\u00a0 ]*[\u3000\u2003\u00a0]|[\u2003]")
# A piece that ends with a salutation (after the head glued before it, ``…习近平同志们：``).
SALUTATION_END_RE = re.compile(r"(?:" + "|".join(SALUTATIONS) + r")[:：]$")
_SENTENCE_END = "。！？!?…；;：:”」』）)"
_JOIN_AFTER = tuple("，,、；;")
_CONTINUES = tuple("、，,；;。：:！？!?）)」』”’…》")
_OPENS = tuple("《「『“（(〈【")
_BLOCKS_MIN = 3  # blank lines between text lines from which blank lines are what separates paragraphs
_FRAGMENT = 15  # a piece of a line this short, with no sentence end, was cut out by a link
_HEAD_LONG = 40  # a line this long with a sentence end means the body has begun


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _blocks_layout(blank_before: list[bool]) -> bool:
    """Do blank lines separate the paragraphs (so a line break inside a block may be a link's or a wrap's)?"""
    return sum(blank_before[1:]) >= _BLOCKS_MIN


def _glued_line(prev: str, nxt: str) -> bool:
    """One paragraph a line: was this break inside a sentence? ``…重点;⏎招商`` and ``…项目⏎、看准了`` yes;
    ``…怎么打？⏎第一，`` no."""
    if OUTLINE_START_RE.match(nxt):
        return False
    return prev.endswith(_JOIN_AFTER) or nxt.startswith(_CONTINUES)


def _glued_in_block(prev: str, nxt: str) -> bool:
    """Inside a block: was this break where a scraped page had a link (``依据《⏎著作权法⏎》第五条``), or a
    marker set apart in bold (``一、⏎我国人民…``)? A line that ends a sentence, or a heading line, ends there."""
    if prev.endswith(_OPENS) or OUTLINE_START_RE.fullmatch(prev) or nxt.startswith(_CONTINUES):
        return True
    if prev.endswith(tuple(_SENTENCE_END)) or nxt.startswith("——") or OUTLINE_START_RE.match(prev):
        return False
    return len(nxt) <= _FRAGMENT or len(prev) <= _FRAGMENT


def _head_end(texts: list[str]) -> int:
    """Index of the first line of the body proper: a salutation, or a long line with a sentence end."""
    for i, t in enumerate(texts):
        if SALUTATION_RE.match(simplified_view(t[:60])) or (len(t) >= _HEAD_LONG and re.search("[。！？]", t)):
            return i
    return len(texts)


def _shift(marks: tuple[Mark, ...], by: int, upto: int) -> tuple[Mark, ...]:
    moved = (Mark(max(0, m.start + by), min(upto, m.end + by), m.kind, m.why) for m in marks)
    return tuple(m for m in moved if m.end > m.start)


def _split_segments(line: DLine) -> list[DLine]:
    """A line cut at its separator runs, each piece stripped: ``甲。　　乙。`` -> ``甲。``, ``乙。``.

    A salutation keeps the paragraph it opens on its line (``同志们：　　今天…`` stays one paragraph), as the
    source set them: the separator between them goes."""
    text = line.text
    if SEPARATOR_RE.search(text) is None:
        return [line]  # most lines of most texts: one paragraph already
    pieces: list[tuple[int, int]] = []
    pos = 0
    for m in SEPARATOR_RE.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    out: list[DLine] = []
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        piece = DLine(line.no, text[s:e], _shift(tuple(m for m in line.marks if m.end > s and m.start < e), -s, e - s))
        if out and SALUTATION_END_RE.search(simplified_view(out[-1].text[-40:])) and out[-1].no == piece.no:
            prev = out[-1]
            out[-1] = DLine(prev.no, prev.text + piece.text, prev.marks + _shift(piece.marks, len(prev.text),
                                                                                 len(prev.text) + len(piece.text)))
        else:
            out.append(piece)
    return out


def _join(a: DLine, b: DLine) -> DLine:
    sep = " " if _latin(a.text[-1:]) and _latin(b.text[:1]) else ""  # wrapped English words
    off = len(a.text) + len(sep)
    return DLine(a.no, a.text + sep + b.text, a.marks + _shift(b.marks, off, off + len(b.text)))


def make_paragraphs(draft: Draft) -> Outcome:
    """One DLine a paragraph: blank lines dropped, lines broken inside a sentence joined, long lines cut at
    their ``　　``/U+2003 separators."""
    lines: list[DLine] = []
    blank_before: list[bool] = []
    blank = False
    for line in draft.lines:
        text = line.text.strip()
        if not text:
            blank = True
            continue
        lead = len(line.text) - len(line.text.lstrip())
        lines.append(DLine(line.no, text, _shift(line.marks, -lead, len(text))))
        blank_before.append(blank)
        blank = False
    blocks = _blocks_layout(blank_before)
    head = _head_end([ln.text for ln in lines]) if blocks else 0
    joined: list[DLine] = []
    joins: list[str] = []
    for i, line in enumerate(lines):
        if joined:
            prev = joined[-1]
            glue = blocks and not blank_before[i] and i > head and _glued_in_block(prev.text, line.text)
            glue = glue or _glued_line(prev.text, line.text)
            if glue:
                joined[-1] = _join(prev, line)
                joins.append(f"{prev.text[-6:]}⏎{line.text[:6]}")
                continue
        joined.append(line)
    paras: list[DLine] = []
    splits = 0
    for line in joined:
        pieces = _split_segments(line)
        splits += len(pieces) - 1
        paras.extend(pieces)
    examples = tuple(joins[:2]) + ((f"{splits} separators",) if splits else ())
    return Outcome(draft.with_lines(paras), len(joins) + splits, examples)


# Where no separator survived, a paragraph plainly begins after a sentence end with an outline marker, a
# salutation or a ``——``. Headings of the GB/T ladder (一、 （一） 第一部分 第一个问题) always open one; a list
# of 第一，/一是/一要 does when its items run to more than one sentence (shorter ones run inside a paragraph).
RUN_MIN = 1000  # a paragraph this long means the page lost its paragraph breaks
SHORT_RUN_MIN = 200  # so does a short text that is one paragraph this long or more
_ALWAYS = frozenset({"cn-dun", "paren-cn", "di-part", "di-dian"})
_AFTER_END = re.compile(r"(?<=[。！？!?])[”’」』）)]*")
_ITEM_SENTENCES = 2


def _starts(texts: list[str]) -> set[tuple[int, int]]:
    """(paragraph, offset) pairs in run-on text where a new paragraph plainly begins. A list may run across
    paragraphs (a caption cut it): its items are followed from paragraph to paragraph."""
    from ..markers import match_marker
    from .head import BODY_SALUTATION_RE

    out: set[tuple[int, int]] = set()
    lists: dict[str, list[tuple[int, int, int]]] = {}  # family -> (paragraph, offset, number) at sentence starts
    for k, text in enumerate(texts):
        for p in [0] + [m.end() for m in _AFTER_END.finditer(text)]:
            if p >= len(text) - 1:
                continue
            if p and (text.startswith("——", p) or BODY_SALUTATION_RE.match(text, p)):
                out.add((k, p))
                continue
            mm = match_marker(text, p)
            if mm is None or mm.number is None:
                continue
            if mm.family.name in _ALWAYS:
                out.add((k, p))
            else:
                lists.setdefault(mm.family.name, []).append((k, p, mm.number))
    for items in lists.values():
        run: list[tuple[int, int]] = []
        for k, p, n in items + [(len(texts), 0, -1)]:
            if run and n == len(run) + 1:
                run.append((k, p))
                continue
            if len(run) >= 2 and _paragraph_sized(texts, run):
                out.update(run)
            run = [(k, p)] if n == 1 else []
    return {(k, p) for k, p in out if p > 0}


def _paragraph_sized(texts: list[str], run: list[tuple[int, int]]) -> bool:
    """Do a list's items run to more than one sentence each, on average (the last one up to its paragraph's end)?"""
    sentences = 0
    for (k, p), nxt in zip(run, [*run[1:], None]):
        end = nxt[1] if nxt is not None and nxt[0] == k else len(texts[k])
        sentences += len(re.findall("[。！？!?]", texts[k][p:end]))
    return sentences >= _ITEM_SENTENCES * len(run)


def split_runs(draft: Draft) -> Outcome:
    """Cut run-on paragraphs where a paragraph plainly begins: ``…几点意见。一、关于…`` -> two paragraphs."""
    lengths = [len(ln.text) for ln in draft.lines if ln.text]
    if not lengths or max(lengths) < (SHORT_RUN_MIN if len(lengths) <= 2 else RUN_MIN):
        return Outcome(draft)
    starts = _starts([ln.text for ln in draft.lines])
    if not starts:
        return Outcome(draft)
    out: list[DLine] = []
    for k, line in enumerate(draft.lines):
        pos = 0
        for p in sorted(q for j, q in starts if j == k) + [len(line.text)]:
            piece = line.text[pos:p]
            if piece.strip():
                out.append(DLine(line.no, piece, _shift(tuple(m for m in line.marks if m.end > pos and m.start < p),
                                                         -pos, len(piece))))
            pos = p
    return Outcome(draft.with_lines(out), len(starts), (f"{len(starts)} paragraph starts",))
