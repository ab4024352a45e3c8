"""Publishing, in Debian's Chromium: the site under a sub-path, the offline zip from file://, and printing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SCREENSHOTS, screenshot, static_server
from test_publish import SPEECH, offline_site, offline_zip  # noqa: F401 - session fixtures shared with test_publish

pytestmark = pytest.mark.browser

TITLE = "在全县上半年经济工作会议上的讲话"
LEVEL1 = ("一、客观审视上半年经济工作", "二、聚力抓好下半年重点工作", "三、以强有力的措施保证落实")
GLOSSARY_LINK = "article a[href*='glossary'][title]"


class Traffic:
    """Every request a page makes: anything failed, answered >= 400, or outside `allowed` is a problem."""

    def __init__(self, context: object, allowed: Callable[[str], bool]) -> None:
        self.allowed = allowed
        self.seen: list[str] = []
        self.problems: list[str] = []
        context.route("**/*", self._route)  # type: ignore[attr-defined]
        context.on("request", lambda r: self.seen.append(r.url))  # type: ignore[attr-defined]
        context.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))  # type: ignore[attr-defined]
        context.on("response", self._response)  # type: ignore[attr-defined]

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if self.allowed(url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.problems.append(f"left the site: {url}")
            route.abort()  # type: ignore[attr-defined]

    def _response(self, response: object) -> None:
        if response.status >= 400:  # type: ignore[attr-defined]
            self.problems.append(f"HTTP {response.status}: {response.url}")  # type: ignore[attr-defined]


def _inert(url: str) -> bool:
    return url.startswith(("data:", "blob:", "about:"))


def search(page: object, query: str) -> list[str]:
    """Type a query into Material's search box, wait for results; return their links, best first."""
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.press_sequentially(query)
    # Chinese arrives as text input (an IME's commit), which fires no keyup; Material reads the query on keyup.
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)  # type: ignore[attr-defined]
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item > a", "els => els.map(e => e.href)"
    )


def settle(page: object) -> None:
    """Wait until the page has loaded everything: leaving earlier would cancel requests still in flight."""
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


def follow_glossary_link(page: object, term: str | None = None) -> str:
    """Click a glossary link in the article (one for `term` if given); check the entry it lands on. Returns the term."""
    settle(page)
    links = page.locator(GLOSSARY_LINK)  # type: ignore[attr-defined]
    if term:
        links = links.filter(has_text=re.compile(f"^{re.escape(term)}$"))
    link = links.first
    term = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r".*glossary(/|\.html)#.+"))  # type: ignore[attr-defined]
    settle(page)
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")  # type: ignore[attr-defined]
    entry = page.locator(f"[id='{target}']")  # type: ignore[attr-defined]
    assert entry.count() == 1, f"no element with id {target!r} on the glossary page"
    assert entry.is_visible()
    assert term in page.locator("article").inner_text()  # type: ignore[attr-defined]
    return term


def test_site_works_under_a_sub_path(built_site: Path, page: object) -> None:
    with static_server(built_site, "/sub/path/") as base:
        traffic = Traffic(page.context, lambda u: u.startswith(base) or _inert(u))  # type: ignore[attr-defined]
        page.goto(base)  # type: ignore[attr-defined]
        assert "讲话文库" in page.title()  # type: ignore[attr-defined]
        settle(page)

        page.click(f"article a:has-text('{TITLE}')")  # type: ignore[attr-defined]
        page.wait_for_url(f"{base}speeches/{SPEECH}/")  # type: ignore[attr-defined]
        assert page.locator("h1").inner_text().startswith(TITLE)  # type: ignore[attr-defined]
        screenshot(page, "subpath-speech")

        follow_glossary_link(page)
        assert page.url.startswith(f"{base}glossary/#")  # type: ignore[attr-defined]
        screenshot(page, "subpath-glossary")

        hits = [h for h in search(page, "双联") if f"/speeches/{SPEECH}/" in h]
        assert hits and all(h.startswith(base) for h in hits), hits
        screenshot(page, "subpath-search")
        settle(page)
        page.locator(f".md-search-result__item > a[href*='{SPEECH}']").first.click()  # type: ignore[attr-defined]
        page.wait_for_url(f"{base}speeches/{SPEECH}/**")  # type: ignore[attr-defined]
        assert "双联" in page.locator("article").inner_text()  # type: ignore[attr-defined]

        follow_glossary_link(page, "双联")
        assert page.url.startswith(f"{base}glossary/#")  # type: ignore[attr-defined]
    assert len(traffic.seen) > 10, traffic.seen
    assert not traffic.problems, traffic.problems


