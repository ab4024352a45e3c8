"""Chinese script: which one a text is written in, and Traditional -> Simplified with OpenCC.

Only the safe direction is offered. ``tw2s`` (not ``t2s``: that leaves 著 as it is, OpenCC issue #555)
turns the seeds' crude Traditional back into the Simplified they were converted from. Producing
Traditional is never done here: ``s2twp`` rewrites vocabulary (項目 -> 專案).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .cachedir import CHECK_SIZE, cache_dir, check_of, write_atomically
from .records import Mark

SourceScript = Literal["simplified", "traditional", "mixed"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _converter(config: str):  # type: ignore[no-untyped-def]
    """One OpenCC converter per config, loaded on first use (~15 ms) and kept until ``forget_converters``."""
    found = _CONVERTERS.get(config)
    if found is None:
        import opencc

        found = _CONVERTERS[config] = opencc.OpenCC(config)
    return found


_CONVERTERS: dict[str, object] = {}


def forget_converters(keep: Collection[str] = ()) -> None:
    """Let the converters go, but those named in ``keep``; one used again is loaded again.

    They are large: s2hk holds 42 MB, and s2t, s2tw and s2hk (~44 MB together) only serve ``traditional_forms``
    while the cleaner's patterns are built at import (and ``_char_scripts`` on an empty cache). Kept, they stay
    in the build process and in every worker it forks: at 2,000 speeches the build's peak for all processes
    fell from 481-484 to 439-452 MB without them."""
    for config in [c for c in _CONVERTERS if c not in keep]:
        del _CONVERTERS[config]


def to_simplified(text: str) -> str:
    """Traditional (Taiwan usage) -> Simplified: ``會議區著`` -> ``会议区着``; Simplified text is unchanged."""
    if not text or not _HAN.search(text):
        return text
    return _converter("tw2s").convert(text)


@lru_cache(maxsize=None)
def traditional_forms(char: str) -> str:
    """The Traditional forms of one Simplified character (``县`` -> ``縣``, ``干`` -> ``幹乾``), for
    building patterns that match both scripts. Never used to produce output text."""
    if len(char) == 1 and _in_table(ord(char)):
        forms = set(_forms_table().get(char, ""))
    else:
        forms = set(_converted_forms([char])[0])
    # s2t maps one character to one, so list the characters OpenCC's dictionaries pair with it as well.
    forms |= _TRAD_EXTRA.get(char, set())
    return "".join(sorted(f for f in forms if f != char and len(f) == 1))


_FORMS_FROM = ("s2t", "s2tw", "s2hk")


def _in_table(code: int) -> bool:
    """Is this code point in ``_forms_table``'s range: the BMP from the space on, but surrogates."""
    return 0x20 <= code <= 0xFFFF and not 0xD800 <= code <= 0xDFFF


def _converted_forms(chars: Sequence[str]) -> list[str]:
    """What s2t, s2tw and s2hk make of each character converted alone, but the character itself: one OpenCC call
    a converter (no dictionary entry holds a line break, so none is matched across two characters)."""
    found: list[set[str]] = [set() for _ in chars]
    joined = "\n".join(chars)
    for config in _FORMS_FROM:
        out = _converter(config).convert(joined).split("\n")
        if len(out) != len(chars):  # pragma: no cover - a converter that moves line breaks
            out = [_converter(config).convert(c) for c in chars]
        for seen, c, f in zip(found, chars, out):
            if f != c and len(f) == 1:
                seen.add(f)
    return ["".join(sorted(f)) for f in found]


@lru_cache(maxsize=1)
def _forms_table() -> dict[str, str]:
    """``_converted_forms`` of every character of the BMP that has other forms, by character. The cleaner's
    patterns ask for ~180 characters (Han, digits, 〇) when they are compiled, at import; loading s2t, s2tw and
    s2hk for them took ~80 ms of every run and ~44 MB. Made once and kept in the cache folder beside the
    script classes."""
    cache = _opencc_cache("forms")
    lines = _read_lines(cache) if cache is not None else None
    if lines is None:
        chars = [chr(c) for c in range(0x10000) if _in_table(c)]
        lines = [c + forms for c, forms in zip(chars, _converted_forms(chars)) if forms]
        if cache is not None:
            _write_lines(cache, lines)
    return {line[0]: line[1:] for line in lines if line}


