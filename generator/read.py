"""Reading seeds: bytes -> text, whatever encoding a real file arrives in."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .frequent import FREQUENT
from .records import Line, Problem, RawSpeech
from .script import common_chars, common_share

# Zero-width characters and BOMs that scraped pages carry; they break matching and are never content.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 controls other than tab and newline are conversion debris, never content.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional controls (marks, embeddings, overrides, isolates): never content in Chinese text, and an
# override in a title would reverse it in every page's menu. Removed, and reported.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# The Chinese legacy encodings, each with the superset that decodes what the plain one rejects.
_LEGACY = ("gb18030", "cp950")
_HINT_CONVERT = ("if it is Chinese text, convert it to UTF-8, e.g. `iconv -c -f gb18030 -t utf-8 in.txt > out.txt` "
                 "(or -f big5; -c leaves out the bytes that do not convert)")
# A file with a few broken bytes is still in its encoding (a bad copy, a cut): at most this share of bad bytes.
_DAMAGE = 0.002
# Below this share of common characters a decoding is the wrong one (Big5 bytes read as GBK score ~0.6).
_PLAUSIBLE = 0.85


class SeedError(Exception):
    """A seed that cannot be read. ``line`` is set where the problem has a place in the file."""

    def __init__(self, source: str, message: str, hint: str = "", line: int | None = None):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.hint = hint
        self.line = line

    def problem(self) -> Problem:
        """The error as a Problem record (severity "error": the seed is skipped)."""
        return Problem(self.source, self.message, line=self.line, hint=self.hint, severity="error")


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str, tuple[Problem, ...]]:
    """Decode a seed's bytes: (text, encoding, problems). BOM first, then strict UTF-8, then the Chinese
    legacy encodings scored on how Chinese the result looks. Raises SeedError when nothing fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, ()
            except UnicodeDecodeError as exc:
                raise SeedError(
                    source,
                    f"starts with a {enc} byte-order mark but is not valid {enc} (byte {exc.start})",
                    hint="re-save the file as UTF-8",
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc, ()
        except UnicodeDecodeError:
            pass
    best = _best_legacy(data)
    # GB18030 and Big5 text never holds NUL, but a short binary header (a PNG's first bytes) can decode as a
    # plausible Han character or two: with NUL bytes only a UTF-16 reading counts.
    has_nul = b"\x00" in data[:4096]
    if best is not None and (not has_nul or best[1].startswith("utf-16")):
        return best
    if has_nul and not _looks_utf16(data):
        raise SeedError(
            source,
            "is a binary file, not text (it holds NUL bytes)",
            hint="remove it from the seeds folder, or convert it to a UTF-8 .txt file",
        )
    damaged = _damaged_utf8(data, source, utf8_error) or _damaged_legacy(data, source)
    if damaged is not None:
        return damaged
    at = utf8_error.start
    raise SeedError(
        source,
        f"is not valid UTF-8 (byte 0x{data[at]:02x} at offset {at}) and no Chinese encoding fits",
        hint=_HINT_CONVERT,
        line=data[:at].count(b"\n") + 1,
    )


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    if len(head) < 4:
        return False
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    return max(even_nul, odd_nul) > len(head) // 8 and min(even_nul, odd_nul) < len(head) // 64 + 1


def _best_legacy(data: bytes) -> tuple[str, str, tuple[Problem, ...]] | None:
    """The encoding whose decoding looks most like real Chinese (Big5 bytes also decode as GBK, and almost
    anything decodes as UTF-16)."""
    scored: list[tuple[float, str, str]] = []
    # UTF-16 without a BOM holds no NUL bytes when the text is all Chinese: let it compete too.
    candidates = _LEGACY + (("utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ())
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share, han = common_share(text)
        if han:
            scored.append((share, enc, text))
    if not scored:
        return None
    share, enc, text = max(scored)
    if share < _PLAUSIBLE:
        return None
    return text, _NAMES.get(enc, enc), ()


_NAMES = {"cp950": "big5"}


def _damaged_utf8(
    data: bytes, source: str, first: UnicodeDecodeError
) -> tuple[str, str, tuple[Problem, ...]] | None:
    """UTF-8 with a few bad bytes (a file cut mid-character, a bad copy): decode with U+FFFD, which the
    cleaner marks as garbled, and say so. None when the damage is too wide to be UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad > _damage_limit(data):
        return None
    line = data[: first.start].count(b"\n") + 1
    problem = Problem(
        source,
        f"is UTF-8 with {bad} undecodable byte sequence(s); shown as \ufffd and marked as garbled",
        line=line,
        hint="re-save the file as UTF-8 from its original source",
    )
    return text, "utf-8", (problem,)


def _damage_limit(data: bytes) -> int:
    return max(1, int(len(data) * _DAMAGE))


def _damaged_legacy(data: bytes, source: str) -> tuple[str, str, tuple[Problem, ...]] | None:
    """GB18030 or Big5 with a few damaged bytes: the encoding whose lines decode, each damaged line mended by
    ``_mend_line``, into the most plausible Chinese. None when the damage is too wide for that encoding."""
    found: list[tuple[float, str, str, list[int]]] = []
    for enc in _LEGACY:
        decoded = _decode_damaged(data, enc)
        if decoded is None:
            continue
        text, places = decoded
        share, han = common_share(text)
        if places and han and share >= _PLAUSIBLE:  # no damaged byte: not a damaged file of this encoding
            found.append((share, enc, text, places))
    if not found:
        return None
    _, enc, text, places = max(found)
    name = _NAMES.get(enc, enc)
    first = places[0]
    problem = Problem(
        source,
        f"is {name} with {len(places)} damaged byte(s) (the first, 0x{data[first]:02x}, at offset {first}); "
        f"each damaged character is shown as \ufffd and marked as garbled",
        line=data[:first].count(b"\n") + 1,
        hint="compare the line with the original source, or save the file again from it",
    )
    return text, name, (problem,)


def _decode_damaged(data: bytes, enc: str) -> tuple[str, list[int]] | None:
    """Each line decoded on its own (a line break is never part of a GB18030 or Big5 character, so damage stays
    on its line): (text, the offsets of the damaged bytes), or None past the damage limit."""
    limit = _damage_limit(data)
    if data.decode(enc, errors="replace").count("\ufffd") > limit:
        return None  # not this encoding, or damaged throughout: nothing to mend line by line
    parts: list[str] = []
    places: list[int] = []
    offset = 0
    for line in data.splitlines(keepends=True):
        try:
            parts.append(line.decode(enc))
        except UnicodeDecodeError as exc:
            mended = _mend_line(line, enc)
            if mended is not None:
                parts.append(mended[0])
                places.append(offset + mended[1])
            else:  # more than one byte wrong here: each undecodable byte becomes U+FFFD
                text = line.decode(enc, errors="replace")
                parts.append(text)
                places.extend([offset + exc.start] * max(1, text.count("\ufffd")))
            if len(places) > limit:
                return None
        offset += len(line)
    return "".join(parts), places


def _mend_line(line: bytes, enc: str) -> tuple[str, int] | None:
    """A line that does not decode because a byte was lost, added or broken: (the line with one byte taken
    out and U+FFFD in its place, that byte's offset), where what decodes on both sides reads most like Chinese;
    None when no single byte mends it.

    Plain replacement is not enough: a lost byte shifts every later character of a double-byte encoding onto
    the wrong byte pairs, which decode as other characters (the words are lost, unmarked) up to the next ASCII
    byte. Which byte to take out: the decodings from every byte to the line's end are scored once, right to
    left, and each byte of the decoding from the start is tried against them."""
    n = len(line)
    at = [_char_at(line, i, enc) for i in range(n)]
    score: list[int | None] = [None] * (n + 1)  # of the decoding from each byte to the end; None if it fails
    score[n] = 0
    for i in range(n - 1, -1, -1):
        char = at[i]
        if char is not None and i + char[0] <= n and (rest := score[i + char[0]]) is not None:
            score[i] = rest + char[1]
    scored: list[tuple[int, int]] = []  # (the line's score, the byte taken out)
    i = done = 0  # walking the decoding from the start: its byte, and the score of the characters before it
    while i < n:
        if (rest := score[i + 1]) is not None:
            scored.append((done + rest, i))
        char = at[i]
        if char is None:
            break
        done += char[1]
        i += char[0]
    if not scored:
        return None
    # Taking out a byte next to the right one trades a real character for a wrong one, which can score the
    # same: when several bytes score best, every character from the first of them to the last is marked.
    top = max(s for s, _ in scored)
    tied = [q for s, q in scored if s == top]
    first, last = tied[0], tied[-1]
    lost = len(line[first:last].decode(enc)) + 1
    return line[:first].decode(enc) + "\ufffd" * lost + line[last + 1:].decode(enc), first


def _char_at(data: bytes, i: int, enc: str) -> tuple[int, int] | None:
    """The character that starts at byte i: (its length in bytes, its score), or None. The score: high for
    what real text is mostly made of (ASCII, punctuation, the most frequent characters), low for rare ones."""
    for size in (1, 2, 4):
        try:
            char = data[i:i + size].decode(enc)
        except UnicodeDecodeError:
            continue
        if len(char) != 1:
            return None
        if char < "\x80" or char in _PUNCTUATION or char in FREQUENT:
            return size, 3
        return size, -1 if char in common_chars() else -3
    return None


# Full-width punctuation of Chinese text: what a wrong byte pairing rarely makes.
_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉【】—…·　")


def normalise(text: str) -> str:
    """NFC (never NFKC: it would turn full-width punctuation into ASCII), LF newlines, no invisibles."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    text = BIDI_CONTROLS.sub("", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def read_text(
    text: str,
    source: str = "input.txt",
    encoding: str = "utf-8",
    digest: str = "",
    problems: tuple[Problem, ...] = (),
) -> RawSpeech:
    """Make a RawSpeech from text already in memory (tests, the CLI's stdin): ``"甲\\r\\n乙"`` -> 2 lines."""
    if bidi := BIDI_CONTROLS.search(text):
        problems += (_bidi_problem(text, bidi, source),)
    text = normalise(text)
    if not digest:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), 1))
    return RawSpeech(source=source, encoding=encoding, lines=lines, digest=digest, problems=problems)


