"""The outline against the hand-made gold outlines of the five seeds (../shared/gold), in both scripts.

Measured: block headings (inline false) must match exactly (level, marker numeral, text once script and
punctuation are normalised); inline enumerations must agree at 95% or better; the numbering warnings must name
each real anomaly of the seeds and nothing else.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import opencc
import pytest

from generator.clean import clean_speech
from generator.markers import read_numeral
from generator.outline import detect_outline
from generator.read import read_seed
from generator.records import Outline

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
SEEDS = ROOT / "seeds"
STEMS = sorted(p.stem for p in GOLD.glob("*.json"))
INLINE_AGREEMENT = 0.95
pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not there")

_T2S = opencc.OpenCC("tw2s")
_PUNCT = str.maketrans("，：；（）？！", ",:;()?!")

# The real anomalies of the seeds, as (line, start of the message): 003's scrubbed （三） and its bare 是 items.
EXPECTED_WARNINGS: dict[str, set[tuple[int, str]]] = {
    "000_2f08ebf8d9195c7e": set(),
    "001_be04a5044fa86afc": set(),
    "002_d785b1ea62eb0eee": set(),
    "003_e9693bc89b1ce7ce": {
        (47, "scrubbed numeral restored as （[三]）"),
        (19, "scrubbed numeral restored as [三]是"),
        (43, "scrubbed numeral restored as [三]是"),
        (45, "scrubbed numeral restored as [三]是"),
        (49, "scrubbed numeral restored as [三]是"),
    },
    "004_de64fb12bc0e1851": set(),
}


def norm(text: str) -> str:
    """Script and punctuation out of the way: 圍繞增加農民收入，確保 -> 围绕增加农民收入,确保."""
    return re.sub(r"\s+", "", _T2S.convert(text).translate(_PUNCT))


def marker_number(marker: str) -> int | None:
    """The numeral a gold marker shows: "(一)" -> 1, "[三]是" -> 3, "第一," -> 1, "“南工”方面:" -> None."""
    m = re.search(r"\[([^\]]+)\]|([0-9０-９]+)|([一二三四五六七八九十]+)|([①-⑳])", marker)
    return read_numeral(next(g for g in m.groups() if g)) if m else None


@lru_cache(maxsize=None)
def outline_of(stem: str, script: str) -> Outline:
    return detect_outline(clean_speech(read_seed(SEEDS / f"{stem}.txt"), script=script))


def keys(items) -> list[tuple[int, int | None, str]]:
    return [(level, number, norm(text)) for level, number, text in items]


def gold_items(stem: str, inline: bool) -> list[tuple[int, int | None, str]]:
    data = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    return keys((h["level"], marker_number(h["marker"]), h["text"]) for h in data["headings"] if h["inline"] == inline)


def our_items(outline: Outline, inline: bool) -> list[tuple[int, int | None, str]]:
    return keys((h.level, h.number, h.text) for h in outline.headings if h.inline == inline)


@pytest.mark.parametrize("script", ["original", "simplified"])
@pytest.mark.parametrize("stem", STEMS)
def test_block_headings_match_gold(stem: str, script: str) -> None:
    assert our_items(outline_of(stem, script), False) == gold_items(stem, False)


def inline_agreement(script: str) -> tuple[int, int, int]:
    """(matched, gold count, our count) of inline enumerations over all seeds."""
    matched = gold_n = ours_n = 0
    for stem in STEMS:
        gold, ours = Counter(gold_items(stem, True)), Counter(our_items(outline_of(stem, script), True))
        matched += sum((gold & ours).values())
        gold_n += sum(gold.values())
        ours_n += sum(ours.values())
    return matched, gold_n, ours_n


@pytest.mark.parametrize("script", ["original", "simplified"])
def test_inline_enumerations_agree_with_gold(script: str) -> None:
    matched, gold_n, ours_n = inline_agreement(script)
    # Agreement counts a miss and an extra alike: matches over the larger of the two lists.
    assert matched / max(gold_n, ours_n) >= INLINE_AGREEMENT, (matched, gold_n, ours_n)


@pytest.mark.parametrize("script", ["original", "simplified"])
@pytest.mark.parametrize("stem", STEMS)
def test_numbering_warnings_name_the_real_anomalies(stem: str, script: str) -> None:
    warnings = outline_of(stem, script).problems
    expected = EXPECTED_WARNINGS[stem]
    assert len(warnings) == len(expected), [w.format() for w in warnings]
    for line, start in expected:
        assert any(w.line == line and _t2s_cmp(w.message, start) for w in warnings), (line, start)


def _t2s_cmp(message: str, start: str) -> bool:
    return norm(message).startswith(norm(start))
