"""The standing national formulations (``data/formulations.yml``): what they mean, when they were put forward,
their parts, and the other wordings that count as the same formulation (八项规定 / 中央八项规定).

The list recognises a formulation where a speech uses it, quoted or not, and gives it a meaning; it never
rewrites a speaker's words. Each wording is an entry of its own (formulations are quoted verbatim), linked to
the others of its record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "formulations.yml"
KINDS = frozenset({"numbered-formula", "parallel", "motto", "strategy", "campaign", "policy", "doctrine", "plan",
                   "goal", "label", "formulation"})


@dataclass(frozen=True, slots=True)
class Formulation:
    """One record of the list: ``新发展理念`` (2015) = 创新、协调、绿色、开放、共享."""

    term: str
    kind: str
    meaning: str
    year: int | None = None
    parts: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    quoted_only: bool = False  # the term (not its variants) counts only in quotes or before one of ``heads``
    heads: tuple[str, ...] = ()

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


class DataError(ValueError):
    """A record of the data file that cannot be used: the message names it and says what is wrong."""


def _record(item: object, at: int) -> Formulation:
    if not isinstance(item, dict) or not item.get("term") or not item.get("meaning"):
        raise DataError(f"formulations.yml record {at}: needs at least a term and a meaning, got {item!r}")
    kind = str(item.get("kind") or "formulation")
    if kind not in KINDS:
        raise DataError(f"formulations.yml record {at} ({item['term']}): unknown kind {kind!r}; one of {sorted(KINDS)}")
    year = item.get("year")
    return Formulation(
        term=str(item["term"]),
        kind=kind,
        meaning=str(item["meaning"]),
        year=int(year) if year is not None else None,
        parts=tuple(str(p) for p in item.get("parts") or ()),
        variants=tuple(str(v) for v in item.get("variants") or ()),
        quoted_only=item.get("match") == "quoted",
        heads=tuple(str(h) for h in item.get("heads") or ()),
    )


@lru_cache(maxsize=4)
def formulations(path: Path = DATA) -> tuple[Formulation, ...]:
    """Every record of the data file, in its order."""
    if not path.is_file():
        return ()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    records = tuple(_record(item, i) for i, item in enumerate(raw, start=1))
    seen: dict[str, str] = {}
    for f in records:
        for w in f.wordings:
            if w in seen:
                raise DataError(f"formulations.yml: the wording {w} belongs to both {seen[w]} and {f.term}")
            seen[w] = f.term
    return records


@lru_cache(maxsize=1)
def _by_wording() -> dict[str, Formulation]:
    return {w: f for f in formulations() for w in f.wordings}


@lru_cache(maxsize=1)
def _by_parts() -> dict[tuple[str, ...], Formulation]:
    return {f.parts: f for f in formulations() if len(f.parts) > 1}


@lru_cache(maxsize=65536)
def known(term: str) -> Formulation | None:
    """The record worded ``term`` (its term or a variant), or whose parts are exactly the items of ``term``:
    ``中央八项规定`` -> 八项规定's record; ``创新、协调、绿色、开放、共享`` -> 新发展理念's."""
    found = _by_wording().get(term)
    if found is not None:
        return found
    items = tuple(x for x in re.split(r"[、，,]", term) if x)
    return _by_parts().get(items) if len(items) > 1 else None


def quoted_only(term: str) -> tuple[str, ...] | None:
    """For a wording that counts only in quotes: the words after which it counts unquoted too (maybe none);
    None for any other wording."""
    f = _by_wording().get(term)
    if f is None or not f.quoted_only or term != f.term:
        return None
    return f.heads


@lru_cache(maxsize=1)
def wording_pattern() -> re.Pattern[str] | None:
    """Every wording, longest first, as one pattern. A quoted-only wording is in it too, so that where it
    stands unquoted (习近平新时代中国特色社会主义思想) no shorter wording inside it (新时代中国特色社会主义) is
    taken for a use of its own; ``counts_unquoted`` then says whether the match counts."""
    wordings = sorted({w for f in formulations() for w in f.wordings if len(w) >= 2}, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, wordings))) if wordings else None


def counts_unquoted(text: str, start: int, end: int) -> bool:
    """Whether the wording matched at ``text[start:end]`` counts there without quotes: always, unless it is
    quoted-only, and then only before one of its heads (“十五”计划 or 十五计划, never 十五年)."""
    heads = quoted_only(text[start:end])
    return heads is None or (bool(heads) and text.startswith(heads, end))
