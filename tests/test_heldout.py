"""Held-out outline check: real-style speeches and work reports unlike the seeds (tests/heldout/*.txt), each with
a hand-written outline of its block headings (*.yml: [level, marker, text]), written before running the detector.

Scored as the grader scores: a block heading matches when level, marker numeral and text (script and punctuation
normalised) agree; precision, recall and F1 are printed per file and overall, in both scripts.
Run: .venv/bin/python -m pytest -q -s tests/test_heldout.py -p no:cacheprovider
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import opencc
import pytest
import yaml

from generator.clean import clean_speech
from generator.markers import read_numeral
from generator.outline import detect_outline
from generator.read import read_seed

HELDOUT = Path(__file__).parent / "heldout"
STEMS = sorted(p.stem for p in HELDOUT.glob("*.yml"))
F1_MIN = 0.95

_T2S = opencc.OpenCC("tw2s")
_PUNCT = str.maketrans("，：；（）？！", ",:;()?!")

Key = tuple[int, "int | None", str]


def norm(text: str) -> str:
    return re.sub(r"\s+", "", _T2S.convert(text).translate(_PUNCT))


def marker_number(marker: str) -> int | None:
    m = re.search(r"\[([^\]]+)\]|([0-9０-９]+)|([一二三四五六七八九十]+)|([①-⑳])", marker)
    return read_numeral(next(g for g in m.groups() if g)) if m else None


def expected(stem: str) -> list[Key]:
    rows = yaml.safe_load((HELDOUT / f"{stem}.yml").read_text(encoding="utf-8"))["headings"]
    return [(level, marker_number(str(marker)), norm(text)) for level, marker, text in rows]


@lru_cache(maxsize=None)
def detected(stem: str, script: str) -> list[Key]:
    outline = detect_outline(clean_speech(read_seed(HELDOUT / f"{stem}.txt"), script=script))
    return [(h.level, h.number, norm(h.text)) for h in outline.headings if not h.inline]


def score(script: str) -> tuple[int, int, int, dict[str, tuple[int, int, int]]]:
    """(matched, expected, detected) over all files, and per file."""
    per = {}
    for stem in STEMS:
        gold, ours = Counter(expected(stem)), Counter(detected(stem, script))
        per[stem] = (sum((gold & ours).values()), sum(gold.values()), sum(ours.values()))
    tot = tuple(sum(v[i] for v in per.values()) for i in range(3))
    return (*tot, per)  # type: ignore[return-value]


def prf(m: int, g: int, o: int) -> tuple[float, float, float]:
    p, r = (m / o if o else 1.0), (m / g if g else 1.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@pytest.mark.parametrize("script", ["original", "simplified"])
def test_heldout_block_heading_f1(script: str) -> None:
    m, g, o, per = score(script)
    for stem, (pm, pg, po) in per.items():
        p, r, f = prf(pm, pg, po)
        print(f"{script:10} {stem:22} P={p:.3f} R={r:.3f} F1={f:.3f} ({pm}/{pg} gold, {po} found)")
    p, r, f = prf(m, g, o)
    print(f"{script:10} {'OVERALL':22} P={p:.3f} R={r:.3f} F1={f:.3f} ({m}/{g} gold, {o} found)")
    assert f >= F1_MIN, (p, r, f)
