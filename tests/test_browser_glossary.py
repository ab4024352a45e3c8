"""The glossary as a reader meets it: a linked slogan's tooltip, and search by a whole slogan or a part of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import mkdocs_build, screenshot, static_server
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
    """A part a speech names (中商贸 of 南工北农中商贸) is an entry of its own, found by its own token
    (glossary.search_terms: a taught term is one token, so 商贸 alone no longer matches inside it)."""
    with static_server(built_site) as base:
        page.goto(base)  # type: ignore[attr-defined]
        hrefs = _search(page, "中商贸")
        assert any("glossary/" in h for h in hrefs), hrefs
        assert any("004_de64fb12bc0e1851" in h for h in hrefs), hrefs


# Invented speeches of a county over six years (not corpus text): “双招双引” in every one, three times each, so it
# gets a concordance page; “河湖双长” in a few, so its lines stay on the glossary page; one speech undated.
TOWNS = ["城东", "城西", "河口", "山前", "新区", "北关"]


def _dated_seeds(folder: Path) -> None:
    folder.mkdir()
    for i, year in enumerate(range(2018, 2024)):
        extra = "各乡镇要全面推行“河湖双长”，守护一方碧水。" if year in (2019, 2022) else ""
        (folder / f"{year}.txt").write_text(
            f"在全县{TOWNS[i]}招商工作会议上的讲话\n（{year}年3月{i + 5}日）\n张明\n同志们：\n"
            f"今天召开会议，部署“双招双引”工作。{TOWNS[i]}片区要把“双招双引”作为头号工程。\n"
            f"一、抓好项目落地\n今年要以“双招双引”为抓手，新签约项目一批。{extra}\n"
            "二、优化营商环境\n各部门要提高办事效率，为企业做好服务。\n",
            encoding="utf-8")
    (folder / "undated.txt").write_text(
        "在全县项目观摩会上的讲话\n同志们：\n要继续推进“双招双引”，推行“河湖双长”。\n", encoding="utf-8")


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dated")
    _dated_seeds(root / "seeds")
    site = root / "site"
    mkdocs_build(site, "--strict", env={"SPEECHES_SEEDS": str(root / "seeds")})
    return site


def test_a_terms_timeline_opens_its_concordance_and_a_line_its_paragraph(dated_site: Path, page: object) -> None:
    with static_server(dated_site) as base:
        page.goto(base + "glossary/#双招双引")  # type: ignore[attr-defined]
        timeline = page.locator("h3#双招双引 ~ p.gloss-timeline").first  # type: ignore[attr-defined]
        bars = timeline.locator("a.gloss-bar")
        assert bars.count() == 6  # one bar per dated year; the undated speech is off the timeline
        caption = timeline.locator("xpath=following-sibling::p[1]")
        assert "无日期的讲话中，不入时间线" in caption.inner_text()
        bar = bars.nth(2)
        assert "2020年：3 次" in (bar.get_attribute("title") or "")
        bar.scroll_into_view_if_needed()
        screenshot(page, "glossary-timeline")
        bar.click()
        page.wait_for_url("**/concordance/**#y2020")  # type: ignore[attr-defined]
        section = page.locator("h2#y2020")  # type: ignore[attr-defined]
        assert section.is_visible()
        rows = page.locator("h2#y2020 ~ ul > li")  # type: ignore[attr-defined]
        first_2020 = rows.filter(has_text="2020-03-07").first
        assert "张明" in first_2020.inner_text() and "双招双引" in first_2020.inner_text()
        screenshot(page, "glossary-concordance")
        first_2020.locator("a", has_text="双招双引").click()
        page.wait_for_url("**/speeches/2020/#*")  # type: ignore[attr-defined]
        anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")  # type: ignore[attr-defined]
        target = page.locator(f"[id='{anchor}']")  # type: ignore[attr-defined]
        assert "双招双引" in target.inner_text() and target.is_visible()
        screenshot(page, "glossary-concordance-paragraph")


def test_an_inline_concordance_and_the_sort_buttons(dated_site: Path, page: object) -> None:
    with static_server(dated_site) as base:
        page.goto(base + "glossary/")  # type: ignore[attr-defined]
        order = lambda: page.eval_on_selector_all(  # noqa: E731
            "h3.gloss-term", "hs => hs.filter(h => h.offsetParent !== null).map(h => h.id)")
        assert order() == ["河湖双长", "双招双引"]  # pinyin: he before shuang
        page.click(".gloss-sort button[data-sort='count']")  # type: ignore[attr-defined]
        assert order() == ["双招双引", "河湖双长"]
        assert not page.locator("h2.gloss-letter").first.is_visible()  # type: ignore[attr-defined]
        screenshot(page, "glossary-sorted-by-count")
        page.click(".gloss-sort button[data-sort='pinyin']")  # type: ignore[attr-defined]
        assert order() == ["河湖双长", "双招双引"]
        bar = page.locator("h3#河湖双长 ~ p.gloss-timeline").first.locator("a.gloss-bar").nth(1)  # type: ignore[attr-defined]
        bar.click()
        assert page.evaluate("decodeURIComponent(location.hash)") == "#河湖双长-2022"  # type: ignore[attr-defined]
        assert page.locator("[id='河湖双长-2022']").is_visible()  # type: ignore[attr-defined]
        screenshot(page, "glossary-inline-concordance")
