"""The glossary page: entries in pinyin order under letter sections, each with its anchor, kind, expansion,
links to related entries, and every occurrence linked to its paragraph; the speech-by-term chart on top.

Every decision (order, anchors, links, escaping) is made here; docs_templates/glossary.md.j2 only arranges.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import jinja2

from .chart import Column, matrix_svg, pick
from .glossary import simplified
from .records import Entry, Glossary, Occurrence, Outline, Page
from .render import GLOSSARY_PAGE, escape_md, escape_title, relative_link, speech_path
from .slogans.describe import KIND_LABELS

# An entry lists its first OCCURRENCES_SHOWN uses in full; the rest are summed up as links to the speeches
# (their first use), at most SPEECHES_SHOWN of them. Every use in a speech page still links to the entry.
# Uncapped, a term used in every speech of a 1,000-speech corpus made an 8.6 MB glossary page.
OCCURRENCES_SHOWN = 20
SPEECHES_SHOWN = 50

# Readings pypinyin gets wrong at the start of a formulation: (character, reading, unless followed by one of).
# 长三角, 长效机制 are cháng; 长官, 长大 are zhǎng.
LEADING_READINGS: tuple[tuple[str, str, str], ...] = (
    ("长", "chang2", "大官辈者老子孙"),
    ("重", "zhong4", "庆复新阳"),
)


def sort_key(term: str) -> tuple[tuple[str, ...], str]:
    """Pinyin with tone numbers, then the term: ``长三角`` -> (("chang2", "san1", "jiao3"), "长三角")."""
    # Imported here: pypinyin takes ~0.15 s to import, and only the glossary page needs it (not `clean`,
    # `outline` or `check`).
    from pypinyin import Style, lazy_pinyin

    readings = lazy_pinyin(term, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))
    for char, reading, unless in LEADING_READINGS:
        if term.startswith(char) and term[1:2] not in unless and readings:
            readings[0] = reading
    return tuple(r.lower() for r in readings), term


def initial(term: str) -> str:
    """The letter section of a term: ``双联`` -> "S"; "#" when it starts with no letter at all."""
    first = sort_key(term)[0][0][:1].upper() if term else ""
    return first if "A" <= first <= "Z" else "#"


def _link(occ: Occurrence) -> str:
    return f"{relative_link(GLOSSARY_PAGE, speech_path(occ.source))}#{occ.anchor}"


def _highlight(context: str, text: str) -> str:
    """Escape a context snippet, with the term in bold: ``…推进“双联”行动…``."""
    at = context.find(text)
    if at < 0 or not text:
        return escape_md(context)
    return escape_md(context[:at]) + "**" + escape_md(text) + "**" + escape_md(context[at + len(text):])


def _headings_with(term: str, outlines: Sequence[Outline]) -> list[tuple[str, str]]:
    """(label, link) of the headings that name a term: headings are never linked, but the glossary says so."""
    out: list[tuple[str, str]] = []
    for o in outlines:
        for b in o.blocks:
            h = b.heading
            if h is not None and term in simplified(h.label):
                label = h.label
                link = f"{relative_link(GLOSSARY_PAGE, speech_path(o.speech.meta.source))}#{b.anchor}"
                out.append((escape_md(label), link))
    return out


def entry_view(e: Entry, slugs: dict[str, str], titles: dict[str, str], outlines: Sequence[Outline]) -> dict[str, object]:
    """What the template shows for one entry, every string escaped."""
    where = ""
    if e.expansion_at is not None:
        at = e.expansion_at
        where = f'[{escape_md(titles.get(at.source, at.source))}]({_link(at)} "{escape_title(at.context)}")'
    occurrences = [
        {
            "context": _highlight(o.context, o.text),
            "link": _link(o),
            "title": escape_md(titles.get(o.source, o.source)),
            "path": " › ".join(escape_md(p) for p in o.path),
        }
        for o in e.occurrences[:OCCURRENCES_SHOWN]
    ]
    rest = e.occurrences[OCCURRENCES_SHOWN:]
    first_in: dict[str, Occurrence] = {}
    for o in rest:
        first_in.setdefault(o.source, o)
    more_speeches = [(escape_md(titles.get(src, src)), _link(o)) for src, o in list(first_in.items())[:SPEECHES_SHOWN]]
    return {
        "term": escape_md(e.term),
        "slug": e.slug,
        "kind": KIND_LABELS.get(e.kind, e.kind),
        "variants": "、".join(escape_md(v) for v in e.variants),
        "description": escape_md(e.description),
        "expansion": "、".join(escape_md(p) for p in e.expansion),
        "expanded_here": e.expansion and "、".join(e.expansion) == e.term,
        "where": where,
        "parts": [(escape_md(t), slugs[t]) for t in e.parts if t in slugs],
        "part_of": [(escape_md(t), slugs[t]) for t in e.part_of if t in slugs],
        "count": e.count,
        "speeches": len(e.speeches),
        "occurrences": occurrences,
        "more": len(rest),
        "more_speeches": more_speeches,
        "more_speeches_left": max(0, len(first_in) - SPEECHES_SHOWN),
        "headings": _headings_with(e.term, outlines) if not e.occurrences else [],
    }


def render_glossary(glossary: Glossary, outlines: Sequence[Outline], env: jinja2.Environment) -> Page:
    """The glossary page ``glossary.md``: chart, then letter sections (``## S``) of entries (``### 双联 {: #双联 }``)."""
    titles = {o.speech.meta.source: o.speech.meta.title or o.speech.meta.source for o in outlines}
    slugs = {e.term: e.slug for e in glossary.entries}
    ordered = sorted(glossary.entries, key=lambda e: sort_key(e.term))
    sections: list[dict[str, object]] = []
    for e in ordered:
        letter = initial(e.term)
        if not sections or sections[-1]["letter"] != letter:
            sections.append({"letter": letter, "entries": []})
        sections[-1]["entries"].append(entry_view(e, slugs, titles, outlines))  # type: ignore[union-attr]
    columns = [
        Column(o.speech.meta.source, str(i), titles[o.speech.meta.source]) for i, o in enumerate(outlines, start=1)
    ]
    _, columns = pick(glossary.entries, columns)  # the legend names the speeches the chart shows
    legend = [
        {"label": c.label, "title": escape_md(c.title), "link": relative_link(GLOSSARY_PAGE, speech_path(c.source))}
        for c in columns
    ]
    md = env.get_template("glossary.md.j2").render(
        entries=len(glossary.entries),
        speeches=len({s for e in glossary.entries for s in e.speeches}),
        chart=matrix_svg(glossary.entries, columns),
        legend=legend,
        sections=sections,
        letters=[s["letter"] for s in sections],
        letter_ids={s["letter"]: _letter_id(str(s["letter"])) for s in sections},
    )
    return Page(path=GLOSSARY_PAGE, markdown=md, title="提法词表")


def _letter_id(letter: str) -> str:
    return "letter-" + (letter.lower() if re.fullmatch("[A-Z]", letter) else "other")
