"""Fuzzing the whole chain read -> clean -> outline -> render with generated texts (hypothesis).

Generated texts mix Chinese, outline markers, full- and half-width punctuation, control characters, invisible
characters, and markup (HTML, Markdown, attr_list, Jinja). Properties:

1. Nothing crashes: a bad text is at worst a SeedError, never another exception.
2. No Chinese character of the body is lost: every Han character of the cleaned speech's paragraphs reaches the
   outline blocks and then the rendered page, in order, and nothing is added; the title reaches the H1. With an
   alphabet that cannot spell page chrome, the page holds every Han character of the input (cleaning's own
   rules about chrome and repeated titles are tested in test_clean_properties.py).
3. Markup stays text: the rendered Markdown holds no raw ``<``, no line that opens a Markdown block, and no
   ``{{``/``{%`` that a template engine could read — only the markup the renderer itself writes.

The number of examples comes from a hypothesis profile: ``fuzz-ci`` when ``CI`` is set (a few thousand, about
a minute on 2 cores), ``fuzz-dev`` otherwise (a few hundred, seconds). ``FUZZ_PROFILE=fuzz-ci`` runs the CI
amount locally. Applied with ``@FUZZ`` to these tests only, so other modules' hypothesis settings are untouched.
"""

from __future__ import annotations

import html
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.clean import clean_speech
from generator.outline import detect_outline
from generator.read import SeedError, decode, normalise, read_text
from generator.records import Heading, Outline, Speech
from generator.script import to_simplified
from generator.render import block_markdown, make_env, render_speech, templates_dir_default

settings.register_profile(
    "fuzz-ci", max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False
)
settings.register_profile("fuzz-dev", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("FUZZ_PROFILE") or ("fuzz-ci" if os.environ.get("CI") else "fuzz-dev")
FUZZ = settings(settings.get_profile(PROFILE))

HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ENV = make_env(str(templates_dir_default()))

# Han characters that cannot spell a chrome, notice, byline or date word (the cleaner would rightly drop
# such lines), in both scripts; numerals are there so that markers and inline lists form.
SAFE_HAN = "我们要坚持发展经济建设工作全县同志推进加强改革创新重点农村城市群众干部领导问题安全稳定的和是在了一二三四五六七八九十第抓好們發與區縣幹"
MARKERS = ["一、", "二、", "十一、", "（一）", "（二）", "(三)", "第一，", "第二，", "1.", "2．", "（1）", "①", "一是", "二是",
           "其一，", "“南工”方面：", "同志们：", "一、二期"]
PUNCT = ["，", "。", "、", "；", "：", "？", "！", "“", "”", "（", "）", "……", "——", "《", "》", ",", ":", ";", "?", "!",
         "(", ")", ".", " ", "\t", "　", "7.2", "09:33", "GDP", "%", "*", "X"]
CONTROL = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u200b", "\u200d", "\ufeff", "\u00ad",
           "\u2028", "\u2029", "\r", "\ufffd", "\U0001f600", "e\u0301", "\ud7ff"]
MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p>", "<!--", "-->", "&amp;", "&lt;",
          "&#60;", "# ", "## ", "* ", "- ", "+ ", "> ", "| a | b |", "---", "***", "===", "```", "`", "_", "__",
          "~~", "[x](javascript:alert(1))", "![i](x.png)", "{: #id }", "{: .c onclick=x }", "{{ config }}",
          "{% raw %}", "{%", "%}", "{#", "#}", "\\", "\\*", "<https://example.com>", "[^1]", "*[HTML]: x",
          "!!! note", "??? info", "    ", "\t", "1) ", "1. ", "[[", "]]", "::: x", "$$", "&nbsp;", "\"", "'"]
TOKEN = st.one_of(
    st.text(alphabet=SAFE_HAN, min_size=1, max_size=8),
    st.sampled_from(MARKERS),
    st.sampled_from(PUNCT),
    st.sampled_from(CONTROL),
    st.sampled_from(MARKUP),
)
LINE = st.lists(TOKEN, min_size=0, max_size=12).map("".join)
NEWLINE = st.sampled_from(["\n", "\n", "\r\n", "\r", "\n\n"])


def _line_key(line: str) -> str:
    # The cleaner drops a repeat of the title line (in either script) as page chrome: keep lines distinct.
    return to_simplified(re.sub(r"\s", "", normalise(line)))


TEXT = st.lists(st.tuples(LINE, NEWLINE), min_size=1, max_size=10, unique_by=lambda t: _line_key(t[0])).map(
    lambda ls: "".join(a + b for a, b in ls)
)
# Anything at all, including every Han block and surrogate-free Unicode: only "no crash" and
# "what cleaning keeps reaches the page" hold for these.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


def han(text: str) -> str:
    return "".join(HAN_RE.findall(text))