def _bidi_problem(text: str, first: re.Match[str], source: str) -> Problem:
    count = len(BIDI_CONTROLS.findall(text))
    line = len(re.findall("\r\n|[\r\n\u2028\u2029]", text[: first.start()])) + 1
    return Problem(
        source,
        f"held {count} bidirectional control character(s) (the first U+{ord(first.group()):04X}), which can "
        "reverse or reorder what a reader sees; removed",
        line=line,
        hint="nothing to do if the text reads right; otherwise compare the line with the original source",
    )


def read_seed(path: Path, source: str | None = None) -> RawSpeech:
    """Read one seed file: ``seeds/x.txt`` in GB18030 -> RawSpeech(encoding="gb18030", lines=...)."""
    source = source or path.name
    return read_data(read_bytes(path, source), source)


def read_bytes(path: Path, source: str) -> bytes:
    """A seed's bytes; SeedError (with what to do) when the file cannot be read."""
    try:
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise SeedError(source, "is a folder, not a file", hint="seeds must be .txt files") from exc
    except OSError as exc:
        raise SeedError(
            source, f"cannot be read ({exc.strerror or exc})", hint="check that the file exists and its permissions"
        ) from exc


def read_data(data: bytes, source: str, digest: str = "") -> RawSpeech:
    """A seed's bytes decoded (``digest``: their sha256, when the caller has it already)."""
    text, encoding, problems = decode(data, source)
    digest = digest or hashlib.sha256(data).hexdigest()
    return read_text(text, source=source, encoding=encoding, digest=digest, problems=problems)
