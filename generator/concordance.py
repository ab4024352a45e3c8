"""Concordances: every use of a formulation as one line of context (keyword in context), with the speech,
its date and speaker, the outline path, and a link to the paragraph; grouped by year, so that a year of an
entry's timeline opens its lines.

A line is one Markdown list item, its left context padded to a fixed width with ideographic spaces, so the
keywords stand in one column (Han characters and full-width punctuation are all one width): a table read the
same but took Python-Markdown twice as long, and a much-used term has thousands of lines.

An entry used at most ``INLINE`` times keeps its concordance on the glossary page; a more frequent one gets a
page of its own (``concordance/<slug>.md``, not in the nav, not in the search index), so the glossary page
stays small whatever the collection's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import jinja2

from .records import Entry, Occurrence, Page
from .render import GLOSSARY_PAGE, escape_md, relative_link, speech_path
from .timeline import SpeechInfo, Usage

INLINE = 12
CONCORDANCE_DIR = "concordance"
SIDE = 12  # characters of context shown on each side of the keyword
CONTEXT = 24  # what glossary._occurrence keeps on each side (the line is cut from it)
UNDATED = "undated"
PATH_LABEL = 16  # characters of each heading of a line's outline path (a heading can run to a sentence)


def concordance_page(slug: str) -> str:
    """The page of an entry's concordance: ``双联`` -> ``concordance/双联.md``."""
    return f"{CONCORDANCE_DIR}/{slug if slug.lower() not in ('index', 'readme') else slug + '-'}.md"


def has_page(e: Entry) -> bool:
    return e.count > INLINE


def year_key(year: int | None) -> str:
    return str(year) if year is not None else UNDATED


def year_link(e: Entry, year: int | None, from_page: str) -> str:
    """Where a year of an entry's timeline leads: its lines on the concordance page, or on the glossary page."""
    if has_page(e):
        return f"{relative_link(from_page, concordance_page(e.slug))}#y{year_key(year)}"
    anchor = f"#{e.slug}-{year_key(year)}"
    return anchor if from_page == GLOSSARY_PAGE else relative_link(from_page, GLOSSARY_PAGE) + anchor


def _split(o: Occurrence) -> tuple[str, str]:
    """The context left and right of the keyword, cut to SIDE characters each, line breaks and spaces made
    single spaces; the left one padded on its left with ideographic spaces to SIDE characters (where it was
    cut, no ellipsis marks it: fonts draw … narrower than a Han character, and the keywords would not align)."""
    at = CONTEXT + 1 if o.start > CONTEXT else o.start  # glossary._occurrence puts "…" before a cut context
    left, right = o.context[:at], o.context[at + len(o.text):]
    left = " ".join(left.lstrip("…").split())
    right = " ".join(right.rstrip("…").split())
    left = left[-SIDE:]
    right = (right[:SIDE] + "…") if len(right) > SIDE or o.context.endswith("…") else right
    return "\u3000" * (SIDE - len(left)) + left, right


def _short(label: str) -> str:
    return label if len(label) <= PATH_LABEL else label[: PATH_LABEL - 1] + "…"


def rows_by_year(e: Entry, infos: dict[str, SpeechInfo], from_page: str, best: Occurrence | None = None
                 ) -> list[tuple[int | None, list[dict[str, str]]]]:
    """The concordance lines of an entry, dated years in order, then the undated; each line escaped. ``best``:
    the use that explains the term best, where no source does: its line says so."""
    groups: dict[int | None, list[tuple[tuple[str, str, int, int], dict[str, str]]]] = defaultdict(list)
    for o in e.occurrences:
        info = infos.get(o.source)
        left, right = _split(o)
        link = f"{relative_link(from_page, speech_path(o.source))}#{o.anchor}"
        who = escape_md(info.speaker) if info and info.speaker else ""
        row = {
            "date": escape_md(info.date) if info and info.date else "—",
            "left": escape_md(left),
            "keyword": escape_md(o.text),
            "right": escape_md(right),
            "link": link,
            "source": " · ".join(x for x in (who, escape_md(info.title if info else o.source),
                                              " › ".join(escape_md(_short(p)) for p in o.path)) if x)
            + ("（最能说明它的一处）" if o == best else ""),
        }
        key = ((info.date if info and info.date else "9999"), o.source, o.line, o.start)
        groups[info.year if info else None].append((key, row))
    order = sorted((y for y in groups if y is not None)) + ([None] if None in groups else [])
    return [(y, [row for _, row in sorted(groups[y], key=lambda kr: kr[0])]) for y in order]


def render_concordance(e: Entry, u: Usage, infos: dict[str, SpeechInfo], env: jinja2.Environment,
                       kind_label: str) -> Page:
    """An entry's concordance page: every use, year by year."""
    path = concordance_page(e.slug)
    years = rows_by_year(e, infos, path)
    md = env.get_template("concordance.md.j2").render(
        term=escape_md(e.term),
        kind=kind_label,
        count=e.count,
        speeches=len(e.speeches),
        back=f"{relative_link(path, GLOSSARY_PAGE)}#{e.slug}",
        years=[{"id": f"y{year_key(y)}", "label": f"{y} 年" if y is not None else "无日期的讲话", "rows": rows}
               for y, rows in years],
        undated=u.undated,
    )
    return Page(path=path, markdown=md, title=f"{e.term} · 用例")


def render_concordances(entries: Sequence[Entry], usages: dict[str, Usage], infos: dict[str, SpeechInfo],
                        env: jinja2.Environment, labels: dict[str, str]) -> list[Page]:
    """The concordance pages of the entries used more than INLINE times."""
    return [render_concordance(e, usages[e.term], infos, env, labels.get(e.kind, e.kind)) for e in entries if has_page(e)]
