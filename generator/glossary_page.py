"""The glossary page and its concordance pages.

The page: what the glossary holds and where its meanings come from, the speech-by-term chart (saying what it
leaves out), the formulations each year introduced and dropped, then the entries in pinyin order under letter
sections (a reader's script re-sorts them by frequency or first use). Each entry: kind, meaning and its source,
components, the same formulation's other wordings, what it contains and belongs to, first and last use, its
timeline, and its concordance (``concordance``).

Every decision (order, anchors, links, escaping) is made here; the templates only arrange.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import jinja2

from .chart import Column, left_out, matrix_svg, pick, timeline_markdown
from .concordance import has_page, render_concordances, rows_by_year, year_key, year_link
from .concordance import concordance_page
from .glossary import simplified
from .records import Entry, Glossary, Occurrence, Outline, Page
from .render import GLOSSARY_PAGE, escape_md, escape_title, relative_link, speech_path
from .slogans.describe import KIND_LABELS
from .timeline import SpeechInfo, Usage, span, speech_infos, usage, year_chars, year_changes

# Readings pypinyin gets wrong at the start of a formulation: (character, reading, unless followed by one of).
# 长三角, 长效机制 are cháng; 长官, 长大 are zhǎng.
LEADING_READINGS: tuple[tuple[str, str, str], ...] = (
    ("长", "chang2", "大官辈者老子孙"),
    ("重", "zhong4", "庆复新阳"),
)
# Characters whose tone changes with the next one in speech (一月 yí yuè in pypinyin's phrase list): a
# dictionary orders by the citation tone.
CITATION_TONES = {"一": "yi1", "不": "bu4"}
SPEAKERS_SHOWN = 5


def sort_key(term: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The word's reading as a dictionary orders it: syllables first, then tones, then the characters:
    ``一月一交账`` -> (("yi", "yue", "yi", "jiao", "zhang"), ("1", "4", "1", "1", "4"), "一月一交账"), so it comes
    before 一战略两战役 (yi zhan…)."""
    # Imported here: only the glossary page needs pypinyin's phrase list (not `clean`, `outline` or `check`).
    from pypinyin import Style, lazy_pinyin

    readings = lazy_pinyin(term, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: list(s))
    if len(readings) == len(term):
        readings = [CITATION_TONES.get(ch, r) for ch, r in zip(term, readings)]
    for char, reading, unless in LEADING_READINGS:
        if term.startswith(char) and term[1:2] not in unless and readings:
            readings[0] = reading
    syllables = tuple(re.sub(r"\d$", "", r.lower()) for r in readings)
    tones = tuple(r[-1] if r[-1:].isdigit() else "0" for r in readings)
    return syllables, tones, term


def initial(term: str) -> str:
    """The letter section of a term: ``双联`` -> "S"; "#" when it starts with no letter at all."""
    first = sort_key(term)[0][0][:1].upper() if term else ""
    return first if "A" <= first <= "Z" else "#"


def _link(occ: Occurrence, from_page: str = GLOSSARY_PAGE) -> str:
    return f"{relative_link(from_page, speech_path(occ.source))}#{occ.anchor}"


def _highlight(context: str, text: str) -> str:
    """Escape a context snippet, with the term in bold: ``…推进“双联”行动…``."""
    at = context.find(text)
    if at < 0 or not text:
        return escape_md(context)
    return escape_md(context[:at]) + "**" + escape_md(text) + "**" + escape_md(context[at + len(text):])


def _headings_naming(entries: Sequence[Entry], outlines: Sequence[Outline]) -> dict[str, list[tuple[str, str]]]:
    """(label, link) of the headings that name each entry used nowhere else: headings are never linked, but
    the glossary says where the term stands. One pass over the headings for all such entries."""
    wanted = sorted({e.term for e in entries if not e.occurrences}, key=len, reverse=True)
    out: dict[str, list[tuple[str, str]]] = {}
    if not wanted:
        return out
    pattern = re.compile("|".join(map(re.escape, wanted)))
    for o in outlines:
        for b in o.blocks:
            h = b.heading
            if h is None:
                continue
            for term in {m.group() for m in pattern.finditer(simplified(h.label))}:
                link = f"{relative_link(GLOSSARY_PAGE, speech_path(o.speech.meta.source))}#{b.anchor}"
                out.setdefault(term, []).append((escape_md(h.label), link))
    return out


def _who(name: str | None) -> str:
    return escape_md(name) if name else "未署名"


