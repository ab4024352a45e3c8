"""A deterministic benchmark corpus of N real-length speeches, made at run time from the documents in
``../shared/corpus/docs`` (work reports, congress reports, speeches scraped from news sites).

Those documents are public texts without a licence: they are read where they lie and the varied copies are
written only into the benchmark's working folder, never into the repository.

Each document is varied as ``bench.corpus`` varies the bundled seeds, kept to what a real scrape looks like:

- paragraphs (lines, or the ``　　``/U+2003 segments of a single-line scrape) are shuffled, but only among the
  plain paragraphs between two headings (a marked paragraph or a short line with no sentence end), the first
  after a heading staying with it, so the outline keeps its order;
- Arabic numerals get new digits, except in dates (``2022年10月16日`` stays a date the cleaner can read) and
  outline markers (``1．``, ``（2）``);
- a dated chrome line opens the file (so the nav has years) and an invented place opens a short title line;
- a quarter of the copies switch script, another quarter some paragraphs (OpenCC), as in ``bench.corpus``.

The first and last few paragraphs (head: title, date, salutation; tail: footers, licences) stay in place.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from bench.corpus import PLACES, ROOT, CorpusSeed, _opencc, _script_of

# Where the development corpus lies beside the repository (absent on a machine without it).
REAL_DOCS = ROOT.parent / "shared" / "corpus" / "docs"

# A paragraph ends at a newline run, or at the full-width indent or em-space run that single-line scrapes put
# between paragraphs. The separator stays with the paragraph before it, so shuffled text keeps its layout.
_UNIT = re.compile(r"[\s\u2003]*[^\s\u2003]+(?:[ \t　](?![\s　])[^\s\u2003]+)*(?:[ \t]*\n+|　　+[ \t]*|\u2003+)?|\s+")
# A paragraph that opens with an outline marker is a heading: it and everything after it keep their order
# relative to the other headings.
_HEADING = re.compile(
    r"^[\s　]*(?:[一二三四五六七八九十]+[、，,．.]|[（(][一二三四五六七八九十\d]+[)）]|\d+[．.、]"
    r"|第[一二三四五六七八九十]+(?:[，、,：:]|部分|个问题|章|节)|[一二三四五六七八九十]是)"
)
# Digit runs that belong to a date or an outline marker keep their digits: 2022年10月16日, 2022-10-16, 10月28日,
# 1．, 2、, （3）, and 4. at the start of a paragraph (new digits would break the markers' sequence).
_KEPT_DIGITS = re.compile(
    r"\d{4}(?:年|-\d{1,2}-\d{1,2})(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}[日号]"
    r"|\d{1,2}(?=[．、])|(?<=[（(])\d{1,2}(?=[)）])|(?:^|(?<=[\n　\u2003]))\d{1,2}(?=\.)"
)
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[。！？!?；;：:]")
# The first paragraphs hold a scrape's title, date and salutation, the last ones its footers and licence: they stay.
_KEEP_HEAD, _KEEP_TAIL = 3, 2


def real_documents(folder: Path = REAL_DOCS) -> list[tuple[str, str]]:
    """The documents as (name, text), in name order; [] when the folder is not there."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


def _is_heading(unit: str) -> bool:
    """A marker opens it, or it is a short line with no sentence end (an unnumbered section line)."""
    t = unit.strip()
    return bool(_HEADING.match(t)) or (0 < len(t) <= 40 and not _SENTENCE_END.search(t) and unit.endswith("\n"))


def _units(text: str) -> list[str]:
    """The text as paragraphs, each with the separator after it: ``"".join(_units(t)) == t``. A piece that
    ends with no separator (a lone full-width space inside a paragraph ends a match) stays with the next one."""
    out: list[str] = []
    for u in _UNIT.findall(text):
        if out and not out[-1][-1:].isspace():
            out[-1] += u
        else:
            out.append(u)
    return out


def _shuffle_runs(units: list[str], rng: random.Random) -> list[str]:
    """Shuffle each run of plain paragraphs between headings; head, tail and headings stay where they are."""
    if len(units) <= _KEEP_HEAD + _KEEP_TAIL + 1:
        return units
    head, body, tail = units[:_KEEP_HEAD], units[_KEEP_HEAD:-_KEEP_TAIL], units[-_KEEP_TAIL:]
    out: list[str] = []
    run: list[str] = []
    after_heading = False
    for u in body:
        if _is_heading(u) or after_heading or not u.strip():
            rng.shuffle(run)
            out += run + [u]
            run = []
            # The paragraph right after a heading stays with it: a heading split from its sentence by a link
            # (Wikisource) is joined with the line that follows it.
            after_heading = _is_heading(u)
        else:
            run.append(u)
    rng.shuffle(run)
    return head + out + run + tail


def _vary_numbers(text: str, rng: random.Random) -> str:
    """New digits of the same length for every run of Arabic digits that is not part of a date or a marker."""
    keep = [m.span() for m in _KEPT_DIGITS.finditer(text)]

    def repl(m: re.Match[str]) -> str:
        if any(a <= m.start() < b for a, b in keep):
            return m.group()
        n = len(m.group())
        first = str(rng.randint(1, 9)) if n > 1 or m.group() != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))

    return _DIGITS.sub(repl, text)


@lru_cache(maxsize=256)
def _script(text: str) -> str:
    return _script_of(text)


def make_real_seed(index: int, base_name: str, base_text: str, rng: random.Random) -> CorpusSeed:
    """One varied copy of one real document."""
    script = _script(base_text)
    units = _shuffle_runs(_units(base_text), rng)
    place = rng.choice(PLACES)
    if script == "traditional":
        place = _opencc("s2t").convert(place)
    # A short first line with no sentence end is a title: the place opens it, so copies differ in their titles.
    first = next((i for i, u in enumerate(units) if u.strip()), None)
    if first is not None and 4 <= len(units[first].strip()) <= 60 and not _SENTENCE_END.search(units[first]):
        units[first] = units[first].replace(units[first].strip(), place + units[first].strip(), 1)
    text = _vary_numbers("".join(units), rng)
    year = rng.randint(2008, 2024)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:00"
    stamp = "時間:" if script == "traditional" else "时间:"
    text = f"{stamp}{date}\n\n{text}"
    roll = rng.random()
    conv = _opencc("t2s" if script == "traditional" else "s2t")
    if roll < 0.25:
        text = conv.convert(text)
    elif roll < 0.5:
        text = "".join(conv.convert(u) if rng.random() < 0.3 else u for u in _units(text))
    return CorpusSeed(name=f"{index:05d}_{Path(base_name).stem}.txt", base=base_name, text=text)


def make_real_corpus(n: int, rng_seed: int = 7, bases: Sequence[tuple[str, str]] | None = None) -> list[CorpusSeed]:
    """N varied copies of the real documents, every document at least once when N allows; the same arguments
    always give the same texts. Raises FileNotFoundError when there are no documents."""
    bases = list(bases if bases is not None else real_documents())
    if not bases:
        raise FileNotFoundError(f"no real documents at {REAL_DOCS}")
    rng = random.Random(rng_seed)
    out: list[CorpusSeed] = []
    for i in range(n):
        name, text = bases[i % len(bases)] if i < len(bases) else rng.choice(bases)
        out.append(make_real_seed(i, name, text, random.Random(rng.getrandbits(64))))
    return out
