"""Search indexing for Chinese, fast and small. Pure Python: nothing here imports MkDocs.

- ``Segmenter``: jieba's interface (``cut``, ``add_word``, ``load_userdict``, ``set_dictionary``) over
  rjieba (jieba-rs) when it is installed, 10-40x faster and token for token the same on what Material
  segments; plain jieba otherwise, and for any input where the two could differ.
- ``Segmenter.segment``: Material's ``SearchIndex._segment_chinese`` with a cache keyed by the text, kept
  across rebuilds (``mkdocs serve`` re-indexes every page on every edit; only changed text is cut again).
- ``slim_index_json``: the index as UTF-8, not ``\\u``-escaped, without the zero-width separators that
  sit next to a separator already (the browser's tokenizer gives the same tokens without them).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any

try:  # the exact pattern Material segments with (\p{script: Han}); backrefs comes with Material
    from backrefs import bre

    HAN_SCRIPT = re.compile(bre.compile(r"(\p{script: Han}+)", bre.UNICODE).pattern)
except ImportError:  # pragma: no cover - Material always brings backrefs
    HAN_SCRIPT = re.compile("([\u2e80-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u9fff\uf900-\ufad9]+)")

ZWSP = "\u200b"
# Python jieba reads only U+4E00-U+9FD5 as Han; any other character of the Han script (〇, 々, Ext-A…)
# it yields alone. jieba-rs reads a wider range, so those characters are split off here first.
_JIEBA_HAN = re.compile("([\u4e00-\u9fd5]+)")
# Characters that make jieba's and jieba-rs's rules differ (digits, Latin, '-', '.', whitespace: 08-22
# is one token in jieba-rs, three in jieba). Text holding any of them goes to jieba itself.
_NOT_FAST = re.compile(r"[a-zA-Z0-9+#&._%\-\s]")


def _rjieba() -> Any | None:
    try:
        import rjieba
    except ImportError:
        return None
    return rjieba.Jieba()


class Segmenter:
    """jieba's interface, on rjieba where installed: ``cut("认真贯彻落实双联行动")`` -> ``['认真', '贯彻落实', '双联', '行动']``."""

    def __init__(self, backend: str = "auto") -> None:
        if backend not in ("auto", "rjieba", "jieba"):
            raise ValueError(f"backend must be auto, rjieba or jieba, not {backend!r}")
        self._fast = _rjieba() if backend != "jieba" else None
        if backend == "rjieba" and self._fast is None:
            raise ImportError("rjieba is not installed: pip install rjieba")
        self._slow: Any | None = None  # jieba's Tokenizer, loaded only when needed (~0.7 s)
        self._dictionary: str | None = None
        self._words: dict[str, tuple[int | None, str | None]] = {}
        self._version = ""  # changes whenever the dictionary does: part of every cache key
        self._cache: dict[bytes, str] = {}
        self._previous: dict[bytes, str] = {}
        self._keep = True
        self._slim: re.Pattern[str] | None = None
        self._slim_key = ""  # the separator ``segment`` slims for ("" when it does not)
        self.hits = self.misses = 0

    @property
    def backend(self) -> str:
        return "rjieba" if self._fast is not None else "jieba"

    def _jieba(self) -> Any:
        if self._slow is None:
            import jieba

            tk = jieba.Tokenizer(self._dictionary) if self._dictionary else jieba.Tokenizer()
            for word, (freq, tag) in self._words.items():
                tk.add_word(word, freq, tag)
            self._slow = tk
        return self._slow

    def _changed(self) -> None:
        raw = json.dumps([self._dictionary, sorted(self._words.items())], ensure_ascii=False)
        self._version = hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()

    def cut(self, sentence: str | bytes, cut_all: bool = False, HMM: bool = True) -> list[str]:  # noqa: N803
        """jieba.cut's tokens, as a list."""
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        if self._fast is None or cut_all or _NOT_FAST.search(text):
            return list(self._jieba().cut(text, cut_all=cut_all, HMM=HMM))
        out: list[str] = []
        for i, part in enumerate(_JIEBA_HAN.split(text)):
            if i % 2:
                out += self._fast.cut(part, HMM)
            else:
                out += part  # characters jieba does not read as Han come out one by one
        return out

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        """Keep ``word`` one token. Idempotent, unlike jieba's, whose every call adds ``freq`` to the total
        again: a term taught on each rebuild would shift other cuts from one rebuild to the next."""
        if self._words.get(word) == (freq, tag):
            return
        self._words[word] = (freq, tag)
        if self._fast is not None:
            self._fast.add_word(word, freq, tag)
        if self._slow is not None:
            self._slow.add_word(word, freq, tag)
        self._changed()

    def load_userdict(self, path: str) -> None:
        """Add every ``word [freq] [tag]`` line of a jieba user dictionary."""
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.strip().split()
                if parts:
                    freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
                    self.add_word(parts[0], freq, parts[2] if len(parts) > 2 else None)

    def set_dictionary(self, path: str) -> None:
        """Use another main dictionary: only jieba can load one, so segmentation falls back to it."""
        self._dictionary = path
        self._fast = None
        self._slow = None
        self._changed()

    def slim_for(self, separator: str | None) -> None:
        """Make ``segment`` drop the zero-width separators the browser does not need (see ``slim_text``):
        the cached string is then the one the index keeps, so the slim index costs no second copy."""
        self._slim = _redundant_zwsp(separator) if separator else None
        self._slim_key = separator if self._slim is not None else ""

    @property
    def slims(self) -> bool:
        """Whether ``segment`` returns slim text (``slim_for`` was given a separator it can slim for)."""
        return self._slim is not None

    def new_build(self, keep: bool = True) -> None:
        """Call once per build: cached cuts not used in the last build are dropped, so memory stays bounded.
        ``keep=False``: no next build will ask (a one-off build), so this one keeps no cuts either."""
        self._previous, self._cache = self._cache, {}
        self._keep = keep

    def segment(self, text: str) -> str:
        """Material's ``_segment_chinese``, cached: ``我们要认真贯彻`` -> ``我们\u200b要\u200b认真\u200b贯彻``."""
        if not self._keep and not self._previous:
            self.misses += 1
            return self._cut(text)
        raw = f"{self._version}\0{self._slim_key}\0{text}".encode("utf-8", "surrogatepass")
        key = hashlib.blake2b(raw, digest_size=16).digest()
        done = self._cache.get(key)
        if done is None:
            done = self._previous.get(key)
            if done is None:
                self.misses += 1
                done = self._cut(text)
            else:
                self.hits += 1
            if self._keep:
                self._cache[key] = done
        else:
            self.hits += 1
        return done

    def _cut(self, text: str) -> str:
        done = self._segment(text)
        return self._slim.sub("", done) if self._slim is not None and ZWSP in done else done

    def _segment(self, text: str) -> str:
        parts = HAN_SCRIPT.split(text)  # text, run, text, run, ..., text: the runs at the odd places
        runs = parts[1::2]
        if not runs:
            return text
        cuts: list[str] | None = None
        if self._fast is not None and _PLAIN_HAN.fullmatch("".join(runs)):
            # One call for the whole text: jieba-rs cuts each run on its own and keeps the newlines as tokens.
            cuts = ZWSP.join(self._fast.cut("\n".join(runs), True)).split(_RUN_BREAK)
            if len(cuts) != len(runs):  # pragma: no cover - a newline not cut as a token of its own
                cuts = None
        if cuts is None:
            cuts = [ZWSP.join(self.cut(r)) for r in runs]
        parts[1::2] = [ZWSP + cut + ZWSP for cut in cuts]
        return "".join(parts).strip(ZWSP)


