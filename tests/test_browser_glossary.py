"""The glossary as a reader meets it: a linked slogan's tooltip, and search by a whole slogan or a part of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import screenshot, static_server
from test_browser_site import _search

pytestmark = pytest.mark.browser

SPEECH_004 = "speeches/004_de64fb12bc0e1851/"


def test_hovering_a_slogan_shows_its_tooltip(built_site: Path, page: object) -> None:
    with static_server(built_site) as base:
        page.goto(base + SPEECH_004)  # type: ignore[attr-defined]
        link = page.locator("article a[href*='glossary/#'][title]").filter(has_text="三大工程").first  # type: ignore[attr-defined]
        title = link.get_attribute("title")
        assert title and "强产工程" in title, title
        link.scroll_into_view_if_needed()
        link.hover()
        # Material's content.tooltips turns the title into a tooltip element shown on hover.
        tip = page.locator(".md-tooltip2--active, .md-tooltip--active").first  # type: ignore[attr-defined]
        tip.wait_for(state="visible", timeout=5_000)
        assert "强产工程" in tip.inner_text()
        screenshot(page, "tooltip-004")
        # The link leads to the entry on the glossary page.
        link.click()
        page.wait_for_url("**/glossary/#*")  # type: ignore[attr-defined]
        anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")  # type: ignore[attr-defined]
        assert "三大工程" in page.locator(f"[id='{anchor}']").inner_text()  # type: ignore[attr-defined]
        screenshot(page, "glossary-entry")


def test_search_whole_slogan_puts_004_first(built_site: Path, page: object) -> None:
    with static_server(built_site) as base:
        page.goto(base)  # type: ignore[attr-defined]
        hrefs = _search(page, "南工北农中商贸")
        speeches = [h for h in hrefs if "/speeches/" in h and not h.rstrip("/").endswith("speeches")]
        assert speeches and "004_de64fb12bc0e1851" in speeches[0], hrefs
        screenshot(page, "search-nangong")


def test_search_part_of_slogan_finds_glossary_entry(built_site: Path, page: object) -> None:
    with static_server(built_site) as base:
        page.goto(base)  # type: ignore[attr-defined]
        hrefs = _search(page, "商贸")
        assert any("glossary/" in h for h in hrefs), hrefs
