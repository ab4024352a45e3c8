"""What the glossary knows besides the speeches: the common-word lexicon and the known national formulations.

The lexicon is jieba's own dictionary file, read once (~0.1 s) without importing jieba: a quoted word that the
dictionary already holds (“瓶颈”, “短板”, “一把手”) is a scare-quoted ordinary word or idiom, not a formulation.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from array import array
from bisect import bisect_left
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..cachedir import CHECK_SIZE, cache_dir, check_of, write_atomically

DATA = Path(__file__).resolve().parent.parent / "data" / "formulations.yml"


@dataclass(frozen=True, slots=True)
class Formulation:
    """A known national formulation: ``新发展理念`` with its parts ``创新、协调、绿色、开放、共享``."""

    term: str
    parts: tuple[str, ...] = ()
    description: str = ""
    kind: str = "formulation"
    unquoted: bool = False  # distinctive enough to be recognised where the speaker wrote it without quotes


def _jieba_dict() -> Path | None:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


IDIOM_FREQ = 20  # jieba frequency from which a four-character shape is an idiom (一举两得 67; 一岗双责 5)


class WordSet:
    """A set of words held as a sorted array of their 64-bit digests: 8 bytes a word, where a frozenset of
    str costs ~200 (jieba's 349,000 words: 3 MB instead of ~80). Membership is exact up to a collision of
    two 64-bit digests, and the same from run to run (blake2b, not Python's salted hash)."""

    def __init__(self, words: Iterable[str] = (), digests: Iterable[int] = ()) -> None:
        self._digests = array("Q", sorted({*(_digest(w) for w in words), *digests}))

    @classmethod
    def from_sorted(cls, digests: array) -> WordSet:  # type: ignore[type-arg]
        """A WordSet of these digests, already sorted and distinct (as ``digests`` gives them)."""
        made = cls()
        made._digests = digests
        return made

    @property
    def digests(self) -> array:  # type: ignore[type-arg]
        return self._digests

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        d = _digest(word)
        i = bisect_left(self._digests, d)
        return i < len(self._digests) and self._digests[i] == d

    def __len__(self) -> int:
        return len(self._digests)


def _digest(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[WordSet, WordSet]:
    """(every word of jieba's dictionary, the frequent ones). Empty when jieba is not installed.

    Reading the dictionary's 349,000 lines takes ~1.3 s, so the two digest arrays are kept in a cache file
    (``lexicon_cache``), keyed by the dictionary file and IDIOM_FREQ: a later build loads them in ~0.05 s."""
    path = _jieba_dict()
    if path is None:
        return WordSet(), WordSet()
    cache = lexicon_cache(path)
    kept = _read_cache(cache) if cache is not None else None
    if kept is not None:
        return kept
    # A regex over the whole file is ~3x faster than splitting it line by line; no list of all the words is made.
    digests: set[int] = set()
    frequent: set[int] = set()
    for m in re.finditer(r"^(\S+) (\d+)", path.read_text(encoding="utf-8"), re.M):
        d = _digest(m.group(1))
        digests.add(d)
        if int(m.group(2)) >= IDIOM_FREQ:
            frequent.add(d)
    made = WordSet(digests=digests), WordSet(digests=frequent)
    if cache is not None:
        _write_cache(cache, made)
    return made


_CACHE_FORMAT = 2


def lexicon_cache(dictionary: Path) -> Path | None:
    """Where the digests of this dictionary file are kept (``cachedir.cache_dir()``): one file per
    dictionary path, size and mtime."""
    try:
        st = dictionary.stat()
    except OSError:
        return None
    key = f"{_CACHE_FORMAT}|{dictionary.resolve()}|{st.st_size}|{st.st_mtime_ns}|{IDIOM_FREQ}"
    return cache_dir() / f"lexicon-{hashlib.blake2b(key.encode('utf-8'), digest_size=8).hexdigest()}.bin"


def _read_cache(path: Path) -> tuple[WordSet, WordSet] | None:
    """The two WordSets from ``path``: a header of two counts and the arrays' digest, then both sorted digest
    arrays. None when the file is missing or does not hold what it should (then the dictionary is read again).
    The digest checks it in ~6 ms (3.4 MB), where checking that each array is sorted took ~90 ms."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = 16 + _CHECK
    if len(raw) < head:
        return None
    counts = array("Q")
    counts.frombytes(raw[:16])
    if len(raw) != head + 8 * (counts[0] + counts[1]) or raw[16:head] != _check(raw[head:]):
        return None
    sets = []
    at = head
    for n in counts:
        digests = array("Q")
        digests.frombytes(raw[at : at + 8 * n])
        at += 8 * n
        sets.append(WordSet.from_sorted(digests))
    return sets[0], sets[1]


_CHECK = CHECK_SIZE
_check = check_of


def _write_cache(path: Path, sets: tuple[WordSet, WordSet]) -> None:
    counts = array("Q", [len(s) for s in sets]).tobytes()
    body = b"".join(s.digests.tobytes() for s in sets)
    write_atomically(path, counts + _check(body) + body)


def prepare() -> None:
    """Load the lexicons now (~8 ms from the cache, with pypinyin imported by the cleaner already): build.py
    does it before its workers fork, so that each need not load them again."""
    _lexicon()
    _pinyin_phrases()


def is_common_word(term: str) -> bool:
    """A word of the general dictionary: ``瓶颈`` -> True, ``两区同建`` -> False."""
    return term in _lexicon()[0]


@lru_cache(maxsize=1)
def _pinyin_phrases() -> Container[str]:
    """The phrases pypinyin knows: rich in idioms (一石二鸟, 一差二错) that jieba rates as rare. (pypinyin's
    own dict, looked up in place: a copy of its keys cost ~20 MB.)"""
    try:
        from pypinyin.phrases_dict import phrases_dict
    except ImportError:
        return frozenset()
    return phrases_dict  # type: ignore[no-any-return]


def is_idiom(term: str) -> bool:
    """An idiom or set phrase that a numeral shape may catch: ``一举两得`` -> True, ``一岗双责`` -> False."""
    if known(term) is not None:
        return False
    return term in _lexicon()[1] or term in _pinyin_phrases()


@lru_cache(maxsize=4)
def formulations(path: Path = DATA) -> tuple[Formulation, ...]:
    """The known formulations from ``data/formulations.yml``."""
    if not path.is_file():
        return ()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return tuple(
        Formulation(
            term=str(item["term"]),
            parts=tuple(str(p) for p in item.get("parts") or ()),
            description=str(item.get("description") or ""),
            kind=str(item.get("kind") or "formulation"),
            unquoted=bool(item.get("unquoted", False)),
        )
        for item in raw
    )


@lru_cache(maxsize=65536)
def known(term: str) -> Formulation | None:
    """The known formulation worded exactly ``term``, or whose parts are exactly the items of ``term``."""
    items = tuple(x for x in re.split(r"[、，,]", term) if x)
    for f in formulations():
        if f.term == term or (len(items) > 1 and f.parts == items):
            return f
    return None


@lru_cache(maxsize=1)
def unquoted_pattern() -> re.Pattern[str] | None:
    """The known formulations marked ``unquoted``, longest first, as one pattern: a strategy may carry its
    word 战略 (``乡村振兴战略``), kept as the speaker wrote it."""
    terms = sorted((f for f in formulations() if f.unquoted and len(f.term) >= 3), key=lambda f: -len(f.term))
    if not terms:
        return None
    alts = [re.escape(f.term) + ("(?:战略)?" if f.kind == "strategy" else "") for f in terms]
    return re.compile("|".join(alts))
