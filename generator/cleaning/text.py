"""Rules that rewrite characters inside a line: pinyin glosses out, ASCII punctuation back to full width."""

from __future__ import annotations

import re
from itertools import islice

from ..records import Mark
from .draft import HAN, MAX_EXAMPLES, ZH, DLine, Draft, Outcome, apply_edits, map_lines, protected, snippet

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = f"a-zü{_TONED}"
# A gloss is a bracketed run of pinyin syllables holding at least one tone mark, glued to what it glosses:
# 會(huì)議, 區(qū), also after garbled bytes (閷I(yè)). (WTO), (GDP), (a) hold no tone mark and stay.
# A run of glosses goes as one: 會(huì)(huì) leaves no gloss glued to 會 behind.
_ONE_GLOSS = rf"[(（](?=[{_PINYIN} ]*[{_TONED}])[{_PINYIN}]{{1,7}}(?: [{_PINYIN}]{{1,7}}){{0,3}}[)）]"
# Written X(?:X)* rather than (?:X)+: the same matches, but the engine can then skip to the next bracket.
_GLOSS_RE = re.compile(rf"{_ONE_GLOSS}(?:{_ONE_GLOSS})*")

_GLOSSED_RE = re.compile(f"[{HAN}A-Za-z\ufe30-\ufe6f\ue000-\uf8ff\ufffd]")


def remove_glosses(draft: Draft) -> Outcome:
    """Drop pinyin glosses: ``會(huì)議`` -> ``會議``; ``(張紅運(yùn))`` -> ``(張紅運)``. A gloss a line break
    cut from its character (``會⏎(huì)議``) goes too: the lines may be joined later."""
    lines: list[DLine] = []
    count = 0
    examples: list[str] = []
    last = ""  # the last character of the text so far, across line breaks
    for line in draft.lines:
        text = line.text
        if "(" in text or "（" in text:
            lead = len(text) - len(text.lstrip())
            # Glued to what it glosses, a character (or the debris of one: 閷I(yè), 峁﹥(yōu)); checked here, not
            # in a lookbehind, so the search can jump from bracket to bracket.
            found = [m for m in _GLOSS_RE.finditer(text) if (_GLOSSED_RE.match(text, m.start() - 1) if m.start() > lead
                                                              else m.start() == lead and _GLOSSED_RE.match(last))]
            if found:
                new, marks = apply_edits(text, line.marks, [(m.start(), m.end(), "") for m in found])
                examples += [snippet(text, m.start(), m.end(), 2) for m in found[: MAX_EXAMPLES - len(examples)]]
                count += len(found)
                line = DLine(line.no, new, marks)
        lines.append(line)
        if line.text.strip():
            last = line.text.rstrip()[-1]
    if not count:
        return Outcome(draft)
    return Outcome(draft.with_lines(lines), count, tuple(examples[:MAX_EXAMPLES]))


_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_TO_FULL = str.maketrans(_FULL)
_RUN_RE = re.compile(r"[,:;?!]+")
_PAIR_RE = re.compile(r"\(([^()\n]{0,80})\)")
_LONE_RE = re.compile(r"[()]")
_ZH_RE = re.compile(f"[{ZH}]")


def _zh_before(text: str, i: int) -> bool:
    """Is the nearest non-space character before i Chinese (a Han character or full-width mark)?"""
    i -= 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and _ZH_RE.match(text, i) is not None


def _zh_after(text: str, i: int) -> bool:
    n = len(text)
    while i < n and text[i] in " \t":
        i += 1
    return i < n and _ZH_RE.match(text, i) is not None


