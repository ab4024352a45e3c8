"""Whether a span is a whole word of its text: a term is never a piece of a longer word.

``大开放`` in 扩大开放 is not (扩大 crosses its start), ``五年`` in 第一个五年计划 is not (五年计划 crosses its
end), ``高质量发展`` in 推动高质量发展 is. The test is jieba's own model on a few characters either side of the
edge: the most probable segmentation (each word's probability from jieba's dictionary counts, as jieba's
``cut(HMM=False)`` computes it) is compared with the most probable one that has a cut at the edge. The edge
cuts a word when the first is more probable. Only where some dictionary word crosses the edge is anything
computed, and each window of text is decided once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Literal

from .lexicon import word_count

WINDOW = 4  # characters either side of an edge: the longest words that cross an edge in practice
LONGEST = 5  # the longest word tried inside the window
TOTAL = math.log(60_101_967)  # the sum of jieba's dictionary counts: each word's probability is count / total
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _log_p(word: str) -> float | None:
    n = word_count(word)
    if n == 0:
        return -TOTAL if len(word) == 1 else None  # jieba gives an unknown character the count 1
    return math.log(n) - TOTAL


def _best(window: str, cut: int | None) -> float:
    """The log probability of the most probable segmentation of ``window``; with ``cut``, of the best one
    that has a boundary there."""
    n = len(window)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        top = -math.inf
        for j in range(i + 1, min(n, i + LONGEST) + 1):
            if cut is not None and i < cut < j:
                continue
            lp = _log_p(window[i:j])
            if lp is not None and lp + best[j] > top:
                top = lp + best[j]
        best[i] = top
    return best[0]


@lru_cache(maxsize=1 << 16)
def _cuts(window: str, at: int) -> bool:
    if not any(word_count(window[i:j]) for i in range(max(0, at - 3), at)
               for j in range(at + 1, min(len(window), i + 4) + 1)):
        return False  # no word of up to four characters crosses the edge
    return _best(window, None) > _best(window, at) + 1e-9


def cuts_a_word(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` falls inside a word: ``cuts_a_word("扩大开放", 1)`` -> True."""
    if at <= 0 or at >= len(text) or not (HAN.match(text[at - 1]) and HAN.match(text[at])):
        return False  # an end of the text, or punctuation beside the edge
    lo = at
    while lo > max(0, at - WINDOW) and HAN.match(text[lo - 1]):
        lo -= 1
    hi = at
    while hi < min(len(text), at + WINDOW) and HAN.match(text[hi]):
        hi += 1
    return _cuts(text[lo:hi], at - lo)


def _compound(text: str, start: int, end: int, edge: int) -> bool:
    """Whether the word that crosses ``edge`` is the span and a word beside it, compounded: 三农问题 is
    三农 + 问题, so 三农 is whole there (but 扩大开放 is not 扩 + 大开放: one character is no word beside it)."""
    if edge == end:
        return any(word_count(text[start:j]) and word_count(text[end:j])
                   for j in range(end + 2, min(len(text), end + LONGEST) + 1))
    return any(word_count(text[i:end]) and word_count(text[i:start]) for i in range(max(0, start - LONGEST), start - 1))


def is_whole_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands as a word of its own: neither edge falls inside a word, unless the
    word there is the span compounded with a word beside it (三农 in 三农问题)."""
    return all(not cuts_a_word(text, edge) or _compound(text, start, end, edge) for edge in (start, end))


Verdict = Literal["keep", "hold", "retry"]


def scan(pattern: re.Pattern[str], text: str, decide: Callable[[str, int, int], Verdict]) -> Iterator[tuple[str, int, int]]:
    """The matches of ``pattern`` (an alternation, longest first) that ``decide`` keeps. A match it rejects
    as "retry" (it cuts a word) gives way to a shorter match at the same place, then to the next place, so
    八项规定 is found in 党中央八项规定 after 中央八项规定 fails there; one it rejects as "hold" keeps its span."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start, verdict = m.start(), "retry"
        while m is not None:
            verdict = decide(m.group(), start, m.end())
            if verdict != "retry":
                break
            m = pattern.match(text, start, m.end() - 1) if m.end() - 1 > start else None
        if m is None:
            pos = start + 1
            continue
        if verdict == "keep":
            yield m.group(), start, m.end()
        pos = m.end()