def entry_view(e: Entry, u: Usage, order: int, slugs: dict[str, str], infos: dict[str, SpeechInfo],
               years: tuple[int, int] | None, active: set[int], headings: list[tuple[str, str]]) -> dict[str, object]:
    """What the template shows for one entry, every string escaped."""
    where = ""
    if e.meaning_from == "speech" and e.expansion_at is not None:
        at = e.expansion_at
        title = infos[at.source].title if at.source in infos else at.source
        where = f'[{escape_md(title)}]({_link(at)} "{escape_title(at.context)}")'
    context = None
    if e.context is not None and has_page(e):  # inline, the best use is marked among the lines below instead
        c = e.context
        context = {"text": _highlight(c.context, c.text), "link": _link(c),
                   "title": escape_md(infos[c.source].title if c.source in infos else c.source)}
    meaning_shows_components = bool(e.meaning) and all(part in e.meaning for part in e.components)
    timeline = ""
    if years is not None and u.years:
        links = {p.year: year_link(e, p.year, GLOSSARY_PAGE) for p in u.years}
        timeline = timeline_markdown(u, years, active, links, e.term)
    inline = [] if has_page(e) else [
        {"id": f"{e.slug}-{year_key(y)}", "label": f"{y} 年" if y is not None else "无日期", "rows": rows}
        for y, rows in rows_by_year(e, infos, GLOSSARY_PAGE, best=e.context)
    ]
    return {
        "term": escape_md(e.term),
        "slug": e.slug,
        "order": order,
        "first_date": u.first.date if u.first else "",
        "kind": KIND_LABELS.get(e.kind, e.kind),
        "year": e.year,
        "count": e.count,
        "speeches": len(e.speeches),
        "variants": "、".join(escape_md(v) for v in e.variants),
        "meaning": escape_md(e.meaning),
        "meaning_from": e.meaning_from,
        "where": where,
        "context": context,
        "components": "" if meaning_shows_components else "、".join(escape_md(p) for p in e.components),
        "same_as": [(escape_md(t), slugs[t]) for t in e.same_as if t in slugs],
        "parts": [(escape_md(t), slugs[t]) for t in e.parts if t in slugs],
        "part_of": [(escape_md(t), slugs[t]) for t in e.part_of if t in slugs],
        "first": {"date": u.first.date, "who": _who(u.first.speaker)} if u.first else None,
        "last": {"date": u.last.date, "who": _who(u.last.speaker)} if u.last else None,
        "speakers": [(_who(name), n) for name, n in u.speakers[:SPEAKERS_SHOWN]],
        "speakers_more": max(0, len(u.speakers) - SPEAKERS_SHOWN),
        "undated": u.undated,
        "timeline": timeline,
        "inline": inline,
        "concordance": relative_link(GLOSSARY_PAGE, concordance_page(e.slug)) if has_page(e) else "",
        "headings": headings,
    }


def _usages(glossary: Glossary, outlines: Sequence[Outline]) -> tuple[dict[str, SpeechInfo], dict[str, Usage]]:
    infos = speech_infos(outlines)
    chars = year_chars(infos)
    return infos, {e.term: usage(e, infos, chars) for e in glossary.entries}


def render_glossary(glossary: Glossary, outlines: Sequence[Outline], env: jinja2.Environment,
                    made: tuple[dict[str, SpeechInfo], dict[str, Usage]] | None = None) -> Page:
    """The glossary page ``glossary.md``: chart, years, then letter sections (``## S``) of entries."""
    infos, usages = made or _usages(glossary, outlines)
    slugs = {e.term: e.slug for e in glossary.entries}
    ordered = sorted(glossary.entries, key=lambda e: sort_key(e.term))
    years = span(infos)
    active = {i.year for i in infos.values() if i.year is not None}
    headings = _headings_naming(glossary.entries, outlines)
    sections: list[dict[str, object]] = []
    for n, e in enumerate(ordered):
        letter = initial(e.term)
        if not sections or sections[-1]["letter"] != letter:
            sections.append({"letter": letter, "entries": []})
        view = entry_view(e, usages[e.term], n, slugs, infos, years, active, headings.get(e.term, []))
        sections[-1]["entries"].append(view)  # type: ignore[union-attr]
    columns = [Column(o.speech.meta.source, str(i), infos[o.speech.meta.source].title)
               for i, o in enumerate(outlines, start=1)]
    _, shown = pick(glossary.entries, columns)  # the legend names the speeches the chart shows
    legend = [{"label": c.label, "title": escape_md(c.title), "link": relative_link(GLOSSARY_PAGE, speech_path(c.source))}
              for c in shown]
    out = left_out(glossary.entries, columns)
    changes = [
        {"year": c.year, "speeches": c.speeches,
         "introduced": [(escape_md(t), slugs[t]) for t in c.introduced],
         "dropped": [(escape_md(t), slugs[t]) for t in c.dropped]}
        for c in year_changes(usages, infos)
    ]
    sources = {"list": 0, "speech": 0, "": 0}
    for e in glossary.entries:
        sources[e.meaning_from] = sources.get(e.meaning_from, 0) + 1
    md = env.get_template("glossary.md.j2").render(
        entries=len(glossary.entries),
        speeches=len({s for e in glossary.entries for s in e.speeches}),
        sources=sources,
        undated=len([i for i in infos.values() if i.year is None]),
        dated=len([i for i in infos.values() if i.year is not None]),
        years=years,
        chart=matrix_svg(glossary.entries, columns),
        legend=legend,
        left_out={"rule": out.rule, "count": len(out.terms),
                  "terms": "、".join(f"[{escape_md(e.term)}](#{e.slug})"
                                    for e in sorted(out.terms, key=lambda e: sort_key(e.term))) + "。",
                  "unused": [(escape_md(e.term), e.slug) for e in sorted(out.unused, key=lambda e: sort_key(e.term))],
                  "columns": out.columns},
        changes=changes,
        sections=sections,
        letters=[s["letter"] for s in sections],
        letter_ids={s["letter"]: _letter_id(str(s["letter"])) for s in sections},
    )
    return Page(path=GLOSSARY_PAGE, markdown=md, title="提法词表")


def glossary_pages(glossary: Glossary, outlines: Sequence[Outline], env: jinja2.Environment) -> list[Page]:
    """The glossary page, then the concordance pages of its most used entries."""
    made = _usages(glossary, outlines)
    infos, usages = made
    page = render_glossary(glossary, outlines, env, made)
    return [page, *render_concordances(glossary.entries, usages, infos, env, KIND_LABELS)]


def _letter_id(letter: str) -> str:
    return "letter-" + (letter.lower() if re.fullmatch("[A-Z]", letter) else "other")
