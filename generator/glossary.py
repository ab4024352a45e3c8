"""The glossary of formulations (提法): the one stage that looks across speeches.

The story: find candidates in every block (quotes and numeral patterns, ``slogans.candidates``); judge them
(``slogans.judge``), with recurrence across the corpus as evidence; find where a speech spells a formula out
(``slogans.expand``); then record every occurrence of every accepted term in paragraph blocks (never in
headings, never across a damaged span) and link terms that contain one another.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .records import Block, Entry, Glossary, Occurrence, Outline
from .script import to_simplified, to_simplified_many
from .slogans.boundary import Verdict, is_whole_word, scan
from .slogans.candidates import NUMERALS, Candidate, find_candidates
from .slogans.describe import best_context, kind_of, make_slugs, same_as
from .slogans.expand import Spelled, find_expansions, split_formula
from .slogans.judge import TERM_WIDE, context_reject, evidence, is_formula, is_list, reject_reason
from .slogans.national import known, quoted_only

CONTEXT = 24  # characters of context on each side of an occurrence
# Shorter terms recur by accident (中梗阻 inside 中梗阻塞), so only terms this long count use in other speeches
# as evidence; any term quoted twice does.
RECUR_MIN = 4


@dataclass(frozen=True, slots=True)
class Place:
    """A block of one speech with its Simplified text (same length as the text displayed)."""

    outline: int
    block: Block
    text: str  # as displayed
    simplified: str


def simplified(text: str) -> str:
    """The Simplified form of ``text`` with the same length, so offsets index both: ``會議`` -> ``会议``."""
    if len(text) <= _CACHED_LEN:
        return _simplified_short(text)
    return _same_length(text, to_simplified(text))


_CACHED_LEN = 200  # headings and labels, asked for again and again (the glossary page looks in every heading)


@lru_cache(maxsize=16384)
def _simplified_short(text: str) -> str:
    return _same_length(text, to_simplified(text))


def _same_length(text: str, out: str) -> str:
    if len(out) == len(text):
        return out
    # OpenCC converted a phrase to one of a different length: convert character by character instead.
    return "".join(c if len(s := to_simplified(c)) != 1 else s for c in text)


def simplified_many(texts: Sequence[str]) -> list[str]:
    """``simplified`` of each text, with one OpenCC call for all of them."""
    return [_same_length(t, out) for t, out in zip(texts, to_simplified_many(texts))]


class _Memo:
    """Results by text, kept from one build to the next: under ``mkdocs serve`` an edit re-reads only the
    paragraphs that changed. Each build keeps only what it used; a new ``key`` (the search pattern, when the
    set of terms changed) starts afresh."""

    def __init__(self) -> None:
        self.key: object = None
        self.now: dict[str, Any] = {}
        self.before: dict[str, Any] = {}

    def start(self, key: object = None) -> None:
        self.before = self.now if key == self.key else {}
        self.key, self.now = key, {}

    def get(self, text: str, compute: Callable[[str], Any]) -> Any:
        got = self.now.get(text)
        if got is None:
            got = self.before.get(text)
            if got is None:
                got = compute(text)
            self.now[text] = got
        return got

    def clear(self) -> None:
        self.key, self.now, self.before = None, {}, {}


_SIMPLIFIED, _CANDIDATES, _RECURRING, _OCCURRING = _Memo(), _Memo(), _Memo(), _Memo()


class _PerSpeech:
    """Results by speech, kept from one build to the next: an unchanged seed's Outline is the same object in
    the next build (build.py's cache), so under ``mkdocs serve`` an edit re-reads one speech, not the corpus.
    An entry holds its outline (its id is not reused while the entry lives) and the ``key`` it was made for
    (the search pattern, the speech's position); each build keeps only what it used."""

    def __init__(self) -> None:
        self.now: dict[int, tuple[Outline, object, Any]] = {}
        self.before: dict[int, tuple[Outline, object, Any]] = {}

    def start(self) -> None:
        self.before, self.now = self.now, {}

    def kept(self, o: Outline, key: object) -> Any:
        """The value made for this speech and key in this build or the last (and kept for the next), or None."""
        memo = self.now.get(id(o)) or self.before.get(id(o))
        if memo is None or memo[0] is not o or memo[1] != key:
            return None
        self.now[id(o)] = memo
        return memo[2]

    def get(self, o: Outline, key: object, compute: Callable[[], Any]) -> Any:
        value = self.kept(o, key)
        if value is None:
            value = compute()
            self.now[id(o)] = (o, key, value)
        return value

    def clear(self) -> None:
        self.now, self.before = {}, {}


_PLACES, _JUDGED, _RECURS, _OCCURS, _SPELLED = _PerSpeech(), _PerSpeech(), _PerSpeech(), _PerSpeech(), _PerSpeech()
_BY_SPEECH = (_PLACES, _JUDGED, _RECURS, _OCCURS, _SPELLED)


def forget() -> None:
    """Drop every per-speech result kept for the next build."""
    for memo in (*_BY_SPEECH, _SIMPLIFIED, _CANDIDATES, _RECURRING, _OCCURRING):
        memo.clear()
    _simplified_short.cache_clear()
    _evidence.cache_clear()


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the glossary reads of one speech alone, made where the speech was cleaned (on every core in a
    full build): the Simplified text of each block that has text, and the candidates found there, each
    with the index of its block among those (``candidates(places)``)."""

    simplified: tuple[str, ...]
    candidates: tuple[tuple[int, Candidate], ...]


def _texts(o: Outline) -> list[tuple[Block, str]]:
    """The speech's blocks that have text, with it (a paragraph's, or a heading's), in order."""
    found = []
    for b in o.blocks:
        text = b.paragraph.text if b.paragraph is not None else (b.heading.text if b.heading else "")
        if text:
            found.append((b, text))
    return found


def prepare_speech(o: Outline) -> Prepared:
    """``Prepared`` for one speech: what ``collect_glossary`` would otherwise work out in its own process.
    A text this process has read before (a paragraph many speeches repeat) is read once, as there."""
    found = _texts(o)
    texts = [t for _, t in found]
    simple = [s if s != t else t for s, t in zip(_simplified_all(texts), texts)]  # the same str when unchanged
    places = [Place(0, b, t, s) for (b, t), s in zip(found, simple)]
    return Prepared(tuple(simple), tuple(_candidates(places)))


def _simplified_all(texts: Sequence[str]) -> list[str]:
    """``simplified`` of each text, through _SIMPLIFIED: one OpenCC call for every text not read before."""
    missing = sorted({t for t in texts if _SIMPLIFIED.now.get(t) is None and _SIMPLIFIED.before.get(t) is None})
    done = dict(zip(missing, simplified_many(missing)))
    return [_SIMPLIFIED.get(t, done.__getitem__) for t in texts]


def _places(outlines: Sequence[Outline], prepared: list[Prepared | None]) -> list[list[Place]]:
    """Each speech's places (its paragraphs and headings, in order), speech by speech. A ``prepared`` made for
    other text (another version of the speech) is not used, and is set to None there."""
    for memo in _BY_SPEECH:
        memo.start()
    _SIMPLIFIED.start()
    out: list[list[Place] | None] = []
    todo: list[tuple[int, list[tuple[Block, str]]]] = []
    for i, o in enumerate(outlines):
        places = _PLACES.kept(o, i)
        out.append(places)
        if places is not None:
            continue
        found = _texts(o)
        ready = prepared[i]
        if ready is not None and len(ready.simplified) == len(found):
            made = [Place(i, b, text, s) for (b, text), s in zip(found, ready.simplified)]
            out[i] = _PLACES.get(o, i, lambda made=made: made)
        else:
            prepared[i] = None
            todo.append((i, found))
    simple = iter(_simplified_all([t for _, found in todo for _, t in found]))
    for i, found in todo:
        made = [Place(i, b, text, next(simple)) for b, text in found]
        out[i] = _PLACES.get(outlines[i], i, lambda made=made: made)
    return out  # type: ignore[return-value]


def _damaged(place: Place, start: int, end: int) -> bool:
    p = place.block.paragraph
    if p is None or not p.marks:
        return False
    return any(m.start < end and start < m.end for m in p.marks)


def _candidates(mine: Sequence[Place]) -> list[tuple[int, Candidate]]:
    """The candidates of a speech's places that may become terms, each with its place's index. By text:
    a paragraph repeated (or unchanged since the last build) is read once."""
    return [(k, c) for k, place in enumerate(mine) for c in _CANDIDATES.get(place.simplified, find_candidates)
            if not _damaged(place, c.start, c.end) and reject_reason(c.key) is None]


def _judge(outlines: Sequence[Outline], by_speech: list[list[Place]], prepared: Sequence[Prepared | None]
           ) -> tuple[dict[str, list[tuple[Place, Candidate]]], dict[str, list[str]]]:
    """Accepted terms with the candidate spans that support them, and the evidence for each term."""
    found: dict[str, list[tuple[Place, Candidate]]] = defaultdict(list)
    _CANDIDATES.start()
    for o, mine, ready in zip(outlines, by_speech, prepared):
        made = _JUDGED.get(o, None, lambda mine=mine, ready=ready: (
            _candidates(mine) if ready is None else ready.candidates))
        for k, c in made:
            found[c.key].append((mine[k], c))
    # Recurrence is counted in distinct contexts (six characters either side), not in speeches: the same
    # speech scraped twice (two layouts, a wire copy) repeats its sentences, and is no second use.
    contexts: dict[str, set[str]] = defaultdict(set)
    pattern = _pattern([k for k in found if len(k) >= RECUR_MIN])
    if pattern is not None:
        _RECURRING.start(pattern.pattern)
        terms_in = lambda text: [(m.group(), _around(text, *m.span())) for m in pattern.finditer(text)]  # noqa: E731

        def recurring(mine: list[Place]) -> set[tuple[str, str]]:
            return {hit for place in mine for hit in _RECURRING.get(place.simplified, terms_in)}

        for o, mine in zip(outlines, by_speech):
            for term, around in _RECURS.get(o, pattern.pattern, lambda mine=mine: recurring(mine)):
                contexts[term].add(around)
    accepted: dict[str, list[tuple[Place, Candidate]]] = {}
    why: dict[str, list[str]] = {}
    for key, hits in found.items():
        if len(key) >= RECUR_MIN:
            recurs = len(contexts[key]) >= 2
        else:
            recurs = len({(c.before[-6:], c.after[:6]) for _, c in hits if c.quoted}) >= 2
        if any(context_reject(c) in TERM_WIDE for _, c in hits):
            continue
        reasons = sorted({r for _, c in hits for r in _evidence(c, recurs)})
        if reasons:
            accepted[key] = hits
            why[key] = reasons
    return accepted, why


def _around(text: str, start: int, end: int) -> str:
    """Six characters either side of a use, quotes left out: what tells two uses apart."""
    return text[max(0, start - 7) : start].strip("“「『”」』")[-6:] + "|" + text[end : end + 7].strip("“「『”」』")[:6]


# A candidate's evidence follows from the candidate alone: under `serve` the same thousands come back each edit.
_evidence = lru_cache(maxsize=1 << 16)(evidence)


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


@lru_cache(maxsize=65536)
def _unquoted_rule(term: str) -> tuple[str, ...] | None:
    """Where an unquoted use of ``term`` counts: None anywhere it is a whole word; else only before one of
    the words returned (none: only in quotes). Two characters and no numeral (南工, 北农) count only quoted,
    and so do the national terms that are also ordinary words or numbers (“十五”, “扫黄”)."""
    heads = quoted_only(term)
    if heads is not None:
        return heads
    if len(term) <= 2 and not re.search(f"[{NUMERALS}]", term) and known(term) is None:
        return ()
    return None


_QUOTED_BEFORE, _QUOTED_AFTER = "“「『", "”」』"
_LIST_SEPS = "、，,"


def _counts_in(text: str, term: str, s: int, e: int) -> Verdict:
    """Whether this use of a term counts: inside quotes always; unquoted where the term may stand unquoted
    and is a whole word of the text (not 五年 inside 五年计划: then a shorter term there may)."""
    if s and text[s - 1] in _QUOTED_BEFORE and text[e : e + 1] in _QUOTED_AFTER:
        return "keep"
    if "、" in term and (text[s - 1 : s] in _LIST_SEPS or text[e : e + 1] in _LIST_SEPS):
        return "hold"  # a list inside a longer list: 尊重知识、尊重人才 in 尊重劳动、尊重知识、尊重人才、尊重创造
    heads = _unquoted_rule(term)
    if heads is not None and not (heads and text.startswith(heads, e)):
        return "hold"
    if ORGANISATION_AFTER.match(text, e):
        return "hold"  # the name of a body: 中央全面依法治国委员会, 国家乡村振兴局
    return "keep" if is_whole_word(text, s, e) else "retry"


# Words that make what comes before them the name of a body, not a use of the formulation.
ORGANISATION_AFTER = re.compile(r"(?:委员会|领导小组|工作领导小组|办公室|研究院|研究会|促进会|基金会|局(?![面势部限]))")


def _occurrence(o: Outline, place: Place, start: int, end: int) -> Occurrence:
    text = place.text
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    context = ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")
    line = place.block.paragraph.line if place.block.paragraph else (place.block.heading.line if place.block.heading else 0)
    return Occurrence(o.speech.meta.source, line, place.block.anchor, place.block.path, context, start, end, text[start:end])


def _occurrences(outlines: Sequence[Outline], by_speech: list[list[Place]], terms: list[str]
                 ) -> dict[str, list[Occurrence]]:
    """Every occurrence of every term in paragraph blocks, longest term first, never across a damaged span."""
    out: dict[str, list[Occurrence]] = defaultdict(list)
    pattern = _pattern(terms)
    if pattern is None:
        return out
    _OCCURRING.start(pattern.pattern)  # each distinct text searched once
    spans_in = lambda text: list(scan(pattern, text, lambda t, s, e: _counts_in(text, t, s, e)))  # noqa: E731

    def occurring(o: Outline, mine: list[Place]) -> list[tuple[str, Occurrence]]:
        found: list[tuple[str, Occurrence]] = []
        for place in mine:
            if place.block.paragraph is None:
                continue  # headings stay unlinked: links there would fill the table of contents
            for term, s, e in _OCCURRING.get(place.simplified, spans_in):
                if _damaged(place, s, e):
                    continue
                found.append((term, _occurrence(o, place, s, e)))
        return found

    for o, mine in zip(outlines, by_speech):
        for term, occ in _OCCURS.get(o, pattern.pattern, lambda o=o, mine=mine: occurring(o, mine)):
            out[term].append(occ)
    return out


def _expansions(outlines: Sequence[Outline], by_speech: list[list[Place]],
                accepted: dict[str, list[tuple[Place, Candidate]]]) -> dict[str, tuple[Spelled, Place]]:
    """Where each formula is spelled out, speech by speech (the first speech that does wins)."""
    by_outline = {i: [p for p in mine if p.block.paragraph is not None] for i, mine in enumerate(by_speech)}
    hits_by_outline: dict[int, list[tuple[str, Place, Candidate]]] = defaultdict(list)
    for key, hits in accepted.items():
        for place, c in hits:
            hits_by_outline[place.outline].append((key, place, c))
    out: dict[str, tuple[Spelled, Place]] = {}
    terms_key = tuple(sorted(accepted))  # a speech's hits follow from its text and the accepted terms
    for i, o in enumerate(outlines):
        mine = by_outline[i]
        found = _SPELLED.get(o, terms_key, lambda mine=mine, i=i: _spelled_in(mine, hits_by_outline.get(i, ())))
        for term, spelled in found.items():
            out.setdefault(term, (spelled, mine[spelled.ref]))
    return out


def _spelled_in(mine: list[Place], hits: Sequence[tuple[str, Place, Candidate]]) -> dict[str, Spelled]:
    """The expansions spelled out in one speech's paragraphs (``mine``), from its candidate hits."""
    ref = {id(p): k for k, p in enumerate(mine)}
    formulas: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    lists: dict[str, list[tuple[int, int, int, str]]] = defaultdict(list)
    for key, place, c in hits:
        if id(place) not in ref:
            continue  # a heading's hit: expansions are read from paragraphs
        start = c.start - 1 if c.quoted else c.start
        if split_formula(key):
            formulas[key].append((ref[id(place)], start, c.end, c.after))
        elif "、" in key and c.quoted:
            lists[key].append((ref[id(place)], c.start, c.end, c.after))
    return find_expansions([(k, p.simplified) for k, p in enumerate(mine)], formulas, lists)


def collect_glossary(outlines: Sequence[Outline], prepared: Sequence[Prepared | None] | None = None) -> Glossary:
    """Every formulation of the speeches with its occurrences: ``“双联”行动`` -> Entry(term="双联", …).
    ``prepared``: ``prepare_speech`` of each outline, where it was made already (None: made here)."""
    ready = list(prepared) if prepared is not None else [None] * len(outlines)
    if len(ready) != len(outlines):
        raise ValueError(f"{len(ready)} prepared for {len(outlines)} outlines")
    by_speech = _places(outlines, ready)  # drops from ``ready`` what does not fit its speech
    accepted, why = _judge(outlines, by_speech, ready)
    occurrences = _occurrences(outlines, by_speech, list(accepted))
    spelled = _expansions(outlines, by_speech, accepted)
    terms = sorted(accepted)
    slugs = make_slugs(terms)
    inside = _contained(terms)
    holders: dict[str, set[str]] = defaultdict(set)  # a term -> the terms written around it
    for outer, inner in inside.items():
        for t in inner:
            holders[t].add(outer)
    dated = {o.speech.meta.source: o.speech.meta.date or "" for o in outlines}
    listed_in: dict[str, list[str]] = defaultdict(list)  # a term -> the entries whose national parts list it
    for term in terms:
        f = known(term)
        for part in f.parts if f is not None else ():
            listed_in[part].append(term)
    entries: list[Entry] = []
    for term in terms:
        occ = occurrences.get(term, [])
        hits = accepted[term]
        variants = sorted(({p.text[c.start:c.end] for p, c in hits} | {o.text for o in occ}) - {term})
        exp = spelled.get(term)
        at = None
        if exp:
            s, place = exp
            at = _occurrence(outlines[place.outline], place, s.start, s.end)
        record = known(term)
        expansion = exp[0].parts if exp else ()
        if record is not None:
            meaning = record.meaning if term in record.wordings else f"即{record.term}：{record.meaning}"
            meaning_from = "list"
        elif expansion and "、".join(expansion) != term:
            meaning, meaning_from = "、".join(expansion), "speech"
        else:
            meaning, meaning_from = "", ""
        parts = tuple(sorted(inside.get(term, ()), key=lambda t: (term.find(t), -len(t), t)))
        part_of = tuple(sorted(holders.get(term, set()) | set(listed_in.get(term, ()))))
        entries.append(
            Entry(
                term=term,
                slug=slugs[term],
                kind=kind_of(term, hits),
                variants=tuple(variants),
                meaning=meaning,
                meaning_from=meaning_from,
                year=record.year if record is not None else None,
                expansion=expansion,
                expansion_at=at,
                components=expansion or (record.parts if record is not None else ()),
                same_as=same_as(term, terms),
                context=None if meaning else best_context(occ, dated),
                parts=parts,
                part_of=part_of,
                occurrences=tuple(occ),
            )
        )
    return Glossary(entries=tuple(entries))


def _contained(terms: Sequence[str]) -> dict[str, set[str]]:
    """For each term, the other terms (two characters or more) written inside it: every substring of a term
    looked up once, so the cost grows with the terms' lengths, not with the number of pairs of terms."""
    present = set(terms)
    out: dict[str, set[str]] = {}
    for term in terms:
        found = {term[i:j] for i in range(len(term)) for j in range(i + 2, len(term) + 1)} & present
        found.discard(term)
        if found:
            out[term] = found
    return out


def _occ_json(o: Occurrence) -> dict[str, object]:
    return {"source": o.source, "line": o.line, "anchor": o.anchor, "context": o.context, "path": list(o.path),
            "start": o.start, "end": o.end, "text": o.text}


def glossary_json(glossary: Glossary) -> dict[str, object]:
    """The glossary as plain data: ``{"entries": [{"term", "variants", "kind", "count", "speeches", …}]}``."""
    return {
        "entries": [
            {
                "term": e.term,
                "slug": e.slug,
                "variants": list(e.variants),
                "kind": e.kind,
                "count": e.count,
                "speeches": list(e.speeches),
                "meaning": e.meaning,
                "meaning_from": e.meaning_from,
                "year": e.year,
                "expansion": list(e.expansion),
                "expansion_at": _occ_json(e.expansion_at) if e.expansion_at else None,
                "components": list(e.components),
                "same_as": list(e.same_as),
                "context": _occ_json(e.context) if e.context else None,
                "parts": list(e.parts),
                "part_of": list(e.part_of),
                "occurrences": [_occ_json(o) for o in e.occurrences],
            }
            for e in glossary.entries
        ]
    }


def search_terms(glossary: Glossary) -> list[str]:
    """Words for jieba's ``add_word``: each term and variant, and the items of list slogans (jieba never
    joins across 、, so ``稳中求进、好中求快`` is taught as 稳中求进 and 好中求快), three characters long too.

    Material matches a query as a prefix of one token, so a term jieba splits cannot be found by typing it:
    untaught, 四大家 is 四/大家 and 访民情 is 访/民情, and the query 四大家 or 访民情 finds nothing (while 大家
    finds 四大家). Each term is therefore one token. The price: 商贸 no longer matches inside a taught 中商贸;
    the parts a speech names (南工, 北农, 中商贸) are entries of their own, each found by its own token.

    Only pieces of up to TAUGHT_MAX characters are taught. A longer one (以人民为中心的发展思想, 工作目标力争完成)
    is a phrase a reader types in part: as one rare token it would swallow the parts (发展思想 would not find
    it) and outrank whole matches of a common word in the search's scoring (工作 matching 工作目标力争完成).
    """
    words: set[str] = set()
    for e in glossary.entries:
        for w in (e.term, *e.variants, *e.expansion):
            for piece in re.split(r"[^\w]+", w):
                if 2 <= len(piece) <= TAUGHT_MAX:
                    words.add(piece)
    return sorted(words)


TAUGHT_MAX = 7


__all__ = ["collect_glossary", "glossary_json", "search_terms", "simplified", "is_formula", "is_list"]