_PLAIN_HAN = re.compile("[\u4e00-\u9fd5]*")
_RUN_BREAK = ZWSP + "\n" + ZWSP  # between two runs' tokens, once joined


# The JavaScript \s (what the browser's tokenizer splits on), spelled out: Python's \s differs.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def separator_chars(separator: str) -> str | None:
    """The characters of a ``[...]+`` separator as a regex class body, ``\\s`` as in JavaScript; None when
    the separator is not one character class (then nothing is slimmed)."""
    m = re.fullmatch(r"\[([^\[\]]*)\]\+?", separator)
    if not m:
        return None
    return m.group(1).replace(r"\s", _JS_SPACE)


def _redundant_zwsp(separator: str) -> re.Pattern[str] | None:
    chars = separator_chars(separator)
    if chars is None or not re.fullmatch(f"[{chars}]", ZWSP):
        return None
    # A separator next to another separator, a tag's angle bracket or the end adds no token boundary.
    return re.compile(f"{ZWSP}(?=[{chars}<]|$)|(?<=[{chars}>]){ZWSP}|^{ZWSP}")


def slim_text(text: str, separator: str) -> str:
    """Drop the zero-width separators that change no token: ``\\u200b双联\\u200b，`` -> ``双联，``."""
    pattern = _redundant_zwsp(separator)
    return pattern.sub("", text) if pattern and ZWSP in text else text


def slim_entries(entries: Iterable[Mapping[str, Any]], separator: str, texts_slim: bool = False) -> list[dict[str, Any]]:
    """Each entry with only the fields search reads, and its title and text slimmed (``texts_slim``: they
    already are, as ``Segmenter.segment`` makes them after ``slim_for``)."""
    pattern = entry_pattern(separator, texts_slim)
    return [_slim(e, pattern) for e in entries]


def _slim(e: Mapping[str, Any], pattern: re.Pattern[str] | None) -> dict[str, Any]:
    slim: dict[str, Any] = {"location": e["location"]}
    for field in ("title", "text"):
        value = e.get(field, "")
        slim[field] = pattern.sub("", value) if pattern and ZWSP in value else value
    for field in ("tags", "boost"):
        if field in e:
            slim[field] = e[field]
    return slim


