"""Reading seeds: encodings, newlines, invisible characters, and clear errors for files that are not text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.clean import clean_speech
from generator.read import SeedError, decode, normalise, read_seed, read_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GLOSS = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def _same_clean(a: Path, b: Path, source: str) -> None:
    one = clean_speech(read_seed(a, source))
    two = clean_speech(read_seed(b, source))
    assert one.paragraphs == two.paragraphs
    assert (one.meta.title, one.meta.kind, one.meta.byline, one.meta.date) == (
        two.meta.title, two.meta.kind, two.meta.byline, two.meta.date
    )


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig", "gbk"])
@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_reencoded_cleans_the_same(seed: Path, encoding: str, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    other = tmp_path / seed.name
    other.write_bytes(text.encode(encoding))
    raw = read_seed(other)
    assert raw.encoding == {"gbk": "gb18030", "utf-16": "utf-16"}.get(encoding, encoding)
    _same_clean(seed, other, seed.name)


# Big5 holds no tone-marked pinyin, so of the Traditional seeds only 002 (no glosses) round-trips as it is;
# 000, 001 and 003 are tried with their glosses taken out first (which the cleaner removes anyway).
BIG5_OK = {"002"}


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_in_big5_cleans_the_same(seed: Path, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    if seed.name[:3] not in BIG5_OK:
        text = GLOSS.sub("", text)
    try:
        data = text.encode("cp950")
    except UnicodeEncodeError as exc:
        pytest.skip(f"{seed.name} holds {text[exc.start]!r}, which Big5 cannot encode")
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(text, encoding="utf-8")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(data)
    assert read_seed(big5).encoding == "big5"
    _same_clean(utf8, big5, seed.name)


def test_big5_is_not_mistaken_for_gbk() -> None:
    # Big5 byte pairs are valid GBK too; the decoding that reads as real Chinese wins.
    text = "在全縣上半年經濟工作會議上的講話，同志們：認真貫徹落實。"
    assert decode(text.encode("big5"))[:2] == (text, "big5")
    assert decode(text.encode("gb18030"))[:2] == (text, "gb18030")


def test_utf16_without_bom() -> None:
    text = "同志们：今天我们召开会议。\n"
    assert decode(text.encode("utf-16-le")) == (text, "utf-16-le", ())
    assert decode(text.encode("utf-16-be"))[:2] == (text, "utf-16-be")


def test_newlines_bom_and_invisibles() -> None:
    raw = read_text("\ufeff同志们：\r\n今天\u200b我们\r召开\u00ad会议。\u2028完")
    assert [ln.text for ln in raw.lines] == ["同志们：", "今天我们", "召开会议。", "完"]
    assert normalise("（一）同志們:") == "（一）同志們:"  # NFC, never NFKC: full width stays full width
    assert normalise("e\u0301") == "é"


def test_binary_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    with pytest.raises(SeedError) as err:
        read_seed(png)
    assert err.value.source == "picture.txt" and "binary" in err.value.message and err.value.hint
    assert err.value.problem().severity == "error"


def test_undecodable_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    # Latin-1 accented text: not UTF-8, and nothing Chinese reads out of it.
    bad.write_bytes("Café crème brûlée, déjà vu, naïve façade. ".encode("latin-1") * 20)
    with pytest.raises(SeedError) as err:
        read_seed(bad, "seeds/bad.txt")
    assert str(err.value).startswith("seeds/bad.txt: is not valid UTF-8")
    assert "iconv" in err.value.hint


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="cannot be read"):
        read_seed(tmp_path / "gone.txt")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(SeedError, match="folder"):
        read_seed(tmp_path / "dir.txt")


def test_utf8_cut_mid_character_is_read_with_a_warning(tmp_path: Path) -> None:
    data = "同志们：今天我们召开会议，认真贯彻落实。".encode() * 40
    cut = tmp_path / "cut.txt"
    cut.write_bytes(data[:-1])  # the last character loses its last byte
    raw = read_seed(cut)
    assert raw.encoding == "utf-8" and raw.problems and "undecodable" in raw.problems[0].message
    speech = clean_speech(raw)
    assert speech.problems[0] == raw.problems[0]
    assert [k for _, _, k, _ in speech.flagged] == ["garbled"]  # the U+FFFD is marked


def test_empty_file_reads_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    speech = clean_speech(read_seed(empty))
    assert speech.paragraphs == () and "no speech text" in speech.problems[0].message


def test_digest_is_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    p = tmp_path / "x.txt"
    p.write_bytes("同志们：".encode("gb18030"))
    assert read_seed(p).digest == hashlib.sha256(p.read_bytes()).hexdigest()