def test_offline_zip_searches_from_file_url_with_no_network(offline_site: Path, browser: object) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    traffic = Traffic(context, lambda u: u.startswith("file://") or _inert(u))
    try:
        page = context.new_page()
        page.goto((offline_site / "index.html").as_uri())
        assert "讲话文库" in page.title()
        settle(page)

        hits = [h for h in search(page, "双联") if f"speeches/{SPEECH}.html" in h]
        assert hits and all(h.startswith("file://") for h in hits), hits
        screenshot(page, "offline-search")
        settle(page)
        page.locator(f".md-search-result__item > a[href*='{SPEECH}']").first.click()
        page.wait_for_url(re.compile(rf"file://.*/speeches/{SPEECH}\.html.*"))
        assert "双联" in page.locator("article").inner_text()
        screenshot(page, "offline-speech")

        follow_glossary_link(page, "双联")
        assert page.url.startswith((offline_site / "glossary.html").as_uri() + "#")
        screenshot(page, "offline-glossary")
    finally:
        context.close()
    assert any(u.startswith("file://") for u in traffic.seen)
    assert not [u for u in traffic.seen if not (u.startswith("file://") or _inert(u))], traffic.seen
    assert not traffic.problems, traffic.problems


def _need_poppler() -> None:
    missing = [t for t in ("pdftotext", "pdftoppm") if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing in CI: .ci/run must install poppler-utils")
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install -y poppler-utils)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_speech_prints_cleanly(built_site: Path, page: object) -> None:
    _need_poppler()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / f"print-{SPEECH}.pdf"
    other_titles = [
        re.search(r"<h1[^>]*>(.*?)<", p.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
        for p in (built_site / "speeches").glob("*/index.html") if SPEECH not in str(p)
    ]
    with static_server(built_site) as base:
        page.goto(f"{base}speeches/{SPEECH}/")  # type: ignore[attr-defined]
        tooltip = page.get_attribute(GLOSSARY_LINK, "title")  # type: ignore[attr-defined]
        printed = page.get_attribute(f"{GLOSSARY_LINK}[data-print]", "data-print")  # type: ignore[attr-defined]
        page.pdf(path=str(pdf), format="A4")  # type: ignore[attr-defined]
    assert tooltip and printed

    # -raw keeps the content stream's order: the small glossary notes stay next to their terms.
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = _squash(text)
    assert TITLE in flat
    for heading in LEVEL1:
        assert heading in flat, heading
    # A formulation's expansion is printed after the term; tooltips are not (原文未作解释 is screen help).
    assert _squash(f"（{printed}）") in flat, printed
    assert "原文未作解释" not in flat
    # No navigation, header, search or footer: no other speech's title, no site name, no search prompt.
    assert "讲话文库" not in flat and "搜索" not in flat
    assert not [t for t in other_titles if _squash(t) in flat]

    # Each level-1 heading after the first starts a new sheet; the first follows the title on sheet 1.
    sheets = [[line.strip() for line in s.splitlines() if line.strip()] for s in text.split("\f")]
    assert TITLE in _squash("".join(sheets[0][:3]))
    first_lines = [_squash("".join(s[:2])) for s in sheets if s]
    for heading in LEVEL1[1:]:
        assert any(f.startswith(heading) for f in first_lines), (heading, first_lines)

    png = SCREENSHOTS / f"print-{SPEECH}"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(png)], check=True)
    assert list(SCREENSHOTS.glob(f"print-{SPEECH}-*.png"))


def test_print_styles_hide_chrome_and_keep_marks(built_site: Path, page: object) -> None:
    damaged = sorted(p for p in (built_site / "speeches").glob("*/index.html")
                     if 'class="damage' in (html := p.read_text(encoding="utf-8")) and html.count("<h2 ") >= 2)
    assert damaged, "no speech has both damage marks and two level-1 headings"
    rel = damaged[0].parent.relative_to(built_site).as_posix()
    with static_server(built_site) as base:
        page.goto(f"{base}{rel}/")  # type: ignore[attr-defined]
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        style = page.evaluate("""() => {
            const css = (sel, prop, pseudo) => {
                const el = document.querySelector(sel);
                return el ? getComputedStyle(el, pseudo || null)[prop] : null;
            };
            const h2s = [...document.querySelectorAll('article h2')];
            return {
                header: css('.md-header', 'display'),
                search: css('.md-search', 'display'),
                nav: css('.md-sidebar--primary', 'display'),
                toc: css('.md-sidebar--secondary', 'display'),
                footer: css('.md-footer', 'display'),
                mark: css('mark.damage', 'display'),
                markRule: css('mark.damage', 'borderBottomStyle'),
                markAdjust: css('mark.damage', 'printColorAdjust'),
                breaks: h2s.map(h => getComputedStyle(h).breakBefore),
            };
        }""")
        screenshot(page, "print-media-damaged")
    assert {style[k] for k in ("header", "search", "nav", "toc", "footer")} == {"none"}, style
    assert style["mark"] != "none" and style["markRule"] == "dotted" and style["markAdjust"] == "exact", style
    assert len(style["breaks"]) >= 2, style["breaks"]
    assert style["breaks"][0] == "auto" and set(style["breaks"][1:]) == {"page"}, style["breaks"]