def slim_index_json(config: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], texts_slim: bool = False) -> str:
    """search_index.json as Material's browser search reads it, UTF-8 and slim."""
    docs = slim_entries(entries, str(config.get("separator", "")), texts_slim)
    return json.dumps({"config": dict(config), "docs": docs}, ensure_ascii=False, separators=(",", ":"), default=str)


class PieceMemo:
    """Each entry's piece of the index, kept from one index to the next: under `serve --dirty` the whole index
    is written again on every rebuild (~0.15 s at 1,000 speeches), and all but the rebuilt pages' entries are
    the very objects of the last build. Keyed by the entry's identity (the entry is held, so the id is not
    reused); each index keeps only the pieces it used."""

    def __init__(self) -> None:
        self.key: object = None
        self.now: dict[int, tuple[Mapping[str, Any], bytes]] = {}
        self.before: dict[int, tuple[Mapping[str, Any], bytes]] = {}

    def start(self, key: object) -> None:
        self.before = self.now if key == self.key else {}
        self.key, self.now = key, {}

    def piece(self, entry: Mapping[str, Any], make: Callable[[Mapping[str, Any]], bytes]) -> bytes:
        kept = self.now.get(id(entry)) or self.before.get(id(entry))
        if kept is None or kept[0] is not entry:
            kept = (entry, make(entry))
        self.now[id(entry)] = kept
        return kept[1]


def slim_index_utf8(config: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], texts_slim: bool = False,
                    memo: PieceMemo | None = None) -> bytearray:
    """``slim_index_json(...).encode()``, byte for byte, made an entry at a time: at 2,000 speeches the whole
    index as one str (and json's list of its pieces) cost ~100 MB on top of its bytes."""
    out = bytearray()
    for piece in slim_index_pieces(config, entries, texts_slim, memo=memo):
        out += piece
    return out


def entry_pattern(separator: str, texts_slim: bool = False) -> re.Pattern[str] | None:
    """What ``encode_entries`` removes from titles and texts (None: they are slim already)."""
    return None if texts_slim else _redundant_zwsp(separator)


_DUMP = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode  # as slim_index_json


def _encode(entry: Mapping[str, Any], pattern: re.Pattern[str] | None) -> bytes:
    return _DUMP(_slim(entry, pattern)).encode("utf-8")


def encode_entries(entries: Iterable[Mapping[str, Any]], pattern: re.Pattern[str] | None) -> bytes:
    """Entries as they stand in the index's ``docs`` list, comma-joined: ``slim_index_pieces`` takes this
    (made ahead, anything whose ``bytes()`` it is) in place of the entries themselves."""
    return b",".join(_encode(e, pattern) for e in entries)


def slim_index_pieces(config: Mapping[str, Any], entries: Sequence[Any], texts_slim: bool = False,
                      consume: bool = False, memo: PieceMemo | None = None) -> Iterator[bytes]:
    """The UTF-8 bytes of ``slim_index_utf8``, in pieces of about an entry. An entry that is not a mapping
    is one ``encode_entries`` made ahead: its ``bytes()`` go in as they are. ``consume``: each entry is
    dropped from ``entries`` (a list) once its piece is made, so that a writer holds one copy, not two.
    ``memo``: the pieces of entries met in the last index are taken from there."""
    separator = str(config.get("separator", ""))
    pattern = entry_pattern(separator, texts_slim)
    make = lambda entry: _encode(entry, pattern)  # noqa: E731
    if memo is not None:
        memo.start((separator, texts_slim))
    yield b'{"config":' + _DUMP(dict(config)).encode("utf-8") + b',"docs":['
    first = True
    for i in range(len(entries)):
        entry = entries[i]
        if not isinstance(entry, Mapping):
            piece = bytes(entry)
        else:
            piece = make(entry) if memo is None else memo.piece(entry, make)
        if consume:
            entries[i] = None  # type: ignore[index]
        if piece:
            yield piece if first else b"," + piece
            first = False
    if consume:
        del entries[:]  # type: ignore[attr-defined]
    yield b"]}"


def merge_entries(previous: Sequence[Mapping[str, Any]] | None, current: list[Any],
                  live: Collection[str] | None = None) -> list[Any]:
    """Under `mkdocs serve --dirty` only rebuilt pages are indexed: keep the previous entries of every
    other page that still exists (``live``: the site's page URLs; None keeps all). (Material's own merge
    assumes one rebuilt page, and drops everything when it is the home page, whose location ``""`` every
    location starts with.)"""
    if not previous:
        return current
    rebuilt = {e["location"].split("#", 1)[0] for e in current}
    return [
        e for e in previous
        if (page := e["location"].split("#", 1)[0]) not in rebuilt and (live is None or page in live)
    ] + current
