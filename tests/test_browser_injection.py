"""In Chromium: the pages built from the injection seeds run no script and show the seed's text literally.

Every payload in tests/fixtures/injection*.txt sets ``window.__pwned`` or calls ``alert``; so a page is clean
when no dialog opened, ``window.__pwned`` is unset, and the DOM holds no element a seed made (a script
mentioning the payload, an element with an event handler, a javascript: link). Search results, which Material
renders from the search index as HTML, are checked the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import screenshot, static_server
from test_injection import injection_site  # noqa: F401 - the session fixture that builds the site

pytestmark = [pytest.mark.browser]

PAGES = ("speeches/injection/", "speeches/injection_title/", "", "speeches/", "glossary/")

# Runs in the page: elements a seed could have smuggled in, as short descriptions.
FIND_INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
      if (['href', 'src', 'action', 'formaction'].includes(attr.name) && /^\\s*javascript:/i.test(attr.value))
        found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
    if (el.tagName === 'SCRIPT' && /pwned|alert\\(/.test(el.textContent)) found.push('SCRIPT ' + el.textContent.slice(0, 40));
    if (['IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) && /pwned|^x$/.test(el.getAttribute('src') || ''))
      found.push(el.tagName + ' src=' + el.getAttribute('src'));
    if (el.tagName === 'STYLE' && /display:\\s*none/.test(el.textContent) && el.closest('article'))
      found.push('STYLE in article');
    if (el.id === 'pwned' || el.classList.contains('evil')) found.push('attr_list ' + el.tagName);
  }
  return found;
}"""


def _open(page, url: str, dialogs: list[str]) -> None:  # type: ignore[no-untyped-def]
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # let any onerror/onload handler that slipped through fire


@pytest.mark.parametrize("path", PAGES)
def test_no_script_runs(page, injection_site: Path, path: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dialogs: list[str] = []
    with static_server(injection_site) as base:
        _open(page, base + path, dialogs)
        assert dialogs == []
        assert page.evaluate("() => window.__pwned === undefined"), page.evaluate("() => window.__pwned")
        assert page.evaluate(FIND_INJECTED) == []


def test_text_shows_literally(page, injection_site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dialogs: list[str] = []
    with static_server(injection_site) as base:
        _open(page, base + "speeches/injection/", dialogs)
        text = page.inner_text("article")
        for literal in (
            "<script>window.__pwned = 1; alert(1)</script>",
            '<img src=x onerror="window.__pwned=2">',
            "# 井号开头的一行不是标题",
            "* 星号开头 _下划线_ **粗体** ~~删除~~ ==高亮== ^上标^",
            "> 大于号开头的一行不是引用",
            "- 减号开头的一行不是列表",
            "{{ config.site_name }}",
            '{: #pwned .evil onclick="window.__pwned=5" }',
            "<!-- 注释 --><style>body{display:none}</style>",
        ):
            assert literal in text, literal
        assert page.is_visible("article"), "a smuggled <style> hid the page"
        screenshot(page, "injection-speech")
        _open(page, base + "speeches/injection_title/", dialogs)
        title = page.title().replace("\u2060", "")
        assert title.startswith("</title><script>window.__pwned"), title
        header = page.inner_text(".md-header__topic:last-child").replace("\u2060", "")
        assert "</title><script>window.__pwned" in header
        screenshot(page, "injection-title")
        assert dialogs == []


def test_search_results_are_text(page, injection_site: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dialogs: list[str] = []
    with static_server(injection_site) as base:
        _open(page, base, dialogs)
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("三大工程")  # the fixture's sentence that carries <script> and <img onerror>
        box.press("End")  # Material reads the query on keyup; Chinese text input fires none
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        page.wait_for_timeout(500)
        results = page.inner_text(".md-search-result")
        assert "三大工程" in results
        screenshot(page, "injection-search")
        assert dialogs == []
        assert page.evaluate("() => window.__pwned === undefined")
        assert page.evaluate(FIND_INJECTED) == []
