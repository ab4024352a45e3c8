"""The site's navigation, small on every page at any number of speeches.

Material renders the nav into every page; with ``navigation.prune`` only the open section's items are
rendered. So the speeches are grouped into sections (by year, then kind, then month, then runs of at
most ``cap``), and a group is split only while it holds more than ``cap`` speeches: a page carries the
years plus one section of at most ``cap`` speeches, whatever the corpus size. Same input, same nav.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from .records import Outline
from .render import KIND_LABELS, nav_title, speech_path

NavItem = dict[str, object] | str

CAP = 40  # at most this many speeches in one nav section
UNDATED = "未注明日期"


@dataclass(frozen=True, slots=True)
class Splitter:
    """A way to cut a too-large group into labelled sections: key(outline) -> (sort key, label)."""

    name: str
    key: Callable[[Outline], tuple[object, str]]


def _year(o: Outline) -> tuple[object, str]:
    date = o.speech.meta.date
    # Oldest first, as the speeches are read (and as the footer's previous/next follow); undated last.
    return ((1, 0), UNDATED) if not date else ((0, int(date[:4])), f"{date[:4]}年")


def _kind(o: Outline) -> tuple[object, str]:
    kind = o.speech.meta.kind
    return (list(KIND_LABELS).index(kind) if kind in KIND_LABELS else len(KIND_LABELS), KIND_LABELS.get(kind, kind))


def _month(o: Outline) -> tuple[object, str]:
    date = o.speech.meta.date
    if not date or len(date) < 7:
        return (99, "月份不详")
    return (int(date[5:7]), f"{int(date[5:7])}月")


# Tried in this order on any group larger than CAP; after the last, the group is cut into runs.
SPLITTERS: tuple[Splitter, ...] = (
    Splitter("year", _year),
    Splitter("kind", _kind),
    Splitter("month", _month),
)


def title(o: Outline) -> str:
    """The nav title of a speech: its title, or its file name when cleaning found none.

    Titles are seed text and Material treats nav titles as HTML: always escaped (``nav_title``), never raw.
    """
    return nav_title(o.speech.meta.title) or nav_title(PurePosixPath(o.speech.meta.source).stem) or "—"


def _leaf(o: Outline) -> NavItem:
    return {title(o): speech_path(o.speech.meta.source)}


def _group(outlines: Sequence[Outline], splitters: Sequence[Splitter], cap: int) -> list[NavItem]:
    """Nav items for a group in reading order: leaves when small enough, else labelled sections."""
    if len(outlines) <= cap:
        return [_leaf(o) for o in outlines]
    if not splitters:
        # Runs of at most cap, labelled by position: 第1–40篇.
        return [
            {f"第{i + 1}–{min(i + cap, len(outlines))}篇": [_leaf(o) for o in outlines[i : i + cap]]}
            for i in range(0, len(outlines), cap)
        ]
    first, rest = splitters[0], splitters[1:]
    buckets: dict[str, tuple[object, list[Outline]]] = {}
    for o in outlines:
        order, label = first.key(o)
        buckets.setdefault(label, (order, []))[1].append(o)
    if len(buckets) == 1:
        return _group(outlines, rest, cap)  # this splitter tells them apart no better
    ordered = sorted(buckets.items(), key=lambda kv: (kv[1][0], kv[0]))
    return [{label: _group(group, rest, cap)} for label, (_, group) in ordered]


def speech_sections(outlines: Sequence[Outline], cap: int = CAP) -> list[NavItem]:
    """The speeches' nav: a flat list up to ``cap`` speeches; beyond, sections by year, then kind, then month,
    then runs, each split only where it would hold more than ``cap`` speeches."""
    if cap < 1:
        raise ValueError("cap must be at least 1")
    return _group(list(outlines), SPLITTERS, cap)


def nav_items(outlines: Sequence[Outline], cap: int = CAP) -> list[NavItem]:
    """Home, the speeches (their index page, then sections), the glossary: MkDocs's ``nav`` form."""
    # Every page titled here: no title then depends on rendering a page (its first heading), which workers
    # rendering pages ahead could not see across pages.
    speeches: list[NavItem] = [{"讲话": "speeches/index.md"}, *speech_sections(outlines, cap)]
    return [{"首页": "index.md"}, {"讲话": speeches}, {"提法词表": "glossary.md"}]
