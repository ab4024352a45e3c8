"""Formulations followed through time: when each was first and last used in the collection, by whom, and how
often each year, per 10,000 characters of that year's speeches (so that one long report does not outweigh a
year of short speeches); and which formulations each year introduced and dropped.

Undated speeches count everywhere else (counts, concordance) but have no place on a timeline; ``Usage`` says
how many uses that leaves out. Everything here is linear in the occurrences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .records import Entry, Outline

PER = 10_000  # a rate is per this many characters of the year's speeches


@dataclass(frozen=True, slots=True)
class SpeechInfo:
    """What a timeline needs of a speech: its date, speaker, title and length (characters of its body)."""

    source: str
    title: str
    date: str | None
    speaker: str | None
    chars: int

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass(frozen=True, slots=True)
class Use:
    """The first or last dated use: the speech's date, source and speaker."""

    date: str
    source: str
    speaker: str | None


@dataclass(frozen=True, slots=True)
class YearPoint:
    """One year of an entry's timeline: its uses, in how many speeches, and the rate per 10,000 characters."""

    year: int
    uses: int
    speeches: int
    rate: float


@dataclass(frozen=True, slots=True)
class Usage:
    """An entry through time."""

    first: Use | None
    last: Use | None
    years: tuple[YearPoint, ...]  # the years it is used in, in order
    undated: int  # uses in speeches without a date (not on the timeline)
    speakers: tuple[tuple[str, int], ...]  # who used it, most uses first ("" for speeches without a speaker)


def speech_infos(outlines: Iterable[Outline]) -> dict[str, SpeechInfo]:
    """Each speech's date, speaker, title and length, by source."""
    out: dict[str, SpeechInfo] = {}
    for o in outlines:
        m = o.speech.meta
        chars = sum(len(p.text) for p in o.speech.paragraphs)
        out[m.source] = SpeechInfo(m.source, m.title or m.source, m.date, m.speaker, chars)
    return out


def year_chars(infos: dict[str, SpeechInfo]) -> dict[int, int]:
    """The characters of the dated speeches of each year."""
    out: Counter[int] = Counter()
    for info in infos.values():
        if info.year is not None:
            out[info.year] += info.chars
    return dict(out)


def usage(entry: Entry, infos: dict[str, SpeechInfo], chars: dict[int, int]) -> Usage:
    """``entry`` through time: first and last dated use, uses and rate by year, speakers."""
    by_year: dict[int, list[str]] = defaultdict(list)
    undated = 0
    speakers: Counter[str] = Counter()
    dated: list[tuple[str, str]] = []
    for o in entry.occurrences:
        info = infos.get(o.source)
        speakers[(info.speaker if info else None) or ""] += 1
        if info is None or info.year is None or info.date is None:
            undated += 1
            continue
        by_year[info.year].append(o.source)
        dated.append((info.date, o.source))
    years = tuple(
        YearPoint(y, len(srcs), len(set(srcs)), len(srcs) * PER / chars[y] if chars.get(y) else 0.0)
        for y, srcs in sorted(by_year.items())
    )

    def use(date_source: tuple[str, str] | None) -> Use | None:
        if date_source is None:
            return None
        date, source = date_source
        return Use(date, source, infos[source].speaker)

    return Usage(
        first=use(min(dated, default=None)),
        last=use(max(dated, default=None)),
        years=years,
        undated=undated,
        speakers=tuple(sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


@dataclass(frozen=True, slots=True)
class YearChange:
    """One year of the collection: its dated speeches, the formulations first used that year, and those last
    used that year (``dropped`` is empty for the collection's last year: nothing can be said to stop there)."""

    year: int
    speeches: int
    introduced: tuple[str, ...]
    dropped: tuple[str, ...]


def year_changes(usages: dict[str, Usage], infos: dict[str, SpeechInfo]) -> list[YearChange]:
    """Year by year, which formulations appear for the first time and which for the last time."""
    per_year = Counter(info.year for info in infos.values() if info.year is not None)
    if not per_year:
        return []
    final = max(per_year)
    introduced: dict[int, list[str]] = defaultdict(list)
    dropped: dict[int, list[str]] = defaultdict(list)
    for term, u in usages.items():
        if u.first is not None:
            introduced[int(u.first.date[:4])].append(term)
        if u.last is not None and int(u.last.date[:4]) < final:
            dropped[int(u.last.date[:4])].append(term)
    return [YearChange(y, per_year[y], tuple(sorted(introduced[y])), tuple(sorted(dropped[y])))
            for y in sorted(per_year)]


def span(infos: dict[str, SpeechInfo]) -> tuple[int, int] | None:
    """The first and last year of the dated speeches, or None when no speech has a date."""
    years = [i.year for i in infos.values() if i.year is not None]
    return (min(years), max(years)) if years else None


def undated_speeches(infos: dict[str, SpeechInfo]) -> Sequence[SpeechInfo]:
    return [i for i in infos.values() if i.year is None]
