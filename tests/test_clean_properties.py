"""Invariants of cleaning, on the seeds and on generated texts (hypothesis).

Idempotent, defined precisely: render a cleaned speech back to text (its title line, unless the title was
inferred, then one paragraph per line) and clean that again: the same paragraphs, with the same marks, the
same title and kind come out.

No Chinese character lost: every Han character of the input is on the page (the paragraphs, in order, and the
byline) or in the list of what cleaning took out (``Speech.removed``: chrome, captions, the head whose title,
date and speaker the page shows above the text); pinyin glosses hold no Han characters.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.clean import clean_speech
from generator.read import read_seed, read_text
from generator.records import Speech

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
GLOSS = re.compile(r"[(（][a-zü ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü ]*[)）]")


def render(speech: Speech) -> str:
    """A cleaned speech as plain text again: title line (unless inferred), then one paragraph per line."""
    head = [] if speech.meta.title_inferred or not speech.meta.title else [speech.meta.title]
    return "\n".join(head + [p.text for p in speech.paragraphs])


def assert_idempotent(speech: Speech, script: str) -> None:
    again = clean_speech(read_text(render(speech), source=speech.meta.source), script=script)
    assert [(p.text, p.marks) for p in again.paragraphs] == [(p.text, p.marks) for p in speech.paragraphs]
    assert (again.meta.title, again.meta.kind) == (speech.meta.title, speech.meta.kind)


def kept_han(speech: Speech) -> str:
    """The Han characters the cleaned speech still carries, in reading order."""
    title = "" if speech.meta.title_inferred else speech.meta.title
    parts = [title, *(p.text for p in speech.paragraphs), speech.meta.byline or ""]
    return "".join(HAN_RE.findall("".join(parts)))


def accounted_han(speech: Speech) -> Counter[str]:
    """The Han characters the page shows or lists as taken out."""
    parts = [*(p.text for p in speech.paragraphs), speech.meta.byline or "", *(r.text for r in speech.removed)]
    return Counter(HAN_RE.findall("".join(parts)))


def is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


@pytest.fixture(scope="module", params=["simplified", "original"])
def seeds_cleaned(request: pytest.FixtureRequest) -> list[tuple[str, Speech]]:
    return [(request.param, clean_speech(read_seed(p), script=request.param)) for p in SEEDS]


def test_seeds_idempotent(seeds_cleaned: list[tuple[str, Speech]]) -> None:
    for script, speech in seeds_cleaned:
        assert_idempotent(speech, script)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_seed_loses_only_whole_chrome_lines(seed: Path) -> None:
    raw = read_seed(seed)
    speech = clean_speech(raw, script="original")
    # Every Han character of the input, with the line it is on (glosses removed first: they hold none).
    src: list[tuple[str, int]] = [
        (c, ln.no) for ln in raw.lines for c in HAN_RE.findall(GLOSS.sub("", ln.text))
    ]
    out = kept_han(speech)
    sm = difflib.SequenceMatcher(None, "".join(c for c, _ in src), out, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    assert matched == len(out), "the output holds Han characters that are not in the input, or out of order"
    kept_lines = {src[b.a + k][1] for b in sm.get_matching_blocks() for k in range(b.size)}
    lost_lines = {no for _, no in src} - kept_lines
    lost_chars = len(src) - matched
    # What is lost is whole lines (page chrome, a repeated title), never part of a line, and each is listed.
    assert lost_chars == sum(1 for _, no in src if no in lost_lines)
    for no in lost_lines:
        assert not any(p.line == no for p in speech.paragraphs)
    assert accounted_han(speech) == Counter(c for c, _ in src)


# --- generated texts --------------------------------------------------------------------------------------

# Han characters that cannot spell any chrome, byline-role or date word, so that the cleaner has no reason
# to drop any of them.
HAN = "我们要坚持发展经济建设工作会议全县同志推进加强改革创新重点项目农村城市群众干部领导问题安全稳定社会的和是在了一二三四五六七八九十第抓好"
TOKENS = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=8),
    st.sampled_from(["，", "。", "、", "；", "：", "？", "！", "“", "”", "（", "）", "……"]),
    st.sampled_from([",", ":", ";", "?", "!", "(", ")", " ", "X", "7.2", "09:33", "GDP", "(WTO)", "(a)"]),
    st.sampled_from(["(huì)", "(qū)", "(yè)", "(zhōng guó)"]),
    st.sampled_from(["一、", "（一）", "(二)", "第一，", "1.", "一是", "同志们：", "“南工”方面："]),
)
LINE = st.lists(TOKENS, min_size=1, max_size=14).map("".join)
TEXT = st.lists(LINE, min_size=1, max_size=8, unique_by=lambda s: re.sub(r"\s", "", s)).flatmap(
    lambda lines: st.lists(st.sampled_from(["\n", "\n\n", "\r\n"]), min_size=len(lines), max_size=len(lines)).map(
        lambda seps: "".join(line + sep for line, sep in zip(lines, seps))
    )
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_generated_keeps_every_han_character(text: str) -> None:
    speech = clean_speech(read_text(text), script="original")
    expected = "".join(HAN_RE.findall(GLOSS.sub("", text)))
    body = "".join(HAN_RE.findall("".join(p.text for p in speech.paragraphs)))
    assert is_subsequence(body, expected)  # the page's text in the input's order
    assert accounted_han(speech) == Counter(expected)  # and nothing gone without being listed


@SETTINGS
@given(TEXT, st.sampled_from(["simplified", "original"]))
def test_generated_is_idempotent_and_marks_are_valid(text: str, script: str) -> None:
    speech = clean_speech(read_text(text), script=script)
    for p in speech.paragraphs:
        assert p.text == p.text.strip() and p.text
        spans = sorted((m.start, m.end) for m in p.marks)
        assert all(0 <= a < b <= len(p.text) for a, b in spans)
        assert all(x[1] <= y[0] for x, y in zip(spans, spans[1:]))
    assert_idempotent(speech, script)


@SETTINGS
@given(TEXT)
def test_generated_has_no_ascii_punctuation_between_han(text: str) -> None:
    speech = clean_speech(read_text(text), script="original")
    for p in speech.paragraphs:
        garbled = [(m.start, m.end) for m in p.marks if m.kind == "garbled"]
        for m in re.finditer("(?<=[\u4e00-\u9fff])[,:;?!()](?=[\u4e00-\u9fff])", p.text):
            assert any(a <= m.start() < b for a, b in garbled), p.text
