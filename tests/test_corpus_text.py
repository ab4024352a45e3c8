"""Real text as users bring it (../shared/corpus: news.cn, people.cn, Wikisource and plain-text reports): the
page keeps every word of the speech, single-line scrapes become paragraphs, and the head becomes metadata.

The corpus is public text without a licence: it is read where it lies and never copied into the project.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.build import outline_of
from generator.clean import clean_speech
from generator.read import read_seed
from generator.render import make_env, render_speech, templates_dir_default

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
DOCS = sorted((CORPUS / "docs").glob("*.txt"))
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
SEPARATOR = re.compile(r"[\u3000\u2003][\u3000\u2003 ]*[\u3000\u2003]|\u2003")

pytestmark = pytest.mark.skipif(not DOCS, reason=f"the development corpus is not at {CORPUS} (it is never copied "
                                "into the project); put the shared folder beside the checkout to run these tests")


def gold(path: Path) -> dict | None:
    g = CORPUS / "gold" / f"{path.stem}.json"
    return json.loads(g.read_text(encoding="utf-8")) if g.exists() else None


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


def visible(markdown: str) -> str:
    """The page's text as a reader sees it: tags and attribute lists out, entities decoded."""
    text = re.sub(r"<[^>]+>|\{: [^}]*\}", "", markdown)
    return html.unescape(text)


def body_range(text: str, g: dict) -> str:
    """The source between the gold's body_start and body_end (both inside one line of the source)."""
    start = text.find(g["body_start"].splitlines()[0])
    end_probe = g["body_end"].splitlines()[-1]
    end = text.rfind(end_probe)
    assert start >= 0 and end >= 0, "the gold's edges are in the source"
    return text[start : end + len(end_probe)]


@pytest.fixture(scope="module")
def env():  # noqa: ANN201 - a Jinja environment
    return make_env(str(templates_dir_default()))


@pytest.mark.parametrize("path", DOCS, ids=[p.stem for p in DOCS])
def test_every_word_of_the_body_is_on_the_page(path: Path, env) -> None:  # noqa: ANN001
    """Every Han character of the body (between the gold's edges, or of the whole text) is on the page, in
    order; whatever else the seed held is on the page too, in the list of what cleaning took out."""
    raw = read_seed(path)
    outline = outline_of(raw, "original")
    page = visible(render_speech(outline, env).markdown)
    source = "\n".join(ln.text for ln in raw.lines)
    g = gold(path)
    body = body_range(source, g) if g else ""
    for r in outline.speech.removed:
        if r.rule == "captions":  # photo captions set inside the body are page furniture too (the gold's rule)
            body = body.replace(r.text, "")
    body = han(body)
    paragraphs = han("".join(p.text for p in outline.speech.paragraphs))
    if g:
        assert is_subsequence(body, paragraphs), "a word of the speech's body is not on the page"
    assert is_subsequence(paragraphs, han(page)), "the page does not show the paragraphs in order"
    speech = outline.speech
    listed = han("".join(r.text for r in speech.removed) + (speech.meta.byline or ""))
    assert Counter(paragraphs + listed) == Counter(han(source)), "something left the text without being listed"
    for r in speech.removed:
        assert han(r.text) in han(page), f"removed but not listed on the page: {r.text[:30]}"


SINGLE_LINE = [p for p in DOCS if p.stem.startswith(("xinhua-", "people-"))]


@pytest.mark.parametrize("path", SINGLE_LINE, ids=[p.stem for p in SINGLE_LINE])
def test_single_line_scrapes_become_paragraphs(path: Path) -> None:
    """A news page scraped onto one line gets its paragraphs back: at least one per separator left after the
    head (photo captions and the head are not paragraphs), or, with no separators, one per heading the gold
    lists (a heading opens a paragraph)."""
    raw = read_seed(path)
    speech = clean_speech(raw)
    text = "\n".join(ln.text for ln in raw.lines)
    separators = len(SEPARATOR.findall(text))
    g = gold(path)
    if separators >= 5:
        captions = sum(1 for r in speech.removed if r.rule == "captions")
        # Each separator opens a paragraph, except those before a caption or inside the head.
        assert len(speech.paragraphs) >= separators - captions - 4
    elif g is not None:
        assert len(speech.paragraphs) > len(g.get("headings", []))
        starts = [re.sub(r"\s", "", p.text) for p in speech.paragraphs]
        for h in g.get("headings", []):
            opening = re.sub(r"\s", "", h["marker"] + h["text"])[:12]
            assert any(s.startswith(opening) for s in starts), f"no paragraph opens with {h['text']}"
    else:
        assert max(len(p.text) for p in speech.paragraphs) < 2000, "a run-on text left unsplit"


GOLD_HEADS = [p for p in DOCS if gold(p) and (gold(p) or {}).get("title") is not None]


@pytest.mark.parametrize("path", GOLD_HEADS, ids=[p.stem for p in GOLD_HEADS])
def test_the_head_is_metadata(path: Path) -> None:
    """Title, date and speaker as the gold has them; none of them left in the body."""
    g = gold(path)
    assert g is not None
    meta = clean_speech(read_seed(path)).meta
    norm = lambda s: re.sub(r"\s", "", s or "")  # noqa: E731
    if g["title"]:
        assert norm(meta.title) == norm(g["title"]) and not meta.title_inferred
    else:
        assert meta.title_inferred, "a text with no title of its own gets one made here, marked as such"
    if g.get("date"):
        assert meta.date == g["date"]
    if g.get("speaker"):
        assert meta.speaker == g["speaker"]


def test_a_related_links_marker_inside_the_speech_cuts_nothing() -> None:
    """The real-world case: a 相关文章 line with speech after it. Nothing after it is lost; it is reported."""
    from generator.read import read_text

    speech_lines = [f"第{n}段讲话内容，我们要把这项工作做好，做实，做出成效。" for n in range(1, 40)]
    text = "在全县工作会议上的讲话\n同志们：\n" + "\n".join(speech_lines[:20]) + "\n相关文章：\n" + \
        "\n".join(speech_lines[20:]) + "\n"
    speech = clean_speech(read_text(text, source="x.txt"))
    assert han("".join(p.text for p in speech.paragraphs)).endswith(han(speech_lines[-1]))
    assert sum(1 for p in speech.paragraphs if p.text.startswith("第")) == 39
    reported = [p for p in speech.problems if "相关文章" in p.message]
    assert reported and reported[0].line == 23 and reported[0].reader
