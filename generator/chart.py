"""The glossary's pictures, made at build time (no script, no CDN): the matrix of which formulations appear in
which speeches (inline SVG), and each entry's timeline (a line of Markdown links drawn as bars by CSS).

Colours work on light and dark pages: text and grid use ``currentColor`` (the page's text colour), marks a
mid-tone accent that reads on both backgrounds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Entry
from .render import escape_md, escape_title
from .timeline import Usage

MAX_ROWS = 40  # the most widespread terms; the page lists every term anyway
MAX_COLUMNS = 30  # the speeches that use the shown terms most
CELL = 26
FONT = 13
ACCENT = "#e0474c"  # Material's red, as the site's palette; legible on white and on slate


@dataclass(frozen=True, slots=True)
class Column:
    """One speech: its source, a short label for the column head, its title for the tooltip."""

    source: str
    label: str
    title: str


def _label(term: str, limit: int = 9) -> str:
    return term if len(term) <= limit else term[: limit - 1] + "…"


def pick(entries: Sequence[Entry], columns: Sequence[Column]) -> tuple[list[Entry], list[Column]]:
    """The rows and columns worth drawing: terms used most widely, speeches that use them most."""
    used = [e for e in entries if e.count]
    rows = sorted(used, key=lambda e: (-len(e.speeches), -e.count, e.term))[:MAX_ROWS]
    if len(used) > MAX_ROWS and len(rows[-1].speeches) == 1:
        # Below the widest terms the cut would fall among terms of one speech each, picked by the order of
        # their strings: draw only the terms used in two speeches or more, and say so.
        rows = [e for e in rows if len(e.speeches) > 1] or rows
    if len(columns) <= MAX_COLUMNS:
        return rows, list(columns)  # every speech, in reading order, so the legend's numbers read left to right
    uses = Counter(o.source for e in rows for o in e.occurrences)  # one pass, not one per speech
    weight = {c.source: uses[c.source] for c in columns}
    shown = {c.source for c in sorted(columns, key=lambda c: -weight[c.source])[:MAX_COLUMNS] if weight[c.source]}
    return rows, [c for c in columns if c.source in shown]


def matrix_svg(entries: Sequence[Entry], columns: Sequence[Column]) -> str:
    """An SVG of terms (rows) by speeches (columns); a bubble's area is the number of uses.

    Each bubble carries a ``<title>`` (``双联 · 002… · 14 次``) and each term links to its entry.
    Returns "" when no term is used in any speech.
    """
    rows, cols = pick(entries, columns)
    if not rows or not cols:
        return ""
    label_w = FONT * max(len(_label(e.term)) for e in rows) + 12
    head_h = 28
    total_w = FONT * 4
    width = label_w + CELL * len(cols) + total_w
    height = head_h + CELL * len(rows) + 8
    top = max(e.count for e in rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="slogan-matrix" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="提法在各篇讲话中的出现次数" '
        f'style="max-width:100%;height:auto;font-size:{FONT}px;color:inherit">',
        "<title>提法 × 讲话：圆点面积表示出现次数</title>",
    ]
    for j, c in enumerate(cols):
        x = label_w + CELL * j + CELL / 2
        out.append(
            f'<text x="{x:.0f}" y="{head_h - 10}" text-anchor="middle" fill="currentColor">'
            f"<title>{escape_md(c.title)}</title>{escape_md(c.label)}</text>"
        )
    out.append(
        f'<text x="{label_w + CELL * len(cols) + 6}" y="{head_h - 10}" fill="currentColor" '
        f'fill-opacity="0.7">次数</text>'
    )
    for i, e in enumerate(rows):
        y = head_h + CELL * i + CELL / 2
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{y - CELL / 2:.0f}" width="{width}" height="{CELL}" fill="currentColor" '
                f'fill-opacity="0.05"/>'
            )
        out.append(
            f'<a href="#{escape_title(e.slug)}"><text x="{label_w - 8}" y="{y + FONT / 3:.1f}" text-anchor="end" '
            f'fill="currentColor"><title>{escape_md(e.term)}</title>{escape_md(_label(e.term))}</text></a>'
        )
        by_source: dict[str, int] = {}
        for o in e.occurrences:
            by_source[o.source] = by_source.get(o.source, 0) + 1
        for j, c in enumerate(cols):
            n = by_source.get(c.source, 0)
            if not n:
                continue
            x = label_w + CELL * j + CELL / 2
            r = 3 + (CELL / 2 - 4) * (n / top) ** 0.5
            out.append(
                f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:.1f}" fill="{ACCENT}" fill-opacity="0.85">'
                f"<title>{escape_md(e.term)} · {escape_md(c.title)} · {n} 次</title></circle>"
            )
        out.append(
            f'<text x="{label_w + CELL * len(cols) + 6}" y="{y + FONT / 3:.1f}" fill="currentColor" '
            f'fill-opacity="0.7">{e.count}</text>'
        )
    out.append("</svg>")
    # One line: a blank line inside a raw HTML block would end it in Markdown.
    return "".join(out)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """What the matrix does not draw, and why, for the page to say plainly."""

    terms: tuple[Entry, ...]  # used in the speeches but not drawn
    unused: tuple[Entry, ...]  # only in headings: no use to draw
    rule: str  # why, in Chinese
    columns: int  # speeches not drawn


def left_out(entries: Sequence[Entry], columns: Sequence[Column]) -> LeftOut:
    """The terms and speeches ``matrix_svg`` leaves out, with the rule that left them out."""
    rows, cols = pick(entries, columns)
    drawn = {e.term for e in rows}
    used = [e for e in entries if e.count]
    rest = tuple(e for e in used if e.term not in drawn)
    least = min((len(e.speeches) for e in rows), default=0)
    rule = ""
    if rest:
        rule = (f"图中只画出用得最广的 {len(rows)} 条（按见于几篇讲话、再按次数排列，最少见于 {least} 篇）；"
                f"其余 {len(rest)} 条用得较少，未画出")
    return LeftOut(rest, tuple(e for e in entries if not e.count), rule, len(columns) - len(cols))


TIMELINE_H = 24  # pixels of the tallest bar
YEAR_W = 8  # pixels of a year: a bar and its gap (docs/assets/speeches.css draws them)


def timeline_markdown(u: Usage, span: tuple[int, int], active: set[int], link: dict[int, str], term: str) -> str:
    """An entry's timeline as one Markdown line: the collection's years (``span``) left to right, a bar for
    each year the term is used, its height the rate per 10,000 characters relative to the entry's highest
    year, a thin base for the years whose speeches do not use it, blank for years without dated speeches (not
    in ``active``). Each bar is a Markdown link to that year's concordance lines (``link``), so MkDocs makes
    its URL and checks its anchor. Runs of years without a bar are one spacer each."""
    first, last = span
    top = max((p.rate for p in u.years), default=0.0) or 1.0
    used = {p.year: p for p in u.years}
    out = [f'<span class="gloss-year">{first}</span>']
    run: list[bool] = []  # the years since the last bar: whether each had speeches

    def spacer() -> None:
        if run:
            base = "gloss-base" if any(run) else "gloss-gap"
            out.append(f'<span class="{base}" style="width:{YEAR_W * len(run)}px"></span>')
            run.clear()

    for y in range(first, last + 1):
        p = used.get(y)
        if p is None:
            run.append(y in active)
            continue
        spacer()
        h = max(2, round(TIMELINE_H * p.rate / top))
        tip = f"{term} · {p.year}年：{p.uses} 次，{p.speeches} 篇讲话，每万字 {p.rate:.2f} 次"
        out.append(f'[]({link[y]} "{escape_title(tip)}"){{: .gloss-bar style="height:{h}px" }}')
    spacer()
    if last != first:
        out.append(f'<span class="gloss-year">{last}</span>')
    return "".join(out)
