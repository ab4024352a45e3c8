"""How deep each heading sits: nesting from the numbering and the order in which marker families appear.

No fixed table of levels (GB/T 9704's 一、 → （一） → 1. → （1） is a "may", and speeches deviate). The rules,
each a habit of the genre:

1. Numbering goes on: an item numbered n continues the open list of its family whose last item was n-1, the
   innermost first, at that list's level (第二， after 第一，'s sublists closes them).
2. A family seen before returns to its level when it has no numeral, jumps, or starts again a list that never
   goes on (一、二、三、 ⏎ 一、… with no 四、 later: a restart, warned about by ``numbering``).
3. A list that starts (its item 1) opens under the heading before it (三、 ⏎ 第一， ⏎ 第二， ⏎ 四、) whenever that
   heading's list comes back after it, however much body came first (第一，…。正文。一、…二、… ⏎ 第二，); and
   always under a top-level section heading (一、, 第一部分) or a standalone section line at any level: in a
   report a section holds whatever follows it until the next section.
4. Otherwise a list sits beside the item before it when that item's text was over: its body ran for a paragraph
   or more, then a lead sentence introduced the new list ("…（五）…。正文。国务院认为，…十项工作：第一、…"),
   or the list is of the item's own family (一是…六是 ⏎ 同志们！… ⏎ 一是…).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """What nesting needs to know of a heading."""

    family: str
    number: int | None
    index: int  # paragraph index in the speech
    run_on: bool  # body text shares the heading's paragraph
    section: bool  # a family that heads sections (一、, （一）, 第一部分, a standalone line), not list items (第一，)
    top: bool = False  # always at the top level (结束语, 附件)


def nest(items: list[Item]) -> list[int | None]:
    """The parent of each item (an index into ``items``; None at the top)."""
    later = _Numerals(items)
    parents: list[int | None] = []
    stack: list[int] = []  # the latest heading at each level still open
    for i, it in enumerate(items):
        depth = 0 if it.top else _continues(items, stack, it)
        if depth is None:
            depth = _returns(items, stack, i, later)
        if depth is None:
            depth = len(stack) - 1 if stack and _beside(items, stack, i, later) else len(stack)
        del stack[depth:]
        parents.append(stack[-1] if stack else None)
        stack.append(i)
    return parents


def levels(parents: list[int | None]) -> list[int]:
    """1 for items without a parent, the parent's level + 1 for the rest."""
    out: list[int] = []
    for p in parents:
        out.append(1 if p is None else out[p] + 1)
    return out


def _returns(items: list[Item], stack: list[int], i: int, later: _Numerals) -> int | None:
    """The depth of an open heading of the item's family that it returns beside: always for an unnumbered item
    or a numbering jump; for a list starting again (一、 after 三、) only when the open list never goes on (四、),
    since one that does must have this new list inside it."""
    it = items[i]
    d = next((d for d in range(len(stack) - 1, -1, -1) if items[stack[d]].family == it.family), None)
    if d is None or it.number == 1 and later.after(items[stack[d]], i):
        return None
    return d


class _Numerals:
    """Where each (family, numeral) occurs, to ask whether a list goes on after a given item."""

    def __init__(self, items: list[Item]) -> None:
        self.at: dict[tuple[str, int], list[int]] = {}
        for k, it in enumerate(items):
            if it.number is not None:
                self.at.setdefault((it.family, it.number), []).append(k)

    def next(self, family: str, number: int, i: int) -> int | None:
        """The first item after ``i`` numbered ``number`` in ``family``."""
        where = self.at.get((family, number), [])
        k = bisect_right(where, i)
        return where[k] if k < len(where) else None

    def after(self, it: Item, i: int) -> bool:
        """Does ``it``'s next numeral occur after item ``i``?"""
        return it.number is not None and self.next(it.family, it.number + 1, i) is not None


def _continues(items: list[Item], stack: list[int], it: Item) -> int | None:
    """The depth of the open list this item numbers on (its last item was n-1), the innermost first."""
    if it.number is None or it.number < 2:
        return None
    for d in range(len(stack) - 1, -1, -1):
        top = items[stack[d]]
        if top.family == it.family and top.number == it.number - 1:
            return d
    return None


def _beside(items: list[Item], stack: list[int], i: int, later: _Numerals) -> bool:
    """Does the list item ``i`` starts sit beside the heading before it rather than under it?"""
    top = items[stack[-1]]
    it = items[i]
    if len(stack) >= MAX_DEPTH:
        return True  # no deeper than any speech nests
    if top.family == it.family:
        # 一是…六是 ⏎ 同志们！… ⏎ 一是…: a family starting again sits beside, unless the heading's list comes back
        # after it (二、 ⏎ 一、二、三、四、 ⏎ 三、: the inner list is under 二、).
        return _first_back(items, stack, i, later) != len(stack) - 1
    if top.section and (len(stack) == 1 or top.number is None):
        return False  # a top-level section, or a standalone section line at any level, holds what follows
    if _first_back(items, stack, i, later) == len(stack) - 1:
        return False
    gap = it.index - top.index - 1  # whole paragraphs between the two
    return gap >= 2 or (gap == 1 and top.run_on)


# No speech or report nests deeper than this (the corpus's deepest has four levels; GB/T 9704 names four).
MAX_DEPTH = 6
LOOKAHEAD = 120  # items read ahead for the list that comes back: far enough for any real list, and bounded


def _first_back(items: list[Item], stack: list[int], i: int, later: _Numerals) -> int | None:
    """Read on from item ``i`` as the numbering runs: which open heading's list goes on first (its depth)?

    Lists that start after ``i`` are followed too, so that their numerals are not taken for the open ones'
    (三、 ⏎ 第一， ⏎ 一、二、三、四、 ⏎ 第二，: the 四、 ends the inner list, and 第二， is the first to come back).
    None when no open list goes on (within ``LOOKAHEAD`` items, where inner lists make the numerals ambiguous)."""
    first: tuple[int, int] | None = None  # (where, depth) of the nearest next numeral of an open heading
    for d in range(len(stack) - 1, -1, -1):
        top = items[stack[d]]
        p = None if top.number is None else later.next(top.family, top.number + 1, i)
        if p is not None and (first is None or p < first[0]):
            first = (p, d)
    if first is None:
        return None
    p, d = first
    top = items[stack[d]]
    again = later.next(top.family, top.number, i)  # type: ignore[arg-type]
    if again is None or again > p:
        return d  # no inner list of that family between: the numeral is the open heading's own
    return _walk(items, stack, i)


def _walk(items: list[Item], stack: list[int], i: int) -> int | None:
    """``_first_back`` the long way: every list opened after ``i`` followed as it numbers on."""
    inner: list[tuple[str, int]] = []  # lists opened after i: (family, last number)
    for j in range(i, min(len(items), i + LOOKAHEAD)):
        it = items[j]
        if it.number is None:
            continue
        k = next((d for d in range(len(inner) - 1, -1, -1) if inner[d] == (it.family, it.number - 1)), None)
        if k is not None:
            del inner[k + 1 :]
            inner[k] = (it.family, it.number)
            continue
        for d in range(len(stack) - 1, -1, -1):
            top = items[stack[d]]
            if top.family == it.family and top.number == it.number - 1:
                return d
        if len(inner) < MAX_DEPTH:
            inner.append((it.family, it.number))
    return None
