"""Text is data, never markup: what a seed smuggles in (HTML, script, Markdown, attr_list, admonitions, Jinja,
front matter) appears on the page literally and does nothing — in the body, the title (nav, <title>, header),
the home and speeches tables, the glossary page, the search index and the export's SUMMARY.md.

The seeds are tests/fixtures/injection.txt (markup everywhere, a front-matter look-alike at the top) and
injection_title.txt (markup in the title line), next to an ordinary speech. The browser half (no script runs,
no dialog opens) is tests/test_browser_injection.py, which reuses the ``injection_site`` built here.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from generator.build import build_pages, summary_markdown
from generator.render import escape_md, nav_title

FIXTURES = ROOT / "tests" / "fixtures"
INJECTION_SEEDS = ("injection.txt", "injection_title.txt", "speech.txt")
# Lines of the seed that must show on the page exactly as written (after the cleaner's own, documented edits:
# ASCII punctuation next to Chinese becomes full width, so only spans without such edits are listed).
LITERAL = (
    "<script>window.__pwned = 1; alert(1)</script>",
    '<img src=x onerror="window.__pwned=2">',
    "# 井号开头的一行不是标题",
    "* 星号开头 _下划线_ **粗体** ~~删除~~ ==高亮== ^上标^",
    "> 大于号开头的一行不是引用",
    "| 竖线 | 不是 | 表格 |",
    "- 减号开头的一行不是列表",
    "`反引号代码`",
    '<a href="javascript:window.__pwned=4">链接</a>',
    '{: #pwned .evil onclick="window.__pwned=5" }',
    "{{ config.site_name }}",
    "{# 注释 #}",
    '<iframe src="javascript:window.__pwned=6"></iframe><svg onload="window.__pwned=7"></svg>',
    "&lt;b&gt; &amp; &#60;script&#62;x",
    "<script>window.__pwned=11</script>",
    "<img src=x onerror=window.__pwned=12>",
    "<!-- 注释 --><style>body{display:none}</style>",
)
# Elements and attributes a seed could use to run something; the theme's own <script> tags have no
# "pwned" in them, so any element or attribute that mentions it came from a seed.
DANGEROUS_TAGS = {"script", "img", "iframe", "svg", "style", "a", "object", "embed"}


def make_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in INJECTION_SEEDS:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The injection seeds built with `mkdocs build` (not strict: the seeds' odd numbering is only warned about)."""
    base = tmp_path_factory.mktemp("injection")
    seeds = make_seeds(base / "seeds")
    site = base / "site"
    mkdocs_build(site, env={"SPEECHES_SEEDS": str(seeds)})
    return site


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    seeds = make_seeds(tmp_path_factory.mktemp("injection-md") / "seeds")
    return build_pages(seeds, ROOT / "docs_templates")


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text as a reader sees it (script/style excluded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


def injected_elements(page: str) -> list[str]:
    """Elements or attributes that would carry a seed's payload into the DOM.

    Seed text inside an attribute value (a tooltip title, an aria-label, a slugged heading id) is harmless;
    what counts is an event handler, a javascript: URL, an element a seed could only have made itself
    (a script or an img mentioning the payload), or the id/class the seed's attr_list line asks for."""
    found = []
    for tag, attrs in parse(page).tags:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            elif name in ("href", "src", "action", "formaction", "data", "xlink:href") and re.match(
                r"\s*javascript:", value, re.I
            ):
                found.append(f"<{tag} {name}={value!r}>")
            elif (name, value) in (("id", "pwned"), ("class", "evil")):
                found.append(f"<{tag} {name}={value!r}>")
        if tag in DANGEROUS_TAGS - {"a"} and any("pwned" in (v or "") for n, v in attrs if n in ("src", "href")):
            found.append(f"<{tag}>")
    for m in re.finditer(r"<script\b[^>]*>(.*?)</script>", page, re.S):
        if "pwned" in m.group(1) or "alert(" in m.group(1):
            found.append(f"<script>{m.group(1)[:40]}")
    return found


# --- the Markdown --------------------------------------------------------------------------------------------


def test_markdown_has_no_raw_markup(result) -> None:  # type: ignore[no-untyped-def]
    for page in result.pages:
        md = page.markdown
        for tag in ("<script", "<img", "<iframe", "<svg onload", '<a href="javascript', "<style", "<!--"):
            assert tag not in md, f"{page.path}: raw {tag}"
        assert "{{" not in md and "{%" not in md and "{#" not in md, page.path
        assert "](javascript:" not in md, page.path


def test_front_matter_look_alike_is_not_front_matter(result) -> None:  # type: ignore[no-untyped-def]
    page = next(p for p in result.pages if p.path == "speeches/injection.md")
    assert page.markdown.startswith("# "), "a page must never start with '---' (MkDocs would read front matter)"
    assert "layout: evil" in html.unescape(page.markdown)


def test_titles_are_escaped_everywhere(result) -> None:  # type: ignore[no-untyped-def]
    outline = next(o for o in result.outlines if o.speech.meta.source == "injection_title.txt")
    title = outline.speech.meta.title
    assert "<script>" in title, "the fixture's title must carry markup for this test to mean anything"
    summary = summary_markdown(result)
    assert "<script" not in summary and "</title" not in summary
    assert nav_title(title).startswith("&lt;\u2060/title&gt;&lt;\u2060script&gt;")
    for page in result.pages:
        if page.path in ("index.md", "speeches/index.md"):
            assert escape_md(title) in page.markdown


def test_nav_title_survives_the_title_element() -> None:
    """Material puts ``page.title | striptags`` into <title>; striptags decodes entities, so a decoded
    ``</title>`` would end the element. With U+200B after each ``<`` it cannot."""
    import jinja2

    out = jinja2.Environment().from_string("<title>{{ t | striptags }}</title>").render(
        t=nav_title("</title><script>alert(1)</script>讲话")
    )
    assert out.count("</title>") == 1 and "<script>" not in out
    assert out.replace("\u2060", "") == "<title></title><script>alert(1)</script>讲话</title>"


# --- the built site -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["speeches/injection", "speeches/injection_title", "", "speeches", "glossary"])
def test_built_page_has_no_injected_elements(injection_site: Path, page: str) -> None:
    text = (injection_site / page / "index.html").read_text(encoding="utf-8")
    assert injected_elements(text) == []
    for tag in re.findall(r"<title>(.*?)</title>", text, re.S):
        assert "<" not in tag.replace("<\u2060", ""), tag


def test_built_speech_shows_the_text_literally(injection_site: Path) -> None:
    page = (injection_site / "speeches" / "injection" / "index.html").read_text(encoding="utf-8")
    article = page.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    shown = " ".join("".join(parse(article).text).split())
    for literal in LITERAL:
        assert " ".join(literal.split()) in shown, literal
    # Not interpreted: no admonition, no details, no heading or list from the seed's line starts.
    assert 'class="admonition' not in article and article.count("<details") == 1  # ours: 关于本文
    assert "<summary>折叠块" not in article
    assert not re.search(r"<h1[^>]*>\s*井号", article) and "<blockquote" not in article and "<table" not in article
    assert not re.search(r"<li>\s*减号", article) and not re.search(r"<code>反引号", article)
    assert 'id="pwned"' not in page and 'class="evil"' not in page


def test_built_title_is_literal_in_nav_header_and_title(injection_site: Path) -> None:
    page = (injection_site / "speeches" / "injection_title" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)  # type: ignore[union-attr]
    assert title.replace("\u2060", "").startswith("</title><script>window.__pwned")
    nav_link = re.search(r'<a href="\./"[^>]*class="md-nav__link md-nav__link--active"[^>]*>(.*?)</a>', page, re.S)
    header = re.search(r'<div class="md-header__topic" data-md-component="header-topic">(.*?)</div>', page, re.S)
    for found in (nav_link, header):
        assert found is not None
        shown = " ".join("".join(parse(found.group(1)).text).split()).replace("\u2060", "")
        assert "</title><script>window.__pwned" in shown, shown


def test_search_index_holds_text_not_markup(injection_site: Path) -> None:
    index = json.loads((injection_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("speeches/injection")]
    assert docs
    for doc in docs:
        for field in ("title", "text"):
            value = doc[field]
            assert not re.search(r"<(?:script|img|iframe|svg|a|style)\b", value), (doc["location"], value[:200])
    text = html.unescape(" ".join(d["text"] for d in docs)).replace("\u200b", "")
    assert "<script>window.__pwned = 1; alert(1)</script>" in text


def test_glossary_page_is_literal(injection_site: Path) -> None:
    page = (injection_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "三大工程" in page and "双联" in page, "the fixture's slogans must reach the glossary for this test"
    shown = " ".join(parse(page).text)
    # A concordance line keeps twelve characters either side of its term: “三大工程”<script>win…
    assert "<script>win" in shown
    assert injected_elements(page) == []


def test_export_is_literal(tmp_path: Path) -> None:
    import subprocess
    import sys

    seeds = make_seeds(tmp_path / "seeds")
    out = tmp_path / "export"
    subprocess.run([sys.executable, "-m", "generator", "export", "--seeds", str(seeds), "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    for md in out.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        assert not re.search(r'<(?:script>window|img src|iframe|svg onload|a href="javascript|style>|/title><script)', text), md
        assert "{{" not in text and "{%" not in text, md
