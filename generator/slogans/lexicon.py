"""The lexicon of ordinary words and idioms: jieba's own dictionary file, read without importing jieba.

A quoted word that the dictionary already holds (“瓶颈”, “短板”, “一把手”) is a scare-quoted ordinary word or idiom,
not a formulation; a span that a frequent word crosses (大开放 in 扩大开放) is not a word of its text
(``boundary``). The known national formulations are ``national``'s.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from array import array
from bisect import bisect_left
from collections.abc import Container, Iterable
from functools import lru_cache
from pathlib import Path

from ..cachedir import CHECK_SIZE, cache_dir, check_of, write_atomically

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
    two 64-bit digests, and the same from run to run (blake2b, not Python's salted hash). It may carry a
    count per word (jieba's frequency), 4 bytes more a word."""

    def __init__(self, words: Iterable[str] = (), digests: Iterable[int] = ()) -> None:
        self._digests = array("Q", sorted({*(_digest(w) for w in words), *digests}))
        self._counts = array("I")

    @classmethod
    def from_sorted(cls, digests: array, counts: array | None = None) -> WordSet:  # type: ignore[type-arg]
        """A WordSet of these digests, already sorted and distinct (as ``digests`` gives them), with the
        count of each (same order) where given."""
        made = cls()
        made._digests = digests
        made._counts = counts if counts is not None else array("I")
        return made

    @property
    def counts(self) -> array:  # type: ignore[type-arg]
        return self._counts

    def count(self, word: str) -> int:
        """The word's count (0 when absent; 1 when present and the set carries no counts)."""
        d = _digest(word)
        i = bisect_left(self._digests, d)
        if i == len(self._digests) or self._digests[i] != d:
            return 0
        return self._counts[i] if self._counts else 1

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
    counts: dict[int, int] = {}
    frequent: set[int] = set()
    for m in re.finditer(r"^(\S+) (\d+)", path.read_text(encoding="utf-8"), re.M):
        d, n = _digest(m.group(1)), int(m.group(2))
        counts[d] = max(n, counts.get(d, 0))
        if n >= IDIOM_FREQ:
            frequent.add(d)
    order = sorted(counts)
    made = (WordSet.from_sorted(array("Q", order), array("I", (min(counts[d], 0xFFFFFFFF) for d in order))),
            WordSet(digests=frequent))
    if cache is not None:
        _write_cache(cache, made)
    return made


_CACHE_FORMAT = 3


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
    arrays, then the first set's word counts (4 bytes each). None when the file is missing or does not hold
    what it should (then the dictionary is read again). The digest checks it whole, where checking that each
    array is sorted took far longer."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = 16 + _CHECK
    if len(raw) < head:
        return None
    counts = array("Q")
    counts.frombytes(raw[:16])
    if len(raw) != head + 12 * counts[0] + 8 * counts[1] or raw[16:head] != _check(raw[head:]):
        return None
    arrays = []
    at = head
    for n in counts:
        digests = array("Q")
        digests.frombytes(raw[at : at + 8 * n])
        at += 8 * n
        arrays.append(digests)
    freq = array("I")
    freq.frombytes(raw[at:])
    return WordSet.from_sorted(arrays[0], freq), WordSet.from_sorted(arrays[1])


_CHECK = CHECK_SIZE
_check = check_of


def _write_cache(path: Path, sets: tuple[WordSet, WordSet]) -> None:
    counts = array("Q", [len(s) for s in sets]).tobytes()
    body = b"".join(s.digests.tobytes() for s in sets) + sets[0].counts.tobytes()
    write_atomically(path, counts + _check(body) + body)


def prepare() -> None:
    """Load the lexicons now (~8 ms from the cache, with pypinyin imported by the cleaner already): build.py
    does it before its workers fork, so that each need not load them again."""
    _lexicon()
    _pinyin_phrases()


def is_common_word(term: str) -> bool:
    """A word of the general dictionary: ``瓶颈`` -> True, ``两区同建`` -> False."""
    return term in _lexicon()[0]


ORDINARY = Path(__file__).resolve().parent.parent / "data" / "ordinary.txt"
# A dictionary word of three or more characters that jieba counts this rarely is a coined compound of political
# language (大而全 3, 形象工程 3, 唯生产力论 5), which a speech may quote as a formulation; above it (瓶颈 381,
# 铁饭碗 72, 组合拳 7) it is ordinary language.
RARE = 5


@lru_cache(maxsize=1)
def _ordinary_list() -> frozenset[str]:
    if not ORDINARY.is_file():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in ORDINARY.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in lines if w)


def is_ordinary(term: str) -> bool:
    """Ordinary language, which quotes only emphasise: ``瓶颈``, ``最后一公里`` -> True; ``大而全`` (a rare
    compound of the dictionary), ``两区同建`` -> False. Words of two characters count whatever their count."""
    if term in _ordinary_list() or re.sub(r"[，,、；;]", "", term) in _ordinary_list():
        return True
    n = word_count(term)
    return n > 0 and (len(term) <= 2 or n > RARE)


def word_count(word: str) -> int:
    """How often jieba's dictionary counts the word: ``扩大`` -> thousands, ``两区同建`` -> 0."""
    return _lexicon()[0].count(word)


@lru_cache(maxsize=1)
def _pinyin_phrases() -> Container[str]:
    """The phrases pypinyin knows: rich in idioms (一石二鸟, 一差二错) that jieba rates as rare. (pypinyin's
    own dict, looked up in place: a copy of its keys cost ~20 MB.)"""
    try:
        from pypinyin.phrases_dict import phrases_dict
    except ImportError:
        return frozenset()
    return phrases_dict  # type: ignore[no-any-return]


def is_frequent_idiom(term: str) -> bool:
    """A set phrase of four characters or more that jieba counts often (四两拨千斤 32, 三皇五帝 32, 一举两得 67):
    an idiom, whatever numerals it holds; never a national formulation of the list (一穷二白 stays one)."""
    from .national import known  # national imports this module

    return len(term) >= 4 and known(term) is None and term in _lexicon()[1]


def is_idiom(term: str) -> bool:
    """An idiom or set phrase that a numeral shape may catch: ``一举两得`` -> True, ``一岗双责`` -> False."""
    from .national import known  # national imports this module

    if known(term) is not None:
        return False
    return term in _lexicon()[1] or term in _pinyin_phrases()