_TRAD_EXTRA = {"干": {"幹", "乾"}, "里": {"裡", "裏"}, "台": {"臺", "檯", "颱"}, "发": {"發", "髮"}}


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """The 3,755 level-1 GB2312 characters plus Big5's 5,401 common ones (6,722 in all, ~10 ms to build).

    Real Chinese text, in either script, is almost all made of these; the debris of a wrong decoding or a
    GBK byte shift is not (裾虨閷, 摿, 娞峁)."""
    chars: set[str] = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for hi in range(0xA4, 0xC7):
        for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                chars.add(bytes((hi, lo)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def common_share(text: str) -> tuple[float, int]:
    """(share of Han characters that are common, number of Han characters): ~1.0 for real Chinese."""
    han = _HAN.findall(text)
    if not han:
        return 0.0, 0
    common = common_chars()
    return sum(c in common for c in han) / len(han), len(han)


def detect_script(text: str) -> SourceScript:
    """What a text is written in, from the characters that exist in one script only.

    干/后/并/里 are valid Traditional too (OpenCC would change them both ways), so a Traditional text that
    keeps them, a crude converter's habit, still counts as Traditional.
    ``會議`` -> "traditional", ``会议`` -> "simplified".
    """
    # A sample decides as well as the whole text and keeps this cheap on long speeches.
    sample = text[:6000]
    only_traditional, only_simplified = _script_patterns()
    trad = len(only_traditional.findall(sample))
    if trad == 0:
        return "simplified"
    simp = len(only_simplified.findall(sample))
    if simp == 0 or trad >= 4 * simp:
        return "traditional"
    if simp >= 4 * trad:
        return "simplified"
    return "mixed"


_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))  # the characters _HAN matches


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two character classes: the Han characters only Traditional text uses, and those only Simplified uses.
    Counting with them took 0.15-0.21 ms a speech against 0.38-0.47 ms for counting every character and looking
    each up (tests/test_clean.py checks that the classes agree with ``_char_script`` on every character).

    Finding them converts every Han character both ways (~0.15 s), so they are kept in the cache folder
    (``cachedir.cache_dir()``), one file per installed set of OpenCC dictionaries, and read back in ~10 ms."""
    cache = _opencc_cache("scripts")
    found = _read_lines(cache) if cache is not None else None
    if found is None or len(found) != 2:
        chars = [chr(c) for a, b in _HAN_RANGES for c in range(a, b + 1)]
        kinds = _char_scripts(chars)
        found = ["".join(c for c, k in zip(chars, kinds) if k == "t"), "".join(c for c, k in zip(chars, kinds) if k == "s")]
        if cache is not None:
            _write_lines(cache, found)
    return _char_class(found[0]), _char_class(found[1])


# One more whenever what a cache file holds is made differently (_char_script, _converted_forms).
_CACHE_FORMAT = {"scripts": 1, "forms": 1}


def _opencc_cache(name: str) -> Path | None:
    """The cache file ``name`` for the installed OpenCC: its dictionaries' names, sizes and times are the key."""
    try:
        import opencc

        data = Path(opencc.__file__).parent
        stats = []
        for p in sorted(data.rglob("*")):
            if p.suffix in (".json", ".ocd2", ".txt"):
                st = p.stat()
                stats.append((str(p.relative_to(data)), st.st_size, st.st_mtime_ns))
    except (ImportError, OSError, TypeError):
        return None
    key = f"{_CACHE_FORMAT[name]}|{data.resolve()}|{stats}"
    return cache_dir() / f"{name}-{hashlib.blake2b(key.encode('utf-8'), digest_size=8).hexdigest()}.txt"


