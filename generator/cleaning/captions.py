"""Photo captions that news sites set into the text: ``6月13日，…发表重要讲话。新华社记者 某某 摄``.

A caption ends with a photographer's credit and often runs straight into the next paragraph
(``…新华社记者 某某/摄第一，…``); it starts at its paragraph's start, or, where the page lost its paragraph
breaks, at the sentence that opens it with the day the photo was taken (``2020年5月11日，…``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Mark
from .draft import HAN, MAX_EXAMPLES, DLine, Draft, Outcome

_NAME = f"[{HAN}·]{{2,5}}"
# Who took it: an agency or paper's reporter, "新华社发", a correspondent; then the name(s), then 摄.
CREDIT_RE = re.compile(
    rf"(?:新华社发|(?:新华社|人民日报|中新社|本报|光明日报|经济日报|解放军报|中国日报|[{HAN}]{{2,6}}报)?"
    rf"(?:特约|摄影)?(?:记者|通讯员)|摄影)"
    rf"\s*[（(]?\s*{_NAME}(?:\s*[、，,]\s*{_NAME}){{0,3}}\s*[/／]?\s*摄\s*[）)]?"
)
# The sentence a caption opens with names the day: "2020年5月11日至12日，", "11月21日晚，", "6月13日上午，".
_DAY = r"(?:(?:19|20)\d\d年)?\d{1,2}月\d{1,2}日(?:至(?:\d{1,2}月)?\d{1,2}日)?(?:[上下]午|晚|晚间|凌晨|早上|中午)?[，,]"
_DAY_RE = re.compile(_DAY)
_SENTENCE_START = re.compile(r"(?:^|(?<=[。！？!?”」]))\s*")
_WINDOW = 400  # characters a caption may run back from its credit
_NEAR = 200  # a paragraph start this close before a credit opens its caption
WHY = "图片说明"


def _caption_start(text: str, credit: int, lo: int) -> int:
    """Where the caption that ends at ``credit`` begins: the last sentence before it opening with a day (a
    caption's own later sentences open with 这是…), else ``lo`` (the paragraph start, or the end of the
    caption before) when that is near; a caption never speaks in the first person, so a start that would
    take in a 我 is no start."""
    days = [m.end() for m in _SENTENCE_START.finditer(text, max(lo, credit - _WINDOW), credit)
            if m.end() < credit and _DAY_RE.match(text, m.end())]
    for start in (days[-1] if days else None, lo if credit - lo <= _NEAR else None):
        if start is not None and "我" not in text[start:credit]:
            return start
    return credit


def _cut(line: DLine, spans: list[tuple[int, int]]) -> list[DLine]:
    """The line without the spans; where a span sat inside it, the text after begins a new paragraph."""
    out: list[DLine] = []
    pos = 0
    for s, e in spans + [(len(line.text), len(line.text))]:
        piece = line.text[pos:s].strip()
        if piece:
            off = pos + (len(line.text[pos:s]) - len(line.text[pos:s].lstrip()))
            marks = tuple(Mark(max(m.start - off, 0), min(m.end - off, len(piece)), m.kind, m.why)
                          for m in line.marks if m.start < off + len(piece) and m.end > off)
            out.append(DLine(line.no, piece, marks))
        pos = e
    return out


def remove_captions(draft: Draft) -> Outcome:
    """Take photo captions out, listed in full: ``…发表重要讲话。新华社记者 某某/摄第一，…`` -> ``第一，…``."""
    lines: list[DLine] = []
    taken: list[tuple[int, str, str]] = []
    for line in draft.lines:
        spans: list[tuple[int, int]] = []
        lo = 0
        for m in CREDIT_RE.finditer(line.text):
            start = _caption_start(line.text, m.start(), lo)
            spans.append((start, m.end()))
            taken.append((line.no, line.text[start : m.end()].strip(), WHY))
            lo = m.end()
        lines.extend(_cut(line, spans) if spans else [line])
    if not taken:
        return Outcome(draft)
    new = replace(draft, lines=tuple(lines), removed=draft.dropping("captions", taken))
    return Outcome(new, len(taken), tuple(t[:40] for _, t, _ in taken[:MAX_EXAMPLES]))