def restore_punctuation(draft: Draft) -> Outcome:
    """ASCII ``,:;?!()`` back to full width in Chinese context: ``同志們:`` -> ``同志們：``.

    A Chinese neighbour on either side is required, so a digit on both sides (``09:33``, ``1,200``) or
    ``http://`` never matches; a garbled span (``規?;?、``) is left as it is."""

    def one(line: DLine) -> tuple[DLine, int, list[str]]:
        # A converted mark is Chinese context for its neighbours (",(一" -> "，（一"), so repeat until
        # nothing changes; almost always one pass, as then no ASCII mark is left. Each pass converts at
        # least one mark or ends the loop, so it ends.
        if not _ANY_RE.search(line.text):
            return line, 0, []  # no ASCII mark to restore
        text, total, examples = line.text, 0, []
        while True:
            text, n, ex = _restore(text, line.marks)
            total += n
            examples = examples or ex
            if not n or not _ANY_RE.search(text):
                break
        if not total:
            return line, 0, []
        return DLine(line.no, text, line.marks), total, examples

    return map_lines(draft, one)


_ANY_RE = re.compile(r"[,:;?!()]")


# A run of ASCII marks with no Chinese character right beside it on either side (it may still have one
# beyond a space): only lines holding one need the run-by-run test.
_APART_RE = re.compile(f"[,:;?!](?<![{ZH},:;?!][,:;?!])[,:;?!]*(?![{ZH},:;?!])")


def _paren_spans(text: str) -> list[tuple[int, int]]:
    """The brackets of a line to make full width: a pair holding or beside Chinese, a lone one facing it."""
    spans: list[tuple[int, int]] = []
    paired: set[int] = set()
    for m in _PAIR_RE.finditer(text):
        paired.update((m.start(), m.end() - 1))
        if (
            _ZH_RE.search(m.group(1))
            or _zh_before(text, m.start())
            or _zh_after(text, m.end())
        ):
            spans += [(m.start(), m.start() + 1), (m.end() - 1, m.end())]
    for m in _LONE_RE.finditer(text):
        k = m.start()
        if k not in paired and (_zh_after(text, k + 1) if text[k] == "(" else _zh_before(text, k)):
            spans.append((k, k + 1))
    return spans


def _restore(text: str, marks: tuple[Mark, ...]) -> tuple[str, int, list[str]]:
    """One pass of restore_punctuation over one line: (new text, how many marks changed, examples)."""
    if not _ANY_RE.search(text):
        return text, 0, []
    parens = text.count("(") + text.count(")")
    garbled = any(m.kind == "garbled" for m in marks)
    if not garbled and not _APART_RE.search(text):
        # Every run has a Chinese neighbour, so every run changes: no need to test them one by one. When every
        # bracket changes too, the whole line is rewritten at once.
        brackets = _paren_spans(text) if parens else []
        if len(brackets) == parens:
            first = sorted([m.span() for m in islice(_RUN_RE.finditer(text), MAX_EXAMPLES)] + brackets)
            examples = [snippet(text, s, e, 3) for s, e in first[:MAX_EXAMPLES]]
            count = sum(map(text.count, ",:;?!")) + parens
            for ascii_mark, full in _FULL.items():
                if ascii_mark in text:
                    text = text.replace(ascii_mark, full)
            return text, count, examples
    has_paren = parens > 0
    spans = []
    n = len(text)
    for m in _RUN_RE.finditer(text):
        s, e = m.span()
        # A Chinese character right beside the run settles it (the common case) without the scan over spaces.
        if (s and _ZH_RE.match(text, s - 1)) or (e < n and _ZH_RE.match(text, e)) or _zh_before(text, s) \
                or _zh_after(text, e):
            spans.append((s, e))
    if has_paren:
        spans += _paren_spans(text)
        spans.sort()
    if not spans:
        return text, 0, []
    if garbled:  # leave a garbled span's debris as it is
        spans = [(k, k + 1) for s, e in spans for k in range(s, e) if not protected(marks, k, k + 1)]
    # Same-length replacements: offsets, and so marks, do not move.
    out: list[str] = []
    pos = 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(text[s:e].translate(_TO_FULL))
        pos = e
    out.append(text[pos:])
    examples = [snippet(text, s, e, 3) for s, e in spans[:MAX_EXAMPLES]]
    return "".join(out), sum(e - s for s, e in spans), examples
