"""Reading seeds: bytes -> text, whatever encoding a real file arrives in."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .records import Line, RawSpeech

# Zero-width characters and BOMs that scraped pages carry; they break matching and are never content.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 controls other than tab and newline are conversion debris, never content.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


class SeedError(Exception):
    """A seed that cannot be read. ``line`` is set where the problem has a place in the file."""

    def __init__(self, source: str, message: str, hint: str = "", line: int | None = None):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message
        self.hint = hint
        self.line = line


def decode(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode a seed's bytes, returning (text, encoding). Strict UTF-8 first, then detection."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise SeedError(
                    source,
                    f"starts with a {enc} byte-order mark but is not valid {enc} (byte {exc.start})",
                    hint="re-save the file as UTF-8",
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise SeedError(
            source,
            "is a binary file, not text (it holds NUL bytes)",
            hint="remove it from seeds/, or convert it to a UTF-8 .txt file",
        )
    encoding = _detect(data)
    if encoding is None:
        raise SeedError(
            source,
            f"is not valid UTF-8 and no other encoding fits (byte 0x{data[utf8_error.start]:02x} "
            f"at offset {utf8_error.start})",
            hint="convert the file to UTF-8 (for example: iconv -f gb18030 -t utf-8)",
        )
    return data.decode(encoding), encoding


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    even_nul = head[0::2].count(0)
    odd_nul = head[1::2].count(0)
    return max(even_nul, odd_nul) > len(head) // 8 and min(even_nul, odd_nul) < len(head) // 64 + 1


def _detect(data: bytes) -> str | None:
    """The Chinese encoding the bytes decode in, preferring the mainland and Taiwan families."""
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "cp950", "utf_16", "utf_8"]).best()
    if best is not None:
        return _canonical(best.encoding)
    for enc in ("gb18030", "big5"):
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return None


def _canonical(name: str) -> str:
    name = name.lower().replace("_", "-")
    return {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "cp950": "big5"}.get(name, name)


def normalise(text: str) -> str:
    """NFC (never NFKC: it would turn full-width punctuation into ASCII), LF newlines, no invisibles."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def read_text(text: str, source: str = "input.txt", encoding: str = "utf-8", digest: str = "") -> RawSpeech:
    """Make a RawSpeech from text already in memory (tests, the CLI's stdin)."""
    text = normalise(text)
    if not digest:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = tuple(Line(i, t) for i, t in enumerate(text.split("\n"), 1))
    return RawSpeech(source=source, encoding=encoding, lines=lines, digest=digest)


def read_seed(path: Path, source: str | None = None) -> RawSpeech:
    """Read one seed file: ``seeds/x.txt`` in GB18030 -> RawSpeech(encoding="gb18030", lines=...)."""
    source = source or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(
            source, f"cannot be read ({exc.strerror or exc})", hint="check the file's permissions"
        ) from exc
    text, encoding = decode(data, source)
    digest = hashlib.sha256(data).hexdigest()
    return read_text(text, source=source, encoding=encoding, digest=digest)
