"""The cleaner's working record, the shared character classes, and offset-keeping text edits."""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..records import Mark, MarkKind, Problem, Removed
from ..script import to_simplified

# Character classes, as regex set bodies. Han covers the BMP blocks speeches use (and compatibility ideographs).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation, quotes, ellipsis and dash: the "Chinese context" around a stray ASCII mark.
ZH_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
ZH = HAN + ZH_PUNCT
HAN_RE = re.compile(f"[{HAN}]")

SALUTATIONS = (
    "同志们", "各位代表", "各位委员", "各位领导", "各位来宾", "各位嘉宾", "各位同仁", "各位同事", "朋友们",
    "同学们", "老师们", "女士们、先生们", "女士们，先生们", "先生们、女士们", "乡亲们", "同胞们", "全体同学",
)
# A salutation line, matched on the Simplified view: 同志们： / 各位领导、同志们： / 尊敬的…，各位代表：
SALUTATION_RE = re.compile(
    r"^(?:尊敬的[^。！？：:]{1,40}?[，,、]\s*)?"
    r"(?:(?:" + "|".join(SALUTATIONS) + r")[、，,\s]*){1,4}"
    r"(?:[:：])"
)

# Outline markers that may open a line: a line starting with one is never glued to the line before.
OUTLINE_START_RE = re.compile(
    r"^\s*(?:"
    r"[一二三四五六七八九十百]+[、．.]"
    r"|[（(]\s*[一二三四五六七八九十百\d０-９]*\s*[）)]"
    r"|第[一二三四五六七八九十百]+(?:[，、：,:]|是|要|句话|方面|部分)"
    r"|[\d０-９]+\s*[、．.](?![\d０-９])"
    r"|[①-⑳⑴-⒇]"
    r"|[一二三四五六七八九十]+(?:是|要|抓|看|靠|讲|在)"
    r"|其[一二三四五六七八九十]+[，、,：:]"
    r"|“[^”]{1,12}”方面[:：]"
    r")"
)


@dataclass(frozen=True, slots=True)
class DLine:
    """A line (after ``join-lines``: a paragraph) being cleaned, with the marks found in it so far."""

    no: int
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything the rules pass along: the lines and the metadata found so far."""

    source: str
    lines: tuple[DLine, ...]
    title: str | None = None
    title_inferred: bool = False
    date: str | None = None
    byline: str | None = None
    salutation: str | None = None
    kind: str | None = None
    problems: tuple[Problem, ...] = field(default=())
    subtitle: str = ""
    speaker: str | None = None
    place: str | None = None
    occasion: str | None = None
    page_date: str | None = None
    removed: tuple[Removed, ...] = ()  # what the rules took out, in full, in the order they took it

    def with_lines(self, lines: Iterable[DLine]) -> Draft:
        return replace(self, lines=tuple(lines))

    def dropping(self, rule: str, items: Iterable[tuple[int, str, str]]) -> tuple[Removed, ...]:
        """``removed`` with (line, text, why) taken out by ``rule`` added."""
        return self.removed + tuple(Removed(no, text, rule, why) for no, text, why in items if text.strip())


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a rule returns: the new draft, how many things it changed, and a few examples of them."""

    draft: Draft
    count: int = 0
    examples: tuple[str, ...] = ()


RuleFn = Callable[[Draft], Outcome]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named cleaning step. ``run`` takes the draft and returns an Outcome."""

    name: str
    run: RuleFn
    doc: str = ""


MAX_EXAMPLES = 3


def snippet(text: str, start: int, end: int, pad: int = 6) -> str:
    """A short excerpt around text[start:end], for report examples."""
    a, b = max(0, start - pad), min(len(text), end + pad)
    return ("…" if a else "") + text[a:b].replace("\n", "⏎") + ("…" if b < len(text) else "")


def apply_edits(
    text: str, marks: Sequence[Mark], edits: Sequence[tuple[int, int, str]]
) -> tuple[str, tuple[Mark, ...]]:
    """Apply sorted, non-overlapping (start, end, replacement) edits and move the marks to match."""
    if not edits:
        return text, tuple(marks)
    out: list[str] = []
    pos = 0
    for s, e, r in edits:
        out.append(text[pos:s])
        out.append(r)
        pos = e
    out.append(text[pos:])

    def move(p: int, is_end: bool) -> int:
        shift = 0
        for s, e, r in edits:
            if e <= p and not (s == e == p and not is_end):
                shift += len(r) - (e - s)
            elif s < p < e:  # the boundary fell inside an edited stretch: snap to its edge
                return s + shift + (len(r) if is_end else 0)
            else:
                break
        return p + shift

    moved = tuple(Mark(move(m.start, False), move(m.end, True), m.kind, m.why) for m in marks)
    return "".join(out), tuple(m for m in moved if m.end > m.start)


def protected(marks: Sequence[Mark], start: int, end: int) -> bool:
    """True when [start, end) touches a garbled span: rewriting rules leave damaged text as it is."""
    return any(m.kind == "garbled" and m.start < end and start < m.end for m in marks)


def either_script(pattern: str) -> str:
    """Make a regex written in Simplified also match Traditional: ``县`` -> ``[县縣]``, ``[县区]`` -> ``[县区縣區]``.

    Used once, when a pattern is compiled, so rules match both scripts without converting every line
    (OpenCC is the slowest step of cleaning). Only the pattern goes through s2t, never the text."""
    from ..script import traditional_forms

    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        forms = traditional_forms(c) if HAN_RE.match(c) else ""
        if forms:
            out.append(c + forms if in_class else f"[{c}{forms}]")
        else:
            out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def simplified_view(text: str) -> str:
    """The text in Simplified with the same length, for matching one regex on both scripts.

    OpenCC may change a phrase's length; then the original is returned (patterns list both scripts'
    forms of their key characters where it matters)."""
    simp = to_simplified(text)
    return simp if len(simp) == len(text) else text


def add_marks(
    line: DLine, spans: Iterable[tuple[int, int]], kind: MarkKind, why: str
) -> tuple[DLine, int, list[str]]:
    """Add marks of one kind for spans not already marked; returns the line, the count and examples."""
    new: list[Mark] = []
    for s, e in spans:
        if e <= s or any(m.start < e and s < m.end for m in (*line.marks, *new)):
            continue
        new.append(Mark(start=s, end=e, kind=kind, why=why))
    if not new:
        return line, 0, []
    marks = tuple(sorted((*line.marks, *new), key=lambda m: (m.start, m.end)))
    examples = [snippet(line.text, m.start, m.end) for m in new[:MAX_EXAMPLES]]
    return DLine(line.no, line.text, marks), len(new), examples


LineFn = Callable[[DLine], tuple[DLine, int, list[str]]]


def map_lines(draft: Draft, fn: LineFn) -> Outcome:
    """Run a per-line function over the draft, adding up its changes.

    ``fn`` returns the new line, how many changes it made and at most MAX_EXAMPLES examples of them."""
    lines: list[DLine] = []
    count = 0
    examples: list[str] = []
    for line in draft.lines:
        new, n, ex = fn(line)
        lines.append(new)
        count += n
        if len(examples) < MAX_EXAMPLES:
            examples.extend(ex[: MAX_EXAMPLES - len(examples)])
    if not count:
        return Outcome(draft)
    return Outcome(draft.with_lines(lines), count, tuple(examples))
