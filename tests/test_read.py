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


# --- damaged legacy files -------------------------------------------------------------------------------

DAMAGED_TEXT = (
    "在全县秋季农业生产工作会议上的讲话\n同志们：\n"
    "今天召开这次会议，主要任务是总结上半年的农业生产工作，部署秋收秋种。\n"
    "一、上半年工作取得明显成效\n"
    "全县粮食播种面积稳中有增，特色种植、农产品加工和乡村旅游都有新进展，农民收入持续增长。\n"
    "二、下半年要抓好三件事\n"
    "一是抓好秋粮收获，确保颗粒归仓。二是抓好冬小麦播种，落实良种良法。三是抓好农田水利建设。\n"
)


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
@pytest.mark.parametrize("which", ["lead", "trail"])
def test_a_lost_byte_costs_one_character(encoding: str, which: str) -> None:
    """A byte cut from the middle of a GB18030 or Big5 file: the speech is read, the damaged character is a
    marked U+FFFD (with its neighbours, where the decoding cannot tell which of them it was), every other
    character is as it was, and the message gives the line and the offset."""
    import opencc

    text = DAMAGED_TEXT if encoding == "gb18030" else opencc.OpenCC("s2tw").convert(DAMAGED_TEXT)
    data = text.encode(encoding)
    line5 = sum(len(line) + 1 for line in data.split(b"\n")[:4])
    # From the eleventh character of line 5 (all double-byte there) on, the first whose cut does not decode:
    # in Big5 a lone byte that reads as an ASCII letter puts the pairs right again, with nothing to detect.
    for char in range(line5 + 2 * 10, line5 + 2 * 30, 2):
        cut = char if which == "lead" else char + 1
        damaged = data[:cut] + data[cut + 1:]
        try:
            damaged.decode(encoding)
        except UnicodeDecodeError:
            break
    else:
        raise AssertionError("no cut on line 5 fails to decode")
    got, enc, problems = decode(damaged, "cut.txt")
    assert enc == encoding
    assert _only_marked(got, text, text[len(data[:char].decode(encoding))])
    assert len(problems) == 1 and problems[0].line == 5 and problems[0].severity == "warning"
    offset = int(re.search(r"at offset (\d+)", problems[0].message).group(1))  # type: ignore[union-attr]
    assert char - 6 <= offset <= char + 1, problems[0].message  # the damaged character or one just before it
    speech = clean_speech(read_text(got, problems=problems))
    assert "garbled" in [k for _, _, k, _ in speech.flagged]


def _only_marked(got: str, text: str, lost: str) -> bool:
    """``got`` is ``text`` with one run of at most four characters, the lost one among them, put as U+FFFD."""
    start = got.index("\ufffd")
    end = start + len(got[start:]) - len(got[start:].lstrip("\ufffd"))
    tail = len(got) - end
    return (got[:start] == text[:start] and got[end:] == text[len(text) - tail:]
            and lost in text[start:len(text) - tail] and len(text) - tail - start <= 4)


def test_a_damaged_legacy_file_keeps_every_other_line_and_reports_each_damage() -> None:
    text = DAMAGED_TEXT * 3  # long enough that two damaged bytes are few
    data = text.encode("gb18030")
    lines = data.split(b"\n")
    lines[2] = lines[2][:8] + lines[2][9:]  # one byte lost on line 3
    lines[6] = lines[6][:-1]  # the last byte of line 7 lost
    got, enc, problems = decode(b"\n".join(lines), "two.txt")
    assert enc == "gb18030" and "2 damaged byte(s)" in problems[0].message and problems[0].line == 3
    want = text.split("\n")
    for i, line in enumerate(got.split("\n")):
        if i in (2, 6):
            assert "\ufffd" in line
        else:
            assert line == want[i]


def test_damage_everywhere_is_still_refused() -> None:
    data = DAMAGED_TEXT.encode("gb18030")
    shredded = bytes(b for i, b in enumerate(data) if i % 7)  # a byte lost in every seven
    with pytest.raises(SeedError) as err:
        decode(shredded, "shredded.txt")
    assert "no Chinese encoding fits" in err.value.message and "iconv -c" in err.value.hint


def test_frequent_characters_are_jiebas_most_frequent() -> None:
    """generator/frequent.py is what its docstring says: made again here from the installed jieba and OpenCC."""
    import collections

    import jieba
    import opencc

    from generator import frequent

    counts: collections.Counter[str] = collections.Counter()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, n = line.split()[:2]
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(n)
    top = "".join(c for c, _ in counts.most_common(len(frequent.SIMPLIFIED)))
    assert frequent.SIMPLIFIED == top
    forms = set(opencc.OpenCC("s2t").convert(top) + opencc.OpenCC("s2tw").convert(top)) - set(top)
    assert frequent.TRADITIONAL == "".join(sorted(forms))


# --- bidirectional controls -----------------------------------------------------------------------------


def test_bidi_controls_are_removed_and_reported() -> None:
    raw = read_text("在全县\u202e议会作工\u202c上的讲话\n同志们：\n今天\u2066开会\u2069。\n", source="rlo.txt")
    assert [ln.text for ln in raw.lines[:3]] == ["在全县议会作工上的讲话", "同志们：", "今天开会。"]
    (problem,) = raw.problems
    assert problem.source == "rlo.txt" and problem.line == 1 and "4 bidirectional" in problem.message
    assert "U+202E" in problem.message and problem.hint