# The renderer's own markup: damage marks, run-in markers, attr_list anchors. Seed text never yields these,
# because escaping turns its < and { into entities.
_OWN_MARKUP = re.compile(r'<mark class="damage[^"]*" title="[^"]*">|</mark>|<strong class="runin">|</strong>'
                         r"|\{: #[^ }]+ \}")


def visible(markdown: str) -> str:
    """What a reader sees of rendered Markdown: our own markup removed, entities decoded."""
    return html.unescape(_OWN_MARKUP.sub("", markdown))


def body_markdown(page: str) -> str:
    """The speech body of a rendered page: everything after the 'about this text' box."""
    lines = page.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("??? info"))
    i = start + 1
    while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
        i += 1
    return "\n".join(lines[i:])


def pipeline(text: str, script: str) -> tuple[Speech, Outline, str]:
    speech = clean_speech(read_text(text, source="fuzz.txt"), script=script)
    outline = detect_outline(speech)
    if not speech.paragraphs:
        return speech, outline, ""
    return speech, outline, render_speech(outline, ENV).markdown


def heading_label(h: Heading) -> str:
    """A heading's Han characters as the source had them: a restored numeral (（[二]）) is added, not source."""
    return re.sub(r"\[[^\]]*\]", "", h.label) if "restored-numeral" in h.flags else h.label


def is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


def check_nothing_lost(speech: Speech, outline: Outline, page: str) -> None:
    body_han = han("".join(p.text for p in speech.paragraphs))
    # outline: the blocks hold exactly the paragraphs' Han characters, in order (markers included).
    block_text = "".join(
        heading_label(b.heading) if b.heading else b.paragraph.text  # type: ignore[union-attr]
        for b in outline.blocks
    )
    assert han(block_text) == body_han, "the outline lost or added Han characters"
    # render, block by block and as a page: every Han character of the body, in order.
    rendered_blocks = [block_markdown(b, 1, ()) for b in outline.blocks]
    assert is_subsequence(body_han, han(visible("".join(rendered_blocks)))), "rendering lost Han characters"
    if page:
        assert is_subsequence(body_han, han(visible(body_markdown(page)))), "the page body lost Han characters"
        h1 = page.split("\n", 1)[0]
        assert h1.startswith("# ") and han(visible(h1)) == han(speech.meta.title.replace("\n", " "))


def check_markup_is_text(page: str) -> None:
    own_removed = _OWN_MARKUP.sub("", page)
    for line in body_markdown(own_removed).split("\n"):
        if not line or line.startswith("#"):  # our headings: "## 一、…"; seed text's # is an entity
            continue
        assert "<" not in line, line
        assert not re.match(r"\s*(?:[-+*>|=`~]|\d+[.)](?:\s|$)|\[|!\[|!!!|\?\?\?)", line), f"a line opens a Markdown block: {line!r}"
        assert "{{" not in line and "{%" not in line and "{#" not in line, line
    for line in own_removed.split("\n"):
        if line.startswith("#"):  # headings: only our hashes, then escaped text
            assert re.match(r"#{1,6} [^#<`*_\[\]{}|]*$", re.sub(r"&#?\w+;", "", line)), line


@FUZZ
@given(TEXT, st.sampled_from(["original", "simplified"]))
def test_chain_never_crashes_and_keeps_the_body(text: str, script: str) -> None:
    speech, outline, page = pipeline(text, script)
    check_nothing_lost(speech, outline, page)
    if page:
        check_markup_is_text(page)
    if script == "original":
        # Every Han character of the input is on the page, in order, or listed in what cleaning took out
        # (the cleaning report's ``removed``: the head the page shows above the text, chrome, captions).
        body = han("".join(p.text for p in speech.paragraphs))
        assert is_subsequence(body, han(text))
        listed = "".join(r.text for r in speech.removed) + (speech.meta.byline or "")
        assert sorted(body + han(listed)) == sorted(han(text))


@FUZZ
@given(ANY_TEXT)
def test_any_text_never_crashes(text: str) -> None:
    speech, outline, page = pipeline(text, "simplified")
    check_nothing_lost(speech, outline, page)
    if page:
        check_markup_is_text(page)


@FUZZ
@given(st.binary(max_size=400) | TEXT.map(lambda t: t.encode("gb18030")) | TEXT.map(lambda t: t.encode("utf-16")))
def test_decode_any_bytes(data: bytes) -> None:
    """Bytes of any kind decode or raise SeedError with a message and a hint; UTF-8 round-trips exactly."""
    try:
        text, encoding, problems = decode(data, "fuzz.txt")
    except SeedError as exc:
        assert exc.source == "fuzz.txt" and exc.message and exc.hint
        return
    assert isinstance(text, str) and encoding
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        assert (text, encoding) == (utf8, "utf-8")


def test_topic_heading_is_not_doubled() -> None:
    speech, outline, page = pipeline("讲话\n同志们：\n“南工”方面：要加快园区建设。\n", "original")
    assert "“南工”方面：“南工”方面" not in page
