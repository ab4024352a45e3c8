"""Rules for the head of the speech: its title (also when glued to the salutation), repeated title lines,
a date line under the title, and the salutation."""

from __future__ import annotations

import re
from dataclasses import replace

from .draft import HAN_RE, OUTLINE_START_RE, SALUTATION_RE, SALUTATIONS, DLine, Draft, Outcome, simplified_view

_TITLE_MAX = 60
_NO_TITLE_CHARS = re.compile(r"[。！？!?；;]|[，,：:、]$")
_GLUED_RE = re.compile(r"^(.{4,60}?)((?:" + "|".join(SALUTATIONS) + r")[、，,]?)+[:：]\s*$")
# A date line under the title: （2022年1月22日） or (2022-01-22).
_DATE_LINE_RE = re.compile(r"^[（(]?\s*((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?\s*[）)]?$")
_ZONE = 8  # non-blank lines looked at for repeated titles


def _title_like(view: str) -> bool:
    """A short line with no sentence end, not a marker or a salutation: ``在全縣…會議上的講話``."""
    return (
        4 <= len(view) <= _TITLE_MAX
        and HAN_RE.search(view) is not None
        and not _NO_TITLE_CHARS.search(view)
        and not OUTLINE_START_RE.match(view)
        and not SALUTATION_RE.match(view)
    )


_SPACES = re.compile(r"\s+")


def _same(a: str, b: str) -> bool:
    a, b = _SPACES.sub("", a), _SPACES.sub("", b)
    if a == b or len(a) != len(b):  # simplified_view keeps the length: no conversion needed to tell
        return a == b
    return simplified_view(a) == simplified_view(b)


def find_title(draft: Draft) -> Outcome:
    """Take the title from the first line, split it from a glued salutation, drop repeats of it.

    ``在全縣…的講話⏎在全縣…的講話同志們：`` -> title ``在全縣…的講話``, body starts ``同志們：``."""
    lines = list(draft.lines)
    nonblank = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if len(nonblank) < 2:  # a title heads something: a lone line is the text itself
        return Outcome(draft)
    first = nonblank[0]
    text = lines[first].text.strip()
    view = simplified_view(text)
    title = draft.title
    examples: list[str] = []
    glued = _GLUED_RE.match(view)
    if any(m.kind == "garbled" for m in lines[first].marks):
        return Outcome(draft)  # damaged text never becomes the title
    if title is None and glued and _title_like(view[: glued.end(1)].strip()):
        title = text[: glued.end(1)].strip()
        lines[first] = _cut(lines[first], glued.end(1))
        examples.append(f"{title} | {text[glued.end(1):]}")
    elif title is None and _title_like(view):
        title = text
        lines[first] = replace(lines[first], text="")
        examples.append(title)
    if title is None:
        return Outcome(draft)
    date = draft.date
    for i in nonblank[1:_ZONE]:
        t = lines[i].text.strip()
        if _same(t, title):
            lines[i] = replace(lines[i], text="")
            examples.append(f"repeated: {t}")
        elif len(t) > len(title) and _same(t[: len(title)], title) and SALUTATION_RE.match(
            simplified_view(t[len(title) :])
        ):
            lines[i] = _cut(lines[i], len(title))
            examples.append(f"{title} | {t[len(title):]}")
        elif (m := _DATE_LINE_RE.match(t)) and i == _next(nonblank, first):
            date = date or f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            lines[i] = replace(lines[i], text="")
            examples.append(f"date: {t}")
    if not any(ln.text.strip() for ln in lines):  # a title over nothing is the text itself
        return Outcome(draft)
    new = replace(draft, lines=tuple(lines), title=title, date=date)
    return Outcome(new, len(examples), tuple(examples[:3]))


def _cut(line: DLine, k: int) -> DLine:
    """The line without its first k characters, its marks moved to match."""
    marks = tuple(replace(m, start=max(0, m.start - k), end=m.end - k) for m in line.marks if m.end > k)
    return replace(line, text=line.text[k:], marks=marks)


def _next(nonblank: list[int], i: int) -> int:
    k = nonblank.index(i)
    return nonblank[k + 1] if k + 1 < len(nonblank) else -1


def find_salutation(draft: Draft) -> Outcome:
    """Note the salutation that opens the body (``同志們：``); it stays in the body as its own paragraph."""
    for line in draft.lines:
        text = line.text.strip()
        if not text:
            continue
        m = SALUTATION_RE.match(simplified_view(text))
        if not m:
            return Outcome(draft)
        sal = text[: m.end()]
        return Outcome(replace(draft, salutation=sal), 1, (sal,))
    return Outcome(draft)
