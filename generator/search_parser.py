"""Material's search parser, faster on the plain HTML that Python-Markdown writes.

Material's search plugin splits each page's HTML into sections with ``Parser``, an ``html.parser.HTMLParser``
subclass: 2.6 s for the 1,003 pages of a 1,000-speech site, more than segmenting their text takes.
``FastParser`` gives the same sections, with the same titles, texts, ids and depths, in 0.77 s. It reads the
HTML with one regex and re-enacts Parser's callbacks on plain strings.

It does so only when the HTML keeps to a subset where that re-enactment matches:
- every ``<`` opens a tag of the strict form ``<name a="v" b>`` or ``</name>``, with lowercase names and
  double-quoted values;
- no element whose content HTMLParser reads as raw text or Parser skips (``script``, ``style``, ``object``,
  ``title``, ``textarea`` and the like, ``_RAW``);
- no ``data-search-exclude`` attribute and no ``class="linenodiv"``, which make Parser skip elements.

Python-Markdown's own output keeps to it; raw HTML in a page may not (the glossary's chart is an SVG with a
``<title>``). Any other HTML goes to Material's Parser unchanged, so the index is the same for every page.
``tests/test_search_parser.py`` compares the two on the site's pages and on generated HTML.

Parser compares its elements by tag name alone (``Element.__eq__``), so a stack of tag names gives the same
answers as its stack of elements.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import Element, Parser, Section, void

# One alternative per event: a strict start tag (name, attributes, "/"), a strict end tag, text, or a stray
# "<" that the subset does not allow (then Material's Parser reads the page).
_TOKEN = re.compile(
    r'<([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9_.:-]*(?:="[^"]*")?)*)\s*(/?)>|</([a-z][a-z0-9]*)>|([^<]+)|(<)', re.ASCII
)
_ATTR = re.compile(r'\s+([a-z][a-z0-9_.:-]*)(?:="([^"]*)")?', re.ASCII)
# Elements whose content HTMLParser or Parser do not read as plain markup (raw text, skipped).
_RAW = frozenset(("script", "style", "object", "textarea", "title", "plaintext", "xmp", "iframe", "noembed",
                  "noframes", "noscript"))
_HEADINGS = frozenset(f"h{x}" for x in range(1, 7))
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
_VOID = frozenset(void)


def _value(v: str | None) -> str | None:
    return v if v is None or "&" not in v else unescape(v)


def _tokens(html: str) -> list[tuple[Any, ...]] | None:
    """The callbacks HTMLParser(convert_charrefs=True) would make for ``html``, or None outside the subset.

    ``(None, text)``, ``(tag, attrs, closed)`` for a start tag (``closed``: ``<tag/>``, which HTMLParser
    reports as a start tag then an end tag) and ``("", tag)`` for an end tag. Attributes are read only
    where Parser reads them (headings, links); elsewhere they are ``None``.
    """
    if "data-search-exclude" in html or "linenodiv" in html:
        return None
    out: list[tuple[Any, ...]] = []
    for m in _TOKEN.finditer(html):
        tag, attrs, closed, end, text, stray = m.groups()
        if text is not None:
            out.append((None, unescape(text) if "&" in text else text))
        elif tag is not None:
            if tag in _RAW:
                return None
            read = tag == "a" or tag in _HEADINGS
            out.append((tag, {a.group(1): _value(a.group(2)) for a in _ATTR.finditer(attrs)} if read else None, closed))
        elif end is not None:
            if end in _RAW:
                return None
            out.append(("", end))
        else:
            return None
    return out


class FastParser(Parser):  # type: ignore[misc]
    """A drop-in ``Parser``: the same ``data`` after ``feed`` and ``close``, faster for Python-Markdown's HTML."""

    def feed(self, data: str) -> None:
        tokens = _tokens(data) if not self.rawdata and not self.data else None
        if tokens is None:
            super().feed(data)
        else:
            self._replay(tokens)

    def _replay(self, tokens: list[tuple[Any, ...]]) -> None:
        # Parser's handle_data, handle_starttag and handle_endtag, in that order below, with its skip list
        # (always empty in the subset) left out. `tags` is Parser's context as tag names; `links` says for
        # each whether it is an <a class="headerlink">.
        tags: list[str] = []
        links: list[bool] = []
        data: list[Any] = self.data
        section: Any = None
        for token in tokens:
            tag = token[0]
            if tag is None:
                text = token[1]
                if "pre" not in tags:
                    text = text.replace("\n", " ") if not text.isspace() else " "
                if section is None:
                    section = Section(Element("hx"))
                    data.append(section)
                if section.el.tag in tags:
                    if True not in links:
                        section.title.append(escape(text, quote=False))
                elif text.isspace():
                    if not section.text or not section.text[-1].isspace() or "pre" in tags:
                        section.text.append(text)
                else:
                    section.text.append(escape(text, quote=False))
                continue
            if tag:  # a start tag; <tag/> is a start tag, then an end tag
                attrs = token[1]
                if tag not in _VOID:
                    tags.append(tag)
                    links.append(tag == "a" and attrs.get("class") == "headerlink")
                    if tag in _HEADINGS and "id" in attrs:
                        depth = len(tags)
                        if tag != "h1" and not data:
                            section = Section(Element("hx"), depth)
                            data.append(section)
                        section = Section(Element(tag, attrs), depth)
                        if data:
                            section.id = attrs["id"]
                        data.append(section)
                    if section is None:
                        section = Section(Element("hx"))
                        data.append(section)
                    if tag in _KEEP:
                        (section.title if section.el.tag in tags else section.text).append(f"<{tag}>")
                if not token[2]:
                    continue
            else:
                tag = token[1]
            if not tags or tags[-1] != tag:
                continue
            if section.depth > len(tags):
                for earlier in reversed(data):
                    if earlier.depth <= len(tags):
                        section.depth = float("inf")
                        section = earlier
                        break
            tags.pop()
            links.pop()
            if tag in _KEEP:
                target = section.title if section.el.tag in tags else section.text
                index = target.index(f"<{tag}>")
                for i in range(index + 1, len(target)):
                    if not target[i].isspace():
                        index = len(target)
                        break
                if len(target) > index:
                    del target[index:]
                else:
                    target.append(f"</{tag}>")
        self.section = section
        self.context = [Element(tag) for tag in tags]
