"""The jieba lexicon's digests are kept in a cache file: the same sets as reading the dictionary, and a
missing, damaged or unwritable cache only costs the time of reading the dictionary again."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.slogans import lexicon

pytestmark = pytest.mark.skipif(lexicon._jieba_dict() is None, reason="jieba is not installed")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(tmp_path / "cache"))
    lexicon._lexicon.cache_clear()
    yield tmp_path / "cache"
    lexicon._lexicon.cache_clear()


def fresh() -> tuple[lexicon.WordSet, lexicon.WordSet]:
    lexicon._lexicon.cache_clear()
    return lexicon._lexicon()


def test_the_cache_holds_what_the_dictionary_says(cache_dir: Path) -> None:
    made = fresh()
    files = list(cache_dir.iterdir())
    assert [f.suffix for f in files] == [".bin"]
    kept = fresh()  # from the file this time
    assert [s.digests for s in kept] == [s.digests for s in made]
    assert len(made[0]) > 300_000 and 0 < len(made[1]) < len(made[0])
    assert "瓶颈" in kept[0] and "两区同建" not in kept[0]
    assert lexicon.is_common_word("一把手") and not lexicon.is_common_word("南工北农中商贸")
    assert list(kept[0].counts) == list(made[0].counts) and lexicon.word_count("扩大") > 1000


@pytest.mark.parametrize("damage", [b"", b"short", b"\x01" * 40])
def test_a_damaged_cache_is_made_again(cache_dir: Path, damage: bytes) -> None:
    made = fresh()
    (cache_file,) = cache_dir.iterdir()
    cache_file.write_bytes(damage)
    assert [s.digests for s in fresh()] == [s.digests for s in made]
    assert cache_file.stat().st_size == 16 + lexicon._CHECK + 12 * len(made[0]) + 8 * len(made[1])  # rewritten


def test_an_altered_cache_is_not_trusted(cache_dir: Path) -> None:
    made = fresh()
    (cache_file,) = cache_dir.iterdir()
    raw = bytearray(cache_file.read_bytes())
    at = 16 + lexicon._CHECK
    raw[at:at + 8], raw[at + 8:at + 16] = raw[at + 8:at + 16], raw[at:at + 8]  # two digests swapped: same size
    cache_file.write_bytes(bytes(raw))
    assert lexicon._read_cache(cache_file) is None
    assert [s.digests for s in fresh()] == [s.digests for s in made]


def test_an_unwritable_cache_folder_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SPEECHES_CACHE_DIR", str(blocker / "cache"))
    try:
        words, frequent = fresh()
        assert len(words) > 300_000
    finally:
        lexicon._lexicon.cache_clear()