def _read_lines(path: Path) -> list[str] | None:
    """The lines kept in ``path``, or None when it is missing or does not check out."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    check, body = raw[:CHECK_SIZE], raw[CHECK_SIZE:]
    if check_of(body) != check:
        return None
    try:
        return body.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None


def _write_lines(path: Path, lines: Sequence[str]) -> None:
    body = "\n".join(lines).encode("utf-8")
    write_atomically(path, check_of(body) + body)


def _char_scripts(chars: Sequence[str]) -> list[str]:
    """``_char_script`` of each character, with one OpenCC call a direction: each character is converted alone
    (no dictionary entry holds a line break, so none is matched across two)."""
    joined = "\n".join(chars)
    to_s = _converter("tw2s").convert(joined).split("\n")
    to_t = _converter("s2tw").convert(joined).split("\n")
    if len(to_s) != len(chars) or len(to_t) != len(chars):  # pragma: no cover - a converter that moves line breaks
        return [_char_script(c) for c in chars]
    return ["t" if s != c and t == c else "s" if t != c and s == c else "" for c, s, t in zip(chars, to_s, to_t)]


def _char_class(chars: str) -> re.Pattern[str]:
    """A regex matching any one of ``chars`` (sorted code points), written as ranges."""
    runs: list[list[int]] = []
    for c in chars:
        if runs and runs[-1][1] == ord(c) - 1:
            runs[-1][1] = ord(c)
        else:
            runs.append([ord(c), ord(c)])
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return re.compile(f"[{body}]" if body else "(?!)")


def _char_script(char: str) -> str:
    """"t" for a character only Traditional text uses (會), "s" for a Simplified-only one (会), else ""."""
    to_s = _converter("tw2s").convert(char) != char
    to_t = _converter("s2tw").convert(char) != char
    if to_s and not to_t:
        return "t"
    if to_t and not to_s:
        return "s"
    return ""


def to_simplified_many(texts: Sequence[str]) -> list[str]:
    """``to_simplified`` of each text, converted in one OpenCC call (a call costs far more than a character).

    The texts are joined with line breaks: no OpenCC phrase holds one, so none is matched across two texts and
    each converts exactly as on its own. A text that holds a line break is converted on its own."""
    # Each distinct text once (speeches repeat paragraphs: boilerplate, quotations, the same seed edited).
    todo = list(dict.fromkeys(t for t in texts if t and "\n" not in t and _HAN.search(t)))
    if len(todo) < 2:
        return [to_simplified(t) for t in texts]
    done: dict[str, str] = {}
    start, size = 0, 0
    for end, t in enumerate([*todo, None]):  # in calls of about _BATCH characters: OpenCC's memory grows with one
        if t is not None and (size < _BATCH or end == start):
            size += len(t) + 1
            continue
        chunk = todo[start:end]
        parts = to_simplified("\n".join(chunk)).split("\n")
        if len(parts) != len(chunk):  # pragma: no cover - a converter that adds or drops line breaks
            parts = [to_simplified(c) for c in chunk]
        done.update(zip(chunk, parts))
        start, size = end, (len(t) + 1 if t is not None else 0)
    return [done[t] if t in done else to_simplified(t) for t in texts]


_BATCH = 1 << 20


def convert_marked(text: str, marks: Sequence[Mark]) -> tuple[str, tuple[Mark, ...]]:
    """Convert ``text`` to Simplified and move ``marks`` with it, so offsets stay exact.

    OpenCC converts phrases, and a phrase may change length, so the text is converted in pieces cut at
    every mark boundary and each mark is re-placed from the lengths of the converted pieces.
    """
    return convert_marked_many([(text, marks)])[0]


def convert_marked_many(items: Sequence[tuple[str, Sequence[Mark]]]) -> list[tuple[str, tuple[Mark, ...]]]:
    """``convert_marked`` for many texts (a speech's paragraphs), with one OpenCC call for all their pieces."""
    pieces: list[str] = []
    cuts_of: list[list[int]] = []
    for text, marks in items:
        cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)}) if marks else [0, len(text)]
        cuts_of.append(cuts)
        pieces.extend(text[a:b] for a, b in zip(cuts, cuts[1:]))
    whys = sorted({m.why for _, marks in items for m in marks})
    converted = to_simplified_many(pieces + whys)
    why_of = dict(zip(whys, converted[len(pieces):]))
    out: list[tuple[str, tuple[Mark, ...]]] = []
    k = 0
    for (text, marks), cuts in zip(items, cuts_of):
        n = len(cuts) - 1
        mine = converted[k : k + n]
        k += n
        if not marks:
            out.append(("".join(mine), ()))
            continue
        where: dict[int, int] = {0: 0}
        pos = 0
        for b, piece in zip(cuts[1:], mine):
            pos += len(piece)
            where[b] = pos
        moved = tuple(Mark(start=where[m.start], end=where[m.end], kind=m.kind, why=why_of[m.why]) for m in marks)
        out.append(("".join(mine), moved))
    return out
