"""Reading seeds: bytes -> text, whatever encoding a real file arrives in."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .records import Line, Problem, RawSpeech
from .script import common_share

# Zero-width characters and BOMs that scraped pages carry; they break matching and are never content.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 controls other than tab and newline are conversion debris, never content.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# The Chinese legacy encodings, each with the superset that decodes what the plain one rejects.
_LEGACY = ("gb18030", "cp950")
_HINT_CONVERT = "convert the file to UTF-8, e.g. `iconv -f gb18030 -t utf-8 in.txt > out.txt` (or -f big5)"
# A UTF-8 file with a few broken bytes is still UTF-8 (a bad copy, a cut): at most this share of bad bytes.
_UTF8_DAMAGE = 0.002
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
    damaged = _damaged_utf8(data, source, utf8_error)
    if damaged is not None:
        return damaged
    raise SeedError(
        source,
        f"is not valid UTF-8 and no Chinese encoding fits (byte 0x{data[utf8_error.start]:02x} "
        f"at offset {utf8_error.start})",
        hint=_HINT_CONVERT,
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
    if bad > max(1, int(len(data) * _UTF8_DAMAGE)):
        return None
    line = data[: first.start].count(b"\n") + 1
    problem = Problem(
        source,
        f"is UTF-8 with {bad} undecodable byte sequence(s); shown as \ufffd and marked as garbled",
        line=line,
        hint="re-save the file as UTF-8 from its original source",
    )
    return text, "utf-8", (problem,)


def normalise(text: str) -> str:
    """NFC (never NFKC: it would turn full-width punctuation into ASCII), LF newlines, no invisibles."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
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
    text = normalise(text)
    if not digest:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), 1))
    return RawSpeech(source=source, encoding=encoding, lines=lines, digest=digest, problems=problems)


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
