"""Anchors for headings, paragraphs and run-ins, from the numbering path, so links survive edits elsewhere.

（三） under 二、 is ``二-三``; its paragraphs ``二-三-p1``, …; a run-in 一是 in the first is ``二-三-p1-一是``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .markers import anchor_tag, numeral_text
from .records import Block, Heading, RunIn

if TYPE_CHECKING:  # pragma: no cover
    from .outline import Cand
    from .runins import RunIns, Sections


_SLUG_CHARS = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


def _slug(text: str) -> str:
    """An anchor part from heading text: Han characters, letters and digits only, at most 16."""
    return "".join(_SLUG_CHARS.findall(text))[:16]


def _with_anchor(h: Heading, anchor: str) -> Heading:
    """``replace(h, anchor=anchor)``, without dataclasses.replace's cost."""
    return Heading(h.level, h.marker, h.text, h.line, h.inline, h.flags, h.number, anchor)


class Used:
    """Anchors given out so far, and per base anchor the next suffix to try (so a base repeated n times
    costs n steps in all, not n²)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}


def _unique(anchor: str, used: Used) -> str:
    """``anchor``, or ``anchor-2``, ``anchor-3`` … whichever is free first."""
    out, k = anchor, used.next.get(anchor, 2)
    if out in used.taken:
        out = f"{anchor}-{k}"
        while out in used.taken:
            k += 1
            out = f"{anchor}-{k}"
        used.next[anchor] = k + 1
    used.taken.add(out)
    return out


def _heading_anchors(cands: list[Cand], used: Used) -> list[str]:
    """One anchor per heading: its parent's anchor and its own numeral (or slug, when it has none)."""
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
    return anchors


def _ancestors(cands: list[Cand], i: int) -> list[int]:
    out = []
    k = cands[i].parent
    while k is not None:
        out.append(k)
        k = cands[k].parent
    return out[::-1]


def assign_anchors(cands: list[Cand], headings: list[Heading], sections: Sections, runins: RunIns) -> list[Block]:
    """Blocks with anchors from the numbering path: （三） under 二、 -> 二-三; its paragraphs 二-三-p1, …."""
    used = Used()
    anchors = _heading_anchors(cands, used)
    labels = [h.label for h in headings]
    position = {id(c): i for i, c in enumerate(cands)}
    path_of = [tuple(labels[k] for k in _ancestors(cands, i)) for i in range(len(cands))]
    blocks: list[Block] = []
    for s, (head, paras) in enumerate(sections):
        k = position[id(head)] if head is not None else None
        if k is not None:
            heading = _with_anchor(headings[k], anchors[k])
            blocks.append(Block(anchor=anchors[k], path=path_of[k], heading=heading))
        path = path_of[k] + (labels[k],) if k is not None else ()
        for j, p in enumerate(paras):
            anchor = _unique(f"{anchors[k]}-p{j + 1}" if k is not None else f"p{j + 1}", used)
            runs = tuple(RunIn(r.start, r.marker_end, r.end, _with_anchor(r.heading, _unique(
                f"{anchor}-{_slug(r.heading.marker)}", used))) for r in runins.get((s, j), ()))
            blocks.append(Block(anchor=anchor, path=path, paragraph=p, runins=runs))
    return blocks


def anchor_places(sections: Sections, blocks: list[Block]) -> tuple[list[str], dict[tuple[int, int], str]]:
    """The anchors ``assign_anchors`` gave, by what they name: each section's heading (in order), and each
    paragraph by (section, paragraph)."""
    heads: list[str] = []
    paras: dict[tuple[int, int], str] = {}
    at = iter(blocks)
    for s, (head, body) in enumerate(sections):
        if head is not None:
            heads.append(next(at).anchor)
        for j in range(len(body)):
            paras[(s, j)] = next(at).anchor
    return heads, paras
