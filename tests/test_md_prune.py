"""generator.md_prune: skipping the Markdown patterns a page cannot trigger changes no byte of its HTML.

The check is against Python-Markdown itself, with the site's own extensions from mkdocs.yml: the bundled
seeds' pages, the Markdown Python-Markdown's syntax is made of (every pattern's trigger, mixed with Chinese
text, by hypothesis), and a pattern from another extension, which must always run.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import InlineProcessor

from conftest import ROOT, SEEDS
from generator.build import build_pages
from generator.md_prune import PruneExtension, needed


@lru_cache(maxsize=1)
def site_extensions() -> tuple[list[Any], dict[str, Any]]:
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    names = [e for e in config.markdown_extensions if e != "generator.md_prune"]
    return names, dict(config.mdx_configs)


def convert(text: str, prune: bool) -> str:
    names, configs = site_extensions()
    extensions = [*names, PruneExtension()] if prune else names
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(text)


def test_seed_pages_render_the_same() -> None:
    result = build_pages(SEEDS, ROOT / "docs_templates")
    assert len(result.pages) >= 8
    for page in result.pages:
        assert convert(page.markdown, prune=True) == convert(page.markdown, prune=False), page.path


def test_one_instance_converts_many_documents_the_same() -> None:
    """The pruned list is made per document: a document that needs a pattern gets it after one that did not."""
    names, configs = site_extensions()
    plain = markdown.Markdown(extensions=names, extension_configs=configs)
    pruned = markdown.Markdown(extensions=[*names, PruneExtension()], extension_configs=configs)
    docs = ["纯文字。", "**强调** 与 `代码` 与 ![图](a.png)", "纯文字。", "[双联][1]\n\n[1]: http://x.cn", "a | b\n--|--\n1 | 2"]
    for doc in docs:
        assert pruned.reset().convert(doc) == plain.reset().convert(doc)
    assert pruned.treeprocessors["inline"].inlinePatterns is pruned.inlinePatterns  # given back after each


# Every trigger Python-Markdown's inline and block syntax has, and text around them.
PIECES = st.sampled_from([
    "同志们", "双联", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "\\[", "[", "]", "(",
    ")", "![", "](", "[x](http://a.cn \"t\")", "[x][r]", "[r]", "\n\n[r]: http://r.cn\n\n", "<http://a.cn>",
    "<a@b.cn>", "<span>", "</span>", "<b>x</b>", "&amp;", "&#42;", "&", ";", "|", "| a | b |\n|---|---|\n| 1 | 2 |",
    "\n- ", "\n1. ", "\n# ", "\n## 标题 {: #h }", "{: #p1 }", "\n??? info \"关于\"\n    - 项\n", "\n    ", "> ",
    "---", "<div>\n块\n</div>", "\n\n<p class=\"speech-meta\">\n<span>x</span>\n</p>\n\n",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=25).map("".join))
def test_any_markdown_renders_the_same(text: str) -> None:
    assert convert(text, prune=True) == convert(text, prune=False)


def test_a_pattern_it_does_not_know_always_runs() -> None:
    class Shout(InlineProcessor):
        def handleMatch(self, m: Any, data: str) -> tuple[etree.Element, int, int]:  # noqa: N802
            el = etree.Element("strong")
            el.text = m.group(1)
            return el, m.start(0), m.end(0)

    class ShoutExtension(markdown.Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
            md.inlinePatterns.register(Shout(r"!!(\w+)!!", md), "shout", 175)

    assert needed(Shout(r"!!(\w+)!!"), "纯文字", has_references=False)
    html = markdown.markdown("喊 !!口号!! 一声", extensions=[ShoutExtension(), PruneExtension()])
    assert html == "<p>喊 <strong>口号</strong> 一声</p>"


def test_plain_text_runs_only_what_it_needs() -> None:
    md = markdown.Markdown(extensions=[PruneExtension()])
    seen: list[int] = []
    inline = md.treeprocessors["inline"]
    run = inline.run

    def spy(tree: etree.Element, *args: Any, **kwargs: Any) -> Any:
        seen.append(len(inline.inlinePatterns))
        return run(tree, *args, **kwargs)

    inline.run = spy  # type: ignore[method-assign]
    md.convert("同志们：今天我们召开会议。")
    md.reset().convert("[双联](glossary.md) 与 *强调* 与 `代码`")
    assert seen[0] == 0 < seen[1] < len(md.inlinePatterns)


@pytest.mark.parametrize("text", ["a | b\n--|--\n1 | 2", "| 单列 |\n|---|\n| 值 |", "没有竖线\n---"])
def test_tables_still_found(text: str) -> None:
    assert convert(text, prune=True) == convert(text, prune=False)
