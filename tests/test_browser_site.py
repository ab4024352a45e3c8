"""What a reader sees, in Debian's Chromium: home -> speech -> TOC entry -> search."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import screenshot, static_server

pytestmark = pytest.mark.browser


def _search(page: object, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links' hrefs, best first."""
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    box.press_sequentially(query, delay=30)
    # Playwright types Han characters as text input with no key events, the way an IME commits them; Material
    # queries on keyup, which a reader's IME sends when the word is committed. End is that keyup here.
    box.press("End")
    page.wait_for_selector(".md-search-result__item > a", state="attached", timeout=15_000)  # type: ignore[attr-defined]
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))"
    )


def test_reader_walks_home_speech_toc_and_search(built_site: Path, page: object) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))  # type: ignore[attr-defined]
    with static_server(built_site) as base:
        page.goto(base)  # type: ignore[attr-defined]
        assert "讲话文库" in page.title()  # type: ignore[attr-defined]
        screenshot(page, "home")

        # Home lists every speech; go to 002.
        page.click("article a:has-text('在全县上半年经济工作会议上的讲话')")  # type: ignore[attr-defined]
        page.wait_for_url("**/speeches/002_d785b1ea62eb0eee/")  # type: ignore[attr-defined]
        assert page.locator("h1").inner_text().startswith("在全县上半年经济工作会议上的讲话")  # type: ignore[attr-defined]
        screenshot(page, "speech-002")

        # The page TOC is the outline: follow the entry for 二、 and land on that heading.
        toc = page.locator(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link:has-text('二、聚力抓好下半年重点工作')")  # type: ignore[attr-defined]
        toc.first.click()
        page.wait_for_function("location.hash.length > 1")  # type: ignore[attr-defined]
        target = page.evaluate("decodeURIComponent(location.hash.slice(1))")  # type: ignore[attr-defined]
        heading = page.locator(f"[id='{target}']")  # type: ignore[attr-defined]
        assert "聚力抓好下半年重点工作" in heading.inner_text()
        assert heading.is_visible()
        screenshot(page, "speech-002-toc")

        # Search 双联 and land on the speech that uses it.
        hrefs = _search(page, "双联")
        speech_hits = [h for h in hrefs if "speeches/002_d785b1ea62eb0eee" in h]
        assert speech_hits, hrefs
        screenshot(page, "search-shuanglian")
        page.click(f".md-search-result__item > a[href='{speech_hits[0]}']")  # type: ignore[attr-defined]
        page.wait_for_url("**/speeches/002_d785b1ea62eb0eee/**")  # type: ignore[attr-defined]
        assert "双联" in page.locator("article").inner_text()  # type: ignore[attr-defined]
    assert not failed, failed
